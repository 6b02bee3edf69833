//! The bundled demo scenario and its generator.
//!
//! `seatplan demo generate --seed 42 --out data/demo` rebuilds `data/demo/` exactly: twelve
//! shops on Tmall, JD, Douyin, Taobao and Pinduoduo (four dedicated, one of them open 24 h so
//! there is a real night shift; eight small shops in two shared pools), two years of hourly
//! history (2024-01-01 .. 2025-12-31) and about ninety agents.
//!
//! The history is synthetic but built from the reference facts: the chat hour-of-day profile
//! (evening peak 20–23 h) and the promotion final-day profile of `hourly_profile_guess.csv`, a
//! weekly pattern, a per-shop trend, day-level lognormal noise and Poisson hour counts, the
//! real Chinese holiday calendar with make-up workdays (a 调休 Saturday behaves like a
//! workday), and the promotions of `data/calendars/promotions.csv` — 618, Double 11 with its
//! 20:00 presale-opening spikes and the Nov 11 midnight peak, Double 12, the New-Year goods
//! festival, the Spring Festival express-stop dip, after-sales waves — plus one shop
//! anniversary. It contains a few outlier hours and one three-day export gap, as real exports
//! do. Everything is drawn from one seeded ChaCha stream in a fixed order.

use crate::io::ScenarioFiles;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Poisson};
use std::fmt::Write;

/// Chinese public holidays 2024–2026 (`date,kind,name`), see `data/calendars/README.md`.
pub const CN_HOLIDAYS_CSV: &str = include_str!("../../data/calendars/cn_holidays.csv");
/// Promotion calendar 2024–2026 in `calendar.csv` format.
pub const PROMOTIONS_CSV: &str = include_str!("../../data/calendars/promotions.csv");
const RULES_TOML: &str = include_str!("rules.toml");
const PRICES_TOML: &str = include_str!("prices.toml");

/// Hour-of-day share of chat inquiries on a normal day (reference `share_normal_day`).
const PROFILE_NORMAL: [f64; 24] = [
    0.025, 0.012, 0.006, 0.003, 0.002, 0.003, 0.008, 0.02, 0.04, 0.0599, 0.0699, 0.0649, 0.05,
    0.0549, 0.0619, 0.0619, 0.0579, 0.05, 0.045, 0.0549, 0.0679, 0.0719, 0.0649, 0.045,
];
/// Hour-of-day share on a promotion's final day (reference `share_promo_final_day`).
const PROFILE_PROMO_FINAL: [f64; 24] = [
    0.09, 0.05, 0.025, 0.012, 0.006, 0.005, 0.008, 0.015, 0.03, 0.045, 0.055, 0.05, 0.042, 0.042,
    0.045, 0.045, 0.042, 0.038, 0.037, 0.045, 0.07, 0.07, 0.06, 0.073,
];

/// First and last day of the generated history.
pub const HISTORY_START: (i32, u32, u32) = (2024, 1, 1);
/// Last day of the generated history.
pub const HISTORY_END: (i32, u32, u32) = (2025, 12, 31);

struct ShopSpec {
    id: &'static str,
    name: &'static str,
    platform: &'static str,
    pool: &'static str,
    hours: &'static str,
    aht: f64,
    concurrency: u32,
    sla: (f64, f64),
    patience: f64,
    order_value: f64,
    conversion: f64,
    plan: &'static str,
    /// Inquiries per day at the start of 2024.
    daily: f64,
    /// Growth per year (0.15 = +15 %).
    growth: f64,
    /// Share of inquiries from returning customers on a normal day.
    returning: f64,
}

