//! Regression tests for reader defects found by fuzzing (`fuzz/`) and by the bad-input suite:
//! each pins the input that exposed the defect.

use seatplan::io::{
    read_agents, read_calendar, read_demand, read_history, read_nrp, read_pools, read_preferences,
    read_prices, read_requirements, read_roster, read_rules, read_series, read_shops,
    read_special_days, Problem,
};
use seatplan::model::{Quantile, Rules};
use std::collections::HashSet;

const RULES: &str = include_str!("fixtures/mini/rules.toml");

fn rules() -> Rules {
    read_rules("rules.toml", RULES, &mut Vec::new()).unwrap()
}

fn ids(v: &[&str]) -> HashSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Every problem names the file and a line.
fn all_located(problems: &[Problem], file: &str) {
    assert!(!problems.is_empty());
    for p in problems {
        assert_eq!(p.file, file, "{p}");
        assert!(p.line.is_some(), "no line: {p}");
    }
}

/// Found by the bad-input suite: the CSV parser counts a CRLF-terminated file one line short
/// after the header, so errors named the line above the bad one.
#[test]
fn crlf_files_report_physical_lines() {
    let text = "shop,hour,inquiries\r\nbig,2025-01-06 00:00,1\r\nbig,2025-01-06 01:00,x\r\n";
    let mut problems = Vec::new();
    read_history("h.csv", text, &ids(&["big"]), &mut problems);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(3), "{}", problems[0]);
}

/// Found by fuzzing (`pools`): a lone CR inside an LF file is a record break for the CSV
/// parser but was not counted as a line, and a CR-only file reported everything on line 1.
#[test]
fn lone_cr_counts_as_a_line_break() {
    let text = "id,name,mode\rp1,a,shared\np2,b,nope\n";
    let mut problems = Vec::new();
    read_pools("p.csv", text, &mut problems);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(3), "{}", problems[0]);
    let mut problems = Vec::new();
    read_pools(
        "p.csv",
        "id,name,mode\rp1,a,shared\rp2,b,nope\r",
        &mut problems,
    );
    assert_eq!(problems[0].line, Some(3), "{}", problems[0]);
}

/// Found by fuzzing: whole-file complaints (empty file, no rows, no shifts, no horizon) had no
/// line, breaking the `file:line:` promise. Every reader now puts them on a line.
#[test]
fn whole_file_problems_have_a_line() {
    let r = rules();
    for (file, problems) in [
        ("a.csv", {
            let mut p = Vec::new();
            read_pools("a.csv", "", &mut p);
            p
        }),
        ("a.csv", {
            let mut p = Vec::new();
            read_shops("a.csv", " \n", &ids(&[]), &mut p);
            p
        }),
        ("a.csv", {
            let mut p = Vec::new();
            read_calendar("a.csv", "", &ids(&[]), &mut p);
            p
        }),
        ("a.csv", {
            let mut p = Vec::new();
            read_agents("a.csv", "", &ids(&[]), &mut p);
            p
        }),
        ("r.toml", {
            let mut p = Vec::new();
            read_rules("r.toml", "", &mut p);
            p
        }),
        ("p.toml", {
            let mut p = Vec::new();
            read_prices("p.toml", "[cost]\nnope = 1\n", &mut p);
            p
        }),
        (
            "a.csv",
            read_demand("a.csv", "shop,hour,inquiries\n", &ids(&[]), Quantile::P80)
                .unwrap_err()
                .problems,
        ),
        (
            "a.csv",
            read_requirements("a.csv", "", &ids(&[]))
                .unwrap_err()
                .problems,
        ),
        ("a.csv", read_roster("a.csv", "", &r).unwrap_err().problems),
        (
            "a.csv",
            read_preferences("a.csv", "", &ids(&[]), &r)
                .unwrap_err()
                .problems,
        ),
        (
            "a.csv",
            read_series("a.csv", "timestamp,volume\n")
                .unwrap_err()
                .problems,
        ),
        (
            "a.csv",
            read_special_days("a.csv", "").unwrap_err().problems,
        ),
        ("n.txt", read_nrp("n.txt", "").unwrap_err().problems),
        (
            "n.txt",
            read_nrp("n.txt", "SECTION_HORIZON\n\nSECTION_SHIFTS\n")
                .unwrap_err()
                .problems,
        ),
    ] {
        all_located(&problems, file);
    }
}

