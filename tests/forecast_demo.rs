//! The forecaster on the bundled demo scenario: it must learn back the generator's calendar
//! effects (`kind_effect` in src/demo/mod.rs), forecast make-up workdays like workdays, and
//! handle degenerate inputs with clear errors or documented fallbacks.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use seatplan::forecast::{
    forecast_all, forecast_shop, learned_effects, shop_calendar, ForecastError, ForecastHour,
    ForecastOptions,
};
use seatplan::model::{
    CalendarEntry, DateRange, DayKind, Observation, Quantile, Scenario, ShopHistory,
};
use std::path::Path;
use std::sync::OnceLock;

fn demo() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| {
        seatplan::io::load_scenario(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo")))
            .expect("demo loads")
    })
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn midnight(s: &str) -> NaiveDateTime {
    date(s).and_hms_opt(0, 0, 0).unwrap()
}

fn day_total(hours: &[ForecastHour], d: NaiveDate) -> f64 {
    hours
        .iter()
        .filter(|h| h.hour.date() == d)
        .map(|h| h.mean)
        .sum()
}

fn check_sane(hours: &[ForecastHour]) {
    for h in hours {
        for v in [h.mean, h.p50, h.p80, h.p95, h.level, h.seasonal, h.event] {
            assert!(v.is_finite() && v >= 0.0, "bad value in {h:?}");
        }
        assert!(
            h.p50 <= h.p80 && h.p80 <= h.p95,
            "quantiles out of order: {h:?}"
        );
        if !h.open {
            assert_eq!(h.mean, 0.0);
            assert_eq!(h.p95, 0.0);
        }
    }
}

/// The generator's truth: 双11 peak ×7.0 on Nov 11 and ×5.6 (0.8 × 7.0) on Nov 10; 618 peak
/// ×5.0, each relative to a normal day of the same weekday and trend.
#[test]
fn learns_double_11_and_618_uplifts_within_15_percent() {
    let s = demo();
    let opts = ForecastOptions::default();
    let truth = [
        ("2026-11-10", 5.6),
        ("2026-11-11", 7.0),
        ("2026-06-18", 5.0),
        ("2025-11-10", 5.6),
        ("2025-11-11", 7.0),
        ("2025-06-18", 5.0),
    ];
    // The four dedicated shops have 650–2,400 inquiries a day: each must be within ±15 %. The
    // eight small shared-pool shops (90–240 a day, two occurrences of each event with ±8 %
    // day noise) are checked on their median, each within ±25 %.
    let big = ["tm_flagship", "jd_digital", "dy_beauty", "tb_home"];
    let mut worst: f64 = 0.0;
    let mut small: Vec<Vec<f64>> = vec![Vec::new(); truth.len()];
    for shop in &s.shops {
        let h = &s.history.shops[&shop.id];
        let cal = shop_calendar(&s.calendar, &shop.id);
        let fx = learned_effects(&shop.id, h, &cal, &opts).expect("fits");
        for (i, (d, want)) in truth.iter().enumerate() {
            let got = fx.day_multiplier(date(d));
            let err = got / want - 1.0;
            println!(
                "{:12} {d}: learned ×{got:.2}, truth ×{want:.1} ({:+.1} %)",
                shop.id,
                100.0 * err
            );
            if big.contains(&shop.id.as_str()) {
                worst = worst.max(err.abs());
                assert!(
                    err.abs() <= 0.15,
                    "{} {d}: learned ×{got:.2} vs truth ×{want}",
                    shop.id
                );
            } else {
                small[i].push(err);
                assert!(
                    err.abs() <= 0.25,
                    "{} {d}: learned ×{got:.2} vs truth ×{want}",
                    shop.id
                );
            }
        }
    }
    for (i, errs) in small.iter_mut().enumerate() {
        errs.sort_by(|a, b| a.total_cmp(b));
        let med = 0.5 * (errs[errs.len() / 2] + errs[(errs.len() - 1) / 2]);
        println!(
            "small shops {}: median error {:+.1} %",
            truth[i].0,
            100.0 * med
        );
        assert!(med.abs() <= 0.15);
    }
    println!(
        "dedicated shops: worst relative error {:.1} %",
        100.0 * worst
    );
}