const SHOPS: [ShopSpec; 12] = [
    ShopSpec {
        id: "tm_flagship",
        name: "衣橱 Tmall flagship (apparel)",
        platform: "tmall",
        pool: "p_flagship",
        hours: "24h",
        aht: 240.0,
        concurrency: 3,
        sla: (0.8, 30.0),
        patience: 180.0,
        order_value: 260.0,
        conversion: 0.22,
        plan: "dedicated_seat",
        daily: 2400.0,
        growth: 0.15,
        returning: 0.35,
    },
    ShopSpec {
        id: "jd_digital",
        name: "数码 JD self-run store (electronics)",
        platform: "jd",
        pool: "p_jd",
        hours: "08:00-24:00",
        aht: 300.0,
        concurrency: 3,
        sla: (0.8, 30.0),
        patience: 150.0,
        order_value: 1200.0,
        conversion: 0.12,
        plan: "base_commission",
        daily: 1100.0,
        growth: 0.03,
        returning: 0.30,
    },
    ShopSpec {
        id: "dy_beauty",
        name: "美妆 Douyin shop (cosmetics)",
        platform: "douyin",
        pool: "p_douyin",
        hours: "09:00-01:00",
        aht: 200.0,
        concurrency: 4,
        sla: (0.8, 30.0),
        patience: 120.0,
        order_value: 150.0,
        conversion: 0.28,
        plan: "commission",
        daily: 700.0,
        growth: 0.40,
        returning: 0.25,
    },
    ShopSpec {
        id: "tb_home",
        name: "家居 Taobao store (home goods)",
        platform: "taobao",
        pool: "p_home",
        hours: "08:00-24:00",
        aht: 240.0,
        concurrency: 3,
        sla: (0.8, 60.0),
        patience: 240.0,
        order_value: 180.0,
        conversion: 0.20,
        plan: "dedicated_seat",
        daily: 650.0,
        growth: -0.05,
        returning: 0.40,
    },
    ShopSpec {
        id: "tb_tea",
        name: "茶叶 Taobao tea shop",
        platform: "taobao",
        pool: "p_shared_a",
        hours: "09:00-23:00",
        aht: 210.0,
        concurrency: 3,
        sla: (0.8, 60.0),
        patience: 240.0,
        order_value: 120.0,
        conversion: 0.25,
        plan: "per_inquiry",
        daily: 160.0,
        growth: 0.05,
        returning: 0.45,
    },
    ShopSpec {
        id: "pdd_snacks",
        name: "零食 Pinduoduo snacks",
        platform: "pinduoduo",
        pool: "p_shared_a",
        hours: "09:00-23:00",
        aht: 150.0,
        concurrency: 4,
        sla: (0.8, 60.0),
        patience: 180.0,
        order_value: 45.0,
        conversion: 0.30,
        plan: "per_inquiry",
        daily: 240.0,
        growth: 0.20,
        returning: 0.30,
    },
    ShopSpec {
        id: "tb_pets",
        name: "宠物 Taobao pet supplies",
        platform: "taobao",
        pool: "p_shared_a",
        hours: "09:00-23:00",
        aht: 240.0,
        concurrency: 3,
        sla: (0.8, 60.0),
        patience: 240.0,
        order_value: 90.0,
        conversion: 0.22,
        plan: "new_returning",
        daily: 120.0,
        growth: 0.10,
        returning: 0.50,
    },
    ShopSpec {
        id: "pdd_kitchen",
        name: "厨具 Pinduoduo kitchenware",
        platform: "pinduoduo",
        pool: "p_shared_a",
        hours: "09:00-23:00",
        aht: 180.0,
        concurrency: 4,
        sla: (0.8, 60.0),
        patience: 180.0,
        order_value: 70.0,
        conversion: 0.25,
        plan: "package",
        daily: 90.0,
        growth: 0.00,
        returning: 0.30,
    },
    ShopSpec {
        id: "tm_shoes",
        name: "童鞋 Tmall kids' shoes",
        platform: "tmall",
        pool: "p_shared_b",
        hours: "08:00-24:00",
        aht: 240.0,
        concurrency: 3,
        sla: (0.8, 30.0),
        patience: 180.0,
        order_value: 160.0,
        conversion: 0.20,
        plan: "per_inquiry",
        daily: 200.0,
        growth: 0.08,
        returning: 0.35,
    },
    ShopSpec {
        id: "jd_books",
        name: "图书 JD book shop",
        platform: "jd",
        pool: "p_shared_b",
        hours: "08:00-24:00",
        aht: 150.0,
        concurrency: 4,
        sla: (0.8, 30.0),
        patience: 150.0,
        order_value: 60.0,
        conversion: 0.35,
        plan: "package",
        daily: 140.0,
        growth: -0.02,
        returning: 0.40,
    },
    ShopSpec {
        id: "dy_fruit",
        name: "水果 Douyin fresh fruit",
        platform: "douyin",
        pool: "p_shared_b",
        hours: "08:00-24:00",
        aht: 180.0,
        concurrency: 3,
        sla: (0.8, 30.0),
        patience: 120.0,
        order_value: 80.0,
        conversion: 0.30,
        plan: "new_returning",
        daily: 180.0,
        growth: 0.30,
        returning: 0.25,
    },
    ShopSpec {
        id: "tm_outdoor",
        name: "户外 Tmall outdoor gear",
        platform: "tmall",
        pool: "p_shared_b",
        hours: "08:00-24:00",
        aht: 270.0,
        concurrency: 3,
        sla: (0.8, 30.0),
        patience: 200.0,
        order_value: 420.0,
        conversion: 0.15,
        plan: "per_inquiry",
        daily: 110.0,
        growth: 0.12,
        returning: 0.30,
    },
];

