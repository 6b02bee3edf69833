//! Labour rules, shift templates and sizing policy (`rules.toml`).

use super::agent::{Agent, AgentLimits, Contract};
use chrono::{NaiveDate, Weekday};
use serde::Serialize;

/// Working-hours system of the site's contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HoursSystem {
    /// Standard hours: 8 h/day, 40 h/week; weekend work is rest-day work (200 %).
    Standard,
    /// Comprehensive hours (综合计算工时, needs labour-bureau approval): weekend shifts are
    /// normal workdays; statutory holidays still pay 300 %.
    Comprehensive,
}

impl HoursSystem {
    /// The spelling used in `rules.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            HoursSystem::Standard => "standard",
            HoursSystem::Comprehensive => "comprehensive",
        }
    }
}

/// Night-work rules. China has no national night definition; 22:00–06:00 is common usage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NightRules {
    /// First hour of the night window (default 22).
    pub start_hour: u8,
    /// Hour the night window ends (default 6).
    pub end_hour: u8,
    /// A shift is a night shift when at least this many of its hours fall in the window.
    pub min_hours_in_window: f64,
    /// Most night shifts in a row.
    pub max_consecutive_nights: u32,
    /// Minimum rest after a run of nights before the next shift, hours.
    pub rest_after_night_run_hours: f64,
    /// Most night shifts per week.
    pub max_nights_per_week: u32,
}

impl NightRules {
    /// Whether the minute of day `m` (0–1439) lies in the night window.
    pub fn in_window(&self, m: u32) -> bool {
        let (s, e) = (self.start_hour as u32 * 60, self.end_hour as u32 * 60);
        if s <= e {
            s <= m && m < e
        } else {
            m >= s || m < e
        }
    }

    /// How many minutes of `[from, to)` (minutes from a midnight, any length) lie in the
    /// window: counted per whole day and the rest, not minute by minute (a year-long model
    /// asks this of a million shift variables).
    pub fn minutes_in_window(&self, from: u32, to: u32) -> u32 {
        let (s, e) = (self.start_hour as u32 * 60, self.end_hour as u32 * 60);
        // Minutes of [0, r) in the window, r within one day.
        let within = |r: u32| {
            if s <= e {
                r.clamp(s, e) - s
            } else {
                r.min(e) + r.saturating_sub(s)
            }
        };
        // Minutes of [0, x) in the window.
        let before = |x: u32| x / 1440 * within(1440) + within(x % 1440);
        before(to.max(from)) - before(from)
    }
}

/// Holiday policy (the pay multipliers themselves are cost parameters in `prices.toml`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HolidayPolicy {
    /// Rest-day work is compensated by time off in lieu (补休) instead of 200 % pay.
    pub time_off_in_lieu: bool,
}

/// Which forecast quantile sizing staffs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Quantile {
    /// The mean forecast.
    Mean,
    /// Median.
    P50,
    /// 80th percentile.
    P80,
    /// 95th percentile.
    P95,
}

impl Quantile {
    /// The spelling used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Quantile::Mean => "mean",
            Quantile::P50 => "p50",
            Quantile::P80 => "p80",
            Quantile::P95 => "p95",
        }
    }
}

/// How demand is turned into seats.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizingRules {
    /// Default shrinkage in [0, 1) for pools that set none.
    pub shrinkage: f64,
    /// Occupancy cap in (0, 1].
    pub max_occupancy: f64,
    /// Forecast quantile to staff to.
    pub staff_to: Quantile,
    /// Effective agents of one agent holding 1, 2, 3, ... chats (`[1.0, 1.7, 2.5, 2.9, 3.5]`):
    /// a shop with concurrency `c` uses the first `c` factors. See [`crate::queueing::Concurrency`].
    pub concurrency_factors: Vec<f64>,
    /// Optional cap on the mean wait of answered inquiries, seconds.
    pub max_asa_seconds: Option<f64>,
    /// Optional cap on the abandonment rate (shops with a patience only).
    pub max_abandon_rate: Option<f64>,
}

/// Weights of the fairness penalties (spreading unpopular shifts across agents).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FairnessWeights {
    /// Penalty per night shift above the fair share.
    pub nights: f64,
    /// Penalty per weekend shift above the fair share.
    pub weekends: f64,
    /// Penalty per statutory-holiday shift above the fair share.
    pub holidays: f64,
}

/// A shift pattern agents can be assigned to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftTemplate {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Start, minutes after midnight (0–1439).
    pub start_minute: u32,
    /// Length including breaks, minutes (may run past midnight).
    pub length_minutes: u32,
    /// Unpaid break, minutes.
    pub break_minutes: u32,
    /// Contracts that may work this shift.
    pub contracts: Vec<Contract>,
    /// Shift ids that may not be worked on the day after this one (explicit forbidden
    /// successions, checked besides the minimum rest; `not_followed_by` in `rules.toml`).
    pub not_followed_by: Vec<String>,
}

impl ShiftTemplate {
    /// End, minutes after the start day's midnight (above 1440 when it runs past midnight).
    pub fn end_minute(&self) -> u32 {
        self.start_minute + self.length_minutes
    }

    /// Paid hours (length less break).
    pub fn paid_hours(&self) -> f64 {
        (self.length_minutes - self.break_minutes) as f64 / 60.0
    }

    /// Hours of the shift that fall inside the night window.
    pub fn night_hours(&self, night: &NightRules) -> f64 {
        night.minutes_in_window(self.start_minute, self.end_minute()) as f64 / 60.0
    }

