//! Search: the normaliser and stemmer of the index side against the shared table
//! `tests/search-cases.json` (the query side, `search.js`, is checked against the same table under
//! node), the index built from the real content (anchors of strategy items and resolutions, the
//! bigram fallback), and end to end in headless Chromium under a subpath
//! (`tests/browser/search-e2e.mjs`; needs `bash tests/browser/install.sh`, fails without it).

mod common;

use common::*;
use handbook::search::normalize::normalize;
use handbook::search::segment::{bigrams, Segmenter, Term};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn cases() -> Value {
    let text = std::fs::read_to_string(repo().join("tests/search-cases.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn normaliser_follows_the_shared_cases() {
    let cases = cases();
    let list = cases["normalize"].as_array().unwrap();
    assert!(list.len() >= 20);
    let failures: Vec<String> = list
        .iter()
        .filter_map(|c| {
            let (input, output) = (c["input"].as_str().unwrap(), c["output"].as_str().unwrap());
            let got = normalize(input);
            (got.as_str() != output).then(|| format!("{input:?}: got {:?}, want {output:?} ({})", got.as_str(), c["why"]))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stemmer_follows_the_shared_cases() {
    let seg = Segmenter::default();
    let cases = cases();
    let list = cases["stem"].as_array().unwrap();
    assert!(list.len() >= 100);
    let failures: Vec<String> = list
        .iter()
        .filter_map(|pair| {
            let (word, want) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            let got = seg.stem(word);
            (got != want).then(|| format!("{word}: got {got}, want {want}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(seg.stem("deciding"), seg.stem("decision"), "an inflected verb finds its noun");
}

#[test]
fn query_side_follows_the_shared_cases_under_node() {
    let out = Command::new("node")
        .arg("--test")
        .arg(repo().join("tests/browser/search-cases.test.mjs"))
        .output()
        .expect("node runs (Node.js 20 is needed for the tests)");
    let report = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "search.js does not follow tests/search-cases.json:\n{report}");
    assert!(report.contains("# fail 0"), "{report}");
}

/// The data of an index chunk `handbookSearchChunk("th/docs",{…});`.
fn chunk(site: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(site.join("search").join(format!("{name}.js"))).unwrap();
    let json = text.split_once(',').unwrap().1.trim_end().trim_end_matches(';').trim_end_matches(')');
    serde_json::from_str(json).unwrap()
}

/// `(page url, anchor)` of every section of a language's index, from its text chunks.
fn anchors(site: &Path, lang: &str) -> BTreeSet<(String, String)> {
    let docs = chunk(site, &format!("{lang}/docs"));
    let chunks = docs["text_chunks"].as_array().unwrap().len();
    let mut found = BTreeSet::new();
    let mut pages = 0;
    for n in 0..chunks {
        for entry in chunk(site, &format!("{lang}/t{n}")).as_array().unwrap() {
            for section in entry[3].as_array().unwrap() {
                found.insert((entry[0].as_str().unwrap().to_string(), section[0].as_str().unwrap().to_string()));
            }
            pages += 1;
        }
    }
    assert_eq!(pages, docs["pages"].as_u64().unwrap() as usize, "every page is in a text chunk");
    found
}

#[test]
fn index_of_the_real_content_has_strategy_items_resolutions_and_agenda_items() {
    let dir = real_site();
    let site = build(dir.path(), &[]);
    for (lang, prefix) in [("th", ""), ("en", "en/")] {
        let found = anchors(&site, lang);
        let plan_path = format!("{prefix}strategy/hr-strategy-2566-2570/");
        let plan = page(&site, &plan_path);
        let activities = attrs(&plan, "td.plan-activity", "id");
        assert_eq!(activities.len(), 21, "the plan has 21 activities");
        for id in attrs(&plan, "td[id]", "id") {
            assert!(found.contains(&(plan_path.clone(), id.clone())), "{lang}: strategy item #{id} is not in the index");
        }
        let meeting_path = format!("{prefix}meetings/hr-strategy-2565-04/");
        let meeting = page(&site, &meeting_path);
        let resolutions = attrs(&meeting, "div.resolution[id]", "id");
        assert!(resolutions.iter().any(|r| r == "resolution-3-1"), "{resolutions:?}");
        for id in resolutions.iter().chain(attrs(&meeting, ".minutes h2[id], .minutes h3[id]", "id").iter()) {
            assert!(found.contains(&(meeting_path.clone(), id.clone())), "{lang}: #{id} of the minutes is not in the index");
        }
        for page in ["competencies/making-decision/", "levels/managerial/", ""] {
            assert!(found.iter().any(|(p, _)| *p == format!("{prefix}{page}")), "{lang}: page /{prefix}{page} is not in the index");
        }
        assert!(!found.iter().any(|(p, _)| p.ends_with("meetings/resolutions/")), "the list of all resolutions only repeats the minutes");
    }
    // Chunks by first character: the Thai index has Thai, Latin and digit chunks.
    for name in ["th/p0e010e32", "th/p00610069", "th/p00320035", "en/p00640065"] {
        assert!(site.join("search").join(format!("{name}.js")).is_file(), "missing chunk {name}");
    }
}

/// The page numbers of a delta-encoded posting list in a chunk.
fn pages_of(list: &Value) -> Vec<usize> {
    let mut n = 0;
    list.as_array().unwrap().iter().map(|d| {
        n += d.as_u64().unwrap() as usize;
        n
    }).collect()
}

/// The url of every page of a language's index, by page number.
fn urls(site: &Path, lang: &str) -> Vec<String> {
    let docs = chunk(site, &format!("{lang}/docs"));
    (0..docs["text_chunks"].as_array().unwrap().len())
        .flat_map(|n| chunk(site, &format!("{lang}/t{n}")).as_array().unwrap().iter().map(|e| e[0].as_str().unwrap().to_string()).collect::<Vec<_>>())
        .collect()
}

#[test]
fn index_lists_page_kinds_and_the_titles_with_a_word_beginning_with_each_letter() {
    let dir = real_site();
    let site = build(dir.path(), &[]);
    let urls = urls(&site, "th");
    let docs = chunk(&site, "th/docs");
    let kinds = docs["kinds"].as_str().unwrap();
    assert_eq!(kinds.chars().count(), urls.len(), "a kind per page");
    let kind = |url: &str| kinds.chars().nth(urls.iter().position(|u| u == url).unwrap()).unwrap();
    assert_eq!((kind("competencies/collaboration/"), kind("levels/managerial/"), kind("strategy/hr-strategy-2566-2570/")), ('c', 'l', 's'));
    assert_eq!((kind("meetings/hr-strategy-2565-04/"), kind("")), ('m', 'p'));
    // ก: กล้าตัดสินใจ begins with it, รายงานการประชุม has การ; สร้างสรรค์ความร่วมมือ has no word beginning with ก.
    let ko = chunk(&site, "th/p0e01");
    let initial: Vec<&str> = pages_of(&ko["i"]["ก"]).into_iter().map(|n| urls[n].as_str()).collect();
    let first: Vec<&str> = pages_of(&ko["f"]["ก"]).into_iter().map(|n| urls[n].as_str()).collect();
    assert!(initial.contains(&"competencies/making-decision/") && initial.contains(&"meetings/"), "{initial:?}");
    assert!(!initial.contains(&"competencies/collaboration/"), "{initial:?}");
    assert_eq!(first, ["competencies/making-decision/"]);
    let en = urls_and_letter(&site, "d");
    assert!(en.contains(&"en/competencies/making-decision/".to_string()) && en.contains(&"en/strategy/hr-strategy-2566-2570/".to_string()), "{en:?}");
}

/// The English pages whose title has a word beginning with `letter`.
fn urls_and_letter(site: &Path, letter: &str) -> Vec<String> {
    let urls = urls(site, "en");
    let name = handbook::search::index::chunk_name(letter);
    pages_of(&chunk(site, &format!("en/{name}"))["i"][letter]).into_iter().map(|n| urls[n].clone()).collect()
}

#[test]
fn bigram_fallback_finds_a_word_inside_a_compound() {
    let dir = real_site();
    let site = build(dir.path(), &[]);
    let files: Vec<handbook::output::OutputFile> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| handbook::output::OutputFile {
            path: e.path().strip_prefix(&site).unwrap().to_string_lossy().replace('\\', "/"),
            bytes: std::fs::read(e.path()).unwrap(),
        })
        .collect();
    // Rebuild the Thai index in memory from the built pages, as the pipeline does.
    let pages: Vec<handbook::search::IndexPage> = files
        .iter()
        .filter(|f| !f.path.starts_with("en/") && !f.path.starts_with("meetings/resolutions/"))
        .map(|f| handbook::search::IndexPage {
            url: f.path.trim_end_matches("index.html").to_string(),
            title: String::new(),
            kind: handbook::search::ResultKind::Page,
            sections: handbook::search::extract::sections(std::str::from_utf8(&f.bytes).unwrap()),
        })
        .collect();
    let seg = Segmenter::default();
    let index = handbook::search::Index::build(pages, &seg);
    let needle = "การบริหาร";
    let mut compound_pages = 0;
    for (number, page) in index.pages.iter().enumerate() {
        if !page.sections.iter().any(|s| normalize(&s.text).as_str().contains(&format!("ทาง{needle}"))) {
            continue;
        }
        compound_pages += 1;
        for gram in bigrams(needle) {
            let list = &index.postings[&Term::Bigram(gram.as_str().into())];
            assert!(list.contains(&(number as u32)), "bigram {gram} of {needle} misses page /{}", page.url);
        }
    }
    assert!(compound_pages > 0, "the real content has ทางการบริหาร");
}

#[test]
fn search_finds_the_right_page_first_in_chromium_under_a_subpath() {
    let dir = real_site();
    let site = build(dir.path(), &["--base-url", "http://127.0.0.1/hr/handbook/"]);
    run_browser_script("search-e2e.mjs", &[site.as_os_str(), "--base".as_ref(), "/hr/handbook/".as_ref()]);
}
