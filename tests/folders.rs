//! Existing ADR folders used in place and imported: adr-tools (as adr-tools itself writes
//! them), MADR 2, 3 and 4, and a folder with every oddity seen in public repositories
//! (`tests/fixtures/folders/`).

mod common;

use common::{array, by_id, numbers, TestRepo};
use serde_json::Value;

/// A repository holding one fixture folder, committed, with `git adr init` run (and committed).
fn fixture(name: &str) -> TestRepo {
    common::existing_folder(name)
}

fn list(repo: &TestRepo) -> Vec<Value> {
    array(&repo.adr_json(&["list", "--format", "json"])).to_vec()
}

#[test]
fn adr_tools_folder_is_found_read_and_checked_in_place() {
    let repo = fixture("adr-tools");
    let config = repo.read(".adr/config.toml");
    assert!(config.contains("folder = \"doc/adr\""), "{config}");
    assert!(config.contains("format = \"adr-tools\""), "{config}");
    let records = list(&repo);
    assert_eq!(records.len(), 4);
    let r2 = by_id(&records, "ADR-0002");
    assert_eq!(r2["title"], "Use PostgreSQL");
    assert_eq!(r2["status"], "superseded");
    assert_eq!(
        r2["status_text"],
        "Superceded by [3. Use PostgreSQL 17](0003-use-postgresql-17.md)"
    );
    assert_eq!(r2["date"], "2024-01-05");
    assert_eq!(numbers(&r2["superseded_by"]), [3]);
    assert_eq!(numbers(&r2["amended_by"]), [4]);
    assert_eq!(numbers(&by_id(&records, "ADR-0003")["supersedes"]), [2]);
    assert_eq!(numbers(&by_id(&records, "ADR-0004")["amends"]), [2]);
    repo.adr(&["check"]).assert().success();
    let shown = repo.adr_ok(&["show", "2"]);
    assert!(
        shown.contains("Superceded by 3. Use PostgreSQL 17"),
        "{shown}"
    );
    let table = repo.adr_ok(&["list"]);
    assert!(table.contains("ADR-0001  Accepted"), "{table}");
}

#[test]
fn adr_tools_writes_in_its_own_format() {
    let repo = fixture("adr-tools");
    let out = repo.adr_ok(&["new", "--no-edit", "--supersedes", "3", "Use PostgreSQL 18"]);
    assert_eq!(out.trim(), "doc/adr/0005-use-postgresql-18.md");
    let new = repo.read("doc/adr/0005-use-postgresql-18.md");
    assert!(new.starts_with("# 5. Use PostgreSQL 18\n\nDate: "), "{new}");
    assert!(
        new.contains("## Status\n\nProposed\n\nSupersedes [3. Use PostgreSQL 17](0003-use-postgresql-17.md)\n\n## Context"),
        "{new}"
    );
    let old = repo.read("doc/adr/0003-use-postgresql-17.md");
    assert!(
        old.contains("## Status\n\nSupercedes [2. Use PostgreSQL](0002-use-postgresql.md)\n\nSuperseded by [5. Use PostgreSQL 18](0005-use-postgresql-18.md)\n\n## Context"),
        "{old}"
    );
    let records = list(&repo);
    assert_eq!(by_id(&records, "ADR-0003")["status"], "superseded");
    assert_eq!(numbers(&by_id(&records, "ADR-0005")["supersedes"]), [3]);

    repo.adr_ok(&["accept", "5"]);
    assert!(repo
        .read("doc/adr/0005-use-postgresql-18.md")
        .contains("## Status\n\nAccepted\n\nSupersedes"));
    repo.adr_ok(&["deprecate", "1"]);
    let first = repo.read("doc/adr/0001-record-architecture-decisions.md");
    assert!(
        first.contains("## Status\n\nDeprecated\n\n## Context"),
        "{first}"
    );
    repo.adr(&["check"]).assert().success();
}