    /// Whether this is a night shift under `night`.
    pub fn is_night(&self, night: &NightRules) -> bool {
        self.night_hours(night) >= night.min_hours_in_window
    }

    /// Whether agents on `contract` may work it.
    pub fn allows(&self, contract: Contract) -> bool {
        self.contracts.contains(&contract)
    }

    /// "HH:MM-HH:MM" display of the shift's clock times.
    pub fn clock(&self) -> String {
        let e = self.end_minute() % 1440;
        format!(
            "{:02}:{:02}-{:02}:{:02}",
            self.start_minute / 60,
            self.start_minute % 60,
            e / 60,
            e % 60
        )
    }
}

/// All labour rules and scheduling policy of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    /// Standard or comprehensive hours.
    pub hours_system: HoursSystem,
    /// Minimum rest between the end of one shift and the start of the next, hours (a policy:
    /// Chinese law sets no national minimum).
    pub min_rest_hours: f64,
    /// Most working days in a row.
    pub max_consecutive_days: u32,
    /// Fewest days off in each roster week.
    pub min_days_off_per_week: u32,
    /// Fewest working days in a row (1 = no minimum). A run touching the first or last day of
    /// the horizon is exempt (it may continue outside it).
    pub min_consecutive_days: u32,
    /// Fewest days off in a row (1 = no minimum); runs touching either end are exempt.
    pub min_consecutive_days_off: u32,
    /// Most weekends (Saturday or Sunday worked) over the horizon; `None` = no limit.
    pub max_weekends: Option<u32>,
    /// Whether the minimum hours (weekly `min_week_hours` and an agent's minimum total over the
    /// horizon) are hard rules. Default false: guaranteed hours not rostered are paid idle.
    pub min_hours_hard: bool,
    /// Night-work rules.
    pub night: NightRules,
    /// Holiday policy.
    pub holiday: HolidayPolicy,
    /// Sizing policy.
    pub sizing: SizingRules,
    /// Fairness weights.
    pub fairness: FairnessWeights,
    /// Price of one uncovered seat-hour in the roster objective, CNY (understaffing is a priced
    /// slack, so a plan always comes back).
    pub shortage_penalty_per_seat_hour: f64,
    /// Shift templates.
    pub shifts: Vec<ShiftTemplate>,
}

impl Rules {
    /// The template with id `id`.
    pub fn shift(&self, id: &str) -> Option<&ShiftTemplate> {
        self.shifts.iter().find(|s| s.id == id)
    }

    /// The limits of `agent`: its own (`agents.csv`), else the `rules.toml` values
    /// (`max_consecutive_days`, `min_consecutive_days`, `min_consecutive_days_off`,
    /// `max_weekends`). Every run limit of the result is set.
    pub fn limits_for(&self, agent: &Agent) -> AgentLimits {
        let l = &agent.limits;
        AgentLimits {
            max_shifts: l.max_shifts.clone(),
            min_total_minutes: l.min_total_minutes,
            max_total_minutes: l.max_total_minutes,
            max_consecutive_days: l.max_consecutive_days.or(Some(self.max_consecutive_days)),
            min_consecutive_days: l.min_consecutive_days.or(Some(self.min_consecutive_days)),
            min_consecutive_days_off: l
                .min_consecutive_days_off
                .or(Some(self.min_consecutive_days_off)),
            max_weekends: l.max_weekends.or(self.max_weekends),
        }
    }
}

/// Cover wanted for one shift: how many agents should work it in a pool, with a price per agent
/// missing and per agent beyond the requirement — the benchmark's and many planners' way to
/// state demand, besides the per-hour seat requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftCover {
    /// Pool id.
    pub pool: String,
    /// The date it applies to; `None` with `weekday`: every such weekday; both `None`: every
    /// day of the horizon.
    pub date: Option<NaiveDate>,
    /// The weekday it applies to (when `date` is `None`).
    pub weekday: Option<Weekday>,
    /// Shift template id.
    pub shift: String,
    /// Agents wanted on the shift.
    pub required: u32,
    /// Price per agent missing.
    pub under_weight: f64,
    /// Price per agent beyond `required` (0: extra agents are free).
    pub over_weight: f64,
}

impl ShiftCover {
    /// Whether the line applies on `date`.
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        use chrono::Datelike;
        match (self.date, self.weekday) {
            (Some(d), _) => d == date,
            (None, Some(w)) => date.weekday() == w,
            (None, None) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_in_window_match_a_minute_by_minute_count() {
        // Every window (plain, wrapping past midnight, empty) against every shift start and
        // length up to two days, counted the slow way.
        for (start_hour, end_hour) in [(22, 6), (0, 1), (8, 17), (0, 0), (23, 24), (0, 24)] {
            let night = NightRules {
                start_hour,
                end_hour,
                min_hours_in_window: 1.0,
                max_consecutive_nights: 5,
                rest_after_night_run_hours: 24.0,
                max_nights_per_week: 5,
            };
            for from in (0..2880).step_by(37) {
                for len in (0..2880).step_by(53) {
                    let slow = (from..from + len)
                        .filter(|m| night.in_window(m % 1440))
                        .count() as u32;
                    assert_eq!(
                        night.minutes_in_window(from, from + len),
                        slow,
                        "window {start_hour}-{end_hour}, [{from}, {})",
                        from + len
                    );
                }
            }
        }
    }
}
