//! HiGHS: one thread per solve, a time limit, a relative MIP gap, a fixed random seed (same
//! input, same roster), and the MIP dual bound read from the HiGHS model.
//!
//! [`Mip`] stores the program itself (columns with bounds and costs, rows as sparse lists)
//! and hands HiGHS a column-wise copy per solve. Keeping the program lets one model be solved
//! many times: whole, warm-started from a known solution ([`Mip::solve`]), or restricted to a
//! subset of its integer columns with the others fixed at an incumbent ([`Mip::solve_part`]) —
//! the sub-problems of the fix-and-optimise polish (`polish.rs`). Building straight from this
//! store is several times faster than going through good_lp's expression maps, which matters
//! when a polish builds hundreds of sub-problems.
//!
//! A whole-model solve can also run *live* beside other searches ([`Mip::solve_live`]): through
//! HiGHS's callbacks it hands each improving solution out as found, takes in better rosters
//! found elsewhere as it runs, reports its dual bound, and stops the moment it is told to.

use highs::{ColProblem, HighsModelStatus, Sense};
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void};
use std::time::Instant;

/// Solver settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit per model, seconds.
    pub time_limit_seconds: f64,
    /// Stop when (objective − bound) / |objective| is below this.
    pub mip_rel_gap: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit_seconds: 60.0,
            mip_rel_gap: 0.005,
        }
    }
}

/// What a solve returned.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOutcome {
    /// Variable values in creation order.
    pub values: Vec<f64>,
    /// Objective of the incumbent.
    pub objective: f64,
    /// Best lower bound (MIP dual bound; the LP bound when the root did not finish better).
    pub bound: f64,
    /// Relative gap (objective − bound) / max(|objective|, 1e-9), 0 when optimal.
    pub gap: f64,
    /// HiGHS model status, as text.
    pub status: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Dual value of each row of the model, for LP solves (empty for MIPs).
    pub row_duals: Vec<f64>,
    /// Interior-point iterations HiGHS ran (an LP relaxation's solve; 0 for the others).
    pub ipm_iterations: i64,
}

/// What a sub-problem ([`Mip::solve_part`]) returned: new values of its free columns.
#[derive(Debug, Clone, PartialEq)]
pub struct PartOutcome {
    /// The free columns, sorted.
    pub cols: Vec<usize>,
    /// Their values, in the order of `cols`.
    pub values: Vec<f64>,
    /// Objective of the whole assignment (the incumbent with these values).
    pub objective: f64,
    /// HiGHS model status, as text.
    pub status: String,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl PartOutcome {
    /// Writes the new values into the full assignment `values`; returns the old ones (for
    /// [`PartOutcome::undo`]).
    pub fn apply(&self, values: &mut [f64]) -> Vec<f64> {
        self.cols
            .iter()
            .zip(&self.values)
            .map(|(&v, &x)| std::mem::replace(&mut values[v], x))
            .collect()
    }

    /// Puts back the values [`PartOutcome::apply`] returned.
    pub fn undo(&self, values: &mut [f64], old: &[f64]) {
        for (&v, &x) in self.cols.iter().zip(old) {
            values[v] = x;
        }
    }

    /// The (column, value) changes.
    pub fn changes(&self) -> Vec<(usize, f64)> {
        self.cols
            .iter()
            .copied()
            .zip(self.values.iter().copied())
            .collect()
    }
}

/// Why a solve produced no solution.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    /// HiGHS rejected the model or found no feasible point (should not happen: every model
    /// here has priced slack).
    #[error("solver failed: {0}")]
    Failed(String),
}

/// A mixed-integer program under construction: variables with their objective costs and
/// linear constraints, addressed by index so solutions read back without solver internals.
#[derive(Debug, Clone, Default)]
pub struct Mip {
    lower: Vec<f64>,
    upper: Vec<f64>,
    cost: Vec<f64>,
    integer: Vec<bool>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    row_start: Vec<usize>,
    row_col: Vec<u32>,
    row_val: Vec<f64>,
    /// Solved without HiGHS's feasibility-jump heuristic (see [`Mip::small`]).
    small: bool,
}

/// Extra settings of one HiGHS run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunSettings {
    /// Random seed (varied by the polish for diversity).
    pub seed: i32,
    /// Solve the LP relaxation: every column continuous (by interior point, which on the
    /// long-horizon rosters is several times faster than the dual simplex).
    pub relax: bool,
    /// Solve a MIP's root LP by interior point (then crossover, for the basis the branching
    /// needs) instead of the dual simplex: on a large model HiGHS checks its callbacks only
    /// between LP solves, and a root LP that takes the whole time limit holds the thread.
    pub root_ipm: bool,
    /// With `relax`: stop at the interior-point optimum, without HiGHS's crossover to a vertex
    /// (the values lie inside the optimal face, the duals are the interior point's).
    pub interior: bool,
}

