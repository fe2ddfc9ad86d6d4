//! `git adr hook`: the pre-commit and commit-msg hooks, installed into real temporary
//! repositories and run by real `git commit`s.
//!
//! Each test is named after what a user sees; helpers that only this file needs live here.
//! The hooks are POSIX sh scripts and file modes matter, so these tests are for Unix.
#![cfg(unix)]

mod common;
use common::{isolate, mode, write_executable, Ran, TestRepo, ADR1};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const ADR2: &str = ".adr/decisions/0002-use-postgresql-for-the-event-store.md";

/// The directory of the git-adr binary under test.
fn bin_dir() -> PathBuf {
    common::bin()
        .parent()
        .expect("the binary has a directory")
        .to_path_buf()
}

/// The machine's PATH without any directory that holds a `git-adr` (an installed release must
/// not stand in for the binary under test).
fn path_without_git_adr() -> Vec<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("git-adr").exists())
        .collect()
}

/// PATH with the binary under test first, as after `cargo install`.
fn path_with_git_adr() -> OsString {
    let mut dirs = vec![bin_dir()];
    dirs.extend(path_without_git_adr());
    std::env::join_paths(dirs).expect("PATH joins")
}

/// git, run in `dir` with `path` as PATH; the result is not judged.
fn git_with_path(repo: &TestRepo, dir: &Path, path: &OsString, args: &[&str]) -> Ran {
    let mut cmd = StdCommand::new("git");
    isolate(&mut cmd, &repo.home());
    cmd.env("PATH", path).current_dir(dir).args(args);
    Ran::of(&mut cmd)
}

/// git in the work tree, with git-adr on PATH (what hooks need); the result is not judged.
fn git(repo: &TestRepo, args: &[&str]) -> Ran {
    git_with_path(repo, &repo.path(), &path_with_git_adr(), args)
}

/// git-adr in `dir`; the result is not judged.
fn adr_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> Ran {
    let mut cmd = repo.adr_std(dir, args);
    cmd.env("PATH", path_with_git_adr())
        .stdin(std::process::Stdio::null());
    Ran::of(&mut cmd)
}

fn adr(repo: &TestRepo, args: &[&str]) -> Ran {
    adr_in(repo, &repo.path(), args)
}

/// Every file in a hooks directory (git's samples left out) with its bytes and mode.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    let mut out = BTreeMap::new();
    let Ok(read) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in read {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".sample") {
            continue;
        }
        let path = entry.path();
        out.insert(name, (std::fs::read(&path).unwrap(), mode(&path)));
    }
    out
}

fn hooks_dir(repo: &TestRepo) -> PathBuf {
    repo.path().join(".git/hooks")
}

/// A second decision that is as valid as the first one (`init` writes that one), under its own
/// title, with extra front-matter lines after `status:`.
fn adr2_text(repo: &TestRepo, extra_front_matter: &str) -> String {
    repo.read(ADR1)
        .replace(
            "# Record architecture decisions",
            "# Use PostgreSQL for the event store",
        )
        .replacen(
            "status: accepted\n",
            &format!("status: accepted\n{extra_front_matter}"),
            1,
        )
}

/// `git adr init` committed, plus ADR 2 (accepted, with `extra_front_matter`) committed too.
fn repo_with_adr2(extra_front_matter: &str) -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(ADR2, adr2_text(&repo, extra_front_matter));
    repo.commit_all("adr 2");
    repo
}

// ---------------------------------------------------------------------------------------------
// pre-commit: `git adr check --staged` on what the commit records
// ---------------------------------------------------------------------------------------------

#[test]
fn commit_all_of_a_record_with_broken_front_matter_is_refused_with_file_and_line_and_the_fix_goes_through(
) {
    let repo = repo_with_adr2("");
    adr(&repo, &["hook", "install"]).ok();
    let good = repo.read(ADR2);
    // Line 3 becomes a mapping YAML cannot read.
    repo.write(
        ADR2,
        good.replacen("status: accepted\n", "status: accepted\nfoo: bar: baz\n", 1),
    );
    let before = repo.head();

    git(&repo, &["commit", "-a", "-m", "Break the record"])
        .failed()
        .stderr_has(&format!("{ADR2}:3"));
    assert_eq!(repo.head(), before, "nothing was committed");

    repo.write(
        ADR2,
        good.replace(
            "## Context and Problem Statement",
            "## Context and Problem Statement\n\nEdited.",
        ),
    );
    git(&repo, &["commit", "-a", "-m", "Edit the record"]).ok();
    assert_ne!(repo.head(), before, "the fixed record was committed");
}

