//! `git adr diff`, through the real binary in real temporary git repositories: a feature branch
//! that adds a decision superseding an older one, accepts a proposal, renames a file keeping
//! its number, deletes a record, changes the options of another and only reformats a third,
//! while main moves on after the fork. What `main...feature` lists (exactly those records),
//! against `main..feature`; supersessions on both ends; options and the chosen option; the work
//! tree and the default comparison; unknown revisions; unreadable records; the JSON schema;
//! Markdown and terminal safety; `--exit-code`.

mod common;
use common::field;
use common::{array, by_id, is_str_or_null, redacted, strings, TestRepo};
use common::{assert_code, stderr, stdout};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `git adr diff ARGS… --format json`, parsed.
fn diff_json(repo: &TestRepo, args: &[&str]) -> Value {
    repo.adr_json(&common::args(
        &common::args(&["diff"], args),
        &["--format", "json"],
    ))
}

/// The records of a JSON diff as `(id, change)`, in output order.
fn changes(v: &Value) -> Vec<(String, String)> {
    v["records"]
        .as_array()
        .expect("records is an array")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["change"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The record with display id `id` in a JSON diff.
fn record<'v>(v: &'v Value, id: &str) -> &'v Value {
    by_id(array(&v["records"]), id)
}

/// An ADR: status, a date, `extra` front-matter lines, the title and a body.
fn adr_text(status: &str, extra: &str, title: &str, body: &str) -> String {
    format!("---\nstatus: {status}\ndate: 2026-01-10\n{extra}---\n\n# {title}\n\n{body}")
}

const D: &str = ".adr/decisions";

fn path(id: u32, slug: &str) -> String {
    format!("{D}/{id:04}-{slug}.md")
}

const QUEUE_BEFORE: &str = "## Context and Problem Statement

Jobs need a queue.

## Considered Options

* RabbitMQ
  * Good, because the team knows it
  * Bad, because it is one more cluster to run
* Kafka
  * Good, because events can be replayed
* SQS

## Decision Outcome

Chosen option: \"RabbitMQ\", because the team knows it.
";

const QUEUE_AFTER: &str = "## Context and Problem Statement

Jobs need a queue.

## Considered Options

* RabbitMQ
  * Good, because the team knows it
  * Bad, because it is one more cluster to run
  * Bad, because it needs a dedicated team
* Kafka
  * Good, because events can be replayed
* NATS

## Decision Outcome

Chosen option: \"Kafka\", because replay matters more than familiarity.
";

