//! Scheduling: the shift mix (how many of each shift template per day cover a pool's hourly
//! requirement at least cost) and the roster of named agents over a week or any horizon, both
//! integer programs on HiGHS (the roster polished by fix-and-optimise when large); plus a
//! checker that re-verifies any roster against every rule.
//!
//! Understaffing is a priced slack in every model, so a plan always comes back with a shortage
//! report instead of "infeasible".

mod carryover;
mod check;
mod colgen;
mod coverage;
mod mix;
mod moves;
mod nrp;
mod polish;
mod preflight;
mod problem;
mod roster;
pub mod rules;
mod solver;
mod week;

pub use crate::model::ShiftCover;
pub use carryover::PriorShift;
pub use check::{check_roster, Violation};
pub use coverage::{floor_seats, place_roster, roster_coverage, RosterCoverage};
pub use mix::{pool_mix_lines, shift_mix, MixCount, MixLine, ShiftMix};
pub use nrp::{solve_nrp, NrpResult};
pub use preflight::preflight;
pub use problem::{
    agent_hourly_rate, assignment_cost, requirement_for_week, Assignment, Preference, Roster,
    RosterProblem,
};
pub use roster::{
    generation_bound, solve_roster, solve_roster_with, CoverageRow, GenerationBound, PoolSolve,
    RosterOptions, RosterSolution, Shortage, Strategy, TempNeed, AUTO_SINGLE_LIMIT,
};
pub use solver::{relative_gap, Mip, RunSettings, SolveError, SolveOptions, SolveOutcome};
pub use week::{Horizon, Slot, Week, DAYS, HOURS};
