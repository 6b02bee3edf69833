//! A roster against demand: every pool over the horizon, replicated in parallel.

use super::arrivals::{hour_shapes, patience, thin, HourShape, WorkSampler, HOUR};
use super::engine::{self, Arrival, Bins, Desk, Presence, Tally};
use super::stats::{stream, Estimate, Purpose};
use super::{speeds, HandleTime, SimulateError, SlowDown};
use crate::model::{Demand, Scenario};
use crate::schedule::Roster;
use crate::size::{concurrency_model, shop_open};
use chrono::NaiveDateTime;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Options of a roster simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Independent replications of the horizon (≥ 1; ≥ 2 for confidence intervals).
    pub replications: usize,
    /// Seed of every random stream (see [`super::stream`]).
    pub seed: u64,
    /// Handle-time distribution (mean: each shop's AHT).
    pub handle_time: HandleTime,
    /// How the chat slow-down depends on the chats an agent holds.
    pub slowdown: SlowDown,
    /// Hours simulated before the horizon (from the end of the cyclic horizon) and discarded,
    /// so the first hour starts with a loaded desk.
    pub warmup_hours: u32,
    /// Where in the shift the unpaid break is taken.
    pub breaks: BreakPlacement,
}

/// Where agents take their unpaid break (`break_minutes` of the shift template), during which
/// they take no new chats but finish those they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum BreakPlacement {
    /// Exactly in the middle of the shift, for every agent: agents on the same shift all
    /// leave the floor at once.
    Middle,
    /// Staggered: the `m` agents of a pool on the same shift (same start and end) take turns,
    /// the `k`-th (`k = 0..m`, roster order) starting at fraction `(k + ½)/m` of the middle
    /// half of the shift (a lone agent: exactly the middle), as team leads plan breaks.
    #[default]
    Staggered,
}

impl Default for SimOptions {
    /// 100 replications, seed 42, exponential handle times, the engine's slow-down, 2 h
    /// warm-up, staggered breaks.
    fn default() -> Self {
        SimOptions {
            replications: 100,
            seed: 42,
            handle_time: HandleTime::Exponential,
            slowdown: SlowDown::FullConcurrency,
            warmup_hours: 2,
            breaks: BreakPlacement::Staggered,
        }
    }
}

/// Simulated metrics of one pool in one hour (inquiries counted in the hour they arrive).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageHour {
    /// Pool id.
    pub pool: String,
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Inquiries arriving in the hour.
    pub offered: Estimate,
    /// Of them, taken by an agent.
    pub answered: Estimate,
    /// Of them, abandoned while waiting.
    pub abandoned: Estimate,
    /// Answered within T / offered (replications with at least one inquiry).
    pub service_level: Estimate,
    /// Mean wait of the answered inquiries, seconds (replications with an answer).
    pub asa_seconds: Estimate,
    /// Busy slot-time / available slot-time in the hour (see the module documentation).
    pub occupancy: Estimate,
    /// Average seats taking chats in the hour (from the roster; breaks excluded).
    pub seats: f64,
    /// The pool's service-level target (the strictest of its shops).
    pub target: f64,
    /// Mean service level below the target.
    pub below_target: bool,
}

/// One pool over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolCoverage {
    /// Pool id.
    pub pool: String,
    /// Service-level target (the highest of its shops).
    pub target: f64,
    /// Service-level threshold T, seconds (the smallest of its shops).
    pub answer_within_seconds: f64,
    /// Chats per agent (the smallest of its shops).
    pub chats: u32,
    /// Inquiries over the horizon.
    pub offered: Estimate,
    /// Answered within T / offered over the horizon.
    pub service_level: Estimate,
    /// Abandoned / offered over the horizon.
    pub abandon_rate: Estimate,
    /// Mean wait of answered inquiries over the horizon, seconds.
    pub asa_seconds: Estimate,
    /// Busy / available slot-time over the horizon.
    pub occupancy: Estimate,
    /// Hours with expected inquiries.
    pub open_hours: usize,
    /// Hours whose mean service level is below the target.
    pub hours_below_target: usize,
}

