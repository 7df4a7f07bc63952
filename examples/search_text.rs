//! Times the search index's text steps on a built site, one thread: reading each page's sections
//! from its HTML, the NFC quick check, normalisation, script runs and distinct terms (ICU4X's
//! segmenter). For changes to `src/search/{extract,normalize,segment}.rs`; prints the median of
//! 5 runs of each step.
//!
//! Usage: cargo run --release --example search_text -- SITE_DIR (a `handbook build` output)

use handbook::search::{extract, normalize, segment};
use std::time::{Duration, Instant};

fn main() {
    let site = std::env::args().nth(1).expect("usage: search_text SITE_DIR");
    let pages: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| std::fs::read_to_string(e.path()).expect("readable page"))
        .collect();
    let segmenter = segment::Segmenter::default();
    let mut times: [Vec<Duration>; 5] = Default::default();
    let mut timed = |step: usize, f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        times[step].push(start.elapsed());
    };
    let (mut bytes, mut runs, mut terms) = (0, 0, 0);
    for _ in 0..5 {
        let mut sections = Vec::new();
        timed(0, &mut || sections = pages.iter().flat_map(|p| extract::sections(p)).collect());
        bytes = sections.iter().map(|s| s.text.len()).sum();
        timed(1, &mut || assert!(sections.iter().filter(|s| normalize::surely_nfc(&s.text)).count() > 0));
        let mut texts = Vec::new();
        timed(2, &mut || texts = sections.iter().map(|s| normalize::normalize(&s.text)).collect());
        timed(3, &mut || runs = texts.iter().map(|t| segment::runs(t.as_str()).count()).sum());
        timed(4, &mut || terms = texts.iter().map(|t| segmenter.distinct_terms(std::iter::once(t)).len()).sum());
    }
    println!("{} pages, {:.1} MB of section text, {runs} runs, {terms} terms", pages.len(), bytes as f64 / 1e6);
    for (name, mut t) in ["sections", "nfc check", "normalize", "runs", "terms"].into_iter().zip(times) {
        t.sort();
        println!("{name:<10} {:8.1} ms", t[2].as_secs_f64() * 1e3);
    }
}
