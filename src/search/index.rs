//! The search index of one language, and its files under `search/<lang>/`: `docs.js` (where the
//! text chunks start), `t<n>.js` (sections with their page, anchor, heading and text, for
//! confirming matches and excerpts) and `p<hex>.js` (postings of the terms that start with the
//! same two characters). Every file is a script that hands its data to
//! `handbookSearchChunk(name, data)`, so the index loads by `<script>` tags, also from `file://`,
//! and a query loads only the chunks of its own terms and of its best candidate sections.

use super::extract::Section;
use super::normalize::normalize;
use super::segment::{Segmenter, Term};
use crate::lang::Lang;
use crate::output::OutputFile;
use rayon::prelude::*;
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
const TEXT_CHUNK_BYTES: usize = 8 * 1024;

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
struct DocsFile {
    /// The number of sections.
    sections: usize,
    /// The first section number of each text chunk `t<n>.js`.
    text_chunks: Vec<usize>,
    /// The postings chunks that exist (`p<hex>.js`, without `p`), so that a query asks for no
    /// missing file.
    postings: String,
}

/// A section in a text chunk: `[url, title, kind, anchor, heading, text]`, anchor `""` for the
/// top of the page.
type SectionEntry<'a> = (&'a str, &'a str, ResultKind, &'a str, &'a str, &'a str);

#[derive(Serialize, Default)]
struct PostingsFile<'a> {
    /// Words: Thai words, Latin stems, numbers.
    w: BTreeMap<&'a str, &'a [u32]>,
    /// Thai character bigrams.
    b: BTreeMap<&'a str, &'a [u32]>,
    /// Words and bigrams of page titles.
    t: BTreeMap<&'a str, &'a [u32]>,
}

impl Index {
    /// Indexes `pages` with `segmenter`; pages are segmented in parallel.
    pub fn build(pages: Vec<IndexPage>, segmenter: &Segmenter) -> Index {
        let terms: Vec<(Vec<Term>, Vec<Vec<Term>>)> = pages
            .par_iter()
            .map(|page| {
                let title = segmenter.terms(&normalize(&page.title)).into_iter().map(|t| Term::Title(t.text().to_string())).collect();
                (title, page.sections.iter().map(|s| segmenter.terms(&normalize(&s.text))).collect())
            })
            .collect();
        let mut index = Index { pages, ..Index::default() };
        for (p, (title, sections)) in terms.into_iter().enumerate() {
            let first = index.sections.len() as u32;
            if !sections.is_empty() {
                index.add(title, first);
            }
            for (s, section) in sections.into_iter().enumerate() {
                let number = index.sections.len() as u32;
                index.sections.push((p, s));
                index.add(section, number);
            }
        }
        index
    }

    /// Adds the postings of one section's terms.
    fn add(&mut self, terms: Vec<Term>, number: u32) {
        for term in terms {
            let list = self.postings.entry(term).or_default();
            if list.last() != Some(&number) {
                list.push(number);
            }
        }
    }

    pub fn section(&self, number: usize) -> &Section {
        let (p, s) = self.sections[number];
        &self.pages[p].sections[s]
    }

    /// The index's files, `search/<lang>/…`.
    pub fn files(&self, lang: Lang) -> Vec<OutputFile> {
        let mut files = Vec::new();
        let mut text_chunks = Vec::new();
        let mut chunk: Vec<SectionEntry> = Vec::new();
        let mut bytes = 0;
        for (number, &(p, s)) in self.sections.iter().enumerate() {
            if chunk.is_empty() {
                text_chunks.push(number);
            }
            let (page, section) = (&self.pages[p], &self.pages[p].sections[s]);
            bytes += section.text.len();
            let anchor = section.anchor.as_deref().unwrap_or("");
            chunk.push((&page.url, &page.title, page.kind, anchor, &section.heading, &section.text));
            if bytes >= TEXT_CHUNK_BYTES {
                files.push(script(lang, &format!("t{}", text_chunks.len() - 1), &chunk));
                chunk.clear();
                bytes = 0;
            }
        }
        if !chunk.is_empty() {
            files.push(script(lang, &format!("t{}", text_chunks.len() - 1), &chunk));
        }

        let mut by_prefix: BTreeMap<String, PostingsFile> = BTreeMap::new();
        for (term, list) in &self.postings {
            let file = by_prefix.entry(chunk_name(term.text())).or_default();
            match term {
                Term::Word(w) => file.w.insert(w, list),
                Term::Bigram(b) => file.b.insert(b, list),
                Term::Title(t) => file.t.insert(t, list),
            };
        }
        for (name, postings) in &by_prefix {
            files.push(script(lang, name, postings));
        }
        let postings = by_prefix.keys().map(|k| &k[1..]).collect::<Vec<_>>().join(",");
        files.push(script(lang, "docs", &DocsFile { sections: self.sections.len(), text_chunks, postings }));
        files
    }
}

/// The name of the postings chunk of a term: `p` and the code points of its first two characters
/// in hex, four digits or more each (`การ` → `p0e010e32`).
pub fn chunk_name(term: &str) -> String {
    let mut name = String::from("p");
    for c in term.chars().take(2) {
        name.push_str(&format!("{:04x}", c as u32));
    }
    name
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
