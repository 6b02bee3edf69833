//! Demand: expected inquiries per shop per hour over a planning horizon — what the forecaster
//! produces and sizing consumes.

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use std::collections::BTreeMap;

/// Expected inquiries per shop for consecutive hours starting at `start`. Hours a shop is
/// closed hold 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Demand {
    /// First hour of the horizon.
    pub start: NaiveDateTime,
    /// Number of hours.
    pub hours: usize,
    /// Per shop, `hours` values.
    pub shops: BTreeMap<String, Vec<f64>>,
}

impl Demand {
    /// The start of hour `i` of the horizon.
    pub fn hour(&self, i: usize) -> NaiveDateTime {
        self.start + Duration::hours(i as i64)
    }

    /// Inquiries of `shop` in hour `i` (0 when the shop is not in the demand).
    pub fn at(&self, shop: &str, i: usize) -> f64 {
        self.shops
            .get(shop)
            .and_then(|v| v.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    /// Total inquiries of `shop` over the horizon.
    pub fn total(&self, shop: &str) -> f64 {
        self.shops.get(shop).map_or(0.0, |v| v.iter().sum())
    }
}

impl Demand {
    /// Demand equal to the observed history over `hours` hours from `start` (unobserved
    /// hours — closed — are 0). Until a forecast exists, sizing uses the last history week.
    pub fn from_history(history: &super::History, start: NaiveDateTime, hours: usize) -> Demand {
        let end = start + Duration::hours(hours as i64);
        let shops = history
            .shops
            .iter()
            .map(|(id, h)| {
                let mut v = vec![0.0; hours];
                let from = h.observations.partition_point(|o| o.hour < start);
                for o in h.observations[from..].iter().take_while(|o| o.hour < end) {
                    v[(o.hour - start).num_hours() as usize] = o.inquiries;
                }
                (id.clone(), v)
            })
            .collect();
        Demand {
            start,
            hours,
            shops,
        }
    }
}
