//! Coverage of a roster against its problem's requirement — the solver's own roster or any
//! roster a planner brings (`check-roster`, the web roster viewer): seats on the floor per
//! pool-hour, the hours short, and the temporary seats that would close them.

use super::mix::{shift_mix, MixLine};
use super::problem::{Roster, RosterProblem};
use super::roster::{CoverageRow, Shortage, TempNeed};
use super::solver::{SolveError, SolveOptions};
use super::week::{Slot, DAYS, HOURS};
use crate::model::Contract;
use std::collections::{BTreeMap, BTreeSet};

/// Coverage of a roster, pool by pool over the problem's horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterCoverage {
    /// One row per pool-hour, pools in the problem's order, hours in order.
    pub coverage: Vec<CoverageRow>,
    /// The pool-hours with fewer seats than required.
    pub shortages: Vec<Shortage>,
    /// Temporary seats per pool-day that would close the shortages.
    pub temp_needs: Vec<TempNeed>,
}

/// The assignments of `roster` the problem can place — a known agent, pool and shift on a date
/// of the horizon — with their records (times, night flag, paid hours, pay multiplier, cost)
/// re-derived from the problem, as the solver writes them; the others are dropped (the checker
/// reports each). A roster read from a file carries only agent, date, shift and pool.
pub fn place_roster(p: &RosterProblem, roster: &Roster) -> Roster {
    let assignments = roster
        .assignments
        .iter()
        .filter_map(|a| {
            let agent = p.agents.iter().find(|g| g.id == a.agent)?;
            let day = p.horizon.day_of(a.date)?;
            let template = p.template(&a.shift)?;
            p.pools
                .contains(&a.pool)
                .then(|| p.assignment(agent, Slot { day, template }, &a.pool))
        })
        .collect();
    Roster { assignments }
}

/// Seats on the floor per pool (problem order) and horizon hour. An assignment the problem
/// cannot place — unknown pool or shift, a date outside the horizon — adds no seat: the
/// checker reports it, and counting it would hide a shortage.
pub fn floor_seats(p: &RosterProblem, roster: &Roster) -> Vec<Vec<u32>> {
    let hours = p.horizon.hours();
    let mut seats = vec![vec![0u32; hours]; p.pools.len()];
    for a in &roster.assignments {
        let (Some(g), Some(day), Some(template)) = (
            p.pools.iter().position(|x| *x == a.pool),
            p.horizon.day_of(a.date),
            p.template(&a.shift),
        ) else {
            continue;
        };
        for h in p.covered(Slot { day, template }) {
            seats[g][h] += 1;
        }
    }
    seats
}

/// Coverage of `roster` against `p`'s requirement, with the temporary seats (a least-cost mix
/// of the temporary-eligible shift templates, solved under `opts`) that would close each
/// pool's shortages.
///
/// # Errors
/// The temporary-seat mix fails in the solver.
pub fn roster_coverage(
    p: &RosterProblem,
    roster: &Roster,
    opts: SolveOptions,
) -> Result<RosterCoverage, SolveError> {
    let seats = floor_seats(p, roster);
    let mut coverage = Vec::with_capacity(p.pools.len() * p.horizon.hours());
    let mut shortages = Vec::new();
    for (g, pool) in p.pools.iter().enumerate() {
        let need = p.requirement.get(pool);
        for (h, &scheduled) in seats[g].iter().enumerate() {
            let required = need.and_then(|v| v.get(h)).copied().unwrap_or(0);
            let short = required.saturating_sub(scheduled);
            coverage.push(CoverageRow {
                pool: pool.clone(),
                hour: p.horizon.hour(h),
                required,
                scheduled,
                short,
            });
            if short > 0 {
                shortages.push(Shortage {
                    pool: pool.clone(),
                    hour: p.horizon.hour(h),
                    seats: short,
                });
            }
        }
    }
    let temp_needs = temp_needs(p, &coverage, opts)?;
    Ok(RosterCoverage {
        coverage,
        shortages,
        temp_needs,
    })
}

/// Temporary seats per pool and day that would close the shortages: a shift mix of the
/// temporary-eligible templates over the short hours.
fn temp_needs(
    p: &RosterProblem,
    coverage: &[CoverageRow],
    opts: SolveOptions,
) -> Result<Vec<TempNeed>, SolveError> {
    let temp_templates: Vec<usize> = (0..p.rules.shifts.len())
        .filter(|&t| p.rules.shifts[t].allows(Contract::Temporary))
        .collect();
    let mut out = Vec::new();
    if temp_templates.is_empty() {
        return Ok(out);
    }
    let lines: Vec<MixLine> = temp_templates
        .iter()
        .map(|&t| MixLine {
            template: t,
            contract: Contract::Temporary,
            cost_per_shift: p.cost.temp_day_rate,
        })
        .collect();
    let pools: BTreeSet<&str> = coverage
        .iter()
        .filter(|c| c.short > 0)
        .map(|c| c.pool.as_str())
        .collect();
    for pool in pools {
        let short: Vec<u32> = coverage
            .iter()
            .filter(|c| c.pool == pool)
            .map(|c| c.short)
            .collect();
        // One mix per 7-day block of the horizon (the mix works on a week of hours).
        for block in p.horizon.weeks() {
            let mut need = vec![0u32; HOURS];
            for (h, n) in need.iter_mut().enumerate().take(block.len() * 24) {
                *n = short.get(block.start * 24 + h).copied().unwrap_or(0);
            }
            if need.iter().all(|&n| n == 0) {
                continue;
            }
            let mix = shift_mix(
                &p.rules.shifts,
                &lines,
                &need,
                p.rules.shortage_penalty_per_seat_hour,
                opts,
            )?;
            for d in 0..block.len().min(DAYS) {
                let shifts: BTreeMap<String, u32> = mix
                    .counts
                    .iter()
                    .filter(|c| c.day == d && c.count > 0)
                    .map(|c| (p.rules.shifts[c.template].id.clone(), c.count))
                    .collect();
                if !shifts.is_empty() {
                    out.push(TempNeed {
                        pool: pool.to_string(),
                        date: p.horizon.dates[block.start + d],
                        shifts,
                    });
                }
            }
        }
    }
    Ok(out)
}
