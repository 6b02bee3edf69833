//! Simulation bench.
//!
//! * `demo_week_100_reps`: the bundled demo scenario's default week (the Monday after the
//!   history): the week's forecast, sized at the rules' quantile, the roster `solve_roster`
//!   produces for it (solved once, outside the timing), simulated as `seatplan simulate` does
//!   (mean forecast, 100 replications, 6 pools × 168 hours, ≈ 60,000 inquiries per
//!   replication, exponential handle times, slow-down at full concurrency, staggered breaks).
//!   Goal ≤ 10 s on 2 cores.
//! * `demo_week_100_reps_current_load_lognormal`: the same with the current-load slow-down and
//!   lognormal handle times (CV 1).

use chrono::{Datelike, Duration};
use criterion::{criterion_group, criterion_main, Criterion};
use seatplan::forecast::{forecast_all, ForecastOptions};
use seatplan::io::load_scenario;
use seatplan::model::{Demand, Quantile, Scenario};
use seatplan::schedule::{
    requirement_for_week, solve_roster, Roster, RosterProblem, SolveOptions, Week, HOURS,
};
use seatplan::simulate::{simulate_roster, HandleTime, SimOptions, SlowDown};
use std::path::Path;
use std::time::Instant;

fn demo() -> (Scenario, Roster, Demand) {
    let s = load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo"))).unwrap();
    let (_, last) = s.history.span().unwrap();
    let next = last.date() + Duration::days(1);
    let back = next.weekday().num_days_from_monday() as i64;
    let start = if back == 0 {
        next
    } else {
        next + Duration::days(7 - back)
    };
    let week = Week::new(start, &s.calendar);
    // As `seatplan roster` / `simulate`: the forecast of the week, sized at the rules'
    // quantile, simulated at the mean.
    let f = forecast_all(&s, week.hour(0), HOURS, &ForecastOptions::default()).unwrap();
    let sized = seatplan::size::size(&s, &f.demand(s.rules.sizing.staff_to)).unwrap();
    let demand = f.demand(Quantile::Mean);
    let req = requirement_for_week(&sized.rows, &week);
    let p = RosterProblem::for_week(&s, start, req, vec![]);
    let sol = solve_roster(
        &p,
        SolveOptions {
            time_limit_seconds: 60.0,
            mip_rel_gap: 0.005,
        },
    )
    .unwrap();
    (s, sol.roster, demand)
}

fn bench(c: &mut Criterion) {
    let (s, roster, demand) = demo();
    let exp = SimOptions {
        replications: 100,
        ..SimOptions::default()
    };
    let real = SimOptions {
        handle_time: HandleTime::LogNormal { cv: 1.0 },
        slowdown: SlowDown::CurrentLoad,
        ..exp.clone()
    };
    let t = Instant::now();
    let cov = simulate_roster(&s, &roster, &demand, &exp).unwrap();
    let offered: f64 = cov.pools.iter().map(|p| p.offered.mean).sum();
    eprintln!(
        "demo week: {} shifts, {offered:.0} inquiries per replication, {} pool-hours below target, {} threads, one run {:.2} s",
        roster.assignments.len(),
        cov.below_target().count(),
        rayon::current_num_threads(),
        t.elapsed().as_secs_f64()
    );
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    g.bench_function("demo_week_100_reps", |b| {
        b.iter(|| simulate_roster(&s, &roster, &demand, &exp).unwrap())
    });
    g.bench_function("demo_week_100_reps_current_load_lognormal", |b| {
        b.iter(|| simulate_roster(&s, &roster, &demand, &real).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
