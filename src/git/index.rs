//! The index edited in memory and written in one go: moving an entry as `git mv` does, and
//! staging new content for a path (what `renumber` does to the files it moves and edits).
//!
//! The edit works on a copy of the index, a temporary file beside it, so that git's own
//! `index.lock` is never held while libgit2 writes: the copy is put in place afterwards, with
//! the files it goes with (see `store::atomic::Transaction::commit_journaled`).

use std::path::{Path, PathBuf};

use super::repo::Repo;
use crate::error::{Error, Result};

/// The index as it will be written.
pub struct IndexEdit<'r> {
    repo: &'r Repo,
    index: git2::Index,
    /// The copy being edited, when the index is a file.
    copy: Option<Copy>,
}

struct Copy {
    tmp: tempfile::TempPath,
    /// The index's bytes when copied.
    base: Vec<u8>,
    /// The index file.
    path: PathBuf,
}

/// The index as written by [`IndexEdit::write`]: the new version in `new` (beside the index),
/// the bytes it was made from in `base`, to be put in place at `path`.
pub struct Written {
    pub new: tempfile::TempPath,
    pub base: Vec<u8>,
    pub path: PathBuf,
}

impl<'r> IndexEdit<'r> {
    /// Starts from the index as it is now.
    pub fn open(repo: &'r Repo) -> Result<IndexEdit<'r>> {
        let in_memory = repo.index()?;
        let Some(path) = in_memory.path().map(Path::to_path_buf) else {
            return Ok(IndexEdit {
                repo,
                index: in_memory,
                copy: None,
            });
        };
        let base = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // No index yet: nothing is tracked, and nothing will be written.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(IndexEdit {
                    repo,
                    index: in_memory,
                    copy: None,
                })
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut file = tempfile::Builder::new()
            // Named as an edit's temporary files in the git directory, which the next edit
            // removes if a kill leaves it (store::atomic::EDIT_PREFIX).
            .prefix(".git-adr-edit-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        std::io::Write::write_all(&mut file, &base).map_err(|e| Error::io(file.path(), e))?;
        let tmp = file.into_temp_path();
        let index = git2::Index::open(&tmp).map_err(|e| Error::git("reading the index", e))?;
        Ok(IndexEdit {
            repo,
            index,
            copy: Some(Copy { tmp, base, path }),
        })
    }

    /// Whether `path` is tracked (has a stage-0 entry).
    pub fn has(&self, path: &str) -> bool {
        self.index.get_path(Path::new(path), 0).is_some()
    }

    /// Moves the entry of `old` to `new`, as `git mv` does: the staged content and mode stay.
    /// Returns whether `old` was tracked. The stat data is cleared so that git compares the
    /// content of the new file rather than trust a size and time that belonged to the old one.
    pub fn move_entry(&mut self, old: &str, new: &str) -> Result<bool> {
        let stage = |e: &git2::IndexEntry| (e.flags >> 12) & 0x3;
        if self
            .index
            .iter()
            .any(|e| e.path == old.as_bytes() && stage(&e) != 0)
        {
            return Err(Error::usage_hint(
                format!("{old} has merge conflicts in the index"),
                format!("resolve them and `git add {old}` first, then renumber"),
            ));
        }
        if self.has(new) {
            return Err(Error::usage(format!("{new} is already in the index")));
        }
        let Some(mut entry) = self.index.get_path(Path::new(old), 0) else {
            return Ok(false);
        };
        entry.path = new.as_bytes().to_vec();
        entry.flags = (entry.flags & !0x0fff) | (new.len().min(0x0fff) as u16);
        entry.ctime = git2::IndexTime::new(0, 0);
        entry.mtime = git2::IndexTime::new(0, 0);
        entry.dev = 0;
        entry.ino = 0;
        entry.uid = 0;
        entry.gid = 0;
        entry.file_size = 0;
        self.index
            .remove_path(Path::new(old))
            .map_err(|e| Error::git("updating the index", e))?;
        self.index
            .add(&entry)
            .map_err(|e| Error::git("updating the index", e))?;
        Ok(true)
    }

    /// Stages `new_text` as the content of `path` when what is staged there is `original`.
    /// Returns false, changing nothing, otherwise (or when `path` is not tracked).
    pub fn stage_if_unchanged(
        &mut self,
        path: &str,
        original: &str,
        new_text: &str,
    ) -> Result<bool> {
        let git = &self.repo.git;
        let Some(mut entry) = self.index.get_path(Path::new(path), 0) else {
            return Ok(false);
        };
        let staged = git
            .find_blob(entry.id)
            .map_err(|e| Error::git("reading the index", e))?;
        if staged.content() != original.as_bytes() {
            return Ok(false);
        }
        entry.id = git
            .blob(new_text.as_bytes())
            .map_err(|e| Error::git("writing a blob", e))?;
        entry.file_size = new_text.len() as u32;
        entry.mtime = git2::IndexTime::new(0, 0);
        entry.ctime = git2::IndexTime::new(0, 0);
        self.index
            .add(&entry)
            .map_err(|e| Error::git("updating the index", e))?;
        Ok(true)
    }

    /// Writes the edited copy and gives it, to be put in place over the index.
    pub fn write(mut self) -> Result<Written> {
        let Some(copy) = self.copy.take() else {
            return Err(Error::usage("there is no index file to update"));
        };
        self.index
            .write()
            .map_err(|e| Error::git("writing the index", e))?;
        let file = std::fs::File::open(&copy.tmp).map_err(|e| Error::io(&copy.tmp, e))?;
        file.sync_all().map_err(|e| Error::io(&copy.tmp, e))?;
        Ok(Written {
            new: copy.tmp,
            base: copy.base,
            path: copy.path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_moves_and_new_content_is_staged_only_over_what_was_staged() {
        let (_dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("a.md", "a\n"), ("b.md", "b\n")]);
        let mut edit = IndexEdit::open(&repo).unwrap();
        assert!(edit.move_entry("a.md", "c.md").unwrap());
        assert!(!edit.move_entry("gone.md", "d.md").unwrap());
        assert!(edit.move_entry("b.md", "c.md").is_err());
        assert!(!edit.stage_if_unchanged("b.md", "other\n", "B\n").unwrap());
        assert!(edit.stage_if_unchanged("b.md", "b\n", "B\n").unwrap());
        let written = edit.write().unwrap();
        // Writing touches a copy only: the index is what it was until the copy is put in place.
        assert_eq!(std::fs::read(&written.path).unwrap(), written.base);
        let lock = written.path.with_file_name("index.lock");
        assert!(!lock.exists());
        std::fs::rename(&written.new, &written.path).unwrap();
        let again = IndexEdit::open(&repo).unwrap();
        assert!(again.has("c.md") && !again.has("a.md"));
        // Read afresh: the repository's own index object is cached.
        let index = git2::Index::open(&written.path).unwrap();
        let source = crate::git::source::Source::Index(index, &repo.git);
        let staged = source.read("b.md").unwrap();
        assert_eq!(staged, b"B\n");
    }
}
