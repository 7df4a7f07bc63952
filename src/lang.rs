//! The site's languages: Thai (the default) and English, with their URL prefixes and file suffixes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language the site is written in. Thai is the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Th,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Th, Lang::En];

    /// BCP 47 code, as used in `lang` attributes and file suffixes (`x.en.md`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Position in per-language arrays (`[T; 2]` indexed by language).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The other language of the pair (used by the language switcher).
    pub fn other(self) -> Lang {
        match self {
            Lang::Th => Lang::En,
            Lang::En => Lang::Th,
        }
    }

    /// Prefix of every URL path in this language: `""` for Thai, `"en/"` for English.
    pub fn url_prefix(self) -> &'static str {
        match self {
            Lang::Th => "",
            Lang::En => "en/",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Replaces the Arabic digits 0-9 of `text` with Thai digits ๐-๙.
pub fn thai_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0E50 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A text given in both languages, as in the shared vocabularies (`name = { th = "…", en = "…" }`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub th: String,
    pub en: String,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Th => &self.th,
            Lang::En => &self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_digits_replace_only_arabic_digits() {
        assert_eq!(thai_digits("4/2565 เวลา 09.30"), "๔/๒๕๖๕ เวลา ๐๙.๓๐");
        assert_eq!(thai_digits("๑ x"), "๑ x");
    }
}
