//! Reads a demand table (`--demand FILE`): `shop,hour` plus either `inquiries` or forecast
//! columns `mean,p50,p80,p95` (the rules' `staff_to` quantile is used, else `mean`). Hours
//! not listed are 0 (closed); the horizon runs from the first to the last listed hour.

use super::problem::{InputError, Problem};
use super::table::{opt, req, Bound, Table};
use crate::model::{Demand, Quantile};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashSet};

/// Longest horizon a demand file may span: a year of hours.
pub const MAX_DEMAND_HOURS: i64 = 366 * 24;

/// Parses a demand table; `shops` are the known shop ids, `quantile` the column to prefer.
pub fn read_demand(
    file: &str,
    text: &str,
    shops: &HashSet<String>,
    quantile: Quantile,
) -> Result<Demand, InputError> {
    let mut problems = Vec::new();
    let cols = [
        req("shop"),
        req("hour"),
        opt("inquiries"),
        opt("mean"),
        opt("p50"),
        opt("p80"),
        opt("p95"),
    ];
    let table = Table::parse(file, text, &cols, &mut problems);
    let header = text
        .split(['\r', '\n'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let has = |c: &str| {
        header
            .split(',')
            .any(|h| h.trim().trim_start_matches('\u{feff}') == c)
    };
    let column = if has("inquiries") {
        "inquiries"
    } else if has(quantile.as_str()) {
        quantile.as_str()
    } else if has("mean") {
        "mean"
    } else {
        problems.push(Problem::at(
            file,
            1,
            "inquiries",
            "no demand column; expected `inquiries` or forecast columns mean/p50/p80/p95",
        ));
        "inquiries"
    };
    let mut rows: Vec<(String, NaiveDateTime, f64, usize)> = Vec::new();
    let mut seen = HashSet::new();
    for row in table.rows() {
        let mut r = row.reader(&mut problems);
        let shop = r.text("shop");
        if let Some(s) = &shop {
            if !shops.contains(s) {
                r.fail(
                    "shop",
                    format!("unknown shop '{s}'; it must be listed in shops.csv"),
                );
            }
        }
        let hour = r.hour("hour");
        let v = r.number(column, Bound::NonNegative);
        if let (true, Some(shop), Some(hour), Some(v)) = (r.clean(), shop, hour, v) {
            if !seen.insert((shop.clone(), hour)) {
                r.fail("hour", format!("duplicate hour {hour} for shop '{shop}'"));
                continue;
            }
            rows.push((shop, hour, v, row.line));
        }
    }
    let (Some(first), Some(last)) = (
        rows.iter().min_by_key(|r| r.1),
        rows.iter().max_by_key(|r| r.1),
    ) else {
        if problems.is_empty() {
            problems.push(Problem::at(
                file,
                1,
                "",
                "has no demand rows; expected shop,hour rows under the header",
            ));
        }
        return Err(InputError { problems });
    };
    let (start, end) = (first.1, last.1);
    let span = (end - start).num_hours() + 1;
    if span > MAX_DEMAND_HOURS {
        problems.push(Problem::at(
            file,
            last.3,
            "hour",
            format!(
                "spans {span} hours ({start} .. {end}, from line {}); at most a year of hours is sized at once",
                first.3
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(InputError { problems });
    }
    let hours = span as usize;
    let mut series: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (shop, hour, v, _) in rows {
        series.entry(shop).or_insert_with(|| vec![0.0; hours])
            [(hour - start).num_hours() as usize] = v;
    }
    Ok(Demand {
        start,
        hours,
        shops: series,
    })
}

/// Reads a `requirements.csv` written by `seatplan size` (columns `pool,hour,scheduled_seats`
/// are used; the others are accepted).
pub fn read_requirements(
    file: &str,
    text: &str,
    pools: &HashSet<String>,
) -> Result<Vec<crate::size::Requirement>, InputError> {
    let mut problems = Vec::new();
    let cols = [
        req("pool"),
        req("hour"),
        opt("open_shops"),
        opt("arrivals"),
        opt("aht_seconds"),
        opt("traffic_erlangs"),
        opt("required_seats"),
        req("scheduled_seats"),
        opt("service_level"),
        opt("asa_seconds"),
        opt("prob_abandon"),
        opt("occupancy"),
        opt("binding"),
        opt("standalone_required"),
    ];
    let table = Table::parse(file, text, &cols, &mut problems);
    let mut rows = Vec::new();
    for row in table.rows() {
        let mut r = row.reader(&mut problems);
        let pool = r.text("pool");
        if let Some(p) = &pool {
            if !pools.contains(p) {
                r.fail(
                    "pool",
                    format!("unknown pool '{p}'; it must be listed in pools.csv"),
                );
            }
        }
        let hour = r.hour("hour");
        let scheduled = r.integer("scheduled_seats", 0);
        let required = match row.get("required_seats") {
            "" => scheduled,
            _ => r.integer("required_seats", 0),
        };
        if let (true, Some(pool), Some(hour), Some(scheduled), Some(required)) =
            (r.clean(), pool, hour, scheduled, required)
        {
            rows.push(crate::size::Requirement {
                pool,
                hour,
                open_shops: 0,
                arrivals: 0.0,
                aht_seconds: 0.0,
                traffic_erlangs: 0.0,
                required,
                scheduled,
                service_level: 0.0,
                asa_seconds: 0.0,
                prob_abandon: 0.0,
                occupancy: 0.0,
                binding: row.get("binding").to_string(),
                standalone_required: 0,
            });
        }
    }
    InputError::or_ok(problems, rows)
}