impl Mip {
    /// An empty program.
    pub fn new() -> Mip {
        Mip {
            row_start: vec![0],
            ..Mip::default()
        }
    }

    /// Marks the program as small: HiGHS then skips its feasibility-jump heuristic, whose
    /// fixed effort dominates a model that presolve and branching close in a few milliseconds
    /// (measured on the quote's daily shift cover: 1.2 s → 0.2 s for 160 covers, same answers).
    pub fn small(mut self) -> Mip {
        self.small = true;
        self
    }

    fn push(&mut self, lo: f64, hi: f64, cost: f64, integer: bool) -> usize {
        self.lower.push(lo);
        self.upper.push(hi);
        self.cost.push(cost);
        self.integer.push(integer);
        self.cost.len() - 1
    }

    /// A 0/1 variable with objective cost `cost`.
    pub fn binary(&mut self, cost: f64) -> usize {
        self.push(0.0, 1.0, cost, true)
    }

    /// An integer variable in `[lo, hi]`.
    pub fn integer(&mut self, lo: f64, hi: f64, cost: f64) -> usize {
        self.push(lo, hi, cost, true)
    }

    /// A continuous variable `≥ lo` (and `≤ hi` when finite).
    pub fn continuous(&mut self, lo: f64, hi: f64, cost: f64) -> usize {
        self.push(lo, hi, cost, false)
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.cost.len()
    }

    /// Whether the program has no variables.
    pub fn is_empty(&self) -> bool {
        self.cost.is_empty()
    }

    /// Number of constraints.
    pub fn constraint_count(&self) -> usize {
        self.row_lower.len()
    }

    /// Number of integer (including 0/1) variables.
    pub fn integer_count(&self) -> usize {
        self.integer.iter().filter(|&&i| i).count()
    }

    /// Whether variable `v` is integer.
    pub fn is_integer(&self, v: usize) -> bool {
        self.integer[v]
    }

    /// Objective cost of variable `v`.
    pub fn cost_of(&self, v: usize) -> f64 {
        self.cost[v]
    }

    /// Bounds `(lower, upper)` of variable `v`.
    pub fn bounds_of(&self, v: usize) -> (f64, f64) {
        (self.lower[v], self.upper[v])
    }

    /// Bounds `(lower, upper)` of row `r`.
    pub fn row_bounds(&self, r: usize) -> (f64, f64) {
        (self.row_lower[r], self.row_upper[r])
    }

    /// The trivial lower bound: every column at its cheapest bound.
    pub fn trivial_bound(&self) -> f64 {
        (0..self.len()).map(|v| self.cheapest(v)).sum()
    }

    /// The least objective contribution column `v` can make within its bounds.
    fn cheapest(&self, v: usize) -> f64 {
        let c = self.cost[v];
        if c == 0.0 {
            0.0
        } else if c > 0.0 {
            if self.lower[v].is_finite() {
                c * self.lower[v]
            } else {
                f64::NEG_INFINITY
            }
        } else if self.upper[v].is_finite() {
            c * self.upper[v]
        } else {
            f64::NEG_INFINITY
        }
    }

    /// Smallest and largest value `terms` can take within the variables' bounds.
    fn activity_range(&self, terms: &[(usize, f64)]) -> (f64, f64) {
        terms.iter().fold((0.0, 0.0), |(lo, hi), &(v, c)| {
            let (a, b) = (c * self.lower[v], c * self.upper[v]);
            (lo + a.min(b), hi + a.max(b))
        })
    }

    /// `lo ≤ Σ terms ≤ hi`. Rows no assignment of the variables can break are not stored.
    pub fn range(&mut self, terms: &[(usize, f64)], lo: f64, hi: f64) {
        let (min, max) = self.activity_range(terms);
        if min >= lo - 1e-9 && max <= hi + 1e-9 {
            return;
        }
        self.row_lower.push(lo);
        self.row_upper.push(hi);
        for &(v, c) in terms {
            self.row_col.push(v as u32);
            self.row_val.push(c);
        }
        self.row_start.push(self.row_col.len());
    }

    /// `Σ terms ≤ rhs`.
    pub fn le(&mut self, terms: &[(usize, f64)], rhs: f64) {
        if !terms.is_empty() {
            self.range(terms, f64::NEG_INFINITY, rhs);
        }
    }

    /// `Σ terms ≥ rhs`.
    pub fn ge(&mut self, terms: &[(usize, f64)], rhs: f64) {
        self.range(terms, rhs, f64::INFINITY);
    }

