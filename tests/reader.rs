//! Existing folders as people write them, read in place by the one reader: statuses of Nygard
//! `## Status` sections, titles with an id prefix, options worded differently in different
//! sections, deciders as one string. Each folder is written here from the general pattern.

mod common;

use common::{array, by_id, show_json, strings, TestRepo};
use serde_json::Value;

/// A repository holding `files` (path, text), committed, with `git adr init` run (and
/// committed), so the folder is used in place.
fn folder(files: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::new();
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    repo.commit_all("git adr init");
    repo
}

fn list(repo: &TestRepo) -> Vec<Value> {
    array(&repo.adr_json(&["list", "--format", "json"])).to_vec()
}

/// An adr-tools record numbered `n` whose `## Status` section holds `status`.
fn nygard(n: u32, title: &str, status: &str) -> String {
    format!(
        "# {n}. {title}\n\nDate: 2024-01-0{n}\n\n## Status\n\n{status}\n## Context\n\n\
         The context.\n\n## Decision\n\nWe do it.\n\n## Consequences\n\nIt is done.\n"
    )
}

const SUB_HEADINGS: &str = "Implemented\n\n### Positive\n\n- Faster verification\n\n\
                            ### Negative\n\n- Slower builds\n";
const RULE: &str = "Accepted\n\n---\n\nNotes from the review.\n";
const PROBLEM: &str = "Accepted\n\nOur services each pick a database on their own, and\n\
                       operations cannot support them all.\n";
const GUIDANCE: &str = "> A decision may be \"proposed\" if the project stakeholders have not\n\
                        > agreed with it yet.\n\n<!-- one of proposed, accepted -->\n\n\
                        Proposed\nby the platform team\n";

fn nygard_folder() -> TestRepo {
    folder(&[
        (
            "doc/adr/0001-record-architecture-decisions.md",
            &nygard(1, "Record architecture decisions", SUB_HEADINGS),
        ),
        ("doc/adr/0002-use-a-rule.md", &nygard(2, "Use a rule", RULE)),
        (
            "doc/adr/0003-one-database.md",
            &nygard(3, "One database", PROBLEM),
        ),
        (
            "doc/adr/0004-quoted-guidance.md",
            &nygard(4, "Quoted guidance", GUIDANCE),
        ),
    ])
}

#[test]
fn a_nygard_status_is_the_first_paragraph_of_its_section() {
    let repo = nygard_folder();
    let records = list(&repo);
    let status = |id: &str| {
        let r = by_id(&records, id);
        (r["status_text"].clone(), r["status"].clone())
    };
    assert_eq!(
        status("ADR-0001"),
        ("Implemented".into(), "accepted".into())
    );
    assert_eq!(status("ADR-0002"), ("Accepted".into(), "accepted".into()));
    assert_eq!(status("ADR-0003"), ("Accepted".into(), "accepted".into()));
    assert_eq!(
        status("ADR-0004"),
        ("Proposed by the platform team".into(), "proposed".into())
    );
    assert_eq!(show_json(&repo, "1")["status_text"], "Implemented");
}

#[test]
fn accepting_a_nygard_record_changes_only_its_status_line() {
    let repo = nygard_folder();
    for (n, file, status, command, new) in [
        (
            1,
            "doc/adr/0001-record-architecture-decisions.md",
            "Implemented",
            "deprecate",
            "Deprecated",
        ),
        (
            2,
            "doc/adr/0002-use-a-rule.md",
            "Accepted",
            "deprecate",
            "Deprecated",
        ),
        (
            4,
            "doc/adr/0004-quoted-guidance.md",
            "Proposed\nby the platform team",
            "accept",
            "Accepted",
        ),
    ] {
        let before = repo.read(file);
        repo.adr_ok(&[command, &n.to_string()]);
        let after = repo.read(file);
        assert_eq!(
            after,
            before.replacen(&format!("\n{status}\n"), &format!("\n{new}\n"), 1),
            "{file}"
        );
        assert_eq!(
            show_json(&repo, &n.to_string())["status_text"],
            new,
            "{file}"
        );
    }
    // The problem statement under Status survives an accept of the record's successor too.
    let before = repo.read("doc/adr/0003-one-database.md");
    repo.adr_ok(&["new", "--no-edit", "--supersedes", "3", "Two databases"]);
    let after = repo.read("doc/adr/0003-one-database.md");
    assert!(
        after.contains(PROBLEM.trim_start_matches("Accepted\n\n")),
        "{after}"
    );
    assert_eq!(after.lines().count(), before.lines().count(), "{after}");
    assert_eq!(by_id(&list(&repo), "ADR-0003")["status"], "superseded");
}

/// A MADR 3 record (front matter) whose heading is `title`.
fn madr3(title: &str) -> String {
    format!(
        "---\nstatus: accepted\ndate: 2023-04-01\n---\n# {title}\n\n\
         ## Context and Problem Statement\n\nWhy.\n\n## Decision Outcome\n\nChosen option: \"A\".\n"
    )
}

