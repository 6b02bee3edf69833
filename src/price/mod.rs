//! Plan pricing: every outsourcing price model of the price book as a monthly price, margins
//! against the cost to serve, break-even volumes between plans, and the quote engine that
//! puts them together for a shop or a prospect. Pure library code — no file access, no
//! printing.
//!
//! | need | function |
//! |------|----------|
//! | a plan's monthly price for a volume and seats | [`plan_price`], [`all_plan_prices`] |
//! | per-inquiry tier (whole-volume) | [`inquiry_tier`] |
//! | cheapest monthly package | [`cheapest_package`], [`package_fee`] |
//! | temporary peak seats for a day | [`temp_seats_price`] |
//! | margin, price for a target margin | [`margin`], [`price_for_margin`] |
//! | break-even daily volumes between plans | [`break_evens`], [`BreakEvenSearch`] |
//! | a full quote | [`quote`] ([`ClientSpec`], [`QuoteContext`]) → [`Quote`] |
//! | a quote from a request (CLI flags, web form), validated field by field | [`quote_request`] ([`QuoteRequest`], [`QuoteInputs`]) |
//! | the default hour-of-day profile of a prospect | [`prospect_week`], [`NORMAL_DAY_PROFILE`] |

mod breakeven;
mod plans;
mod quote;
mod request;

pub use breakeven::{break_evens, BreakEven, BreakEvenSearch, CrossingKind};
pub use plans::{
    all_plan_prices, cheapest_package, inquiry_tier, margin, package_fee, plan_monthly, plan_price,
    price_for_margin, seat_priced, temp_seats_price, PlanPrice, Seats, Volume,
};
pub use quote::{
    prospect_week, quote, recommend, shared_pool_share, ClientSpec, Delivery, HourRow, OptionCost,
    PeakDay, PeakQuote, PlanQuote, Quote, QuoteContext, QuoteError, Recommendation, SharedShare,
    NORMAL_DAY_PROFILE,
};
pub use request::{
    client_spec, history_new_share, last_history_weeks, parse_peak_day, parse_sla, pool_wage,
    quote_request, quote_request_with, FieldError, QuoteInputs, QuoteRequest, QuoteRequestError,
    DEFAULT_AHT, DEFAULT_CONCURRENCY, DEFAULT_CONVERSION, DEFAULT_NEW_SHARE, DEFAULT_ORDER_VALUE,
    DEFAULT_WAGE, MAX_DAILY_INQUIRIES, QUOTE_SOLVE,
};
