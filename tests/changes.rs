//! The change engine's record identity, through `git adr diff` and `git adr pr` (one engine,
//! so both must agree): a different record that took a deleted one's number is a deletion and
//! an addition, not a rename; a file renamed with mostly the same content, or renumbered, is a
//! rename.

mod common;

use common::{adr_path, array, put, TestRepo};
use serde_json::Value;

/// A record with a body of its own: every line but the headings says something about it.
fn adr(status: &str, title: &str, context: &str, options: [&str; 2], why: &str) -> String {
    format!(
        "---\nstatus: {status}\ndate: 2026-01-10\n---\n\n# {title}\n\n## Context and Problem Statement\n\n{context}\n\n## Considered Options\n\n* {}\n* {}\n\n## Decision Outcome\n\nChosen option: \"{}\", because {why}\n",
        options[0], options[1], options[0]
    )
}

fn include_x() -> String {
    adr(
        "accepted",
        "Include the X library in every service",
        "Every service parses dates its own way and the results disagree.",
        ["Include X in every service", "Copy the parsing code"],
        "one library keeps the services in step.",
    )
}

fn provide_y() -> String {
    adr(
        "proposed",
        "Provide our own Y client",
        "The vendor's Y client pins an old TLS stack that security will not sign off.",
        ["Write our own Y client", "Patch the vendor's client"],
        "we control its dependencies.",
    )
}

/// main: ADR-0003 `include-in-x`, committed; then branch `feature`.
fn repo_with_include_x() -> TestRepo {
    let repo = TestRepo::initialised();
    put(&repo, 3, "include-in-x", include_x());
    repo.commit_all("include X");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo
}

fn diff_json(repo: &TestRepo) -> Value {
    repo.adr_json(&["diff", "main...feature", "--format", "json"])
}

fn pr_json(repo: &TestRepo) -> Value {
    repo.adr_json(&["pr", "--base", "main", "--format", "json"])
}

/// `(id, change, path)` of every record `list` (a diff's `records`, a summary's `decisions`)
/// holds, in order.
fn entries(list: &Value) -> Vec<(String, String, String)> {
    array(list)
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (s("id"), s("change"), s("path"))
        })
        .collect()
}

