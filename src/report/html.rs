//! A self-contained HTML report (no network: inline CSS and SVG, no scripts fetched) built
//! section by section: line charts with quantile bands and event markers, grouped bars,
//! tables and a roster grid.

use std::fmt::Write;

/// A line of a line chart, optionally with a band (e.g. P80–P95 or a confidence interval).
#[derive(Debug, Clone)]
pub struct LineSeries {
    /// Legend label.
    pub label: String,
    /// Values per x position (`NaN` = gap).
    pub values: Vec<f64>,
    /// Lower and upper band per x position.
    pub band: Option<(Vec<f64>, Vec<f64>)>,
    /// CSS colour.
    pub colour: String,
    /// Dashed line (targets, thresholds).
    pub dashed: bool,
}

/// A vertical marker on a line chart (an event, a holiday).
#[derive(Debug, Clone)]
pub struct Marker {
    /// X position.
    pub at: usize,
    /// Label.
    pub label: String,
}

/// One group of bars (a category with one bar per series).
#[derive(Debug, Clone)]
pub struct BarGroup {
    /// Category label.
    pub label: String,
    /// Bar values, one per series.
    pub values: Vec<f64>,
}

/// One row of a roster grid: agent label and, per day, the shift and pool index worked.
pub type GridRow = (String, Vec<Option<(String, usize)>>);

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Colours for series and pools, in order.
pub const PALETTE: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];

/// An HTML report under construction.
#[derive(Debug, Default)]
pub struct Html {
    title: String,
    body: String,
}

const W: f64 = 960.0;
const H: f64 = 260.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 12.0;
const PAD_T: f64 = 14.0;
const PAD_B: f64 = 34.0;

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * p {
            return m * p;
        }
    }
    10.0 * p
}

impl Html {
    /// A report titled `title`.
    pub fn new(title: &str) -> Html {
        Html {
            title: title.to_string(),
            body: String::new(),
        }
    }

    /// A section heading.
    pub fn heading(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h2>{}</h2>", esc(text));
    }

