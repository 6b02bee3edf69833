//! `roster.xlsx`: for planners who live in spreadsheets — a summary sheet and one sheet per
//! pool with agents × days (shift and clock times in each cell, coloured by shift).

use crate::schedule::{CoverageRow, Roster, Week};
pub use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook};
use std::collections::{BTreeMap, BTreeSet};

const SHIFT_COLOURS: [u32; 8] = [
    0xDCEBFA, 0xFDE7D2, 0xDDF2DD, 0xF8D9D9, 0xE8DFF2, 0xEADFD8, 0xF9E0EF, 0xE5E5E5,
];

fn sheet_name(pool: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = pool
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut k = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{clean}~{k}");
        k += 1;
    }
    name
}

/// The workbook bytes for `roster` over `week`, with `coverage` per pool-hour and agent names.
pub fn roster_xlsx(
    roster: &Roster,
    week: &Week,
    pools: &[String],
    agent_names: &BTreeMap<String, String>,
    coverage: &[CoverageRow],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_align(FormatAlign::Center);
    let shifts: Vec<String> = roster
        .assignments
        .iter()
        .map(|a| a.shift.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut used = BTreeSet::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name("Summary", &mut used))?;
        ws.write_string_with_format(
            0,
            0,
            format!("Roster for the week of {}", week.start),
            &bold,
        )?;
        let cols = [
            "pool",
            "shifts",
            "agents",
            "paid hours",
            "night shifts",
            "cost CNY",
            "required seat-hours",
            "short seat-hours",
        ];
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, *h, &head)?;
        }
        for (i, pool) in pools.iter().enumerate() {
            let a: Vec<_> = roster
                .assignments
                .iter()
                .filter(|x| &x.pool == pool)
                .collect();
            let agents: BTreeSet<&str> = a.iter().map(|x| x.agent.as_str()).collect();
            let req: u64 = coverage
                .iter()
                .filter(|c| &c.pool == pool)
                .map(|c| u64::from(c.required))
                .sum();
            let short: u64 = coverage
                .iter()
                .filter(|c| &c.pool == pool)
                .map(|c| u64::from(c.short))
                .sum();
            let r = 3 + i as u32;
            ws.write_string(r, 0, pool.as_str())?;
            ws.write_number(r, 1, a.len() as f64)?;
            ws.write_number(r, 2, agents.len() as f64)?;
            ws.write_number(r, 3, a.iter().map(|x| x.paid_hours).sum::<f64>())?;
            ws.write_number(r, 4, a.iter().filter(|x| x.night).count() as f64)?;
            ws.write_number(
                r,
                5,
                (a.iter().map(|x| x.cost).sum::<f64>() * 100.0).round() / 100.0,
            )?;
            ws.write_number(r, 6, req as f64)?;
            ws.write_number(r, 7, short as f64)?;
        }
        ws.set_column_width(0, 18)?;
        for c in 1..8 {
            ws.set_column_width(c, 14)?;
        }
    }
    for pool in pools {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(pool, &mut used))?;
        ws.write_string_with_format(0, 0, "agent", &head)?;
        ws.write_string_with_format(0, 1, "name", &head)?;
        for (d, date) in week.dates.iter().enumerate() {
            ws.write_string_with_format(
                0,
                2 + d as u16,
                date.format("%a %m-%d").to_string(),
                &head,
            )?;
        }
        let agents: BTreeSet<&str> = roster
            .assignments
            .iter()
            .filter(|x| &x.pool == pool)
            .map(|x| x.agent.as_str())
            .collect();
        for (i, agent) in agents.iter().enumerate() {
            let r = 1 + i as u32;
            ws.write_string(r, 0, *agent)?;
            ws.write_string(r, 1, agent_names.get(*agent).map_or("", |s| s.as_str()))?;
            for a in roster
                .assignments
                .iter()
                .filter(|x| x.agent == *agent && &x.pool == pool)
            {
                if let Some(d) = week.day_of(a.date) {
                    let k = shifts.iter().position(|s| *s == a.shift).unwrap_or(0);
                    let f = Format::new()
                        .set_background_color(Color::RGB(SHIFT_COLOURS[k % SHIFT_COLOURS.len()]))
                        .set_align(FormatAlign::Center);
                    let text = format!(
                        "{} {}–{}",
                        a.shift,
                        a.start.format("%H:%M"),
                        a.end.format("%H:%M")
                    );
                    ws.write_string_with_format(r, 2 + d as u16, text, &f)?;
                }
            }
        }
        ws.set_column_width(0, 10)?;
        ws.set_column_width(1, 12)?;
        for d in 0..7 {
            ws.set_column_width(2 + d, 20)?;
        }
        ws.set_freeze_panes(1, 2)?;
    }
    wb.save_to_buffer()
}
