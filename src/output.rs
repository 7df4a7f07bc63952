//! Stage 6, write output: writes the site into a temporary directory beside the target, then swaps
//! it in, so a web server never serves a half-written site; refuses to replace a directory that
//! handbook did not create.

use anyhow::{bail, Context};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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

/// Writes `files` and copies `copies` (output path → source file) into `target`, atomically replacing it.
pub fn write_site(target: &Path, files: &[OutputFile], copies: &BTreeMap<String, PathBuf>) -> anyhow::Result<()> {
    check_replaceable(target)?;
    let name = target.file_name().context("the output directory needs a name")?.to_string_lossy();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = fill(&tmp, files, copies).and_then(|()| swap_in(&tmp, target));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
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

fn fill(tmp: &Path, files: &[OutputFile], copies: &BTreeMap<String, PathBuf>) -> anyhow::Result<()> {
    if tmp.exists() {
        std::fs::remove_dir_all(tmp).with_context(|| format!("cannot remove stale {}", tmp.display()))?;
    }
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(copies.keys().map(String::as_str))
        .filter_map(|p| Path::new(p).parent().map(|d| tmp.join(d)))
        .chain(std::iter::once(tmp.to_path_buf()))
        .collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    copies.par_iter().try_for_each(|(rel, source)| {
        std::fs::copy(source, tmp.join(rel)).map(drop).with_context(|| format!("cannot copy {}", source.display()))
    })?;
    files.par_iter().try_for_each(|f| {
        let path = tmp.join(&f.path);
        std::fs::write(&path, &f.bytes).with_context(|| format!("cannot write {}", path.display()))
    })?;
    std::fs::write(tmp.join(MARKER), "Built by handbook. `handbook build` replaces this whole directory.\n")
        .context("cannot write the output marker")
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
    std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove the previous build {}", old.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