/// main: ADRs 1, 2 (Redis, options Redis/Memcached), 3 (Keep events), 5 (cron), 6 (a queue,
/// three options), 7 (proposed), 8, and a log entry. feature, forked from there: adds ADR 4
/// superseding 2, marks 2 superseded, renames 3's file and retitles it, deletes 5, changes 6's
/// options and choice (and its decision-makers and review date), accepts 7, only reformats 8.
/// main afterwards: adds ADR 9 and deprecates 5. HEAD is feature.
fn fixture() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        &path(1, "record-architecture-decisions"),
        adr_text(
            "accepted",
            "",
            "Record architecture decisions",
            "We record decisions.\n",
        ),
    );
    repo.write(
        &path(2, "store-sessions-in-redis"),
        adr_text(
            "accepted",
            "tags: [sessions]\n",
            "Store sessions in Redis",
            "## Considered Options\n\n* Redis\n* Memcached\n\n## Decision Outcome\n\nChosen option: \"Redis\", because we know it.\n",
        ),
    );
    repo.write(
        &path(3, "keep-events"),
        adr_text("accepted", "", "Keep events", "Events are kept.\n"),
    );
    repo.write(
        &path(5, "run-jobs-with-cron"),
        adr_text("accepted", "", "Run jobs with cron", "Cron it is.\n"),
    );
    repo.write(
        &path(6, "choose-a-queue"),
        adr_text(
            "accepted",
            "decision-makers: [Ada]\n",
            "Choose a queue",
            QUEUE_BEFORE,
        ),
    );
    repo.write(
        &path(7, "log-in-json"),
        adr_text("proposed", "", "Log in JSON", "Structured logs.\n"),
    );
    repo.write(
        &path(8, "indent-with-spaces"),
        "---\nstatus: accepted\ndate: 2026-01-10\ntags: [style]\n---\n\n# Indent with spaces\n\nFour of them.\n",
    );
    repo.write(
        ".adr/log/0001-pool-size-of-20.md",
        "---\nstatus: accepted\ndate: 2026-01-10\n---\n\n# Pool size of 20\n\n## Choice\n\n20 per instance.\n",
    );
    repo.commit_all("decisions so far");

    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        &path(4, "store-sessions-in-postgresql"),
        adr_text(
            "proposed",
            "supersedes: [2]\n",
            "Store sessions in PostgreSQL",
            "## Considered Options\n\n* PostgreSQL table\n* Redis with persistence\n\n## Decision Outcome\n\nChosen option: \"PostgreSQL table\", because sessions must survive a restart.\n",
        ),
    );
    repo.write(
        &path(2, "store-sessions-in-redis"),
        adr_text(
            "superseded",
            "tags: [sessions]\nsuperseded-by: [4]\n",
            "Store sessions in Redis",
            "## Considered Options\n\n* Redis\n* Memcached\n\n## Decision Outcome\n\nChosen option: \"Redis\", because we know it.\n",
        ),
    );
    repo.git(&[
        "mv",
        &path(3, "keep-events"),
        &path(3, "keep-events-for-30-days"),
    ]);
    repo.write(
        &path(3, "keep-events-for-30-days"),
        adr_text(
            "accepted",
            "",
            "Keep events for 30 days",
            "Events are kept.\n",
        ),
    );
    repo.git(&["rm", "-q", &path(5, "run-jobs-with-cron")]);
    repo.write(
        &path(6, "choose-a-queue"),
        adr_text(
            "accepted",
            "decision-makers: [Ada, Grace]\nreview-by: 2027-01-01\n",
            "Choose a queue",
            QUEUE_AFTER,
        ),
    );
    repo.write(
        &path(7, "log-in-json"),
        adr_text("accepted", "", "Log in JSON", "Structured logs.\n"),
    );
    // Only formatting: a comment, another key order, flow list as block list, CRLF endings.
    repo.write(
        &path(8, "indent-with-spaces"),
        "---\r\n# settled long ago\r\ndate: 2026-01-10\r\nstatus: accepted\r\ntags:\r\n  - style\r\n---\r\n\r\n# Indent with spaces\r\n\r\nFour of them.   \r\n",
    );
    repo.commit_all("feature: sessions in PostgreSQL and more");

    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        &path(9, "adopt-opentelemetry"),
        adr_text("accepted", "", "Adopt OpenTelemetry", "Traces.\n"),
    );
    repo.write(
        &path(5, "run-jobs-with-cron"),
        adr_text("deprecated", "", "Run jobs with cron", "Cron it is.\n"),
    );
    repo.commit_all("main moves on");
    repo.git(&["checkout", "-q", "feature"]);
    repo
}

// ---------------------------------------------------------------------------------------------
// What the branch changed
// ---------------------------------------------------------------------------------------------

/// What the fixture's `feature` changed since it left `main`: (display id, change) in order.
const BRANCH_CHANGES: [(&str, &str); 6] = [
    ("ADR-0002", "modified"),
    ("ADR-0003", "renamed"),
    ("ADR-0004", "added"),
    ("ADR-0005", "deleted"),
    ("ADR-0006", "modified"),
    ("ADR-0007", "modified"),
];

#[test]
fn three_dots_lists_exactly_what_the_branch_changed_since_it_left_main() {
    let repo = fixture();
    let v = diff_json(&repo, &["main...feature"]);
    // ADR 1 and 8 (reformatted only) and the log entry are not there; nor is main's ADR 9.
    assert_eq!(changes(&v), pairs(&BRANCH_CHANGES));
    let status = |id: &str| {
        let r = record(&v, id);
        (
            r["status_before"]["text"].as_str().map(str::to_string),
            r["status_after"]["text"].as_str().map(str::to_string),
        )
    };
    let s = |x: &str| Some(x.to_string());
    assert_eq!(status("ADR-0002"), (s("accepted"), s("superseded")));
    assert_eq!(status("ADR-0004"), (None, s("proposed")));
    assert_eq!(
        status("ADR-0005"),
        (s("accepted"), None),
        "as it was at the fork"
    );
    assert_eq!(status("ADR-0007"), (s("proposed"), s("accepted")));
    assert_eq!(status("ADR-0006"), (s("accepted"), s("accepted")));
    assert!(v["warnings"].as_array().unwrap().is_empty());

    // `...` with one side left out: HEAD.
    assert_eq!(diff_json(&repo, &["main..."])["records"], v["records"]);

    let text = repo.adr_ok(&["diff", "main...feature"]);
    redacted(&repo).bind(|| insta::assert_snapshot!("three_dots_text", text));
}