#[test]
fn forecast_of_double_11_has_the_midnight_peak() {
    let s = demo();
    let shop = "tm_flagship"; // open 24 h
    let h = &s.history.shops[shop];
    let cal = shop_calendar(&s.calendar, shop);
    let start = midnight("2026-11-11");
    let f = forecast_shop(shop, h, &cal, start, 24, &ForecastOptions::default()).unwrap();
    check_sane(&f.hours);
    // The promotion's final day opens with its biggest hour at midnight (reference profile:
    // 9 % of the day at 00:00 versus 2.5 % on a normal day).
    let share0 = f.hours[0].mean / day_total(&f.hours, start.date());
    assert!(share0 > 0.06, "midnight share {share0:.3}");
    assert!(f.hours[0].event > 2.0 * f.hours[12].event);
}

#[test]
fn make_up_workdays_forecast_like_workdays() {
    let s = demo();
    let opts = ForecastOptions::default();
    // 2026-01-04 is a make-up Sunday (元旦), 2026-05-09 a make-up Saturday (劳动节).
    for (makeup, from) in [("2026-01-04", "2025-12-29"), ("2026-05-09", "2026-05-04")] {
        let start = midnight(from);
        for shop in ["tm_flagship", "jd_digital", "dy_beauty"] {
            let h = &s.history.shops[shop];
            let cal = shop_calendar(&s.calendar, shop);
            let hours = (date(makeup) - date("2025-12-29")).num_days() as usize * 24 + 14 * 24;
            let f = forecast_shop(shop, h, &cal, midnight("2025-12-29"), hours, &opts).unwrap();
            check_sane(&f.hours);
            // A normal day's demand relative to the level is its hour-of-week factor (the
            // `seasonal` component summed over the day); collect it per weekday class.
            let mut weekday = Vec::new();
            let mut weekend = Vec::new();
            for k in -7..=7 {
                let d = date(makeup) + Duration::days(k);
                if d < start.date() || k == 0 {
                    continue;
                }
                let day: Vec<&ForecastHour> = f
                    .hours
                    .iter()
                    .filter(|x| x.hour.date() == d && x.open)
                    .collect();
                if day.is_empty() {
                    continue;
                }
                let factor = day.iter().map(|x| x.seasonal).sum::<f64>() / 24.0;
                if d.weekday().num_days_from_monday() < 5 {
                    weekday.push(factor);
                } else {
                    weekend.push(factor);
                }
            }
            let wd = weekday.iter().sum::<f64>() / weekday.len() as f64;
            let we = weekend.iter().sum::<f64>() / weekend.len() as f64;
            let m = f
                .hours
                .iter()
                .find(|x| x.hour.date() == date(makeup) && x.open)
                .unwrap();
            let mk = day_total(&f.hours, date(makeup)) / (24.0 * m.level);
            println!(
                "{shop} {makeup}: make-up day ×{mk:.3}, normal weekday ×{wd:.3}, weekend ×{we:.3} of the daily level"
            );
            // The generator gives a make-up day Monday's level (2 % above the workday mean).
            assert!(
                (mk / wd - 1.0).abs() < 0.06,
                "{shop} {makeup}: ×{mk} vs weekday ×{wd}"
            );
            assert!(
                (mk - wd).abs() < 0.5 * (we - wd).abs(),
                "{shop} {makeup}: ×{mk} is not clearly closer to a weekday (×{wd}) than to the weekend (×{we})"
            );
        }
    }
}

#[test]
fn forecast_all_on_the_demo_is_fast_and_sane() {
    let s = demo();
    let t = std::time::Instant::now();
    let f = forecast_all(
        s,
        midnight("2026-01-01"),
        14 * 24,
        &ForecastOptions::default(),
    )
    .unwrap();
    println!(
        "forecast_all demo: {} shops in {:?}",
        f.shops.len(),
        t.elapsed()
    );
    assert_eq!(f.shops.len(), s.shops.len());
    for sf in &f.shops {
        assert_eq!(sf.hours.len(), 14 * 24);
        check_sane(&sf.hours);
        // The split adds up and returning customers are present (the demo history splits them).
        for h in &sf.hours {
            let (n, r) = (h.new_customers.unwrap(), h.returning_customers.unwrap());
            assert!((n + r - h.mean).abs() < 1e-6 * (1.0 + h.mean));
        }
    }
    // Shops open 08:00–24:00 are closed at 03:00 and forecast 0 there.
    let jd = f.shop("jd_digital").unwrap();
    assert!(jd
        .hours
        .iter()
        .filter(|h| h.hour.format("%H").to_string() == "03")
        .all(|h| !h.open && h.mean == 0.0));
    let d = f.demand(Quantile::P80);
    assert_eq!(d.hours, 14 * 24);
    assert!(d.total("tm_flagship") > f.demand(Quantile::Mean).total("tm_flagship"));
}

