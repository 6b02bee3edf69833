//! Erlang A: M/M/n+M — Poisson arrivals, exponential service, `n` agents, FCFS, and each
//! waiting customer abandons after an independent exponential patience (rate θ = 1/patience).
//!
//! # Method
//! Time is measured in units of the AHT (μ = 1), so λ = A and θ = AHT/patience.
//!
//! * **Stationary distribution.** `p_k ∝ Π_{i≤k} λ/d_i` with `d_i = min(i,n) + max(i−n,0)·θ`.
//!   The weights are built by multiplication outwards from the mode of the chain (weight 1),
//!   so every weight is ≤ 1, nothing overflows, small weights underflow harmlessly, and the
//!   normalisation is a plain sum ≥ 1. The chain is cut at the first state `K > n` with
//!   `d_K > λ` and weight below 10⁻⁴⁰ of the mode (the omitted tail is far below f64
//!   precision); a chain longer than [`MAX_STATES`] is refused with
//!   [`QueueingError::TooManyStates`].
//! * **Waiting-time distribution** (closed form, as in the reference `ref_exact.py`). An arrival
//!   finding `j` customers waiting advances at rate `nμ + j'θ` and abandons at rate θ. With
//!   `x = e^{−θT}`, `β = nμ/θ` and the regularized incomplete beta `I_x(a, j+1)` — a
//!   negative-binomial CDF summed term by term, `t₀ = x^a`, `t_{b+1} = t_b (1−x)(a+b)/(b+1)` —
//!   * P(served | j) = nμ/(nμ+(j+1)θ);
//!   * P(served within T | j) = P(served | j)·(1 − I_x(β+1, j+1));
//!   * P(still waiting at T | j) = x·I_x(β, j+1);
//!   * E[wait·1{served} | j] = P(served | j)·Σ_{i=1..j+1} 1/(nμ+iθ).
//!
//!   `x^β = e^{−nμT}` underflows in f64 once `nμT > ~745` (a peer's service level collapses
//!   from 0.994 to 0.628 at 2,000 Erlangs that way). Here the first terms are carried as
//!   logarithms until they reach a representable size, then the O(1) update continues in
//!   linear space, so the whole evaluation is O(K) and exact to about 1e−13.
//!
//! # Service-level definitions (all in [`ErlangAMetrics`])
//! * `service_level` — answered within T / offered (abandoners count as failures). This is
//!   the definition of pyworkforce's `ErlangA.service_level` and the one the required-agents
//!   search uses.
//! * `service_level_of_answered` — answered within T / answered.
//! * `service_level_excl_abandon_within_t` — answered within T / (offered − abandoned within T).
//! * `prob_wait_le_t` — P(min(offered wait, patience) ≤ T): an abandon before T counts as
//!   "within T".
//! * `prob_abandon_within_t` — P(abandon and abandon time ≤ T).

use super::error::{check_non_negative, check_positive, QueueingError, Result};

/// Largest birth–death chain (states above `n`) Erlang A will build: 4 million.
pub const MAX_STATES: usize = 4_000_000;

/// Metrics of an M/M/n+M queue at one staffing level. Probabilities are per offered contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangAMetrics {
    /// Offered traffic `A = λ·AHT` in Erlangs.
    pub traffic_erlangs: f64,
    /// Number of agents `n`.
    pub agents: u32,
    /// Probability that an arrival has to wait (all agents busy on arrival, PASTA).
    pub prob_wait: f64,
    /// Probability that an arrival abandons (`θ·Lq/λ`).
    pub prob_abandon: f64,
    /// Answered within T / offered (pyworkforce's definition; used for sizing).
    pub service_level: f64,
    /// Answered within T / answered.
    pub service_level_of_answered: f64,
    /// Answered within T / (offered − abandoned within T).
    pub service_level_excl_abandon_within_t: f64,
    /// P(actual wait `min(V, patience)` ≤ T); abandoning before T counts as within T.
    pub prob_wait_le_t: f64,
    /// Probability of abandoning within T seconds of arrival.
    pub prob_abandon_within_t: f64,
    /// Mean time in queue over all arrivals (abandoners included), seconds: `Lq/λ`.
    pub mean_wait_all_seconds: f64,
    /// Average speed of answer: mean wait of answered contacts, seconds.
    pub asa_answered_seconds: f64,
    /// Agent occupancy: mean busy agents / n (= λ(1 − P(abandon))·AHT / n).
    pub occupancy: f64,
    /// Mean number of customers waiting `Lq`.
    pub mean_queue_length: f64,
    /// Index of the last state of the truncated chain (`K`).
    pub truncation_k: usize,
}

