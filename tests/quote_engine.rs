//! The quote engine on three prospects (small, mid, 24-hour with nights): seats, costs,
//! plans, recommendation, and — the acceptance test of the break-evens — at every reported
//! break-even volume a fresh quote at that volume prices the two plans within 1 CNY (exact
//! break-evens) or in the flipped order on either side of the step (step break-evens).

use chrono::NaiveDate;
use seatplan::io::{read_prices, read_rules};
use seatplan::model::{
    BillingPlan, Calendar, CalendarEntry, Channel, DateRange, DayKind, Platform, PriceBook, Rules,
    ServiceHours, Shop,
};
use seatplan::price::{
    prospect_week, quote, ClientSpec, CrossingKind, Delivery, PeakDay, Quote, QuoteContext,
    NORMAL_DAY_PROFILE,
};
use seatplan::schedule::SolveOptions;

fn inputs() -> (Rules, PriceBook) {
    let mut p = Vec::new();
    let rules = read_rules(
        "rules.toml",
        &std::fs::read_to_string("data/demo/rules.toml").unwrap(),
        &mut p,
    )
    .unwrap();
    let book = read_prices(
        "prices.toml",
        &std::fs::read_to_string("data/demo/prices.toml").unwrap(),
        &mut p,
    )
    .unwrap();
    assert!(p.is_empty(), "{p:?}");
    (rules, book)
}

struct Prospect {
    daily: f64,
    hours: ServiceHours,
    aht: f64,
    patience: Option<f64>,
}

fn spec(pr: &Prospect, rules: &Rules, daily: f64) -> ClientSpec {
    ClientSpec {
        shop: Shop {
            id: "prospect".into(),
            name: "prospect".into(),
            platform: Platform::Taobao,
            pool: "prospect".into(),
            channel: Channel::Chat,
            service_hours: pr.hours,
            aht_seconds: pr.aht,
            concurrency: 3,
            sla_target: 0.8,
            sla_seconds: 30.0,
            patience_seconds: pr.patience,
            order_value: 150.0,
            conversion: 0.2,
            plan: BillingPlan::DedicatedSeat,
        },
        existing: false,
        shrinkage: rules.sizing.shrinkage,
        week: prospect_week(daily, pr.hours),
        new_share: 0.6,
        wage_monthly: 4500.0,
        peak_days: Vec::new(),
        shared_pool: None,
    }
}

fn run(pr: &Prospect, daily: f64, break_even: bool, cal: &Calendar) -> Quote {
    let (rules, book) = inputs();
    let ctx = QuoteContext {
        rules: &rules,
        book: &book,
        calendar: cal,
        solve: SolveOptions {
            time_limit_seconds: 5.0,
            mip_rel_gap: 0.0,
        },
        break_even,
    };
    quote(&ctx, &spec(pr, &rules, daily)).unwrap()
}

fn price_of(q: &Quote, plan: BillingPlan) -> f64 {
    q.plans.iter().find(|p| p.plan == plan).unwrap().price
}

fn small() -> Prospect {
    Prospect {
        daily: 150.0,
        hours: ServiceHours { open: 9, hours: 14 },
        aht: 180.0,
        patience: None,
    }
}

fn mid() -> Prospect {
    Prospect {
        daily: 1200.0,
        hours: ServiceHours { open: 8, hours: 16 },
        aht: 180.0,
        patience: None,
    }
}

fn night() -> Prospect {
    Prospect {
        daily: 3000.0,
        hours: ServiceHours::ALWAYS,
        aht: 200.0,
        patience: Some(180.0),
    }
}

#[test]
fn profile_is_the_reference_normal_day() {
    let total: f64 = NORMAL_DAY_PROFILE.iter().sum();
    assert!((total - 1.0).abs() < 1e-3, "{total}");
    // Spread over 08–24 only, the day's volume is all served in those hours.
    let w = prospect_week(1200.0, ServiceHours { open: 8, hours: 16 });
    assert_eq!(w.len(), 168);
    assert!((w[..24].iter().sum::<f64>() - 1200.0).abs() < 1e-9);
    assert_eq!(w[3], 0.0);
    assert_eq!(w[24 + 10], w[10]);
}

#[test]
fn three_prospects() {
    let cal = Calendar::default();
    for pr in [small(), mid(), night()] {
        let q = run(&pr, pr.daily, false, &cal);
        assert_eq!(q.plans.len(), 6);
        assert!(q.crew.seats > 0);
        assert!((q.volume.daily_inquiries - pr.daily).abs() < 1e-9);
        assert!(q.dedicated.monthly_total > 0.0 && q.shared.monthly_total > 0.0);
        // Volume plans are costed on the cheaper option, seat plans on the dedicated desk.
        for p in &q.plans {
            let expect = match p.plan {
                BillingPlan::DedicatedSeat | BillingPlan::BaseCommission => Delivery::Dedicated,
                _ if q.shared.monthly_total < q.dedicated.monthly_total => Delivery::Shared,
                _ => Delivery::Dedicated,
            };
            assert_eq!(p.delivery, expect, "{:?}", p.plan);
            let m = (p.price - p.cost) / p.price;
            assert!((p.margin.unwrap() - m).abs() < 1e-12);
            assert_eq!(p.meets_target, m >= q.target_margin);
        }
        // Recommendation: cheapest plan that keeps the target, else the best margin.
        let ok: Vec<_> = q.plans.iter().filter(|p| p.meets_target).collect();
        if let Some(best) = ok.iter().min_by(|a, b| a.price.total_cmp(&b.price)) {
            assert_eq!(q.recommendation.plan, best.plan);
            assert!(q.recommendation.meets_target);
        } else {
            assert!(!q.recommendation.meets_target);
        }
        // Hires cover 7-day service: at least 7/5 people per daily shift.
        assert!(5 * q.crew.seats >= q.crew.shifts);
        assert!(q.short_seat_hours_week < 1e-6);
    }
    let n = run(&night(), 3000.0, false, &cal);
    assert!(
        n.crew.night_seats > 0,
        "a 24-hour desk has a night rotation"
    );
    assert!(n.dedicated.monthly.night_allowance > 0.0);
    let s = run(&small(), 150.0, false, &cal);
    assert_eq!(s.crew.night_seats, 0);
    // A small shop is far cheaper to serve from a shared pool than with its own desk.
    assert!(s.shared.monthly_total < 0.5 * s.dedicated.monthly_total);
}

