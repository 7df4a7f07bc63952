//! Updating one language's search index in place, for `handbook serve`: a page whose text changed
//! has its postings moved from its old terms to its new ones, and only the chunk files that this
//! touches are written again — the postings chunks of the terms it gained or lost, the text chunks
//! whose pages or bounds changed, and `docs.js` when the chunk lists changed. The files are those
//! [`Index::files`] writes for the whole index.

use super::extract::Section;
use super::chunks::{self, TitleInitials};
use super::index::{chunk_name, Index, IndexPage};
use super::memo::TermMemo;
use super::segment::{Segmenter, Term};
use crate::lang::Lang;
use crate::output::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The index of one language as last written, with what an update needs to find its changes.
#[derive(Debug)]
pub struct LiveIndex {
    pub lang: Lang,
    index: Index,
    /// Page number by URL path.
    numbers: HashMap<String, usize>,
    /// The text chunks as last written ([`Index::text_chunk_starts`]).
    starts: Vec<usize>,
    /// How many terms each postings chunk has.
    chunk_terms: HashMap<String, usize>,
    /// The initials of every page's title, in page order ([`chunks::initials_of`]).
    titles: Vec<TitleInitials>,
    /// The one-character chunks that list title initials, which exist even without terms.
    initial_chunks: BTreeSet<String>,
    /// The parts of the pages updated before, and how many parts of each page hold each term.
    known: HashMap<usize, Known>,
}

/// A page's text in parts with their terms ([`parts`]), and how many of them hold each term.
#[derive(Debug, Default)]
struct Known {
    parts: Vec<Part>,
    counts: HashMap<Term, u32>,
}

/// A part of a page's text by its memo key, with its sorted terms.
type Part = (u64, Arc<Vec<Term>>);

/// Files to write again and files that no longer exist, by output path.
#[derive(Debug, Default)]
pub struct IndexChanges {
    pub files: Vec<OutputFile>,
    pub removed: Vec<String>,
}

impl LiveIndex {
    pub fn new(lang: Lang, index: Index, segmenter: &Segmenter) -> LiveIndex {
        let numbers = index.pages.iter().enumerate().map(|(n, p)| (p.url.clone(), n)).collect();
        let starts = index.text_chunk_starts();
        let mut chunk_terms: HashMap<String, usize> = HashMap::new();
        for term in index.postings.keys() {
            *chunk_terms.entry(chunk_name(term.text())).or_default() += 1;
        }
        let titles: Vec<TitleInitials> = index.pages.par_iter().map(|page| chunks::initials_of(segmenter, &page.title)).collect();
        let initial_chunks = chunks::initial_chunk_names(&titles);
        LiveIndex { lang, index, numbers, starts, chunk_terms, titles, initial_chunks, known: HashMap::new() }
    }

    /// Whether a page with this URL path is indexed.
    pub fn has(&self, url: &str) -> bool {
        self.numbers.contains_key(url)
    }

