//! Which output files link to which pages, read from the `href`s of the files themselves: a page
//! that shows something of another page (its title in a list, a backlink, a breadcrumb, a
//! translation's name) links to it, so when a page changes, the files that linked to it are the
//! ones that may show something stale. Reading the output rather than the views keeps this true
//! whatever the templates show.

use memchr::memmem;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Links between output files and pages, by interned path.
#[derive(Debug, Default)]
pub struct Links {
    ids: HashMap<String, u32>,
    /// Output file → the page paths it links to.
    targets: HashMap<u32, Vec<u32>>,
    /// Page path → the output files that link to it.
    linkers: HashMap<u32, HashSet<u32>>,
    names: Vec<String>,
}

/// How the site's own URLs look: absolute ones start with the base URL, root-relative ones with
/// the base path.
#[derive(Debug, Clone)]
pub struct UrlBase {
    pub base_url: String,
    pub base_path: String,
}

impl Links {
    /// Reads the links of every file in `files` (output path, bytes), in parallel.
    pub fn read<'a>(files: impl IntoParallelIterator<Item = (&'a str, &'a [u8])>, base: &UrlBase) -> Links {
        let found: Vec<(&str, Vec<String>)> = files.into_par_iter().filter(|(path, _)| scanned(path)).map(|(path, bytes)| (path, hrefs(path, bytes, base))).collect();
        let mut links = Links::default();
        for (path, targets) in found {
            links.set(path, targets);
        }
        links
    }

    /// The output files that link to the page at `page_path` (`competencies/change/`).
    pub fn linkers(&self, page_path: &str) -> impl Iterator<Item = &str> {
        self.ids.get(page_path).and_then(|id| self.linkers.get(id)).into_iter().flatten().map(|&f| self.names[f as usize].as_str())
    }

    fn id(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(path.to_string());
        self.ids.insert(path.to_string(), id);
        id
    }

    /// Replaces the links of the output file at `path` with `targets`, as [`targets`] reads them.
    pub fn set(&mut self, path: &str, targets: Vec<String>) {
        let file = self.id(path);
        let mut ids: Vec<u32> = targets.iter().map(|t| self.id(t)).collect();
        ids.sort_unstable();
        ids.dedup();
        if self.targets.get(&file) == Some(&ids) {
            return;
        }
        for old in self.targets.remove(&file).unwrap_or_default() {
            if let Some(set) = self.linkers.get_mut(&old) {
                set.remove(&file);
            }
        }
        for &target in &ids {
            self.linkers.entry(target).or_default().insert(file);
        }
        self.targets.insert(file, ids);
    }
}

/// The pages the output file at `path` links to, if its links are kept (read apart from
/// [`Links::set`], so that many files are read in parallel).
pub fn targets(path: &str, bytes: &[u8], base: &UrlBase) -> Option<Vec<String>> {
    scanned(path).then(|| hrefs(path, bytes, base))
}

/// The sitemap lists every URL and shows nothing of any page: it changes only with the set of
/// pages, which an incremental rebuild never changes.
fn scanned(path: &str) -> bool {
    (path.ends_with(".html") || path.ends_with(".xml")) && path != "sitemap.xml"
}

/// The site paths of the pages a file links to (`competencies/change/`, `` for the home page),
/// without anchors; links to other sites and to files (`style.css`) are left out.
fn hrefs(path: &str, bytes: &[u8], base: &UrlBase) -> Vec<String> {
    let dir = path.rfind('/').map_or("", |i| &path[..=i]);
    let mut out = Vec::new();
    for at in memmem::find_iter(bytes, b"href=\"") {
        let rest = &bytes[at + 6..];
        let Some(end) = memchr::memchr(b'"', rest) else { break };
        let Ok(href) = std::str::from_utf8(&rest[..end]) else { continue };
        if let Some(target) = site_path(dir, href, base) {
            out.push(target);
        }
    }
    out
}

/// An `href` as a site path, resolved against the directory `dir` of the file it is in.
fn site_path(dir: &str, href: &str, base: &UrlBase) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let href = if href.contains('&') { href.replace("&amp;", "&") } else { href.to_string() };
    let (from, rel): (&str, &str) = if let Some(rest) = href.strip_prefix(base.base_url.as_str()) {
        ("", rest)
    } else if href.contains(':') {
        return None;
    } else if let Some(rest) = href.strip_prefix(base.base_path.as_str()) {
        ("", rest)
    } else if href.starts_with('/') {
        return None;
    } else {
        (dir, href.as_str())
    };
    if rel.rsplit('/').next().is_some_and(|last| last.contains('.') && last != "." && last != "..") {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Some(String::new());
    }
    Some(format!("{}/", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> UrlBase {
        UrlBase { base_url: "http://127.0.0.1:1111/hr/".into(), base_path: "/hr/".into() }
    }

    #[test]
    fn hrefs_resolve_to_site_paths() {
        let html = br##"<a href="../../strategy/x/#goal-1">x</a> <a href="./">home</a> <link href="../../style.css">
            <a href="http://127.0.0.1:1111/hr/en/competencies/change/">c</a> <a href="/hr/meetings/">m</a>
            <a href="https://example.org/a/">out</a> <a href="#top">top</a> <a href="../../">root</a>"##;
        let found = hrefs("competencies/change/index.html", html, &base());
        assert_eq!(found, ["strategy/x/", "competencies/change/", "en/competencies/change/", "meetings/", "competencies/change/", ""]);
    }

    #[test]
    fn linkers_follow_updates() {
        let mut links = Links::read(vec![("a/index.html", &b"<a href=\"../b/\">"[..]), ("sitemap.xml", &b"<a href=\"b/\">"[..])], &base());
        assert_eq!(links.linkers("b/").collect::<Vec<_>>(), ["a/index.html"]);
        links.set("a/index.html", targets("a/index.html", b"<a href=\"../c/\">", &base()).unwrap());
        assert_eq!(links.linkers("b/").count(), 0);
        assert_eq!(links.linkers("c/").collect::<Vec<_>>(), ["a/index.html"]);
    }
}
