//! The roster rules. Each rule is one small function that adds its constraints for one agent
//! to the integer program, beside one that checks a finished roster for it; both read the same
//! `rules.toml` settings (and the agent's own limits from `agents.csv`), so the model and the
//! checker cannot drift apart silently.
//!
//! Hard rules: one shift per day, skills and contracts, availability (days off), night
//! eligibility (never for protected agents), maximum weekly hours, days off per week, maximum
//! and minimum consecutive working days, minimum consecutive days off, minimum rest between
//! shifts, forbidden shift successions, most shifts of a template, most minutes over the
//! horizon, most weekends, maximum consecutive nights, rest after a night run, maximum nights
//! per week. Minimum hours (weekly and over the horizon) are hard when `min_hours_hard`, else
//! soft. Soft rules (a hard rule with a price): minimum hours (the guaranteed hours are paid
//! whether worked or not), preferences (weighted on/off requests), shift cover (under and over),
//! fairness.
//!
//! Weekly rules apply to each 7-day block of the horizon from its first day; horizon rules to
//! the whole horizon. Runs ("consecutive") are counted inside the horizon: a maximum treats the
//! days outside it as off, and a run of working days or days off that touches the first or last
//! day is exempt from a minimum (it may continue outside the horizon).

use super::problem::{Preference, Roster, RosterProblem};
use super::solver::Mip;
use super::week::Slot;
use crate::model::{Agent, AgentLimits};
use std::collections::BTreeMap;

/// One variable of the roster model: agent on `slot` in pool index `pool`.
#[derive(Debug, Clone, Copy)]
pub struct XVar {
    /// The shift instance.
    pub slot: Slot,
    /// Index in `RosterProblem::pools`.
    pub pool: usize,
    /// Variable index in the [`Mip`].
    pub var: usize,
}

/// An agent's variables by day of the horizon (`vars[d]`).
pub type AgentVars = Vec<Vec<XVar>>;

/// A worked shift as the checker sees it: day and template index.
pub type Worked = (usize, usize);

/// A rule broken by a roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    /// Rule name.
    pub rule: &'static str,
    /// Day index the breach is reported on.
    pub day: usize,
    /// What happened.
    pub detail: String,
}

/// Price per minute of a hard minimum-hours rule left short. Minimum hours are the one hard
/// rule a roster can fail by doing too little, so they are elastic at a prohibitive price: the
/// solver always returns a roster, and the checker names any minute still missing.
pub const HARD_SHORT_PRICE_PER_MINUTE: f64 = 1000.0;

fn breach(rule: &'static str, day: usize, detail: String) -> Breach {
    Breach { rule, day, detail }
}

pub(super) fn day_terms(vars: &AgentVars, d: usize) -> Vec<(usize, f64)> {
    vars[d].iter().map(|x| (x.var, 1.0)).collect()
}

fn scaled_day_terms(vars: &AgentVars, d: usize, c: f64) -> impl Iterator<Item = (usize, f64)> + '_ {
    vars[d].iter().map(move |x| (x.var, c))
}

pub(super) fn night_terms(p: &RosterProblem, vars: &AgentVars, d: usize) -> Vec<(usize, f64)> {
    vars[d]
        .iter()
        .filter(|x| p.rules.shifts[x.slot.template].is_night(&p.rules.night))
        .map(|x| (x.var, 1.0))
        .collect()
}

pub(super) fn is_night(p: &RosterProblem, template: usize) -> bool {
    p.rules.shifts[template].is_night(&p.rules.night)
}

/// Whether any shift of `worked` is on day `d`.
fn works(worked: &[Worked], d: usize) -> bool {
    worked.iter().any(|w| w.0 == d)
}

/// Working (true) or off (false) on each day of the horizon.
fn on_days(p: &RosterProblem, worked: &[Worked]) -> Vec<bool> {
    let mut on = vec![false; p.days()];
    for w in worked {
        if let Some(x) = on.get_mut(w.0) {
            *x = true;
        }
    }
    on
}

/// Maximal runs `(first, last)` of days equal to `state`.
fn runs(on: &[bool], state: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (d, &x) in on.iter().enumerate() {
        match (x == state, start) {
            (true, None) => start = Some(d),
            (false, Some(s)) => {
                out.push((s, d - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, on.len() - 1));
    }
    out
}

/// The run limits that apply to an agent (see [`crate::model::Rules::limits_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    /// Most working days in a row.
    pub max_consecutive_days: u32,
    /// Fewest working days in a row (1 = none).
    pub min_consecutive_days: u32,
    /// Fewest days off in a row (1 = none).
    pub min_consecutive_days_off: u32,
    /// Most weekends worked over the horizon.
    pub max_weekends: Option<u32>,
}

/// The run limits of `agent` in `p`.
pub fn run_limits(p: &RosterProblem, agent: &Agent) -> RunLimits {
    let l = p.rules.limits_for(agent);
    RunLimits {
        max_consecutive_days: l
            .max_consecutive_days
            .unwrap_or(p.rules.max_consecutive_days),
        min_consecutive_days: l.min_consecutive_days.unwrap_or(1),
        min_consecutive_days_off: l.min_consecutive_days_off.unwrap_or(1),
        max_weekends: l.max_weekends,
    }
}

/// Whether `agent` may be put on `slot` at all: skills are handled by the pools the variable
/// is created for; here contract, availability (days off), night eligibility and a limit of
/// zero shifts of the template.
pub fn eligible(p: &RosterProblem, agent: &Agent, slot: Slot) -> bool {
    eligible_with(p, agent, &p.rules.limits_for(agent), slot)
}

/// [`eligible`] with the agent's limits already resolved.
pub fn eligible_with(p: &RosterProblem, agent: &Agent, limits: &AgentLimits, slot: Slot) -> bool {
    let t = &p.rules.shifts[slot.template];
    t.allows(agent.contract)
        && agent.available_on(p.horizon.dates[slot.day])
        && (!t.is_night(&p.rules.night) || agent.may_work_nights())
        && limits.max_shifts.get(&t.id) != Some(&0)
}

// ---- one shift per day -------------------------------------------------------------------

/// At most one shift per agent per day.
pub fn one_shift_per_day(vars: &AgentVars, mip: &mut Mip) {
    for d in 0..vars.len() {
        if vars[d].len() > 1 {
            mip.le(&day_terms(vars, d), 1.0);
        }
    }
}

/// Checks [`one_shift_per_day`].
pub fn check_one_shift_per_day(worked: &[Worked]) -> Vec<Breach> {
    let mut per_day: BTreeMap<usize, usize> = BTreeMap::new();
    for w in worked {
        *per_day.entry(w.0).or_insert(0) += 1;
    }
    per_day
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(d, n)| breach("one_shift_per_day", d, format!("{n} shifts on one day")))
        .collect()
}

