//! Fuzzes `shops.csv` (`read_shops`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    let pools = seatplan_fuzz::ids(&["p_big", "p_small"]);
    let read = seatplan::io::read_shops(FILE, &text, &pools, &mut problems);
    if problems.is_empty() {
        assert!(read
            .shops
            .iter()
            .all(|s| s.aht_seconds > 0.0 && s.concurrency >= 1));
    } else {
        let columns = [
            "id",
            "name",
            "platform",
            "pool",
            "channel",
            "service_hours",
            "aht_seconds",
            "concurrency",
            "sla_target",
            "sla_seconds",
            "patience_seconds",
            "order_value",
            "conversion",
            "plan",
        ];
        check_problems(&text, &problems, Fields::Csv(&columns));
    }
});
