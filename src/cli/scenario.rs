//! `seatplan scenario`: a peak event's variants through the whole pipeline, side by side.

use super::{write_output, Format};
use crate::io::{load_scenario, read_scenario_spec, InputError};
use crate::model::Scenario;
use crate::scenario::{run as run_scenario, ScenarioOptions, ScenarioSpec, Sla, Variant};
use crate::schedule::SolveOptions;
use crate::simulate::SimOptions;
use crate::{Error, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Options of `seatplan scenario`.
pub struct ScenarioArgs<'a> {
    /// Scenario directory.
    pub dir: &'a Path,
    /// Scenario file (TOML) with the variants.
    pub file: Option<&'a Path>,
    /// Event name (without a file).
    pub event: Option<String>,
    /// Uplifts, one variant each (without a file).
    pub uplifts: Vec<f64>,
    /// Temporary agents added per pool in every variant (without a file).
    pub extra_temps: u32,
    /// Their day rate.
    pub temp_day_rate: Option<f64>,
    /// SLA target and seconds for every variant (without a file).
    pub sla: Option<(f64, f64)>,
    /// Occupancy cap of the sizing in each variant.
    pub max_occupancy: Option<f64>,
    /// Shop or pool to focus on.
    pub focus: Option<String>,
    /// First day of the week.
    pub week: Option<NaiveDate>,
    /// Roster time limit per pool group and run.
    pub time_limit: f64,
    /// Simulation replications.
    pub reps: usize,
    /// Seed.
    pub seed: u64,
    /// Output directory.
    pub out: &'a Path,
    /// Output format.
    pub format: Format,
}

/// The spec from the command line's flags.
fn spec_from_flags(a: &ScenarioArgs) -> Result<ScenarioSpec> {
    let event = a.event.clone().ok_or_else(|| {
        Error::Usage("name the event (--event 双11 --uplift 6) or give --file SCENARIO.toml".into())
    })?;
    if let Some(x) = a
        .uplifts
        .iter()
        .find(|x| !(x.is_finite() && (0.0..=crate::io::MAX_UPLIFT).contains(*x)))
    {
        return Err(Error::Usage(format!(
            "--uplift {x}: expected a multiple of a normal day from 0 to {}",
            crate::io::MAX_UPLIFT
        )));
    }
    if let Some(r) = a.temp_day_rate.filter(|r| !(r.is_finite() && *r >= 0.0)) {
        return Err(Error::Usage(format!(
            "--temp-day-rate {r}: expected CNY per day, at least 0"
        )));
    }
    let sla = match a.sla {
        Some((t, s)) if t > 0.0 && t < 1.0 && s > 0.0 => Some(Sla {
            target: t,
            seconds: s,
        }),
        Some((t, s)) => {
            return Err(Error::Usage(format!(
                "--sla-target {t} --sla-seconds {s}: expected a share between 0 and 1 and \
                 positive seconds"
            )))
        }
        None => None,
    };
    if let Some(c) = a.max_occupancy.filter(|c| !(*c > 0.0 && *c <= 1.0)) {
        return Err(Error::Usage(format!(
            "--max-occupancy {c}: expected a share in (0, 1], e.g. 0.95"
        )));
    }
    let base = Variant {
        extra_temps: a.extra_temps,
        temp_day_rate: a.temp_day_rate,
        sla,
        max_occupancy: a.max_occupancy,
        ..Variant::default()
    };
    let mut variants: Vec<Variant> = a
        .uplifts
        .iter()
        .map(|&x| Variant {
            name: format!("{x}×"),
            uplift: Some(x),
            ..base.clone()
        })
        .collect();
    if variants.is_empty() {
        if base == Variant::default() {
            return Err(Error::Usage(
                "nothing to compare: give --uplift X (repeatable), --extra-temps N, an SLA or --max-occupancy"
                    .into(),
            ));
        }
        variants.push(Variant {
            name: "variant".into(),
            ..base
        });
    }
    Ok(ScenarioSpec {
        event,
        focus: a.focus.clone(),
        week: a.week,
        variants,
    })
}

/// Reads and checks a scenario file against the scenario it runs on.
pub fn load_spec(path: &Path, s: &Scenario) -> Result<ScenarioSpec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: PathBuf::from(path),
        source,
    })?;
    let name = path.display().to_string();
    let mut problems = Vec::new();
    match read_scenario_spec(&name, &text, s, &mut problems) {
        Some(spec) if problems.is_empty() => Ok(spec),
        _ => Err(InputError { problems }.into()),
    }
}

/// Solver and simulation settings of the scenario runs.
pub fn options(time_limit: f64, reps: usize, seed: u64) -> ScenarioOptions {
    ScenarioOptions {
        solve: SolveOptions {
            time_limit_seconds: time_limit,
            mip_rel_gap: 0.005,
        },
        sim: SimOptions {
            replications: reps.max(2),
            seed,
            ..SimOptions::default()
        },
    }
}

/// Runs the comparison; prints the side-by-side table (or JSON) and writes scenario.csv and
/// scenario.html.
pub fn run(a: &ScenarioArgs) -> Result<()> {
    let s = load_scenario(a.dir)?;
    let mut spec = match a.file {
        Some(path) => {
            if a.event.is_some()
                || !a.uplifts.is_empty()
                || a.extra_temps > 0
                || a.sla.is_some()
                || a.max_occupancy.is_some()
            {
                return Err(Error::Usage(
                    "--file gives the variants; drop --event/--uplift/--extra-temps/--sla/--max-occupancy"
                        .into(),
                ));
            }
            load_spec(path, &s)?
        }
        None => spec_from_flags(a)?,
    };
    if a.focus.is_some() {
        spec.focus = a.focus.clone();
    }
    if a.week.is_some() {
        spec.week = a.week;
    }
    let report = run_scenario(&s, &spec, &options(a.time_limit, a.reps, a.seed))?;
    write_output(
        a.dir,
        a.out,
        "scenario.csv",
        crate::report::scenario_csv(&report),
    )?;
    let html = write_output(
        a.dir,
        a.out,
        "scenario.html",
        crate::report::scenario_html(&report),
    )?;
    match a.format {
        Format::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(e.to_string()))?
            );
        }
        Format::Text => {
            let scope = report
                .focus_pool
                .as_deref()
                .map_or("all pools".to_string(), |p| format!("pool {p}"));
            println!(
                "{} — week of {} ({scope}); peak days {}",
                report.event.event,
                report.event.week,
                report
                    .event
                    .peak_days
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for x in report.all() {
                println!(
                    "  {}: {}",
                    x.variant.name,
                    crate::report::variant_summary(x)
                );
            }
            println!();
            print!("{}", crate::report::scenario_text(&report));
            println!("\nwrote {} and scenario.csv", html.display());
        }
    }
    Ok(())
}
