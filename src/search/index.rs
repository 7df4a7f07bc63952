//! The search index of one language, and its files under `search/<lang>/`: `docs.js` (where the
//! text chunks start, which postings chunks exist), `t<n>.js` (pages with their url, title, kind
//! and sections — anchor, heading, text — for confirming matches and excerpts) and `p<hex>.js`
//! (postings of the terms that start with the same two characters: page numbers, delta-encoded).
//! Every file is a script that hands its data to `handbookSearchChunk(name, data)`, so the index
//! loads by `<script>` tags, also from `file://`, and a query loads only the chunks of its own
//! terms and of its best candidate pages.

use super::extract::Section;
use super::memo::TermMemo;
use super::normalize::normalize;
use super::segment::{Segmenter, Term};
use crate::lang::Lang;
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
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

/// Pages are segmented for the index this many at a time.
const BATCH_PAGES: usize = 512;

/// Pages go into text chunk files of about this many bytes.
const TEXT_CHUNK_BYTES: usize = 4 * 1024;

/// A word or bigram found in more pages than this share of them (and more than [`COMMON_MIN`]) is
/// not listed: it narrows nothing, and the query side confirms every match against the text.
const COMMON_SHARE: f64 = 0.25;
const COMMON_MIN: usize = 64;

/// The index of one language.
#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<IndexPage>,
    /// Term → sorted, distinct page numbers.
    pub postings: FxHashMap<Term, Vec<u32>>,
}

#[derive(Serialize)]
struct DocsFile {
    /// The number of pages.
    pages: usize,
    /// The first page number of each text chunk `t<n>.js`.
    text_chunks: Vec<usize>,
    /// The postings chunks that exist (`p<hex>.js`, without `p`), so that a query asks for no
    /// missing file.
    postings: String,
}

/// A page in a text chunk: `[url, title, kind, [[anchor, heading, text], …]]`, anchor `""` for
/// the top of the page.
type PageEntry<'a> = (&'a str, &'a str, ResultKind, Vec<(&'a str, &'a str, &'a str)>);

/// A posting list in a chunk: page numbers as differences from the previous one, or `0` for a
/// term too common to list.
#[derive(Serialize)]
#[serde(untagged)]
enum Postings {
    Deltas(Vec<u32>),
    Common(u8),
}

#[derive(Serialize, Default)]
struct PostingsFile<'a> {
    /// Words: Thai words, Latin stems, numbers.
    w: BTreeMap<&'a str, Postings>,
    /// Thai character bigrams.
    b: BTreeMap<&'a str, Postings>,
    /// Words and bigrams of page titles.
    t: BTreeMap<&'a str, Postings>,
}

impl Index {
    /// Indexes `pages` with `segmenter`; pages are segmented in parallel.
    pub fn build(pages: Vec<IndexPage>, segmenter: &Segmenter) -> Index {
        Index::build_with(pages, segmenter, None)
    }

    /// Like [`Index::build`], taking the terms of pages whose text is unchanged from `memo`.
    pub fn build_with(pages: Vec<IndexPage>, segmenter: &Segmenter, memo: Option<&TermMemo>) -> Index {
        let page_terms = |page: &IndexPage| -> Vec<Term> {
            let mut title: Vec<Term> = segmenter.terms(&normalize(&page.title)).into_iter().map(|t| Term::Title(t.text().to_string())).collect();
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
            let terms: Vec<Arc<Vec<Term>>> = group
                .par_iter()
                .map(|page| match memo {
                    Some(memo) => memo.get_or(TermMemo::key(page), || page_terms(page)),
                    None => Arc::new(page_terms(page)),
                })
                .collect();
            let first = (batch * BATCH_PAGES) as u32;
            maps.par_iter_mut().enumerate().for_each(|(shard, map)| add_postings(map, shard, shards, first, &terms));
        }
        let mut postings = FxHashMap::default();
        postings.reserve(maps.iter().map(|m| m.len()).sum());
        for map in maps {
            postings.extend(map);
        }
        Index { pages, postings }
    }

    /// The index's files, `search/<lang>/…`.
    pub fn files(&self, lang: Lang) -> Vec<OutputFile> {
        self.files_where(lang, &|_| true)
    }

    /// The first page number of each text chunk, as [`Index::files`] lays them out.
    pub fn text_chunk_starts(&self) -> Vec<usize> {
        let (mut starts, mut open, mut bytes) = (Vec::new(), false, 0);
        for (number, page) in self.pages.iter().enumerate() {
            if !open {
                starts.push(number);
                open = true;
            }
            bytes += page.sections.iter().map(|s| s.text.len() + s.heading.len()).sum::<usize>();
            if bytes >= TEXT_CHUNK_BYTES {
                open = false;
                bytes = 0;
            }
        }
        starts
    }

