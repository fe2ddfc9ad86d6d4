//! Where git runs hooks from: the default directory, or the one `core.hooksPath` names; and
//! the git-adr the installed scripts run.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::repo::{ConfigScope, Repo};

/// Where git looks for hooks when `core.hooksPath` is not set: the hooks directory of the common
/// git directory, which linked worktrees share (`git rev-parse --git-common-dir`), not the
/// worktree's own git directory.
pub fn default_dir(repo: &Repo) -> PathBuf {
    repo.common_dir().join("hooks")
}

/// `core.hooksPath` as configured: git runs hooks from this directory instead of the default one.
#[derive(Debug, Clone)]
pub struct HooksPath {
    /// The value as written in the config.
    pub value: String,
    /// The directory it names: `~` expanded, a relative path taken from the work tree's root (as
    /// git does: hooks run there).
    pub dir: PathBuf,
    /// Which config file sets it, for messages ("this repository's config (.git/config)").
    pub origin: &'static str,
    /// The command that unsets it.
    pub unset: &'static str,
    /// It is set outside the repository (global, XDG or system config), so it applies to every
    /// repository of the user.
    pub global: bool,
    /// The directory is husky's (`.husky/_`), which husky rewrites when it installs.
    pub husky: bool,
}

/// Reads `core.hooksPath`. `None` when it is unset, empty, or names the default directory anyway
/// (some tools set it to `.git/hooks` explicitly).
pub fn hooks_path(repo: &Repo) -> Result<Option<HooksPath>> {
    let Some((value, scope)) = repo.config_entry("core.hooksPath")? else {
        return Ok(None);
    };
    let Some(value) = value else {
        return Err(Error::usage_hint(
            "core.hooksPath is not valid UTF-8",
            "set it to a plain path with `git config core.hooksPath DIR`, or unset it",
        ));
    };
    if value.trim().is_empty() {
        return Ok(None);
    }
    let (origin, unset, global) = match scope {
        ConfigScope::Local => (
            "this repository's config (.git/config)",
            "git config --unset core.hooksPath",
            false,
        ),
        ConfigScope::Worktree => (
            "this worktree's config (config.worktree)",
            "git config --worktree --unset core.hooksPath",
            false,
        ),
        ConfigScope::Global => (
            "your global config (~/.gitconfig)",
            "git config --global --unset core.hooksPath",
            true,
        ),
        ConfigScope::Xdg => (
            "your global config (~/.config/git/config)",
            "git config --global --unset core.hooksPath",
            true,
        ),
        ConfigScope::System => (
            "the system config",
            "git config --system --unset core.hooksPath",
            true,
        ),
        ConfigScope::Other => ("the git config", "git config --unset core.hooksPath", false),
    };
    let dir = resolve_hooks_path(repo, &value);
    if same_dir(&dir, &default_dir(repo)) {
        return Ok(None);
    }
    let husky = is_husky_dir(&dir);
    Ok(Some(HooksPath {
        value,
        dir,
        origin,
        unset,
        global,
        husky,
    }))
}

/// `core.hooksPath` as git reads it: `~/` is the home directory, and a relative path is taken from
/// where hooks run, the root of the work tree (the git directory in a bare repository).
fn resolve_hooks_path(repo: &Repo, value: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    if value == "~" {
        if let Some(h) = home() {
            return h;
        }
    }
    if let Some(rest) = value.strip_prefix("~/") {
        if let Some(h) = home() {
            return h.join(rest);
        }
    }
    let path = Path::new(value);
    if path.is_absolute() {
        return path.to_path_buf();
    }
    repo.run_dir().join(path)
}

/// Do two paths name the same directory? Compared through their nearest existing ancestors, so a
/// directory that does not exist yet still compares.
fn same_dir(a: &Path, b: &Path) -> bool {
    fn canonical(p: &Path) -> PathBuf {
        let mut missing = Vec::new();
        let mut cur = p;
        loop {
            if let Ok(c) = cur.canonicalize() {
                let mut out = c;
                for part in missing.iter().rev() {
                    out.push(part);
                }
                return out;
            }
            match (cur.file_name(), cur.parent()) {
                (Some(name), Some(parent)) => {
                    missing.push(name.to_os_string());
                    cur = parent;
                }
                _ => return p.to_path_buf(),
            }
        }
    }
    canonical(a) == canonical(b)
}

/// husky (v9: `.husky/_` with its `h` runner; v5–v8: `husky.sh`) keeps generated stubs there and
/// rewrites them whenever it installs.
fn is_husky_dir(dir: &Path) -> bool {
    let named = dir.file_name().is_some_and(|n| n == "_")
        && dir
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == ".husky");
    named || dir.join("husky.sh").is_file()
}

/// The git-adr binary that is running, when it is one (not a test harness or another program
/// using the library): the installed scripts fall back to it when `git-adr` is not on PATH.
pub fn current_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let stem = exe.file_stem()?.to_str()?;
    (stem == "git-adr").then_some(exe)
}

/// Is a program called `git-adr` on PATH (what the scripts try first)?
pub fn on_path() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    let names: &[&str] = if cfg!(windows) {
        &["git-adr.exe", "git-adr"]
    } else {
        &["git-adr"]
    };
    std::env::split_paths(&path).any(|dir| names.iter().any(|n| is_executable(&dir.join(n))))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_path_equal_to_the_default_is_not_a_redirect() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x/hooks");
        assert!(same_dir(&a, &dir.path().join("x/./hooks")));
        assert!(!same_dir(&a, &dir.path().join("y/hooks")));
    }
}
