//! JSON API handlers: scenario info, quotes (JSON, CSV, printable page), the roster view, and
//! the error answers (400 with the fields named, 404 for unknown routes).

use super::export::{quote_csv, quote_print_html};
use super::parse::read_quote_request;
use super::AppState;
use crate::model::DayKind;
use crate::price::{
    client_spec, quote_request_with, FieldError, Quote, QuoteError, QuoteInputs, QuoteRequest,
    QuoteRequestError, DEFAULT_AHT, DEFAULT_CONCURRENCY, DEFAULT_CONVERSION, DEFAULT_NEW_SHARE,
    DEFAULT_ORDER_VALUE, DEFAULT_WAGE,
};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

/// 400 with every wrong field.
pub(crate) fn field_errors(errors: Vec<FieldError>) -> Response {
    let summary = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ");
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": summary, "errors": errors })),
    )
        .into_response()
}

/// An error answer without a field.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let message = message.into();
    (
        status,
        Json(json!({ "error": message, "errors": Vec::<FieldError>::new() })),
    )
        .into_response()
}

/// Refuses a request whose announced `Content-Length` is over its route's limit
/// ([`super::body_limit`]) with 413
/// before reading its body (a body without a length is cut at the limit by the extractor).
pub async fn refuse_oversize(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let limit = super::body_limit(req.uri().path());
    if announced.is_some_and(|n| n > limit as u64) {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body over {limit} bytes"),
        );
    }
    next.run(req).await
}

/// Unknown route: JSON under `/api/`, a short page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        error(StatusCode::NOT_FOUND, format!("no route {}", uri.path()))
    } else {
        (
            StatusCode::NOT_FOUND,
            Html(format!(
                "<!DOCTYPE html><meta charset=\"utf-8\"><title>Not found</title><p>No page {}. \
                 <a href=\"/\">seatplan workspace</a></p>",
                crate::report::esc(uri.path())
            )),
        )
            .into_response()
    }
}