/// A demand file spanning more than a year names the line of its last hour.
#[test]
fn overlong_demand_names_a_line() {
    let text = "shop,hour,inquiries\nbig,2024-01-01 00:00,1\nbig,2025-06-01 00:00,1\n";
    let e = read_demand("d.csv", text, &ids(&["big"]), Quantile::Mean).unwrap_err();
    assert_eq!(e.problems[0].line, Some(3), "{}", e.problems[0]);
    assert_eq!(e.problems[0].field.as_deref(), Some("hour"));
}

#[test]
fn thousands_separators_and_offsets_are_read() {
    let text = "shop,hour,inquiries\nbig,2025-01-05T16:00:00Z,\"1,234\"\nbig,2025-01-06 01:00+08:00,\"2,000.5\"\n";
    let mut problems = Vec::new();
    let h = read_history("h.csv", text, &ids(&["big"]), &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    let obs = &h.shops["big"].observations;
    assert_eq!(obs[0].hour.to_string(), "2025-01-06 00:00:00");
    assert_eq!(obs[0].inquiries, 1234.0);
    assert_eq!(obs[1].inquiries, 2000.5);
}

/// Found by fuzzing (`rules`, `prices`): control characters in a TOML comment made the TOML
/// parser fail with an empty message, so the problem read `rules.toml:16: ` and nothing more.
#[test]
fn toml_syntax_errors_always_have_a_message() {
    for (file, bytes) in [
        (
            "rules.toml",
            &include_bytes!("fixtures/fuzz/rules-control-char.toml")[..],
        ),
        (
            "prices.toml",
            &include_bytes!("fixtures/fuzz/prices-control-char.toml")[..],
        ),
    ] {
        let text = String::from_utf8_lossy(bytes);
        let mut problems = Vec::new();
        if file == "rules.toml" {
            assert!(read_rules(file, &text, &mut problems).is_none());
        } else {
            assert!(read_prices(file, &text, &mut problems).is_none());
        }
        all_located(&problems, file);
        for p in &problems {
            assert!(!p.message.trim().is_empty(), "empty message: {p}");
        }
    }
    let mut problems = Vec::new();
    read_rules("r.toml", "# a\u{2}b\n[[shift]]\n", &mut problems);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("control character U+0002"),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].line, Some(1));
}

/// Found by fuzzing (`special_days`): a weekday that is not ASCII (a Chinese export's `周一`, or
/// a replacement character) panicked the special-days reader (`backtest --calendar`): it sliced
/// the first three bytes. Chinese weekday names are now read as such.
#[test]
fn non_ascii_weekdays_do_not_panic() {
    let bytes = include_bytes!("fixtures/fuzz/special-days-multibyte-weekday.csv");
    let text = String::from_utf8_lossy(bytes);
    if let Err(e) = read_special_days("d.csv", &text) {
        all_located(&e.problems, "d.csv");
    }
    let text = "date,weekday,name,kind\n2025-01-06,周一,a,event\n2025-01-07,星期二,b,event\n2025-01-12,星期天,c,event\n2025-01-08,周五,d,event\n2025-01-09,é,e,event\n";
    let e = read_special_days("d.csv", text).unwrap_err();
    let lines: Vec<Option<usize>> = e.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![Some(5), Some(6)], "{:?}", e.problems);
    assert!(e
        .problems
        .iter()
        .all(|p| p.field.as_deref() == Some("weekday")));
}
