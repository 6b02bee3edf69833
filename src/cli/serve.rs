//! `seatplan serve`: the local web workspace (quote, scenario and roster pages) over the
//! library; see [`crate::web`].

use crate::web::{serve, ServeOptions};
use crate::Result;
use std::net::IpAddr;
use std::path::PathBuf;

/// Arguments of `seatplan serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Scenario directory (read once at start, never written).
    #[arg(default_value = "data/demo")]
    pub dir: PathBuf,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind; the default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Week of the roster viewer (default: the Monday after the history).
    #[arg(long)]
    pub week: Option<chrono::NaiveDate>,
    /// Roster solver time limit per group of pools, seconds.
    #[arg(long, default_value_t = 60.0)]
    pub time_limit: f64,
    /// Plan the roster on the first visit of the roster viewer instead of at start.
    #[arg(long)]
    pub lazy_roster: bool,
    /// Last week's roster CSV: the roster viewer's plan and uploaded rosters keep rest,
    /// successions and runs across the start of the week (as `roster --previous`).
    #[arg(long)]
    pub previous: Option<PathBuf>,
}

/// Runs `seatplan serve` until Ctrl-C.
pub fn run(a: &ServeArgs) -> Result<()> {
    serve(&ServeOptions {
        dir: a.dir.clone(),
        host: a.host,
        port: a.port,
        week: a.week,
        time_limit: a.time_limit,
        warm_roster: !a.lazy_roster,
        previous: a.previous.clone(),
    })
}
