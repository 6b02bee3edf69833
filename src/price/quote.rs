//! The quote engine: from a client's week of demand to seats, cost, every plan's price and
//! margin, break-evens and a recommendation.
//!
//! Steps (all through the pipeline's own engines):
//! 1. **Seats by hour** — [`crate::size::size`] on a one-shop dedicated pool: the queueing
//!    engine with the rules' concurrency factors, occupancy cap, ASA/abandonment caps, one seat
//!    at least while open, and scheduled seats after shrinkage.
//! 2. **Seats to hire** — the least-cost cover of the scheduled seats by full-time shift
//!    templates ([`crate::schedule::shift_mix`]), staffed by [`crate::cost::crew_for_mix`]:
//!    each hire works 5 days / 40 h (7-day service needs 7/5 people per daily shift), night
//!    shifts on a night rotation. FTE = paid hours ÷ 40.
//! 3. **Cost to serve, dedicated** — [`crate::cost::roster_cost`] of the hires' typical week
//!    (no holidays) plus the year's statutory-holiday pay ([`crate::cost::statutory_expectation`],
//!    13 days), × 52/12. Training per new hire is one-off, shown apart.
//! 4. **Cost to serve, shared pool** — an existing shop in a shared pool: its inquiry share of
//!    the pool's cost (the pool sized on its pooled traffic, costed the same way;
//!    [`shared_pool_share`]). Otherwise the marginal cost of joining a large shared pool: the
//!    shop's workload in seats, `Σ arrivals × AHT / 3600 ÷ (effective agents per seat ×
//!    occupancy cap) ÷ (1 − shrinkage)` seat-hours, times the dedicated cover's shift-fit
//!    factor (paid hours ÷ scheduled seat-hours, ≥ 1), at the dedicated desk's cost per paid
//!    hour without idle hours.
//! 5. **Prices** of every plan ([`super::plan_price`]) with the desk's seats. Seat-priced plans
//!    (dedicated seat, base + commission) are served by the dedicated desk; volume-priced plans
//!    (commission, per inquiry, new/returning, package) by the cheaper option. Margin =
//!    (price − cost) ÷ price; under the target margin is flagged.
//! 6. **Recommendation** — the plan cheapest for the client among those that keep the target
//!    margin; if none does, the plan with the highest margin, flagged, with the price it
//!    would need (`cost ÷ (1 − target)`).
//! 7. **Break-evens** of every pair of plans over daily volumes `[1, max(1000, 3 × volume)]`
//!    (at most 20,000), the seats re-sized at each volume ([`super::breakeven`]; the shift
//!    cover is solved once per distinct hourly need).
//! 8. **Peak days** — temporary seats for promotion uplifts: the extra shifts per day the
//!    uplifted volume needs, priced per person-day with the holiday surcharge on the named
//!    holidays, costed at the temp day rate × the date's pay multiplier plus per-day overhead.

use super::breakeven::{break_evens, BreakEven};
use super::plans::{
    margin, plan_price, price_for_margin, seat_priced, temp_seats_price, Seats, Volume,
};
use crate::cost::{
    crew_for_mix, crew_size, roster_cost, statutory_expectation, CostCategories, CostError, Crew,
    CrewSpec, CrewSummary, STATUTORY_DAYS_PER_YEAR, WEEKS_PER_MONTH,
};
use crate::model::{
    BillingPlan, Calendar, Contract, DayKind, Demand, History, Platform, Pool, PoolMode, PriceBook,
    Rules, Scenario, Shop,
};
use crate::queueing::QueueingError;
use crate::schedule::{
    shift_mix, Mip, MixCount, MixLine, Slot, SolveError, SolveOptions, Week, HOURS,
};
use crate::size::concurrency_model;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Share of a normal day's chat inquiries by hour of day (0–23), from the reference set's
/// `hourly_profile_guess.csv`, column `share_normal_day` (a synthesis — GUESS — of JD order
/// peaks 10–11 h and 22–23 h, Alibaba's night report, the Taobao browsing peak 20:00–01:00,
/// Double-11 traffic and shop inquiry peaks 9–11/14–16/19–21; replace with a client's data).
pub const NORMAL_DAY_PROFILE: [f64; 24] = [
    0.025, 0.012, 0.006, 0.003, 0.002, 0.003, 0.008, 0.02, 0.04, 0.0599, 0.0699, 0.0649, 0.05,
    0.0549, 0.0619, 0.0619, 0.0579, 0.05, 0.045, 0.0549, 0.0679, 0.0719, 0.0649, 0.045,
];

