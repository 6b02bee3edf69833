//! The public shift-scheduling benchmark (Curtois & Qu instances 1–24 in `tests/fixtures/nrp`;
//! 1–9, 16 and 20 solved here): the importer, the objective recomputed from a roster, and the
//! solver — instance 1 to its proven optimum 607 (and stopping on the proof), the others with short
//! limits to a roster that keeps every hard rule and never scores below the best lower bound
//! (which would mean a misread rule).

use seatplan::io::{read_nrp, NrpInstance};
use seatplan::schedule::{
    check_roster, generation_bound, solve_nrp, NrpResult, RosterOptions, SolveOptions, Strategy,
};

const LOWER_BOUNDS: [f64; 8] = [607.0, 828.0, 1001.0, 1716.0, 1143.0, 1950.0, 1056.0, 1300.0];

fn fixture(i: usize) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/nrp/Instance{i}.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Instance `i` of the fixtures, read under its file name.
fn instance(i: usize) -> NrpInstance {
    read_nrp(&format!("Instance{i}.txt"), &fixture(i)).unwrap()
}

/// The solving tests take turns: each solve uses every core, and a construction starved of CPU
/// by a neighbouring solve can reach its time limit with a hard minimum still unmet.
fn solver_turn() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    TURN.lock().unwrap_or_else(|p| p.into_inner())
}

fn opts(seconds: f64) -> RosterOptions {
    RosterOptions {
        solve: SolveOptions {
            time_limit_seconds: seconds,
            mip_rel_gap: 0.0,
        },
        strategy: Strategy::Portfolio,
        seed: 0,
        threads: 0,
    }
}

#[test]
fn instances_import_with_their_sizes() {
    // (instance, days, staff, shift types) as schedulingbenchmarks.org tables them: all 24
    // (11–15, 17 and 19–24 converted from JijBench's JSON copies, see SOURCE.md).
    let sizes = [
        (1, 14, 8, 1),
        (2, 14, 14, 2),
        (3, 14, 20, 3),
        (4, 28, 10, 2),
        (5, 28, 16, 2),
        (6, 28, 18, 3),
        (7, 28, 20, 3),
        (8, 28, 30, 4),
        (9, 28, 36, 4),
        (10, 28, 40, 5),
        (11, 28, 50, 6),
        (12, 28, 60, 10),
        (13, 28, 120, 18),
        (14, 42, 32, 4),
        (15, 42, 45, 6),
        (16, 56, 20, 3),
        (17, 56, 32, 4),
        (18, 84, 22, 3),
        (19, 84, 40, 5),
        (20, 182, 50, 6),
        (21, 182, 100, 8),
        (22, 364, 50, 10),
        (23, 364, 100, 16),
        (24, 364, 150, 32),
    ];
    for &(i, days, staff, types) in &sizes {
        let inst = instance(i);
        assert_eq!(inst.days, days);
        assert_eq!(inst.problem.horizon.days(), days);
        assert_eq!(inst.problem.agents.len(), staff);
        assert_eq!(inst.shifts.len(), types);
        assert_eq!(inst.cover.len(), days * types, "instance {i}");
    }
    // Instance 3: L may not be followed by E or D; staff A may work no L; day 0 is a Monday.
    let inst = instance(3);
    let rules = &inst.problem.rules;
    assert_eq!(rules.shift("L").unwrap().not_followed_by, vec!["E", "D"]);
    let a = &inst.problem.agents[0];
    assert_eq!(a.limits.max_shifts.get("L"), Some(&0));
    assert_eq!(a.limits.max_total_minutes, Some(4320));
    assert_eq!(a.limits.min_total_minutes, Some(3360));
    assert_eq!(a.limits.max_consecutive_days, Some(5));
    assert_eq!(a.limits.min_consecutive_days, Some(2));
    assert_eq!(a.limits.min_consecutive_days_off, Some(2));
    assert_eq!(a.limits.max_weekends, Some(1));
    assert_eq!(
        chrono::Datelike::weekday(&inst.problem.horizon.start),
        chrono::Weekday::Mon
    );
}

#[test]
fn objective_is_recomputed_from_the_roster() {
    let inst = instance(1);
    // The empty roster: every cover line short, every on-request missed.
    let empty = seatplan::schedule::Roster::default();
    let s = inst.objective(&empty);
    let cover: f64 = inst
        .cover
        .iter()
        .map(|c| c.required as f64 * c.under_weight)
        .sum();
    let on: f64 = inst
        .requests
        .iter()
        .filter(|r| r.on)
        .map(|r| r.weight)
        .sum();
    assert_eq!((s.under, s.over, s.requests), (cover, 0.0, on));
    assert_eq!(s.total, cover + on);
}

