//! Views of the reference graph on a page: the strategy activities that build a competency (with
//! their goal → outcome → strategic issue trail), the resolutions that concern them, the
//! competencies each activity builds, and the pages that link to the page. Every link stays in
//! the reader's language, or is marked when only the other language has the target.

use super::Inputs;
use crate::graph::{AnchorKind, Node, Rel};
use crate::lang::Lang;
use crate::model::PageKey;
use crate::resolve::Page;
use serde::Serialize;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// A competency page lists at most this many resolutions about one plan as a whole; a plan with
/// more (a long archive of minutes that each cite the plan) is shown as its number of them and a
/// link to the plan's own list, so that the page stays readable and grows with the competency's
/// activities, not with the archive.
pub const WHOLE_PLAN_RESOLUTIONS_LISTED: usize = 5;

/// A link to a page or an item on it, in the reader's language when it exists there.
#[derive(Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefLink {
    pub title: String,
    pub path: String,
    /// The target's language when it is not the reader's (shown with a marker).
    pub fallback: Option<Lang>,
    /// Context shown before the title: the plan or meeting the item belongs to.
    pub context: Option<String>,
    /// goal → outcome → strategic issue titles, for a strategy activity.
    pub trail: Vec<String>,
}

/// A plan's resolutions about it as a whole, counted: `link` goes to the plan's list of them, with
/// the plan's title as its context.
#[derive(Serialize)]
pub struct PlanResolutions {
    pub link: RefLink,
    pub count: usize,
}

/// Each plan's resolutions about it as a whole (`concerns` edges to the plan page itself), by
/// plan, found when a page first needs them. (Owned: a cell of borrowed nodes would tie
/// [`Inputs`] to one lifetime.)
pub type PlanWide = Mutex<FxHashMap<PageKey, Arc<BTreeSet<Node>>>>;

/// The graph as seen from one page.
#[derive(Serialize, Default)]
pub struct RefsView {
    /// On a competency page: the activities that build it (editors' annotation).
    pub building_activities: Vec<RefLink>,
    /// On a competency page: resolutions that concern those activities (or their plan).
    pub resolutions: Vec<RefLink>,
    /// On a competency page: plans with more than [`WHOLE_PLAN_RESOLUTIONS_LISTED`] resolutions
    /// about the whole plan, which are not in `resolutions`.
    pub whole_plan_resolutions: Vec<PlanResolutions>,
    /// On a plan: resolutions and agenda items that concern the plan or its items.
    pub decided_by: Vec<RefLink>,
    /// Pages and items whose text links here.
    pub linked_from: Vec<RefLink>,
}

impl<'a> Inputs<'a> {
    /// A link to a graph node as seen by a reader of `lang`.
    pub(super) fn node_link(&self, node: &Node, lang: Lang) -> Option<RefLink> {
        let page: &Page = self.site.get_or_fallback(&node.key, lang)?;
        let fallback = (page.lang != lang).then_some(page.lang);
        let (title, path, trail, context) = match &node.anchor {
            Some(a) => {
                let info = self.anchors.get(&node.key, page.lang, a);
                let trail = info.map_or_else(Vec::new, |i| {
                    i.ancestors.iter().filter_map(|x| self.anchors.get(&node.key, page.lang, x)).map(|x| x.title.clone()).collect()
                });
                let title = info.map_or_else(|| a.clone(), |i| i.title.clone());
                (title, format!("{}#{a}", page.path), trail, Some(page.link_title.clone()))
            }
            None => (page.title.clone(), page.path.clone(), Vec::new(), None),
        };
        Some(RefLink { title, path, fallback, context, trail })
    }

    fn is_resolution(&self, node: &Node) -> bool {
        node.anchor.as_deref().and_then(|a| self.anchors.get(&node.key, Lang::Th, a)).is_some_and(|i| i.kind == AnchorKind::Resolution)
    }