    /// Re-indexes `pages` (each already in the index, by URL) and returns the files that changed.
    pub fn update(&mut self, pages: Vec<IndexPage>, segmenter: &Segmenter, memo: &TermMemo) -> IndexChanges {
        let changed: Vec<(usize, IndexPage)> = pages
            .into_iter()
            .filter_map(|page| {
                let number = *self.numbers.get(&page.url)?;
                let old = &self.index.pages[number];
                let same = old.title == page.title && old.kind == page.kind && old.sections == page.sections;
                (!same).then_some((number, page))
            })
            .collect();
        // One-character chunks list pages by the initials of their titles.
        let mut initials_dirty: BTreeSet<String> = BTreeSet::new();
        for (number, page) in changed.iter().filter(|(number, page)| self.index.pages[*number].title != page.title) {
            let initials = chunks::initials_of(segmenter, &page.title);
            initials_dirty.extend(chunks::initial_changes(&self.titles[*number], &initials));
            self.titles[*number] = initials;
        }
        let known = &self.known;
        let new_parts: Vec<(Option<Vec<Part>>, Vec<Part>)> = changed
            .par_iter()
            .map(|(number, page)| {
                let old = &self.index.pages[*number];
                match known.get(number) {
                    Some(known) => (None, parts_reusing(page, old, &known.parts, segmenter, memo)),
                    None => (Some(parts(old, segmenter, memo)), parts(page, segmenter, memo)),
                }
            })
            .collect();
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        let mut updated = Vec::new();
        for ((number, page), (old, new)) in changed.into_iter().zip(new_parts) {
            let known = self.known.entry(number).or_insert_with(|| Known::of(old.unwrap_or_default()));
            let (lost, gained) = known.replace(new);
            for term in &lost {
                self.remove(term, number as u32, &mut dirty);
            }
            for term in &gained {
                self.add(term, number as u32, &mut dirty);
            }
            self.index.pages[number] = page;
            updated.push(number);
        }
        if updated.is_empty() {
            return IndexChanges::default();
        }
        let starts = self.index.text_chunk_starts();
        let chunk_of = |n: usize| starts.partition_point(|&s| s <= n) - 1;
        for n in updated {
            dirty.insert(format!("t{}", chunk_of(n)));
        }
        // A chunk whose first or last page moved is written again; the rest are as they were.
        let end = |starts: &[usize], c: usize| starts.get(c + 1).copied().unwrap_or(self.index.pages.len());
        for c in 0..starts.len() {
            if self.starts.get(c) != Some(&starts[c]) || end(&self.starts, c) != end(&starts, c) {
                dirty.insert(format!("t{c}"));
            }
        }
        let mut removed: Vec<String> = (starts.len()..self.starts.len()).map(|c| format!("t{c}")).collect();
        if starts != self.starts {
            dirty.insert("docs".into());
        }
        self.starts = starts;
        if !initials_dirty.is_empty() {
            dirty.extend(initials_dirty);
            let initial_chunks = chunks::initial_chunk_names(&self.titles);
            if initial_chunks != self.initial_chunks {
                dirty.insert("docs".into());
            }
            self.initial_chunks = initial_chunks;
        }
        removed.extend(
            dirty.iter().filter(|name| name.starts_with('p') && !self.chunk_terms.contains_key(*name) && !self.initial_chunks.contains(*name)).cloned(),
        );
        let files = self.index.files_named(self.lang, &dirty, &self.titles);
        let removed = removed.into_iter().map(|name| format!("search/{}/{name}.js", self.lang)).collect();
        IndexChanges { files, removed }
    }

    fn remove(&mut self, term: &Term, number: u32, dirty: &mut BTreeSet<String>) {
        let name = chunk_name(term.text());
        if let Some(list) = self.index.postings.get_mut(term) {
            if let Ok(at) = list.binary_search(&number) {
                list.remove(at);
            }
            if list.is_empty() {
                self.index.postings.remove(term);
                let count = self.chunk_terms.get_mut(&name).expect("a listed term's chunk is counted");
                *count -= 1;
                if *count == 0 {
                    self.chunk_terms.remove(&name);
                    if !self.initial_chunks.contains(&name) {
                        dirty.insert("docs".into());
                    }
                }
            }
        }
        dirty.insert(name);
    }

    fn add(&mut self, term: &Term, number: u32, dirty: &mut BTreeSet<String>) {
        let name = chunk_name(term.text());
        let list = self.index.postings.entry(term.clone()).or_default();
        if list.is_empty() {
            let count = self.chunk_terms.entry(name.clone()).or_default();
            if *count == 0 && !self.initial_chunks.contains(&name) {
                dirty.insert("docs".into());
            }
            *count += 1;
        }
        if let Err(at) = list.binary_search(&number) {
            list.insert(at, number);
        }
        dirty.insert(name);
    }
}

/// A page's distinct terms as [`Index::build_with`] finds them, in parts: those of its title and
/// of pieces of its sections' text, each sorted and kept in `memo` by its text, so that an edit
/// segments again only the pieces it changed. Terms never span a space (the segmenter splits text
/// at spaces before anything else), so pieces end at spaces.
fn parts(page: &IndexPage, segmenter: &Segmenter, memo: &TermMemo) -> Vec<Part> {
    let texts: Vec<(&str, &str)> =
        std::iter::once((page.title.as_str(), "")).chain(page.sections.iter().flat_map(|s| pieces(&s.text)).map(|piece| ("", piece))).collect();
    texts.into_par_iter().with_min_len(64).map(|(title, text)| part(page, title, text, segmenter, memo)).collect()
}

