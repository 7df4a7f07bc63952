//! Stage 1, load: walk `content/`, read each Markdown file, split its `+++` TOML front matter, and
//! name its page key and language (`x.md` Thai, `x.en.md` English).

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::lang::Lang;
use crate::model::PageKey;
use anyhow::Context;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use rayon::prelude::*;
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";
/// Shared vocabularies (TOML) live in `content/_data/`.
pub const DATA_DIR: &str = "_data";

/// A Markdown file split into front matter and body.
#[derive(Debug)]
pub struct Document {
    pub key: PageKey,
    pub lang: Lang,
    pub src: Arc<SourceText>,
    /// Byte range of the TOML between the `+++` lines.
    pub front: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

impl Document {
    pub fn front_text(&self) -> &str {
        &self.src.text[self.front.clone()]
    }
    pub fn body(&self) -> &str {
        &self.src.text[self.body_start..]
    }
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    /// TOML data files in `content/_data/`, by file stem (`levels`).
    pub data: Vec<(String, Arc<SourceText>)>,
    /// Other files (images, PDFs), copied to the output as they are; paths relative to `content/`.
    pub assets: Vec<PathBuf>,
}

/// Reads every file under `<root>/content`, in path order (the files themselves in parallel).
pub fn load(root: &Path, diags: &mut Diagnostics) -> anyhow::Result<Loaded> {
    let content = root.join(CONTENT_DIR);
    let mut loaded = Loaded::default();
    // Markdown and data files to read: (path relative to content/, whether it is data).
    let mut to_read: Vec<(PathBuf, bool)> = Vec::new();
    let walker = WalkDir::new(&content).sort_by_file_name().into_iter().filter_entry(|e| !is_ignored(e.file_name()));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", content.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&content).expect("walkdir stays below its root").to_path_buf();
        let name = entry.file_name().to_string_lossy();
        let in_data = rel.starts_with(DATA_DIR);
        let is_md = name.ends_with(".md");
        if name.eq_ignore_ascii_case("README.md") || (!is_md && !(in_data && name.ends_with(".toml"))) {
            if !is_md && !in_data {
                loaded.assets.push(rel);
            }
            continue;
        }
        to_read.push((rel, in_data));
    }
    let sources: Vec<anyhow::Result<Result<Arc<SourceText>, Diagnostic>>> =
        to_read.par_iter().map(|(rel, _)| read_source(&content.join(rel), Path::new(CONTENT_DIR).join(rel))).collect();
    for ((rel, in_data), src) in to_read.into_iter().zip(sources) {
        let src = match src? {
            Ok(src) => src,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if in_data {
            let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            loaded.data.push((name.trim_end_matches(".toml").to_string(), src));
        } else if let Some(doc) = document(&rel, src, diags) {
            loaded.documents.push(doc);
        }
    }
    Ok(loaded)
}

/// Reads one Markdown file of `content/` again (`rel` relative to `content/`), as [`load`] does;
/// `None` when it has problems, which are reported.
pub fn reload_document(root: &Path, rel: &Path, diags: &mut Diagnostics) -> anyhow::Result<Option<Document>> {
    match read_source(&root.join(CONTENT_DIR).join(rel), Path::new(CONTENT_DIR).join(rel))? {
        Ok(src) => Ok(document(rel, src, diags)),
        Err(d) => {
            diags.push(d);
            Ok(None)
        }
    }
}

/// A file's text (`shown` is its path in messages), or the diagnostic when it is not UTF-8.
fn read_source(path: &Path, shown: PathBuf) -> anyhow::Result<Result<Arc<SourceText>, Diagnostic>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: `bytes` was checked to be UTF-8 just above (simdutf8: several times faster than
        // the standard library's check on Thai text).
        Ok(_) => Ok(Arc::new(SourceText::new(shown, unsafe { String::from_utf8_unchecked(bytes) }))),
        Err(_) => Err(Diagnostic { file: shown, line: 1, col: 1, message: "file is not valid UTF-8; save it as UTF-8".into() }),
    })
}

/// Editor droppings and hidden files: swap files, backups, `.#locks`, `4913` probes.
pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

fn document(rel: &Path, src: Arc<SourceText>, diags: &mut Diagnostics) -> Option<Document> {
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let stem = rel_str.trim_end_matches(".md");
    let (key, lang) = match stem.rsplit_once('.') {
        Some((base, suffix)) if suffix.len() == 2 && suffix.bytes().all(|b| b.is_ascii_lowercase()) => {
            match Lang::from_code(suffix) {
                Some(lang) => (base.to_string(), lang),
                None => {
                    diags.push(src.at(0, format!("unknown language suffix '.{suffix}': use x.md for Thai and x.en.md for English")));
                    return None;
                }
            }
        }
        _ => (stem.to_string(), Lang::Th),
    };
    let (front, body_start) = match split_front_matter(&src.text) {
        Ok(split) => split,
        Err(message) => {
            diags.push(src.at(0, message));
            return None;
        }
    };
    Some(Document { key: PageKey(key), lang, src, front, body_start })
}

/// Finds the TOML between a first line `+++` and the next line `+++`; returns its range and the
/// body's start. Accepts `\r\n` line endings and a leading byte-order mark.
pub fn split_front_matter(text: &str) -> Result<(Range<usize>, usize), &'static str> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = text[start..].split_inclusive('\n').scan(start, |pos, line| {
        let at = *pos;
        *pos += line.len();
        Some((at, line))
    });
    match lines.next() {
        Some((_, first)) if first.trim_end() == "+++" => {}
        _ => return Err("missing front matter: a page starts with a line '+++', its TOML fields, and a closing '+++' line"),
    }
    let front_start = start + text[start..].find('\n').map_or(text.len() - start, |i| i + 1);
    for (at, line) in lines {
        if line.trim_end() == "+++" {
            return Ok((front_start..at, at + line.len()));
        }
    }
    Err("front matter is not closed: add a line '+++' after its TOML fields")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf() {
        let text = "+++\r\ntitle = 'x'\r\n+++\r\nbody\r\n";
        let (front, body) = split_front_matter(text).unwrap();
        assert_eq!(&text[front], "title = 'x'\r\n");
        assert_eq!(&text[body..], "body\r\n");
    }

    #[test]
    fn rejects_missing_and_unclosed_front_matter() {
        assert!(split_front_matter("# title\n").is_err());
        assert!(split_front_matter("+++\ntitle = 'x'\n").is_err());
    }

    #[test]
    fn ignores_editor_files() {
        for name in [".x.md.swp", "x.md~", "4913", ".#x.md", "x.md.tmp"] {
            assert!(is_ignored(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!is_ignored(std::ffi::OsStr::new("x.en.md")));
    }
}
