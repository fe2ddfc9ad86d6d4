//! Settled tradeoffs, tried as a new user would: `git adr settled`, `pr`'s "Settled before",
//! the `settled-tradeoff` rule of `check --base`, and `new` at a terminal and in JSON; the
//! issue's acceptance scenario (ADR 3 rejected a positional argument, a branch's ADR 7 brings
//! it back), unrelated decisions that share common words, and existing folders.

mod common;
use common::{assert_code, stderr, stdout, TestRepo};
use serde_json::Value;

const ADR3: &str = ".adr/decisions/0003-input-files-on-the-command-line.md";
const ADR3_TEXT: &str = "---
status: accepted
date: 2024-03-02
decision-makers: [alice, bob]
tags: [cli]
---

# Input files on the command line

## Context and Problem Statement

Commands took their input file in different ways.

## Considered Options

* Require `--input` everywhere
* Positional argument

## Decision Outcome

Chosen option: \"Require `--input` everywhere\", because one spelling works for every command.

## Pros and Cons of the Options

### Require `--input` everywhere

* Good, because one spelling works for every command

### Positional argument

* Bad, because it is ambiguous next to subcommand names
";

/// Shares "input", "file", "service" with the others, and weighed nothing like them.
const ADR4: &str = ".adr/decisions/0004-keep-input-files-in-object-storage.md";
const ADR4_TEXT: &str = "---
status: accepted
date: 2024-04-10
---

# Keep input files in object storage

## Context and Problem Statement

Uploaded files filled the service's disk.

## Considered Options

* Object storage for uploaded files
* Local disk of the service

## Decision Outcome

Chosen option: \"Object storage for uploaded files\", because disks fill up.
";

const ADR7: &str = ".adr/decisions/0007-positional-input-file.md";

fn adr7(front: &str) -> String {
    format!(
        "---
status: proposed
date: 2024-09-01
{front}---

# Positional input file

## Context and Problem Statement

Typing `--input` every time annoys people.

## Considered Options

* Accept the input file as a positional argument
* Require `--input` on every command

## Decision Outcome

Chosen option: \"Accept the input file as a positional argument\", because shells complete paths.
"
    )
}

/// main holds ADR 3 and ADR 4; branch `feature` adds ADR 7 with the extra front matter `front`.
fn scenario(front: &str) -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(ADR3, ADR3_TEXT);
    repo.write(ADR4, ADR4_TEXT);
    repo.commit_all("earlier decisions");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(ADR7, adr7(front));
    repo.commit_all("propose a positional input file");
    repo
}

fn check_base(repo: &TestRepo) -> (i32, Value) {
    let o = repo
        .adr(&["check", "--base", "main", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (o.status.code().unwrap_or(-1), v)
}

fn settled_findings(v: &Value) -> Vec<&Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "settled-tradeoff")
        .collect()
}

