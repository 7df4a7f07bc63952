//! The site configuration, `handbook.toml`: titles per language, base URL, theme and output directory.

use crate::diagnostics::{Diagnostic, SourceText};
use crate::lang::Lang;
use crate::parse::parse_toml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const CONFIG_FILE: &str = "handbook.toml";

/// `handbook.toml` as written by the editor, with the places of the values checked after parsing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Spanned<String>,
    #[serde(default = "default_output_dir")]
    output_dir: PathBuf,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default = "default_true")]
    thai_digits: bool,
    languages: Spanned<BTreeMap<Lang, LanguageConfig>>,
}

/// The checked site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute URL the site is published at, e.g. `https://intranet/hr/handbook/`.
    pub base_url: String,
    /// Where `handbook build` writes the site, relative to the site root.
    pub output_dir: PathBuf,
    /// Name of the theme in `themes/`.
    pub theme: String,
    /// Show numbers in dates with Thai digits (๕ เมษายน ๒๕๖๕) on Thai pages.
    pub thai_digits: bool,
    /// Per-language settings; Thai is the default language and must be present.
    pub languages: BTreeMap<Lang, LanguageConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
}

fn default_output_dir() -> PathBuf {
    PathBuf::from("site")
}
fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".to_string())
}
fn default_true() -> bool {
    true
}

impl Config {
    /// Reads and checks `<root>/handbook.toml`.
    pub fn load(root: &Path) -> anyhow::Result<Result<Config, Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let src = SourceText::new(CONFIG_FILE, text);
        Ok(parse_toml::<RawConfig>(&src, 0, &src.text).and_then(|c| Config::checked(c, root, &src)))
    }

    fn checked(raw: RawConfig, root: &Path, src: &SourceText) -> Result<Config, Diagnostic> {
        if !unicode_normalization::is_nfc(&src.text) {
            return Err(src.at(0, "text is not in Unicode NFC form; re-save the file normalised to NFC"));
        }
        let base_url = normalize_base_url(raw.base_url.get_ref()).map_err(|m| src.at(raw.base_url.span().start, m))?;
        if !raw.languages.get_ref().contains_key(&Lang::Th) {
            return Err(src.at(raw.languages.span().start, "languages must include 'th', the default language"));
        }
        let theme = raw.theme.get_ref();
        if !root.join("themes").join(theme).join("templates").is_dir() {
            return Err(src.at(raw.theme.span().start, format!("theme '{theme}' not found: themes/{theme}/templates/ does not exist")));
        }
        Ok(Config {
            base_url,
            output_dir: raw.output_dir,
            theme: raw.theme.into_inner(),
            thai_digits: raw.thai_digits,
            languages: raw.languages.into_inner(),
        })
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = normalize_base_url(url)?;
        Ok(())
    }

    /// The languages the site is built in, Thai first.
    pub fn languages(&self) -> impl Iterator<Item = Lang> + '_ {
        self.languages.keys().copied()
    }

    pub fn title(&self, lang: Lang) -> &str {
        self.languages.get(&lang).or_else(|| self.languages.get(&Lang::Th)).map_or("", |l| &l.title)
    }

    /// `text` as a page in `lang` shows it: its digits Thai on Thai pages when `thai_digits` is set.
    pub fn digits(&self, lang: Lang, text: String) -> String {
        if lang == Lang::Th && self.thai_digits {
            crate::lang::thai_digits(&text)
        } else {
            text
        }
    }

    /// The path part of the base URL, e.g. `/hr/handbook/` (used where relative links cannot be, like 404.html).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// An absolute http(s) URL ending in `/`, or why the text is not one.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() <= "https://".len() {
        return Err(format!("base_url must be an absolute http(s) URL such as 'https://intranet/hr/handbook/', got '{url}'"));
    }
    Ok(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_subpath_url() {
        let raw: RawConfig = toml::from_str("base_url = 'http://h/'\n[languages.th]\ntitle = 't'\n").unwrap();
        let src = SourceText::new("handbook.toml", String::new());
        let mut c = Config::checked(raw, Path::new(env!("CARGO_MANIFEST_DIR")), &src).unwrap();
        c.set_base_url("http://host/hr/handbook").unwrap();
        assert_eq!(c.base_url, "http://host/hr/handbook/");
        assert_eq!(c.base_path(), "/hr/handbook/");
        assert!(c.set_base_url("/relative/").is_err());
    }
}
