//! Everything that talks to git: opening the repository the way git does, and reading record
//! names out of the index and out of every branch's tree without a checkout.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::record::Id;

/// An open repository.
pub struct Repo {
    pub git: git2::Repository,
}

impl Repo {
    /// Opens the repository that contains the current directory, honouring `GIT_DIR`,
    /// `GIT_WORK_TREE`, `GIT_INDEX_FILE` and `GIT_CEILING_DIRECTORIES` as git does (hooks rely on
    /// `GIT_INDEX_FILE`; `Repository::discover` ignores it).
    pub fn open() -> Result<Repo> {
        match git2::Repository::open_from_env() {
            Ok(git) => Ok(Repo { git }),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Err(Error::NotARepository {
                path: std::env::current_dir().unwrap_or_default(),
            }),
            Err(e) => Err(Error::git("opening the repository", e)),
        }
    }

    /// The work tree's root, or an error naming `command` in a bare repository.
    pub fn workdir(&self, command: &str) -> Result<&Path> {
        self.git.workdir().ok_or_else(|| Error::BareRepository {
            command: command.to_string(),
        })
    }

    /// The directory shared by all worktrees (`git rev-parse --git-common-dir`): hooks and locks
    /// live there, not in a linked worktree's own git directory.
    pub fn common_dir(&self) -> PathBuf {
        self.git.commondir().to_path_buf()
    }

