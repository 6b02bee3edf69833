//! `seatplan plan` end to end on the demo: every output is written and they agree with each
//! other (the roster passes check-roster, coverage matches the roster, cost totals add up).

mod common;
use common::*;

use std::collections::HashMap;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");

#[test]
fn plan_writes_every_output_and_they_agree() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    let (code, stdout, err) = seatplan(&[
        "plan",
        DEMO,
        "--out",
        o.to_str().unwrap(),
        "--reps",
        "10",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for f in [
        "forecast.csv",
        "requirements.csv",
        "roster.csv",
        "roster.xlsx",
        "coverage.csv",
        "cost.csv",
        "quote.csv",
        "report.html",
    ] {
        let meta = std::fs::metadata(o.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(meta.len() > 100, "{f} is empty");
    }
    // The roster passes the independent checker.
    let (code, check, err) = seatplan(&[
        "check-roster",
        DEMO,
        "--roster",
        o.join("roster.csv").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{check}{err}");
    // Coverage's rostered seats equal the roster's shifts on the floor: total seat-hours of
    // coverage = Σ over shifts of the hours each covers (a shift covers hours it overlaps by
    // at least half; every demo template starts on the hour, so its length in hours).
    let roster = csv_rows(&o.join("roster.csv"));
    let cov = csv_rows(&o.join("coverage.csv"));
    let hours_of = |r: &HashMap<String, String>| {
        let s = chrono::NaiveDateTime::parse_from_str(&r["start"], "%Y-%m-%d %H:%M").unwrap();
        let e = chrono::NaiveDateTime::parse_from_str(&r["end"], "%Y-%m-%d %H:%M").unwrap();
        (e - s).num_hours() as u64
    };
    let rostered: u64 = roster.iter().map(hours_of).sum();
    let scheduled: u64 = cov
        .iter()
        .map(|r| r["scheduled"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(rostered, scheduled);
    let short: u64 = cov.iter().map(|r| r["short"].parse::<u64>().unwrap()).sum();
    assert_eq!(short, v["short_seat_hours"].as_u64().unwrap());
    for r in &cov {
        let (req, sch, sh): (u64, u64, u64) = (
            r["required"].parse().unwrap(),
            r["scheduled"].parse().unwrap(),
            r["short"].parse().unwrap(),
        );
        assert_eq!(sh, req.saturating_sub(sch), "{r:?}");
        if !r["sim_service_level"].is_empty() {
            let sl: f64 = r["sim_service_level"].parse().unwrap();
            assert!((0.0..=1.0).contains(&sl));
        }
    }
    // Cost: pools add up to the week; the month is the week × 52/12.
    let cost = csv_rows(&o.join("cost.csv"));
    let total = |scope: &str| {
        cost.iter().find(|r| r["scope"] == scope).unwrap()["total"]
            .parse::<f64>()
            .unwrap()
    };
    let pools: f64 = cost
        .iter()
        .filter(|r| r["scope"].starts_with("pool:"))
        .map(|r| r["total"].parse::<f64>().unwrap())
        .sum();
    assert!(
        (pools - total("week")).abs() < 0.05 * 6.0,
        "{pools} vs {}",
        total("week")
    );
    assert!((total("month") - total("week") * 52.0 / 12.0).abs() < 1.0);
    let shops: f64 = cost
        .iter()
        .filter(|r| r["scope"].starts_with("shop:"))
        .map(|r| r["total"].parse::<f64>().unwrap())
        .sum();
    assert!(
        (shops - total("week")).abs() < 1.0,
        "shop allocation {shops} vs week {}",
        total("week")
    );
    // Every shop has a quote line with its plan and a price.
    let quotes = csv_rows(&o.join("quote.csv"));
    assert_eq!(quotes.len(), 12);
    assert!(quotes
        .iter()
        .all(|q| q["monthly_price"].parse::<f64>().unwrap() > 0.0));
    // The report is self-contained: charts inline, nothing fetched.
    let html = std::fs::read_to_string(o.join("report.html")).unwrap();
    assert!(html.matches("<svg").count() >= 10);
    assert!(!html.contains("http://") && !html.contains("https://"));
}
