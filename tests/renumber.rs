//! `git adr renumber`: moving a record to a free number with every link following, all or
//! nothing, through the real binary in real temporary git repositories — including the case it
//! exists for: two branches each took the same number and git merged both files.

mod common;
use common::{adr_path, assert_code, assert_unchanged, diff_lines, files_under, numbers, run};
use common::{pad_record, record, record_with as rec, run_with_file_size_limit, show_json};
use common::{run_in, stderr, stdout, TestRepo, DECISIONS};
use common::{stray_files, FILE_SIZE_LIMIT};
use std::collections::BTreeMap;
use std::path::PathBuf;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Runs renumber expecting success; returns (stdout, stderr).
fn renumber_ok(repo: &TestRepo, args: &[&str]) -> (String, String) {
    let full = common::args(&["renumber"], args);
    let o = run(repo, &full);
    assert_code(&o, 0, &format!("{full:?}"));
    (stdout(&o), stderr(&o))
}

/// Runs renumber expecting a usage error (exit 2); returns stderr.
fn renumber_refused(repo: &TestRepo, args: &[&str]) -> String {
    let full = common::args(&["renumber"], args);
    let o = run(repo, &full);
    assert_code(&o, 2, &format!("{full:?}"));
    assert!(
        stderr(&o).contains("error: "),
        "{full:?} says why:\n{}",
        stderr(&o)
    );
    stderr(&o)
}

/// Runs renumber expecting a refusal that changes nothing: no file of the work tree or the
/// index, and no temporary file left behind; returns stderr.
fn refused_without_change(repo: &TestRepo, args: &[&str]) -> String {
    let before = snapshot(repo);
    let err = renumber_refused(repo, args);
    assert_unchanged(&before, &snapshot(repo));
    assert!(stray_files(repo).is_empty(), "{:?}", stray_files(repo));
    err
}

/// Every file of the work tree and git's index, byte for byte: what "nothing changed" means.
fn snapshot(repo: &TestRepo) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = repo.path();
    let mut out = files_under(&root);
    out.insert(
        PathBuf::from(".git/index"),
        std::fs::read(root.join(".git/index")).unwrap_or_default(),
    );
    out
}

/// `git status --porcelain` lines.
fn status(repo: &TestRepo) -> Vec<String> {
    repo.git(&["status", "--porcelain"])
        .lines()
        .map(str::to_string)
        .collect()
}

/// A committed repository where ADR 3 "Use PostgreSQL" is linked every way there is:
/// it supersedes 2 (which says superseded-by 3), 4 amends it (it says amended-by 4), it relates
/// to 5 and 5 to it. ADR 5 writes its list as a block sequence with a comment, ADR 4 has a
/// comment on its line: edits must keep both.
fn repo_with_links() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(
        &adr_path(2, "use-mysql"),
        rec("superseded", "superseded-by: [3]\n", "Use MySQL"),
    );
    repo.write(
        &adr_path(3, "use-postgresql"),
        rec(
            "accepted",
            "supersedes: [2]\namended-by: [4]\nrelates: [5]\n",
            "Use PostgreSQL",
        ),
    );
    repo.write(
        &adr_path(4, "tune-the-pool"),
        rec(
            "accepted",
            "amends: [3]   # pool size only\ntags: [db]\n",
            "Tune the pool",
        ),
    );
    repo.write(
        &adr_path(5, "cache-reads"),
        rec(
            "proposed",
            "relates:\n# the store it caches\n- 3\n- 1\nreview-by: 2027-01-01\n",
            "Cache reads",
        ),
    );
    repo.commit_all("records with links");
    repo
}

// ---------------------------------------------------------------------------------------------
// 1. Moving a record: the file, every link, the index
// ---------------------------------------------------------------------------------------------

