//! Container blocks in Markdown bodies: `::: resolution {#id}` … `:::` and friends, found line by
//! line (outside fenced code) before the Markdown inside them is rendered.

use std::ops::Range;

/// The kinds of container an editor may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// มติ: a committee's resolution; needs an id.
    Resolution,
    /// ประเด็นสำคัญในการพิจารณา: the committee's considerations.
    Considerations,
    /// A boxed note.
    Note,
}

impl ContainerKind {
    pub const NAMES: [&'static str; 3] = ["resolution", "considerations", "note"];

    fn from_name(name: &str) -> Option<ContainerKind> {
        match name {
            "resolution" => Some(ContainerKind::Resolution),
            "considerations" => Some(ContainerKind::Considerations),
            "note" => Some(ContainerKind::Note),
            _ => None,
        }
    }

    /// The CSS class of the rendered `<div>`.
    pub fn class(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A piece of a body: Markdown text, or a container holding more pieces.
#[derive(Debug, PartialEq)]
pub enum Block {
    Markdown(Range<usize>),
    Container { kind: ContainerKind, id: Option<String>, at: usize, children: Vec<Block> },
}

/// A problem found while splitting, at a byte offset of the body.
pub type Problem = (usize, String);

struct Frame {
    kind: Option<ContainerKind>,
    id: Option<String>,
    at: usize,
    blocks: Vec<Block>,
    segment_start: usize,
}

impl Frame {
    fn end_segment(&mut self, end: usize, body: &str) {
        if body[self.segment_start..end].trim().is_empty() {
            return;
        }
        self.blocks.push(Block::Markdown(self.segment_start..end));
    }
}

/// Splits a body into blocks; unknown, unclosed or stray container lines are reported.
pub fn split(body: &str) -> (Vec<Block>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut stack = vec![Frame { kind: None, id: None, at: 0, blocks: Vec::new(), segment_start: 0 }];
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let (start, end) = (offset, offset + line.len());
        offset = end;
        let text = line.trim_end();
        let indent = text.len() - text.trim_start().len();
        let trimmed = text.trim_start();
        if indent > 3 {
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = match fence {
                None => Some(marker),
                Some((c, n)) if marker.0 == c && marker.1 >= n && trimmed.trim_start_matches(c).trim().is_empty() => None,
                open => open,
            };
            continue;
        }
        if fence.is_some() || !trimmed.starts_with(":::") {
            continue;
        }
        let rest = trimmed.trim_start_matches(':').trim();
        let top = stack.last_mut().expect("the root frame stays");
        top.end_segment(start, body);
        if rest.is_empty() {
            if stack.len() == 1 {
                problems.push((start, "':::' closes no open block".to_string()));
            } else {
                close(&mut stack);
            }
            stack.last_mut().expect("root").segment_start = end;
            continue;
        }
        let (name, attrs) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let kind = ContainerKind::from_name(name);
        if kind.is_none() {
            let hint = crate::diagnostics::did_you_mean(name, ContainerKind::NAMES);
            problems.push((start, format!("unknown block '{name}'{hint}; known: {}", ContainerKind::NAMES.join(", "))));
        }
        let id = match parse_id(attrs.trim()) {
            Ok(id) => id,
            Err(message) => {
                problems.push((start, message));
                None
            }
        };
        if kind == Some(ContainerKind::Resolution) && id.is_none() {
            problems.push((start, "a resolution needs an id: '::: resolution {#resolution-1}'".to_string()));
        }
        stack.push(Frame { kind: kind.or(Some(ContainerKind::Note)), id, at: start, blocks: Vec::new(), segment_start: end });
    }
    stack.last_mut().expect("root").end_segment(body.len(), body);
    while stack.len() > 1 {
        let at = stack.last().expect("non-root").at;
        problems.push((at, "this block is never closed: add a line ':::' after its content".to_string()));
        close(&mut stack);
    }
    (stack.pop().expect("root").blocks, problems)
}

fn close(stack: &mut Vec<Frame>) {
    let frame = stack.pop().expect("non-root frame");
    let block = Block::Container { kind: frame.kind.expect("non-root"), id: frame.id, at: frame.at, children: frame.blocks };
    stack.last_mut().expect("root").blocks.push(block);
}

/// ```` ``` ```` or `~~~` (3 or more) opening or closing a fenced code block.
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// `{#some-id}` → `some-id`; nothing → `None`.
fn parse_id(attrs: &str) -> Result<Option<String>, String> {
    if attrs.is_empty() {
        return Ok(None);
    }
    let inner = attrs.strip_prefix('{').and_then(|a| a.strip_suffix('}')).map(str::trim);
    match inner.and_then(|i| i.strip_prefix('#')) {
        Some(id) if !id.is_empty() && !id.contains(char::is_whitespace) => Ok(Some(id.to_string())),
        _ => Err(format!("expected '{{#id}}' after the block's name, got '{attrs}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_containers_and_keeps_code_fences_intact() {
        let body = "intro\n\n::: resolution {#r-1}\n**มติ** รับทราบ\n:::\n\n```\n:::\n```\nend\n";
        let (blocks, problems) = split(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(blocks.len(), 3);
        let Block::Container { kind, id, children, .. } = &blocks[1] else { panic!("{blocks:?}") };
        assert_eq!((*kind, id.as_deref()), (ContainerKind::Resolution, Some("r-1")));
        let Block::Markdown(inner) = &children[0] else { panic!() };
        assert_eq!(&body[inner.clone()], "**มติ** รับทราบ\n");
        let Block::Markdown(last) = &blocks[2] else { panic!() };
        assert!(body[last.clone()].contains("```\n:::\n```"));
    }

    #[test]
    fn reports_unknown_unclosed_stray_and_idless_blocks() {
        let (_, problems) = split("::: resolutoin {#x}\ntext\n:::\n:::\n::: resolution\n");
        let messages: Vec<&str> = problems.iter().map(|(_, m)| m.as_str()).collect();
        assert!(messages[0].starts_with("unknown block 'resolutoin' (did you mean 'resolution'?)"), "{messages:?}");
        assert!(messages.contains(&"':::' closes no open block"));
        assert!(messages.iter().any(|m| m.starts_with("a resolution needs an id")));
        assert!(messages.iter().any(|m| m.starts_with("this block is never closed")));
    }

    #[test]
    fn containers_nest() {
        let (blocks, problems) = split("::: considerations\na\n::: note\nb\n:::\n:::\n");
        assert!(problems.is_empty());
        let Block::Container { children, .. } = &blocks[0] else { panic!() };
        assert!(matches!(children[1], Block::Container { kind: ContainerKind::Note, .. }));
    }
}
