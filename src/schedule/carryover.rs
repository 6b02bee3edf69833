//! The previous roster's tail: rules that look back across the start of the horizon.
//!
//! A weekly roster planned alone would let Monday 07:00 follow Sunday's 23:00–08:00 night, or
//! start a week with five working days after five at the end of the last one. Given the
//! shifts each agent worked in the seven days before the horizon
//! ([`RosterProblem::previous`], from [`RosterProblem::with_previous`]), these rules hold
//! across the boundary, in the model and in the checker alike:
//!
//! | rule | across the boundary |
//! |---|---|
//! | `min_rest_between_shifts` | no shift starts within `min_rest_hours` of a previous shift's end |
//! | `forbidden_succession` | the first day's shift may not be one the day before's template forbids |
//! | `max_consecutive_days` | the run of working days up to the horizon counts toward the agent's limit |
//! | `max_consecutive_nights` | the run of nights up to the horizon counts toward the limit |
//! | `rest_after_night_run` | a night run that ended before the horizon (or ends on its first day) keeps its rest |
//!
//! Weekly totals (hours, days off, nights per week, weekends) are per planned week and do not
//! look back.

use super::problem::RosterProblem;
use super::rules::{
    day_terms, forbidden_matrix, is_night, night_terms, reach_days, AgentVars, Breach, Worked,
};
use super::solver::Mip;
use super::week::Slot;
use crate::model::Agent;

/// A shift worked before the horizon: days before its first day (1 = the day before) and the
/// template index.
pub type PriorShift = (usize, usize);

/// Minutes from the end of `prior` to the start of `slot` (negative when they overlap).
fn gap_minutes(p: &RosterProblem, prior: PriorShift, slot: Slot) -> i64 {
    let (back, t) = prior;
    let tp = &p.rules.shifts[t];
    let end = -(back as i64) * 1440 + tp.start_minute as i64 + tp.length_minutes as i64;
    slot.start_minute(&p.rules.shifts[slot.template]) - end
}

fn too_soon(p: &RosterProblem, prior: PriorShift, slot: Slot, rest_hours: f64) -> bool {
    (gap_minutes(p, prior, slot) as f64) < rest_hours * 60.0
}

/// Working days (or nights, with `nights`) in a row up to the day before the horizon.
fn trailing_run(p: &RosterProblem, prior: &[PriorShift], nights: bool) -> usize {
    (1..=7)
        .take_while(|&back| {
            prior
                .iter()
                .any(|&(b, t)| b == back && (!nights || is_night(p, t)))
        })
        .count()
}

/// The night-run ends before the horizon that still need their rest: `(night, continued)` —
/// each prior night whose next day had no prior night, with whether a night on the horizon's
/// first day would continue it (only for the night of the day before).
fn ended_night_runs(p: &RosterProblem, prior: &[PriorShift]) -> Vec<(PriorShift, bool)> {
    prior
        .iter()
        .filter(|&&(_, t)| is_night(p, t))
        .filter_map(|&(back, t)| {
            let next_night =
                back > 1 && prior.iter().any(|&(b, u)| b == back - 1 && is_night(p, u));
            (!next_night).then_some(((back, t), back == 1))
        })
        .collect()
}

/// The model rows of the rules above for `agent`, whose variables are `vars`.
pub fn carryover(p: &RosterProblem, agent: &Agent, vars: &AgentVars, mip: &mut Mip) {
    let Some(prior) = p.previous.get(&agent.id).filter(|x| !x.is_empty()) else {
        return;
    };
    let n = vars.len();
    if n == 0 {
        return;
    }
    let forbid = |mip: &mut Mip, var: usize| mip.le(&[(var, 1.0)], 0.0);
    // Rest between shifts.
    let rest = p.rules.min_rest_hours;
    for day in vars.iter().take(reach_days(rest).min(n)) {
        for y in day {
            if prior.iter().any(|&x| too_soon(p, x, y.slot, rest)) {
                forbid(mip, y.var);
            }
        }
    }
    // Forbidden successions from the day before.
    let forbidden = forbidden_matrix(p);
    for &(_, t) in prior.iter().filter(|x| x.0 == 1) {
        for y in vars[0].iter().filter(|y| forbidden[t][y.slot.template]) {
            forbid(mip, y.var);
        }
    }
    // Runs of days and nights: with `r` in a row before the horizon and a limit `k`, the
    // first `k − r + 1` days hold at most `k − r` (none on the first day once `r ≥ k`).
    let cap_run =
        |mip: &mut Mip, r: usize, k: usize, terms: &dyn Fn(usize) -> Vec<(usize, f64)>| {
            if r == 0 {
                return;
            }
            let free = k.saturating_sub(r);
            let rows: Vec<(usize, f64)> = (0..=free.min(n - 1)).flat_map(terms).collect();
            if free < n {
                mip.le(&rows, free as f64);
            }
        };
    let k_days = super::rules::run_limits(p, agent).max_consecutive_days as usize;
    cap_run(mip, trailing_run(p, prior, false), k_days, &|d| {
        day_terms(vars, d)
    });
    let k_nights = p.rules.night.max_consecutive_nights as usize;
    cap_run(mip, trailing_run(p, prior, true), k_nights, &|d| {
        night_terms(p, vars, d)
    });
    // Rest after a night run that ended before the horizon, or ends on its first day.
    let rest = p.rules.night.rest_after_night_run_hours;
    for (night, continued) in ended_night_runs(p, prior) {
        let first_nights = night_terms(p, vars, 0);
        for (d, day) in vars.iter().enumerate().take(reach_days(rest).min(n)) {
            for y in day.iter().filter(|y| too_soon(p, night, y.slot, rest)) {
                if continued && d == 0 && is_night(p, y.slot.template) {
                    continue;
                }
                if continued && d > 0 {
                    let mut terms = vec![(y.var, 1.0)];
                    terms.extend(first_nights.iter().map(|&(v, _)| (v, -1.0)));
                    mip.le(&terms, 0.0);
                } else {
                    forbid(mip, y.var);
                }
            }
        }
    }
}