#[test]
fn renumber_moves_the_file_and_every_link_follows_in_both_directions() {
    let repo = repo_with_links();
    let moved_before = repo.read(&adr_path(3, "use-postgresql"));
    let (out, _) = renumber_ok(&repo, &["3", "9"]);

    assert_eq!(
        repo.ls(DECISIONS),
        [
            "0001-record-architecture-decisions.md",
            "0002-use-mysql.md",
            "0004-tune-the-pool.md",
            "0005-cache-reads.md",
            "0009-use-postgresql.md",
        ]
    );
    // The moved record keeps its text: its own links point at others, which did not move.
    assert_eq!(repo.read(&adr_path(9, "use-postgresql")), moved_before);
    let nine = show_json(&repo, "9");
    assert_eq!(nine["title"], "Use PostgreSQL");
    assert_eq!(numbers(&nine["supersedes"]), [2]);
    assert_eq!(numbers(&nine["amended_by"]), [4]);
    assert_eq!(numbers(&nine["relates"]), [5]);
    // Every other end follows.
    assert_eq!(numbers(&show_json(&repo, "2")["superseded_by"]), [9]);
    assert_eq!(numbers(&show_json(&repo, "4")["amends"]), [9]);
    assert_eq!(numbers(&show_json(&repo, "5")["relates"]), [9, 1]);
    assert_code(&run(&repo, &["show", "3"]), 2, "ADR 3 is gone");

    assert_eq!(
        out,
        "renamed .adr/decisions/0003-use-postgresql.md → .adr/decisions/0009-use-postgresql.md (ADR-0003 → ADR-0009); updated references in ADR-0002 (superseded-by), ADR-0004 (amends), ADR-0005 (relates)
staged the rename and the reference edits in the index, as `git mv` would
"
    );
}

#[test]
fn renumber_rewrites_only_the_reference_lines_keeping_comments_and_style() {
    let repo = repo_with_links();
    renumber_ok(&repo, &["3", "9"]);
    assert_eq!(
        diff_lines(&repo, &adr_path(2, "use-mysql")),
        (
            vec!["superseded-by: [3]".into()],
            vec!["superseded-by: [9]".into()]
        )
    );
    assert_eq!(
        diff_lines(&repo, &adr_path(4, "tune-the-pool")),
        (
            vec!["amends: [3]   # pool size only".into()],
            vec!["amends: [9]   # pool size only".into()]
        )
    );
    // A block sequence stays a block sequence; its comment (kept after the value, as every
    // surgical edit keeps it) and the next key stay.
    let five = repo.read(&adr_path(5, "cache-reads"));
    assert!(
        five.contains("relates:\n- 9\n- 1\n# the store it caches\nreview-by: 2027-01-01\n"),
        "{five}"
    );
    assert!(five.ends_with("---\n\n# Cache reads\n\nBody.\n"), "{five}");
}

#[test]
fn renumber_of_a_tracked_file_stages_a_rename_that_git_status_shows() {
    let repo = repo_with_links();
    renumber_ok(&repo, &["3", "9"]);
    let st = status(&repo);
    assert!(
        st.contains(&format!(
            "R  {} -> {}",
            adr_path(3, "use-postgresql"),
            adr_path(9, "use-postgresql")
        )),
        "{st:?}"
    );
    // The reference edits are staged with the rename: the next commit is the whole renumbering.
    for p in [
        adr_path(2, "use-mysql"),
        adr_path(4, "tune-the-pool"),
        adr_path(5, "cache-reads"),
    ] {
        assert!(st.contains(&format!("M  {p}")), "{p}: {st:?}");
    }
    assert_eq!(st.len(), 4, "{st:?}");
    // The staged entry is the committed content under the new name.
    assert_eq!(
        repo.git(&["rev-parse", &format!(":{}", adr_path(9, "use-postgresql"))]),
        repo.git(&[
            "rev-parse",
            &format!("HEAD:{}", adr_path(3, "use-postgresql"))
        ])
    );
    // And a plain commit records it, as a rename.
    repo.git(&["commit", "-q", "-m", "renumber"]);
    assert!(status(&repo).is_empty(), "{:?}", status(&repo));
    let log = repo.git(&["show", "--name-status", "--format=", "-M", "HEAD"]);
    assert!(
        log.contains(&format!(
            "R100\t{}\t{}",
            adr_path(3, "use-postgresql"),
            adr_path(9, "use-postgresql")
        )),
        "{log}"
    );
}

