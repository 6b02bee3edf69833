//! A quote as a CSV download and as a printable page (the report module's HTML and SVG
//! helpers). Formatting only: every figure is a field of the [`Quote`].

use crate::price::{CrossingKind, Quote};
use crate::report::{cny, csv_field, BarGroup, Html};
use std::fmt::Write as _;

fn money(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        String::new()
    }
}

fn share(m: Option<f64>) -> String {
    m.map_or(String::new(), |m| format!("{m:.4}"))
}

/// The quote as CSV: blocks (summary, seats by hour, monthly cost, plans, recommendation,
/// break-evens, peak days, notes), each with its own header row, separated by blank lines.
pub fn quote_csv(q: &Quote) -> String {
    let mut s = String::new();
    let mut row = |cells: &[String]| {
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        let _ = writeln!(s, "{}", line.join(","));
    };
    row(&["field".into(), "value".into()]);
    for (k, v) in [
        ("client", q.client.clone()),
        ("name", q.name.clone()),
        ("platform", q.platform.as_str().to_string()),
        ("service_hours", q.service_hours.clone()),
        ("daily_inquiries", format!("{}", q.volume.daily_inquiries)),
        ("monthly_inquiries", money(q.monthly_inquiries)),
        ("aht_seconds", format!("{}", q.aht_seconds)),
        ("concurrency", q.concurrency.to_string()),
        ("sla", q.sla.clone()),
        ("new_share", format!("{}", q.volume.new_share)),
        ("order_value", format!("{}", q.volume.order_value)),
        ("conversion", format!("{}", q.volume.conversion)),
        ("seats_to_hire", q.crew.seats.to_string()),
        ("night_seats", q.crew.night_seats.to_string()),
        ("shifts_per_week", q.crew.shifts.to_string()),
        ("paid_hours_per_week", money(q.crew.paid_hours)),
        ("dedicated_monthly_cost", money(q.dedicated.monthly_total)),
        ("shared_monthly_cost", money(q.shared.monthly_total)),
        ("training_one_off", money(q.dedicated.training_one_off)),
        ("target_margin", format!("{}", q.target_margin)),
    ] {
        row(&[k.into(), v]);
    }
    row(&[]);
    row(&[
        "hour".into(),
        "inquiries".into(),
        "required_seats".into(),
        "scheduled_seats".into(),
    ]);
    for h in &q.hours {
        row(&[
            format!("{:02}", h.hour),
            format!("{:.2}", h.inquiries),
            h.required.to_string(),
            h.scheduled.to_string(),
        ]);
    }
    row(&[]);
    row(&["cost_line".into(), "dedicated".into(), "shared".into()]);
    for ((label, d), (_, sh)) in q
        .dedicated
        .monthly
        .lines()
        .iter()
        .zip(q.shared.monthly.lines().iter())
    {
        row(&[label.to_string(), money(*d), money(*sh)]);
    }
    row(&[
        "total".into(),
        money(q.dedicated.monthly_total),
        money(q.shared.monthly_total),
    ]);
    row(&[]);
    row(&[
        "plan".into(),
        "monthly_price".into(),
        "delivery".into(),
        "monthly_cost".into(),
        "margin".into(),
        "meets_target".into(),
        "price_for_target".into(),
        "current".into(),
        "detail".into(),
    ]);
    for p in &q.plans {
        row(&[
            p.plan.as_str().into(),
            money(p.price),
            p.delivery.as_str().into(),
            money(p.cost),
            share(p.margin),
            p.meets_target.to_string(),
            money(p.price_for_target),
            p.current.to_string(),
            p.detail.clone(),
        ]);
    }
    row(&[]);
    let r = &q.recommendation;
    row(&[
        "recommended_plan".into(),
        "delivery".into(),
        "monthly_price".into(),
        "margin".into(),
        "meets_target".into(),
        "reason".into(),
    ]);
    row(&[
        r.plan.as_str().into(),
        r.delivery.as_str().into(),
        money(r.price),
        share(r.margin),
        r.meets_target.to_string(),
        r.reason.clone(),
    ]);
    row(&[]);
    row(&[
        "plan_a".into(),
        "plan_b".into(),
        "daily_volume".into(),
        "kind".into(),
        "price_a".into(),
        "price_b".into(),
        "cheaper_above".into(),
    ]);
    for b in &q.break_evens {
        row(&[
            b.plan_a.as_str().into(),
            b.plan_b.as_str().into(),
            format!("{:.2}", b.daily_volume),
            match b.kind {
                CrossingKind::Step => "step".into(),
                _ => "equal".into(),
            },
            money(b.price_a),
            money(b.price_b),
            b.cheaper_above.as_str().into(),
        ]);
    }
    if !q.peak_days.is_empty() {
        row(&[]);
        row(&[
            "peak_date".into(),
            "holiday".into(),
            "uplift".into(),
            "extra_inquiries".into(),
            "temp_seats".into(),
            "price".into(),
            "cost".into(),
            "margin".into(),
        ]);
        for p in &q.peak_days {
            row(&[
                p.date.to_string(),
                p.holiday.clone().unwrap_or_default(),
                format!("{}", p.uplift),
                format!("{:.0}", p.extra_inquiries),
                p.temp_seats.to_string(),
                money(p.price),
                money(p.cost),
                share(p.margin),
            ]);
        }
    }
    row(&[]);
    row(&["note".into()]);
    for n in &q.notes {
        row(std::slice::from_ref(n));
    }
    s
}

