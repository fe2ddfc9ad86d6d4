//! A cloned repository is input from whoever pushed last: its config, checklists, `.adr-dir`
//! and symlinks must never run commands on another person's machine, reach outside the work
//! tree or into `.git/`, or crash git-adr. Real binary, real temporary repositories.
#![cfg(unix)]

mod common;
use common::{git_with_hooks, path_with_git_adr, Ran, TestRepo};

/// A checklist that applies to `src/**` with one automatic item running `run`.
fn checklist(run: &str) -> String {
    format!(
        "---\nstatus: active\ndate: 2026-01-01\napplies-to: [\"src/**\"]\nitems:\n  - text: Builds\n    run: \"{run}\"\n---\n\n# Build\n\nEvery change builds.\n"
    )
}

/// git-adr with git-adr on PATH, whatever the exit code.
fn adr(repo: &TestRepo, args: &[&str]) -> Ran {
    let mut cmd = repo.adr_std(&repo.path(), args);
    cmd.env("PATH", path_with_git_adr())
        .stdin(std::process::Stdio::null());
    Ran::of(&mut cmd)
}

// ---------------------------------------------------------------------------------------------
// Item 1: only the user's own git config lets hooks run commands
// ---------------------------------------------------------------------------------------------

#[test]
fn a_pushed_config_cannot_make_a_teammates_commit_run_commands_but_their_git_config_can() {
    let repo = TestRepo::initialised();
    // What a teammate pushed: the config asks for commands in hooks, a checklist has one.
    repo.write(".adr/config.toml", "[dod]\nrun-in-hooks = true\n");
    repo.write(".adr/dod/build.md", checklist("touch marker"));
    repo.commit_all("a teammate's push");
    adr(&repo, &["hook", "install"]).ok();

    repo.write("src/a.rs", "fn a() {}\n");
    git_with_hooks(&repo, &["add", "-A"]).ok();
    git_with_hooks(&repo, &["commit", "-q", "-m", "Add a"])
        .ok()
        .stderr_has("[dod] run-in-hooks is ignored")
        .stderr_has("`git config adr.dod.runInHooks true`");
    assert!(!repo.exists("marker"), "the pushed config ran a command");

    // The person who commits says so in their own config: now the item runs.
    repo.git(&["config", "adr.dod.runInHooks", "true"]);
    repo.write("src/b.rs", "fn b() {}\n");
    git_with_hooks(&repo, &["add", "src/b.rs"]).ok();
    git_with_hooks(&repo, &["commit", "-q", "-m", "Add b"]).ok();
    assert!(
        repo.exists("marker"),
        "adr.dod.runInHooks did not run the item"
    );
}

#[test]
fn a_git_config_value_that_is_not_a_boolean_is_refused_by_name() {
    let repo = TestRepo::initialised();
    repo.git(&["config", "adr.dod.runInHooks", "sometimes"]);
    adr(&repo, &["hook", "run", "pre-commit"])
        .usage_error()
        .stderr_has("adr.dod.runInHooks is not a boolean");
}

// ---------------------------------------------------------------------------------------------
// Item 8: config numbers are validated, never overflow
// ---------------------------------------------------------------------------------------------