/// Why a quote could not be made.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    /// The request is invalid.
    #[error("{0}")]
    Invalid(String),
    /// The queueing engine rejected the sizing.
    #[error("{0}")]
    Queueing(#[from] QueueingError),
    /// The shift cover failed.
    #[error("{0}")]
    Solver(#[from] SolveError),
    /// Costing failed.
    #[error("{0}")]
    Cost(#[from] CostError),
}

/// The week of demand of a prospect: `daily` inquiries every day, spread over the open hours of
/// `service` by [`NORMAL_DAY_PROFILE`] renormalised to those hours (inquiries are counted
/// while the desk is open). 168 values from Monday 00:00.
pub fn prospect_week(daily: f64, service: crate::model::ServiceHours) -> Vec<f64> {
    let open: f64 = (0..24)
        .filter(|&h| service.is_open(h))
        .map(|h| NORMAL_DAY_PROFILE[h as usize])
        .sum();
    (0..HOURS)
        .map(|i| {
            let h = (i % 24) as u32;
            if service.is_open(h) && open > 0.0 {
                daily * NORMAL_DAY_PROFILE[h as usize] / open
            } else {
                0.0
            }
        })
        .collect()
}

/// A promotion day quoted with temporary seats.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakDay {
    /// Date.
    pub date: NaiveDate,
    /// Volume multiple of a normal day (2.5 = two and a half times).
    pub uplift: f64,
}

/// An existing shop's share of its shared pool's cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedShare {
    /// Pool id.
    pub pool: String,
    /// The shop's share of the pool's inquiries.
    pub share: f64,
    /// The pool's monthly cost.
    pub pool_monthly: CostCategories,
    /// Hires the pool needs.
    pub pool_seats: u32,
    /// The pool's full-time equivalents.
    pub pool_fte: f64,
}

/// What a quote is for.
#[derive(Debug, Clone)]
pub struct ClientSpec {
    /// The shop: id, name, platform, service hours, AHT, concurrency, SLA, patience, order
    /// value, conversion; `plan` is the current plan of an existing shop.
    pub shop: Shop,
    /// Whether the shop is an existing client (its plan is marked current).
    pub existing: bool,
    /// Shrinkage of the desk, in [0, 1).
    pub shrinkage: f64,
    /// 168 hourly inquiries of a typical week, Monday 00:00 first.
    pub week: Vec<f64>,
    /// Share of inquiries from new customers.
    pub new_share: f64,
    /// Monthly salary of a new full-time hire, CNY.
    pub wage_monthly: f64,
    /// Promotion days to quote temporary seats for.
    pub peak_days: Vec<PeakDay>,
    /// For a shop in a shared pool: its share of the pool's cost ([`shared_pool_share`]).
    pub shared_pool: Option<SharedShare>,
}

/// Labour rules, price book and calendar a quote is made under.
#[derive(Debug, Clone, Copy)]
pub struct QuoteContext<'a> {
    /// Rules: sizing policy, shift templates, night rules, hours system.
    pub rules: &'a Rules,
    /// Cost parameters and price points.
    pub book: &'a PriceBook,
    /// Calendar for peak days' holiday names and pay class.
    pub calendar: &'a Calendar,
    /// Shift-cover solver settings.
    pub solve: SolveOptions,
    /// Whether to search break-even volumes (the slowest step: one sizing per probed volume).
    pub break_even: bool,
}

/// Seats by hour of day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HourRow {
    /// Hour of day.
    pub hour: u8,
    /// Mean inquiries in the hour over the week's days.
    pub inquiries: f64,
    /// Most seats required on the floor in the hour over the week's days.
    pub required: u32,
    /// Most seats scheduled (after shrinkage) in the hour.
    pub scheduled: u32,
}

/// Dedicated desk or shared pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// The shop's own agents.
    Dedicated,
    /// Cross-trained agents of a shared pool.
    Shared,
}

impl Delivery {
    /// Label.
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Dedicated => "dedicated",
            Delivery::Shared => "shared",
        }
    }
}

/// Monthly cost to serve under one delivery option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCost {
    /// Dedicated or shared.
    pub option: Delivery,
    /// How it was costed.
    pub basis: String,
    /// Monthly cost by category.
    pub monthly: CostCategories,
    /// Monthly total, CNY.
    pub monthly_total: f64,
    /// Full-time equivalents.
    pub fte: f64,
    /// One-off training of new hires, CNY.
    pub training_one_off: f64,
}

/// One plan in a quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanQuote {
    /// The plan.
    pub plan: BillingPlan,
    /// Monthly price to the client, CNY.
    pub price: f64,
    /// How the price was computed.
    pub detail: String,
    /// Delivery option whose cost the margin is on.
    pub delivery: Delivery,
    /// Monthly cost to serve, CNY.
    pub cost: f64,
    /// (price − cost) ÷ price; `None` for a zero price.
    pub margin: Option<f64>,
    /// Whether the margin reaches the target.
    pub meets_target: bool,
    /// Monthly price that would reach the target margin: cost ÷ (1 − target).
    pub price_for_target: f64,
    /// The shop's current plan (existing shops).
    pub current: bool,
}

