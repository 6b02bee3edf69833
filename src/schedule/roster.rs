//! The weekly roster as one integer program per group of pools linked by cross-trained agents
//! (groups share no agent, so they solve independently — in parallel with rayon, one HiGHS
//! thread each).
//!
//! Variables: `x[agent, day, shift, pool] ∈ {0,1}` for eligible combinations only (skills,
//! contract, availability, night eligibility); `short[pool, hour] ≥ 0` priced at the rules'
//! shortage penalty; `under[agent] ≥ 0` for guaranteed hours not rostered; fairness maxima.
//! Objective: labour cost (pay multipliers, night allowance) + idle guaranteed hours +
//! shortage + fairness + preferences. Coverage: shifts on the floor in an hour (cyclic week)
//! plus the shortage meet the scheduled-seat requirement.

use super::coverage::{roster_coverage, RosterCoverage};
use super::moves::Moves;
use super::polish::{empty_start, Layout, MinutePrice, PolishReport, Search, Shared};
use super::problem::{agent_hourly_rate, Roster, RosterProblem};
use super::rules::{self, AgentVars, Unpopular, XVar};
use super::solver::{relative_gap, snap, Mip, MipHook, RunSettings, SolveError, SolveOptions};
use super::week::Slot;
use crate::model::Contract;
use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Required against rostered seats for one pool-hour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageRow {
    /// Pool id.
    pub pool: String,
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Seats required (scheduled seats from sizing).
    pub required: u32,
    /// Seats rostered on the floor.
    pub scheduled: u32,
    /// Seats short (`required − scheduled`, at least 0).
    pub short: u32,
}

/// A pool-hour the roster cannot cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortage {
    /// Pool id.
    pub pool: String,
    /// Start of the hour.
    pub hour: NaiveDateTime,
    /// Seats short.
    pub seats: u32,
}

/// Temporary seats that would close a pool's shortages on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TempNeed {
    /// Pool id.
    pub pool: String,
    /// Date.
    pub date: NaiveDate,
    /// Temporary seats (shifts) needed, by shift id.
    pub shifts: BTreeMap<String, u32>,
}

/// Solver figures of one group of pools.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolSolve {
    /// Pools solved together.
    pub pools: Vec<String>,
    /// Agents in the group.
    pub agents: usize,
    /// Binary variables.
    pub variables: usize,
    /// Constraints.
    pub constraints: usize,
    /// Objective (cost + penalties).
    pub objective: f64,
    /// Lower bound.
    pub bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// HiGHS status.
    pub status: String,
    /// Seconds.
    pub seconds: f64,
}

/// A solved roster with its coverage, shortages and solver report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterSolution {
    /// The roster.
    pub roster: Roster,
    /// Coverage per pool-hour.
    pub coverage: Vec<CoverageRow>,
    /// Pool-hours short.
    pub shortages: Vec<Shortage>,
    /// Temporary seats per pool-day that would close the shortages.
    pub temp_needs: Vec<TempNeed>,
    /// Labour cost of the roster, CNY.
    pub labour_cost: f64,
    /// Guaranteed hours paid but not rostered, CNY.
    pub idle_cost: f64,
    /// Objective over all groups (cost + penalties).
    pub objective: f64,
    /// Lower bound over all groups.
    pub bound: f64,
    /// Relative gap over all groups.
    pub gap: f64,
    /// Per group.
    pub groups: Vec<PoolSolve>,
}

