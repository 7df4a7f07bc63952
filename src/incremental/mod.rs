//! Incremental rebuilds for `handbook serve`. After a whole build in memory, [`Live`] keeps what
//! it made: the parsed pages, their rendered bodies, the reference graph, the search index, which
//! files link to which pages. When the watcher reports edits of content pages, the same stages run
//! on what the edits touch:
//!
//! - load: only the edited files are read and parsed again;
//! - validate: their own checks, the checks between pages (unique numbers, translations that
//!   agree) as far as they concern them;
//! - markdown: the edited pages and the pages that name them ([`deps`]);
//! - graph: the edges and reference checks of those pages, of the pages that name a page whose
//!   anchors changed, and of their translations;
//! - templates: the edited pages, the pages at the other end of edges that changed, and every
//!   file that links to one of these ([`links`]), each rendered only if its template context
//!   changed (the render cache), the largest first; the search text and links of each page
//!   rendered anew are read in the same parallel task ([`render`]);
//! - search: those pages are indexed again, both languages at once, and only the chunks that
//!   changed are written;
//! - write: what changed is handed to the server as a [`Delta`]; `data/graph.json` is written
//!   into the memory of an earlier version ([`recycle`]).
//!
//! From the first incremental rebuild on, the allocator keeps freed memory for the next one
//! ([`crate::allocator`]).
//!
//! Anything else — a new, deleted or broken file, the config, the theme, data files, assets —
//! builds the whole site, and so does a failure this cannot report exactly as a whole build does.
//! Until a build succeeds, the paths changed since the last good one stay pending and are built
//! again with the next change. The result is the site `handbook build` makes of the same content
//! (`tests/serve.rs` compares them).

mod deps;
mod links;
mod recycle;
mod render;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, SourceText};
use crate::frontmatter::{self, SourcePage};
use crate::graph::{self, Anchors, Graph, JsonCache};
use crate::lang::Lang;
use crate::markdown::Rendered;
use crate::model::{Kind, PageKey};
use crate::output::OutputFile;
use crate::pipeline::{self, Builder, Failure, Options, Report};
use crate::search::update::LiveIndex;
use crate::search::{segment::Segmenter, Index, IndexPage};
use crate::templates::Theme;
use crate::timings::Timings;
use crate::views::Inputs;
use crate::vocab::Vocab;
use crate::{load, resolve, validate};
use deps::Referrers;
use axum::body::Bytes;
use links::{Links, UrlBase};
use recycle::Recycled;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The output path of the reference graph.
pub const GRAPH_JSON: &str = "data/graph.json";

/// What a whole build made, handed over to [`Live::new`].
pub struct Parts {
    pub config: Config,
    pub theme: Theme,
    pub vocab: Vocab,
    pub data: Vec<(String, Arc<SourceText>)>,
    pub assets: Vec<PathBuf>,
    pub sources: Vec<SourcePage>,
    pub bodies: Vec<Rendered>,
    pub graph: Graph,
    pub anchors: Anchors,
    pub graph_json: JsonCache,
    pub indexes: Vec<(Lang, Index)>,
}

/// The files of the site that an incremental rebuild changed or removed, by output path.
#[derive(Debug, Default)]
pub struct Delta {
    pub files: Vec<OutputFile>,
    /// Changed files whose memory the rebuilds take again once they are no longer served.
    pub shared: Vec<(String, Bytes)>,
    pub removed: Vec<String>,
}

