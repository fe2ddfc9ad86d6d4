//! `git adr history`, `index`, `graph` and `export`, through the real binary in real
//! repositories: commits by several authors on several days, and a fixture with supersede,
//! amend, relates and log links.

mod common;
use common::field;
use common::{assert_code, commit_short as commit_as, json, run, stderr};
use common::{record, TestRepo};

/// ADR 1 (init, Ada), ADR 2 created (Bob), accepted (Carol), superseded by ADR 3 (Dan).
fn story() -> (TestRepo, [String; 4]) {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    let init = commit_as(&repo, "Ada", "2026-01-10T10:00:00Z", "init");
    repo.adr_ok(&["new", "--no-edit", "Use Postgres"]);
    let created = commit_as(&repo, "Bob", "2026-02-11T10:00:00Z", "Propose Postgres");
    repo.adr_ok(&["accept", "2"]);
    let accepted = commit_as(&repo, "Carol", "2026-03-12T10:00:00Z", "Accept Postgres");
    repo.adr_ok(&["new", "--no-edit", "--supersedes", "2", "Use SQLite"]);
    let superseded = commit_as(&repo, "Dan", "2026-04-13T10:00:00Z", "Move to SQLite");
    (repo, [init, created, accepted, superseded])
}

// ---------------------------------------------------------------------------------------------
// history
// ---------------------------------------------------------------------------------------------

#[test]
fn history_names_the_commits_authors_and_status_changes_oldest_first() {
    let (repo, [_, created, accepted, superseded]) = story();
    let o = run(&repo, &["history", "ADR-0002", "--format", "json"]);
    assert_code(&o, 0, "history --format json");
    let v = json(&o);
    assert_eq!(v["version"], 1);
    assert_eq!(v["shallow"], false);
    assert_eq!(v["record"]["id"], "ADR-0002");
    assert_eq!(v["record"]["status"], "superseded");
    let events: Vec<String> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}->{} {} {} {}",
                e["date"].as_str().unwrap(),
                e["event"].as_str().unwrap(),
                e["from"].as_str().unwrap_or("-"),
                e["to"].as_str().or(e["status"].as_str()).unwrap_or("-"),
                e["commit"]["author"].as_str().unwrap(),
                e["commit"]["short"].as_str().unwrap(),
                e["uncommitted"],
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            format!("2026-02-11 created -->proposed Bob {created} false"),
            format!("2026-03-12 status-changed proposed->accepted Carol {accepted} false"),
            format!("2026-04-13 status-changed accepted->superseded Dan {superseded} false"),
        ]
    );

    let text = repo.adr_ok(&["history", "2"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("ADR-0002") && lines[0].contains("Use Postgres"),
        "{text}"
    );
    assert!(
        lines[1].contains("created") && lines[1].contains(&created) && lines[1].contains("Bob")
    );
    assert!(lines[2].contains("proposed → accepted") && lines[2].contains("Carol"));
    assert!(
        lines[3].contains("accepted → superseded by ADR-0003") && lines[3].contains(&superseded),
        "{text}"
    );
    assert!(lines[3].contains("Move to SQLite"), "{text}");
}

