//! The crate's error type: input problems (exit 1), file-system failures and usage errors (exit 2).

use crate::io::InputError;
use std::path::PathBuf;

/// Everything that can stop a seatplan command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs have problems; each names file, line and field.
    #[error("{0}")]
    Input(#[from] InputError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The queueing engine rejected its input.
    #[error("{0}")]
    Queueing(#[from] crate::queueing::QueueingError),
    /// The forecaster could not forecast (no or too little history).
    #[error("{0}")]
    Forecast(#[from] crate::forecast::ForecastError),
    /// A roster breaks hard rules (`check-roster`).
    #[error("{0}")]
    Rules(String),
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Process exit code: 1 for bad input, 2 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 1,
            Error::Queueing(_) | Error::Rules(_) | Error::Forecast(_) => 1,
            Error::Io { .. } | Error::Usage(_) => 2,
        }
    }
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
