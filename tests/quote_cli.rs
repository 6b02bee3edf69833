//! `seatplan quote` end to end: prospects (text and JSON), every demo shop, and bad input
//! (clear error, non-zero exit, never a panic).

use std::process::{Command, Output};
use std::time::Instant;

fn seatplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .args(args)
        .output()
        .expect("run seatplan")
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let out = seatplan(&a);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

const MID: &[&str] = &[
    "quote",
    "--daily-inquiries",
    "1200",
    "--service-hours",
    "08:00-24:00",
    "--aht",
    "180",
    "--concurrency",
    "3",
    "--sla",
    "0.8/30",
];

#[test]
fn prospect_text_report() {
    let out = seatplan(MID);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Seats by hour",
        "Seats to hire",
        "Monthly cost to serve",
        "dedicated_seat",
        "per_inquiry",
        "package",
        "Recommendation:",
        "Break-even daily volumes",
    ] {
        assert!(text.contains(needle), "missing '{needle}' in\n{text}");
    }
}

#[test]
fn prospect_json_and_speed() {
    let start = Instant::now();
    let v = json(MID);
    let secs = start.elapsed().as_secs_f64();
    assert!((v["volume"]["daily_inquiries"].as_f64().unwrap() - 1200.0).abs() < 1e-9);
    assert_eq!(v["plans"].as_array().unwrap().len(), 6);
    assert!(v["crew"]["seats"].as_u64().unwrap() > 0);
    assert!(v["recommendation"]["plan"].is_string());
    assert!(v["break_evens"].is_array());
    // Under a second in release; the test profile is slower, so allow headroom.
    assert!(secs < 20.0, "{secs} s");
}

#[test]
fn prospect_options() {
    let v = json(&[
        "quote",
        "--daily-inquiries",
        "3000",
        "--service-hours",
        "24h",
        "--aht",
        "200",
        "--concurrency",
        "3",
        "--sla",
        "0.8/30",
        "--patience",
        "180",
        "--order-value",
        "260",
        "--conversion",
        "0.2",
        "--platform",
        "tmall",
        "--new-share",
        "0.5",
        "--wage",
        "5000",
        "--peak-day",
        "2025-10-01:2.5",
        "--peak-day",
        "2025-11-11:4",
    ]);
    assert_eq!(v["platform"], "Tmall");
    assert!(v["crew"]["night_seats"].as_u64().unwrap() > 0);
    let peaks = v["peak_days"].as_array().unwrap();
    assert_eq!(peaks.len(), 2);
    assert_eq!(peaks[0]["holiday"], "国庆节");
    assert_eq!(peaks[0]["surcharge"], true);
    assert_eq!(peaks[1]["surcharge"], false);
}

#[test]
fn every_demo_shop() {
    for shop in [
        "tm_flagship",
        "jd_digital",
        "dy_beauty",
        "tb_home",
        "tb_tea",
        "pdd_snacks",
        "tb_pets",
        "pdd_kitchen",
        "tm_shoes",
        "jd_books",
        "dy_fruit",
        "tm_outdoor",
    ] {
        let v = json(&["quote", "data/demo", "--shop", shop]);
        assert_eq!(v["client"], shop);
        assert_eq!(v["existing"], true);
        let current: Vec<_> = v["plans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["current"] == true)
            .collect();
        assert_eq!(current.len(), 1, "{shop}: one current plan");
        let shared_basis = v["shared"]["basis"].as_str().unwrap();
        if shop.starts_with("tm_flagship") || ["jd_digital", "dy_beauty", "tb_home"].contains(&shop)
        {
            assert!(shared_basis.contains("marginal"), "{shop}: {shared_basis}");
        } else {
            assert!(
                shared_basis.contains("inquiry share"),
                "{shop}: {shared_basis}"
            );
        }
    }
}

#[test]
fn bad_input_is_a_clear_error() {
    let cases: &[(&[&str], &str)] = &[
        (&["quote"], "--daily-inquiries"),
        (&["quote", "--daily-inquiries", "100"], "--service-hours"),
        (
            &["quote", "--daily-inquiries", "-5", "--service-hours", "24h"],
            "daily-inquiries",
        ),
        (
            &["quote", "--daily-inquiries", "0", "--service-hours", "24h"],
            "daily-inquiries",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "8-17",
            ],
            "service-hours",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--sla",
                "80%",
            ],
            "--sla",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--sla",
                "1.5/30",
            ],
            "--sla",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--concurrency",
                "9",
            ],
            "concurrency",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--aht",
                "0",
            ],
            "aht",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--platform",
                "ebay",
            ],
            "platform",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--peak-day",
                "tomorrow",
            ],
            "peak-day",
        ),
        (
            &[
                "quote",
                "--daily-inquiries",
                "100",
                "--service-hours",
                "24h",
                "--prices",
                "/nonexistent.toml",
            ],
            "nonexistent",
        ),
        (&["quote", "data/demo", "--shop", "nope"], "no shop 'nope'"),
        (
            &[
                "quote",
                "data/demo",
                "--shop",
                "tb_tea",
                "--service-hours",
                "24h",
            ],
            "service-hours",
        ),
        (&["quote", "/nonexistent", "--shop", "x"], "nonexistent"),
    ];
    for (args, needle) in cases {
        let out = seatplan(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
        assert!(err.contains(needle), "{args:?}: '{err}' lacks '{needle}'");
    }
}
