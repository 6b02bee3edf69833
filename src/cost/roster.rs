//! Cost of a roster by category, by pool, and allocated to shops.

use super::categories::CostCategories;
use super::{fte_hours_per_week, CostError, WEEKS_PER_MONTH};
use crate::model::{
    Agent, Contract, CostParams, DayType, Demand, HoursSystem, PoolMode, Rules, Scenario, WageBasis,
};
use crate::schedule::{Roster, RosterProblem, DAYS};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Cost of one pool over the roster's horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolCost {
    /// Pool id.
    pub pool: String,
    /// Shifts rostered in the pool.
    pub shifts: usize,
    /// Paid hours rostered in the pool.
    pub rostered_hours: f64,
    /// Guaranteed-but-unrostered hours allocated to the pool (by the agent's rostered hours
    /// per pool; evenly over the agent's pools when the agent has no shift).
    pub idle_hours: f64,
    /// Overtime hours allocated to the pool (like idle hours).
    pub overtime_hours: f64,
    /// Full-time equivalents: (rostered + idle hours) ÷ the standard hours of the horizon
    /// (40 a week).
    pub fte: f64,
    /// The pool's cost over the horizon by category.
    pub cost: CostCategories,
}

/// Cost of a roster over its horizon (a week for the weekly roster).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostBreakdown {
    /// First day.
    pub start: NaiveDate,
    /// Days costed.
    pub days: usize,
    /// The whole horizon by category.
    pub cost: CostCategories,
    /// Per pool, in the problem's pool order (then any other pool the roster names).
    pub pools: Vec<PoolCost>,
    /// Agents paid over the horizon (rostered, or with guaranteed hours).
    pub agents_paid: usize,
    /// Full-time equivalents.
    pub fte: f64,
    /// Shifts rostered.
    pub shifts: usize,
    /// Night shifts rostered.
    pub night_shifts: usize,
    /// Paid hours rostered.
    pub rostered_hours: f64,
    /// Guaranteed hours not rostered.
    pub idle_hours: f64,
    /// Weekday overtime hours.
    pub overtime_hours: f64,
}

impl CostBreakdown {
    /// Per week: the horizon × 7 ÷ days.
    pub fn weekly(&self) -> CostCategories {
        self.cost.scaled(DAYS as f64 / self.days.max(1) as f64)
    }

    /// Per month: a week × 52/12.
    pub fn monthly(&self) -> CostCategories {
        self.weekly().scaled(WEEKS_PER_MONTH)
    }

    /// The pool `id`.
    pub fn pool(&self, id: &str) -> Option<&PoolCost> {
        self.pools.iter().find(|p| p.pool == id)
    }
}

/// One shop's share of its pool's cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShopCost {
    /// Shop id.
    pub shop: String,
    /// Pool id.
    pub pool: String,
    /// Share of the pool's cost: 1 for a dedicated pool, the shop's share of the pool's
    /// inquiries in the demand for a shared pool (equal shares when the pool has none).
    pub share: f64,
    /// The shop's cost over the horizon by category.
    pub cost: CostCategories,
    /// The shop's month (per week × 52/12).
    pub monthly_total: f64,
}

/// Gross hourly wage of a salaried employee: `monthly ÷ (pay_days_per_month × hours_per_day)`
/// (4,350 ÷ (21.75 × 8) = 25.00 CNY/h), before social insurance.
pub fn hourly_wage(monthly_salary: f64, cost: &CostParams) -> f64 {
    monthly_salary / (cost.pay_days_per_month * cost.hours_per_day)
}

/// How an agent is paid: (gross wage per paid hour, social-insurance rate on it). Day-paid
/// agents' day rate is all-in (rate ÷ hours per day, no on-costs), as in
/// [`crate::schedule::agent_hourly_rate`].
pub fn agent_wage(agent: &Agent, cost: &CostParams) -> (f64, f64) {
    match agent.wage_basis {
        WageBasis::Month => (hourly_wage(agent.wage, cost), cost.social_insurance_rate),
        WageBasis::Hour => (agent.wage, cost.social_insurance_rate),
        WageBasis::Day => (agent.wage / cost.hours_per_day, 0.0),
    }
}

/// Pay of one shift at 100 % and its social-insurance rate: hours × hourly wage, or the day
/// rate for day-paid agents (a day rate is per shift, whatever its length).
fn shift_pay(agent: &Agent, paid_hours: f64, cost: &CostParams) -> (f64, f64) {
    match agent.wage_basis {
        WageBasis::Day => (agent.wage, 0.0),
        _ => {
            let (w, si) = agent_wage(agent, cost);
            (w * paid_hours, si)
        }
    }
}

