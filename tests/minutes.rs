//! Meeting minutes and strategy plans, end to end. The first half builds the real `content/` and
//! checks, in Thai and English, meeting 4/2565 (every attendee, absentee and participant with
//! their roles, every agenda item and resolution by id, the resolutions page, the section, the
//! Atom feeds, dates in the Buddhist era with Thai or Arabic digits) and plan 2566–2570 (every
//! goal, outcome, strategic issue and activity of its front matter as a cell with its id, merged
//! cells that tile the table). Expected values are read from the content files themselves. The
//! second half breaks `tests/fixtures/minutes` one way at a time and checks the diagnostics.

mod common;

use common::*;
use scraper::{ElementRef, Html, Selector};
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;
use tempfile::TempDir;

const MEETING: &str = "hr-strategy-2565-04";
const PLAN: &str = "hr-strategy-2566-2570";
const BASE_URL: &str = "http://intranet.test/hr/handbook/";
const LANGS: [&str; 2] = ["th", "en"];

// =============================================================================================
// Real content
// =============================================================================================

/// The real site, built once for all tests of this file under a subpath base URL.
fn site() -> &'static Path {
    static SITE: OnceLock<TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = real_site();
        build(dir.path(), &["--base-url", BASE_URL]);
        dir
    })
    .path()
    .join("site")
    .leak()
}

/// The real site built with `thai_digits = false` in its handbook.toml.
fn site_with_arabic_digits() -> &'static Path {
    static SITE: OnceLock<TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = real_site();
        let config = dir.path().join("handbook.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.contains("\nthai_digits = true"), "the real handbook.toml turns Thai digits on:\n{text}");
        std::fs::write(&config, text.replace("\nthai_digits = true", "\nthai_digits = false")).unwrap();
        build(dir.path(), &[]);
        dir
    })
    .path()
    .join("site")
    .leak()
}

fn prefix(lang: &str) -> &'static str {
    if lang == "en" { "en/" } else { "" }
}

/// `content/<stem>.md` (Thai) or `content/<stem>.en.md`: its front matter and its body.
fn source(stem: &str, lang: &str) -> (toml::Table, String) {
    let suffix = if lang == "en" { ".en" } else { "" };
    let file = repo().join(format!("content/{stem}{suffix}.md"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let text = text.replace("\r\n", "\n");
    let rest = text.strip_prefix("+++\n").expect("front matter opens the file");
    let (front, body) = rest.split_once("\n+++\n").expect("front matter is closed");
    (toml::from_str(front).unwrap_or_else(|e| panic!("{}: {e}", file.display())), body.to_string())
}

/// `content/_data/<name>.toml`.
fn data(name: &str) -> toml::Table {
    let text = std::fs::read_to_string(repo().join(format!("content/_data/{name}.toml"))).unwrap();
    toml::from_str(&text).unwrap()
}

/// The label in `lang` of vocabulary entry `id` (`field` is `name` or `short`).
fn label(vocab: &str, id: &str, field: &str, lang: &str) -> String {
    let table = data(vocab);
    let entry = table[vocab].as_array().unwrap().iter().find(|e| e["id"].as_str() == Some(id));
    let entry = entry.unwrap_or_else(|| panic!("no '{id}' in _data/{vocab}.toml"));
    entry[field][lang].as_str().unwrap().to_string()
}

fn str_of(v: &toml::Value, key: &str) -> String {
    v.get(key).and_then(|x| x.as_str()).unwrap_or_default().to_string()
}

fn array<'a>(v: &'a toml::Value, key: &str) -> &'a [toml::Value] {
    v.get(key).and_then(|x| x.as_array()).map(Vec::as_slice).unwrap_or_default()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(e: ElementRef) -> String {
    collapse(&e.text().collect::<String>())
}

fn select<'a>(root: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
    root.select(&sel).collect()
}

/// The one element of the page with this id.
fn by_id<'a>(html: &'a Html, id: &str) -> ElementRef<'a> {
    let found = select(html.root_element(), &format!("[id=\"{id}\"]"));
    assert_eq!(found.len(), 1, "exactly one element has id '{id}'");
    found[0]
}

fn thai_digits(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { char::from_u32('๐' as u32 + (c as u32 - '0' as u32)).unwrap() } else { c }).collect()
}

/// Every `id` on the page must be unique: `#id` lands on one place.
fn assert_ids_unique(html: &Html, path: &str) {
    let mut seen = HashSet::new();
    for id in attrs(html, "[id]", "id") {
        assert!(seen.insert(id.clone()), "/{path}: id '{id}' is used more than once");
    }
}

/// The `<li>` items of the list that belongs to the element with `id`: the list inside it (a
/// section) or, for a heading, the first list among its following siblings.
fn list_of<'a>(html: &'a Html, id: &str) -> Vec<ElementRef<'a>> {
    let at = by_id(html, id);
    let inside = select(at, "li");
    if !inside.is_empty() {
        return inside;
    }
    for sibling in at.next_siblings().filter_map(ElementRef::wrap) {
        if matches!(sibling.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            break; // the next heading: this one has no list
        }
        let items = select(sibling, "li");
        if !items.is_empty() {
            return items;
        }
    }
    panic!("no list follows #{id}");
}

/// A person's entry: their name, then every position line, their role and reason, as shown.
fn person(li: ElementRef) -> (String, Vec<String>, Vec<String>, String) {
    let one = |sel: &str| select(li, sel).into_iter().map(text).collect::<Vec<_>>();
    let name = one(".person-name");
    assert_eq!(name.len(), 1, "one name per entry: {}", text(li));
    (name[0].clone(), one(".person-position"), one(".person-role"), text(li))
}

/// Markdown source text as a reader sees it: `**strong**` and `[text](target)` marks removed.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown.replace("**", "").replace("\\\n", " ");
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|i| open + i) else { break };
        let Some(close) = rest[mid..].find(')').map(|i| mid + i) else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..mid]);
        rest = rest[close + 1..].to_string();
    }
    out.push_str(&rest);
    collapse(&out)
}

/// A `##`/`###` heading of a body with an explicit id: (id, level, text).
fn explicit_heading(line: &str) -> Option<(String, usize, String)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = line[level..].strip_prefix(' ')?;
    let (title, id) = rest.trim_end().strip_suffix('}')?.rsplit_once("{#")?;
    Some((id.trim().to_string(), level, title.trim().to_string()))
}

/// What the minutes' body says: agenda items `(id, level, title)` and resolutions
/// `(id, text, agenda item above it)`, in order.
struct Minutes {
    agenda: Vec<(String, usize, String)>,
    resolutions: Vec<(String, String, String)>,
}

