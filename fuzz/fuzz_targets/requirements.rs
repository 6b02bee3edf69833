//! Fuzzes `requirements.csv` of `roster --requirements` (`read_requirements`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let pools = seatplan_fuzz::ids(&["p_big", "p_small"]);
    match seatplan::io::read_requirements(FILE, &text, &pools) {
        Ok(rows) => assert!(rows.iter().all(|r| !r.pool.is_empty())),
        Err(e) => {
            let columns = [
                "pool",
                "hour",
                "open_shops",
                "arrivals",
                "aht_seconds",
                "traffic_erlangs",
                "required_seats",
                "scheduled_seats",
                "service_level",
                "asa_seconds",
                "prob_abandon",
                "occupancy",
                "binding",
                "standalone_required",
            ];
            check_problems(&text, &e.problems, Fields::Csv(&columns));
        }
    }
});