// ---- weekly hours ------------------------------------------------------------------------

fn hours_terms(
    p: &RosterProblem,
    vars: &AgentVars,
    days: std::ops::Range<usize>,
) -> Vec<(usize, f64)> {
    vars[days]
        .iter()
        .flatten()
        .map(|x| (x.var, p.rules.shifts[x.slot.template].paid_hours()))
        .collect()
}

fn worked_hours(p: &RosterProblem, worked: &[Worked], days: &std::ops::Range<usize>) -> f64 {
    worked
        .iter()
        .filter(|w| days.contains(&w.0))
        .map(|w| p.rules.shifts[w.1].paid_hours())
        .sum::<f64>()
        // An empty f64 sum is −0.0, which messages would print as "-0".
        + 0.0
}

/// Paid hours within the contract's weekly maximum, in each week of the horizon.
pub fn max_weekly_hours(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    for w in p.horizon.weeks() {
        mip.le(&hours_terms(p, vars, w), agent.max_week_hours);
    }
}

/// Checks [`max_weekly_hours`].
pub fn check_max_weekly_hours(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    let mut out = Vec::new();
    for w in p.horizon.weeks() {
        let h = worked_hours(p, worked, &w);
        if h > agent.max_week_hours + 1e-9 {
            out.push(breach(
                "max_weekly_hours",
                w.start,
                format!(
                    "{h} paid hours above the contract's {}",
                    agent.max_week_hours
                ),
            ));
        }
    }
    out
}

/// Minimum weekly hours, in each week of the horizon: `Σ hours + under ≥ min`. Soft by
/// default, `under` priced at `price_per_hour` (guaranteed hours are paid whether or not they
/// are rostered); with `min_hours_hard`, `under` costs [`HARD_SHORT_PRICE_PER_MINUTE`].
/// Returns the first week's `under` variable.
pub fn min_weekly_hours(
    p: &RosterProblem,
    agent: &Agent,
    vars: &AgentVars,
    mip: &mut Mip,
    price_per_hour: f64,
) -> Option<usize> {
    let price = if p.rules.min_hours_hard {
        HARD_SHORT_PRICE_PER_MINUTE * 60.0
    } else {
        price_per_hour
    };
    let mut first = None;
    for w in p.horizon.weeks() {
        let min = p.min_hours_in(agent, w.clone());
        if min <= 0.0 {
            continue;
        }
        let under = mip.continuous(0.0, min, price);
        let mut terms = hours_terms(p, vars, w);
        terms.push((under, 1.0));
        mip.ge(&terms, min);
        first.get_or_insert(under);
    }
    first
}

/// Hours short of the weekly guaranteed minimum (soft unless `min_hours_hard`).
pub fn check_min_weekly_hours(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    let mut out = Vec::new();
    for w in p.horizon.weeks() {
        let h = worked_hours(p, worked, &w);
        let min = p.min_hours_in(agent, w.clone());
        if h + 1e-9 < min {
            out.push(breach(
                "min_weekly_hours",
                w.start,
                if p.rules.min_hours_hard {
                    format!("{h} paid hours below the minimum {min}")
                } else {
                    format!("{h} paid hours below the guaranteed {min} (idle paid hours)")
                },
            ));
        }
    }
    out
}

// ---- totals over the horizon -------------------------------------------------------------

fn minutes_terms(p: &RosterProblem, vars: &AgentVars) -> Vec<(usize, f64)> {
    vars.iter()
        .flatten()
        .map(|x| (x.var, p.rules.shifts[x.slot.template].length_minutes as f64))
        .collect()
}

fn worked_minutes(p: &RosterProblem, worked: &[Worked]) -> u64 {
    worked
        .iter()
        .map(|w| u64::from(p.rules.shifts[w.1].length_minutes))
        .sum()
}

/// Most minutes worked over the horizon (`max_total_hours` of the agent's `[[limits]]`), shift
/// lengths.
pub fn max_total_minutes(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    if let Some(max) = p.rules.limits_for(agent).max_total_minutes {
        mip.le(&minutes_terms(p, vars), max as f64);
    }
}

/// Checks [`max_total_minutes`].
pub fn check_max_total_minutes(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    match p.rules.limits_for(agent).max_total_minutes {
        Some(max) if worked_minutes(p, worked) > u64::from(max) => vec![breach(
            "max_total_minutes",
            0,
            format!(
                "{} minutes worked over the horizon; at most {max}",
                worked_minutes(p, worked)
            ),
        )],
        _ => Vec::new(),
    }
}

