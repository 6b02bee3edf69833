//! The stationary simulator against the exact Erlang C and Erlang A reference values
//! (tests/fixtures/vectors): simulated P(wait), service level and (Erlang A) P(abandon) must
//! contain the exact value in their 99 % confidence interval (Student t over independent
//! replications, fixed seed).
//!
//! Each row: 20 replications, each starting empty, 40 AHT of warm-up discarded, then
//! `max(1,500 AHT, 30,000 arrivals)` measured (so light rows get as many arrivals as heavy
//! ones). The CI widths are also asserted small (< 0.04), so a pass is not an artefact of a
//! loose interval.

use seatplan::queueing::Concurrency;
use seatplan::simulate::{
    simulate_stationary, Estimate, HandleTime, SlowDown, StationaryConfig, StationaryResult,
};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
struct CRow {
    arrivals_per_interval: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
    prob_wait: f64,
    service_level: f64,
    stable: bool,
}

#[derive(Debug, Deserialize)]
struct ARow {
    arrivals_per_interval: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    patience_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
    prob_wait: f64,
    prob_abandon: f64,
    service_level: f64,
}

fn read<T: for<'de> Deserialize<'de>>(name: &str) -> Vec<T> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vectors")
        .join(name);
    csv::Reader::from_path(path)
        .expect("open fixture")
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .expect("parse fixture")
}

const LEVEL: f64 = 0.99;
const REPS: usize = 20;

fn config(agents: u32, traffic: f64, aht: f64, patience: Option<f64>, t: f64) -> StationaryConfig {
    StationaryConfig {
        agents,
        traffic_erlangs: traffic,
        aht_seconds: aht,
        patience_seconds: patience,
        concurrency: Concurrency::Single,
        slowdown: SlowDown::FullConcurrency,
        handle_time: HandleTime::Exponential,
        answer_within_seconds: t,
        warmup_seconds: 40.0 * aht,
        horizon_seconds: aht * (30_000.0 / traffic).max(1500.0),
        replications: REPS,
    }
}

fn check(what: &str, case: &str, e: &Estimate, exact: f64, failures: &mut Vec<String>) {
    let (lo, hi) = e.ci(LEVEL);
    let line = format!(
        "{case:<44} {what:<13} exact {exact:.5}  sim {:.5}  99% CI [{lo:.5}, {hi:.5}]",
        e.mean
    );
    eprintln!("{line}");
    if !e.covers(exact, LEVEL) {
        failures.push(format!("outside CI: {line}"));
    }
    if (hi - lo).is_nan() || hi - lo >= 0.04 {
        failures.push(format!("CI too wide: {line}"));
    }
}

/// (arrivals, interval, aht, agents, T) of the Erlang C rows checked.
const C_ROWS: [(f64, f64, f64, u32, f64); 6] = [
    (6.0, 1800.0, 300.0, 3, 20.0),    // A = 1, n = 3
    (30.0, 3600.0, 300.0, 4, 20.0),   // A = 2.5, n = 4
    (75.0, 1800.0, 120.0, 7, 20.0),   // A = 5, n = 7
    (120.0, 3600.0, 300.0, 13, 20.0), // A = 10, n = 13
    (173.0, 3600.0, 360.0, 21, 60.0), // A = 17.3, n = 21, T = 60
    (123.5, 900.0, 187.0, 31, 20.0),  // A = 25.66, n = 31
];

