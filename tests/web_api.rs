//! The web workspace's JSON API over HTTP against a real `seatplan serve` process: quotes equal
//! `seatplan quote --format json`, bad input answers 400 naming the field, oversize bodies 413,
//! unknown routes 404; the server binds to 127.0.0.1 and writes nothing into the scenario.

mod web_support;

use serde_json::{json, Value};
use web_support::{get, grid_csv, post, root, seatplan, Server};

fn fields(v: &Value) -> Vec<String> {
    v["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors list: {v}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn quote_api_equals_the_cli() {
    let s = Server::start(&root().join("data/demo"), &["--lazy-roster"]);
    assert!(
        s.base.starts_with("http://127.0.0.1:"),
        "binds to localhost by default: {}",
        s.banner
    );
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"daily_inquiries": 800, "service_hours": "08:00-24:00"}),
            vec!["--daily-inquiries", "800", "--service-hours", "08:00-24:00"],
        ),
        (
            json!({"daily_inquiries": 2500, "service_hours": "24h", "aht": 210,
                   "concurrency": 2, "sla": "0.9/20", "platform": "jd",
                   "order_value": 320, "conversion": 0.15,
                   "peak_days": ["2026-11-11:6", "2026-06-18:3"]}),
            vec![
                "--daily-inquiries",
                "2500",
                "--service-hours",
                "24h",
                "--aht",
                "210",
                "--concurrency",
                "2",
                "--sla",
                "0.9/20",
                "--platform",
                "jd",
                "--order-value",
                "320",
                "--conversion",
                "0.15",
                "--peak-day",
                "2026-11-11:6",
                "--peak-day",
                "2026-06-18:3",
            ],
        ),
        (json!({"shop": "tb_tea"}), vec!["--shop", "tb_tea"]),
        (
            json!({"shop": "tm_flagship", "daily_inquiries": 5000}),
            vec!["--shop", "tm_flagship", "--daily-inquiries", "5000"],
        ),
    ];
    for (body, flags) in cases {
        let r = post(&s.url("/api/quote"), &body.to_string());
        assert_eq!(r.status, 200, "{body}: {}", r.body);
        assert!(r.content_type.starts_with("application/json"));
        assert!(r
            .header("server-timing")
            .is_some_and(|t| t.contains("dur=")));
        let mut args = vec!["quote", "data/demo"];
        args.extend(&flags);
        args.extend(["--format", "json"]);
        let mut cli: Value = serde_json::from_str(&seatplan(&args)).unwrap();
        assert_eq!(r.json(), cli, "web and CLI differ for {body}");
        // The page's first answer: the same quote without the break-even search.
        let quick = post(&s.url("/api/quote?break_evens=false"), &body.to_string());
        assert_eq!(quick.status, 200, "{}", quick.body);
        cli["break_evens"] = json!([]);
        cli["break_even_sizings"] = json!(0);
        cli["break_even_covers"] = json!(0);
        assert_eq!(quick.json(), cli, "quick quote differs for {body}");
    }
}