/// The parts of `page`, taking those of the title and sections it shares with `old` (whose parts
/// are `old_parts`) as they are.
fn parts_reusing(page: &IndexPage, old: &IndexPage, old_parts: &[Part], segmenter: &Segmenter, memo: &TermMemo) -> Vec<Part> {
    let mut start = 1;
    let ranges: Vec<std::ops::Range<usize>> = old
        .sections
        .iter()
        .map(|s| {
            let range = start..start + pieces(&s.text).count();
            start = range.end;
            range
        })
        .collect();
    let mut out = Vec::with_capacity(old_parts.len());
    out.push(if old.title == page.title { old_parts[0].clone() } else { part(page, &page.title, "", segmenter, memo) });
    for (j, section) in page.sections.iter().enumerate() {
        match old.sections.get(j).filter(|o| o.text == section.text) {
            Some(_) => out.extend(old_parts[ranges[j].clone()].iter().cloned()),
            None => out.extend(pieces(&section.text).map(|piece| part(page, "", piece, segmenter, memo))),
        }
    }
    out
}

/// The part of a page with this title and text (one of the two empty).
fn part(page: &IndexPage, title: &str, text: &str, segmenter: &Segmenter, memo: &TermMemo) -> Part {
    let key = TermMemo::key_of(title, std::iter::once(text).filter(|t| !t.is_empty()));
    let terms = memo.get(key).unwrap_or_else(|| {
        memo.get_or(key, || {
            let sections = if text.is_empty() { Vec::new() } else { vec![Section { anchor: None, heading: String::new(), text: text.to_string() }] };
            let part = IndexPage { url: String::new(), title: title.to_string(), kind: page.kind, sections };
            let mut terms: Vec<Term> = Index::build_with(vec![part], segmenter, None).postings.into_keys().collect();
            terms.sort_unstable();
            terms
        })
    });
    (key, terms)
}

impl Known {
    fn of(parts: Vec<Part>) -> Known {
        let mut known = Known::default();
        known.replace(parts);
        known
    }

    /// Replaces the parts with `parts`: returns the terms the page lost and gained. Only the
    /// terms of the parts that differ are counted again.
    fn replace(&mut self, parts: Vec<Part>) -> (Vec<Term>, Vec<Term>) {
        let mut left: HashMap<u64, usize> = HashMap::new();
        for (key, _) in &self.parts {
            *left.entry(*key).or_default() += 1;
        }
        let mut deltas: HashMap<&Term, i64> = HashMap::new();
        for (key, terms) in &parts {
            match left.get_mut(key) {
                Some(n) if *n > 0 => *n -= 1,
                _ => terms.iter().for_each(|t| *deltas.entry(t).or_default() += 1),
            }
        }
        let mut kept: HashMap<u64, usize> = HashMap::new();
        for (key, _) in &parts {
            *kept.entry(*key).or_default() += 1;
        }
        for (key, terms) in &self.parts {
            match kept.get_mut(key) {
                Some(n) if *n > 0 => *n -= 1,
                _ => terms.iter().for_each(|t| *deltas.entry(t).or_default() -= 1),
            }
        }
        let (mut lost, mut gained) = (Vec::new(), Vec::new());
        for (term, delta) in deltas.into_iter().filter(|(_, d)| *d != 0) {
            let before = i64::from(self.counts.get(term).copied().unwrap_or(0));
            let after = before + delta;
            if after > 0 {
                self.counts.insert(term.clone(), after as u32);
            } else {
                self.counts.remove(term);
            }
            if before == 0 && after > 0 {
                gained.push(term.clone());
            } else if before > 0 && after <= 0 {
                lost.push(term.clone());
            }
        }
        self.parts = parts;
        (lost, gained)
    }
}

