//! The search index of one language: its pages, and the pages each term is in. Its files under
//! `search/<lang>/` are written by [`super::chunks`].

use super::extract::Section;
use super::memo::TermMemo;
use super::normalize::normalize;
use super::segment::{Segmenter, Term};
use crate::lang::Lang;
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// What a search result is, as the search API reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultKind {
    Competency,
    Level,
    Strategy,
    Meeting,
    Page,
}

/// A page to index: where it is, what it is called, and its sections.
#[derive(Debug, Clone)]
pub struct IndexPage {
    /// URL path relative to the site root (`competencies/collaboration/`).
    pub url: String,
    pub title: String,
    pub kind: ResultKind,
    pub sections: Vec<Section>,
}

/// The index of one language.
#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<IndexPage>,
    /// Term → sorted, distinct page numbers.
    pub postings: FxHashMap<Term, Vec<u32>>,
}

impl Index {
    /// Indexes `pages` with `segmenter`; pages are segmented in parallel.
    pub fn build(pages: Vec<IndexPage>, segmenter: &Segmenter) -> Index {
        Index::build_with(pages, segmenter, None)
    }

    /// Like [`Index::build`], taking the terms of pages whose text is unchanged from `memo`.
    pub fn build_with(pages: Vec<IndexPage>, segmenter: &Segmenter, memo: Option<&TermMemo>) -> Index {
        let page_terms = |page: &IndexPage| -> Vec<Term> {
            let mut title: Vec<Term> = segmenter.terms(&normalize(&page.title)).into_iter().map(|t| Term::Title(t.text().into())).collect();
            title.sort_unstable();
            title.dedup();
            // Postings say which pages have a term, not how often: each term once per page.
            let texts: Vec<_> = page.sections.iter().map(|s| normalize(&s.text)).collect();
            title.extend(segmenter.distinct_terms(texts.iter()));
            title
        };
        // Pages are segmented a batch at a time, so that only one batch's terms are held at once.
        let shards = 4 * rayon::current_num_threads();
        let mut maps: Vec<FxHashMap<Term, Vec<u32>>> = (0..shards).map(|_| FxHashMap::default()).collect();
        for (batch, group) in pages.chunks(BATCH_PAGES).enumerate() {
            let terms: Vec<Sharded> = group
                .par_iter()
                .map(|page| {
                    let terms = match memo {
                        Some(memo) => memo.get_or(TermMemo::key(page), || page_terms(page)),
                        None => Arc::new(page_terms(page)),
                    };
                    Sharded::new(terms, shards)
                })
                .collect();
            let first = (batch * BATCH_PAGES) as u32;
            maps.par_iter_mut().enumerate().for_each(|(shard, map)| add_postings(map, shard, first, &terms));
        }
        let mut postings = FxHashMap::default();
        postings.reserve(maps.iter().map(|m| m.len()).sum());
        for map in maps {
            postings.extend(map);
        }
        Index { pages, postings }
    }

    /// The index's files, `search/<lang>/…` (see [`super::chunks`]).
    pub fn files(&self, lang: Lang) -> Vec<OutputFile> {
        super::chunks::files_where(self, lang, None)
    }

    /// The files of the chunks named in `names` (`docs`, `t3`, `p0e01…`), the others not even
    /// serialized (`handbook serve` writes only the chunks a change touched).
    /// `titles` are the [`super::chunks::initials_of`] every page's title, which `handbook serve`
    /// keeps.
    pub fn files_named(&self, lang: Lang, names: &std::collections::BTreeSet<String>, titles: &[super::chunks::TitleInitials]) -> Vec<OutputFile> {
        super::chunks::files_with(self, lang, Some(names), Some(titles))
    }

    /// The first page number of each text chunk, as [`Index::files`] lays them out.
    pub fn text_chunk_starts(&self) -> Vec<usize> {
        super::chunks::text_chunk_starts(&self.pages)
    }
}

/// Pages are segmented for the index this many at a time.
const BATCH_PAGES: usize = 512;

/// A page's terms, their positions grouped by the postings shard they go to (split by the terms'
/// last byte, so that shards fill in parallel, each reading only its own terms).
struct Sharded {
    terms: Arc<Vec<Term>>,
    /// Positions in `terms`, those of shard 0 first.
    order: Vec<u32>,
    /// Where each shard's positions start in `order`, and the end.
    starts: Vec<u32>,
}

impl Sharded {
    fn new(terms: Arc<Vec<Term>>, shards: usize) -> Sharded {
        let shard_of = |term: &Term| {
            let text = term.text().as_bytes();
            let kind = match term {
                Term::Word(_) => 0,
                Term::Bigram(_) => 1,
                Term::Title(_) => 2,
            };
            (usize::from(text.last().copied().unwrap_or(0)) + text.len() + kind) % shards
        };
        let of: Vec<usize> = terms.iter().map(shard_of).collect();
        let mut starts = vec![0u32; shards + 1];
        for &shard in &of {
            starts[shard + 1] += 1;
        }
        for i in 1..=shards {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; terms.len()];
        for (position, &shard) in of.iter().enumerate() {
            order[next[shard] as usize] = position as u32;
            next[shard] += 1;
        }
        Sharded { terms, order, starts }
    }

    fn of_shard(&self, shard: usize) -> impl Iterator<Item = &Term> {
        let positions = &self.order[self.starts[shard] as usize..self.starts[shard + 1] as usize];
        positions.iter().map(|&p| &self.terms[p as usize])
    }
}

/// Adds the terms in `shard` of pages `first`, `first + 1`, … to the shard's postings.
fn add_postings(map: &mut FxHashMap<Term, Vec<u32>>, shard: usize, first: u32, pages: &[Sharded]) {
    for (number, page) in (first..).zip(pages) {
        for term in page.of_shard(shard) {
            match map.get_mut(term) {
                Some(list) => list.push(number),
                None => {
                    map.insert(term.clone(), vec![number]);
                }
            }
        }
    }
}

pub use super::chunks::chunk_name;
