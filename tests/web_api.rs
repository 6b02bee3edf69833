//! The web workspace's JSON API over HTTP against a real `seatplan serve` process: quotes equal
//! `seatplan quote --format json`, bad input answers 400 naming the field, oversize bodies 413,
//! unknown routes 404; the server binds to 127.0.0.1 and writes nothing into the scenario.

mod web_support;

use serde_json::{json, Value};
use web_support::{get, post, root, seatplan, Server};

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
