//! `seatplan erlang`: the calculator people use pyworkforce for. JSON field names follow the
//! reference vectors (`traffic_erlangs, prob_wait, service_level, asa_seconds, occupancy,
//! prob_abandon, required_agents`); scripts depend on these spellings.

use super::Format;
use crate::queueing::{
    erlang_a_metrics, erlang_c_metrics, required_agents, scheduled_agents, traffic_erlangs,
    validate_erlang_inputs, StaffingRequest,
};
use crate::size::concurrency_model;
use crate::{Error, Result};
use clap::Args;
use serde::Serialize;

/// Arguments of `seatplan erlang`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct ErlangArgs {
    /// Contacts (calls or chats) arriving in the interval.
    #[arg(long)]
    pub calls: f64,
    /// Interval length, seconds.
    #[arg(long, default_value_t = 3600.0)]
    pub interval: f64,
    /// Average handle time of a contact handled alone, seconds.
    #[arg(long)]
    pub aht: f64,
    /// Service-level threshold: answered within this many seconds.
    #[arg(long, default_value_t = 20.0)]
    pub answer_within: f64,
    /// Agents on duty: print the metrics they reach.
    #[arg(long, required_unless_present = "target_sl")]
    pub agents: Option<u32>,
    /// Service-level target in (0, 1]: print the agents needed.
    #[arg(long)]
    pub target_sl: Option<f64>,
    /// Mean customer patience, seconds: switches Erlang C to Erlang A (abandonment).
    #[arg(long)]
    pub patience: Option<f64>,
    /// Chats an agent holds at once (effective-agent factors 1, 1.7, 2.5, 2.9, 3.5 unless
    /// --concurrency-factors says otherwise).
    #[arg(long, default_value_t = 1)]
    pub concurrency: u32,
    /// Effective agents of one agent holding 1, 2, 3, ... chats, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1.0, 1.7, 2.5, 2.9, 3.5])]
    pub concurrency_factors: Vec<f64>,
    /// Occupancy cap in (0, 1] for the required-agents search.
    #[arg(long, default_value_t = 1.0)]
    pub max_occupancy: f64,
    /// Cap on the average speed of answer, seconds.
    #[arg(long)]
    pub max_asa: Option<f64>,
    /// Cap on the abandonment rate (needs --patience).
    #[arg(long)]
    pub max_abandon: Option<f64>,
    /// Shrinkage in [0, 1): adds `scheduled_agents = ceil(required / (1 − shrinkage))`.
    #[arg(long)]
    pub shrinkage: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// What the calculator prints.
#[derive(Debug, Serialize, PartialEq)]
pub struct ErlangOutput {
    /// `erlang_c` or `erlang_a`.
    pub model: &'static str,
    /// Offered traffic, Erlangs (single-chat work).
    pub traffic_erlangs: f64,
    /// Agents the metrics are for.
    pub agents: u32,
    /// Probability an arrival waits.
    pub prob_wait: f64,
    /// Answered within the threshold / offered.
    pub service_level: f64,
    /// Mean wait of answered contacts, seconds (Erlang C: over all arrivals, who all are
    /// answered).
    pub asa_seconds: f64,
    /// Occupancy (slot occupancy with concurrency).
    pub occupancy: f64,
    /// Probability an arrival abandons (0 for Erlang C).
    pub prob_abandon: f64,
    /// Smallest number of agents meeting the targets (with --target-sl).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_agents: Option<u32>,
    /// Which targets bind (with --target-sl).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binding: Option<String>,
    /// Agents to schedule after shrinkage (with --shrinkage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_agents: Option<u32>,
}

