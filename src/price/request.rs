//! A quote request as a sales rep states it — the flags of `seatplan quote`, the fields of the
//! web workspace's quote form — validated field by field and turned into the [`ClientSpec`] and
//! [`QuoteContext`] of [`quote`]. The CLI and `seatplan serve` both call [`quote_request`], so
//! no number of a quote has a second implementation.
//!
//! Two kinds of request:
//! - a **prospect**: `daily_inquiries` and `service_hours` (required) spread over the week by
//!   [`prospect_week`], with defaults for everything else ([`DEFAULT_AHT`], ...);
//! - an **existing shop** (`shop`): its last history week of demand (optionally rescaled to
//!   `daily_inquiries`), its pool's shrinkage and full-time wage, and for a shop in a shared
//!   pool its share of the pool's cost ([`shared_pool_share`]).
//!
//! No file access: the caller passes rules, price book, calendar and scenario ([`QuoteInputs`]).

use super::quote::{
    prospect_week, quote, shared_pool_share, ClientSpec, PeakDay, Quote, QuoteContext, QuoteError,
};
use crate::io::parse_service_hours;
use crate::model::{
    BillingPlan, Calendar, Channel, Contract, Demand, Platform, PoolMode, PriceBook, Rules,
    Scenario, Shop, WageBasis,
};
use crate::schedule::{SolveOptions, HOURS};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Prospect default: average handle time of a chat handled alone, seconds.
pub const DEFAULT_AHT: f64 = 180.0;
/// Prospect default: chats an agent holds at once.
pub const DEFAULT_CONCURRENCY: u32 = 3;
/// Prospect default: average order value, CNY.
pub const DEFAULT_ORDER_VALUE: f64 = 150.0;
/// Prospect default: share of inquiries that become an order.
pub const DEFAULT_CONVERSION: f64 = 0.2;
/// Default share of inquiries from new customers (prospects; shops without a split history).
pub const DEFAULT_NEW_SHARE: f64 = 0.6;
/// Default monthly salary of a new full-time agent, CNY.
pub const DEFAULT_WAGE: f64 = 4500.0;
/// Largest daily volume a quote accepts.
pub const MAX_DAILY_INQUIRIES: f64 = 1e6;

/// Shift-cover solver settings of every quote (small exact covers).
pub const QUOTE_SOLVE: SolveOptions = SolveOptions {
    time_limit_seconds: 5.0,
    mip_rel_gap: 0.0,
};

/// What a quote is asked for. Every field is optional; a prospect needs `daily_inquiries` and
/// `service_hours`, an existing shop needs `shop`. Field names are the `seatplan quote` flags
/// with `_` for `-`; values are as on the command line (`sla` = `"0.8/30"`, a peak day =
/// `"2025-11-11:6"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuoteRequest {
    /// Quote an existing shop of the scenario (its last history week of demand).
    pub shop: Option<String>,
    /// Prospect: daily average inquiries (with `shop`: rescale the shop's week to this).
    pub daily_inquiries: Option<f64>,
    /// Prospect: service hours, `HH:00-HH:00` or `24h`.
    pub service_hours: Option<String>,
    /// Average handle time, seconds.
    pub aht: Option<f64>,
    /// Chats an agent holds at once.
    pub concurrency: Option<u32>,
    /// Service level `TARGET/SECONDS`, e.g. `0.8/30`.
    pub sla: Option<String>,
    /// Mean customer patience, seconds (Erlang A).
    pub patience: Option<f64>,
    /// Average order value, CNY.
    pub order_value: Option<f64>,
    /// Share of inquiries that become an order.
    pub conversion: Option<f64>,
    /// Platform: taobao, tmall, jd, pinduoduo, douyin, other.
    pub platform: Option<String>,
    /// Share of inquiries from new customers.
    pub new_share: Option<f64>,
    /// Monthly salary of a new full-time agent, CNY.
    pub wage: Option<f64>,
    /// Shrinkage in [0, 1).
    pub shrinkage: Option<f64>,
    /// Promotion days `DATE:UPLIFT` to quote temporary seats for.
    pub peak_days: Vec<String>,
}

/// One field of a request that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Field name as in [`QuoteRequest`] (`daily_inquiries`).
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The command-line flag of the field (`--daily-inquiries`).
    pub fn flag(&self) -> String {
        match self.field.as_str() {
            "peak_days" => "--peak-day".into(),
            f => format!("--{}", f.replace('_', "-")),
        }
    }
}

