//! Output formats: CSV tables, text summaries, a self-contained HTML report with SVG charts and
//! an xlsx roster. Pure functions from typed results to text or bytes; writing files is the
//! CLI's job.

mod html;
mod scenario;
mod tables;
mod xlsx;

pub use html::{esc, BarGroup, GridRow, Html, LineSeries, Marker, PALETTE};
pub use scenario::{
    scenario_csv, scenario_html, scenario_section, scenario_table, scenario_text, variant_summary,
};
pub use tables::*;
pub use xlsx::{roster_xlsx, XlsxError};
