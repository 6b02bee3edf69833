//! `seatplan forecast` and `seatplan backtest`.

use super::{write_output, Format};
use crate::forecast::{
    backtest, forecast_all, shop_calendar, BacktestReport, ForecastOptions, Metrics,
};
use crate::io::{load_scenario, read_calendar, read_series, read_special_days};
use crate::model::{CalendarEntry, ShopHistory};
use crate::{Error, Result};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use std::collections::HashSet;
use std::path::Path;

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Forecasts every shop of the scenario from `from` for `weeks` weeks; writes `forecast.csv`.
pub fn run(
    dir: &Path,
    from: Option<NaiveDate>,
    weeks: u32,
    explain: bool,
    out: &Path,
    format: Format,
) -> Result<()> {
    let s = load_scenario(dir)?;
    let start = from
        .or_else(|| super::roster::default_week(&s))
        .ok_or_else(|| Error::Usage("no history to forecast from".into()))?;
    if weeks == 0 || weeks > 52 {
        return Err(Error::Usage(format!("--weeks {weeks}: expected 1 to 52")));
    }
    let hours = weeks as usize * 168;
    let f = forecast_all(
        &s,
        start.and_hms_opt(0, 0, 0).unwrap_or_default(),
        hours,
        &ForecastOptions::default(),
    )?;
    let csv = crate::report::forecast_csv(&f);
    let path = write_output(dir, out, "forecast.csv", &csv)?;
    match format {
        Format::Json => {
            let totals: Vec<serde_json::Value> = f
                .shops
                .iter()
                .map(|x| {
                    let sum = |g: fn(&crate::forecast::ForecastHour) -> f64| x.hours.iter().map(g).sum::<f64>();
                    serde_json::json!({"shop": x.shop, "mean": sum(|h| h.mean), "p80": sum(|h| h.p80), "p95": sum(|h| h.p95)})
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&totals).unwrap_or_default()
            );
        }
        Format::Text => {
            println!("Forecast from {start} for {weeks} week(s), inquiries per day (mean; P80 of the week total):");
            let days = hours / 24;
            print!("{:<12}", "shop");
            for d in 0..days.min(14) {
                print!(" {:>7}", (start + Duration::days(d as i64)).format("%a%d"));
            }
            println!(" {:>9}", "P80 total");
            for x in &f.shops {
                print!("{:<12}", x.shop);
                for d in 0..days.min(14) {
                    let v: f64 = x.hours[d * 24..(d + 1) * 24].iter().map(|h| h.mean).sum();
                    print!(" {v:>7.0}");
                }
                println!(" {:>9.0}", x.hours.iter().map(|h| h.p80).sum::<f64>());
            }
            if explain {
                for x in &f.shops {
                    println!(
                        "\n{} — components of the first day (mean = level × seasonal × event):",
                        x.shop
                    );
                    println!(
                        "{:>6} {:>5} {:>9} {:>9} {:>8} {:>9} {:>8} {:>8}",
                        "hour", "open", "level", "seasonal", "event", "mean", "p80", "p95"
                    );
                    for h in x.hours.iter().take(24) {
                        println!(
                            "{:>6} {:>5} {:>9.2} {:>9.4} {:>8.3} {:>9.1} {:>8.1} {:>8.1}",
                            h.hour.format("%H:%M"),
                            if h.open { "yes" } else { "no" },
                            h.level,
                            h.seasonal,
                            h.event,
                            h.mean,
                            h.p80,
                            h.p95
                        );
                    }
                }
            }
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// What `backtest` scores.
pub enum BacktestInput<'a> {
    /// Every shop of a scenario (or one with `shop`).
    Scenario {
        /// Scenario directory.
        dir: &'a Path,
        /// Only this shop.
        shop: Option<&'a str>,
    },
    /// A single series `timestamp,volume` with an optional calendar file.
    Series {
        /// The series CSV.
        series: &'a Path,
        /// A calendar: seatplan's `calendar.csv` or a special-days file (`date,…,name,kind`).
        calendar: Option<&'a Path>,
    },
}

fn read_any_calendar(path: &Path) -> Result<Vec<CalendarEntry>> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let header = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}')
        .to_ascii_lowercase();
    if header.split(',').any(|h| h.trim() == "date") {
        Ok(read_special_days(&name, &text)?)
    } else {
        let mut problems = Vec::new();
        let cal = read_calendar(&name, &text, &HashSet::new(), &mut problems);
        if problems.is_empty() {
            Ok(cal.entries)
        } else {
            Err(crate::io::InputError { problems }.into())
        }
    }
}

