//! Stage 2, validate: checks what typed parsing cannot — ids that must exist in the vocabularies,
//! numbers that must be unique, translations that must agree, text that must be NFC.

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostics, SourceText};
use crate::frontmatter::{Front, SourcePage};
use crate::lang::Lang;
use crate::model::PageKey;
use crate::vocab::Vocab;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use unicode_normalization::is_nfc;

mod meeting;

/// Reports every problem found; the pipeline stops after this stage if any was found.
/// Pages are checked on their own in parallel; the diagnostics are sorted when they are shown.
pub fn validate(config: &Config, pages: &[SourcePage], vocab: &Vocab, data: &[&SourceText], diags: &mut Diagnostics) {
    for src in data {
        check_nfc(src, diags);
    }
    let found: Vec<Diagnostics> = pages
        .par_iter()
        .map(|page| {
            let mut local = Diagnostics::default();
            check_nfc(&page.doc.src, &mut local);
            check_page(config, page, vocab, &mut local);
            local
        })
        .collect();
    found.into_iter().for_each(|local| diags.extend(local));
    check_across(pages, None, diags);
}

/// The checks of one page on its own (all but its text's NFC form, [`check_nfc`]).
pub fn check_page(config: &Config, page: &SourcePage, vocab: &Vocab, diags: &mut Diagnostics) {
    let src = &page.doc.src;
    if !config.languages.contains_key(&page.doc.lang) {
        diags.push(src.at(0, format!("language '{}' is not configured in handbook.toml [languages]", page.doc.lang)));
    }
    if page.front.title().trim().is_empty() {
        diags.push(src.at(page.doc.front.start, "title is empty"));
    }
    if page.doc.key.section() == Some("levels") && !page.doc.key.is_index() {
        if let Some(level) = vocab.levels.iter().find(|l| l.id.get_ref().as_str() == page.doc.key.id()) {
            diags.push(src.at(0, format!("the page of level '{}' is generated from _data/levels.toml; remove this file", level.id)));
        }
    }
    match &page.front {
        Front::Meeting(m) => meeting::validate_meeting(page, m, vocab, diags),
        Front::Strategy(s) => meeting::validate_strategy(page, s, diags),
        _ => {}
    }
    let Front::Competency(c) = &page.front else { return };
    let domain = c.domain.get_ref();
    if vocab.checkable("domains") && vocab.domain(domain).is_none() {
        let hint = did_you_mean(domain.as_str(), vocab.domain_ids());
        diags.push(src.at(page.front_offset(c.domain.span().start), format!("unknown domain '{domain}'{hint}")));
    }
    for s in &c.standards {
        let level = s.level.get_ref();
        if vocab.checkable("levels") && vocab.level(level).is_none() {
            let hint = did_you_mean(level.as_str(), vocab.level_ids());
            diags.push(src.at(page.front_offset(s.level.span().start), format!("unknown position level '{level}'{hint}")));
        }
    }
    for level in &vocab.levels {
        if !c.standards.iter().any(|s| s.level.get_ref() == level.id.get_ref()) {
            diags.push(src.at(
                page.doc.front.start,
                format!("no behaviour standard for position level '{}': add a [[standards]] with level = \"{}\"", level.id, level.id),
            ));
        }
    }
}

/// The checks between pages: competency numbers and meetings that must be unique, translations
/// that must agree with the Thai page (only those of the keys in `only`, when given).
pub fn check_across(pages: &[SourcePage], only: Option<&HashSet<&PageKey>>, diags: &mut Diagnostics) {
    let mut numbers: HashMap<(Lang, u32), &PageKey> = HashMap::new();
    let mut meetings = HashMap::new();
    for page in pages {
        match &page.front {
            Front::Meeting(m) => meeting::check_unique(page, m, &mut meetings, diags),
            Front::Competency(c) => {
                let number = *c.number.get_ref();
                if let Some(other) = numbers.insert((page.doc.lang, number), &page.doc.key) {
                    diags.push(page.doc.src.at(
                        page.front_offset(c.number.span().start),
                        format!("duplicate competency number {number}: '{other}' has it too"),
                    ));
                }
            }
            _ => {}
        }
    }
    check_translations_agree(pages, only, diags);
}

/// A line that is not in Unicode NFC is reported at its first column.
pub fn check_nfc(src: &SourceText, diags: &mut Diagnostics) {
    if crate::search::normalize::surely_nfc(&src.text) {
        return;
    }
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        if !is_nfc(line) {
            diags.push(src.at(offset, "text is not in Unicode NFC form; re-save the file normalised to NFC"));
            return;
        }
        offset += line.len();
    }
}

/// Facts (not prose) that a translation must state as the Thai page does.
fn facts(front: &Front) -> Vec<(&'static str, String, usize)> {
    match front {
        Front::Competency(c) => vec![
            ("number", c.number.get_ref().to_string(), c.number.span().start),
            ("domain", c.domain.get_ref().to_string(), c.domain.span().start),
            (
                "position levels of the standards",
                c.standards.iter().map(|s| s.level.get_ref().as_str()).collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>().join(", "),
                0,
            ),
        ],
        Front::Meeting(m) => meeting::facts(m),
        Front::Strategy(s) => {
            let mut facts = vec![("item ids", s.item_ids().iter().map(|i| i.get_ref().as_str()).collect::<Vec<_>>().join(", "), 0)];
            for a in s.items().iter().filter_map(|i| i.activity) {
                let competencies = a.competencies.iter().map(|c| c.get_ref().as_str()).collect::<Vec<_>>().join(", ");
                let at = a.competencies.first().map_or(a.id.span().start, |c| c.span().start);
                facts.push(("competencies of an activity", format!("{}: {competencies}", a.id.get_ref()), at));
            }
            facts
        }
        Front::Page(_) => Vec::new(),
    }
}

/// A translation must agree with the Thai page on every fact.
fn check_translations_agree(pages: &[SourcePage], only: Option<&HashSet<&PageKey>>, diags: &mut Diagnostics) {
    let wanted = |p: &&SourcePage| only.is_none_or(|keys| keys.contains(&p.doc.key));
    let thai: HashMap<&PageKey, &SourcePage> =
        pages.iter().filter(wanted).filter(|p| p.doc.lang == Lang::Th).map(|p| (&p.doc.key, p)).collect();
    for page in pages.iter().filter(wanted).filter(|p| p.doc.lang != Lang::Th) {
        let Some(th) = thai.get(&page.doc.key) else { continue };
        let thai_facts = facts(&th.front);
        for ((what, value, at), (_, thai_value, _)) in facts(&page.front).into_iter().zip(thai_facts) {
            if value != thai_value {
                let at = if at == 0 { page.doc.front.start } else { page.front_offset(at) };
                diags.push(page.doc.src.at(
                    at,
                    format!("{what} '{value}' differs from '{thai_value}' in {}", th.doc.src.path().display()),
                ));
            }
        }
    }
}
