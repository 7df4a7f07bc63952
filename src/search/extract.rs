//! Reads the text a reader sees from a rendered page's `<main>`, split into sections at the
//! elements that carry an id: a heading's section runs to the next heading or to the end of the
//! element around it, an element with an id (a strategy item's cell, a resolution block) is a
//! section of its own. Navigation (`<nav>`),
//! scripts and elements marked `data-search="skip"` are left out.

/// A part of a page that a search result can link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The id to link to (`resolution-3-1`), `None` for the top of the page.
    pub anchor: Option<String>,
    /// The heading in effect: the section's own heading, or the one above its element.
    pub heading: String,
    /// The section's text, whitespace collapsed; starts with its heading when it has one.
    pub text: String,
}

use std::borrow::Cow;

/// An element the walker has entered.
struct Open<'h> {
    tag: Cow<'h, str>,
    /// An `h2`/`h3`: the agenda-level headings that elements with an id below them belong to.
    major: bool,
    /// The section to return to when this element closes (elements with an id).
    restore: Option<usize>,
    skip: bool,
    heading: bool,
}

/// Elements without content or end tag.
fn is_void(name: &str) -> bool {
    matches!(name, "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta" | "source" | "track" | "wbr" | "param")
}

/// Elements whose text is not searched.
fn is_skipped(name: &str) -> bool {
    matches!(name, "nav" | "script" | "style" | "template" | "select" | "button")
}

/// Elements that end a word: their text does not run on into the text around them.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "li" | "td" | "th" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" | "dd" | "br" | "section" | "blockquote" | "caption"
    )
}

/// The sections of the `<main>` element of `html` (the whole document if it has none).
pub fn sections(html: &str) -> Vec<Section> {
    let start = memchr::memmem::find(html.as_bytes(), b"<main").unwrap_or(0);
    let end = memchr::memmem::rfind(html.as_bytes(), b"</main>").map_or(html.len(), |e| e + "</main>".len());
    let mut walker = Walker {
        sections: vec![Section { anchor: None, heading: String::new(), text: String::new() }],
        current: 0,
        stack: Vec::new(),
        skipped: 0,
        heading_text: None,
        major: String::new(),
    };
    walker.walk(&html[start..end.max(start)]);
    // Texts are collapsed as they are read ([`append_collapsed`]): only a last space is left.
    walker
        .sections
        .into_iter()
        .filter_map(|mut s| {
            trim_space(&mut s.text);
            trim_space(&mut s.heading);
            (!s.text.is_empty()).then_some(s)
        })
        .collect()
}

struct Walker<'h> {
    sections: Vec<Section>,
    current: usize,
    stack: Vec<Open<'h>>,
    /// How many elements on the stack are skipped.
    skipped: usize,
    /// The text of the heading being read.
    heading_text: Option<String>,
    /// The latest `h2`/`h3` heading, which an element with an id (a resolution) belongs to.
    major: String,
}

impl<'h> Walker<'h> {
    fn skipping(&self) -> bool {
        self.skipped > 0
    }

    fn walk(&mut self, html: &'h str) {
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            } else if rest.starts_with('<') {
                let end = tag_end(rest);
                self.tag(&rest[1..end.saturating_sub(1).max(1)]);
                rest = &rest[end..];
            } else {
                let end = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
                if !self.skipping() {
                    let text = decode(&rest[..end]);
                    append_collapsed(&mut self.sections[self.current].text, &text);
                    if let Some(h) = self.heading_text.as_mut() {
                        append_collapsed(h, &text);
                    }
                }
                rest = &rest[end..];
            }
        }
    }

    fn tag(&mut self, inner: &'h str) {
        if let Some(name) = inner.strip_prefix('/') {
            let name = lowercase(name.trim());
            if is_block(&name) {
                space(&mut self.sections[self.current].text);
            }
            if let Some(pos) = self.stack.iter().rposition(|o| o.tag == name) {
                while self.stack.len() > pos {
                    let open = self.stack.pop().expect("longer than pos");
                    if open.skip {
                        self.skipped -= 1;
                    }
                    if open.heading {
                        if let Some(mut h) = self.heading_text.take() {
                            trim_space(&mut h);
                            if open.major {
                                self.major = h.clone();
                            }
                            self.sections[self.current].heading = h;
                        }
                    }
                    if let Some(back) = open.restore {
                        self.current = back;
                    }
                }
            }
            return;
        }
        let self_closing = inner.ends_with('/');
        let name = lowercase(&inner[..inner.bytes().position(|b| b.is_ascii_whitespace() || b == b'/').unwrap_or(inner.len())]);
        if name.starts_with('!') || name.starts_with('?') {
            return;
        }
        if is_block(&name) {
            space(&mut self.sections[self.current].text);
        }
        if is_void(&name) || self_closing {
            return;
        }
        let (mut id, mut skip) = (None, is_skipped(&name));
        for (attribute, value) in attributes(inner) {
            match attribute {
                "id" => id = Some(decode(value).into_owned()),
                "data-search" => skip |= decode(value) == "skip",
                "aria-hidden" => skip |= decode(value) == "true",
                _ => {}
            }
        }
        let heading = matches!(&*name, "h2" | "h3" | "h4" | "h5" | "h6");
        let mut restore = None;
        if let (Some(id), false) = (id.filter(|_| name != "main"), skip || self.skipping()) {
            if heading {
                // A heading's section ends with the element around the heading.
                if let Some(parent) = self.stack.last_mut() {
                    parent.restore.get_or_insert(self.current);
                }
                self.heading_text = Some(String::new());
            } else {
                restore = Some(self.current);
            }
            let inherited = if heading { String::new() } else { self.major.clone() };
            self.sections.push(Section { anchor: Some(id), heading: inherited, text: String::new() });
            self.current = self.sections.len() - 1;
        }
        let major = matches!(&*name, "h2" | "h3");
        self.skipped += usize::from(skip);
        self.stack.push(Open { tag: name, major, restore, skip, heading });
    }
}