const POOLS_CSV: &str = "id,name,mode,shrinkage
p_flagship,Tmall flagship desk (24 h),dedicated,0.32
p_jd,JD electronics desk,dedicated,
p_douyin,Douyin beauty desk,dedicated,
p_home,Taobao home-goods desk,dedicated,
p_shared_a,Shared desk A (Taobao/Pinduoduo small shops),shared,
p_shared_b,Shared desk B (Tmall/JD/Douyin small shops),shared,0.28
";

/// The shop whose anniversary sale the demo calendar carries.
const ANNIVERSARY_SHOP: &str = "tb_home";

/// Day-level demand multiplier the generator applies for a calendar kind (the forecaster has
/// to learn these back).
fn kind_effect(kind: &str, name: &str) -> f64 {
    match (kind, name) {
        ("peak", "双11") => 7.0,
        ("peak", "618") => 5.0,
        ("peak", "双12") => 3.0,
        ("peak", _) => 2.5,
        ("presale", "双11") => 1.9,
        ("presale", "618") => 1.7,
        ("presale", _) => 1.4,
        ("after_sales", "节后复工") => 1.3,
        ("after_sales", _) => 1.6,
        ("anniversary", _) => 2.5,
        ("carrier_stop", _) => 0.45,
        ("event", "年货节") => 1.3,
        ("event", _) => 1.25,
        ("statutory", "春节") => 0.5,
        ("statutory", _) => 0.8,
        ("holiday", "春节") => 0.6,
        ("holiday", _) => 0.9,
        _ => 1.0,
    }
}

struct DayEvent {
    start: NaiveDate,
    end: NaiveDate,
    kind: String,
    name: String,
    shop: Option<String>,
}

