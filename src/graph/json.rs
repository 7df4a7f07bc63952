//! `data/graph.json`: the reference graph for other intranet tools — every node that takes part
//! in an edge, with its title, path and URL in each language, and every edge. The file is put
//! together from one pretty-printed fragment per node and per edge, so that `handbook serve`
//! ([`JsonCache`]) re-serializes only the nodes of changed pages, and the edges when they changed.

use super::{Anchors, Graph, Node};
use crate::lang::Lang;
use crate::model::PageKey;
use crate::resolve::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonNode {
    id: String,
    kind: &'static str,
    title: BTreeMap<Lang, String>,
    /// Path relative to the site root (`en/competencies/change/`, with `#anchor` for items).
    path: BTreeMap<Lang, String>,
    url: BTreeMap<Lang, String>,
}

pub fn to_json(graph: &Graph, site: &Site, anchors: &Anchors, base_url: &str) -> String {
    let mut cache = JsonCache::default();
    cache.update(graph, site, anchors, base_url, true, &|_| true);
    cache.text()
}

/// The fragments of the last `graph.json`, kept between the rebuilds of `handbook serve`.
#[derive(Debug, Default)]
pub struct JsonCache {
    /// One per edge of the graph, in its order.
    edges: Vec<String>,
    /// One per node that takes part in an edge, in node order.
    nodes: BTreeMap<Node, String>,
}

impl JsonCache {
    /// Brings the fragments up to date: all edges when `edges_changed`, and the nodes of the pages
    /// for which `stale` is true (a page's title, path or items may have changed). Says whether
    /// the text may have changed.
    pub fn update(&mut self, graph: &Graph, site: &Site, anchors: &Anchors, base_url: &str, edges_changed: bool, stale: &(dyn Fn(&PageKey) -> bool + Sync)) -> bool {
        let node_fragment = |n: &Node| fragment(&json_node(n, site, anchors, base_url));
        if edges_changed || self.edges.len() != graph.edges.len() {
            self.edges = graph.edges.par_iter().map(fragment).collect();
            let mut old = std::mem::take(&mut self.nodes);
            let mut keys: Vec<&Node> = graph.edges.iter().flat_map(|e| [&e.from, &e.to]).collect();
            keys.par_sort_unstable();
            keys.dedup();
            let nodes: Vec<(Node, Option<String>)> = keys.into_iter().map(|n| (n.clone(), old.remove(n).filter(|_| !stale(&n.key)))).collect();
            self.nodes = nodes
                .into_par_iter()
                .map(|(n, text)| {
                    let text = text.unwrap_or_else(|| node_fragment(&n));
                    (n, text)
                })
                .collect();
            true
        } else {
            let mut changed = false;
            for (n, text) in self.nodes.iter_mut().filter(|(n, _)| stale(&n.key)) {
                *text = node_fragment(n);
                changed = true;
            }
            changed
        }
    }

    /// The file's text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.text_into(&mut out);
        out
    }

    /// [`JsonCache::text`] into `out`, whose memory is reused (`handbook serve` writes each
    /// version of the file into the memory of an earlier one).
    pub fn text_into(&self, out: &mut String) {
        let size = self.edges.iter().chain(self.nodes.values()).map(|f| f.len() + 2).sum::<usize>() + 64;
        out.clear();
        out.reserve(size);
        out.push_str("{\n  \"edges\": ");
        array(out, self.edges.iter());
        out.push_str(",\n  \"nodes\": ");
        array(out, self.nodes.values());
        out.push_str("\n}\n");
    }
}

fn json_node(n: &Node, site: &Site, anchors: &Anchors, base_url: &str) -> JsonNode {
    let kind = match &n.anchor {
        Some(a) => anchors.get(&n.key, Lang::Th, a).map_or("anchor", |i| i.kind.name()),
        None => site.get_or_fallback(&n.key, Lang::Th).map_or("page", |p| p.kind.search_kind()),
    };
    let mut node = JsonNode { id: n.id(), kind, title: BTreeMap::new(), path: BTreeMap::new(), url: BTreeMap::new() };
    for lang in Lang::ALL {
        let Some(page) = site.get(&n.key, lang) else { continue };
        let (path, title) = match &n.anchor {
            Some(a) => (format!("{}#{a}", page.path), anchors.get(&n.key, lang, a).map_or_else(|| page.title.clone(), |i| i.title.clone())),
            None => (page.path.clone(), page.title.clone()),
        };
        node.title.insert(lang, title);
        node.url.insert(lang, format!("{base_url}{path}"));
        node.path.insert(lang, path);
    }
    node
}

/// A value as `serde_json::to_string_pretty` prints it as an element of an array in an object
/// (indented by four spaces); through a `Value`, so that object keys are sorted as they are there.
fn fragment(value: &(impl Serialize + ?Sized)) -> String {
    let value = serde_json::to_value(value).expect("graph serializes");
    let text = serde_json::to_string_pretty(&value).expect("graph serializes");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

fn array<'a>(out: &mut String, items: impl ExactSizeIterator<Item = &'a String>) {
    if items.len() == 0 {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(item);
    }
    out.push_str("\n  ]");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_print_as_serde_json_prints_the_whole_document() {
        let items = vec![serde_json::json!({"b": [1, 2], "a": {"th": "ก", "en": "x"}}), serde_json::json!({"z": []})];
        let reference = serde_json::to_string_pretty(&serde_json::json!({"nodes": items, "edges": []})).unwrap() + "\n";
        let mut out = String::from("{\n  \"edges\": ");
        array(&mut out, Vec::<String>::new().iter());
        out.push_str(",\n  \"nodes\": ");
        array(&mut out, items.iter().map(fragment).collect::<Vec<_>>().iter());
        out.push_str("\n}\n");
        assert_eq!(out, reference);
    }
}
