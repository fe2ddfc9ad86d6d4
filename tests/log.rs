//! `git adr log`: decision-log entries (`log add`) and the timeline of entries and record
//! lifecycle events taken from git history, through the real binary in real repositories —
//! including commits by several authors, shallow clones, and real merges of branches that each
//! add entries.

mod common;
use common::{assert_code, commit_short as commit_as, front_matter, git_as, json, run, run_in};
use common::{set_date, stderr, stdout, TestRepo};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const LOG_DIR: &str = ".adr/log";
const ENTRY: &str = ".adr/log/0001-cache-ttl-of-five-minutes.md";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `git adr log add` with every flag.
fn add_full_entry(repo: &TestRepo) -> Output {
    run(
        repo,
        &[
            "log",
            "add",
            "Cache TTL of five minutes",
            "--constraint",
            "The upstream API allows 100 requests a minute.",
            "--choice",
            "Cache responses for five minutes.",
            "--why",
            "Fresh enough for prices; one minute would still hit the limit.",
            "--decided-by",
            "alice,bob",
            "--verified-by",
            "Load test at 3x peak, by Carol.",
            "--revisit",
            "2099-05-01",
            "--link",
            "ADR-0001",
            "--tag",
            "cache",
            "--tag",
            "api",
        ],
    )
}

/// `log add TITLE` with the least that makes a complete entry: a choice, a reason, a constraint.
fn minimal_entry(title: &str) -> [&str; 9] {
    [
        "log",
        "add",
        title,
        "--choice",
        "x",
        "--why",
        "y",
        "--constraint",
        "z",
    ]
}

/// `log add Cache FLAGS…`, whatever the exit code.
fn add_cache(repo: &TestRepo, flags: &[&str]) -> Output {
    run(repo, &common::args(&["log", "add", "Cache"], flags))
}

/// The text under `## name`, trimmed.
fn section<'t>(text: &'t str, name: &str) -> &'t str {
    let head = format!("\n## {name}\n");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("no section {name}:\n{text}"))
        + head.len();
    let end = text[start..]
        .find("\n## ")
        .map_or(text.len(), |i| start + i);
    text[start..end].trim()
}

/// `git adr log --format json ARGS…` in `dir`: the parsed output and stderr.
fn timeline_json_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> (Value, String) {
    let o = run_in(repo, dir, &common::args(&["log", "--format", "json"], args));
    assert_code(&o, 0, "log --format json");
    (json(&o), stderr(&o))
}

fn timeline_json(repo: &TestRepo, args: &[&str]) -> Vec<Value> {
    let (v, _) = timeline_json_in(repo, &repo.path(), args);
    assert_eq!(v["version"], 1);
    v["events"].as_array().expect("events").clone()
}