#[test]
fn renumber_of_an_untracked_file_leaves_the_index_alone() {
    let repo = TestRepo::initialised();
    repo.write(&adr_path(2, "draft"), record("proposed", "Draft"));
    let index_before = std::fs::read(repo.path().join(".git/index")).unwrap();
    let (out, _) = renumber_ok(&repo, &["2", "7"]);
    assert!(!out.contains("staged"), "{out}");
    assert!(repo.exists(&adr_path(7, "draft")));
    assert!(!repo.exists(&adr_path(2, "draft")));
    assert_eq!(
        std::fs::read(repo.path().join(".git/index")).unwrap(),
        index_before
    );
    assert_eq!(status(&repo), [format!("?? {}", adr_path(7, "draft"))]);
}

#[test]
fn renumber_keeps_the_text_after_the_number_and_writes_the_configured_width() {
    let repo = TestRepo::initialised();
    repo.write(".adr/config.toml", "[ids]\nwidth = 3\n");
    repo.write(
        &format!("{DECISIONS}/02_old-style.md"),
        record("proposed", "Old"),
    );
    repo.commit_all("old style");
    renumber_ok(&repo, &["2", "12"]);
    assert!(repo.exists(&format!("{DECISIONS}/012_old-style.md")));
    assert!(!repo.exists(&format!("{DECISIONS}/02_old-style.md")));
}

#[test]
fn renumber_accepts_ids_in_every_usual_spelling_and_from_a_subdirectory() {
    let repo = repo_with_links();
    renumber_ok(&repo, &["ADR-0003", "adr-10"]);
    assert!(repo.exists(&adr_path(10, "use-postgresql")));
    std::fs::create_dir_all(repo.path().join("src/deep")).unwrap();
    let o = run_in(
        &repo,
        &repo.path().join("src/deep"),
        &["renumber", "#10", "11"],
    );
    assert_code(&o, 0, "from a subdirectory");
    assert!(repo.exists(&adr_path(11, "use-postgresql")));
    assert_eq!(numbers(&show_json(&repo, "2")["superseded_by"]), [11]);
}

#[test]
fn renumber_reports_mentions_in_text_and_leaves_the_text_alone() {
    let repo = repo_with_links();
    let four = adr_path(4, "tune-the-pool");
    let text = repo.read(&four).replace(
        "Body.",
        "Builds on ADR-0003, see [it](0003-use-postgresql.md).",
    );
    repo.write(&four, &text);
    let (_, err) = renumber_ok(&repo, &["3", "9"]);
    assert!(
        err.contains(&format!(
            "{four}:10: the text mentions ADR-0003 and 0003-use-postgresql.md"
        )),
        "{err}"
    );
    assert!(repo
        .read(&four)
        .contains("Builds on ADR-0003, see [it](0003-use-postgresql.md)."));
}

// ---------------------------------------------------------------------------------------------
// 2. Choosing the new number
// ---------------------------------------------------------------------------------------------

#[test]
fn renumber_refuses_a_number_taken_on_another_local_branch() {
    let repo = repo_with_links();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(&adr_path(9, "feature-work"), record("proposed", "Feature"));
    repo.commit_all("adr 9 on feature");
    repo.git(&["checkout", "-q", "main"]);
    let before = snapshot(&repo);

    let err = renumber_refused(&repo, &["3", "9"]);
    assert!(err.contains("ADR-0009 is taken"), "{err}");
    assert!(
        err.contains("0009-feature-work.md (branch feature)"),
        "{err}"
    );
    assert!(
        err.contains("--next (the next free one is ADR-0010)"),
        "{err}"
    );
    assert_unchanged(&before, &snapshot(&repo));
}

