//! The engine against a real repository in a temporary directory: no index entries, no
//! branches, records written straight into `.adr/decisions/`.

use super::*;
use crate::git::repo::Repo;
use crate::model::record::Id;

const DIR: &str = ".adr/decisions";

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
}

impl Fixture {
    /// A repository with these records (`(file name, front matter lines)`).
    fn new(records: &[(&str, &str)]) -> Fixture {
        let (dir, repo) = Repo::temp_for_tests();
        std::fs::create_dir_all(dir.path().join(DIR)).unwrap();
        for (name, front) in records {
            let title = name.trim_end_matches(".md");
            let text = format!("---\nstatus: accepted\ndate: 2024-01-01\n{front}---\n\n# {title}\n\n## Context and Problem Statement\n\nText.\n");
            std::fs::write(dir.path().join(DIR).join(name), text).unwrap();
        }
        let store = Store::open(repo).unwrap();
        Fixture { dir, store }
    }

    fn read(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join(DIR).join(name)).ok()
    }

    fn renumber(&self, old: &str, new: &str, dry_run: bool) -> Result<Outcome> {
        let request = Request {
            old: old.into(),
            new: Some(new.into()),
            dry_run,
            ..Request::default()
        };
        let old = resolve(&self.store, &request)?;
        renumber(&self.store, &request, old)
    }
}

#[test]
fn a_record_no_one_refers_to_moves_alone() {
    let f = Fixture::new(&[("0001-a.md", ""), ("0002-b.md", "")]);
    let before = f.read("0002-b.md").unwrap();
    let out = f.renumber("2", "5", false).unwrap();
    assert_eq!(out.old_path, ".adr/decisions/0002-b.md");
    assert_eq!(out.new_path, ".adr/decisions/0005-b.md");
    assert_eq!(
        (out.shown_old.as_str(), out.shown_new.as_str()),
        ("ADR-0002", "ADR-0005")
    );
    assert!(out.plan.changes.is_empty() && out.plan.writes.is_empty());
    assert!(!out.tracked, "nothing was in the index");
    assert_eq!(f.read("0002-b.md"), None);
    assert_eq!(f.read("0005-b.md"), Some(before));
}

#[test]
fn references_in_other_records_follow_the_record() {
    let f = Fixture::new(&[
        ("0002-old.md", "superseded-by: [3]\n"),
        ("0003-new.md", "supersedes: [2]\nrelates: [1, 2]\n"),
        ("0001-first.md", "relates: [3]\n"),
    ]);
    let out = f.renumber("ADR-0002", "7", false).unwrap();
    let keys: Vec<(&str, &str)> = out
        .plan
        .changes
        .iter()
        .map(|c| (c.record.as_str(), c.key))
        .collect();
    assert_eq!(keys, [("ADR-0003", "supersedes"), ("ADR-0003", "relates")]);
    assert_eq!(out.plan.updated_summary(), "ADR-0003 (supersedes, relates)");
    let rewritten = f.read("0003-new.md").unwrap();
    assert!(
        rewritten.contains("supersedes: [7]\nrelates: [1, 7]\n"),
        "{rewritten}"
    );
    // The moved record's own links point elsewhere and stay as they were.
    assert!(f
        .read("0007-old.md")
        .unwrap()
        .contains("superseded-by: [3]\n"));
    assert!(f.read("0001-first.md").unwrap().contains("relates: [3]\n"));
}

#[test]
fn a_taken_number_is_refused_and_nothing_changes() {
    let f = Fixture::new(&[("0001-a.md", ""), ("0002-b.md", "relates: [1]\n")]);
    let err = f.renumber("1", "2", false).unwrap_err().to_string();
    assert!(
        err.contains("ADR-0002 is taken: 0002-b.md (work tree)"),
        "{err}"
    );
    assert!(f.read("0001-a.md").is_some());
    assert!(f.read("0002-b.md").unwrap().contains("relates: [1]\n"));
}

#[test]
fn a_dry_run_plans_every_edit_and_writes_nothing() {
    let f = Fixture::new(&[("0001-a.md", ""), ("0002-b.md", "amends: [1]\n")]);
    let out = f.renumber("1", "4", true).unwrap();
    let change = &out.plan.changes[0];
    assert_eq!(
        (change.path.as_str(), change.line, change.key),
        (".adr/decisions/0002-b.md", 4, "amends")
    );
    assert_eq!(change.removed, ["amends: [1]"]);
    assert_eq!(change.added, ["amends: [4]"]);
    assert_eq!(out.plan.writes.len(), 1);
    assert!(f.read("0001-a.md").is_some() && f.read("0004-a.md").is_none());
    assert!(f.read("0002-b.md").unwrap().contains("amends: [1]\n"));
}

#[test]
fn new_names_keep_the_text_after_the_number() {
    use number::renamed_path;
    assert_eq!(
        renamed_path("d/0005-use-x.md", Id(12), 4, false),
        "d/0012-use-x.md"
    );
    // An existing folder keeps its prefix and its numbers' width.
    assert_eq!(
        renamed_path("doc/adr-016-x.md", Id(7), 4, true),
        "doc/adr-007-x.md"
    );
}

#[test]
fn mentions_are_found_in_any_width_and_case_but_not_inside_words() {
    use plan::mentions_id;
    assert!(mentions_id("see ADR-0005.", "ADR-", Id(5)));
    assert!(mentions_id("see adr-5", "ADR-", Id(5)));
    assert!(!mentions_id("see ADR-0050", "ADR-", Id(5)));
    assert!(!mentions_id("MADR-5", "ADR-", Id(5)));
}
