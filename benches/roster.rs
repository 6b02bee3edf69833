//! Roster benches.
//!
//! * `demo_week`: the ops planner's weekly job on the bundled demo — read and validate the
//!   scenario, size the week (6 pools × 168 h), build and solve the roster IP (94 agents) and
//!   check it. Goal ≤ 10 s.
//! * `scaled_100_pools_1000_agents`: 100 pools in 20 groups of 5 linked by cross-trained
//!   agents (50 agents per group, 1,000 in all), the demo's shift templates and rules, an
//!   evening-peaked requirement of 1–6 seats per pool-hour from 08:00 to 24:00 (a quarter of the
//!   pools open 24 h), one week; time limit 120 s, gap 2 %. Goal ≤ 120 s with gap ≤ 2 %.

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use seatplan::io::load_scenario;
use seatplan::model::{Agent, Contract, WageBasis};
use seatplan::schedule::{check_roster, solve_roster, RosterProblem, SolveOptions, HOURS};
use std::collections::BTreeMap;
use std::path::Path;

fn demo_week() -> (usize, f64, usize) {
    let s = load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo"))).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let week = seatplan::schedule::Week::new(start, &s.calendar);
    let (_, last) = s.history.span().unwrap();
    let from = last.date().and_hms_opt(0, 0, 0).unwrap() - chrono::Duration::hours(144);
    let mut demand = seatplan::model::Demand::from_history(&s.history, from, HOURS);
    demand.start = week.hour(0);
    let sized = seatplan::size::size(&s, &demand).unwrap();
    let req = seatplan::schedule::requirement_for_week(&sized.rows, &week);
    let p = RosterProblem::for_week(&s, start, req, vec![]);
    let sol = solve_roster(
        &p,
        SolveOptions {
            time_limit_seconds: 60.0,
            mip_rel_gap: 0.005,
        },
    )
    .unwrap();
    let hard = check_roster(&p, &sol.roster)
        .iter()
        .filter(|v| v.hard)
        .count();
    (sol.roster.assignments.len(), sol.gap, hard)
}

fn scaled_problem() -> RosterProblem {
    let s = load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo"))).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let pools: Vec<String> = (0..100).map(|i| format!("p{i:03}")).collect();
    let mut agents = Vec::new();
    for g in 0..20 {
        for i in 0..50 {
            let home = g * 5 + i % 5;
            let mut serves = vec![pools[home].clone()];
            if i % 4 == 0 {
                serves.push(pools[g * 5 + (i + 1) % 5].clone());
            }
            let contract = if i % 10 == 9 {
                Contract::PartTime
            } else {
                Contract::FullTime
            };
            agents.push(Agent {
                id: format!("A{g:02}{i:02}"),
                name: String::new(),
                contract,
                pools: serves,
                night_ok: i % 3 == 0,
                protection: None,
                min_week_hours: if contract == Contract::FullTime {
                    40.0
                } else {
                    12.0
                },
                max_week_hours: if contract == Contract::FullTime {
                    44.0
                } else {
                    28.0
                },
                wage: if contract == Contract::FullTime {
                    4500.0 + 100.0 * rng.gen_range(0..10) as f64
                } else {
                    24.0
                },
                wage_basis: if contract == Contract::FullTime {
                    WageBasis::Month
                } else {
                    WageBasis::Hour
                },
                unavailable: vec![],
                limits: Default::default(),
            });
        }
    }
    let mut requirement = BTreeMap::new();
    for (k, p) in pools.iter().enumerate() {
        let always = k % 4 == 0;
        let v: Vec<u32> = (0..HOURS)
            .map(|h| {
                let hod = h % 24;
                let base = match hod {
                    0..=7 if always => 1,
                    0..=7 => 0,
                    8..=11 => 3,
                    12..=18 => 4,
                    19..=22 => 6,
                    _ => 2,
                };
                if base == 0 {
                    0
                } else {
                    (base + rng.gen_range(0..2)) as u32
                }
            })
            .collect();
        requirement.insert(p.clone(), v);
    }
    let mut p = RosterProblem::for_week(&s, start, requirement, vec![]);
    p.agents = agents;
    p.pools = pools;
    p
}

fn bench(c: &mut Criterion) {
    let (n, gap, hard) = demo_week();
    eprintln!(
        "demo week: {n} shifts, gap {:.3}%, {hard} hard violations",
        100.0 * gap
    );
    let mut g = c.benchmark_group("roster");
    g.sample_size(10);
    g.bench_function("demo_week", |b| b.iter(demo_week));
    let p = scaled_problem();
    let opts = SolveOptions {
        time_limit_seconds: 120.0,
        mip_rel_gap: 0.02,
    };
    let sol = solve_roster(&p, opts).unwrap();
    let hard = check_roster(&p, &sol.roster)
        .iter()
        .filter(|v| v.hard)
        .count();
    let worst = sol.groups.iter().map(|x| x.gap).fold(0.0, f64::max);
    eprintln!(
        "scaled: {} shifts, objective {:.0}, bound {:.0}, gap {:.3}% (worst group {:.3}%), {hard} hard violations, short {} seat-hours",
        sol.roster.assignments.len(),
        sol.objective,
        sol.bound,
        100.0 * sol.gap,
        100.0 * worst,
        sol.shortages.iter().map(|s| s.seats as u64).sum::<u64>()
    );
    g.bench_function("scaled_100_pools_1000_agents", |b| {
        b.iter(|| solve_roster(&p, opts).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
