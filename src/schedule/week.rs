//! The roster week and the roster horizon (any number of days from a start date): dates, their
//! pay class, and the shift instances (a template on a date) with the hours each one covers.
//!
//! Coverage treats the horizon as cyclic: the hours after midnight of the last day's late
//! shifts cover the first day's early hours, as next week's would — the usual convention of
//! weekly shift scheduling, so a week's plan is not penalised for the night before it started.

use crate::model::{Calendar, DayType, HoursSystem, Rules, ShiftTemplate};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use std::ops::Range;

/// Days in a roster week.
pub const DAYS: usize = 7;
/// Hours in a roster week.
pub const HOURS: usize = DAYS * 24;

/// The seven dates of the week and what each is for pay and rules.
#[derive(Debug, Clone)]
pub struct Week {
    /// First day (a Monday unless the user asked otherwise).
    pub start: NaiveDate,
    /// Dates, `start + i`.
    pub dates: [NaiveDate; DAYS],
    /// Pay class of each date.
    pub day_types: [DayType; DAYS],
    /// Holiday name of each date, if the calendar names one (for temp surcharges).
    pub holiday_names: [Option<String>; DAYS],
}

impl Week {
    /// The week starting `start`, classified by `calendar`.
    pub fn new(start: NaiveDate, calendar: &Calendar) -> Week {
        let dates: [NaiveDate; DAYS] = std::array::from_fn(|i| start + Duration::days(i as i64));
        let day_types = dates.map(|d| calendar.day_type(d));
        let holiday_names = dates.map(|d| {
            calendar
                .global_on(d)
                .find(|e| {
                    matches!(
                        e.kind,
                        crate::model::DayKind::Statutory | crate::model::DayKind::Holiday
                    )
                })
                .map(|e| e.name.clone())
        });
        Week {
            start,
            dates,
            day_types,
            holiday_names,
        }
    }

    /// Index of `date` in the week.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.start).num_days();
        (0..DAYS as i64).contains(&d).then_some(d as usize)
    }

    /// Start of hour `h` (0..168) of the week.
    pub fn hour(&self, h: usize) -> NaiveDateTime {
        self.start.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::hours(h as i64)
    }

    /// Whether day `d` is a weekend day (Saturday or Sunday) — for fairness.
    pub fn is_weekend(&self, d: usize) -> bool {
        matches!(self.dates[d].weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Pay multiplier of work on day `d` under `rules` and the multipliers given.
    ///
    /// Statutory holidays pay `statutory` under every hours system; rest days (weekends and
    /// bridged days off) pay `rest_day` under the standard system unless time off in lieu is
    /// the policy; make-up workdays (调休) and, under the comprehensive system, weekends are
    /// normal days.
    pub fn pay_multiplier(&self, d: usize, rules: &Rules, rest_day: f64, statutory: f64) -> f64 {
        pay_multiplier_of(self.day_types[d], rules, rest_day, statutory)
    }
}

/// Pay multiplier of a day of type `t` (see [`Week::pay_multiplier`]).
fn pay_multiplier_of(t: DayType, rules: &Rules, rest_day: f64, statutory: f64) -> f64 {
    match t {
        DayType::Statutory => statutory,
        DayType::RestDay
            if rules.hours_system == HoursSystem::Standard && !rules.holiday.time_off_in_lieu =>
        {
            rest_day
        }
        _ => 1.0,
    }
}

/// The days a roster plans: `dates.len()` consecutive dates from `start` — the seven of the
/// weekly roster, or any number for longer plans (a month, a season, a benchmark instance).
/// Weekly rules (hours, days off, nights per week) apply to each 7-day block from `start`;
/// horizon rules (totals, weekends, runs) to the whole horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    /// First day.
    pub start: NaiveDate,
    /// Dates, `start + i`.
    pub dates: Vec<NaiveDate>,
    /// Pay class of each date.
    pub day_types: Vec<DayType>,
    /// Holiday name of each date, if the calendar names one.
    pub holiday_names: Vec<Option<String>>,
}