    /// `Σ terms = rhs`.
    pub fn eq(&mut self, terms: &[(usize, f64)], rhs: f64) {
        self.range(terms, rhs, rhs);
    }

    /// Objective value of `values`.
    pub fn objective_of(&self, values: &[f64]) -> f64 {
        values.iter().zip(&self.cost).map(|(v, c)| v * c).sum()
    }

    /// The largest violation of a bound or a row by `values` (0 when feasible).
    pub fn max_violation(&self, values: &[f64]) -> f64 {
        let mut worst: f64 = 0.0;
        for (v, x) in values.iter().enumerate() {
            worst = worst.max(self.lower[v] - x).max(x - self.upper[v]);
        }
        for r in 0..self.row_lower.len() {
            let a = self.row_activity(r, values);
            worst = worst.max(self.row_lower[r] - a).max(a - self.row_upper[r]);
        }
        worst
    }

    /// [`Mip::max_violation`] over the columns `free` and their rows only (the others are
    /// unchanged from a feasible assignment).
    pub fn max_violation_of(&self, values: &[f64], free: &[usize], col_rows: &[Vec<u32>]) -> f64 {
        let mut worst: f64 = 0.0;
        let mut seen = std::collections::HashSet::new();
        for &v in free {
            let x = values[v];
            worst = worst.max(self.lower[v] - x).max(x - self.upper[v]);
            for &r in &col_rows[v] {
                if seen.insert(r) {
                    let r = r as usize;
                    let a = self.row_activity(r, values);
                    worst = worst.max(self.row_lower[r] - a).max(a - self.row_upper[r]);
                }
            }
        }
        worst
    }

    fn row_activity(&self, r: usize, values: &[f64]) -> f64 {
        (self.row_start[r]..self.row_start[r + 1])
            .map(|k| self.row_val[k] * values[self.row_col[k] as usize])
            .sum()
    }

    /// Columns of row `r`.
    pub fn row_columns(&self, r: usize) -> &[u32] {
        &self.row_col[self.row_start[r]..self.row_start[r + 1]]
    }

    /// Coefficients of row `r`, in the order of [`Mip::row_columns`].
    pub fn row_values(&self, r: usize) -> &[f64] {
        &self.row_val[self.row_start[r]..self.row_start[r + 1]]
    }

