//! Generators of the other kinds of page: competencies (every level with standards), strategy
//! plans (the real plan's tree with other competencies), plain pages of ~600 words with tables,
//! lists, a TOML code block and cross-references, and the plain sections' index pages.

use crate::pages::{Doc, Gen, Page, PLAIN_SECTIONS};
use crate::text::{q, q_list, thai_digits};
use crate::world::Both;

impl Gen<'_> {
    /// Competency number `n` (8 and up), modelled on real competency `(n - 1) % 7`.
    pub fn competency(&mut self, n: usize) -> Page {
        let (id, title) = self.mix.competencies[n - 1].clone();
        let base = &self.world.competencies[(n - 1) % 7];
        let mut front = Both::new(
            format!("title = {}\nnumber = {n}\ndomain = {}\ndefinition = {}\n", q(&title.th), q(&base.domain), q(&base.definition.th)),
            format!("title = {}\nnumber = {n}\ndomain = {}\ndefinition = {}\n", q(&title.en), q(&base.domain), q(&base.definition.en)),
        );
        for (level, key, text) in &base.standards {
            let s = |key: &str, text: &str| format!("\n[[standards]]\nlevel = {}\nkey = {}\ntext = {}\n", q(level), q(key), q(text));
            front.th.push_str(&s(&key.th, &text.th));
            front.en.push_str(&s(&key.en, &text.en));
        }
        let (target, item) = self.activity_ref();
        let p = self.prose(150);
        let body = Both::new(
            format!("{} สมรรถนะนี้พัฒนาได้ผ่าน[{}]({target})\n", p.th, item.th),
            format!("{} This competency is built by [{}]({target}).\n", p.en, item.en),
        );
        Page { key: format!("competencies/{id}"), th: Doc { front: front.th, body: body.th }, en: Doc { front: front.en, body: body.en } }
    }

    /// Plan number `k` (2 and up): the real plan's goals, outcomes, issues and activities, each
    /// activity building 1–3 random competencies.
    pub fn plan(&mut self, k: usize) -> Page {
        let id = self.mix.plans[k - 1].clone();
        let from = 2530 + 5 * (k as u32 % 12);
        let title = Both::new(
            format!("แผนยุทธศาสตร์การบริหารทรัพยากรบุคคล (พ.ศ. {} - {}) ของกรุงเทพมหานคร ฉบับที่ {}", thai_digits(from), thai_digits(from + 4), thai_digits(k)),
            format!("BMA Human Resource Management Strategic Plan (B.E. {from}–{}), No. {k}", from + 4),
        );
        let status = if self.rng.chance(50) { "draft" } else { "approved" };
        let head = |t: &str| format!("title = {}\nstatus = \"{status}\"\nperiod = [{from}, {}]\n", q(t), from + 4);
        let mut front = Both::new(head(&title.th), head(&title.en));
        const TABLES: [&str; 4] = ["goals", "goals.outcomes", "goals.outcomes.issues", "goals.outcomes.issues.activities"];
        for item in &self.world.plan {
            let entry = |t: &str| format!("\n[[{}]]\nid = {}\ntitle = {}\n", TABLES[item.depth], q(&item.id), q(t));
            let (mut th, mut en) = (entry(&item.title.th), entry(&item.title.en));
            if item.depth == 3 {
                let mut ids: Vec<String> = Vec::new();
                for _ in 0..self.rng.range(1, 3) {
                    let (c, _) = self.rng.pick(&self.mix.competencies);
                    if !ids.contains(c) {
                        ids.push(c.clone());
                    }
                }
                let line = format!("competencies = {}\n", q_list(&ids));
                th.push_str(&line);
                en.push_str(&line);
            }
            front.th.push_str(&th);
            front.en.push_str(&en);
        }
        let (meeting, text) = self.meeting_ref();
        let (competency, ctitle) = self.competency_ref();
        let (p1, p2) = (self.prose(200), self.prose(120));
        let mut list = Both::new(String::new(), String::new());
        for (i, item) in self.world.plan.iter().filter(|i| i.depth == 2).enumerate() {
            list.th.push_str(&format!("{}. [{}](@strategy/{id}#{})\n", i + 1, item.title.th, item.id));
            list.en.push_str(&format!("{}. [{}](@strategy/{id}#{})\n", i + 1, item.title.en, item.id));
        }
        let body = Both::new(
            format!("## ที่มาของแผน {{#background}}\n\n{} ที่ประชุมมี[{}]({meeting})เห็นชอบแผนนี้\n\n## ประเด็นยุทธศาสตร์ {{#context}}\n\n{}\n{} สมรรถนะหลักของแผนคือ[{}]({competency})\n", p1.th, text.th, list.th, p2.th, ctitle.th),
            format!("## Background {{#background}}\n\n{} The plan was approved by [{}]({meeting}).\n\n## Strategic issues {{#context}}\n\n{}\n{} The plan's key competency is [{}]({competency}).\n", p1.en, text.en, list.en, p2.en, ctitle.en),
        );
        Page { key: format!("strategy/{id}"), th: Doc { front: front.th, body: body.th }, en: Doc { front: front.en, body: body.en } }
    }

    /// Plain page `i` of a plain section: ~600 words with headings, a table, a list, a TOML block
    /// and `@competency`, `@strategy/..#item` and `@meeting/..#resolution` references.
    pub fn plain(&mut self, i: usize) -> Page {
        let (section, _, _) = PLAIN_SECTIONS[i % PLAIN_SECTIONS.len()];
        let issues: Vec<&Both> = self.world.plan.iter().filter(|p| p.depth <= 2).map(|p| &p.title).collect();
        let first = self.rng.below(issues.len());
        let heading = |n: usize| issues[(first + n) % issues.len()].clone();
        let t = heading(0);
        let title = Both::new(format!("{} ({})", t.th, thai_digits(i + 1)), format!("{} ({})", t.en, i + 1));
        let desc = self.prose(20);
        let front = |t: &str, d: &str| format!("title = {}\ndescription = {}\nweight = {}\n", q(t), q(d.split_inclusive(' ').take(12).collect::<String>().trim()), i + 1);
        let (competency, ctitle) = self.competency_ref();
        let (activity, atitle) = self.activity_ref();
        let (meeting, mtitle) = self.meeting_ref();
        let (other, _) = self.competency_ref();
        let intro = self.prose(60);
        let parts = [self.prose(70), self.prose(70), self.prose(60)];
        let mut table = Both::new(
            "| ระดับตำแหน่ง | สมรรถนะ | มาตรฐานพฤติกรรม | จำนวนหน่วยงาน |\n| --- | --- | --- | ---: |\n".to_string(),
            "| Position level | Competency | Behavior standard | Units |\n| --- | --- | --- | ---: |\n".to_string(),
        );
        for (l, level) in self.world.levels.iter().enumerate() {
            let c = &self.world.competencies[(first + l) % 7];
            let (_, key, text) = &c.standards[(2 * l) % c.standards.len()];
            let units = self.rng.range(3, 60);
            table.th.push_str(&format!("| {} | {} | **{}** {} | {} |\n", level.th, c.title.th, key.th, text.th, thai_digits(units)));
            table.en.push_str(&format!("| {} | {} | **{}** {} | {units} |\n", level.en, c.title.en, key.en, text.en));
        }
        let mut list = Both::new(String::new(), String::new());
        for n in 1..=4 {
            let h = heading(n + 3);
            list.th.push_str(&format!("- {}\n", h.th));
            list.en.push_str(&format!("- {}\n", h.en));
        }
        list.th.push_str(&format!("- ดู[]({other})\n"));
        list.en.push_str(&format!("- See []({other})\n"));
        let code = format!(
            "```toml\n# {}\n[[meeting]]\ncommittee = \"hr-strategy\"\nnumber = {}\nyear = 2565\nresolutions = [\"resolution-3-1\", \"resolution-5\"]\n```\n",
            ctitle.en,
            self.rng.range(1, 12)
        );
        let (h1, h2, h3) = (heading(1), heading(2), heading(3));
        let body = Both::new(
            format!(
                "{}\n\n## {}\n\n{} ตาม[{}]({competency})\n\n{}\n## {} {{#part-2}}\n\n{} ดู[{}]({activity})\n\n{}\nตัวอย่างข้อมูลการประชุมในรูปแบบ TOML:\n\n{code}\n## {} {{#part-3}}\n\n{} ตาม[{}]({meeting})\n",
                intro.th, h1.th, parts[0].th, ctitle.th, table.th, h2.th, parts[1].th, atitle.th, list.th, h3.th, parts[2].th, mtitle.th
            ),
            format!(
                "{}\n\n## {}\n\n{} See [{}]({competency}).\n\n{}\n## {} {{#part-2}}\n\n{} See [{}]({activity}).\n\n{}\nAn example of meeting data in TOML:\n\n{code}\n## {} {{#part-3}}\n\n{} This follows [{}]({meeting}).\n",
                intro.en, h1.en, parts[0].en, ctitle.en, table.en, h2.en, parts[1].en, atitle.en, list.en, h3.en, parts[2].en, mtitle.en
            ),
        );
        Page {
            key: format!("{section}/{section}-{:05}", i + 1),
            th: Doc { front: front(&title.th, &desc.th), body: body.th },
            en: Doc { front: front(&title.en, &desc.en), body: body.en },
        }
    }

    /// The `_index` page of plain section `s`.
    pub fn plain_section(&mut self, s: usize) -> Page {
        let (key, th, en) = PLAIN_SECTIONS[s];
        let p = self.prose(120);
        let front = |t: &str| format!("title = {}\nlink_title = {}\nweight = {}\ndescription = {}\n", q(t), q(t), 5 + s, q(t));
        Page {
            key: format!("{key}/_index"),
            th: Doc { front: front(th), body: format!("{}\n", p.th) },
            en: Doc { front: front(en), body: format!("{}\n", p.en) },
        }
    }
}