#[test]
fn adr_dir_names_the_folder() {
    let repo = fixture("adr-tools-dir");
    let config = repo.read(".adr/config.toml");
    assert!(
        config.contains("folder = \"architecture/decisions\""),
        "{config}"
    );
    // `format = "adr-tools"` alone follows `.adr-dir`, as adr-tools does.
    repo.write(".adr/config.toml", "[kinds.adr]\nformat = \"adr-tools\"\n");
    let records = list(&repo);
    assert_eq!(records.len(), 3);
    assert_eq!(by_id(&records, "ADR-0002")["status"], "superseded");
    assert_eq!(
        by_id(&records, "ADR-0003")["path"],
        "architecture/decisions/0003-use-nats-for-events.md"
    );
}

#[test]
fn madr2_folder_in_place() {
    let repo = fixture("madr2");
    let records = list(&repo);
    // MADR numbers its own first record 0000; template.md is not a record.
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ADR-0000", "ADR-0001", "ADR-0002", "ADR-0003"]);
    let r1 = by_id(&records, "ADR-0001");
    assert_eq!(r1["status"], "superseded");
    assert_eq!(numbers(&r1["superseded_by"]), [2]);
    assert_eq!(numbers(&by_id(&records, "ADR-0002")["supersedes"]), [1]);
    assert_eq!(
        by_id(&records, "ADR-0002")["decision_makers"],
        serde_json::json!(["Oliver", "Anna"])
    );
    repo.adr(&["check"]).assert().success();

    repo.adr_ok(&["accept", "3"]);
    repo.adr_ok(&["supersede", "2", "3"]);
    let old = repo.read("docs/adr/0002-use-jooq.md");
    assert!(
        old.contains(
            "* Status: superseded by [ADR-0003](0003-use-flyway.md)\n* Deciders: Oliver, Anna"
        ),
        "{old}"
    );
    let new = repo.read("docs/adr/0003-use-flyway.md");
    assert!(new.contains("* Status: accepted\n"), "{new}");
    assert!(
        new.ends_with("\n## Links\n\n* Supersedes [ADR-0002](0002-use-jooq.md)\n"),
        "{new}"
    );
    let made = repo.adr_ok(&["new", "--no-edit", "Use Testcontainers"]);
    let text = repo.read(made.trim());
    assert!(
        text.starts_with("# Use Testcontainers\n\n* Status: proposed\n* Date: "),
        "{text}"
    );
    repo.adr(&["check"]).assert().success();
}

#[test]
fn madr3_and_madr4_folders_in_place() {
    let repo = fixture("madr3");
    let records = list(&repo);
    assert_eq!(records.len(), 3, "adr-template.md is not a record");
    let r2 = by_id(&records, "ADR-0002");
    assert_eq!(r2["status"], "superseded");
    assert_eq!(numbers(&r2["superseded_by"]), [3]);
    assert_eq!(
        by_id(&records, "ADR-0001")["decision_makers"],
        serde_json::json!(["Oliver", "Anna"])
    );
    repo.adr(&["check"]).assert().success();
    repo.adr_ok(&["supersede", "3", "1"]);
    let old = repo.read("docs/decisions/0003-use-grpc.md");
    assert!(
        old.starts_with("---\nstatus: \"superseded by [ADR-0001](0001-use-markdown-any-decision-records.md)\"\ndate: 2023-01-15\n"),
        "{old}"
    );

    let repo = fixture("madr4");
    let records = list(&repo);
    assert_eq!(records.len(), 2);
    assert_eq!(by_id(&records, "ADR-0001")["status"], Value::Null);
    assert_eq!(
        by_id(&records, "ADR-0001")["informed"],
        serde_json::json!(["Everyone"])
    );
    repo.adr(&["check"]).assert().success();
    let table = repo.adr_ok(&["list"]);
    assert!(table.contains("ADR-0001  -  "), "{table}");
}

