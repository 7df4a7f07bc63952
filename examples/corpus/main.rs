//! Writes a synthetic, deterministic Thai/English handbook site of N pages per language for the
//! build benchmark (`scripts/bench-build.sh`), and optionally the same pages as a Hugo site:
//!
//! `cargo run --release --example corpus -- --pages 1000 --out /tmp/c1k --hugo /tmp/c1k-hugo`
//!
//! The site holds the real pages (home, sections, the seven competencies, the plan and the
//! minutes) and generated ones: ~60% meeting minutes, ~5% competencies, ~0.5% strategy plans and
//! ~34% plain pages, all built from the real content's sentences, people and plan items.

mod hugo;
mod pages;
mod plain;
mod text;
mod world;

use anyhow::{bail, Context, Result};
use clap::Parser;
use pages::{Doc, Gen, Mix, Page, PLAIN_SECTIONS};
use std::path::{Path, PathBuf};
use text::{split, Rng, DATA_FILES, HANDBOOK_TOML, REAL_PAGES};
use world::World;

/// Committees the generated minutes are spread over (the 3 real ones and 17 generated).
const COMMITTEES: usize = 20;

#[derive(Parser)]
#[command(about = "Writes a synthetic bilingual handbook site (and optionally a Hugo site) for benchmarks")]
struct Args {
    /// Pages per language (the site has this many Thai and as many English files).
    #[arg(long)]
    pages: usize,
    /// The handbook site's root directory (handbook.toml, content/, themes/).
    #[arg(long)]
    out: PathBuf,
    /// Also write the same pages as a Hugo site here.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Seed of the random choices; the same seed and N give the same files.
    #[arg(long, default_value_t = 2565)]
    seed: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let world = World::load(COMMITTEES);
    let mix = Mix::new(args.pages, &world);
    let mut gen = Gen { world: &world, mix: &mix, rng: Rng::new(args.seed) };
    prepare(&args.out, "handbook.toml")?;
    write_handbook_base(&args.out, &world)?;
    let titles = hugo::Titles::new(&mix);
    if let Some(dir) = &args.hugo {
        prepare(dir, "hugo.toml")?;
        hugo::write_base(dir, &world)?;
    }
    let mut counts = [0usize; 2];
    let mut emit = |page: Page| -> Result<()> {
        write_page(&args.out, &page)?;
        if let Some(dir) = &args.hugo {
            hugo::write_page(dir, &page, &titles)?;
        }
        counts[0] += 1;
        counts[1] += page.body_words();
        Ok(())
    };
    for page in real_pages() {
        emit(page)?;
    }
    for s in 0..PLAIN_SECTIONS.len() {
        emit(gen.plain_section(s))?;
    }
    for n in 8..=mix.competencies.len() {
        emit(gen.competency(n))?;
    }
    for k in 2..=mix.plans.len() {
        emit(gen.plan(k))?;
    }
    for slot in 1..mix.meetings.len() {
        emit(gen.meeting(slot))?;
    }
    for i in 0..mix.plain {
        emit(gen.plain(i))?;
    }
    let [pages, words] = counts;
    println!(
        "wrote {pages} pages per language into {}{} ({} minutes, {} competencies, {} plans, {} plain pages; {} English words per page on average)",
        args.out.display(),
        args.hugo.as_ref().map(|h| format!(" and {}", h.display())).unwrap_or_default(),
        mix.meetings.len(),
        mix.competencies.len(),
        mix.plans.len(),
        mix.plain,
        words / pages.max(1),
    );
    Ok(())
}

impl Page {
    fn body_words(&self) -> usize {
        self.en.body.split_whitespace().count()
    }
}

/// Empties a directory written by an earlier run (it holds `marker`); refuses any other non-empty one.
fn prepare(dir: &Path, marker: &str) -> Result<()> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)?.next().is_none();
        if !empty && !dir.join(marker).is_file() {
            bail!("refusing to overwrite {}: it is not empty and holds no {marker}", dir.display());
        }
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// `handbook.toml`, the vocabularies and a copy of the repository's themes.
fn write_handbook_base(out: &Path, world: &World) -> Result<()> {
    write(&out.join("handbook.toml"), HANDBOOK_TOML)?;
    for (name, text) in DATA_FILES.iter().filter(|(n, _)| *n != "committees") {
        write(&out.join(format!("content/_data/{name}.toml")), text)?;
    }
    write(&out.join("content/_data/committees.toml"), &world.committees_toml())?;
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &out.join("themes"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let target = to.join(entry.path().strip_prefix(from)?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn write_page(out: &Path, page: &Page) -> Result<()> {
    write(&out.join(format!("content/{}.md", page.key)), &page.th.file())?;
    write(&out.join(format!("content/{}.en.md", page.key)), &page.en.file())
}

/// The real pages, as they are in the repository.
fn real_pages() -> Vec<Page> {
    REAL_PAGES
        .iter()
        .map(|(key, th, en)| {
            let doc = |file: &str| {
                let (front, body) = split(file);
                Doc { front: front.to_string(), body: body.trim_start_matches('\n').to_string() }
            };
            Page { key: key.to_string(), th: doc(th), en: doc(en) }
        })
        .collect()
}
