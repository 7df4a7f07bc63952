//! What a source page's rendered body and its references depend on: the pages it names (in `@`
//! links, in a meeting's `links`, in a plan's activities), whose titles, URLs and anchors its body
//! shows or its references are checked against. A change to one of them renders it again.

use crate::frontmatter::{Front, SourcePage};
use crate::markdown::Rendered;
use crate::model::PageKey;
use crate::refs::Ref;
use std::collections::{BTreeSet, HashMap};

/// The pages a source page names.
pub fn named_pages(source: &SourcePage, body: &Rendered) -> BTreeSet<PageKey> {
    let mut keys: BTreeSet<PageKey> = body.refs.iter().map(|u| u.target.key.clone()).collect();
    match &source.front {
        Front::Meeting(_) => keys.extend(link_targets(source).map(|r| r.key)),
        Front::Strategy(plan) => {
            let competencies = plan.items().into_iter().filter_map(|i| i.activity).flat_map(|a| a.competencies.iter());
            keys.extend(competencies.map(|c| PageKey(format!("competencies/{}", c.get_ref()))));
        }
        _ => {}
    }
    keys
}

/// The references of a meeting's `links` (the plan items its agenda items concern).
pub fn link_targets(source: &SourcePage) -> impl Iterator<Item = Ref> + '_ {
    let links = match &source.front {
        Front::Meeting(m) => Some(&m.links),
        _ => None,
    };
    links.into_iter().flatten().flat_map(|(_, targets)| targets).filter_map(|t| Ref::parse(t.get_ref()).ok())
}

/// For every page, the source pages that name it.
#[derive(Debug, Default)]
pub struct Referrers {
    /// What each source page names (by source index).
    named: Vec<BTreeSet<PageKey>>,
    by_page: HashMap<PageKey, BTreeSet<usize>>,
}

impl Referrers {
    pub fn build(sources: &[SourcePage], bodies: &[Rendered]) -> Referrers {
        let mut referrers = Referrers { named: vec![BTreeSet::new(); sources.len()], by_page: HashMap::new() };
        for (i, (source, body)) in sources.iter().zip(bodies).enumerate() {
            referrers.set(i, named_pages(source, body));
        }
        referrers
    }

    /// Records what source page `i` names now.
    pub fn set(&mut self, i: usize, named: BTreeSet<PageKey>) {
        for key in &self.named[i] {
            if let Some(set) = self.by_page.get_mut(key) {
                set.remove(&i);
            }
        }
        for key in &named {
            self.by_page.entry(key.clone()).or_default().insert(i);
        }
        self.named[i] = named;
    }

    /// The source pages that name `key`.
    pub fn of(&self, key: &PageKey) -> impl Iterator<Item = usize> + '_ {
        self.by_page.get(key).into_iter().flatten().copied()
    }
}