#[test]
fn commit_of_a_path_checks_what_that_commit_records_not_the_index() {
    let repo = repo_with_adr2("");
    adr(&repo, &["hook", "install"]).ok();
    let good = repo.read(ADR2);
    let broken = good.replacen("status: accepted\n", "status: accepted\nfoo: bar: baz\n", 1);
    let fixed = good.replace(
        "## Context and Problem Statement",
        "## Context and Problem Statement\n\nEdited.",
    );
    let before = repo.head();

    // The work tree's broken file is what `git commit PATH` would record: refused.
    repo.write(ADR2, &broken);
    git(&repo, &["commit", "-m", "Break it", ADR2])
        .failed()
        .stderr_has(&format!("{ADR2}:3"));
    assert_eq!(repo.head(), before);

    // The broken version is staged, but `git commit PATH` records the fixed work-tree file
    // (git hands the hook a temporary index): accepted, and the fixed text is what was committed.
    repo.git(&["add", ADR2]);
    repo.write(ADR2, &fixed);
    git(&repo, &["commit", "-m", "Fix it", ADR2]).ok();
    assert_eq!(repo.git(&["show", &format!("HEAD:{ADR2}")]), fixed);
}

#[test]
fn an_existing_pre_commit_hook_keeps_running_first_and_uninstall_restores_it_exactly() {
    let repo = TestRepo::initialised();
    let hook = hooks_dir(&repo).join("pre-commit");
    // Odd bytes and an unusual mode, to see that both come back exactly.
    let original = "#!/bin/sh\n# the team's hook \u{e9}\t\necho \"team hook says no ($(basename \"$0\"))\" >&2\nexit 3\n";
    write_executable(&hook, original, 0o750);
    let before_install = snapshot(&hooks_dir(&repo));

    adr(&repo, &["hook", "install"])
        .ok()
        .stdout_has("installed pre-commit hook in .git/hooks/pre-commit (chained: the existing hook is kept as .git/hooks/pre-commit.git-adr-chained and runs first)")
        .stdout_has("installed commit-msg hook in .git/hooks/commit-msg");
    let kept = hooks_dir(&repo).join("pre-commit.git-adr-chained");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), original);
    assert_eq!(mode(&kept), 0o750);
    assert_eq!(mode(&hook), 0o755);

    // The team's hook still runs (and sees its usual name), and its failure stops the commit.
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    let before = repo.head();
    git(&repo, &["commit", "-m", "Add notes"])
        .failed()
        .stderr_has("team hook says no (pre-commit)");
    assert_eq!(repo.head(), before);

    adr(&repo, &["hook", "uninstall"])
        .ok()
        .stdout_has("removed pre-commit hook from .git/hooks/pre-commit; the hook that was there before is back")
        .stdout_has("removed commit-msg hook from .git/hooks/commit-msg");
    assert_eq!(snapshot(&hooks_dir(&repo)), before_install);
}

#[test]
fn a_chained_shell_hook_keeps_set_e_whatever_sh_is() {
    // bash (the /bin/sh of macOS, Fedora, Arch) ignores `set -e` in a script sourced on the left
    // of `||`; the chained hook must still fail when its `false` fails.
    let repo = TestRepo::initialised();
    write_executable(
        &hooks_dir(&repo).join("pre-commit"),
        "#!/bin/sh
set -e
false
echo after > after-ran
",
        0o755,
    );
    adr(&repo, &["hook", "install", "--pre-commit"]).ok();
    for shell in [&["bash", "--posix"][..], &["sh"][..]] {
        let out = std::process::Command::new(shell[0])
            .args(&shell[1..])
            .arg(hooks_dir(&repo).join("pre-commit"))
            .current_dir(repo.path())
            .env("PATH", path_with_git_adr())
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{shell:?}: the chained hook's failure was lost"
        );
        assert!(!repo.exists("after-ran"), "{shell:?}: `set -e` was ignored");
    }
}

