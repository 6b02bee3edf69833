//! Scale scenarios of the demo generator (`demo generate --shops N --agents M`): exact sizes,
//! valid, deterministic, and the default demo untouched.

mod common;

use seatplan::demo::{generate, generate_sized};
use seatplan::io::parse_scenario;

#[test]
fn sized_scenarios_have_the_requested_size_and_validate() {
    for (shops, agents) in [(30, 250), (13, 20), (5, 400)] {
        let files = generate_sized(7, shops, agents);
        let s = parse_scenario(&files).unwrap_or_else(|e| panic!("{shops}/{agents}: {e}"));
        assert_eq!(s.shops.len(), shops);
        assert_eq!(s.agents.len(), agents, "{shops} shops");
        assert_eq!(s.history.shops.len(), shops);
        // Every pool has shops and agents; every shop's history spans the two demo years.
        for p in &s.pools {
            assert!(s.shops_in(&p.id).count() > 0, "{}", p.id);
            assert!(s.agents.iter().any(|a| a.serves(&p.id)), "{}", p.id);
        }
        let (first, last) = s.history.span().unwrap();
        assert_eq!(first.to_string(), "2024-01-01 00:00:00");
        assert_eq!(last.to_string(), "2025-12-31 23:00:00");
    }
}

#[test]
fn sized_scenarios_are_deterministic_and_leave_the_demo_alone() {
    let a = generate_sized(42, 14, 120);
    let b = generate_sized(42, 14, 120);
    assert_eq!(a.named(), b.named());
    assert_ne!(generate_sized(43, 14, 120).history, a.history);
    // The default demo is still the committed one (the size options change nothing there).
    let demo = generate(42);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");
    for (name, text) in demo.named() {
        assert_eq!(
            std::fs::read_to_string(format!("{dir}/{name}")).unwrap(),
            text,
            "{name}"
        );
    }
}

#[test]
fn cli_size_options_write_a_valid_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let out_s = out.display().to_string();
    let (code, _, err) = common::seatplan(&[
        "demo", "generate", "--seed", "1", "--shops", "20", "--agents", "150", "--out", &out_s,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, stdout, err) = common::seatplan(&["validate", &out_s]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("Shops: 20 in 11 pools"), "{stdout}");
    assert!(stdout.contains("Agents: 150"), "{stdout}");
}
