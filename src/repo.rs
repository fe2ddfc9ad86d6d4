//! Everything that talks to git: opening the repository the way git does, and reading record
//! names out of the index and out of every branch's tree without a checkout.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::record::Id;

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
}
