//! The domain: shops and the pools that serve them, agents, shift templates, the calendar of
//! holidays and promotions, labour rules and the price book. Plain data, no I/O; the readers in
//! [`crate::io`] build these types from files and guarantee their invariants.

mod agent;
mod calendar;
mod demand;
mod history;
mod prices;
mod rules;
mod scenario;
mod shop;

pub use agent::{Agent, AgentLimits, Contract, Protection, WageBasis};
pub use calendar::{Calendar, CalendarEntry, DateRange, DayKind, DayType};
pub use demand::Demand;
pub use history::{History, Observation, ShopHistory};
pub use prices::{CostParams, InquiryTier, Package, PriceBook, PriceModels};
pub use rules::{
    FairnessWeights, HolidayPolicy, HoursSystem, NightRules, Quantile, Rules, ShiftCover,
    ShiftTemplate, SizingRules,
};
pub use scenario::Scenario;
pub use shop::{BillingPlan, Channel, Platform, Pool, PoolMode, ServiceHours, Shop};