fn minutes(body: &str) -> Minutes {
    let mut agenda: Vec<(String, usize, String)> = Vec::new();
    let mut resolutions = Vec::new();
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        if let Some((id, level, title)) = explicit_heading(line).filter(|(_, l, _)| *l == 2 || *l == 3) {
            agenda.push((id, level, title));
        } else if let Some(attrs) = line.strip_prefix("::: resolution") {
            let id = attrs.trim().trim_start_matches("{#").trim_end_matches('}').to_string();
            let inner: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != ":::").collect();
            let above = agenda.last().map(|a| a.0.clone()).unwrap_or_default();
            resolutions.push((id, plain(&inner.join("\n")), above));
        }
    }
    Minutes { agenda, resolutions }
}

/// The closest `<li>` around an element.
fn enclosing_li(e: ElementRef) -> ElementRef {
    e.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "li").expect("inside a list item")
}

fn meeting_path(lang: &str) -> String {
    format!("{}meetings/{MEETING}/", prefix(lang))
}

fn plan_path(lang: &str) -> String {
    format!("{}strategy/{PLAN}/", prefix(lang))
}

#[test]
fn attendees_absentees_and_participants_are_listed_in_order_with_roles_and_reasons() {
    for lang in LANGS {
        let (front, _) = source(&format!("meetings/{MEETING}"), lang);
        let path = meeting_path(lang);
        let html = page(site(), &path);
        let table = toml::Value::Table(front);
        // The source minutes of 4/2565: 19 present, 2 absent, 10 others taking part.
        let counts = ["attendees", "absentees", "participants"].map(|k| array(&table, k).len());
        assert_eq!(counts, [19, 2, 10], "{lang} front matter of meeting 4/2565");
        for list in ["attendees", "absentees", "participants"] {
            let expected = array(&table, list);
            let shown: Vec<_> = list_of(&html, list).into_iter().map(person).collect();
            let names: Vec<&str> = shown.iter().map(|p| p.0.as_str()).collect();
            let wanted: Vec<String> = expected.iter().map(|p| str_of(p, "name")).collect();
            assert_eq!(names, wanted, "/{path} #{list}: every name, in the order of the minutes");
            for (p, (name, positions, roles, all)) in expected.iter().zip(&shown) {
                let lines: Vec<String> = array(p, "position").iter().map(|l| l.as_str().unwrap().to_string()).collect();
                assert_eq!(positions, &lines, "/{path} #{list}: positions of {name}");
                let role = p.get("role").and_then(|r| r.as_str());
                let want_role: Vec<String> = role.map(|r| label("roles", r, "name", lang)).into_iter().collect();
                assert_eq!(roles, &want_role, "/{path} #{list}: role of {name} as _data/roles.toml names it");
                if let Some(reason) = p.get("reason").and_then(|r| r.as_str()) {
                    assert!(all.contains(reason), "/{path} #{list}: {name} is absent because '{reason}': {all}");
                }
            }
        }
        // The secretary signs the minutes with their role.
        let signature = texts(&html, ".signature").join(" ");
        let sig = &table["signature"];
        assert!(signature.contains(&str_of(sig, "name")), "/{path}: {signature}");
        assert!(signature.contains(&label("roles", &str_of(sig, "role"), "name", lang)), "/{path}: {signature}");
    }
}

#[test]
fn every_agenda_item_is_a_heading_and_every_resolution_a_block_with_its_text() {
    for lang in LANGS {
        let (_, body) = source(&format!("meetings/{MEETING}"), lang);
        let m = minutes(&body);
        let agenda: Vec<&str> = m.agenda.iter().map(|a| a.0.as_str()).filter(|id| id.starts_with("agenda-")).collect();
        assert_eq!(agenda, ["agenda-1", "agenda-2", "agenda-3", "agenda-3-1", "agenda-3-2", "agenda-4", "agenda-5"], "{lang} source");
        let ids: Vec<&str> = m.resolutions.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(ids, ["resolution-1", "resolution-2", "resolution-3-1", "resolution-3-2", "resolution-5"], "{lang} source");

        let path = meeting_path(lang);
        let html = page(site(), &path);
        assert_ids_unique(&html, &path);
        for (id, level, title) in &m.agenda {
            let heading = by_id(&html, id);
            assert_eq!(heading.value().name(), format!("h{level}"), "/{path}#{id} is a level-{level} heading");
            assert_eq!(text(heading), *title, "/{path}#{id}");
        }
        for (id, words, _) in &m.resolutions {
            let block = by_id(&html, id);
            let classes: Vec<&str> = block.value().classes().collect();
            assert!(classes.contains(&"resolution"), "/{path}#{id} is a .resolution element: {classes:?}");
            assert!(text(block).contains(words.as_str()), "/{path}#{id} says '{words}': {}", text(block));
        }
        // The page's order is the minutes' order.
        let on_page = attrs(&html, "[id^=\"agenda-\"], .resolution[id]", "id");
        let in_source: Vec<String> = {
            let mut all: Vec<(usize, String)> = Vec::new();
            for (id, _, _) in &m.agenda {
                all.push((body.find(&format!("{{#{id}}}")).unwrap(), id.clone()));
            }
            for (id, _, _) in &m.resolutions {
                all.push((body.find(&format!("{{#{id}}}")).unwrap(), id.clone()));
            }
            all.sort();
            all.into_iter().map(|(_, id)| id).filter(|id| id.starts_with("agenda-") || id.starts_with("resolution-")).collect()
        };
        assert_eq!(on_page, in_source, "/{path}: agenda items and resolutions in the order of the minutes");
    }
}

#[test]
fn the_meeting_page_links_each_of_its_resolutions_from_its_resolutions_box() {
    for lang in LANGS {
        let (_, body) = source(&format!("meetings/{MEETING}"), lang);
        let wanted: Vec<String> = minutes(&body).resolutions.iter().map(|r| format!("#{}", r.0)).collect();
        let html = page(site(), &meeting_path(lang));
        assert_eq!(attrs(&html, ".meeting-resolutions a", "href"), wanted, "{lang}: one link per resolution, in order");
    }
}

