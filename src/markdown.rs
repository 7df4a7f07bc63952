//! Stage 4, render Markdown: CommonMark with tables, footnotes and strikethrough through
//! pulldown-cmark; readable heading ids (Thai kept as Thai), a table of contents, highlighted
//! code, and `@/path.md` links resolved to relative URLs in the page's language.

use crate::diagnostics::{Diagnostics, SourceText};
use crate::highlight::{escape, Highlighter};
use crate::lang::Lang;
use crate::resolve::Site;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

/// A heading in the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page body rendered to HTML.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// What the renderer needs to know about the page being rendered.
pub struct Context<'a> {
    pub site: &'a Site,
    pub highlighter: &'a Highlighter,
    pub lang: Lang,
    /// Relative path from the page to the site root (`../../`).
    pub root: &'a str,
    pub src: &'a SourceText,
    /// Byte offset of the body in `src`.
    pub body_start: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body; problems (unknown link targets, duplicate anchors) go to `diags`.
pub fn render(cx: &Context, body: &str, diags: &mut Diagnostics) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut toc = Vec::new();
    let mut ids = HashSet::new();
    let mut heading: Option<(usize, HeadingLevel, Option<CowStr>, Vec<CowStr>)> = None;
    let mut code: Option<(String, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let at = cx.body_start + range.start;
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                heading = Some((events.len(), level, id, classes));
                events.push(Event::Text(CowStr::Borrowed(""))); // placeholder for the start tag
            }
            Event::End(TagEnd::Heading(level)) => {
                let (start, _, explicit, classes) = heading.take().expect("heading end follows its start");
                let text = plain_text(&events[start + 1..]);
                let id = match explicit {
                    Some(id) => {
                        if !ids.insert(id.to_string()) {
                            diags.push(cx.src.at(at, format!("duplicate anchor id '{id}' in this page")));
                        }
                        id.to_string()
                    }
                    None => unique_id(&slug(&text), &mut ids),
                };
                let class = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
                events[start] = Event::Html(format!("<{level} id=\"{}\"{class}>", escape(&id)).into());
                events.push(Event::Html(format!("</{level}>").into()));
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    toc.push(TocEntry { level: level as u8, id, title: text });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(text) if code.is_some() => code.as_mut().expect("checked").1.push_str(&text),
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = code.take().expect("code block end follows its start");
                let class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(&lang)) };
                let inner = cx.highlighter.highlight(&text, &lang);
                events.push(Event::Html(format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{inner}</code></pre>\n").into()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) if dest_url.starts_with("@/") => {
                let dest = match cx.site.resolve_link(&dest_url[2..], cx.lang) {
                    Ok((page, fragment)) => {
                        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
                        format!("{}{}{frag}", cx.root, page.path)
                    }
                    Err(message) => {
                        let link_at = body[range.clone()].find("@/").map_or(at, |i| at + i);
                        diags.push(cx.src.at(link_at, message));
                        "#".to_string()
                    }
                };
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id }));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, toc }
}

/// The text of inline events, for heading ids and the table of contents.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            text.push_str(t);
        }
    }
    text.trim().to_string()
}

/// An anchor id from heading text: lower case, words joined by `-`, punctuation dropped, Thai
/// letters, vowels, tone marks and digits kept as they are (never transliterated).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let thai_punctuation = matches!(c, '\u{0E2F}' | '\u{0E4F}' | '\u{0E5A}' | '\u{0E5B}');
        if (c.is_alphanumeric() || ('\u{0E00}'..='\u{0E7F}').contains(&c)) && !thai_punctuation {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn unique_id(base: &str, ids: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_thai_readable() {
        assert_eq!(slug("๑. ความเป็นมา"), "๑-ความเป็นมา");
        assert_eq!(slug("เปลี่ยนแปลงทันการณ์ (Change)"), "เปลี่ยนแปลงทันการณ์-change");
        assert_eq!(slug("What is expected of me?"), "what-is-expected-of-me");
        assert_eq!(slug("ฯลฯ"), "ล");
        assert_eq!(slug("!!!"), "section");
    }

    #[test]
    fn duplicate_slugs_get_suffixes() {
        let mut ids = HashSet::new();
        assert_eq!(unique_id("a", &mut ids), "a");
        assert_eq!(unique_id("a", &mut ids), "a-1");
        assert_eq!(unique_id("a", &mut ids), "a-2");
    }
}
