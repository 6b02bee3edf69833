//! `seatplan cost`: the labour cost of a roster (e.g. `roster.csv` from `seatplan roster`) by
//! category, by pool and allocated to shops; writes `cost.csv`.

use super::{write_output, Format};
use crate::cost::{allocate_to_shops, roster_cost, CostBreakdown, CostCategories, ShopCost};
use crate::io::{load_scenario, read_roster};
use crate::schedule::{Roster, RosterProblem, Slot};
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `seatplan cost`.
#[derive(clap::Args, Debug)]
pub struct CostArgs {
    /// Scenario directory.
    #[arg(default_value = "data/demo")]
    pub dir: PathBuf,
    /// Roster CSV (`agent,date,shift,pool`, as `seatplan roster` writes it).
    #[arg(long)]
    pub roster: PathBuf,
    /// First day costed (default: the Monday of the roster's first date).
    #[arg(long)]
    pub week: Option<NaiveDate>,
    /// Output directory for `cost.csv` (must not be the scenario directory).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// The cost of a roster, by pool and by shop.
#[derive(Debug, serde::Serialize)]
pub struct CostReport {
    /// The breakdown (horizon totals, per pool).
    pub breakdown: CostBreakdown,
    /// Per week by category.
    pub weekly: CostCategories,
    /// Per month by category (week × 52/12).
    pub monthly: CostCategories,
    /// Per shop (shared pools by the shops' inquiries in the last history week).
    pub shops: Vec<ShopCost>,
}

/// Costs the roster the arguments name.
pub fn compute(a: &CostArgs) -> Result<CostReport> {
    let s = load_scenario(&a.dir)?;
    let name = a.roster.display().to_string();
    let text = std::fs::read_to_string(&a.roster).map_err(|source| Error::Io {
        path: a.roster.clone(),
        source,
    })?;
    let read = read_roster(&name, &text, &s.rules)?;
    let first = read.assignments.iter().map(|x| x.date).min();
    let last = read.assignments.iter().map(|x| x.date).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::Usage(format!("{name} has no assignments")));
    };
    let start = a.week.unwrap_or_else(|| {
        first - Duration::days(i64::from(first.weekday().num_days_from_monday()))
    });
    if first < start {
        return Err(Error::Usage(format!(
            "{name} has shifts on {first}, before --week {start}"
        )));
    }
    let days = ((last - start).num_days() + 1).max(7) as usize;
    let days = days.div_ceil(7) * 7;
    let problem = RosterProblem::for_horizon(&s, start, days, BTreeMap::new(), Vec::new());
    let mut assignments = Vec::new();
    for (i, x) in read.assignments.iter().enumerate() {
        let line = i + 2;
        let agent =
            s.agents.iter().find(|g| g.id == x.agent).ok_or_else(|| {
                Error::Usage(format!("{name}:{line}: unknown agent '{}'", x.agent))
            })?;
        let template = problem
            .template(&x.shift)
            .ok_or_else(|| Error::Usage(format!("{name}:{line}: unknown shift '{}'", x.shift)))?;
        if s.pool(&x.pool).is_none() {
            return Err(Error::Usage(format!(
                "{name}:{line}: unknown pool '{}'",
                x.pool
            )));
        }
        let day = problem.horizon.day_of(x.date).ok_or_else(|| {
            Error::Usage(format!(
                "{name}:{line}: {} is outside the costed days",
                x.date
            ))
        })?;
        assignments.push(problem.assignment(agent, Slot { day, template }, &x.pool));
    }
    let roster = Roster { assignments };
    let breakdown = roster_cost(&problem, &roster).map_err(|e| Error::Usage(e.to_string()))?;
    let demand = super::size::last_history_week(&s)?;
    let shops = allocate_to_shops(&breakdown, &s, &demand);
    Ok(CostReport {
        weekly: breakdown.weekly(),
        monthly: breakdown.monthly(),
        shops,
        breakdown,
    })
}

fn csv(r: &CostReport) -> String {
    let mut out = String::from("level,id,pool,share");
    for (label, _) in CostCategories::default().lines() {
        let _ = write!(out, ",{}", label.replace([' ', '-'], "_").to_lowercase());
    }
    out.push_str(",total,monthly_total\n");
    let days = r.breakdown.days.max(1) as f64;
    let month = 7.0 / days * crate::cost::WEEKS_PER_MONTH;
    let mut row = |level: &str, id: &str, pool: &str, share: f64, c: &CostCategories| {
        let _ = write!(out, "{level},{id},{pool},{share:.4}");
        for (_, v) in c.lines() {
            let _ = write!(out, ",{v:.2}");
        }
        let _ = writeln!(out, ",{:.2},{:.2}", c.total(), c.total() * month);
    };
    row("total", "", "", 1.0, &r.breakdown.cost);
    for p in &r.breakdown.pools {
        row("pool", &p.pool, &p.pool, 1.0, &p.cost);
    }
    for sc in &r.shops {
        row("shop", &sc.shop, &sc.pool, sc.share, &sc.cost);
    }
    out
}

/// Runs `seatplan cost`.
pub fn run(a: &CostArgs) -> Result<()> {
    let r = compute(a)?;
    let path = write_output(&a.dir, &a.out, "cost.csv", csv(&r))?;
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
        Format::Text => {
            let b = &r.breakdown;
            println!(
                "Cost of {} shifts ({} night) over {} days from {}: {} agents paid, {:.1} FTE, {:.0} h rostered, {:.0} h idle guaranteed, {:.0} h overtime",
                b.shifts, b.night_shifts, b.days, b.start, b.agents_paid, b.fte, b.rostered_hours, b.idle_hours, b.overtime_hours
            );
            println!("{:<24} {:>12} {:>12}", "CNY", "per week", "per month");
            for ((label, w), (_, m)) in r.weekly.lines().iter().zip(r.monthly.lines().iter()) {
                println!("{label:<24} {w:>12.0} {m:>12.0}");
            }
            println!(
                "{:<24} {:>12.0} {:>12.0}",
                "total",
                r.weekly.total(),
                r.monthly.total()
            );
            let scale = 7.0 / b.days.max(1) as f64;
            println!(
                "\n{:<12} {:>7} {:>7} {:>12} {:>12}",
                "pool", "shifts", "FTE", "per week", "per month"
            );
            for p in &b.pools {
                println!(
                    "{:<12} {:>7} {:>7.1} {:>12.0} {:>12.0}",
                    p.pool,
                    p.shifts,
                    p.fte,
                    p.cost.total() * scale,
                    p.cost.total() * scale * crate::cost::WEEKS_PER_MONTH
                );
            }
            println!(
                "\n{:<12} {:<12} {:>7} {:>12}",
                "shop", "pool", "share", "per month"
            );
            for sc in &r.shops {
                println!(
                    "{:<12} {:<12} {:>6.1}% {:>12.0}",
                    sc.shop,
                    sc.pool,
                    100.0 * sc.share,
                    sc.monthly_total
                );
            }
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}