/// Pieces of about [`PIECE_BYTES`] of a text, each but the last ending with a space.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest.as_bytes().get(PIECE_BYTES..).and_then(|after| after.iter().position(|&b| b == b' ')).map_or(rest.len(), |i| PIECE_BYTES + i + 1);
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// The size of the pieces of text whose terms are kept apart.
const PIECE_BYTES: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::ResultKind;

    fn page(n: usize, text: &str) -> IndexPage {
        IndexPage {
            url: format!("p{n}/"),
            title: format!("หน้า {n}"),
            kind: ResultKind::Page,
            sections: vec![Section { anchor: None, heading: String::new(), text: text.to_string() }],
        }
    }

    #[test]
    fn an_updated_index_writes_what_a_fresh_one_writes() {
        let long = "การประชุม พ.ศ. ๒๕๖๕ ครั้งที่ 4/2565 ข้อ 3.1 ต่างๆ ฯลฯ Decisions, discussions; e.g. U.S.A. ทรัพยากรบุคคล ".repeat(40);
        let texts = ["การประชุมคณะกรรมการ change", "ยุทธศาสตร์การบริหาร 2566", &long, "plain words here"];
        let mut pages: Vec<IndexPage> = texts.iter().enumerate().map(|(n, t)| page(n, t)).collect();
        let section = |text: &str| Section { anchor: Some("s".into()), heading: "ห".into(), text: text.to_string() };
        pages.push(IndexPage { sections: vec![section(&long), section("วาระที่ ๑ change"), section(&long.replace("ทรัพยากร", "บุคลากร"))], ..page(4, "") });
        let segmenter = Segmenter::default();
        let memo = TermMemo::default();
        let mut live = LiveIndex::new(Lang::Th, Index::build_with(pages.clone(), &segmenter, Some(&memo)), &segmenter);
        let mut before: HashMap<String, Vec<u8>> = Index::build(pages.clone(), &segmenter).files(Lang::Th).into_iter().map(|f| (f.path, f.bytes)).collect();

        let mut edited = pages.clone();
        edited[1] = page(1, &"นโยบายใหม่ policy ".repeat(300));
        edited[2] = page(2, &long.replacen("ฯลฯ", "ฯลฯ ใหม่ 5.5 พ.ร.บ.", 3));
        edited[3].title = "หน้าใหม่".into();
        edited[4].sections[1].text = "วาระที่ ๑ เปลี่ยน".into();
        let changes = live.update(vec![edited[1].clone(), edited[3].clone(), edited[0].clone(), edited[2].clone(), edited[4].clone()], &segmenter, &memo);
        for f in changes.files {
            before.insert(f.path, f.bytes);
        }
        for path in &changes.removed {
            before.remove(path);
        }
        assert_same(&before, &edited, &segmenter);

        // Again, on pages updated before: their terms are counted by part.
        edited[2] = page(2, &long.replacen("การประชุม", "การสัมมนา", 2));
        edited[1] = page(1, "สั้นลง");
        edited[4].sections[2].text = long.replace("ต่างๆ", "อื่นๆ");
        edited[4].title = "ชื่อใหม่".into();
        let changes = live.update(vec![edited[2].clone(), edited[1].clone(), edited[4].clone()], &segmenter, &memo);
        for f in changes.files {
            before.insert(f.path, f.bytes);
        }
        for path in &changes.removed {
            before.remove(path);
        }
        assert_same(&before, &edited, &segmenter);
    }

    fn assert_same(files: &HashMap<String, Vec<u8>>, pages: &[IndexPage], segmenter: &Segmenter) {
        let fresh: HashMap<String, Vec<u8>> = Index::build(pages.to_vec(), segmenter).files(Lang::Th).into_iter().map(|f| (f.path, f.bytes)).collect();
        let mut paths: Vec<&String> = fresh.keys().chain(files.keys()).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            assert!(fresh.get(path) == files.get(path), "{path} differs");
        }
    }

    #[test]
    fn pieces_cover_the_text_and_end_at_spaces() {
        let text = "คำ ".repeat(200) + "ท้าย";
        let parts: Vec<&str> = pieces(&text).collect();
        assert_eq!(parts.concat(), text);
        assert!(parts.len() > 1);
        assert!(parts[..parts.len() - 1].iter().all(|p| p.ends_with(' ')));
    }
}
