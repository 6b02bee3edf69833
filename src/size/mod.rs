//! Sizing: demand (shop × hour) → requirement (pool × hour seats).
//!
//! A dedicated pool is sized on its shop's traffic; a shared pool on the pooled traffic of its
//! shops (strictest SLA, traffic-weighted handle time; see [`crate::queueing::combine_shops`]).
//! Agents of a shared pool run one chat-concurrency setting, the smallest of its shops', so
//! that no shop's chats are handled more thinly than the shop allows. A pool with at least one
//! shop open in an hour keeps at least one seat even when no inquiry is expected: an unstaffed
//! open desk fails the platforms' response KPIs. Scheduled seats add shrinkage. The pooling
//! saving is the seat-hours of sizing every shop alone minus those of the pool.

use crate::model::{DayKind, Demand, Pool, Scenario, Shop};
use crate::queueing::{size_pool, Concurrency, QueueingError, ShopLoad, SizingPolicy, Staffing};
use chrono::{NaiveDateTime, Timelike};
use rayon::prelude::*;
use serde::Serialize;

/// Seats one pool needs in one hour, with the metrics the pool reaches at that staffing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    /// Pool id.
    pub pool: String,
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Shops of the pool open in this hour.
    pub open_shops: usize,
    /// Expected inquiries in the hour (pooled).
    pub arrivals: f64,
    /// Traffic-weighted handle time, seconds.
    pub aht_seconds: f64,
    /// Offered load in Erlangs (single-chat work).
    pub traffic_erlangs: f64,
    /// Seats needed on the floor.
    pub required: u32,
    /// Seats to schedule after shrinkage.
    pub scheduled: u32,
    /// Service level at `required` (answered within the SLA threshold / offered).
    pub service_level: f64,
    /// Mean wait of answered inquiries at `required`, seconds.
    pub asa_seconds: f64,
    /// Share of inquiries abandoning at `required` (0 without a patience).
    pub prob_abandon: f64,
    /// Occupancy at `required`.
    pub occupancy: f64,
    /// Which targets bind (`sl`, `occupancy`, `asa`, `abandon`, `open`, `none`).
    pub binding: String,
    /// Seats if every shop of the pool were sized alone.
    pub standalone_required: u32,
}

/// Totals per pool over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolTotals {
    /// Pool id.
    pub pool: String,
    /// dedicated / shared.
    pub mode: &'static str,
    /// Highest hourly required seats.
    pub peak_required: u32,
    /// Highest hourly scheduled seats.
    pub peak_scheduled: u32,
    /// Σ required seat-hours.
    pub required_seat_hours: u64,
    /// Σ scheduled seat-hours.
    pub scheduled_seat_hours: u64,
    /// Σ seat-hours if each shop were sized alone.
    pub standalone_seat_hours: u64,
    /// `standalone_seat_hours − required_seat_hours`.
    pub pooling_saving_seat_hours: i64,
    /// Expected inquiries over the horizon.
    pub inquiries: f64,
}

/// The result of sizing: one row per pool-hour (pool-major, in pool order) and pool totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirements {
    /// Rows, pool by pool, hour by hour.
    pub rows: Vec<Requirement>,
    /// Totals per pool.
    pub pools: Vec<PoolTotals>,
}

/// Whether `shop` is staffed at `hour`: inside its service hours and not on a `closed` day.
pub fn shop_open(scenario: &Scenario, shop: &Shop, hour: NaiveDateTime) -> bool {
    shop.service_hours.is_open(hour.hour())
        && !scenario
            .calendar
            .on(&shop.id, hour.date())
            .any(|e| e.kind == DayKind::Closed)
}

/// The queueing engine's concurrency model for `c` chats under `factors`.
pub fn concurrency_model(c: u32, factors: &[f64]) -> Concurrency {
    if c <= 1 {
        Concurrency::Single
    } else {
        Concurrency::Factors(factors[..(c as usize).min(factors.len())].to_vec())
    }
}