/// Fewest minutes worked over the horizon (`min_total_hours` of the agent's `[[limits]]`):
/// `Σ minutes + short ≥ min`, `short` priced per minute at `price_per_hour / 60` — or at
/// [`HARD_SHORT_PRICE_PER_MINUTE`] when `min_hours_hard`. Returns the `short` variable.
pub fn min_total_minutes(
    p: &RosterProblem,
    agent: &Agent,
    vars: &AgentVars,
    mip: &mut Mip,
    price_per_hour: f64,
) -> Option<usize> {
    let min = p
        .rules
        .limits_for(agent)
        .min_total_minutes
        .filter(|&m| m > 0)? as f64;
    let price = if p.rules.min_hours_hard {
        HARD_SHORT_PRICE_PER_MINUTE
    } else {
        price_per_hour / 60.0
    };
    let short = mip.continuous(0.0, min, price);
    let mut terms = minutes_terms(p, vars);
    terms.push((short, 1.0));
    mip.ge(&terms, min);
    Some(short)
}

/// Checks [`min_total_minutes`] (hard when `min_hours_hard`).
pub fn check_min_total_minutes(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    match p.rules.limits_for(agent).min_total_minutes {
        Some(min) if worked_minutes(p, worked) < u64::from(min) => vec![breach(
            "min_total_minutes",
            0,
            format!(
                "{} minutes worked over the horizon; at least {min}",
                worked_minutes(p, worked)
            ),
        )],
        _ => Vec::new(),
    }
}

/// Most shifts of each template over the horizon (`max_shifts` of the agent's `[[limits]]`; a
/// limit of 0 is applied by not creating the variables, see [`eligible`]).
pub fn max_shifts_per_type(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    for (id, &max) in &p.rules.limits_for(agent).max_shifts {
        let Some(t) = p.template(id) else { continue };
        let terms: Vec<(usize, f64)> = vars
            .iter()
            .flatten()
            .filter(|x| x.slot.template == t)
            .map(|x| (x.var, 1.0))
            .collect();
        mip.le(&terms, max as f64);
    }
}

/// Checks [`max_shifts_per_type`]: reported on the day of the first shift above the limit.
pub fn check_max_shifts_per_type(
    p: &RosterProblem,
    agent: &Agent,
    worked: &[Worked],
) -> Vec<Breach> {
    let mut out = Vec::new();
    for (id, &max) in &p.rules.limits_for(agent).max_shifts {
        let Some(t) = p.template(id) else { continue };
        let mut days: Vec<usize> = worked.iter().filter(|w| w.1 == t).map(|w| w.0).collect();
        days.sort_unstable();
        if days.len() > max as usize {
            out.push(breach(
                "max_shifts_per_type",
                days[max as usize],
                format!("{} '{id}' shifts; at most {max}", days.len()),
            ));
        }
    }
    out
}

// ---- days off and consecutive days ------------------------------------------------------

/// Days off a 7-day block of `len` days must contain: the weekly minimum, less the days of the
/// week outside the horizon (they may be the days off).
fn days_off_in_block(p: &RosterProblem, len: usize) -> usize {
    (p.rules.min_days_off_per_week as usize).saturating_sub(super::week::DAYS - len)
}

/// At least `min_days_off_per_week` days without a shift in each week of the horizon.
pub fn days_off_per_week(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    for w in p.horizon.weeks() {
        let max_days = w.len() - days_off_in_block(p, w.len()).min(w.len());
        let terms: Vec<(usize, f64)> = vars[w].iter().flatten().map(|x| (x.var, 1.0)).collect();
        mip.le(&terms, max_days as f64);
    }
}

/// Checks [`days_off_per_week`].
pub fn check_days_off_per_week(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let on = on_days(p, worked);
    let mut out = Vec::new();
    for w in p.horizon.weeks() {
        let off = on[w.clone()].iter().filter(|x| !**x).count();
        let need = days_off_in_block(p, w.len());
        if off < need {
            out.push(breach(
                "days_off_per_week",
                w.start,
                format!("{off} days off; at least {need} required"),
            ));
        }
    }
    out
}

/// No more than `k` working days in any `k + 1` consecutive days of the horizon.
fn consecutive_cap(vars: &AgentVars, k: usize, mip: &mut Mip) {
    let n = vars.len();
    if k >= n {
        return;
    }
    for first in 0..n - k {
        let terms: Vec<(usize, f64)> = (first..=first + k)
            .flat_map(|d| day_terms(vars, d))
            .collect();
        mip.le(&terms, k as f64);
    }
}

fn check_consecutive_cap(p: &RosterProblem, worked: &[Worked], k: usize) -> Vec<Breach> {
    let mut run = 0;
    let mut out = Vec::new();
    for d in 0..p.days() {
        run = if works(worked, d) { run + 1 } else { 0 };
        if run == k + 1 {
            out.push(breach(
                "max_consecutive_days",
                d,
                format!("{run} working days in a row; at most {k}"),
            ));
        }
    }
    out
}

/// No more than `max_consecutive_days` (of `rules.toml`) working days in a row.
pub fn max_consecutive_days(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    consecutive_cap(vars, p.rules.max_consecutive_days as usize, mip);
}

/// Checks [`max_consecutive_days`].
pub fn check_max_consecutive_days(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    check_consecutive_cap(p, worked, p.rules.max_consecutive_days as usize)
}

/// No more working days in a row than the agent's limit (its own, else the rules').
pub fn agent_max_consecutive_days(
    p: &RosterProblem,
    agent: &Agent,
    vars: &AgentVars,
    mip: &mut Mip,
) {
    consecutive_cap(
        vars,
        run_limits(p, agent).max_consecutive_days as usize,
        mip,
    );
}

