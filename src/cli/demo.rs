//! `seatplan demo generate`.

use crate::io::write_atomic;
use crate::{Error, Result};
use std::path::Path;

/// Writes the demo scenario for `seed` into `out`.
pub fn generate(seed: u64, out: &Path) -> Result<()> {
    let files = crate::demo::generate(seed);
    for (name, text) in files.named() {
        let path = out.join(name);
        write_atomic(&path, text.as_bytes()).map_err(|source| Error::Io { path, source })?;
    }
    println!("wrote demo scenario (seed {seed}) to {}", out.display());
    Ok(())
}
