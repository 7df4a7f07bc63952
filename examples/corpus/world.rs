//! What the generated pages are made of, read from the real content: the plan's tree of items,
//! the competencies' definitions and standards, the people and venues of the real minutes, the
//! level names, and the committees (the real ones plus generated sub-committees).

use crate::text::{q, split, thai_digits, Pools, DATA_FILES, REAL_PAGES};
use toml::{Table, Value};

/// A text in both languages.
#[derive(Clone, Debug)]
pub struct Both {
    pub th: String,
    pub en: String,
}

impl Both {
    pub fn new(th: impl Into<String>, en: impl Into<String>) -> Both {
        Both { th: th.into(), en: en.into() }
    }
}

/// An item of the real plan: goal (0), outcome (1), strategic issue (2) or activity (3).
pub struct PlanItem {
    pub id: String,
    pub depth: usize,
    pub title: Both,
}

/// A real competency, the model of the generated ones.
pub struct Competency {
    pub id: String,
    pub title: Both,
    pub domain: String,
    pub definition: Both,
    /// (level, key, text) per language, in the same order.
    pub standards: Vec<(String, Both, Both)>,
}

pub struct Person {
    pub name: Both,
    pub position: (Vec<String>, Vec<String>),
}

pub struct Committee {
    pub id: String,
    pub name: Both,
    pub short: Both,
}

pub struct World {
    pub pools: Pools,
    pub plan: Vec<PlanItem>,
    pub competencies: Vec<Competency>,
    pub people: Vec<Person>,
    pub venues: Vec<Both>,
    pub levels: Vec<Both>,
    pub committees: Vec<Committee>,
}

fn front(key: &str) -> (Table, Table) {
    let (_, th, en) = REAL_PAGES.iter().find(|(k, _, _)| *k == key).expect("a real page");
    let parse = |file: &str| split(file).0.parse::<Table>().expect("real front matter parses");
    (parse(th), parse(en))
}

fn s(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn list(v: &Value, key: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The plan's items in document order, walking the Thai and English trees side by side.
fn plan_items(th: &Value, en: &Value, depth: usize, out: &mut Vec<PlanItem>) {
    const CHILDREN: [&str; 4] = ["goals", "outcomes", "issues", "activities"];
    let Some(key) = CHILDREN.get(depth) else { return };
    for (t, e) in array(th, key).iter().zip(array(en, key)) {
        out.push(PlanItem { id: s(t, "id"), depth, title: Both::new(s(t, "title"), s(e, "title")) });
        plan_items(t, e, depth + 1, out);
    }
}

impl World {
    /// Reads the real content; `committees` is how many committees the generated minutes spread over.
    pub fn load(committees: usize) -> World {
        let (plan_th, plan_en) = front("strategy/hr-strategy-2566-2570");
        let mut plan = Vec::new();
        plan_items(&Value::Table(plan_th), &Value::Table(plan_en), 0, &mut plan);

        let mut competencies = Vec::new();
        for (key, _, _) in REAL_PAGES.iter().filter(|(k, _, _)| k.starts_with("competencies/") && !k.ends_with("_index")) {
            let (th, en) = front(key);
            let (th, en) = (Value::Table(th), Value::Table(en));
            let standards = array(&th, "standards")
                .iter()
                .zip(array(&en, "standards"))
                .map(|(t, e)| (s(t, "level"), Both::new(s(t, "key"), s(e, "key")), Both::new(s(t, "text"), s(e, "text"))))
                .collect();
            competencies.push(Competency {
                id: key.trim_start_matches("competencies/").to_string(),
                title: Both::new(s(&th, "title"), s(&en, "title")),
                domain: s(&th, "domain"),
                definition: Both::new(s(&th, "definition"), s(&en, "definition")),
                standards,
            });
        }
        competencies.sort_by_key(|c| REAL_PAGES.iter().position(|(k, _, _)| k.ends_with(&c.id)));

        let (m_th, m_en) = front("meetings/hr-strategy-2565-04");
        let (m_th, m_en) = (Value::Table(m_th), Value::Table(m_en));
        let mut people = Vec::new();
        for group in ["attendees", "absentees", "participants"] {
            for (t, e) in array(&m_th, group).iter().zip(array(&m_en, group)) {
                people.push(Person { name: Both::new(s(t, "name"), s(e, "name")), position: (list(t, "position"), list(e, "position")) });
            }
        }
        let next = |v: &Value| v.get("next_meeting").map(|n| s(n, "venue")).unwrap_or_default();
        let venues = vec![Both::new(s(&m_th, "venue"), s(&m_en, "venue")), Both::new(next(&m_th), next(&m_en))];

        let data = |name: &str| DATA_FILES.iter().find(|(n, _)| *n == name).expect("a data file").1.parse::<Table>().expect("real data parses");
        let levels_data = Value::Table(data("levels"));
        let levels = array(&levels_data, "levels")
            .iter()
            .map(|l| Both::new(l["name"]["th"].as_str().unwrap_or_default(), l["name"]["en"].as_str().unwrap_or_default()))
            .collect();
        let committees_data = Value::Table(data("committees"));
        let mut all: Vec<Committee> = array(&committees_data, "committees")
            .iter()
            .map(|c| Committee {
                id: s(c, "id"),
                name: Both::new(c["name"]["th"].as_str().unwrap_or_default(), c["name"]["en"].as_str().unwrap_or_default()),
                short: Both::new(c["short"]["th"].as_str().unwrap_or_default(), c["short"]["en"].as_str().unwrap_or_default()),
            })
            .collect();
        let topics: Vec<&PlanItem> = plan.iter().filter(|i| i.depth == 2).collect();
        for n in all.len() + 1..=committees.max(all.len()) {
            let topic = &topics[n % topics.len()].title;
            all.push(Committee {
                id: format!("sub-committee-{n:02}"),
                name: Both::new(format!("อ.ก.ก. วิสามัญเกี่ยวกับ{} ชุดที่ {}", topic.th, thai_digits(n)), format!("BMCSC Ad Hoc Sub-Committee No. {n}: {}", topic.en)),
                short: Both::new(format!("อ.ก.ก. ชุดที่ {}", thai_digits(n)), format!("Sub-Committee No. {n}")),
            });
        }
        World { pools: Pools::from_real_content(), plan, competencies, people, venues, levels, committees: all }
    }

    /// `_data/committees.toml`: the real committees and the generated ones, in the real schema.
    pub fn committees_toml(&self) -> String {
        let mut out = String::from("# Committees (shared vocabulary): the real ones and generated sub-committees.\n");
        for c in &self.committees {
            out.push_str(&format!(
                "[[committees]]\nid = {}\nname = {{ th = {}, en = {} }}\nshort = {{ th = {}, en = {} }}\n\n",
                q(&c.id),
                q(&c.name.th),
                q(&c.name.en),
                q(&c.short.th),
                q(&c.short.en)
            ));
        }
        out
    }

    pub fn activities(&self) -> impl Iterator<Item = &PlanItem> {
        self.plan.iter().filter(|i| i.depth == 3)
    }
}