/// The recommended plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// Plan.
    pub plan: BillingPlan,
    /// Delivery option.
    pub delivery: Delivery,
    /// Monthly price, CNY.
    pub price: f64,
    /// Margin.
    pub margin: Option<f64>,
    /// Whether it keeps the target margin.
    pub meets_target: bool,
    /// Why.
    pub reason: String,
}

/// Temporary seats for one promotion day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakQuote {
    /// Date.
    pub date: NaiveDate,
    /// Holiday name the calendar gives the date.
    pub holiday: Option<String>,
    /// Pay multiplier of the date (rules and calendar).
    pub pay_multiplier: f64,
    /// Volume multiple.
    pub uplift: f64,
    /// Inquiries above a normal day.
    pub extra_inquiries: f64,
    /// Temporary seats (person-days).
    pub temp_seats: u32,
    /// Price, CNY.
    pub price: f64,
    /// Whether the holiday surcharge applies.
    pub surcharge: bool,
    /// Cost, CNY.
    pub cost: f64,
    /// Margin.
    pub margin: Option<f64>,
    /// Whether the margin reaches the target.
    pub meets_target: bool,
}

/// A complete quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Shop id (or "prospect").
    pub client: String,
    /// Display name.
    pub name: String,
    /// Platform.
    pub platform: Platform,
    /// Service hours.
    pub service_hours: String,
    /// AHT, seconds; concurrency; SLA.
    pub aht_seconds: f64,
    /// Chats per agent.
    pub concurrency: u32,
    /// SLA as "target/seconds".
    pub sla: String,
    /// Existing client.
    pub existing: bool,
    /// Volume the plans bill on.
    pub volume: Volume,
    /// Inquiries per month.
    pub monthly_inquiries: f64,
    /// Sales closed per month, CNY.
    pub monthly_sales: f64,
    /// Seats by hour of day.
    pub hours: Vec<HourRow>,
    /// Σ required seat-hours per week.
    pub required_seat_hours_week: u64,
    /// Σ scheduled seat-hours per week.
    pub scheduled_seat_hours_week: u64,
    /// Seat-hours per week the shift templates cannot cover.
    pub short_seat_hours_week: f64,
    /// Hires of the dedicated desk.
    pub crew: CrewSummary,
    /// Cost to serve with a dedicated desk.
    pub dedicated: OptionCost,
    /// Cost to serve from a shared pool.
    pub shared: OptionCost,
    /// Target margin.
    pub target_margin: f64,
    /// Every plan.
    pub plans: Vec<PlanQuote>,
    /// The recommendation.
    pub recommendation: Recommendation,
    /// Break-even volumes between plans.
    pub break_evens: Vec<BreakEven>,
    /// Daily volumes searched for break-evens.
    pub break_even_range: (u32, u32),
    /// Sizing runs the break-even search made.
    pub break_even_sizings: usize,
    /// Shift covers it solved (one per distinct hourly need).
    pub break_even_covers: usize,
    /// Temporary seats for promotion days.
    pub peak_days: Vec<PeakQuote>,
    /// Assumptions worth reading.
    pub notes: Vec<String>,
}

/// A typical week for costing: a Monday with no holidays (the calendar is empty).
fn typical_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap_or_default()
}

fn check(ok: bool, msg: impl FnOnce() -> String) -> Result<(), QuoteError> {
    if ok {
        Ok(())
    } else {
        Err(QuoteError::Invalid(msg()))
    }
}

