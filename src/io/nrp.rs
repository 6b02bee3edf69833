//! Reader of the public shift-scheduling benchmark format (Curtois & Qu, "Shift Scheduling
//! Benchmark Data Sets", schedulingbenchmarks.org; the NRP instances of wssuite/NurseScheduler)
//! into seatplan's roster model — the same rules, model and checker the product uses:
//!
//! * `SECTION_HORIZON` — days from a Monday ([`nrp_start`]) → the roster horizon;
//! * `SECTION_SHIFTS` — id, length in minutes, shifts that may not follow it the next day →
//!   shift templates. The benchmark has no clock times: every shift starts at 08:00 (earlier
//!   only if it would run past midnight), so lengths and minutes are exact and no rest rule
//!   binds (`min_rest_hours = 0`); successions come from the explicit `not_followed_by` lists;
//! * `SECTION_STAFF` — id, max shifts per type (`E=14|D=28`), max and min total minutes, max and
//!   min consecutive working days, min consecutive days off, max weekends → agents with their
//!   [`AgentLimits`] (hard minimum minutes: `min_hours_hard`);
//! * `SECTION_DAYS_OFF` — employee and day indexes → unavailable dates;
//! * `SECTION_SHIFT_ON_REQUESTS` / `SECTION_SHIFT_OFF_REQUESTS` — employee, day, shift, weight
//!   → weighted [`Preference`]s (on / off);
//! * `SECTION_COVER` — day, shift, requirement, weight per missing and per extra person →
//!   [`ShiftCover`] lines.
//!
//! Agents cost nothing, so the roster objective is the benchmark's: unmet request weights plus
//! under- and over-cover weights ([`NrpInstance::objective`] recomputes it from a roster alone).

use super::problem::{InputError, Problem};
use super::toml_inputs::{read_prices, read_rules};
use crate::model::{Agent, AgentLimits, Calendar, Contract, DateRange, ShiftCover, WageBasis};
use crate::schedule::{Horizon, Preference, Roster, RosterProblem, Week};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The pool every benchmark agent serves.
pub const NRP_POOL: &str = "nrp";

/// The Monday the benchmark's day 0 is mapped to (the instances only say "a Monday").
pub fn nrp_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

/// One shift request of the benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NrpRequest {
    /// Employee id.
    pub employee: String,
    /// Day index.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Weight paid if not granted.
    pub weight: f64,
    /// Wants the shift (on) or wants it off.
    pub on: bool,
}

/// One cover line of the benchmark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NrpCover {
    /// Day index.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Staff wanted.
    pub required: u32,
    /// Weight per person missing.
    pub under_weight: f64,
    /// Weight per person beyond the requirement.
    pub over_weight: f64,
}

/// A benchmark instance: the roster problem built from it, and its requests and cover as read
/// (for recomputing the objective independently of the model).
#[derive(Debug, Clone)]
pub struct NrpInstance {
    /// The roster problem (horizon, shift templates, agents, preferences, cover).
    pub problem: RosterProblem,
    /// Days of the horizon.
    pub days: usize,
    /// Shift ids in file order.
    pub shifts: Vec<String>,
    /// Requests as read.
    pub requests: Vec<NrpRequest>,
    /// Cover as read.
    pub cover: Vec<NrpCover>,
}

/// The benchmark objective of a roster, by part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NrpScore {
    /// Weights of on/off requests not granted.
    pub requests: f64,
    /// Under-cover weights.
    pub under: f64,
    /// Over-cover weights.
    pub over: f64,
    /// The objective: requests + under + over.
    pub total: f64,
}

