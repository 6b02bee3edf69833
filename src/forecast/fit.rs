//! Fitting one shop's model and predicting from it. See the module documentation of
//! [`crate::forecast`] for the method.

// The fit walks parallel day × hour arrays (values, shares, open flags, weights) by index;
// iterator chains over four arrays at once would only obscure it.
#![allow(clippy::needless_range_loop)]

use super::linalg::{mad_sd, median, solve_spd, weighted_mean};
use super::{ForecastError, ForecastHour, ForecastOptions, MAX_HORIZON_HOURS};
use crate::model::{CalendarEntry, DayKind, ShopHistory};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use std::collections::{HashMap, HashSet};

/// Index of the pseudo-weekday "average workday" used by make-up workdays.
const WORKDAY: usize = 7;
/// Day windows of the centred local level.
const LOCAL_TAU: f64 = 7.0;
const LOCAL_WINDOW: i64 = 28;
/// Pseudo-volume (inquiries) pulling a weekday's hour profile towards the pooled one.
const SHAPE_POOL_VOLUME: f64 = 2000.0;

/// Position of a day inside a multi-day block (single-day blocks have none).
const POS_NONE: u8 = 0;
const POS_FIRST: u8 = 1;
const POS_MID: u8 = 2;
const POS_LAST: u8 = 3;

/// A regression term of the calendar-effect model (log-multiplier).
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, PartialOrd, Ord)]
enum Term {
    Kind(DayKind),
    Name(DayKind, u32),
    KindPos(DayKind, u8),
    NamePos(DayKind, u32, u8),
    Lead(DayKind, i8),
    NameLead(DayKind, u32, i8),
}

impl Term {
    /// Prior standard deviation (log scale) of the term.
    fn prior_sd(self, leadlag: f64) -> f64 {
        match self {
            // A make-up workday is a workday whatever holiday it belongs to: its kind term
            // learns how make-up days differ from workdays, per-name terms stay tiny.
            Term::Name(DayKind::MakeupWorkday, _) | Term::NamePos(DayKind::MakeupWorkday, ..) => {
                0.03
            }
            Term::Kind(_) => 1.0,
            Term::Name(..) => 0.5,
            Term::KindPos(..) | Term::NamePos(..) => 0.3,
            Term::Lead(..) => leadlag,
            Term::NameLead(..) => 1.5 * leadlag,
        }
    }
}

/// Key of a learned hour-shape ratio (or returning share) of event days.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq)]
enum ShapeKey {
    Kind(DayKind),
    KindPos(DayKind, u8),
    NamePos(DayKind, u32, u8),
    LeadLag(DayKind, i8),
}

/// A merged calendar block: adjacent rows of one kind and name.
#[derive(Debug, Clone)]
struct Block {
    kind: DayKind,
    name: u32,
    start: NaiveDate,
    end: NaiveDate,
    uplift: Option<f64>,
}

/// What the calendar says about one day.
#[derive(Debug, Clone, Default)]
struct DayInfo {
    closed_explicit: bool,
    makeup: bool,
    uplift: Option<f64>,
    /// (block, position) of blocks covering the day.
    entries: Vec<(u32, u8)>,
    /// (block, offset): negative = days before the block, positive = days after.
    leadlag: Vec<(u32, i8)>,
}

impl DayInfo {
    fn tagged(&self) -> bool {
        self.closed_explicit || !self.entries.is_empty() || !self.leadlag.is_empty()
    }
}

/// The calendar of one shop, indexed by day.
#[derive(Debug, Clone)]
struct CalIndex {
    names: Vec<String>,
    blocks: Vec<Block>,
    lo: NaiveDate,
    days: Vec<DayInfo>,
}

impl CalIndex {
    fn build(
        shop: &str,
        entries: &[CalendarEntry],
        lo: NaiveDate,
        hi: NaiveDate,
        lead_lag: (i64, i64),
        open: [bool; 7],
    ) -> CalIndex {
        let mut names: Vec<String> = Vec::new();
        let mut name_ids: HashMap<String, u32> = HashMap::new();
        let mut raw: Vec<Block> = Vec::new();
        for e in entries
            .iter()
            .filter(|e| e.shop.as_deref().is_none_or(|s| s == shop))
        {
            let key = e.name.trim().to_string();
            let id = *name_ids.entry(key.clone()).or_insert_with(|| {
                names.push(key);
                (names.len() - 1) as u32
            });
            raw.push(Block {
                kind: e.kind,
                name: id,
                start: e.dates.start,
                end: e.dates.end,
                uplift: e.uplift.filter(|u| u.is_finite() && *u >= 0.0),
            });
        }
        raw.sort_by_key(|b| (b.kind, b.name, b.start));
        let mut blocks: Vec<Block> = Vec::new();
        for b in raw {
            if let Some(last) = blocks.last_mut() {
                if last.kind == b.kind
                    && last.name == b.name
                    && last.uplift == b.uplift
                    && b.start <= last.end + Duration::days(1)
                {
                    last.end = last.end.max(b.end);
                    continue;
                }
            }
            blocks.push(b);
        }
        let n = ((hi - lo).num_days() + 1).max(1) as usize;
        let mut days = vec![DayInfo::default(); n];
        let idx = |d: NaiveDate| -> Option<usize> {
            let i = (d - lo).num_days();
            (i >= 0 && (i as usize) < n).then_some(i as usize)
        };
        // Which names cover which days (lead/lag days inside the same name's days are skipped).
        let mut covered: HashSet<(u32, usize)> = HashSet::new();
        for b in &blocks {
            let s = b.start.max(lo);
            let e = b.end.min(hi);
            let mut d = s;
            while d <= e {
                if let Some(i) = idx(d) {
                    covered.insert((b.name, i));
                }
                d += Duration::days(1);
            }
        }
        for (bi, b) in blocks.iter().enumerate() {
            let bi = bi as u32;
            let len = (b.end - b.start).num_days() + 1;
            let mut d = b.start.max(lo);
            while d <= b.end.min(hi) {
                if let Some(i) = idx(d) {
                    let info = &mut days[i];
                    match b.kind {
                        DayKind::Closed => info.closed_explicit = true,
                        DayKind::MakeupWorkday => {
                            info.makeup = true;
                        }
                        _ => {}
                    }
                    if let Some(u) = b.uplift {
                        info.uplift = Some(info.uplift.unwrap_or(1.0) * u);
                    }
                    if b.kind != DayKind::Closed {
                        let pos = if len == 1 {
                            POS_NONE
                        } else if d == b.start {
                            POS_FIRST
                        } else if d == b.end {
                            POS_LAST
                        } else {
                            POS_MID
                        };
                        info.entries.push((bi, pos));
                    }
                }
                d += Duration::days(1);
            }
            if b.kind == DayKind::MakeupWorkday {
                continue;
            }
            // Lead/lag days are counted in open days (a closed weekday is skipped), so the
            // first business day after a holiday is lag 1 whatever the weekday.
            let any_open = open.iter().any(|&o| o);
            let is_open = |d: NaiveDate| !any_open || open[weekday_index(d)];
            for (dir, count) in [(-1i64, lead_lag.0), (1i64, lead_lag.1)] {
                let mut d = if dir < 0 { b.start } else { b.end };
                let mut k = 0i64;
                let mut steps = 0;
                while k < count.clamp(0, 60) && steps < 400 {
                    d += Duration::days(dir);
                    steps += 1;
                    if !is_open(d) {
                        continue;
                    }
                    k += 1;
                    if let Some(i) = idx(d) {
                        if !covered.contains(&(b.name, i)) {
                            days[i].leadlag.push((bi, (dir * k) as i8));
                        }
                    }
                }
            }
        }
        CalIndex {
            names,
            blocks,
            lo,
            days,
        }
    }

