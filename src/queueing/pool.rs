//! Pools: several shops' hourly traffic served by one set of cross-trained seats.
//!
//! [`combine_shops`] merges one hour of several shops into a single [`ShopLoad`]:
//!
//! * arrivals: the sum (merged Poisson streams);
//! * AHT: arrival-weighted mean `Σλᵢ·AHTᵢ / Σλᵢ` — the traffic-preserving weighting, so the
//!   pooled load in Erlangs equals the sum of the shops' loads (plain mean if no arrivals);
//! * SLA: the strictest — the highest target service level and the shortest answer time;
//! * patience: `None` (Erlang C) if any shop has none; otherwise the arrival-weighted mean
//!   abandonment rate, `patience = Σλᵢ / Σ(λᵢ/patienceᵢ)` (harmonic mean if no arrivals);
//! * concurrency: all shops must share one model ([`QueueingError::MixedConcurrency`]).
//!
//! [`size_pool`] sizes each shop alone and the pool, and reports the pooling saving
//! = Σ seats sized per shop alone − pooled seats (it can be negative when one shop's strict
//! SLA is imposed on the others' traffic).

use serde::{Deserialize, Serialize};

use super::concurrency::Concurrency;
use super::error::{
    check_non_negative, check_positive, check_unit_open_closed, validate_shrinkage, QueueingError,
    Result,
};
use super::staffing::{required_agents, scheduled_agents, Staffing, StaffingRequest};

/// One shop's traffic and service agreement for one hour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopLoad {
    /// Expected contacts (calls, chats) arriving in the hour (≥ 0).
    pub arrivals_per_hour: f64,
    /// Mean handle time of a contact handled alone, seconds (> 0).
    pub aht_seconds: f64,
    /// Service-level target in (0, 1], e.g. 0.8.
    pub target_sl: f64,
    /// Service-level threshold, seconds (≥ 0), e.g. 20.
    pub answer_within_seconds: f64,
    /// Mean patience before abandoning, seconds (> 0); `None` = never abandons (Erlang C).
    pub patience_seconds: Option<f64>,
    /// Chat concurrency of the agents serving this shop.
    pub concurrency: Concurrency,
}

impl ShopLoad {
    /// Offered traffic in Erlangs: `arrivals_per_hour × aht_seconds / 3600`.
    pub fn traffic_erlangs(&self) -> f64 {
        self.arrivals_per_hour * self.aht_seconds / 3600.0
    }

    /// Checks every field: arrivals ≥ 0, AHT > 0, target in (0, 1], threshold ≥ 0, patience
    /// > 0 when given (all finite) and a valid concurrency.
    pub fn validate(&self) -> Result<()> {
        check_non_negative("arrivals_per_hour", self.arrivals_per_hour)?;
        check_positive("aht_seconds", self.aht_seconds)?;
        check_unit_open_closed("target_sl", self.target_sl)?;
        check_non_negative("answer_within_seconds", self.answer_within_seconds)?;
        if let Some(p) = self.patience_seconds {
            check_positive("patience_seconds", p)?;
        }
        self.concurrency.validate()
    }

    /// The staffing question of this shop under `policy` (the policy's abandonment cap is used
    /// only when the shop has a patience).
    pub fn staffing_request(&self, policy: &SizingPolicy) -> StaffingRequest {
        StaffingRequest {
            traffic_erlangs: self.traffic_erlangs(),
            aht_seconds: self.aht_seconds,
            target_service_level: self.target_sl,
            answer_within_seconds: self.answer_within_seconds,
            max_occupancy: policy.max_occupancy,
            max_asa_seconds: policy.max_asa_seconds,
            patience_seconds: self.patience_seconds,
            max_abandon_rate: self.patience_seconds.and(policy.max_abandon_rate),
            concurrency: self.concurrency.clone(),
        }
    }
}

/// Targets common to every shop and pool of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SizingPolicy {
    /// Occupancy cap in (0, 1].
    pub max_occupancy: f64,
    /// Optional cap on the mean wait of answered contacts, seconds.
    pub max_asa_seconds: Option<f64>,
    /// Optional cap on P(abandon), applied to shops/pools that have a patience.
    pub max_abandon_rate: Option<f64>,
    /// Shrinkage in [0, 1): share of paid seat time not available for contacts.
    pub shrinkage: f64,
}

impl Default for SizingPolicy {
    /// Occupancy cap 1, no ASA or abandonment cap, no shrinkage.
    fn default() -> Self {
        SizingPolicy {
            max_occupancy: 1.0,
            max_asa_seconds: None,
            max_abandon_rate: None,
            shrinkage: 0.0,
        }
    }
}

impl SizingPolicy {
    /// Checks the caps and the shrinkage.
    pub fn validate(&self) -> Result<()> {
        check_unit_open_closed("max_occupancy", self.max_occupancy)?;
        if let Some(v) = self.max_asa_seconds {
            check_positive("max_asa_seconds", v)?;
        }
        if let Some(v) = self.max_abandon_rate {
            check_unit_open_closed("max_abandon_rate", v)?;
        }
        validate_shrinkage(self.shrinkage)
    }
}

