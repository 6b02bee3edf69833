//! Output formats: the CSV tables seatplan writes and the text tables it prints. Pure
//! functions from typed results to text; writing files is the CLI's job.

use crate::size::Requirements;
use std::fmt::Write;

/// `requirements.csv`: one row per pool-hour.
pub fn requirements_csv(r: &Requirements) -> String {
    let mut s = String::from(
        "pool,hour,open_shops,arrivals,aht_seconds,traffic_erlangs,required_seats,scheduled_seats,service_level,asa_seconds,prob_abandon,occupancy,binding,standalone_required\n",
    );
    for x in &r.rows {
        let _ = writeln!(
            s,
            "{},{},{},{:.3},{:.1},{:.4},{},{},{:.6},{:.3},{:.6},{:.6},{},{}",
            x.pool,
            x.hour.format("%Y-%m-%d %H:%M"),
            x.open_shops,
            x.arrivals,
            x.aht_seconds,
            x.traffic_erlangs,
            x.required,
            x.scheduled,
            x.service_level,
            x.asa_seconds,
            x.prob_abandon,
            x.occupancy,
            x.binding,
            x.standalone_required
        );
    }
    s
}

/// A text table of the pool totals, with the pooling saving.
pub fn requirements_table(r: &Requirements) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<12} {:<9} {:>10} {:>6} {:>6} {:>10} {:>10} {:>10} {:>8}",
        "pool", "mode", "inquiries", "peak", "peak+", "seat-h", "sched-h", "alone-h", "saving"
    );
    for p in &r.pools {
        let pct = if p.standalone_seat_hours > 0 {
            100.0 * p.pooling_saving_seat_hours as f64 / p.standalone_seat_hours as f64
        } else {
            0.0
        };
        let _ = writeln!(
            s,
            "{:<12} {:<9} {:>10.0} {:>6} {:>6} {:>10} {:>10} {:>10} {:>7.1}%",
            p.pool,
            p.mode,
            p.inquiries,
            p.peak_required,
            p.peak_scheduled,
            p.required_seat_hours,
            p.scheduled_seat_hours,
            p.standalone_seat_hours,
            pct
        );
    }
    let _ = writeln!(
        s,
        "peak = most seats needed on the floor in an hour; peak+ = with shrinkage; seat-h = required seat-hours;\nalone-h = seat-hours if each shop were staffed alone; saving = pooling saving."
    );
    s
}

/// `roster.csv`: one row per assignment.
pub fn roster_csv(r: &crate::schedule::Roster, agents: &[crate::model::Agent]) -> String {
    let mut s =
        String::from("agent,name,date,shift,start,end,pool,night,paid_hours,pay_multiplier,cost\n");
    for a in &r.assignments {
        let name = agents
            .iter()
            .find(|x| x.id == a.agent)
            .map_or("", |x| x.name.as_str());
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{:.2}",
            a.agent,
            csv_field(name),
            a.date,
            a.shift,
            a.start.format("%Y-%m-%d %H:%M"),
            a.end.format("%Y-%m-%d %H:%M"),
            a.pool,
            if a.night { "yes" } else { "no" },
            a.paid_hours,
            a.pay_multiplier,
            a.cost
        );
    }
    s
}

/// `coverage.csv` of a roster: required against rostered seats per pool-hour.
pub fn coverage_csv(rows: &[crate::schedule::CoverageRow]) -> String {
    let mut s = String::from("pool,hour,required,scheduled,short\n");
    for c in rows {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            c.pool,
            c.hour.format("%Y-%m-%d %H:%M"),
            c.required,
            c.scheduled,
            c.short
        );
    }
    s
}