#[test]
fn erlang_c_rows_within_99_ci() {
    let rows: Vec<CRow> = read("erlang_c_vectors.csv");
    let mut failures = Vec::new();
    for (i, &(arr, iv, aht, n, t)) in C_ROWS.iter().enumerate() {
        let r = rows
            .iter()
            .find(|r| {
                r.arrivals_per_interval == arr
                    && r.interval_seconds == iv
                    && r.aht_seconds == aht
                    && r.agents == n
                    && r.target_answer_seconds == t
            })
            .expect("row in fixture");
        assert!(r.stable);
        let a = arr * aht / iv;
        let res: StationaryResult =
            simulate_stationary(&config(n, a, aht, None, t), 1000 + i as u64).unwrap();
        let case = format!("C A={a:.3} n={n} T={t}");
        check("P(wait)", &case, &res.prob_wait, r.prob_wait, &mut failures);
        check(
            "SL",
            &case,
            &res.service_level,
            r.service_level,
            &mut failures,
        );
        assert_eq!(res.prob_abandon.mean, 0.0);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// (arrivals, interval, aht, patience, agents, T) of the Erlang A rows checked.
const A_ROWS: [(f64, f64, f64, f64, u32, f64); 7] = [
    (10.0, 3600.0, 180.0, 60.0, 1, 20.0), // A = 0.5, n = 1, short patience
    (30.0, 3600.0, 300.0, 120.0, 4, 20.0), // A = 2.5, n = 4
    (100.0, 1800.0, 180.0, 300.0, 14, 20.0), // A = 10, n = 14
    (100.0, 1800.0, 180.0, 300.0, 10, 20.0), // A = 10, n = 10 (n = A)
    (100.0, 1800.0, 180.0, 30.0, 12, 20.0), // patience 30 s
    (173.0, 3600.0, 360.0, 240.0, 19, 45.0), // A = 17.3, T = 45
    (120.0, 3600.0, 600.0, 90.0, 18, 30.0), // A = 20, n = 18 < A
];

#[test]
fn erlang_a_rows_within_99_ci() {
    let rows: Vec<ARow> = read("erlang_a_vectors.csv");
    let mut failures = Vec::new();
    for (i, &(arr, iv, aht, pat, n, t)) in A_ROWS.iter().enumerate() {
        let r = rows
            .iter()
            .find(|r| {
                r.arrivals_per_interval == arr
                    && r.interval_seconds == iv
                    && r.aht_seconds == aht
                    && r.patience_seconds == pat
                    && r.agents == n
                    && r.target_answer_seconds == t
            })
            .expect("row in fixture");
        let a = arr * aht / iv;
        let res = simulate_stationary(&config(n, a, aht, Some(pat), t), 2000 + i as u64).unwrap();
        let case = format!("A A={a:.3} n={n} T={t} patience={pat}");
        check("P(wait)", &case, &res.prob_wait, r.prob_wait, &mut failures);
        check(
            "SL",
            &case,
            &res.service_level,
            r.service_level,
            &mut failures,
        );
        check(
            "P(abandon)",
            &case,
            &res.prob_abandon,
            r.prob_abandon,
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The engine's own slots model (c slots per agent, every chat `AHT₁·h(c)`) is exactly an
/// M/M/(n·c) queue: simulated with concurrency it must reproduce Erlang C of the equivalent
/// queue.
#[test]
fn concurrency_slots_model_is_the_equivalent_erlang_c_queue() {
    let conc = Concurrency::Factors(vec![1.0, 1.7, 2.5]);
    let (n, a1, aht, t) = (5u32, 10.0, 240.0, 30.0);
    let q = conc.equivalent(a1, aht);
    let exact = seatplan::queueing::erlang_c_metrics(
        q.traffic_erlangs,
        q.aht_seconds,
        q.slots_for_seats(n),
        t,
    );
    let mut cfg = config(n, a1, aht, None, t);
    cfg.concurrency = conc;
    let res = simulate_stationary(&cfg, 77).unwrap();
    let mut failures = Vec::new();
    let case = format!("slots c=3 n={n} A1={a1}");
    check(
        "P(wait)",
        &case,
        &res.prob_wait,
        exact.prob_wait,
        &mut failures,
    );
    check(
        "SL",
        &case,
        &res.service_level,
        exact.service_level,
        &mut failures,
    );
    check(
        "occupancy",
        &case,
        &res.occupancy,
        exact.occupancy,
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
