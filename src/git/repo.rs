//! Everything that talks to git: opening the repository the way git does, and reading record
//! names out of the index and out of every branch's tree without a checkout.

use std::path::{Path, PathBuf};

use super::source::Source;
use super::Oid;
use crate::error::{Error, Result};

/// An open repository.
pub struct Repo {
    pub(super) git: git2::Repository,
}

impl Repo {
    /// Opens the repository that contains the current directory, honouring `GIT_DIR`,
    /// `GIT_WORK_TREE`, `GIT_INDEX_FILE` and `GIT_CEILING_DIRECTORIES` as git does (hooks rely on
    /// `GIT_INDEX_FILE`; `Repository::discover` ignores it).
    pub fn open() -> Result<Repo> {
        relax_hash_verification();
        match git2::Repository::open_from_env() {
            Ok(git) => {
                cwd_as_work_tree(&git)?;
                Ok(Repo { git })
            }
            Err(e) if e.code() == git2::ErrorCode::NotFound => Err(Error::NotARepository {
                path: std::env::current_dir().unwrap_or_default(),
            }),
            Err(e) => Err(match unreadable_format(&e) {
                Some(what) => Error::UnreadableRepository { what },
                None => Error::git("opening the repository", e),
            }),
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
    /// The work tree's root; `None` in a bare repository.
    pub fn work_tree(&self) -> Option<&Path> {
        self.git.workdir()
    }

    /// The git directory (`.git`, or the repository itself when bare).
    pub fn git_dir(&self) -> &Path {
        self.git.path()
    }

    /// Records as `index` holds them.
    pub fn index_source(&self, index: Index) -> Source<'_> {
        Source::Index(index, &self.git)
    }

    /// Is `path` (work-tree relative) ignored by `.gitignore` and the like?
    pub fn is_ignored(&self, path: &Path) -> bool {
        self.git.is_path_ignored(path).unwrap_or(true)
    }

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
            Err(e) if unborn(&e) => Ok(None),
            Err(e) => Err(Error::git("reading HEAD", e)),
        }
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

    /// The id of the commit a revision names (`origin/main`, a sha, `HEAD~2`); a usage error
    /// that says how to find the right name otherwise.
    pub fn commit_id(&self, rev: &str) -> Result<Oid> {
        self.commit(rev).map(|c| c.id())
    }

    /// The commit a revision names (`origin/main`, a sha, `HEAD~2`).
    pub(super) fn commit(&self, rev: &str) -> Result<git2::Commit<'_>> {
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

    /// The best common ancestor of `a` and `b` (named `a_name` and `b_name` in messages). In a
    /// shallow clone a missing merge base is said plainly, with how to fetch more history, never
    /// guessed; for unrelated histories `unrelated_hint` says what to do instead.
    pub fn merge_base(
        &self,
        (a, a_name): (Oid, &str),
        (b, b_name): (Oid, &str),
        unrelated_hint: &str,
    ) -> Result<Oid> {
        match self.git.merge_base(a, b) {
            Ok(oid) => Ok(oid),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Err(if self.git.is_shallow() {
                Error::usage_hint(
                    format!("this is a shallow clone and the merge base of {a_name} and {b_name} is not in it"),
                    "fetch more history: `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)",
                )
            } else {
                Error::usage_hint(
                    format!("{a_name} and {b_name} have no common history"),
                    unrelated_hint,
                )
            }),
            Err(e) => Err(Error::git("finding the merge base", e)),
        }
    }

    /// The best common ancestor of `a` and `b`, if there is one that can be read.
    pub fn common_ancestor(&self, a: Oid, b: Oid) -> Option<Oid> {
        self.git.merge_base(a, b).ok()
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

    /// The commit `HEAD` points at, `None` on an unborn branch.
    pub fn head_id(&self) -> Result<Option<Oid>> {
        match self.git.head().and_then(|h| h.peel_to_commit()) {
            Ok(c) => Ok(Some(c.id())),
            Err(e) if unborn(&e) => Ok(None),
            Err(e) => Err(Error::git("reading HEAD", e)),
        }
    }

    /// The records at `HEAD`, `None` on an unborn branch.
    pub fn head_source(&self) -> Result<Option<Source<'_>>> {
        Ok(self.head_tree()?.map(|t| Source::tree(t, &self.git)))
    }

