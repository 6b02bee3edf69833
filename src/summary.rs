//! A scenario at a glance: what `seatplan validate` prints, plus warnings that are not errors
//! (a 24-hour pool without night-eligible agents, a pool with no agents, history gaps).

use crate::model::{Contract, DateRange, DayKind, PoolMode, Scenario};
use chrono::NaiveDateTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// One pool's line in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct PoolSummary {
    /// Pool id.
    pub id: String,
    /// dedicated / shared.
    pub mode: &'static str,
    /// Shop ids served.
    pub shops: Vec<String>,
    /// Agents trained for the pool.
    pub agents: usize,
    /// Of which may work nights.
    pub night_eligible: usize,
    /// Whether some shop of the pool is open around the clock.
    pub open_24h: bool,
}

/// One shop's history line.
#[derive(Debug, Clone, Serialize)]
pub struct HistorySummary {
    /// Shop id.
    pub shop: String,
    /// Observed hours.
    pub hours: usize,
    /// First observed hour.
    pub first: Option<NaiveDateTime>,
    /// Last observed hour.
    pub last: Option<NaiveDateTime>,
    /// Gaps of a whole day or more inside the span (first missing hour, hours missing).
    pub gaps: Vec<(NaiveDateTime, i64)>,
    /// Average inquiries per observed day.
    pub daily_mean: f64,
    /// Whether new and returning customers are split.
    pub customer_split: bool,
}

/// What `validate` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Pools with their shops and agents.
    pub pools: Vec<PoolSummary>,
    /// Shops per platform.
    pub shops_by_platform: BTreeMap<String, usize>,
    /// History per shop.
    pub history: Vec<HistorySummary>,
    /// Overall history span.
    pub history_span: Option<(NaiveDateTime, NaiveDateTime)>,
    /// Calendar entries that overlap the history span, per kind.
    pub events_in_span: BTreeMap<String, usize>,
    /// Calendar entries in all.
    pub calendar_entries: usize,
    /// Calendar span.
    pub calendar_span: Option<DateRange>,
    /// Agents per contract.
    pub agents_by_contract: BTreeMap<String, usize>,
    /// Agents who may work nights.
    pub night_eligible: usize,
    /// Agents with a protection that forbids nights.
    pub protected: usize,
    /// Shift templates (id, clock, night?).
    pub shifts: Vec<(String, String, bool)>,
    /// Things worth a look that are not errors.
    pub warnings: Vec<String>,
}