impl ClientSpec {
    /// Checks the request.
    pub fn validate(&self, rules: &Rules) -> Result<(), QuoteError> {
        let s = &self.shop;
        check(self.week.len() == HOURS, || {
            format!(
                "a week of demand has {HOURS} hours, got {}",
                self.week.len()
            )
        })?;
        check(self.week.iter().all(|x| x.is_finite() && *x >= 0.0), || {
            "hourly inquiries must be finite and ≥ 0".into()
        })?;
        let total: f64 = self.week.iter().sum();
        check(total > 0.0, || {
            "the shop has no inquiries in the week; nothing to quote".into()
        })?;
        check(total <= 7.0 * 1e6, || {
            format!(
                "{:.0} inquiries a day is beyond what seatplan quotes (1,000,000)",
                total / 7.0
            )
        })?;
        check(
            s.aht_seconds.is_finite() && s.aht_seconds > 0.0 && s.aht_seconds <= 7200.0,
            || format!("AHT {} s must be in (0, 7200]", s.aht_seconds),
        )?;
        let max_c = rules.sizing.concurrency_factors.len().max(1) as u32;
        check(s.concurrency >= 1 && s.concurrency <= max_c, || {
            format!(
                "concurrency {} must be 1..{max_c} (one factor per chat in rules.toml)",
                s.concurrency
            )
        })?;
        check(s.sla_target > 0.0 && s.sla_target <= 1.0, || {
            format!("SLA target {} must be in (0, 1]", s.sla_target)
        })?;
        check(s.sla_seconds.is_finite() && s.sla_seconds >= 0.0, || {
            format!("SLA seconds {} must be ≥ 0", s.sla_seconds)
        })?;
        if let Some(p) = s.patience_seconds {
            check(p.is_finite() && p > 0.0, || {
                format!("patience {p} s must be > 0")
            })?;
        }
        check(s.order_value.is_finite() && s.order_value >= 0.0, || {
            format!("order value {} must be ≥ 0", s.order_value)
        })?;
        check((0.0..=1.0).contains(&s.conversion), || {
            format!("conversion {} must be in [0, 1]", s.conversion)
        })?;
        check((0.0..=1.0).contains(&self.new_share), || {
            format!("new-customer share {} must be in [0, 1]", self.new_share)
        })?;
        check((0.0..1.0).contains(&self.shrinkage), || {
            format!("shrinkage {} must be in [0, 1)", self.shrinkage)
        })?;
        check(
            self.wage_monthly.is_finite() && self.wage_monthly > 0.0,
            || format!("monthly wage {} must be > 0", self.wage_monthly),
        )?;
        for p in &self.peak_days {
            check(
                p.uplift.is_finite() && p.uplift >= 0.0 && p.uplift <= 100.0,
                || format!("uplift {} on {} must be in [0, 100]", p.uplift, p.date),
            )?;
        }
        Ok(())
    }
}

/// A one-pool scenario to run [`crate::size::size`] on.
fn mini_scenario(
    pool: Pool,
    shops: Vec<Shop>,
    rules: &Rules,
    book: &PriceBook,
    calendar: Calendar,
) -> Scenario {
    Scenario {
        pools: vec![pool],
        shops,
        history: History::default(),
        calendar,
        agents: Vec::new(),
        rules: rules.clone(),
        prices: book.clone(),
    }
}

/// Sized week of one pool: required and scheduled seats for the 168 hours.
struct SizedWeek {
    required: Vec<u32>,
    scheduled: Vec<u32>,
}

/// Sizes the only pool of `scenario` on `week` (per shop, 168 hours each) scaled by `k`; a
/// week whose every day is the same is sized on one day.
fn size_week(
    scenario: &Scenario,
    weeks: &BTreeMap<String, Vec<f64>>,
    k: f64,
) -> Result<SizedWeek, QuoteError> {
    let start = typical_monday().and_hms_opt(0, 0, 0).unwrap_or_default();
    let periodic = weeks
        .values()
        .all(|w| (0..HOURS).all(|h| (w[h] - w[h % 24]).abs() <= 1e-12 * w[h].abs().max(1.0)));
    let hours = if periodic { 24 } else { HOURS };
    let demand = Demand {
        start,
        hours,
        shops: weeks
            .iter()
            .map(|(id, w)| (id.clone(), w[..hours].iter().map(|x| x * k).collect()))
            .collect(),
    };
    let req = crate::size::size(scenario, &demand)?;
    let mut required = vec![0; HOURS];
    let mut scheduled = vec![0; HOURS];
    for (i, r) in req.rows.iter().enumerate().take(hours) {
        for day in 0..HOURS / hours {
            required[day * hours + i] = r.required;
            scheduled[day * hours + i] = r.scheduled;
        }
    }
    Ok(SizedWeek {
        required,
        scheduled,
    })
}

/// The least-cost full-time cover of `scheduled` and the hires who work it.
fn cover(
    rules: &Rules,
    book: &PriceBook,
    pool: &str,
    wage: f64,
    scheduled: &[u32],
    opts: SolveOptions,
) -> Result<(Crew, f64), QuoteError> {
    let (counts, short) = cover_mix(rules, book, wage, scheduled, opts)?;
    let calendar = Calendar::default();
    let crew = crew_for_mix(&crew_spec(rules, book, pool, wage, &calendar), &counts);
    Ok((crew, short))
}

/// The hires of a typical week (no holidays) on a new full-time wage.
fn crew_spec<'a>(
    rules: &'a Rules,
    book: &'a PriceBook,
    pool: &'a str,
    wage: f64,
    calendar: &'a Calendar,
) -> CrewSpec<'a> {
    CrewSpec {
        rules,
        cost: &book.cost,
        pool,
        wage_monthly: wage,
        week_start: typical_monday(),
        calendar,
    }
}

