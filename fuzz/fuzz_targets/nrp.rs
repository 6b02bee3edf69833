//! Fuzzes the shift-scheduling benchmark format (`read_nrp`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    match seatplan::io::read_nrp(FILE, &text) {
        Ok(inst) => assert!(inst.days >= 1 && !inst.shifts.is_empty()),
        Err(e) => check_problems(&text, &e.problems, Fields::Any),
    }
});
