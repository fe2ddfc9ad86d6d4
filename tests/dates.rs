//! Dates from git history (`list --dates git`, `show`) and the history cache under the common
//! git directory, through the real binary: records created, edited, accepted and superseded by
//! several authors on several days; a shallow clone; new, amended and reset commits; a corrupt,
//! truncated or foreign cache file; an unwritable git directory; linked worktrees.

mod common;
use common::field;
use common::{array, by_id, commit_as, commit_in, date_of, edit, isolate, json};
use common::{stderr, stdout, TestRepo, ADR1};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const ADR2: &str = ".adr/decisions/0002-use-postgres.md";
const ADR3: &str = ".adr/decisions/0003-use-sqlite.md";
const CACHE: &str = ".git/adr/history-v2.bin";
/// Where the cache file keeps its checksum (CRC-32 of everything after it) and its tip (40 hex
/// digits, then the number of commits as a little-endian u64).
const CHECKSUM_AT: usize = 12;
const TIP_AT: usize = 16;

/// `git adr ARGS…` in `dir`, which must succeed without a progress counter on the pipe.
fn run_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> Output {
    let o = common::run_in(repo, dir, args);
    common::assert_code(&o, 0, &format!("git adr {args:?}"));
    // Never a progress counter on a pipe.
    assert!(!stderr(&o).contains('\r'), "{:?}", stderr(&o));
    o
}

fn run(repo: &TestRepo, args: &[&str]) -> Output {
    run_in(repo, &repo.path(), args)
}

fn json_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> Value {
    json(&run_in(repo, dir, args))
}

fn json_of(repo: &TestRepo, args: &[&str]) -> Value {
    json_in(repo, &repo.path(), args)
}

struct Story {
    repo: TestRepo,
    /// init (Ada), ADR 2 proposed (Bob), accepted (Carol), superseded by ADR 3 (Dan), ADR 3
    /// edited (Eve).
    shas: [String; 5],
}

/// Front-matter dates differ from the commits' on purpose: ADR 2 was written on 1 February and
/// committed on the 11th.
fn story() -> Story {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    let today = date_of(&repo.read(ADR1));
    edit(&repo, ADR1, &format!("date: {today}"), "date: 2026-01-10");
    let init = commit_as(&repo, "Ada", "2026-01-10T10:00:00Z", "init");
    repo.adr_ok(&["new", "--no-edit", "--date", "2026-02-01", "Use Postgres"]);
    let created = commit_as(&repo, "Bob", "2026-02-11T10:00:00Z", "Propose Postgres");
    repo.adr_ok(&["accept", "2"]);
    let accepted = commit_as(&repo, "Carol", "2026-03-12T10:00:00Z", "Accept Postgres");
    repo.adr_ok(&[
        "new",
        "--no-edit",
        "--date",
        "2026-04-13",
        "--supersedes",
        "2",
        "Use SQLite",
    ]);
    let superseded = commit_as(&repo, "Dan", "2026-04-13T10:00:00Z", "Move to SQLite");
    edit(&repo, ADR3, "# Use SQLite\n", "# Use SQLite\n\nA note.\n");
    let edited = commit_as(&repo, "Eve", "2026-05-14T10:00:00Z", "Note on SQLite");
    Story {
        repo,
        shas: [init, created, accepted, superseded, edited],
    }
}

fn record<'v>(list: &'v Value, id: &str) -> &'v Value {
    by_id(array(list), id)
}

/// `date author commit` of a stamp, `-` for what is missing.
fn stamp(s: &Value) -> String {
    let f = |k: &str| s[k].as_str().unwrap_or("-").to_string();
    format!("{} {} {}", f("date"), f("author"), f("commit"))
}

/// The tip and commit count the cache file's header says it answers for, as `tip` and
/// `commits`.
fn cache(repo: &TestRepo) -> Value {
    let bytes = std::fs::read(repo.path().join(CACHE)).expect("the cache exists");
    let tip = std::str::from_utf8(&bytes[TIP_AT..TIP_AT + 40]).expect("a hex tip");
    let commits = u64::from_le_bytes(bytes[TIP_AT + 40..TIP_AT + 48].try_into().unwrap());
    serde_json::json!({ "tip": tip, "commits": commits })
}

/// Puts the right checksum on the cache's `bytes`, as git-adr would have written them.
fn with_checksum(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = crc32fast::hash(&bytes[TIP_AT..]);
    bytes[CHECKSUM_AT..TIP_AT].copy_from_slice(&sum.to_le_bytes());
    bytes
}