fn parse_calendar_rows() -> Vec<DayEvent> {
    let mut out = Vec::new();
    for line in CN_HOLIDAYS_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        if let (Some(d), Some(k), Some(n)) = (f.first(), f.get(1), f.get(2)) {
            if let Ok(d) = NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                out.push(DayEvent {
                    start: d,
                    end: d,
                    kind: k.to_string(),
                    name: n.to_string(),
                    shop: None,
                });
            }
        }
    }
    for line in PROMOTIONS_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        if let (Some(s), Some(e), Some(k), Some(n)) = (f.first(), f.get(1), f.get(2), f.get(3)) {
            if let (Ok(s), Ok(e)) = (
                NaiveDate::parse_from_str(s, "%Y-%m-%d"),
                NaiveDate::parse_from_str(e, "%Y-%m-%d"),
            ) {
                out.push(DayEvent {
                    start: s,
                    end: e,
                    kind: k.to_string(),
                    name: n.to_string(),
                    shop: None,
                });
            }
        }
    }
    for year in 2024..=2026 {
        if let Some(d) = NaiveDate::from_ymd_opt(year, 8, 18) {
            out.push(DayEvent {
                start: d - Duration::days(1),
                end: d,
                kind: "anniversary".into(),
                name: "店庆".into(),
                shop: Some(ANNIVERSARY_SHOP.into()),
            });
        }
    }
    out
}

fn calendar_csv(events: &[DayEvent]) -> String {
    let mut s = String::from("start,end,kind,name,shop,uplift\n");
    for e in events {
        let _ = writeln!(
            s,
            "{},{},{},{},{},",
            e.start,
            e.end,
            e.kind,
            e.name,
            e.shop.as_deref().unwrap_or("")
        );
    }
    s
}

fn shops_csv(shops: &[ShopInstance]) -> String {
    let mut s = String::from("id,name,platform,pool,channel,service_hours,aht_seconds,concurrency,sla_target,sla_seconds,patience_seconds,order_value,conversion,plan\n");
    for shop in shops {
        let p = shop.spec;
        let _ = writeln!(
            s,
            "{},\"{}\",{},{},chat,{},{},{},{},{},{},{},{},{}",
            shop.id,
            shop.name,
            p.platform,
            shop.pool,
            p.hours,
            p.aht,
            p.concurrency,
            p.sla.0,
            p.sla.1,
            p.patience,
            p.order_value,
            p.conversion,
            p.plan
        );
    }
    s
}

fn open_hours(hours: &str) -> [bool; 24] {
    let mut open = [false; 24];
    let sh = crate::io::parse_service_hours(hours).unwrap_or(crate::model::ServiceHours::ALWAYS);
    for (h, o) in open.iter_mut().enumerate() {
        *o = sh.is_open(h as u32);
    }
    open
}

/// Weekly pattern of chat demand (Mon..Sun): consumers shop more at the weekend.
const WEEKDAY: [f64; 7] = [1.0, 0.97, 0.96, 0.97, 1.0, 1.08, 1.12];

