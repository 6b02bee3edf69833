//! Hand-computed examples of the cost model: the hourly-rate divisor, each pay multiplier,
//! overtime under both hours systems, night allowance, social insurance, idle guaranteed
//! hours, temporaries, per-FTE overhead and supervision, and the allocation to shops.
//!
//! Cost parameters are the demo's `prices.toml`: social insurance 32 %, night allowance 30 CNY
//! a shift, multipliers 1.5 / 2.0 / 3.0, temp day rate 180, equipment 150 + software 120 + site
//! 450 per seat-month, a team lead (8,500) per 15 agents, a QA (7,000) per 40.

use chrono::NaiveDate;
use seatplan::cost::{
    allocate_to_shops, hourly_wage, overtime_hours, roster_cost, statutory_expectation,
    CostCategories, WEEKS_PER_MONTH,
};
use seatplan::io::{read_prices, read_rules};
use seatplan::model::{
    Agent, BillingPlan, Calendar, CalendarEntry, Channel, Contract, DateRange, DayKind, DayType,
    Demand, History, Platform, Pool, PoolMode, PriceBook, Rules, Scenario, ServiceHours, Shop,
    WageBasis,
};
use seatplan::schedule::{Roster, RosterProblem, Slot};
use std::collections::BTreeMap;

const EPS: f64 = 1e-6;

fn rules(system: &str, toil: bool) -> Rules {
    let text = format!(
        r#"
hours_system = "{system}"
min_days_off_per_week = 1
[holiday]
time_off_in_lieu = {toil}
[[shift]]
id = "day"
start = "09:00"
end = "18:00"
break_minutes = 60
contracts = ["full_time", "part_time", "temporary"]
[[shift]]
id = "long"
start = "08:00"
end = "19:00"
break_minutes = 60
contracts = ["full_time"]
[[shift]]
id = "night"
start = "23:00"
end = "08:00"
break_minutes = 60
contracts = ["full_time"]
"#
    );
    let mut p = Vec::new();
    let r = read_rules("rules.toml", &text, &mut p);
    assert!(p.is_empty(), "{p:?}");
    r.unwrap()
}

fn book() -> PriceBook {
    let mut p = Vec::new();
    let text = std::fs::read_to_string("data/demo/prices.toml").unwrap();
    let b = read_prices("prices.toml", &text, &mut p);
    assert!(p.is_empty(), "{p:?}");
    b.unwrap()
}

fn agent(id: &str, contract: Contract, wage: f64, basis: WageBasis, pools: &[&str]) -> Agent {
    Agent {
        id: id.into(),
        name: id.into(),
        contract,
        pools: pools.iter().map(|p| p.to_string()).collect(),
        night_ok: true,
        protection: None,
        min_week_hours: if contract == Contract::FullTime {
            40.0
        } else {
            0.0
        },
        max_week_hours: 60.0,
        wage,
        wage_basis: basis,
        unavailable: Vec::new(),
        limits: Default::default(),
    }
}

fn shop(id: &str, pool: &str) -> Shop {
    Shop {
        id: id.into(),
        name: id.into(),
        platform: Platform::Taobao,
        pool: pool.into(),
        channel: Channel::Chat,
        service_hours: ServiceHours { open: 8, hours: 16 },
        aht_seconds: 180.0,
        concurrency: 3,
        sla_target: 0.8,
        sla_seconds: 30.0,
        patience_seconds: None,
        order_value: 100.0,
        conversion: 0.2,
        plan: BillingPlan::PerInquiry,
    }
}

/// The week of Monday 2025-09-29: Wed 1 Oct is a statutory holiday (国庆节), Sat 4 Oct a
/// bridged rest day, Sun 28 Sep (before the week) a make-up day.
fn calendar() -> Calendar {
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    Calendar {
        entries: vec![
            CalendarEntry {
                dates: DateRange {
                    start: d(10, 1),
                    end: d(10, 1),
                },
                kind: DayKind::Statutory,
                name: "国庆节".into(),
                shop: None,
                uplift: None,
            },
            CalendarEntry {
                dates: DateRange {
                    start: d(10, 4),
                    end: d(10, 4),
                },
                kind: DayKind::Holiday,
                name: "国庆节".into(),
                shop: None,
                uplift: None,
            },
        ],
    }
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, 29).unwrap()
}

fn scenario(rules: Rules, agents: Vec<Agent>, cal: Calendar) -> Scenario {
    Scenario {
        pools: vec![
            Pool {
                id: "p1".into(),
                name: "p1".into(),
                mode: PoolMode::Dedicated,
                shrinkage: None,
            },
            Pool {
                id: "p2".into(),
                name: "p2".into(),
                mode: PoolMode::Shared,
                shrinkage: None,
            },
        ],
        shops: vec![shop("s1", "p1"), shop("s2", "p2"), shop("s3", "p2")],
        history: History::default(),
        calendar: cal,
        agents,
        rules,
        prices: book(),
    }
}