/// The scenario's shops, pools, promotion events after the history, and the quote defaults.
pub async fn info(State(state): State<Arc<AppState>>) -> Response {
    let s = &state.scenario;
    let after = s.history.span().map(|(_, last)| last.date());
    let mut events: BTreeMap<String, (chrono::NaiveDate, bool)> = BTreeMap::new();
    for e in s.calendar.entries.iter().filter(|e| e.shop.is_none()) {
        if !(e.kind.is_promotion() || e.kind == DayKind::Event) {
            continue;
        }
        if after.is_some_and(|a| e.dates.end <= a) {
            continue;
        }
        let peak = e.kind == DayKind::Peak;
        let slot = events
            .entry(e.name.clone())
            .or_insert((e.dates.start, peak));
        if (peak && !slot.1) || (peak == slot.1 && e.dates.start < slot.0) {
            *slot = (e.dates.start, peak);
        }
    }
    let mut events: Vec<(String, chrono::NaiveDate)> =
        events.into_iter().map(|(n, (d, _))| (n, d)).collect();
    events.sort_by_key(|(_, d)| *d);
    Json(json!({
        "dir": state.dir.display().to_string(),
        "history_end": after,
        "roster_week": state.week.or_else(|| super::roster::week_after_history(s)),
        "shops": s.shops.iter().map(|x| json!({
            "id": x.id, "name": x.name, "pool": x.pool, "platform": x.platform.as_str(),
            "service_hours": x.service_hours.to_string(), "aht_seconds": x.aht_seconds,
            "concurrency": x.concurrency, "sla_target": x.sla_target,
            "sla_seconds": x.sla_seconds, "patience_seconds": x.patience_seconds,
            "order_value": x.order_value, "conversion": x.conversion,
            "plan": x.plan.as_str(),
        })).collect::<Vec<_>>(),
        "pools": s.pools.iter().map(|p| json!({
            "id": p.id, "name": p.name, "mode": p.mode.as_str(),
            "shops": s.shops_in(&p.id).map(|x| x.id.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "events": events.iter().map(|(n, d)| json!({"name": n, "first_day": d})).collect::<Vec<_>>(),
        "agents": s.agents.len(),
        "quote_defaults": {
            "aht": DEFAULT_AHT, "concurrency": DEFAULT_CONCURRENCY,
            "concurrency_max": s.rules.sizing.concurrency_factors.len().max(1),
            "sla": "0.8/30", "order_value": DEFAULT_ORDER_VALUE,
            "conversion": DEFAULT_CONVERSION, "new_share": DEFAULT_NEW_SHARE,
            "wage": DEFAULT_WAGE, "shrinkage": s.rules.sizing.shrinkage,
            "platform": "taobao",
        },
    }))
    .into_response()
}

/// Runs a quote request on a blocking thread, with the scenario's rules, prices and calendar
/// (with the break-even search unless `quick`).
async fn run_quote(
    state: &Arc<AppState>,
    req: QuoteRequest,
    quick: bool,
) -> Result<Quote, Response> {
    let _permit = if quick {
        None
    } else {
        Some(
            state
                .full_quotes
                .acquire()
                .await
                .map_err(|_| error(StatusCode::SERVICE_UNAVAILABLE, "server shutting down"))?,
        )
    };
    let st = Arc::clone(state);
    let out = tokio::task::spawn_blocking(move || {
        let s = &st.scenario;
        let inputs = QuoteInputs {
            rules: &s.rules,
            book: &s.prices,
            calendar: &s.calendar,
            scenario: Some(s),
        };
        quote_request_with(&req, &inputs, !quick)
    })
    .await
    .map_err(|e| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("quote stopped: {e}"),
        )
    })?;
    out.map_err(|e| match e {
        QuoteRequestError::Fields(f) => field_errors(f),
        QuoteRequestError::Quote(q @ (QuoteError::Invalid(_) | QuoteError::Queueing(_))) => {
            error(StatusCode::BAD_REQUEST, q.to_string())
        }
        QuoteRequestError::Quote(q) => error(StatusCode::INTERNAL_SERVER_ERROR, q.to_string()),
    })
}

/// A body the server would not read (over [`super::BODY_LIMIT`]: 413) as a JSON error.
pub(crate) fn body_error(r: BytesRejection) -> Response {
    error(r.status(), r.body_text())
}

/// Reads a quote request; on wrong fields, the value checks still run on the fields that read,
/// so every problem is answered at once (400).
async fn read_request(state: &Arc<AppState>, body: &[u8]) -> Result<QuoteRequest, Response> {
    let (req, mut errors) = read_quote_request(body).map_err(field_errors)?;
    if errors.is_empty() {
        return Ok(req);
    }
    let st = Arc::clone(state);
    let bad: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
    let more = tokio::task::spawn_blocking(move || {
        let s = &st.scenario;
        let inputs = QuoteInputs {
            rules: &s.rules,
            book: &s.prices,
            calendar: &s.calendar,
            scenario: Some(s),
        };
        match client_spec(&req, &inputs) {
            Err(QuoteRequestError::Fields(f)) => f,
            _ => Vec::new(),
        }
    })
    .await
    .unwrap_or_default();
    errors.extend(more.into_iter().filter(|e| !bad.contains(&e.field)));
    Err(field_errors(errors))
}

/// `?break_evens=false` of `POST /api/quote`.
#[derive(Debug, Deserialize)]
pub struct QuoteQuery {
    break_evens: Option<bool>,
}

/// `POST /api/quote`: the quote, exactly as `seatplan quote --format json` prints it; with
/// `?break_evens=false`, the same quote without the break-even search (the page shows it first,
/// then the full one). The time taken is in the `Server-Timing` header.
pub async fn quote(
    State(state): State<Arc<AppState>>,
    opts: Result<Query<QuoteQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let clock = Instant::now();
    let Ok(Query(opts)) = opts else {
        return field_errors(vec![FieldError::new(
            "break_evens",
            "expected ?break_evens=true or ?break_evens=false",
        )]);
    };
    let body = match body {
        Ok(b) => b,
        Err(r) => return body_error(r),
    };
    let req = match read_request(&state, &body).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    match run_quote(&state, req, opts.break_evens == Some(false)).await {
        Ok(q) => {
            let ms = clock.elapsed().as_secs_f64() * 1000.0;
            (
                [(
                    header::HeaderName::from_static("server-timing"),
                    format!("quote;dur={ms:.1}"),
                )],
                Json(q),
            )
                .into_response()
        }
        Err(r) => r,
    }
}

/// `?q=` of the export routes: the quote request as JSON.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    q: Option<String>,
}

async fn quote_from_query(state: &Arc<AppState>, q: ExportQuery) -> Result<Quote, Response> {
    let raw = q.q.unwrap_or_default();
    let req = read_request(state, raw.as_bytes()).await?;
    run_quote(state, req, false).await
}

/// `GET /api/quote.csv?q=JSON`: the quote as a CSV download.
pub async fn quote_csv_download(
    State(state): State<Arc<AppState>>,
    Query(q): Query<ExportQuery>,
) -> Response {
    match quote_from_query(&state, q).await {
        Ok(quote) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"quote-{}.csv\"", file_stem(&quote)),
                ),
            ],
            quote_csv(&quote),
        )
            .into_response(),
        Err(r) => r,
    }
}