fn history_csv(shops: &[ShopInstance], events: &[DayEvent], rng: &mut ChaCha8Rng) -> String {
    let start = NaiveDate::from_ymd_opt(HISTORY_START.0, HISTORY_START.1, HISTORY_START.2)
        .unwrap_or_default();
    let end =
        NaiveDate::from_ymd_opt(HISTORY_END.0, HISTORY_END.1, HISTORY_END.2).unwrap_or_default();
    let day_noise = LogNormal::new(0.0, 0.08).unwrap_or_else(|_| unreachable!());
    // A three-day export gap in one shop's history (missing = no data, not zero).
    let gap = (
        NaiveDate::from_ymd_opt(2025, 3, 11).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2025, 3, 13).unwrap_or_default(),
    );
    let mut s = String::with_capacity(500_000 * shops.len());
    s.push_str("shop,hour,inquiries,new_customers,returning_customers\n");
    for shop in shops {
        let spec = shop.spec;
        let open = open_hours(spec.hours);
        let mut day = start;
        while day <= end {
            let years = (day - start).num_days() as f64 / 365.25;
            let trend = (1.0 + spec.growth).powf(years);
            let todays: Vec<&DayEvent> = events
                .iter()
                .filter(|e| {
                    e.start <= day && day <= e.end && e.shop.as_deref().is_none_or(|s| s == shop.id)
                })
                .collect();
            let makeup = todays.iter().any(|e| e.kind == "makeup_workday");
            let wd = day.weekday().num_days_from_monday() as usize;
            // A make-up workday behaves like a workday (Monday-level demand).
            let weekly = if makeup { WEEKDAY[0] } else { WEEKDAY[wd] };
            let mut effect: f64 = todays
                .iter()
                .map(|e| kind_effect(&e.kind, &e.name))
                .product();
            let peak = todays.iter().any(|e| e.kind == "peak");
            let after_sales = todays.iter().any(|e| e.kind == "after_sales");
            let presale_open: bool = todays.iter().any(|e| e.kind == "presale" && e.start == day);
            // Double 11's final day: the midnight opening carries the previous evening's rush.
            if peak && day.month() == 11 && day.day() == 10 {
                effect *= 0.8;
            }
            let noise = day_noise.sample(rng);
            let daily = spec.daily * shop.scale * trend * weekly * effect * noise;
            let profile = if peak {
                &PROFILE_PROMO_FINAL
            } else {
                &PROFILE_NORMAL
            };
            let open_share: f64 = (0..24).filter(|&h| open[h]).map(|h| profile[h]).sum();
            let returning = if after_sales {
                (spec.returning + 0.25).min(0.9)
            } else {
                spec.returning
            };
            for h in 0..24 {
                if !open[h] {
                    continue;
                }
                // Outlier draws happen for every open hour so the stream stays aligned.
                let outlier: f64 = rng.gen();
                let mut mean = daily * profile[h] / open_share;
                if presale_open && (h == 20 || h == 21) {
                    mean *= 3.0;
                }
                if outlier < 0.0004 {
                    mean *= 3.5; // a viral post or a broken coupon
                }
                let count = if mean > 0.0 {
                    Poisson::new(mean).map(|p| p.sample(rng)).unwrap_or(0.0)
                } else {
                    0.0
                };
                let count = if outlier > 0.9997 { 0.0 } else { count }; // platform outage
                if spec.id == "tb_home" && gap.0 <= day && day <= gap.1 {
                    continue;
                }
                let ret = (count * returning).round();
                let _ = writeln!(
                    s,
                    "{},{} {:02}:00,{},{},{}",
                    shop.id,
                    day,
                    h,
                    count,
                    count - ret,
                    ret
                );
            }
            day += Duration::days(1);
        }
    }
    s
}

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
];
const GIVEN: [&str; 30] = [
    "静", "敏", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平",
    "刚", "婷", "颖", "鑫", "欣怡", "子涵", "雨萱", "浩然", "思远", "佳琪", "梓轩", "晓燕", "海燕",
    "建华",
];

/// (pool set, full-time, part-time, temporary, night-eligible full-timers)
const STAFFING: [(&str, u32, u32, u32, u32); 7] = [
    ("p_flagship", 31, 4, 2, 16),
    ("p_jd", 16, 2, 1, 0),
    ("p_douyin", 11, 2, 1, 3),
    ("p_home", 7, 1, 1, 0),
    ("p_shared_a", 4, 2, 1, 0),
    ("p_shared_b", 5, 2, 1, 0),
    ("p_shared_a;p_shared_b", 4, 0, 2, 0),
];

/// One staffing line: the pools (`;`-separated), full-time, part-time and temporary heads,
/// night-eligible full-timers, and whether the pools are the flagship's (two protected agents).
struct Staffing {
    pools: String,
    ft: u32,
    pt: u32,
    temp: u32,
    night: u32,
    flagship: bool,
}