#[test]
fn pr_shows_the_earlier_rejection_with_its_reason_date_and_people() {
    let repo = scenario("");
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    common::redacted(&repo).bind(|| insta::assert_snapshot!("settled_pr", md));
    let at = md
        .find("**Settled before**")
        .unwrap_or_else(|| panic!("{md}"));
    let part = &md[at..];
    let line = part
        .lines()
        .find(|l| l.contains("*Accept the input file as a positional argument*"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("*Positional argument* was rejected in ADR-0003 (accepted 2024-03-02; alice, bob) because it is ambiguous next to subcommand names"),
        "{line}"
    );
    assert!(line.starts_with("- ⚠️ "), "a reversal stands out: {line}");
    // The option ADR 7 turns down is the one ADR 3 chose.
    assert!(
        part.contains("*Require `--input` on every command* (not chosen here): *Require `--input` everywhere* was chosen in ADR-0003"),
        "{md}"
    );
    // Shared common words ("input", "file") do not make ADR 4 a match.
    assert!(!md.contains("ADR-0004"), "{md}");

    let json = repo.adr_json(&["pr", "--base", "main", "--format", "json"]);
    let before = json["decisions"][0]["settled_before"].as_array().unwrap();
    let first = &before[0];
    assert_eq!(
        first["option"],
        "Accept the input file as a positional argument"
    );
    assert_eq!(first["chosen_here"], true);
    assert_eq!(first["reverses"], true);
    assert_eq!(first["linked"], false);
    let e = &first["earlier"];
    assert_eq!(e["id"], "ADR-0003");
    assert_eq!(e["option"], "Positional argument");
    assert_eq!(e["fate"], "rejected");
    assert_eq!(e["date"], "2024-03-02");
    assert_eq!(e["decision_makers"], serde_json::json!(["alice", "bob"]));
    assert_eq!(e["because"], "it is ambiguous next to subcommand names");
    assert_eq!(e["matched"], serde_json::json!(["positional", "argument"]));
    assert!(e["score"].as_f64().unwrap() >= 0.55, "{e}");
}

#[test]
fn check_base_warns_until_the_branch_names_the_earlier_decision() {
    let repo = scenario("");
    let (code, v) = check_base(&repo);
    assert_eq!(code, 0, "a warning by default: {v:#}");
    let found = settled_findings(&v);
    assert_eq!(found.len(), 2, "{v:#}");
    let f = found[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["path"], ADR7);
    assert_eq!(f["line"], 6, "at the title");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with("ADR-0007 chooses \"Accept the input file as a positional argument\", which ADR-0003 rejected as \"Positional argument\", because it is ambiguous next to subcommand names"),
        "{message}"
    );
    assert!(
        f["hint"].as_str().unwrap().contains("`relates: [3]`"),
        "{f}"
    );
    assert!(found[1]["message"].as_str().unwrap().starts_with(
        "ADR-0007 rejects \"Require `--input` on every command\", which ADR-0003 chose"
    ));

    for front in ["relates: [3]\n", "supersedes: [3]\n", "amends: [3]\n"] {
        let repo = scenario(front);
        let (_, v) = check_base(&repo);
        assert!(settled_findings(&v).is_empty(), "{front}: {v:#}");
    }
    // Off in the config: quiet.
    let repo = scenario("");
    repo.write(
        ".adr/config.toml",
        format!(
            "{}\n[settled]\nenabled = false\n",
            repo.read(".adr/config.toml")
        ),
    );
    repo.commit_all("turn settled off");
    assert!(settled_findings(&check_base(&repo).1).is_empty());
    // Without --base there is no branch to compare: quiet.
    let repo = scenario("");
    let o = repo.adr(&["check", "--format", "json"]).output().unwrap();
    assert!(!stdout(&o).contains("settled-tradeoff"), "{}", stdout(&o));
}

#[test]
fn settled_searches_options_by_meaning_with_fates_and_reasons() {
    let repo = scenario("");
    let out = repo.adr_ok(&[
        "settled",
        "take",
        "the",
        "file",
        "as",
        "a",
        "positional",
        "argument",
    ]);
    assert!(
        out.starts_with("ADR-0003  rejected  Positional argument  (score "),
        "{out}"
    );
    assert!(
        out.contains("  was rejected in ADR-0003 (accepted 2024-03-02; alice, bob)\n"),
        "{out}"
    );
    assert!(
        out.contains("  because it is ambiguous next to subcommand names\n"),
        "{out}"
    );
    assert!(
        out.contains("matched option words: positional, argument"),
        "{out}"
    );
    assert!(!out.contains("ADR-0004"), "{out}");

    let v = repo.adr_json(&["settled", "object storage", "--format", "json"]);
    assert_eq!(v["query"], "object storage");
    let m = &v["matches"][0];
    assert_eq!(m["id"], "ADR-0004");
    assert_eq!(m["fate"], "chosen");
    assert_eq!(m["option"], "Object storage for uploaded files");
    assert_eq!(m["because"], "disks fill up");
    assert_eq!(m["path"], ADR4);

    // Nothing settled like it: exit 1, like grep.
    let o = repo
        .adr(&["settled", "Kubernetes operators"])
        .output()
        .unwrap();
    assert_code(&o, 1, "no match");
    assert_eq!(stdout(&o), "");
    // Turned off: a usage error that says where.
    repo.write(
        ".adr/config.toml",
        format!(
            "{}\n[settled]\nenabled = false\n",
            repo.read(".adr/config.toml")
        ),
    );
    let o = repo
        .adr(&["settled", "positional argument"])
        .output()
        .unwrap();
    assert_code(&o, 2, "turned off");
    assert!(
        stderr(&o).contains("[settled] enabled = false"),
        "{}",
        stderr(&o)
    );
    // An out-of-range threshold is a config error with its line.
    repo.write(".adr/config.toml", "[settled]\nthreshold = 2.0\n");
    let o = repo
        .adr(&["settled", "positional argument"])
        .output()
        .unwrap();
    assert_code(&o, 2, "bad threshold");
    assert!(
        stderr(&o).contains("settled.threshold = 2 is out of range"),
        "{}",
        stderr(&o)
    );
    // No matches asked for is a usage error, not an empty answer (exit 1).
    let o = repo
        .adr(&["settled", "-n", "0", "positional"])
        .output()
        .unwrap();
    assert_code(&o, 2, "-n 0");
    assert!(stderr(&o).contains("--limit"), "{}", stderr(&o));
}

