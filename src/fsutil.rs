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
    let tmp = staged(path, bytes, mode_of(path))?;
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

/// Several files replaced together: every new content is written and synced to a temporary file
/// first, then all are renamed into place. If a rename fails, the files already replaced are put
/// back, so either all change or none does.
#[derive(Default)]
pub struct Transaction {
    writes: Vec<(PathBuf, Vec<u8>)>,
}

impl Transaction {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn write(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.writes.retain(|(p, _)| p != &path);
        self.writes.push((path, bytes));
    }

    pub fn commit(self) -> Result<()> {
        let mut prepared = Vec::with_capacity(self.writes.len());
        for (path, bytes) in &self.writes {
            let original = std::fs::read(path).ok();
            prepared.push((path, staged(path, bytes, mode_of(path))?, original));
        }
        let mut done: Vec<(&PathBuf, Option<Vec<u8>>)> = Vec::new();
        for (path, tmp, original) in prepared {
            if let Err(e) = tmp.persist(path) {
                for (p, orig) in done {
                    match orig {
                        Some(bytes) => {
                            let _ = write_atomic(p, &bytes);
                        }
                        None => {
                            let _ = std::fs::remove_file(p);
                        }
                    }
                }
                return Err(Error::io(path.clone(), e.error));
            }
            done.push((path, original));
        }
        for (path, _) in &self.writes {
            sync_dir(parent(path));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "old").unwrap();
        let mut t = Transaction::new();
        t.write(a.clone(), b"new a".to_vec());
        t.write(b.clone(), b"new b".to_vec());
        t.commit().unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
    }

    #[test]
    fn transaction_fails_before_touching_anything_when_a_target_dir_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::write(&a, "old").unwrap();
        let mut t = Transaction::new();
        t.write(a.clone(), b"new".to_vec());
        t.write(dir.path().join("missing/b"), b"x".to_vec());
        assert!(t.commit().is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
    }
}
