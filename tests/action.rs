//! The GitHub Action's logic (`action/run.sh`, which `action.yml` runs) against a fake `gh` on
//! `PATH` (tests/fixtures/action/gh: it records its calls, serves a pull request's body and
//! comments from files, and answers writes with 403 for a fork): the human text kept, a second
//! run writing nothing, one comment edited rather than added again, a fork's read-only token a
//! notice and exit 0, and a failing check failing the step after the description is updated.
//!
//! The script is bash; these tests are for Unix.
#![cfg(unix)]

mod common;
use common::{isolate, put, TestRepo};
use std::path::{Path, PathBuf};
use std::process::Output;

const BEGIN: &str = "<!-- git-adr:begin -->";
const END: &str = "<!-- git-adr:end -->";

/// A repository on branch `feature` that adds ADR-0002 to `main`, and the fake's state folder.
struct Pr {
    repo: TestRepo,
    state: PathBuf,
    bin: PathBuf,
}

impl Pr {
    fn new() -> Pr {
        let repo = TestRepo::initialised();
        repo.git(&["checkout", "-q", "-b", "feature"]);
        put(&repo, 2, "use-postgres", record("proposed", "Use Postgres"));
        repo.commit_all("add ADR-0002");
        let state = repo.dir.path().join("gh-state");
        let bin = repo.dir.path().join("bin");
        std::fs::create_dir_all(&state).unwrap();
        std::fs::create_dir_all(&bin).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/action");
        std::os::unix::fs::symlink(fixtures.join("gh"), bin.join("gh")).unwrap();
        std::os::unix::fs::symlink(fixtures.join("curl"), bin.join("curl")).unwrap();
        std::os::unix::fs::symlink(common::bin(), bin.join("git-adr")).unwrap();
        Pr { repo, state, bin }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.state.join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap_or_default()
    }

    /// How many writes the fake has accepted.
    fn writes(&self) -> usize {
        self.read("writes").lines().count()
    }

    /// Runs the action's script as the action's last step does, with `mode`.
    fn run(&self, mode: &str) -> Output {
        let mut cmd = self.script(mode);
        cmd.env_remove("GITLAB_CI")
            .env("FAKE_GH", &self.state)
            .env("GH_TOKEN", "fake-token")
            .env("GITHUB_REPOSITORY", "o/r")
            .env("GIT_ADR_PR", "7")
            .env("GITHUB_STEP_SUMMARY", self.file("step-summary.md"));
        cmd.output().unwrap()
    }

    /// Runs the script as examples/gitlab-ci.yml's job does, with `mode` and `token`.
    fn run_gitlab(&self, mode: &str, token: Option<&str>) -> Output {
        let jq = std::process::Command::new("jq").arg("--version").output();
        assert!(
            jq.is_ok_and(|o| o.status.success()),
            "the GitLab job needs jq, and so does this test: apt-get install jq"
        );
        let mut cmd = self.script(mode);
        cmd.env("GITLAB_CI", "true")
            .env("FAKE_GL", &self.state)
            .env("CI_API_V4_URL", "https://gitlab.example/api/v4")
            .env("CI_PROJECT_ID", "5")
            .env("CI_MERGE_REQUEST_IID", "9")
            .env_remove("GITHUB_STEP_SUMMARY");
        match token {
            Some(t) => cmd.env("GIT_ADR_GITLAB_TOKEN", t),
            None => cmd.env_remove("GIT_ADR_GITLAB_TOKEN"),
        };
        cmd.output().unwrap()
    }

    fn script(&self, mode: &str) -> std::process::Command {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh");
        let mut cmd = std::process::Command::new("bash");
        isolate(&mut cmd, &self.repo.home());
        let path = format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap());
        cmd.arg(script)
            .current_dir(self.repo.path())
            .env("PATH", path)
            .env("GIT_ADR_BASE", "main")
            .env("GIT_ADR_MODE", mode)
            .stdin(std::process::Stdio::null());
        cmd
    }

    fn summary(&self) -> String {
        self.repo.adr_ok(&["pr", "--base", "main"])
    }
}

/// A proposed decision with the sections the default kind requires.
fn record(status: &str, title: &str) -> String {
    format!(
        "---\nstatus: {status}\ndate: 2026-01-01\n---\n\n# {title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* {title}\n\n## Decision Outcome\n\nChosen option: \"{title}\".\n"
    )
}

