//! When a burst of file changes is over, for `handbook serve`'s watcher: the changed paths and
//! whether each one is complete. A file is complete once it has been closed after writing or
//! renamed into place; it is still on its way after its data changed (a write not yet closed), it
//! was created, removed or renamed away (a new one may follow, as when an editor deletes and
//! writes again). A burst of complete files is over after a short quiet ([`SETTLED_QUIET`]), so
//! the rebuild starts as soon as an editor's save is done; one with a file still on its way waits
//! [`PENDING_QUIET`], and one of many files (a branch switch, an unpacked archive) [`BULK_QUIET`],
//! so that it gives one rebuild. A file created and removed (or renamed away) within a burst is
//! an editor's temporary file (`sed -i`, Kate and other Qt editors): it was not there before and
//! is not there after, so it changes nothing and is left out.

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
    /// Made (it was not there before): its contents may follow.
    Created,
    /// Removed or renamed away: a new one may follow.
    Gone,
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
        EventKind::Create(_) => one(Step::Created),
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => one(Step::Gone),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => one(Step::Complete),
        // `[from, to]`; the two are also reported alone, but either may be outside the watch.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            let mut steps = vec![Step::Gone, Step::Complete];
            steps.resize(paths, Step::Pending);
            steps
        }
        EventKind::Modify(ModifyKind::Metadata(_)) => one(Step::Metadata),
        _ => one(Step::Pending),
    }
}

/// How a path stands in a burst.
#[derive(Debug, Clone, Copy, Default)]
struct State {
    /// The file is whole.
    complete: bool,
    /// The path was made in this burst: it was not there before.
    born: bool,
    /// The path is gone, for now.
    gone: bool,
}

impl State {
    /// A temporary file, made and gone within the burst.
    fn temporary(self) -> bool {
        self.born && self.gone
    }
}

/// The paths changed in a burst so far (relative to the site root), and when the last change came.
#[derive(Debug, Default)]
pub struct Burst {
    paths: BTreeMap<PathBuf, State>,
    last: Option<Instant>,
}

impl Burst {
    /// Takes in that `path` went through `step` at `at`.
    pub fn note(&mut self, path: PathBuf, step: Step, at: Instant) {
        if step == Step::Closed && !self.paths.contains_key(&path) {
            // Opened for writing and closed without a write (or the write was taken in by an
            // earlier burst): no change.
            return;
        }
        let new = !self.paths.contains_key(&path);
        let state = self.paths.entry(path).or_default();
        if new && step == Step::Created {
            state.born = true;
        }
        match step {
            Step::Complete => (state.complete, state.gone) = (true, false),
            Step::Pending | Step::Created => (state.complete, state.gone) = (false, false),
            Step::Gone => (state.complete, state.gone) = (false, true),
            Step::Metadata => {}
            Step::Closed => state.complete = !state.gone,
        }
        self.last = Some(at);
    }

    /// Whether no path has changed yet.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// When the burst is over if nothing else comes; `None` while it is empty.
    pub fn over_at(&self) -> Option<Instant> {
        let quiet = if self.paths.len() > BULK_FILES {
            BULK_QUIET
        } else if self.paths.values().all(|s| s.complete || s.temporary()) {
            SETTLED_QUIET
        } else {
            PENDING_QUIET
        };
        Some(self.last? + quiet)
    }

    /// The changed paths, in path order, without temporary files.
    pub fn into_paths(self) -> impl Iterator<Item = PathBuf> {
        self.paths.into_iter().filter(|(_, s)| !s.temporary()).map(|(path, _)| path)
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
    fn a_rename_with_both_paths_leaves_the_old_one_gone() {
        let kind = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(steps(&kind, 2), [Step::Gone, Step::Complete]);
        assert_eq!(steps(&WRITE, 2), [Step::Pending, Step::Pending]);
    }

    #[test]
    fn a_temporary_file_made_and_renamed_away_is_left_out() {
        // `sed -i`: a temporary file written, then renamed over the file.
        let (b, at) = burst(&[
            ("sedX1", EventKind::Create(CreateKind::File)),
            ("sedX1", WRITE),
            ("sedX1", CLOSE),
            ("sedX1", EventKind::Modify(ModifyKind::Name(RenameMode::From))),
            ("a.md", EventKind::Modify(ModifyKind::Name(RenameMode::To))),
        ]);
        assert_eq!(b.over_at(), Some(at + SETTLED_QUIET));
        assert_eq!(b.into_paths().collect::<Vec<_>>(), [PathBuf::from("a.md")]);
        // A file that was there before and is removed counts, and so does one made again.
        let (b, _) = burst(&[
            ("a.md", EventKind::Remove(RemoveKind::File)),
            ("b.md", EventKind::Create(CreateKind::File)),
            ("b.md", EventKind::Remove(RemoveKind::File)),
            ("b.md", EventKind::Create(CreateKind::File)),
        ]);
        assert_eq!(b.into_paths().collect::<Vec<_>>(), [PathBuf::from("a.md"), PathBuf::from("b.md")]);
        let (b, _) = burst(&[("t.md", EventKind::Create(CreateKind::File)), ("t.md", EventKind::Remove(RemoveKind::File))]);
        assert!(!b.is_empty() && b.into_paths().next().is_none());
    }
}