fn pct(m: Option<f64>) -> String {
    m.map_or("-".into(), |m| format!("{:.1} %", 100.0 * m))
}

/// The quote as a self-contained printable page.
pub fn quote_print_html(q: &Quote) -> String {
    let mut h = Html::new(&format!("Quote — {}", q.name));
    h.paragraph(&format!(
        "{} · {} · service hours {} · {:.0} inquiries/day ({} a month) · AHT {:.0} s · {} chats · SLA {}",
        q.client,
        q.platform.as_str(),
        q.service_hours,
        q.volume.daily_inquiries,
        cny(q.monthly_inquiries),
        q.aht_seconds,
        q.concurrency,
        q.sla
    ));
    let r = &q.recommendation;
    h.heading("Recommendation");
    h.paragraph(&format!(
        "{} ({}), {} CNY/month, margin {} — {}",
        r.plan.as_str(),
        r.delivery.as_str(),
        cny(r.price),
        pct(r.margin),
        r.reason
    ));
    h.heading("Seats");
    h.paragraph(&format!(
        "Seats to hire: {} ({} on the night rotation), {} shifts/week, {:.0} paid hours/week, {:.1} FTE.",
        q.crew.seats, q.crew.night_seats, q.crew.shifts, q.crew.paid_hours, q.dedicated.fte
    ));
    let groups: Vec<BarGroup> = q
        .hours
        .iter()
        .map(|x| BarGroup {
            label: format!("{:02}", x.hour),
            values: vec![f64::from(x.required), f64::from(x.scheduled)],
        })
        .collect();
    h.bar_chart(
        "Seats by hour of day (most over the week)",
        &["required", "scheduled"],
        &groups,
        "seats",
    );
    h.heading("Plans");
    let rows: Vec<Vec<String>> = q
        .plans
        .iter()
        .map(|p| {
            vec![
                p.plan.as_str().into(),
                cny(p.price),
                p.delivery.as_str().into(),
                cny(p.cost),
                pct(p.margin),
                if p.meets_target { "yes" } else { "no" }.into(),
                cny(p.price_for_target),
                p.detail.clone(),
            ]
        })
        .collect();
    h.table(
        &[
            "plan",
            "price/month",
            "served by",
            "cost/month",
            "margin",
            "meets target",
            "price for target",
            "how",
        ],
        &rows,
    );
    h.heading("Monthly cost to serve (CNY)");
    let mut rows: Vec<Vec<String>> = q
        .dedicated
        .monthly
        .lines()
        .iter()
        .zip(q.shared.monthly.lines().iter())
        .filter(|((_, d), (_, s))| d.abs() >= 0.5 || s.abs() >= 0.5)
        .map(|((l, d), (_, s))| vec![l.to_string(), cny(*d), cny(*s)])
        .collect();
    rows.push(vec![
        "total".into(),
        cny(q.dedicated.monthly_total),
        cny(q.shared.monthly_total),
    ]);
    h.table(&["line", "dedicated", "shared"], &rows);
    if !q.break_evens.is_empty() {
        h.heading("Break-even daily volumes");
        let rows: Vec<Vec<String>> = q
            .break_evens
            .iter()
            .map(|b| {
                vec![
                    format!("{} / {}", b.plan_a.as_str(), b.plan_b.as_str()),
                    format!("{:.1}", b.daily_volume),
                    match b.kind {
                        CrossingKind::Step => "step".into(),
                        _ => "equal".into(),
                    },
                    b.cheaper_above.as_str().into(),
                ]
            })
            .collect();
        h.table(&["plans", "inquiries/day", "kind", "cheaper above"], &rows);
    }
    if !q.peak_days.is_empty() {
        h.heading("Peak days (temporary seats)");
        let rows: Vec<Vec<String>> = q
            .peak_days
            .iter()
            .map(|p| {
                vec![
                    p.date.to_string(),
                    p.holiday.clone().unwrap_or_else(|| "-".into()),
                    format!("×{}", p.uplift),
                    p.temp_seats.to_string(),
                    cny(p.price),
                    cny(p.cost),
                    pct(p.margin),
                ]
            })
            .collect();
        h.table(
            &[
                "date", "holiday", "uplift", "temps", "price", "cost", "margin",
            ],
            &rows,
        );
    }
    h.heading("Notes");
    for n in &q.notes {
        h.paragraph(n);
    }
    h.finish()
}
