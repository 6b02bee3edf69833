//! `POST /api/scenario`: a peak-event what-if ([`crate::scenario::run`]) for the scenario page.
//! Runs one at a time (a request whose page moved on is dropped while it waits) and keeps the
//! last answers, so moving the slider back is instant.

use super::api::{body_error, error, field_errors};
use super::parse::{object, Fields};
use super::AppState;
use crate::price::FieldError;
use crate::scenario::{
    event_week, focus_pool, run, NewShop, ScenarioOptions, ScenarioReport, ScenarioSpec, Sla,
    Variant,
};
use crate::schedule::SolveOptions;
use crate::simulate::SimOptions;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Instant;

/// Most variants one request may run beside the baseline.
pub const MAX_VARIANTS: usize = 4;
/// Answers kept for repeated requests.
const CACHE_SIZE: usize = 32;

/// The options `seatplan scenario` runs with by default (30 s per group, gap 0.5 %, 30
/// replications, seed 42), so the page shows what the command prints.
pub fn scenario_options() -> ScenarioOptions {
    ScenarioOptions {
        solve: SolveOptions {
            time_limit_seconds: 30.0,
            mip_rel_gap: 0.005,
        },
        sim: SimOptions {
            replications: 30,
            seed: 42,
            ..SimOptions::default()
        },
    }
}

/// Scenario runs: one at a time, recent answers kept.
#[derive(Debug)]
pub struct ScenarioRuns {
    gate: tokio::sync::Semaphore,
    cache: std::sync::Mutex<Vec<(String, Arc<ScenarioReport>)>>,
}

impl Default for ScenarioRuns {
    fn default() -> Self {
        ScenarioRuns {
            gate: tokio::sync::Semaphore::new(1),
            cache: std::sync::Mutex::new(Vec::new()),
        }
    }
}

impl ScenarioRuns {
    fn cached(&self, key: &str) -> Option<Arc<ScenarioReport>> {
        let cache = self.cache.lock().ok()?;
        cache
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, r)| Arc::clone(r))
    }

    fn keep(&self, key: String, r: Arc<ScenarioReport>) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.retain(|(k, _)| *k != key);
            cache.push((key, r));
            let n = cache.len();
            if n > CACHE_SIZE {
                cache.drain(..n - CACHE_SIZE);
            }
        }
    }
}

fn range(
    f: &mut Fields,
    field: &str,
    v: Option<f64>,
    ok: impl Fn(f64) -> bool,
    expected: &str,
) -> Option<f64> {
    let x = v?;
    if ok(x) {
        Some(x)
    } else {
        f.errors.push(FieldError::new(
            field,
            format!("expected {expected}, got {x}"),
        ));
        None
    }
}

fn variant(i: usize, m: Map<String, Value>, errors: &mut Vec<FieldError>) -> Variant {
    let p = format!("variants[{i}].");
    let name = |k: &str| format!("{p}{k}");
    let mut f = Fields::nested(m, &p);
    let label = f
        .string("name")
        .unwrap_or_else(|| format!("variant {}", i + 1));
    let uplift = f.number("uplift");
    let uplift = range(
        &mut f,
        &name("uplift"),
        uplift,
        |x| x > 0.0 && x <= 100.0,
        "a multiple of a normal day in (0, 100]",
    );
    let extra_temps = f.count("extra_temps").unwrap_or(0);
    if extra_temps > 500 {
        f.errors.push(FieldError::new(
            &name("extra_temps"),
            format!("expected at most 500 temporary seats per pool, got {extra_temps}"),
        ));
    }
    let rate = f.number("temp_day_rate");
    let temp_day_rate = range(
        &mut f,
        &name("temp_day_rate"),
        rate,
        |x| x > 0.0,
        "CNY per day > 0",
    );
    let cap = f.number("max_occupancy");
    let max_occupancy = range(
        &mut f,
        &name("max_occupancy"),
        cap,
        |x| x > 0.0 && x <= 1.0,
        "a share in (0, 1]",
    );
    let sla = f.object("sla").and_then(|m| {
        let mut g = Fields::nested(m, &name("sla."));
        let target = g.number("target");
        let seconds = g.number("seconds");
        let mut errs = g.finish();
        let out = match (target, seconds) {
            (Some(t), Some(s)) if t > 0.0 && t <= 1.0 && s >= 0.0 => Some(Sla {
                target: t,
                seconds: s,
            }),
            _ if !errs.is_empty() => None,
            _ => {
                errs.push(FieldError::new(
                    &name("sla"),
                    "expected {\"target\": share in (0, 1], \"seconds\": ≥ 0}",
                ));
                None
            }
        };
        f.errors.extend(errs);
        out
    });
    let new_shop = f.object("new_shop").and_then(|m| {
        let mut g = Fields::nested(m, &name("new_shop."));
        let id = g.string("id");
        let like = g.string("like");
        let daily = g.number("daily_inquiries");
        let pool = g.string("pool");
        let mut errs = g.finish();
        let out = match (id, like, daily) {
            (Some(id), Some(like), Some(d)) if d > 0.0 && d <= 1e6 => Some(NewShop {
                id,
                like,
                daily_inquiries: d,
                pool,
            }),
            _ if !errs.is_empty() => None,
            _ => {
                errs.push(FieldError::new(
                    &name("new_shop"),
                    "expected {\"id\", \"like\": an existing shop, \"daily_inquiries\" in (0, 1,000,000], \"pool\"?}",
                ));
                None
            }
        };
        f.errors.extend(errs);
        out
    });
    errors.extend(f.finish());
    Variant {
        name: label,
        uplift,
        extra_temps,
        temp_day_rate,
        sla,
        max_occupancy,
        new_shop,
    }
}

