//! Git hooks: where git looks for them, the scripts git-adr installs there, chaining a hook that
//! was already in place, and taking ours out again. Also reading the `Decision:` trailers of a
//! commit message, which the commit-msg hook checks.
//!
//! The rules (see FIELD-NOTES, Hooks): never overwrite a hook we did not write — keep a copy in
//! `<hook>.git-adr-chained` (written before ours replaces it, so a kill loses nothing) and run it
//! first; recognise our script by a marker line that carries a
//! checksum, so a hand-edited script is never overwritten or deleted; `uninstall` renames the kept
//! hook back, which restores it byte for byte with its mode (and a symlink stays a symlink).
//!
//! [`location`]: where git runs hooks from; [`script`]: the script git-adr writes and how it is
//! recognised; [`install`]: installing and uninstalling; [`commit_msg`]: the commit-msg hook's
//! policy on `Decision:` trailers.

mod commit_msg;
mod install;
mod location;
mod script;

use std::path::PathBuf;

pub use commit_msg::commit_msg;
pub use install::{install, uninstall, Installed, Removed};
pub use location::{current_exe, default_dir, hooks_path, on_path, HooksPath};
pub use script::{inspect, script, Existing};

/// Suffix of the file that keeps a hook which was in place before ours (`pre-commit` →
/// `pre-commit.git-adr-chained`). It stays beside the hook so relative symlinks keep working.
pub const CHAINED_SUFFIX: &str = ".git-adr-chained";

/// The user's git config setting that makes a hook stop a commit in a repository git-adr cannot
/// read, rather than let it through unchecked with a warning.
pub const STRICT_KEY: &str = "adr.hooks.strict";

/// A hook git-adr installs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// Runs `git adr check --staged` before the commit is made.
    PreCommit,
    /// Checks the `Decision:` trailers of the commit message.
    CommitMsg,
    /// Runs `git adr check --staged` before a merge commit is made: git runs this one, not
    /// pre-commit, for `git merge` and `git pull`, which is where two branches' ids meet.
    PreMergeCommit,
}

impl Hook {
    /// Every hook git-adr installs.
    pub const ALL: [Hook; 3] = [Hook::PreCommit, Hook::CommitMsg, Hook::PreMergeCommit];

    /// The hook's file name, as git knows it.
    pub fn name(self) -> &'static str {
        match self {
            Hook::PreCommit => "pre-commit",
            Hook::CommitMsg => "commit-msg",
            Hook::PreMergeCommit => "pre-merge-commit",
        }
    }

    /// The hook a file name names.
    pub fn from_name(name: &str) -> Option<Hook> {
        Hook::ALL.into_iter().find(|h| h.name() == name)
    }

    fn purpose(self) -> &'static str {
        match self {
            Hook::PreCommit => {
                "checks the records that the commit will record (`git adr check --staged`)"
            }
            Hook::CommitMsg => "checks the commit message's `Decision:` trailers",
            Hook::PreMergeCommit => {
                "checks the records that the merge will record (`git adr check --staged`)"
            }
        }
    }
}

/// A directory git runs hooks from, with its path as shown to people.
#[derive(Debug, Clone)]
pub struct HookDir {
    pub path: PathBuf,
    pub shown: String,
}

impl HookDir {
    pub fn hook(&self, hook: Hook) -> PathBuf {
        self.path.join(hook.name())
    }

    pub fn chained(&self, hook: Hook) -> PathBuf {
        self.path.join(format!("{}{CHAINED_SUFFIX}", hook.name()))
    }

    pub fn shown_hook(&self, hook: Hook) -> String {
        format!("{}/{}", self.shown.trim_end_matches('/'), hook.name())
    }

    pub fn shown_chained(&self, hook: Hook) -> String {
        format!("{}{CHAINED_SUFFIX}", self.shown_hook(hook))
    }
}
