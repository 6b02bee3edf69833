//! Reads a scenario directory: `pools.csv`, `shops.csv`, `history.csv`, `calendar.csv`,
//! `agents.csv`, `rules.toml`, `prices.toml`, and checks them against each other.

use super::csv_inputs::{read_agents, read_calendar, read_history, read_pools, read_shops};
use super::problem::{InputError, Problem};
use super::toml_inputs::{read_prices, read_rules};
use crate::model::{PoolMode, Scenario};
use std::collections::HashSet;
use std::path::Path;

/// The files of a scenario directory, in reading order.
pub const SCENARIO_FILES: [&str; 7] = [
    "pools.csv",
    "shops.csv",
    "history.csv",
    "calendar.csv",
    "agents.csv",
    "rules.toml",
    "prices.toml",
];

/// The text of each scenario file (as read from disk or built in memory).
#[derive(Debug, Clone, Default)]
pub struct ScenarioFiles {
    /// `pools.csv`.
    pub pools: String,
    /// `shops.csv`.
    pub shops: String,
    /// `history.csv`.
    pub history: String,
    /// `calendar.csv`.
    pub calendar: String,
    /// `agents.csv`.
    pub agents: String,
    /// `rules.toml`.
    pub rules: String,
    /// `prices.toml`.
    pub prices: String,
}

impl ScenarioFiles {
    /// (file name, text) pairs in [`SCENARIO_FILES`] order.
    pub fn named(&self) -> [(&'static str, &str); 7] {
        [
            ("pools.csv", &self.pools),
            ("shops.csv", &self.shops),
            ("history.csv", &self.history),
            ("calendar.csv", &self.calendar),
            ("agents.csv", &self.agents),
            ("rules.toml", &self.rules),
            ("prices.toml", &self.prices),
        ]
    }
}

/// Reads every file of the scenario in `dir` and parses it. Unreadable or missing files are
/// problems too, so the user sees everything wrong at once.
pub fn load_scenario(dir: &Path) -> Result<Scenario, InputError> {
    let mut problems = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    if !dir.is_dir() {
        return Err(InputError {
            problems: vec![Problem::file(
                &dir.display().to_string(),
                "is not a scenario directory (expected a folder holding shops.csv, pools.csv, ...)",
            )],
        });
    }
    for name in SCENARIO_FILES {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => texts.push(t),
                Err(e)
                    if e.as_bytes().starts_with(&[0xFF, 0xFE])
                        || e.as_bytes().starts_with(&[0xFE, 0xFF]) =>
                {
                    problems.push(Problem::at(
                        name,
                        1,
                        "",
                        "UTF-16 text (Excel \"Unicode text\" export?); save as CSV UTF-8 or convert it with `iconv -f UTF-16 -t UTF-8`",
                    ));
                    texts.push(String::new());
                }
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    problems.push(Problem::at(
                        name,
                        line,
                        "",
                        "not valid UTF-8 (GBK/GB18030 export?); convert it with `iconv -f GB18030 -t UTF-8`",
                    ));
                    texts.push(String::new());
                }
            },
            Err(e) => {
                problems.push(Problem::file(
                    name,
                    format!("cannot read {}: {e}", path.display()),
                ));
                texts.push(String::new());
            }
        }
    }
    if !problems.is_empty() {
        return Err(InputError { problems });
    }
    let mut it = texts.into_iter();
    let mut next = || it.next().unwrap_or_default();
    let files = ScenarioFiles {
        pools: next(),
        shops: next(),
        history: next(),
        calendar: next(),
        agents: next(),
        rules: next(),
        prices: next(),
    };
    parse_scenario(&files)
}

