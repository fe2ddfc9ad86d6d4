//! The index edited in memory and written in one go: moving an entry as `git mv` does, and
//! staging new content for a path (what `renumber` does to the files it moves and edits).
//!
//! The edit works on a copy of the index, a temporary file beside it, so that git's own
//! `index.lock` is never held while libgit2 writes: the copy is put in place afterwards, with
//! the files it goes with (see `store::atomic::Transaction::commit_journaled`).

use std::path::{Path, PathBuf};

pub use super::index_file::CacheTree;
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

/// Whether the index holds under `dir` exactly what `head` holds there, from the cache-tree
/// when it knows, else by hashing the tree the index's entries under `dir` would make (as
/// `git commit` does) and comparing its id with `HEAD`'s: hashing the index's 10,000 names is
/// cheaper than reading `HEAD`'s 10,000-entry tree from a pack.
pub fn same_as_head(
    index: &git2::Index,
    cache: Option<&CacheTree>,
    dir: &str,
    head: &git2::Tree<'_>,
) -> bool {
    if cache.is_some_and(|c| c.unchanged(dir, head)) {
        return true;
    }
    let dir = dir.trim_end_matches('/');
    let Some(in_head) = head.get_path(Path::new(dir)).ok().map(|e| e.id()) else {
        return false;
    };
    let prefix = format!("{dir}/");
    let Ok(start) = index.find_prefix(Path::new(&prefix)) else {
        return false;
    };
    let mut entries = Vec::new();
    let mut at = start;
    while let Some(e) = index.get(at) {
        let Some(rest) = e.path.strip_prefix(prefix.as_bytes()) else {
            break;
        };
        // A conflict (stage 1–3) is never what HEAD holds.
        if (e.flags >> 12) & 0x3 != 0 {
            return false;
        }
        entries.push((rest.to_vec(), e.mode, e.id));
        at += 1;
    }
    tree_id(&entries) == Some(in_head)
}

/// The id of the tree made of `entries` (paths relative to it, in index order, with their mode
/// and blob id), its folders made into trees in turn.
fn tree_id(entries: &[(Vec<u8>, u32, git2::Oid)]) -> Option<git2::Oid> {
    let mut bytes = Vec::with_capacity(entries.len() * 64);
    let mut i = 0;
    while i < entries.len() {
        let (path, mode, id) = &entries[i];
        if let Some(slash) = path.iter().position(|b| *b == b'/') {
            // A folder: every following entry under the same name belongs to it.
            let name = &path[..slash + 1];
            let end = entries[i..]
                .iter()
                .position(|(p, _, _)| !p.starts_with(name))
                .map_or(entries.len(), |n| i + n);
            let inner: Vec<_> = entries[i..end]
                .iter()
                .map(|(p, m, id)| (p[slash + 1..].to_vec(), *m, *id))
                .collect();
            bytes.extend_from_slice(b"40000 ");
            bytes.extend_from_slice(&path[..slash]);
            bytes.push(0);
            bytes.extend_from_slice(tree_id(&inner)?.as_bytes());
            i = end;
            continue;
        }
        bytes.extend_from_slice(format!("{mode:o} ").as_bytes());
        bytes.extend_from_slice(path);
        bytes.push(0);
        bytes.extend_from_slice(id.as_bytes());
        i += 1;
    }
    git2::Oid::hash_object(git2::ObjectType::Tree, &bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_tree_says_which_folders_are_as_in_head() {
        let (dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("d/e/a.md", "a\n"), ("f/b.md", "b\n")]);
        // A commit made by git leaves the cache-tree whole; libgit2's test commit may not.
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        };
        git(&["read-tree", "HEAD"]);
        let head = repo.head_tree().unwrap().unwrap();
        let tree = CacheTree::of(&repo.index().unwrap()).unwrap();
        assert!(tree.unchanged("d/e", &head) && tree.unchanged("f", &head));
        std::fs::write(dir.path().join("d/e/c.md"), "c\n").unwrap();
        git(&["add", "d/e/c.md"]);
        // Read afresh: the repository's own index object is cached.
        let index = git2::Index::open(&dir.path().join(".git/index")).unwrap();
        let tree = CacheTree::of(&index).unwrap();
        assert!(!tree.unchanged("d/e", &head) && !tree.unchanged("d", &head));
        assert!(tree.unchanged("f", &head));
        assert!(!same_as_head(&index, Some(&tree), "d", &head));
        // Unstaged again: the cache-tree stays invalid, the hashed entries are HEAD's.
        git(&["reset", "-q"]);
        let index = git2::Index::open(&dir.path().join(".git/index")).unwrap();
        let tree = CacheTree::of(&index).unwrap();
        assert!(!tree.unchanged("d", &head));
        assert!(same_as_head(&index, Some(&tree), "d", &head));
        assert!(same_as_head(&index, None, "d", &head));
        assert!(same_as_head(&index, None, "d/e", &head));
        assert!(!same_as_head(&index, None, "nowhere", &head));
    }

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
