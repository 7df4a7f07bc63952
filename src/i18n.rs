//! Interface strings per language from `i18n/<lang>.toml` of the theme, overridable key by key
//! from the site's own `i18n/` directory.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::lang::Lang;
use crate::parse::parse_toml;
use std::collections::BTreeMap;
use std::path::Path;

/// The UI strings of every language, each a flat `key = "text"` table.
#[derive(Debug, Default)]
pub struct Strings {
    by_lang: BTreeMap<Lang, BTreeMap<String, String>>,
}

impl Strings {
    /// Loads `<dir>/i18n/<lang>.toml` for each language from each directory in order (later wins).
    pub fn load(dirs: &[&Path], root: &Path, langs: &[Lang], diags: &mut Diagnostics) -> anyhow::Result<Strings> {
        let mut strings = Strings::default();
        for &lang in langs {
            let table = strings.by_lang.entry(lang).or_default();
            for dir in dirs {
                let path = dir.join("i18n").join(format!("{lang}.toml"));
                if !path.exists() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                let src = SourceText::new(shown, text);
                match parse_toml::<BTreeMap<String, String>>(&src, 0, &src.text) {
                    Ok(entries) => table.extend(entries),
                    Err(d) => diags.push(d),
                }
            }
        }
        strings.check_complete(diags);
        Ok(strings)
    }

    /// Every language must define every key some language defines.
    fn check_complete(&self, diags: &mut Diagnostics) {
        let all: std::collections::BTreeSet<&String> = self.by_lang.values().flat_map(|t| t.keys()).collect();
        for (lang, table) in &self.by_lang {
            let missing: Vec<&str> = all.iter().filter(|k| !table.contains_key(**k)).map(|k| k.as_str()).collect();
            if !missing.is_empty() {
                diags.push(Diagnostic {
                    file: Path::new("i18n").join(format!("{lang}.toml")),
                    line: 1,
                    col: 1,
                    message: format!("interface strings missing in language '{lang}': {}", missing.join(", ")),
                });
            }
        }
    }

    pub fn table(&self, lang: Lang) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.by_lang.get(&lang).unwrap_or(&EMPTY)
    }

    pub fn get<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.table(lang).get(key).map_or(key, String::as_str)
    }
}
