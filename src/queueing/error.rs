//! Error type of the queueing engine and the input checks shared by its entry points.
//!
//! Every public function of [`crate::queueing`] that can be handed bad numbers either returns
//! `Result<_, QueueingError>` or is a plain formula documented to propagate `NaN`; none panics.

use thiserror::Error;

/// Why a queueing computation refused its input or could not finish.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum QueueingError {
    /// A numeric field is out of its domain (negative, zero where not allowed, `NaN`, infinite).
    #[error("invalid {field}: {value} (expected {expected})")]
    InvalidInput {
        /// Name of the offending field, e.g. `aht_seconds`.
        field: &'static str,
        /// The value received.
        value: f64,
        /// Human-readable domain, e.g. `a finite number > 0`.
        expected: &'static str,
    },
    /// A chat-concurrency description is unusable (fewer than one chat, bad factor table...).
    #[error("invalid concurrency: {0}")]
    InvalidConcurrency(String),
    /// A pool was sized from an empty list of shops.
    #[error("a pool needs at least one shop")]
    EmptyPool,
    /// Shops of one pool declare different concurrency models; a pool serves one channel.
    #[error("shops in one pool must share the same concurrency model (shop 0: {first}, shop {index}: {other})")]
    MixedConcurrency {
        /// Concurrency of the first shop, formatted.
        first: String,
        /// Index of the first shop that differs.
        index: usize,
        /// Its concurrency, formatted.
        other: String,
    },
    /// An abandonment cap was given without a patience (abandonment needs Erlang A).
    #[error("an abandonment cap needs patience_seconds (Erlang A); Erlang C has no abandonment")]
    AbandonCapWithoutPatience,
    /// The required-agents search passed its hard ceiling without meeting every target.
    #[error("no staffing up to {limit} agents meets the targets ({constraint})")]
    SearchLimit {
        /// Which constraint could not be met.
        constraint: &'static str,
        /// The ceiling reached.
        limit: u64,
    },
    /// The Erlang A birth–death chain would need more states than the engine allows.
    #[error("Erlang A chain needs more than {limit} states (traffic far above agents with very long patience); reduce patience or use Erlang C")]
    TooManyStates {
        /// The state limit.
        limit: usize,
    },
}

/// Result alias of the queueing engine.
pub type Result<T> = std::result::Result<T, QueueingError>;

pub(crate) fn invalid(field: &'static str, value: f64, expected: &'static str) -> QueueingError {
    QueueingError::InvalidInput {
        field,
        value,
        expected,
    }
}

/// `value` must be finite and strictly positive.
pub(crate) fn check_positive(field: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(invalid(field, value, "a finite number > 0"))
    }
}

/// `value` must be finite and non-negative.
pub(crate) fn check_non_negative(field: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(invalid(field, value, "a finite number >= 0"))
    }
}

/// `value` must lie in (0, 1].
pub(crate) fn check_unit_open_closed(field: &'static str, value: f64) -> Result<()> {
    if value > 0.0 && value <= 1.0 {
        Ok(())
    } else {
        Err(invalid(field, value, "a number in (0, 1]"))
    }
}

/// `value` must lie in [0, 1].
pub(crate) fn check_unit_closed(field: &'static str, value: f64) -> Result<()> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(invalid(field, value, "a number in [0, 1]"))
    }
}

/// Checks a shrinkage fraction: it must lie in [0, 1).
pub fn validate_shrinkage(shrinkage: f64) -> Result<()> {
    if (0.0..1.0).contains(&shrinkage) {
        Ok(())
    } else {
        Err(invalid("shrinkage", shrinkage, "a number in [0, 1)"))
    }
}

/// Checks an interval length in seconds: it must be finite and > 0.
pub fn validate_interval(interval_seconds: f64) -> Result<()> {
    check_positive("interval_seconds", interval_seconds)
}

/// Checks the inputs of the plain Erlang B/C/A formulas: traffic ≥ 0, AHT > 0, target
/// answer time ≥ 0, all finite.
pub fn validate_erlang_inputs(
    traffic_erlangs: f64,
    aht_seconds: f64,
    target_answer_seconds: f64,
) -> Result<()> {
    check_non_negative("traffic_erlangs", traffic_erlangs)?;
    check_positive("aht_seconds", aht_seconds)?;
    check_non_negative("target_answer_seconds", target_answer_seconds)
}

/// Offered traffic in Erlangs, `arrivals × aht_seconds / interval_seconds` (multiplying first:
/// 63 × 300 / 900 is exactly 21, while 63 / 900 × 300 is 21.000000000000004).
///
/// # Errors
/// Negative or non-finite arrivals, non-positive or non-finite AHT or interval.
pub fn traffic_erlangs(arrivals: f64, interval_seconds: f64, aht_seconds: f64) -> Result<f64> {
    check_non_negative("arrivals", arrivals)?;
    validate_interval(interval_seconds)?;
    check_positive("aht_seconds", aht_seconds)?;
    let a = arrivals * aht_seconds / interval_seconds;
    if a.is_finite() {
        Ok(a)
    } else {
        Err(invalid("arrivals", arrivals, "a load that fits in f64"))
    }
}