/// Erlang A metrics for `agents` agents, offered `traffic_erlangs`, mean handle time
/// `aht_seconds`, mean patience `patience_seconds` and service-level threshold
/// `target_answer_seconds`. Stable for every `n ≥ 0`.
///
/// Zero traffic gives `prob_wait = 0`, service levels 1, waits 0, occupancy 0.
/// Zero agents (with traffic) give the limits: everybody waits and abandons,
/// `service_level = 0`, `asa_answered_seconds = ∞` (nobody is answered),
/// `mean_wait_all_seconds = patience`, `occupancy = 1` (as Erlang C's unstable limit).
///
/// # Errors
/// [`QueueingError::InvalidInput`] for negative or non-finite traffic or target time,
/// non-positive or non-finite AHT or patience; [`QueueingError::TooManyStates`] when the
/// chain would exceed [`MAX_STATES`].
pub fn erlang_a_metrics(
    traffic_erlangs: f64,
    aht_seconds: f64,
    patience_seconds: f64,
    agents: u32,
    target_answer_seconds: f64,
) -> Result<ErlangAMetrics> {
    check_non_negative("traffic_erlangs", traffic_erlangs)?;
    check_positive("aht_seconds", aht_seconds)?;
    check_positive("patience_seconds", patience_seconds)?;
    check_non_negative("target_answer_seconds", target_answer_seconds)?;

    let lam = traffic_erlangs; // per AHT
    let th = aht_seconds / patience_seconds; // θ per AHT
    let t = target_answer_seconds / aht_seconds; // T in AHT units
    let n = agents as usize;
    let nf = agents as f64;

    if lam == 0.0 {
        return Ok(ErlangAMetrics {
            traffic_erlangs,
            agents,
            prob_wait: if agents == 0 { 1.0 } else { 0.0 },
            prob_abandon: 0.0,
            service_level: 1.0,
            service_level_of_answered: 1.0,
            service_level_excl_abandon_within_t: 1.0,
            prob_wait_le_t: 1.0,
            prob_abandon_within_t: 0.0,
            mean_wait_all_seconds: 0.0,
            asa_answered_seconds: 0.0,
            occupancy: 0.0,
            mean_queue_length: 0.0,
            truncation_k: 0,
        });
    }
    if agents == 0 {
        let ab_within = -(-th * t).exp_m1();
        return Ok(ErlangAMetrics {
            traffic_erlangs,
            agents,
            prob_wait: 1.0,
            prob_abandon: 1.0,
            service_level: 0.0,
            service_level_of_answered: 0.0,
            service_level_excl_abandon_within_t: 0.0,
            prob_wait_le_t: ab_within,
            prob_abandon_within_t: ab_within,
            mean_wait_all_seconds: patience_seconds,
            asa_answered_seconds: f64::INFINITY,
            occupancy: 1.0,
            mean_queue_length: lam / th,
            truncation_k: 0,
        });
    }

    // ---- stationary weights, relative to the mode (weight 1) -------------------------------
    let d = |k: usize| -> f64 {
        if k <= n {
            k as f64
        } else {
            nf + (k - n) as f64 * th
        }
    };
    // Mode m: the largest k with d_k ≤ λ (0 if none).
    let mode: usize = if lam < nf {
        lam.floor() as usize
    } else {
        let extra = ((lam - nf) / th).floor();
        if extra > MAX_STATES as f64 {
            return Err(QueueingError::TooManyStates { limit: MAX_STATES });
        }
        n + extra as usize
    };
    // upper[j] = weight of state n + j.
    let mut upper: Vec<f64> = Vec::new();
    let w_n: f64;
    if mode >= n {
        // from the mode down to n
        let len = mode - n + 1;
        upper.resize(len, 0.0);
        upper[len - 1] = 1.0;
        let mut w = 1.0;
        for k in (n + 1..=mode).rev() {
            w *= d(k) / lam; // w_{k−1} = w_k·d_k/λ
            upper[k - 1 - n] = w;
        }
        w_n = upper[0];
    } else {
        // mode below n: from the mode up to n
        let mut w = 1.0;
        for k in mode + 1..=n {
            w *= lam / k as f64;
            if w == 0.0 {
                break; // P(wait) below f64's range
            }
        }
        w_n = w;
        upper.push(w_n);
    }
    // extend upwards until the tail is negligible
    {
        let mut k = n + upper.len() - 1;
        let mut w = *upper.last().unwrap_or(&w_n);
        loop {
            let dk = d(k);
            if k > n && dk > lam && w < 1e-40 {
                break;
            }
            if upper.len() >= MAX_STATES {
                return Err(QueueingError::TooManyStates { limit: MAX_STATES });
            }
            k += 1;
            w *= lam / d(k);
            upper.push(w);
        }
    }
    let big_k = n + upper.len() - 1;

    // lower part: states 0..n−1, from the state nearest the mode downwards and upwards
    let (mut low_sum, mut low_busy) = (0.0_f64, 0.0_f64);
    if mode >= n {
        let mut w = w_n;
        for k in (1..=n).rev() {
            w *= k as f64 / lam; // w_{k−1}
            if w < 1e-300 {
                break;
            }
            low_sum += w;
            low_busy += (k - 1) as f64 * w;
        }
    } else {
        // mode < n: weights of mode..n−1 going up, mode−1..0 going down
        let mut w = 1.0;
        low_sum += w;
        low_busy += mode as f64 * w;
        for k in mode + 1..n {
            w *= lam / k as f64;
            if w < 1e-300 {
                break;
            }
            low_sum += w;
            low_busy += k as f64 * w;
        }
        let mut w = 1.0;
        for k in (1..=mode).rev() {
            w *= k as f64 / lam;
            if w < 1e-300 {
                break;
            }
            low_sum += w;
            low_busy += (k - 1) as f64 * w;
        }
    }

    // ---- waiting-time functionals over the delayed states -----------------------------------
    let x = (-th * t).exp();
    let one_minus_x = -(-th * t).exp_m1();
    let beta = nf / th;
    let mut nb0 = NegBinCdf::new(beta, nf * t, one_minus_x);
    let mut nb1 = NegBinCdf::new(beta + 1.0, (nf + th) * t, one_minus_x);
    let t_zero = t == 0.0;

    let mut up_sum = 0.0;
    let mut lq = 0.0;
    let mut served_within = 0.0;
    let mut still_waiting = 0.0;
    let mut served_delayed = 0.0;
    let mut ew_served = 0.0;
    let mut harm = 0.0;
    for (j, &pj) in upper.iter().enumerate() {
        let inv = 1.0 / (nf + (j + 1) as f64 * th);
        let ps = nf * inv;
        harm += inv;
        let (i0, i1) = if t_zero {
            (1.0, 1.0)
        } else {
            (nb0.next_cdf(), nb1.next_cdf())
        };
        up_sum += pj;
        lq += j as f64 * pj;
        served_within += pj * ps * (1.0 - i1);
        still_waiting += pj * x * i0;
        served_delayed += pj * ps;
        ew_served += pj * ps * harm;
    }

    let total = low_sum + up_sum;
    let pw = up_sum / total;
    let lq = lq / total;
    let p_ab = th * lq / lam;
    let sl = (low_sum + served_within) / total;
    let p_served = (low_sum + served_delayed) / total;
    let ab_within = ((up_sum - served_within - still_waiting) / total).max(0.0);
    let busy = (low_busy + nf * up_sum) / total;
    Ok(ErlangAMetrics {
        traffic_erlangs,
        agents,
        prob_wait: pw,
        prob_abandon: p_ab,
        service_level: sl,
        service_level_of_answered: sl / p_served,
        service_level_excl_abandon_within_t: sl / (1.0 - ab_within),
        prob_wait_le_t: (total - still_waiting) / total,
        prob_abandon_within_t: ab_within,
        mean_wait_all_seconds: lq / lam * aht_seconds,
        asa_answered_seconds: ew_served / total / p_served * aht_seconds,
        occupancy: busy / nf,
        mean_queue_length: lq,
        truncation_k: big_k,
    })
}

