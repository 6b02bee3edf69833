//! The roster viewer's data: a week's roster reshaped for the page — every agent × the week's
//! days, coverage against requirement per pool, the simulated service level, and the violations
//! [`crate::schedule::check_roster`] finds. The roster is either the week's plan
//! ([`crate::plan::run`]: forecast → size → roster → simulate → cost) or a roster file a planner
//! uploads ([`crate::plan::check_roster_week`]: the same stages around the given roster).

use crate::io::read_roster;
use crate::model::Scenario;
use crate::plan::{check_roster_week, run as run_plan, PlanOptions};
use crate::schedule::{
    check_roster, Assignment, CoverageRow, Roster, SolveOptions, TempNeed, Violation, Week,
};
use crate::simulate::{Coverage, SimOptions};
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
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
    /// Contract (`full_time`, `part_time`, `temporary`; `unknown` for an agent agents.csv lacks).
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
    /// Where the roster came from: `planned` (solved here) or `uploaded` (a planner's file).
    pub source: String,
    /// The uploaded file's name (uploads only).
    pub file: Option<String>,
    /// Assignments of an upload that name an unknown agent, pool or shift, or a date outside
    /// the week: shown and reported as violations, but not counted in coverage, service or cost.
    pub unplaced: usize,
    /// Shifts of the previous week's roster (`serve --previous`) in the 7 days before the week
    /// that the rules look back on (0: the week is checked on its own).
    pub previous_shifts: usize,
    /// Solver objective (planned rosters only).
    pub objective: Option<f64>,
    /// Lower bound (planned rosters only).
    pub bound: Option<f64>,
    /// Relative gap (planned rosters only).
    pub gap: Option<f64>,
    /// Seconds the plan (or the check of an upload) took.
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

/// Solver settings of the viewer's plan, and of the temporary-seat mix of an upload.
fn solve_options(time_limit: f64) -> SolveOptions {
    SolveOptions {
        time_limit_seconds: time_limit,
        mip_rel_gap: 0.005,
    }
}

fn sim_options() -> SimOptions {
    SimOptions {
        replications: VIEW_REPLICATIONS,
        ..SimOptions::default()
    }
}

/// Plans the week of `week` (default: the Monday after the history), after the `previous`
/// roster's tail when given, and builds the view.
///
/// # Errors
/// No history to choose a week from, or a failing pipeline stage.
pub fn roster_view(
    s: &Scenario,
    week: Option<NaiveDate>,
    time_limit: f64,
    previous: Option<&Roster>,
) -> Result<RosterView> {
    let clock = Instant::now();
    let week = week
        .or_else(|| week_after_history(s))
        .ok_or_else(|| Error::Usage("no history to plan from; pass --week DATE".into()))?;
    let opts = PlanOptions {
        week,
        solve: solve_options(time_limit),
        sim: sim_options(),
        previous: previous.cloned(),
    };
    let plan = run_plan(s, &opts, &mut |_| {})?;
    let roster = &plan.roster.roster;
    Ok(build_view(&ViewParts {
        s,
        week: &plan.week,
        given: roster,
        placed: roster,
        violations: check_roster(&plan.problem, roster),
        carried: plan.problem.previous.values().map(Vec::len).sum(),
        coverage: &plan.roster.coverage,
        temp_needs: &plan.roster.temp_needs,
        simulated: &plan.simulated,
        weekly_cost: plan.cost.weekly().total(),
        solver: Some((plan.roster.objective, plan.roster.bound, plan.roster.gap)),
        file: None,
        clock,
    }))
}

/// The view of a roster file a planner uploads (`agent,date,shift,pool`, as `seatplan roster`
/// writes it): read like `check-roster` reads it, for the week of `week` (default: the Monday
/// of its first date), checked against the week's forecast requirement, simulated and costed.
/// `file` names the upload in error messages; with `previous`, the rules hold across the start
/// of the week too.
///
/// # Errors
/// [`Error::Input`] naming the line and field of a malformed file; [`Error::Usage`] for an
/// empty roster; a failing pipeline stage.
pub fn uploaded_roster_view(
    s: &Scenario,
    file: &str,
    text: &str,
    week: Option<NaiveDate>,
    time_limit: f64,
    previous: Option<&Roster>,
) -> Result<RosterView> {
    let clock = Instant::now();
    let given = read_roster(file, text, &s.rules)?;
    let week = match week {
        Some(w) => w,
        None => {
            let first = given
                .assignments
                .iter()
                .map(|a| a.date)
                .min()
                .ok_or_else(|| Error::Usage(format!("{file} has no assignments")))?;
            first - Duration::days(i64::from(first.weekday().num_days_from_monday()))
        }
    };
    let check = check_roster_week(
        s,
        week,
        &given,
        previous,
        solve_options(time_limit),
        &sim_options(),
    )?;
    Ok(build_view(&ViewParts {
        s,
        week: &check.week,
        given: &check.given,
        placed: &check.placed,
        violations: check.violations.clone(),
        carried: check.problem.previous.values().map(Vec::len).sum(),
        coverage: &check.coverage.coverage,
        temp_needs: &check.coverage.temp_needs,
        simulated: &check.simulated,
        weekly_cost: check.cost.weekly().total(),
        solver: None,
        file: Some(file.to_string()),
        clock,
    }))
}

