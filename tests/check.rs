//! `git adr check`, through the real binary in real temporary git repositories: every rule made
//! to fire and kept quiet, severities from config.toml, the three scopes (work tree, index —
//! including the temporary index git gives hooks — and branch), branch-safe ids before and after
//! a merge, repository states (detached, unborn, shallow), and the human, JSON and GitHub formats.

mod common;
use common::{adr_path, assert_code, assert_no_panic, bin, json_report, put};
use common::{isolate, stderr, stdout, TestRepo, DECISIONS};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `git adr check ARGS…` in the work tree's root, whatever the exit code.
fn check(repo: &TestRepo, args: &[&str]) -> Output {
    check_in(repo, &repo.path(), args)
}

fn check_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> Output {
    common::run_in(repo, dir, &common::args(&["check"], args))
}

/// `git adr check ARGS… --format json`: the exit code and the parsed report.
fn report(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    json_report(repo, "check", args)
}

fn findings(v: &Value) -> &Vec<Value> {
    v["findings"].as_array().expect("findings is an array")
}

fn codes(v: &Value) -> Vec<String> {
    findings(v)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn with_code<'v>(v: &'v Value, code: &str) -> Vec<&'v Value> {
    findings(v).iter().filter(|f| f["code"] == code).collect()
}

/// Asserts that `check ARGS` reports `code` with `severity` on `path` at `line` (None: no line),
/// that nothing but `code` is reported (so the case really isolates the rule), that the exit
/// code follows the severity (1 for an error, 0 for warnings only) and that the human format
/// shows `path:line: severity[code]: `. Returns the matching findings.
fn fires(
    repo: &TestRepo,
    args: &[&str],
    code: &str,
    severity: &str,
    path: &str,
    line: Option<u64>,
) -> Vec<Value> {
    let (exit, v) = report(repo, args);
    let all = codes(&v);
    assert!(
        all.iter().all(|c| c == code),
        "check {args:?}: expected only `{code}` findings, got {all:?}\n{v:#}"
    );
    let hits: Vec<Value> = with_code(&v, code)
        .into_iter()
        .filter(|f| f["path"] == path)
        .cloned()
        .collect();
    assert!(
        !hits.is_empty(),
        "check {args:?}: no `{code}` finding on {path}\n{v:#}"
    );
    let want_line = line.map_or(Value::Null, Value::from);
    assert!(
        hits.iter().any(|f| f["line"] == want_line),
        "check {args:?}: `{code}` on {path} is not at line {line:?}\n{v:#}"
    );
    for f in &hits {
        assert_eq!(f["severity"], severity, "{f:#}");
        assert!(
            !f["message"].as_str().unwrap_or("").is_empty(),
            "a finding says what is wrong: {f:#}"
        );
    }
    let expected_exit = if severity == "error" { 1 } else { 0 };
    assert_eq!(
        exit,
        expected_exit,
        "check {args:?}: a{} `{code}` must exit {expected_exit}\n{v:#}",
        if severity == "error" {
            "n error"
        } else {
            " warning"
        }
    );
    let n = findings(&v).len();
    let (errors, warnings) = if severity == "error" { (n, 0) } else { (0, n) };
    assert_eq!(v["errors"], errors, "{v:#}");
    assert_eq!(v["warnings"], warnings, "{v:#}");

    let human = check(repo, args);
    assert_code(&human, expected_exit, "human format");
    let at = match line {
        Some(l) => format!("{path}:{l}: {severity}[{code}]: "),
        None => format!("{path}: {severity}[{code}]: "),
    };
    assert!(
        stdout(&human).lines().any(|l| l.starts_with(&at)),
        "human output lacks a line starting `{at}`:\n{}",
        stdout(&human)
    );
    hits
}

/// Asserts that `check ARGS` exits 0 and reports nothing at all.
fn quiet(repo: &TestRepo, args: &[&str]) {
    let (exit, v) = report(repo, args);
    assert!(
        findings(&v).is_empty() && exit == 0,
        "check {args:?}: expected no findings and exit 0, got exit {exit}\n{v:#}"
    );
}

/// Asserts that `check ARGS` reports no `code` finding (other findings may exist).
fn quiet_of(repo: &TestRepo, args: &[&str], code: &str) -> Value {
    let (_, v) = report(repo, args);
    assert!(
        with_code(&v, code).is_empty(),
        "check {args:?}: expected no `{code}` finding\n{v:#}"
    );
    v
}

/// Front matter with a status and a date, plus `extra` key lines.
fn front(status: &str, extra: &str) -> String {
    format!("status: {status}\ndate: 2026-01-01\n{extra}")
}

/// A complete, valid ADR: front matter (`front_lines`, without the fences), title, and every
/// required section filled in.
fn doc(front_lines: &str, title: &str) -> String {
    format!(
        "---\n{front_lines}---\n\n# {title}\n\n\
         ## Context and Problem Statement\n\n\
         The service needs a cache in front of the database; reads are 95% of the load.\n\n\
         ## Considered Options\n\n\
         * Redis\n\
         * Memcached\n\n\
         ## Decision Outcome\n\n\
         Chosen option: \"Redis\", because the team already runs it.\n\n\
         ### Consequences\n\n\
         * Good, because reads get faster.\n\
         * Bad, because there is one more thing to operate.\n"
    )
}

/// A complete, valid ADR with `status`, a date and `extra` front-matter lines.
fn valid(status: &str, extra: &str, title: &str) -> String {
    doc(&front(status, extra), title)
}

/// An initialised repository (ADR 1 accepted, committed on main) plus `records`, committed.
fn repo_with(records: &[(u32, &str, String)]) -> TestRepo {
    let repo = TestRepo::initialised();
    for (id, slug, text) in records {
        put(&repo, *id, slug, text);
    }
    repo.commit_all("records");
    repo
}

/// Runs git with extra environment, returning its output whatever the exit code.
fn git_env(repo: &TestRepo, dir: &Path, env: &[(&str, &Path)], args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, &repo.home());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args).current_dir(dir).output().expect("git runs")
}

fn commit_count(repo: &TestRepo) -> usize {
    repo.git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. Every rule fires, and is quiet when the record is right
// ---------------------------------------------------------------------------------------------

/// Every rule code in the product is exercised by a test below; a new rule needs a new test.
#[test]
fn every_rule_in_rules_is_covered_by_a_test_in_this_file() {
    let covered = [
        "unreadable",
        "front-matter",
        "unknown-status",
        "missing-title",
        "multiple-titles",
        "missing-field",
        "invalid-date",
        "missing-section",
        "placeholder-text",
        "file-name",
        "title-mismatch",
        "duplicate-id",
        "broken-link",
        "supersede-asymmetric",
        "link-asymmetric",
        "supersede-cycle",
        "status-regression",
        "id-taken-on-base",
        // Fires and stays quiet in tests/settled.rs (`check --base`).
        "settled-tradeoff",
        "proposed-on-default-branch",
        "review-overdue",
        "invalid-path-glob",
        "unmatched-path-glob",
        // Fires and stays quiet in tests/dod.rs (`check --dod`).
        "dod-failed",
        "index-outdated",
        "date-mismatch",
    ];
    let rules: Vec<&str> = git_adr::Rule::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(
        rules, covered,
        "Rule::ALL changed: add fire/quiet tests here"
    );
    // The default severities the tests below rely on.
    for r in git_adr::Rule::ALL {
        let warning = matches!(
            r.code(),
            "file-name"
                | "title-mismatch"
                | "link-asymmetric"
                | "proposed-on-default-branch"
                | "settled-tradeoff"
                | "review-overdue"
                | "invalid-path-glob"
                | "unmatched-path-glob"
        );
        let off = matches!(r.code(), "index-outdated" | "date-mismatch");
        let expected = if off {
            git_adr::Severity::Off
        } else if warning {
            git_adr::Severity::Warning
        } else {
            git_adr::Severity::Error
        };
        assert_eq!(
            r.default_severity(),
            expected,
            "default severity of {}",
            r.code()
        );
    }
}

/// The README's list of rules names every rule, in the catalogue's order.
#[test]
fn the_readme_documents_every_rule_in_order() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("Rules (change a severity with")
        .expect("the README's list of rules");
    let list = &readme[start..];
    let mut at = 0;
    for r in git_adr::Rule::ALL {
        let code = format!("`{}`", r.code());
        let Some(i) = list[at..].find(&code) else {
            panic!("README does not document rule {code} (or not in the catalogue's order)");
        };
        at += i + code.len();
    }
}

#[test]
fn a_repository_of_complete_records_is_quiet() {
    let repo = repo_with(&[
        (2, "use-redis", valid("accepted", "", "Use Redis")),
        (
            3,
            "use-postgresql",
            valid("accepted", "tags: [storage]\n", "Use PostgreSQL"),
        ),
    ]);
    quiet(&repo, &[]);
    let o = check(&repo, &[]);
    assert_code(&o, 0, "clean check");
    assert_eq!(stdout(&o), "", "nothing on stdout when clean");
    assert!(
        stderr(&o).contains("0 errors, 0 warnings in 3 records"),
        "{}",
        stderr(&o)
    );
}

