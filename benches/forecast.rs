//! Forecast throughput at the planned scale: 500 shops × 2 years of hourly history
//! (2024-01-01 .. 2025-12-31, 17,544 hours each, about 8.8 million observations) → a two-week
//! hourly forecast for every shop, fitted and predicted in parallel with rayon
//! (`forecast_all`). Goal: ≤ 5 s on 2 cores (Prophet takes 0.4–1.3 s and MSTL 1.5–3 s per
//! series, i.e. minutes for 500).
//!
//! The 500 shops are synthesised deterministically from the bundled demo scenario: shop `i`
//! is demo shop `i mod 12` rescaled by a seeded factor in [0.3, 3] with seeded Poisson-like
//! noise on every hour, so each has its own level, calendar response and noise, and the demo's
//! calendar (Chinese holidays with make-up days, 618, Double 11 …).
//!
//! Run: `cargo bench --bench forecast` (add `-- --sample-size 10` for a quicker run).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use seatplan::forecast::{forecast_all, ForecastOptions};
use seatplan::model::{Observation, Scenario, ShopHistory};

const SHOPS: usize = 500;

fn scenario() -> Scenario {
    let demo =
        seatplan::io::load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo")))
            .expect("demo scenario loads");
    let mut rng = ChaCha8Rng::seed_from_u64(500);
    let noise = Normal::new(0.0, 1.0).expect("valid normal");
    let mut s = demo.clone();
    s.shops.clear();
    s.history.shops = BTreeMap::new();
    for i in 0..SHOPS {
        let base = &demo.shops[i % demo.shops.len()];
        let mut shop = base.clone();
        shop.id = format!("s{i:03}_{}", base.id);
        let scale: f64 = rng.gen_range(0.3..3.0);
        let observations = demo.history.shops[&base.id]
            .observations
            .iter()
            .map(|o| {
                let m = o.inquiries * scale;
                let v = (m + noise.sample(&mut rng) * m.sqrt()).round().max(0.0);
                Observation {
                    hour: o.hour,
                    inquiries: v,
                    new_customers: None,
                    returning_customers: None,
                }
            })
            .collect();
        s.history
            .shops
            .insert(shop.id.clone(), ShopHistory { observations });
        s.shops.push(shop);
    }
    s
}

fn bench(c: &mut Criterion) {
    let s = scenario();
    let start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid date");
    let opts = ForecastOptions::default();
    let t = Instant::now();
    let f = forecast_all(&s, start, 14 * 24, &opts).expect("forecast");
    println!(
        "forecast_all: {} shops × {} history hours → {} hours ahead in {:.2?} ({} rayon threads)",
        f.shops.len(),
        s.history.len() / SHOPS,
        f.hours,
        t.elapsed(),
        rayon::current_num_threads()
    );
    let mut g = c.benchmark_group("forecast");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("500_shops_2y_hourly_to_2w", |b| {
        b.iter(|| black_box(forecast_all(&s, start, 14 * 24, &opts).expect("forecast")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