/// The least-cost full-time shift mix covering `scheduled` (168 hourly seats; a week whose
/// every day is the same is covered as one cyclic day) and its uncovered seat-hours.
fn cover_mix(
    rules: &Rules,
    book: &PriceBook,
    wage: f64,
    scheduled: &[u32],
    opts: SolveOptions,
) -> Result<(Vec<MixCount>, f64), QuoteError> {
    let c = &book.cost;
    let rate = crate::cost::hourly_wage(wage, c) * (1.0 + c.social_insurance_rate);
    let lines: Vec<MixLine> = rules
        .shifts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.allows(Contract::FullTime))
        .map(|(i, t)| MixLine {
            template: i,
            contract: Contract::FullTime,
            cost_per_shift: rate * t.paid_hours()
                + if t.is_night(&rules.night) {
                    c.night_allowance_per_shift
                } else {
                    0.0
                },
        })
        .collect();
    if lines.is_empty() {
        return Err(QuoteError::Invalid(
            "rules.toml has no shift template full-time agents may work".into(),
        ));
    }
    let periodic = (0..HOURS).all(|h| scheduled.get(h) == scheduled.get(h % 24));
    let (counts, short) = if periodic {
        daily_cover(rules, &lines, &scheduled[..24], opts)?
    } else {
        let mix = shift_mix(
            &rules.shifts,
            &lines,
            scheduled,
            rules.shortage_penalty_per_seat_hour,
            opts,
        )?;
        let short = mix.short.iter().sum();
        (mix.counts, short)
    };
    Ok((counts, short))
}

/// The seats a crew gives the plans: its people, and its daily seat-shift positions.
fn crew_seats(crew: &CrewSummary) -> Seats {
    Seats {
        total: crew.seats,
        night: crew.night_seats,
        positions: crew.shifts.div_ceil(7),
        night_positions: crew.night_shifts.div_ceil(7),
    }
}

/// Least-cost cover of one day repeated every day: the day's 24 hourly seats (cyclic, so a
/// shift past midnight covers the early hours, as the next day's would), by full-time lines;
/// returns the week's counts (the same each day) and the week's uncovered seat-hours.
fn daily_cover(
    rules: &Rules,
    lines: &[MixLine],
    need: &[u32],
    opts: SolveOptions,
) -> Result<(Vec<MixCount>, f64), QuoteError> {
    let mut mip = Mip::new().small();
    let max_need = need.iter().copied().max().unwrap_or(0) as f64;
    let mut cover: Vec<Vec<(usize, f64)>> = vec![Vec::new(); 24];
    let mut vars = Vec::new();
    for line in lines {
        let v = mip.integer(0.0, max_need, line.cost_per_shift);
        vars.push((line, v));
        let slot = Slot {
            day: 0,
            template: line.template,
        };
        for h in slot.covered_hours_in(&rules.shifts[line.template], 24) {
            cover[h].push((v, 1.0));
        }
    }
    let mut shorts = Vec::new();
    for (h, &r) in need.iter().enumerate().take(24) {
        if r == 0 {
            continue;
        }
        let sv = mip.continuous(0.0, f64::from(r), rules.shortage_penalty_per_seat_hour);
        let mut terms = cover[h].clone();
        terms.push((sv, 1.0));
        mip.ge(&terms, f64::from(r));
        shorts.push(sv);
    }
    let out = mip.minimise(opts)?;
    let mut counts = Vec::new();
    for day in 0..7 {
        for &(line, v) in &vars {
            counts.push(MixCount {
                day,
                template: line.template,
                contract: line.contract,
                count: out.values[v].round().max(0.0) as u32,
            });
        }
    }
    let short: f64 = shorts.iter().map(|&v| out.values[v]).sum();
    Ok((counts, 7.0 * short))
}

/// Monthly cost of a crew's typical week plus the year's statutory-holiday pay.
fn crew_monthly(crew: &Crew) -> Result<(CostCategories, f64, f64), QuoteError> {
    let b = roster_cost(&crew.problem, &crew.roster)?;
    let mut weekly = b.cost;
    weekly += &statutory_expectation(&crew.problem, &crew.roster, STATUTORY_DAYS_PER_YEAR)?;
    Ok((weekly.scaled(WEEKS_PER_MONTH), b.fte, b.rostered_hours))
}

