//! Index terms of normalised text, the same kinds the query script looks up: Thai words from
//! ICU4X's dictionary word segmenter, Thai character bigrams (the fallback that does not depend
//! on any segmenter), stemmed Latin words, and the numbers of digit runs (`4/2565` → 4, 2565).

use super::normalize::Normalized;
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::RwLock;

/// The text of a term: held inline up to 24 bytes (Thai words of up to eight letters, bigrams,
/// stems, numbers), since a build makes one for every distinct term of every page.
pub type TermText = compact_str::CompactString;

/// A term of the index. Words (Thai words, Latin stems, numbers), bigrams and the terms of page
/// titles live in separate posting maps, since a two-letter Thai word and a bigram may be spelt
/// alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    Word(TermText),
    Bigram(TermText),
    /// A word or bigram of a page's title (its postings are the page's first section).
    Title(TermText),
}

impl Term {
    pub fn text(&self) -> &str {
        match self {
            Term::Word(s) | Term::Bigram(s) | Term::Title(s) => s,
        }
    }
}

/// The script class of a run of characters in normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Thai,
    Digits,
    Other,
}

pub fn script(c: char) -> Script {
    if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
        Script::Thai
    } else if c.is_ascii_digit() || c == '.' || c == '/' {
        Script::Digits
    } else {
        Script::Other
    }
}

/// Splits normalised text into runs of one script (spaces end a run and are dropped), in one
/// pass over its bytes: a character's script shows in its first bytes ([`script`]).
pub fn runs(text: &str) -> impl Iterator<Item = (Script, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut current: Option<(Script, usize)> = None;
        while i < bytes.len() {
            let (s, len) = match bytes[i..] {
                [b' ', ..] => {
                    i += 1;
                    match current {
                        Some((script, start)) => return Some((script, &text[start..i - 1])),
                        None => continue,
                    }
                }
                [b'0'..=b'9' | b'.' | b'/', ..] => (Script::Digits, 1),
                [0x00..=0x7F, ..] => (Script::Other, 1),
                // U+0E00–U+0E7F.
                [0xE0, 0xB8 | 0xB9, ..] => (Script::Thai, 3),
                [0x80..=0xDF, ..] => (Script::Other, 2),
                [0xE0..=0xEF, ..] => (Script::Other, 3),
                _ => (Script::Other, 4),
            };
            match current {
                Some((script, start)) if script != s => return Some((script, &text[start..i])),
                Some(_) => {}
                None => current = Some((s, i)),
            }
            i += len;
        }
        current.map(|(script, start)| (script, &text[start..]))
    })
}

/// Stems an English word: Snowball English after folding `-sion` nouns onto their verbs
/// (decision → decide, discussion → discuss), so that "deciding" finds "decision".
pub fn stem(stemmer: &Stemmer, word: &str) -> String {
    let word = word.strip_suffix("sions").map_or_else(|| word.to_string(), |w| format!("{w}sion"));
    let folded = if let Some(w) = word.strip_suffix("ssion") {
        format!("{w}ss")
    } else if let Some(w) = word.strip_suffix("sion").filter(|w| w.chars().count() >= 2) {
        format!("{w}de")
    } else {
        word
    };
    stemmer.stem(&folded).into_owned()
}

/// Turns normalised text into index terms; holds the segmenter, the stemmer and the stems found
/// so far (English words repeat from page to page, and stemming is a good part of the index's time).
pub struct Segmenter {
    words: WordSegmenterBorrowed<'static>,
    stemmer: Stemmer,
    stems: RwLock<FxHashMap<String, TermText>>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter {
            words: WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()),
            stemmer: Stemmer::create(Algorithm::English),
            stems: RwLock::default(),
        }
    }
}

