//! The roster rules. Each rule is one small function that adds its constraints for one agent
//! to the integer program, beside one that checks a finished roster for it; both read the same
//! `rules.toml` settings, so the model and the checker cannot drift apart silently.
//!
//! Hard rules: one shift per day, skills and contracts, availability, night eligibility (never
//! for protected agents), maximum weekly hours, days off per week, maximum consecutive working
//! days, minimum rest between shifts, maximum consecutive nights, rest after a night run,
//! maximum nights per week. Soft rules (a hard rule with a price): minimum weekly hours (the
//! guaranteed hours are paid whether worked or not), preferences, fairness.

use super::problem::RosterProblem;
use super::solver::Mip;
use super::week::{Slot, DAYS};
use crate::model::Agent;

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

/// An agent's variables by day.
pub type AgentVars = [Vec<XVar>; DAYS];

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

fn breach(rule: &'static str, day: usize, detail: String) -> Breach {
    Breach { rule, day, detail }
}

fn day_terms(vars: &AgentVars, d: usize) -> Vec<(usize, f64)> {
    vars[d].iter().map(|x| (x.var, 1.0)).collect()
}

fn night_terms(p: &RosterProblem, vars: &AgentVars, d: usize) -> Vec<(usize, f64)> {
    vars[d]
        .iter()
        .filter(|x| p.rules.shifts[x.slot.template].is_night(&p.rules.night))
        .map(|x| (x.var, 1.0))
        .collect()
}

fn is_night(p: &RosterProblem, template: usize) -> bool {
    p.rules.shifts[template].is_night(&p.rules.night)
}

/// Whether `agent` may be put on `slot` at all: skills are handled by the pools the variable
/// is created for; here contract, availability and night eligibility.
pub fn eligible(p: &RosterProblem, agent: &Agent, slot: Slot) -> bool {
    let t = &p.rules.shifts[slot.template];
    t.allows(agent.contract)
        && agent.available_on(p.week.dates[slot.day])
        && (!t.is_night(&p.rules.night) || agent.may_work_nights())
}

// ---- one shift per day -------------------------------------------------------------------

/// At most one shift per agent per day.
pub fn one_shift_per_day(vars: &AgentVars, mip: &mut Mip) {
    for d in 0..DAYS {
        if vars[d].len() > 1 {
            mip.le(&day_terms(vars, d), 1.0);
        }
    }
}

/// Checks [`one_shift_per_day`].
pub fn check_one_shift_per_day(worked: &[Worked]) -> Vec<Breach> {
    (0..DAYS)
        .filter_map(|d| {
            let n = worked.iter().filter(|w| w.0 == d).count();
            (n > 1).then(|| breach("one_shift_per_day", d, format!("{n} shifts on one day")))
        })
        .collect()
}

// ---- weekly hours ------------------------------------------------------------------------

/// Paid hours within the contract's maximum.
pub fn max_weekly_hours(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    let terms: Vec<(usize, f64)> = vars
        .iter()
        .flatten()
        .map(|x| (x.var, p.rules.shifts[x.slot.template].paid_hours()))
        .collect();
    mip.le(&terms, agent.max_week_hours);
}

/// Checks [`max_weekly_hours`].
pub fn check_max_weekly_hours(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    let h: f64 = worked
        .iter()
        .map(|w| p.rules.shifts[w.1].paid_hours())
        .sum();
    if h > agent.max_week_hours + 1e-9 {
        vec![breach(
            "max_weekly_hours",
            0,
            format!(
                "{h} paid hours above the contract's {}",
                agent.max_week_hours
            ),
        )]
    } else {
        Vec::new()
    }
}

/// Soft minimum hours: `Σ hours + under ≥ min`, `under` priced at the agent's hourly rate
/// (guaranteed hours are paid whether or not they are rostered). Returns the `under` variable.
pub fn min_weekly_hours(
    p: &RosterProblem,
    agent: &Agent,
    vars: &AgentVars,
    mip: &mut Mip,
    price_per_hour: f64,
) -> Option<usize> {
    let min = p.min_hours(agent);
    if min <= 0.0 {
        return None;
    }
    let under = mip.continuous(0.0, min, price_per_hour);
    let mut terms: Vec<(usize, f64)> = vars
        .iter()
        .flatten()
        .map(|x| (x.var, p.rules.shifts[x.slot.template].paid_hours()))
        .collect();
    terms.push((under, 1.0));
    mip.ge(&terms, min);
    Some(under)
}

/// Hours short of the guaranteed minimum (soft: reported, not a hard violation).
pub fn check_min_weekly_hours(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    let h: f64 = worked
        .iter()
        .map(|w| p.rules.shifts[w.1].paid_hours())
        .sum();
    let min = p.min_hours(agent);
    if h + 1e-9 < min {
        vec![breach(
            "min_weekly_hours",
            0,
            format!("{h} paid hours below the guaranteed {min} (idle paid hours)"),
        )]
    } else {
        Vec::new()
    }
}

