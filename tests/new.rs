//! `git adr new`: the real binary against real temporary git repositories.
//!
//! Each test is named after what a user sees; helpers that only this file needs live here.

mod common;
use common::{files_under as snapshot, front_matter, isolate, record, strings};
use common::{Ran, TestRepo, ADR1};
use predicates::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Runs `cmd` with stdin an open pipe that never delivers data, so a process that reads stdin
/// (a prompt) would block; fails the test if it has not finished within `limit`.
fn run_without_waiting(mut cmd: StdCommand, limit: Duration) -> (Option<i32>, String, String) {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawns");
    let _stdin_held_open = child.stdin.take();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command was still running after {limit:?}: it waits for input it can never get");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status.code(), stdout, stderr)
}

/// A repository with ADR 1 (from init) and ADR 2 "Use PostgreSQL", both committed on `main`.
fn repo_with_two() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.adr_ok(&["new", "Use PostgreSQL", "--no-edit"]);
    repo.commit_all("adr 2");
    repo
}

/// The body after the front matter.
fn body(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing ---");
    &rest[end + 5..]
}

/// The `# ` headings of a record's body.
fn headings(text: &str) -> Vec<String> {
    body(text)
        .lines()
        .filter(|l| l.starts_with("# "))
        .map(str::to_string)
        .collect()
}

/// The one `# ` heading of a record.
fn heading(text: &str) -> String {
    let h = headings(text);
    assert_eq!(
        h.len(),
        1,
        "expected exactly one `# ` heading, found {h:?} in:\n{text}"
    );
    h[0].clone()
}

fn numbers(v: &serde_json::Value) -> Vec<u64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| {
            x.as_u64()
                .unwrap_or_else(|| panic!("not a number: {x} in {v}"))
        })
        .collect()
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Is `name` a numbered record file name: `NNNN-<[a-z0-9-]+>.md`?
fn is_safe_record_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    let (digits, slug) = match stem.split_once('-') {
        Some(x) => x,
        None => return false,
    };
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A shell script usable as an editor: appends `marker` to the file it is given (its last
/// argument, so an editor command with options works too).
fn editor_script(repo: &TestRepo, name: &str, body: &str) -> PathBuf {
    let path = repo.dir.path().join("bin").join(name);
    let script = format!("#!/bin/sh\nfor last; do :; done\n{body}\n");
    common::write_executable(&path, &script, 0o755);
    path
}

fn marking_editor(repo: &TestRepo, marker: &str) -> String {
    editor_script(
        repo,
        marker,
        &format!("printf '%s\\n' '{marker}' >> \"$last\""),
    )
    .to_string_lossy()
    .into_owned()
}

fn has_unsafe_char(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'))
}

// ---------------------------------------------------------------------------------------------
// 1. The everyday case
// ---------------------------------------------------------------------------------------------

#[test]
fn new_creates_a_numbered_madr_record_and_prints_its_path() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "Use PostgreSQL", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-use-postgresql.md\n");
    assert_eq!(
        repo.ls(".adr/decisions"),
        vec![
            "0001-record-architecture-decisions.md",
            "0002-use-postgresql.md"
        ]
    );

    let text = repo.read(".adr/decisions/0002-use-postgresql.md");
    let fm = front_matter(&text);
    assert_eq!(fm["status"], "proposed", "{text}");
    assert!(
        fm["date"].as_str().is_some_and(is_date),
        "date is not YYYY-MM-DD: {text}"
    );
    assert_eq!(heading(&text), "# Use PostgreSQL");
    // The MADR sections are there to fill in.
    for section in [
        "## Context and Problem Statement",
        "## Considered Options",
        "## Decision Outcome",
    ] {
        assert!(text.contains(section), "missing {section}:\n{text}");
    }
}

#[test]
fn new_records_are_listed_as_json_with_id_title_status_date_and_path() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&["new", "Use PostgreSQL", "--no-edit"]);
    let ran = Ran::of(repo.adr(&["list", "--format", "json"])).ok();
    let list: serde_json::Value =
        serde_json::from_str(&ran.stdout).expect("list --format json is JSON");
    let items = list.as_array().expect("a JSON array");
    assert_eq!(items.len(), 2, "{list:#}");
    let new = items
        .iter()
        .find(|r| r["title"] == "Use PostgreSQL")
        .expect("the new record is listed");
    assert_eq!(new["id"], "ADR-0002");
    assert_eq!(new["status"], "proposed");
    assert_eq!(new["path"], ".adr/decisions/0002-use-postgresql.md");
    assert!(new["date"].as_str().is_some_and(is_date));
    for r in items {
        for key in ["id", "title", "status", "date", "path"] {
            assert!(!r[key].is_null(), "{key} missing in {r}");
        }
    }
}

/// What `git adr new TITLE --no-edit`, run in `sub` (a directory of the work tree), prints.
fn new_in(repo: &TestRepo, sub: &str, title: &str) -> String {
    let dir = repo.path().join(sub);
    Ran::of(repo.adr_in(&dir, &["new", title, "--no-edit"]))
        .ok()
        .stdout
}

#[test]
fn new_from_a_subdirectory_prints_the_path_relative_to_it() {
    let repo = TestRepo::initialised();
    std::fs::create_dir_all(repo.path().join("src/deep")).unwrap();
    assert_eq!(
        new_in(&repo, "src", "Use PostgreSQL"),
        "../.adr/decisions/0002-use-postgresql.md\n"
    );
    assert_eq!(
        new_in(&repo, "src/deep", "Use Redis"),
        "../../.adr/decisions/0003-use-redis.md\n"
    );
    assert!(repo.exists(".adr/decisions/0002-use-postgresql.md"));
    assert!(repo.exists(".adr/decisions/0003-use-redis.md"));
    assert!(
        !repo.path().join("src/.adr").exists(),
        "no .adr/ in the subdirectory"
    );
}

