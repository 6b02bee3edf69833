//! Bad-input suite for the formats real exports come in (issue 10): encodings, quoting, line
//! endings, empty files, columns, timestamps and time zones, Excel serial dates, thousands
//! separators, odd ids, and scenarios that are well-formed but cannot be staffed. Each case
//! edits a copy of `tests/fixtures/mini`, runs the CLI and checks either a specific error
//! (exit 1 and the exact `file:line: field 'name'` location) or the documented interpretation
//! (README, "Input formats: what is accepted"): exit 0 and what the data was read as.

mod common;

use std::fs;
use std::path::Path;

const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");

/// What a case does to the scenario copy before running.
type Setup = Box<dyn Fn(&Path)>;

struct Case {
    name: &'static str,
    setup: Setup,
    /// Command line; `{dir}` is the scenario copy, `{req}` a requirements file for the week of
    /// 2025-01-13 (written by the runner), `{out}` an output directory.
    args: &'static [&'static str],
    code: i32,
    /// Substrings that must all appear in stdout + stderr.
    expect: Vec<String>,
    /// Substrings that must not appear.
    absent: Vec<String>,
}

const VALIDATE: &[&str] = &["validate", "{dir}"];
const ROSTER: &[&str] = &[
    "roster",
    "{dir}",
    "--week",
    "2025-01-13",
    "--requirements",
    "{req}",
    "--time-limit",
    "20",
    "--out",
    "{out}",
];

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap()
}

fn write(dir: &Path, file: &str, text: &str) {
    fs::write(dir.join(file), text).unwrap();
}

fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let text = read(dir, file);
    assert!(text.contains(from), "fixture {file} lacks {from:?}");
    write(dir, file, &text.replacen(from, to, 1));
}

fn bytes_replace(dir: &Path, file: &str, from: &str, to: &[u8]) {
    let text = read(dir, file);
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{file} lacks {from:?}"));
    let mut b = text.as_bytes()[..at].to_vec();
    b.extend_from_slice(to);
    b.extend_from_slice(&text.as_bytes()[at + from.len()..]);
    fs::write(dir.join(file), b).unwrap();
}

const CSVS: [&str; 5] = [
    "pools.csv",
    "shops.csv",
    "history.csv",
    "calendar.csv",
    "agents.csv",
];
const ALL: [&str; 7] = [
    "pools.csv",
    "shops.csv",
    "history.csv",
    "calendar.csv",
    "agents.csv",
    "rules.toml",
    "prices.toml",
];

