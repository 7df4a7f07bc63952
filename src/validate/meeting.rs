//! Validation of meeting minutes and strategy plans: known committees and roles, real dates and
//! times in order, unique meetings, unique item ids within a plan.

use crate::dates::{civil_date, parse_time};
use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::frontmatter::meeting::MeetingFront;
use crate::frontmatter::strategy::StrategyFront;
use crate::frontmatter::SourcePage;
use crate::lang::Lang;
use crate::model::{CommitteeId, PageKey};
use crate::vocab::Vocab;
use std::collections::{HashMap, HashSet};
use toml::Spanned;

/// Meetings seen so far, by committee, number and year, to report duplicates.
pub type MeetingIndex<'a> = HashMap<(Lang, CommitteeId, u32, u32), &'a PageKey>;

pub fn validate_meeting(page: &SourcePage, m: &MeetingFront, vocab: &Vocab, diags: &mut Diagnostics) {
    let at = |span: std::ops::Range<usize>| page.front_offset(span.start);
    let src = &page.doc.src;
    let committee = m.committee.get_ref();
    if vocab.checkable("committees") && vocab.committee(committee).is_none() {
        let hint = did_you_mean(committee.as_str(), vocab.committee_ids());
        diags.push(src.at(at(m.committee.span()), format!("unknown committee '{committee}'{hint}")));
    }
    let roles = m.attendees.iter().map(|a| &a.role).chain(m.signature.as_ref().map(|s| &s.role));
    for role in roles {
        if vocab.checkable("roles") && vocab.role(role.get_ref()).is_none() {
            let hint = did_you_mean(role.get_ref().as_str(), vocab.role_ids());
            diags.push(src.at(at(role.span()), format!("unknown role '{}'{hint}", role.get_ref())));
        }
    }
    let date = civil_date(m.date.get_ref()).map_err(|e| diags.push(src.at(at(m.date.span()), e))).ok();
    if let Some(date) = date {
        // Meetings are numbered by calendar year, or by fiscal year, which starts on 1 October.
        let buddhist = i32::from(date.year()) + 543;
        let fiscal = if date.month() >= 10 { buddhist + 1 } else { buddhist };
        let year = *m.year.get_ref() as i32;
        if year != buddhist && year != fiscal {
            diags.push(src.at(at(m.year.span()), format!("year {year} does not match the meeting date {date} (Buddhist era {buddhist})")));
        }
    }
    if *m.number.get_ref() == 0 {
        diags.push(src.at(at(m.number.span()), "meeting number must be 1 or more"));
    }
    let time = |t: &Spanned<String>, diags: &mut Diagnostics| parse_time(t.get_ref()).map_err(|e| diags.push(src.at(at(t.span()), e))).ok();
    if let (Some(start), Some(end)) = (time(&m.start, diags), time(&m.end, diags)) {
        if end <= start {
            diags.push(src.at(at(m.end.span()), format!("the meeting ends ({}) before it starts ({})", m.end.get_ref(), m.start.get_ref())));
        }
    }
    if let Some(next) = &m.next_meeting {
        match civil_date(next.date.get_ref()) {
            Ok(next_date) if date.is_some_and(|d| next_date <= d) => {
                diags.push(src.at(at(next.date.span()), "the next meeting's date is not after this meeting's date"))
            }
            Ok(_) => {}
            Err(e) => diags.push(src.at(at(next.date.span()), e)),
        }
        if let Some(start) = &next.start {
            time(start, diags);
        }
    }
}

/// Reports a meeting that has the committee, number and year of one seen before.
pub fn check_unique<'a>(page: &'a SourcePage, m: &MeetingFront, seen: &mut MeetingIndex<'a>, diags: &mut Diagnostics) {
    let committee = m.committee.get_ref();
    let key = (page.doc.lang, committee.clone(), *m.number.get_ref(), *m.year.get_ref());
    if let Some(other) = seen.insert(key, &page.doc.key) {
        diags.push(page.doc.src.at(
            page.front_offset(m.number.span().start),
            format!("meeting {}/{} of '{committee}' is also in '{other}'", m.number.get_ref(), m.year.get_ref()),
        ));
    }
}

pub fn validate_strategy(page: &SourcePage, s: &StrategyFront, diags: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for id in s.item_ids() {
        let text = id.get_ref().as_str();
        let at = page.front_offset(id.span().start);
        if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c == '#' || c == '/') {
            diags.push(page.doc.src.at(at, format!("id '{text}' cannot be an anchor: use letters, digits and '-'")));
        } else if page.kind.reserved_ids().contains(&text) {
            diags.push(page.doc.src.at(at, format!("id '{text}' is used by the plan page itself; choose another")));
        } else if !seen.insert(text) {
            diags.push(page.doc.src.at(at, format!("duplicate id '{text}' in this plan")));
        }
    }
    if let Some([from, to]) = s.period {
        if to < from {
            diags.push(page.doc.src.at(page.doc.front.start, format!("period ends ({to}) before it starts ({from})")));
        }
    }
}

/// The facts of a meeting that its translation must repeat exactly.
pub fn facts(m: &MeetingFront) -> Vec<(&'static str, String, usize)> {
    vec![
        ("committee", m.committee.get_ref().to_string(), m.committee.span().start),
        ("number", m.number.get_ref().to_string(), m.number.span().start),
        ("year", m.year.get_ref().to_string(), m.year.span().start),
        ("date", m.date.get_ref().to_string(), m.date.span().start),
        ("start", m.start.get_ref().clone(), m.start.span().start),
        ("end", m.end.get_ref().clone(), m.end.span().start),
        ("number of attendees", m.attendees.len().to_string(), 0),
        ("number of absentees", m.absentees.len().to_string(), 0),
        ("number of participants", m.participants.len().to_string(), 0),
    ]
}
