//! Fix-and-optimise polish: a large-neighbourhood search with HiGHS as the sub-solver, on one
//! or more threads sharing one incumbent.
//!
//! The roster model of a group is built once. Starting from a feasible assignment (the empty
//! roster with its slacks), a *sweep* first solves each agent short of a hard minimum over the
//! whole horizon with everyone else fixed — a greedy construction made of exact single-agent
//! problems. Then each *polish* step frees the shift variables of a neighbourhood — a window of
//! days for every agent, a few agents over the whole horizon, a block of agents × days, or
//! several painful days apart (each with its neighbours, e.g. the short weekends) for many
//! agents or for one or two (trading minutes between distant days), or the
//! shift variables where the incumbent differs from the LP relaxation's solution (RINS) —
//! fixes every other shift variable at the incumbent, and solves that sub-MIP (exactly, or until
//! its short time limit) from the incumbent as warm start, so a step never makes the roster
//! worse. One more kind runs no sub-MIP: a burst of the move search ([`Moves`]), hundreds of
//! thousands of priced single-shift moves a second on the worker's copy. Continuous helpers
//! (slacks, run-network arcs, weekend flags) are freed with the rows they share with a freed
//! shift; rows left with fixed columns only are satisfied by the incumbent and dropped.
//!
//! Workers on several threads solve neighbourhoods of snapshots of the shared incumbent; a
//! result is merged into the current incumbent by copying its freed shift variables, re-solving
//! the continuous helpers of the rows they touch (an LP), and keeping it when every touched row
//! holds and the objective is lower.
//!
//! Why: one MIP over a long horizon (52 weeks × 150 agents is over 100,000 shift variables and
//! 300,000 rows) is beyond HiGHS in minutes, while sub-MIPs of a few hundred variables solve in
//! a fraction of a second, and every rule with its boundary effects stays exact because each
//! sub-problem is cut out of the same model. Neighbourhoods are drawn where the incumbent pays
//! (days with cover slack, agents with unmet requests or missing minutes) with random noise;
//! each kind keeps its own size, grown while its sub-MIPs finish well inside their limit and
//! shrunk when they time out, and the kind with the best recent gain per second is chosen
//! (another at random one time in five).

use super::moves::Moves;
use super::solver::{gap_closed, Mip, PartOutcome, RunSettings, SolveOptions};
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
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
        (0..self.agents()).map(|a| self.agent_binaries(a)).sum()
    }

    /// Shift variables of agent `a` over the horizon.
    fn agent_binaries(&self, a: usize) -> usize {
        self.cells[a].iter().map(Vec::len).sum()
    }

    /// (agent, day) of each column; `u32::MAX` for columns that are not shift variables.
    pub(crate) fn owners(&self, columns: usize) -> Vec<(u32, u32)> {
        let mut owner = vec![(u32::MAX, u32::MAX); columns];
        for (a, row) in self.cells.iter().enumerate() {
            for (d, cell) in row.iter().enumerate() {
                for &v in cell {
                    owner[v] = (a as u32, d as u32);
                }
            }
        }
        owner
    }
}

/// What the polish did.
#[derive(Debug, Clone, Default)]
pub(crate) struct PolishReport {
    /// Sub-MIPs solved.
    pub steps: usize,
    /// Sub-MIPs whose roster became the incumbent.
    pub improvements: usize,
}

/// A feasible starting point: every shift variable at 0, the continuous variables at their best
/// values for that (an LP). `None` when the empty roster breaks a row without slack.
pub(crate) fn empty_start(mip: &Mip, col_rows: &[Vec<u32>]) -> Option<Vec<f64>> {
    let mut values = vec![0.0; mip.len()];
    let free: Vec<usize> = (0..mip.len()).filter(|&v| !mip.is_integer(v)).collect();
    let out = mip
        .solve_part(
            &free,
            &values,
            0.0,
            col_rows,
            SolveOptions {
                time_limit_seconds: 120.0,
                mip_rel_gap: 0.0,
            },
            RunSettings::default(),
            None,
        )
        .ok()?;
    out.apply(&mut values);
    (mip.max_violation(&values) < 1e-6).then_some(values)
}

/// The columns of a sub-problem: a mask over the model and the list of marked columns, so
/// that clearing and listing cost the sub-problem's size, not the model's. The rows already
/// scanned for helpers are kept the same way: an agent's year-long rows (its minutes, its
/// shifts of a type) meet every shift variable of a window, and scanning them once per
/// variable took a fifth of instance 24's minute.
pub(crate) struct FreeSet {
    mask: Vec<bool>,
    list: Vec<usize>,
    row_mask: Vec<bool>,
    row_list: Vec<u32>,
}