/// Checks [`agent_max_consecutive_days`].
pub fn check_agent_max_consecutive_days(
    p: &RosterProblem,
    agent: &Agent,
    worked: &[Worked],
) -> Vec<Breach> {
    check_consecutive_cap(
        p,
        worked,
        run_limits(p, agent).max_consecutive_days as usize,
    )
}

/// At least `s` working days in a row, except for runs touching the first or last day.
///
/// Formulation (Rajan–Takriti "turn-on" inequalities, the convex hull of a minimum run
/// length): `y[τ] ≥ w[τ] − w[τ−1]` marks a run starting on day τ ≥ 1 (continuous, it is pushed
/// to 0 or 1 by the rows), and `Σ_{τ = t−s+1..t} y[τ] ≤ w[t]` for every day t: a run started
/// within the last `s` days is still on. Runs starting on day 0 touch the first day and get no
/// `y`; a run reaching the last day meets no row past it. Measured on the benchmark, this
/// tightens the LP relaxation well beyond the pairwise form
/// `w[d+1] − w[d] − w[d+j] ≤ 0` at the same size.
pub fn min_consecutive_days(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    let s = run_limits(p, agent).min_consecutive_days as usize;
    run_minimum(vars, s, true, mip);
}

/// Checks [`min_consecutive_days`].
pub fn check_min_consecutive_days(
    p: &RosterProblem,
    agent: &Agent,
    worked: &[Worked],
) -> Vec<Breach> {
    let s = run_limits(p, agent).min_consecutive_days as usize;
    check_run_minimum(p, worked, s, true)
}

/// At least `s` days off in a row, except for runs touching the first or last day: the same
/// turn-on formulation as [`min_consecutive_days`] on the days off (`z[τ] ≥ w[τ−1] − w[τ]`,
/// `Σ z + w[t] ≤ 1`). Unavailable days are days off.
pub fn min_consecutive_days_off(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    let s = run_limits(p, agent).min_consecutive_days_off as usize;
    run_minimum(vars, s, false, mip);
}

/// Checks [`min_consecutive_days_off`].
pub fn check_min_consecutive_days_off(
    p: &RosterProblem,
    agent: &Agent,
    worked: &[Worked],
) -> Vec<Breach> {
    let s = run_limits(p, agent).min_consecutive_days_off as usize;
    check_run_minimum(p, worked, s, false)
}

/// Turn-on inequalities for runs of working days (`on`) or days off (`!on`) of length ≥ `s`.
fn run_minimum(vars: &AgentVars, s: usize, on: bool, mip: &mut Mip) {
    let n = vars.len();
    if s <= 1 || n < 3 {
        return;
    }
    // Start of a run on day τ: on → w[τ] − w[τ−1]; off → w[τ−1] − w[τ].
    let sign = if on { 1.0 } else { -1.0 };
    let mut start: Vec<Option<usize>> = vec![None; n];
    for (tau, st) in start.iter_mut().enumerate().skip(1) {
        // A run of the state cannot start where the day before cannot be in the other state
        // or the day itself cannot be in the state: only an empty day is necessarily off.
        let can = if on {
            !vars[tau].is_empty()
        } else {
            !vars[tau - 1].is_empty()
        };
        if !can {
            continue;
        }
        let y = mip.continuous(0.0, 1.0, 0.0);
        // y − sign·w[τ] + sign·w[τ−1] ≥ 0
        let mut terms = vec![(y, 1.0)];
        terms.extend(scaled_day_terms(vars, tau, -sign));
        terms.extend(scaled_day_terms(vars, tau - 1, sign));
        mip.ge(&terms, 0.0);
        *st = Some(y);
    }
    for t in 1..n {
        let ys: Vec<(usize, f64)> = (t.saturating_sub(s - 1).max(1)..=t)
            .filter_map(|tau| start[tau].map(|y| (y, 1.0)))
            .collect();
        if ys.is_empty() {
            continue;
        }
        let mut terms = ys;
        if on {
            // Σ y ≤ w[t]
            terms.extend(scaled_day_terms(vars, t, -1.0));
            mip.le(&terms, 0.0);
        } else {
            // Σ z ≤ 1 − w[t]
            terms.extend(scaled_day_terms(vars, t, 1.0));
            mip.le(&terms, 1.0);
        }
    }
}

fn check_run_minimum(p: &RosterProblem, worked: &[Worked], s: usize, on: bool) -> Vec<Breach> {
    let days = on_days(p, worked);
    let n = days.len();
    if s <= 1 {
        return Vec::new();
    }
    runs(&days, on)
        .into_iter()
        .filter(|&(a, b)| a > 0 && b + 1 < n && b + 1 - a < s)
        .map(|(a, b)| {
            let (rule, what) = if on {
                ("min_consecutive_days", "working days")
            } else {
                ("min_consecutive_days_off", "days off")
            };
            breach(
                rule,
                a,
                format!("a run of {} {what}; at least {s}", b + 1 - a),
            )
        })
        .collect()
}

