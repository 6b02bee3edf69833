//! `seatplan demo generate`.

use crate::io::write_atomic;
use crate::{Error, Result};
use std::path::Path;

/// Writes the demo scenario for `seed` into `out`; with `shops` or `agents`, a scale scenario
/// of that size ([`crate::demo::generate_sized`]).
pub fn generate(seed: u64, out: &Path, shops: Option<usize>, agents: Option<usize>) -> Result<()> {
    let files = match (shops, agents) {
        (None, None) => crate::demo::generate(seed),
        (s, a) => {
            let s = s.unwrap_or(12);
            crate::demo::generate_sized(seed, s, a.unwrap_or(s * 100 / 12))
        }
    };
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.to_path_buf(),
        source,
    })?;
    for (name, text) in files.named() {
        let path = out.join(name);
        write_atomic(&path, text.as_bytes()).map_err(|source| Error::Io { path, source })?;
    }
    println!("wrote demo scenario (seed {seed}) to {}", out.display());
    Ok(())
}