#[test]
fn a_huge_timeout_is_refused_with_key_file_and_range_instead_of_panicking() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/config.toml",
        "[dod]\ntimeout-seconds = 9223372036854775807\n",
    );
    repo.write(".adr/dod/build.md", checklist("true"));
    repo.commit_all("config");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("src/a.rs", "fn a() {}\n");
    repo.commit_all("code");
    let expected = ".adr/config.toml:2: dod.timeout-seconds = 9223372036854775807 is out of range: it must be between 1 and 86400";
    for args in [
        &["dod", "--run", "--base", "main"][..],
        &["check", "--dod", "--base", "main"][..],
    ] {
        adr(&repo, args).usage_error().stderr_has(expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Item 5: nothing from the repository leads outside it or into .git/
// ---------------------------------------------------------------------------------------------

/// Every file under `.git/refs` and the files directly in `.git/`, as paths.
fn git_files(repo: &TestRepo) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![repo.path().join(".git/refs")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                dirs.push(e.path());
            } else {
                out.push(e.path().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_config_symlinked_outside_the_repository_is_refused() {
    let repo = TestRepo::initialised();
    let outside = repo.dir.path().join("elsewhere.toml");
    std::fs::write(&outside, "[ids]\nwidth = 2\n").unwrap();
    std::fs::remove_file(repo.path().join(".adr/config.toml")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.path().join(".adr/config.toml")).unwrap();
    adr(&repo, &["list"])
        .usage_error()
        .stderr_has(".adr/config.toml leads outside the repository");
}

#[test]
fn an_adr_dir_into_git_or_outside_is_refused_and_new_writes_nothing_under_git() {
    for named in [".git/refs/heads", "../outside", "/tmp", "doc/./adr"] {
        let repo = TestRepo::initialised();
        repo.write(".adr/config.toml", "[kinds.adr]\nformat = \"adr-tools\"\n");
        repo.write(".adr-dir", format!("{named}\n"));
        repo.commit_all("adr-tools folder");
        let before = git_files(&repo);
        adr(&repo, &["new", "Use Redis"])
            .usage_error()
            .stderr_has(&format!(".adr-dir names `{named}`"));
        assert_eq!(git_files(&repo), before, "{named}: new wrote under .git/");
    }
}

#[test]
fn a_folder_symlinked_into_git_is_refused() {
    let repo = TestRepo::initialised();
    repo.write(".adr/config.toml", "[kinds.adr]\nfolder = \"doc/adr\"\n");
    std::fs::create_dir_all(repo.path().join("doc")).unwrap();
    std::os::unix::fs::symlink("../.git/refs/heads", repo.path().join("doc/adr")).unwrap();
    let before = git_files(&repo);
    adr(&repo, &["new", "Use Redis"])
        .usage_error()
        .stderr_has("doc/adr leads into the git directory");
    assert_eq!(git_files(&repo), before);
}

#[test]
fn a_folder_in_git_in_the_config_is_refused_with_its_line() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/config.toml",
        "[kinds.adr]\nfolder = \"sub/.git/refs\"\n",
    );
    adr(&repo, &["list"]).usage_error().stderr_has(
        ".adr/config.toml:2: kinds.adr.folder `sub/.git/refs` must be a relative path inside the repository, outside .git/",
    );
}

// ---------------------------------------------------------------------------------------------
// Item 13: GIT_DIR without GIT_WORK_TREE, as git does it
// ---------------------------------------------------------------------------------------------

#[test]
fn with_git_dir_and_no_work_tree_the_current_directory_is_the_work_tree() {
    let repo = TestRepo::initialised();
    let here = repo.dir.path().join("here");
    let record = common::record("proposed", "Use Redis here");
    std::fs::create_dir_all(here.join(common::DECISIONS)).unwrap();
    std::fs::write(
        here.join(common::DECISIONS).join("0007-use-redis-here.md"),
        record,
    )
    .unwrap();
    // git agrees: its top level is the current directory.
    let mut git = std::process::Command::new("git");
    common::isolate(&mut git, &repo.home());
    git.env("GIT_DIR", repo.path().join(".git"))
        .current_dir(&here)
        .args(["rev-parse", "--show-toplevel"]);
    let top = Ran::of(&mut git).ok().stdout;
    assert_eq!(
        std::path::Path::new(top.trim()).canonicalize().unwrap(),
        here.canonicalize().unwrap()
    );

    let mut cmd = repo.adr_std(&here, &["list"]);
    cmd.env("GIT_DIR", repo.path().join(".git"))
        .stdin(std::process::Stdio::null());
    let list = Ran::of(&mut cmd).ok().stdout_has("Use Redis here");
    assert!(
        !list
            .stdout
            .to_lowercase()
            .contains("record architecture decisions"),
        "the git directory's own work tree was read:\n{}",
        list.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Item 16: an edit of a symlinked record writes through the link
// ---------------------------------------------------------------------------------------------

#[test]
fn a_lifecycle_edit_of_a_symlinked_record_writes_the_target_and_keeps_the_link() {
    let repo = TestRepo::initialised();
    repo.write("docs/redis.md", common::record("proposed", "Use Redis"));
    let link = repo
        .path()
        .join(common::DECISIONS)
        .join("0002-use-redis.md");
    std::os::unix::fs::symlink("../../docs/redis.md", &link).unwrap();
    repo.commit_all("a record kept elsewhere, linked in");

    adr(&repo, &["status", "2", "accepted"]).ok();
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert!(
        repo.read("docs/redis.md").contains("status: accepted"),
        "{}",
        repo.read("docs/redis.md")
    );
}

// ---------------------------------------------------------------------------------------------
// Item 15: exact messages
// ---------------------------------------------------------------------------------------------

#[test]
fn a_record_one_byte_over_the_limit_says_so_exactly() {
    let repo = TestRepo::initialised();
    let mut text = common::record("proposed", "Big");
    text.push_str(&"x".repeat((1 << 20) + 1 - text.len()));
    repo.write(&common::adr_path(2, "big"), text);
    let checked = adr(&repo, &["check"]);
    let all = format!("{}{}", checked.stdout, checked.stderr);
    assert!(
        all.contains("the file is 1 MiB + 1 byte; records are limited to 1 MiB"),
        "{all}"
    );
}

#[test]
fn a_root_folder_is_shown_as_written() {
    let repo = TestRepo::initialised();
    repo.write(".adr/config.toml", "[kinds.adr]\nfolder = \"/\"\n");
    adr(&repo, &["list"])
        .usage_error()
        .stderr_has("kinds.adr.folder `/` must be a relative path");
}

// ---------------------------------------------------------------------------------------------
// Item 4: record text never starts a line of its own
// ---------------------------------------------------------------------------------------------

#[test]
fn an_edit_that_writes_a_status_with_a_newline_cannot_forge_a_workflow_command() {
    let repo = TestRepo::initialised();
    // What the editor leaves: a status whose YAML escape holds a newline and a command.
    let forged = repo.dir.path().join("forged.md");
    std::fs::write(
        &forged,
        "---\nstatus: \"proposed\\n::error::forged\"\ndate: 2026-01-01\n---\n\n# Use Redis\n",
    )
    .unwrap();
    let editor = repo.dir.path().join("bin/forger");
    common::write_executable(
        &editor,
        &format!(
            "#!/bin/sh\nfor last; do :; done\ncp '{}' \"$last\"\n",
            forged.display()
        ),
        0o755,
    );
    let mut cmd = repo.adr_std(&repo.path(), &["new", "Use Redis", "--edit"]);
    cmd.env("GIT_EDITOR", &editor)
        .stdin(std::process::Stdio::null());
    let ran = Ran::of(&mut cmd)
        .code(1)
        .stderr_has("unknown status `proposed\\n::error::forged`")
        .stderr_has("the record is kept at .adr/decisions/0002-use-redis.md");
    for line in ran.stdout.lines().chain(ran.stderr.lines()) {
        assert!(
            !line.trim_start().starts_with("::"),
            "a forged line:\n{}",
            ran.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Item 14: one file is never two records
// ---------------------------------------------------------------------------------------------

#[test]
fn kind_folders_inside_each_other_are_refused_naming_both_kinds_and_the_line() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/config.toml",
        "[kinds.adr]\nfolder = \"docs/adr\"\n\n[kinds.log]\nfolder = \"docs/adr/log\"\n",
    );
    repo.write("docs/adr/log/0001-first-entry.md", "# 1. First entry\n");
    adr(&repo, &["list"])
        .usage_error()
        .stderr_has(".adr/config.toml:5: kind `log` keeps its records in `docs/adr/log`, inside the folder `docs/adr` of kind `adr`")
        .stderr_has("hint: give `adr` and `log` folders side by side");
    // Side by side, each file is one record.
    repo.write(
        ".adr/config.toml",
        "[kinds.adr]\nfolder = \"docs/adr\"\n\n[kinds.log]\nfolder = \"docs/log\"\n",
    );
    repo.write("docs/log/0001-first-entry.md", "# 1. First entry\n");
    std::fs::remove_dir_all(repo.path().join("docs/adr/log")).unwrap();
    let list = adr(&repo, &["list"]).ok();
    assert_eq!(
        list.stdout.matches("First entry").count(),
        1,
        "{}",
        list.stdout
    );
}

#[test]
fn an_adr_dir_that_holds_another_kinds_folder_is_refused() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/config.toml",
        "[kinds.adr]\nformat = \"adr-tools\"\n\n[kinds.log]\nfolder = \"doc/adr/log\"\n",
    );
    repo.write(".adr-dir", "doc/adr\n");
    adr(&repo, &["list"])
        .usage_error()
        .stderr_has(".adr/config.toml:5: kind `log` keeps its records in `doc/adr/log`, inside the folder `doc/adr` of kind `adr`")
        .stderr_has("(the folder of adr is the one .adr-dir names");
}

#[test]
fn renumber_says_unstaged_for_a_file_with_unstaged_changes() {
    let repo = TestRepo::initialised();
    adr(&repo, &["new", "Use Redis"]).ok();
    adr(&repo, &["status", "2", "accepted"]).ok();
    adr(&repo, &["new", "Use Valkey", "--supersedes", "2"]).ok();
    repo.commit_all("two records");
    let successor = repo
        .ls(common::DECISIONS)
        .into_iter()
        .find(|n| n.starts_with("0003"))
        .unwrap();
    let successor = format!("{}/{successor}", common::DECISIONS);
    let mut text = repo.read(&successor);
    text.push_str("\nA note not yet staged.\n");
    repo.write(&successor, text);

    let ran = adr(&repo, &["renumber", "2", "9"]).ok();
    assert!(
        ran.stdout
            .contains("except the edits of files with unstaged changes"),
        "{}",
        ran.stdout
    );
    ran.stderr_has(&format!(
        "{successor} has changes that are not staged, so its reference edits are left unstaged"
    ));
}
