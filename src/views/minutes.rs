//! Views of meeting minutes: the meeting's header facts, its people, its resolutions; the list of
//! every resolution; meetings grouped by committee and year; the Atom feed entries.

use super::{Group, Inputs, Item, NavItem};
use crate::dates::{civil_date, parse_time, rfc3339_bangkok, DateFormat};
use crate::frontmatter::meeting::{MeetingFront, MeetingMode, Presence};
use crate::frontmatter::Front;
use crate::lang::Lang;
use crate::markdown::ResolutionRef;
use crate::model::Kind;
use crate::resolve::Page;
use serde::Serialize;

#[derive(Serialize)]
pub struct MeetingView<'a> {
    pub committee: &'a str,
    pub committee_short: &'a str,
    /// `๔/๒๕๖๕` or `4/2565`.
    pub number: String,
    pub date: String,
    pub time: String,
    pub venue: &'a str,
    pub mode: MeetingMode,
    pub attendees: Vec<Person<'a>>,
    pub absentees: Vec<Person<'a>>,
    pub participants: Vec<Person<'a>>,
    pub next_meeting: Option<NextMeeting<'a>>,
    pub signature: Option<Person<'a>>,
    pub resolutions: &'a [ResolutionRef],
}

#[derive(Serialize)]
pub struct Person<'a> {
    pub name: &'a str,
    pub position: &'a [String],
    pub role: Option<&'a str>,
    pub present: Option<Presence>,
    pub reason: Option<&'a str>,
}

#[derive(Serialize)]
pub struct NextMeeting<'a> {
    pub date: String,
    pub time: Option<String>,
    pub venue: &'a str,
}

/// A resolution in the list of all resolutions.
#[derive(Serialize)]
pub struct ResolutionItem<'a> {
    pub meeting_title: &'a str,
    pub meeting_path: &'a str,
    pub date: String,
    pub resolution: &'a ResolutionRef,
}

/// An entry of a language's Atom feed of meetings.
#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    pub permalink: String,
    pub updated: String,
    pub summary: &'a str,
}

