//! Browser checks of the built real site, in headless Chromium under a subpath: axe-core (WCAG 2.1
//! AA) and the Nu HTML checker on every page, no request leaving the site, working links, no
//! sideways scrolling on a phone. Needs `bash tests/browser/install.sh` first; fails without it.

mod common;

use common::*;

#[test]
fn every_page_passes_axe_nu_links_and_phone_layout_under_a_subpath() {
    let dir = real_site();
    let site = build(dir.path(), &["--base-url", "http://127.0.0.1/hr/handbook/"]);
    run_browser_script("check-site.mjs", &[site.as_os_str(), "--base".as_ref(), "/hr/handbook/".as_ref()]);
}
