//! Stage 5, render templates: loads the theme (Tera templates, UI strings, static files, with the
//! site's own `templates/`, `i18n/` and `static/` overriding it) and renders every page, the 404
//! page and the sitemap.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::lang::Lang;
use crate::output::OutputFile;
use crate::render_cache::RenderCache;
use crate::resolve::Page;
use crate::views::{Inputs, PageContext};
use anyhow::{anyhow, Context as _};
use rayon::prelude::*;
use serde::Serialize;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use tera::Tera;
use walkdir::WalkDir;

/// A loaded theme, ready to render.
pub struct Theme {
    tera: Tera,
    pub strings: Strings,
    /// Static files to copy: output path (relative, `/`-separated) → source file.
    pub statics: BTreeMap<String, PathBuf>,
    /// A hash of the templates, strings and settings that a render depends on besides its context.
    pub fingerprint: u64,
}

impl Theme {
    /// The theme's directory and the site's own directory, in override order.
    pub fn dirs(root: &Path, config: &Config) -> [PathBuf; 2] {
        [root.join("themes").join(&config.theme), root.to_path_buf()]
    }

    /// Loads templates, strings and static files; a template with a syntax error is reported at
    /// its file, line and column, with the content's diagnostics.
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> anyhow::Result<Theme> {
        let dirs = Theme::dirs(root, config);
        let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut statics = BTreeMap::new();
        for dir in &dirs {
            collect_files(&dir.join("templates"), &mut sources)?;
            collect_files(&dir.join("static"), &mut statics)?;
        }
        let mut templates = Vec::with_capacity(sources.len());
        for (name, path) in &sources {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read template {}", path.display()))?;
            templates.push((name.clone(), text));
        }
        let mut fingerprint = std::hash::DefaultHasher::new();
        (&templates, config.thai_digits).hash(&mut fingerprint);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Escape only what HTML needs (`& < > "`), so URLs keep readable slashes.
        tera.set_escape_fn(crate::highlight::escape);
        tera.register_filter("digits", digits_filter(config.thai_digits));
        if let Err(all) = tera.add_raw_templates(templates.clone()) {
            // Parsed again one by one, for the file, line and column of each syntax error.
            let mut broken = false;
            for ((name, text), path) in templates.iter().zip(sources.values()) {
                if let Err(e) = tera::Template::new(name, None, text) {
                    diags.push(syntax_error(path.strip_prefix(root).unwrap_or(path), &tera_error(&e)));
                    broken = true;
                }
            }
            if !broken {
                return Err(anyhow!("theme templates: {}", tera_error(&all)));
            }
        }
        let langs: Vec<Lang> = config.languages().collect();
        let dir_refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
        let strings = Strings::load(&dir_refs, root, &langs, diags)?;
        format!("{strings:?}").hash(&mut fingerprint);
        Ok(Theme { tera, strings, statics, fingerprint: fingerprint.finish() })
    }

}

/// The search box's partial, rendered once per language into every page's `search_form`.
const SEARCH_FORM: &str = "partials/search-form.html";
/// The site navigation's partial, rendered once per language, `root` and current item into every
/// page's `site_nav`.
const SITE_NAV: &str = "partials/nav.html";

/// Tera contexts for rendering pages, one per language, holding what every page of a language sees
/// alike, the interface strings of both languages (`t` and `t_other`), converted for Tera once,
/// and the search box (`search_form`, [`SEARCH_FORM`] rendered once);
/// each page's own fields then replace the previous page's (every field of [`PageContext`] is
/// serialized, none skipped). Converting the strings anew for every page took a third of the time
/// of turning its context into Tera's values. Partials that are the same on many pages are
/// rendered once, as Hugo's `partialCached` would: the search box (1.4% of a build's
/// instructions) and the navigation (1.7%).
struct Contexts<'t> {
    theme: &'t Theme,
    by_lang: Vec<(Lang, tera::Context)>,
    /// [`SITE_NAV`] rendered, by [`NavKey`].
    navs: FxHashMap<NavKey, String>,
}

/// What the navigation shows depends on: the language, `root`, and for each item whether it is
/// the page and whether it holds the page.
type NavKey = (Lang, String, Vec<(bool, bool)>);

impl<'t> Contexts<'t> {
    fn new(theme: &'t Theme) -> Self {
        Contexts { theme, by_lang: Vec::new(), navs: FxHashMap::default() }
    }