/// Rewrites the cache file with every `from` replaced by `to` (of the same length: strings are
/// stored with their length), its checksum made to match.
fn tamper(repo: &TestRepo, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let path = repo.path().join(CACHE);
    let mut bytes = std::fs::read(&path).unwrap();
    let mut changed = 0;
    for at in 0..bytes.len().saturating_sub(from.len() - 1) {
        if &bytes[at..at + from.len()] == from.as_bytes() {
            bytes[at..at + to.len()].copy_from_slice(to.as_bytes());
            changed += 1;
        }
    }
    assert_ne!(changed, 0, "tampering changed nothing");
    std::fs::write(&path, with_checksum(bytes)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// history ID over the story
// ---------------------------------------------------------------------------------------------

#[test]
fn history_names_each_commit_author_and_status_change() {
    let Story { repo, shas } = story();
    let v = json_of(&repo, &["history", "2", "--format", "json"]);
    let trail: Vec<String> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e["date"].as_str().unwrap(),
                e["event"].as_str().unwrap(),
                e["to"].as_str().or(e["status"].as_str()).unwrap_or("-"),
                e["commit"]["author"].as_str().unwrap(),
                e["commit"]["sha"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        [
            format!("2026-02-11 created proposed Bob {}", shas[1]),
            format!("2026-03-12 status-changed accepted Carol {}", shas[2]),
            format!("2026-04-13 status-changed superseded Dan {}", shas[3]),
        ]
    );
    let v = json_of(&repo, &["history", "3", "--format", "json"]);
    let events: Vec<(String, String)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_string(),
                e["commit"]["author"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("created".to_string(), "Dan".to_string()),
            ("modified".to_string(), "Eve".to_string())
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// list --dates git
// ---------------------------------------------------------------------------------------------

#[test]
fn list_with_git_dates_shows_creation_and_last_change_beside_the_front_matter_date() {
    let Story { repo, shas } = story();
    let v = json_of(&repo, &["list", "--dates", "git", "--format", "json"]);
    let r1 = record(&v, "ADR-0001");
    assert_eq!(stamp(&r1["created"]), format!("2026-01-10 Ada {}", shas[0]));
    assert_eq!(stamp(&r1["updated"]), format!("2026-01-10 Ada {}", shas[0]));
    let r2 = record(&v, "ADR-0002");
    // History and front matter disagree: both are there.
    assert_eq!(r2["date"], "2026-02-01");
    assert_eq!(stamp(&r2["created"]), format!("2026-02-11 Bob {}", shas[1]));
    assert_eq!(stamp(&r2["updated"]), format!("2026-04-13 Dan {}", shas[3]));
    assert_eq!(r2["created"]["date_source"], "commit");
    assert_eq!(r2["created"]["uncommitted"], false);
    assert_eq!(r2["created"]["subject"], "Propose Postgres");
    let r3 = record(&v, "ADR-0003");
    assert_eq!(stamp(&r3["created"]), format!("2026-04-13 Dan {}", shas[3]));
    assert_eq!(stamp(&r3["updated"]), format!("2026-05-14 Eve {}", shas[4]));
    // The existing keys keep their meaning.
    assert_eq!(r3["status"], "proposed");
    assert_eq!(r3["path"], ADR3);

    let table = stdout(&run(&repo, &["list", "--dates", "git"]));
    let lines: Vec<&str> = table.lines().collect();
    let words = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        words(lines[0]),
        ["ID", "STATUS", "DATE", "CREATED", "BY", "UPDATED", "TITLE"]
    );
    assert_eq!(
        words(lines[2]),
        [
            "ADR-0002",
            "superseded",
            "2026-02-01",
            "2026-02-11",
            "Bob",
            "2026-04-13",
            "Use",
            "Postgres"
        ]
    );
    // Columns line up.
    let at = lines[0].find("UPDATED").unwrap();
    assert!(
        lines[1..].iter().all(|l| l[at..].starts_with("2026-")),
        "{table}"
    );

    let csv = stdout(&run(&repo, &["list", "--dates", "git", "--format", "csv"]));
    assert!(csv.starts_with(
        "id,kind,title,status,date,path,tags,created,created_by,created_commit,updated,updated_by,updated_commit\n"
    ));
    assert!(
        csv.contains(&format!(
            "ADR-0002,adr,Use Postgres,superseded,2026-02-01,{ADR2},,2026-02-11,Bob,{},2026-04-13,Dan,{}\n",
            shas[1], shas[3]
        )),
        "{csv}"
    );
    let md = stdout(&run(
        &repo,
        &["list", "--dates", "git", "--format", "markdown"],
    ));
    assert!(
        md.starts_with("| ID | Title | Status | Date | Created | Updated |\n"),
        "{md}"
    );
    assert!(md.contains("| 2026-02-01 | 2026-02-11 by Bob ("), "{md}");
}

#[test]
fn plain_list_reads_no_history_and_prints_what_it_printed_before() {
    let Story { repo, .. } = story();
    let v = json_of(&repo, &["list", "--format", "json"]);
    assert!(record(&v, "ADR-0002").get("created").is_none(), "{v:#}");
    let table = stdout(&run(&repo, &["list"]));
    assert!(
        table.starts_with("ID        STATUS      DATE        TITLE\n"),
        "{table}"
    );
    assert!(
        !repo.path().join(CACHE).exists(),
        "plain list wrote a cache"
    );
}

#[test]
fn records_not_committed_yet_keep_their_front_matter_date_marked_uncommitted() {
    let Story { repo, .. } = story();
    repo.adr_ok(&["new", "--no-edit", "--date", "2026-06-01", "Use DuckDB"]);
    edit(&repo, ADR3, "A note.", "A longer note.");
    let v = json_of(&repo, &["list", "--dates", "git", "--format", "json"]);
    let new = &record(&v, "ADR-0004")["created"];
    assert_eq!(new["date"], "2026-06-01");
    assert_eq!(new["uncommitted"], true);
    assert_eq!(new["commit"], Value::Null);
    assert_eq!(new["author"], Value::Null);
    // An edit not committed yet is the last change; the creation is still Dan's.
    let r3 = record(&v, "ADR-0003");
    assert_eq!(r3["created"]["author"], "Dan");
    assert_eq!(r3["updated"]["uncommitted"], true);
    assert_eq!(r3["updated"]["commit"], Value::Null);

    let table = stdout(&run(&repo, &["list", "--dates", "git"]));
    let row = table.lines().find(|l| l.starts_with("ADR-0004")).unwrap();
    assert!(row.contains("2026-06-01  uncommitted"), "{table}");
    let row = table.lines().find(|l| l.starts_with("ADR-0003")).unwrap();
    assert!(row.contains("(uncommitted)"), "{table}");
}

// ---------------------------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------------------------

#[test]
fn show_gives_git_dates_by_default_and_only_the_front_matter_on_request() {
    let Story { repo, shas } = story();
    let text = stdout(&run(&repo, &["show", "2"]));
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("{name}: ")))
            .map(str::to_string)
    };
    assert_eq!(field("date").as_deref(), Some("2026-02-01"));
    let short = |s: &str| s[..7].to_string();
    assert_eq!(
        field("created"),
        Some(format!(
            "2026-02-11 by Bob ({} Propose Postgres)",
            short(&shas[1])
        ))
    );
    assert_eq!(
        field("updated"),
        Some(format!(
            "2026-04-13 by Dan ({} Move to SQLite)",
            short(&shas[3])
        ))
    );

    let v = json_of(&repo, &["show", "2", "--format", "json"]);
    assert_eq!(stamp(&v["created"]), format!("2026-02-11 Bob {}", shas[1]));
    assert_eq!(v["date"], "2026-02-01");
    assert!(v["body"].as_str().unwrap().contains("# Use Postgres"));

    let plain = stdout(&run(&repo, &["show", "2", "--dates", "front-matter"]));
    assert!(!plain.contains("created:"), "{plain}");
    assert!(plain.contains("date: 2026-02-01"), "{plain}");
    let v = json_of(
        &repo,
        &["show", "2", "--dates", "front-matter", "--format", "json"],
    );
    assert!(v.get("created").is_none(), "{v:#}");

    let o = repo
        .adr(&["show", "2", "--dates", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "a bad --dates value is a usage error"
    );
}

// ---------------------------------------------------------------------------------------------
// Shallow clones
// ---------------------------------------------------------------------------------------------

#[test]
fn a_shallow_clone_warns_once_and_dates_records_from_their_front_matter() {
    let Story { repo, shas } = story();
    let clone = repo.dir.path().join("shallow");
    let url = format!("file://{}", repo.path().display());
    repo.git_in(
        repo.dir.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let o = run_in(
        &repo,
        &clone,
        &["list", "--dates", "git", "--format", "json"],
    );
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "one warning line: {err}");
    assert!(err.starts_with("warning: this is a shallow clone"), "{err}");
    assert!(err.contains("git fetch --unshallow"), "{err}");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    for r in v.as_array().unwrap() {
        for key in ["created", "updated"] {
            let s = &r[key];
            // Never "created by the clone's one commit" (Eve's).
            assert_eq!(s["commit"], Value::Null, "{r:#}");
            assert_ne!(s["author"], "Eve", "{r:#}");
            assert_eq!(s["date_source"], "front-matter", "{r:#}");
            assert_eq!(s["date"], r["date"], "{r:#}");
        }
    }
    assert_eq!(record(&v, "ADR-0002")["created"]["date"], "2026-02-01");

    let o = run_in(&repo, &clone, &["show", "3"]);
    assert_eq!(stderr(&o).matches("warning:").count(), 1, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("created: 2026-04-13 (from the front matter"),
        "{}",
        stdout(&o)
    );

    // Once the clone is complete, the cache made while shallow is not reused.
    repo.git_in(&clone, &["fetch", "-q", "--unshallow"]);
    let o = run_in(
        &repo,
        &clone,
        &["list", "--dates", "git", "--format", "json"],
    );
    assert_eq!(stderr(&o), "");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        stamp(&record(&v, "ADR-0002")["created"]),
        format!("2026-02-11 Bob {}", shas[1])
    );
}

