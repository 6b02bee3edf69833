//! Fix-and-optimise polish (a large-neighbourhood search with HiGHS as the sub-solver).
//!
//! The roster model of a group is built once. Starting from a feasible assignment (the empty
//! roster with its slacks, or the whole MIP's incumbent), each step frees the shift variables
//! of a neighbourhood — a window of days for every agent, a few agents over the whole horizon,
//! or a block of agents × days — fixes every other shift variable at the incumbent, and solves
//! that sub-MIP (exactly, or until its short time limit) from the incumbent as warm start, so
//! a step never makes the roster worse. Continuous helpers (slacks, run starts, weekend flags)
//! are freed with the rows they share with a freed shift; rows left with fixed columns only are
//! satisfied by the incumbent and dropped.
//!
//! Why: one MIP over a long horizon (52 weeks × 150 agents is hundreds of thousands of shift
//! variables) is beyond HiGHS in minutes, while sub-MIPs of a few hundred variables solve in a
//! fraction of a second, and every rule with its boundary effects stays exact because each
//! sub-problem is cut out of the same model. Neighbourhoods are drawn where the incumbent pays
//! (days with cover slack, agents with unmet requests or missing minutes) with random noise;
//! each kind keeps its own size, grown while its sub-MIPs finish well inside their limit and
//! shrunk when they time out, and kinds are chosen by their recent gain per second.

use super::solver::{Mip, RunSettings, SolveOptions};
use rand::{Rng, SeedableRng};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Which shift variables belong to which agent and day.
pub(crate) struct Layout {
    /// Integer columns of each (agent position, day).
    pub cells: Vec<Vec<Vec<usize>>>,
}

impl Layout {
    /// A layout of `agents` × `days` cells from `(column, agent, day)` triples.
    pub fn new(
        agents: usize,
        days: usize,
        columns: impl Iterator<Item = (usize, usize, usize)>,
    ) -> Layout {
        let mut cells = vec![vec![Vec::new(); days]; agents];
        for (v, a, d) in columns {
            cells[a][d].push(v);
        }
        Layout { cells }
    }

    fn agents(&self) -> usize {
        self.cells.len()
    }

    fn days(&self) -> usize {
        self.cells.first().map_or(0, |c| c.len())
    }

    fn binaries(&self) -> usize {
        self.cells.iter().flatten().map(|c| c.len()).sum()
    }
}

/// What the polish did.
#[derive(Debug, Clone)]
pub(crate) struct PolishReport {
    /// Best assignment found.
    pub values: Vec<f64>,
    /// Its objective.
    pub objective: f64,
    /// Sub-MIPs solved.
    pub steps: usize,
    /// Sub-MIPs that improved the objective.
    pub improvements: usize,
}

/// A feasible starting point: every shift variable at 0, the continuous variables at their best
/// values for that (an LP). `None` when the empty roster breaks a row without slack.
pub(crate) fn empty_start(mip: &Mip, col_rows: &[Vec<u32>]) -> Option<Vec<f64>> {
    let zero = vec![0.0; mip.len()];
    let free: Vec<bool> = (0..mip.len()).map(|v| !mip.is_integer(v)).collect();
    let out = mip
        .solve_part(
            &free,
            &zero,
            col_rows,
            SolveOptions {
                time_limit_seconds: 60.0,
                mip_rel_gap: 0.0,
            },
            RunSettings::default(),
        )
        .ok()?;
    (mip.max_violation(&out.values) < 1e-6).then_some(out.values)
}

/// Frees `cols` (shift variables) and the continuous helpers linked to them: those sharing a
/// row with a freed shift variable, and transitively those sharing a row with a freed helper
/// (so an agent's whole run network or weekend flags move together; shift variables are never
/// freed this way).
fn free_with_helpers(mip: &Mip, col_rows: &[Vec<u32>], cols: &[usize], free: &mut [bool]) {
    free.iter_mut().for_each(|f| *f = false);
    let mut queue: Vec<usize> = Vec::new();
    for &v in cols {
        free[v] = true;
        queue.push(v);
    }
    while let Some(v) = queue.pop() {
        for &r in &col_rows[v] {
            for &c in mip.row_columns(r as usize) {
                let c = c as usize;
                if !free[c] && !mip.is_integer(c) {
                    free[c] = true;
                    queue.push(c);
                }
            }
        }
    }
}

