//! Fuzzes `pools.csv` (`read_pools`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    let pools = seatplan::io::read_pools(FILE, &text, &mut problems);
    if problems.is_empty() {
        assert!(pools.iter().all(|p| !p.id.is_empty()));
    } else {
        check_problems(
            &text,
            &problems,
            Fields::Csv(&["id", "name", "mode", "shrinkage"]),
        );
    }
});
