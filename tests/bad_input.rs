//! Table-driven malformed-input suite: each case breaks one thing in a copy of the small valid
//! scenario `tests/fixtures/mini`, runs `seatplan validate` on it and asserts exit code 1 and
//! the exact `file:line: field 'name'` location of the complaint.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");

enum Edit {
    /// Replace the first occurrence of the text.
    Replace(&'static str, &'static str),
    /// Append a line.
    Append(&'static str),
    /// Delete the file.
    Remove,
}

struct Case {
    name: &'static str,
    file: &'static str,
    edit: Edit,
    /// Substrings that must all appear in stderr.
    expect: &'static [&'static str],
}

fn copy_mini(to: &Path) {
    for entry in fs::read_dir(MINI).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn run_validate(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_seatplan"))
        .arg("validate")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn apply(dir: &Path, file: &str, edit: &Edit) {
    let path: PathBuf = dir.join(file);
    match edit {
        Edit::Replace(from, to) => {
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "fixture {file} lacks {from:?}");
            fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Edit::Append(line) => {
            let mut text = fs::read_to_string(&path).unwrap();
            text.push_str(line);
            text.push('\n');
            fs::write(&path, text).unwrap();
        }
        Edit::Remove => fs::remove_file(&path).unwrap(),
    }
}

/// The mini fixture's agents.csv as it is (edits adding columns replace it whole).
const AGENTS: &str = "id,name,contract,pools,night_ok,protected,min_week_hours,max_week_hours,wage,wage_basis,unavailable\nA1,王静,full_time,p_big,yes,,40,44,4800,month,\nA2,李强,full_time,p_big;p_small,no,pregnant,40,44,5000,month,2025-01-07..2025-01-09\nA3,张敏,part_time,p_small,no,,12,28,24,hour,2025-01-08\nA4,刘洋,temporary,p_small,no,,0,48,200,day,\n";

const SHOP_BIG: &str =
    "big,\"Big, Inc. flagship\",tmall,p_big,chat,24h,240,3,0.8,30,180,260,0.2,dedicated_seat";

fn cases() -> Vec<Case> {
    use Edit::*;
    vec![
        Case { name: "negative AHT", file: "shops.csv", edit: Replace(",24h,240,", ",24h,-5,"), expect: &["shops.csv:2: field 'aht_seconds': '-5' is out of range; expected a number > 0"] },
        Case { name: "zero AHT", file: "shops.csv", edit: Replace(",24h,240,", ",24h,0,"), expect: &["shops.csv:2: field 'aht_seconds': '0' is out of range"] },
        Case { name: "NaN AHT", file: "shops.csv", edit: Replace(",24h,240,", ",24h,NaN,"), expect: &["shops.csv:2: field 'aht_seconds': 'NaN' is not a number"] },
        Case { name: "SLA above 1", file: "shops.csv", edit: Replace("210,3,0.8,60", "210,3,1.5,60"), expect: &["shops.csv:3: field 'sla_target': '1.5' is out of range; expected a share in (0, 1]"] },
        Case { name: "SLA zero", file: "shops.csv", edit: Replace("210,3,0.8,60", "210,3,0,60"), expect: &["shops.csv:3: field 'sla_target'"] },
        Case { name: "concurrency below 1", file: "shops.csv", edit: Replace("210,3,0.8", "210,0,0.8"), expect: &["shops.csv:3: field 'concurrency': '0' is not a whole number ≥ 1"] },
        Case { name: "phone with concurrency", file: "shops.csv", edit: Replace("phone,08:00-24:00,150,1,", "phone,08:00-24:00,150,2,"), expect: &["shops.csv:4: field 'concurrency'", "phone concurrency must be 1"] },
        Case { name: "service hours past 24", file: "shops.csv", edit: Replace("09:00-23:00", "25:00-08:00"), expect: &["shops.csv:3: field 'service_hours'", "invalid clock time"] },
        Case { name: "service hours empty window", file: "shops.csv", edit: Replace("09:00-23:00", "09:00-09:00"), expect: &["shops.csv:3: field 'service_hours'", "opens and closes at the same time"] },
        Case { name: "service hours off the hour", file: "shops.csv", edit: Replace("09:00-23:00", "09:30-23:00"), expect: &["shops.csv:3: field 'service_hours'", "not on whole hours"] },
        Case { name: "duplicate shop id", file: "shops.csv", edit: Append(SHOP_BIG), expect: &["shops.csv:5: field 'id': duplicate shop id 'big' (first on line 2)"] },
        Case { name: "unknown pool", file: "shops.csv", edit: Replace("tmall,p_big", "tmall,p_nowhere"), expect: &["shops.csv:2: field 'pool': unknown pool 'p_nowhere'"] },
        Case { name: "unknown platform", file: "shops.csv", edit: Replace("taobao,p_small", "amazon,p_small"), expect: &["shops.csv:3: field 'platform': 'amazon' is not valid"] },
        Case { name: "missing column", file: "shops.csv", edit: Replace("service_hours,aht_seconds,", "service_hours,aht,"), expect: &["shops.csv:1: field 'aht': unknown column", "shops.csv:1: field 'aht_seconds': required column is missing"] },
        Case { name: "negative volume", file: "history.csv", edit: Replace("01:00,7,5,2", "01:00,-7,,"), expect: &["history.csv:3: field 'inquiries': '-7' is out of range; expected a number ≥ 0"] },
        Case { name: "NaN volume", file: "history.csv", edit: Replace("01:00,7,5,2", "01:00,NaN,,"), expect: &["history.csv:3: field 'inquiries': 'NaN' is not a number"] },
        Case { name: "non-numeric volume", file: "history.csv", edit: Replace("01:00,7,5,2", "01:00,seven,,"), expect: &["history.csv:3: field 'inquiries': 'seven' is not a number"] },
        Case { name: "timestamp not on the hour", file: "history.csv", edit: Replace("2025-01-06 01:00", "2025-01-06 01:30"), expect: &["history.csv:3: field 'hour': '2025-01-06 01:30' is not on the hour"] },
        Case { name: "bad date in timestamp", file: "history.csv", edit: Replace("2025-01-06 01:00", "2025-02-30 01:00"), expect: &["history.csv:3: field 'hour': '2025-02-30 01:00' is not a timestamp"] },
        Case { name: "duplicate hour", file: "history.csv", edit: Replace("big,2025-01-06 01:00", "big,2025-01-06 00:00"), expect: &["history.csv:3: field 'hour': duplicate hour 2025-01-06 00:00:00 for shop 'big' (also on line 2)"] },
        Case { name: "out of order", file: "history.csv", edit: Append("big,2025-01-05 23:00,4,,"), expect: &["history.csv:9: field 'hour': out of order"] },
        Case { name: "unknown shop in history", file: "history.csv", edit: Append("ghost,2025-01-06 10:00,4,,"), expect: &["history.csv:9: field 'shop': unknown shop 'ghost'"] },
        Case { name: "split does not add up", file: "history.csv", edit: Replace("00:00,12,8,4", "00:00,12,8,9"), expect: &["history.csv:2: field 'returning_customers'", "must add up"] },
        Case { name: "unknown calendar kind", file: "calendar.csv", edit: Replace("peak,双11", "festival,双11"), expect: &["calendar.csv:5: field 'kind': 'festival' is not valid"] },
        Case { name: "bad calendar date", file: "calendar.csv", edit: Replace("2025-01-26,", "2025-13-26,"), expect: &["calendar.csv:3: field 'start': '2025-13-26' is not a date"] },
        Case { name: "calendar end before start", file: "calendar.csv", edit: Replace("2025-11-10,2025-11-11", "2025-11-10,2025-11-01"), expect: &["calendar.csv:5: field 'end': end 2025-11-01 is before start 2025-11-10"] },
        Case { name: "calendar unknown shop", file: "calendar.csv", edit: Replace("店庆,tea", "店庆,coffee"), expect: &["calendar.csv:6: field 'shop': unknown shop 'coffee'"] },
        Case { name: "calendar negative uplift", file: "calendar.csv", edit: Replace("店庆,tea,2.5", "店庆,tea,-2"), expect: &["calendar.csv:6: field 'uplift'"] },
        Case { name: "agent with no pool", file: "agents.csv", edit: Replace("full_time,p_big,yes", "full_time,,yes"), expect: &["agents.csv:2: field 'pools': agent has no pool"] },
        Case { name: "agent unknown pool", file: "agents.csv", edit: Replace("part_time,p_small", "part_time,p_x"), expect: &["agents.csv:4: field 'pools': unknown pool 'p_x'"] },
        Case { name: "duplicate agent", file: "agents.csv", edit: Append("A1,Dup,full_time,p_big,no,,40,44,4800,month,"), expect: &["agents.csv:6: field 'id': duplicate agent id 'A1' (first on line 2)"] },
        Case { name: "protected agent at night", file: "agents.csv", edit: Replace("no,pregnant", "yes,pregnant"), expect: &["agents.csv:3: field 'night_ok'", "may not work nights"] },
        Case { name: "min above max hours", file: "agents.csv", edit: Replace("part_time,p_small,no,,12,28", "part_time,p_small,no,,30,28"), expect: &["agents.csv:4: field 'min_week_hours': 30 is above max_week_hours 28"] },
        Case { name: "bad unavailable date", file: "agents.csv", edit: Replace("2025-01-07..2025-01-09", "2025-01-07..soon"), expect: &["agents.csv:3: field 'unavailable'"] },
        Case { name: "unknown contract", file: "agents.csv", edit: Replace("A4,刘洋,temporary", "A4,刘洋,intern"), expect: &["agents.csv:5: field 'contract': 'intern' is not valid"] },
        Case { name: "pool with no shop", file: "pools.csv", edit: Append("p_empty,Nobody,shared,"), expect: &["pools.csv:4: field 'id': pool 'p_empty' has no shop"] },
        Case { name: "dedicated pool with two shops", file: "shops.csv", edit: Replace("tea,茶叶小店,taobao,p_small", "tea,茶叶小店,taobao,p_big"), expect: &["pools.csv:2: field 'mode': dedicated pool 'p_big' serves 2 shops"] },
        Case { name: "pool shrinkage 1", file: "pools.csv", edit: Replace("dedicated,0.3", "dedicated,1"), expect: &["pools.csv:2: field 'shrinkage': '1' is out of range"] },
        Case { name: "unknown rules key", file: "rules.toml", edit: Replace("max_consecutive_days = 6", "max_consecutive_dayz = 6"), expect: &["rules.toml:3: field 'max_consecutive_dayz': unknown field"] },
        Case { name: "shrinkage out of range", file: "rules.toml", edit: Replace("shrinkage = 0.3", "shrinkage = 1.2"), expect: &["rules.toml:11: field 'sizing.shrinkage': 1.2 is out of range"] },
        Case { name: "bad shift time", file: "rules.toml", edit: Replace("start = \"08:00\"", "start = \"8 am\""), expect: &["rules.toml:17: field 'shift.start': '8 am' is not a clock time"] },
        Case { name: "bad night window", file: "rules.toml", edit: Replace("22:00-06:00", "22:00"), expect: &["rules.toml:7: field 'night.window'"] },
        Case { name: "toml syntax error", file: "prices.toml", edit: Replace("social_insurance_rate = 0.3", "social_insurance_rate = = 0.3"), expect: &["prices.toml:2:"] },
        Case { name: "negative price", file: "prices.toml", edit: Replace("dedicated_seat_monthly = 4500", "dedicated_seat_monthly = -1"), expect: &["prices.toml:5: field 'prices.dedicated_seat_monthly': -1 is out of range"] },
        Case { name: "bad max_shifts", file: "agents.csv", edit: Replace(AGENTS, "id,name,contract,pools,night_ok,protected,min_week_hours,max_week_hours,wage,wage_basis,unavailable,max_shifts,min_consecutive_days,max_consecutive_days\nA1,王静,full_time,p_big,yes,,40,44,4800,month,,night=x,,\nA2,李强,full_time,p_big;p_small,no,pregnant,40,44,5000,month,2025-01-07..2025-01-09,,,\nA3,张敏,part_time,p_small,no,,12,28,24,hour,2025-01-08,,,\nA4,刘洋,temporary,p_small,no,,0,48,200,day,,,,\n"), expect: &["agents.csv:2: field 'max_shifts': 'night=x' is not shift=count"] },
        Case { name: "min above max consecutive days", file: "agents.csv", edit: Replace(AGENTS, "id,name,contract,pools,night_ok,protected,min_week_hours,max_week_hours,wage,wage_basis,unavailable,max_shifts,min_consecutive_days,max_consecutive_days\nA1,王静,full_time,p_big,yes,,40,44,4800,month,,night=2,5,3\nA2,李强,full_time,p_big;p_small,no,pregnant,40,44,5000,month,2025-01-07..2025-01-09,,,\nA3,张敏,part_time,p_small,no,,12,28,24,hour,2025-01-08,,,\nA4,刘洋,temporary,p_small,no,,0,48,200,day,,,,\n"), expect: &["agents.csv:2: field 'min_consecutive_days': 5 is above max_consecutive_days 3"] },
        Case { name: "unknown successor shift", file: "rules.toml", edit: Replace("end = \"17:00\"", "end = \"17:00\"\nnot_followed_by = [\"late\"]"), expect: &["rules.toml:19: field 'shift.not_followed_by': unknown shift 'late'"] },
        Case { name: "min above max consecutive in rules", file: "rules.toml", edit: Replace("min_days_off_per_week = 2", "min_days_off_per_week = 2\nmin_consecutive_days = 9"), expect: &["rules.toml:5: field 'min_consecutive_days': 9 is above max_consecutive_days 6"] },
        Case { name: "negative max weekends", file: "rules.toml", edit: Replace("min_days_off_per_week = 2", "min_days_off_per_week = 2\nmax_weekends = -1"), expect: &["rules.toml:5: field 'max_weekends': -1 is out of range"] },
        Case { name: "missing file", file: "agents.csv", edit: Remove, expect: &["agents.csv: cannot read"] },
    ]
}

#[test]
fn every_malformed_fixture_is_reported_with_file_line_and_field() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 20);
    for case in &all {
        let dir = tempfile::tempdir().unwrap();
        copy_mini(dir.path());
        apply(dir.path(), case.file, &case.edit);
        let (code, stdout, stderr) = run_validate(dir.path());
        if code != 1 {
            failures.push(format!("{}: exit {code}, stdout {stdout}", case.name));
            continue;
        }
        for e in case.expect {
            if !stderr.contains(e) {
                failures.push(format!("{}: expected {e:?} in\n{stderr}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn all_problems_of_a_file_are_listed_not_just_the_first() {
    let dir = tempfile::tempdir().unwrap();
    copy_mini(dir.path());
    apply(
        dir.path(),
        "shops.csv",
        &Edit::Replace(",24h,240,3,0.8", ",24h,-1,0,7"),
    );
    apply(
        dir.path(),
        "history.csv",
        &Edit::Replace("01:00,7,5,2", "01:00,x,,"),
    );
    let (code, _, stderr) = run_validate(dir.path());
    assert_eq!(code, 1);
    for e in [
        "shops.csv:2: field 'aht_seconds'",
        "shops.csv:2: field 'concurrency'",
        "shops.csv:2: field 'sla_target'",
        "history.csv:3: field 'inquiries'",
    ] {
        assert!(stderr.contains(e), "missing {e} in {stderr}");
    }
    assert!(stderr.contains("4 input problems"), "{stderr}");
}

#[test]
fn valid_fixture_passes_and_header_only_history_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    copy_mini(dir.path());
    let (code, stdout, stderr) = run_validate(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Shops: 3 in 2 pools"), "{stdout}");
    fs::write(dir.path().join("history.csv"), "shop,hour,inquiries\n").unwrap();
    let (code, stdout, _) = run_validate(dir.path());
    assert_eq!(code, 0);
    assert!(stdout.contains("shop 'big' has no history"), "{stdout}");
}

#[test]
fn empty_shops_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    copy_mini(dir.path());
    fs::write(dir.path().join("shops.csv"), "").unwrap();
    let (code, _, stderr) = run_validate(dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("shops.csv:1: file is empty"), "{stderr}");
}

#[test]
fn gbk_encoded_file_gets_a_conversion_hint() {
    let dir = tempfile::tempdir().unwrap();
    copy_mini(dir.path());
    // "茶叶" in GBK is C2 E8 D2 B6: not UTF-8.
    let mut bytes = fs::read(dir.path().join("shops.csv")).unwrap();
    bytes.extend_from_slice(b"x,\xb2\xe8\xd2\xb6,taobao,p_small,chat,24h,1,1,0.8,1,,,,\n");
    fs::write(dir.path().join("shops.csv"), bytes).unwrap();
    let (code, _, stderr) = run_validate(dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("shops.csv:5"), "{stderr}");
    assert!(stderr.contains("iconv"), "{stderr}");
}