#[test]
fn folders_in_the_wild() {
    let repo = fixture("wild");
    let records = list(&repo);
    let status = |id: &str| {
        let r = by_id(&records, id);
        (r["status"].clone(), r["status_text"].clone())
    };
    let s = |key: &str, text: &str| (Value::from(key), Value::from(text));
    assert_eq!(
        status("ADR-0002"),
        s("accepted", "Approved by TSC 04/08/2020")
    );
    assert_eq!(
        status("ADR-0003"),
        s("accepted", "**Approved**"),
        "CRLF file"
    );
    assert_eq!(status("ADR-0004"), s("accepted", "** Approved **"));
    assert_eq!(status("ADR-0005"), s("proposed", "*Draft*."));
    assert_eq!(
        status("ADR-0006"),
        (Value::Null, Value::from("{Deprecated|Proposed|Accepted}"))
    );
    assert_eq!(
        status("ADR-0007"),
        s(
            "accepted",
            "The team accepted this in the March meeting, after the spike."
        )
    );
    assert_eq!(status("ADR-0009"), s("proposed", "Proposed"));
    assert_eq!(status("ADR-0012"), s("on-hold", "on hold"));
    assert_eq!(status("ADR-0013"), (Value::Null, Value::Null));
    assert_eq!(status("ADR-0016"), s("deprecated", "Reverted"));
    assert_eq!(status("ADR-0017"), s("proposed", "In Review"));
    assert_eq!(status("ADR-0020"), s("accepted", "Accepted"));
    assert_eq!(
        status("ADR-0021"),
        s(
            "proposed",
            "draft [ accepted | deprecated | superseded by … ]"
        )
    );
    assert_eq!(status("ADR-0039"), s("accepted", "Implemented"));
    assert_eq!(
        status("ADR-0024"),
        s("accepted", "Accepted, middleware implemented")
    );
    assert_eq!(status("ADR-0025"), s("proposed", "Pending"));
    assert_eq!(
        status("ADR-0026"),
        s("partly-superseded", "Partly superseded")
    );
    assert_eq!(
        status("ADR-0028"),
        s("rejected", "Rejected in favour of ADR 111")
    );
    // Only the file name carries the successor's number.
    assert_eq!(numbers(&by_id(&records, "ADR-0027")["superseded_by"]), [39]);
    // "Superceded by" (adr-tools' spelling) and a successor named in a YAML status.
    assert_eq!(status("ADR-0010").0, "superseded");
    assert_eq!(numbers(&by_id(&records, "ADR-0010")["superseded_by"]), [11]);
    assert_eq!(numbers(&by_id(&records, "ADR-0011")["supersedes"]), [10]);
    assert_eq!(numbers(&by_id(&records, "ADR-0022")["superseded_by"]), [57]);

    // Real records with odd names; non-records skipped.
    let paths: Vec<&str> = records
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    for p in [
        "docs/adr/0014-no-extension",
        "docs/adr/0015 name with spaces.md",
        "docs/adr/adr-016-prefixed-name.md",
        "docs/adr/017-three-digits.md",
        "docs/adr/storage/0018-nested-by-area.md",
        "docs/adr/0019-own-folder/README.md",
        "docs/adr/0039-use-apache-velocity-as-template-engine.md",
        "docs/adr/20210301-date-named-one.md",
        "docs/adr/20210301-date-named-two.md",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:#?}");
    }
    for p in paths {
        let name = p.rsplit('/').next().unwrap().to_lowercase();
        assert!(
            !name.contains("template.md") && name != "readme.md" || p.contains("0019"),
            "{p} is not a record"
        );
        assert!(!p.ends_with(".png") && !p.ends_with(".sh"), "{p}");
    }
    assert_eq!(records.len(), 32);
    assert_eq!(
        by_id(&records, "ADR-0019")["title"],
        "Record in its own folder"
    );
    assert_eq!(
        by_id(&records, "20210301-date-named-two")["status"],
        "proposed"
    );

    // A link to a file name with spaces is percent-encoded, and read back.
    repo.adr_ok(&["link", "1", "relates", "15"]);
    let first = repo.read("docs/adr/0001-record-architecture-decisions.md");
    assert!(
        first.contains("\nRelates to [15. Name with spaces](0015%20name%20with%20spaces.md)\n"),
        "{first}"
    );
    let relinked = list(&repo);
    assert_eq!(numbers(&by_id(&relinked, "ADR-0001")["relates"]), [15]);
    assert_eq!(numbers(&by_id(&relinked, "ADR-0015")["relates"]), [1]);

    let shown = repo.adr_ok(&["show", "20210301-date-named-one"]);
    assert!(shown.contains("Date named one"), "{shown}");
    repo.adr_ok(&["show", "19"]);
    repo.adr_ok(&["show", "ADR-0015"]);

    // What is wrong is reported, and only that: a collision, a successor that does not
    // exist, a title whose number disagrees with the file's.
    let out = repo.adr(&["check", "--format", "json"]).assert().code(1);
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut codes: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" || f["code"] == "title-mismatch")
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            (
                "broken-link".into(),
                "docs/adr/0022-superseded-in-yaml.md".into()
            ),
            ("duplicate-id".into(), "docs/adr/0023-collision-a.md".into()),
            ("duplicate-id".into(), "docs/adr/0023-collision-b.md".into()),
            (
                "title-mismatch".into(),
                "docs/adr/0033-heading-number-mismatch.md".into()
            ),
        ],
        "{report:#}"
    );
}