#[test]
fn the_resolutions_page_lists_every_resolution_with_its_meeting_date_and_agenda_item() {
    for (lang, date) in [("th", "๕ เมษายน ๒๕๖๕"), ("en", "5 April 2022")] {
        let (front, body) = source(&format!("meetings/{MEETING}"), lang);
        let path = format!("{}meetings/resolutions/", prefix(lang));
        let html = page(site(), &path);
        assert_eq!(attrs(&html, "html", "lang"), [lang]);
        let meeting = meeting_path(lang);
        let links: Vec<ElementRef> = select(html.root_element(), "main a[href]");
        let m = minutes(&body);
        for (id, words, agenda) in &m.resolutions {
            let to_it: Vec<&ElementRef> = links
                .iter()
                .filter(|a| {
                    let href = a.value().attr("href").unwrap();
                    resolve_href(&path, href) == meeting && href.ends_with(&format!("#{id}"))
                })
                .collect();
            assert_eq!(to_it.len(), 1, "/{path} links once to {meeting}#{id}");
            let item = enclosing_li(*to_it[0]);
            let shown = text(item);
            assert!(shown.contains(words.as_str()), "/{path}: {id} says '{words}': {shown}");
            assert!(shown.contains(date), "/{path}: {id} is dated {date}: {shown}");
            let hrefs: Vec<String> = select(item, "a[href]").iter().map(|a| a.value().attr("href").unwrap().to_string()).collect();
            let title = front["title"].as_str().unwrap();
            let meeting_link = select(item, "a[href]").into_iter().find(|a| !a.value().attr("href").unwrap().contains('#'));
            let meeting_link = meeting_link.unwrap_or_else(|| panic!("/{path}: {id} links to its meeting: {hrefs:?}"));
            assert_eq!(resolve_href(&path, meeting_link.value().attr("href").unwrap()), meeting, "/{path}: {id}");
            assert_eq!(text(meeting_link), title, "/{path}: {id}'s meeting is named by its title");
            let agenda_link = select(item, "a[href]")
                .into_iter()
                .find(|a| a.value().attr("href").unwrap().ends_with(&format!("#{agenda}")))
                .unwrap_or_else(|| panic!("/{path}: {id} links to its agenda item #{agenda}: {hrefs:?}"));
            assert_eq!(resolve_href(&path, agenda_link.value().attr("href").unwrap()), meeting, "/{path}: {id}");
            let (_, _, agenda_title) = m.agenda.iter().find(|a| &a.0 == agenda).unwrap();
            assert_eq!(text(agenda_link), *agenda_title, "/{path}: {id}'s agenda item is named by its heading");
        }
        assert_eq!(m.resolutions.iter().find(|r| r.0 == "resolution-3-1").unwrap().2, "agenda-3-1");
    }
}

#[test]
fn minutes_of_several_years_get_a_resolutions_page_per_year_newest_first() {
    let dir = real_site();
    for (number, year) in [(1, 2566), (2, 2567)] {
        let file = dir.path().join(format!("content/meetings/hr-strategy-{year}-{number:02}.md"));
        std::fs::write(file, thai_minutes(number, year, "")).unwrap();
    }
    let site = build(dir.path(), &[]);
    let resolutions = |path: &str| -> Vec<String> {
        let html = page(&site, path);
        attrs(&html, ".resolution-list a[href*='#resolution-']", "href").iter().map(|h| resolve_href(path, h) + &h[h.find('#').unwrap()..]).collect()
    };
    let years = |path: &str| -> Vec<(String, String, Option<String>)> {
        let html = page(&site, path);
        let nav = select(html.root_element(), "nav[aria-labelledby='resolution-years'] a");
        nav.iter().map(|a| (text(*a), resolve_href(path, a.value().attr("href").unwrap()), a.value().attr("aria-current").map(str::to_string))).collect()
    };
    let index = "meetings/resolutions/";
    let expected_years = |current: &str, how: &str| -> Vec<(String, String, Option<String>)> {
        ["๒๕๖๗", "๒๕๖๖", "๒๕๖๕"]
            .iter()
            .zip(["2567", "2566", "2565"])
            .map(|(label, y)| (format!("พ.ศ. {label}"), format!("{index}{y}/"), (y == current).then(|| how.to_string())))
            .collect()
    };
    // The list's own page shows the newest year, marked as shown but not as this page.
    assert_eq!(years(index), expected_years("2567", "true"));
    assert_eq!(resolutions(index), ["meetings/hr-strategy-2567-02/#resolution-3-1"]);
    assert_eq!(years(&format!("{index}2567/")), expected_years("2567", "page"));
    assert_eq!(resolutions(&format!("{index}2566/")), ["meetings/hr-strategy-2566-01/#resolution-3-1"]);
    let older = resolutions(&format!("{index}2565/"));
    assert!(!older.is_empty() && older.iter().all(|r| r.starts_with(&format!("meetings/{MEETING}/#resolution-"))), "{older:?}");
    // English has the minutes of one year only: one page with all of them, as before.
    assert!(years("en/meetings/resolutions/").is_empty());
    assert!(!site.join("en/meetings/resolutions/2565").exists());
}

/// A plan item from the front matter: id, title, level (`goal`…`activity`), rows it spans.
struct PlanItem {
    id: String,
    title: String,
    level: &'static str,
    rows: usize,
}

fn plan_items(front: &toml::Table) -> Vec<PlanItem> {
    fn walk(v: &toml::Value, depth: usize, out: &mut Vec<PlanItem>) -> usize {
        const LEVELS: [(&str, &str); 4] = [("goal", "outcomes"), ("outcome", "issues"), ("issue", "activities"), ("activity", "")];
        let (level, children) = LEVELS[depth];
        let at = out.len();
        out.push(PlanItem { id: str_of(v, "id"), title: str_of(v, "title"), level, rows: 1 });
        let rows = if children.is_empty() { 1 } else { array(v, children).iter().map(|c| walk(c, depth + 1, out)).sum::<usize>().max(1) };
        out[at].rows = rows;
        rows
    }
    let mut out = Vec::new();
    for goal in front["goals"].as_array().unwrap() {
        walk(goal, 0, &mut out);
    }
    out
}