/// Parses and cross-checks a scenario from its files' text.
pub fn parse_scenario(files: &ScenarioFiles) -> Result<Scenario, InputError> {
    let mut problems = Vec::new();
    let pools = read_pools("pools.csv", &files.pools, &mut problems);
    let pool_ids: HashSet<String> = pools.iter().map(|p| p.id.clone()).collect();
    let read = read_shops("shops.csv", &files.shops, &pool_ids, &mut problems);
    let shops = read.shops;
    // Ids of rejected rows count as known, so their history is not reported a second time.
    let shop_ids: HashSet<String> = read.declared.iter().map(|(id, _)| id.clone()).collect();
    let history = read_history("history.csv", &files.history, &shop_ids, &mut problems);
    let calendar = read_calendar("calendar.csv", &files.calendar, &shop_ids, &mut problems);
    let agents = read_agents("agents.csv", &files.agents, &pool_ids, &mut problems);
    let rules = read_rules("rules.toml", &files.rules, &mut problems);
    let prices = read_prices("prices.toml", &files.prices, &mut problems);

    // Cross-file checks: every pool needs shops; a dedicated pool exactly one.
    for pool in &pools {
        let n = read.declared.iter().filter(|(_, p)| *p == pool.id).count();
        let line = || line_of_id(&files.pools, &pool.id);
        if n == 0 {
            problems.push(Problem::at(
                "pools.csv",
                line(),
                "id",
                format!(
                    "pool '{}' has no shop; assign shops to it in shops.csv or remove it",
                    pool.id
                ),
            ));
        } else if pool.mode == PoolMode::Dedicated && n > 1 {
            problems.push(Problem::at(
                "pools.csv",
                line(),
                "mode",
                format!("dedicated pool '{}' serves {n} shops; a dedicated pool serves exactly one (use mode shared)", pool.id),
            ));
        }
    }
    if let Some(r) = &rules {
        let n = r.sizing.concurrency_factors.len() as u32;
        for shop in shops.iter().filter(|s| s.concurrency > n) {
            problems.push(Problem::at(
                "shops.csv",
                line_of_id(&files.shops, &shop.id),
                "concurrency",
                format!(
                    "{} chats at once, but rules.toml [sizing] concurrency_factors covers only 1..{n}",
                    shop.concurrency
                ),
            ));
        }
    }
    if let Some(r) = &rules {
        check_agents_against_rules(&agents, r, &files.agents, &mut problems);
    }
    if shops.is_empty() && !files.shops.trim().is_empty() && problems.is_empty() {
        problems.push(Problem::at(
            "shops.csv",
            1,
            "",
            "has no shops; expected a row per shop under the header",
        ));
    }
    problems.sort_by_key(|p| {
        (
            super::SCENARIO_FILES
                .iter()
                .position(|f| *f == p.file)
                .unwrap_or(99),
            p.line.unwrap_or(0),
        )
    });
    match (rules, prices) {
        (Some(rules), Some(prices)) if problems.is_empty() => Ok(Scenario {
            pools,
            shops,
            history,
            calendar,
            agents,
            rules,
            prices,
        }),
        _ => Err(InputError { problems }),
    }
}

/// Line of the first record whose `id` column is `id` (for cross-file messages). Parsed as
/// CSV, so quoted ids, a BOM, CR line endings and names spanning lines do not shift it.
fn line_of_id(text: &str, id: &str) -> usize {
    let mut ignored = Vec::new();
    let table = super::table::Table::parse("", text, &[super::table::opt("id")], &mut ignored);
    let line = table.rows().find(|r| r.get("id") == id).map(|r| r.line);
    line.unwrap_or(1)
}

/// Contradictions between `agents.csv` and `rules.toml` that no roster can resolve: an agent
/// whose contract no shift template admits, whose guaranteed hours exceed what the rules let
/// anyone work in a week (days without the weekly days off × the longest shift), or whose
/// weekly maximum is below the shortest shift.
fn check_agents_against_rules(
    agents: &[crate::model::Agent],
    rules: &crate::model::Rules,
    text: &str,
    problems: &mut Vec<Problem>,
) {
    let days = 7 - rules.min_days_off_per_week.min(7);
    for a in agents {
        let paid: Vec<f64> = rules
            .shifts
            .iter()
            .filter(|t| t.contracts.contains(&a.contract))
            .map(|t| t.paid_hours())
            .collect();
        let line = || line_of_id(text, &a.id);
        let (Some(longest), Some(shortest)) = (
            paid.iter().copied().reduce(f64::max),
            paid.iter().copied().reduce(f64::min),
        ) else {
            if !rules.shifts.is_empty() {
                problems.push(Problem::at(
                    "agents.csv",
                    line(),
                    "contract",
                    format!(
                        "no [[shift]] of rules.toml admits a {} agent (see each shift's contracts); '{}' could never be rostered",
                        a.contract.as_str(),
                        a.id
                    ),
                ));
            }
            continue;
        };
        let most = f64::from(days) * longest;
        if a.min_week_hours > most + 1e-9 {
            problems.push(Problem::at(
                "agents.csv",
                line(),
                "min_week_hours",
                format!(
                    "{} h guaranteed, but rules.toml allows at most {days} days (min_days_off_per_week = {}) × {longest} paid hours = {most} h a week",
                    a.min_week_hours, rules.min_days_off_per_week
                ),
            ));
        }
        if a.max_week_hours + 1e-9 < shortest {
            problems.push(Problem::at(
                "agents.csv",
                line(),
                "max_week_hours",
                format!(
                    "{} h a week is less than the shortest shift this agent may work ({shortest} paid hours); '{}' could never be rostered",
                    a.max_week_hours, a.id
                ),
            ));
        }
    }
}
