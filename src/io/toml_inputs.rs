//! Readers for `rules.toml` and `prices.toml`. Keys are checked strictly (a misspelt key is an
//! error, not a silently ignored setting); every value problem names its line and key.
//! Omitted keys take the documented defaults.

use super::problem::Problem;
use super::table::parse_clock;
use crate::model::{
    Contract, CostParams, FairnessWeights, HolidayPolicy, HoursSystem, InquiryTier, NightRules,
    Package, PriceBook, PriceModels, Quantile, Rules, ShiftTemplate, SizingRules,
};
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;

type S<T> = Option<Spanned<T>>;

/// Line of byte offset `pos` in `text`.
pub(super) fn line_of(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Checks spanned values against rules and records problems with their lines.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn fail_at(&mut self, span: std::ops::Range<usize>, key: &str, msg: impl Into<String>) {
        let line = line_of(self.text, span.start);
        self.problems.push(Problem::at(self.file, line, key, msg));
    }

    /// The value of `v` or `default`, checking `ok`; `expected` describes valid values.
    fn num(
        &mut self,
        v: &S<f64>,
        key: &str,
        default: f64,
        ok: fn(f64) -> bool,
        expected: &str,
    ) -> f64 {
        match v {
            None => default,
            Some(s) => {
                let x = *s.get_ref();
                if x.is_finite() && ok(x) {
                    x
                } else {
                    self.fail_at(
                        s.span(),
                        key,
                        format!("{x} is out of range; expected {expected}"),
                    );
                    default
                }
            }
        }
    }

    fn int(&mut self, v: &S<i64>, key: &str, default: u32, min: i64, max: i64) -> u32 {
        match v {
            None => default,
            Some(s) => {
                let x = *s.get_ref();
                if (min..=max).contains(&x) {
                    x as u32
                } else {
                    self.fail_at(
                        s.span(),
                        key,
                        format!("{x} is out of range; expected a whole number from {min} to {max}"),
                    );
                    default
                }
            }
        }
    }
}

fn nonneg(x: f64) -> bool {
    x >= 0.0
}
fn positive(x: f64) -> bool {
    x > 0.0
}
fn unit_co(x: f64) -> bool {
    (0.0..1.0).contains(&x)
}
fn unit_oc(x: f64) -> bool {
    x > 0.0 && x <= 1.0
}
fn at_least_one(x: f64) -> bool {
    x >= 1.0
}

