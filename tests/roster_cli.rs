//! `seatplan roster` and `check-roster` end to end on the demo and on the small fixture.

mod common;
use common::*;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");
const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");

#[test]
fn demo_roster_passes_its_own_check_and_reports_cost_bound_gap() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let (code, stdout, err) = seatplan(&["roster", DEMO, "--out", o, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["week"], "2026-01-05",
        "default week: the Monday after the history"
    );
    assert_eq!(v["hard_violations"], 0);
    let (obj, bound, gap) = (
        v["objective"].as_f64().unwrap(),
        v["bound"].as_f64().unwrap(),
        v["gap"].as_f64().unwrap(),
    );
    assert!(
        bound <= obj + 1e-6 && (0.0..=0.01).contains(&gap),
        "{obj} {bound} {gap}"
    );
    assert!(v["labour_cost"].as_f64().unwrap() > 50_000.0);
    let roster = out.path().join("roster.csv");
    let coverage = std::fs::read_to_string(out.path().join("coverage.csv")).unwrap();
    assert_eq!(coverage.lines().count(), 1 + 6 * 168);
    // Shortages in the JSON equal the short column of coverage.csv.
    let short_csv: u64 = coverage
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(short_csv, v["short_seat_hours"].as_u64().unwrap());
    let (code, stdout, err) =
        seatplan(&["check-roster", DEMO, "--roster", roster.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains("0 hard violations"), "{stdout}");
    // Same input, same roster.
    let first = std::fs::read_to_string(&roster).unwrap();
    let (code, _, _) = seatplan(&["roster", DEMO, "--out", o]);
    assert_eq!(code, 0);
    assert_eq!(first, std::fs::read_to_string(&roster).unwrap());
}

#[test]
fn check_roster_lists_violations_and_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("bad.csv");
    // A2 is pregnant (no nights); A1 works late then early next day (9 h rest < 12 h);
    // A3 is unavailable on 2025-01-08; A4 is not trained for p_big; ghost is unknown.
    std::fs::write(
        &roster,
        "agent,date,shift,pool\nA2,2025-01-06,night,p_big\nA1,2025-01-06,night,p_big\nA1,2025-01-07,early,p_big\nA3,2025-01-08,early,p_small\nA4,2025-01-09,early,p_big\nghost,2025-01-09,early,p_big\n",
    )
    .unwrap();
    let (code, stdout, _) = seatplan(&["check-roster", MINI, "--roster", roster.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    for needle in [
        "night_eligibility",
        "A2",
        "pregnant agents may not work nights",
        "min_rest_between_shifts",
        "availability",
        "skills",
        "known_agent",
    ] {
        assert!(stdout.contains(needle), "missing {needle} in\n{stdout}");
    }
}

#[test]
fn uncoverable_requirement_returns_roster_shortage_and_temp_seats() {
    let dir = tempfile::tempdir().unwrap();
    let req = dir.path().join("req.csv");
    let mut text = String::from("pool,hour,scheduled_seats\n");
    for d in 0..7 {
        for h in 9..21 {
            text.push_str(&format!("p_small,2025-01-{:02} {h:02}:00,6\n", 6 + d));
        }
    }
    std::fs::write(&req, text).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = seatplan(&[
        "roster",
        MINI,
        "--week",
        "2025-01-06",
        "--requirements",
        req.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let short = v["short_seat_hours"].as_u64().unwrap();
    // 3 agents serve p_small; at most one shift a day each over 12 open hours × 6 seats.
    assert!(short >= 7 * 12 * 6 - 7 * 3 * 9, "short {short}");
    assert!(!v["temp_needs"].as_array().unwrap().is_empty());
    assert_eq!(v["hard_violations"], 0);
    assert!(out.join("roster.csv").exists());
}

/// Two weeks in a row: the second planned on the first's tail keeps rest and runs across the
/// boundary, and `check-roster --previous` finds a hand-made breach of it.
#[test]
fn next_week_is_planned_on_the_previous_rosters_tail() {
    let dir = tempfile::tempdir().unwrap();
    let (w1, w2) = (dir.path().join("w1"), dir.path().join("w2"));
    let (code, _, err) = seatplan(&[
        "roster",
        DEMO,
        "--week",
        "2026-01-05",
        "--out",
        w1.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let prev = w1.join("roster.csv");
    let prev_s = prev.to_str().unwrap();
    let (code, stdout, err) = seatplan(&[
        "roster",
        DEMO,
        "--week",
        "2026-01-12",
        "--previous",
        prev_s,
        "--out",
        w2.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["hard_violations"], 0);
    let next = w2.join("roster.csv");
    let (code, out, err) = seatplan(&[
        "check-roster",
        DEMO,
        "--roster",
        next.to_str().unwrap(),
        "--previous",
        prev_s,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // Planned without the tail, the same week breaks the rules across its start.
    let w0 = dir.path().join("w0");
    let (code, _, err) = seatplan(&[
        "roster",
        DEMO,
        "--week",
        "2026-01-12",
        "--out",
        w0.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = seatplan(&[
        "check-roster",
        DEMO,
        "--roster",
        w0.join("roster.csv").to_str().unwrap(),
        "--previous",
        prev_s,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["hard_violations"].as_u64().unwrap() >= 5, "{out}");
    // `plan` chains weeks the same way.
    let w3 = dir.path().join("w3");
    let (code, _, err) = seatplan(&[
        "plan",
        DEMO,
        "--week",
        "2026-01-12",
        "--previous",
        prev_s,
        "--reps",
        "5",
        "--out",
        w3.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let planned = w3.join("roster.csv");
    let (code, out, err) = seatplan(&[
        "check-roster",
        DEMO,
        "--roster",
        planned.to_str().unwrap(),
        "--previous",
        prev_s,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // A hand-made Monday morning after a Sunday evening shift (16:00–01:00) of week 1.
    let text = std::fs::read_to_string(&prev).unwrap();
    let sunday = text
        .lines()
        .find(|l| l.contains(",2026-01-11,evening,"))
        .expect("an evening shift on the first week's Sunday");
    // roster.csv: agent,name,date,shift,start,end,pool,...
    let f: Vec<&str> = sunday.split(',').collect();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "agent,date,shift,pool\n{},2026-01-12,morning,{}\n",
            f[0], f[6]
        ),
    )
    .unwrap();
    let args = [
        "check-roster",
        DEMO,
        "--roster",
        bad.to_str().unwrap(),
        "--format",
        "json",
    ];
    let (code, out, _) = seatplan(&[&args[..], &["--previous", prev_s]].concat());
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rest: Vec<&serde_json::Value> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "min_rest_between_shifts")
        .collect();
    assert_eq!(rest.len(), 1, "{out}");
    assert_eq!(rest[0]["agent"], f[0]);
    assert!(
        rest[0]["detail"]
            .as_str()
            .unwrap()
            .contains("6 h rest after 'evening' of 2026-01-11 (previous roster)"),
        "{out}"
    );
    // Without the previous roster the same file breaks no hard rule.
    let (code, out, _) = seatplan(&args);
    assert_eq!(code, 0, "{out}");
}