    /// Rows of each column (column-wise index of the matrix).
    pub fn column_rows(&self) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); self.len()];
        for r in 0..self.row_lower.len() {
            for k in self.row_start[r]..self.row_start[r + 1] {
                out[self.row_col[k] as usize].push(r as u32);
            }
        }
        out
    }

    /// Every column and every row: the whole model, for [`Mip::run`].
    fn whole(&self) -> (Vec<usize>, Vec<usize>) {
        (
            (0..self.len()).collect(),
            (0..self.row_lower.len()).collect(),
        )
    }

    /// Minimises the total cost.
    pub fn minimise(self, opts: SolveOptions) -> Result<SolveOutcome, SolveError> {
        self.solve(opts, None, RunSettings::default())
    }

    /// Minimises the total cost, starting from `start` (a full assignment, e.g. a heuristic
    /// roster) when given.
    pub fn solve(
        &self,
        opts: SolveOptions,
        start: Option<&[f64]>,
        run: RunSettings,
    ) -> Result<SolveOutcome, SolveError> {
        let (all, rows) = self.whole();
        let out = self.run(&all, &rows, None, start, opts, run, None, None)?;
        Ok(out)
    }

    /// The optimal solution of the LP relaxation (every column continuous), or `None` when
    /// HiGHS does not finish within `time_limit_seconds`.
    pub fn relaxation(&self, time_limit_seconds: f64) -> Option<Vec<f64>> {
        self.relaxation_with_duals(time_limit_seconds)
            .map(|out| out.values)
    }

    /// [`Mip::relaxation`] with the rows' duals (`row_duals`) and objective.
    pub fn relaxation_with_duals(&self, time_limit_seconds: f64) -> Option<SolveOutcome> {
        self.relaxation_solved(time_limit_seconds, false)
    }

    /// [`Mip::relaxation_with_duals`] at the interior-point optimum, without the crossover to
    /// a vertex: the same objective (within HiGHS's tolerances) in about half the time on the
    /// long horizons (instance 20: 22 s against 42 s; 13: 15 s against 23 s).
    pub fn relaxation_interior(&self, time_limit_seconds: f64) -> Option<SolveOutcome> {
        self.relaxation_solved(time_limit_seconds, true)
    }

    fn relaxation_solved(&self, time_limit_seconds: f64, interior: bool) -> Option<SolveOutcome> {
        let (all, rows) = self.whole();
        let opts = SolveOptions {
            time_limit_seconds,
            mip_rel_gap: 0.0,
        };
        let run = RunSettings {
            relax: true,
            interior,
            ..RunSettings::default()
        };
        let out = self
            .run(&all, &rows, None, None, opts, run, None, None)
            .ok()?;
        (out.status == "Optimal").then_some(out)
    }

    /// [`Mip::solve`] linked to the rest of a search through `hook` while it runs: improving
    /// solutions go out, better ones come in, the dual bound is reported, and the solve stops
    /// when the hook says so (status `Interrupted`).
    pub(crate) fn solve_live(
        &self,
        opts: SolveOptions,
        start: Option<&[f64]>,
        run: RunSettings,
        hook: &dyn MipHook,
    ) -> Result<SolveOutcome, SolveError> {
        let (all, rows) = self.whole();
        self.run(&all, &rows, None, start, opts, run, Some(hook), None)
    }

    /// Minimises over the columns `free` (sorted, without repeats) with every other column
    /// fixed at `incumbent` (which must satisfy every row, and costs `incumbent_objective`);
    /// the incumbent is the warm start, so the answer is never worse. `col_rows` is
    /// [`Mip::column_rows`]. Returns the free columns' new values: the work is proportional to
    /// the sub-problem, not to the model (a year-long roster has a million columns, and the
    /// polish solves thousands of sub-problems). With `prices`, HiGHS minimises those prices
    /// for the columns listed instead of their own (the answer's objective is still the
    /// model's).
    #[allow(clippy::too_many_arguments)]
    pub fn solve_part(
        &self,
        free: &[usize],
        incumbent: &[f64],
        incumbent_objective: f64,
        col_rows: &[Vec<u32>],
        opts: SolveOptions,
        run: RunSettings,
        prices: Option<&HashMap<usize, f64>>,
    ) -> Result<PartOutcome, SolveError> {
        debug_assert!(free.windows(2).all(|w| w[0] < w[1]));
        let mut rows: Vec<usize> = free
            .iter()
            .flat_map(|&v| col_rows[v].iter().map(|&r| r as usize))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let start: Vec<f64> = free.iter().map(|&v| incumbent[v]).collect();
        let fixed_cost: f64 = free.iter().map(|&v| self.cost[v] * incumbent[v]).sum();
        let out = self.run(
            free,
            &rows,
            Some((incumbent, incumbent_objective - fixed_cost)),
            Some(&start),
            opts,
            run,
            None,
            prices,
        )?;
        Ok(PartOutcome {
            cols: free.to_vec(),
            values: out.values,
            objective: out.objective,
            status: out.status,
            seconds: out.seconds,
        })
    }

    /// Minimises `prices` (a price for every column of `cols`, sorted) over the columns
    /// `cols` alone, subject to the rows `rows`, which must touch no other column (an agent's
    /// own rules: the pricing problem of column generation). Returns the values of `cols`, the
    /// priced objective and HiGHS's lower bound on it (the objective itself when optimal).
    pub(crate) fn solve_priced(
        &self,
        cols: &[usize],
        rows: &[usize],
        prices: &HashMap<usize, f64>,
        time_limit_seconds: f64,
    ) -> Result<(Vec<f64>, f64, f64), SolveError> {
        let opts = SolveOptions {
            time_limit_seconds,
            mip_rel_gap: 0.0,
        };
        let out = self.run(
            cols,
            rows,
            None,
            None,
            opts,
            RunSettings::default(),
            None,
            Some(prices),
        )?;
        let priced: f64 = out
            .values
            .iter()
            .zip(cols)
            .map(|(x, v)| x * prices[v])
            .sum();
        Ok((out.values, priced, out.bound))
    }

    /// Builds the HiGHS model of columns `cols` (sorted) and rows `rows` (other columns fixed
    /// at `fixed.0`, costing `fixed.1` in all, and moved to the row bounds) and solves it;
    /// `hook` (whole model only) links the running solve to the caller.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        cols: &[usize],
        rows: &[usize],
        fixed: Option<(&[f64], f64)>,
        start: Option<&[f64]>,
        opts: SolveOptions,
        settings: RunSettings,
        hook: Option<&dyn MipHook>,
        prices: Option<&HashMap<usize, f64>>,
    ) -> Result<SolveOutcome, SolveError> {
        let started = Instant::now();
        // Position of a column among `cols`: a full index for big column sets, a binary search
        // for a sub-problem's few (a full index of a million columns per sub-MIP would cost
        // more than the sub-MIP).
        let dense = cols.len() * 16 >= self.len();
        let mut pos = vec![u32::MAX; if dense { self.len() } else { 0 }];
        for (k, &v) in cols.iter().enumerate().filter(|_| dense) {
            pos[v] = k as u32;
        }
        let position = |v: usize| {
            if dense {
                Some(pos[v]).filter(|&p| p != u32::MAX).map(|p| p as usize)
            } else {
                cols.binary_search(&v).ok()
            }
        };
        let mut pb = ColProblem::default();
        let mut entries: Vec<Vec<(highs::Row, f64)>> = vec![Vec::new(); cols.len()];
        // The model row of each HiGHS row (rows left without free columns are not passed).
        let mut passed: Vec<usize> = Vec::new();
        let constant = fixed.map_or(0.0, |f| f.1);
        for &r in rows {
            let mut shift = 0.0;
            let mut local = Vec::new();
            for k in self.row_start[r]..self.row_start[r + 1] {
                let v = self.row_col[k] as usize;
                match position(v) {
                    Some(p) => local.push((p, self.row_val[k])),
                    None => shift += self.row_val[k] * fixed.map_or(0.0, |f| f.0[v]),
                }
            }
            if local.is_empty() {
                continue;
            }
            // Fixed columns move to the bounds (rounded: sums of fixed 0/1 values are whole).
            let clean = |b: f64| {
                let x = b - shift;
                if (x - x.round()).abs() < 1e-9 {
                    x.round()
                } else {
                    x
                }
            };
            let row = pb.add_row(clean(self.row_lower[r])..=clean(self.row_upper[r]));
            passed.push(r);
            for (k, c) in local {
                entries[k].push((row, c));
            }
        }
        let integer = |v: usize| self.integer[v] && !settings.relax;
        for (k, &v) in cols.iter().enumerate() {
            pb.add_column_with_integrality(
                prices
                    .and_then(|p| p.get(&v))
                    .copied()
                    .unwrap_or(self.cost[v]),
                self.lower[v]..=self.upper[v],
                &entries[k],
                integer(v),
            );
        }
        let mut model = pb
            .try_optimise(Sense::Minimise)
            .map_err(|e| SolveError::Failed(format!("{e:?}")))?;
        model.make_quiet();
        if std::env::var("SEATPLAN_SOLVER_LOG").is_ok_and(|v| v == "highs") {
            let _ = model.try_set_option("output_flag", true);
            let _ = model.try_set_option("log_to_console", true);
        }
        let _ = model.try_set_option("time_limit", opts.time_limit_seconds.max(0.05));
        let _ = model.try_set_option("mip_rel_gap", opts.mip_rel_gap.max(0.0));
        let _ = model.try_set_option("threads", 1);
        if self.small {
            let _ = model.try_set_option("mip_heuristic_run_feasibility_jump", false);
        }
        let _ = model.try_set_option("random_seed", settings.seed);
        if settings.relax {
            // Interior point (with crossover, so the duals are a vertex's, unless `interior`):
            // on instance 19 the dual simplex did not finish the LP relaxation in 100 s; this
            // takes 6.4 s.
            let _ = model.try_set_option("solver", "ipm");
            if settings.interior {
                required_option(&mut model, "run_crossover", "off")?;
            }
        }
        if settings.root_ipm {
            required_option(&mut model, "mip_lp_solver", "ipx")?;
        }
        if prices.is_some() && fixed.is_none() {
            // A pricing problem (one agent, a few hundred columns) is solved hundreds of times
            // per run: HiGHS's presolve and primal heuristics cost more than they save there
            // (instance 7: 75 → 40 ms a pricing problem). The root's sub-MIP heuristics (RINS,
            // RENS) run whatever the effort, and took 0.31 of 0.53 s in a slow pricing problem
            // of instance 8; without them 12 rounds of generation take 8.1 s instead of 10.1 on
            // instance 7 (`cargo bench --bench colgen`) and 27.6 s instead of 39.6 on 8.
            let _ = model.try_set_option("mip_heuristic_run_feasibility_jump", false);
            let _ = model.try_set_option("mip_heuristic_effort", 0.0);
            let _ = model.try_set_option("mip_heuristic_run_rins", false);
            let _ = model.try_set_option("mip_heuristic_run_rens", false);
            let _ = model.try_set_option("mip_heuristic_run_root_reduced_cost", false);
            let _ = model.try_set_option("presolve", "off");
        }
        // A sub-MIP (other columns fixed) starts from the incumbent, so HiGHS's
        // feasibility-jump heuristic — a fixed effort to find a first solution — is wasted on
        // it (the sweep and polish solve thousands of these).
        if fixed.is_some() && start.is_some() {
            let _ = model.try_set_option("mip_heuristic_run_feasibility_jump", false);
            // A small cut pool (HiGHS then skips its tableau separator): without it, two-agent
            // whole-horizon sub-MIPs of instance 16 (~280 binaries) spent their whole second
            // in the root cut loop (3,911 cuts, no node); with it they branch and improve.
            let _ = model.try_set_option("mip_pool_soft_limit", SUB_MIP_POOL_LIMIT);
        }
        // A start helps a MIP; for an LP HiGHS would take it as a basis and skip presolve.
        if let Some(start) = start.filter(|_| cols.iter().any(|&v| integer(v))) {
            let _ = model.try_set_solution(Some(start), None, None, None);
        }
        // The hook's data lives on this frame, past the solve.
        let link = hook.map(|hook| HookLink {
            hook,
            columns: cols.len(),
        });
        if let Some(link) = &link {
            let data = link as *const HookLink as *mut c_void;
            // SAFETY: `model` is a live HiGHS instance; `data` outlives the solve below, and
            // the callback only reads it as the `HookLink` it is.
            unsafe {
                let ptr = model.as_mut_ptr();
                Highs_setCallback(ptr, Some(highs_callback), data);
                for kind in [CB_IMPROVING_SOLUTION, CB_MIP_INTERRUPT, CB_USER_SOLUTION] {
                    Highs_startCallback(ptr, kind);
                }
            }
        }
        let solved = model
            .try_solve()
            .map_err(|e| SolveError::Failed(format!("{e:?}")))?;
        let status = solved.status();
        let solution = solved.get_solution();
        let values = solution.columns().to_vec();
        let mut row_duals = Vec::new();
        if settings.relax && solution.dual_rows().len() == passed.len() {
            row_duals = vec![0.0; self.row_lower.len()];
            for (&r, &y) in passed.iter().zip(solution.dual_rows()) {
                row_duals[r] = y;
            }
        }
        let usable = values.len() == cols.len()
            && values.iter().all(|v| v.is_finite())
            && !matches!(
                status,
                HighsModelStatus::Infeasible
                    | HighsModelStatus::UnboundedOrInfeasible
                    | HighsModelStatus::ModelError
                    | HighsModelStatus::SolveError
            );
        let values = if usable {
            values
                .iter()
                .zip(cols)
                .map(|(&x, &v)| snap(x, integer(v)))
                .collect::<Vec<f64>>()
        } else if let Some(s) = start {
            // Time ran out before HiGHS improved on the start: keep it.
            s.to_vec()
        } else {
            return Err(SolveError::Failed(format!("no solution ({status:?})")));
        };
        let objective: f64 = constant
            + values
                .iter()
                .zip(cols)
                .map(|(x, &v)| x * self.cost[v])
                .sum::<f64>();
        // HiGHS's bound is on the objective it minimised: with `prices`, the priced one.
        let minimised = match prices {
            Some(p) => {
                constant
                    + values
                        .iter()
                        .zip(cols)
                        .map(|(x, &v)| x * p.get(&v).copied().unwrap_or(self.cost[v]))
                        .sum::<f64>()
            }
            None => objective,
        };
        let optimal = status == HighsModelStatus::Optimal;
        let dual = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite() && cols.iter().any(|&v| integer(v)))
            .map(|b| b + constant);
        let bound = match dual {
            Some(b) => b,
            // An LP solved to optimality is its own bound.
            None if optimal => minimised,
            // No bound from HiGHS on a priced objective: none.
            None if prices.is_some() => f64::NEG_INFINITY,
            // No bound from HiGHS: the trivial one (every column at its cheapest bound).
            None => constant + cols.iter().map(|&v| self.cheapest(v)).sum::<f64>(),
        }
        .min(minimised);
        let gap = relative_gap(objective, bound);
        Ok(SolveOutcome {
            values,
            objective,
            bound,
            gap,
            status: format!("{status:?}"),
            seconds: started.elapsed().as_secs_f64(),
            row_duals,
            ipm_iterations: solved.int_info_value(c"ipm_iteration_count").unwrap_or(0),
        })
    }
}

