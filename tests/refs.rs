//! Cross-references on the built real content: which strategy activities build each competency,
//! the competencies each activity builds, resolutions concerning the plan, backlinks on both ends
//! of every edge in both languages, `data/graph.json` against the built pages, and located errors
//! with suggestions for broken references in bodies and front matter.

mod common;

use common::*;
use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

const COMPETENCIES: [&str; 7] =
    ["value-people", "collaboration", "forward-thinking", "making-decision", "change", "process-innovation", "innovative-thinking"];
const PLAN: &str = "strategy/hr-strategy-2566-2570/";

fn site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = real_site();
        build(dir.path(), &["--base-url", "http://intranet.test/hr/"]);
        dir
    })
    .path()
    .join("site")
    .leak()
}

fn prefix(lang: &str) -> &'static str {
    if lang == "en" { "en/" } else { "" }
}

fn graph() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(site().join("data/graph.json")).unwrap()).unwrap()
}

/// Site paths (`strategy/x/#id`) of the links in elements matching `selector` on a page.
fn link_targets(page_path: &str, html: &Html, selector: &str) -> BTreeSet<String> {
    attrs(html, selector, "href")
        .into_iter()
        .map(|href| {
            let anchor = href.split_once('#').map(|(_, a)| format!("#{a}")).unwrap_or_default();
            format!("{}{anchor}", resolve_href(page_path, &href))
        })
        .collect()
}

