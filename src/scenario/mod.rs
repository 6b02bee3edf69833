//! Peak-event scenarios: "what if Double 11 is 6× a normal day, with ten temporary seats per
//! desk, or a relaxed SLA, or one more shop?" Each variant is a change to the scenario's inputs
//! — a manual uplift on the event's peak days, extra temporary agents, service targets, a new
//! shop — run through the same pipeline as `plan` ([`crate::plan::run`]) for the event's week.
//! Variants run in parallel and are summarised side by side against the baseline (the event as
//! the forecaster learned it from past years).
//!
//! No file access here: the CLI reads the scenario file and writes the outputs.

use crate::model::{
    Agent, AgentLimits, CalendarEntry, Contract, DayKind, Observation, PoolMode, Scenario,
    ShopHistory, WageBasis,
};
use crate::plan::{run as run_plan, Plan, PlanOptions};
use crate::price::temp_seats_price;
use crate::schedule::SolveOptions;
use crate::simulate::SimOptions;
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Days per month used to turn monthly prices into a week's revenue (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// A service-level target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sla {
    /// Share answered within `seconds` (0 < target < 1).
    pub target: f64,
    /// Answer-within threshold, seconds.
    pub seconds: f64,
}

/// A shop to add: shaped like an existing one (its hourly history scaled to a daily volume).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewShop {
    /// Id of the new shop.
    pub id: String,
    /// Existing shop whose history, handle time, concurrency and plan it copies.
    pub like: String,
    /// Expected daily inquiries on a normal day.
    pub daily_inquiries: f64,
    /// Shared pool it joins (default: the pool of `like`, which must then be shared).
    pub pool: Option<String>,
}

/// One variant of the event: every field left at its default keeps the input as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Variant {
    /// Label in the comparison.
    pub name: String,
    /// Demand on the event's peak days as a multiple of a normal day (replaces the learned
    /// peak effect); `None` keeps the forecaster's.
    pub uplift: Option<f64>,
    /// Temporary agents added to every pool in scope (each trained for that pool only).
    pub extra_temps: u32,
    /// Day rate of the added temporary agents, CNY (default: `prices.toml`'s `temp_day_rate`).
    pub temp_day_rate: Option<f64>,
    /// Service-level target for every shop in scope.
    pub sla: Option<Sla>,
    /// Occupancy cap of the sizing (`rules.toml`'s `sizing.max_occupancy`) in the variant: a
    /// peak-day policy such as "agents may run at 95 % on Double 11".
    pub max_occupancy: Option<f64>,
    /// A shop to add.
    pub new_shop: Option<NewShop>,
}

/// What to run: one event, optionally one pool, several variants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioSpec {
    /// Calendar event name (`双11`, `618`, …; `double11`/`double 11`/`双十一` are accepted).
    pub event: String,
    /// A shop or pool id: only that pool is planned (its cross-trained agents are lent to it
    /// wholly), which makes a run take a fraction of a second.
    pub focus: Option<String>,
    /// First day of the week to plan (default: the Monday of the event's next peak day after
    /// the history).
    pub week: Option<NaiveDate>,
    /// The variants, besides the baseline that is always run.
    pub variants: Vec<Variant>,
}

/// Solver and simulation settings of every run.
#[derive(Debug, Clone)]
pub struct ScenarioOptions {
    /// Roster solver settings.
    pub solve: SolveOptions,
    /// Simulation settings.
    pub sim: SimOptions,
}

/// The event's week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventWeek {
    /// The event name as the calendar spells it.
    pub event: String,
    /// First day of the planned week.
    pub week: NaiveDate,
    /// The event's peak days inside the week (where an uplift applies).
    pub peak_days: Vec<NaiveDate>,
}

/// Temporary seats one day needs to close its shortages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTemps {
    /// Date.
    pub date: NaiveDate,
    /// Temporary seats (shifts) over all pools in scope.
    pub seats: u32,
    /// Temporary agents already on the roster that day.
    pub rostered: u32,
    /// What the seats closing the shortages cost, CNY (day rate; the rostered temporaries'
    /// cost is in the roster's).
    pub cost: f64,
    /// What all of the day's temporary seats (rostered and closing) are billed, CNY
    /// (temporary-seat price, holiday surcharge included).
    pub price: f64,
}