pub(super) fn parse_toml<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let mut msg = e.message().trim().to_string();
            if msg.is_empty() {
                // The TOML parser gives no message for some syntax errors (found by fuzzing:
                // control characters in a comment); say what is there instead.
                let bad = text
                    .lines()
                    .nth(line - 1)
                    .and_then(|l| l.chars().find(|c| c.is_control() && *c != '\t'));
                msg = match bad {
                    Some(c) => format!(
                        "invalid TOML: control character U+{:04X} on this line; remove it",
                        c as u32
                    ),
                    None => "invalid TOML syntax on this line".to_string(),
                };
            }
            // serde names the offending key in the message; keep it as the field when it does.
            let field = msg
                .split('`')
                .nth(1)
                .filter(|_| msg.starts_with("unknown field") || msg.starts_with("missing field"))
                .unwrap_or("")
                .to_string();
            problems.push(Problem::at(file, line, &field, msg));
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    hours_system: S<String>,
    min_rest_hours: S<f64>,
    max_consecutive_days: S<i64>,
    min_days_off_per_week: S<i64>,
    min_consecutive_days: S<i64>,
    min_consecutive_days_off: S<i64>,
    max_weekends: S<i64>,
    min_hours_hard: Option<bool>,
    shortage_penalty_per_seat_hour: S<f64>,
    #[serde(default)]
    night: RawNight,
    #[serde(default)]
    holiday: RawHoliday,
    #[serde(default)]
    sizing: RawSizing,
    #[serde(default)]
    fairness: RawFairness,
    #[serde(default)]
    shift: Vec<RawShift>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNight {
    window: S<String>,
    min_hours_in_window: S<f64>,
    max_consecutive_nights: S<i64>,
    rest_after_night_run_hours: S<f64>,
    max_nights_per_week: S<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    time_off_in_lieu: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSizing {
    shrinkage: S<f64>,
    max_occupancy: S<f64>,
    staff_to: S<String>,
    concurrency_factors: Option<Spanned<Vec<f64>>>,
    max_asa_seconds: S<f64>,
    max_abandon_rate: S<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFairness {
    nights: S<f64>,
    weekends: S<f64>,
    holidays: S<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShift {
    id: Spanned<String>,
    name: Option<String>,
    start: Spanned<String>,
    end: Spanned<String>,
    break_minutes: S<i64>,
    contracts: Option<Spanned<Vec<String>>>,
    not_followed_by: Option<Spanned<Vec<String>>>,
}

/// Reads `rules.toml`.
pub fn read_rules(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Rules> {
    let raw: RawRules = parse_toml(file, text, problems)?;
    let before = problems.len();
    let mut c = Checker {
        file,
        text,
        problems,
    };
    let hours_system = match &raw.hours_system {
        None => HoursSystem::Standard,
        Some(s) => match s.get_ref().as_str() {
            "standard" => HoursSystem::Standard,
            "comprehensive" => HoursSystem::Comprehensive,
            other => {
                c.fail_at(
                    s.span(),
                    "hours_system",
                    format!("'{other}' is not valid; expected standard or comprehensive"),
                );
                HoursSystem::Standard
            }
        },
    };
    let min_rest_hours = c.num(
        &raw.min_rest_hours,
        "min_rest_hours",
        12.0,
        |x| (0.0..=48.0).contains(&x),
        "hours from 0 to 48",
    );
    let max_consecutive_days = c.int(&raw.max_consecutive_days, "max_consecutive_days", 6, 1, 14);
    let min_days_off_per_week = c.int(&raw.min_days_off_per_week, "min_days_off_per_week", 1, 0, 6);
    let min_consecutive_days = c.int(&raw.min_consecutive_days, "min_consecutive_days", 1, 1, 14);
    let min_consecutive_days_off = c.int(
        &raw.min_consecutive_days_off,
        "min_consecutive_days_off",
        1,
        1,
        14,
    );
    let max_weekends = raw
        .max_weekends
        .as_ref()
        .map(|_| c.int(&raw.max_weekends, "max_weekends", 0, 0, 60));
    if let (Some(m), Some(s)) = (&raw.max_consecutive_days, &raw.min_consecutive_days) {
        if s.get_ref() > m.get_ref() {
            c.fail_at(
                s.span(),
                "min_consecutive_days",
                format!(
                    "{} is above max_consecutive_days {}; no run of working days could be valid",
                    s.get_ref(),
                    m.get_ref()
                ),
            );
        }
    }
    let shortage_penalty = c.num(
        &raw.shortage_penalty_per_seat_hour,
        "shortage_penalty_per_seat_hour",
        1000.0,
        positive,
        "a price > 0",
    );

    let (start_hour, end_hour) = match &raw.night.window {
        None => (22, 6),
        Some(s) => {
            let parsed = s
                .get_ref()
                .split_once('-')
                .and_then(|(a, b)| Some((parse_clock(a)?, parse_clock(b)?)));
            match parsed {
                Some((a, b)) if a % 60 == 0 && b % 60 == 0 && a < 1440 && a != b % 1440 => {
                    ((a / 60) as u8, ((b / 60) % 24) as u8)
                }
                _ => {
                    c.fail_at(
                        s.span(),
                        "night.window",
                        format!(
                            "'{}' is not a night window; expected HH:00-HH:00, e.g. 22:00-06:00",
                            s.get_ref()
                        ),
                    );
                    (22, 6)
                }
            }
        }
    };
    let night = NightRules {
        start_hour,
        end_hour,
        min_hours_in_window: c.num(
            &raw.night.min_hours_in_window,
            "night.min_hours_in_window",
            3.0,
            |x| (0.0..=24.0).contains(&x) && x > 0.0,
            "hours in (0, 24]",
        ),
        max_consecutive_nights: c.int(
            &raw.night.max_consecutive_nights,
            "night.max_consecutive_nights",
            4,
            1,
            14,
        ),
        rest_after_night_run_hours: c.num(
            &raw.night.rest_after_night_run_hours,
            "night.rest_after_night_run_hours",
            48.0,
            |x| (0.0..=168.0).contains(&x),
            "hours from 0 to 168",
        ),
        max_nights_per_week: c.int(
            &raw.night.max_nights_per_week,
            "night.max_nights_per_week",
            4,
            0,
            7,
        ),
    };
    // A night shift needs `min_hours_in_window` hours inside the window: more than the window
    // holds would make the night rules silently moot.
    let window_hours = (f64::from(night.end_hour) - f64::from(night.start_hour)).rem_euclid(24.0);
    if night.min_hours_in_window > window_hours {
        let span = raw
            .night
            .min_hours_in_window
            .as_ref()
            .map(|s| s.span())
            .or_else(|| raw.night.window.as_ref().map(|s| s.span()));
        if let Some(span) = span {
            c.fail_at(
                span,
                "night.min_hours_in_window",
                format!(
                    "{} hours in a {window_hours}-hour night window can never be reached: no shift would count as a night shift; expected at most {window_hours}",
                    night.min_hours_in_window
                ),
            );
        }
    }
    let staff_to = match &raw.sizing.staff_to {
        None => Quantile::P80,
        Some(s) => match s.get_ref().to_ascii_lowercase().as_str() {
            "mean" => Quantile::Mean,
            "p50" => Quantile::P50,
            "p80" => Quantile::P80,
            "p95" => Quantile::P95,
            other => {
                c.fail_at(
                    s.span(),
                    "sizing.staff_to",
                    format!("'{other}' is not valid; expected mean, p50, p80 or p95"),
                );
                Quantile::P80
            }
        },
    };
    let concurrency_factors = match &raw.sizing.concurrency_factors {
        None => vec![1.0, 1.7, 2.5, 2.9, 3.5],
        Some(f) => {
            let v = f.get_ref().clone();
            let ok = v.first() == Some(&1.0)
                && v.iter()
                    .enumerate()
                    .all(|(i, x)| x.is_finite() && *x > 0.0 && *x <= (i + 1) as f64)
                && v.windows(2).all(|w| w[1] >= w[0]);
            if !ok {
                c.fail_at(
                    f.span(),
                    "sizing.concurrency_factors",
                    "expected effective agents for 1, 2, 3, ... chats: starting at 1.0, non-decreasing, the i-th at most i (e.g. [1.0, 1.7, 2.5, 2.9, 3.5])",
                );
            }
            v
        }
    };
    let sizing = SizingRules {
        shrinkage: c.num(
            &raw.sizing.shrinkage,
            "sizing.shrinkage",
            0.3,
            unit_co,
            "a share in [0, 1), e.g. 0.3",
        ),
        max_occupancy: c.num(
            &raw.sizing.max_occupancy,
            "sizing.max_occupancy",
            0.85,
            unit_oc,
            "a share in (0, 1], e.g. 0.85",
        ),
        staff_to,
        concurrency_factors,
        max_asa_seconds: raw.sizing.max_asa_seconds.as_ref().map(|_| {
            c.num(
                &raw.sizing.max_asa_seconds,
                "sizing.max_asa_seconds",
                60.0,
                positive,
                "seconds > 0",
            )
        }),
        max_abandon_rate: raw.sizing.max_abandon_rate.as_ref().map(|_| {
            c.num(
                &raw.sizing.max_abandon_rate,
                "sizing.max_abandon_rate",
                0.05,
                unit_oc,
                "a share in (0, 1]",
            )
        }),
    };
    let fairness = FairnessWeights {
        nights: c.num(
            &raw.fairness.nights,
            "fairness.nights",
            50.0,
            nonneg,
            "a weight ≥ 0",
        ),
        weekends: c.num(
            &raw.fairness.weekends,
            "fairness.weekends",
            20.0,
            nonneg,
            "a weight ≥ 0",
        ),
        holidays: c.num(
            &raw.fairness.holidays,
            "fairness.holidays",
            80.0,
            nonneg,
            "a weight ≥ 0",
        ),
    };

    let mut shifts = Vec::new();
    let mut ids = HashSet::new();
    if raw.shift.is_empty() {
        c.problems.push(Problem::at(
            file,
            1,
            "shift",
            "no [[shift]] templates; define at least one shift (id, start, end)",
        ));
    }
    for s in &raw.shift {
        let id = s.id.get_ref().trim().to_string();
        if id.is_empty() {
            c.fail_at(s.id.span(), "shift.id", "is empty");
        } else if !ids.insert(id.clone()) {
            c.fail_at(
                s.id.span(),
                "shift.id",
                format!("duplicate shift id '{id}'"),
            );
        }
        let start = parse_clock(s.start.get_ref()).filter(|&m| m < 1440);
        let end = parse_clock(s.end.get_ref());
        if start.is_none() {
            c.fail_at(
                s.start.span(),
                "shift.start",
                format!(
                    "'{}' is not a clock time; expected HH:MM",
                    s.start.get_ref()
                ),
            );
        }
        if end.is_none() {
            c.fail_at(
                s.end.span(),
                "shift.end",
                format!(
                    "'{}' is not a clock time; expected HH:MM (24:00 allowed)",
                    s.end.get_ref()
                ),
            );
        }
        let brk = c.int(&s.break_minutes, "shift.break_minutes", 0, 0, 240);
        let contracts = match &s.contracts {
            None => vec![Contract::FullTime, Contract::PartTime, Contract::Temporary],
            Some(list) => {
                let mut out = Vec::new();
                for name in list.get_ref() {
                    match Contract::parse(name) {
                        Some(k) => out.push(k),
                        None => c.fail_at(list.span(), "shift.contracts", format!("'{name}' is not a contract; expected full_time, part_time or temporary")),
                    }
                }
                if list.get_ref().is_empty() {
                    c.fail_at(
                        list.span(),
                        "shift.contracts",
                        "is empty; list the contracts that may work this shift",
                    );
                }
                out
            }
        };
        if let (Some(a), Some(b)) = (start, end) {
            let len = if b > a { b - a } else { b + 1440 - a };
            if a == b || len > 16 * 60 {
                c.fail_at(
                    s.end.span(),
                    "shift.end",
                    format!(
                        "shift {}–{} lasts {} h; expected 1 to 16 hours",
                        s.start.get_ref(),
                        s.end.get_ref(),
                        len as f64 / 60.0
                    ),
                );
            } else if brk >= len {
                c.fail_at(
                    s.end.span(),
                    "shift.break_minutes",
                    format!("break of {brk} min is not shorter than the shift ({len} min)"),
                );
            } else {
                shifts.push(ShiftTemplate {
                    name: s.name.clone().unwrap_or_else(|| id.clone()),
                    id,
                    start_minute: a,
                    length_minutes: len,
                    break_minutes: brk,
                    contracts,
                    not_followed_by: s
                        .not_followed_by
                        .as_ref()
                        .map(|l| l.get_ref().iter().map(|x| x.trim().to_string()).collect())
                        .unwrap_or_default(),
                });
            }
        }
    }
    // Forbidden successions name shifts of this file.
    for s in &raw.shift {
        if let Some(list) = &s.not_followed_by {
            for name in list.get_ref() {
                if !ids.contains(name.trim()) {
                    c.fail_at(
                        list.span(),
                        "shift.not_followed_by",
                        format!("unknown shift '{name}'; expected ids of [[shift]] templates"),
                    );
                }
            }
        }
    }
    let rules = Rules {
        hours_system,
        min_rest_hours,
        max_consecutive_days,
        min_days_off_per_week,
        min_consecutive_days,
        min_consecutive_days_off,
        max_weekends,
        min_hours_hard: raw.min_hours_hard.unwrap_or(false),
        night,
        holiday: HolidayPolicy {
            time_off_in_lieu: raw.holiday.time_off_in_lieu.unwrap_or(false),
        },
        sizing,
        fairness,
        shortage_penalty_per_seat_hour: shortage_penalty,
        shifts,
    };
    (problems.len() == before).then_some(rules)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrices {
    #[serde(default)]
    cost: RawCost,
    #[serde(default)]
    prices: RawPriceModels,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCost {
    pay_days_per_month: S<f64>,
    hours_per_day: S<f64>,
    social_insurance_rate: S<f64>,
    night_allowance_per_shift: S<f64>,
    overtime_multiplier: S<f64>,
    rest_day_multiplier: S<f64>,
    statutory_multiplier: S<f64>,
    temp_day_rate: S<f64>,
    training_per_new_seat: S<f64>,
    equipment_per_seat_month: S<f64>,
    software_per_seat_month: S<f64>,
    site_overhead_per_seat_month: S<f64>,
    team_lead_span: S<f64>,
    team_lead_monthly: S<f64>,
    qa_span: S<f64>,
    qa_monthly: S<f64>,
    target_margin: S<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPriceModels {
    dedicated_seat_monthly: S<f64>,
    base_monthly: S<f64>,
    base_commission_rate: S<f64>,
    pure_commission_rate: S<f64>,
    #[serde(default)]
    per_inquiry_tier: Vec<RawTier>,
    new_customer_price: S<f64>,
    returning_customer_price: S<f64>,
    floor_per_seat_shift_month: S<f64>,
    temp_seat_per_day: S<f64>,
    temp_holiday_surcharge: S<f64>,
    temp_surcharge_holidays: Option<Vec<String>>,
    #[serde(default)]
    package: Vec<RawPackage>,
    night_surcharge: S<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    max_daily: S<f64>,
    price: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPackage {
    name: String,
    monthly_fee: Spanned<f64>,
    included_inquiries: Spanned<f64>,
    overage_price: Spanned<f64>,
}

/// Reads `prices.toml`.
pub fn read_prices(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<PriceBook> {
    let raw: RawPrices = parse_toml(file, text, problems)?;
    let before = problems.len();
    let mut c = Checker {
        file,
        text,
        problems,
    };
    let k = &raw.cost;
    let m = "a multiplier ≥ 1";
    let cost = CostParams {
        pay_days_per_month: c.num(
            &k.pay_days_per_month,
            "cost.pay_days_per_month",
            21.75,
            |x| x > 0.0 && x <= 31.0,
            "days in (0, 31]",
        ),
        hours_per_day: c.num(
            &k.hours_per_day,
            "cost.hours_per_day",
            8.0,
            |x| x > 0.0 && x <= 24.0,
            "hours in (0, 24]",
        ),
        social_insurance_rate: c.num(
            &k.social_insurance_rate,
            "cost.social_insurance_rate",
            0.30,
            |x| (0.0..=1.0).contains(&x),
            "a share in [0, 1]",
        ),
        night_allowance_per_shift: c.num(
            &k.night_allowance_per_shift,
            "cost.night_allowance_per_shift",
            30.0,
            nonneg,
            "CNY ≥ 0",
        ),
        overtime_multiplier: c.num(
            &k.overtime_multiplier,
            "cost.overtime_multiplier",
            1.5,
            at_least_one,
            m,
        ),
        rest_day_multiplier: c.num(
            &k.rest_day_multiplier,
            "cost.rest_day_multiplier",
            2.0,
            at_least_one,
            m,
        ),
        statutory_multiplier: c.num(
            &k.statutory_multiplier,
            "cost.statutory_multiplier",
            3.0,
            at_least_one,
            m,
        ),
        temp_day_rate: c.num(
            &k.temp_day_rate,
            "cost.temp_day_rate",
            180.0,
            positive,
            "CNY > 0",
        ),
        training_per_new_seat: c.num(
            &k.training_per_new_seat,
            "cost.training_per_new_seat",
            1500.0,
            nonneg,
            "CNY ≥ 0",
        ),
        equipment_per_seat_month: c.num(
            &k.equipment_per_seat_month,
            "cost.equipment_per_seat_month",
            150.0,
            nonneg,
            "CNY ≥ 0",
        ),
        software_per_seat_month: c.num(
            &k.software_per_seat_month,
            "cost.software_per_seat_month",
            120.0,
            nonneg,
            "CNY ≥ 0",
        ),
        site_overhead_per_seat_month: c.num(
            &k.site_overhead_per_seat_month,
            "cost.site_overhead_per_seat_month",
            500.0,
            nonneg,
            "CNY ≥ 0",
        ),
        team_lead_span: c.num(
            &k.team_lead_span,
            "cost.team_lead_span",
            15.0,
            at_least_one,
            "agents ≥ 1",
        ),
        team_lead_monthly: c.num(
            &k.team_lead_monthly,
            "cost.team_lead_monthly",
            8000.0,
            nonneg,
            "CNY ≥ 0",
        ),
        qa_span: c.num(&k.qa_span, "cost.qa_span", 40.0, at_least_one, "agents ≥ 1"),
        qa_monthly: c.num(&k.qa_monthly, "cost.qa_monthly", 6500.0, nonneg, "CNY ≥ 0"),
        target_margin: c.num(
            &k.target_margin,
            "cost.target_margin",
            0.2,
            unit_co,
            "a share in [0, 1)",
        ),
    };
    let p = &raw.prices;
    let mut tiers = Vec::new();
    let mut prev: Option<f64> = None;
    for (i, t) in p.per_inquiry_tier.iter().enumerate() {
        let price = c.num(
            &Some(t.price.clone()),
            "prices.per_inquiry_tier.price",
            0.0,
            positive,
            "CNY > 0",
        );
        let max_daily = match &t.max_daily {
            None => {
                if i + 1 != p.per_inquiry_tier.len() {
                    c.fail_at(
                        t.price.span(),
                        "prices.per_inquiry_tier.max_daily",
                        "only the last tier may omit max_daily",
                    );
                }
                None
            }
            Some(v) => {
                let x = *v.get_ref();
                if x.is_nan() || x <= 0.0 || prev.is_some_and(|p| x <= p) {
                    c.fail_at(
                        v.span(),
                        "prices.per_inquiry_tier.max_daily",
                        format!("{x} must be > 0 and above the previous tier's bound"),
                    );
                }
                prev = Some(x);
                Some(x)
            }
        };
        tiers.push(InquiryTier { max_daily, price });
    }
    if tiers.is_empty() {
        tiers = vec![
            InquiryTier {
                max_daily: Some(200.0),
                price: 1.8,
            },
            InquiryTier {
                max_daily: Some(500.0),
                price: 1.3,
            },
            InquiryTier {
                max_daily: None,
                price: 1.0,
            },
        ];
    }
    let mut packages = Vec::new();
    for pk in &p.package {
        packages.push(Package {
            name: pk.name.clone(),
            monthly_fee: c.num(
                &Some(pk.monthly_fee.clone()),
                "prices.package.monthly_fee",
                0.0,
                positive,
                "CNY > 0",
            ),
            included_inquiries: c.num(
                &Some(pk.included_inquiries.clone()),
                "prices.package.included_inquiries",
                0.0,
                nonneg,
                "inquiries ≥ 0",
            ),
            overage_price: c.num(
                &Some(pk.overage_price.clone()),
                "prices.package.overage_price",
                0.0,
                nonneg,
                "CNY ≥ 0",
            ),
        });
    }
    let rate = "a rate in [0, 1)";
    let prices = PriceModels {
        dedicated_seat_monthly: c.num(
            &p.dedicated_seat_monthly,
            "prices.dedicated_seat_monthly",
            4500.0,
            positive,
            "CNY > 0",
        ),
        base_monthly: c.num(
            &p.base_monthly,
            "prices.base_monthly",
            1500.0,
            nonneg,
            "CNY ≥ 0",
        ),
        base_commission_rate: c.num(
            &p.base_commission_rate,
            "prices.base_commission_rate",
            0.025,
            unit_co,
            rate,
        ),
        pure_commission_rate: c.num(
            &p.pure_commission_rate,
            "prices.pure_commission_rate",
            0.05,
            unit_co,
            rate,
        ),
        per_inquiry_tiers: tiers,
        new_customer_price: c.num(
            &p.new_customer_price,
            "prices.new_customer_price",
            1.5,
            nonneg,
            "CNY ≥ 0",
        ),
        returning_customer_price: c.num(
            &p.returning_customer_price,
            "prices.returning_customer_price",
            0.9,
            nonneg,
            "CNY ≥ 0",
        ),
        floor_per_seat_shift_month: c.num(
            &p.floor_per_seat_shift_month,
            "prices.floor_per_seat_shift_month",
            3000.0,
            nonneg,
            "CNY ≥ 0",
        ),
        temp_seat_per_day: c.num(
            &p.temp_seat_per_day,
            "prices.temp_seat_per_day",
            200.0,
            positive,
            "CNY > 0",
        ),
        temp_holiday_surcharge: c.num(
            &p.temp_holiday_surcharge,
            "prices.temp_holiday_surcharge",
            0.5,
            nonneg,
            "a share ≥ 0",
        ),
        temp_surcharge_holidays: p
            .temp_surcharge_holidays
            .clone()
            .unwrap_or_else(|| vec!["劳动节".into(), "国庆节".into()]),
        packages,
        night_surcharge: c.num(
            &p.night_surcharge,
            "prices.night_surcharge",
            0.3,
            nonneg,
            "a share ≥ 0",
        ),
    };
    (problems.len() == before).then_some(PriceBook { cost, prices })
}
