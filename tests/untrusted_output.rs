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
        &["pr", "--base", "HEAD~1"],
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

// ---------------------------------------------------------------------------------------------
// Terminal output
// ---------------------------------------------------------------------------------------------

/// Characters a terminal would act on or that make text read differently: a C1 control (CSI),
/// DEL, and bidirectional overrides and isolates.
const DRIVING: [char; 5] = ['\u{9b}', '\u{7f}', '\u{202e}', '\u{2066}', '\u{200f}'];

fn has_driving(text: &str) -> bool {
    text.chars().any(|c| DRIVING.contains(&c))
}

/// A repository whose record and PR template carry every driving character, committed.
#[cfg(unix)]
fn repo_with_driving_text() -> TestRepo {
    let repo = TestRepo::initialised();
    let tricky: String = DRIVING.iter().map(|c| format!("x{c}")).collect();
    // YAML takes these characters only as escapes in a double-quoted string.
    let escaped: String = DRIVING
        .iter()
        .map(|c| format!("x\\u{:04x}", *c as u32))
        .collect();
    repo.write(
        &common::adr_path(2, "use-x"),
        format!("---\nstatus: accepted\ntags: [\"{escaped}\"]\n---\n\n# Use x\n\nBody {tricky}\n"),
    );
    repo.write(".adr/templates/pr.md.j2", format!("Summary {tricky}\n"));
    repo.commit_all("driving text");
    repo
}

/// JSON and Markdown printed to a terminal carry no character that drives it (JSON writes
/// them as `\u` escapes, so it still means the same); into a pipe the data is unchanged.
#[cfg(unix)]
#[test]
fn json_and_markdown_on_a_terminal_are_neutralised() {
    let repo = repo_with_driving_text();
    for args in [
        &["list", "--format", "json"][..],
        &["show", "2", "--format", "json"],
        &["pr", "--base", "HEAD~1"],
    ] {
        let piped = run(&repo, args);
        assert_no_panic(&piped, &format!("{args:?}"));
        let piped = String::from_utf8_lossy(&piped.stdout).into_owned();
        assert!(
            has_driving(&piped),
            "{args:?}: the data should reach a pipe as is:\n{piped}"
        );
        let tty = common::output_on_tty(repo.adr_std(&repo.path(), args));
        let tty = String::from_utf8_lossy(&tty).into_owned();
        assert!(!has_driving(&tty), "{args:?} on a terminal:\n{tty:?}");
        assert!(tty.contains("x"), "{args:?} printed nothing on a terminal");
    }
    let tty = common::output_on_tty(repo.adr_std(&repo.path(), &["list", "--format", "json"]));
    let tty = String::from_utf8_lossy(&tty).replace("\r\n", "\n");
    let list: serde_json::Value = serde_json::from_str(&tty)
        .unwrap_or_else(|e| panic!("not JSON on a terminal ({e}):\n{tty:?}"));
    let tags = &list[1]["tags"][0];
    assert_eq!(tags.as_str().map(has_driving), Some(true), "{tty}");
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

/// A PR template that tries to exhaust memory, time or output ends with a clear error naming
/// the template and exit 2, instead of an abort, a hang or gigabytes of text.
#[test]
fn templates_that_exhaust_resources_are_errors() {
    for (source, says) in [
        (r#"{{ "x" | indent(100000000000) }}"#, "MiB of memory"),
        // minijinja bounds `*` on strings itself.
        (
            r#"{{ "x" * 100000000000 }}"#,
            "repeated string is too large",
        ),
        (
            r#"{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d("x", 40) }}"#,
            "MiB of memory",
        ),
        (
            r#"{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"#,
            "MiB of memory",
        ),
        // Each step copies 60 MiB: within memory and fuel, but it would take many minutes.
        (
            r#"{% set s = "x" * 62914560 %}{% for i in range(100000) %}{% set t = s ~ i %}{% endfor %}"#,
            "takes longer than 5 s",
        ),
        (
            r#"{% set s = "x" * 1048576 %}{% for i in range(64) %}{{ s }}{% endfor %}"#,
            "renders more than 4 MiB",
        ),
    ] {
        let repo = TestRepo::initialised();
        repo.write(".adr/templates/pr.md.j2", source);
        repo.commit_all("template");
        let out = run(&repo, &["pr", "--base", "HEAD~1"]);
        assert_no_panic(&out, source);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{source}: {err}");
        assert!(
            err.starts_with("error: .adr/templates/pr.md.j2") && err.contains(says),
            "{source}: {err}"
        );
        assert!(
            out.stdout.is_empty(),
            "{source}: printed {} bytes",
            out.stdout.len()
        );
    }
}

/// A `.adr/templates` folder that is itself a symlink out of the repository is not followed
/// (the file inside is not a link, the folder is).
#[cfg(unix)]
#[test]
fn a_templates_folder_symlinked_outside_is_refused() {
    let repo = TestRepo::initialised();
    let outside = repo.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("adr.md.j2"), "# SECRET {{ title }}\n").unwrap();
    std::os::unix::fs::symlink(&outside, repo.path().join(".adr/templates")).unwrap();
    let out = run(&repo, &["new", "Leak", "--no-edit"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(".adr/templates/adr.md.j2") && err.contains("outside the repository"),
        "{err}"
    );
    assert!(!repo.exists(".adr/decisions/0002-leak.md"));
}

/// A template that leads into `.git` is git's file, not a template.
#[cfg(unix)]
#[test]
fn a_template_symlinked_into_git_is_refused() {
    let repo = TestRepo::initialised();
    std::fs::create_dir_all(repo.path().join(".adr/templates")).unwrap();
    std::os::unix::fs::symlink(
        "../../.git/HEAD",
        repo.path().join(".adr/templates/adr.md.j2"),
    )
    .unwrap();
    let out = run(&repo, &["new", "Leak", "--no-edit"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("inside .git"), "{err}");
    assert!(!repo.exists(".adr/decisions/0002-leak.md"));
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// Lines a CI log would obey that git-adr did not write itself: GitHub Actions runs any line
/// that starts (after blanks) with `::`; git-adr's own annotations carry a `file=` property.
fn forged_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let l = l.trim();
            l.starts_with("::")
                && !l.starts_with("::error file=")
                && !l.starts_with("::warning file=")
        })
        .collect()
}

/// A status or a config key with a newline in it stays inside its message, in every format.
#[test]
fn messages_cannot_forge_workflow_commands() {
    let repo = TestRepo::initialised();
    repo.write(
        &common::adr_path(2, "use-x"),
        "---\nstatus: \"accepted\\n::error::forged\\n::stop-commands::t\"\n---\n\n# Use x\n",
    );
    let config = repo.read(".adr/config.toml");
    repo.write(
        ".adr/config.toml",
        format!("\"k\\n::error::forged-key\" = 1\n{config}"),
    );
    repo.commit_all("forgery");
    let mut seen = String::new();
    for args in [
        &["check"][..],
        &["check", "--format", "github"],
        &["check", "--format", "json"],
        &["list"],
        &["show", "2"],
        &["status", "2", "accepted"],
    ] {
        let out = run(&repo, args);
        assert_no_panic(&out, &format!("{args:?}"));
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream).into_owned();
            assert!(forged_lines(&text).is_empty(), "{args:?}:\n{text}");
            seen.push_str(&text);
        }
    }
    // The precondition: the forged text did reach the output (escaped), so the test saw it.
    assert!(seen.contains("forged"), "{seen}");
    assert!(seen.contains("forged-key"), "{seen}");
}
