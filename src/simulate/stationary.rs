//! A stationary queue: `n` agents always present, Poisson arrivals at a constant rate — the
//! setting of Erlang C / Erlang A, used to validate the engine against exact values and to
//! compare concurrency models.

use super::arrivals::{patience, WorkSampler};
use super::engine::{self, Arrival, Bins, Desk, Presence, Tally};
use super::stats::{stream, Estimate, Purpose};
use super::{speeds, HandleTime, SimulateError, SlowDown};
use crate::queueing::Concurrency;
use rand::Rng;
use rand_distr::Exp1;
use rayon::prelude::*;
use serde::Serialize;

/// A stationary queue to simulate. Times are seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct StationaryConfig {
    /// Agents (seats) `n ≥ 1`, present all the time.
    pub agents: u32,
    /// Offered load `A₁ = λ·AHT₁` in Erlangs of single-chat work.
    pub traffic_erlangs: f64,
    /// Mean handle time of a chat handled alone, `AHT₁ > 0`.
    pub aht_seconds: f64,
    /// Mean exponential patience; `None`: customers never abandon (Erlang C).
    pub patience_seconds: Option<f64>,
    /// Chats per agent and their slow-down (see [`crate::queueing::Concurrency`]).
    pub concurrency: Concurrency,
    /// How the slow-down depends on the chats an agent holds.
    pub slowdown: SlowDown,
    /// Handle-time distribution.
    pub handle_time: HandleTime,
    /// Service-level threshold T.
    pub answer_within_seconds: f64,
    /// Simulated time discarded before measuring (the queue starts empty).
    pub warmup_seconds: f64,
    /// Measured time per replication; customers arriving in it are followed to the end.
    pub horizon_seconds: f64,
    /// Independent replications (≥ 2 for confidence intervals); run in parallel.
    pub replications: usize,
}

impl StationaryConfig {
    /// An Erlang C queue (one chat, exponential handle times, no abandonment) with
    /// T = 20 s, a warm-up of 50 AHT, a horizon of 2,000 AHT and 10 replications.
    pub fn new(agents: u32, traffic_erlangs: f64, aht_seconds: f64) -> StationaryConfig {
        StationaryConfig {
            agents,
            traffic_erlangs,
            aht_seconds,
            patience_seconds: None,
            concurrency: Concurrency::Single,
            slowdown: SlowDown::FullConcurrency,
            handle_time: HandleTime::Exponential,
            answer_within_seconds: 20.0,
            warmup_seconds: 50.0 * aht_seconds,
            horizon_seconds: 2000.0 * aht_seconds,
            replications: 10,
        }
    }

    fn validate(&self) -> Result<(), SimulateError> {
        let bad = |what: &str, v: f64| {
            Err(SimulateError::Invalid(format!(
                "{what} must be a positive finite number, got {v}"
            )))
        };
        if self.agents == 0 {
            return Err(SimulateError::Invalid("agents must be at least 1".into()));
        }
        if !(self.traffic_erlangs.is_finite() && self.traffic_erlangs >= 0.0) {
            return Err(SimulateError::Invalid(format!(
                "traffic must be a finite number >= 0, got {}",
                self.traffic_erlangs
            )));
        }
        if !(self.aht_seconds.is_finite() && self.aht_seconds > 0.0) {
            return bad("aht_seconds", self.aht_seconds);
        }
        if let Some(p) = self.patience_seconds {
            if !(p.is_finite() && p > 0.0) {
                return bad("patience_seconds", p);
            }
        }
        if !(self.horizon_seconds.is_finite() && self.horizon_seconds > 0.0) {
            return bad("horizon_seconds", self.horizon_seconds);
        }
        if !(self.warmup_seconds.is_finite() && self.warmup_seconds >= 0.0) {
            return Err(SimulateError::Invalid(format!(
                "warmup_seconds must be a finite number >= 0, got {}",
                self.warmup_seconds
            )));
        }
        if !(self.answer_within_seconds.is_finite() && self.answer_within_seconds >= 0.0) {
            return Err(SimulateError::Invalid(format!(
                "answer_within_seconds must be a finite number >= 0, got {}",
                self.answer_within_seconds
            )));
        }
        if self.replications == 0 {
            return Err(SimulateError::Invalid(
                "replications must be at least 1".into(),
            ));
        }
        self.concurrency
            .validate()
            .map_err(|e| SimulateError::Invalid(e.to_string()))?;
        super::arrivals::validate_handle(self.handle_time)
    }
}