#[test]
fn a_chained_hook_gets_the_same_arguments_and_its_usual_name() {
    for (shebang, sourced) in [("#!/bin/sh", true), ("#!/bin/sh -e", false)] {
        let repo = TestRepo::initialised();
        let script = format!(
            "{shebang}\nprintf '%s|%s|%s\\n' \"$(basename \"$0\")\" \"$#\" \"$(head -n 1 \"$1\")\" > chained-ran\n"
        );
        write_executable(&hooks_dir(&repo).join("commit-msg"), &script, 0o755);
        adr(&repo, &["hook", "install", "--commit-msg"]).ok();
        repo.write("notes.txt", "x\n");
        repo.git(&["add", "notes.txt"]);
        git(&repo, &["commit", "-q", "-m", "Add notes"]).ok();
        let ran = repo.read("chained-ran");
        let name = if sourced {
            "commit-msg"
        } else {
            "commit-msg.git-adr-chained"
        };
        assert_eq!(ran, format!("{name}|1|Add notes\n"), "{shebang}");
    }
}

#[test]
fn a_hook_manager_installed_after_git_adr_keeps_every_hook_running() {
    let repo = TestRepo::initialised();
    let dir = hooks_dir(&repo);
    write_executable(
        &dir.join("commit-msg"),
        "#!/bin/sh\necho first > first-ran\n",
        0o755,
    );
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    // What the pre-commit framework does on install: our script becomes `.legacy`, run by its own.
    std::fs::rename(dir.join("commit-msg"), dir.join("commit-msg.legacy")).unwrap();
    write_executable(
        &dir.join("commit-msg"),
        "#!/bin/sh\n\"$(dirname \"$0\")/commit-msg.legacy\" \"$@\" || exit\necho manager > manager-ran\n",
        0o755,
    );
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(&repo, &["commit", "-m", "Notes", "-m", "Decision: 42"])
        .code(1)
        .stderr_has("ADR-0042");
    assert!(repo.exists("first-ran"), "the first hook still runs");
    git(&repo, &["commit", "-q", "-m", "Notes"]).ok();
    assert!(repo.exists("manager-ran"));
}

#[test]
fn a_kept_hook_that_is_git_adr_s_own_script_does_not_run_itself_forever() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    let dir = hooks_dir(&repo);
    std::fs::copy(
        dir.join("commit-msg"),
        dir.join("commit-msg.git-adr-chained"),
    )
    .unwrap();
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(&repo, &["commit", "-q", "-m", "Notes"]).ok();
}

/// An initialised repository whose team already has a pre-commit hook (`exit 0`) with mode
/// `mode`.
fn repo_with_team_pre_commit(mode: u32) -> TestRepo {
    let repo = TestRepo::initialised();
    let hook = hooks_dir(&repo).join("pre-commit");
    write_executable(&hook, "#!/bin/sh\nexit 0\n", mode);
    repo
}

#[test]
fn installing_twice_changes_nothing_and_says_so() {
    let repo = repo_with_team_pre_commit(0o755);
    adr(&repo, &["hook", "install"]).ok();
    let after_first = snapshot(&hooks_dir(&repo));
    assert_eq!(
        after_first.keys().collect::<Vec<_>>(),
        [
            "commit-msg",
            "pre-commit",
            "pre-commit.git-adr-chained",
            "pre-merge-commit"
        ]
    );
    adr(&repo, &["hook", "install"])
        .ok()
        .stdout_has("pre-commit hook already installed in .git/hooks/pre-commit: nothing changed")
        .stdout_has("commit-msg hook already installed in .git/hooks/commit-msg: nothing changed");
    assert_eq!(snapshot(&hooks_dir(&repo)), after_first);
}