/// Reads a scenario request: `{"event", "focus"?, "week"?, "variants": [{"name"?, "uplift"?,
/// "extra_temps"?, "temp_day_rate"?, "sla"?: {"target", "seconds"}, "max_occupancy"?, "new_shop"?: {"id",
/// "like", "daily_inquiries", "pool"?}}]}`.
///
/// # Errors
/// One [`FieldError`] per wrong or unknown field (nested ones as `variants[0].uplift`).
pub fn parse_scenario_spec(body: &[u8]) -> Result<ScenarioSpec, Vec<FieldError>> {
    let mut f = Fields::new(object(body)?);
    let event = f.string("event");
    let focus = f.string("focus");
    let week = f.string("week").and_then(|w| {
        NaiveDate::parse_from_str(&w, "%Y-%m-%d")
            .map_err(|_| {
                f.errors.push(FieldError::new(
                    "week",
                    format!("expected a date YYYY-MM-DD, got '{w}'"),
                ))
            })
            .ok()
    });
    let raw = f.objects("variants");
    if raw.len() > MAX_VARIANTS {
        f.errors.push(FieldError::new(
            "variants",
            format!(
                "at most {MAX_VARIANTS} variants per request, got {}",
                raw.len()
            ),
        ));
    }
    let mut errors = Vec::new();
    let variants: Vec<Variant> = raw
        .into_iter()
        .take(MAX_VARIANTS)
        .enumerate()
        .map(|(i, m)| variant(i, m, &mut errors))
        .collect();
    if event.is_none() {
        f.errors.push(FieldError::new(
            "event",
            "required: an event name of calendar.csv (双11, 618, …)",
        ));
    }
    let mut all = f.finish();
    all.extend(errors);
    match event {
        Some(event) if all.is_empty() => Ok(ScenarioSpec {
            event,
            focus,
            week,
            variants,
        }),
        _ => Err(all),
    }
}

/// `POST /api/scenario`: the baseline and each variant of the event's week side by side.
pub async fn scenario(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let clock = Instant::now();
    let body = match body {
        Ok(b) => b,
        Err(r) => return body_error(r),
    };
    let spec = match parse_scenario_spec(&body) {
        Ok(s) => s,
        Err(e) => return field_errors(e),
    };
    // The event and the focus name things of the scenario: check them here to name the field.
    let s = &state.scenario;
    let mut errors = Vec::new();
    if let Err(e) = event_week(s, &spec.event, spec.week) {
        errors.push(FieldError::new(
            if spec.week.is_some() { "week" } else { "event" },
            e.to_string(),
        ));
    }
    if let Some(f) = &spec.focus {
        if let Err(e) = focus_pool(s, f) {
            errors.push(FieldError::new("focus", e.to_string()));
        }
    }
    if !errors.is_empty() {
        return field_errors(errors);
    }
    let key = serde_json::to_string(&spec).unwrap_or_default();
    let runs = &state.scenarios;
    let report = match runs.cached(&key) {
        Some(r) => r,
        None => {
            // Dropped here (client gone) while waiting: the run never starts.
            let Ok(_permit) = runs.gate.acquire().await else {
                return error(StatusCode::SERVICE_UNAVAILABLE, "server shutting down");
            };
            match runs.cached(&key) {
                Some(r) => r,
                None => {
                    let st = Arc::clone(&state);
                    let out = tokio::task::spawn_blocking(move || {
                        run(&st.scenario, &spec, &scenario_options())
                    })
                    .await;
                    match out {
                        Ok(Ok(r)) => {
                            let r = Arc::new(r);
                            runs.keep(key, Arc::clone(&r));
                            r
                        }
                        Ok(Err(e)) => return error(StatusCode::BAD_REQUEST, e.to_string()),
                        Err(e) => {
                            return error(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                format!("scenario run stopped: {e}"),
                            )
                        }
                    }
                }
            }
        }
    };
    let ms = clock.elapsed().as_secs_f64() * 1000.0;
    (
        [(
            header::HeaderName::from_static("server-timing"),
            format!("scenario;dur={ms:.1}"),
        )],
        Json(report.as_ref()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_spec_and_names_nested_fields() {
        let s = parse_scenario_spec(
            r#"{"event": "双11", "focus": "p_flagship",
                "variants": [{"name": "6x", "uplift": 6, "extra_temps": 2,
                              "sla": {"target": 0.7, "seconds": 60},
                              "max_occupancy": 0.95}]}"#
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(s.event, "双11");
        assert_eq!(s.variants[0].uplift, Some(6.0));
        assert_eq!(s.variants[0].extra_temps, 2);
        assert_eq!(s.variants[0].max_occupancy, Some(0.95));
        assert_eq!(
            s.variants[0].sla,
            Some(Sla {
                target: 0.7,
                seconds: 60.0
            })
        );
        let e = parse_scenario_spec(
            br#"{"variants": [{"uplift": -1, "colour": "red", "sla": {"target": 2}}]}"#,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert!(fields.contains(&"event"), "{fields:?}");
        assert!(fields.contains(&"variants[0].uplift"), "{fields:?}");
        assert!(fields.contains(&"variants[0].colour"), "{fields:?}");
        assert!(fields.contains(&"variants[0].sla"), "{fields:?}");
    }
}
