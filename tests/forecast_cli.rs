//! `seatplan forecast` and `seatplan backtest` end to end (the method itself is tested in
//! forecast_real.rs and forecast_demo.rs).

mod common;
use common::*;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");
const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

#[test]
fn backtest_series_json_has_the_documented_fields_and_beats_the_peers() {
    for (series, start, best_peer) in [
        ("us_bank_calls_2003", "2003-10-11", 0.0616),
        ("nyc_taxi_2014", "2014-12-22", 0.2757),
    ] {
        let (code, out, err) = seatplan(&[
            "backtest",
            "--series",
            &format!("{REAL}/{series}_hourly.csv"),
            "--calendar",
            &format!("{REAL}/{series}_special_days.csv"),
            "--start",
            start,
            "--horizon-hours",
            "336",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let wape = v["wape"].as_f64().unwrap();
        assert!(
            wape < best_peer,
            "{series}: WAPE {wape} not below the best peer {best_peer}"
        );
        assert!(v["mape"].as_f64().unwrap().is_finite());
        assert!(v["bias"].as_f64().unwrap().abs() < 1.0);
        assert!(v["hours"].as_u64().unwrap() > 100);
        assert!(v["seasonal_naive"]["wape"].as_f64().unwrap() > wape);
    }
}

#[test]
fn backtest_on_the_demo_scenario_across_double_11() {
    let (code, out, err) = seatplan(&[
        "backtest",
        DEMO,
        "--start",
        "2025-11-03",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (model, naive) = (
        v["wape"].as_f64().unwrap(),
        v["seasonal_naive"]["wape"].as_f64().unwrap(),
    );
    // The calendar carries the peak; a seasonal naive repeats an ordinary week.
    assert!(model < 0.5 * naive, "model {model} vs naive {naive}");
    assert_eq!(v["series"].as_array().unwrap().len(), 12);
}

#[test]
fn forecast_writes_quantiles_for_every_shop_hour() {
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, err) = seatplan(&[
        "forecast",
        DEMO,
        "--weeks",
        "2",
        "--explain",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("components of the first day"), "{stdout}");
    let mut r = csv::Reader::from_path(out.path().join("forecast.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let idx = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (open, mean, p50, p80, p95) =
        (idx("open"), idx("mean"), idx("p50"), idx("p80"), idx("p95"));
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let f = |i: usize| rec[i].parse::<f64>().unwrap();
        assert!(f(mean).is_finite() && f(mean) >= 0.0);
        assert!(
            f(p50) <= f(p80) + 1e-9 && f(p80) <= f(p95) + 1e-9,
            "{rec:?}"
        );
        if &rec[open] == "0" {
            assert_eq!(f(mean), 0.0);
        }
        n += 1;
    }
    assert_eq!(n, 12 * 2 * 168);
    // jd_digital is closed 00:00–08:00.
    let text = std::fs::read_to_string(out.path().join("forecast.csv")).unwrap();
    assert!(
        text.contains("jd_digital,2026-01-05 03:00,0,0.000"),
        "closed hours are closed"
    );
}

#[test]
fn backtest_errors_are_clear() {
    let (code, _, err) = seatplan(&["backtest", DEMO, "--start", "2020-01-01"]);
    assert_eq!(code, 1);
    assert!(err.contains("no history before"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("s.csv");
    std::fs::write(
        &bad,
        "timestamp,volume\n2024-01-01T00:00,5\n2024-01-01T01:00,-3\n",
    )
    .unwrap();
    let (code, _, err) = seatplan(&[
        "backtest",
        "--series",
        bad.to_str().unwrap(),
        "--start",
        "2024-01-02",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("s.csv:3"), "{err}");
}