/// The length of the tag at the start of `html` (up to and including `>`), quotes respected.
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, &b) in html.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The attributes of a tag's inside (`td id="x" class="y"`): names and raw values (`""` for an
/// attribute without a value).
fn attributes(inner: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = inner.find(|c: char| c.is_whitespace()).map_or("", |i| &inner[i..]);
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let name = &rest[..end];
        rest = rest[end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else { return Some((name, "")) };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        rest = next;
        Some((name, value))
    })
}

/// A tag name in lower case, borrowed when it already is.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Decodes the character references the generator writes (`&amp;`, `&#39;`, `&#x2F;`, …).
fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Appends `text` to `out` with its whitespace collapsed: `out` holds words separated by single
/// spaces, and at most a space at its end, which [`trim_space`] removes once it is complete.
/// Whitespace is Unicode's (`char::is_whitespace`), found byte by byte: only ASCII whitespace
/// and the first bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000 need a look, and no
/// byte inside a character is one of those.
fn append_collapsed(out: &mut String, text: &str) {
    const fn may_start_whitespace() -> [bool; 256] {
        let mut table = [false; 256];
        let bytes = [b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3];
        let mut i = 0;
        while i < bytes.len() {
            table[bytes[i] as usize] = true;
            i += 1;
        }
        table
    }
    static MAY_START_WHITESPACE: [bool; 256] = may_start_whitespace();
    let bytes = text.as_bytes();
    let (mut word, mut i) = (0, 0);
    while let Some(at) = bytes[i..].iter().position(|&b| MAY_START_WHITESPACE[usize::from(b)]) {
        i += at;
        let c = text[i..].chars().next().expect("a character starts here");
        if c.is_whitespace() {
            out.push_str(&text[word..i]);
            space(out);
            word = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(&text[word..]);
}

/// Ends the word at the end of `out`, if any.
fn space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

fn trim_space(text: &mut String) {
    if text.ends_with(' ') {
        text.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_headings_and_elements_with_ids() {
        let html = r##"<header>x</header><main id="main"><nav><a>skip me</a></nav><h1>Title</h1><p>Intro &amp; more</p>
            <h2 id="agenda-3">Agenda 3</h2><p>Talk</p><div class="considerations"><h4 id="c-3">Points</h4><p>Point</p></div><div class="resolution" id="resolution-3-1"><p>Resolved</p></div><p>After</p>
            <table><tr><td id="goal-1"><span data-search="skip">Goal</span> Build <a class="anchor" href="#goal-1">#</a></td></tr></table></main>"##;
        let s = sections(html);
        let view: Vec<(Option<&str>, &str, &str)> = s.iter().map(|s| (s.anchor.as_deref(), s.heading.as_str(), s.text.as_str())).collect();
        assert_eq!(
            view,
            [
                (None, "", "Title Intro & more"),
                (Some("agenda-3"), "Agenda 3", "Agenda 3 Talk After"),
                (Some("c-3"), "Points", "Points Point"),
                (Some("resolution-3-1"), "Agenda 3", "Resolved"),
                (Some("goal-1"), "Agenda 3", "Build #"),
            ]
        );
    }
}