#[test]
fn instance_1_reaches_its_proven_optimum_607() {
    let _turn = solver_turn();
    let inst = instance(1);
    let r = solve_nrp(&inst, &opts(60.0)).unwrap();
    assert_eq!(r.hard_violations, 0, "{:?}", r.violations);
    assert_eq!(r.score.total, 607.0, "{:?}", r.score);
    assert!((r.model_objective - 607.0).abs() < 1e-6);
    // The whole MIP proves it: the bound (rounded up, every weight being whole) meets the
    // objective, the result says so, and the solve stopped on the proof, not the time limit.
    assert_eq!(r.bound, 607.0);
    assert_eq!(r.gap, 0.0);
    assert!(r.proven_optimal, "{}", r.status);
    assert!(r.status.starts_with("Optimal"), "{}", r.status);
    // The roster passes the same checker as check-roster.
    assert!(check_roster(&inst.problem, &r.roster)
        .iter()
        .all(|v| !v.hard));
}

#[test]
fn the_polish_alone_bounds_by_the_lp_relaxation() {
    // Without the whole MIP beside it, the polish's LP relaxation is the bound: above the
    // trivial 0, and no higher than the proven optimum 607.
    let _turn = solver_turn();
    let inst = instance(1);
    let mut o = opts(3.0);
    o.strategy = Strategy::Polish;
    let r = solve_nrp(&inst, &o).unwrap();
    assert_sound("instance 1 (polish alone)", &r, 607.0);
    assert!(r.bound > 0.0 && r.bound <= 607.0, "bound {}", r.bound);
}

/// A solved instance keeps every hard rule, never scores below the best lower bound `lower`
/// (that would mean a misread rule), prices exactly the benchmark objective, and reports a
/// bound no higher than its objective.
fn assert_sound(name: &str, r: &NrpResult, lower: f64) {
    assert_eq!(
        r.hard_violations,
        0,
        "{name}: {:?}",
        r.violations.iter().filter(|v| v.hard).collect::<Vec<_>>()
    );
    assert!(
        r.score.total >= lower - 1e-6,
        "{name}: objective {} below the best lower bound {lower}",
        r.score.total
    );
    // The model prices exactly the benchmark objective.
    assert!(
        (r.model_objective - r.score.total).abs() < 1e-6,
        "{name}: model {} vs recomputed {}",
        r.model_objective,
        r.score.total
    );
    assert!(
        r.bound <= r.score.total,
        "{name}: bound {} above {}",
        r.bound,
        r.score.total
    );
}

#[test]
fn instances_2_to_8_keep_every_hard_rule_and_respect_the_lower_bounds() {
    let _turn = solver_turn();
    for i in 2..=8 {
        let inst = instance(i);
        // Instance 8 (30 staff, 4 shift types) needs its construction to finish under load.
        let seconds = match i {
            2 | 3 => 4.0,
            8 => 20.0,
            _ => 8.0,
        };
        let r = solve_nrp(&inst, &opts(seconds)).unwrap();
        assert_sound(&format!("instance {i}"), &r, LOWER_BOUNDS[i - 1]);
    }
}

#[test]
fn column_generation_on_instance_7_converges_to_its_one_bound_under_the_optimum() {
    // Column generation's converged bound is the optimum of the master LP — the relaxation
    // over the convex hull of each agent's schedules — so it is one number whatever the
    // rounds' path: 1,054.08 on instance 7, above the compact LP's 944.55 and the whole MIP's
    // 953, and under the proven optimum 1,056 (a bound above it would mean a misread rule).
    let _turn = solver_turn();
    let g = generation_bound(&instance(7).problem, 500).unwrap();
    assert!(g.converged, "{g:?}");
    assert!((g.bound - 1054.08).abs() < 0.01, "{g:?}");
    assert!(g.bound <= LOWER_BOUNDS[6], "{g:?}");
}

#[test]
fn instance_16_eight_weeks_keeps_every_hard_rule_in_a_short_limit() {
    // One of the larger instances (8 weeks, 20 staff, 3 shift types; best known and best lower
    // bound 3225): a roster that keeps every hard rule within 30 s, priced exactly.
    let _turn = solver_turn();
    let inst = instance(16);
    let r = solve_nrp(&inst, &opts(30.0)).unwrap();
    assert_sound("instance 16", &r, 3225.0);
}

