//! Inquiry history: observed hourly volumes per shop.
//!
//! A missing hour means the desk was closed or no data exists — never zero demand. Only hours
//! present in `history.csv` are observations; an explicit `0` is a real zero.

use chrono::NaiveDateTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// One observed hour of one shop.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Observation {
    /// Start of the hour (local China time, no DST).
    pub hour: NaiveDateTime,
    /// Inquiries that arrived in the hour.
    pub inquiries: f64,
    /// Of which from new customers, when the export splits them.
    pub new_customers: Option<f64>,
    /// Of which from returning customers, when the export splits them.
    pub returning_customers: Option<f64>,
}

/// One shop's observations, strictly increasing in time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ShopHistory {
    /// Observations sorted by hour, no duplicates.
    pub observations: Vec<Observation>,
}

impl ShopHistory {
    /// First and last observed hour.
    pub fn span(&self) -> Option<(NaiveDateTime, NaiveDateTime)> {
        Some((
            self.observations.first()?.hour,
            self.observations.last()?.hour,
        ))
    }

    /// Sum of inquiries over all observed hours.
    pub fn total(&self) -> f64 {
        self.observations.iter().map(|o| o.inquiries).sum()
    }

    /// Whether the history splits new and returning customers.
    pub fn has_customer_split(&self) -> bool {
        self.observations.iter().any(|o| o.new_customers.is_some())
    }

    /// Gaps of more than `min_hours` consecutive missing hours inside the span, as
    /// (first missing hour, number of missing hours).
    pub fn gaps(&self, min_hours: i64) -> Vec<(NaiveDateTime, i64)> {
        self.observations
            .windows(2)
            .filter_map(|w| {
                let missing = (w[1].hour - w[0].hour).num_hours() - 1;
                (missing >= min_hours).then(|| (w[0].hour + chrono::Duration::hours(1), missing))
            })
            .collect()
    }
}

/// History of every shop, keyed by shop id.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    /// Per-shop series.
    pub shops: BTreeMap<String, ShopHistory>,
}

impl History {
    /// Earliest and latest observed hour over all shops.
    pub fn span(&self) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let spans: Vec<_> = self.shops.values().filter_map(|s| s.span()).collect();
        let start = spans.iter().map(|s| s.0).min()?;
        let end = spans.iter().map(|s| s.1).max()?;
        Some((start, end))
    }

    /// Number of observations over all shops.
    pub fn len(&self) -> usize {
        self.shops.values().map(|s| s.observations.len()).sum()
    }

    /// Whether there are no observations at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