    fn info(&self, d: NaiveDate) -> Option<&DayInfo> {
        let i = (d - self.lo).num_days();
        if i < 0 {
            return None;
        }
        self.days.get(i as usize)
    }

    /// Regression terms of a day.
    fn terms(&self, info: &DayInfo, out: &mut Vec<Term>) {
        out.clear();
        for &(b, pos) in &info.entries {
            let blk = &self.blocks[b as usize];
            out.extend(entry_terms(blk.kind, blk.name, pos));
        }
        for &(b, off) in &info.leadlag {
            let blk = &self.blocks[b as usize];
            out.push(Term::Lead(blk.kind, off));
            out.push(Term::NameLead(blk.kind, blk.name, off));
        }
    }
}

fn entry_terms(kind: DayKind, name: u32, pos: u8) -> impl Iterator<Item = Term> {
    let mut v = [None; 4];
    v[0] = Some(Term::Kind(kind));
    v[1] = Some(Term::Name(kind, name));
    if pos != POS_NONE {
        v[2] = Some(Term::KindPos(kind, pos));
        v[3] = Some(Term::NamePos(kind, name, pos));
    }
    v.into_iter().flatten()
}

/// One learned regression term, for explanations and tests.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectTerm {
    /// Day kind.
    pub kind: DayKind,
    /// Event name, for per-name refinements.
    pub name: Option<String>,
    /// `first`, `mid`, `last` (position in a multi-day block), `lead N` / `lag N` (days
    /// before / after a block), or `None` for the whole block.
    pub position: Option<String>,
    /// Learned multiplier of the term (the day multiplier is the product of its terms).
    pub multiplier: f64,
}

/// The calendar effects learned for one shop.
#[derive(Debug, Clone)]
pub struct LearnedEffects {
    model: Model,
}

impl LearnedEffects {
    /// The day multiplier the forecaster applies on `date` relative to a normal day of the
    /// same weekday and level (a manual `uplift` on the date overrides it; 0 on a closed day;
    /// 1 for dates the calendar leaves alone). Dates must lie between the history's first day
    /// and the end of the calendar.
    pub fn day_multiplier(&self, date: NaiveDate) -> f64 {
        self.model.day_effect(date).0
    }

    /// The multiplier learned for a kind as a whole (an unseen name of that kind on a
    /// single-day block gets this).
    pub fn kind_multiplier(&self, kind: DayKind) -> f64 {
        self.model
            .theta
            .get(&Term::Kind(kind))
            .map_or(1.0, |t| t.exp())
    }

    /// Whether the forecaster treats `date` as closed.
    pub fn is_closed(&self, date: NaiveDate) -> bool {
        self.model.day_closed(date)
    }

    /// Every learned term.
    pub fn terms(&self) -> Vec<EffectTerm> {
        let cal = &self.model.cal;
        let pos_name = |p: u8| match p {
            POS_FIRST => Some("first".to_string()),
            POS_MID => Some("mid".to_string()),
            POS_LAST => Some("last".to_string()),
            _ => None,
        };
        let off_name = |o: i8| {
            Some(if o < 0 {
                format!("lead {}", -o)
            } else {
                format!("lag {o}")
            })
        };
        let name = |n: u32| cal.names.get(n as usize).cloned();
        let mut terms: Vec<(&Term, &f64)> = self.model.theta.iter().collect();
        terms.sort_by(|a, b| a.0.cmp(b.0));
        terms
            .into_iter()
            .map(|(t, v)| {
                let (kind, n, position) = match *t {
                    Term::Kind(k) => (k, None, None),
                    Term::Name(k, n) => (k, name(n), None),
                    Term::KindPos(k, p) => (k, None, pos_name(p)),
                    Term::NamePos(k, n, p) => (k, name(n), pos_name(p)),
                    Term::Lead(k, o) => (k, None, off_name(o)),
                    Term::NameLead(k, n, o) => (k, name(n), off_name(o)),
                };
                EffectTerm {
                    kind,
                    name: n,
                    position,
                    multiplier: v.exp(),
                }
            })
            .collect()
    }
}

/// Learns the calendar effects of one shop from its whole history (no forecast).
pub fn learned_effects(
    shop: &str,
    history: &ShopHistory,
    calendar: &[CalendarEntry],
    opts: &ForecastOptions,
) -> Result<LearnedEffects, ForecastError> {
    let (_, last) = history.span().ok_or_else(|| ForecastError::EmptyHistory {
        shop: shop.to_string(),
    })?;
    let start = last.date().and_hms_opt(0, 0, 0).unwrap_or(last) + Duration::days(1);
    let model = fit(shop, history, calendar, start, 24, opts)?;
    Ok(LearnedEffects { model })
}

/// A fitted model of one shop.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    cal: CalIndex,
    last_day: NaiveDate,
    all_zero: bool,
    day_open: [bool; 8],
    open_how: [[bool; 24]; 8],
    dayf: [f64; 8],
    share: [[f64; 24]; 8],
    level_end: f64,
    level_age: f64,
    trend: f64,
    damping: f64,
    theta: HashMap<Term, f64>,
    shapes: HashMap<ShapeKey, [f64; 24]>,
    ret_base: Option<f64>,
    ret_tags: HashMap<ShapeKey, f64>,
    closed_names: HashSet<(DayKind, u32)>,
    seen_names: HashSet<(DayKind, u32)>,
    closed_kinds: HashSet<DayKind>,
    sigma_day: f64,
    sigma_shape: f64,
    sigma_event: f64,
}

