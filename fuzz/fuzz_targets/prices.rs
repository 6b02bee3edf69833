//! Fuzzes `prices.toml` (`read_prices`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    match seatplan::io::read_prices(FILE, &text, &mut problems) {
        Some(_) => assert!(problems.is_empty()),
        None => check_problems(&text, &problems, Fields::Any),
    }
});
