//! The file names in a records directory across git: in the index, at a detached `HEAD`, and at
//! the tip of every local and remote-tracking branch. What `new` avoids (the highest number) and
//! what `renumber` says is taken (where a number is used) are both read from here.
//!
//! `new` runs this on every record it creates, so it reads only names, each distinct directory
//! tree once, and the index file's entries as they are on disk ([`super::index_file`]: libgit2
//! would checksum the whole file and build a map of every entry first, at 10,000 records a
//! fifth of `new`).

use std::collections::HashSet;
use std::path::Path;

use super::index_file;
use super::repo::Repo;
use super::Oid;
use crate::error::{Error, Result};
use crate::model::record::Id;

/// Where names were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The index (what the next commit records).
    Index,
    /// `HEAD`, when it is detached (on a branch, the branch is listed instead).
    DetachedHead,
    /// A local branch (`branch main`) or a remote-tracking one (`origin/main`).
    Branch(String),
}

impl Place {
    /// How messages name the place.
    pub fn label(&self) -> &str {
        match self {
            Place::Index => "index",
            Place::DetachedHead => "HEAD",
            Place::Branch(name) => name,
        }
    }
}

impl Repo {
    /// The names directly in `dir` (repo-relative) at each place, in that order: the index,
    /// a detached `HEAD`, then every branch. Reads tree listings only, never file contents, and
    /// each distinct directory tree once however many branches share it. Names that are not
    /// UTF-8 are left out.
    pub fn names_in_git(&self, dir: &str) -> Result<Vec<(Place, Vec<String>)>> {
        let mut index = Vec::new();
        self.each_name_in_index(dir, &mut |name| {
            index.extend(std::str::from_utf8(name).ok().map(str::to_string));
        })?;
        let mut out = vec![(Place::Index, index)];
        let mut listed: std::collections::HashMap<Oid, Vec<String>> = Default::default();
        for (place, tree) in self.dir_trees(dir)? {
            let names = match tree {
                None => Vec::new(),
                Some(oid) => match listed.get(&oid) {
                    Some(names) => names.clone(),
                    None => {
                        let mut names = Vec::new();
                        self.each_name_in_tree(oid, &mut |name| {
                            names.extend(std::str::from_utf8(name).ok().map(str::to_string));
                        });
                        listed.insert(oid, names.clone());
                        names
                    }
                },
            };
            out.push((place, names));
        }
        Ok(out)
    }

    /// The highest record number directly in `dir` (repo-relative) in the index.
    pub fn max_id_in_index(&self, dir: &str) -> Result<u32> {
        let mut max = 0;
        self.each_name_in_index(dir, &mut |name| raise(&mut max, name))?;
        Ok(max)
    }

    /// The distinct trees at `dir` at the tip of every local and remote-tracking branch (many
    /// branches share one). A detached `HEAD` is left out: its names are the work tree's.
    pub fn branch_trees(&self, dir: &str) -> Result<Vec<Oid>> {
        let mut seen = HashSet::new();
        Ok(self
            .dir_trees(dir)?
            .into_iter()
            .filter(|(place, _)| *place != Place::DetachedHead)
            .filter_map(|(_, tree)| tree)
            .filter(|oid| seen.insert(*oid))
            .collect())
    }

    /// The highest record number among the names of the tree `oid` (0 when it cannot be read).
    pub fn max_id_in_tree(&self, oid: Oid) -> u32 {
        let mut max = 0;
        self.each_name_in_tree(oid, &mut |name| raise(&mut max, name));
        max
    }

    /// The highest record number directly in `dir` in the index of another work tree (see
    /// [`Repo::other_worktrees`]).
    pub fn max_id_in_index_of(other: &git2::Repository, dir: &str) -> Result<u32> {
        let mut max = 0;
        each_name_in_index_at(other, &other.path().join("index"), dir, &mut |name| {
            raise(&mut max, name)
        })?;
        Ok(max)
    }

    /// Each place that has a tree (a detached `HEAD`, then every local and remote-tracking
    /// branch) with the id of its tree at `dir`, `None` where it has no such directory.
    fn dir_trees(&self, dir: &str) -> Result<Vec<(Place, Option<Oid>)>> {
        let at = |tree: &git2::Tree<'_>| {
            tree.get_path(Path::new(dir))
                .ok()
                .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
                .map(|e| e.id())
        };
        let mut out = Vec::new();
        if self.git.head_detached().unwrap_or(false) {
            if let Ok(tree) = self.git.head().and_then(|h| h.peel_to_tree()) {
                out.push((Place::DetachedHead, at(&tree)));
            }
        }
        let refs = self
            .git
            .references()
            .map_err(|e| Error::git("listing branches", e))?;
        for reference in refs.flatten() {
            let Some(full) = reference.name() else {
                continue;
            };
            let place = if let Some(b) = full.strip_prefix("refs/heads/") {
                format!("branch {b}")
            } else if let Some(b) = full.strip_prefix("refs/remotes/") {
                b.to_string()
            } else {
                continue;
            };
            if reference.kind() == Some(git2::ReferenceType::Symbolic) {
                continue; // origin/HEAD names a branch that is visited anyway
            }
            if let Ok(tree) = reference.peel_to_tree() {
                out.push((Place::Branch(place), at(&tree)));
            }
        }
        Ok(out)
    }

    /// Calls `f` with the name of each entry of the tree `oid` (read without re-hashing, as
    /// every object is: see `Repo::open`).
    fn each_name_in_tree(&self, oid: Oid, f: &mut dyn FnMut(&[u8])) {
        if let Ok(tree) = self.git.find_tree(oid) {
            for entry in tree.iter() {
                f(entry.name_bytes());
            }
        }
    }

    /// Calls `f` with the name of each file directly in `dir` in the index.
    fn each_name_in_index(&self, dir: &str, f: &mut dyn FnMut(&[u8])) -> Result<()> {
        each_name_in_index_at(&self.git, &self.index_file_path(), dir, f)
    }
}

