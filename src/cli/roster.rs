//! `seatplan roster` and `seatplan check-roster`.

use super::{write_output, Format};
use crate::io::{load_scenario, read_preferences, read_requirements, read_roster};
use crate::model::{Demand, Scenario};
use crate::schedule::{
    check_roster, requirement_for_week, solve_roster, RosterProblem, SolveOptions, Week, HOURS,
};
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The Monday after the last day of history (the default planning week).
pub fn default_week(s: &Scenario) -> Option<NaiveDate> {
    let (_, last) = s.history.span()?;
    let next = last.date() + Duration::days(1);
    let back = next.weekday().num_days_from_monday() as i64;
    Some(if back == 0 {
        next
    } else {
        next + Duration::days(7 - back)
    })
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The week's seat requirement: from `--requirements FILE`, else sized from the week's
/// forecast demand.
pub fn week_requirement(
    s: &Scenario,
    week: &Week,
    requirements: Option<&Path>,
) -> Result<BTreeMap<String, Vec<u32>>> {
    if let Some(path) = requirements {
        let pools: HashSet<String> = s.pools.iter().map(|p| p.id.clone()).collect();
        let rows = read_requirements(&path.display().to_string(), &read_text(path)?, &pools)?;
        return Ok(requirement_for_week(&rows, week));
    }
    let demand = week_demand(s, week)?;
    let sized = crate::size::size(s, &demand)?;
    Ok(requirement_for_week(&sized.rows, week))
}

/// Demand for the 168 hours of `week`: the forecast at the rules' `staff_to` quantile.
pub fn week_demand(s: &Scenario, week: &Week) -> Result<Demand> {
    let f = crate::forecast::forecast_all(
        s,
        week.hour(0),
        HOURS,
        &crate::forecast::ForecastOptions::default(),
    )?;
    Ok(f.demand(s.rules.sizing.staff_to))
}

/// Options of `seatplan roster`.
pub struct RosterArgs<'a> {
    /// Scenario directory.
    pub dir: &'a Path,
    /// First day of the week.
    pub week: Option<NaiveDate>,
    /// Requirements CSV instead of sizing.
    pub requirements: Option<&'a Path>,
    /// Solver time limit per pool group, seconds.
    pub time_limit: f64,
    /// Relative MIP gap.
    pub gap: f64,
    /// Last week's roster, whose tail the rules look back on.
    pub previous: Option<&'a Path>,
    /// Output directory.
    pub out: &'a Path,
    /// Output format.
    pub format: Format,
}