#[test]
fn a_higher_threshold_in_the_config_drops_weaker_matches() {
    let repo = scenario("");
    let v = repo.adr_json(&[
        "settled",
        "positional argument for the input file",
        "--format",
        "json",
    ]);
    let score = v["matches"][0]["score"].as_f64().unwrap();
    assert!(score < 1.0, "{v:#}");
    repo.write(
        ".adr/config.toml",
        format!(
            "{}\n[settled]\nthreshold = {}\n",
            repo.read(".adr/config.toml"),
            (score + 0.01).min(1.0)
        ),
    );
    let o = repo
        .adr(&["settled", "positional argument for the input file"])
        .output()
        .unwrap();
    assert_code(&o, 1, "above the score");
}

#[test]
fn records_of_existing_folders_take_part() {
    // (folder, query, record, option, fate)
    for (name, query, id, option, fate) in [
        (
            "adr-tools",
            "PostgreSQL",
            "ADR-0002",
            "Use PostgreSQL",
            "superseded",
        ),
        ("madr2", "jOOQ", "ADR-0002", "jOOQ", "chosen"),
        ("madr3", "REST calls", "ADR-0002", "REST", "superseded"),
        ("madr3", "gRPC", "ADR-0002", "gRPC", "rejected"),
    ] {
        let repo = common::existing_folder(name);
        let v = repo.adr_json(&["settled", query, "--format", "json"]);
        let found = v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == id && m["option"] == option && m["fate"] == fate);
        assert!(found, "{name}: {query} → {id} {option} {fate}: {v:#}");
    }
    // MADR 4: a proposed decision settles nothing until it is accepted.
    let repo = common::existing_folder("madr4");
    let o = repo.adr(&["settled", "Flux"]).output().unwrap();
    assert_code(&o, 1, "proposed");
    repo.adr_ok(&["accept", "2"]);
    let v = repo.adr_json(&["settled", "Flux", "--format", "json"]);
    assert_eq!(v["matches"][0]["fate"], "rejected", "{v:#}");
    assert_eq!(
        v["matches"][0]["decision_makers"],
        serde_json::json!(["Kim", "Lee"])
    );
}

#[cfg(unix)]
#[test]
fn new_names_the_decisions_that_already_weighed_the_title() {
    let repo = scenario("");
    repo.git(&["checkout", "-q", "main"]);
    // At a terminal, before the editor would open.
    let mut cmd = repo.adr_std(
        &repo.path(),
        &["new", "--no-edit", "Input file as a positional argument"],
    );
    cmd.env("CI", "");
    let shown = String::from_utf8_lossy(&common::output_on_tty(cmd)).into_owned();
    assert!(
        shown.contains("note: ADR-0003 already weighed this: \"Positional argument\" was rejected in ADR-0003 (accepted 2024-03-02; alice, bob) because it is ambiguous next to subcommand names"),
        "{shown}"
    );
    assert!(!shown.contains("ADR-0004"), "{shown}");
    assert!(
        shown.contains(".adr/decisions/0008-input-file-as-a-positional-argument.md"),
        "{shown}"
    );

    // Matched by a record's title: the option that matches is shown, not the first listed.
    let v = repo.adr_json(&[
        "new",
        "--no-edit",
        "--format",
        "json",
        "Keep input files on the local disk of the service",
    ]);
    let m = &v["settled_before"][0];
    assert_eq!(m["id"], "ADR-0004", "{v:#}");
    assert_eq!(m["option"], "Local disk of the service", "{v:#}");
    assert_eq!(m["fate"], "rejected");

    // Piped, not JSON: the path alone, as scripts expect.
    let o = repo
        .adr(&["new", "--no-edit", "Positional argument again"])
        .output()
        .unwrap();
    assert_code(&o, 0, "new");
    assert!(!stderr(&o).contains("already weighed"), "{}", stderr(&o));
}

#[test]
fn a_log_entry_settles_its_choice_with_its_why() {
    let repo = TestRepo::initialised();
    repo.adr_ok(&[
        "log",
        "add",
        "Connection pool size",
        "--constraint",
        "the database allows 100 connections",
        "--choice",
        "Twenty pooled connections per instance",
        "--why",
        "five instances leave headroom for migrations",
        "--decided-by",
        "alice",
    ]);
    let v = repo.adr_json(&[
        "settled",
        "pooled connections per instance",
        "--format",
        "json",
    ]);
    let m = &v["matches"][0];
    assert_eq!(m["kind"], "log", "{v:#}");
    assert_eq!(m["fate"], "chosen");
    assert_eq!(m["option"], "Twenty pooled connections per instance");
    assert_eq!(m["because"], "five instances leave headroom for migrations");
    assert_eq!(m["decision_makers"], serde_json::json!(["alice"]));
}
