//! Builds the real `content/` into a temp dir and checks what a reader sees: every competency and
//! level page in both languages with the handbook's texts, language switching, navigation that
//! works under a subpath, the 404 page and the sitemap.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

const COMPETENCIES: [&str; 7] =
    ["value-people", "collaboration", "forward-thinking", "making-decision", "change", "process-innovation", "innovative-thinking"];
const LEVELS: [&str; 4] = ["executive-higher", "executive-primary", "managerial", "senior-professional"];

/// The real site, built once for all tests of this file under a subpath base URL.
fn site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = real_site();
        build(dir.path(), &["--base-url", "http://intranet.test/hr/handbook/"]);
        dir
    })
    .path()
    .join("site")
    .leak()
}

/// A competency's front matter as the editors wrote it (the expected texts come from content/).
fn front_matter(id: &str, lang: &str) -> toml::Table {
    let suffix = if lang == "en" { ".en" } else { "" };
    let text = std::fs::read_to_string(repo().join(format!("content/competencies/{id}{suffix}.md"))).unwrap();
    let front = text.split("+++").nth(1).unwrap();
    toml::from_str(front).unwrap()
}

fn prefix(lang: &str) -> &'static str {
    if lang == "en" { "en/" } else { "" }
}

/// (level, key, text) of each standard in a competency's front matter.
fn standards(front: &toml::Table) -> Vec<(String, String, String)> {
    front["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let get = |k: &str| s[k].as_str().unwrap().to_string();
            (get("level"), get("key"), get("text"))
        })
        .collect()
}

#[test]
fn every_competency_page_shows_its_definition_and_standards_per_level_in_both_languages() {
    for lang in ["th", "en"] {
        for id in COMPETENCIES {
            let front = front_matter(id, lang);
            let path = format!("{}competencies/{id}/", prefix(lang));
            let html = page(site(), &path);
            assert_eq!(attrs(&html, "html", "lang"), [lang], "{path}");
            assert_eq!(texts(&html, "h1"), [front["title"].as_str().unwrap()], "{path}");
            let definition = texts(&html, ".definition").join(" ");
            assert!(definition.contains(front["definition"].as_str().unwrap()), "{path}: {definition}");
            let all = standards(&front);
            assert_eq!(all.len(), 8, "{id}: two standards for each of four levels");
            for (level, key, text) in all {
                let row = texts(&html, &format!("tr#{level} td")).join(" ");
                assert!(row.contains(&format!("{key} {text}")), "{path} #{level} lacks '{key} {text}': {row}");
                let keys = texts(&html, &format!("tr#{level} em.key"));
                assert!(keys.contains(&key), "{path} #{level}: key phrase '{key}' is not marked: {keys:?}");
            }
        }
    }
}

#[test]
fn thai_pages_carry_the_corrected_source_wording() {
    let change = page(site(), "competencies/change/");
    assert_eq!(texts(&change, "h1"), ["เปลี่ยนแปลงทันการณ์"]);
    assert_eq!(texts(&change, ".other-title"), ["Change"]);
    let value_people = page(site(), "competencies/value-people/");
    assert!(texts(&value_people, "em.key").contains(&"ให้การชมเชยยกย่อง".to_string()));
    // Competency numbers are shown with Thai digits on Thai pages, Arabic ones in English.
    assert!(texts(&change, ".eyebrow")[0].contains("๕"));
    assert!(texts(&page(site(), "en/competencies/change/"), ".eyebrow")[0].contains('5'));
}

#[test]
fn every_level_page_gathers_that_levels_standards_of_all_seven_competencies() {
    for lang in ["th", "en"] {
        for level in LEVELS {
            let path = format!("{}levels/{level}/", prefix(lang));
            let html = page(site(), &path);
            let sections = texts(&html, "section.level-competency h2");
            assert_eq!(sections.len(), 7, "{path}: {sections:?}");
            for id in COMPETENCIES {
                let front = front_matter(id, lang);
                let title = front["title"].as_str().unwrap();
                let shown = texts(&html, &format!("section.level-competency h2#{id}")).join(" ");
                assert!(shown.contains(title), "{path}: section {id} is titled '{shown}', not '{title}'");
                let items = texts(&html, &format!("section[aria-labelledby='{id}'] .standards li"));
                let expected: Vec<String> =
                    standards(&front).into_iter().filter(|(l, _, _)| l == level).map(|(_, k, t)| format!("{k} {t}")).collect();
                assert_eq!(items, expected, "{path} {id}");
            }
        }
    }
}

#[test]
fn the_language_switcher_pairs_each_page_with_its_translation() {
    let mut paths: Vec<String> = vec![String::new(), "competencies/".into(), "levels/".into()];
    paths.extend(COMPETENCIES.iter().map(|id| format!("competencies/{id}/")));
    paths.extend(LEVELS.iter().map(|id| format!("levels/{id}/")));
    for thai in paths {
        let english = format!("en/{thai}");
        let th_switch = attrs(&page(site(), &thai), "a.lang-switch", "href");
        let en_switch = attrs(&page(site(), &english), "a.lang-switch", "href");
        assert_eq!(th_switch.len(), 1, "{thai}");
        assert_eq!(resolve_href(&thai, &th_switch[0]), english, "Thai /{thai} switches to the English page");
        assert_eq!(resolve_href(&english, &en_switch[0]), thai, "English /{english} switches back");
        assert_eq!(attrs(&page(site(), &thai), "a.lang-switch", "lang"), ["en"]);
    }
}

