//! Repository paths as a person at a shell types and sees them (relative to the current
//! directory), the way git prints paths.

use std::path::{Component, Path, PathBuf};

/// Lexically normalised path (no `.`/`..`), without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Shows repo-relative paths as seen from the current directory (`../.adr/decisions/…` from a
/// subdirectory), the way git prints paths. Resolves the directories once for many paths.
pub struct PathShower {
    root: PathBuf,
    cwd: Option<PathBuf>,
    canonical_root: PathBuf,
}

impl PathShower {
    pub fn new(root: &Path) -> PathShower {
        let cwd = std::env::current_dir()
            .ok()
            .map(|c| normalize(&c.canonicalize().unwrap_or(c)));
        let canonical_root = normalize(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
        PathShower {
            root: root.to_path_buf(),
            cwd,
            canonical_root,
        }
    }

    pub fn show(&self, repo_path: &str) -> String {
        let Some(cwd) = &self.cwd else {
            return repo_path.to_string();
        };
        let target = normalize(&self.canonical_root.join(repo_path));
        let common = cwd
            .components()
            .zip(target.components())
            .take_while(|(a, b)| a == b)
            .count();
        if common == 0 {
            return self.root.join(repo_path).display().to_string();
        }
        let mut rel = PathBuf::new();
        for _ in cwd.components().skip(common) {
            rel.push("..");
        }
        for c in target.components().skip(common) {
            rel.push(c);
        }
        rel.display().to_string()
    }
}

/// One repo-relative path as seen from the current directory (see [`PathShower`]).
pub fn path_from_cwd(root: &Path, repo_path: &str) -> String {
    PathShower::new(root).show(repo_path)
}

/// A path typed by the user (relative to the current directory) as a repo-relative path.
pub fn repo_path_from_arg(root: &Path, arg: &str) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs = normalize(&cwd.canonicalize().unwrap_or(cwd).join(arg));
    match abs.strip_prefix(&canon_root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => arg.trim_start_matches("./").to_string(),
    }
}
