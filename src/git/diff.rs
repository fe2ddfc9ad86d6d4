//! What changed between two states: two trees, `HEAD` and the index, `HEAD` and the work tree.

use std::path::Path;

use super::repo::Repo;
use super::Oid;
use crate::error::{Error, Result};

/// A changed file as (old path, new path): `(None, Some)` added, `(Some, None)` deleted.
pub type PathChange = (Option<String>, Option<String>);

/// Which files a work-tree diff looks at.
#[derive(Debug, Clone, Copy)]
pub enum Paths<'a> {
    /// Every file, submodules included (a submodule moved to another commit is a change).
    All,
    /// Files under these folders (repo-relative, no trailing `/`); submodules are ignored.
    Under(&'a [String]),
    /// This one path, taken literally (no glob); submodules are ignored.
    Exactly(&'a str),
}

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeltaKind {
    /// New, tracked or not.
    Added,
    Deleted,
    /// Its content or type changed.
    Modified,
    /// Anything else libgit2 reports (a conflict, an unreadable file).
    Other,
}

/// One changed file of a work-tree diff.
#[derive(Debug, Clone)]
pub struct Delta {
    pub kind: DeltaKind,
    /// The path before and after (the same unless renamed), lossily decoded.
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    /// Both paths are valid UTF-8 (`old_path` and `new_path` are exact).
    pub utf8: bool,
    /// The blob before the change (what `HEAD` has; zero when added).
    pub old_blob: Oid,
}

impl Repo {
    /// Files under any of `prefixes` that differ between two trees (`None` is the empty tree).
    pub(super) fn changed_between(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
        prefixes: &[String],
    ) -> Result<Vec<PathChange>> {
        let mut opts = options(prefixes);
        let diff = self
            .git
            .diff_tree_to_tree(old, new, Some(&mut opts))
            .map_err(|e| Error::git("comparing trees", e))?;
        Ok(path_changes(&diff))
    }

    /// Files under any of `prefixes` (every file when empty) that the index changes relative
    /// to `HEAD`: what a commit would record.
    pub fn staged_changes(
        &self,
        index: &git2::Index,
        prefixes: &[String],
    ) -> Result<Vec<PathChange>> {
        let head = self.head_tree()?;
        // Folders the index holds as HEAD does are not compared: comparing one means reading
        // HEAD's tree of it, 10,000 entries for a records folder, to find nothing.
        let prefixes: Vec<String> = match &head {
            Some(head) if !prefixes.is_empty() => {
                let cache = super::index::CacheTree::of(index);
                let changed: Vec<String> = prefixes
                    .iter()
                    .filter(|p| !super::index::same_as_head(index, cache.as_ref(), p, head))
                    .cloned()
                    .collect();
                if changed.is_empty() {
                    return Ok(Vec::new());
                }
                changed
            }
            _ => prefixes.to_vec(),
        };
        let mut opts = options(&prefixes);
        let diff = self
            .git
            .diff_tree_to_index(head.as_ref(), Some(index), Some(&mut opts))
            .map_err(|e| Error::git("comparing the index with HEAD", e))?;
        Ok(path_changes(&diff))
    }

    /// The work tree (with the index and untracked files that are not ignored) against `HEAD`.
    pub fn worktree_changes(&self, paths: Paths<'_>) -> Result<Vec<Delta>> {
        if let Paths::Exactly(path) = paths {
            if let Some(deltas) = self.staged_if_clean(path)? {
                return Ok(deltas);
            }
        }
        self.worktree_diff(paths)
    }

    /// [`Repo::worktree_changes`] through libgit2's work-tree diff.
    fn worktree_diff(&self, paths: Paths<'_>) -> Result<Vec<Delta>> {
        let head = self.head_tree()?;
        let mut opts = git2::DiffOptions::new();
        match paths {
            Paths::All => {}
            Paths::Under(dirs) => {
                for dir in dirs {
                    opts.pathspec(format!("{dir}/"));
                }
            }
            Paths::Exactly(path) => {
                opts.pathspec(path).disable_pathspec_match(true);
            }
        }
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .skip_binary_check(true)
            .ignore_submodules(!matches!(paths, Paths::All));
        let diff = self
            .git
            .diff_tree_to_workdir_with_index(head.as_ref(), Some(&mut opts))
            .map_err(|e| Error::git("comparing the work tree with HEAD", e))?;
        Ok(work_deltas(&diff))
    }

    /// [`Repo::worktree_changes`] of the one file at `path` when its work-tree copy is, by the
    /// stat data the index keeps, what was staged: then only the index against `HEAD` can
    /// differ, and that is all that is compared. libgit2's work-tree diff lists the file's
    /// whole folder to find it (ten thousand records, for one). `None` when this cannot be
    /// told so (not staged, in conflict, changed or touched since, or too recently to be sure,
    /// as git's "racily clean" rule says): the caller diffs the work tree.
    fn staged_if_clean(&self, path: &str) -> Result<Option<Vec<Delta>>> {
        let Some(root) = self.git.workdir() else {
            return Ok(None);
        };
        let index = self
            .git
            .index()
            .map_err(|e| Error::git("reading the index", e))?;
        let p = Path::new(path);
        let conflicted = (1..=3).any(|stage| index.get_path(p, stage).is_some());
        let Some(entry) = index.get_path(p, 0).filter(|_| !conflicted) else {
            return Ok(None);
        };
        let index_time = std::fs::metadata(self.git.path().join("index")).ok();
        let Ok(file) = std::fs::symlink_metadata(root.join(path)) else {
            return Ok(None);
        };
        if !same_stat(&entry, &file, index_time.as_ref()) {
            return Ok(None);
        }
        let head = self.head_tree()?;
        let mut opts = git2::DiffOptions::new();
        opts.pathspec(path)
            .disable_pathspec_match(true)
            .skip_binary_check(true)
            .ignore_submodules(true);
        let diff = self
            .git
            .diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut opts))
            .map_err(|e| Error::git("comparing the index with HEAD", e))?;
        Ok(Some(work_deltas(&diff)))
    }
}