    /// A paragraph of text.
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", esc(text));
    }

    /// A table with a header row.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        let _ = write!(self.body, "<table><thead><tr>");
        for h in header {
            let _ = write!(self.body, "<th>{}</th>", esc(h));
        }
        let _ = writeln!(self.body, "</tr></thead><tbody>");
        for r in rows {
            let _ = write!(self.body, "<tr>");
            for c in r {
                let _ = write!(self.body, "<td>{}</td>", esc(c));
            }
            let _ = writeln!(self.body, "</tr>");
        }
        let _ = writeln!(self.body, "</tbody></table>");
    }

    /// A line chart over `x_labels` (a tick every `tick_every` positions).
    pub fn line_chart(
        &mut self,
        title: &str,
        x_labels: &[String],
        tick_every: usize,
        series: &[LineSeries],
        markers: &[Marker],
        y_label: &str,
    ) {
        let n = x_labels.len().max(2);
        let max = series
            .iter()
            .flat_map(|s| {
                s.values
                    .iter()
                    .chain(s.band.iter().flat_map(|b| b.1.iter()))
                    .copied()
            })
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let ymax = nice_max(max);
        let x = |i: usize| PAD_L + (W - PAD_L - PAD_R) * i as f64 / (n - 1) as f64;
        let y = |v: f64| PAD_T + (H - PAD_T - PAD_B) * (1.0 - v / ymax);
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}\">",
            esc(title)
        );
        y_grid(&mut svg, ymax, &y);
        for (i, l) in x_labels.iter().enumerate() {
            if tick_every > 0 && i % tick_every == 0 {
                let _ = writeln!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{}\" class=\"xtick\">{}</text>",
                    x(i),
                    H - 14.0,
                    esc(l)
                );
            }
        }
        for m in markers {
            let _ = writeln!(
                svg,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{PAD_T}\" y2=\"{}\" class=\"marker\"/><text x=\"{:.1}\" y=\"{}\" class=\"mlabel\">{}</text>",
                H - PAD_B,
                x(m.at) + 3.0,
                PAD_T + 10.0,
                esc(&m.label),
                x = x(m.at)
            );
        }
        for s in series {
            if let Some((lo, hi)) = &s.band {
                let mut pts = String::new();
                for (i, v) in hi.iter().enumerate().filter(|(_, v)| v.is_finite()) {
                    let _ = write!(pts, "{:.1},{:.1} ", x(i), y(*v));
                }
                for (i, v) in lo.iter().enumerate().rev().filter(|(_, v)| v.is_finite()) {
                    let _ = write!(pts, "{:.1},{:.1} ", x(i), y(*v));
                }
                let _ = writeln!(
                    svg,
                    "<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>",
                    pts.trim_end(),
                    s.colour
                );
            }
            let mut d = String::new();
            let mut pen = false;
            for (i, v) in s.values.iter().enumerate() {
                if v.is_finite() {
                    let _ = write!(
                        d,
                        "{}{:.1},{:.1} ",
                        if pen { "L" } else { "M" },
                        x(i),
                        y(*v)
                    );
                    pen = true;
                } else {
                    pen = false;
                }
            }
            let _ = writeln!(
                svg,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"{}/>",
                d.trim_end(),
                s.colour,
                if s.dashed {
                    " stroke-dasharray=\"5 4\""
                } else {
                    ""
                }
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"12\" y=\"{}\" class=\"ylabel\" transform=\"rotate(-90 12 {})\">{}</text></svg>",
            H / 2.0,
            H / 2.0,
            esc(y_label)
        );
        let legend = legend(series.iter().map(|s| (s.colour.as_str(), s.label.as_str())));
        let _ = writeln!(
            self.body,
            "<figure><figcaption>{}</figcaption>{svg}<div class=\"legend\">{legend}</div></figure>",
            esc(title)
        );
    }

    /// A grouped bar chart: one group per category, one bar per series.
    pub fn bar_chart(
        &mut self,
        title: &str,
        series_labels: &[&str],
        groups: &[BarGroup],
        y_label: &str,
    ) {
        let max = groups
            .iter()
            .flat_map(|g| g.values.iter().copied())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let ymax = nice_max(max);
        let y = |v: f64| PAD_T + (H - PAD_T - PAD_B) * (1.0 - v.max(0.0) / ymax);
        let gw = (W - PAD_L - PAD_R) / groups.len().max(1) as f64;
        let bw = (gw * 0.8) / series_labels.len().max(1) as f64;
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}\">",
            esc(title)
        );
        y_grid(&mut svg, ymax, &y);
        for (gi, g) in groups.iter().enumerate() {
            let x0 = PAD_L + gi as f64 * gw + gw * 0.1;
            for (si, v) in g.values.iter().enumerate() {
                let top = y(*v);
                let _ = writeln!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {}</title></rect>",
                    x0 + si as f64 * bw,
                    (bw - 2.0).max(1.0),
                    (H - PAD_B - top).max(0.0),
                    PALETTE[si % PALETTE.len()],
                    esc(series_labels.get(si).copied().unwrap_or("")),
                    fmt_num(*v)
                );
            }
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" class=\"xtick\">{}</text>",
                x0,
                H - 14.0,
                esc(&g.label)
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"12\" y=\"{}\" class=\"ylabel\" transform=\"rotate(-90 12 {})\">{}</text></svg>",
            H / 2.0,
            H / 2.0,
            esc(y_label)
        );
        let legend = legend(
            series_labels
                .iter()
                .enumerate()
                .map(|(i, l)| (PALETTE[i % PALETTE.len()], *l)),
        );
        let _ = writeln!(
            self.body,
            "<figure><figcaption>{}</figcaption>{svg}<div class=\"legend\">{legend}</div></figure>",
            esc(title)
        );
    }

    /// A roster grid: one row per agent, one column per day; each cell shows the shift and is
    /// coloured by pool.
    pub fn roster_grid(&mut self, days: &[String], rows: &[GridRow], pools: &[String]) {
        let _ = write!(self.body, "<table class=\"grid\"><thead><tr><th>agent</th>");
        for d in days {
            let _ = write!(self.body, "<th>{}</th>", esc(d));
        }
        let _ = writeln!(self.body, "</tr></thead><tbody>");
        for (agent, cells) in rows {
            let _ = write!(self.body, "<tr><th>{}</th>", esc(agent));
            for c in cells {
                match c {
                    Some((shift, pool)) => {
                        let _ = write!(
                            self.body,
                            "<td style=\"background:{}33;border-left:4px solid {}\" title=\"{}\">{}</td>",
                            PALETTE[pool % PALETTE.len()],
                            PALETTE[pool % PALETTE.len()],
                            esc(pools.get(*pool).map_or("", |p| p.as_str())),
                            esc(shift)
                        );
                    }
                    None => {
                        let _ = write!(self.body, "<td class=\"off\">–</td>");
                    }
                }
            }
            let _ = writeln!(self.body, "</tr>");
        }
        let _ = writeln!(self.body, "</tbody></table>");
        let legend = legend(
            pools
                .iter()
                .enumerate()
                .map(|(i, p)| (PALETTE[i % PALETTE.len()], p.as_str())),
        );
        let _ = writeln!(self.body, "<div class=\"legend\">{legend}</div>");
    }

    /// The finished document.
    pub fn finish(&self) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>{CSS}</style></head>\n<body><h1>{t}</h1>\n{}</body></html>\n",
            self.body,
            t = esc(&self.title)
        )
    }
}

/// Horizontal grid lines and y-axis ticks at quarters of `ymax`.
fn y_grid(svg: &mut String, ymax: f64, y: &dyn Fn(f64) -> f64) {
    for k in 0..=4 {
        let v = ymax * k as f64 / 4.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{PAD_L}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" class=\"grid\"/><text x=\"{}\" y=\"{:.1}\" class=\"ytick\">{}</text>",
            W - PAD_R,
            PAD_L - 6.0,
            y(v) + 4.0,
            fmt_num(v),
            yy = y(v)
        );
    }
}

/// A legend of (colour, label) keys.
fn legend<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    items
        .map(|(colour, label)| {
            format!(
                "<span class=\"key\"><i style=\"background:{colour}\"></i>{}</span>",
                esc(label)
            )
        })
        .collect()
}

fn fmt_num(v: f64) -> String {
    if v.abs() >= 1_000_000.0 {
        format!("{:.1}M", v / 1_000_000.0)
    } else if v.abs() >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if v.fract().abs() < 1e-9 || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

const CSS: &str = "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;background:#fff}
.grid{stroke:#e5e5e5;stroke-width:1}.marker{stroke:#999;stroke-dasharray:3 3}
.ytick{font-size:10px;text-anchor:end;fill:#555}.xtick{font-size:10px;fill:#555}.mlabel{font-size:10px;fill:#666}
.ylabel{font-size:11px;fill:#555;text-anchor:middle}
.legend{font-size:12px;margin-top:4px}.key{margin-right:14px;white-space:nowrap}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
table{border-collapse:collapse;margin:8px 0;font-size:12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}th{background:#f5f5f5}
table.grid td{text-align:center;min-width:60px}table.grid th{text-align:left}td.off{color:#bbb}";