/// An existing shop's share of its shared pool's monthly cost: the pool sized on the pooled
/// week of its shops (`weeks`: shop → 168 hourly inquiries), covered by full-time hires at
/// `wage`, costed like a quote's desk, and shared by inquiries in `weeks`.
pub fn shared_pool_share(
    scenario: &Scenario,
    pool_id: &str,
    shop_id: &str,
    weeks: &BTreeMap<String, Vec<f64>>,
    wage: f64,
    opts: SolveOptions,
) -> Result<SharedShare, QuoteError> {
    let pool = scenario
        .pool(pool_id)
        .ok_or_else(|| QuoteError::Invalid(format!("unknown pool '{pool_id}'")))?;
    let shops: Vec<Shop> = scenario.shops_in(pool_id).cloned().collect();
    let mut pool = pool.clone();
    pool.shrinkage = Some(scenario.shrinkage(&pool));
    let mini = mini_scenario(
        pool,
        shops.clone(),
        &scenario.rules,
        &scenario.prices,
        Calendar::default(),
    );
    let mut w: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for s in &shops {
        let v = weeks
            .get(&s.id)
            .cloned()
            .unwrap_or_else(|| vec![0.0; HOURS]);
        check(v.len() == HOURS, || {
            format!("shop '{}' needs 168 hours", s.id)
        })?;
        w.insert(s.id.clone(), v);
    }
    let sized = size_week(&mini, &w, 1.0)?;
    let (crew, _) = cover(
        &scenario.rules,
        &scenario.prices,
        pool_id,
        wage,
        &sized.scheduled,
        opts,
    )?;
    let (monthly, fte, _) = crew_monthly(&crew)?;
    let total: f64 = w.values().map(|v| v.iter().sum::<f64>()).sum();
    let mine: f64 = w.get(shop_id).map_or(0.0, |v| v.iter().sum());
    let share = if total > 0.0 {
        mine / total
    } else {
        1.0 / shops.len().max(1) as f64
    };
    Ok(SharedShare {
        pool: pool_id.to_string(),
        share,
        pool_monthly: monthly,
        pool_seats: crew.seats,
        pool_fte: fte,
    })
}