/// The three run rules at once — at most `max_consecutive_days` and at least
/// `min_consecutive_days` working days in a row, at least `min_consecutive_days_off` days off
/// in a row, runs touching the first or last day exempt from the minima — as a path through a
/// network of work stretches and off runs, one unit of flow per agent:
///
/// * node `O_b`: an off run long enough (or the horizon's start) before day `b`; node `A_b`: a
///   work stretch just ended, day `b` starts an off run;
/// * stretch arcs `O_b → A_{b+ℓ}` for lengths ℓ in `[min_on, max_on]` (from 1 when the stretch
///   touches the first or last day), over days that can be worked;
/// * off arcs `A_b → O_{b+min_off}` (shorter when they reach the end) and `O_b → O_{b+1}`;
/// * `Σ_t x[d, t] = Σ` stretch arcs covering day `d`.
///
/// Arcs are continuous: with the shift variables whole, the flow is the agent's runs. The
/// network is the convex hull of the run rules together, where the separate formulations
/// ([`agent_max_consecutive_days`], [`min_consecutive_days`], [`min_consecutive_days_off`])
/// are each tight alone but not jointly; the roster model uses it when a minimum is set.
/// Returns false (adding nothing) when no minimum applies.
pub fn consecutive_runs(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) -> bool {
    let l = run_limits(p, agent);
    let n = vars.len();
    let (min_on, max_on, min_off) = (
        l.min_consecutive_days.max(1) as usize,
        (l.max_consecutive_days.max(1) as usize).min(n.max(1)),
        l.min_consecutive_days_off.max(1) as usize,
    );
    if (min_on <= 1 && min_off <= 1) || n == 0 {
        return false;
    }
    // Flow rows: out − in for O_b (b = 0..n) and A_b (b = 1..n); O_0 supplies 1.
    let mut flow_o: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n + 1];
    let mut flow_a: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n + 1];
    let mut cover: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for b in 0..n {
        // Stretches from O_b.
        for len in 1..=max_on.min(n - b) {
            let e = b + len;
            if (b..e).any(|d| vars[d].is_empty()) {
                break;
            }
            let exempt = b == 0 || e == n;
            if len < min_on && !exempt {
                continue;
            }
            let f = mip.continuous(0.0, 1.0, 0.0);
            flow_o[b].push((f, 1.0));
            flow_a[e].push((f, -1.0));
            for c in &mut cover[b..e] {
                c.push((f, -1.0));
            }
        }
        // Off runs: stay off from O_b, or enter an off run from A_b (b ≥ 1).
        let f = mip.continuous(0.0, 1.0, 0.0);
        flow_o[b].push((f, 1.0));
        flow_o[b + 1].push((f, -1.0));
        if b >= 1 {
            let f = mip.continuous(0.0, 1.0, 0.0);
            flow_a[b].push((f, 1.0));
            flow_o[(b + min_off).min(n)].push((f, -1.0));
        }
    }
    for (b, terms) in flow_o.iter().enumerate().take(n) {
        mip.eq(terms, if b == 0 { 1.0 } else { 0.0 });
    }
    for terms in flow_a.iter().take(n).skip(1) {
        mip.eq(terms, 0.0);
    }
    for (d, mut terms) in cover.into_iter().enumerate() {
        terms.extend(day_terms(vars, d));
        mip.eq(&terms, 0.0);
    }
    true
}

/// Most weekends worked over the horizon (a weekend counts when its Saturday or Sunday has a
/// shift): `v[k] ≥ w[d]` for each day of weekend k, `Σ v ≤ max` (`v` continuous).
pub fn max_weekends(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    let Some(max) = run_limits(p, agent).max_weekends else {
        return;
    };
    let weekends: Vec<Vec<usize>> = p
        .horizon
        .weekends()
        .into_iter()
        .filter(|days| days.iter().any(|&d| !vars[d].is_empty()))
        .collect();
    if weekends.len() <= max as usize {
        return;
    }
    let mut total = Vec::new();
    for days in weekends {
        let v = mip.continuous(0.0, 1.0, 0.0);
        for d in days {
            let mut terms = day_terms(vars, d);
            if terms.is_empty() {
                continue;
            }
            terms.push((v, -1.0));
            mip.le(&terms, 0.0);
        }
        total.push((v, 1.0));
    }
    mip.le(&total, max as f64);
}

/// Checks [`max_weekends`]: reported on the first day of the first weekend above the limit.
pub fn check_max_weekends(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    let Some(max) = run_limits(p, agent).max_weekends else {
        return Vec::new();
    };
    let worked_weekends: Vec<usize> = p
        .horizon
        .weekends()
        .into_iter()
        .filter(|days| days.iter().any(|&d| works(worked, d)))
        .map(|days| days[0])
        .collect();
    if worked_weekends.len() > max as usize {
        vec![breach(
            "max_weekends",
            worked_weekends[max as usize],
            format!("{} weekends worked; at most {max}", worked_weekends.len()),
        )]
    } else {
        Vec::new()
    }
}

// ---- rest between shifts ----------------------------------------------------------------

/// Whether working `a` and then `b` (a later slot) leaves less than `min_rest` hours between
/// them (or makes them overlap).
fn too_close(p: &RosterProblem, a: Slot, b: Slot, min_rest_hours: f64) -> bool {
    let (ta, tb) = (&p.rules.shifts[a.template], &p.rules.shifts[b.template]);
    let gap = b.start_minute(tb) - a.end_minute(ta);
    (gap as f64) < min_rest_hours * 60.0
}

/// Days after a shift on which a shift can start within `rest_hours` of its end (shifts last
/// at most a day).
pub(super) fn reach_days(rest_hours: f64) -> usize {
    2 + (rest_hours.max(0.0) / 24.0).ceil() as usize
}

/// At least `min_rest_hours` between the end of a shift and the start of the next. For each
/// shift, the conflicting shifts of each later day are summed into one constraint (at most one
/// shift per day makes that valid and tighter).
pub fn min_rest_between_shifts(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let rest = p.rules.min_rest_hours;
    let n = vars.len();
    for d in 0..n {
        for x in &vars[d] {
            for later in vars.iter().take(n.min(d + reach_days(rest))).skip(d + 1) {
                let mut terms: Vec<(usize, f64)> = later
                    .iter()
                    .filter(|y| too_close(p, x.slot, y.slot, rest))
                    .map(|y| (y.var, 1.0))
                    .collect();
                if !terms.is_empty() {
                    terms.push((x.var, 1.0));
                    mip.le(&terms, 1.0);
                }
            }
        }
    }
}

