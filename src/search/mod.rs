//! Stage 7, search index: reads the text of every rendered page (its `<main>`, by section, as the
//! page is rendered), and
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
pub mod update;

use crate::lang::Lang;
use crate::model::Kind;
use crate::resolve::Page;
pub use index::{Index, IndexPage, ResultKind};
pub use memo::TermMemo;

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

/// A rendered page to index, with its sections read from its HTML; `None` for pages that are not
/// searched.
pub fn page_entry(page: &Page, html: &str) -> Option<(Lang, IndexPage)> {
    if !indexed(page) {
        return None;
    }
    Some((page.lang, IndexPage { url: page.path.clone(), title: page.title.clone(), kind: result_kind(page.kind), sections: extract::sections(html) }))
}

/// The index of every language from the pages' entries (in site order); with a `memo`
/// (`handbook serve`), unchanged pages' terms are reused.
pub fn build(pages: Vec<(Lang, IndexPage)>, langs: impl Iterator<Item = Lang>, memo: Option<&TermMemo>) -> Vec<(Lang, Index)> {
    let segmenter = segment::Segmenter::default();
    let mut by_lang: Vec<(Lang, Vec<IndexPage>)> = langs.map(|lang| (lang, Vec::new())).collect();
    for (lang, page) in pages {
        if let Some((_, list)) = by_lang.iter_mut().find(|(l, _)| *l == lang) {
            list.push(page);
        }
    }
    let built: Vec<(Lang, Index)> = by_lang.into_iter().map(|(lang, pages)| (lang, Index::build_with(pages, &segmenter, memo))).collect();
    if let Some(memo) = memo {
        memo.retain(&built.iter().flat_map(|(_, index)| index.pages.iter().map(TermMemo::key)).collect());
    }
    built
}
