//! Shared helpers for the integration tests: copy a site into a temp dir, run the real
//! `handbook` binary on it, and read what a reader would see in the built HTML.
#![allow(dead_code)]

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a directory tree (files and directories only).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable tree");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temp copy of the real site: `handbook.toml`, `content/` and `themes/` of the repository.
pub fn real_site() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("handbook.toml"), dir.path().join("handbook.toml")).unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// A temp copy of `tests/fixtures/<name>`, with the repository's themes beside it.
pub fn fixture_site(name: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// Runs `handbook --root <root> <args…>`.
pub fn handbook(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("the handbook binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds the site at `root` into `<root>/site` and returns the output directory; panics with
/// the diagnostics if the build fails.
pub fn build(root: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = handbook(root, &args);
    assert!(out.status.success(), "build failed:\n{}{}", stdout(&out), stderr(&out));
    root.join("site")
}

/// The parsed HTML of `<site>/<path>index.html` (`path` like `en/competencies/change/`).
pub fn page(site: &Path, path: &str) -> Html {
    let file = site.join(path).join("index.html");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Html::parse_document(&text)
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Resolves a relative `href` found on the page at `from` (`en/competencies/change/`) to a site path.
pub fn resolve_href(from: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap();
    let mut parts: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() { String::new() } else { format!("{joined}/") }
}

/// Runs the Node script `tests/browser/<script>` with `args`; the test fails if Chromium or the
/// npm packages are missing (never passes silently without a browser) or if the script reports a
/// failure (`N passed, M failed` with M > 0, or a non-zero exit). Returns its output.
pub fn run_browser_script(script: &str, args: &[&std::ffi::OsStr]) -> String {
    let harness = repo().join("tests/browser");
    assert!(
        harness.join("node_modules/playwright-core").is_dir() && Path::new("/usr/bin/chromium").exists(),
        "the browser tests need Chromium and their npm packages: run `bash tests/browser/install.sh` (README's test command does)"
    );
    let out = Command::new("node").arg(harness.join(script)).args(args).output().expect("node runs");
    let report = format!("{}{}", stdout(&out), stderr(&out));
    println!("{report}");
    assert!(out.status.success() && report.contains(" 0 failed"), "{script} failed:\n{report}");
    report
}

/// Every path below `dir`, directories included (to see stray output or temporary directories).
pub fn listing(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().map(|e| e.unwrap().path().strip_prefix(dir).unwrap().to_path_buf()).collect()
}

/// The summary line for `n` problems.
pub fn summary(n: usize) -> String {
    format!("error: {n} problem{} found; nothing was written", if n == 1 { "" } else { "s" })
}

/// Checks the shape `file:line:col: message` (line and column numbers from 1).
pub fn assert_diagnostic_shape(line: &str) {
    let parts: Vec<&str> = line.splitn(4, ':').collect();
    assert_eq!(parts.len(), 4, "not file:line:col: message: {line:?}");
    assert!(!parts[0].is_empty() && !parts[0].starts_with('/'), "file relative to the site root: {line:?}");
    for n in &parts[1..3] {
        let n: usize = n.parse().unwrap_or_else(|_| panic!("line and column are numbers: {line:?}"));
        assert!(n >= 1, "line and column count from 1: {line:?}");
    }
    assert!(parts[3].starts_with(' ') && parts[3].len() > 1, "a message follows: {line:?}");
}

/// Runs `check` and then `build` on a broken site. Both must exit 1, print the same diagnostics
/// (one per line, then the summary) on stderr and nothing on stdout, and write nothing at all.
/// Returns the diagnostic lines.
pub fn errors(root: &Path) -> Vec<String> {
    let before = listing(root);
    let out = handbook(root, &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "check must fail with exit 1; stderr:\n{err}stdout:\n{}", stdout(&out));
    assert_eq!(stdout(&out), "", "diagnostics go to stderr only");
    let mut lines: Vec<String> = err.lines().map(str::to_string).collect();
    let last = lines.pop().unwrap_or_default();
    assert_eq!(last, summary(lines.len()), "the last line is the summary; stderr:\n{err}");
    for line in &lines {
        assert_diagnostic_shape(line);
    }
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| {
        let p: Vec<&str> = l.splitn(4, ':').collect();
        (PathBuf::from(p[0]), p[1].parse::<usize>().unwrap(), p[2].parse::<usize>().unwrap())
    });
    assert_eq!(lines, sorted, "diagnostics are sorted by file (path components), line and column");
    assert_eq!(listing(root), before, "check writes nothing");

    let built = handbook(root, &["build"]);
    assert_eq!(built.status.code(), Some(1), "build must fail like check; stderr:\n{}", stderr(&built));
    assert_eq!(stderr(&built), err, "build reports exactly what check reports");
    assert!(!root.join("site").exists(), "a failed build creates no site/");
    assert_eq!(listing(root), before, "a failed build leaves no file or directory behind");
    lines
}

/// Asserts the diagnostics are exactly `expected`, each given as `(location, message start)`:
/// a line must be `"{location}: {message start}…"`.
#[track_caller]
pub fn assert_diagnostics(lines: &[String], expected: &[(&str, &str)]) {
    let shown = lines.join("\n");
    assert_eq!(lines.len(), expected.len(), "expected {} diagnostics, got:\n{shown}", expected.len());
    for (line, (location, message)) in lines.iter().zip(expected) {
        let want = format!("{location}: {message}");
        assert!(line.starts_with(&want), "expected a line starting with\n  {want}\ngot\n  {line}\nall diagnostics:\n{shown}");
    }
}


/// Thai minutes of meeting `number`/`year` (B.E.) of the HR strategy sub-committee, with one
/// agenda item (`agenda-3-1`) and its resolution (`resolution-3-1`), and `links` as the body of
/// its `[links]` table.
pub fn thai_minutes(number: u32, year: u32, links: &str) -> String {
    let ce = year - 543;
    format!(
        r#"+++
title = "รายงานการประชุมคณะอนุกรรมการทดสอบ ครั้งที่ {number}/{year}"
committee = "hr-strategy"
number = {number}
year = {year}
date = {ce}-{number:02}-05
start = "13:30"
end = "15:00"
mode = "on-site"
venue = "ห้องประชุม ๑"

[[attendees]]
name = "นายหนึ่ง ทดสอบ"
position = ["ผู้ทรงคุณวุฒิ"]
role = "chair"
present = "on-site"

[links]
{links}
+++

## ระเบียบวาระที่ ๓ เรื่องเพื่อพิจารณา {{#agenda-3}}

### เรื่องที่ ๓.๑ ติดตามแผน ครั้งที่ {number}/{year} {{#agenda-3-1}}

::: resolution {{#resolution-3-1}}
**มติ อ.ก.ก.** รับทราบความก้าวหน้าของแผน
:::
"#
    )
}