    /// The tree of `HEAD`, or `None` on an unborn branch.
    pub fn head_tree(&self) -> Result<Option<git2::Tree<'_>>> {
        match self.git.head() {
            Ok(head) => head
                .peel_to_tree()
                .map(Some)
                .map_err(|e| Error::git("reading HEAD", e)),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(Error::git("reading HEAD", e)),
        }
    }

    /// The highest record number under `dir` (repo-relative) in the index and in the tip of every
    /// local and remote-tracking branch. Reads tree listings only, never file contents, and each
    /// distinct directory tree once.
    pub fn max_id_in_git(&self, dir: &str) -> Result<u32> {
        let mut max = 0;
        let index = self
            .git
            .index()
            .map_err(|e| Error::git("reading the index", e))?;
        let prefix = format!("{dir}/");
        for entry in index.iter() {
            if let Some(name) = entry.path.strip_prefix(prefix.as_bytes()) {
                if let Ok(name) = std::str::from_utf8(name) {
                    if let Some((id, _)) = Id::from_file_name(name).filter(|_| !name.contains('/'))
                    {
                        max = max.max(id.0);
                    }
                }
            }
        }
        let mut seen = HashSet::new();
        let refs = self
            .git
            .references()
            .map_err(|e| Error::git("listing branches", e))?;
        for reference in refs.flatten() {
            let Some(name) = reference.name() else {
                continue;
            };
            if !(name.starts_with("refs/heads/") || name.starts_with("refs/remotes/")) {
                continue;
            }
            if reference.kind() == Some(git2::ReferenceType::Symbolic) {
                continue; // origin/HEAD points at a branch we visit anyway
            }
            let Ok(tree) = reference.peel_to_tree() else {
                continue;
            };
            let Ok(entry) = tree.get_path(Path::new(dir)) else {
                continue;
            };
            if !seen.insert(entry.id()) {
                continue;
            }
            let Ok(object) = entry.to_object(&self.git) else {
                continue;
            };
            let Some(subtree) = object.as_tree() else {
                continue;
            };
            for item in subtree.iter() {
                if let Some((id, _)) = item.name().and_then(Id::from_file_name) {
                    max = max.max(id.0);
                }
            }
        }
        Ok(max)
    }

    /// The other work trees of this repository (the main one and every linked one, except the
    /// one we are in), opened so their files and index can be read.
    pub fn other_worktrees(&self) -> Vec<git2::Repository> {
        let here = self.git.workdir().and_then(|p| p.canonicalize().ok());
        let mut paths: Vec<PathBuf> = Vec::new();
        if let Ok(main) = git2::Repository::open(self.git.commondir()) {
            paths.extend(main.workdir().map(Path::to_path_buf));
        }
        if let Ok(names) = self.git.worktrees() {
            for name in names.iter().flatten() {
                if let Ok(wt) = self.git.find_worktree(name) {
                    paths.push(wt.path().to_path_buf());
                }
            }
        }
        paths
            .into_iter()
            .filter(|p| p.canonicalize().ok() != here)
            .filter_map(|p| git2::Repository::open(p).ok())
            .collect()
    }

    /// The editor command in git's order: `GIT_EDITOR`, `core.editor`, `VISUAL` (unless the
    /// terminal is dumb), `EDITOR`, then `vi`.
    pub fn editor(&self) -> String {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let Some(e) = env("GIT_EDITOR") {
            return e;
        }
        if let Ok(e) = self.git.config().and_then(|c| c.get_string("core.editor")) {
            if !e.trim().is_empty() {
                return e;
            }
        }
        let dumb = std::env::var("TERM").map(|t| t == "dumb").unwrap_or(true);
        if !dumb {
            if let Some(e) = env("VISUAL") {
                return e;
            }
        }
        env("EDITOR").unwrap_or_else(|| "vi".to_string())
    }

    /// The commit a revision names (`origin/main`, a sha, `HEAD~2`).
    pub fn commit(&self, rev: &str) -> Result<git2::Commit<'_>> {
        self.git
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| {
                // A remote branch that was never fetched is the usual cause; say so for those.
                let hint = match rev.split_once('/') {
                    Some((remote, branch)) if self.git.find_remote(remote).is_ok() => format!(
                        "fetch it first (`git fetch {remote} {branch}`), or see `git branch -a` for the refs there are"
                    ),
                    _ => "check the spelling; `git branch -a` lists the branches there are".to_string(),
                };
                Error::usage_hint(format!("`{rev}` does not name a commit in this repository"), hint)
            })
    }

    /// The commit `HEAD` points at, or an error on an unborn branch.
    pub fn head_commit(&self) -> Result<git2::Commit<'_>> {
        self.git
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|_| {
                Error::usage_hint(
                    "HEAD has no commits yet",
                    "commit something first, or run `git adr check` without --base",
                )
            })
    }

    /// The best common ancestor of `a` and `b`. In a shallow clone a missing merge base is
    /// said plainly, with how to fetch more history, never guessed.
    pub fn merge_base(&self, a: git2::Oid, b: git2::Oid, base_name: &str) -> Result<git2::Oid> {
        match self.git.merge_base(a, b) {
            Ok(oid) => Ok(oid),
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                if self.git.is_shallow() {
                    Err(Error::usage_hint(
                        format!("this is a shallow clone and the merge base of {base_name} and HEAD is not in it"),
                        "fetch more history: `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)",
                    ))
                } else {
                    Err(Error::usage_hint(
                        format!("HEAD and {base_name} have no common history"),
                        "give the branch this one was started from with --base",
                    ))
                }
            }
            Err(e) => Err(Error::git("finding the merge base", e)),
        }
    }

    /// The branch a change will merge into, as DESIGN orders it: `--base`, then
    /// `GITHUB_BASE_REF` or `CI_MERGE_REQUEST_TARGET_BRANCH_NAME` (tried as `origin/<name>`
    /// first), then the current branch's upstream (unless it is just the same branch on the
    /// remote, which is where it is pushed, not what it merges into), then `origin/HEAD`, then
    /// a local `main` or `master` other than the current branch.
    pub fn resolve_base(&self, explicit: Option<&str>) -> Result<String> {
        if let Some(b) = explicit {
            return Ok(b.to_string());
        }
        let exists = |r: &str| self.git.revparse_single(r).is_ok();
        for var in ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] {
            if let Some(name) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
                let remote = format!("origin/{name}");
                return Ok(if exists(&remote) { remote } else { name });
            }
        }
        let head = self.head_branch();
        if let Some(h) = &head {
            if let Ok(branch) = self.git.find_branch(h, git2::BranchType::Local) {
                if let Ok(up) = branch.upstream() {
                    if let Ok(Some(name)) = up.name() {
                        // `origin/feature/x` is where `feature/x` is pushed, not what it merges into.
                        let same_branch = name.split_once('/').map(|(_, b)| b) == Some(h.as_str());
                        if !same_branch {
                            return Ok(name.to_string());
                        }
                    }
                }
            }
        }
        if let Ok(r) = self.git.find_reference("refs/remotes/origin/HEAD") {
            if let Some(t) = r.symbolic_target() {
                if let Some(name) = t.strip_prefix("refs/remotes/") {
                    let is_head = name.split_once('/').map(|(_, b)| b) == head.as_deref();
                    if !is_head {
                        return Ok(name.to_string());
                    }
                }
            }
        }
        if let Some(d) = self.default_branch().filter(|d| Some(d) != head.as_ref()) {
            return Ok(d);
        }
        Err(Error::usage_hint(
            "cannot tell which branch this one will merge into",
            "pass it with --base (e.g. --base main); in CI, GITHUB_BASE_REF or CI_MERGE_REQUEST_TARGET_BRANCH_NAME is read",
        ))
    }

    /// The name of the branch HEAD is on (`main`), or `None` when detached or unborn.
    pub fn head_branch(&self) -> Option<String> {
        let head = self.git.find_reference("HEAD").ok()?;
        let target = head.symbolic_target()?;
        target.strip_prefix("refs/heads/").map(str::to_string)
    }

    /// The default branch's short name: `origin/HEAD`'s target, else `main` or `master` when
    /// such a branch exists.
    pub fn default_branch(&self) -> Option<String> {
        if let Ok(r) = self.git.find_reference("refs/remotes/origin/HEAD") {
            if let Some(t) = r.symbolic_target() {
                if let Some(name) = t.strip_prefix("refs/remotes/origin/") {
                    return Some(name.to_string());
                }
            }
        }
        ["main", "master"]
            .into_iter()
            .find(|b| self.git.find_branch(b, git2::BranchType::Local).is_ok())
            .map(str::to_string)
    }

    /// Every path in the index (the tracked files), for matching `paths` globs.
    pub fn tracked_paths(&self) -> Result<Vec<String>> {
        let index = self
            .git
            .index()
            .map_err(|e| Error::git("reading the index", e))?;
        Ok(index
            .iter()
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .collect())
    }

    /// Files under any of `prefixes` that differ between two trees (`None` is the empty tree), as
    /// (old path, new path) pairs: `(None, Some)` added, `(Some, None)` deleted.
    pub fn changed_between(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
        prefixes: &[String],
    ) -> Result<Vec<(Option<String>, Option<String>)>> {
        let mut opts = git2::DiffOptions::new();
        for p in prefixes {
            opts.pathspec(p);
        }
        opts.skip_binary_check(true);
        let diff = self
            .git
            .diff_tree_to_tree(old, new, Some(&mut opts))
            .map_err(|e| Error::git("comparing trees", e))?;
        Ok(changes(&diff))
    }

    /// Files under any of `prefixes` that the index changes relative to `HEAD` (what a commit would
    /// record), in the same form as [`Repo::changed_between`].
    pub fn staged_changes(
        &self,
        index: &git2::Index,
        prefixes: &[String],
    ) -> Result<Vec<(Option<String>, Option<String>)>> {
        let head = self.head_tree()?;
        let mut opts = git2::DiffOptions::new();
        for p in prefixes {
            opts.pathspec(p);
        }
        opts.skip_binary_check(true);
        let diff = self
            .git
            .diff_tree_to_index(head.as_ref(), Some(index), Some(&mut opts))
            .map_err(|e| Error::git("comparing the index with HEAD", e))?;
        Ok(changes(&diff))
    }
}

fn changes(diff: &git2::Diff<'_>) -> Vec<(Option<String>, Option<String>)> {
    let path = |f: git2::DiffFile<'_>| f.path().map(|p| p.to_string_lossy().replace('\\', "/"));
    diff.deltas()
        .map(|d| match d.status() {
            git2::Delta::Added | git2::Delta::Untracked => (None, path(d.new_file())),
            git2::Delta::Deleted => (path(d.old_file()), None),
            _ => (path(d.old_file()), path(d.new_file())),
        })
        .collect()
}
