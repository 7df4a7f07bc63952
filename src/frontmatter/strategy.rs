//! Front matter of a strategy plan: goals → outcomes → strategic issues → activities, each with an
//! id that is its anchor on the plan's page.

use crate::model::ItemId;
use serde::Deserialize;
use toml::Spanned;

/// Front matter of `content/strategy/<id>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyFront {
    pub title: String,
    pub link_title: Option<String>,
    #[serde(default)]
    pub description: String,
    pub status: PlanStatus,
    /// First and last Buddhist-era year the plan covers.
    pub period: Option<[u32; 2]>,
    #[serde(default)]
    pub goals: Vec<Goal>,
}

/// Whether the plan is a draft or has been approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    Draft,
    Approved,
}

/// เป้าหมาย.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: Spanned<ItemId>,
    pub title: String,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
}

/// ผลลัพธ์.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: Spanned<ItemId>,
    pub title: String,
    #[serde(default)]
    pub issues: Vec<StrategicIssue>,
}

/// ประเด็นยุทธศาสตร์.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategicIssue {
    pub id: Spanned<ItemId>,
    pub title: String,
    #[serde(default)]
    pub activities: Vec<Activity>,
}

/// แนวทางการดำเนินการ/กิจกรรม.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: Spanned<ItemId>,
    pub title: String,
}

impl StrategyFront {
    /// Every item id of the plan with its span, in document order.
    pub fn item_ids(&self) -> Vec<&Spanned<ItemId>> {
        let mut ids = Vec::new();
        for g in &self.goals {
            ids.push(&g.id);
            for o in &g.outcomes {
                ids.push(&o.id);
                for i in &o.issues {
                    ids.push(&i.id);
                    ids.extend(i.activities.iter().map(|a| &a.id));
                }
            }
        }
        ids
    }
}
