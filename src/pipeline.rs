//! The build orchestrator: load → validate → resolve → render Markdown → reference graph →
//! render templates → search index → write output, each stage timed (`--timings`). `build`,
//! `check` and `serve` all run through [`Builder::run`]; `serve`'s rebuilds go through
//! [`Builder::rebuild`], which runs the same stages on what a change touches
//! ([`crate::incremental`]) when it can.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, SourcePage};
use crate::highlight::Highlighter;
use crate::lang::Lang;
use crate::markdown::{self, Rendered};
use crate::output::{self, OutputFile};
use crate::render_cache::RenderCache;
use crate::resolve::{self, Site};
use crate::templates::{self, Theme};
use crate::timings::{StageTimes, Timings};
use crate::views::Inputs;
use crate::incremental::{self, Delta, Live};
use crate::{graph, load, search, validate, vocab};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// Whether a run writes the site, only checks the content, or keeps the site in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Build,
    Check,
    /// Renders everything into [`Report::rendered`] and writes nothing (`serve` serves from it).
    Memory,
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's root directory (holds `handbook.toml`, `content/`, `themes/`).
    pub root: PathBuf,
    /// Overrides `output_dir` of the config (relative to the current directory).
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of the config.
    pub base_url: Option<String>,
    pub mode: Mode,
}

/// A successful run.
#[derive(Debug)]
pub struct Report {
    pub pages: BTreeMap<Lang, usize>,
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
    /// How long each stage took (`--timings`).
    pub stages: StageTimes,
    /// Problems that did not stop the build (none are defined yet).
    pub warnings: usize,
    /// The whole site, with [`Mode::Memory`].
    pub rendered: Option<output::SiteFiles>,
    /// Instead of the whole site, what changed in it, after an incremental [`Builder::rebuild`].
    pub delta: Option<Delta>,
}

/// Why a run failed: content errors to show as `file:line:col: message`, or anything else.
#[derive(Debug)]
pub enum Failure {
    Content(Vec<Diagnostic>),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// Holds what survives between runs (the lazily loaded syntax set and, for `serve`, the rendered
/// pages and their search terms), so `serve` rebuilds cheaply.
#[derive(Default)]
pub struct Builder {
    pub(crate) highlighter: Highlighter,
    pub(crate) renders: Option<RenderCache>,
    pub(crate) terms: Option<search::TermMemo>,
    /// What the last good build of `serve` made, for incremental rebuilds.
    live: Option<Mutex<Option<Live>>>,
    /// Draw a progress bar on long runs (the caller checks that stderr is a terminal).
    progress: bool,
}

impl Builder {
    /// A builder that re-renders only the pages whose template context changed since its last run,
    /// and segments for the search index only the pages whose text changed.
    pub fn reusing_pages() -> Builder {
        Builder {
            renders: Some(RenderCache::default()),
            terms: Some(search::TermMemo::default()),
            live: Some(Mutex::default()),
            ..Builder::default()
        }
    }

    /// Builds again after the files `changed` (relative to the site root) changed: with a builder
    /// [`reusing_pages`](Builder::reusing_pages), in [`Mode::Memory`], only what the change
    /// touches when it is edits of content pages (the report has a [`Delta`]); otherwise, and
    /// when that cannot tell, the whole site, as [`Builder::run`].
    pub fn rebuild(&self, options: &Options, changed: &BTreeSet<PathBuf>) -> Result<Report, Failure> {
        if let (Some(live), Mode::Memory) = (&self.live, options.mode) {
            let outcome = live.lock().expect("live state lock").as_mut().and_then(|state| state.rebuild(self, options, changed));
            if let Some(outcome) = outcome {
                return outcome;
            }
        }
        self.run(options)
    }

    /// Shows a progress bar during runs of more than [`crate::timings::PROGRESS_MIN_PAGES`] pages.
    pub fn with_progress(mut self, progress: bool) -> Builder {
        self.progress = progress;
        self
    }