/// Why a quote request was not answered.
#[derive(Debug, thiserror::Error)]
pub enum QuoteRequestError {
    /// Fields of the request are wrong (every one is listed).
    #[error("{}", render_fields(.0))]
    Fields(Vec<FieldError>),
    /// The quote engine failed on a valid request.
    #[error("{0}")]
    Quote(#[from] QuoteError),
}

fn render_fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.flag(), e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a quote is made under: labour rules, price book, the calendar naming peak days, and for
/// existing shops the scenario they belong to (whose rules and prices should be `rules` and
/// `book`).
#[derive(Debug, Clone, Copy)]
pub struct QuoteInputs<'a> {
    /// Labour rules and shift templates.
    pub rules: &'a Rules,
    /// Cost parameters and price points.
    pub book: &'a PriceBook,
    /// Calendar for peak days' holiday names and pay class.
    pub calendar: &'a Calendar,
    /// Scenario of existing shops (`None`: prospects only).
    pub scenario: Option<&'a Scenario>,
}

/// Collects field problems while reading a request.
#[derive(Default)]
struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// `v` if finite and `ok`, else a problem "expected …, got v".
    fn number(
        &mut self,
        field: &str,
        v: Option<f64>,
        ok: impl Fn(f64) -> bool,
        expected: &str,
    ) -> Option<f64> {
        let v = v?;
        if v.is_finite() && ok(v) {
            Some(v)
        } else {
            self.push(field, format!("expected {expected}, got {v}"));
            None
        }
    }
}

/// Parses `0.8/30` into (target, seconds).
pub fn parse_sla(raw: &str) -> Result<(f64, f64), String> {
    let err = || {
        format!(
            "'{raw}': expected TARGET/SECONDS with a target in (0, 1] and seconds ≥ 0, e.g. 0.8/30"
        )
    };
    let (t, s) = raw.split_once('/').ok_or_else(err)?;
    let t: f64 = t.trim().parse().map_err(|_| err())?;
    let s: f64 = s.trim().parse().map_err(|_| err())?;
    if !(t > 0.0 && t <= 1.0 && s.is_finite() && s >= 0.0) {
        return Err(err());
    }
    Ok((t, s))
}

/// Parses a peak day `DATE:UPLIFT`, e.g. `2025-10-01:2.5`.
pub fn parse_peak_day(raw: &str) -> Result<PeakDay, String> {
    let err = || format!("'{raw}': expected DATE:UPLIFT, e.g. 2025-10-01:2.5 (uplift in [0, 100])");
    let (d, u) = raw.rsplit_once(':').ok_or_else(err)?;
    let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| err())?;
    let uplift: f64 = u.trim().parse().map_err(|_| err())?;
    if !(uplift.is_finite() && (0.0..=100.0).contains(&uplift)) {
        return Err(err());
    }
    Ok(PeakDay { date, uplift })
}

/// The request's shop-level overrides applied to `shop`.
fn apply_overrides(req: &QuoteRequest, rules: &Rules, shop: &mut Shop, c: &mut Check) {
    if let Some(v) = c.number(
        "aht",
        req.aht,
        |x| x > 0.0 && x <= 7200.0,
        "seconds in (0, 7200]",
    ) {
        shop.aht_seconds = v;
    }
    if let Some(n) = req.concurrency {
        let max_c = rules.sizing.concurrency_factors.len().max(1) as u32;
        if (1..=max_c).contains(&n) {
            shop.concurrency = n;
        } else {
            c.push(
                "concurrency",
                format!(
                    "expected 1..{max_c} chats (one concurrency factor per chat in rules.toml), got {n}"
                ),
            );
        }
    }
    if let Some(s) = &req.sla {
        match parse_sla(s) {
            Ok((t, secs)) => (shop.sla_target, shop.sla_seconds) = (t, secs),
            Err(e) => c.push("sla", e),
        }
    }
    if let Some(p) = c.number("patience", req.patience, |x| x > 0.0, "seconds > 0") {
        shop.patience_seconds = Some(p);
    }
    if let Some(v) = c.number("order_value", req.order_value, |x| x >= 0.0, "CNY ≥ 0") {
        shop.order_value = v;
    }
    if let Some(v) = c.number(
        "conversion",
        req.conversion,
        |x| (0.0..=1.0).contains(&x),
        "a share in [0, 1]",
    ) {
        shop.conversion = v;
    }
    if let Some(p) = &req.platform {
        match Platform::parse(p) {
            Some(x) => shop.platform = x,
            None => c.push(
                "platform",
                format!("'{p}': expected taobao, tmall, jd, pinduoduo, douyin or other"),
            ),
        }
    }
}