/// Builds and solves the week's roster, writes `roster.csv` and `coverage.csv`.
pub fn run(a: &RosterArgs) -> Result<()> {
    let s = load_scenario(a.dir)?;
    let start = a.week.or_else(|| default_week(&s)).ok_or_else(|| {
        Error::Usage("no history to infer the week from; pass --week DATE".into())
    })?;
    let week = Week::new(start, &s.calendar);
    let requirement = week_requirement(&s, &week, a.requirements)?;
    let prefs_path = a.dir.join("preferences.csv");
    let preferences = if prefs_path.exists() {
        let agents: HashSet<String> = s.agents.iter().map(|x| x.id.clone()).collect();
        read_preferences(
            "preferences.csv",
            &read_text(&prefs_path)?,
            &agents,
            &s.rules,
        )?
    } else {
        Vec::new()
    };
    let problem = with_previous(
        &s,
        RosterProblem::for_week(&s, start, requirement, preferences),
        a.previous,
    )?;
    let warnings = crate::schedule::preflight(&problem);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let opts = SolveOptions {
        time_limit_seconds: a.time_limit,
        mip_rel_gap: a.gap,
    };
    let sol = solve_roster(&problem, opts).map_err(|e| Error::Usage(e.to_string()))?;
    let roster_path = write_output(
        a.dir,
        a.out,
        "roster.csv",
        crate::report::roster_csv(&sol.roster, &s.agents),
    )?;
    let cov_path = write_output(
        a.dir,
        a.out,
        "coverage.csv",
        crate::report::coverage_csv(&sol.coverage),
    )?;
    let violations = check_roster(&problem, &sol.roster);
    let hard = violations.iter().filter(|v| v.hard).count();
    match a.format {
        Format::Json => {
            let v = serde_json::json!({
                "week": start,
                "assignments": sol.roster.assignments.len(),
                "labour_cost": sol.labour_cost,
                "idle_cost": sol.idle_cost,
                "objective": sol.objective,
                "bound": sol.bound,
                "gap": sol.gap,
                "short_seat_hours": sol.shortages.iter().map(|x| x.seats as u64).sum::<u64>(),
                "shortages": sol.shortages,
                "temp_needs": sol.temp_needs,
                "groups": sol.groups,
                "hard_violations": hard,
                "warnings": warnings,
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        Format::Text => print!("{}", crate::report::roster_summary(&sol, start, hard)),
    }
    if a.format == Format::Text {
        println!("wrote {} and {}", roster_path.display(), cov_path.display());
    }
    Ok(())
}

/// The previous roster in `previous` (when given), read like a roster file.
pub fn read_previous(
    s: &Scenario,
    previous: Option<&Path>,
) -> Result<Option<crate::schedule::Roster>> {
    previous
        .map(|path| {
            Ok(read_roster(
                &path.display().to_string(),
                &read_text(path)?,
                &s.rules,
            )?)
        })
        .transpose()
}

/// `problem` with the tail of the previous roster in `previous` (when given); says on stderr
/// when none of its shifts binds this week.
fn with_previous(
    s: &Scenario,
    problem: RosterProblem,
    previous: Option<&Path>,
) -> Result<RosterProblem> {
    let (Some(path), Some(prev)) = (previous, read_previous(s, previous)?) else {
        return Ok(problem);
    };
    let start = problem.horizon.start;
    let (problem, taken) = problem.with_previous(&prev);
    if taken == 0 {
        eprintln!(
            "warning: {} has no shift of a known agent in the 7 days before {start}; nothing carries over",
            path.display()
        );
    }
    Ok(problem)
}

/// Re-verifies a roster file against every rule; exits 1 on any hard violation.
pub fn check(
    dir: &Path,
    roster: &Path,
    week: Option<NaiveDate>,
    requirements: Option<&Path>,
    previous: Option<&Path>,
    format: Format,
) -> Result<()> {
    let s = load_scenario(dir)?;
    let name = roster.display().to_string();
    let r = read_roster(&name, &read_text(roster)?, &s.rules)?;
    let start = week
        .or_else(|| {
            r.assignments
                .iter()
                .map(|a| a.date)
                .min()
                .map(|d| d - Duration::days(d.weekday().num_days_from_monday() as i64))
        })
        .ok_or_else(|| Error::Usage("empty roster; pass --week DATE".into()))?;
    // Rules need no requirement; coverage against one is reported when a file is given.
    let w = Week::new(start, &s.calendar);
    let requirement = match requirements {
        Some(_) => week_requirement(&s, &w, requirements)?,
        None => BTreeMap::new(),
    };
    let problem = with_previous(
        &s,
        RosterProblem::for_week(&s, start, requirement, Vec::new()),
        previous,
    )?;
    let violations = check_roster(&problem, &r);
    let hard = violations.iter().filter(|v| v.hard).count();
    // Coverage against the requirement, when one was given: seats short per pool.
    let mut short: BTreeMap<String, u64> = BTreeMap::new();
    if requirements.is_some() {
        let floor = crate::schedule::floor_seats(&problem, &r);
        for (pool, need) in &problem.requirement {
            let seats = problem
                .pools
                .iter()
                .position(|p| p == pool)
                .map_or(&[][..], |g| floor[g].as_slice());
            let n: u64 = need
                .iter()
                .enumerate()
                .map(|(h, &x)| u64::from(x.saturating_sub(seats.get(h).copied().unwrap_or(0))))
                .sum();
            short.insert(pool.clone(), n);
        }
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "violations": violations,
                "hard_violations": hard,
                "short_seat_hours": short,
            }))
            .unwrap_or_default()
        ),
        Format::Text => {
            for v in &violations {
                println!(
                    "{} {:<26} {:<8} {}  {}",
                    if v.hard { "HARD" } else { "soft" },
                    v.rule,
                    v.agent,
                    v.date,
                    v.detail
                );
            }
            println!(
                "{} assignments; {hard} hard violations, {} soft",
                r.assignments.len(),
                violations.len() - hard
            );
            for (pool, n) in &short {
                println!("coverage {pool}: {n} seat-hours short");
            }
        }
    }
    if hard > 0 {
        return Err(Error::Rules(format!(
            "{hard} hard rule violations in {name}"
        )));
    }
    Ok(())
}

