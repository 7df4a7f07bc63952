//! Stage 8, write output: writes the site into a temporary directory beside the target as it is
//! rendered, then swaps it in, so a web server never serves a half-written site; refuses to replace a directory that
//! handbook did not create.

use anyhow::{bail, Context};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::path::{Path, PathBuf};

/// Marks a directory as handbook's output, which a later build may replace.
pub const MARKER: &str = ".handbook-build";

/// A generated file, by `/`-separated path relative to the output directory.
#[derive(Debug)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A whole site held in memory (for `handbook serve`): the generated files, and the files copied
/// as they are (output path → source file).
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub files: Vec<OutputFile>,
    pub copies: BTreeMap<String, PathBuf>,
}

/// A build being written: files go into a temporary directory beside the target as they are
/// made, and [`Staging::finish`] swaps it in; dropped unfinished, it removes the directory.
#[derive(Debug)]
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    /// Directories already created.
    dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl Staging {
    /// Checks that `target` may be replaced and creates the temporary directory.
    pub fn create(target: &Path) -> anyhow::Result<Staging> {
        check_replaceable(target)?;
        let name = target.file_name().context("the output directory needs a name")?.to_string_lossy();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).with_context(|| format!("cannot remove stale {}", tmp.display()))?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Staging { tmp, target: target.to_path_buf(), dirs: Mutex::default(), finished: false })
    }

    /// Writes one file (from any thread).
    pub fn write(&self, file: &OutputFile) -> anyhow::Result<()> {
        let path = self.tmp.join(&file.path);
        self.create_parent(&path)?;
        std::fs::write(&path, &file.bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    fn create_parent(&self, path: &Path) -> anyhow::Result<()> {
        let Some(dir) = path.parent() else { return Ok(()) };
        if self.dirs.lock().expect("staging directories").contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        self.dirs.lock().expect("staging directories").insert(dir.to_path_buf());
        Ok(())
    }

    /// Copies `copies` (output path → source file), marks the directory as handbook's and swaps it
    /// in for the target, which it returns.
    pub fn finish(mut self, copies: &BTreeMap<String, PathBuf>) -> anyhow::Result<PathBuf> {
        copies.par_iter().try_for_each(|(rel, source)| {
            let path = self.tmp.join(rel);
            self.create_parent(&path)?;
            std::fs::copy(source, &path).map(drop).with_context(|| format!("cannot copy {}", source.display()))
        })?;
        std::fs::write(self.tmp.join(MARKER), "Built by handbook. `handbook build` replaces this whole directory.\n")
            .context("cannot write the output marker")?;
        swap_in(&self.tmp, &self.target)?;
        self.finished = true;
        Ok(self.target.clone())
    }
}

/// Where a run's files go as they are made: into a [`Staging`] directory (`build`), into memory
/// (`serve`), or nowhere (`check`).
#[derive(Debug)]
pub enum Sink {
    Disk(Staging),
    Memory(Mutex<Vec<OutputFile>>),
    Discard,
}

impl Sink {
    /// Takes one file (from any thread).
    pub fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        match self {
            Sink::Disk(staging) => staging.write(&file),
            Sink::Memory(files) => {
                files.lock().expect("kept files").push(file);
                Ok(())
            }
            Sink::Discard => Ok(()),
        }
    }

    /// Takes many files, written in parallel.
    pub fn put_all(&self, files: Vec<OutputFile>) -> anyhow::Result<()> {
        match self {
            Sink::Disk(staging) => files.par_iter().try_for_each(|f| staging.write(f)),
            Sink::Memory(kept) => {
                kept.lock().expect("kept files").extend(files);
                Ok(())
            }
            Sink::Discard => Ok(()),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// An existing target must be empty or carry the marker.
fn check_replaceable(target: &Path) -> anyhow::Result<()> {
    if !target.exists() {
        return Ok(());
    }
    if !target.is_dir() {
        bail!("refusing to replace {}: it is a file, not a directory handbook built", target.display());
    }
    let empty = std::fs::read_dir(target).with_context(|| format!("cannot read {}", target.display()))?.next().is_none();
    if !empty && !target.join(MARKER).is_file() {
        bail!(
            "refusing to replace {}: it was not created by handbook (no {MARKER} file in it); move it away or choose another --output",
            target.display()
        );
    }
    Ok(())
}

/// Renames the finished build into place and removes the previous one.
fn swap_in(tmp: &Path, target: &Path) -> anyhow::Result<()> {
    if !target.exists() {
        return std::fs::rename(tmp, target).with_context(|| format!("cannot move the build to {}", target.display()));
    }
    let old = tmp.with_extension("old");
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove stale {}", old.display()))?;
    }
    std::fs::rename(target, &old).with_context(|| format!("cannot move the previous build {} aside", target.display()))?;
    if let Err(e) = std::fs::rename(tmp, target) {
        let _ = std::fs::rename(&old, target);
        return Err(e).with_context(|| format!("cannot move the build to {}", target.display()));
    }
    remove_tree(&old).with_context(|| format!("cannot remove the previous build {}", old.display()))
}

/// Removes a directory and everything in it, the entries of each directory in parallel.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` and copies `copies` into `target` as a build does, atomically replacing it.
    fn write_site(target: &Path, files: &[OutputFile], copies: &BTreeMap<String, PathBuf>) -> anyhow::Result<()> {
        let staging = Staging::create(target)?;
        files.par_iter().try_for_each(|f| staging.write(f))?;
        staging.finish(copies).map(drop)
    }

    fn one_file() -> Vec<OutputFile> {
        vec![OutputFile { path: "a/index.html".into(), bytes: b"new".to_vec() }]
    }

    #[test]
    fn replaces_its_own_output_and_refuses_foreign_directories() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        write_site(&target, &one_file(), &BTreeMap::new()).unwrap();
        assert_eq!(std::fs::read(target.join("a/index.html")).unwrap(), b"new");
        write_site(&target, &one_file(), &BTreeMap::new()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary directory is left behind");

        let foreign = dir.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let err = write_site(&foreign, &one_file(), &BTreeMap::new()).unwrap_err().to_string();
        assert!(err.contains("not created by handbook"), "{err}");
        assert_eq!(std::fs::read_to_string(foreign.join("keep.txt")).unwrap(), "mine");
    }
}