/// A rule on one record: each of `bad` (record 2's text, the line the finding points at, words
/// its message must contain) reports `code` alone at `severity`; each of `good` is quiet.
struct RuleCase {
    code: &'static str,
    severity: &'static str,
    bad: Vec<(String, Option<u64>, &'static str)>,
    good: Vec<String>,
}

fn one_record_rule_cases() -> Vec<RuleCase> {
    let redis = |status: &str, extra: &str| valid(status, extra, "Use Redis");
    let mut two_titles = redis("accepted", "");
    two_titles.push_str("\n# Another title\n\nMore.\n");
    let second_title = two_titles
        .lines()
        .position(|l| l == "# Another title")
        .unwrap() as u64
        + 1;
    // A `# ` line inside a code fence is not a heading.
    let mut fenced = redis("accepted", "");
    fenced.push_str("\n```sh\n# a shell comment\n```\n");
    vec![
        RuleCase {
            code: "unknown-status",
            severity: "error",
            bad: vec![(redis("maybe", ""), Some(2), "maybe")],
            good: vec![redis("accepted", "")],
        },
        RuleCase {
            code: "missing-title",
            severity: "error",
            // Reported where the body starts, right after the closing fence (line 5).
            bad: vec![(
                redis("accepted", "").replace("# Use Redis\n", "Use Redis\n"),
                Some(5),
                "",
            )],
            good: vec![redis("accepted", "")],
        },
        RuleCase {
            code: "multiple-titles",
            severity: "error",
            bad: vec![(two_titles, Some(second_title), "Another title")],
            good: vec![fenced],
        },
        RuleCase {
            code: "missing-field",
            severity: "error",
            bad: vec![
                (doc("status: accepted\n", "Use Redis"), Some(1), "date"),
                (doc("date: 2026-01-01\n", "Use Redis"), Some(1), "status"),
            ],
            good: vec![redis("accepted", "")],
        },
        RuleCase {
            code: "invalid-date",
            severity: "error",
            bad: vec![
                (
                    doc("status: accepted\ndate: 2026-13-01\n", "Use Redis"),
                    Some(3),
                    "",
                ),
                (redis("accepted", "review-by: next spring\n"), Some(4), ""),
            ],
            good: vec![redis("accepted", "review-by: 2999-01-01\n")],
        },
        RuleCase {
            code: "review-overdue",
            severity: "warning",
            bad: vec![(
                redis("accepted", "review-by: 2020-01-01\n"),
                Some(4),
                "2020-01-01",
            )],
            // A closed decision needs no review.
            good: vec![
                redis("accepted", "review-by: 2999-01-01\n"),
                redis("deprecated", "review-by: 2020-01-01\n"),
            ],
        },
        RuleCase {
            code: "invalid-path-glob",
            severity: "warning",
            bad: vec![(
                redis("accepted", "paths: [\"src/[db\"]\n"),
                Some(4),
                "src/[db",
            )],
            good: vec![redis("accepted", "paths: [\"src/db/**\"]\n")],
        },
    ]
}

#[test]
fn rules_on_one_record_fire_and_are_quiet_once_it_is_fixed() {
    for case in one_record_rule_cases() {
        let code = case.code;
        let repo = repo_with(&[]);
        repo.write("src/db/pool.rs", "// code\n");
        repo.commit_all("code");
        let p = adr_path(2, "use-redis");
        for (text, line, says) in case.bad {
            repo.write(&p, &text);
            let hits = fires(&repo, &[], code, case.severity, &p, line);
            let message = hits[0]["message"].as_str().unwrap();
            assert!(message.contains(says), "`{code}` names {says:?}: {message}");
        }
        for text in case.good {
            repo.write(&p, &text);
            quiet(&repo, &[]);
        }
    }
}

#[test]
fn rule_unreadable() {
    // Not UTF-8: the line of the first bad byte.
    let mut bytes = valid("accepted", "", "Use Redis").into_bytes();
    bytes.extend_from_slice(b"\nbad byte \xff here\n");
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
    let repo = repo_with(&[]);
    let p = put(&repo, 2, "use-redis", &bytes);
    fires(&repo, &[], "unreadable", "error", &p, Some(lines));

    // Over the size cap: no line.
    let mut big = valid("accepted", "", "Use Redis");
    big.push_str(&"x".repeat(2 * 1024 * 1024));
    repo.write(&p, &big);
    fires(&repo, &[], "unreadable", "error", &p, None);

    // A symlink to a file outside the repository is not followed.
    let outside = repo.dir.path().join("outside.md");
    std::fs::write(&outside, valid("accepted", "", "Use Redis")).unwrap();
    std::fs::remove_file(repo.path().join(&p)).unwrap();
    std::os::unix::fs::symlink(&outside, repo.path().join(&p)).unwrap();
    fires(&repo, &[], "unreadable", "error", &p, None);

    std::fs::remove_file(repo.path().join(&p)).unwrap();
    repo.write(&p, valid("accepted", "", "Use Redis"));
    quiet(&repo, &[]);
}

#[test]
fn rule_front_matter() {
    let repo = repo_with(&[]);
    // Never closed: points at the opening fence.
    let p = put(
        &repo,
        2,
        "use-redis",
        "---\nstatus: accepted\ndate: 2026-01-01\n\n# Use Redis\n",
    );
    fires(&repo, &[], "front-matter", "error", &p, Some(1));
    // Invalid YAML: points into the block.
    repo.write(&p, valid("[accepted", "", "Use Redis"));
    fires(&repo, &[], "front-matter", "error", &p, Some(2));
    // A value of the wrong type.
    repo.write(
        &p,
        doc(
            "status: accepted\ndate: 2026-01-01\ntags: {a: 1}\n",
            "Use Redis",
        ),
    );
    let hits = fires(&repo, &[], "front-matter", "error", &p, Some(4));
    assert!(hits[0]["hint"].is_string(), "a hint says how to fix it");
    // No front matter at all.
    repo.write(&p, "# Use Redis\n\nNo front matter.\n");
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    assert!(
        findings(&v).iter().any(|f| f["path"] == p.as_str()
            && (f["code"] == "front-matter" || f["code"] == "missing-field")),
        "{v:#}"
    );

    repo.write(&p, valid("accepted", "", "Use Redis"));
    quiet(&repo, &[]);
}

#[test]
fn statuses_the_config_adds_are_known() {
    let repo = repo_with(&[(2, "use-redis", valid("maybe", "", "Use Redis"))]);
    repo.write(
        ".adr/config.toml",
        "[lifecycle]\nstatuses = [\"proposed\", \"accepted\", \"rejected\", \"deprecated\", \"superseded\", \"maybe\"]\n",
    );
    quiet(&repo, &[]);
}
#[test]
fn rule_missing_section() {
    let repo = repo_with(&[]);
    let text = valid("accepted", "", "Use Redis")
        .replace("## Considered Options\n\n* Redis\n* Memcached\n\n", "");
    let p = put(&repo, 2, "use-redis", text);
    // Reported where the section would go: before the next required section (line 12).
    let hits = fires(&repo, &[], "missing-section", "error", &p, Some(12));
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(hits[0]["message"]
        .as_str()
        .unwrap()
        .contains("Considered Options"));
    assert!(
        hits[0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("add `## Considered Options` before `Decision Outcome`"),
        "{hits:#?}"
    );
    // Nygard's names are read as aliases.
    repo.write(
        &p,
        "---\nstatus: accepted\ndate: 2026-01-01\n---\n\n# Use Redis\n\n## Context\n\nReads dominate.\n\n## Options\n\n* Redis\n\n## Decision\n\nRedis.\n",
    );
    quiet(&repo, &[]);
    // The kind's required sections come from config.toml.
    repo.write(
        ".adr/config.toml",
        "[kinds.adr]\nrequired-sections = [\"Context and Problem Statement\", \"Rollout and Rollback\"]\n",
    );
    repo.write(&p, valid("accepted", "", "Use Redis"));
    // The last required section goes at the end of the one before it (line 11).
    let hits = fires(&repo, &[], "missing-section", "error", &p, Some(11));
    assert!(hits[0]["message"]
        .as_str()
        .unwrap()
        .contains("Rollout and Rollback"));
    assert!(
        hits[0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("add `## Rollout and Rollback` after `Context and Problem Statement`"),
        "{hits:#?}"
    );
    // With none of the required sections, it goes under the title (line 6).
    repo.write(
        &p,
        "---\nstatus: accepted\ndate: 2026-01-01\n---\n\n# Use Redis\n\nRedis.\n",
    );
    let (_, v) = report(&repo, &[]);
    let hits: Vec<_> = with_code(&v, "missing-section")
        .into_iter()
        .filter(|h| h["path"] == p.as_str())
        .collect();
    assert_eq!(hits.len(), 2, "{v:#}");
    assert!(hits.iter().all(|h| h["line"] == 6), "{v:#}");
    repo.write(&p, valid("accepted", "", "Use Redis"));
    repo.write(".adr/config.toml", "");
    quiet(&repo, &[]);
}

/// A bad status no longer refuses the record before the other rules ran: one run names the
/// status, the missing section and the broken link, in the order they appear in the file,
/// each at its line.
#[test]
fn one_run_reports_every_independent_finding_in_document_order() {
    let repo = repo_with(&[]);
    let text = valid("maybe", "relates: [40]\n", "Use Redis")
        .replace("## Considered Options\n\n* Redis\n* Memcached\n\n", "");
    let p = put(&repo, 2, "use-redis", text);
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    let seen: Vec<(String, u64)> = findings(&v)
        .iter()
        .filter(|f| f["path"] == p.as_str())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().expect("every finding has a line"),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = [
        ("unknown-status", 2),
        ("broken-link", 4),
        ("missing-section", 13),
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), *l))
    .collect();
    assert_eq!(seen, want, "{v:#}");
    assert_eq!(
        v["records_checked"], 2,
        "a refused record is counted once: {v:#}"
    );
    // The hook's scope too.
    repo.git(&["add", "-A"]);
    let (_, v) = report(&repo, &["--staged"]);
    assert_eq!(
        codes(&v),
        ["unknown-status", "broken-link", "missing-section"],
        "{v:#}"
    );
    // Fixing the status leaves the other two; the record counts once.
    repo.write(
        &p,
        valid("accepted", "relates: [40]\n", "Use Redis")
            .replace("## Considered Options\n\n* Redis\n* Memcached\n\n", ""),
    );
    let (_, v) = report(&repo, &[]);
    assert_eq!(codes(&v), ["broken-link", "missing-section"], "{v:#}");
    assert_eq!(v["records_checked"], 2, "{v:#}");
}

#[test]
fn rule_placeholder_text() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]); // keep proposed-on-default-branch out
                                                    // What `git adr new --no-edit` writes still holds the template's `{…}` placeholders.
    let p = repo
        .adr_ok(&["new", "Use Redis", "--status", "accepted", "--no-edit"])
        .trim()
        .to_string();
    assert_eq!(p, adr_path(2, "use-redis"));
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    let hits = with_code(&v, "placeholder-text");
    let text = repo.read(&p);
    for section in [
        "Context and Problem Statement",
        "Considered Options",
        "Decision Outcome",
    ] {
        let line = text
            .lines()
            .position(|l| l == format!("## {section}"))
            .unwrap() as u64
            + 1;
        assert!(
            hits.iter()
                .any(|f| f["path"] == p.as_str() && f["line"] == line && f["severity"] == "error"),
            "no placeholder-text for `{section}` at line {line}\n{v:#}"
        );
    }

    // One section left with placeholders, the rest written.
    let text = valid("accepted", "", "Use Redis").replace(
        "* Redis\n* Memcached\n",
        "* {title of option 1}\n* {title of option 2}\n",
    );
    let line = text
        .lines()
        .position(|l| l == "## Considered Options")
        .unwrap() as u64
        + 1;
    repo.write(&p, &text);
    fires(&repo, &[], "placeholder-text", "error", &p, Some(line));
    // An empty required section is not filled in either.
    let text = valid("accepted", "", "Use Redis").replace("* Redis\n* Memcached\n", "");
    repo.write(&p, &text);
    fires(&repo, &[], "placeholder-text", "error", &p, Some(line));

    repo.write(&p, valid("accepted", "", "Use Redis"));
    quiet(&repo, &[]);

    // A draft (`proposed`, the initial status) may be committed unfinished: warnings only.
    let draft = repo
        .adr_ok(&["new", "Use Memcached", "--no-edit"])
        .trim()
        .to_string();
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 0, "{v:#}");
    let hits = with_code(&v, "placeholder-text");
    assert!(!hits.is_empty(), "{v:#}");
    assert!(
        hits.iter()
            .all(|f| f["path"] == draft.as_str() && f["severity"] == "warning"),
        "{v:#}"
    );
}

#[test]
fn rule_file_name() {
    let repo = repo_with(&[]);
    let p = format!("{DECISIONS}/use-redis.md");
    repo.write(&p, valid("accepted", "", "Use Redis"));
    fires(&repo, &[], "file-name", "warning", &p, None);
    repo.git(&["add", "-A"]);
    fires(&repo, &[], "file-name", "warning", &p, None);
    std::fs::remove_file(repo.path().join(&p)).unwrap();
    repo.git(&["add", "-A"]);
    // A README, an index and files that are not Markdown are not records and not reported.
    repo.write(&format!("{DECISIONS}/README.md"), "# Decisions\n");
    repo.write(&format!("{DECISIONS}/index.md"), "# Index\n");
    repo.write(&format!("{DECISIONS}/0008-diagram.png"), b"\x89PNG\r\n");
    repo.write(&format!("{DECISIONS}/helper.sh"), "#!/bin/sh\n");
    quiet(&repo, &[]);
}

#[test]
fn rule_title_mismatch() {
    let repo = repo_with(&[]);
    let p = put(
        &repo,
        2,
        "use-redis",
        valid("accepted", "", "Use Memcached"),
    );
    let hits = fires(&repo, &[], "title-mismatch", "warning", &p, Some(6));
    assert!(
        hits[0]["hint"]
            .as_str()
            .unwrap()
            .contains(&adr_path(2, "use-memcached")),
        "the hint names the file name that fits: {:#}",
        hits[0]
    );
    repo.write(&p, valid("accepted", "", "Use Redis"));
    quiet(&repo, &[]);
}

/// An adr-tools folder used in place, with one record whose `## Status` is `status`.
fn adr_tools_folder_with_status(status: &str) -> (TestRepo, String) {
    let repo = TestRepo::new();
    let p = "doc/adr/0001-use-redis.md".to_string();
    repo.write(".adr-dir", "doc/adr\n");
    repo.write(
        &p,
        format!(
            "# 1. Use Redis\n\nDate: 2024-01-05\n\n## Status\n\n{status}\n\n## Context\n\n\
             Sessions need a shared store.\n\n## Decision\n\nWe will use Redis.\n\n\
             ## Consequences\n\nOne more service to run.\n"
        ),
    );
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    repo.commit_all("git adr init");
    (repo, p)
}

