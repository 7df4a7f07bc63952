//! The synthetic pages: how many of each kind for N pages per language, and the generators of
//! meeting minutes, strategy plans, competencies and plain pages, each in Thai and English, with
//! the real content's shapes (front matter, agenda headings, `:::` blocks, `@` references).

use crate::text::{q, q_list, thai_digits, Rng};
use crate::world::{Both, World};

/// One file's front matter (TOML, without the `+++` lines) and Markdown body.
pub struct Doc {
    pub front: String,
    pub body: String,
}

impl Doc {
    pub fn file(&self) -> String {
        format!("+++\n{}+++\n\n{}", self.front, self.body)
    }
}

/// A page in both languages: `content/<key>.md` and `content/<key>.en.md`.
pub struct Page {
    pub key: String,
    pub th: Doc,
    pub en: Doc,
}

/// A meeting's place in the archive: committee, number within its (Buddhist-era) year, date.
pub struct MeetingSlot {
    pub id: String,
    pub committee: usize,
    pub number: u32,
    pub year: u32,
    pub date: (u32, u32, u32),
}

/// The plain-page sections: key, Thai and English titles.
pub const PLAIN_SECTIONS: [(&str, &str, &str); 3] =
    [("guides", "คู่มือและแนวปฏิบัติ", "Guides"), ("circulars", "หนังสือเวียน", "Circulars"), ("training", "การพัฒนาบุคลากร", "Training")];

/// Real pages (home, 4 sections, 7 competencies, 1 plan, 1 meeting) plus the plain sections.
pub const FIXED_PAGES: usize = 14 + PLAIN_SECTIONS.len();

/// How the N pages of a language are split: ~60% minutes, ~5% competencies, ~0.5% plans, the rest plain.
pub struct Mix {
    pub meetings: Vec<MeetingSlot>,
    pub plans: Vec<String>,
    /// Competency ids with their titles (the 7 real ones first).
    pub competencies: Vec<(String, Both)>,
    pub plain: usize,
}

const TH_MONTHS: [&str; 12] =
    ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
const EN_MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

impl Mix {
    pub fn new(n: usize, world: &World) -> Mix {
        let meetings_total = n * 6 / 10;
        let plans_total = (n / 200).max(2);
        let competencies_total = (n / 20).max(7);
        let plain = n.checked_sub(FIXED_PAGES - 2 - 7 + meetings_total + plans_total + competencies_total).filter(|p| *p >= 3);
        let plain = plain.unwrap_or_else(|| panic!("--pages {n} is too small: use 60 or more"));
        let c = world.committees.len();
        let mut meetings = vec![MeetingSlot { id: "hr-strategy-2565-04".into(), committee: 0, number: 4, year: 2565, date: (2022, 4, 5) }];
        let mut i = 0;
        while meetings.len() < meetings_total {
            let (committee, seq) = (i % c, i / c);
            let (ce, month, day) = (1987 + (seq / 12) as u32, (seq % 12) as u32 + 1, 1 + (i * 7 % 27) as u32);
            let (id, year) = (&world.committees[committee].id, ce + 543);
            i += 1;
            if id == "hr-strategy" && month == 4 && year == 2565 {
                continue; // the real meeting 4/2565
            }
            meetings.push(MeetingSlot { id: format!("{id}-{year}-{month:02}"), committee, number: month, year, date: (ce, month, day) });
        }
        let mut plans = vec!["hr-strategy-2566-2570".to_string()];
        plans.extend((2..=plans_total).map(|k| format!("hr-strategy-plan-{k:03}")));
        let mut competencies: Vec<(String, Both)> = world.competencies.iter().map(|c| (c.id.clone(), c.title.clone())).collect();
        for n in 8..=competencies_total {
            let base = &world.competencies[(n - 1) % 7].title;
            competencies.push((format!("competency-{n:03}"), Both::new(format!("{} {}", base.th, thai_digits(n)), format!("{} {n}", base.en))));
        }
        Mix { meetings, plans, competencies, plain }
    }
}

/// Generates pages from the world and the mix with one seeded random stream.
pub struct Gen<'a> {
    pub world: &'a World,
    pub mix: &'a Mix,
    pub rng: Rng,
}

fn date_th((y, m, d): (u32, u32, u32)) -> String {
    format!("{} {} {}", thai_digits(d), TH_MONTHS[m as usize - 1], thai_digits(y + 543))
}

