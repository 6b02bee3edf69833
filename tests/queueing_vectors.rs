//! Every row of the exact reference vectors (tests/fixtures/vectors, copied from
//! shared/data/vectors; see SOURCE.md) against the queueing engine.
//!
//! Tolerance: 1e−9 relative, or 1e−12 absolute for tiny values; required agents exact.

use std::path::PathBuf;

use serde::Deserialize;

use seatplan::queueing::{
    erlang_a_metrics, erlang_c, erlang_c_metrics, is_stable, required_agents, StaffingRequest,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vectors")
        .join(name)
}

fn read<T: for<'de> Deserialize<'de>>(name: &str) -> Vec<T> {
    let mut rdr = csv::Reader::from_path(fixture(name)).expect("open fixture");
    rdr.deserialize()
        .collect::<Result<Vec<T>, _>>()
        .expect("parse fixture")
}

const RTOL: f64 = 1e-9;
const ATOL: f64 = 1e-12;

thread_local! {
    /// Largest relative error seen (above the absolute floor), for `--nocapture` reports.
    static WORST: std::cell::RefCell<(f64, String)> = const { std::cell::RefCell::new((0.0, String::new())) };
}

fn worst_report(test: &str) {
    WORST.with(|w| {
        let (e, what) = &*w.borrow();
        eprintln!("{test}: worst relative error {e:e} ({what})");
    });
}

/// Relative error beyond the absolute floor, or 0 when within tolerance.
fn check(what: &str, case: &str, got: f64, want: f64) -> Result<(), String> {
    if got == want {
        return Ok(());
    }
    if !(got.is_finite() && want.is_finite()) {
        return Err(format!("{case}: {what} got {got}, want {want}"));
    }
    let err = (got - want).abs();
    if want != 0.0 && want.abs() > ATOL {
        let rel = err / want.abs();
        WORST.with(|w| {
            let mut w = w.borrow_mut();
            if rel > w.0 {
                *w = (rel, format!("{case}: {what}"));
            }
        });
    }
    if err <= ATOL || err <= RTOL * want.abs() {
        Ok(())
    } else {
        Err(format!(
            "{case}: {what} got {got:e}, want {want:e} (rel err {:e})",
            err / want.abs()
        ))
    }
}

