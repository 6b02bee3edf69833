//! `seatplan quote`: price every plan for a prospect (daily volume, service hours, AHT, ...)
//! or an existing shop (`DIR --shop ID`), with margins, break-evens and a recommendation.

use super::Format;
use crate::io::{load_scenario, parse_service_hours, read_calendar, read_prices, read_rules};
use crate::model::{
    BillingPlan, Calendar, Channel, Contract, PoolMode, PriceBook, Rules, Scenario, Shop, WageBasis,
};
use crate::price::{
    prospect_week, quote, shared_pool_share, ClientSpec, CrossingKind, PeakDay, Quote,
    QuoteContext, QuoteError,
};
use crate::schedule::{SolveOptions, HOURS};
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Prospect defaults when a flag is not given.
const DEFAULT_AHT: f64 = 180.0;
const DEFAULT_CONCURRENCY: u32 = 3;
const DEFAULT_ORDER_VALUE: f64 = 150.0;
const DEFAULT_CONVERSION: f64 = 0.2;
const DEFAULT_NEW_SHARE: f64 = 0.6;
const DEFAULT_WAGE: f64 = 4500.0;

/// Arguments of `seatplan quote`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct QuoteArgs {
    /// Scenario directory: with --shop, the existing client's scenario (default data/demo);
    /// for a prospect, where rules.toml, prices.toml and calendar.csv are taken from.
    pub dir: Option<PathBuf>,
    /// Quote an existing shop of the scenario (its last history week of demand).
    #[arg(long)]
    pub shop: Option<String>,
    /// Prospect: daily average inquiries (with --shop: rescale the shop's week to this).
    #[arg(long)]
    pub daily_inquiries: Option<f64>,
    /// Prospect: service hours, `HH:00-HH:00` (e.g. 08:00-24:00, 09:00-01:00) or `24h`.
    #[arg(long)]
    pub service_hours: Option<String>,
    /// Average handle time of a chat handled alone, seconds [prospect default 180].
    #[arg(long)]
    pub aht: Option<f64>,
    /// Chats an agent holds at once [prospect default 3].
    #[arg(long)]
    pub concurrency: Option<u32>,
    /// Service level `TARGET/SECONDS`, e.g. 0.8/30 [prospect default 0.8/30].
    #[arg(long)]
    pub sla: Option<String>,
    /// Mean customer patience, seconds (Erlang A; none = customers never abandon).
    #[arg(long)]
    pub patience: Option<f64>,
    /// Average order value, CNY [prospect default 150].
    #[arg(long)]
    pub order_value: Option<f64>,
    /// Share of inquiries that become an order [prospect default 0.2].
    #[arg(long)]
    pub conversion: Option<f64>,
    /// Platform: taobao, tmall, jd, pinduoduo, douyin, other [prospect default taobao].
    #[arg(long)]
    pub platform: Option<String>,
    /// Share of inquiries from new customers [prospect default 0.6; shops: from history].
    #[arg(long)]
    pub new_share: Option<f64>,
    /// Monthly salary of a new full-time agent, CNY [prospect default 4500; shops: the
    /// pool's full-time average].
    #[arg(long)]
    pub wage: Option<f64>,
    /// Shrinkage in [0, 1) [default: rules.toml; shops: their pool's].
    #[arg(long)]
    pub shrinkage: Option<f64>,
    /// Promotion day to quote temporary seats for, `DATE:UPLIFT` (e.g. 2025-10-01:2.5);
    /// repeatable.
    #[arg(long = "peak-day", value_name = "DATE:UPLIFT")]
    pub peak_days: Vec<String>,
    /// Holiday calendar for peak days (calendar.csv or `date,kind,name`) [default: DIR's
    /// calendar.csv, else data/calendars/cn_holidays.csv].
    #[arg(long)]
    pub calendar: Option<PathBuf>,
    /// Price book [default: DIR's prices.toml, else data/demo/prices.toml].
    #[arg(long)]
    pub prices: Option<PathBuf>,
    /// Labour rules and shifts [default: DIR's rules.toml, else data/demo/rules.toml].
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn load_prices(path: &Path) -> Result<PriceBook> {
    let mut problems = Vec::new();
    let name = path.display().to_string();
    read_prices(&name, &read_text(path)?, &mut problems)
        .filter(|_| problems.is_empty())
        .ok_or_else(|| crate::io::InputError { problems }.into())
}