#[test]
fn a_hook_written_by_another_git_adr_is_updated_in_place() {
    let repo = TestRepo::initialised();
    let hook = hooks_dir(&repo).join("pre-commit");
    let older = git_adr::hook_script(
        git_adr::Hook::PreCommit,
        Some(Path::new("/old/place/git-adr")),
    );
    write_executable(&hook, &older, 0o755);
    adr(&repo, &["hook", "install", "--pre-commit"])
        .ok()
        .stdout_has("updated pre-commit hook in .git/hooks/pre-commit");
    let now = std::fs::read_to_string(&hook).unwrap();
    assert!(!now.contains("/old/place/") && now.contains(&bin_dir().display().to_string()));
    assert_eq!(mode(&hook), 0o755);
    assert!(!hooks_dir(&repo).join("pre-commit.git-adr-chained").exists());
}

#[test]
fn one_hook_can_be_installed_and_removed_alone() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--pre-commit"]).ok();
    assert_eq!(
        snapshot(&hooks_dir(&repo)).keys().collect::<Vec<_>>(),
        ["pre-commit", "pre-merge-commit"]
    );
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    adr(&repo, &["hook", "uninstall", "--pre-commit"])
        .ok()
        .stdout_has("removed pre-commit hook");
    assert_eq!(
        snapshot(&hooks_dir(&repo)).keys().collect::<Vec<_>>(),
        ["commit-msg"]
    );
}

#[test]
fn uninstall_when_not_installed_says_so_and_changes_nothing() {
    let repo = repo_with_team_pre_commit(0o700);
    let before = snapshot(&hooks_dir(&repo));
    adr(&repo, &["hook", "uninstall"])
        .ok()
        .stdout_has("not installed")
        .stdout_has("nothing changed");
    assert_eq!(snapshot(&hooks_dir(&repo)), before);
}

#[test]
fn a_hand_edited_hook_is_neither_overwritten_nor_deleted() {
    let repo = repo_with_team_pre_commit(0o755);
    adr(&repo, &["hook", "install"]).ok();
    let hook = hooks_dir(&repo).join("pre-commit");
    let edited = format!(
        "{}echo my addition\n",
        std::fs::read_to_string(&hook).unwrap()
    );
    std::fs::write(&hook, &edited).unwrap();
    let before = snapshot(&hooks_dir(&repo));

    adr(&repo, &["hook", "install"])
        .code(2)
        .stderr_has(".git/hooks/pre-commit was installed by git-adr but has been edited since")
        .stderr_has("hint:");
    assert_eq!(snapshot(&hooks_dir(&repo)), before);

    // Uninstall refuses as a whole: the commit-msg hook is not removed either.
    adr(&repo, &["hook", "uninstall"])
        .code(2)
        .stderr_has("edited since")
        .stderr_has("rm '.git/hooks/pre-commit'")
        .stderr_has("pre-commit.git-adr-chained");
    assert_eq!(snapshot(&hooks_dir(&repo)), before);

    // Once the user deletes their edited copy, uninstall puts the original back.
    std::fs::remove_file(&hook).unwrap();
    adr(&repo, &["hook", "uninstall"])
        .ok()
        .stdout_has("restored .git/hooks/pre-commit");
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
}

#[test]
fn a_foreign_hook_beside_a_kept_one_is_refused_rather_than_overwritten() {
    let repo = TestRepo::initialised();
    let dir = hooks_dir(&repo);
    write_executable(&dir.join("pre-commit"), "#!/bin/sh\necho new\n", 0o755);
    write_executable(
        &dir.join("pre-commit.git-adr-chained"),
        "#!/bin/sh\necho old\n",
        0o755,
    );
    let before = snapshot(&dir);
    adr(&repo, &["hook", "install"])
        .code(2)
        .stderr_has("will overwrite neither");
    assert_eq!(
        snapshot(&dir),
        before,
        "the commit-msg hook was not installed either"
    );
}

