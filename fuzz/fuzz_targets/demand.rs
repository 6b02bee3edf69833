//! Fuzzes demand tables of `size --demand` (`read_demand`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let shops = seatplan_fuzz::ids(&["big", "tea", "books"]);
    match seatplan::io::read_demand(FILE, &text, &shops, seatplan::model::Quantile::P80) {
        Ok(d) => {
            assert!(d.hours >= 1 && d.hours as i64 <= seatplan::io::MAX_DEMAND_HOURS);
            assert!(d.shops.values().all(|v| v.len() == d.hours));
        }
        Err(e) => {
            let columns = ["shop", "hour", "inquiries", "mean", "p50", "p80", "p95"];
            check_problems(&text, &e.problems, Fields::Csv(&columns));
        }
    }
});
