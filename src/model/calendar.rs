//! The calendar: Chinese statutory holidays, bridged days off, make-up workdays (调休),
//! promotion phases, shop anniversaries, carrier stops and closures.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use std::fmt;

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DateRange {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive); `end >= start`.
    pub end: NaiveDate,
}

impl DateRange {
    /// A single day.
    pub fn day(d: NaiveDate) -> DateRange {
        DateRange { start: d, end: d }
    }

    /// Whether `d` falls inside.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// Number of days in the range.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether two ranges share at least one day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}..{}", self.start, self.end)
        }
    }
}

/// What kind of day a calendar entry marks. Effects are learned per kind, so an event never
/// seen by name still gets its kind's effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DayKind {
    /// Statutory holiday (法定节假日): 300 % pay if worked.
    Statutory,
    /// Bridged day off or weekend inside a holiday block: a rest day (200 % or time off in lieu).
    Holiday,
    /// Make-up workday (调休): a weekend day that is a normal workday.
    MakeupWorkday,
    /// Promotion presale / warm-up phase.
    Presale,
    /// Promotion peak day(s).
    Peak,
    /// After-sales wave following a promotion (returns, price protection, logistics).
    AfterSales,
    /// A shop's own anniversary sale.
    Anniversary,
    /// Express carriers stopped (Spring Festival): demand dips, logistics questions.
    CarrierStop,
    /// Desk closed: no service, no demand.
    Closed,
    /// Any other event.
    Event,
}

impl DayKind {
    /// Every kind, with its input-file spelling.
    pub const ALL: [DayKind; 10] = [
        DayKind::Statutory,
        DayKind::Holiday,
        DayKind::MakeupWorkday,
        DayKind::Presale,
        DayKind::Peak,
        DayKind::AfterSales,
        DayKind::Anniversary,
        DayKind::CarrierStop,
        DayKind::Closed,
        DayKind::Event,
    ];

    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Statutory => "statutory",
            DayKind::Holiday => "holiday",
            DayKind::MakeupWorkday => "makeup_workday",
            DayKind::Presale => "presale",
            DayKind::Peak => "peak",
            DayKind::AfterSales => "after_sales",
            DayKind::Anniversary => "anniversary",
            DayKind::CarrierStop => "carrier_stop",
            DayKind::Closed => "closed",
            DayKind::Event => "event",
        }
    }

    /// Parses the input-file spelling.
    pub fn parse(s: &str) -> Option<DayKind> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        DayKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the kind is a promotion phase.
    pub fn is_promotion(self) -> bool {
        matches!(
            self,
            DayKind::Presale | DayKind::Peak | DayKind::AfterSales | DayKind::Anniversary
        )
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One calendar row: a date range of one kind, global or for one shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarEntry {
    /// Dates covered.
    pub dates: DateRange,
    /// What kind of day.
    pub kind: DayKind,
    /// Event name (e.g. "双11", "春节"); effects are refined per name across years.
    pub name: String,
    /// The shop it applies to; `None` applies to every shop.
    pub shop: Option<String>,
    /// A manual demand multiplier overriding what the forecaster learned (managers' "assume 6×").
    pub uplift: Option<f64>,
}

impl CalendarEntry {
    /// Whether the entry applies to `shop` on `date`.
    pub fn applies(&self, shop: &str, date: NaiveDate) -> bool {
        self.dates.contains(date) && self.shop.as_deref().is_none_or(|s| s == shop)
    }
}

/// Pay class of a date under Chinese labour rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DayType {
    /// Ordinary workday (including make-up workdays).
    Workday,
    /// Rest day: weekend or bridged day off (200 % unless time off in lieu).
    RestDay,
    /// Statutory holiday (300 %).
    Statutory,
}

/// All calendar entries of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Calendar {
    /// Entries in file order.
    pub entries: Vec<CalendarEntry>,
}

impl Calendar {
    /// Entries that apply to `shop` on `date`.
    pub fn on<'a>(
        &'a self,
        shop: &'a str,
        date: NaiveDate,
    ) -> impl Iterator<Item = &'a CalendarEntry> + 'a {
        self.entries.iter().filter(move |e| e.applies(shop, date))
    }

    /// Global entries on `date` (those without a shop).
    pub fn global_on(&self, date: NaiveDate) -> impl Iterator<Item = &CalendarEntry> + '_ {
        self.entries
            .iter()
            .filter(move |e| e.shop.is_none() && e.dates.contains(date))
    }

    /// Pay class of `date`: statutory beats make-up workday beats holiday beats the weekday.
    pub fn day_type(&self, date: NaiveDate) -> DayType {
        let mut makeup = false;
        let mut holiday = false;
        for e in self.global_on(date) {
            match e.kind {
                DayKind::Statutory => return DayType::Statutory,
                DayKind::MakeupWorkday => makeup = true,
                DayKind::Holiday => holiday = true,
                _ => {}
            }
        }
        if makeup {
            DayType::Workday
        } else if holiday || matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            DayType::RestDay
        } else {
            DayType::Workday
        }
    }

    /// The span of dates the calendar covers, if it has entries.
    pub fn span(&self) -> Option<DateRange> {
        let start = self.entries.iter().map(|e| e.dates.start).min()?;
        let end = self.entries.iter().map(|e| e.dates.end).max()?;
        Some(DateRange { start, end })
    }
}
