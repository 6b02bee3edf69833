//! `seatplan plan`: the whole pipeline on a scenario, writing every output to `out/`.

use super::{write_output, Format};
use crate::io::load_scenario;
use crate::plan::{run as run_plan, Plan, PlanOptions, STAGES};
use crate::report::{esc, BarGroup, GridRow, Html, LineSeries, Marker, PALETTE};
use crate::schedule::HOURS;
use crate::{Error, Result};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Options of `seatplan plan`.
pub struct PlanArgs<'a> {
    /// Scenario directory.
    pub dir: &'a Path,
    /// First day of the week.
    pub week: Option<NaiveDate>,
    /// Solver time limit per pool group.
    pub time_limit: f64,
    /// Simulation replications.
    pub reps: usize,
    /// Seed.
    pub seed: u64,
    /// Output directory.
    pub out: &'a Path,
    /// Output format.
    pub format: Format,
    /// A peak-event scenario file to compare in the report.
    pub scenario: Option<&'a Path>,
    /// Last week's roster, whose tail the rules look back on.
    pub previous: Option<&'a Path>,
}

/// Runs the pipeline and writes forecast.csv, requirements.csv, roster.csv, roster.xlsx,
/// coverage.csv, cost.csv, quote.csv and report.html.
pub fn run(a: &PlanArgs) -> Result<()> {
    let s = load_scenario(a.dir)?;
    let week = a
        .week
        .or_else(|| super::roster::default_week(&s))
        .ok_or_else(|| Error::Usage("no history to plan from; pass --week DATE".into()))?;
    // The same solver and simulation settings as the scenario runs.
    let settings = super::scenario::options(a.time_limit, a.reps, a.seed);
    let opts = PlanOptions {
        week,
        solve: settings.solve,
        sim: settings.sim.clone(),
        previous: super::roster::read_previous(&s, a.previous)?,
    };
    let bar = indicatif::ProgressBar::new(STAGES.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{bar:24}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut step = 0;
    let plan = run_plan(&s, &opts, &mut |stage| {
        if step > 0 {
            bar.inc(1);
        }
        step += 1;
        bar.set_message(stage);
    })?;
    let scenario = match a.scenario {
        Some(path) => {
            bar.set_message("scenario");
            let spec = super::scenario::load_spec(path, &s)?;
            Some(crate::scenario::run(&s, &spec, &settings)?)
        }
        None => None,
    };
    bar.finish_and_clear();
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> Result<()> {
        written.push(write_output(a.dir, a.out, name, bytes)?);
        Ok(())
    };
    put(
        "forecast.csv",
        crate::report::forecast_csv(&plan.forecast).as_bytes(),
    )?;
    put(
        "requirements.csv",
        crate::report::requirements_csv(&plan.requirements).as_bytes(),
    )?;
    put(
        "roster.csv",
        crate::report::roster_csv(&plan.roster.roster, &s.agents).as_bytes(),
    )?;
    let names: BTreeMap<String, String> = s
        .agents
        .iter()
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    let xlsx = crate::report::roster_xlsx(
        &plan.roster.roster,
        &plan.week,
        &plan.problem.pools,
        &names,
        &plan.roster.coverage,
    )
    .map_err(|e| Error::Usage(format!("roster.xlsx: {e}")))?;
    put("roster.xlsx", &xlsx)?;
    put("coverage.csv", coverage_csv(&plan).as_bytes())?;
    put("cost.csv", cost_csv(&plan).as_bytes())?;
    put("quote.csv", quote_csv(&plan).as_bytes())?;
    if let Some(r) = &scenario {
        put("scenario.csv", crate::report::scenario_csv(r).as_bytes())?;
    }
    put(
        "report.html",
        report_html(&plan, &s, scenario.as_ref()).as_bytes(),
    )?;
    let short: u64 = plan
        .roster
        .shortages
        .iter()
        .map(|x| u64::from(x.seats))
        .sum();
    let sl = |p: &str| {
        plan.simulated
            .pools
            .iter()
            .find(|x| x.pool == p)
            .map(|x| x.service_level.mean)
    };
    match a.format {
        Format::Json => {
            let v = serde_json::json!({
                "week": week,
                "shifts": plan.roster.roster.assignments.len(),
                "labour_cost": plan.roster.labour_cost,
                "weekly_cost": plan.cost.weekly().total(),
                "monthly_cost": plan.cost.monthly().total(),
                "objective": plan.roster.objective,
                "bound": plan.roster.bound,
                "gap": plan.roster.gap,
                "short_seat_hours": short,
                "pools": plan.simulated.pools,
                "quotes": plan.quotes,
                "scenario": scenario,
                "timings": plan.timings.iter().map(|(k, v)| serde_json::json!({"stage": k, "seconds": v})).collect::<Vec<_>>(),
                "files": written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        Format::Text => {
            println!("Plan for the week of {week} ({})", a.dir.display());
            println!(
                "{:<12} {:>9} {:>6} {:>8} {:>8} {:>8} {:>11}",
                "pool", "inquiries", "peak", "shifts", "short h", "sim SL", "cost/week"
            );
            for p in &plan.problem.pools {
                let inq: f64 = plan
                    .requirements
                    .pools
                    .iter()
                    .find(|x| &x.pool == p)
                    .map_or(0.0, |x| x.inquiries);
                let peak = plan
                    .requirements
                    .pools
                    .iter()
                    .find(|x| &x.pool == p)
                    .map_or(0, |x| x.peak_scheduled);
                let shifts = plan
                    .roster
                    .roster
                    .assignments
                    .iter()
                    .filter(|x| &x.pool == p)
                    .count();
                let sh: u32 = plan
                    .roster
                    .shortages
                    .iter()
                    .filter(|x| &x.pool == p)
                    .map(|x| x.seats)
                    .sum();
                let cost = plan
                    .cost
                    .pool(p)
                    .map_or(0.0, |c| c.cost.total() * 7.0 / plan.cost.days.max(1) as f64);
                println!(
                    "{:<12} {:>9.0} {:>6} {:>8} {:>8} {:>7.1}% {:>11.0}",
                    p,
                    inq,
                    peak,
                    shifts,
                    sh,
                    100.0 * sl(p).unwrap_or(f64::NAN),
                    cost
                );
            }
            println!(
                "roster: objective {:.0}, bound {:.0}, gap {:.2}%; {short} seat-hours short; cost {:.0} CNY/week, {:.0} CNY/month",
                plan.roster.objective,
                plan.roster.bound,
                100.0 * plan.roster.gap,
                plan.cost.weekly().total(),
                plan.cost.monthly().total()
            );
            let below = plan.quotes.iter().filter(|q| q.below_target).count();
            println!(
                "quotes: {} shops, {below} under the target margin (quote.csv)",
                plan.quotes.len()
            );
            if let Some(r) = &scenario {
                println!("\nscenario {} — week of {}:", r.event.event, r.event.week);
                print!("{}", crate::report::scenario_text(r));
            }
            let t: Vec<String> = plan
                .timings
                .iter()
                .map(|(k, v)| format!("{k} {v:.2}s"))
                .collect();
            println!("time: {}", t.join(", "));
            for p in &written {
                println!("wrote {}", p.display());
            }
        }
    }
    Ok(())
}

fn coverage_csv(p: &Plan) -> String {
    let mut s = String::from("pool,hour,required,scheduled,short,sim_offered,sim_answered,sim_abandoned,sim_service_level,sim_sl_ci_low,sim_sl_ci_high,sim_asa_seconds,sim_occupancy,target,below_target\n");
    let sim: BTreeMap<(&str, chrono::NaiveDateTime), &crate::simulate::CoverageHour> = p
        .simulated
        .rows
        .iter()
        .map(|r| ((r.pool.as_str(), r.hour), r))
        .collect();
    for c in &p.roster.coverage {
        let r = sim.get(&(c.pool.as_str(), c.hour));
        // Hours nobody was offered anything have no service level: left empty, never NaN.
        let num = |x: f64| {
            if x.is_finite() {
                format!("{x:.4}")
            } else {
                String::new()
            }
        };
        let est = |f: fn(&crate::simulate::CoverageHour) -> &crate::simulate::Estimate| {
            r.map_or(String::new(), |r| num(f(r).mean))
        };
        let (lo, hi) = r.map_or((String::new(), String::new()), |r| {
            let (lo, hi) = r.service_level.ci95();
            (num(lo), num(hi))
        });
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            c.pool,
            c.hour.format("%Y-%m-%d %H:%M"),
            c.required,
            c.scheduled,
            c.short,
            est(|r| &r.offered),
            est(|r| &r.answered),
            est(|r| &r.abandoned),
            est(|r| &r.service_level),
            lo,
            hi,
            est(|r| &r.asa_seconds),
            est(|r| &r.occupancy),
            r.map_or(String::new(), |r| format!("{}", r.target)),
            r.map_or("", |r| if r.below_target { "yes" } else { "no" })
        );
    }
    s
}

fn cost_csv(p: &Plan) -> String {
    let mut s = String::from("scope,base_wages,rest_day_premium,holiday_premium,overtime,night_allowance,social_insurance,idle_guaranteed,temporaries,equipment,software,site_overhead,team_leads,qa,total\n");
    let mut row = |scope: &str, c: &crate::cost::CostCategories| {
        let _ = writeln!(
            s,
            "{},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2}",
            scope, c.base_wages, c.rest_day_premium, c.holiday_premium, c.overtime, c.night_allowance,
            c.social_insurance, c.idle_guaranteed, c.temporaries, c.equipment, c.software,
            c.site_overhead, c.team_leads, c.qa, c.total()
        );
    };
    for pc in &p.cost.pools {
        row(&format!("pool:{}", pc.pool), &pc.cost);
    }
    for sc in &p.shop_costs {
        row(&format!("shop:{}", sc.shop), &sc.cost);
    }
    row("week", &p.cost.weekly());
    row("month", &p.cost.monthly());
    s
}

fn quote_csv(p: &Plan) -> String {
    let mut s = String::from("shop,pool,plan,daily_inquiries,seats,monthly_cost,monthly_price,margin,below_target,detail\n");
    for q in &p.quotes {
        let _ = writeln!(
            s,
            "{},{},{},{:.1},{},{:.2},{:.2},{},{},{}",
            q.shop,
            q.pool,
            q.plan.as_str(),
            q.daily_inquiries,
            q.seats,
            q.monthly_cost,
            q.monthly_price,
            q.margin.map_or(String::new(), |m| format!("{m:.4}")),
            if q.below_target { "yes" } else { "no" },
            crate::report::csv_field(&q.detail)
        );
    }
    s
}

fn report_html(
    p: &Plan,
    s: &crate::model::Scenario,
    scenario: Option<&crate::scenario::ScenarioReport>,
) -> String {
    let mut h = Html::new(&format!("seatplan — week of {}", p.week.start));
    let labels: Vec<String> = (0..HOURS)
        .map(|i| p.week.hour(i).format("%a %H:00").to_string())
        .collect();
    let markers: Vec<Marker> = (0..7)
        .filter_map(|d| {
            let date = p.week.dates[d];
            let names: Vec<String> = s
                .calendar
                .global_on(date)
                .map(|e| format!("{} {}", e.name, e.kind))
                .collect();
            (!names.is_empty()).then(|| Marker {
                at: d * 24,
                label: names.join(", "),
            })
        })
        .collect();
    h.paragraph(&format!(
        "{} shops in {} pools, {} agents. Roster objective {:.0}, bound {:.0}, gap {:.2} %. Cost {:.0} CNY per week.",
        s.shops.len(),
        s.pools.len(),
        s.agents.len(),
        p.roster.objective,
        p.roster.bound,
        100.0 * p.roster.gap,
        p.cost.weekly().total()
    ));
    h.heading("Forecast (all shops, inquiries per hour)");
    let sum = |f: fn(&crate::forecast::ForecastHour) -> f64| -> Vec<f64> {
        (0..HOURS)
            .map(|i| p.forecast.shops.iter().map(|x| f(&x.hours[i])).sum())
            .collect()
    };
    h.line_chart(
        "Forecast inquiries per hour: mean with the P80–P95 band",
        &labels,
        24,
        &[LineSeries {
            label: "mean".into(),
            values: sum(|x| x.mean),
            band: Some((sum(|x| x.p80), sum(|x| x.p95))),
            colour: PALETTE[0].into(),
            dashed: false,
        }],
        &markers,
        "inquiries",
    );
    h.heading("Required vs rostered seats per pool");
    for (k, pool) in p.problem.pools.iter().enumerate() {
        let rows: Vec<_> = p
            .roster
            .coverage
            .iter()
            .filter(|c| &c.pool == pool)
            .collect();
        h.line_chart(
            pool,
            &labels,
            24,
            &[
                LineSeries {
                    label: "required (scheduled seats)".into(),
                    values: rows.iter().map(|c| c.required as f64).collect(),
                    band: None,
                    colour: PALETTE[3].into(),
                    dashed: true,
                },
                LineSeries {
                    label: "rostered".into(),
                    values: rows.iter().map(|c| c.scheduled as f64).collect(),
                    band: None,
                    colour: PALETTE[k % PALETTE.len()].into(),
                    dashed: false,
                },
            ],
            &[],
            "seats",
        );
    }
    h.heading("Simulated service level per hour (answered within T / offered) against target");
    for (k, pc) in p.simulated.pools.iter().enumerate() {
        let rows: Vec<_> = p
            .simulated
            .rows
            .iter()
            .filter(|r| r.pool == pc.pool)
            .collect();
        let sl: Vec<f64> = rows
            .iter()
            .map(|r| {
                if r.offered.mean > 0.0 {
                    100.0 * r.service_level.mean
                } else {
                    f64::NAN
                }
            })
            .collect();
        let (lo, hi): (Vec<f64>, Vec<f64>) = rows
            .iter()
            .map(|r| {
                let (a, b) = r.service_level.ci95();
                if r.offered.mean > 0.0 {
                    (100.0 * a, 100.0 * b)
                } else {
                    (f64::NAN, f64::NAN)
                }
            })
            .unzip();
        let target: Vec<f64> = rows.iter().map(|r| 100.0 * r.target).collect();
        h.line_chart(
            &format!(
                "{} — week SL {:.1} %",
                pc.pool,
                100.0 * pc.service_level.mean
            ),
            &labels,
            24,
            &[
                LineSeries {
                    label: "simulated SL (95 % CI)".into(),
                    values: sl,
                    band: Some((lo, hi)),
                    colour: PALETTE[k % PALETTE.len()].into(),
                    dashed: false,
                },
                LineSeries {
                    label: "target".into(),
                    values: target,
                    band: None,
                    colour: "#d62728".into(),
                    dashed: true,
                },
            ],
            &[],
            "% answered in time",
        );
    }
    h.heading("Cost per week by pool (CNY)");
    let groups: Vec<BarGroup> = p
        .cost
        .pools
        .iter()
        .map(|pc| {
            let f = 7.0 / p.cost.days.max(1) as f64;
            let c = &pc.cost;
            BarGroup {
                label: pc.pool.clone(),
                values: vec![
                    f * (c.base_wages + c.idle_guaranteed + c.temporaries),
                    f * (c.rest_day_premium + c.holiday_premium + c.overtime + c.night_allowance),
                    f * c.social_insurance,
                    f * (c.equipment + c.software + c.site_overhead + c.team_leads + c.qa),
                ],
            }
        })
        .collect();
    h.bar_chart(
        "Weekly cost by pool",
        &[
            "wages",
            "premiums & allowances",
            "social insurance",
            "overhead & supervision",
        ],
        &groups,
        "CNY",
    );
    h.heading("Price and margin per shop");
    let rows: Vec<Vec<String>> = p
        .quotes
        .iter()
        .map(|q| {
            vec![
                q.shop.clone(),
                q.plan.as_str().into(),
                format!("{:.0}", q.daily_inquiries),
                format!("{:.0}", q.monthly_cost),
                format!("{:.0}", q.monthly_price),
                q.margin
                    .map_or("–".into(), |m| format!("{:.1} %", 100.0 * m)),
                if q.below_target {
                    "below target".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    h.table(
        &[
            "shop",
            "plan",
            "inquiries/day",
            "cost/month",
            "price/month",
            "margin",
            "",
        ],
        &rows,
    );
    h.heading("Roster");
    let days: Vec<String> = p
        .week
        .dates
        .iter()
        .map(|d| d.format("%a %m-%d").to_string())
        .collect();
    let mut by_agent: BTreeMap<&str, Vec<Option<(String, usize)>>> = BTreeMap::new();
    for a in &p.roster.roster.assignments {
        let row = by_agent
            .entry(a.agent.as_str())
            .or_insert_with(|| vec![None; 7]);
        if let (Some(d), Some(k)) = (
            p.week.day_of(a.date),
            p.problem.pools.iter().position(|x| *x == a.pool),
        ) {
            row[d] = Some((a.shift.clone(), k));
        }
    }
    let grid: Vec<GridRow> = by_agent
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    h.roster_grid(&days, &grid, &p.problem.pools);
    let _ = esc("");
    if let Some(r) = scenario {
        crate::report::scenario_section(&mut h, r);
    }
    h.finish()
}
