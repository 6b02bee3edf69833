//! Reader of a peak-event scenario file (TOML): the event, an optional focus and week, and the
//! variants to compare. Checked against the scenario it runs on, so an unknown event, shop or
//! pool is reported at its line, like any other input problem.

use super::problem::Problem;
use super::toml_inputs::{line_of, parse_toml};
use crate::model::{PoolMode, Scenario};
use crate::scenario::{NewShop, ScenarioSpec, Sla, Variant};
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;

type S<T> = Option<Spanned<T>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    event: Spanned<String>,
    focus: S<String>,
    week: S<String>,
    #[serde(default)]
    variant: Vec<RawVariant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    name: Spanned<String>,
    uplift: S<f64>,
    extra_temps: S<i64>,
    temp_day_rate: S<f64>,
    sla_target: S<f64>,
    sla_seconds: S<f64>,
    max_occupancy: S<f64>,
    new_shop: Option<Spanned<RawNewShop>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNewShop {
    id: Spanned<String>,
    like: Spanned<String>,
    daily_inquiries: Spanned<f64>,
    pool: S<String>,
}

/// Largest uplift a variant may ask for (a typo guard: 100× a normal day).
pub const MAX_UPLIFT: f64 = 100.0;

/// Most temporary agents a variant may add per pool.
pub const MAX_EXTRA_TEMPS: i64 = 500;

