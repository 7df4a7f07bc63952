//! Stage 3, resolve: turns the validated content into the site — one page per key and language,
//! generated level pages, URLs, translations, section children — and answers `@/path.md` links.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::SourcePage;
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::model::{Kind, LevelId, PageKey};
use crate::refs::Ref;
use crate::vocab::Vocab;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// One output page in one language.
#[derive(Debug)]
pub struct Page {
    pub key: PageKey,
    pub lang: Lang,
    pub kind: Kind,
    /// URL path relative to the site root, `en/competencies/value-people/` (`` for the Thai home).
    pub path: String,
    pub title: String,
    /// Shorter title for menus and breadcrumbs.
    pub link_title: String,
    /// Index of the content file in the source pages; `None` for generated pages.
    pub source: Option<usize>,
    /// The position level a generated level page shows.
    pub level: Option<LevelId>,
    /// The year (B.E.) whose resolutions a generated resolutions page lists.
    pub year: Option<u32>,
    /// Sort weight in lists (lower first).
    pub weight: Option<i64>,
}

/// All pages of the site with lookups by key and language.
#[derive(Debug)]
pub struct Site {
    pub pages: Vec<Page>,
    /// Page index by key, one slot per language (looked up without copying the key).
    index: FxHashMap<PageKey, [Option<usize>; 2]>,
    /// Files in `content/` other than pages (images, PDFs), `/`-separated.
    assets: HashSet<String>,
    /// Titles of anchors known before rendering (strategy items), by page and language.
    item_titles: FxHashMap<PageKey, [FxHashMap<String, String>; 2]>,
    /// Pages of each kind in each language, in list order, computed once (no per-page scans).
    by_kind: FxHashMap<(Lang, Kind), Vec<usize>>,
}

/// Where a reference lands: a page (maybe in the other language) and an anchor on it.
#[derive(Debug)]
pub struct Target<'a> {
    pub page: &'a Page,
    pub anchor: Option<String>,
    /// The page does not exist in the reader's language; this is its translation.
    pub fallback: bool,
}

impl Target<'_> {
    /// The site path with the anchor, `strategy/x/#goal-1`.
    pub fn path(&self) -> String {
        match &self.anchor {
            Some(a) => format!("{}#{a}", self.page.path),
            None => self.page.path.clone(),
        }
    }
}

impl Site {
    pub fn get(&self, key: &PageKey, lang: Lang) -> Option<&Page> {
        self.index.get(key)?[lang.index()].map(|i| &self.pages[i])
    }

    /// The same page in the other language, if it exists.
    pub fn translation(&self, page: &Page) -> Option<&Page> {
        self.get(&page.key, page.lang.other())
    }

    /// The page in `lang`, or in the other language when it has no translation.
    pub fn get_or_fallback(&self, key: &PageKey, lang: Lang) -> Option<&Page> {
        self.get(key, lang).or_else(|| self.get(key, lang.other()))
    }

