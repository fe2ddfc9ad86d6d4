//! `git adr pr --update-body FILE|-`: the summary kept current in a pull-request description,
//! through the real binary in a real repository: appended after the human text, replaced on the
//! next run, byte-identical when run on its own output (LF and CRLF bodies), the same Markdown
//! `git adr pr` prints, damaged markers refused with their lines, a record title forging the
//! end marker defused, and the whole description kept within --max-chars.

mod common;
use common::{assert_code, put, record, run, stderr, stdout, TestRepo};

const BEGIN: &str = "<!-- git-adr:begin -->";
const END: &str = "<!-- git-adr:end -->";

/// A feature branch that adds one decision, titled `title`.
fn branch_adding(title: &str) -> TestRepo {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    put(&repo, 2, "use-postgres", record("proposed", title));
    repo.commit_all("add ADR-0002");
    repo
}

/// `git adr pr --base main --update-body -` with `body` on standard input.
fn update(repo: &TestRepo, body: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["pr", "--base", "main", "--update-body", "-"];
    args.extend(extra);
    repo.adr(&args)
        .write_stdin(body.as_bytes().to_vec())
        .output()
        .unwrap()
}

fn update_ok(repo: &TestRepo, body: &str) -> String {
    let o = update(repo, body, &[]);
    assert_code(&o, 0, "pr --update-body");
    stdout(&o)
}

#[test]
fn the_summary_goes_below_the_human_text_and_a_second_run_changes_nothing() {
    let repo = branch_adding("Use Postgres");
    let summary = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(summary.contains("Use Postgres"), "{summary}");

    let human = "## What\n\nMoves orders to Postgres.  \n\nFixes #12";
    let once = update_ok(&repo, human);
    assert_eq!(once, format!("{human}\n\n{BEGIN}\n{summary}{END}\n"));
    let twice = update_ok(&repo, &once);
    assert_eq!(twice, once, "a second run must be byte-identical");

    // Text above and below the markers stays as written; the old summary is replaced.
    let edited = format!("Intro\n\n{BEGIN}\nstale summary\n{END}\n\nNotes below.\n");
    let out = update_ok(&repo, &edited);
    assert_eq!(
        out,
        format!("Intro\n\n{BEGIN}\n{summary}{END}\n\nNotes below.\n")
    );
    assert_eq!(update_ok(&repo, &out), out);
}

#[test]
fn a_crlf_body_from_the_browser_keeps_its_line_endings() {
    let repo = branch_adding("Use Postgres");
    let summary = repo.adr_ok(&["pr", "--base", "main"]);
    let body = "Above\r\n\r\nBelow\r\n";
    let out = update_ok(&repo, body);
    assert!(out.starts_with(body), "{out:?}");
    let crlf = summary.replace('\n', "\r\n");
    assert_eq!(out, format!("{body}\r\n{BEGIN}\r\n{crlf}{END}\r\n"));
    assert!(
        !out.replace("\r\n", "").contains('\n'),
        "a bare LF in {out:?}"
    );
    assert_eq!(update_ok(&repo, &out), out);
}

#[test]
fn a_file_works_like_standard_input() {
    let repo = branch_adding("Use Postgres");
    repo.write("body.md", "Hello\n");
    let from_file = repo.adr_ok(&["pr", "--base", "main", "--update-body", "body.md"]);
    assert_eq!(from_file, update_ok(&repo, "Hello\n"));
    assert_eq!(
        repo.read("body.md"),
        "Hello\n",
        "the file is printed, not rewritten"
    );
}

#[test]
fn damaged_markers_are_refused_with_the_line() {
    let repo = branch_adding("Use Postgres");
    let cases = [
        (format!("Intro\n{BEGIN}\nsummary\n"), "line 2", "has no"),
        (format!("Intro\n\nsummary\n{END}\n"), "line 4", "has no"),
        (format!("{END}\n{BEGIN}\n"), "line 1", "comes before"),
        (
            format!("{BEGIN}\na\n{BEGIN}\nb\n{END}\n{END}\n"),
            "line 3",
            "a second",
        ),
    ];
    for (body, line, what) in cases {
        let o = update(&repo, &body, &[]);
        assert_code(&o, 2, &format!("damaged {body:?}"));
        let err = stderr(&o);
        assert!(
            err.contains("standard input: ") && err.contains(line) && err.contains(what),
            "{body:?}: {err}"
        );
        assert!(err.contains("hint:"), "{err}");
        assert!(stdout(&o).is_empty(), "nothing printed on refusal");
    }
}

#[test]
fn a_record_title_cannot_forge_the_end_marker() {
    let repo = branch_adding(&format!("Evil `{END}` and `{BEGIN}` title"));
    let plain = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(!plain.contains(END) && !plain.contains(BEGIN), "{plain}");
    let once = update_ok(&repo, "Human text\n");
    assert_eq!(once.matches(BEGIN).count(), 1, "{once}");
    assert_eq!(once.matches(END).count(), 1, "{once}");
    assert_eq!(update_ok(&repo, &once), once);
    assert!(once.ends_with(&format!("{plain}{END}\n")), "{once}");
}

#[test]
fn the_whole_description_stays_within_max_chars() {
    let repo = branch_adding("Use Postgres");
    let human = "x".repeat(300) + "\n";
    let plain = repo.adr_ok(&["pr", "--base", "main", "--max-chars", "0"]);
    // Room for the human text, the markers and about half the summary.
    let limit = human.len() + 2 + BEGIN.len() + END.len() + 2 + plain.len() / 2;
    let o = update(&repo, &human, &["--max-chars", &limit.to_string()]);
    assert_code(&o, 0, "pr --update-body --max-chars");
    let out = stdout(&o);
    assert!(out.starts_with(&human), "{out}");
    assert!(
        out.chars().count() <= limit,
        "{} chars:\n{out}",
        out.chars().count()
    );
    assert!(out.contains(END), "{out}");
    assert_eq!(
        update(&repo, &out, &["--max-chars", &limit.to_string()]).stdout,
        out.as_bytes()
    );
}

#[test]
fn json_is_refused_with_update_body() {
    let repo = branch_adding("Use Postgres");
    let o = update(&repo, "x", &["--format", "json"]);
    assert_code(&o, 2, "--update-body with --format json");
    assert!(stderr(&o).contains("--format"), "{}", stderr(&o));
    let help = run(&repo, &["pr", "--help"]);
    assert!(
        stdout(&help).contains("Always Markdown"),
        "{}",
        stdout(&help)
    );
}

#[test]
fn a_body_that_is_not_utf8_is_refused() {
    let repo = branch_adding("Use Postgres");
    repo.write("body.md", b"caf\xe9\n");
    let o = run(&repo, &["pr", "--base", "main", "--update-body", "body.md"]);
    assert_code(&o, 2, "non-UTF-8 body");
    assert!(stderr(&o).contains("body.md: not UTF-8"), "{}", stderr(&o));
}