fn load_rules(path: &Path) -> Result<Rules> {
    let mut problems = Vec::new();
    let name = path.display().to_string();
    read_rules(&name, &read_text(path)?, &mut problems)
        .filter(|_| problems.is_empty())
        .ok_or_else(|| crate::io::InputError { problems }.into())
}

/// Reads a calendar in `calendar.csv` format or the `date,kind,name` format of
/// `data/calendars/cn_holidays.csv`.
fn load_calendar(path: &Path) -> Result<Calendar> {
    let text = read_text(path)?;
    let text = match text.split_once('\n') {
        Some((head, rest)) if head.split(',').next().map(str::trim) == Some("date") => {
            format!("{}\n{rest}", head.replacen("date", "start", 1))
        }
        _ => text,
    };
    let mut problems = Vec::new();
    let cal = read_calendar(
        &path.display().to_string(),
        &text,
        &HashSet::new(),
        &mut problems,
    );
    if problems.is_empty() {
        Ok(cal)
    } else {
        Err(crate::io::InputError { problems }.into())
    }
}

fn finite(name: &str, v: f64, ok: impl Fn(f64) -> bool, expected: &str) -> Result<f64> {
    if v.is_finite() && ok(v) {
        Ok(v)
    } else {
        Err(usage(format!("--{name} {v}: expected {expected}")))
    }
}

/// Parses `0.8/30`.
fn parse_sla(raw: &str) -> Result<(f64, f64)> {
    let err = || {
        usage(format!(
            "--sla '{raw}': expected TARGET/SECONDS with a target in (0, 1] and seconds ≥ 0, e.g. 0.8/30"
        ))
    };
    let (t, s) = raw.split_once('/').ok_or_else(err)?;
    let t: f64 = t.trim().parse().map_err(|_| err())?;
    let s: f64 = s.trim().parse().map_err(|_| err())?;
    if !(t > 0.0 && t <= 1.0 && s.is_finite() && s >= 0.0) {
        return Err(err());
    }
    Ok((t, s))
}

fn parse_peak(raw: &str) -> Result<PeakDay> {
    let err = || {
        usage(format!(
            "--peak-day '{raw}': expected DATE:UPLIFT, e.g. 2025-10-01:2.5 (uplift in [0, 100])"
        ))
    };
    let (d, u) = raw.rsplit_once(':').ok_or_else(err)?;
    let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| err())?;
    let uplift: f64 = u.trim().parse().map_err(|_| err())?;
    if !(uplift.is_finite() && (0.0..=100.0).contains(&uplift)) {
        return Err(err());
    }
    Ok(PeakDay { date, uplift })
}

/// The shop's typical week: the last history week, rotated so that index 0 is a Monday
/// 00:00. (Switch to the forecast by replacing this function's source.)
fn shop_weeks(s: &Scenario) -> Result<BTreeMap<String, Vec<f64>>> {
    let d = super::size::last_history_week(s)?;
    let back = d.start.date().weekday().num_days_from_monday() as usize;
    let shift = (7 - back) % 7 * 24;
    Ok(s.shops
        .iter()
        .map(|shop| {
            let v: Vec<f64> = (0..HOURS)
                .map(|i| d.at(&shop.id, (i + shift) % HOURS))
                .collect();
            (shop.id.clone(), v)
        })
        .collect())
}