/// Cut pool size (HiGHS `mip_pool_soft_limit`, default 10,000) of the sub-MIPs.
const SUB_MIP_POOL_LIMIT: i32 = 50;

/// Sets a HiGHS option the run depends on; an option HiGHS refuses (renamed, or a value it
/// does not know) is an error rather than a run that quietly falls back to the default.
fn required_option(model: &mut highs::Model, name: &str, value: &str) -> Result<(), SolveError> {
    model
        .try_set_option(name, value)
        .map_err(|e| SolveError::Failed(format!("HiGHS option {name} = {value}: {e:?}")))
}

/// A value HiGHS returned, cleaned: integers rounded, and a continuous value within 1e-5 of a
/// whole number made whole — HiGHS's feasibility tolerance leaves slacks like 0.999999, which
/// would price a millionth of a person (whole-number models become exact again).
pub(crate) fn snap(x: f64, integer: bool) -> f64 {
    if integer || (x - x.round()).abs() < 1e-5 {
        x.round()
    } else {
        x
    }
}

/// Whether `SEATPLAN_SOLVER_LOG` is set: the polish then logs its steps to stderr (and, with
/// the value `highs`, HiGHS its runs).
pub(crate) fn log_enabled() -> bool {
    std::env::var_os("SEATPLAN_SOLVER_LOG").is_some()
}