/// Groups of pool indices linked by agents who serve several of them.
fn pool_groups(p: &RosterProblem) -> Vec<Vec<usize>> {
    let n = p.pools.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while parent[r] != r {
            r = parent[r];
        }
        parent[i] = r;
        r
    }
    for a in &p.agents {
        let idx: Vec<usize> = a
            .pools
            .iter()
            .filter_map(|q| p.pools.iter().position(|x| x == q))
            .collect();
        for w in idx.windows(2) {
            let (r0, r1) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            parent[r0] = r1;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

struct GroupResult {
    chosen: Vec<(usize, Slot, usize)>,
    idle_cost: f64,
    solve: PoolSolve,
}

/// How the model of each group of pools is solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// [`Strategy::Single`] for models up to [`AUTO_SINGLE_LIMIT`] shift variables (the
    /// weekly roster: deterministic), [`Strategy::Portfolio`] above.
    #[default]
    Auto,
    /// One MIP over the whole model (HiGHS, one thread).
    Single,
    /// The fix-and-optimise polish alone, from the empty roster (no dual bound beyond the
    /// trivial one).
    Polish,
    /// The whole MIP on one thread beside the polish on the others, live: each roster the MIP
    /// finds goes to the polish, each better roster the polish finds goes into the MIP's
    /// search after the first third of the time (HiGHS callbacks), the bound is the MIP's,
    /// and the search stops as soon as the gap closes. Above 30,000 shift variables, the
    /// polish alone.
    Portfolio,
}

/// Shift variables up to which [`Strategy::Auto`] solves one MIP.
pub const AUTO_SINGLE_LIMIT: usize = 20_000;

/// Settings of [`solve_roster_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RosterOptions {
    /// Time limit (per group of pools, building its model included) and gap.
    pub solve: SolveOptions,
    /// How each group is solved.
    pub strategy: Strategy,
    /// Seed of the polish's neighbourhood choices.
    pub seed: u64,
    /// Threads for the polish and portfolio (0: every core).
    pub threads: usize,
}

impl RosterOptions {
    /// `solve` with the automatic strategy, seed 0, every core.
    pub fn new(solve: SolveOptions) -> RosterOptions {
        RosterOptions {
            solve,
            strategy: Strategy::Auto,
            seed: 0,
            threads: 0,
        }
    }
}

/// The roster model of one group of pools.
pub(super) struct GroupModel {
    pub(super) mip: Mip,
    agents: Vec<usize>,
    all_vars: Vec<AgentVars>,
    /// Elastic slacks of hard minimum hours (0 in a roster that keeps every hard rule).
    hard: Vec<usize>,
}

impl GroupModel {
    /// Which agent and day each shift variable belongs to.
    pub(super) fn layout(&self) -> Layout {
        Layout::new(
            self.agents.len(),
            self.all_vars.first().map_or(0, |v| v.len()),
            self.all_vars.iter().enumerate().flat_map(|(a, vars)| {
                vars.iter()
                    .enumerate()
                    .flat_map(move |(d, xs)| xs.iter().map(move |x| (x.var, a, d)))
            }),
        )
    }

    /// The shift template of each shift variable (`u32::MAX` for the other columns).
    pub(super) fn templates(&self) -> Vec<u32> {
        let mut template = vec![u32::MAX; self.mip.len()];
        for x in self.all_vars.iter().flatten().flatten() {
            template[x.var] = x.slot.template as u32;
        }
        template
    }

    /// The checker's hard rules (all but the minimum hours, elastic in the model) of the
    /// agent at a group position working the given shifts: the move search's test.
    pub(super) fn agent_rules<'a>(
        &'a self,
        p: &'a RosterProblem,
    ) -> impl Fn(usize, &[rules::Worked]) -> bool + Sync + 'a {
        move |i, worked| super::check::keeps_hard_rules(p, &p.agents[self.agents[i]], worked)
    }
}

/// Benchmark instance `i` of the test fixtures (tests/fixtures/nrp) as its roster model (one
/// group: every NRP agent serves the one pool), with its agent count.
#[cfg(test)]
pub(super) fn nrp_fixture_model(i: usize) -> (GroupModel, usize) {
    let (p, m) = nrp_fixture(i);
    (m, p.agents.len())
}