fn map_files(dir: &Path, files: &[&str], f: impl Fn(&str) -> String) {
    for file in files {
        let t = read(dir, file);
        write(dir, file, &f(&t));
    }
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn err(name: &'static str, setup: Setup, expect: &[&str]) -> Case {
    Case {
        name,
        setup,
        args: VALIDATE,
        code: 1,
        expect: s(expect),
        absent: vec![],
    }
}

fn ok(name: &'static str, setup: Setup, expect: &[&str]) -> Case {
    Case {
        name,
        setup,
        args: VALIDATE,
        code: 0,
        expect: s(expect),
        absent: s(&["input problem"]),
    }
}

/// The mini fixture's summary lines that show every file was read in full.
const READ_IN_FULL: &[&str] = &[
    "Shops: 3 in 2 pools",
    "big               3 hours,      22 inquiries/day",
    "Calendar: 5 entries",
    "Agents: 4 (full_time 2, part_time 1, temporary 1)",
    "Shifts: early 08:00-17:00, night 23:00-08:00 (night)",
];

fn encoding_cases() -> Vec<Case> {
    vec![
        ok(
            "UTF-8 BOM on every CSV is stripped",
            Box::new(|d| map_files(d, &CSVS, |t| format!("\u{feff}{t}"))),
            READ_IN_FULL,
        ),
        ok(
            "UTF-8 BOM on the TOML files is stripped",
            Box::new(|d| {
                map_files(d, &["rules.toml", "prices.toml"], |t| {
                    format!("\u{feff}{t}")
                })
            }),
            READ_IN_FULL,
        ),
        err(
            "BOM does not shift line numbers",
            Box::new(|d| {
                replace(d, "shops.csv", ",24h,240,", ",24h,-5,");
                map_files(d, &["shops.csv"], |t| format!("\u{feff}{t}"));
            }),
            &["shops.csv:2: field 'aht_seconds': '-5' is out of range"],
        ),
        err(
            "GBK-encoded agents.csv",
            // 李强 in GBK.
            Box::new(|d| bytes_replace(d, "agents.csv", "李强", b"\xc0\xee\xc7\xbf")),
            &[
                "agents.csv:3: not valid UTF-8 (GBK/GB18030 export?)",
                "iconv -f GB18030 -t UTF-8",
            ],
        ),
        err(
            "GB18030 four-byte sequence in calendar.csv",
            Box::new(|d| bytes_replace(d, "calendar.csv", "双11", b"\x81\x30\x89\x38")),
            &["calendar.csv:5: not valid UTF-8", "iconv -f GB18030"],
        ),
        err(
            "UTF-16 export (Excel 'Unicode text')",
            Box::new(|d| {
                let t = read(d, "pools.csv");
                let mut b = vec![0xFF, 0xFE];
                for u in t.encode_utf16() {
                    b.extend_from_slice(&u.to_le_bytes());
                }
                fs::write(d.join("pools.csv"), b).unwrap();
            }),
            &["pools.csv:1: UTF-16 text", "iconv -f UTF-16 -t UTF-8"],
        ),
        err(
            "Latin-1 byte in pools.csv",
            Box::new(|d| bytes_replace(d, "pools.csv", "Small shops", b"Caf\xe9 shops")),
            &["pools.csv:3: not valid UTF-8"],
        ),
    ]
}

fn quoting_cases() -> Vec<Case> {
    vec![
        ok(
            "quoted field with a comma",
            Box::new(|d| replace(d, "agents.csv", "A1,王静,", "A1,\"Wang, Jing\",")),
            READ_IN_FULL,
        ),
        ok(
            "quoted field with a newline",
            Box::new(|d| {
                replace(
                    d,
                    "shops.csv",
                    "\"Big, Inc. flagship\"",
                    "\"Big, Inc.\nflagship\"",
                )
            }),
            READ_IN_FULL,
        ),
        err(
            "a newline inside quotes does not shift later line numbers",
            Box::new(|d| {
                replace(
                    d,
                    "shops.csv",
                    "\"Big, Inc. flagship\"",
                    "\"Big, Inc.\nflagship\"",
                );
                replace(d, "shops.csv", "210,3,0.8,60", "210,3,1.5,60");
            }),
            &["shops.csv:4: field 'sla_target': '1.5' is out of range"],
        ),
        ok(
            "doubled quotes inside a quoted field",
            Box::new(|d| {
                replace(
                    d,
                    "shops.csv",
                    "\"Big, Inc. flagship\"",
                    "\"Big \"\"Best\"\" shop\"",
                )
            }),
            READ_IN_FULL,
        ),
        ok(
            "quoted ids and numbers",
            Box::new(|d| {
                replace(d, "pools.csv", "p_big,", "\"p_big\",");
                replace(
                    d,
                    "history.csv",
                    "big,2025-01-06 00:00,12,",
                    "\"big\",\"2025-01-06 00:00\",\"12\",",
                );
            }),
            READ_IN_FULL,
        ),
        err(
            "a pool found by a cross-file check is located even when quoted",
            Box::new(|d| {
                write(d, "pools.csv", "id,name,mode,shrinkage\n\"p_big\",\"Big\nshop desk\",dedicated,0.3\np_small,Small shops,shared,\n\"p_empty\",Nobody,shared,\n");
            }),
            &["pools.csv:5: field 'id': pool 'p_empty' has no shop"],
        ),
        err(
            "unterminated quote",
            Box::new(|d| {
                replace(
                    d,
                    "shops.csv",
                    "\"Big, Inc. flagship\"",
                    "\"Big, Inc. flagship",
                )
            }),
            &["shops.csv:2: expected 14 fields as in the header"],
        ),
        err(
            "unquoted 1,234 splits the row",
            Box::new(|d| replace(d, "history.csv", "00:00,12,8,4", "00:00,1,234,,")),
            &[
                "history.csv:2: expected 5 fields as in the header, found 6",
                "quote the value",
            ],
        ),
    ]
}

fn line_ending_cases() -> Vec<Case> {
    vec![
        ok(
            "CRLF line endings in every file",
            Box::new(|d| map_files(d, &ALL, |t| t.replace('\n', "\r\n"))),
            READ_IN_FULL,
        ),
        err(
            "CRLF keeps line numbers",
            Box::new(|d| {
                replace(d, "history.csv", "01:00,7,5,2", "01:00,seven,,");
                map_files(d, &["history.csv"], |t| t.replace('\n', "\r\n"));
            }),
            &["history.csv:3: field 'inquiries': 'seven' is not a number"],
        ),
        ok(
            "CR-only (classic Mac) line endings",
            Box::new(|d| map_files(d, &CSVS, |t| t.replace('\n', "\r"))),
            READ_IN_FULL,
        ),
        err(
            "CR-only line endings keep line numbers",
            Box::new(|d| {
                replace(d, "history.csv", "01:00,7,5,2", "01:00,seven,,");
                map_files(d, &["history.csv"], |t| t.replace('\n', "\r"));
            }),
            &["history.csv:3: field 'inquiries'"],
        ),
        ok(
            "mixed LF and CRLF, no final newline",
            Box::new(|d| {
                map_files(d, &["history.csv"], |t| {
                    t.trim_end().replacen('\n', "\r\n", 3)
                })
            }),
            READ_IN_FULL,
        ),
        err(
            "blank lines are skipped but counted",
            Box::new(|d| {
                replace(
                    d,
                    "history.csv",
                    "returning_customers\n",
                    "returning_customers\n\n \n",
                );
                replace(d, "history.csv", "01:00,7,5,2", "01:00,seven,,");
            }),
            &["history.csv:5: field 'inquiries'"],
        ),
    ]
}

fn empty_cases() -> Vec<Case> {
    vec![
        err(
            "empty history.csv",
            Box::new(|d| write(d, "history.csv", "")),
            &["history.csv:1: file is empty; expected a header row with columns: shop,hour,inquiries"],
        ),
        err(
            "whitespace-only calendar.csv",
            Box::new(|d| write(d, "calendar.csv", " \n\n")),
            &["calendar.csv:1: file is empty"],
        ),
        err(
            "empty rules.toml",
            Box::new(|d| write(d, "rules.toml", "")),
            &["rules.toml:1: field 'shift': no [[shift]] templates"],
        ),
        ok(
            "empty prices.toml takes every default",
            Box::new(|d| write(d, "prices.toml", "")),
            READ_IN_FULL,
        ),
        err(
            "header-only shops.csv",
            Box::new(|d| write(d, "shops.csv", "id,platform,pool,service_hours,aht_seconds,sla_target,sla_seconds\n")),
            &[
                "pools.csv:2: field 'id': pool 'p_big' has no shop",
                "pools.csv:3: field 'id': pool 'p_small' has no shop",
            ],
        ),
        err(
            "header-only pools.csv",
            Box::new(|d| write(d, "pools.csv", "id,name,mode,shrinkage\n")),
            &["shops.csv:2: field 'pool': unknown pool 'p_big'"],
        ),
        ok(
            "header-only agents.csv: a scenario without agents",
            Box::new(|d| write(d, "agents.csv", "id,contract,pools,night_ok,min_week_hours,max_week_hours,wage\n")),
            &[
                "warning: pool 'p_big' has no agents",
                "warning: pool 'p_small' has no agents",
            ],
        ),
        ok(
            "header-only calendar.csv",
            Box::new(|d| write(d, "calendar.csv", "start,end,kind,name,shop,uplift\n")),
            &["warning: calendar has no statutory holidays"],
        ),
    ]
}

fn column_cases() -> Vec<Case> {
    vec![
        err(
            "duplicate column",
            Box::new(|d| {
                write(d, "history.csv", "shop,hour,inquiries,inquiries\nbig,2025-01-06 00:00,12,12\n")
            }),
            &["history.csv:1: field 'inquiries': duplicate column"],
        ),
        err(
            "duplicate column differing in case",
            Box::new(|d| replace(d, "pools.csv", "id,name,mode,shrinkage", "id,name,mode,shrinkage,ID")),
            &["pools.csv:1: field 'id': duplicate column"],
        ),
        err(
            "missing required column",
            Box::new(|d| {
                write(d, "calendar.csv", "start,end,name\n2025-01-01,,元旦\n")
            }),
            &["calendar.csv:1: field 'kind': required column is missing"],
        ),
        ok(
            "optional columns may be left out",
            Box::new(|d| {
                write(d, "shops.csv", "id,platform,pool,service_hours,aht_seconds,sla_target,sla_seconds\nbig,tmall,p_big,24h,240,0.8,30\ntea,taobao,p_small,09:00-23:00,210,0.8,60\nbooks,jd,p_small,08:00-24:00,150,0.9,20\n")
            }),
            &["Shops: 3 in 2 pools"],
        ),
        ok(
            "columns in any order, header case and spaces ignored",
            Box::new(|d| {
                map_files(d, &["history.csv"], |t| {
                    let mut out = String::from(" Inquiries , HOUR ,Shop\n");
                    for l in t.lines().skip(1) {
                        let f: Vec<&str> = l.split(',').collect();
                        out.push_str(&format!("{},{},{}\n", f[2], f[1], f[0]));
                    }
                    out
                })
            }),
            READ_IN_FULL,
        ),
        err(
            "Chinese column names",
            Box::new(|d| write(d, "history.csv", "店铺,时间,咨询量\nbig,2025-01-06 00:00,12\n")),
            &[
                "history.csv:1: field '店铺': unknown column; expected one of: shop, hour, inquiries",
                "history.csv:1: field 'shop': required column is missing",
            ],
        ),
        err(
            "empty header cell",
            Box::new(|d| replace(d, "pools.csv", "id,name,mode,shrinkage", "id,name,,mode,shrinkage")),
            &["pools.csv:1: column 3 has an empty header"],
        ),
        err(
            "tab-separated file",
            Box::new(|d| map_files(d, &["history.csv"], |t| t.replace(',', "\t"))),
            &["history.csv:1: the header is separated by '\\t', not commas"],
        ),
        err(
            "semicolon-separated file (European Excel)",
            Box::new(|d| map_files(d, &["pools.csv"], |t| t.replace(',', ";"))),
            &["pools.csv:1: the header is separated by ';', not commas"],
        ),
    ]
}

/// Replaces the first history row of shop `big` (2025-01-06 00:00) by `hour`.
fn first_hour(hour: &'static str) -> Setup {
    Box::new(move |d| {
        replace(
            d,
            "history.csv",
            "big,2025-01-06 00:00,",
            &format!("big,{hour},"),
        )
    })
}

/// Writes shop big's history as `hours` (one inquiry each); the other shops keep theirs.
fn big_history(hours: &'static [&'static str]) -> Setup {
    Box::new(move |d| {
        let mut t = String::from("shop,hour,inquiries,new_customers,returning_customers\n");
        for h in hours {
            t.push_str(&format!("big,{h},1,,\n"));
        }
        t.push_str("tea,2025-01-06 09:00,5,3,2\nbooks,2025-01-06 08:00,4,,\n");
        write(d, "history.csv", &t);
    })
}

