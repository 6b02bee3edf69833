//! A small CSV table layer over the `csv` crate that knows its file name and line numbers, so
//! every field-level complaint can say exactly where it is.

use super::problem::Problem;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::collections::HashMap;

/// Column spec: name and whether it must be present.
pub struct Column {
    /// Header name.
    pub name: &'static str,
    /// Whether the header must be present.
    pub required: bool,
}

/// A required column.
pub const fn req(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

/// An optional column.
pub const fn opt(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

/// A parsed CSV file: header index plus records with their line numbers.
pub struct Table {
    file: String,
    index: HashMap<String, usize>,
    rows: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    /// Parses `text` as CSV with a header row. Problems with the header (missing, duplicate or
    /// unknown columns) and malformed records are pushed to `problems`; the table keeps the
    /// records it could read.
    pub fn parse(file: &str, text: &str, columns: &[Column], problems: &mut Vec<Problem>) -> Table {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut table = Table {
            file: file.to_string(),
            index: HashMap::new(),
            rows: Vec::new(),
        };
        if text.trim().is_empty() {
            problems.push(Problem::file(
                file,
                format!(
                    "file is empty; expected a header row with columns: {}",
                    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
                ),
            ));
            return table;
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = match rdr.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.push(Problem::at(file, 1, "", format!("unreadable header: {e}")));
                return table;
            }
        };
        let known: Vec<&str> = columns.iter().map(|c| c.name).collect();
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim().to_ascii_lowercase();
            if name.is_empty() {
                problems.push(Problem::at(
                    file,
                    1,
                    "",
                    format!("column {} has an empty header", i + 1),
                ));
            } else if !known.contains(&name.as_str()) {
                problems.push(Problem::at(
                    file,
                    1,
                    &name,
                    format!("unknown column; expected one of: {}", known.join(", ")),
                ));
            } else if table.index.insert(name.clone(), i).is_some() {
                problems.push(Problem::at(file, 1, &name, "duplicate column"));
            }
        }
        for c in columns.iter().filter(|c| c.required) {
            if !table.index.contains_key(c.name) {
                problems.push(Problem::at(file, 1, c.name, "required column is missing"));
            }
        }
        let width = headers.len();
        for rec in rdr.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line() as usize);
                    if r.iter().all(|f| f.is_empty()) {
                        continue; // blank line
                    }
                    if r.len() != width {
                        problems.push(Problem::at(
                            file,
                            line,
                            "",
                            format!(
                                "expected {width} fields as in the header, found {}",
                                r.len()
                            ),
                        ));
                        continue;
                    }
                    table.rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let msg = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => {
                            "not valid UTF-8; save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)"
                                .to_string()
                        }
                        _ => format!("unreadable record: {e}"),
                    };
                    problems.push(Problem::at(file, line, "", msg));
                }
            }
        }
        table
    }

    /// The records with their line numbers.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, rec)| Row {
            table: self,
            line: *line,
            rec,
        })
    }
}

/// One record of a [`Table`].
pub struct Row<'t> {
    table: &'t Table,
    /// 1-based line number of the record.
    pub line: usize,
    rec: &'t csv::StringRecord,
}

impl<'t> Row<'t> {
    /// The trimmed text of column `name` ("" when the column is absent).
    pub fn get(&self, name: &str) -> &'t str {
        self.table
            .index
            .get(name)
            .and_then(|&i| self.rec.get(i))
            .unwrap_or("")
    }

    /// A problem at this row and column.
    pub fn problem(&self, field: &str, message: impl Into<String>) -> Problem {
        Problem::at(&self.table.file, self.line, field, message)
    }

    /// A field reader that collects this row's problems into `problems`.
    pub fn reader<'p>(&'p self, problems: &'p mut Vec<Problem>) -> FieldReader<'p, 't> {
        FieldReader {
            row: self,
            problems,
            clean: true,
        }
    }
}

/// Numeric bounds for a field.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    /// ≥ 0.
    NonNegative,
    /// > 0.
    Positive,
    /// In (0, 1].
    UnitOpenClosed,
    /// In [0, 1].
    Unit,
    /// In [0, 1).
    UnitClosedOpen,
}

impl Bound {
    fn check(self, v: f64) -> Result<(), &'static str> {
        let ok = match self {
            Bound::NonNegative => v >= 0.0,
            Bound::Positive => v > 0.0,
            Bound::UnitOpenClosed => v > 0.0 && v <= 1.0,
            Bound::Unit => (0.0..=1.0).contains(&v),
            Bound::UnitClosedOpen => (0.0..1.0).contains(&v),
        };
        if ok {
            Ok(())
        } else {
            Err(match self {
                Bound::NonNegative => "a number ≥ 0",
                Bound::Positive => "a number > 0",
                Bound::UnitOpenClosed => "a share in (0, 1], e.g. 0.8",
                Bound::Unit => "a share in [0, 1]",
                Bound::UnitClosedOpen => "a share in [0, 1), e.g. 0.3",
            })
        }
    }
}

