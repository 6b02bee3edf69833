//! Break-even volumes between plans: the daily volumes at which two plans' monthly prices
//! swap order.
//!
//! Seat-priced plans are step functions of the seats the volume needs (the sizing engine and
//! the shift cover, re-run per volume), per-inquiry tiers jump at their bounds, and the other
//! plans are continuous in the volume. The search is exact on the integer grid of daily
//! volumes and then locates each crossing inside its unit interval:
//!
//! 1. **Branch and bound on integers.** For an interval `[lo, hi]` with seats `s(lo)`, `s(hi)`
//!    known, every price is non-decreasing in seats and seats are non-decreasing in volume, so
//!    `P_a(v, s(lo)) − P_b(v, s(hi)) ≤ D(v) ≤ P_a(v, s(hi)) − P_b(v, s(lo))`. When the bounds
//!    keep one sign on every integer of the interval there is no flip there; otherwise the
//!    interval is halved (one sizing run at the midpoint). Where `s(lo) = s(hi)` the seats are
//!    constant and `D` is evaluated exactly at every integer (no sizing).
//! 2. **Inside a unit interval `(v, v + 1]` where the order flips** the jumps are found —
//!    per-inquiry tier bounds (known), and seat steps by bisection on the (fractional) volume
//!    to 1e-6 inquiries/day — leaving continuous pieces. A sign change inside a piece is
//!    bisected until the prices agree within 0.01 CNY: an **exact** break-even. A sign change
//!    across a jump cannot be met with equal prices: it is reported as a **step** break-even
//!    at the jump, with both plans' prices just below and at it.
//!
//! Limits: an order that flips and flips back within one inquiry/day of volume is not seen;
//! the bound step assumes seats never fall when volume rises (true of the sizing engine's
//! seats; the least-cost shift cover is re-solved per volume and follows it in practice).

use super::plans::{plan_monthly, Seats, Volume};
use crate::model::{BillingPlan, PriceModels};
use serde::Serialize;
use std::collections::HashMap;

/// How two prices meet at a break-even.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossingKind {
    /// The prices are equal (within 0.01 CNY) at the volume.
    Exact,
    /// The order flips across a jump (a seat step or a tier bound): no volume makes the prices
    /// equal; `before` gives both prices just below the volume.
    Step,
}

/// A volume at which two plans' monthly prices swap order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// First plan.
    pub plan_a: BillingPlan,
    /// Second plan.
    pub plan_b: BillingPlan,
    /// Daily average inquiries at the crossing.
    pub daily_volume: f64,
    /// Exact or step.
    pub kind: CrossingKind,
    /// `plan_a`'s monthly price at the volume, CNY.
    pub price_a: f64,
    /// `plan_b`'s monthly price at the volume, CNY.
    pub price_b: f64,
    /// Step crossings: (`plan_a`, `plan_b`) prices just below the volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<(f64, f64)>,
    /// Seats the desk needs at the volume.
    pub seats: Seats,
    /// The plan cheaper for the client just below the volume.
    pub cheaper_below: BillingPlan,
    /// The plan cheaper for the client at and above the volume.
    pub cheaper_above: BillingPlan,
}

/// A break-even search over one client's volumes; caches the seats of every volume sized.
pub struct BreakEvenSearch<'a, F> {
    models: &'a PriceModels,
    base: Volume,
    seats_fn: F,
    cache: HashMap<u64, Seats>,
    /// Sizing runs so far (cache misses).
    pub sizings: usize,
}

const PRICE_TOL: f64 = 0.01;
const STEP_TOL: f64 = 1e-6;

