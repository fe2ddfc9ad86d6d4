//! `git adr dod` and `git adr check --dod`, through the real binary in real temporary git
//! repositories: which checklists apply to a branch (by path, by a decision that names them, by
//! default) and which do not; automatic items that pass, fail and time out; commands that never
//! run unless asked; malformed checklists; and the text, Markdown and JSON outputs.
//!
//! Automatic items are POSIX sh commands, so these tests are for Unix.
#![cfg(unix)]

mod common;
use common::{assert_code, stderr, stdout};
use common::{json_report, run as adr, TestRepo};
use serde_json::Value;
use std::time::{Duration, Instant};

const DOD: &str = ".adr/dod";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `git adr dod ARGS… --format json`: the exit code and the parsed output.
fn dod_json(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    json_report(repo, "dod", args)
}

/// The names of the checklists in a JSON report.
fn names(v: &Value) -> Vec<String> {
    v["checklists"]
        .as_array()
        .expect("checklists is an array")
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

fn checklist_named<'v>(v: &'v Value, name: &str) -> &'v Value {
    v["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no checklist {name} in\n{v:#}"))
}

/// A checklist file: a title, `applies-to` (a YAML flow list, e.g. `["db/**"]`) and items
/// (YAML lines of the `items:` list, indented by two).
fn checklist(title: &str, applies_to: &str, items: &str) -> String {
    format!(
        "---\nstatus: active\ndate: 2026-01-01\napplies-to: {applies_to}\nitems:\n{items}---\n\n# {title}\n\nWhy this checklist exists.\n"
    )
}

/// A valid ADR with extra front-matter lines.
fn adr_record(title: &str, extra: &str) -> String {
    format!(
        "---\nstatus: proposed\ndate: 2026-01-01\n{extra}---\n\n# {title}\n\n\
         ## Context and Problem Statement\n\nReads are 95% of the load.\n\n\
         ## Considered Options\n\n* Redis\n* Memcached\n\n\
         ## Decision Outcome\n\nChosen option: \"Redis\", because the team runs it.\n"
    )
}

/// An initialised repository with `files` committed on `main`, then on a new branch `feature`.
fn repo_on_branch(files: &[(&str, String)]) -> TestRepo {
    let repo = TestRepo::initialised();
    for (path, content) in files {
        repo.write(path, content);
    }
    repo.commit_all("checklists");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo
}

