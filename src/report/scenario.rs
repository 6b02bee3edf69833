//! Rendering of a peak-event scenario comparison: the side-by-side table (rows are figures,
//! columns are runs), a CSV with one row per run, and the HTML section with its charts.

use super::{cny, csv_field, BarGroup, Html, LineSeries, Marker, PALETTE};
use crate::scenario::{ScenarioReport, VariantResult};
use std::fmt::Write as _;

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn signed_money(x: f64) -> String {
    if x > 0.5 {
        format!("+{}", cny(x))
    } else {
        cny(x)
    }
}

/// What a variant changes, in words.
pub fn variant_summary(r: &VariantResult) -> String {
    let v = &r.variant;
    let mut parts = Vec::new();
    match v.uplift {
        Some(x) => parts.push(format!("peak days {x}× a normal day")),
        None => parts.push("peak as learned".into()),
    }
    if v.extra_temps > 0 {
        let rate = v
            .temp_day_rate
            .map_or(String::new(), |r| format!(" at {r:.0}/day"));
        parts.push(format!("+{} temps per pool{rate}", v.extra_temps));
    }
    if let Some(s) = v.sla {
        parts.push(format!(
            "SLA {:.0} % in {:.0} s",
            100.0 * s.target,
            s.seconds
        ));
    }
    if let Some(c) = v.max_occupancy {
        parts.push(format!("occupancy up to {:.0} %", 100.0 * c));
    }
    if let Some(n) = &v.new_shop {
        parts.push(format!(
            "new shop {} ({:.0}/day, like {})",
            n.id, n.daily_inquiries, n.like
        ));
    }
    parts.join("; ")
}

/// The side-by-side table: a header (figure, then one column per run) and its rows.
pub fn scenario_table(r: &ScenarioReport) -> (Vec<String>, Vec<Vec<String>>) {
    let runs: Vec<&VariantResult> = r.all().collect();
    let mut header = vec!["".to_string()];
    header.extend(runs.iter().map(|x| x.variant.name.clone()));
    let row = |label: &str, f: &dyn Fn(&VariantResult) -> String| {
        let mut v = vec![label.to_string()];
        v.extend(runs.iter().map(|x| f(x)));
        v
    };
    let rows = vec![
        row("peak-day inquiries", &|x| cny(x.peak_day_inquiries)),
        row("week inquiries", &|x| cny(x.week_inquiries)),
        row("peak seats required", &|x| x.peak_required.to_string()),
        row("peak seats rostered", &|x| x.peak_scheduled.to_string()),
        row("temp seats, busiest day", &|x| {
            x.max_temps_per_day.to_string()
        }),
        row("temp seat-days to add", &|x| {
            x.temps_per_day
                .iter()
                .map(|t| t.seats)
                .sum::<u32>()
                .to_string()
        }),
        row("temp seat-days rostered", &|x| {
            x.temps_per_day
                .iter()
                .map(|t| t.rostered)
                .sum::<u32>()
                .to_string()
        }),
        row("short pool-hours", &|x| x.shortage_hours.to_string()),
        row("short seat-hours", &|x| x.short_seat_hours.to_string()),
        row("simulated SL (rostered)", &|x| {
            format!(
                "{} ± {:.1}",
                pct(x.service_level),
                100.0 * x.service_level_ci
            )
        }),
        row("hours below target", &|x| x.hours_below_target.to_string()),
        row("roster cost / week", &|x| cny(x.roster_cost)),
        row("temp cost / week", &|x| cny(x.temp_cost)),
        row("total cost / week", &|x| cny(x.total_cost)),
        row("cost vs baseline", &|x| signed_money(x.cost_impact)),
        row("revenue / week", &|x| cny(x.revenue)),
        row("price impact vs baseline", &|x| {
            signed_money(x.price_impact)
        }),
        row("margin", &|x| x.margin.map_or("–".into(), pct)),
        row("roster gap to bound", &|x| pct(x.gap)),
    ];
    (header, rows)
}

/// The side-by-side table as aligned text for a terminal.
pub fn scenario_text(r: &ScenarioReport) -> String {
    let (header, rows) = scenario_table(r);
    let width = |s: &str| s.chars().count();
    let mut w: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, c) in row.iter().enumerate() {
            w[i] = w[i].max(width(c));
        }
    }
    let mut s = String::new();
    let line = |s: &mut String, cells: &[String]| {
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - width(c);
            if i == 0 {
                let _ = write!(s, "{c}{}", " ".repeat(pad));
            } else {
                let _ = write!(s, "  {}{c}", " ".repeat(pad));
            }
        }
        s.push('\n');
    };
    line(&mut s, &header);
    for row in &rows {
        line(&mut s, row);
    }
    s
}