    fn render(&mut self, template: &str, page: &PageContext) -> anyhow::Result<String> {
        let lang = page.lang;
        let at = match self.by_lang.iter().position(|(l, _)| *l == lang) {
            Some(at) => at,
            None => {
                let mut shared = tera::Context::new();
                shared.insert("t", self.theme.strings.table(lang));
                shared.insert("t_other", self.theme.strings.table(lang.other()));
                shared.insert("lang", &lang);
                let form = self.theme.tera.render(SEARCH_FORM, &shared).map_err(|e| anyhow!("{}", tera_error(&e)))?;
                shared.insert("search_form", form.trim());
                self.by_lang.push((lang, shared));
                self.by_lang.len() - 1
            }
        };
        let context = &mut self.by_lang[at].1;
        context.extend(tera::Context::from_serialize(page).map_err(|e| anyhow!("{template}: {}", tera_error(&e)))?);
        let key = (lang, page.root.to_string(), page.nav.iter().map(|item| (item.here, item.current)).collect());
        let nav = match self.navs.entry(key) {
            Entry::Occupied(nav) => nav.into_mut(),
            Entry::Vacant(slot) => {
                let nav = self.theme.tera.render(SITE_NAV, context).map_err(|e| anyhow!("{}", tera_error(&e)))?;
                slot.insert(nav.trim().to_string())
            }
        };
        context.insert("site_nav", nav);
        let mut html = Vec::with_capacity(64 * 1024);
        self.theme.tera.render_to(template, context, &mut html).map_err(|e| anyhow!("{}", tera_error(&e)))?;
        // Tera's own `render` checks the page with the standard library's UTF-8 check, which is
        // slow on Thai text (2% of a build); simdutf8 checks it several times faster.
        simdutf8::basic::from_utf8(&html).map_err(|_| anyhow!("{template}: rendered text is not UTF-8"))?;
        // SAFETY: `html` was checked to be UTF-8 just above.
        Ok(unsafe { String::from_utf8_unchecked(html) })
    }
}

/// `{{ n | digits(lang=lang) }}`: a number (or text) with Thai digits on Thai pages when the site
/// is configured with `thai_digits`.
fn digits_filter(thai_digits: bool) -> impl tera::Filter {
    move |value: &tera::Value, args: &std::collections::HashMap<String, tera::Value>| {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let thai = thai_digits && args.get("lang").and_then(tera::Value::as_str) == Some("th");
        Ok(tera::Value::String(if thai { crate::lang::thai_digits(&text) } else { text }))
    }
}

/// Files below `dir` by `/`-separated relative path; missing directories are empty.
fn collect_files(dir: &Path, into: &mut BTreeMap<String, PathBuf>) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| !crate::load::is_ignored(e.file_name())) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("below its root");
            into.insert(rel.to_string_lossy().replace('\\', "/"), entry.into_path());
        }
    }
    Ok(())
}

/// A template syntax error as a diagnostic: Tera's message holds ` --> line:col` and `= expected …`.
fn syntax_error(path: &Path, message: &str) -> Diagnostic {
    let (line, col) = message
        .split_once("--> ")
        .and_then(|(_, rest)| {
            let (l, rest) = rest.split_once(':')?;
            let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((l.trim().parse().ok()?, c.parse().ok()?))
        })
        .unwrap_or((1, 1));
    let what = message.lines().rev().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or(message.lines().next().unwrap_or(""));
    Diagnostic { file: path.to_path_buf(), line, col, message: format!("template syntax error: {what}") }
}

