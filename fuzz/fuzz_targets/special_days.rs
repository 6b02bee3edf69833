//! Fuzzes special-days calendars of `backtest --calendar` (`read_special_days`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    match seatplan::io::read_special_days(FILE, &text) {
        Ok(days) => assert!(days.iter().all(|d| d.dates.start <= d.dates.end)),
        Err(e) => {
            let columns = ["date", "end", "weekday", "name", "kind", "shop", "uplift"];
            check_problems(&text, &e.problems, Fields::Csv(&columns));
        }
    }
});