fn agents_csv(staffing: &[Staffing], rng: &mut ChaCha8Rng) -> String {
    let mut s = String::from("id,name,contract,pools,night_ok,protected,min_week_hours,max_week_hours,wage,wage_basis,unavailable\n");
    let mut n = 0;
    for st in staffing {
        let (pools, ft, pt, temp, night) = (st.pools.as_str(), st.ft, st.pt, st.temp, st.night);
        for i in 0..(ft + pt + temp) {
            n += 1;
            let name = format!(
                "{}{}",
                SURNAMES[rng.gen_range(0..SURNAMES.len())],
                GIVEN[rng.gen_range(0..GIVEN.len())]
            );
            let (contract, min_h, max_h, wage, basis) = if i < ft {
                (
                    "full_time",
                    40,
                    44,
                    4200 + 100 * rng.gen_range(0..=12),
                    "month",
                )
            } else if i < ft + pt {
                ("part_time", 12, 28, 22 + rng.gen_range(0..=4), "hour")
            } else {
                ("temporary", 0, 48, 170 + 10 * rng.gen_range(0..=4), "day")
            };
            let night_ok = i < night;
            // Two protected agents in the big pool: never at night (labour law).
            let protected = if st.flagship && i >= night && ft >= 2 && (i == ft - 1 || i == ft - 2)
            {
                if i == ft - 1 {
                    "pregnant"
                } else {
                    "nursing"
                }
            } else {
                ""
            };
            let unavailable = match rng.gen_range(0..12) {
                0 => format!(
                    "2026-01-{:02}..2026-01-{:02}",
                    5 + rng.gen_range(0..3),
                    8 + rng.gen_range(0..3)
                ),
                1 => format!("2026-01-{:02}", 5 + rng.gen_range(0..7)),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "A{n:03},{name},{contract},{pools},{},{protected},{min_h},{max_h},{wage},{basis},{unavailable}",
                if night_ok { "yes" } else { "no" }
            );
        }
    }
    s
}

/// One shop of a generated scenario: its spec (one of the twelve demo shops), id, name, pool
/// and volume scale.
struct ShopInstance {
    spec: &'static ShopSpec,
    id: String,
    name: String,
    pool: String,
    scale: f64,
}

/// Generates the demo scenario with `seed`. Same seed, same files, byte for byte.
pub fn generate(seed: u64) -> ScenarioFiles {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let events = parse_calendar_rows();
    let shops: Vec<ShopInstance> = SHOPS
        .iter()
        .map(|spec| ShopInstance {
            spec,
            id: spec.id.to_string(),
            name: spec.name.to_string(),
            pool: spec.pool.to_string(),
            scale: 1.0,
        })
        .collect();
    let staffing: Vec<Staffing> = STAFFING
        .iter()
        .map(|&(pools, ft, pt, temp, night)| Staffing {
            pools: pools.to_string(),
            ft,
            pt,
            temp,
            night,
            flagship: pools == "p_flagship",
        })
        .collect();
    let history = history_csv(&shops, &events, &mut rng);
    let agents = agents_csv(&staffing, &mut rng);
    ScenarioFiles {
        pools: POOLS_CSV.to_string(),
        shops: shops_csv(&shops),
        history,
        calendar: calendar_csv(&events),
        agents,
        rules: RULES_TOML.to_string(),
        prices: PRICES_TOML.to_string(),
    }
}

/// Agents per demo shop set of twelve shops (the demo's 100 agents).
const DEMO_AGENTS: u32 = 100;

