//! The price models of the price book, each as a monthly price for a client's volume and seats.

use crate::cost::DAYS_PER_MONTH;
use crate::model::{BillingPlan, InquiryTier, Package, PriceModels};
use serde::Serialize;

/// A client's monthly business: what volume-priced and commission plans bill on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Volume {
    /// Daily average inquiries.
    pub daily_inquiries: f64,
    /// Share of inquiries from new customers, in [0, 1] (the rest are returning customers).
    pub new_share: f64,
    /// Average order value, CNY.
    pub order_value: f64,
    /// Share of inquiries that become an order, in [0, 1].
    pub conversion: f64,
}

impl Volume {
    /// Inquiries per month: daily × 30.33 ([`DAYS_PER_MONTH`]).
    pub fn monthly_inquiries(&self) -> f64 {
        self.daily_inquiries * DAYS_PER_MONTH
    }

    /// Sales the desk closes per month: monthly inquiries × conversion × order value.
    pub fn monthly_sales(&self) -> f64 {
        self.monthly_inquiries() * self.conversion * self.order_value
    }

    /// The same business at another daily volume.
    pub fn at_daily(&self, daily: f64) -> Volume {
        Volume {
            daily_inquiries: daily,
            ..*self
        }
    }
}

/// Seats a client's desk needs: people to hire (a dedicated seat is a person, 元/人/月) and
/// seat-shift positions (one seat staffed on one shift every day, 每席每班, which 7-day
/// service staffs with 7/5 people).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Seats {
    /// People to hire.
    pub total: u32,
    /// Of which on the night rotation (carry the night surcharge).
    pub night: u32,
    /// Seat-shift positions: shifts per week ÷ 7, rounded up.
    pub positions: u32,
    /// Of which night-shift positions.
    pub night_positions: u32,
}

impl Seats {
    /// People to hire with no positions given (`positions = total`).
    pub fn people(total: u32, night: u32) -> Seats {
        Seats {
            total,
            night,
            positions: total,
            night_positions: night,
        }
    }

    /// People billed with the night surcharge as seat-equivalents:
    /// `total + night × night_surcharge`.
    pub fn billed(&self, night_surcharge: f64) -> f64 {
        f64::from(self.total) + f64::from(self.night) * night_surcharge
    }

    /// Positions billed with the night surcharge:
    /// `positions + night_positions × night_surcharge`.
    pub fn billed_positions(&self, night_surcharge: f64) -> f64 {
        f64::from(self.positions) + f64::from(self.night_positions) * night_surcharge
    }

    /// Component-wise minimum.
    pub fn min(self, o: Seats) -> Seats {
        Seats {
            total: self.total.min(o.total),
            night: self.night.min(o.night),
            positions: self.positions.min(o.positions),
            night_positions: self.night_positions.min(o.night_positions),
        }
    }

    /// Component-wise maximum.
    pub fn max(self, o: Seats) -> Seats {
        Seats {
            total: self.total.max(o.total),
            night: self.night.max(o.night),
            positions: self.positions.max(o.positions),
            night_positions: self.night_positions.max(o.night_positions),
        }
    }
}

/// One plan's monthly price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPrice {
    /// The plan.
    pub plan: BillingPlan,
    /// Monthly price to the client, CNY.
    pub monthly: f64,
    /// How it was computed, in words and numbers.
    pub detail: String,
}

/// The per-inquiry tier of a daily average volume and its unit price. Tiers are
/// **whole-volume**: the tier the daily average falls in prices every inquiry of the month
/// (not marginal bands). A tier applies while the daily average is at most its `max_daily`
/// (so 200/day is still the "≤ 200" tier; 200.5 is the next). `None` when there are no tiers.
pub fn inquiry_tier(tiers: &[InquiryTier], daily: f64) -> Option<(usize, f64)> {
    tiers
        .iter()
        .position(|t| t.max_daily.is_none_or(|m| daily <= m))
        .or_else(|| tiers.len().checked_sub(1))
        .map(|i| (i, tiers[i].price))
}