    /// Pages listed by a section page: those directly inside its directory, ordered by weight then title.
    pub fn children(&self, section: &Page) -> Vec<&Page> {
        let mut children: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.lang == section.lang && p.key != section.key && p.key.parent().as_ref() == Some(&section.key))
            .collect();
        children.sort_by(|a, b| list_order(a).cmp(&list_order(b)));
        children
    }

    /// Pages of one kind in one language, by weight, then title (competencies by number,
    /// meetings newest first).
    pub fn of_kind(&self, lang: Lang, kind: Kind) -> impl Iterator<Item = &Page> {
        self.by_kind.get(&(lang, kind)).into_iter().flatten().map(|&i| &self.pages[i])
    }

    /// Top-level sections of the site in `lang`, for navigation.
    pub fn sections(&self, lang: Lang) -> Vec<&Page> {
        self.of_kind(lang, Kind::Section).filter(|p| p.key.parent().is_some_and(|k| k.0 == "_index")).collect()
    }

    /// The chain of section pages above a page, from the home page down, for breadcrumbs.
    pub fn ancestors(&self, page: &Page) -> Vec<&Page> {
        let mut chain = Vec::new();
        let mut key = page.key.parent();
        while let Some(k) = key {
            if let Some(p) = self.get(&k, page.lang) {
                chain.push(p);
            }
            key = k.parent();
        }
        chain.reverse();
        chain
    }

    /// A file of `content/` (not a page) named by `@/charts/plan.png`, as a site path.
    pub fn asset(&self, file: &str) -> Result<String, String> {
        let file = file.trim_start_matches('/');
        if self.assets.contains(file) {
            return Ok(file.to_string());
        }
        let as_page = format!("{}.md", file.trim_end_matches('/'));
        let hint = if self.get_or_fallback(&PageKey(as_page.trim_end_matches(".md").to_string()), Lang::Th).is_some() {
            format!(" (did you mean '@/{as_page}'?)")
        } else {
            crate::diagnostics::closest(file, self.assets.iter().map(String::as_str))
                .map(|k| format!(" (did you mean '@/{k}'?)"))
                .unwrap_or_default()
        };
        Err(format!("link to unknown file '@/{file}'{hint}: no such page (.md) or file in content/"))
    }

    /// Resolves a reference as seen from a page in `lang`: the page in the reader's language, or
    /// its translation (marked as a fallback) when it has none; `@/x.en.md` names a language.
    pub fn resolve_ref(&self, r: &Ref, lang: Lang) -> Result<Target<'_>, String> {
        let want = r.lang.unwrap_or(lang);
        if let Some(page) = self.get(&r.key, want) {
            return Ok(Target { page, anchor: r.anchor.clone(), fallback: false });
        }
        if let Some(page) = self.get(&r.key, want.other()) {
            return Ok(Target { page, anchor: r.anchor.clone(), fallback: r.lang.is_none() });
        }
        Err(match r.kind {
            Some(kind) => {
                let section = format!("{}/", kind.section());
                let known = self.pages.iter().filter_map(|p| p.key.0.strip_prefix(&section)).filter(|id| *id != "_index");
                let hint = crate::diagnostics::did_you_mean(r.id(), known);
                format!("unknown {} '{}'{hint}", kind.name(), r.id())
            }
            None => {
                let known = self.pages.iter().map(|p| p.key.0.as_str());
                let hint = crate::diagnostics::closest(&r.key.0, known).map(|k| format!(" (did you mean '@/{k}.md'?)")).unwrap_or_default();
                format!("link to unknown page '@/{}.md'{hint}", r.key)
            }
        })
    }

    /// The title of an anchor known before rendering (a strategy item), if any.
    pub fn item_title(&self, key: &PageKey, lang: Lang, anchor: &str) -> Option<&str> {
        self.item_titles.get(key)?[lang.index()].get(anchor).map(String::as_str)
    }
}

/// Builds the site from the source pages and the vocabularies; two files that would be served at
/// one URL are reported.
pub fn resolve(
    config: &Config,
    sources: &[SourcePage],
    vocab: &Vocab,
    assets: &[PathBuf],
    strings: &Strings,
    diags: &mut Diagnostics,
) -> Site {
    let mut pages = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        pages.push(Page {
            key: s.doc.key.clone(),
            lang: s.doc.lang,
            kind: s.kind,
            path: format!("{}{}", s.doc.lang.url_prefix(), s.doc.key.url_path()),
            title: s.front.title().to_string(),
            link_title: s.front.link_title().to_string(),
            source: Some(i),
            level: None,
            year: None,
            weight: s.front.weight(),
        });
    }
    for lang in config.languages() {
        for (n, level) in vocab.levels.iter().enumerate() {
            let key = PageKey(format!("levels/{}", level.id));
            pages.push(Page {
                path: format!("{}{}", lang.url_prefix(), key.url_path()),
                key,
                lang,
                kind: Kind::Level,
                title: level.name.get(lang).to_string(),
                link_title: level.name.get(lang).to_string(),
                source: None,
                level: Some(level.id.get_ref().clone()),
                year: None,
                weight: Some(n as i64 + 1),
            });
        }
    }
    let has_meetings = sources.iter().any(|s| s.kind == Kind::Meeting);
    for lang in config.languages().filter(|_| has_meetings) {
        pages.extend(resolutions_pages(config, sources, strings, lang));
    }
    check_urls(&pages, sources, diags);
    if !sources.iter().any(|s| s.kind == Kind::Home && s.doc.lang == Lang::Th) {
        diags.push(Diagnostic {
            file: PathBuf::from("content/_index.md"),
            line: 1,
            col: 1,
            message: "the home page is missing: create content/_index.md (and content/_index.en.md)".into(),
        });
    }
    pages.sort_by(|a, b| (&a.key, a.lang).cmp(&(&b.key, b.lang)));
    let mut index: FxHashMap<PageKey, [Option<usize>; 2]> = FxHashMap::default();
    for (i, p) in pages.iter().enumerate() {
        index.entry(p.key.clone()).or_default()[p.lang.index()] = Some(i);
    }
    let assets = assets.iter().map(|a| a.to_string_lossy().replace('\\', "/")).collect();
    let mut item_titles: FxHashMap<PageKey, [FxHashMap<String, String>; 2]> = FxHashMap::default();
    for s in sources {
        if let crate::frontmatter::Front::Strategy(plan) = &s.front {
            let titles = plan.items().into_iter().map(|i| (i.id.to_string(), i.title.to_string())).collect();
            item_titles.entry(s.doc.key.clone()).or_default()[s.doc.lang.index()] = titles;
        }
    }
    let mut by_kind: FxHashMap<(Lang, Kind), Vec<usize>> = FxHashMap::default();
    for (i, p) in pages.iter().enumerate() {
        by_kind.entry((p.lang, p.kind)).or_default().push(i);
    }
    for list in by_kind.values_mut() {
        list.sort_by(|&a, &b| list_order(&pages[a]).cmp(&list_order(&pages[b])));
    }
    Site { pages, index, assets, item_titles, by_kind }
}

