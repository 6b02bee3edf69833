//! A crew of new full-time hires for a shift mix, and the synthetic roster that lets
//! [`super::roster_cost`] price it — how a quote costs a desk that has no named agents yet.

use super::fte_hours_per_week;
use crate::model::{Agent, Calendar, Contract, CostParams, Rules, WageBasis};
use crate::schedule::{Horizon, MixCount, Roster, RosterProblem, Slot, Week, DAYS};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// New hires staffing a weekly shift mix, with the roster week they are costed on.
#[derive(Debug, Clone)]
pub struct Crew {
    /// People to hire.
    pub seats: u32,
    /// Of which on the night rotation (night-eligible hires working the night shifts).
    pub night_seats: u32,
    /// Shifts per week.
    pub shifts: u32,
    /// Night shifts per week.
    pub night_shifts: u32,
    /// Paid hours per week.
    pub paid_hours: f64,
    /// Shifts per week by template id.
    pub by_template: BTreeMap<String, u32>,
    /// The week, rules and cost parameters the roster is costed under (agents = the hires).
    pub problem: RosterProblem,
    /// The hires' week: every shift of the mix given to one hire.
    pub roster: Roster,
}

/// What a crew is hired on.
#[derive(Debug, Clone, Copy)]
pub struct CrewSpec<'a> {
    /// Labour rules and shift templates (the mix's template indices refer to `rules.shifts`).
    pub rules: &'a Rules,
    /// Cost parameters.
    pub cost: &'a CostParams,
    /// Pool id written on the assignments.
    pub pool: &'a str,
    /// Monthly salary of a new full-time hire, CNY.
    pub wage_monthly: f64,
    /// First day of the week the crew is costed on (a Monday for a typical week).
    pub week_start: NaiveDate,
    /// Calendar classifying the week's days (empty for a typical week without holidays).
    pub calendar: &'a Calendar,
}

struct Hire {
    days: [bool; DAYS],
    worked: u32,
    hours: f64,
    nights: u32,
    night_ok: bool,
}

/// Staffs `mix` (counts of template × day) with full-time hires on a monthly salary: each hire
/// works at most `7 − min_days_off_per_week` days and the standard 40 hours
/// (`hours_per_day × 5`), one shift a day; night shifts go to a night rotation of at most
/// `min(work days, max_nights_per_week)` nights each. Night shifts are placed first, then day
/// shifts, busiest day first, each to the hire with the most days left (Gale–Ryser greedy:
/// `max(⌈shifts ÷ work days⌉, busiest day)` hires suffice). Every hire is guaranteed the
/// standard week, so hours a mix leaves unused are idle guaranteed hours in the cost.
///
/// The roster is a costing device: it respects days, hours and night counts but not rest
/// between shifts or consecutive-day limits (which do not change the pay).
pub fn crew_for_mix(spec: &CrewSpec, mix: &[MixCount]) -> Crew {
    let Staffing {
        hires,
        placed,
        night_seats,
        n_night,
        n_day,
        by_template,
    } = staff(spec, mix);
    let rules = spec.rules;
    let cap_hours = fte_hours_per_week(spec.cost);
    let agents: Vec<Agent> = hires
        .iter()
        .enumerate()
        .map(|(i, h)| Agent {
            id: format!("NEW{:03}", i + 1),
            name: "new hire".into(),
            contract: Contract::FullTime,
            pools: vec![spec.pool.to_string()],
            night_ok: h.night_ok,
            protection: None,
            min_week_hours: cap_hours,
            max_week_hours: cap_hours,
            wage: spec.wage_monthly,
            wage_basis: WageBasis::Month,
            unavailable: Vec::new(),
            limits: Default::default(),
        })
        .collect();
    let problem = RosterProblem {
        week: Week::new(spec.week_start, spec.calendar),
        horizon: Horizon::new(spec.week_start, DAYS, spec.calendar),
        agents,
        pools: vec![spec.pool.to_string()],
        rules: rules.clone(),
        cost: spec.cost.clone(),
        requirement: BTreeMap::new(),
        preferences: Vec::new(),
        cover: Vec::new(),
        previous: BTreeMap::new(),
    };
    let mut assignments: Vec<_> = placed
        .iter()
        .map(|&(i, day, template)| {
            problem.assignment(&problem.agents[i], Slot { day, template }, spec.pool)
        })
        .collect();
    assignments.sort_by(|a, b| (&a.agent, a.start).cmp(&(&b.agent, b.start)));
    let paid_hours = assignments.iter().map(|a| a.paid_hours).sum();
    Crew {
        seats: problem.agents.len() as u32,
        night_seats: night_seats as u32,
        shifts: (n_night + n_day) as u32,
        night_shifts: n_night as u32,
        paid_hours,
        by_template,
        problem,
        roster: Roster { assignments },
    }
}