impl Segmenter {
    /// Thai words of a Thai run, by ICU4X's dictionary segmenter.
    pub fn thai_words<'t>(&self, run: &'t str) -> impl Iterator<Item = &'t str> + use<'t, '_> {
        let mut start = 0;
        self.words.segment_str(run).filter_map(move |end| {
            let word = &run[start..end];
            start = end;
            (!word.is_empty()).then_some(word)
        })
    }

    pub fn stem(&self, word: &str) -> TermText {
        if let Some(stem) = self.stems.read().expect("stems lock").get(word) {
            return stem.clone();
        }
        let stem = TermText::from(stem(&self.stemmer, word));
        self.stems.write().expect("stems lock").insert(word.to_string(), stem.clone());
        stem
    }

    /// The distinct stems of distinct words: the cache is read under one lock for all of them,
    /// and written once for the words it does not know yet.
    fn stems(&self, words: FxHashSet<&str>) -> FxHashSet<TermText> {
        let mut stems = FxHashSet::with_capacity_and_hasher(words.len(), Default::default());
        let mut unknown = Vec::new();
        {
            let cache = self.stems.read().expect("stems lock");
            for word in words {
                match cache.get(word) {
                    Some(stem) => {
                        stems.insert(stem.clone());
                    }
                    None => unknown.push(word),
                }
            }
        }
        if !unknown.is_empty() {
            let found: Vec<(&str, TermText)> = unknown.into_iter().map(|w| (w, TermText::from(stem(&self.stemmer, w)))).collect();
            let mut cache = self.stems.write().expect("stems lock");
            for (word, stem) in found {
                stems.insert(stem.clone());
                cache.insert(word.to_string(), stem);
            }
        }
        stems
    }

    /// Every term of `text`, with repeats.
    pub fn terms(&self, text: &Normalized) -> Vec<Term> {
        let mut terms = Vec::new();
        for (script, run) in runs(text.as_str()) {
            match script {
                Script::Thai => {
                    terms.extend(self.thai_words(run).map(|w| Term::Word(w.into())));
                    terms.extend(bigrams(run).into_iter().map(|b| Term::Bigram(b.into())));
                }
                Script::Digits => {
                    terms.extend(run.split(['.', '/']).filter(|n| !n.is_empty()).map(|n| Term::Word(n.into())));
                }
                Script::Other => terms.push(Term::Word(self.stem(run))),
            }
        }
        terms
    }
}

impl Segmenter {
    /// The distinct terms of some texts, in no particular order: the same set as
    /// [`Segmenter::terms`] gives, found on borrowed slices, so that a term repeated on a page is
    /// stored and stemmed once.
    pub fn distinct_terms<'t>(&self, texts: impl Iterator<Item = &'t Normalized>) -> Vec<Term> {
        let texts: Vec<&Normalized> = texts.collect();
        // About one distinct word per 24 bytes of page text: the set rarely grows.
        let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
        let mut words = FxHashSet::with_capacity_and_hasher(bytes / 24, Default::default());
        let (mut latin, mut pairs) = (FxHashSet::default(), ThaiPairs::default());
        // A page repeats Thai phrases (names, titles, table cells: a fifth of the Thai text of
        // the handbook's pages): each distinct run is segmented once.
        let mut thai = FxHashSet::default();
        for text in texts {
            for (script, run) in runs(text.as_str()) {
                match script {
                    Script::Thai => {
                        if thai.insert(run) {
                            words.extend(self.thai_words(run));
                            pairs.add(run);
                        }
                    }
                    Script::Digits => words.extend(run.split(['.', '/']).filter(|n| !n.is_empty())),
                    Script::Other => {
                        latin.insert(run);
                    }
                }
            }
        }
        // Words are Thai or digits, stems are neither: distinct words and distinct stems are
        // distinct terms.
        let stems = self.stems(latin);
        let mut terms = Vec::with_capacity(words.len() + stems.len() + pairs.len());
        terms.extend(words.into_iter().map(|w| Term::Word(w.into())));
        terms.extend(stems.into_iter().map(Term::Word));
        terms.extend(pairs.terms());
        terms
    }
}

