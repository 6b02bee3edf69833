//! Property tests of the queueing engine's monotonicity and consistency.

use proptest::prelude::*;

use seatplan::queueing::{
    erlang_a_metrics, erlang_c_metrics, min_stable_agents, required_agents, Concurrency,
    StaffingRequest,
};

/// Relative slack for comparisons of quantities that must be ordered mathematically but are
/// computed in f64.
const SLACK: f64 = 1e-12;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Erlang C service level rises with the number of agents above the traffic.
    #[test]
    fn erlang_c_sl_rises_with_agents(
        a in 0.05f64..800.0,
        aht in 20.0f64..1200.0,
        t in 0.0f64..300.0,
        extra in 0u32..60,
    ) {
        let n0 = min_stable_agents(a) + extra;
        let lo = erlang_c_metrics(a, aht, n0, t);
        let hi = erlang_c_metrics(a, aht, n0 + 1, t);
        prop_assert!(lo.stable && hi.stable);
        prop_assert!(hi.service_level >= lo.service_level - SLACK,
            "SL({}) = {} > SL({}) = {}", n0, lo.service_level, n0 + 1, hi.service_level);
        prop_assert!(hi.prob_wait <= lo.prob_wait * (1.0 + SLACK));
        prop_assert!(hi.asa_seconds <= lo.asa_seconds * (1.0 + SLACK));
    }

    /// Erlang A: P(abandon) falls and the service level rises with the number of agents.
    #[test]
    fn erlang_a_abandon_falls_with_agents(
        a in 0.05f64..150.0,
        aht in 30.0f64..900.0,
        patience in 10.0f64..3600.0,
        t in 0.0f64..120.0,
        frac in 0.0f64..1.6,
    ) {
        let n = ((a * frac).floor() as u32).max(1);
        let lo = erlang_a_metrics(a, aht, patience, n, t).unwrap();
        let hi = erlang_a_metrics(a, aht, patience, n + 1, t).unwrap();
        prop_assert!(hi.prob_abandon <= lo.prob_abandon * (1.0 + 1e-10) + 1e-300,
            "P_ab({n}) = {} < P_ab({}) = {}", lo.prob_abandon, n + 1, hi.prob_abandon);
        prop_assert!(hi.service_level >= lo.service_level - 1e-10);
        prop_assert!(hi.prob_wait <= lo.prob_wait * (1.0 + 1e-10) + 1e-300);
    }

    /// With the same agents n > A, abandonment can only shorten the queue: Erlang A's P(wait)
    /// is at most Erlang C's.
    #[test]
    fn erlang_a_wait_below_erlang_c(
        a in 0.05f64..300.0,
        aht in 30.0f64..900.0,
        patience in 5.0f64..7200.0,
        t in 0.0f64..120.0,
        extra in 0u32..40,
    ) {
        let n = min_stable_agents(a) + extra;
        let ea = erlang_a_metrics(a, aht, patience, n, t).unwrap();
        let ec = erlang_c_metrics(a, aht, n, t);
        prop_assert!(ea.prob_wait <= ec.prob_wait * (1.0 + 1e-10) + 1e-300,
            "A: {} C: {}", ea.prob_wait, ec.prob_wait);
        prop_assert!(ea.mean_wait_all_seconds <= ec.asa_seconds * (1.0 + 1e-10) + 1e-300);
    }

    /// Required seats never fall when traffic rises (Erlang C, any SL target and caps).
    #[test]
    fn required_seats_monotone_in_traffic(
        a in 0.0f64..1500.0,
        bump in 0.0f64..50.0,
        aht in 30.0f64..900.0,
        target in 0.0f64..0.999,
        t in 0.0f64..120.0,
        occ in 0.3f64..1.0,
        asa in proptest::option::of(1.0f64..120.0),
    ) {
        let mk = |traffic: f64| StaffingRequest {
            max_occupancy: occ,
            max_asa_seconds: asa,
            ..StaffingRequest::erlang_c(traffic, aht, target, t)
        };
        let r1 = required_agents(&mk(a)).unwrap();
        let r2 = required_agents(&mk(a + bump)).unwrap();
        prop_assert!(r2.required_agents >= r1.required_agents,
            "A={a}: {} seats, A={}: {} seats", r1.required_agents, a + bump, r2.required_agents);
        // and the answer is minimal and sufficient
        if a > 0.0 {
            prop_assert!(r1.service_level >= target);
            prop_assert!(r1.occupancy <= occ + 1e-9);
            if r1.agents_for_sl_only > min_stable_agents(a) {
                let below = erlang_c_metrics(a, aht, r1.agents_for_sl_only - 1, t);
                prop_assert!(below.service_level < target);
            }
        }
    }

    /// Same with Erlang A (patience) and an abandonment cap.
    #[test]
    fn required_seats_monotone_in_traffic_erlang_a(
        a in 0.0f64..120.0,
        bump in 0.0f64..20.0,
        aht in 60.0f64..600.0,
        patience in 20.0f64..1200.0,
        target in 0.0f64..0.99,
        cap in proptest::option::of(0.01f64..0.3),
    ) {
        let mk = |traffic: f64| StaffingRequest {
            patience_seconds: Some(patience),
            max_abandon_rate: cap,
            ..StaffingRequest::erlang_c(traffic, aht, target, 20.0)
        };
        let r1 = required_agents(&mk(a)).unwrap();
        let r2 = required_agents(&mk(a + bump)).unwrap();
        prop_assert!(r2.required_agents >= r1.required_agents);
        if a > 0.0 {
            prop_assert!(r1.service_level >= target);
            if let Some(c) = cap {
                prop_assert!(r1.prob_abandon <= c);
            }
        }
    }

    /// Concurrency with one chat is exactly plain Erlang C (and Erlang A).
    #[test]
    fn one_chat_is_plain_erlang(
        a in 0.0f64..1000.0,
        aht in 20.0f64..900.0,
        target in 0.0f64..0.999,
        t in 0.0f64..120.0,
        growth in 0.0f64..2.0,
        patience in proptest::option::of(30.0f64..900.0),
    ) {
        let a = if patience.is_some() { a / 10.0 } else { a };
        let base = StaffingRequest {
            patience_seconds: patience,
            ..StaffingRequest::erlang_c(a, aht, target, t)
        };
        let plain = required_agents(&base).unwrap();
        for c in [
            Concurrency::Slots { chats: 1, handle_time_growth: growth },
            Concurrency::Factors(vec![1.0]),
        ] {
            let r = required_agents(&StaffingRequest { concurrency: c, ..base.clone() }).unwrap();
            prop_assert_eq!(r, plain);
        }
        if patience.is_none() && a > 0.0 {
            // the search's fast series and the plain recursion agree to f64 noise
            let m = erlang_c_metrics(a, aht, plain.required_agents, t);
            let close = |x: f64, y: f64| (x - y).abs() <= 1e-12 * y.abs().max(1e-300);
            prop_assert!(close(plain.service_level, m.service_level));
            prop_assert!(close(plain.prob_wait, m.prob_wait));
        }
    }

    /// Chat: more parallel chats (no slow-down) never need more seats.
    #[test]
    fn more_chats_fewer_seats(
        a in 0.1f64..300.0,
        aht in 60.0f64..900.0,
        target in 0.1f64..0.99,
        c in 1u32..6,
    ) {
        let mk = |chats: u32| StaffingRequest {
            concurrency: Concurrency::Slots { chats, handle_time_growth: 0.0 },
            ..StaffingRequest::erlang_c(a, aht, target, 30.0)
        };
        let r1 = required_agents(&mk(c)).unwrap();
        let r2 = required_agents(&mk(c + 1)).unwrap();
        prop_assert!(r2.required_agents <= r1.required_agents);
    }

    /// No input makes the engine panic: bad numbers give errors, good ones answers.
    #[test]
    fn never_panics(
        a in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-1.0), Just(0.0), -10.0f64..5000.0],
        aht in prop_oneof![Just(f64::NAN), Just(0.0), Just(-5.0), 1.0f64..2000.0],
        target in prop_oneof![Just(f64::NAN), Just(1.0), Just(0.0), -0.5f64..1.5],
        t in prop_oneof![Just(f64::NAN), Just(-1.0), 0.0f64..1000.0],
        occ in prop_oneof![Just(f64::NAN), Just(0.0), Just(1e-300), 0.01f64..1.5],
        n in 0u32..3000,
        patience in prop_oneof![Just(f64::NAN), Just(0.0), Just(1e-9), Just(1e9), 1.0f64..1e5],
    ) {
        let req = StaffingRequest { max_occupancy: occ, ..StaffingRequest::erlang_c(a, aht, target, t) };
        let _ = required_agents(&req);
        let _ = erlang_c_metrics(a, aht, n, t);
        if n < 600 {
            let _ = erlang_a_metrics(a.min(800.0), aht, patience, n, t);
        }
    }
}
