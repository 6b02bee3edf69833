//! HiGHS through good_lp: one thread per solve, a time limit, a relative MIP gap, a fixed
//! random seed (same input, same roster), and the MIP dual bound read from the HiGHS model
//! (good_lp's solution does not expose it).

use good_lp::solvers::highs::highs;
use good_lp::{variable, Constraint, Expression, ProblemVariables, SolverModel, Variable};
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
/// linear constraints, addressed by index so solutions read back without good_lp internals.
#[derive(Default)]
pub struct Mip {
    vars: ProblemVariables,
    handles: Vec<Variable>,
    cost: Vec<f64>,
    constraints: Vec<Constraint>,
}

impl Mip {
    /// An empty program.
    pub fn new() -> Mip {
        Mip::default()
    }

    fn push(&mut self, def: good_lp::VariableDefinition, cost: f64) -> usize {
        let v = self.vars.add(def);
        self.handles.push(v);
        self.cost.push(cost);
        self.handles.len() - 1
    }

    /// A 0/1 variable with objective cost `cost`.
    pub fn binary(&mut self, cost: f64) -> usize {
        self.push(variable().binary(), cost)
    }

    /// An integer variable in `[lo, hi]`.
    pub fn integer(&mut self, lo: f64, hi: f64, cost: f64) -> usize {
        self.push(variable().integer().min(lo).max(hi), cost)
    }

    /// A continuous variable `≥ lo` (and `≤ hi` when finite).
    pub fn continuous(&mut self, lo: f64, hi: f64, cost: f64) -> usize {
        let d = variable().min(lo);
        let d = if hi.is_finite() { d.max(hi) } else { d };
        self.push(d, cost)
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    /// Whether the program has no variables.
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }

    /// Number of constraints.
    pub fn constraint_count(&self) -> usize {
        self.constraints.len()
    }

    fn expr(&self, terms: &[(usize, f64)]) -> Expression {
        terms
            .iter()
            .map(|&(i, c)| c * self.handles[i])
            .sum::<Expression>()
    }

    /// `Σ terms ≤ rhs`.
    pub fn le(&mut self, terms: &[(usize, f64)], rhs: f64) {
        if !terms.is_empty() {
            let e = self.expr(terms);
            self.constraints.push(e.leq(rhs));
        }
    }

    /// `Σ terms ≥ rhs`.
    pub fn ge(&mut self, terms: &[(usize, f64)], rhs: f64) {
        let e = self.expr(terms);
        self.constraints.push(e.geq(rhs));
    }

    /// Minimises the total cost.
    pub fn minimise(self, opts: SolveOptions) -> Result<SolveOutcome, SolveError> {
        let started = Instant::now();
        let n = self.handles.len();
        let objective: Expression = self
            .handles
            .iter()
            .zip(&self.cost)
            .filter(|(_, c)| **c != 0.0)
            .map(|(v, c)| *c * *v)
            .sum();
        let mut problem = self.vars.minimise(objective).using(highs);
        for c in self.constraints {
            problem = problem.with(c);
        }
        let mut model = problem
            .try_into_inner()
            .map_err(|e| SolveError::Failed(e.to_string()))?;
        model.make_quiet();
        let _ = model.try_set_option("time_limit", opts.time_limit_seconds.max(0.1));
        let _ = model.try_set_option("mip_rel_gap", opts.mip_rel_gap.max(0.0));
        let _ = model.try_set_option("threads", 1);
        let _ = model.try_set_option("random_seed", 0);
        let solved = model
            .try_solve()
            .map_err(|e| SolveError::Failed(format!("{e:?}")))?;
        let values = solved.get_solution().columns().to_vec();
        if values.len() != n || values.iter().any(|v| !v.is_finite()) {
            return Err(SolveError::Failed("no solution".into()));
        }
        let status = format!("{:?}", solved.status());
        let objective: f64 = values.iter().zip(&self.cost).map(|(v, c)| v * c).sum();
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .unwrap_or(objective)
            .min(objective);
        let gap = if objective.abs() < 1e-9 {
            0.0
        } else {
            ((objective - bound) / objective.abs()).max(0.0)
        };
        Ok(SolveOutcome {
            values,
            objective,
            bound,
            gap,
            status,
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}
