//! The shift-mix integer program on instances whose optimum is known by hand.

use seatplan::io::read_rules;
use seatplan::model::Contract;
use seatplan::schedule::{shift_mix, MixLine, SolveOptions, HOURS};

const RULES: &str = r#"
[[shift]]
id = "early"
start = "08:00"
end = "16:00"
[[shift]]
id = "short"
start = "10:00"
end = "14:00"
[[shift]]
id = "night"
start = "22:00"
end = "06:00"
"#;

fn templates() -> Vec<seatplan::model::ShiftTemplate> {
    let mut p = Vec::new();
    read_rules("rules.toml", RULES, &mut p).unwrap().shifts
}

fn lines() -> Vec<MixLine> {
    vec![
        MixLine {
            template: 0,
            contract: Contract::FullTime,
            cost_per_shift: 160.0,
        },
        MixLine {
            template: 1,
            contract: Contract::PartTime,
            cost_per_shift: 60.0,
        },
        MixLine {
            template: 2,
            contract: Contract::FullTime,
            cost_per_shift: 200.0,
        },
    ]
}

#[test]
fn cheapest_cover_mixes_full_and_part_time() {
    // Each day: 1 seat 08–16 and a second seat 10–14. Optimum per day: one early (160) and one
    // short (60) = 220, not two earlies (320).
    let mut req = vec![0u32; HOURS];
    for d in 0..7 {
        for h in 8..16 {
            req[d * 24 + h] = if (10..14).contains(&h) { 2 } else { 1 };
        }
    }
    let m = shift_mix(
        &templates(),
        &lines(),
        &req,
        1000.0,
        SolveOptions::default(),
    )
    .unwrap();
    assert!((m.cost - 7.0 * 220.0).abs() < 1e-6, "{}", m.cost);
    assert!(m.gap < 1e-9);
    assert!((m.bound - m.objective).abs() < 1e-6);
    for d in 0..7 {
        let count = |t: usize| {
            m.counts
                .iter()
                .find(|c| c.day == d && c.template == t)
                .unwrap()
                .count
        };
        assert_eq!((count(0), count(1), count(2)), (1, 1, 0));
    }
}

#[test]
fn night_shift_wraps_into_the_next_morning_and_the_week_is_cyclic() {
    // One seat 22:00–06:00 every night, including Sunday night into Monday morning.
    let mut req = vec![0u32; HOURS];
    for d in 0..7 {
        for h in [22, 23, 24, 25, 26, 27, 28, 29] {
            req[(d * 24 + h) % HOURS] = 1;
        }
    }
    let m = shift_mix(
        &templates(),
        &lines(),
        &req,
        1000.0,
        SolveOptions::default(),
    )
    .unwrap();
    assert!((m.cost - 7.0 * 200.0).abs() < 1e-6, "{}", m.cost);
    assert!(m.short.iter().all(|&s| s < 1e-9));
}

#[test]
fn shortage_is_priced_not_infeasible() {
    // A seat at 03:00 only the night shift covers; at a shortage price below its cost the mix
    // leaves the hour short and says so.
    let mut req = vec![0u32; HOURS];
    req[3] = 1;
    let m = shift_mix(&templates(), &lines(), &req, 150.0, SolveOptions::default()).unwrap();
    assert_eq!(m.cost, 0.0);
    assert!((m.short[3] - 1.0).abs() < 1e-9);
    let m = shift_mix(&templates(), &lines(), &req, 250.0, SolveOptions::default()).unwrap();
    assert_eq!(m.cost, 200.0);
}
