//! Hourly demand forecasting per shop: level and trend, hour-of-week seasonality, calendar
//! effects learned per kind and per name, learned closures, quantiles, new/returning split,
//! and a backtest against the seasonal-naive and 4-week-profile baselines.
//!
//! # Method
//! The model is multiplicative per shop and day `d`, hour `h`:
//!
//! `mean(d, h) = level(d) × day_factor(w) × share(w, h) × event(d) × shape_ratio(d, h)`
//!
//! where `w` is the weekday (a make-up workday uses the average workday instead of its own
//! weekday). Everything is fitted on *normal* days — days not touched by any calendar entry nor
//! by its lead/lag window:
//!
//! * **hour-of-week seasonality** (`day_factor × share`): exponentially weighted across weeks
//!   (half-life [`ForecastOptions::season_half_life_weeks`]) ratio-of-sums, hour outliers
//!   winsorised, low-volume weekdays shrunk towards the shop's pooled hour profile;
//! * **level**: each normal day's deseasonalised total; the forecast origin's level is an
//!   outlier-clipped exponentially weighted mean ([`ForecastOptions::level_half_life_days`])
//!   plus a damped, significance-shrunk robust trend;
//! * **calendar effects**: for every day touched by an entry, the ratio of its total to the
//!   baseline (the centred local level of nearby normal days × its weekday factor). Adjacent
//!   rows of the same kind and name form one *block* with positions first/middle/last; days
//!   before and after a block are its lead/lag days. The log ratios are regressed (Huber-weighted
//!   ridge, i.e. a Gaussian hierarchical prior) on per-kind, per-(kind, name), per-position and
//!   per-lead/lag terms, so an unseen name falls back to its kind and a known name is refined by
//!   its earlier occurrences. The hour shape of event days is learned the same way, as ratios to
//!   the normal shape, shrunk from (kind) to (kind, position) to (kind, name, position);
//! * **closures**: hours of the week that are missing on most recent days are closed; a day kind
//!   of the calendar is closed when every earlier occurrence of that name had no data (an unseen
//!   name inherits it only when at least [`ForecastOptions::kind_closure_min_names`] names of its
//!   kind were all closed — a wrong closure removes a day's whole demand); `closed` entries are
//!   closed. Closed hours forecast 0 with `open = false`;
//! * **quantiles**: a normal approximation with the Poisson-like hourly dispersion and the
//!   day-level relative error, both measured on the fit's own normal days with a trailing
//!   (forecast-like) level, the latter growing with the horizon, plus the event regression's
//!   residual spread on event days;
//! * **new / returning** customers: the returning share of normal days, adjusted per event tag.
//!
//! Fallbacks (never a panic or NaN): an empty history, one with nothing before the start or
//! less than 24 observed hours is an error; an all-zero history forecasts zeros; a short
//! history forecasts the profile of what exists (weekdays never seen use the pooled hour
//! profile and day factor 1, no trend under four weeks; if fewer than three days are free of
//! calendar entries, every day is used for the profile); calendar entries outside the history
//! have no learned effect (factor 1 unless the entry has an `uplift`).

mod backtest;
mod fit;
mod linalg;

pub use backtest::{backtest, metrics, profile_4w, seasonal_naive, BacktestReport, Metrics};
pub use fit::{learned_effects, EffectTerm, LearnedEffects};

use crate::model::{Calendar, CalendarEntry, Demand, Quantile, Scenario, ShopHistory};
use chrono::NaiveDateTime;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Longest horizon one forecast may cover: two years of hours.
pub const MAX_HORIZON_HOURS: usize = 2 * 366 * 24;

/// Tuning of the forecaster. [`Default`] gives the documented defaults, which were chosen on
/// the demo and on rolling windows of the public real series, not on single windows.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOptions {
    /// Half-life, in weeks, of the weights that smooth the hour-of-week pattern across weeks
    /// (default 8).
    pub season_half_life_weeks: f64,
    /// Half-life, in days, of the weights of the level at the forecast origin (default 7).
    pub level_half_life_days: f64,
    /// Whether to extrapolate a trend (default true). The trend is estimated robustly over the
    /// last [`ForecastOptions::trend_window_days`], shrunk by its significance and damped.
    pub trend: bool,
    /// Days of history the trend is estimated on (default 84).
    pub trend_window_days: i64,
    /// Daily damping of the trend (default 0.9: the trend adds at most ~9 days' worth).
    pub trend_damping: f64,
    /// Lead days before a calendar block that get their own learned effect, counted in open
    /// days (default 1).
    pub lead_days: i64,
    /// Lag days after a calendar block that get their own learned effect, counted in open days
    /// so the first business day after a holiday is lag 1 (default 2).
    pub lag_days: i64,
    /// Prior standard deviation (log scale) of a kind's lead/lag-day effect; per-name lead/lag
    /// refinements get 1.5 times it (default 0.2): lead/lag days differ a lot between names
    /// (Thanksgiving's long weekend, an ordinary Monday holiday), so what an unseen name
    /// inherits from its kind is kept modest.
    pub leadlag_prior_sd: f64,
    /// An unseen event name inherits a learned closure of its kind only when at least this many
    /// different names of that kind were closed on every occurrence and none was open
    /// (default 4).
    pub kind_closure_min_names: usize,
    /// Share of recent days an hour of the week must have data on to count as open
    /// (default 0.5).
    pub open_share: f64,
    /// Weeks of recent history the open hours are judged on (default 8).
    pub open_weeks: i64,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            season_half_life_weeks: 8.0,
            level_half_life_days: 7.0,
            trend: true,
            trend_window_days: 84,
            trend_damping: 0.9,
            lead_days: 1,
            lag_days: 2,
            leadlag_prior_sd: 0.2,
            kind_closure_min_names: 4,
            open_share: 0.5,
            open_weeks: 8,
        }
    }
}

