//! Shared vocabularies from `content/_data/*.toml` (competency domains, position levels), labelled
//! in both languages.

use crate::diagnostics::{did_you_mean, Diagnostics, SourceText};
use crate::lang::Label;
use crate::model::{DomainId, LevelId};
use crate::parse::parse_toml;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use toml::Spanned;

/// A competency domain (ด้าน), e.g. `people`.
#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub id: DomainId,
    pub number: u32,
    pub name: Label,
    pub description: Option<Label>,
}

/// A position level, e.g. `executive-higher` (บริหารระดับสูง).
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub id: LevelId,
    pub name: Label,
    /// The position type and level in full (ตำแหน่งประเภทบริหาร ระดับสูง).
    pub position: Option<Label>,
}

/// All shared vocabularies, each in file order.
#[derive(Debug, Default)]
pub struct Vocab {
    pub domains: Vec<Domain>,
    pub levels: Vec<Level>,
}

impl Vocab {
    pub fn domain(&self, id: &DomainId) -> Option<&Domain> {
        self.domains.iter().find(|d| &d.id == id)
    }
    pub fn level(&self, id: &LevelId) -> Option<&Level> {
        self.levels.iter().find(|l| &l.id == id)
    }
    pub fn domain_ids(&self) -> impl Iterator<Item = &str> {
        self.domains.iter().map(|d| d.id.as_str())
    }
    pub fn level_ids(&self) -> impl Iterator<Item = &str> {
        self.levels.iter().map(|l| l.id.as_str())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainsFile {
    domains: Vec<DomainEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DomainEntry {
    id: Spanned<DomainId>,
    number: u32,
    name: Label,
    description: Option<Label>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelsFile {
    levels: Vec<LevelEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelEntry {
    id: Spanned<LevelId>,
    name: Label,
    position: Option<Label>,
}

const KNOWN_FILES: [&str; 2] = ["domains", "levels"];

/// Reads the vocabularies from the loaded `_data` files, reporting unknown files and duplicate ids.
pub fn load(data: &[(String, Arc<SourceText>)], diags: &mut Diagnostics) -> Vocab {
    let mut vocab = Vocab::default();
    for (stem, src) in data {
        match stem.as_str() {
            "domains" => match parse_toml::<DomainsFile>(src, 0, &src.text) {
                Ok(file) => {
                    check_unique(src, file.domains.iter().map(|d| &d.id), diags);
                    vocab.domains = file
                        .domains
                        .into_iter()
                        .map(|d| Domain { id: d.id.into_inner(), number: d.number, name: d.name, description: d.description })
                        .collect();
                }
                Err(d) => diags.push(d),
            },
            "levels" => match parse_toml::<LevelsFile>(src, 0, &src.text) {
                Ok(file) => {
                    check_unique(src, file.levels.iter().map(|l| &l.id), diags);
                    vocab.levels = file
                        .levels
                        .into_iter()
                        .map(|l| Level { id: l.id.into_inner(), name: l.name, position: l.position })
                        .collect();
                }
                Err(d) => diags.push(d),
            },
            other => diags.push(src.at(
                0,
                format!("unknown data file '{other}.toml'{}; known: {}", did_you_mean(other, KNOWN_FILES), KNOWN_FILES.join(", ")),
            )),
        }
    }
    vocab
}

fn check_unique<'a, T: AsRef<str> + 'a>(
    src: &SourceText,
    ids: impl Iterator<Item = &'a Spanned<T>>,
    diags: &mut Diagnostics,
) {
    let mut seen = HashSet::new();
    for id in ids {
        let value = id.get_ref().as_ref();
        if !seen.insert(value.to_string()) {
            diags.push(src.at(id.span().start, format!("duplicate id '{value}'")));
        }
    }
}

impl AsRef<str> for DomainId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for LevelId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