/// Benchmark instance `i` of the test fixtures: its roster problem and model.
#[cfg(test)]
pub(super) fn nrp_fixture(i: usize) -> (RosterProblem, GroupModel) {
    let path = format!(
        "{}/tests/fixtures/nrp/Instance{i}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let inst = crate::io::read_nrp(&format!("Instance{i}.txt"), &text).unwrap();
    let groups = pool_groups(&inst.problem);
    assert_eq!(groups.len(), 1);
    let m = build_group(&inst.problem, &groups[0]);
    (inst.problem, m)
}

fn build_group(p: &RosterProblem, group: &[usize]) -> GroupModel {
    let mut mip = Mip::new();
    let days = p.days();
    let agents: Vec<usize> = (0..p.agents.len())
        .filter(|&a| {
            p.agents[a]
                .pools
                .iter()
                .any(|q| group.iter().any(|&g| p.pools[g] == *q))
        })
        .collect();
    let mut all_vars: Vec<AgentVars> = Vec::with_capacity(agents.len());
    let mut hard = Vec::new();
    let mut cover: BTreeMap<(usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    let hourly = group.iter().any(|&g| {
        p.requirement
            .get(&p.pools[g])
            .is_some_and(|v| v.iter().any(|&r| r > 0))
    });
    for &a in &agents {
        let agent = &p.agents[a];
        let limits = p.rules.limits_for(agent);
        let mut vars: AgentVars = vec![Vec::new(); days];
        for (d, day_vars) in vars.iter_mut().enumerate() {
            for t in 0..p.rules.shifts.len() {
                let slot = Slot {
                    day: d,
                    template: t,
                };
                if !rules::eligible_with(p, agent, &limits, slot) {
                    continue;
                }
                for &g in group.iter().filter(|&&g| agent.serves(&p.pools[g])) {
                    let cost = p.slot_cost(agent, slot);
                    let var = mip.binary(cost);
                    day_vars.push(XVar { slot, pool: g, var });
                    if hourly {
                        for h in p.covered(slot) {
                            cover.entry((g, h)).or_default().push((var, 1.0));
                        }
                    }
                }
            }
        }
        // A preference is priced on a variable of its own.
        for pref in p.preferences.iter().filter(|x| x.agent == agent.id) {
            rules::preference(p, pref, &vars, &mut mip);
        }
        let idle = agent_rate_for_idle(p, agent);
        rules::one_shift_per_day(&vars, &mut mip);
        rules::max_weekly_hours(p, agent, &vars, &mut mip);
        let before = mip.len();
        rules::min_weekly_hours(p, agent, &vars, &mut mip, idle);
        rules::max_total_minutes(p, agent, &vars, &mut mip);
        rules::min_total_minutes(p, agent, &vars, &mut mip, idle);
        if p.rules.min_hours_hard {
            hard.extend(before..mip.len());
        }
        rules::max_shifts_per_type(p, agent, &vars, &mut mip);
        rules::days_off_per_week(p, &vars, &mut mip);
        // The run network when a minimum applies (much tighter: see consecutive_runs), else
        // the window rows of the maximum.
        if !rules::consecutive_runs(p, agent, &vars, &mut mip) {
            rules::agent_max_consecutive_days(p, agent, &vars, &mut mip);
            rules::min_consecutive_days(p, agent, &vars, &mut mip);
            rules::min_consecutive_days_off(p, agent, &vars, &mut mip);
        }
        rules::max_weekends(p, agent, &vars, &mut mip);
        rules::min_rest_between_shifts(p, &vars, &mut mip);
        rules::forbidden_successions(p, &vars, &mut mip);
        rules::max_consecutive_nights(p, &vars, &mut mip);
        rules::rest_after_night_run(p, &vars, &mut mip);
        rules::max_nights_per_week(p, &vars, &mut mip);
        super::carryover::carryover(p, agent, &vars, &mut mip);
        all_vars.push(vars);
    }
    let f = &p.rules.fairness;
    rules::fairness(p, &all_vars, Unpopular::Nights, f.nights, &mut mip);
    rules::fairness(p, &all_vars, Unpopular::Weekends, f.weekends, &mut mip);
    rules::fairness(p, &all_vars, Unpopular::Holidays, f.holidays, &mut mip);
    rules::shift_cover(p, &all_vars, group, &mut mip);
    for &g in group {
        let req = p.requirement.get(&p.pools[g]);
        for h in 0..p.horizon.hours() {
            let r = req.and_then(|v| v.get(h)).copied().unwrap_or(0);
            if r == 0 {
                continue;
            }
            let s = mip.continuous(0.0, r as f64, p.rules.shortage_penalty_per_seat_hour);
            let mut terms = cover.get(&(g, h)).cloned().unwrap_or_default();
            terms.push((s, 1.0));
            mip.ge(&terms, r as f64);
        }
    }
    GroupModel {
        mip,
        agents,
        all_vars,
        hard,
    }
}

/// Solves a group's model by `strategy`: the values, bound and status.
fn solve_model(
    p: &RosterProblem,
    m: &GroupModel,
    opts: &RosterOptions,
) -> Result<super::solver::SolveOutcome, SolveError> {
    let started = Instant::now();
    let binaries = m.mip.integer_count();
    let strategy = match opts.strategy {
        Strategy::Auto if binaries <= AUTO_SINGLE_LIMIT => Strategy::Single,
        Strategy::Auto => Strategy::Portfolio,
        s => s,
    };
    if strategy == Strategy::Single || binaries == 0 {
        return m.mip.solve(opts.solve, None, RunSettings::default());
    }
    let deadline = started + Duration::from_secs_f64(opts.solve.time_limit_seconds.max(0.1));
    let col_rows = m.mip.column_rows();
    let layout = m.layout();
    let keeps = m.agent_rules(p);
    // The move search where the whole MIP is out of reach: there HiGHS's fixed cost per
    // sub-MIP caps the polish's steps, while below it the sub-MIPs are both fast and exact.
    let moves = (binaries > PORTFOLIO_MIP_LIMIT)
        .then(|| Moves::new(&m.mip, &layout, &col_rows, m.templates(), &keeps))
        .flatten();
    let search = Search {
        mip: &m.mip,
        layout: &layout,
        col_rows: &col_rows,
        hard: &m.hard,
        moves: moves.as_ref(),
    };
    let log = super::solver::log_enabled();
    let threads = if opts.threads > 0 {
        opts.threads
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    let empty = empty_start(&m.mip, &col_rows)
        .ok_or_else(|| SolveError::Failed("no feasible start to polish".into()))?;
    if log {
        eprintln!("empty start at {:.2}s", started.elapsed().as_secs_f64());
    }
    let shared = Shared::new(&m.mip, empty, opts.solve.mip_rel_gap);
    let with_mip =
        strategy == Strategy::Portfolio && binaries <= PORTFOLIO_MIP_LIMIT && threads > 1;
    let workers = if with_mip { threads - 1 } else { threads }.max(1);
    // The whole MIP (Portfolio, models HiGHS can take whole), live beside the polish: each
    // roster it finds goes to the polish, each better roster the polish finds goes into its
    // search, its dual bound is the bound, and the gap closing stops every thread. When a third
    // of the time has gone and the gap is still wide, the MIP hands its thread over to a
    // second polish worker (its bound so far stays the bound).
    let whole_mip = || {
        let link = LiveLink {
            mip: &m.mip,
            shared: &shared,
            deadline,
            given: AtomicU64::new(u64::MAX),
            handover: started
                + Duration::from_secs_f64(opts.solve.time_limit_seconds.max(0.0) / 3.0),
            handed_over: AtomicBool::new(false),
        };
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        let out = m.mip.solve_live(
            SolveOptions {
                time_limit_seconds: left,
                mip_rel_gap: opts.solve.mip_rel_gap,
            },
            None,
            RunSettings {
                root_ipm: binaries >= ROOT_IPM_BINARIES,
                ..RunSettings::default()
            },
            &link,
        );
        let Ok(out) = out else {
            return ("MIP failed".to_string(), PolishReport::default());
        };
        shared.raise_bound(out.bound);
        link.found(&out.values);
        if shared.proven() {
            // Optimal (within the gap): every thread stops now.
            shared.stop.store(true, Ordering::Relaxed);
        }
        if link.handed_over.load(Ordering::Relaxed) {
            let at = started.elapsed().as_secs_f64();
            // The gap is wide: the whole MIP's LP is weak here. Column generation bounds far
            // tighter (instance 7: 953 → 1,014–1,027 in 10 s, 1,054 converged; optimum 1,056).
            if binaries <= COLGEN_MAX_BINARIES {
                let limit = opts.solve.time_limit_seconds;
                let until = started + Duration::from_secs_f64(limit * COLGEN_UNTIL);
                super::colgen::generate_beside(
                    &m.mip,
                    &layout,
                    &shared,
                    until,
                    limit * MASTER_MIP_SHARE,
                );
                if shared.proven() {
                    shared.stop.store(true, Ordering::Relaxed);
                }
            }
            let report = search.polish(&shared, deadline, opts.seed ^ HANDOVER_SEED, 1);
            (format!("MIP handed over at {at:.0}s"), report)
        } else {
            (format!("MIP {}", out.status), PolishReport::default())
        }
    };
    let (mip_status, report) = std::thread::scope(|scope| {
        let mip_thread = with_mip.then(|| scope.spawn(whole_mip));
        // Sweep until no agent is short of a hard minimum (or no pass helps any more).
        // The first passes price the missing minutes low, for the cover ([`MinutePrice`]);
        // the others fill what is still missing.
        let mut last = f64::INFINITY;
        for pass in 0..4 {
            let before = shared.head().0;
            if before >= last - 1e-6 || Instant::now() >= deadline {
                break;
            }
            last = before;
            if !search.sweep(&shared, deadline, workers, MinutePrice::of_pass(pass)) {
                break;
            }
            if log {
                eprintln!(
                    "sweep pass {pass} done at {:.2}s: {:.1}",
                    started.elapsed().as_secs_f64(),
                    shared.snapshot().0
                );
            }
        }
        if log {
            eprintln!(
                "sweep done at {:.2}s: {:.1}",
                started.elapsed().as_secs_f64(),
                shared.snapshot().0
            );
        }
        let mut report = search.polish(&shared, deadline, opts.seed, workers);
        let status = mip_thread.map(|h| {
            let (status, extra) = h
                .join()
                .unwrap_or_else(|_| ("MIP thread failed".into(), PolishReport::default()));
            report.steps += extra.steps;
            report.improvements += extra.improvements;
            status
        });
        (status, report)
    });
    let proven = shared.proven();
    let (_, values, _) = shared.snapshot();
    // Recomputed: the incumbent's objective was kept by adding the sub-problems' changes.
    let objective = m.mip.objective_of(&values);
    let bound = shared.bound();
    let bound = if bound.is_finite() {
        bound
    } else {
        m.mip.trivial_bound()
    };
    Ok(super::solver::SolveOutcome {
        gap: relative_gap(objective, bound),
        values,
        objective,
        bound: bound.min(objective),
        status: format!(
            "{}: {}polish {} steps, {} kept ({workers} workers)",
            if proven {
                "Optimal"
            } else {
                "ReachedTimeLimit"
            },
            mip_status.map_or(String::new(), |s| format!("{s}; ")),
            report.steps,
            report.improvements
        ),
        seconds: started.elapsed().as_secs_f64(),
        row_duals: Vec::new(),
        ipm_iterations: 0,
    })
}

/// The portfolio's link between the live whole MIP and the polish's shared incumbent.
struct LiveLink<'a> {
    mip: &'a Mip,
    shared: &'a Shared,
    deadline: Instant,
    /// Version of the incumbent last handed to the MIP.
    given: AtomicU64,
    /// From when the MIP hands its thread over to the polish if the gap is still wide, and
    /// takes the polish's better rosters into its search.
    handover: Instant,
    /// Whether it did.
    handed_over: AtomicBool,
}

impl MipHook for LiveLink<'_> {
    fn interrupt(&self, dual_bound: f64) -> bool {
        if dual_bound.is_finite() {
            self.shared.raise_bound(dual_bound);
        }
        // The MIP's own bound decides (not the shared one, which the polish's LP relaxation
        // may have raised): the question is whether this thread's search still pays.
        let now = Instant::now();
        if now >= self.handover
            && now < self.deadline
            && relative_gap(self.shared.head().0, dual_bound) > HANDOVER_GAP
        {
            self.handed_over.store(true, Ordering::Relaxed);
            return true;
        }
        self.shared.stop.load(Ordering::Relaxed)
            || self.shared.proven()
            || Instant::now() >= self.deadline
    }

    fn found(&self, values: &[f64]) {
        // Cleaned as every HiGHS answer is (`snap`).
        let values: Vec<f64> = values
            .iter()
            .enumerate()
            .map(|(v, &x)| snap(x, self.mip.is_integer(v)))
            .collect();
        let feasible = values.len() == self.mip.len() && self.mip.max_violation(&values) < 1e-6;
        if feasible {
            self.shared.offer(self.mip.objective_of(&values), &values);
        }
        if super::solver::log_enabled() {
            eprintln!(
                "MIP found {:.1} (feasible {feasible}), incumbent {:.1}",
                self.mip.objective_of(&values),
                self.shared.head().0
            );
        }
    }

    fn better_than(&self, objective: f64) -> Option<Vec<f64>> {
        // For the first third of the time HiGHS keeps its own search: a polish roster handed
        // in early becomes the incumbent its heuristics and tree steer by, and on instance 6
        // that held the MIP at the polish's local optimum (2,040–2,041 in two runs; 1,951–1,952
        // in three with the polish's rosters held back until the handover point).
        if Instant::now() < self.handover {
            return None;
        }
        let (best, version) = self.shared.head();
        if best < objective - 1e-6 && self.given.swap(version, Ordering::Relaxed) != version {
            if super::solver::log_enabled() {
                eprintln!("MIP given {best:.1} (its incumbent {objective:.1})");
            }
            Some(self.shared.snapshot().1)
        } else {
            None
        }
    }
}

/// Relative gap above which the live MIP hands its thread over to the polish after a third of
/// the time limit: its bound has then stopped paying for the thread (measured on the NRP
/// instances: 7 and 8 stay 10–25 % above their root bound, while 4 and 5 close a gap of a
/// few percent late in the minute).
const HANDOVER_GAP: f64 = 0.08;

/// Shift variables from which the whole MIP solves its root LP by interior point. HiGHS calls
/// back only between LP solves, so while the dual simplex works on the root the MIP can neither
/// hand its thread over nor do anything else. Measured at 60 s: on instance 19 (9,728) the
/// simplex root outlasted the minute (no handover; 4,465 and 4,277) and by interior point the
/// MIP handed over at 24 s (4,302 and 3,828, same seeds); on 15 (6,726) the simplex root took
/// 24 s, against 2.6 s for the same LP by interior point, and the MIP's bound rose from 3,772 to
/// 3,797 with the rest of its third. On 11, 12, 15 and 17 (5,304–10,452) the bound rose in every
/// run and the rosters stayed within the noise. Below, on 10, 14 and 18 (3,484–4,104), the
/// simplex root is quick and the rosters were worse in two of three runs; instance 6 (1,040)
/// lost its proof in both runs with it.
const ROOT_IPM_BINARIES: usize = 5_000;

/// Share of the time limit by which column generation (from the MIP's handover) ends and
/// gives its thread to the polish. On instance 7 at 60 s, 0.5 (10 s of generation) gave bound
/// 1,012 and roster 1,074; 0.85 (31 s) gave bound 1,053 and roster 1,060 (optimum 1,056): the
/// master's schedules are worth more there than the polish's thread.
const COLGEN_UNTIL: f64 = 0.85;

/// Shift variables up to which column generation runs after the handover. Measured at 60 s:
/// on instance 7 (1,248) it lifts the bound from 953 to 1,054.08, converged 25–28 s after the
/// handover in four runs of four (session 17); on 9, 12 and 14–18 (3,000–17,000) a pricing
/// round takes seconds, too few rounds fit, and the bound stayed below the whole MIP's (14 alone
/// gained 4 points), so there the seconds go to the polish. On instance 8 (2,158) a round takes
/// 2–2.6 s, and the bound passes the whole MIP's 1,285 only after 19 rounds (converged at
/// 1,296.57 after 38 rounds, 164 s): within the minute 3 rounds ran, the bound stayed at
/// 1,279.56, and the master's rosters were 1,441 and 1,804, so 8 is left out.
const COLGEN_MAX_BINARIES: usize = 2_000;

/// Share of the time limit the master MIP over the generated schedules may take.
const MASTER_MIP_SHARE: f64 = 0.1;

/// Seed offset of the polish worker that takes over the MIP's thread.
const HANDOVER_SEED: u64 = 0x9e37_79b9;

/// Shift variables up to which the portfolio runs the whole MIP beside the polish (beyond, the
/// MIP's root alone takes minutes and gigabytes; the polish gets every thread, and runs the
/// move search among its neighbourhoods).
const PORTFOLIO_MIP_LIMIT: usize = 30_000;

fn solve_group(
    p: &RosterProblem,
    group: &[usize],
    opts: &RosterOptions,
) -> Result<GroupResult, SolveError> {
    let t0 = Instant::now();
    let m = build_group(p, group);
    if super::solver::log_enabled() {
        eprintln!(
            "model: {} columns ({} integer), {} rows, built in {:.2}s",
            m.mip.len(),
            m.mip.integer_count(),
            m.mip.constraint_count(),
            t0.elapsed().as_secs_f64()
        );
    }
    let variables = m.mip.len();
    let constraints = m.mip.constraint_count();
    // The limit is the caller's whole wait, building the model included (a year of 150 agents
    // and 32 shift types takes seconds to build); a tenth of it is left to the solve at least.
    let mut opts = *opts;
    let limit = opts.solve.time_limit_seconds;
    opts.solve.time_limit_seconds = (limit - t0.elapsed().as_secs_f64()).max(0.1 * limit);
    let out = solve_model(p, &m, &opts)?;
    let mut chosen = Vec::new();
    for (i, vars) in m.all_vars.iter().enumerate() {
        for x in vars.iter().flatten() {
            if out.values[x.var] > 0.5 {
                chosen.push((m.agents[i], x.slot, x.pool));
            }
        }
    }
    // Idle guaranteed hours: recomputed from the chosen shifts, not read from slack values.
    let mut idle_cost = 0.0;
    for &a in &m.agents {
        let agent = &p.agents[a];
        let worked: f64 = chosen
            .iter()
            .filter(|c| c.0 == a)
            .map(|c| p.rules.shifts[c.1.template].paid_hours())
            .sum();
        if !p.rules.min_hours_hard {
            idle_cost += (p.min_hours(agent) - worked).max(0.0) * agent_rate_for_idle(p, agent);
        }
    }
    Ok(GroupResult {
        chosen,
        idle_cost,
        solve: PoolSolve {
            pools: group.iter().map(|&g| p.pools[g].clone()).collect(),
            agents: m.agents.len(),
            variables,
            constraints,
            objective: out.objective,
            bound: out.bound,
            gap: out.gap,
            status: out.status,
            seconds: out.seconds,
        },
    })
}

/// Price of a guaranteed hour not rostered: what the hour is paid anyway.
fn agent_rate_for_idle(p: &RosterProblem, agent: &crate::model::Agent) -> f64 {
    match agent.contract {
        Contract::Temporary => 0.0,
        _ => agent_hourly_rate(agent, &p.cost),
    }
}

/// What [`generation_bound`] reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenerationBound {
    /// The best Lagrangian lower bound on the roster's objective over the rounds.
    pub bound: f64,
    /// Rounds run.
    pub rounds: usize,
    /// Whether no agent had a schedule of negative reduced cost (the bound is then the master
    /// LP's, the column-generation relaxation's optimum).
    pub converged: bool,
}