/// The database checklist: applies to `db/**`; one manual item and one automatic item running
/// `run`.
fn database_checklist(run: &str) -> (&'static str, String) {
    (
        ".adr/dod/database-change.md",
        checklist(
            "Database change",
            "[\"db/**\"]",
            &format!(
                "  - text: Migration is reversible\n    owner: dba\n  - text: Tests pass\n    owner: ci\n    run: \"{run}\"\n"
            ),
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Which checklists apply
// ---------------------------------------------------------------------------------------------

#[test]
fn a_checklist_applies_when_the_branch_changes_a_file_under_its_paths() {
    let repo = repo_on_branch(&[database_checklist("true")]);
    repo.write("db/migrations/001.sql", "create table t();\n");
    repo.write("src/main.rs", "fn main() {}\n");
    repo.commit_all("add a migration");

    let (code, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(names(&v), vec!["database-change"]);
    let c = checklist_named(&v, "database-change");
    assert_eq!(
        c["reasons"],
        serde_json::json!([{"kind": "paths", "files": ["db/migrations/001.sql"]}])
    );

    let text = repo.adr_ok(&["dod", "--base", "main"]);
    assert!(text.contains("Database change (database-change)"), "{text}");
    assert!(
        text.contains("applies: changed files match applies-to: db/migrations/001.sql"),
        "{text}"
    );
    assert!(
        text.contains("- [ ] Migration is reversible (owner: dba) [required]"),
        "{text}"
    );
    assert!(
        text.contains("- [ ] Tests pass (owner: ci) [required] (automatic: run with --run)"),
        "{text}"
    );
    assert!(text.contains("why: Why this checklist exists."), "{text}");
}

#[test]
fn a_checklist_applies_when_a_decision_in_the_branch_names_it() {
    let repo = repo_on_branch(&[(
        ".adr/dod/security-review.md",
        checklist(
            "Security review",
            "[]",
            "  - text: Threat model updated\n    owner: security\n    required: false\n",
        ),
    )]);
    repo.write(
        ".adr/decisions/0002-use-redis.md",
        adr_record("Use Redis", "dod: [security-review]\n"),
    );
    repo.commit_all("decide on redis");

    let (code, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(names(&v), vec!["security-review"]);
    assert_eq!(
        checklist_named(&v, "security-review")["reasons"],
        serde_json::json!([{"kind": "named-by", "records": ["ADR-0002"]}])
    );
    let text = repo.adr_ok(&["dod", "--base", "main"]);
    assert!(
        text.contains("applies: ADR-0002 lists it in `dod`"),
        "{text}"
    );
    assert!(
        text.contains("- [ ] Threat model updated (owner: security) [optional]"),
        "{text}"
    );
}

#[test]
fn a_decision_on_main_that_names_a_checklist_does_not_make_it_apply_to_the_branch() {
    let repo = repo_on_branch(&[
        (
            ".adr/dod/security-review.md",
            checklist("Security review", "[]", "  - text: Threat model updated\n"),
        ),
        (
            ".adr/decisions/0002-use-redis.md",
            adr_record("Use Redis", "dod: [security-review]\n"),
        ),
    ]);
    repo.write("README.md", "hello\n");
    repo.commit_all("docs");
    let (_, v) = dod_json(&repo, &["--base", "main"]);
    assert!(names(&v).is_empty(), "{v:#}");
}

#[test]
fn a_default_checklist_applies_to_every_change() {
    let repo = repo_on_branch(&[
        (
            ".adr/dod/default.md",
            checklist("Default", "[]", "  - text: Changelog updated\n"),
        ),
        (
            ".adr/config.toml",
            "[dod]\ndefault = [\"default\"]\n".into(),
        ),
    ]);
    repo.write("README.md", "hello\n");
    repo.commit_all("docs");
    let (_, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(names(&v), vec!["default"]);
    assert_eq!(
        checklist_named(&v, "default")["reasons"],
        serde_json::json!([{"kind": "default"}])
    );
}

#[test]
fn no_checklist_applies_to_an_unrelated_change() {
    let repo = repo_on_branch(&[
        database_checklist("true"),
        (
            ".adr/dod/security-review.md",
            checklist("Security review", "[\"auth/**\"]", "  - text: Reviewed\n"),
        ),
    ]);
    repo.write("docs/guide.md", "guide\n");
    repo.commit_all("docs");
    let (code, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(code, 0);
    assert!(names(&v).is_empty(), "{v:#}");
    assert_eq!(v["changed_files"], serde_json::json!(["docs/guide.md"]));
    let text = repo.adr_ok(&["dod", "--base", "main"]);
    assert!(
        text.starts_with("No definition-of-done checklist applies to this change"),
        "{text}"
    );
    let md = repo.adr_ok(&["dod", "--base", "main", "--format", "markdown"]);
    assert!(
        md.contains("No definition-of-done checklist applies to this change."),
        "{md}"
    );
}

#[test]
fn uncommitted_changes_count_and_the_base_is_found_without_flags() {
    let repo = repo_on_branch(&[database_checklist("true")]);
    // Not committed, not even staged: a developer asks before committing.
    repo.write("db/schema.sql", "create table t();\n");
    let (code, v) = dod_json(&repo, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["base"], "main", "{v:#}");
    assert_eq!(v["work_tree"], true);
    assert_eq!(names(&v), vec!["database-change"]);
}

#[test]
fn checklists_are_listed_by_name_with_every_reason() {
    let repo = repo_on_branch(&[
        database_checklist("true"),
        (
            ".adr/dod/a-first.md",
            checklist("First", "[\"db/**\", \"*.sql\"]", "  - text: One\n"),
        ),
        (
            ".adr/config.toml",
            "[dod]\ndefault = [\"a-first\"]\n".into(),
        ),
    ]);
    repo.write("db/b.sql", "x\n");
    repo.write("db/a.sql", "x\n");
    repo.write(
        ".adr/decisions/0002-use-redis.md",
        adr_record("Use Redis", "dod: [a-first]\n"),
    );
    repo.commit_all("work");
    let (_, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(names(&v), vec!["a-first", "database-change"]);
    assert_eq!(
        checklist_named(&v, "a-first")["reasons"],
        serde_json::json!([
            {"kind": "paths", "files": ["db/a.sql", "db/b.sql"]},
            {"kind": "named-by", "records": ["ADR-0002"]},
            {"kind": "default"}
        ])
    );
}

#[test]
fn an_unknown_default_checklist_is_a_warning() {
    let repo = repo_on_branch(&[(".adr/config.toml", "[dod]\ndefault = [\"nope\"]\n".into())]);
    let o = adr(&repo, &["dod", "--base", "main"]);
    assert_code(&o, 0, "dod");
    assert!(
        stderr(&o).contains("warning: .adr/config.toml: [dod] default names checklist `nope`"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// Running automatic items
// ---------------------------------------------------------------------------------------------

#[test]
fn run_shows_a_passing_item_as_checked() {
    let repo = repo_on_branch(&[database_checklist("echo all good")]);
    repo.write("db/a.sql", "x\n");
    let o = adr(&repo, &["dod", "--base", "main", "--run"]);
    assert_code(&o, 0, "dod --run");
    let text = stdout(&o);
    assert!(
        text.contains("- [x] Tests pass (owner: ci) [required] passed in"),
        "{text}"
    );
    // The manual item stays for a person to tick.
    assert!(text.contains("- [ ] Migration is reversible"), "{text}");

    let (code, v) = dod_json(&repo, &["--base", "main", "--run"]);
    assert_eq!(code, 0);
    let result = &checklist_named(&v, "database-change")["items"][1]["result"];
    assert_eq!(result["status"], "passed", "{v:#}");
    assert_eq!(result["output_tail"], "all good");
    assert!(result["duration_ms"].is_u64());
}

#[test]
fn run_shows_a_failing_item_with_its_exit_code_and_output_and_exits_1() {
    let repo = repo_on_branch(&[database_checklist(
        "echo compiling; echo 'test db::roundtrip FAILED' >&2; exit 2",
    )]);
    repo.write("db/a.sql", "x\n");
    let o = adr(&repo, &["dod", "--base", "main", "--run"]);
    assert_code(&o, 1, "dod --run");
    let text = stdout(&o);
    assert!(
        text.contains("- [ ] Tests pass (owner: ci) [required] ✗ failed (exit 2)"),
        "{text}"
    );
    assert!(text.contains("│ compiling\n"), "{text}");
    assert!(text.contains("│ test db::roundtrip FAILED"), "{text}");
    assert!(
        stderr(&o).contains("1 required automatic item failed"),
        "{}",
        stderr(&o)
    );

    let (code, v) = dod_json(&repo, &["--base", "main", "--run"]);
    assert_eq!(code, 1);
    assert_eq!(v["failed_required"], 1);
    let result = &checklist_named(&v, "database-change")["items"][1]["result"];
    assert_eq!(result["status"], "failed");
    assert_eq!(result["exit_code"], 2);
    assert_eq!(
        result["output_tail"],
        "compiling\ntest db::roundtrip FAILED"
    );

    let md = stdout(&adr(
        &repo,
        &["dod", "--base", "main", "--run", "--format", "markdown"],
    ));
    assert!(md.contains("✗ failed (exit 2)"), "{md}");
    assert!(md.contains("<details><summary>Output</summary>"), "{md}");
}

#[test]
fn an_optional_failing_item_does_not_fail_the_run() {
    let repo = repo_on_branch(&[(
        ".adr/dod/style.md",
        checklist(
            "Style",
            "[\"src/**\"]",
            "  - text: Lint is clean\n    required: false\n    run: \"exit 1\"\n",
        ),
    )]);
    repo.write("src/a.rs", "x\n");
    let o = adr(&repo, &["dod", "--base", "main", "--run"]);
    assert_code(&o, 0, "dod --run with an optional failure");
    assert!(
        stdout(&o).contains("- [ ] Lint is clean [optional] ✗ failed (exit 1)"),
        "{}",
        stdout(&o)
    );
}

/// Is the process alive (and not a zombie waiting to be reaped)?
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        // Without /proc, ask kill(1).
        Err(_) if !std::path::Path::new("/proc/self").exists() => {
            std::process::Command::new("kill")
                .args(["-0", &pid.to_string()])
                .status()
                .is_ok_and(|s| s.success())
        }
        Err(_) => false,
    }
}

#[test]
fn an_item_that_runs_too_long_times_out_and_its_processes_are_stopped() {
    let repo = repo_on_branch(&[
        // The sleep runs in the background of the item's shell, so killing only the shell
        // would leave it running.
        database_checklist("sleep 30 & echo $! > .git/sleep.pid; echo started; wait"),
        (".adr/config.toml", "[dod]\ntimeout-seconds = 1\n".into()),
    ]);
    repo.write("db/a.sql", "x\n");
    let started = Instant::now();
    let o = adr(&repo, &["dod", "--base", "main", "--run"]);
    let took = started.elapsed();
    assert_code(&o, 1, "dod --run with a timeout");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let text = stdout(&o);
    assert!(
        text.contains("- [ ] Tests pass (owner: ci) [required] ✗ timed out"),
        "{text}"
    );
    assert!(text.contains("│ started"), "{text}");

    let pid: u32 = repo
        .read(".git/sleep.pid")
        .trim()
        .parse()
        .expect("the item wrote the sleep's pid");
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !alive(pid),
        "the item's `sleep 30` (pid {pid}) is still running"
    );
}

#[test]
fn commands_never_run_without_run() {
    let repo = repo_on_branch(&[database_checklist("touch ran-marker")]);
    repo.write("db/a.sql", "x\n");
    for args in [
        vec!["dod", "--base", "main"],
        vec!["dod", "--base", "main", "--format", "json"],
        vec!["dod", "--base", "main", "--format", "markdown"],
        vec!["check"],
        vec!["check", "--base", "main"],
        vec!["hook", "run", "pre-commit"],
    ] {
        let o = adr(&repo, &args);
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
        assert!(
            !repo.exists("ran-marker"),
            "`git adr {}` ran an item's command",
            args.join(" ")
        );
    }
    let md = repo.adr_ok(&["dod", "--base", "main", "--format", "markdown"]);
    assert!(
        md.contains("automatic: `touch ran-marker`, run with `--run`"),
        "{md}"
    );
    // The same command does run when asked, so the absence above means something.
    repo.adr_ok(&["dod", "--base", "main", "--run"]);
    assert!(repo.exists("ran-marker"));
}

#[test]
fn commands_run_in_the_repository_root_with_no_stdin() {
    let repo = repo_on_branch(&[database_checklist("pwd > .git/where; cat > .git/stdin")]);
    repo.write("db/a.sql", "x\n");
    std::fs::create_dir_all(repo.path().join("db/sub")).unwrap();
    let o = repo
        .adr_in(
            &repo.path().join("db/sub"),
            &["dod", "--base", "main", "--run"],
        )
        .output()
        .unwrap();
    assert_code(&o, 0, "dod --run from a subdirectory");
    let root = repo.path().canonicalize().unwrap();
    let where_ = std::path::PathBuf::from(repo.read(".git/where").trim());
    assert_eq!(where_.canonicalize().unwrap(), root);
    assert_eq!(repo.read(".git/stdin"), "");
}

// ---------------------------------------------------------------------------------------------
// check --dod and hooks
// ---------------------------------------------------------------------------------------------

/// `git adr check ARGS… --format json`: exit code and report.
fn check_json(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    json_report(repo, "check", args)
}

fn dod_failures(v: &Value) -> Vec<&Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "dod-failed")
        .collect()
}

#[test]
fn check_dod_fails_when_a_required_automatic_item_fails() {
    let repo = repo_on_branch(&[database_checklist(
        "echo 'migration not reversible'; exit 3",
    )]);
    repo.write("db/a.sql", "x\n");
    repo.commit_all("migration");

    let (code, v) = check_json(&repo, &["--dod"]);
    assert_eq!(code, 1, "{v:#}");
    let failed = dod_failures(&v);
    assert_eq!(failed.len(), 1, "{v:#}");
    assert_eq!(failed[0]["path"], ".adr/dod/database-change.md");
    // The item's `- text:` line in the file.
    assert_eq!(failed[0]["line"], 8, "{v:#}");
    assert_eq!(failed[0]["severity"], "error");
    assert!(
        failed[0]["message"]
            .as_str()
            .unwrap()
            .contains("\"Tests pass\" failed (exit 3)"),
        "{v:#}"
    );

    let o = adr(&repo, &["check", "--dod"]);
    assert_code(&o, 1, "check --dod");
    assert!(
        stdout(&o).contains(".adr/dod/database-change.md:8: error[dod-failed]: "),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("migration not reversible"),
        "{}",
        stdout(&o)
    );

    let gh = stdout(&adr(&repo, &["check", "--dod", "--format", "github"]));
    assert!(
        gh.contains("::error file=.adr/dod/database-change.md,line=8,title=git-adr dod-failed::"),
        "{gh}"
    );

    // Without --dod the same check does not run the item, and passes.
    let (code, v) = check_json(&repo, &[]);
    assert!(dod_failures(&v).is_empty());
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn check_dod_passes_when_only_an_optional_item_fails_and_does_not_run_it() {
    let repo = repo_on_branch(&[(
        ".adr/dod/style.md",
        checklist(
            "Style",
            "[\"src/**\"]",
            "  - text: Lint is clean\n    required: false\n    run: \"touch optional-ran; exit 1\"\n  - text: Builds\n    run: \"true\"\n",
        ),
    )]);
    repo.write("src/a.rs", "x\n");
    repo.commit_all("code");
    let (code, v) = check_json(&repo, &["--dod", "--base", "main"]);
    assert!(dod_failures(&v).is_empty(), "{v:#}");
    assert_eq!(code, 0, "{v:#}");
    assert!(!repo.exists("optional-ran"));
}

#[test]
fn the_pre_commit_hook_runs_items_only_when_the_users_git_config_allows() {
    let repo = repo_on_branch(&[database_checklist("touch hook-ran; exit 1")]);
    repo.write("db/a.sql", "x\n");
    repo.git(&["add", "-A"]);
    let o = adr(&repo, &["hook", "run", "pre-commit"]);
    assert_code(&o, 0, "pre-commit without adr.dod.runInHooks");
    assert!(!repo.exists("hook-ran"));

    repo.git(&["config", "adr.dod.runInHooks", "true"]);
    let o = adr(&repo, &["hook", "run", "pre-commit"]);
    assert_code(&o, 1, "pre-commit with adr.dod.runInHooks");
    assert!(repo.exists("hook-ran"));
    assert!(stdout(&o).contains("error[dod-failed]"), "{}", stdout(&o));
}

// ---------------------------------------------------------------------------------------------
// Malformed checklists and output formats
// ---------------------------------------------------------------------------------------------

#[test]
fn a_malformed_checklist_is_an_error_with_file_and_line_and_the_others_still_show() {
    let repo = repo_on_branch(&[
        database_checklist("true"),
        (
            ".adr/dod/broken.md",
            checklist(
                "Broken",
                "[\"db/**\"]",
                "  - text: Fine\n  - owner: nobody\n    required: true\n",
            ),
        ),
        (
            ".adr/dod/typed.md",
            checklist(
                "Typed",
                "[\"db/**\"]",
                "  - text: Fine\n    required: perhaps\n",
            ),
        ),
    ]);
    repo.write("db/a.sql", "x\n");
    let o = adr(&repo, &["dod", "--base", "main"]);
    assert_code(&o, 1, "dod with a malformed checklist");
    let err = stderr(&o);
    assert!(
        err.contains("error: .adr/dod/broken.md:7: item 2 has no `text`"),
        "{err}"
    );
    assert!(
        err.contains("error: .adr/dod/typed.md:7: invalid checklist: "),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    assert!(stdout(&o).contains("Database change (database-change)"));

    let (code, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(code, 1);
    assert_eq!(names(&v), vec!["database-change"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{v:#}");
    assert_eq!(errors[0]["path"], ".adr/dod/broken.md");
    assert_eq!(errors[0]["line"], 7);

    // check --dod reports it too: what the checklist requires cannot be known.
    let (code, v) = check_json(&repo, &["--dod", "--base", "main"]);
    assert_eq!(code, 1);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == ".adr/dod/broken.md" && f["line"] == 7),
        "{v:#}"
    );
}

#[test]
fn json_output_has_the_documented_shape() {
    let repo = repo_on_branch(&[database_checklist("echo ok")]);
    repo.write("db/a.sql", "x\n");
    repo.commit_all("migration");
    let (code, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(code, 0);
    assert_eq!(v["version"], 1);
    assert_eq!(v["base"], "main");
    assert_eq!(v["merge_base"].as_str().map(str::len), Some(40));
    assert_eq!(v["ran"], false);
    assert_eq!(v["failed_required"], 0);
    assert!(v["errors"].as_array().unwrap().is_empty());
    let c = checklist_named(&v, "database-change");
    assert_eq!(c["title"], "Database change");
    assert_eq!(c["path"], format!("{DOD}/database-change.md"));
    assert_eq!(c["applies_to"], serde_json::json!(["db/**"]));
    assert_eq!(c["why"], "Why this checklist exists.");
    assert_eq!(
        c["items"][0],
        serde_json::json!({
            "text": "Migration is reversible", "owner": "dba", "required": true,
            "run": null, "line": 6, "template": false, "result": null
        })
    );
    assert_eq!(c["items"][1]["run"], "echo ok");
    assert_eq!(c["items"][1]["result"], Value::Null);
}

#[test]
fn checklist_text_cannot_inject_html_mentions_or_terminal_escapes() {
    let repo = repo_on_branch(&[(
        ".adr/dod/x.md",
        checklist(
            "Title <script>",
            "[\"db/**\"]",
            "  - text: \"Ping @org/team <b>now</b> \\e[2J\"\n    owner: \"@alice\"\n",
        ),
    )]);
    repo.write("db/a.sql", "x\n");
    let md = repo.adr_ok(&["dod", "--base", "main", "--format", "markdown"]);
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(!md.contains("@org/team") && !md.contains("@alice"), "{md}");
    let text = repo.adr_ok(&["dod", "--base", "main"]);
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

/// A checklist as `git adr new --kind dod --no-edit` leaves it holds the template's item:
/// `dod`, `pr` and `check` call it the template's text; once written, none of them does.
#[test]
fn a_checklist_item_left_as_the_template_wrote_it_is_named_as_such() {
    let repo = repo_on_branch(&[]);
    let path = repo
        .adr_ok(&["new", "--kind", "dod", "Security review", "--no-edit"])
        .trim()
        .to_string();
    repo.write(
        ".adr/decisions/0002-use-redis.md",
        adr_record("Use Redis", "dod: [security-review]\n"),
    );
    repo.commit_all("decide on redis");

    let (_, v) = dod_json(&repo, &["--base", "main"]);
    let item = &checklist_named(&v, "security-review")["items"][0];
    assert_eq!(item["text"], "{What must be true before merging}", "{v:#}");
    assert_eq!(item["template"], true, "{v:#}");
    let text = repo.adr_ok(&["dod", "--base", "main"]);
    assert!(
        text.contains("(owner: {who checks it}) [required] (still the template's text)"),
        "{text}"
    );
    let md = repo.adr_ok(&["dod", "--base", "main", "--format", "markdown"]);
    assert!(
        md.contains("*(required)* (still the template's text)"),
        "{md}"
    );
    let pr = repo.adr_json(&["pr", "--base", "main", "--format", "json"]);
    assert_eq!(
        pr["definition_of_done"][0]["items"][0]["template"], true,
        "{pr:#}"
    );
    let pr_md = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(
        pr_md.contains("(owner: {who checks it}) (still the template's text)"),
        "{pr_md}"
    );
    // `check` warns at the item's line (the `- text:` line, 6), without failing.
    let (code, v) = check_json(&repo, &[]);
    let hits: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "placeholder-text" && f["path"] == path.as_str())
        .collect();
    assert_eq!(hits.len(), 1, "{v:#}");
    assert_eq!(hits[0]["line"], 6, "{v:#}");
    assert_eq!(hits[0]["severity"], "warning", "{v:#}");
    assert_eq!(code, 0, "{v:#}");

    // Written by the team: nothing is said.
    repo.write(
        &path,
        checklist(
            "Security review",
            "[]",
            "  - text: Threat model updated\n    owner: security\n",
        ),
    );
    repo.commit_all("write the checklist");
    let (_, v) = dod_json(&repo, &["--base", "main"]);
    assert_eq!(
        checklist_named(&v, "security-review")["items"][0]["template"],
        false,
        "{v:#}"
    );
    assert!(!repo
        .adr_ok(&["pr", "--base", "main"])
        .contains("still the template's text"));
    let (_, v) = check_json(&repo, &[]);
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "placeholder-text" && f["path"] == path.as_str()),
        "{v:#}"
    );
}
