//! Cost parameters and the price book (`prices.toml`).

use serde::Serialize;

/// What a seat costs the outsourcer. Defaults follow Chinese payroll practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostParams {
    /// Paid days per month used to turn a monthly salary into a day rate (21.75 by 劳社部发〔2008〕3号).
    pub pay_days_per_month: f64,
    /// Standard hours per day (8).
    pub hours_per_day: f64,
    /// Employer social insurance and housing fund, as a share of salary.
    pub social_insurance_rate: f64,
    /// Night allowance per night shift, CNY (no national amount; a policy).
    pub night_allowance_per_shift: f64,
    /// Weekday overtime multiplier (1.5).
    pub overtime_multiplier: f64,
    /// Rest-day work multiplier (2.0) unless time off in lieu.
    pub rest_day_multiplier: f64,
    /// Statutory-holiday work multiplier (3.0).
    pub statutory_multiplier: f64,
    /// Day rate of a temporary seat when the agent row gives none, CNY.
    pub temp_day_rate: f64,
    /// One-off training cost per new seat, CNY.
    pub training_per_new_seat: f64,
    /// Equipment per seat-month, CNY.
    pub equipment_per_seat_month: f64,
    /// Software and platform licences per seat-month, CNY.
    pub software_per_seat_month: f64,
    /// Site overhead (rent, utilities, admin) per seat-month, CNY.
    pub site_overhead_per_seat_month: f64,
    /// Agents per team lead.
    pub team_lead_span: f64,
    /// Monthly cost of one team lead, CNY.
    pub team_lead_monthly: f64,
    /// Agents per QA specialist.
    pub qa_span: f64,
    /// Monthly cost of one QA specialist, CNY.
    pub qa_monthly: f64,
    /// Target gross margin on price, in [0, 1).
    pub target_margin: f64,
}

/// One tier of per-inquiry billing: applies while the shop's daily average volume is at most
/// `max_daily` (the last tier has none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InquiryTier {
    /// Upper bound of the daily average volume for this tier; `None` for the last tier.
    pub max_daily: Option<f64>,
    /// Price per inquiry, CNY.
    pub price: f64,
}

/// A monthly package with included inquiries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    /// Package name.
    pub name: String,
    /// Monthly fee, CNY.
    pub monthly_fee: f64,
    /// Inquiries included per month.
    pub included_inquiries: f64,
    /// Price per inquiry above the included volume, CNY.
    pub overage_price: f64,
}

/// The outsourcer's price points for every plan type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceModels {
    /// Dedicated seat, fixed fee per seat-month, CNY (~4,500).
    pub dedicated_seat_monthly: f64,
    /// Base fee per seat-month under base + commission, CNY (~1,500).
    pub base_monthly: f64,
    /// Commission on closed sales under base + commission (2–3 %).
    pub base_commission_rate: f64,
    /// Commission on closed sales with no base.
    pub pure_commission_rate: f64,
    /// Per-inquiry tiers by daily average volume, ascending.
    pub per_inquiry_tiers: Vec<InquiryTier>,
    /// Price per new customer's inquiry, CNY.
    pub new_customer_price: f64,
    /// Price per returning customer's inquiry, CNY.
    pub returning_customer_price: f64,
    /// Monthly floor per seat per shift under new/returning billing, CNY.
    pub floor_per_seat_shift_month: f64,
    /// Temporary peak seat, per person per day, CNY (~200).
    pub temp_seat_per_day: f64,
    /// Surcharge on temporary seats on the named holidays, as a share (0.5 = +50 %).
    pub temp_holiday_surcharge: f64,
    /// Holiday names (as in the calendar) that carry the temporary-seat surcharge.
    pub temp_surcharge_holidays: Vec<String>,
    /// Monthly packages.
    pub packages: Vec<Package>,
    /// Surcharge on night-shift seats, as a share (~0.30).
    pub night_surcharge: f64,
}

/// Everything `prices.toml` holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceBook {
    /// Cost parameters.
    pub cost: CostParams,
    /// Price points.
    pub prices: PriceModels,
}