/// One hour of a run, over all pools in scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HourRow {
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Forecast inquiries (mean).
    pub inquiries: f64,
    /// Seats required.
    pub required: u32,
    /// Seats rostered.
    pub scheduled: u32,
    /// Simulated service level (offered-weighted over pools); `None` with no inquiries.
    pub service_level: Option<f64>,
}

/// The outcome of one variant (or the baseline).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantResult {
    /// The variant.
    pub variant: Variant,
    /// Forecast inquiries over the week (mean).
    pub week_inquiries: f64,
    /// Forecast inquiries on the busiest peak day (mean; the busiest day when no peak day
    /// falls in the week).
    pub peak_day_inquiries: f64,
    /// Most seats required in one hour (summed over pools).
    pub peak_required: u32,
    /// Most seats rostered in one hour.
    pub peak_scheduled: u32,
    /// Temporary seats per day that would close the shortages.
    pub temps_per_day: Vec<DayTemps>,
    /// The most temporary seats any day needs.
    pub max_temps_per_day: u32,
    /// Pool-hours short of the requirement.
    pub shortage_hours: usize,
    /// Seat-hours short.
    pub short_seat_hours: u64,
    /// Cost of the roster for the week, CNY (wages, insurance, allowances, overhead).
    pub roster_cost: f64,
    /// Cost of the temporary seats that close the shortages, CNY.
    pub temp_cost: f64,
    /// Roster plus temporary seats, CNY.
    pub total_cost: f64,
    /// The week's revenue: each shop's monthly price for its plan pro rata (7 days, seats of
    /// regular staff) plus every temporary seat-day billed, CNY.
    pub revenue: f64,
    /// Revenue minus the baseline's, CNY (0 for the baseline).
    pub price_impact: f64,
    /// Cost minus the baseline's, CNY (0 for the baseline).
    pub cost_impact: f64,
    /// (revenue − cost) / revenue.
    pub margin: Option<f64>,
    /// Simulated service level over the week (rostered agents only; no temporary seats).
    pub service_level: f64,
    /// Its 95 % confidence half-width (from the pools' replications).
    pub service_level_ci: f64,
    /// Open pool-hours whose simulated service level misses the target.
    pub hours_below_target: usize,
    /// Roster gap to the solver's bound.
    pub gap: f64,
    /// Per hour, for charts.
    pub hourly: Vec<HourRow>,
}

/// Every run of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    /// The week and peak days.
    pub event: EventWeek,
    /// The focused pool, if any.
    pub focus_pool: Option<String>,
    /// The event as learned.
    pub baseline: VariantResult,
    /// The variants in order.
    pub variants: Vec<VariantResult>,
}

impl ScenarioReport {
    /// The baseline followed by the variants.
    pub fn all(&self) -> impl Iterator<Item = &VariantResult> {
        std::iter::once(&self.baseline).chain(&self.variants)
    }
}

/// The calendar's spelling of an event name (aliases for the big promotions).
fn canonical(name: &str) -> String {
    let n: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '.')
        .collect::<String>()
        .to_lowercase();
    match n.as_str() {
        "double11" | "双十一" | "1111" => "双11".into(),
        "double12" | "双十二" | "1212" => "双12".into(),
        "618" | "june18" | "年中大促" => "618".into(),
        "38" | "女神节" | "妇女节" => "38节".into(),
        "99" => "99大促".into(),
        _ => n,
    }
}

/// Whether a calendar entry's name is the event `wanted` (aliases allowed).
pub fn event_matches(entry_name: &str, wanted: &str) -> bool {
    canonical(entry_name) == canonical(wanted)
}

