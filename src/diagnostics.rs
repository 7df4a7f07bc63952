//! Content diagnostics: `file:line:col: message`, collected so one run reports every error.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a content, data or config file, at a 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.col, self.message)
    }
}

/// All diagnostics of a run, in file and line order once sorted.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics sorted by file, line and column, duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// The text of a source file with its line starts, to turn byte offsets into line and column.
#[derive(Debug)]
pub struct SourceText {
    /// Path as shown to the user (relative to the site root).
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceText { path: path.into(), text, line_starts }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and column (counted in characters) of a byte offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// A diagnostic at a byte offset of this file.
    pub fn at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(offset);
        Diagnostic { file: self.path.clone(), line, col, message: message.into() }
    }
}

/// The known name closest to `unknown`, if one is close enough to be a likely typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(unknown, k), k))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// `" (did you mean 'x'?)"` when a close known name exists, else an empty string.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(unknown, known).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let src = SourceText::new("a.md", "+++\nชื่อ = 1\nx".to_string());
        assert_eq!(src.locate(0), (1, 1));
        assert_eq!(src.locate(4), (2, 1));
        // "ชื่อ " is 5 characters but 15 bytes: the '=' is in column 6.
        let eq = src.text.find('=').unwrap();
        assert_eq!(src.locate(eq), (2, 6));
        assert_eq!(src.locate(src.text.len()), (3, 2));
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["collaboration", "change", "value-people"];
        assert_eq!(closest("colaboration", known), Some("collaboration"));
        assert_eq!(closest("xyz", known), None);
    }
}
