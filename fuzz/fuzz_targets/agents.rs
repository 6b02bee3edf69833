//! Fuzzes `agents.csv` (`read_agents`): no panic; every problem names the file, a line and a field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seatplan_fuzz::{check_problems, text, Fields, FILE};

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let mut problems = Vec::new();
    let pools = seatplan_fuzz::ids(&["p_big", "p_small"]);
    let agents = seatplan::io::read_agents(FILE, &text, &pools, &mut problems);
    if problems.is_empty() {
        assert!(agents.iter().all(|a| a.min_week_hours <= a.max_week_hours));
    } else {
        let columns = [
            "id",
            "name",
            "contract",
            "pools",
            "night_ok",
            "protected",
            "min_week_hours",
            "max_week_hours",
            "wage",
            "wage_basis",
            "unavailable",
            "max_shifts",
            "max_consecutive_days",
            "min_consecutive_days",
            "min_consecutive_days_off",
            "max_weekends",
        ];
        check_problems(&text, &problems, Fields::Csv(&columns));
    }
});
