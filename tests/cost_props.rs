//! Property: the cost of a roster never falls when a shift is added — whatever the hours
//! system, time-off-in-lieu policy, holidays, contracts and the shifts already rostered.

use chrono::NaiveDate;
use proptest::prelude::*;
use seatplan::cost::{crew_for_mix, crew_size, roster_cost, CrewSpec};
use seatplan::io::{read_prices, read_rules};
use seatplan::model::{
    Agent, Calendar, CalendarEntry, Contract, DateRange, DayKind, History, Pool, PoolMode,
    Scenario, WageBasis,
};
use seatplan::schedule::{MixCount, Roster, RosterProblem, Slot};
use std::collections::BTreeMap;

fn scenario(system: &str, toil: bool, holidays: &[(u32, DayKind)]) -> Scenario {
    let rules_text = format!(
        r#"
hours_system = "{system}"
[holiday]
time_off_in_lieu = {toil}
[[shift]]
id = "early"
start = "08:00"
end = "17:00"
break_minutes = 60
contracts = ["full_time", "temporary"]
[[shift]]
id = "long"
start = "08:00"
end = "19:00"
break_minutes = 60
contracts = ["full_time"]
[[shift]]
id = "pt"
start = "11:00"
end = "15:00"
break_minutes = 0
contracts = ["part_time", "temporary"]
[[shift]]
id = "night"
start = "23:00"
end = "08:00"
break_minutes = 60
contracts = ["full_time"]
"#
    );
    let mut p = Vec::new();
    let rules = read_rules("rules.toml", &rules_text, &mut p).unwrap();
    let prices = read_prices(
        "prices.toml",
        &std::fs::read_to_string("data/demo/prices.toml").unwrap(),
        &mut p,
    )
    .unwrap();
    assert!(p.is_empty());
    let start = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let calendar = Calendar {
        entries: holidays
            .iter()
            .map(|&(d, kind)| {
                let date = start + chrono::Duration::days(i64::from(d));
                CalendarEntry {
                    dates: DateRange::day(date),
                    kind,
                    name: "test".into(),
                    shop: None,
                    uplift: None,
                }
            })
            .collect(),
    };
    let mk = |id: &str, contract: Contract, wage: f64, basis: WageBasis, min: f64| Agent {
        id: id.into(),
        name: id.into(),
        contract,
        pools: vec!["p1".into(), "p2".into()],
        night_ok: true,
        protection: None,
        min_week_hours: min,
        max_week_hours: 60.0,
        wage,
        wage_basis: basis,
        unavailable: Vec::new(),
        limits: Default::default(),
    };
    Scenario {
        pools: ["p1", "p2"]
            .iter()
            .map(|id| Pool {
                id: id.to_string(),
                name: id.to_string(),
                mode: PoolMode::Shared,
                shrinkage: None,
            })
            .collect(),
        shops: Vec::new(),
        history: History::default(),
        calendar,
        agents: vec![
            mk("ft1", Contract::FullTime, 4350.0, WageBasis::Month, 40.0),
            mk("ft2", Contract::FullTime, 5400.0, WageBasis::Month, 40.0),
            mk("pt1", Contract::PartTime, 24.0, WageBasis::Hour, 12.0),
            mk("tmp", Contract::Temporary, 190.0, WageBasis::Day, 0.0),
        ],
        rules,
        prices,
    }
}

type Shift = (usize, usize, usize, usize); // agent, day, template, pool

fn roster(p: &RosterProblem, shifts: &[Shift]) -> Roster {
    Roster {
        assignments: shifts
            .iter()
            .map(|&(a, day, template, pool)| {
                p.assignment(
                    &p.agents[a],
                    Slot { day, template },
                    if pool == 0 { "p1" } else { "p2" },
                )
            })
            .collect(),
    }
}

fn shift() -> impl Strategy<Value = Shift> {
    (0usize..4, 0usize..7, 0usize..4, 0usize..2)
}

fn holiday() -> impl Strategy<Value = (u32, DayKind)> {
    (
        0u32..7,
        prop_oneof![
            Just(DayKind::Statutory),
            Just(DayKind::Holiday),
            Just(DayKind::MakeupWorkday)
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn cost_never_falls_when_a_shift_is_added(
        comprehensive in any::<bool>(),
        toil in any::<bool>(),
        holidays in proptest::collection::vec(holiday(), 0..3),
        shifts in proptest::collection::vec(shift(), 0..25),
        extra in shift(),
    ) {
        let s = scenario(if comprehensive { "comprehensive" } else { "standard" }, toil, &holidays);
        let start = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let p = RosterProblem::for_week(&s, start, BTreeMap::new(), Vec::new());
        let before = roster_cost(&p, &roster(&p, &shifts)).unwrap();
        let mut more = shifts.clone();
        more.push(extra);
        let after = roster_cost(&p, &roster(&p, &more)).unwrap();
        let tol = 1e-9 * before.cost.total().max(1.0);
        prop_assert!(
            after.cost.total() >= before.cost.total() - tol,
            "total fell from {} to {} adding {:?}", before.cost.total(), after.cost.total(), extra
        );
        prop_assert!(after.cost.labour() >= before.cost.labour() - tol);
        prop_assert!(after.fte >= before.fte - 1e-12);
    }

    /// The quote's cheap crew size is the size of the crew it would cost, and that crew works
    /// every shift of the mix once, one shift a day per hire.
    #[test]
    fn crew_size_is_the_costed_crews_size(
        counts in proptest::collection::vec((0usize..7, 0usize..4, 0u32..6), 0..20),
    ) {
        let s = scenario("standard", false, &[]);
        let mix: Vec<MixCount> = counts
            .iter()
            .map(|&(day, template, count)| MixCount {
                day,
                template,
                contract: Contract::FullTime,
                count,
            })
            .collect();
        let calendar = Calendar::default();
        let spec = CrewSpec {
            rules: &s.rules,
            cost: &s.prices.cost,
            pool: "p1",
            wage_monthly: 4800.0,
            week_start: NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            calendar: &calendar,
        };
        let crew = crew_for_mix(&spec, &mix);
        prop_assert_eq!(crew_size(&spec, &mix), crew.summary());
        let total: u32 = mix.iter().map(|m| m.count).sum();
        prop_assert_eq!(crew.roster.assignments.len() as u32, total);
        let mut days = std::collections::BTreeSet::new();
        for a in &crew.roster.assignments {
            prop_assert!(days.insert((a.agent.clone(), a.date)), "{} works twice on {}", a.agent, a.date);
        }
    }
}
