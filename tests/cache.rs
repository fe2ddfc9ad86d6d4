//! The record cache (`.git/adr/records-v1.bin`): the same answers with and without it on every
//! record kind and every existing-folder format; a damaged, truncated or foreign file ignored;
//! an edit seen however soon it follows the run that cached the file; `cache info|clear`.
//!
//! A work-tree file changed in the last two seconds is never cached (git's racy-clean rule), so
//! tests that need cached work-tree records wait that long once after writing them.

mod common;

use common::{copy_dir, put, record, stderr, stdout, TestRepo};
use std::path::{Path, PathBuf};
use std::process::Output;

/// How long after its last change a work-tree file is old enough to be cached.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(2100);

/// `git adr ARGS…` with the cache on and reporting what it did, or off.
fn run(repo: &TestRepo, args: &[&str], cache: bool) -> Output {
    let mut cmd = repo.adr_std(&repo.path(), args);
    cmd.env_remove("GIT_ADR_NO_CACHE")
        .env("GIT_ADR_CACHE_DEBUG", "1");
    if !cache {
        cmd.env("GIT_ADR_NO_CACHE", "1");
    }
    let out = cmd.output().expect("git-adr runs");
    common::assert_no_panic(&out, &format!("git adr {args:?}"));
    out
}

/// The (hits, misses) a run's `GIT_ADR_CACHE_DEBUG` line reports; (0, 0) when it has none.
fn hits_and_misses(o: &Output) -> (usize, usize) {
    let err = stderr(o);
    let Some(line) = err.lines().find(|l| l.contains("records cache")) else {
        return (0, 0);
    };
    let number_before = |word: &str| -> usize {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("no {word} in {line}"));
        line[..at]
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count before {word} in {line}"))
    };
    (number_before(" hits"), number_before(" misses"))
}

fn cache_file(repo: &TestRepo) -> PathBuf {
    repo.path().join(".git/adr/records-v1.bin")
}