/// Running CDF `I_x(a, j+1) = Σ_{b≤j} t_b` of a negative binomial, `t₀ = x^a`,
/// `t_{b+1} = t_b·(1−x)·(a+b)/(b+1)`, with the leading terms kept as logarithms while they
/// are below f64's range.
struct NegBinCdf {
    a: f64,
    b: f64,
    one_minus_x: f64,
    /// `Some(ln t_b)` while the term is too small for linear space.
    log_term: Option<f64>,
    /// Neumaier compensation of the running log sum.
    log_comp: f64,
    term: f64,
    cdf: f64,
}

/// Terms below e^−700 are carried in log space.
const LOG_SWITCH: f64 = -700.0;

impl NegBinCdf {
    /// `neg_ln_t0 = −ln t₀ = a·θT` (so that `x^a` is never formed when it would underflow).
    fn new(a: f64, neg_ln_t0: f64, one_minus_x: f64) -> Self {
        let ln_t0 = -neg_ln_t0;
        let (log_term, term) = if ln_t0 < LOG_SWITCH {
            (Some(ln_t0), 0.0)
        } else {
            (None, ln_t0.exp())
        };
        NegBinCdf {
            a,
            b: 0.0,
            one_minus_x,
            log_term,
            log_comp: 0.0,
            term,
            cdf: 0.0,
        }
    }