/// `seatplan mix`: the least-cost shift mix per pool for the week's requirement.
pub fn mix(
    dir: &Path,
    week: Option<NaiveDate>,
    requirements: Option<&Path>,
    time_limit: f64,
    out: &Path,
    format: Format,
) -> Result<()> {
    use crate::schedule::{pool_mix_lines, shift_mix};
    use std::fmt::Write as _;
    let s = load_scenario(dir)?;
    let start = week.or_else(|| default_week(&s)).ok_or_else(|| {
        Error::Usage("no history to infer the week from; pass --week DATE".into())
    })?;
    let w = Week::new(start, &s.calendar);
    let requirement = week_requirement(&s, &w, requirements)?;
    let opts = SolveOptions {
        time_limit_seconds: time_limit,
        mip_rel_gap: 0.0,
    };
    let mut csv = String::from("pool,date,shift,contract,count,cost_per_shift\n");
    let mut summary = Vec::new();
    for pool in &s.pools {
        let need = requirement
            .get(&pool.id)
            .cloned()
            .unwrap_or_else(|| vec![0; HOURS]);
        let lines = pool_mix_lines(&pool.id, &s.agents, &s.rules.shifts, &s.prices.cost);
        let m = shift_mix(
            &s.rules.shifts,
            &lines,
            &need,
            s.rules.shortage_penalty_per_seat_hour,
            opts,
        )
        .map_err(|e| Error::Usage(e.to_string()))?;
        for c in m.counts.iter().filter(|c| c.count > 0) {
            let line = lines
                .iter()
                .find(|l| l.template == c.template && l.contract == c.contract)
                .map_or(0.0, |l| l.cost_per_shift);
            let _ = writeln!(
                csv,
                "{},{},{},{},{},{:.2}",
                pool.id,
                w.dates[c.day],
                s.rules.shifts[c.template].id,
                c.contract.as_str(),
                c.count,
                line
            );
        }
        let shifts: u32 = m.counts.iter().map(|c| c.count).sum();
        let short: f64 = m.short.iter().sum();
        summary.push(serde_json::json!({
            "pool": pool.id, "shifts": shifts, "cost": m.cost, "objective": m.objective,
            "bound": m.bound, "gap": m.gap, "short_seat_hours": short,
        }));
    }
    let path = write_output(dir, out, "shift_mix.csv", &csv)?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&summary).unwrap_or_default()
        ),
        Format::Text => {
            println!(
                "Shift mix for the week of {start} (least-cost shifts covering the requirement):"
            );
            println!(
                "{:<12} {:>7} {:>12} {:>12} {:>7} {:>7}",
                "pool", "shifts", "cost CNY", "bound", "gap", "short"
            );
            for v in &summary {
                println!(
                    "{:<12} {:>7} {:>12.0} {:>12.0} {:>6.2}% {:>7.1}",
                    v["pool"].as_str().unwrap_or(""),
                    v["shifts"].as_u64().unwrap_or(0),
                    v["cost"].as_f64().unwrap_or(0.0),
                    v["bound"].as_f64().unwrap_or(0.0),
                    100.0 * v["gap"].as_f64().unwrap_or(0.0),
                    v["short_seat_hours"].as_f64().unwrap_or(0.0)
                );
            }
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}
