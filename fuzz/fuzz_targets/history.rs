//! Fuzzes `history.csv` (`read_history`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    let shops = seatplan_fuzz::ids(&["big", "tea", "books"]);
    let history = seatplan::io::read_history(FILE, &text, &shops, &mut problems);
    if problems.is_empty() {
        for series in history.shops.values() {
            assert!(series
                .observations
                .windows(2)
                .all(|w| w[0].hour < w[1].hour));
        }
    } else {
        let columns = [
            "shop",
            "hour",
            "inquiries",
            "new_customers",
            "returning_customers",
        ];
        check_problems(&text, &problems, Fields::Csv(&columns));
    }
});
