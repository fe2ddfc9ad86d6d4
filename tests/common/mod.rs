//! Test support: real temporary git repositories and the real `git-adr` binary. Every helper
//! that more than one test file needs lives here (or in a submodule), once.
#![allow(dead_code, unused_imports)]

pub mod fs;
pub mod history;
pub mod json;
pub mod ran;
pub mod records;
pub mod redact;
#[cfg(unix)]
pub mod tty;

pub use fs::*;
pub use history::*;
pub use json::*;
pub use ran::*;
pub use records::*;
pub use redact::redacted;
#[cfg(unix)]
pub use tty::*;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A temporary git repository with a fixed identity and no global config leaking in.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

/// Environment that isolates a test from the machine's git config and terminal.
pub fn isolate(cmd: &mut std::process::Command, home: &Path) {
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_EDITOR",
        "VISUAL",
        "EDITOR",
        "NO_COLOR",
        "CI",
        // A CI job's base branch would become the default `--base` of pr, dod and diff.
        "GITHUB_BASE_REF",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-01T12:00:00Z")
        .env("TERM", "dumb");
}

impl TestRepo {
    /// An empty repository (no commits) on branch `main`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        let repo = TestRepo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A repository with `git adr init` run and committed.
    pub fn initialised() -> Self {
        let repo = Self::new();
        repo.adr(&["init"]).assert().success();
        repo.commit_all("init adr");
        repo
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The work tree's root.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Runs git in the work tree and returns its stdout; panics on failure.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.path(), args)
    }

    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let mut cmd = std::process::Command::new("git");
        isolate(&mut cmd, &self.home());
        let out = cmd.args(args).current_dir(dir).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The git-adr binary, run in the work tree.
    pub fn adr(&self, args: &[&str]) -> Command {
        self.adr_in(&self.path(), args)
    }

    pub fn adr_in(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::from_std(self.adr_std(dir, args));
        cmd.write_stdin(""); // never a terminal: prompts must not happen
        cmd
    }

    /// The git-adr binary in `dir` as a plain `std::process::Command`, isolated the same way,
    /// for tests that manage stdin, a pty or the child process themselves.
    pub fn adr_std(&self, dir: &Path, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        isolate(&mut cmd, &self.home());
        cmd.current_dir(dir).args(args);
        cmd
    }

    /// stdout of a git-adr run that must succeed (exit 0, no panic).
    pub fn adr_ok(&self, args: &[&str]) -> String {
        let o = run(self, args);
        assert_code(&o, 0, &format!("git adr {args:?}"));
        stdout(&o)
    }

    /// stdout of a git-adr run that must succeed, parsed as JSON.
    pub fn adr_json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.adr_ok(args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("git adr {args:?} printed no valid JSON ({e}):\n{out}"))
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// The full id of HEAD.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Adds `origin` (a bare repository `remote.git` beside the work tree) and pushes main to
    /// it; returns the directory that holds both.
    pub fn add_origin(&self) -> PathBuf {
        let root = self.dir.path().to_path_buf();
        self.git_in(&root, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
        let url = root.join("remote.git");
        self.git(&["remote", "add", "origin", url.to_str().unwrap()]);
        self.git(&["push", "-q", "origin", "main"]);
        root
    }

    /// Clones this repository over `file://` into `name` beside the work tree, `depth` commits
    /// deep on `branch` (every branch with `all_branches`).
    pub fn shallow_clone(
        &self,
        name: &str,
        depth: u32,
        branch: &str,
        all_branches: bool,
    ) -> PathBuf {
        let url = format!("file://{}", self.path().display());
        let clone = self.dir.path().join(name);
        let depth = depth.to_string();
        let mut args = vec!["clone", "-q", "--depth", &depth, "--branch", branch];
        if all_branches {
            args.push("--no-single-branch");
        }
        args.extend([url.as_str(), clone.to_str().unwrap()]);
        self.git_in(self.dir.path(), &args);
        clone
    }

    /// Is the repository in `dir` a shallow clone (some history missing)?
    pub fn is_shallow(&self, dir: &Path) -> bool {
        self.git_in(dir, &["rev-parse", "--is-shallow-repository"])
            .trim()
            == "true"
    }

    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// File names in a directory of the work tree, sorted.
    pub fn ls(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path().join(rel))
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(assert_cmd::cargo::cargo_bin!("git-adr"))
}

/// Standard output of a finished command, as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error of a finished command, as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that the binary did not panic.
pub fn assert_no_panic(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: the binary panicked:\n{err}"
    );
}

/// Asserts the exit code and that nothing panicked, printing both streams when either is wrong.
pub fn assert_code(o: &std::process::Output, code: i32, what: &str) {
    assert_no_panic(o, what);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: expected exit {code}, got {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// Runs `git adr ARGS…` in the work tree, whatever the exit code.
pub fn run(repo: &TestRepo, args: &[&str]) -> Output {
    run_in(repo, &repo.path(), args)
}

/// Runs `git adr ARGS…` in `dir`, whatever the exit code.
pub fn run_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> Output {
    repo.adr_in(dir, args).output().expect("git-adr runs")
}

/// The same slice with `more` appended: `git adr CMD ARGS… --format json` and the like.
pub fn args<'a>(first: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    let mut all = first.to_vec();
    all.extend_from_slice(more);
    all
}

/// PATH with the directory of the binary under test first (as after `cargo install`), for a
/// real `git commit` whose hooks call `git adr`. tests/hook.rs keeps its own copy that also
/// drops installed releases.
pub fn path_with_git_adr() -> std::ffi::OsString {
    let dir = bin()
        .parent()
        .expect("the binary has a directory")
        .to_path_buf();
    let mut dirs = vec![dir];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).expect("PATH joins")
}

/// `git ARGS…` in the work tree with git-adr on PATH (what installed hooks need); whatever the
/// exit code.
pub fn git_with_hooks(repo: &TestRepo, args: &[&str]) -> Ran {
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, &repo.home());
    cmd.env("PATH", path_with_git_adr())
        .current_dir(repo.path())
        .args(args);
    Ran::of(&mut cmd)
}
