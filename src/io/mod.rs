//! Reading and writing files: the edge of the pipeline. Readers take text and return the
//! model or every problem found (file, line, field, expected); [`load_scenario`] reads a
//! scenario directory and cross-checks the files; [`write_atomic`] writes outputs so that a
//! crash never leaves a half-written file.

mod csv_inputs;
mod demand;
mod nrp;
mod problem;
mod roster;
mod scenario;
mod scenario_file;
mod series;
mod table;
mod toml_inputs;
mod write;

pub use csv_inputs::{
    parse_service_hours, read_agents, read_calendar, read_history, read_pools, read_shops,
    ShopsRead,
};
pub use demand::{read_demand, read_requirements, MAX_DEMAND_HOURS};
pub use nrp::{nrp_start, read_nrp, NrpCover, NrpInstance, NrpRequest, NrpScore, NRP_POOL};
pub use problem::{InputError, Problem};
pub use roster::{read_preferences, read_roster};
pub use scenario::{load_scenario, parse_scenario, ScenarioFiles, SCENARIO_FILES};
pub use scenario_file::{read_scenario_spec, MAX_EXTRA_TEMPS, MAX_UPLIFT};
pub use series::{map_special_kind, read_series, read_special_days, SpecialKind};
pub use table::{parse_date, parse_date_range, parse_timestamp, Bound, Table};
pub use toml_inputs::{read_prices, read_rules};
pub use write::write_atomic;
