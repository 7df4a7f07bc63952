//! Syntax highlighting of fenced code blocks with syntect, into `hl-*` CSS classes (no inline
//! styles). The syntax set (syntect's defaults plus bat's extra syntaxes from `two-face`, which
//! include TOML) is loaded once, and only when a page has a code block.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Owns the lazily loaded syntax definitions; one per build context, shared by all threads.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    /// HTML for the body of a `<code>` element: highlighted spans when `lang` is a known syntax,
    /// the escaped text otherwise.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let lang = lang.trim();
        if lang.is_empty() || lang == "text" {
            return escape(code);
        }
        let set = self.syntaxes();
        let Some(syntax) = set.find_syntax_by_token(lang) else {
            return escape(code);
        };
        let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
        for line in LinesWithEndings::from(code) {
            if html.parse_html_for_line_which_includes_newline(line).is_err() {
                return escape(code);
            }
        }
        html.finalize()
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_gets_classes_not_styles() {
        let h = Highlighter::default();
        let html = h.highlight("title = \"<x>\"\n", "toml");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(html.contains("&lt;x&gt;"));
        assert_eq!(h.highlight("<b>", "no-such-lang"), "&lt;b&gt;");
    }
}
