//! The workspace's pages, style and script, embedded in the binary (`include_str!`): nothing is
//! read from disk or fetched from the network at run time.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

/// Landing page.
pub const INDEX_HTML: &str = include_str!("static/index.html");
/// Quote page.
pub const QUOTE_HTML: &str = include_str!("static/quote.html");
/// Scenario page.
pub const SCENARIO_HTML: &str = include_str!("static/scenario.html");
/// Roster viewer.
pub const ROSTER_HTML: &str = include_str!("static/roster.html");
/// Shared style sheet.
pub const APP_CSS: &str = include_str!("static/app.css");
/// Shared script: API calls, number formatting, SVG charts.
pub const APP_JS: &str = include_str!("static/app.js");

/// `GET /`.
pub async fn index() -> Html<&'static str> {
    Html(INDEX_HTML)
}

/// `GET /quote`.
pub async fn quote_page() -> Html<&'static str> {
    Html(QUOTE_HTML)
}

/// `GET /scenario`.
pub async fn scenario_page() -> Html<&'static str> {
    Html(SCENARIO_HTML)
}

/// `GET /roster`.
pub async fn roster_page() -> Html<&'static str> {
    Html(ROSTER_HTML)
}

/// `GET /static/app.css`.
pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], APP_CSS).into_response()
}

/// `GET /static/app.js`.
pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
        .into_response()
}