/// Checks [`carryover`] on the agent's worked shifts.
pub fn check_carryover(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<Breach> {
    let Some(prior) = p.previous.get(&agent.id).filter(|x| !x.is_empty()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let date_of = |back: usize| p.horizon.start - chrono::Duration::days(back as i64);
    let slot = |w: &Worked| Slot {
        day: w.0,
        template: w.1,
    };
    let mut w: Vec<Worked> = worked.to_vec();
    w.sort_unstable();
    // Rest between shifts: the first shift after the boundary against every prior shift.
    let rest = p.rules.min_rest_hours;
    if let Some(first) = w.first() {
        if let Some(&x) = prior.iter().find(|&&x| too_soon(p, x, slot(first), rest)) {
            out.push(Breach {
                rule: "min_rest_between_shifts",
                day: first.0,
                detail: format!(
                    "{} h rest after '{}' of {} (previous roster); at least {rest} h",
                    gap_minutes(p, x, slot(first)) as f64 / 60.0,
                    p.rules.shifts[x.1].id,
                    date_of(x.0)
                ),
            });
        }
    }
    let forbidden = forbidden_matrix(p);
    for &(_, t) in prior.iter().filter(|x| x.0 == 1) {
        for &(d, u) in w.iter().filter(|x| x.0 == 0) {
            if forbidden[t][u] {
                out.push(Breach {
                    rule: "forbidden_succession",
                    day: d,
                    detail: format!(
                        "'{}' may not follow '{}' of the day before (previous roster)",
                        p.rules.shifts[u].id, p.rules.shifts[t].id
                    ),
                });
            }
        }
    }
    let mut run_check = |rule: &'static str,
                         what: &str,
                         r: usize,
                         k: usize,
                         on: &dyn Fn(usize) -> bool| {
        if r == 0 {
            return;
        }
        let mut run = r;
        for d in 0..p.days() {
            if !on(d) {
                break;
            }
            run += 1;
            if run == k + 1 {
                out.push(Breach {
                    rule,
                    day: d,
                    detail: format!(
                        "{run} {what} in a row with the {r} before the horizon (previous roster); at most {k}"
                    ),
                });
            }
        }
    };
    let k_days = super::rules::run_limits(p, agent).max_consecutive_days as usize;
    run_check(
        "max_consecutive_days",
        "working days",
        trailing_run(p, prior, false),
        k_days,
        &|d| w.iter().any(|x| x.0 == d),
    );
    run_check(
        "max_consecutive_nights",
        "nights",
        trailing_run(p, prior, true),
        p.rules.night.max_consecutive_nights as usize,
        &|d| w.iter().any(|x| x.0 == d && is_night(p, x.1)),
    );
    let rest = p.rules.night.rest_after_night_run_hours;
    let first_night = w.iter().any(|x| x.0 == 0 && is_night(p, x.1));
    for (night, continued) in ended_night_runs(p, prior) {
        if continued && first_night {
            continue;
        }
        for x in w.iter().filter(|x| too_soon(p, night, slot(x), rest)) {
            out.push(Breach {
                rule: "rest_after_night_run",
                day: x.0,
                detail: format!(
                    "shift starts within {rest} h of the end of the night run ending {} (previous roster)",
                    date_of(night.0)
                ),
            });
        }
    }
    out
}