impl FreeSet {
    /// No column of a model of `columns` columns.
    pub fn new(columns: usize) -> FreeSet {
        FreeSet {
            mask: vec![false; columns],
            list: Vec::new(),
            row_mask: Vec::new(),
            row_list: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &v in &self.list {
            self.mask[v] = false;
        }
        self.list.clear();
        for &r in &self.row_list {
            self.row_mask[r as usize] = false;
        }
        self.row_list.clear();
    }

    /// Marks row `r` of a model of `rows` rows as scanned; whether it was new.
    fn scan(&mut self, r: u32, rows: usize) -> bool {
        if self.row_mask.len() < rows {
            self.row_mask.resize(rows, false);
        }
        let new = !self.row_mask[r as usize];
        if new {
            self.row_mask[r as usize] = true;
            self.row_list.push(r);
        }
        new
    }

    /// Marks `v`; whether it was new.
    fn insert(&mut self, v: usize) -> bool {
        let new = !self.mask[v];
        if new {
            self.mask[v] = true;
            self.list.push(v);
        }
        new
    }

    fn contains(&self, v: usize) -> bool {
        self.mask[v]
    }

    /// The marked columns, sorted.
    fn sorted(&mut self) -> &[usize] {
        self.list.sort_unstable();
        &self.list
    }
}

/// Frees `cols` (shift variables) and the continuous helpers linked to them: those sharing a
/// row with a freed shift variable, and those sharing a row with a freed helper, up to
/// [`HELPER_DEPTH`] rows away (so the arcs of a run network around the freed days, or an
/// agent's weekend flags, move together; shift variables are never freed this way). Helpers
/// further away keep their incumbent values, which still satisfy their rows: the sub-problem
/// stays exact, and a window of a year-long horizon no longer drags in the agent's whole
/// year of run-network arcs.
///
/// `whole` (the shift variables of whole horizons): every helper linked to them is freed,
/// however far — a helper held at its incumbent value beyond [`HELPER_DEPTH`] can bar the
/// sub-problem from the agent's best roster (instance 15: an agent solved over its whole
/// horizon stayed 240 minutes short of its minimum; freed in full, it reaches it).
fn free_with_helpers(
    mip: &Mip,
    col_rows: &[Vec<u32>],
    cols: &[usize],
    free: &mut FreeSet,
    whole: bool,
) {
    free.clear();
    let mut level: Vec<usize> = Vec::new();
    for &v in cols {
        if free.insert(v) {
            level.push(v);
        }
    }
    for _ in 0..if whole { usize::MAX } else { HELPER_DEPTH } {
        let mut next = Vec::new();
        for &v in &level {
            for &r in &col_rows[v] {
                // A scanned row has freed every helper in it already.
                if !free.scan(r, mip.constraint_count()) {
                    continue;
                }
                for &c in mip.row_columns(r as usize) {
                    let c = c as usize;
                    if !free.contains(c) && !mip.is_integer(c) {
                        free.insert(c);
                        next.push(c);
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
}

/// Whether `values` with the sub-problem's answer `out` written in keeps every row the answer
/// touches; `values` is left as it was.
fn holds(mip: &Mip, col_rows: &[Vec<u32>], values: &mut [f64], out: &PartOutcome) -> bool {
    let old = out.apply(values);
    let ok = mip.max_violation_of(values, &out.cols, col_rows) < 1e-6;
    out.undo(values, &old);
    ok
}

/// Rows away from a freed shift variable up to which [`free_with_helpers`] frees helpers: a
/// run network's arcs on the freed days (1), the arcs meeting them at their ends (2) and the
/// off-runs after those (3).
const HELPER_DEPTH: usize = 3;

struct State {
    objective: f64,
    values: Vec<f64>,
    version: u64,
    /// The changes that made the last versions, oldest first: `(version, column values)`.
    /// A worker a few versions behind catches up by replaying them instead of copying the
    /// whole assignment (a year-long roster has a million columns).
    journal: VecDeque<(u64, Vec<(usize, f64)>)>,
}

/// Versions the journal keeps.
const JOURNAL_LEN: usize = 1024;

impl State {
    fn record(&mut self, changes: Vec<(usize, f64)>) {
        self.version += 1;
        if self.journal.len() == JOURNAL_LEN {
            self.journal.pop_front();
        }
        self.journal.push_back((self.version, changes));
    }
}

/// The best roster found so far, shared by the polish workers and the whole-MIP thread, with
/// the best bound and a stop flag.
pub(crate) struct Shared {
    state: Mutex<State>,
    bound: Mutex<f64>,
    /// Relative gap at which the bound proves the incumbent good enough.
    rel_gap: f64,
    /// Set when the search should end (optimality proved).
    pub stop: AtomicBool,
    /// The LP relaxation's solution, once a worker has solved it.
    relaxation: Mutex<Option<Arc<Vec<f64>>>>,
    /// The LP relaxation's row duals, once solved (column generation's first duals).
    relaxation_duals: Mutex<Option<Arc<Vec<f64>>>>,
    /// Whether a worker has taken on solving the relaxation.
    relaxation_claimed: AtomicBool,
}

/// A worker's copy of the incumbent, kept up to date by [`Shared::sync`].
struct Local {
    values: Vec<f64>,
    objective: f64,
    version: u64,
    /// Columns this copy changed on its own since it last caught up (plateau moves).
    diverged: Vec<usize>,
}

impl Local {
    /// `out` (solved on this copy) together with the columns this copy changed on its own.
    fn with_own_moves(&self, mut out: PartOutcome) -> PartOutcome {
        if self.diverged.is_empty() {
            return out;
        }
        let mut changes = out.changes();
        changes.extend(
            self.diverged
                .iter()
                .filter(|v| out.cols.binary_search(v).is_err())
                .map(|&v| (v, self.values[v])),
        );
        changes.sort_unstable_by_key(|c| c.0);
        changes.dedup_by_key(|c| c.0);
        (out.cols, out.values) = changes.into_iter().unzip();
        out
    }
}

impl Shared {
    /// Starting from `values` (feasible); the search ends once the bound proves the incumbent
    /// within `rel_gap` ([`gap_closed`]).
    pub fn new(mip: &Mip, values: Vec<f64>, rel_gap: f64) -> Shared {
        Shared {
            state: Mutex::new(State {
                objective: mip.objective_of(&values),
                values,
                version: 0,
                journal: VecDeque::new(),
            }),
            bound: Mutex::new(f64::NEG_INFINITY),
            rel_gap,
            stop: AtomicBool::new(false),
            relaxation: Mutex::new(None),
            relaxation_duals: Mutex::new(None),
            relaxation_claimed: AtomicBool::new(false),
        }
    }

    /// The LP relaxation's solution, when solved.
    fn relaxation(&self) -> Option<Arc<Vec<f64>>> {
        self.relaxation.lock().ok().and_then(|r| r.clone())
    }

    /// The LP relaxation's row duals, when a worker has solved it.
    pub fn relaxation_duals(&self) -> Option<Arc<Vec<f64>>> {
        self.relaxation_duals.lock().ok().and_then(|d| d.clone())
    }

    /// Replaces the relaxation the relaxation-guided neighbourhoods steer by (e.g. with a
    /// tighter one than the compact LP's).
    pub fn set_relaxation(&self, values: Vec<f64>) {
        self.relaxation_claimed.store(true, Ordering::Relaxed);
        if let Ok(mut r) = self.relaxation.lock() {
            *r = Some(Arc::new(values));
        }
    }

    /// The incumbent: objective, values and version.
    pub fn snapshot(&self) -> (f64, Vec<f64>, u64) {
        self.state
            .lock()
            .map_or((f64::INFINITY, Vec::new(), 0), |s| {
                (s.objective, s.values.clone(), s.version)
            })
    }

    /// A worker's copy of the incumbent.
    fn local(&self) -> Local {
        let (objective, values, version) = self.snapshot();
        Local {
            values,
            objective,
            version,
            diverged: Vec::new(),
        }
    }

    /// Brings `local` up to the incumbent: replays the journal's changes since its version
    /// (or copies the whole assignment when the journal no longer reaches back), then resets
    /// the columns it changed on its own. Returns whether the version moved.
    fn sync(&self, local: &mut Local) -> bool {
        let Ok(s) = self.state.lock() else {
            return false;
        };
        if local.version == s.version && local.diverged.is_empty() {
            return false;
        }
        let moved = local.version != s.version;
        let reaches = local.values.len() == s.values.len()
            && s.journal
                .front()
                .is_some_and(|&(first, _)| first <= local.version + 1);
        if moved && reaches {
            let since = s
                .journal
                .iter()
                .filter(|(version, _)| *version > local.version);
            for &(v, x) in since.flat_map(|(_, changes)| changes) {
                local.values[v] = x;
            }
        } else if moved {
            local.values.clone_from(&s.values);
        }
        for v in local.diverged.drain(..) {
            local.values[v] = s.values[v];
        }
        local.version = s.version;
        local.objective = s.objective;
        moved
    }

    /// The incumbent's objective and version.
    pub fn head(&self) -> (f64, u64) {
        self.state
            .lock()
            .map_or((f64::INFINITY, 0), |s| (s.objective, s.version))
    }

    /// Offers a whole feasible roster; kept when better.
    pub fn offer(&self, objective: f64, values: &[f64]) {
        if let Ok(mut s) = self.state.lock() {
            if objective < s.objective - 1e-9 {
                s.objective = objective;
                s.values = values.to_vec();
                s.version += 1;
                // Every column may have changed: workers copy the whole assignment.
                s.journal.clear();
            }
        }
    }

    /// Merges a sub-MIP result computed on version `base` into the incumbent; returns
    /// whether it was kept (lower objective, every touched row holds).
    fn merge(&self, mip: &Mip, col_rows: &[Vec<u32>], base: u64, part: &PartOutcome) -> bool {
        self.merge_with(mip, col_rows, Some(base), part)
    }

    /// [`Shared::merge`]; with `base` `None` the helpers are always re-solved (a move search's
    /// result carries only its shifts' new values).
    fn merge_with(
        &self,
        mip: &Mip,
        col_rows: &[Vec<u32>],
        base: Option<u64>,
        part: &PartOutcome,
    ) -> bool {
        let Ok(mut s) = self.state.lock() else {
            return false;
        };
        let s = &mut *s;
        if base == Some(s.version) {
            if part.objective < s.objective - 1e-6 {
                part.apply(&mut s.values);
                s.objective = part.objective;
                s.record(part.changes());
                return true;
            }
            return false;
        }
        // The incumbent moved on: copy the freed shift variables, re-solve the helpers.
        let mut objective = s.objective;
        let mut shifts = Vec::new();
        let mut helpers = Vec::new();
        for (&v, &x) in part.cols.iter().zip(&part.values) {
            if mip.is_integer(v) {
                objective += mip.cost_of(v) * (x - s.values[v]);
                shifts.push((v, std::mem::replace(&mut s.values[v], x)));
            } else {
                helpers.push(v);
            }
        }
        let undo = |values: &mut [f64]| {
            for &(v, old) in &shifts {
                values[v] = old;
            }
        };
        let out = mip.solve_part(
            &helpers,
            &s.values,
            objective,
            col_rows,
            SolveOptions {
                time_limit_seconds: 10.0,
                mip_rel_gap: 0.0,
            },
            RunSettings::default(),
            None,
        );
        let Ok(out) = out.map_err(|_| undo(&mut s.values)) else {
            return false;
        };
        if out.status != "Optimal" || out.objective >= s.objective - 1e-6 {
            if super::solver::log_enabled() && base.is_none() {
                eprintln!(
                    "merge refused: {} {:.1} against {:.1} (predicted {:.1})",
                    out.status, out.objective, s.objective, part.objective
                );
            }
            undo(&mut s.values);
            return false;
        }
        let old = out.apply(&mut s.values);
        if mip.max_violation_of(&s.values, &part.cols, col_rows) > 1e-6 {
            out.undo(&mut s.values, &old);
            undo(&mut s.values);
            return false;
        }
        s.objective = out.objective;
        let mut changes: Vec<(usize, f64)> =
            shifts.iter().map(|&(v, _)| (v, s.values[v])).collect();
        changes.extend(out.changes());
        s.record(changes);
        true
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

    /// Whether the bound proves the incumbent (within the relative gap, or exactly).
    pub fn proven(&self) -> bool {
        gap_closed(self.head().0, self.bound(), self.rel_gap)
    }

    /// Whether the search should end: stop flag, or the gap closed.
    fn done(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.proven()
    }
}

/// The model and indexes the sweep and the polish work on.
pub(crate) struct Search<'a> {
    /// The roster model.
    pub mip: &'a Mip,
    /// Shift variables by agent and day.
    pub layout: &'a Layout,
    /// [`Mip::column_rows`].
    pub col_rows: &'a [Vec<u32>],
    /// Elastic slacks of hard minimum hours.
    pub hard: &'a [usize],
    /// The move search, when the closed form can price this model's moves.
    pub moves: Option<&'a Moves<'a>>,
}

impl Search<'_> {
    /// Repairs the incumbent agent by agent on `workers` threads: each agent short of a hard
    /// minimum gets its whole horizon solved as a sub-MIP with everyone else fixed — its own
    /// rules, minutes and requests against the cover the others leave — most minutes short
    /// first. From the empty roster this is a greedy construction made of exact single-agent
    /// problems. Returns whether any agent was short.
    ///
    /// `price` is what the pass pays for the missing minutes ([`MinutePrice`]): at their real
    /// price a window fills its days with the longest shifts wherever the rules allow, blind
    /// to the cover, so the first passes price them low.
    pub fn sweep(
        &self,
        shared: &Shared,
        deadline: Instant,
        workers: usize,
        price: MinutePrice,
    ) -> bool {
        let (mip, col_rows) = (self.mip, self.col_rows);
        let prices = self.minute_prices(price);
        let agents = self.layout.agents();
        let owner = self.layout.owners(mip.len());
        let (_, best, _) = shared.snapshot();
        let mut short = vec![0.0; agents];
        for &h in self.hard {
            if best[h] <= 1e-9 {
                continue;
            }
            let a = col_rows[h]
                .iter()
                .flat_map(|&r| mip.row_columns(r as usize))
                .map(|&c| owner[c as usize].0)
                .find(|&a| a != u32::MAX);
            if let Some(a) = a {
                short[a as usize] += best[h];
            }
        }
        let mut order: Vec<usize> = (0..agents).filter(|&a| short[a] > 0.0).collect();
        if order.is_empty() {
            return false;
        }
        // Among agents as short, those with fewer shift variables (fewer shifts they may
        // work) first: they have fewer ways to meet the cover, the others fill around them
        // (24: 98–103k against 105–111k at 60 s in three runs each; 20 and 23 alike or
        // better, 13 within its noise).
        let shifts: Vec<usize> = (0..agents).map(|a| self.layout.agent_binaries(a)).collect();
        order.sort_by(|&a, &b| {
            short[b]
                .total_cmp(&short[a])
                .then(shifts[a].cmp(&shifts[b]))
                .then(a.cmp(&b))
        });
        order.reverse(); // popped from the back
        let queue = Mutex::new(order);
        let log = super::solver::log_enabled();
        let work = || {
            let mut free = FreeSet::new(mip.len());
            let mut local = shared.local();
            loop {
                let (group, left_agents) = {
                    let Ok(mut q) = queue.lock() else { return };
                    let n = q.len();
                    let Some(a) = q.pop() else { return };
                    (vec![a], n)
                };
                let a = group[0];
                // A long horizon in windows of days, solved in turn (each from the roster the
                // last left): one sub-MIP over a year of one agent's days does not solve in
                // the seconds a sweep can give it.
                let cells = &self.layout.cells[a];
                let total = self.layout.agent_binaries(a);
                let days = cells.len();
                let window = if total <= SWEEP_WHOLE_VARS {
                    days
                } else {
                    whole_weeks((SWEEP_WINDOW_VARS * days / total).max(7)).min(days)
                };
                let windows = days.div_ceil(window.max(1));
                // Each agent starts at its own window and goes round: a window's sub-MIP
                // fills its days as full as the rules allow (the missing minutes cost more
                // than any cover), so starting every agent at day 0 crowded the first months
                // and left the last weekends bare (instance 21: 17 of ~45 staff).
                let first = a * windows / agents.max(1);
                for w in 0..windows {
                    let d0 = (first + w) % windows * window;
                    let left = deadline
                        .saturating_duration_since(Instant::now())
                        .as_secs_f64();
                    if left < 0.05 || shared.done() {
                        return;
                    }
                    let cols: Vec<usize> = cells[d0..(d0 + window).min(days)]
                        .iter()
                        .flatten()
                        .copied()
                        .collect();
                    if cols.is_empty() {
                        continue;
                    }
                    free_with_helpers(mip, col_rows, &cols, &mut free, window >= days);
                    let share =
                        left * workers as f64 * group.len() as f64 / (left_agents * windows) as f64;
                    let limit = share.clamp(0.05, 5.0).min(left);
                    shared.sync(&mut local);
                    let out = mip.solve_part(
                        free.sorted(),
                        &local.values,
                        local.objective,
                        col_rows,
                        SolveOptions {
                            time_limit_seconds: limit,
                            mip_rel_gap: SWEEP_GAP,
                        },
                        RunSettings::default(),
                        prices.as_ref(),
                    );
                    let Ok(out) = out else { continue };
                    let better = out.objective < local.objective - 1e-6;
                    let kept = better
                        && holds(mip, col_rows, &mut local.values, &out)
                        && shared.merge(mip, col_rows, local.version, &out);
                    if log {
                        eprintln!(
                            "sweep agent {a} days {d0}+{window}: {} {:.2}s obj {:.1} kept {kept}",
                            out.status, out.seconds, out.objective
                        );
                    }
                }
            }
        };
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(work);
            }
            work();
        });
        true
    }

    /// Prices of the hard-minimum slacks in a sweep pass at `price` (`None`: their own).
    fn minute_prices(&self, price: MinutePrice) -> Option<HashMap<usize, f64>> {
        let mip = self.mip;
        let hard: HashSet<usize> = self.hard.iter().copied().collect();
        let others = (0..mip.len())
            .filter(|&v| !mip.is_integer(v) && !hard.contains(&v) && mip.cost_of(v) > 0.0)
            .map(|v| mip.cost_of(v));
        // What a shift's minutes are worth.
        let per_shift = match price {
            MinutePrice::Real => return None,
            MinutePrice::CoverOnly => COVER_ONLY_SHARE * others.fold(f64::INFINITY, f64::min),
            MinutePrice::CoverFirst => COVER_FIRST_SHARE * others.fold(0.0, f64::max),
        };
        let mut prices = HashMap::new();
        if !per_shift.is_finite() || per_shift <= 0.0 {
            return Some(prices);
        }
        for &h in self.hard {
            let shift = self.col_rows[h]
                .iter()
                .flat_map(|&r| {
                    let r = r as usize;
                    mip.row_columns(r)
                        .iter()
                        .zip(mip.row_values(r))
                        .filter(|(&c, _)| mip.is_integer(c as usize))
                        .map(|(_, &a)| a.abs())
                })
                .fold(0.0, f64::max);
            if shift > 0.0 && mip.cost_of(h) > 0.0 {
                prices.insert(h, mip.cost_of(h).min(per_shift / shift));
            }
        }
        Some(prices)
    }

    /// Polishes the shared incumbent on `workers` threads until `deadline`, the stop flag or
    /// the bound.
    pub fn polish(
        &self,
        shared: &Shared,
        deadline: Instant,
        seed: u64,
        workers: usize,
    ) -> PolishReport {
        let reports: Vec<PolishReport> = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..workers)
                .map(|w| scope.spawn(move || self.polish_worker(shared, deadline, seed + w as u64)))
                .collect();
            let mut out = vec![self.polish_worker(shared, deadline, seed)];
            out.extend(handles.into_iter().filter_map(|h| h.join().ok()));
            out
        });
        PolishReport {
            steps: reports.iter().map(|r| r.steps).sum(),
            improvements: reports.iter().map(|r| r.improvements).sum(),
        }
    }

    fn polish_worker(&self, shared: &Shared, deadline: Instant, seed: u64) -> PolishReport {
        let (mip, layout, col_rows) = (self.mip, self.layout, self.col_rows);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let (agents, days) = (layout.agents(), layout.days());
        let total = layout.binaries();
        let mut report = PolishReport::default();
        if total == 0 || agents == 0 || days == 0 {
            return report;
        }
        let owner = layout.owners(mip.len());
        let per_cell = total as f64 / (agents * days) as f64;
        let cap = (total as f64 * 0.7).max(1.0);
        let start_size = START_SIZE.min(cap);
        let mut arms: Vec<Arm> = KINDS
            .iter()
            .map(|_| Arm {
                size: start_size,
                score: 1.0,
            })
            .collect();
        // Sub-MIP time limit: 1 s, doubled (with the sizes) after a run of steps without
        // improvement, back to 1 s on an improvement — small fast steps while they pay,
        // bigger and longer ones to leave a local optimum.
        let mut sub_limit: f64 = 1.0;
        let mut stale = 0usize;
        let mut free = FreeSet::new(mip.len());
        let log = super::solver::log_enabled();
        // The first worker solves the LP relaxation (within a share of the time) for the
        // relaxation-guided neighbourhoods of every worker.
        if total <= RELAX_INTERIOR_MAX_BINARIES
            && !shared.relaxation_claimed.swap(true, Ordering::Relaxed)
        {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            let at = Instant::now();
            let lp = if total <= RELAX_MAX_BINARIES {
                mip.relaxation_with_duals((left * RELAX_SHARE).min(RELAX_LIMIT))
            } else {
                mip.relaxation_interior((left * RELAX_INTERIOR_SHARE).min(RELAX_INTERIOR_LIMIT))
            };
            let lp = lp.map(|lp| {
                if let Ok(mut d) = shared.relaxation_duals.lock() {
                    *d = Some(Arc::new(lp.row_duals));
                }
                lp.values
            });
            if log {
                match &lp {
                    Some(lp) => eprintln!(
                        "relaxation solved in {:.2}s: {:.2}",
                        at.elapsed().as_secs_f64(),
                        mip.objective_of(lp)
                    ),
                    None => eprintln!(
                        "relaxation not solved in {:.2}s",
                        at.elapsed().as_secs_f64()
                    ),
                }
            }
            if let Some(lp) = &lp {
                // The relaxation's optimum bounds every roster from below (with HiGHS's
                // tolerance taken off): until session 16 the whole MIP's simplex root on
                // instance 19 outlasted the minute, and this was the only bound there was.
                let objective = mip.objective_of(lp);
                shared.raise_bound(objective - LP_BOUND_TOLERANCE * objective.abs().max(1.0));
            }
            if let (Some(lp), Ok(mut r)) = (lp, shared.relaxation.lock()) {
                *r = Some(Arc::new(lp));
            }
        }
        let mut lp;
        let mut local = shared.local();
        let (mut by_agent, mut by_day) = pain(mip, layout, &owner, col_rows, &local.values);
        while !shared.done() {
            // Re-read each step: a tighter relaxation may replace the first.
            lp = shared.relaxation();
            if shared.head().1 != local.version {
                shared.sync(&mut local);
                (by_agent, by_day) = pain(mip, layout, &owner, col_rows, &local.values);
            }
            let best_obj = local.objective;
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left < 0.02 {
                break;
            }
            // Kind: see `choose_kind` (the relaxation-guided kind once the relaxation is
            // solved, the move search when the model has one).
            let allowed: Vec<usize> = (0..KINDS.len())
                .filter(|&k| match KINDS[k] {
                    Kind::Relaxation => lp.is_some(),
                    Kind::Moves => self.moves.is_some(),
                    _ => true,
                })
                .collect();
            let k = choose_kind(&mut rng, &arms, &allowed);
            let kind = KINDS[k];
            if let (Kind::Moves, Some(moves)) = (kind, self.moves) {
                let at = Instant::now();
                let burst = MOVES_BURST.min(left);
                let kept = self.move_burst(moves, shared, &mut local, &mut free, &mut rng, burst);
                report.steps += 1;
                let seconds = at.elapsed().as_secs_f64();
                let gain = (best_obj - local.objective).max(0.0);
                if log {
                    eprintln!(
                        "step {} Moves {:.2}s obj {:.1} (best {best_obj:.1}) kept {kept}",
                        report.steps, seconds, local.objective
                    );
                }
                if kept {
                    report.improvements += 1;
                    stale = 0;
                    (by_agent, by_day) = pain(mip, layout, &owner, col_rows, &local.values);
                }
                arms[k].record(gain, seconds, best_obj);
                continue;
            }
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
                Kind::Scatter => {
                    // Centre days of 3 days each: as many as the size allows over every
                    // agent, at least two (then over fewer agents).
                    let cells = size / per_cell;
                    let centres = centre_days(cells / (3.0 * agents as f64), days);
                    let n = (cells / (3.0 * centres as f64)).round() as usize;
                    (n.clamp(2.min(agents), agents), centres)
                }
                Kind::Spread => {
                    // One or two agents, as many centre days as the size allows.
                    let n = rng.gen_range(1..=2usize).min(agents);
                    (n, centre_days(size / (per_cell * 3.0 * n as f64), days))
                }
                Kind::Relaxation | Kind::Moves => (agents, days),
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
            let span: Vec<usize> = if matches!(kind, Kind::Scatter | Kind::Spread) {
                scattered_days(&mut rng, &by_day, d_len)
            } else if d_len >= days {
                (0..days).collect()
            } else {
                // A window around a painful day.
                let centre = pick(&mut rng, &by_day, &[]);
                let lo = centre.saturating_sub(rng.gen_range(0..d_len));
                let d0 = lo.min(days - d_len);
                (d0..d0 + d_len).collect()
            };
            let mut shift_cols = Vec::new();
            if let (Kind::Relaxation, Some(lp)) = (kind, &lp) {
                let (cols, n) = differing_columns(&mut rng, layout, lp, &local.values, size);
                shift_cols = cols;
                chosen.truncate(n);
            } else {
                for &a in &chosen {
                    for &d in &span {
                        shift_cols.extend_from_slice(&layout.cells[a][d]);
                    }
                }
            }
            if shift_cols.is_empty() {
                continue;
            }
            let whole = span.len() >= days && kind != Kind::Relaxation;
            free_with_helpers(mip, col_rows, &shift_cols, &mut free, whole);
            let limit = sub_limit.min(left);
            let out = mip.solve_part(
                free.sorted(),
                &local.values,
                local.objective,
                col_rows,
                SolveOptions {
                    time_limit_seconds: limit,
                    mip_rel_gap: 0.0,
                },
                RunSettings {
                    seed: rng.gen_range(0..i32::MAX),
                    ..RunSettings::default()
                },
                None,
            );
            report.steps += 1;
            let Ok(out) = out else {
                arms[k].size = (arms[k].size * 0.7).max(10.0);
                continue;
            };
            if log {
                eprintln!(
                    "step {} {:?} agents {} days {}..{} ({}) free {} limit {:.1}: {} {:.2}s obj {:.1} (best {:.1})",
                    report.steps,
                    kind,
                    chosen.len(),
                    span[0],
                    span[span.len() - 1],
                    span.len(),
                    shift_cols.len(),
                    limit,
                    out.status,
                    out.seconds,
                    out.objective,
                    best_obj
                );
            }
            let optimal = out.status == "Optimal";
            let gain = (best_obj - out.objective).max(0.0);
            let feasible = holds(mip, col_rows, &mut local.values, &out);
            if gain > 1e-6 && feasible {
                // The answer was computed on this worker's copy, plateau moves included: they
                // go into the incumbent with it.
                let merged = local.with_own_moves(out.clone());
                if shared.merge(mip, col_rows, local.version, &merged) {
                    report.improvements += 1;
                    stale = 0;
                    sub_limit = 1.0;
                }
                shared.sync(&mut local);
                (by_agent, by_day) = pain(mip, layout, &owner, col_rows, &local.values);
            } else if out.objective <= best_obj + 1e-9 && feasible && rng.gen_bool(0.5) {
                // Same cost, another roster: move there locally (plateau moves diversify).
                out.apply(&mut local.values);
                local.diverged.extend_from_slice(&out.cols);
            }
            if gain <= 1e-6 {
                stale += 1;
                if stale.is_multiple_of(STALE_STEPS) {
                    sub_limit = (sub_limit * 2.0).min(MAX_SUB_LIMIT);
                    for arm in &mut arms {
                        arm.size = (arm.size * 1.5).min(cap);
                    }
                }
            }
            arms[k].record(gain, out.seconds, best_obj);
            if optimal && out.seconds < 0.25 * limit {
                arms[k].size = (arms[k].size * GROWTH).min(cap);
            } else if !optimal {
                arms[k].size = (arms[k].size * 0.8).max(10.0);
            }
        }
        report
    }
}

