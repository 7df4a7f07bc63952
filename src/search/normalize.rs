//! Search normalisation, identical to `normalize` in `themes/default/static/search.js` (both are
//! pinned by `tests/search-cases.json`): NFC, ํา → ำ, Thai digits → Arabic digits, lower case,
//! ฯ and ๆ as separators, dots of abbreviations dropped (พ.ศ. ≡ พศ), `.` and `/` kept only
//! between digits (3.1, 4/2565), every other mark of punctuation a space, spaces collapsed.
//! Tone marks and vowels are kept.

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
/// [`normalize`] keeps the character as it is, whatever its neighbours: a lower-case letter, a
/// digit, a Thai letter, vowel or tone mark (not ฯ, ๆ, NIKHAHIT or a Thai digit).
const KEPT: u8 = 16;

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
        let special = matches!(c, '.' | '/' | '\u{0E2F}' | '\u{0E46}' | '\u{0E4D}' | '\u{0E50}'..='\u{0E59}');
        if *class & (WORD | CASELESS | NFC_YES) == WORD | CASELESS | NFC_YES && !special {
            *class |= KEPT;
        }
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
pub fn surely_nfc(text: &str) -> bool {
    let (table, ccc) = &*CLASSES;
    let bytes = text.as_bytes();
    let (mut last, mut i) = (0, 0);
    while i < bytes.len() {
        let (class, len) = match bytes[i..] {
            // ASCII: NFC_Quick_Check=Yes, combining class 0.
            [b, ..] if b.is_ascii() => (0, 1),
            [0xE0, b1 @ (0xB8 | 0xB9), b2, ..] => {
                let i = thai_code(b1, b2);
                if table[i] & NFC_YES == 0 {
                    return false;
                }
                (ccc[i], 3)
            }
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                if !quick_check_step(c, &mut last) {
                    return false;
                }
                i += c.len_utf8();
                continue;
            }
        };
        if !in_canonical_order(class, &mut last) {
            return false;
        }
        i += len;
    }
    true
}

/// Whether a character of combining class `class` may follow one of class `last` in NFC
/// (starters always may; marks only in increasing order); `last` becomes `class`.
fn in_canonical_order(class: u8, last: &mut u8) -> bool {
    let ordered = class == 0 || class >= *last;
    *last = class;
    ordered
}

/// One character of [`surely_nfc`]'s check, after a character of combining class `last`, which it
/// updates: whether the text is still surely in NFC.
fn quick_check_step(c: char, last: &mut u8) -> bool {
    let (table, ccc) = &*CLASSES;
    let class = if (c as usize) < TABLE_END {
        if table[c as usize] & NFC_YES == 0 {
            return false;
        }
        ccc[c as usize]
    } else {
        // Punctuation and symbols (– “ ” →): the Unicode lookups, for these few characters.
        if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return false;
        }
        canonical_combining_class(c)
    };
    in_canonical_order(class, last)
}

/// The code point of the Thai-block character encoded `E0 b1 b2` (b1 is B8 or B9).
fn thai_code(b1: u8, b2: u8) -> usize {
    (usize::from(b1 & 0x3F) << 6) | usize::from(b2 & 0x3F)
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

/// Normalises `text` for indexing and matching, in one pass over its characters; the look-ahead
/// (`.` and `/` are kept between digits, NIKHAHIT + SARA AA is SARA AM) is taken only where
/// needed. Spans of characters kept as they are ([`KEPT`]: nearly all Thai and English text)
/// are copied whole. Text is checked to be in NFC ([`surely_nfc`]) in the same pass; text that is
/// not (or may not be) is put in NFC first.
pub fn normalize(text: &str) -> Normalized {
    normalize_checked(text, true).unwrap_or_else(|| {
        let nfc: String = text.nfc().collect();
        normalize_checked(&nfc, false).expect("normalised without the check")
    })
}

/// [`normalize`] of text in NFC; with `check`, `None` as soon as the text fails [`surely_nfc`].
fn normalize_checked(text: &str, check: bool) -> Option<Normalized> {
    let (table, ccc) = &*CLASSES;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut prev = None::<char>;
    // The combining class of the previous character, for the check.
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        loop {
            match bytes[i..] {
                [b, ..] if b.is_ascii() && table[usize::from(b)] & KEPT != 0 => {
                    last = 0;
                    i += 1;
                }
                [0xE0, b1 @ (0xB8 | 0xB9), b2, ..] if table[thai_code(b1, b2)] & KEPT != 0 => {
                    if !in_canonical_order(ccc[thai_code(b1, b2)], &mut last) && check {
                        return None;
                    }
                    i += 3;
                }
                _ => break,
            }
        }
        if i > start {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push_str(&text[start..i]);
            prev = text[start..i].chars().next_back();
            continue;
        }
        // The character as matching sees it: NIKHAHIT + SARA AA as SARA AM (as some fonts'
        // users type it), Thai digits as Arabic digits.
        let raw = text[i..].chars().next().expect("a character starts here");
        if check && !quick_check_step(raw, &mut last) {
            return None;
        }
        i += raw.len_utf8();
        let c = if raw == '\u{0E4D}' && text[i..].starts_with('\u{0E32}') {
            if check && !quick_check_step('\u{0E32}', &mut last) {
                return None;
            }
            i += '\u{0E32}'.len_utf8();
            '\u{0E33}'
        } else {
            arabic_digit(raw)
        };
        let digits_around = || prev.is_some_and(|p| p.is_ascii_digit()) && text[i..].chars().next().is_some_and(|n| arabic_digit(n).is_ascii_digit());
        let class = table.get(c as usize).copied();
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
    Some(Normalized(out))
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
        // Spans copied whole end where a character needs a look: upper case, NIKHAHIT, digits.
        assert_eq!(normalize("ผู้นำHRDกําลัง๑๒.๕ ก.ข").as_str(), "ผู้นำhrdกำลัง12.5 กข");
        assert_eq!(normalize("ab/cd 1/2 ๓/").as_str(), "ab cd 1/2 3");
    }
}
