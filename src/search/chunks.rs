//! The files of a language's search index under `search/<lang>/`, each a script that hands its
//! data to `handbookSearchChunk(name, data)` (so the index loads by `<script>` tags, also from
//! `file://`): `docs.js` (page count, page kinds, where the text chunks start, which postings
//! chunks exist; loaded when the search box gets focus), `t<n>.js` (pages with their url, title,
//! kind and sections — anchor, heading, text — for confirming matches and excerpts) and
//! `p<hex>.js` (postings of the terms that start with the same two characters). A query loads
//! the postings chunks of its terms in one batch, then the text chunks of its best candidates.
//!
//! The chunk of a single character (`p0e01.js` for ก) also lists the pages whose title has a word
//! beginning with that character: what a one-character query finds.

use super::index::{Index, IndexPage, ResultKind};
use super::normalize::normalize;
use super::segment::{runs, Script, Segmenter, Term};
use crate::lang::Lang;
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Pages go into text chunk files of about this many bytes.
const TEXT_CHUNK_BYTES: usize = 16 * 1024;

/// A word or bigram found in more pages than this share of them (and more than [`COMMON_MIN`]) is
/// not listed: it narrows nothing, and the query side confirms every match against the text.
const COMMON_SHARE: f64 = 0.25;
const COMMON_MIN: usize = 64;

#[derive(Serialize)]
struct DocsFile {
    /// The number of pages.
    pages: usize,
    /// The kind of every page, one letter each (`c`ompetency, `l`evel, `s`trategy, `m`eeting,
    /// `p`age), so that a kind filter applies before any text is read.
    kinds: String,
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
    /// In the chunk of one character: the pages whose title has a word beginning with it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    i: BTreeMap<String, Postings>,
    /// In the chunk of one character: the pages whose title begins with it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    f: BTreeMap<String, Postings>,
}

/// The files of the index's chunks, or of those named in `only` (`docs`, `t3`, `p0e01…`), the
/// others not even serialized (`handbook serve` writes only the chunks a change touched).
pub fn files_where(index: &Index, lang: Lang, only: Option<&BTreeSet<String>>) -> Vec<OutputFile> {
    files_with(index, lang, only, None)
}

/// [`files_where`], with the [`initials_of`] every page's title in page order when they are known
/// (`handbook serve` keeps them), so that no title is segmented again.
pub fn files_with(index: &Index, lang: Lang, only: Option<&BTreeSet<String>>, titles: Option<&[TitleInitials]>) -> Vec<OutputFile> {
    let wanted = &|name: &str| only.is_none_or(|names| names.contains(name));
    // Title initials are in one-character chunks (names of fewer than 9 letters) and decide
    // which chunks `docs.js` lists; finding them segments every title.
    let initials = only.is_none_or(|names| names.iter().any(|n| n.len() < 9 || n == "docs"));
    let (mut files, text_chunks) = text_files(&index.pages, lang, wanted);
    let by_prefix = postings_files(index, wanted, initials.then_some(titles));
    for (name, postings) in by_prefix.iter().filter(|(name, _)| wanted(name)) {
        files.push(script(lang, name, postings));
    }
    if wanted("docs") {
        let postings = by_prefix.keys().map(|k| &k[1..]).collect::<Vec<_>>().join(",");
        let kinds = index.pages.iter().map(|p| kind_letter(p.kind)).collect();
        files.push(script(lang, "docs", &DocsFile { pages: index.pages.len(), kinds, text_chunks, postings }));
    }
    files
}

/// The names of the one-character postings chunks that list title initials, which exist even when
/// no term of the index starts with their character, from the [`initials_of`] every title.
pub fn initial_chunk_names(titles: &[TitleInitials]) -> BTreeSet<String> {
    let chars: BTreeSet<char> = titles.iter().flat_map(|(first, initials)| first.iter().chain(initials)).copied().collect();
    chars.into_iter().map(|c| chunk_name(&c.to_string())).collect()
}

