//! The roster simulation on the demo scenario: determinism, independent replications,
//! arrival volumes, flags, breaks.

use chrono::{Duration, NaiveDate};
use seatplan::io::load_scenario;
use seatplan::model::{Demand, Scenario};
use seatplan::schedule::{Assignment, Roster, Week, HOURS};
use seatplan::simulate::{
    simulate_roster, simulate_stationary, stream, Coverage, Purpose, SimOptions, StationaryConfig,
};
use statrs::distribution::{ChiSquared, ContinuousCDF};
use std::path::Path;

fn scenario() -> Scenario {
    load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo"))).unwrap()
}

fn week_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

/// The last history week, moved to the roster week (as the roster bench does).
fn demand(s: &Scenario) -> Demand {
    let week = Week::new(week_start(), &s.calendar);
    let (_, last) = s.history.span().unwrap();
    let from = last.date().and_hms_opt(0, 0, 0).unwrap() - Duration::hours(144);
    let mut d = Demand::from_history(&s.history, from, HOURS);
    d.start = week.hour(0);
    d
}

/// `per_shift` seats of every shift template, every day, in every pool.
fn flat_roster(s: &Scenario, per_shift: usize) -> Roster {
    let mut assignments = Vec::new();
    for pool in &s.pools {
        for d in 0..7 {
            let date = week_start() + Duration::days(d);
            for t in &s.rules.shifts {
                for i in 0..per_shift {
                    let start = date.and_hms_opt(0, 0, 0).unwrap()
                        + Duration::minutes(t.start_minute as i64);
                    assignments.push(Assignment {
                        agent: format!("{}-{}-{}-{i}", pool.id, d, t.id),
                        date,
                        shift: t.id.clone(),
                        pool: pool.id.clone(),
                        start,
                        end: start + Duration::minutes(t.length_minutes as i64),
                        night: false,
                        paid_hours: t.paid_hours(),
                        pay_multiplier: 1.0,
                        cost: 0.0,
                    });
                }
            }
        }
    }
    Roster { assignments }
}

fn opts(reps: usize, seed: u64) -> SimOptions {
    SimOptions {
        replications: reps,
        seed,
        ..SimOptions::default()
    }
}

fn json(c: &Coverage) -> String {
    serde_json::to_string(c).unwrap()
}

#[test]
fn same_seed_same_output_and_other_seed_differs() {
    let s = scenario();
    let d = demand(&s);
    let r = flat_roster(&s, 1);
    let a = simulate_roster(&s, &r, &d, &opts(6, 7)).unwrap();
    let b = simulate_roster(&s, &r, &d, &opts(6, 7)).unwrap();
    assert_eq!(json(&a), json(&b));
    // Also on a single-thread pool: the output does not depend on scheduling.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let c = pool.install(|| simulate_roster(&s, &r, &d, &opts(6, 7)).unwrap());
    assert_eq!(json(&a), json(&c));
    let e = simulate_roster(&s, &r, &d, &opts(6, 8)).unwrap();
    assert_ne!(json(&a), json(&e));
    assert_eq!(a.rows.len(), s.pools.len() * HOURS);
}

#[test]
fn replications_use_independent_streams() {
    // Streams: distinct per replication and purpose, reproducible.
    use rand::Rng;
    let draw = |rep, p| {
        let mut r = stream(42, 3, rep, p);
        (0..1000).map(|_| r.gen::<f64>()).collect::<Vec<_>>()
    };
    let x = draw(0, Purpose::Arrivals);
    let y = draw(1, Purpose::Arrivals);
    let z = draw(0, Purpose::Work);
    assert_eq!(x, draw(0, Purpose::Arrivals));
    let corr = |a: &[f64], b: &[f64]| {
        let n = a.len() as f64;
        let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
        let cov: f64 = a.iter().zip(b).map(|(p, q)| (p - ma) * (q - mb)).sum();
        let va: f64 = a.iter().map(|p| (p - ma) * (p - ma)).sum();
        let vb: f64 = b.iter().map(|q| (q - mb) * (q - mb)).sum();
        cov / (va * vb).sqrt()
    };
    // |r| < 4/√1000 ≈ 0.126 for independent uniform streams.
    assert!(corr(&x, &y).abs() < 0.126, "{}", corr(&x, &y));
    assert!(corr(&x, &z).abs() < 0.126, "{}", corr(&x, &z));

    // Replication r draws the same numbers whatever the number of replications.
    let mut cfg = StationaryConfig::new(3, 2.0, 100.0);
    cfg.horizon_seconds = 200.0 * 100.0;
    cfg.replications = 4;
    let four = simulate_stationary(&cfg, 9).unwrap();
    cfg.replications = 9;
    let nine = simulate_stationary(&cfg, 9).unwrap();
    assert_eq!(four.per_replication[..], nine.per_replication[..4]);

    // Replications are independent: their arrival counts scatter like Poisson counts (an
    // identical stream would give variance 0), and consecutive ones are uncorrelated.
    cfg.replications = 300;
    cfg.horizon_seconds = 50.0 * 100.0;
    let many = simulate_stationary(&cfg, 10).unwrap();
    let counts: Vec<f64> = many
        .per_replication
        .iter()
        .map(|m| m.offered as f64)
        .collect();
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<f64>() / n;
    let var = counts.iter().map(|c| (c - mean) * (c - mean)).sum::<f64>() / (n - 1.0);
    // Poisson: mean = variance = 100; with 300 reps the variance ratio is within ±25 %.
    assert!((mean - 100.0).abs() < 2.5, "mean {mean}");
    assert!(
        (var / mean - 1.0).abs() < 0.25,
        "variance/mean {}",
        var / mean
    );
    let lag = corr(&counts[..counts.len() - 1], &counts[1..]);
    assert!(lag.abs() < 4.0 / n.sqrt(), "lag-1 correlation {lag}");
}

