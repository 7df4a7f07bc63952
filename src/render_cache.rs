//! Reuse of rendered pages between the rebuilds of `handbook serve`: a page whose template context
//! and theme are exactly those of the previous build renders to exactly the same bytes (rendering
//! is a pure function of the two), so it is taken from the previous build. The key is a hash of
//! the page's serialized context and the theme's fingerprint; anything a change touches (the
//! edited page, the lists and links that show it, the menus) has a different context and is
//! rendered again. `handbook build` does not use it.
//!
//! An incremental rebuild ([`crate::incremental`]) also narrows a run to the files that can have
//! changed ([`RenderCache::only`]): the others are not rendered, nor even put in the output, and
//! the files rendered anew are noted ([`RenderCache::take_rendered`]) for the search index.

use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, Mutex};

/// Rendered pages of the previous build, by output path, with the key they were rendered from.
#[derive(Debug, Default)]
pub struct RenderCache {
    pages: Mutex<HashMap<String, (u64, Arc<[u8]>)>>,
    /// The only output files the current run renders, when it is narrowed.
    only: Mutex<Option<HashSet<String>>>,
    /// The pages rendered anew (not taken from the cache) since the last `take_rendered`.
    rendered: Mutex<Vec<String>>,
}

impl RenderCache {
    /// The key of rendering `template` with `context` under a theme with `fingerprint`.
    pub fn key(fingerprint: u64, template: &str, context: &impl Serialize) -> u64 {
        let mut h = DefaultHasher::new();
        h.write_u64(fingerprint);
        h.write(template.as_bytes());
        h.write_u8(0);
        // Serialized whole, then hashed in one go: hashing the serializer's many small pieces
        // one by one took longer than serializing.
        let json = serde_json::to_vec(context).expect("a template context serializes");
        h.write(&json);
        h.finish()
    }

    /// The page at `path` if it was last rendered with `key`.
    pub fn get(&self, path: &str, key: u64) -> Option<Vec<u8>> {
        let pages = self.pages.lock().expect("render cache lock");
        pages.get(path).filter(|(k, _)| *k == key).map(|(_, bytes)| bytes.to_vec())
    }

    /// The size of the page at `path` as last rendered; 0 when it was not.
    pub fn size(&self, path: &str) -> usize {
        self.pages.lock().expect("render cache lock").get(path).map_or(0, |(_, bytes)| bytes.len())
    }

    pub fn put(&self, path: &str, key: u64, bytes: &[u8]) {
        self.pages.lock().expect("render cache lock").insert(path.to_string(), (key, Arc::from(bytes)));
        self.rendered.lock().expect("render cache lock").push(path.to_string());
    }

    /// Narrows the next runs to the output files in `paths` (all files with `None`).
    pub fn only(&self, paths: Option<HashSet<String>>) {
        *self.only.lock().expect("render cache lock") = paths;
    }

    /// Whether runs are narrowed to some files.
    pub fn narrowed(&self) -> bool {
        self.only.lock().expect("render cache lock").is_some()
    }

    /// Whether the current run renders the output file at `path`.
    pub fn wanted(&self, path: &str) -> bool {
        self.only.lock().expect("render cache lock").as_ref().is_none_or(|only| only.contains(path))
    }

    /// Whether the page at `path` was rendered anew (not taken from the cache) since the last
    /// [`RenderCache::take_rendered`]: runs are narrowed to a few pages when this is asked.
    pub fn is_rendered(&self, path: &str) -> bool {
        self.rendered.lock().expect("render cache lock").iter().any(|p| p == path)
    }

    /// The pages rendered anew since the last call, in no particular order.
    pub fn take_rendered(&self) -> Vec<String> {
        std::mem::take(&mut *self.rendered.lock().expect("render cache lock"))
    }

    /// Forgets the pages for which `keep` is false (pages that no longer exist).
    pub fn retain(&self, keep: impl Fn(&str) -> bool) {
        self.pages.lock().expect("render cache lock").retain(|path, _| keep(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_reused_only_for_the_same_context_and_theme() {
        let cache = RenderCache::default();
        let key = RenderCache::key(1, "page.html", &("title", 1));
        cache.put("a/index.html", key, b"<p>a</p>");
        assert_eq!(cache.get("a/index.html", key).as_deref(), Some(&b"<p>a</p>"[..]));
        assert_eq!(cache.get("a/index.html", RenderCache::key(1, "page.html", &("title", 2))), None);
        assert_eq!(cache.get("a/index.html", RenderCache::key(2, "page.html", &("title", 1))), None);
        assert_eq!(cache.get("a/index.html", RenderCache::key(1, "section.html", &("title", 1))), None);
        cache.retain(|p| p != "a/index.html");
        assert_eq!(cache.get("a/index.html", key), None);
        assert_eq!(cache.take_rendered(), ["a/index.html"]);
        assert!(cache.take_rendered().is_empty());
    }

    #[test]
    fn a_narrowed_run_wants_only_its_files() {
        let cache = RenderCache::default();
        assert!(cache.wanted("a/index.html"));
        cache.only(Some(["b/index.html".to_string()].into()));
        assert!(!cache.wanted("a/index.html") && cache.wanted("b/index.html"));
        cache.only(None);
        assert!(cache.wanted("a/index.html"));
    }
}
