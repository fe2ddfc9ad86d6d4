//! Test support: real temporary git repositories and the real `git-adr` binary.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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
        let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("git-adr"));
        isolate(&mut std_cmd, &self.home());
        std_cmd.current_dir(dir).args(args);
        let mut cmd = Command::from_std(std_cmd);
        cmd.write_stdin(""); // never a terminal: prompts must not happen
        cmd
    }

    /// stdout of a git-adr run that must succeed.
    pub fn adr_ok(&self, args: &[&str]) -> String {
        let out = self.adr(args).output().expect("git-adr runs");
        assert!(
            out.status.success(),
            "git adr {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
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

/// A minimal valid record.
pub fn record(status: &str, title: &str) -> String {
    format!("---\nstatus: {status}\ndate: 2026-01-01\n---\n\n# {title}\n\nBody.\n")
}

/// Standard output of a finished command, as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error of a finished command, as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the exit code and that nothing panicked, printing both streams when either is wrong.
pub fn assert_code(o: &std::process::Output, code: i32, what: &str) {
    assert!(
        !stderr(o).contains("panicked"),
        "{what}: the binary panicked:\n{}",
        stderr(o)
    );
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
pub fn run(repo: &TestRepo, args: &[&str]) -> std::process::Output {
    repo.adr(args).output().expect("git-adr runs")
}
