//! Prints the per-stage times of `handbook serve`'s in-memory rebuilds after a one-page edit, for
//! profiling: `cargo run --release --example rebuild_stages -- SITE_DIR [EDITS]` (edits and
//! restores `content/competencies/change.md`; use a copy of the site).

use handbook::pipeline::{Builder, Mode, Options};
use std::path::PathBuf;
use std::time::Instant;

const SOURCE: &str = "content/competencies/change.md";
const TITLE: &str = "title = \"เปลี่ยนแปลงทันการณ์\"";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(args.first().expect("usage: rebuild_stages SITE_DIR [EDITS]"));
    let edits: usize = args.get(1).map_or(5, |n| n.parse().expect("EDITS is a number"));
    let options = Options { root: root.clone(), output: None, base_url: Some("http://127.0.0.1:1111/".into()), mode: Mode::Memory };
    let builder = Builder::reusing_pages();
    let first = builder.run(&options).unwrap_or_else(|_| panic!("the site builds"));
    println!("first build {} ms", first.elapsed.as_millis());
    let path = root.join(SOURCE);
    let original = std::fs::read_to_string(&path).unwrap();
    for k in 0..edits {
        std::fs::write(&path, original.replace(TITLE, &format!("title = \"เปลี่ยนแปลงทันการณ์ EDIT-{k}\""))).unwrap();
        let started = Instant::now();
        let changed = [PathBuf::from(SOURCE)].into_iter().collect();
        let report = builder.rebuild(&options, &changed).unwrap_or_else(|_| panic!("the site builds"));
        let delta = report.delta.as_ref().map_or(0, |d| d.files.len());
        println!("edit {k}: {} ms, {delta} files changed\n{}", started.elapsed().as_millis(), report.stages);
    }
    std::fs::write(&path, &original).unwrap();
}
