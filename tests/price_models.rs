//! Hand-computed examples of every price model with the demo price book
//! (`data/demo/prices.toml`): dedicated seat 4,500; base 1,500 + 2.5 %; pure commission 5 %;
//! per-inquiry tiers 1.8 (≤ 200/day), 1.3 (≤ 500/day), 1.0 above — whole volume; new 1.6 /
//! returning 0.9 with a floor of 3,000 per seat-shift; temporary seats 200/day, +50 % on
//! 劳动节 and 国庆节; packages starter 990 incl. 1,200 (+0.9) and growth 2,900 incl. 4,000
//! (+0.8); night seats +30 %. A month is 7 × 52/12 = 30.333 days.

use seatplan::io::read_prices;
use seatplan::model::{BillingPlan, PriceModels};
use seatplan::price::{
    cheapest_package, inquiry_tier, margin, plan_price, price_for_margin, temp_seats_price, Seats,
    Volume,
};

fn prices() -> PriceModels {
    let mut p = Vec::new();
    let text = std::fs::read_to_string("data/demo/prices.toml").unwrap();
    let b = read_prices("prices.toml", &text, &mut p).unwrap();
    assert!(p.is_empty());
    b.prices
}

const MONTH: f64 = 7.0 * 52.0 / 12.0; // 30.333 days

fn vol(daily: f64) -> Volume {
    Volume {
        daily_inquiries: daily,
        new_share: 0.6,
        order_value: 150.0,
        conversion: 0.2,
    }
}