fn check_break_evens(pr: &Prospect) {
    let cal = Calendar::default();
    let q = run(pr, pr.daily, true, &cal);
    assert!(
        !q.break_evens.is_empty(),
        "no break-even found for {} / day",
        pr.daily
    );
    for b in &q.break_evens {
        let at = run(pr, b.daily_volume, false, &cal);
        let (pa, pb) = (price_of(&at, b.plan_a), price_of(&at, b.plan_b));
        assert!(
            (pa - b.price_a).abs() < 1e-6 && (pb - b.price_b).abs() < 1e-6,
            "re-quote disagrees at {b:?}: {pa} / {pb}"
        );
        match b.kind {
            CrossingKind::Exact => {
                assert!((pa - pb).abs() <= 1.0, "{pa} vs {pb} at {b:?}");
            }
            CrossingKind::Step => {
                let below = run(pr, b.daily_volume - 1e-5, false, &cal);
                let (qa, qb) = (price_of(&below, b.plan_a), price_of(&below, b.plan_b));
                assert!((qa < qb) != (pa < pb), "no flip across the step {b:?}");
            }
        }
    }
}

#[test]
fn break_evens_agree_with_fresh_quotes_small() {
    check_break_evens(&small());
}

#[test]
fn break_evens_agree_with_fresh_quotes_mid() {
    check_break_evens(&mid());
}

#[test]
fn break_evens_agree_with_fresh_quotes_night() {
    check_break_evens(&night());
}

#[test]
fn peak_days_with_holiday_surcharge() {
    let (rules, book) = inputs();
    let d = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    let cal = Calendar {
        entries: vec![CalendarEntry {
            dates: DateRange::day(d),
            kind: DayKind::Statutory,
            name: "国庆节".into(),
            shop: None,
            uplift: None,
        }],
    };
    let pr = mid();
    let mut c = spec(&pr, &rules, pr.daily);
    c.peak_days = vec![
        PeakDay {
            date: d,
            uplift: 3.0,
        },
        PeakDay {
            date: NaiveDate::from_ymd_opt(2025, 11, 11).unwrap(),
            uplift: 3.0,
        },
    ];
    let ctx = QuoteContext {
        rules: &rules,
        book: &book,
        calendar: &cal,
        solve: SolveOptions::default(),
        break_even: false,
    };
    let q = quote(&ctx, &c).unwrap();
    let (nd, d11) = (&q.peak_days[0], &q.peak_days[1]);
    assert_eq!(nd.temp_seats, d11.temp_seats);
    assert!(nd.temp_seats > 0);
    // National Day: 200 × 1.5 per temp; cost at the statutory multiplier 3 × 180 + overhead.
    assert!(nd.surcharge && !d11.surcharge);
    assert!((nd.price - 300.0 * f64::from(nd.temp_seats)).abs() < 1e-9);
    assert!((d11.price - 200.0 * f64::from(d11.temp_seats)).abs() < 1e-9);
    assert_eq!(nd.pay_multiplier, 3.0);
    assert_eq!(d11.pay_multiplier, 1.0);
    let overhead = (150.0 + 120.0 + 450.0 + 8500.0 / 15.0 + 7000.0 / 40.0) * 12.0 / 52.0 / 5.0;
    let t = f64::from(nd.temp_seats);
    assert!((nd.cost - t * (540.0 + overhead)).abs() < 1e-6);
    assert!((d11.cost - t * (180.0 + overhead)).abs() < 1e-6);
    assert!((nd.extra_inquiries - 2400.0).abs() < 1e-9);
}

type Edit = Box<dyn Fn(&mut ClientSpec)>;

#[test]
fn bad_requests_are_errors_not_panics() {
    let (rules, book) = inputs();
    let cal = Calendar::default();
    let ctx = QuoteContext {
        rules: &rules,
        book: &book,
        calendar: &cal,
        solve: SolveOptions::default(),
        break_even: false,
    };
    let pr = mid();
    let bad: Vec<Edit> = vec![
        Box::new(|c| c.week = vec![0.0; 168]),
        Box::new(|c| c.week = vec![1.0; 10]),
        Box::new(|c| c.week[5] = f64::NAN),
        Box::new(|c| c.shop.aht_seconds = 0.0),
        Box::new(|c| c.shop.concurrency = 0),
        Box::new(|c| c.shop.concurrency = 99),
        Box::new(|c| c.shop.sla_target = 1.5),
        Box::new(|c| c.shop.patience_seconds = Some(-1.0)),
        Box::new(|c| c.shop.conversion = 2.0),
        Box::new(|c| c.new_share = -0.1),
        Box::new(|c| c.shrinkage = 1.0),
        Box::new(|c| c.wage_monthly = 0.0),
        Box::new(|c| {
            c.peak_days = vec![PeakDay {
                date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                uplift: f64::INFINITY,
            }]
        }),
    ];
    for (i, f) in bad.iter().enumerate() {
        let mut c = spec(&pr, &rules, pr.daily);
        f(&mut c);
        assert!(quote(&ctx, &c).is_err(), "case {i} accepted");
    }
}
