//! The roster checker: re-verifies any roster — ours or hand-made — against every rule, and
//! lists each violation with rule, agent, date and detail. Coverage is reported separately
//! (shortages are a plan's fact, not a rule breach).

use super::problem::{Roster, RosterProblem};
use super::rules::{self, Breach, Worked};
use crate::model::Agent;
use serde::Serialize;
use std::collections::BTreeMap;

/// One rule a roster breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// Rule name (as in the rule functions of [`super::rules`]).
    pub rule: String,
    /// Agent id.
    pub agent: String,
    /// Date concerned (the week's first day for weekly rules, the horizon's for totals).
    pub date: chrono::NaiveDate,
    /// What is wrong.
    pub detail: String,
    /// Hard rules must hold; soft ones carry a price.
    pub hard: bool,
}

/// One hard rule's checker on one agent's shifts.
type HardCheck = fn(&RosterProblem, &Agent, &[Worked]) -> Vec<Breach>;

/// Every hard rule's checker except the minimum hours (hard or not by the rules, and elastic
/// in the model). The run rules come first: a changed roster breaks them most often, and
/// [`keeps_hard_rules`] stops at the first breach.
const HARD_CHECKS: [HardCheck; 16] = [
    rules::check_min_consecutive_days,
    rules::check_min_consecutive_days_off,
    rules::check_agent_max_consecutive_days,
    rules::check_max_weekends,
    |_, _, worked| rules::check_one_shift_per_day(worked),
    rules::check_max_weekly_hours,
    rules::check_max_total_minutes,
    rules::check_max_shifts_per_type,
    |p, _, worked| rules::check_days_off_per_week(p, worked),
    |p, _, worked| rules::check_min_rest_between_shifts(p, worked),
    |p, _, worked| rules::check_forbidden_successions(p, worked),
    rules::check_night_eligibility,
    |p, _, worked| rules::check_max_consecutive_nights(p, worked),
    |p, _, worked| rules::check_rest_after_night_run(p, worked),
    |p, _, worked| rules::check_max_nights_per_week(p, worked),
    super::carryover::check_carryover,
];

/// Whether `agent` working `worked` (sorted by day) keeps every hard rule but the minimum
/// hours: the move search's test of a changed roster, by the checker's own rules.
pub(crate) fn keeps_hard_rules(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> bool {
    HARD_CHECKS.iter().all(|c| c(p, agent, worked).is_empty())
}

/// Every rule's checker on one agent's shifts, with whether the rule is hard.
fn agent_breaches(p: &RosterProblem, agent: &Agent, worked: &[Worked]) -> Vec<(Breach, bool)> {
    let mut breaches: Vec<(Breach, bool)> = HARD_CHECKS
        .iter()
        .flat_map(|c| c(p, agent, worked))
        .map(|b| (b, true))
        .collect();
    let min_hard = p.rules.min_hours_hard;
    let minimum = rules::check_min_weekly_hours(p, agent, worked)
        .into_iter()
        .chain(rules::check_min_total_minutes(p, agent, worked));
    breaches.extend(minimum.map(|x| (x, min_hard)));
    breaches.extend(
        rules::check_preferences(p, agent, worked)
            .into_iter()
            .map(|b| (b, false)),
    );
    breaches
}

/// Checks `roster` against every rule of `p`. Assignments naming an unknown agent, shift or
/// pool, or a date outside the week, are violations too.
pub fn check_roster(p: &RosterProblem, roster: &Roster) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut by_agent: BTreeMap<&str, Vec<Worked>> = BTreeMap::new();
    for a in &roster.assignments {
        let mut v = |rule: &str, detail: String| {
            out.push(Violation {
                rule: rule.to_string(),
                agent: a.agent.clone(),
                date: a.date,
                detail,
                hard: true,
            })
        };
        let Some(agent) = p.agents.iter().find(|x| x.id == a.agent) else {
            v(
                "known_agent",
                format!("agent '{}' is not in agents.csv", a.agent),
            );
            continue;
        };
        let Some(t) = p.template(&a.shift) else {
            v(
                "known_shift",
                format!("shift '{}' is not a template in rules.toml", a.shift),
            );
            continue;
        };
        let Some(day) = p.horizon.day_of(a.date) else {
            let what = if p.days() == super::week::DAYS {
                "week"
            } else {
                "horizon"
            };
            v(
                "in_week",
                format!(
                    "{} is outside the {what} starting {}",
                    a.date, p.horizon.start
                ),
            );
            continue;
        };
        if !p.pools.contains(&a.pool) {
            v(
                "known_pool",
                format!("pool '{}' is not in pools.csv", a.pool),
            );
        } else if !agent.serves(&a.pool) {
            v(
                "skills",
                format!("agent is not trained for pool '{}'", a.pool),
            );
        }
        let template = &p.rules.shifts[t];
        if !template.allows(agent.contract) {
            v(
                "contract_shift",
                format!(
                    "{} agents may not work shift '{}'",
                    agent.contract.as_str(),
                    template.id
                ),
            );
        }
        if !agent.available_on(a.date) {
            v(
                "availability",
                "agent is unavailable on this date".to_string(),
            );
        }
        by_agent
            .entry(agent.id.as_str())
            .or_default()
            .push((day, t));
    }
    for (id, worked) in &by_agent {
        let Some(agent) = p.agents.iter().find(|x| x.id == *id) else {
            continue;
        };
        for (b, hard) in agent_breaches(p, agent, worked) {
            out.push(Violation {
                rule: b.rule.to_string(),
                agent: id.to_string(),
                date: p.horizon.dates[b.day],
                detail: b.detail,
                hard,
            });
        }
    }
    // Agents with no shift at all still owe their minimum hours and may have requests.
    for agent in p
        .agents
        .iter()
        .filter(|a| !by_agent.contains_key(a.id.as_str()))
    {
        for (b, hard) in agent_breaches(p, agent, &[]) {
            out.push(Violation {
                rule: b.rule.to_string(),
                agent: agent.id.clone(),
                date: p.horizon.dates[b.day],
                detail: b.detail,
                hard,
            });
        }
    }
    out.sort_by(|a, b| (&a.agent, a.date, &a.rule).cmp(&(&b.agent, b.date, &b.rule)));
    out
}
