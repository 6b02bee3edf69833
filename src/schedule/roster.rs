//! The weekly roster as one integer program per group of pools linked by cross-trained agents
//! (groups share no agent, so they solve independently — in parallel with rayon, one HiGHS
//! thread each).
//!
//! Variables: `x[agent, day, shift, pool] ∈ {0,1}` for eligible combinations only (skills,
//! contract, availability, night eligibility); `short[pool, hour] ≥ 0` priced at the rules'
//! shortage penalty; `under[agent] ≥ 0` for guaranteed hours not rostered; fairness maxima.
//! Objective: labour cost (pay multipliers, night allowance) + idle guaranteed hours +
//! shortage + fairness + preferences. Coverage: shifts on the floor in an hour (cyclic week)
//! plus the shortage meet the scheduled-seat requirement.

use super::mix::{shift_mix, MixLine};
use super::problem::{agent_hourly_rate, Roster, RosterProblem};
use super::rules::{self, AgentVars, Unpopular, XVar};
use super::solver::{Mip, SolveError, SolveOptions};
use super::week::{Slot, DAYS, HOURS};
use crate::model::Contract;
use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Required against rostered seats for one pool-hour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageRow {
    /// Pool id.
    pub pool: String,
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Seats required (scheduled seats from sizing).
    pub required: u32,
    /// Seats rostered on the floor.
    pub scheduled: u32,
    /// Seats short (`required − scheduled`, at least 0).
    pub short: u32,
}

/// A pool-hour the roster cannot cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortage {
    /// Pool id.
    pub pool: String,
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Seats short.
    pub seats: u32,
}

/// Temporary seats that would close a pool's shortages on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TempNeed {
    /// Pool id.
    pub pool: String,
    /// Date.
    pub date: NaiveDate,
    /// Temporary seats (shifts) needed, by shift id.
    pub shifts: BTreeMap<String, u32>,
}

/// Solver figures of one group of pools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolSolve {
    /// Pools solved together.
    pub pools: Vec<String>,
    /// Agents in the group.
    pub agents: usize,
    /// Binary variables.
    pub variables: usize,
    /// Constraints.
    pub constraints: usize,
    /// Objective (cost + penalties).
    pub objective: f64,
    /// Lower bound.
    pub bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// HiGHS status.
    pub status: String,
    /// Seconds.
    pub seconds: f64,
}

/// A solved roster with its coverage, shortages and solver report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterSolution {
    /// The roster.
    pub roster: Roster,
    /// Coverage per pool-hour.
    pub coverage: Vec<CoverageRow>,
    /// Pool-hours short.
    pub shortages: Vec<Shortage>,
    /// Temporary seats per pool-day that would close the shortages.
    pub temp_needs: Vec<TempNeed>,
    /// Labour cost of the roster, CNY.
    pub labour_cost: f64,
    /// Guaranteed hours paid but not rostered, CNY.
    pub idle_cost: f64,
    /// Objective over all groups (cost + penalties).
    pub objective: f64,
    /// Lower bound over all groups.
    pub bound: f64,
    /// Relative gap over all groups.
    pub gap: f64,
    /// Per group.
    pub groups: Vec<PoolSolve>,
}

