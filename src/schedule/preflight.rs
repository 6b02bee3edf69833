//! Checks a roster problem before solving and names what will make the plan short or
//! infeasible, so planners fix data rather than read a surprising shortage report.

use super::problem::RosterProblem;
use super::week::{Slot, DAYS, HOURS};
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
        let night_hours = req.map_or(0, |v| {
            v.iter()
                .enumerate()
                .filter(|(h, &x)| x > 0 && night.in_window((*h % 24) as u32 * 60))
                .count()
        });
        if night_hours > 0 && !agents.iter().any(|a| a.may_work_nights()) {
            out.push(format!(
                "pool '{pool}' needs seats in {night_hours} night hours but none of its agents may work nights"
            ));
        }
        // Hours no shift template can cover.
        let mut coverable = [false; HOURS];
        for d in 0..DAYS {
            for (t, tpl) in p.rules.shifts.iter().enumerate() {
                for h in (Slot {
                    day: d,
                    template: t,
                })
                .covered_hours(tpl)
                {
                    coverable[h] = true;
                }
            }
        }
        let uncoverable = req.map_or(0, |v| {
            v.iter()
                .enumerate()
                .filter(|(h, &x)| x > 0 && !coverable[*h])
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
        let days = (DAYS as u32 - p.rules.min_days_off_per_week) as f64;
        let most = longest * days;
        let min = p.min_hours(a);
        if min > most + 1e-9 && a.contract != Contract::Temporary {
            out.push(format!(
                "agent '{}' is guaranteed {min} h but the rules allow at most {most} h ({days} days × {longest} h)",
                a.id
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
