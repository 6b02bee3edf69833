//! Fuzzes `preferences.csv` (`read_preferences`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let agents = seatplan_fuzz::ids(&["A1", "A2", "A3", "A4"]);
    match seatplan::io::read_preferences(FILE, &text, &agents, seatplan_fuzz::rules()) {
        Ok(prefs) => assert!(prefs.iter().all(|p| p.weight >= 0.0)),
        Err(e) => {
            let columns = ["agent", "date", "shift", "want", "weight"];
            check_problems(&text, &e.problems, Fields::Csv(&columns));
        }
    }
});
