//! Chat concurrency: how an agent who holds several chats at once maps to an Erlang queue.
//!
//! # Model ("slots")
//! An online agent has `c` **slots**; each slot holds one chat. A chat that arrives while any
//! slot of any agent is free starts at once; otherwise it joins one FCFS queue shared by all
//! agents. While a chat is held it occupies its slot for an exponential **per-chat handle
//! time** of mean
//!
//! ```text
//! AHT_c = AHT₁ · h(c)
//! ```
//!
//! where `AHT₁` is the handle time of a chat handled alone (the `aht_seconds` the engine is
//! given) and `h(c) ≥ 1` is the slow-down of working `c` chats in parallel:
//!
//! * [`Concurrency::Single`] — `c = 1`, `h = 1` (voice, e-mail);
//! * [`Concurrency::Slots`] `{ chats: c, handle_time_growth: g }` — `h(c) = 1 + g·(c − 1)`
//!   (e.g. `g = 0.25`: each extra parallel chat makes every chat take 25 % of `AHT₁` longer);
//! * [`Concurrency::Factors`]`(f)` — `f[i]` is the number of single-chat agents that one agent
//!   holding `i + 1` chats is worth (`f[0] = 1`, e.g. `[1.0, 1.7, 2.5]`); the agent takes up to
//!   `c = f.len()` chats and `h(c) = c / f[c−1]` (an agent with 3 slots worth 2.5 agents
//!   keeps each chat 3/2.5 = 1.2 × AHT₁).
//!
//! The **equivalent queue** ([`EquivalentQueue`]) is then an ordinary M/M/m (Erlang C) or
//! M/M/m+M (Erlang A, same patience) queue with `m = n·c` servers (slots), mean service time
//! `AHT_c` and offered load `A_c = λ·AHT_c = A₁·h(c)` slot-Erlangs. Service level, ASA and
//! abandonment of chats are those of that queue; seats are `n = ⌈m / c⌉`; occupancy is slot
//! occupancy `A_c / (n·c)`. With `c = 1` every quantity is bit-for-bit plain Erlang C/A.
//!
//! # Limits of the model
//! * The slow-down is charged at full concurrency `c` whatever the number of chats an agent
//!   currently holds, so a lightly loaded agent is modelled as slower than they are: the model
//!   is conservative (over-staffs a little) at low occupancy and exact when all slots are busy,
//!   which is when waiting happens.
//! * Handle times are exponential and independent of each other (no shared attention budget
//!   within an agent beyond `h(c)`); customer think-time inside a chat is part of the handle
//!   time.
//! * Routing is "any free slot": it ignores which agent already holds which chats.
//!
//! A discrete-event simulation that wants to check the engine should therefore simulate
//! `n·c` slots with exponential holding times of mean `AHT₁·h(c)`, one FCFS queue and (for
//! Erlang A) exponential patience.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::{QueueingError, Result};

/// How many chats an agent holds at once and how much that slows each chat down.
/// See the module documentation for the exact model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Concurrency {
    /// One contact at a time: plain Erlang C / Erlang A.
    #[default]
    Single,
    /// Up to `chats` chats at once; each chat takes `AHT₁·(1 + handle_time_growth·(chats−1))`.
    Slots {
        /// Slots per agent `c ≥ 1`.
        chats: u32,
        /// Relative growth of the per-chat handle time per additional parallel chat (`g ≥ 0`).
        handle_time_growth: f64,
    },
    /// Effective agents per agent holding `i+1` chats (`f[0] = 1`, `0 < f[i] ≤ i+1`);
    /// the agent holds up to `f.len()` chats.
    Factors(Vec<f64>),
}

impl fmt::Display for Concurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Concurrency::Single => write!(f, "single"),
            Concurrency::Slots {
                chats,
                handle_time_growth,
            } => write!(f, "slots(chats={chats}, growth={handle_time_growth})"),
            Concurrency::Factors(v) => write!(f, "factors({v:?})"),
        }
    }
}

/// The single-class queue equivalent to a concurrency model (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EquivalentQueue {
    /// Servers (slots) per agent `c`.
    pub slots_per_agent: u32,
    /// Mean holding time of a slot, seconds: `AHT₁·h(c)`.
    pub aht_seconds: f64,
    /// Offered load in slot-Erlangs: `A₁·h(c)`.
    pub traffic_erlangs: f64,
}

impl EquivalentQueue {
    /// Seats needed to provide `slots` servers: `⌈slots / c⌉`.
    #[inline]
    pub fn seats_for_slots(&self, slots: u32) -> u32 {
        let c = self.slots_per_agent.max(1);
        slots / c + u32::from(!slots.is_multiple_of(c))
    }

    /// Servers (slots) provided by `seats` agents: `seats·c` (saturating).
    #[inline]
    pub fn slots_for_seats(&self, seats: u32) -> u32 {
        seats.saturating_mul(self.slots_per_agent.max(1))
    }
}