#[test]
fn renumber_refuses_a_number_taken_only_on_a_remote_tracking_branch() {
    let repo = repo_with_links();
    let root = repo.add_origin();
    // A colleague's clone takes ADR 9 on a branch and pushes it; here it is only origin/theirs.
    repo.git_in(&root, &["clone", "-q", "remote.git", "other"]);
    let other = root.join("other");
    repo.git_in(&other, &["checkout", "-q", "-b", "theirs"]);
    std::fs::write(
        other.join(adr_path(9, "their-decision")),
        record("proposed", "Theirs"),
    )
    .unwrap();
    repo.git_in(&other, &["add", "-A"]);
    repo.git_in(&other, &["commit", "-q", "-m", "adr 9"]);
    repo.git_in(&other, &["push", "-q", "origin", "theirs"]);
    repo.git(&["fetch", "-q", "origin"]);
    assert_eq!(repo.git(&["branch", "--list", "theirs"]), "");
    let before = snapshot(&repo);

    let err = renumber_refused(&repo, &["3", "9"]);
    assert!(
        err.contains("0009-their-decision.md (origin/theirs)"),
        "{err}"
    );
    assert_unchanged(&before, &snapshot(&repo));
}

#[test]
fn renumber_refuses_a_number_taken_in_the_work_tree_or_only_in_the_index() {
    let repo = repo_with_links();
    let err = renumber_refused(&repo, &["3", "4"]);
    assert!(
        err.contains("ADR-0004 is taken: 0004-tune-the-pool.md (work tree, index, branch main)"),
        "{err}"
    );
    let staged = adr_path(8, "staged");
    repo.write(&staged, record("proposed", "Staged"));
    repo.git(&["add", &staged]);
    std::fs::remove_file(repo.path().join(&staged)).unwrap();
    let err = renumber_refused(&repo, &["3", "8"]);
    assert!(err.contains("0008-staged.md (index)"), "{err}");
}

#[test]
fn renumber_next_takes_one_more_than_the_highest_number_anywhere() {
    let repo = repo_with_links();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(&adr_path(7, "feature-work"), record("proposed", "Feature"));
    repo.commit_all("adr 7 on feature");
    repo.git(&["checkout", "-q", "main"]);
    let (out, _) = renumber_ok(&repo, &["3", "--next"]);
    assert!(out.contains("(ADR-0003 → ADR-0008)"), "{out}");
    assert!(repo.exists(&adr_path(8, "use-postgresql")));
    assert_eq!(numbers(&show_json(&repo, "4")["amends"]), [8]);
}

#[test]
fn renumber_to_the_same_number_is_refused() {
    let repo = repo_with_links();
    let before = snapshot(&repo);
    let err = renumber_refused(&repo, &["3", "0003"]);
    assert!(err.contains("ADR-0003 already has number 3"), "{err}");
    assert_unchanged(&before, &snapshot(&repo));
}

#[test]
fn renumber_to_a_number_the_store_would_not_list_is_refused() {
    let repo = repo_with_links();
    repo.write(
        &adr_path(6, "template-engine-choice"),
        record("proposed", "Template engine choice"),
    );
    repo.commit_all("adr 6");
    // `0000-template-….md` is how MADR names its template: listings skip it.
    let err = refused_without_change(&repo, &["6", "0"]);
    assert!(
        err.contains("ADR-0000 would be 0000-template-engine-choice.md, which git adr does not read as a record (number 0 with a name that starts or ends with `template` is a template, not a record)"),
        "{err}"
    );
    assert!(err.contains("hint: choose another number"), "{err}");
    // A number that reads as a date carries no number at all.
    let err = refused_without_change(&repo, &["6", "20240105"]);
    assert!(
        err.contains("(a name that starts with a date carries no number)"),
        "{err}"
    );
    // A record others link to cannot take 0: front matter reads a link to 0 as no record.
    let err = refused_without_change(&repo, &["3", "0"]);
    assert!(
        err.contains("hint: front-matter links cannot name number 0: choose another number"),
        "{err}"
    );
    // Number 0 itself is a record number (MADR's first record is 0000-use-markdown-….md).
    repo.write(
        &adr_path(7, "use-markdown"),
        record("accepted", "Use Markdown"),
    );
    let (out, _) = renumber_ok(&repo, &["7", "0"]);
    assert!(out.contains("(ADR-0007 → ADR-0000)"), "{out}");
    let list = stdout(&run(&repo, &["list"]));
    assert!(
        list.contains("ADR-0000") && list.contains("ADR-0006"),
        "{list}"
    );
}

