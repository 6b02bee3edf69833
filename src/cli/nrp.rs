//! `seatplan bench-nrp FILE`: solves a public shift-scheduling benchmark instance (Curtois & Qu
//! text format) with the roster engine, re-checks the roster with the `check-roster` checker and
//! reports the benchmark objective recomputed from the roster, the bound, the gap and the time.

use super::Format;
use crate::io::{read_nrp, write_atomic};
use crate::schedule::{solve_nrp, RosterOptions, SolveOptions, Strategy};
use crate::{Error, Result};
use std::path::PathBuf;

/// How `bench-nrp` solves the instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum NrpStrategy {
    /// The whole MIP on one thread beside the fix-and-optimise polish on the other.
    #[default]
    Portfolio,
    /// One MIP (HiGHS, one thread).
    Single,
    /// The fix-and-optimise polish alone.
    Polish,
    /// The roster engine's automatic choice (one MIP for small models).
    Auto,
}

/// Arguments of `seatplan bench-nrp`.
#[derive(clap::Args, Debug)]
pub struct BenchNrpArgs {
    /// Instance file (e.g. Instance1.txt of the NRP benchmark).
    pub file: PathBuf,
    /// Wall-clock limit, seconds.
    #[arg(long, default_value_t = 60.0)]
    pub time_limit: f64,
    /// Output directory for the roster CSV.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Solve strategy.
    #[arg(long, value_enum, default_value_t)]
    pub strategy: NrpStrategy,
    /// Seed of the polish's neighbourhood choices.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// Runs `seatplan bench-nrp`.
pub fn run(a: &BenchNrpArgs) -> Result<()> {
    let name = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file).map_err(|source| Error::Io {
        path: a.file.clone(),
        source,
    })?;
    let inst = read_nrp(&name, &text)?;
    if a.time_limit.is_nan() || a.time_limit <= 0.0 {
        return Err(Error::Usage(format!(
            "--time-limit {} must be a positive number of seconds",
            a.time_limit
        )));
    }
    let opts = RosterOptions {
        solve: SolveOptions {
            time_limit_seconds: a.time_limit,
            mip_rel_gap: 0.0,
        },
        strategy: match a.strategy {
            NrpStrategy::Portfolio => Strategy::Portfolio,
            NrpStrategy::Single => Strategy::Single,
            NrpStrategy::Polish => Strategy::Polish,
            NrpStrategy::Auto => Strategy::Auto,
        },
        seed: a.seed,
        threads: 0,
    };
    let r = solve_nrp(&inst, &opts).map_err(|e| Error::Usage(e.to_string()))?;
    let stem = a
        .file
        .file_stem()
        .map_or("instance".to_string(), |s| s.to_string_lossy().into_owned());
    let path = a.out.join(format!("{stem}_roster.csv"));
    write_atomic(
        &path,
        crate::report::roster_csv(&r.roster, &inst.problem.agents).as_bytes(),
    )
    .map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    match a.format {
        Format::Json => {
            let v = serde_json::json!({
                "instance": stem,
                "days": inst.days,
                "staff": inst.problem.agents.len(),
                "shift_types": inst.shifts.len(),
                "objective": r.score.total,
                "bound": r.bound,
                "gap": r.gap,
                "proven_optimal": r.proven_optimal,
                "seconds": r.seconds,
                "hard_violations": r.hard_violations,
                "requests": r.score.requests,
                "under": r.score.under,
                "over": r.score.over,
                "model_objective": r.model_objective,
                "status": r.status,
                "variables": r.variables,
                "constraints": r.constraints,
                "roster": path.display().to_string(),
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        Format::Text => {
            println!(
                "{stem}: {} days, {} staff, {} shift types ({} variables, {} rows)",
                inst.days,
                inst.problem.agents.len(),
                inst.shifts.len(),
                r.variables,
                r.constraints
            );
            println!(
                "objective {} (requests {}, under {}, over {})",
                r.score.total, r.score.requests, r.score.under, r.score.over
            );
            println!(
                "bound {:.1}  gap {:.2}%{}  time {:.1} s  [{}]",
                r.bound,
                100.0 * r.gap,
                if r.proven_optimal {
                    " (proven optimal)"
                } else {
                    ""
                },
                r.seconds,
                r.status
            );
            println!("rule check: {} hard violations", r.hard_violations);
            for v in r.violations.iter().filter(|v| v.hard).take(20) {
                println!("  HARD {} {} {}: {}", v.rule, v.agent, v.date, v.detail);
            }
            println!("wrote {}", path.display());
        }
    }
    if r.hard_violations > 0 {
        return Err(Error::Rules(format!(
            "{} hard rule violations in the roster of {name}",
            r.hard_violations
        )));
    }
    Ok(())
}
