//! Shared vocabularies from `content/_data/*.toml` (competency domains, position levels,
//! committees, meeting roles), each labelled in both languages.

use crate::diagnostics::{did_you_mean, Diagnostics, SourceText};
use crate::lang::Label;
use crate::model::{CommitteeId, DomainId, LevelId, RoleId};
use crate::parse::parse_toml;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use toml::Spanned;

/// A competency domain (ด้าน), e.g. `people`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: Spanned<DomainId>,
    pub number: u32,
    pub name: Label,
    pub description: Option<Label>,
}

/// A position level, e.g. `executive-higher` (บริหารระดับสูง).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: Spanned<LevelId>,
    pub name: Label,
    /// The position type and level in full (ตำแหน่งประเภทบริหาร ระดับสูง).
    pub position: Option<Label>,
}

/// A committee whose meetings the site publishes, e.g. `hr-strategy`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    pub id: Spanned<CommitteeId>,
    pub name: Label,
    /// Short name for lists and headings (อ.ก.ก. วิสามัญเกี่ยวกับยุทธศาสตร์ฯ).
    pub short: Label,
}

/// A person's role in a meeting, e.g. `chair` (ประธาน อ.ก.ก.).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: Spanned<RoleId>,
    pub name: Label,
}

/// All shared vocabularies, each in file order.
#[derive(Debug, Default)]
pub struct Vocab {
    pub domains: Vec<Domain>,
    pub levels: Vec<Level>,
    pub committees: Vec<Committee>,
    pub roles: Vec<Role>,
    /// Vocabulary files that failed to parse: ids they should define are not reported as unknown.
    pub broken: HashSet<String>,
}

macro_rules! lookup {
    ($find:ident, $ids:ident, $field:ident, $entry:ty, $id:ty) => {
        pub fn $find(&self, id: &$id) -> Option<&$entry> {
            self.$field.iter().find(|e| e.id.get_ref() == id)
        }
        pub fn $ids(&self) -> impl Iterator<Item = &str> {
            self.$field.iter().map(|e| e.id.get_ref().as_str())
        }
    };
}

impl Vocab {
    /// Whether ids of the vocabulary `name` (`levels`) can be checked: it loaded without errors.
    pub fn checkable(&self, name: &str) -> bool {
        !self.broken.contains(name)
    }

    lookup!(domain, domain_ids, domains, Domain, DomainId);
    lookup!(level, level_ids, levels, Level, LevelId);
    lookup!(committee, committee_ids, committees, Committee, CommitteeId);
    lookup!(role, role_ids, roles, Role, RoleId);
}

const KNOWN_FILES: [&str; 4] = ["domains", "levels", "committees", "roles"];

/// Reads the vocabularies from the loaded `_data` files, reporting unknown files and duplicate ids.
pub fn load(data: &[(String, Arc<SourceText>)], diags: &mut Diagnostics) -> Vocab {
    let mut vocab = Vocab::default();
    for (stem, src) in data {
        match stem.as_str() {
            "domains" => vocab.domains = entries(src, stem, diags, &mut vocab.broken, |d: &Domain| spanned_id(&d.id)),
            "levels" => vocab.levels = entries(src, stem, diags, &mut vocab.broken, |l: &Level| spanned_id(&l.id)),
            "committees" => {
                vocab.committees = entries(src, stem, diags, &mut vocab.broken, |c: &Committee| spanned_id(&c.id))
            }
            "roles" => vocab.roles = entries(src, stem, diags, &mut vocab.broken, |r: &Role| spanned_id(&r.id)),
            other => diags.push(src.at(
                0,
                format!("unknown data file '{other}.toml'{}; known: {}", did_you_mean(other, KNOWN_FILES), KNOWN_FILES.join(", ")),
            )),
        }
    }
    vocab
}

/// The `[[<key>]]` entries of a vocabulary file; a duplicate id is reported at its second use.
fn entries<E: DeserializeOwned>(
    src: &SourceText,
    key: &str,
    diags: &mut Diagnostics,
    broken: &mut HashSet<String>,
    id: impl Fn(&E) -> (usize, String),
) -> Vec<E> {
    let mut file: BTreeMap<String, Vec<E>> = match parse_toml(src, 0, &src.text) {
        Ok(file) => file,
        Err(d) => {
            diags.push(d);
            broken.insert(key.to_string());
            return Vec::new();
        }
    };
    let list = file.remove(key).unwrap_or_default();
    if let Some(other) = file.keys().next() {
        diags.push(src.at(0, format!("unexpected table '{other}': this file lists [[{key}]] entries")));
    }
    let mut seen = HashSet::new();
    for entry in &list {
        let (at, id) = id(entry);
        if !seen.insert(id.clone()) {
            diags.push(src.at(at, format!("duplicate id '{id}'")));
        }
    }
    list
}

/// Where a vocabulary id is written, and the id.
fn spanned_id<T: std::fmt::Display>(id: &Spanned<T>) -> (usize, String) {
    (id.span().start, id.get_ref().to_string())
}
