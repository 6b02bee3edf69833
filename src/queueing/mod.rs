//! Queueing engine: Erlang B/C, Erlang A, chat concurrency, required seats, shrinkage, pools.
//!
//! Pure library code — no file access, no printing. Times are seconds, traffic is in Erlangs
//! (`arrivals × AHT / interval`).
//!
//! | need | function |
//! |------|----------|
//! | metrics of M/M/n at a staffing level | [`erlang_c_metrics`] ([`erlang_b`], [`erlang_c()`]) |
//! | metrics of M/M/n+M (patience) | [`erlang_a_metrics`] |
//! | smallest seats for SL / occupancy / ASA / abandonment targets | [`required_agents`] |
//! | seats to schedule after shrinkage | [`scheduled_agents`] |
//! | chat concurrency → equivalent queue | [`Concurrency::equivalent`] |
//! | several shops in one pool | [`combine_shops`], [`size_pool`] |
//! | input checks | [`StaffingRequest::validate`], [`ShopLoad::validate`], [`validate_erlang_inputs`], [`traffic_erlangs`], [`validate_shrinkage`], [`validate_interval`] |
//!
//! # Conventions
//! * **Erlang C unstable input** (`n ≤ A` up to a 1e−12 relative tolerance, or `n = 0`)
//!   returns the limits `P(wait) = 1`, `SL = 0`, `ASA = ∞`, `occupancy = 1` with
//!   `stable = false` rather than an error.
//! * **Erlang A** is stable at any `n`; its sizing service level is "answered within T /
//!   offered", and the other definitions are reported alongside (see [`erlang_a`]).
//! * **ASA** is the mean wait of *answered* contacts; under Erlang C that is the mean wait of
//!   all arrivals `C·AHT/(n − A)`.
//! * **Ceilings** (occupancy `A/cap`, shrinkage `required/(1 − s)`) forgive f64 noise of
//!   1e−9 relative, so 21 Erlangs at a 0.7 cap need 30 seats, not 31.
//!
//! # Chat concurrency
//! An agent has `c` slots, one chat each; a chat held at concurrency `c` takes
//! `AHT₁·h(c)` on average, with `h(c) = 1 + g·(c − 1)` ([`Concurrency::Slots`]) or
//! `h(c) = c / f_c` from a table of effective agents per agent ([`Concurrency::Factors`]).
//! The engine sizes the equivalent M/M/(n·c) (or +M) queue with holding time `AHT₁·h(c)` and
//! load `A₁·h(c)` slot-Erlangs, then seats `n = ⌈slots / c⌉`; `c = 1` is exactly Erlang C/A.
//! The slow-down is charged at full concurrency whatever an agent currently holds
//! (conservative when lightly loaded), handle times are exponential, and routing is "any free
//! slot". Full statement and limits: [`concurrency`].

pub mod concurrency;
pub mod erlang_a;
pub mod erlang_c;
pub mod error;
pub mod pool;
pub mod staffing;

pub use concurrency::{Concurrency, EquivalentQueue};
pub use erlang_a::{erlang_a_metrics, ErlangAMetrics};
pub use erlang_c::{
    erlang_b, erlang_c, erlang_c_metrics, is_stable, min_stable_agents, ErlangCMetrics,
    STABILITY_RTOL,
};
pub use error::{
    traffic_erlangs, validate_erlang_inputs, validate_interval, validate_shrinkage, QueueingError,
    Result,
};
pub use pool::{combine_shops, size_pool, PoolSizing, ShopLoad, SizingPolicy};
pub use staffing::{required_agents, scheduled_agents, Binding, Model, Staffing, StaffingRequest};