#[test]
fn bad_quote_input_is_400_naming_each_field() {
    let s = Server::start(&root().join("data/demo"), &["--lazy-roster"]);
    let url = s.url("/api/quote");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            r#"{"daily_inquiries": "many", "service_hours": "08:00-24:00"}"#,
            vec!["daily_inquiries"],
        ),
        (
            r#"{"daily_inquiries": 0, "service_hours": "25:00-26:00", "aht": -5}"#,
            vec!["daily_inquiries", "service_hours", "aht"],
        ),
        (
            r#"{"daily_inquiries": 100, "service_hours": "24h", "concurrency": 9}"#,
            vec!["concurrency"],
        ),
        (
            r#"{"daily_inquiries": 100, "service_hours": "24h", "sla": "80%"}"#,
            vec!["sla"],
        ),
        (
            r#"{"daily_inquiries": 100, "service_hours": "24h", "platform": "ebay"}"#,
            vec!["platform"],
        ),
        (
            r#"{"daily_inquiries": 100, "service_hours": "24h", "peak_days": ["tomorrow"]}"#,
            vec!["peak_days"],
        ),
        (
            r#"{"daily_inquiries": 100, "service_hours": "24h", "conversion": 1.5, "colour": 1}"#,
            vec!["conversion", "colour"],
        ),
        (r#"{"service_hours": "24h"}"#, vec!["daily_inquiries"]),
        (r#"{"shop": "nope"}"#, vec!["shop"]),
        (
            r#"{"shop": "tb_tea", "service_hours": "24h"}"#,
            vec!["service_hours"],
        ),
        ("not json", vec!["body"]),
        ("[1, 2]", vec!["body"]),
    ];
    for (body, want) in cases {
        let r = post(&url, body);
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        let v = r.json();
        let got = fields(&v);
        for f in &want {
            assert!(got.iter().any(|g| g == f), "{body}: {f} not in {got:?}");
        }
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    // The exports validate the same way.
    let r = post(&s.url("/api/quote?break_evens=maybe"), "{}");
    assert_eq!(r.status, 400);
    assert_eq!(fields(&r.json()), ["break_evens"]);
    let r = get(&s.url("/api/quote.csv?q=%7B%22aht%22%3A0%7D"));
    assert_eq!(r.status, 400);
    assert!(fields(&r.json()).contains(&"aht".to_string()));
}

#[test]
fn limits_and_routes() {
    let s = Server::start(&root().join("data/demo"), &["--lazy-roster"]);
    // Oversize body → 413, as JSON, refused before it is read.
    for path in ["/api/quote", "/api/scenario"] {
        let (status, body) = web_support::post_announcing(&s.base, path, 200_000);
        assert_eq!(status, 413, "{path}: {body}");
        assert!(body.contains("\"error\""), "{path}: {body}");
    }
    // A body just under the limit is read (and answered on its merits).
    let padded = format!(
        r#"{{"daily_inquiries": 100, "service_hours": "24h", "note": "{}"}}"#,
        "x".repeat(60_000)
    );
    let r = post(&s.url("/api/quote"), &padded);
    assert_eq!(r.status, 400);
    assert_eq!(fields(&r.json()), ["note"]);
    // Unknown routes → 404 (JSON under /api/), wrong method → 405.
    let r = get(&s.url("/api/nope"));
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("/api/nope"));
    assert_eq!(get(&s.url("/nope")).status, 404);
    assert_eq!(get(&s.url("/static/missing.js")).status, 404);
    assert_eq!(get(&s.url("/api/quote")).status, 405);
    // Pages and assets are served from the binary.
    for (path, kind) in [
        ("/", "text/html"),
        ("/quote", "text/html"),
        ("/scenario", "text/html"),
        ("/roster", "text/html"),
        ("/static/app.css", "text/css"),
        ("/static/app.js", "text/javascript"),
    ] {
        let r = get(&s.url(path));
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.content_type.starts_with(kind),
            "{path}: {}",
            r.content_type
        );
    }
    // Info lists the scenario.
    let info = get(&s.url("/api/info")).json();
    assert_eq!(info["shops"].as_array().unwrap().len(), 12);
    assert!(info["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "双11"));
    // CSV and printable exports.
    let q = "%7B%22daily_inquiries%22%3A800%2C%22service_hours%22%3A%2208%3A00-24%3A00%22%7D";
    let r = get(&s.url(&format!("/api/quote.csv?q={q}")));
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/csv"));
    assert!(r
        .header("content-disposition")
        .is_some_and(|d| d.contains("attachment") && d.contains(".csv")));
    assert!(r.body.contains("seats_to_hire,9"), "{}", &r.body[..400]);
    assert!(r.body.contains("\ndedicated_seat,40500.00,dedicated,"));
    let r = get(&s.url(&format!("/quote/print?q={q}")));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<svg") && r.body.contains("Recommendation"));
}

#[test]
fn bad_scenario_input_is_400_naming_each_field() {
    let s = Server::start(&root().join("data/demo"), &["--lazy-roster"]);
    let url = s.url("/api/scenario");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (r#"{"variants": []}"#, vec!["event"]),
        (r#"{"event": "no such event"}"#, vec!["event"]),
        (r#"{"event": "双11", "focus": "nowhere"}"#, vec!["focus"]),
        (r#"{"event": "双11", "week": "11/11"}"#, vec!["week"]),
        (
            r#"{"event": "双11", "variants": [{"uplift": 0}, {"extra_temps": -2}]}"#,
            vec!["variants[0].uplift", "variants[1].extra_temps"],
        ),
        (
            r#"{"event": "双11", "variants": [{"sla": {"target": 2, "seconds": 30}}]}"#,
            vec!["variants[0].sla"],
        ),
        (
            r#"{"event": "双11", "variants": [{"uplift": 2, "max_occupancy": 1.5}]}"#,
            vec!["variants[0].max_occupancy"],
        ),
        (
            r#"{"event": "双11", "variants": [{"uplift": 2, "speed": 3}], "extra": 1}"#,
            vec!["variants[0].speed", "extra"],
        ),
        (
            r#"{"event": "双11", "variants": [{}, {}, {}, {}, {}]}"#,
            vec!["variants"],
        ),
    ];
    for (body, want) in cases {
        let r = post(&url, body);
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        let got = fields(&r.json());
        for f in &want {
            assert!(got.iter().any(|g| g == f), "{body}: {f} not in {got:?}");
        }
    }
}

/// Every file of a directory with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.display().to_string(),
                std::fs::read(&p).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn scenario_run_and_roster_leave_the_scenario_directory_untouched() {
    let _heavy = web_support::heavy_lock();
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("data/demo")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    let before = snapshot(tmp.path());
    let s = Server::start(tmp.path(), &["--lazy-roster", "--time-limit", "20"]);
    let r = post(
        &s.url("/api/scenario"),
        r#"{"event": "双11", "focus": "tb_tea", "variants": [{"name": "6x", "uplift": 6, "extra_temps": 2}]}"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["focus_pool"], "p_shared_a");
    assert_eq!(v["variants"][0]["variant"]["uplift"], 6.0);
    assert!(v["variants"][0]["peak_day_inquiries"].as_f64().unwrap() > 0.0);
    assert_eq!(v["variants"][0]["variant"]["extra_temps"], 2);
    assert_eq!(v["baseline"]["hourly"].as_array().unwrap().len(), 168);
    let r = get(&s.url("/api/roster"));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["agents"].as_array().unwrap().len(), 100);
    assert_eq!(v["coverage"].as_array().unwrap().len(), 6);
    assert_eq!(v["hard_violations"], 0);
    drop(s);
    assert_eq!(
        snapshot(tmp.path()),
        before,
        "the server wrote into the scenario"
    );
}

fn post_csv(url: &str, body: &str) -> web_support::Reply {
    post(url, body)
}

fn coverage_of<'a>(view: &'a Value, pool: &str) -> &'a Value {
    view["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["pool"] == pool)
        .unwrap_or_else(|| panic!("no coverage of {pool}"))
}

fn hours(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect()
}

#[test]
fn an_uploaded_roster_is_viewed_like_the_planned_one() {
    let _turn = web_support::heavy_lock();
    let s = Server::start(&root().join("data/demo"), &["--time-limit", "20"]);
    let planned = get(&s.url("/api/roster"));
    assert_eq!(planned.status, 200, "{}", planned.body);
    let planned = planned.json();
    assert_eq!(planned["source"], "planned");
    let csv = grid_csv(&planned);

    // The planned roster, uploaded: the same grid, coverage, service, cost and violations.
    let r = post_csv(&s.url("/api/roster?file=planned.csv"), &csv);
    assert_eq!(r.status, 200, "{}", r.body);
    let up = r.json();
    assert_eq!(up["source"], "uploaded");
    assert_eq!(up["file"], "planned.csv");
    assert_eq!(up["unplaced"], 0);
    assert!(up["objective"].is_null());
    for key in [
        "week",
        "dates",
        "agents",
        "coverage",
        "violations",
        "hard_violations",
        "shifts_rostered",
    ] {
        assert_eq!(
            up[key], planned[key],
            "{key} differs between upload and plan"
        );
    }
    let (a, b) = (
        up["weekly_cost"].as_f64().unwrap(),
        planned["weekly_cost"].as_f64().unwrap(),
    );
    assert!((a - b).abs() < 1e-6 * b, "cost {a} vs {b}");

    // The same rules as `check-roster` on the same file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planned.csv");
    std::fs::write(&file, &csv).unwrap();
    let cli = check_roster_json(&file, None);
    assert_eq!(cli["violations"], up["violations"]);
    assert_eq!(cli["hard_violations"], up["hard_violations"]);

    // Edits show: one shift removed takes exactly its hours off its pool's floor…
    let lines: Vec<&str> = csv.lines().collect();
    let removed = lines[1];
    let f: Vec<&str> = removed.split(',').collect();
    let (agent, date, shift, pool) = (f[0], f[1], f[2], f[3]);
    let cell = &up["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == agent)
        .unwrap()["days"];
    let day = up["dates"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d == date)
        .unwrap();
    let time = cell[day]["time"].as_str().unwrap().to_string();
    let (from, to) = time.split_once('–').unwrap();
    // The demo's shifts start and end on the hour, so the floor hours are [start, end).
    assert!(from.ends_with(":00") && to.ends_with(":00"), "{time}");
    let hour = |t: &str| t[..2].parse::<usize>().unwrap();
    let (h0, mut h1) = (day * 24 + hour(from), day * 24 + hour(to));
    if h1 <= h0 {
        h1 += 24;
    }
    // …and a ghost agent and a second shift on the same day are hard violations.
    let second = lines
        .iter()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|g| g[0] != agent && g[1] != date)
        .unwrap();
    let mut edited: Vec<String> = lines
        .iter()
        .filter(|l| **l != removed)
        .map(|l| l.to_string())
        .collect();
    edited.push(format!("ghost,{date},{shift},{pool}"));
    edited.push(format!("{},{date},{},{}", second[0], second[2], second[3]));
    let r = post_csv(&s.url("/api/roster?file=edited.csv"), &edited.join("\n"));
    assert_eq!(r.status, 200, "{}", r.body);
    let ed = r.json();
    assert_eq!(ed["unplaced"], 1, "the ghost is not placed");
    assert!(ed["agents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == "ghost" && a["contract"] == "unknown"));
    let was = hours(&coverage_of(&up, pool)["rostered"]);
    let now = hours(&coverage_of(&ed, pool)["rostered"]);
    let added_pool = second[3];
    let added = hours(&coverage_of(&planned, added_pool)["rostered"]);
    for h in 0..168 {
        let mut expect = was[h];
        if (h0..h1).contains(&h) || (h1 > 168 && h < h1 - 168) {
            expect -= 1;
        }
        if added_pool != pool {
            assert_eq!(now[h], expect, "{pool} hour {h}");
        } else {
            // The second shift adds to the same pool: at least the removal shows.
            assert!(now[h] >= expect, "{pool} hour {h}");
        }
    }
    if added_pool != pool {
        let after = hours(&coverage_of(&ed, added_pool)["rostered"]);
        let gained: i64 = after.iter().zip(&added).map(|(a, b)| a - b).sum();
        assert!(gained > 0, "the second shift adds seats to {added_pool}");
    }
    let hard: Vec<&Value> = ed["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["hard"] == true)
        .collect();
    assert!(
        hard.iter().any(|v| v["agent"] == "ghost"),
        "ghost not reported: {hard:?}"
    );
    assert!(
        hard.iter().any(|v| v["agent"] == second[0]),
        "two shifts on {date} for {} not reported: {hard:?}",
        second[0]
    );
    assert!(ed["hard_violations"].as_u64().unwrap() >= 2);
}

#[test]
fn a_bad_roster_upload_is_400_naming_line_and_field() {
    let s = Server::start(&root().join("data/demo"), &["--lazy-roster"]);
    let r = post_csv(
        &s.url("/api/roster?file=mine.csv"),
        "agent,date,shift,pool\nA001,2026-11-16,morning,p_flagship\nA002,2026-13-01,morning,p_flagship\n",
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(fields(&r.json()), ["mine.csv:3: date"]);
    let r = post_csv(
        &s.url("/api/roster"),
        "agent,date,shift\nA001,2026-11-16,morning\n",
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(fields(&r.json())[0].starts_with("roster.csv"), "{}", r.body);
    assert!(r.body.contains("pool"), "{}", r.body);
    let r = post_csv(
        &s.url("/api/roster?week=2026-02-30"),
        "agent,date,shift,pool\n",
    );
    assert_eq!(r.status, 400);
    assert_eq!(fields(&r.json()), ["week"]);
    let r = post_csv(&s.url("/api/roster"), "agent,date,shift,pool\n");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"]
        .as_str()
        .unwrap()
        .contains("no assignments"));
    // A roster may be far larger than a quote request (here 3,000 rows, over 64 KiB)…
    let big = format!(
        "agent,date,shift,pool\n{}",
        "A001,2026-11-16,morning,p_flagship\n".repeat(3000)
    );
    assert!(big.len() > 64 * 1024);
    let r = post_csv(&s.url("/api/roster?file=big.csv"), &big);
    assert_eq!(r.status, 200, "{}", &r.body[..r.body.len().min(300)]);
    assert_eq!(r.json()["shifts_rostered"], 3000);
    // …but not unbounded.
    let (status, body) = web_support::post_announcing(&s.base, "/api/roster", 5 << 20);
    assert_eq!(status, 413, "{body}");
    let (status, _) = web_support::post_announcing(&s.base, "/api/quote", 100_000);
    assert_eq!(status, 413);
}

#[test]
fn with_last_weeks_roster_the_viewer_checks_across_the_week_start() {
    let _turn = web_support::heavy_lock();
    let dir = tempfile::tempdir().unwrap();
    let (w1, w2) = (dir.path().join("w1"), dir.path().join("w2"));
    let demo = root().join("data/demo");
    let demo = demo.to_str().unwrap();
    seatplan(&[
        "roster",
        demo,
        "--week",
        "2026-01-05",
        "--out",
        w1.to_str().unwrap(),
    ]);
    // The next week planned on its own (no tail).
    seatplan(&[
        "roster",
        demo,
        "--week",
        "2026-01-12",
        "--out",
        w2.to_str().unwrap(),
    ]);
    let prev = w1.join("roster.csv");
    let alone = std::fs::read_to_string(w2.join("roster.csv")).unwrap();
    let s = Server::start(
        &root().join("data/demo"),
        &[
            "--week",
            "2026-01-12",
            "--time-limit",
            "20",
            "--previous",
            prev.to_str().unwrap(),
        ],
    );
    // The viewer's own plan keeps the rules across the start of the week.
    let planned = get(&s.url("/api/roster")).json();
    assert_eq!(planned["week"], "2026-01-12");
    assert!(planned["previous_shifts"].as_u64().unwrap() > 0);
    assert_eq!(planned["hard_violations"], 0, "{}", planned["violations"]);
    // The week planned alone, uploaded, breaks them — as `check-roster --previous` says.
    let up = post(&s.url("/api/roster?file=alone.csv"), &alone).json();
    assert!(up["hard_violations"].as_u64().unwrap() >= 5);
    assert!(up["violations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["detail"].as_str().unwrap().contains("(previous roster)")));
    let file = dir.path().join("alone.csv");
    std::fs::write(&file, &alone).unwrap();
    let cli = check_roster_json(&file, Some(&prev));
    assert_eq!(cli["violations"], up["violations"]);
}

/// `seatplan check-roster data/demo --roster FILE [--previous PREV] --format json`, parsed.
fn check_roster_json(file: &std::path::Path, previous: Option<&std::path::Path>) -> Value {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_seatplan"));
    cmd.args(["check-roster", "data/demo", "--roster"])
        .arg(file);
    if let Some(prev) = previous {
        cmd.arg("--previous").arg(prev);
    }
    let out = cmd
        .args(["--format", "json"])
        .current_dir(root())
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}