/// Monthly fee of package `p` for `monthly_inquiries`: fee + overage price × inquiries above
/// the included volume.
pub fn package_fee(p: &Package, monthly_inquiries: f64) -> f64 {
    p.monthly_fee + (monthly_inquiries - p.included_inquiries).max(0.0) * p.overage_price
}

/// The cheapest package for `monthly_inquiries` (first in file order on a tie) and its fee.
pub fn cheapest_package(packages: &[Package], monthly_inquiries: f64) -> Option<(usize, f64)> {
    packages
        .iter()
        .enumerate()
        .map(|(i, p)| (i, package_fee(p, monthly_inquiries)))
        .fold(None, |best: Option<(usize, f64)>, (i, f)| match best {
            Some((_, b)) if b <= f => best,
            _ => Some((i, f)),
        })
}

/// Price of `seats` temporary peak seats for one day: `temp_seat_per_day` per person, plus
/// `temp_holiday_surcharge` on the holidays named in `temp_surcharge_holidays` (calendar
/// names, e.g. 劳动节 and 国庆节). Returns (price, surcharge applied).
pub fn temp_seats_price(p: &PriceModels, seats: u32, holiday: Option<&str>) -> (f64, bool) {
    let surcharge = holiday.is_some_and(|h| p.temp_surcharge_holidays.iter().any(|n| n == h));
    let day = p.temp_seat_per_day
        * if surcharge {
            1.0 + p.temp_holiday_surcharge
        } else {
            1.0
        };
    (day * f64::from(seats), surcharge)
}

/// Gross margin on price: `(price − cost) ÷ price`; `None` when the price is not positive.
pub fn margin(price: f64, cost: f64) -> Option<f64> {
    (price > 0.0).then(|| (price - cost) / price)
}

/// The monthly price needed for a target margin: `cost ÷ (1 − target)`.
pub fn price_for_margin(cost: f64, target: f64) -> f64 {
    cost / (1.0 - target)
}

/// Monthly price of `plan` for `volume` and `seats` under the price book `p`; `None` when the
/// book offers no such plan (no packages, no per-inquiry tiers).
///
/// * **Dedicated seat**: `dedicated_seat_monthly ×` (seats + night seats × night surcharge).
/// * **Base + commission**: `base_monthly ×` (seats + night seats × night surcharge) +
///   `base_commission_rate ×` monthly sales.
/// * **Commission**: `pure_commission_rate ×` monthly sales.
/// * **Per inquiry**: monthly inquiries × the unit price of the whole-volume tier of the daily
///   average ([`inquiry_tier`]).
/// * **New / returning**: monthly inquiries × (new share × `new_customer_price` + returning
///   share × `returning_customer_price`), at least the floor `floor_per_seat_shift_month ×`
///   (positions + night positions × night surcharge) — a position is one seat on one shift
///   every day ([`Seats::positions`]).
/// * **Package**: the cheapest package's fee plus overage ([`cheapest_package`]).
///
/// The night surcharge applies to the seat-priced parts (dedicated fee, base, floor).
pub fn plan_monthly(
    plan: BillingPlan,
    p: &PriceModels,
    volume: &Volume,
    seats: Seats,
) -> Option<f64> {
    let billed = seats.billed(p.night_surcharge);
    let monthly_inq = volume.monthly_inquiries();
    Some(match plan {
        BillingPlan::DedicatedSeat => p.dedicated_seat_monthly * billed,
        BillingPlan::BaseCommission => {
            p.base_monthly * billed + p.base_commission_rate * volume.monthly_sales()
        }
        BillingPlan::Commission => p.pure_commission_rate * volume.monthly_sales(),
        BillingPlan::PerInquiry => {
            inquiry_tier(&p.per_inquiry_tiers, volume.daily_inquiries)?.1 * monthly_inq
        }
        BillingPlan::NewReturning => {
            let share = volume.new_share.clamp(0.0, 1.0);
            let usage = monthly_inq
                * (share * p.new_customer_price + (1.0 - share) * p.returning_customer_price);
            usage.max(p.floor_per_seat_shift_month * seats.billed_positions(p.night_surcharge))
        }
        BillingPlan::Package => cheapest_package(&p.packages, monthly_inq)?.1,
    })
}

