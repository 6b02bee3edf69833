//! Replication statistics (mean, standard error, Student-t confidence intervals) and the
//! seeded random streams of the simulation.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A metric estimated from independent replications: the sample mean, its standard error and
/// the number of replications that observed it.
///
/// `mean` is NaN when no replication observed the metric (e.g. the service level of an hour
/// without inquiries); `std_error` is NaN with fewer than two samples. JSON writes NaN as
/// `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over the replications that observed the metric.
    pub mean: f64,
    /// Standard error of the mean: sample standard deviation / √samples.
    pub std_error: f64,
    /// Replications that observed the metric.
    pub samples: usize,
}

impl Estimate {
    /// The estimate of an empty sample (mean and error NaN).
    pub const EMPTY: Estimate = Estimate {
        mean: f64::NAN,
        std_error: f64::NAN,
        samples: 0,
    };

    /// Mean and standard error of `xs` (one value per replication).
    pub fn from_samples(xs: &[f64]) -> Estimate {
        let n = xs.len();
        if n == 0 {
            return Estimate::EMPTY;
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        let std_error = if n < 2 {
            f64::NAN
        } else {
            let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
            (ss / (n - 1) as f64 / n as f64).sqrt()
        };
        Estimate {
            mean,
            std_error,
            samples: n,
        }
    }

    /// Two-sided Student-t confidence interval at `level` (e.g. 0.95) with `samples − 1`
    /// degrees of freedom. NaN bounds with fewer than two samples.
    pub fn ci(&self, level: f64) -> (f64, f64) {
        let h = self.std_error * t_quantile(level, self.samples);
        (self.mean - h, self.mean + h)
    }

    /// The 95 % confidence interval.
    pub fn ci95(&self) -> (f64, f64) {
        self.ci(0.95)
    }

    /// Whether `value` lies inside the confidence interval at `level`.
    pub fn covers(&self, value: f64, level: f64) -> bool {
        let (lo, hi) = self.ci(level);
        lo <= value && value <= hi
    }
}

/// Two-sided Student-t quantile `t_{(1+level)/2, samples−1}` (NaN below two samples).
pub fn t_quantile(level: f64, samples: usize) -> f64 {
    if samples < 2 || !(level > 0.0 && level < 1.0) {
        return f64::NAN;
    }
    match StudentsT::new(0.0, 1.0, (samples - 1) as f64) {
        Ok(t) => t.inverse_cdf(0.5 + level / 2.0),
        Err(_) => f64::NAN,
    }
}

/// SplitMix64 finaliser: a bijective mix of 64 bits.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a random stream is used for; each purpose of each replication has its own stream so
/// that, for instance, changing the handle-time distribution leaves the arrivals unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Arrival times (thinning).
    Arrivals = 0,
    /// Handle times (work of each chat).
    Work = 1,
    /// Patience of each customer.
    Patience = 2,
}

/// The random stream of replication `rep` of the simulation unit `key` (a pool index; 0 for
/// a stationary queue) under `seed`, for `purpose`.
///
/// The ChaCha8 key is SplitMix64(`seed` ⊕ SplitMix64(`key`)) expanded by `seed_from_u64`; the
/// ChaCha stream number is `4·rep + purpose`. ChaCha streams with different stream numbers
/// are disjoint 2⁶⁴-block sequences of the same cipher key, so replications and purposes never
/// share random numbers, and replication `r` draws the same numbers however many replications
/// run and in whatever order the threads take them.
pub fn stream(seed: u64, key: u64, rep: u64, purpose: Purpose) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(splitmix64(seed ^ splitmix64(key)));
    rng.set_stream(rep.wrapping_mul(4).wrapping_add(purpose as u64));
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn mean_and_ci() {
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(e.mean, 2.5);
        assert!((e.std_error - (5.0f64 / 3.0 / 4.0).sqrt()).abs() < 1e-12);
        let (lo, hi) = e.ci(0.95);
        // t_{0.975,3} = 3.182
        assert!((hi - e.mean - 3.182446 * e.std_error).abs() < 1e-5);
        assert!((e.mean - lo - (hi - e.mean)).abs() < 1e-12);
        assert!(Estimate::from_samples(&[]).mean.is_nan());
        assert!(Estimate::from_samples(&[1.0]).ci95().0.is_nan());
    }

    #[test]
    fn streams_differ() {
        let mut a = stream(42, 0, 0, Purpose::Arrivals);
        let mut b = stream(42, 0, 1, Purpose::Arrivals);
        let mut c = stream(42, 0, 0, Purpose::Work);
        let x: Vec<u64> = (0..4).map(|_| a.gen()).collect();
        let y: Vec<u64> = (0..4).map(|_| b.gen()).collect();
        let z: Vec<u64> = (0..4).map(|_| c.gen()).collect();
        assert_ne!(x, y);
        assert_ne!(x, z);
        let mut a2 = stream(42, 0, 0, Purpose::Arrivals);
        let x2: Vec<u64> = (0..4).map(|_| a2.gen()).collect();
        assert_eq!(x, x2);
    }
}