impl Concurrency {
    /// Checks the description: at least one chat, finite non-negative growth, and a factor
    /// table with `f[0] = 1` and `0 < f[i] ≤ i + 1`.
    pub fn validate(&self) -> Result<()> {
        match self {
            Concurrency::Single => Ok(()),
            Concurrency::Slots {
                chats,
                handle_time_growth,
            } => {
                if *chats < 1 {
                    return Err(QueueingError::InvalidConcurrency(format!(
                        "chats must be at least 1, got {chats}"
                    )));
                }
                if !(handle_time_growth.is_finite() && *handle_time_growth >= 0.0) {
                    return Err(QueueingError::InvalidConcurrency(format!(
                        "handle_time_growth must be a finite number >= 0, got {handle_time_growth}"
                    )));
                }
                Ok(())
            }
            Concurrency::Factors(f) => {
                if f.is_empty() {
                    return Err(QueueingError::InvalidConcurrency(
                        "the factor table needs at least one entry (1.0 for one chat)".into(),
                    ));
                }
                if f.len() > u32::MAX as usize {
                    return Err(QueueingError::InvalidConcurrency("too many factors".into()));
                }
                if f[0] != 1.0 {
                    return Err(QueueingError::InvalidConcurrency(format!(
                        "factor for one chat must be 1.0, got {}",
                        f[0]
                    )));
                }
                for (i, &v) in f.iter().enumerate() {
                    let c = (i + 1) as f64;
                    if !(v.is_finite() && v > 0.0 && v <= c * (1.0 + 1e-12)) {
                        return Err(QueueingError::InvalidConcurrency(format!(
                            "factor for {} chats must be in (0, {}], got {v}",
                            i + 1,
                            i + 1
                        )));
                    }
                }
                Ok(())
            }
        }
    }

    /// Chats an agent holds at most (`c`). Returns at least 1 even for invalid input.
    pub fn chats(&self) -> u32 {
        match self {
            Concurrency::Single => 1,
            Concurrency::Slots { chats, .. } => (*chats).max(1),
            Concurrency::Factors(f) => (f.len() as u32).max(1),
        }
    }

    /// Per-chat handle-time multiplier `h(c)` (1 for a single chat).
    pub fn handle_time_factor(&self) -> f64 {
        match self {
            Concurrency::Single => 1.0,
            Concurrency::Slots {
                chats,
                handle_time_growth,
            } => {
                if *chats <= 1 {
                    1.0
                } else {
                    1.0 + handle_time_growth * (*chats - 1) as f64
                }
            }
            Concurrency::Factors(f) => match f.len() {
                0 | 1 => 1.0,
                c => c as f64 / f[c - 1],
            },
        }
    }

    /// Single-chat agents one agent is worth at full concurrency: `c / h(c)`.
    pub fn effective_agents_per_seat(&self) -> f64 {
        self.chats() as f64 / self.handle_time_factor()
    }

    /// The equivalent single-class queue for `traffic_erlangs` (chats per second × AHT₁) and
    /// `aht_seconds` (= AHT₁, handle time of a chat handled alone). With `c = 1` it returns the
    /// inputs unchanged.
    pub fn equivalent(&self, traffic_erlangs: f64, aht_seconds: f64) -> EquivalentQueue {
        let c = self.chats();
        if c == 1 {
            return EquivalentQueue {
                slots_per_agent: 1,
                aht_seconds,
                traffic_erlangs,
            };
        }
        let h = self.handle_time_factor();
        EquivalentQueue {
            slots_per_agent: c,
            aht_seconds: aht_seconds * h,
            traffic_erlangs: traffic_erlangs * h,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_is_identity() {
        let e = Concurrency::Single.equivalent(17.3, 360.0);
        assert_eq!(e.traffic_erlangs, 17.3);
        assert_eq!(e.aht_seconds, 360.0);
        let s = Concurrency::Slots {
            chats: 1,
            handle_time_growth: 0.7,
        };
        assert_eq!(s.equivalent(17.3, 360.0), e);
        assert_eq!(Concurrency::Factors(vec![1.0]).equivalent(17.3, 360.0), e);
    }

    #[test]
    fn factors_and_slots_agree() {
        let f = Concurrency::Factors(vec![1.0, 1.7, 2.5]);
        assert!(f.validate().is_ok());
        assert!((f.handle_time_factor() - 1.2).abs() < 1e-15);
        let s = Concurrency::Slots {
            chats: 3,
            handle_time_growth: 0.1,
        };
        assert!((s.handle_time_factor() - 1.2).abs() < 1e-15);
        assert_eq!(f.chats(), 3);
        let e = f.equivalent(10.0, 100.0);
        assert_eq!(e.seats_for_slots(7), 3);
        assert_eq!(e.seats_for_slots(6), 2);
        assert_eq!(e.slots_for_seats(4), 12);
    }

    #[test]
    fn rejects_bad_descriptions() {
        assert!(Concurrency::Slots {
            chats: 0,
            handle_time_growth: 0.0
        }
        .validate()
        .is_err());
        assert!(Concurrency::Slots {
            chats: 2,
            handle_time_growth: f64::NAN
        }
        .validate()
        .is_err());
        assert!(Concurrency::Factors(vec![]).validate().is_err());
        assert!(Concurrency::Factors(vec![0.9, 1.5]).validate().is_err());
        assert!(Concurrency::Factors(vec![1.0, 2.5]).validate().is_err());
    }
}