/// Whether `bound` proves `objective` within the relative gap `rel_gap` — or to within float
/// noise (an absolute 1e-6 per unit of objective, as HiGHS's own `mip_abs_gap`), so a bound
/// of 606.9999999999998 proves 607 even at `rel_gap` 0.
pub(crate) fn gap_closed(objective: f64, bound: f64, rel_gap: f64) -> bool {
    objective.is_finite()
        && bound.is_finite()
        && (objective - bound <= 1e-6 * objective.abs().max(1.0)
            || relative_gap(objective, bound) <= rel_gap)
}

/// `(objective − bound) / |objective|` (0 for a zero objective; 1 when no bound is known).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() < 1e-9 {
        if bound >= objective - 1e-9 {
            0.0
        } else {
            1.0
        }
    } else if !bound.is_finite() {
        1.0
    } else {
        ((objective - bound) / objective.abs()).max(0.0)
    }
}

/// What a running whole-model MIP ([`Mip::solve_live`]) exchanges with the rest of a search.
pub(crate) trait MipHook: Sync {
    /// Called every few nodes with the MIP's dual bound; `true` stops the solve.
    fn interrupt(&self, dual_bound: f64) -> bool;
    /// An improving solution of the MIP (every column, model order; integers not yet rounded).
    fn found(&self, values: &[f64]);
    /// A feasible solution better than the MIP's incumbent objective `objective`, if any, for
    /// the MIP to adopt (every column, model order).
    fn better_than(&self, objective: f64) -> Option<Vec<f64>>;
}