fn owned(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_different_record_under_a_deleted_ones_number_is_deleted_and_added() {
    let repo = repo_with_include_x();
    std::fs::remove_file(repo.path().join(adr_path(3, "include-in-x"))).unwrap();
    put(&repo, 3, "provide-own-y", provide_y());
    repo.commit_all("replace the record under 3");

    let expected = owned(&[
        ("ADR-0003", "added", &adr_path(3, "provide-own-y")),
        ("ADR-0003", "deleted", &adr_path(3, "include-in-x")),
    ]);
    let diff = diff_json(&repo);
    let mut got = entries(&diff["records"]);
    got.sort();
    assert_eq!(got, expected, "{diff:#}");
    for r in array(&diff["records"]) {
        assert_eq!(r["former_path"], Value::Null, "{r:#}");
        assert_eq!(r["title_change"], Value::Null, "{r:#}");
    }

    let pr = pr_json(&repo);
    let mut got = entries(&pr["decisions"]);
    got.sort();
    assert_eq!(got, expected, "{pr:#}");
    let what = |change: &str| -> Vec<String> {
        let d = array(&pr["decisions"])
            .iter()
            .find(|d| d["change"] == change)
            .unwrap();
        common::strings(&d["what_changed"])
            .into_iter()
            .map(String::from)
            .collect()
    };
    assert_eq!(what("added"), ["new", "status proposed"]);
    assert_eq!(what("deleted"), ["deleted", "was accepted"]);
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    common::redacted(&repo).bind(|| insta::assert_snapshot!("another_record_under_3", md));

    // The decision log (history, from git's own rename detection) tells the same story.
    let log = repo.adr_ok(&["log"]);
    assert!(
        log.contains("ADR-0003  deleted  Include the X library in every service")
            && log.contains("ADR-0003  created  Provide our own Y client (proposed)")
            && !log.contains("renamed"),
        "{log}"
    );

    let text = repo.adr_ok(&["diff", "main...feature"]);
    assert!(
        text.contains("added    ADR-0003  Provide our own Y client")
            && text.contains("deleted  ADR-0003  Include the X library in every service")
            && !text.contains("renamed"),
        "{text}"
    );
}

#[test]
fn a_file_renamed_with_a_new_title_and_the_same_text_is_a_rename() {
    let repo = repo_with_include_x();
    std::fs::remove_file(repo.path().join(adr_path(3, "include-in-x"))).unwrap();
    put(
        &repo,
        3,
        "include-x-everywhere",
        include_x().replace(
            "# Include the X library in every service",
            "# Include X everywhere",
        ),
    );
    repo.commit_all("retitle 3");

    let expected = owned(&[("ADR-0003", "renamed", &adr_path(3, "include-x-everywhere"))]);
    for (v, list) in [(diff_json(&repo), "records"), (pr_json(&repo), "decisions")] {
        assert_eq!(entries(&v[list]), expected, "{v:#}");
        assert_eq!(v[list][0]["former_path"], adr_path(3, "include-in-x"));
    }
}

#[test]
fn a_file_with_the_same_title_and_rewritten_text_is_still_the_record() {
    let repo = repo_with_include_x();
    std::fs::remove_file(repo.path().join(adr_path(3, "include-in-x"))).unwrap();
    let rewritten = provide_y()
        .replace(
            "# Provide our own Y client",
            "# Include the X library in every service",
        )
        .replace("status: proposed", "status: accepted");
    put(&repo, 3, "include-x", rewritten);
    repo.commit_all("rewrite 3");

    let expected = owned(&[("ADR-0003", "renamed", &adr_path(3, "include-x"))]);
    assert_eq!(entries(&diff_json(&repo)["records"]), expected);
    assert_eq!(entries(&pr_json(&repo)["decisions"]), expected);
}

#[test]
fn a_renumbered_record_is_a_rename() {
    let repo = repo_with_include_x();
    repo.adr_ok(&["renumber", "3", "7"]);
    repo.commit_all("renumber 3 to 7");

    let expected = owned(&[("ADR-0007", "renamed", &adr_path(7, "include-in-x"))]);
    for (v, list) in [(diff_json(&repo), "records"), (pr_json(&repo), "decisions")] {
        assert_eq!(entries(&v[list]), expected, "{v:#}");
        assert_eq!(v[list][0]["former_path"], adr_path(3, "include-in-x"));
    }
}

/// The one decision `pr` lists: added, new in the range, not superseded in it, with what
/// changed said as `what`; the Markdown does not call it superseded in this change.
fn assert_new_not_superseded_here(repo: &TestRepo, base: &str, id: &str, what: &[&str]) {
    let diff = repo.adr_json(&["diff", &format!("{base}..."), "--format", "json"]);
    let r = &diff["records"][0];
    assert_eq!(array(&diff["records"]).len(), 1, "{diff:#}");
    assert_eq!(
        (&r["id"], &r["change"]),
        (&Value::from(id), &Value::from("added")),
        "{r:#}"
    );
    assert_eq!(r["became_superseded"], false, "{r:#}");

    let pr = repo.adr_json(&["pr", "--base", base, "--format", "json"]);
    let d = &pr["decisions"][0];
    assert_eq!(array(&pr["decisions"]).len(), 1, "{pr:#}");
    assert_eq!(
        (&d["id"], &d["change"]),
        (&Value::from(id), &Value::from("added")),
        "{d:#}"
    );
    assert_eq!(d["superseded_in_range"], false, "{d:#}");
    assert_eq!(common::strings(&d["what_changed"]), what);
    let md = repo.adr_ok(&["pr", "--base", base]);
    assert!(
        md.contains(id) && !md.contains("Superseded in this change"),
        "{md}"
    );
    common::redacted(repo).bind(|| insta::assert_snapshot!(format!("born_superseded_{id}"), md));
}

#[test]
fn a_record_added_already_superseded_is_new_not_superseded_in_this_change() {
    let repo = repo_with_include_x();
    // An old decision recorded late, born superseded by the one main already has.
    put(
        &repo,
        2,
        "copy-the-parser",
        adr(
            "superseded",
            "Copy the date parser into each service",
            "Services needed to parse dates before X existed.",
            ["Copy the parser", "Wait for a library"],
            "it was the quickest way then.",
        )
        .replace(
            "date: 2026-01-10\n",
            "date: 2026-01-10\nsuperseded-by: [3]\n",
        ),
    );
    repo.commit_all("record the old decision");
    assert_new_not_superseded_here(
        &repo,
        "main",
        "ADR-0002",
        &["new", "status superseded", "superseded by ADR-0003"],
    );
}

#[test]
fn an_adr_tools_record_added_superseded_is_new_in_the_range() {
    let repo = TestRepo::new();
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/folders/adr-tools");
    common::copy_dir(&src, &repo.path());
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    repo.commit_all("git adr init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "doc/adr/0005-pool-per-request.md",
        "# 5. Open a pool per request\n\nDate: 2023-12-01\n\n## Status\n\nSuperseded by [4. Tune the pool](0004-tune-the-pool.md)\n\n## Context\n\nEach request opened its own pool before the shared one.\n\n## Decision\n\nOpen a pool per request.\n\n## Consequences\n\nConnections ran out under load.\n",
    );
    repo.commit_all("record the decision the pool tuning replaced");
    assert_new_not_superseded_here(
        &repo,
        "main",
        "ADR-0005",
        &["new", "status Superseded by 4. Tune the pool"],
    );
}

#[test]
fn a_record_the_branch_supersedes_is_superseded_in_this_change() {
    let repo = repo_with_include_x();
    repo.adr_ok(&["new", "Use the Z library", "--supersedes", "3"]);
    repo.commit_all("Z replaces X");

    let pr = pr_json(&repo);
    let old = array(&pr["decisions"])
        .iter()
        .find(|d| d["id"] == "ADR-0003")
        .unwrap_or_else(|| panic!("ADR-0003 in {pr:#}"));
    assert_eq!(old["change"], "modified", "{old:#}");
    assert_eq!(old["superseded_in_range"], true, "{old:#}");
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(md.contains("Superseded in this change"), "{md}");
}
