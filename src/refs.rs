//! The reference syntax shared by Markdown links and front matter: `@competency/collaboration`,
//! `@strategy/hr-strategy-2566-2570#digital-workflow`, `@meeting/hr-strategy-2565-04#resolution-3-1`,
//! `@level/managerial`, or a file path `@/competencies/change.md#standards`.

use crate::model::PageKey;
use std::fmt;

/// The kinds of page a reference may name by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Competency,
    Level,
    Strategy,
    Meeting,
}

impl RefKind {
    pub const NAMES: [&'static str; 4] = ["competency", "level", "strategy", "meeting"];

    fn from_name(name: &str) -> Option<RefKind> {
        match name {
            "competency" => Some(RefKind::Competency),
            "level" => Some(RefKind::Level),
            "strategy" => Some(RefKind::Strategy),
            "meeting" => Some(RefKind::Meeting),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The content section holding pages of this kind.
    pub fn section(self) -> &'static str {
        match self {
            RefKind::Competency => "competencies",
            RefKind::Level => "levels",
            RefKind::Strategy => "strategy",
            RefKind::Meeting => "meetings",
        }
    }
}

/// A parsed reference: which page, and optionally which anchor on it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref {
    pub kind: Option<RefKind>,
    pub key: PageKey,
    /// A language named explicitly by a file reference (`@/x.en.md`).
    pub lang: Option<crate::lang::Lang>,
    pub anchor: Option<String>,
}

impl Ref {
    /// Parses `@kind/id#anchor` or `@/path.md#anchor`; the error says what is expected.
    pub fn parse(text: &str) -> Result<Ref, String> {
        let Some(rest) = text.strip_prefix('@') else {
            return Err(format!("a reference starts with '@', e.g. '@competency/collaboration', got '{text}'"));
        };
        let (target, anchor) = match rest.split_once('#') {
            Some((t, a)) if !a.is_empty() => (t, Some(a.to_string())),
            Some((t, _)) => (t, None),
            None => (rest, None),
        };
        if let Some(file) = target.strip_prefix('/') {
            let stem = file.strip_suffix(".md").ok_or_else(|| format!("'@/{file}' is not a page: name its .md file"))?;
            let (stem, lang) = match stem.rsplit_once('.').and_then(|(b, s)| crate::lang::Lang::from_code(s).map(|l| (b, l))) {
                Some((base, lang)) => (base, Some(lang)),
                None => (stem, None),
            };
            return Ok(Ref { kind: None, key: PageKey(stem.to_string()), lang, anchor });
        }
        let (kind, id) = target.split_once('/').ok_or_else(|| {
            format!("'{text}' is not a reference: write '@<kind>/<id>', kind one of {}", RefKind::NAMES.join(", "))
        })?;
        let kind = RefKind::from_name(kind).ok_or_else(|| {
            let hint = crate::diagnostics::did_you_mean(kind, RefKind::NAMES);
            format!("unknown reference kind '{kind}'{hint}; known: {}", RefKind::NAMES.join(", "))
        })?;
        if id.is_empty() || id.contains('/') {
            return Err(format!("'{text}' needs one id after '@{}/'", kind.name()));
        }
        Ok(Ref { kind: Some(kind), key: PageKey(format!("{}/{id}", kind.section())), lang: None, anchor })
    }

    /// The id part of a kind reference (`collaboration`).
    pub fn id(&self) -> &str {
        self.key.id()
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Some(kind) => write!(f, "@{}/{}", kind.name(), self.key.id())?,
            None => write!(f, "@/{}.md", self.key)?,
        }
        if let Some(a) = &self.anchor {
            write!(f, "#{a}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kind_and_file_references() {
        let r = Ref::parse("@strategy/hr-strategy-2566-2570#digital-workflow").unwrap();
        assert_eq!((r.kind, r.key.0.as_str(), r.anchor.as_deref()), (Some(RefKind::Strategy), "strategy/hr-strategy-2566-2570", Some("digital-workflow")));
        assert_eq!(r.to_string(), "@strategy/hr-strategy-2566-2570#digital-workflow");
        let f = Ref::parse("@/competencies/change.en.md").unwrap();
        assert_eq!((f.key.0.as_str(), f.lang), ("competencies/change", Some(crate::lang::Lang::En)));
        assert!(Ref::parse("@competence/x").unwrap_err().contains("did you mean 'competency'"));
        assert!(Ref::parse("@collaboration").is_err());
        assert!(Ref::parse("collaboration").is_err());
    }
}
