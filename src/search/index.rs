//! The search index of one language, and its files under `search/<lang>/`: `docs.js` (pages and
//! their sections), `t<n>.js` (section texts, for confirming matches and excerpts) and `p<hex>.js`
//! (postings of the terms that start with one character). Every file is a script that hands its
//! data to `handbookSearchChunk(name, data)`, so the index loads by `<script>` tags, also from
//! `file://`, and a query loads only the chunks of its own terms.

use super::extract::Section;
use super::normalize::normalize;
use super::segment::{Segmenter, Term};
use crate::lang::Lang;
use crate::output::OutputFile;
use serde::Serialize;
use std::collections::BTreeMap;

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

/// Section texts go into chunk files of about this many bytes.
const TEXT_CHUNK_BYTES: usize = 48 * 1024;

/// The index of one language.
#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<IndexPage>,
    /// Section number → (page number, section number within the page).
    pub sections: Vec<(usize, usize)>,
    /// Term → sorted, distinct section numbers.
    pub postings: BTreeMap<Term, Vec<u32>>,
}

#[derive(Serialize)]
struct DocsFile<'a> {
    /// `[url, title, kind]` per page.
    pages: Vec<(&'a str, &'a str, ResultKind)>,
    /// `[page, anchor, heading]` per section; anchor `""` for the top of the page.
    sections: Vec<(usize, &'a str, &'a str)>,
    /// The first section number of each text chunk `t<n>.js`.
    text_chunks: Vec<usize>,
}

#[derive(Serialize, Default)]
struct PostingsFile<'a> {
    /// Words: Thai words, Latin stems, numbers.
    w: BTreeMap<&'a str, &'a [u32]>,
    /// Thai character bigrams.
    b: BTreeMap<&'a str, &'a [u32]>,
}

impl Index {
    /// Indexes `pages` with `segmenter`.
    pub fn build(pages: Vec<IndexPage>, segmenter: &Segmenter) -> Index {
        let mut index = Index { pages, ..Index::default() };
        for (p, page) in index.pages.iter().enumerate() {
            for (s, section) in page.sections.iter().enumerate() {
                let number = index.sections.len() as u32;
                index.sections.push((p, s));
                for term in segmenter.terms(&normalize(&section.text)) {
                    let list = index.postings.entry(term).or_default();
                    if list.last() != Some(&number) {
                        list.push(number);
                    }
                }
            }
        }
        index
    }

    pub fn section(&self, number: usize) -> &Section {
        let (p, s) = self.sections[number];
        &self.pages[p].sections[s]
    }

    /// The index's files, `search/<lang>/…`.
    pub fn files(&self, lang: Lang) -> Vec<OutputFile> {
        let mut files = Vec::new();
        let mut text_chunks = Vec::new();
        let mut chunk: Vec<&str> = Vec::new();
        let mut bytes = 0;
        for number in 0..self.sections.len() {
            if chunk.is_empty() {
                text_chunks.push(number);
            }
            let text = self.section(number).text.as_str();
            bytes += text.len();
            chunk.push(text);
            if bytes >= TEXT_CHUNK_BYTES {
                files.push(script(lang, &format!("t{}", text_chunks.len() - 1), &chunk));
                chunk.clear();
                bytes = 0;
            }
        }
        if !chunk.is_empty() {
            files.push(script(lang, &format!("t{}", text_chunks.len() - 1), &chunk));
        }

        let docs = DocsFile {
            pages: self.pages.iter().map(|p| (p.url.as_str(), p.title.as_str(), p.kind)).collect(),
            sections: self
                .sections
                .iter()
                .map(|&(p, s)| {
                    let section = &self.pages[p].sections[s];
                    (p, section.anchor.as_deref().unwrap_or(""), section.heading.as_str())
                })
                .collect(),
            text_chunks,
        };
        files.push(script(lang, "docs", &docs));

        let mut by_first: BTreeMap<char, PostingsFile> = BTreeMap::new();
        for (term, list) in &self.postings {
            let Some(first) = term.text().chars().next() else { continue };
            let file = by_first.entry(first).or_default();
            match term {
                Term::Word(w) => file.w.insert(w, list),
                Term::Bigram(b) => file.b.insert(b, list),
            };
        }
        for (first, postings) in &by_first {
            files.push(script(lang, &chunk_name(*first), postings));
        }
        files
    }
}

/// The name of the postings chunk of terms starting with `first`: `p` and its code point in hex.
pub fn chunk_name(first: char) -> String {
    format!("p{:x}", first as u32)
}

/// A chunk file: `handbookSearchChunk("<lang>/<name>", <json>);`.
fn script(lang: Lang, name: &str, data: &impl Serialize) -> OutputFile {
    let json = serde_json::to_string(data).expect("index data serializes");
    // `</script` cannot appear: the data is JSON loaded by src, never inlined; escape U+2028/9 for old parsers.
    let json = json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    OutputFile {
        path: format!("search/{lang}/{name}.js"),
        bytes: format!("handbookSearchChunk(\"{lang}/{name}\",{json});\n").into_bytes(),
    }
}