/// [`plan_monthly`] with a description of the computation.
pub fn plan_price(
    plan: BillingPlan,
    p: &PriceModels,
    volume: &Volume,
    seats: Seats,
) -> Option<PlanPrice> {
    let monthly = plan_monthly(plan, p, volume, seats)?;
    let night_note = if seats.night > 0 {
        format!(
            " (incl. {} night seats at +{:.0}%)",
            seats.night,
            100.0 * p.night_surcharge
        )
    } else {
        String::new()
    };
    let monthly_inq = volume.monthly_inquiries();
    let sales = volume.monthly_sales();
    let detail = match plan {
        BillingPlan::DedicatedSeat => format!(
            "{} seats × {:.0}{night_note}",
            seats.total, p.dedicated_seat_monthly
        ),
        BillingPlan::BaseCommission => format!(
            "{} seats × {:.0}{night_note} + {:.1}% of {:.0} sales",
            seats.total,
            p.base_monthly,
            100.0 * p.base_commission_rate,
            sales
        ),
        BillingPlan::Commission => format!(
            "{:.1}% of {:.0} sales",
            100.0 * p.pure_commission_rate,
            sales
        ),
        BillingPlan::PerInquiry => {
            let (i, unit) = inquiry_tier(&p.per_inquiry_tiers, volume.daily_inquiries)?;
            let bound = match p.per_inquiry_tiers[i].max_daily {
                Some(m) => format!("≤ {m:.0}/day"),
                None => "top".to_string(),
            };
            format!("{monthly_inq:.0} inquiries × {unit:.2} (tier {bound}, whole volume)")
        }
        BillingPlan::NewReturning => {
            let share = volume.new_share.clamp(0.0, 1.0);
            let usage = monthly_inq
                * (share * p.new_customer_price + (1.0 - share) * p.returning_customer_price);
            format!(
                "{:.0} new × {:.2} + {:.0} returning × {:.2} = {usage:.0}; floor {} seat-shifts × {:.0}{} = {:.0}",
                monthly_inq * share,
                p.new_customer_price,
                monthly_inq * (1.0 - share),
                p.returning_customer_price,
                seats.positions,
                p.floor_per_seat_shift_month,
                if seats.night_positions > 0 {
                    format!(
                        " (incl. {} night at +{:.0}%)",
                        seats.night_positions,
                        100.0 * p.night_surcharge
                    )
                } else {
                    String::new()
                },
                p.floor_per_seat_shift_month * seats.billed_positions(p.night_surcharge)
            )
        }
        BillingPlan::Package => {
            let (i, _) = cheapest_package(&p.packages, monthly_inq)?;
            let pk = &p.packages[i];
            format!(
                "package '{}' {:.0} incl. {:.0} + {:.0} over × {:.2}",
                pk.name,
                pk.monthly_fee,
                pk.included_inquiries,
                (monthly_inq - pk.included_inquiries).max(0.0),
                pk.overage_price
            )
        }
    };
    Some(PlanPrice {
        plan,
        monthly,
        detail,
    })
}

/// Every plan the book offers, in [`BillingPlan::ALL`] order.
pub fn all_plan_prices(p: &PriceModels, volume: &Volume, seats: Seats) -> Vec<PlanPrice> {
    BillingPlan::ALL
        .iter()
        .filter_map(|&plan| plan_price(plan, p, volume, seats))
        .collect()
}

/// Whether the plan's price depends on the desk's seats (and so implies dedicated staff).
pub fn seat_priced(plan: BillingPlan) -> bool {
    matches!(
        plan,
        BillingPlan::DedicatedSeat | BillingPlan::BaseCommission
    )
}