/// Summarises a validated scenario.
pub fn summarize(s: &Scenario) -> Summary {
    let pools: Vec<PoolSummary> = s
        .pools
        .iter()
        .map(|p| PoolSummary {
            id: p.id.clone(),
            mode: p.mode.as_str(),
            shops: s.shops_in(&p.id).map(|x| x.id.clone()).collect(),
            agents: s.agents_for(&p.id).count(),
            night_eligible: s.agents_for(&p.id).filter(|a| a.may_work_nights()).count(),
            open_24h: s.shops_in(&p.id).any(|x| x.service_hours.is_24h()),
        })
        .collect();
    let mut shops_by_platform = BTreeMap::new();
    for shop in &s.shops {
        *shops_by_platform
            .entry(shop.platform.to_string())
            .or_insert(0) += 1;
    }
    let history: Vec<HistorySummary> = s
        .shops
        .iter()
        .map(|shop| {
            let h = s.history.shops.get(&shop.id);
            let (first, last) = h
                .and_then(|h| h.span())
                .map_or((None, None), |(a, b)| (Some(a), Some(b)));
            let days = h.map_or(0, |h| {
                let mut d: Vec<_> = h.observations.iter().map(|o| o.hour.date()).collect();
                d.dedup();
                d.len()
            });
            HistorySummary {
                shop: shop.id.clone(),
                hours: h.map_or(0, |h| h.observations.len()),
                first,
                last,
                gaps: h.map_or(Vec::new(), |h| h.gaps(24)),
                daily_mean: h.map_or(0.0, |h| h.total() / days.max(1) as f64),
                customer_split: h.is_some_and(|h| h.has_customer_split()),
            }
        })
        .collect();
    let history_span = s.history.span();
    let mut events_in_span = BTreeMap::new();
    if let Some((a, b)) = history_span {
        let span = DateRange {
            start: a.date(),
            end: b.date(),
        };
        for e in s
            .calendar
            .entries
            .iter()
            .filter(|e| e.dates.overlaps(&span))
        {
            *events_in_span
                .entry(e.kind.as_str().to_string())
                .or_insert(0) += 1;
        }
    }
    let mut agents_by_contract = BTreeMap::new();
    for c in Contract::ALL {
        let n = s.agents.iter().filter(|a| a.contract == c).count();
        if n > 0 {
            agents_by_contract.insert(c.as_str().to_string(), n);
        }
    }
    let mut warnings = Vec::new();
    for p in &pools {
        if p.agents == 0 {
            warnings.push(format!(
                "pool '{}' has no agents; rosters will leave it uncovered",
                p.id
            ));
        } else if p.open_24h && p.night_eligible == 0 {
            warnings.push(format!(
                "pool '{}' is open 24 h but none of its agents may work nights",
                p.id
            ));
        }
    }
    for h in &history {
        if h.hours == 0 {
            warnings.push(format!(
                "shop '{}' has no history; forecasts fall back to its platform's profile",
                h.shop
            ));
        }
        for (at, n) in &h.gaps {
            warnings.push(format!(
                "shop '{}' history has {n} missing hours from {at} (treated as closed / no data)",
                h.shop
            ));
        }
    }
    if !s
        .calendar
        .entries
        .iter()
        .any(|e| e.kind == DayKind::Statutory)
    {
        warnings.push(
            "calendar has no statutory holidays; holiday pay and effects will be missing".into(),
        );
    }
    for p in s.pools.iter().filter(|p| p.mode == PoolMode::Shared) {
        if s.shops_in(&p.id).count() == 1 {
            warnings.push(format!("shared pool '{}' has a single shop", p.id));
        }
    }
    Summary {
        pools,
        shops_by_platform,
        history,
        history_span,
        events_in_span,
        calendar_entries: s.calendar.entries.len(),
        calendar_span: s.calendar.span(),
        agents_by_contract,
        night_eligible: s.agents.iter().filter(|a| a.may_work_nights()).count(),
        protected: s.agents.iter().filter(|a| a.protection.is_some()).count(),
        shifts: s
            .rules
            .shifts
            .iter()
            .map(|t| (t.id.clone(), t.clock(), t.is_night(&s.rules.night)))
            .collect(),
        warnings,
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shops: usize = self.pools.iter().map(|p| p.shops.len()).sum();
        writeln!(f, "Shops: {shops} in {} pools", self.pools.len())?;
        for p in &self.pools {
            writeln!(
                f,
                "  {:<12} {:<9} {:>3} agents ({:>2} night){}  shops: {}",
                p.id,
                p.mode,
                p.agents,
                p.night_eligible,
                if p.open_24h { "  24h" } else { "" },
                p.shops.join(", ")
            )?;
        }
        let plats: Vec<String> = self
            .shops_by_platform
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        writeln!(f, "  by platform: {}", plats.join(", "))?;
        match self.history_span {
            Some((a, b)) => writeln!(f, "History: {a} .. {b}")?,
            None => writeln!(f, "History: none")?,
        }
        for h in &self.history {
            writeln!(
                f,
                "  {:<12} {:>6} hours, {:>7.0} inquiries/day{}{}",
                h.shop,
                h.hours,
                h.daily_mean,
                if h.customer_split {
                    ", new/returning split"
                } else {
                    ""
                },
                if h.gaps.is_empty() {
                    String::new()
                } else {
                    format!(", {} gap(s)", h.gaps.len())
                }
            )?;
        }
        let ev: Vec<String> = self
            .events_in_span
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        write!(f, "Calendar: {} entries", self.calendar_entries)?;
        if let Some(span) = self.calendar_span {
            write!(f, " ({span})")?;
        }
        writeln!(
            f,
            "; in history span: {}",
            if ev.is_empty() {
                "none".into()
            } else {
                ev.join(", ")
            }
        )?;
        let ag: Vec<String> = self
            .agents_by_contract
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let total: usize = self.agents_by_contract.values().sum();
        writeln!(
            f,
            "Agents: {total} ({}); night-eligible {}, protected {}",
            ag.join(", "),
            self.night_eligible,
            self.protected
        )?;
        let sh: Vec<String> = self
            .shifts
            .iter()
            .map(|(id, clock, night)| {
                format!("{id} {clock}{}", if *night { " (night)" } else { "" })
            })
            .collect();
        writeln!(f, "Shifts: {}", sh.join(", "))?;
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        Ok(())
    }
}
