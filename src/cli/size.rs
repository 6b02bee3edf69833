//! `seatplan size`.

use super::{write_output, Format};
use crate::io::{load_scenario, read_demand};
use crate::model::{Demand, Scenario};
use crate::schedule::Week;
use crate::{Error, Result};
use chrono::{Duration, NaiveDate};
use std::collections::HashSet;
use std::path::Path;

/// The last full week (168 hours) of history, as demand (actuals, for comparisons).
pub fn last_history_week(s: &Scenario) -> Result<Demand> {
    let (_, last) = s
        .history
        .span()
        .ok_or_else(|| Error::Usage("the scenario has no history; pass --demand FILE".into()))?;
    let end = last.date().and_hms_opt(0, 0, 0).unwrap_or(last) + Duration::days(1);
    let start = end - Duration::hours(168);
    Ok(Demand::from_history(&s.history, start, 168))
}

/// Where `size` takes its demand from.
pub enum DemandSource<'a> {
    /// The forecast for the week starting on the date (default: the Monday after history).
    Forecast(Option<NaiveDate>),
    /// A demand or forecast CSV.
    File(&'a Path),
    /// The last full week of history (actuals).
    LastHistoryWeek,
}

/// Sizes the scenario in `dir` and writes `out/requirements.csv`.
pub fn run(dir: &Path, source: DemandSource, out: &Path, format: Format) -> Result<()> {
    let scenario = load_scenario(dir)?;
    let (demand, label) = match source {
        DemandSource::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let shops: HashSet<String> = scenario.shops.iter().map(|s| s.id.clone()).collect();
            let name = path.display().to_string();
            let d = read_demand(&name, &text, &shops, scenario.rules.sizing.staff_to)?;
            (d, name)
        }
        DemandSource::LastHistoryWeek => (
            last_history_week(&scenario)?,
            "the last history week".to_string(),
        ),
        DemandSource::Forecast(week) => {
            let start = week
                .or_else(|| super::roster::default_week(&scenario))
                .ok_or_else(|| {
                    Error::Usage("no history to forecast from; pass --demand FILE".into())
                })?;
            let w = Week::new(start, &scenario.calendar);
            let d = super::roster::week_demand(&scenario, &w)?;
            let q = scenario.rules.sizing.staff_to.as_str();
            (d, format!("the forecast ({q})"))
        }
    };
    let req = crate::size::size(&scenario, &demand)?;
    let path = write_output(
        dir,
        out,
        "requirements.csv",
        crate::report::requirements_csv(&req),
    )?;
    match format {
        Format::Text => {
            println!(
                "Sized {} pools × {} hours from {}, demand from {label}",
                req.pools.len(),
                demand.hours,
                demand.start,
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
