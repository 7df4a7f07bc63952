//! Prints the per-stage times of `handbook serve`'s in-memory rebuilds after a one-page edit, for
//! profiling: `cargo run --release --example rebuild_stages -- SITE_DIR [EDITS] [PAUSE_MS]`
//! (edits and restores `content/competencies/change.md`; use a copy of the site). Ends with the
//! median wall time of the rebuilds and, on Linux, the processor time they took on average (all
//! threads), which a busy machine disturbs less. `PAUSE_MS` waits between edits as an editor
//! does, so caches and idle threads are as cold as in `handbook serve`.

use handbook::pipeline::{Builder, Mode, Options};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// As the `handbook` binary allocates (with `serve`'s setting, below).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SOURCE: &str = "content/competencies/change.md";
const TITLE: &str = "title = \"เปลี่ยนแปลงทันการณ์\"";

fn main() {
    handbook::allocator::tune(true);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(args.first().expect("usage: rebuild_stages SITE_DIR [EDITS] [PAUSE_MS]"));
    let edits: usize = args.get(1).map_or(5, |n| n.parse().expect("EDITS is a number"));
    let pause = Duration::from_millis(args.get(2).map_or(0, |n| n.parse().expect("PAUSE_MS is a number")));
    let options = Options { root: root.clone(), output: None, base_url: Some("http://127.0.0.1:1111/".into()), mode: Mode::Memory };
    let builder = Builder::reusing_pages();
    let first = builder.run(&options).unwrap_or_else(|_| panic!("the site builds"));
    println!("first build {} ms", first.elapsed.as_millis());
    let path = root.join(SOURCE);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut walls = Vec::new();
    let mut cpu = Duration::ZERO;
    for k in 0..edits {
        std::thread::sleep(pause);
        std::fs::write(&path, original.replace(TITLE, &format!("title = \"เปลี่ยนแปลงทันการณ์ EDIT-{k}\""))).unwrap();
        let (started, cpu_before) = (Instant::now(), cpu_time());
        let changed = [PathBuf::from(SOURCE)].into_iter().collect();
        let report = builder.rebuild(&options, &changed).unwrap_or_else(|_| panic!("the site builds"));
        let wall = started.elapsed();
        cpu += cpu_time().saturating_sub(cpu_before);
        walls.push(wall);
        let delta = report.delta.as_ref().map_or(0, |d| d.len());
        println!("edit {k}: {} ms, {delta} files changed\n{}", wall.as_millis(), report.stages);
    }
    std::fs::write(&path, &original).unwrap();
    walls.sort();
    let median = walls.get(walls.len() / 2).copied().unwrap_or_default();
    println!("rebuild median {:.1} ms, processor time {:.1} ms per rebuild", ms(median), ms(cpu) / edits.max(1) as f64);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The processor time of this process so far, all threads (user and system); zero where
/// `/proc/self/stat` is not there. Its unit is the clock tick (10 ms), fine enough over many edits.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return Duration::ZERO };
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks: u64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
}
