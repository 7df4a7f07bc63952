//! Stage 2, validate: checks what typed parsing cannot — ids that must exist in the vocabularies,
//! numbers that must be unique, translations that must agree, text that must be NFC.

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostics, SourceText};
use crate::frontmatter::{Front, SourcePage};
use crate::lang::Lang;
use crate::model::PageKey;
use crate::vocab::Vocab;
use std::collections::{BTreeSet, HashMap};
use unicode_normalization::is_nfc;

/// Reports every problem found; the pipeline stops after this stage if any was found.
pub fn validate(config: &Config, pages: &[SourcePage], vocab: &Vocab, data: &[&SourceText], diags: &mut Diagnostics) {
    for src in pages.iter().map(|p| &*p.doc.src).chain(data.iter().copied()) {
        check_nfc(src, diags);
    }
    let mut numbers: HashMap<(Lang, u32), &PageKey> = HashMap::new();
    for page in pages {
        let src = &page.doc.src;
        if !config.languages.contains_key(&page.doc.lang) {
            diags.push(src.at(0, format!("language '{}' is not configured in handbook.toml [languages]", page.doc.lang)));
        }
        if page.front.title().trim().is_empty() {
            diags.push(src.at(page.doc.front.start, "title is empty"));
        }
        if page.doc.key.section() == Some("levels") && !page.doc.key.is_index() {
            if let Some(level) = vocab.levels.iter().find(|l| l.id.as_str() == page.doc.key.id()) {
                diags.push(src.at(0, format!("the page of level '{}' is generated from _data/levels.toml; remove this file", level.id)));
            }
        }
        let Front::Competency(c) = &page.front else { continue };
        let domain = c.domain.get_ref();
        if vocab.domain(domain).is_none() {
            let hint = did_you_mean(domain.as_str(), vocab.domain_ids());
            diags.push(src.at(page.front_offset(c.domain.span().start), format!("unknown domain '{domain}'{hint}")));
        }
        let number = *c.number.get_ref();
        if let Some(other) = numbers.insert((page.doc.lang, number), &page.doc.key) {
            diags.push(src.at(
                page.front_offset(c.number.span().start),
                format!("duplicate competency number {number}: '{other}' has it too"),
            ));
        }
        for s in &c.standards {
            let level = s.level.get_ref();
            if vocab.level(level).is_none() {
                let hint = did_you_mean(level.as_str(), vocab.level_ids());
                diags.push(src.at(page.front_offset(s.level.span().start), format!("unknown position level '{level}'{hint}")));
            }
        }
        for level in &vocab.levels {
            if !c.standards.iter().any(|s| s.level.get_ref() == &level.id) {
                diags.push(src.at(
                    page.doc.front.start,
                    format!("no behaviour standard for position level '{}': add a [[standards]] with level = \"{}\"", level.id, level.id),
                ));
            }
        }
    }
    check_translations_agree(pages, diags);
}

/// A line that is not in Unicode NFC is reported at its first column.
fn check_nfc(src: &SourceText, diags: &mut Diagnostics) {
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        if !is_nfc(line) {
            diags.push(src.at(offset, "text is not in Unicode NFC form; re-save the file normalised to NFC"));
            return;
        }
        offset += line.len();
    }
}

/// A competency's number, domain and levels are facts, not prose: both languages must say the same.
fn check_translations_agree(pages: &[SourcePage], diags: &mut Diagnostics) {
    let thai: HashMap<&PageKey, &SourcePage> =
        pages.iter().filter(|p| p.doc.lang == Lang::Th).map(|p| (&p.doc.key, p)).collect();
    for page in pages.iter().filter(|p| p.doc.lang != Lang::Th) {
        let (Front::Competency(c), Some(th)) = (&page.front, thai.get(&page.doc.key)) else { continue };
        let Front::Competency(t) = &th.front else { continue };
        let thai_file = th.doc.src.path().display();
        let src = &page.doc.src;
        if c.number.get_ref() != t.number.get_ref() {
            diags.push(src.at(
                page.front_offset(c.number.span().start),
                format!("number {} differs from {} in {thai_file}", c.number.get_ref(), t.number.get_ref()),
            ));
        }
        if c.domain.get_ref() != t.domain.get_ref() {
            diags.push(src.at(
                page.front_offset(c.domain.span().start),
                format!("domain '{}' differs from '{}' in {thai_file}", c.domain.get_ref(), t.domain.get_ref()),
            ));
        }
        let levels = |f: &crate::frontmatter::CompetencyFront| -> BTreeSet<String> {
            f.standards.iter().map(|s| s.level.get_ref().to_string()).collect()
        };
        if levels(c) != levels(t) {
            diags.push(src.at(page.doc.front.start, format!("position levels of the standards differ from {thai_file}")));
        }
    }
}