fn assert_all(test: &str, failures: Vec<String>, rows: usize) {
    worst_report(test);
    assert!(
        failures.is_empty(),
        "{} of {rows} rows' fields failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[derive(Debug, Deserialize)]
struct CRow {
    arrivals_per_interval: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
    traffic_erlangs: f64,
    prob_wait: f64,
    service_level: f64,
    asa_seconds: f64,
    occupancy: f64,
    stable: bool,
    case: String,
}

#[test]
fn erlang_c_vectors_every_row() {
    let rows: Vec<CRow> = read("erlang_c_vectors.csv");
    assert_eq!(rows.len(), 236);
    let mut failures = Vec::new();
    let mut unstable = 0;
    for r in &rows {
        // Both f64 orderings: arrivals·AHT/interval (the engine's) and arrivals/interval·AHT,
        // which turns 13 into 12.999999999999998 and 21 into 21.000000000000004.
        let a_good = r.arrivals_per_interval * r.aht_seconds / r.interval_seconds;
        let a_trap = r.arrivals_per_interval / r.interval_seconds * r.aht_seconds;
        for (order, a) in [("a*aht/iv", a_good), ("a/iv*aht", a_trap)] {
            let case = format!(
                "{} n={} A={} T={} [{order}]",
                r.case, r.agents, a, r.target_answer_seconds
            );
            let m = erlang_c_metrics(a, r.aht_seconds, r.agents, r.target_answer_seconds);
            let res = (|| {
                check("traffic", &case, a, r.traffic_erlangs)?;
                if m.stable != r.stable || is_stable(r.agents, a) != r.stable {
                    return Err(format!("{case}: stable {} want {}", m.stable, r.stable));
                }
                if !r.stable {
                    // documented limits
                    if !(m.prob_wait == 1.0
                        && m.service_level == 0.0
                        && m.asa_seconds == f64::INFINITY
                        && m.occupancy == 1.0
                        && r.asa_seconds == f64::INFINITY)
                    {
                        return Err(format!("{case}: unstable limits wrong: {m:?}"));
                    }
                }
                check("prob_wait", &case, m.prob_wait, r.prob_wait)?;
                check("erlang_c()", &case, erlang_c(r.agents, a), r.prob_wait)?;
                check("service_level", &case, m.service_level, r.service_level)?;
                check("asa_seconds", &case, m.asa_seconds, r.asa_seconds)?;
                check("occupancy", &case, m.occupancy, r.occupancy)
            })();
            if let Err(e) = res {
                failures.push(e);
            }
        }
        if !r.stable {
            unstable += 1;
        }
    }
    assert!(
        unstable >= 30,
        "expected the unstable rows, found {unstable}"
    );
    assert_all("erlang_c", failures, rows.len());
}

#[derive(Debug, Deserialize)]
struct ReqRow {
    arrivals_per_interval: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    traffic_erlangs: f64,
    target_service_level: f64,
    target_answer_seconds: f64,
    max_occupancy: f64,
    required_agents: u32,
    agents_for_sl_only: u32,
    agents_for_occupancy_only: u32,
    binding_constraint: String,
    service_level_at_required: f64,
    prob_wait_at_required: f64,
    occupancy_at_required: f64,
    asa_seconds_at_required: f64,
    service_level_at_required_minus_1: String,
    case: String,
}

#[test]
fn required_agents_vectors_every_row() {
    let rows: Vec<ReqRow> = read("required_agents_vectors.csv");
    assert_eq!(rows.len(), 150);
    let mut failures = Vec::new();
    for r in &rows {
        let a_good = r.arrivals_per_interval * r.aht_seconds / r.interval_seconds;
        let a_trap = r.arrivals_per_interval / r.interval_seconds * r.aht_seconds;
        for (order, a) in [("a*aht/iv", a_good), ("a/iv*aht", a_trap)] {
            let case = format!(
                "{} A={a} sl={} T={} occ={} [{order}]",
                r.case, r.target_service_level, r.target_answer_seconds, r.max_occupancy
            );
            let req = StaffingRequest {
                max_occupancy: r.max_occupancy,
                ..StaffingRequest::erlang_c(
                    a,
                    r.aht_seconds,
                    r.target_service_level,
                    r.target_answer_seconds,
                )
            };
            let res = (|| {
                check("traffic", &case, a, r.traffic_erlangs)?;
                let s = required_agents(&req).map_err(|e| format!("{case}: error {e}"))?;
                let got = (
                    s.required_agents,
                    s.agents_for_sl_only,
                    s.agents_for_occupancy_only,
                );
                let want = (
                    r.required_agents,
                    r.agents_for_sl_only,
                    r.agents_for_occupancy_only,
                );
                if got != want {
                    return Err(format!(
                        "{case}: (required, sl_only, occ_only) got {got:?}, want {want:?}"
                    ));
                }
                let label = match s.binding.label().as_str() {
                    "sl+occupancy" => "both".to_string(),
                    l => l.to_string(),
                };
                if label != r.binding_constraint {
                    return Err(format!(
                        "{case}: binding {label} want {}",
                        r.binding_constraint
                    ));
                }
                check(
                    "sl@req",
                    &case,
                    s.service_level,
                    r.service_level_at_required,
                )?;
                check("pw@req", &case, s.prob_wait, r.prob_wait_at_required)?;
                check("occ@req", &case, s.occupancy, r.occupancy_at_required)?;
                check("asa@req", &case, s.asa_seconds, r.asa_seconds_at_required)?;
                let m1 = erlang_c_metrics(
                    a,
                    r.aht_seconds,
                    s.required_agents - 1,
                    r.target_answer_seconds,
                );
                if r.service_level_at_required_minus_1 == "unstable" {
                    if m1.stable {
                        return Err(format!("{case}: n-1 should be unstable"));
                    }
                } else {
                    let want: f64 = r.service_level_at_required_minus_1.parse().unwrap();
                    check("sl@req-1", &case, m1.service_level, want)?;
                }
                Ok(())
            })();
            if let Err(e) = res {
                failures.push(e);
            }
        }
    }
    assert_all("required_agents", failures, rows.len());
}

#[derive(Debug, Deserialize)]
struct ARow {
    arrivals_per_interval: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    patience_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
    traffic_erlangs: f64,
    prob_wait: f64,
    prob_abandon: f64,
    service_level: f64,
    service_level_of_answered: f64,
    #[serde(rename = "service_level_excl_abandon_within_T")]
    service_level_excl_abandon_within_t: f64,
    #[serde(rename = "prob_wait_le_T")]
    prob_wait_le_t: f64,
    #[serde(rename = "prob_abandon_within_T")]
    prob_abandon_within_t: f64,
    mean_wait_all_seconds: f64,
    asa_answered_seconds: f64,
    occupancy: f64,
    mean_queue_length: f64,
    #[serde(rename = "truncation_K")]
    truncation_k: usize,
    case: String,
}

#[test]
fn erlang_a_vectors_every_row() {
    let rows: Vec<ARow> = read("erlang_a_vectors.csv");
    assert_eq!(rows.len(), 33);
    let mut failures = Vec::new();
    for r in &rows {
        let a = r.arrivals_per_interval * r.aht_seconds / r.interval_seconds;
        let case = format!(
            "{} A={a} n={} pat={} T={}",
            r.case, r.agents, r.patience_seconds, r.target_answer_seconds
        );
        let res = (|| {
            check("traffic", &case, a, r.traffic_erlangs)?;
            let m = erlang_a_metrics(
                a,
                r.aht_seconds,
                r.patience_seconds,
                r.agents,
                r.target_answer_seconds,
            )
            .map_err(|e| format!("{case}: error {e}"))?;
            let mut errs = Vec::new();
            for (what, got, want) in [
                ("prob_wait", m.prob_wait, r.prob_wait),
                ("prob_abandon", m.prob_abandon, r.prob_abandon),
                ("service_level", m.service_level, r.service_level),
                (
                    "service_level_of_answered",
                    m.service_level_of_answered,
                    r.service_level_of_answered,
                ),
                (
                    "service_level_excl_abandon_within_T",
                    m.service_level_excl_abandon_within_t,
                    r.service_level_excl_abandon_within_t,
                ),
                ("prob_wait_le_T", m.prob_wait_le_t, r.prob_wait_le_t),
                (
                    "prob_abandon_within_T",
                    m.prob_abandon_within_t,
                    r.prob_abandon_within_t,
                ),
                (
                    "mean_wait_all_seconds",
                    m.mean_wait_all_seconds,
                    r.mean_wait_all_seconds,
                ),
                (
                    "asa_answered_seconds",
                    m.asa_answered_seconds,
                    r.asa_answered_seconds,
                ),
                ("occupancy", m.occupancy, r.occupancy),
                (
                    "mean_queue_length",
                    m.mean_queue_length,
                    r.mean_queue_length,
                ),
            ] {
                if let Err(e) = check(what, &case, got, want) {
                    errs.push(e);
                }
            }
            // Our own truncation point: beyond n, and never needing more than the
            // reference's far-tail cut (1e−65) plus a margin.
            if m.truncation_k <= r.agents as usize || m.truncation_k > r.truncation_k + 10 {
                errs.push(format!(
                    "{case}: truncation K {} vs reference {}",
                    m.truncation_k, r.truncation_k
                ));
            }
            if errs.is_empty() {
                Ok(())
            } else {
                Err(errs.join("\n"))
            }
        })();
        if let Err(e) = res {
            failures.push(e);
        }
    }
    assert_all("erlang_a", failures, rows.len());
}