/// The postings chunks by name, filled for the names `wanted` accepts (the others are empty).
/// `initials`: whether to add the title initials, with those of every title if they are known.
fn postings_files<'a>(index: &'a Index, wanted: &dyn Fn(&str) -> bool, initials: Option<Option<&[TitleInitials]>>) -> BTreeMap<String, PostingsFile<'a>> {
    let common = ((index.pages.len() as f64 * COMMON_SHARE) as usize).max(COMMON_MIN);
    let mut by_prefix: BTreeMap<String, PostingsFile> = BTreeMap::new();
    // Chunk names and whether they are wanted, by the terms' first two characters: computed once
    // per chunk, not once per term.
    let mut chunks: FxHashMap<(char, Option<char>), (String, bool)> = FxHashMap::default();
    for (term, list) in &index.postings {
        let mut chars = term.text().chars();
        let (name, keep) = chunks.entry((chars.next().unwrap_or_default(), chars.next())).or_insert_with(|| {
            let name = chunk_name(term.text());
            by_prefix.entry(name.clone()).or_default();
            let keep = wanted(&name);
            (name, keep)
        });
        if !*keep {
            continue;
        }
        let file = by_prefix.get_mut(name.as_str()).expect("the chunk was added with its name");
        let postings = match term {
            Term::Word(_) | Term::Bigram(_) if list.len() > common => Postings::Common(0),
            _ => Postings::Deltas(deltas(list)),
        };
        match term {
            Term::Word(w) => file.w.insert(w.as_str(), postings),
            Term::Bigram(b) => file.b.insert(b.as_str(), postings),
            Term::Title(t) => file.t.insert(t.as_str(), postings),
        };
    }
    let Some(titles) = initials else {
        return by_prefix;
    };
    let (initials, firsts) = match titles {
        Some(titles) => by_char(titles),
        None => title_initials(&index.pages),
    };
    let lists = initials.into_iter().map(|(c, list)| (c, list, false)).chain(firsts.into_iter().map(|(c, list)| (c, list, true)));
    for (c, list, first) in lists {
        let name = chunk_name(&c.to_string());
        let keep = wanted(&name);
        let file = by_prefix.entry(name).or_default();
        if keep {
            let map = if first { &mut file.f } else { &mut file.i };
            map.insert(c.to_string(), Postings::Deltas(deltas(&list)));
        }
    }
    by_prefix
}

/// The first page number of each text chunk `t<n>.js`.
pub fn text_chunk_starts(pages: &[IndexPage]) -> Vec<usize> {
    let (mut starts, mut open, mut bytes) = (Vec::new(), false, 0);
    for (number, page) in pages.iter().enumerate() {
        if !open {
            starts.push(number);
            open = true;
        }
        bytes += page_bytes(page);
        if bytes >= TEXT_CHUNK_BYTES {
            open = false;
            bytes = 0;
        }
    }
    starts
}

/// The size of a page's text, which fills the text chunks.
fn page_bytes(page: &IndexPage) -> usize {
    page.sections.iter().map(|s| s.text.len() + s.heading.len()).sum()
}

/// The text chunk files `t<n>.js` that `wanted` accepts, and the first page number of each chunk.
fn text_files(pages: &[IndexPage], lang: Lang, wanted: &dyn Fn(&str) -> bool) -> (Vec<OutputFile>, Vec<usize>) {
    let starts = text_chunk_starts(pages);
    let chosen: Vec<(usize, &usize)> = starts.iter().enumerate().filter(|(n, _)| wanted(&format!("t{n}"))).collect();
    let files = chosen
        .into_par_iter()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(pages.len());
            let chunk: Vec<PageEntry> = pages[start..end]
                .iter()
                .map(|page| {
                    let sections = page.sections.iter().map(|s| (s.anchor.as_deref().unwrap_or(""), s.heading.as_str(), s.text.as_str())).collect();
                    (page.url.as_str(), page.title.as_str(), page.kind, sections)
                })
                .collect();
            script(lang, &format!("t{n}"), &chunk)
        })
        .collect();
    (files, starts)
}

/// The letter of a page kind in `docs.js`.
fn kind_letter(kind: ResultKind) -> char {
    match kind {
        ResultKind::Competency => 'c',
        ResultKind::Level => 'l',
        ResultKind::Strategy => 's',
        ResultKind::Meeting => 'm',
        ResultKind::Page => 'p',
    }
}

/// Page number lists by character: the pages whose title has a word beginning with it (Thai words
/// as the index segments them, Latin words), and the pages whose title begins with it.
type ByChar = BTreeMap<char, Vec<u32>>;

fn title_initials(pages: &[IndexPage]) -> (ByChar, ByChar) {
    let segmenter = Segmenter::default();
    let per_page: Vec<TitleInitials> = pages.par_iter().map(|page| initials_of(&segmenter, &page.title)).collect();
    by_char(&per_page)
}