#[test]
fn rule_unknown_status_names_the_lifecycle_word_an_existing_folder_misspelt() {
    for typo in ["acepted", "Accpeted"] {
        let (repo, p) = adr_tools_folder_with_status(typo);
        // A warning at the `## Status` heading: the folder's statuses are free text.
        let hits = fires(&repo, &[], "unknown-status", "warning", &p, Some(5));
        let message = hits[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("`{typo}`")) && message.contains("did you mean `accepted`?"),
            "{message}"
        );
    }
    // In git-adr's own records an unknown status stays an error; a misspelt one says which
    // status was meant, another does not guess.
    let repo = repo_with(&[]);
    let p = put(&repo, 2, "use-redis", valid("acepted", "", "Use Redis"));
    let hits = fires(&repo, &[], "unknown-status", "error", &p, Some(2));
    let message = hits[0]["message"].as_str().unwrap();
    assert!(message.ends_with(": did you mean `accepted`?"), "{message}");
    repo.write(&p, valid("maybe", "", "Use Redis"));
    let hits = fires(&repo, &[], "unknown-status", "error", &p, Some(2));
    assert!(!hits[0]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean"));
    // A team's own wording is not a misspelling.
    for free in ["Approved by TSC 04/08/2020", "Accepted", "On hold"] {
        let (repo, _) = adr_tools_folder_with_status(free);
        quiet(&repo, &[]);
    }
}

