//! The event engine shared by the stationary and the roster simulations: one desk (a pool) of
//! seats, each with `c` chat slots and a presence window, one FCFS queue, exponential or any
//! other handle-time work, lazy abandonment, and per-bin tallies.
//!
//! The engine itself draws no random numbers: every customer arrives with its arrival time,
//! its work (handle time if handled alone) and its abandonment deadline already drawn, so the
//! same arrivals give the same outcome under any concurrency model (common random numbers).
//!
//! # Per-chat speed
//! A seat holding `k` chats progresses each of them at `speed[k]` seconds of work per second
//! (`1/h`): the engine's model uses `speed[k] = 1/h(c)` for every `k`, the current-load model
//! `speed[k] = 1/h(k)`. Each seat keeps a virtual clock `V` that advances at `speed[k]`; a chat
//! started at `V₀` with work `W` ends when `V = V₀ + W` (processor-sharing bookkeeping, exact
//! for any work distribution and any change of `k` while the chat is held).
//!
//! # Abandonment
//! FCFS with deadlines: a waiting customer whose deadline has passed when a slot frees is
//! removed as abandoned. Since nothing depends on the queue length, this lazy removal gives
//! exactly the outcome of removing the customer at its deadline.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Bin index of a customer outside the measured window (warm-up, tail).
const NO_BIN: u32 = u32::MAX;

/// One customer as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Arrival {
    /// Arrival time, seconds.
    pub t: f64,
    /// Work: handle time if the chat were handled alone, seconds.
    pub work: f64,
    /// Time the customer abandons if still waiting (`∞` without patience).
    pub deadline: f64,
}

/// When a seat is on the floor: from `start` to `end`, taking no new chats in
/// `[break_start, break_end)` (an empty break when they are equal). A seat that leaves (break,
/// end of shift) finishes the chats it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Presence {
    /// Start of the shift, seconds.
    pub start: f64,
    /// End of the shift, seconds.
    pub end: f64,
    /// Start of the break, seconds.
    pub break_start: f64,
    /// End of the break, seconds.
    pub break_end: f64,
}

/// Equal-width measurement bins `[origin + i·width, origin + (i+1)·width)`, `i < count`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bins {
    /// Start of the first bin, seconds.
    pub origin: f64,
    /// Bin width, seconds.
    pub width: f64,
    /// Number of bins.
    pub count: usize,
}

impl Bins {
    fn end(&self) -> f64 {
        self.origin + self.count as f64 * self.width
    }

    fn of(&self, t: f64) -> u32 {
        if t < self.origin {
            return NO_BIN;
        }
        let i = ((t - self.origin) / self.width) as usize;
        if i < self.count {
            i as u32
        } else {
            NO_BIN
        }
    }
}

/// What happened in one bin. Customers are counted in the bin of their arrival; slot-time in
/// the bin where it is spent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Tally {
    /// Arrivals.
    pub offered: u64,
    /// Arrivals that found no free slot.
    pub waited: u64,
    /// Arrivals taken by an agent.
    pub answered: u64,
    /// Answered with a wait ≤ T.
    pub within: u64,
    /// Arrivals that abandoned.
    pub abandoned: u64,
    /// Σ wait of answered arrivals, seconds.
    pub wait_sum: f64,
    /// Slot-seconds holding a chat.
    pub busy: f64,
    /// Slot-seconds available: `c` per seat taking chats, plus the chats a seat on break or
    /// past its shift end still finishes.
    pub avail: f64,
}

/// A desk to simulate.
pub(crate) struct Desk<'a> {
    /// Slots per seat `c ≥ 1`.
    pub chats: u32,
    /// `speed[k]` for `k = 1..=c` (index 0 unused): seconds of work per second per chat when
    /// the seat holds `k` chats.
    pub speed: &'a [f64],
    /// Service-level threshold T, seconds.
    pub answer_within: f64,
    /// Measurement bins.
    pub bins: Bins,
    /// Seats and when they are on the floor.
    pub seats: &'a [Presence],
    /// Events after this time are not processed; customers still waiting then abandon (with a
    /// patience) or stay unanswered.
    pub give_up_after: f64,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    On(u32),
    Off(u32),
    Done(u32, u32),
}

#[derive(Debug, Clone, Copy)]
struct Ev {
    t: f64,
    seq: u64,
    kind: Kind,
}

