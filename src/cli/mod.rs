//! The command line: argument definitions and one function per subcommand. `main.rs` only
//! calls [`run`] and turns errors into exit codes.

mod cost;
mod demo;
mod erlang;
mod forecast;
mod nrp;
mod plan;
mod quote;
mod roster;
mod scenario;
mod serve;
mod simulate;
mod size;
mod validate;

use crate::io::write_atomic;
use crate::Error;
use crate::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

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
    /// The weekly plan end to end — validate, forecast, size, roster, simulate, cost, price —
    /// writing forecast.csv, requirements.csv, roster.csv, roster.xlsx, coverage.csv, cost.csv,
    /// quote.csv and report.html.
    Plan {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// First day of the week (default: the Monday after the history).
        #[arg(long)]
        week: Option<chrono::NaiveDate>,
        /// Solver time limit per group of pools, seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Simulation replications.
        #[arg(long, default_value_t = 50)]
        reps: usize,
        /// Random seed of the simulation.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory (must not be the scenario directory).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// A peak-event scenario file (see `scenario`) whose comparison goes into report.html
        /// and scenario.csv.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Last week's roster CSV: rest, successions and runs hold across the start of the week
        /// (as `roster --previous`).
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// Peak-event what-ifs side by side: the event's week run through the whole pipeline for
    /// the baseline and each variant (uplift, extra temporary seats, relaxed SLA, a new shop),
    /// in parallel; prints the comparison and writes `scenario.csv` and `scenario.html`.
    Scenario {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// Scenario file (TOML) with the event and its variants (see README).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Event name as in calendar.csv (双11, 618, 双12, …; double11 works too).
        #[arg(long)]
        event: Option<String>,
        /// Demand on the event's peak days as a multiple of a normal day; one variant per
        /// value (repeat the flag or give a list: 3,6,10).
        #[arg(long, value_delimiter = ',')]
        uplift: Vec<f64>,
        /// Temporary agents added to every pool in each variant.
        #[arg(long, default_value_t = 0)]
        extra_temps: u32,
        /// Day rate of the added temporary agents, CNY (default: prices.toml's temp_day_rate).
        #[arg(long)]
        temp_day_rate: Option<f64>,
        /// Service-level target for every shop in each variant (with --sla-seconds).
        #[arg(long, requires = "sla_seconds")]
        sla_target: Option<f64>,
        /// Answer-within threshold of that target, seconds.
        #[arg(long, requires = "sla_target")]
        sla_seconds: Option<f64>,
        /// Occupancy cap of the sizing in each variant (share in (0, 1]; default: rules.toml's
        /// sizing.max_occupancy), e.g. 0.95 to let agents run hotter on the peak.
        #[arg(long)]
        max_occupancy: Option<f64>,
        /// Plan only this pool (or the pool of this shop): fast what-ifs for one desk.
        #[arg(long)]
        focus: Option<String>,
        /// First day of the week (default: the Monday of the event's next peak day).
        #[arg(long)]
        week: Option<chrono::NaiveDate>,
        /// Roster time limit per group of pools and run, seconds.
        #[arg(long, default_value_t = 30.0)]
        time_limit: f64,
        /// Simulation replications per run.
        #[arg(long, default_value_t = 30)]
        reps: usize,
        /// Random seed of the simulation.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory (must not be the scenario directory).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Hourly demand forecast per shop with P50/P80/P95: writes `forecast.csv` (with the
    /// level, seasonal and event components of every hour).
    Forecast {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// First day (default: the Monday after the history).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Weeks to forecast.
        #[arg(long, default_value_t = 1)]
        weeks: u32,
        /// Print each hour's components (level, seasonal, event) for the first day.
        #[arg(long)]
        explain: bool,
        /// Output directory (must not be the scenario directory).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Backtest the forecaster: one fit before --start, a --horizon-hours forecast, WAPE, MAPE
    /// and bias beside the seasonal-naive and 4-week-profile baselines.
    Backtest {
        /// Scenario directory (ignored with --series).
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// A single series `timestamp,volume` instead of a scenario.
        #[arg(long)]
        series: Option<PathBuf>,
        /// Calendar for --series: seatplan's calendar.csv or a special-days file
        /// (`date,weekday,name,kind,...`; kinds holiday*, closed*, event, data_note).
        #[arg(long, requires = "series")]
        calendar: Option<PathBuf>,
        /// Only this shop of the scenario.
        #[arg(long, conflicts_with = "series")]
        shop: Option<String>,
        /// First forecast day.
        #[arg(long)]
        start: chrono::NaiveDate,
        /// Forecast horizon in hours.
        #[arg(long, default_value_t = 336)]
        horizon_hours: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Seats per pool and hour from demand: writes `requirements.csv` (traffic, required and
    /// scheduled seats, expected service level, ASA, abandonment, occupancy) and prints pool
    /// totals with the pooling saving.
    Size {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// Demand table (`shop,hour,inquiries` or a forecast with `mean,p50,p80,p95`);
        /// default: the forecast of the week (at the rules' `staff_to` quantile).
        #[arg(long, conflicts_with_all = ["week", "last_history_week"])]
        demand: Option<PathBuf>,
        /// Week to forecast and size (default: the Monday after the history).
        #[arg(long)]
        week: Option<chrono::NaiveDate>,
        /// Size the last full week of history (actuals) instead of a forecast.
        #[arg(long, conflicts_with = "week")]
        last_history_week: bool,
        /// Output directory (must not be the scenario directory).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Weekly roster of named agents (integer program on HiGHS): writes `roster.csv` and
    /// `coverage.csv`, prints cost, bound, gap, shortages and the temporary seats that would
    /// close them.
    Roster {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// First day of the roster week (default: the Monday after the history).
        #[arg(long)]
        week: Option<chrono::NaiveDate>,
        /// Seat requirement from `seatplan size` instead of sizing the week here.
        #[arg(long)]
        requirements: Option<PathBuf>,
        /// Solver time limit per group of pools, seconds.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Relative MIP gap at which the solver stops.
        #[arg(long, default_value_t = 0.005)]
        gap: f64,
        /// Last week's roster CSV (as `roster` writes it): rest between shifts, forbidden
        /// successions, runs of days and nights and the rest after a night run then hold across
        /// the start of the week.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Output directory (must not be the scenario directory).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Least-cost shift mix per pool (integer counts of each shift template per day and
    /// contract covering the week's requirement): writes `shift_mix.csv`.
    Mix {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// First day of the week (default: the Monday after the history).
        #[arg(long)]
        week: Option<chrono::NaiveDate>,
        /// Seat requirement from `seatplan size` instead of sizing the week here.
        #[arg(long)]
        requirements: Option<PathBuf>,
        /// Solver time limit per pool, seconds.
        #[arg(long, default_value_t = 30.0)]
        time_limit: f64,
        /// Output directory.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Re-verify a roster (ours or hand-made) against every rule; exits 1 on a hard violation.
    CheckRoster {
        /// Scenario directory.
        #[arg(default_value = "data/demo")]
        dir: PathBuf,
        /// Roster CSV (`agent,date,shift,pool`, as `roster` writes it).
        #[arg(long)]
        roster: PathBuf,
        /// First day of the week (default: the Monday of the roster's first date).
        #[arg(long)]
        week: Option<chrono::NaiveDate>,
        /// Seat requirement CSV for the coverage report.
        #[arg(long)]
        requirements: Option<PathBuf>,
        /// Last week's roster CSV (as `roster` writes it): rest between shifts, forbidden
        /// successions, runs of days and nights and the rest after a night run then hold across
        /// the start of the week.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Simulate a roster against demand (discrete-event, replications in parallel): writes
    /// `coverage.csv` with the service level it really reaches hour by hour.
    Simulate(simulate::SimulateArgs),
    /// Cost of a roster by category, by pool and allocated to shops: writes `cost.csv`.
    Cost(cost::CostArgs),
    /// Quote for sales: seats, cost and the price under every plan, for a prospect's daily
    /// volume or an existing shop.
    Quote(quote::QuoteArgs),
    /// Local web workspace for sales and managers: quote page, peak-scenario page and roster
    /// viewer over the same library, on http://127.0.0.1:8080/ by default.
    Serve(serve::ServeArgs),
    /// Solve a Curtois & Qu shift-scheduling benchmark instance with the roster engine.
    BenchNrp(nrp::BenchNrpArgs),
    /// Erlang C / Erlang A calculator: metrics for a number of agents, or the agents needed for
    /// a service-level target.
    Erlang(erlang::ErlangArgs),
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
        /// Number of shops for a scale scenario (the twelve demo shops repeated in sets with
        /// their own pools); without --shops/--agents the demo itself is written.
        #[arg(long)]
        shops: Option<usize>,
        /// Number of agents for a scale scenario (default: the demo's 100 per 12 shops).
        #[arg(long)]
        agents: Option<usize>,
    },
}

/// Runs a parsed command line, writing its report to stdout.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Validate { dir, format } => validate::run(&dir, format),
        Command::Plan {
            dir,
            week,
            time_limit,
            reps,
            seed,
            out,
            format,
            scenario,
            previous,
        } => plan::run(&plan::PlanArgs {
            dir: &dir,
            week,
            time_limit,
            reps,
            seed,
            out: &out,
            format,
            scenario: scenario.as_deref(),
            previous: previous.as_deref(),
        }),
        Command::Scenario {
            dir,
            file,
            event,
            uplift,
            extra_temps,
            temp_day_rate,
            sla_target,
            sla_seconds,
            max_occupancy,
            focus,
            week,
            time_limit,
            reps,
            seed,
            out,
            format,
        } => scenario::run(&scenario::ScenarioArgs {
            dir: &dir,
            file: file.as_deref(),
            event,
            uplifts: uplift,
            extra_temps,
            temp_day_rate,
            sla: sla_target.zip(sla_seconds),
            max_occupancy,
            focus,
            week,
            time_limit,
            reps,
            seed,
            out: &out,
            format,
        }),
        Command::Forecast {
            dir,
            from,
            weeks,
            explain,
            out,
            format,
        } => forecast::run(&dir, from, weeks, explain, &out, format),
        Command::Backtest {
            dir,
            series,
            calendar,
            shop,
            start,
            horizon_hours,
            format,
        } => {
            let input = match series.as_deref() {
                Some(series) => forecast::BacktestInput::Series {
                    series,
                    calendar: calendar.as_deref(),
                },
                None => forecast::BacktestInput::Scenario {
                    dir: &dir,
                    shop: shop.as_deref(),
                },
            };
            forecast::run_backtest(input, start, horizon_hours, format)
        }
        Command::Size {
            dir,
            demand,
            week,
            last_history_week,
            out,
            format,
        } => {
            let source = match (demand.as_deref(), last_history_week) {
                (Some(path), _) => size::DemandSource::File(path),
                (None, true) => size::DemandSource::LastHistoryWeek,
                (None, false) => size::DemandSource::Forecast(week),
            };
            size::run(&dir, source, &out, format)
        }
        Command::Erlang(args) => erlang::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Quote(args) => quote::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Cost(args) => cost::run(&args),
        Command::BenchNrp(args) => nrp::run(&args),
        Command::Roster {
            dir,
            week,
            requirements,
            time_limit,
            gap,
            previous,
            out,
            format,
        } => roster::run(&roster::RosterArgs {
            dir: &dir,
            week,
            requirements: requirements.as_deref(),
            time_limit,
            gap,
            previous: previous.as_deref(),
            out: &out,
            format,
        }),
        Command::Mix {
            dir,
            week,
            requirements,
            time_limit,
            out,
            format,
        } => roster::mix(
            &dir,
            week,
            requirements.as_deref(),
            time_limit,
            &out,
            format,
        ),
        Command::CheckRoster {
            dir,
            roster: file,
            week,
            requirements,
            previous,
            format,
        } => roster::check(
            &dir,
            &file,
            week,
            requirements.as_deref(),
            previous.as_deref(),
            format,
        ),
        Command::Demo { action } => match action {
            DemoAction::Generate {
                seed,
                out,
                shops,
                agents,
            } => demo::generate(seed, &out, shops, agents),
        },
    }
}

/// Refuses an output directory that is the scenario directory (inputs are never modified).
pub fn check_out_dir(input: &Path, out: &Path) -> crate::Result<()> {
    let same = match (input.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::Usage(format!(
            "--out {} is the scenario directory; choose another output directory",
            out.display()
        )));
    }
    Ok(())
}

/// Writes `name` into the output directory `out` atomically, refusing an output directory
/// that is the scenario directory `input` (inputs are never modified).
pub fn write_output(
    input: &Path,
    out: &Path,
    name: &str,
    bytes: impl AsRef<[u8]>,
) -> crate::Result<PathBuf> {
    check_out_dir(input, out)?;
    let path = out.join(name);
    write_atomic(&path, bytes.as_ref()).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