/// `max` raised to the record number of file `name` where that is higher, the number read as
/// [`Id::from_file_name`] reads it. Most names cannot raise it, which their leading digits
/// alone tell: only the others are read whole.
pub fn raise(max: &mut u32, name: &[u8]) {
    if number_in_name(name).is_some_and(|n| n > u64::from(*max)) {
        let name = String::from_utf8_lossy(name);
        if let Some((id, _)) = Id::from_file_name(&name) {
            *max = (*max).max(id.0);
        }
    }
}

/// The number a record file name could carry (`adr-017-x.md` → 17): the one
/// [`Id::from_file_name`] reads, when it reads one (it skips the same prefix and reads the same
/// digits, then may refuse the name).
pub fn number_in_name(name: &[u8]) -> Option<u64> {
    let rest = [&b"adr-"[..], b"adr_", b"ADR-", b"ADR_"]
        .into_iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    Some(
        rest[..digits]
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0')),
    )
}

/// The names directly in `dir` in the index file at `path`, the one `git` opens: read from the
/// file's entries as they are on disk when it is in a form read there, else through libgit2.
fn each_name_in_index_at(
    git: &git2::Repository,
    path: &Path,
    dir: &str,
    f: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    let Some(bytes) = index_file::load(path)? else {
        return Ok(());
    };
    let prefix = format!("{dir}/");
    // Given out once the whole file has read well: one buffer, not a string per name.
    let (mut all, mut ends) = (Vec::new(), Vec::new());
    let read = index_file::read(&bytes, &mut |entry| {
        if let Some(name) = entry.path.strip_prefix(prefix.as_bytes()) {
            if !name.contains(&b'/') {
                all.extend_from_slice(name);
                ends.push(all.len());
            }
        }
    });
    if read.is_some() {
        let mut start = 0;
        for end in ends {
            f(&all[start..end]);
            start = end;
        }
        return Ok(());
    }
    let index = git
        .index()
        .map_err(|e| Error::git("reading the index", e))?;
    each_name_in_loaded_index(&index, dir, f)
}

fn each_name_in_loaded_index(
    index: &git2::Index,
    dir: &str,
    f: &mut dyn FnMut(&[u8]),
) -> Result<()> {
    let prefix = format!("{dir}/");
    for entry in index.iter() {
        if let Some(name) = entry.path.strip_prefix(prefix.as_bytes()) {
            if !name.contains(&b'/') {
                f(name);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_index_and_every_branch_once_per_tree() {
        let (_dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("d/0001-a.md", "a\n"), ("d/sub/x", "x\n")]);
        repo.branch_for_tests("other");
        repo.commit_for_tests("two", &[("d/0002-b.md", "b\n")]);
        repo.stage_for_tests(&[("d/0003-c.md", "c\n")]);
        let got = repo.names_in_git("d").unwrap();
        let labels: Vec<&str> = got.iter().map(|(p, _)| p.label()).collect();
        assert_eq!(labels, ["index", "branch main", "branch other"]);
        assert_eq!(got[0].1, ["0001-a.md", "0002-b.md", "0003-c.md"]);
        assert_eq!(got[1].1, ["0001-a.md", "0002-b.md", "sub"]);
        assert_eq!(got[2].1, ["0001-a.md", "sub"]);
        assert!(repo.names_in_git("none").unwrap()[1].1.is_empty());
    }

    #[test]
    fn the_highest_number_is_the_one_from_file_name_reads() {
        for (names, max) in [
            (&["0002-a.md", "0010-b.md", "0009-c.md"][..], 10),
            (&["adr-017-x.md", "ADR_003-y.md"], 17),
            // Dates, templates, over nine digits and no number at all raise nothing.
            (
                &[
                    "20240105-x.md",
                    "0000-template.md",
                    "1234567890-x.md",
                    "x.md",
                ],
                0,
            ),
            (&["0007-a.txt", "0004-b.md"], 4),
            (&["0003-é.md", "0002"], 3),
        ] {
            let mut got = 0;
            names.iter().for_each(|n| raise(&mut got, n.as_bytes()));
            let want = names
                .iter()
                .filter_map(|n| Id::from_file_name(n).map(|(id, _)| id.0))
                .max()
                .unwrap_or(0);
            assert_eq!((got, want), (max, max), "{names:?}");
        }
    }

    #[test]
    fn an_index_not_read_here_is_left_to_libgit2() {
        let (_dir, repo) = Repo::temp_for_tests();
        repo.stage_for_tests(&[("d/0001-a.md", "a\n"), ("d/0002-b.md", "b\n")]);
        let path = repo.git.path().join("index");
        let bytes = std::fs::read(&path).unwrap();
        // A split index's link to its shared part.
        let mut split = bytes[..bytes.len() - 20].to_vec();
        split.extend_from_slice(b"link\0\0\0\x14");
        split.extend_from_slice(&[0; 20]);
        split.extend_from_slice(&[0; 20]);
        assert!(index_file::read(&split, &mut |_| {}).is_none());
        // Such an index is read through libgit2, as every index was before.
        std::fs::write(&path, &split).unwrap();
        let mut names = Vec::new();
        repo.each_name_in_index("d", &mut |n| names.push(n.to_vec()))
            .unwrap();
        assert_eq!(names, [&b"0001-a.md"[..], b"0002-b.md"]);
    }
}
