//! TOML parsing into typed structs, turning serde errors into `file:line:col` diagnostics.

use crate::diagnostics::{did_you_mean, Diagnostic, SourceText};
use serde::de::DeserializeOwned;

/// Parses `text`, which starts at byte `base` of `src`, into `T`; an error is located in `src`.
pub fn parse_toml<T: DeserializeOwned>(src: &SourceText, base: usize, text: &str) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let offset = base + e.span().map_or(0, |s| s.start);
        src.at(offset, explain(e.message()))
    })
}

/// Rewrites serde's messages into ones an editor can act on.
fn explain(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // "unknown field `titel`, expected one of `title`, `weight`"
        let mut parts = rest.split('`');
        let field = parts.next().unwrap_or_default();
        let expected: Vec<&str> = parts.skip(1).step_by(2).collect();
        let hint = did_you_mean(field, expected.iter().copied());
        return if expected.is_empty() {
            format!("unknown field '{field}'")
        } else {
            format!("unknown field '{field}'{hint}; expected one of: {}", expected.join(", "))
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        // "unknown variant `hybird`, expected one of `on-site`, `online`, `hybrid`"
        let mut parts = rest.split('`');
        let value = parts.next().unwrap_or_default();
        let expected: Vec<&str> = parts.skip(1).step_by(2).collect();
        let hint = did_you_mean(value, expected.iter().copied());
        return format!("unknown value '{value}'{hint}; expected one of: {}", expected.join(", "));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("missing required field '{field}'");
    }
    let message = message.replace('`', "'");
    if message.starts_with("invalid type") || message.starts_with("invalid value") || message.starts_with("invalid length") {
        return message;
    }
    format!("invalid TOML: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        weight: Option<i64>,
    }

    fn err(text: &str) -> Diagnostic {
        let src = SourceText::new("x.md", format!("+++\n{text}+++\n"));
        parse_toml::<Front>(&src, 4, text).unwrap_err()
    }

    #[test]
    fn unknown_field_names_field_line_and_suggestion() {
        let d = err("title = \"a\"\ntitel = \"b\"\n");
        assert_eq!((d.line, d.col), (3, 1));
        assert!(d.message.starts_with("unknown field 'titel' (did you mean 'title'?)"), "{}", d.message);
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Mode {
        OnSite,
        Online,
    }

    #[test]
    fn unknown_enum_value_gets_a_suggestion() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct M {
            mode: Mode,
        }
        let src = SourceText::new("m.md", "mode = \"onsite\"\n".to_string());
        let d = parse_toml::<M>(&src, 0, &src.text).unwrap_err();
        assert_eq!(d.message, "unknown value 'onsite' (did you mean 'on-site'?); expected one of: on-site, online");
        assert_eq!((d.line, d.col), (1, 8));
    }

    #[test]
    fn missing_field_is_named() {
        let d = err("weight = 1\n");
        assert_eq!(d.message, "missing required field 'title'");
    }

    #[test]
    fn syntax_error_is_located() {
        let d = err("title = \"a\"\nweight = = 2\n");
        assert_eq!(d.line, 3);
        assert!(d.message.starts_with("invalid TOML"), "{}", d.message);
    }
}
