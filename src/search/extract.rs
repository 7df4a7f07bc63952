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

/// An element the walker has entered.
struct Open {
    tag: String,
    /// An `h2`/`h3`: the agenda-level headings that elements with an id below them belong to.
    major: bool,
    /// The section to return to when this element closes (elements with an id).
    restore: Option<usize>,
    skip: bool,
    heading: bool,
}

const VOID: [&str; 14] = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"];
const SKIPPED: [&str; 6] = ["nav", "script", "style", "template", "select", "button"];
const BLOCKS: [&str; 18] =
    ["p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "br", "section", "blockquote", "caption"];

/// The sections of the `<main>` element of `html` (the whole document if it has none).
pub fn sections(html: &str) -> Vec<Section> {
    let start = html.find("<main").unwrap_or(0);
    let end = html.rfind("</main>").map_or(html.len(), |e| e + "</main>".len());
    let mut walker = Walker { sections: vec![Section { anchor: None, heading: String::new(), text: String::new() }], current: 0, stack: Vec::new(), heading_text: None, major: String::new() };
    walker.walk(&html[start..end.max(start)]);
    walker.sections.into_iter().filter(|s| !s.text.trim().is_empty()).map(|mut s| {
        s.text = collapse(&s.text);
        s.heading = collapse(&s.heading);
        s
    }).collect()
}

struct Walker {
    sections: Vec<Section>,
    current: usize,
    stack: Vec<Open>,
    /// The text of the heading being read.
    heading_text: Option<String>,
    /// The latest `h2`/`h3` heading, which an element with an id (a resolution) belongs to.
    major: String,
}

impl Walker {
    fn skipping(&self) -> bool {
        self.stack.iter().any(|o| o.skip)
    }

    fn walk(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            } else if rest.starts_with('<') {
                let end = tag_end(rest);
                self.tag(&rest[1..end.saturating_sub(1).max(1)]);
                rest = &rest[end..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                if !self.skipping() {
                    let text = decode(&rest[..end]);
                    self.sections[self.current].text.push_str(&text);
                    if let Some(h) = self.heading_text.as_mut() {
                        h.push_str(&text);
                    }
                }
                rest = &rest[end..];
            }
        }
    }

    fn tag(&mut self, inner: &str) {
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if BLOCKS.contains(&name.as_str()) {
                self.sections[self.current].text.push(' ');
            }
            if let Some(pos) = self.stack.iter().rposition(|o| o.tag == name) {
                for open in self.stack.drain(pos..).rev().collect::<Vec<_>>() {
                    if open.heading {
                        if let Some(h) = self.heading_text.take() {
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
        let name: String = inner.chars().take_while(|c| !c.is_whitespace() && *c != '/').collect::<String>().to_ascii_lowercase();
        if name.starts_with('!') || name.starts_with('?') {
            return;
        }
        if BLOCKS.contains(&name.as_str()) {
            self.sections[self.current].text.push(' ');
        }
        if VOID.contains(&name.as_str()) || self_closing {
            return;
        }
        let id = attr(inner, "id");
        let skip = SKIPPED.contains(&name.as_str()) || attr(inner, "data-search").as_deref() == Some("skip") || attr(inner, "aria-hidden").as_deref() == Some("true");
        let heading = matches!(name.as_str(), "h2" | "h3" | "h4" | "h5" | "h6");
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
        let major = matches!(name.as_str(), "h2" | "h3");
        self.stack.push(Open { tag: name, major, restore, skip, heading });
    }
}

/// The length of the tag at the start of `html` (up to and including `>`), quotes respected.
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The value of attribute `name` in a tag's inside (`td id="x" class="y"`), entities decoded.
fn attr(inner: &str, name: &str) -> Option<String> {
    let mut rest = inner;
    while let Some(pos) = rest.find(name) {
        let before = rest[..pos].chars().last();
        let after = &rest[pos + name.len()..];
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.trim_start().strip_prefix('=') {
                let value = value.trim_start();
                let (quote, body) = match value.chars().next() {
                    Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
                    _ => (None, value),
                };
                let end = match quote {
                    Some(q) => body.find(q).unwrap_or(body.len()),
                    None => body.find(char::is_whitespace).unwrap_or(body.len()),
                };
                return Some(decode(&body[..end]));
            }
        }
        rest = after;
    }
    None
}

/// Decodes the character references the generator writes (`&amp;`, `&#39;`, `&#x2F;`, …).
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
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
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
