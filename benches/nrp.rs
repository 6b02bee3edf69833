//! The public shift-scheduling benchmark (Curtois & Qu instances, `tests/fixtures/nrp`)
//! and a scaled instance, solved by the roster engine.
//!
//! `cargo bench --bench nrp` prints the README's table (which adds each instance's size from
//! its file; `inst=` with all 24 for the whole table): each instance at a 60 s limit with the
//! objective recomputed from the roster, the best known value, the gap to it, the bound, the
//! seconds and the hard violations found by the roster checker. Options (after `--`):
//!
//! * `inst=1,2,3` — instances (default 1–8; all 24 are in the fixtures); `time=60` — seconds
//!   per instance, building the model included;
//! * `strategy=portfolio|single|polish|auto` (default portfolio); `seed=0`;
//! * `runs=3` — each instance that many times, with seeds `seed`, `seed + 1`, …, then a
//!   second table with each instance's spread (lowest, median and highest objective, runs at
//!   the best known value, runs proved optimal): the portfolio's threads exchange rosters at moments that depend on
//!   timing, so one run of an instance says little;
//! * `scale=52x150` — instead, a synthetic instance of 52 weeks × 150 staff tiled from
//!   instance 8 (same contracts, shift types and successions; cover scaled with the staff;
//!   days off and requests tiled), as the larger benchmark instances are.

use seatplan::io::{read_nrp, NrpInstance};
use seatplan::schedule::{solve_nrp, RosterOptions, SolveOptions, Strategy};
use std::fmt::Write as _;

/// Best known values (schedulingbenchmarks.org, as tabled in Jij-Inc/JijBench's README).
const BEST: [(u32, f64); 24] = [
    (1, 607.0),
    (2, 828.0),
    (3, 1001.0),
    (4, 1716.0),
    (5, 1143.0),
    (6, 1950.0),
    (7, 1056.0),
    (8, 1300.0),
    (9, 439.0),
    (10, 4631.0),
    (11, 3443.0),
    (12, 4040.0),
    (13, 1348.0),
    (14, 1278.0),
    (15, 3831.0),
    (16, 3225.0),
    (17, 5746.0),
    (18, 4459.0),
    (19, 3149.0),
    (20, 4769.0),
    (21, 21133.0),
    (22, 30244.0),
    (23, 17428.0),
    (24, 42463.0),
];

fn fixture(i: u32) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/nrp/Instance{i}.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// Instance 8 tiled to `weeks` weeks and `staff` employees, as benchmark text.
fn scaled(weeks: usize, staff: usize) -> String {
    let base = read_nrp("Instance8.txt", &fixture(8)).expect("instance 8");
    let days = weeks * 7;
    let tiles = days.div_ceil(base.days);
    let copies = staff.div_ceil(base.problem.agents.len());
    let ratio = days as f64 / base.days as f64;
    let mut t = format!("SECTION_HORIZON\n{days}\n\nSECTION_SHIFTS\n");
    for s in &base.problem.rules.shifts {
        let len = s.length_minutes;
        let _ = writeln!(t, "{},{},{}", s.id, len, s.not_followed_by.join("|"));
    }
    t.push_str("\nSECTION_STAFF\n");
    let mut ids = Vec::new();
    for c in 0..copies {
        for a in &base.problem.agents {
            if ids.len() == staff {
                break;
            }
            let id = format!("{}{c}", a.id);
            let l = &a.limits;
            let max_shifts: Vec<String> = l
                .max_shifts
                .iter()
                .map(|(s, n)| format!("{s}={}", (*n as f64 * ratio).round() as u32))
                .collect();
            let _ = writeln!(
                t,
                "{id},{},{},{},{},{},{},{}",
                max_shifts.join("|"),
                (l.max_total_minutes.unwrap_or(0) as f64 * ratio).round() as u32,
                (l.min_total_minutes.unwrap_or(0) as f64 * ratio).round() as u32,
                l.max_consecutive_days.unwrap_or(5),
                l.min_consecutive_days.unwrap_or(1),
                l.min_consecutive_days_off.unwrap_or(1),
                (l.max_weekends.unwrap_or(1) as f64 * ratio).round() as u32,
            );
            ids.push((id, a.id.clone()));
        }
    }
    let start = base.problem.horizon.start;
    t.push_str("\nSECTION_DAYS_OFF\n");
    for (id, orig) in &ids {
        let a = base.problem.agents.iter().find(|x| x.id == *orig).unwrap();
        let mut off = Vec::new();
        for tile in 0..tiles {
            for r in &a.unavailable {
                let d = (r.start - start).num_days() as usize + tile * base.days;
                if d < days {
                    off.push(d.to_string());
                }
            }
        }
        if !off.is_empty() {
            let _ = writeln!(t, "{id},{}", off.join(","));
        }
    }
    for (section, on) in [("ON", true), ("OFF", false)] {
        let _ = writeln!(t, "\nSECTION_SHIFT_{section}_REQUESTS");
        for (id, orig) in &ids {
            for tile in 0..tiles {
                for r in base
                    .requests
                    .iter()
                    .filter(|r| r.employee == *orig && r.on == on)
                {
                    let d = r.day + tile * base.days;
                    if d < days {
                        let _ = writeln!(t, "{id},{d},{},{}", r.shift, r.weight);
                    }
                }
            }
        }
    }
    t.push_str("\nSECTION_COVER\n");
    let scale = ids.len() as f64 / base.problem.agents.len() as f64;
    for tile in 0..tiles {
        for c in &base.cover {
            let d = c.day + tile * base.days;
            if d < days {
                let _ = writeln!(
                    t,
                    "{d},{},{},{},{}",
                    c.shift,
                    (c.required as f64 * scale).round() as u32,
                    c.under_weight,
                    c.over_weight
                );
            }
        }
    }
    t
}