#[test]
fn history_lists_uncommitted_changes_last_and_follows_renames() {
    let (repo, [_, created, ..]) = story();
    repo.git(&[
        "mv",
        ".adr/decisions/0002-use-postgres.md",
        ".adr/decisions/0002-use-postgresql.md",
    ]);
    let renamed = commit_as(&repo, "Eve", "2026-05-14T10:00:00Z", "Rename");
    repo.adr_ok(&["accept", "3"]);
    let v = repo.adr_json(&["history", "2", "--format", "json"]);
    let kinds = field(&v["events"], "event");
    assert_eq!(kinds.first(), Some(&"created"), "{v}");
    assert_eq!(v["events"][0]["commit"]["short"], created.as_str());
    assert_eq!(kinds.last(), Some(&"renamed"), "{v}");
    assert_eq!(
        v["events"].as_array().unwrap().last().unwrap()["commit"]["short"],
        renamed.as_str()
    );

    let v = repo.adr_json(&["history", "3", "--format", "json"]);
    let last = v["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "status-changed");
    assert_eq!(last["to"], "accepted");
    assert_eq!(last["uncommitted"], true);
    assert!(last["commit"].is_null());
}

#[test]
fn history_of_a_record_at_a_path_an_earlier_record_left_starts_at_its_own_creation() {
    let (repo, _) = story();
    let path = ".adr/decisions/0002-use-postgres.md";
    let again = "---\nstatus: proposed\ndate: 2026-06-01\n---\n\n# Use Postgres\n\nA new proposal, written afresh, with nothing of the first one.\n";
    repo.git(&["rm", "-q", path]);
    commit_as(&repo, "Eve", "2026-05-20T10:00:00Z", "Drop ADR 2");
    // Not committed yet: no committed past, whatever once lived at the path.
    repo.write(path, again);
    let v = repo.adr_json(&["history", "2", "--format", "json"]);
    assert_eq!(field(&v["events"], "event"), ["created"], "{v}");
    assert_eq!(v["events"][0]["uncommitted"], true, "{v}");
    // Committed: its own creation only, not the deleted record's trail.
    repo.git(&["add", path]);
    commit_as(
        &repo,
        "Fay",
        "2026-06-01T10:00:00Z",
        "Propose Postgres again",
    );
    let v = repo.adr_json(&["history", "2", "--format", "json"]);
    assert_eq!(field(&v["events"], "event"), ["created"], "{v}");
    assert_eq!(v["events"][0]["commit"]["author"], "Fay", "{v}");
}

#[test]
fn history_of_an_unknown_record_is_a_usage_error() {
    let (repo, _) = story();
    assert_code(&run(&repo, &["history", "9"]), 2, "history 9");
}

// ---------------------------------------------------------------------------------------------
// index
// ---------------------------------------------------------------------------------------------

#[test]
fn index_is_written_deterministically_and_checked() {
    let (repo, _) = story();
    repo.write(
        ".adr/decisions/0004-pipes-and-brackets.md",
        record("proposed", "A | B [draft] <b>"),
    );
    let o = run(&repo, &["index", "--check"]);
    assert_code(&o, 1, "index --check before writing");
    assert!(stderr(&o).contains("missing"), "{}", stderr(&o));

    assert_code(&run(&repo, &["index"]), 0, "index");
    let first = std::fs::read(repo.path().join(".adr/README.md")).unwrap();
    assert_code(&run(&repo, &["index"]), 0, "index again");
    let second = std::fs::read(repo.path().join(".adr/README.md")).unwrap();
    assert_eq!(first, second, "the index is deterministic");
    let text = String::from_utf8(first).unwrap();
    assert!(
        text.starts_with("<!-- Generated by `git adr index`"),
        "{text}"
    );
    assert!(text.contains("Do not edit by hand"));
    assert!(
        text.contains(
            "| ADR-0002 | [Use Postgres](decisions/0002-use-postgres.md) | superseded | "
        ),
        "{text}"
    );
    assert!(
        text.contains("[A \\| B \\[draft\\] &lt;b&gt;](decisions/0004-pipes-and-brackets.md)"),
        "{text}"
    );
    assert_eq!(repo.adr_ok(&["index", "--stdout"]), text);

    // README.md is not a record, and the index is current.
    assert!(!repo.adr_ok(&["list"]).contains("README"));
    assert_code(
        &run(&repo, &["index", "--check"]),
        0,
        "index --check after writing",
    );

    // A new record makes it out of date.
    repo.adr_ok(&["new", "--no-edit", "Another one"]);
    let o = run(&repo, &["index", "--check"]);
    assert_code(&o, 1, "index --check after a new record");
    assert!(stderr(&o).contains("out of date"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(repo.path().join(".adr/README.md")).unwrap(),
        second,
        "--check does not write"
    );
}

/// Adds LOG-0001 "Cache TTL", which links ADR 3.
fn add_cache_ttl_entry(repo: &TestRepo) {
    let entry = ["log", "add", "Cache TTL", "--choice", "Five minutes"];
    repo.adr_ok(&common::args(&entry, &["--link", "ADR-0003"]));
}

#[test]
fn index_groups_kinds_with_adrs_first() {
    let (repo, _) = story();
    add_cache_ttl_entry(&repo);
    let text = repo.adr_ok(&["index", "--stdout"]);
    let adr = text
        .find("## Architecture decision records")
        .expect("ADR section");
    let log = text.find("## Decision-log entries").expect("log section");
    assert!(adr < log, "{text}");
    assert!(
        text.contains("| LOG-0001 | [Cache TTL](log/0001-cache-ttl.md) |"),
        "{text}"
    );
}

#[test]
fn index_links_an_existing_folder_from_adr_and_shows_statuses_as_written() {
    let repo = TestRepo::new();
    repo.write(
        "doc/adr/0001-use-postgresql.md",
        "# 1. Use PostgreSQL\n\nDate: 2024-01-05\n\n## Status\n\nApproved by TSC 04/08/2020\n\n## Context\n\nWhy.\n\n## Decision\n\nThis.\n\n## Consequences\n\nThose.\n",
    );
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    let text = repo.adr_ok(&["index", "--stdout"]);
    // .adr/README.md links to ../doc/adr/…, where the file is.
    assert!(
        text.contains(
            "| ADR-0001 | [Use PostgreSQL](../doc/adr/0001-use-postgresql.md) | Approved by TSC 04/08/2020 | 2024-01-05 |"
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------------------------

/// ADR 3 supersedes 2, ADR 4 amends 1 and relates to 3 (title with quotes), a log entry links
/// ADR 3.
fn relations() -> TestRepo {
    let (repo, _) = story();
    repo.adr_ok(&[
        "new",
        "--no-edit",
        "--amends",
        "1",
        "Say \"hello\" <loudly>",
    ]);
    repo.adr_ok(&["link", "4", "relates", "3"]);
    add_cache_ttl_entry(&repo);
    repo
}

#[test]
fn graph_mermaid_has_every_relation_once_and_escapes_titles() {
    let repo = relations();
    let out = repo.adr_ok(&["graph"]);
    assert!(out.starts_with("flowchart TD\n"), "{out}");
    for line in [
        "n_ADR_0001[\"ADR-0001: Record architecture decisions\"]",
        "n_ADR_0004[\"ADR-0004: Say #quot;hello#quot; #lt;loudly#gt;\"]",
        "n_ADR_0003 -->|supersedes| n_ADR_0002",
        "n_ADR_0004 -.->|amends| n_ADR_0001",
        "n_ADR_0003 ---|relates| n_ADR_0004",
        "n_LOG_0001 -.->|links| n_ADR_0003",
    ] {
        assert!(
            out.lines().any(|l| l.trim() == line),
            "missing {line}:\n{out}"
        );
    }
    assert_eq!(out.matches("|relates|").count(), 1, "{out}");
    assert_eq!(out.matches("|supersedes|").count(), 1, "{out}");
    assert_eq!(repo.adr_ok(&["graph"]), out, "deterministic");

    let adr_only = repo.adr_ok(&["graph", "--kind", "adr"]);
    assert!(!adr_only.contains("LOG"), "{adr_only}");
}

#[test]
fn graph_dot_quotes_ids_and_labels() {
    let repo = relations();
    let out = repo.adr_ok(&["graph", "--format", "dot"]);
    assert!(
        out.starts_with("digraph adr {\n") && out.ends_with("}\n"),
        "{out}"
    );
    for line in [
        "\"ADR-0004\" [label=\"ADR-0004: Say \\\"hello\\\" <loudly>\"];",
        "\"ADR-0003\" -> \"ADR-0002\" [label=\"supersedes\"];",
        "\"ADR-0004\" -> \"ADR-0001\" [label=\"amends\", style=dashed];",
        "\"ADR-0003\" -> \"ADR-0004\" [label=\"relates\", dir=none];",
        "\"LOG-0001\" -> \"ADR-0003\" [label=\"links\", style=dashed];",
    ] {
        assert!(
            out.lines().any(|l| l.trim() == line),
            "missing {line}:\n{out}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------------------------

#[test]
fn export_is_json_with_every_record_of_every_kind() {
    let repo = relations();
    let v = repo.adr_json(&["export"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], serde_json::json!([]));
    let ids = field(&v["records"], "id");
    assert_eq!(
        ids,
        ["ADR-0001", "ADR-0002", "ADR-0003", "ADR-0004", "LOG-0001"]
    );
    assert!(v["records"][0].get("body").is_none());
    assert_eq!(v["records"][2]["supersedes"][0]["id"], "ADR-0002");

    let v = repo.adr_json(&["export", "--body"]);
    assert!(v["records"][1]["body"]
        .as_str()
        .unwrap()
        .contains("# Use Postgres"));
}

#[test]
fn export_lists_unreadable_records_and_exits_1() {
    let (repo, _) = story();
    repo.write(
        ".adr/decisions/0009-broken.md",
        "---\nstatus: [unclosed\n---\n# Broken\n",
    );
    let o = run(&repo, &["export"]);
    assert_code(&o, 1, "export with a broken record");
    let v = json(&o);
    assert_eq!(v["records"].as_array().unwrap().len(), 3);
    assert_eq!(v["errors"][0]["path"], ".adr/decisions/0009-broken.md");
    assert!(stderr(&o).contains("0009-broken.md"), "{}", stderr(&o));
}