#[test]
fn two_dots_and_two_revisions_compare_the_tips_so_what_main_did_since_shows_too() {
    let repo = fixture();
    let v = diff_json(&repo, &["main..feature"]);
    // Added on main after the fork: not on feature.
    let expected = [&BRANCH_CHANGES[..], &[("ADR-0009", "deleted")]].concat();
    assert_eq!(changes(&v), pairs(&expected));
    assert_eq!(
        record(&v, "ADR-0005")["status_before"]["text"],
        "deprecated",
        "main's tip, not the fork"
    );
    assert_eq!(v["from"]["merge_base"], false);
    assert_eq!(v["range"], "main..feature");
    let two = diff_json(&repo, &["main", "feature"]);
    assert_eq!(two["records"], v["records"]);

    // And backwards: what main has that feature has not.
    let back = diff_json(&repo, &["feature..main"]);
    assert_eq!(record(&back, "ADR-0004")["change"], "deleted");
    assert_eq!(record(&back, "ADR-0009")["change"], "added");
    assert_eq!(record(&back, "ADR-0003")["change"], "renamed");
    assert_eq!(
        record(&back, "ADR-0003")["former_path"],
        path(3, "keep-events-for-30-days")
    );
}

#[test]
fn a_supersession_shows_on_both_records() {
    let repo = fixture();
    let v = diff_json(&repo, &["main...feature"]);
    let new = record(&v, "ADR-0004");
    assert_eq!(strings(&new["supersedes"]["added"]), ["ADR-0002"]);
    assert_eq!(
        strings(&new["what_changed"])[..2],
        ["status proposed", "supersedes ADR-0002"]
    );
    let old = record(&v, "ADR-0002");
    assert_eq!(strings(&old["superseded_by"]["added"]), ["ADR-0004"]);
    assert_eq!(old["became_superseded"], true);
    assert_eq!(
        strings(&old["what_changed"]),
        ["status accepted → superseded", "superseded by ADR-0004"],
        "nothing else changed in ADR 2"
    );
    assert_eq!(record(&v, "ADR-0007")["became_superseded"], false);

    // Taken back: the link disappears.
    let back = diff_json(&repo, &["feature", "main~1"]);
    let old = record(&back, "ADR-0002");
    assert_eq!(strings(&old["superseded_by"]["removed"]), ["ADR-0004"]);
    assert!(strings(&old["what_changed"]).contains(&"no longer superseded by ADR-0004"));
}

