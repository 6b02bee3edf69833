//! `seatplan quote`: price every plan for a prospect (daily volume, service hours, AHT, ...)
//! or an existing shop (`DIR --shop ID`), with margins, break-evens and a recommendation.

use super::Format;
use crate::io::{load_scenario, read_calendar, read_prices, read_rules};
use crate::model::{BillingPlan, Calendar, PriceBook, Rules};
use crate::price::{
    quote_request, CrossingKind, Quote, QuoteError, QuoteInputs, QuoteRequest, QuoteRequestError,
};
use crate::report::cny;
use crate::{Error, Result};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `seatplan quote`.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct QuoteArgs {
    /// Scenario directory: with --shop, the existing client's scenario (default data/demo);
    /// for a prospect, where rules.toml, prices.toml and calendar.csv are taken from.
    pub dir: Option<PathBuf>,
    /// Quote an existing shop of the scenario (its last history week of demand).
    #[arg(long)]
    pub shop: Option<String>,
    /// Prospect: daily average inquiries (with --shop: rescale the shop's week to this).
    #[arg(long)]
    pub daily_inquiries: Option<f64>,
    /// Prospect: service hours, `HH:00-HH:00` (e.g. 08:00-24:00, 09:00-01:00) or `24h`.
    #[arg(long)]
    pub service_hours: Option<String>,
    /// Average handle time of a chat handled alone, seconds [prospect default 180].
    #[arg(long)]
    pub aht: Option<f64>,
    /// Chats an agent holds at once [prospect default 3].
    #[arg(long)]
    pub concurrency: Option<u32>,
    /// Service level `TARGET/SECONDS`, e.g. 0.8/30 [prospect default 0.8/30].
    #[arg(long)]
    pub sla: Option<String>,
    /// Mean customer patience, seconds (Erlang A; none = customers never abandon).
    #[arg(long)]
    pub patience: Option<f64>,
    /// Average order value, CNY [prospect default 150].
    #[arg(long)]
    pub order_value: Option<f64>,
    /// Share of inquiries that become an order [prospect default 0.2].
    #[arg(long)]
    pub conversion: Option<f64>,
    /// Platform: taobao, tmall, jd, pinduoduo, douyin, other [prospect default taobao].
    #[arg(long)]
    pub platform: Option<String>,
    /// Share of inquiries from new customers [prospect default 0.6; shops: from history].
    #[arg(long)]
    pub new_share: Option<f64>,
    /// Monthly salary of a new full-time agent, CNY [prospect default 4500; shops: the
    /// pool's full-time average].
    #[arg(long)]
    pub wage: Option<f64>,
    /// Shrinkage in [0, 1) [default: rules.toml; shops: their pool's].
    #[arg(long)]
    pub shrinkage: Option<f64>,
    /// Promotion day to quote temporary seats for, `DATE:UPLIFT` (e.g. 2025-10-01:2.5);
    /// repeatable.
    #[arg(long = "peak-day", value_name = "DATE:UPLIFT")]
    pub peak_days: Vec<String>,
    /// Holiday calendar for peak days (calendar.csv or `date,kind,name`) [default: DIR's
    /// calendar.csv, else data/calendars/cn_holidays.csv].
    #[arg(long)]
    pub calendar: Option<PathBuf>,
    /// Price book [default: DIR's prices.toml, else data/demo/prices.toml].
    #[arg(long)]
    pub prices: Option<PathBuf>,
    /// Labour rules and shifts [default: DIR's rules.toml, else data/demo/rules.toml].
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn load_prices(path: &Path) -> Result<PriceBook> {
    let mut problems = Vec::new();
    let name = path.display().to_string();
    read_prices(&name, &read_text(path)?, &mut problems)
        .filter(|_| problems.is_empty())
        .ok_or_else(|| crate::io::InputError { problems }.into())
}

fn load_rules(path: &Path) -> Result<Rules> {
    let mut problems = Vec::new();
    let name = path.display().to_string();
    read_rules(&name, &read_text(path)?, &mut problems)
        .filter(|_| problems.is_empty())
        .ok_or_else(|| crate::io::InputError { problems }.into())
}

/// Shop ids named in a calendar's `shop` column: a prospect's quote reads only the global
/// entries, so shop-specific rows are accepted whatever shops they name.
fn calendar_shops(text: &str) -> HashSet<String> {
    let mut rows = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let Some(col) = rows
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c.trim() == "shop"))
    else {
        return HashSet::new();
    };
    rows.records()
        .filter_map(|r| r.ok())
        .filter_map(|r| r.get(col).map(|v| v.trim().to_string()))
        .filter(|v| !v.is_empty())
        .collect()
}

