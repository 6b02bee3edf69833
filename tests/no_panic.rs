//! No input panics the readers: random edits of a valid scenario either parse or come back as
//! problems that name their file.

use proptest::prelude::*;
use seatplan::io::{parse_scenario, ScenarioFiles};

const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");

fn mini() -> ScenarioFiles {
    let r = |n: &str| std::fs::read_to_string(format!("{MINI}/{n}")).unwrap();
    ScenarioFiles {
        pools: r("pools.csv"),
        shops: r("shops.csv"),
        history: r("history.csv"),
        calendar: r("calendar.csv"),
        agents: r("agents.csv"),
        rules: r("rules.toml"),
        prices: r("prices.toml"),
    }
}

fn field(files: &mut ScenarioFiles, i: usize) -> &mut String {
    match i % 7 {
        0 => &mut files.pools,
        1 => &mut files.shops,
        2 => &mut files.history,
        3 => &mut files.calendar,
        4 => &mut files.agents,
        5 => &mut files.rules,
        _ => &mut files.prices,
    }
}

/// Pieces that tend to hit parser edge cases.
const NASTY: &[&str] = &[
    ",",
    "\"",
    "\n",
    "\r\n",
    "",
    "-1",
    "NaN",
    "inf",
    "1e309",
    "24:00",
    "25:00",
    "..",
    ";",
    "0",
    "\u{feff}",
    "99999999999999999999",
    "2025-02-30",
    "[",
    "]]",
    "=",
    "#",
    "'",
    "茶",
    "\t",
    " ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn random_edits_never_panic(
        file in 0usize..7,
        edits in proptest::collection::vec((0usize..10_000, 0usize..NASTY.len(), 0usize..8), 1..6),
    ) {
        let mut files = mini();
        let text = field(&mut files, file);
        for (pos, piece, cut) in edits {
            // Edit at a char boundary: replace up to `cut` chars with a nasty piece.
            let chars: Vec<char> = text.chars().collect();
            let at = pos % (chars.len() + 1);
            let end = (at + cut).min(chars.len());
            let mut s: String = chars[..at].iter().collect();
            s.push_str(NASTY[piece]);
            s.extend(&chars[end..]);
            *text = s;
        }
        match parse_scenario(&files) {
            Ok(_) => {}
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                for p in &e.problems {
                    prop_assert!(p.file.ends_with(".csv") || p.file.ends_with(".toml"), "{p}");
                }
            }
        }
    }
}