/// Why a forecast could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// The shop has no observation at all.
    #[error("shop '{shop}': the history is empty; at least one day of hourly data is needed")]
    EmptyHistory {
        /// The shop.
        shop: String,
    },
    /// Every observation is at or after the forecast start.
    #[error("shop '{shop}': no history before the forecast start {start}; the first observation is {first}")]
    NoHistoryBefore {
        /// The shop.
        shop: String,
        /// Forecast start.
        start: NaiveDateTime,
        /// First observed hour.
        first: NaiveDateTime,
    },
    /// Less than a day of data before the start.
    #[error(
        "shop '{shop}': only {hours} hour(s) of history before {start}; at least 24 are needed"
    )]
    TooShort {
        /// The shop.
        shop: String,
        /// Observed hours before the start.
        hours: usize,
        /// Forecast start.
        start: NaiveDateTime,
    },
    /// The horizon is zero or longer than [`MAX_HORIZON_HOURS`].
    #[error("horizon of {hours} hours is invalid; expected 1..={max}")]
    BadHorizon {
        /// Requested hours.
        hours: usize,
        /// The maximum.
        max: usize,
    },
    /// The forecast start is not on a whole hour.
    #[error("forecast start {0} is not on a whole hour")]
    StartNotOnHour(NaiveDateTime),
    /// A history value is negative or not finite.
    #[error("shop '{shop}': invalid value {value} at {hour}")]
    BadValue {
        /// The shop.
        shop: String,
        /// The hour.
        hour: NaiveDateTime,
        /// The value.
        value: f64,
    },
}

/// One forecast hour of one shop. When `open` is false every number is 0 (components 0 too).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ForecastHour {
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Whether the desk is expected open (learned service hours, learned or declared closures).
    pub open: bool,
    /// Expected inquiries.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 80th percentile.
    pub p80: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Component: the average hourly level of a normal day (daily level / 24), trend included.
    pub level: f64,
    /// Component: the hour-of-week factor of a normal day (averages 1 over a normal week's
    /// 168 hours when all are open).
    pub seasonal: f64,
    /// Component: calendar multiplier (day effect × hour-shape ratio); 1 on a normal day.
    /// `mean = level × seasonal × event`.
    pub event: f64,
    /// Expected inquiries from new customers, when the history splits them.
    pub new_customers: Option<f64>,
    /// Expected inquiries from returning customers, when the history splits them.
    pub returning_customers: Option<f64>,
}

/// The forecast of one shop.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShopForecast {
    /// Shop id.
    pub shop: String,
    /// Consecutive hours from the forecast start.
    pub hours: Vec<ForecastHour>,
}

/// Forecasts of every shop over one horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Forecast {
    /// First hour.
    pub start: NaiveDateTime,
    /// Number of hours.
    pub hours: usize,
    /// Per shop, in scenario order.
    pub shops: Vec<ShopForecast>,
}

impl Forecast {
    /// The forecast as sizing input at quantile `q` (closed hours 0).
    pub fn demand(&self, q: Quantile) -> Demand {
        let shops = self
            .shops
            .iter()
            .map(|s| {
                let v = s
                    .hours
                    .iter()
                    .map(|h| match q {
                        Quantile::Mean => h.mean,
                        Quantile::P50 => h.p50,
                        Quantile::P80 => h.p80,
                        Quantile::P95 => h.p95,
                    })
                    .collect();
                (s.shop.clone(), v)
            })
            .collect::<BTreeMap<_, _>>();
        Demand {
            start: self.start,
            hours: self.hours,
            shops,
        }
    }

    /// The forecast of shop `id`.
    pub fn shop(&self, id: &str) -> Option<&ShopForecast> {
        self.shops.iter().find(|s| s.shop == id)
    }
}

/// The calendar entries that apply to `shop`: global ones and the shop's own.
pub fn shop_calendar(calendar: &Calendar, shop: &str) -> Vec<CalendarEntry> {
    calendar
        .entries
        .iter()
        .filter(|e| e.shop.as_deref().is_none_or(|s| s == shop))
        .cloned()
        .collect()
}

/// Forecasts one shop for `hours` hours from `start` using its observations before `start`
/// (later ones are ignored) and the calendar entries that apply to it (entries for other
/// shops are ignored).
pub fn forecast_shop(
    shop: &str,
    history: &ShopHistory,
    calendar: &[CalendarEntry],
    start: NaiveDateTime,
    hours: usize,
    opts: &ForecastOptions,
) -> Result<ShopForecast, ForecastError> {
    let model = fit::fit(shop, history, calendar, start, hours, opts)?;
    Ok(ShopForecast {
        shop: shop.to_string(),
        hours: model.predict(start, hours),
    })
}

/// Forecasts every shop of the scenario (in parallel across shops). A shop without history is
/// an error ([`ForecastError::EmptyHistory`]).
pub fn forecast_all(
    s: &Scenario,
    start: NaiveDateTime,
    hours: usize,
    opts: &ForecastOptions,
) -> Result<Forecast, ForecastError> {
    let empty = ShopHistory::default();
    let shops = s
        .shops
        .par_iter()
        .map(|shop| {
            let history = s.history.shops.get(&shop.id).unwrap_or(&empty);
            let calendar = shop_calendar(&s.calendar, &shop.id);
            forecast_shop(&shop.id, history, &calendar, start, hours, opts)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Forecast {
        start,
        hours,
        shops,
    })
}