// ---- days off and consecutive days ------------------------------------------------------

/// At least `min_days_off_per_week` days without a shift.
pub fn days_off_per_week(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let terms: Vec<(usize, f64)> = vars.iter().flatten().map(|x| (x.var, 1.0)).collect();
    let max_days = DAYS as f64 - p.rules.min_days_off_per_week as f64;
    mip.le(&terms, max_days);
}

/// Checks [`days_off_per_week`].
pub fn check_days_off_per_week(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let mut days: Vec<usize> = worked.iter().map(|w| w.0).collect();
    days.dedup();
    let off = DAYS - days.len();
    if off < p.rules.min_days_off_per_week as usize {
        vec![breach(
            "days_off_per_week",
            0,
            format!(
                "{off} days off; at least {} required",
                p.rules.min_days_off_per_week
            ),
        )]
    } else {
        Vec::new()
    }
}

/// No more than `max_consecutive_days` working days in a row (within the week).
pub fn max_consecutive_days(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let k = p.rules.max_consecutive_days as usize;
    if k >= DAYS {
        return;
    }
    for first in 0..DAYS - k {
        let terms: Vec<(usize, f64)> = (first..=first + k)
            .flat_map(|d| day_terms(vars, d))
            .collect();
        mip.le(&terms, k as f64);
    }
}

/// Checks [`max_consecutive_days`].
pub fn check_max_consecutive_days(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let k = p.rules.max_consecutive_days as usize;
    let mut run = 0;
    let mut out = Vec::new();
    for d in 0..DAYS {
        let on = worked.iter().any(|w| w.0 == d);
        run = if on { run + 1 } else { 0 };
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

// ---- rest between shifts ----------------------------------------------------------------

/// Whether working `a` and then `b` (a later slot) leaves less than `min_rest` hours between
/// them (or makes them overlap).
fn too_close(p: &RosterProblem, a: Slot, b: Slot, min_rest_hours: f64) -> bool {
    let (ta, tb) = (&p.rules.shifts[a.template], &p.rules.shifts[b.template]);
    let gap = b.start_minute(tb) - a.end_minute(ta);
    (gap as f64) < min_rest_hours * 60.0
}

/// At least `min_rest_hours` between the end of a shift and the start of the next. For each
/// shift, the conflicting shifts of each later day are summed into one constraint (at most one
/// shift per day makes that valid and tighter).
pub fn min_rest_between_shifts(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let rest = p.rules.min_rest_hours;
    for d in 0..DAYS {
        for x in &vars[d] {
            for later in vars.iter().take(DAYS.min(d + 3)).skip(d + 1) {
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
    if k >= DAYS {
        return;
    }
    for first in 0..DAYS - k {
        let terms: Vec<(usize, f64)> = (first..=first + k)
            .flat_map(|d| night_terms(p, vars, d))
            .collect();
        mip.le(&terms, k as f64);
    }
}

/// Checks [`max_consecutive_nights`].
pub fn check_max_consecutive_nights(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let k = p.rules.night.max_consecutive_nights as usize;
    let mut run = 0;
    let mut out = Vec::new();
    for d in 0..DAYS {
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
    for d in 0..DAYS {
        for x in vars[d].iter().filter(|x| is_night(p, x.slot.template)) {
            let next_nights = if d + 1 < DAYS {
                night_terms(p, vars, d + 1)
            } else {
                Vec::new()
            };
            for (d2, later) in vars.iter().enumerate().skip(d + 1) {
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

/// No more than `max_nights_per_week` night shifts.
pub fn max_nights_per_week(p: &RosterProblem, vars: &AgentVars, mip: &mut Mip) {
    let terms: Vec<(usize, f64)> = (0..DAYS).flat_map(|d| night_terms(p, vars, d)).collect();
    if terms.len() > p.rules.night.max_nights_per_week as usize {
        mip.le(&terms, p.rules.night.max_nights_per_week as f64);
    }
}

/// Checks [`max_nights_per_week`].
pub fn check_max_nights_per_week(p: &RosterProblem, worked: &[Worked]) -> Vec<Breach> {
    let n = worked.iter().filter(|w| is_night(p, w.1)).count();
    let max = p.rules.night.max_nights_per_week as usize;
    if n > max {
        vec![breach(
            "max_nights_per_week",
            0,
            format!("{n} nights; at most {max}"),
        )]
    } else {
        Vec::new()
    }
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
        Unpopular::Weekends => p.week.is_weekend(slot.day),
        Unpopular::Holidays => p.week.day_types[slot.day] == crate::model::DayType::Statutory,
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