#[test]
fn instance_20_half_a_year_is_swept_in_windows_and_keeps_every_hard_rule() {
    // 26 weeks, 50 staff, 6 shift types: the agents have more shift variables than one sweep
    // sub-MIP takes, so the construction sweeps windows of days (26 here), the path of every
    // long horizon. A roster that keeps every hard rule within 20 s, priced exactly; no
    // published lower bound is asserted, only the trivial 0.
    let _turn = solver_turn();
    let inst = instance(20);
    let r = solve_nrp(&inst, &opts(20.0)).unwrap();
    assert_sound("instance 20", &r, 0.0);
    // Far below the empty roster's price: the sweep and polish did their work.
    let empty = inst.objective(&seatplan::schedule::Roster::default()).total;
    assert!(
        r.score.total < empty / 10.0,
        "{} vs empty {empty}",
        r.score.total
    );
}

#[test]
fn instance_9_thirty_six_staff_ends_near_the_best_known_in_a_short_limit() {
    // 4 weeks, 36 staff, 4 shift types; best known and best lower bound 439. The construction
    // alone leaves thousands (whole cover lines short); the polish (scattered-days
    // neighbourhoods, the MIP's thread handed over) brings it to 456–472 at 30–60 s on this
    // machine under load 3–4. Asserted with a wide margin: within half of the best known.
    let _turn = solver_turn();
    let inst = instance(9);
    let r = solve_nrp(&inst, &opts(30.0)).unwrap();
    assert_sound("instance 9", &r, 439.0);
    assert!(r.score.total <= 1.5 * 439.0, "{:?} ({})", r.score, r.status);
}

/// (edit of instance 1, expected substring of the error)
fn bad_cases() -> Vec<(String, &'static str)> {
    // The files have CRLF line ends (read as they are by the other tests); edits use LF.
    let base = fixture(1).replace("\r\n", "\n");
    vec![
        (
            base.replace("SECTION_COVER", "SECTION_COVERS"),
            "x.txt:65: unknown section SECTION_COVERS",
        ),
        (
            format!("14\n{base}"),
            "x.txt:1: data before the first SECTION_ line",
        ),
        (
            base.replace("D,480,", "D,480"),
            "x.txt:9: expected 3 fields",
        ),
        (
            base.replace("D,480,", "D,abc,"),
            "x.txt:9: field 'Length': 'abc' is not a shift length",
        ),
        (
            base.replace("A,D=14,4320,3360,5,2,2,1", "A,D=14,4320,3360,5,2,2"),
            "x.txt:13: expected 8 fields",
        ),
        (
            base.replace("A,D=14,4320", "A,X=14,4320"),
            "x.txt:13: field 'MaxShifts': unknown shift 'X'",
        ),
        (
            base.replace("A,D=14,4320,3360", "A,D=14,3000,3360"),
            "x.txt:13: field 'MinTotalMinutes': 3360 is above MaxTotalMinutes 3000",
        ),
        (
            base.replace("\nA,0\n", "\nZ,0\n"),
            "x.txt:24: field 'EmployeeID': unknown employee 'Z'",
        ),
        (
            base.replace("\nA,0\n", "\nA,14\n"),
            "x.txt:24: field 'DayIndexes': day 14 is outside the horizon of 14 days",
        ),
        (
            base.replace("A,2,D,2", "A,2,N,2"),
            "x.txt:35: field 'ShiftID': unknown shift 'N'",
        ),
        (base.replace("0,D,5,100,1", "0,D,five,100,1"), "x.txt:67"),
        (
            base.replace("13,D,4,100,1", "13,D,4,100,1\n13,D,4,100,1"),
            "is given twice (first on line 80)",
        ),
        (
            base.replace("SECTION_HORIZON", "SECTION_X")
                .replace("\n14\n", "\n"),
            "no SECTION_HORIZON value",
        ),
    ]
}

#[test]
fn malformed_instances_are_named_with_their_lines() {
    for (text, expect) in bad_cases() {
        let err = match read_nrp("x.txt", &text) {
            Ok(_) => panic!("no error for the case expecting {expect:?}"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains(expect), "expected {expect:?} in:\n{err}");
    }
}
