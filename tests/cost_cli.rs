//! `seatplan cost` end to end on a small hand-made roster of demo agents: totals reconcile
//! (categories, pools, shops) and bad rosters are clear errors.

use std::process::{Command, Output};

fn seatplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .args(args)
        .output()
        .expect("run seatplan")
}

/// Whether this build has the `cost` subcommand (wired in src/cli/mod.rs).
fn wired() -> bool {
    let out = seatplan(&["cost", "--help"]);
    let ok = out.status.success();
    if !ok {
        eprintln!("`seatplan cost` is not wired into the CLI yet; skipping");
    }
    ok
}

/// The first full-time agent of the demo and its first pool.
fn demo_agent() -> (String, String) {
    let text = std::fs::read_to_string("data/demo/agents.csv").unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        if f[col("contract")] == "full_time" {
            let pool = f[col("pools")].split(';').next().unwrap().to_string();
            return (f[col("id")].to_string(), pool);
        }
    }
    panic!("no full-time agent in the demo");
}

#[test]
fn costs_a_small_roster() {
    if !wired() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (agent, pool) = demo_agent();
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        format!(
            "agent,date,shift,pool\n{agent},2026-01-05,early,{pool}\n{agent},2026-01-06,early,{pool}\n"
        ),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = seatplan(&[
        "cost",
        "data/demo",
        "--roster",
        roster.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["breakdown"];
    assert_eq!(b["shifts"], 2);
    let total = |c: &serde_json::Value| -> f64 {
        c.as_object()
            .unwrap()
            .values()
            .map(|x| x.as_f64().unwrap())
            .sum()
    };
    let all = total(&b["cost"]);
    let pools: f64 = b["pools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| total(&p["cost"]))
        .sum();
    let shops: f64 = v["shops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| total(&s["cost"]))
        .sum();
    assert!(all > 0.0);
    assert!((all - pools).abs() < 1e-6 * all, "{all} vs pools {pools}");
    assert!((all - shops).abs() < 1e-6 * all, "{all} vs shops {shops}");
    // Every other agent of the demo is paid its guaranteed hours: idle is the bulk.
    assert!(
        b["cost"]["idle_guaranteed"].as_f64().unwrap() > b["cost"]["base_wages"].as_f64().unwrap()
    );
    assert!(out_dir.join("cost.csv").exists());
}

#[test]
fn bad_rosters_are_clear_errors() {
    if !wired() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (agent, pool) = demo_agent();
    for (body, needle) in [
        (
            format!("agent,date,shift,pool\nZZZ,2026-01-05,early,{pool}\n"),
            "unknown agent",
        ),
        (
            format!("agent,date,shift,pool\n{agent},2026-01-05,siesta,{pool}\n"),
            "unknown shift",
        ),
        (
            format!("agent,date,shift,pool\n{agent},2026-01-05,early,nowhere\n"),
            "unknown pool",
        ),
        ("agent,date,shift,pool\n".to_string(), "no assignments"),
    ] {
        let roster = dir.path().join("r.csv");
        std::fs::write(&roster, body).unwrap();
        let out = seatplan(&[
            "cost",
            "data/demo",
            "--roster",
            roster.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains(needle), "'{err}' lacks '{needle}'");
    }
}
