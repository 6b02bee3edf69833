//! Arrival processes and customer draws: the within-hour rate profile of a shop, thinning of
//! a non-homogeneous Poisson process, and the handle-time and patience distributions.

use super::{HandleTime, SimulateError};
use rand::Rng;
use rand_distr::{Exp1, StandardNormal};

/// Seconds per hour.
pub(crate) const HOUR: f64 = 3600.0;

/// The arrival rate of one hour, inquiries per hour, piecewise linear through `left` (at the
/// start of the hour), `mid` (half past) and `right` (at the end).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HourShape {
    /// Rate at the start of the hour.
    pub left: f64,
    /// Rate at half past.
    pub mid: f64,
    /// Rate at the end of the hour.
    pub right: f64,
}

impl HourShape {
    /// The rate at fraction `u ∈ [0, 1)` of the hour.
    pub fn rate(&self, u: f64) -> f64 {
        if u < 0.5 {
            self.left + (self.mid - self.left) * 2.0 * u
        } else {
            self.mid + (self.right - self.mid) * (2.0 * u - 1.0)
        }
    }

    /// Expected arrivals in the hour: `(left + 2·mid + right) / 4`.
    pub fn mean(&self) -> f64 {
        (self.left + 2.0 * self.mid + self.right) / 4.0
    }

    fn max(&self) -> f64 {
        self.left.max(self.mid).max(self.right)
    }
}

/// Within-hour rate profiles of a cyclic sequence of hourly expected counts.
///
/// Hours with `open[h] = false` (or a count that is not a positive number) have rate 0.
/// For an open hour with count `d`, the boundary knots are the averages with the neighbouring
/// open hours' counts (the hour's own count next to a closed hour: the desk opens and closes
/// with a step), and the midpoint is set so that the hour's mean is exactly `d`:
/// `mid = 2d − (left + right)/2`. When that would be negative (a sharp dip), `mid = 0` and the
/// boundary knots are scaled down to keep the mean. The rate is continuous between open hours
/// except at such dips, and each hour's expected arrivals equal its count.
pub fn hour_shapes(counts: &[f64], open: &[bool]) -> Vec<HourShape> {
    let n = counts.len();
    let eff = |h: usize| {
        let d = counts[h];
        if open.get(h).copied().unwrap_or(false) && d.is_finite() && d > 0.0 {
            d
        } else {
            0.0
        }
    };
    let is_open = |h: usize| open.get(h).copied().unwrap_or(false);
    (0..n)
        .map(|h| {
            let d = eff(h);
            if d == 0.0 {
                return HourShape::default();
            }
            let prev = (h + n - 1) % n;
            let next = (h + 1) % n;
            let mut left = if is_open(prev) {
                (eff(prev) + d) / 2.0
            } else {
                d
            };
            let mut right = if is_open(next) {
                (d + eff(next)) / 2.0
            } else {
                d
            };
            let mut mid = 2.0 * d - (left + right) / 2.0;
            if mid < 0.0 {
                let k = 4.0 * d / (left + right);
                left *= k;
                right *= k;
                mid = 0.0;
            }
            HourShape { left, mid, right }
        })
        .collect()
}

/// Arrival times (seconds from the horizon start) of a non-homogeneous Poisson process with
/// the cyclic hourly `shapes`, over hours `first..last` (hour `h` uses `shapes[h mod n]`;
/// negative hours are the warm-up), by thinning a homogeneous process at each hour's peak
/// rate. Appends to `out` in increasing order.
pub(crate) fn thin<R: Rng>(
    shapes: &[HourShape],
    first: i64,
    last: i64,
    rng: &mut R,
    out: &mut Vec<f64>,
) {
    let n = shapes.len() as i64;
    if n == 0 {
        return;
    }
    for h in first..last {
        let s = shapes[h.rem_euclid(n) as usize];
        let peak = s.max();
        if peak.is_nan() || peak <= 0.0 {
            continue;
        }
        let base = h as f64 * HOUR;
        let step = HOUR / peak; // mean gap at the peak rate, seconds
        let mut t = 0.0;
        loop {
            let e: f64 = rng.sample(Exp1);
            t += e * step;
            if t >= HOUR {
                break;
            }
            let u = t / HOUR;
            if rng.gen::<f64>() * peak < s.rate(u) {
                out.push(base + t);
            }
        }
    }
}

