//! The range a summary describes: `merge-base(BASE, HEAD)..HEAD`.

use crate::error::{Error, Result};
use crate::store::Store;

/// Facts about the range shared by the summary and `git adr dod`.
pub struct Range<'r> {
    pub base: String,
    pub base_commit: git2::Commit<'r>,
    pub merge_base: git2::Oid,
    pub head: git2::Commit<'r>,
    pub mb_tree: git2::Tree<'r>,
    pub head_tree: git2::Tree<'r>,
}

impl<'r> Range<'r> {
    /// The range `merge-base(base, HEAD)..HEAD`; `base` as given or resolved as DESIGN says.
    pub fn new(store: &'r Store, base: Option<&str>) -> Result<Range<'r>> {
        let repo = &store.repo;
        let base = repo.resolve_base(base)?;
        let base_commit = repo.commit(&base)?;
        let head = repo.head_commit()?;
        let merge_base = repo.merge_base(base_commit.id(), head.id(), &base)?;
        let tree = |oid: git2::Oid| {
            repo.git
                .find_commit(oid)
                .and_then(|c| c.tree())
                .map_err(|e| Error::git("reading a commit", e))
        };
        let mb_tree = tree(merge_base)?;
        let head_tree = head.tree().map_err(|e| Error::git("reading HEAD", e))?;
        Ok(Range {
            base,
            base_commit,
            merge_base,
            head,
            mb_tree,
            head_tree,
        })
    }

    /// Files changed in the range (a moved file at both its places).
    pub fn files_changed(&self, store: &Store) -> Result<Vec<String>> {
        let changes =
            store
                .repo
                .changed_between(Some(&self.mb_tree), Some(&self.head_tree), &[])?;
        let paths: std::collections::BTreeSet<String> = changes
            .into_iter()
            .flat_map(|(old, new)| [old, new])
            .flatten()
            .collect();
        Ok(paths.into_iter().collect())
    }

    /// The commits of the range, newest first.
    pub fn commits(&self, repo: &'r git2::Repository) -> Result<Vec<git2::Commit<'r>>> {
        let mut walk = repo
            .revwalk()
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.push(self.head.id())
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.hide(self.merge_base)
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.map(|oid| {
            let oid = oid.map_err(|e| Error::git("walking the branch", e))?;
            repo.find_commit(oid)
                .map_err(|e| Error::git("reading a commit", e))
        })
        .collect()
    }
}
