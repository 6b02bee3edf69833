//! The inputs of a roster and the roster itself.

use super::week::{Horizon, Slot, Week, DAYS, HOURS};
use crate::model::{Agent, Contract, CostParams, Rules, ShiftCover, ShiftTemplate, WageBasis};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// A soft wish of an agent: to work (`want_on`) or not (`!want_on`) on a date, optionally a
/// specific shift; violating it costs `weight`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preference {
    /// Agent id.
    pub agent: String,
    /// Date.
    pub date: NaiveDate,
    /// Shift id; `None` means any shift (a day on / day off request).
    pub shift: Option<String>,
    /// Wants to work (true) or wants off (false).
    pub want_on: bool,
    /// Price of not granting it, CNY.
    pub weight: f64,
}

/// Everything a roster is built from.
#[derive(Debug, Clone)]
pub struct RosterProblem {
    /// The first week of the horizon (all of it for the weekly roster).
    pub week: Week,
    /// The days planned: the week's seven ([`RosterProblem::for_week`]) or any number from its
    /// start ([`RosterProblem::for_horizon`]). The model and the checker plan and check these.
    pub horizon: Horizon,
    /// Agents that may be rostered.
    pub agents: Vec<Agent>,
    /// Pools in scope.
    pub pools: Vec<String>,
    /// Labour rules and shift templates.
    pub rules: Rules,
    /// Cost parameters.
    pub cost: CostParams,
    /// Seats to have on the floor per pool for each hour of the horizon (168 for a week;
    /// missing hours need no seats).
    pub requirement: BTreeMap<String, Vec<u32>>,
    /// Soft preferences (weighted on/off requests).
    pub preferences: Vec<Preference>,
    /// Cover wanted per (pool, day, shift) with under- and over-cover prices (empty for the
    /// product's weekly roster, which covers the hourly requirement instead).
    pub cover: Vec<ShiftCover>,
    /// Shifts each agent worked in the seven days before the horizon (agent id → days before
    /// the first day, 1 = the day before, and template index), so that rest, successions and
    /// runs hold across the boundary ([`super::carryover`]). Empty: nothing is known before.
    pub previous: BTreeMap<String, Vec<super::carryover::PriorShift>>,
}

/// One agent on one shift on one date in one pool.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    /// Agent id.
    pub agent: String,
    /// Date the shift starts.
    pub date: NaiveDate,
    /// Shift template id.
    pub shift: String,
    /// Pool served.
    pub pool: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Whether it is a night shift under the rules.
    pub night: bool,
    /// Paid hours.
    pub paid_hours: f64,
    /// Pay multiplier of the date (1, 2 rest day, 3 statutory).
    pub pay_multiplier: f64,
    /// Labour cost of the shift, CNY.
    pub cost: f64,
}

/// A roster (a week's or a horizon's).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Roster {
    /// Assignments sorted by agent, then date.
    pub assignments: Vec<Assignment>,
}

impl RosterProblem {
    /// Index of shift template `id`.
    pub fn template(&self, id: &str) -> Option<usize> {
        self.rules.shifts.iter().position(|t| t.id == id)
    }

    /// Number of days planned.
    pub fn days(&self) -> usize {
        self.horizon.days()
    }

    /// The horizon hours (0..24 × days, cyclic) a slot covers.
    pub fn covered(&self, slot: Slot) -> Vec<usize> {
        slot.covered_hours_in(&self.rules.shifts[slot.template], self.horizon.hours())
    }

    /// Builds the assignment record of `agent` on `slot` in `pool`.
    pub fn assignment(&self, agent: &Agent, slot: Slot, pool: &str) -> Assignment {
        let t: &ShiftTemplate = &self.rules.shifts[slot.template];
        let start = self.horizon.start.and_hms_opt(0, 0, 0).unwrap_or_default()
            + Duration::minutes(slot.start_minute(t));
        let mult = self.pay_multiplier(slot.day);
        Assignment {
            agent: agent.id.clone(),
            date: self.horizon.dates[slot.day],
            shift: t.id.clone(),
            pool: pool.to_string(),
            start,
            end: start + Duration::minutes(t.length_minutes as i64),
            night: t.is_night(&self.rules.night),
            paid_hours: t.paid_hours(),
            pay_multiplier: mult,
            cost: self.slot_cost(agent, slot),
        }
    }

    /// The labour cost of `agent` on `slot` — [`RosterProblem::assignment`]'s cost without
    /// building the record (the model of a year of 150 agents prices a million slots).
    pub fn slot_cost(&self, agent: &Agent, slot: Slot) -> f64 {
        let t = &self.rules.shifts[slot.template];
        assignment_cost(
            agent,
            t,
            self.pay_multiplier(slot.day),
            &self.rules,
            &self.cost,
        )
    }

    /// Pay multiplier of day `d`.
    pub fn pay_multiplier(&self, d: usize) -> f64 {
        self.horizon.pay_multiplier(
            d,
            &self.rules,
            self.cost.rest_day_multiplier,
            self.cost.statutory_multiplier,
        )
    }

    /// Guaranteed hours of `agent` over the horizon: the sum over its 7-day blocks of
    /// [`RosterProblem::min_hours_in`] (this week's guarantee for the weekly roster).
    pub fn min_hours(&self, agent: &Agent) -> f64 {
        self.horizon
            .weeks()
            .into_iter()
            .map(|w| self.min_hours_in(agent, w))
            .sum()
    }

