//! Measures `handbook serve`'s save-to-updated-page latency on a site: starts the release binary
//! on a free port, then several times saves a new title into `content/competencies/change.md`
//! (in place, as VS Code does) and times from the save until the `reload` event has arrived and
//! the page is served with the new title. Prints every edit, the median, and the server's own
//! rebuild times; checks that the section page listing the competency is up to date as well. On
//! Linux it also prints the processor time and page faults of the server from each save to the
//! updated page (medians), which a busy machine disturbs less than the latency.
//!
//! `cargo run --release --example bench_serve -- SITE_DIR [EDITS]` (the site is edited and
//! restored; use a copy). `scripts/bench-serve.sh` runs it on the real content and on generated
//! 1,000- and 10,000-page sites.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SOURCE: &str = "content/competencies/change.md";
const TITLE: &str = "title = \"เปลี่ยนแปลงทันการณ์\"";
const PATIENCE: Duration = Duration::from_secs(600);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let site = PathBuf::from(args.first().expect("usage: bench_serve SITE_DIR [EDITS]"));
    let edits: usize = args.get(1).map_or(7, |n| n.parse().expect("EDITS is a number"));
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/handbook");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(&binary)
        .arg("--root")
        .arg(&site)
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e} (build it with cargo build --release)", binary.display()));
    let (lines_tx, lines) = mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut built = String::new();
    let port = loop {
        let line = lines.recv_timeout(PATIENCE).expect("handbook serve starts");
        if line.starts_with("built ") {
            built = line.clone();
        }
        if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse::<u16>().unwrap();
        }
    };
    println!("site {}: first build: {built}", site.display());

    let path = site.join(SOURCE);
    let original = std::fs::read_to_string(&path).unwrap();
    assert!(original.contains(TITLE), "{SOURCE} has its usual title");
    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    let mut work = Vec::new();
    for k in 0..edits {
        let page = get(port, "/competencies/change/");
        let token = token(&page);
        let mut events = connect(port);
        write!(events, "GET /__handbook/events?since={token} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let marker = format!("BENCH-{k}");
        let (started, before) = (Instant::now(), usage(child.id()));
        std::fs::write(&path, original.replace(TITLE, &format!("title = \"เปลี่ยนแปลงทันการณ์ {marker}\""))).unwrap();
        wait_for_reload(&mut events);
        let served = get(port, "/competencies/change/");
        let latency = started.elapsed();
        let after = usage(child.id());
        work.push((after.0.saturating_sub(before.0), after.1.saturating_sub(before.1)));
        assert!(served.contains(&marker), "the page has the new title after the reload event");
        assert!(get(port, "/competencies/").contains(&marker), "the section page is up to date too");
        latencies.push(latency);
        while let Ok(line) = lines.try_recv() {
            // `rebuilt 2040 pages in 35 ms` (`, 117 files changed` after an incremental one).
            if let Some(ms) = line.strip_prefix("rebuilt ").and_then(|l| l.split(" in ").nth(1)).and_then(|l| l.split(" ms").next()) {
                rebuilds.push(ms.parse::<u64>().unwrap_or(0));
            }
        }
        println!("  edit {}: updated page served {} ms after the save", k + 1, latency.as_millis());
    }
    std::fs::write(&path, &original).unwrap();
    latencies.sort();
    rebuilds.sort();
    let median = latencies[latencies.len() / 2];
    println!(
        "site {}: save-to-updated-page median {} ms (min {} ms, max {} ms, {edits} edits); rebuild median {} ms",
        site.display(),
        median.as_millis(),
        latencies[0].as_millis(),
        latencies[latencies.len() - 1].as_millis(),
        rebuilds.get(rebuilds.len() / 2).copied().unwrap_or(0)
    );
    let (mut cpu, mut faults): (Vec<u64>, Vec<u64>) = work.into_iter().unzip();
    cpu.sort();
    faults.sort();
    println!("  server processor time median {} ms, page faults median {}", cpu[cpu.len() / 2], faults[faults.len() / 2]);
    let _ = child.kill();
    let _ = child.wait();
}

/// The processor time (ms, user and system, all threads) and minor page faults of process `pid`
/// so far; zeros where `/proc` is not there.
fn usage(pid: u32) -> (u64, u64) {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return (0, 0) };
    // The fields after the command name, which is in parentheses.
    let fields: Vec<u64> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    let field = |i: usize| fields.get(i).copied().unwrap_or(0);
    ((field(11) + field(12)) * 10, field(7))
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

fn get(port: u16, path: &str) -> String {
    let mut stream = connect(port);
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut body = String::new();
    stream.read_to_string(&mut body).unwrap();
    body
}

fn token(page: &str) -> String {
    let start = page.find("data-token=\"").expect("a live page") + "data-token=\"".len();
    page[start..].split('"').next().unwrap().to_string()
}

fn wait_for_reload(events: &mut TcpStream) {
    let mut seen = String::new();
    let mut chunk = [0u8; 4096];
    while !seen.contains("event: reload") {
        assert!(!seen.contains("event: error"), "the edit broke the build: {seen}");
        let n = events.read(&mut chunk).expect("the event stream stays open");
        assert!(n > 0, "the event stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
}
