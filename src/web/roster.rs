//! The roster viewer's data: the week's plan ([`crate::plan::run`]: forecast → size → roster →
//! simulate → cost) reshaped for the page — every agent × the week's days, coverage against
//! requirement per pool, the simulated service level, and the violations
//! [`crate::schedule::check_roster`] finds.

use crate::model::{Contract, Scenario};
use crate::plan::{run as run_plan, PlanOptions};
use crate::schedule::{check_roster, SolveOptions, Violation};
use crate::simulate::SimOptions;
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// Simulation replications of the viewer's plan (enough for a per-pool service level).
const VIEW_REPLICATIONS: usize = 20;

/// A pool in the viewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolInfo {
    /// Pool id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `dedicated` or `shared`.
    pub mode: String,
}

/// A shift template in the viewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftInfo {
    /// Template id.
    pub id: String,
    /// Start, `HH:MM`.
    pub start: String,
    /// Paid hours.
    pub paid_hours: f64,
    /// Whether it is a night shift under the rules.
    pub night: bool,
}

/// One agent's shift on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Shift template id.
    pub shift: String,
    /// Pool served.
    pub pool: String,
    /// `HH:MM–HH:MM`.
    pub time: String,
    /// Night shift.
    pub night: bool,
    /// Pay multiplier of the date.
    pub pay_multiplier: f64,
}

/// One row of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRow {
    /// Agent id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Contract (`full_time`, `part_time`, `temporary`).
    pub contract: String,
    /// Pools the agent is trained for.
    pub pools: Vec<String>,
    /// Per day of the week: the shift worked, or `None` (off).
    pub days: Vec<Option<Cell>>,
    /// Paid hours in the week.
    pub paid_hours: f64,
    /// Violations of this agent.
    pub violations: usize,
}

/// Coverage of one pool over the week's 168 hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolCoverageView {
    /// Pool id.
    pub pool: String,
    /// Seats required per hour (scheduled seats from sizing).
    pub required: Vec<u32>,
    /// Seats rostered per hour.
    pub rostered: Vec<u32>,
    /// Hours with fewer seats than required.
    pub short_hours: usize,
    /// Seat-hours short.
    pub short_seat_hours: u64,
    /// Simulated service level over the week (mean), if the pool had inquiries.
    pub service_level: Option<f64>,
    /// Service-level target.
    pub target: Option<f64>,
    /// Temporary shifts per day that would close the shortages.
    pub temp_shifts: u32,
}

/// Everything the roster viewer shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterView {
    /// Monday of the week.
    pub week: NaiveDate,
    /// The week's dates.
    pub dates: Vec<NaiveDate>,
    /// Calendar events per day (global entries).
    pub events: Vec<Vec<String>>,
    /// Pools.
    pub pools: Vec<PoolInfo>,
    /// Shift templates.
    pub shifts: Vec<ShiftInfo>,
    /// Every agent of the scenario, in agents.csv order.
    pub agents: Vec<AgentRow>,
    /// Coverage per pool.
    pub coverage: Vec<PoolCoverageView>,
    /// Violations `check-roster` finds in the roster.
    pub violations: Vec<Violation>,
    /// Of which hard.
    pub hard_violations: usize,
    /// Shifts rostered.
    pub shifts_rostered: usize,
    /// Labour cost of the week, CNY.
    pub weekly_cost: f64,
    /// Solver objective, bound and relative gap.
    pub objective: f64,
    /// Lower bound.
    pub bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// Seconds the plan took.
    pub plan_seconds: f64,
}

/// The Monday after the last day of history (the CLI's default planning week).
pub fn week_after_history(s: &Scenario) -> Option<NaiveDate> {
    let (_, last) = s.history.span()?;
    let next = last.date() + Duration::days(1);
    let back = i64::from(next.weekday().num_days_from_monday());
    Some(if back == 0 {
        next
    } else {
        next + Duration::days(7 - back)
    })
}

fn contract_str(c: Contract) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{c:?}"))
}

