//! The index edited in memory and written in one go: moving an entry as `git mv` does, and
//! staging new content for a path (what `renumber` does to the files it moves and edits).

use std::path::Path;

use super::repo::Repo;
use crate::error::{Error, Result};

/// The index as it will be written.
pub struct IndexEdit<'r> {
    repo: &'r Repo,
    index: git2::Index,
}

impl<'r> IndexEdit<'r> {
    /// Starts from the index as it is now.
    pub fn open(repo: &'r Repo) -> Result<IndexEdit<'r>> {
        Ok(IndexEdit {
            repo,
            index: repo.index()?,
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

    /// Writes the index.
    pub fn write(&mut self) -> Result<()> {
        self.index
            .write()
            .map_err(|e| Error::git("writing the index", e))
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
        edit.write().unwrap();
        let again = IndexEdit::open(&repo).unwrap();
        assert!(again.has("c.md") && !again.has("a.md"));
        let source = crate::git::source::Source::Index(repo.index().unwrap(), &repo.git);
        let staged = source.read("b.md").unwrap();
        assert_eq!(staged, b"B\n");
    }
}
