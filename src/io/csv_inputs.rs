//! Readers for the CSV inputs of a scenario: `pools.csv`, `shops.csv`, `history.csv`,
//! `calendar.csv`, `agents.csv`. Each takes the file's text (no file access here) and returns
//! the model or every problem found.

use super::problem::Problem;
use super::table::{opt, parse_clock, parse_date_range, req, Bound, Column, Table};
use crate::model::{
    Agent, BillingPlan, Calendar, CalendarEntry, Channel, Contract, DayKind, History, Observation,
    Platform, Pool, PoolMode, Protection, ServiceHours, Shop, ShopHistory, WageBasis,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Columns of `pools.csv`.
pub const POOL_COLUMNS: &[Column] = &[req("id"), opt("name"), req("mode"), opt("shrinkage")];

/// Reads `pools.csv`.
pub fn read_pools(file: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<Pool> {
    let table = Table::parse(file, text, POOL_COLUMNS, problems);
    let mut pools = Vec::new();
    let mut seen = HashMap::new();
    for row in table.rows() {
        let mut r = row.reader(problems);
        let id = r.id("id");
        let mode = r.choice("mode", "dedicated or shared", |s| {
            match s.to_ascii_lowercase().as_str() {
                "dedicated" => Some(PoolMode::Dedicated),
                "shared" => Some(PoolMode::Shared),
                _ => None,
            }
        });
        let shrinkage = r.opt_number("shrinkage", Bound::UnitClosedOpen);
        if let Some(id) = &id {
            if let Some(first) = seen.insert(id.clone(), row.line) {
                r.fail(
                    "id",
                    format!("duplicate pool id '{id}' (first on line {first})"),
                );
            }
        }
        if let (true, Some(id), Some(mode)) = (r.clean(), id, mode) {
            let name = r.text_or_empty("name");
            pools.push(Pool {
                name: if name.is_empty() { id.clone() } else { name },
                id,
                mode,
                shrinkage,
            });
        }
    }
    pools
}

/// Columns of `shops.csv`.
pub const SHOP_COLUMNS: &[Column] = &[
    req("id"),
    opt("name"),
    req("platform"),
    req("pool"),
    opt("channel"),
    req("service_hours"),
    req("aht_seconds"),
    opt("concurrency"),
    req("sla_target"),
    req("sla_seconds"),
    opt("patience_seconds"),
    opt("order_value"),
    opt("conversion"),
    opt("plan"),
];

/// Parses service hours `HH:00-HH:00` (end may be `24:00` or past midnight, e.g.
/// `09:00-01:00`), or `24h`.
pub fn parse_service_hours(raw: &str) -> Result<ServiceHours, String> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("24h") || raw == "00:00-24:00" {
        return Ok(ServiceHours::ALWAYS);
    }
    let expected = "expected HH:00-HH:00 on whole hours (e.g. 08:00-24:00, 09:00-01:00) or 24h";
    let (a, b) = raw
        .split_once('-')
        .ok_or_else(|| format!("'{raw}' is not a time window; {expected}"))?;
    let (Some(open), Some(close)) = (parse_clock(a), parse_clock(b)) else {
        return Err(format!("'{raw}' has an invalid clock time; {expected}"));
    };
    if open % 60 != 0 || close % 60 != 0 {
        return Err(format!("'{raw}' is not on whole hours; {expected}"));
    }
    if open >= 1440 {
        return Err(format!("'{raw}' opens at 24:00; {expected}"));
    }
    if open == close {
        return Err(format!(
            "'{raw}' opens and closes at the same time; use 24h for round-the-clock service"
        ));
    }
    let hours = if close > open {
        (close - open) / 60
    } else {
        (close + 1440 - open) / 60
    };
    Ok(ServiceHours {
        open: (open / 60) as u8,
        hours: hours as u8,
    })
}

fn parse_plan(s: &str) -> Option<BillingPlan> {
    let s = s.trim().to_ascii_lowercase();
    BillingPlan::ALL.into_iter().find(|p| p.as_str() == s)
}

/// Shops read from `shops.csv`, plus the (id, pool) of every row including rejected ones, so
/// later cross-checks do not pile follow-up complaints on a row already reported.
#[derive(Debug, Default)]
pub struct ShopsRead {
    /// Valid shops.
    pub shops: Vec<Shop>,
    /// (id, pool) of every row with a non-empty id.
    pub declared: Vec<(String, String)>,
}

/// Reads `shops.csv`; `pools` are the known pool ids.
pub fn read_shops(
    file: &str,
    text: &str,
    pools: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> ShopsRead {
    let table = Table::parse(file, text, SHOP_COLUMNS, problems);
    let mut shops = Vec::new();
    let mut declared = Vec::new();
    let mut seen = HashMap::new();
    let plans: Vec<&str> = BillingPlan::ALL.iter().map(|p| p.as_str()).collect();
    let plans = plans.join(", ");
    for row in table.rows() {
        let mut r = row.reader(problems);
        let id = r.id("id");
        if let Some(id) = &id {
            declared.push((id.clone(), row.get("pool").to_string()));
            if let Some(first) = seen.insert(id.clone(), row.line) {
                r.fail(
                    "id",
                    format!("duplicate shop id '{id}' (first on line {first})"),
                );
            }
        }
        let platform = r.choice(
            "platform",
            "taobao, tmall, jd, pinduoduo, douyin or other",
            Platform::parse,
        );
        let pool = r.text("pool");
        if let Some(p) = &pool {
            if !pools.contains(p) {
                r.fail(
                    "pool",
                    format!("unknown pool '{p}'; it must be listed in pools.csv"),
                );
            }
        }
        let channel = match row.get("channel") {
            "" => Some(Channel::Chat),
            _ => r.choice("channel", "chat or phone", |s| {
                match s.to_ascii_lowercase().as_str() {
                    "chat" => Some(Channel::Chat),
                    "phone" => Some(Channel::Phone),
                    _ => None,
                }
            }),
        };
        let service_hours = match parse_service_hours(row.get("service_hours")) {
            Ok(h) => Some(h),
            Err(m) => {
                r.fail("service_hours", m);
                None
            }
        };
        let aht = r.number("aht_seconds", Bound::Positive);
        let concurrency = match row.get("concurrency") {
            "" => Some(1),
            _ => r.integer("concurrency", 1),
        };
        if let (Some(Channel::Phone), Some(c)) = (channel, concurrency) {
            if c > 1 {
                r.fail(
                    "concurrency",
                    format!("{c} chats at once on a phone line; phone concurrency must be 1"),
                );
            }
        }
        let sla_target = r.number("sla_target", Bound::UnitOpenClosed);
        let sla_seconds = r.number("sla_seconds", Bound::NonNegative);
        let patience = r.opt_number("patience_seconds", Bound::Positive);
        let order_value = r
            .opt_number("order_value", Bound::NonNegative)
            .unwrap_or(0.0);
        let conversion = r.opt_number("conversion", Bound::Unit).unwrap_or(0.0);
        let plan = match row.get("plan") {
            "" => Some(BillingPlan::DedicatedSeat),
            _ => r.choice("plan", &plans, parse_plan),
        };
        if let (
            true,
            Some(id),
            Some(platform),
            Some(pool),
            Some(channel),
            Some(service_hours),
            Some(aht_seconds),
            Some(concurrency),
            Some(sla_target),
            Some(sla_seconds),
            Some(plan),
        ) = (
            r.clean(),
            id,
            platform,
            pool,
            channel,
            service_hours,
            aht,
            concurrency,
            sla_target,
            sla_seconds,
            plan,
        ) {
            let name = r.text_or_empty("name");
            shops.push(Shop {
                name: if name.is_empty() { id.clone() } else { name },
                id,
                platform,
                pool,
                channel,
                service_hours,
                aht_seconds,
                concurrency,
                sla_target,
                sla_seconds,
                patience_seconds: patience,
                order_value,
                conversion,
                plan,
            });
        }
    }
    ShopsRead { shops, declared }
}

/// Columns of `history.csv`.
pub const HISTORY_COLUMNS: &[Column] = &[
    req("shop"),
    req("hour"),
    req("inquiries"),
    opt("new_customers"),
    opt("returning_customers"),
];

/// Reads `history.csv`; `shops` are the known shop ids. Rows of one shop must be in increasing
/// time order (they may interleave with other shops); a repeated hour is an error.
pub fn read_history(
    file: &str,
    text: &str,
    shops: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> History {
    let table = Table::parse(file, text, HISTORY_COLUMNS, problems);
    let mut by_shop: BTreeMap<String, ShopHistory> = BTreeMap::new();
    let mut last_line: HashMap<String, usize> = HashMap::new();
    let mut unknown: HashMap<String, usize> = HashMap::new();
    for row in table.rows() {
        let mut r = row.reader(problems);
        let shop = row.get("shop");
        if shop.is_empty() {
            r.fail("shop", "is empty; a shop id from shops.csv is required");
        } else if !shops.contains(shop) {
            // Report an unknown shop once, not on each of its thousands of rows.
            let n = unknown.entry(shop.to_string()).or_insert(0);
            *n += 1;
            if *n == 1 {
                r.fail("shop", format!("unknown shop '{shop}'; it must be listed in shops.csv (further rows of this shop not reported)"));
            }
            continue;
        }
        let hour = r.hour("hour");
        let inquiries = r.number("inquiries", Bound::NonNegative);
        let new = r.opt_number("new_customers", Bound::NonNegative);
        let ret = r.opt_number("returning_customers", Bound::NonNegative);
        let (Some(hour), Some(inquiries), true) = (hour, inquiries, r.clean()) else {
            continue;
        };
        let (new, ret) = match (new, ret) {
            (Some(n), Some(t)) => {
                if (n + t - inquiries).abs() > 0.5 + 1e-9 * inquiries {
                    r.fail(
                        "returning_customers",
                        format!("new ({n}) + returning ({t}) = {} but inquiries = {inquiries}; the split must add up", n + t),
                    );
                    continue;
                }
                (Some(n), Some(t))
            }
            (Some(n), None) if n <= inquiries => (Some(n), Some(inquiries - n)),
            (None, Some(t)) if t <= inquiries => (Some(inquiries - t), Some(t)),
            (None, None) => (None, None),
            _ => {
                r.fail("new_customers", "customer split exceeds inquiries");
                continue;
            }
        };
        let series = by_shop.entry(shop.to_string()).or_default();
        if let Some(prev) = series.observations.last() {
            let prev_line = last_line.get(shop).copied().unwrap_or(0);
            if hour == prev.hour {
                r.fail(
                    "hour",
                    format!("duplicate hour {hour} for shop '{shop}' (also on line {prev_line})"),
                );
                continue;
            }
            if hour < prev.hour {
                r.fail(
                    "hour",
                    format!(
                        "out of order: {hour} comes after {} (line {prev_line}) for shop '{shop}'; sort each shop's rows by hour",
                        prev.hour
                    ),
                );
                continue;
            }
        }
        last_line.insert(shop.to_string(), row.line);
        series.observations.push(Observation {
            hour,
            inquiries,
            new_customers: new,
            returning_customers: ret,
        });
    }
    History { shops: by_shop }
}

/// Columns of `calendar.csv`.
pub const CALENDAR_COLUMNS: &[Column] = &[
    req("start"),
    opt("end"),
    req("kind"),
    req("name"),
    opt("shop"),
    opt("uplift"),
];

/// Reads `calendar.csv`; `shops` are the known shop ids.
pub fn read_calendar(
    file: &str,
    text: &str,
    shops: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Calendar {
    let table = Table::parse(file, text, CALENDAR_COLUMNS, problems);
    let kinds: Vec<&str> = DayKind::ALL.iter().map(|k| k.as_str()).collect();
    let kinds = kinds.join(", ");
    let mut entries = Vec::new();
    for row in table.rows() {
        let mut r = row.reader(problems);
        let start = r.date("start");
        let end = match row.get("end") {
            "" => start,
            _ => r.date("end"),
        };
        let kind = r.choice("kind", &kinds, DayKind::parse);
        let name = r.text("name");
        let shop = match row.get("shop") {
            "" => None,
            s if shops.contains(s) => Some(s.to_string()),
            s => {
                r.fail(
                    "shop",
                    format!("unknown shop '{s}'; leave empty for every shop"),
                );
                None
            }
        };
        let uplift = r.opt_number("uplift", Bound::NonNegative);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                r.fail("end", format!("end {e} is before start {s}"));
            } else if (e - s).num_days() > 366 {
                r.fail("end", format!("{s}..{e} spans more than a year; split it"));
            }
        }
        if let (Some(DayKind::Closed), Some(u)) = (kind, uplift) {
            if u != 0.0 {
                r.fail(
                    "uplift",
                    format!("a closed day cannot have uplift {u}; leave it empty"),
                );
            }
        }
        if let (true, Some(start), Some(end), Some(kind), Some(name)) =
            (r.clean(), start, end, kind, name)
        {
            entries.push(CalendarEntry {
                dates: crate::model::DateRange { start, end },
                kind,
                name,
                shop,
                uplift,
            });
        }
    }
    Calendar { entries }
}

/// Columns of `agents.csv`.
pub const AGENT_COLUMNS: &[Column] = &[
    req("id"),
    opt("name"),
    req("contract"),
    req("pools"),
    req("night_ok"),
    opt("protected"),
    req("min_week_hours"),
    req("max_week_hours"),
    req("wage"),
    opt("wage_basis"),
    opt("unavailable"),
    opt("max_shifts"),
    opt("max_consecutive_days"),
    opt("min_consecutive_days"),
    opt("min_consecutive_days_off"),
    opt("max_weekends"),
];

/// Parses `max_shifts` of `agents.csv`: `shift=N` pairs separated by `;` (e.g. `night=4;late=10`).
pub fn parse_max_shifts(raw: &str) -> Result<BTreeMap<String, u32>, String> {
    let mut out = BTreeMap::new();
    for part in raw.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let parsed = part
            .split_once('=')
            .and_then(|(id, n)| Some((id.trim(), n.trim().parse::<u32>().ok()?)))
            .filter(|(id, _)| !id.is_empty());
        match parsed {
            Some((id, n)) => {
                if out.insert(id.to_string(), n).is_some() {
                    return Err(format!("shift '{id}' is listed twice"));
                }
            }
            None => {
                return Err(format!(
                    "'{part}' is not shift=count; expected e.g. night=4;late=10"
                ))
            }
        }
    }
    Ok(out)
}

/// Reads `agents.csv`; `pools` are the known pool ids. `pools` and `unavailable` hold lists
/// separated by `;` (dates or ranges `YYYY-MM-DD..YYYY-MM-DD`). The optional limit columns
/// (`max_shifts`, `max_consecutive_days`, `min_consecutive_days`, `min_consecutive_days_off`,
/// `max_weekends`) override the `rules.toml` values for the agent; empty means the rule's value.
pub fn read_agents(
    file: &str,
    text: &str,
    pools: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Vec<Agent> {
    let table = Table::parse(file, text, AGENT_COLUMNS, problems);
    let mut agents = Vec::new();
    let mut seen = HashMap::new();
    for row in table.rows() {
        let mut r = row.reader(problems);
        let id = r.id("id");
        if let Some(id) = &id {
            if let Some(first) = seen.insert(id.clone(), row.line) {
                r.fail(
                    "id",
                    format!("duplicate agent id '{id}' (first on line {first})"),
                );
            }
        }
        let contract = r.choice(
            "contract",
            "full_time, part_time or temporary",
            Contract::parse,
        );
        let agent_pools: Vec<String> = row
            .get("pools")
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if agent_pools.is_empty() {
            r.fail(
                "pools",
                "agent has no pool; list the pools they serve, separated by ';'",
            );
        }
        for p in &agent_pools {
            if !pools.contains(p) {
                r.fail(
                    "pools",
                    format!("unknown pool '{p}'; it must be listed in pools.csv"),
                );
            }
        }
        let night_ok = r.flag("night_ok");
        let protection = match row.get("protected").to_ascii_lowercase().as_str() {
            "" | "no" | "none" => None,
            "pregnant" => Some(Protection::Pregnant),
            "nursing" => Some(Protection::Nursing),
            "minor" => Some(Protection::Minor),
            other => {
                r.fail(
                    "protected",
                    format!(
                        "'{other}' is not valid; expected empty, none, pregnant, nursing or minor"
                    ),
                );
                None
            }
        };
        if let (Some(true), Some(p)) = (night_ok, protection) {
            r.fail(
                "night_ok",
                format!(
                    "a {} agent may not work nights (labour law); set night_ok to no",
                    p.as_str()
                ),
            );
        }
        let min_h = r.number("min_week_hours", Bound::NonNegative);
        let max_h = r.number("max_week_hours", Bound::Positive);
        if let (Some(a), Some(b)) = (min_h, max_h) {
            if a > b {
                r.fail("min_week_hours", format!("{a} is above max_week_hours {b}"));
            }
            if b > 7.0 * 24.0 {
                r.fail("max_week_hours", format!("{b} hours do not fit in a week"));
            }
        }
        let wage = r.number("wage", Bound::Positive);
        let wage_basis = match row.get("wage_basis").to_ascii_lowercase().as_str() {
            "" => contract.map(|c| match c {
                Contract::Temporary => WageBasis::Day,
                _ => WageBasis::Month,
            }),
            "month" => Some(WageBasis::Month),
            "day" => Some(WageBasis::Day),
            "hour" => Some(WageBasis::Hour),
            other => {
                r.fail(
                    "wage_basis",
                    format!("'{other}' is not valid; expected month, day or hour"),
                );
                None
            }
        };
        let mut unavailable = Vec::new();
        for part in row
            .get("unavailable")
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match parse_date_range(part) {
                Some(d) => unavailable.push(d),
                None => r.fail(
                    "unavailable",
                    format!("'{part}' is not a date or range; expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"),
                ),
            }
        }
        let max_shifts = match parse_max_shifts(row.get("max_shifts")) {
            Ok(m) => m,
            Err(e) => {
                r.fail("max_shifts", e);
                BTreeMap::new()
            }
        };
        let mut limit = |name: &str, min: u32| match row.get(name) {
            "" => None,
            _ => r.integer(name, min),
        };
        let limits = crate::model::AgentLimits {
            max_shifts,
            min_total_minutes: None,
            max_total_minutes: None,
            max_consecutive_days: limit("max_consecutive_days", 1),
            min_consecutive_days: limit("min_consecutive_days", 1),
            min_consecutive_days_off: limit("min_consecutive_days_off", 1),
            max_weekends: limit("max_weekends", 0),
        };
        if let (Some(lo), Some(hi)) = (limits.min_consecutive_days, limits.max_consecutive_days) {
            if lo > hi {
                r.fail(
                    "min_consecutive_days",
                    format!("{lo} is above max_consecutive_days {hi}"),
                );
            }
        }
        if let (
            true,
            Some(id),
            Some(contract),
            Some(night_ok),
            Some(min_week_hours),
            Some(max_week_hours),
            Some(wage),
            Some(wage_basis),
        ) = (
            r.clean(),
            id,
            contract,
            night_ok,
            min_h,
            max_h,
            wage,
            wage_basis,
        ) {
            let name = r.text_or_empty("name");
            agents.push(Agent {
                name: if name.is_empty() { id.clone() } else { name },
                id,
                contract,
                pools: agent_pools,
                night_ok,
                protection,
                min_week_hours,
                max_week_hours,
                wage,
                wage_basis,
                unavailable,
                limits,
            });
        }
    }
    agents
}