/// Repairs a roster agent by agent: each agent short of a hard minimum (the `hard` slack
/// columns) gets its whole horizon solved as a sub-MIP with everyone else fixed — its own
/// rules, minutes and requests against the cover the others leave — most minutes short first.
/// From the empty roster this is a greedy construction made of exact single-agent problems;
/// the polish takes it from there.
pub(crate) fn sweep(
    mip: &Mip,
    layout: &Layout,
    col_rows: &[Vec<u32>],
    start: Vec<f64>,
    deadline: Instant,
    hard: &[usize],
) -> Vec<f64> {
    let mut best = start;
    let agents = layout.agents();
    let mut owner = vec![u32::MAX; mip.len()];
    for (a, row) in layout.cells.iter().enumerate() {
        for cell in row {
            for &v in cell {
                owner[v] = a as u32;
            }
        }
    }
    let mut short = vec![0.0; agents];
    for &h in hard {
        if best[h] <= 1e-9 {
            continue;
        }
        let a = col_rows[h]
            .iter()
            .flat_map(|&r| mip.row_columns(r as usize))
            .map(|&c| owner[c as usize])
            .find(|&a| a != u32::MAX);
        if let Some(a) = a {
            short[a as usize] += best[h];
        }
    }
    let mut order: Vec<usize> = (0..agents).filter(|&a| short[a] > 0.0).collect();
    order.sort_by(|&a, &b| short[b].total_cmp(&short[a]).then(a.cmp(&b)));
    let n = order.len();
    let mut free = vec![false; mip.len()];
    let log = std::env::var_os("SEATPLAN_POLISH_LOG").is_some();
    for (i, &a) in order.iter().enumerate() {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if left < 0.05 {
            break;
        }
        let cols: Vec<usize> = layout.cells[a].iter().flatten().copied().collect();
        if cols.is_empty() {
            continue;
        }
        free_with_helpers(mip, col_rows, &cols, &mut free);
        let limit = (left / (n - i) as f64).clamp(0.05, 5.0);
        let out = mip.solve_part(
            &free,
            &best,
            col_rows,
            SolveOptions {
                time_limit_seconds: limit,
                mip_rel_gap: 1e-4,
            },
            RunSettings::default(),
        );
        if let Ok(out) = out {
            if log {
                eprintln!(
                    "sweep agent {a}: {} {:.2}s obj {:.1}",
                    out.status, out.seconds, out.objective
                );
            }
            if out.objective <= mip.objective_of(&best) + 1e-9
                && mip.max_violation_of(&out.values, &free, col_rows) < 1e-6
            {
                best = out.values;
            }
        }
    }
    best
}

/// The best roster found so far, shared by the polish and the whole-MIP thread, with the best
/// bound and a stop flag.
pub(crate) struct Shared {
    best: Mutex<(f64, Vec<f64>)>,
    bound: Mutex<f64>,
    /// Set when the search should end (optimality proved).
    pub stop: AtomicBool,
}

impl Shared {
    /// Starting from `values` (feasible).
    pub fn new(mip: &Mip, values: Vec<f64>) -> Shared {
        Shared {
            best: Mutex::new((mip.objective_of(&values), values)),
            bound: Mutex::new(f64::NEG_INFINITY),
            stop: AtomicBool::new(false),
        }
    }

    /// Offers a feasible roster; kept when better.
    pub fn offer(&self, objective: f64, values: &[f64]) {
        if let Ok(mut b) = self.best.lock() {
            if objective < b.0 - 1e-9 {
                *b = (objective, values.to_vec());
            }
        }
    }

    /// The best roster when it beats `objective`.
    pub fn better_than(&self, objective: f64) -> Option<(f64, Vec<f64>)> {
        let b = self.best.lock().ok()?;
        (b.0 < objective - 1e-9).then(|| b.clone())
    }

    /// The best roster.
    pub fn best(&self) -> (f64, Vec<f64>) {
        self.best
            .lock()
            .map(|b| b.clone())
            .unwrap_or((f64::INFINITY, Vec::new()))
    }

    /// Raises the bound.
    pub fn raise_bound(&self, bound: f64) {
        if let Ok(mut b) = self.bound.lock() {
            *b = b.max(bound);
        }
    }

    /// The best bound.
    pub fn bound(&self) -> f64 {
        self.bound.lock().map_or(f64::NEG_INFINITY, |b| *b)
    }
}

