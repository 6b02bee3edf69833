//! Readers for a single demand series and for a "special days" calendar, the formats of the
//! public real series in `shared/data/real/` and of most exports users bring along.
//!
//! * A **series** is `timestamp,volume` (header required, column names case-insensitive;
//!   `hour`/`inquiries` are accepted as synonyms). Timestamps are `YYYY-MM-DDTHH:MM[:SS]` or
//!   with a space. Sub-hourly rows (5, 15, 30 minutes …) are summed into the hour they start
//!   in. Missing rows stay missing — a closed desk or no data, never zero. Rows may come in
//!   any order; a repeated timestamp is an error.
//! * A **special-days calendar** is `date,weekday,name,kind[,…]` (any further columns, such as
//!   `daily_volume` or `ratio_vs_baseline`, are ignored: they are observations, not plans).
//!   The `kind` is mapped to a [`DayKind`] by [`map_special_kind`]:
//!
//! | `kind` in the file | [`DayKind`] |
//! |---|---|
//! | any of ours (`statutory`, `holiday`, `makeup_workday`, `presale`, `peak`, `after_sales`, `anniversary`, `carrier_stop`, `closed`, `event`) | itself |
//! | `holiday_*`, `public_holiday`, `federal_holiday`, `bank_holiday`, `national_holiday` | `Statutory` |
//! | `bridge*`, `day_off`, `rest_day` | `Holiday` |
//! | `makeup*`, `working_weekend` | `MakeupWorkday` |
//! | `closed*`, `closure` | `Closed` |
//! | `promo*`, `sale*` | `Peak` |
//! | `event*`, `observance`, `anomaly`, `weather`, `storm` | `Event` |
//! | `data_note`, `note`, `comment` | row skipped (a remark about the data, not a day kind) |
//!
//! Anything else is reported as a problem naming the accepted spellings. An optional `uplift`
//! column (a manual multiplier) and `shop` column are honoured when present.

use super::problem::{InputError, Problem};
use super::table::{opt, parse_timestamp, req, Bound, Table};
use crate::model::{CalendarEntry, DateRange, DayKind, Observation, ShopHistory};
use chrono::{Datelike, NaiveDateTime, Timelike};
use std::collections::BTreeMap;