/// Makes the quote for `client` under `ctx`.
///
/// # Errors
/// An invalid request, or a failure of the queueing engine, the shift cover or costing.
pub fn quote(ctx: &QuoteContext, client: &ClientSpec) -> Result<Quote, QuoteError> {
    client.validate(ctx.rules)?;
    let rules = ctx.rules;
    let book = ctx.book;
    let c = &book.cost;
    let p = &book.prices;
    let shop = &client.shop;
    let pool_id = format!("{}__desk", shop.id);
    let mut desk_shop = shop.clone();
    desk_shop.pool = pool_id.clone();
    let scenario = mini_scenario(
        Pool {
            id: pool_id.clone(),
            name: format!("{} dedicated desk", shop.name),
            mode: PoolMode::Dedicated,
            shrinkage: Some(client.shrinkage),
        },
        vec![desk_shop],
        rules,
        book,
        Calendar::default(),
    );
    let weeks: BTreeMap<String, Vec<f64>> =
        std::iter::once((shop.id.clone(), client.week.clone())).collect();
    // Daily average (a whole number when the hour profile's float noise is all that separates
    // it from one).
    let daily = client.week.iter().sum::<f64>() / 7.0;
    let daily = if (daily - daily.round()).abs() <= 1e-12 * daily {
        daily.round()
    } else {
        daily
    };

    // 1–2. Seats by hour, hires.
    let sized = size_week(&scenario, &weeks, 1.0)?;
    let (crew, short) = cover(
        rules,
        book,
        &pool_id,
        client.wage_monthly,
        &sized.scheduled,
        ctx.solve,
    )?;
    let hours: Vec<HourRow> = (0..24)
        .map(|h| HourRow {
            hour: h as u8,
            inquiries: (0..7).map(|d| client.week[d * 24 + h]).sum::<f64>() / 7.0,
            required: (0..7)
                .map(|d| sized.required[d * 24 + h])
                .max()
                .unwrap_or(0),
            scheduled: (0..7)
                .map(|d| sized.scheduled[d * 24 + h])
                .max()
                .unwrap_or(0),
        })
        .collect();
    let scheduled_sh: u64 = sized.scheduled.iter().map(|&x| u64::from(x)).sum();
    let required_sh: u64 = sized.required.iter().map(|&x| u64::from(x)).sum();

    // 3. Dedicated cost.
    let (ded_monthly, ded_fte, ded_rostered) = crew_monthly(&crew)?;
    let dedicated = OptionCost {
        option: Delivery::Dedicated,
        basis: format!(
            "{} hires ({} on nights) at {:.0} CNY/month working {} shifts/week; typical week + {} statutory days/yr, × 52/12",
            crew.seats, crew.night_seats, client.wage_monthly, crew.shifts, STATUTORY_DAYS_PER_YEAR
        ),
        monthly_total: ded_monthly.total(),
        monthly: ded_monthly,
        fte: ded_fte,
        training_one_off: f64::from(crew.seats) * c.training_per_new_seat,
    };

    // 4. Shared cost.
    let shared = match &client.shared_pool {
        Some(s) => {
            let monthly = s.pool_monthly.scaled(s.share);
            let fte = s.pool_fte * s.share;
            OptionCost {
                option: Delivery::Shared,
                basis: format!(
                    "{:.1}% (inquiry share) of pool {} ({} hires, {:.0} CNY/month)",
                    100.0 * s.share,
                    s.pool,
                    s.pool_seats,
                    s.pool_monthly.total()
                ),
                monthly_total: monthly.total(),
                monthly,
                fte,
                training_one_off: 0.0,
            }
        }
        None => {
            let conc = concurrency_model(shop.concurrency, &rules.sizing.concurrency_factors);
            let per_seat = conc.effective_agents_per_seat() * rules.sizing.max_occupancy;
            let workload: f64 = (0..HOURS)
                .filter(|&i| shop.service_hours.is_open((i % 24) as u32))
                .map(|i| client.week[i] * shop.aht_seconds / 3600.0)
                .sum();
            let fit = if scheduled_sh > 0 {
                (crew.paid_hours / scheduled_sh as f64).max(1.0)
            } else {
                1.0
            };
            let hours_needed = workload / per_seat / (1.0 - client.shrinkage) * fit;
            let mut base = ded_monthly;
            let idle_si = base.idle_guaranteed * c.social_insurance_rate;
            base.social_insurance -= idle_si;
            base.idle_guaranteed = 0.0;
            let f = if ded_rostered > 0.0 {
                hours_needed / ded_rostered
            } else {
                0.0
            };
            let monthly = base.scaled(f);
            OptionCost {
                option: Delivery::Shared,
                basis: format!(
                    "marginal share of a large shared pool: {hours_needed:.0} paid h/week \
                     (workload {workload:.0} Erlang-h ÷ ({:.2} effective agents × {:.2} occupancy) \
                     ÷ (1 − {:.2} shrinkage) × shift fit {fit:.2}) at the desk's cost per paid hour",
                    conc.effective_agents_per_seat(),
                    rules.sizing.max_occupancy,
                    client.shrinkage
                ),
                monthly_total: monthly.total(),
                monthly,
                fte: hours_needed / crate::cost::fte_hours_per_week(c),
                training_one_off: 0.0,
            }
        }
    };

    // 5. Prices and margins.
    let volume = Volume {
        daily_inquiries: daily,
        new_share: client.new_share,
        order_value: shop.order_value,
        conversion: shop.conversion,
    };
    let seats = crew_seats(&crew.summary());
    let cheaper = if shared.monthly_total < dedicated.monthly_total {
        &shared
    } else {
        &dedicated
    };
    let target = c.target_margin;
    let plans: Vec<PlanQuote> = BillingPlan::ALL
        .iter()
        .filter_map(|&plan| plan_price(plan, p, &volume, seats))
        .map(|pp| {
            let opt = if seat_priced(pp.plan) {
                &dedicated
            } else {
                cheaper
            };
            let m = margin(pp.monthly, opt.monthly_total);
            PlanQuote {
                plan: pp.plan,
                price: pp.monthly,
                detail: pp.detail,
                delivery: opt.option,
                cost: opt.monthly_total,
                margin: m,
                meets_target: m.is_some_and(|m| m >= target - 1e-12),
                price_for_target: price_for_margin(opt.monthly_total, target),
                current: client.existing && pp.plan == shop.plan,
            }
        })
        .collect();

    // 6. Recommendation.
    let recommendation = recommend(&plans, target)
        .ok_or_else(|| QuoteError::Invalid("the price book offers no plan".into()))?;

    // 7. Break-evens.
    let offered: Vec<BillingPlan> = plans.iter().map(|q| q.plan).collect();
    let mut pairs = Vec::new();
    for (i, &a) in offered.iter().enumerate() {
        for &b in &offered[i + 1..] {
            pairs.push((a, b));
        }
    }
    let hi = ((3.0 * daily).ceil() as u32).clamp(1000, 20_000);
    // Seats depend on the volume only through the hourly scheduled seats: cover each distinct
    // need once.
    let mut covers: HashMap<Vec<u32>, Seats> = HashMap::new();
    covers.insert(sized.scheduled.clone(), crew_seats(&crew.summary()));
    let seats_at = |v: f64| -> Result<Seats, QuoteError> {
        let sized = size_week(&scenario, &weeks, v / daily)?;
        if let Some(s) = covers.get(&sized.scheduled) {
            return Ok(*s);
        }
        let (counts, _) = cover_mix(
            rules,
            book,
            client.wage_monthly,
            &sized.scheduled,
            ctx.solve,
        )?;
        let calendar = Calendar::default();
        let spec = crew_spec(rules, book, &pool_id, client.wage_monthly, &calendar);
        let s = crew_seats(&crew_size(&spec, &counts));
        covers.insert(sized.scheduled, s);
        Ok(s)
    };
    let (break_evens, sizings) = if ctx.break_even {
        break_evens(p, volume, &pairs, 1, hi, seats_at)?
    } else {
        (Vec::new(), 0)
    };
    let covers_solved = covers.len() - 1;

    // 8. Peak days.
    let mut peak_days = Vec::new();
    for pk in &client.peak_days {
        let sized_u = size_week(&scenario, &weeks, pk.uplift)?;
        let (crew_u, _) = cover(
            rules,
            book,
            &pool_id,
            client.wage_monthly,
            &sized_u.scheduled,
            ctx.solve,
        )?;
        let extra_shifts = (f64::from(crew_u.shifts) - f64::from(crew.shifts)) / 7.0;
        let temps = extra_shifts.max(0.0).ceil() as u32;
        let holiday = ctx
            .calendar
            .global_on(pk.date)
            .find(|e| matches!(e.kind, DayKind::Statutory | DayKind::Holiday))
            .map(|e| e.name.clone());
        let week = Week::new(pk.date, ctx.calendar);
        let mult = week.pay_multiplier(0, rules, c.rest_day_multiplier, c.statutory_multiplier);
        let (price, surcharge) = temp_seats_price(p, temps, holiday.as_deref());
        let per_fte_month = c.equipment_per_seat_month
            + c.software_per_seat_month
            + c.site_overhead_per_seat_month
            + c.team_lead_monthly / c.team_lead_span
            + c.qa_monthly / c.qa_span;
        let per_day_overhead = per_fte_month / WEEKS_PER_MONTH / 5.0;
        let cost = f64::from(temps) * (c.temp_day_rate * mult + per_day_overhead);
        let m = margin(price, cost);
        peak_days.push(PeakQuote {
            date: pk.date,
            holiday,
            pay_multiplier: mult,
            uplift: pk.uplift,
            extra_inquiries: daily * (pk.uplift - 1.0).max(0.0),
            temp_seats: temps,
            price,
            surcharge,
            cost,
            margin: m,
            meets_target: m.is_some_and(|m| m >= target - 1e-12),
        });
    }

    let mut notes = vec![
        format!(
            "Month = 52/12 weeks = {:.2} days; per-inquiry tiers are whole-volume (the daily average's tier prices every inquiry).",
            crate::cost::DAYS_PER_MONTH
        ),
        "Seat-priced plans are served by the dedicated desk; volume-priced plans by the cheaper option.".into(),
        format!(
            "Cost: full-time hires at {:.0} CNY/month, {} hours system; one-off training {:.0} CNY not in the monthly cost.",
            client.wage_monthly,
            rules.hours_system.as_str(),
            dedicated.training_one_off
        ),
    ];
    if short > 0.0 {
        notes.push(format!(
            "The shift templates leave {short:.0} seat-hours/week uncovered (service hours outside every full-time shift)."
        ));
    }
    if !client.existing {
        notes.push(
            "Demand: the daily volume spread by the reference normal-day hour profile (hourly_profile_guess.csv, a GUESS) over the service hours."
                .into(),
        );
    }
    Ok(Quote {
        client: shop.id.clone(),
        name: shop.name.clone(),
        platform: shop.platform,
        service_hours: shop.service_hours.to_string(),
        aht_seconds: shop.aht_seconds,
        concurrency: shop.concurrency,
        sla: format!("{}/{}", shop.sla_target, shop.sla_seconds),
        existing: client.existing,
        monthly_inquiries: volume.monthly_inquiries(),
        monthly_sales: volume.monthly_sales(),
        volume,
        hours,
        required_seat_hours_week: required_sh,
        scheduled_seat_hours_week: scheduled_sh,
        short_seat_hours_week: short,
        crew: crew.summary(),
        dedicated,
        shared,
        target_margin: target,
        plans,
        recommendation,
        break_evens,
        break_even_range: (1, hi),
        break_even_sizings: sizings,
        break_even_covers: covers_solved,
        peak_days,
        notes,
    })
}

