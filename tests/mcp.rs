//! `git adr mcp`: the real binary as an MCP server over stdio, driven with JSON-RPC the way an
//! agent's client drives it. Tool results are compared with the CLI's `--format json` output.
//! (The official Python client and the Inspector drive it in `.ci/mcp.sh`.)

mod common;
use common::{record, record_with, TestRepo, ADR1};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

/// A running `git adr mcp`, initialised.
struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next: u64,
}

impl Session {
    fn start(repo: &TestRepo, args: &[&str]) -> Session {
        Session::start_in(repo, ".", args)
    }

    /// Started in the subdirectory `sub` of the work tree.
    fn start_in(repo: &TestRepo, sub: &str, args: &[&str]) -> Session {
        Session::start_at(repo, &repo.path().join(sub), args)
    }

    /// Started in `dir`.
    fn start_at(repo: &TestRepo, dir: &std::path::Path, args: &[&str]) -> Session {
        let mut argv = vec!["mcp"];
        argv.extend(args);
        let mut child = repo
            .adr_std(dir, &argv)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("git adr mcp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut s = Session {
            child,
            stdin,
            stdout,
            next: 1,
        };
        let init = s.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "test", "version": "0"}}),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "git-adr", "{init}");
        s.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        s
    }

    fn send(&mut self, message: Value) {
        writeln!(self.stdin, "{message}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// The response to one request; every line before it must be a JSON-RPC notification.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let mut line = String::new();
            let n = self.stdout.read_line(&mut line).unwrap();
            assert!(n > 0, "the server closed stdout while {method} was pending");
            let v: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("stdout holds a line that is no JSON ({e}): {line}"));
            assert_eq!(v["jsonrpc"], "2.0", "not JSON-RPC: {line}");
            if v["id"] == json!(id) {
                return v;
            }
            assert!(
                v.get("method").is_some(),
                "a response to another request: {line}"
            );
        }
    }

    /// A tools/call result (`result`), asserting it is not a protocol error.
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let r = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        assert!(r.get("error").is_none(), "{tool}: protocol error {r}");
        r["result"].clone()
    }

    /// The structured content of a successful call.
    fn ok(&mut self, tool: &str, arguments: Value) -> Value {
        let r = self.call(tool, arguments.clone());
        assert_eq!(r["isError"], false, "{tool} {arguments}: {r}");
        let text: Value = serde_json::from_str(r["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(
            text, r["structuredContent"],
            "the text is the structured result"
        );
        r["structuredContent"].clone()
    }

    /// The text of a failed call (a tool error, not a protocol error).
    fn err(&mut self, tool: &str, arguments: Value) -> String {
        let r = self.call(tool, arguments.clone());
        assert_eq!(r["isError"], true, "{tool} {arguments} should fail: {r}");
        r["content"][0]["text"].as_str().unwrap().to_string()
    }

    fn tool_names(&mut self) -> Vec<String> {
        let r = self.request("tools/list", json!({}));
        r["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// Closes stdin; the server must exit 0 with nothing more on stdout.
    fn finish(mut self) -> String {
        drop(self.stdin);
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.stdout, &mut rest).unwrap();
        let out = self.child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "the server exited with {:?}",
            out.status
        );
        assert!(
            rest.trim().is_empty(),
            "stdout after the last response: {rest}"
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

/// ADR 1, ADR 2 governing `src/db/**` (committed on main), a branch `feature` that adds ADR 3
/// with a commit citing ADR 2.
fn fixture() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0002-use-postgresql.md",
        record_with(
            "accepted",
            "tags: [storage]\npaths: [\"src/db/**\"]\n",
            "Use PostgreSQL",
        ),
    );
    repo.write("src/db/pool.rs", "// pool\n");
    repo.commit_all("ADR 2");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        ".adr/decisions/0003-cache-with-redis.md",
        record("proposed", "Cache with Redis"),
    );
    repo.write("src/db/pool.rs", "// pool, cached\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "Cache the pool\n\nDecision: ADR-0002"]);
    repo
}

#[test]
fn every_read_tool_answers_with_the_json_of_its_command() {
    let repo = fixture();
    let mut s = Session::start(&repo, &[]);
    let cli = |args: &[&str]| repo.adr_json(args);

    let listed = s.ok("list_decisions", json!({}));
    assert_eq!(
        listed,
        json!({"decisions": cli(&["list", "--format", "json"])})
    );
    let filtered = s.ok(
        "list_decisions",
        json!({"status": ["accepted"], "tag": "storage"}),
    );
    assert_eq!(
        filtered["decisions"].as_array().unwrap().len(),
        1,
        "{filtered}"
    );
    let by_path = s.ok("list_decisions", json!({"path": "src/db/pool.rs"}));
    assert_eq!(by_path["decisions"][0]["id"], "ADR-0002");

    let shown = s.ok("show_decision", json!({"id": "ADR-0002"}));
    assert_eq!(shown, cli(&["show", "--format", "json", "2"]));
    assert!(shown["body"].as_str().unwrap().contains("# Use PostgreSQL"));
    let by_file = s.ok(
        "show_decision",
        json!({"file": ".adr/decisions/0002-use-postgresql.md"}),
    );
    assert_eq!(by_file["id"], "ADR-0002");

    let found = s.ok("search_decisions", json!({"words": "postgresql"}));
    assert_eq!(
        found,
        json!({"results": cli(&["search", "--format", "json", "postgresql"])})
    );
    // Nothing found is an empty answer, not an error (the CLI exits 1, like grep).
    assert_eq!(
        s.ok("search_decisions", json!({"words": "zebra"})),
        json!({"results": []})
    );

    let why = s.ok("decisions_for_path", json!({"path": "src/db/pool.rs"}));
    assert_eq!(why, cli(&["why", "--format", "json", "src/db/pool.rs"]));

    let settled = s.ok("settled_options", json!({"text": "PostgreSQL", "limit": 3}));
    assert_eq!(
        settled,
        cli(&["settled", "--format", "json", "--limit", "3", "PostgreSQL"])
    );
    assert!(
        settled["matches"].as_array().is_some_and(|m| !m.is_empty()),
        "{settled}"
    );

    let pr = s.ok("branch_summary", json!({"base": "main"}));
    assert_eq!(pr, cli(&["pr", "--format", "json", "--base", "main"]));

    let diff = s.ok("decision_diff", json!({"range": "main...feature"}));
    assert_eq!(diff, cli(&["diff", "--format", "json", "main...feature"]));
    assert_eq!(
        s.ok("decision_diff", json!({"from": "main", "to": "feature"}))["records"],
        diff["records"]
    );

    let check = s.ok("check", json!({"scope": "base", "base": "main"}));
    let (code, report) = common::json_report(&repo, "check", &["--base", "main"]);
    assert_eq!(
        (code, &check),
        (1, &report),
        "findings are the answer, not a tool error"
    );
    assert_eq!(s.ok("check", json!({}))["scope"], "all");
    assert_eq!(s.ok("check", json!({"scope": "staged"}))["scope"], "staged");

    let history = s.ok("decision_history", json!({"id": "2"}));
    assert_eq!(history, cli(&["history", "--format", "json", "2"]));
    let trace = s.ok("trace_decision", json!({"id": "ADR-0002"}));
    assert_eq!(trace, cli(&["trace", "--format", "json", "2"]));
    assert_eq!(trace["commits"].as_array().unwrap().len(), 1, "{trace}");
    s.finish();
}

#[test]
fn read_only_by_default_and_write_tools_only_with_allow_write() {
    let repo = fixture();
    let before = common::files_under(&repo.path());
    let mut s = Session::start(&repo, &[]);
    let names = s.tool_names();
    assert_eq!(
        names,
        [
            "list_decisions",
            "show_decision",
            "search_decisions",
            "decisions_for_path",
            "settled_options",
            "branch_summary",
            "decision_diff",
            "check",
            "decision_history",
            "trace_decision"
        ]
    );
    let refused = s.err("set_status", json!({"id": "3", "status": "accepted"}));
    assert!(refused.contains("--allow-write"), "{refused}");
    s.finish();
    common::assert_unchanged(&before, &common::files_under(&repo.path()));

    let mut s = Session::start(&repo, &["--allow-write"]);
    let names = s.tool_names();
    for w in ["new_decision", "set_status", "supersede", "link"] {
        assert!(names.iter().any(|n| n == w), "{w} missing: {names:?}");
    }
    s.finish();
}

#[test]
fn new_decision_writes_what_git_adr_new_writes() {
    let by_tool = TestRepo::initialised();
    let by_cli = TestRepo::initialised();
    let mut s = Session::start(&by_tool, &["--allow-write"]);
    let created = s.ok(
        "new_decision",
        json!({
            "title": "Use Redis for sessions",
            "options": ["Redis", "Memcached"],
            "sections": {
                "Context and Problem Statement": "Sessions are lost on deploy.",
                "Decision Outcome": "Chosen option: \"Redis\", because it persists."
            },
            "tags": ["cache"],
            "paths": ["src/session/**"],
        }),
    );
    let file = created["file"].as_str().unwrap().to_string();
    assert_eq!(file, ".adr/decisions/0002-use-redis-for-sessions.md");
    assert_eq!(created["id"], "ADR-0002");
    by_cli.adr_ok(&[
        "new",
        "--no-edit",
        "--option",
        "Redis",
        "--option",
        "Memcached",
        "--section",
        "Context and Problem Statement=Sessions are lost on deploy.",
        "--section",
        "Decision Outcome=Chosen option: \"Redis\", because it persists.",
        "--tag",
        "cache",
        "--path",
        "src/session/**",
        "Use Redis for sessions",
    ]);
    let text = by_tool.read(&file);
    assert_eq!(text, by_cli.read(&file));
    assert!(text.contains("## Considered Options\n\n* Redis\n* Memcached\n\n## Decision Outcome\n\nChosen option: \"Redis\", because it persists.\n\n### Consequences"), "{text}");

    let superseded = s.ok("supersede", json!({"old": "1", "new": "2"}));
    assert_eq!(
        superseded["files"],
        json!([ADR1, ".adr/decisions/0002-use-redis-for-sessions.md"])
    );
    by_cli.adr_ok(&["supersede", "1", "2"]);
    assert_eq!(by_tool.read(ADR1), by_cli.read(ADR1));
    assert_eq!(by_tool.read(&file), by_cli.read(&file));

    let moved = s.ok(
        "set_status",
        json!({"id": "ADR-0002", "status": "accepted"}),
    );
    assert_eq!(moved["message"], "ADR-0002: proposed → accepted");
    let linked = s.ok(
        "link",
        json!({"from": "2", "relation": "relates", "to": "1"}),
    );
    assert_eq!(linked["files"].as_array().unwrap().len(), 2);
    // Lifecycle rules hold: the CLI's message and hint come back as a tool error.
    let illegal = s.err("set_status", json!({"id": "1", "status": "proposed"}));
    assert!(
        illegal.starts_with("error: ") && illegal.contains("hint: "),
        "{illegal}"
    );
    s.finish();
}

#[test]
fn new_section_naming_no_heading_of_the_template_is_refused_before_writing() {
    let repo = TestRepo::initialised();
    repo.adr(&["new", "--no-edit", "--section", "Budget=Ten euros", "X"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the template has no section `Budget`",
        ))
        .stderr(predicates::str::contains(
            "hint: its sections are: Context and Problem Statement",
        ))
        // The template's `### {title of option 1}` is a placeholder to rename, not a section.
        .stderr(predicates::prelude::PredicateBooleanExt::not(
            predicates::str::contains("title of option"),
        ));
    repo.adr(&["new", "--no-edit", "--section", "no equals sign", "X"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not HEADING=TEXT"));
    assert!(!repo.exists(".adr/decisions/0002-x.md"));
    // Another name of a known section finds it (`Context` for Context and Problem Statement).
    repo.adr_ok(&["new", "--no-edit", "--section", "Context=Short.", "X"]);
    assert!(repo
        .read(".adr/decisions/0002-x.md")
        .contains("## Context and Problem Statement\n\nShort.\n\n## Decision Drivers"));
}

#[test]
fn paths_outside_the_repository_are_refused() {
    let repo = fixture();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        record("accepted", "Secret"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), repo.path().join("link")).unwrap();
    let mut s = Session::start(&repo, &[]);
    let abs = outside.path().join("secret.md").display().to_string();
    for p in [
        "../x",
        "src/../../x",
        abs.as_str(),
        "link/secret.md",
        ".git/config",
    ] {
        let e = s.err("decisions_for_path", json!({"path": p}));
        assert!(e.contains("refusing"), "{p}: {e}");
        let e = s.err("show_decision", json!({"file": p}));
        assert!(e.contains("refusing"), "{p}: {e}");
        let e = s.err("list_decisions", json!({"path": p}));
        assert!(e.contains("refusing"), "{p}: {e}");
    }
    // An id may name a record's file; only files of records in the repository are found.
    for tool in ["show_decision", "decision_history", "trace_decision"] {
        let e = s.err(tool, json!({"id": abs}));
        assert!(e.contains("is not a record file"), "{tool}: {e}");
    }
    s.finish();
}

#[test]
fn a_file_argument_is_relative_to_the_root_not_to_where_the_server_started() {
    let repo = fixture();
    let mut s = Session::start_in(&repo, "src/db", &[]);
    let why = s.ok("decisions_for_path", json!({"path": "src/db/pool.rs"}));
    assert_eq!(why["decisions"][0]["id"], "ADR-0002", "{why}");
    s.finish();
}

#[test]
fn bad_input_is_a_tool_error_with_the_cli_message_and_the_server_goes_on() {
    let repo = fixture();
    let mut s = Session::start(&repo, &[]);
    let e = s.err("show_decision", json!({"id": "99"}));
    assert_eq!(e, "error: no adr record ADR-0099 in .adr/decisions/\n  hint: `git adr list` shows the records there are");
    let e = s.err("decision_diff", json!({"from": "no-such-branch"}));
    assert!(
        e.starts_with("error: ") && e.contains("no-such-branch"),
        "{e}"
    );
    let e = s.err("branch_summary", json!({"base": "--help"}));
    assert!(e.starts_with("error: "), "{e}");
    let e = s.err("show_decision", json!({}));
    assert_eq!(e, "error: give either `id` or `file`");
    let e = s.err("list_decisions", json!({"status": [1.5, {}]}));
    assert!(e.contains("must be a list of strings"), "{e}");
    let e = s.err("no_such_tool", json!({}));
    assert!(e.contains("tools/list"), "{e}");
    // Still serving.
    assert_eq!(
        s.ok("list_decisions", json!({}))["decisions"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    s.finish();
}

#[test]
fn outside_a_repository_the_server_does_not_start_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let repo = TestRepo::new();
    let out = repo
        .adr_std(dir.path(), &["mcp"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "stdout is for protocol messages only"
    );
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}

#[test]
fn records_index_and_config_are_resources() {
    let repo = fixture();
    let mut s = Session::start(&repo, &[]);
    let listed = s.request("resources/list", json!({}));
    let uris: Vec<&str> = listed["result"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        [
            "adr://ADR-0001",
            "adr://ADR-0002",
            "adr://ADR-0003",
            "adr://index",
            "adr://config"
        ]
    );
    let read = s.request("resources/read", json!({"uri": "adr://ADR-0002"}));
    assert_eq!(
        read["result"]["contents"][0]["text"].as_str().unwrap(),
        repo.read(".adr/decisions/0002-use-postgresql.md")
    );
    let index = s.request("resources/read", json!({"uri": "adr://index"}));
    let index: Value =
        serde_json::from_str(index["result"]["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(index, repo.adr_json(&["list", "--format", "json"]));
    let config = s.request("resources/read", json!({"uri": "adr://config"}));
    assert_eq!(
        config["result"]["contents"][0]["text"].as_str().unwrap(),
        repo.read(".adr/config.toml")
    );
    let missing = s.request("resources/read", json!({"uri": "adr://ADR-0042"}));
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ADR-0042"),
        "{missing}"
    );
    s.finish();
}

#[test]
fn a_record_added_on_disk_is_announced_as_a_resource_list_change() {
    let repo = fixture();
    let mut s = Session::start(&repo, &[]);
    s.request("resources/list", json!({}));
    repo.write(".adr/decisions/0004-new.md", record("proposed", "New"));
    // The watcher looks every two seconds; read until the notification comes.
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            s.stdout.read_line(&mut line).unwrap() > 0,
            "stdout closed before the notification"
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        if v["method"] == "notifications/resources/list_changed" {
            break;
        }
    }
    s.finish();
}

#[test]
fn two_prompts_name_the_tools_to_use() {
    let repo = fixture();
    let mut s = Session::start(&repo, &[]);
    let listed = s.request("prompts/list", json!({}));
    let names: Vec<&str> = listed["result"]["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["review_branch", "draft_adr"]);
    let got = s.request(
        "prompts/get",
        json!({"name": "review_branch", "arguments": {"base": "main"}}),
    );
    let text = got["result"]["messages"][0]["content"]["text"]
        .as_str()
        .unwrap();
    assert!(text.contains("branch_summary with base `main`"), "{text}");
    s.finish();
}

#[test]
fn in_a_bare_repository_records_are_read_from_head_and_files_are_refused() {
    let repo = fixture();
    let bare = repo.dir.path().join("bare.git");
    repo.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    let mut s = Session::start_at(&repo, &bare, &[]);
    let listed = s.ok("list_decisions", json!({}));
    assert!(
        !listed["decisions"].as_array().unwrap().is_empty(),
        "{listed}"
    );
    let e = s.err("decisions_for_path", json!({"path": "src/db/pool.rs"}));
    assert!(e.contains("no work tree"), "{e}");
    s.finish();
}

/// `bench/mcp.py` keeps working: one run at a tiny size with the debug binary. Its figures are
/// never asserted (no timed tests); its rows are.
#[test]
fn the_benchmark_script_compares_list_decisions_with_the_cli() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/mcp.py"))
        .arg("30");
    common::isolate(&mut cmd, home.path());
    cmd.env("BIN", env!("CARGO_BIN_EXE_git-adr"))
        .env("RUNS", "1");
    let out = cmd.output().expect("python3 runs bench/mcp.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("30 records, 1 runs each"), "{stdout}");
    for label in [
        "git adr list --format json",
        "mcp list_decisions (running)",
        "mcp session",
    ] {
        assert!(stdout.contains(label), "no row {label}: {stdout}");
    }
    assert!(stdout.contains("× the CLI  (target ≤ 2×: "), "{stdout}");
}