    /// Guaranteed hours of `agent` in the days `block` (a 7-day block of the horizon, or the
    /// shorter last one, pro rata): full-timers' minimum falls by a standard day per
    /// unavailable (leave) day, since leave is paid; others' pro rata of the days available.
    pub fn min_hours_in(&self, agent: &Agent, block: Range<usize>) -> f64 {
        let days = block.len() as f64;
        if days == 0.0 {
            return 0.0;
        }
        let away = self.horizon.dates[block]
            .iter()
            .filter(|d| !agent.available_on(**d))
            .count() as f64;
        let base = agent.min_week_hours * days / DAYS as f64;
        match agent.contract {
            Contract::FullTime => (base - away * self.cost.hours_per_day).max(0.0),
            _ => base * (days - away) / days,
        }
    }

    /// Total required seat-hours of `pool`.
    pub fn required_seat_hours(&self, pool: &str) -> u64 {
        self.requirement.get(pool).map_or(0, |v| {
            v.iter()
                .take(self.horizon.hours())
                .map(|&x| u64::from(x))
                .sum()
        })
    }
}

/// Employer cost of one paid hour of `agent` (salary share plus social insurance; temporary
/// day rates are all-in).
pub fn agent_hourly_rate(agent: &Agent, cost: &CostParams) -> f64 {
    let on_costs = 1.0 + cost.social_insurance_rate;
    match agent.wage_basis {
        WageBasis::Month => agent.wage / (cost.pay_days_per_month * cost.hours_per_day) * on_costs,
        WageBasis::Hour => agent.wage * on_costs,
        WageBasis::Day => agent.wage / cost.hours_per_day,
    }
}

/// Labour cost of `agent` working `t` on a day with pay multiplier `mult`: paid hours at the
/// agent's rate (a day rate per shift for day-paid temporaries) times the multiplier, plus the
/// night allowance for night shifts.
pub fn assignment_cost(
    agent: &Agent,
    t: &ShiftTemplate,
    mult: f64,
    rules: &Rules,
    cost: &CostParams,
) -> f64 {
    let base = match agent.wage_basis {
        WageBasis::Day => agent.wage,
        _ => agent_hourly_rate(agent, cost) * t.paid_hours(),
    };
    let night = if t.is_night(&rules.night) {
        cost.night_allowance_per_shift
    } else {
        0.0
    };
    base * mult + night
}

impl RosterProblem {
    /// The roster problem of `scenario` for the week starting `start`, with `requirement`
    /// (pool → 168 hourly seats to have on the floor) and optional `preferences`.
    pub fn for_week(
        scenario: &crate::model::Scenario,
        start: NaiveDate,
        requirement: BTreeMap<String, Vec<u32>>,
        preferences: Vec<Preference>,
    ) -> RosterProblem {
        RosterProblem::for_horizon(scenario, start, DAYS, requirement, preferences)
    }

    /// The roster problem of `scenario` for `days` days from `start`, with `requirement`
    /// (pool → 24 × `days` hourly seats) and optional `preferences`.
    pub fn for_horizon(
        scenario: &crate::model::Scenario,
        start: NaiveDate,
        days: usize,
        requirement: BTreeMap<String, Vec<u32>>,
        preferences: Vec<Preference>,
    ) -> RosterProblem {
        RosterProblem {
            week: Week::new(start, &scenario.calendar),
            horizon: Horizon::new(start, days, &scenario.calendar),
            agents: scenario.agents.clone(),
            pools: scenario.pools.iter().map(|p| p.id.clone()).collect(),
            rules: scenario.rules.clone(),
            cost: scenario.prices.cost.clone(),
            requirement,
            preferences,
            cover: Vec::new(),
            previous: BTreeMap::new(),
        }
    }

    /// The problem with the tail of the previous roster: the assignments of `previous` in the
    /// seven days before the horizon whose agent and shift the problem knows (others are
    /// ignored: they bind no one here). Returns how many were taken.
    pub fn with_previous(mut self, previous: &Roster) -> (RosterProblem, usize) {
        let start = self.horizon.start;
        let mut taken = 0;
        for a in &previous.assignments {
            let back = (start - a.date).num_days();
            let (Some(t), true) = (self.template(&a.shift), (1..=7).contains(&back)) else {
                continue;
            };
            if !self.agents.iter().any(|x| x.id == a.agent) {
                continue;
            }
            self.previous
                .entry(a.agent.clone())
                .or_default()
                .push((back as usize, t));
            taken += 1;
        }
        (self, taken)
    }
}

/// The week's seat requirement per pool from sizing rows (`scheduled` seats, matched by hour;
/// hours the rows do not cover need no seats).
pub fn requirement_for_week(
    rows: &[crate::size::Requirement],
    week: &Week,
) -> BTreeMap<String, Vec<u32>> {
    let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let start = week.hour(0);
    for r in rows {
        let h = (r.hour - start).num_hours();
        let v = out.entry(r.pool.clone()).or_insert_with(|| vec![0; HOURS]);
        if (0..HOURS as i64).contains(&h) {
            v[h as usize] = r.scheduled;
        }
    }
    out
}