/// Plans the week of `week` (default: the Monday after the history) and builds the view.
///
/// # Errors
/// No history to choose a week from, or a failing pipeline stage.
pub fn roster_view(s: &Scenario, week: Option<NaiveDate>, time_limit: f64) -> Result<RosterView> {
    let clock = Instant::now();
    let week = week
        .or_else(|| week_after_history(s))
        .ok_or_else(|| Error::Usage("no history to plan from; pass --week DATE".into()))?;
    let opts = PlanOptions {
        week,
        solve: SolveOptions {
            time_limit_seconds: time_limit,
            mip_rel_gap: 0.005,
        },
        sim: SimOptions {
            replications: VIEW_REPLICATIONS,
            ..SimOptions::default()
        },
    };
    let plan = run_plan(s, &opts, &mut |_| {})?;
    let dates: Vec<NaiveDate> = plan.week.dates.to_vec();
    let violations = check_roster(&plan.problem, &plan.roster.roster);
    let mut per_agent: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &violations {
        *per_agent.entry(v.agent.as_str()).or_default() += 1;
    }
    let agents = s
        .agents
        .iter()
        .map(|a| {
            let mut days: Vec<Option<Cell>> = vec![None; dates.len()];
            let mut paid = 0.0;
            for x in plan
                .roster
                .roster
                .assignments
                .iter()
                .filter(|x| x.agent == a.id)
            {
                if let Some(d) = dates.iter().position(|&d| d == x.date) {
                    days[d] = Some(Cell {
                        shift: x.shift.clone(),
                        pool: x.pool.clone(),
                        time: format!("{}–{}", x.start.format("%H:%M"), x.end.format("%H:%M")),
                        night: x.night,
                        pay_multiplier: x.pay_multiplier,
                    });
                }
                paid += x.paid_hours;
            }
            AgentRow {
                id: a.id.clone(),
                name: a.name.clone(),
                contract: contract_str(a.contract),
                pools: a.pools.clone(),
                days,
                paid_hours: paid,
                violations: per_agent.get(a.id.as_str()).copied().unwrap_or(0),
            }
        })
        .collect();
    let hours = plan.week.dates.len() * 24;
    let start = plan.week.hour(0);
    let coverage = s
        .pools
        .iter()
        .map(|p| {
            let mut required = vec![0; hours];
            let mut rostered = vec![0; hours];
            for r in plan.roster.coverage.iter().filter(|r| r.pool == p.id) {
                let i = (r.hour - start).num_hours();
                if let Some(i) = usize::try_from(i).ok().filter(|&i| i < hours) {
                    required[i] = r.required;
                    rostered[i] = r.scheduled;
                }
            }
            let short: Vec<u32> = required
                .iter()
                .zip(&rostered)
                .map(|(r, x)| r.saturating_sub(*x))
                .collect();
            let sim = plan.simulated.pools.iter().find(|c| c.pool == p.id);
            PoolCoverageView {
                pool: p.id.clone(),
                short_hours: short.iter().filter(|&&x| x > 0).count(),
                short_seat_hours: short.iter().map(|&x| u64::from(x)).sum(),
                required,
                rostered,
                service_level: sim
                    .filter(|c| c.open_hours > 0)
                    .map(|c| c.service_level.mean),
                target: sim.map(|c| c.target),
                temp_shifts: plan
                    .roster
                    .temp_needs
                    .iter()
                    .filter(|t| t.pool == p.id)
                    .map(|t| t.shifts.values().sum::<u32>())
                    .sum(),
            }
        })
        .collect();
    Ok(RosterView {
        week,
        events: dates
            .iter()
            .map(|&d| {
                s.calendar
                    .global_on(d)
                    .map(|e| format!("{} ({})", e.name, e.kind))
                    .collect()
            })
            .collect(),
        dates,
        pools: s
            .pools
            .iter()
            .map(|p| PoolInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                mode: p.mode.as_str().to_string(),
            })
            .collect(),
        shifts: s
            .rules
            .shifts
            .iter()
            .map(|t| ShiftInfo {
                id: t.id.clone(),
                start: format!("{:02}:{:02}", t.start_minute / 60, t.start_minute % 60),
                paid_hours: t.paid_hours(),
                night: t.is_night(&s.rules.night),
            })
            .collect(),
        agents,
        coverage,
        hard_violations: violations.iter().filter(|v| v.hard).count(),
        violations,
        shifts_rostered: plan.roster.roster.assignments.len(),
        weekly_cost: plan.cost.weekly().total(),
        objective: plan.roster.objective,
        bound: plan.roster.bound,
        gap: plan.roster.gap,
        plan_seconds: clock.elapsed().as_secs_f64(),
    })
}