#[test]
fn the_plan_table_has_every_item_of_the_front_matter_as_a_cell_with_its_id() {
    for lang in LANGS {
        let (front, _) = source(&format!("strategy/{PLAN}"), lang);
        let items = plan_items(&front);
        let count = |level: &str| items.iter().filter(|i| i.level == level).count();
        assert_eq!(
            ["goal", "outcome", "issue", "activity"].map(count),
            [2, 3, 6, 21],
            "{lang}: the source plan has 2 goals, 3 outcomes, 6 strategic issues and 21 activities"
        );
        let path = plan_path(lang);
        let html = page(site(), &path);
        assert_eq!(attrs(&html, "html", "lang"), [lang]);
        assert_eq!(texts(&html, "h1"), [front["title"].as_str().unwrap()], "/{path}");
        assert_ids_unique(&html, &path);
        for level in ["goal", "outcome", "issue", "activity"] {
            let cells = select(html.root_element(), &format!("td.plan-{level}"));
            let wanted: Vec<&PlanItem> = items.iter().filter(|i| i.level == level).collect();
            let ids: Vec<&str> = cells.iter().map(|c| c.value().id().unwrap_or("")).collect();
            let wanted_ids: Vec<&str> = wanted.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(ids, wanted_ids, "/{path}: td.plan-{level} cells, with the front matter's ids, in order");
            for (cell, item) in cells.iter().zip(&wanted) {
                assert!(text(*cell).contains(&item.title), "/{path}#{}: titled '{}': {}", item.id, item.title, text(*cell));
                let rowspan: usize = cell.value().attr("rowspan").map_or(1, |r| r.parse().unwrap());
                assert_eq!(rowspan, item.rows, "/{path}#{}: spans the rows of its activities", item.id);
            }
        }
    }
}

#[test]
fn the_plan_tables_merged_cells_tile_its_rows() {
    for lang in LANGS {
        let path = plan_path(lang);
        let html = page(site(), &path);
        let tables: Vec<ElementRef> =
            select(html.root_element(), "table").into_iter().filter(|t| !select(*t, "td.plan-activity").is_empty()).collect();
        assert_eq!(tables.len(), 1, "/{path}: one plan table");
        let rows = select(tables[0], "tbody > tr");
        let goal_rows: usize = select(tables[0], "td.plan-goal").iter().map(|c| c.value().attr("rowspan").map_or(1, |r| r.parse::<usize>().unwrap())).sum();
        assert_eq!(rows.len(), 21, "/{path}: one row per activity");
        assert_eq!(goal_rows, rows.len(), "/{path}: the goals' rowspans add up to the rows");
        // Each column is covered exactly once on every row: a cell starts where the one above ends.
        let columns = ["plan-goal", "plan-outcome", "plan-issue", "plan-activity"];
        let mut covered = [0usize; 4];
        for (r, row) in rows.iter().enumerate() {
            let cells = select(*row, "td");
            let starting: Vec<usize> = (0..4).filter(|c| covered[*c] <= r).collect();
            let found: Vec<usize> = cells
                .iter()
                .map(|cell| columns.iter().position(|c| cell.value().classes().any(|k| k == *c)).expect("each cell has its level's class"))
                .collect();
            assert_eq!(found, starting, "/{path}: row {} starts a cell in exactly the columns not covered from above", r + 1);
            for (cell, col) in cells.iter().zip(found) {
                covered[col] = r + cell.value().attr("rowspan").map_or(1, |s| s.parse::<usize>().unwrap());
            }
        }
        assert_eq!(covered, [rows.len(); 4], "/{path}: no cell spans past the last row");
    }
}

#[test]
fn thai_dates_are_buddhist_era_with_thai_digits_and_english_dates_gregorian() {
    let th = page(site(), &meeting_path("th"));
    let facts = texts(&th, ".meeting-facts").join(" ");
    for want in ["๕ เมษายน ๒๕๖๕", "๑๓.๓๐–๑๕.๒๐ น.", "๔/๒๕๖๕"] {
        assert!(facts.contains(want), "Thai meeting page shows {want}: {facts}");
    }
    for arabic in ["5 เมษายน", "2565", "13.30", "4/"] {
        assert!(!facts.contains(arabic), "Thai digits in the generated date, time and number: {facts}");
    }
    let next = texts(&th, ".next-meeting").join(" ");
    assert!(next.contains("วันอังคารที่ ๓ พฤษภาคม ๒๕๖๕"), "{next}");
    assert!(next.contains("๐๙.๓๐ น."), "{next}");

    let en = page(site(), &meeting_path("en"));
    let facts = texts(&en, ".meeting-facts").join(" ");
    for want in ["5 April 2022", "13:30–15:20", "4/2565"] {
        assert!(facts.contains(want), "English meeting page shows {want}: {facts}");
    }
    let next = texts(&en, ".next-meeting").join(" ");
    assert!(next.contains("Tuesday 3 May 2022"), "{next}");
    assert!(next.contains("09:30"), "{next}");
}

#[test]
fn thai_digits_false_shows_arabic_digits_on_thai_pages() {
    let th = page(site_with_arabic_digits(), &meeting_path("th"));
    let facts = texts(&th, ".meeting-facts").join(" ");
    for want in ["5 เมษายน 2565", "13.30–15.20 น.", "4/2565"] {
        assert!(facts.contains(want), "Thai meeting page shows {want} with thai_digits = false: {facts}");
    }
    for thai in ["๕ เมษายน", "๒๕๖๕", "๑๓.๓๐", "๔/"] {
        assert!(!facts.contains(thai), "no Thai digits in the generated date, time and number: {facts}");
    }
    let next = texts(&th, ".next-meeting").join(" ");
    assert!(next.contains("วันอังคารที่ 3 พฤษภาคม 2565"), "{next}");
    let resolutions = page(site_with_arabic_digits(), "meetings/resolutions/").root_element().text().collect::<String>();
    assert!(resolutions.contains("5 เมษายน 2565") && !resolutions.contains("๕ เมษายน ๒๕๖๕"), "the resolutions page too");
    let en = texts(&page(site_with_arabic_digits(), &meeting_path("en")), ".meeting-facts").join(" ");
    assert!(en.contains("5 April 2022"), "English is unchanged: {en}");
}

#[test]
fn the_meetings_section_lists_the_meeting_under_its_committee_and_year() {
    for (lang, date) in [("th", "๕ เมษายน ๒๕๖๕"), ("en", "5 April 2022")] {
        let (front, _) = source(&format!("meetings/{MEETING}"), lang);
        let committee = label("committees", front["committee"].as_str().unwrap(), "short", lang);
        assert_eq!(front["year"].as_integer(), Some(2565));
        let year = if lang == "th" { thai_digits("2565") } else { "2565".to_string() };
        let year = year.as_str();
        let path = format!("{}meetings/", prefix(lang));
        let html = page(site(), &path);
        let headings: Vec<ElementRef> = select(html.root_element(), "main h2, main h3")
            .into_iter()
            .filter(|h| text(*h).contains(&committee) && text(*h).contains(year))
            .collect();
        assert_eq!(headings.len(), 1, "/{path}: one group headed '{committee} … {year}': {:?}", texts(&html, "main h2, main h3"));
        let list = headings[0]
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .find(|e| !select(*e, "li").is_empty())
            .unwrap_or_else(|| panic!("/{path}: a list follows the group heading"));
        let items = select(list, "li");
        let entry = items
            .iter()
            .find(|li| select(**li, "a[href]").iter().any(|a| resolve_href(&path, a.value().attr("href").unwrap()) == meeting_path(lang)))
            .unwrap_or_else(|| panic!("/{path}: the group lists /{}", meeting_path(lang)));
        let shown = text(*entry);
        assert!(shown.contains(front["title"].as_str().unwrap()), "/{path}: {shown}");
        assert!(shown.contains(date), "/{path}: the entry is dated {date}: {shown}");
        // The section points to the resolutions page and the feed.
        let hrefs: Vec<String> = attrs(&html, "a[href]", "href").iter().map(|h| resolve_href(&path, h)).collect();
        assert!(hrefs.contains(&format!("{path}resolutions/")), "/{path} links to its resolutions page");
    }
}