/// Checks [`min_rest_between_shifts`].
pub fn check_min_rest_between_shifts(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let mut out = Vec::new();
    let mut w = worked.to_vec();
    w.sort();
    for pair in w.windows(2) {
        let (a, b) = (
            Slot {
                day: pair[0].0,
                template: pair[0].1,
            },
            Slot {
                day: pair[1].0,
                template: pair[1].1,
            },
        );
        if a.day != b.day && too_close(p, a, b, p.rules.min_rest_hours) {
            let gap = (b.start_minute(&p.rules.shifts[b.template])
                - a.end_minute(&p.rules.shifts[a.template])) as f64
                / 60.0;
            out.push(breach(
                "min_rest_between_shifts",
                b.day,
                format!(
                    "{gap} h rest before this shift; at least {} h",
                    p.rules.min_rest_hours
                ),
            ));
        }
    }
    out
}

/// `forbidden[t][u]`: template `u` may not follow template `t` the next day.
pub(super) fn forbidden_matrix(p: &RosterProblem) -> Vec<Vec<bool>> {
    let n = p.rules.shifts.len();
    let mut m = vec![vec![false; n]; n];
    for (t, tpl) in p.rules.shifts.iter().enumerate() {
        for id in &tpl.not_followed_by {
            if let Some(u) = p.template(id) {
                m[t][u] = true;
            }
        }
    }
    m
}

/// Forbidden successions (`not_followed_by` of a shift): for each day `d` and each distinct set
/// `S` of the next day's shifts that some shift of day `d` forbids,
/// `Σ_{t forbids exactly S} x[d, t] + Σ_{u ∈ S} x[d+1, u] ≤ 1`.
///
/// Valid because an agent works at most one shift a day and every shift in the row forbids
/// every shift of the next day in it; every forbidden pair lies in the row of its first shift's
/// set. Shifts sharing a forbidden set share a row: on instance 24 of the shift-scheduling
/// benchmark (32 shifts, 7 distinct sets) that is 0.31 M rows instead of 0.86 M. Where every
/// set is distinct the rows are those of a row per shift. (Adding the shifts whose set
/// contains `S` is valid and tighter, but on instance 6, where L forbids {E, D} and D forbids
/// {E}, the run then ended at 2,042 twice against the optimum 1,950 proved with these rows.)
pub fn forbidden_successions(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let forbidden = forbidden_matrix(p);
    if !forbidden.iter().flatten().any(|&f| f) {
        return;
    }
    for d in 0..vars.len().saturating_sub(1) {
        // Each of day d's variables with the variables of day d+1 it may not precede (all
        // filtered from the same list, so equal sets compare equal without sorting).
        let conflicts: Vec<(usize, Vec<usize>)> = vars[d]
            .iter()
            .map(|x| {
                let next: Vec<usize> = vars[d + 1]
                    .iter()
                    .filter(|y| forbidden[x.slot.template][y.slot.template])
                    .map(|y| y.var)
                    .collect();
                (x.var, next)
            })
            .filter(|(_, next)| !next.is_empty())
            .collect();
        // Rows in the order of their first shift: a model whose shifts all have distinct sets
        // gets the very rows (and so HiGHS the search path) of a row per shift.
        let mut done: Vec<&Vec<usize>> = Vec::new();
        for (_, set) in &conflicts {
            if done.contains(&set) {
                continue;
            }
            done.push(set);
            let mut terms: Vec<(usize, f64)> = conflicts
                .iter()
                .filter(|(_, f)| f == set)
                .map(|&(v, _)| (v, 1.0))
                .collect();
            terms.extend(set.iter().map(|&u| (u, 1.0)));
            mip.le(&terms, 1.0);
        }
    }
}

/// Checks [`forbidden_successions`]: reported on the day of the second shift.
pub fn check_forbidden_successions(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let forbidden = forbidden_matrix(p);
    let mut out = Vec::new();
    for &(d, t) in worked {
        for &(d2, u) in worked.iter().filter(|w| w.0 == d + 1) {
            if forbidden[t][u] {
                out.push(breach(
                    "forbidden_succession",
                    d2,
                    format!(
                        "'{}' may not follow '{}' of the day before",
                        p.rules.shifts[u].id, p.rules.shifts[t].id
                    ),
                ));
            }
        }
    }
    out.sort_by_key(|b| b.day);
    out
}

// ---- night rules --------------------------------------------------------------------------

/// Night shifts only for eligible, unprotected agents (enforced by not creating the
/// variables); this checks a finished roster.
pub fn check_night_eligibility(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    worked
        .iter()
        .filter(|w| is_night(p, w.1) && !agent.may_work_nights())
        .map(|w| {
            let why = match agent.protection {
                Some(pr) => format!("{} agents may not work nights (labour law)", pr.as_str()),
                None => "agent is not night-eligible".to_string(),
            };
            breach("night_eligibility", w.0, why)
        })
        .collect()
}

/// No more than `max_consecutive_nights` night shifts in a row.
pub fn max_consecutive_nights(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let k = p.rules.night.max_consecutive_nights as usize;
    let n = vars.len();
    if k >= n {
        return;
    }
    // Each day's nights once, not once per window holding the day (k + 1 times: 15 for the
    // benchmark's year of 150 agents, 52,500 windows).
    let nights: Vec<Vec<(usize, f64)>> = (0..n).map(|d| night_terms(p, vars, d)).collect();
    for first in 0..n - k {
        let window = &nights[first..=first + k];
        // k or fewer night shifts cannot break the row (most windows of most agents).
        if window.iter().map(Vec::len).sum::<usize>() <= k {
            continue;
        }
        let terms: Vec<(usize, f64)> = window.iter().flatten().copied().collect();
        mip.le(&terms, k as f64);
    }
}

