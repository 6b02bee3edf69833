//! Agents: the named people a roster assigns to shifts.

use super::calendar::DateRange;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Employment contract of an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Contract {
    /// Full-time employee on a monthly salary.
    FullTime,
    /// Part-time employee (short shifts, fewer weekly hours).
    PartTime,
    /// Temporary peak seat paid per day.
    Temporary,
}

impl Contract {
    /// Every contract, in the order summaries list them.
    pub const ALL: [Contract; 3] = [Contract::FullTime, Contract::PartTime, Contract::Temporary];

    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            Contract::FullTime => "full_time",
            Contract::PartTime => "part_time",
            Contract::Temporary => "temporary",
        }
    }

    /// Parses the input-file spelling.
    pub fn parse(s: &str) -> Option<Contract> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "full_time" | "fulltime" | "ft" => Some(Contract::FullTime),
            "part_time" | "parttime" | "pt" => Some(Contract::PartTime),
            "temporary" | "temp" => Some(Contract::Temporary),
            _ => None,
        }
    }
}

/// Legal protection that forbids night work (and overtime) for an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Protection {
    /// Pregnant 7 months or more (女职工劳动保护特别规定 Art. 6).
    Pregnant,
    /// Breastfeeding a child under one year.
    Nursing,
    /// A minor worker aged 16–17 (未成年工特殊保护规定).
    Minor,
}

impl Protection {
    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            Protection::Pregnant => "pregnant",
            Protection::Nursing => "nursing",
            Protection::Minor => "minor",
        }
    }
}

/// What an agent's `wage` is paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WageBasis {
    /// Monthly salary, CNY.
    Month,
    /// Day rate, CNY (temporary seats).
    Day,
    /// Hourly rate, CNY.
    Hour,
}

impl WageBasis {
    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            WageBasis::Month => "month",
            WageBasis::Day => "day",
            WageBasis::Hour => "hour",
        }
    }
}

/// A named agent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agent {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Contract type.
    pub contract: Contract,
    /// Pools the agent is trained to serve (at least one).
    pub pools: Vec<String>,
    /// Whether the agent may work night shifts.
    pub night_ok: bool,
    /// Legal protection forbidding nights, if any.
    pub protection: Option<Protection>,
    /// Fewest hours per week the contract guarantees.
    pub min_week_hours: f64,
    /// Most hours per week the contract allows.
    pub max_week_hours: f64,
    /// Pay, CNY per `wage_basis`.
    pub wage: f64,
    /// What `wage` is paid per.
    pub wage_basis: WageBasis,
    /// Dates the agent cannot work (leave, training).
    pub unavailable: Vec<DateRange>,
    /// Personal roster limits over the planning horizon (optional `agents.csv` columns); each
    /// unset limit falls back to the `rules.toml` value or to no limit.
    pub limits: AgentLimits,
}

/// Personal roster limits of an agent over the whole planning horizon (a week for the weekly
/// roster, any number of days for longer plans). `None` means "the `rules.toml` value" for
/// the rules that have one, else no limit. `AgentLimits::default()` sets nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AgentLimits {
    /// Most shifts of a template (by shift id) over the horizon; 0 forbids the template.
    pub max_shifts: BTreeMap<String, u32>,
    /// Fewest minutes worked over the horizon (shift lengths); hard when
    /// `rules.min_hours_hard`, else priced like idle guaranteed hours.
    pub min_total_minutes: Option<u32>,
    /// Most minutes worked over the horizon (shift lengths).
    pub max_total_minutes: Option<u32>,
    /// Most working days in a row (overrides `rules.max_consecutive_days`).
    pub max_consecutive_days: Option<u32>,
    /// Fewest working days in a row (overrides `rules.min_consecutive_days`); a run touching
    /// the first or last day of the horizon is exempt.
    pub min_consecutive_days: Option<u32>,
    /// Fewest days off in a row (overrides `rules.min_consecutive_days_off`); a run touching
    /// the first or last day is exempt.
    pub min_consecutive_days_off: Option<u32>,
    /// Most weekends worked, Saturday or Sunday with a shift, over the horizon (overrides
    /// `rules.max_weekends`).
    pub max_weekends: Option<u32>,
}

impl Agent {
    /// Whether the agent may be given night work: eligible and not protected.
    pub fn may_work_nights(&self) -> bool {
        self.night_ok && self.protection.is_none()
    }

    /// Whether the agent can work on `date`.
    pub fn available_on(&self, date: NaiveDate) -> bool {
        !self.unavailable.iter().any(|r| r.contains(date))
    }

    /// Whether the agent is trained for `pool`.
    pub fn serves(&self, pool: &str) -> bool {
        self.pools.iter().any(|p| p == pool)
    }
}