/// Groups of pool indices linked by agents who serve several of them.
fn pool_groups(p: &RosterProblem) -> Vec<Vec<usize>> {
    let n = p.pools.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while parent[r] != r {
            r = parent[r];
        }
        parent[i] = r;
        r
    }
    for a in &p.agents {
        let idx: Vec<usize> = a
            .pools
            .iter()
            .filter_map(|q| p.pools.iter().position(|x| x == q))
            .collect();
        for w in idx.windows(2) {
            let (r0, r1) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            parent[r0] = r1;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

struct GroupResult {
    chosen: Vec<(usize, Slot, usize)>,
    idle_cost: f64,
    solve: PoolSolve,
}

fn solve_group(
    p: &RosterProblem,
    group: &[usize],
    opts: SolveOptions,
) -> Result<GroupResult, SolveError> {
    let mut mip = Mip::new();
    let agents: Vec<usize> = (0..p.agents.len())
        .filter(|&a| {
            p.agents[a]
                .pools
                .iter()
                .any(|q| group.iter().any(|&g| p.pools[g] == *q))
        })
        .collect();
    let mut all_vars: Vec<AgentVars> = Vec::with_capacity(agents.len());
    let mut cover: BTreeMap<(usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    let mut prefs_terms = Vec::new();
    for &a in &agents {
        let agent = &p.agents[a];
        let mut vars: AgentVars = Default::default();
        for (d, day_vars) in vars.iter_mut().enumerate() {
            for t in 0..p.rules.shifts.len() {
                let slot = Slot {
                    day: d,
                    template: t,
                };
                if !rules::eligible(p, agent, slot) {
                    continue;
                }
                for &g in group.iter().filter(|&&g| agent.serves(&p.pools[g])) {
                    let cost = p.assignment(agent, slot, &p.pools[g]).cost;
                    // A preference is priced on the variable it concerns.
                    let var = mip.binary(cost);
                    day_vars.push(XVar { slot, pool: g, var });
                    for h in p.covered(slot) {
                        cover.entry((g, h)).or_default().push((var, 1.0));
                    }
                }
            }
        }
        for pref in p.preferences.iter().filter(|x| x.agent == agent.id) {
            let Some(d) = p.week.day_of(pref.date) else {
                continue;
            };
            let terms: Vec<usize> = vars[d]
                .iter()
                .filter(|x| {
                    pref.shift
                        .as_deref()
                        .is_none_or(|s| p.rules.shifts[x.slot.template].id == s)
                })
                .map(|x| x.var)
                .collect();
            prefs_terms.push((pref.want_on, pref.weight, terms));
        }
        rules::one_shift_per_day(&vars, &mut mip);
        rules::max_weekly_hours(p, agent, &vars, &mut mip);
        rules::min_weekly_hours(p, agent, &vars, &mut mip, agent_rate_for_idle(p, agent));
        rules::days_off_per_week(p, &vars, &mut mip);
        rules::max_consecutive_days(p, &vars, &mut mip);
        rules::min_rest_between_shifts(p, &vars, &mut mip);
        rules::max_consecutive_nights(p, &vars, &mut mip);
        rules::rest_after_night_run(p, &vars, &mut mip);
        rules::max_nights_per_week(p, &vars, &mut mip);
        all_vars.push(vars);
    }
    for (want_on, weight, terms) in prefs_terms {
        if want_on {
            // miss ≥ 1 − Σ x: granted when any matching shift is worked.
            let miss = mip.continuous(0.0, 1.0, weight);
            let mut t: Vec<(usize, f64)> = terms.iter().map(|&v| (v, 1.0)).collect();
            t.push((miss, 1.0));
            mip.ge(&t, 1.0);
        } else {
            let hit = mip.continuous(0.0, 1.0, weight);
            let mut t: Vec<(usize, f64)> = terms.iter().map(|&v| (v, 1.0)).collect();
            // At most one shift a day, so Σ x ∈ {0, 1} and hit ≥ Σ x is exact.
            t.push((hit, -1.0));
            mip.le(&t, 0.0);
        }
    }
    let f = &p.rules.fairness;
    rules::fairness(p, &all_vars, Unpopular::Nights, f.nights, &mut mip);
    rules::fairness(p, &all_vars, Unpopular::Weekends, f.weekends, &mut mip);
    rules::fairness(p, &all_vars, Unpopular::Holidays, f.holidays, &mut mip);
    let mut shorts = Vec::new();
    for &g in group {
        let req = p.requirement.get(&p.pools[g]);
        for h in 0..HOURS {
            let r = req.and_then(|v| v.get(h)).copied().unwrap_or(0);
            if r == 0 {
                continue;
            }
            let s = mip.continuous(0.0, r as f64, p.rules.shortage_penalty_per_seat_hour);
            let mut terms = cover.get(&(g, h)).cloned().unwrap_or_default();
            terms.push((s, 1.0));
            mip.ge(&terms, r as f64);
            shorts.push(s);
        }
    }
    let variables = mip.len();
    let constraints = mip.constraint_count();
    let out = mip.minimise(opts)?;
    let mut chosen = Vec::new();
    for (i, vars) in all_vars.iter().enumerate() {
        for x in vars.iter().flatten() {
            if out.values[x.var] > 0.5 {
                chosen.push((agents[i], x.slot, x.pool));
            }
        }
    }
    // Idle guaranteed hours: recomputed from the chosen shifts, not read from slack values.
    let mut idle_cost = 0.0;
    for &a in &agents {
        let agent = &p.agents[a];
        let worked: f64 = chosen
            .iter()
            .filter(|c| c.0 == a)
            .map(|c| p.rules.shifts[c.1.template].paid_hours())
            .sum();
        idle_cost += (p.min_hours(agent) - worked).max(0.0) * agent_rate_for_idle(p, agent);
    }
    Ok(GroupResult {
        chosen,
        idle_cost,
        solve: PoolSolve {
            pools: group.iter().map(|&g| p.pools[g].clone()).collect(),
            agents: agents.len(),
            variables,
            constraints,
            objective: out.objective,
            bound: out.bound,
            gap: out.gap,
            status: out.status,
            seconds: out.seconds,
        },
    })
}

/// Price of a guaranteed hour not rostered: what the hour is paid anyway.
fn agent_rate_for_idle(p: &RosterProblem, agent: &crate::model::Agent) -> f64 {
    match agent.contract {
        Contract::Temporary => 0.0,
        _ => agent_hourly_rate(agent, &p.cost),
    }
}

/// Solves the weekly roster: the best plan within the time limit and gap, with coverage,
/// shortages and the temporary seats that would close them.
pub fn solve_roster(p: &RosterProblem, opts: SolveOptions) -> Result<RosterSolution, SolveError> {
    let groups = pool_groups(p);
    let results = groups
        .par_iter()
        .map(|g| solve_group(p, g, opts))
        .collect::<Result<Vec<_>, _>>()?;
    let mut assignments = Vec::new();
    let mut scheduled: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for r in &results {
        for &(a, slot, g) in &r.chosen {
            assignments.push(p.assignment(&p.agents[a], slot, &p.pools[g]));
            for h in p.covered(slot) {
                *scheduled.entry((g, h)).or_insert(0) += 1;
            }
        }
    }
    assignments.sort_by(|a, b| (&a.agent, a.start).cmp(&(&b.agent, b.start)));
    let mut coverage = Vec::new();
    let mut shortages = Vec::new();
    for (g, pool) in p.pools.iter().enumerate() {
        for h in 0..HOURS {
            let required = p
                .requirement
                .get(pool)
                .and_then(|v| v.get(h))
                .copied()
                .unwrap_or(0);
            let sch = scheduled.get(&(g, h)).copied().unwrap_or(0);
            let short = required.saturating_sub(sch);
            coverage.push(CoverageRow {
                pool: pool.clone(),
                hour: p.week.hour(h),
                required,
                scheduled: sch,
                short,
            });
            if short > 0 {
                shortages.push(Shortage {
                    pool: pool.clone(),
                    hour: p.week.hour(h),
                    seats: short,
                });
            }
        }
    }
    let temp_needs = temp_needs(p, &coverage, opts)?;
    let labour_cost = assignments.iter().map(|a| a.cost).sum();
    let idle_cost = results.iter().map(|r| r.idle_cost).sum();
    let objective: f64 = results.iter().map(|r| r.solve.objective).sum();
    let bound: f64 = results.iter().map(|r| r.solve.bound).sum();
    let gap = if objective.abs() < 1e-9 {
        0.0
    } else {
        ((objective - bound) / objective.abs()).max(0.0)
    };
    Ok(RosterSolution {
        roster: Roster { assignments },
        coverage,
        shortages,
        temp_needs,
        labour_cost,
        idle_cost,
        objective,
        bound,
        gap,
        groups: results.into_iter().map(|r| r.solve).collect(),
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
    let pools: BTreeSet<&str> = coverage
        .iter()
        .filter(|c| c.short > 0)
        .map(|c| c.pool.as_str())
        .collect();
    for pool in pools {
        let need: Vec<u32> = coverage
            .iter()
            .filter(|c| c.pool == pool)
            .map(|c| c.short)
            .collect();
        if temp_templates.is_empty() {
            continue;
        }
        let lines: Vec<MixLine> = temp_templates
            .iter()
            .map(|&t| MixLine {
                template: t,
                contract: Contract::Temporary,
                cost_per_shift: p.cost.temp_day_rate,
            })
            .collect();
        let mix = shift_mix(
            &p.rules.shifts,
            &lines,
            &need,
            p.rules.shortage_penalty_per_seat_hour,
            opts,
        )?;
        for d in 0..DAYS {
            let shifts: BTreeMap<String, u32> = mix
                .counts
                .iter()
                .filter(|c| c.day == d && c.count > 0)
                .map(|c| (p.rules.shifts[c.template].id.clone(), c.count))
                .collect();
            if !shifts.is_empty() {
                out.push(TempNeed {
                    pool: pool.to_string(),
                    date: p.week.dates[d],
                    shifts,
                });
            }
        }
    }
    Ok(out)
}
