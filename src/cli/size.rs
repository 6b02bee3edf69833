//! `seatplan size`.

use super::{write_output, Format};
use crate::io::{load_scenario, read_demand};
use crate::model::{Demand, Scenario};
use crate::{Error, Result};
use chrono::Duration;
use std::collections::HashSet;
use std::path::Path;

/// The demand `size` uses without `--demand`: the last full week (168 hours) of history.
pub fn last_history_week(s: &Scenario) -> Result<Demand> {
    let (_, last) = s
        .history
        .span()
        .ok_or_else(|| Error::Usage("the scenario has no history; pass --demand FILE".into()))?;
    let end = last.date().and_hms_opt(0, 0, 0).unwrap_or(last) + Duration::days(1);
    let start = end - Duration::hours(168);
    Ok(Demand::from_history(&s.history, start, 168))
}

/// Sizes the scenario in `dir` on `demand` (or the last history week) and writes
/// `out/requirements.csv`.
pub fn run(dir: &Path, demand: Option<&Path>, out: &Path, format: Format) -> Result<()> {
    let scenario = load_scenario(dir)?;
    let source = match demand {
        Some(path) => path.display().to_string(),
        None => "the last history week".to_string(),
    };
    let demand = match demand {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let shops: HashSet<String> = scenario.shops.iter().map(|s| s.id.clone()).collect();
            let name = path.display().to_string();
            read_demand(&name, &text, &shops, scenario.rules.sizing.staff_to)?
        }
        None => last_history_week(&scenario)?,
    };
    let req = crate::size::size(&scenario, &demand)?;
    let path = write_output(
        dir,
        out,
        "requirements.csv",
        &crate::report::requirements_csv(&req),
    )?;
    match format {
        Format::Text => {
            println!(
                "Sized {} pools × {} hours from {}, demand from {}",
                req.pools.len(),
                demand.hours,
                demand.start,
                source
            );
            print!("{}", crate::report::requirements_table(&req));
            println!("wrote {}", path.display());
        }
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&req.pools).unwrap_or_default()
        ),
    }
    Ok(())
}