fn timestamp_cases() -> Vec<Case> {
    vec![
        ok(
            "offset +08:00 is China time as is",
            first_hour("2025-01-06T00:00:00+08:00"),
            &["History: 2025-01-06 00:00:00 .. 2025-01-06 10:00:00", "big               3 hours"],
        ),
        ok(
            "UTC 'Z' timestamp is converted to China time",
            first_hour("2025-01-05T16:00:00Z"),
            &["History: 2025-01-06 00:00:00 .. 2025-01-06 10:00:00", "big               3 hours"],
        ),
        ok(
            "negative offset is converted to China time",
            first_hour("2025-01-05 11:00-05:00"),
            &["History: 2025-01-06 00:00:00 .. 2025-01-06 10:00:00", "big               3 hours"],
        ),
        err(
            "time zone name instead of an offset",
            first_hour("2025-01-06 00:00 CST"),
            &["history.csv:2: field 'hour': '2025-01-06 00:00 CST' is not a timestamp", "give an offset such as +08:00"],
        ),
        err(
            "half-hour offset lands off the hour in China time",
            first_hour("2025-01-06 00:00+05:30"),
            &["history.csv:2: field 'hour': '2025-01-06 00:00+05:30' is not on the hour"],
        ),
        err(
            "timestamp with minutes",
            first_hour("2025-01-06 00:15"),
            &["history.csv:2: field 'hour': '2025-01-06 00:15' is not on the hour"],
        ),
        err(
            "timestamp with seconds",
            first_hour("2025-01-06 00:00:30"),
            &["history.csv:2: field 'hour': '2025-01-06 00:00:30' is not on the hour"],
        ),
        err(
            "date without a time in an hourly file",
            first_hour("2025-01-06"),
            &["history.csv:2: field 'hour': '2025-01-06' is not a timestamp"],
        ),
        err(
            "Excel serial timestamp",
            first_hour("45663.0416666667"),
            &["history.csv:2: field 'hour': '45663.0416666667' is not a timestamp", "Excel serial date (2025-01-06 01:00)"],
        ),
        err(
            "Excel serial date in the calendar",
            Box::new(|d| replace(d, "calendar.csv", "2025-01-01,,statutory", "45658,,statutory")),
            &["calendar.csv:2: field 'start': '45658' is not a date", "Excel serial date (2025-01-01)"],
        ),
        ok(
            "slashes in dates and unpadded fields",
            Box::new(|d| {
                replace(d, "history.csv", "big,2025-01-06 01:00,", "big,2025/1/6 1:00,");
                replace(d, "calendar.csv", "2025-01-01,,statutory", "2025/1/1,,statutory");
            }),
            READ_IN_FULL,
        ),
        ok(
            "offsets across a US spring-forward DST change are consecutive China hours",
            big_history(&["2025-03-09T01:00:00-05:00", "2025-03-09T03:00:00-04:00", "2025-03-09T04:00:00-04:00"]),
            &["History: 2025-01-06 08:00:00 .. 2025-03-09 16:00:00", "big               3 hours"],
        ),
        ok(
            "offsets across a US fall-back DST change keep the repeated local hour apart",
            big_history(&["2025-11-02T00:00:00-04:00", "2025-11-02T01:00:00-04:00", "2025-11-02T01:00:00-05:00"]),
            &["2025-11-02 14:00:00", "big               3 hours"],
        ),
        err(
            "naive local times repeating an hour at a DST fall-back",
            big_history(&["2025-11-02 00:00", "2025-11-02 01:00", "2025-11-02 01:00"]),
            &["history.csv:4: field 'hour': duplicate hour 2025-11-02 01:00:00 for shop 'big' (also on line 3)"],
        ),
        ok(
            "naive local times skipping an hour at a DST spring-forward leave a gap",
            big_history(&["2025-03-09 00:00", "2025-03-09 01:00", "2025-03-09 03:00"]),
            &[
                "History: 2025-01-06 08:00:00 .. 2025-03-09 03:00:00",
                "big               3 hours",
            ],
        ),
    ]
}

