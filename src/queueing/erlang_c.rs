//! Erlang B and Erlang C (M/M/n, FCFS, infinite patience).
//!
//! * Erlang B uses the stable forward recursion `B(0) = 1`,
//!   `B(k) = A·B(k−1) / (k + A·B(k−1))`: every intermediate value lies in (0, 1], no
//!   factorial and no power of `A` is ever formed, so it neither overflows nor cancels.
//! * Erlang C: `C = n·B / (n − A·(1 − B))`, service level
//!   `SL(T) = 1 − C·exp(−(n − A)·T / AHT)`, average speed of answer over all arrivals
//!   `ASA = C·AHT / (n − A)`, occupancy `A / n`.
//! * **Unstable input** — `n ≤ A` compared with a relative tolerance of [`STABILITY_RTOL`]
//!   (f64 computes 63/900·300 = 21 Erlangs as 21.000000000000004), and `n = 0` — returns the
//!   limits `P(wait) = 1`, `SL = 0`, `ASA = f64::INFINITY`, `occupancy = 1`, with
//!   [`ErlangCMetrics::stable`] set to `false`. Zero traffic with `n ≥ 1` gives `P(wait) = 0`,
//!   `SL = 1`, `ASA = 0`, occupancy 0.
//!
//! These are plain formulas: they never panic; `NaN` input propagates to `NaN` output. Use
//! [`crate::queueing::validate_erlang_inputs`] first if the numbers come from a user.

/// Relative tolerance of the stability test `n > A`: `n` counts as unstable when
/// `n ≤ A + STABILITY_RTOL·max(1, A)`.
pub const STABILITY_RTOL: f64 = 1e-12;

/// `true` when `agents` servers can carry `traffic_erlangs` with a finite queue (`n > A`,
/// with the tolerance [`STABILITY_RTOL`]). Zero agents are never stable.
#[inline]
pub fn is_stable(agents: u32, traffic_erlangs: f64) -> bool {
    let n = agents as f64;
    agents > 0 && n > traffic_erlangs + STABILITY_RTOL * traffic_erlangs.max(1.0)
}

/// The smallest number of agents that is stable for `traffic_erlangs` (at least 1).
///
/// Returns `u32::MAX` for traffic that does not fit (`NaN`, infinite or above `u32::MAX`).
#[inline]
pub fn min_stable_agents(traffic_erlangs: f64) -> u32 {
    if traffic_erlangs.is_nan() || traffic_erlangs < 0.0 {
        return u32::MAX;
    }
    let edge = traffic_erlangs + STABILITY_RTOL * traffic_erlangs.max(1.0);
    let n = edge.floor() + 1.0;
    if n >= u32::MAX as f64 {
        u32::MAX
    } else {
        n as u32
    }
}

/// Erlang B blocking probability of `agents` servers offered `traffic_erlangs`, by the stable
/// forward recursion (O(n)). `B(0, A) = 1`; `B(n, 0) = 0` for `n ≥ 1`.
pub fn erlang_b(agents: u32, traffic_erlangs: f64) -> f64 {
    let a = traffic_erlangs;
    let mut b = 1.0_f64;
    for k in 1..=agents {
        let ab = a * b;
        b = ab / (k as f64 + ab);
        if b == 0.0 {
            break; // underflow: every further value is 0 too
        }
    }
    b
}

/// Erlang C probability that an arrival waits (`P(wait)`); `1.0` when unstable.
pub fn erlang_c(agents: u32, traffic_erlangs: f64) -> f64 {
    if traffic_erlangs.is_nan() {
        return f64::NAN;
    }
    if !is_stable(agents, traffic_erlangs) {
        return 1.0;
    }
    let b = erlang_b(agents, traffic_erlangs);
    c_from_b(agents as f64, traffic_erlangs, b)
}

#[inline]
pub(crate) fn c_from_b(n: f64, a: f64, b: f64) -> f64 {
    // C = n·B / (n − A·(1 − B)) = B / (1 − ρ(1 − B)); n − A + A·B > 0 when stable.
    n * b / ((n - a) + a * b)
}

/// Erlang C metrics of one staffing level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangCMetrics {
    /// Offered traffic `A` in Erlangs.
    pub traffic_erlangs: f64,
    /// Number of agents (servers) `n`.
    pub agents: u32,
    /// `n > A` (with tolerance); when false the other fields hold the documented limits.
    pub stable: bool,
    /// Probability that an arrival waits (Erlang C).
    pub prob_wait: f64,
    /// Fraction answered within the target time: `1 − C·exp(−(n − A)·T/AHT)`.
    pub service_level: f64,
    /// Mean wait over all arrivals in seconds: `C·AHT/(n − A)`.
    pub asa_seconds: f64,
    /// Agent occupancy `A / n`.
    pub occupancy: f64,
}