// ---------------------------------------------------------------------------------------------
// A small XML reader, enough to tell whether a feed is well-formed and to read it.

#[derive(Debug)]
struct Xml {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<XmlNode>,
}

#[derive(Debug)]
enum XmlNode {
    Element(Xml),
    Text(String),
}

impl Xml {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Xml> + 'a {
        self.children.iter().filter_map(move |c| match c {
            XmlNode::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }
    fn child(&self, name: &str) -> Option<&Xml> {
        self.children.iter().find_map(|c| match c {
            XmlNode::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }
    fn text(&self) -> String {
        self.children.iter().map(|c| if let XmlNode::Text(t) = c { t.as_str() } else { "" }).collect()
    }
}

fn xml_name_ok(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// Replaces the five predefined entities and character references; anything else is an error.
fn xml_decode(text: &str) -> Result<String, String> {
    if text.contains("]]>") {
        return Err("']]>' in text".into());
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').map(|i| amp + i).ok_or_else(|| format!("bare '&' in {text:?}"))?;
        let name = &rest[amp + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    name.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                n.and_then(char::from_u32).ok_or_else(|| format!("unknown entity '&{name};'"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn xml_start_tag(tag: &str) -> Result<(Xml, bool), String> {
    let (tag, empty) = match tag.strip_suffix('/') {
        Some(t) => (t, true),
        None => (tag, false),
    };
    let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
    let name = &tag[..name_end];
    if !xml_name_ok(name) {
        return Err(format!("bad element name '{name}'"));
    }
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut rest = &tag[name_end..];
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() {
            return Err(format!("attributes of <{name}> must be separated by spaces"));
        }
        let eq = trimmed.find('=').ok_or_else(|| format!("attribute without value in <{name}>"))?;
        let attr = trimmed[..eq].trim_end();
        if !xml_name_ok(attr) {
            return Err(format!("bad attribute name '{attr}' in <{name}>"));
        }
        let value = trimmed[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or_else(|| format!("unquoted value of {attr}"))?;
        let close = value[1..].find(quote).ok_or_else(|| format!("unclosed value of {attr}"))? + 1;
        let raw = &value[1..close];
        if raw.contains('<') {
            return Err(format!("'<' in the value of {attr}"));
        }
        if attrs.iter().any(|(n, _)| n == attr) {
            return Err(format!("duplicate attribute {attr} in <{name}>"));
        }
        attrs.push((attr.to_string(), xml_decode(raw)?));
        rest = &value[close + 1..];
    }
    Ok((Xml { name: name.to_string(), attrs, children: Vec::new() }, empty))
}

/// Parses a whole XML document: one root element, properly nested and closed tags, quoted
/// attributes, known entities only.
fn parse_xml(doc: &str) -> Result<Xml, String> {
    let mut rest = doc.strip_prefix('\u{feff}').unwrap_or(doc);
    if let Some(r) = rest.strip_prefix("<?xml") {
        rest = &r[r.find("?>").ok_or("unclosed XML declaration")? + 2..];
    }
    let mut stack: Vec<Xml> = Vec::new();
    let mut root: Option<Xml> = None;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->").ok_or("unclosed comment")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").ok_or("unclosed CDATA section")?;
            stack.last_mut().ok_or("CDATA outside the root element")?.children.push(XmlNode::Text(r[..end].to_string()));
            rest = &r[end + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            return Err(format!("unexpected markup: {}", &rest[..rest.len().min(20)]));
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unclosed end tag")?;
            let name = r[..end].trim_end();
            let open = stack.pop().ok_or_else(|| format!("</{name}> closes nothing"))?;
            if open.name != name {
                return Err(format!("</{name}> closes <{}>", open.name));
            }
            attach(open, &mut stack, &mut root)?;
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let mut quote = None;
            let end = r
                .char_indices()
                .find(|(_, c)| match quote {
                    Some(q) if *c == q => {
                        quote = None;
                        false
                    }
                    Some(_) => false,
                    None if *c == '"' || *c == '\'' => {
                        quote = Some(*c);
                        false
                    }
                    None => *c == '>',
                })
                .map(|(i, _)| i)
                .ok_or("unclosed start tag")?;
            let (element, empty) = xml_start_tag(&r[..end])?;
            if root.is_some() {
                return Err(format!("<{}> after the root element", element.name));
            }
            if empty {
                attach(element, &mut stack, &mut root)?;
            } else {
                stack.push(element);
            }
            rest = &r[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = xml_decode(&rest[..end])?;
            match stack.last_mut() {
                Some(top) => top.children.push(XmlNode::Text(text)),
                None if text.trim().is_empty() => {}
                None => return Err(format!("text outside the root element: {text:?}")),
            }
            rest = &rest[end..];
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn attach(element: Xml, stack: &mut [Xml], root: &mut Option<Xml>) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(XmlNode::Element(element)),
        None if root.is_none() => *root = Some(element),
        None => return Err("a second root element".into()),
    }
    Ok(())
}

#[test]
fn the_xml_reader_rejects_what_is_not_well_formed() {
    assert!(parse_xml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b>t &amp; &#x0E01;</b><c/></a>\n").is_ok());
    for bad in ["<a><b></a></b>", "<a>", "<a></a><b></b>", "<a x=1></a>", "<a>&nbsp;</a>", "<a>R&D</a>", "<a x=\"1\" x=\"2\"/>", "text"] {
        assert!(parse_xml(bad).is_err(), "{bad} is not well-formed");
    }
}

#[test]
fn the_atom_feeds_are_well_formed_and_carry_the_meeting() {
    for lang in LANGS {
        let (front, _) = source(&format!("meetings/{MEETING}"), lang);
        let feed_path = format!("{}meetings/atom.xml", prefix(lang));
        let doc = std::fs::read_to_string(site().join(&feed_path)).unwrap();
        let feed = parse_xml(&doc).unwrap_or_else(|e| panic!("{feed_path} is not well-formed XML: {e}\n{doc}"));
        assert_eq!(feed.name, "feed", "{feed_path}");
        assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"), "{feed_path}");
        for required in ["id", "title", "updated"] {
            assert!(feed.child(required).is_some_and(|e| !e.text().trim().is_empty()), "{feed_path}: the feed has <{required}>");
        }
        let permalink = format!("{BASE_URL}{}", meeting_path(lang));
        let entries: Vec<&Xml> = feed.elements("entry").collect();
        let mine: Vec<&&Xml> = entries.iter().filter(|e| e.child("id").is_some_and(|id| id.text().trim() == permalink)).collect();
        assert_eq!(mine.len(), 1, "{feed_path}: one entry with <id>{permalink}</id>:\n{doc}");
        let entry = mine[0];
        assert_eq!(entry.child("title").map(|t| t.text()), Some(front["title"].as_str().unwrap().to_string()), "{feed_path}");
        assert_eq!(entry.child("updated").map(|u| u.text()), Some("2022-04-05T13:30:00+07:00".to_string()), "{feed_path}");
        let links: Vec<Option<&str>> = entry.elements("link").map(|l| l.attr("href")).collect();
        assert!(links.contains(&Some(permalink.as_str())), "{feed_path}: the entry links to {permalink}: {links:?}");
        // The section page announces its feed.
        let section = format!("{}meetings/", prefix(lang));
        let feeds = attrs(&page(site(), &section), "link[rel=alternate][type=\"application/atom+xml\"]", "href");
        assert!(feeds.iter().any(|h| resolve_href(&section, h).trim_end_matches('/') == feed_path), "/{section}: {feeds:?}");
    }
}

#[test]
fn meeting_and_plan_pages_pair_with_their_translations() {
    let pairs = [meeting_path("th"), plan_path("th"), "meetings/".into(), "meetings/resolutions/".into(), "strategy/".into()];
    for thai in pairs {
        let english = format!("en/{thai}");
        let (th, en) = (page(site(), &thai), page(site(), &english));
        assert_eq!(attrs(&th, "html", "lang"), ["th"], "/{thai}");
        assert_eq!(attrs(&en, "html", "lang"), ["en"], "/{english}");
        let th_switch = attrs(&th, "a.lang-switch", "href");
        let en_switch = attrs(&en, "a.lang-switch", "href");
        assert_eq!(th_switch.len(), 1, "/{thai}");
        assert_eq!(en_switch.len(), 1, "/{english}");
        assert_eq!(resolve_href(&thai, &th_switch[0]), english, "/{thai} switches to its English page");
        assert_eq!(resolve_href(&english, &en_switch[0]), thai, "/{english} switches back");
        assert_eq!(attrs(&th, "a.lang-switch", "lang"), ["en"], "/{thai}");
        assert_eq!(attrs(&en, "a.lang-switch", "lang"), ["th"], "/{english}");
    }
    // English pages carry the English titles.
    for (stem, path) in [(format!("meetings/{MEETING}"), meeting_path("en")), (format!("strategy/{PLAN}"), plan_path("en"))] {
        let (front, _) = source(&stem, "en");
        assert_eq!(texts(&page(site(), &path), "h1"), [front["title"].as_str().unwrap()], "/{path}");
    }
}

// =============================================================================================
// Bad input: tests/fixtures/minutes broken one way at a time
// =============================================================================================

fn fixture() -> TempDir {
    fixture_site("minutes")
}

/// Writes `lines` (each without its `\n`) to `<root>/<rel>`: line N of the file is `lines[N - 1]`,
/// so the line numbers the tests expect can be read off the test source.
fn write_lines(root: &Path, rel: &str, lines: &[&str]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("{}\n", lines.join("\n"))).unwrap();
}

const NEW_MEETING: &str = "content/meetings/hr-strategy-2565-05.md";
const NEW_PLAN: &str = "content/strategy/hr-strategy-2571-2575.md";

#[test]
fn the_minutes_fixture_builds_clean() {
    let site = fixture();
    let out = handbook(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let built = build(site.path(), &[]);
    let th = page(&built, "meetings/hr-strategy-2565-04/");
    assert_eq!(list_of(&th, "attendees").len(), 2);
    assert_eq!(list_of(&th, "absentees").len(), 1);
    assert_eq!(texts(&th, ".resolution#resolution-1"), ["มติ อ.ก.ก. รับทราบ"]);
    let plan = page(&built, "en/strategy/hr-strategy-2566-2570/");
    assert_eq!(attrs(&plan, "td.plan-activity", "id"), ["activity-a", "activity-b"]);
    assert_eq!(attrs(&plan, "td.plan-goal", "rowspan"), ["2"]);
}

#[test]
fn unknown_committee_is_located_with_a_suggestion() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-stratgy\"",                // 3: a typo; the value is at column 13
        "number = 5",
        "year = 2565",
        "date = 2022-05-03",
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:3:13",
        "unknown committee 'hr-stratgy' (did you mean 'hr-strategy'?)",
    )]);
}

#[test]
fn unknown_role_of_an_attendee_is_located_with_a_suggestion() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"12:00\"",                           // 8
        "mode = \"on-site\"",                        // 9
        "venue = \"ห้องประชุม ๒\"",                   // 10
        "",                                          // 11
        "[[attendees]]",                             // 12
        "name = \"นายหนึ่ง ทดสอบ\"",                  // 13
        "role = \"chiar\"",                          // 14: a typo; the value is at column 8
        "present = \"on-site\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:14:8",
        "unknown role 'chiar' (did you mean 'chair'?)",
    )]);
}

#[test]
fn meeting_that_ends_before_it_starts_is_located_at_its_end() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"09:00\"",                           // 8: before the start; the value is at column 7
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:8:7",
        "the meeting ends (09:00) before it starts (09:30)",
    )]);
}