    /// The files of the chunks whose names (`docs`, `t3`, `p0e01…`) `wanted` accepts, the others
    /// not even serialized (`handbook serve` writes only the chunks a change touched).
    pub fn files_where(&self, lang: Lang, wanted: &dyn Fn(&str) -> bool) -> Vec<OutputFile> {
        let mut files = Vec::new();
        let mut text_chunks = Vec::new();
        let mut chunk: Vec<PageEntry> = Vec::new();
        let mut bytes = 0;
        let mut keep = false;
        for (number, page) in self.pages.iter().enumerate() {
            if chunk.is_empty() {
                text_chunks.push(number);
                keep = wanted(&format!("t{}", text_chunks.len() - 1));
            }
            let sections = page.sections.iter().map(|s| (s.anchor.as_deref().unwrap_or(""), s.heading.as_str(), s.text.as_str())).collect();
            bytes += page.sections.iter().map(|s| s.text.len() + s.heading.len()).sum::<usize>();
            chunk.push((&page.url, &page.title, page.kind, if keep { sections } else { Vec::new() }));
            if bytes >= TEXT_CHUNK_BYTES {
                if keep {
                    files.push(script(lang, &format!("t{}", text_chunks.len() - 1), &chunk));
                }
                chunk.clear();
                bytes = 0;
            }
        }
        if !chunk.is_empty() && keep {
            files.push(script(lang, &format!("t{}", text_chunks.len() - 1), &chunk));
        }

        let common = ((self.pages.len() as f64 * COMMON_SHARE) as usize).max(COMMON_MIN);
        let mut by_prefix: BTreeMap<String, PostingsFile> = BTreeMap::new();
        for (term, list) in &self.postings {
            let name = chunk_name(term.text());
            let keep = wanted(&name);
            let file = by_prefix.entry(name).or_default();
            if !keep {
                continue;
            }
            let postings = match term {
                Term::Word(_) | Term::Bigram(_) if list.len() > common => Postings::Common(0),
                _ => Postings::Deltas(deltas(list)),
            };
            match term {
                Term::Word(w) => file.w.insert(w, postings),
                Term::Bigram(b) => file.b.insert(b, postings),
                Term::Title(t) => file.t.insert(t, postings),
            };
        }
        for (name, postings) in by_prefix.iter().filter(|(name, _)| wanted(name)) {
            files.push(script(lang, name, postings));
        }
        if wanted("docs") {
            let postings = by_prefix.keys().map(|k| &k[1..]).collect::<Vec<_>>().join(",");
            files.push(script(lang, "docs", &DocsFile { pages: self.pages.len(), text_chunks, postings }));
        }
        files
    }
}

/// Adds the terms of pages `first`, `first + 1`, … to the postings of the terms in `shard` (of
/// `shards`, split by the terms' last byte, so that shards fill in parallel).
fn add_postings(map: &mut FxHashMap<Term, Vec<u32>>, shard: usize, shards: usize, first: u32, terms: &[Arc<Vec<Term>>]) {
    let shard_of = |term: &Term| {
        let text = term.text().as_bytes();
        let kind = match term {
            Term::Word(_) => 0,
            Term::Bigram(_) => 1,
            Term::Title(_) => 2,
        };
        (usize::from(text.last().copied().unwrap_or(0)) + text.len() + kind) % shards
    };
    for (number, terms) in (first..).zip(terms) {
        for term in terms.iter().filter(|t| shard_of(t) == shard) {
            match map.get_mut(term) {
                Some(list) => list.push(number),
                None => {
                    map.insert(term.clone(), vec![number]);
                }
            }
        }
    }
}

/// `[3, 5, 9]` → `[3, 2, 4]`.
fn deltas(list: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    list.iter()
        .map(|&n| {
            let d = n - previous;
            previous = n;
            d
        })
        .collect()
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
    // The data is JSON loaded by src, never inlined; escape U+2028/9 for old parsers.
    let json = json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    OutputFile {
        path: format!("search/{lang}/{name}.js"),
        bytes: format!("handbookSearchChunk(\"{lang}/{name}\",{json});\n").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_names_and_deltas() {
        assert_eq!(chunk_name("การ"), "p0e010e32");
        assert_eq!(chunk_name("a"), "p0061");
        assert_eq!(deltas(&[3, 5, 9]), [3, 2, 4]);
    }

    #[test]
    fn text_chunks_start_where_the_files_say_and_wanted_files_are_the_same() {
        let page = |n: usize, size: usize| IndexPage {
            url: format!("p{n}/"),
            title: format!("P{n}"),
            kind: ResultKind::Page,
            sections: vec![Section { anchor: None, heading: String::new(), text: "x".repeat(size) }],
        };
        let sizes = [100, 5000, 0, 3000, 2000, 4096, 1, 0, 10];
        let index = Index::build(sizes.iter().enumerate().map(|(n, &s)| page(n, s)).collect(), &Segmenter::default());
        let all = index.files(Lang::Th);
        let docs = all.iter().find(|f| f.path.ends_with("/docs.js")).unwrap();
        let starts = index.text_chunk_starts();
        let listed = starts.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(",");
        assert!(String::from_utf8_lossy(&docs.bytes).contains(&format!("\"text_chunks\":[{listed}]")), "{starts:?}");
        let some = index.files_where(Lang::Th, &|name| name == "t1" || name == "p00780078");
        let names: Vec<&str> = some.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["search/th/t1.js", "search/th/p00780078.js"]);
        for f in &some {
            assert_eq!(all.iter().find(|a| a.path == f.path).unwrap().bytes, f.bytes, "{}", f.path);
        }
    }
}