/// The last full week of history (as `seatplan size --last-history-week`), each shop's 168
/// hours rotated so that index 0 is a Monday 00:00.
pub fn last_history_weeks(s: &Scenario) -> Option<BTreeMap<String, Vec<f64>>> {
    let (_, last) = s.history.span()?;
    let end = last.date().and_hms_opt(0, 0, 0).unwrap_or(last) + Duration::days(1);
    let start = end - Duration::hours(HOURS as i64);
    let d = Demand::from_history(&s.history, start, HOURS);
    let back = d.start.date().weekday().num_days_from_monday() as usize;
    let shift = (7 - back) % 7 * 24;
    Some(
        s.shops
            .iter()
            .map(|shop| {
                let v: Vec<f64> = (0..HOURS)
                    .map(|i| d.at(&shop.id, (i + shift) % HOURS))
                    .collect();
                (shop.id.clone(), v)
            })
            .collect(),
    )
}

/// Share of new customers in the shop's last four weeks of history (when split).
pub fn history_new_share(s: &Scenario, shop: &str) -> Option<f64> {
    let h = s.history.shops.get(shop)?;
    let (mut new, mut ret) = (0.0, 0.0);
    for o in h.observations.iter().rev().take(4 * HOURS) {
        if let (Some(n), Some(r)) = (o.new_customers, o.returning_customers) {
            new += n;
            ret += r;
        }
    }
    (new + ret > 0.0).then(|| new / (new + ret))
}

/// Average monthly salary of the full-time agents of `pool` (else of all full-timers).
pub fn pool_wage(s: &Scenario, pool: &str) -> Option<f64> {
    let avg = |only_pool: bool| {
        let w: Vec<f64> = s
            .agents
            .iter()
            .filter(|a| a.contract == Contract::FullTime && a.wage_basis == WageBasis::Month)
            .filter(|a| !only_pool || a.serves(pool))
            .map(|a| a.wage)
            .collect();
        (!w.is_empty()).then(|| w.iter().sum::<f64>() / w.len() as f64)
    };
    avg(true).or_else(|| avg(false))
}

/// The prospect every request starts from before its overrides.
fn prospect_shop(daily: f64, service_hours: crate::model::ServiceHours) -> Shop {
    Shop {
        id: "prospect".into(),
        name: format!("Prospect ({daily}/day)"),
        platform: Platform::Taobao,
        pool: "prospect".into(),
        channel: Channel::Chat,
        service_hours,
        aht_seconds: DEFAULT_AHT,
        concurrency: DEFAULT_CONCURRENCY,
        sla_target: 0.8,
        sla_seconds: 30.0,
        patience_seconds: None,
        order_value: DEFAULT_ORDER_VALUE,
        conversion: DEFAULT_CONVERSION,
        plan: BillingPlan::DedicatedSeat,
    }
}

fn fields<T>(c: Check, v: T) -> Result<T, QuoteRequestError> {
    if c.errors.is_empty() {
        Ok(v)
    } else {
        Err(QuoteRequestError::Fields(c.errors))
    }
}

