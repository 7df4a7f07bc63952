//! `data/graph.json`: the reference graph for other intranet tools — every node that takes part
//! in an edge, with its title, path and URL in each language, and every edge.

use super::{Anchors, Graph, Node, Rel};
use crate::lang::Lang;
use crate::resolve::Site;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The file, serialized straight from borrowed data (fields in alphabetical order, as readers of
/// earlier versions saw them).
#[derive(Serialize)]
struct JsonGraph<'a> {
    edges: Vec<JsonEdge<'a>>,
    nodes: Vec<JsonNode>,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    editorial: bool,
    from: String,
    rel: &'a Rel,
    to: String,
}

#[derive(Serialize)]
struct JsonNode {
    id: String,
    kind: &'static str,
    /// By language code. Path relative to the site root (`en/competencies/change/`, with `#anchor`
    /// for items).
    path: BTreeMap<&'static str, String>,
    title: BTreeMap<&'static str, String>,
    url: BTreeMap<&'static str, String>,
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
                node.title.insert(lang.code(), title);
                node.url.insert(lang.code(), format!("{base_url}{path}"));
                node.path.insert(lang.code(), path);
            }
            node
        })
        .collect();
    let edges = graph.edges.iter().map(|e| JsonEdge { editorial: e.editorial, from: e.from.id(), rel: &e.rel, to: e.to.id() }).collect();
    serde_json::to_string_pretty(&JsonGraph { edges, nodes: json_nodes }).expect("graph serializes") + "\n"
}
