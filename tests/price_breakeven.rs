//! Break-even volumes: at every reported exact break-even the two plans' monthly prices agree
//! within 1 CNY; at every step break-even the order flips across a jump (seat step or tier
//! bound) that makes equality impossible; and no flip is missed (checked against a fine scan).

use seatplan::io::read_prices;
use seatplan::model::{BillingPlan, PriceModels};
use seatplan::price::{break_evens, plan_monthly, CrossingKind, Seats, Volume};
use std::convert::Infallible;

fn prices() -> PriceModels {
    let mut p = Vec::new();
    let text = std::fs::read_to_string("data/demo/prices.toml").unwrap();
    read_prices("prices.toml", &text, &mut p).unwrap().prices
}

fn base() -> Volume {
    Volume {
        daily_inquiries: 300.0,
        new_share: 0.6,
        order_value: 150.0,
        conversion: 0.2,
    }
}

/// A step function of seats: 1 + ⌈v / 200⌉ people, one night seat from 400/day; positions
/// ⌈v / 300⌉.
fn seats(v: f64) -> Seats {
    Seats {
        total: 1 + (v / 200.0).ceil() as u32,
        night: u32::from(v > 400.0),
        positions: (v / 300.0).ceil() as u32,
        night_positions: u32::from(v > 400.0),
    }
}

fn price(p: &PriceModels, plan: BillingPlan, v: f64) -> f64 {
    plan_monthly(plan, p, &base().at_daily(v), seats(v)).unwrap()
}

/// Sign changes of `a − b` on a grid of step `h` over `[lo, hi]`.
fn flips(p: &PriceModels, a: BillingPlan, b: BillingPlan, lo: f64, hi: f64, h: f64) -> usize {
    let n = ((hi - lo) / h).round() as usize;
    let mut prev = price(p, a, lo) - price(p, b, lo) < 0.0;
    let mut count = 0;
    for i in 1..=n {
        let v = lo + i as f64 * h;
        let neg = price(p, a, v) - price(p, b, v) < 0.0;
        if neg != prev {
            count += 1;
        }
        prev = neg;
    }
    count
}

#[test]
fn every_pair_every_crossing_checked() {
    let p = prices();
    let plans = BillingPlan::ALL;
    let mut pairs = Vec::new();
    for (i, &a) in plans.iter().enumerate() {
        for &b in &plans[i + 1..] {
            pairs.push((a, b));
        }
    }
    let (found, sizings) =
        break_evens::<_, Infallible>(&p, base(), &pairs, 1, 1000, |v| Ok(seats(v))).unwrap();
    assert!(!found.is_empty());
    assert!(sizings < 2000, "{sizings} sizings");
    let mut exact = 0;
    let mut step = 0;
    for b in &found {
        let pa = price(&p, b.plan_a, b.daily_volume);
        let pb = price(&p, b.plan_b, b.daily_volume);
        assert!(
            (pa - b.price_a).abs() < 1e-6 && (pb - b.price_b).abs() < 1e-6,
            "{b:?}"
        );
        match b.kind {
            CrossingKind::Exact => {
                exact += 1;
                assert!(
                    (pa - pb).abs() <= 1.0,
                    "prices differ at an exact break-even: {b:?}"
                );
            }
            CrossingKind::Step => {
                step += 1;
                let (ba, bb) = b.before.unwrap();
                assert!(
                    (ba < bb) != (pa < pb),
                    "order does not flip across the step: {b:?}"
                );
                // The jump is a seat step or a per-inquiry tier bound within 1e-5.
                let v = b.daily_volume;
                let seat_step = seats(v - 1e-5) != seats(v);
                let tier_bound = [200.0, 500.0].iter().any(|m| (v - m).abs() < 1e-5);
                assert!(seat_step || tier_bound, "{b:?}");
            }
        }
        // The order reported is the order on either side.
        let above = b.cheaper_above;
        let other = if above == b.plan_a {
            b.plan_b
        } else {
            b.plan_a
        };
        assert!(price(&p, above, b.daily_volume + 1e-3) <= price(&p, other, b.daily_volume + 1e-3));
    }
    assert!(exact > 0 && step > 0, "exact {exact}, step {step}");
    // Nothing missed: the number of crossings per pair equals the sign changes of a fine scan
    // (1e-3 inquiries/day over 1..1000; flips within one inquiry/day are not in this data).
    for &(a, b) in &pairs {
        let reported = found
            .iter()
            .filter(|x| x.plan_a == a && x.plan_b == b)
            .count();
        assert_eq!(
            reported,
            flips(&p, a, b, 1.0, 1000.0, 1e-3),
            "{a:?} vs {b:?}"
        );
    }
}

/// Commission (45.5 CNY per daily inquiry a month) against dedicated seats of 4,500 as a saw:
/// equal at 9,000 / 45.5 = 197.8/day (2 seats), then dedicated steps to 3 seats just above
/// 200/day and commission is cheaper again — a step break-even at 200.
#[test]
fn saw_of_exact_and_step() {
    let p = prices();
    let (found, _) = break_evens::<_, Infallible>(
        &p,
        base(),
        &[(BillingPlan::Commission, BillingPlan::DedicatedSeat)],
        1,
        260,
        |v| Ok(seats(v)),
    )
    .unwrap();
    assert_eq!(found.len(), 2, "{found:#?}");
    let e = &found[0];
    assert_eq!(e.kind, CrossingKind::Exact);
    // 0.05 × v × 30.333 × 0.2 × 150 = 45.5 v = 2 × 4,500 → v = 197.80.
    assert!((e.daily_volume - 9000.0 / 45.5).abs() < 1e-3, "{e:?}");
    assert_eq!(e.cheaper_above, BillingPlan::DedicatedSeat);
    let s = &found[1];
    assert_eq!(s.kind, CrossingKind::Step);
    assert!((s.daily_volume - 200.0).abs() < 1e-5, "{s:?}");
    assert_eq!(s.cheaper_above, BillingPlan::Commission);
    assert_eq!(s.before.map(|b| b.1), Some(9000.0));
    assert!((s.price_b - 13_500.0).abs() < 1e-9);
}
