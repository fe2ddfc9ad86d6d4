//! Hooks step aside where git-adr cannot read: a global `core.hooksPath` runs git-adr's hooks in
//! every repository of the user, including SHA-256 and reftable ones (which libgit2 cannot open)
//! and sparse checkouts without `.adr/` in the work tree. Real `git commit`s in real repositories.
#![cfg(unix)]

mod common;
use common::{isolate, killed_at_file_size, path_with_git_adr, write_executable, Ran, TestRepo};
use std::path::{Path, PathBuf};

/// git in `dir` with git-adr on PATH; the result is not judged.
fn git_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> Ran {
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, &repo.home());
    cmd.env("PATH", path_with_git_adr())
        .current_dir(dir)
        .args(args);
    Ran::of(&mut cmd)
}

/// git-adr's hooks in a directory of the user's, named by a global `core.hooksPath`.
fn global_hooks(repo: &TestRepo) {
    let dir = repo.home().join("hooks");
    for hook in [git_adr::Hook::PreCommit, git_adr::Hook::CommitMsg] {
        write_executable(
            &dir.join(hook.name()),
            &git_adr::hook_script(hook, Some(&common::bin())),
            0o755,
        );
    }
    repo.git(&[
        "config",
        "--global",
        "core.hooksPath",
        dir.to_str().unwrap(),
    ]);
}

/// A new repository beside the test repository's work tree, made by `git init FLAGS`, with one
/// file staged.
fn other_repo(repo: &TestRepo, name: &str, flags: &[&str]) -> PathBuf {
    let dir = repo.dir.path().join(name);
    let mut args = vec!["init", "-q"];
    args.extend_from_slice(flags);
    args.push(dir.to_str().unwrap());
    repo.git_in(repo.dir.path(), &args);
    std::fs::write(dir.join("notes.txt"), "x\n").unwrap();
    repo.git_in(&dir, &["add", "notes.txt"]);
    dir
}

#[test]
fn commits_in_a_sha256_repository_without_records_pass_silently() {
    let repo = TestRepo::new();
    global_hooks(&repo);
    let dir = other_repo(&repo, "sha256", &["--object-format=sha256"]);
    let ran = git_in(&repo, &dir, &["commit", "-q", "-m", "Notes"]).ok();
    assert!(!ran.stderr.contains("git-adr"), "{}", ran.stderr);
    assert_eq!(
        git_in(&repo, &dir, &["log", "--oneline"])
            .ok()
            .stdout
            .lines()
            .count(),
        1
    );
}

#[test]
fn commits_in_a_sha256_repository_with_records_pass_and_say_they_were_not_checked() {
    let repo = TestRepo::new();
    global_hooks(&repo);
    let dir = other_repo(&repo, "sha256", &["--object-format=sha256"]);
    std::fs::create_dir(dir.join(".adr")).unwrap();
    git_in(&repo, &dir, &["commit", "-q", "-m", "Notes"])
        .ok()
        .stderr_has(
            "git-adr cannot read this repository (object format sha256); commit not checked",
        )
        .stderr_has("adr.hooks.strict");
}

#[test]
fn the_users_strict_setting_stops_commits_git_adr_cannot_check() {
    let repo = TestRepo::new();
    global_hooks(&repo);
    repo.git(&["config", "--global", "adr.hooks.strict", "true"]);
    let dir = other_repo(&repo, "sha256", &["--object-format=sha256"]);
    std::fs::create_dir(dir.join(".adr")).unwrap();
    git_in(&repo, &dir, &["commit", "-q", "-m", "Notes"])
        .failed()
        .stderr_has(
            "git-adr cannot read this repository (object format sha256); adr.hooks.strict is true",
        );
    git_in(&repo, &dir, &["log"]).failed();
}

#[test]
fn commits_in_a_reftable_repository_with_records_pass_and_say_why() {
    let repo = TestRepo::new();
    global_hooks(&repo);
    let dir = other_repo(&repo, "reftable", &["--ref-format=reftable"]);
    std::fs::create_dir(dir.join(".adr")).unwrap();
    git_in(&repo, &dir, &["commit", "-q", "-m", "Notes"])
        .ok()
        .stderr_has(
            "git-adr cannot read this repository (ref format reftable); commit not checked",
        );
}

