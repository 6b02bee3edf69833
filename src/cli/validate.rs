//! `seatplan validate`.

use super::Format;
use crate::io::load_scenario;
use crate::summary::summarize;
use crate::Result;
use std::path::Path;

/// Validates the scenario in `dir` and prints its summary.
pub fn run(dir: &Path, format: Format) -> Result<()> {
    let scenario = load_scenario(dir)?;
    let summary = summarize(&scenario);
    match format {
        Format::Text => {
            println!("{}: OK", dir.display());
            print!("{summary}");
        }
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&summary)
                .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        ),
    }
    Ok(())
}
