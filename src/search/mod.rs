//! Stage 7, search index: reads the text of every rendered page (its `<main>`, by section), and
//! writes one index per language under `search/` for `search.js` (the theme's query script):
//! Thai words from ICU4X's dictionary segmenter, Thai character bigrams as a fallback that the
//! query side confirms against the text, stemmed English words and numbers. Both sides normalise
//! text the same way ([`normalize`]), pinned by `tests/search-cases.json`.

pub mod chunks;
pub mod extract;
pub mod index;
pub mod memo;
pub mod normalize;
pub mod segment;

use crate::lang::Lang;
use crate::model::Kind;
use crate::output::OutputFile;
use crate::resolve::{Page, Site};
pub use index::{Index, IndexPage, ResultKind};
pub use memo::TermMemo;
use rayon::prelude::*;
use std::collections::HashMap;

/// The search kind of a page kind.
pub fn result_kind(kind: Kind) -> ResultKind {
    match kind {
        Kind::Competency => ResultKind::Competency,
        Kind::Level => ResultKind::Level,
        Kind::Strategy => ResultKind::Strategy,
        Kind::Meeting => ResultKind::Meeting,
        Kind::Home | Kind::Section | Kind::Resolutions | Kind::Page => ResultKind::Page,
    }
}

/// Whether a page is searched: the list of all resolutions only repeats the minutes, whose
/// resolutions are found in their meeting.
fn indexed(page: &Page) -> bool {
    page.kind != Kind::Resolutions
}

/// The pages of `lang` with their sections, read from the rendered `files`.
pub fn pages(site: &Site, files: &[OutputFile], lang: Lang) -> Vec<IndexPage> {
    let html: HashMap<&str, &[u8]> = files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let pages: Vec<&Page> = site.pages.iter().filter(|p| p.lang == lang && indexed(p)).collect();
    pages
        .into_par_iter()
        .filter_map(|page| {
            let bytes = html.get(format!("{}index.html", page.path).as_str())?;
            let text = std::str::from_utf8(bytes).ok()?;
            Some(IndexPage {
                url: page.path.clone(),
                title: page.title.clone(),
                kind: result_kind(page.kind),
                sections: extract::sections(text),
            })
        })
        .collect()
}

/// The index of every language; with a `memo` (`handbook serve`), unchanged pages' terms are reused.
pub fn build(site: &Site, files: &[OutputFile], langs: impl Iterator<Item = Lang>, memo: Option<&TermMemo>) -> Vec<(Lang, Index)> {
    let segmenter = segment::Segmenter::default();
    let built: Vec<(Lang, Index)> = langs.map(|lang| (lang, Index::build_with(pages(site, files, lang), &segmenter, memo))).collect();
    if let Some(memo) = memo {
        memo.retain(&built.iter().flat_map(|(_, index)| index.pages.iter().map(TermMemo::key)).collect());
    }
    built
}

/// The index files of every language, to write with the site.
pub fn files(site: &Site, files: &[OutputFile], langs: impl Iterator<Item = Lang>, memo: Option<&TermMemo>) -> Vec<OutputFile> {
    build(site, files, langs, memo).into_iter().flat_map(|(lang, index)| index.files(lang)).collect()
}
