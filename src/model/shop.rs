//! Shops (the client stores) and pools (the seats that serve them).

use serde::Serialize;
use std::fmt;

/// The marketplace a shop sells on; platforms differ in response KPIs and traffic shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Platform {
    /// Taobao (淘宝).
    Taobao,
    /// Tmall (天猫).
    Tmall,
    /// JD.com (京东).
    Jd,
    /// Pinduoduo (拼多多).
    Pinduoduo,
    /// Douyin shop (抖音).
    Douyin,
    /// Any other channel (own website, WeChat mini-shop, ...).
    Other,
}

impl Platform {
    /// Every platform, in the order summaries list them.
    pub const ALL: [Platform; 6] = [
        Platform::Taobao,
        Platform::Tmall,
        Platform::Jd,
        Platform::Pinduoduo,
        Platform::Douyin,
        Platform::Other,
    ];

    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Taobao => "taobao",
            Platform::Tmall => "tmall",
            Platform::Jd => "jd",
            Platform::Pinduoduo => "pinduoduo",
            Platform::Douyin => "douyin",
            Platform::Other => "other",
        }
    }

    /// Parses the input-file spelling (case-insensitive; a few common aliases accepted).
    pub fn parse(s: &str) -> Option<Platform> {
        match s.trim().to_ascii_lowercase().as_str() {
            "taobao" | "淘宝" => Some(Platform::Taobao),
            "tmall" | "天猫" => Some(Platform::Tmall),
            "jd" | "jingdong" | "京东" => Some(Platform::Jd),
            "pinduoduo" | "pdd" | "拼多多" => Some(Platform::Pinduoduo),
            "douyin" | "抖音" => Some(Platform::Douyin),
            "other" => Some(Platform::Other),
            _ => None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How customers reach the shop's service desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Channel {
    /// Online chat (旺旺, 咚咚, ...): an agent may hold several chats at once.
    Chat,
    /// Telephone: one call per agent.
    Phone,
}

impl Channel {
    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Chat => "chat",
            Channel::Phone => "phone",
        }
    }
}

/// The daily window during which a shop's desk is staffed, on whole hours.
///
/// `open` is the first open hour (0–23) and `hours` the number of consecutive open hours
/// (1–24); a window may run past midnight (`22:00-02:00` is open 22, 23, 0, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ServiceHours {
    /// First open hour of the day, 0–23.
    pub open: u8,
    /// Number of consecutive open hours, 1–24.
    pub hours: u8,
}

impl ServiceHours {
    /// Around the clock.
    pub const ALWAYS: ServiceHours = ServiceHours { open: 0, hours: 24 };

    /// Whether the hour of day `h` (0–23) falls inside the window.
    pub fn is_open(&self, h: u32) -> bool {
        let rel = (h + 24 - self.open as u32) % 24;
        rel < self.hours as u32
    }

    /// Whether the window covers all 24 hours.
    pub fn is_24h(&self) -> bool {
        self.hours == 24
    }
}

impl fmt::Display for ServiceHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = self.open as u32 + self.hours as u32;
        let end = if end > 24 { end - 24 } else { end };
        write!(f, "{:02}:00-{:02}:00", self.open, end)
    }
}

/// The price model a shop is billed under (details and rates live in the price book).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BillingPlan {
    /// Fixed monthly fee per dedicated seat (专人专店).
    DedicatedSeat,
    /// Low monthly base per seat plus a commission on the sales the seats close.
    BaseCommission,
    /// Commission on closed sales only.
    Commission,
    /// Per inquiry, priced by tiers of the shop's daily average volume.
    PerInquiry,
    /// Different prices for new and returning customers' inquiries, with a monthly floor.
    NewReturning,
    /// A monthly package with included inquiries and an overage price.
    Package,
}

impl BillingPlan {
    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            BillingPlan::DedicatedSeat => "dedicated_seat",
            BillingPlan::BaseCommission => "base_commission",
            BillingPlan::Commission => "commission",
            BillingPlan::PerInquiry => "per_inquiry",
            BillingPlan::NewReturning => "new_returning",
            BillingPlan::Package => "package",
        }
    }

    /// Every plan, for parsing and help texts.
    pub const ALL: [BillingPlan; 6] = [
        BillingPlan::DedicatedSeat,
        BillingPlan::BaseCommission,
        BillingPlan::Commission,
        BillingPlan::PerInquiry,
        BillingPlan::NewReturning,
        BillingPlan::Package,
    ];
}

/// A client store whose inquiries seatplan forecasts and staffs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shop {
    /// Unique id used in every file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Marketplace.
    pub platform: Platform,
    /// The pool whose agents serve this shop.
    pub pool: String,
    /// Chat or phone.
    pub channel: Channel,
    /// Daily staffed window.
    pub service_hours: ServiceHours,
    /// Average handle time of one inquiry in seconds (per chat, when handled alone).
    pub aht_seconds: f64,
    /// Most chats an agent holds at once (1 for phone).
    pub concurrency: u32,
    /// Service-level target: share answered within `sla_seconds`, in (0, 1].
    pub sla_target: f64,
    /// Answer-time threshold of the service level, seconds.
    pub sla_seconds: f64,
    /// Mean customer patience in seconds (Erlang A); `None` means customers never abandon.
    pub patience_seconds: Option<f64>,
    /// Average order value, CNY (commission plans).
    pub order_value: f64,
    /// Share of inquiries that turn into an order, in [0, 1] (commission plans).
    pub conversion: f64,
    /// How the shop is billed.
    pub plan: BillingPlan,
}

/// Whether a pool's seats belong to one shop or are shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PoolMode {
    /// One shop; its agents serve nobody else (专人专店).
    Dedicated,
    /// Several small shops served by cross-trained agents; sized on the pooled traffic.
    Shared,
}

impl PoolMode {
    /// The spelling used in input files.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolMode::Dedicated => "dedicated",
            PoolMode::Shared => "shared",
        }
    }
}

/// A set of seats serving a set of shops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pool {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Dedicated or shared.
    pub mode: PoolMode,
    /// Share of paid time agents are not available for inquiries (breaks, training, meetings),
    /// in [0, 1); `None` uses the default in `rules.toml`.
    pub shrinkage: Option<f64>,
}
