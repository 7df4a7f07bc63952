//! Stage 4, render Markdown: CommonMark with tables, footnotes and strikethrough through
//! pulldown-cmark; `:::` container blocks (resolutions, considerations, notes); readable heading
//! ids (Thai kept as Thai), a table of contents; highlighted code; and `@/path` links and images
//! resolved to relative URLs in the page's language.

use crate::blocks::{self, Block, ContainerKind};
use crate::diagnostics::{Diagnostics, SourceText};
use crate::highlight::{escape, Highlighter};
use crate::lang::Lang;
use crate::resolve::Site;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use crate::refs::Ref;
use std::ops::Range;

/// A heading in the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// `###` headings under a `##` heading.
    pub children: Vec<TocEntry>,
}

/// A resolution block of the body, with the agenda item (the `##`/`###` heading) above it.
#[derive(Debug, Clone, Serialize)]
pub struct ResolutionRef {
    pub id: String,
    pub html: String,
    pub agenda: Option<TocEntry>,
}

/// A reference written in a body: where it points, where it is written, and the agenda item or
/// resolution it is written in.
#[derive(Debug, Clone)]
pub struct RefUse {
    /// The reference as written (its kind kept for messages).
    pub target: Ref,
    /// Byte offset in the source file.
    pub at: usize,
    pub from: Option<String>,
}

/// A page body rendered to HTML.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub resolutions: Vec<ResolutionRef>,
    /// Every id the body defines (headings and blocks), for checking `#anchor` links.
    pub anchors: Vec<String>,
    #[serde(skip)]
    pub refs: Vec<RefUse>,
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
    /// Ids the page's template or front matter already uses.
    pub reserved: &'a [String],
    /// HTML to add after the heading or inside the block with a given id (editors' annotations).
    pub annotations: &'a HashMap<String, String>,
    /// Shown after a link whose target exists only in the other language.
    pub fallback_marker: &'a str,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body; problems (unknown link targets, duplicate anchors, bad blocks) go to `diags`.
pub fn render(cx: &Context, body: &str, diags: &mut Diagnostics) -> Rendered {
    let (blocks, problems) = blocks::split(body);
    for (at, message) in problems {
        diags.push(cx.src.at(cx.body_start + at, message));
    }
    let mut renderer = Renderer {
        cx,
        body,
        diags,
        ids: cx.reserved.iter().cloned().collect(),
        agenda: None,
        in_resolution: None,
        out: Rendered { html: String::with_capacity(body.len() * 3 / 2), ..Rendered::default() },
    };
    renderer.blocks(&blocks);
    renderer.out
}

struct Renderer<'a, 'd> {
    cx: &'a Context<'a>,
    body: &'a str,
    diags: &'d mut Diagnostics,
    ids: HashSet<String>,
    /// The latest `##`/`###` heading: the agenda item that following resolutions belong to.
    agenda: Option<TocEntry>,
    /// The resolution block being rendered, if any.
    in_resolution: Option<String>,
    out: Rendered,
}