/// The distinct pairs of adjacent characters in Thai runs, as one bit per possible pair of
/// characters of the Thai block (U+0E00–U+0E7F): a page has thousands of pairs and a set of
/// strings would hash and compare each of them.
struct ThaiPairs {
    bits: Vec<u64>,
}

const THAI_BLOCK: u32 = 0x0E00;
const THAI_BLOCK_LEN: usize = 0x80;

impl Default for ThaiPairs {
    fn default() -> Self {
        ThaiPairs { bits: vec![0; THAI_BLOCK_LEN * THAI_BLOCK_LEN / 64] }
    }
}

impl ThaiPairs {
    /// Adds the pairs of a run of characters of the Thai block ([`Script::Thai`]).
    fn add(&mut self, run: &str) {
        let mut previous: Option<usize> = None;
        for c in run.chars() {
            let offset = (c as u32).wrapping_sub(THAI_BLOCK) as usize;
            debug_assert!(offset < THAI_BLOCK_LEN, "{c:?} is not in the Thai block");
            if let Some(p) = previous {
                let bit = p * THAI_BLOCK_LEN + offset;
                self.bits[bit / 64] |= 1 << (bit % 64);
            }
            previous = Some(offset);
        }
    }

    /// How many pairs there are.
    fn len(&self) -> usize {
        self.bits.iter().map(|b| b.count_ones() as usize).sum()
    }

    /// The pairs as bigram terms.
    fn terms(self) -> impl Iterator<Item = Term> {
        // A Thai-block character in UTF-8: E0, then B8 or B9, then the low six bits.
        let utf8_at = |offset: usize| [0xE0, 0xB8 | (offset >> 6) as u8, 0x80 | (offset & 0x3F) as u8];
        self.bits.into_iter().enumerate().flat_map(move |(word, mut bits)| {
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let ([a, b, c], [d, e, f]) = (utf8_at(bit / THAI_BLOCK_LEN), utf8_at(bit % THAI_BLOCK_LEN));
                // SAFETY: the bytes are the UTF-8 encoding of two characters of the Thai block.
                let bytes = [a, b, c, d, e, f];
                let pair = unsafe { std::str::from_utf8_unchecked(&bytes) };
                Some(Term::Bigram(TermText::new(pair)))
            })
        })
    }
}

/// Overlapping pairs of characters of a Thai run (a one-character run gives none).
pub fn bigrams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalize::normalize;

    #[test]
    fn thai_words_and_bigrams_and_stems() {
        let seg = Segmenter::default();
        assert_eq!(seg.thai_words("สมรรถนะประจำผู้บริหาร").collect::<Vec<_>>(), ["สมรรถนะ", "ประจำ", "ผู้", "บริหาร"]);
        let terms = seg.terms(&normalize("ครั้งที่ ๔/๒๕๖๕ Deciding"));
        assert!(terms.contains(&Term::Word("4".into())) && terms.contains(&Term::Word("2565".into())));
        assert!(terms.contains(&Term::Bigram("ที่".chars().take(2).collect())));
        assert!(terms.contains(&Term::Word("decid".into())));
        assert_eq!(seg.stem("decisions"), "decid");
        assert_eq!(seg.stem("discussion"), "discuss");
    }

    #[test]
    fn distinct_terms_are_the_set_of_all_terms() {
        let seg = Segmenter::default();
        let texts = [normalize("การบริหารทรัพยากรบุคคล การบริหาร ครั้งที่ ๔/๒๕๖๕ Deciding decisions"), normalize("ทางการบริหาร 4 ก การบริหาร ครั้งที่")];
        let mut all: Vec<Term> = texts.iter().flat_map(|t| seg.terms(t)).collect();
        all.sort_unstable();
        all.dedup();
        let mut distinct = seg.distinct_terms(texts.iter());
        distinct.sort_unstable();
        assert_eq!(distinct, all);
    }
}
