//! Reuse of pages' search terms between the rebuilds of `handbook serve`: segmenting Thai text is
//! most of the index's time, and a page whose title and section texts are unchanged has the same
//! terms, so they are kept, keyed by a hash of that text. `handbook build` does not use it.

use super::index::IndexPage;
use super::segment::Term;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// The terms of the pages indexed by the previous build, by hash of their text.
#[derive(Debug, Default)]
pub struct TermMemo {
    terms: Mutex<HashMap<u64, Arc<Vec<Term>>>>,
}

impl TermMemo {
    /// The key of a page's terms: its title and the texts of its sections.
    pub fn key(page: &IndexPage) -> u64 {
        TermMemo::key_of(&page.title, page.sections.iter().map(|s| s.text.as_str()))
    }

    /// The key of a page with this title and these section texts.
    pub fn key_of<'t>(title: &str, texts: impl Iterator<Item = &'t str>) -> u64 {
        let mut h = DefaultHasher::new();
        title.hash(&mut h);
        for text in texts {
            text.hash(&mut h);
        }
        h.finish()
    }

    /// The terms kept for `key`, or those `compute` finds, kept from now on.
    pub fn get_or(&self, key: u64, compute: impl FnOnce() -> Vec<Term>) -> Arc<Vec<Term>> {
        if let Some(terms) = self.terms.lock().expect("term memo lock").get(&key) {
            return Arc::clone(terms);
        }
        let terms = Arc::new(compute());
        self.terms.lock().expect("term memo lock").insert(key, Arc::clone(&terms));
        terms
    }

    /// The terms kept for `key`, if any.
    pub fn get(&self, key: u64) -> Option<Arc<Vec<Term>>> {
        self.terms.lock().expect("term memo lock").get(&key).cloned()
    }

    /// Forgets the terms kept for `key` (a page's text that was replaced).
    pub fn forget(&self, key: u64) {
        self.terms.lock().expect("term memo lock").remove(&key);
    }

    /// Forgets the terms of pages that are no longer indexed under these keys.
    pub fn retain(&self, used: &HashSet<u64>) {
        self.terms.lock().expect("term memo lock").retain(|k, _| used.contains(k));
    }
}