fn price(plan: BillingPlan, daily: f64, seats: Seats) -> f64 {
    plan_price(plan, &prices(), &vol(daily), seats)
        .unwrap()
        .monthly
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

fn seats(total: u32, night: u32) -> Seats {
    Seats::people(total, night)
}

#[test]
fn dedicated_seat_with_night_surcharge() {
    // 3 seats × 4,500 = 13,500.
    close(
        price(BillingPlan::DedicatedSeat, 100.0, seats(3, 0)),
        13_500.0,
    );
    // 5 seats of which 2 on nights: 4,500 × (5 + 2 × 0.30) = 4,500 × 5.6 = 25,200.
    close(
        price(BillingPlan::DedicatedSeat, 100.0, seats(5, 2)),
        25_200.0,
    );
}

#[test]
fn base_plus_commission() {
    // 100/day × 30.333 = 3,033.33 inquiries; sales = 3,033.33 × 0.2 × 150 = 91,000.
    // 2 seats × 1,500 + 2.5 % × 91,000 = 3,000 + 2,275 = 5,275.
    assert!((vol(100.0).monthly_sales() - 91_000.0).abs() < 1e-6);
    close(
        price(BillingPlan::BaseCommission, 100.0, seats(2, 0)),
        5_275.0,
    );
    // With a night seat: 1,500 × (2 + 0.3) + 2,275 = 3,450 + 2,275 = 5,725.
    close(
        price(BillingPlan::BaseCommission, 100.0, seats(2, 1)),
        5_725.0,
    );
}

#[test]
fn pure_commission() {
    // 5 % × 91,000 = 4,550, whatever the seats.
    close(price(BillingPlan::Commission, 100.0, seats(2, 0)), 4_550.0);
    close(price(BillingPlan::Commission, 100.0, seats(9, 3)), 4_550.0);
}

#[test]
fn per_inquiry_whole_volume_tiers() {
    let p = prices();
    // 150/day → tier ≤ 200 at 1.8: 150 × 30.333 × 1.8 = 8,190.
    assert_eq!(inquiry_tier(&p.per_inquiry_tiers, 150.0), Some((0, 1.8)));
    close(
        price(BillingPlan::PerInquiry, 150.0, seats(1, 0)),
        150.0 * MONTH * 1.8,
    );
    close(price(BillingPlan::PerInquiry, 150.0, seats(1, 0)), 8_190.0);
    // 200/day is still the first tier: 200 × 30.333 × 1.8 = 10,920.
    close(price(BillingPlan::PerInquiry, 200.0, seats(1, 0)), 10_920.0);
    // 201/day: the whole volume drops to 1.3 — 201 × 30.333 × 1.3 = 7,926.1 (whole-volume,
    // not marginal: a marginal scheme would be 200 × 1.8 + 1 × 1.3 per day).
    assert_eq!(inquiry_tier(&p.per_inquiry_tiers, 201.0), Some((1, 1.3)));
    close(
        price(BillingPlan::PerInquiry, 201.0, seats(1, 0)),
        201.0 * MONTH * 1.3,
    );
    // 1,200/day → top tier 1.0: 1,200 × 30.333 = 36,400.
    close(
        price(BillingPlan::PerInquiry, 1200.0, seats(1, 0)),
        36_400.0,
    );
}

#[test]
fn new_and_returning_with_floor() {
    // 100/day: 3,033.33 × (0.6 × 1.6 + 0.4 × 0.9) = 3,033.33 × 1.32 = 4,004.
    close(
        price(BillingPlan::NewReturning, 100.0, seats(1, 0)),
        4_004.0,
    );
    // The floor per seat-shift position: 2 positions × 3,000 = 6,000 > 4,004.
    close(
        price(BillingPlan::NewReturning, 100.0, seats(2, 0)),
        6_000.0,
    );
    // A night position in the floor: 3,000 × (2 + 0.3) = 6,900.
    close(
        price(BillingPlan::NewReturning, 100.0, seats(2, 1)),
        6_900.0,
    );
    // Positions, not people: 7 people staff 5 daily positions → floor 5 × 3,000 = 15,000.
    let s = Seats {
        total: 7,
        night: 0,
        positions: 5,
        night_positions: 0,
    };
    close(
        plan_price(BillingPlan::NewReturning, &prices(), &vol(100.0), s)
            .unwrap()
            .monthly,
        15_000.0,
    );
}

#[test]
fn packages_cheapest_with_overage() {
    let p = prices();
    // 1,000/month: starter 990 (within 1,200), growth 2,900 → starter 990.
    assert_eq!(cheapest_package(&p.packages, 1000.0), Some((0, 990.0)));
    // 3,033.33/month: starter 990 + 1,833.33 × 0.9 = 2,640; growth 2,900 → starter.
    close(price(BillingPlan::Package, 100.0, seats(1, 0)), 2_640.0);
    // 5,000/month: starter 990 + 3,800 × 0.9 = 4,410; growth 2,900 + 1,000 × 0.8 = 3,700.
    assert_eq!(cheapest_package(&p.packages, 5000.0), Some((1, 3700.0)));
}

#[test]
fn temporary_peak_seats_and_holiday_surcharge() {
    let p = prices();
    // 3 temps on a normal day: 3 × 200 = 600.
    assert_eq!(temp_seats_price(&p, 3, None), (600.0, false));
    // On National Day (国庆节): 3 × 200 × 1.5 = 900; on May Day (劳动节) likewise.
    assert_eq!(temp_seats_price(&p, 3, Some("国庆节")), (900.0, true));
    assert_eq!(temp_seats_price(&p, 3, Some("劳动节")), (900.0, true));
    // Spring Festival is not a surcharge holiday in the book.
    assert_eq!(temp_seats_price(&p, 3, Some("春节")), (600.0, false));
}

#[test]
fn margins() {
    // (5,000 − 4,000) / 5,000 = 20 %.
    assert_eq!(margin(5000.0, 4000.0), Some(0.2));
    assert_eq!(margin(0.0, 100.0), None);
    // 4,000 / (1 − 0.2) = 5,000.
    close(price_for_margin(4000.0, 0.2), 5000.0);
}

#[test]
fn plans_the_book_lacks_are_not_priced() {
    let mut p = prices();
    p.packages.clear();
    assert!(plan_price(BillingPlan::Package, &p, &vol(100.0), seats(1, 0)).is_none());
    p.per_inquiry_tiers.clear();
    assert!(plan_price(BillingPlan::PerInquiry, &p, &vol(100.0), seats(1, 0)).is_none());
}