impl Horizon {
    /// `days` days from `start`, classified by `calendar`.
    pub fn new(start: NaiveDate, days: usize, calendar: &Calendar) -> Horizon {
        let dates: Vec<NaiveDate> = (0..days)
            .map(|i| start + Duration::days(i as i64))
            .collect();
        Horizon {
            start,
            day_types: dates.iter().map(|&d| calendar.day_type(d)).collect(),
            holiday_names: dates
                .iter()
                .map(|&d| {
                    calendar
                        .global_on(d)
                        .find(|e| {
                            matches!(
                                e.kind,
                                crate::model::DayKind::Statutory | crate::model::DayKind::Holiday
                            )
                        })
                        .map(|e| e.name.clone())
                })
                .collect(),
            dates,
        }
    }

    /// The seven days of `week`.
    pub fn from_week(week: &Week) -> Horizon {
        Horizon {
            start: week.start,
            dates: week.dates.to_vec(),
            day_types: week.day_types.to_vec(),
            holiday_names: week.holiday_names.to_vec(),
        }
    }

    /// Number of days.
    pub fn days(&self) -> usize {
        self.dates.len()
    }

    /// Number of hours (`24 × days`).
    pub fn hours(&self) -> usize {
        self.dates.len() * 24
    }

    /// Index of `date` in the horizon.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.start).num_days();
        (0..self.days() as i64).contains(&d).then_some(d as usize)
    }

    /// Start of hour `h` of the horizon.
    pub fn hour(&self, h: usize) -> NaiveDateTime {
        self.start.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::hours(h as i64)
    }

    /// Whether day `d` is a Saturday or Sunday.
    pub fn is_weekend(&self, d: usize) -> bool {
        matches!(self.dates[d].weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The weekends of the horizon: the day indices of each Saturday–Sunday pair (one day when
    /// the horizon cuts the pair).
    pub fn weekends(&self) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        for d in (0..self.days()).filter(|&d| self.is_weekend(d)) {
            match out.last_mut() {
                Some(last)
                    if self.dates[d].weekday() == Weekday::Sun && last.last() == Some(&(d - 1)) =>
                {
                    last.push(d)
                }
                _ => out.push(vec![d]),
            }
        }
        out
    }

    /// The 7-day blocks from the start (the last one shorter when the horizon is not whole
    /// weeks); weekly rules apply to each.
    pub fn weeks(&self) -> Vec<Range<usize>> {
        (0..self.days())
            .step_by(DAYS)
            .map(|s| s..(s + DAYS).min(self.days()))
            .collect()
    }

    /// Pay multiplier of work on day `d` (see [`Week::pay_multiplier`]).
    pub fn pay_multiplier(&self, d: usize, rules: &Rules, rest_day: f64, statutory: f64) -> f64 {
        pay_multiplier_of(self.day_types[d], rules, rest_day, statutory)
    }
}

/// A shift template placed on a day of the week (or of the horizon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Day index 0..7 (0..days of the horizon).
    pub day: usize,
    /// Template index in `rules.shifts`.
    pub template: usize,
}

impl Slot {
    /// Start, minutes from the week's start.
    pub fn start_minute(&self, t: &ShiftTemplate) -> i64 {
        self.day as i64 * 1440 + t.start_minute as i64
    }

    /// End, minutes from the week's start (may exceed the week).
    pub fn end_minute(&self, t: &ShiftTemplate) -> i64 {
        self.start_minute(t) + t.length_minutes as i64
    }

    /// Week hours (0..168, cyclic) during which the shift is on the floor: every hour the
    /// shift overlaps by at least half. Breaks are covered by shrinkage, not carved out.
    pub fn covered_hours(&self, t: &ShiftTemplate) -> Vec<usize> {
        self.covered_hours_in(t, HOURS)
    }

    /// Hours of a horizon of `hours` hours (cyclic) during which the shift is on the floor.
    pub fn covered_hours_in(&self, t: &ShiftTemplate, hours: usize) -> Vec<usize> {
        let hours = hours.max(1) as i64;
        let (s, e) = (self.start_minute(t), self.end_minute(t));
        let first = s.div_euclid(60);
        let last = (e - 1).div_euclid(60);
        (first..=last)
            .filter(|h| {
                let overlap = (e.min((h + 1) * 60) - s.max(h * 60)).max(0);
                overlap >= 30
            })
            .map(|h| h.rem_euclid(hours) as usize)
            .collect()
    }
}
