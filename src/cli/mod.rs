//! The command line: argument definitions and one function per subcommand. `main.rs` only
//! calls [`run`] and turns errors into exit codes.

mod demo;
mod validate;

use crate::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// seatplan — forecast, size, roster, simulate, cost and price customer-service seats for
/// e-commerce shops.
#[derive(Debug, Parser)]
#[command(name = "seatplan", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of commands that print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON for scripts.
    Json,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario directory and print a summary; exits 1 listing every problem.
    Validate {
        /// Scenario directory (pools.csv, shops.csv, history.csv, calendar.csv, agents.csv,
        /// rules.toml, prices.toml).
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The bundled demo scenario.
    Demo {
        /// What to do with the demo.
        #[command(subcommand)]
        action: DemoAction,
    },
}

/// `seatplan demo ...`
#[derive(Debug, Subcommand)]
pub enum DemoAction {
    /// Regenerate the demo scenario files (deterministic for a seed).
    Generate {
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Directory to write into (created if missing; existing demo files are replaced
        /// atomically).
        #[arg(long, default_value = "data/demo")]
        out: PathBuf,
    },
}

/// Runs a parsed command line, writing its report to stdout.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Validate { dir, format } => validate::run(&dir, format),
        Command::Demo { action } => match action {
            DemoAction::Generate { seed, out } => demo::generate(seed, &out),
        },
    }
}
