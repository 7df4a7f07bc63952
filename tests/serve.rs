//! `handbook serve` end to end, on temp copies of the real site: pages and their content types,
//! the site's 404 page, refusal of paths that leave the build, editors' saves (vim, atomic
//! rename, VS Code, a temporary file renamed over the page as `sed -i` does) served and pushed
//! as `reload` with every dependent page and the search index up to date, a broken front matter
//! pushed as `error` with the diagnostics of `check` while the last good page stays, new and
//! deleted directories, a config change moving the base path, `--poll`, a taken port, a clean
//! Ctrl-C, nothing written into the site's sources, and in Chromium the reload keeping the scroll
//! position and the accessible error dialog.

mod common;
mod serve_support;

use common::*;
use serve_support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const PAGE: &str = "/competencies/change/";
const SOURCE: &str = "content/competencies/change.md";

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn serves_pages_with_utf8_types_the_sites_404_and_nothing_outside_the_build() {
    let site = real_site();
    std::fs::copy(repo().join("Cargo.toml"), site.path().join("Cargo.toml")).unwrap();
    let server = Server::start(site.path(), &[]);

    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("เปลี่ยนแปลงทันการณ์"), "{}", page.body);
    assert!(page.body.contains("<script src=\"/__handbook/live.js\""), "served HTML gets the live-reload script");
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/en/").status, 200);
    assert_eq!(server.get("/style.css").header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(server.get("/sitemap.xml").header("content-type"), Some("application/xml; charset=utf-8"));
    let script = server.get("/__handbook/live.js");
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("EventSource"));

    let moved = server.get("/competencies/change");
    assert_eq!((moved.status, moved.header("location")), (302, Some(PAGE)), "directories get their slash");

    let missing = server.get("/competencies/no-such-competency/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(missing.body.contains("not-found"), "the site's own 404 page: {}", missing.body);

    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e%2fCargo.toml",
        "/competencies/../../Cargo.toml",
        "/..%5cCargo.toml",
        "/..\\Cargo.toml",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 400, "{path} is refused");
        assert!(!r.body.contains("[package]") && !r.body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn saves_like_vim_by_rename_and_like_vs_code_are_served_and_reload_the_page() {
    let site = real_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let page = server.get(PAGE);
    let mut events = server.events(&page.token());
    let original = read(root, SOURCE);
    let path = root.join(SOURCE);

    let saves: [(&str, fn(&Path, &str)); 3] =
        [("VIM-SAVE", save_like_vim), ("RENAME-SAVE", save_by_rename), ("VSCODE-SAVE", save_in_place)];
    for (marker, save) in saves {
        let text = original.replace("title = \"เปลี่ยนแปลงทันการณ์\"", &format!("title = \"เปลี่ยนแปลงทันการณ์ {marker}\""));
        save(&path, &text);
        events.expect("reload");
        let now = server.get(PAGE);
        assert!(now.body.contains(marker), "{marker}: the new title is served");
        assert!(now.token() != page.token(), "a rebuilt page carries a new token");
        for dependent in ["/", "/competencies/", "/levels/executive-higher/", "/strategy/hr-strategy-2566-2570/", "/en/competencies/change/"] {
            assert!(server.get(dependent).body.contains(marker), "{marker}: {dependent}, which shows the title, is rebuilt too");
        }
        assert!(!server.get("/competencies/collaboration/").body.contains(marker));
    }
    // The search index served is the one `handbook build` makes of the edited content.
    let out = tempfile::tempdir().unwrap();
    let built = out.path().join("site");
    let result = handbook(root, &["build", "--output", built.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    let index = snapshot(&built.join("search"));
    assert!(index.values().any(|b| String::from_utf8_lossy(b).contains("VSCODE-SAVE")), "the index has the new title");
    for (path, bytes) in &index {
        let served = server.get(&format!("/search/{}", path.to_string_lossy()));
        assert_eq!(served.status, 200, "{}", path.display());
        assert!(served.body.as_bytes() == bytes.as_slice(), "/search/{} is up to date", path.display());
    }
    assert!(server.output().contains(&format!("changed: {SOURCE}")), "{}", server.output());
    assert!(server.output().contains("rebuilt 38 pages in "), "{}", server.output());
    let listing: Vec<String> = std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!listing.iter().any(|n| n.contains('~') || n.contains("4913") || n.ends_with(".tmp")), "{listing:?}");
}

#[test]
fn a_save_through_a_temporary_file_rebuilds_only_what_it_touches() {
    let site = real_site();
    let root = site.path();
    let mut server = Server::start(root, &[]);
    let mut events = server.events(&server.get(PAGE).token());
    let text = read(root, SOURCE).replace("title = \"เปลี่ยนแปลงทันการณ์\"", "title = \"เปลี่ยนแปลงทันการณ์ SED-SAVE\"");
    save_through_temporary(&root.join(SOURCE), &text);
    events.expect("reload");
    assert!(server.get(PAGE).body.contains("SED-SAVE"));
    assert!(server.get("/competencies/").body.contains("SED-SAVE"), "pages that show the title are rebuilt too");
    let out = server.wait_for_output("rebuilt");
    // The temporary file, made and renamed away in the same moment, is no change of the site.
    assert!(!out.contains("sedX1b2c3"), "{out}");
    assert!(out.contains("files changed"), "an incremental rebuild, not a whole one:\n{out}");
}

#[test]
fn a_broken_front_matter_shows_its_errors_over_the_last_good_page_until_fixed() {
    let site = real_site();
    let root = site.path();
    let mut server = Server::start(root, &[]);
    let good = server.get(PAGE);
    let mut events = server.events(&good.token());
    let original = read(root, SOURCE);

    save_in_place(&root.join(SOURCE), &original.replace("number = 5", "number = = 5"));
    let data = events.expect("error");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    let first = &problems[0];
    assert_eq!(first["file"], SOURCE, "{data}");
    assert_eq!(first["line"], 3, "{data}");
    assert!(first["message"].as_str().unwrap().contains("TOML"), "{data}");

    // The terminal shows exactly what `handbook check` says about the same files.
    let check = handbook(root, &["check"]);
    let diagnostics: Vec<&str> = std::str::from_utf8(&check.stderr).unwrap().lines().filter(|l| l.starts_with("content/")).collect();
    assert!(!diagnostics.is_empty());
    let out = server.wait_for_output("still serving the last good build");
    for line in &diagnostics {
        assert!(out.lines().any(|l| l == *line), "serve prints {line:?}:\n{out}");
    }

    let during = server.get(PAGE);
    assert_eq!(during.status, 200, "the last good page is still served");
    assert!(during.body.contains("เปลี่ยนแปลงทันการณ์"));
    assert_eq!(during.token(), good.token(), "and it is the same build");
    let mut late = server.events(&during.token());
    assert_eq!(late.expect("error"), data, "a page opened while the build is broken gets the errors at once");

    save_like_vim(&root.join(SOURCE), &original.replace("number = 5", "number = 5\ndescription = \"FIXED-AGAIN\""));
    events.expect("reload");
    late.expect("reload");
    assert!(server.get(PAGE).body.contains("FIXED-AGAIN"));
}

#[test]
fn new_and_deleted_directories_and_pages_are_picked_up() {
    let site = real_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let mut events = server.events(&server.get("/").token());
    assert_eq!(server.get("/guide/page/").status, 404);

    let guide = root.join("content/guide");
    std::fs::create_dir(&guide).unwrap();
    std::fs::write(guide.join("_index.md"), "+++\ntitle = \"คู่มือ\"\n+++\nGUIDE-SECTION\n").unwrap();
    std::fs::write(guide.join("page.md"), "+++\ntitle = \"หน้าใหม่\"\n+++\nGUIDE-PAGE\n").unwrap();
    events.expect("reload");
    let mut page = server.get("/guide/page/");
    if page.status != 200 {
        // The directory and its files may arrive in two rebuilds.
        events.expect("reload");
        page = server.get("/guide/page/");
    }
    assert!(page.body.contains("GUIDE-PAGE"), "{}", page.body);

    std::fs::remove_dir_all(&guide).unwrap();
    events.expect("reload");
    if server.get("/guide/page/").status != 404 {
        // A reload of the files' creation may still have been on its way.
        events.expect("reload");
    }
    assert_eq!(server.get("/guide/page/").status, 404);
    assert_eq!(server.get("/guide/").status, 404);
}

#[test]
fn a_burst_of_changes_is_one_rebuild_not_hundreds() {
    let site = real_site();
    let root = site.path();
    let mut server = Server::start(root, &[]);
    let mut events = server.events(&server.get("/").token());
    let files = root.join("content/files");
    std::fs::create_dir(&files).unwrap();
    for i in 0..300 {
        std::fs::write(files.join(format!("note-{i}.txt")), format!("note {i}\n")).unwrap();
    }
    for entry in walkdir::WalkDir::new(root.join("content/competencies")).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let text = std::fs::read(entry.path()).unwrap();
        std::fs::write(entry.path(), text).unwrap();
    }
    events.expect("reload");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while server.get("/files/note-299.txt").status != 200 {
        assert!(std::time::Instant::now() < deadline, "the last file is served");
        events.expect("reload");
    }
    let out = server.wait_for_output("rebuilt");
    let rebuilds = out.matches("rebuilt ").count();
    assert!(rebuilds <= 3, "{rebuilds} rebuilds for one burst:\n{out}");
    assert_eq!(server.get("/files/note-7.txt").body, "note 7\n");
}

#[test]
fn polling_sees_saves_too() {
    let site = real_site();
    let root = site.path();
    let server = Server::start(root, &["--poll"]);
    assert!(server.output().contains("(polling)"));
    let mut events = server.events(&server.get(PAGE).token());
    let text = read(root, SOURCE).replace("number = 5", "number = 5\ndescription = \"POLLED\"");
    save_like_vim(&root.join(SOURCE), &text);
    events.expect("reload");
    assert!(server.get(PAGE).body.contains("POLLED"));
}

#[test]
fn a_taken_port_moves_to_the_next_and_says_so() {
    let site = real_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = Server::start_on(site.path(), port, &[]);
    assert_ne!(server.port, port);
    assert!(server.output().contains(&format!("port {port} is in use; using port {} instead", server.port)), "{}", server.output());
    assert_eq!(server.get(PAGE).status, 200);
}

#[cfg(unix)]
#[test]
fn a_session_writes_nothing_into_the_sources_stops_on_ctrl_c_and_build_output_has_no_reload_script() {
    let site = real_site();
    let root = site.path();
    let content_before = snapshot(&root.join("content"));
    let top_before: Vec<_> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name()).collect();

    let mut server = Server::start(root, &[]);
    let mut events = server.events(&server.get(PAGE).token());
    for path in ["/", "/en/", PAGE, "/en/competencies/change/", "/nope/", "/strategy/hr-strategy-2566-2570/"] {
        assert!(server.get(path).body.contains("__handbook"), "{path} is live while serving");
    }
    let css = root.join("themes/default/static/style.css");
    let mut style = std::fs::read_to_string(&css).unwrap();
    style.push_str("\n/* THEME-EDIT */\n");
    save_in_place(&css, &style);
    events.expect("reload");
    assert!(server.get("/style.css").body.contains("THEME-EDIT"), "theme changes are rebuilt");
    let base = root.join("themes/default/templates/base.html");
    let template = std::fs::read_to_string(&base).unwrap();
    save_by_rename(&base, &format!("{template}<!-- TEMPLATE-EDIT -->\n"));
    events.expect("reload");
    for path in ["/", "/en/", PAGE, "/levels/managerial/"] {
        assert!(server.get(path).body.contains("TEMPLATE-EDIT"), "a template change re-renders {path}");
    }

    let status = server.interrupt();
    assert!(status.success(), "Ctrl-C stops cleanly: {status}\n{}", server.output());
    assert!(server.output().contains("stopped"));
    assert_eq!(snapshot(&root.join("content")), content_before, "content/ is unchanged");
    let top_after: Vec<_> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(top_after, top_before, "nothing new in the site's directory");

    let built = build(root, &[]);
    let files = snapshot(&built);
    assert!(files.len() > 40);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("__handbook") && !text.contains("EventSource"), "{} has the reload script", path.display());
    }
}

