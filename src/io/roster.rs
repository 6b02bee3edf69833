//! Reads a roster CSV (for `check-roster`) and the optional `preferences.csv`.

use super::problem::InputError;
use super::table::{opt, req, Bound, Table};
use crate::model::Rules;
use crate::schedule::{Assignment, Preference, Roster};
use chrono::{Duration, NaiveDate};
use std::collections::HashSet;

/// Reads a roster: `agent,date,shift,pool` (other columns of seatplan's `roster.csv` are
/// accepted and recomputed from the template). Unknown agents, shifts and pools are left to
/// the checker, which reports them as violations.
pub fn read_roster(file: &str, text: &str, rules: &Rules) -> Result<Roster, InputError> {
    let mut problems = Vec::new();
    let cols = [
        req("agent"),
        opt("name"),
        req("date"),
        req("shift"),
        req("pool"),
        opt("start"),
        opt("end"),
        opt("night"),
        opt("paid_hours"),
        opt("pay_multiplier"),
        opt("cost"),
    ];
    let table = Table::parse(file, text, &cols, &mut problems);
    let mut assignments = Vec::new();
    for row in table.rows() {
        let mut r = row.reader(&mut problems);
        let agent = r.text("agent");
        let date = r.date("date");
        let shift = r.text("shift");
        let pool = r.text("pool");
        if let (true, Some(agent), Some(date), Some(shift), Some(pool)) =
            (r.clean(), agent, date, shift, pool)
        {
            let t = rules.shift(&shift);
            let start = date.and_hms_opt(0, 0, 0).unwrap_or_default()
                + Duration::minutes(t.map_or(0, |t| t.start_minute as i64));
            assignments.push(Assignment {
                agent,
                date,
                shift,
                pool,
                start,
                end: start + Duration::minutes(t.map_or(0, |t| t.length_minutes as i64)),
                night: t.is_some_and(|t| t.is_night(&rules.night)),
                paid_hours: t.map_or(0.0, |t| t.paid_hours()),
                pay_multiplier: 1.0,
                cost: 0.0,
            });
        }
    }
    InputError::or_ok(problems, Roster { assignments })
}

/// Reads `preferences.csv`: `agent,date,shift,want,weight` — `want` is `on` or `off`, `shift`
/// empty for the whole day, `weight` the price in CNY of not granting it.
pub fn read_preferences(
    file: &str,
    text: &str,
    agents: &HashSet<String>,
    rules: &Rules,
) -> Result<Vec<Preference>, InputError> {
    let mut problems = Vec::new();
    let cols = [
        req("agent"),
        req("date"),
        opt("shift"),
        req("want"),
        req("weight"),
    ];
    let table = Table::parse(file, text, &cols, &mut problems);
    let mut out = Vec::new();
    for row in table.rows() {
        let mut r = row.reader(&mut problems);
        let agent = r.text("agent");
        if let Some(a) = &agent {
            if !agents.contains(a) {
                r.fail(
                    "agent",
                    format!("unknown agent '{a}'; it must be listed in agents.csv"),
                );
            }
        }
        let date: Option<NaiveDate> = r.date("date");
        let shift = match row.get("shift") {
            "" => Some(None),
            s if rules.shift(s).is_some() => Some(Some(s.to_string())),
            s => {
                r.fail(
                    "shift",
                    format!("unknown shift '{s}'; expected a [[shift]] id of rules.toml or empty"),
                );
                None
            }
        };
        let want = r.choice("want", "on or off", |s| {
            match s.to_ascii_lowercase().as_str() {
                "on" => Some(true),
                "off" => Some(false),
                _ => None,
            }
        });
        let weight = r.number("weight", Bound::NonNegative);
        if let (true, Some(agent), Some(date), Some(shift), Some(want_on), Some(weight)) =
            (r.clean(), agent, date, shift, want, weight)
        {
            out.push(Preference {
                agent,
                date,
                shift,
                want_on,
                weight,
            });
        }
    }
    InputError::or_ok(problems, out)
}