/// Erlang C metrics for `agents` servers, offered `traffic_erlangs`, mean handle time
/// `aht_seconds` and service-level threshold `target_answer_seconds`.
///
/// Unstable input (`n ≤ A` with tolerance, or `n = 0`) returns `stable = false` and the limits
/// `prob_wait = 1`, `service_level = 0`, `asa_seconds = ∞`, `occupancy = 1`.
pub fn erlang_c_metrics(
    traffic_erlangs: f64,
    aht_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
) -> ErlangCMetrics {
    let a = traffic_erlangs;
    let n = agents as f64;
    if !is_stable(agents, a) {
        let nan = a.is_nan() || aht_seconds.is_nan() || target_answer_seconds.is_nan();
        let v = |x: f64| if nan { f64::NAN } else { x };
        return ErlangCMetrics {
            traffic_erlangs: a,
            agents,
            stable: false,
            prob_wait: v(1.0),
            service_level: v(0.0),
            asa_seconds: v(f64::INFINITY),
            occupancy: v(1.0),
        };
    }
    let c = c_from_b(n, a, erlang_b(agents, a));
    metrics_from_c(a, aht_seconds, agents, target_answer_seconds, c)
}

#[inline]
pub(crate) fn metrics_from_c(
    a: f64,
    aht_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
    c: f64,
) -> ErlangCMetrics {
    let n = agents as f64;
    let margin = n - a;
    ErlangCMetrics {
        traffic_erlangs: a,
        agents,
        stable: true,
        prob_wait: c,
        service_level: 1.0 - c * (-(margin * target_answer_seconds / aht_seconds)).exp(),
        asa_seconds: c * aht_seconds / margin,
        occupancy: a / n,
    }
}

/// `1 / B(n, A)` by the finite sum `Σ_{i=0..n} Π_{j<i} (n − j)/A`, summed from the top and
/// stopped once the (log-concave, eventually super-geometrically falling) terms drop below
/// 2⁻⁶⁰ of the sum. All terms are positive, so there is no cancellation; the cost is about
/// `(n − A) + 9·√A` steps instead of `n`, which is what makes the required-agents search fast.
///
/// Requires `a > 0`. Overflows to `+∞` only when `B < 1e−308`.
#[inline]
pub(crate) fn inv_erlang_b_fast(n: u32, a: f64) -> f64 {
    const EPS: f64 = 8.673617379884035e-19; // 2^-60
    let ia = 1.0 / a;
    let mut sum = 1.0_f64;
    let mut term = 1.0_f64;
    let mut k = n as f64; // next factor is k/A
                          // Four terms per round: the products are formed off the dependency chain, so the chain
                          // carries one multiplication per four terms instead of one per term.
    while k >= 4.0 {
        let f0 = k * ia;
        let f1 = (k - 1.0) * ia;
        let f2 = (k - 2.0) * ia;
        let f3 = (k - 3.0) * ia;
        let p01 = f0 * f1;
        let p0123 = p01 * (f2 * f3);
        let t0 = term * f0;
        let t1 = term * p01;
        let t2 = t1 * f2;
        let t3 = term * p0123;
        sum += (t0 + t1) + (t2 + t3);
        term = t3;
        k -= 4.0;
        // From here on every factor k/A < 1: terms only shrink; stop when negligible.
        if k < a && term < sum * EPS {
            return sum;
        }
        if sum == f64::INFINITY {
            return sum; // B(n) < 1e−308
        }
    }
    while k >= 1.0 {
        term *= k * ia;
        sum += term;
        k -= 1.0;
        if k < a && term < sum * EPS {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_inverse_matches_recursion() {
        for &a in &[0.01, 0.5, 1.0, 2.5, 10.0, 17.3, 99.9, 250.0, 1000.0, 2000.0] {
            let lo = min_stable_agents(a);
            for n in lo..lo + 80 {
                let b = erlang_b(n, a);
                let fast = 1.0 / inv_erlang_b_fast(n, a);
                assert!(
                    (fast - b).abs() <= 1e-13 * b,
                    "a={a} n={n} b={b} fast={fast}"
                );
            }
        }
    }

    #[test]
    fn stability_tolerance() {
        assert!(!is_stable(21, 63.0 / 900.0 * 300.0));
        assert!(!is_stable(13, 65.0 / 900.0 * 180.0));
        assert!(is_stable(14, 65.0 / 900.0 * 180.0));
        assert_eq!(min_stable_agents(63.0 / 900.0 * 300.0), 22);
        assert_eq!(min_stable_agents(65.0 / 900.0 * 180.0), 14);
        assert_eq!(min_stable_agents(0.6), 1);
        assert_eq!(min_stable_agents(0.0), 1);
        assert!(!is_stable(0, 0.0));
        assert_eq!(min_stable_agents(f64::NAN), u32::MAX);
    }
}
