//! Shared checks of the fuzz targets: a reader may accept or reject any input, but it must not
//! panic, and every problem it reports must name the file it was given and a line inside that
//! file; CSV readers must also name the column of every problem on a data row (the few
//! record-level complaints — wrong field count, unreadable record, bad UTF-8 — excepted).

use seatplan::io::{read_rules, Problem};
use seatplan::model::Rules;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The file name every target hands to its reader.
pub const FILE: &str = "fuzzed.csv";

/// The rules of the mini fixture (shift ids `early`, `late`, `night`, ...), for the readers that
/// need rules (roster, preferences).
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let text = include_str!("../../tests/fixtures/mini/rules.toml");
        let mut problems = Vec::new();
        read_rules("rules.toml", text, &mut problems).expect("mini rules.toml is valid")
    })
}

/// A set of ids.
pub fn ids(list: &[&str]) -> HashSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The input as text: valid UTF-8 as is, anything else lossily (the CLI rejects non-UTF-8
/// before the readers; the replacement characters still exercise them).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// How strictly a reader's problems are checked.
pub enum Fields<'a> {
    /// A CSV reader over these columns: every data-row problem names one of them (or is a
    /// record-level complaint); header problems may name the offending header.
    Csv(&'a [&'a str]),
    /// A reader without a column model (TOML keys, NRP fields): a field, when named, is
    /// non-empty.
    Any,
}

/// Record-level complaints that concern a whole row, not one of its columns.
const ROW_LEVEL: [&str; 3] = ["expected ", "unreadable record", "not valid UTF-8"];

/// Panics (which libFuzzer reports as a crash) unless every problem names `FILE`, a line
/// within the text and, per `fields`, a field.
pub fn check_problems(text: &str, problems: &[Problem], fields: Fields) {
    assert!(!problems.is_empty(), "a rejection must list its problems");
    // Lines as the readers count them: LF, CRLF and a lone CR each end a line (the CSV layer
    // reads a lone CR as a line break, as the CSV parser does); a last line without a newline
    // still counts.
    let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1;
    for p in problems {
        let shown = p.to_string();
        assert_eq!(p.file, FILE, "wrong file in {shown}");
        let line = p
            .line
            .unwrap_or_else(|| panic!("no line in problem: {shown}"));
        assert!(
            (1..=lines).contains(&line),
            "line {line} outside 1..={lines}: {shown}"
        );
        if let Some(f) = &p.field {
            assert!(!f.is_empty(), "empty field name: {shown}");
        }
        assert!(!p.message.trim().is_empty(), "empty message: {shown}");
        if let Fields::Csv(columns) = fields {
            match &p.field {
                Some(f) if line > 1 => assert!(
                    columns.contains(&f.as_str()),
                    "field '{f}' is not a column of the reader: {shown}"
                ),
                Some(_) => {}
                None if line > 1 => assert!(
                    ROW_LEVEL.iter().any(|s| p.message.starts_with(s)),
                    "data-row problem without a field: {shown}"
                ),
                None => {}
            }
        }
    }
}
