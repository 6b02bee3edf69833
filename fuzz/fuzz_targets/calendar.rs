//! Fuzzes `calendar.csv` (`read_calendar`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    let shops = seatplan_fuzz::ids(&["big", "tea", "books"]);
    let calendar = seatplan::io::read_calendar(FILE, &text, &shops, &mut problems);
    if problems.is_empty() {
        assert!(calendar
            .entries
            .iter()
            .all(|e| e.dates.start <= e.dates.end));
    } else {
        let columns = ["start", "end", "kind", "name", "shop", "uplift"];
        check_problems(&text, &problems, Fields::Csv(&columns));
    }
});