/// Runs a backtest and prints WAPE, MAPE and bias beside the baselines.
pub fn run_backtest(
    input: BacktestInput,
    start: NaiveDate,
    horizon_hours: usize,
    format: Format,
) -> Result<()> {
    let test_start: NaiveDateTime = start.and_hms_opt(0, 0, 0).unwrap_or_default();
    let opts = ForecastOptions::default();
    let mut runs: Vec<(String, ShopHistory, Vec<CalendarEntry>)> = Vec::new();
    match input {
        BacktestInput::Series { series, calendar } => {
            let name = series.display().to_string();
            let h = read_series(&name, &read_text(series)?)?;
            let cal = match calendar {
                Some(c) => read_any_calendar(c)?,
                None => Vec::new(),
            };
            runs.push((name, h, cal));
        }
        BacktestInput::Scenario { dir, shop } => {
            let s = load_scenario(dir)?;
            for x in s.shops.iter().filter(|x| shop.is_none_or(|id| id == x.id)) {
                let h = s.history.shops.get(&x.id).cloned().unwrap_or_default();
                runs.push((x.id.clone(), h, shop_calendar(&s.calendar, &x.id)));
            }
            if runs.is_empty() {
                return Err(Error::Usage(format!(
                    "no shop '{}' in {}",
                    shop.unwrap_or(""),
                    dir.display()
                )));
            }
        }
    }
    for (name, h, _) in &runs {
        match h.span() {
            Some((first, _)) if first >= test_start => {
                return Err(crate::forecast::ForecastError::NoHistoryBefore {
                    shop: name.clone(),
                    start: test_start,
                    first,
                }
                .into())
            }
            None => {
                return Err(
                    crate::forecast::ForecastError::EmptyHistory { shop: name.clone() }.into(),
                )
            }
            _ => {}
        }
    }
    let reports: Vec<(String, BacktestReport)> = runs
        .iter()
        .map(|(name, h, cal)| {
            Ok((
                name.clone(),
                backtest(h, cal, test_start, horizon_hours, &opts)?,
            ))
        })
        .collect::<Result<_>>()?;
    // Volume-weighted totals over shops (WAPE and bias weighted by actual volume).
    let total = |f: fn(&BacktestReport) -> &Metrics| -> Metrics {
        if reports.len() == 1 {
            return *f(&reports[0].1);
        }
        let weight = |r: &BacktestReport| r.model.hours as f64;
        let w: f64 = reports.iter().map(|(_, r)| weight(r)).sum::<f64>().max(1.0);
        Metrics {
            wape: reports
                .iter()
                .map(|(_, r)| f(r).wape * weight(r))
                .sum::<f64>()
                / w,
            mape: reports
                .iter()
                .map(|(_, r)| f(r).mape * weight(r))
                .sum::<f64>()
                / w,
            bias: reports
                .iter()
                .map(|(_, r)| f(r).bias * weight(r))
                .sum::<f64>()
                / w,
            hours: reports.iter().map(|(_, r)| f(r).hours).sum(),
        }
    };
    let model = total(|r| &r.model);
    let snaive = total(|r| &r.seasonal_naive);
    let profile = total(|r| &r.profile_4w);
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "wape": model.wape, "mape": model.mape, "bias": model.bias, "hours": model.hours,
                "test_start": test_start, "horizon_hours": horizon_hours,
                "seasonal_naive": snaive, "profile_4w": profile,
                "series": reports.iter().map(|(n, r)| serde_json::json!({"name": n, "report": r})).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        Format::Text => {
            println!("Backtest: one fit before {test_start}, {horizon_hours} h ahead, scored on observed hours");
            println!(
                "{:<36} {:>8} {:>8} {:>8} {:>7}",
                "series / model", "WAPE", "MAPE", "bias", "hours"
            );
            let line = |name: &str, m: &Metrics| {
                println!(
                    "{:<36} {:>8.4} {:>8.4} {:>+8.4} {:>7}",
                    name, m.wape, m.mape, m.bias, m.hours
                );
            };
            for (name, r) in &reports {
                let short: String = name
                    .chars()
                    .rev()
                    .take(20)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                line(&format!("{short} seatplan"), &r.model);
                line(&format!("{short} seasonal naive"), &r.seasonal_naive);
                line(&format!("{short} 4-week profile"), &r.profile_4w);
            }
            if reports.len() > 1 {
                line("ALL seatplan", &model);
                line("ALL seasonal naive", &snaive);
                line("ALL 4-week profile", &profile);
            }
        }
    }
    Ok(())
}