/// Whether the file described by `file` is, by git's stat data, the index's `entry`: a regular
/// file of the entry's mode, size, times, inode and owner (libgit2 keeps no device), written
/// before the index (a file changed in the same clock tick as the index was written could
/// differ unseen). Some of this is stricter than git (nanoseconds and ctime always count): a
/// file it turns down is only diffed the slow way.
#[cfg(unix)]
pub(super) fn same_stat(
    entry: &git2::IndexEntry,
    file: &std::fs::Metadata,
    index: Option<&std::fs::Metadata>,
) -> bool {
    use std::os::unix::fs::MetadataExt;
    let mode = match file.mode() & 0o111 {
        0 => 0o100644,
        _ => 0o100755,
    };
    let time = |t: &git2::IndexTime| (i64::from(t.seconds()), i64::from(t.nanoseconds()));
    let mtime = (file.mtime(), file.mtime_nsec());
    let before_index = index.is_some_and(|i| mtime < (i.mtime(), i.mtime_nsec()));
    file.file_type().is_file()
        && entry.mode == mode
        && entry.file_size == file.size() as u32
        && time(&entry.mtime) == mtime
        && time(&entry.ctime) == (file.ctime(), file.ctime_nsec())
        && entry.ino == file.ino() as u32
        && entry.uid == file.uid()
        && entry.gid == file.gid()
        && before_index
}

#[cfg(not(unix))]
pub(super) fn same_stat(
    _: &git2::IndexEntry,
    _: &std::fs::Metadata,
    _: Option<&std::fs::Metadata>,
) -> bool {
    false
}

/// The deltas of a diff against the work tree or the index, as [`Delta`]s.
fn work_deltas(diff: &git2::Diff<'_>) -> Vec<Delta> {
    let path = |f: git2::DiffFile<'_>| {
        f.path_bytes()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    };
    let utf8 = |f: git2::DiffFile<'_>| {
        f.path_bytes()
            .is_none_or(|p| std::str::from_utf8(p).is_ok())
    };
    diff.deltas()
        .map(|d| Delta {
            utf8: utf8(d.old_file()) && utf8(d.new_file()),
            kind: match d.status() {
                git2::Delta::Added | git2::Delta::Untracked => DeltaKind::Added,
                git2::Delta::Deleted => DeltaKind::Deleted,
                git2::Delta::Modified | git2::Delta::Typechange => DeltaKind::Modified,
                _ => DeltaKind::Other,
            },
            old_path: path(d.old_file()),
            new_path: path(d.new_file()),
            old_blob: d.old_file().id(),
        })
        .collect()
}

