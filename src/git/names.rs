//! The file names in a records directory across git: in the index, at a detached `HEAD`, and at
//! the tip of every local and remote-tracking branch. What `new` avoids (the highest number) and
//! what `renumber` says is taken (where a number is used) are both read from here.

use std::collections::HashMap;
use std::path::Path;

use super::repo::Repo;
use crate::error::{Error, Result};

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
        let mut out = vec![(Place::Index, self.names_in_index(dir)?)];
        let mut listed: HashMap<git2::Oid, Vec<String>> = HashMap::new();
        let mut in_tree = |tree: &git2::Tree<'_>| -> Vec<String> {
            let Ok(entry) = tree.get_path(Path::new(dir)) else {
                return Vec::new();
            };
            listed
                .entry(entry.id())
                .or_insert_with(|| {
                    let object = entry.to_object(&self.git).ok();
                    let Some(sub) = object.as_ref().and_then(|o| o.as_tree()) else {
                        return Vec::new();
                    };
                    sub.iter()
                        .filter_map(|i| i.name().map(str::to_string))
                        .collect()
                })
                .clone()
        };
        if self.git.head_detached().unwrap_or(false) {
            if let Ok(tree) = self.git.head().and_then(|h| h.peel_to_tree()) {
                out.push((Place::DetachedHead, in_tree(&tree)));
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
                out.push((Place::Branch(place), in_tree(&tree)));
            }
        }
        Ok(out)
    }

    /// The names of the files directly in `dir` in the index.
    fn names_in_index(&self, dir: &str) -> Result<Vec<String>> {
        let index = self
            .git
            .index()
            .map_err(|e| Error::git("reading the index", e))?;
        let prefix = format!("{dir}/");
        Ok(index
            .iter()
            .filter_map(|entry| {
                let name = entry.path.strip_prefix(prefix.as_bytes())?;
                let name = std::str::from_utf8(name).ok()?;
                (!name.contains('/')).then(|| name.to_string())
            })
            .collect())
    }
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
}
