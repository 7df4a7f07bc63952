//! The site configuration, `handbook.toml`: titles per language, base URL, theme and output directory.

use crate::diagnostics::{Diagnostic, SourceText};
use crate::lang::Lang;
use crate::parse::parse_toml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "handbook.toml";

/// `handbook.toml` as written by the editor.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Absolute URL the site is published at, e.g. `https://intranet/hr/handbook/`.
    pub base_url: String,
    /// Where `handbook build` writes the site, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Name of the theme in `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Show numbers in dates with Thai digits (๕ เมษายน ๒๕๖๕) on Thai pages.
    #[serde(default = "default_true")]
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
fn default_theme() -> String {
    "default".to_string()
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
        Ok(parse_toml::<Config>(&src, 0, &src.text).and_then(|c| c.checked(&src)))
    }

    fn checked(mut self, src: &SourceText) -> Result<Config, Diagnostic> {
        let at_key = |key: &str| src.text.find(key).unwrap_or(0);
        self.base_url = normalize_base_url(&self.base_url)
            .map_err(|m| src.at(at_key("base_url"), m))?;
        if !self.languages.contains_key(&Lang::Th) {
            return Err(src.at(at_key("languages"), "languages must include 'th', the default language"));
        }
        Ok(self)
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

    /// The path part of the base URL, e.g. `/hr/handbook/` (used where relative links cannot be, like 404.html).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

fn normalize_base_url(url: &str) -> Result<String, String> {
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
        let mut c: Config = toml::from_str("base_url = 'http://h/'\n[languages.th]\ntitle = 't'\n").unwrap();
        c.set_base_url("http://host/hr/handbook").unwrap();
        assert_eq!(c.base_url, "http://host/hr/handbook/");
        assert_eq!(c.base_path(), "/hr/handbook/");
        assert!(c.set_base_url("/relative/").is_err());
    }
}