    pub fn run(&self, options: &Options) -> Result<Report, Failure> {
        let mut t = Timings::start(self.progress);
        let root = &options.root;
        let mut diags = Diagnostics::default();

        t.stage("load");
        let config = self.config(options)?;
        // The theme's templates are parsed while the content loads.
        let (theme, content) = rayon::join(
            || {
                let mut found = Diagnostics::default();
                Theme::load(root, &config, &mut found).map(|theme| (theme, found))
            },
            || -> anyhow::Result<_> {
                let mut found = Diagnostics::default();
                let loaded = load::load(root, &mut found)?;
                let sources = frontmatter::parse_all(loaded.documents, &mut found);
                let vocab = vocab::load(&loaded.data, &mut found);
                Ok((loaded.data, loaded.assets, sources, vocab, found))
            },
        );
        let (data, assets, sources, vocab, content_diags) = content?;
        let (theme, theme_diags) = theme?;
        diags.extend(content_diags);
        diags.extend(theme_diags);
        t.progress_if_long(sources.len());

        t.stage("validate");
        let data_texts: Vec<_> = data.iter().map(|(_, src)| &**src).collect();
        validate::validate(&config, &sources, &vocab, &data_texts, &mut diags);

        t.stage("resolve");
        let site = resolve::resolve(&config, &sources, &vocab, &assets, &theme.strings, &mut diags);

        t.stage("markdown");
        let all: Vec<usize> = (0..sources.len()).collect();
        let mut bodies = render_bodies(&self.highlighter, &site, &sources, &theme, &all, &mut diags);

        t.stage("graph");
        let graph = graph::build(&site, &sources, &bodies, &mut diags);
        if !diags.is_empty() {
            return Err(Failure::Content(diags.into_sorted()));
        }
        let anchors = graph::Anchors::build(&sources, &bodies, &theme.strings);
        let mut graph_json = graph::JsonCache::default();
        graph_json.update(&graph, &site, &anchors, &config.base_url, true, &|_| true);

        t.stage("templates");
        // `serve` keeps the bodies for its incremental rebuilds; a build frees each once rendered.
        let taken = match options.mode {
            Mode::Memory => Vec::new(),
            Mode::Build | Mode::Check => templates::take_bodies(&site, &mut bodies),
        };
        let inputs = Inputs {
            config: &config,
            site: &site,
            sources: &sources,
            bodies: &bodies,
            vocab: &vocab,
            strings: &theme.strings,
            graph: &graph,
            anchors: &anchors,
            plan_wide: Default::default(),
        };
        let sink = self.sink(options, &config)?;
        sink.put_all(templates::render_site_files(&inputs, &theme, self.renders.as_ref())?)?;
        let searched = templates::render_pages(&inputs, &theme, self.renders.as_ref(), taken, |page, file| {
            let entry = if options.mode == Mode::Check { None } else { search::page_entry(page, &file.html) };
            sink.put(file.into_file())?;
            Ok(entry)
        })?;
        sink.put(OutputFile { path: incremental::GRAPH_JSON.into(), bytes: graph_json.text().into_bytes() })?;
        // `serve` keeps what its incremental rebuilds start from; otherwise sources, bodies and the
        // graph can go, as the search index reads the rendered pages' text.
        let live = self.live.as_ref().filter(|_| options.mode == Mode::Memory);
        let kept = match live {
            Some(_) => Some((sources, bodies, graph, anchors, vocab, graph_json)),
            None => {
                drop((sources, bodies, graph, anchors, vocab, graph_json));
                None
            }
        };

        t.stage("search");
        let mut indexes = Vec::new();
        if options.mode != Mode::Check {
            indexes = search::build(searched.into_iter().flatten().collect(), config.languages(), self.terms.as_ref());
            sink.put_all(indexes.iter().flat_map(|(lang, index)| index.files(*lang)).collect())?;
        }

        t.stage("write");
        let copies = copies(options, &theme, &assets);
        let (output, rendered) = match sink {
            output::Sink::Disk(staging) => (Some(staging.finish(&copies)?), None),
            output::Sink::Memory(files) => {
                let files = files.into_inner().expect("kept files");
                if let (Some(live), Some((sources, bodies, graph, anchors, vocab, graph_json))) = (live, kept) {
                    let parts = incremental::Parts { config, theme, vocab, data, assets, sources, bodies, graph, anchors, graph_json, indexes };
                    *live.lock().expect("live state lock") = Some(Live::new(options, parts, &files));
                }
                (None, Some(output::SiteFiles { copies, files }))
            }
            output::Sink::Discard => (None, None),
        };

        let (stages, elapsed) = t.finish();
        Ok(Report { pages: page_counts(&site), output, elapsed, stages, warnings: 0, rendered, delta: None })
    }