fn is_temporary(agent: &Agent) -> bool {
    agent.contract == Contract::Temporary
}

/// Weekday overtime hours of one employee in one block of at most 7 days, from the paid
/// hours worked on each day and the days' pay classes.
///
/// * **Standard hours**: only workdays count (rest-day and holiday work is paid by its own
///   multiplier, or compensated by time off in lieu); overtime = hours above `hours_per_day`
///   on a day, plus the remaining hours above `hours_per_day ×` the block's workdays (40 in a
///   normal week).
/// * **Comprehensive hours** (综合计算工时): the block stands for its cycle; hours on every
///   non-statutory day count, and overtime = hours above the cycle's standard,
///   `hours_per_day × 5 ×` (non-statutory days ÷ 7) — 40 h in a normal week (statutory-day
///   work is paid 300 % on its own).
pub fn overtime_hours(hours_by_day: &[f64], day_types: &[DayType], rules: &Rules, hpd: f64) -> f64 {
    let days = hours_by_day.iter().zip(day_types);
    match rules.hours_system {
        HoursSystem::Standard => {
            let mut daily = 0.0;
            let mut capped = 0.0;
            let mut workdays = 0.0;
            for (&h, _) in days.filter(|(_, t)| **t == DayType::Workday) {
                workdays += 1.0;
                daily += (h - hpd).max(0.0);
                capped += h.min(hpd);
            }
            daily + (capped - hpd * workdays).max(0.0)
        }
        HoursSystem::Comprehensive => {
            let mut worked = 0.0;
            let mut n = 0.0;
            for (&h, _) in days.filter(|(_, t)| **t != DayType::Statutory) {
                n += 1.0;
                worked += h;
            }
            (worked - hpd * 5.0 * n / DAYS as f64).max(0.0)
        }
    }
}

#[derive(Default)]
struct AgentAcc {
    by_day: Vec<f64>,
    by_pool: BTreeMap<String, f64>,
    rostered: f64,
}

