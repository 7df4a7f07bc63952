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
use std::collections::HashMap;
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
    pub postings: HashMap<Term, Vec<u32>>,
}

impl Index {
    /// Indexes `pages` with `segmenter`; pages are segmented in parallel.
    pub fn build(pages: Vec<IndexPage>, segmenter: &Segmenter) -> Index {
        Index::build_with(pages, segmenter, None)
    }

    /// Like [`Index::build`], taking the terms of pages whose text is unchanged from `memo`.
    pub fn build_with(pages: Vec<IndexPage>, segmenter: &Segmenter, memo: Option<&TermMemo>) -> Index {
        let page_terms = |page: &IndexPage| -> Vec<Term> {
            let title = segmenter.terms(&normalize(&page.title)).into_iter().map(|t| Term::Title(t.text().to_string()));
            // Postings say which pages have a term, not how often: each term once per page.
            let texts: Vec<_> = page.sections.iter().map(|s| normalize(&s.text)).collect();
            let mut terms: Vec<Term> = title.chain(segmenter.distinct_terms(texts.iter())).collect();
            terms.sort_unstable();
            terms.dedup();
            terms
        };
        let terms: Vec<Arc<Vec<Term>>> = pages
            .par_iter()
            .map(|page| match memo {
                Some(memo) => memo.get_or(TermMemo::key(page), || page_terms(page)),
                None => Arc::new(page_terms(page)),
            })
            .collect();
        let mut index = Index { pages, ..Index::default() };
        for (number, terms) in terms.iter().enumerate() {
            for term in terms.iter() {
                let list = match index.postings.get_mut(term) {
                    Some(list) => list,
                    None => index.postings.entry(term.clone()).or_default(),
                };
                if list.last() != Some(&(number as u32)) {
                    list.push(number as u32);
                }
            }
        }
        index
    }

    /// The index's files, `search/<lang>/…` (see [`super::chunks`]).
    pub fn files(&self, lang: Lang) -> Vec<OutputFile> {
        super::chunks::files(self, lang)
    }
}

pub use super::chunks::chunk_name;