impl Delta {
    /// How many files changed or were removed.
    pub fn len(&self) -> usize {
        self.files.len() + self.shared.len() + self.removed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The last good build of `handbook serve`, kept for incremental rebuilds.
pub struct Live {
    root: PathBuf,
    base_url: Option<String>,
    config: Config,
    theme: Theme,
    vocab: Vocab,
    assets: Vec<PathBuf>,
    sources: Vec<SourcePage>,
    bodies: Vec<Rendered>,
    graph: Graph,
    anchors: Anchors,
    graph_json: JsonCache,
    graph_file: Recycled,
    memory: crate::allocator::Keeper,
    /// Source page index by file, relative to the root (`content/competencies/change.md`).
    by_file: HashMap<PathBuf, usize>,
    referrers: Referrers,
    links: Links,
    urls: UrlBase,
    search: Vec<LiveIndex>,
    segmenter: Segmenter,
    /// Files changed since the last good build.
    pending: BTreeSet<PathBuf>,
    /// The pages' files (`meetings/x/index.html`): an edit that adds or removes a generated page
    /// (a meeting moved to a year of its own) takes a whole build.
    page_files: HashSet<String>,
}

impl Live {
    /// Keeps a whole build's `parts`; `files` are what it wrote.
    pub fn new(options: &Options, parts: Parts, files: &[OutputFile]) -> Live {
        let urls = UrlBase { base_url: parts.config.base_url.clone(), base_path: parts.config.base_path().to_string() };
        let links = Links::read(files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect::<Vec<_>>(), &urls);
        let by_file = parts.sources.iter().enumerate().map(|(i, s)| (s.doc.src.path().to_path_buf(), i)).collect();
        let segmenter = Segmenter::default();
        Live {
            root: options.root.clone(),
            base_url: options.base_url.clone(),
            referrers: Referrers::build(&parts.sources, &parts.bodies),
            by_file,
            links,
            urls,
            search: parts.indexes.into_iter().map(|(lang, index)| LiveIndex::new(lang, index, &segmenter)).collect(),
            segmenter,
            config: parts.config,
            theme: parts.theme,
            vocab: parts.vocab,
            assets: parts.assets,
            sources: parts.sources,
            bodies: parts.bodies,
            graph: parts.graph,
            anchors: parts.anchors,
            graph_json: parts.graph_json,
            graph_file: Recycled::default(),
            memory: crate::allocator::Keeper::default(),
            pending: BTreeSet::new(),
            page_files: files.iter().filter(|f| f.path.ends_with("index.html")).map(|f| f.path.clone()).collect(),
        }
    }

    /// Rebuilds after `changed` incrementally; `None` when only a whole build can do it right.
    pub fn rebuild(&mut self, builder: &Builder, options: &Options, changed: &BTreeSet<PathBuf>) -> Option<Result<Report, Failure>> {
        self.pending.extend(changed.iter().cloned());
        if options.root != self.root || options.base_url != self.base_url {
            return None;
        }
        if !self.pending.iter().all(|p| self.by_file.contains_key(p) && self.root.join(p).is_file()) {
            return None;
        }
        let (renders, memo) = (builder.renders.as_ref()?, builder.terms.as_ref()?);
        let mut t = Timings::start(false);
        self.memory.keep();
        let mut diags = Diagnostics::default();

        t.stage("load");
        let edited = self.reload()?;
        let edited_keys: BTreeSet<PageKey> = edited.iter().map(|&i| self.sources[i].doc.key.clone()).collect();

        t.stage("validate");
        for &i in &edited {
            validate::check_nfc(&self.sources[i].doc.src, &mut diags);
            validate::check_page(&self.config, &self.sources[i], &self.vocab, &mut diags);
        }
        validate::check_across(&self.sources, Some(&edited_keys.iter().collect()), &mut diags);

        t.stage("resolve");
        let site = resolve::resolve(&self.config, &self.sources, &self.vocab, &self.assets, &self.theme.strings, &mut diags);
        if site.pages.len() != self.page_files.len() || !site.pages.iter().all(|p| self.page_files.contains(&format!("{}index.html", p.path))) {
            return None;
        }

        t.stage("markdown");
        let mut again: BTreeSet<usize> = edited.iter().copied().collect();
        for &i in &edited {
            let (key, lang) = (&self.sources[i].doc.key, self.sources[i].doc.lang);
            again.extend(self.referrers.of(key).filter(|r| self.sees(&site, r, key, lang)));
        }
        let again: Vec<usize> = again.into_iter().collect();
        let bodies = pipeline::render_bodies(&builder.highlighter, &site, &self.sources, &self.theme, &again, &mut diags);
        // Pages (key and language) whose titles, anchors or items may show differently elsewhere.
        let mut shown: BTreeSet<(PageKey, Lang)> = edited.iter().map(|&i| (self.sources[i].doc.key.clone(), self.sources[i].doc.lang)).collect();
        let exported: Vec<bool> = again.par_iter().zip(&bodies).map(|(&i, body)| exports(&self.bodies[i]) != exports(body)).collect();
        let mut previous = Vec::with_capacity(again.len());
        for ((&i, body), exported) in again.iter().zip(bodies).zip(exported) {
            if exported {
                shown.insert((self.sources[i].doc.key.clone(), self.sources[i].doc.lang));
            }
            previous.push((i, std::mem::replace(&mut self.bodies[i], body)));
        }
        let shown_keys: BTreeSet<&PageKey> = shown.iter().map(|(key, _)| key).collect();

        t.stage("graph");
        let mut checked: BTreeSet<usize> = again.iter().copied().collect();
        checked.extend(shown_keys.iter().flat_map(|k| self.referrers.of(k)));
        let keys: BTreeSet<PageKey> = checked.iter().map(|&i| self.sources[i].doc.key.clone()).collect();
        let mut edges: BTreeMap<PageKey, BTreeSet<graph::Edge>> = BTreeMap::new();
        {
            let checker = graph::Checker::new(&site, &self.sources, &self.bodies);
            for key in &keys {
                for i in Lang::ALL.into_iter().filter_map(|lang| self.source_of(&site, key, lang)) {
                    edges.entry(key.clone()).or_default().extend(checker.edges_from(i, &mut diags));
                }
            }
        }
        if !diags.is_empty() {
            // The bodies stay those of the last good build, which the next rebuild starts from.
            for (i, body) in previous {
                self.bodies[i] = body;
            }
            return Some(Err(Failure::Content(diags.into_sorted())));
        }
        for &i in &again {
            self.referrers.set(i, deps::named_pages(&self.sources[i], &self.bodies[i]));
            self.anchors.update(&self.sources[i], &self.bodies[i], &self.theme.strings);
        }
        let mut moved = BTreeSet::new();
        let mut edges_changed = false;
        for (key, edges) in edges {
            let before: Vec<PageKey> = self.graph.outgoing(&key).map(|e| e.to.key.clone()).collect();
            let after: Vec<PageKey> = edges.iter().map(|e| e.to.key.clone()).collect();
            if self.graph.replace_from(&key, edges) {
                edges_changed = true;
                moved.extend(before.into_iter().chain(after));
                moved.insert(key);
            }
        }
        let json_changed = self.graph_json.update(&self.graph, &site, &self.anchors, &self.config.base_url, edges_changed, &|k| shown_keys.contains(k));

        t.stage("templates");
        // A page that shows something of another page links to it: the files that link to a
        // page shown differently are the ones that can change.
        let pages = shown.iter().cloned().chain(moved.iter().flat_map(|key| Lang::ALL.map(|lang| (key.clone(), lang))));
        let mut wanted: HashSet<String> = HashSet::new();
        for page in pages.filter_map(|(key, lang)| site.get(&key, lang)) {
            wanted.insert(format!("{}index.html", page.path));
            wanted.extend(self.links.linkers(&page.path).map(str::to_string));
        }
        // An edited meeting's resolutions show on its year's page, which may not link to it yet.
        for &i in &edited {
            if let frontmatter::Front::Meeting(m) = &self.sources[i].front {
                let showing = site.of_kind(self.sources[i].doc.lang, Kind::Resolutions).filter(|p| p.year.is_none_or(|y| y == *m.year.get_ref()));
                wanted.extend(showing.map(|p| format!("{}index.html", p.path)));
            }
        }
        let inputs = Inputs {
            config: &self.config,
            site: &site,
            sources: &self.sources,
            bodies: &self.bodies,
            vocab: &self.vocab,
            strings: &self.theme.strings,
            graph: &self.graph,
            anchors: &self.anchors,
            plan_wide: Default::default(),
        };
        let rendered = match render::wanted(&inputs, &self.theme, renders, wanted, &self.urls) {
            Ok(rendered) => rendered,
            Err(e) => return Some(Err(Failure::Other(e))),
        };

        t.stage("search");
        let mut delta = Delta::default();
        let segmenter = &self.segmenter;
        let mut by_lang: Vec<(&mut LiveIndex, Vec<IndexPage>)> = self.search.iter_mut().map(|index| (index, Vec::new())).collect();
        for (lang, page) in rendered.entries {
            if let Some((_, pages)) = by_lang.iter_mut().find(|(index, _)| index.lang == lang) {
                pages.push(page);
            }
        }
        let changes: Vec<_> = by_lang.into_par_iter().map(|(index, pages)| index.update(pages, segmenter, memo)).collect();
        for change in changes {
            delta.files.extend(change.files);
            delta.removed.extend(change.removed);
        }

        t.stage("write");
        for (path, targets) in rendered.links {
            self.links.set(&path, targets);
        }
        delta.files.extend(rendered.files);
        if json_changed {
            let graph_json = &self.graph_json;
            delta.shared.push((GRAPH_JSON.into(), self.graph_file.next(|text| graph_json.text_into(text))));
        }
        self.pending.clear();
        let (stages, elapsed) = t.finish();
        Some(Ok(Report { pages: pipeline::page_counts(&site), output: None, elapsed, stages, warnings: 0, rendered: None, delta: Some(delta) }))
    }

    /// Reads and parses the pending files again, in place; `None` when one of them has a problem
    /// (a whole build reports it, with what follows from the page missing).
    fn reload(&mut self) -> Option<Vec<usize>> {
        let mut edited = Vec::new();
        for path in &self.pending {
            let i = self.by_file[path];
            let rel = path.strip_prefix(load::CONTENT_DIR).ok()?;
            let mut local = Diagnostics::default();
            let doc = load::reload_document(&self.root, rel, &mut local).ok()??;
            let mut parsed = frontmatter::parse_all(vec![doc], &mut local);
            if !local.is_empty() || parsed.len() != 1 {
                return None;
            }
            self.sources[i] = parsed.pop()?;
            edited.push(i);
        }
        Some(edited)
    }

    /// Whether source page `r`, which names `key`, sees its page in `lang`: in its own language,
    /// for want of a translation, or by naming the language.
    fn sees(&self, site: &resolve::Site, r: &usize, key: &PageKey, lang: Lang) -> bool {
        let own = self.sources[*r].doc.lang;
        let named = |target: &crate::refs::Ref| &target.key == key && target.lang == Some(lang);
        own == lang
            || site.get(key, own).is_none()
            || self.bodies[*r].refs.iter().any(|u| named(&u.target))
            || deps::link_targets(&self.sources[*r]).any(|t| named(&t))
    }

    /// The source page of `key` in `lang`, if it has one.
    fn source_of(&self, site: &resolve::Site, key: &PageKey, lang: Lang) -> Option<usize> {
        site.get(key, lang).filter(|p| p.lang == lang).and_then(|p| p.source)
    }
}

/// What other pages show of a rendered body: its headings, resolutions and anchors.
fn exports(body: &Rendered) -> String {
    serde_json::to_string(&(&body.toc, &body.resolutions, &body.anchors)).expect("a rendered body serializes")
}
