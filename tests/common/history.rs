//! Commits by several people on several days.

use super::{isolate, TestRepo};
use std::path::Path;

/// Runs git in `dir` as `author` (`author@example.com`, lower-cased) at `date` (author and
/// committer date); returns its stdout, panics on failure.
pub fn git_as(repo: &TestRepo, dir: &Path, author: &str, date: &str, args: &[&str]) -> String {
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, &repo.home());
    cmd.env("GIT_AUTHOR_NAME", author)
        .env(
            "GIT_AUTHOR_EMAIL",
            format!("{}@example.com", author.to_lowercase()),
        )
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .current_dir(dir)
        .args(args);
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Commits everything in `dir` as `author` at `date`; returns the full commit id.
pub fn commit_in(repo: &TestRepo, dir: &Path, author: &str, date: &str, message: &str) -> String {
    repo.git_in(dir, &["add", "-A"]);
    git_as(
        repo,
        dir,
        author,
        date,
        &["commit", "-q", "--allow-empty", "-m", message],
    );
    repo.git_in(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

/// Commits everything in the work tree as `author` at `date`; returns the full commit id.
pub fn commit_as(repo: &TestRepo, author: &str, date: &str, message: &str) -> String {
    commit_in(repo, &repo.path(), author, date, message)
}

/// Like [`commit_as`], returning the short commit id.
pub fn commit_short(repo: &TestRepo, author: &str, date: &str, message: &str) -> String {
    let full = commit_as(repo, author, date, message);
    repo.git(&["rev-parse", "--short", &full])
        .trim()
        .to_string()
}
