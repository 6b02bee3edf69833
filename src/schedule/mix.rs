//! The shift mix: integer counts of each shift template per day (per contract class) covering
//! an hourly requirement at least cost — Dantzig's set-covering model — with priced shortage.

use super::solver::{Mip, SolveError, SolveOptions};
use super::week::{Slot, DAYS, HOURS};
use crate::model::{Contract, ShiftTemplate};
use serde::Serialize;

/// A kind of seat the mix may buy: a template worked under a contract at a cost per shift
/// (before the day's pay multiplier).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixLine {
    /// Template index.
    pub template: usize,
    /// Contract class.
    pub contract: Contract,
    /// Cost of one shift on a normal day, CNY.
    pub cost_per_shift: f64,
}

/// How many of a line on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixCount {
    /// Day index.
    pub day: usize,
    /// Template index.
    pub template: usize,
    /// Contract class.
    pub contract: Contract,
    /// Shifts.
    pub count: u32,
}

/// A solved shift mix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftMix {
    /// Non-zero and zero counts of every line and day.
    pub counts: Vec<MixCount>,
    /// Seats short per week hour.
    pub short: Vec<f64>,
    /// Cost of the shifts, CNY.
    pub cost: f64,
    /// Objective (cost + shortage penalty).
    pub objective: f64,
    /// Lower bound.
    pub bound: f64,
    /// Relative gap.
    pub gap: f64,
}

/// Solves the shift mix for `requirement` (168 hourly seat counts, cyclic week) with the given
/// `lines`; each uncovered seat-hour costs `shortage_penalty`. Holiday pay multipliers are not
/// applied here (the mix is for sizing crews; the roster prices each date).
pub fn shift_mix(
    templates: &[ShiftTemplate],
    lines: &[MixLine],
    requirement: &[u32],
    shortage_penalty: f64,
    opts: SolveOptions,
) -> Result<ShiftMix, SolveError> {
    let mut mip = Mip::new();
    let max_need = requirement.iter().copied().max().unwrap_or(0) as f64;
    let mut cover: Vec<Vec<(usize, f64)>> = vec![Vec::new(); HOURS];
    let mut vars = Vec::new();
    for d in 0..DAYS {
        for line in lines {
            let t = &templates[line.template];
            let v = mip.integer(0.0, max_need, line.cost_per_shift);
            vars.push((d, line, v));
            for h in (Slot {
                day: d,
                template: line.template,
            })
            .covered_hours(t)
            {
                cover[h].push((v, 1.0));
            }
        }
    }
    let mut shorts = vec![None; HOURS];
    for h in 0..HOURS {
        let r = requirement.get(h).copied().unwrap_or(0);
        if r == 0 {
            continue;
        }
        let s = mip.continuous(0.0, r as f64, shortage_penalty);
        let mut terms = cover[h].clone();
        terms.push((s, 1.0));
        mip.ge(&terms, r as f64);
        shorts[h] = Some(s);
    }
    let out = mip.minimise(opts)?;
    let counts: Vec<MixCount> = vars
        .iter()
        .map(|&(d, line, v)| MixCount {
            day: d,
            template: line.template,
            contract: line.contract,
            count: out.values[v].round().max(0.0) as u32,
        })
        .collect();
    let cost = vars
        .iter()
        .map(|&(_, line, v)| out.values[v].round() * line.cost_per_shift)
        .sum();
    Ok(ShiftMix {
        counts,
        short: shorts
            .iter()
            .map(|s| s.map_or(0.0, |v| out.values[v]))
            .collect(),
        cost,
        objective: out.objective,
        bound: out.bound,
        gap: out.gap,
    })
}

/// The mix lines of a pool: every template under every contract allowed to work it, at the
/// average hourly rate of the pool's agents of that contract (all agents' average when the
/// pool has none; temporaries at the cost day rate).
pub fn pool_mix_lines(
    pool: &str,
    agents: &[crate::model::Agent],
    templates: &[ShiftTemplate],
    cost: &crate::model::CostParams,
) -> Vec<MixLine> {
    use crate::model::WageBasis;
    let avg_rate = |contract: Contract| -> Option<f64> {
        let of = |only_pool: bool| {
            let rates: Vec<f64> = agents
                .iter()
                .filter(|a| a.contract == contract && (!only_pool || a.serves(pool)))
                .filter(|a| a.wage_basis != WageBasis::Day)
                .map(|a| super::problem::agent_hourly_rate(a, cost))
                .collect();
            (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64)
        };
        of(true).or_else(|| of(false))
    };
    let mut lines = Vec::new();
    for (i, t) in templates.iter().enumerate() {
        for contract in Contract::ALL {
            if !t.allows(contract) {
                continue;
            }
            let per_shift = match contract {
                Contract::Temporary => Some(cost.temp_day_rate),
                c => avg_rate(c).map(|r| r * t.paid_hours()),
            };
            if let Some(cost_per_shift) = per_shift {
                lines.push(MixLine {
                    template: i,
                    contract,
                    cost_per_shift,
                });
            }
        }
    }
    lines
}
