//! Browser checks of the built real site, in headless Chromium under a subpath: axe-core (WCAG 2.1
//! AA) and the Nu HTML checker on every page, no request leaving the site, working links, no
//! sideways scrolling on a phone. Needs `bash tests/browser/install.sh` first; fails without it.

mod common;

use common::*;
use std::process::Command;

#[test]
fn every_page_passes_axe_nu_links_and_phone_layout_under_a_subpath() {
    let harness = repo().join("tests/browser");
    assert!(
        harness.join("node_modules/playwright-core").is_dir() && std::path::Path::new("/usr/bin/chromium").exists(),
        "the browser tests need Chromium and their npm packages: run `bash tests/browser/install.sh` (README's test command does)"
    );
    let dir = real_site();
    let site = build(dir.path(), &["--base-url", "http://127.0.0.1/hr/handbook/"]);
    let out = Command::new("node")
        .arg(harness.join("check-site.mjs"))
        .arg(&site)
        .args(["--base", "/hr/handbook/"])
        .output()
        .expect("node runs");
    let report = format!("{}{}", stdout(&out), stderr(&out));
    println!("{report}");
    assert!(out.status.success(), "browser checks failed:\n{report}");
    assert!(report.contains(" 0 failed"), "{report}");
}