/// Finds the event's week: `week` when given (its peak days are the event's peak days inside
/// it), else the Monday of the event's first peak day after the history.
pub fn event_week(s: &Scenario, event: &str, week: Option<NaiveDate>) -> Result<EventWeek> {
    let entries: Vec<&CalendarEntry> = s
        .calendar
        .entries
        .iter()
        .filter(|e| e.shop.is_none() && event_matches(&e.name, event))
        .collect();
    if entries.is_empty() {
        let mut names: Vec<&str> = s
            .calendar
            .entries
            .iter()
            .filter(|e| e.kind.is_promotion() || e.kind == DayKind::Event)
            .map(|e| e.name.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        names.truncate(20);
        return Err(Error::Usage(format!(
            "no event '{event}' in calendar.csv; events there: {}",
            names.join(", ")
        )));
    }
    // Peak-kind entries are where an uplift applies; an event without any (a plain `event`
    // block) uses all its days.
    let peaks: Vec<&CalendarEntry> = if entries.iter().any(|e| e.kind == DayKind::Peak) {
        entries
            .iter()
            .copied()
            .filter(|e| e.kind == DayKind::Peak)
            .collect()
    } else {
        entries.clone()
    };
    let name = peaks[0].name.clone();
    let days_of = |e: &CalendarEntry| -> Vec<NaiveDate> {
        e.dates
            .start
            .iter_days()
            .take_while(|d| *d <= e.dates.end)
            .collect()
    };
    let all_days: BTreeSet<NaiveDate> = peaks.iter().flat_map(|e| days_of(e)).collect();
    let week = match week {
        Some(w) => w,
        None => {
            let after = s
                .history
                .span()
                .map(|(_, last)| last.date())
                .unwrap_or(NaiveDate::MIN);
            let first = all_days.iter().find(|d| **d > after).ok_or_else(|| {
                Error::Usage(format!(
                    "calendar.csv has no '{name}' after the history (which ends {after}); add \
                     its dates or pass --week"
                ))
            })?;
            *first - Duration::days(first.weekday().num_days_from_monday() as i64)
        }
    };
    let end = week + Duration::days(7);
    let peak_days: Vec<NaiveDate> = all_days
        .into_iter()
        .filter(|d| *d >= week && *d < end)
        .collect();
    if peak_days.is_empty() {
        return Err(Error::Usage(format!(
            "the week of {week} holds no '{name}' day; pick the week of the event"
        )));
    }
    Ok(EventWeek {
        event: name,
        week,
        peak_days,
    })
}

/// The pool a focus id names (a pool id or a shop id).
pub fn focus_pool(s: &Scenario, focus: &str) -> Result<String> {
    if let Some(p) = s.pool(focus) {
        return Ok(p.id.clone());
    }
    if let Some(shop) = s.shop(focus) {
        return Ok(shop.pool.clone());
    }
    Err(Error::Usage(format!(
        "focus '{focus}' is neither a pool nor a shop of the scenario"
    )))
}

/// The scenario restricted to one pool: its shops, their history and calendar, and the agents
/// trained for it (lent to it wholly).
fn restrict_to_pool(s: &Scenario, pool: &str) -> Scenario {
    let shops: Vec<_> = s.shops_in(pool).cloned().collect();
    let ids: BTreeSet<&str> = shops.iter().map(|x| x.id.as_str()).collect();
    let mut out = s.clone();
    out.pools.retain(|p| p.id == pool);
    out.history.shops.retain(|id, _| ids.contains(id.as_str()));
    out.calendar
        .entries
        .retain(|e| e.shop.as_deref().is_none_or(|x| ids.contains(x)));
    out.agents = s
        .agents_for(pool)
        .cloned()
        .map(|mut a| {
            a.pools = vec![pool.to_string()];
            a
        })
        .collect();
    out.shops = shops;
    out
}

/// Mean daily inquiries of a shop's last 28 days of history.
fn recent_daily(h: &ShopHistory) -> f64 {
    let Some((_, last)) = h.span() else {
        return 0.0;
    };
    let from = last - Duration::days(28);
    let total: f64 = h
        .observations
        .iter()
        .filter(|o| o.hour > from)
        .map(|o| o.inquiries)
        .sum();
    total / 28.0
}

fn add_shop(s: &mut Scenario, n: &NewShop) -> Result<()> {
    if s.shop(&n.id).is_some() || s.pool(&n.id).is_some() {
        return Err(Error::Usage(format!(
            "new shop '{}': the id is already taken",
            n.id
        )));
    }
    if !(n.daily_inquiries.is_finite() && n.daily_inquiries > 0.0) {
        return Err(Error::Usage(format!(
            "new shop '{}': daily_inquiries {} must be a positive number",
            n.id, n.daily_inquiries
        )));
    }
    let like = s
        .shop(&n.like)
        .cloned()
        .ok_or_else(|| Error::Usage(format!("new shop '{}': no shop '{}'", n.id, n.like)))?;
    let pool_id = n.pool.clone().unwrap_or_else(|| like.pool.clone());
    let pool = s
        .pool(&pool_id)
        .ok_or_else(|| Error::Usage(format!("new shop '{}': no pool '{pool_id}'", n.id)))?;
    if pool.mode != PoolMode::Shared {
        return Err(Error::Usage(format!(
            "new shop '{}': pool '{pool_id}' is dedicated to one shop; name a shared pool",
            n.id
        )));
    }
    let hist = s.history.shops.get(&n.like).cloned().unwrap_or_default();
    let base = recent_daily(&hist);
    if base <= 0.0 {
        return Err(Error::Usage(format!(
            "new shop '{}': shop '{}' has no recent history to shape it on",
            n.id, n.like
        )));
    }
    let f = n.daily_inquiries / base;
    let scaled = ShopHistory {
        observations: hist
            .observations
            .iter()
            .map(|o| Observation {
                hour: o.hour,
                inquiries: o.inquiries * f,
                new_customers: o.new_customers.map(|x| x * f),
                returning_customers: o.returning_customers.map(|x| x * f),
            })
            .collect(),
    };
    let mut shop = like.clone();
    shop.id = n.id.clone();
    shop.name = format!("{} (new, shaped like {})", n.id, like.id);
    shop.pool = pool_id;
    s.history.shops.insert(n.id.clone(), scaled);
    s.shops.push(shop);
    Ok(())
}

/// The inputs of one variant: `s` changed as the variant says, restricted to `focus`.
pub fn apply(s: &Scenario, ev: &EventWeek, focus: Option<&str>, v: &Variant) -> Result<Scenario> {
    let mut out = s.clone();
    if let Some(n) = &v.new_shop {
        add_shop(&mut out, n)?;
    }
    if let Some(pool) = focus {
        out = restrict_to_pool(&out, pool);
    }
    if let Some(sla) = v.sla {
        if !(sla.target > 0.0 && sla.target < 1.0 && sla.seconds > 0.0) {
            return Err(Error::Usage(format!(
                "variant '{}': SLA {} in {} s; expected a target between 0 and 1 and positive \
                 seconds",
                v.name, sla.target, sla.seconds
            )));
        }
        for shop in &mut out.shops {
            shop.sla_target = sla.target;
            shop.sla_seconds = sla.seconds;
        }
    }
    if let Some(cap) = v.max_occupancy {
        if !(cap > 0.0 && cap <= 1.0) {
            return Err(Error::Usage(format!(
                "variant '{}': max_occupancy {cap}; expected a share in (0, 1]",
                v.name
            )));
        }
        out.rules.sizing.max_occupancy = cap;
    }
    if v.extra_temps > 0 {
        let rate = v.temp_day_rate.unwrap_or(out.prices.cost.temp_day_rate);
        if !(rate.is_finite() && rate >= 0.0) {
            return Err(Error::Usage(format!(
                "variant '{}': temp_day_rate {rate} must be a non-negative number",
                v.name
            )));
        }
        // Temporary agents work up to what the scenario's own temporaries may (else 48 h).
        let max_hours = out
            .agents
            .iter()
            .filter(|a| a.contract == Contract::Temporary)
            .map(|a| a.max_week_hours)
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
            .unwrap_or(48.0);
        let pools: Vec<String> = out.pools.iter().map(|p| p.id.clone()).collect();
        for pool in pools {
            for i in 1..=v.extra_temps {
                out.agents.push(Agent {
                    id: format!("TMP-{pool}-{i:02}"),
                    name: format!("临时坐席 {pool} {i}"),
                    contract: Contract::Temporary,
                    pools: vec![pool.clone()],
                    night_ok: true,
                    protection: None,
                    min_week_hours: 0.0,
                    max_week_hours: max_hours,
                    wage: rate,
                    wage_basis: WageBasis::Day,
                    unavailable: Vec::new(),
                    limits: AgentLimits::default(),
                });
            }
        }
    }
    if let Some(x) = v.uplift {
        if !(x.is_finite() && x >= 0.0) {
            return Err(Error::Usage(format!(
                "variant '{}': uplift {x} must be a non-negative number",
                v.name
            )));
        }
        // The peak entries of the event get a manual uplift: the forecaster takes it instead
        // of the learned effect on those days (and keeps presale and after-sales as learned).
        for e in &mut out.calendar.entries {
            if e.shop.is_none()
                && event_matches(&e.name, &ev.event)
                && ev.peak_days.iter().any(|d| e.dates.contains(*d))
            {
                e.uplift = Some(x);
            }
        }
    }
    Ok(out)
}

/// Runs the baseline and every variant (in parallel) for the event's week.
pub fn run(s: &Scenario, spec: &ScenarioSpec, opts: &ScenarioOptions) -> Result<ScenarioReport> {
    let ev = event_week(s, &spec.event, spec.week)?;
    let focus = spec
        .focus
        .as_deref()
        .map(|f| focus_pool(s, f))
        .transpose()?;
    let baseline = Variant {
        name: "baseline".into(),
        ..Variant::default()
    };
    let runs: Vec<&Variant> = std::iter::once(&baseline).chain(&spec.variants).collect();
    // Inputs first (cheap, and their errors come before any solving).
    let inputs: Vec<Scenario> = runs
        .iter()
        .map(|v| apply(s, &ev, focus.as_deref(), v))
        .collect::<Result<_>>()?;
    let plan_opts = PlanOptions {
        week: ev.week,
        solve: opts.solve,
        sim: opts.sim.clone(),
        // An event week's what-if plans the week on its own.
        previous: None,
    };
    let mut results: Vec<VariantResult> = runs
        .par_iter()
        .zip(inputs.par_iter())
        .map(|(v, input)| {
            let plan = run_plan(input, &plan_opts, &mut |_| {})
                .map_err(|e| Error::Usage(format!("variant '{}': {e}", v.name)))?;
            Ok(summarise(v, input, &plan, &ev))
        })
        .collect::<Result<_>>()?;
    let base = results.remove(0);
    for r in &mut results {
        r.price_impact = r.revenue - base.revenue;
        r.cost_impact = r.total_cost - base.total_cost;
    }
    Ok(ScenarioReport {
        event: ev,
        focus_pool: focus,
        baseline: base,
        variants: results,
    })
}

/// The side-by-side figures of one run.
fn summarise(v: &Variant, s: &Scenario, plan: &Plan, ev: &EventWeek) -> VariantResult {
    let hours = plan.forecast.hours;
    let mut inquiries = vec![0.0; hours];
    for shop in &plan.forecast.shops {
        for (h, x) in shop.hours.iter().enumerate().take(hours) {
            inquiries[h] += x.mean;
        }
    }
    let week_inquiries: f64 = inquiries.iter().sum();
    let day_total = |d: usize| inquiries[d * 24..(d + 1) * 24].iter().sum::<f64>();
    let peak_idx: Vec<usize> = ev
        .peak_days
        .iter()
        .filter_map(|d| plan.week.day_of(*d))
        .collect();
    let peak_day_inquiries = if peak_idx.is_empty() {
        (0..hours / 24).map(day_total).fold(0.0, f64::max)
    } else {
        peak_idx.iter().map(|&d| day_total(d)).fold(0.0, f64::max)
    };
    // Seats per hour over pools.
    let mut required = vec![0u32; hours];
    let mut scheduled = vec![0u32; hours];
    let start = plan.week.hour(0);
    let idx = |t: NaiveDateTime| ((t - start).num_hours()).clamp(0, hours as i64 - 1) as usize;
    for c in &plan.roster.coverage {
        required[idx(c.hour)] += c.required;
        scheduled[idx(c.hour)] += c.scheduled;
    }
    let mut sl_num = vec![0.0; hours];
    let mut sl_den = vec![0.0; hours];
    for r in &plan.simulated.rows {
        let h = idx(r.hour);
        sl_num[h] += r.service_level.mean * r.offered.mean;
        sl_den[h] += r.offered.mean;
    }
    let hourly: Vec<HourRow> = (0..hours)
        .map(|h| HourRow {
            hour: plan.week.hour(h),
            inquiries: inquiries[h],
            required: required[h],
            scheduled: scheduled[h],
            service_level: (sl_den[h] > 0.0).then(|| sl_num[h] / sl_den[h]),
        })
        .collect();
    // Temporary seats per day, costed at the problem's day rate and priced at the book's.
    let mut by_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for t in &plan.roster.temp_needs {
        *by_day.entry(t.date).or_default() += t.shifts.values().sum::<u32>();
    }
    // Temporary agents on the roster are billed per day like the seats that close shortages
    // (their cost is already in the roster's).
    let temporary: BTreeSet<&str> = s
        .agents
        .iter()
        .filter(|a| a.contract == Contract::Temporary)
        .map(|a| a.id.as_str())
        .collect();
    let mut rostered_temps: BTreeMap<NaiveDate, BTreeSet<&str>> = BTreeMap::new();
    for a in &plan.roster.roster.assignments {
        if temporary.contains(a.agent.as_str()) {
            rostered_temps
                .entry(a.date)
                .or_default()
                .insert(a.agent.as_str());
        }
    }
    let temps_per_day: Vec<DayTemps> = plan
        .week
        .dates
        .iter()
        .enumerate()
        .map(|(d, date)| {
            let seats = by_day.get(date).copied().unwrap_or(0);
            let rostered = rostered_temps.get(date).map_or(0, |x| x.len() as u32);
            let holiday = plan.week.holiday_names[d].as_deref();
            DayTemps {
                date: *date,
                seats,
                rostered,
                cost: f64::from(seats) * plan.problem.cost.temp_day_rate,
                price: temp_seats_price(&s.prices.prices, seats + rostered, holiday).0,
            }
        })
        .collect();
    let max_temps_per_day = temps_per_day.iter().map(|t| t.seats).max().unwrap_or(0);
    let temp_cost: f64 = temps_per_day.iter().map(|t| t.cost).sum();
    let temp_price: f64 = temps_per_day.iter().map(|t| t.price).sum();
    let roster_cost = plan.cost.weekly().total();
    let total_cost = roster_cost + temp_cost;
    let revenue = plan
        .quotes
        .iter()
        .map(|q| q.monthly_price * 7.0 / DAYS_PER_MONTH)
        .sum::<f64>()
        + temp_price;
    // Week service level: the pools' offered-weighted mean, with a CI from their standard
    // errors (independent pools).
    let (mut num, mut den, mut var) = (0.0, 0.0, 0.0);
    for p in &plan.simulated.pools {
        num += p.service_level.mean * p.offered.mean;
        den += p.offered.mean;
        var += (p.service_level.std_error * p.offered.mean).powi(2);
    }
    let service_level = if den > 0.0 { num / den } else { 1.0 };
    let service_level_ci = if den > 0.0 {
        1.96 * var.sqrt() / den
    } else {
        0.0
    };
    VariantResult {
        variant: v.clone(),
        week_inquiries,
        peak_day_inquiries,
        peak_required: required.iter().copied().max().unwrap_or(0),
        peak_scheduled: scheduled.iter().copied().max().unwrap_or(0),
        max_temps_per_day,
        temps_per_day,
        shortage_hours: plan.roster.shortages.iter().filter(|x| x.seats > 0).count(),
        short_seat_hours: plan
            .roster
            .shortages
            .iter()
            .map(|x| u64::from(x.seats))
            .sum(),
        roster_cost,
        temp_cost,
        total_cost,
        revenue,
        price_impact: 0.0,
        cost_impact: 0.0,
        margin: crate::price::margin(revenue, total_cost),
        service_level,
        service_level_ci,
        hours_below_target: plan
            .simulated
            .pools
            .iter()
            .map(|p| p.hours_below_target)
            .sum(),
        gap: plan.roster.gap,
        hourly,
    }
}