impl Search<'_> {
    /// One burst of the move search on the worker's copy `local`; its changed shifts (with
    /// the copy's own plateau moves) are merged into the incumbent with their helpers
    /// re-solved. Returns whether the incumbent took them; `local` is synced either way.
    fn move_burst(
        &self,
        moves: &Moves,
        shared: &Shared,
        local: &mut Local,
        free: &mut FreeSet,
        rng: &mut impl Rng,
        seconds: f64,
    ) -> bool {
        let (mip, col_rows) = (self.mip, self.col_rows);
        let at = Instant::now();
        let mut state = moves.state(&local.values);
        let until = at + std::time::Duration::from_secs_f64(seconds);
        let found = moves.search(&mut state, &local.values, until, usize::MAX, rng);
        let log = super::solver::log_enabled();
        if log {
            eprintln!(
                "moves: {} tried, {} kept, {} shifts changed, predicted {:.1} at {:.2}s",
                found.tried,
                found.kept,
                found.changes.len(),
                found.delta,
                at.elapsed().as_secs_f64()
            );
        }
        if found.delta > -1e-6 || found.changes.is_empty() {
            return false;
        }
        let cols: Vec<usize> = found.changes.iter().map(|c| c.0).collect();
        // The helpers near the changed shifts first (an LP of thousands of columns, not of
        // the agents' whole run networks); all of them when those cannot absorb the change.
        let mut kept = false;
        for whole in [false, true] {
            let version = shared.head().1;
            free_with_helpers(mip, col_rows, &cols, free, whole);
            let part_cols = free.sorted().to_vec();
            let mut values: Vec<f64> = part_cols.iter().map(|&v| local.values[v]).collect();
            for &(v, x) in &found.changes {
                if let Ok(i) = part_cols.binary_search(&v) {
                    values[i] = x;
                }
            }
            let part = local.with_own_moves(PartOutcome {
                cols: part_cols,
                values,
                objective: local.objective + found.delta,
                status: "Moves".into(),
                seconds: at.elapsed().as_secs_f64(),
            });
            let helpers = part.cols.len() - cols.len();
            kept = shared.merge_with(mip, col_rows, None, &part);
            if log {
                eprintln!(
                    "moves merged ({helpers} helpers): {kept} at {:.2}s",
                    at.elapsed().as_secs_f64()
                );
            }
            // Refused on another incumbent: a worse roster, not a helper that could not move.
            if kept || shared.head().1 != version {
                break;
            }
        }
        shared.sync(local);
        kept
    }
}

