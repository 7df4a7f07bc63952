//! The reference graph, built once per build after every page is rendered: edges from strategy
//! activities to the competencies they build, from agenda items and resolutions to the plan items
//! they concern, and from every `@` link in a body to its target. Checks every reference and
//! anchor (with the closest known ids), answers backlinks, and writes `data/graph.json`.

use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::frontmatter::{Front, SourcePage};
use crate::lang::Lang;
use crate::markdown::Rendered;
use crate::model::{Kind, PageKey};
use crate::refs::{Ref, RefKind};
use crate::resolve::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

mod anchors;
mod json;

pub use anchors::{annotations, annotations_of, AnchorInfo, AnchorKind, Anchors};
pub use json::{to_json, JsonCache};

/// A page, or an anchored item on it (a strategy item, an agenda item, a resolution).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    pub key: PageKey,
    pub anchor: Option<String>,
}

impl Node {
    fn page(key: &PageKey) -> Node {
        Node { key: key.clone(), anchor: None }
    }
    fn item(key: &PageKey, anchor: &str) -> Node {
        Node { key: key.clone(), anchor: Some(anchor.to_string()) }
    }
    /// `strategy/hr-strategy-2566-2570#digital-workflow`.
    pub fn id(&self) -> String {
        match &self.anchor {
            Some(a) => format!("{}#{a}", self.key),
            None => self.key.0.clone(),
        }
    }
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rel {
    /// A strategy activity builds a competency (editors' annotation).
    Builds,
    /// An agenda item or resolution concerns a plan item (editors' annotation).
    Concerns,
    /// A body links to the target.
    Mentions,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Edge {
    #[serde(serialize_with = "node_id")]
    pub from: Node,
    #[serde(serialize_with = "node_id")]
    pub to: Node,
    pub rel: Rel,
    /// Added by the site's editors, not part of the approved source documents.
    pub editorial: bool,
}

fn node_id<S: serde::Serializer>(node: &Node, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&node.id())
}

/// All edges, deduplicated and sorted, with lookups from either end.
#[derive(Debug, Default)]
pub struct Graph {
    pub edges: Vec<Edge>,
    incoming: FxHashMap<PageKey, Vec<usize>>,
    outgoing: FxHashMap<PageKey, Vec<usize>>,
    /// Edges by their exact target (page or item), for lookups that must not scan a page's edges.
    to_node: FxHashMap<Node, Vec<usize>>,
}

impl Graph {
    /// Edges pointing at the page `key` or at an item on it.
    pub fn incoming(&self, key: &PageKey) -> impl Iterator<Item = &Edge> {
        self.incoming.get(key).into_iter().flatten().map(|&i| &self.edges[i])
    }
    /// Edges pointing at exactly `node` (not at other items of its page).
    pub fn incoming_to(&self, node: &Node) -> impl Iterator<Item = &Edge> {
        self.to_node.get(node).into_iter().flatten().map(|&i| &self.edges[i])
    }

    /// Edges from the page `key` or from an item on it.
    pub fn outgoing(&self, key: &PageKey) -> impl Iterator<Item = &Edge> {
        self.outgoing.get(key).into_iter().flatten().map(|&i| &self.edges[i])
    }
}

/// Ids that exist on a page in a language: its body's, its template's and its front matter's.
pub fn anchors_of(site: &Site, sources: &[SourcePage], bodies: &[Rendered], key: &PageKey, lang: Lang) -> BTreeSet<String> {
    let Some(page) = site.get_or_fallback(key, lang) else { return BTreeSet::new() };
    let mut ids: BTreeSet<String> = page.kind.reserved_ids().iter().map(|s| s.to_string()).collect();
    if let Some(i) = page.source {
        ids.extend(bodies[i].anchors.iter().cloned());
        match &sources[i].front {
            Front::Strategy(plan) => ids.extend(plan.items().iter().map(|i| i.id.to_string())),
            Front::Competency(c) => ids.extend(c.standards.iter().map(|s| s.level.get_ref().to_string())),
            _ => {}
        }
    }
    if page.kind == Kind::Level {
        ids.extend(site.pages.iter().filter(|p| p.kind == Kind::Competency).map(|p| p.key.id().to_string()));
    }
    ids
}

/// Builds the graph and reports every reference that does not land.
pub fn build(site: &Site, sources: &[SourcePage], bodies: &[Rendered], diags: &mut Diagnostics) -> Graph {
    let checker = Checker::new(site, sources, bodies);
    let per_page: Vec<(BTreeSet<Edge>, Diagnostics)> = (0..sources.len())
        .into_par_iter()
        .map(|i| {
            let mut found = Diagnostics::default();
            (checker.edges_from(i, &mut found), found)
        })
        .collect();
    let mut edges = Vec::with_capacity(per_page.iter().map(|(e, _)| e.len()).sum());
    for (from_page, found) in per_page {
        edges.extend(from_page);
        diags.extend(found);
    }
    edges.par_sort_unstable();
    edges.dedup();
    Graph::from_edges(edges)
}

/// Checks the references of source pages and finds their edges; the anchors of each target page
/// are computed once however many references point at it.
pub struct Checker<'a> {
    site: &'a Site,
    sources: &'a [SourcePage],
    bodies: &'a [Rendered],
    known_anchors: Mutex<FxHashMap<(PageKey, Lang), Arc<BTreeSet<String>>>>,
}