/// The activities (ids) that content/strategy says build a competency.
fn activities_building(competency: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join("content/strategy/hr-strategy-2566-2570.md")).unwrap();
    let front: toml::Table = toml::from_str(text.split("+++").nth(1).unwrap()).unwrap();
    let mut ids = BTreeSet::new();
    for g in front["goals"].as_array().unwrap() {
        for o in g["outcomes"].as_array().unwrap() {
            for i in o["issues"].as_array().unwrap() {
                for a in i["activities"].as_array().unwrap() {
                    if a["competencies"].as_array().unwrap().iter().any(|c| c.as_str() == Some(competency)) {
                        ids.insert(a["id"].as_str().unwrap().to_string());
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn every_competency_page_lists_the_activities_that_build_it_with_their_path() {
    for lang in ["th", "en"] {
        for id in COMPETENCIES {
            let path = format!("{}competencies/{id}/", prefix(lang));
            let html = page(site(), &path);
            let shown = link_targets(&path, &html, "section[aria-labelledby='refs-activities'] a");
            let expected: BTreeSet<String> = activities_building(id).into_iter().map(|a| format!("{}{PLAN}#{a}", prefix(lang))).collect();
            assert!(!expected.is_empty(), "every competency is reached by at least one activity: {id}");
            assert_eq!(shown, expected, "{path}");
            let trails = texts(&html, "section[aria-labelledby='refs-activities'] .ref-trail");
            assert!(trails.iter().all(|t| t.matches('→').count() == 2), "goal → outcome → issue for each: {trails:?}");
            assert!(!texts(&html, "section[aria-labelledby='refs-activities'] .editorial-note").is_empty(), "marked as editors' annotation");
            let resolutions = link_targets(&path, &html, "section[aria-labelledby='refs-resolutions'] a");
            assert!(resolutions.contains(&format!("{}meetings/hr-strategy-2565-04/#resolution-3-1", prefix(lang))), "{path}: {resolutions:?}");
        }
    }
}

#[test]
fn three_chosen_mappings_show_on_both_ends() {
    // The digital workflow builds process innovation; the network government activity builds
    // collaboration; the leadership activity builds all seven.
    let cases: Vec<(&str, Vec<&str>)> =
        vec![("digital-workflow", vec!["process-innovation"]), ("network-government", vec!["collaboration"]), ("leadership", COMPETENCIES.to_vec())];
    for lang in ["th", "en"] {
        let plan_path = format!("{}{PLAN}", prefix(lang));
        let plan = page(site(), &plan_path);
        for (activity, competencies) in &cases {
            let builds = link_targets(&plan_path, &plan, &format!("td#{activity} .builds a"));
            let expected: BTreeSet<String> = competencies.iter().map(|c| format!("{}competencies/{c}/", prefix(lang))).collect();
            assert_eq!(builds, expected, "{lang}: the plan's cell of {activity}");
            for c in competencies {
                let path = format!("{}competencies/{c}/", prefix(lang));
                let from = link_targets(&path, &page(site(), &path), "section[aria-labelledby='refs-activities'] a");
                assert!(from.contains(&format!("{plan_path}#{activity}")), "{path} lists {activity}");
            }
        }
    }
}

#[test]
fn every_activity_lists_its_competencies() {
    let plan = page(site(), PLAN);
    let cells = Selector::parse("td.plan-activity").unwrap();
    let mut n = 0;
    for cell in plan.select(&cells) {
        let id = cell.value().attr("id").unwrap();
        let shown = link_targets(PLAN, &Html::parse_fragment(&cell.html()), ".builds a");
        let expected: BTreeSet<String> =
            COMPETENCIES.iter().filter(|c| activities_building(c).contains(id)).map(|c| format!("competencies/{c}/")).collect();
        assert!(!shown.is_empty(), "{id} builds at least one competency");
        assert_eq!(shown, expected, "{id}");
        n += 1;
    }
    assert_eq!(n, 21);
}

#[test]
fn backlinks_are_symmetric_for_every_edge_in_both_languages() {
    let graph = graph();
    let edges = graph["edges"].as_array().unwrap();
    assert!(edges.len() > 40, "{}", edges.len());
    for lang in ["th", "en"] {
        for e in edges {
            let (from, to, rel) = (e["from"].as_str().unwrap(), e["to"].as_str().unwrap(), e["rel"].as_str().unwrap());
            let url = |node: &str| -> (String, Option<String>) {
                let (key, anchor) = node.split_once('#').map_or((node, None), |(k, a)| (k, Some(a.to_string())));
                let path = key.strip_suffix("_index").map_or_else(|| format!("{key}/"), str::to_string);
                (format!("{}{path}", prefix(lang)), anchor)
            };
            let ((from_page, from_anchor), (to_page, to_anchor)) = (url(from), url(to));
            let with = |p: &str, a: &Option<String>| a.as_ref().map_or(p.to_string(), |a| format!("{p}#{a}"));
            // The source page links to the target…
            let out = link_targets(&from_page, &page(site(), &from_page), "main a");
            assert!(out.contains(&with(&to_page, &to_anchor)), "{lang} {rel}: /{from_page} links to {}", with(&to_page, &to_anchor));
            // …and the target page links back to the source.
            let back = link_targets(&to_page, &page(site(), &to_page), "main a");
            assert!(back.contains(&with(&from_page, &from_anchor)), "{lang} {rel}: /{to_page} links back to {}", with(&from_page, &from_anchor));
        }
    }
}

#[test]
fn the_minutes_link_agenda_items_and_resolutions_to_the_plan_as_an_annotation() {
    for lang in ["th", "en"] {
        let path = format!("{}meetings/hr-strategy-2565-04/", prefix(lang));
        let html = page(site(), &path);
        for id in ["agenda-3-1", "resolution-3-1"] {
            let sel = if id.starts_with("agenda") { format!("h3#{id} + p.refs.editorial a") } else { format!("#{id} p.refs.editorial a") };
            let targets = link_targets(&path, &html, &sel);
            assert_eq!(targets, BTreeSet::from([format!("{}{PLAN}", prefix(lang))]), "{path} {id}");
        }
        let plan_path = format!("{}{PLAN}", prefix(lang));
        let decided = link_targets(&plan_path, &page(site(), &plan_path), ".plan-decided a");
        assert!(decided.contains(&format!("{path}#resolution-3-1")), "{decided:?}");
    }
}

#[test]
fn graph_json_names_only_pages_and_anchors_that_exist() {
    let graph = graph();
    let nodes = graph["nodes"].as_array().unwrap();
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for e in graph["edges"].as_array().unwrap() {
        assert!(ids.contains(e["from"].as_str().unwrap()) && ids.contains(e["to"].as_str().unwrap()), "{e}");
    }
    for n in nodes {
        for lang in ["th", "en"] {
            let path = n["path"][lang].as_str().unwrap_or_else(|| panic!("{n} has a {lang} path"));
            assert!(n["title"][lang].as_str().is_some_and(|t| !t.is_empty()), "{n}");
            assert_eq!(n["url"][lang].as_str().unwrap(), format!("http://intranet.test/hr/{path}"));
            let (page_path, anchor) = path.split_once('#').map_or((path, None), |(p, a)| (p, Some(a)));
            let html = page(site(), page_path);
            if let Some(anchor) = anchor {
                assert_eq!(attrs(&html, &format!("[id='{anchor}']"), "id").len(), 1, "{path} has the anchor once");
            }
        }
    }
    let kinds: BTreeSet<&str> = nodes.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    for k in ["competency", "activity", "resolution", "strategy"] {
        assert!(kinds.contains(k), "{kinds:?}");
    }
}

#[test]
fn empty_link_text_takes_the_title_and_a_missing_translation_is_marked() {
    let dir = real_site();
    let root = dir.path();
    std::fs::write(
        root.join("content/thai-only.md"),
        "+++\ntitle = \"หน้าภาษาไทยเท่านั้น\"\n+++\n\nดู [](@strategy/hr-strategy-2566-2570#digital-workflow)\n",
    )
    .unwrap();
    let about = root.join("content/levels/_index.en.md");
    let text = std::fs::read_to_string(&about).unwrap() + "\nSee [](@/thai-only.md) and [](@competency/change).\n";
    std::fs::write(&about, text).unwrap();
    let out = build(root, &[]);
    let thai = page(&out, "thai-only/");
    assert_eq!(texts(&thai, ".prose a"), ["การปรับระบบการทำงาน (Work Flow) ให้มีความคล่องตัว รองรับการนำเทคโนโลยีดิจิทัลเข้ามาใช้ในการปฏิบัติงาน"]);
    let en = page(&out, "en/levels/");
    let links = texts(&en, ".prose a");
    assert_eq!(links[links.len() - 2..], ["หน้าภาษาไทยเท่านั้น", "Change"]);
    assert_eq!(attrs(&en, ".prose a[hreflang='th']", "href"), ["../../thai-only/"]);
    assert_eq!(texts(&en, ".prose .lang-fallback"), ["(Thai only)"]);
}

#[test]
fn broken_references_in_a_body_and_in_front_matter_are_located_with_suggestions() {
    let dir = real_site();
    let root = dir.path();
    let plan = root.join("content/strategy/hr-strategy-2566-2570.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    let line = text.lines().position(|l| l == "competencies = [\"collaboration\"]").expect("network-government's line") + 1;
    std::fs::write(&plan, text.replacen("competencies = [\"collaboration\"]", "competencies = [\"colaboration\"]", 1)).unwrap();
    let change = root.join("content/competencies/change.md");
    let text = std::fs::read_to_string(&change).unwrap();
    let body_line = text.lines().count() + 2;
    std::fs::write(&change, text + "\nดู [แผน](@strategy/hr-strategy-2566-2570#digital-workfow) และ [](@meeting/hr-strategy-2565-4)\n").unwrap();
    for command in ["check", "build"] {
        let out = handbook(root, &[command]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = stderr(&out);
        for expected in [
            format!("content/strategy/hr-strategy-2566-2570.md:{line}:17: unknown competency 'colaboration' (did you mean 'collaboration'?)"),
            format!("content/competencies/change.md:{body_line}:10: unknown anchor '#digital-workfow' on @strategy/hr-strategy-2566-2570 (did you mean 'digital-workflow'?)"),
            format!("content/competencies/change.md:{body_line}:66: unknown meeting 'hr-strategy-2565-4' (did you mean 'hr-strategy-2565-04'?)"),
        ] {
            assert!(err.lines().any(|l| l == expected), "{command}: expected\n{expected}\nin\n{err}");
        }
        assert!(!root.join("site").exists(), "{command} wrote nothing");
    }
}

#[test]
fn a_plan_with_many_resolutions_about_it_as_a_whole_is_counted_on_competency_pages() {
    let dir = real_site();
    let meetings: Vec<String> = (1..=5).map(|n| format!("meetings/hr-strategy-2566-0{n}/")).collect();
    for (n, path) in (1..=5).zip(&meetings) {
        let file = dir.path().join("content").join(format!("{}.md", path.trim_end_matches('/')));
        std::fs::write(file, thai_minutes(n, 2566, r#"resolution-3-1 = ["@strategy/hr-strategy-2566-2570"]"#)).unwrap();
    }
    let site = build(dir.path(), &[]);
    // The real minutes' resolution 3-1 and these five: six about the whole plan, more than are listed.
    let path = "competencies/change/";
    let html = page(&site, path);
    let listed = link_targets(path, &html, "section[aria-labelledby='refs-resolutions'] li:not(:has(a[href$='#refs-decided'])) a");
    assert!(!listed.is_empty(), "resolutions about the activities stay listed");
    assert!(!listed.contains("meetings/hr-strategy-2565-04/#resolution-3-1"), "{listed:?}");
    assert!(meetings.iter().all(|m| !listed.contains(&format!("{m}#resolution-3-1"))), "{listed:?}");
    let counted = texts(&html, "section[aria-labelledby='refs-resolutions'] a[href$='#refs-decided']");
    assert_eq!(counted, ["มติเกี่ยวกับแผนทั้งฉบับ ๖ รายการ"]);
    let target = link_targets(path, &html, "section[aria-labelledby='refs-resolutions'] a[href$='#refs-decided']");
    assert_eq!(target, BTreeSet::from([format!("{PLAN}#refs-decided")]));
    // The plan lists each of them where the count links to.
    let plan = link_targets(PLAN, &page(&site, PLAN), "section[aria-labelledby='refs-decided'] a");
    for m in meetings.iter().map(String::as_str).chain(["meetings/hr-strategy-2565-04/"]) {
        assert!(plan.contains(&format!("{m}#resolution-3-1")), "{m} on the plan: {plan:?}");
    }
}