/// The recommendation rule: among plans whose margin reaches `target`, the lowest monthly
/// price for the client (earlier in [`BillingPlan::ALL`] on a tie); when none does, the plan
/// with the highest margin, flagged. `None` only for an empty list.
pub fn recommend(plans: &[PlanQuote], target: f64) -> Option<Recommendation> {
    let ok = plans
        .iter()
        .filter(|q| q.meets_target)
        .min_by(|a, b| a.price.total_cmp(&b.price));
    if let Some(q) = ok {
        return Some(Recommendation {
            plan: q.plan,
            delivery: q.delivery,
            price: q.price,
            margin: q.margin,
            meets_target: true,
            reason: format!(
                "lowest monthly price for the client among the plans that keep the {:.0}% target margin",
                100.0 * target
            ),
        });
    }
    let best = plans.iter().max_by(|a, b| {
        a.margin
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&b.margin.unwrap_or(f64::NEG_INFINITY))
    })?;
    Some(Recommendation {
        plan: best.plan,
        delivery: best.delivery,
        price: best.price,
        margin: best.margin,
        meets_target: false,
        reason: format!(
            "no plan keeps the {:.0}% target margin at these price points; highest margin shown — it needs {:.0} CNY/month (+{:.0}%) to reach the target",
            100.0 * target,
            best.price_for_target,
            100.0 * (best.price_for_target / best.price.max(1e-9) - 1.0)
        ),
    })
}
