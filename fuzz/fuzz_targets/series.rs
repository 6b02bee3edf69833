//! Fuzzes the standalone `timestamp,volume` series of `backtest --series` (`read_series`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    match seatplan::io::read_series(FILE, &text) {
        Ok(h) => assert!(h.observations.windows(2).all(|w| w[0].hour < w[1].hour)),
        Err(e) => {
            let columns = [
                "timestamp",
                "hour",
                "time",
                "datetime",
                "ds",
                "volume",
                "inquiries",
                "calls",
                "value",
                "y",
            ];
            check_problems(&text, &e.problems, Fields::Csv(&columns));
        }
    }
});