fn weekday_index(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

/// Observation grid: one row per day from the first observed day, NaN = missing.
struct Grid {
    first: NaiveDate,
    y: Vec<[f64; 24]>,
    ret: Option<Vec<[f64; 24]>>,
}

impl Grid {
    fn present(&self, d: usize, h: usize) -> bool {
        !self.y[d][h].is_nan()
    }
    fn has_data(&self, d: usize) -> bool {
        self.y[d].iter().any(|v| !v.is_nan())
    }
    fn date(&self, d: usize) -> NaiveDate {
        self.first + Duration::days(d as i64)
    }
}

pub(crate) fn fit(
    shop: &str,
    history: &ShopHistory,
    calendar: &[CalendarEntry],
    start: NaiveDateTime,
    hours: usize,
    opts: &ForecastOptions,
) -> Result<Model, ForecastError> {
    if hours == 0 || hours > MAX_HORIZON_HOURS {
        return Err(ForecastError::BadHorizon {
            hours,
            max: MAX_HORIZON_HOURS,
        });
    }
    if start.minute() != 0 || start.second() != 0 || start.nanosecond() != 0 {
        return Err(ForecastError::StartNotOnHour(start));
    }
    let obs = &history.observations;
    let Some(first_obs) = obs.first() else {
        return Err(ForecastError::EmptyHistory {
            shop: shop.to_string(),
        });
    };
    let used: Vec<_> = obs.iter().filter(|o| o.hour < start).collect();
    if used.is_empty() {
        return Err(ForecastError::NoHistoryBefore {
            shop: shop.to_string(),
            start,
            first: first_obs.hour,
        });
    }
    if used.len() < 24 {
        return Err(ForecastError::TooShort {
            shop: shop.to_string(),
            hours: used.len(),
            start,
        });
    }
    for o in &used {
        if !o.inquiries.is_finite() || o.inquiries < 0.0 {
            return Err(ForecastError::BadValue {
                shop: shop.to_string(),
                hour: o.hour,
                value: o.inquiries,
            });
        }
    }
    let first = used[0].hour.date();
    let last_day = used[used.len() - 1].hour.date();
    let ndays = (last_day - first).num_days() as usize + 1;
    let split = used.iter().any(|o| o.returning_customers.is_some());
    let mut grid = Grid {
        first,
        y: vec![[f64::NAN; 24]; ndays],
        ret: split.then(|| vec![[f64::NAN; 24]; ndays]),
    };
    for o in &used {
        let d = (o.hour.date() - first).num_days() as usize;
        let h = o.hour.hour() as usize;
        grid.y[d][h] = o.inquiries;
        if let (Some(r), Some(v)) = (grid.ret.as_mut(), o.returning_customers) {
            if v.is_finite() && v >= 0.0 {
                r[d][h] = v.min(o.inquiries);
            }
        }
    }
    let horizon_end = (start + Duration::hours(hours as i64)).date();
    let cal_hi = calendar
        .iter()
        .map(|e| e.dates.end)
        .max()
        .unwrap_or(horizon_end)
        .max(horizon_end)
        .min(first + Duration::days(366 * 30))
        + Duration::days(opts.lead_days.clamp(0, 60) + 1);
    let cal = CalIndex::build(shop, calendar, first, cal_hi, (0, 0), [true; 7]);
    let all_zero = used.iter().all(|o| o.inquiries == 0.0);
    let mut fitter = Fitter::new(grid, cal, last_day, all_zero, opts);
    let (day_open, open_how) = fitter.openness();
    let mut open7 = [true; 7];
    open7.copy_from_slice(&day_open[..7]);
    fitter.cal = CalIndex::build(
        shop,
        calendar,
        first,
        cal_hi,
        (opts.lead_days, opts.lag_days),
        open7,
    );
    Ok(fitter.run(day_open, open_how))
}

struct Fitter<'a> {
    g: Grid,
    cal: CalIndex,
    last_day: NaiveDate,
    all_zero: bool,
    opts: &'a ForecastOptions,
    /// Effective weekday per history day (WORKDAY for make-up days).
    weff: Vec<usize>,
    normal: Vec<bool>,
}

impl<'a> Fitter<'a> {
    fn new(
        g: Grid,
        cal: CalIndex,
        last_day: NaiveDate,
        all_zero: bool,
        opts: &'a ForecastOptions,
    ) -> Self {
        let n = g.y.len();
        let weff = (0..n)
            .map(|d| {
                let date = g.date(d);
                if cal.info(date).is_some_and(|i| i.makeup) {
                    WORKDAY
                } else {
                    weekday_index(date)
                }
            })
            .collect();
        Fitter {
            g,
            cal,
            last_day,
            all_zero,
            opts,
            weff,
            normal: vec![false; n],
        }
    }

    fn tagged(&self, d: usize) -> bool {
        self.cal.info(self.g.date(d)).is_some_and(|i| i.tagged())
    }

    /// Open weekdays and hours of the week, judged on recent days without calendar entries.
    fn openness(&self) -> ([bool; 8], [[bool; 24]; 8]) {
        let n = self.g.y.len();
        let opts = self.opts;
        let recent_from = n.saturating_sub((opts.open_weeks.max(1) * 7) as usize);
        let mut day_open = [true; 8];
        let mut open_how = [[true; 24]; 8];
        let mut pooled_present = [0usize; 24];
        let mut pooled_days = 0usize;
        for w in 0..7 {
            let pick = |from: usize| -> Vec<usize> {
                (from..n)
                    .filter(|&d| weekday_index(self.g.date(d)) == w && !self.tagged(d))
                    .collect()
            };
            let mut days = pick(recent_from);
            if days.is_empty() {
                days = pick(0);
            }
            if days.is_empty() {
                continue; // never seen: open, profile pooled
            }
            let with_data: Vec<usize> = days
                .iter()
                .copied()
                .filter(|&d| self.g.has_data(d))
                .collect();
            day_open[w] = with_data.len() as f64 >= opts.open_share * days.len() as f64
                && !with_data.is_empty();
            for h in 0..24 {
                let p = with_data.iter().filter(|&&d| self.g.present(d, h)).count();
                open_how[w][h] =
                    !with_data.is_empty() && p as f64 >= opts.open_share * with_data.len() as f64;
                pooled_present[h] += p;
            }
            pooled_days += with_data.len();
        }
        // Weekdays never seen use the pooled open hours.
        for w in 0..7 {
            let seen = (0..n).any(|d| weekday_index(self.g.date(d)) == w && !self.tagged(d));
            if !seen {
                for h in 0..24 {
                    open_how[w][h] = pooled_days == 0
                        || pooled_present[h] as f64 >= opts.open_share * pooled_days as f64;
                }
            }
        }
        day_open[WORKDAY] = (0..5).any(|w| day_open[w]);
        for h in 0..24 {
            let c = (0..5).filter(|&w| day_open[w] && open_how[w][h]).count();
            let m = (0..5).filter(|&w| day_open[w]).count();
            open_how[WORKDAY][h] = m == 0 || 2 * c >= m;
        }
        if !open_how.iter().take(7).any(|r| r.iter().any(|&o| o)) {
            open_how = [[true; 24]; 8];
        }
        (day_open, open_how)
    }