impl PartialEq for Ev {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ev {}
impl PartialOrd for Ev {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ev {
    /// Reversed, so that `BinaryHeap` pops the earliest event (ties: first scheduled).
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .t
            .total_cmp(&self.t)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

#[derive(Debug, Clone, Copy)]
struct Waiting {
    arrival: f64,
    work: f64,
    deadline: f64,
    bin: u32,
}

#[derive(Debug, Clone, Default)]
struct Seat {
    accepting: bool,
    /// Virtual finish times of the chats held.
    chats: Vec<f64>,
    /// Virtual clock and the real time it was last brought up to date.
    v: f64,
    vt: f64,
    /// Bumped whenever the next completion changes; stale `Done` events are skipped.
    version: u32,
    /// Position in `buckets[chats.len()]` while accepting.
    pos: usize,
}

struct State<'a> {
    desk: &'a Desk<'a>,
    c: usize,
    now: f64,
    seq: u64,
    heap: BinaryHeap<Ev>,
    seats: Vec<Seat>,
    /// Accepting seats by the number of chats they hold (`0..=c`).
    buckets: Vec<Vec<u32>>,
    queue: VecDeque<Waiting>,
    busy: u32,
    avail: u32,
    last: f64,
    tally: Vec<Tally>,
}

impl<'a> State<'a> {
    fn push(&mut self, t: f64, kind: Kind) {
        self.seq += 1;
        self.heap.push(Ev {
            t,
            seq: self.seq,
            kind,
        });
    }

    /// Adds slot-time from `last` to `t` to the bins.
    fn accrue(&mut self, t: f64) {
        if t <= self.last {
            return;
        }
        let bins = self.desk.bins;
        if self.busy > 0 || self.avail > 0 {
            let end = t.min(bins.end());
            let mut a = self.last.max(bins.origin);
            if a < end {
                let mut b = (((a - bins.origin) / bins.width) as usize).min(bins.count - 1);
                while a < end && b < bins.count {
                    let seg_end = end.min(bins.origin + (b + 1) as f64 * bins.width);
                    if seg_end > a {
                        let d = seg_end - a;
                        self.tally[b].busy += d * self.busy as f64;
                        self.tally[b].avail += d * self.avail as f64;
                        a = seg_end;
                    }
                    b += 1;
                }
            }
        }
        self.last = t;
    }

    fn bucket_insert(&mut self, s: u32, k: usize) {
        self.seats[s as usize].pos = self.buckets[k].len();
        self.buckets[k].push(s);
    }

    fn bucket_remove(&mut self, s: u32, k: usize) {
        let pos = self.seats[s as usize].pos;
        let b = &mut self.buckets[k];
        b.swap_remove(pos);
        if let Some(&moved) = b.get(pos) {
            self.seats[moved as usize].pos = pos;
        }
    }

    /// An accepting seat with a free slot, least loaded first.
    fn free_seat(&self) -> Option<u32> {
        self.buckets[..self.c]
            .iter()
            .find_map(|b| b.last().copied())
    }

    fn advance(&mut self, s: u32) {
        let now = self.now;
        let speed = self.desk.speed;
        let seat = &mut self.seats[s as usize];
        let k = seat.chats.len();
        if k > 0 {
            seat.v += (now - seat.vt) * speed[k];
        }
        seat.vt = now;
    }

    fn reschedule(&mut self, s: u32) {
        let now = self.now;
        let speed = self.desk.speed;
        let seat = &mut self.seats[s as usize];
        seat.version = seat.version.wrapping_add(1);
        let k = seat.chats.len();
        if k == 0 {
            return;
        }
        let vmin = seat.chats.iter().copied().fold(f64::INFINITY, f64::min);
        let dt = (vmin - seat.v).max(0.0) / speed[k];
        let version = seat.version;
        self.push(now + dt, Kind::Done(s, version));
    }

    /// Seat `s` (accepting, with a free slot) takes a chat of `work` seconds.
    fn start(&mut self, s: u32, work: f64) {
        self.advance(s);
        let k = self.seats[s as usize].chats.len();
        self.bucket_remove(s, k);
        let seat = &mut self.seats[s as usize];
        let v = seat.v;
        seat.chats.push(v + work);
        self.bucket_insert(s, k + 1);
        self.busy += 1;
        self.reschedule(s);
    }

    fn answered(&mut self, bin: u32, wait: f64) {
        if bin == NO_BIN {
            return;
        }
        let within = wait <= self.desk.answer_within;
        let t = &mut self.tally[bin as usize];
        t.answered += 1;
        t.wait_sum += wait;
        t.within += u64::from(within);
    }

    fn abandoned(&mut self, bin: u32) {
        if bin != NO_BIN {
            self.tally[bin as usize].abandoned += 1;
        }
    }

