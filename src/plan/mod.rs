//! The end-to-end weekly plan: forecast → size → roster → simulate → cost → price, each stage
//! the library function of its module, run in order on one scenario. No file access here: the
//! CLI writes the outputs.

use crate::cost::{allocate_to_shops, roster_cost, CostBreakdown, ShopCost};
use crate::forecast::{forecast_all, Forecast, ForecastOptions};
use crate::model::{BillingPlan, Demand, Scenario};
use crate::price::{plan_price, Seats, Volume};
use crate::schedule::{
    check_roster, place_roster, requirement_for_week, roster_coverage, solve_roster, Roster,
    RosterCoverage, RosterProblem, RosterSolution, SolveOptions, Violation, Week, HOURS,
};
use crate::simulate::{simulate_roster, Coverage, SimOptions};
use crate::size::{size, Requirements};
use crate::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::Instant;

/// The pipeline's stages, in order (for progress reporting).
pub const STAGES: [&str; 6] = ["forecast", "size", "roster", "simulate", "cost", "price"];

/// Options of a plan run.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// First day of the week.
    pub week: NaiveDate,
    /// Roster solver settings.
    pub solve: SolveOptions,
    /// Simulation settings.
    pub sim: SimOptions,
    /// The previous week's roster, whose tail binds rest and runs across the week's start
    /// ([`RosterProblem::with_previous`]).
    pub previous: Option<Roster>,
}

/// A shop's monthly cost and price under its billing plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShopQuote {
    /// Shop id.
    pub shop: String,
    /// Pool serving it.
    pub pool: String,
    /// Billing plan.
    pub plan: BillingPlan,
    /// Forecast daily inquiries (mean over the week).
    pub daily_inquiries: f64,
    /// People serving the shop (a shared pool's share).
    pub seats: u32,
    /// Monthly cost allocated to the shop, CNY.
    pub monthly_cost: f64,
    /// Monthly price under its plan, CNY.
    pub monthly_price: f64,
    /// (price − cost) / price.
    pub margin: Option<f64>,
    /// Below the target margin.
    pub below_target: bool,
    /// How the price was computed.
    pub detail: String,
}

/// Everything a plan run produces.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The week.
    pub week: Week,
    /// The forecast of the week.
    pub forecast: Forecast,
    /// Demand the week is sized on (the rules' `staff_to` quantile).
    pub demand: Demand,
    /// Seats per pool-hour.
    pub requirements: Requirements,
    /// The roster problem.
    pub problem: RosterProblem,
    /// The solved roster.
    pub roster: RosterSolution,
    /// Simulated service per pool-hour.
    pub simulated: Coverage,
    /// Cost of the roster.
    pub cost: CostBreakdown,
    /// Cost allocated to shops.
    pub shop_costs: Vec<ShopCost>,
    /// Each shop's price and margin.
    pub quotes: Vec<ShopQuote>,
    /// Seconds per stage.
    pub timings: Vec<(&'static str, f64)>,
}

/// The roster problem of `week`: every agent of `s`, the requirement from `requirements`.
fn week_problem(s: &Scenario, week: &Week, requirements: &Requirements) -> RosterProblem {
    RosterProblem::for_week(
        s,
        week.dates[0],
        requirement_for_week(&requirements.rows, week),
        Vec::new(),
    )
}

/// A roster the planner brings (edited by hand, or from another tool), put through the stages
/// after the roster: its week forecast and sized as [`run`] does, then the rules checked, the
/// coverage counted, the service simulated and the cost computed.
#[derive(Debug, Clone)]
pub struct RosterCheck {
    /// The week.
    pub week: Week,
    /// Seats per pool-hour the week needs.
    pub requirements: Requirements,
    /// The roster problem of the week (its requirement from `requirements`).
    pub problem: RosterProblem,
    /// The assignments as given.
    pub given: Roster,
    /// The assignments the problem can place, with their records re-derived (see
    /// [`crate::schedule::place_roster`]); coverage, simulation and cost use these.
    pub placed: Roster,
    /// Every violation of the given roster (unknown agents, pools, shifts and dates included).
    pub violations: Vec<Violation>,
    /// Coverage against the requirement and the temporary seats that would close it.
    pub coverage: RosterCoverage,
    /// Simulated service per pool-hour (on the mean forecast).
    pub simulated: Coverage,
    /// Cost of the placed roster.
    pub cost: CostBreakdown,
}

/// Checks `roster` for the week starting `week` through the pipeline's own stages (after the
/// `previous` roster's tail, when given).
///
/// # Errors
/// A failing stage (forecast, sizing, simulation, cost).
pub fn check_roster_week(
    s: &Scenario,
    week: NaiveDate,
    roster: &Roster,
    previous: Option<&Roster>,
    solve: SolveOptions,
    sim: &SimOptions,
) -> Result<RosterCheck> {
    let week = Week::new(week, &s.calendar);
    let forecast = forecast_all(s, week.hour(0), HOURS, &ForecastOptions::default())?;
    let requirements = size(s, &forecast.demand(s.rules.sizing.staff_to))?;
    let mut problem = week_problem(s, &week, &requirements);
    if let Some(prev) = previous {
        problem = problem.with_previous(prev).0;
    }
    let violations = check_roster(&problem, roster);
    let placed = place_roster(&problem, roster);
    let coverage = roster_coverage(&problem, &placed, solve).map_err(|e| stage_err("roster", e))?;
    let mean_demand = forecast.demand(crate::model::Quantile::Mean);
    let simulated =
        simulate_roster(s, &placed, &mean_demand, sim).map_err(|e| stage_err("simulate", e))?;
    let cost = roster_cost(&problem, &placed).map_err(|e| stage_err("cost", e))?;
    Ok(RosterCheck {
        week,
        requirements,
        problem,
        given: roster.clone(),
        placed,
        violations,
        coverage,
        simulated,
        cost,
    })
}