/// A handle-time sampler for one mean.
#[derive(Debug, Clone, Copy)]
pub(crate) enum WorkSampler {
    Exp { mean: f64 },
    LogNormal { mu: f64, sigma: f64 },
}

impl WorkSampler {
    pub(crate) fn new(h: HandleTime, mean: f64) -> WorkSampler {
        match h {
            HandleTime::Exponential => WorkSampler::Exp { mean },
            HandleTime::LogNormal { cv } => {
                let s2 = (1.0 + cv * cv).ln();
                WorkSampler::LogNormal {
                    mu: mean.ln() - s2 / 2.0,
                    sigma: s2.sqrt(),
                }
            }
        }
    }

    #[inline]
    pub(crate) fn sample<R: Rng>(&self, rng: &mut R) -> f64 {
        match *self {
            WorkSampler::Exp { mean } => {
                let e: f64 = rng.sample(Exp1);
                e * mean
            }
            WorkSampler::LogNormal { mu, sigma } => {
                let z: f64 = rng.sample(StandardNormal);
                (mu + sigma * z).exp()
            }
        }
    }
}

/// Exponential patience: the time a customer waits before abandoning (`∞` without patience).
#[inline]
pub(crate) fn patience<R: Rng>(mean: Option<f64>, rng: &mut R) -> f64 {
    match mean {
        Some(m) => {
            let e: f64 = rng.sample(Exp1);
            e * m
        }
        None => f64::INFINITY,
    }
}

/// Checks a handle-time option.
pub(crate) fn validate_handle(h: HandleTime) -> Result<(), SimulateError> {
    if let HandleTime::LogNormal { cv } = h {
        if !(cv.is_finite() && cv > 0.0) {
            return Err(SimulateError::Invalid(format!(
                "the handle-time coefficient of variation must be a positive number, got {cv}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn shapes_keep_hourly_means() {
        let counts = [0.0, 10.0, 40.0, 5.0, 30.0, 30.0, 0.0, 2.0];
        let open = [false, true, true, true, true, true, true, true];
        let s = hour_shapes(&counts, &open);
        for (h, x) in s.iter().enumerate() {
            let want = if open[h] { counts[h] } else { 0.0 };
            assert!((x.mean() - want).abs() < 1e-12, "hour {h}: {x:?}");
            assert!(x.left >= 0.0 && x.mid >= 0.0 && x.right >= 0.0);
        }
        // Opening step next to a closed hour.
        assert_eq!(s[1].left, 10.0);
        // Continuity between open hours without a dip.
        assert!((s[4].right - s[5].left).abs() < 1e-12);
    }

    #[test]
    fn thinning_matches_counts() {
        let counts = [100.0, 300.0, 50.0];
        let s = hour_shapes(&counts, &[true; 3]);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let mut per_hour = [0usize; 3];
        let reps = 400;
        for _ in 0..reps {
            let mut v = Vec::new();
            thin(&s, 0, 3, &mut rng, &mut v);
            assert!(v.windows(2).all(|w| w[0] <= w[1]));
            for t in v {
                per_hour[(t / HOUR) as usize] += 1;
            }
        }
        for h in 0..3 {
            let m = per_hour[h] as f64 / reps as f64;
            let se = (counts[h] / reps as f64).sqrt();
            assert!((m - counts[h]).abs() < 4.0 * se, "hour {h}: {m}");
        }
    }

    #[test]
    fn lognormal_mean() {
        let w = WorkSampler::new(HandleTime::LogNormal { cv: 0.8 }, 200.0);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| w.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let sd = (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64).sqrt();
        assert!((m - 200.0).abs() < 2.0, "{m}");
        assert!((sd / m - 0.8).abs() < 0.03, "{}", sd / m);
    }
}
