//! Output formats: the CSV tables seatplan writes and the text tables it prints. Pure
//! functions from typed results to text; writing files is the CLI's job.

use crate::size::Requirements;
use std::fmt::Write;

/// `requirements.csv`: one row per pool-hour.
pub fn requirements_csv(r: &Requirements) -> String {
    let mut s = String::from(
        "pool,hour,open_shops,arrivals,aht_seconds,traffic_erlangs,required_seats,scheduled_seats,service_level,asa_seconds,prob_abandon,occupancy,binding,standalone_required\n",
    );
    for x in &r.rows {
        let _ = writeln!(
            s,
            "{},{},{},{:.3},{:.1},{:.4},{},{},{:.6},{:.3},{:.6},{:.6},{},{}",
            x.pool,
            x.hour.format("%Y-%m-%d %H:%M"),
            x.open_shops,
            x.arrivals,
            x.aht_seconds,
            x.traffic_erlangs,
            x.required,
            x.scheduled,
            x.service_level,
            x.asa_seconds,
            x.prob_abandon,
            x.occupancy,
            x.binding,
            x.standalone_required
        );
    }
    s
}

/// A text table of the pool totals, with the pooling saving.
pub fn requirements_table(r: &Requirements) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<12} {:<9} {:>10} {:>6} {:>6} {:>10} {:>10} {:>10} {:>8}",
        "pool", "mode", "inquiries", "peak", "peak+", "seat-h", "sched-h", "alone-h", "saving"
    );
    for p in &r.pools {
        let pct = if p.standalone_seat_hours > 0 {
            100.0 * p.pooling_saving_seat_hours as f64 / p.standalone_seat_hours as f64
        } else {
            0.0
        };
        let _ = writeln!(
            s,
            "{:<12} {:<9} {:>10.0} {:>6} {:>6} {:>10} {:>10} {:>10} {:>7.1}%",
            p.pool,
            p.mode,
            p.inquiries,
            p.peak_required,
            p.peak_scheduled,
            p.required_seat_hours,
            p.scheduled_seat_hours,
            p.standalone_seat_hours,
            pct
        );
    }
    let _ = writeln!(
        s,
        "peak = most seats needed on the floor in an hour; peak+ = with shrinkage; seat-h = required seat-hours;\nalone-h = seat-hours if each shop were staffed alone; saving = pooling saving."
    );
    s
}