#[test]
fn a_title_is_what_follows_its_id_prefix() {
    let repo = folder(&[
        ("docs/decisions/0025-commit.md", &madr3("ADR 025 Commit")),
        (
            "docs/decisions/0028-libp2p.md",
            &madr3("ADR 028: : LibP2P Integration"),
        ),
        ("docs/decisions/0012-title.md", &madr3("12. Title")),
        ("docs/decisions/0013-dash.md", &madr3("ADR-013 - Dashed")),
        ("docs/decisions/0014-colon.md", &madr3("ADR 014: Colon")),
        ("docs/decisions/0015-plans.md", &madr3("2024 plans")),
    ]);
    let records = list(&repo);
    for (id, title) in [
        ("ADR-0025", "Commit"),
        ("ADR-0028", "LibP2P Integration"),
        ("ADR-0012", "Title"),
        ("ADR-0013", "Dashed"),
        ("ADR-0014", "Colon"),
        ("ADR-0015", "2024 plans"),
    ] {
        assert_eq!(by_id(&records, id)["title"], title, "{id}");
    }
    assert_eq!(show_json(&repo, "25")["title"], "Commit");
    // The title's number is the record's: no title-mismatch warning.
    let out = repo.adr(&["check"]).assert().success().get_output().clone();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("title-mismatch"), "{all}");

    // `renumber` moves the number in the title, read the same way.
    repo.adr_ok(&["renumber", "25", "31"]);
    let moved = repo.read("docs/decisions/0031-commit.md");
    assert!(moved.contains("\n# ADR 031 Commit\n"), "{moved}");
    repo.adr_ok(&["renumber", "13", "17"]);
    let moved = repo.read("docs/decisions/0017-dash.md");
    assert!(moved.contains("\n# ADR-017 - Dashed\n"), "{moved}");
    assert_eq!(show_json(&repo, "31")["title"], "Commit");
}

#[test]
fn people_given_as_one_string_are_several() {
    let madr = |people: &str| {
        format!(
            "---\nstatus: accepted\ndate: 2023-04-01\n{people}---\n# Use X\n\n\
             ## Context and Problem Statement\n\nWhy.\n"
        )
    };
    let repo = folder(&[
        (
            "docs/decisions/0001-use-x.md",
            &madr("deciders: Alice Chen, Bob Ruiz\nconsulted: Ops; Security\n"),
        ),
        (
            "docs/decisions/0002-use-y.md",
            &madr("decision-makers: [\"Chen, Alice\"]\ninformed: Everyone\n"),
        ),
    ]);
    let one = show_json(&repo, "1");
    let two = show_json(&repo, "2");
    let field = |v: &Value, key: &str| strings(&v[key]).join(" | ");
    assert_eq!(
        field(&one, "decision_makers"),
        "Alice Chen | Bob Ruiz",
        "{one}"
    );
    assert_eq!(field(&one, "consulted"), "Ops | Security", "{one}");
    // A list's element is one entry, as written.
    assert_eq!(field(&two, "decision_makers"), "Chen, Alice", "{two}");
    assert_eq!(field(&two, "informed"), "Everyone", "{two}");
}

/// A MADR 3 record whose options are worded differently in its three places: markup, a
/// parenthetical remark, `Option N` numbers with two texts, and a heading no option names.
const WORDED: &str = "---\nstatus: proposed\ndate: 2023-05-01\n---\n# Configure the CLI\n\n\
## Context and Problem Statement\n\nEach subcommand reads its own flags.\n\n\
## Considered Options\n\n\
* Option 1 - One flag across **all** subcommands\n\
* Option 2 - Keep per-command flags (status quo of ADR-0045)\n\
* Option 3 - A config file\n\n\
## Decision Outcome\n\n\
Chosen option: \"Keep per-command flags\", because nothing has to move.\n\n\
## Pros and Cons of the Options\n\n\
### One flag across all subcommands\n\n* Good, because uniform\n\n\
### Option 2 - Per-command flags as today\n\n* Bad, because they drift\n\n\
### Option 3 - Read ~/.tool.toml\n\n* Good, because one place\n\n\
### Environment variables\n\n* Bad, because invisible\n\n\
### Environment variables\n\n* Good, because CI sets them\n";

#[test]
fn options_are_matched_however_they_are_worded() {
    let repo = folder(&[("docs/decisions/0001-use-madr.md", &madr3("Use MADR"))]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("docs/decisions/0002-configure-the-cli.md", WORDED);
    repo.commit_all("Configure the CLI");
    let json = repo.adr_json(&["pr", "--base", "main", "--format", "json"]);
    let decision = &json["decisions"][0];
    assert_eq!(decision["id"], "ADR-0002", "{json}");
    let options = array(&decision["sections"]["options"]);
    let row = |o: &Value| {
        format!(
            "{} | good {} | bad {} | {}",
            o["title"].as_str().unwrap(),
            strings(&o["good"]).join(", "),
            strings(&o["bad"]).join(", "),
            if o["chosen"] == true { "chosen" } else { "" }
        )
    };
    let rows: Vec<String> = options.iter().map(row).collect();
    assert_eq!(
        rows,
        [
            "Option 1 - One flag across all subcommands | good uniform | bad  | ",
            "Option 2 - Keep per-command flags (status quo of ADR-0045) | good  | bad they drift | chosen",
            "Option 3 - A config file | good one place | bad  | ",
            "Environment variables | good CI sets them | bad invisible | ",
        ]
    );
    // The Markdown table has one row per option, the chosen one marked once.
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    let table: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---") && !l.starts_with("|---"))
        .collect();
    assert_eq!(table.len(), 1 + 4, "{md}");
    for title in [
        "One flag across all",
        "Keep per-command",
        "A config file",
        "Environment",
    ] {
        assert_eq!(
            table.iter().filter(|l| l.contains(title)).count(),
            1,
            "{title}: {md}"
        );
    }
    assert_eq!(md.matches("chosen").count(), 1, "{md}");
    assert!(
        table[2].contains("Keep per-command flags") && table[2].contains("chosen"),
        "{md}"
    );
}