/// Seconds of one move-search burst.
const MOVES_BURST: f64 = 0.5;

/// Neighbourhood kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Every agent over a window of days.
    Days,
    /// A few agents over the whole horizon.
    Agents,
    /// A few agents over a window of days.
    Block,
    /// Several painful days apart, each with its neighbours, for every agent or a few.
    Scatter,
    /// One or two agents on many painful days across the horizon, each with its neighbours:
    /// an agent bound by a horizon budget (its minimum minutes, say) trades a long shift on
    /// an over-covered day for the short one an under-covered day needs, and makes up the
    /// minutes on another painful day months away.
    Spread,
    /// The shift variables where the incumbent differs from the LP relaxation's solution,
    /// of agents drawn by how much they differ (relaxation-induced neighbourhood search,
    /// RINS): where the LP bound is tight, the relaxation points at what to change.
    Relaxation,
    /// A burst of the move search ([`Moves`]) on the worker's copy: no sub-MIP, hundreds of
    /// thousands of priced moves a second.
    Moves,
}

/// Every kind; [`Kind::Moves`] next to last (drawn only when the model has a move search),
/// [`Kind::Relaxation`] last (drawn only once the relaxation is solved).
const KINDS: [Kind; 7] = [
    Kind::Days,
    Kind::Agents,
    Kind::Block,
    Kind::Scatter,
    Kind::Spread,
    Kind::Moves,
    Kind::Relaxation,
];