#[test]
fn impossible_date_is_located_at_its_value() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-02-30",                         // 6: no 30 February; the value is at column 8
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    let message = lines[0].strip_prefix("content/meetings/hr-strategy-2565-05.md:6:8: ").unwrap_or_else(|| panic!("{lines:?}"));
    assert!(message.contains("date"), "the message says the date is wrong: {message}");
    assert!(message.contains("2022-02-30") || message.contains("28"), "and why: {message}");
}

#[test]
fn date_with_a_time_is_rejected() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03T09:30:00",                // 6: the time belongs in `start`
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:6:8",
        "expected a date such as 2022-04-05, got 2022-05-03T09:30:00",
    )]);
}

#[test]
fn year_that_does_not_match_the_date_is_located_at_the_year() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๔\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2564",                               // 5: 3 May 2022 is in B.E. 2565
        "date = 2022-05-03",
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:5:8",
        "year 2564 does not match the meeting date 2022-05-03 (Buddhist era 2565)",
    )]);
}

#[test]
fn year_one_ahead_matches_only_a_date_in_the_next_fiscal_year() {
    // A meeting may be numbered by the fiscal year (B.E. 2566 runs from 1 October 2022), so
    // 1/2566 on 3 November 2022 is right; but 3 May 2022 is in neither calendar nor fiscal 2566.
    let site = fixture();
    write_lines(site.path(), "content/meetings/hr-strategy-2566-01.md", &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๑/๒๕๖๖\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 1",                                // 4
        "year = 2566",                               // 5: fiscal year 2566
        "date = 2022-11-03",                         // 6
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    let out = handbook(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "a November meeting numbered in the next fiscal year is fine: {}", stderr(&out));
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๖\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2566",                               // 5: May 2022 is B.E. 2565, fiscal 2565 too
        "date = 2022-05-03",
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    let lines = errors(site.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/meetings/hr-strategy-2565-05.md:5:8: year 2566 does not match the meeting date 2022-05-03"),
        "{lines:?}"
    );
}

#[test]
fn missing_venue_is_named_at_the_start_of_the_front_matter() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2: the front matter starts here
        "committee = \"hr-strategy\"",
        "number = 5",
        "year = 2565",
        "date = 2022-05-03",
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",                        // no `venue`
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[("content/meetings/hr-strategy-2565-05.md:2:1", "missing required field 'venue'")]);
}