#[test]
fn offered_matches_demand_and_dispersion_is_poisson() {
    let s = scenario();
    let d = demand(&s);
    let r = flat_roster(&s, 2);
    let reps = 40;
    let cov = simulate_roster(&s, &r, &d, &opts(reps, 1)).unwrap();
    let chi = ChiSquared::new((reps - 1) as f64).unwrap();
    for p in &cov.pools {
        // Expected inquiries of the pool: demand of its shops in their open hours.
        let mut expected = 0.0;
        for shop in s.shops_in(&p.pool) {
            for h in 0..d.hours {
                if seatplan::size::shop_open(&s, shop, d.hour(h)) {
                    expected += d.at(&shop.id, h);
                }
            }
        }
        let se = p.offered.std_error;
        assert!(
            (p.offered.mean - expected).abs() < 4.0 * (expected / reps as f64).sqrt(),
            "{}: offered {} vs demand {expected}",
            p.pool,
            p.offered.mean
        );
        // Week counts are Poisson across independent replications: (n−1)·s²/mean is
        // χ²(n−1); identical streams would give s² = 0, shared streams inflate it.
        let var = se * se * reps as f64;
        let stat = (reps - 1) as f64 * var / expected;
        assert!(
            chi.inverse_cdf(0.0005) < stat && stat < chi.inverse_cdf(0.9995),
            "{}: variance/mean {}",
            p.pool,
            var / expected
        );
        assert_eq!(p.offered.samples, reps);
    }
}

#[test]
fn empty_pool_is_flagged_and_staffed_pool_is_not() {
    let s = scenario();
    let d = demand(&s);
    let mut r = flat_roster(&s, 4);
    r.assignments.retain(|a| a.pool != "p_home");
    let cov = simulate_roster(&s, &r, &d, &opts(4, 3)).unwrap();
    let home = cov.pools.iter().find(|p| p.pool == "p_home").unwrap();
    assert_eq!(home.service_level.mean, 0.0);
    assert_eq!(home.hours_below_target, home.open_hours);
    assert!((home.abandon_rate.mean - 1.0).abs() < 1e-12);
    // Generous staffing (4 seats of each of 7 templates every day) meets the target.
    let jd = cov.pools.iter().find(|p| p.pool == "p_jd").unwrap();
    assert!(jd.service_level.mean > 0.95, "{:?}", jd.service_level);
    for row in cov.rows.iter().filter(|x| x.pool == "p_home") {
        assert_eq!(row.below_target, row.offered.mean > 0.0);
        assert!(row.occupancy.samples == 0);
    }
    // CSV-level invariants: answered + abandoned = offered (everyone resolved).
    for row in &cov.rows {
        let diff = row.offered.mean - row.answered.mean - row.abandoned.mean;
        assert!(diff.abs() < 1e-9, "{row:?}");
        if row.occupancy.samples > 0 {
            assert!(row.occupancy.mean <= 1.0 + 1e-12 && row.occupancy.mean >= 0.0);
        }
    }
}

#[test]
fn unknown_pool_is_an_error() {
    let s = scenario();
    let d = demand(&s);
    let mut r = flat_roster(&s, 1);
    r.assignments[0].pool = "nowhere".into();
    assert!(simulate_roster(&s, &r, &d, &opts(2, 1)).is_err());
    assert!(simulate_roster(&s, &flat_roster(&s, 1), &d, &opts(0, 1)).is_err());
}

#[test]
fn breaks_take_seats_off_the_floor() {
    let s = scenario();
    let d = demand(&s);
    // One early shift (08:00, 60 min break in the middle) on Monday in p_jd.
    let t = s.rules.shifts.iter().find(|t| t.break_minutes > 0).unwrap();
    let date = week_start();
    let start = date.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(t.start_minute as i64);
    let r = Roster {
        assignments: vec![Assignment {
            agent: "x".into(),
            date,
            shift: t.id.clone(),
            pool: "p_jd".into(),
            start,
            end: start + Duration::minutes(t.length_minutes as i64),
            night: false,
            paid_hours: t.paid_hours(),
            pay_multiplier: 1.0,
            cost: 0.0,
        }],
    };
    let cov = simulate_roster(&s, &r, &d, &opts(2, 1)).unwrap();
    let seat_hours: f64 = cov
        .rows
        .iter()
        .filter(|x| x.pool == "p_jd")
        .map(|x| x.seats)
        .sum();
    let want = (t.length_minutes - t.break_minutes) as f64 / 60.0;
    assert!((seat_hours - want).abs() < 1e-9, "{seat_hours} vs {want}");
    // The break is in the middle of the shift.
    let mid_h = (t.start_minute + t.length_minutes / 2) / 60;
    let row = cov
        .rows
        .iter()
        .find(|x| x.pool == "p_jd" && x.hour == date.and_hms_opt(mid_h, 0, 0).unwrap())
        .unwrap();
    assert!(row.seats < 1.0, "{row:?}");
}
