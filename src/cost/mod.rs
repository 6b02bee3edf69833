//! Labour cost of a roster under Chinese pay rules: by category, by pool, and allocated to
//! shops. Pure library code — every parameter comes from `prices.toml`'s `[cost]`
//! ([`crate::model::CostParams`]); no file access, no printing.
//!
//! | need | function |
//! |------|----------|
//! | cost of a roster week by category and pool | [`roster_cost`] → [`CostBreakdown`] |
//! | a pool's cost shared out to its shops | [`allocate_to_shops`] → [`ShopCost`] |
//! | monthly salary → hourly wage | [`hourly_wage`] (`salary ÷ (21.75 × 8)`) |
//! | overtime hours of an employee's week | [`overtime_hours`] |
//! | the year's statutory-holiday pay on a week without holidays | [`statutory_expectation`] |
//! | new hires for a shift mix, as a costable roster | [`crew_for_mix`] → [`Crew`] |
//!
//! # Formulas
//! * **Hourly wage** = monthly salary ÷ (`pay_days_per_month` × `hours_per_day`); with the
//!   defaults 21.75 × 8 = 174 h, so 4,350 CNY/month = 25.00 CNY/h (劳社部发〔2008〕3号).
//!   Hourly-paid agents earn their wage; day-paid agents their day rate per shift (all-in).
//! * **Pay multiplier** of a shift is the roster's own `Assignment::pay_multiplier`
//!   ([`crate::schedule::Week::pay_multiplier`]): 1 on workdays; `rest_day_multiplier` (2.0) on
//!   rest days under standard hours without time off in lieu (1.0 with 补休, and under
//!   comprehensive hours); `statutory_multiplier` (3.0) on statutory holidays. Base wages get
//!   the 100 %, the premium line `(multiplier − 1)` × pay.
//! * **Overtime** ([`overtime_hours`]): standard hours — above 8 h a workday and 40 h over the
//!   week's workdays; comprehensive hours — above the cycle standard (40 h a normal week, pro
//!   rata without statutory days); paid `(overtime_multiplier − 1)` = 0.5 × the hourly wage on
//!   top of the base wages.
//! * **Social insurance and housing fund** = `social_insurance_rate` × every wage line
//!   (base, premiums, overtime, idle guaranteed hours) — the contribution base follows total
//!   wages. Night allowance and temporaries' all-in day rates carry none.
//! * **Night allowance** = `night_allowance_per_shift` per night shift (a policy: China sets no
//!   national amount).
//! * **Idle guaranteed hours**: an employee's guaranteed weekly hours not rostered
//!   ([`crate::schedule::RosterProblem::min_hours`]) are paid at the hourly wage.
//! * **FTE** = paid hours (rostered + idle) ÷ 40 (`hours_per_day × 5`). Per FTE and month:
//!   equipment, software, site overhead, `team_lead_monthly ÷ team_lead_span` and
//!   `qa_monthly ÷ qa_span` (supervision shared per agent, so a fraction of a lead is charged).
//! * **Training** (`training_per_new_seat`) is one-off per new hire, reported by the quote, not
//!   in the run rate.
//! * **Week → month**: × 52/12 ([`WEEKS_PER_MONTH`], 4.333 weeks); a month is 7 × 52/12 =
//!   30.33 days ([`DAYS_PER_MONTH`]).

mod categories;
mod crew;
mod roster;

pub use categories::CostCategories;
pub use crew::{crew_for_mix, crew_size, Crew, CrewSpec, CrewSummary};
pub use roster::{
    agent_wage, allocate_to_shops, hourly_wage, overtime_hours, roster_cost, statutory_expectation,
    CostBreakdown, PoolCost, ShopCost,
};

use crate::model::CostParams;

/// Weeks per month: 52 ÷ 12.
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

/// Days per month consistent with [`WEEKS_PER_MONTH`]: 7 × 52 ÷ 12 = 30.33.
pub const DAYS_PER_MONTH: f64 = 7.0 * 52.0 / 12.0;

/// Statutory holidays per year from 2025 (全国年节及纪念日放假办法, decree No. 795): 13.
pub const STATUTORY_DAYS_PER_YEAR: f64 = 13.0;

/// The standard working week that defines one FTE: `hours_per_day × 5` (40 h).
pub fn fte_hours_per_week(cost: &CostParams) -> f64 {
    cost.hours_per_day * 5.0
}

/// Why a roster could not be costed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CostError {
    /// The roster names an agent the problem does not know.
    #[error("the roster names agent '{0}', who is not in the scenario's agents")]
    UnknownAgent(String),
}