impl Renderer<'_, '_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Markdown(range) => self.markdown(range.clone()),
                Block::Container { kind, id, at, children } => self.container(*kind, id.as_deref(), *at, children),
            }
        }
    }

    fn claim_id(&mut self, id: &str, at: usize) {
        if !self.ids.insert(id.to_string()) {
            self.diags.push(self.cx.src.at(self.cx.body_start + at, format!("duplicate anchor id '{id}' in this page")));
        }
        self.out.anchors.push(id.to_string());
    }

    fn container(&mut self, kind: ContainerKind, id: Option<&str>, at: usize, children: &[Block]) {
        if let Some(id) = id {
            self.claim_id(id, at);
        }
        let id_attr = id.map(|i| format!(" id=\"{}\"", escape(i))).unwrap_or_default();
        self.out.html.push_str(&format!("<div class=\"{}\"{id_attr}>\n", kind.class()));
        let start = self.out.html.len();
        let outer = self.in_resolution.take();
        if kind == ContainerKind::Resolution {
            self.in_resolution = id.map(str::to_string);
        }
        self.blocks(children);
        self.in_resolution = outer;
        if let Some(note) = id.and_then(|id| self.cx.annotations.get(id)) {
            self.out.html.push_str(note);
        }
        if let (ContainerKind::Resolution, Some(id)) = (kind, id) {
            let html = self.out.html[start..].to_string();
            self.out.resolutions.push(ResolutionRef { id: id.to_string(), html, agenda: self.agenda.clone() });
        }
        self.out.html.push_str("</div>\n");
    }

    fn markdown(&mut self, range: Range<usize>) {
        let base = range.start;
        let text = &self.body[range];
        let mut events: Vec<Event> = Vec::new();
        let mut heading: Option<(usize, Option<CowStr>, Vec<CowStr>)> = None;
        let mut code: Option<(String, String)> = None;
        let mut pending: Option<Link> = None;
        for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { id, classes, .. }) => {
                    heading = Some((events.len(), id, classes));
                    events.push(Event::Text(CowStr::Borrowed(""))); // replaced by the start tag
                }
                Event::End(TagEnd::Heading(level)) => {
                    let (start, explicit, classes) = heading.take().expect("heading end follows its start");
                    let title = plain_text(&events[start + 1..]);
                    let id = match explicit {
                        Some(id) => {
                            self.claim_id(&id, base + span.start);
                            id.to_string()
                        }
                        None => {
                            let id = unique_id(&slug(&title), &mut self.ids);
                            self.out.anchors.push(id.clone());
                            id
                        }
                    };
                    let class = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
                    events[start] = Event::Html(format!("<{level} id=\"{}\"{class}>", escape(&id)).into());
                    events.push(Event::Html(format!("</{level}>").into()));
                    if let Some(note) = self.cx.annotations.get(&id) {
                        events.push(Event::Html(note.clone().into()));
                    }
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        let entry = TocEntry { level: level as u8, id, title, children: Vec::new() };
                        self.agenda = Some(entry.clone());
                        match self.out.toc.last_mut() {
                            Some(parent) if level == HeadingLevel::H3 && parent.level == 2 => parent.children.push(entry),
                            _ => self.out.toc.push(entry),
                        }
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                Event::Text(t) if code.is_some() => code.as_mut().expect("checked").1.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code_text) = code.take().expect("code block end follows its start");
                    let class = if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(&lang)) };
                    let inner = self.cx.highlighter.highlight(&code_text, &lang);
                    events.push(Event::Html(format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{inner}</code></pre>\n").into()));
                }
                Event::Start(Tag::Link { dest_url, title, .. }) if dest_url.starts_with('@') => {
                    let link = self.reference(&dest_url, text, base, span);
                    let title_attr = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&title)) };
                    let lang_attr = link.fallback.map(|l| format!(" hreflang=\"{l}\" lang=\"{l}\"")).unwrap_or_default();
                    events.push(Event::Html(format!("<a href=\"{}\"{title_attr}{lang_attr}>", escape(&link.href)).into()));
                    pending = Some(link);
                }
                Event::End(TagEnd::Link) if pending.is_some() => {
                    let link = pending.take().expect("checked");
                    if link.empty {
                        events.push(Event::Text(link.title.into()));
                    }
                    events.push(Event::End(TagEnd::Link));
                    if link.fallback.is_some() {
                        events.push(Event::Html(format!(" <span class=\"lang-fallback\">{}</span>", escape(self.cx.fallback_marker)).into()));
                    }
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) if dest_url.starts_with("@/") => {
                    let dest = self.asset(&dest_url, text, base, span);
                    events.push(Event::Start(Tag::Image { link_type, dest_url: dest.into(), title, id }));
                }
                other => {
                    if let Some(link) = pending.as_mut() {
                        link.empty = false;
                    }
                    events.push(other)
                }
            }
        }
        pulldown_cmark::html::push_html(&mut self.out.html, events.into_iter());
    }

    /// Where in the file a link's target is written: in its parentheses, or on its reference
    /// definition's line.
    fn locate(&self, dest: &str, text: &str, base: usize, span: &Range<usize>) -> usize {
        let at = text[span.clone()]
            .rfind(dest)
            .map(|i| span.start + i)
            .or_else(|| text.find(&format!("]: {dest}")).map(|i| i + 3))
            .unwrap_or(span.start);
        self.cx.body_start + base + at
    }

    /// An `@/file` that is not a page (an image, a PDF), as a relative URL.
    fn asset(&mut self, dest: &str, text: &str, base: usize, span: Range<usize>) -> String {
        match self.cx.site.asset(&dest[2..]) {
            Ok(path) => format!("{}{path}", self.cx.root),
            Err(message) => {
                let at = self.locate(dest, text, base, &span);
                self.diags.push(self.cx.src.at(at, message));
                "#".to_string()
            }
        }
    }

    /// A reference (`@competency/x`, `@/path.md#a`): its URL and title in the reader's language,
    /// recorded for anchor checks and the reference graph; an unknown target is reported.
    fn reference(&mut self, dest: &str, text: &str, base: usize, span: Range<usize>) -> Link {
        let at = self.locate(dest, text, base, &span);
        let path_part = dest.split('#').next().unwrap_or(dest);
        if dest.starts_with("@/") && !path_part.ends_with(".md") {
            let href = self.asset(dest, text, base, span);
            return Link { href, title: dest[2..].to_string(), fallback: None, empty: true };
        }
        let resolved = Ref::parse(dest).and_then(|r| self.cx.site.resolve_ref(&r, self.cx.lang).map(|t| (r, t)));
        match resolved {
            Ok((r, target)) => {
                let lang = target.page.lang;
                let title = r
                    .anchor
                    .as_deref()
                    .and_then(|a| self.cx.site.item_title(&target.page.key, lang, a))
                    .unwrap_or(&target.page.title)
                    .to_string();
                self.out.refs.push(RefUse {
                    target: r.clone(),
                    at,
                    from: self.in_resolution.clone().or_else(|| self.agenda.as_ref().map(|a| a.id.clone())),
                });
                Link { href: format!("{}{}", self.cx.root, target.path()), title, fallback: target.fallback.then_some(lang), empty: true }
            }
            Err(message) => {
                self.diags.push(self.cx.src.at(at, message));
                Link { href: "#".into(), title: dest.to_string(), fallback: None, empty: true }
            }
        }
    }
}

/// A reference link being rendered.
struct Link {
    href: String,
    title: String,
    /// The language of the target when it is the reader's other language.
    fallback: Option<Lang>,
    /// No text was written between `[` and `]`: the target's title is used.
    empty: bool,
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
