//! Input problems: every complaint about an input file names the file, the line, the field and
//! what was expected, and a reader reports all problems of a file, not just the first.

use std::fmt;

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name as the user knows it (e.g. `shops.csv`).
    pub file: String,
    /// 1-based line number, when the problem has one.
    pub line: Option<usize>,
    /// Column or key, when the problem concerns one.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem at `file:line`, field `field`.
    pub fn at(file: &str, line: usize, field: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: Some(line),
            field: (!field.is_empty()).then(|| field.to_string()),
            message: message.into(),
        }
    }

    /// A problem with the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: None,
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field '{field}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// All problems found in one or more input files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputError {
    /// Problems in file order, then line order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(f, "{n} input problem{}:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

impl InputError {
    /// `Ok(value)` when there are no problems, else the error with them.
    pub fn or_ok<T>(problems: Vec<Problem>, value: T) -> Result<T, InputError> {
        if problems.is_empty() {
            Ok(value)
        } else {
            Err(InputError { problems })
        }
    }
}
