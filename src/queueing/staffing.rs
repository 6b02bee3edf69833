//! Required seats: the smallest number of agents meeting every staffing target, and shrinkage.
//!
//! # Targets
//! * **Service level** `SL(T) ≥ target` (Erlang C; with a patience, Erlang A's
//!   "answered within T / offered"). A target of 0 disables the constraint.
//! * **Occupancy** `A/n ≤ max_occupancy`, on the *offered* load (slot-Erlangs for chat), compared
//!   with a tolerance: `n ≥ A/cap − 1e−9·max(1, A)`. Exact rationals give 30 for 21 Erlangs at
//!   a 0.7 cap, while f64 computes 21/0.7 = 30.000000000000004 and a plain `ceil` says 31.
//!   For Erlang A (which is stable at any `n`) this is a conservative upper bound of true
//!   occupancy; Erlang C additionally needs `n > A` ([`min_stable_agents`]).
//! * **ASA** (optional): mean wait of answered contacts ≤ cap (Erlang C: `C·AHT/(n−A)`).
//! * **Abandonment** (optional, Erlang A only): `P(abandon) ≤ cap`.
//!
//! # Search
//! Every metric above is monotone in `n`, so each target has a smallest `n`; the answer is
//! their maximum. For Erlang C the search starts from a square-root-staffing (Halfin–Whitt)
//! guess, evaluates `1/B(n)` once by a truncated positive series (O(n − A + 9√A)), and then
//! steps `n → n ± 1` with the O(1) Erlang B recursion until it stands exactly on the boundary;
//! it never goes below [`min_stable_agents`], so answers of 1 (A = 0.6) or ⌈A⌉ (A = 17.6) are
//! found. Erlang A uses galloping + bisection on the monotone metric.
//!
//! # Chat
//! The search runs on the [`EquivalentQueue`] of the request's [`Concurrency`] (slots); seats are
//! `⌈slots / c⌉` and the reported metrics are those of `seats·c` slots.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::concurrency::{Concurrency, EquivalentQueue};
use super::erlang_a::erlang_a_metrics;
use super::erlang_c::{inv_erlang_b_fast, metrics_from_c, min_stable_agents};
use super::error::{
    check_non_negative, check_positive, check_unit_closed, check_unit_open_closed, invalid,
    validate_shrinkage, QueueingError, Result,
};

/// Hard ceiling of the search, in servers above its starting point: 10 million.
pub const MAX_SEARCH_AGENTS: u32 = 10_000_000;

/// Tolerance of the occupancy and shrinkage ceilings: `x` rounds up to `⌈x − 1e−9·max(1, x)⌉`.
pub const CEIL_RTOL: f64 = 1e-9;

/// `⌈x⌉` forgiving f64 noise just above an integer (`x ≥ 0` finite).
#[inline]
fn tolerant_ceil(x: f64) -> f64 {
    (x - CEIL_RTOL * x.max(1.0)).ceil().max(0.0)
}

/// One interval's staffing question. Times are in seconds, traffic in Erlangs of single-chat
/// work (`arrivals × AHT / interval`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingRequest {
    /// Offered traffic `A = arrivals × aht_seconds / interval_seconds` (≥ 0).
    pub traffic_erlangs: f64,
    /// Mean handle time of a contact handled alone (> 0).
    pub aht_seconds: f64,
    /// Service-level target in [0, 1]; 0 disables the service-level constraint.
    pub target_service_level: f64,
    /// Service-level threshold T (≥ 0).
    pub answer_within_seconds: f64,
    /// Occupancy cap in (0, 1]; 1 means "only stability".
    pub max_occupancy: f64,
    /// Optional cap on the mean wait of answered contacts (> 0).
    pub max_asa_seconds: Option<f64>,
    /// Mean patience: `Some` switches the model from Erlang C to Erlang A (> 0).
    pub patience_seconds: Option<f64>,
    /// Optional cap on P(abandon) in (0, 1]; needs `patience_seconds`.
    pub max_abandon_rate: Option<f64>,
    /// Chat concurrency of an agent.
    pub concurrency: Concurrency,
}

