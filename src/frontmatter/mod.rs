//! Typed front matter for each kind of page; unknown fields are rejected with a suggestion.

pub mod meeting;
pub mod strategy;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Document;
use crate::model::{DomainId, Kind, LevelId};
use crate::parse::parse_toml;
use meeting::MeetingFront;
use strategy::StrategyFront;
use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

/// Front matter of the home page, section pages and plain pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    /// A shorter title for menus and breadcrumbs (Hugo's `linkTitle`).
    pub link_title: Option<String>,
    #[serde(default)]
    pub description: String,
    /// Position in lists (lower first); pages without weight come after, by title.
    pub weight: Option<i64>,
}

/// Front matter of `content/competencies/<id>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetencyFront {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The competency's number in the handbook (1–7); orders lists.
    pub number: Spanned<u32>,
    pub domain: Spanned<DomainId>,
    /// The one-paragraph definition under the competency's name.
    pub definition: String,
    /// The behaviour standards, two per position level in the handbook.
    #[serde(default)]
    pub standards: Vec<StandardFront>,
}

/// One behaviour standard (มาตรฐานพฤติกรรม): its key phrase, then the rest of the sentence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardFront {
    pub level: Spanned<LevelId>,
    pub key: String,
    pub text: String,
}

/// A page's front matter, by kind.
#[derive(Debug)]
pub enum Front {
    Page(PageFront),
    Competency(CompetencyFront),
    Strategy(StrategyFront),
    Meeting(MeetingFront),
}

/// Applies `$f` to the front matter whatever its kind (every kind has the common fields).
macro_rules! each_kind {
    ($front:expr, $f:ident => $e:expr) => {
        match $front {
            Front::Page($f) => $e,
            Front::Competency($f) => $e,
            Front::Strategy($f) => $e,
            Front::Meeting($f) => $e,
        }
    };
}

impl Front {
    pub fn title(&self) -> &str {
        each_kind!(self, f => &f.title)
    }

    /// The title used in menus and breadcrumbs.
    pub fn link_title(&self) -> &str {
        match self {
            Front::Page(f) => f.link_title.as_deref().unwrap_or(&f.title),
            Front::Strategy(f) => f.link_title.as_deref().unwrap_or(&f.title),
            Front::Meeting(f) => f.link_title.as_deref().unwrap_or(&f.title),
            Front::Competency(f) => &f.title,
        }
    }

    pub fn description(&self) -> &str {
        each_kind!(self, f => &f.description)
    }

    /// Sort weight in lists: competencies by number, meetings newest first.
    pub fn weight(&self) -> Option<i64> {
        match self {
            Front::Page(f) => f.weight,
            Front::Competency(f) => Some(i64::from(*f.number.get_ref())),
            Front::Meeting(f) => f.date.get_ref().date.map(|d| -(i64::from(d.year) * 10_000 + i64::from(d.month) * 100 + i64::from(d.day))),
            Front::Strategy(f) => f.period.map(|p| -i64::from(p[0])),
        }
    }
}

/// A content file with its kind and typed front matter.
#[derive(Debug)]
pub struct SourcePage {
    pub doc: Document,
    pub kind: Kind,
    pub front: Front,
}

impl SourcePage {
    /// Byte offset in the file of a span inside the front matter.
    pub fn front_offset(&self, span_start: usize) -> usize {
        self.doc.front.start + span_start
    }
}

/// The kind of page a content file is, from where it lives.
pub fn kind_of(doc: &Document) -> Kind {
    if doc.key.0 == "_index" {
        Kind::Home
    } else if doc.key.is_index() {
        Kind::Section
    } else if doc.key.section() == Some("competencies") {
        Kind::Competency
    } else if doc.key.section() == Some("strategy") {
        Kind::Strategy
    } else if doc.key.section() == Some("meetings") {
        Kind::Meeting
    } else {
        Kind::Page
    }
}

/// Parses every document's front matter, in parallel; a document whose front matter is wrong is
/// reported and dropped.
pub fn parse_all(documents: Vec<Document>, diags: &mut Diagnostics) -> Vec<SourcePage> {
    let parsed: Vec<Result<SourcePage, Diagnostic>> = documents
        .into_par_iter()
        .map(|doc| {
            let kind = kind_of(&doc);
            let (src, base, text) = (&doc.src, doc.front.start, doc.front_text());
            let front = match kind {
                Kind::Competency => parse_toml(src, base, text).map(Front::Competency),
                Kind::Strategy => parse_toml(src, base, text).map(Front::Strategy),
                Kind::Meeting => parse_toml(src, base, text).map(Front::Meeting),
                _ => parse_toml(src, base, text).map(Front::Page),
            };
            front.map(|front| SourcePage { doc, kind, front })
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for page in parsed {
        match page {
            Ok(page) => pages.push(page),
            Err(d) => diags.push(d),
        }
    }
    pages
}
