//! Backtests on the public real series in `tests/fixtures/real/` (copied from
//! `shared/data/real/`, see SOURCE.md there), under the protocol of its README: one fit on all
//! data before `test_start`, a 336-hour forecast, no refits, scored on the hours whose actual is
//! present. Calendars are the `*_special_days.csv` files read with
//! `seatplan::io::read_special_days`, which maps `holiday_us_federal` → statutory,
//! `event` → event and skips `data_note` rows (the observed `daily_volume` and
//! `ratio_vs_baseline` columns are ignored: they would leak the test period).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use seatplan::forecast::{backtest, BacktestReport, ForecastOptions};
use seatplan::io::{read_series, read_special_days};
use seatplan::model::{CalendarEntry, ShopHistory};
use std::path::Path;

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(dataset: &str) -> (ShopHistory, Vec<CalendarEntry>) {
    let series = format!("{dataset}_hourly.csv");
    let days = format!("{dataset}_special_days.csv");
    let h = read_series(&series, &fixture(&series)).expect("series parses");
    let c = read_special_days(&days, &fixture(&days)).expect("calendar parses");
    (h, c)
}

fn at(date: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

fn run(dataset: &str, start: &str) -> BacktestReport {
    let (h, c) = load(dataset);
    backtest(&h, &c, at(start), 336, &ForecastOptions::default()).expect("backtest runs")
}

/// Best peer WAPE per window (forecast_anchors.csv, brief) and our threshold.
const WINDOWS: [(&str, &str, &str, f64); 4] = [
    ("us_bank_calls_2003", "last2w", "2003-10-11", 0.0616),
    ("us_bank_calls_2003", "laborday2w", "2003-08-30", 0.0830),
    ("nyc_taxi_2014", "last2w", "2015-01-18", 0.1502),
    ("nyc_taxi_2014", "christmas_newyear2w", "2014-12-22", 0.2757),
];

#[test]
fn baselines_reproduce_the_anchor_file() {
    // Our seasonal-naive and 4-week-profile baselines must match the peers' figures, which
    // checks the protocol (training cut, horizon, scored hours, metric definitions).
    let anchors = fixture("forecast_anchors.csv");
    for (dataset, window, start, _) in WINDOWS {
        let r = run(dataset, start);
        for (model, ours) in [
            ("snaive_week", r.seasonal_naive),
            ("profile_4w", r.profile_4w),
        ] {
            let line = anchors
                .lines()
                .find(|l| {
                    l.starts_with(&format!("{dataset},{window},{start},"))
                        && l.contains(&format!(",{model},"))
                })
                .expect("anchor row");
            let f: Vec<&str> = line.split(',').collect();
            let n_eval: usize = f[6].parse().unwrap();
            let wape: f64 = f[7].parse().unwrap();
            assert_eq!(ours.hours, n_eval, "{dataset} {window} {model} hours");
            assert!(
                (ours.wape - wape).abs() < 5e-4,
                "{dataset} {window} {model}: ours {} vs anchor {wape}",
                ours.wape
            );
        }
    }
}

#[test]
fn beats_the_best_peer_on_all_four_windows() {
    for (dataset, window, start, best_peer) in WINDOWS {
        let r = run(dataset, start);
        println!(
            "{dataset} {window}: model {:.4} (mape {:.4}, bias {:+.4}, n {}) snaive {:.4} profile_4w {:.4} best peer {best_peer:.4} cover80 {:.2} cover95 {:.2}",
            r.model.wape, r.model.mape, r.model.bias, r.model.hours, r.seasonal_naive.wape, r.profile_4w.wape, r.coverage_p80, r.coverage_p95
        );
        assert!(r.model.wape.is_finite() && r.model.mape.is_finite());
        assert!(
            r.model.wape < best_peer,
            "{dataset} {window}: WAPE {:.4} is not below the best peer {best_peer}",
            r.model.wape
        );
    }
}

/// Rolling windows every two weeks over the last three months of each series (not only the
/// four anchor windows): the model must beat seasonal naive on average.
#[test]
fn rolling_windows_beat_seasonal_naive_on_average() {
    for (dataset, first, last) in [
        ("us_bank_calls_2003", "2003-07-19", "2003-10-11"),
        ("nyc_taxi_2014", "2014-10-25", "2015-01-17"),
    ] {
        let (h, c) = load(dataset);
        let (mut ours, mut naive, mut n) = (0.0, 0.0, 0);
        let mut s = at(first);
        while s <= at(last) {
            let r = backtest(&h, &c, s, 336, &ForecastOptions::default()).expect("runs");
            println!(
                "{dataset} {}: model {:.4} snaive {:.4} profile_4w {:.4} bias {:+.4} cover80 {:.2} cover95 {:.2}",
                s.date(),
                r.model.wape,
                r.seasonal_naive.wape,
                r.profile_4w.wape,
                r.model.bias,
                r.coverage_p80,
                r.coverage_p95
            );
            ours += r.model.wape;
            naive += r.seasonal_naive.wape;
            n += 1;
            s += Duration::days(14);
        }
        println!(
            "{dataset}: mean WAPE model {:.4} vs seasonal naive {:.4} over {n} windows",
            ours / n as f64,
            naive / n as f64
        );
        assert!(
            ours < naive,
            "{dataset}: model does not beat seasonal naive on average"
        );
    }
}