impl StaffingRequest {
    /// An Erlang C request with an SL target only (occupancy cap 1, no ASA cap, one chat).
    pub fn erlang_c(
        traffic_erlangs: f64,
        aht_seconds: f64,
        target_service_level: f64,
        answer_within_seconds: f64,
    ) -> Self {
        StaffingRequest {
            traffic_erlangs,
            aht_seconds,
            target_service_level,
            answer_within_seconds,
            max_occupancy: 1.0,
            max_asa_seconds: None,
            patience_seconds: None,
            max_abandon_rate: None,
            concurrency: Concurrency::Single,
        }
    }

    /// Checks every field (see the field docs for the domains).
    pub fn validate(&self) -> Result<()> {
        check_non_negative("traffic_erlangs", self.traffic_erlangs)?;
        check_positive("aht_seconds", self.aht_seconds)?;
        check_unit_closed("target_service_level", self.target_service_level)?;
        check_non_negative("answer_within_seconds", self.answer_within_seconds)?;
        check_unit_open_closed("max_occupancy", self.max_occupancy)?;
        if let Some(v) = self.max_asa_seconds {
            check_positive("max_asa_seconds", v)?;
        }
        if let Some(v) = self.patience_seconds {
            check_positive("patience_seconds", v)?;
        }
        if let Some(v) = self.max_abandon_rate {
            check_unit_open_closed("max_abandon_rate", v)?;
            if self.patience_seconds.is_none() {
                return Err(QueueingError::AbandonCapWithoutPatience);
            }
        }
        self.concurrency.validate()?;
        if self.traffic_erlangs * self.concurrency.handle_time_factor() >= f64::from(u32::MAX / 2) {
            return Err(invalid(
                "traffic_erlangs",
                self.traffic_erlangs,
                "a load below 2^31 slot-Erlangs",
            ));
        }
        Ok(())
    }
}

/// Which targets decide the answer (each flag: that target alone needs the full answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Binding {
    /// The service-level target binds.
    pub service_level: bool,
    /// The occupancy cap (or, for Erlang C, stability) binds.
    pub occupancy: bool,
    /// The ASA cap binds.
    pub asa: bool,
    /// The abandonment cap binds.
    pub abandonment: bool,
}

impl Binding {
    /// `"sl"`, `"occupancy"`, `"asa"`, `"abandonment"` joined by `+` in that order (e.g.
    /// `"sl+occupancy"` where the reference CSV says `both`), or `"none"` for zero traffic.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if self.service_level {
            parts.push("sl");
        }
        if self.occupancy {
            parts.push("occupancy");
        }
        if self.asa {
            parts.push("asa");
        }
        if self.abandonment {
            parts.push("abandonment");
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join("+")
        }
    }
}

/// The queueing model a staffing answer was computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Model {
    /// M/M/n, infinite patience.
    ErlangC,
    /// M/M/n+M, exponential patience.
    ErlangA,
}

/// Answer of [`required_agents`]: seats, per-target seats and the metrics at the answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Staffing {
    /// Smallest number of seats (agents) meeting every target.
    pub required_agents: u32,
    /// Seats for the service-level target alone (Erlang C: at least the stable minimum).
    pub agents_for_sl_only: u32,
    /// Seats for the occupancy cap alone (Erlang C: at least the stable minimum).
    pub agents_for_occupancy_only: u32,
    /// Seats for the ASA cap alone, if one was given.
    pub agents_for_asa_only: Option<u32>,
    /// Seats for the abandonment cap alone, if one was given.
    pub agents_for_abandon_only: Option<u32>,
    /// Which targets bind.
    pub binding: Binding,
    /// Erlang C or Erlang A.
    pub model: Model,
    /// The single-class queue the search ran on (slots for chat).
    pub queue: EquivalentQueue,
    /// Service level at the answer (Erlang A: answered within T / offered).
    pub service_level: f64,
    /// P(wait) at the answer.
    pub prob_wait: f64,
    /// Mean wait of answered contacts at the answer, seconds.
    pub asa_seconds: f64,
    /// Occupancy at the answer (Erlang C: offered load / slots; Erlang A: carried load / slots).
    pub occupancy: f64,
    /// P(abandon) at the answer (0 for Erlang C).
    pub prob_abandon: f64,
}