/// One run: the table row, the objective and whether it was proved optimal.
fn solve(
    name: &str,
    inst: &NrpInstance,
    opts: &RosterOptions,
    best: Option<f64>,
) -> (String, f64, bool) {
    let r = solve_nrp(inst, opts).expect("solve");
    let (best_s, gap_best) = match best {
        Some(b) => (
            format!("{b}"),
            format!("{:.1} %", 100.0 * (r.score.total - b) / b),
        ),
        None => ("–".into(), "–".into()),
    };
    eprintln!(
        "{name}: requests {} under {} over {}; {}",
        r.score.requests, r.score.under, r.score.over, r.status
    );
    let row = format!(
        "| {name} | {} | {best_s} | {gap_best} | {:.0}{} | {:.1} | {} | {} |",
        r.score.total,
        r.bound,
        if r.proven_optimal { " (optimal)" } else { "" },
        r.seconds,
        r.hard_violations,
        load()
    );
    (row, r.score.total, r.proven_optimal)
}

/// The spread of one instance's runs as a table row: lowest, median and highest objective,
/// how many runs reached the best known value and how many proved optimality.
fn spread(name: &str, runs: &[(f64, bool)], best: Option<f64>) -> String {
    let mut objectives: Vec<f64> = runs.iter().map(|r| r.0).collect();
    objectives.sort_by(f64::total_cmp);
    let n = objectives.len();
    let median = if n % 2 == 1 {
        objectives[n / 2]
    } else {
        (objectives[n / 2 - 1] + objectives[n / 2]) / 2.0
    };
    let at_best = best.map_or(0, |b| objectives.iter().filter(|&&o| o <= b).count());
    format!(
        "| {name} | {n} | {} | {median} | {} | {} | {at_best} | {} |",
        objectives[0],
        objectives[n - 1],
        best.map_or("–".into(), |b| b.to_string()),
        runs.iter().filter(|r| r.1).count()
    )
}

/// The machine's 1-minute load average (`/proc/loadavg`): the 2 cores are shared, so a
/// measurement says what else was running.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "–".into())
}

fn main() {
    let mut inst: Vec<u32> = (1..=8).collect();
    let mut time = 60.0;
    let mut strategy = Strategy::Portfolio;
    let mut seed = 0;
    let mut scale: Option<(usize, usize)> = None;
    let mut runs = 1u64;
    for a in std::env::args().skip(1) {
        if let Some(v) = a.strip_prefix("inst=") {
            inst = v.split(',').filter_map(|x| x.parse().ok()).collect();
        } else if let Some(v) = a.strip_prefix("time=") {
            time = v.parse().expect("time");
        } else if let Some(v) = a.strip_prefix("runs=") {
            runs = v.parse::<u64>().expect("runs").max(1);
        } else if let Some(v) = a.strip_prefix("seed=") {
            seed = v.parse().expect("seed");
        } else if let Some(v) = a.strip_prefix("strategy=") {
            strategy = match v {
                "single" => Strategy::Single,
                "polish" => Strategy::Polish,
                "auto" => Strategy::Auto,
                _ => Strategy::Portfolio,
            };
        } else if let Some(v) = a.strip_prefix("scale=") {
            let (w, s) = v.split_once('x').expect("scale=WEEKSxSTAFF");
            scale = Some((w.parse().expect("weeks"), s.parse().expect("staff")));
        }
    }
    let opts = RosterOptions {
        solve: SolveOptions {
            time_limit_seconds: time,
            mip_rel_gap: 0.0,
        },
        strategy,
        seed,
        threads: 0,
    };
    println!(
        "| instance | objective | best known | gap to best | bound | seconds | hard violations | load |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    if let Some((w, s)) = scale {
        let text = scaled(w, s);
        let t0 = std::time::Instant::now();
        let inst = read_nrp("scaled", &text).expect("scaled instance");
        eprintln!(
            "scaled {w} weeks × {} staff: read in {:.2} s",
            inst.problem.agents.len(),
            t0.elapsed().as_secs_f64()
        );
        println!("{}", solve(&format!("{w}w×{s}"), &inst, &opts, None).0);
        return;
    }
    let mut spreads = Vec::new();
    for i in inst {
        let text = fixture(i);
        let inst = read_nrp(&format!("Instance{i}.txt"), &text).expect("instance");
        let best = BEST.iter().find(|b| b.0 == i).map(|b| b.1);
        let mut results = Vec::new();
        for k in 0..runs {
            let opts = RosterOptions {
                seed: seed + k,
                ..opts
            };
            let name = if runs > 1 {
                format!("{i} (seed {})", seed + k)
            } else {
                i.to_string()
            };
            let (row, objective, proved) = solve(&name, &inst, &opts, best);
            println!("{row}");
            results.push((objective, proved));
        }
        spreads.push(spread(&i.to_string(), &results, best));
    }
    if runs > 1 {
        println!();
        println!("| instance | runs | lowest | median | highest | best known | at best known | proved optimal |");
        println!("|---|---|---|---|---|---|---|---|");
        for row in spreads {
            println!("{row}");
        }
    }
}