/// Tera's error with its causes, which name the template, line and the failing expression.
fn tera_error(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The relative path from a page at `path` (`en/competencies/x/`) back to the site root (`../../../`).
pub fn root_for(path: &str) -> String {
    match path.matches('/').count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    /// The page in each language it exists in, for `xhtml:link hreflang` alternates.
    alternates: Vec<(Lang, String)>,
}

/// A rendered page: its output path (`en/meetings/x/index.html`) and its HTML.
pub struct RenderedPage {
    pub path: String,
    pub html: String,
}

impl RenderedPage {
    pub fn into_file(self) -> OutputFile {
        OutputFile { path: self.path, bytes: self.html.into_bytes() }
    }
}

/// The pages' rendered bodies (Markdown's HTML), moved out of `bodies` in page order, for a build
/// to hand to [`render_pages`]: each is freed once its page is rendered, and the memory is reused by
/// what follows, rather than every body staying until the last page is done.
pub fn take_bodies(site: &crate::resolve::Site, bodies: &mut [crate::markdown::Rendered]) -> Vec<String> {
    site.pages.iter().map(|p| p.source.map(|i| std::mem::take(&mut bodies[i].html)).unwrap_or_default()).collect()
}

/// Renders every page in parallel and hands each to `each` as soon as it is rendered (to write it
/// and read its text for the search index), so that the whole site is never held at once; returns
/// what `each` returns, in page order. With a `cache` (`handbook serve`), pages whose context is
/// unchanged are taken from it. `taken` are the bodies of [`take_bodies`] (a build), or empty.
pub fn render_pages<T: Send>(
    inputs: &Inputs,
    theme: &Theme,
    cache: Option<&RenderCache>,
    taken: Vec<String>,
    each: impl Fn(&Page, RenderedPage) -> anyhow::Result<T> + Sync,
) -> anyhow::Result<Vec<T>> {
    let render = |contexts: &mut Contexts, page: &Page, body: String| {
        let root = root_for(&page.path);
        let mut context = inputs.context(page, &root);
        if !body.is_empty() {
            context.page.content = &body;
        }
        let path = format!("{}index.html", page.path);
        let template = page.kind.template();
        let key = cache.map(|_| RenderCache::key(theme.fingerprint, template, &context));
        if let Some(bytes) = cache.zip(key).and_then(|(c, k)| c.get(&path, k)) {
            return each(page, RenderedPage { path, html: String::from_utf8(bytes).expect("the cache holds rendered text") });
        }
        let html = contexts.render(template, &context).with_context(|| format!("rendering /{} ({})", page.path, page.key))?;
        if let Some((c, k)) = cache.zip(key) {
            c.put(&path, k, html.as_bytes());
        }
        each(page, RenderedPage { path, html })
    };
    let results = match cache.filter(|c| c.narrowed()) {
        // A few pages of very different sizes (`handbook serve`): each is a task of its own, the
        // largest first, so that no core is left with several large ones at the end.
        Some(cache) => {
            let mut pages: Vec<(usize, usize, &Page)> = (inputs.site.pages.par_iter().enumerate())
                .filter_map(|(n, page)| {
                    let path = format!("{}index.html", page.path);
                    cache.wanted(&path).then(|| (cache.size(&path), n, page))
                })
                .collect();
            pages.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut results: Vec<(usize, T)> =
                pages.into_par_iter().with_max_len(1).map_init(|| Contexts::new(theme), |contexts, (_, n, page)| Ok((n, render(contexts, page, String::new())?))).collect::<anyhow::Result<_>>()?;
            results.sort_unstable_by_key(|(n, _)| *n);
            results.into_iter().map(|(_, r)| r).collect()
        }
        None => {
            let mut taken = taken;
            taken.resize(inputs.site.pages.len(), String::new());
            (inputs.site.pages.par_iter().zip(taken))
                .map_init(|| Contexts::new(theme), |contexts, (page, body)| render(contexts, page, body))
                .collect::<anyhow::Result<_>>()?
        }
    };
    // A narrowed run leaves the pages it does not render in the cache.
    if let Some(cache) = cache.filter(|c| !c.narrowed()) {
        let current: std::collections::HashSet<String> = inputs.site.pages.iter().map(|p| format!("{}index.html", p.path)).collect();
        cache.retain(|p| current.contains(p));
    }
    Ok(results)
}

/// Renders the files about the whole site: `404.html`, each language's Atom feed of minutes and
/// `sitemap.xml` (those a narrowed `cache` wants).
pub fn render_site_files(inputs: &Inputs, theme: &Theme, cache: Option<&RenderCache>) -> anyhow::Result<Vec<OutputFile>> {
    let wanted = |path: &str| cache.is_none_or(|c| c.wanted(path));
    let mut files = Vec::new();
    let home = inputs.site.get(&crate::model::PageKey("_index".into()), Lang::Th);
    if let Some(home) = home.filter(|_| wanted("404.html")) {
        let base = inputs.config.base_path().to_string();
        let mut context = inputs.context(home, &base);
        context.translation = None;
        let html = Contexts::new(theme).render("404.html", &context).context("rendering 404.html")?;
        files.push(OutputFile { path: "404.html".into(), bytes: html.into_bytes() });
    }

    for lang in inputs.config.languages() {
        let feed_path = format!("{}meetings/atom.xml", lang.url_prefix());
        if !wanted(&feed_path) {
            continue;
        }
        let entries = inputs.feed_entries(lang);
        if entries.is_empty() {
            continue;
        }
        let mut ctx = tera::Context::new();
        ctx.insert("lang", &lang);
        ctx.insert("title", &format!("{} · {}", inputs.config.title(lang), theme.strings.get(lang, "feed")));
        ctx.insert("feed_url", &format!("{}{feed_path}", inputs.config.base_url));
        ctx.insert("site_url", &format!("{}{}", inputs.config.base_url, lang.url_prefix()));
        ctx.insert("author", theme.strings.get(lang, "footer_owner"));
        ctx.insert("updated", &entries.iter().map(|e| e.updated.as_str()).max().unwrap_or_default());
        ctx.insert("entries", &entries);
        let xml = theme.tera.render("atom.xml", &ctx).map_err(|e| anyhow!("rendering atom.xml: {}", tera_error(&e)))?;
        files.push(OutputFile { path: feed_path, bytes: xml.into_bytes() });
    }

    if !wanted("sitemap.xml") {
        return Ok(files);
    }
    let entries: Vec<SitemapEntry> = inputs
        .site
        .pages
        .iter()
        .map(|p| SitemapEntry {
            permalink: format!("{}{}", inputs.config.base_url, p.path),
            alternates: std::iter::once(p)
                .chain(inputs.site.translation(p))
                .map(|a| (a.lang, format!("{}{}", inputs.config.base_url, a.path)))
                .collect(),
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("entries", &entries);
    let xml = theme.tera.render("sitemap.xml", &ctx).map_err(|e| anyhow!("rendering sitemap.xml: {}", tera_error(&e)))?;
    files.push(OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::root_for;

    #[test]
    fn roots_climb_one_level_per_directory() {
        assert_eq!(root_for(""), "./");
        assert_eq!(root_for("en/"), "../");
        assert_eq!(root_for("en/competencies/change/"), "../../../");
    }
}