fn log(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_description_keeps_the_human_text_and_a_second_run_writes_nothing() {
    let pr = Pr::new();
    let human = "## Why\r\n\r\nOrders outgrow SQLite.\r\n";
    std::fs::write(pr.file("body.md"), human).unwrap();

    let o = pr.run("description");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let body = pr.read("body.md");
    let summary = pr.summary();
    assert_eq!(
        body,
        format!(
            "{human}\r\n{BEGIN}\r\n{}{END}\r\n",
            summary.replace('\n', "\r\n")
        )
    );
    assert_eq!(pr.writes(), 1);
    assert_eq!(pr.read("step-summary.md"), summary);

    let o = pr.run("description");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    assert_eq!(pr.read("body.md"), body, "byte-identical");
    assert_eq!(
        pr.writes(),
        1,
        "no second write when nothing changed\n{}",
        log(&o)
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("is current"),
        "{}",
        log(&o)
    );

    // A new push changes the summary: the block is replaced, the human text stays.
    put(&pr.repo, 3, "use-redis", record("proposed", "Use Redis"));
    pr.repo.commit_all("add ADR-0003");
    let o = pr.run("description");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let body = pr.read("body.md");
    assert!(
        body.starts_with(human) && body.contains("Use Redis"),
        "{body}"
    );
    assert_eq!(body.matches(BEGIN).count(), 1, "{body}");
    assert_eq!(pr.writes(), 2);
}

#[test]
fn comment_mode_edits_one_comment_and_leaves_others_alone() {
    let pr = Pr::new();
    std::fs::write(pr.file("body.md"), "Human description").unwrap();
    std::fs::write(
        pr.file("comment-1"),
        format!("> {BEGIN}\nquoted by a reviewer"),
    )
    .unwrap();

    let o = pr.run("comment");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let ours = pr.read("comment-2");
    assert!(
        ours.starts_with(BEGIN) && ours.contains("Use Postgres"),
        "{ours}"
    );
    assert_eq!(pr.read("writes"), "POST repos/o/r/issues/7/comments\n");

    put(&pr.repo, 3, "use-redis", record("proposed", "Use Redis"));
    pr.repo.commit_all("add ADR-0003");
    let o = pr.run("comment");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    assert!(pr.read("comment-2").contains("Use Redis"));
    assert!(!pr.file("comment-3").exists(), "edited, not added again");
    let o = pr.run("comment");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    assert_eq!(
        pr.read("writes"),
        "POST repos/o/r/issues/7/comments\nPATCH repos/o/r/issues/comments/2\n"
    );
    assert_eq!(
        pr.read("body.md"),
        "Human description",
        "the description is untouched"
    );
    assert_eq!(
        pr.read("comment-1"),
        format!("> {BEGIN}\nquoted by a reviewer")
    );
}

#[test]
fn a_fork_gets_the_step_summary_and_a_notice_not_a_failure() {
    let pr = Pr::new();
    std::fs::write(pr.file("body.md"), "From a fork").unwrap();
    std::fs::write(pr.file("readonly"), "").unwrap();
    let o = pr.run("description");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("::notice title=git-adr::") && out.contains("may not edit"),
        "{}",
        log(&o)
    );
    assert!(
        !out.contains("::error") && !out.contains("::warning"),
        "{}",
        log(&o)
    );
    assert_eq!(pr.read("body.md"), "From a fork");
    assert_eq!(pr.read("step-summary.md"), pr.summary());
    assert!(
        pr.read("calls").contains("-X PATCH repos/o/r/pulls/7"),
        "the write was tried"
    );
}

#[test]
fn a_failing_check_fails_the_step_after_the_description_is_updated() {
    let pr = Pr::new();
    std::fs::write(pr.file("body.md"), "").unwrap();
    put(
        &pr.repo,
        4,
        "broken",
        "---\nstatus: accepted\n---\n\nno title\n",
    );
    pr.repo.commit_all("a broken record");
    let o = pr.run("description");
    assert_eq!(o.status.code(), Some(1), "{}", log(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("::error file="),
        "{}",
        log(&o)
    );
    assert!(
        pr.read("body.md").starts_with(BEGIN),
        "{}",
        pr.read("body.md")
    );
}

#[test]
fn damaged_markers_are_a_warning_with_the_line_and_the_body_is_left_alone() {
    let pr = Pr::new();
    let body = format!("Text\n{BEGIN}\nno end marker\n");
    std::fs::write(pr.file("body.md"), &body).unwrap();
    let o = pr.run("description");
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("::warning title=git-adr::") && out.contains("the description: line 2"),
        "{}",
        log(&o)
    );
    assert_eq!(pr.read("body.md"), body);
    assert_eq!(pr.writes(), 0);
}