/// The simulated coverage of a roster: one row per pool-hour (pool-major, in scenario pool
/// order) and one summary per pool.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// First hour of the horizon.
    pub start: NaiveDateTime,
    /// Hours in the horizon.
    pub hours: usize,
    /// Replications.
    pub replications: usize,
    /// Seed.
    pub seed: u64,
    /// Per pool-hour.
    pub rows: Vec<CoverageHour>,
    /// Per pool.
    pub pools: Vec<PoolCoverage>,
}

impl Coverage {
    /// Rows of pool-hours below target.
    pub fn below_target(&self) -> impl Iterator<Item = &CoverageHour> {
        self.rows.iter().filter(|r| r.below_target)
    }
}

struct ShopPlan {
    shapes: Vec<HourShape>,
    work: WorkSampler,
    patience: Option<f64>,
}

struct PoolPlan {
    key: u64,
    id: String,
    chats: u32,
    speed: Vec<f64>,
    target: f64,
    within: f64,
    shops: Vec<ShopPlan>,
    seats: Vec<Presence>,
    seats_per_hour: Vec<f64>,
    open_hours: usize,
}

/// Simulates `roster` against `demand` for every pool of `scenario`.
///
/// The horizon is `demand.hours` hours from `demand.start` and is treated as cyclic, like the
/// roster week: each shift also works one horizon earlier and later (so Sunday's night shift
/// covers Monday's early hours), and the warm-up replays the horizon's last hours. Arrivals
/// per shop follow [`super::hour_shapes`] of its demand in the hours the shop is open
/// ([`crate::size::shop_open`]); each pool serves its shops from one FCFS queue with the
/// concurrency the sizing uses (the smallest of its shops, [`concurrency_model`]); T is the
/// strictest `sla_seconds` and the target the highest `sla_target` of its shops. An
/// assignment's unpaid break (`break_minutes` of its shift template; 0 for an unknown template)
/// is placed by [`SimOptions::breaks`].
///
/// # Errors
/// [`SimulateError::UnknownPool`] for an assignment to a pool the scenario lacks,
/// [`SimulateError::Invalid`] for invalid options or an empty horizon.
pub fn simulate_roster(
    scenario: &Scenario,
    roster: &Roster,
    demand: &Demand,
    opts: &SimOptions,
) -> Result<Coverage, SimulateError> {
    if opts.replications == 0 {
        return Err(SimulateError::Invalid(
            "replications must be at least 1".into(),
        ));
    }
    if demand.hours == 0 {
        return Err(SimulateError::Invalid("the demand has no hours".into()));
    }
    super::arrivals::validate_handle(opts.handle_time)?;
    if let Some(a) = roster
        .assignments
        .iter()
        .find(|a| scenario.pool(&a.pool).is_none())
    {
        return Err(SimulateError::UnknownPool {
            agent: a.agent.clone(),
            pool: a.pool.clone(),
        });
    }
    let plans: Vec<PoolPlan> = scenario
        .pools
        .iter()
        .enumerate()
        .map(|(i, p)| pool_plan(scenario, roster, demand, opts, i, &p.id))
        .collect::<Result<_, _>>()?;
    let results: Vec<(Vec<CoverageHour>, PoolCoverage)> = plans
        .par_iter()
        .map(|plan| {
            let reps: Vec<Vec<Tally>> = (0..opts.replications as u64)
                .into_par_iter()
                .map(|r| replication(plan, demand.hours, opts, r))
                .collect();
            aggregate(plan, demand, &reps)
        })
        .collect();
    let mut rows = Vec::with_capacity(plans.len() * demand.hours);
    let mut pools = Vec::with_capacity(plans.len());
    for (r, p) in results {
        rows.extend(r);
        pools.push(p);
    }
    Ok(Coverage {
        start: demand.start,
        hours: demand.hours,
        replications: opts.replications,
        seed: opts.seed,
        rows,
        pools,
    })
}