/// Generates a scenario of `shops` shops and `agents` agents for scale runs, deterministic for a
/// seed. The twelve demo shops are repeated in sets: set `k` holds copies of them (ids and pools
/// suffixed `_k`, three digits) in its own six pools (four dedicated, two shared); the last set
/// may be partial. Daily volumes are the demo's × (agents per shop relative to the demo's 100
/// per 12) × a seeded factor in [0.7, 1.3], so the staffing stays about as tight as the demo's;
/// each set's agents follow the demo's staffing lines scaled to `agents` in total (exactly).
/// Same history span, calendar and rules as the demo.
pub fn generate_sized(seed: u64, shops: usize, agents: usize) -> ScenarioFiles {
    let shops = shops.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut sizes = ChaCha8Rng::seed_from_u64(seed ^ 0x5ca1_e5ca_1e5c_a1e5);
    let sets = shops.div_ceil(SHOPS.len());
    let ratio = agents as f64 / (f64::from(DEMO_AGENTS) * shops as f64 / SHOPS.len() as f64);
    let suffix = |base: &str, k: usize| format!("{base}_{k:03}");
    let instances: Vec<ShopInstance> = (0..shops)
        .map(|i| {
            let (k, spec) = (i / SHOPS.len(), &SHOPS[i % SHOPS.len()]);
            ShopInstance {
                spec,
                id: suffix(spec.id, k),
                name: format!("{} #{k}", spec.name),
                pool: suffix(spec.pool, k),
                scale: ratio * sizes.gen_range(0.7..1.3),
            }
        })
        .collect();
    let home = instances
        .iter()
        .find(|s| s.spec.id == ANNIVERSARY_SHOP)
        .map(|s| s.id.clone());
    let mut events = parse_calendar_rows();
    events.retain(|e| e.shop.is_none() || home.is_some());
    for e in &mut events {
        if e.shop.is_some() {
            e.shop.clone_from(&home);
        }
    }
    let mut pools = String::from("id,name,mode,shrinkage\n");
    let mut staffing = Vec::new();
    for k in 0..sets {
        let in_set = |pool: &str| instances.iter().any(|s| s.pool == suffix(pool, k));
        for line in POOLS_CSV.lines().skip(1) {
            let (id, rest) = line.split_once(',').unwrap_or((line, ""));
            if in_set(id) {
                let (name, rest) = rest.split_once(',').unwrap_or((rest, ""));
                let _ = writeln!(pools, "{},{name} #{k},{rest}", suffix(id, k));
            }
        }
        for &(lines_pools, ft, pt, temp, night) in &STAFFING {
            let kept: Vec<String> = lines_pools
                .split(';')
                .filter(|p| in_set(p))
                .map(|p| suffix(p, k))
                .collect();
            if kept.is_empty() {
                continue;
            }
            let scaled = |x: u32| (f64::from(x) * ratio).round() as u32;
            staffing.push(Staffing {
                pools: kept.join(";"),
                ft: scaled(ft).max(1),
                pt: scaled(pt),
                temp: scaled(temp),
                night: scaled(night),
                flagship: lines_pools == "p_flagship",
            });
        }
    }
    // Exactly `agents` in total (at least one full-timer per line): add full-timers round the
    // lines, largest first, or take temporaries, part-timers, then full-timers away.
    let total = |st: &[Staffing]| st.iter().map(|x| x.ft + x.pt + x.temp).sum::<u32>() as usize;
    let mut order: Vec<usize> = (0..staffing.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(staffing[i].ft));
    let n = order.len();
    let mut k = 0;
    while total(&staffing) < agents && n > 0 {
        staffing[order[k % n]].ft += 1;
        k += 1;
    }
    let (mut k, mut stuck) = (0, 0);
    while total(&staffing) > agents && stuck < n {
        let st = &mut staffing[order[k % n]];
        if st.temp > 0 {
            st.temp -= 1;
        } else if st.pt > 0 {
            st.pt -= 1;
        } else if st.ft > 1 {
            st.ft -= 1;
        } else {
            stuck += 1;
            k += 1;
            continue;
        }
        stuck = 0;
        k += 1;
    }
    for st in &mut staffing {
        st.night = st.night.min(st.ft);
    }
    let history = history_csv(&instances, &events, &mut rng);
    let agents = agents_csv(&staffing, &mut rng);
    ScenarioFiles {
        pools,
        shops: shops_csv(&instances),
        history,
        calendar: calendar_csv(&events),
        agents,
        rules: RULES_TOML.to_string(),
        prices: PRICES_TOML.to_string(),
    }
}

/// The weekday a roster week starts on.
pub const WEEK_START: Weekday = Weekday::Mon;