// ---------------------------------------------------------------------------------------------
// GitLab: the same script, through a fake `curl` speaking the merge-request API
// ---------------------------------------------------------------------------------------------

#[test]
fn gitlab_the_description_keeps_the_human_text_and_a_second_run_writes_nothing() {
    let pr = Pr::new();
    let human = "Closes #4\n\n<!-- a human comment -->\n";
    std::fs::write(pr.file("description.md"), human).unwrap();
    let o = pr.run_gitlab("description", Some("fake-token"));
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let summary = pr.summary();
    let body = pr.read("description.md");
    assert_eq!(body, format!("{human}\n{BEGIN}\n{summary}{END}\n"));
    let o = pr.run_gitlab("description", Some("fake-token"));
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    assert_eq!(pr.read("description.md"), body);
    assert_eq!(pr.read("writes"), "PUT \n", "one write only\n{}", log(&o));
    assert!(pr.read("calls").contains("PRIVATE-TOKEN: fake-token"));
}

#[test]
fn gitlab_comment_mode_edits_one_note() {
    let pr = Pr::new();
    std::fs::write(pr.file("description.md"), "Human").unwrap();
    std::fs::write(pr.file("note-1"), "Looks good").unwrap();
    for _ in 0..2 {
        let o = pr.run_gitlab("comment", Some("fake-token"));
        assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    }
    put(&pr.repo, 3, "use-redis", record("proposed", "Use Redis"));
    pr.repo.commit_all("add ADR-0003");
    let o = pr.run_gitlab("comment", Some("fake-token"));
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    assert_eq!(pr.read("writes"), "POST /notes\nPUT /notes/2\n");
    assert!(pr.read("note-2").starts_with(BEGIN) && pr.read("note-2").contains("Use Redis"));
    assert_eq!(pr.read("note-1"), "Looks good");
    assert_eq!(pr.read("description.md"), "Human");
}

#[test]
fn gitlab_without_a_token_or_with_a_read_only_one_is_a_note_not_a_failure() {
    let pr = Pr::new();
    std::fs::write(pr.file("description.md"), "Human").unwrap();
    let o = pr.run_gitlab("description", None);
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("GIT_ADR_GITLAB_TOKEN is not set") && out.contains("Use Postgres"),
        "{}",
        log(&o)
    );
    assert!(!pr.file("calls").exists(), "no API call without a token");

    std::fs::write(pr.file("readonly"), "").unwrap();
    let o = pr.run_gitlab("description", Some("fake-token"));
    assert_eq!(o.status.code(), Some(0), "{}", log(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("may not edit"),
        "{}",
        log(&o)
    );
    assert_eq!(pr.read("description.md"), "Human");
}

// ---------------------------------------------------------------------------------------------
// action.yml and the script agree
// ---------------------------------------------------------------------------------------------

/// Every input of action.yml is used by a step, and every `GIT_ADR_*` variable a step sets is
/// one the script reads (a renamed variable would otherwise be silently ignored).
#[test]
fn every_input_is_used_and_every_variable_is_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let script = std::fs::read_to_string(root.join("action/run.sh")).unwrap();
    let inputs_block =
        &action[action.find("\ninputs:\n").unwrap()..action.find("\nruns:\n").unwrap()];
    let inputs: Vec<&str> = inputs_block
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|name| !name.starts_with(' '))
        .collect();
    assert!(inputs.len() >= 7, "{inputs:?}");
    for name in inputs {
        assert!(
            action.contains(&format!("inputs.{name} ")),
            "input {name} is never used"
        );
    }
    let mut vars = 0;
    for line in action.lines() {
        let Some((var, _)) = line.trim().split_once(": ${{") else {
            continue;
        };
        if var.starts_with("GIT_ADR_") {
            vars += 1;
            assert!(
                script.contains(&format!("${{{var}")),
                "run.sh never reads {var}"
            );
        }
    }
    assert_eq!(vars, 4, "the variables the last step sets");
}