fn stage_err(stage: &str, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{stage}: {e}"))
}

/// Runs the whole pipeline on `s`; `progress` is told each stage as it starts.
pub fn run(
    s: &Scenario,
    opts: &PlanOptions,
    progress: &mut dyn FnMut(&'static str),
) -> Result<Plan> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let week = Week::new(opts.week, &s.calendar);
    progress(STAGES[0]);
    let forecast = forecast_all(s, week.hour(0), HOURS, &ForecastOptions::default())?;
    let demand = forecast.demand(s.rules.sizing.staff_to);
    lap(STAGES[0], &mut timings);
    progress(STAGES[1]);
    let requirements = size(s, &demand)?;
    lap(STAGES[1], &mut timings);
    progress(STAGES[2]);
    let mut problem = week_problem(s, &week, &requirements);
    if let Some(prev) = &opts.previous {
        problem = problem.with_previous(prev).0;
    }
    let roster = solve_roster(&problem, opts.solve).map_err(|e| stage_err("roster", e))?;
    lap(STAGES[2], &mut timings);
    progress(STAGES[3]);
    // The simulation replays the expected (mean) demand, not the quantile staffed to.
    let mean_demand = forecast.demand(crate::model::Quantile::Mean);
    let simulated = simulate_roster(s, &roster.roster, &mean_demand, &opts.sim)
        .map_err(|e| stage_err("simulate", e))?;
    lap(STAGES[3], &mut timings);
    progress(STAGES[4]);
    let cost = roster_cost(&problem, &roster.roster).map_err(|e| stage_err("cost", e))?;
    let shop_costs = allocate_to_shops(&cost, s, &mean_demand);
    lap(STAGES[4], &mut timings);
    progress(STAGES[5]);
    let target = s.prices.cost.target_margin;
    let mut quotes = Vec::new();
    let temporary: BTreeSet<&str> = s
        .agents
        .iter()
        .filter(|a| a.contract == crate::model::Contract::Temporary)
        .map(|a| a.id.as_str())
        .collect();
    for shop in &s.shops {
        let f = forecast.shop(&shop.id);
        let week_total: f64 = f.map_or(0.0, |x| x.hours.iter().map(|h| h.mean).sum());
        let new: f64 = f.map_or(0.0, |x| {
            x.hours.iter().filter_map(|h| h.new_customers).sum()
        });
        let new_share = if week_total > 0.0 && new > 0.0 {
            (new / week_total).min(1.0)
        } else {
            0.6
        };
        let volume = Volume {
            daily_inquiries: week_total / 7.0,
            new_share,
            order_value: shop.order_value,
            conversion: shop.conversion,
        };
        let alloc = shop_costs.iter().find(|c| c.shop == shop.id);
        let share = alloc.map_or(0.0, |c| c.share);
        // Temporary agents are billed per day (see the scenario module), not as monthly
        // seats, so the plan's seat counts are the pool's regular staff.
        let pool_rows: Vec<_> = roster
            .roster
            .assignments
            .iter()
            .filter(|a| a.pool == shop.pool && !temporary.contains(a.agent.as_str()))
            .collect();
        let people: BTreeSet<&str> = pool_rows.iter().map(|a| a.agent.as_str()).collect();
        let night: BTreeSet<&str> = pool_rows
            .iter()
            .filter(|a| a.night)
            .map(|a| a.agent.as_str())
            .collect();
        let scale = |n: usize| (n as f64 * share).ceil() as u32;
        let seats = Seats {
            total: scale(people.len()),
            night: scale(night.len()),
            positions: ((pool_rows.len() as f64 / 7.0) * share).ceil() as u32,
            night_positions: ((pool_rows.iter().filter(|a| a.night).count() as f64 / 7.0) * share)
                .ceil() as u32,
        };
        let price = plan_price(shop.plan, &s.prices.prices, &volume, seats);
        let monthly_cost = alloc.map_or(0.0, |c| c.monthly_total);
        let (monthly_price, detail) = price.map_or(
            (0.0, "no price for this plan in prices.toml".to_string()),
            |p| (p.monthly, p.detail),
        );
        let margin = crate::price::margin(monthly_price, monthly_cost);
        quotes.push(ShopQuote {
            shop: shop.id.clone(),
            pool: shop.pool.clone(),
            plan: shop.plan,
            daily_inquiries: volume.daily_inquiries,
            seats: seats.total,
            monthly_cost,
            monthly_price,
            margin,
            below_target: margin.is_none_or(|m| m < target),
            detail,
        });
    }
    lap(STAGES[5], &mut timings);
    Ok(Plan {
        week,
        forecast,
        demand,
        requirements,
        problem,
        roster,
        simulated,
        cost,
        shop_costs,
        quotes,
        timings,
    })
}