/// Computes the calculator's answer.
pub fn compute(a: &ErlangArgs) -> Result<ErlangOutput> {
    let traffic = traffic_erlangs(a.calls, a.interval, a.aht)?;
    validate_erlang_inputs(traffic, a.aht, a.answer_within)?;
    if a.concurrency == 0 || a.concurrency as usize > a.concurrency_factors.len() {
        return Err(Error::Usage(format!(
            "--concurrency {} needs 1..{} (one factor per chat in --concurrency-factors)",
            a.concurrency,
            a.concurrency_factors.len()
        )));
    }
    let concurrency = concurrency_model(a.concurrency, &a.concurrency_factors);
    concurrency.validate()?;
    let q = concurrency.equivalent(traffic, a.aht);
    let metrics_at = |agents: u32| -> Result<ErlangOutput> {
        let slots = q.slots_for_seats(agents);
        Ok(match a.patience {
            None => {
                let m = erlang_c_metrics(q.traffic_erlangs, q.aht_seconds, slots, a.answer_within);
                ErlangOutput {
                    model: "erlang_c",
                    traffic_erlangs: traffic,
                    agents,
                    prob_wait: m.prob_wait,
                    service_level: m.service_level,
                    asa_seconds: m.asa_seconds,
                    occupancy: m.occupancy,
                    prob_abandon: 0.0,
                    required_agents: None,
                    binding: None,
                    scheduled_agents: None,
                }
            }
            Some(p) => {
                let m =
                    erlang_a_metrics(q.traffic_erlangs, q.aht_seconds, p, slots, a.answer_within)?;
                ErlangOutput {
                    model: "erlang_a",
                    traffic_erlangs: traffic,
                    agents,
                    prob_wait: m.prob_wait,
                    service_level: m.service_level,
                    asa_seconds: m.asa_answered_seconds,
                    occupancy: m.occupancy,
                    prob_abandon: m.prob_abandon,
                    required_agents: None,
                    binding: None,
                    scheduled_agents: None,
                }
            }
        })
    };
    let required = match a.target_sl {
        None => None,
        Some(target) => {
            if !(target > 0.0 && target <= 1.0) {
                return Err(Error::Usage(format!(
                    "--target-sl {target} must be in (0, 1]"
                )));
            }
            let req = StaffingRequest {
                traffic_erlangs: traffic,
                aht_seconds: a.aht,
                target_service_level: target,
                answer_within_seconds: a.answer_within,
                max_occupancy: a.max_occupancy,
                max_asa_seconds: a.max_asa,
                patience_seconds: a.patience,
                max_abandon_rate: a.max_abandon,
                concurrency: concurrency.clone(),
            };
            Some(required_agents(&req)?)
        }
    };
    let agents = a
        .agents
        .or(required.map(|s| s.required_agents))
        .unwrap_or(0);
    let mut out = metrics_at(agents)?;
    if let Some(s) = required {
        out.required_agents = Some(s.required_agents);
        out.binding = Some(s.binding.label());
        if let Some(sh) = a.shrinkage {
            out.scheduled_agents = Some(scheduled_agents(s.required_agents, sh)?);
        }
    } else if let Some(sh) = a.shrinkage {
        out.scheduled_agents = Some(scheduled_agents(agents, sh)?);
    }
    Ok(out)
}

/// Runs the calculator and prints its answer.
pub fn run(a: &ErlangArgs) -> Result<()> {
    let out = compute(a)?;
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default()),
        Format::Text => {
            println!("model            {}", out.model);
            println!("traffic          {:.4} Erlangs", out.traffic_erlangs);
            if let Some(n) = out.required_agents {
                println!(
                    "required agents  {n} ({} binds)",
                    out.binding.as_deref().unwrap_or("-")
                );
            }
            if let Some(n) = out.scheduled_agents {
                println!("scheduled        {n} (after shrinkage)");
            }
            println!("at {} agents:", out.agents);
            println!("  P(wait)        {:.6}", out.prob_wait);
            println!(
                "  service level  {:.6} (answered within {} s / offered)",
                out.service_level, a.answer_within
            );
            println!("  ASA            {:.3} s", out.asa_seconds);
            println!("  occupancy      {:.6}", out.occupancy);
            if a.patience.is_some() {
                println!("  P(abandon)     {:.6}", out.prob_abandon);
            }
        }
    }
    Ok(())
}