#[test]
fn rule_duplicate_id() {
    let repo = repo_with(&[]);
    let a = put(&repo, 2, "use-redis", valid("accepted", "", "Use Redis"));
    let b = put(&repo, 2, "use-kafka", valid("accepted", "", "Use Kafka"));
    let hits = fires(&repo, &[], "duplicate-id", "error", &a, None);
    assert!(
        hits[0]["message"].as_str().unwrap().contains(&b),
        "{hits:#?}"
    );
    let hits = fires(&repo, &[], "duplicate-id", "error", &b, None);
    assert!(
        hits[0]["message"].as_str().unwrap().contains(&a),
        "{hits:#?}"
    );
    // Numbers written differently are still the same number.
    std::fs::remove_file(repo.path().join(&b)).unwrap();
    repo.write(
        &format!("{DECISIONS}/02-use-kafka.md"),
        valid("accepted", "", "Use Kafka"),
    );
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    assert_eq!(with_code(&v, "duplicate-id").len(), 2, "{v:#}");
    std::fs::remove_file(repo.path().join(format!("{DECISIONS}/02-use-kafka.md"))).unwrap();
    put(&repo, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
    quiet(&repo, &[]);
}

#[test]
fn rule_broken_link() {
    let repo = repo_with(&[]);
    for key in [
        "supersedes",
        "superseded-by",
        "amends",
        "amended-by",
        "relates",
    ] {
        let status = if key == "superseded-by" {
            "superseded"
        } else {
            "accepted"
        };
        let p = put(
            &repo,
            2,
            "use-redis",
            valid(status, &format!("{key}: [40]\n"), "Use Redis"),
        );
        let hits = fires(&repo, &[], "broken-link", "error", &p, Some(4));
        assert!(
            hits[0]["message"].as_str().unwrap().contains("ADR-0040"),
            "{key}: {hits:#?}"
        );
    }
    // A definition-of-done checklist that does not exist.
    let p = put(
        &repo,
        2,
        "use-redis",
        valid("accepted", "dod: [database-change]\n", "Use Redis"),
    );
    let hits = fires(&repo, &[], "broken-link", "error", &p, Some(4));
    assert!(hits[0]["message"]
        .as_str()
        .unwrap()
        .contains("database-change"));
    let dod = repo.adr_ok(&["new", "--kind", "dod", "Database change", "--no-edit"]);
    // Its item written, so that only links are judged here.
    repo.write(
        dod.trim(),
        "---\nstatus: active\ndate: 2026-01-01\napplies-to: []\nitems:\n  - text: Migrations are reversible\n---\n\n# Database change\n\nSchema changes need care.\n",
    );
    quiet(&repo, &[]);
    // Links that resolve, in both directions.
    repo.write(&p, valid("accepted", "relates: [3]\n", "Use Redis"));
    put(
        &repo,
        3,
        "use-kafka",
        valid("accepted", "relates: [2]\n", "Use Kafka"),
    );
    quiet(&repo, &[]);
}

#[test]
fn rule_supersede_asymmetric() {
    let repo = repo_with(&[]);
    // The new record says it supersedes 3; 3 does not say superseded-by 2.
    let new = put(
        &repo,
        2,
        "use-redis",
        valid("accepted", "supersedes: [3]\n", "Use Redis"),
    );
    let old = put(
        &repo,
        3,
        "use-memcached",
        valid("superseded", "", "Use Memcached"),
    );
    let hits = fires(&repo, &[], "supersede-asymmetric", "error", &old, Some(1));
    assert!(hits[0]["message"].as_str().unwrap().contains("ADR-0002"));
    // The other way round: 3 says superseded-by 2, 2 does not say supersedes 3.
    repo.write(&new, valid("accepted", "", "Use Redis"));
    repo.write(
        &old,
        valid("superseded", "superseded-by: [2]\n", "Use Memcached"),
    );
    fires(&repo, &[], "supersede-asymmetric", "error", &new, Some(1));
    // Both ends agree, but the old record is still accepted: at its status line.
    repo.write(&new, valid("accepted", "supersedes: [3]\n", "Use Redis"));
    repo.write(
        &old,
        valid("accepted", "superseded-by: [2]\n", "Use Memcached"),
    );
    let hits = fires(&repo, &[], "supersede-asymmetric", "error", &old, Some(2));
    assert!(hits[0]["message"].as_str().unwrap().contains("accepted"));
    // Consistent.
    repo.write(
        &old,
        valid("superseded", "superseded-by: [2]\n", "Use Memcached"),
    );
    quiet(&repo, &[]);
    // `git adr supersede` leaves a consistent pair.
    let repo = repo_with(&[
        (2, "use-memcached", valid("accepted", "", "Use Memcached")),
        (3, "use-redis", valid("proposed", "", "Use Redis")),
    ]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["supersede", "2", "3"]);
    quiet(&repo, &[]);
}

#[test]
fn rule_link_asymmetric() {
    for (mine, theirs) in [
        ("relates", "relates"),
        ("amends", "amended-by"),
        ("amended-by", "amends"),
    ] {
        let repo = repo_with(&[]);
        let a = put(
            &repo,
            2,
            "use-redis",
            valid("accepted", &format!("{mine}: [3]\n"), "Use Redis"),
        );
        let b = put(&repo, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
        let hits = fires(&repo, &[], "link-asymmetric", "warning", &b, Some(1));
        assert!(
            hits[0]["message"].as_str().unwrap().contains(theirs),
            "{mine}: {hits:#?}"
        );
        assert!(
            hits[0]["hint"].as_str().unwrap().contains(&a),
            "the hint names the record with the link: {hits:#?}"
        );
        repo.write(
            &b,
            valid("accepted", &format!("{theirs}: [2]\n"), "Use Kafka"),
        );
        quiet(&repo, &[]);
    }
}

#[test]
fn rule_supersede_cycle() {
    let repo = repo_with(&[]);
    // 2 and 3 supersede each other; every pair is symmetric, so only the cycle is wrong.
    let a = put(
        &repo,
        2,
        "use-redis",
        valid(
            "superseded",
            "supersedes: [3]\nsuperseded-by: [3]\n",
            "Use Redis",
        ),
    );
    put(
        &repo,
        3,
        "use-kafka",
        valid(
            "superseded",
            "supersedes: [2]\nsuperseded-by: [2]\n",
            "Use Kafka",
        ),
    );
    let hits = fires(&repo, &[], "supersede-cycle", "error", &a, Some(4));
    let m = hits[0]["message"].as_str().unwrap();
    assert!(m.contains("ADR-0002") && m.contains("ADR-0003"), "{m}");
    assert_eq!(hits.len(), 1, "one cycle is reported once: {hits:#?}");
    // A longer chain: 2 → 3 → 4 → 2.
    let repo = repo_with(&[
        (
            2,
            "a",
            valid("superseded", "supersedes: [3]\nsuperseded-by: [4]\n", "A"),
        ),
        (
            3,
            "b",
            valid("superseded", "supersedes: [4]\nsuperseded-by: [2]\n", "B"),
        ),
        (
            4,
            "c",
            valid("superseded", "supersedes: [2]\nsuperseded-by: [3]\n", "C"),
        ),
    ]);
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    assert_eq!(codes(&v), vec!["supersede-cycle"], "{v:#}");
    // A chain without a cycle: 2 supersedes 3, 3 supersedes 4.
    let repo = repo_with(&[
        (2, "a", valid("accepted", "supersedes: [3]\n", "A")),
        (
            3,
            "b",
            valid("superseded", "supersedes: [4]\nsuperseded-by: [2]\n", "B"),
        ),
        (4, "c", valid("superseded", "superseded-by: [3]\n", "C")),
    ]);
    quiet(&repo, &[]);
}

#[test]
fn rule_proposed_on_default_branch() {
    let repo = repo_with(&[(2, "use-redis", valid("proposed", "", "Use Redis"))]);
    let p = adr_path(2, "use-redis");
    let hits = fires(
        &repo,
        &[],
        "proposed-on-default-branch",
        "warning",
        &p,
        Some(2),
    );
    assert!(hits[0]["hint"].as_str().unwrap().contains("git adr accept"));
    // On another branch a proposal is what it should be.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    quiet(&repo, &[]);
    // The default branch can be named in config.toml.
    repo.write(
        ".adr/config.toml",
        "[check]\ndefault-branch = \"feature\"\n",
    );
    fires(
        &repo,
        &[],
        "proposed-on-default-branch",
        "warning",
        &p,
        Some(2),
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        ".adr/config.toml",
        "[check]\ndefault-branch = \"feature\"\n",
    );
    quiet(&repo, &[]);
    // Accepted on main.
    repo.write(".adr/config.toml", "");
    repo.write(&p, valid("accepted", "", "Use Redis"));
    quiet(&repo, &[]);
}

#[test]
fn rule_unmatched_path_glob() {
    let repo = repo_with(&[]);
    repo.write("src/db/pool.rs", "// code\n");
    repo.commit_all("code");
    let p = put(
        &repo,
        2,
        "use-redis",
        valid(
            "accepted",
            "paths:\n  - \"services/events/**\"\n",
            "Use Redis",
        ),
    );
    let hits = fires(&repo, &[], "unmatched-path-glob", "warning", &p, Some(4));
    assert!(hits[0]["message"]
        .as_str()
        .unwrap()
        .contains("services/events/**"));
    for glob in ["src/db/**", "src/", "*.rs", "src/db/pool.rs"] {
        repo.write(
            &p,
            valid("accepted", &format!("paths: [\"{glob}\"]\n"), "Use Redis"),
        );
        quiet(&repo, &[]);
    }
    // An untracked file does not count: the glob must match a tracked file.
    repo.write("services/events/main.rs", "// not added\n");
    repo.write(
        &p,
        valid("accepted", "paths: [\"services/**\"]\n", "Use Redis"),
    );
    fires(&repo, &[], "unmatched-path-glob", "warning", &p, Some(4));
}

/// ADR 1 and the records given as (id, slug, title, front-matter date), committed on the
/// harness's fixed commit date, 2026-11-01.
fn dated_repo(records: &[(u32, &str, &str, &str)]) -> (TestRepo, Vec<String>) {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    let adr1 = adr_path(1, "record-architecture-decisions");
    let text = repo.read(&adr1);
    let line = text.lines().find(|l| l.starts_with("date: ")).unwrap();
    repo.write(&adr1, text.replacen(line, "date: 2026-11-01", 1));
    let paths = records
        .iter()
        .map(|(id, slug, title, date)| {
            put(
                &repo,
                *id,
                slug,
                doc(&format!("status: accepted\ndate: {date}\n"), title),
            )
        })
        .collect();
    repo.commit_all("records");
    (repo, paths)
}

#[test]
fn rule_date_mismatch() {
    let (repo, paths) = dated_repo(&[
        (2, "written-late", "Written late", "2026-11-20"),
        (
            3,
            "drafted-long-before",
            "Drafted long before",
            "2026-08-01",
        ),
        (
            4,
            "drafted-a-week-before",
            "Drafted a week before",
            "2026-10-25",
        ),
        (5, "dated-the-next-day", "Dated the next day", "2026-11-02"),
    ]);
    // Off by default, and then history is not even read.
    quiet(&repo, &[]);
    assert!(!repo.exists(".git/adr/history-v2.bin"));

    let config = repo.read(".adr/config.toml");
    repo.write(
        ".adr/config.toml",
        format!("{config}\n[check.rules]\ndate-mismatch = \"warning\"\n"),
    );
    let hits = fires(&repo, &[], "date-mismatch", "warning", &paths[0], Some(3));
    let short = repo
        .git(&["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string();
    assert_eq!(
        hits[0]["message"],
        format!(
            "`date: 2026-11-20` is 19 days after the commit that created the record ({short} by Ada, 2026-11-01)"
        )
    );
    assert!(hits[0]["hint"]
        .as_str()
        .unwrap()
        .contains("date: 2026-11-01"));
    let (_, v) = report(&repo, &[]);
    let flagged: Vec<&str> = with_code(&v, "date-mismatch")
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // A week of drafting and a day of clock skew pass.
    assert_eq!(flagged, [paths[0].as_str(), paths[1].as_str()]);
    assert!(with_code(&v, "date-mismatch")[1]["message"]
        .as_str()
        .unwrap()
        .contains("92 days before"));

    // Records not committed yet have no creating commit to disagree with.
    put(
        &repo,
        6,
        "not-committed",
        doc("status: accepted\ndate: 2020-01-01\n", "Not committed"),
    );
    let (_, v) = report(&repo, &[]);
    assert_eq!(with_code(&v, "date-mismatch").len(), 2, "{v:#}");

    // As an error, it fails the check; in branch mode only the branch's records are judged.
    repo.write(
        ".adr/config.toml",
        format!("{config}\n[check.rules]\ndate-mismatch = \"error\"\n"),
    );
    std::fs::remove_file(repo.path().join(adr_path(6, "not-committed"))).unwrap();
    repo.commit_all("turn the rule on");
    repo.git(&["checkout", "-q", "-b", "late"]);
    let late = put(
        &repo,
        7,
        "late-on-a-branch",
        doc("status: accepted\ndate: 2026-12-25\n", "Late on a branch"),
    );
    repo.commit_all("late");
    fires(
        &repo,
        &["--base", "main"],
        "date-mismatch",
        "error",
        &late,
        Some(3),
    );

    // A shallow clone has no creating commits for its oldest records: the rule stays quiet.
    let clone = repo.shallow_clone("shallow", 1, "late", false);
    assert!(repo.is_shallow(&clone));
    let o = check_in(&repo, &clone, &["--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(with_code(&v, "date-mismatch").is_empty(), "{v:#}");
    assert_code(&o, 0, "check in a shallow clone");
}

#[test]
fn rule_status_regression() {
    let repo = repo_with(&[
        (2, "use-redis", valid("accepted", "", "Use Redis")),
        (3, "use-kafka", valid("proposed", "", "Use Kafka")),
    ]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let p = adr_path(2, "use-redis");
    repo.write(&p, valid("proposed", "", "Use Redis"));
    repo.commit_all("back to proposed");
    let hits = fires(
        &repo,
        &["--base", "main"],
        "status-regression",
        "error",
        &p,
        Some(2),
    );
    let m = hits[0]["message"].as_str().unwrap();
    assert!(m.contains("accepted") && m.contains("proposed"), "{m}");
    // Only branch mode knows where a status came from.
    quiet_of(&repo, &[], "status-regression");
    // A misspelt status is one problem, reported once (as unknown-status), not a move too.
    repo.write(&p, valid("acepted", "", "Use Redis"));
    repo.commit_all("typo");
    fires(
        &repo,
        &["--base", "main"],
        "unknown-status",
        "error",
        &p,
        Some(2),
    );

    // Moves the lifecycle allows are quiet: proposed → accepted, accepted → deprecated.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "good"]);
    repo.write(
        &adr_path(3, "use-kafka"),
        valid("accepted", "", "Use Kafka"),
    );
    repo.write(&p, valid("deprecated", "", "Use Redis"));
    repo.commit_all("accept kafka, deprecate redis");
    quiet(&repo, &["--base", "main"]);

    // Statuses that skip the lifecycle (rejected → accepted) are regressions too.
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        &adr_path(3, "use-kafka"),
        valid("rejected", "", "Use Kafka"),
    );
    repo.commit_all("reject kafka");
    repo.git(&["checkout", "-q", "-b", "revive"]);
    repo.write(
        &adr_path(3, "use-kafka"),
        valid("accepted", "", "Use Kafka"),
    );
    repo.commit_all("revive kafka");
    fires(
        &repo,
        &["--base", "main"],
        "status-regression",
        "error",
        &adr_path(3, "use-kafka"),
        Some(2),
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Severities from config.toml
// ---------------------------------------------------------------------------------------------

const INDEX: &str = ".adr/README.md";
const INDEX_RULE_ON: &str = "[check.rules]\nindex-outdated = \"error\"\n";

#[test]
fn rule_index_outdated() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    repo.adr_ok(&["index"]);
    repo.commit_all("index");
    // Off by default: an index that lacks a record is not reported.
    let p = put(&repo, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
    quiet(&repo, &[]);

    // On: reported at the first line that differs (where ADR 3's row belongs), with the fix.
    repo.write(".adr/config.toml", INDEX_RULE_ON);
    let hits = fires(&repo, &[], "index-outdated", "error", INDEX, Some(11));
    assert_eq!(
        hits[0]["message"],
        "is out of date: it differs from what `git adr index` writes for these records"
    );
    assert_eq!(
        hits[0]["hint"],
        "run `git adr index` to update .adr/README.md"
    );
    repo.write(
        ".adr/config.toml",
        "[check.rules]\nindex-outdated = \"warning\"\n",
    );
    fires(&repo, &[], "index-outdated", "warning", INDEX, Some(11));

    // Written again: current. A status change makes it outdated at that row.
    repo.write(".adr/config.toml", INDEX_RULE_ON);
    repo.adr_ok(&["index"]);
    quiet(&repo, &[]);
    repo.write(&p, valid("deprecated", "", "Use Kafka"));
    fires(&repo, &[], "index-outdated", "error", INDEX, Some(11));
    repo.adr_ok(&["index"]);
    quiet(&repo, &[]);

    // A checkout with CRLF line endings is still current.
    let lf = repo.read(INDEX);
    repo.write(INDEX, lf.replace('\n', "\r\n"));
    quiet(&repo, &[]);

    // No index at all: nothing to compare (a repository need not keep one).
    std::fs::remove_file(repo.path().join(INDEX)).unwrap();
    quiet(&repo, &[]);

    // A README written by hand is told apart: `git adr index` would replace it.
    repo.write(INDEX, "# Our decisions\n\nAsk Ada.\n");
    let hits = fires(&repo, &[], "index-outdated", "error", INDEX, Some(1));
    let message = hits[0]["message"].as_str().unwrap();
    assert!(
        message.contains("does not start with its generated header"),
        "{message}"
    );
    let hint = hits[0]["hint"].as_str().unwrap();
    assert!(hint.contains("this replaces the file"), "{hint}");
    assert!(hint.contains("index-outdated = \"off\""), "{hint}");
}

#[test]
fn index_outdated_when_staged_compares_the_staged_index_file_with_the_staged_records() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    repo.write(".adr/config.toml", INDEX_RULE_ON);
    repo.adr_ok(&["index"]);
    repo.commit_all("index, and the rule on");

    // A record staged without the index: the commit would hold an index that lacks it.
    let p = put(&repo, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
    repo.git(&["add", &p]);
    let hits = fires(
        &repo,
        &["--staged"],
        "index-outdated",
        "error",
        INDEX,
        Some(11),
    );
    assert_eq!(
        hits[0]["hint"],
        "run `git adr index`, then `git add .adr/README.md`"
    );
    // Written but not staged: the work tree is current, the commit still is not.
    repo.adr_ok(&["index"]);
    quiet(&repo, &[]);
    fires(
        &repo,
        &["--staged"],
        "index-outdated",
        "error",
        INDEX,
        Some(11),
    );
    // Both staged: the commit is consistent.
    repo.git(&["add", INDEX]);
    quiet(&repo, &["--staged"]);
    // A record only in the work tree does not make the commit's index outdated.
    put(&repo, 4, "use-nats", valid("accepted", "", "Use NATS"));
    quiet(&repo, &["--staged"]);
    fires(&repo, &[], "index-outdated", "error", INDEX, Some(12));
}

#[test]
fn index_outdated_on_a_branch_judges_the_committed_tip() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    repo.write(".adr/config.toml", INDEX_RULE_ON);
    repo.adr_ok(&["index"]);
    repo.commit_all("index, and the rule on");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    put(&repo, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
    repo.commit_all("ADR 3 without the index");
    let hits = fires(
        &repo,
        &["--base", "main"],
        "index-outdated",
        "error",
        INDEX,
        Some(11),
    );
    assert_eq!(
        hits[0]["hint"],
        "run `git adr index` and commit .adr/README.md"
    );
    // Regenerated but not committed: the branch is still what is judged.
    repo.adr_ok(&["index"]);
    fires(
        &repo,
        &["--base", "main"],
        "index-outdated",
        "error",
        INDEX,
        Some(11),
    );
    repo.commit_all("index");
    quiet(&repo, &["--base", "main"]);
}

#[test]
fn config_severities_change_the_result() {
    let repo = repo_with(&[]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let p = repo
        .adr_ok(&["new", "Use Redis", "--status", "accepted", "--no-edit"])
        .trim()
        .to_string();
    let (exit, _) = report(&repo, &[]);
    assert_eq!(exit, 1);

    // An error turned off: not reported, exit 0.
    repo.write(
        ".adr/config.toml",
        "# team settings\n[check.rules]\nplaceholder-text = \"off\"\n",
    );
    quiet(&repo, &[]);

    // An error turned into a warning: reported as a warning, exit 0.
    repo.write(
        ".adr/config.toml",
        "[check.rules]\nplaceholder-text = \"warning\"\n",
    );
    fires(&repo, &[], "placeholder-text", "warning", &p, Some(8));

    // A warning turned into an error: exit 1.
    repo.write(&p, valid("accepted", "", "Use Memcached"));
    fires(&repo, &[], "title-mismatch", "warning", &p, Some(6));
    repo.write(
        ".adr/config.toml",
        "[check.rules]\ntitle-mismatch = \"error\"\n",
    );
    fires(&repo, &[], "title-mismatch", "error", &p, Some(6));

    // Severity applies in every scope and format.
    repo.git(&["add", "-A"]);
    fires(&repo, &["--staged"], "title-mismatch", "error", &p, Some(6));
    let o = check(&repo, &["--format", "github"]);
    assert_code(&o, 1, "github format");
    assert!(stdout(&o).contains("::error file="), "{}", stdout(&o));

    // Duplicate ids as a warning only.
    repo.write(
        ".adr/config.toml",
        "[check.rules]\ntitle-mismatch = \"off\"\nduplicate-id = \"warning\"\n",
    );
    put(&repo, 2, "use-kafka", valid("accepted", "", "Use Kafka"));
    fires(&repo, &[], "duplicate-id", "warning", &p, None);
}

#[test]
fn an_unknown_rule_in_config_is_a_warning_naming_the_file_and_line() {
    let repo = repo_with(&[]);
    repo.write(
        ".adr/config.toml",
        "# team settings\n[check.rules]\nreview-overdue = \"off\"\nno-such-rule = \"off\"\n",
    );
    for args in [&[][..], &["--format", "json"], &["--format", "github"]] {
        let o = check(&repo, args);
        assert_code(&o, 0, "unknown rule");
        let err = stderr(&o);
        assert!(
            err.contains("warning: .adr/config.toml:4"),
            "{args:?}: {err}"
        );
        assert!(err.contains("no-such-rule"), "{err}");
        assert!(
            err.contains("review-overdue"),
            "the warning lists the known rules: {err}"
        );
    }
    // A severity that is not error, warning or off is refused too.
    repo.write(
        ".adr/config.toml",
        "[check.rules]\nreview-overdue = \"fatal\"\n",
    );
    let o = check(&repo, &[]);
    assert_code(&o, 2, "bad severity");
    assert!(stderr(&o).contains(".adr/config.toml"), "{}", stderr(&o));
    assert!(stderr(&o).contains("fatal"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// 3. Scopes: work tree, index, the temporary index of a hook
// ---------------------------------------------------------------------------------------------

/// A broken ADR (missing date) whose problem is at a known line.
fn broken(title: &str) -> String {
    doc("status: accepted\n", title)
}

#[test]
fn staged_reads_the_index_not_the_work_tree() {
    let repo = repo_with(&[]);
    // Staged broken, fixed only in the work tree: the commit would record the broken one.
    let p = put(&repo, 2, "use-redis", broken("Use Redis"));
    repo.git(&["add", &p]);
    repo.write(&p, valid("accepted", "", "Use Redis"));
    fires(&repo, &["--staged"], "missing-field", "error", &p, Some(1));
    quiet(&repo, &[]);

    // The reverse: staged fixed, broken again in the work tree.
    repo.git(&["add", &p]);
    repo.write(&p, broken("Use Redis"));
    quiet(&repo, &["--staged"]);
    fires(&repo, &[], "missing-field", "error", &p, Some(1));

    // A record deleted from the work tree but still staged is read from the index.
    repo.git(&["add", &p]);
    repo.git(&["commit", "-q", "-m", "x"]); // committed broken, so nothing staged
    repo.write(&p, valid("accepted", "", "Use Redis"));
    repo.git(&["add", &p]);
    std::fs::remove_file(repo.path().join(&p)).unwrap();
    quiet(&repo, &["--staged"]);
    let (_, v) = report(&repo, &["--staged"]);
    assert_eq!(v["scope"], "staged");
    assert_eq!(v["records_checked"], 1, "{v:#}");
}

#[test]
fn staged_with_no_record_staged_is_a_quick_exit_0() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    // Broken in the work tree, untracked broken file, and a staged change outside .adr/.
    repo.write(&adr_path(2, "use-redis"), broken("Use Redis"));
    put(&repo, 3, "use-kafka", broken("Use Kafka"));
    repo.write("src/main.rs", "fn main() {}\n");
    repo.git(&["add", "src/main.rs"]);
    let o = check(&repo, &["--staged"]);
    assert_code(&o, 0, "nothing staged under .adr/");
    assert_eq!(stdout(&o), "");
    let (exit, v) = report(&repo, &["--staged"]);
    assert_eq!(exit, 0);
    assert_eq!(v["records_checked"], 0, "{v:#}");
    assert!(findings(&v).is_empty(), "{v:#}");
    let o = check(&repo, &["--staged", "--format", "github"]);
    assert_code(&o, 0, "github, nothing staged");
    // …while the work tree is broken.
    let (exit, _) = report(&repo, &[]);
    assert_eq!(exit, 1);
}

#[test]
fn staged_checks_only_the_staged_records_but_against_the_whole_set() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    // A broken record already committed is not this commit's to fix.
    put(&repo, 3, "old-one", broken("Old one"));
    repo.commit_all("broken before hooks existed");
    let p = put(&repo, 4, "use-kafka", valid("accepted", "", "Use Kafka"));
    repo.git(&["add", &p]);
    quiet(&repo, &["--staged"]);
    // A staged record that takes a number already in the index is a duplicate.
    let dup = put(&repo, 2, "use-nats", valid("accepted", "", "Use NATS"));
    repo.git(&["add", &dup]);
    let hits = fires(&repo, &["--staged"], "duplicate-id", "error", &dup, None);
    assert!(hits[0]["message"]
        .as_str()
        .unwrap()
        .contains(&adr_path(2, "use-redis")));
    repo.git(&["rm", "-q", "--cached", &dup]);
    // A staged record linking to a number that does not exist.
    repo.write(&p, valid("accepted", "relates: [9]\n", "Use Kafka"));
    repo.git(&["add", &p]);
    fires(&repo, &["--staged"], "broken-link", "error", &p, Some(4));
    // Linking one-sidedly to an existing record: reported on the other record.
    repo.write(&p, valid("accepted", "relates: [2]\n", "Use Kafka"));
    repo.git(&["add", &p]);
    fires(
        &repo,
        &["--staged"],
        "link-asymmetric",
        "warning",
        &adr_path(2, "use-redis"),
        Some(1),
    );
}

#[test]
fn staged_links_are_judged_against_the_index_not_the_work_tree() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    // The record it links to exists only in the work tree, untracked: the commit would
    // record a link to nothing.
    put(
        &repo,
        3,
        "use-nats",
        valid("accepted", "relates: [4]\n", "Use NATS"),
    );
    let p = put(
        &repo,
        4,
        "use-kafka",
        valid("accepted", "relates: [3]\n", "Use Kafka"),
    );
    repo.git(&["add", &p]);
    fires(&repo, &["--staged"], "broken-link", "error", &p, Some(4));
    // Linked back only in the work tree: the staged record 2 does not link back.
    repo.write(&p, valid("accepted", "relates: [2]\n", "Use Kafka"));
    repo.git(&["add", &p]);
    let redis = adr_path(2, "use-redis");
    repo.write(&redis, valid("accepted", "relates: [4]\n", "Use Redis"));
    fires(
        &repo,
        &["--staged"],
        "link-asymmetric",
        "warning",
        &redis,
        Some(1),
    );
    repo.git(&["add", &redis]);
    quiet(&repo, &["--staged"]);
}

#[test]
fn staged_nothing_after_a_reset_or_a_change_staged_back_to_head() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    // A folder below the records, so the index's trees are nested.
    repo.write(".adr/decisions/notes/n.md", "not a record\n");
    repo.commit_all("notes");
    let p = adr_path(2, "use-redis");
    let committed = repo.read(&p);
    // Staged broken, then unstaged with a reset: the index is HEAD again, although git no
    // longer knows it from the index's cached trees.
    repo.write(&p, broken("Use Redis"));
    repo.git(&["add", &p]);
    fires(&repo, &["--staged"], "missing-field", "error", &p, Some(1));
    repo.git(&["reset", "-q"]);
    let (exit, v) = report(&repo, &["--staged"]);
    assert_eq!(
        (exit, &v["records_checked"]),
        (0, &serde_json::json!(0)),
        "{v:#}"
    );
    // Staged broken, then the committed text staged over it: nothing to commit.
    repo.git(&["add", &p]);
    repo.write(&p, &committed);
    repo.git(&["add", &p]);
    let (exit, v) = report(&repo, &["--staged"]);
    assert_eq!(
        (exit, &v["records_checked"]),
        (0, &serde_json::json!(0)),
        "{v:#}"
    );
    repo.write(&p, broken("Use Redis"));
    repo.git(&["add", &p]);
    fires(&repo, &["--staged"], "missing-field", "error", &p, Some(1));
}

/// Builds a temporary index from the current `.git/index` with `paths` added from the work tree
/// (`GIT_INDEX_FILE=… git add`), as `git commit -a` does before running hooks.
fn temp_index(repo: &TestRepo, paths: &[&str]) -> PathBuf {
    let idx = repo.dir.path().join("tmp-index");
    std::fs::copy(repo.path().join(".git/index"), &idx).unwrap();
    let mut args = vec!["add", "--"];
    args.extend_from_slice(paths);
    let o = git_env(repo, &repo.path(), &[("GIT_INDEX_FILE", &idx)], &args);
    assert!(o.status.success(), "{}", stderr(&o));
    idx
}

#[test]
fn staged_honours_git_index_file() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    let p = adr_path(2, "use-redis");
    // The temporary index holds a broken version; .git/index has nothing staged.
    repo.write(&p, broken("Use Redis"));
    let idx = temp_index(&repo, &[&p]);
    repo.write(&p, valid("accepted", "", "Use Redis"));
    let o = repo
        .adr(&["check", "--staged"])
        .env("GIT_INDEX_FILE", &idx)
        .output()
        .unwrap();
    assert_code(&o, 1, "GIT_INDEX_FILE with a broken record");
    assert!(
        stdout(&o).contains(&format!("{p}:1: error[missing-field]")),
        "{}",
        stdout(&o)
    );
    quiet(&repo, &["--staged"]);

    // The reverse: .git/index holds the broken version, the temporary index the fixed one.
    repo.write(&p, broken("Use Redis"));
    repo.git(&["add", &p]);
    repo.write(&p, valid("accepted", "", "Use Redis"));
    let idx = temp_index(&repo, &[&p]);
    let o = repo
        .adr(&["check", "--staged", "--format", "json"])
        .env("GIT_INDEX_FILE", &idx)
        .output()
        .unwrap();
    assert_code(&o, 0, "GIT_INDEX_FILE with the fixed record");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(findings(&v).is_empty(), "{v:#}");
    let (exit, _) = report(&repo, &["--staged"]);
    assert_eq!(exit, 1, "without GIT_INDEX_FILE the real index is read");

    // A relative GIT_INDEX_FILE (git passes `.git/index.lock`) is relative to the work tree.
    let o = repo
        .adr(&["check", "--staged"])
        .env("GIT_INDEX_FILE", "../tmp-index")
        .output()
        .unwrap();
    assert_code(&o, 0, "relative GIT_INDEX_FILE");
}

/// A pre-commit hook that runs the real binary's `check --staged`, as `hook install` would.
fn install_check_hook(repo: &TestRepo) {
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        format!("#!/bin/sh\nexec '{}' check --staged\n", bin().display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn commit_a_checks_what_it_commits() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    install_check_hook(&repo);
    let p = adr_path(2, "use-redis");
    let before = commit_count(&repo);

    // Broken only in the work tree: `git commit -a` would commit it and must be refused.
    repo.write(&p, broken("Use Redis"));
    let o = git_env(
        &repo,
        &repo.path(),
        &[],
        &["commit", "-q", "-a", "-m", "broken"],
    );
    assert!(
        !o.status.success(),
        "commit -a of a broken record went through"
    );
    assert!(
        stderr(&o).contains(&format!("{p}:1: error[missing-field]")),
        "the hook names file and line: {}",
        stderr(&o)
    );
    assert_eq!(commit_count(&repo), before);

    // `git commit <path>` uses yet another temporary index.
    let o = git_env(
        &repo,
        &repo.path(),
        &[],
        &["commit", "-q", "-m", "broken", "--", &p],
    );
    assert!(
        !o.status.success(),
        "commit <path> of a broken record went through"
    );
    assert_eq!(commit_count(&repo), before);

    // Broken version staged, fixed in the work tree: `commit -a` records the fixed one.
    repo.git(&["add", &p]);
    repo.write(&p, valid("accepted", "tags: [cache]\n", "Use Redis"));
    let o = git_env(
        &repo,
        &repo.path(),
        &[],
        &["commit", "-q", "-a", "-m", "fixed"],
    );
    assert!(
        o.status.success(),
        "commit -a of a fixed record was refused: {}",
        stderr(&o)
    );
    assert_eq!(commit_count(&repo), before + 1);
    assert_eq!(repo.git(&["show", &format!("HEAD:{p}")]), repo.read(&p));
}

#[test]
fn staged_deletion_and_rename_of_a_record() {
    let repo = repo_with(&[
        (2, "use-redis", valid("accepted", "", "Use Redis")),
        (3, "use-kafka", valid("accepted", "", "Use Kafka")),
        (
            4,
            "use-nats",
            valid("accepted", "relates: [5]\n", "Use NATS"),
        ),
        (
            5,
            "use-grpc",
            valid("accepted", "relates: [4]\n", "Use gRPC"),
        ),
    ]);
    // Deleting a record nobody references.
    repo.git(&["rm", "-q", &adr_path(3, "use-kafka")]);
    quiet(&repo, &["--staged"]);
    quiet(&repo, &[]);
    repo.git(&["commit", "-q", "-m", "drop kafka"]);

    // Renaming a record to a name that fits its new title.
    repo.git(&["mv", &adr_path(2, "use-redis"), &adr_path(2, "use-valkey")]);
    repo.write(
        &adr_path(2, "use-valkey"),
        valid("accepted", "", "Use Valkey"),
    );
    repo.git(&["add", "-A"]);
    quiet(&repo, &["--staged"]);
    quiet(&repo, &[]);
    repo.git(&["commit", "-q", "-m", "valkey"]);

    // Renaming onto a taken number is a duplicate.
    repo.git(&["mv", &adr_path(2, "use-valkey"), &adr_path(4, "use-valkey")]);
    fires(
        &repo,
        &["--staged"],
        "duplicate-id",
        "error",
        &adr_path(4, "use-valkey"),
        None,
    );
    repo.git(&["mv", &adr_path(4, "use-valkey"), &adr_path(2, "use-valkey")]);
    quiet(&repo, &["--staged"]);

    // Renaming to a name that is not a record's is reported.
    let odd = format!("{DECISIONS}/valkey.md");
    repo.git(&["mv", &adr_path(2, "use-valkey"), &odd]);
    let (_, v) = report(&repo, &["--staged"]);
    assert!(
        with_code(&v, "file-name")
            .iter()
            .any(|f| f["path"] == odd.as_str()),
        "{v:#}"
    );
    repo.git(&["mv", &odd, &adr_path(2, "use-valkey")]);

    // Deleting a record another one references breaks that link.
    repo.git(&["rm", "-q", &adr_path(5, "use-grpc")]);
    fires(
        &repo,
        &[],
        "broken-link",
        "error",
        &adr_path(4, "use-nats"),
        Some(4),
    );
    // The hook catches it too: a staged deletion makes --staged read the records that link.
    fires(
        &repo,
        &["--staged"],
        "broken-link",
        "error",
        &adr_path(4, "use-nats"),
        Some(4),
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Branch-safe ids: two branches each add ADR 5
// ---------------------------------------------------------------------------------------------

/// main has ADRs 1–4; `feature` forks, adds `0005-use-kafka.md` superseding 4; then main adds
/// `0005-use-redis.md`. Returns the repo (on `feature`) and main's commit that took 5.
fn two_branches_take_5() -> (TestRepo, String) {
    let repo = repo_with(&[
        (2, "use-postgresql", valid("accepted", "", "Use PostgreSQL")),
        (3, "use-grpc", valid("accepted", "", "Use gRPC")),
        (4, "use-rabbitmq", valid("accepted", "", "Use RabbitMQ")),
    ]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    put(
        &repo,
        5,
        "use-kafka",
        valid("accepted", "supersedes: [4]\n", "Use Kafka"),
    );
    put(
        &repo,
        4,
        "use-rabbitmq",
        valid("superseded", "superseded-by: [5]\n", "Use RabbitMQ"),
    );
    repo.commit_all("Replace RabbitMQ with Kafka");
    repo.git(&["checkout", "-q", "main"]);
    put(&repo, 5, "use-redis", valid("accepted", "", "Use Redis"));
    repo.commit_all("Use Redis for caching");
    let sha = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.git(&["checkout", "-q", "feature"]);
    (repo, sha)
}

fn assert_names_commit(message: &str, sha: &str, subject: &str) {
    let after = message
        .split(" by ")
        .nth(1)
        .unwrap_or_else(|| panic!("no `by <commit>` in: {message}"));
    let short = after.split_whitespace().next().unwrap();
    assert!(
        short.len() >= 7 && sha.starts_with(short),
        "`{short}` is not a short sha of {sha}: {message}"
    );
    assert!(message.contains(subject), "the subject is named: {message}");
}

#[test]
fn before_merging_check_base_names_the_commit_on_main_that_took_the_number() {
    let (repo, sha) = two_branches_take_5();
    let kafka = adr_path(5, "use-kafka");
    // Plain check on the branch sees nothing wrong: the collision is only in the merge result.
    quiet(&repo, &[]);
    let hits = fires(
        &repo,
        &["--base", "main"],
        "id-taken-on-base",
        "error",
        &kafka,
        None,
    );
    let m = hits[0]["message"].as_str().unwrap();
    assert!(m.contains("ADR-0005"), "{m}");
    assert!(m.contains("main"), "{m}");
    assert!(m.contains(&adr_path(5, "use-redis")), "{m}");
    assert_names_commit(m, &sha, "Use Redis for caching");
    assert!(
        hits[0]["hint"]
            .as_str()
            .unwrap()
            .contains("git adr renumber"),
        "{:#}",
        hits[0]
    );
    // The human and GitHub formats say the same.
    let o = check(&repo, &["--base", "main"]);
    assert!(stdout(&o).contains(&sha[..7]), "{}", stdout(&o));
    let o = check(&repo, &["--base", "main", "--format", "github"]);
    assert_code(&o, 1, "github");
    assert!(
        stdout(&o).starts_with(&format!(
            "::error file={},title=git-adr id-taken-on-base::",
            kafka
        )),
        "{}",
        stdout(&o)
    );

    // Also from a detached HEAD (how CI checks out a pull request).
    repo.git(&["checkout", "-q", "--detach", "feature"]);
    fires(
        &repo,
        &["--base", "main"],
        "id-taken-on-base",
        "error",
        &kafka,
        None,
    );
    repo.git(&["checkout", "-q", "feature"]);

    // A number main did not take is fine.
    let repo2 = repo_with(&[]);
    repo2.git(&["checkout", "-q", "-b", "feature"]);
    put(&repo2, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
    repo2.commit_all("kafka");
    repo2.git(&["checkout", "-q", "main"]);
    put(&repo2, 2, "use-redis", valid("accepted", "", "Use Redis"));
    repo2.commit_all("redis");
    repo2.git(&["checkout", "-q", "feature"]);
    quiet(&repo2, &["--base", "main"]);
}

#[test]
fn renumbering_on_the_branch_makes_check_base_pass_and_links_follow() {
    let (repo, _) = two_branches_take_5();
    let o = repo.adr(&["renumber", "5", "6"]).output().unwrap();
    assert_code(&o, 0, "renumber on the branch");
    assert!(repo.exists(&adr_path(6, "use-kafka")));
    assert!(
        repo.read(&adr_path(4, "use-rabbitmq"))
            .contains("superseded-by: [6]"),
        "{}",
        repo.read(&adr_path(4, "use-rabbitmq"))
    );
    quiet(&repo, &[]);
    repo.commit_all("renumber kafka");
    quiet(&repo, &["--base", "main"]);
    // …and the merge is clean too.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    quiet(&repo, &[]);
}

#[test]
fn after_the_merge_check_names_both_files_and_renumber_fixes_it() {
    let (repo, _) = two_branches_take_5();
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    let kafka = adr_path(5, "use-kafka");
    let redis = adr_path(5, "use-redis");
    assert!(repo.exists(&kafka) && repo.exists(&redis));
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    let dups = with_code(&v, "duplicate-id");
    for (p, other) in [(&kafka, &redis), (&redis, &kafka)] {
        let f = dups
            .iter()
            .find(|f| f["path"] == p.as_str())
            .unwrap_or_else(|| panic!("no duplicate-id on {p}: {v:#}"));
        assert_eq!(f["severity"], "error");
        assert!(
            f["message"].as_str().unwrap().contains(other.as_str()),
            "{f:#}"
        );
    }
    let o = check(&repo, &[]);
    assert_code(&o, 1, "human");
    assert!(stdout(&o).contains(&format!("{kafka}: error[duplicate-id]")));
    assert!(stdout(&o).contains(&format!("{redis}: error[duplicate-id]")));

    let o = repo.adr(&["renumber", &kafka, "6"]).output().unwrap();
    assert_code(&o, 0, "renumber after the merge");
    assert!(repo.exists(&adr_path(6, "use-kafka")) && repo.exists(&redis));
    assert!(
        repo.read(&adr_path(4, "use-rabbitmq"))
            .contains("superseded-by: [6]"),
        "the link follows the moved record: {}",
        repo.read(&adr_path(4, "use-rabbitmq"))
    );
    quiet(&repo, &[]);
    repo.commit_all("renumber kafka");
    quiet(&repo, &[]);
    quiet(&repo, &["--staged"]);
}

// ---------------------------------------------------------------------------------------------
// 5. Branch mode and repository states
// ---------------------------------------------------------------------------------------------

#[test]
fn branch_mode_does_not_blame_the_branch_for_records_it_did_not_touch() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    // Broken on main before the branch existed: placeholders, a missing date, a bad name.
    repo.adr_ok(&["new", "Use Kafka", "--no-edit"]);
    put(&repo, 4, "use-nats", broken("Use NATS"));
    put(&repo, 5, "wrong-slug", valid("accepted", "", "Use gRPC"));
    repo.commit_all("broken records on main");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let mine = put(&repo, 6, "use-valkey", valid("accepted", "", "Use Valkey"));
    repo.commit_all("valkey");
    let (exit, v) = report(&repo, &["--base", "main"]);
    assert_eq!(exit, 0, "{v:#}");
    assert!(findings(&v).is_empty(), "{v:#}");
    assert_eq!(v["scope"], "branch");
    assert_eq!(v["base"], "main");
    assert_eq!(
        v["merge_base"],
        repo.git(&["merge-base", "main", "HEAD"]).trim(),
        "{v:#}"
    );
    assert_eq!(v["records_checked"], 1, "{v:#}");
    // Plain check does see them.
    let (exit, _) = report(&repo, &[]);
    assert_eq!(exit, 1);
    // What the branch changes is checked.
    repo.write(&mine, broken("Use Valkey"));
    repo.commit_all("break valkey");
    fires(
        &repo,
        &["--base", "main"],
        "missing-field",
        "error",
        &mine,
        Some(1),
    );
    // Editing a broken record makes it the branch's.
    repo.write(&mine, valid("accepted", "", "Use Valkey"));
    repo.write(&adr_path(4, "use-nats"), broken("Use NATS!"));
    repo.commit_all("touch nats");
    fires(
        &repo,
        &["--base", "main"],
        "missing-field",
        "error",
        &adr_path(4, "use-nats"),
        Some(1),
    );
}

#[test]
fn branch_mode_reads_commits_not_the_work_tree() {
    let repo = repo_with(&[]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let p = put(&repo, 2, "use-redis", valid("accepted", "", "Use Redis"));
    repo.commit_all("redis");
    repo.write(&p, broken("Use Redis")); // uncommitted
    quiet(&repo, &["--base", "main"]);
    // An empty branch: nothing to check.
    repo.git(&["checkout", "-q", "-f", "main"]);
    repo.git(&["checkout", "-q", "-b", "empty"]);
    let (exit, v) = report(&repo, &["--base", "main"]);
    assert_eq!(exit, 0, "{v:#}");
    assert_eq!(v["records_checked"], 0);
}

#[test]
fn base_of_an_unknown_ref_is_exit_2_with_a_hint() {
    let repo = repo_with(&[]);
    for format in ["human", "json", "github"] {
        let o = check(&repo, &["--base", "origin/nope", "--format", format]);
        assert_code(&o, 2, "unknown base");
        let err = stderr(&o);
        assert!(err.contains("origin/nope"), "{err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(
            err.contains("git fetch") || err.contains("git branch"),
            "{err}"
        );
    }
    // --staged and --base do not go together.
    let o = check(&repo, &["--staged", "--base", "main"]);
    assert_code(&o, 2, "--staged with --base");
}

/// An origin whose `feature` forked three commits before main's tip and added two of its own.
fn origin_with_deep_fork() -> TestRepo {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    put(&repo, 3, "use-kafka", valid("accepted", "", "Use Kafka"));
    repo.commit_all("kafka");
    repo.write("src/a.rs", "// a\n");
    repo.commit_all("code");
    repo.git(&["checkout", "-q", "main"]);
    for i in 0..3 {
        repo.write(&format!("src/main{i}.rs"), "// main\n");
        repo.commit_all(&format!("main {i}"));
    }
    put(&repo, 3, "use-nats", valid("accepted", "", "Use NATS"));
    repo.commit_all("Use NATS");
    repo
}

#[test]
fn a_shallow_clone_without_the_merge_base_says_to_fetch_more_history() {
    let origin = origin_with_deep_fork();
    let clone = origin.shallow_clone("clone", 1, "feature", true);
    assert!(origin.is_shallow(&clone));
    for format in ["human", "json", "github"] {
        let o = origin
            .adr_in(
                &clone,
                &["check", "--base", "origin/main", "--format", format],
            )
            .output()
            .unwrap();
        assert_code(&o, 2, "shallow clone");
        let err = stderr(&o);
        assert!(err.contains("shallow"), "{err}");
        assert!(err.contains("--unshallow"), "{err}");
        assert!(err.contains("fetch-depth: 0"), "{err}");
        assert!(
            !stdout(&o).contains("::error") && !stdout(&o).contains("\"findings\""),
            "no report, so no wrong answer: {}",
            stdout(&o)
        );
    }
    // Plain check works in a shallow clone.
    let o = origin.adr_in(&clone, &["check"]).output().unwrap();
    assert_code(&o, 0, "plain check in a shallow clone");

    // After fetching more history, the right answer: ADR 3 was taken on main.
    origin.git_in(&clone, &["fetch", "-q", "--unshallow"]);
    let o = origin
        .adr_in(
            &clone,
            &["check", "--base", "origin/main", "--format", "json"],
        )
        .output()
        .unwrap();
    assert_code(&o, 1, "after unshallow");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(codes(&v), vec!["id-taken-on-base"], "{v:#}");
}

#[test]
fn a_shallow_clone_deep_enough_gives_the_full_answer() {
    let origin = origin_with_deep_fork();
    let clone = origin.shallow_clone("clone", 20, "feature", true);
    let o = origin
        .adr_in(
            &clone,
            &["check", "--base", "origin/main", "--format", "json"],
        )
        .output()
        .unwrap();
    assert_code(&o, 1, "deep enough");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(codes(&v), vec!["id-taken-on-base"], "{v:#}");
    assert_names_commit(
        findings(&v)[0]["message"].as_str().unwrap(),
        origin.git(&["rev-parse", "main"]).trim(),
        "Use NATS",
    );
}

#[test]
fn detached_head_works_in_every_scope() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        &adr_path(2, "use-redis"),
        valid("proposed", "", "Use Redis"),
    );
    repo.commit_all("regress");
    repo.git(&["checkout", "-q", "--detach", "HEAD"]);
    quiet(&repo, &[]);
    fires(
        &repo,
        &["--base", "main"],
        "status-regression",
        "error",
        &adr_path(2, "use-redis"),
        Some(2),
    );
    let p = put(&repo, 3, "use-kafka", broken("Use Kafka"));
    repo.git(&["add", &p]);
    fires(&repo, &["--staged"], "missing-field", "error", &p, Some(1));
}

#[test]
fn a_repository_without_commits() {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    // Work tree.
    quiet(&repo, &[]);
    // Nothing staged.
    quiet(&repo, &["--staged"]);
    // Everything staged (there is no HEAD to compare with).
    repo.git(&["add", "-A"]);
    let (exit, v) = report(&repo, &["--staged"]);
    assert_eq!(exit, 0, "{v:#}");
    assert!(findings(&v).is_empty(), "{v:#}");
    assert_eq!(v["records_checked"], 1, "{v:#}");
    let p = put(&repo, 2, "use-redis", broken("Use Redis"));
    repo.git(&["add", &p]);
    fires(&repo, &["--staged"], "missing-field", "error", &p, Some(1));
    fires(&repo, &[], "missing-field", "error", &p, Some(1));
    // Branch mode needs commits: a clear exit 2, whatever the format.
    for format in ["human", "json"] {
        let o = check(&repo, &["--base", "main", "--format", format]);
        assert_code(&o, 2, "--base in a repository without commits");
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains("main"), "{err}");
        assert!(err.contains("hint:"), "{err}");
    }
}

/// ADR 2 "Use NATS" and ADR 3 "Use gRPC", each relating to the other, committed.
fn nats_and_grpc_related() -> TestRepo {
    repo_with(&[
        (
            2,
            "use-nats",
            valid("accepted", "relates: [3]\n", "Use NATS"),
        ),
        (
            3,
            "use-grpc",
            valid("accepted", "relates: [2]\n", "Use gRPC"),
        ),
    ])
}

#[test]
fn branch_mode_reports_a_link_that_the_branch_breaks_in_a_record_it_did_not_touch() {
    let repo = nats_and_grpc_related();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.git(&["rm", "-q", &adr_path(3, "use-grpc")]);
    repo.commit_all("drop gRPC");
    fires(
        &repo,
        &["--base", "main"],
        "broken-link",
        "error",
        &adr_path(2, "use-nats"),
        Some(4),
    );
}

#[test]
fn branch_mode_does_not_fail_for_whole_set_problems_already_on_the_base() {
    // main already has a dangling link and a one-sided relation in records the branch leaves
    // alone; a branch that only adds an unrelated, valid record is not the one to fix them
    // (as for the per-record rules: "problems in files the branch did not touch are not the
    // branch's to fix").
    let repo = repo_with(&[
        (2, "use-nats", valid("accepted", "", "Use NATS")),
        (
            3,
            "use-grpc",
            valid("accepted", "relates: [40]\n", "Use gRPC"),
        ),
        (
            4,
            "use-kafka",
            valid("accepted", "relates: [2]\n", "Use Kafka"),
        ),
    ]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    put(&repo, 5, "use-valkey", valid("accepted", "", "Use Valkey"));
    repo.commit_all("valkey");
    let (exit, v) = report(&repo, &["--base", "main"]);
    assert!(
        exit == 0 && v["errors"] == 0,
        "the branch is failed for problems it did not cause (exit {exit}):\n{v:#}"
    );
    assert!(
        findings(&v).is_empty(),
        "findings in records the branch did not touch:\n{v:#}"
    );
}

#[test]
fn ci_checkout_of_the_synthetic_merge_commit_still_fails_on_a_shared_number() {
    // GitHub checks out refs/pull/N/merge: a detached merge of the branch into the base.
    let (repo, _) = two_branches_take_5();
    repo.git(&["checkout", "-q", "--detach", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    let (exit, v) = report(&repo, &["--base", "main"]);
    assert_eq!(exit, 1, "{v:#}");
    let paths: Vec<&str> = findings(&v)
        .iter()
        .filter(|f| f["code"] == "duplicate-id" || f["code"] == "id-taken-on-base")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&adr_path(5, "use-kafka").as_str()),
        "the new record is named: {v:#}"
    );
}

#[test]
fn staged_in_a_linked_worktree_reads_that_worktrees_index() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    let wt = repo.dir.path().join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "wt"]);
    let p = adr_path(3, "use-kafka");
    std::fs::write(wt.join(&p), broken("Use Kafka")).unwrap();
    repo.git_in(&wt, &["add", &p]);
    let o = check_in(&repo, &wt, &["--staged"]);
    assert_code(&o, 1, "staged in the linked worktree");
    assert!(
        stdout(&o).contains(&format!("{p}:1: error[missing-field]")),
        "{}",
        stdout(&o)
    );
    // The main worktree has nothing staged.
    quiet(&repo, &["--staged"]);
    quiet(&repo, &[]);
}

#[test]
fn git_dir_and_git_work_tree_are_honoured() {
    let repo = repo_with(&[]);
    let p = put(&repo, 2, "use-redis", broken("Use Redis"));
    let elsewhere = tempfile::tempdir().unwrap();
    let o = repo
        .adr_in(elsewhere.path(), &["check"])
        .env("GIT_DIR", repo.path().join(".git"))
        .env("GIT_WORK_TREE", repo.path())
        .output()
        .unwrap();
    assert_code(&o, 1, "GIT_DIR + GIT_WORK_TREE");
    let name = p.rsplit('/').next().unwrap();
    assert!(
        stdout(&o).contains(&format!("{name}:1: error[missing-field]")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_bare_repository_checks_head() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    put(&repo, 3, "use-kafka", broken("Use Kafka"));
    repo.commit_all("broken kafka");
    let bare = repo.dir.path().join("bare.git");
    repo.git_in(
        repo.dir.path(),
        &["clone", "-q", "--bare", "work", bare.to_str().unwrap()],
    );
    let o = check_in(&repo, &bare, &["--format", "json"]);
    assert_no_panic(&o, "bare");
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(codes(&v), vec!["missing-field"], "{v:#}");
    assert_eq!(findings(&v)[0]["path"], adr_path(3, "use-kafka").as_str());
    let o = check_in(&repo, &bare, &["--staged"]);
    assert!(
        matches!(o.status.code(), Some(0) | Some(2)),
        "--staged in a bare repository: nothing staged, or a clear error: {}",
        stderr(&o)
    );
    assert_no_panic(&o, "bare --staged");
}

#[test]
fn mid_rebase_a_conflicted_record_is_reported_as_a_conflict() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    let p = adr_path(2, "use-redis");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(&p, valid("deprecated", "", "Use Redis"));
    repo.commit_all("deprecate");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&p, valid("superseded", "", "Use Redis"));
    repo.commit_all("supersede");
    repo.git(&["checkout", "-q", "feature"]);
    let o = git_env(&repo, &repo.path(), &[], &["rebase", "main"]);
    assert!(!o.status.success(), "the rebase stops on the conflict");
    // The work tree has conflict markers: an error on that file, not a crash.
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    assert!(
        findings(&v).iter().any(|f| f["path"] == p.as_str()),
        "{v:#}"
    );
    // The index holds the conflict: say so, rather than that the file is missing.
    let (exit, v) = report(&repo, &["--staged"]);
    assert_eq!(exit, 1, "{v:#}");
    let f = findings(&v)
        .iter()
        .find(|f| f["path"] == p.as_str())
        .unwrap_or_else(|| panic!("no finding on the conflicted record: {v:#}"));
    let text = format!("{} {}", f["message"], f["hint"]).to_lowercase();
    assert!(
        text.contains("conflict"),
        "the message should say the record has an unresolved conflict: {f:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Output formats
// ---------------------------------------------------------------------------------------------

/// A repository with findings of both severities in several files.
fn repo_with_findings() -> TestRepo {
    let repo = repo_with(&[]);
    put(
        &repo,
        2,
        "use-redis",
        valid("accepted", "review-by: 2020-01-01\n", "Use Redis"),
    );
    put(&repo, 3, "use-kafka", broken("Use Kafka"));
    put(
        &repo,
        4,
        "wrong",
        valid("accepted", "supersedes: [9]\n", "Use NATS"),
    );
    put(&repo, 4, "also-four", valid("accepted", "", "Also four"));
    repo.write(&format!("{DECISIONS}/notes.md"), "notes\n");
    repo.write("src/lib.rs", "// code\n");
    repo.commit_all("mixed");
    repo
}

#[test]
fn json_report_has_the_documented_schema() {
    let repo = repo_with_findings();
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "version",
        "scope",
        "records_checked",
        "errors",
        "warnings",
        "findings",
    ] {
        assert!(keys.contains(&k), "missing `{k}` in {keys:?}");
    }
    assert_eq!(v["version"], 1);
    assert_eq!(v["scope"], "all");
    assert_eq!(v["records_checked"], 5, "{v:#}");
    let list = findings(&v);
    let errors = list.iter().filter(|f| f["severity"] == "error").count();
    let warnings = list.iter().filter(|f| f["severity"] == "warning").count();
    assert_eq!(v["errors"], errors);
    assert_eq!(v["warnings"], warnings);
    assert!(errors > 0 && warnings > 0, "{v:#}");
    for f in list {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["code", "severity", "path", "line", "message", "hint"],
            "{f:#}"
        );
        assert!(f["code"].is_string());
        assert!(f["severity"] == "error" || f["severity"] == "warning");
        let path = f["path"].as_str().unwrap();
        assert!(path.starts_with(".adr/"), "repo-relative path: {path}");
        assert!(f["line"].is_null() || f["line"].as_u64().is_some_and(|l| l >= 1));
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(f["hint"].is_null() || f["hint"].is_string());
    }
    // Same repo-relative paths from a subdirectory.
    let sub = repo.path().join("src");
    let o = check_in(&repo, &sub, &["--format", "json"]);
    let v2: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v, v2);
    // Clean: exit 0 and still a report.
    let clean = repo_with(&[]);
    let (exit, v) = report(&clean, &[]);
    assert_eq!(exit, 0);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 0);
    assert_eq!(v["findings"], serde_json::json!([]));
}

/// Splits a workflow command `::cmd props::message` into its parts.
fn parse_annotation(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line
        .strip_prefix("::")
        .unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
    let (head, message) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no `::` before the message: {line:?}"));
    let (cmd, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .unwrap_or_else(|| panic!("property without `=`: {p:?} in {line:?}"));
            (k.to_string(), v.to_string())
        })
        .collect();
    (cmd.to_string(), props, message.to_string())
}

#[test]
fn github_format_matches_the_workflow_command_syntax() {
    let repo = repo_with_findings();
    let o = check(&repo, &["--format", "github"]);
    assert_code(&o, 1, "github");
    assert_eq!(stderr(&o), "", "nothing on stderr");
    let out = stdout(&o);
    common::redacted(&repo).bind(|| insta::assert_snapshot!("github_format", out));
    let (_, v) = report(&repo, &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings(&v).len() + 1, "{out}");
    for (line, f) in lines.iter().zip(findings(&v)) {
        let (cmd, props, message) = parse_annotation(line);
        assert_eq!(cmd, f["severity"].as_str().unwrap(), "{line}");
        let names: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
        if f["line"].is_null() {
            assert_eq!(names, ["file", "title"], "{line}");
        } else {
            assert_eq!(names, ["file", "line", "title"], "{line}");
            assert_eq!(props[1].1, f["line"].to_string());
        }
        assert_eq!(props[0].1, f["path"].as_str().unwrap());
        assert!(props
            .last()
            .unwrap()
            .1
            .contains(f["code"].as_str().unwrap()));
        assert!(
            message.starts_with(&f["message"].as_str().unwrap().replace('%', "%25")),
            "{line}"
        );
        assert!(!message.contains('\n') && !message.contains('\r'));
    }
    let (_, v) = report(&repo, &[]);
    assert_eq!(
        *lines.last().unwrap(),
        format!(
            "git adr check: {} errors, {} warnings in 5 records",
            v["errors"], v["warnings"]
        )
    );
    // From a subdirectory the file property stays relative to the repository root.
    let o = check_in(&repo, &repo.path().join("src"), &["--format", "github"]);
    assert_eq!(stdout(&o), out);
    // Warnings only: exit 0, `::warning`.
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Memcached"))]);
    let o = check(&repo, &["--format", "github"]);
    assert_code(&o, 0, "warnings only");
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!(
            "::warning file={},line=6,title=git-adr title-mismatch::",
            adr_path(2, "use-redis")
        )),
        "{out}"
    );
    assert!(
        out.ends_with("git adr check: 0 errors, 1 warning in 2 records\n"),
        "{out}"
    );
}

#[test]
fn github_format_escapes_percent_cr_lf_colon_and_comma() {
    let repo = repo_with(&[]);
    // A file name with `,` and `:`; a title with `%`, `:`, `,` and a carriage return, which
    // the title-mismatch message quotes; the hint follows on a new line.
    let p = format!("{DECISIONS}/0002-a,b:c.md");
    let title = "100% sure: yes, no\rreally";
    repo.write(&p, valid("accepted", "", title));
    repo.commit_all("odd names");
    let o = check(&repo, &["--format", "github"]);
    assert_code(&o, 0, "warning only");
    let out = stdout(&o);
    let lines: Vec<&str> = out.split('\n').collect();
    assert_eq!(
        lines.len(),
        3,
        "one annotation, the summary, a final newline: {out:?}"
    );
    assert!(
        !out.contains('\r'),
        "a raw CR would break the command: {out:?}"
    );
    let line = lines[0];
    let prefix =
        "::warning file=.adr/decisions/0002-a%2Cb%3Ac.md,line=6,title=git-adr title-mismatch::";
    assert!(line.starts_with(prefix), "{line}");
    let message = &line[prefix.len()..];
    assert!(
        message.contains("100%25 sure: yes, no%0Dreally"),
        "message escapes %, CR (and leaves : and , alone): {message}"
    );
    assert!(
        message.contains("%0A"),
        "the hint follows an escaped newline: {message}"
    );
    assert!(
        !message.contains("%2C") && !message.contains("%3A") || message.contains("0002-a%2Cb%3Ac"),
        "only properties escape `:` and `,`: {message}"
    );
    // Decoding gives back the text of the JSON report.
    let (_, v) = report(&repo, &[]);
    let f = &findings(&v)[0];
    let decoded = message
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%");
    assert_eq!(
        decoded,
        format!(
            "{}\n{}",
            f["message"].as_str().unwrap(),
            f["hint"].as_str().unwrap()
        )
    );
    assert!(
        f["message"].as_str().unwrap().contains(title),
        "JSON keeps the data: {f:#}"
    );
    // The human format neutralises the control character.
    let o = check(&repo, &[]);
    assert!(!stdout(&o).contains('\r'), "{:?}", stdout(&o));
    assert!(stdout(&o).contains(&format!("{p}:6: warning[title-mismatch]")));
}

#[test]
fn human_format_paths_are_relative_to_the_current_directory() {
    let repo = repo_with_findings();
    let o = check(&repo, &[]);
    assert_code(&o, 1, "root");
    let root_out = stdout(&o);
    common::redacted(&repo).bind(|| {
        insta::assert_snapshot!("human_format", root_out);
        insta::assert_snapshot!("human_format_summary", stderr(&o));
    });
    let line = adr_path(3, "use-kafka");
    assert!(
        root_out
            .lines()
            .any(|l| l.starts_with(&format!("{line}:1: error[missing-field]: "))),
        "{root_out}"
    );
    assert!(
        root_out.lines().any(|l| l.starts_with("  hint: ")),
        "hints are indented under their finding: {root_out}"
    );
    assert!(
        stderr(&o).contains("git adr check: ") && stderr(&o).contains(" in 5 records"),
        "summary on stderr: {}",
        stderr(&o)
    );

    let o = check_in(&repo, &repo.path().join(DECISIONS), &[]);
    assert_code(&o, 1, "from .adr/decisions");
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("0003-use-kafka.md:1: error[missing-field]: ")),
        "{}",
        stdout(&o)
    );

    std::fs::create_dir_all(repo.path().join("src/deep")).unwrap();
    let o = check_in(&repo, &repo.path().join("src/deep"), &[]);
    assert_code(&o, 1, "from src/deep");
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l
                .starts_with("../../.adr/decisions/0003-use-kafka.md:1: error[missing-field]: ")),
        "{out}"
    );
    // Same findings, same order, only the paths differ.
    assert_eq!(
        out.replace("../../", ""),
        root_out,
        "from a subdirectory only the paths change"
    );
    // With -C DIR it runs as if started in DIR.
    let o = repo
        .adr_in(repo.dir.path(), &["-C", "work", "check"])
        .output()
        .unwrap();
    assert_code(&o, 1, "-C");
    assert!(
        stdout(&o).contains("0003-use-kafka.md:1: error[missing-field]"),
        "{}",
        stdout(&o)
    );
}