fn problem(s: &Scenario) -> RosterProblem {
    RosterProblem::for_week(s, monday(), BTreeMap::new(), Vec::new())
}

/// Shifts (agent, day, template, pool) as a roster.
fn roster(p: &RosterProblem, shifts: &[(&str, usize, &str, &str)]) -> Roster {
    let assignments = shifts
        .iter()
        .map(|&(a, day, t, pool)| {
            let agent = p.agents.iter().find(|x| x.id == a).unwrap();
            let template = p.template(t).unwrap();
            p.assignment(agent, Slot { day, template }, pool)
        })
        .collect();
    Roster { assignments }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < EPS, "{a} != {b}");
}

#[test]
fn hourly_rate_divisor() {
    // 4,350 / (21.75 × 8) = 4,350 / 174 = 25.00 CNY/h.
    close(hourly_wage(4350.0, &book().cost), 25.0);
    // 5,220 / 174 = 30.00 CNY/h.
    close(hourly_wage(5220.0, &book().cost), 30.0);
    // A configurable divisor: 4,350 / (20.83 × 8) = 26.104...
    let mut c = book().cost;
    c.pay_days_per_month = 20.83;
    close(hourly_wage(4350.0, &c), 4350.0 / (20.83 * 8.0));
}

/// Standard hours, no time off in lieu: Tue workday 1.0, Wed 1 Oct statutory 3.0, Sat 4 Oct
/// rest day 2.0. One 8-hour "day" shift each for an agent at 4,350/month (25 CNY/h):
/// base 3 × 8 × 25 = 600; rest-day premium (2 − 1) × 200 = 200; holiday premium
/// (3 − 1) × 200 = 400; social insurance 0.32 × (600 + 200 + 400) = 384.
#[test]
fn pay_multipliers_standard_hours() {
    let s = scenario(
        rules("standard", false),
        vec![agent(
            "a",
            Contract::PartTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        calendar(),
    );
    let p = problem(&s);
    assert_eq!(p.horizon.day_types[2], DayType::Statutory);
    assert_eq!(p.horizon.day_types[5], DayType::RestDay);
    let r = roster(
        &p,
        &[
            ("a", 1, "day", "p1"),
            ("a", 2, "day", "p1"),
            ("a", 5, "day", "p1"),
        ],
    );
    let mults: Vec<f64> = r.assignments.iter().map(|a| a.pay_multiplier).collect();
    assert_eq!(mults, vec![1.0, 3.0, 2.0]);
    let b = roster_cost(&p, &r).unwrap();
    let c = &b.cost;
    close(c.base_wages, 600.0);
    close(c.rest_day_premium, 200.0);
    close(c.holiday_premium, 400.0);
    close(c.social_insurance, 384.0);
    close(c.overtime, 0.0);
    close(c.idle_guaranteed, 0.0); // part-time, no guarantee
                                   // The same money the scheduler priced: Σ assignment.cost = 25 × 1.32 × 8 × (1 + 3 + 2).
    let sched: f64 = r.assignments.iter().map(|a| a.cost).sum();
    close(sched, 25.0 * 1.32 * 8.0 * 6.0);
    close(c.labour(), sched);
}

/// Time off in lieu: the rest day pays 1.0 (补休), the statutory day still 3.0.
#[test]
fn time_off_in_lieu_pays_rest_days_at_one() {
    let s = scenario(
        rules("standard", true),
        vec![agent(
            "a",
            Contract::PartTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        calendar(),
    );
    let p = problem(&s);
    let r = roster(&p, &[("a", 2, "day", "p1"), ("a", 5, "day", "p1")]);
    let b = roster_cost(&p, &r).unwrap();
    close(b.cost.rest_day_premium, 0.0);
    close(b.cost.holiday_premium, 400.0); // (3 − 1) × 8 × 25
}

/// Comprehensive hours: weekends and bridged days are normal days; statutory still 3.0.
#[test]
fn comprehensive_hours_multipliers() {
    let s = scenario(
        rules("comprehensive", false),
        vec![agent(
            "a",
            Contract::PartTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        calendar(),
    );
    let p = problem(&s);
    let r = roster(
        &p,
        &[
            ("a", 2, "day", "p1"),
            ("a", 5, "day", "p1"),
            ("a", 6, "day", "p1"),
        ],
    );
    let mults: Vec<f64> = r.assignments.iter().map(|a| a.pay_multiplier).collect();
    assert_eq!(mults, vec![3.0, 1.0, 1.0]);
    let b = roster_cost(&p, &r).unwrap();
    close(b.cost.rest_day_premium, 0.0);
    close(b.cost.holiday_premium, 400.0);
}

/// Standard hours, a normal week (Mon 2025-03-03): five "long" shifts of 10 paid hours on the
/// workdays = 50 h. Daily overtime 5 × (10 − 8) = 10 h, weekly remainder 5 × 8 − 40 = 0 →
/// 10 h × 25 × (1.5 − 1) = 125 CNY overtime premium, plus social insurance 0.32 × 125 = 40.
#[test]
fn weekday_overtime_standard() {
    let s = scenario(
        rules("standard", false),
        vec![agent(
            "a",
            Contract::FullTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        Calendar::default(),
    );
    let p = RosterProblem::for_week(
        &s,
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
        BTreeMap::new(),
        Vec::new(),
    );
    let r = roster(
        &p,
        &(0..5).map(|d| ("a", d, "long", "p1")).collect::<Vec<_>>(),
    );
    let b = roster_cost(&p, &r).unwrap();
    close(b.overtime_hours, 10.0);
    close(b.cost.overtime, 125.0);
    close(b.cost.base_wages, 50.0 * 25.0);
    close(b.cost.social_insurance, 0.32 * (1250.0 + 125.0));
    close(b.idle_hours, 0.0);
    // The rule itself: 6 × 8 h with a Saturday under standard hours is rest-day work, not OT.
    let types = [
        DayType::Workday,
        DayType::Workday,
        DayType::Workday,
        DayType::Workday,
        DayType::Workday,
        DayType::RestDay,
        DayType::RestDay,
    ];
    let r = rules("standard", false);
    close(
        overtime_hours(&[8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 0.0], &types, &r, 8.0),
        0.0,
    );
    close(
        overtime_hours(&[9.0, 8.0, 8.0, 8.0, 8.0, 0.0, 0.0], &types, &r, 8.0),
        1.0,
    );
}

/// Comprehensive hours: six 8-hour shifts in a normal week = 48 h against the cycle standard
/// 8 × 5 × 7/7 = 40 h → 8 h overtime → 8 × 25 × 0.5 = 100 CNY. In the National Day week
/// (one statutory day) the standard is 40 × 6/7 = 34.29 h and statutory-day hours do not count.
#[test]
fn weekday_overtime_comprehensive() {
    let r = rules("comprehensive", false);
    let normal = [DayType::Workday; 7];
    close(
        overtime_hours(&[8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 0.0], &normal, &r, 8.0),
        8.0,
    );
    let mut holiday = normal;
    holiday[2] = DayType::Statutory;
    // Worked 8 h on Mon, Tue, Thu, Fri, Sat (40 h, non-statutory) + 8 h on the statutory Wed.
    close(
        overtime_hours(&[8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 0.0], &holiday, &r, 8.0),
        40.0 - 40.0 * 6.0 / 7.0,
    );
    let s = scenario(
        r,
        vec![agent(
            "a",
            Contract::FullTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        Calendar::default(),
    );
    let p = RosterProblem::for_week(
        &s,
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
        BTreeMap::new(),
        Vec::new(),
    );
    let roster = roster(
        &p,
        &(0..6).map(|d| ("a", d, "day", "p1")).collect::<Vec<_>>(),
    );
    let b = roster_cost(&p, &roster).unwrap();
    close(b.cost.overtime, 100.0);
}

/// Night allowance (30 per night shift, no social insurance); idle guaranteed hours of a
/// full-timer (40 h guaranteed, 24 h rostered → 16 h × 25 = 400, SI 128); a temporary at 180 a
/// day all-in, 540 on the statutory day (× 3).
#[test]
fn night_idle_and_temporaries() {
    let s = scenario(
        rules("comprehensive", false),
        vec![
            agent("ft", Contract::FullTime, 4350.0, WageBasis::Month, &["p1"]),
            agent("tmp", Contract::Temporary, 180.0, WageBasis::Day, &["p1"]),
        ],
        calendar(),
    );
    let p = problem(&s);
    let r = roster(
        &p,
        &[
            ("ft", 0, "night", "p1"),
            ("ft", 3, "day", "p1"),
            ("ft", 4, "day", "p1"),
            ("tmp", 1, "day", "p1"),
            ("tmp", 2, "day", "p1"),
        ],
    );
    let b = roster_cost(&p, &r).unwrap();
    let c = &b.cost;
    close(c.night_allowance, 30.0);
    assert_eq!(b.night_shifts, 1);
    close(c.base_wages, 24.0 * 25.0);
    close(b.idle_hours, 16.0);
    close(c.idle_guaranteed, 400.0);
    close(c.social_insurance, 0.32 * (600.0 + 400.0));
    close(c.temporaries, 180.0 + 540.0);
    // Σ assignment.cost + idle hours at the loaded rate = labour.
    let sched: f64 = r.assignments.iter().map(|a| a.cost).sum();
    close(c.labour(), sched + 16.0 * 25.0 * 1.32);
}

/// Per FTE: one full-timer paid 40 h = 1 FTE; a temporary with 2 shifts of 8 h = 0.4 FTE.
/// Monthly per FTE: equipment 150, software 120, site 450, team lead 8,500/15 = 566.67,
/// QA 7,000/40 = 175 → per week × 12/52.
#[test]
fn overhead_and_supervision_per_fte() {
    let s = scenario(
        rules("comprehensive", false),
        vec![
            agent("ft", Contract::FullTime, 4350.0, WageBasis::Month, &["p1"]),
            agent("tmp", Contract::Temporary, 180.0, WageBasis::Day, &["p1"]),
        ],
        Calendar::default(),
    );
    let p = RosterProblem::for_week(
        &s,
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
        BTreeMap::new(),
        Vec::new(),
    );
    let r = roster(&p, &[("tmp", 0, "day", "p1"), ("tmp", 1, "day", "p1")]);
    let b = roster_cost(&p, &r).unwrap();
    close(b.fte, 1.4);
    let m = b.monthly();
    close(m.equipment, 1.4 * 150.0);
    close(m.software, 1.4 * 120.0);
    close(m.site_overhead, 1.4 * 450.0);
    close(m.team_leads, 1.4 * 8500.0 / 15.0);
    close(m.qa, 1.4 * 7000.0 / 40.0);
    // Week → month is × 52/12.
    close(WEEKS_PER_MONTH, 52.0 / 12.0);
    close(b.cost.equipment * 52.0 / 12.0, m.equipment);
}

/// The year's statutory pay on a week without holidays: each 8-hour shift at 25 CNY/h
/// (comprehensive, multiplier 1) would pay (3 − 1) × 200 = 400 more on 13 days of 365:
/// 400 × 13/365 = 14.247 per shift, plus 32 % social insurance.
#[test]
fn statutory_expectation_per_shift() {
    let s = scenario(
        rules("comprehensive", false),
        vec![agent(
            "a",
            Contract::PartTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        Calendar::default(),
    );
    let p = problem(&s);
    let r = roster(&p, &[("a", 0, "day", "p1"), ("a", 1, "day", "p1")]);
    let e = statutory_expectation(&p, &r, 13.0).unwrap();
    close(e.holiday_premium, 2.0 * 400.0 * 13.0 / 365.0);
    close(e.social_insurance, 0.32 * 2.0 * 400.0 * 13.0 / 365.0);
}

/// A dedicated pool's cost goes to its shop; a shared pool's by inquiry share (s2 300 and s3
/// 100 inquiries → 75 % / 25 %).
#[test]
fn allocation_to_shops() {
    let s = scenario(
        rules("comprehensive", false),
        vec![
            agent("a", Contract::PartTime, 4350.0, WageBasis::Month, &["p1"]),
            agent("b", Contract::PartTime, 4350.0, WageBasis::Month, &["p2"]),
        ],
        Calendar::default(),
    );
    let p = problem(&s);
    let r = roster(
        &p,
        &[
            ("a", 0, "day", "p1"),
            ("b", 0, "day", "p2"),
            ("b", 1, "day", "p2"),
        ],
    );
    let b = roster_cost(&p, &r).unwrap();
    let demand = Demand {
        start: monday().and_hms_opt(0, 0, 0).unwrap(),
        hours: 2,
        shops: [
            ("s1".to_string(), vec![10.0, 0.0]),
            ("s2".to_string(), vec![200.0, 100.0]),
            ("s3".to_string(), vec![50.0, 50.0]),
        ]
        .into_iter()
        .collect(),
    };
    let shops = allocate_to_shops(&b, &s, &demand);
    let get = |id: &str| shops.iter().find(|x| x.shop == id).unwrap();
    close(get("s1").share, 1.0);
    close(get("s2").share, 0.75);
    close(get("s3").share, 0.25);
    let p2 = b.pool("p2").unwrap().cost.total();
    close(get("s2").cost.total() + get("s3").cost.total(), p2);
    let total: f64 = shops.iter().map(|x| x.cost.total()).sum();
    close(total, b.cost.total());
    let sum = |c: &CostCategories| c.lines().iter().map(|l| l.1).sum::<f64>();
    close(sum(&b.cost), b.cost.total());
}

#[test]
fn unknown_agent_is_an_error() {
    let s = scenario(
        rules("comprehensive", false),
        vec![agent(
            "a",
            Contract::PartTime,
            4350.0,
            WageBasis::Month,
            &["p1"],
        )],
        Calendar::default(),
    );
    let p = problem(&s);
    let mut r = roster(&p, &[("a", 0, "day", "p1")]);
    r.assignments[0].agent = "ghost".into();
    assert!(roster_cost(&p, &r).is_err());
}