/// Smallest number of seats meeting the request's targets; see the module documentation.
///
/// Zero traffic needs zero seats (binding `none`, service level 1).
///
/// # Errors
/// Invalid input (see [`StaffingRequest::validate`]), or [`QueueingError::SearchLimit`] /
/// [`QueueingError::TooManyStates`] for targets that cannot be met in reasonable size.
pub fn required_agents(req: &StaffingRequest) -> Result<Staffing> {
    req.validate()?;
    let q = req
        .concurrency
        .equivalent(req.traffic_erlangs, req.aht_seconds);
    let model = if req.patience_seconds.is_some() {
        Model::ErlangA
    } else {
        Model::ErlangC
    };
    if q.traffic_erlangs == 0.0 {
        return Ok(Staffing {
            required_agents: 0,
            agents_for_sl_only: 0,
            agents_for_occupancy_only: 0,
            agents_for_asa_only: req.max_asa_seconds.map(|_| 0),
            agents_for_abandon_only: req.max_abandon_rate.map(|_| 0),
            binding: Binding::default(),
            model,
            queue: q,
            service_level: 1.0,
            prob_wait: 0.0,
            asa_seconds: 0.0,
            occupancy: 0.0,
            prob_abandon: 0.0,
        });
    }
    match req.patience_seconds {
        None => required_erlang_c(req, q),
        Some(patience) => required_erlang_a(req, q, patience),
    }
}

/// Slots for the occupancy cap alone, at least `floor` (Erlang C's stable minimum or 1).
fn occupancy_slots(a: f64, cap: f64, floor: u32) -> Result<u32> {
    let need = tolerant_ceil(a / cap);
    if need >= f64::from(u32::MAX) {
        return Err(QueueingError::SearchLimit {
            constraint: "occupancy",
            limit: u64::from(u32::MAX),
        });
    }
    Ok((need as u32).max(floor))
}

fn required_erlang_c(req: &StaffingRequest, q: EquivalentQueue) -> Result<Staffing> {
    let a = q.traffic_erlangs;
    let aht = q.aht_seconds;
    let t = req.answer_within_seconds;
    let m0 = min_stable_agents(a);
    let limit = m0.saturating_add(MAX_SEARCH_AGENTS);

    // (slots, 1/B(slots))
    let (sl_slots, sl_inv) = if req.target_service_level <= 0.0 {
        (m0, f64::NAN)
    } else {
        let target = req.target_service_level;
        let guess = sqrt_staffing_guess(a, t / aht, target);
        search_erlang_c(a, m0, guess, limit, "service level", |n, c| {
            1.0 - c * (-((n - a) * t / aht)).exp() >= target
        })?
    };
    let occ_slots = occupancy_slots(a, req.max_occupancy, m0)?;
    let asa_slots = match req.max_asa_seconds {
        None => None,
        Some(cap) => {
            Some(search_erlang_c(a, m0, m0, limit, "ASA", |n, c| c * aht / (n - a) <= cap)?.0)
        }
    };

    let seats_sl = q.seats_for_slots(sl_slots);
    let seats_occ = q.seats_for_slots(occ_slots);
    let seats_asa = asa_slots.map(|s| q.seats_for_slots(s));
    let required = seats_sl.max(seats_occ).max(seats_asa.unwrap_or(0));
    let slots = q.slots_for_seats(required);
    // Metrics at the answer, reusing the search's 1/B when it stands there.
    let inv = if slots == sl_slots && sl_inv.is_finite() {
        sl_inv
    } else {
        inv_erlang_b_fast(slots, a)
    };
    let m = metrics_from_c(a, aht, slots, t, c_from_inv(f64::from(slots), a, inv));
    Ok(Staffing {
        required_agents: required,
        agents_for_sl_only: seats_sl,
        agents_for_occupancy_only: seats_occ,
        agents_for_asa_only: seats_asa,
        agents_for_abandon_only: None,
        binding: Binding {
            service_level: seats_sl == required,
            occupancy: seats_occ == required,
            asa: seats_asa == Some(required),
            abandonment: false,
        },
        model: Model::ErlangC,
        queue: q,
        service_level: m.service_level,
        prob_wait: m.prob_wait,
        asa_seconds: m.asa_seconds,
        occupancy: m.occupancy,
        prob_abandon: 0.0,
    })
}

/// Erlang C from `1/B`: `C = n / ((n − A)·(1/B) + A)` (0 when `1/B` overflowed).
#[inline]
fn c_from_inv(n: f64, a: f64, inv: f64) -> f64 {
    n / ((n - a) * inv + a)
}