/// The measured metrics of one replication.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReplicationMetrics {
    /// Arrivals in the measured window.
    pub offered: u64,
    /// Share of arrivals that found no free slot.
    pub prob_wait: f64,
    /// Answered within T / offered.
    pub service_level: f64,
    /// Abandoned / offered.
    pub prob_abandon: f64,
    /// Mean wait of answered arrivals, seconds.
    pub asa_seconds: f64,
    /// Busy slot-time / slot-time (`n·c` slots over the window).
    pub occupancy: f64,
}

impl ReplicationMetrics {
    fn from_tally(t: &Tally) -> ReplicationMetrics {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let off = t.offered as f64;
        ReplicationMetrics {
            offered: t.offered,
            prob_wait: ratio(t.waited as f64, off),
            service_level: ratio(t.within as f64, off),
            prob_abandon: ratio(t.abandoned as f64, off),
            asa_seconds: ratio(t.wait_sum, t.answered as f64),
            occupancy: ratio(t.busy, t.avail),
        }
    }
}

/// Estimates over the replications of a stationary run (mean, standard error; use
/// [`Estimate::ci`] for intervals).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationaryResult {
    /// Probability that an arrival finds no free slot (Erlang C's `C`).
    pub prob_wait: Estimate,
    /// Answered within T / offered.
    pub service_level: Estimate,
    /// Abandoned / offered.
    pub prob_abandon: Estimate,
    /// Mean wait of answered arrivals, seconds.
    pub asa_seconds: Estimate,
    /// Slot occupancy.
    pub occupancy: Estimate,
    /// Each replication's metrics, in replication order.
    pub per_replication: Vec<ReplicationMetrics>,
}

/// Simulates `cfg` with `seed`: `cfg.replications` independent replications in parallel
/// (replication `r` uses the ChaCha8 streams of [`super::stream`]`(seed, 0, r, ·)`), each
/// starting empty, discarding `warmup_seconds` and measuring `horizon_seconds`.
///
/// # Errors
/// [`SimulateError::Invalid`] for an invalid configuration.
pub fn simulate_stationary(
    cfg: &StationaryConfig,
    seed: u64,
) -> Result<StationaryResult, SimulateError> {
    cfg.validate()?;
    let reps: Vec<ReplicationMetrics> = (0..cfg.replications as u64)
        .into_par_iter()
        .map(|r| ReplicationMetrics::from_tally(&replication(cfg, seed, r)))
        .collect();
    let est = |f: fn(&ReplicationMetrics) -> f64| {
        let xs: Vec<f64> = reps.iter().map(f).filter(|x| x.is_finite()).collect();
        Estimate::from_samples(&xs)
    };
    Ok(StationaryResult {
        prob_wait: est(|m| m.prob_wait),
        service_level: est(|m| m.service_level),
        prob_abandon: est(|m| m.prob_abandon),
        asa_seconds: est(|m| m.asa_seconds),
        occupancy: est(|m| m.occupancy),
        per_replication: reps,
    })
}

fn replication(cfg: &StationaryConfig, seed: u64, rep: u64) -> Tally {
    let c = cfg.concurrency.chats();
    let speed = speeds(&cfg.concurrency, cfg.slowdown);
    let seats = vec![
        Presence {
            start: 0.0,
            end: f64::INFINITY,
            break_start: 0.0,
            break_end: 0.0,
        };
        cfg.agents as usize
    ];
    let end = cfg.warmup_seconds + cfg.horizon_seconds;
    let desk = Desk {
        chats: c,
        speed: &speed,
        answer_within: cfg.answer_within_seconds,
        bins: Bins {
            origin: cfg.warmup_seconds,
            width: cfg.horizon_seconds,
            count: 1,
        },
        seats: &seats,
        give_up_after: f64::INFINITY,
    };
    let rate = cfg.traffic_erlangs / cfg.aht_seconds; // arrivals per second
    let mut ra = stream(seed, 0, rep, Purpose::Arrivals);
    let mut rw = stream(seed, 0, rep, Purpose::Work);
    let mut rp = stream(seed, 0, rep, Purpose::Patience);
    let work = WorkSampler::new(cfg.handle_time, cfg.aht_seconds);
    let pat = cfg.patience_seconds;
    let mut t = 0.0;
    let arrivals = std::iter::from_fn(move || {
        if rate.is_nan() || rate <= 0.0 {
            return None;
        }
        let e: f64 = ra.sample(Exp1);
        t += e / rate;
        if t >= end {
            return None;
        }
        let w = work.sample(&mut rw);
        let d = t + patience(pat, &mut rp);
        Some(Arrival {
            t,
            work: w,
            deadline: d,
        })
    });
    engine::run(&desk, arrivals)
        .into_iter()
        .next()
        .unwrap_or_default()
}
