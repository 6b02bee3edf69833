//! `seatplan simulate`: a roster against the week's demand, by discrete-event simulation.

use super::{write_output, Format};
use crate::io::{load_scenario, read_roster};
use crate::model::{Quantile, Scenario};
use crate::schedule::{Roster, Week};
use crate::simulate::{
    simulate_roster, BreakPlacement, Coverage, HandleTime, SimOptions, SlowDown,
};
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Handle-time distribution on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum HandleArg {
    /// Exponential (as Erlang C/A assume).
    #[default]
    Exponential,
    /// Lognormal with coefficient of variation `--cv`.
    Lognormal,
}

/// Chat slow-down on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum SlowdownArg {
    /// The sizing engine's model: every chat slowed by h(c) at full concurrency.
    #[default]
    Full,
    /// Each chat slowed by h(k) for the k chats its agent holds at the moment.
    Current,
}

/// Break placement on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum BreaksArg {
    /// Agents on the same shift take turns around the middle of the shift.
    #[default]
    Staggered,
    /// Every agent exactly in the middle of the shift.
    Middle,
}

/// Forecast quantile driving the arrivals on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum QuantileArg {
    /// The mean forecast: the expected traffic (Poisson arrivals add the randomness).
    #[default]
    Mean,
    /// Median.
    P50,
    /// 80th percentile (a busy week).
    P80,
    /// 95th percentile (a very busy week).
    P95,
}

impl QuantileArg {
    fn quantile(self) -> Quantile {
        match self {
            QuantileArg::Mean => Quantile::Mean,
            QuantileArg::P50 => Quantile::P50,
            QuantileArg::P80 => Quantile::P80,
            QuantileArg::P95 => Quantile::P95,
        }
    }
}

/// Options of `seatplan simulate`.
#[derive(clap::Args, Debug)]
pub struct SimulateArgs {
    /// Scenario directory.
    #[arg(default_value = "data/demo")]
    pub dir: PathBuf,
    /// Roster CSV (`agent,date,shift,pool`, as `seatplan roster` writes it).
    #[arg(long)]
    pub roster: PathBuf,
    /// Independent replications of the week (run in parallel).
    #[arg(long, default_value_t = 100)]
    pub reps: usize,
    /// Random seed: the same seed gives the same output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// First day of the week (default: the planning week when the roster falls in it, else
    /// the Monday of the roster's first date).
    #[arg(long)]
    pub week: Option<NaiveDate>,
    /// Output directory (must not be the scenario directory).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Handle-time distribution (mean: each shop's AHT).
    #[arg(long, value_enum, default_value_t)]
    pub handle: HandleArg,
    /// Coefficient of variation of lognormal handle times.
    #[arg(long, default_value_t = 1.0)]
    pub cv: f64,
    /// Chat slow-down model.
    #[arg(long, value_enum, default_value_t)]
    pub slowdown: SlowdownArg,
    /// Hours simulated before the week and discarded (replaying the week's end).
    #[arg(long, default_value_t = 2)]
    pub warmup_hours: u32,
    /// Where agents take their unpaid break.
    #[arg(long, value_enum, default_value_t)]
    pub breaks: BreaksArg,
    /// Forecast quantile of the hourly arrival rates (sizing staffs to `staff_to` in
    /// rules.toml; the simulation asks how that roster fares against the expected traffic).
    #[arg(long, value_enum, default_value_t)]
    pub quantile: QuantileArg,
}

/// The week a roster is for: `--week`, else the planning week when the roster's first date
/// falls in it, else the Monday of that date.
fn roster_week(s: &Scenario, roster: &Roster, week: Option<NaiveDate>) -> Result<NaiveDate> {
    if let Some(w) = week {
        return Ok(w);
    }
    let first = roster
        .assignments
        .iter()
        .map(|a| a.date)
        .min()
        .ok_or_else(|| Error::Usage("empty roster; pass --week DATE".into()))?;
    if let Some(d) = super::roster::default_week(s) {
        if d <= first && first < d + Duration::days(7) {
            return Ok(d);
        }
    }
    Ok(first - Duration::days(first.weekday().num_days_from_monday() as i64))
}

fn num(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        String::new()
    }
}

/// `simulated.csv` (not `coverage.csv`, which `roster` writes into the same `--out`): one row per pool-hour with the simulated means and the service level's
/// 95 % confidence interval.
pub fn coverage_csv(c: &Coverage) -> String {
    let mut s = String::from(
        "pool,hour,offered,answered,abandoned,service_level,sl_ci_low,sl_ci_high,asa_seconds,occupancy,target,below_target\n",
    );
    for r in &c.rows {
        let (lo, hi) = r.service_level.ci95();
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            r.pool,
            r.hour.format("%Y-%m-%d %H:%M"),
            num(r.offered.mean, 2),
            num(r.answered.mean, 2),
            num(r.abandoned.mean, 2),
            num(r.service_level.mean, 4),
            num(lo.max(0.0), 4),
            num(hi.min(1.0), 4),
            num(r.asa_seconds.mean, 1),
            num(r.occupancy.mean, 4),
            r.target,
            if r.below_target { "yes" } else { "no" }
        );
    }
    s
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", 100.0 * x)
    } else {
        "-".into()
    }
}