fn number_and_id_cases() -> Vec<Case> {
    vec![
        ok(
            "quoted volume with a thousands separator",
            Box::new(|d| replace(d, "history.csv", "00:00,12,8,4", "00:00,\"1,234\",,")),
            &["big               3 hours,    1244 inquiries/day"],
        ),
        ok(
            "thousands separators in wages and decimals",
            Box::new(|d| {
                replace(d, "agents.csv", ",4800,month", ",\"4,800.00\",month");
                replace(d, "history.csv", "00:00,12,8,4", "00:00,\"1,000.0\",,");
            }),
            &["big               3 hours,    1010 inquiries/day"],
        ),
        err(
            "misplaced thousands separator",
            Box::new(|d| replace(d, "history.csv", "00:00,12,8,4", "00:00,\"12,34\",,")),
            &[
                "history.csv:2: field 'inquiries': '12,34' is not a number",
                "thousands separators must group 3 digits",
            ],
        ),
        err(
            "full-width digits",
            Box::new(|d| replace(d, "history.csv", "00:00,12,8,4", "00:00,１２,,")),
            &["history.csv:2: field 'inquiries': '１２' is not a number"],
        ),
        ok(
            "ids with inner spaces",
            Box::new(|d| {
                map_files(d, &["shops.csv", "history.csv"], |t| {
                    t.replace("books", "jd books")
                });
                map_files(d, &["pools.csv", "shops.csv", "agents.csv"], |t| {
                    t.replace("p_small", "small desk")
                });
            }),
            &[
                "small desk",
                "shops: tea, jd books",
                "jd books          2 hours",
            ],
        ),
        ok(
            "Chinese ids",
            Box::new(|d| {
                map_files(d, &["shops.csv", "history.csv", "calendar.csv"], |t| {
                    t.replace("tea,", "茶叶店,")
                });
                map_files(d, &["pools.csv", "shops.csv", "agents.csv"], |t| {
                    t.replace("p_big", "旗舰坐席")
                });
            }),
            &["旗舰坐席", "shops: 茶叶店, books"],
        ),
        ok(
            "spaces around ids are trimmed",
            Box::new(|d| {
                replace(
                    d,
                    "history.csv",
                    "big,2025-01-06 01:00",
                    "  big  ,2025-01-06 01:00",
                )
            }),
            READ_IN_FULL,
        ),
        err(
            "ids are case-sensitive",
            Box::new(|d| {
                replace(
                    d,
                    "history.csv",
                    "big,2025-01-06 01:00",
                    "Big,2025-01-06 01:00",
                )
            }),
            &["history.csv:3: field 'shop': unknown shop 'Big'"],
        ),
        err(
            "id with a semicolon",
            Box::new(|d| replace(d, "pools.csv", "p_small,", "p;small,")),
            &["pools.csv:3: field 'id': id 'p;small' contains ';'"],
        ),
        err(
            "id with a quoted comma",
            Box::new(|d| replace(d, "shops.csv", "\nbooks,", "\n\"books, jd\",")),
            &["shops.csv:4: field 'id': id 'books, jd' contains ','"],
        ),
        err(
            "a spreadsheet total row",
            Box::new(|d| {
                let mut t = read(d, "history.csv");
                t.push_str("合计,,37,,\n");
                write(d, "history.csv", &t);
            }),
            &["history.csv:9: field 'shop': unknown shop '合计'"],
        ),
    ]
}

