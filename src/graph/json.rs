//! `data/graph.json`: the reference graph for other intranet tools — every node that takes part
//! in an edge, with its title, path and URL in each language, and every edge.

use super::{Anchors, Graph, Node};
use crate::lang::Lang;
use crate::resolve::Site;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    let nodes: BTreeSet<&Node> = graph.edges.iter().flat_map(|e| [&e.from, &e.to]).collect();
    let json_nodes: Vec<JsonNode> = nodes
        .into_iter()
        .map(|n| {
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
        })
        .collect();
    let doc = serde_json::json!({ "nodes": json_nodes, "edges": graph.edges });
    serde_json::to_string_pretty(&doc).expect("graph serializes") + "\n"
}