#[test]
fn every_command_in_a_sha256_repository_names_the_object_format_not_a_libgit2_error() {
    let repo = TestRepo::new();
    let dir = other_repo(&repo, "sha256", &["--object-format=sha256"]);
    for args in [&["list"][..], &["check"], &["init"], &["hook", "install"]] {
        let mut cmd = repo.adr_std(&dir, args);
        let ran = Ran::of(&mut cmd)
            .usage_error()
            .stderr_has("error: git-adr cannot read this repository (object format sha256)")
            .stderr_has("SHA-1 objects");
        assert!(!ran.stderr.contains("class="), "{args:?}: {}", ran.stderr);
    }
    assert!(!dir.join(".adr").exists());
}

/// An initialised repository with `src/main.txt` committed, checked out sparsely so that only
/// `src/` (and the files at the root) are in the work tree: `.adr/` is tracked but absent.
fn sparse_repo() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write("src/main.txt", "x\n");
    repo.commit_all("src");
    repo.git(&["sparse-checkout", "set", "src"]);
    assert!(
        !repo.path().join(".adr").exists(),
        "the sparse checkout left .adr/ out"
    );
    assert!(repo.git(&["ls-files", ".adr"]).contains(".adr/config.toml"));
    repo
}

#[test]
fn in_a_sparse_checkout_without_adr_the_hook_checks_the_index_and_never_says_init() {
    let repo = sparse_repo();
    common::git_with_hooks(&repo, &["config", "core.hooksPath", ".git/adr-hooks"]).ok();
    let mut cmd = repo.adr_std(&repo.path(), &["hook", "install", "--hooks-path"]);
    cmd.env("PATH", path_with_git_adr());
    let installed = Ran::of(&mut cmd).ok();
    assert!(
        !installed.stderr.contains("git adr init"),
        "{}",
        installed.stderr
    );

    repo.write("src/main.txt", "y\n");
    let ran = git_in(&repo, &repo.path(), &["commit", "-q", "-a", "-m", "Edit"]).ok();
    assert!(!ran.stderr.contains("git adr init"), "{}", ran.stderr);

    // The records are read from the index: a broken record staged there stops the commit.
    let blob = {
        let mut cmd = std::process::Command::new("git");
        isolate(&mut cmd, &repo.home());
        let out = cmd
            .current_dir(repo.path())
            .args(["hash-object", "-w", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(b"---\nstatus: [\n---\n# Broken\n")?;
                child.wait_with_output()
            })
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let rel = ".adr/decisions/0002-broken.md";
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{blob},{rel}"),
    ]);
    git_in(&repo, &repo.path(), &["commit", "-q", "-m", "Broken"])
        .failed()
        .stderr_has(rel);
}

#[test]
fn init_in_a_sparse_checkout_without_adr_refuses_rather_than_write_a_second_one() {
    let repo = sparse_repo();
    repo.adr(&["init"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            ".adr/ is tracked in this repository but not in the work tree",
        ))
        .stderr(predicates::str::contains("git sparse-checkout add .adr"));
    assert!(!repo.path().join(".adr").exists());
}

#[test]
fn an_install_killed_while_writing_its_script_leaves_the_users_hook_in_place_and_a_rerun_completes_it(
) {
    use std::os::unix::process::ExitStatusExt;
    let repo = TestRepo::initialised();
    let dir = repo.path().join(".git/hooks");
    let team = "#!/bin/sh\n: > team-hook-ran\n";
    write_executable(&dir.join("pre-commit"), team, 0o755);

    // The user's hook (a few bytes) can be copied; git-adr's script (kilobytes) cannot be
    // written: the kernel kills the install right there.
    let out = killed_at_file_size(&repo, &["hook", "install", "--pre-commit"], 512);
    assert_eq!(out.status.signal(), Some(libc::SIGXFSZ), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("pre-commit")).unwrap(),
        team
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("pre-commit.git-adr-chained")).unwrap(),
        team,
        "the copy was written before the script"
    );

    let mut cmd = repo.adr_std(&repo.path(), &["hook", "install", "--pre-commit"]);
    cmd.env("PATH", path_with_git_adr());
    Ran::of(&mut cmd).ok();
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git_in(&repo, &repo.path(), &["commit", "-q", "-m", "Notes"]).ok();
    assert!(repo.exists("team-hook-ran"), "the user's hook still runs");
}