fn requirements(dir: &Path) -> String {
    // One seat around the clock in p_big, 09–22 h in p_small, Mon 2025-01-13 .. Sun.
    let mut t = String::from("pool,hour,scheduled_seats\n");
    for day in 13..20 {
        for h in 0..24 {
            t.push_str(&format!("p_big,2025-01-{day} {h:02}:00,1\n"));
            if (9..22).contains(&h) {
                t.push_str(&format!("p_small,2025-01-{day} {h:02}:00,1\n"));
            }
        }
    }
    let path = dir.join("requirements.csv");
    fs::write(&path, t).unwrap();
    path.display().to_string()
}

fn scenario_cases() -> Vec<Case> {
    vec![
        Case {
            name: "a week with no agents: every required seat-hour is short",
            setup: Box::new(|d| write(d, "agents.csv", "id,contract,pools,night_ok,min_week_hours,max_week_hours,wage\n")),
            args: ROSTER,
            code: 0,
            expect: s(&[
                "warning: pool 'p_big' needs 168 seat-hours but no agent serves it",
                "0 shifts",
                "SHORT 259 seat-hours",
            ]),
            absent: vec![],
        },
        Case {
            name: "a week every agent is unavailable",
            setup: Box::new(|d| {
                map_files(d, &["agents.csv"], |t| {
                    let mut out = String::new();
                    for (i, l) in t.lines().enumerate() {
                        if i == 0 {
                            out.push_str(l);
                        } else {
                            let cut = l.rfind(',').unwrap();
                            out.push_str(&format!("{},2025-01-12..2025-01-20", &l[..cut]));
                        }
                        out.push('\n');
                    }
                    out
                })
            }),
            args: ROSTER,
            code: 0,
            expect: s(&["0 shifts", "SHORT 259 seat-hours"]),
            absent: vec![],
        },
        err(
            "a pool with no shops",
            Box::new(|d| {
                let mut t = read(d, "pools.csv");
                t.push_str("p_empty,Nobody,shared,\n");
                write(d, "pools.csv", &t);
                replace(d, "agents.csv", "part_time,p_small,", "part_time,p_small;p_empty,");
            }),
            &["pools.csv:4: field 'id': pool 'p_empty' has no shop"],
        ),
        ok(
            "a 24-hour pool with no night-eligible agent is a warning",
            Box::new(|d| replace(d, "agents.csv", "full_time,p_big,yes", "full_time,p_big,no")),
            &["warning: pool 'p_big' is open 24 h but none of its agents may work nights"],
        ),
        Case {
            name: "a 24-hour pool with no night-eligible agent leaves the nights short",
            setup: Box::new(|d| replace(d, "agents.csv", "full_time,p_big,yes", "full_time,p_big,no")),
            args: ROSTER,
            code: 0,
            expect: s(&[
                "only night shifts cover, but none of its agents may work nights",
                "SHORT",
                "rule check: 0 hard violations",
            ]),
            absent: vec![],
        },
        ok(
            "a calendar far outside the history is kept and ignored",
            Box::new(|d| {
                write(d, "calendar.csv", "start,end,kind,name,shop,uplift\n1990-01-01,,statutory,元旦,,\n2099-11-10,2099-11-11,peak,双11,,\n9999-12-30,9999-12-31,closed,end of days,,\n")
            }),
            &["Calendar: 3 entries (1990-01-01..9999-12-31); in history span: none"],
        ),
        err(
            "contradictory rules: a night threshold longer than the night window",
            Box::new(|d| replace(d, "rules.toml", "max_consecutive_nights = 3", "max_consecutive_nights = 3\nmin_hours_in_window = 10")),
            &["rules.toml:9: field 'night.min_hours_in_window': 10 hours in a 8-hour night window can never be reached"],
        ),
        err(
            "contradictory rules: run of working days longer than any allowed",
            Box::new(|d| replace(d, "rules.toml", "min_days_off_per_week = 2", "min_days_off_per_week = 2\nmin_consecutive_days = 7")),
            &["rules.toml:5: field 'min_consecutive_days': 7 is above max_consecutive_days 6"],
        ),
        err(
            "contradictory agent and rules: guaranteed hours above what the rules allow",
            Box::new(|d| replace(d, "agents.csv", "A1,王静,full_time,p_big,yes,,40,44", "A1,王静,full_time,p_big,yes,,44,44")),
            &["agents.csv:2: field 'min_week_hours': 44 h guaranteed, but rules.toml allows at most 5 days (min_days_off_per_week = 2) × 8 paid hours = 40 h a week"],
        ),
        err(
            "contradictory agent and rules: no shift admits the contract",
            Box::new(|d| replace(d, "rules.toml", "break_minutes = 60\n\n", "break_minutes = 60\ncontracts = [\"full_time\"]\n\n")),
            &[
                "agents.csv:4: field 'contract': no [[shift]] of rules.toml admits a part_time agent",
                "agents.csv:5: field 'contract': no [[shift]] of rules.toml admits a temporary agent",
            ],
        ),
        err(
            "contradictory agent and rules: weekly maximum below the shortest shift",
            Box::new(|d| replace(d, "agents.csv", "part_time,p_small,no,,12,28", "part_time,p_small,no,,0,4")),
            &["agents.csv:4: field 'max_week_hours': 4 h a week is less than the shortest shift this agent may work (8 paid hours)"],
        ),
        err(
            "contradictory price tiers",
            Box::new(|d| replace(d, "prices.toml", "price = 1.0", "max_daily = 100\nprice = 1.0")),
            &["prices.toml:12: field 'prices.per_inquiry_tier.max_daily': 100 must be > 0 and above the previous tier's bound"],
        ),
    ]
}