/// What a view is built from, whichever way the roster came.
struct ViewParts<'a> {
    s: &'a Scenario,
    week: &'a Week,
    /// The roster as given (an upload may name unknown agents).
    given: &'a Roster,
    /// Its placeable assignments with their records (the same roster when planned).
    placed: &'a Roster,
    violations: Vec<Violation>,
    /// Shifts of the previous roster that bind the week.
    carried: usize,
    coverage: &'a [CoverageRow],
    temp_needs: &'a [TempNeed],
    simulated: &'a Coverage,
    weekly_cost: f64,
    /// Objective, bound and gap of a planned roster.
    solver: Option<(f64, f64, f64)>,
    file: Option<String>,
    clock: Instant,
}

fn build_view(v: &ViewParts) -> RosterView {
    let s = v.s;
    let dates: Vec<NaiveDate> = v.week.dates.to_vec();
    let violations = v.violations.clone();
    let mut per_agent: BTreeMap<&str, usize> = BTreeMap::new();
    for x in &violations {
        *per_agent.entry(x.agent.as_str()).or_default() += 1;
    }
    // A given assignment is shown with its placed record (times, pay multiplier) when it has one.
    let key = |a: &Assignment| (a.agent.clone(), a.date, a.shift.clone(), a.pool.clone());
    let placed: HashMap<_, &Assignment> =
        v.placed.assignments.iter().map(|a| (key(a), a)).collect();
    let mut by_agent: HashMap<&str, Vec<&Assignment>> = HashMap::new();
    for a in &v.given.assignments {
        by_agent
            .entry(a.agent.as_str())
            .or_default()
            .push(placed.get(&key(a)).copied().unwrap_or(a));
    }
    let row = |id: &str, name: &str, contract: String, pools: Vec<String>| {
        let mut days: Vec<Option<Cell>> = vec![None; dates.len()];
        let mut paid = 0.0;
        for x in by_agent.get(id).into_iter().flatten() {
            if let Some(d) = dates.iter().position(|&d| d == x.date) {
                days[d].get_or_insert_with(|| Cell {
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
            id: id.to_string(),
            name: name.to_string(),
            contract,
            pools,
            days,
            paid_hours: paid,
            violations: per_agent.get(id).copied().unwrap_or(0),
        }
    };
    let mut agents: Vec<AgentRow> = s
        .agents
        .iter()
        .map(|a| {
            row(
                &a.id,
                &a.name,
                a.contract.as_str().to_string(),
                a.pools.clone(),
            )
        })
        .collect();
    // Agents an upload names that agents.csv lacks: shown, so the planner sees them.
    let mut unknown: Vec<&str> = by_agent
        .keys()
        .copied()
        .filter(|id| !s.agents.iter().any(|a| a.id == *id))
        .collect();
    unknown.sort_unstable();
    for id in unknown {
        agents.push(row(id, id, "unknown".into(), Vec::new()));
    }
    let hours = dates.len() * 24;
    let start = v.week.hour(0);
    let coverage = s
        .pools
        .iter()
        .map(|p| {
            let mut required = vec![0; hours];
            let mut rostered = vec![0; hours];
            for r in v.coverage.iter().filter(|r| r.pool == p.id) {
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
            let sim = v.simulated.pools.iter().find(|c| c.pool == p.id);
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
                temp_shifts: v
                    .temp_needs
                    .iter()
                    .filter(|t| t.pool == p.id)
                    .map(|t| t.shifts.values().sum::<u32>())
                    .sum(),
            }
        })
        .collect();
    RosterView {
        week: v.week.dates[0],
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
        hard_violations: violations.iter().filter(|x| x.hard).count(),
        violations,
        shifts_rostered: v.given.assignments.len(),
        weekly_cost: v.weekly_cost,
        source: if v.file.is_some() {
            "uploaded"
        } else {
            "planned"
        }
        .to_string(),
        file: v.file.clone(),
        unplaced: v.given.assignments.len() - v.placed.assignments.len(),
        previous_shifts: v.carried,
        objective: v.solver.map(|x| x.0),
        bound: v.solver.map(|x| x.1),
        gap: v.solver.map(|x| x.2),
        plan_seconds: v.clock.elapsed().as_secs_f64(),
    }
}
