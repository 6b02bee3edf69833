//! Fuzzes `rules.toml` (`read_rules`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    match seatplan::io::read_rules(FILE, &text, &mut problems) {
        Some(rules) => {
            assert!(problems.is_empty());
            assert!(!rules.shifts.is_empty());
        }
        None => check_problems(&text, &problems, Fields::Any),
    }
});