    fn run(mut self, day_open: [bool; 8], open_how: [[bool; 24]; 8]) -> Model {
        let n = self.g.y.len();
        let opts = self.opts;

        // --- Normal days.
        for d in 0..n {
            let w = self.weff[d];
            self.normal[d] = self.g.has_data(d) && !self.tagged(d) && day_open[w];
        }
        if self.normal.iter().filter(|&&x| x).count() < 3 {
            // Too few untagged days: fit the profile on every day with data.
            for d in 0..n {
                self.normal[d] = self.g.has_data(d);
            }
        }
        let season_w: Vec<f64> = (0..n)
            .map(|d| {
                let age = (n - 1 - d) as f64;
                0.5f64.powf(age / (7.0 * opts.season_half_life_weeks.max(0.1)))
            })
            .collect();

        // --- Hour shares per weekday (two passes, the second winsorised).
        let mut share = self.shares(&open_how, &season_w, None);
        share = self.shares(&open_how, &season_w, Some(&share));

        // --- Day totals, day factors and the centred local level.
        let totals: Vec<f64> = (0..n)
            .map(|d| self.day_total(d, &share[self.weff[d]], &open_how[self.weff[d]]))
            .collect();
        let mut dayf = [1.0f64; 8];
        let mut local = vec![0.0; n];
        for pass in 0..3 {
            let z: Vec<f64> = (0..n).map(|d| totals[d] / dayf[self.weff[d]]).collect();
            local = self.local_level(&z);
            if pass == 1 {
                // Drop outlier days (outages, storms) from the normal set.
                let lr: Vec<f64> = (0..n)
                    .filter(|&d| self.normal[d] && totals[d].is_finite() && local[d] > 0.0)
                    .map(|d| ((z[d] + 1e-9) / local[d]).ln())
                    .collect();
                let m = median(&lr);
                let s = mad_sd(&lr, m).max(0.02);
                for d in 0..n {
                    if self.normal[d] && totals[d].is_finite() && local[d] > 0.0 {
                        let r = ((z[d] + 1e-9) / local[d]).ln();
                        if (r - m).abs() > 4.0 * s {
                            self.normal[d] = false;
                        }
                    }
                }
                local = self.local_level(&z);
            }
            let mut f = [1.0f64; 8];
            for (w, fw) in f.iter_mut().enumerate().take(7) {
                let r: Vec<(f64, f64)> = (0..n)
                    .filter(|&d| {
                        self.normal[d]
                            && self.weff[d] == w
                            && totals[d].is_finite()
                            && local[d] > 0.0
                    })
                    .map(|d| (totals[d] / local[d], season_w[d]))
                    .collect();
                if r.is_empty() {
                    continue;
                }
                let vals: Vec<f64> = r.iter().map(|x| x.0).collect();
                let m = median(&vals);
                let s = mad_sd(&vals, m).max(0.02 * m);
                *fw = weighted_mean(
                    r.iter()
                        .map(|&(x, wt)| (x.clamp(m - 3.0 * s, m + 3.0 * s), wt)),
                )
                .unwrap_or(1.0);
            }
            let open_days: Vec<usize> = (0..7).filter(|&w| day_open[w]).collect();
            let mean = if open_days.is_empty() {
                1.0
            } else {
                open_days.iter().map(|&w| f[w]).sum::<f64>() / open_days.len() as f64
            };
            for fw in f.iter_mut().take(7) {
                *fw = if mean > 0.0 && fw.is_finite() && *fw > 0.0 {
                    *fw / mean
                } else {
                    1.0
                };
            }
            let wd: Vec<f64> = (0..5).filter(|&w| day_open[w]).map(|w| f[w]).collect();
            f[WORKDAY] = if wd.is_empty() {
                1.0
            } else {
                wd.iter().sum::<f64>() / wd.len() as f64
            };
            dayf = f;
        }
        let z: Vec<f64> = (0..n).map(|d| totals[d] / dayf[self.weff[d]]).collect();

        // --- Level at the origin and trend.
        let (level_end, level_age) = self.origin_level(&z, &local, n);
        let trend = if opts.trend && n >= 28 {
            self.trend(&z)
        } else {
            0.0
        };

        // --- Noise of normal days: day level (trailing level, like a forecast) and hour shape.
        let (sigma_day, sigma_shape) = self.noise(&z, &totals, &dayf, &share, &open_how);

        let mut model = Model {
            cal: self.cal.clone(),
            last_day: self.last_day,
            all_zero: self.all_zero,
            day_open,
            open_how,
            dayf,
            share,
            level_end,
            level_age,
            trend,
            damping: opts.trend_damping.clamp(0.0, 1.0),
            theta: HashMap::new(),
            shapes: HashMap::new(),
            ret_base: None,
            ret_tags: HashMap::new(),
            closed_names: HashSet::new(),
            seen_names: HashSet::new(),
            closed_kinds: HashSet::new(),
            sigma_day,
            sigma_shape,
            sigma_event: sigma_day,
        };
        if self.all_zero {
            return model;
        }
        self.closures(&mut model);
        self.events(&mut model, &local, sigma_day);
        self.shapes_and_split(&mut model, &season_w);
        model
    }