#[test]
fn unknown_mode_is_located_with_a_suggestion() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"12:00\"",                           // 8
        "mode = \"onsite\"",                         // 9: the value is at column 8
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:9:8",
        "unknown value 'onsite' (did you mean 'on-site'?); expected one of: on-site, online, hybrid",
    )]);
}

#[test]
fn unknown_presence_of_an_attendee_is_located() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"12:00\"",                           // 8
        "mode = \"on-site\"",                        // 9
        "venue = \"ห้องประชุม ๒\"",                   // 10
        "",                                          // 11
        "[[attendees]]",                             // 12
        "name = \"นายหนึ่ง ทดสอบ\"",                  // 13
        "role = \"chair\"",                          // 14
        "present = \"in-person\"",                   // 15: the value is at column 11
        "+++",
    ]);
    let lines = errors(site.path());
    assert_diagnostics(&lines, &[("content/meetings/hr-strategy-2565-05.md:15:11", "unknown value 'in-person'")]);
    assert!(lines[0].contains("on-site, online"), "the known values are listed: {lines:?}");
}

#[test]
fn next_meeting_before_the_meeting_is_located_at_its_date() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"12:00\"",                           // 8
        "mode = \"on-site\"",                        // 9
        "venue = \"ห้องประชุม ๒\"",                   // 10
        "",                                          // 11
        "[next_meeting]",                            // 12
        "date = 2022-04-26",                         // 13: a week before this meeting
        "start = \"09:30\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:13:8",
        "the next meeting's date is not after this meeting's date",
    )]);
}

#[test]
fn duplicate_meeting_number_names_the_other_meeting() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๔/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 4",                                // 4: hr-strategy-2565-04.md is 4/2565 already
        "year = 2565",
        "date = 2022-05-03",
        "start = \"09:30\"",
        "end = \"12:00\"",
        "mode = \"on-site\"",
        "venue = \"ห้องประชุม ๒\"",
        "+++",
    ]);
    let lines = errors(site.path());
    // Files are read in path order: the clash is found at the later one.
    assert_diagnostics(&lines, &[("content/meetings/hr-strategy-2565-05.md:4:10", "meeting 4/2565 of 'hr-strategy'")]);
    assert!(lines[0].contains("hr-strategy-2565-04"), "the message names the other meeting: {lines:?}");
}

#[test]
fn unknown_field_of_an_attendee_is_located_with_a_suggestion() {
    let site = fixture();
    write_lines(site.path(), NEW_MEETING, &[
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"12:00\"",                           // 8
        "mode = \"on-site\"",                        // 9
        "venue = \"ห้องประชุม ๒\"",                   // 10
        "",                                          // 11
        "[[attendees]]",                             // 12
        "name = \"นายหนึ่ง ทดสอบ\"",                  // 13
        "postion = [\"ผู้ทรงคุณวุฒิ\"]",              // 14: a typo of `position`
        "role = \"chair\"",
        "present = \"on-site\"",
        "+++",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:14:1",
        "unknown field 'postion' (did you mean 'position'?)",
    )]);
}

#[test]
fn translation_with_another_date_is_reported_on_the_translation() {
    let site = fixture();
    write_lines(site.path(), "content/meetings/hr-strategy-2565-04.en.md", &[
        "+++",                                                               // 1
        "title = \"Minutes of the HR Strategy Sub-Committee, Meeting No. 4/2565\"", // 2
        "committee = \"hr-strategy\"",                                       // 3
        "number = 4",                                                        // 4
        "year = 2565",                                                       // 5
        "date = 2022-04-06",                                                 // 6: the Thai minutes say 2022-04-05
        "start = \"13:30\"",
        "end = \"15:20\"",
        "mode = \"hybrid\"",
        "venue = \"Meeting Room 1, Bangkok City Hall\"",
        "",
        "[[attendees]]",
        "name = \"Mr. One Test\"",
        "role = \"chair\"",
        "present = \"online\"",
        "",
        "[[attendees]]",
        "name = \"Ms. Two Test\"",
        "role = \"member-secretary\"",
        "present = \"on-site\"",
        "",
        "[[absentees]]",
        "name = \"Mr. Three Test\"",
        "reason = \"Other official duties\"",
        "",
        "[next_meeting]",
        "date = 2022-05-03",
        "+++",
        "",
        "## Agenda item 1 {#agenda-1}",
        "",
        "::: resolution {#resolution-1}",
        "Acknowledged.",
        ":::",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-04.en.md:6:8",
        "date '2022-04-06' differs from '2022-04-05' in content/meetings/hr-strategy-2565-04.md",
    )]);
}

// ---------------------------------------------------------------------------------------------
// Bodies of minutes