/// Cost of `roster` under `problem`'s horizon (its dates and their pay classes), rules and
/// cost parameters.
///
/// Per assignment (using its own `pay_multiplier` and `night` flag, as the scheduler priced
/// it): the shift's pay at 100 % goes to base wages, `(multiplier − 1) ×` that to the rest-day
/// or holiday premium (by the day's pay class), the social-insurance share of both to social
/// insurance, the night allowance per night shift; temporaries are all-in. Per employee and
/// 7-day block of the horizon: weekday overtime ([`overtime_hours`]) at
/// `(overtime_multiplier − 1) ×` the hourly wage; over the horizon, guaranteed hours not
/// rostered ([`RosterProblem::min_hours`]) at the hourly wage; both with social insurance. Per
/// FTE (paid hours ÷ 40 per week): equipment, software and site overhead per seat-month and
/// supervision (`1/team_lead_span` of a team lead, `1/qa_span` of a QA), a month being 52/12
/// weeks.
///
/// Without overtime, `labour() = Σ assignment.cost + Σ idle hours × rate`: the same money the
/// roster solver priced.
///
/// # Errors
/// [`CostError::UnknownAgent`] when the roster names an agent the problem does not have.
pub fn roster_cost(problem: &RosterProblem, roster: &Roster) -> Result<CostBreakdown, CostError> {
    let c = &problem.cost;
    let hz = &problem.horizon;
    let days = hz.days();
    let agents: HashMap<&str, &Agent> = problem.agents.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut order: Vec<String> = Vec::new();
    let mut pools: BTreeMap<String, PoolCost> = BTreeMap::new();
    for p in &problem.pools {
        pool_entry(&mut pools, &mut order, p);
    }
    let mut acc: BTreeMap<&str, AgentAcc> = BTreeMap::new();
    let mut night_shifts = 0;
    for a in &roster.assignments {
        let agent = agents
            .get(a.agent.as_str())
            .copied()
            .ok_or_else(|| CostError::UnknownAgent(a.agent.clone()))?;
        let pc = pool_entry(&mut pools, &mut order, &a.pool);
        let (pay, si) = shift_pay(agent, a.paid_hours, c);
        let premium = pay * (a.pay_multiplier - 1.0);
        let cat = &mut pc.cost;
        if is_temporary(agent) {
            cat.temporaries += (pay + premium) * (1.0 + si);
        } else {
            cat.base_wages += pay;
            let statutory = match hz.day_of(a.date) {
                Some(d) => hz.day_types[d] == DayType::Statutory,
                None => a.pay_multiplier >= c.statutory_multiplier,
            };
            if statutory {
                cat.holiday_premium += premium;
            } else {
                cat.rest_day_premium += premium;
            }
            cat.social_insurance += si * (pay + premium);
        }
        if a.night {
            cat.night_allowance += c.night_allowance_per_shift;
            night_shifts += 1;
        }
        pc.shifts += 1;
        pc.rostered_hours += a.paid_hours;
        let e = acc.entry(agent.id.as_str()).or_default();
        if e.by_day.is_empty() {
            e.by_day = vec![0.0; days];
        }
        if let Some(d) = hz.day_of(a.date) {
            e.by_day[d] += a.paid_hours;
        }
        *e.by_pool.entry(a.pool.clone()).or_insert(0.0) += a.paid_hours;
        e.rostered += a.paid_hours;
    }
    let std_hours = fte_hours_per_week(c) * days as f64 / DAYS as f64;
    let mut agents_paid = 0;
    let (mut idle_total, mut ot_total, mut fte_total) = (0.0, 0.0, 0.0);
    for agent in &problem.agents {
        let in_scope: Vec<&String> = agent
            .pools
            .iter()
            .filter(|p| problem.pools.contains(p))
            .collect();
        let e = acc.remove(agent.id.as_str());
        if e.is_none() && in_scope.is_empty() {
            continue;
        }
        let e = e.unwrap_or_default();
        let temp = is_temporary(agent);
        let idle = if temp {
            0.0
        } else {
            (problem.min_hours(agent) - e.rostered).max(0.0)
        };
        let ot: f64 = if temp || e.by_day.is_empty() {
            0.0
        } else {
            hz.weeks()
                .into_iter()
                .map(|w| {
                    overtime_hours(
                        &e.by_day[w.clone()],
                        &hz.day_types[w],
                        &problem.rules,
                        c.hours_per_day,
                    )
                })
                .sum()
        };
        let paid = e.rostered + idle;
        if paid <= 0.0 {
            continue;
        }
        agents_paid += 1;
        let fte = if std_hours > 0.0 {
            paid / std_hours
        } else {
            0.0
        };
        let (w, si) = agent_wage(agent, c);
        // Agent-level lines go to pools by rostered hours, else evenly over the agent's pools.
        let weights: Vec<(String, f64)> = if e.rostered > 0.0 {
            e.by_pool
                .iter()
                .map(|(p, h)| (p.clone(), h / e.rostered))
                .collect()
        } else {
            let list: Vec<String> = if in_scope.is_empty() {
                agent.pools.iter().take(1).cloned().collect()
            } else {
                in_scope.iter().map(|p| p.to_string()).collect()
            };
            let n = list.len().max(1) as f64;
            list.into_iter().map(|p| (p, 1.0 / n)).collect()
        };
        for (p, wgt) in weights {
            let pc = pool_entry(&mut pools, &mut order, &p);
            let idle_pay = w * idle * wgt;
            let ot_pay = w * ot * wgt * (c.overtime_multiplier - 1.0);
            pc.cost.idle_guaranteed += idle_pay;
            pc.cost.overtime += ot_pay;
            pc.cost.social_insurance += si * (idle_pay + ot_pay);
            pc.idle_hours += idle * wgt;
            pc.overtime_hours += ot * wgt;
            pc.fte += fte * wgt;
        }
        idle_total += idle;
        ot_total += ot;
        fte_total += fte;
    }
    // Per-FTE lines for the horizon: FTE × per month ÷ (52/12) per week × weeks.
    let months = days as f64 / DAYS as f64 / WEEKS_PER_MONTH;
    for pc in pools.values_mut() {
        pc.cost.equipment = pc.fte * c.equipment_per_seat_month * months;
        pc.cost.software = pc.fte * c.software_per_seat_month * months;
        pc.cost.site_overhead = pc.fte * c.site_overhead_per_seat_month * months;
        pc.cost.team_leads = pc.fte / c.team_lead_span * c.team_lead_monthly * months;
        pc.cost.qa = pc.fte / c.qa_span * c.qa_monthly * months;
    }
    let pools: Vec<PoolCost> = order.iter().filter_map(|p| pools.remove(p)).collect();
    let mut cost = CostCategories::default();
    for p in &pools {
        cost += &p.cost;
    }
    Ok(CostBreakdown {
        start: hz.start,
        days,
        cost,
        agents_paid,
        fte: fte_total,
        shifts: roster.assignments.len(),
        night_shifts,
        rostered_hours: roster.assignments.iter().map(|a| a.paid_hours).sum(),
        idle_hours: idle_total,
        overtime_hours: ot_total,
        pools,
    })
}

