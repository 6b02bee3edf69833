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
        // CRLF (Windows) and CR-only (classic Mac) line endings: the CSV parser splits records
        // on them but miscounts lines (CRLF records one line short, CR-only files all on line
        // 1). Read every line ending as LF so each message names the physical line.
        let normalized;
        let text = if text.contains('\r') {
            normalized = text.replace("\r\n", "\n").replace('\r', "\n");
            normalized.as_str()
        } else {
            text
        };
        let mut table = Table {
            file: file.to_string(),
            index: HashMap::new(),
            rows: Vec::new(),
        };
        if text.trim().is_empty() {
            problems.push(Problem::at(
                file,
                1,
                "",
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
        if headers.len() == 1 && columns.len() > 1 {
            if let Some(sep) = ['\t', ';', '|']
                .into_iter()
                .find(|c| headers[0].contains(*c))
            {
                problems.push(Problem::at(
                    file,
                    1,
                    "",
                    format!(
                        "the header is separated by {sep:?}, not commas; save the file as comma-separated CSV (columns: {})",
                        known.join(",")
                    ),
                ));
                return table;
            }
        }
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
                                "expected {width} fields as in the header, found {}{}",
                                r.len(),
                                if r.len() > width {
                                    " (a comma inside a value, e.g. 1,234 or a name, splits it: quote the value)"
                                } else {
                                    ""
                                }
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

    /// A non-empty id. Ids may hold any letters (Chinese included), digits, inner spaces and
    /// punctuation, but not `,` `;` `"` or control characters: they separate lists and fields
    /// in the inputs and in the CSV outputs.
    pub fn id(&mut self, field: &str) -> Option<String> {
        let v = self.text(field)?;
        if let Some(c) = v
            .chars()
            .find(|c| matches!(c, ',' | ';' | '"') || c.is_control())
        {
            self.fail(
                field,
                format!(
                    "id '{}' contains {c:?}; ids may not contain commas, semicolons, quotes or control characters",
                    v.escape_debug()
                ),
            );
            return None;
        }
        Some(v)
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
        match parse_number(raw) {
            Some(v) if v.is_finite() => match bound.check(v) {
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
                let hint = if raw.contains(',') {
                    " (thousands separators must group 3 digits: 1,234 or 1,234.5)"
                } else {
                    ""
                };
                self.fail(
                    field,
                    format!("'{raw}' is not a number; expected {expected}{hint}"),
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
                let hint = excel_hint(raw, false);
                self.fail(
                    field,
                    format!("'{raw}' is not a date; expected YYYY-MM-DD{hint}"),
                );
                None
            }
        }
    }

    /// A timestamp on a whole hour in China local time, `YYYY-MM-DD HH:00` (a `T` separator,
    /// `/` in the date and `:00` seconds are accepted). A timestamp with a UTC offset
    /// (`+08:00`, `-05:00`, `Z`) is converted to China time (UTC+8, no daylight saving).
    pub fn hour(&mut self, field: &str) -> Option<NaiveDateTime> {
        let raw = self.row.get(field);
        match parse_timestamp(raw).or_else(|| parse_china_time(raw)) {
            Some(t) if t.minute() == 0 && t.second() == 0 => Some(t),
            Some(_) => {
                self.fail(
                    field,
                    format!("'{raw}' is not on the hour; history is hourly, expected HH:00"),
                );
                None
            }
            None => {
                let hint = excel_hint(raw, true);
                let hint = if hint.is_empty()
                    && raw.trim_end().ends_with(|c: char| c.is_ascii_alphabetic())
                {
                    "; time zone names (CST, EST, ...) are ambiguous: give an offset such as +08:00"
                        .to_string()
                } else {
                    hint
                };
                self.fail(
                    field,
                    format!("'{raw}' is not a timestamp; expected YYYY-MM-DD HH:00 in China local time, or with a UTC offset (+08:00, Z){hint}"),
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

/// Parses a number; a thousands separator is accepted when it groups three digits
/// (`1,234`, `12,345.5`, `-1,000`), so spreadsheet exports of volumes read as numbers.
pub fn parse_number(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    if !raw.contains(',') {
        return raw.parse().ok();
    }
    let unsigned = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut groups = int.split(',');
    let first = groups.next()?;
    let grouped = (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !grouped {
        return None;
    }
    raw.replace(',', "").parse().ok()
}

/// Excel stores dates as days since 1899-12-30; a number in a date column is almost always
/// an export of such a cell. Returns a hint naming the date it stands for (empty when `raw`
/// is no plausible serial, 1950–2150).
fn excel_hint(raw: &str, with_time: bool) -> String {
    let Ok(v) = raw.trim().parse::<f64>() else {
        return String::new();
    };
    if !(18_264.0..=91_312.0).contains(&v) {
        return String::new();
    }
    let Some(epoch) = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0))
    else {
        return String::new();
    };
    let at = epoch + chrono::Duration::seconds((v * 86_400.0).round() as i64);
    let shown = if with_time {
        at.format("%Y-%m-%d %H:%M").to_string()
    } else {
        at.format("%Y-%m-%d").to_string()
    };
    format!(
        "; it looks like an Excel serial date ({shown}): format the column as text dates before exporting"
    )
}

/// Parses `YYYY-MM-DD` (`/` separators accepted).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    ["%Y-%m-%d", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(raw, f).ok())
}

/// Parses `YYYY-MM-DD HH:MM[:SS]` with a space or `T` separator (`/` accepted in the date).
pub fn parse_timestamp(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
}

/// Parses a timestamp with a UTC offset (`2025-01-06T00:00:00+08:00`, `2025-01-05 16:00Z`,
/// `2025-01-06 00:00 +0800`) and returns it in China local time (UTC+8; China has no
/// daylight saving time).
pub fn parse_china_time(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    let china = chrono::FixedOffset::east_opt(8 * 3600)?;
    let z = raw
        .strip_suffix(['Z', 'z'])
        .map(|r| format!("{}+00:00", r.trim_end()));
    let raw = z.as_deref().unwrap_or(raw);
    [
        "%Y-%m-%d %H:%M%#z",
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M:%S%#z",
        "%Y-%m-%dT%H:%M:%S%#z",
        "%Y-%m-%d %H:%M %#z",
        "%Y-%m-%d %H:%M:%S %#z",
    ]
    .iter()
    .find_map(|f| chrono::DateTime::parse_from_str(raw, f).ok())
    .map(|t| t.with_timezone(&china).naive_local())
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