/// Reads a scenario file, checking its names against `s`.
pub fn read_scenario_spec(
    file: &str,
    text: &str,
    s: &Scenario,
    problems: &mut Vec<Problem>,
) -> Option<ScenarioSpec> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawSpec = parse_toml(file, text, problems)?;
    let before = problems.len();
    let mut fail = |span: std::ops::Range<usize>, field: &str, msg: String| {
        problems.push(Problem::at(file, line_of(text, span.start), field, msg));
    };
    let event = raw.event.get_ref().trim().to_string();
    if !s
        .calendar
        .entries
        .iter()
        .any(|e| crate::scenario::event_matches(&e.name, &event))
    {
        fail(
            raw.event.span(),
            "event",
            format!("no event '{event}' in the scenario's calendar.csv"),
        );
    }
    let focus = raw.focus.as_ref().map(|f| {
        let id = f.get_ref().trim().to_string();
        if s.pool(&id).is_none() && s.shop(&id).is_none() {
            fail(
                f.span(),
                "focus",
                format!("'{id}' is neither a pool nor a shop of the scenario"),
            );
        }
        id
    });
    let week = raw.week.as_ref().and_then(|w| {
        match chrono::NaiveDate::parse_from_str(w.get_ref().trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                fail(
                    w.span(),
                    "week",
                    format!("'{}' is not a date; expected YYYY-MM-DD", w.get_ref()),
                );
                None
            }
        }
    });
    if raw.variant.is_empty() {
        problems.push(Problem::at(
            file,
            1,
            "variant",
            "no [[variant]]; add at least one (e.g. name = \"6x\", uplift = 6)",
        ));
    }
    let mut names = HashSet::new();
    let mut variants = Vec::new();
    for rv in &raw.variant {
        let mut fail = |span: std::ops::Range<usize>, field: &str, msg: String| {
            problems.push(Problem::at(file, line_of(text, span.start), field, msg));
        };
        let name = rv.name.get_ref().trim().to_string();
        if name.is_empty() || name == "baseline" || !names.insert(name.clone()) {
            fail(
                rv.name.span(),
                "variant.name",
                format!("'{name}' is empty, 'baseline' or given twice; expected a unique label"),
            );
        }
        let mut num = |v: &S<f64>, field: &str, ok: fn(f64) -> bool, expected: &str| {
            v.as_ref().and_then(|x| {
                let n = *x.get_ref();
                if n.is_finite() && ok(n) {
                    Some(n)
                } else {
                    fail(
                        x.span(),
                        field,
                        format!("{n} is out of range; expected {expected}"),
                    );
                    None
                }
            })
        };
        let uplift = num(
            &rv.uplift,
            "variant.uplift",
            |x| (0.0..=MAX_UPLIFT).contains(&x),
            "a multiple of a normal day from 0 to 100",
        );
        let temp_day_rate = num(
            &rv.temp_day_rate,
            "variant.temp_day_rate",
            |x| x >= 0.0,
            "CNY per day, at least 0",
        );
        let sla_target = num(
            &rv.sla_target,
            "variant.sla_target",
            |x| x > 0.0 && x < 1.0,
            "a share between 0 and 1 (0.8 = 80 %)",
        );
        let sla_seconds = num(
            &rv.sla_seconds,
            "variant.sla_seconds",
            |x| x > 0.0,
            "seconds, more than 0",
        );
        let max_occupancy = num(
            &rv.max_occupancy,
            "variant.max_occupancy",
            |x| x > 0.0 && x <= 1.0,
            "a share in (0, 1] (0.95 = agents busy 95 % of the time at most)",
        );
        let mut fail = |span: std::ops::Range<usize>, field: &str, msg: String| {
            problems.push(Problem::at(file, line_of(text, span.start), field, msg));
        };
        let extra_temps = match &rv.extra_temps {
            None => 0,
            Some(x) if (0..=MAX_EXTRA_TEMPS).contains(x.get_ref()) => *x.get_ref() as u32,
            Some(x) => {
                fail(
                    x.span(),
                    "variant.extra_temps",
                    format!(
                        "{} is out of range; expected a whole number from 0 to {MAX_EXTRA_TEMPS}",
                        x.get_ref()
                    ),
                );
                0
            }
        };
        let sla = match (sla_target, sla_seconds) {
            (Some(target), Some(seconds)) => Some(Sla { target, seconds }),
            (None, None) => None,
            _ => {
                fail(
                    rv.name.span(),
                    "variant.sla_target",
                    "give both sla_target and sla_seconds".into(),
                );
                None
            }
        };
        let new_shop = rv.new_shop.as_ref().map(|n| {
            let n = n.get_ref();
            let id = n.id.get_ref().trim().to_string();
            if id.is_empty() || s.shop(&id).is_some() {
                fail(
                    n.id.span(),
                    "new_shop.id",
                    format!("'{id}' is empty or already a shop; expected a new id"),
                );
            }
            let like = n.like.get_ref().trim().to_string();
            let like_shop = s.shop(&like);
            if like_shop.is_none() {
                fail(
                    n.like.span(),
                    "new_shop.like",
                    format!("no shop '{like}' in shops.csv"),
                );
            }
            let daily = *n.daily_inquiries.get_ref();
            if !(daily.is_finite() && daily > 0.0) {
                fail(
                    n.daily_inquiries.span(),
                    "new_shop.daily_inquiries",
                    format!("{daily} is out of range; expected inquiries per day, more than 0"),
                );
            }
            let pool = n.pool.as_ref().map(|p| p.get_ref().trim().to_string());
            let pool_id = pool
                .clone()
                .or_else(|| like_shop.map(|x| x.pool.clone()))
                .unwrap_or_default();
            let span = n.pool.as_ref().map_or_else(|| n.like.span(), |p| p.span());
            match s.pool(&pool_id) {
                Some(p) if p.mode == PoolMode::Shared => {}
                Some(_) => fail(
                    span,
                    "new_shop.pool",
                    format!("pool '{pool_id}' is dedicated to one shop; name a shared pool"),
                ),
                None if like_shop.is_some() => fail(
                    span,
                    "new_shop.pool",
                    format!("no pool '{pool_id}' in pools.csv"),
                ),
                None => {}
            }
            NewShop {
                id,
                like,
                daily_inquiries: daily,
                pool,
            }
        });
        variants.push(Variant {
            name,
            uplift,
            extra_temps,
            temp_day_rate,
            sla,
            max_occupancy,
            new_shop,
        });
    }
    (problems.len() == before).then_some(ScenarioSpec {
        event,
        focus,
        week,
        variants,
    })
}
