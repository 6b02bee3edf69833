//! Scheduling: the shift mix (how many of each shift template per day cover a pool's hourly
//! requirement at least cost) and the weekly roster of named agents, both integer programs on
//! HiGHS; plus a checker that re-verifies any roster against every rule.
//!
//! Understaffing is a priced slack in every model, so a plan always comes back with a shortage
//! report instead of "infeasible".

mod check;
mod mix;
mod preflight;
mod problem;
mod roster;
pub mod rules;
mod solver;
mod week;

pub use check::{check_roster, Violation};
pub use mix::{pool_mix_lines, shift_mix, MixCount, MixLine, ShiftMix};
pub use preflight::preflight;
pub use problem::{
    agent_hourly_rate, assignment_cost, requirement_for_week, Assignment, Preference, Roster,
    RosterProblem,
};
pub use roster::{solve_roster, CoverageRow, PoolSolve, RosterSolution, Shortage, TempNeed};
pub use solver::{Mip, SolveError, SolveOptions, SolveOutcome};
pub use week::{Slot, Week, DAYS, HOURS};
