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
    /// The competencies this activity builds: the editors' annotation, not part of the approved plan.
    #[serde(default)]
    pub competencies: Vec<Spanned<String>>,
}

/// Where an item sits in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemLevel {
    Goal,
    Outcome,
    Issue,
    Activity,
}

/// An item of a plan with its level, title and the ids of its ancestors (goal first).
#[derive(Debug)]
pub struct ItemRef<'a> {
    pub id: &'a str,
    pub level: ItemLevel,
    pub title: &'a str,
    pub ancestors: Vec<&'a str>,
    pub activity: Option<&'a Activity>,
}

impl StrategyFront {
    /// Every item in document order, with its place in the tree.
    pub fn items(&self) -> Vec<ItemRef<'_>> {
        let mut items = Vec::new();
        for g in &self.goals {
            let gid = g.id.get_ref().as_str();
            items.push(ItemRef { id: gid, level: ItemLevel::Goal, title: &g.title, ancestors: vec![], activity: None });
            for o in &g.outcomes {
                let oid = o.id.get_ref().as_str();
                items.push(ItemRef { id: oid, level: ItemLevel::Outcome, title: &o.title, ancestors: vec![gid], activity: None });
                for i in &o.issues {
                    let iid = i.id.get_ref().as_str();
                    items.push(ItemRef { id: iid, level: ItemLevel::Issue, title: &i.title, ancestors: vec![gid, oid], activity: None });
                    for a in &i.activities {
                        items.push(ItemRef {
                            id: a.id.get_ref().as_str(),
                            level: ItemLevel::Activity,
                            title: &a.title,
                            ancestors: vec![gid, oid, iid],
                            activity: Some(a),
                        });
                    }
                }
            }
        }
        items
    }

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