fn pool_plan(
    scenario: &Scenario,
    roster: &Roster,
    demand: &Demand,
    opts: &SimOptions,
    index: usize,
    pool: &str,
) -> Result<PoolPlan, SimulateError> {
    let shops: Vec<_> = scenario.shops_in(pool).collect();
    let c = shops.iter().map(|s| s.concurrency).min().unwrap_or(1);
    let conc = concurrency_model(c, &scenario.rules.sizing.concurrency_factors);
    conc.validate()
        .map_err(|e| SimulateError::Invalid(format!("pool {pool}: {e}")))?;
    let target = shops.iter().map(|s| s.sla_target).fold(0.0, f64::max);
    let within = shops
        .iter()
        .map(|s| s.sla_seconds)
        .fold(f64::INFINITY, f64::min);
    let within = if within.is_finite() { within } else { 0.0 };
    let hours = demand.hours;
    let mut open_any = vec![false; hours];
    let shop_plans = shops
        .iter()
        .map(|s| {
            let open: Vec<bool> = (0..hours)
                .map(|h| shop_open(scenario, s, demand.hour(h)))
                .collect();
            let counts: Vec<f64> = (0..hours).map(|h| demand.at(&s.id, h)).collect();
            let shapes = hour_shapes(&counts, &open);
            for (h, x) in shapes.iter().enumerate() {
                if x.mean() > 0.0 {
                    open_any[h] = true;
                }
            }
            ShopPlan {
                shapes,
                work: WorkSampler::new(opts.handle_time, s.aht_seconds),
                patience: s.patience_seconds,
            }
        })
        .collect();
    let period = hours as f64 * HOUR;
    let warm = f64::from(opts.warmup_hours) * HOUR;
    let mut seats = Vec::new();
    let mut seats_per_hour = vec![0.0; hours];
    let mine: Vec<_> = roster
        .assignments
        .iter()
        .filter(|a| a.pool == pool && a.end > a.start)
        .collect();
    // Turn of each assignment among those of the pool on the same shift (start and end).
    let mut turn = vec![(0usize, 1usize); mine.len()];
    {
        let mut groups: BTreeMap<(NaiveDateTime, NaiveDateTime), Vec<usize>> = BTreeMap::new();
        for (i, a) in mine.iter().enumerate() {
            groups.entry((a.start, a.end)).or_default().push(i);
        }
        for g in groups.values() {
            for (k, &i) in g.iter().enumerate() {
                turn[i] = (k, g.len());
            }
        }
    }
    for (a, &(k, m)) in mine.iter().zip(&turn) {
        let s0 = (a.start - demand.start).num_seconds() as f64;
        let e0 = (a.end - demand.start).num_seconds() as f64;
        let len = e0 - s0;
        let brk = scenario
            .rules
            .shift(&a.shift)
            .map_or(0.0, |t| f64::from(t.break_minutes) * 60.0)
            .min(len);
        let bs = match opts.breaks {
            BreakPlacement::Middle => s0 + (len - brk) / 2.0,
            BreakPlacement::Staggered => {
                // Break starts spread over [¼·len, ¾·len − brk] (the middle if it is empty).
                let lo = s0 + len / 4.0;
                let hi = (s0 + 0.75 * len - brk).max(lo);
                if hi > lo {
                    lo + (hi - lo) * (k as f64 + 0.5) / m as f64
                } else {
                    s0 + (len - brk) / 2.0
                }
            }
        };
        for k in [-1.0, 0.0, 1.0] {
            let off = k * period;
            let p = Presence {
                start: s0 + off,
                end: e0 + off,
                break_start: bs + off,
                break_end: bs + brk + off,
            };
            if p.end <= -warm || p.start >= 2.0 * period {
                continue;
            }
            add_on_floor(&mut seats_per_hour, p.start, p.break_start);
            add_on_floor(&mut seats_per_hour, p.break_end, p.end);
            seats.push(p);
        }
    }
    Ok(PoolPlan {
        key: index as u64,
        id: pool.to_string(),
        chats: conc.chats(),
        speed: speeds(&conc, opts.slowdown),
        target,
        within,
        shops: shop_plans,
        seats,
        seats_per_hour,
        open_hours: open_any.iter().filter(|&&x| x).count(),
    })
}

/// Adds the interval `[a, b)` (seconds) as seat-hours to the hours it overlaps.
fn add_on_floor(v: &mut [f64], a: f64, b: f64) {
    let n = v.len();
    if b.partial_cmp(&a) != Some(std::cmp::Ordering::Greater) {
        return;
    }
    let first = (a / HOUR).floor().max(0.0) as usize;
    let last = ((b / HOUR).ceil().max(0.0) as usize).min(n);
    for (h, x) in v.iter_mut().enumerate().take(last).skip(first) {
        let lo = a.max(h as f64 * HOUR);
        let hi = b.min((h + 1) as f64 * HOUR);
        if hi > lo {
            *x += (hi - lo) / HOUR;
        }
    }
}