/// A valid Thai-only meeting 5/2565 whose body is `body`; the body's first line is line 13.
fn meeting_with_body(root: &Path, body: &[&str]) {
    let mut lines = vec![
        "+++",                                      // 1
        "title = \"รายงานการประชุม ครั้งที่ ๕/๒๕๖๕\"", // 2
        "committee = \"hr-strategy\"",               // 3
        "number = 5",                                // 4
        "year = 2565",                               // 5
        "date = 2022-05-03",                         // 6
        "start = \"09:30\"",                         // 7
        "end = \"12:00\"",                           // 8
        "mode = \"on-site\"",                        // 9
        "venue = \"ห้องประชุม ๒\"",                   // 10
        "+++",                                       // 11
        "",                                          // 12
    ];
    lines.extend_from_slice(body);
    write_lines(root, NEW_MEETING, &lines);
}

#[test]
fn resolution_without_id_is_located_at_its_opening_line() {
    let site = fixture();
    meeting_with_body(site.path(), &[
        "## ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ {#agenda-1}", // 13
        "",                                                // 14
        "::: resolution",                                  // 15: no {#id}
        "**มติ อ.ก.ก.** รับทราบ",
        ":::",
    ]);
    assert_diagnostics(&errors(site.path()), &[("content/meetings/hr-strategy-2565-05.md:15:1", "a resolution needs an id")]);
}

#[test]
fn unknown_block_name_is_located_with_a_suggestion() {
    let site = fixture();
    meeting_with_body(site.path(), &[
        "## ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ {#agenda-1}", // 13
        "",                                                // 14
        "::: resolutoin {#resolution-1}",                  // 15: a typo
        "**มติ อ.ก.ก.** รับทราบ",
        ":::",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:15:1",
        "unknown block 'resolutoin' (did you mean 'resolution'?)",
    )]);
}

#[test]
fn unclosed_block_is_located_at_its_opening_line() {
    let site = fixture();
    meeting_with_body(site.path(), &[
        "## ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ {#agenda-1}", // 13
        "",                                                // 14
        "::: resolution {#resolution-1}",                  // 15: opened, never closed
        "**มติ อ.ก.ก.** รับทราบ",                          // 16
        "",                                                // 17
        "## ระเบียบวาระที่ ๒ เรื่องอื่น ๆ {#agenda-2}",      // 18
    ]);
    assert_diagnostics(&errors(site.path()), &[("content/meetings/hr-strategy-2565-05.md:15:1", "this block is never closed")]);
}

#[test]
fn duplicate_resolution_id_is_located_at_the_second_one() {
    let site = fixture();
    meeting_with_body(site.path(), &[
        "## ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ {#agenda-1}", // 13
        "",                                                // 14
        "::: resolution {#resolution-1}",                  // 15
        "**มติ อ.ก.ก.** รับทราบ",                          // 16
        ":::",                                             // 17
        "",                                                // 18
        "## ระเบียบวาระที่ ๒ เรื่องรับรองรายงาน {#agenda-2}", // 19
        "",                                                // 20
        "::: resolution {#resolution-1}",                  // 21: again
        "**มติ อ.ก.ก.** รับรอง",
        ":::",
    ]);
    assert_diagnostics(&errors(site.path()), &[(
        "content/meetings/hr-strategy-2565-05.md:21:1",
        "duplicate anchor id 'resolution-1' in this page",
    )]);
}

// ---------------------------------------------------------------------------------------------
// Strategy plans

/// A Thai-only plan whose one issue has the two activities with ids `a` and `b`; the second
/// activity's id is on line 23, its value at column 6.
fn plan_with_activities(root: &Path, a: &str, b: &str) {
    let a = format!("id = \"{a}\"");
    let b = format!("id = \"{b}\"");
    write_lines(root, NEW_PLAN, &[
        "+++",                                      // 1
        "title = \"แผนยุทธศาสตร์ทดสอบ (พ.ศ. ๒๕๗๑ - ๒๕๗๕)\"", // 2
        "status = \"draft\"",                       // 3
        "period = [2571, 2575]",                    // 4
        "",                                         // 5
        "[[goals]]",                                // 6
        "id = \"goal-1\"",                          // 7
        "title = \"เป้าหมายหนึ่ง\"",                 // 8
        "",                                         // 9
        "[[goals.outcomes]]",                       // 10
        "id = \"outcome-1\"",                       // 11
        "title = \"ผลลัพธ์หนึ่ง\"",                  // 12
        "",                                         // 13
        "[[goals.outcomes.issues]]",                // 14
        "id = \"issue-1\"",                         // 15
        "title = \"ประเด็นหนึ่ง\"",                  // 16
        "",                                         // 17
        "[[goals.outcomes.issues.activities]]",     // 18
        &a,                                         // 19
        "title = \"กิจกรรมเอ\"",                    // 20
        "",                                         // 21
        "[[goals.outcomes.issues.activities]]",     // 22
        &b,                                         // 23
        "title = \"กิจกรรมบี\"",                    // 24
        "+++",
        "",
        "ที่มาของแผน",
    ]);
}

#[test]
fn duplicate_item_id_in_a_plan_is_located_at_the_second_one() {
    let site = fixture();
    plan_with_activities(site.path(), "activity-a", "activity-a");
    assert_diagnostics(&errors(site.path()), &[(
        "content/strategy/hr-strategy-2571-2575.md:23:6",
        "duplicate id 'activity-a' in this plan",
    )]);
}

#[test]
fn item_id_with_a_space_is_rejected() {
    let site = fixture();
    plan_with_activities(site.path(), "activity-a", "activity b");
    assert_diagnostics(&errors(site.path()), &[(
        "content/strategy/hr-strategy-2571-2575.md:23:6",
        "id 'activity b' cannot be an anchor",
    )]);
}

#[test]
fn item_id_taken_by_the_plan_page_itself_is_rejected() {
    // The plan page has its own `<h2 id="plan">` (and `main`, `toc-title`, …): an item with that
    // id would not be reachable as `#plan`.
    let site = fixture();
    plan_with_activities(site.path(), "activity-a", "plan");
    let lines = errors(site.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("content/strategy/hr-strategy-2571-2575.md:23:6: "), "located at the item's id: {lines:?}");
    assert!(lines[0].contains("'plan'"), "names the id: {lines:?}");
}

#[test]
fn the_plan_helper_writes_a_valid_plan() {
    let site = fixture();
    plan_with_activities(site.path(), "activity-a", "activity-b");
    let out = handbook(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "the helper's plan is valid as written: {}", stderr(&out));
}