/// Adaptive state of one neighbourhood kind.
struct Arm {
    /// Target number of free shift variables.
    size: f64,
    /// Recent gain per second (exponential average).
    score: f64,
}

impl Arm {
    /// Scores a step that gained `gain` on an objective of `best` in `seconds`: the gain per
    /// second as a share of the objective, averaged with the arm's recent steps.
    fn record(&mut self, gain: f64, seconds: f64, best: f64) {
        let scale = best.abs().max(1.0);
        let rate = gain.min(scale) / seconds.max(0.01);
        self.score = 0.8 * self.score + 0.2 * (rate / scale * 100.0 + 0.01);
    }
}

/// The arm to try next: the best scoring one (recent gain per second), or with probability
/// [`EXPLORE`] one at random. Greedy, not drawn in proportion to the scores: one kind often
/// earns several times the others (on instance 23 an agent over its whole horizon earned
/// 1,000 points a second, the rest 150–400), and a proportional draw gave it only a third of
/// the time.
fn choose_kind(rng: &mut impl Rng, arms: &[Arm], allowed: &[usize]) -> usize {
    if rng.gen_bool(EXPLORE) {
        allowed[rng.gen_range(0..allowed.len())]
    } else {
        allowed
            .iter()
            .copied()
            .max_by(|&a, &b| arms[a].score.total_cmp(&arms[b].score))
            .unwrap_or(0)
    }
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

/// How many centre days a scattered neighbourhood takes for `wanted` of them: at least two,
/// at most a third of the `days` (each brings its neighbours), never more than there are.
fn centre_days(wanted: f64, days: usize) -> usize {
    (wanted.round() as usize).clamp(2.min(days), (days / 3).max(2.min(days)))
}

/// The days of a scattered neighbourhood: `centres` distinct days drawn by their pain
/// `by_day` ([`pick`]), each with the day before and after — the days the incumbent pays on
/// (short weekends, say) re-planned together, across weeks. Sorted, without repeats.
fn scattered_days(rng: &mut impl Rng, by_day: &[f64], centres: usize) -> Vec<usize> {
    let days = by_day.len();
    let mut chosen: Vec<usize> = Vec::with_capacity(centres);
    while chosen.len() < centres.min(days) {
        let d = pick(rng, by_day, &chosen);
        chosen.push(d);
    }
    let mut span: Vec<usize> = chosen
        .iter()
        .flat_map(|&c| c.saturating_sub(1)..(c + 2).min(days))
        .collect();
    span.sort_unstable();
    span.dedup();
    span
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

/// The shift variables of a relaxation-guided neighbourhood: those more than
/// [`RELAX_DIFFERENCE`] from the relaxation `lp` in the incumbent `values`, of agents drawn
/// by their summed difference ([`pick`]) until `size` variables are in. Returns them and the
/// number of agents drawn.
fn differing_columns(
    rng: &mut impl Rng,
    layout: &Layout,
    lp: &[f64],
    values: &[f64],
    size: f64,
) -> (Vec<usize>, usize) {
    let agents = layout.agents();
    let mut by_agent = vec![0.0; agents];
    let mut differing: Vec<Vec<usize>> = vec![Vec::new(); agents];
    for (a, row) in layout.cells.iter().enumerate() {
        for &v in row.iter().flatten() {
            let d = (lp[v] - values[v]).abs();
            if d > RELAX_DIFFERENCE {
                by_agent[a] += d;
                differing[a].push(v);
            }
        }
    }
    let mut chosen = Vec::new();
    let mut cols = Vec::new();
    while (cols.len() as f64) < size && chosen.len() < agents {
        let a = pick(rng, &by_agent, &chosen);
        chosen.push(a);
        cols.extend_from_slice(&differing[a]);
    }
    (cols, chosen.len())
}

/// How far a shift variable of the incumbent must be from the relaxation's value to be freed
/// by a relaxation-guided neighbourhood.
const RELAX_DIFFERENCE: f64 = 0.1;

/// Share of polish steps whose neighbourhood kind is drawn at random rather than the best
/// scoring one: enough for a kind that has gone quiet to be tried again.
const EXPLORE: f64 = 0.2;

/// Shift variables up to which the polish solves the LP relaxation to a vertex (as the
/// portfolio runs the whole MIP).
const RELAX_MAX_BINARIES: usize = 30_000;

/// Shift variables up to which the polish solves the LP relaxation at all: beyond
/// [`RELAX_MAX_BINARIES`], at the interior-point optimum without crossover (half the time).
/// Measured at 60 s: instance 20 (35,260) solves it in 22 s, and with its RINS neighbourhoods
/// gave 5,760 and 5,471 (bound 4,130; best known 4,769) against 6,124 and 6,188 without (no
/// bound), seeds 0 and 1. On 13 (39,936) it takes 15 s but bounds only 523 (best known 1,348),
/// and the rosters were 2,215 and 2,723 against 2,207–2,282; 21 (90,692) takes 66 s.
const RELAX_INTERIOR_MAX_BINARIES: usize = 36_000;

/// [`RELAX_LIMIT`] and [`RELAX_SHARE`] of the relaxation beyond [`RELAX_MAX_BINARIES`], whose
/// 22 s on instance 20 are worth half the time the sweep leaves.
const RELAX_INTERIOR_LIMIT: f64 = 30.0;
/// See [`RELAX_INTERIOR_LIMIT`].
const RELAX_INTERIOR_SHARE: f64 = 0.5;

/// Relative tolerance taken off the LP relaxation's objective before it serves as a bound
/// (HiGHS's optimality tolerances are 1e-7).
const LP_BOUND_TOLERANCE: f64 = 1e-6;

/// Longest time the LP relaxation may take, seconds.
const RELAX_LIMIT: f64 = 15.0;
/// Share of the time left the LP relaxation may take (see [`RELAX_LIMIT`]).
const RELAX_SHARE: f64 = 0.25;

/// Free shift variables a neighbourhood kind starts with.
const START_SIZE: f64 = 400.0;

/// Growth of a kind's size after a sub-MIP solved to optimality in under a quarter of its
/// limit (sub-MIPs of 800+ free shift variables of instance 8 solve in 0.2–0.6 s; at 1.2 a
/// kind took most of the minute to get there).
const GROWTH: f64 = 1.5;

/// Steps without improvement after which the polish doubles its sub-MIP limit and grows its
/// neighbourhoods.
const STALE_STEPS: usize = 12;

/// Longest sub-MIP of the polish, seconds.
const MAX_SUB_LIMIT: f64 = 16.0;

/// `days` rounded to the nearest whole number of weeks (at least one) when it is a week or
/// more: a sweep window then holds whole weeks from the horizon's first day (a Monday on the
/// benchmark and in the product), so no window decides a Saturday without its Sunday. Windows
/// of 13–44 days had split weekends on instances 20–22; whole weeks gave 5,890 and 5,708
/// against 6,347 and 6,162 on 20, 24,362 and 24,765 against 26,061 and 25,964 on 21, and
/// 42,354 and 43,031 against 46,095 and 46,704 on 22 (seeds 0 and 1, 60 s).
fn whole_weeks(days: usize) -> usize {
    if days < 7 {
        days
    } else {
        (days + 3) / 7 * 7
    }
}

/// Shift variables of one agent up to which the sweep solves the agent's whole horizon at once
/// (every agent of instances 1–19; split in two windows, an agent of instance 15 with 126 stayed
/// short of its minimum).
const SWEEP_WHOLE_VARS: usize = 400;

/// Shift variables of a sweep window of an agent above [`SWEEP_WHOLE_VARS`]: a week or a few
/// (instance 24, a year of up to 19 shift types a day, sweeps 8,000 such windows in 45 s; with
/// windows of 400, 143 of its 150 agents were still short at 60 s).
const SWEEP_WINDOW_VARS: usize = 120;

/// What a sweep pass pays for the minutes an agent is short of a hard minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MinutePrice {
    /// A shift's minutes are worth a tenth of the cheapest other price in the model
    /// ([`COVER_ONLY_SHARE`]): a window takes only the shifts that meet an unmet cover (or a
    /// request), wherever in the horizon they are. Priced above an over-cover, the first
    /// windows an agent visited took every shift the rules allowed and spent its maximum
    /// minutes in a few months (instance 24: sweep 262–271k, final 151–157k in three runs;
    /// priced so, and with the next pass, 134–136k and 105–111k).
    CoverOnly,
    /// A shift's minutes are worth a quarter of the dearest other price
    /// ([`COVER_FIRST_SHARE`], an unmet cover): less than the cover a shift meets, more than
    /// an over-cover or a request, so the agent works up to its minimum on the days and
    /// shifts the cover needs most.
    CoverFirst,
    /// The model's own price: whatever is still short is filled wherever the rules allow.
    Real,
}

impl MinutePrice {
    /// The price of sweep pass `pass` (0-based).
    pub fn of_pass(pass: usize) -> MinutePrice {
        match pass {
            0 => MinutePrice::CoverOnly,
            1 => MinutePrice::CoverFirst,
            _ => MinutePrice::Real,
        }
    }
}

/// See [`MinutePrice::CoverOnly`].
const COVER_ONLY_SHARE: f64 = 0.1;

/// See [`MinutePrice::CoverFirst`].
const COVER_FIRST_SHARE: f64 = 0.25;

/// Relative gap of the sweep's single-agent sub-MIPs: a construction needs a good roster
/// fast, not a proof (their objective holds every day's cover price, so 1 % is a few shifts).
const SWEEP_GAP: f64 = 1e-2;

#[cfg(test)]
mod tests {
    use super::*;

    /// A year-long chain as a run network makes one: a shift variable per day, each tied to
    /// its day's helper, helpers linked day to day.
    fn chain(days: usize) -> (Mip, Vec<usize>, Vec<usize>) {
        let mut mip = Mip::new();
        let x: Vec<usize> = (0..days).map(|_| mip.binary(1.0)).collect();
        let h: Vec<usize> = (0..days).map(|_| mip.continuous(0.0, 1.0, 0.0)).collect();
        for d in 0..days {
            mip.eq(&[(x[d], 1.0), (h[d], -1.0)], 0.0);
            if d + 1 < days {
                mip.le(&[(h[d], 1.0), (h[d + 1], 1.0)], 1.0);
            }
        }
        (mip, x, h)
    }

    /// [`chain`] with every other day worked (feasible: no two helpers of neighbouring days at
    /// 1; cost `days / 2`) as the start.
    fn alternate_days(days: usize) -> (Mip, Vec<usize>, Vec<usize>, Vec<f64>) {
        let (mip, x, h) = chain(days);
        let mut start = vec![0.0; mip.len()];
        for d in (0..days).step_by(2) {
            start[x[d]] = 1.0;
            start[h[d]] = 1.0;
        }
        (mip, x, h, start)
    }

    /// Sweeps from the empty roster, one worker, one pass at each of `prices`: after each,
    /// whether an agent was short, the objective and the roster.
    fn swept(
        mip: &Mip,
        layout: &Layout,
        hard: &[usize],
        prices: &[MinutePrice],
    ) -> Vec<(bool, f64, Vec<f64>)> {
        let col_rows = mip.column_rows();
        let search = Search {
            mip,
            layout,
            col_rows: &col_rows,
            hard,
            moves: None,
        };
        let shared = Shared::new(mip, empty_start(mip, &col_rows).unwrap(), 0.0);
        let deadline = Instant::now() + std::time::Duration::from_secs(30);
        prices
            .iter()
            .map(|&price| {
                let any_short = search.sweep(&shared, deadline, 1, price);
                let (objective, values, _) = shared.snapshot();
                (any_short, objective, values)
            })
            .collect()
    }

    #[test]
    fn sweep_windows_are_whole_weeks() {
        for days in 1..7 {
            assert_eq!(whole_weeks(days), days);
        }
        for days in 7..100 {
            let w = whole_weeks(days);
            assert_eq!(w % 7, 0, "{days}");
            assert!(w.abs_diff(days) <= 3, "{days} → {w}");
        }
    }

    #[test]
    fn bursts_of_moves_enter_the_incumbent_with_their_helpers_re_solved() {
        // Instance 5 of the public benchmark (tests/fixtures/nrp): runs, weekends,
        // successions, requests; its run networks are helpers the merge must re-solve.
        let (p, m) = crate::schedule::roster::nrp_fixture(5);
        let layout = m.layout();
        let col_rows = m.mip.column_rows();
        let keeps = m.agent_rules(&p);
        let moves = Moves::new(&m.mip, &layout, &col_rows, m.templates(), &keeps).unwrap();
        let search = Search {
            mip: &m.mip,
            layout: &layout,
            col_rows: &col_rows,
            hard: &[],
            moves: Some(&moves),
        };
        let shared = Shared::new(&m.mip, empty_start(&m.mip, &col_rows).unwrap(), 0.0);
        let start = shared.head().0;
        let mut local = shared.local();
        let mut free = FreeSet::new(m.mip.len());
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        // From the empty roster every agent is short of its minimum: the first burst gains.
        assert!(search.move_burst(&moves, &shared, &mut local, &mut free, &mut rng, 0.2));
        for _ in 0..2 {
            search.move_burst(&moves, &shared, &mut local, &mut free, &mut rng, 0.2);
        }
        let (objective, values, _) = shared.snapshot();
        assert!(objective < start - 1.0, "{start} → {objective}");
        assert!(m.mip.max_violation(&values) < 1e-6);
        assert!((m.mip.objective_of(&values) - objective).abs() < 1e-6);
        // The worker's copy caught up with the incumbent.
        assert_eq!(local.values, values);
    }

    /// One agent, two days, one 480-minute shift a day: day 0 needs a person (unmet: 100),
    /// day 1 none (over-cover: 1), and a hard minimum of both shifts (1,000 a missing minute).
    #[test]
    fn the_cover_only_pass_takes_only_needed_shifts_and_the_next_fills_the_minimum() {
        let mut mip = Mip::new();
        let x = [mip.binary(0.0), mip.binary(0.0)];
        let under = [
            mip.continuous(0.0, 1.0, 100.0),
            mip.continuous(0.0, 0.0, 100.0),
        ];
        let over = [mip.continuous(0.0, 1.0, 1.0), mip.continuous(0.0, 1.0, 1.0)];
        for (d, required) in [1.0, 0.0].into_iter().enumerate() {
            mip.eq(&[(x[d], 1.0), (under[d], 1.0), (over[d], -1.0)], required);
        }
        let short = mip.continuous(0.0, 960.0, 1000.0);
        mip.ge(&[(x[0], 480.0), (x[1], 480.0), (short, 1.0)], 960.0);
        let layout = Layout::new(1, 2, [(x[0], 0, 0), (x[1], 0, 1)].into_iter());
        use MinutePrice::*;
        let passes = swept(&mip, &layout, &[short], &[CoverOnly, CoverFirst, Real]);
        // A shift's minutes are worth a tenth of the cheapest price (the over-cover): only
        // the needed shift is worth working.
        let (any_short, objective, values) = &passes[0];
        assert!(any_short);
        assert_eq!((values[x[0]], values[x[1]]), (1.0, 0.0));
        assert_eq!(*objective, 480_000.0);
        // Worth a quarter of the unmet cover, the minutes outweigh the over-cover.
        let (any_short, objective, values) = &passes[1];
        assert!(any_short);
        assert_eq!((values[x[0]], values[x[1]]), (1.0, 1.0));
        assert_eq!(*objective, 1.0);
        // Nobody is short any more.
        assert!(!passes[2].0);
        assert_eq!(MinutePrice::of_pass(0), MinutePrice::CoverOnly);
        assert_eq!(MinutePrice::of_pass(1), MinutePrice::CoverFirst);
        assert_eq!(MinutePrice::of_pass(3), MinutePrice::Real);
    }

    /// Two agents as short of their minimum and one needed shift on one day; agent 0 may
    /// work two shifts that day, agent 1 only the needed one. Agent 1, with fewer shifts
    /// open to it, goes first and takes the needed shift.
    #[test]
    fn the_sweep_takes_agents_with_fewer_shifts_first() {
        let mut mip = Mip::new();
        let flexible = [mip.binary(0.0), mip.binary(0.0)];
        let narrow = mip.binary(0.0);
        let under = mip.continuous(0.0, 1.0, 100.0);
        let over = mip.continuous(0.0, 2.0, 1.0);
        mip.eq(
            &[
                (flexible[0], 1.0),
                (narrow, 1.0),
                (under, 1.0),
                (over, -1.0),
            ],
            1.0,
        );
        let other_over = mip.continuous(0.0, 1.0, 1.0);
        mip.eq(&[(flexible[1], 1.0), (other_over, -1.0)], 0.0);
        mip.le(&[(flexible[0], 1.0), (flexible[1], 1.0)], 1.0);
        let short: Vec<usize> = (0..2).map(|_| mip.continuous(0.0, 480.0, 1000.0)).collect();
        mip.ge(
            &[(flexible[0], 480.0), (flexible[1], 480.0), (short[0], 1.0)],
            480.0,
        );
        mip.ge(&[(narrow, 480.0), (short[1], 1.0)], 480.0);
        let cells = [(flexible[0], 0, 0), (flexible[1], 0, 0), (narrow, 1, 0)];
        let layout = Layout::new(2, 1, cells.into_iter());
        let passes = swept(&mip, &layout, &short, &[MinutePrice::CoverOnly]);
        let (any_short, _, values) = &passes[0];
        assert!(any_short);
        assert_eq!(values[narrow], 1.0);
        assert_eq!(values[flexible[0]] + values[flexible[1]], 0.0);
    }

    #[test]
    fn a_window_frees_the_helpers_near_it_not_the_whole_horizon() {
        let (mip, x, h) = chain(364);
        let col_rows = mip.column_rows();
        let mut free = FreeSet::new(mip.len());
        free_with_helpers(&mip, &col_rows, &x[180..187], &mut free, false);
        let freed: Vec<usize> = (0..364).filter(|&d| free.contains(h[d])).collect();
        // The window's own helpers and those up to HELPER_DEPTH − 1 days either side.
        let reach = HELPER_DEPTH - 1;
        assert_eq!(freed, (180 - reach..187 + reach).collect::<Vec<_>>());
        assert!((0..364).filter(|&d| free.contains(x[d])).eq(180..187));
        // A whole horizon frees every helper linked to it, however far.
        free_with_helpers(&mip, &col_rows, &x[..], &mut free, true);
        assert!((0..364).all(|d| free.contains(h[d]) && free.contains(x[d])));
        free_with_helpers(&mip, &col_rows, &x[0..1], &mut free, true);
        assert!((0..364).filter(|&d| free.contains(h[d])).count() == 364);
    }

    #[test]
    fn a_window_sub_problem_stays_feasible_and_never_worse() {
        // Alternate days worked: feasible (no two helpers of neighbouring days at 1), cost 182.
        let (mip, x, _, start) = alternate_days(364);
        let col_rows = mip.column_rows();
        assert!(mip.max_violation(&start) < 1e-9);
        let mut free = FreeSet::new(mip.len());
        free_with_helpers(&mip, &col_rows, &x[100..110], &mut free, false);
        let out = mip
            .solve_part(
                free.sorted(),
                &start,
                mip.objective_of(&start),
                &col_rows,
                SolveOptions {
                    time_limit_seconds: 10.0,
                    mip_rel_gap: 0.0,
                },
                RunSettings::default(),
                None,
            )
            .unwrap();
        // Every day in the window off is the sub-problem's optimum (cost 1 a shift).
        let mut values = start.clone();
        out.apply(&mut values);
        assert!(mip.max_violation(&values) < 1e-9);
        assert_eq!(out.objective, 182.0 - 5.0);
        assert_eq!(mip.objective_of(&values), 182.0 - 5.0);
        assert!((100..110).all(|d| values[x[d]] == 0.0));
        // Only the window's shift variables and nearby helpers were in the sub-problem.
        assert!(out.cols.len() < 30, "{}", out.cols.len());
    }

    #[test]
    fn workers_catch_up_by_the_journal_and_merges_keep_every_row() {
        // Alternate days worked (cost 182); two workers each empty a window from version 0.
        let (mip, x, h, start) = alternate_days(364);
        let col_rows = mip.column_rows();
        let shared = Shared::new(&mip, start, 0.0);
        let (mut a, mut b) = (shared.local(), shared.local());
        let mut free = FreeSet::new(mip.len());
        let window = |local: &Local, days: std::ops::Range<usize>, free: &mut FreeSet| {
            free_with_helpers(&mip, &col_rows, &x[days], free, false);
            mip.solve_part(
                free.sorted(),
                &local.values,
                local.objective,
                &col_rows,
                SolveOptions::default(),
                RunSettings::default(),
                None,
            )
            .unwrap()
        };
        let first = window(&a, 100..110, &mut free);
        let second = window(&b, 200..210, &mut free);
        assert!(shared.merge(&mip, &col_rows, a.version, &first));
        // Computed on version 0 while the incumbent is at 1: merged by re-solving helpers.
        assert!(shared.merge(&mip, &col_rows, b.version, &second));
        // A plateau move of b's own is undone when it catches up.
        b.values[x[300]] = 1.0 - b.values[x[300]];
        b.diverged.push(x[300]);
        assert!(shared.sync(&mut a) && shared.sync(&mut b));
        let (objective, values, version) = shared.snapshot();
        assert_eq!((a.version, b.version), (version, version));
        assert_eq!(version, 2);
        assert_eq!(a.values, values);
        assert_eq!(b.values, values);
        assert_eq!(objective, 182.0 - 10.0);
        assert_eq!(mip.objective_of(&values), objective);
        assert!(mip.max_violation(&values) < 1e-9);
        // A whole roster offered clears the journal: a worker behind copies the incumbent.
        let mut fewer = values.clone();
        for d in (0..100).step_by(2) {
            fewer[x[d]] = 0.0;
            fewer[h[d]] = 0.0;
        }
        shared.offer(mip.objective_of(&fewer), &fewer);
        assert!(shared.sync(&mut a));
        assert_eq!(a.values, fewer);
        assert_eq!(a.objective, 182.0 - 60.0);
        // A worker's own move (day 300 off) goes into the incumbent with its next answer.
        for v in [x[300], h[300]] {
            a.values[v] = 0.0;
            a.diverged.push(v);
        }
        a.objective -= 1.0;
        let third = window(&a, 250..260, &mut free);
        assert!(shared.merge(&mip, &col_rows, a.version, &a.with_own_moves(third)));
        let (objective, values, _) = shared.snapshot();
        assert_eq!(values[x[300]], 0.0);
        assert_eq!(objective, 182.0 - 60.0 - 1.0 - 5.0);
        assert_eq!(mip.objective_of(&values), objective);
        assert!(mip.max_violation(&values) < 1e-9);
    }

    #[test]
    fn scattered_days_take_each_centre_with_its_neighbours() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        // 28 days; the pain sits on the weekends (days 5, 6, 12, 13, …).
        let by_day: Vec<f64> = (0..28)
            .map(|d| if d % 7 >= 5 { 100.0 } else { 0.0 })
            .collect();
        let mut weekend_hits = 0;
        let mut total = 0;
        for _ in 0..200 {
            let span = scattered_days(&mut rng, &by_day, 3);
            assert!(span.windows(2).all(|w| w[0] < w[1]), "{span:?}");
            assert!(span.iter().all(|&d| d < 28));
            // 3 centres of up to 3 days each, at least 2 days per centre at the edges.
            assert!((4..=9).contains(&span.len()), "{span:?}");
            // Every day of the span is within a day of a chosen centre, so each run of
            // consecutive days is at most 3 centres long and at least 2 days.
            let mut runs = vec![1usize];
            for w in span.windows(2) {
                if w[1] == w[0] + 1 {
                    *runs.last_mut().unwrap() += 1;
                } else {
                    runs.push(1);
                }
            }
            assert!(runs.iter().all(|&r| (2..=9).contains(&r)), "{span:?}");
            total += span.len();
            weekend_hits += span.iter().filter(|&&d| d % 7 >= 5).count();
        }
        // Painful days are drawn far more often than their share (2 of 7 days).
        assert!(weekend_hits * 2 > total, "{weekend_hits} of {total}");
    }

    #[test]
    fn the_relaxation_is_the_lp_optimum_not_the_mip_one() {
        // max 3a + 2b + 2c with 2a + 2b + 2c ≤ 3: the MIP takes a alone (3); the LP takes a
        // and half of b or c (4).
        let mut mip = Mip::new();
        let a = mip.binary(-3.0);
        let b = mip.binary(-2.0);
        let c = mip.binary(-2.0);
        mip.le(&[(a, 2.0), (b, 2.0), (c, 2.0)], 3.0);
        let lp = mip.relaxation(10.0).unwrap();
        assert!((mip.objective_of(&lp) + 4.0).abs() < 1e-6, "{lp:?}");
        assert!((lp[a] - 1.0).abs() < 1e-6);
        assert!((lp[b] + lp[c] - 0.5).abs() < 1e-6);
        let whole = mip.minimise(SolveOptions::default()).unwrap();
        assert_eq!(whole.objective, -3.0);
    }

    #[test]
    fn a_relaxation_neighbourhood_frees_only_where_the_incumbent_differs() {
        // 3 agents × 4 days, one shift variable each (columns a * 4 + d).
        let layout = Layout::new(3, 4, (0..12).map(|v| (v, v / 4, v % 4)));
        let lp = [1.0, 0.5, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.95, 0.0];
        let values = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        // Agent 0 differs on days 0, 1 and 3; agent 1 nowhere; agent 2 by 0.05 only.
        let differing = [0usize, 1, 3];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for _ in 0..50 {
            let (mut cols, drawn) = differing_columns(&mut rng, &layout, &lp, &values, 1.0);
            assert!(!cols.is_empty() && (1..=3).contains(&drawn));
            cols.sort_unstable();
            assert_eq!(cols, differing);
        }
        let (cols, drawn) = differing_columns(&mut rng, &layout, &lp, &values, 100.0);
        assert_eq!((cols.len(), drawn), (3, 3));
    }

    #[test]
    fn the_best_scoring_kind_is_chosen_but_every_kind_is_still_tried() {
        // Scores as on instance 23: one kind earning several times the others.
        let arms: Vec<Arm> = [180.0, 1000.0, 150.0, 400.0]
            .iter()
            .map(|&score| Arm { size: 100.0, score })
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut drawn = [0usize; 4];
        for _ in 0..10_000 {
            drawn[choose_kind(&mut rng, &arms, &[0, 1, 2, 3])] += 1;
        }
        // 80 % greedy + a quarter of the 20 % at random: 85 %; a draw in proportion to the
        // scores would give it 58 % (the previous draw, with its floor and exploration, 44 %).
        assert!((8_200..=8_800).contains(&drawn[1]), "{drawn:?}");
        for (k, &n) in drawn.iter().enumerate().filter(|&(k, _)| k != 1) {
            assert!((300..=700).contains(&n), "kind {k}: {drawn:?}");
        }
    }

    #[test]
    fn scattered_days_fit_short_horizons() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        assert_eq!(scattered_days(&mut rng, &[1.0], 2), vec![0]);
        assert_eq!(scattered_days(&mut rng, &[0.0, 0.0], 2), vec![0, 1]);
        assert!(scattered_days(&mut rng, &[], 2).is_empty());
    }
}
