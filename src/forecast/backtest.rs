//! Backtests: one fit on the history before `test_start`, one `horizon`-hour forecast, no
//! refits; scored on the hours whose actual is present, beside two baselines.

use super::{forecast_shop, ForecastError, ForecastOptions, MAX_HORIZON_HOURS};
use crate::model::{CalendarEntry, ShopHistory};
use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;

/// Accuracy over the scored hours. Forecasts are clipped at 0 before scoring.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Metrics {
    /// Σ|forecast − actual| / Σ actual (0 when there is no actual volume and no error).
    pub wape: f64,
    /// Mean of |error| / actual over hours with actual > 0.
    pub mape: f64,
    /// Σ(forecast − actual) / Σ actual (positive = over-forecast).
    pub bias: f64,
    /// Hours scored (actual present).
    pub hours: usize,
}

/// A backtest's scores: the model beside the baselines.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BacktestReport {
    /// First forecast hour.
    pub test_start: NaiveDateTime,
    /// Horizon in hours.
    pub horizon_hours: usize,
    /// Observed hours the model was fitted on.
    pub train_hours: usize,
    /// The forecaster.
    pub model: Metrics,
    /// Same hour one week earlier, the last observed week repeated.
    pub seasonal_naive: Metrics,
    /// Mean of the same hour of the week over the last four weeks (observed values only).
    pub profile_4w: Metrics,
    /// Share of scored hours whose actual is at or below the model's P80.
    pub coverage_p80: f64,
    /// Share of scored hours whose actual is at or below the model's P95.
    pub coverage_p95: f64,
}

/// Scores `forecast` against `actual` (`None` = not observed, not scored).
pub fn metrics(forecast: &[f64], actual: &[Option<f64>]) -> Metrics {
    let (mut abs, mut sum, mut act, mut ape, mut n_ape, mut n) = (0.0, 0.0, 0.0, 0.0, 0, 0);
    for (f, a) in forecast.iter().zip(actual) {
        let Some(a) = *a else { continue };
        let f = if f.is_finite() { f.max(0.0) } else { 0.0 };
        let e = f - a;
        abs += e.abs();
        sum += e;
        act += a;
        n += 1;
        if a > 0.0 {
            ape += e.abs() / a;
            n_ape += 1;
        }
    }
    let ratio = |x: f64| {
        if act > 0.0 {
            x / act
        } else if x == 0.0 {
            0.0
        } else {
            f64::INFINITY.min(1e9)
        }
    };
    Metrics {
        wape: ratio(abs),
        mape: if n_ape > 0 { ape / n_ape as f64 } else { 0.0 },
        bias: ratio(sum),
        hours: n,
    }
}

fn by_hour(history: &ShopHistory) -> HashMap<NaiveDateTime, f64> {
    history
        .observations
        .iter()
        .map(|o| (o.hour, o.inquiries))
        .collect()
}

/// Seasonal-naive baseline: each hour takes the value of the same hour of the week in the
/// most recent week before `start` that observed it (0 if none did).
pub fn seasonal_naive(history: &ShopHistory, start: NaiveDateTime, hours: usize) -> Vec<f64> {
    let map = by_hour(history);
    let first = history.span().map_or(start, |s| s.0);
    (0..hours)
        .map(|i| {
            let t = start + Duration::hours(i as i64);
            let mut k = (i / 168) as i64 + 1;
            loop {
                let s = t - Duration::hours(168 * k);
                if s < first {
                    return 0.0;
                }
                if let Some(v) = map.get(&s) {
                    return *v;
                }
                k += 1;
            }
        })
        .collect()
}

/// Four-week profile baseline: each hour takes the mean of the same hour of the week over the
/// four weeks before `start`, over the weeks that observed it (0 if none did).
pub fn profile_4w(history: &ShopHistory, start: NaiveDateTime, hours: usize) -> Vec<f64> {
    let map = by_hour(history);
    (0..hours)
        .map(|i| {
            let t = start + Duration::hours((i % 168) as i64);
            let vals: Vec<f64> = (1..=4)
                .filter_map(|k| map.get(&(t - Duration::hours(168 * k))).copied())
                .collect();
            if vals.is_empty() {
                0.0
            } else {
                vals.iter().sum::<f64>() / vals.len() as f64
            }
        })
        .collect()
}

/// Backtests the forecaster on one window: fit on everything before `test_start`, forecast
/// `horizon_hours`, score the hours with an actual, beside the baselines.
pub fn backtest(
    history: &ShopHistory,
    calendar: &[CalendarEntry],
    test_start: NaiveDateTime,
    horizon_hours: usize,
    opts: &ForecastOptions,
) -> Result<BacktestReport, ForecastError> {
    if horizon_hours == 0 || horizon_hours > MAX_HORIZON_HOURS {
        return Err(ForecastError::BadHorizon {
            hours: horizon_hours,
            max: MAX_HORIZON_HOURS,
        });
    }
    let train = ShopHistory {
        observations: history
            .observations
            .iter()
            .filter(|o| o.hour < test_start)
            .copied()
            .collect(),
    };
    let fc = forecast_shop("series", &train, calendar, test_start, horizon_hours, opts)?;
    let map = by_hour(history);
    let actual: Vec<Option<f64>> = (0..horizon_hours)
        .map(|i| map.get(&(test_start + Duration::hours(i as i64))).copied())
        .collect();
    let mean: Vec<f64> = fc.hours.iter().map(|h| h.mean).collect();
    let scored = actual.iter().filter(|a| a.is_some()).count().max(1) as f64;
    let cover = |q: fn(&super::ForecastHour) -> f64| {
        fc.hours
            .iter()
            .zip(&actual)
            .filter(|(h, a)| a.is_some_and(|a| a <= q(h)))
            .count() as f64
            / scored
    };
    Ok(BacktestReport {
        test_start,
        horizon_hours,
        train_hours: train.observations.len(),
        model: metrics(&mean, &actual),
        seasonal_naive: metrics(&seasonal_naive(&train, test_start, horizon_hours), &actual),
        profile_4w: metrics(&profile_4w(&train, test_start, horizon_hours), &actual),
        coverage_p80: cover(|h| h.p80),
        coverage_p95: cover(|h| h.p95),
    })
}