/// Places the mix's shifts on hires (the greedy [`crew_for_mix`] describes).
fn staff(spec: &CrewSpec, mix: &[MixCount]) -> Staffing {
    let rules = spec.rules;
    let cap_hours = fte_hours_per_week(spec.cost);
    let work_days = (DAYS as u32)
        .saturating_sub(rules.min_days_off_per_week)
        .clamp(1, DAYS as u32);
    let nights_each = work_days.min(rules.night.max_nights_per_week.max(1));
    let mut night_by_day: [Vec<usize>; DAYS] = Default::default();
    let mut day_by_day: [Vec<usize>; DAYS] = Default::default();
    let mut by_template: BTreeMap<String, u32> = BTreeMap::new();
    for m in mix.iter().filter(|m| m.count > 0 && m.day < DAYS) {
        let Some(t) = rules.shifts.get(m.template) else {
            continue;
        };
        *by_template.entry(t.id.clone()).or_insert(0) += m.count;
        let list = if t.is_night(&rules.night) {
            &mut night_by_day[m.day]
        } else {
            &mut day_by_day[m.day]
        };
        list.extend(std::iter::repeat_n(m.template, m.count as usize));
    }
    let n_night: usize = night_by_day.iter().map(Vec::len).sum();
    let n_day: usize = day_by_day.iter().map(Vec::len).sum();
    let mut hires: Vec<Hire> = Vec::new();
    let new_hire = |night_ok: bool| Hire {
        days: [false; DAYS],
        worked: 0,
        hours: 0.0,
        nights: 0,
        night_ok,
    };
    let night_seats0 = n_night
        .div_ceil(nights_each as usize)
        .max(night_by_day.iter().map(Vec::len).max().unwrap_or(0));
    for _ in 0..night_seats0 {
        hires.push(new_hire(true));
    }
    let mut placed: Vec<(usize, usize, usize)> = Vec::new(); // (hire, day, template)
    let fits = |h: &Hire, d: usize, hours: f64| {
        !h.days[d] && h.worked < work_days && (h.hours + hours <= cap_hours + 1e-9 || h.worked == 0)
    };
    let mut order: Vec<usize> = (0..DAYS).collect();
    order.sort_by_key(|&d| std::cmp::Reverse(night_by_day[d].len()));
    for &d in &order {
        for &t in &night_by_day[d] {
            let hours = rules.shifts[t].paid_hours();
            let pick = (0..hires.len())
                .filter(|&i| {
                    hires[i].night_ok && hires[i].nights < nights_each && fits(&hires[i], d, hours)
                })
                .max_by_key(|&i| (nights_each - hires[i].nights, std::cmp::Reverse(i)));
            let i = pick.unwrap_or_else(|| {
                hires.push(new_hire(true));
                hires.len() - 1
            });
            let h = &mut hires[i];
            h.days[d] = true;
            h.worked += 1;
            h.hours += hours;
            h.nights += 1;
            placed.push((i, d, t));
        }
    }
    let night_seats = hires.len();
    let spare: usize = hires.iter().map(|h| (work_days - h.worked) as usize).sum();
    let busiest = (0..DAYS)
        .map(|d| night_by_day[d].len() + day_by_day[d].len())
        .max()
        .unwrap_or(0);
    let want =
        (night_seats + n_day.saturating_sub(spare).div_ceil(work_days as usize)).max(busiest);
    while hires.len() < want {
        hires.push(new_hire(false));
    }
    order.sort_by_key(|&d| std::cmp::Reverse(day_by_day[d].len()));
    for &d in &order {
        for &t in &day_by_day[d] {
            let hours = rules.shifts[t].paid_hours();
            let pick = (0..hires.len())
                .filter(|&i| fits(&hires[i], d, hours))
                .max_by_key(|&i| (work_days - hires[i].worked, std::cmp::Reverse(i)));
            let i = pick.unwrap_or_else(|| {
                hires.push(new_hire(false));
                hires.len() - 1
            });
            let h = &mut hires[i];
            h.days[d] = true;
            h.worked += 1;
            h.hours += hours;
            placed.push((i, d, t));
        }
    }
    Staffing {
        hires,
        placed,
        night_seats,
        n_night,
        n_day,
        by_template,
    }
}

/// The hires of a mix and the shifts each works.
struct Staffing {
    hires: Vec<Hire>,
    /// (hire, day, template) of every shift.
    placed: Vec<(usize, usize, usize)>,
    night_seats: usize,
    n_night: usize,
    n_day: usize,
    by_template: BTreeMap<String, u32>,
}

/// The size of [`crew_for_mix`]'s crew without its roster (cheap: what a quote's break-even
/// search needs at every volume).
pub fn crew_size(spec: &CrewSpec, mix: &[MixCount]) -> CrewSummary {
    let st = staff(spec, mix);
    CrewSummary {
        seats: st.hires.len() as u32,
        night_seats: st.night_seats as u32,
        shifts: (st.n_night + st.n_day) as u32,
        night_shifts: st.n_night as u32,
        paid_hours: st
            .placed
            .iter()
            .map(|&(_, _, t)| spec.rules.shifts[t].paid_hours())
            .sum(),
        by_template: st.by_template,
    }
}

/// A crew's size in a form that serialises (for reports).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrewSummary {
    /// People to hire.
    pub seats: u32,
    /// Of which on the night rotation.
    pub night_seats: u32,
    /// Shifts per week.
    pub shifts: u32,
    /// Night shifts per week.
    pub night_shifts: u32,
    /// Paid hours per week.
    pub paid_hours: f64,
    /// Shifts per week by template id.
    pub by_template: BTreeMap<String, u32>,
}

impl Crew {
    /// The crew's size without the roster.
    pub fn summary(&self) -> CrewSummary {
        CrewSummary {
            seats: self.seats,
            night_seats: self.night_seats,
            shifts: self.shifts,
            night_shifts: self.night_shifts,
            paid_hours: self.paid_hours,
            by_template: self.by_template.clone(),
        }
    }
}