/// The list of all resolutions in `lang`; when its minutes span several years, also one page per
/// year (`meetings/resolutions/2565/`, newest first), which the list's page links to, so that no
/// page of a long archive holds every resolution at once.
fn resolutions_pages(config: &Config, sources: &[SourcePage], strings: &Strings, lang: Lang) -> Vec<Page> {
    let title = strings.get(lang, "resolutions_title").to_string();
    let page = |key: String, title: String, link_title: String, year: Option<u32>, weight: i64| {
        let key = PageKey(key);
        Page { path: format!("{}{}", lang.url_prefix(), key.url_path()), key, lang, kind: Kind::Resolutions, title, link_title, source: None, level: None, year, weight: Some(weight) }
    };
    let mut pages = vec![page("meetings/resolutions".into(), title.clone(), title.clone(), None, i64::MIN)];
    let years: std::collections::BTreeSet<u32> = sources
        .iter()
        .filter(|s| s.doc.lang == lang)
        .filter_map(|s| match &s.front {
            crate::frontmatter::Front::Meeting(m) => Some(*m.year.get_ref()),
            _ => None,
        })
        .collect();
    if years.len() > 1 {
        for year in years {
            let label = format!("{} {}", strings.get(lang, "year_be"), config.digits(lang, year.to_string()));
            pages.push(page(format!("meetings/resolutions/{year}"), format!("{title} · {label}"), label, Some(year), -i64::from(year)));
        }
    }
    pages
}

/// The order of pages in lists: by weight (pages without one last), then title, then key.
fn list_order(p: &Page) -> (bool, Option<i64>, &str, &PageKey) {
    (p.weight.is_none(), p.weight, &p.title, &p.key)
}

/// Every page needs a URL of its own; Thai pages may not live under `en/`, the English root.
fn check_urls(pages: &[Page], sources: &[SourcePage], diags: &mut Diagnostics) {
    let file = |p: &Page| p.source.map(|i| sources[i].doc.src.path().display().to_string());
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if page.lang == Lang::Th && page.key.0.split('/').next() == Some("en") {
            if let Some(i) = page.source {
                diags.push(sources[i].doc.src.at(0, format!("'{}' would be served at /{}, under /en/, which is for English pages: rename it", page.key, page.path)));
            }
            continue;
        }
        if let Some(other) = seen.insert(&page.path, page) {
            if [page, other].iter().any(|p| p.kind == Kind::Level && p.source.is_none()) {
                continue; // a content file for a generated level page is reported by validate
            }
            let (this, that) = (file(page), file(other));
            let what = |f: Option<String>| f.unwrap_or_else(|| "a generated page".to_string());
            let at = page.source.or(other.source).map(|i| &sources[i].doc.src);
            if let Some(src) = at {
                diags.push(src.at(0, format!("{} and {} would both be served at /{}", what(this), what(that), page.path)));
            }
        }
    }
}
