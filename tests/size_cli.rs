//! `seatplan size` and `seatplan erlang` end to end, checked against the independent reference
//! vectors and against the demand they were given.

mod common;
use common::*;

use std::path::Path;

const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");
const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vectors");

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0) || (a - b).abs() < 1e-12
}

#[test]
fn erlang_json_matches_reference_vectors() {
    // Erlang C rows with T > 0 and finite values, Erlang A's pyworkforce example.
    let rows = csv_rows(&Path::new(VECTORS).join("erlang_c_vectors.csv"));
    let mut checked = 0;
    for row in rows
        .iter()
        .filter(|r| r["stable"] == "true")
        .step_by(9)
        .take(20)
    {
        let (code, out, err) = seatplan(&[
            "erlang",
            "--calls",
            &row["arrivals_per_interval"],
            "--interval",
            &row["interval_seconds"],
            "--aht",
            &row["aht_seconds"],
            "--answer-within",
            &row["target_answer_seconds"],
            "--agents",
            &row["agents"],
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for f in ["prob_wait", "service_level", "asa_seconds", "occupancy"] {
            let want: f64 = row[f].parse().unwrap();
            let got = v[f].as_f64().unwrap();
            assert!(close(got, want), "{} {f}: {got} vs {want}", row["case"]);
        }
        checked += 1;
    }
    assert!(checked >= 15);
    let a = &csv_rows(&Path::new(VECTORS).join("erlang_a_vectors.csv"))[0];
    let (code, out, _) = seatplan(&[
        "erlang",
        "--calls",
        "100",
        "--interval",
        "1800",
        "--aht",
        "180",
        "--answer-within",
        "20",
        "--agents",
        "14",
        "--patience",
        "300",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for (f, col) in [
        ("prob_wait", "prob_wait"),
        ("prob_abandon", "prob_abandon"),
        ("service_level", "service_level"),
        ("asa_seconds", "asa_answered_seconds"),
        ("occupancy", "occupancy"),
    ] {
        let want: f64 = a[col].parse().unwrap();
        assert!(
            close(v[f].as_f64().unwrap(), want),
            "{f}: {} vs {want}",
            v[f]
        );
    }
}

#[test]
fn erlang_required_agents_matches_reference() {
    let rows = csv_rows(&Path::new(VECTORS).join("required_agents_vectors.csv"));
    for row in rows.iter().step_by(5) {
        let (code, out, err) = seatplan(&[
            "erlang",
            "--calls",
            &row["arrivals_per_interval"],
            "--interval",
            &row["interval_seconds"],
            "--aht",
            &row["aht_seconds"],
            "--answer-within",
            &row["target_answer_seconds"],
            "--target-sl",
            &row["target_service_level"],
            "--max-occupancy",
            &row["max_occupancy"],
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["required_agents"].as_u64().unwrap().to_string(),
            row["required_agents"],
            "{row:?}"
        );
    }
}

#[test]
fn erlang_rejects_bad_numbers() {
    for bad in [
        vec!["--aht", "-1", "--target-sl", "0.8"],
        vec!["--aht", "0", "--target-sl", "0.8"],
        vec!["--aht", "NaN", "--agents", "3"],
        vec!["--aht", "180", "--target-sl", "1.5"],
        vec!["--aht", "180", "--agents", "3", "--shrinkage", "1"],
        vec!["--aht", "180", "--agents", "3", "--concurrency", "9"],
    ] {
        let mut args = vec!["erlang", "--calls", "100"];
        args.extend(bad.iter());
        let (code, _, err) = seatplan(&args);
        assert_ne!(code, 0, "{bad:?} accepted");
        assert!(err.starts_with("error: "), "{err}");
    }
    let (code, _, err) = seatplan(&["erlang", "--calls", "-5", "--aht", "180", "--agents", "3"]);
    assert_eq!(code, 1);
    assert!(err.contains("arrivals"), "{err}");
}

#[test]
fn size_pools_the_shared_traffic_and_writes_requirements() {
    let out = tempfile::tempdir().unwrap();
    let demand = out.path().join("demand.csv");
    // big: 24h; tea 09–23 and books 08–24 share p_small. Hour 03:00 only big is open.
    std::fs::write(
        &demand,
        "shop,hour,inquiries\nbig,2025-03-03 03:00,30\nbig,2025-03-03 10:00,120\ntea,2025-03-03 10:00,40\nbooks,2025-03-03 10:00,25\n",
    )
    .unwrap();
    let (code, stdout, err) = seatplan(&[
        "size",
        MINI,
        "--demand",
        demand.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("p_small"), "{stdout}");
    let rows = csv_rows(&out.path().join("requirements.csv"));
    // 2 pools × 8 hours (03:00..10:00).
    assert_eq!(rows.len(), 16);
    let get = |pool: &str, hour: &str| {
        rows.iter()
            .find(|r| r["pool"] == pool && r["hour"] == hour)
            .unwrap()
    };
    let small_3 = get("p_small", "2025-03-03 03:00");
    assert_eq!(small_3["open_shops"], "0");
    assert_eq!(small_3["required_seats"], "0");
    let small_10 = get("p_small", "2025-03-03 10:00");
    assert_eq!(small_10["open_shops"], "2");
    assert_eq!(small_10["arrivals"].parse::<f64>().unwrap(), 65.0);
    // Traffic-weighted AHT: (40·210 + 25·150) / 65.
    let aht: f64 = small_10["aht_seconds"].parse().unwrap();
    assert!(
        (aht - (40.0 * 210.0 + 25.0 * 150.0) / 65.0).abs() < 0.05,
        "{aht}"
    );
    // books is phone (concurrency 1): the pool runs one chat per agent, strictest SLA 0.9 in 20 s.
    let traffic = 65.0 * aht / 3600.0;
    let (_, out1, _) = seatplan(&[
        "erlang",
        "--calls",
        "65",
        "--aht",
        &format!("{}", (40.0 * 210.0 + 25.0 * 150.0) / 65.0),
        "--answer-within",
        "20",
        "--target-sl",
        "0.9",
        "--max-occupancy",
        "0.85",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out1).unwrap();
    assert_eq!(
        small_10["required_seats"],
        v["required_agents"].to_string(),
        "traffic {traffic}"
    );
    // Scheduled seats add the rules' shrinkage 0.3.
    let req: f64 = small_10["required_seats"].parse().unwrap();
    let sched: f64 = small_10["scheduled_seats"].parse().unwrap();
    assert_eq!(sched, (req / 0.7 - 1e-9).ceil());
    // Open with no demand still keeps a seat.
    let big_5 = get("p_big", "2025-03-03 05:00");
    assert_eq!(big_5["required_seats"], "1");
    assert_eq!(big_5["binding"], "open");
}

#[test]
fn size_on_the_demo_uses_the_forecast_and_refuses_to_write_into_inputs() {
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, err) = seatplan(&["size", DEMO, "--out", out.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("from 2026-01-05 00:00:00, demand from the forecast (p80)"),
        "{stdout}"
    );
    let (code, stdout, _) = seatplan(&[
        "size",
        DEMO,
        "--out",
        out.path().to_str().unwrap(),
        "--last-history-week",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("from 2025-12-25 00:00:00, demand from the last history week"),
        "{stdout}"
    );
    let rows = csv_rows(&out.path().join("requirements.csv"));
    assert_eq!(rows.len(), 6 * 168);
    for r in &rows {
        let req: u32 = r["required_seats"].parse().unwrap();
        let sched: u32 = r["scheduled_seats"].parse().unwrap();
        assert!(sched >= req);
        if req > 0 && r["binding"] != "open" {
            let sl: f64 = r["service_level"].parse().unwrap();
            assert!(sl >= 0.8 - 1e-9, "{r:?}");
            let occ: f64 = r["occupancy"].parse().unwrap();
            assert!(occ <= 0.85 + 1e-6, "{r:?}");
        }
    }
    // Shared pools save seat-hours against staffing each shop alone.
    let json = seatplan(&[
        "size",
        DEMO,
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "json",
    ])
    .1;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for p in v.as_array().unwrap() {
        if p["mode"] == "shared" {
            assert!(p["pooling_saving_seat_hours"].as_i64().unwrap() > 0, "{p}");
        } else {
            assert_eq!(p["pooling_saving_seat_hours"].as_i64().unwrap(), 0, "{p}");
        }
    }
    let (code, _, err) = seatplan(&["size", DEMO, "--out", DEMO]);
    assert_eq!(code, 2);
    assert!(err.contains("is the scenario directory"), "{err}");
}

#[test]
fn bad_demand_file_names_line_and_field() {
    let out = tempfile::tempdir().unwrap();
    let demand = out.path().join("d.csv");
    std::fs::write(
        &demand,
        "shop,hour,inquiries\nbig,2025-03-03 03:00,-4\nnope,2025-03-03 04:00,1\n",
    )
    .unwrap();
    let (code, _, err) = seatplan(&[
        "size",
        MINI,
        "--demand",
        demand.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("d.csv:2: field 'inquiries'"), "{err}");
    assert!(
        err.contains("d.csv:3: field 'shop': unknown shop 'nope'"),
        "{err}"
    );
}
