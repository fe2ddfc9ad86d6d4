//! Lifecycle roles: a team's own statuses (`draft/approved/replaced`) named in
//! `[lifecycle.roles]`, and every lifecycle command, check, filter and summary using them.

mod common;

use common::{assert_code, run, stderr, stdout, TestRepo};

/// A lifecycle in the team's words, with the roles that say what each word means.
const TEAM: &str = "[lifecycle]
statuses = [\"draft\", \"approved\", \"replaced\"]
initial = \"draft\"

[lifecycle.transitions]
draft = [\"approved\"]
approved = [\"replaced\"]

[lifecycle.roles]
proposed = \"draft\"
accepted = \"approved\"
superseded = \"replaced\"
";

/// A repository whose only git-adr file is a config of `config`, committed.
fn repo_with(config: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(".adr/config.toml", config);
    repo.commit_all("the team's lifecycle");
    repo
}

fn ok(repo: &TestRepo, args: &[&str]) -> String {
    let o = run(repo, args);
    assert_code(&o, 0, &format!("git adr {args:?}"));
    stdout(&o)
}

/// The record file whose name starts with `NNNN-`.
fn path_of(repo: &TestRepo, number: u32) -> String {
    let prefix = format!("{number:04}-");
    let name = repo
        .ls(".adr/decisions")
        .into_iter()
        .find(|n| n.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no record {number}"));
    format!(".adr/decisions/{name}")
}

/// The front matter's value of `key` in record `number`.
fn key_of(repo: &TestRepo, number: u32, key: &str) -> String {
    let text = repo.read(&path_of(repo, number));
    let start = format!("{key}:");
    text.lines()
        .find_map(|l| l.strip_prefix(&start))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("no `{key}` in record {number}:\n{text}"))
}

/// Record text in the team's words, with extra front-matter lines.
fn team_record(status: &str, extra: &str, title: &str) -> String {
    format!("---\nstatus: {status}\ndate: 2026-01-01\n{extra}---\n\n# {title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nA.\n")
}

#[test]
fn lifecycle_commands_write_the_teams_words() {
    let repo = repo_with(TEAM);
    ok(&repo, &["new", "Use PostgreSQL"]);
    assert_eq!(key_of(&repo, 1, "status"), "draft");
    let said = ok(&repo, &["accept", "1"]);
    assert!(said.contains("draft → approved"), "{said}");
    assert_eq!(key_of(&repo, 1, "status"), "approved");

    ok(&repo, &["new", "Use MySQL"]);
    ok(&repo, &["accept", "2"]);
    let said = ok(&repo, &["supersede", "1", "2"]);
    assert!(said.contains("superseded by ADR-0002"), "{said}");
    assert_eq!(key_of(&repo, 1, "status"), "replaced");
    assert_eq!(key_of(&repo, 1, "superseded-by"), "[2]");
    assert_eq!(key_of(&repo, 2, "supersedes"), "[1]");
    // Done already: nothing to do, and it says so.
    assert!(ok(&repo, &["supersede", "1", "2"]).contains("nothing changed"));

    ok(&repo, &["new", "Use SQLite", "--supersedes", "2"]);
    assert_eq!(key_of(&repo, 2, "status"), "replaced");
    assert_eq!(key_of(&repo, 2, "superseded-by"), "[3]");
    assert_eq!(key_of(&repo, 3, "status"), "draft");

    // The new records' sections are still placeholders; the supersessions are consistent, and
    // a draft on the default branch is what `proposed` is elsewhere.
    let check = run(&repo, &["check"]);
    let said = format!("{}{}", stdout(&check), stderr(&check));
    assert!(!said.contains("supersede-asymmetric"), "{said}");
    assert!(
        said.contains("ADR-0003 is still `draft` on the default branch"),
        "{said}"
    );
    assert!(!said.contains("ADR-0001 is still"), "{said}");

    let replaced = ok(&repo, &["list", "--status", "replaced"]);
    assert!(
        replaced.contains("ADR-0001") && replaced.contains("ADR-0002"),
        "{replaced}"
    );
    assert!(!replaced.contains("ADR-0003"), "{replaced}");
    let drafts = ok(&repo, &["list", "--status", "draft"]);
    assert!(
        drafts.contains("ADR-0003") && !drafts.contains("ADR-0001"),
        "{drafts}"
    );
}

#[test]
fn the_superseded_status_is_set_only_with_a_successor() {
    let repo = repo_with(TEAM);
    ok(&repo, &["new", "Use PostgreSQL"]);
    ok(&repo, &["accept", "1"]);
    let o = run(&repo, &["status", "1", "replaced"]);
    assert_code(&o, 2, "replaced needs the record that replaces it");
    assert!(stderr(&o).contains("git adr supersede"), "{}", stderr(&o));
    assert_eq!(key_of(&repo, 1, "status"), "approved");

    let o = run(&repo, &["new", "Use X", "--status", "replaced"]);
    assert_code(&o, 2, "a new record cannot start replaced");
    assert!(
        stderr(&o).contains("cannot start as replaced"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_judges_supersession_by_the_superseded_role() {
    let repo = repo_with(TEAM);
    // Replaced without a successor, and a successor named for a record still approved.
    repo.write(
        ".adr/decisions/0001-one.md",
        team_record("replaced", "", "One"),
    );
    repo.write(
        ".adr/decisions/0002-two.md",
        team_record("approved", "superseded-by: [3]\n", "Two"),
    );
    repo.write(
        ".adr/decisions/0003-three.md",
        team_record("approved", "supersedes: [2]\n", "Three"),
    );
    let o = run(&repo, &["check"]);
    assert_code(&o, 1, "check finds the inconsistent supersessions");
    let out = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        out.contains("ADR-0001 is `replaced` but no `superseded-by` names its successor"),
        "{out}"
    );
    assert!(
        out.contains("ADR-0002 is superseded by ADR-0003 but its status is `approved`"),
        "{out}"
    );
    assert!(out.contains("set `status: replaced`"), "{out}");
}

#[test]
fn without_roles_a_lifecycle_command_says_how_to_name_one() {
    let config = TEAM.split("[lifecycle.roles]").next().unwrap();
    let repo = repo_with(config);
    ok(&repo, &["new", "Use PostgreSQL"]);
    ok(&repo, &["new", "Use MySQL"]);
    for args in [&["accept", "1"][..], &["supersede", "1", "2"]] {
        let o = run(&repo, args);
        assert_code(&o, 2, &format!("{args:?} without a role"));
        let err = stderr(&o);
        assert!(err.contains("has the role"), "{err}");
        assert!(err.contains("[lifecycle.roles]"), "{err}");
    }
    assert_eq!(key_of(&repo, 1, "status"), "draft");
}

#[test]
fn a_bad_roles_table_is_a_clear_error() {
    let repo = repo_with(&TEAM.replace("superseded = \"replaced\"", "superseded = \"gone\""));
    let o = run(&repo, &["list"]);
    assert_code(&o, 2, "a role naming an unknown status");
    let err = stderr(&o);
    assert!(err.contains(".adr/config.toml:12"), "{err}");
    assert!(
        err.contains("lifecycle.roles.superseded = \"gone\": `gone` is not one of the statuses"),
        "{err}"
    );

    let repo = repo_with(&format!("{TEAM}retired = \"replaced\"\n"));
    let o = run(&repo, &["list"]);
    assert_code(&o, 0, "an unknown role is warned about, not fatal");
    let err = stderr(&o);
    assert!(
        err.contains(".adr/config.toml:13: [lifecycle.roles] names unknown role `retired`"),
        "{err}"
    );
}

#[test]
fn diff_and_pr_see_a_record_replaced() {
    let repo = repo_with(TEAM);
    ok(&repo, &["new", "Use PostgreSQL"]);
    ok(&repo, &["accept", "1"]);
    repo.commit_all("one");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    ok(&repo, &["new", "Use MySQL", "--supersedes", "1"]);
    repo.commit_all("two replaces one");

    let json: serde_json::Value =
        serde_json::from_str(&ok(&repo, &["diff", "main...", "--format", "json"])).unwrap();
    let old = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ADR-0001")
        .unwrap_or_else(|| panic!("ADR-0001 in {json:#}"));
    assert_eq!(old["became_superseded"], true, "{old:#}");

    let pr = ok(&repo, &["pr", "--base", "main"]);
    assert!(pr.contains("approved → replaced"), "{pr}");
}
