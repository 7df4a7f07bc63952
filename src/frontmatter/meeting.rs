//! Front matter of a meeting's minutes: committee, number, date and times, venue and mode, who
//! attended, who was absent and why, the next meeting and the secretary's sign-off.

use crate::model::{CommitteeId, RoleId};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::value::Datetime;
use toml::Spanned;

/// Front matter of `content/meetings/<id>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    pub title: String,
    pub link_title: Option<String>,
    #[serde(default)]
    pub description: String,
    pub committee: Spanned<CommitteeId>,
    /// The meeting's number within its year: ครั้งที่ 4/2565 has number 4 …
    pub number: Spanned<u32>,
    /// … and year 2565 (Buddhist era).
    pub year: Spanned<u32>,
    pub date: Spanned<Datetime>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub mode: MeetingMode,
    pub venue: String,
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    #[serde(default)]
    pub absentees: Vec<Absentee>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    pub next_meeting: Option<NextMeeting>,
    pub signature: Option<Signature>,
    /// The plan items each agenda item or resolution (by its id in the body) discusses or decides
    /// on: `"agenda-3-1" = ["@strategy/hr-strategy-2566-2570"]`.
    #[serde(default)]
    pub links: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// Where the meeting took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingMode {
    OnSite,
    Online,
    Hybrid,
}

/// How one person took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    OnSite,
    Online,
}

/// ผู้มาประชุม: a member present, with their role in the meeting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub name: String,
    #[serde(default)]
    pub position: Vec<String>,
    pub role: Spanned<RoleId>,
    pub present: Presence,
}

/// ผู้ไม่มาประชุม, with the reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absentee {
    pub name: String,
    #[serde(default)]
    pub position: Vec<String>,
    pub reason: String,
}

/// ผู้เข้าร่วมประชุม: others who took part.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub name: String,
    #[serde(default)]
    pub position: Vec<String>,
    pub present: Presence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextMeeting {
    pub date: Spanned<Datetime>,
    pub start: Option<Spanned<String>>,
    #[serde(default)]
    pub venue: String,
}

/// The sign-off at the end of the minutes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub name: String,
    #[serde(default)]
    pub position: Vec<String>,
    pub role: Spanned<RoleId>,
}