#[test]
fn new_title_may_be_given_as_several_words() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "Use", "PostgreSQL", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-use-postgresql.md\n");
    assert_eq!(
        heading(&repo.read(".adr/decisions/0002-use-postgresql.md")),
        "# Use PostgreSQL"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Collision-free ids
// ---------------------------------------------------------------------------------------------

#[test]
fn new_skips_an_id_committed_on_another_local_branch() {
    let repo = repo_with_two();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let ran = Ran::of(repo.adr(&["new", "Feature work", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0003-feature-work.md\n");
    repo.commit_all("adr 3 on feature");
    repo.git(&["checkout", "-q", "main"]);
    assert!(!repo.exists(".adr/decisions/0003-feature-work.md"));

    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0004-x.md\n");
    assert!(repo.exists(".adr/decisions/0004-x.md"));
}

#[test]
fn new_skips_an_id_that_exists_only_on_a_remote_tracking_branch() {
    let repo = repo_with_two();
    let root = repo.add_origin();

    // A colleague's clone takes ADR 3 on a branch and pushes it.
    repo.git_in(&root, &["clone", "-q", "remote.git", "other"]);
    let other = root.join("other");
    repo.git_in(&other, &["checkout", "-q", "-b", "feature"]);
    let ran = Ran::of(repo.adr_in(&other, &["new", "Colleague's decision", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0003-colleague-s-decision.md\n");
    repo.git_in(&other, &["add", "-A"]);
    repo.git_in(&other, &["commit", "-q", "-m", "adr 3"]);
    repo.git_in(&other, &["push", "-q", "origin", "feature"]);

    // Here it is only known as origin/feature, never checked out.
    repo.git(&["fetch", "-q", "origin"]);
    assert_eq!(repo.git(&["branch", "--list", "feature"]), "");
    assert!(repo.git(&["branch", "-r"]).contains("origin/feature"));

    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0004-x.md\n");
}

#[test]
fn new_skips_an_id_pushed_from_a_branch_that_was_then_deleted_locally() {
    let repo = repo_with_two();
    repo.add_origin();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["new", "Feature work", "--no-edit"]);
    repo.commit_all("adr 3");
    repo.git(&["push", "-q", "origin", "feature"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["fetch", "-q", "origin"]);
    repo.git(&["branch", "-q", "-D", "feature"]);

    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0004-x.md\n");
}

#[test]
fn new_skips_an_id_that_is_only_staged_in_the_index() {
    let repo = repo_with_two();
    let staged = ".adr/decisions/0003-staged.md";
    repo.write(staged, record("proposed", "Staged"));
    repo.git(&["add", staged]);
    // Gone from the work tree, still in the index (what the next commit will hold).
    std::fs::remove_file(repo.path().join(staged)).unwrap();
    assert!(repo
        .git(&["ls-files", "--stage", staged])
        .contains("0003-staged.md"));

    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0004-x.md\n");
}

#[test]
fn new_skips_an_id_that_is_only_an_untracked_file_in_the_work_tree() {
    let repo = repo_with_two();
    repo.write(
        ".adr/decisions/0003-untracked.md",
        record("proposed", "Untracked"),
    );
    assert!(repo
        .git(&["status", "--porcelain"])
        .contains("?? .adr/decisions/0003-untracked.md"));

    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0004-x.md\n");
    assert_eq!(
        repo.read(".adr/decisions/0003-untracked.md"),
        record("proposed", "Untracked")
    );
}

#[test]
fn new_skips_an_id_only_staged_in_an_index_of_version_4_or_added_with_intent() {
    let repo = repo_with_two();
    // Version 4 compresses each path against the one before it.
    repo.git(&["update-index", "--index-version", "4"]);
    let staged = ".adr/decisions/0007-staged.md";
    repo.write(staged, record("proposed", "Staged"));
    repo.git(&["add", staged]);
    std::fs::remove_file(repo.path().join(staged)).unwrap();
    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0008-x.md\n");

    // `git add -N` writes an entry with extended flags (index version 3).
    repo.git(&["update-index", "--index-version", "2"]);
    let intended = ".adr/decisions/0011-intended.md";
    repo.write(intended, record("proposed", "Intended"));
    repo.git(&["add", "-N", intended]);
    std::fs::remove_file(repo.path().join(intended)).unwrap();
    let ran = Ran::of(repo.adr(&["new", "Y", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0012-y.md\n");
}

#[test]
fn new_skips_ids_on_branches_that_share_one_tree_and_on_one_that_does_not() {
    let repo = repo_with_two();
    repo.git(&["checkout", "-q", "-b", "one"]);
    repo.write(".adr/decisions/0005-five.md", record("proposed", "Five"));
    repo.commit_all("adr 5");
    // `two` is the same commit, `three` another commit with the same tree.
    repo.git(&["branch", "two"]);
    repo.git(&["commit", "-q", "--allow-empty", "-m", "same tree"]);
    repo.git(&["branch", "three"]);
    repo.git(&["checkout", "-q", "-b", "four", "main"]);
    repo.write(".adr/decisions/0004-four.md", record("proposed", "Four"));
    repo.commit_all("adr 4");
    repo.git(&["checkout", "-q", "main"]);
    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0006-x.md\n");

    // A tree seen once is not taken for another: `four` moves past them all.
    repo.git(&["checkout", "-q", "four"]);
    repo.write(".adr/decisions/0009-nine.md", record("proposed", "Nine"));
    repo.commit_all("adr 9");
    repo.git(&["checkout", "-q", "main"]);
    let ran = Ran::of(repo.adr(&["new", "Y", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0010-y.md\n");
}

#[test]
fn new_skips_an_id_only_in_a_linked_worktrees_files_or_index() {
    let repo = repo_with_two();
    repo.git(&["worktree", "add", "-q", "-b", "topic", "../wt"]);
    let wt = repo.dir.path().join("wt");
    // Untracked in the linked worktree.
    std::fs::write(
        wt.join(".adr/decisions/0006-there.md"),
        record("proposed", "There"),
    )
    .unwrap();
    let ran = Ran::of(repo.adr(&["new", "X", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0007-x.md\n");

    // Staged in the linked worktree's index, gone from its files.
    let staged = ".adr/decisions/0012-staged-there.md";
    std::fs::write(wt.join(staged), record("proposed", "Staged there")).unwrap();
    repo.git_in(&wt, &["add", staged]);
    std::fs::remove_file(wt.join(staged)).unwrap();
    let ran = Ran::of(repo.adr(&["new", "Y", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0013-y.md\n");

    // And the other way round: the main worktree's files, seen from the linked one.
    let ran = Ran::of(repo.adr_in(&wt, &["new", "Z", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0014-z.md\n");
}

#[test]
fn new_continues_after_the_highest_number_not_the_count_of_records() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0041-much-later.md",
        record("accepted", "Much later"),
    );
    let ran = Ran::of(repo.adr(&["new", "Next", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0042-next.md\n");
}

// ---------------------------------------------------------------------------------------------
// 3. Concurrency
// ---------------------------------------------------------------------------------------------

/// Starts `titles.len()` `git adr new` processes at the same moment; returns their outputs.
fn new_all_at_once(repo: &TestRepo, titles: &[String]) -> Vec<std::process::Output> {
    let barrier = Arc::new(Barrier::new(titles.len()));
    let handles: Vec<_> = titles
        .iter()
        .map(|title| {
            let mut cmd = repo.adr_std(&repo.path(), &["new", title, "--no-edit"]);
            cmd.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                cmd.output().expect("spawns")
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

#[test]
fn concurrent_new_processes_take_distinct_numbers_and_overwrite_nothing() {
    let repo = TestRepo::initialised();
    let mut all_paths = BTreeSet::new();
    let mut expected_titles = BTreeMap::new();
    for round in 0..3 {
        let titles: Vec<String> = (0..8).map(|i| format!("Decision {round} {i}")).collect();
        for (out, title) in new_all_at_once(&repo, &titles).into_iter().zip(&titles) {
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "{title}: {}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            let path = stdout.trim().to_string();
            assert!(
                all_paths.insert(path.clone()),
                "two processes printed {path}"
            );
            expected_titles.insert(path, title.clone());
        }
    }
    assert_eq!(all_paths.len(), 24);
    // Numbers 2..=25, each used once.
    let mut ids: Vec<u32> = repo
        .ls(".adr/decisions")
        .iter()
        .map(|n| n[..4].parse().unwrap())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        (1..=25).collect::<Vec<_>>(),
        "files: {:?}",
        repo.ls(".adr/decisions")
    );
    // Every file holds the title of the process that printed its path: nothing was overwritten.
    for (path, title) in &expected_titles {
        assert_eq!(heading(&repo.read(path)), format!("# {title}"), "{path}");
    }
    // No temporary files left behind.
    assert!(
        repo.ls(".adr/decisions")
            .iter()
            .all(|n| is_safe_record_name(n)),
        "{:?}",
        repo.ls(".adr/decisions")
    );
}

#[test]
fn concurrent_new_processes_with_the_same_title_each_get_their_own_file() {
    let repo = TestRepo::initialised();
    let titles: Vec<String> = (0..4).map(|_| "Same title".to_string()).collect();
    let outs = new_all_at_once(&repo, &titles);
    let mut printed = BTreeSet::new();
    for out in &outs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        printed.insert(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    let expected: BTreeSet<String> = (2..=5)
        .map(|i| format!(".adr/decisions/{i:04}-same-title.md"))
        .collect();
    assert_eq!(printed, expected);
    assert_eq!(repo.ls(".adr/decisions").len(), 5);
}

// ---------------------------------------------------------------------------------------------
// 4. Hostile titles
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_titles_give_safe_file_names_inside_the_decisions_directory() {
    let repo = TestRepo::initialised();
    let long: String = "word ".repeat(100).trim_end().to_string() + "!"; // 500 characters
    assert_eq!(long.chars().count(), 500);
    // (title, expected heading; None = only checked for safety)
    let cases: Vec<(String, Option<String>)> = vec![
        ("../../etc/passwd".into(), Some("# ../../etc/passwd".into())),
        ("a/b\\c".into(), Some("# a/b\\c".into())),
        ("CON".into(), Some("# CON".into())),
        ("aux".into(), Some("# aux".into())),
        ("🚀🔥".into(), Some("# 🚀🔥".into())),
        ("Clear \x1b[2J screen".into(), None),
        ("invoice\u{202e}gpj.exe".into(), None),
        (long.clone(), Some(format!("# {long}"))),
        ("?!*:<>|\"'.,;".into(), Some("# ?!*:<>|\"'.,;".into())),
        ("---".into(), Some("# ---".into())),
        ("Trailing dot.".into(), Some("# Trailing dot.".into())),
        ("..".into(), Some("# ..".into())),
        ("-rf".into(), Some("# -rf".into())),
        ("two\nlines".into(), Some("# two lines".into())),
        ("Cafe\u{301} nai\u{308}ve".into(), None),
        (
            "{{ 7 * 7 }} {% raw %}".into(),
            Some("# {{ 7 * 7 }} {% raw %}".into()),
        ),
        ("bell\x07 and del\x7f and c1\u{9b}31m".into(), None),
    ];
    for (title, expected_heading) in &cases {
        let before = snapshot(repo.dir.path());
        let ran = Ran::of(repo.adr(&["new", "--no-edit", "--", title])).ok();
        let shown = format!(
            "title {title:?}\nstdout: {}\nstderr: {}",
            ran.stdout, ran.stderr
        );

        assert!(
            !ran.raw_stdout.contains(&0x1b) && !ran.raw_stderr.contains(&0x1b),
            "ESC printed for {shown}"
        );
        assert!(
            !ran.stdout.contains('\u{202e}') && !ran.stderr.contains('\u{202e}'),
            "bidi override printed for {shown}"
        );
        assert!(
            !has_unsafe_char(ran.stdout.trim_end_matches('\n')),
            "control character printed for {shown}"
        );

        let printed = ran
            .stdout
            .strip_suffix('\n')
            .unwrap_or_else(|| panic!("no newline: {shown}"));
        assert!(
            !printed.contains('\n'),
            "more than one line printed: {shown}"
        );
        let name = printed
            .strip_prefix(".adr/decisions/")
            .unwrap_or_else(|| panic!("not inside .adr/decisions/: {shown}"));
        assert!(
            is_safe_record_name(name),
            "unsafe file name {name:?} for {shown}"
        );
        assert!(
            name.len() <= 100,
            "file name of {} bytes for {shown}",
            name.len()
        );

        // Exactly one new file, where the path says, and nothing else changed anywhere.
        let after = snapshot(repo.dir.path());
        let added: Vec<&PathBuf> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        assert_eq!(added, vec![&Path::new("work").join(printed)], "{shown}");
        for (path, content) in &before {
            assert_eq!(
                after.get(path),
                Some(content),
                "{} changed or vanished for {shown}",
                path.display()
            );
        }

        let text = repo.read(printed);
        front_matter(&text);
        assert!(
            !text.contains('\x1b'),
            "ESC written into the file for {shown}"
        );
        let h = heading(&text);
        assert!(
            !has_unsafe_char(&h),
            "control or bidi character in heading {h:?} for {shown}"
        );
        if let Some(expected) = expected_heading {
            assert_eq!(&h, expected, "{shown}");
        }
    }
    // The escape-sequence titles keep their visible words.
    assert!(
        repo.ls(".adr/decisions")
            .iter()
            .any(|n| n.ends_with("-clear-screen.md")),
        "{:?}",
        repo.ls(".adr/decisions")
    );
    // Distinct titles that slug alike still get distinct numbers.
    assert_eq!(repo.ls(".adr/decisions").len(), cases.len() + 1);
}

#[test]
fn a_title_of_nothing_but_an_escape_sequence_is_refused_without_echoing_it() {
    let repo = TestRepo::initialised();
    let before = snapshot(&repo.path());
    let ran = Ran::of(repo.adr(&["new", "--no-edit", "--", "\x1b[2J\x1b[H"])).usage_error();
    assert!(
        !ran.raw_stdout.contains(&0x1b) && !ran.raw_stderr.contains(&0x1b),
        "{:?}",
        ran.stderr
    );
    assert_eq!(snapshot(&repo.path()), before, "no file created");
}

#[test]
fn hostile_titles_are_not_reflected_as_escapes_in_json_or_list_output() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&[
        "new",
        "--no-edit",
        "--format",
        "json",
        "--",
        "Clear \x1b[2J screen \u{202e}x",
    ]))
    .ok();
    assert!(!ran.raw_stdout.contains(&0x1b) && !ran.raw_stderr.contains(&0x1b));
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).expect("JSON");
    let title = json["title"].as_str().unwrap();
    assert!(!has_unsafe_char(title), "{title:?}");
    let ran = Ran::of(repo.adr(&["list"])).ok();
    assert!(!ran.raw_stdout.contains(&0x1b), "{}", ran.stdout);
}

// ---------------------------------------------------------------------------------------------
// 5. Missing title without a terminal
// ---------------------------------------------------------------------------------------------

#[test]
fn new_without_a_title_and_no_terminal_exits_2_naming_title() {
    let repo = TestRepo::initialised();
    let before = repo.ls(".adr/decisions");
    let ran = Ran::of(repo.adr(&["new", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("TITLE"), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    assert_eq!(repo.ls(".adr/decisions"), before);
}

#[test]
fn new_without_a_title_never_waits_on_an_open_stdin() {
    let repo = TestRepo::initialised();
    let (code, stdout, stderr) = run_without_waiting(
        repo.adr_std(&repo.path(), &["new"]),
        Duration::from_secs(15),
    );
    assert_eq!(code, Some(2), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("TITLE"), "{stderr}");
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn new_with_a_blank_title_is_a_usage_error() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "   ", "--no-edit"])).usage_error();
    assert!(
        ran.stderr.contains("TITLE") || ran.stderr.contains("title"),
        "{}",
        ran.stderr
    );
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn new_without_a_title_in_ci_exits_2_without_waiting() {
    let repo = TestRepo::initialised();
    let mut cmd = repo.adr_std(&repo.path(), &["new"]);
    cmd.env("CI", "true");
    let (code, _, stderr) = run_without_waiting(cmd, Duration::from_secs(15));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("TITLE"), "{stderr}");
}

#[test]
fn new_without_a_title_in_ci_never_prompts_even_at_a_terminal() {
    // `script` gives the process a real pseudo-terminal on stdin, stdout and stderr.
    let repo = TestRepo::initialised();
    let bin = assert_cmd::cargo::cargo_bin!("git-adr");
    let mut cmd = StdCommand::new("script");
    isolate(&mut cmd, &repo.home());
    cmd.current_dir(repo.path())
        .env("CI", "true")
        .env("TERM", "xterm-256color")
        .args([
            "-q",
            "-e",
            "-c",
            &format!("'{}' new", bin.display()),
            "/dev/null",
        ]);
    let (code, stdout, stderr) = run_without_waiting(cmd, Duration::from_secs(15));
    let all = format!("{stdout}{stderr}");
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("TITLE"), "{all}");
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 6. Flags
// ---------------------------------------------------------------------------------------------

#[test]
fn new_kind_log_creates_a_numbered_entry_in_the_log_directory() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&[
        "new",
        "--kind",
        "log",
        "Cache TTL of five minutes",
        "--no-edit",
    ]))
    .ok();
    assert_eq!(ran.stdout, ".adr/log/0001-cache-ttl-of-five-minutes.md\n");
    let text = repo.read(".adr/log/0001-cache-ttl-of-five-minutes.md");
    front_matter(&text);
    assert_eq!(heading(&text), "# Cache TTL of five minutes");
    // Log numbers are their own sequence, not the ADRs'.
    let ran = Ran::of(repo.adr(&["new", "-k", "log", "Second entry", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/log/0002-second-entry.md\n");
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn new_kind_dod_creates_an_unnumbered_checklist() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "--kind", "dod", "Database change", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/dod/database-change.md\n");
    let text = repo.read(".adr/dod/database-change.md");
    let fm = front_matter(&text);
    assert_eq!(fm["status"], "active");
    assert!(
        fm["items"].is_array(),
        "checklist items are front-matter data: {text}"
    );
    assert_eq!(heading(&text), "# Database change");
}

#[test]
fn new_checklist_with_an_existing_name_is_refused_and_the_file_kept() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&["new", "--kind", "dod", "Database change", "--no-edit"]);
    std::fs::write(repo.path().join(".adr/dod/database-change.md"), "mine\n").unwrap();
    let ran =
        Ran::of(repo.adr(&["new", "--kind", "dod", "Database change", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("database-change.md"), "{}", ran.stderr);
    assert_eq!(repo.read(".adr/dod/database-change.md"), "mine\n");
    assert_eq!(repo.ls(".adr/dod"), vec!["database-change.md"]);
}

#[test]
fn new_with_an_unknown_kind_is_a_usage_error() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "--kind", "nonsense", "X", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("nonsense"), "{}", ran.stderr);
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn new_status_sets_the_initial_status() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&["new", "Use PostgreSQL", "--status", "accepted", "--no-edit"]);
    let fm = front_matter(&repo.read(".adr/decisions/0002-use-postgresql.md"));
    assert_eq!(fm["status"], "accepted");
}

#[test]
fn new_with_an_invalid_status_exits_2_naming_the_allowed_statuses() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "Use PostgreSQL", "--status", "bogus", "--no-edit"]))
        .usage_error();
    assert!(ran.stderr.contains("bogus"), "{}", ran.stderr);
    for status in [
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    ] {
        assert!(
            ran.stderr.contains(status),
            "{status} not named:\n{}",
            ran.stderr
        );
    }
    assert_eq!(repo.ls(".adr/decisions").len(), 1, "no file created");
}

#[test]
fn new_tags_may_be_repeated_or_comma_separated() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&[
        "new",
        "Use PostgreSQL",
        "--tag",
        "storage",
        "--tag",
        "db,events",
        "-t",
        "ops",
        "--no-edit",
    ]);
    let fm = front_matter(&repo.read(".adr/decisions/0002-use-postgresql.md"));
    assert_eq!(strings(&fm["tags"]), vec!["storage", "db", "events", "ops"]);
}

#[test]
fn new_path_deciders_and_date_are_written_to_the_front_matter() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&[
        "new",
        "Use PostgreSQL",
        "--path",
        "services/events/**",
        "--path",
        "*.sql",
        "--decider",
        "alice",
        "--decider",
        "bob",
        "--date",
        "2026-01-15",
        "--no-edit",
    ]);
    let text = repo.read(".adr/decisions/0002-use-postgresql.md");
    let fm = front_matter(&text);
    assert_eq!(
        strings(&fm["paths"]),
        vec!["services/events/**", "*.sql"],
        "{text}"
    );
    assert_eq!(
        strings(&fm["decision-makers"]),
        vec!["alice", "bob"],
        "{text}"
    );
    assert_eq!(fm["date"], "2026-01-15", "{text}");
}

#[test]
fn new_values_that_look_like_other_yaml_types_stay_strings() {
    let repo = TestRepo::initialised();
    let tags = [
        "1.10", "no", "on", "0x10", "0o17", ".inf", "a: b", "#x", "[y]", "*z", "null", "~",
    ];
    let mut args = vec![
        "new",
        "Tricky values",
        "--no-edit",
        "--decider",
        "O'Brien",
        "--path",
        "services/{a,b}/**",
    ];
    for t in &tags {
        args.push("--tag");
        args.push(t);
    }
    repo.adr_ok(&args);
    let text = repo.read(".adr/decisions/0002-tricky-values.md");
    let fm = front_matter(&text);
    assert_eq!(strings(&fm["tags"]), tags.to_vec(), "{text}");
    assert_eq!(strings(&fm["decision-makers"]), vec!["O'Brien"], "{text}");
    assert_eq!(strings(&fm["paths"]), vec!["services/{a,b}/**"], "{text}");
}

#[test]
fn new_with_an_invalid_glob_exits_2_and_creates_nothing() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["new", "X", "--path", "src/[", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("src/["), "{}", ran.stderr);
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn new_with_a_bad_date_exits_2_and_creates_nothing() {
    let repo = TestRepo::initialised();
    for bad in ["2026-13-45", "yesterday", "2026-02-30", "15/01/2026"] {
        let ran = Ran::of(repo.adr(&["new", "X", "--date", bad, "--no-edit"])).usage_error();
        assert!(ran.stderr.contains(bad), "{bad}: {}", ran.stderr);
        assert!(ran.stderr.contains("YYYY-MM-DD"), "{bad}: {}", ran.stderr);
    }
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn new_supersedes_finds_its_record_among_names_with_other_numbers_paddings_and_kinds_of_file() {
    let repo = TestRepo::initialised();
    let three = ".adr/decisions/0003-three.md";
    repo.write(three, record("accepted", "Three"));
    repo.write(
        ".adr/decisions/0030-thirty.md",
        record("accepted", "Thirty"),
    );
    repo.write(".adr/decisions/0003-notes.txt", "not a record\n");
    std::fs::create_dir_all(repo.path().join(".adr/decisions/0003-folder.md")).unwrap();
    repo.commit_all("records");

    let ran = Ran::of(repo.adr(&["new", "Next", "--supersedes", "3", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0031-next.md\n");
    assert_eq!(front_matter(&repo.read(three))["status"], "superseded");
    assert_eq!(
        front_matter(&repo.read(".adr/decisions/0030-thirty.md"))["status"],
        "accepted"
    );

    // Another padding of the same number is the same number: both files are named.
    repo.write(
        ".adr/decisions/03-three-again.md",
        record("accepted", "Again"),
    );
    let ran = Ran::of(repo.adr(&["new", "Later", "--supersedes", "3", "--no-edit"])).usage_error();
    assert!(
        ran.stderr
            .contains("is ambiguous: 2 files have that number")
            && ran
                .stderr
                .contains(".adr/decisions/0003-three.md, .adr/decisions/03-three-again.md"),
        "{}",
        ran.stderr
    );
}

#[test]
fn new_supersedes_marks_the_old_record_superseded_in_the_same_operation() {
    let repo = TestRepo::initialised();
    // A person's comment and an unknown key in the old record must survive.
    let old = "---\nstatus: accepted\n# agreed in the March review\ndate: 2026-01-01\nx-team: storage\n---\n\n# Use MySQL\n\nBody.\n";
    repo.write(".adr/decisions/0002-use-mysql.md", old);
    repo.commit_all("adr 2");

    let ran = Ran::of(repo.adr(&["new", "Use PostgreSQL", "--supersedes", "2", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0003-use-postgresql.md\n");

    let new_fm = front_matter(&repo.read(".adr/decisions/0003-use-postgresql.md"));
    assert_eq!(numbers(&new_fm["supersedes"]), vec![2]);
    let old_text = repo.read(".adr/decisions/0002-use-mysql.md");
    let old_fm = front_matter(&old_text);
    assert_eq!(old_fm["status"], "superseded", "{old_text}");
    assert_eq!(numbers(&old_fm["superseded-by"]), vec![3], "{old_text}");
    assert!(
        old_text.contains("# agreed in the March review\n"),
        "{old_text}"
    );
    assert_eq!(old_fm["x-team"], "storage");
    assert!(old_text.ends_with("\n# Use MySQL\n\nBody.\n"), "{old_text}");

    // The change to the old record is surgical: only the status and superseded-by lines.
    let diff = repo.git(&["diff", "-U0", "--", ".adr/decisions/0002-use-mysql.md"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert!(
        changed
            .iter()
            .all(|l| l[1..].starts_with("status:") || l[1..].starts_with("superseded-by:")),
        "{diff}"
    );
    assert!(changed.len() <= 3, "{diff}");
}

#[test]
fn new_supersedes_accepts_the_displayed_id_form() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&[
        "new",
        "Replacement",
        "--supersedes",
        "ADR-0001",
        "--no-edit",
    ]);
    assert_eq!(front_matter(&repo.read(ADR1))["status"], "superseded");
    assert_eq!(
        numbers(&front_matter(&repo.read(".adr/decisions/0002-replacement.md"))["supersedes"]),
        vec![1]
    );
}

#[test]
fn new_supersedes_of_an_unknown_id_exits_2_and_creates_nothing() {
    let repo = TestRepo::initialised();
    let before = snapshot(&repo.path());
    let ran = Ran::of(repo.adr(&["new", "Use PostgreSQL", "--supersedes", "99", "--no-edit"]))
        .usage_error();
    assert!(ran.stderr.contains("99"), "{}", ran.stderr);
    assert_eq!(snapshot(&repo.path()), before, "nothing may change");
}

#[test]
fn new_supersedes_of_a_record_the_lifecycle_forbids_creates_nothing() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0002-rejected.md",
        record("rejected", "Rejected idea"),
    );
    let before = snapshot(&repo.path());
    let ran = Ran::of(repo.adr(&["new", "Use PostgreSQL", "--supersedes", "2", "--no-edit"]));
    assert_ne!(
        ran.code,
        Some(0),
        "superseding a rejected record should not succeed: {}",
        ran.stdout
    );
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert_eq!(snapshot(&repo.path()), before, "nothing may change");
}

#[test]
fn new_amends_links_both_records() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&["new", "Tweak", "--amends", "1", "--no-edit"]);
    let new_fm = front_matter(&repo.read(".adr/decisions/0002-tweak.md"));
    assert_eq!(numbers(&new_fm["amends"]), vec![1]);
    let old_fm = front_matter(&repo.read(ADR1));
    assert_eq!(numbers(&old_fm["amended-by"]), vec![2]);
    assert_eq!(
        old_fm["status"], "accepted",
        "amending does not change the status"
    );
}

#[test]
fn new_amends_of_an_unknown_id_exits_2_and_creates_nothing() {
    let repo = TestRepo::initialised();
    let before = snapshot(&repo.path());
    let ran = Ran::of(repo.adr(&["new", "Tweak", "--amends", "7", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains('7'), "{}", ran.stderr);
    assert_eq!(snapshot(&repo.path()), before);
}

#[test]
fn new_format_json_prints_the_record() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&[
        "new",
        "Use PostgreSQL",
        "--tag",
        "db",
        "--format",
        "json",
        "--no-edit",
    ]))
    .ok();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).expect("stdout is only JSON");
    assert_eq!(json["id"], "ADR-0002");
    assert_eq!(json["title"], "Use PostgreSQL");
    assert_eq!(json["status"], "proposed");
    assert!(json["date"].as_str().is_some_and(is_date), "{json}");
    assert_eq!(json["path"], ".adr/decisions/0002-use-postgresql.md");
    assert_eq!(strings(&json["tags"]), vec!["db"]);
}

// ---------------------------------------------------------------------------------------------
// 7. Editor
// ---------------------------------------------------------------------------------------------

#[test]
fn new_edit_runs_git_editor_on_the_new_file() {
    let repo = TestRepo::initialised();
    let editor = marking_editor(&repo, "EDITED-BY-GIT-EDITOR");
    let ran = Ran::of(
        repo.adr(&["new", "Use PostgreSQL", "--edit"])
            .env("GIT_EDITOR", &editor),
    )
    .ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-use-postgresql.md\n");
    let text = repo.read(".adr/decisions/0002-use-postgresql.md");
    assert!(text.ends_with("EDITED-BY-GIT-EDITOR\n"), "{text}");
    assert_eq!(ran.stderr, "", "a clean edit warns about nothing");
}

#[test]
fn new_edit_runs_an_editor_command_with_arguments_through_the_shell_like_git() {
    let repo = TestRepo::initialised();
    let editor = marking_editor(&repo, "EDITED-WITH-ARGS");
    let ran = Ran::of(
        repo.adr(&["new", "Y", "--edit"])
            .env("GIT_EDITOR", format!("'{editor}' --wait -n")),
    )
    .ok();
    assert!(
        repo.read(".adr/decisions/0002-y.md")
            .contains("EDITED-WITH-ARGS"),
        "{}",
        ran.stderr
    );
}

/// Which marker an edit left, with the given environment and config.
fn chosen_editor(setup: impl FnOnce(&TestRepo, &mut assert_cmd::Command)) -> Vec<String> {
    let repo = TestRepo::initialised();
    let mut cmd = repo.adr(&["new", "Pick an editor", "--edit"]);
    setup(&repo, &mut cmd);
    Ran::of(cmd).ok();
    let text = repo.read(".adr/decisions/0002-pick-an-editor.md");
    ["GIT_EDITOR", "CORE_EDITOR", "VISUAL", "EDITOR"]
        .iter()
        .filter(|m| text.lines().any(|l| l == format!("MARK-{m}")))
        .map(|m| m.to_string())
        .collect()
}

#[test]
fn editor_order_is_git_editor_then_core_editor_then_visual_then_editor() {
    // (case, which of GIT_EDITOR, core.editor and VISUAL are set (EDITOR always is), TERM,
    // the editor that must run).
    let cases = [
        (
            "GIT_EDITOR beats core.editor, VISUAL and EDITOR",
            [true, true, true],
            "xterm-256color",
            "GIT_EDITOR",
        ),
        (
            "core.editor beats VISUAL and EDITOR",
            [false, true, true],
            "xterm-256color",
            "CORE_EDITOR",
        ),
        (
            "VISUAL beats EDITOR on a capable terminal",
            [false, false, true],
            "xterm-256color",
            "VISUAL",
        ),
        (
            "EDITOR is used when the terminal is dumb",
            [false, false, true],
            "dumb",
            "EDITOR",
        ),
    ];
    for (case, [git_editor, core, visual], term, expected) in cases {
        let used = chosen_editor(|repo, cmd| {
            if git_editor {
                cmd.env("GIT_EDITOR", marking_editor(repo, "MARK-GIT_EDITOR"));
            }
            if core {
                let editor = marking_editor(repo, "MARK-CORE_EDITOR");
                repo.git(&["config", "core.editor", &editor]);
            }
            if visual {
                cmd.env("VISUAL", marking_editor(repo, "MARK-VISUAL"));
            }
            cmd.env("EDITOR", marking_editor(repo, "MARK-EDITOR"));
            cmd.env("TERM", term);
        });
        assert_eq!(used, [expected], "{case}");
    }
}

#[test]
fn editor_is_not_opened_in_scripts_without_edit() {
    let repo = TestRepo::initialised();
    let editor = marking_editor(&repo, "SHOULD-NOT-RUN");
    let ran = Ran::of(
        repo.adr(&["new", "Quiet"])
            .env("GIT_EDITOR", &editor)
            .env("EDITOR", &editor),
    )
    .ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-quiet.md\n");
    assert!(!repo
        .read(".adr/decisions/0002-quiet.md")
        .contains("SHOULD-NOT-RUN"));
}

#[test]
fn edit_and_no_edit_together_are_a_usage_error() {
    let repo = TestRepo::initialised();
    Ran::of(repo.adr(&["new", "X", "--edit", "--no-edit"])).usage_error();
    assert_eq!(repo.ls(".adr/decisions").len(), 1);
}

#[test]
fn an_editor_that_breaks_the_front_matter_exits_1_naming_the_file_and_keeps_it() {
    let repo = TestRepo::initialised();
    let broken = "---\nstatus: [unclosed\n# Broken by hand\n";
    let editor = editor_script(
        &repo,
        "breaker",
        &format!("printf '%s' '{broken}' > \"$last\""),
    );
    let out = repo
        .adr(&["new", "Use PostgreSQL", "--edit"])
        .env("GIT_EDITOR", &editor)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken record is not success: {stderr}"
    );
    assert_eq!(stdout, ".adr/decisions/0002-use-postgresql.md\n");
    assert!(
        stderr.contains(".adr/decisions/0002-use-postgresql.md:1: the front matter opened on line 1 is never closed"),
        "the error names the file and line: {stderr}"
    );
    assert!(stderr.contains("kept"), "{stderr}");
    assert_eq!(
        repo.read(".adr/decisions/0002-use-postgresql.md"),
        broken,
        "the user's text is kept as written"
    );
}

#[test]
fn an_editor_that_empties_the_file_aborts_and_removes_it() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0002-old.md",
        "---\nstatus: accepted\ndate: 2026-01-01\n---\n\n# Old\n",
    );
    let editor = editor_script(&repo, "emptier", ": > \"$last\"");
    let out = repo
        .adr(&["new", "Replacement", "--supersedes", "2", "--edit"])
        .env("GIT_EDITOR", &editor)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed"));
    assert!(!repo.exists(".adr/decisions/0003-replacement.md"));
    assert_eq!(
        repo.read(".adr/decisions/0002-old.md"),
        "---\nstatus: accepted\ndate: 2026-01-01\n---\n\n# Old\n",
        "an aborted record supersedes nothing"
    );
}

#[test]
fn an_editor_that_fails_gets_a_warning_and_the_file_is_kept() {
    let repo = TestRepo::initialised();
    let editor = editor_script(&repo, "failing", "exit 3");
    let ran = Ran::of(
        repo.adr(&["new", "Use PostgreSQL", "--edit"])
            .env("GIT_EDITOR", &editor),
    )
    .ok();
    assert!(ran.stderr.contains("warning"), "{}", ran.stderr);
    let text = repo.read(".adr/decisions/0002-use-postgresql.md");
    assert_eq!(heading(&text), "# Use PostgreSQL");
}

#[test]
fn new_edit_with_json_output_reports_the_edited_record() {
    let repo = TestRepo::initialised();
    let editor = editor_script(
        &repo,
        "accepter",
        "sed -i 's/^status: proposed$/status: accepted/' \"$last\"",
    );
    let ran = Ran::of(
        repo.adr(&["new", "Use PostgreSQL", "--edit", "--format", "json"])
            .env("GIT_EDITOR", &editor),
    )
    .ok();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).expect("JSON");
    assert_eq!(json["status"], "accepted", "{json}");
}

// ---------------------------------------------------------------------------------------------
// 8. Where it runs
// ---------------------------------------------------------------------------------------------

#[test]
fn new_from_inside_the_adr_directory_writes_to_the_right_place() {
    let repo = TestRepo::initialised();
    assert_eq!(
        new_in(&repo, ".adr", "From adr dir"),
        "decisions/0002-from-adr-dir.md\n"
    );
    assert_eq!(
        new_in(&repo, ".adr/decisions", "From decisions"),
        "0003-from-decisions.md\n"
    );
    assert!(repo.exists(".adr/decisions/0002-from-adr-dir.md"));
    assert!(repo.exists(".adr/decisions/0003-from-decisions.md"));
    assert!(
        !repo.path().join(".adr/.adr").exists()
            && !repo.path().join(".adr/decisions/.adr").exists()
    );
}

#[test]
fn new_with_dash_c_runs_in_that_directory_and_prints_paths_from_it() {
    let repo = TestRepo::initialised();
    std::fs::create_dir_all(repo.path().join("src")).unwrap();
    let outside = repo.dir.path();
    let ran = Ran::of(repo.adr_in(outside, &["-C", "work", "new", "Via C", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-via-c.md\n");
    // Like git, each -C is relative to the previous one.
    let ran = Ran::of(repo.adr_in(
        outside,
        &["-C", "work", "-C", "src", "new", "Via two Cs", "--no-edit"],
    ))
    .ok();
    assert_eq!(ran.stdout, "../.adr/decisions/0003-via-two-cs.md\n");
    assert!(repo.exists(".adr/decisions/0002-via-c.md"));
    assert!(repo.exists(".adr/decisions/0003-via-two-cs.md"));
    assert!(!outside.join(".adr").exists());
}

#[test]
fn new_with_dash_c_to_a_missing_directory_exits_2() {
    let repo = TestRepo::initialised();
    let ran = Ran::of(repo.adr(&["-C", "no-such-dir", "new", "X", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("no-such-dir"), "{}", ran.stderr);
}

#[test]
fn new_in_a_linked_worktree_writes_there_and_sees_the_shared_branches() {
    let repo = TestRepo::initialised();
    repo.git(&["worktree", "add", "-q", "-b", "topic", "../wt"]);
    let wt = repo.dir.path().join("wt");
    // ADR 2 is committed on main in the main worktree after the topic branch forked.
    repo.adr_ok(&["new", "On main", "--no-edit"]);
    repo.commit_all("adr 2 on main");

    let ran = Ran::of(repo.adr_in(&wt, &["new", "In the worktree", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0003-in-the-worktree.md\n");
    assert!(wt.join(".adr/decisions/0003-in-the-worktree.md").is_file());
    assert!(
        !repo.exists(".adr/decisions/0003-in-the-worktree.md"),
        "written in the linked worktree only"
    );
    // From a subdirectory of the linked worktree too.
    std::fs::create_dir_all(wt.join("lib")).unwrap();
    let ran = Ran::of(repo.adr_in(&wt.join("lib"), &["new", "Deeper", "--no-edit"])).ok();
    assert_eq!(ran.stdout, "../.adr/decisions/0004-deeper.md\n");
}

#[test]
fn new_with_git_dir_and_git_work_tree_set_from_outside() {
    let repo = TestRepo::initialised();
    let elsewhere = repo.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let ran = Ran::of(
        repo.adr_in(&elsewhere, &["new", "From outside", "--no-edit"])
            .env("GIT_DIR", repo.path().join(".git"))
            .env("GIT_WORK_TREE", repo.path()),
    )
    .ok();
    assert!(repo.exists(".adr/decisions/0002-from-outside.md"));
    assert!(!elsewhere.join(".adr").exists());
    // The printed path leads to the file from where the command ran.
    let printed = elsewhere.join(ran.stdout.trim());
    assert_eq!(
        printed
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", printed.display())),
        repo.path()
            .join(".adr/decisions/0002-from-outside.md")
            .canonicalize()
            .unwrap()
    );
}

#[test]
fn new_in_a_bare_repository_exits_2_saying_it_is_bare() {
    let repo = TestRepo::initialised();
    repo.git_in(
        repo.dir.path(),
        &["clone", "-q", "--bare", "work", "bare.git"],
    );
    let bare = repo.dir.path().join("bare.git");
    let before = snapshot(&bare);
    let ran = Ran::of(repo.adr_in(&bare, &["new", "X", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("bare repository"), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    assert_eq!(snapshot(&bare), before);
}

#[test]
fn new_works_before_the_first_commit() {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    let ran = Ran::of(repo.adr(&["new", "Early", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-early.md\n");
}

#[test]
fn new_works_on_a_detached_head() {
    let repo = repo_with_two();
    repo.git(&["checkout", "-q", "--detach"]);
    let ran = Ran::of(repo.adr(&["new", "Detached", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0003-detached.md\n");
}

// ---------------------------------------------------------------------------------------------
// 9. Templates
// ---------------------------------------------------------------------------------------------

#[test]
fn new_uses_a_custom_template_from_the_repository() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/templates/adr.md.j2",
        "---\n{{ front_matter }}x-origin: custom\n---\n\n# {{ title }}\n\nCustom body for {{ id }}.\n",
    );
    repo.adr_ok(&["new", "Use PostgreSQL", "--no-edit"]);
    let text = repo.read(".adr/decisions/0002-use-postgresql.md");
    assert!(text.contains("\nCustom body for ADR-0002.\n"), "{text}");
    assert_eq!(front_matter(&text)["x-origin"], "custom");
    assert_eq!(heading(&text), "# Use PostgreSQL");
}

#[test]
fn a_template_that_loops_forever_fails_quickly_and_creates_nothing() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/templates/adr.md.j2",
        "---\n{{ front_matter }}---\n# {{ title }}\n{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}{{ c }}{% endfor %}{% endfor %}{% endfor %}\n",
    );
    let before = snapshot(&repo.path());
    let start = Instant::now();
    let ran = Ran::of(repo.adr(&["new", "Loop", "--no-edit"])).usage_error();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert!(
        ran.stderr.contains("adr.md.j2"),
        "the message names the template: {}",
        ran.stderr
    );
    assert_eq!(snapshot(&repo.path()), before, "no file created");
}

#[test]
fn a_template_symlinked_outside_the_repository_is_refused() {
    let repo = TestRepo::initialised();
    let outside = repo.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.j2"),
        "---\nstatus: proposed\n---\n\n# SECRET-OUTSIDE {{ title }}\n",
    )
    .unwrap();
    std::fs::create_dir_all(repo.path().join(".adr/templates")).unwrap();
    std::os::unix::fs::symlink(
        outside.join("secret.j2"),
        repo.path().join(".adr/templates/adr.md.j2"),
    )
    .unwrap();
    let before = snapshot(&repo.path());

    let ran = Ran::of(repo.adr(&["new", "Leak", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("adr.md.j2"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("symlink") || ran.stderr.contains("outside"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stdout.contains("SECRET") && !ran.stderr.contains("SECRET"));
    assert_eq!(snapshot(&repo.path()), before, "no file created");
}

#[test]
fn a_template_symlinked_through_a_relative_path_outside_is_refused() {
    let repo = TestRepo::initialised();
    std::fs::write(
        repo.dir.path().join("secret.j2"),
        "---\nstatus: proposed\n---\n\n# SECRET {{ title }}\n",
    )
    .unwrap();
    std::fs::create_dir_all(repo.path().join(".adr/templates")).unwrap();
    std::os::unix::fs::symlink(
        "../../../secret.j2",
        repo.path().join(".adr/templates/adr.md.j2"),
    )
    .unwrap();
    let before = snapshot(&repo.path());
    Ran::of(repo.adr(&["new", "Leak", "--no-edit"])).usage_error();
    assert_eq!(snapshot(&repo.path()), before);
}

#[test]
fn a_template_symlinked_inside_the_repository_is_used() {
    let repo = TestRepo::initialised();
    repo.write(
        "docs/adr-template.j2",
        "---\n{{ front_matter }}---\n\n# {{ title }}\n\nShared template.\n",
    );
    std::fs::create_dir_all(repo.path().join(".adr/templates")).unwrap();
    std::os::unix::fs::symlink(
        "../../docs/adr-template.j2",
        repo.path().join(".adr/templates/adr.md.j2"),
    )
    .unwrap();
    repo.adr_ok(&["new", "Linked", "--no-edit"]);
    assert!(repo
        .read(".adr/decisions/0002-linked.md")
        .contains("Shared template."));
}

#[test]
fn a_template_cannot_include_files() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/templates/adr.md.j2",
        "---\n{{ front_matter }}---\n\n# {{ title }}\n{% include '/etc/passwd' %}\n",
    );
    let before = snapshot(&repo.path());
    let ran = Ran::of(repo.adr(&["new", "Include", "--no-edit"])).usage_error();
    assert!(!ran.stderr.contains("root:"), "{}", ran.stderr);
    assert_eq!(snapshot(&repo.path()), before);
}

#[test]
fn a_template_whose_output_is_not_a_record_fails_and_creates_nothing() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/templates/adr.md.j2",
        "Just text about {{ title }}, no front matter.\n",
    );
    let before = snapshot(&repo.path());
    let ran = Ran::of(repo.adr(&["new", "Plain", "--no-edit"])).usage_error();
    assert!(ran.stderr.contains("adr.md.j2"), "{}", ran.stderr);
    assert_eq!(snapshot(&repo.path()), before);
}

#[test]
fn new_help_explains_the_command() {
    let repo = TestRepo::initialised();
    repo.adr(&["new", "-h"]).assert().success().stdout(
        predicate::str::contains("--no-edit").and(predicate::str::contains("--supersedes")),
    );
}

// ---------------------------------------------------------------------------------------------
// More edges from the must-handle list
// ---------------------------------------------------------------------------------------------

#[test]
fn new_after_record_9999_takes_10000() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/9999-last-four-digit.md",
        record("accepted", "Last four-digit"),
    );
    let ran = Ran::of(repo.adr(&["new", "Five digits", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/10000-five-digits.md\n");
    let ran = Ran::of(repo.adr(&["new", "After that", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/10001-after-that.md\n");
}

#[test]
fn a_title_that_is_not_utf8_is_handled_without_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::initialised();
    let title = std::ffi::OsStr::from_bytes(b"caf\xe9 \xff\xfe");
    let mut cmd = repo.adr(&["new", "--no-edit"]);
    cmd.arg(title);
    let ran = Ran::of(cmd);
    assert!(
        matches!(ran.code, Some(0) | Some(2)),
        "exit {:?}: {}",
        ran.code,
        ran.stderr
    );
    if ran.code == Some(0) {
        let name = ran
            .stdout
            .trim()
            .strip_prefix(".adr/decisions/")
            .expect("inside .adr/decisions/");
        assert!(is_safe_record_name(name), "{name:?}");
    } else {
        assert_eq!(repo.ls(".adr/decisions").len(), 1);
    }
}

#[test]
fn concurrent_new_checklists_with_the_same_name_never_overwrite_each_other() {
    let repo = TestRepo::initialised();
    let barrier = Arc::new(Barrier::new(6));
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let mut cmd = repo.adr_std(
                &repo.path(),
                &["new", "--kind", "dod", "Release", "--no-edit"],
            );
            cmd.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                cmd.output().expect("spawns")
            })
        })
        .collect();
    let outs: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(
        winners, 1,
        "exactly one process creates .adr/dod/release.md"
    );
    for o in outs.iter().filter(|o| !o.status.success()) {
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("release.md"));
    }
    assert_eq!(repo.ls(".adr/dod"), vec!["release.md"]);
    front_matter(&repo.read(".adr/dod/release.md"));
}

#[test]
fn new_edit_in_a_worktree_whose_path_has_spaces_gives_the_editor_the_right_file() {
    let repo = TestRepo::initialised();
    repo.git(&["worktree", "add", "-q", "-b", "spaced", "../my work tree ü"]);
    let wt = repo.dir.path().join("my work tree ü");
    let editor = marking_editor(&repo, "EDITED-IN-SPACED-PATH");
    let ran = Ran::of(
        repo.adr_in(&wt, &["new", "Spaced", "--edit"])
            .env("GIT_EDITOR", &editor),
    )
    .ok();
    assert_eq!(ran.stdout, ".adr/decisions/0002-spaced.md\n");
    assert!(
        std::fs::read_to_string(wt.join(".adr/decisions/0002-spaced.md"))
            .unwrap()
            .contains("EDITED-IN-SPACED-PATH")
    );
    assert_eq!(ran.stderr, "");
}

#[test]
fn new_inside_a_submodule_writes_to_the_submodule() {
    let repo = TestRepo::initialised();
    // A second repository with its own .adr/, added as a submodule at lib/.
    let lib = repo.dir.path().join("lib-origin");
    std::fs::create_dir_all(&lib).unwrap();
    repo.git_in(&lib, &["init", "-q", "-b", "main"]);
    repo.adr_in(&lib, &["init"]).assert().success();
    repo.adr_in(&lib, &["new", "Lib decision", "--no-edit"])
        .assert()
        .success();
    repo.git_in(&lib, &["add", "-A"]);
    repo.git_in(&lib, &["commit", "-q", "-m", "lib adrs"]);
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        lib.to_str().unwrap(),
        "lib",
    ]);
    repo.commit_all("add submodule");

    let sub = repo.path().join("lib");
    let ran = Ran::of(repo.adr_in(&sub, &["new", "In submodule", "--no-edit"])).ok();
    assert_eq!(ran.stdout, ".adr/decisions/0003-in-submodule.md\n");
    assert!(sub.join(".adr/decisions/0003-in-submodule.md").is_file());
    assert_eq!(
        repo.ls(".adr/decisions"),
        vec!["0001-record-architecture-decisions.md"],
        "superproject untouched"
    );
}