/// Smallest `n ≥ m0` (all stable) with `ok(n, C(n))`, for `ok` monotone in `n`, and `1/B(n)`.
///
/// One O(n − A + 9√A) evaluation of `1/B` at the guess, then O(1) steps: up with
/// `1/B(n+1) = 1 + (n+1)/A · 1/B(n)`, down with `1/B(n−1) = (1/B(n) − 1)·A/n` (which loses
/// nothing measurable: the amplification is `1/(1 − B(n)) ≤ 2` per step for stable `n`).
#[inline]
fn search_erlang_c<F: Fn(f64, f64) -> bool>(
    a: f64,
    m0: u32,
    guess: u32,
    limit: u32,
    what: &'static str,
    ok: F,
) -> Result<(u32, f64)> {
    let mut n = guess.clamp(m0, limit);
    let mut inv = inv_erlang_b_fast(n, a);
    if !inv.is_finite() {
        // B(guess) < 1e−308: restart from the stable minimum, where 1/B is moderate.
        n = m0;
        inv = inv_erlang_b_fast(n, a);
    }
    let c_of = |n: f64, inv: f64| c_from_inv(n, a, inv);
    let mut nf = f64::from(n);
    if ok(nf, c_of(nf, inv)) {
        while n > m0 {
            let prev_inv = (inv - 1.0) * a / nf;
            let pf = nf - 1.0;
            if ok(pf, c_of(pf, prev_inv)) {
                n -= 1;
                nf = pf;
                inv = prev_inv;
            } else {
                break;
            }
        }
        Ok((n, inv))
    } else {
        loop {
            if n >= limit {
                return Err(QueueingError::SearchLimit {
                    constraint: what,
                    limit: u64::from(limit),
                });
            }
            n += 1;
            nf += 1.0;
            inv = 1.0 + inv * nf / a;
            if ok(nf, c_of(nf, inv)) {
                return Ok((n, inv));
            }
        }
    }
}

/// Halfin–Whitt guess of the agents meeting `SL ≥ target` with `τ = T/AHT`:
/// `n ≈ A + β√A` where `ln α(β) − β√A·τ = ln(1 − target)` and
/// `α(β) = [1 + β·Φ(β)/φ(β)]⁻¹` (asymptotic P(wait)).
#[inline]
fn sqrt_staffing_guess(a: f64, tau: f64, target: f64) -> u32 {
    let table = hw_table();
    let rhs = (1.0 - target).ln(); // −∞ for target 1: take the table's end
    let sa = a.sqrt();
    let f = |i: usize| table[i] - (i as f64 * HW_STEP) * sa * tau;
    // f is decreasing in β: find the first grid point with f ≤ rhs
    let (mut lo, mut hi) = (0usize, HW_POINTS - 1);
    if f(hi) > rhs {
        return clamp_guess(a + (hi as f64 * HW_STEP) * sa);
    }
    if f(0) <= rhs {
        return clamp_guess(a);
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if f(mid) <= rhs {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let (flo, fhi) = (f(lo), f(hi));
    let frac = if flo > fhi {
        (flo - rhs) / (flo - fhi)
    } else {
        0.0
    };
    let beta = (lo as f64 + frac) * HW_STEP;
    clamp_guess(a + beta * sa)
}

#[inline]
fn clamp_guess(x: f64) -> u32 {
    let r = x.round();
    if r >= f64::from(u32::MAX) {
        u32::MAX
    } else if r > 0.0 {
        r as u32
    } else {
        0
    }
}

const HW_STEP: f64 = 0.0625;
const HW_POINTS: usize = 161; // β ∈ [0, 10]

/// `ln α(β)` on the grid `β = i·HW_STEP`.
fn hw_table() -> &'static [f64; HW_POINTS] {
    static TABLE: OnceLock<[f64; HW_POINTS]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0; HW_POINTS];
        for (i, v) in t.iter_mut().enumerate() {
            let b = i as f64 * HW_STEP;
            let big_phi = 0.5 * statrs::function::erf::erfc(-b / std::f64::consts::SQRT_2);
            // Φ/φ = Φ(β)·√(2π)·e^{β²/2}
            let ratio = big_phi * (2.0 * std::f64::consts::PI).sqrt() * (0.5 * b * b).exp();
            *v = -(1.0 + b * ratio).ln();
        }
        t
    })
}

