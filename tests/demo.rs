//! The bundled demo: the generator is deterministic, the committed files are its output, the
//! scenario validates, and its history carries the features later stages rely on.

use chrono::{Datelike, NaiveDate, Timelike};
use seatplan::io::parse_scenario;
use seatplan::model::{DayType, PoolMode, Scenario};
use std::process::Command;
use std::sync::OnceLock;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");

fn demo() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| parse_scenario(&seatplan::demo::generate(42)).expect("demo validates"))
}

#[test]
fn generator_is_deterministic_and_matches_the_committed_files() {
    let a = seatplan::demo::generate(42);
    let b = seatplan::demo::generate(42);
    for ((name, x), (_, y)) in a.named().into_iter().zip(b.named()) {
        assert_eq!(x, y, "{name} differs between two runs with the same seed");
        let committed = std::fs::read_to_string(format!("{DEMO}/{name}")).unwrap();
        assert!(
            committed == x,
            "data/demo/{name} is not the generator's output; run `seatplan demo generate --seed 42 --out data/demo`"
        );
    }
    let c = seatplan::demo::generate(7);
    assert_ne!(
        a.history, c.history,
        "a different seed must give different history"
    );
}

#[test]
fn demo_has_the_promised_shape() {
    let s = demo();
    assert_eq!(s.shops.len(), 12);
    let dedicated = s
        .pools
        .iter()
        .filter(|p| p.mode == PoolMode::Dedicated)
        .count();
    let shared: Vec<_> = s
        .pools
        .iter()
        .filter(|p| p.mode == PoolMode::Shared)
        .collect();
    assert_eq!(dedicated, 4);
    assert_eq!(shared.len(), 2);
    for p in shared {
        assert_eq!(s.shops_in(&p.id).count(), 4);
    }
    assert!(s.shops.iter().any(|x| x.service_hours.is_24h()));
    assert!(
        (80..=100).contains(&s.agents.len()),
        "{} agents",
        s.agents.len()
    );
    let night_pool = s
        .shops
        .iter()
        .find(|x| x.service_hours.is_24h())
        .unwrap()
        .pool
        .clone();
    assert!(
        s.agents_for(&night_pool)
            .filter(|a| a.may_work_nights())
            .count()
            >= 8
    );
    assert!(s
        .agents
        .iter()
        .any(|a| a.protection.is_some() && !a.may_work_nights()));
    let (first, last) = s.history.span().unwrap();
    assert_eq!(first.date(), NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    assert_eq!(last.date(), NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
    assert!(s.rules.shifts.iter().any(|t| t.is_night(&s.rules.night)));
    // The real calendar: 2025-01-26 (a Sunday) was a make-up workday, 2025-10-01 statutory.
    assert_eq!(
        s.calendar
            .day_type(NaiveDate::from_ymd_opt(2025, 1, 26).unwrap()),
        DayType::Workday
    );
    assert_eq!(
        s.calendar
            .day_type(NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()),
        DayType::Statutory
    );
    assert_eq!(
        s.calendar
            .day_type(NaiveDate::from_ymd_opt(2025, 10, 5).unwrap()),
        DayType::RestDay
    );
}

fn daily(s: &Scenario, shop: &str) -> std::collections::BTreeMap<NaiveDate, f64> {
    let mut m = std::collections::BTreeMap::new();
    for o in &s.history.shops[shop].observations {
        *m.entry(o.hour.date()).or_insert(0.0) += o.inquiries;
    }
    m
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[test]
fn demo_history_carries_daily_profile_promotions_and_holidays() {
    let s = demo();
    let d = daily(s, "tm_flagship");
    let nov = |day| d[&NaiveDate::from_ymd_opt(2025, 11, day).unwrap()];
    let october: Vec<f64> = (1..=7)
        .map(|k| d[&NaiveDate::from_ymd_opt(2025, 9, 20 + k).unwrap()])
        .collect();
    let base = median(october);
    assert!(nov(11) > 4.0 * base, "Double 11 {} vs base {base}", nov(11));
    // Spring Festival carrier stop dips demand.
    let stop = d[&NaiveDate::from_ymd_opt(2025, 1, 30).unwrap()];
    assert!(stop < 0.6 * base, "carrier stop {stop} vs base {base}");
    // Evening peak: 20-22 h carry far more than 3-5 h on ordinary days.
    let (mut evening, mut small) = (0.0, 0.0);
    for o in &s.history.shops["tm_flagship"].observations {
        if o.hour.date().month() == 3 {
            match o.hour.hour() {
                20..=22 => evening += o.inquiries,
                3..=5 => small += o.inquiries,
                _ => {}
            }
        }
    }
    assert!(
        evening > 10.0 * small,
        "evening {evening} vs small hours {small}"
    );
    // Double 11 final day opens at midnight: hour 0 of 11-11 dwarfs an ordinary hour 0.
    let at = |date: NaiveDate, h: u32| {
        s.history.shops["tm_flagship"]
            .observations
            .iter()
            .find(|o| o.hour.date() == date && o.hour.hour() == h)
            .unwrap()
            .inquiries
    };
    assert!(
        at(NaiveDate::from_ymd_opt(2025, 11, 11).unwrap(), 0)
            > 8.0 * at(NaiveDate::from_ymd_opt(2025, 9, 24).unwrap(), 0)
    );
    // Presale opening spike at 20:00 on the first presale day.
    let open = NaiveDate::from_ymd_opt(2025, 10, 9).unwrap();
    assert!(at(open, 20) > 2.0 * at(open, 19));
    // A missing export gap stays missing (closed / no data), not zeros.
    let home = daily(s, "tb_home");
    assert!(!home.contains_key(&NaiveDate::from_ymd_opt(2025, 3, 12).unwrap()));
    // Returning customers rise in after-sales waves.
    let share = |date: NaiveDate| {
        let (n, r) = s.history.shops["tm_flagship"]
            .observations
            .iter()
            .filter(|o| o.hour.date() == date)
            .fold((0.0, 0.0), |acc, o| {
                (
                    acc.0 + o.new_customers.unwrap(),
                    acc.1 + o.returning_customers.unwrap(),
                )
            });
        r / (n + r)
    };
    assert!(
        share(NaiveDate::from_ymd_opt(2025, 11, 18).unwrap())
            > share(NaiveDate::from_ymd_opt(2025, 9, 24).unwrap()) + 0.15
    );
}

#[test]
fn validate_command_on_the_demo_prints_the_summary_and_exits_zero() {
    let out = Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .args(["validate", DEMO])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "Shops: 12 in 6 pools",
        "p_flagship",
        "dedicated",
        "shared",
        "History: 2024-01-01",
        "makeup_workday",
        "night-eligible",
        "Agents: ",
    ] {
        assert!(stdout.contains(needle), "missing {needle} in\n{stdout}");
    }
    let json = Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .args(["validate", DEMO, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["pools"].as_array().unwrap().len(), 6);
}