/// Neighbourhood kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Every agent over a window of days.
    Days,
    /// A few agents over the whole horizon.
    Agents,
    /// A few agents over a window of days.
    Block,
}

const KINDS: [Kind; 3] = [Kind::Days, Kind::Agents, Kind::Block];

/// Adaptive state of one neighbourhood kind.
struct Arm {
    /// Target number of free shift variables.
    size: f64,
    /// Recent gain per second (exponential average).
    score: f64,
}

/// Where the incumbent pays: per agent and per day, from the priced continuous variables
/// (cover and shortage slack, unmet requests, missing minutes) spread over the agents and days
/// of the shift variables sharing their rows.
fn pain(
    mip: &Mip,
    layout: &Layout,
    owner: &[(u32, u32)],
    col_rows: &[Vec<u32>],
    values: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let (agents, days) = (layout.agents(), layout.days());
    let mut by_agent = vec![0.0; agents];
    let mut by_day = vec![0.0; days];
    let mut agents_in = Vec::new();
    let mut days_in = Vec::new();
    for v in 0..mip.len() {
        if mip.is_integer(v) || values[v] <= 1e-9 || mip.cost_of(v) <= 0.0 {
            continue;
        }
        let price = values[v] * mip.cost_of(v);
        for &r in &col_rows[v] {
            agents_in.clear();
            days_in.clear();
            for &c in mip.row_columns(r as usize) {
                let (a, d) = owner[c as usize];
                if a != u32::MAX {
                    agents_in.push(a as usize);
                    days_in.push(d as usize);
                }
            }
            agents_in.sort_unstable();
            agents_in.dedup();
            days_in.sort_unstable();
            days_in.dedup();
            for &a in &agents_in {
                by_agent[a] += price / agents_in.len() as f64;
            }
            for &d in &days_in {
                by_day[d] += price / days_in.len() as f64;
            }
        }
    }
    (by_agent, by_day)
}

/// Picks an index not in `exclude` with probability proportional to its weight plus a floor
/// (30 % of the mean weight), so painless ones are still drawn now and then.
fn pick(rng: &mut impl Rng, w: &[f64], exclude: &[usize]) -> usize {
    let mean = w.iter().sum::<f64>() / w.len().max(1) as f64;
    let floor = 0.3 * mean + 1e-9;
    let total: f64 = w
        .iter()
        .enumerate()
        .filter(|(i, _)| !exclude.contains(i))
        .map(|(_, x)| x + floor)
        .sum();
    let mut t = rng.gen_range(0.0..total.max(1e-12));
    for (i, x) in w.iter().enumerate() {
        if exclude.contains(&i) {
            continue;
        }
        t -= x + floor;
        if t <= 0.0 {
            return i;
        }
    }
    (0..w.len())
        .rev()
        .find(|i| !exclude.contains(i))
        .unwrap_or(0)
}