/// Reads typed fields from a row, recording every problem and remembering whether the row was
/// clean. Failed fields return `None`.
pub struct FieldReader<'p, 't> {
    row: &'p Row<'t>,
    problems: &'p mut Vec<Problem>,
    clean: bool,
}

impl<'p, 't> FieldReader<'p, 't> {
    /// Whether every field read so far parsed.
    pub fn clean(&self) -> bool {
        self.clean
    }

    /// Records a problem on `field`.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.clean = false;
        self.problems.push(self.row.problem(field, message));
    }

    /// Non-empty text.
    pub fn text(&mut self, field: &str) -> Option<String> {
        let v = self.row.get(field);
        if v.is_empty() {
            self.fail(field, "is empty; a value is required");
            None
        } else {
            Some(v.to_string())
        }
    }

    /// Text, possibly empty.
    pub fn text_or_empty(&self, field: &str) -> String {
        self.row.get(field).to_string()
    }

    /// A finite number within `bound`.
    pub fn number(&mut self, field: &str, bound: Bound) -> Option<f64> {
        let raw = self.row.get(field);
        if raw.is_empty() {
            self.fail(field, "is empty; a number is required");
            return None;
        }
        self.parse_number(field, raw, bound)
    }

    /// An optional number within `bound` (empty → `None` without a problem).
    pub fn opt_number(&mut self, field: &str, bound: Bound) -> Option<f64> {
        let raw = self.row.get(field);
        if raw.is_empty() {
            return None;
        }
        self.parse_number(field, raw, bound)
    }

    fn parse_number(&mut self, field: &str, raw: &str, bound: Bound) -> Option<f64> {
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() => match bound.check(v) {
                Ok(()) => Some(v),
                Err(expected) => {
                    self.fail(
                        field,
                        format!("'{raw}' is out of range; expected {expected}"),
                    );
                    None
                }
            },
            _ => {
                let expected = bound.check(f64::NAN).err().unwrap_or("a number");
                self.fail(
                    field,
                    format!("'{raw}' is not a number; expected {expected}"),
                );
                None
            }
        }
    }

    /// A whole number ≥ `min`.
    pub fn integer(&mut self, field: &str, min: u32) -> Option<u32> {
        let raw = self.row.get(field);
        match raw.parse::<u32>() {
            Ok(v) if v >= min => Some(v),
            _ => {
                self.fail(field, format!("'{raw}' is not a whole number ≥ {min}"));
                None
            }
        }
    }

    /// A value parsed by `parse`; `expected` describes the valid values.
    pub fn choice<T>(
        &mut self,
        field: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.row.get(field);
        match parse(raw) {
            Some(v) => Some(v),
            None => {
                self.fail(field, format!("'{raw}' is not valid; expected {expected}"));
                None
            }
        }
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let raw = self.row.get(field);
        match parse_date(raw) {
            Some(d) => Some(d),
            None => {
                self.fail(field, format!("'{raw}' is not a date; expected YYYY-MM-DD"));
                None
            }
        }
    }

    /// A timestamp on a whole hour, `YYYY-MM-DD HH:00` (a `T` separator and `:00` seconds are
    /// accepted).
    pub fn hour(&mut self, field: &str) -> Option<NaiveDateTime> {
        let raw = self.row.get(field);
        match parse_timestamp(raw) {
            Some(t) if t.minute() == 0 && t.second() == 0 => Some(t),
            Some(_) => {
                self.fail(
                    field,
                    format!("'{raw}' is not on the hour; history is hourly, expected HH:00"),
                );
                None
            }
            None => {
                self.fail(
                    field,
                    format!("'{raw}' is not a timestamp; expected YYYY-MM-DD HH:00 (local time)"),
                );
                None
            }
        }
    }

    /// A yes/no flag.
    pub fn flag(&mut self, field: &str) -> Option<bool> {
        self.choice(field, "yes or no (true/false, 1/0)", parse_flag)
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

/// Parses `YYYY-MM-DD HH:MM[:SS]` with a space or `T` separator.
pub fn parse_timestamp(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
}

/// Parses a clock time `HH:MM` where `24:00` is the end of the day; returns minutes after
/// midnight (0–1440).
pub fn parse_clock(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    if raw == "24:00" {
        return Some(1440);
    }
    NaiveTime::parse_from_str(raw, "%H:%M")
        .ok()
        .map(|t| t.hour() * 60 + t.minute())
}

/// Parses yes/no flags.
pub fn parse_flag(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Some(true),
        "no" | "n" | "false" | "0" | "否" => Some(false),
        _ => None,
    }
}

/// Parses a date or an inclusive date range `YYYY-MM-DD..YYYY-MM-DD`.
pub fn parse_date_range(raw: &str) -> Option<crate::model::DateRange> {
    let raw = raw.trim();
    let (a, b) = match raw.split_once("..") {
        Some((a, b)) => (parse_date(a)?, parse_date(b)?),
        None => {
            let d = parse_date(raw)?;
            (d, d)
        }
    };
    (a <= b).then_some(crate::model::DateRange { start: a, end: b })
}
