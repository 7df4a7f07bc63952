//! Watching the site's sources for `handbook serve`: `content/`, `themes/`, the site's own
//! `templates/`, `static/` and `i18n/`, and `handbook.toml`, with `notify` (native events, or
//! polling with `--poll` for network shares and containers). Editors' atomic saves
//! (write-then-rename, delete-and-recreate) are seen because directories are watched, not files;
//! swap, backup and hidden files are ignored. Changes are gathered into bursts ([`burst`]): a
//! save is reported as soon as its file is complete and the burst has been quiet for a few
//! milliseconds, so the rebuild starts at once; a branch switch comes out as one [`Change`].

mod burst;

use crate::config::CONFIG_FILE;
use crate::load;
use anyhow::Context;
use burst::Burst;
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The directories below the site root whose changes matter, watched recursively.
pub const WATCHED_DIRS: [&str; 5] = [load::CONTENT_DIR, "themes", "templates", "static", "i18n"];

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// How often a wait for changes looks whether the server is stopping.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// Changed paths, relative to the site root, in path order.
#[derive(Debug, Default)]
pub struct Change {
    pub paths: BTreeSet<PathBuf>,
}

/// The notify watcher of one site; native events or polling.
enum Backend {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(w) => w.watch(path, mode),
            Backend::Poll(w) => w.watch(path, mode),
        }
    }
}

pub struct Watcher {
    backend: Backend,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    /// Build output directories below the root (the config's `output_dir`), never reported.
    outputs: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root`; `outputs` are directories whose changes are not reported.
    pub fn start(root: &Path, poll: bool, outputs: Vec<PathBuf>) -> anyhow::Result<Watcher> {
        let root = root.canonicalize().with_context(|| format!("cannot read {}", root.display()))?;
        let (tx, events) = std::sync::mpsc::channel();
        // Polling compares contents too: it sees modification times only to the second, and two
        // saves within a second are common.
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(poll);
        let backend = if poll { Backend::Poll(PollWatcher::new(tx, config)?) } else { Backend::Native(RecommendedWatcher::new(tx, config)?) };
        let outputs = outputs.iter().map(|o| root.join(o)).collect();
        let mut watcher = Watcher { backend, events, root, outputs };
        let root = watcher.root.clone();
        watcher.backend.watch(&root, RecursiveMode::NonRecursive).with_context(|| format!("cannot watch {}", root.display()))?;
        for dir in WATCHED_DIRS {
            watcher.watch_dir(dir)?;
        }
        Ok(watcher)
    }

    /// Watches `<root>/<dir>` recursively if it exists (again, after it was deleted and recreated).
    fn watch_dir(&mut self, dir: &str) -> anyhow::Result<()> {
        let path = self.root.join(dir);
        if path.is_dir() {
            self.backend.watch(&path, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", path.display()))?;
        }
        Ok(())
    }

    /// Waits for the next burst of relevant changes to be over; `None` once `stop` is set. Watch
    /// errors (such as the system's limit of watched directories) are printed and watching goes on.
    pub fn next_change(&mut self, stop: &AtomicBool) -> Option<Change> {
        loop {
            let mut burst = Burst::default();
            while burst.is_empty() {
                match self.events.recv_timeout(STOP_CHECK) {
                    Ok(event) => self.take(event, &mut burst),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
            }
            let change = self.finish(burst);
            if !change.paths.is_empty() {
                return Some(change);
            }
        }
    }

    /// A burst of relevant changes that begins within `wait`, once it is over.
    pub fn change_within(&mut self, wait: Duration) -> Option<Change> {
        let deadline = Instant::now() + wait;
        loop {
            let mut burst = Burst::default();
            while burst.is_empty() {
                let left = deadline.checked_duration_since(Instant::now())?;
                let event = self.events.recv_timeout(left).ok()?;
                self.take(event, &mut burst);
            }
            let change = self.finish(burst);
            if !change.paths.is_empty() {
                return Some(change);
            }
        }
    }

    /// Takes in events until `burst` is over.
    fn finish(&mut self, mut burst: Burst) -> Change {
        while let Some(left) = burst.over_at().and_then(|at| at.checked_duration_since(Instant::now())) {
            match self.events.recv_timeout(left) {
                Ok(event) => self.take(event, &mut burst),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Change { paths: burst.into_paths().collect() }
    }

    fn take(&mut self, event: notify::Result<Event>, burst: &mut Burst) {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: watching {}: {e}", self.root.display());
                return;
            }
        };
        let at = Instant::now();
        let steps = burst::steps(&event.kind, event.paths.len());
        let created = matches!(event.kind, EventKind::Create(_) | EventKind::Modify(notify::event::ModifyKind::Name(_)));
        for (path, step) in event.paths.iter().zip(steps) {
            let Some(rel) = self.relevant(path) else { continue };
            // A watched directory that was deleted and made again needs watching again.
            if let Some(dir) = WATCHED_DIRS.iter().find(|d| rel == Path::new(d)).filter(|_| created) {
                if let Err(e) = self.watch_dir(dir) {
                    eprintln!("warning: {e:#}");
                }
            }
            burst.note(rel, step, at);
        }
    }

    /// `path` relative to the root, if a change there can change the site.
    fn relevant(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?;
        if self.outputs.iter().any(|o| path.starts_with(o)) {
            return None;
        }
        if rel.components().any(|c| is_ignored(c.as_os_str())) {
            return None;
        }
        let top = rel.components().next()?.as_os_str();
        let watched = top == CONFIG_FILE || WATCHED_DIRS.iter().any(|d| top == *d);
        watched.then(|| rel.to_path_buf())
    }
}

/// Editor droppings: those `load` skips, and JetBrains' safe-write copies.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let text = name.to_string_lossy();
    load::is_ignored(name) || text.ends_with("___jb_tmp___") || text.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_sources_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let w = Watcher::start(dir.path(), true, vec![PathBuf::from("content/out")]).unwrap();
        let at = |p: &str| w.relevant(&w.root.join(p));
        assert_eq!(at("content/competencies/change.md"), Some(PathBuf::from("content/competencies/change.md")));
        assert_eq!(at("handbook.toml"), Some(PathBuf::from("handbook.toml")));
        assert_eq!(at("themes/default/static/style.css"), Some(PathBuf::from("themes/default/static/style.css")));
        for ignored in [
            "content/competencies/.change.md.swp",
            "content/competencies/change.md~",
            "content/competencies/4913",
            "content/competencies/change.md___jb_tmp___",
            "content/.git/index",
            "content/out/index.html",
            "site/index.html",
            "Cargo.toml",
            ".handbook.toml.swp",
        ] {
            assert_eq!(at(ignored), None, "{ignored}");
        }
    }
}