/// Reads a calendar in `calendar.csv` format or the `date,kind,name` format of
/// `data/calendars/cn_holidays.csv`.
fn load_calendar(path: &Path) -> Result<Calendar> {
    let text = read_text(path)?;
    let text = match text.split_once('\n') {
        Some((head, rest)) if head.split(',').next().map(str::trim) == Some("date") => {
            format!("{}\n{rest}", head.replacen("date", "start", 1))
        }
        _ => text,
    };
    let mut problems = Vec::new();
    let cal = read_calendar(
        &path.display().to_string(),
        &text,
        &calendar_shops(&text),
        &mut problems,
    );
    if problems.is_empty() {
        Ok(cal)
    } else {
        Err(crate::io::InputError { problems }.into())
    }
}

fn request_error(e: QuoteRequestError) -> Error {
    match e {
        QuoteRequestError::Quote(QuoteError::Queueing(q)) => Error::Queueing(q),
        other => usage(other.to_string()),
    }
}

/// The library request the arguments state.
pub fn request(a: &QuoteArgs) -> QuoteRequest {
    QuoteRequest {
        shop: a.shop.clone(),
        daily_inquiries: a.daily_inquiries,
        service_hours: a.service_hours.clone(),
        aht: a.aht,
        concurrency: a.concurrency,
        sla: a.sla.clone(),
        patience: a.patience,
        order_value: a.order_value,
        conversion: a.conversion,
        platform: a.platform.clone(),
        new_share: a.new_share,
        wage: a.wage,
        shrinkage: a.shrinkage,
        peak_days: a.peak_days.clone(),
    }
}

/// Builds the quote the arguments ask for: loads the files they name, then
/// [`crate::price::quote_request`].
pub fn compute(a: &QuoteArgs) -> Result<Quote> {
    let req = request(a);
    match &a.shop {
        Some(_) => {
            let dir = a.dir.clone().unwrap_or_else(|| PathBuf::from("data/demo"));
            let mut s = load_scenario(&dir)?;
            if let Some(p) = &a.prices {
                s.prices = load_prices(p)?;
            }
            if let Some(r) = &a.rules {
                s.rules = load_rules(r)?;
            }
            let calendar = match &a.calendar {
                Some(c) => load_calendar(c)?,
                None => s.calendar.clone(),
            };
            let inputs = QuoteInputs {
                rules: &s.rules,
                book: &s.prices,
                calendar: &calendar,
                scenario: Some(&s),
            };
            quote_request(&req, &inputs).map_err(request_error)
        }
        None => {
            let from_dir = |name: &str, fallback: &str| -> PathBuf {
                match &a.dir {
                    Some(d) => d.join(name),
                    None => PathBuf::from(fallback),
                }
            };
            let prices_path = a
                .prices
                .clone()
                .unwrap_or_else(|| from_dir("prices.toml", "data/demo/prices.toml"));
            let rules_path = a
                .rules
                .clone()
                .unwrap_or_else(|| from_dir("rules.toml", "data/demo/rules.toml"));
            let book = load_prices(&prices_path)?;
            let rules = load_rules(&rules_path)?;
            let calendar = match &a.calendar {
                Some(c) => load_calendar(c)?,
                None => {
                    let p = from_dir("calendar.csv", "data/calendars/cn_holidays.csv");
                    if p.exists() {
                        load_calendar(&p)?
                    } else {
                        Calendar::default()
                    }
                }
            };
            let inputs = QuoteInputs {
                rules: &rules,
                book: &book,
                calendar: &calendar,
                scenario: None,
            };
            quote_request(&req, &inputs).map_err(request_error)
        }
    }
}