#[test]
fn after_sales_days_have_more_returning_customers() {
    let s = demo();
    let shop = "tb_pets";
    let h = &s.history.shops[shop];
    let cal = shop_calendar(&s.calendar, shop);
    // 2026-11-15 is inside the Double 11 after-sales wave; 2026-09-15 is a normal Tuesday.
    let share = |d: &str| {
        let f = forecast_shop(shop, h, &cal, midnight(d), 24, &ForecastOptions::default()).unwrap();
        let r: f64 = f.hours.iter().filter_map(|x| x.returning_customers).sum();
        let m: f64 = f.hours.iter().map(|x| x.mean).sum();
        r / m
    };
    let (after, normal) = (share("2026-11-15"), share("2026-09-15"));
    println!("returning share: after-sales {after:.2}, normal {normal:.2}");
    assert!(
        after > normal + 0.15,
        "after-sales {after} vs normal {normal}"
    );
    assert!((normal - 0.5).abs() < 0.05); // the generator's tb_pets returning share
}

#[test]
fn manual_uplift_overrides_the_learned_multiplier() {
    let s = demo();
    let shop = "tm_flagship";
    let h = &s.history.shops[shop];
    let mut cal = shop_calendar(&s.calendar, shop);
    let start = midnight("2026-11-11");
    let opts = ForecastOptions::default();
    let learned = forecast_shop(shop, h, &cal, start, 24, &opts).unwrap();
    cal.push(CalendarEntry {
        dates: DateRange::day(start.date()),
        kind: DayKind::Peak,
        name: "双11".into(),
        shop: Some(shop.into()),
        uplift: Some(10.0),
    });
    let manual = forecast_shop(shop, h, &cal, start, 24, &opts).unwrap();
    let fx = learned_effects(shop, h, &cal, &opts).unwrap();
    assert!((fx.day_multiplier(start.date()) - 10.0).abs() < 1e-9);
    let ratio = day_total(&manual.hours, start.date()) / day_total(&learned.hours, start.date());
    let learned_mult = learned_effects(shop, h, &shop_calendar(&s.calendar, shop), &opts)
        .unwrap()
        .day_multiplier(start.date());
    assert!((ratio - 10.0 / learned_mult).abs() < 1e-6, "ratio {ratio}");
    // An override on an ordinary day: "assume 6×".
    let plain = midnight("2026-09-15");
    let base = forecast_shop(shop, h, &shop_calendar(&s.calendar, shop), plain, 24, &opts).unwrap();
    let mut cal6 = shop_calendar(&s.calendar, shop);
    cal6.push(CalendarEntry {
        dates: DateRange::day(plain.date()),
        kind: DayKind::Event,
        name: "直播带货".into(),
        shop: None,
        uplift: Some(6.0),
    });
    let six = forecast_shop(shop, h, &cal6, plain, 24, &opts).unwrap();
    let r = day_total(&six.hours, plain.date()) / day_total(&base.hours, plain.date());
    assert!((r - 6.0).abs() < 1e-6, "ratio {r}");
}

fn series(start: &str, days: i64, f: impl Fn(i64) -> Option<f64>) -> ShopHistory {
    let t0 = midnight(start);
    ShopHistory {
        observations: (0..days * 24)
            .filter_map(|i| {
                f(i).map(|v| Observation {
                    hour: t0 + Duration::hours(i),
                    inquiries: v,
                    new_customers: None,
                    returning_customers: None,
                })
            })
            .collect(),
    }
}

