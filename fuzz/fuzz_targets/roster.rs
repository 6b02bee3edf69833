//! Fuzzes the roster CSV of `check-roster` (`read_roster`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    match seatplan::io::read_roster(FILE, &text, seatplan_fuzz::rules()) {
        Ok(roster) => assert!(roster.assignments.iter().all(|a| a.start <= a.end)),
        Err(e) => {
            let columns = [
                "agent",
                "name",
                "date",
                "shift",
                "pool",
                "start",
                "end",
                "night",
                "paid_hours",
                "pay_multiplier",
                "cost",
            ];
            check_problems(&text, &e.problems, Fields::Csv(&columns));
        }
    }
});