/// Reads a `timestamp,volume` series into one shop's hourly history. Sub-hourly rows are
/// summed into their hour; an hour is present when at least one of its rows is.
pub fn read_series(file: &str, text: &str) -> Result<ShopHistory, InputError> {
    let mut problems = Vec::new();
    let header = text
        .trim_start_matches('\u{feff}')
        .split(['\r', '\n'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let names: Vec<String> = header.split(',').map(|h| h.trim().to_string()).collect();
    let time_col = ["timestamp", "hour", "time", "datetime", "ds"]
        .into_iter()
        .find(|c| names.iter().any(|n| n == c))
        .unwrap_or("timestamp");
    let value_col = ["volume", "inquiries", "calls", "value", "y"]
        .into_iter()
        .find(|c| names.iter().any(|n| n == c))
        .unwrap_or("volume");
    let columns = [req(time_col), req(value_col)];
    let table = Table::parse(file, text, &columns, &mut problems);
    let mut hours: BTreeMap<NaiveDateTime, f64> = BTreeMap::new();
    let mut seen: BTreeMap<NaiveDateTime, usize> = BTreeMap::new();
    for row in table.rows() {
        let mut r = row.reader(&mut problems);
        let raw = row.get(time_col);
        let ts = match parse_timestamp(raw) {
            Some(t) => Some(t),
            None => {
                r.fail(
                    time_col,
                    format!("'{raw}' is not a timestamp; expected YYYY-MM-DDTHH:MM[:SS] or YYYY-MM-DD HH:MM"),
                );
                None
            }
        };
        let v = r.number(value_col, Bound::NonNegative);
        let (Some(ts), Some(v)) = (ts, v) else {
            continue;
        };
        if let Some(prev) = seen.insert(ts, row.line) {
            r.fail(
                time_col,
                format!("duplicate timestamp {ts} (also on line {prev})"),
            );
            continue;
        }
        let hour = ts
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(ts);
        *hours.entry(hour).or_insert(0.0) += v;
    }
    if problems.is_empty() && hours.is_empty() {
        problems.push(Problem::at(
            file,
            1,
            "",
            format!("no data rows; expected `{time_col},{value_col}` rows under the header"),
        ));
    }
    let observations = hours
        .into_iter()
        .map(|(hour, inquiries)| Observation {
            hour,
            inquiries,
            new_customers: None,
            returning_customers: None,
        })
        .collect();
    InputError::or_ok(problems, ShopHistory { observations })
}

/// What a special-days `kind` spelling maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    /// A day kind of ours.
    Kind(DayKind),
    /// A remark about the data (`data_note`): skipped.
    Skip,
}

/// Maps a special-days `kind` spelling to a [`DayKind`] (see the module table); `None` when
/// the spelling is unknown.
pub fn map_special_kind(raw: &str) -> Option<SpecialKind> {
    if let Some(k) = DayKind::parse(raw) {
        return Some(SpecialKind::Kind(k));
    }
    let s = raw.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let kind = if matches!(s.as_str(), "data_note" | "note" | "comment") {
        return Some(SpecialKind::Skip);
    } else if s.starts_with("holiday")
        || matches!(
            s.as_str(),
            "public_holiday" | "federal_holiday" | "bank_holiday" | "national_holiday"
        )
    {
        DayKind::Statutory
    } else if s.starts_with("bridge") || matches!(s.as_str(), "day_off" | "rest_day") {
        DayKind::Holiday
    } else if s.starts_with("makeup") || s == "working_weekend" {
        DayKind::MakeupWorkday
    } else if s.starts_with("closed") || s == "closure" {
        DayKind::Closed
    } else if s.starts_with("promo") || s.starts_with("sale") {
        DayKind::Peak
    } else if s.starts_with("event")
        || matches!(s.as_str(), "observance" | "anomaly" | "weather" | "storm")
    {
        DayKind::Event
    } else {
        return None;
    };
    Some(SpecialKind::Kind(kind))
}

/// The weekday (0 = Monday) of a Chinese weekday name: `周一`..`周日`, `星期一`..`星期日`
/// (`天` for Sunday accepted).
fn chinese_weekday(raw: &str) -> Option<u32> {
    let rest = raw
        .trim()
        .strip_prefix("星期")
        .or_else(|| raw.trim().strip_prefix('周'))?;
    ["一", "二", "三", "四", "五", "六", "日"]
        .iter()
        .position(|c| *c == rest)
        .or((rest == "天").then_some(6))
        .map(|i| i as u32)
}

/// Reads a special-days calendar (`date,weekday,name,kind,…`) into calendar entries, mapping
/// kinds as documented in the module table. `data_note` rows are skipped. The `weekday`
/// column, when present, must agree with the date (a cheap check that dates were not shifted).
pub fn read_special_days(file: &str, text: &str) -> Result<Vec<CalendarEntry>, InputError> {
    let mut problems = Vec::new();
    let columns = [
        req("date"),
        opt("end"),
        opt("weekday"),
        req("name"),
        req("kind"),
        opt("shop"),
        opt("uplift"),
    ];
    // Extra observation columns (daily_volume, ratio_vs_baseline, …) are allowed and ignored.
    let mut header_problems = Vec::new();
    let table = Table::parse(file, text, &columns, &mut header_problems);
    problems.extend(
        header_problems
            .into_iter()
            .filter(|p| !(p.line == Some(1) && p.message.starts_with("unknown column"))),
    );
    let mut out = Vec::new();
    for row in table.rows() {
        let mut r = row.reader(&mut problems);
        let start = r.date("date");
        let end = match row.get("end") {
            "" => start,
            _ => r.date("end"),
        };
        let kind = r.choice(
            "kind",
            "one of our kinds (statutory, holiday, makeup_workday, presale, peak, after_sales, anniversary, carrier_stop, closed, event) or holiday_*, bridge*, makeup*, closed*, promo*, event*, data_note",
            map_special_kind,
        );
        let name = r.text("name");
        let uplift = r.opt_number("uplift", Bound::NonNegative);
        let shop = Some(row.get("shop").to_string()).filter(|s| !s.is_empty());
        if let (Some(d), wd) = (start, row.get("weekday")) {
            if !wd.is_empty() {
                let actual = d.format("%a").to_string();
                // English names by their first three letters (`Mon`, `Monday`), or Chinese
                // (`周一`, `星期一`, `星期日`/`星期天`). Characters, not bytes: found by fuzzing,
                // slicing three bytes panicked inside a multi-byte character.
                let matches = match chinese_weekday(wd) {
                    Some(n) => n == d.weekday().num_days_from_monday(),
                    None => {
                        let head: String = wd.chars().take(3).collect();
                        actual.eq_ignore_ascii_case(&head)
                    }
                };
                if !matches {
                    r.fail(
                        "weekday",
                        format!("'{wd}' does not match {d}, which is a {actual}"),
                    );
                }
            }
        }
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                r.fail("end", format!("end {e} is before start {s}"));
            }
        }
        if !r.clean() {
            continue;
        }
        if let (Some(start), Some(end), Some(SpecialKind::Kind(kind)), Some(name)) =
            (start, end, kind, name)
        {
            out.push(CalendarEntry {
                dates: DateRange { start, end },
                kind,
                name,
                shop,
                uplift,
            });
        }
    }
    InputError::or_ok(problems, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_sub_hourly_and_keeps_gaps() {
        let text =
            "timestamp,volume\n2024-01-01T09:00:00,5\n2024-01-01T09:30:00,7\n2024-01-01 11:00,3\n";
        let h = read_series("s.csv", text).unwrap();
        assert_eq!(h.observations.len(), 2);
        assert_eq!(h.observations[0].inquiries, 12.0);
        assert_eq!(h.observations[1].hour.hour(), 11);
    }

    #[test]
    fn reports_bad_rows_with_line_and_field() {
        let text = "timestamp,volume\n2024-01-01T09:00,x\nnope,1\n2024-01-01T09:00,1\n2024-01-01T09:00,1\n";
        let e = read_series("s.csv", text).unwrap_err();
        assert_eq!(e.problems.len(), 3);
        assert_eq!(e.problems[0].line, Some(2));
        assert_eq!(e.problems[0].field.as_deref(), Some("volume"));
        assert_eq!(e.problems[1].field.as_deref(), Some("timestamp"));
        assert!(e.problems[2].message.contains("duplicate"));
    }

    #[test]
    fn maps_special_kinds() {
        let text = "date,weekday,name,kind,daily_volume,ratio_vs_baseline\n\
            2003-05-26,Mon,Memorial Day,holiday_us_federal,,\n\
            2003-05-26,Mon,no data,data_note,,\n\
            2003-05-27,Tue,catch-up,event,38235.0,1.27\n\
            2003-06-01,Sun,shut,closed,,\n";
        let c = read_special_days("d.csv", text).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].kind, DayKind::Statutory);
        assert_eq!(c[1].kind, DayKind::Event);
        assert_eq!(c[2].kind, DayKind::Closed);
        assert!(c.iter().all(|e| e.uplift.is_none()));
    }

    #[test]
    fn rejects_unknown_kind_and_wrong_weekday() {
        let text =
            "date,weekday,name,kind\n2003-05-26,Tue,x,holiday_us\n2003-05-27,Tue,y,mystery\n";
        let e = read_special_days("d.csv", text).unwrap_err();
        assert_eq!(e.problems.len(), 2);
        assert_eq!(e.problems[0].field.as_deref(), Some("weekday"));
        assert_eq!(e.problems[1].field.as_deref(), Some("kind"));
    }
}