/// Checks [`max_consecutive_nights`].
pub fn check_max_consecutive_nights(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let k = p.rules.night.max_consecutive_nights as usize;
    let mut run = 0;
    let mut out = Vec::new();
    for d in 0..p.days() {
        let night = worked.iter().any(|w| w.0 == d && is_night(p, w.1));
        run = if night { run + 1 } else { 0 };
        if run == k + 1 {
            out.push(breach(
                "max_consecutive_nights",
                d,
                format!("{run} nights in a row; at most {k}"),
            ));
        }
    }
    out
}

/// After the last night of a run, no shift may start within `rest_after_night_run_hours` of
/// its end. A night on the next day continues the run and lifts the constraint:
/// `night(d) + shift(d') − nights(d+1) ≤ 1`.
pub fn rest_after_night_run(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let rest = p.rules.night.rest_after_night_run_hours;
    let n = vars.len();
    for d in 0..n {
        for x in vars[d].iter().filter(|x| is_night(p, x.slot.template)) {
            let next_nights = if d + 1 < n {
                night_terms(p, vars, d + 1)
            } else {
                Vec::new()
            };
            let last = n.min(d + reach_days(rest));
            for (d2, later) in vars.iter().enumerate().take(last).skip(d + 1) {
                for y in later {
                    let continues = d2 == d + 1 && is_night(p, y.slot.template);
                    if continues || !too_close(p, x.slot, y.slot, rest) {
                        continue;
                    }
                    let mut terms = vec![(x.var, 1.0), (y.var, 1.0)];
                    if d2 > d + 1 {
                        terms.extend(next_nights.iter().map(|&(v, _)| (v, -1.0)));
                    }
                    mip.le(&terms, 1.0);
                }
            }
        }
    }
}

/// Checks [`rest_after_night_run`].
pub fn check_rest_after_night_run(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let rest = p.rules.night.rest_after_night_run_hours;
    let mut out = Vec::new();
    for &(d, t) in worked.iter().filter(|w| is_night(p, w.1)) {
        let continues = worked.iter().any(|w| w.0 == d + 1 && is_night(p, w.1));
        if continues {
            continue;
        }
        for &(d2, t2) in worked.iter().filter(|w| w.0 > d) {
            let (a, b) = (
                Slot {
                    day: d,
                    template: t,
                },
                Slot {
                    day: d2,
                    template: t2,
                },
            );
            if too_close(p, a, b, rest) {
                out.push(breach(
                    "rest_after_night_run",
                    d2,
                    format!("shift starts within {rest} h of the end of a night run"),
                ));
            }
        }
    }
    out
}

/// No more than `max_nights_per_week` night shifts in each week of the horizon.
pub fn max_nights_per_week(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    for w in p.horizon.weeks() {
        let terms: Vec<(usize, f64)> = w.flat_map(|d| night_terms(p, vars, d)).collect();
        if terms.len() > p.rules.night.max_nights_per_week as usize {
            mip.le(&terms, p.rules.night.max_nights_per_week as f64);
        }
    }
}

/// Checks [`max_nights_per_week`].
pub fn check_max_nights_per_week(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let max = p.rules.night.max_nights_per_week as usize;
    let mut out = Vec::new();
    for w in p.horizon.weeks() {
        let n = worked
            .iter()
            .filter(|x| w.contains(&x.0) && is_night(p, x.1))
            .count();
        if n > max {
            out.push(breach(
                "max_nights_per_week",
                w.start,
                format!("{n} nights; at most {max}"),
            ));
        }
    }
    out
}

// ---- preferences (weighted on/off requests) ------------------------------------------------

/// Whether `pref` holds for a roster in which the agent works `worked`.
pub fn preference_met(p: &RosterProblem, pref: &Preference, worked: &[Worked]) -> bool {
    let Some(d) = p.horizon.day_of(pref.date) else {
        return true;
    };
    let hit = worked.iter().any(|w| {
        w.0 == d
            && pref
                .shift
                .as_deref()
                .is_none_or(|s| p.rules.shifts[w.1].id == s)
    });
    hit == pref.want_on
}

/// One weighted request, priced on a continuous variable: on → `miss ≥ 1 − Σ x` (granted when
/// any matching shift is worked), off → `hit ≥ Σ x` (exact: at most one shift a day). Returns
/// the variable, or `None` for a date outside the horizon.
pub fn preference(
    p: &RosterProblem,
    pref: &Preference,
    vars: &AgentVars,
    mip: &mut Mip,
) -> Option<usize> {
    let d = p.horizon.day_of(pref.date)?;
    let terms: Vec<(usize, f64)> = vars[d]
        .iter()
        .filter(|x| {
            pref.shift
                .as_deref()
                .is_none_or(|s| p.rules.shifts[x.slot.template].id == s)
        })
        .map(|x| (x.var, 1.0))
        .collect();
    if pref.want_on {
        let miss = mip.continuous(0.0, 1.0, pref.weight);
        let mut t = terms;
        t.push((miss, 1.0));
        mip.ge(&t, 1.0);
        Some(miss)
    } else {
        if terms.is_empty() {
            return None;
        }
        let hit = mip.continuous(0.0, 1.0, pref.weight);
        let mut t = terms;
        t.push((hit, -1.0));
        mip.le(&t, 0.0);
        Some(hit)
    }
}

