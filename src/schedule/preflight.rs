//! Checks a roster problem before solving and names what will make the plan short or
//! infeasible, so planners fix data rather than read a surprising shortage report.

use super::problem::RosterProblem;
use super::week::{Slot, DAYS};
use crate::model::Contract;

/// Problems worth fixing before solving (the solve still runs: shortage is priced).
pub fn preflight(p: &RosterProblem) -> Vec<String> {
    let mut out = Vec::new();
    let night = &p.rules.night;
    for pool in &p.pools {
        let req = p.requirement.get(pool);
        let needed: u64 = req.map_or(0, |v| v.iter().map(|&x| u64::from(x)).sum());
        if needed == 0 {
            continue;
        }
        let agents: Vec<_> = p.agents.iter().filter(|a| a.serves(pool)).collect();
        if agents.is_empty() {
            out.push(format!(
                "pool '{pool}' needs {needed} seat-hours but no agent serves it"
            ));
            continue;
        }
        // Hours that only night shifts cover, in a pool nobody may work nights for.
        if !agents.iter().any(|a| a.may_work_nights()) {
            let hours = p.horizon.hours();
            let mut day_cover = vec![false; hours];
            for d in 0..p.days() {
                for (t, tpl) in p.rules.shifts.iter().enumerate() {
                    if !tpl.is_night(night) {
                        for h in (Slot {
                            day: d,
                            template: t,
                        })
                        .covered_hours_in(tpl, hours)
                        {
                            day_cover[h] = true;
                        }
                    }
                }
            }
            let night_only = req.map_or(0, |v| {
                v.iter()
                    .enumerate()
                    .filter(|(h, &x)| x > 0 && !day_cover.get(*h).copied().unwrap_or(true))
                    .count()
            });
            if night_only > 0 {
                out.push(format!(
                    "pool '{pool}' needs seats in {night_only} hours only night shifts cover, but none of its agents may work nights"
                ));
            }
        }
        // Hours no shift template can cover.
        let mut coverable = vec![false; p.horizon.hours()];
        for d in 0..p.days() {
            for (t, tpl) in p.rules.shifts.iter().enumerate() {
                for h in (Slot {
                    day: d,
                    template: t,
                })
                .covered_hours_in(tpl, p.horizon.hours())
                {
                    coverable[h] = true;
                }
            }
        }
        let uncoverable = req.map_or(0, |v| {
            v.iter()
                .enumerate()
                .filter(|(h, &x)| x > 0 && !coverable.get(*h).copied().unwrap_or(true))
                .count()
        });
        if uncoverable > 0 {
            out.push(format!(
                "pool '{pool}' needs seats in {uncoverable} hours that no shift template covers; add a template"
            ));
        }
    }
    for a in &p.agents {
        if !p.rules.shifts.iter().any(|t| t.allows(a.contract)) {
            out.push(format!(
                "agent '{}' ({}) may work no shift template; check `contracts` in rules.toml",
                a.id,
                a.contract.as_str()
            ));
            continue;
        }
        let longest = p
            .rules
            .shifts
            .iter()
            .filter(|t| t.allows(a.contract))
            .map(|t| t.paid_hours())
            .fold(0.0, f64::max);
        let days = (DAYS as u32).saturating_sub(p.rules.min_days_off_per_week) as f64;
        let most = longest * days;
        let min = p.min_hours_in(a, 0..p.days().min(DAYS));
        if min > most + 1e-9 && a.contract != Contract::Temporary && p.days() >= DAYS {
            out.push(format!(
                "agent '{}' is guaranteed {min} h but the rules allow at most {most} h ({days} days × {longest} h)",
                a.id
            ));
        }
        let limits = p.rules.limits_for(a);
        for id in limits.max_shifts.keys() {
            if p.template(id).is_none() {
                out.push(format!(
                    "agent '{}' has a max_shifts limit for unknown shift '{id}'; it is ignored",
                    a.id
                ));
            }
        }
        if let (Some(lo), Some(hi)) = (limits.min_total_minutes, limits.max_total_minutes) {
            if lo > hi {
                out.push(format!(
                    "agent '{}' must work at least {lo} and at most {hi} minutes",
                    a.id
                ));
            }
        }
    }
    for c in &p.cover {
        if p.template(&c.shift).is_none() || !p.pools.contains(&c.pool) {
            out.push(format!(
                "cover of '{}' in pool '{}' names an unknown shift or pool; it is ignored",
                c.shift, c.pool
            ));
        }
    }
    if p.rules.min_rest_hours > 24.0 {
        out.push(format!(
            "min_rest_hours = {} exceeds a day: nobody can work two days in a row",
            p.rules.min_rest_hours
        ));
    }
    out
}