fn replication(plan: &PoolPlan, hours: usize, opts: &SimOptions, rep: u64) -> Vec<Tally> {
    let mut ra = stream(opts.seed, plan.key, rep, Purpose::Arrivals);
    let mut rw = stream(opts.seed, plan.key, rep, Purpose::Work);
    let mut rp = stream(opts.seed, plan.key, rep, Purpose::Patience);
    let first = -i64::from(opts.warmup_hours);
    let mut times: Vec<(f64, u32)> = Vec::new();
    let mut buf = Vec::new();
    for (j, s) in plan.shops.iter().enumerate() {
        buf.clear();
        thin(&s.shapes, first, hours as i64, &mut ra, &mut buf);
        times.extend(buf.iter().map(|&t| (t, j as u32)));
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let arrivals: Vec<Arrival> = times
        .iter()
        .map(|&(t, j)| {
            let s = &plan.shops[j as usize];
            let work = s.work.sample(&mut rw);
            Arrival {
                t,
                work,
                deadline: t + patience(s.patience, &mut rp),
            }
        })
        .collect();
    let period = hours as f64 * HOUR;
    let desk = Desk {
        chats: plan.chats,
        speed: &plan.speed,
        answer_within: plan.within,
        bins: Bins {
            origin: 0.0,
            width: HOUR,
            count: hours,
        },
        seats: &plan.seats,
        give_up_after: 2.0 * period,
    };
    engine::run(&desk, arrivals)
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

fn aggregate(
    plan: &PoolPlan,
    demand: &Demand,
    reps: &[Vec<Tally>],
) -> (Vec<CoverageHour>, PoolCoverage) {
    let est = |f: &dyn Fn(&Tally) -> Option<f64>, h: usize| {
        let xs: Vec<f64> = reps.iter().filter_map(|r| f(&r[h])).collect();
        Estimate::from_samples(&xs)
    };
    let rows: Vec<CoverageHour> = (0..demand.hours)
        .map(|h| {
            let service_level = est(&|t| ratio(t.within as f64, t.offered as f64), h);
            let below = service_level.samples > 0 && service_level.mean < plan.target;
            CoverageHour {
                pool: plan.id.clone(),
                hour: demand.hour(h),
                offered: est(&|t| Some(t.offered as f64), h),
                answered: est(&|t| Some(t.answered as f64), h),
                abandoned: est(&|t| Some(t.abandoned as f64), h),
                service_level,
                asa_seconds: est(&|t| ratio(t.wait_sum, t.answered as f64), h),
                occupancy: est(&|t| ratio(t.busy, t.avail), h),
                seats: plan.seats_per_hour[h],
                target: plan.target,
                below_target: below,
            }
        })
        .collect();
    let totals: Vec<Tally> = reps
        .iter()
        .map(|r| {
            r.iter().fold(Tally::default(), |mut a, t| {
                a.offered += t.offered;
                a.waited += t.waited;
                a.answered += t.answered;
                a.within += t.within;
                a.abandoned += t.abandoned;
                a.wait_sum += t.wait_sum;
                a.busy += t.busy;
                a.avail += t.avail;
                a
            })
        })
        .collect();
    let week = |f: &dyn Fn(&Tally) -> Option<f64>| {
        let xs: Vec<f64> = totals.iter().filter_map(f).collect();
        Estimate::from_samples(&xs)
    };
    let summary = PoolCoverage {
        pool: plan.id.clone(),
        target: plan.target,
        answer_within_seconds: plan.within,
        chats: plan.chats,
        offered: week(&|t| Some(t.offered as f64)),
        service_level: week(&|t| ratio(t.within as f64, t.offered as f64)),
        abandon_rate: week(&|t| ratio(t.abandoned as f64, t.offered as f64)),
        asa_seconds: week(&|t| ratio(t.wait_sum, t.answered as f64)),
        occupancy: week(&|t| ratio(t.busy, t.avail)),
        open_hours: plan.open_hours,
        hours_below_target: rows.iter().filter(|r| r.below_target).count(),
    };
    (rows, summary)
}
