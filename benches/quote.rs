//! Quote benches: the sales rep's quote for a prospect on the bundled demo's rules and price
//! book (`data/demo`), service 08:00–24:00, the request defaults otherwise (AHT 180 s,
//! concurrency 3, 80 % in 30 s). `seats_and_prices/N`: sizing, the least-cost shift cover,
//! costs, every plan's price and the recommendation at N inquiries/day — what the web quote
//! page shows first. `with_break_evens/N`: the same plus the break-even volumes of every pair
//! of plans over `[1, max(1000, 3N)]` (the sizing and shift cover re-run per probed volume) —
//! the whole quote as `seatplan quote` prints it. Goal: the whole quote in ≤ 300 ms at
//! 5,000/day on this 2-core machine (the web workspace's round-trip goal).
//!
//! Run: `cargo bench --bench quote`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use seatplan::io::load_scenario;
use seatplan::price::{quote_request_with, QuoteInputs, QuoteRequest};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let s = load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo"))).unwrap();
    let inputs = QuoteInputs {
        rules: &s.rules,
        book: &s.prices,
        calendar: &s.calendar,
        scenario: Some(&s),
    };
    let request = |daily: f64| QuoteRequest {
        daily_inquiries: Some(daily),
        service_hours: Some("08:00-24:00".into()),
        ..QuoteRequest::default()
    };
    for (name, break_even) in [("seats_and_prices", false), ("with_break_evens", true)] {
        let mut g = c.benchmark_group(name);
        g.sample_size(20).measurement_time(Duration::from_secs(10));
        for daily in [300.0, 1000.0, 5000.0] {
            let req = request(daily);
            g.bench_with_input(BenchmarkId::from_parameter(daily), &req, |b, req| {
                b.iter(|| {
                    let q = quote_request_with(black_box(req), &inputs, break_even).unwrap();
                    black_box(q.plans.len())
                });
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