    /// Gives free slots to waiting customers, FCFS, dropping those whose patience ran out.
    fn dispatch(&mut self) {
        while let Some(w) = self.queue.front().copied() {
            if w.deadline <= self.now {
                self.queue.pop_front();
                self.abandoned(w.bin);
                continue;
            }
            let Some(s) = self.free_seat() else { break };
            self.queue.pop_front();
            self.start(s, w.work);
            self.answered(w.bin, self.now - w.arrival);
        }
    }

    fn arrive(&mut self, a: Arrival) {
        let bin = self.desk.bins.of(a.t);
        if bin != NO_BIN {
            self.tally[bin as usize].offered += 1;
        }
        // Invariant: a free slot implies an empty queue (every capacity gain dispatches).
        if let Some(s) = self.free_seat() {
            self.start(s, a.work);
            self.answered(bin, 0.0);
            return;
        }
        if bin != NO_BIN {
            self.tally[bin as usize].waited += 1;
        }
        if a.deadline <= a.t {
            self.abandoned(bin);
        } else {
            self.queue.push_back(Waiting {
                arrival: a.t,
                work: a.work,
                deadline: a.deadline,
                bin,
            });
        }
    }

    fn seat_on(&mut self, s: u32) {
        if self.seats[s as usize].accepting {
            return;
        }
        let k = self.seats[s as usize].chats.len();
        self.seats[s as usize].accepting = true;
        self.avail += (self.c - k) as u32;
        self.bucket_insert(s, k);
        self.dispatch();
    }

    fn seat_off(&mut self, s: u32) {
        if !self.seats[s as usize].accepting {
            return;
        }
        let k = self.seats[s as usize].chats.len();
        self.seats[s as usize].accepting = false;
        self.avail -= (self.c - k) as u32;
        self.bucket_remove(s, k);
    }

    fn done(&mut self, s: u32, version: u32) {
        if self.seats[s as usize].version != version {
            return;
        }
        self.advance(s);
        let seat = &mut self.seats[s as usize];
        let k = seat.chats.len();
        let (i, vmin) =
            seat.chats
                .iter()
                .copied()
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |m, (i, v)| if v < m.1 { (i, v) } else { m },
                );
        seat.chats.swap_remove(i);
        seat.v = seat.v.max(vmin);
        let accepting = seat.accepting;
        self.busy -= 1;
        if accepting {
            self.bucket_remove(s, k);
            self.bucket_insert(s, k - 1);
        } else {
            self.avail -= 1;
        }
        self.reschedule(s);
        if accepting {
            self.dispatch();
        }
    }
}

/// Simulates `desk` against `arrivals` (sorted by time) and returns the tallies of its bins.
pub(crate) fn run(desk: &Desk, arrivals: impl IntoIterator<Item = Arrival>) -> Vec<Tally> {
    let c = desk.chats.max(1) as usize;
    debug_assert!(desk.speed.len() > c);
    let mut st = State {
        desk,
        c,
        now: f64::NEG_INFINITY,
        seq: 0,
        heap: BinaryHeap::with_capacity(desk.seats.len() * 4 + 64),
        seats: vec![Seat::default(); desk.seats.len()],
        buckets: vec![Vec::new(); c + 1],
        queue: VecDeque::new(),
        busy: 0,
        avail: 0,
        last: f64::NEG_INFINITY,
        tally: vec![Tally::default(); desk.bins.count],
    };
    for (i, p) in desk.seats.iter().enumerate() {
        // Also skips NaN windows.
        if p.end.partial_cmp(&p.start) != Some(Ordering::Greater) {
            continue;
        }
        let s = i as u32;
        st.push(p.start, Kind::On(s));
        if p.break_end > p.break_start {
            st.push(p.break_start, Kind::Off(s));
            st.push(p.break_end, Kind::On(s));
        }
        st.push(p.end, Kind::Off(s));
    }
    let end = desk.bins.end();
    let mut arrivals = arrivals.into_iter();
    let mut next = arrivals.next();
    loop {
        let ht = st.heap.peek().map(|e| e.t);
        if let Some(a) = next {
            if ht.is_none_or(|h| a.t < h) {
                debug_assert!(a.t >= st.now);
                st.accrue(a.t);
                st.now = a.t;
                st.arrive(a);
                next = arrivals.next();
                continue;
            }
        }
        let Some(h) = ht else { break };
        if (next.is_none() && st.queue.is_empty() && h >= end) || h > desk.give_up_after {
            break;
        }
        let Some(ev) = st.heap.pop() else { break };
        st.accrue(ev.t);
        st.now = ev.t;
        match ev.kind {
            Kind::On(s) => st.seat_on(s),
            Kind::Off(s) => st.seat_off(s),
            Kind::Done(s, v) => st.done(s, v),
        }
    }
    st.accrue(end);
    // Whoever still waits: abandons in time if patient finitely, else stays unanswered.
    while let Some(w) = st.queue.pop_front() {
        if w.deadline.is_finite() {
            st.abandoned(w.bin);
        }
    }
    st.tally
}

#[cfg(test)]
mod tests {
    use super::*;