#[test]
fn pr_summarises_a_branch_of_an_existing_folder() {
    let repo = fixture("adr-tools");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["new", "--no-edit", "--supersedes", "3", "Use PostgreSQL 18"]);
    repo.commit_all("Move to PostgreSQL 18");
    let out = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(out.contains("Use PostgreSQL 18"), "{out}");
    assert!(
        !out.contains("Not in the record"),
        "adr-tools has no MADR 4 sections: {out}"
    );
    assert!(
        out.contains("_status Accepted → Superseded by 5. Use PostgreSQL 18_"),
        "{out}"
    );
    assert!(!out.contains("superseded by ADR-0005"), "said once: {out}");
    assert!(
        !out.contains("The change that we're proposing"),
        "adr-tools' template text is not shown as the decision: {out}"
    );
    assert!(out.contains("ADR-0003"), "{out}");
    repo.adr(&["check", "--base", "main"]).assert().success();
}

/// The fields a conversion must keep.
fn essentials(records: &[Value]) -> Vec<Value> {
    records
        .iter()
        .map(|r| {
            serde_json::json!({
                "number": r["number"], "title": r["title"], "status": r["status"],
                // One direction of each relation: an import also writes the other end
                // where the folder named only one (`check` below proves both agree).
                "date": r["date"], "superseded_by": r["superseded_by"], "amends": r["amends"],
                "decision_makers": r["decision_makers"],
                "consulted": r["consulted"], "informed": r["informed"],
            })
        })
        .collect()
}

#[test]
fn import_keeps_every_field() {
    for (name, dir) in [
        ("adr-tools", "doc/adr"),
        ("madr2", "docs/adr"),
        ("madr3", "docs/decisions"),
        ("madr4", "docs/decisions"),
    ] {
        let repo = fixture(name);
        let before_records = list(&repo);
        let before = essentials(&before_records);
        std::fs::remove_dir_all(repo.path().join(".adr")).unwrap();
        repo.adr(&["init", "--import", dir]).assert().success();
        let after_records = list(&repo);
        assert!(
            after_records
                .iter()
                .all(|r| r["path"].as_str().unwrap().starts_with(".adr/decisions/")),
            "{name}: {after_records:#?}"
        );
        let mut after = essentials(&after_records);
        // Records without a status are imported as accepted (and said so).
        for (b, a) in before.iter().zip(after.iter_mut()) {
            if b["status"].is_null() {
                assert_eq!(a["status"], "accepted", "{name}");
                a["status"] = Value::Null;
            }
        }
        assert_eq!(before, after, "{name}");
        repo.adr(&["check"]).assert().success();
        // The bodies come along, less the lines whose facts moved into the front matter;
        // files are named from their titles.
        for (b, a) in before_records.iter().zip(&after_records) {
            let old = repo.read(b["path"].as_str().unwrap());
            let new = repo.read(a["path"].as_str().unwrap());
            // (Links are rewritten for the new names: compare a line without one.)
            let last = old.lines().rev().find(|l| !l.contains("](")).unwrap();
            assert!(new.contains(&format!("{last}\n")), "{name}: {new}");
            assert!(
                !new.contains("\nDate:") && !new.contains("* Status:"),
                "{new}"
            );
        }
        let checked = repo.adr_ok(&["check"]);
        assert!(!checked.contains("title-mismatch"), "{name}: {checked}");
    }
}