/// Polishes the shared incumbent until `deadline`, the stop flag, or the objective reaching
/// the shared bound; adopts better rosters others put in `shared` and offers its own.
pub(crate) fn polish(
    mip: &Mip,
    layout: &Layout,
    col_rows: &[Vec<u32>],
    shared: &Shared,
    deadline: Instant,
    seed: u64,
) -> PolishReport {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let (mut best_obj, mut best) = shared.best();
    let (agents, days) = (layout.agents(), layout.days());
    let total = layout.binaries();
    let mut report = PolishReport {
        values: Vec::new(),
        objective: best_obj,
        steps: 0,
        improvements: 0,
    };
    if total == 0 || agents == 0 || days == 0 {
        report.values = best;
        return report;
    }
    let mut owner = vec![(u32::MAX, u32::MAX); mip.len()];
    for (a, row) in layout.cells.iter().enumerate() {
        for (d, cell) in row.iter().enumerate() {
            for &v in cell {
                owner[v] = (a as u32, d as u32);
            }
        }
    }
    let per_cell = total as f64 / (agents * days) as f64;
    let cap = (total as f64 * 0.7).max(1.0);
    let start_size = 150.0f64.min(cap);
    let mut arms: Vec<Arm> = KINDS
        .iter()
        .map(|_| Arm {
            size: start_size,
            score: 1.0,
        })
        .collect();
    let sub_limit: f64 = 1.0;
    let mut free = vec![false; mip.len()];
    let log = std::env::var_os("SEATPLAN_POLISH_LOG").is_some();
    let (mut by_agent, mut by_day) = pain(mip, layout, &owner, col_rows, &best);
    while !shared.stop.load(Ordering::Relaxed) && best_obj > shared.bound() + 1e-6 {
        if let Some((o, v)) = shared.better_than(best_obj) {
            best_obj = o;
            best = v;
            (by_agent, by_day) = pain(mip, layout, &owner, col_rows, &best);
        }
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if left < 0.02 {
            break;
        }
        // Kind: by recent gain per second, with exploration.
        let k = if rng.gen_bool(0.25) {
            rng.gen_range(0..KINDS.len())
        } else {
            let scores: Vec<f64> = arms.iter().map(|a| a.score).collect();
            pick(&mut rng, &scores, &[])
        };
        let kind = KINDS[k];
        let size = arms[k].size.min(cap);
        let (a_count, d_len) = match kind {
            Kind::Days => {
                let len = (size / (per_cell * agents as f64)).round() as usize;
                (agents, len.clamp(2.min(days), days))
            }
            Kind::Agents => {
                let n = (size / (per_cell * days as f64)).round() as usize;
                (n.clamp(1, agents), days)
            }
            Kind::Block => {
                let len = rng.gen_range(7.min(days)..=days.min(21)).max(1);
                let n = (size / (per_cell * len as f64)).round() as usize;
                (n.clamp(2.min(agents), agents), len)
            }
        };
        let mut chosen: Vec<usize> = Vec::with_capacity(a_count);
        if a_count >= agents {
            chosen.extend(0..agents);
        } else {
            while chosen.len() < a_count {
                let a = pick(&mut rng, &by_agent, &chosen);
                chosen.push(a);
            }
        }
        // A window around a painful day.
        let d0 = if d_len >= days {
            0
        } else {
            let centre = pick(&mut rng, &by_day, &[]);
            let lo = centre.saturating_sub(rng.gen_range(0..d_len));
            lo.min(days - d_len)
        };
        let mut shift_cols = Vec::new();
        for &a in &chosen {
            for cell in &layout.cells[a][d0..d0 + d_len] {
                shift_cols.extend_from_slice(cell);
            }
        }
        if shift_cols.is_empty() {
            continue;
        }
        free_with_helpers(mip, col_rows, &shift_cols, &mut free);
        let limit = sub_limit.min(left);
        let t_step = Instant::now();
        let out = mip.solve_part(
            &free,
            &best,
            col_rows,
            SolveOptions {
                time_limit_seconds: limit,
                mip_rel_gap: 0.0,
            },
            RunSettings {
                seed: rng.gen_range(0..i32::MAX),
                first_solution: false,
            },
        );
        report.steps += 1;
        let Ok(out) = out else {
            arms[k].size = (arms[k].size * 0.7).max(10.0);
            continue;
        };
        if log {
            eprintln!(
                "step {} {:?} agents {} days {}+{} free {} limit {:.1}: {} {:.2}s/{:.2}s obj {:.1} (best {:.1})",
                report.steps,
                kind,
                a_count,
                d0,
                d_len,
                shift_cols.len(),
                limit,
                out.status,
                out.seconds,
                t_step.elapsed().as_secs_f64(),
                out.objective,
                best_obj
            );
        }
        let optimal = out.status == "Optimal";
        let gain = (best_obj - out.objective).max(0.0);
        let feasible = mip.max_violation_of(&out.values, &free, col_rows) < 1e-6;
        if gain > 1e-6 && feasible {
            best_obj = out.objective;
            best = out.values;
            report.improvements += 1;
            shared.offer(best_obj, &best);
            (by_agent, by_day) = pain(mip, layout, &owner, col_rows, &best);
        } else if out.objective <= best_obj + 1e-9 && feasible && rng.gen_bool(0.5) {
            // Same cost, another roster: move there (plateau moves diversify).
            best = out.values;
        }
        let rate = gain.min(best_obj.abs().max(1.0)) / out.seconds.max(0.01);
        arms[k].score = 0.8 * arms[k].score + 0.2 * (rate / best_obj.abs().max(1.0) * 100.0 + 0.01);
        if optimal && out.seconds < 0.25 * limit {
            arms[k].size = (arms[k].size * 1.2).min(cap);
        } else if !optimal {
            arms[k].size = (arms[k].size * 0.8).max(10.0);
        }
    }
    report.values = best;
    report.objective = best_obj;
    report
}
