//! A scenario: every input of one planning run, validated and cross-checked.

use super::{Agent, Calendar, History, Pool, PriceBook, Rules, Shop};
use serde::Serialize;

/// Every input of a planning run. The readers guarantee: ids unique, every shop's pool exists,
/// every pool has a shop (a dedicated pool exactly one), every agent's pools exist, history
/// and calendar reference known shops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Pools in file order.
    pub pools: Vec<Pool>,
    /// Shops in file order.
    pub shops: Vec<Shop>,
    /// Hourly history per shop.
    pub history: History,
    /// Holidays, promotions and events.
    pub calendar: Calendar,
    /// Agents in file order.
    pub agents: Vec<Agent>,
    /// Labour rules and shift templates.
    pub rules: Rules,
    /// Cost parameters and price points.
    pub prices: PriceBook,
}

impl Scenario {
    /// The shop with id `id`.
    pub fn shop(&self, id: &str) -> Option<&Shop> {
        self.shops.iter().find(|s| s.id == id)
    }

    /// The pool with id `id`.
    pub fn pool(&self, id: &str) -> Option<&Pool> {
        self.pools.iter().find(|p| p.id == id)
    }

    /// Shops served by pool `pool`.
    pub fn shops_in<'a>(&'a self, pool: &'a str) -> impl Iterator<Item = &'a Shop> + 'a {
        self.shops.iter().filter(move |s| s.pool == pool)
    }

    /// Agents trained for pool `pool`.
    pub fn agents_for<'a>(&'a self, pool: &'a str) -> impl Iterator<Item = &'a Agent> + 'a {
        self.agents.iter().filter(move |a| a.serves(pool))
    }

    /// Shrinkage of pool `pool`: its own or the rules' default.
    pub fn shrinkage(&self, pool: &Pool) -> f64 {
        pool.shrinkage.unwrap_or(self.rules.sizing.shrinkage)
    }
}
