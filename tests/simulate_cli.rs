//! `seatplan simulate` end to end on the demo scenario with a small hand-written roster.

use std::path::Path;
use std::process::Command;

fn seatplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_seatplan"))
}

fn demo() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo")
}

/// Two early and two late shifts a day in p_jd, one early shift a day in p_home.
fn write_roster(path: &Path) {
    let mut s = String::from("agent,date,shift,pool\n");
    for d in 5..12 {
        for (i, shift) in ["early", "early", "late", "late"].iter().enumerate() {
            s.push_str(&format!("J{i},2026-01-{d:02},{shift},p_jd\n"));
        }
        s.push_str(&format!("H0,2026-01-{d:02},early,p_home\n"));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn writes_coverage_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    write_roster(&roster);
    let out1 = dir.path().join("a");
    let out2 = dir.path().join("b");
    let text = seatplan()
        .args(["simulate", demo(), "--reps", "4", "--seed", "5", "--out"])
        .arg(&out1)
        .arg("--roster")
        .arg(&roster)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&text.stderr)
    );
    assert!(stdout.contains("week of 2026-01-05"), "{stdout}");
    assert!(
        stdout.contains("p_jd") && stdout.contains("p_home"),
        "{stdout}"
    );
    // Pools without a seat miss every open hour.
    assert!(stdout.contains("lowest hours below target"), "{stdout}");
    let csv1 = std::fs::read_to_string(out1.join("simulated.csv")).unwrap();
    let mut lines = csv1.lines();
    assert_eq!(
        lines.next().unwrap(),
        "pool,hour,offered,answered,abandoned,service_level,sl_ci_low,sl_ci_high,asa_seconds,occupancy,target,below_target"
    );
    assert_eq!(lines.count(), 6 * 168);

    let json = seatplan()
        .args([
            "simulate",
            demo(),
            "--reps",
            "4",
            "--seed",
            "5",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out2)
        .arg("--roster")
        .arg(&roster)
        .output()
        .unwrap();
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["replications"], 4);
    assert_eq!(v["pools"].as_array().unwrap().len(), 6);
    assert!(!v["below_target"].as_array().unwrap().is_empty());
    // Same seed, same output.
    let csv2 = std::fs::read_to_string(out2.join("simulated.csv")).unwrap();
    assert_eq!(csv1, csv2);
}

#[test]
fn missing_roster_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = seatplan()
        .args(["simulate", demo(), "--roster"])
        .arg(dir.path().join("nope.csv"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.csv"));
}