impl<'a> Inputs<'a> {
    fn meeting(&self, page: &Page) -> Option<&'a MeetingFront> {
        match &self.sources[page.source?].front {
            Front::Meeting(m) => Some(m),
            _ => None,
        }
    }

    fn dates(&self) -> DateFormat<'a> {
        DateFormat { strings: self.strings, thai_digits: self.config.thai_digits }
    }

    /// A meeting's date in the page's language, `` if the content's date is invalid.
    fn meeting_date(&self, m: &MeetingFront, lang: Lang) -> String {
        civil_date(m.date.get_ref()).map(|d| self.dates().date(d, lang)).unwrap_or_default()
    }

    pub(super) fn meeting_view(&self, page: &'a Page) -> Option<MeetingView<'a>> {
        let m = self.meeting(page)?;
        let lang = page.lang;
        let committee = self.vocab.committee(m.committee.get_ref());
        let role = |r: &crate::model::RoleId| self.vocab.role(r).map(|r| r.name.get(lang));
        let number = format!("{}/{}", m.number.get_ref(), m.year.get_ref());
        let times = parse_time(m.start.get_ref()).ok().zip(parse_time(m.end.get_ref()).ok());
        Some(MeetingView {
            committee: committee.map_or("", |c| c.name.get(lang)),
            committee_short: committee.map_or("", |c| c.short.get(lang)),
            number: self.config.digits(lang, number),
            date: self.meeting_date(m, lang),
            time: times.map(|(s, e)| self.dates().time_range(s, e, lang)).unwrap_or_default(),
            venue: &m.venue,
            mode: m.mode,
            attendees: m
                .attendees
                .iter()
                .map(|a| Person { name: &a.name, position: &a.position, role: role(a.role.get_ref()), present: Some(a.present), reason: None })
                .collect(),
            absentees: m
                .absentees
                .iter()
                .map(|a| Person { name: &a.name, position: &a.position, role: None, present: None, reason: Some(&a.reason) })
                .collect(),
            participants: m
                .participants
                .iter()
                .map(|p| Person { name: &p.name, position: &p.position, role: None, present: Some(p.present), reason: None })
                .collect(),
            next_meeting: m.next_meeting.as_ref().map(|n| NextMeeting {
                date: civil_date(n.date.get_ref()).map(|d| self.dates().date_with_weekday(d, lang)).unwrap_or_default(),
                time: n.start.as_ref().and_then(|t| parse_time(t.get_ref()).ok()).map(|t| self.dates().time(t, lang)),
                venue: &n.venue,
            }),
            signature: m.signature.as_ref().map(|s| Person {
                name: &s.name,
                position: &s.position,
                role: role(s.role.get_ref()),
                present: None,
                reason: None,
            }),
            resolutions: page.source.map_or(&[], |i| self.bodies[i].resolutions.as_slice()),
        })
    }

    /// Meeting pages in a language, newest first.
    pub(super) fn meetings(&self, lang: Lang) -> Vec<&'a Page> {
        self.site.of_kind(lang, Kind::Meeting).collect()
    }

    /// The resolutions a resolutions page lists, newest meeting first: of its year, or on the
    /// list's own page of the newest year when there are year pages, else of every meeting.
    pub(super) fn resolution_items(&self, page: &Page) -> Vec<ResolutionItem<'a>> {
        let year = self.resolutions_year(page);
        let mut items = Vec::new();
        for meeting in self.meetings(page.lang) {
            let (Some(m), Some(i)) = (self.meeting(meeting), meeting.source) else { continue };
            if year.is_some_and(|y| y != *m.year.get_ref()) {
                continue;
            }
            for resolution in &self.bodies[i].resolutions {
                items.push(ResolutionItem {
                    meeting_title: &meeting.title,
                    meeting_path: &meeting.path,
                    date: self.meeting_date(m, page.lang),
                    resolution,
                });
            }
        }
        items
    }

    /// The year a resolutions page shows: its own, or the newest year page's.
    fn resolutions_year(&self, page: &Page) -> Option<u32> {
        page.year.or_else(|| self.site.of_kind(page.lang, Kind::Resolutions).find_map(|p| p.year))
    }

    /// The year pages of the resolutions, newest first (none when the minutes span one year); the
    /// year a page shows is current.
    pub(super) fn resolution_years(&self, page: &Page) -> Vec<NavItem<'a>> {
        let shown = self.resolutions_year(page);
        self.site
            .of_kind(page.lang, Kind::Resolutions)
            .filter(|p| p.year.is_some())
            .map(|p| NavItem { title: &p.link_title, path: &p.path, current: p.year == shown, here: p.path == page.path })
            .collect()
    }

    /// Meetings grouped by committee (vocabulary order) and year (newest first).
    pub(super) fn meeting_groups(&self, lang: Lang) -> Vec<Group<'a>> {
        let meetings = self.meetings(lang);
        let mut groups = Vec::new();
        for committee in &self.vocab.committees {
            let mine: Vec<(&Page, &MeetingFront)> = meetings
                .iter()
                .filter_map(|p| self.meeting(p).map(|m| (*p, m)))
                .filter(|(_, m)| m.committee.get_ref() == committee.id.get_ref())
                .collect();
            let mut years: Vec<u32> = mine.iter().map(|(_, m)| *m.year.get_ref()).collect();
            years.dedup();
            for year in years {
                let year_label = self.config.digits(lang, year.to_string());
                groups.push(Group {
                    title: format!("{} · {} {year_label}", committee.short.get(lang), self.strings.get(lang, "year_be")),
                    description: None,
                    items: mine
                        .iter()
                        .filter(|(_, m)| *m.year.get_ref() == year)
                        .map(|(p, m)| Item { date: Some(self.meeting_date(m, lang)), ..self.item(p) })
                        .collect(),
                });
            }
        }
        groups
    }

    /// The Atom feed entries of a language's meetings, newest first.
    pub fn feed_entries(&self, lang: Lang) -> Vec<FeedEntry<'a>> {
        self.meetings(lang)
            .into_iter()
            .filter_map(|p| {
                let m = self.meeting(p)?;
                let date = civil_date(m.date.get_ref()).ok()?;
                let time = parse_time(m.start.get_ref()).unwrap_or_default();
                Some(FeedEntry {
                    title: &p.title,
                    permalink: format!("{}{}", self.config.base_url, p.path),
                    updated: rfc3339_bangkok(date, time),
                    summary: &m.description,
                })
            })
            .collect()
    }
}