impl NrpInstance {
    /// The benchmark objective of `roster`, recomputed from the requests and cover as read
    /// (not from the model): a request is met when the employee works (on) or does not work
    /// (off) that shift that day; cover counts the employees on each shift each day.
    pub fn objective(&self, roster: &Roster) -> NrpScore {
        let start = self.problem.horizon.start;
        let mut on: HashMap<(&str, usize), Vec<&str>> = HashMap::new();
        for a in &roster.assignments {
            let d = (a.date - start).num_days();
            if (0..self.days as i64).contains(&d) {
                on.entry((a.agent.as_str(), d as usize))
                    .or_default()
                    .push(a.shift.as_str());
            }
        }
        let works = |e: &str, d: usize, s: &str| on.get(&(e, d)).is_some_and(|v| v.contains(&s));
        let requests: f64 = self
            .requests
            .iter()
            .filter(|r| works(&r.employee, r.day, &r.shift) != r.on)
            .map(|r| r.weight)
            .sum();
        let mut count: HashMap<(usize, &str), u32> = HashMap::new();
        for ((_, d), shifts) in &on {
            for s in shifts {
                *count.entry((*d, s)).or_insert(0) += 1;
            }
        }
        let (mut under, mut over) = (0.0, 0.0);
        for c in &self.cover {
            let n = count.get(&(c.day, c.shift.as_str())).copied().unwrap_or(0);
            under += c.required.saturating_sub(n) as f64 * c.under_weight;
            over += n.saturating_sub(c.required) as f64 * c.over_weight;
        }
        NrpScore {
            requests,
            under,
            over,
            total: requests + under + over,
        }
    }

    /// Whether every request and cover weight is a whole number (so is every roster's
    /// objective, and a lower bound may be rounded up).
    pub fn integral_weights(&self) -> bool {
        let whole = |w: f64| w.fract() == 0.0;
        self.requests.iter().all(|r| whole(r.weight))
            && self
                .cover
                .iter()
                .all(|c| whole(c.under_weight) && whole(c.over_weight))
    }
}

/// The benchmark's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    OnRequests,
    OffRequests,
    Cover,
}

impl Section {
    fn parse(s: &str) -> Option<Section> {
        Some(match s {
            "SECTION_HORIZON" => Section::Horizon,
            "SECTION_SHIFTS" => Section::Shifts,
            "SECTION_STAFF" => Section::Staff,
            "SECTION_DAYS_OFF" => Section::DaysOff,
            "SECTION_SHIFT_ON_REQUESTS" => Section::OnRequests,
            "SECTION_SHIFT_OFF_REQUESTS" => Section::OffRequests,
            "SECTION_COVER" => Section::Cover,
            _ => return None,
        })
    }
}

struct RawShift {
    id: String,
    minutes: u32,
    not_followed_by: Vec<(String, usize)>,
}

struct RawStaff {
    id: String,
    max_shifts: Vec<(String, u32, usize)>,
    limits: AgentLimits,
}

