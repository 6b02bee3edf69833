//! Cost categories: what a week (or month) of service costs the outsourcer, line by line.

use serde::Serialize;
use std::ops::AddAssign;

/// Cost of a roster (or of a share of one) by category, CNY over one period (a roster week,
/// or a month after [`CostCategories::scaled`]).
///
/// The labour lines add up to what the roster pays its people; overhead and supervision are
/// charged per full-time equivalent (FTE, see [`crate::cost`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CostCategories {
    /// Employees' wages for rostered hours at 100 % (monthly salary ÷ (pay days × hours per
    /// day) per hour, hourly wage, or day rate per shift).
    pub base_wages: f64,
    /// Extra pay for rest-day work: `(multiplier − 1) ×` base (200 % under the standard hours
    /// system without time off in lieu).
    pub rest_day_premium: f64,
    /// Extra pay for statutory-holiday work: `(multiplier − 1) ×` base (300 %).
    pub holiday_premium: f64,
    /// Weekday overtime premium: `(overtime multiplier − 1) ×` hourly wage × overtime hours
    /// (the 100 % part is already in `base_wages`).
    pub overtime: f64,
    /// Night allowance per night shift (not subject to social insurance).
    pub night_allowance: f64,
    /// Employer social insurance and housing fund on every wage line above and on
    /// `idle_guaranteed` (`social_insurance_rate ×` wages).
    pub social_insurance: f64,
    /// Guaranteed hours of salaried and part-time agents that the roster leaves unused: paid
    /// anyway (wages only; their social insurance is in `social_insurance`).
    pub idle_guaranteed: f64,
    /// Temporary staff, all-in (day rate × the day's pay multiplier; agency on-costs included).
    pub temporaries: f64,
    /// Equipment per FTE-month.
    pub equipment: f64,
    /// Software and platform licences per FTE-month.
    pub software: f64,
    /// Site overhead (rent, utilities, admin) per FTE-month.
    pub site_overhead: f64,
    /// Team leads: `FTE ÷ team_lead_span ×` a lead's monthly cost.
    pub team_leads: f64,
    /// Quality assurance: `FTE ÷ qa_span ×` a QA specialist's monthly cost.
    pub qa: f64,
}

impl CostCategories {
    /// Labour: wages, premiums, overtime, night allowance, social insurance, idle guaranteed
    /// hours and temporaries.
    pub fn labour(&self) -> f64 {
        self.base_wages
            + self.rest_day_premium
            + self.holiday_premium
            + self.overtime
            + self.night_allowance
            + self.social_insurance
            + self.idle_guaranteed
            + self.temporaries
    }

    /// Equipment, software and site overhead.
    pub fn overhead(&self) -> f64 {
        self.equipment + self.software + self.site_overhead
    }

    /// Team leads and QA.
    pub fn supervision(&self) -> f64 {
        self.team_leads + self.qa
    }

    /// Everything.
    pub fn total(&self) -> f64 {
        self.labour() + self.overhead() + self.supervision()
    }

    /// Every line multiplied by `f` (e.g. [`super::WEEKS_PER_MONTH`] for week → month).
    pub fn scaled(&self, f: f64) -> CostCategories {
        CostCategories {
            base_wages: self.base_wages * f,
            rest_day_premium: self.rest_day_premium * f,
            holiday_premium: self.holiday_premium * f,
            overtime: self.overtime * f,
            night_allowance: self.night_allowance * f,
            social_insurance: self.social_insurance * f,
            idle_guaranteed: self.idle_guaranteed * f,
            temporaries: self.temporaries * f,
            equipment: self.equipment * f,
            software: self.software * f,
            site_overhead: self.site_overhead * f,
            team_leads: self.team_leads * f,
            qa: self.qa * f,
        }
    }

    /// The lines with their labels, in report order.
    pub fn lines(&self) -> [(&'static str, f64); 13] {
        [
            ("base wages", self.base_wages),
            ("rest-day premium", self.rest_day_premium),
            ("holiday premium", self.holiday_premium),
            ("overtime", self.overtime),
            ("night allowance", self.night_allowance),
            ("social insurance", self.social_insurance),
            ("idle guaranteed hours", self.idle_guaranteed),
            ("temporaries", self.temporaries),
            ("equipment", self.equipment),
            ("software", self.software),
            ("site overhead", self.site_overhead),
            ("team leads", self.team_leads),
            ("QA", self.qa),
        ]
    }
}

impl AddAssign<&CostCategories> for CostCategories {
    fn add_assign(&mut self, o: &CostCategories) {
        self.base_wages += o.base_wages;
        self.rest_day_premium += o.rest_day_premium;
        self.holiday_premium += o.holiday_premium;
        self.overtime += o.overtime;
        self.night_allowance += o.night_allowance;
        self.social_insurance += o.social_insurance;
        self.idle_guaranteed += o.idle_guaranteed;
        self.temporaries += o.temporaries;
        self.equipment += o.equipment;
        self.software += o.software;
        self.site_overhead += o.site_overhead;
        self.team_leads += o.team_leads;
        self.qa += o.qa;
    }
}
