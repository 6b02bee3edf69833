//! Required-agents throughput on pyworkforce's workload (see shared/data/vectors/README.md):
//! 1,000,000 hourly intervals (interval 3600 s), traffic uniform 1–500 Erlangs, AHT uniform
//! 120–600 s, 80 % answered in 20 s, occupancy cap 1, seeded RNG; required agents per
//! interval, parallelised with rayon. Peer figure: pyworkforce 0.5.4 ≈ 3,400 intervals/s
//! (one process); goal here ≥ 3.4 million intervals/s on 2 cores.
//!
//! Run: `cargo bench --bench erlang` (add `-- --sample-size 10` for a quicker run).

use std::time::Duration;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use seatplan::queueing::{erlang_a_metrics, erlang_c_metrics, required_agents, StaffingRequest};

const INTERVALS: usize = 1_000_000;
const INTERVAL_SECONDS: f64 = 3600.0;

/// (traffic Erlangs, AHT seconds) per interval, drawn once from a fixed seed.
fn workload(n: usize) -> Vec<(f64, f64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(20_240_611);
    (0..n)
        .map(|_| {
            let traffic: f64 = rng.gen_range(1.0..500.0);
            let aht: f64 = rng.gen_range(120.0..600.0);
            // arrivals per hour implied by the traffic, as a planner would hold them
            let arrivals = traffic * INTERVAL_SECONDS / aht;
            (arrivals * aht / INTERVAL_SECONDS, aht)
        })
        .collect()
}

fn size_all(load: &[(f64, f64)]) -> u64 {
    load.par_iter()
        .map(|&(a, aht)| {
            let req = StaffingRequest::erlang_c(a, aht, 0.8, 20.0);
            u64::from(required_agents(&req).map_or(0, |s| s.required_agents))
        })
        .sum()
}

fn bench_required(c: &mut Criterion) {
    let load = workload(INTERVALS);
    let mut g = c.benchmark_group("required_agents");
    g.throughput(Throughput::Elements(INTERVALS as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function(
        BenchmarkId::new("pyworkforce_workload_rayon", INTERVALS),
        |b| b.iter(|| black_box(size_all(black_box(&load)))),
    );
    // the same work on one core, on the first 200,000 intervals
    let one = &load[..200_000];
    g.throughput(Throughput::Elements(one.len() as u64));
    g.bench_function(
        BenchmarkId::new("pyworkforce_workload_one_thread", one.len()),
        |b| {
            b.iter(|| {
                black_box(one)
                    .iter()
                    .map(|&(a, aht)| {
                        let req = StaffingRequest::erlang_c(a, aht, 0.8, 20.0);
                        u64::from(required_agents(&req).map_or(0, |s| s.required_agents))
                    })
                    .sum::<u64>()
            })
        },
    );
    g.finish();
}

fn bench_metrics(c: &mut Criterion) {
    let mut g = c.benchmark_group("metrics");
    g.bench_function("erlang_c_metrics_A250_n265", |b| {
        b.iter(|| erlang_c_metrics(black_box(250.0), 300.0, black_box(265), 20.0))
    });
    g.bench_function("erlang_a_metrics_A100_n105", |b| {
        b.iter(|| erlang_a_metrics(black_box(100.0), 300.0, 180.0, black_box(105), 20.0))
    });
    g.bench_function("erlang_a_metrics_A2000_n2015_T120", |b| {
        b.iter(|| erlang_a_metrics(black_box(2000.0), 300.0, 300.0, black_box(2015), 120.0))
    });
    g.bench_function("required_agents_erlang_a_A500_abandon_cap", |b| {
        let req = StaffingRequest {
            patience_seconds: Some(120.0),
            max_abandon_rate: Some(0.05),
            ..StaffingRequest::erlang_c(500.0, 300.0, 0.8, 20.0)
        };
        b.iter(|| required_agents(black_box(&req)).map(|s| s.required_agents))
    });
    g.finish();
}

criterion_group!(benches, bench_required, bench_metrics);
criterion_main!(benches);
