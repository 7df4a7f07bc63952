//! What the anchored items of pages are called and what they are (strategy items from front
//! matter, agenda items and resolutions from rendered bodies), and the editors' annotations shown
//! under an agenda item or resolution that concerns plan items.

use crate::frontmatter::strategy::ItemLevel;
use crate::frontmatter::{Front, SourcePage};
use crate::highlight::escape;
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::markdown::Rendered;
use crate::model::PageKey;
use crate::refs::Ref;
use crate::resolve::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// What an anchored item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    Plan(ItemLevel),
    AgendaItem,
    Resolution,
}

impl AnchorKind {
    pub fn name(self) -> &'static str {
        match self {
            AnchorKind::Plan(ItemLevel::Goal) => "goal",
            AnchorKind::Plan(ItemLevel::Outcome) => "outcome",
            AnchorKind::Plan(ItemLevel::Issue) => "strategic-issue",
            AnchorKind::Plan(ItemLevel::Activity) => "activity",
            AnchorKind::AgendaItem => "agenda-item",
            AnchorKind::Resolution => "resolution",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AnchorInfo {
    pub kind: AnchorKind,
    pub title: String,
    /// Ancestors' ids in a plan (goal first), empty elsewhere.
    pub ancestors: Vec<String>,
}

/// Every named item of every page, by page, language and id.
#[derive(Debug, Default)]
pub struct Anchors {
    /// Items by page, one map per language (looked up without copying the key).
    by_page: FxHashMap<PageKey, [FxHashMap<String, AnchorInfo>; 2]>,
}

impl Anchors {
    pub fn build(sources: &[SourcePage], bodies: &[Rendered], strings: &Strings) -> Anchors {
        let items: Vec<_> = sources.par_iter().zip(bodies).map(|(source, body)| items_of(source, body, strings)).collect();
        let mut anchors = Anchors::default();
        for (source, items) in sources.iter().zip(items) {
            anchors.by_page.entry(source.doc.key.clone()).or_default()[source.doc.lang.index()] = items;
        }
        anchors
    }

    /// Sets the items of one source page (in its language) from its front matter and body.
    pub fn update(&mut self, source: &SourcePage, body: &Rendered, strings: &Strings) {
        self.by_page.entry(source.doc.key.clone()).or_default()[source.doc.lang.index()] = items_of(source, body, strings);
    }

    /// The item in `lang`, or in the other language when the page has no translation.
    pub fn get(&self, key: &PageKey, lang: Lang, id: &str) -> Option<&AnchorInfo> {
        let pages = self.by_page.get(key)?;
        let find = |l: Lang| pages[l.index()].get(id);
        find(lang).or_else(|| find(lang.other()))
    }
}

/// The items of one source page (in its language) from its front matter and body.
fn items_of(source: &SourcePage, body: &Rendered, strings: &Strings) -> FxHashMap<String, AnchorInfo> {
    let lang = source.doc.lang;
    let mut items = FxHashMap::default();
    if let Front::Strategy(plan) = &source.front {
        for i in plan.items() {
            let info = AnchorInfo { kind: AnchorKind::Plan(i.level), title: i.title.to_string(), ancestors: i.ancestors.iter().map(|a| a.to_string()).collect() };
            items.insert(i.id.to_string(), info);
        }
    }
    if let Front::Meeting(_) = &source.front {
        for entry in body.toc.iter().flat_map(|e| std::iter::once(e).chain(&e.children)) {
            items.insert(entry.id.clone(), AnchorInfo { kind: AnchorKind::AgendaItem, title: entry.title.clone(), ancestors: Vec::new() });
        }
        for r in &body.resolutions {
            let label = strings.get(lang, "resolution_label");
            let title = r.agenda.as_ref().map_or_else(|| label.to_string(), |a| format!("{label} · {}", a.title));
            items.insert(r.id.clone(), AnchorInfo { kind: AnchorKind::Resolution, title, ancestors: Vec::new() });
        }
    }
    items
}

/// For each source page, the HTML to add under its agenda items and resolutions that concern plan
/// items (`links` in a meeting's front matter), marked as the editors' annotation. Unknown targets
/// are left out here; the graph reports them.
pub fn annotations(site: &Site, sources: &[SourcePage], strings: &Strings, root: &dyn Fn(&SourcePage) -> String) -> Vec<HashMap<String, String>> {
    sources.iter().map(|source| annotations_of(site, source, strings, root)).collect()
}

/// The annotations of one source page (see [`annotations`]).
pub fn annotations_of(site: &Site, source: &SourcePage, strings: &Strings, root: &dyn Fn(&SourcePage) -> String) -> HashMap<String, String> {
    let Front::Meeting(m) = &source.front else { return HashMap::new() };
    let lang = source.doc.lang;
    let root = root(source);
    m.links
        .iter()
        .map(|(from, targets)| {
            let links: Vec<String> = targets
                .iter()
                .filter_map(|t| Ref::parse(t.get_ref()).ok())
                .filter_map(|r| {
                    let target = site.resolve_ref(&r, lang).ok()?;
                    let title = r.anchor.as_deref().and_then(|a| site.item_title(&target.page.key, target.page.lang, a)).unwrap_or(&target.page.title);
                    Some(format!("<a href=\"{}{}\">{}</a>", root, escape(&target.path()), escape(title)))
                })
                .collect();
            let html = format!(
                "<p class=\"refs editorial\"><span class=\"refs-label\">{}</span> {}</p>\n",
                escape(strings.get(lang, "concerns_plan_items")),
                links.join(" · ")
            );
            (from.get_ref().clone(), html)
        })
        .collect()
}