/// Column generation over agents on the roster model of each group of pools, alone: from the
/// LP relaxation's duals and the empty roster, at most `rounds` rounds (a budget, so the bound
/// is the same on any machine) or until converged; the bounds of the groups add up. The solver
/// runs this after a weak whole MIP hands its thread over; here it is on its own, for
/// benchmarks and for checking a bound (instance 8 of the NRP benchmark converges at
/// 1,296.57).
pub fn generation_bound(p: &RosterProblem, rounds: usize) -> Result<GenerationBound, SolveError> {
    let mut out = GenerationBound {
        bound: 0.0,
        rounds: 0,
        converged: true,
    };
    for group in pool_groups(p) {
        let m = build_group(p, &group);
        let report = super::colgen::generate_alone(&m.mip, &m.layout(), rounds)?;
        out.bound += report.bound;
        out.rounds = out.rounds.max(report.rounds);
        out.converged &= report.converged;
    }
    Ok(out)
}

/// Solves the roster: the best plan within the time limit and gap, with coverage, shortages
/// and the temporary seats that would close them ([`Strategy::Auto`]).
pub fn solve_roster(p: &RosterProblem, opts: SolveOptions) -> Result<RosterSolution, SolveError> {
    solve_roster_with(p, &RosterOptions::new(opts))
}