    /// Hour shares per weekday (index 7 = average workday) from complete normal days, with
    /// low-volume weekdays shrunk towards the pooled profile. With `prev`, hours far from the
    /// previous estimate are winsorised first.
    fn shares(
        &self,
        open_how: &[[bool; 24]; 8],
        season_w: &[f64],
        prev: Option<&[[f64; 24]; 8]>,
    ) -> [[f64; 24]; 8] {
        let n = self.g.y.len();
        let mut num = [[0.0f64; 24]; 7];
        let mut den = [0.0f64; 7];
        for d in 0..n {
            let w = self.weff[d];
            if !self.normal[d] || w >= 7 {
                continue;
            }
            let row = &self.g.y[d];
            if (0..24).any(|h| open_how[w][h] && row[h].is_nan()) {
                continue;
            }
            let total: f64 = (0..24).filter(|&h| open_how[w][h]).map(|h| row[h]).sum();
            if total <= 0.0 {
                continue;
            }
            let mut vals = [0.0f64; 24];
            for h in 0..24 {
                if open_how[w][h] {
                    let mut v = row[h];
                    if let Some(p) = prev {
                        let e = total * p[w][h];
                        let sd = (e + (0.15 * e) * (0.15 * e)).sqrt();
                        v = v.clamp((e - 4.0 * sd).max(0.0), e + 4.0 * sd);
                    }
                    vals[h] = v;
                }
            }
            let t: f64 = vals.iter().sum();
            if t <= 0.0 {
                continue;
            }
            let wt = season_w[d];
            for h in 0..24 {
                num[w][h] += wt * vals[h];
            }
            den[w] += wt * t;
        }
        let mut pooled = [0.0f64; 24];
        let pooled_den: f64 = den.iter().sum();
        for h in 0..24 {
            pooled[h] = if pooled_den > 0.0 {
                (0..7).map(|w| num[w][h]).sum::<f64>() / pooled_den
            } else {
                1.0 / 24.0
            };
        }
        // Effective (unweighted-equivalent) volume for the shrinkage.
        let mut out = [[0.0f64; 24]; 8];
        for w in 0..7 {
            let mut s = [0.0f64; 24];
            let pool_mass: f64 = (0..24).filter(|&h| open_how[w][h]).map(|h| pooled[h]).sum();
            for h in 0..24 {
                if !open_how[w][h] {
                    continue;
                }
                let p = if pool_mass > 0.0 {
                    pooled[h] / pool_mass
                } else {
                    1.0 / open_how[w].iter().filter(|&&o| o).count().max(1) as f64
                };
                s[h] = (num[w][h] + SHAPE_POOL_VOLUME * p) / (den[w] + SHAPE_POOL_VOLUME);
            }
            normalise(&mut s);
            out[w] = s;
        }
        let mut wk = [0.0f64; 24];
        for h in 0..24 {
            if open_how[WORKDAY][h] {
                wk[h] = (0..5).map(|w| out[w][h]).sum::<f64>() / 5.0;
            }
        }
        if wk.iter().sum::<f64>() <= 0.0 {
            for (h, v) in wk.iter_mut().enumerate() {
                *v = if open_how[WORKDAY][h] { 1.0 } else { 0.0 };
            }
        }
        normalise(&mut wk);
        out[WORKDAY] = wk;
        out
    }

    /// A day's total estimated from its observed open hours (NaN when less than half the
    /// day's profile is observed).
    fn day_total(&self, d: usize, share: &[f64; 24], open: &[bool; 24]) -> f64 {
        let row = &self.g.y[d];
        let (mut y, mut m) = (0.0, 0.0);
        for h in 0..24 {
            if open[h] && !row[h].is_nan() {
                y += row[h];
                m += share[h];
            }
        }
        if m >= 0.5 {
            y / m
        } else {
            f64::NAN
        }
    }

    /// Centred local level of `z` over normal days (exponential kernel); every day gets one.
    fn local_level(&self, z: &[f64]) -> Vec<f64> {
        let n = z.len();
        let ok: Vec<bool> = (0..n).map(|d| self.normal[d] && z[d].is_finite()).collect();
        let global = weighted_mean((0..n).filter(|&d| ok[d]).map(|d| (z[d], 1.0))).unwrap_or(0.0);
        (0..n)
            .map(|d| {
                let lo = d.saturating_sub(LOCAL_WINDOW as usize);
                let hi = (d + LOCAL_WINDOW as usize).min(n - 1);
                let near = (lo..=hi).filter(|&e| ok[e]).count();
                if near >= 6 {
                    return weighted_mean((lo..=hi).filter(|&e| ok[e]).map(|e| {
                        let dist = (e as f64 - d as f64).abs();
                        (z[e], (-dist / LOCAL_TAU).exp())
                    }))
                    .unwrap_or(global);
                }
                // Inside a long promotion season: the nearest normal days either side.
                let before = (0..d).rev().filter(|&e| ok[e]).take(7);
                let after = (d + 1..n).filter(|&e| ok[e]).take(7);
                let b: Vec<f64> = before.map(|e| z[e]).collect();
                let a: Vec<f64> = after.map(|e| z[e]).collect();
                let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
                match (b.is_empty(), a.is_empty()) {
                    (false, false) => 0.5 * (mean(&b) + mean(&a)),
                    (false, true) => mean(&b),
                    (true, false) => mean(&a),
                    (true, true) => global,
                }
            })
            .collect()
    }

    /// The level at the forecast origin (outlier-clipped exponentially weighted mean of the
    /// last eight weeks' normal days) and its mean age in days.
    fn origin_level(&self, z: &[f64], local: &[f64], n: usize) -> (f64, f64) {
        let hl = self.opts.level_half_life_days.max(0.1);
        let from = n.saturating_sub(56);
        let days: Vec<usize> = (from..n)
            .filter(|&d| self.normal[d] && z[d].is_finite())
            .collect();
        if days.is_empty() {
            let last = (0..n).rev().find(|&d| self.normal[d] && z[d].is_finite());
            return match last {
                Some(d) => (local[d].max(0.0), (n - 1 - d) as f64),
                None => (local.last().copied().unwrap_or(0.0).max(0.0), 0.0),
            };
        }
        let logs: Vec<f64> = days.iter().map(|&d| (z[d] + 1e-9).ln()).collect();
        let m = median(&logs);
        let s = mad_sd(&logs, m).max(0.02);
        let (mut sw, mut sz, mut sa) = (0.0, 0.0, 0.0);
        for &d in &days {
            let age = (n - 1 - d) as f64;
            let w = 0.5f64.powf(age / hl);
            let lz = (z[d] + 1e-9).ln().clamp(m - 3.0 * s, m + 3.0 * s);
            sw += w;
            sz += w * lz.exp();
            sa += w * age;
        }
        ((sz / sw).max(0.0), sa / sw)
    }

    /// Robust trend (log per day) from weekly means of the last `trend_window_days`, shrunk
    /// by its significance.
    fn trend(&self, z: &[f64]) -> f64 {
        let n = z.len();
        let window = self.opts.trend_window_days.max(14) as usize;
        let from = n.saturating_sub(window);
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let mut wk = from;
        while wk < n {
            let end = (wk + 7).min(n);
            let logs: Vec<f64> = (wk..end)
                .filter(|&d| self.normal[d] && z[d].is_finite() && z[d] > 0.0)
                .map(|d| z[d].ln())
                .collect();
            if logs.len() >= 2 && end - wk == 7 {
                pts.push(((wk as f64 + 3.0) / 7.0, median(&logs)));
            }
            wk += 7;
        }
        if pts.len() < 4 {
            return 0.0;
        }
        // Theil–Sen slope per week.
        let mut slopes = Vec::new();
        for i in 0..pts.len() {
            for j in i + 1..pts.len() {
                slopes.push((pts[j].1 - pts[i].1) / (pts[j].0 - pts[i].0));
            }
        }
        let b = median(&slopes);
        let xm = pts.iter().map(|p| p.0).sum::<f64>() / pts.len() as f64;
        let ym = pts.iter().map(|p| p.1).sum::<f64>() / pts.len() as f64;
        let a = ym - b * xm;
        let res: Vec<f64> = pts.iter().map(|p| p.1 - a - b * p.0).collect();
        let sd = mad_sd(&res, 0.0).max(1e-4);
        let sxx: f64 = pts.iter().map(|p| (p.0 - xm).powi(2)).sum();
        let t = b / (sd / sxx.sqrt());
        let shrink = t * t / (t * t + 4.0);
        (b * shrink / 7.0).clamp(-0.05, 0.05)
    }