/// The callback's view of its hook.
struct HookLink<'a> {
    hook: &'a dyn MipHook,
    columns: usize,
}

/// Leading fields of HiGHS 1.15's `HighsCallbackDataOut` (`lp_data/HighsCallbackStruct.h`;
/// `HighsInt` is 32-bit in highs-sys' build). Only read through HiGHS's pointer.
#[repr(C)]
struct CallbackDataOut {
    cbdata: *mut c_void,
    log_type: c_int,
    running_time: f64,
    simplex_iteration_count: i32,
    ipm_iteration_count: i32,
    pdlp_iteration_count: i32,
    objective_function_value: f64,
    mip_node_count: i64,
    mip_total_lp_iterations: i64,
    mip_primal_bound: f64,
    mip_dual_bound: f64,
    mip_gap: f64,
    mip_solution: *const f64,
    mip_solution_size: i32,
}

/// HiGHS 1.15's `HighsCallbackDataIn`.
#[repr(C)]
struct CallbackDataIn {
    user_interrupt: c_int,
    user_solution: *mut f64,
    cbdata: *mut c_void,
    user_has_solution: c_int,
    user_solution_size: i32,
}

type CallbackFn = unsafe extern "C" fn(
    c_int,
    *const c_char,
    *const CallbackDataOut,
    *mut CallbackDataIn,
    *mut c_void,
);

// HiGHS's C API (linked through highs-sys, which the highs crate builds).
extern "C" {
    fn Highs_setCallback(
        highs: *mut c_void,
        callback: Option<CallbackFn>,
        data: *mut c_void,
    ) -> i32;
    fn Highs_startCallback(highs: *mut c_void, kind: i32) -> i32;
    fn Highs_setCallbackSolution(
        data_in: *mut CallbackDataIn,
        entries: i32,
        values: *const f64,
    ) -> i32;
}

/// `kCallbackMipImprovingSolution`, `kCallbackMipInterrupt`, `kCallbackMipUserSolution`.
const CB_IMPROVING_SOLUTION: i32 = 4;
const CB_MIP_INTERRUPT: i32 = 6;
const CB_USER_SOLUTION: i32 = 9;