// ---------------------------------------------------------------------------------------------
// The cache
// ---------------------------------------------------------------------------------------------

#[test]
fn the_cache_is_read_back_and_new_commits_are_added_to_it() {
    let Story { repo, shas } = story();
    assert!(!repo.path().join(CACHE).exists());
    run(&repo, &["log"]);
    let c = cache(&repo);
    assert_eq!(c["tip"], repo.head());
    assert_eq!(c["commits"], 5);

    // A second run answers from the cache: an author changed in the file shows.
    tamper(&repo, "Bob", "Rob");
    let v = json_of(&repo, &["history", "2", "--format", "json"]);
    assert_eq!(v["events"][0]["commit"]["author"], "Rob");

    // A new commit is read and added; what was cached is not read again.
    repo.adr_ok(&["accept", "3"]);
    let sha = commit_as(&repo, "Fay", "2026-06-15T10:00:00Z", "Accept SQLite");
    let v = json_of(&repo, &["history", "3", "--format", "json"]);
    let last = v["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "status-changed", "{v:#}");
    assert_eq!(last["to"], "accepted");
    assert_eq!(last["commit"]["sha"], sha.as_str());
    assert_eq!(last["commit"]["author"], "Fay");
    let v = json_of(&repo, &["history", "2", "--format", "json"]);
    assert_eq!(v["events"][0]["commit"]["author"], "Rob");
    assert_eq!(v["events"][0]["commit"]["sha"], shas[1].as_str());
    let c = cache(&repo);
    assert_eq!(c["tip"], sha.as_str());
    assert_eq!(c["commits"], 6);

    let listed = json_of(&repo, &["list", "--dates", "git", "--format", "json"]);
    assert_eq!(
        stamp(&record(&listed, "ADR-0003")["updated"]),
        format!("2026-06-15 Fay {sha}")
    );
}

/// New commits on top of the cached tip are put in front of the file's events without
/// re-encoding them: the answers are a full walk's, and with no new author (the one list that
/// is ordered differently) the very bytes a full write makes.
#[test]
fn a_cache_extended_on_top_is_the_one_a_full_walk_writes() {
    let Story { repo, .. } = story();
    run(&repo, &["log"]);
    let path = repo.path().join(CACHE);
    for (who, id) in [("Eve", "3"), ("Gus", "2")] {
        repo.adr_ok(&["deprecate", "--force", id]);
        commit_as(&repo, who, "2026-06-15T10:00:00Z", "Deprecate");
        let on_top = stdout(&run(&repo, &["log", "--format", "json"]));
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            stdout(&run(&repo, &["log", "--format", "json"])),
            on_top,
            "{who}"
        );
        assert_eq!(cache(&repo)["commits"], 6 + u64::from(who == "Gus"));
        if who == "Eve" {
            assert_eq!(std::fs::read(&path).unwrap(), bytes);
        }
    }
}

#[test]
fn amended_and_reset_commits_are_reflected_not_stale() {
    let Story { repo, shas } = story();
    run(&repo, &["log"]);
    // Mark what the cache holds for Eve's commit, which is about to be rewritten.
    tamper(&repo, "Eve", "Zed");

    // Amend Eve's commit under another author.
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, &repo.home());
    let out = cmd
        .env("GIT_COMMITTER_DATE", "2026-05-15T10:00:00Z")
        .current_dir(repo.path())
        .args([
            "commit",
            "-q",
            "--amend",
            "--author",
            "Gus <gus@example.com>",
            "--date",
            "2026-05-15T10:00:00Z",
            "-m",
            "Note on SQLite, by Gus",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let amended = repo.head();
    assert_ne!(amended, shas[4]);
    let v = json_of(&repo, &["history", "3", "--format", "json"]);
    let last = v["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["commit"]["sha"], amended.as_str(), "{v:#}");
    assert_eq!(last["commit"]["author"], "Gus");
    assert!(!v.to_string().contains("Zed"), "{v:#}");
    assert_eq!(cache(&repo)["tip"], amended.as_str());
    assert_eq!(cache(&repo)["commits"], 5);

    // Reset past it and commit something else instead.
    repo.git(&["reset", "-q", "--hard", &shas[3]]);
    repo.adr_ok(&["accept", "3"]);
    let sha = commit_as(&repo, "Hal", "2026-05-20T10:00:00Z", "Accept SQLite");
    let v = json_of(&repo, &["history", "3", "--format", "json"]);
    let trail: Vec<String> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["event"].as_str().unwrap(),
                e["commit"]["sha"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        trail,
        [
            format!("created {}", shas[3]),
            format!("status-changed {sha}")
        ]
    );
    let listed = json_of(&repo, &["list", "--dates", "git", "--format", "json"]);
    assert_eq!(
        stamp(&record(&listed, "ADR-0003")["updated"]),
        format!("2026-05-20 Hal {sha}")
    );
    assert_eq!(cache(&repo)["commits"], 5);
}

#[test]
fn a_corrupt_truncated_or_foreign_cache_is_rebuilt_silently() {
    let Story { repo, .. } = story();
    let expected = stdout(&run(&repo, &["log", "--format", "json"]));
    let path = repo.path().join(CACHE);
    let good = std::fs::read(&path).unwrap();

    let patched = |at: usize, with: &[u8]| {
        let mut b = good.clone();
        b[at..at + with.len()].copy_from_slice(with);
        b
    };
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"not a cache at all\x00\xff".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("cut in its header", good[..TIP_AT + 10].to_vec()),
        ("empty", Vec::new()),
        (
            "a byte flipped",
            patched(good.len() - 3, &[!good[good.len() - 3]]),
        ),
        (
            "another format",
            with_checksum(patched(8, &99u32.to_le_bytes())),
        ),
        (
            "a body that does not decode",
            with_checksum(patched(TIP_AT + 48, &[0xff; 8])),
        ),
        (
            "bytes after the body",
            with_checksum([good.as_slice(), b"\0"].concat()),
        ),
        (
            "a tip that is not a commit",
            with_checksum(patched(TIP_AT, "0".repeat(40).as_bytes())),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&path, &bytes).unwrap();
        let o = run(&repo, &["log", "--format", "json"]);
        assert_eq!(stdout(&o), expected, "{what}");
        assert_eq!(stderr(&o), "", "{what}: silently");
        assert_eq!(cache(&repo)["tip"], repo.head(), "{what}: rewritten");
    }

    // Deleted: rebuilt the same.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(stdout(&run(&repo, &["log", "--format", "json"])), expected);
    assert!(path.exists());
}

#[test]
fn a_config_change_that_renames_ids_rebuilds_the_cache() {
    let Story { repo, .. } = story();
    run(&repo, &["log"]);
    repo.write(".adr/config.toml", "[ids]\nprefix = \"DEC-\"\nwidth = 3\n");
    let v = json_of(&repo, &["log", "--format", "json"]);
    let ids = field(&v["events"], "id");
    assert!(ids.contains(&"DEC-002"), "{ids:?}");
    assert!(!ids.iter().any(|i| i.starts_with("ADR-")), "{ids:?}");
}

#[test]
fn an_unwritable_cache_warns_and_the_command_still_answers() {
    let Story { repo, shas } = story();
    // A file where the cache's directory should be (`new` made it, for its tree numbers):
    // writing fails, even for root.
    std::fs::remove_dir_all(repo.path().join(".git/adr")).unwrap();
    std::fs::write(repo.path().join(".git/adr"), "").unwrap();
    let o = run(&repo, &["list", "--dates", "git", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        stamp(&record(&v, "ADR-0002")["created"]),
        format!("2026-02-11 Bob {}", shas[1])
    );
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("warning: cannot save the history cache"),
        "{err}"
    );
}

#[test]
fn linked_worktrees_share_one_cache_and_each_sees_its_own_branch() {
    let Story { repo, shas } = story();
    let wt: PathBuf = repo.dir.path().join("linked");
    repo.git(&["worktree", "add", "-q", "-b", "other", wt.to_str().unwrap()]);
    let v = json_in(&repo, &wt, &["list", "--dates", "git", "--format", "json"]);
    assert_eq!(
        stamp(&record(&v, "ADR-0002")["created"]),
        format!("2026-02-11 Bob {}", shas[1])
    );
    // In the common directory, not the worktree's own.
    assert!(repo.path().join(CACHE).exists());
    assert!(!repo.path().join(".git/worktrees/linked/adr").exists());

    // The branches part: each worktree answers for its own HEAD from the one cache.
    let text = std::fs::read_to_string(wt.join(ADR2)).unwrap();
    std::fs::write(
        wt.join(ADR2),
        text.replace("# Use Postgres\n", "# Use Postgres\n\nOn other.\n"),
    )
    .unwrap();
    let other = commit_in(&repo, &wt, "Ivy", "2026-07-01T10:00:00Z", "Edit on other");
    let v = json_in(&repo, &wt, &["list", "--dates", "git", "--format", "json"]);
    assert_eq!(
        stamp(&record(&v, "ADR-0002")["updated"]),
        format!("2026-07-01 Ivy {other}")
    );
    assert_eq!(cache(&repo)["tip"], other.as_str());
    let v = json_of(&repo, &["list", "--dates", "git", "--format", "json"]);
    assert_eq!(
        stamp(&record(&v, "ADR-0002")["updated"]),
        format!("2026-04-13 Dan {}", shas[3])
    );
    assert_eq!(cache(&repo)["tip"], repo.head());
    let v = json_in(&repo, &wt, &["list", "--dates", "git", "--format", "json"]);
    assert_eq!(record(&v, "ADR-0002")["updated"]["author"], "Ivy");
}

#[test]
fn incremental_answers_equal_a_full_walk_after_a_merge_of_an_older_branch() {
    let Story { repo, shas } = story();
    run(&repo, &["log"]);
    // A branch from March, with a commit dated before the cached tip, merged after it.
    repo.git(&["checkout", "-q", "-b", "feature", &shas[2]]);
    repo.adr_ok(&["new", "--no-edit", "--date", "2026-04-20", "Use Redis"]);
    commit_as(&repo, "Kim", "2026-04-20T10:00:00Z", "Propose Redis");
    repo.git(&["checkout", "-q", "main"]);
    edit(
        &repo,
        ADR1,
        "# Record architecture decisions\n",
        "# Record architecture decisions\n\nSee also the README.\n",
    );
    commit_as(&repo, "Lee", "2026-06-03T10:00:00Z", "Note on ADR 1");
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, &repo.home());
    let out = cmd
        .env("GIT_AUTHOR_DATE", "2026-06-05T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-06-05T10:00:00Z")
        .current_dir(repo.path())
        .args(["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let commands: [&[&str]; 3] = [
        &["log", "--format", "json"],
        &["list", "--dates", "git", "--format", "json"],
        &["history", "4", "--format", "json"],
    ];
    let incremental: Vec<String> = commands.iter().map(|c| stdout(&run(&repo, c))).collect();
    assert_eq!(cache(&repo)["tip"], repo.head());
    assert_eq!(cache(&repo)["commits"], 8);
    std::fs::remove_file(repo.path().join(CACHE)).unwrap();
    let full: Vec<String> = commands
        .iter()
        .map(|c| {
            std::fs::remove_file(repo.path().join(CACHE)).ok();
            stdout(&run(&repo, c))
        })
        .collect();
    assert_eq!(incremental, full);
    let v: Value = serde_json::from_str(&full[1]).unwrap();
    assert_eq!(record(&v, "ADR-0004")["created"]["author"], "Kim");
    assert_eq!(record(&v, "ADR-0001")["updated"]["author"], "Lee");
}