fn date_en((y, m, d): (u32, u32, u32)) -> String {
    format!("{d} {} {y}", EN_MONTHS[m as usize - 1])
}

impl Gen<'_> {
    pub fn prose(&mut self, words: usize) -> Both {
        Both::new(self.world.pools.th_prose(&mut self.rng, words), self.world.pools.en_prose(&mut self.rng, words))
    }

    /// A reference to an activity of a random plan, with the activity's title.
    pub fn activity_ref(&mut self) -> (String, Both) {
        let plan = self.rng.pick(&self.mix.plans).clone();
        let activities: Vec<_> = self.world.activities().collect();
        let item = activities[self.rng.below(activities.len())];
        (format!("@strategy/{plan}#{}", item.id), item.title.clone())
    }

    pub fn competency_ref(&mut self) -> (String, Both) {
        let (id, title) = self.rng.pick(&self.mix.competencies);
        (format!("@competency/{id}"), title.clone())
    }

    pub fn meeting_ref(&mut self) -> (String, Both) {
        let m = self.rng.pick(&self.mix.meetings);
        let c = &self.world.committees[m.committee].short;
        let text = Both::new(
            format!("มติ {} ครั้งที่ {}/{}", c.th, thai_digits(m.number), thai_digits(m.year)),
            format!("the resolution of the {} at meeting No. {}/{}", c.en, m.number, m.year),
        );
        (format!("@meeting/{}#resolution-3-1", m.id), text)
    }

    /// Minutes of one meeting: attendees, five agenda items, resolutions, links to plan items.
    pub fn meeting(&mut self, slot: usize) -> Page {
        let m = &self.mix.meetings[slot];
        let committee = &self.world.committees[m.committee];
        let (num_th, num_en) = (format!("{}/{}", thai_digits(m.number), thai_digits(m.year)), format!("{}/{}", m.number, m.year));
        let title = Both::new(
            format!("รายงานการประชุม {} ครั้งที่ {num_th}", committee.name.th),
            format!("Minutes of the {}, Meeting No. {num_en}", committee.name.en),
        );
        let (start, end) = if self.rng.chance(50) { ("09:30", "12:00") } else { ("13:30", "16:00") };
        let mode = *self.rng.pick(&["on-site", "online", "hybrid"]);
        let venue = self.rng.pick(&self.world.venues).clone();
        let (y, mo, d) = m.date;
        let next = if mo == 12 { (y + 1, 1, d) } else { (y, mo + 1, d) };
        let mut front = Both::new(String::new(), String::new());
        let common = format!(
            "committee = {}\nnumber = {}\nyear = {}\ndate = {y:04}-{mo:02}-{d:02}\nstart = \"{start}\"\nend = \"{end}\"\nmode = \"{mode}\"\n",
            q(&committee.id),
            m.number,
            m.year
        );
        front.th = format!("title = {}\nlink_title = {}\ndescription = {}\n{common}venue = {}\n", q(&title.th), q(&format!("ครั้งที่ {num_th}")), q(&format!("การประชุม {} ครั้งที่ {num_th} วันที่ {}", committee.short.th, date_th(m.date))), q(&venue.th));
        front.en = format!("title = {}\nlink_title = {}\ndescription = {}\n{common}venue = {}\n", q(&title.en), q(&format!("Meeting {num_en}")), q(&format!("Meeting No. {num_en} of the {}, {}", committee.short.en, date_en(m.date))), q(&venue.en));
        let mut list = Both::new(String::new(), String::new());
        let people = &self.world.people;
        let first = self.rng.below(people.len());
        let attendees = self.rng.range(10, 18);
        for a in 0..attendees {
            let p = &people[(first + a) % people.len()];
            let (role, th_role, en_role) = match a {
                0 => ("chair", "ประธาน อ.ก.ก.", "Chair of the Sub-Committee"),
                _ if a == attendees - 2 => ("member-secretary", "อ.ก.ก. และเลขานุการ", "Sub-Committee member and secretary"),
                _ if a == attendees - 1 => ("assistant-secretary", "ผู้ช่วยเลขานุการ", "Assistant secretary"),
                _ => ("member", "อ.ก.ก.", "Sub-Committee member"),
            };
            let present = if self.rng.chance(70) { "online" } else { "on-site" };
            let entry = |name: &str, pos: &[String]| format!("\n[[attendees]]\nname = {}\nposition = {}\nrole = \"{role}\"\npresent = \"{present}\"\n", q(name), q_list(pos));
            front.th.push_str(&entry(&p.name.th, &p.position.0));
            front.en.push_str(&entry(&p.name.en, &p.position.1));
            let line = |name: &str, role: &str, pos: &[String]| {
                let mut l = format!("{}. {name} — {role}", a + 1);
                for x in pos {
                    l.push_str(&format!("\\\n   {x}"));
                }
                l + "\n"
            };
            list.th.push_str(&line(&p.name.th, th_role, &p.position.0));
            list.en.push_str(&line(&p.name.en, en_role, &p.position.1));
        }
        for a in 0..self.rng.range(0, 3) {
            let p = &people[(first + attendees + a) % people.len()];
            let e = |name: &str, pos: &[String], reason: &str| format!("\n[[absentees]]\nname = {}\nposition = {}\nreason = {}\n", q(name), q_list(pos), q(reason));
            front.th.push_str(&e(&p.name.th, &p.position.0, "ติดภารกิจ"));
            front.en.push_str(&e(&p.name.en, &p.position.1, "Engaged in other duties"));
        }
        for a in 0..self.rng.range(2, 8) {
            let p = &people[(first + attendees + 3 + a) % people.len()];
            let e = |name: &str, pos: &[String]| format!("\n[[participants]]\nname = {}\nposition = {}\npresent = \"online\"\n", q(name), q_list(pos));
            front.th.push_str(&e(&p.name.th, &p.position.0));
            front.en.push_str(&e(&p.name.en, &p.position.1));
        }
        front.th.push_str(&format!("\n[next_meeting]\ndate = {:04}-{:02}-{:02}\nstart = \"09:30\"\nvenue = {}\n", next.0, next.1, next.2, q(&venue.th)));
        front.en.push_str(&format!("\n[next_meeting]\ndate = {:04}-{:02}-{:02}\nstart = \"09:30\"\nvenue = {}\n", next.0, next.1, next.2, q(&venue.en)));
        let secretary = &people[(first + attendees - 2) % people.len()];
        front.th.push_str(&format!("\n[signature]\nname = {}\nposition = {}\nrole = \"member-secretary\"\n", q(&secretary.name.th), q_list(&secretary.position.0)));
        front.en.push_str(&format!("\n[signature]\nname = {}\nposition = {}\nrole = \"member-secretary\"\n", q(&secretary.name.en), q_list(&secretary.position.1)));

        let time_th = |t: &str| thai_digits(t.replace(':', "."));
        let mut body = Both::new(
            format!("เริ่มประชุมเวลา {} น.\n\nประธานฯ กล่าวเปิดประชุม และดำเนินการประชุมตามระเบียบวาระ ดังนี้\n\n## ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ {{#agenda-1}}\n\nผู้มาประชุม จำนวน {} คน ได้แก่\n\n{}\n::: resolution {{#resolution-1}}\n**มติ อ.ก.ก.** รับทราบ\n:::\n\n", time_th(start), thai_digits(attendees), list.th),
            format!("The meeting opened at {start}.\n\nThe Chair opened the meeting and conducted it according to the agenda, as follows.\n\n## Agenda item 1: Matters reported by the Chair to the meeting {{#agenda-1}}\n\n{attendees} members attended:\n\n{}\n::: resolution {{#resolution-1}}\n**Resolution:** The Sub-Committee took note.\n:::\n\n", list.en),
        );
        let prev = slot.checked_sub(self.world.committees.len()).map(|p| &self.mix.meetings[p]).filter(|p| p.committee == m.committee && slot > 0);
        match prev {
            Some(p) => {
                let (pth, pen) = (format!("{}/{}", thai_digits(p.number), thai_digits(p.year)), format!("{}/{}", p.number, p.year));
                body.th.push_str(&format!("## ระเบียบวาระที่ ๒ เรื่องรับรองรายงานการประชุม ครั้งที่ {pth} {{#agenda-2}}\n\nฝ่ายเลขานุการฯ เสนอให้ที่ประชุมพิจารณารับรอง[รายงานการประชุม ครั้งที่ {pth}](@meeting/{}) เมื่อวันที่ {}\n\n::: resolution {{#resolution-2}}\n**มติ อ.ก.ก.** รับรองรายงานการประชุมครั้งที่ {pth}\n:::\n\n", p.id, date_th(p.date)));
                body.en.push_str(&format!("## Agenda item 2: Adoption of the minutes of meeting No. {pen} {{#agenda-2}}\n\nThe secretariat asked the meeting to adopt the [minutes of meeting No. {pen}](@meeting/{}) of {}.\n\n::: resolution {{#resolution-2}}\n**Resolution:** The Sub-Committee adopted the minutes of meeting No. {pen}.\n:::\n\n", p.id, date_en(p.date)));
            }
            None => {
                body.th.push_str("## ระเบียบวาระที่ ๒ เรื่องรับรองรายงานการประชุม {#agenda-2}\n\n– ไม่มี –\n\n");
                body.en.push_str("## Agenda item 2: Adoption of minutes {#agenda-2}\n\n– None –\n\n");
            }
        }
        body.th.push_str("## ระเบียบวาระที่ ๓ เรื่องเพื่อพิจารณา {#agenda-3}\n\n");
        body.en.push_str("## Agenda item 3: Matters for consideration {#agenda-3}\n\n");
        let items = self.rng.range(1, 3);
        let mut links = String::from("\n[links]\n");
        for k in 1..=items {
            let (target, item) = self.activity_ref();
            let (competency, _) = self.competency_ref();
            let p1 = self.prose(200 / items);
            let p2 = self.prose(60 / items);
            body.th.push_str(&format!("### เรื่องที่ ๓.{} {} {{#agenda-3-{k}}}\n\n{} รายละเอียดตาม[{}]({target}) ซึ่งเกี่ยวข้องกับสมรรถนะ[]({competency})\n\n{}\n\n", thai_digits(k), item.th, p1.th, item.th, p2.th));
            body.en.push_str(&format!("### Item 3.{k}: {} {{#agenda-3-{k}}}\n\n{} See [{}]({target}), which concerns the competency []({competency}).\n\n{}\n\n", item.en, p1.en, item.en, p2.en));
            if self.rng.chance(50) {
                let c = self.prose(50);
                body.th.push_str(&format!("::: considerations\n#### ประเด็นสำคัญในการพิจารณาของ อ.ก.ก. ฯ {{#considerations-3-{k}}}\n\n๑. {}\n:::\n\n", c.th));
                body.en.push_str(&format!("::: considerations\n#### Key Issues Considered by the Sub-Committee {{#considerations-3-{k}}}\n\n1\\. {}\n:::\n\n", c.en));
            }
            body.th.push_str(&format!("::: resolution {{#resolution-3-{k}}}\n**มติ อ.ก.ก.** เห็นชอบแนวทาง{} และมอบหมายให้สำนักงาน ก.ก. และหน่วยงานที่เกี่ยวข้องดำเนินการต่อไป\n:::\n\n", item.th));
            body.en.push_str(&format!("::: resolution {{#resolution-3-{k}}}\n**Resolution:** The Sub-Committee approved the approach to {} and assigned the Office of the BMCSC and the agencies concerned to proceed.\n:::\n\n", item.en));
            links.push_str(&format!("agenda-3-{k} = [{}]\nresolution-3-{k} = [{}, {}]\n", q(&target), q(&target), q(target.split('#').next().unwrap_or(&target))));
        }
        body.th.push_str(&format!("## ระเบียบวาระที่ ๔ เรื่องอื่น ๆ {{#agenda-4}}\n\n– ไม่มี –\n\n## ระเบียบวาระที่ ๕ เรื่องกำหนดวันประชุม {{#agenda-5}}\n\nกำหนดการประชุมครั้งต่อไปในวันที่ {} เวลา ๐๙.๓๐ น. ณ {}\n\n::: resolution {{#resolution-5}}\n**มติ อ.ก.ก.** รับทราบ\n:::\n\nเลิกประชุมเวลา {} น.\n", date_th(next), venue.th, time_th(end)));
        body.en.push_str(&format!("## Agenda item 4: Other matters {{#agenda-4}}\n\n– None –\n\n## Agenda item 5: Date of the next meeting {{#agenda-5}}\n\nThe next meeting is scheduled for {} at 09:30 at the {}.\n\n::: resolution {{#resolution-5}}\n**Resolution:** The Sub-Committee took note.\n:::\n\nThe meeting closed at {end}.\n", date_en(next), venue.en));
        front.th.push_str(&links);
        front.en.push_str(&links);
        Page { key: format!("meetings/{}", m.id), th: Doc { front: front.th, body: body.th }, en: Doc { front: front.en, body: body.en } }
    }
}