fn required_erlang_a(req: &StaffingRequest, q: EquivalentQueue, patience: f64) -> Result<Staffing> {
    let a = q.traffic_erlangs;
    let aht = q.aht_seconds;
    let t = req.answer_within_seconds;
    let lo = 1u32;
    let limit = min_stable_agents(a).saturating_add(MAX_SEARCH_AGENTS);
    let eval = |n: u32| erlang_a_metrics(a, aht, patience, n, t);
    // Erlang C's stable minimum is a good starting point for every Erlang A search.
    let start = min_stable_agents(a).min(limit);

    let sl_slots = if req.target_service_level <= 0.0 {
        lo
    } else {
        let target = req.target_service_level;
        let guess = sqrt_staffing_guess(a, t / aht, target).max(lo);
        gallop(lo, guess, limit, "service level", |n| {
            Ok(eval(n)?.service_level >= target)
        })?
    };
    let occ_slots = occupancy_slots(a, req.max_occupancy, lo)?;
    let asa_slots = match req.max_asa_seconds {
        None => None,
        Some(cap) => Some(gallop(lo, start, limit, "ASA", |n| {
            Ok(eval(n)?.asa_answered_seconds <= cap)
        })?),
    };
    let ab_slots = match req.max_abandon_rate {
        None => None,
        Some(cap) => Some(gallop(lo, start, limit, "abandonment", |n| {
            Ok(eval(n)?.prob_abandon <= cap)
        })?),
    };
    let seats_sl = q.seats_for_slots(sl_slots);
    let seats_occ = q.seats_for_slots(occ_slots);
    let seats_asa = asa_slots.map(|s| q.seats_for_slots(s));
    let seats_ab = ab_slots.map(|s| q.seats_for_slots(s));
    let required = seats_sl
        .max(seats_occ)
        .max(seats_asa.unwrap_or(0))
        .max(seats_ab.unwrap_or(0));
    let m = eval(q.slots_for_seats(required))?;
    Ok(Staffing {
        required_agents: required,
        agents_for_sl_only: seats_sl,
        agents_for_occupancy_only: seats_occ,
        agents_for_asa_only: seats_asa,
        agents_for_abandon_only: seats_ab,
        binding: Binding {
            service_level: seats_sl == required,
            occupancy: seats_occ == required,
            asa: seats_asa == Some(required),
            abandonment: seats_ab == Some(required),
        },
        model: Model::ErlangA,
        queue: q,
        service_level: m.service_level,
        prob_wait: m.prob_wait,
        asa_seconds: m.asa_answered_seconds,
        occupancy: m.occupancy,
        prob_abandon: m.prob_abandon,
    })
}

/// Smallest `n` in `[lo, limit]` with `ok(n)` for monotone `ok`, by galloping from `guess`
/// and bisecting.
fn gallop<F: FnMut(u32) -> Result<bool>>(
    lo: u32,
    guess: u32,
    limit: u32,
    what: &'static str,
    mut ok: F,
) -> Result<u32> {
    let g = guess.clamp(lo, limit);
    // invariant once found: ok(hi) is true and ok(bad) is false (or bad = lo − 1)
    let (mut bad, mut hi): (i64, i64);
    if ok(g)? {
        hi = i64::from(g);
        bad = i64::from(lo) - 1;
        let mut step = 1i64;
        while hi > i64::from(lo) {
            let cand = (hi - step).max(i64::from(lo));
            if ok(cand as u32)? {
                hi = cand;
                step *= 2;
            } else {
                bad = cand;
                break;
            }
        }
    } else {
        bad = i64::from(g);
        let mut step = 1i64;
        loop {
            if bad >= i64::from(limit) {
                return Err(QueueingError::SearchLimit {
                    constraint: what,
                    limit: u64::from(limit),
                });
            }
            let cand = (bad + step).min(i64::from(limit));
            if ok(cand as u32)? {
                hi = cand;
                break;
            }
            bad = cand;
            step *= 2;
        }
    }
    while hi - bad > 1 {
        let mid = bad + (hi - bad) / 2;
        if ok(mid as u32)? {
            hi = mid;
        } else {
            bad = mid;
        }
    }
    Ok(hi as u32)
}