fn options(prefixes: &[String]) -> git2::DiffOptions {
    let mut opts = git2::DiffOptions::new();
    for p in prefixes {
        opts.pathspec(p);
    }
    opts.skip_binary_check(true);
    opts
}

fn path_changes(diff: &git2::Diff<'_>) -> Vec<PathChange> {
    let path = |f: git2::DiffFile<'_>| f.path().map(|p| p.to_string_lossy().replace('\\', "/"));
    diff.deltas()
        .map(|d| match d.status() {
            git2::Delta::Added | git2::Delta::Untracked => (None, path(d.new_file())),
            git2::Delta::Deleted => (path(d.old_file()), None),
            _ => (path(d.old_file()), path(d.new_file())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_tree_changes_say_what_happened_to_each_file() {
        let (dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests(
            "one",
            &[("d/a.md", "a\n"), ("d/b.md", "b\n"), ("e.txt", "e\n")],
        );
        std::fs::write(dir.path().join("d/a.md"), "changed\n").unwrap();
        std::fs::remove_file(dir.path().join("d/b.md")).unwrap();
        std::fs::write(dir.path().join("d/c.md"), "new\n").unwrap();
        std::fs::write(dir.path().join("e.txt"), "changed\n").unwrap();
        let seen = |paths| {
            let mut v: Vec<(String, DeltaKind)> = repo
                .worktree_changes(paths)
                .unwrap()
                .into_iter()
                .map(|d| (d.new_path.unwrap(), d.kind))
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let under = ["d".to_string()];
        assert_eq!(
            seen(Paths::Under(&under)),
            [
                ("d/a.md".to_string(), DeltaKind::Modified),
                ("d/b.md".to_string(), DeltaKind::Deleted),
                ("d/c.md".to_string(), DeltaKind::Added)
            ]
        );
        assert_eq!(seen(Paths::All).len(), 4);
        assert_eq!(
            seen(Paths::Exactly("e.txt")),
            [("e.txt".to_string(), DeltaKind::Modified)]
        );
    }

    #[test]
    fn one_file_whose_copy_is_as_staged_is_answered_from_the_index_alone() {
        let (dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("d/a.md", "a\n"), ("d/b.md", "b\n")]);
        let file = dir.path().join("d/a.md");
        // Staged with a time well before the index's, so that it is not racily clean.
        let stage = |text: &str| {
            std::fs::write(&file, text).unwrap();
            let f = std::fs::File::options().write(true).open(&file).unwrap();
            let past = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
            f.set_modified(past).unwrap();
            let mut index = repo.git.index().unwrap();
            index.add_path(Path::new("d/a.md")).unwrap();
            index.write().unwrap();
        };
        let seen = |deltas: Vec<Delta>| -> Vec<(String, DeltaKind, Oid)> {
            deltas
                .into_iter()
                .map(|d| (d.new_path.unwrap(), d.kind, d.old_blob))
                .collect()
        };
        let fast = || repo.staged_if_clean("d/a.md").unwrap().map(seen);
        let slow = || seen(repo.worktree_diff(Paths::Exactly("d/a.md")).unwrap());

        stage("a\n");
        assert_eq!(fast(), Some(vec![]));
        assert_eq!(slow(), []);
        stage("staged\n");
        let modified = slow();
        assert_eq!(modified.len(), 1);
        assert_eq!(modified[0].1, DeltaKind::Modified);
        assert_eq!(fast(), Some(modified.clone()));
        // Changed after staging, even back to what HEAD has: libgit2 decides.
        std::fs::write(&file, "a\n").unwrap();
        assert_eq!(fast(), None);
        assert_eq!(
            seen(repo.worktree_changes(Paths::Exactly("d/a.md")).unwrap()),
            modified
        );
        // Not in the index: libgit2 decides.
        std::fs::write(dir.path().join("d/new.md"), "n\n").unwrap();
        assert!(repo.staged_if_clean("d/new.md").unwrap().is_none());
    }

    #[test]
    fn staged_changes_are_the_index_against_head() {
        let (_dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("a.md", "a\n")]);
        repo.stage_for_tests(&[("b.md", "b\n")]);
        let index = repo.git.index().unwrap();
        assert_eq!(
            repo.staged_changes(&index, &[]).unwrap(),
            [(None, Some("b.md".to_string()))]
        );
    }
}