    /// The records of the commit `id`.
    pub fn commit_source(&self, id: Oid) -> Result<Source<'_>> {
        let tree = self
            .git
            .find_commit(id)
            .and_then(|c| c.tree())
            .map_err(|e| Error::git("reading a commit", e))?;
        Ok(Source::tree(tree, &self.git))
    }

    /// The files under any of `prefixes` (every file when empty) whose content or mode differs
    /// between the trees of the commits `old` and `new`, both paths of a file moved: what git's
    /// tree diff finds without reading a blob.
    pub fn paths_changed(
        &self,
        old: Oid,
        new: Oid,
        prefixes: &[String],
    ) -> Result<std::collections::BTreeSet<String>> {
        let tree = |id: Oid| {
            self.git
                .find_commit(id)
                .and_then(|c| c.tree())
                .map_err(|e| Error::git("reading a commit", e))
        };
        let changes = self.changed_between(Some(&tree(old)?), Some(&tree(new)?), prefixes)?;
        Ok(changes
            .into_iter()
            .flat_map(|(old, new)| [old, new])
            .flatten()
            .collect())
    }

    /// Whether the commit `id` is in the repository (not pruned, not beyond a shallow clone).
    pub fn has_commit(&self, id: Oid) -> bool {
        self.git.find_commit(id).is_ok()
    }

    /// The repository is a shallow clone: history before its boundary is missing.
    pub fn is_shallow(&self) -> bool {
        self.git.is_shallow()
    }

    /// The commits whose parents were not fetched (`.git/shallow`), sorted; empty when the
    /// clone is complete.
    pub fn shallow_boundary(&self) -> Vec<String> {
        if !self.git.is_shallow() {
            return Vec::new();
        }
        let mut list: Vec<String> = std::fs::read_to_string(self.common_dir().join("shallow"))
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        list.sort();
        list
    }

    /// The content of the blob `id` when it is there and at most `limit` bytes.
    pub fn blob(&self, id: Oid, limit: u64) -> Option<Vec<u8>> {
        self.git
            .find_blob(id)
            .ok()
            .filter(|b| (b.size() as u64) <= limit)
            .map(|b| b.content().to_vec())
    }

    /// A merge is in progress (`git merge` stopped, or is committing the merge).
    pub fn merging(&self) -> bool {
        self.git.state() == git2::RepositoryState::Merge
    }

    /// The reference a symbolic reference points at (`refs/remotes/origin/HEAD` →
    /// `refs/remotes/origin/main`).
    pub fn symbolic_target(&self, name: &str) -> Option<String> {
        let r = self.git.find_reference(name).ok()?;
        r.symbolic_target().map(str::to_string)
    }

    /// The records at the tip of the reference `name` (`refs/heads/main`), if it exists.
    pub fn ref_source(&self, name: &str) -> Option<Source<'_>> {
        let tree = self.git.find_reference(name).and_then(|r| r.peel_to_tree());
        tree.ok().map(|t| Source::tree(t, &self.git))
    }

    /// When `HEAD` is a merge commit, the records of its first parent (the branch merged into).
    pub fn merged_into_source(&self) -> Option<Source<'_>> {
        let head = self.git.head().and_then(|h| h.peel_to_commit()).ok()?;
        if head.parent_count() < 2 {
            return None;
        }
        let tree = head.parent(0).and_then(|p| p.tree()).ok()?;
        Some(Source::tree(tree, &self.git))
    }

    /// A config setting as written (`None` when it is not UTF-8) and which file sets it;
    /// `None` when it is not set.
    pub fn config_entry(&self, key: &str) -> Result<Option<(Option<String>, ConfigScope)>> {
        let config = self
            .git
            .config()
            .map_err(|e| Error::git("reading the git config", e))?;
        let entry = match config.get_entry(key) {
            Ok(entry) => entry,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(Error::git(format!("reading {key}"), e)),
        };
        let scope = match entry.level() {
            git2::ConfigLevel::Local => ConfigScope::Local,
            git2::ConfigLevel::Worktree => ConfigScope::Worktree,
            git2::ConfigLevel::Global => ConfigScope::Global,
            git2::ConfigLevel::XDG => ConfigScope::Xdg,
            git2::ConfigLevel::System | git2::ConfigLevel::ProgramData => ConfigScope::System,
            _ => ConfigScope::Other,
        };
        Ok(Some((entry.value().map(str::to_string), scope)))
    }

    /// A boolean setting of the user's own git config (repository, worktree, global or system
    /// file), read as git reads booleans (`true`, `yes`, `on`, `1`…); `None` when unset.
    pub fn config_bool(&self, key: &str) -> Result<Option<bool>> {
        let config = self
            .git
            .config()
            .map_err(|e| Error::git("reading the git config", e))?;
        match config.get_bool(key) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(_) => Err(Error::usage_hint(
                format!("the git config setting {key} is not a boolean"),
                format!("set it with `git config {key} true` (or false)"),
            )),
        }
    }

    /// Where git runs hooks and resolves relative settings from: the work tree's root, or the
    /// git directory in a bare repository.
    pub fn run_dir(&self) -> &Path {
        self.git.workdir().unwrap_or_else(|| self.git.path())
    }

    /// Does the index hold any file under the folder `dir` (repo-relative, no trailing slash)?
    /// A sparse checkout can leave a tracked folder out of the work tree.
    pub fn tracks_under(&self, dir: &str) -> Result<bool> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        Ok(self
            .index()?
            .iter()
            .any(|e| e.path.starts_with(prefix.as_bytes())))
    }

    /// The index, as the next commit will record it.
    pub fn index(&self) -> Result<Index> {
        self.git
            .index()
            .map_err(|e| Error::git("reading the index", e))
    }
}

