//! A branch's range, `merge-base(BASE, HEAD)..HEAD`: what `pr`, `dod` and `check --base` judge.

use std::cell::OnceCell;
use std::path::Path;

use super::commit::Commit;
use super::diff::PathChange;
use super::repo::Repo;
use super::source::Source;
use super::Oid;
use crate::error::{Error, Result};

/// The base, the merge base and `HEAD`, with their trees.
pub struct Range<'r> {
    /// The base as the user (or the resolution in [`Repo::resolve_base`]) named it.
    pub base: String,
    /// The commit the base names.
    pub base_id: Oid,
    pub merge_base: Oid,
    pub head_id: Oid,
    repo: &'r Repo,
    base_tree: git2::Tree<'r>,
    mb_tree: git2::Tree<'r>,
    head_tree: git2::Tree<'r>,
    /// [`Range::files_changed`], diffed once: the summary and its definition of done both ask.
    files: OnceCell<Vec<String>>,
}

impl<'r> Range<'r> {
    /// The range from `base` (a revision) to `HEAD`.
    pub fn new(repo: &'r Repo, base: &str) -> Result<Range<'r>> {
        let base_commit = repo.commit(base)?;
        let head = repo.head_commit()?;
        let merge_base = repo.merge_base(
            (base_commit.id(), base),
            (head.id(), "HEAD"),
            "give the branch this one was started from with --base",
        )?;
        let tree = |c: &git2::Commit<'r>, what: &str| c.tree().map_err(|e| Error::git(what, e));
        let mb_tree = tree(&repo.find(merge_base)?, "reading the merge base")?;
        Ok(Range {
            base: base.to_string(),
            base_id: base_commit.id(),
            merge_base,
            head_id: head.id(),
            repo,
            base_tree: tree(&base_commit, "reading the base")?,
            mb_tree,
            head_tree: tree(&head, "reading HEAD")?,
            files: OnceCell::new(),
        })
    }

    /// The range from the base `explicit` names, or the one [`Repo::resolve_base`] finds.
    pub fn resolve(repo: &'r Repo, explicit: Option<&str>) -> Result<Range<'r>> {
        Range::new(repo, &repo.resolve_base(explicit)?)
    }

    /// The records at `HEAD`.
    pub fn head_source(&self) -> Source<'r> {
        Source::tree(self.head_tree.clone(), &self.repo.git)
    }

    /// The records at the merge base.
    pub fn merge_base_source(&self) -> Source<'r> {
        Source::tree(self.mb_tree.clone(), &self.repo.git)
    }

    /// The records at the tip of the base.
    pub fn base_source(&self) -> Source<'r> {
        Source::tree(self.base_tree.clone(), &self.repo.git)
    }

    /// Whether `path` (a file or a folder) is at the merge base.
    pub fn at_merge_base(&self, path: &str) -> bool {
        self.mb_tree.get_path(Path::new(path)).is_ok()
    }

    /// Files the branch changes under any of `prefixes` (every file when empty).
    pub fn changes(&self, prefixes: &[String]) -> Result<Vec<PathChange>> {
        self.repo
            .changed_between(Some(&self.mb_tree), Some(&self.head_tree), prefixes)
    }

    /// Files changed in the range, sorted (a moved file at both its places). The trees are
    /// diffed on the first call only.
    pub fn files_changed(&self) -> Result<&[String]> {
        if let Some(files) = self.files.get() {
            return Ok(files);
        }
        let paths = self
            .repo
            .paths_changed(self.merge_base, self.head_id, &[])?;
        Ok(self.files.get_or_init(|| paths.into_iter().collect()))
    }

    /// The commits of the range, newest first, with their messages.
    pub fn commits(&self) -> Result<Vec<(Commit, String)>> {
        self.repo
            .commits(self.head_id, Some(self.merge_base), "walking the branch")
    }

    /// The first commit on the base since the fork whose tree has `path` and whose first
    /// parent's does not: the commit that added it there.
    pub fn added_on_base(&self, path: &str) -> Option<Commit> {
        let repo = &self.repo.git;
        let mut walk = repo.revwalk().ok()?;
        walk.push(self.base_id).ok()?;
        walk.hide(self.merge_base).ok()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .ok()?;
        let p = Path::new(path);
        for oid in walk.flatten() {
            let commit = repo.find_commit(oid).ok()?;
            let has = commit.tree().ok()?.get_path(p).is_ok();
            let parent_has = commit
                .parent(0)
                .ok()
                .and_then(|c| c.tree().ok())
                .is_some_and(|t| t.get_path(p).is_ok());
            if has && !parent_has {
                return Some(Commit::of(&commit));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `main` with a.md; `feature` forked there and adds b.md; then `main` adds c.md.
    fn forked() -> (tempfile::TempDir, Repo) {
        let (dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("base", &[("d/a.md", "a\n")]);
        repo.branch_for_tests("feature");
        repo.commit_for_tests("take c", &[("d/c.md", "c\n")]);
        repo.checkout_for_tests("feature");
        repo.commit_for_tests("add b", &[("d/b.md", "b\n")]);
        (dir, repo)
    }

    #[test]
    fn a_range_is_the_branch_since_it_forked() {
        let (_dir, repo) = forked();
        let range = Range::new(&repo, "main").unwrap();
        assert_eq!(range.files_changed().unwrap(), ["d/b.md"]);
        let commits: Vec<String> = range
            .commits()
            .unwrap()
            .into_iter()
            .map(|(c, _)| c.subject)
            .collect();
        assert_eq!(commits, ["add b"]);
        assert!(range.at_merge_base("d/a.md") && !range.at_merge_base("d/c.md"));
        assert_eq!(range.base_source().list("d").unwrap().len(), 2);
        assert_eq!(range.head_source().list("d").unwrap().len(), 2);
        assert_eq!(range.merge_base_source().list("d").unwrap().len(), 1);
        assert_eq!(range.added_on_base("d/c.md").unwrap().subject, "take c");
        assert!(range.added_on_base("d/a.md").is_none());
    }

    #[test]
    fn unknown_bases_and_unrelated_histories_are_usage_errors() {
        let (_dir, repo) = forked();
        let e = Range::new(&repo, "nope").err().unwrap().to_string();
        assert!(e.contains("`nope` does not name a commit"), "{e}");
        assert_eq!(Range::resolve(&repo, None).unwrap().base, "main");
    }
}