#[test]
fn degenerate_inputs_give_errors_or_documented_fallbacks() {
    let opts = ForecastOptions::default();
    let start = midnight("2026-01-01");
    // Empty history: a clear error.
    let e = forecast_shop("x", &ShopHistory::default(), &[], start, 24, &opts).unwrap_err();
    assert!(matches!(e, ForecastError::EmptyHistory { .. }));
    assert!(e.to_string().contains("empty"));
    // History only after the start.
    let later = series("2026-02-01", 3, |_| Some(5.0));
    assert!(matches!(
        forecast_shop("x", &later, &[], start, 24, &opts).unwrap_err(),
        ForecastError::NoHistoryBefore { .. }
    ));
    // Less than a day.
    let tiny = series("2025-12-31", 1, |i| (i < 5).then_some(3.0));
    assert!(matches!(
        forecast_shop("x", &tiny, &[], start, 24, &opts).unwrap_err(),
        ForecastError::TooShort { .. }
    ));
    // Zero horizon, start off the hour.
    assert!(matches!(
        forecast_shop("x", &later, &[], start, 0, &opts).unwrap_err(),
        ForecastError::BadHorizon { .. }
    ));
    assert!(matches!(
        forecast_shop("x", &later, &[], start + Duration::minutes(30), 24, &opts).unwrap_err(),
        ForecastError::StartNotOnHour(_)
    ));
    // Two days of history: the profile of what exists, every weekday alike.
    let short = series("2025-12-30", 2, |i| Some(10.0 + (i % 24) as f64));
    let f = forecast_shop("x", &short, &[], start, 7 * 24, &opts).unwrap();
    check_sane(&f.hours);
    assert!(f.hours.iter().all(|h| h.open && h.mean > 0.0));
    let total: f64 = f.hours[..24].iter().map(|h| h.mean).sum();
    assert!(
        (total / (24.0 * 21.5) - 1.0).abs() < 0.1,
        "short-history day total {total}"
    );
    // All-zero shop: zeros, never NaN.
    let zero = series("2025-10-01", 60, |_| Some(0.0));
    let f = forecast_shop("x", &zero, &[], start, 14 * 24, &opts).unwrap();
    check_sane(&f.hours);
    assert!(f.hours.iter().all(|h| h.mean == 0.0 && h.p95 == 0.0));
    // A calendar entirely outside the history: no learned effect (×1), an uplift still applies,
    // a declared closure closes.
    let hist = series("2025-10-01", 92, |i| Some(20.0 + (i % 24) as f64));
    let cal = vec![
        CalendarEntry {
            dates: DateRange::day(date("2026-01-02")),
            kind: DayKind::Peak,
            name: "新活动".into(),
            shop: None,
            uplift: None,
        },
        CalendarEntry {
            dates: DateRange::day(date("2026-01-03")),
            kind: DayKind::Peak,
            name: "新活动2".into(),
            shop: None,
            uplift: Some(3.0),
        },
        CalendarEntry {
            dates: DateRange::day(date("2026-01-04")),
            kind: DayKind::Closed,
            name: "盘点".into(),
            shop: None,
            uplift: None,
        },
    ];
    let f = forecast_shop("x", &hist, &cal, start, 5 * 24, &opts).unwrap();
    check_sane(&f.hours);
    let d = |s: &str| day_total(&f.hours, date(s));
    assert!((d("2026-01-02") / d("2026-01-01") - 1.0).abs() < 0.05);
    assert!((d("2026-01-03") / d("2026-01-01") - 3.0).abs() < 0.15);
    assert_eq!(d("2026-01-04"), 0.0);
    assert!(f
        .hours
        .iter()
        .filter(|h| h.hour.date() == date("2026-01-04"))
        .all(|h| !h.open));
    // Negative values are rejected.
    let bad = series("2025-10-01", 3, |i| Some(if i == 7 { -1.0 } else { 1.0 }));
    assert!(matches!(
        forecast_shop("x", &bad, &[], start, 24, &opts).unwrap_err(),
        ForecastError::BadValue { .. }
    ));
}

#[test]
fn learned_closures_hours_and_days() {
    // A desk open 09–17 on weekdays, closed on a holiday that recurs by name.
    let opts = ForecastOptions::default();
    let hist = series("2025-06-02", 210, |i| {
        let t = midnight("2025-06-02") + Duration::hours(i);
        let open = t.weekday().num_days_from_monday() < 5
            && (9..17).contains(&(i % 24))
            && t.date() != date("2025-10-01");
        open.then_some(50.0)
    });
    let holiday = |d: &str| CalendarEntry {
        dates: DateRange::day(date(d)),
        kind: DayKind::Statutory,
        name: "国庆节".into(),
        shop: None,
        uplift: None,
    };
    let cal = vec![holiday("2025-10-01"), holiday("2026-01-07")];
    let start = midnight("2026-01-05"); // a Monday
    let f = forecast_shop("x", &hist, &cal, start, 7 * 24, &opts).unwrap();
    check_sane(&f.hours);
    for h in &f.hours {
        let wd = h.hour.weekday().num_days_from_monday();
        let hr = (h.hour - h.hour.date().and_hms_opt(0, 0, 0).unwrap()).num_hours();
        let expect_open = wd < 5 && (9..17).contains(&hr) && h.hour.date() != date("2026-01-07");
        assert_eq!(h.open, expect_open, "{}", h.hour);
        if expect_open {
            assert!((h.mean / 50.0 - 1.0).abs() < 0.1, "{} {}", h.hour, h.mean);
        }
    }
}