/// `GET /quote/print?q=JSON`: the quote as a printable page.
pub async fn quote_print(
    State(state): State<Arc<AppState>>,
    Query(q): Query<ExportQuery>,
) -> Response {
    match quote_from_query(&state, q).await {
        Ok(quote) => Html(quote_print_html(&quote)).into_response(),
        Err(r) => r,
    }
}

fn file_stem(q: &Quote) -> String {
    let daily = format!("{:.0}", q.volume.daily_inquiries);
    let id: String = q
        .client
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{id}-{daily}")
}

/// `GET /api/roster`: the week's roster view (planned once, then cached).
pub async fn roster(State(state): State<Arc<AppState>>) -> Response {
    match state.roster().await {
        Ok(v) => Json(v.as_ref()).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// Query of `POST /api/roster`.
#[derive(Debug, Deserialize)]
pub struct RosterUpload {
    /// Name of the uploaded file (for messages); `roster.csv` when absent.
    file: Option<String>,
    /// Monday of the week (default: the Monday of the roster's first date).
    week: Option<String>,
}

/// `POST /api/roster?file=NAME[&week=DATE]` with a roster CSV as the body: the view of that
/// roster — read like `check-roster` reads it (400 naming each line and field it rejects),
/// checked, covered, simulated and costed against the week's forecast requirement.
pub async fn roster_upload(
    State(state): State<Arc<AppState>>,
    query: Result<Query<RosterUpload>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Query(q) = match query {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let body = match body {
        Ok(b) => b,
        Err(r) => return body_error(r),
    };
    let file = q
        .file
        .filter(|f| !f.trim().is_empty())
        .unwrap_or_else(|| "roster.csv".into());
    let week = match q.week.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        None => None,
        Some(w) => match chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                return field_errors(vec![FieldError::new(
                    "week",
                    format!("'{w}' is not a date YYYY-MM-DD"),
                )])
            }
        },
    };
    let text = match String::from_utf8(body.to_vec()) {
        Ok(t) => t,
        Err(_) => {
            return field_errors(vec![FieldError::new(
                &file,
                "the file is not UTF-8 text (save the CSV as UTF-8)",
            )])
        }
    };
    let st = Arc::clone(&state);
    let out = tokio::task::spawn_blocking(move || {
        super::roster::uploaded_roster_view(
            &st.scenario,
            &file,
            &text,
            week,
            st.time_limit,
            st.previous.as_deref(),
        )
    })
    .await;
    match out {
        Ok(Ok(view)) => Json(view).into_response(),
        Ok(Err(crate::Error::Input(e))) => field_errors(
            e.problems
                .iter()
                .map(|p| {
                    let mut at = p.file.clone();
                    if let Some(line) = p.line {
                        at.push_str(&format!(":{line}"));
                    }
                    if let Some(field) = &p.field {
                        at.push_str(&format!(": {field}"));
                    }
                    FieldError::new(&at, p.message.clone())
                })
                .collect(),
        ),
        Ok(Err(e @ crate::Error::Usage(_))) => error(StatusCode::BAD_REQUEST, e.to_string()),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("roster check stopped: {e}"),
        ),
    }
}