#[test]
fn import_of_the_wild_folder_numbers_date_named_records_and_says_what_it_did() {
    let repo = fixture("wild");
    std::fs::remove_dir_all(repo.path().join(".adr")).unwrap();
    let out = repo
        .adr(&["init", "--import", "docs/adr"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("number 23 is taken by more than one record"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no status and were imported as accepted"),
        "{stderr}"
    );
    let names = repo.ls(".adr/decisions");
    assert!(
        names.contains(&"0040-date-named-one.md".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"0041-date-named-two.md".to_string()),
        "{names:?}"
    );
    let config = repo.read(".adr/config.toml");
    assert!(config.contains("\"on-hold\""), "{config}");
    let text = repo.read(".adr/decisions/0002-use-tsc-approval.md");
    assert!(
        text.starts_with("---\nstatus: accepted\nstatus-text: Approved by TSC 04/08/2020\ndate: 2020-04-08\n---\n\n# Use TSC approval\n\n## Context\n"),
        "{text}"
    );
}

#[test]
fn bad_folders_are_usage_errors() {
    let repo = TestRepo::new();
    repo.write("README.md", "hi\n");
    repo.commit_all("init");
    let out = repo.adr(&["init", "--import", "docs/adr"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("docs/adr is not a directory"), "{err}");
    let out = repo
        .adr(&["init", "--in-place", "../elsewhere"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("outside the repository"), "{err}");
    std::fs::create_dir_all(repo.path().join("docs/adr")).unwrap();
    let out = repo
        .adr(&["init", "--in-place", "docs/adr"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("holds no ADRs"), "{err}");
    assert!(!repo.exists(".adr"), "nothing written");

    repo.write(".adr/config.toml", "[kinds.adr]\nfolder = \"../outside\"\n");
    let out = repo.adr(&["list"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains(".adr/config.toml:2"), "{err}");
    repo.write(
        ".adr/config.toml",
        "[kinds.adr]\nfolder = \"docs/adr\"\nformat = \"rst\"\n",
    );
    let out = repo.adr(&["list"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("\"auto\", \"adr-tools\" or \"madr\""), "{err}");
}

#[test]
fn history_and_dates_of_an_existing_folder() {
    let repo = fixture("adr-tools");
    repo.adr_ok(&["deprecate", "1"]);
    repo.commit_all("Deprecate ADR 1");
    let out = repo.adr_ok(&["history", "1"]);
    assert!(out.contains("created  as accepted"), "{out}");
    assert!(out.contains("status   accepted → deprecated"), "{out}");
    let log = repo.adr_ok(&["log"]);
    assert!(
        log.contains("ADR-0004  created     Tune the pool (accepted)"),
        "titles and statuses read in the folder's format: {log}"
    );
    let records: Vec<Value> =
        serde_json::from_str(&repo.adr_ok(&["list", "--dates", "git", "--format", "json"]))
            .unwrap();
    assert_eq!(
        by_id(&records, "ADR-0001")["created"]["subject"],
        "existing ADRs"
    );
    assert_eq!(
        by_id(&records, "ADR-0001")["updated"]["subject"],
        "Deprecate ADR 1"
    );
}

#[test]
fn an_uncommitted_status_change_in_an_existing_folder_is_read_in_its_format() {
    let repo = fixture("adr-tools");
    repo.adr_ok(&["deprecate", "1"]);
    // Not committed: the work tree's version is read as adr-tools writes it, like history's.
    let out = repo.adr_ok(&["history", "1"]);
    assert!(out.contains("status   accepted → deprecated"), "{out}");
    assert!(out.contains("uncommitted"), "{out}");
}

#[test]
fn renumber_rewrites_links_in_the_folders_format() {
    let repo = fixture("adr-tools");
    let out = repo.adr(&["renumber", "2", "12"]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        !stderr.contains("mentions"),
        "rewritten links are not reported: {stderr}"
    );
    let moved = repo.read("doc/adr/0012-use-postgresql.md");
    assert!(moved.starts_with("# 12. Use PostgreSQL\n"), "{moved}");
    assert!(repo
        .read("doc/adr/0003-use-postgresql-17.md")
        .contains("\nSupercedes [12. Use PostgreSQL](0012-use-postgresql.md)\n"));
    assert!(repo
        .read("doc/adr/0004-tune-the-pool.md")
        .contains("\nAmends [12. Use PostgreSQL](0012-use-postgresql.md)\n"));
    repo.adr(&["check"]).assert().success();
    let records = list(&repo);
    assert_eq!(numbers(&by_id(&records, "ADR-0012")["superseded_by"]), [3]);
    assert_eq!(numbers(&by_id(&records, "ADR-0003")["supersedes"]), [12]);

    // MADR 2: the successor in a status line; a prefixed three-digit name keeps its form.
    let repo = fixture("madr2");
    repo.adr_ok(&["renumber", "2", "20"]);
    let old = repo.read("docs/adr/0001-use-jdbc.md");
    assert!(
        old.contains("* Status: superseded by [ADR-0020](0020-use-jooq.md)\n"),
        "{old}"
    );
    let repo = fixture("wild");
    repo.adr_ok(&["renumber", "16", "60"]);
    assert!(repo.exists("docs/adr/adr-060-prefixed-name.md"));
    assert!(repo
        .read("docs/adr/adr-060-prefixed-name.md")
        .starts_with("# 60. Prefixed name"));
}

#[test]
fn records_sharing_a_number_are_found_by_file() {
    let repo = fixture("wild");
    let out = repo.adr_ok(&["show", "docs/adr/0023-collision-b.md"]);
    assert!(out.starts_with("ADR-0023  Collision B"), "{out}");
    let out = repo.adr_ok(&["show", "0023-collision-a.md"]);
    assert!(out.starts_with("ADR-0023  Collision A"), "{out}");
    repo.adr_ok(&["deprecate", "docs/adr/0023-collision-b.md"]);
    assert!(repo
        .read("docs/adr/0023-collision-b.md")
        .contains("## Status\n\nDeprecated\n"));
    repo.adr(&["show", "23"]).assert().code(2);
}

#[test]
fn import_dates_undated_records_from_history_and_refuses_taken_numbers() {
    let repo = TestRepo::new();
    repo.write(
        "docs/adr/0001-use-x.md",
        "# 1. Use X\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n",
    );
    repo.commit_all("Use X");
    repo.adr(&["init", "--import", "docs/adr"])
        .assert()
        .success();
    let text = repo.read(".adr/decisions/0001-use-x.md");
    assert!(
        text.starts_with("---\nstatus: accepted\ndate: 2026-11-01\n---\n"),
        "dated from the commit (GIT_AUTHOR_DATE of the harness): {text}"
    );

    // A second import whose numbers the repository's own records use is refused.
    repo.write(
        "old/0001-use-y.md",
        "# 1. Use Y\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n",
    );
    let out = repo.adr(&["init", "--import", "old"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("numbers are taken in .adr/decisions: .adr/decisions/0001-use-x.md"),
        "{err}"
    );
    assert!(!repo.exists(".adr/decisions/0001-use-y.md"));
}

#[test]
fn new_follows_the_folders_naming() {
    let repo = TestRepo::new();
    for n in [1, 2, 9] {
        repo.write(
            &format!("doc/adr/adr-00{n}-t{n}.md"),
            format!("# {n}. T{n}\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n"),
        );
    }
    repo.commit_all("adrs");
    repo.adr(&["init"]).assert().success();
    let out = repo.adr_ok(&["new", "--no-edit", "Tenth"]);
    assert_eq!(out.trim(), "doc/adr/adr-010-tenth.md");
    assert!(repo
        .read("doc/adr/adr-010-tenth.md")
        .starts_with("# 10. Tenth\n\nDate: "));
}

#[test]
fn a_madr_status_that_names_the_successor_is_said_once() {
    let repo = fixture("madr2");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["accept", "3"]);
    repo.adr_ok(&["supersede", "2", "3"]);
    repo.commit_all("Flyway replaces jOOQ");
    let out = repo.adr_ok(&["pr", "--base", "main"]);
    assert_eq!(out.matches("superseded by ADR-0003").count(), 1, "{out}");
}

#[test]
fn renumber_rewrites_a_successor_named_in_prose_and_keeps_the_folders_width() {
    let repo = TestRepo::new();
    repo.write(
        "docs/adr/adr-001-old.md",
        "# ADR-001: Old\n\n* Status: superseded by ADR-018\n* Date: 2020-01-01\n",
    );
    repo.write(
        "docs/adr/adr-018-use-scala.md",
        "# ADR-018: Use Scala\n\n* Status: accepted\n* Date: 2020-02-01\n",
    );
    repo.write(
        "docs/adr/adr-002-other.md",
        "---\nstatus: superseded by [ADR-018](adr-018-use-scala.md)\n---\n# ADR-002: Other\n",
    );
    repo.commit_all("adrs");
    repo.adr(&["init"]).assert().success();
    assert!(repo.read(".adr/config.toml").contains("width = 3"));
    repo.adr_ok(&["renumber", "18", "25"]);
    assert!(repo
        .read("docs/adr/adr-001-old.md")
        .contains("* Status: superseded by ADR-025\n"));
    assert!(repo
        .read("docs/adr/adr-002-other.md")
        .starts_with("---\nstatus: superseded by [ADR-025](adr-025-use-scala.md)\n"));
    assert!(repo
        .read("docs/adr/adr-025-use-scala.md")
        .starts_with("# ADR-025: Use Scala\n"));
    let out = repo.adr(&["check", "--format", "json"]).assert().success();
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    let table = repo.adr_ok(&["list"]);
    assert!(table.contains("ADR-025"), "{table}");
}

#[test]
fn template_text_of_an_existing_format_is_a_warning() {
    let repo = fixture("adr-tools");
    let out = repo.adr(&["check"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("doc/adr/0002-use-postgresql.md:13: warning[placeholder-text]: still holds the template's text: `The issue motivating this decision"),
        "{text}"
    );
    // The first record has adr-tools' own real text.
    assert!(
        !text.contains("0001-record-architecture-decisions.md"),
        "{text}"
    );
}

#[test]
fn show_and_pr_handle_the_wild_folder() {
    let repo = fixture("wild");
    // `show` of each record people would look at.
    for id in ["2", "3", "6", "7", "13", "14", "15", "18", "19", "33", "39"] {
        let out = repo.adr(&["show", id]).assert().success();
        assert!(!out.get_output().stdout.is_empty(), "show {id}");
    }
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["accept", "25"]);
    repo.adr_ok(&["supersede", "24", "25"]);
    repo.write("docs/adr/0029-new-one.md", "# 29. New one\n\nDate: 2021-05-01\n\n## Status\n\nProposed\n\n## Context\n\nWhy.\n\n## Decision\n\nWe will.\n");
    repo.commit_all("decisions");
    let out = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(out.contains("### ADR-0024: Middleware"), "{out}");
    assert!(out.contains("### ADR-0025: Pending vote"), "{out}");
    assert!(out.contains("### ADR-0029: New one"), "{out}");
    assert!(
        out.contains("Pending → Accepted"),
        "statuses as written: {out}"
    );
    assert!(
        !out.contains("Collision"),
        "untouched records stay out: {out}"
    );
    let json: Value =
        serde_json::from_str(&repo.adr_ok(&["pr", "--base", "main", "--format", "json"])).unwrap();
    assert_eq!(json["decisions"].as_array().unwrap().len(), 3, "{json:#}");
}
