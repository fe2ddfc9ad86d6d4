//! Repository content is input from whoever pushed last: file names that are not what a
//! parser expects, templates that try to exhaust memory or time, and text that tries to drive a
//! terminal or forge a CI log line. Each is answered with an error or neutralised text, never a
//! panic, a hang or a forged line.

mod common;
use common::{assert_no_panic, run, TestRepo, DECISIONS};

// ---------------------------------------------------------------------------------------------
// File names
// ---------------------------------------------------------------------------------------------

/// A byte index inside a multi-byte character used to panic every reader of the records folder
/// (and so the pre-commit hook refused every commit).
#[test]
fn file_names_with_multibyte_characters_do_not_panic() {
    let repo = TestRepo::initialised();
    for name in [
        "1234567\u{e9}.md",
        "2024-01-0\u{e9}-x.md",
        "12345678\u{e9}.md",
    ] {
        repo.write(
            &format!("{DECISIONS}/{name}"),
            "---\nstatus: accepted\n---\n\n# A title\n",
        );
    }
    repo.commit_all("odd names");
    for args in [
        &["list"][..],
        &["check"],
        &["log"],
        &["pr", "--base", "HEAD"],
        &["check", "--staged"],
    ] {
        let out = run(&repo, args);
        assert_no_panic(&out, &format!("{args:?}"));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let listed = String::from_utf8_lossy(&run(&repo, &["list"]).stdout).into_owned();
    assert!(listed.contains("A title"), "{listed}");
}