fn pct(m: Option<f64>) -> String {
    m.map_or("-".into(), |m| format!("{:.1}%", 100.0 * m))
}

/// The readable report of a quote.
pub fn render(q: &Quote) -> String {
    let mut s = String::new();
    let v = &q.volume;
    let _ = writeln!(
        s,
        "Quote: {} ({}) — {}, {}, {:.0} inquiries/day ({} a month), AHT {:.0} s, {} chats, SLA {}",
        q.client,
        q.name,
        q.platform,
        q.service_hours,
        v.daily_inquiries,
        cny(q.monthly_inquiries),
        q.aht_seconds,
        q.concurrency,
        q.sla
    );
    let _ = writeln!(
        s,
        "Sales closed: {} CNY/month (conversion {:.0}%, order value {:.0}); new customers {:.0}%",
        cny(q.monthly_sales),
        100.0 * v.conversion,
        v.order_value,
        100.0 * v.new_share
    );
    let _ = writeln!(s, "\nSeats by hour of day (most over the week's days)");
    let _ = writeln!(
        s,
        "{:>4} {:>8} {:>9} {:>10}",
        "hour", "inq/h", "required", "scheduled"
    );
    for h in q
        .hours
        .iter()
        .filter(|h| h.scheduled > 0 || h.inquiries > 0.0)
    {
        let _ = writeln!(
            s,
            "{:>4} {:>8.1} {:>9} {:>10}",
            format!("{:02}", h.hour),
            h.inquiries,
            h.required,
            h.scheduled
        );
    }
    let shifts: Vec<String> = q
        .crew
        .by_template
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    let _ = writeln!(
        s,
        "Week: {} required seat-h, {} scheduled seat-h; shifts/week: {}",
        q.required_seat_hours_week,
        q.scheduled_seat_hours_week,
        shifts.join(", ")
    );
    if q.short_seat_hours_week > 0.0 {
        let _ = writeln!(
            s,
            "  {:.0} seat-h/week not coverable by the full-time shift templates",
            q.short_seat_hours_week
        );
    }
    let _ = writeln!(
        s,
        "Seats to hire: {} ({} on the night rotation) — {} shifts, {:.0} paid h/week = {:.1} FTE",
        q.crew.seats, q.crew.night_seats, q.crew.shifts, q.crew.paid_hours, q.dedicated.fte
    );
    let _ = writeln!(
        s,
        "\nMonthly cost to serve (CNY)   {:>12} {:>12}",
        "dedicated", "shared"
    );
    for ((label, d), (_, sh)) in q
        .dedicated
        .monthly
        .lines()
        .iter()
        .zip(q.shared.monthly.lines().iter())
    {
        if d.abs() < 0.5 && sh.abs() < 0.5 {
            continue;
        }
        let _ = writeln!(s, "  {label:<27} {:>12} {:>12}", cny(*d), cny(*sh));
    }
    let _ = writeln!(
        s,
        "  {:<27} {:>12} {:>12}",
        "total",
        cny(q.dedicated.monthly_total),
        cny(q.shared.monthly_total)
    );
    let _ = writeln!(
        s,
        "  FTE {:.1} / {:.1}; one-off training of the dedicated hires: {} CNY",
        q.dedicated.fte,
        q.shared.fte,
        cny(q.dedicated.training_one_off)
    );
    let _ = writeln!(s, "  dedicated: {}", q.dedicated.basis);
    let _ = writeln!(s, "  shared:    {}", q.shared.basis);
    let _ = writeln!(
        s,
        "\nPlans (target margin {:.0}%; ! = under target, * = current plan)",
        100.0 * q.target_margin
    );
    let _ = writeln!(
        s,
        "  {:<16} {:>10} {:>10} {:>10} {:>8} {:>12}  how",
        "plan", "price/mo", "served by", "cost/mo", "margin", "for target"
    );
    for p in &q.plans {
        let flag = match (p.meets_target, p.current) {
            (false, true) => "!*",
            (false, false) => "! ",
            (true, true) => " *",
            (true, false) => "  ",
        };
        let _ = writeln!(
            s,
            "{flag}{:<16} {:>10} {:>10} {:>10} {:>8} {:>12}  {}",
            p.plan.as_str(),
            cny(p.price),
            p.delivery.as_str(),
            cny(p.cost),
            pct(p.margin),
            cny(p.price_for_target),
            p.detail
        );
    }
    let r = &q.recommendation;
    let _ = writeln!(
        s,
        "\nRecommendation: {} ({}), {} CNY/month, margin {} — {}",
        r.plan.as_str(),
        r.delivery.as_str(),
        cny(r.price),
        pct(r.margin),
        r.reason
    );
    let _ = writeln!(
        s,
        "\nBreak-even daily volumes over {}..{}/day ({} sizings, {} shift covers): '=' prices equal there; 'step' the order flips across a seat step or tier bound (prices below → at); → the plan cheaper above",
        q.break_even_range.0, q.break_even_range.1, q.break_even_sizings, q.break_even_covers
    );
    if q.break_evens.is_empty() {
        let _ = writeln!(s, "  none: the plans keep their order over the whole range");
    }
    let mut pairs: Vec<(BillingPlan, BillingPlan)> = Vec::new();
    for b in &q.break_evens {
        if !pairs.contains(&(b.plan_a, b.plan_b)) {
            pairs.push((b.plan_a, b.plan_b));
        }
    }
    for (pa, pb) in pairs {
        let items: Vec<String> = q
            .break_evens
            .iter()
            .filter(|b| b.plan_a == pa && b.plan_b == pb)
            .map(|b| match (b.kind, b.before) {
                (CrossingKind::Step, Some((xa, xb))) => format!(
                    "{:.1} step ({}/{} → {}/{}) → {}",
                    b.daily_volume,
                    cny(xa),
                    cny(xb),
                    cny(b.price_a),
                    cny(b.price_b),
                    b.cheaper_above.as_str()
                ),
                _ => format!(
                    "{:.1} = {} → {}",
                    b.daily_volume,
                    cny(b.price_a),
                    b.cheaper_above.as_str()
                ),
            })
            .collect();
        let _ = writeln!(
            s,
            "  {:<33} {}",
            format!("{} / {}", pa.as_str(), pb.as_str()),
            items.join("; ")
        );
    }
    if !q.peak_days.is_empty() {
        let _ = writeln!(s, "\nPeak days (temporary seats per person-day)");
        for p in &q.peak_days {
            let _ = writeln!(
                s,
                "{} {} {:<8} ×{:.1}: +{:.0} inquiries, {} temps, price {}{}, cost {} (pay ×{}), margin {}",
                if p.meets_target { " " } else { "!" },
                p.date,
                p.holiday.as_deref().unwrap_or("-"),
                p.uplift,
                p.extra_inquiries,
                p.temp_seats,
                cny(p.price),
                if p.surcharge { " (holiday surcharge)" } else { "" },
                cny(p.cost),
                p.pay_multiplier,
                pct(p.margin)
            );
        }
    }
    let _ = writeln!(s, "\nNotes:");
    for n in &q.notes {
        let _ = writeln!(s, "  - {n}");
    }
    s
}

/// Runs `seatplan quote`.
pub fn run(args: &QuoteArgs) -> Result<()> {
    let q = compute(args)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&q).unwrap_or_default()),
        Format::Text => print!("{}", render(&q)),
    }
    Ok(())
}