#[test]
fn changed_options_and_the_chosen_option_are_reported() {
    let repo = fixture();
    let v = diff_json(&repo, &["main...feature"]);
    let q = record(&v, "ADR-0006");
    assert_eq!(strings(&q["options"]["added"]), ["NATS"]);
    assert_eq!(strings(&q["options"]["removed"]), ["SQS"]);
    let changed = q["options"]["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "Kafka is unchanged: {q:#}");
    assert_eq!(changed[0]["title"], "RabbitMQ");
    assert_eq!(
        strings(&changed[0]["bad"]["added"]),
        ["it needs a dedicated team"]
    );
    assert_eq!(
        changed[0]["good"],
        serde_json::json!({"added": [], "removed": []})
    );
    assert_eq!(changed[0]["description_changed"], false);
    assert_eq!(
        q["chosen_change"],
        serde_json::json!({"from": "RabbitMQ", "to": "Kafka"})
    );
    assert_eq!(strings(&q["sections"]), ["Decision Outcome"]);
    assert_eq!(q["body_changed"], true);
    let fields = field(&q["fields"], "key");
    assert_eq!(fields, ["decision-makers", "review-by"]);
    assert_eq!(strings(&q["fields"][0]["added"]), ["Grace"]);
    assert_eq!(q["fields"][1]["from"], Value::Null);
    assert_eq!(q["fields"][1]["to"], "2027-01-01");
    assert_eq!(
        strings(&q["what_changed"]),
        [
            "options added: \"NATS\"",
            "options removed: \"SQS\"",
            "option \"RabbitMQ\": + bad \"it needs a dedicated team\"",
            "chosen option \"RabbitMQ\" → \"Kafka\"",
            "decision-makers: + Grace",
            "review-by: (none) → 2027-01-01",
        ]
    );

    // A new record's options are all "considered".
    let new = record(&v, "ADR-0004");
    assert_eq!(
        strings(&new["options"]["added"]),
        ["PostgreSQL table", "Redis with persistence"]
    );
    assert_eq!(new["chosen_change"]["from"], Value::Null);
    assert_eq!(new["chosen_change"]["to"], "PostgreSQL table");
}

#[test]
fn a_renamed_file_with_the_same_number_is_one_renamed_record() {
    let repo = fixture();
    let v = diff_json(&repo, &["main...feature"]);
    let r = record(&v, "ADR-0003");
    assert_eq!(r["change"], "renamed");
    assert_eq!(r["path"], path(3, "keep-events-for-30-days"));
    assert_eq!(r["former_path"], path(3, "keep-events"));
    assert_eq!(
        r["title_change"],
        serde_json::json!({"from": "Keep events", "to": "Keep events for 30 days"})
    );
    assert_eq!(r["status_before"], r["status_after"]);
    assert_eq!(
        strings(&r["what_changed"]),
        [
            "renamed from .adr/decisions/0003-keep-events.md",
            "title \"Keep events\" → \"Keep events for 30 days\"",
        ]
    );
    // Neither a deletion nor an addition of ADR 3.
    assert_eq!(
        changes(&v)
            .iter()
            .filter(|(id, _)| id == "ADR-0003")
            .count(),
        1
    );
}

#[test]
fn formatting_alone_is_no_difference() {
    let repo = fixture();
    // ADR 8's file changed (comment, key order, list style, CRLF, trailing spaces) …
    let files = repo.git(&["diff", "--name-only", "main...feature"]);
    assert!(files.contains("0008-indent-with-spaces.md"), "{files}");
    // … but not what it says.
    let v = diff_json(&repo, &["main...feature"]);
    assert!(changes(&v).iter().all(|(id, _)| id != "ADR-0008"));

    // Between two commits that differ only in formatting: one line, and --exit-code says 0.
    repo.write(
        &path(8, "indent-with-spaces"),
        "---\nstatus: accepted\ndate: 2026-01-10\ntags: [style]\n---\n\n# Indent with spaces\n\nFour of them.\n",
    );
    repo.commit_all("back to LF");
    let o = common::run(&repo, &["diff", "--exit-code", "HEAD~1..HEAD"]);
    assert_code(&o, 0, "formatting only");
    let text = stdout(&o);
    redacted(&repo).bind(|| {
        insta::assert_snapshot!(text, @"No decision records differ between HEAD~1 ([sha]) and HEAD ([sha]).");
    });
}

// ---------------------------------------------------------------------------------------------
// Other comparisons
// ---------------------------------------------------------------------------------------------

#[test]
fn one_revision_is_compared_with_the_work_tree_uncommitted_and_untracked_included() {
    let repo = fixture();
    repo.write(
        &path(4, "store-sessions-in-postgresql"),
        repo.read(&path(4, "store-sessions-in-postgresql"))
            .replace("status: proposed", "status: accepted"),
    );
    repo.write(
        &path(10, "shard-by-tenant"),
        adr_text("proposed", "", "Shard by tenant", "Later.\n"),
    );
    let v = diff_json(&repo, &["HEAD"]);
    assert_eq!(
        changes(&v),
        pairs(&[("ADR-0004", "modified"), ("ADR-0010", "added")])
    );
    assert_eq!(v["to"]["work_tree"], true);
    assert_eq!(v["to"]["commit"], Value::Null);
    assert_eq!(v["from"]["rev"], "HEAD");
    assert_eq!(
        strings(&record(&v, "ADR-0004")["what_changed"]),
        ["status proposed → accepted"]
    );
}

#[test]
fn without_a_revision_the_branch_is_compared_with_its_base_work_tree_included() {
    let repo = fixture();
    repo.write(
        &path(10, "shard-by-tenant"),
        adr_text("proposed", "", "Shard by tenant", "Later.\n"),
    );
    // On feature, the base is main (as for `git adr pr`): the fork point, against the work
    // tree — the branch's changes and the uncommitted one.
    let v = diff_json(&repo, &[]);
    let mut expected = changes(&diff_json(&repo, &["main...feature"]));
    expected.push(("ADR-0010".into(), "added".into()));
    assert_eq!(changes(&v), expected);
    assert_eq!(v["from"]["merge_base"], true);
    assert_eq!(v["from"]["rev"], "main");
    assert_eq!(v["to"]["work_tree"], true);

    // On main there is no base but itself: HEAD against the work tree, and a note says so.
    std::fs::remove_file(repo.path().join(path(10, "shard-by-tenant"))).unwrap();
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        &path(9, "adopt-opentelemetry"),
        adr_text("rejected", "", "Adopt OpenTelemetry", "Traces.\n"),
    );
    let o = common::run(&repo, &["diff"]);
    assert_code(&o, 0, "diff on main");
    assert!(
        stderr(&o).contains("no base branch found"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("ADR-0009"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("status accepted → rejected"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        changes(&diff_json(&repo, &[])),
        pairs(&[("ADR-0009", "modified")])
    );
}

#[test]
fn exit_code_is_1_only_when_decisions_differ() {
    let repo = fixture();
    assert_code(
        &common::run(&repo, &["diff", "--exit-code", "main...feature"]),
        1,
        "differences",
    );
    assert_code(
        &common::run(
            &repo,
            &[
                "diff",
                "--exit-code",
                "--format",
                "json",
                "feature..feature",
            ],
        ),
        0,
        "none",
    );
    // Without the flag, differences are not a failure.
    assert_code(
        &common::run(&repo, &["diff", "main...feature"]),
        0,
        "plain diff",
    );
}

#[test]
fn unknown_revisions_and_bad_arguments_exit_2_naming_them() {
    let repo = fixture();
    for (args, named) in [
        (&["diff", "main...nope"][..], "nope"),
        (&["diff", "nope"][..], "nope"),
        (&["diff", "nope..main"][..], "nope"),
        (&["diff", "main", "v9.9"][..], "v9.9"),
    ] {
        let o = common::run(&repo, args);
        assert_code(&o, 2, &format!("{args:?}"));
        assert!(
            stderr(&o).contains(&format!("`{named}` does not name a commit")),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "nothing on stdout: {}", stdout(&o));
    }
    let o = common::run(&repo, &["diff", "main..feature", "main"]);
    assert_code(&o, 2, "a range and a revision");
    assert!(
        stderr(&o).contains("cannot compare main..feature main"),
        "{}",
        stderr(&o)
    );
    assert_code(
        &common::run(&repo, &["diff", "a", "b", "c"]),
        2,
        "three revisions",
    );
    let o = common::run(&repo, &["diff", "--kind", "nope", "main...feature"]);
    assert_code(&o, 2, "unknown kind");
    assert!(
        stderr(&o).contains("unknown record kind `nope`"),
        "{}",
        stderr(&o)
    );

    // Unrelated histories have no merge base for `...`; `..` still works.
    repo.git(&["checkout", "-q", "--orphan", "other"]);
    repo.git(&["rm", "-rqf", "."]);
    repo.write(&path(1, "x"), adr_text("accepted", "", "X", "x\n"));
    repo.commit_all("unrelated");
    let o = common::run(&repo, &["diff", "main...other"]);
    assert_code(&o, 2, "no merge base");
    assert!(
        stderr(&o).contains("main and other have no common history"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("git adr diff main..other"),
        "{}",
        stderr(&o)
    );
    repo.adr_ok(&["diff", "main..other"]);
}

#[test]
fn a_record_one_side_cannot_read_is_a_warning_and_the_others_are_still_compared() {
    let repo = fixture();
    // Broken the same way on both sides of HEAD~1..HEAD: no difference, no warning.
    repo.write(&path(11, "broken-twice"), "no front matter\n");
    repo.commit_all("a broken file");
    // Broken in HEAD (bad YAML), readable in HEAD~1.
    repo.write(
        &path(7, "log-in-json"),
        "---\nstatus: [accepted\n---\n\n# Log in JSON\n",
    );
    repo.commit_all("break ADR 7");

    let o = common::run(&repo, &["diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_code(&o, 0, "an unreadable record is not a failure");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(changes(&v).is_empty(), "ADR 7 is not compared: {v:#}");
    let w = v["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1, "{v:#}");
    assert_eq!(w[0]["side"], "to");
    assert_eq!(w[0]["path"], path(7, "log-in-json"));
    assert_eq!(w[0]["code"], "front-matter");
    assert!(w[0]["line"].is_u64(), "{v:#}");
    assert!(
        w[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("; ADR-0007 is not compared"),
        "{v:#}"
    );
    assert!(
        stderr(&o).contains(&format!("warning: {}:", path(7, "log-in-json"))),
        "{}",
        stderr(&o)
    );
    // An unreadable record is something that differs, for --exit-code.
    assert_code(
        &common::run(&repo, &["diff", "--exit-code", "HEAD~1..HEAD"]),
        1,
        "exit code with a warning",
    );
    // The rest of the branch is still compared.
    let v = diff_json(&repo, &["main...feature"]);
    assert!(changes(&v).contains(&("ADR-0004".to_string(), "added".to_string())));
    assert!(changes(&v).iter().all(|(id, _)| id != "ADR-0007"));
    let md = repo.adr_ok(&["diff", "HEAD~1..HEAD", "--format", "markdown"]);
    assert!(
        md.contains("Not compared, because they could not be read:"),
        "{md}"
    );
    assert!(
        md.contains("`.adr/decisions/0007-log-in-json.md` in HEAD ("),
        "{md}"
    );
}

#[test]
fn every_kind_is_compared_and_kind_filters() {
    let repo = fixture();
    repo.write(
        ".adr/log/0002-cache-ttl.md",
        "---\nstatus: accepted\ndate: 2026-02-01\nlinks: [ADR-0004]\n---\n\n# Cache TTL\n\n## Choice\n\nFive minutes.\n",
    );
    repo.write(
        ".adr/dod/database-change.md",
        "---\nstatus: active\napplies-to: [\"*.sql\"]\nitems:\n  - text: \"Migration tested\"\n---\n\n# Database change\n\nWhy.\n",
    );
    repo.commit_all("a log entry and a checklist");
    repo.write(
        ".adr/dod/database-change.md",
        "---\nstatus: active\napplies-to: [\"*.sql\", \"migrations/\"]\nitems:\n  - text: \"Migration tested\"\n  - text: \"Runbook updated\"\n    required: false\n---\n\n# Database change\n\nWhy.\n",
    );
    repo.commit_all("checklist grows");

    let v = diff_json(&repo, &["main...feature"]);
    let ids: Vec<String> = changes(&v).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        &ids[ids.len() - 2..],
        ["database-change", "LOG-0002"],
        "ADRs first, then the other kinds by name: {ids:?}"
    );
    assert_eq!(record(&v, "LOG-0002")["kind"], "log");
    assert_eq!(record(&v, "database-change")["number"], Value::Null);

    // A checklist's own keys are compared as data.
    let v = diff_json(&repo, &["HEAD~1..HEAD"]);
    assert_eq!(changes(&v), pairs(&[("database-change", "modified")]));
    let dod = record(&v, "database-change");
    assert_eq!(
        strings(&dod["what_changed"]),
        ["applies-to: + migrations/", "items changed"]
    );
    assert_eq!(dod["fields"][1]["key"], "items");
    assert_eq!(dod["fields"][1]["to"][1]["text"], "Runbook updated");

    let only_adrs = diff_json(&repo, &["main...feature", "--kind", "adr"]);
    assert!(changes(&only_adrs)
        .iter()
        .all(|(id, _)| id.starts_with("ADR-")));
    let only_logs = diff_json(&repo, &["main...feature", "-k", "log"]);
    assert_eq!(changes(&only_logs), pairs(&[("LOG-0002", "added")]));
}

#[test]
fn a_repository_without_commits_and_a_bare_repository() {
    let repo = TestRepo::new();
    repo.write(
        &path(1, "first"),
        adr_text("proposed", "", "First", "Body.\n"),
    );
    let o = common::run(&repo, &["diff", "--format", "json"]);
    assert_code(&o, 0, "no commits yet");
    assert!(
        stderr(&o).contains("HEAD has no commits yet"),
        "{}",
        stderr(&o)
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(changes(&v), pairs(&[("ADR-0001", "added")]));
    assert_eq!(v["from"]["commit"], Value::Null);

    let repo = fixture();
    let bare = repo.dir.path().join("bare.git");
    repo.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    let o = repo
        .adr_in(&bare, &["diff", "main...feature", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&o, 0, "bare repository");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(changes(&v), changes(&diff_json(&repo, &["main...feature"])));
    // With one revision, the other side is HEAD: there is no work tree.
    let o = repo
        .adr_in(&bare, &["diff", "main~1", "--format", "json"])
        .output()
        .unwrap();
    assert_code(&o, 0, "bare repository, one revision");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["to"]["work_tree"], false);
    assert_eq!(v["to"]["rev"], "HEAD");
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

fn check_list_change(v: &Value, what: &str) {
    let keys: Vec<&String> = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: {v}"))
        .keys()
        .collect();
    assert_eq!(keys, ["added", "removed"], "{what}");
    strings(&v["added"]);
    strings(&v["removed"]);
}

fn check_edit(v: &Value, what: &str) {
    if v.is_null() {
        return;
    }
    let keys: Vec<&String> = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: {v}"))
        .keys()
        .collect();
    assert_eq!(keys, ["from", "to"], "{what}");
    assert!(
        is_str_or_null(&v["from"]) && is_str_or_null(&v["to"]),
        "{what}: {v}"
    );
}

fn check_endpoint(v: &Value, what: &str) {
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["rev", "commit", "merge_base", "work_tree"], "{what}");
    assert!(is_str_or_null(&v["rev"]), "{what}");
    assert!(
        v["commit"].is_null()
            || v["commit"]
                .as_str()
                .is_some_and(|c| c.len() == 40 && c.chars().all(|c| c.is_ascii_hexdigit())),
        "{what}: {v}"
    );
    assert!(
        v["merge_base"].is_boolean() && v["work_tree"].is_boolean(),
        "{what}"
    );
}

/// The documented schema (README, "git adr diff"), key by key, in order.
fn check_schema(v: &Value) {
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["version", "range", "from", "to", "records", "warnings"]
    );
    assert_eq!(v["version"], 1);
    assert!(v["range"].is_string());
    check_endpoint(&v["from"], "from");
    check_endpoint(&v["to"], "to");
    for r in v["records"].as_array().unwrap() {
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "number",
                "kind",
                "change",
                "title",
                "path",
                "former_path",
                "status_before",
                "status_after",
                "became_superseded",
                "title_change",
                "supersedes",
                "superseded_by",
                "options",
                "chosen_change",
                "fields",
                "sections",
                "body_changed",
                "what_changed",
            ]
        );
        assert!(r["id"].is_string() && r["kind"].is_string() && r["title"].is_string());
        assert!(r["number"].is_u64() || r["number"].is_null());
        assert!(
            ["added", "modified", "renamed", "deleted"].contains(&r["change"].as_str().unwrap())
        );
        assert!(r["path"].is_string() && is_str_or_null(&r["former_path"]));
        for s in ["status_before", "status_after"] {
            let st = &r[s];
            assert!(
                st.is_null() || (st["text"].is_string() && st["key"].is_string()),
                "{s}: {st}"
            );
        }
        assert!(r["became_superseded"].is_boolean());
        check_edit(&r["title_change"], "title_change");
        check_edit(&r["chosen_change"], "chosen_change");
        check_list_change(&r["supersedes"], "supersedes");
        check_list_change(&r["superseded_by"], "superseded_by");
        let o = &r["options"];
        let keys: Vec<&String> = o.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["added", "removed", "changed"]);
        strings(&o["added"]);
        strings(&o["removed"]);
        for c in o["changed"].as_array().unwrap() {
            let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                ["title", "description_changed", "good", "bad", "neutral"]
            );
            for l in ["good", "bad", "neutral"] {
                check_list_change(&c[l], l);
            }
        }
        for f in r["fields"].as_array().unwrap() {
            let keys: Vec<&String> = f.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["key", "from", "to", "added", "removed"]);
            strings(&f["added"]);
            strings(&f["removed"]);
        }
        strings(&r["sections"]);
        assert!(r["body_changed"].is_boolean());
        assert!(!strings(&r["what_changed"]).is_empty() || r["change"] == "deleted");
    }
    for w in v["warnings"].as_array().unwrap() {
        let keys: Vec<&String> = w.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["side", "path", "line", "code", "message", "hint"]);
        assert!(w["side"] == "from" || w["side"] == "to");
    }
}

#[test]
fn json_follows_the_documented_schema() {
    let repo = fixture();
    let v = diff_json(&repo, &["main...feature"]);
    check_schema(&v);
    assert_eq!(v["range"], "main...feature");
    assert_eq!(v["from"]["rev"], "main");
    assert_eq!(v["from"]["merge_base"], true);
    assert_eq!(
        v["from"]["commit"].as_str().unwrap(),
        repo.git(&["merge-base", "main", "feature"]).trim()
    );
    assert_eq!(
        v["to"]["commit"].as_str().unwrap(),
        repo.git(&["rev-parse", "feature"]).trim()
    );
    let deleted = record(&v, "ADR-0005");
    assert_eq!(deleted["title"], "Run jobs with cron");
    assert_eq!(deleted["path"], path(5, "run-jobs-with-cron"));
    assert_eq!(strings(&deleted["what_changed"]), ["was accepted"]);
    // The other comparisons have the same shape.
    check_schema(&diff_json(&repo, &["main..feature"]));
    check_schema(&diff_json(&repo, &["HEAD~1"]));
    check_schema(&diff_json(&repo, &[]));
}

#[test]
fn markdown_is_a_table_that_record_text_cannot_break() {
    let repo = fixture();
    repo.write(
        &path(12, "pipes"),
        adr_text(
            "proposed",
            "",
            "A | B <script>alert(1)</script> @org/team",
            "## Considered Options\n\n* `Vec<u8>` | raw\n* Other\n",
        ),
    );
    repo.commit_all("hostile title");
    let md = repo.adr_ok(&["diff", "main...feature", "--format", "markdown"]);
    redacted(&repo).bind(|| insta::assert_snapshot!("three_dots_markdown", md));
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("@org"), "mentions are defused: {md}");
    // Every row has four cells: pipes in record text are escaped.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 5, "{line}");
    }

    let empty = repo.adr_ok(&["diff", "feature..feature", "--format", "markdown"]);
    redacted(&repo).bind(|| {
        insta::assert_snapshot!(empty, @"No decision records differ between feature ([sha]) and feature ([sha]).");
    });
}

#[test]
fn terminal_text_is_neutralised_and_uncoloured_in_a_pipe() {
    let repo = fixture();
    repo.write(
        &path(12, "escape"),
        adr_text(
            "proposed",
            "",
            "Clear \u{1b}[2J the \u{202e}screen",
            "Body.\n",
        ),
    );
    repo.commit_all("hostile title");
    let text = repo.adr_ok(&["diff", "HEAD~1..HEAD"]);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(!text.contains('\u{202e}'), "{text:?}");
    assert!(
        text.contains("Clear \u{fffd}[2J the \u{fffd}screen"),
        "{text}"
    );
    // JSON keeps the data as written.
    let v = diff_json(&repo, &["HEAD~1..HEAD"]);
    assert_eq!(
        record(&v, "ADR-0012")["title"],
        "Clear \u{1b}[2J the \u{202e}screen"
    );
}

/// An adr-tools record as adr-tools writes it.
fn nygard(n: u32, title: &str, status: &str, decision: &str) -> String {
    format!(
        "# {n}. {title}\n\nDate: 2024-01-05\n\n## Status\n\n{status}\n\n## Context\n\nWhy.\n\n## Decision\n\n{decision}\n\n## Consequences\n\nSome.\n"
    )
}

#[test]
fn an_existing_adr_tools_folder_used_in_place_is_compared_the_same_way() {
    let repo = TestRepo::new();
    repo.write(
        "doc/adr/0001-record-architecture-decisions.md",
        nygard(
            1,
            "Record architecture decisions",
            "Accepted",
            "We keep ADRs.",
        ),
    );
    repo.write(
        "doc/adr/0002-use-postgresql.md",
        nygard(
            2,
            "Use PostgreSQL",
            "Approved by TSC 04/08/2020",
            "PostgreSQL.",
        ),
    );
    repo.commit_all("existing ADRs");
    repo.adr_ok(&["init"]);
    repo.commit_all("git adr init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["new", "--no-edit", "--supersedes", "2", "Use PostgreSQL 17"]);
    repo.write(
        "doc/adr/0001-record-architecture-decisions.md",
        nygard(
            1,
            "Record architecture decisions",
            "Accepted",
            "We keep ADRs, with git-adr.",
        ),
    );
    repo.commit_all("PostgreSQL 17");

    let v = diff_json(&repo, &["main...feature"]);
    assert_eq!(
        changes(&v),
        pairs(&[
            ("ADR-0001", "modified"),
            ("ADR-0002", "modified"),
            ("ADR-0003", "added"),
        ])
    );
    let old = record(&v, "ADR-0002");
    // The status as written, beside its normalised key.
    assert_eq!(old["status_before"]["text"], "Approved by TSC 04/08/2020");
    assert_eq!(old["status_before"]["key"], "accepted");
    assert_eq!(old["status_after"]["key"], "superseded");
    assert_eq!(old["became_superseded"], true);
    assert_eq!(strings(&old["superseded_by"]["added"]), ["ADR-0003"]);
    // The status section is the status, not an edit of the text.
    assert_eq!(old["body_changed"], false, "{old:#}");
    assert!(
        !strings(&old["what_changed"]).contains(&"text edited"),
        "{old:#}"
    );
    assert_eq!(
        strings(&record(&v, "ADR-0003")["supersedes"]["added"]),
        ["ADR-0002"]
    );
    let first = record(&v, "ADR-0001");
    assert_eq!(strings(&first["sections"]), ["Decision Outcome"]);
    assert_eq!(
        strings(&first["what_changed"]),
        ["edited: Decision Outcome"]
    );

    // `git adr pr` shows the status as written too (its schema: "as written, and normalised").
    let pr: Value =
        serde_json::from_str(&repo.adr_ok(&["pr", "--base", "main", "--format", "json"])).unwrap();
    let d = pr["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "ADR-0002")
        .expect("ADR-0002 in the summary");
    assert_eq!(d["status_before"]["text"], "Approved by TSC 04/08/2020");
    assert_eq!(d["status_before"]["key"], "accepted");
}