    fn config(&self, options: &Options) -> Result<Config, Failure> {
        let mut config = Config::load(&options.root)?.map_err(|d| Failure::Content(vec![d]))?;
        if let Some(url) = &options.base_url {
            config.set_base_url(url).map_err(|m| Failure::Other(anyhow::anyhow!("--base-url: {m}")))?;
        }
        Ok(config)
    }

    /// Where this run's files go: a staging directory beside the output for `build`.
    fn sink(&self, options: &Options, config: &Config) -> anyhow::Result<output::Sink> {
        Ok(match options.mode {
            Mode::Build => {
                let target = options.output.clone().unwrap_or_else(|| options.root.join(&config.output_dir));
                output::Sink::Disk(output::Staging::create(&target)?)
            }
            Mode::Memory => output::Sink::Memory(std::sync::Mutex::default()),
            Mode::Check => output::Sink::Discard,
        })
    }
}

/// The number of pages in each language.
pub(crate) fn page_counts(site: &Site) -> BTreeMap<Lang, usize> {
    let mut pages = BTreeMap::new();
    for page in &site.pages {
        *pages.entry(page.lang).or_insert(0) += 1;
    }
    pages
}

/// Renders the bodies of the source pages `which` in parallel; diagnostics are gathered in page
/// order.
pub(crate) fn render_bodies(highlighter: &Highlighter, site: &Site, sources: &[SourcePage], theme: &Theme, which: &[usize], diags: &mut Diagnostics) -> Vec<Rendered> {
    let root_of = |s: &SourcePage| templates::root_for(&site.get(&s.doc.key, s.doc.lang).map_or(String::new(), |p| p.path.clone()));
    let results: Vec<(Rendered, Diagnostics)> = which
        .par_iter()
        .map(|&i| {
            let s = &sources[i];
            let annotations = graph::annotations_of(site, s, &theme.strings, &root_of);
            let mut local = Diagnostics::default();
            let root = root_of(s);
            let reserved = reserved_ids(s);
            let cx = markdown::Context {
                site,
                highlighter,
                lang: s.doc.lang,
                root: &root,
                src: &s.doc.src,
                body_start: s.doc.body_start,
                reserved: &reserved,
                annotations: &annotations,
                fallback_marker: theme.strings.get(s.doc.lang, "only_in_other_language"),
            };
            (markdown::render(&cx, s.doc.body(), &mut local), local)
        })
        .collect();
    results
        .into_iter()
        .map(|(rendered, local)| {
            diags.extend(local);
            rendered
        })
        .collect()
}

/// The files copied as they are (output path → source file): the theme's static files and the
/// content's assets.
pub(crate) fn copies(options: &Options, theme: &Theme, assets: &[PathBuf]) -> BTreeMap<String, PathBuf> {
    let mut copies = theme.statics.clone();
    let content = options.root.join(load::CONTENT_DIR);
    for asset in assets {
        copies.insert(asset.to_string_lossy().replace('\\', "/"), content.join(asset));
    }
    copies
}

/// Ids a page's body may not define: those of its template and its front matter's items.
fn reserved_ids(page: &SourcePage) -> Vec<String> {
    let mut ids: Vec<String> = page.kind.reserved_ids().iter().map(|s| s.to_string()).collect();
    match &page.front {
        frontmatter::Front::Strategy(s) => ids.extend(s.item_ids().iter().map(|i| i.get_ref().to_string())),
        frontmatter::Front::Competency(c) => ids.extend(c.standards.iter().map(|s| s.level.get_ref().to_string())),
        _ => {}
    }
    ids
}