#[test]
fn renumber_errors_name_the_problem_and_exit_2() {
    let repo = repo_with_links();
    let before = snapshot(&repo);
    let err = renumber_refused(&repo, &["42", "43"]);
    assert!(err.contains("no adr record ADR-0042"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    let err = renumber_refused(&repo, &["3", "six"]);
    assert!(err.contains("`six` is not a record number"), "{err}");
    let err = renumber_refused(&repo, &["three", "6"]);
    assert!(err.contains("`three` is not a record id or file"), "{err}");
    let err = renumber_refused(&repo, &["3", "6", "--kind", "dod"]);
    assert!(err.contains("no numbers"), "{err}");
    let err = renumber_refused(&repo, &["3", "6", "--kind", "nope"]);
    assert!(err.contains("unknown record kind `nope`"), "{err}");
    let err = renumber_refused(&repo, &["src/0003-x.md", "6"]);
    assert!(err.contains("not in a records directory"), "{err}");
    let err = renumber_refused(&repo, &[".adr/decisions/0042-nothing.md", "6"]);
    assert!(err.contains("does not exist"), "{err}");
    // Neither NEW nor --next; both.
    assert_code(&run(&repo, &["renumber", "3"]), 2, "no NEW");
    assert_code(
        &run(&repo, &["renumber", "3", "6", "--next"]),
        2,
        "NEW and --next",
    );
    assert_unchanged(&before, &snapshot(&repo));
}

#[test]
fn renumber_in_a_bare_repository_exits_2_saying_it_is_bare() {
    let repo = repo_with_links();
    repo.git_in(
        repo.dir.path(),
        &["clone", "-q", "--bare", "work", "bare.git"],
    );
    let bare = repo.dir.path().join("bare.git");
    let o = run_in(&repo, &bare, &["renumber", "3", "9"]);
    assert_code(&o, 2, "renumber in a bare repository");
    assert!(stderr(&o).contains("bare repository"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// 3. --dry-run
// ---------------------------------------------------------------------------------------------

#[test]
fn dry_run_prints_every_change_and_changes_nothing() {
    let repo = repo_with_links();
    let before = snapshot(&repo);
    let (out, _) = renumber_ok(&repo, &["3", "9", "--dry-run"]);
    assert_unchanged(&before, &snapshot(&repo));
    assert_eq!(
        out,
        "would rename .adr/decisions/0003-use-postgresql.md → .adr/decisions/0009-use-postgresql.md (ADR-0003 → ADR-0009); would update references in ADR-0002 (superseded-by), ADR-0004 (amends), ADR-0005 (relates)
would stage the rename and the reference edits in the index, as `git mv` would
.adr/decisions/0002-use-mysql.md:4 (ADR-0002 superseded-by):
  - superseded-by: [3]
  + superseded-by: [9]
.adr/decisions/0004-tune-the-pool.md:4 (ADR-0004 amends):
  - amends: [3]   # pool size only
  + amends: [9]   # pool size only
.adr/decisions/0005-cache-reads.md:4 (ADR-0005 relates):
  - relates:
  - # the store it caches
  - - 3
  - - 1
  + relates:
  + - 9
  + - 1
  + # the store it caches
dry run: nothing was changed
"
    );
    // --next too, and what it prints is what the real run then does.
    let (out, _) = renumber_ok(&repo, &["3", "--next", "--dry-run"]);
    assert!(out.contains("(ADR-0003 → ADR-0006)"), "{out}");
    assert_unchanged(&before, &snapshot(&repo));
}

// ---------------------------------------------------------------------------------------------
// 4. Two branches took the same number
// ---------------------------------------------------------------------------------------------

/// Two branches each add ADR 3 (as two clones would, each seeing only its own history) and main
/// merges the feature branch, so the work tree holds `0003-use-kafka.md` (main) and
/// `0003-use-nats.md` (feature).
///
/// Links made on each side: on main, ADR 4 relates to Kafka and Kafka to it; on feature, NATS
/// amends ADR 2 and ADR 2 says amended-by 3. ADR 4 also `supersedes: [3]` one-sidedly: neither
/// file says superseded-by 4, so nobody can tell which it means.
fn merged_duplicates() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(&adr_path(2, "base"), record("accepted", "Base"));
    repo.commit_all("base");

    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        &adr_path(3, "use-nats"),
        rec("proposed", "amends: [2]\n", "Use NATS"),
    );
    repo.write(
        &adr_path(2, "base"),
        rec("accepted", "amended-by: [3]\n", "Base"),
    );
    repo.commit_all("NATS on feature");

    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        &adr_path(3, "use-kafka"),
        rec("proposed", "relates: [4]\n", "Use Kafka"),
    );
    repo.write(
        &adr_path(4, "partitioning"),
        rec(
            "proposed",
            "relates: [3]\nsupersedes: [3]\n",
            "Partitioning",
        ),
    );
    repo.commit_all("Kafka on main");
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    assert!(repo.exists(&adr_path(3, "use-kafka")) && repo.exists(&adr_path(3, "use-nats")));
    repo
}

#[test]
fn after_a_merge_renumber_n_moves_the_file_the_merge_brought() {
    let repo = merged_duplicates();
    // main had Kafka before the merge: it keeps its number, the one the merge brought moves.
    let (out, err) = renumber_ok(&repo, &["3", "5"]);
    assert!(err.contains("0003-use-kafka.md was there first"), "{err}");
    assert!(
        out.contains(".adr/decisions/0003-use-nats.md → .adr/decisions/0005-use-nats.md"),
        "{out}"
    );
    assert!(repo.exists(".adr/decisions/0003-use-kafka.md"));
    assert!(repo.exists(".adr/decisions/0005-use-nats.md"));
    let check = run(&repo, &["check"]);
    assert!(
        !stdout(&check).contains("duplicate-id"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn after_main_is_merged_into_a_branch_the_record_on_main_keeps_its_number() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(&adr_path(2, "ours"), record("proposed", "Ours"));
    repo.commit_all("ours");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&adr_path(2, "on-main"), record("proposed", "On main"));
    repo.commit_all("on main");
    repo.git(&["checkout", "-q", "feature"]);
    repo.git(&["merge", "-q", "--no-edit", "main"]);
    let (_, err) = renumber_ok(&repo, &["2", "3"]);
    assert!(
        err.contains("0002-on-main.md was there first (on main)"),
        "{err}"
    );
    assert!(repo.exists(&adr_path(2, "on-main")));
    assert!(repo.exists(&adr_path(3, "ours")));
}

#[test]
fn three_files_with_one_number_are_ambiguous_and_the_hint_says_which_file_to_move() {
    let repo = merged_duplicates();
    repo.write(
        ".adr/decisions/0003-use-redis.md",
        record("proposed", "Use Redis"),
    );
    let before = snapshot(&repo);
    let err = renumber_refused(&repo, &["3", "5"]);
    assert!(
        err.contains("ADR-0003 is ambiguous: 3 files have that number"),
        "{err}"
    );
    assert!(
        err.contains("say which file to move: `git adr renumber "),
        "{err}"
    );
    assert_unchanged(&before, &snapshot(&repo));
}

#[test]
fn after_a_merge_renumbering_one_file_gives_both_distinct_numbers_and_its_links_follow() {
    let repo = merged_duplicates();
    let (out, err) = renumber_ok(&repo, &[".adr/decisions/0003-use-nats.md", "5"]);

    assert_eq!(
        repo.ls(DECISIONS),
        [
            "0001-record-architecture-decisions.md",
            "0002-base.md",
            "0003-use-kafka.md",
            "0004-partitioning.md",
            "0005-use-nats.md",
        ]
    );
    assert_eq!(show_json(&repo, "3")["title"], "Use Kafka");
    assert_eq!(show_json(&repo, "5")["title"], "Use NATS");
    // ADR 2's amended-by: [3] meant NATS (NATS amends 2): it follows.
    assert_eq!(numbers(&show_json(&repo, "2")["amended_by"]), [5]);
    assert_eq!(numbers(&show_json(&repo, "5")["amends"]), [2]);
    // ADR 4's relates: [3] meant Kafka (Kafka relates to 4): it stays, and says why.
    assert_eq!(numbers(&show_json(&repo, "4")["relates"]), [3]);
    assert!(
        out.contains(
            "kept .adr/decisions/0004-partitioning.md:4 (ADR-0004 relates: 3): it means .adr/decisions/0003-use-kafka.md, which lists ADR-0004 in `relates`"
        ),
        "{out}"
    );
    // ADR 4's one-sided supersedes: [3] could mean either: left alone, reported on stderr.
    assert_eq!(numbers(&show_json(&repo, "4")["supersedes"]), [3]);
    assert!(
        err.contains(
            "warning: .adr/decisions/0004-partitioning.md:5: ADR-0004 supersedes: 3 could mean .adr/decisions/0003-use-kafka.md or .adr/decisions/0003-use-nats.md; left as it is, check it"
        ),
        "{err}"
    );
    assert!(
        out.starts_with(
            "renamed .adr/decisions/0003-use-nats.md → .adr/decisions/0005-use-nats.md (ADR-0003 → ADR-0005); updated references in ADR-0002 (amended-by)\n"
        ),
        "{out}"
    );
    let st = status(&repo);
    assert!(
        st.contains(
            &"R  .adr/decisions/0003-use-nats.md -> .adr/decisions/0005-use-nats.md".to_string()
        ),
        "{st:?}"
    );
}

#[test]
fn after_a_merge_the_file_can_be_named_without_its_directory() {
    let repo = merged_duplicates();
    renumber_ok(&repo, &["0003-use-kafka", "--next"]);
    assert!(repo.exists(&adr_path(5, "use-kafka")));
    assert!(repo.exists(&adr_path(3, "use-nats")));
    // Kafka moved: ADR 4's relates follows it; ADR 2's amended-by still means NATS.
    assert_eq!(numbers(&show_json(&repo, "4")["relates"]), [5]);
    assert_eq!(numbers(&show_json(&repo, "2")["amended_by"]), [3]);
    // Inside the moved file, its relates: [4] is untouched.
    assert_eq!(numbers(&show_json(&repo, "5")["relates"]), [4]);
}

#[test]
fn after_a_merge_the_file_path_works_from_a_subdirectory() {
    let repo = merged_duplicates();
    let sub = repo.path().join(DECISIONS);
    let o = run_in(&repo, &sub, &["renumber", "./0003-use-nats.md", "6"]);
    assert_code(&o, 0, "relative to the current directory");
    assert!(repo.exists(&adr_path(6, "use-nats")));
}

// ---------------------------------------------------------------------------------------------
// Symlinked records
// ---------------------------------------------------------------------------------------------

/// `repo_with_links`, with ADR 4 (which amends 3) kept in `docs/pool.md` and linked in.
#[cfg(unix)]
fn repo_with_a_linked_record() -> (TestRepo, String) {
    let repo = repo_with_links();
    let link = adr_path(4, "tune-the-pool");
    repo.write("docs/pool.md", repo.read(&link));
    std::fs::remove_file(repo.path().join(&link)).unwrap();
    std::os::unix::fs::symlink("../../docs/pool.md", repo.path().join(&link)).unwrap();
    repo.commit_all("ADR 4 kept in docs/, linked in");
    (repo, link)
}

#[test]
#[cfg(unix)]
fn a_referencing_record_that_is_a_symlink_is_edited_through_the_link() {
    let (repo, link) = repo_with_a_linked_record();
    let (_, err) = renumber_ok(&repo, &["3", "9"]);
    // The edit is staged where it was written, with the rest of the renumbering.
    assert!(!err.contains("not staged"), "{err}");
    assert!(
        status(&repo).contains(&"M  docs/pool.md".to_string()),
        "{:?}",
        status(&repo)
    );
    let meta = std::fs::symlink_metadata(repo.path().join(&link)).unwrap();
    assert!(meta.file_type().is_symlink(), "the link became a file");
    assert!(
        repo.read("docs/pool.md")
            .contains("amends: [9]   # pool size only"),
        "{}",
        repo.read("docs/pool.md")
    );
    assert_eq!(numbers(&show_json(&repo, "4")["amends"]), [9]);
}

#[test]
#[cfg(unix)]
fn renumbering_a_record_that_is_a_symlink_is_refused() {
    let (repo, link) = repo_with_a_linked_record();
    let err = refused_without_change(&repo, &["4", "8"]);
    assert!(
        err.contains(&format!(
            "{link} is a symlink; renumber moves regular files only, never a link"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: replace the link with the file itself"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. All or nothing
// ---------------------------------------------------------------------------------------------

#[test]
fn a_record_with_broken_front_matter_stops_renumber_before_anything_changes() {
    let repo = repo_with_links();
    let broken = adr_path(6, "broken");
    repo.write(
        &broken,
        "---\nstatus: accepted\nrelates: [3, 4\n---\n\n# Broken\n",
    );
    let err = refused_without_change(&repo, &["3", "9"]);
    assert!(err.contains(&broken), "names the broken file:\n{err}");
    assert!(err.contains("nothing was changed"), "{err}");
}

/// Renumbers 3 to 9 while record `rel` is too long to write under the child's file-size limit:
/// refused, with the reason, changing nothing; without the limit it goes through.
#[cfg(unix)]
fn refused_when_unwritable(rel: &str) {
    let repo = repo_with_links();
    pad_record(&repo, rel);
    repo.commit_all("a long record");
    let before = snapshot(&repo);
    let o = run_with_file_size_limit(&repo, &["renumber", "3", "9"], FILE_SIZE_LIMIT);
    assert_code(&o, 2, &format!("renumber 3 9 with {rel} not writable"));
    assert!(stderr(&o).contains("error: "), "says why:\n{}", stderr(&o));
    assert!(stderr(&o).contains("File too large"), "{}", stderr(&o));
    assert_unchanged(&before, &snapshot(&repo));
    assert!(stray_files(&repo).is_empty(), "{:?}", stray_files(&repo));
    renumber_ok(&repo, &["3", "9"]);
}

#[test]
#[cfg(unix)]
fn when_a_referencing_record_cannot_be_written_nothing_changes() {
    // ADR 5 relates to 3: its links must be rewritten.
    refused_when_unwritable(&adr_path(5, "cache-reads"));
}

#[test]
#[cfg(unix)]
fn when_the_record_itself_cannot_be_written_under_its_new_number_nothing_changes() {
    refused_when_unwritable(&adr_path(3, "use-postgresql"));
}

#[test]
fn when_the_index_is_locked_the_files_are_put_back() {
    let repo = repo_with_links();
    let lock = repo.path().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let before = snapshot(&repo);
    let err = renumber_refused(&repo, &["3", "9"]);
    assert!(err.contains("index"), "{err}");
    std::fs::remove_file(&lock).unwrap();
    assert_unchanged(&before, &snapshot(&repo));
    assert!(stray_files(&repo).is_empty(), "{:?}", stray_files(&repo));
    // Once git is done with the index, it works.
    renumber_ok(&repo, &["3", "9"]);
}