#[test]
fn every_bad_format_gets_a_specific_error_or_its_documented_reading() {
    let all: Vec<Case> = [
        encoding_cases(),
        quoting_cases(),
        line_ending_cases(),
        empty_cases(),
        column_cases(),
        timestamp_cases(),
        number_and_id_cases(),
        scenario_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(all.len() >= 40, "{} cases", all.len());
    let mut failures = Vec::new();
    for case in &all {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("scenario");
        fs::create_dir(&dir).unwrap();
        for entry in fs::read_dir(MINI).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        (case.setup)(&dir);
        let req = requirements(tmp.path());
        let out = tmp.path().join("out").display().to_string();
        let dir_s = dir.display().to_string();
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| {
                a.replace("{dir}", &dir_s)
                    .replace("{req}", &req)
                    .replace("{out}", &out)
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = common::seatplan(&args);
        let all_out = format!("{stdout}{stderr}");
        if code != case.code {
            failures.push(format!(
                "{}: exit {code}, expected {}\n{all_out}",
                case.name, case.code
            ));
            continue;
        }
        for e in &case.expect {
            if !all_out.contains(e.as_str()) {
                failures.push(format!("{}: expected {e:?} in\n{all_out}", case.name));
            }
        }
        for a in &case.absent {
            if all_out.contains(a.as_str()) {
                failures.push(format!("{}: unexpected {a:?} in\n{all_out}", case.name));
            }
        }
        if code == 1 && !stderr.contains("input problem") {
            failures.push(format!(
                "{}: exit 1 without the input-problem list\n{all_out}",
                case.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n---\n")
    );
}