#[test]
fn an_install_stopped_after_keeping_the_users_hook_is_completed_by_the_next_one_and_loses_nothing()
{
    // Install keeps a copy of the user's hook before it replaces the hook with its own script; a
    // kill between the two leaves the hook in place and an identical copy beside it. That state,
    // made here by hand, must be completed by running install again, not refused.
    let repo = TestRepo::initialised();
    let dir = hooks_dir(&repo);
    let team = "#!/bin/sh
: > team-hook-ran
";
    write_executable(&dir.join("pre-commit"), team, 0o750);
    write_executable(&dir.join("pre-commit.git-adr-chained"), team, 0o750);

    adr(&repo, &["hook", "install"])
        .ok()
        .stdout_has("installed pre-commit hook in .git/hooks/pre-commit (chained: the hook kept in .git/hooks/pre-commit.git-adr-chained runs first)");
    assert_eq!(
        std::fs::read_to_string(dir.join("pre-commit.git-adr-chained")).unwrap(),
        team
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("pre-commit")).unwrap(),
        git_adr::hook_script(git_adr::Hook::PreCommit, Some(&common::bin()))
    );
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(&repo, &["commit", "-q", "-m", "Notes"]).ok();
    assert!(repo.exists("team-hook-ran"), "the kept hook runs");

    adr(&repo, &["hook", "uninstall"]).ok();
    assert_eq!(
        std::fs::read_to_string(dir.join("pre-commit")).unwrap(),
        team
    );
    assert!(!dir.join("pre-commit.git-adr-chained").exists());
}

#[test]
fn a_symlinked_hook_is_kept_as_the_same_link_and_comes_back_as_one() {
    let repo = TestRepo::initialised();
    let dir = hooks_dir(&repo);
    write_executable(
        &dir.join("team-pre-commit"),
        "#!/bin/sh
: > linked-hook-ran
",
        0o755,
    );
    std::os::unix::fs::symlink("team-pre-commit", dir.join("pre-commit")).unwrap();

    adr(&repo, &["hook", "install", "--pre-commit"]).ok();
    let kept = dir.join("pre-commit.git-adr-chained");
    assert_eq!(
        std::fs::read_link(&kept).unwrap(),
        Path::new("team-pre-commit")
    );
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(&repo, &["commit", "-q", "-m", "Notes"]).ok();
    assert!(repo.exists("linked-hook-ran"));

    adr(&repo, &["hook", "uninstall"]).ok();
    assert_eq!(
        std::fs::read_link(dir.join("pre-commit")).unwrap(),
        Path::new("team-pre-commit")
    );
}

// ---------------------------------------------------------------------------------------------
// Where hooks go: core.hooksPath, husky, linked worktrees, bare repositories
// ---------------------------------------------------------------------------------------------

#[test]
fn core_hooks_path_set_locally_is_refused_with_guidance_and_hooks_path_installs_there() {
    let repo = TestRepo::initialised();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    adr(&repo, &["hook", "install"])
        .code(2)
        .stderr_has("core.hooksPath is set to `.githooks` in this repository's config")
        .stderr_has("--hooks-path")
        .stderr_has("git config --unset core.hooksPath");
    assert!(snapshot(&hooks_dir(&repo)).is_empty());
    assert!(!repo.exists(".githooks"));

    adr(&repo, &["hook", "install", "--hooks-path", "--commit-msg"])
        .ok()
        .stdout_has("installed commit-msg hook in .githooks/commit-msg");
    assert_eq!(mode(&repo.path().join(".githooks/commit-msg")), 0o755);
    // git runs it from there.
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(
        &repo,
        &["commit", "-m", "Notes", "-m", "Decision: ADR-0042"],
    )
    .code(1)
    .stderr_has("ADR-0042");

    adr(&repo, &["hook", "install", "--hooks-path"])
        .ok()
        .stdout_has("installed pre-commit hook in .githooks/pre-commit");
    adr(&repo, &["hook", "uninstall"])
        .ok()
        .stdout_has("removed pre-commit hook from .githooks/pre-commit")
        .stdout_has("removed commit-msg hook from .githooks/commit-msg");
    assert!(repo.ls(".githooks").is_empty());
}

#[test]
fn a_tracked_hook_in_a_shared_hooks_directory_is_not_moved_aside() {
    let repo = TestRepo::initialised();
    write_executable(
        &repo.path().join(".githooks/pre-commit"),
        "#!/bin/sh\nexit 0\n",
        0o755,
    );
    repo.commit_all("team hooks");
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    adr(&repo, &["hook", "install", "--hooks-path"])
        .code(2)
        .stderr_has(".githooks/pre-commit is tracked in this repository")
        .stderr_has("add the line `git adr hook run pre-commit` to it");
    assert_eq!(repo.ls(".githooks"), ["pre-commit"]);
    // A hook the team does not have yet can go there; git is told to leave it alone.
    adr(&repo, &["hook", "install", "--hooks-path", "--commit-msg"])
        .ok()
        .stderr_has("git does not ignore the hooks in .githooks");
}