    /// Adds the current term to the CDF, returns it, and advances to the next term.
    #[inline]
    fn next_cdf(&mut self) -> f64 {
        let b = self.b;
        match self.log_term {
            Some(lt) => {
                // exp of a term below e^−700 adds at most ~1e−304: negligible, but harmless.
                let lt_full = lt + self.log_comp;
                self.cdf += lt_full.exp();
                // Neumaier-compensated lt += ln((1−x)(a+b)/(b+1)): the log is ~−1000 and
                // hundreds of steps may be taken, so plain addition would lose ~1e−11.
                let inc = (self.one_minus_x * (self.a + b) / (b + 1.0)).ln();
                let next = lt + inc;
                self.log_comp += if lt.abs() >= inc.abs() {
                    (lt - next) + inc
                } else {
                    (inc - next) + lt
                };
                let next_full = next + self.log_comp;
                if next_full >= LOG_SWITCH {
                    self.log_term = None;
                    self.term = next_full.exp();
                } else {
                    self.log_term = Some(next);
                }
            }
            None => {
                self.cdf += self.term;
                self.term *= self.one_minus_x * (self.a + b) / (b + 1.0);
            }
        }
        self.b = b + 1.0;
        self.cdf.min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_input() {
        assert!(erlang_a_metrics(f64::NAN, 180.0, 300.0, 10, 20.0).is_err());
        assert!(erlang_a_metrics(10.0, 0.0, 300.0, 10, 20.0).is_err());
        assert!(erlang_a_metrics(10.0, 180.0, -1.0, 10, 20.0).is_err());
        assert!(erlang_a_metrics(10.0, 180.0, 300.0, 10, f64::INFINITY).is_err());
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let z = erlang_a_metrics(0.0, 180.0, 300.0, 3, 20.0).unwrap();
        assert_eq!(z.service_level, 1.0);
        let z = erlang_a_metrics(5.0, 180.0, 300.0, 0, 20.0).unwrap();
        assert_eq!(z.prob_abandon, 1.0);
        assert!(erlang_a_metrics(2000.0, 300.0, 1e9, 10, 20.0).is_err());
        let m = erlang_a_metrics(0.01, 300.0, 60.0, 400, 20.0).unwrap();
        assert!(m.prob_wait < 1e-300);
    }
}