/// Share of new customers in the shop's last four weeks of history (when split).
fn history_new_share(s: &Scenario, shop: &str) -> Option<f64> {
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
fn pool_wage(s: &Scenario, pool: &str) -> Option<f64> {
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

fn quote_error(e: QuoteError) -> Error {
    match e {
        QuoteError::Queueing(q) => Error::Queueing(q),
        other => usage(other.to_string()),
    }
}

/// Applies the shop-level overrides of the command line.
fn apply_overrides(a: &QuoteArgs, shop: &mut Shop) -> Result<()> {
    if let Some(v) = a.aht {
        shop.aht_seconds = finite("aht", v, |x| x > 0.0 && x <= 7200.0, "seconds in (0, 7200]")?;
    }
    if let Some(c) = a.concurrency {
        if c == 0 {
            return Err(usage("--concurrency 0: expected at least 1 chat"));
        }
        shop.concurrency = c;
    }
    if let Some(s) = &a.sla {
        (shop.sla_target, shop.sla_seconds) = parse_sla(s)?;
    }
    if let Some(p) = a.patience {
        shop.patience_seconds = Some(finite("patience", p, |x| x > 0.0, "seconds > 0")?);
    }
    if let Some(v) = a.order_value {
        shop.order_value = finite("order-value", v, |x| x >= 0.0, "CNY ≥ 0")?;
    }
    if let Some(v) = a.conversion {
        shop.conversion = finite(
            "conversion",
            v,
            |x| (0.0..=1.0).contains(&x),
            "a share in [0, 1]",
        )?;
    }
    if let Some(p) = &a.platform {
        shop.platform = crate::model::Platform::parse(p).ok_or_else(|| {
            usage(format!(
                "--platform '{p}': expected taobao, tmall, jd, pinduoduo, douyin or other"
            ))
        })?;
    }
    Ok(())
}

/// Builds the quote the arguments ask for.
pub fn compute(a: &QuoteArgs) -> Result<Quote> {
    let peak_days = a
        .peak_days
        .iter()
        .map(|p| parse_peak(p))
        .collect::<Result<Vec<_>>>()?;
    let new_share = a
        .new_share
        .map(|v| {
            finite(
                "new-share",
                v,
                |x| (0.0..=1.0).contains(&x),
                "a share in [0, 1]",
            )
        })
        .transpose()?;
    let wage = a
        .wage
        .map(|v| finite("wage", v, |x| x > 0.0, "CNY per month > 0"))
        .transpose()?;
    let shrinkage = a
        .shrinkage
        .map(|v| {
            finite(
                "shrinkage",
                v,
                |x| (0.0..1.0).contains(&x),
                "a share in [0, 1)",
            )
        })
        .transpose()?;
    let daily = a
        .daily_inquiries
        .map(|v| {
            finite(
                "daily-inquiries",
                v,
                |x| x > 0.0 && x <= 1e6,
                "inquiries per day in (0, 1,000,000]",
            )
        })
        .transpose()?;
    let solve = SolveOptions {
        time_limit_seconds: 5.0,
        mip_rel_gap: 0.0,
    };
    match &a.shop {
        Some(id) => {
            if a.service_hours.is_some() {
                return Err(usage(
                    "--service-hours applies to prospects; an existing shop's hours come from shops.csv",
                ));
            }
            let dir = a.dir.clone().unwrap_or_else(|| PathBuf::from("data/demo"));
            let mut s = load_scenario(&dir)?;
            if let Some(p) = &a.prices {
                s.prices = load_prices(p)?;
            }
            if let Some(r) = &a.rules {
                s.rules = load_rules(r)?;
            }
            let calendar = match &a.calendar {
                Some(c) => load_calendar(c)?,
                None => s.calendar.clone(),
            };
            let mut shop = s.shop(id).cloned().ok_or_else(|| {
                let ids: Vec<&str> = s.shops.iter().map(|x| x.id.as_str()).collect();
                usage(format!(
                    "no shop '{id}' in {}; shops: {}",
                    dir.display(),
                    ids.join(", ")
                ))
            })?;
            apply_overrides(a, &mut shop)?;
            let pool = s
                .pool(&shop.pool)
                .cloned()
                .ok_or_else(|| usage(format!("shop '{id}' has no pool")))?;
            let mut weeks = shop_weeks(&s)?;
            let mut week = weeks.get(id).cloned().unwrap_or_else(|| vec![0.0; HOURS]);
            if let Some(d) = daily {
                let now = week.iter().sum::<f64>() / 7.0;
                if now <= 0.0 {
                    return Err(usage(format!(
                        "shop '{id}' has no inquiries in its last history week to rescale"
                    )));
                }
                week.iter_mut().for_each(|x| *x *= d / now);
                weeks.insert(id.clone(), week.clone());
            }
            let wage = wage
                .or_else(|| pool_wage(&s, &pool.id))
                .unwrap_or(DEFAULT_WAGE);
            let shared_pool = if pool.mode == PoolMode::Shared {
                Some(
                    shared_pool_share(&s, &pool.id, id, &weeks, wage, solve)
                        .map_err(quote_error)?,
                )
            } else {
                None
            };
            let client = ClientSpec {
                new_share: new_share
                    .or_else(|| history_new_share(&s, id))
                    .unwrap_or(DEFAULT_NEW_SHARE),
                shrinkage: shrinkage.unwrap_or_else(|| s.shrinkage(&pool)),
                shop,
                existing: true,
                week,
                wage_monthly: wage,
                peak_days,
                shared_pool,
            };
            let ctx = QuoteContext {
                rules: &s.rules,
                book: &s.prices,
                calendar: &calendar,
                solve,
                break_even: true,
            };
            quote(&ctx, &client).map_err(quote_error)
        }
        None => {
            let daily = daily.ok_or_else(|| {
                usage("a prospect needs --daily-inquiries N and --service-hours HH:00-HH:00 (or pass --shop ID for an existing client)")
            })?;
            let hours_raw = a.service_hours.as_deref().ok_or_else(|| {
                usage("a prospect needs --service-hours, e.g. 08:00-24:00 or 24h")
            })?;
            let service_hours = parse_service_hours(hours_raw)
                .map_err(|e| usage(format!("--service-hours: {e}")))?;
            let from_dir = |name: &str, fallback: &str| -> PathBuf {
                match &a.dir {
                    Some(d) => d.join(name),
                    None => PathBuf::from(fallback),
                }
            };
            let prices_path = a
                .prices
                .clone()
                .unwrap_or_else(|| from_dir("prices.toml", "data/demo/prices.toml"));
            let rules_path = a
                .rules
                .clone()
                .unwrap_or_else(|| from_dir("rules.toml", "data/demo/rules.toml"));
            let book = load_prices(&prices_path)?;
            let rules = load_rules(&rules_path)?;
            let calendar = match &a.calendar {
                Some(c) => load_calendar(c)?,
                None => {
                    let p = from_dir("calendar.csv", "data/calendars/cn_holidays.csv");
                    if p.exists() {
                        load_calendar(&p)?
                    } else {
                        Calendar::default()
                    }
                }
            };
            let mut shop = Shop {
                id: "prospect".into(),
                name: format!("Prospect ({daily}/day)"),
                platform: crate::model::Platform::Taobao,
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
            };
            apply_overrides(a, &mut shop)?;
            let client = ClientSpec {
                week: prospect_week(daily, service_hours),
                shop,
                existing: false,
                shrinkage: shrinkage.unwrap_or(rules.sizing.shrinkage),
                new_share: new_share.unwrap_or(DEFAULT_NEW_SHARE),
                wage_monthly: wage.unwrap_or(DEFAULT_WAGE),
                peak_days,
                shared_pool: None,
            };
            let ctx = QuoteContext {
                rules: &rules,
                book: &book,
                calendar: &calendar,
                solve,
                break_even: true,
            };
            quote(&ctx, &client).map_err(quote_error)
        }
    }
}

/// `12345.6` → `12,346`.
fn cny(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let neg = x < 0.0;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if neg && digits != "0" {
        format!("-{out}")
    } else {
        out
    }
}

fn pct(m: Option<f64>) -> String {
    m.map_or("-".into(), |m| format!("{:.1}%", 100.0 * m))
}

/// The readable report of a quote.
pub fn render(q: &Quote) -> String {
    let mut s = String::new();
    let v = &q.volume;
    let _ = writeln!(
        s,
        "Quote: {} ({}) — {}, {}, {:.0} inquiries/day ({} a month), AHT {:.0} s, {} chats, SLA {}",
        q.client,
        q.name,
        q.platform,
        q.service_hours,
        v.daily_inquiries,
        cny(q.monthly_inquiries),
        q.aht_seconds,
        q.concurrency,
        q.sla
    );
    let _ = writeln!(
        s,
        "Sales closed: {} CNY/month (conversion {:.0}%, order value {:.0}); new customers {:.0}%",
        cny(q.monthly_sales),
        100.0 * v.conversion,
        v.order_value,
        100.0 * v.new_share
    );
    let _ = writeln!(s, "\nSeats by hour of day (most over the week's days)");
    let _ = writeln!(
        s,
        "{:>4} {:>8} {:>9} {:>10}",
        "hour", "inq/h", "required", "scheduled"
    );
    for h in q
        .hours
        .iter()
        .filter(|h| h.scheduled > 0 || h.inquiries > 0.0)
    {
        let _ = writeln!(
            s,
            "{:>4} {:>8.1} {:>9} {:>10}",
            format!("{:02}", h.hour),
            h.inquiries,
            h.required,
            h.scheduled
        );
    }
    let shifts: Vec<String> = q
        .crew
        .by_template
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    let _ = writeln!(
        s,
        "Week: {} required seat-h, {} scheduled seat-h; shifts/week: {}",
        q.required_seat_hours_week,
        q.scheduled_seat_hours_week,
        shifts.join(", ")
    );
    if q.short_seat_hours_week > 0.0 {
        let _ = writeln!(
            s,
            "  {:.0} seat-h/week not coverable by the full-time shift templates",
            q.short_seat_hours_week
        );
    }
    let _ = writeln!(
        s,
        "Seats to hire: {} ({} on the night rotation) — {} shifts, {:.0} paid h/week = {:.1} FTE",
        q.crew.seats, q.crew.night_seats, q.crew.shifts, q.crew.paid_hours, q.dedicated.fte
    );
    let _ = writeln!(
        s,
        "\nMonthly cost to serve (CNY)   {:>12} {:>12}",
        "dedicated", "shared"
    );
    for ((label, d), (_, sh)) in q
        .dedicated
        .monthly
        .lines()
        .iter()
        .zip(q.shared.monthly.lines().iter())
    {
        if d.abs() < 0.5 && sh.abs() < 0.5 {
            continue;
        }
        let _ = writeln!(s, "  {label:<27} {:>12} {:>12}", cny(*d), cny(*sh));
    }
    let _ = writeln!(
        s,
        "  {:<27} {:>12} {:>12}",
        "total",
        cny(q.dedicated.monthly_total),
        cny(q.shared.monthly_total)
    );
    let _ = writeln!(
        s,
        "  FTE {:.1} / {:.1}; one-off training of the dedicated hires: {} CNY",
        q.dedicated.fte,
        q.shared.fte,
        cny(q.dedicated.training_one_off)
    );
    let _ = writeln!(s, "  dedicated: {}", q.dedicated.basis);
    let _ = writeln!(s, "  shared:    {}", q.shared.basis);
    let _ = writeln!(
        s,
        "\nPlans (target margin {:.0}%; ! = under target, * = current plan)",
        100.0 * q.target_margin
    );
    let _ = writeln!(
        s,
        "  {:<16} {:>10} {:>10} {:>10} {:>8} {:>12}  how",
        "plan", "price/mo", "served by", "cost/mo", "margin", "for target"
    );
    for p in &q.plans {
        let flag = match (p.meets_target, p.current) {
            (false, true) => "!*",
            (false, false) => "! ",
            (true, true) => " *",
            (true, false) => "  ",
        };
        let _ = writeln!(
            s,
            "{flag}{:<16} {:>10} {:>10} {:>10} {:>8} {:>12}  {}",
            p.plan.as_str(),
            cny(p.price),
            p.delivery.as_str(),
            cny(p.cost),
            pct(p.margin),
            cny(p.price_for_target),
            p.detail
        );
    }
    let r = &q.recommendation;
    let _ = writeln!(
        s,
        "\nRecommendation: {} ({}), {} CNY/month, margin {} — {}",
        r.plan.as_str(),
        r.delivery.as_str(),
        cny(r.price),
        pct(r.margin),
        r.reason
    );
    let _ = writeln!(
        s,
        "\nBreak-even daily volumes over {}..{}/day ({} sizings, {} shift covers): '=' prices equal there; 'step' the order flips across a seat step or tier bound (prices below → at); → the plan cheaper above",
        q.break_even_range.0, q.break_even_range.1, q.break_even_sizings, q.break_even_covers
    );
    if q.break_evens.is_empty() {
        let _ = writeln!(s, "  none: the plans keep their order over the whole range");
    }
    let mut pairs: Vec<(BillingPlan, BillingPlan)> = Vec::new();
    for b in &q.break_evens {
        if !pairs.contains(&(b.plan_a, b.plan_b)) {
            pairs.push((b.plan_a, b.plan_b));
        }
    }
    for (pa, pb) in pairs {
        let items: Vec<String> = q
            .break_evens
            .iter()
            .filter(|b| b.plan_a == pa && b.plan_b == pb)
            .map(|b| match (b.kind, b.before) {
                (CrossingKind::Step, Some((xa, xb))) => format!(
                    "{:.1} step ({}/{} → {}/{}) → {}",
                    b.daily_volume,
                    cny(xa),
                    cny(xb),
                    cny(b.price_a),
                    cny(b.price_b),
                    b.cheaper_above.as_str()
                ),
                _ => format!(
                    "{:.1} = {} → {}",
                    b.daily_volume,
                    cny(b.price_a),
                    b.cheaper_above.as_str()
                ),
            })
            .collect();
        let _ = writeln!(
            s,
            "  {:<33} {}",
            format!("{} / {}", pa.as_str(), pb.as_str()),
            items.join("; ")
        );
    }
    if !q.peak_days.is_empty() {
        let _ = writeln!(s, "\nPeak days (temporary seats per person-day)");
        for p in &q.peak_days {
            let _ = writeln!(
                s,
                "{} {} {:<8} ×{:.1}: +{:.0} inquiries, {} temps, price {}{}, cost {} (pay ×{}), margin {}",
                if p.meets_target { " " } else { "!" },
                p.date,
                p.holiday.as_deref().unwrap_or("-"),
                p.uplift,
                p.extra_inquiries,
                p.temp_seats,
                cny(p.price),
                if p.surcharge { " (holiday surcharge)" } else { "" },
                cny(p.cost),
                p.pay_multiplier,
                pct(p.margin)
            );
        }
    }
    let _ = writeln!(s, "\nNotes:");
    for n in &q.notes {
        let _ = writeln!(s, "  - {n}");
    }
    s
}

/// Runs `seatplan quote`.
pub fn run(args: &QuoteArgs) -> Result<()> {
    let q = compute(args)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&q).unwrap_or_default()),
        Format::Text => print!("{}", render(&q)),
    }
    Ok(())
}