    /// Relative day-level error with a trailing level and the relative hour-shape error.
    fn noise(
        &self,
        z: &[f64],
        totals: &[f64],
        dayf: &[f64; 8],
        share: &[[f64; 24]; 8],
        open_how: &[[bool; 24]; 8],
    ) -> (f64, f64) {
        let n = z.len();
        let hl = self.opts.level_half_life_days.max(0.1);
        let from = n.saturating_sub(112);
        let mut errs = Vec::new();
        let mut q = Vec::new();
        for d in from..n {
            if !self.normal[d] || !z[d].is_finite() || z[d] <= 0.0 {
                continue;
            }
            let prev = weighted_mean(
                (d.saturating_sub(56)..d)
                    .filter(|&e| self.normal[e] && z[e].is_finite())
                    .map(|e| (z[e], 0.5f64.powf((d - e) as f64 / hl))),
            );
            if let Some(p) = prev.filter(|p| *p > 0.0) {
                errs.push((z[d] / p).ln());
            }
            let w = self.weff[d];
            let t = totals[d];
            if !t.is_finite() || t <= 0.0 || dayf[w] <= 0.0 {
                continue;
            }
            for h in 0..24 {
                let y = self.g.y[d][h];
                if open_how[w][h] && !y.is_nan() {
                    let e = t * share[w][h];
                    if e >= 5.0 {
                        q.push((((y - e) * (y - e)) / 0.4549 - e) / (e * e));
                    }
                }
            }
        }
        let sigma_day = if errs.len() >= 5 {
            let m = median(&errs);
            let s = mad_sd(&errs, m).max(0.01);
            let clipped: Vec<f64> = errs
                .iter()
                .map(|e| e.clamp(m - 3.0 * s, m + 3.0 * s))
                .collect();
            (clipped.iter().map(|e| e * e).sum::<f64>() / clipped.len() as f64)
                .sqrt()
                .max(s)
        } else {
            0.15
        };
        let sigma_shape = if q.is_empty() {
            0.1
        } else {
            median(&q).max(0.0).sqrt()
        };
        (sigma_day.clamp(0.01, 1.0), sigma_shape.clamp(0.0, 1.0))
    }

    /// Learned closures per name and kind.
    fn closures(&self, model: &mut Model) {
        let n = self.g.y.len();
        let mut counts: HashMap<(DayKind, u32), (usize, usize)> = HashMap::new();
        for d in 0..n {
            let date = self.g.date(d);
            let Some(info) = self.cal.info(date) else {
                continue;
            };
            if info.entries.is_empty() || !model.day_open[self.weff[d]] {
                continue;
            }
            let has = self.g.has_data(d);
            for &(b, _) in &info.entries {
                let blk = &self.cal.blocks[b as usize];
                if blk.kind == DayKind::MakeupWorkday {
                    continue;
                }
                let c = counts.entry((blk.kind, blk.name)).or_default();
                if has {
                    c.0 += 1;
                } else {
                    c.1 += 1;
                }
            }
        }
        let mut per_kind: HashMap<DayKind, (usize, usize)> = HashMap::new();
        for (&(k, name), &(open, closed)) in &counts {
            model.seen_names.insert((k, name));
            let pk = per_kind.entry(k).or_default();
            if open == 0 && closed > 0 {
                model.closed_names.insert((k, name));
                pk.1 += 1;
            } else if open > 0 {
                pk.0 += 1;
            }
        }
        for (k, (open, closed)) in per_kind {
            if open == 0 && closed >= self.opts.kind_closure_min_names.max(1) {
                model.closed_kinds.insert(k);
            }
        }
    }

    /// Calendar-effect regression (Huber-weighted ridge on log day ratios).
    fn events(&self, model: &mut Model, local: &[f64], sigma_normal: f64) {
        let n = self.g.y.len();
        let mut index: HashMap<Term, usize> = HashMap::new();
        let mut list: Vec<Term> = Vec::new();
        let mut rows: Vec<(Vec<usize>, f64)> = Vec::new();
        let mut terms = Vec::new();
        for d in 0..n {
            let date = self.g.date(d);
            let Some(info) = self.cal.info(date) else {
                continue;
            };
            if info.closed_explicit || (info.entries.is_empty() && info.leadlag.is_empty()) {
                continue;
            }
            let w = self.weff[d];
            if !model.day_open[w] || !self.g.has_data(d) {
                continue;
            }
            let (mut y, mut m) = (0.0, 0.0);
            for h in 0..24 {
                let v = self.g.y[d][h];
                if model.open_how[w][h] && !v.is_nan() {
                    y += v;
                    m += model.share[w][h];
                }
            }
            let base = local[d] * model.dayf[w] * m;
            if m < 0.3 || !base.is_finite() || base <= 0.0 {
                continue;
            }
            let r = (y / base).max(0.02).ln();
            self.cal.terms(info, &mut terms);
            if terms.is_empty() {
                continue;
            }
            let idx: Vec<usize> = terms
                .iter()
                .map(|t| {
                    *index.entry(*t).or_insert_with(|| {
                        list.push(*t);
                        list.len() - 1
                    })
                })
                .collect();
            for &(b, _) in &info.entries {
                let blk = &self.cal.blocks[b as usize];
                model.seen_names.insert((blk.kind, blk.name));
            }
            rows.push((idx, r));
        }
        let p = list.len();
        if p == 0 {
            return;
        }
        let s2 = sigma_normal.max(0.03).powi(2);
        let mut weights = vec![1.0; rows.len()];
        let mut theta = vec![0.0; p];
        for _ in 0..4 {
            let mut a = vec![0.0; p * p];
            let mut b = vec![0.0; p];
            for (i, t) in list.iter().enumerate() {
                a[i * p + i] += 1.0 / t.prior_sd(self.opts.leadlag_prior_sd.max(1e-3)).powi(2);
            }
            for ((idx, r), &w) in rows.iter().zip(&weights) {
                for &i in idx {
                    b[i] += w * r / s2;
                    for &j in idx {
                        a[i * p + j] += w / s2;
                    }
                }
            }
            match solve_spd(&a, &b, p) {
                Some(x) => theta = x,
                None => break,
            }
            let c = 2.0 * sigma_normal.max(0.03);
            for ((idx, r), w) in rows.iter().zip(weights.iter_mut()) {
                let fit: f64 = idx.iter().map(|&i| theta[i]).sum();
                let e = (r - fit).abs();
                *w = if e > c { c / e } else { 1.0 };
            }
        }
        let res: Vec<f64> = rows
            .iter()
            .map(|(idx, r)| r - idx.iter().map(|&i| theta[i]).sum::<f64>())
            .collect();
        let s = mad_sd(&res, median(&res));
        model.sigma_event = s.max(sigma_normal).clamp(0.01, 1.0);
        model.theta = list
            .into_iter()
            .zip(theta)
            .map(|(t, v)| (t, v.clamp(-6.0, 6.0)))
            .collect();
    }