/// Requests of `agent` not granted (soft: the detail names the weight).
pub fn check_preferences(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    p.preferences
        .iter()
        .filter(|x| x.agent == agent.id && !preference_met(p, x, worked))
        .filter_map(|x| {
            let d = p.horizon.day_of(x.date)?;
            let what = match (&x.shift, x.want_on) {
                (Some(s), true) => format!("wanted to work '{s}'"),
                (None, true) => "wanted to work".to_string(),
                (Some(s), false) => format!("wanted '{s}' off"),
                (None, false) => "wanted the day off".to_string(),
            };
            Some(breach(
                "preference",
                d,
                format!("{what} (weight {})", x.weight),
            ))
        })
        .collect()
}

// ---- shift cover (under and over) ----------------------------------------------------------

/// Cover of each [`crate::model::ShiftCover`] line of the rules on each day of the horizon it
/// applies to: `Σ x + under − over = required`, `under ≤ required` priced at the under weight,
/// `over` at the over weight (every applicable line is its own target). `all` are the
/// variables of every agent in the model; lines of pools outside `pools` are skipped. Returns
/// the (line, day, under, over) variables.
pub fn shift_cover(
    p: &RosterProblem,
    all: &[AgentVars],
    pools: &[usize],
    mip: &mut Mip,
) -> Vec<(usize, usize, usize, usize)> {
    let mut by_key: BTreeMap<(usize, usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    for x in all.iter().flatten().flatten() {
        by_key
            .entry((x.pool, x.slot.day, x.slot.template))
            .or_default()
            .push((x.var, 1.0));
    }
    let mut out = Vec::new();
    for (i, c) in p.cover.iter().enumerate() {
        let (Some(g), Some(t)) = (
            p.pools.iter().position(|q| *q == c.pool),
            p.template(&c.shift),
        ) else {
            continue;
        };
        if !pools.contains(&g) {
            continue;
        }
        for d in (0..p.days()).filter(|&d| c.applies_on(p.horizon.dates[d])) {
            let mut terms = by_key.get(&(g, d, t)).cloned().unwrap_or_default();
            let under = mip.continuous(0.0, c.required as f64, c.under_weight);
            let over = mip.continuous(0.0, f64::INFINITY, c.over_weight);
            terms.push((under, 1.0));
            terms.push((over, -1.0));
            mip.eq(&terms, c.required as f64);
            out.push((i, d, under, over));
        }
    }
    out
}

/// Under- and over-cover of one [`crate::model::ShiftCover`] line on one day in a roster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CoverGap {
    /// Index of the line in `rules.cover`.
    pub line: usize,
    /// Pool id.
    pub pool: String,
    /// Date.
    pub date: chrono::NaiveDate,
    /// Shift id.
    pub shift: String,
    /// Agents wanted.
    pub required: u32,
    /// Agents rostered on the shift in the pool.
    pub scheduled: u32,
    /// Agents missing.
    pub under: u32,
    /// Agents beyond the requirement.
    pub over: u32,
    /// Price: under × under weight + over × over weight.
    pub penalty: f64,
}

/// Checks [`shift_cover`] on a finished roster: every cover line on every day it applies, with
/// its shortfall, excess and price (soft; assignments outside the problem are ignored here —
/// [`super::check_roster`] reports them).
pub fn check_shift_cover(p: &RosterProblem, roster: &Roster) -> Vec<CoverGap> {
    let mut count: BTreeMap<(&str, chrono::NaiveDate, &str), u32> = BTreeMap::new();
    for a in &roster.assignments {
        *count
            .entry((a.pool.as_str(), a.date, a.shift.as_str()))
            .or_insert(0) += 1;
    }
    let mut out = Vec::new();
    for (line, c) in p.cover.iter().enumerate() {
        for &date in p.horizon.dates.iter().filter(|&&d| c.applies_on(d)) {
            let scheduled = count
                .get(&(c.pool.as_str(), date, c.shift.as_str()))
                .copied()
                .unwrap_or(0);
            let under = c.required.saturating_sub(scheduled);
            let over = scheduled.saturating_sub(c.required);
            out.push(CoverGap {
                line,
                pool: c.pool.clone(),
                date,
                shift: c.shift.clone(),
                required: c.required,
                scheduled,
                under,
                over,
                penalty: under as f64 * c.under_weight + over as f64 * c.over_weight,
            });
        }
    }
    out
}

// ---- fairness -----------------------------------------------------------------------------

/// Which unpopular shifts fairness spreads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpopular {
    /// Night shifts.
    Nights,
    /// Shifts on Saturdays and Sundays.
    Weekends,
    /// Shifts on statutory holidays.
    Holidays,
}

/// Whether a worked slot counts as `kind`.
pub fn counts_as(p: &RosterProblem, kind: Unpopular, slot: Slot) -> bool {
    match kind {
        Unpopular::Nights => is_night(p, slot.template),
        Unpopular::Weekends => p.horizon.is_weekend(slot.day),
        Unpopular::Holidays => p.horizon.day_types[slot.day] == crate::model::DayType::Statutory,
    }
}

/// Fairness as min–max: one variable `m ≥ (unpopular shifts of each agent)`, priced by the
/// weight, so the solver lowers the heaviest load first.
pub fn fairness(p: &RosterProblem, all: &[AgentVars], kind: Unpopular, weight: f64, mip: &mut Mip) {
    if weight <= 0.0 {
        return;
    }
    let loads: Vec<Vec<(usize, f64)>> = all
        .iter()
        .map(|vars| {
            vars.iter()
                .flatten()
                .filter(|x| counts_as(p, kind, x.slot))
                .map(|x| (x.var, 1.0))
                .collect::<Vec<_>>()
        })
        .filter(|t| t.len() > 1)
        .collect();
    if loads.is_empty() {
        return;
    }
    let m = mip.continuous(0.0, f64::INFINITY, weight);
    for mut t in loads {
        t.push((m, -1.0));
        mip.le(&t, 0.0);
    }
}
