//! Durable writes, git's way: write a temporary file in the same directory, sync it, rename it
//! over the target, sync the directory. No command leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn temp_in(dir: &Path, mode: Option<u32>) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".git-adr-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates 0600 files; records are ordinary files that others may read.
        builder.permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o644)));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))
}

fn mode_of(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn sync_dir(dir: &Path) {
    // Best effort: not every platform can open a directory for syncing.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn staged(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<tempfile::NamedTempFile> {
    let mut tmp = temp_in(parent(path), mode)?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io(tmp.path().to_path_buf(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path().to_path_buf(), e))?;
    Ok(tmp)
}

/// Replaces (or creates) `path` with `bytes` atomically, keeping the old file's mode.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_mode(path, bytes, mode_of(path))
}

/// Replaces (or creates) `path` atomically with the given mode (unix permission bits), so an
/// executable is never briefly there without its execute bit.
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    let tmp = staged(path, bytes, mode)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(parent(path));
    Ok(())
}

/// Creates `path` with `bytes` atomically; fails with `AlreadyExists` rather than replace a file
/// that is there (two concurrent `new`s never write the same file).
pub fn create_new_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = staged(path, bytes, None).map_err(|e| match e {
        Error::Io { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(parent(path));
    Ok(())
}

/// Several files replaced, created or moved together: every new content is written and synced
/// to a temporary file first, then all are put in place. If any step fails, what was already
/// done is undone (replaced files get their old content back, created files are removed, moved
/// files are moved back), so either all change or none does.
#[derive(Default)]
pub struct Transaction {
    writes: Vec<(PathBuf, Vec<u8>)>,
    renames: Vec<Rename>,
}

/// A file moved to a new name, with (possibly) new content.
struct Rename {
    from: PathBuf,
    to: PathBuf,
    bytes: Vec<u8>,
}

/// One step already taken, and how to take it back.
enum Undo<'a> {
    /// A file replaced or created by a write: its old content (`None`: it did not exist).
    Restore(&'a Path, Option<Vec<u8>>),
    /// A file created by a rename under its new name.
    Remove(&'a Path),
    /// A renamed file's old name, moved aside to a backup in the same directory. The backup is
    /// deleted when the transaction succeeds (the `TempPath` is dropped).
    PutBack(tempfile::TempPath, &'a Path),
}

fn undo(log: Vec<Undo<'_>>) {
    // Best effort, newest first: the error that started the undo is the one reported.
    for step in log.into_iter().rev() {
        match step {
            Undo::Restore(path, Some(bytes)) => {
                let _ = write_atomic(path, &bytes);
            }
            Undo::Restore(path, None) | Undo::Remove(path) => {
                let _ = std::fs::remove_file(path);
            }
            Undo::PutBack(backup, original) => {
                if std::fs::rename(&backup, original).is_err() {
                    // Never delete the only copy: leave the backup where it is.
                    let _ = backup.keep();
                }
            }
        }
    }
}

impl Transaction {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces (or creates) `path` with `bytes` when the transaction commits.
    pub fn write(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.writes.retain(|(p, _)| p != &path);
        self.writes.push((path, bytes));
    }

    /// Moves `from` to `to`, with `bytes` as its content, when the transaction commits. The
    /// file keeps `from`'s mode. `to` must not exist: the commit fails, changing nothing, rather
    /// than replace it. Neither path may also be given to [`Transaction::write`].
    pub fn rename(&mut self, from: PathBuf, to: PathBuf, bytes: Vec<u8>) {
        self.renames.push(Rename { from, to, bytes });
    }

    /// Puts every change in place, or none.
    pub fn commit(self) -> Result<()> {
        self.commit_with(|| Ok(()))
    }

    /// Puts every change in place, then runs `last` (e.g. writing git's index) while the changes
    /// can still be taken back: if `last` fails, every file is restored and its error returned.
    pub fn commit_with(self, last: impl FnOnce() -> Result<()>) -> Result<()> {
        // 1. Everything that can fail without touching a target: temporary files with the new
        //    contents, the old contents to restore, and the checks on the renames' names.
        let mut prepared = Vec::with_capacity(self.writes.len());
        for (path, bytes) in &self.writes {
            let original = std::fs::read(path).ok();
            prepared.push((path, staged(path, bytes, mode_of(path))?, original));
        }
        let mut moves = Vec::with_capacity(self.renames.len());
        for r in &self.renames {
            std::fs::symlink_metadata(&r.from).map_err(|e| Error::io(&r.from, e))?;
            if std::fs::symlink_metadata(&r.to).is_ok() {
                return Err(Error::io(
                    &r.to,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
            moves.push((r, staged(&r.to, &r.bytes, mode_of(&r.from))?));
        }

        // 2. Replace, create, move aside; stop and undo at the first failure.
        let mut log: Vec<Undo<'_>> = Vec::new();
        for (path, tmp, original) in prepared {
            if let Err(e) = tmp.persist(path) {
                undo(log);
                return Err(Error::io(path.clone(), e.error));
            }
            log.push(Undo::Restore(path, original));
        }
        for (r, tmp) in moves {
            // No clobbering: a file that appeared under the new name since the check stays.
            if let Err(e) = tmp.persist_noclobber(&r.to) {
                undo(log);
                return Err(Error::io(r.to.clone(), e.error));
            }
            log.push(Undo::Remove(&r.to));
        }
        for r in &self.renames {
            // Moved aside rather than deleted, so that it can be moved back unchanged (inode,
            // mode and all) if a later step fails.
            let aside = temp_in(parent(&r.from), None).map(tempfile::NamedTempFile::into_temp_path);
            let moved = aside.and_then(|backup| {
                std::fs::rename(&r.from, &backup)
                    .map(|()| backup)
                    .map_err(|e| Error::io(&r.from, e))
            });
            match moved {
                Ok(backup) => log.push(Undo::PutBack(backup, &r.from)),
                Err(e) => {
                    undo(log);
                    return Err(e);
                }
            }
        }

        // 3. The caller's last step, while all of the above can still be undone.
        if let Err(e) = last() {
            undo(log);
            return Err(e);
        }
        drop(log); // deletes the backups of the renamed files
        for (path, _) in &self.writes {
            sync_dir(parent(path));
        }
        for r in &self.renames {
            sync_dir(parent(&r.to));
            sync_dir(parent(&r.from));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn create_new_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        create_new_atomic(&p, b"one").unwrap();
        let e = create_new_atomic(&p, b"two").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn transaction_writes_all() {
        let (_dir, [a, b]) = files([("a", Some("old")), ("b", None)]);
        let mut t = Transaction::new();
        t.write(a.clone(), b"new a".to_vec());
        t.write(b.clone(), b"new b".to_vec());
        t.commit().unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
    }

    #[test]
    fn transaction_fails_before_touching_anything_when_a_target_dir_is_missing() {
        let (dir, [a]) = files([("a", Some("old"))]);
        let mut t = Transaction::new();
        t.write(a.clone(), b"new".to_vec());
        t.write(dir.path().join("missing/b"), b"x".to_vec());
        assert!(t.commit().is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
    }

    /// A temporary folder and the paths of `files` in it; those with content are written, the
    /// others left absent.
    fn files<const N: usize>(files: [(&str, Option<&str>); N]) -> (TempDir, [PathBuf; N]) {
        let dir = tempfile::tempdir().unwrap();
        let paths = files.map(|(name, content)| {
            let path = dir.path().join(name);
            if let Some(content) = content {
                std::fs::write(&path, content).unwrap();
            }
            path
        });
        (dir, paths)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn transaction_renames_and_writes_together() {
        let (dir, [a, b, c]) = files([
            ("0005-a.md", Some("a")),
            ("0006-a.md", None),
            ("0007-c.md", Some("c")),
        ]);
        let mut t = Transaction::new();
        t.rename(a.clone(), b.clone(), b"a moved".to_vec());
        t.write(c.clone(), b"c edited".to_vec());
        t.commit().unwrap();
        assert!(!a.exists());
        assert_eq!(std::fs::read(&b).unwrap(), b"a moved");
        assert_eq!(std::fs::read(&c).unwrap(), b"c edited");
        assert_eq!(names(dir.path()), ["0006-a.md", "0007-c.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn transaction_rename_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "a").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut t = Transaction::new();
        t.rename(a, b.clone(), b"a".to_vec());
        t.commit().unwrap();
        let mode = std::fs::metadata(&b).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn transaction_rename_never_replaces_an_existing_file() {
        let (dir, [a, b, c]) = files([("a", Some("a")), ("b", Some("b")), ("c", Some("c"))]);
        let mut t = Transaction::new();
        t.write(c.clone(), b"c edited".to_vec());
        t.rename(a.clone(), b.clone(), b"a".to_vec());
        let e = t.commit().unwrap_err();
        assert!(
            matches!(e, Error::Io { ref source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
        assert_eq!(std::fs::read(&b).unwrap(), b"b");
        assert_eq!(std::fs::read(&c).unwrap(), b"c");
        assert_eq!(names(dir.path()), ["a", "b", "c"]);
    }

    #[test]
    fn transaction_undoes_everything_when_the_last_step_fails() {
        let (dir, [a, b, c]) = files([("a", Some("a")), ("b", None), ("c", Some("c"))]);
        let mut t = Transaction::new();
        t.write(c.clone(), b"c edited".to_vec());
        t.rename(a.clone(), b.clone(), b"a moved".to_vec());
        let mut ran = false;
        let e = t
            .commit_with(|| {
                ran = true;
                // Every change is in place when the last step runs.
                assert!(!a.exists());
                assert_eq!(std::fs::read(&b).unwrap(), b"a moved");
                Err(Error::usage("the index is locked"))
            })
            .unwrap_err();
        assert!(ran);
        assert_eq!(e.to_string(), "the index is locked");
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
        assert_eq!(std::fs::read(&c).unwrap(), b"c");
        assert_eq!(
            names(dir.path()),
            ["a", "c"],
            "no temporary or backup files are left"
        );
    }

    #[test]
    fn transaction_with_a_missing_rename_source_changes_nothing() {
        let (dir, [c]) = files([("c", Some("c"))]);
        let mut t = Transaction::new();
        t.write(c.clone(), b"c edited".to_vec());
        t.rename(
            dir.path().join("gone"),
            dir.path().join("new"),
            b"x".to_vec(),
        );
        assert!(t.commit().is_err());
        assert_eq!(std::fs::read(&c).unwrap(), b"c");
        assert_eq!(names(dir.path()), ["c"]);
    }
}