    /// Hour-shape ratios and returning shares of event days, learned per dominant tag.
    fn shapes_and_split(&self, model: &mut Model, season_w: &[f64]) {
        let n = self.g.y.len();
        #[derive(Default, Clone)]
        struct Acc {
            y: [f64; 24],
            e: [f64; 24],
            days: usize,
            ret: f64,
            inq: f64,
        }
        let mut acc: HashMap<ShapeKey, Acc> = HashMap::new();
        let (mut rb_r, mut rb_i) = (0.0, 0.0);
        for d in 0..n {
            let date = self.g.date(d);
            let w = self.weff[d];
            if !model.day_open[w] || !self.g.has_data(d) {
                continue;
            }
            let row = &self.g.y[d];
            if self.normal[d] {
                if let Some(ret) = &self.g.ret {
                    for h in 0..24 {
                        if !row[h].is_nan() && !ret[d][h].is_nan() {
                            rb_r += season_w[d] * ret[d][h];
                            rb_i += season_w[d] * row[h];
                        }
                    }
                }
                continue;
            }
            let Some(info) = self.cal.info(date) else {
                continue;
            };
            let Some(chain) = model.dominant_chain(info) else {
                continue;
            };
            let (mut y, mut m) = (0.0, 0.0);
            for h in 0..24 {
                if model.open_how[w][h] && !row[h].is_nan() {
                    y += row[h];
                    m += model.share[w][h];
                }
            }
            if m < 0.3 || y <= 0.0 {
                continue;
            }
            let (mut rr, mut ri) = (0.0, 0.0);
            if let Some(ret) = &self.g.ret {
                for h in 0..24 {
                    if !row[h].is_nan() && !ret[d][h].is_nan() {
                        rr += ret[d][h];
                        ri += row[h];
                    }
                }
            }
            for key in chain.iter().flatten() {
                let a = acc.entry(*key).or_default();
                for h in 0..24 {
                    if model.open_how[w][h] && !row[h].is_nan() {
                        a.y[h] += row[h];
                        a.e[h] += y * model.share[w][h] / m;
                    }
                }
                a.days += 1;
                a.ret += rr;
                a.inq += ri;
            }
        }
        if self.g.ret.is_some() && rb_i > 0.0 {
            model.ret_base = Some((rb_r / rb_i).clamp(0.0, 1.0));
        }
        // Shrink each key towards its parent in the chain (kind → kind/pos → name/pos).
        let mut keys: Vec<ShapeKey> = acc.keys().copied().collect();
        keys.sort_by_key(|k| match k {
            ShapeKey::Kind(_) | ShapeKey::LeadLag(..) => 0,
            ShapeKey::KindPos(..) => 1,
            ShapeKey::NamePos(..) => 2,
        });
        for key in keys {
            let a = &acc[&key];
            let parent = match key {
                ShapeKey::Kind(_) | ShapeKey::LeadLag(..) => None,
                ShapeKey::KindPos(k, _) => Some(ShapeKey::Kind(k)),
                ShapeKey::NamePos(k, _, p) => Some(ShapeKey::KindPos(k, p)),
            };
            let prior = parent
                .and_then(|p| model.shapes.get(&p).copied())
                .unwrap_or([1.0; 24]);
            let mut r = [1.0f64; 24];
            for h in 0..24 {
                let c = 10.0 + a.e[h] / a.days.max(1) as f64;
                r[h] = ((a.y[h] + c * prior[h]) / (a.e[h] + c)).clamp(0.05, 20.0);
            }
            model.shapes.insert(key, r);
            if let Some(base) = model.ret_base {
                let prior = parent
                    .and_then(|p| model.ret_tags.get(&p).copied())
                    .unwrap_or(base);
                let c = 50.0 + a.inq / a.days.max(1) as f64;
                model
                    .ret_tags
                    .insert(key, ((a.ret + c * prior) / (a.inq + c)).clamp(0.0, 1.0));
            }
        }
    }
}

fn normalise(v: &mut [f64; 24]) {
    let s: f64 = v.iter().sum();
    if s > 0.0 && s.is_finite() {
        for x in v.iter_mut() {
            *x /= s;
        }
    }
}

impl Model {
    /// Effect of a block entry on a day (sum of its terms).
    fn entry_effect(&self, kind: DayKind, name: u32, pos: u8) -> f64 {
        entry_terms(kind, name, pos)
            .map(|t| self.theta.get(&t).copied().unwrap_or(0.0))
            .sum()
    }

    fn leadlag_effect(&self, kind: DayKind, name: u32, off: i8) -> f64 {
        self.theta
            .get(&Term::Lead(kind, off))
            .copied()
            .unwrap_or(0.0)
            + self
                .theta
                .get(&Term::NameLead(kind, name, off))
                .copied()
                .unwrap_or(0.0)
    }

    /// The shape keys of a day's dominant tag, coarse to fine.
    fn dominant_chain(&self, info: &DayInfo) -> Option<[Option<ShapeKey>; 3]> {
        let best_entry = info
            .entries
            .iter()
            .map(|&(b, pos)| {
                let blk = &self.cal.blocks[b as usize];
                (blk, pos, self.entry_effect(blk.kind, blk.name, pos).abs())
            })
            .max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((blk, pos, _)) = best_entry {
            return Some([
                Some(ShapeKey::Kind(blk.kind)),
                (pos != POS_NONE).then_some(ShapeKey::KindPos(blk.kind, pos)),
                Some(ShapeKey::NamePos(blk.kind, blk.name, pos)),
            ]);
        }
        let best = info
            .leadlag
            .iter()
            .map(|&(b, off)| {
                let blk = &self.cal.blocks[b as usize];
                (blk, off, self.leadlag_effect(blk.kind, blk.name, off).abs())
            })
            .max_by(|a, b| a.2.total_cmp(&b.2))?;
        Some([Some(ShapeKey::LeadLag(best.0.kind, best.1)), None, None])
    }