/// Seats to schedule so that `required` remain after shrinkage (breaks, training, absence):
/// `⌈required / (1 − shrinkage)⌉`, forgiving f64 noise (17 / 0.85 = 20.000000000000004 → 20).
///
/// # Errors
/// Shrinkage outside [0, 1), or a result above `u32::MAX`.
pub fn scheduled_agents(required: u32, shrinkage: f64) -> Result<u32> {
    validate_shrinkage(shrinkage)?;
    let x = tolerant_ceil(f64::from(required) / (1.0 - shrinkage));
    if x > f64::from(u32::MAX) {
        return Err(invalid(
            "shrinkage",
            shrinkage,
            "a value keeping scheduled seats below 2^32",
        ));
    }
    Ok(x as u32)
}

/// `C(n)` by the plain recursion, for the search's unit tests.
#[cfg(test)]
fn c_direct(n: u32, a: f64) -> f64 {
    super::erlang_c::c_from_b(f64::from(n), a, super::erlang_c::erlang_b(n, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_tolerance() {
        assert_eq!(scheduled_agents(17, 0.15).unwrap(), 20);
        assert_eq!(scheduled_agents(18, 0.15).unwrap(), 22);
        assert_eq!(scheduled_agents(0, 0.5).unwrap(), 0);
        assert_eq!(scheduled_agents(10, 0.0).unwrap(), 10);
        assert!(scheduled_agents(10, 1.0).is_err());
        assert!(scheduled_agents(10, -0.1).is_err());
        assert!(scheduled_agents(10, f64::NAN).is_err());
    }

    #[test]
    fn search_matches_linear_scan() {
        for &a in &[0.3, 1.0, 4.2, 13.0, 57.5, 250.0, 499.0] {
            for &(target, t, aht) in &[(0.8, 20.0, 240.0), (0.95, 60.0, 600.0), (0.5, 0.0, 300.0)] {
                let r = required_agents(&StaffingRequest::erlang_c(a, aht, target, t)).unwrap();
                let mut n = min_stable_agents(a);
                loop {
                    let c = c_direct(n, a);
                    let sl = 1.0 - c * (-((f64::from(n) - a) * t / aht)).exp();
                    if sl >= target {
                        break;
                    }
                    n += 1;
                }
                assert_eq!(r.required_agents, n, "a={a} target={target} t={t}");
            }
        }
    }

    #[test]
    fn erlang_a_search_matches_linear_scan() {
        for &a in &[0.4, 3.0, 20.0, 99.0] {
            for &(target, cap) in &[(0.8, None), (0.5, Some(0.02)), (0.0, Some(0.1))] {
                let req = StaffingRequest {
                    patience_seconds: Some(150.0),
                    max_abandon_rate: cap,
                    ..StaffingRequest::erlang_c(a, 240.0, target, 20.0)
                };
                let r = required_agents(&req).unwrap();
                let mut n = 1;
                loop {
                    let m = erlang_a_metrics(a, 240.0, 150.0, n, 20.0).unwrap();
                    if m.service_level >= target && cap.is_none_or(|c| m.prob_abandon <= c) {
                        break;
                    }
                    n += 1;
                }
                let n = n.max(a.ceil() as u32); // occupancy cap 1 on offered load
                assert_eq!(r.required_agents, n, "a={a} target={target} cap={cap:?}");
            }
        }
    }

    #[test]
    fn chat_seats_cover_slots() {
        let req = StaffingRequest {
            concurrency: Concurrency::Slots {
                chats: 3,
                handle_time_growth: 0.2,
            },
            ..StaffingRequest::erlang_c(40.0, 300.0, 0.8, 30.0)
        };
        let r = required_agents(&req).unwrap();
        assert_eq!(r.queue.slots_per_agent, 3);
        assert!((r.queue.traffic_erlangs - 56.0).abs() < 1e-12);
        let slots_needed = required_agents(&StaffingRequest::erlang_c(56.0, 420.0, 0.8, 30.0))
            .unwrap()
            .required_agents;
        assert_eq!(r.required_agents, slots_needed.div_ceil(3));
        assert!(r.service_level >= 0.8);
    }

    #[test]
    fn gallop_finds_boundary() {
        for b in 1..200u32 {
            for g in [1u32, 5, 50, 150, 400] {
                assert_eq!(gallop(1, g, 1000, "x", |n| Ok(n >= b)).unwrap(), b);
            }
        }
        assert!(gallop(1, 5, 100, "x", |_| Ok(false)).is_err());
    }
}