/// One row per run.
pub fn scenario_csv(r: &ScenarioReport) -> String {
    let mut s = String::from(
        "variant,uplift,extra_temps,sla_target,sla_seconds,max_occupancy,new_shop,week_inquiries,peak_day_inquiries,peak_required,peak_scheduled,max_temps_per_day,temp_seat_days,shortage_hours,short_seat_hours,service_level,service_level_ci95,hours_below_target,roster_cost,temp_cost,total_cost,cost_impact,revenue,price_impact,margin,gap\n",
    );
    for x in r.all() {
        let v = &x.variant;
        let opt = |o: Option<f64>| o.map_or(String::new(), |x| format!("{x}"));
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{:.1},{:.1},{},{},{},{},{},{},{:.4},{:.4},{},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{},{:.5}",
            csv_field(&v.name),
            opt(v.uplift),
            v.extra_temps,
            opt(v.sla.map(|s| s.target)),
            opt(v.sla.map(|s| s.seconds)),
            opt(v.max_occupancy),
            v.new_shop.as_ref().map_or(String::new(), |n| csv_field(&n.id)),
            x.week_inquiries,
            x.peak_day_inquiries,
            x.peak_required,
            x.peak_scheduled,
            x.max_temps_per_day,
            x.temps_per_day.iter().map(|t| t.seats).sum::<u32>(),
            x.shortage_hours,
            x.short_seat_hours,
            x.service_level,
            x.service_level_ci,
            x.hours_below_target,
            x.roster_cost,
            x.temp_cost,
            x.total_cost,
            x.cost_impact,
            x.revenue,
            x.price_impact,
            x.margin.map_or(String::new(), |m| format!("{m:.4}")),
            x.gap,
        );
    }
    s
}

/// Appends the comparison (table and charts) to a report.
pub fn scenario_section(h: &mut Html, r: &ScenarioReport) {
    let scope = r
        .focus_pool
        .as_deref()
        .map_or("every pool".to_string(), |p| format!("pool {p}"));
    h.heading(&format!(
        "Scenario: {} — week of {} ({scope})",
        r.event.event, r.event.week
    ));
    let days: Vec<String> = r.event.peak_days.iter().map(|d| d.to_string()).collect();
    let mut desc: Vec<String> = vec![format!(
        "Peak days: {}. Each run goes through the whole pipeline (forecast, sizing, roster, \
         simulation, cost, price); temp seats are what would close the roster's shortages; the \
         simulated service level is that of the rostered agents alone.",
        days.join(", ")
    )];
    for x in r.all() {
        desc.push(format!("{}: {}.", x.variant.name, variant_summary(x)));
    }
    h.paragraph(&desc.join(" "));
    let (header, rows) = scenario_table(r);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    h.table(&header, &rows);
    let Some(first) = r.all().next() else {
        return;
    };
    let labels: Vec<String> = first
        .hourly
        .iter()
        .map(|x| x.hour.format("%a %H:00").to_string())
        .collect();
    let markers: Vec<Marker> = r
        .event
        .peak_days
        .iter()
        .filter_map(|d| {
            first
                .hourly
                .iter()
                .position(|x| x.hour.date() == *d)
                .map(|at| Marker {
                    at,
                    label: format!("{} peak", r.event.event),
                })
        })
        .collect();
    let series = |f: &dyn Fn(&VariantResult) -> Vec<f64>, dashed: bool| -> Vec<LineSeries> {
        r.all()
            .enumerate()
            .map(|(k, x)| LineSeries {
                label: x.variant.name.clone(),
                values: f(x),
                band: None,
                colour: PALETTE[k % PALETTE.len()].into(),
                dashed: dashed && k == 0,
            })
            .collect()
    };
    h.line_chart(
        "Seats required per hour, by run",
        &labels,
        24,
        &series(
            &|x| x.hourly.iter().map(|h| f64::from(h.required)).collect(),
            true,
        ),
        &markers,
        "seats",
    );
    h.line_chart(
        "Simulated service level of the rostered agents, by run",
        &labels,
        24,
        &series(
            &|x| {
                x.hourly
                    .iter()
                    .map(|h| 100.0 * h.service_level.unwrap_or(f64::NAN))
                    .collect()
            },
            true,
        ),
        &markers,
        "% answered in time",
    );
    let groups: Vec<BarGroup> = r
        .all()
        .map(|x| BarGroup {
            label: x.variant.name.clone(),
            values: vec![x.roster_cost, x.temp_cost, x.revenue],
        })
        .collect();
    h.bar_chart(
        "Week cost and revenue by run (CNY)",
        &["roster cost", "temp seats", "revenue"],
        &groups,
        "CNY",
    );
}

/// A standalone HTML report of the comparison.
pub fn scenario_html(r: &ScenarioReport) -> String {
    let mut h = Html::new(&format!(
        "seatplan — {} scenarios, week of {}",
        r.event.event, r.event.week
    ));
    scenario_section(&mut h, r);
    h.finish()
}