/// Quotes a CSV field when it needs it.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The text summary `seatplan roster` prints.
pub fn roster_summary(
    sol: &crate::schedule::RosterSolution,
    week: chrono::NaiveDate,
    hard_violations: usize,
) -> String {
    let mut s = String::new();
    let agents: std::collections::BTreeSet<&str> = sol
        .roster
        .assignments
        .iter()
        .map(|a| a.agent.as_str())
        .collect();
    let _ = writeln!(
        s,
        "Roster for the week of {week}: {} shifts, {} agents",
        sol.roster.assignments.len(),
        agents.len()
    );
    let _ = writeln!(
        s,
        "  labour cost {:.0} CNY (+ {:.0} CNY of guaranteed hours not rostered); objective {:.0}, bound {:.0}, gap {:.2}%",
        sol.labour_cost,
        sol.idle_cost,
        sol.objective,
        sol.bound,
        100.0 * sol.gap
    );
    for g in &sol.groups {
        let _ = writeln!(
            s,
            "  {:<32} {:>3} agents {:>6} vars {:>6} rows  gap {:>5.2}%  {:>6.2} s  {}",
            g.pools.join("+"),
            g.agents,
            g.variables,
            g.constraints,
            100.0 * g.gap,
            g.seconds,
            g.status
        );
    }
    let short: u64 = sol.shortages.iter().map(|x| u64::from(x.seats)).sum();
    if short == 0 {
        let _ = writeln!(s, "  every required seat-hour is covered");
    } else {
        let _ = writeln!(
            s,
            "  SHORT {short} seat-hours in {} pool-hours:",
            sol.shortages.len()
        );
        for x in sol.shortages.iter().take(20) {
            let _ = writeln!(
                s,
                "    {:<12} {}  {} seats",
                x.pool,
                x.hour.format("%a %Y-%m-%d %H:00"),
                x.seats
            );
        }
        if sol.shortages.len() > 20 {
            let _ = writeln!(s, "    … {} more in coverage.csv", sol.shortages.len() - 20);
        }
        let mut pools: Vec<&str> = sol.temp_needs.iter().map(|t| t.pool.as_str()).collect();
        pools.dedup();
        if !pools.is_empty() {
            let _ = writeln!(s, "  temporary seats that would close it:");
        }
        for pool in pools {
            let days: Vec<String> = sol
                .temp_needs
                .iter()
                .filter(|t| t.pool == pool)
                .map(|t| {
                    let shifts: Vec<String> =
                        t.shifts.iter().map(|(k, v)| format!("{v}× {k}")).collect();
                    format!("{} {}", t.date.format("%a %m-%d"), shifts.join(" + "))
                })
                .collect();
            let total: u32 = sol
                .temp_needs
                .iter()
                .filter(|t| t.pool == pool)
                .flat_map(|t| t.shifts.values())
                .sum();
            let _ = writeln!(s, "    {pool:<12} {total:>3} shifts: {}", days.join("; "));
        }
    }
    let _ = writeln!(s, "  rule check: {hard_violations} hard violations");
    s
}

/// `forecast.csv`: one row per shop-hour with quantiles and components.
pub fn forecast_csv(f: &crate::forecast::Forecast) -> String {
    let mut csv = String::from(
        "shop,hour,open,mean,p50,p80,p95,level,seasonal,event,new_customers,returning_customers\n",
    );
    for shop in &f.shops {
        for h in &shop.hours {
            let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.3}"));
            let _ = writeln!(
                csv,
                "{},{},{},{:.3},{:.3},{:.3},{:.3},{:.4},{:.6},{:.4},{},{}",
                csv_field(&shop.shop),
                h.hour.format("%Y-%m-%d %H:%M"),
                if h.open { 1 } else { 0 },
                h.mean,
                h.p50,
                h.p80,
                h.p95,
                h.level,
                h.seasonal,
                h.event,
                opt(h.new_customers),
                opt(h.returning_customers)
            );
        }
    }
    csv
}

/// A CNY amount rounded to the yuan with thousands separators: `12345.6` → `12,346`
/// (`-` when not finite).
pub fn cny(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if x < 0.0 && digits != "0" {
        format!("-{out}")
    } else {
        out
    }
}