/// Each event as `date event id author sha` (author and sha `-` when there is no commit).
fn summary(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            let what = match e["event"].as_str().unwrap() {
                "status-changed" => format!(
                    "{}->{}",
                    e["from"].as_str().unwrap_or("?"),
                    e["to"].as_str().unwrap_or("?")
                ),
                other => other.to_string(),
            };
            format!(
                "{} {} {} {} {}",
                e["date"].as_str().unwrap_or("-"),
                what,
                e["id"].as_str().unwrap(),
                e["commit"]["author"].as_str().unwrap_or("-"),
                e["commit"]["short"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

/// The story the timeline tests read: five commits by five people on five days (each record's
/// front-matter date is the day it was committed, as when written and committed the same day).
struct Fixture {
    repo: TestRepo,
    /// Short commit ids: init, ADR 2, accept, supersede, log entry.
    shas: [String; 5],
}

fn fixture() -> Fixture {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    set_date(
        &repo,
        ".adr/decisions/0001-record-architecture-decisions.md",
        "2026-11-01",
    );
    let init = commit_as(&repo, "Ada", "2026-11-01T09:00:00Z", "init adr");
    repo.adr_ok(&["new", "Use PostgreSQL", "--no-edit"]);
    set_date(&repo, ".adr/decisions/0002-use-postgresql.md", "2026-11-02");
    let adr2 = commit_as(&repo, "Bob", "2026-11-02T10:00:00Z", "Propose PostgreSQL");
    repo.adr_ok(&["accept", "2"]);
    let accept = commit_as(&repo, "Carol", "2026-11-03T11:00:00Z", "Accept PostgreSQL");
    repo.adr_ok(&["new", "Use PostgreSQL 17", "--supersedes", "2", "--no-edit"]);
    set_date(
        &repo,
        ".adr/decisions/0003-use-postgresql-17.md",
        "2026-11-04",
    );
    let supersede = commit_as(&repo, "Dave", "2026-11-04T12:00:00+02:00", "Move to 17");
    assert_code(&add_full_entry(&repo), 0, "log add");
    set_date(&repo, ENTRY, "2026-11-05");
    let log = commit_as(&repo, "Erin", "2026-11-05T13:00:00Z", "Log the cache TTL");
    Fixture {
        repo,
        shas: [init, adr2, accept, supersede, log],
    }
}

// ---------------------------------------------------------------------------------------------
// log add
// ---------------------------------------------------------------------------------------------

#[test]
fn log_add_writes_every_flag_into_front_matter_and_sections_and_check_is_clean() {
    let repo = TestRepo::initialised();
    let o = add_full_entry(&repo);
    assert_code(&o, 0, "log add");
    assert_eq!(stdout(&o), format!("{ENTRY}\n"));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));

    let text = repo.read(ENTRY);
    let fm = front_matter(&text);
    assert_eq!(
        fm["status"], "accepted",
        "an entry records a decision taken"
    );
    assert!(fm["date"].as_str().is_some_and(|d| d.len() == 10), "{fm}");
    assert_eq!(fm["decision-makers"], serde_json::json!(["alice", "bob"]));
    assert_eq!(fm["tags"], serde_json::json!(["cache", "api"]));
    assert_eq!(fm["review-by"], "2099-05-01");
    assert_eq!(fm["links"], serde_json::json!(["ADR-0001"]));
    assert!(text.contains("\n# Cache TTL of five minutes\n"), "{text}");
    for (name, expected) in [
        (
            "Constraint",
            "The upstream API allows 100 requests a minute.",
        ),
        ("Choice", "Cache responses for five minutes."),
        (
            "Why",
            "Fresh enough for prices; one minute would still hit the limit.",
        ),
        ("Verification", "Load test at 3x peak, by Carol."),
    ] {
        assert_eq!(section(&text, name), expected, "section {name}");
    }

    assert_code(&run(&repo, &["check"]), 0, "check on the new entry");
    // Log numbers are their own sequence.
    let o = run(&repo, &minimal_entry("Second"));
    assert_code(&o, 0, "second entry");
    assert_eq!(stdout(&o), ".adr/log/0002-second.md\n");
}

#[test]
fn log_add_format_json_prints_the_entry() {
    let repo = TestRepo::initialised();
    let mut cmd = repo.adr(&[
        "log",
        "add",
        "Cache TTL of five minutes",
        "--format",
        "json",
    ]);
    cmd.args([
        "--choice",
        "Five minutes",
        "--link",
        "1",
        "--decided-by",
        "alice",
    ]);
    let o = cmd.output().unwrap();
    assert_code(&o, 0, "log add --format json");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("stdout is only JSON");
    assert_eq!(v["id"], "LOG-0001");
    assert_eq!(v["kind"], "log");
    assert_eq!(v["title"], "Cache TTL of five minutes");
    assert_eq!(v["path"], ENTRY);
    assert_eq!(v["status"], "accepted");
    assert_eq!(v["links"], serde_json::json!(["ADR-0001"]));
    assert_eq!(v["decision_makers"], serde_json::json!(["alice"]));
    assert_eq!(v["choice"], "Five minutes");
    assert_eq!(v["why"], Value::Null);
}

#[test]
fn log_add_without_a_title_and_no_terminal_exits_2_naming_title() {
    let repo = TestRepo::initialised();
    let o = run(&repo, &["log", "add", "--choice", "x"]);
    assert_code(&o, 2, "log add without title");
    assert!(stderr(&o).contains("TITLE"), "{}", stderr(&o));
    assert!(!repo.exists(LOG_DIR) || repo.ls(LOG_DIR).is_empty());
}

#[test]
fn log_add_linking_an_unknown_record_exits_2_and_writes_nothing() {
    let repo = TestRepo::initialised();
    let o = add_cache(&repo, &["--link", "ADR-0009"]);
    assert_code(&o, 2, "--link to an unknown record");
    let err = stderr(&o);
    assert!(
        err.contains("--link ADR-0009") && err.contains("ADR-0009"),
        "{err}"
    );
    assert!(!repo.exists(LOG_DIR) || repo.ls(LOG_DIR).is_empty());
    let o = add_cache(&repo, &["--link", "XYZ-1"]);
    assert_code(&o, 2, "--link with an unknown prefix");
    assert!(!repo.exists(LOG_DIR) || repo.ls(LOG_DIR).is_empty());
}

#[test]
fn log_add_with_a_bad_revisit_date_exits_2_and_writes_nothing() {
    let repo = TestRepo::initialised();
    for bad in ["next spring", "2027-13-01", "2027-02-30"] {
        let o = add_cache(&repo, &["--revisit", bad]);
        assert_code(&o, 2, bad);
        assert!(stderr(&o).contains("--revisit"), "{}", stderr(&o));
    }
    assert!(!repo.exists(LOG_DIR) || repo.ls(LOG_DIR).is_empty());
}

#[test]
fn log_add_without_choice_leaves_the_placeholder_warns_and_check_flags_it() {
    let repo = TestRepo::initialised();
    let o = add_cache(&repo, &["--constraint", "Rate limit", "--why", "Because"]);
    assert_code(&o, 0, "log add without --choice");
    let err = stderr(&o);
    assert!(
        err.contains("warning") && err.contains("--choice") && err.contains("git adr check"),
        "{err}"
    );
    assert!(!err.contains("--why"), "{err}");
    let text = repo.read(".adr/log/0001-cache.md");
    assert!(section(&text, "Choice").starts_with('{'), "{text}");
    let o = run(&repo, &["check"]);
    assert_code(&o, 1, "check flags the placeholder");
    assert!(
        stdout(&o).contains("placeholder-text") && stdout(&o).contains("Choice"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn log_add_text_cannot_add_headings_or_terminal_escapes() {
    let repo = TestRepo::initialised();
    let o = add_cache(
        &repo,
        &[
            "--constraint",
            "a\n# Second title\n## Choice",
            "--choice",
            "b\x1b[2J",
            "--why",
            "c",
        ],
    );
    assert_code(&o, 0, "log add");
    let text = repo.read(".adr/log/0001-cache.md");
    assert_eq!(text.matches("\n# ").count(), 1, "{text}");
    assert_eq!(text.matches("\n## Choice\n").count(), 1, "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
    assert_code(&run(&repo, &["check"]), 0, "check");
}

// ---------------------------------------------------------------------------------------------
// The timeline
// ---------------------------------------------------------------------------------------------

#[test]
fn timeline_lists_entries_and_lifecycle_events_newest_first_with_dates_authors_and_commits() {
    let Fixture { repo, shas } = fixture();
    let [init, adr2, accept, supersede, log] = shas;
    let events = timeline_json(&repo, &[]);
    assert_eq!(
        summary(&events),
        vec![
            format!("2026-11-05 entry LOG-0001 Erin {log}"),
            format!("2026-11-04 created ADR-0003 Dave {supersede}"),
            format!("2026-11-04 accepted->superseded ADR-0002 Dave {supersede}"),
            format!("2026-11-03 proposed->accepted ADR-0002 Carol {accept}"),
            format!("2026-11-02 created ADR-0002 Bob {adr2}"),
            format!("2026-11-01 created ADR-0001 Ada {init}"),
        ]
    );
    let entry = &events[0];
    assert_eq!(entry["title"], "Cache TTL of five minutes");
    assert_eq!(entry["choice"], "Cache responses for five minutes.");
    assert_eq!(entry["decided_by"], serde_json::json!(["alice", "bob"]));
    assert_eq!(entry["links"], serde_json::json!(["ADR-0001"]));
    assert_eq!(entry["commit"]["subject"], "Log the cache TTL");
    assert_eq!(entry["uncommitted"], false);
    let superseded = &events[2];
    assert_eq!(superseded["superseded_by"], serde_json::json!(["ADR-0003"]));
    // Dates are on the author's clock, with the time and offset in `time`.
    assert_eq!(superseded["time"], "2026-11-04T12:00:00+02:00");
    assert_eq!(superseded["date_source"], "commit");
    assert_eq!(events[1]["status"], "proposed");

    let o = run(&repo, &["log"]);
    assert_code(&o, 0, "log");
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(
        lines[0].starts_with("2026-11-05  LOG-0001  logged"),
        "{text}"
    );
    assert!(
        lines[0].contains("Cache TTL of five minutes: Cache responses for five minutes."),
        "{text}"
    );
    assert!(lines[0].ends_with(&format!("Erin {log}")), "{text}");
    assert!(
        lines[2].contains("(accepted → superseded by ADR-0003)"),
        "{text}"
    );
    assert!(
        lines[3].contains("accepted") && lines[3].contains(&format!("Carol {accept}")),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour in a pipe");
}

#[test]
fn timeline_since_keeps_events_on_or_after_the_date() {
    let Fixture { repo, .. } = fixture();
    let events = timeline_json(&repo, &["--since", "2026-11-04"]);
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["LOG-0001", "ADR-0003", "ADR-0002"]);
    assert!(timeline_json(&repo, &["--since", "2030-01-01"]).is_empty());
    let o = run(&repo, &["log", "--since", "2030-01-01"]);
    assert_code(&o, 0, "empty timeline");
    assert!(stdout(&o).contains("no decision-log entries or record events since 2030-01-01"));
    let o = run(&repo, &["log", "--since", "last week"]);
    assert_code(&o, 2, "bad --since");
    assert!(stderr(&o).contains("--since"), "{}", stderr(&o));
}

#[test]
fn timeline_markdown_is_one_list_item_per_event_with_user_text_escaped() {
    let Fixture { repo, .. } = fixture();
    run(&repo, &minimal_entry("Pipes | and <b>html</b> @org/team"));
    let o = run(&repo, &["log", "--format", "markdown"]);
    assert_code(&o, 0, "log --format markdown");
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(text.lines().all(|l| l.starts_with("- **")), "{text}");
    assert!(
        text.contains("\\|") && text.contains("&lt;b&gt;") && !text.contains("@org/team"),
        "{text}"
    );
}

#[test]
fn uncommitted_records_and_status_changes_are_shown_first_as_uncommitted() {
    let Fixture { repo, .. } = fixture();
    repo.adr_ok(&["new", "Use Redis", "--no-edit"]);
    set_date(&repo, ".adr/decisions/0004-use-redis.md", "2026-11-06");
    repo.adr_ok(&["accept", "3"]);
    let events = timeline_json(&repo, &[]);
    let mut first: Vec<String> = summary(&events[..2]);
    first.sort();
    assert_eq!(
        first,
        vec![
            "2026-11-06 created ADR-0004 - -".to_string(),
            format!(
                "{} proposed->accepted ADR-0003 - -",
                events
                    .iter()
                    .find(|e| e["id"] == "ADR-0003" && e["event"] == "status-changed")
                    .unwrap()["date"]
                    .as_str()
                    .unwrap()
            )
        ]
    );
    assert!(events[..2]
        .iter()
        .all(|e| e["uncommitted"] == true && e["date_source"] == "work-tree"));
    assert_eq!(events.len(), 8);
}

#[test]
fn renamed_records_keep_their_creation_and_the_rename_is_an_event() {
    let Fixture { repo, shas } = fixture();
    repo.git(&["mv", ENTRY, ".adr/log/0001-cache-ttl.md"]);
    repo.write(
        ".adr/log/0001-cache-ttl.md",
        repo.read(".adr/log/0001-cache-ttl.md")
            .replace("# Cache TTL of five minutes", "# Cache TTL"),
    );
    let sha = commit_as(&repo, "Fay", "2026-11-07T08:00:00Z", "Shorter title");
    let events = timeline_json(&repo, &[]);
    let s = summary(&events);
    assert_eq!(s[0], format!("2026-11-07 renamed LOG-0001 Fay {sha}"));
    assert_eq!(events[0]["from_path"], ENTRY);
    // The entry is still dated and attributed by the commit that created it.
    assert!(
        s.contains(&format!("2026-11-05 entry LOG-0001 Erin {}", shas[4])),
        "{s:?}"
    );
}

#[test]
fn a_shallow_clone_warns_once_and_never_claims_its_boundary_commit_created_the_records() {
    let Fixture { repo, shas } = fixture();
    let clone = repo.dir.path().join("shallow");
    let url = format!("file://{}", repo.path().display());
    repo.git_in(
        repo.dir.path(),
        &["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()],
    );
    let (v, err) = timeline_json_in(&repo, &clone, &[]);
    assert_eq!(
        err.matches("warning: this is a shallow clone").count(),
        1,
        "one warning: {err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(v["shallow"], true);
    let events = v["events"].as_array().unwrap();
    // The log entry was committed inside the clone's history: its commit is known.
    assert_eq!(
        summary(&events[..1]),
        vec![format!("2026-11-05 entry LOG-0001 Erin {}", shas[4])]
    );
    // Everything older is dated from its front matter, with no commit, and nothing is said to
    // have been created by the boundary commit (the supersede commit, by Dave).
    for e in &events[1..] {
        assert_ne!(e["commit"]["author"], "Dave", "{e}");
        if e["event"] == "created" {
            assert_eq!(e["commit"], Value::Null, "{e}");
            assert_eq!(e["date_source"], "front-matter", "{e}");
            let file = std::fs::read_to_string(clone.join(e["path"].as_str().unwrap())).unwrap();
            assert_eq!(front_matter(&file)["date"], e["date"], "{e}");
        }
    }
    // ADR 1, 2 and 3 existed at the boundary; when they were accepted or superseded is not in
    // the clone, so no status change is claimed either.
    assert_eq!(
        summary(&events[1..]),
        vec![
            "2026-11-04 created ADR-0003 - -",
            "2026-11-02 created ADR-0002 - -",
            "2026-11-01 created ADR-0001 - -",
        ]
    );

    let o = run_in(&repo, &clone, &["log"]);
    assert_code(&o, 0, "log in a shallow clone");
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("date from front matter"),
        "{}",
        stdout(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// Merge safety
// ---------------------------------------------------------------------------------------------

#[test]
fn two_branches_that_each_add_an_entry_merge_without_conflict_and_distinct_numbers() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "a"]);
    repo.adr_ok(&minimal_entry("Entry on a"));
    repo.commit_all("entry a");
    repo.git(&["checkout", "-q", "-b", "b", "main"]);
    // Branch a's entry is seen in git's objects, so b takes the next number.
    let out = repo.adr_ok(&minimal_entry("Entry on b"));
    assert_eq!(out, ".adr/log/0002-entry-on-b.md\n");
    repo.commit_all("entry b");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-edit", "a"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-edit", "b"]);
    assert_eq!(
        repo.ls(LOG_DIR),
        vec!["0001-entry-on-a.md", "0002-entry-on-b.md"]
    );
    assert_code(&run(&repo, &["check"]), 0, "check after the merge");
    // The merge commits add nothing to the timeline: each entry appears once.
    let events = timeline_json(&repo, &[]);
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.iter().filter(|i| i.starts_with("LOG-")).count(),
        2,
        "{ids:?}"
    );
    assert_eq!(events.len(), 3, "{ids:?}");
}

#[test]
fn clones_that_cannot_see_each_other_take_the_same_number_merge_cleanly_and_check_reports_it() {
    let origin = TestRepo::initialised();
    let top = origin.dir.path();
    let url = format!("file://{}", origin.path().display());
    for name in ["one", "two"] {
        origin.git_in(top, &["clone", "-q", &url, name]);
    }
    let (one, two) = (top.join("one"), top.join("two"));
    let add = |dir: &Path, title: &str| {
        let o = run_in(&origin, dir, &minimal_entry(title));
        assert_code(&o, 0, "log add");
        origin.git_in(dir, &["add", "-A"]);
        origin.git_in(dir, &["commit", "-q", "-m", title]);
        stdout(&o)
    };
    assert_eq!(add(&one, "From one"), ".adr/log/0001-from-one.md\n");
    assert_eq!(add(&two, "From two"), ".adr/log/0001-from-two.md\n");
    // A real merge: different file names, so git merges without a conflict...
    origin.git_in(
        &two,
        &[
            "pull",
            "-q",
            "--no-rebase",
            "--no-edit",
            one.to_str().unwrap(),
            "main",
        ],
    );
    let mut names: Vec<String> = std::fs::read_dir(two.join(LOG_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["0001-from-one.md", "0001-from-two.md"]);
    // ...and check is what catches the shared number.
    let o = run_in(&origin, &two, &["check"]);
    assert_code(&o, 1, "check after merging the same number");
    assert!(stdout(&o).contains("duplicate-id"), "{}", stdout(&o));
    // Once the other side's entries are in git's objects, a new entry never collides.
    assert_eq!(add(&two, "Third"), ".adr/log/0002-third.md\n");
}

#[test]
fn a_status_change_made_on_a_branch_is_reported_once_at_its_commit_not_at_the_merge() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&["new", "Use PostgreSQL", "--no-edit"]);
    repo.commit_all("adr 2");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["accept", "2"]);
    let accept = commit_as(&repo, "Carol", "2026-11-03T11:00:00Z", "Accept PostgreSQL");
    repo.git(&["checkout", "-q", "main"]);
    repo.adr_ok(&minimal_entry("Entry on main"));
    repo.commit_all("entry");
    git_as(
        &repo,
        &repo.path(),
        "Mia",
        "2026-11-09T09:00:00Z",
        &["merge", "-q", "--no-ff", "--no-edit", "feature"],
    );
    let events = timeline_json(&repo, &[]);
    let changes: Vec<String> = summary(&events)
        .into_iter()
        .filter(|s| s.contains("->") || s.contains("Mia"))
        .collect();
    assert_eq!(
        changes,
        vec![format!(
            "2026-11-03 proposed->accepted ADR-0002 Carol {accept}"
        )]
    );
}