/// Reads a benchmark instance. Every problem is reported with its line: unknown sections, lines
/// outside a section, wrong field counts, malformed numbers, unknown employees or shifts, days
/// outside the horizon, duplicates.
pub fn read_nrp(file: &str, text: &str) -> Result<NrpInstance, InputError> {
    let mut problems = Vec::new();
    // None before the first section; Some(None) inside an unknown one (its lines are skipped:
    // the section header was reported).
    let mut section: Option<Option<Section>> = None;
    // Each section header seen, with its line (missing content is reported there).
    let mut seen_sections: Vec<(Section, usize)> = Vec::new();
    let mut horizon: Option<usize> = None;
    let mut shifts: Vec<RawShift> = Vec::new();
    let mut staff: Vec<RawStaff> = Vec::new();
    let mut days_off: Vec<(String, usize, usize)> = Vec::new();
    let mut requests: Vec<(NrpRequest, usize)> = Vec::new();
    let mut cover: Vec<(NrpCover, usize)> = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        if content.starts_with("SECTION_") {
            match Section::parse(content) {
                Some(s) => {
                    if seen_sections.iter().any(|(x, _)| *x == s) {
                        problems.push(Problem::at(
                            file,
                            line,
                            "",
                            format!("section {content} appears twice"),
                        ));
                    }
                    seen_sections.push((s, line));
                    section = Some(Some(s));
                }
                None => {
                    problems.push(Problem::at(
                        file,
                        line,
                        "",
                        format!(
                            "unknown section {content}; expected SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS or SECTION_COVER"
                        ),
                    ));
                    section = Some(None);
                }
            }
            continue;
        }
        let fields: Vec<&str> = content.split(',').map(str::trim).collect();
        let mut fail =
            |field: &str, msg: String| problems.push(Problem::at(file, line, field, msg));
        let sec = match section {
            None => {
                fail(
                    "",
                    "data before the first SECTION_ line; expected SECTION_HORIZON".to_string(),
                );
                continue;
            }
            Some(None) => continue,
            Some(Some(s)) => s,
        };
        match sec {
            Section::Horizon => {
                if horizon.is_some() {
                    fail("horizon", "more than one horizon value".to_string());
                } else {
                    match content.parse::<usize>() {
                        Ok(n) if (1..=3660).contains(&n) => horizon = Some(n),
                        _ => fail(
                            "horizon",
                            format!("'{content}' is not a number of days from 1 to 3660"),
                        ),
                    }
                }
            }
            Section::Shifts => {
                if fields.len() != 3 {
                    fail(
                        "",
                        format!(
                            "expected 3 fields (ShiftID, length in minutes, shifts that cannot follow, '|'-separated), found {}",
                            fields.len()
                        ),
                    );
                    continue;
                }
                let id = fields[0].to_string();
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                {
                    fail(
                        "ShiftID",
                        format!("'{id}' is not a shift id (letters, digits, _ or -)"),
                    );
                    continue;
                }
                if shifts.iter().any(|s| s.id == id) {
                    fail("ShiftID", format!("duplicate shift '{id}'"));
                    continue;
                }
                let minutes = match fields[1].parse::<u32>() {
                    Ok(m) if (60..=960).contains(&m) => m,
                    _ => {
                        fail(
                            "Length",
                            format!(
                                "'{}' is not a shift length from 60 to 960 minutes",
                                fields[1]
                            ),
                        );
                        continue;
                    }
                };
                let not_followed_by = fields[2]
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| (s.to_string(), line))
                    .collect();
                shifts.push(RawShift {
                    id,
                    minutes,
                    not_followed_by,
                });
            }
            Section::Staff => {
                if fields.len() != 8 {
                    fail(
                        "",
                        format!(
                            "expected 8 fields (ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends), found {}",
                            fields.len()
                        ),
                    );
                    continue;
                }
                let id = fields[0].to_string();
                if id.is_empty() {
                    fail("ID", "employee id is empty".to_string());
                    continue;
                }
                if staff.iter().any(|s| s.id == id) {
                    fail("ID", format!("duplicate employee '{id}'"));
                    continue;
                }
                let mut max_shifts = Vec::new();
                let mut ok = true;
                for part in fields[1]
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    match part
                        .split_once('=')
                        .and_then(|(s, n)| Some((s.trim(), n.trim().parse::<u32>().ok()?)))
                    {
                        Some((s, n)) if !s.is_empty() => max_shifts.push((s.to_string(), n, line)),
                        _ => {
                            fail(
                                "MaxShifts",
                                format!("'{part}' is not ShiftID=count (e.g. D=14)"),
                            );
                            ok = false;
                        }
                    }
                }
                let names = [
                    "MaxTotalMinutes",
                    "MinTotalMinutes",
                    "MaxConsecutiveShifts",
                    "MinConsecutiveShifts",
                    "MinConsecutiveDaysOff",
                    "MaxWeekends",
                ];
                let mut nums = [0u32; 6];
                for (k, name) in names.iter().enumerate() {
                    match fields[k + 2].parse::<u32>() {
                        Ok(v) => nums[k] = v,
                        Err(_) => {
                            fail(
                                name,
                                format!("'{}' is not a whole number ≥ 0", fields[k + 2]),
                            );
                            ok = false;
                        }
                    }
                }
                if ok && nums[1] > nums[0] {
                    fail(
                        "MinTotalMinutes",
                        format!("{} is above MaxTotalMinutes {}", nums[1], nums[0]),
                    );
                    ok = false;
                }
                if ok && nums[2] == 0 {
                    fail(
                        "MaxConsecutiveShifts",
                        "0 would forbid all work; expected at least 1".to_string(),
                    );
                    ok = false;
                }
                if ok && nums[3] > nums[2] {
                    fail(
                        "MinConsecutiveShifts",
                        format!("{} is above MaxConsecutiveShifts {}", nums[3], nums[2]),
                    );
                    ok = false;
                }
                if ok {
                    staff.push(RawStaff {
                        id,
                        max_shifts,
                        limits: AgentLimits {
                            max_shifts: BTreeMap::new(),
                            max_total_minutes: Some(nums[0]),
                            min_total_minutes: Some(nums[1]),
                            max_consecutive_days: Some(nums[2]),
                            min_consecutive_days: Some(nums[3].max(1)),
                            min_consecutive_days_off: Some(nums[4].max(1)),
                            max_weekends: Some(nums[5]),
                        },
                    });
                }
            }
            Section::DaysOff => {
                if fields.len() < 2 {
                    fail(
                        "",
                        "expected EmployeeID and at least one day index".to_string(),
                    );
                    continue;
                }
                for f in &fields[1..] {
                    match f.parse::<usize>() {
                        Ok(d) => days_off.push((fields[0].to_string(), d, line)),
                        Err(_) => fail("DayIndexes", format!("'{f}' is not a day index")),
                    }
                }
            }
            Section::OnRequests | Section::OffRequests => {
                if fields.len() != 4 {
                    fail(
                        "",
                        format!(
                            "expected 4 fields (EmployeeID, Day, ShiftID, Weight), found {}",
                            fields.len()
                        ),
                    );
                    continue;
                }
                let day = fields[1].parse::<usize>();
                let weight = fields[3].parse::<f64>();
                match (day, weight) {
                    (Ok(day), Ok(weight)) if weight.is_finite() && weight >= 0.0 => {
                        requests.push((
                            NrpRequest {
                                employee: fields[0].to_string(),
                                day,
                                shift: fields[2].to_string(),
                                weight,
                                on: sec == Section::OnRequests,
                            },
                            line,
                        ))
                    }
                    (Err(_), _) => fail("Day", format!("'{}' is not a day index", fields[1])),
                    _ => fail("Weight", format!("'{}' is not a weight ≥ 0", fields[3])),
                }
            }
            Section::Cover => {
                if fields.len() != 5 {
                    fail(
                        "",
                        format!(
                            "expected 5 fields (Day, ShiftID, Requirement, Weight for under, Weight for over), found {}",
                            fields.len()
                        ),
                    );
                    continue;
                }
                let day = fields[0].parse::<usize>();
                let req = fields[2].parse::<u32>();
                let under = fields[3].parse::<f64>();
                let over = fields[4].parse::<f64>();
                match (day, req, under, over) {
                    (Ok(day), Ok(required), Ok(u), Ok(o))
                        if u.is_finite() && o.is_finite() && u >= 0.0 && o >= 0.0 =>
                    {
                        cover.push((
                            NrpCover {
                                day,
                                shift: fields[1].to_string(),
                                required,
                                under_weight: u,
                                over_weight: o,
                            },
                            line,
                        ))
                    }
                    (Err(_), ..) => fail("Day", format!("'{}' is not a day index", fields[0])),
                    (_, Err(_), ..) => fail(
                        "Requirement",
                        format!("'{}' is not a whole number ≥ 0", fields[2]),
                    ),
                    _ => fail(
                        "Weight",
                        format!("'{}' / '{}' are not weights ≥ 0", fields[3], fields[4]),
                    ),
                }
            }
        }
    }
    // Cross-references. A missing value is reported on its section's header, else on line 1.
    let section_line = |s: Section| {
        seen_sections
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(1, |(_, l)| *l)
    };
    let days = match horizon {
        Some(d) => d,
        None => {
            problems.push(Problem::at(
                file,
                section_line(Section::Horizon),
                "horizon",
                "no SECTION_HORIZON value; expected the number of days",
            ));
            0
        }
    };
    if shifts.is_empty() {
        problems.push(Problem::at(
            file,
            section_line(Section::Shifts),
            "",
            "no shifts in SECTION_SHIFTS",
        ));
    }
    let shift_known = |s: &str| shifts.iter().any(|x| x.id == s);
    let staff_known = |e: &str| staff.iter().any(|x| x.id == e);
    for s in &shifts {
        for (f, line) in &s.not_followed_by {
            if !shift_known(f) {
                problems.push(Problem::at(
                    file,
                    *line,
                    "not_followed_by",
                    format!("unknown shift '{f}'"),
                ));
            }
        }
    }
    for st in &staff {
        for (s, _, line) in &st.max_shifts {
            if !shift_known(s) {
                problems.push(Problem::at(
                    file,
                    *line,
                    "MaxShifts",
                    format!("unknown shift '{s}'"),
                ));
            }
        }
    }
    let in_horizon = |d: usize| horizon.is_none() || d < days;
    for (e, d, line) in &days_off {
        if !staff_known(e) {
            problems.push(Problem::at(
                file,
                *line,
                "EmployeeID",
                format!("unknown employee '{e}'"),
            ));
        }
        if !in_horizon(*d) {
            problems.push(Problem::at(
                file,
                *line,
                "DayIndexes",
                format!("day {d} is outside the horizon of {days} days"),
            ));
        }
    }
    for (r, line) in &requests {
        if !staff_known(&r.employee) {
            problems.push(Problem::at(
                file,
                *line,
                "EmployeeID",
                format!("unknown employee '{}'", r.employee),
            ));
        }
        if !shift_known(&r.shift) {
            problems.push(Problem::at(
                file,
                *line,
                "ShiftID",
                format!("unknown shift '{}'", r.shift),
            ));
        }
        if !in_horizon(r.day) {
            problems.push(Problem::at(
                file,
                *line,
                "Day",
                format!("day {} is outside the horizon of {days} days", r.day),
            ));
        }
    }
    let mut cover_seen: HashMap<(usize, &str), usize> = HashMap::new();
    for (c, line) in &cover {
        if !shift_known(&c.shift) {
            problems.push(Problem::at(
                file,
                *line,
                "ShiftID",
                format!("unknown shift '{}'", c.shift),
            ));
        }
        if !in_horizon(c.day) {
            problems.push(Problem::at(
                file,
                *line,
                "Day",
                format!("day {} is outside the horizon of {days} days", c.day),
            ));
        }
        if let Some(first) = cover_seen.insert((c.day, c.shift.as_str()), *line) {
            problems.push(Problem::at(
                file,
                *line,
                "ShiftID",
                format!(
                    "cover of '{}' on day {} is given twice (first on line {first})",
                    c.shift, c.day
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(InputError { problems });
    }
    let problem = build_problem(file, days, &shifts, &staff, &days_off, &requests, &cover)?;
    Ok(NrpInstance {
        problem,
        days,
        shifts: shifts.iter().map(|s| s.id.clone()).collect(),
        requests: requests.into_iter().map(|(r, _)| r).collect(),
        cover: cover.into_iter().map(|(c, _)| c).collect(),
    })
}

/// The rules of a benchmark instance as `rules.toml` text, read by the product's reader.
fn rules_toml(shifts: &[RawShift]) -> String {
    let mut s = String::from(
        "# Benchmark rules: no clock-time rest (explicit successions instead), no weekly\n\
         # rules, no night rules, hard minimum minutes; run limits are per agent.\n\
         hours_system = \"comprehensive\"\nmin_rest_hours = 0\nmax_consecutive_days = 14\n\
         min_days_off_per_week = 0\nmin_hours_hard = true\n\
         [night]\nwindow = \"00:00-01:00\"\nmin_hours_in_window = 1\nmax_consecutive_nights = 14\n\
         rest_after_night_run_hours = 0\nmax_nights_per_week = 7\n\
         [fairness]\nnights = 0\nweekends = 0\nholidays = 0\n",
    );
    for sh in shifts {
        let start = 480.min(1440 - sh.minutes);
        let end = (start + sh.minutes) % 1440;
        let follow: Vec<String> = sh
            .not_followed_by
            .iter()
            .map(|(f, _)| format!("\"{f}\""))
            .collect();
        s.push_str(&format!(
            "[[shift]]\nid = \"{}\"\nstart = \"{:02}:{:02}\"\nend = \"{:02}:{:02}\"\ncontracts = [\"full_time\"]\nnot_followed_by = [{}]\n",
            sh.id,
            start / 60,
            start % 60,
            end / 60,
            end % 60,
            follow.join(", ")
        ));
    }
    s
}

fn build_problem(
    file: &str,
    days: usize,
    shifts: &[RawShift],
    staff: &[RawStaff],
    days_off: &[(String, usize, usize)],
    requests: &[(NrpRequest, usize)],
    cover: &[(NrpCover, usize)],
) -> Result<RosterProblem, InputError> {
    let mut problems = Vec::new();
    let rules = read_rules(
        &format!("{file} (rules)"),
        &rules_toml(shifts),
        &mut problems,
    );
    // Agents cost nothing: the objective is requests and cover only.
    let prices = read_prices(
        &format!("{file} (costs)"),
        "[cost]\nnight_allowance_per_shift = 0\nrest_day_multiplier = 1\nstatutory_multiplier = 1\n",
        &mut problems,
    );
    let (Some(rules), Some(prices)) = (rules, prices) else {
        return Err(InputError { problems });
    };
    let start = nrp_start();
    let date = |d: usize| start + Duration::days(d as i64);
    let agents: Vec<Agent> = staff
        .iter()
        .map(|st| {
            let mut limits = st.limits.clone();
            limits.max_shifts = st
                .max_shifts
                .iter()
                .map(|(s, n, _)| (s.clone(), *n))
                .collect();
            Agent {
                id: st.id.clone(),
                name: st.id.clone(),
                contract: Contract::FullTime,
                pools: vec![NRP_POOL.to_string()],
                night_ok: true,
                protection: None,
                min_week_hours: 0.0,
                max_week_hours: 7.0 * 24.0,
                wage: 0.0,
                wage_basis: WageBasis::Hour,
                unavailable: days_off
                    .iter()
                    .filter(|(e, _, _)| *e == st.id)
                    .map(|&(_, d, _)| DateRange::day(date(d)))
                    .collect(),
                limits,
            }
        })
        .collect();
    let calendar = Calendar::default();
    Ok(RosterProblem {
        week: Week::new(start, &calendar),
        horizon: Horizon::new(start, days, &calendar),
        agents,
        pools: vec![NRP_POOL.to_string()],
        rules,
        cost: prices.cost,
        requirement: BTreeMap::new(),
        preferences: requests
            .iter()
            .map(|(r, _)| Preference {
                agent: r.employee.clone(),
                date: date(r.day),
                shift: Some(r.shift.clone()),
                want_on: r.on,
                weight: r.weight,
            })
            .collect(),
        cover: cover
            .iter()
            .map(|(c, _)| ShiftCover {
                pool: NRP_POOL.to_string(),
                date: Some(date(c.day)),
                weekday: None,
                shift: c.shift.clone(),
                required: c.required,
                under_weight: c.under_weight,
                over_weight: c.over_weight,
            })
            .collect(),
        previous: BTreeMap::new(),
    })
}