    fn always(n: usize) -> Vec<Presence> {
        vec![
            Presence {
                start: 0.0,
                end: f64::INFINITY,
                break_start: 0.0,
                break_end: 0.0,
            };
            n
        ]
    }

    fn bins() -> Bins {
        Bins {
            origin: 0.0,
            width: 100.0,
            count: 2,
        }
    }

    #[test]
    fn single_server_by_hand() {
        // One slot; arrivals at 0 (work 10), 5 (work 10), 6 (patience until 8).
        let seats = always(1);
        let speed = [0.0, 1.0];
        let desk = Desk {
            chats: 1,
            speed: &speed,
            answer_within: 4.0,
            bins: bins(),
            seats: &seats,
            give_up_after: 1e9,
        };
        let arr = [
            Arrival {
                t: 0.0,
                work: 10.0,
                deadline: f64::INFINITY,
            },
            Arrival {
                t: 5.0,
                work: 10.0,
                deadline: f64::INFINITY,
            },
            Arrival {
                t: 6.0,
                work: 1.0,
                deadline: 8.0,
            },
        ];
        let t = run(&desk, arr);
        assert_eq!(t[0].offered, 3);
        assert_eq!(t[0].waited, 2);
        assert_eq!(t[0].answered, 2);
        assert_eq!(t[0].abandoned, 1);
        assert_eq!(t[0].within, 1);
        assert!((t[0].wait_sum - 5.0).abs() < 1e-12);
        assert!((t[0].busy - 20.0).abs() < 1e-9);
        assert!((t[0].avail - 100.0).abs() < 1e-9);
        assert!((t[1].avail - 100.0).abs() < 1e-9);
    }

    #[test]
    fn current_load_speeds_up_and_slows_down() {
        // Two slots, h(1) = 1, h(2) = 2: alone a chat of work 10 takes 10 s; two together
        // progress at half speed.
        let seats = always(1);
        let speed = [0.0, 1.0, 0.5];
        let desk = Desk {
            chats: 2,
            speed: &speed,
            answer_within: 0.0,
            bins: bins(),
            seats: &seats,
            give_up_after: 1e9,
        };
        let arr = [
            Arrival {
                t: 0.0,
                work: 10.0,
                deadline: f64::INFINITY,
            },
            Arrival {
                t: 5.0,
                work: 10.0,
                deadline: f64::INFINITY,
            },
        ];
        // First: 5 s alone (5 work), then 5 work at 0.5 → ends at 15. Second: from 5 to 15
        // does 5 work, then alone 5 more → ends at 20. Busy = 15 + 15 = 30 slot-seconds.
        let t = run(&desk, arr);
        assert!((t[0].busy - 30.0).abs() < 1e-9, "{}", t[0].busy);
        assert_eq!(t[0].within, 2);
    }

    #[test]
    fn breaks_and_shift_end_finish_chats() {
        let seats = [Presence {
            start: 0.0,
            end: 50.0,
            break_start: 10.0,
            break_end: 20.0,
        }];
        let speed = [0.0, 1.0];
        let desk = Desk {
            chats: 1,
            speed: &speed,
            answer_within: 100.0,
            bins: bins(),
            seats: &seats,
            give_up_after: 1e9,
        };
        let arr = [
            Arrival {
                t: 8.0,
                work: 5.0,
                deadline: f64::INFINITY,
            },
            Arrival {
                t: 14.0,
                work: 1.0,
                deadline: f64::INFINITY,
            },
            Arrival {
                t: 48.0,
                work: 30.0,
                deadline: f64::INFINITY,
            },
        ];
        let t = run(&desk, arr);
        // Chat 1 runs 8–13 over the break start; chat 2 waits until 20; chat 3 runs 48–78.
        assert_eq!(t[0].answered, 3);
        assert!((t[0].wait_sum - 6.0).abs() < 1e-12);
        assert!((t[0].busy - (5.0 + 1.0 + 30.0)).abs() < 1e-9);
        // Available: 0–10 and 20–50 taking chats (40), 10–13 finishing (3), 50–78 finishing.
        assert!(
            (t[0].avail - (40.0 + 3.0 + 28.0)).abs() < 1e-9,
            "{}",
            t[0].avail
        );
    }
}