impl<'a, F, E> BreakEvenSearch<'a, F>
where
    F: FnMut(f64) -> Result<Seats, E>,
{
    /// A search for the client `base` (its daily volume is replaced per evaluation), with
    /// `seats_fn` giving the seats a daily volume needs.
    pub fn new(models: &'a PriceModels, base: Volume, seats_fn: F) -> Self {
        BreakEvenSearch {
            models,
            base,
            seats_fn,
            cache: HashMap::new(),
            sizings: 0,
        }
    }

    /// Seats at daily volume `v` (cached).
    pub fn seats(&mut self, v: f64) -> Result<Seats, E> {
        if let Some(s) = self.cache.get(&v.to_bits()) {
            return Ok(*s);
        }
        let s = (self.seats_fn)(v)?;
        self.sizings += 1;
        self.cache.insert(v.to_bits(), s);
        Ok(s)
    }

    /// Monthly price of `plan` at daily volume `v` with `seats` (`None`: plan not offered).
    pub fn price(&self, plan: BillingPlan, v: f64, seats: Seats) -> Option<f64> {
        plan_monthly(plan, self.models, &self.base.at_daily(v), seats)
    }

    fn diff(&self, a: BillingPlan, b: BillingPlan, v: f64, sa: Seats, sb: Seats) -> f64 {
        self.price(a, v, sa).unwrap_or(f64::NAN) - self.price(b, v, sb).unwrap_or(f64::NAN)
    }

    /// Every break-even of plans `a` and `b` for daily volumes in `[lo, hi]` (integers,
    /// `1 ≤ lo < hi`), in increasing volume. Empty when the book lacks either plan.
    pub fn pair(
        &mut self,
        a: BillingPlan,
        b: BillingPlan,
        lo: u32,
        hi: u32,
    ) -> Result<Vec<BreakEven>, E> {
        let mut out = Vec::new();
        let (lo, hi) = (lo.max(1), hi.max(lo.max(1)));
        let s_lo = self.seats(f64::from(lo))?;
        if self.price(a, f64::from(lo), s_lo).is_none()
            || self.price(b, f64::from(lo), s_lo).is_none()
        {
            return Ok(out);
        }
        let s_hi = self.seats(f64::from(hi))?;
        self.scan(a, b, lo, hi, s_lo, s_hi, &mut out)?;
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn scan(
        &mut self,
        a: BillingPlan,
        b: BillingPlan,
        lo: u32,
        hi: u32,
        s_lo: Seats,
        s_hi: Seats,
        out: &mut Vec<BreakEven>,
    ) -> Result<(), E> {
        if hi <= lo {
            return Ok(());
        }
        let neg = |d: f64| d < 0.0;
        if s_lo == s_hi {
            let mut prev = self.diff(a, b, f64::from(lo), s_lo, s_lo);
            for v in lo + 1..=hi {
                let d = self.diff(a, b, f64::from(v), s_lo, s_lo);
                if neg(prev) != neg(d) {
                    self.refine(a, b, v - 1, v, s_lo, s_lo, out)?;
                }
                prev = d;
            }
            return Ok(());
        }
        if hi == lo + 1 {
            let d0 = self.diff(a, b, f64::from(lo), s_lo, s_lo);
            let d1 = self.diff(a, b, f64::from(hi), s_hi, s_hi);
            if neg(d0) != neg(d1) {
                self.refine(a, b, lo, hi, s_lo, s_hi, out)?;
            }
            return Ok(());
        }
        let s_min = s_lo.min(s_hi);
        let s_max = s_lo.max(s_hi);
        let all_nonneg = (lo..=hi).all(|v| self.diff(a, b, f64::from(v), s_min, s_max) >= 0.0);
        let all_neg = (lo..=hi).all(|v| self.diff(a, b, f64::from(v), s_max, s_min) < 0.0);
        if all_nonneg || all_neg {
            return Ok(());
        }
        let mid = lo + (hi - lo) / 2;
        let s_mid = self.seats(f64::from(mid))?;
        self.scan(a, b, lo, mid, s_lo, s_mid, out)?;
        self.scan(a, b, mid, hi, s_mid, s_hi, out)
    }

    /// Locates the crossing(s) in `(v0, v1]`, where the order of `a` and `b` differs at the
    /// two ends.
    #[allow(clippy::too_many_arguments)]
    fn refine(
        &mut self,
        a: BillingPlan,
        b: BillingPlan,
        v0: u32,
        v1: u32,
        s0: Seats,
        s1: Seats,
        out: &mut Vec<BreakEven>,
    ) -> Result<(), E> {
        let (x0, x1) = (f64::from(v0), f64::from(v1));
        // Jumps: (last point of the piece before, first point of the piece after).
        let mut cuts: Vec<(f64, f64)> = Vec::new();
        if a == BillingPlan::PerInquiry || b == BillingPlan::PerInquiry {
            for t in &self.models.per_inquiry_tiers {
                if let Some(m) = t.max_daily {
                    if x0 <= m && m < x1 {
                        cuts.push((m, m + 1e-9 * m.max(1.0)));
                    }
                }
            }
        }
        let mut start = x0;
        let mut s_cur = s0;
        for _ in 0..16 {
            if s_cur == s1 {
                break;
            }
            let (mut l, mut r) = (start, x1);
            while r - l > STEP_TOL {
                let m = 0.5 * (l + r);
                if self.seats(m)? == s_cur {
                    l = m;
                } else {
                    r = m;
                }
            }
            cuts.push((l, r));
            start = r;
            s_cur = self.seats(r)?;
        }
        cuts.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut pieces: Vec<(f64, f64)> = Vec::new();
        let mut from = x0;
        for &(l, r) in &cuts {
            if l >= from {
                pieces.push((from, l));
                from = r;
            }
        }
        pieces.push((from, x1));
        let mut prev_end: Option<(f64, Seats, f64)> = None;
        for &(p0, p1) in &pieces {
            let s = self.seats(p0)?;
            let d0 = self.diff(a, b, p0, s, s);
            let d1 = self.diff(a, b, p1, s, s);
            if let Some((x, sp, dp)) = prev_end {
                if (dp < 0.0) != (d0 < 0.0) {
                    out.push(self.crossing(a, b, p0, s, CrossingKind::Step, Some((x, sp)), dp));
                }
            }
            if (d0 < 0.0) != (d1 < 0.0) {
                let (mut l, mut r) = (p0, p1);
                let mut x = p1;
                for _ in 0..200 {
                    x = 0.5 * (l + r);
                    let d = self.diff(a, b, x, s, s);
                    if d.abs() <= PRICE_TOL || r - l <= f64::EPSILON * r.abs() {
                        break;
                    }
                    if (d < 0.0) == (d0 < 0.0) {
                        l = x;
                    } else {
                        r = x;
                    }
                }
                out.push(self.crossing(a, b, x, s, CrossingKind::Exact, None, d0));
            }
            prev_end = Some((p1, s, d1));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn crossing(
        &self,
        a: BillingPlan,
        b: BillingPlan,
        x: f64,
        s: Seats,
        kind: CrossingKind,
        before: Option<(f64, Seats)>,
        d_below: f64,
    ) -> BreakEven {
        let pa = self.price(a, x, s).unwrap_or(f64::NAN);
        let pb = self.price(b, x, s).unwrap_or(f64::NAN);
        let (below, above) = if d_below < 0.0 { (a, b) } else { (b, a) };
        BreakEven {
            plan_a: a,
            plan_b: b,
            daily_volume: x,
            kind,
            price_a: pa,
            price_b: pb,
            before: before.map(|(xb, sb)| {
                (
                    self.price(a, xb, sb).unwrap_or(f64::NAN),
                    self.price(b, xb, sb).unwrap_or(f64::NAN),
                )
            }),
            seats: s,
            cheaper_below: below,
            cheaper_above: above,
        }
    }
}

/// Break-evens of every pair in `pairs` over daily volumes `[lo, hi]`, sharing one cache of
/// seats; returns them and the number of sizing runs.
pub fn break_evens<F, E>(
    models: &PriceModels,
    base: Volume,
    pairs: &[(BillingPlan, BillingPlan)],
    lo: u32,
    hi: u32,
    seats_fn: F,
) -> Result<(Vec<BreakEven>, usize), E>
where
    F: FnMut(f64) -> Result<Seats, E>,
{
    let mut s = BreakEvenSearch::new(models, base, seats_fn);
    let mut out = Vec::new();
    for &(a, b) in pairs {
        out.extend(s.pair(a, b, lo, hi)?);
    }
    Ok((out, s.sizings))
}
