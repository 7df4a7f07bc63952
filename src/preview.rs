//! `handbook serve`, the live preview: builds the site in memory, serves it ([`crate::serve`]),
//! watches the sources ([`crate::watch`]), rebuilds on every change and tells open pages to
//! reload or to show the errors ([`crate::live`]). The last good build keeps being served while a
//! rebuild runs and after one fails. Nothing is written to disk: writing a 1,000-page site took
//! two thirds of a rebuild, almost all of it the file system creating files and directories.

use crate::config::Config;
use crate::live::{Problem, Published};
use crate::pipeline::{Builder, Failure, Mode, Options, Report};
use crate::serve::Snapshot;
use crate::watch::{Change, Watcher};
use anyhow::{bail, Context};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;

/// How `handbook serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// The first port tried; when it is taken, the next ones are.
    pub port: u16,
    /// Poll the files instead of relying on the system's change events.
    pub poll: bool,
}

/// How many ports after `--port` are tried when it is taken.
const PORT_TRIES: u16 = 10;
/// A rebuild that fails while files are still changing (an editor between deleting and writing,
/// a directory being removed) is retried when more changes come within this time, before its
/// errors are shown.
const SETTLE: Duration = Duration::from_millis(150);

/// Runs the preview until Ctrl-C (or SIGTERM).
pub fn run(options: &ServeOptions) -> anyhow::Result<()> {
    let root = &options.root;
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        bail!("no {} in {}: run `handbook serve` in the site's directory or pass --root", crate::config::CONFIG_FILE, root.display());
    }
    let (listener, addr) = bind(options.bind, options.port)?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        ip => ip,
    };
    let origin = match host {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}", addr.port()),
    };
    let outputs = Config::load(root)?.map(|c| vec![c.output_dir]).unwrap_or_default();
    let watcher = Watcher::start(root, options.poll, outputs)?;
    println!("watching {} for changes{}", watched_list(root), if options.poll { " (polling)" } else { "" });

    let mut session = Session {
        root: root.clone(),
        origin: origin.clone(),
        builder: Builder::reusing_pages(),
        published: Published { instance: instance_id(), generation: 0, site: None, base_path: "/".into(), problems: None },
    };
    let outcome = session.build(None);
    session.publish(outcome, None);
    println!("serving {origin}{} (Ctrl-C to stop)", session.published.base_path);

    let (publish, published) = watch::channel(session.published.clone());
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop = Arc::new(AtomicBool::new(false));
    let rebuilder = {
        let stop = Arc::clone(&stop);
        std::thread::Builder::new().name("rebuild".into()).spawn(move || rebuild_loop(session, watcher, publish, &stop))?
    };

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the HTTP runtime")?;
    let served = runtime.block_on(async {
        tokio::spawn(async move {
            wait_for_signal().await;
            let _ = stop_tx.send(true);
        });
        let mut stopping = stop_rx.clone();
        tokio::select! {
            served = crate::serve::serve(listener, published, stop_rx) => served,
            // Connections that do not close in time are dropped.
            _ = async { let _ = stopping.wait_for(|s| *s).await; tokio::time::sleep(Duration::from_secs(3)).await } => Ok(()),
        }
    });
    stop.store(true, Ordering::Relaxed);
    let _ = rebuilder.join();
    println!("stopped");
    served
}

/// The state carried from one build to the next.
struct Session {
    root: PathBuf,
    /// `http://127.0.0.1:1111`, without a path.
    origin: String,
    builder: Builder,
    published: Published,
}

impl Session {
    /// Builds the whole site in memory, or after `changed`, what they touch.
    fn build(&mut self, changed: Option<&Change>) -> Result<Report, Failure> {
        // The base path comes from the config as it is now; a broken config fails the build below.
        if let Ok(Ok(config)) = Config::load(&self.root) {
            self.published.base_path = config.base_path().into();
        }
        let options = Options {
            root: self.root.clone(),
            output: None,
            base_url: Some(format!("{}{}", self.origin, self.published.base_path)),
            mode: Mode::Memory,
        };
        match changed {
            Some(change) => self.builder.rebuild(&options, &change.paths),
            None => self.builder.run(&options),
        }
    }