/// Validates `req` (every wrong field is reported) and builds the client it asks a quote for.
///
/// # Errors
/// [`QuoteRequestError::Fields`] naming each wrong field; [`QuoteRequestError::Quote`] when
/// sizing a shared pool fails.
pub fn client_spec(
    req: &QuoteRequest,
    inputs: &QuoteInputs,
) -> Result<ClientSpec, QuoteRequestError> {
    let mut c = Check::default();
    let mut peak_days = Vec::new();
    for raw in &req.peak_days {
        match parse_peak_day(raw) {
            Ok(p) => peak_days.push(p),
            Err(e) => c.push("peak_days", e),
        }
    }
    let new_share = c.number(
        "new_share",
        req.new_share,
        |x| (0.0..=1.0).contains(&x),
        "a share in [0, 1]",
    );
    let wage = c.number("wage", req.wage, |x| x > 0.0, "CNY per month > 0");
    let shrinkage = c.number(
        "shrinkage",
        req.shrinkage,
        |x| (0.0..1.0).contains(&x),
        "a share in [0, 1)",
    );
    let daily = c.number(
        "daily_inquiries",
        req.daily_inquiries,
        |x| x > 0.0 && x <= MAX_DAILY_INQUIRIES,
        "inquiries per day in (0, 1,000,000]",
    );
    match &req.shop {
        Some(id) => {
            if req.service_hours.is_some() {
                c.push(
                    "service_hours",
                    "applies to prospects; an existing shop's hours come from shops.csv",
                );
            }
            let Some(s) = inputs.scenario else {
                c.push(
                    "shop",
                    format!("no scenario is loaded to find shop '{id}' in"),
                );
                return Err(QuoteRequestError::Fields(c.errors));
            };
            let Some(mut shop) = s.shop(id).cloned() else {
                let ids: Vec<&str> = s.shops.iter().map(|x| x.id.as_str()).collect();
                c.push(
                    "shop",
                    format!("no shop '{id}' in the scenario; shops: {}", ids.join(", ")),
                );
                return Err(QuoteRequestError::Fields(c.errors));
            };
            apply_overrides(req, inputs.rules, &mut shop, &mut c);
            let Some(pool) = s.pool(&shop.pool).cloned() else {
                c.push("shop", format!("shop '{id}' has no pool"));
                return Err(QuoteRequestError::Fields(c.errors));
            };
            let Some(mut weeks) = last_history_weeks(s) else {
                c.push("shop", "the scenario has no history to quote a shop from");
                return Err(QuoteRequestError::Fields(c.errors));
            };
            let mut week = weeks.get(id).cloned().unwrap_or_else(|| vec![0.0; HOURS]);
            if let Some(d) = daily {
                let now = week.iter().sum::<f64>() / 7.0;
                if now <= 0.0 {
                    c.push(
                        "daily_inquiries",
                        format!("shop '{id}' has no inquiries in its last history week to rescale"),
                    );
                } else {
                    week.iter_mut().for_each(|x| *x *= d / now);
                    weeks.insert(id.clone(), week.clone());
                }
            }
            fields(c, ())?;
            let wage = wage
                .or_else(|| pool_wage(s, &pool.id))
                .unwrap_or(DEFAULT_WAGE);
            let shared_pool = if pool.mode == PoolMode::Shared {
                Some(shared_pool_share(
                    s,
                    &pool.id,
                    id,
                    &weeks,
                    wage,
                    QUOTE_SOLVE,
                )?)
            } else {
                None
            };
            Ok(ClientSpec {
                new_share: new_share
                    .or_else(|| history_new_share(s, id))
                    .unwrap_or(DEFAULT_NEW_SHARE),
                shrinkage: shrinkage.unwrap_or_else(|| s.shrinkage(&pool)),
                shop,
                existing: true,
                week,
                wage_monthly: wage,
                peak_days,
                shared_pool,
            })
        }
        None => {
            if req.daily_inquiries.is_none() {
                c.push(
                    "daily_inquiries",
                    "a prospect needs --daily-inquiries N and --service-hours HH:00-HH:00 (or pass --shop ID for an existing client)",
                );
            }
            let service_hours = match req.service_hours.as_deref() {
                None => {
                    c.push(
                        "service_hours",
                        "a prospect needs --service-hours, e.g. 08:00-24:00 or 24h",
                    );
                    None
                }
                Some(raw) => match parse_service_hours(raw) {
                    Ok(h) => Some(h),
                    Err(e) => {
                        c.push("service_hours", e);
                        None
                    }
                },
            };
            let mut shop = prospect_shop(daily.unwrap_or(1.0), crate::model::ServiceHours::ALWAYS);
            apply_overrides(req, inputs.rules, &mut shop, &mut c);
            let (Some(daily), Some(service_hours)) = (daily, service_hours) else {
                return Err(QuoteRequestError::Fields(c.errors));
            };
            fields(c, ())?;
            shop.name = format!("Prospect ({daily}/day)");
            shop.service_hours = service_hours;
            Ok(ClientSpec {
                week: prospect_week(daily, service_hours),
                shop,
                existing: false,
                shrinkage: shrinkage.unwrap_or(inputs.rules.sizing.shrinkage),
                new_share: new_share.unwrap_or(DEFAULT_NEW_SHARE),
                wage_monthly: wage.unwrap_or(DEFAULT_WAGE),
                peak_days,
                shared_pool: None,
            })
        }
    }
}

/// Answers a quote request: [`client_spec`], then [`quote`] with break-evens under
/// [`QUOTE_SOLVE`] (what `seatplan quote` prints).
///
/// # Errors
/// As [`client_spec`], and any failure of the quote engine.
pub fn quote_request(req: &QuoteRequest, inputs: &QuoteInputs) -> Result<Quote, QuoteRequestError> {
    quote_request_with(req, inputs, true)
}

/// [`quote_request`] with or without the break-even search (the slowest step: one sizing per
/// probed volume); without it the quote's other figures are the same and `break_evens` is
/// empty.
///
/// # Errors
/// As [`quote_request`].
pub fn quote_request_with(
    req: &QuoteRequest,
    inputs: &QuoteInputs,
    break_even: bool,
) -> Result<Quote, QuoteRequestError> {
    let client = client_spec(req, inputs)?;
    let ctx = QuoteContext {
        rules: inputs.rules,
        book: inputs.book,
        calendar: inputs.calendar,
        solve: QUOTE_SOLVE,
        break_even,
    };
    Ok(quote(&ctx, &client)?)
}