/// The record count `git adr cache info` reports.
fn cached_entries(repo: &TestRepo) -> Option<usize> {
    let info = repo.adr_ok(&["cache", "info"]);
    let line = info
        .lines()
        .find(|l| l.trim_start().starts_with("entries:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// git-adr's own records of every kind: ADRs (one superseding another, one with an unknown
/// status, which a listing refuses and check reports), a decision-log entry and a checklist.
fn native() -> TestRepo {
    let repo = TestRepo::initialised();
    put(
        &repo,
        2,
        "use-postgresql",
        record("superseded", "Use PostgreSQL").replace("date:", "superseded-by: [3]\ndate:"),
    );
    put(
        &repo,
        3,
        "use-postgresql-17",
        record("accepted", "Use PostgreSQL 17")
            .replace("date:", "supersedes: [2]\ntags: [db]\ndate:"),
    );
    put(&repo, 4, "odd-status", record("pondering", "An odd status"));
    repo.write(".adr/log/0001-cache-ttl.md", "---\nstatus: accepted\ndate: 2026-01-02\nlinks: [ADR-0003]\n---\n\n# Cache TTL of five minutes\n\nBecause.\n");
    repo.write(".adr/dod/database-change.md", "---\nstatus: active\ndate: 2026-01-01\napplies-to: [\"db/**\"]\nitems:\n  - Migration reviewed\n---\n\n# Database change\n\nWhy.\n");
    repo.commit_all("records");
    repo
}

/// A repository whose records are one existing folder (a fixture of tests/fixtures/folders, or
/// written here), used in place.
fn in_place(fixture: Option<&str>, write: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::new();
    if let Some(name) = fixture {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/folders")
            .join(name);
        copy_dir(&src, &repo.path());
    }
    for (path, text) in write {
        repo.write(path, text);
    }
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    repo.commit_all("git adr init");
    repo
}

/// log4brains names its records by date and writes MADR 2 style metadata.
const LOG4BRAINS: [(&str, &str); 2] = [
    (
        "docs/adr/20240105-use-log4brains-to-manage-the-adrs.md",
        "# Use Log4brains to manage the ADRs\n\n- Status: accepted\n- Date: 2024-01-05\n\n## Context and Problem Statement\n\nWe want to record decisions.\n\n## Decision Outcome\n\nChosen option: \"Log4brains\".\n",
    ),
    (
        "docs/adr/20240212-use-markdown-architectural-decision-records.md",
        "# Use Markdown Architectural Decision Records\n\n- Status: proposed\n- Date: 2024-02-12\n\n## Context and Problem Statement\n\nWhich format?\n\n## Decision Outcome\n\nChosen option: \"MADR 2.1.2\".\n",
    ),
];

/// Every record kind, and every existing-folder format read in place.
fn every_format() -> Vec<(&'static str, TestRepo)> {
    vec![
        ("native", native()),
        ("adr-tools", in_place(Some("adr-tools"), &[])),
        ("adr-tools .adr-dir", in_place(Some("adr-tools-dir"), &[])),
        ("madr2", in_place(Some("madr2"), &[])),
        ("madr3", in_place(Some("madr3"), &[])),
        ("madr4", in_place(Some("madr4"), &[])),
        ("wild", in_place(Some("wild"), &[])),
        ("log4brains", in_place(None, &LOG4BRAINS)),
    ]
}

/// What the reading commands print, and how they end.
fn answers(repo: &TestRepo, cache: bool) -> Vec<(String, Option<i32>, String)> {
    let listed = stdout(&run(repo, &["list", "--format", "json"], cache));
    let first: serde_json::Value = serde_json::from_str(&listed).expect("list prints JSON");
    let first_id = first[0]["id"].as_str().expect("a record").to_string();
    [
        vec!["list", "--format", "json"],
        vec!["list"],
        vec!["show", first_id.as_str(), "--format", "json"],
        vec!["check", "--format", "json"],
        vec!["export", "--body"],
        vec!["graph"],
        vec!["index", "--stdout"],
        vec!["search", "use"],
    ]
    .into_iter()
    .map(|args| {
        let o = run(repo, &args, cache);
        (args.join(" "), o.status.code(), stdout(&o))
    })
    .collect()
}

#[test]
fn answers_are_the_same_with_and_without_the_cache_in_every_format() {
    let repos = every_format();
    std::thread::sleep(SETTLE);
    for (name, repo) in &repos {
        let without = answers(repo, false);
        assert!(
            !cache_file(repo).exists(),
            "{name}: GIT_ADR_NO_CACHE wrote a cache"
        );
        let cold = answers(repo, true);
        let (_, misses) = hits_and_misses(&run(repo, &["list"], true));
        assert_eq!(
            misses, 0,
            "{name}: the run after the first one parsed files again"
        );
        let warm = answers(repo, true);
        for ((w, c), n) in without.iter().zip(&cold).zip(&warm) {
            assert_eq!(
                w, c,
                "{name}: `{}` differs on the run that fills the cache",
                w.0
            );
            assert_eq!(w, n, "{name}: `{}` differs when read from the cache", w.0);
        }
        let listed = run(repo, &["list"], true);
        let (hits, misses) = hits_and_misses(&listed);
        assert!(hits > 0 && misses == 0, "{name}: {}", stderr(&listed));
        assert!(cached_entries(repo).is_some_and(|n| n >= hits), "{name}");
    }
}

#[test]
fn a_damaged_truncated_or_foreign_cache_file_is_ignored_and_replaced() {
    let repo = native();
    std::thread::sleep(SETTLE);
    // What a run says, the cache's own debug line left out.
    let said = |o: &Output| {
        let err = stderr(o);
        let err: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains("records cache"))
            .collect();
        (o.status.code(), stdout(o), err.join("\n"))
    };
    let expected = said(&run(&repo, &["export", "--body"], false));
    run(&repo, &["list"], true);
    let good = std::fs::read(cache_file(&repo)).expect("the cache was written");
    let entries = cached_entries(&repo).expect("entries");
    assert!(entries >= 5, "{entries}");
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let mut grown = good.clone();
    grown.extend_from_slice(b"more");
    let mut foreign_version = good.clone();
    foreign_version[8] ^= 1; // the format number
    for (what, bytes) in [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("cut to its header", good[..16].to_vec()),
        ("empty", vec![]),
        ("one byte changed", flipped),
        ("with bytes appended", grown),
        ("of another format", foreign_version),
        (
            "not a cache",
            b"this is not a records cache at all\n".to_vec(),
        ),
    ] {
        std::fs::write(cache_file(&repo), &bytes).unwrap();
        let o = run(&repo, &["export", "--body"], true);
        // The same output, exit code and messages (no warning about the cache).
        assert_eq!(said(&o), expected, "{what}");
        assert_eq!(hits_and_misses(&o).0, 0, "{what}: {}", stderr(&o));
        assert_eq!(
            cached_entries(&repo),
            Some(entries),
            "{what}: the file was not replaced"
        );
    }
    // A directory where the file should be: nothing is cached, everything still answers.
    std::fs::remove_file(cache_file(&repo)).unwrap();
    std::fs::create_dir(cache_file(&repo)).unwrap();
    let o = run(&repo, &["export", "--body"], true);
    assert_eq!(said(&o), expected);
}

#[test]
fn an_edit_right_after_a_run_is_seen() {
    let repo = native();
    let path = common::adr_path(3, "use-postgresql-17");
    let title = |o: &Output| -> String {
        let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        let r3 = common::by_id(common::array(&v), "ADR-0003");
        r3["title"].as_str().unwrap().to_string()
    };
    let list = || run(&repo, &["list", "--format", "json"], true);
    // Within the same second as the run that read it, same size: stat data alone could not
    // tell the two versions apart, so the file was not kept.
    let o = list();
    assert_eq!(title(&o), "Use PostgreSQL 17");
    assert_eq!(hits_and_misses(&o).0, 0, "{}", stderr(&o));
    common::edit(&repo, &path, "# Use PostgreSQL 17", "# Use PostgreSQL 18");
    assert_eq!(title(&list()), "Use PostgreSQL 18");
    // Once cached, an edit that keeps the size and puts the modification time back is seen
    // too: the change time moved.
    std::thread::sleep(SETTLE);
    list();
    let o = list();
    assert_eq!(hits_and_misses(&o).1, 0, "{}", stderr(&o));
    let file = repo.path().join(&path);
    let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
    common::edit(&repo, &path, "# Use PostgreSQL 18", "# Use PostgreSQL 19");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let o = list();
    assert_eq!(title(&o), "Use PostgreSQL 19");
    // The five others from the cache; the edited one, changed just now, read from its file.
    assert_eq!(hits_and_misses(&o), (5, 0), "{}", stderr(&o));
    // Once old enough to be looked up, its entry does not match: same size and modification
    // time, but not the same change time.
    std::thread::sleep(SETTLE);
    let o = list();
    assert_eq!(title(&o), "Use PostgreSQL 19");
    assert_eq!(hits_and_misses(&o), (5, 1), "{}", stderr(&o));
}

#[test]
fn the_cache_can_be_shown_cleared_and_turned_off() {
    let repo = native();
    std::thread::sleep(SETTLE);
    assert_eq!(cached_entries(&repo), None);
    run(&repo, &["list"], true);
    let info = repo.adr_ok(&["cache", "info"]);
    assert!(info.contains("record cache: on"), "{info}");
    assert!(info.contains("records-v1.bin"), "{info}");
    // adr, log and dod records; ADR 4's unknown status refuses it but its parse is cached.
    assert_eq!(cached_entries(&repo), Some(6), "{info}");
    let cleared = repo.adr(&["cache", "clear"]).output().unwrap();
    assert!(stderr(&cleared).contains("removed"), "{}", stderr(&cleared));
    assert!(!cache_file(&repo).exists());
    let (hits, misses) = hits_and_misses(&run(&repo, &["list"], true));
    assert_eq!((hits, misses), (0, 6));
    std::fs::remove_file(cache_file(&repo)).unwrap();
    repo.git(&["config", "adr.cache", "false"]);
    let o = run(&repo, &["list"], true);
    assert_eq!(hits_and_misses(&o), (0, 0), "{}", stderr(&o));
    assert!(!cache_file(&repo).exists(), "adr.cache=false wrote a cache");
    let info = repo.adr_ok(&["cache", "info"]);
    assert!(
        info.contains("off (git config adr.cache is false)"),
        "{info}"
    );
}

/// Every derived file git-adr keeps is in one folder of the common git directory (linked
/// worktrees write to it too): `cache info` lists each one and `cache clear` deletes them all,
/// with the tree-number file an earlier build kept beside the folder.
#[test]
fn every_derived_file_is_in_the_cache_folder_shown_and_cleared() {
    let repo = native();
    let wt = repo.home().join("linked");
    repo.git(&["worktree", "add", "-q", "-b", "side", wt.to_str().unwrap()]);
    // `new` in the linked worktree: its tree numbers go to the shared folder.
    repo.adr_in(&wt, &["new", "--no-edit", "Use Redis"])
        .assert()
        .success();
    std::thread::sleep(SETTLE);
    run(&repo, &["list"], true);
    repo.adr_ok(&["log"]);
    repo.write(".git/adr-ids", "git-adr tree ids 1\n");
    let names = ["records-v1.bin", "history-v2.bin", "tree-ids-v1.txt"];
    for name in names {
        assert!(repo.exists(&format!(".git/adr/{name}")), "{name}");
    }
    let info = repo.adr_ok(&["cache", "info"]);
    for name in names {
        assert!(info.contains(&format!("  {name}: ")), "{name} in {info}");
    }
    let cleared = repo.adr(&["cache", "clear"]).output().unwrap();
    assert!(
        stderr(&cleared).contains("removed 4 cache files"),
        "{}",
        stderr(&cleared)
    );
    assert_eq!(repo.ls(".git/adr"), Vec::<String>::new());
    assert!(!repo.exists(".git/adr-ids"));
    // Nothing depends on them: the next number is still found.
    let o = repo
        .adr_in(&wt, &["new", "--no-edit", "Use Valkey"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(wt.join(".adr/decisions/0006-use-valkey.md").exists());
    assert!(repo.exists(".git/adr/tree-ids-v1.txt"));
}

#[test]
fn records_of_commits_and_the_index_are_cached_by_blob_id() {
    let repo = native();
    // pr reads the records at HEAD and at the base, from git objects: no waiting needed.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    put(&repo, 5, "use-redis", record("proposed", "Use Redis"));
    repo.commit_all("Use Redis");
    let first = run(&repo, &["pr", "--base", "main"], true);
    let second = run(&repo, &["pr", "--base", "main"], true);
    let without = run(&repo, &["pr", "--base", "main"], false);
    assert_eq!(stdout(&first), stdout(&without));
    assert_eq!(stdout(&second), stdout(&without));
    let (hits, misses) = hits_and_misses(&second);
    assert!(hits > 0 && misses == 0, "{}", stderr(&second));
}