/// The lists of [`title_initials`] from the initials of every title, in page order.
fn by_char(titles: &[TitleInitials]) -> (ByChar, ByChar) {
    let (mut initials, mut firsts) = (ByChar::new(), ByChar::new());
    for (number, (first, chars)) in titles.iter().enumerate() {
        for &c in chars {
            initials.entry(c).or_default().push(number as u32);
        }
        if let Some(&c) = first.as_ref() {
            firsts.entry(c).or_default().push(number as u32);
        }
    }
    (initials, firsts)
}

/// A title's first letter and the first letters of its words ([`initials_of`]).
pub type TitleInitials = (Option<char>, BTreeSet<char>);

/// The first letter of a title and the first letters of its words (Thai words as the index
/// segments them, Latin words; not numbers).
pub fn initials_of(segmenter: &Segmenter, title: &str) -> TitleInitials {
    let title = normalize(title);
    let mut initials = BTreeSet::new();
    let mut first = None;
    for (at, (script, run)) in runs(title.as_str()).enumerate() {
        let starts: Vec<char> = match script {
            Script::Thai => segmenter.thai_words(run).filter_map(|w| w.chars().next()).collect(),
            Script::Other => run.chars().next().into_iter().collect(),
            Script::Digits => Vec::new(),
        };
        if at == 0 {
            first = starts.first().copied();
        }
        initials.extend(starts);
    }
    (first, initials)
}

/// The one-character chunks whose initials lists change when a page's title changes from one
/// with initials `old` to one with initials `new`.
pub fn initial_changes(old: &TitleInitials, new: &TitleInitials) -> BTreeSet<String> {
    let ((old_first, old_initials), (new_first, new_initials)) = (old, new);
    let mut changed: BTreeSet<char> = old_initials.symmetric_difference(new_initials).copied().collect();
    if old_first != new_first {
        changed.extend(old_first.iter().chain(new_first.iter()).copied());
    }
    changed.into_iter().map(|c| chunk_name(&c.to_string())).collect()
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
    let mut bytes = format!("handbookSearchChunk(\"{lang}/{name}\",").into_bytes();
    serde_json::to_writer(&mut bytes, data).expect("index data serializes");
    // The data is JSON loaded by src, never inlined; escape U+2028/9 for old parsers. (Looked for
    // by vector search first: a `char` search stops at every ศ, whose last byte is theirs.)
    if ["\u{2028}", "\u{2029}"].iter().any(|c| memchr::memmem::find(&bytes, c.as_bytes()).is_some()) {
        let text = String::from_utf8(bytes).expect("JSON is UTF-8");
        bytes = text.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").into_bytes();
    }
    bytes.extend_from_slice(b");\n");
    OutputFile { path: format!("search/{lang}/{name}.js"), bytes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::extract::Section;

    #[test]
    fn scripts_escape_line_and_paragraph_separators() {
        let file = script(Lang::Th, "t0", &["ศ\u{2028}ศ", "\u{2029}"]);
        assert_eq!(String::from_utf8(file.bytes).unwrap(), "handbookSearchChunk(\"th/t0\",[\"ศ\\u2028ศ\",\"\\u2029\"]);\n");
        assert_eq!(file.path, "search/th/t0.js");
        assert_eq!(script(Lang::En, "docs", &"ศ").bytes, b"handbookSearchChunk(\"en/docs\",\"\xe0\xb8\xa8\");\n");
    }

    #[test]
    fn chunk_names_and_deltas() {
        assert_eq!(chunk_name("การ"), "p0e010e32");
        assert_eq!(chunk_name("a"), "p0061");
        assert_eq!(deltas(&[3, 5, 9]), [3, 2, 4]);
    }

    #[test]
    fn title_initials_are_the_first_letters_of_title_words() {
        let page = |title: &str| IndexPage {
            url: String::new(),
            title: title.to_string(),
            kind: ResultKind::Page,
            sections: vec![Section { anchor: None, heading: String::new(), text: "x".into() }],
        };
        let pages = [page("กล้าตัดสินใจ"), page("Making Decision"), page("2565 การบริหาร")];
        let (initials, firsts) = title_initials(&pages);
        assert_eq!(initials[&'ก'], [0, 2]);
        assert_eq!(initials[&'ต'], [0]);
        assert_eq!(initials[&'m'], [1]);
        assert_eq!(initials[&'d'], [1]);
        assert!(!initials.contains_key(&'2') && !initials.contains_key(&'ส'), "{initials:?}");
        assert_eq!(firsts[&'ก'], [0]);
        assert_eq!(firsts[&'m'], [1]);
        assert!(!firsts.contains_key(&'d') && firsts.values().flatten().all(|&n| n != 2), "{firsts:?}");
    }
}