#[test]
fn core_hooks_path_set_globally_is_refused_and_hooks_there_pass_repositories_without_records() {
    let repo = TestRepo::initialised();
    let global = repo.home().join("global hooks");
    repo.git(&[
        "config",
        "--global",
        "core.hooksPath",
        global.to_str().unwrap(),
    ]);
    adr(&repo, &["hook", "install"])
        .code(2)
        .stderr_has("your global config")
        .stderr_has("--hooks-path");
    assert!(!global.exists());

    adr(&repo, &["hook", "install", "--hooks-path"])
        .ok()
        .stderr_has("every repository");
    assert!(global.join("pre-commit").is_file() && global.join("commit-msg").is_file());

    // Another repository of the same user, without .adr/: its commits are not held up.
    let other = repo.dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    git_with_path(&repo, &other, &path_with_git_adr(), &["init", "-q"]).ok();
    std::fs::write(other.join("a.txt"), "a\n").unwrap();
    git_with_path(&repo, &other, &path_with_git_adr(), &["add", "a.txt"]).ok();
    git_with_path(
        &repo,
        &other,
        &path_with_git_adr(),
        &["commit", "-q", "-m", "First", "-m", "Decision: ADR-0042"],
    )
    .ok();
}

#[test]
fn husky_hooks_path_is_refused_with_husky_guidance_and_its_hooks_keep_running_after_install() {
    let repo = TestRepo::initialised();
    // What husky 9 sets up: a runner `h` and one stub per hook in .husky/_, which run the
    // user's scripts in .husky/ found from the stub's own name ($0).
    let husky = repo.path().join(".husky");
    write_executable(
        &husky.join("_/h"),
        "#!/usr/bin/env sh\nn=$(basename \"$0\")\ns=$(dirname \"$(dirname \"$0\")\")/$n\n[ ! -f \"$s\" ] && exit 0\nsh -e \"$s\" \"$@\"\n",
        0o755,
    );
    for name in ["pre-commit", "commit-msg"] {
        write_executable(
            &husky.join("_").join(name),
            "#!/usr/bin/env sh\n. \"${0%/*}/h\"\n",
            0o755,
        );
    }
    std::fs::write(
        husky.join("commit-msg"),
        "echo \"husky ran with $1\" > husky-ran\n",
    )
    .unwrap();
    repo.git(&["config", "core.hooksPath", ".husky/_"]);

    adr(&repo, &["hook", "install"])
        .code(2)
        .stderr_has("husky runs this repository's hooks")
        .stderr_has("git adr hook run pre-commit` to .husky/pre-commit");

    adr(&repo, &["hook", "install", "--hooks-path", "--commit-msg"])
        .ok()
        .stdout_has("installed commit-msg hook in .husky/_/commit-msg (chained")
        .stderr_has("husky rewrites .husky/_");
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(&repo, &["commit", "-q", "-m", "Notes"]).ok();
    assert_eq!(
        repo.read("husky-ran"),
        "husky ran with .git/COMMIT_EDITMSG\n"
    );
    // And ours runs after husky's.
    git(
        &repo,
        &["commit", "--allow-empty", "-m", "x", "-m", "Decision: 42"],
    )
    .code(1)
    .stderr_has("ADR-0042");
}

#[test]
fn hooks_path_flag_without_core_hooks_path_installs_in_the_usual_place() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--hooks-path"])
        .ok()
        .stdout_has("installed pre-commit hook in .git/hooks/pre-commit")
        .stderr_has("core.hooksPath is not set");
}

