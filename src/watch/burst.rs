//! When a burst of file changes is over, for `handbook serve`'s watcher: the changed paths and
//! whether each one is complete. A file is complete once it has been closed after writing or
//! renamed into place; it is still on its way after its data changed (a write not yet closed), it
//! was created, removed or renamed away (a new one may follow, as when an editor deletes and
//! writes again). A burst of complete files is over after a short quiet ([`SETTLED_QUIET`]), so
//! the rebuild starts as soon as an editor's save is done; one with a file still on its way waits
//! [`PENDING_QUIET`], and one of many files (a branch switch, an unpacked archive) [`BULK_QUIET`],
//! so that it gives one rebuild.

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::EventKind;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a burst of complete files must be quiet: enough to take in an editor's "save all" or
/// the next file of a branch switch, short next to a rebuild.
pub const SETTLED_QUIET: Duration = Duration::from_millis(4);
/// How long a burst with a file still on its way must be quiet (an editor between deleting a file
/// and writing it again, a write that is not closed, a file touched).
pub const PENDING_QUIET: Duration = Duration::from_millis(30);
/// A burst of more than this many files is a bulk operation …
pub const BULK_FILES: usize = 8;
/// … over once its files have been quiet this long.
pub const BULK_QUIET: Duration = Duration::from_millis(150);

/// What an event says about a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Written and closed, or renamed into place: the file is whole.
    Complete,
    /// Changed in a way that more may follow.
    Pending,
    /// Its metadata changed (a touch, a chmod): the file is as complete as it was.
    Metadata,
    /// Closed after writing: completes a change, is none by itself.
    Closed,
}

/// The steps an event means for its paths, in order; none for events that change nothing
/// (opening and reading files, as every build does).
pub fn steps(kind: &EventKind, paths: usize) -> Vec<Step> {
    let one = |step| vec![step; paths];
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => one(Step::Closed),
        EventKind::Access(_) => Vec::new(),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => one(Step::Complete),
        // `[from, to]`; the two are also reported alone, but either may be outside the watch.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            let mut steps = vec![Step::Pending, Step::Complete];
            steps.resize(paths, Step::Pending);
            steps
        }
        EventKind::Modify(ModifyKind::Metadata(_)) => one(Step::Metadata),
        _ => one(Step::Pending),
    }
}

/// The paths changed in a burst so far (relative to the site root), and when the last change came.
#[derive(Debug, Default)]
pub struct Burst {
    /// Each path and whether it is complete.
    paths: BTreeMap<PathBuf, bool>,
    last: Option<Instant>,
}

impl Burst {
    /// Takes in that `path` went through `step` at `at`.
    pub fn note(&mut self, path: PathBuf, step: Step, at: Instant) {
        match step {
            Step::Complete => {
                self.paths.insert(path, true);
            }
            Step::Pending => {
                self.paths.insert(path, false);
            }
            Step::Metadata => {
                self.paths.entry(path).or_insert(false);
            }
            Step::Closed => match self.paths.get_mut(&path) {
                Some(complete) => *complete = true,
                // Opened for writing and closed without a write (or the write was taken in by
                // an earlier burst): no change.
                None => return,
            },
        }
        self.last = Some(at);
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// When the burst is over if nothing else comes; `None` while it is empty.
    pub fn over_at(&self) -> Option<Instant> {
        let quiet = if self.paths.len() > BULK_FILES {
            BULK_QUIET
        } else if self.paths.values().all(|&complete| complete) {
            SETTLED_QUIET
        } else {
            PENDING_QUIET
        };
        Some(self.last? + quiet)
    }

    /// The changed paths, in path order.
    pub fn into_paths(self) -> impl Iterator<Item = PathBuf> {
        self.paths.into_keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CLOSE: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));

    fn burst(events: &[(&str, EventKind)]) -> (Burst, Instant) {
        let start = Instant::now();
        let mut burst = Burst::default();
        for (path, kind) in events {
            for step in steps(kind, 1) {
                burst.note(PathBuf::from(path), step, start);
            }
        }
        (burst, start)
    }

    #[test]
    fn a_closed_write_or_a_rename_into_place_is_over_soon() {
        let (b, at) = burst(&[("a.md", EventKind::Access(AccessKind::Open(AccessMode::Any))), ("a.md", WRITE), ("a.md", WRITE), ("a.md", CLOSE)]);
        assert_eq!(b.over_at(), Some(at + SETTLED_QUIET));
        // vim: the original renamed away, a new one written and closed.
        let (b, at) = burst(&[
            ("a.md", EventKind::Modify(ModifyKind::Name(RenameMode::From))),
            ("a.md", EventKind::Create(CreateKind::File)),
            ("a.md", WRITE),
            ("a.md", CLOSE),
            ("a.md", EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions))),
        ]);
        assert_eq!(b.over_at(), Some(at + SETTLED_QUIET));
        let (b, at) = burst(&[("a.md", EventKind::Modify(ModifyKind::Name(RenameMode::To)))]);
        assert_eq!(b.over_at(), Some(at + SETTLED_QUIET));
    }

    #[test]
    fn a_file_still_on_its_way_waits_longer() {
        for events in [
            vec![("a.md", WRITE)],
            vec![("a.md", EventKind::Remove(RemoveKind::File))],
            vec![("a.md", EventKind::Modify(ModifyKind::Name(RenameMode::From)))],
            vec![("a.md", EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)))],
            vec![("a.md", WRITE), ("a.md", CLOSE), ("b.md", EventKind::Create(CreateKind::Folder))],
            vec![("a.md", WRITE), ("a.md", CLOSE), ("a.md", WRITE)],
        ] {
            let (b, at) = burst(&events);
            assert_eq!(b.over_at(), Some(at + PENDING_QUIET), "{events:?}");
        }
    }

    #[test]
    fn reads_and_closes_alone_change_nothing_and_many_files_wait_for_the_bulk_quiet() {
        let (b, _) = burst(&[("a.md", CLOSE), ("b.md", EventKind::Access(AccessKind::Close(AccessMode::Read)))]);
        assert!(b.is_empty() && b.over_at().is_none());
        let names: Vec<String> = (0..=BULK_FILES).map(|i| format!("{i}.md")).collect();
        let events: Vec<(&str, EventKind)> = names.iter().flat_map(|n| [(n.as_str(), WRITE), (n.as_str(), CLOSE)]).collect();
        let (b, at) = burst(&events);
        assert_eq!(b.over_at(), Some(at + BULK_QUIET));
        assert_eq!(b.into_paths().count(), BULK_FILES + 1);
    }

    #[test]
    fn a_rename_with_both_paths_leaves_the_old_one_pending() {
        let kind = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(steps(&kind, 2), [Step::Pending, Step::Complete]);
        assert_eq!(steps(&WRITE, 2), [Step::Pending, Step::Pending]);
    }
}