/// [`solve_roster`] with a chosen [`Strategy`] and seed.
pub fn solve_roster_with(
    p: &RosterProblem,
    opts: &RosterOptions,
) -> Result<RosterSolution, SolveError> {
    let groups = pool_groups(p);
    let results = groups
        .par_iter()
        .map(|g| solve_group(p, g, opts))
        .collect::<Result<Vec<_>, _>>()?;
    let mut assignments = Vec::new();
    for r in &results {
        for &(a, slot, g) in &r.chosen {
            assignments.push(p.assignment(&p.agents[a], slot, &p.pools[g]));
        }
    }
    assignments.sort_by(|a, b| (&a.agent, a.start).cmp(&(&b.agent, b.start)));
    let roster = Roster { assignments };
    let RosterCoverage {
        coverage,
        shortages,
        temp_needs,
    } = roster_coverage(p, &roster, opts.solve)?;
    let labour_cost = roster.assignments.iter().map(|a| a.cost).sum();
    let idle_cost = results.iter().map(|r| r.idle_cost).sum();
    let objective: f64 = results.iter().map(|r| r.solve.objective).sum();
    let bound: f64 = results.iter().map(|r| r.solve.bound).sum();
    let gap = relative_gap(objective, bound);
    Ok(RosterSolution {
        roster,
        coverage,
        shortages,
        temp_needs,
        labour_cost,
        idle_cost,
        objective,
        bound,
        gap,
        groups: results.into_iter().map(|r| r.solve).collect(),
    })
}
