//! Column generation bench: twelve rounds of generation over agents on instance 7 of the
//! public shift-scheduling benchmark (`tests/fixtures/nrp/Instance7.txt`: 4 weeks, 20 staff,
//! 1,248 shift variables), from its LP relaxation's duals and the empty roster
//! (`seatplan::schedule::generation_bound`). Twelve rounds are a fixed amount of work — 12 × 20
//! pricing MIPs and 12 master LPs, the same on any machine — so the time measures the pricing
//! MIPs' speed (session 17: 10.14 s before HiGHS's root RINS/RENS were switched off in
//! pricing, 8.08 s after, on the 2-core development machine). The bound after them is printed (983.66
//! there; the whole MIP's is 953 at 60 s, the converged one 1,054.08).

use criterion::{criterion_group, criterion_main, Criterion};
use seatplan::io::read_nrp;
use seatplan::schedule::generation_bound;

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nrp/Instance7.txt"
    );
    let text = std::fs::read_to_string(path).expect("instance 7");
    let inst = read_nrp("Instance7.txt", &text).expect("instance 7 reads");
    let first = generation_bound(&inst.problem, 12).expect("generation runs");
    eprintln!("instance 7, 12 rounds: {first:?}");
    let mut g = c.benchmark_group("column_generation");
    g.sample_size(10);
    g.bench_function("instance7_12_rounds", |b| {
        b.iter(|| generation_bound(&inst.problem, 12).expect("generation runs"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
