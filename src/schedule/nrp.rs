//! Solving a public benchmark instance ([`crate::io::read_nrp`]) with the product's roster
//! engine, and scoring the result the benchmark's way — from the roster alone.

use super::check::{check_roster, Violation};
use super::roster::{solve_roster_with, RosterOptions};
use super::solver::{gap_closed, relative_gap, SolveError};
use super::Roster;
use crate::io::{NrpInstance, NrpScore};
use serde::Serialize;
use std::time::Instant;

/// A solved benchmark instance.
#[derive(Debug, Clone, Serialize)]
pub struct NrpResult {
    /// The roster.
    #[serde(skip)]
    pub roster: Roster,
    /// The benchmark objective recomputed from the roster ([`NrpInstance::objective`]).
    pub score: NrpScore,
    /// The roster model's objective (equal to `score.total` when no hard rule is broken).
    pub model_objective: f64,
    /// Lower bound on the objective (HiGHS dual bound, rounded up when every weight is whole
    /// — the objective is then whole too; trivial without the whole MIP).
    pub bound: f64,
    /// `(objective − bound) / objective`.
    pub gap: f64,
    /// Whether the bound proves the roster optimal (objective = bound); the solve then stops
    /// before the time limit.
    pub proven_optimal: bool,
    /// Wall-clock seconds, model building included.
    pub seconds: f64,
    /// Hard violations found by the roster checker ([`check_roster`], as `check-roster`).
    pub hard_violations: usize,
    /// Every violation the checker lists (soft ones are the unmet requests).
    #[serde(skip)]
    pub violations: Vec<Violation>,
    /// Solver status.
    pub status: String,
    /// Shift variables of the model.
    pub variables: usize,
    /// Rows of the model.
    pub constraints: usize,
}

/// Solves `inst` with the roster engine under `opts` and re-checks the roster.
pub fn solve_nrp(inst: &NrpInstance, opts: &RosterOptions) -> Result<NrpResult, SolveError> {
    let started = Instant::now();
    let sol = solve_roster_with(&inst.problem, opts)?;
    let violations = check_roster(&inst.problem, &sol.roster);
    let hard_violations = violations.iter().filter(|v| v.hard).count();
    let score = inst.objective(&sol.roster);
    // Every weight is ≥ 0, so 0 is a bound too.
    let mut bound = sol.bound.max(0.0);
    if inst.integral_weights() {
        // Less float noise than the rounding: 606.9999999999998 is 607.
        bound = (bound - 1e-6).ceil().max(0.0);
    }
    let bound = bound.min(score.total);
    Ok(NrpResult {
        gap: relative_gap(score.total, bound),
        proven_optimal: hard_violations == 0 && gap_closed(score.total, bound, 0.0),
        score,
        model_objective: sol.objective,
        bound,
        seconds: started.elapsed().as_secs_f64(),
        hard_violations,
        violations,
        status: sol
            .groups
            .iter()
            .map(|g| g.status.clone())
            .collect::<Vec<_>>()
            .join("; "),
        variables: sol.groups.iter().map(|g| g.variables).sum(),
        constraints: sol.groups.iter().map(|g| g.constraints).sum(),
        roster: sol.roster,
    })
}
