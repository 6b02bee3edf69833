//! The queueing engine's chat-concurrency model against simulation.
//!
//! The engine sizes `n` agents with `c` chats as `n·c` slots, every chat held `AHT₁·h(c)`
//! (`h(c) = c / f[c−1]`, the slow-down at FULL concurrency). Here, for `c = 2, 3, 4` with the
//! demo factors `[1, 1.7, 2.5, 2.9, 3.5]`, AHT₁ = 240 s, 120 chats an hour (A₁ = 8 Erlangs),
//! 80 % in 30 s:
//!
//! * `erlang`: the engine's prediction at `n` seats (`n` = `required_agents`, and `n − 1`);
//! * `sim full`: simulation of the engine's own model — must agree with `erlang`;
//! * `sim current`: simulation where each chat's pace depends on the chats its agent holds
//!   at the moment (`h(k)`, `k ≤ c`), new chats to the least-loaded agent — the realistic
//!   model. Same random numbers as `sim full` (common random numbers), so the paired
//!   difference is precise.
//!
//! Run with `--nocapture` for the table; the module documentation of `seatplan::simulate`
//! quotes it.

use seatplan::queueing::{
    erlang_a_metrics, erlang_c_metrics, required_agents, Concurrency, StaffingRequest,
};
use seatplan::simulate::{
    simulate_stationary, Estimate, HandleTime, SlowDown, StationaryConfig, StationaryResult,
};

const FACTORS: [f64; 5] = [1.0, 1.7, 2.5, 2.9, 3.5];
const AHT: f64 = 240.0;
const A1: f64 = 8.0;
const T: f64 = 30.0;
const TARGET: f64 = 0.8;

fn sim(n: u32, conc: &Concurrency, patience: Option<f64>, mode: SlowDown) -> StationaryResult {
    let cfg = StationaryConfig {
        agents: n,
        traffic_erlangs: A1,
        aht_seconds: AHT,
        patience_seconds: patience,
        concurrency: conc.clone(),
        slowdown: mode,
        handle_time: HandleTime::Exponential,
        answer_within_seconds: T,
        warmup_seconds: 40.0 * AHT,
        horizon_seconds: 1000.0 * AHT,
        replications: 30,
    };
    simulate_stationary(&cfg, 4242).unwrap()
}

/// The engine's (SL, P(abandon), occupancy) at `n` seats.
fn engine(n: u32, conc: &Concurrency, patience: Option<f64>) -> (f64, f64, f64) {
    let q = conc.equivalent(A1, AHT);
    let slots = q.slots_for_seats(n);
    match patience {
        None => {
            let m = erlang_c_metrics(q.traffic_erlangs, q.aht_seconds, slots, T);
            (m.service_level, 0.0, m.occupancy)
        }
        Some(p) => {
            let m = erlang_a_metrics(q.traffic_erlangs, q.aht_seconds, p, slots, T).unwrap();
            (m.service_level, m.prob_abandon, m.occupancy)
        }
    }
}

fn pm(e: &Estimate) -> String {
    let (lo, hi) = e.ci(0.95);
    format!("{:.3}±{:.3}", e.mean, (hi - lo) / 2.0)
}

#[test]
fn engine_concurrency_model_is_pessimistic() {
    let mut failures = Vec::new();
    eprintln!("SIMULATE_CONCURRENCY_TABLE");
    eprintln!(
        "{:<2} {:<9} {:>2} {:>5} | {:>6} {:>11} {:>11} | {:>6} {:>21} | {:>6} {:>7}",
        "c",
        "patience",
        "n",
        "slots",
        "erlang",
        "sim full",
        "sim current",
        "cur−E",
        "cur−full (95% CI)",
        "occ E",
        "occ cur"
    );
    for c in [2usize, 3, 4] {
        let conc = Concurrency::Factors(FACTORS[..c].to_vec());
        for patience in [None, Some(180.0)] {
            let req = StaffingRequest {
                patience_seconds: patience,
                concurrency: conc.clone(),
                ..StaffingRequest::erlang_c(A1, AHT, TARGET, T)
            };
            let sized = required_agents(&req).unwrap().required_agents;
            for n in [sized - 1, sized] {
                let (sl, _pab, occ) = engine(n, &conc, patience);
                if patience.is_none() && sl == 0.0 {
                    continue; // unstable under the engine's model
                }
                let full = sim(n, &conc, patience, SlowDown::FullConcurrency);
                let cur = sim(n, &conc, patience, SlowDown::CurrentLoad);
                let diffs: Vec<f64> = full
                    .per_replication
                    .iter()
                    .zip(&cur.per_replication)
                    .map(|(a, b)| b.service_level - a.service_level)
                    .collect();
                let d = Estimate::from_samples(&diffs);
                let (dlo, dhi) = d.ci(0.95);
                eprintln!(
                    "{:<2} {:<9} {:>2} {:>5} | {:>6.3} {:>11} {:>11} | {:>+6.1} {:>+5.1} [{:+5.1}, {:+5.1}] | {:>6.3} {:>7.3}",
                    c,
                    patience.map_or("none".to_string(), |p| format!("{p:.0} s")),
                    n,
                    n as usize * c,
                    sl,
                    pm(&full.service_level),
                    pm(&cur.service_level),
                    100.0 * (cur.service_level.mean - sl),
                    100.0 * d.mean,
                    100.0 * dlo,
                    100.0 * dhi,
                    occ,
                    cur.occupancy.mean,
                );
                if !full.service_level.covers(sl, 0.99) {
                    failures.push(format!(
                        "c={c} n={n}: engine-model simulation {:?} misses Erlang {sl}",
                        full.service_level
                    ));
                }
                if dlo.is_nan() || dlo <= 0.0 {
                    failures.push(format!(
                        "c={c} n={n}: current-load model not better than the engine's: {d:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