impl<'a> Checker<'a> {
    pub fn new(site: &'a Site, sources: &'a [SourcePage], bodies: &'a [Rendered]) -> Checker<'a> {
        Checker { site, sources, bodies, known_anchors: Mutex::default() }
    }

    fn check_anchor(&self, r: &Ref, lang: Lang) -> Result<(), String> {
        let Some(anchor) = &r.anchor else { return Ok(()) };
        let slot = (r.key.clone(), lang);
        let cached = self.known_anchors.lock().expect("anchor cache lock").get(&slot).cloned();
        let known = cached.unwrap_or_else(|| {
            // Computed outside the lock; two threads may compute the same page's set once each.
            let known = Arc::new(anchors_of(self.site, self.sources, self.bodies, &r.key, lang));
            self.known_anchors.lock().expect("anchor cache lock").entry(slot).or_insert(known).clone()
        });
        if known.contains(anchor) {
            return Ok(());
        }
        let hint = did_you_mean(anchor, known.iter().map(String::as_str));
        Err(format!("unknown anchor '#{anchor}' on {}{hint}", Ref { anchor: None, ..r.clone() }))
    }

    /// The edges from source page `i` (its body's links and its front matter's annotations),
    /// sorted and distinct; references that do not land are reported.
    pub fn edges_from(&self, i: usize, diags: &mut Diagnostics) -> BTreeSet<Edge> {
        let (site, source, body) = (self.site, &self.sources[i], &self.bodies[i]);
        let mut edges = BTreeSet::new();
        let (key, lang, src) = (&source.doc.key, source.doc.lang, &source.doc.src);
        for use_ in &body.refs {
            let r = use_.target.clone();
            if let Err(message) = self.check_anchor(&r, lang) {
                diags.push(src.at(use_.at, message));
                continue;
            }
            // Minutes attribute a link to the agenda item or resolution it is written in.
            let from = match (&source.front, use_.from.as_deref()) {
                (Front::Meeting(_), Some(a)) => Node::item(key, a),
                _ => Node::page(key),
            };
            let to = Node { key: r.key.clone(), anchor: r.anchor.clone() };
            if from.key != to.key {
                edges.insert(Edge { from, to, rel: Rel::Mentions, editorial: false });
            }
        }
        match &source.front {
            Front::Strategy(plan) => {
                for item in plan.items() {
                    for c in item.activity.map_or(&[][..], |a| a.competencies.as_slice()) {
                        let r = Ref { kind: Some(RefKind::Competency), key: PageKey(format!("competencies/{}", c.get_ref())), lang: None, anchor: None };
                        match site.resolve_ref(&r, lang) {
                            Ok(_) => {
                                edges.insert(Edge { from: Node::item(key, item.id), to: Node::page(&r.key), rel: Rel::Builds, editorial: true });
                            }
                            Err(message) => diags.push(src.at(source.front_offset(c.span().start), message)),
                        }
                    }
                }
            }
            Front::Meeting(m) => {
                for (from, targets) in &m.links {
                    if !body.anchors.contains(from.get_ref()) {
                        let hint = did_you_mean(from.get_ref(), body.anchors.iter().map(String::as_str));
                        diags.push(src.at(source.front_offset(from.span().start), format!("'{}' is not an agenda item or resolution id in this page's body{hint}", from.get_ref())));
                        continue;
                    }
                    for t in targets {
                        let resolved = Ref::parse(t.get_ref()).and_then(|r| site.resolve_ref(&r, lang).map(|_| r.clone())).and_then(|r| self.check_anchor(&r, lang).map(|_| r));
                        match resolved {
                            Ok(r) => {
                                edges.insert(Edge { from: Node::item(key, from.get_ref()), to: Node { key: r.key, anchor: r.anchor }, rel: Rel::Concerns, editorial: true });
                            }
                            Err(message) => diags.push(src.at(source.front_offset(t.span().start), message)),
                        }
                    }
                }
            }
            _ => {}
        }
        edges
    }
}

impl Graph {
    /// The graph of `edges`, which are sorted and distinct.
    pub fn from_edges(edges: Vec<Edge>) -> Graph {
        let mut graph = Graph { edges, ..Graph::default() };
        graph.index();
        graph
    }

    fn index(&mut self) {
        self.incoming.clear();
        self.outgoing.clear();
        self.to_node.clear();
        for (i, e) in self.edges.iter().enumerate() {
            self.outgoing.entry(e.from.key.clone()).or_default().push(i);
            self.incoming.entry(e.to.key.clone()).or_default().push(i);
            self.to_node.entry(e.to.clone()).or_default().push(i);
        }
    }

    /// Replaces the edges from page `key` (from either language's source) by `edges`; says
    /// whether anything changed.
    pub fn replace_from(&mut self, key: &PageKey, edges: BTreeSet<Edge>) -> bool {
        debug_assert!(edges.iter().all(|e| &e.from.key == key));
        // Edges are sorted by their origin first: those from one page are contiguous.
        let start = self.edges.partition_point(|e| &e.from.key < key);
        let end = start + self.edges[start..].partition_point(|e| &e.from.key <= key);
        if self.edges[start..end].iter().eq(edges.iter()) {
            return false;
        }
        self.edges.splice(start..end, edges);
        self.index();
        true
    }
}
