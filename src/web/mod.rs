//! `seatplan serve`: a local web workspace for sales and managers over the same library as the
//! CLI — a quote page, a peak-scenario page and a roster viewer, plus the JSON API they use.
//!
//! Owns the HTTP edge only: every number comes from a library function
//! ([`crate::price::quote_request`] for quotes, [`crate::scenario::run`] for scenarios,
//! [`crate::plan::run`] and [`crate::schedule::check_roster`] for the roster). The pages are
//! plain HTML/CSS/JS embedded in the binary ([`assets`]); nothing is fetched from elsewhere at
//! run time.
//!
//! | route | what |
//! |---|---|
//! | `GET /`, `/quote`, `/scenario`, `/roster` | the pages |
//! | `GET /static/app.css`, `/static/app.js` | shared style and script |
//! | `GET /api/info` | the scenario's shops, pools, events and the quote defaults |
//! | `POST /api/quote` | a [`crate::price::QuoteRequest`] → the [`crate::price::Quote`] (as `seatplan quote --format json`) |
//! | `GET /api/quote.csv?q=JSON` | the quote as CSV (download) |
//! | `GET /quote/print?q=JSON` | the quote as a printable page |
//! | `POST /api/scenario` | a [`crate::scenario::ScenarioSpec`] → the [`crate::scenario::ScenarioReport`] |
//! | `GET /api/roster` | the week's roster grid, coverage per pool and violations |
//! | `POST /api/roster?file=NAME[&week=DATE]` | the same view of a roster CSV in the body (as `seatplan roster` writes it) |
//!
//! The API validates like the CLI: a wrong field answers HTTP 400 with
//! `{"error": …, "errors": [{"field", "message"}]}`; bodies over [`BODY_LIMIT`] bytes
//! ([`ROSTER_BODY_LIMIT`] for a roster upload) answer 413;
//! unknown routes 404. The server binds to 127.0.0.1 unless told otherwise, reads the scenario
//! once at start and writes no file at all (so never into the scenario directory).

mod api;
pub mod assets;
mod export;
mod parse;
pub mod roster;
pub mod scenario_api;

use crate::io::{load_scenario, read_roster};
use crate::model::Scenario;
use crate::schedule::Roster;
use crate::{Error, Result};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub use parse::parse_quote_request;
pub use roster::{roster_view, RosterView};
pub use scenario_api::{parse_scenario_spec, scenario_options, MAX_VARIANTS};

/// Largest request body the API accepts, bytes (a quote or scenario request is well under 2 KiB).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Largest roster upload, bytes (a week of 3,000 agents' shifts is about 1 MiB).
pub const ROSTER_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The body limit of a request path.
pub fn body_limit(path: &str) -> usize {
    if path == "/api/roster" {
        ROSTER_BODY_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// How `seatplan serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Scenario directory (read once, never written).
    pub dir: PathBuf,
    /// Address to bind (127.0.0.1 unless told otherwise).
    pub host: IpAddr,
    /// Port (0: any free port; the address is printed).
    pub port: u16,
    /// Week of the roster viewer (default: the Monday after the history).
    pub week: Option<NaiveDate>,
    /// Roster solver time limit per group of pools, seconds.
    pub time_limit: f64,
    /// Plan the roster at start (else on the first visit of the roster viewer).
    pub warm_roster: bool,
    /// Last week's roster CSV: the viewer's plan and uploads keep rest and runs across the
    /// start of the week (as `roster --previous`).
    pub previous: Option<PathBuf>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            dir: PathBuf::from("data/demo"),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            week: None,
            time_limit: 60.0,
            warm_roster: true,
            previous: None,
        }
    }
}

/// What the handlers share: the scenario, read once, and the roster computed once.
#[derive(Debug)]
pub struct AppState {
    /// Scenario directory (shown on the pages).
    pub dir: PathBuf,
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// Week of the roster viewer.
    pub week: Option<NaiveDate>,
    /// Roster solver time limit, seconds.
    pub time_limit: f64,
    /// Last week's roster, whose tail the viewer's rules look back on.
    pub previous: Option<Arc<Roster>>,
    roster: tokio::sync::OnceCell<std::result::Result<Arc<RosterView>, String>>,
    scenarios: scenario_api::ScenarioRuns,
    /// Full quotes (with the break-even search) running at once: a request whose page moved on
    /// is dropped while it waits here, so fast typing does not pile up searches.
    full_quotes: tokio::sync::Semaphore,
}

impl AppState {
    /// State over a loaded scenario.
    pub fn new(dir: PathBuf, scenario: Scenario, week: Option<NaiveDate>, time_limit: f64) -> Self {
        AppState {
            dir,
            scenario: Arc::new(scenario),
            week,
            time_limit,
            previous: None,
            roster: tokio::sync::OnceCell::new(),
            scenarios: scenario_api::ScenarioRuns::default(),
            full_quotes: tokio::sync::Semaphore::new(2),
        }
    }

    /// The week's roster view, planned on first use (concurrent callers wait for the same run).
    pub async fn roster(&self) -> std::result::Result<Arc<RosterView>, String> {
        self.roster
            .get_or_init(|| async {
                let s = Arc::clone(&self.scenario);
                let week = self.week;
                let limit = self.time_limit;
                let previous = self.previous.clone();
                tokio::task::spawn_blocking(move || {
                    roster_view(&s, week, limit, previous.as_deref())
                })
                .await
                .map_err(|e| format!("roster planning stopped: {e}"))
                .and_then(|r| r.map(Arc::new).map_err(|e| e.to_string()))
            })
            .await
            .clone()
    }
}

/// The application: every route over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/quote", get(assets::quote_page))
        .route("/scenario", get(assets::scenario_page))
        .route("/roster", get(assets::roster_page))
        .route("/static/app.css", get(assets::css))
        .route("/static/app.js", get(assets::js))
        .route("/api/info", get(api::info))
        .route("/api/quote", post(api::quote))
        .route("/api/quote.csv", get(api::quote_csv_download))
        .route("/quote/print", get(api::quote_print))
        .route(
            "/api/roster",
            get(api::roster)
                .post(api::roster_upload)
                .layer(DefaultBodyLimit::max(ROSTER_BODY_LIMIT)),
        )
        .route("/api/scenario", post(scenario_api::scenario))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(api::refuse_oversize))
        .with_state(state)
}

/// Runs the server until Ctrl-C (or SIGTERM): loads the scenario, binds, prints
/// `seatplan serve: http://ADDR/` on stdout, starts planning the roster in the background
/// (unless [`ServeOptions::warm_roster`] is off).
///
/// # Errors
/// The scenario does not load, or the address cannot be bound.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let scenario = load_scenario(&opts.dir)?;
    let previous = match &opts.previous {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            Some(read_roster(
                &path.display().to_string(),
                &text,
                &scenario.rules,
            )?)
        }
        None => None,
    };
    let mut state = AppState::new(opts.dir.clone(), scenario, opts.week, opts.time_limit);
    state.previous = previous.map(Arc::new);
    let state = Arc::new(state);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server runtime: {e}")))?;
    rt.block_on(async move {
        let addr = SocketAddr::new(opts.host, opts.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("no local address: {e}")))?;
        println!(
            "seatplan serve: http://{local}/ (scenario {})",
            opts.dir.display()
        );
        {
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
        }
        if opts.warm_roster {
            let warm = Arc::clone(&state);
            tokio::spawn(async move {
                let _ = warm.roster().await;
            });
        }
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| Error::Usage(format!("server stopped: {e}")))
    })?;
    // Blocking tasks (a roster solve) are not waited for.
    rt.shutdown_background();
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