    /// Serves a good build from now on, or records the problems of a failed one; says so.
    fn publish(&mut self, outcome: Result<Report, Failure>, change: Option<&Change>) {
        match outcome {
            Ok(mut report) => {
                println!("{}", built(&report, change.is_some()));
                let site = match (report.delta.take(), &self.published.site) {
                    (Some(delta), Some(site)) => site.with(delta),
                    _ => Snapshot::from(report.rendered.take().unwrap_or_default()),
                };
                self.published.site = Some(Arc::new(site));
                self.published.generation += 1;
                self.published.problems = None;
            }
            Err(failure) => {
                let problems = report_failure(&failure, self.published.site.is_some());
                self.published.problems = Some(problems.into());
            }
        }
    }
}

fn rebuild_loop(mut session: Session, mut watcher: Watcher, publish: watch::Sender<Published>, stop: &AtomicBool) {
    while let Some(mut change) = watcher.next_change(stop) {
        print_change(&change);
        let mut outcome = session.build(Some(&change));
        // Files may still be on their way (a save half done, a directory half removed).
        while outcome.is_err() {
            let Some(more) = watcher.change_within(SETTLE) else { break };
            print_change(&more);
            outcome = session.build(Some(&more));
            change.paths.extend(more.paths);
        }
        session.publish(outcome, Some(&change));
        publish.send_replace(session.published.clone());
    }
}

/// Prints the diagnostics as `handbook check` does and returns them for the browser.
fn report_failure(failure: &Failure, serving: bool) -> Vec<Problem> {
    let problems: Vec<Problem> = match failure {
        Failure::Content(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            diagnostics.iter().map(Problem::from).collect()
        }
        Failure::Other(e) => {
            eprintln!("error: {e:#}");
            vec![Problem::unlocated(e)]
        }
    };
    let n = problems.len();
    let still = if serving { "still serving the last good build" } else { "nothing to serve until they are fixed" };
    eprintln!("error: {n} problem{} found; {still}", if n == 1 { "" } else { "s" });
    problems
}

fn built(report: &Report, rebuilt: bool) -> String {
    let total: usize = report.pages.values().sum();
    let verb = if rebuilt { "rebuilt" } else { "built" };
    let changed = report.delta.as_ref().map(|d| format!(", {} files changed", d.len())).unwrap_or_default();
    format!("{verb} {total} pages in {} ms{changed}", report.elapsed.as_millis())
}

fn print_change(change: &Change) {
    const SHOWN: usize = 5;
    for path in change.paths.iter().take(SHOWN) {
        println!("changed: {}", path.to_string_lossy().replace('\\', "/"));
    }
    if change.paths.len() > SHOWN {
        println!("changed: … and {} more", change.paths.len() - SHOWN);
    }
}

fn watched_list(root: &Path) -> String {
    let mut names: Vec<String> =
        crate::watch::WATCHED_DIRS.iter().filter(|d| root.join(d).is_dir()).map(|d| format!("{d}/")).collect();
    names.push(crate::config::CONFIG_FILE.to_string());
    names.join(", ")
}

/// Binds `port`, or the next free one of [`PORT_TRIES`], saying so.
fn bind(ip: IpAddr, port: u16) -> anyhow::Result<(TcpListener, SocketAddr)> {
    let last = port.saturating_add(if port == 0 { 0 } else { PORT_TRIES - 1 });
    for candidate in port..=last {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                let addr = listener.local_addr()?;
                if candidate != port {
                    println!("port {port} is in use; using port {} instead", addr.port());
                }
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {ip}:{candidate}")),
        }
    }
    bail!("ports {port} to {last} on {ip} are all in use; choose another with --port")
}

/// Identifies this run of the server in page tokens.
fn instance_id() -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