    /// Whether a date is closed (declared, or learned for its name / kind).
    fn day_closed(&self, date: NaiveDate) -> bool {
        let Some(info) = self.cal.info(date) else {
            return false;
        };
        if info.closed_explicit {
            return true;
        }
        info.entries.iter().any(|&(b, _)| {
            let blk = &self.cal.blocks[b as usize];
            let key = (blk.kind, blk.name);
            self.closed_names.contains(&key)
                || (!self.seen_names.contains(&key) && self.closed_kinds.contains(&blk.kind))
        })
    }

    /// Day multiplier and whether any entry's name is unseen in the history.
    fn day_effect(&self, date: NaiveDate) -> (f64, bool) {
        if self.day_closed(date) {
            return (0.0, false);
        }
        let Some(info) = self.cal.info(date) else {
            return (1.0, false);
        };
        let unseen = info.entries.iter().any(|&(b, _)| {
            let blk = &self.cal.blocks[b as usize];
            blk.kind != DayKind::MakeupWorkday && !self.seen_names.contains(&(blk.kind, blk.name))
        });
        if let Some(u) = info.uplift {
            return (u, unseen);
        }
        let mut s = 0.0;
        for &(b, pos) in &info.entries {
            let blk = &self.cal.blocks[b as usize];
            s += self.entry_effect(blk.kind, blk.name, pos);
        }
        for &(b, off) in &info.leadlag {
            let blk = &self.cal.blocks[b as usize];
            s += self.leadlag_effect(blk.kind, blk.name, off);
        }
        (s.clamp(-6.0, 6.0).exp(), unseen)
    }

    /// Hour-shape ratio of a day (1 on normal days) and its returning share.
    fn day_shape(&self, date: NaiveDate) -> ([f64; 24], Option<f64>) {
        let Some(chain) = self.cal.info(date).and_then(|i| self.dominant_chain(i)) else {
            return ([1.0; 24], self.ret_base);
        };
        let mut shape = [1.0; 24];
        let mut ret = self.ret_base;
        for key in chain.iter().flatten() {
            if let Some(s) = self.shapes.get(key) {
                shape = *s;
            }
            if let Some(r) = self.ret_tags.get(key) {
                ret = Some(*r);
            }
        }
        (shape, ret)
    }

    /// Daily level (trend included) on `date`.
    fn level_on(&self, date: NaiveDate) -> f64 {
        let k = (date - self.last_day).num_days().max(0) as f64;
        let phi = self.damping;
        let steps = if phi >= 1.0 {
            k
        } else {
            phi * (1.0 - phi.powf(k)) / (1.0 - phi)
        };
        let l = self.level_end * (self.trend * (self.level_age * phi.min(1.0) + steps)).exp();
        if l.is_finite() {
            l.max(0.0)
        } else {
            self.level_end.max(0.0)
        }
    }

    pub(crate) fn predict(&self, start: NaiveDateTime, hours: usize) -> Vec<ForecastHour> {
        let mut out = Vec::with_capacity(hours);
        let mut day_cache: Option<(NaiveDate, DayPlan)> = None;
        for i in 0..hours {
            let t = start + Duration::hours(i as i64);
            let date = t.date();
            if day_cache.as_ref().is_none_or(|c| c.0 != date) {
                day_cache = Some((date, self.plan_day(date)));
            }
            let Some((_, plan)) = day_cache.as_ref() else {
                continue;
            };
            out.push(plan.hour(t));
        }
        out
    }

    fn plan_day(&self, date: NaiveDate) -> DayPlan {
        let info = self.cal.info(date);
        let w = if info.is_some_and(|i| i.makeup) {
            WORKDAY
        } else {
            weekday_index(date)
        };
        let closed = !self.day_open[w] || self.day_closed(date);
        let level = self.level_on(date);
        let (effect, unseen) = self.day_effect(date);
        let (ratio, ret) = self.day_shape(date);
        let base = self.share[w];
        let mut shaped = [0.0f64; 24];
        for h in 0..24 {
            if self.open_how[w][h] {
                shaped[h] = base[h] * ratio[h];
            }
        }
        normalise(&mut shaped);
        let k = (date - self.last_day).num_days().max(1) as f64;
        let tagged = info.is_some_and(|i| !i.entries.is_empty() || !i.leadlag.is_empty());
        let mut rel2 = self.sigma_day.powi(2) * (1.0 + k / 14.0) + self.sigma_shape.powi(2);
        if tagged {
            rel2 += self.sigma_event.powi(2);
        }
        if unseen {
            rel2 += 0.25f64.powi(2);
        }
        DayPlan {
            closed,
            open: self.open_how[w],
            level,
            dayf: self.dayf[w],
            base,
            shaped,
            effect,
            rel2,
            ret,
            all_zero: self.all_zero,
        }
    }
}

/// Everything needed to produce one day's hours.
struct DayPlan {
    closed: bool,
    open: [bool; 24],
    level: f64,
    dayf: f64,
    base: [f64; 24],
    shaped: [f64; 24],
    effect: f64,
    rel2: f64,
    ret: Option<f64>,
    all_zero: bool,
}

impl DayPlan {
    fn hour(&self, t: NaiveDateTime) -> ForecastHour {
        let h = t.hour() as usize;
        let open = !self.closed && self.open[h];
        let mut fh = ForecastHour {
            hour: t,
            open,
            mean: 0.0,
            p50: 0.0,
            p80: 0.0,
            p95: 0.0,
            level: 0.0,
            seasonal: 0.0,
            event: 0.0,
            new_customers: self.ret.map(|_| 0.0),
            returning_customers: self.ret.map(|_| 0.0),
        };
        if !open || self.all_zero {
            return fh;
        }
        let mean = self.level * self.dayf * self.shaped[h] * self.effect;
        let mean = if mean.is_finite() { mean.max(0.0) } else { 0.0 };
        let sd = (mean + self.rel2 * mean * mean).sqrt();
        fh.mean = mean;
        fh.p50 = mean;
        fh.p80 = mean + 0.8416 * sd;
        fh.p95 = mean + 1.6449 * sd;
        fh.level = self.level / 24.0;
        fh.seasonal = self.dayf * self.base[h] * 24.0;
        fh.event = if self.base[h] > 0.0 {
            self.effect * self.shaped[h] / self.base[h]
        } else {
            0.0
        };
        if fh.level * fh.seasonal * fh.event <= 0.0 && mean > 0.0 {
            fh.event = 1.0;
        }
        if let Some(r) = self.ret {
            fh.returning_customers = Some(mean * r);
            fh.new_customers = Some(mean * (1.0 - r));
        }
        fh
    }
}