/// The index, read into memory (what [`Source::Index`] reads records from).
pub type Index = git2::Index;

/// Reads objects without re-hashing them. By default libgit2 computes the SHA-1 (with collision
/// detection) of every object it reads, to compare it with the id asked for: reading thousands of
/// record blobs, that is about a sixth of the reading. git itself does
/// not re-verify what it reads (`git cat-file`, `git log`, `git diff` trust the object store;
/// verifying is `git fsck`'s job), and nothing git-adr writes depends on it: a corrupt object
/// still fails to inflate or to parse, and content is untrusted and validated either way. The
/// setting is process-wide and only ever relaxes reads, so setting it once here, before any
/// object is read, covers every command.
fn relax_hash_verification() {
    git2::opts::strict_hash_verification(false);
}

/// With `GIT_DIR` set and neither `GIT_WORK_TREE` nor `core.worktree`, git takes the current
/// directory as the work tree's root (libgit2 takes the git directory's parent): do as git does,
/// so `GIT_DIR=… git adr` reads the files where it is run.
fn cwd_as_work_tree(git: &git2::Repository) -> Result<()> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if !set("GIT_DIR") || set("GIT_WORK_TREE") || git.is_bare() {
        return Ok(());
    }
    let configured = git
        .config()
        .and_then(|c| c.get_path("core.worktree"))
        .is_ok();
    if configured {
        return Ok(());
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    git.set_workdir(&cwd, false)
        .map_err(|e| Error::git("using the current directory as the work tree", e))
}