#[test]
fn in_the_browser_a_save_reloads_in_place_and_a_broken_one_shows_an_accessible_error_dialog() {
    let site = real_site();
    let server = Server::start(site.path(), &[]);
    let url = format!("http://127.0.0.1:{}{PAGE}", server.port);
    let source = site.path().join(SOURCE);
    let report = std::panic::catch_unwind(|| run_browser_script("check-serve.mjs", &[url.as_ref(), source.as_os_str()]));
    assert!(report.is_ok(), "server output:\n{}", server.output());
}

#[test]
fn a_config_change_moves_the_site_to_its_new_base_path() {
    let site = real_site();
    let root = site.path();
    let server = Server::start(root, &[]);
    let mut events = server.events(&server.get(PAGE).token());
    let config = read(root, "handbook.toml");
    assert!(config.contains("base_url = \"http://127.0.0.1:1111/\""), "{config}");
    save_like_vim(&root.join("handbook.toml"), &config.replace("127.0.0.1:1111/", "intranet.example/hr/handbook/"));
    events.expect("reload");
    let page = server.get(&format!("/hr/handbook{PAGE}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("เปลี่ยนแปลงทันการณ์"));
    let home = server.get("/");
    assert_eq!((home.status, home.header("location")), (302, Some("/hr/handbook/")));
    assert_eq!(server.get(PAGE).status, 404, "nothing is served outside the base path");
    let missing = server.get("/hr/handbook/nope/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("href=\"/hr/handbook/"), "the 404 page links under the base path: {}", missing.body);
}

/// The served HTML without the live-reload script `serve` adds.
fn without_live_script(body: &str) -> String {
    match body.find("<script src=\"/__handbook/live.js\"") {
        Some(start) => {
            let end = start + body[start..].find("</script>\n").expect("the live script is closed") + "</script>\n".len();
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

/// Every file `handbook build` makes of the site now is served with the same bytes.
fn assert_served_as_built(server: &Server, root: &Path, step: &str) {
    let out = tempfile::tempdir().unwrap();
    let built = out.path().join("site");
    let base = format!("http://127.0.0.1:{}/", server.port);
    let result = handbook(root, &["build", "--output", built.to_str().unwrap(), "--base-url", &base]);
    assert!(result.status.success(), "{step}: {}", stderr(&result));
    let files = snapshot(&built);
    assert!(files.len() > 100, "{step}: {} files", files.len());
    for (path, bytes) in files {
        let path = path.to_string_lossy().replace('\\', "/");
        if path == ".handbook-build" {
            continue;
        }
        let Ok(expected) = String::from_utf8(bytes) else { continue };
        let served = server.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{step}: /{path}");
        assert!(without_live_script(&served.body) == expected, "{step}: /{path} differs from what handbook build makes");
    }
}

#[test]
fn after_each_edit_the_served_site_is_the_site_a_build_makes() {
    let site = real_site();
    let root = site.path();
    let mut server = Server::start(root, &[]);
    let mut events = server.events(&server.get("/").token());
    let change = root.join(SOURCE);
    let original = read(root, SOURCE);
    let minutes = root.join("content/meetings/hr-strategy-2565-04.md");
    let added = root.join("content/notes.md");
    let steps: [(&str, Box<dyn Fn()>); 6] = [
        ("a body edit that links another page", Box::new(|| save_in_place(&change, &format!("{original}\nดู [](@competency/collaboration) ด้วย EDIT-BODY\n")))),
        ("a title shown on other pages", Box::new(|| save_in_place(&change, &original.replace("title = \"เปลี่ยนแปลงทันการณ์\"", "title = \"เปลี่ยนแปลง EDIT-TITLE\"")))),
        ("a resolution's text", Box::new(|| {
            let text = read(root, "content/meetings/hr-strategy-2565-04.md");
            save_like_vim(&minutes, &text.replace("**มติ อ.ก.ก.** รับทราบ", "**มติ อ.ก.ก.** รับทราบ EDIT-RESOLUTION"));
        })),
        ("a new page", Box::new(|| std::fs::write(&added, "+++\ntitle = \"บันทึก\"\n+++\nลิงก์ไป [](@competency/change) NEW-PAGE\n").unwrap())),
        ("the new page edited", Box::new(|| save_in_place(&added, "+++\ntitle = \"บันทึกใหม่\"\n+++\nNEW-PAGE edited\n"))),
        ("the page deleted", Box::new(|| std::fs::remove_file(&added).unwrap())),
    ];
    for (step, edit) in steps {
        edit();
        events.expect("reload");
        assert_served_as_built(&server, root, step);
    }
    let out = server.wait_for_output("files changed");
    assert!(out.matches("files changed").count() >= 3, "edits of pages rebuild only what they touch:\n{out}");
}

#[test]
fn a_meeting_moved_to_another_year_shows_on_that_years_resolutions_page() {
    let site = real_site();
    let root = site.path();
    let meeting = |number: u32, year: u32| root.join(format!("content/meetings/hr-strategy-{year}-{number:02}.md"));
    for (number, year) in [(1, 2566), (2, 2567), (3, 2567)] {
        std::fs::write(meeting(number, year), thai_minutes(number, year, "")).unwrap();
    }
    let mut server = Server::start(root, &[]);
    let mut events = server.events(&server.get("/").token());
    let moved = meeting(3, 2567);
    let steps: [(&str, Box<dyn Fn()>); 3] = [
        ("a resolution's text in a year of several", Box::new(|| {
            save_in_place(&meeting(2, 2567), &thai_minutes(2, 2567, "").replace("รับทราบ", "รับทราบ EDIT-YEAR"));
        })),
        // The years stay 2565–2567: the page of 2566 did not link to this meeting before.
        ("a meeting moved to another year", Box::new(|| save_in_place(&moved, &thai_minutes(3, 2566, "")))),
        // 2566 and 2567 gone, 2568 new: other pages than before.
        ("every new meeting moved to a year of its own", Box::new(|| {
            for (number, year) in [(1, 2566), (2, 2567)] {
                save_in_place(&meeting(number, year), &thai_minutes(number, 2568, "").replace(&format!("ครั้งที่ {number}/2568"), &format!("ครั้งที่ {number}/2568 ({year})")));
            }
            save_in_place(&moved, &thai_minutes(3, 2568, ""));
        })),
    ];
    for (step, edit) in steps {
        edit();
        events.expect("reload");
        assert_served_as_built(&server, root, step);
    }
    let page = server.get("/meetings/resolutions/2566/");
    assert_eq!(page.status, 404, "no minutes of 2566 are left");
    let page = server.get("/meetings/resolutions/2568/");
    assert!(page.body.contains("hr-strategy-2567-03/#resolution-3-1"), "2568 lists the moved meeting");
    server.interrupt();
}