/// The C callback: forwards to the [`MipHook`] behind `data`. Never unwinds into HiGHS.
unsafe extern "C" fn highs_callback(
    kind: c_int,
    _message: *const c_char,
    out: *const CallbackDataOut,
    data_in: *mut CallbackDataIn,
    data: *mut c_void,
) {
    if out.is_null() || data.is_null() {
        return;
    }
    // SAFETY: `data` is the `HookLink` registered by `Mip::run`, alive during the solve; `out`
    // and `data_in` are HiGHS's, valid for this call.
    let (link, out) = unsafe { (&*(data as *const HookLink), &*out) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
        CB_MIP_INTERRUPT if !data_in.is_null() && link.hook.interrupt(out.mip_dual_bound) => {
            // SAFETY: as above.
            unsafe { (*data_in).user_interrupt = 1 };
        }
        CB_IMPROVING_SOLUTION
            if !out.mip_solution.is_null() && out.mip_solution_size as usize == link.columns =>
        {
            // SAFETY: HiGHS hands `mip_solution_size` values.
            let values = unsafe { std::slice::from_raw_parts(out.mip_solution, link.columns) };
            link.hook.found(values);
        }
        CB_USER_SOLUTION if !data_in.is_null() => {
            if let Some(values) = link.hook.better_than(out.mip_primal_bound) {
                if values.len() == link.columns {
                    // SAFETY: `values` holds `columns` entries, HiGHS's column count. The C
                    // wrapper copies the flag back from `data_in`, so it is set there too.
                    unsafe {
                        let set = Highs_setCallbackSolution(
                            data_in,
                            link.columns as i32,
                            values.as_ptr(),
                        );
                        if set == 0 {
                            (*data_in).user_has_solution = 1;
                        }
                    }
                }
            }
        }
        _ => {}
    }));
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lp_relaxation_is_solved_by_interior_point() {
        // Instance 1 of the public benchmark (tests/fixtures/nrp). The solver choice shows
        // only in time otherwise: by dual simplex, instance 19's relaxation did not finish in
        // 100 s; by interior point it takes 6.4 s.
        let (m, _) = super::super::roster::nrp_fixture_model(1);
        let out = m.mip.relaxation_with_duals(600.0).unwrap();
        assert!(out.ipm_iterations > 0, "{}", out.ipm_iterations);
        // Crossover leaves a vertex: its duals price every row of the model.
        assert_eq!(out.row_duals.len(), m.mip.constraint_count());
    }

    #[test]
    fn the_relaxation_without_crossover_has_the_vertex_optimum() {
        // Instance 5 of the public benchmark (tests/fixtures/nrp): the interior point's
        // objective is the vertex's (so it bounds as the vertex does, with the tolerance the
        // polish takes off), and its values keep every row within HiGHS's tolerances; HiGHS
        // refusing the option is an error.
        let (m, _) = super::super::roster::nrp_fixture_model(5);
        let vertex = m.mip.relaxation_with_duals(600.0).unwrap();
        let interior = m.mip.relaxation_interior(600.0).unwrap();
        let (v, i) = (
            m.mip.objective_of(&vertex.values),
            m.mip.objective_of(&interior.values),
        );
        assert!((v - i).abs() <= 1e-6 * v.abs(), "{v} against {i}");
        // Rows of minutes run to thousands: 1e-4 is a hundred-millionth of them (1.04e-5 here).
        let worst = m.mip.max_violation(&interior.values);
        assert!(worst < 1e-4, "{worst}");
        // Crossover did not run: the two points differ.
        assert!(
            vertex
                .values
                .iter()
                .zip(&interior.values)
                .any(|(a, b)| (a - b).abs() > 1e-6),
            "the same point"
        );
    }

    #[test]
    fn a_root_lp_by_interior_point_reaches_the_same_optimum() {
        // Instance 1 of the public benchmark (tests/fixtures/nrp), optimum 607: the root LP
        // by interior point (the whole MIP of the large models) changes the path, not the
        // answer, and HiGHS takes the option (a refused one is an error). HiGHS reports no
        // interior-point iterations for a MIP, so which solver ran shows only in the time.
        use super::{RunSettings, SolveOptions};
        let (m, _) = super::super::roster::nrp_fixture_model(1);
        let opts = SolveOptions {
            time_limit_seconds: 600.0,
            mip_rel_gap: 0.0,
        };
        for root_ipm in [false, true] {
            let run = RunSettings {
                root_ipm,
                ..RunSettings::default()
            };
            let out = m.mip.solve(opts, None, run).unwrap();
            assert_eq!(out.status, "Optimal");
            assert!((out.objective - 607.0).abs() < 1e-6, "{}", out.objective);
        }
    }
}