#[cfg(unix)]
#[test]
fn no_escape_bytes_unless_a_terminal_without_no_color() {
    let repo = repo_with_findings();
    for format in ["human", "json", "github"] {
        let o = check(&repo, &["--format", format]);
        assert!(!o.stdout.contains(&0x1b), "{format}: ESC on a pipe");
        assert!(
            !o.stderr.contains(&0x1b),
            "{format}: ESC on a pipe (stderr)"
        );
        let o = repo
            .adr(&["check", "--format", format])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(!o.stdout.contains(&0x1b), "{format}: ESC with NO_COLOR");
    }
    // On a real terminal (a pseudo-terminal): colour, unless NO_COLOR is set.
    let on_tty = |no_color: bool| -> Vec<u8> {
        let mut cmd = repo.adr_std(&repo.path(), &["check"]);
        cmd.env("TERM", "xterm-256color");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        common::output_on_tty(cmd)
    };
    let coloured = on_tty(false);
    assert!(
        String::from_utf8_lossy(&coloured).contains("error[missing-field]"),
        "{}",
        String::from_utf8_lossy(&coloured)
    );
    assert!(coloured.contains(&0x1b), "colour on a terminal");
    let plain = on_tty(true);
    assert!(
        String::from_utf8_lossy(&plain).contains("error[missing-field]"),
        "{}",
        String::from_utf8_lossy(&plain)
    );
    assert!(!plain.contains(&0x1b), "NO_COLOR on a terminal: {plain:?}");
}