#[test]
fn install_from_a_linked_worktree_goes_to_the_common_git_directory() {
    let repo = TestRepo::initialised();
    let wt = repo.dir.path().join("linked tree");
    repo.git(&["worktree", "add", "-q", "-b", "side", wt.to_str().unwrap()]);
    let common_hooks = hooks_dir(&repo);
    let shown = common_hooks.join("commit-msg");
    adr_in(&repo, &wt, &["hook", "install", "--commit-msg"])
        .ok()
        .stdout_has(&shown.display().to_string());
    assert!(common_hooks.join("commit-msg").is_file());
    assert!(!repo
        .path()
        .join(".git/worktrees/linked tree/hooks")
        .exists());

    // Commits in either tree run it.
    std::fs::write(wt.join("notes.txt"), "x\n").unwrap();
    let path = path_with_git_adr();
    git_with_path(&repo, &wt, &path, &["add", "notes.txt"]).ok();
    git_with_path(
        &repo,
        &wt,
        &path,
        &["commit", "-m", "Notes", "-m", "Decision: 42"],
    )
    .code(1)
    .stderr_has("ADR-0042");
    adr_in(&repo, &wt, &["hook", "uninstall"])
        .ok()
        .stdout_has("removed commit-msg hook");
    assert!(!common_hooks.join("commit-msg").exists());
}

#[test]
fn install_in_a_bare_repository_is_refused() {
    let repo = TestRepo::new();
    let bare = repo.dir.path().join("bare.git");
    repo.git_in(repo.dir.path(), &["init", "-q", "--bare", "bare.git"]);
    adr_in(&repo, &bare, &["hook", "install"])
        .code(2)
        .stderr_has("bare repository")
        .stderr_has("hint:");
    assert!(snapshot(&bare.join("hooks")).is_empty());
}

#[test]
fn install_outside_a_repository_is_refused() {
    let repo = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin!("git-adr"));
    isolate(&mut cmd, &repo.home());
    cmd.current_dir(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .args(["hook", "install"]);
    Ran::of(&mut cmd).code(2).stderr_has("not a git repository");
}

#[test]
fn the_hook_finds_git_adr_without_path_through_the_binary_that_installed_it() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    let no_adr = std::env::join_paths(path_without_git_adr()).unwrap();
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git_with_path(
        &repo,
        &repo.path(),
        &no_adr,
        &["commit", "-m", "N", "-m", "Decision: 42"],
    )
    .code(1)
    .stderr_has("ADR-0042");
}

// ---------------------------------------------------------------------------------------------
// commit-msg: `Decision:` trailers
// ---------------------------------------------------------------------------------------------

#[test]
fn commit_msg_refuses_an_id_that_does_not_exist_naming_the_trailer_line() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    let before = repo.head();
    git(
        &repo,
        &["commit", "-m", "Add notes\n\nDecision: ADR-0001, ADR-9"],
    )
    .code(1)
    .stderr_has(".git/COMMIT_EDITMSG:3: error: `Decision: ADR-0001, ADR-9` cites ADR-0009")
    .stderr_has("hint:");
    assert_eq!(repo.head(), before);
    git(&repo, &["commit", "-m", "Add notes\n\ndecision: adr-1"]).ok();
}

#[test]
fn commit_msg_accepts_a_decision_added_in_the_same_commit_but_not_one_left_unstaged() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    // Only in the work tree: the commit would not contain it.
    repo.write(ADR2, adr2_text(&repo, ""));
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    git(&repo, &["commit", "-m", "Notes", "-m", "Decision: 2"])
        .code(1)
        .stderr_has("stage its file");
    // Staged with the commit: fine.
    repo.git(&["add", ADR2]);
    git(&repo, &["commit", "-m", "Notes", "-m", "Decision: 2"]).ok();
}

#[test]
fn commit_msg_warns_about_a_superseded_decision_but_lets_the_commit_through() {
    let repo = repo_with_adr2("");
    adr(&repo, &["supersede", "1", "2"]).ok();
    repo.commit_all("supersede");
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    repo.write("notes.txt", "x\n");
    repo.git(&["add", "notes.txt"]);
    let before = repo.head();
    git(&repo, &["commit", "-m", "Notes", "-m", "Decision: ADR-0001"])
        .ok()
        .stderr_has("warning: `Decision: ADR-0001` cites ADR-0001 \"Record architecture decisions\", which is superseded by ADR-0002")
        .stderr_has("cite ADR-0002 instead");
    assert_ne!(repo.head(), before);
}

