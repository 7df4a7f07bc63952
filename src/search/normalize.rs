//! Search normalisation, identical to `normalize` in `themes/default/static/search.js` (both are
//! pinned by `tests/search-cases.json`): NFC, ํา → ำ, Thai digits → Arabic digits, lower case,
//! ฯ and ๆ as separators, dots of abbreviations dropped (พ.ศ. ≡ พศ), `.` and `/` kept only
//! between digits (3.1, 4/2565), every other mark of punctuation a space, spaces collapsed.
//! Tone marks and vowels are kept.

use std::borrow::Cow;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Text in the normal form both the index and the queries are compared in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized(String);

impl Normalized {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Below this code point (ASCII, Latin and the Thai block) character classes come from a table.
const TABLE_END: usize = 0x0E80;
const WORD: u8 = 1;
const LETTER: u8 = 2;
/// `to_lowercase` leaves the character as it is.
const CASELESS: u8 = 4;
/// The character alone is in NFC and can be left as it is, as far as its neighbours allow
/// (Unicode's NFC_Quick_Check=Yes).
const NFC_YES: u8 = 8;

/// The classes and canonical combining classes of the characters below [`TABLE_END`], computed
/// once from the same functions the slow path calls: Unicode's property lookups are slow for
/// Thai, and the index calls them for every character of every page.
static CLASSES: std::sync::LazyLock<([u8; TABLE_END], [u8; TABLE_END])> = std::sync::LazyLock::new(|| {
    let (mut table, mut ccc) = ([0; TABLE_END], [0; TABLE_END]);
    for (i, class) in table.iter_mut().enumerate() {
        let Some(c) = char::from_u32(i as u32) else { continue };
        *class = u8::from(slow_is_word_char(c)) * WORD
            + u8::from(slow_is_letter(c)) * LETTER
            + u8::from(c.to_lowercase().eq(std::iter::once(c))) * CASELESS
            + u8::from(is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes) * NFC_YES;
        ccc[i] = canonical_combining_class(c);
    }
    (table, ccc)
});

fn slow_is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn slow_is_letter(c: char) -> bool {
    (c.is_alphabetic() || is_combining_mark(c)) && !c.is_numeric()
}

fn class(c: char) -> Option<u8> {
    CLASSES.0.get(c as usize).copied()
}

/// Whether `text` is known to be in NFC from the table alone: Unicode's quick check (every
/// character NFC_Quick_Check=Yes, combining classes in canonical order), which holds for nearly
/// all Thai and English text. Text it cannot decide takes the full normalisation.
pub(crate) fn surely_nfc(text: &str) -> bool {
    let (table, ccc) = &*CLASSES;
    let mut last = 0;
    for c in text.chars() {
        let i = c as usize;
        let class = if i < TABLE_END {
            if table[i] & NFC_YES == 0 {
                return false;
            }
            ccc[i]
        } else {
            // Punctuation and symbols (– “ ” →): the Unicode lookups, for these few characters.
            if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
                return false;
            }
            canonical_combining_class(c)
        };
        if class != 0 && class < last {
            return false;
        }
        last = class;
    }
    true
}

/// A letter, a combining mark (Thai vowels and tone marks) or a digit: what words are made of.
pub fn is_word_char(c: char) -> bool {
    class(c).map_or_else(|| slow_is_word_char(c), |k| k & WORD != 0)
}

fn is_letter(c: char) -> bool {
    class(c).map_or_else(|| slow_is_letter(c), |k| k & LETTER != 0)
}

/// Maps a Thai digit ๐-๙ to 0-9; other characters unchanged.
fn arabic_digit(c: char) -> char {
    match c {
        '\u{0E50}'..='\u{0E59}' => char::from_u32(c as u32 - 0x0E50 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// The next character as matching sees it: NIKHAHIT + SARA AA as SARA AM (as some fonts' users
/// type it), Thai digits as Arabic digits.
fn next_mapped(chars: &mut std::str::Chars) -> Option<char> {
    let c = chars.next()?;
    if c == '\u{0E4D}' && chars.as_str().starts_with('\u{0E32}') {
        chars.next();
        return Some('\u{0E33}');
    }
    Some(arabic_digit(c))
}

/// Normalises `text` for indexing and matching, in one pass over its characters with one
/// character of look-ahead (`.` and `/` are kept between digits).
pub fn normalize(text: &str) -> Normalized {
    let text: Cow<str> = if surely_nfc(text) { Cow::Borrowed(text) } else { Cow::Owned(text.nfc().collect()) };
    let table = &CLASSES.0;
    let mut chars = text.chars();
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let (mut prev, mut next) = (None::<char>, next_mapped(&mut chars));
    while let Some(c) = next {
        next = next_mapped(&mut chars);
        // The character's classes, from the table for nearly every character.
        let class = table.get(c as usize).copied();
        let digits_around = || prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        // Kept, a space, or (the dot of an abbreviation) dropped.
        let keep = match c {
            '.' if prev.is_some_and(is_letter) => None,
            '.' | '/' => Some(digits_around()),
            '\u{0E2F}' | '\u{0E46}' => Some(false),
            _ => Some(class.map_or_else(|| slow_is_word_char(c), |k| k & WORD != 0)),
        };
        prev = Some(c);
        match keep {
            Some(true) => {}
            Some(false) => {
                space = true;
                continue;
            }
            None => continue,
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if class.is_some_and(|k| k & CASELESS != 0) {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    Normalized(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_agrees_with_the_unicode_functions() {
        for i in 0..TABLE_END as u32 {
            let Some(c) = char::from_u32(i) else { continue };
            assert_eq!(is_word_char(c), slow_is_word_char(c), "{c:?}");
            assert_eq!(is_letter(c), slow_is_letter(c), "{c:?}");
        }
    }

    #[test]
    fn the_quick_check_agrees_with_full_normalisation() {
        let marks = ['\u{0E31}', '\u{0E34}', '\u{0E38}', '\u{0E39}', '\u{0E3A}', '\u{0E47}', '\u{0E48}', '\u{0E49}', '\u{0E4C}', '\u{0301}', '\u{0323}'];
        for base in ['ก', 'e', 'E', 'é', '1'] {
            for a in marks {
                for b in marks {
                    let text: String = [base, a, b].iter().collect();
                    if surely_nfc(&text) {
                        assert_eq!(text.nfc().collect::<String>(), text, "{text:?}");
                    }
                }
            }
        }
        assert!(surely_nfc("การบริหาร “Work Flow” – ๔/๒๕๖๕ → ok") && !surely_nfc("Å\u{030A}"));
        assert!(surely_nfc("การบริหาร Work Flow ๔/๒๕๖๕") && !surely_nfc("กุ่\u{0E48}\u{0E38}") && !surely_nfc("e\u{0301}"));
        assert_eq!(normalize("ก\u{0E48}\u{0E38}"), normalize("ก\u{0E38}\u{0E48}"));
    }

    #[test]
    fn normalises_digits_abbreviations_and_separators() {
        assert_eq!(normalize("ครั้งที่ ๔/๒๕๖๕").as_str(), "ครั้งที่ 4/2565");
        assert_eq!(normalize("(พ.ศ. ๒๕๖๖ - ๒๕๗๐)").as_str(), "พศ 2566 2570");
        assert_eq!(normalize("อ.ก.ก. วิสามัญ").as_str(), "อกก วิสามัญ");
        assert_eq!(normalize("สั้น ๆ ฯลฯ").as_str(), "สั้น ล");
        assert_eq!(normalize("Work  Flow.").as_str(), "work flow");
    }
}