/// The repository format that made libgit2 refuse to open a repository git can read: SHA-256
/// objects or reftable refs, read from the repository's own config (`extensions.objectFormat`,
/// `extensions.refStorage`), or from libgit2's message when the config cannot be found.
fn unreadable_format(e: &git2::Error) -> Option<String> {
    if e.class() != git2::ErrorClass::Repository {
        return None;
    }
    let from_config = found_git_dir().and_then(|dir| {
        let config = git2::Config::open(&config_file(&dir)).ok()?;
        let get = |k: &str| config.get_string(k).ok().map(|v| v.to_ascii_lowercase());
        let object = get("extensions.objectformat").filter(|v| v != "sha1");
        let refs = get("extensions.refstorage").filter(|v| v != "files");
        let parts: Vec<String> = [
            object.map(|v| format!("object format {v}")),
            refs.map(|v| format!("ref format {v}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    });
    if from_config.is_some() {
        return from_config;
    }
    let message = e.message();
    if let Some(rest) = message.strip_prefix("unknown object format '") {
        return Some(format!("object format {}", rest.trim_end_matches('\'')));
    }
    message
        .strip_prefix("unsupported extension name ")
        .map(|ext| format!("it uses {ext}"))
}

/// The git directory git would use here (`GIT_DIR`, else found from the current directory),
/// without opening it.
fn found_git_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GIT_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let cwd = std::env::current_dir().ok()?;
    let ceilings = std::env::var_os("GIT_CEILING_DIRECTORIES").unwrap_or_default();
    let ceilings: Vec<PathBuf> = std::env::split_paths(&ceilings).collect();
    git2::Repository::discover_path(&cwd, ceilings)
        .ok()
        .map(|p| p.to_path_buf())
}

/// The config file that holds a repository's extensions: the common git directory's (a linked
/// worktree's git directory names it in its `commondir` file).
fn config_file(git_dir: &Path) -> PathBuf {
    let common = std::fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|| git_dir.to_path_buf());
    common.join("config")
}

/// A boolean of the user's git config — global, XDG and system files, and the repository's own
/// `config` file — read without opening the repository (which may be one git-adr cannot open).
/// `None` when unset or not a boolean.
pub fn user_config_bool_unopened(key: &str) -> Option<bool> {
    let mut config = git2::Config::open_default().ok()?;
    if let Some(dir) = found_git_dir() {
        let _ = config.add_file(&config_file(&dir), git2::ConfigLevel::Local, false);
    }
    config.get_bool(key).ok()
}

/// Which config file a setting comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigScope {
    /// The repository's `.git/config`.
    Local,
    /// The worktree's `config.worktree`.
    Worktree,
    /// `~/.gitconfig`.
    Global,
    /// `~/.config/git/config`.
    Xdg,
    /// The system's (or Windows' program data) config.
    System,
    /// Anywhere else (an app-level or command-line setting).
    Other,
}

/// Is this the error of an unborn branch (no commit yet)?
pub(super) fn unborn(e: &git2::Error) -> bool {
    matches!(
        e.code(),
        git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
    )
}

/// The git blob id of `bytes`, as `git hash-object` computes it.
pub fn blob_id(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map(|oid| oid.to_string())
        .unwrap_or_default()
}

/// Repositories made for unit tests: files written, staged and committed at a fixed time by a
/// fixed author, on `main`.
#[cfg(test)]
impl Repo {
    /// A new repository in a temporary directory (removed when the directory is dropped).
    pub fn temp_for_tests() -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init_for_tests(dir.path());
        (dir, repo)
    }

    pub fn init_for_tests(dir: &Path) -> Repo {
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        let git = git2::Repository::init_opts(dir, &opts).unwrap();
        Repo { git }
    }

    /// Writes and stages `files` (path, content).
    pub fn stage_for_tests(&self, files: &[(&str, &str)]) {
        let root = self.git.workdir().unwrap().to_path_buf();
        let mut index = self.git.index().unwrap();
        for (path, text) in files {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
    }

    /// Removes `paths` from the work tree and the index.
    pub fn remove_for_tests(&self, paths: &[&str]) {
        let root = self.git.workdir().unwrap().to_path_buf();
        let mut index = self.git.index().unwrap();
        for path in paths {
            std::fs::remove_file(root.join(path)).unwrap();
            index.remove_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
    }

    /// Stages `files` and commits the index on the current branch, at 2026-11-01T12:00Z.
    pub fn commit_for_tests(&self, message: &str, files: &[(&str, &str)]) -> Oid {
        self.stage_for_tests(files);
        let mut index = self.git.index().unwrap();
        let tree = self.git.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::new(
            "Tester",
            "tester@example.com",
            &git2::Time::new(1_793_575_800, 0),
        )
        .unwrap();
        let parent = self.git.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.git
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    /// Creates branch `name` at `HEAD` (without checking it out).
    pub fn branch_for_tests(&self, name: &str) {
        let head = self.git.head().unwrap().peel_to_commit().unwrap();
        self.git.branch(name, &head, false).unwrap();
    }

    /// Checks out branch `name`, updating the work tree and the index.
    pub fn checkout_for_tests(&self, name: &str) {
        let refname = format!("refs/heads/{name}");
        let tree = self.git.revparse_single(&refname).unwrap();
        let mut opts = git2::build::CheckoutBuilder::new();
        opts.force();
        self.git.checkout_tree(&tree, Some(&mut opts)).unwrap();
        self.git.set_head(&refname).unwrap();
    }
}