#[test]
fn findings_are_sorted_and_the_same_on_every_run() {
    let repo = repo_with_findings();
    // More files, written in an order unlike their names.
    for (id, slug) in [(9, "z"), (7, "b"), (8, "a")] {
        put(&repo, id, slug, broken(&slug.to_uppercase()));
    }
    let runs: Vec<Output> = (0..3)
        .map(|_| check(&repo, &["--format", "json"]))
        .collect();
    assert!(runs.windows(2).all(|w| w[0].stdout == w[1].stdout));
    for format in ["human", "github"] {
        let a = check(&repo, &["--format", format]);
        let b = check(&repo, &["--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
    let v: Value = serde_json::from_str(&stdout(&runs[0])).unwrap();
    let keys: Vec<(String, u64)> = findings(&v)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by path, then line");
    // Staged and branch modes are deterministic too.
    repo.git(&["add", "-A"]);
    let a = check(&repo, &["--staged", "--format", "json"]);
    let b = check(&repo, &["--staged", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

// ---------------------------------------------------------------------------------------------
// 7. The project's own records
// ---------------------------------------------------------------------------------------------

#[test]
fn the_projects_own_repository_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(bin());
    isolate(&mut cmd, home.path());
    let o = cmd
        .arg("-C")
        .arg(root)
        .arg("check")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_code(&o, 0, "git adr -C <project> check");
    assert!(stderr(&o).contains("0 errors"), "{}", stderr(&o));
}

#[test]
fn staged_config_change_rechecks_every_record_with_the_staged_config() {
    let repo = repo_with(&[(2, "use-redis", valid("accepted", "", "Use Redis"))]);
    // A staged config that no longer knows `accepted` makes the untouched record wrong.
    repo.write(
        ".adr/config.toml",
        "[lifecycle]\nstatuses = [\"proposed\", \"approved\"]\ninitial = \"proposed\"\n[lifecycle.transitions]\nproposed = [\"approved\"]\n",
    );
    repo.git(&["add", ".adr/config.toml"]);
    fires(
        &repo,
        &["--staged"],
        "unknown-status",
        "error",
        &adr_path(2, "use-redis"),
        Some(2),
    );
    // An unstaged typo in the config does not stop a commit that does not include it.
    repo.git(&["reset", "-q", "--", ".adr/config.toml"]);
    repo.write(".adr/config.toml", "[ids\nwidth = 4\n");
    quiet(&repo, &["--staged"]);
}

#[test]
fn staged_rename_that_leaves_a_link_dangling_is_reported() {
    let repo = nats_and_grpc_related();
    repo.git(&["mv", &adr_path(3, "use-grpc"), &adr_path(4, "use-grpc")]);
    let (exit, v) = report(&repo, &["--staged"]);
    assert_eq!(exit, 1, "{v:#}");
    assert!(
        with_code(&v, "broken-link")
            .iter()
            .any(|f| f["path"] == adr_path(2, "use-nats").as_str() && f["line"] == 4),
        "{v:#}"
    );
}

#[test]
fn superseded_without_a_successor_is_reported() {
    let repo = repo_with(&[(2, "use-redis", valid("superseded", "", "Use Redis"))]);
    fires(
        &repo,
        &[],
        "supersede-asymmetric",
        "error",
        &adr_path(2, "use-redis"),
        Some(2),
    );
}

#[test]
fn conflict_markers_in_a_record_are_named_as_a_conflict() {
    let repo = repo_with(&[]);
    let p = put(
        &repo,
        2,
        "use-redis",
        "---\nstatus: accepted\n<<<<<<< HEAD\ndate: 2026-01-01\n=======\ndate: 2026-02-02\n>>>>>>> other\n---\n\n# Use Redis\n",
    );
    let (exit, v) = report(&repo, &[]);
    assert_eq!(exit, 1, "{v:#}");
    let f = &findings(&v)[0];
    assert_eq!(f["path"], p.as_str());
    assert_eq!(f["line"], 3);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("unresolved merge conflict"),
        "{v:#}"
    );
}

#[test]
fn links_of_a_log_entry_must_name_existing_records() {
    let repo = repo_with(&[]);
    let p = ".adr/log/0001-pool-size.md";
    repo.write(
        p,
        "---\nstatus: accepted\ndate: 2026-01-01\nlinks: [ADR-0001, ADR-0009]\n---\n\n# Pool size\n\n## Constraint\n\nMax 100 connections.\n\n## Choice\n\n20.\n\n## Why\n\nFive instances.\n",
    );
    let hits = fires(&repo, &[], "broken-link", "error", p, Some(4));
    assert!(hits[0]["message"].as_str().unwrap().contains("ADR-0009"));
    repo.write(
        p,
        "---\nstatus: accepted\ndate: 2026-01-01\nlinks: [ADR-0001]\n---\n\n# Pool size\n\n## Constraint\n\nMax 100 connections.\n\n## Choice\n\n20.\n\n## Why\n\nFive instances.\n",
    );
    quiet(&repo, &[]);
}