/// The text summary: per pool the week's service level and the hours below target.
pub fn summary(c: &Coverage, week: NaiveDate, opts: &SimOptions, quantile: Quantile) -> String {
    let mut s = String::new();
    let handle = match opts.handle_time {
        HandleTime::Exponential => "exponential handle times".to_string(),
        HandleTime::LogNormal { cv } => format!("lognormal handle times (CV {cv})"),
    };
    let slow = match opts.slowdown {
        SlowDown::FullConcurrency => "slow-down at full concurrency (as sizing)",
        SlowDown::CurrentLoad => "slow-down by chats currently held",
    };
    let breaks = match opts.breaks {
        BreakPlacement::Staggered => "staggered breaks",
        BreakPlacement::Middle => "breaks in the middle of the shift",
    };
    let _ = writeln!(
        s,
        "Simulated the roster against the week of {week} ({} demand): {} replications, seed {}, {handle}, {slow}, {breaks}.",
        quantile.as_str(), c.replications, c.seed
    );
    let _ = writeln!(
        s,
        "{:<12} {:>6} {:>4} {:>9} {:>7} {:>17} {:>7} {:>6} {:>5} {:>11}",
        "pool",
        "target",
        "T s",
        "inquiries",
        "SL",
        "95% CI",
        "abandon",
        "ASA s",
        "occ",
        "below/open"
    );
    for p in &c.pools {
        let (lo, hi) = p.service_level.ci95();
        let ci = if lo.is_finite() {
            format!("[{:.1}, {:.1}]", 100.0 * lo, 100.0 * hi)
        } else {
            "-".into()
        };
        let _ = writeln!(
            s,
            "{:<12} {:>6} {:>4} {:>9.0} {:>7} {:>17} {:>7} {:>6.1} {:>5.2} {:>11}",
            p.pool,
            pct(p.target),
            p.answer_within_seconds,
            p.offered.mean,
            pct(p.service_level.mean),
            ci,
            pct(p.abandon_rate.mean),
            p.asa_seconds.mean,
            p.occupancy.mean,
            format!("{}/{}", p.hours_below_target, p.open_hours),
        );
    }
    let mut worst: Vec<_> = c.below_target().collect();
    worst.sort_by(|a, b| a.service_level.mean.total_cmp(&b.service_level.mean));
    if !worst.is_empty() {
        let _ = writeln!(s, "lowest hours below target:");
        for r in worst.iter().take(8) {
            let _ = writeln!(
                s,
                "  {:<12} {}  SL {:>6}  offered {:>6.1}  abandoned {:>5.1}  seats {:>4.1}",
                r.pool,
                r.hour.format("%a %Y-%m-%d %H:%M"),
                pct(r.service_level.mean),
                r.offered.mean,
                r.abandoned.mean,
                r.seats
            );
        }
        if worst.len() > 8 {
            let _ = writeln!(s, "  … {} more in simulated.csv", worst.len() - 8);
        }
    }
    let _ = writeln!(
        s,
        "SL = answered within T / offered (abandoned count as missed), mean over replications; \
         below = hours whose mean SL is under target. Only the unpaid break is taken off the \
         floor, not the rest of the shrinkage."
    );
    s
}

/// Reads the scenario and the roster, simulates the week, writes `simulated.csv` and prints the
/// summary (or JSON).
pub fn run(args: &SimulateArgs) -> Result<()> {
    if args.reps == 0 {
        return Err(Error::Usage("--reps must be at least 1".into()));
    }
    let s = load_scenario(&args.dir)?;
    let name = args.roster.display().to_string();
    let text = std::fs::read_to_string(&args.roster).map_err(|source| Error::Io {
        path: args.roster.clone(),
        source,
    })?;
    let roster = read_roster(&name, &text, &s.rules)?;
    let start = roster_week(&s, &roster, args.week)?;
    let week = Week::new(start, &s.calendar);
    if !roster
        .assignments
        .iter()
        .any(|a| week.day_of(a.date).is_some())
    {
        return Err(Error::Usage(format!(
            "{name} has no assignment in the week of {start}; pass --week DATE"
        )));
    }
    // The week's demand as `roster` builds it, at the requested quantile.
    let mut at = s.clone();
    at.rules.sizing.staff_to = args.quantile.quantile();
    let demand = super::roster::week_demand(&at, &week)?;
    drop(at);
    let opts = SimOptions {
        replications: args.reps,
        seed: args.seed,
        handle_time: match args.handle {
            HandleArg::Exponential => HandleTime::Exponential,
            HandleArg::Lognormal => HandleTime::LogNormal { cv: args.cv },
        },
        slowdown: match args.slowdown {
            SlowdownArg::Full => SlowDown::FullConcurrency,
            SlowdownArg::Current => SlowDown::CurrentLoad,
        },
        warmup_hours: args.warmup_hours,
        breaks: match args.breaks {
            BreaksArg::Staggered => BreakPlacement::Staggered,
            BreaksArg::Middle => BreakPlacement::Middle,
        },
    };
    let cov =
        simulate_roster(&s, &roster, &demand, &opts).map_err(|e| Error::Usage(e.to_string()))?;
    let path = write_output(&args.dir, &args.out, "simulated.csv", coverage_csv(&cov))?;
    match args.format {
        Format::Json => {
            let below: Vec<_> = cov
                .below_target()
                .map(|r| {
                    let (lo, hi) = r.service_level.ci95();
                    serde_json::json!({
                        "pool": r.pool, "hour": r.hour, "service_level": r.service_level.mean,
                        "sl_ci_low": lo, "sl_ci_high": hi, "offered": r.offered.mean,
                        "target": r.target,
                    })
                })
                .collect();
            let v = serde_json::json!({
                "week": start,
                "replications": cov.replications,
                "seed": cov.seed,
                "handle_time": opts.handle_time,
                "slowdown": opts.slowdown,
                "breaks": opts.breaks,
                "demand_quantile": args.quantile.quantile().as_str(),
                "pools": cov.pools,
                "below_target": below,
                "simulated_csv": path,
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        Format::Text => {
            print!("{}", summary(&cov, start, &opts, args.quantile.quantile()));
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}