    /// The items a resolution about a plan item may concern: the item and each of its ancestors.
    fn item_targets(&self, plan: &PageKey, item: &str) -> impl Iterator<Item = Node> {
        let ancestors = self.anchors.get(plan, Lang::Th, item).map(|i| i.ancestors.clone()).unwrap_or_default();
        let key = plan.clone();
        std::iter::once(item.to_string()).chain(ancestors).map(move |a| Node { key: key.clone(), anchor: Some(a) })
    }

    /// The resolutions about `plan` as a whole.
    fn plan_wide(&self, plan: &PageKey) -> Arc<BTreeSet<Node>> {
        if let Some(found) = self.plan_wide.lock().expect("plan-wide resolutions lock").get(plan) {
            return Arc::clone(found);
        }
        let whole = Node { key: plan.clone(), anchor: None };
        let found: Arc<BTreeSet<Node>> =
            Arc::new(self.graph.incoming_to(&whole).filter(|e| e.rel == Rel::Concerns && self.is_resolution(&e.from)).map(|e| e.from.clone()).collect());
        self.plan_wide.lock().expect("plan-wide resolutions lock").insert(plan.clone(), Arc::clone(&found));
        found
    }

    pub(super) fn refs_view(&self, page: &Page) -> RefsView {
        let lang = page.lang;
        let mut view = RefsView::default();
        let links = |nodes: BTreeSet<&Node>| -> Vec<RefLink> { nodes.into_iter().filter_map(|n| self.node_link(n, lang)).collect() };
        let builders: BTreeSet<&Node> = self.graph.incoming(&page.key).filter(|e| e.rel == Rel::Builds).map(|e| &e.from).collect();
        // A plan's resolutions about it as a whole grow with the archive of minutes: they are
        // found once per build ([`Inputs::plan_wide`]), and here only counted against those
        // already listed.
        let plans: BTreeSet<&PageKey> = builders.iter().filter(|a| a.anchor.is_some()).map(|a| &a.key).collect();
        let about_plans: Vec<(&PageKey, Arc<BTreeSet<Node>>)> =
            plans.into_iter().map(|plan| (plan, self.plan_wide(plan))).filter(|(_, about)| !about.is_empty()).collect();
        // Activities share their goals: each item's `concerns` edges are read once per page.
        let targets: BTreeSet<Node> =
            builders.iter().filter_map(|activity| Some(self.item_targets(&activity.key, activity.anchor.as_deref()?))).flatten().collect();
        let mut resolutions: BTreeSet<&Node> = BTreeSet::new();
        for target in &targets {
            resolutions.extend(self.graph.incoming_to(target).filter(|e| e.rel == Rel::Concerns && self.is_resolution(&e.from)).map(|e| &e.from));
        }
        for (plan, about_plan) in &about_plans {
            let only_whole = about_plan.len() - resolutions.iter().filter(|r| about_plan.contains(**r)).count();
            if only_whole <= WHOLE_PLAN_RESOLUTIONS_LISTED {
                let added: Vec<&Node> = about_plan.iter().filter(|r| !resolutions.contains(r)).collect();
                resolutions.extend(added);
            } else if let Some(mut link) = self.node_link(&Node { key: (*plan).clone(), anchor: None }, lang) {
                // Shown as "<plan>: <count>", the count linking to the plan's list.
                link.context = Some(link.title.clone());
                link.path.push_str("#refs-decided");
                view.whole_plan_resolutions.push(PlanResolutions { link, count: only_whole });
            }
        }
        view.building_activities = links(builders);
        view.resolutions = links(resolutions);
        view.decided_by = links(self.graph.incoming(&page.key).filter(|e| e.rel == Rel::Concerns).map(|e| &e.from).collect());
        view.linked_from = links(self.graph.incoming(&page.key).filter(|e| e.rel == Rel::Mentions).map(|e| &e.from).collect());
        view
    }

    /// The competencies a plan item builds, as links.
    pub(super) fn item_competencies(&self, plan: &PageKey, item: &str, lang: Lang) -> Vec<RefLink> {
        self.graph
            .outgoing(plan)
            .filter(|e| e.rel == Rel::Builds && e.from.anchor.as_deref() == Some(item))
            .filter_map(|e| self.node_link(&e.to, lang))
            .collect()
    }
}