/// Every page of the built site by path (`en/levels/managerial/`), from the files on disk.
fn all_pages() -> BTreeMap<String, scraper::Html> {
    walkdir::WalkDir::new(site())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let dir = e.path().parent().unwrap().strip_prefix(site()).unwrap().to_string_lossy().replace('\\', "/");
            let path = if dir.is_empty() { dir } else { format!("{dir}/") };
            (path.clone(), page(site(), &path))
        })
        .collect()
}

#[test]
fn seven_competencies_and_four_levels_exist_in_each_language_with_pretty_urls() {
    let pages = all_pages();
    for lang in ["th", "en"] {
        let p = prefix(lang);
        assert_eq!(pages.keys().filter(|k| k.starts_with(&format!("{p}competencies/")) && k.matches('/').count() == 2 + p.len().min(1)).count(), 7, "{lang}");
        assert_eq!(pages.keys().filter(|k| k.starts_with(&format!("{p}levels/")) && k.matches('/').count() == 2 + p.len().min(1)).count(), 4, "{lang}");
        assert!(pages.contains_key(p), "home in {lang}");
    }
}

#[test]
fn every_link_is_relative_and_lands_on_a_built_page() {
    let pages = all_pages();
    for (path, html) in &pages {
        for href in attrs(html, "a[href], link[href]", "href") {
            let canonical = href.starts_with("http://intranet.test/hr/handbook/");
            assert!(!href.starts_with('/') && (canonical || !href.contains("://")), "/{path}: '{href}' would break under a subpath");
            if canonical || href.starts_with('#') {
                continue;
            }
            let target = resolve_href(path, &href);
            let file = href.split('#').next().unwrap();
            let exists = if file.ends_with(".css") || file.ends_with(".xml") {
                site().join(target.trim_end_matches('/')).is_file()
            } else {
                pages.contains_key(&target)
            };
            assert!(exists, "/{path}: link '{href}' goes to /{target}, which was not built");
        }
    }
}

#[test]
fn the_home_page_is_thai_and_links_to_english() {
    let home = page(site(), "");
    assert_eq!(attrs(&home, "html", "lang"), ["th"]);
    assert_eq!(attrs(&home, "a.lang-switch", "href"), ["./en/"]);
    assert_eq!(texts(&home, "a.skip-link").len(), 1);
    assert_eq!(attrs(&home, "main", "id"), ["main"]);
    let levels: Vec<String> = attrs(&home, ".home-levels a", "href");
    assert_eq!(levels, LEVELS.map(|l| format!("./levels/{l}/")));
}

#[test]
fn the_404_page_and_sitemap_use_the_base_url() {
    let not_found = std::fs::read_to_string(site().join("404.html")).unwrap();
    assert!(not_found.contains("href=\"/hr/handbook/style.css\""), "404.html is served at any depth: it links absolutely");
    let sitemap = std::fs::read_to_string(site().join("sitemap.xml")).unwrap();
    let urls = sitemap.matches("<loc>").count();
    assert_eq!(urls, all_pages().len(), "one <loc> per page");
    assert!(sitemap.contains("<loc>http://intranet.test/hr/handbook/en/competencies/change/</loc>"));
    assert!(sitemap.contains("hreflang=\"th\" href=\"http://intranet.test/hr/handbook/competencies/change/\""));
}

#[test]
fn the_section_introduction_tells_the_approval_history() {
    let intro = page(site(), "competencies/").root_element().text().collect::<String>();
    for needle in ["๖/๒๕๖๓", "๑๑/๒๕๖๓", "๒๕๖๓"] {
        assert!(intro.contains(needle), "Thai section introduction mentions {needle}");
    }
    let toc = texts(&page(site(), "competencies/"), ".toc a");
    assert!(toc.len() >= 2, "the introduction has a table of contents: {toc:?}");
    let links = attrs(&page(site(), "competencies/"), ".prose a", "href");
    for id in COMPETENCIES {
        assert!(links.contains(&format!("../competencies/{id}/")), "intro links {id}: {links:?}");
    }
}

#[test]
fn titles_with_markup_characters_are_escaped() {
    let dir = real_site();
    let file = dir.path().join("content/competencies/change.en.md");
    let text = std::fs::read_to_string(&file).unwrap().replacen("title = \"Change\"", "title = \"Change <b>now</b> & then\"", 1);
    std::fs::write(&file, text).unwrap();
    let out = build(dir.path(), &[]);
    let raw = std::fs::read_to_string(out.join("en/competencies/change/index.html")).unwrap();
    assert!(raw.contains("<h1>Change &lt;b&gt;now&lt;/b&gt; &amp; then</h1>"), "title escaped in the heading");
    assert!(!raw.contains("<b>now</b>"));
    let thai = page(&out, "competencies/change/");
    assert_eq!(texts(&thai, ".other-title"), ["Change <b>now</b> & then"], "and shown literally on the Thai page");
}

#[test]
fn identical_input_gives_byte_identical_output() {
    let dir = real_site();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let o = handbook(dir.path(), &["build", "--output", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let files = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
            .collect()
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 30);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between two builds");
    }
}