#[test]
fn commit_msg_ignores_comment_lines_and_the_verbose_diff() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    repo.write("notes.txt", "Decision: ADR-0077\n");
    repo.git(&["add", "notes.txt"]);
    let msg = repo.dir.path().join("msg");
    std::fs::write(
        &msg,
        "Notes\n\nDecision: 1\n# Decision: ADR-0099\n# ------------------------ >8 ------------------------\ndiff --git a/notes.txt b/notes.txt\n+Decision: ADR-0077\n",
    )
    .unwrap();
    adr(
        &repo,
        &["hook", "run", "commit-msg", "--", msg.to_str().unwrap()],
    )
    .ok();
}

#[test]
fn a_trailer_is_required_for_code_governed_by_an_accepted_decision_when_configured() {
    let repo = repo_with_adr2("paths: [\"services/events/**\"]\n");
    let config = repo.read(".adr/config.toml");
    repo.write(
        ".adr/config.toml",
        format!("{config}\n[trailers]\nrequire-for-governed-paths = true\n"),
    );
    repo.commit_all("require trailers");
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();

    repo.write("services/events/store.rs", "fn main() {}\n");
    repo.write("README.md", "hi\n");
    repo.git(&["add", "-A"]);
    let before = repo.head();
    git(&repo, &["commit", "-m", "Store events"])
        .code(1)
        .stderr_has(
            "no `Decision:` trailer: ADR-0002 \"Use PostgreSQL for the event store\" governs services/events/store.rs",
        )
        .stderr_lacks("\\n")
        .stderr_has("git commit --trailer \"Decision: ADR-0002\"");
    assert_eq!(repo.head(), before);
    git(
        &repo,
        &[
            "commit",
            "-m",
            "Store events",
            "--trailer",
            "Decision: ADR-0002",
        ],
    )
    .ok();

    // Code no decision governs needs no trailer.
    repo.write("README.md", "hello\n");
    git(&repo, &["commit", "-a", "-m", "Readme"]).ok();
}

#[test]
fn in_a_repository_without_commits_every_staged_file_counts_as_changed() {
    let repo = TestRepo::new();
    adr(&repo, &["init"]).ok();
    repo.write(ADR2, adr2_text(&repo, "paths: [\"services/**\"]\n"));
    let config = repo.read(".adr/config.toml");
    repo.write(
        ".adr/config.toml",
        format!("{config}\n[trailers]\nrequire-for-governed-paths = true\n"),
    );
    repo.write("services/api.rs", "\n");
    adr(&repo, &["hook", "install", "--commit-msg"]).ok();
    repo.git(&["add", "-A"]);
    git(&repo, &["commit", "-m", "First"])
        .code(1)
        .stderr_has("governs services/api.rs");
    git(&repo, &["commit", "-m", "First", "-m", "Decision: ADR-2"]).ok();
}

#[test]
fn hook_run_passes_in_a_repository_without_records_and_rejects_unknown_hooks() {
    let repo = TestRepo::new();
    adr(&repo, &["hook", "run", "pre-commit"]).ok();
    adr(&repo, &["hook", "run", "pre-push"])
        .code(2)
        .stderr_has("no `pre-push` hook");
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "run", "commit-msg"])
        .code(2)
        .stderr_has("message file");
}

#[test]
fn a_merge_that_would_give_two_records_one_number_is_refused() {
    let repo = TestRepo::initialised();
    adr(&repo, &["hook", "install"]).ok();
    let record = |title: &str| {
        format!(
            "---\nstatus: accepted\ndate: 2026-01-01\n---\n\n# {title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* {title}\n\n## Decision Outcome\n\nChosen option: \"{title}\", because it fits.\n"
        )
    };
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(".adr/decisions/0002-use-kafka.md", record("Use Kafka"));
    git(&repo, &["add", "-A"]).ok();
    git(&repo, &["commit", "-q", "-m", "kafka"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    repo.write(".adr/decisions/0002-use-nats.md", record("Use NATS"));
    git(&repo, &["add", "-A"]).ok();
    git(&repo, &["commit", "-q", "-m", "nats"]).ok();
    let before = repo.head();
    git(&repo, &["merge", "--no-edit", "feature"])
        .failed()
        .stderr_has("duplicate-id");
    assert_eq!(repo.head(), before, "the merge commit was not made");
}
