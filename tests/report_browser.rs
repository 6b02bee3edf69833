//! `report.html` opened in headless Chromium (Debian's `chromium`, installed by
//! scripts/install-deps.sh): the page renders its charts — every SVG draws something — with no
//! console message at all (the report carries no script, so any message is an error), and a
//! screenshot is saved. The checker itself is tested on a page that breaks both rules.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo");

/// Chromium's flags for a closed machine (no network, no GPU, no sandbox as root).
const FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

fn chromium() -> &'static str {
    if Path::new("/usr/bin/chromium").exists() {
        "/usr/bin/chromium"
    } else {
        "chromium"
    }
}

/// Loads `page` headless; returns (DOM after load, console messages).
fn render(page: &Path, screenshot: Option<&Path>) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(chromium());
    cmd.args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ]);
    match screenshot {
        Some(png) => {
            cmd.arg(format!("--screenshot={}", png.display()))
                .arg("--window-size=1400,5000");
        }
        None => {
            cmd.arg("--dump-dom");
        }
    }
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let out = cmd.arg(url).output().expect(
        "chromium not found: run scripts/install-deps.sh (installs Debian's chromium package)",
    );
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

/// Each `<svg>` of the DOM with the number of shapes it draws with real geometry.
fn svg_shapes(dom: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find("<svg") {
        let body = &rest[i..];
        let end = body.find("</svg>").map_or(body.len(), |e| e + 6);
        let svg = &body[..end];
        let mut n = 0;
        for (tag, attr) in [
            ("<path", "d=\""),
            ("<polyline", "points=\""),
            ("<polygon", "points=\""),
            ("<rect", "width=\""),
            ("<line", "x2=\""),
            ("<circle", "r=\""),
        ] {
            for part in svg.split(tag).skip(1) {
                let head = &part[..part.find('>').unwrap_or(part.len())];
                let value = head
                    .split(attr)
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .unwrap_or("");
                let drawn = match tag {
                    "<rect" | "<circle" => value.parse::<f64>().is_ok_and(|x| x > 0.0),
                    _ => value.trim().len() > 2,
                };
                n += usize::from(drawn);
            }
        }
        out.push(n);
        rest = &body[end..];
    }
    out
}

fn screenshot_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_checker_catches_console_errors_and_empty_charts() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<html><body><svg width=\"10\" height=\"10\"><rect width=\"0\" height=\"5\"/></svg>\
         <svg><path d=\"M0 0 L5 5\"/></svg><script>console.error('boom'); nothere();</script>\
         </body></html>",
    )
    .unwrap();
    let (dom, console) = render(&page, None);
    assert_eq!(svg_shapes(&dom), vec![0, 1]);
    assert_eq!(console.len(), 2, "{console:?}");
    assert!(console[1].contains("nothere is not defined"));
}

#[test]
fn report_html_renders_its_charts_in_chromium() {
    let out = tempfile::tempdir().unwrap();
    let what_if = out.path().join("double11.toml");
    std::fs::write(
        &what_if,
        "event = \"双11\"\nfocus = \"p_shared_b\"\n[[variant]]\nname = \"3x\"\nuplift = 3\n\
         [[variant]]\nname = \"6x\"\nuplift = 6\n[[variant]]\nname = \"10x\"\nuplift = 10\n",
    )
    .unwrap();
    let o = out.path().join("out");
    let (code, _, err) = seatplan(&[
        "plan",
        DEMO,
        "--reps",
        "4",
        "--scenario",
        what_if.to_str().unwrap(),
        "--out",
        o.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let report = o.join("report.html");
    let html = std::fs::read_to_string(&report).unwrap();
    // Self-contained: nothing to fetch.
    for needle in ["http://", "https://", "<script src", "<link "] {
        let hits: Vec<&str> = html
            .match_indices(needle)
            .map(|(i, _)| &html[i..(i + 60).min(html.len())])
            .filter(|s| !s.starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(hits.is_empty(), "report.html refers outside: {hits:?}");
    }
    let (dom, console) = render(&report, None);
    assert!(console.is_empty(), "console messages: {console:?}");
    let shapes = svg_shapes(&dom);
    // Forecast, required vs rostered and service level per pool, cost, the roster grid and the
    // scenario's charts.
    assert!(shapes.len() >= 10, "only {} charts", shapes.len());
    assert!(
        shapes.iter().all(|&n| n > 0),
        "an SVG draws nothing: {shapes:?}"
    );
    for heading in [
        "Scenario: 双11",
        "Seats required per hour, by run",
        "Cost per week by pool",
    ] {
        assert!(dom.contains(heading), "{heading} missing from the page");
    }
    let png = screenshot_dir().join("report.png");
    let _ = std::fs::remove_file(&png);
    let (_, console) = render(&report, Some(&png));
    assert!(console.is_empty(), "console messages: {console:?}");
    let bytes = std::fs::read(&png).expect("no screenshot written");
    assert_eq!(&bytes[1..4], b"PNG");
    // A blank 1400×5000 page compresses to a few kilobytes; charts and tables do not.
    assert!(bytes.len() > 100_000, "screenshot of {} bytes", bytes.len());
}