fn pool_entry<'a>(
    pools: &'a mut BTreeMap<String, PoolCost>,
    order: &mut Vec<String>,
    id: &str,
) -> &'a mut PoolCost {
    if !pools.contains_key(id) {
        order.push(id.to_string());
    }
    pools.entry(id.to_string()).or_insert_with(|| PoolCost {
        pool: id.to_string(),
        shifts: 0,
        rostered_hours: 0.0,
        idle_hours: 0.0,
        overtime_hours: 0.0,
        fte: 0.0,
        cost: CostCategories::default(),
    })
}

/// What the statutory holidays of a year add to a roster that has none: every shift,
/// worked on one of `statutory_days_per_year` days (13 from 2025: 元旦 1, 春节 4, 清明 1,
/// 劳动节 2, 端午 1, 中秋 1, 国庆 3), would pay `statutory_multiplier` instead of its own
/// multiplier. Expected extra over the roster = Σ shifts pay × (statutory − own multiplier) ×
/// (1 + social insurance) × days ÷ 365, in `holiday_premium` and `social_insurance`
/// (temporaries: in `temporaries`). Shifts already on a statutory day add nothing.
///
/// A quote's "typical week" has no holidays; this puts the year's average holiday pay back.
///
/// # Errors
/// [`CostError::UnknownAgent`] as [`roster_cost`].
pub fn statutory_expectation(
    problem: &RosterProblem,
    roster: &Roster,
    statutory_days_per_year: f64,
) -> Result<CostCategories, CostError> {
    let c = &problem.cost;
    let p = statutory_days_per_year / 365.0;
    let mut out = CostCategories::default();
    for a in &roster.assignments {
        let agent = problem
            .agents
            .iter()
            .find(|g| g.id == a.agent)
            .ok_or_else(|| CostError::UnknownAgent(a.agent.clone()))?;
        let hz = &problem.horizon;
        let on_statutory = hz
            .day_of(a.date)
            .is_some_and(|d| hz.day_types[d] == DayType::Statutory);
        if on_statutory {
            continue;
        }
        let (pay, si) = shift_pay(agent, a.paid_hours, c);
        let extra = pay * (c.statutory_multiplier - a.pay_multiplier).max(0.0) * p;
        if is_temporary(agent) {
            out.temporaries += extra * (1.0 + si);
        } else {
            out.holiday_premium += extra;
            out.social_insurance += extra * si;
        }
    }
    Ok(out)
}

/// Allocates each pool's cost to its shops: a dedicated pool's to its shop; a shared pool's by
/// each shop's share of the pool's inquiries in `demand` (equal shares when the pool has no
/// demand). Shops are listed in scenario order; pools the breakdown lacks cost nothing.
pub fn allocate_to_shops(
    breakdown: &CostBreakdown,
    scenario: &Scenario,
    demand: &Demand,
) -> Vec<ShopCost> {
    let mut out = Vec::new();
    for shop in &scenario.shops {
        let Some(pc) = breakdown.pool(&shop.pool) else {
            continue;
        };
        let mates: Vec<&str> = scenario
            .shops_in(&shop.pool)
            .map(|s| s.id.as_str())
            .collect();
        let dedicated = scenario
            .pool(&shop.pool)
            .is_some_and(|p| p.mode == PoolMode::Dedicated);
        let share = if dedicated || mates.len() <= 1 {
            1.0
        } else {
            let total: f64 = mates.iter().map(|s| demand.total(s)).sum();
            if total > 0.0 {
                demand.total(&shop.id) / total
            } else {
                1.0 / mates.len() as f64
            }
        };
        let cost = pc.cost.scaled(share);
        out.push(ShopCost {
            shop: shop.id.clone(),
            pool: shop.pool.clone(),
            share,
            monthly_total: cost.total() * DAYS as f64 / breakdown.days.max(1) as f64
                * WEEKS_PER_MONTH,
            cost,
        });
    }
    out
}