fn pool_hour(
    scenario: &Scenario,
    pool: &Pool,
    shops: &[&Shop],
    demand: &Demand,
    i: usize,
) -> Result<Requirement, QueueingError> {
    let sizing = &scenario.rules.sizing;
    let hour = demand.hour(i);
    let policy = SizingPolicy {
        max_occupancy: sizing.max_occupancy,
        max_asa_seconds: sizing.max_asa_seconds,
        max_abandon_rate: sizing.max_abandon_rate,
        shrinkage: scenario.shrinkage(pool),
    };
    let c = shops.iter().map(|s| s.concurrency).min().unwrap_or(1);
    let concurrency = concurrency_model(c, &sizing.concurrency_factors);
    let open: Vec<&&Shop> = shops
        .iter()
        .filter(|s| shop_open(scenario, s, hour))
        .collect();
    let loads: Vec<ShopLoad> = open
        .iter()
        .map(|s| ShopLoad {
            arrivals_per_hour: demand.at(&s.id, i),
            aht_seconds: s.aht_seconds,
            target_sl: s.sla_target,
            answer_within_seconds: s.sla_seconds,
            patience_seconds: s.patience_seconds,
            concurrency: concurrency.clone(),
        })
        .collect();
    let mut row = Requirement {
        pool: pool.id.clone(),
        hour,
        open_shops: open.len(),
        arrivals: 0.0,
        aht_seconds: 0.0,
        traffic_erlangs: 0.0,
        required: 0,
        scheduled: 0,
        service_level: 1.0,
        asa_seconds: 0.0,
        prob_abandon: 0.0,
        occupancy: 0.0,
        binding: "closed".into(),
        standalone_required: 0,
    };
    if loads.is_empty() {
        return Ok(row);
    }
    let sized = size_pool(&loads, &policy)?;
    let s: &Staffing = &sized.pooled;
    row.arrivals = sized.combined.arrivals_per_hour;
    row.aht_seconds = sized.combined.aht_seconds;
    row.traffic_erlangs = sized.combined.traffic_erlangs();
    row.required = s.required_agents;
    row.scheduled = sized.pooled_scheduled;
    row.service_level = s.service_level;
    row.asa_seconds = s.asa_seconds;
    row.prob_abandon = s.prob_abandon;
    row.occupancy = s.occupancy;
    row.binding = s.binding.label();
    // Standalone shops: an open shop keeps a seat as the pool does.
    row.standalone_required = sized
        .standalone
        .iter()
        .map(|x| x.required_agents.max(1))
        .sum();
    if row.required == 0 {
        row.required = 1;
        row.scheduled = crate::queueing::scheduled_agents(1, policy.shrinkage)?;
        row.binding = "open".into();
    }
    Ok(row)
}

/// Sizes every pool of `scenario` for every hour of `demand`, in parallel across pool-hours.
pub fn size(scenario: &Scenario, demand: &Demand) -> Result<Requirements, QueueingError> {
    let jobs: Vec<(usize, usize)> = (0..scenario.pools.len())
        .flat_map(|p| (0..demand.hours).map(move |i| (p, i)))
        .collect();
    let pool_shops: Vec<Vec<&Shop>> = scenario
        .pools
        .iter()
        .map(|p| scenario.shops_in(&p.id).collect())
        .collect();
    let rows = jobs
        .par_iter()
        .map(|&(p, i)| pool_hour(scenario, &scenario.pools[p], &pool_shops[p], demand, i))
        .collect::<Result<Vec<_>, _>>()?;
    let pools = scenario
        .pools
        .iter()
        .enumerate()
        .map(|(p, pool)| {
            let r = &rows[p * demand.hours..(p + 1) * demand.hours];
            let req: u64 = r.iter().map(|x| u64::from(x.required)).sum();
            let alone: u64 = r.iter().map(|x| u64::from(x.standalone_required)).sum();
            PoolTotals {
                pool: pool.id.clone(),
                mode: pool.mode.as_str(),
                peak_required: r.iter().map(|x| x.required).max().unwrap_or(0),
                peak_scheduled: r.iter().map(|x| x.scheduled).max().unwrap_or(0),
                required_seat_hours: req,
                scheduled_seat_hours: r.iter().map(|x| u64::from(x.scheduled)).sum(),
                standalone_seat_hours: alone,
                pooling_saving_seat_hours: alone as i64 - req as i64,
                inquiries: r.iter().map(|x| x.arrivals).sum(),
            }
        })
        .collect();
    Ok(Requirements { rows, pools })
}