/// Merges one hour of several shops into the pool's single load (see the module docs).
///
/// # Errors
/// [`QueueingError::EmptyPool`], an invalid shop, or [`QueueingError::MixedConcurrency`].
pub fn combine_shops(shops: &[ShopLoad]) -> Result<ShopLoad> {
    let first = shops.first().ok_or(QueueingError::EmptyPool)?;
    for (i, s) in shops.iter().enumerate() {
        s.validate()?;
        if s.concurrency != first.concurrency {
            return Err(QueueingError::MixedConcurrency {
                first: first.concurrency.to_string(),
                index: i,
                other: s.concurrency.to_string(),
            });
        }
    }
    let arrivals: f64 = shops.iter().map(|s| s.arrivals_per_hour).sum();
    let count = shops.len() as f64;
    let aht = if arrivals > 0.0 {
        shops
            .iter()
            .map(|s| s.arrivals_per_hour * s.aht_seconds)
            .sum::<f64>()
            / arrivals
    } else {
        shops.iter().map(|s| s.aht_seconds).sum::<f64>() / count
    };
    let target_sl = shops.iter().map(|s| s.target_sl).fold(0.0, f64::max);
    let answer_within = shops
        .iter()
        .map(|s| s.answer_within_seconds)
        .fold(f64::INFINITY, f64::min);
    let patience = if shops.iter().all(|s| s.patience_seconds.is_some()) {
        let pat = |s: &ShopLoad| s.patience_seconds.unwrap_or(f64::INFINITY);
        let rate = if arrivals > 0.0 {
            shops
                .iter()
                .map(|s| s.arrivals_per_hour / pat(s))
                .sum::<f64>()
                / arrivals
        } else {
            shops.iter().map(|s| 1.0 / pat(s)).sum::<f64>() / count
        };
        Some(1.0 / rate)
    } else {
        None
    };
    Ok(ShopLoad {
        arrivals_per_hour: arrivals,
        aht_seconds: aht,
        target_sl,
        answer_within_seconds: answer_within,
        patience_seconds: patience,
        concurrency: first.concurrency.clone(),
    })
}

/// Sizing of one pool for one hour.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolSizing {
    /// The merged load the pool was sized for.
    pub combined: ShopLoad,
    /// Required seats of the pool and the metrics at that staffing.
    pub pooled: Staffing,
    /// Seats to schedule for the pool after shrinkage.
    pub pooled_scheduled: u32,
    /// Each shop sized alone (same order as the input), under its own SLA.
    pub standalone: Vec<Staffing>,
    /// Σ required seats of the shops sized alone.
    pub standalone_required_total: u64,
    /// `standalone_required_total − pooled.required_agents` (may be negative).
    pub pooling_saving: i64,
}

/// Sizes a pool for one hour: each shop alone, then the merged load of [`combine_shops`].
///
/// # Errors
/// Any error of [`combine_shops`], [`SizingPolicy::validate`] or [`required_agents`].
pub fn size_pool(shops: &[ShopLoad], policy: &SizingPolicy) -> Result<PoolSizing> {
    policy.validate()?;
    let combined = combine_shops(shops)?;
    let standalone = shops
        .iter()
        .map(|s| required_agents(&s.staffing_request(policy)))
        .collect::<Result<Vec<_>>>()?;
    let pooled = required_agents(&combined.staffing_request(policy))?;
    let pooled_scheduled = scheduled_agents(pooled.required_agents, policy.shrinkage)?;
    let standalone_required_total: u64 = standalone
        .iter()
        .map(|s| u64::from(s.required_agents))
        .sum();
    Ok(PoolSizing {
        pooling_saving: standalone_required_total as i64 - i64::from(pooled.required_agents),
        combined,
        pooled,
        pooled_scheduled,
        standalone,
        standalone_required_total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(arr: f64, aht: f64, sl: f64, t: f64, pat: Option<f64>) -> ShopLoad {
        ShopLoad {
            arrivals_per_hour: arr,
            aht_seconds: aht,
            target_sl: sl,
            answer_within_seconds: t,
            patience_seconds: pat,
            concurrency: Concurrency::Single,
        }
    }

    #[test]
    fn combine_preserves_traffic_and_takes_strictest_sla() {
        let shops = [
            shop(30.0, 240.0, 0.8, 20.0, Some(120.0)),
            shop(10.0, 480.0, 0.9, 30.0, Some(360.0)),
        ];
        let c = combine_shops(&shops).unwrap();
        assert_eq!(c.arrivals_per_hour, 40.0);
        let traffic: f64 = shops.iter().map(ShopLoad::traffic_erlangs).sum();
        assert!((c.traffic_erlangs() - traffic).abs() < 1e-12);
        assert_eq!(c.target_sl, 0.9);
        assert_eq!(c.answer_within_seconds, 20.0);
        // rate = (30/120 + 10/360)/40
        let p = c.patience_seconds.unwrap();
        assert!((p - 40.0 / (30.0 / 120.0 + 10.0 / 360.0)).abs() < 1e-9);
    }

    #[test]
    fn pooling_saves_seats() {
        let shops: Vec<_> = (0..8).map(|_| shop(20.0, 300.0, 0.8, 20.0, None)).collect();
        let p = size_pool(&shops, &SizingPolicy::default()).unwrap();
        assert!(p.pooling_saving > 0, "{p:?}");
        assert_eq!(
            p.standalone_required_total as i64 - p.pooling_saving,
            i64::from(p.pooled.required_agents)
        );
    }

    #[test]
    fn errors() {
        assert_eq!(combine_shops(&[]), Err(QueueingError::EmptyPool));
        let mut b = shop(1.0, 100.0, 0.8, 20.0, None);
        b.concurrency = Concurrency::Slots {
            chats: 2,
            handle_time_growth: 0.2,
        };
        assert!(matches!(
            combine_shops(&[shop(1.0, 100.0, 0.8, 20.0, None), b]),
            Err(QueueingError::MixedConcurrency { index: 1, .. })
        ));
        assert!(combine_shops(&[shop(1.0, 0.0, 0.8, 20.0, None)]).is_err());
        assert!(combine_shops(&[shop(1.0, 10.0, 0.0, 20.0, None)]).is_err());
        assert!(combine_shops(&[shop(f64::NAN, 10.0, 0.5, 20.0, None)]).is_err());
    }
}
