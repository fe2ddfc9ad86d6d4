//! `git adr pr` (alias `summary`), `git adr trace` and `git adr why`, through the real binary in
//! real temporary git repositories, tried as a new user would: a feature branch that adds a
//! MADR 4 decision with three options, supersedes an older one, logs a smaller decision, touches
//! code an older decision governs and falls under a definition-of-done checklist; the Markdown
//! read back with a CommonMark parser (tables included); hostile titles; a 300-decision branch
//! against GitHub's body limit; the empty branch; the JSON schema; warnings; how BASE is found
//! (CI variables, shallow clones); and automatic checklist items that run only with `--run`.
//!
//! Automatic items are POSIX sh commands, so these tests are for Unix.
#![cfg(unix)]

mod common;
use common::field;
use common::{assert_code, stderr, stdout};
use common::{is_str_or_null, redacted, TestRepo};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `git adr pr --base main` as Markdown.
fn pr_md(repo: &TestRepo) -> String {
    repo.adr_ok(&["pr", "--base", "main"])
}

/// `git adr pr --base main --format json`, parsed.
fn pr_json(repo: &TestRepo) -> Value {
    repo.adr_json(&["pr", "--base", "main", "--format", "json"])
}

/// A table as read back by a CommonMark parser: header cells and body rows, as plain text.
#[derive(Debug)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Parses `md` as CommonMark with GitHub tables and returns its tables. Asserts on the way that
/// every row has as many cells as its header, both as the parser reads it and as GitHub splits
/// the source line (on every pipe that is not escaped), so a stray pipe or line break in record
/// text cannot go unnoticed.
fn tables(md: &str) -> Vec<Table> {
    let mut out = Vec::new();
    let mut current: Option<Table> = None;
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    let mut columns = 0;
    for (event, range) in Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(aligns)) => {
                columns = aligns.len();
                current = Some(Table {
                    header: vec![],
                    rows: vec![],
                });
            }
            Event::End(TagEnd::Table) => out.push(current.take().unwrap()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                row.clear();
                let source = &md[range.clone()];
                let line = source.lines().next().unwrap_or("");
                assert_eq!(
                    source_cells(line),
                    columns,
                    "table row {line:?} splits into a different number of cells than its header has columns ({columns})\n{md}"
                );
            }
            Event::End(TagEnd::TableHead) => {
                assert_eq!(row.len(), columns, "header cells\n{md}");
                current.as_mut().unwrap().header = row.clone();
            }
            Event::End(TagEnd::TableRow) => {
                assert_eq!(
                    row.len(),
                    columns,
                    "row {row:?} has {} cells, its header {columns}\n{md}",
                    row.len()
                );
                current.as_mut().unwrap().rows.push(row.clone());
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap().trim().to_string()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::InlineHtml(h) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&h);
                }
            }
            _ => {}
        }
    }
    out
}

/// The cells of a table line as GitHub splits it: on pipes not escaped with a backslash, an
/// optional leading and trailing pipe dropped.
fn source_cells(line: &str) -> usize {
    let line = line.trim();
    let mut cells = 1;
    let mut escaped = false;
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '|' if i != 0 && i != chars.len() - 1 => cells += 1,
            _ => {}
        }
    }
    cells
}

/// Asserts that `md`, read as CommonMark, holds no HTML but the few tags the summary itself
/// writes, and no `@mention` that GitHub would turn into a ping (an `@` directly followed by a
/// name character, outside code).
fn assert_safe(md: &str) {
    const OURS: [&str; 5] = ["<br>", "<details>", "</details>", "<summary>", "</summary>"];
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                let mut rest = h.trim().to_string();
                for tag in OURS {
                    rest = rest.replace(tag, "");
                }
                // `<summary>Options considered (3)</summary>` leaves its text.
                assert!(!rest.contains('<'), "raw HTML {h:?} in the summary:\n{md}");
            }
            Event::Text(t) => {
                let chars: Vec<char> = t.chars().collect();
                for (i, c) in chars.iter().enumerate() {
                    if *c == '@' {
                        let next = chars.get(i + 1).copied().unwrap_or(' ');
                        assert!(
                            !(next.is_alphanumeric() || next == '_' || next == '-'),
                            "`@` followed by {next:?} would ping someone: {t:?}\n{md}"
                        );
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        !md.contains("<script"),
        "raw <script> in the summary:\n{md}"
    );
}

/// The lines of `md` from the heading `head` up to the next heading of the same or a higher level.
fn section(md: &str, head: &str) -> String {
    let level = head.chars().take_while(|c| *c == '#').count();
    let mut lines = md.lines().skip_while(|l| l.trim_end() != head);
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no heading {head:?} in:\n{md}"));
    let mut out = vec![first];
    for l in lines {
        let l_level = l.chars().take_while(|c| *c == '#').count();
        if l_level > 0 && l_level <= level && l.chars().nth(l_level) == Some(' ') {
            break;
        }
        out.push(l);
    }
    out.join("\n")
}

/// The headings of the summary (`## …`, `### …`), in order.
fn headings(md: &str) -> Vec<&str> {
    md.lines()
        .filter(|l| l.starts_with("## ") || l.starts_with("### "))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Fixture records
// ---------------------------------------------------------------------------------------------

const REDIS: &str = ".adr/decisions/0002-store-sessions-in-redis.md";
const GATEWAY: &str = ".adr/decisions/0003-route-payments-through-the-gateway.md";
const POSTGRES: &str = ".adr/decisions/0004-store-sessions-in-postgresql.md";

const REDIS_TEXT: &str = "---
status: accepted
date: 2026-01-10
---

# Store sessions in Redis

## Context and Problem Statement

Logins need a session store.

## Considered Options

* Redis
* Memcached

## Decision Outcome

Chosen option: \"Redis\", because we know it.
";

const GATEWAY_TEXT: &str = "---
status: accepted
date: 2026-02-01
paths: [\"services/payments/**\"]
---

# Route payments through the gateway

## Context and Problem Statement

Every service charged cards its own way.

## Decision Outcome

Chosen option: \"One gateway service\", because refunds and audits need one place.
";

/// A MADR 4 record: three options with pros and cons, Confirmation, Rollout and Rollback.
const POSTGRES_TEXT: &str = "---
status: accepted
date: 2026-10-20
decision-makers: [Ada, Grace]
dod: [sessions]
---

# Store sessions in PostgreSQL

## Context and Problem Statement

Sessions live on a single Redis node that is not backed up; losing it logs everyone out.

## Decision Drivers

* Sessions survive a restart
* No new service to operate

## Considered Options

* PostgreSQL table
* Redis with persistence
* Signed cookies

## Decision Outcome

Chosen option: \"PostgreSQL table\", because it survives restarts and we already run PostgreSQL.

### Consequences

* Good, because sessions are backed up with everything else.
* Bad, because every request reads a row.

### Confirmation

* The load test keeps p99 login latency under 50 ms.
* A restart drill leaves users logged in.

## Rollout and Rollback

Rollout:

* Write sessions to both stores for a week.
* Switch reads to PostgreSQL behind the `sessions_pg` flag.

Rollback triggers:

* p99 login latency above 80 ms for ten minutes.
* Any session lost in the restart drill.

## Pros and Cons of the Options

### PostgreSQL table

* Good, because it is already backed up.
* Neutral, because it needs an index on the expiry column.
* Bad, because it adds a read per request.

### Redis with persistence

* Good, because no code changes.
* Bad, because AOF persistence still loses the last second.

### Signed cookies

* Good, because nothing is stored on the server.
* Bad, because a session cannot be revoked.
";

const PAYMENTS_DOD: &str = "---
status: active
applies-to: [\"services/payments/**\"]
items:
  - text: \"Refunds tested against the sandbox\"
    owner: payments-team
  - text: \"Charge module still present\"
    run: \"touch ran-marker && test -f services/payments/charge.rs\"
  - text: \"Runbook updated\"
    required: false
---

# Payments change

Money moves: check twice.
";

const SESSIONS_DOD: &str = "---
status: active
applies-to: []
items:
  - text: \"Session migration rehearsed on staging\"
    owner: sre
---

# Session store change

Named by decisions that change where sessions live.
";

const DOCS_DOD: &str = "---
status: active
applies-to: [\"docs/**\"]
items:
  - text: \"Docs build without warnings\"
---

# Documentation change

Only for docs.
";

/// The acceptance fixture. `main`: ADR-0001 (from init), ADR-0002 (sessions in Redis,
/// accepted), ADR-0003 (payments through the gateway, accepted, governs `services/payments/**`),
/// three checklists (payments by path, sessions named by `dod:`, docs that does not apply) and the
/// payments code. `feature`: adds ADR-0004 (MADR 4, three options) and supersedes ADR-0002 with
/// `git adr supersede`, adds a decision-log entry with `git adr log add`, and changes a file under
/// ADR-0003's paths in a commit that cites it.
fn acceptance_fixture() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(REDIS, REDIS_TEXT);
    repo.write(GATEWAY, GATEWAY_TEXT);
    repo.write(".adr/dod/payments.md", PAYMENTS_DOD);
    repo.write(".adr/dod/sessions.md", SESSIONS_DOD);
    repo.write(".adr/dod/docs.md", DOCS_DOD);
    repo.write("services/payments/charge.rs", "fn charge() {}\n");
    repo.write("README.md", "shop\n");
    repo.commit_all("Existing decisions, checklists and code");
    repo.git(&["checkout", "-q", "-b", "feature"]);

    repo.write(POSTGRES, POSTGRES_TEXT);
    repo.adr_ok(&["supersede", "ADR-0002", "ADR-0004"]);
    repo.commit_all("Store sessions in PostgreSQL\n\nDecision: ADR-0004");
    repo.adr_ok(&[
        "log",
        "add",
        "Session TTL of thirty minutes",
        "--constraint",
        "Security asks for short sessions.",
        "--choice",
        "Thirty minutes, sliding.",
        "--why",
        "Long enough for checkout.",
        "--decided-by",
        "Ada",
        "--link",
        "ADR-0004",
    ]);
    repo.commit_all("Log the session TTL");
    repo.write(
        "services/payments/charge.rs",
        "fn charge() { /* via the gateway */ }\n",
    );
    repo.commit_all("Charge through the gateway\n\nDecision: ADR-0003");
    repo
}

// ---------------------------------------------------------------------------------------------
// 1, 2. The acceptance branch: everything shown, and the Markdown parses
// ---------------------------------------------------------------------------------------------

#[test]
fn commits_have_fixed_dates_so_the_fixture_is_reproducible() {
    let repo = acceptance_fixture();
    let dates = repo.git(&["log", "--format=%aI %cI"]);
    for line in dates.lines() {
        let (author, committer) = line.split_once(' ').unwrap();
        for date in [author, committer] {
            assert!(
                date == "2026-11-01T12:00:00Z" || date == "2026-11-01T12:00:00+00:00",
                "{date}"
            );
        }
    }
}

#[test]
fn the_acceptance_branch_shows_every_decision_governed_file_log_entry_and_checklist() {
    let repo = acceptance_fixture();
    let md = pr_md(&repo);

    // The whole body, read line by line when accepted.
    redacted(&repo).bind(|| insta::assert_snapshot!("acceptance_branch", md));

    // Sections in DESIGN's order; the checklist that does not apply is absent.
    assert_eq!(
        headings(&md),
        [
            "## Decisions in this change",
            "### ADR-0002: Store sessions in Redis",
            "### ADR-0004: Store sessions in PostgreSQL",
            "## Code governed by decisions",
            "## Decision-log entries",
            "## Definition of done",
            "### Payments change",
            "### Session store change",
        ],
        "{md}"
    );

    // The tradeoff table: one row per option, in the record's order, the chosen one marked.
    let t = tables(&md);
    assert_eq!(
        t.len(),
        1,
        "one tradeoff table (ADR-0002 is superseded):\n{md}"
    );
    let t = &t[0];
    assert_eq!(t.header, ["Option", "Good", "Bad", "Neutral"]);
    let firsts: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        firsts,
        [
            "PostgreSQL table ✅ chosen",
            "Redis with persistence",
            "Signed cookies"
        ],
        "{md}"
    );
    assert!(
        t.rows[0][1].contains("it is already backed up"),
        "{:?}",
        t.rows[0]
    );
    assert!(
        t.rows[0][3].contains("index on the expiry column"),
        "neutral shown in its own column: {:?}",
        t.rows[0]
    );
    assert!(
        t.rows[0][2].contains("adds a read per request"),
        "{:?}",
        t.rows[0]
    );
    assert!(
        t.rows[2][2].contains("cannot be revoked"),
        "{:?}",
        t.rows[2]
    );
    assert_eq!(md.matches("✅ chosen").count(), 1, "{md}");

    // Verification steps are checkboxes; rollout and rollback are there.
    let adr4 = section(&md, "### ADR-0004: Store sessions in PostgreSQL");
    assert!(
        adr4.contains("- [ ] The load test keeps p99 login latency under 50 ms."),
        "{adr4}"
    );
    assert!(
        adr4.contains("- [ ] A restart drill leaves users logged in."),
        "{adr4}"
    );
    assert!(
        adr4.contains("- Write sessions to both stores for a week."),
        "{adr4}"
    );
    assert!(
        adr4.contains("- p99 login latency above 80 ms for ten minutes."),
        "{adr4}"
    );
    assert!(adr4.contains("supersedes ADR-0002"), "{adr4}");

    // The superseded decision is marked as such.
    let adr2 = section(&md, "### ADR-0002: Store sessions in Redis");
    assert!(adr2.contains("superseded by ADR-0004"), "{adr2}");
    assert!(adr2.contains("accepted → superseded"), "{adr2}");

    // The governed file under its decision.
    let governed = section(&md, "## Code governed by decisions");
    assert!(
        governed.contains("ADR-0003: Route payments through the gateway"),
        "{governed}"
    );
    assert!(
        governed.contains("- `services/payments/charge.rs`"),
        "{governed}"
    );

    // The log entry and the checklists (by path, and named by ADR-0004's `dod:`).
    assert!(md.contains("Session TTL of thirty minutes"), "{md}");
    let dod = section(&md, "## Definition of done");
    assert!(
        dod.contains("- [ ] Refunds tested against the sandbox (owner: payments-team)"),
        "{dod}"
    );
    assert!(dod.contains("services/payments/charge.rs"), "{dod}");
    assert!(
        dod.contains("Session migration rehearsed on staging (owner: sre)"),
        "{dod}"
    );
    assert!(
        dod.contains("ADR-0004"),
        "the sessions checklist says which decision names it: {dod}"
    );
    assert!(!md.contains("Docs build"), "{md}");

    assert_safe(&md);
}

#[test]
fn the_summary_is_deterministic() {
    let repo = acceptance_fixture();
    assert_eq!(pr_md(&repo), pr_md(&repo));
    assert_eq!(
        repo.adr_ok(&["pr", "--base", "main", "--format", "json"]),
        repo.adr_ok(&["pr", "--base", "main", "--format", "json"])
    );
    // `summary` is the same command.
    assert_eq!(repo.adr_ok(&["summary", "--base", "main"]), pr_md(&repo));
}

// ---------------------------------------------------------------------------------------------
// 3. Sections read from the body: Confirmation, and a record without options
// ---------------------------------------------------------------------------------------------

#[test]
fn madr4_confirmation_is_verification_and_a_record_without_options_says_so() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        POSTGRES.replace("0004", "0002").as_str(),
        POSTGRES_TEXT.replace("dod: [sessions]\n", ""),
    );
    repo.write(
        ".adr/decisions/0003-use-structured-logging.md",
        "---
status: accepted
date: 2026-10-01
---

# Use structured logging

## Context

Grepping free text in logs is slow.

## Decision

We will log JSON lines with a fixed set of keys.

## Consequences

Log lines are harder to read without a viewer.
",
    );
    repo.commit_all("Two decisions");
    let md = pr_md(&repo);
    let json = pr_json(&repo);

    let madr = &json["decisions"][0];
    assert_eq!(madr["id"], "ADR-0002");
    assert_eq!(
        madr["sections"]["verification"],
        serde_json::json!([
            "The load test keeps p99 login latency under 50 ms.",
            "A restart drill leaves users logged in."
        ])
    );
    let adr2 = section(&md, "### ADR-0002: Store sessions in PostgreSQL");
    assert!(adr2.contains("**Verification**\n\n- [ ] The load test keeps p99 login latency under 50 ms.\n- [ ] A restart drill leaves users logged in."), "{adr2}");
    assert!(
        !adr2.contains("Not in the record"),
        "nothing is missing: {adr2}"
    );

    let nygard = &json["decisions"][1];
    assert_eq!(nygard["id"], "ADR-0003");
    assert_eq!(nygard["sections"]["options"], serde_json::json!([]));
    let missing: Vec<&str> = nygard["sections"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(missing.contains(&"Considered Options"), "{missing:?}");
    assert!(!missing.contains(&"Consequences"), "{missing:?}");
    let adr3 = section(&md, "### ADR-0003: Use structured logging");
    assert!(
        adr3.contains("**Decision.** We will log JSON lines with a fixed set of keys."),
        "{adr3}"
    );
    assert!(adr3.contains("_Not in the record: "), "{adr3}");
    assert!(adr3.contains("Considered Options"), "{adr3}");
    assert!(!adr3.contains("| Option |"), "no table is invented: {adr3}");
    redacted(&repo).bind(|| insta::assert_snapshot!("nygard_record", adr3));
    tables(&md);
}

/// The required sections `git adr check` finds missing or unwritten in a record, by name.
fn sections_check_misses(repo: &TestRepo, path: &str, required: &[&str]) -> Vec<String> {
    let o = common::run(repo, &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("check prints JSON");
    let messages: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == path)
        .filter(|f| f["code"] == "missing-section" || f["code"] == "placeholder-text")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    required
        .iter()
        .filter(|r| {
            messages
                .iter()
                .any(|m| m.contains(&format!("`## {r}`")) || m.contains(&format!("section `{r}`")))
        })
        .map(|r| r.to_string())
        .collect()
}

#[test]
fn check_and_pr_agree_on_which_sections_a_record_has() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // Headings a line scanner misread: a setext heading, emphasis and closing `#`s, a comment
    // after the name (all sections); a heading inside an HTML comment, and one after a line
    // that looks like a fence but is not one (a backtick in its info string).
    let written = ".adr/decisions/0002-use-utc.md";
    repo.write(
        written,
        "---\nstatus: accepted\ndate: 2026-10-01\n---\n\n# Use UTC\n\n\
         Context and Problem Statement\n-----------------------------\n\nTimes are ambiguous.\n\n\
         ## *Considered Options* ##\n\n* UTC\n* Local time\n\n\
         ## Decision Outcome <!-- MADR 4 -->\n\nChosen option: \"UTC\", because it is unambiguous.\n",
    );
    let hidden = ".adr/decisions/0003-keep-logs.md";
    repo.write(
        hidden,
        "---\nstatus: accepted\ndate: 2026-10-01\n---\n\n# Keep logs\n\n\
         ## Context and Problem Statement\n\nDisks fill up.\n\n\
         <!--\n## Decision Outcome\n\nNot yet.\n-->\n\n\
         ```not`a fence\n\n## Considered Options\n\n* Rotate\n* Ship\n",
    );
    repo.commit_all("Two decisions");
    let required = [
        "Context and Problem Statement",
        "Considered Options",
        "Decision Outcome",
    ];
    let json = pr_json(&repo);
    for (path, expected) in [(written, vec![]), (hidden, vec!["Decision Outcome"])] {
        let decision = json["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {json:#}"));
        let pr_misses: Vec<String> = decision["sections"]["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_string())
            .filter(|m| required.contains(&m.as_str()))
            .collect();
        assert_eq!(pr_misses, expected, "pr, {path}: {decision:#}");
        assert_eq!(
            sections_check_misses(&repo, path, &required),
            expected,
            "check, {path}"
        );
    }
    let md = pr_md(&repo);
    let keep = section(&md, "### ADR-0003: Keep logs");
    assert!(
        keep.contains("_Not in the record: Decision Outcome"),
        "{keep}"
    );
    let utc = section(&md, "### ADR-0002: Use UTC");
    assert!(!utc.contains("Not in the record: Context"), "{utc}");
    assert!(utc.contains("**UTC** ✅ chosen"), "{utc}");
}

// ---------------------------------------------------------------------------------------------
// 4. Hostile text
// ---------------------------------------------------------------------------------------------

#[test]
fn pipes_html_mentions_and_newlines_in_record_text_leave_tables_intact_and_ping_nobody() {
    let repo = TestRepo::initialised();
    repo.write("app/x.rs", "x\n");
    repo.write(
        ".adr/decisions/0002-old.md",
        "---
status: accepted
date: 2026-01-01
paths: [\"app/**\"]
---

# Old | <b>bold</b> @org/old-team
",
    );
    repo.commit_all("base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        ".adr/decisions/0003-hostile.md",
        "---
status: proposed
date: 2026-10-01
---

# Use | pipes <script>alert(1)</script> for @org/team

## Context and Problem Statement

Ask @org/team; <img src=x onerror=alert(1)> | here.

## Considered Options

* Option | one <script>x</script>
* Option two for
  @org/team
* `code | span` option

## Decision Outcome

Chosen option: \"Option | one <script>x</script>\", because @org/team said | so.

### Consequences

* Good, because a | b
  c.

### Confirmation

* Ping @someone | then <em>check</em>.

## Pros and Cons of the Options

### Option | one <script>x</script>

* Good, because it has a | pipe
  and a newline.
* Bad, because <script>alert(2)</script> and @org/team.

### Option two for @org/team

* Good, because fine | really
  fine.
* Bad, because `a|b` in code.
",
    );
    repo.write("app/x.rs", "y\n");
    repo.commit_all("hostile");
    let md = pr_md(&repo);

    let t = tables(&md);
    assert_eq!(t.len(), 1, "{md}");
    assert_eq!(
        t[0].rows.len(),
        3,
        "three options, three rows: {:?}\n{md}",
        t[0].rows
    );
    assert!(
        t[0].rows[0][0].contains("Option | one"),
        "the pipe is shown, escaped: {:?}",
        t[0].rows[0]
    );
    assert!(t[0].rows[0][0].contains("chosen"), "{:?}", t[0].rows[0]);
    assert!(
        t[0].rows[1][0].contains("Option two for @\u{200b}org/team"),
        "{:?}",
        t[0].rows[1]
    );
    assert!(
        t[0].rows[0][1].contains("a | pipe and a newline"),
        "{:?}",
        t[0].rows[0]
    );
    assert_eq!(t[0].rows[1][1], "fine | really fine.", "{:?}", t[0].rows[1]);
    assert!(
        t[0].rows[2][0].contains("code | span"),
        "{:?}",
        t[0].rows[2]
    );
    assert_safe(&md);
    assert!(
        md.contains("### ADR-0003: Use | pipes &lt;script&gt;"),
        "{md}"
    );
    assert!(
        md.contains("@\u{200b}org/team"),
        "the mention is shown, broken: {md}"
    );
    assert!(
        md.contains("@\u{200b}org/old-team"),
        "governed titles too: {md}"
    );

    // The heading is one line: the title cannot start a new block.
    let heading = md.lines().find(|l| l.starts_with("### ADR-0003")).unwrap();
    assert!(heading.ends_with("for @\u{200b}org/team"), "{heading:?}");
}

// ---------------------------------------------------------------------------------------------
// 5. GitHub's body limit
// ---------------------------------------------------------------------------------------------

#[test]
fn a_branch_with_300_decisions_fits_githubs_limit_and_says_what_it_left_out() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    for n in 2..302 {
        repo.write(
            &format!(".adr/decisions/{n:04}-decision-number-{n}.md"),
            format!(
                "---
status: proposed
date: 2026-10-01
---

# Decision number {n}

## Context and Problem Statement

We need to decide thing {n}, which matters for the reasons written at some length here.

## Considered Options

* Option A for {n}
* Option B for {n}
* Option C for {n}

## Decision Outcome

Chosen option: \"Option A for {n}\", because it is the best of the three for thing {n}.

### Consequences

* Good, because thing {n} gets simpler.
* Bad, because thing {n} costs more.

### Confirmation

* A test for thing {n}.

## Rollout and Rollback

* Roll out thing {n} to one region first.
* Roll back when errors for thing {n} double.

## Pros and Cons of the Options

### Option A for {n}

* Good, because it is fast for thing {n}.
* Bad, because it is new for thing {n}.

### Option B for {n}

* Good, because it is known for thing {n}.
* Bad, because it is slow for thing {n}.

### Option C for {n}

* Good, because it is cheap for thing {n}.
* Bad, because it is fragile for thing {n}.
"
            ),
        );
    }
    repo.commit_all("300 decisions");
    let md = pr_md(&repo);
    let chars = md.chars().count();
    assert!(chars < 65_536, "{chars} characters");
    let note = md.lines().last().unwrap();
    assert!(
        note.contains("Left out to stay within the 65536-character limit (GitHub's is 65536)")
            && note.contains("`git adr pr --max-chars 0` prints everything"),
        "the last line says what was left out: {note:?}"
    );
    assert!(note.contains("decisions"), "{note}");
    assert!(
        note.contains("ADR-0301"),
        "the note names the last decision left short: {note}"
    );
    // Every decision is still listed, at least by its heading.
    for n in 2..302 {
        assert!(
            md.contains(&format!("### ADR-{n:04}: Decision number {n}\n")),
            "ADR-{n:04} missing"
        );
    }
    // Folded parts are well formed and the tables in them still parse.
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count(),
        "{md}"
    );
    for t in tables(&md) {
        assert_eq!(t.rows.len(), 3);
    }
    assert_safe(&md);
}

// ---------------------------------------------------------------------------------------------
// 6. The empty branch, and the JSON schema
// ---------------------------------------------------------------------------------------------

#[test]
fn an_empty_branch_prints_one_short_line() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let md = pr_md(&repo);
    assert_eq!(md.lines().count(), 1, "{md:?}");
    assert!(md.len() < 100, "{md:?}");
    assert!(md.contains("main"), "{md:?}");
    redacted(&repo).bind(|| insta::assert_snapshot!("empty_branch", md));

    // A commit that touches no decision and no governed code is still empty.
    repo.write("notes.txt", "hello\n");
    repo.commit_all("unrelated");
    let md = pr_md(&repo);
    assert_eq!(md.lines().count(), 1, "{md:?}");
    assert!(md.contains("1 commit)"), "{md:?}");

    let v = pr_json(&repo);
    check_schema(&v);
    assert_eq!(v["commits"], 1);
    for key in [
        "decisions",
        "governed",
        "log_entries",
        "definition_of_done",
        "warnings",
    ] {
        assert_eq!(v[key], serde_json::json!([]), "{key}");
    }
}

fn strings(v: &Value, what: &str) {
    let a = v
        .as_array()
        .unwrap_or_else(|| panic!("{what} is an array: {v}"));
    for s in a {
        assert!(s.is_string(), "{what}[] are strings: {v}");
    }
}

fn status(v: &Value, what: &str) {
    if v.is_null() {
        return;
    }
    assert!(v["text"].is_string(), "{what}.text: {v}");
    let key = v["key"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}.key: {v}"));
    assert_eq!(key, key.to_lowercase(), "{what}.key is normalised");
}

fn commit_lines(v: &Value, what: &str) {
    for c in v.as_array().unwrap_or_else(|| panic!("{what} is an array")) {
        for k in ["commit", "short", "date", "author", "subject"] {
            assert!(c[k].is_string(), "{what}[].{k}: {c}");
        }
        assert_eq!(c["commit"].as_str().unwrap().len(), 40, "{c}");
        assert!(c["commit"]
            .as_str()
            .unwrap()
            .starts_with(c["short"].as_str().unwrap()));
    }
}

/// Validates `git adr pr --format json` against the schema the README documents: every key
/// there, with its JSON type.
fn check_schema(v: &Value) {
    assert_eq!(v["version"], 1, "{v}");
    for k in ["base", "base_commit", "merge_base", "head_commit"] {
        assert!(v[k].is_string(), "{k}: {v}");
    }
    for k in ["base_commit", "merge_base", "head_commit"] {
        assert_eq!(v[k].as_str().unwrap().len(), 40, "{k} is a full sha");
    }
    assert!(v["commits"].is_u64(), "commits is a count");
    for d in v["decisions"].as_array().expect("decisions[]") {
        assert!(d["id"].is_string(), "{d}");
        assert!(d["number"].is_u64() || d["number"].is_null(), "{d}");
        assert!(d["kind"].is_string(), "{d}");
        assert!(d["title"].is_string(), "{d}");
        assert!(d["path"].is_string(), "{d}");
        assert!(
            d.get("former_path").is_some() && is_str_or_null(&d["former_path"]),
            "{d}"
        );
        let change = d["change"].as_str().expect("change");
        assert!(
            ["added", "modified", "renamed", "deleted"].contains(&change),
            "{change}"
        );
        assert_eq!(d["former_path"].is_string(), change == "renamed", "{d}");
        assert!(
            d.get("status_before").is_some() && d.get("status_after").is_some(),
            "{d}"
        );
        status(&d["status_before"], "status_before");
        status(&d["status_after"], "status_after");
        assert!(d["superseded_in_range"].is_boolean(), "{d}");
        assert!(d["full"].is_boolean(), "{d}");
        for c in d["changed_sections"]
            .as_array()
            .expect("changed_sections[]")
        {
            assert!(c["name"].is_string(), "{c}");
            assert!(c["list"].is_boolean(), "{c}");
            strings(&c["entries"], "changed_sections[].entries");
        }
        strings(&d["what_changed"], "what_changed");
        strings(&d["supersedes"], "supersedes");
        strings(&d["superseded_by"], "superseded_by");
        let s = &d["sections"];
        assert!(is_str_or_null(&s["context"]), "{s}");
        assert!(
            s.get("problem").is_some() && is_str_or_null(&s["problem"]),
            "{s}"
        );
        strings(&s["drivers"], "drivers");
        for o in s["options"].as_array().expect("options[]") {
            assert!(o["title"].is_string(), "{o}");
            assert!(
                o.get("description").is_some() && is_str_or_null(&o["description"]),
                "{o}"
            );
            strings(&o["good"], "good");
            strings(&o["bad"], "bad");
            strings(&o["neutral"], "neutral");
            assert!(o["chosen"].is_boolean(), "{o}");
        }
        assert!(
            s.get("chosen").is_some() && is_str_or_null(&s["chosen"]),
            "{s}"
        );
        assert!(
            s.get("decision").is_some() && is_str_or_null(&s["decision"]),
            "{s}"
        );
        for c in s["consequences"].as_array().expect("consequences[]") {
            let kind = c["kind"].as_str().expect("kind");
            assert!(["good", "bad", "neutral", "other"].contains(&kind), "{c}");
            assert!(c["text"].is_string(), "{c}");
        }
        strings(&s["verification"], "verification");
        strings(&s["rollout"], "rollout");
        strings(&s["rollback"], "rollback");
        assert!(
            s.get("more_information").is_some() && is_str_or_null(&s["more_information"]),
            "{s}"
        );
        strings(&s["missing"], "missing");
        commit_lines(&d["commits"], "decisions[].commits");
    }
    for g in v["governed"].as_array().expect("governed[]") {
        for k in ["id", "title", "path"] {
            assert!(g[k].is_string(), "{g}");
        }
        assert!(
            g.get("status").is_some() && is_str_or_null(&g["status"]),
            "{g}"
        );
        strings(&g["files"], "governed[].files");
        commit_lines(&g["commits"], "governed[].commits");
    }
    for e in v["log_entries"].as_array().expect("log_entries[]") {
        for k in ["id", "title", "path"] {
            assert!(e[k].is_string(), "{e}");
        }
        assert!(e.get("date").is_some() && is_str_or_null(&e["date"]), "{e}");
        assert!(
            e.get("choice").is_some() && is_str_or_null(&e["choice"]),
            "{e}"
        );
        strings(&e["decided_by"], "decided_by");
    }
    for c in v["definition_of_done"]
        .as_array()
        .expect("definition_of_done[]")
    {
        for k in ["name", "title", "path"] {
            assert!(c[k].is_string(), "{c}");
        }
        strings(&c["reasons"], "reasons");
        for i in c["items"].as_array().expect("items[]") {
            assert!(i["text"].is_string(), "{i}");
            assert!(
                i.get("owner").is_some() && is_str_or_null(&i["owner"]),
                "{i}"
            );
            assert!(i["required"].is_boolean(), "{i}");
            assert!(i.get("run").is_some() && is_str_or_null(&i["run"]), "{i}");
            assert!(i.get("result").is_some(), "{i}");
            if !i["result"].is_null() {
                assert!(i["result"]["passed"].is_boolean(), "{i}");
                assert!(i["result"]["summary"].is_string(), "{i}");
            }
        }
    }
    for w in v["warnings"].as_array().expect("warnings[]") {
        assert!(w["message"].is_string(), "{w}");
        assert!(w["id"].is_string(), "{w}");
        assert!(
            w.get("commit").is_some() && is_str_or_null(&w["commit"]),
            "{w}"
        );
    }
}

#[test]
fn json_output_follows_the_documented_schema_for_the_acceptance_branch() {
    let repo = acceptance_fixture();
    let v = pr_json(&repo);
    check_schema(&v);
    assert_eq!(v["base"], "main");
    assert_eq!(v["commits"], 3);
    assert_eq!(v["merge_base"], repo.git(&["rev-parse", "main"]).trim());
    assert_eq!(v["head_commit"], repo.git(&["rev-parse", "HEAD"]).trim());

    let ids = field(&v["decisions"], "id");
    assert_eq!(ids, ["ADR-0002", "ADR-0004"]);

    let old = &v["decisions"][0];
    assert_eq!(old["change"], "modified");
    assert_eq!(
        old["status_before"],
        serde_json::json!({"text": "accepted", "key": "accepted"})
    );
    assert_eq!(
        old["status_after"],
        serde_json::json!({"text": "superseded", "key": "superseded"})
    );
    assert_eq!(old["superseded_in_range"], true);
    assert_eq!(old["superseded_by"], serde_json::json!(["ADR-0004"]));

    let new = &v["decisions"][1];
    assert_eq!(new["change"], "added");
    assert_eq!(new["status_before"], Value::Null);
    assert_eq!(new["status_after"]["key"], "accepted");
    assert_eq!(new["superseded_in_range"], false);
    assert_eq!(new["supersedes"], serde_json::json!(["ADR-0002"]));
    assert_eq!(new["path"], POSTGRES);
    let options = new["sections"]["options"].as_array().unwrap();
    let titles: Vec<&str> = options
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "PostgreSQL table",
            "Redis with persistence",
            "Signed cookies"
        ]
    );
    let chosen: Vec<bool> = options
        .iter()
        .map(|o| o["chosen"].as_bool().unwrap())
        .collect();
    assert_eq!(chosen, [true, false, false]);
    assert_eq!(
        options[0]["neutral"],
        serde_json::json!(["it needs an index on the expiry column."])
    );
    assert_eq!(new["sections"]["chosen"], "PostgreSQL table");
    assert_eq!(new["sections"]["missing"], serde_json::json!([]));
    assert_eq!(new["commits"].as_array().unwrap().len(), 1);

    assert_eq!(v["governed"].as_array().unwrap().len(), 1);
    assert_eq!(v["governed"][0]["id"], "ADR-0003");
    assert_eq!(
        v["governed"][0]["files"],
        serde_json::json!(["services/payments/charge.rs"])
    );
    assert_eq!(
        v["governed"][0]["commits"][0]["subject"],
        "Charge through the gateway"
    );

    assert_eq!(v["log_entries"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["log_entries"][0]["title"],
        "Session TTL of thirty minutes"
    );
    assert_eq!(v["log_entries"][0]["choice"], "Thirty minutes, sliding.");
    assert_eq!(
        v["log_entries"][0]["decided_by"],
        serde_json::json!(["Ada"])
    );

    let names = field(&v["definition_of_done"], "name");
    assert_eq!(names, ["payments", "sessions"]);
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn renamed_modified_and_deleted_records_show_their_change_kind() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0002-cache-prices.md",
        common::record("proposed", "Cache prices"),
    );
    repo.write(
        ".adr/decisions/0003-queue-emails.md",
        common::record("accepted", "Queue emails"),
    );
    repo.write(
        ".adr/decisions/0004-drop-soap.md",
        common::record("proposed", "Drop SOAP"),
    );
    repo.commit_all("three decisions");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.git(&[
        "mv",
        ".adr/decisions/0003-queue-emails.md",
        ".adr/decisions/0003-queue-outgoing-emails.md",
    ]);
    repo.write(
        ".adr/decisions/0002-cache-prices.md",
        common::record("accepted", "Cache prices"),
    );
    std::fs::remove_file(repo.path().join(".adr/decisions/0004-drop-soap.md")).unwrap();
    repo.commit_all("rename, accept, delete");

    let v = pr_json(&repo);
    check_schema(&v);
    let by_id = |id: &str| {
        v["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {v}"))
            .clone()
    };
    let renamed = by_id("ADR-0003");
    assert_eq!(renamed["change"], "renamed");
    assert_eq!(
        renamed["path"],
        ".adr/decisions/0003-queue-outgoing-emails.md"
    );
    assert_eq!(
        renamed["former_path"],
        ".adr/decisions/0003-queue-emails.md"
    );
    let modified = by_id("ADR-0002");
    assert_eq!(modified["change"], "modified");
    assert_eq!(modified["former_path"], Value::Null);
    assert_eq!(modified["status_before"]["key"], "proposed");
    assert_eq!(modified["status_after"]["key"], "accepted");
    assert!(
        modified["what_changed"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("status proposed → accepted")),
        "{modified}"
    );
    let deleted = by_id("ADR-0004");
    assert_eq!(deleted["change"], "deleted");
    assert_eq!(deleted["status_after"], Value::Null);
    assert_eq!(deleted["status_before"]["key"], "proposed");
    assert_eq!(
        deleted["what_changed"],
        serde_json::json!(["deleted", "was proposed"]),
        "a deleted record says what it was"
    );

    let md = pr_md(&repo);
    redacted(&repo).bind(|| insta::assert_snapshot!("renamed_modified_deleted", md));
    tables(&md);
}

/// Only the record files the branch changes are compared (the others are the same blobs on
/// both sides): among 100 unrelated records, one of them unreadable on both sides, a branch that
/// renames one record and edits another shows exactly those two, governed code under an unrelated
/// decision, no warning; and it says what `git adr diff` says, both for the two commits and when
/// every record of both sides is read (`diff main` reads the work tree whole).
#[test]
fn a_rename_and_an_edit_among_100_unrelated_records_are_all_the_summary_shows() {
    let repo = TestRepo::initialised();
    for n in 10..110 {
        let paths = format!("paths: [\"src/m{n}/**\"]\n");
        common::put(
            &repo,
            n,
            &format!("unrelated-{n}"),
            common::record_with("accepted", &paths, &format!("Unrelated {n}")),
        );
    }
    common::put(
        &repo,
        110,
        "broken",
        "---\nstatus: [accepted\n---\n\n# Broken\n",
    );
    let prices = common::put(
        &repo,
        2,
        "cache-prices",
        common::record_with("proposed", "paths: [\"src/prices/**\"]\n", "Cache prices"),
    );
    let emails = common::put(
        &repo,
        3,
        "queue-emails",
        common::record("accepted", "Queue emails"),
    );
    repo.write("src/prices/p.rs", "fn p() {}\n");
    repo.write("src/m15/x.rs", "fn x() {}\n");
    repo.commit_all("decisions and code");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let outgoing = common::adr_path(3, "queue-outgoing-emails");
    repo.git(&["mv", &emails, &outgoing]);
    common::edit(&repo, &outgoing, "Body.", "Body, with retries.");
    common::edit(&repo, &prices, "status: proposed", "status: accepted");
    repo.write("src/prices/p.rs", "fn p() { /* cached */ }\n");
    repo.write("src/m15/x.rs", "fn x() { /* changed */ }\n");
    repo.commit_all("Rename, accept, change code\n\nDecision: ADR-0002");

    let v = pr_json(&repo);
    check_schema(&v);
    let decisions: Vec<(String, String, Value, Value)> = v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["change"].as_str().unwrap().to_string(),
                d["former_path"].clone(),
                d["what_changed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        decisions,
        [
            (
                "ADR-0002".to_string(),
                "modified".to_string(),
                Value::Null,
                serde_json::json!(["status proposed → accepted"])
            ),
            (
                "ADR-0003".to_string(),
                "renamed".to_string(),
                Value::from(emails.as_str()),
                serde_json::json!([
                    "renamed from .adr/decisions/0003-queue-emails.md",
                    "text edited"
                ])
            ),
        ],
        "{v}"
    );
    assert_eq!(
        v["warnings"],
        serde_json::json!([]),
        "an unreadable record the branch leaves alone is not news"
    );
    let governed: Vec<(&str, Vec<&str>, bool)> = v["governed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap(),
                common::strings(&g["files"]),
                g["in_change"] == true,
            )
        })
        .collect();
    assert_eq!(
        governed,
        [
            ("ADR-0002", vec!["src/prices/p.rs"], true),
            ("ADR-0015", vec!["src/m15/x.rs"], false),
        ]
    );

    // The change engine says the same, reading the two commits' changed files only and reading
    // every record of both sides (main is the merge base, the work tree is HEAD).
    let records = |args: &[&str]| repo.adr_json(args)["records"].clone();
    let between = records(&["diff", "main...HEAD", "--format", "json"]);
    assert_eq!(between, records(&["diff", "main", "--format", "json"]));
    let phrases: Vec<Value> = between
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["what_changed"].clone())
        .collect();
    assert_eq!(
        phrases,
        decisions.iter().map(|d| d.3.clone()).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// 7. Warnings
// ---------------------------------------------------------------------------------------------

#[test]
fn commits_citing_inactive_or_unknown_decisions_and_code_under_superseded_ones_are_warnings() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0002-use-soap.md",
        "---\nstatus: deprecated\ndate: 2026-01-01\n---\n\n# Use SOAP\n",
    );
    repo.write(
        ".adr/decisions/0003-use-cron.md",
        "---\nstatus: superseded\ndate: 2026-01-01\nsuperseded-by: [4]\npaths: [\"jobs/**\"]\n---\n\n# Use cron\n",
    );
    repo.write(
        ".adr/decisions/0004-use-a-job-queue.md",
        "---\nstatus: accepted\ndate: 2026-02-01\nsupersedes: [3]\n---\n\n# Use a job queue\n",
    );
    repo.write(
        ".adr/decisions/0005-use-xml.md",
        "---\nstatus: rejected\ndate: 2026-01-01\n---\n\n# Use XML\n",
    );
    repo.write("jobs/nightly.sh", "true\n");
    repo.commit_all("decisions");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("a.txt", "1\n");
    repo.commit_all("Call the SOAP API\n\nDecision: ADR-0002");
    repo.write("a.txt", "2\n");
    repo.commit_all("Follow a decision nobody wrote\n\nDecision: ADR-0099");
    repo.write("a.txt", "3\n");
    repo.commit_all("Keep cron\n\nDecision: ADR-0003");
    repo.write("a.txt", "4\n");
    repo.commit_all("Emit XML\n\nDecision: ADR-0005");
    repo.write("jobs/nightly.sh", "false\n");
    repo.commit_all("Tweak the nightly job");

    let v = pr_json(&repo);
    check_schema(&v);
    let warnings: Vec<(String, String, bool)> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["id"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
                w["commit"].is_string(),
            )
        })
        .collect();
    let has = |id: &str, words: &str, by_commit: bool| {
        warnings
            .iter()
            .any(|(i, m, c)| i == id && m.contains(words) && *c == by_commit)
    };
    assert!(
        has("ADR-0002", "which is deprecated", true),
        "{warnings:#?}"
    );
    assert!(has("ADR-0099", "does not exist", true), "{warnings:#?}");
    assert!(
        has("ADR-0003", "superseded by ADR-0004", true),
        "{warnings:#?}"
    );
    assert!(has("ADR-0005", "rejected", true), "{warnings:#?}");
    assert!(
        has("ADR-0003", "jobs/nightly.sh", false),
        "changed code under a superseded decision: {warnings:#?}"
    );
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    // The inactive decision is not listed as governing the code.
    assert_eq!(v["governed"], serde_json::json!([]), "{v}");

    let md = pr_md(&repo);
    let w = section(&md, "## Warnings");
    assert_eq!(
        w.lines().filter(|l| l.starts_with("- ⚠️ ")).count(),
        5,
        "{w}"
    );
    assert!(w.contains("cites ADR-0002, which is deprecated"), "{w}");
    assert!(w.contains("cites ADR-0099, which does not exist"), "{w}");
    redacted(&repo).bind(|| insta::assert_snapshot!("warnings", w));
}

// ---------------------------------------------------------------------------------------------
// 8. Which BASE
// ---------------------------------------------------------------------------------------------

/// main ← release (adds ADR-0002) ← feature (adds ADR-0003).
fn stacked_branches() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "release"]);
    repo.write(
        ".adr/decisions/0002-on-release.md",
        common::record("accepted", "On release"),
    );
    repo.commit_all("release decision");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        ".adr/decisions/0003-on-feature.md",
        common::record("proposed", "On feature"),
    );
    repo.commit_all("feature decision");
    repo
}

fn decision_ids(v: &Value) -> Vec<String> {
    v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn base_comes_from_github_base_ref_when_no_base_is_given() {
    let repo = stacked_branches();
    let with_env = |name: &str, value: &str| {
        let o = repo
            .adr(&["pr", "--format", "json"])
            .env_remove("GITHUB_BASE_REF")
            .env_remove("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
            .env(name, value)
            .output()
            .unwrap();
        assert_code(&o, 0, &format!("{name}={value} git adr pr"));
        serde_json::from_str::<Value>(&stdout(&o)).unwrap()
    };
    let v = with_env("GITHUB_BASE_REF", "main");
    assert_eq!(v["base"], "main");
    assert_eq!(decision_ids(&v), ["ADR-0002", "ADR-0003"]);
    assert_eq!(v["merge_base"], repo.git(&["rev-parse", "main"]).trim());

    let v = with_env("GITHUB_BASE_REF", "release");
    assert_eq!(v["base"], "release");
    assert_eq!(decision_ids(&v), ["ADR-0003"]);

    let v = with_env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "release");
    assert_eq!(v["base"], "release");

    // --base wins over the environment.
    let o = repo
        .adr(&["pr", "--base", "main", "--format", "json"])
        .env("GITHUB_BASE_REF", "release")
        .output()
        .unwrap();
    assert_code(&o, 0, "--base with GITHUB_BASE_REF");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["base"], "main");

    // Markdown with the variable and no flag: the same as --base main.
    let o = repo
        .adr(&["pr"])
        .env("GITHUB_BASE_REF", "main")
        .output()
        .unwrap();
    assert_code(&o, 0, "GITHUB_BASE_REF=main git adr pr");
    assert_eq!(stdout(&o), pr_md(&repo));
}

#[test]
fn a_shallow_clone_without_the_merge_base_exits_2_with_the_fetch_hint() {
    let origin = stacked_branches();
    // A clone one commit deep on every branch: feature and main no longer meet.
    let clone_dir = origin.shallow_clone("clone", 1, "feature", true);
    assert!(origin.is_shallow(&clone_dir));

    let o = origin
        .adr_in(&clone_dir, &["pr"])
        .env("GITHUB_BASE_REF", "main")
        .output()
        .unwrap();
    assert_code(&o, 2, "git adr pr in a shallow clone");
    let err = stderr(&o);
    assert!(err.contains("shallow"), "{err}");
    assert!(
        err.contains("origin/main"),
        "names the base it resolved: {err}"
    );
    assert!(err.contains("git fetch --unshallow"), "{err}");
    assert!(stdout(&o).is_empty(), "no half summary: {}", stdout(&o));

    let o = origin
        .adr_in(
            &clone_dir,
            &["pr", "--base", "origin/main", "--format", "json"],
        )
        .env_remove("GITHUB_BASE_REF")
        .output()
        .unwrap();
    assert_code(&o, 2, "git adr pr --format json in a shallow clone");
    assert!(
        stderr(&o).contains("git fetch --unshallow"),
        "{}",
        stderr(&o)
    );

    // Once the history is there, it works.
    origin.git_in(&clone_dir, &["fetch", "-q", "--unshallow"]);
    let o = origin
        .adr_in(&clone_dir, &["pr", "--format", "json"])
        .env("GITHUB_BASE_REF", "main")
        .output()
        .unwrap();
    assert_code(&o, 0, "git adr pr after unshallow");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["base"], "origin/main");
    assert_eq!(decision_ids(&v), ["ADR-0002", "ADR-0003"]);
}

// ---------------------------------------------------------------------------------------------
// 9. trace and why
// ---------------------------------------------------------------------------------------------

#[test]
fn trace_lists_the_commits_citing_a_decision_and_why_the_decisions_governing_a_file() {
    let repo = acceptance_fixture();
    // One more commit citing ADR-0003 among others.
    repo.write("services/payments/refund.rs", "fn refund() {}\n");
    repo.commit_all("Refund through the gateway\n\nDecision: ADR-0004, ADR-0003");

    let text = repo.adr_ok(&["trace", "ADR-0003"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].ends_with("Refund through the gateway"),
        "newest first: {text}"
    );
    assert!(lines[1].ends_with("Charge through the gateway"), "{text}");
    assert!(
        lines[0].contains("2026-11-01") && lines[0].contains("Ada"),
        "{text}"
    );

    let v: Value = serde_json::from_str(&repo.adr_ok(&["trace", "3", "--format", "json"])).unwrap();
    assert_eq!(v["record"]["id"], "ADR-0003");
    let subjects = field(&v["commits"], "subject");
    assert_eq!(
        subjects,
        ["Refund through the gateway", "Charge through the gateway"]
    );
    commit_lines(&v["commits"], "trace commits");
    assert_eq!(
        v["commits"][1]["commit"],
        repo.git(&["rev-parse", "HEAD~1"]).trim()
    );

    // A decision nobody cites: nothing on stdout, a hint on stderr, exit 0.
    let o = common::run(&repo, &["trace", "ADR-0001"]);
    assert_code(&o, 0, "trace of an uncited decision");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("Decision: ADR-0001"), "{}", stderr(&o));
    let v: Value =
        serde_json::from_str(&repo.adr_ok(&["trace", "ADR-0001", "--format", "json"])).unwrap();
    assert_eq!(v["commits"], serde_json::json!([]));
    // An unknown id is a usage error.
    assert_code(
        &common::run(&repo, &["trace", "ADR-0099"]),
        2,
        "trace of an unknown id",
    );

    let text = repo.adr_ok(&["why", "services/payments/charge.rs"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("ADR-0003"), "{text}");
    assert!(
        text.contains("accepted") && text.contains("Route payments through the gateway"),
        "{text}"
    );
    assert!(
        text.contains("services/payments/**"),
        "the matching pattern: {text}"
    );

    let v: Value = serde_json::from_str(&repo.adr_ok(&[
        "why",
        "services/payments/charge.rs",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["path"], "services/payments/charge.rs");
    assert_eq!(v["decisions"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["decisions"][0]["id"], "ADR-0003");
    assert_eq!(
        v["decisions"][0]["matched_by"],
        serde_json::json!(["services/payments/**"])
    );

    // From a subdirectory, the path is relative to it.
    let o = repo
        .adr_in(
            &repo.path().join("services"),
            &["why", "payments/charge.rs", "--format", "json"],
        )
        .output()
        .unwrap();
    assert_code(&o, 0, "why from a subdirectory");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["path"], "services/payments/charge.rs");
    assert_eq!(v["decisions"][0]["id"], "ADR-0003");

    // A file nothing governs.
    let o = common::run(&repo, &["why", "README.md"]);
    assert_code(&o, 0, "why of an ungoverned file");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let v: Value =
        serde_json::from_str(&repo.adr_ok(&["why", "README.md", "--format", "json"])).unwrap();
    assert_eq!(v["decisions"], serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------------
// 10. --run
// ---------------------------------------------------------------------------------------------

#[test]
fn automatic_items_run_only_with_run_and_their_results_show_in_the_summary() {
    let repo = acceptance_fixture();
    let marker = "ran-marker";

    let md = pr_md(&repo);
    let v = pr_json(&repo);
    assert!(!repo.exists(marker), "nothing runs without --run");
    assert!(
        md.contains("- [ ] Charge module still present · automatic: run with `--run`"),
        "{md}"
    );
    let item = &v["definition_of_done"][0]["items"][1];
    assert_eq!(
        item["run"],
        "touch ran-marker && test -f services/payments/charge.rs"
    );
    assert_eq!(item["result"], Value::Null);

    let md = repo.adr_ok(&["pr", "--base", "main", "--run"]);
    assert!(repo.exists(marker), "--run runs the automatic item");
    let line = md
        .lines()
        .find(|l| l.contains("Charge module still present"))
        .unwrap();
    assert!(
        line.starts_with("- [x] Charge module still present · passed"),
        "{line:?}"
    );
    // Manual items are not ticked by running.
    assert!(
        md.contains("- [ ] Refunds tested against the sandbox"),
        "{md}"
    );
    assert_safe(&md);

    // JSON has the result too; a failing command shows as failed and unticked.
    std::fs::remove_file(repo.path().join(marker)).unwrap();
    repo.git(&["rm", "-q", "services/payments/charge.rs"]);
    repo.commit_all("Remove the charge module");
    let o = common::run(
        &repo,
        &["pr", "--base", "main", "--run", "--format", "json"],
    );
    assert_code(&o, 0, "pr --run with a failing item");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    check_schema(&v);
    let item = &v["definition_of_done"][0]["items"][1];
    assert_eq!(item["result"]["passed"], false, "{item}");
    assert!(repo.exists(marker));
    let md = repo.adr_ok(&["pr", "--base", "main", "--run"]);
    let line = md
        .lines()
        .find(|l| l.contains("Charge module still present"))
        .unwrap();
    assert!(
        line.starts_with("- [ ] Charge module still present · "),
        "{line:?}"
    );
    assert!(line.contains("fail") || line.contains("exit"), "{line:?}");
}

// ---------------------------------------------------------------------------------------------
// Escaping must not garble what it does not need to escape
// ---------------------------------------------------------------------------------------------

/// The text of every inline code span in `md`, as a CommonMark reader (GitHub) shows it.
fn code_spans(md: &str) -> Vec<String> {
    Parser::new_ext(md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Code(c) => Some(c.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn code_spans_in_record_text_show_their_angle_brackets_and_at_signs_as_written() {
    // Entity references are not decoded inside a code span: `Vec&lt;u8&gt;` shows as
    // "Vec&lt;u8&gt;" on GitHub. Code spans cannot hold HTML or ping anyone, so they need no
    // escaping beyond their fence.
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        ".adr/decisions/0002-byte-buffers.md",
        "---
status: proposed
date: 2026-10-01
---

# Use `Vec<u8>` buffers

## Considered Options

* `Vec<u8>` buffers
* Strings

## Decision Outcome

Chosen option: \"`Vec<u8>` buffers\", because `Result<T, E>` carries them.

### Confirmation

```sh
cargo test --test <name> -- --owner @org/team
```

## Pros and Cons of the Options

### `Vec<u8>` buffers

* Good, because `a<b` holds.
",
    );
    repo.commit_all("buffers");
    let md = pr_md(&repo);
    assert_safe(&md);
    tables(&md);
    let spans = code_spans(&md);
    for s in &spans {
        assert!(
            !s.contains("&lt;") && !s.contains("&gt;"),
            "a code span shows an entity instead of `<`/`>`: {s:?}\n{md}"
        );
        assert!(
            !s.contains('\u{200b}'),
            "a code span holds a zero-width space (a copied command would break): {s:?}\n{md}"
        );
    }
    for expected in [
        "Vec<u8>",
        "Result<T, E>",
        "a<b",
        "cargo test --test <name> -- --owner @org/team",
    ] {
        assert!(
            spans.iter().any(|s| s == expected),
            "no code span {expected:?} in {spans:?}\n{md}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A record the branch adds but that cannot be read
// ---------------------------------------------------------------------------------------------

#[test]
fn a_record_the_branch_adds_that_cannot_be_read_is_reported_not_silently_left_out() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // `Deprecated` is not a configured status, so the record cannot be read.
    repo.write(
        ".adr/decisions/0002-broken.md",
        "---\nstatus: Deprecated\ndate: 2026-10-01\n---\n\n# Broken\n",
    );
    repo.commit_all("Add a decision\n\nDecision: ADR-0002");
    assert_code(
        &common::run(&repo, &["show", "ADR-0002"]),
        2,
        "the record is unreadable for the product too",
    );

    let md = pr_md(&repo);
    assert!(
        md.contains(".adr/decisions/0002-broken.md"),
        "the summary does not mention the record the branch adds:\n{md}"
    );
    assert!(
        !md.contains("ADR-0002, which does not exist"),
        "ADR-0002 exists (it is unreadable), the summary says it does not:\n{md}"
    );
}

// ---------------------------------------------------------------------------------------------
// Trimming the tail
// ---------------------------------------------------------------------------------------------

#[test]
fn when_the_tail_is_trimmed_the_note_says_which_decisions_and_sections_were_cut() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    for n in 2..1202 {
        repo.write(
            &format!(".adr/decisions/{n:04}-decision-number-{n}.md"),
            format!("---\nstatus: proposed\ndate: 2026-10-01\n---\n\n# Decision number {n}\n"),
        );
    }
    repo.commit_all("1200 decisions");
    repo.write("a.txt", "1\n");
    repo.commit_all("Follow a decision nobody wrote\n\nDecision: ADR-9999");

    let md = pr_md(&repo);
    assert!(
        md.chars().count() < 65_536,
        "{} characters",
        md.chars().count()
    );
    let note = md.lines().last().unwrap();
    assert!(note.contains("Left out to stay within"), "{note}");
    if !md.contains("## Warnings") {
        assert!(
            note.to_lowercase().contains("warning"),
            "the Warnings section was cut, the note does not say so: {note:?}"
        );
    }
    let last_shown = (2..1202)
        .rev()
        .find(|n| md.contains(&format!("### ADR-{n:04}:")))
        .unwrap();
    if last_shown < 1201 {
        assert!(
            note.contains(&format!("ADR-{:04}", last_shown + 1)) || note.contains("ADR-1201"),
            "decisions after ADR-{last_shown:04} were cut, the note does not name them: {note:?}"
        );
    }
}

#[test]
fn without_base_a_pushed_branch_with_a_slash_is_compared_with_main_not_with_itself() {
    let repo = TestRepo::initialised();
    let remote = repo.dir.path().join("remote.git");
    repo.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    repo.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    repo.git(&["push", "-q", "origin", "main"]);
    repo.git(&["checkout", "-q", "-b", "feature/events"]);
    repo.write(
        ".adr/decisions/0002-use-kafka.md",
        "---\nstatus: proposed\ndate: 2026-01-01\n---\n\n# Use Kafka\n",
    );
    repo.commit_all("kafka");
    repo.git(&["push", "-q", "-u", "origin", "feature/events"]);
    let md = repo.adr_ok(&["pr"]);
    assert!(md.contains("### ADR-0002: Use Kafka"), "{md}");
}

#[test]
fn commits_citing_a_decision_this_branch_supersedes_are_warned_about() {
    let repo = TestRepo::initialised();
    repo.write(
        ".adr/decisions/0002-use-mysql.md",
        "---\nstatus: accepted\ndate: 2026-01-01\npaths: [\"db/\"]\n---\n\n# Use MySQL\n",
    );
    repo.write("db/schema.sql", "create table t();\n");
    repo.commit_all("mysql");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        ".adr/decisions/0003-use-postgresql.md",
        "---\nstatus: accepted\ndate: 2026-01-02\n---\n\n# Use PostgreSQL\n",
    );
    repo.adr_ok(&["supersede", "2", "3"]);
    repo.commit_all("postgres");
    repo.write("db/schema.sql", "create table t(id int);\n");
    repo.commit_all("schema\n\nDecision: ADR-0002");
    let md = pr_md(&repo);
    let warnings = md.split("## Warnings").nth(1).unwrap_or_default();
    assert!(
        warnings.contains("cites ADR-0002, which is superseded by ADR-0003"),
        "{md}"
    );
    assert!(warnings.contains("`db/schema.sql`"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// Edited records, in the words of `git adr diff`
// ---------------------------------------------------------------------------------------------

/// `main`: ADR-0002 (Redis), ADR-0003 (gateway), ADR-0004 (PostgreSQL) accepted, ADR-0005
/// proposed. `feature`: `git adr link 2 relates 4`; ADR-0003's Decision Outcome reworded (same
/// choice, with hostile text); ADR-0004 retitled; ADR-0005 accepted.
fn edited_records_fixture() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(REDIS, REDIS_TEXT);
    repo.write(GATEWAY, GATEWAY_TEXT);
    repo.write(POSTGRES, POSTGRES_TEXT);
    repo.write(
        ".adr/decisions/0005-queue-emails.md",
        "---\nstatus: proposed\ndate: 2026-10-21\n---\n\n# Queue emails\n\n## Decision Outcome\n\nChosen option: \"A queue\", because mail servers are slow.\n",
    );
    repo.commit_all("four decisions");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["link", "2", "relates", "4"]);
    repo.write(
        GATEWAY,
        GATEWAY_TEXT.replace(
            "because refunds and audits need one place.",
            "because refunds, audits and <script>alert(1)</script> chargebacks need one place; ask @payments-team.",
        ),
    );
    repo.write(
        POSTGRES,
        repo.read(POSTGRES).replace(
            "# Store sessions in PostgreSQL",
            "# Keep sessions in PostgreSQL",
        ),
    );
    repo.write(
        ".adr/decisions/0005-queue-emails.md",
        repo.read(".adr/decisions/0005-queue-emails.md")
            .replace("status: proposed", "status: accepted"),
    );
    repo.commit_all("link, reword, retitle, accept");
    repo
}

/// `what_changed` of each record, by id, from `git adr diff main... --format json` (`records`)
/// or `git adr pr --format json` (`decisions`).
fn phrases_by_id(v: &Value, list: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list}[] in {v}"))
        .iter()
        .map(|r| {
            let words = r["what_changed"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect();
            (r["id"].as_str().unwrap().to_string(), words)
        })
        .collect()
}

#[test]
fn an_edited_record_says_what_changed_in_the_words_of_diff() {
    let repo = edited_records_fixture();
    let diff: Value =
        serde_json::from_str(&repo.adr_ok(&["diff", "main...", "--format", "json"])).unwrap();
    let v = pr_json(&repo);
    check_schema(&v);
    let said_by_diff = phrases_by_id(&diff, "records");
    let said_by_pr = phrases_by_id(&v, "decisions");
    assert_eq!(
        said_by_diff.keys().collect::<Vec<_>>(),
        said_by_pr.keys().collect::<Vec<_>>(),
        "the same records changed\ndiff: {said_by_diff:?}\npr: {said_by_pr:?}"
    );
    for (id, words) in &said_by_diff {
        assert_eq!(&said_by_pr[id], words, "{id} in the same words as diff");
    }
    assert_eq!(said_by_pr["ADR-0002"], ["relates: + ADR-0004"]);
    assert_eq!(said_by_pr["ADR-0003"], ["edited: Decision Outcome"]);
    assert_eq!(
        said_by_pr["ADR-0004"],
        [
            "title \"Store sessions in PostgreSQL\" → \"Keep sessions in PostgreSQL\"",
            "relates: + ADR-0002"
        ]
    );
    assert_eq!(said_by_pr["ADR-0005"], ["status proposed → accepted"]);
    // The same phrases under each record in diff's text output.
    let text = repo.adr_ok(&["diff", "main..."]);
    for words in said_by_pr.values().flatten() {
        assert!(text.contains(words.as_str()), "{words:?} in:\n{text}");
    }

    let decision = |id: &str| {
        v["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    for id in ["ADR-0002", "ADR-0003", "ADR-0004"] {
        assert_eq!(decision(id)["full"], false, "{id} is an edit");
    }
    assert_eq!(decision("ADR-0005")["full"], true, "a status change");
    let gateway = decision("ADR-0003");
    let now = &gateway["changed_sections"][0];
    assert_eq!(now["name"], "Decision Outcome");
    assert!(
        now["entries"][0]
            .as_str()
            .unwrap()
            .contains("chargebacks need one place"),
        "{now}"
    );
    assert_eq!(
        decision("ADR-0002")["changed_sections"],
        serde_json::json!([])
    );
}

#[test]
fn an_edited_record_is_one_line_with_the_edited_section_folded_and_a_status_change_is_whole() {
    let repo = edited_records_fixture();
    let md = pr_md(&repo);
    assert_safe(&md);
    tables(&md);

    let redis = section(&md, "### ADR-0002: Store sessions in Redis");
    let lines: Vec<&str> = redis.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        [
            "### ADR-0002: Store sessions in Redis",
            &format!("_relates: + ADR-0004_ · `{REDIS}`")
        ],
        "one line, not the decision again:\n{md}"
    );

    let postgres = section(&md, "### ADR-0004: Keep sessions in PostgreSQL");
    assert!(
        postgres.contains(&format!(
            "_title \"Store sessions in PostgreSQL\" → \"Keep sessions in PostgreSQL\" · relates: + ADR-0002_ · `{POSTGRES}`"
        )),
        "{postgres}"
    );
    assert!(
        !postgres.contains("**Decision.**") && !postgres.contains("| Option"),
        "{postgres}"
    );

    let gateway = section(&md, "### ADR-0003: Route payments through the gateway");
    assert!(gateway.contains("_edited: Decision Outcome_"), "{gateway}");
    let folded = gateway
        .split("<details><summary>Decision Outcome, as it reads now</summary>")
        .nth(1)
        .unwrap_or_else(|| panic!("the new text folded in <details>:\n{gateway}"));
    assert!(folded.contains("</details>"), "{gateway}");
    assert!(
        folded.contains(
            "Chosen option: \"One gateway service\", because refunds, audits and &lt;script&gt;alert(1)&lt;/script&gt; chargebacks need one place; ask @\u{200b}payments-team."
        ),
        "the new text, escaped:\n{gateway}"
    );
    assert!(!gateway.contains("**Decision.**"), "{gateway}");

    let queue = section(&md, "### ADR-0005: Queue emails");
    assert!(queue.contains("_status proposed → accepted_"), "{queue}");
    assert!(
        queue.contains("**Decision.** Chosen option: \"A queue\", because mail servers are slow."),
        "a status change shows the decision whole:\n{queue}"
    );
}

// ---------------------------------------------------------------------------------------------
// Issue 15: a branch that touches existing decisions, tried as a new user would
// ---------------------------------------------------------------------------------------------

const DB: &str = ".adr/decisions/0002-keep-data-in-postgresql.md";
const API: &str = ".adr/decisions/0003-serve-a-rest-api.md";

const DB_TEXT: &str = "---
status: accepted
date: 2026-03-01
paths: [\"src/db/**\"]
---

# Keep data in PostgreSQL

## Context and Problem Statement

We need one database that the whole team can operate.

## Considered Options

* PostgreSQL
* MongoDB

## Decision Outcome

Chosen option: \"PostgreSQL\", because we already run it.

### Consequences

* Good, because backups exist.
";

const API_TEXT: &str = "---
status: accepted
date: 2026-03-02
paths: [\"src/api/**\"]
---

# Serve a REST API

## Context and Problem Statement

Mobile and web clients need the same data.

## Considered Options

* REST
* GraphQL

## Decision Outcome

Chosen option: \"REST\", because every client speaks it.

### Consequences

* Bad, because some screens need several calls.
";

const CACHE: &str = ".adr/decisions/0004-cache-reads-in-the-api.md";

const CACHE_TEXT: &str = "---
status: accepted
date: 2026-10-01
---

# Cache reads in the API

## Context and Problem Statement

Product pages read the same rows thousands of times a minute, and the database is the bottleneck.

## Considered Options

* An in-process cache
* Redis

## Decision Outcome

Chosen option: \"An in-process cache\", because it needs no new service.

### Consequences

* Bad, because instances may serve stale rows for up to a minute.
";

/// `main`: ADR-0002 (governs `src/db/**`) and ADR-0003 (governs `src/api/**`), accepted, and
/// their code. `feature`: adds ADR-0004 and links it to ADR-0002 with `git adr link` (which
/// writes `relates` at both ends), rewords ADR-0003's Decision Outcome (same choice), and
/// changes `src/db/x.rs` and `src/api/y.rs`.
fn touching_fixture() -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(DB, DB_TEXT);
    repo.write(API, API_TEXT);
    repo.write("src/db/x.rs", "fn x() {}\n");
    repo.write("src/api/y.rs", "fn y() {}\n");
    repo.commit_all("Two decisions and their code");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(CACHE, CACHE_TEXT);
    repo.adr_ok(&["link", "4", "relates", "2"]);
    repo.write(
        API,
        API_TEXT.replace(
            "because every client speaks it.",
            "because every client speaks it and caches understand it.",
        ),
    );
    repo.write("src/db/x.rs", "fn x() { /* pooled */ }\n");
    repo.write("src/api/y.rs", "fn y() { /* cached */ }\n");
    repo.commit_all("Cache reads\n\nDecision: ADR-0004");
    repo
}

fn decision_by_id(v: &Value, id: &str) -> Value {
    v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {v}"))
        .clone()
}

fn governed_by_id(v: &Value, id: &str) -> Value {
    v["governed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("{id} governs nothing in {v}"))
        .clone()
}

#[test]
fn a_branch_linking_a_new_decision_and_editing_another_shows_one_full_block_and_two_lines() {
    let repo = touching_fixture();
    let v = pr_json(&repo);
    check_schema(&v);
    let ids = decision_ids(&v);
    assert_eq!(ids, ["ADR-0002", "ADR-0003", "ADR-0004"], "{v}");
    let full: Vec<&str> = v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["full"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(full, ["ADR-0004"], "only the new decision is whole");
    let phrases = phrases_by_id(&v, "decisions");
    assert_eq!(phrases["ADR-0002"], ["relates: + ADR-0004"]);
    assert_eq!(phrases["ADR-0003"], ["edited: Decision Outcome"]);
    for (id, file) in [("ADR-0002", "src/db/x.rs"), ("ADR-0003", "src/api/y.rs")] {
        let g = governed_by_id(&v, id);
        assert_eq!(g["files"], serde_json::json!([file]), "{g}");
        assert_eq!(g["in_change"], true, "{g}");
    }
    assert_eq!(v["warnings"], serde_json::json!([]), "no warnings");

    let md = pr_md(&repo);
    assert_safe(&md);
    tables(&md);
    assert_eq!(md.matches("**Decision.**").count(), 1, "{md}");
    assert!(!md.contains("## Warnings"), "{md}");
    for (id, title) in [
        ("ADR-0002", "Keep data in PostgreSQL"),
        ("ADR-0003", "Serve a REST API"),
    ] {
        assert!(
            md.contains(&format!(
                "**{id}: {title}** (accepted · changed in this branch, see above)"
            )),
            "{md}"
        );
    }
    redacted(&repo).bind(|| insta::assert_snapshot!("touching_existing_decisions", md));
}

#[test]
fn code_under_a_decision_the_branch_edits_is_listed_and_said_to_be_in_the_change() {
    let repo = TestRepo::initialised();
    repo.write(DB, DB_TEXT);
    repo.write("src/db/x.rs", "fn x() {}\n");
    repo.write("src/other.rs", "fn o() {}\n");
    repo.commit_all("one decision");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("src/other.rs", "fn o() { }\n");
    repo.commit_all("code no decision governs");
    let v = pr_json(&repo);
    assert_eq!(v["governed"], serde_json::json!([]), "nothing governed yet");

    repo.write(DB, DB_TEXT.replace("we already run it", "we run it"));
    repo.write("src/db/x.rs", "fn x() { }\n");
    repo.commit_all("edit and code");
    let v = pr_json(&repo);
    let g = governed_by_id(&v, "ADR-0002");
    assert_eq!(g["files"], serde_json::json!(["src/db/x.rs"]), "{g}");
    assert_eq!(g["in_change"], true, "{g}");
    assert_eq!(decision_by_id(&v, "ADR-0002")["full"], false);
}

/// `main`: ADR-0003 (governs `src/api/**`) accepted and its code. `feature`: ADR-0004 made with
/// `git adr new --supersedes 3` and the given extra flags, then `src/api/y.rs` changed in a
/// commit with `message`.
fn superseded_fixture(new_flags: &[&str], message: &str) -> TestRepo {
    let repo = TestRepo::initialised();
    repo.write(API, API_TEXT);
    repo.write("src/api/y.rs", "fn y() {}\n");
    repo.commit_all("api");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let mut args = vec![
        "new",
        "--no-edit",
        "--status",
        "accepted",
        "--supersedes",
        "3",
    ];
    args.extend_from_slice(new_flags);
    args.push("Serve GraphQL");
    repo.adr_ok(&args);
    repo.commit_all("GraphQL\n\nDecision: ADR-0004");
    repo.write("src/api/y.rs", "fn y() { /* graphql */ }\n");
    repo.commit_all(message);
    repo
}

fn warning_messages(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn code_under_a_superseded_decision_is_quiet_when_its_successor_governs_it() {
    let repo = superseded_fixture(&[], "resolver\n\nDecision: ADR-0004");
    let new = repo.read(".adr/decisions/0004-serve-graphql.md");
    assert!(
        new.contains("src/api/**"),
        "the successor took the paths:\n{new}"
    );
    let v = pr_json(&repo);
    assert_eq!(warning_messages(&v), Vec::<String>::new(), "{v}");
    // The successor the branch adds is where the reviewer sees the code.
    let governed = v["governed"].as_array().unwrap();
    assert_eq!(governed.len(), 1, "{v}");
    assert_eq!(governed[0]["id"], "ADR-0004");
    assert_eq!(governed[0]["added"], true);
    assert_eq!(governed[0]["files"], serde_json::json!(["src/api/y.rs"]));
    let md = pr_md(&repo);
    assert!(!md.contains("## Warnings"));
    assert!(
        md.contains("**ADR-0004: Serve GraphQL** (accepted · new in this branch, see above)\n- `src/api/y.rs`"),
        "{md}"
    );
}

#[test]
fn code_under_a_superseded_decision_is_a_warning_when_a_commit_cites_the_old_one() {
    let repo = superseded_fixture(&[], "resolver\n\nDecision: ADR-0003");
    let w = warning_messages(&pr_json(&repo));
    assert!(
        w.iter()
            .any(|m| m.contains("cites ADR-0003, which is superseded by ADR-0004")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|m| m
            == "1 changed file falls under ADR-0003, which is superseded by ADR-0004: `src/api/y.rs`"),
        "{w:?}"
    );
}

#[test]
fn code_under_a_superseded_decision_is_a_warning_when_nothing_in_force_governs_it() {
    let repo = superseded_fixture(&["--path", "src/graphql/**"], "resolver");
    let w = warning_messages(&pr_json(&repo));
    assert_eq!(
        w,
        ["1 changed file falls under ADR-0003, which is superseded by ADR-0004: `src/api/y.rs`"]
    );
}

#[test]
fn the_problem_statement_is_shown_above_the_decision_and_folded_when_long() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let long = "Every page of the shop reads prices from the catalogue service, ".repeat(8);
    let text = CACHE_TEXT.replace(
        "Product pages read the same rows thousands of times a minute, and the database is the bottleneck.",
        &format!("{}\n\nA second paragraph that is not the problem.", long.trim_end()),
    );
    repo.write(CACHE, &text);
    repo.commit_all("cache");
    let v = pr_json(&repo);
    let problem = decision_by_id(&v, "ADR-0004")["sections"]["problem"].clone();
    assert_eq!(problem, long.trim_end(), "the first paragraph only");

    let md = pr_md(&repo);
    let block = section(&md, "### ADR-0004: Cache reads in the API");
    let folded = block
        .split("<details><summary><b>Problem.</b> Every page of the shop reads prices from the catalogue service, Every page of the shop reads prices…</summary>")
        .nth(1)
        .unwrap_or_else(|| panic!("a long problem is folded with its first words:\n{block}"));
    let (inside, after) = folded.split_once("</details>").unwrap();
    assert!(inside.contains(long.trim_end()), "{inside}");
    assert!(!block.contains("second paragraph"), "{block}");
    assert!(after.trim_start().starts_with("**Decision.**"), "{after}");
}

/// The touching fixture, and ADR-0005 (proposed on `main`) accepted in the branch: one record
/// added, one status change, two edits, code under two decisions.
fn trimming_fixture() -> TestRepo {
    let repo = touching_fixture();
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        ".adr/decisions/0005-queue-emails.md",
        "---\nstatus: proposed\ndate: 2026-10-21\n---\n\n# Queue emails\n\n## Context and Problem Statement\n\nMail servers are slow.\n\n## Decision Outcome\n\nChosen option: \"A queue\", because mail servers are slow.\n",
    );
    repo.commit_all("queue emails");
    repo.git(&["checkout", "-q", "feature"]);
    repo.git(&["merge", "-q", "--no-edit", "main"]);
    repo.adr_ok(&["accept", "5"]);
    repo.commit_all("accept 5");
    repo
}

/// The steps of trimming, in order, as the note names them.
const STEPS: [&str; 6] = [
    "the list of 2 governed files (under ADR-0002, ADR-0003)",
    "the edited text of ADR-0003",
    "the details of ADR-0005",
    "3 changed decisions the branch does not add (ADR-0002, ADR-0003, ADR-0005)",
    "the details of 1 decision the branch adds (ADR-0004)",
    "the last ",
];

#[test]
fn trimming_leaves_out_what_matters_least_first_and_never_exceeds_the_limit() {
    let repo = trimming_fixture();
    let whole = repo.adr_ok(&["pr", "--base", "main", "--max-chars", "0"]);
    assert!(
        whole.contains("**Decision.** Chosen option: \"A queue\""),
        "{whole}"
    );
    let len = whole.chars().count();
    assert_eq!(
        repo.adr_ok(&["pr", "--base", "main", "--max-chars", &len.to_string()]),
        whole,
        "it fits: nothing is left out"
    );
    let mut seen = vec![false; STEPS.len()];
    for limit in (0..len).rev().step_by(7) {
        let md = repo.adr_ok(&["pr", "--base", "main", "--max-chars", &limit.to_string()]);
        let n = md.chars().count();
        assert!(n <= limit, "{n} characters for --max-chars {limit}:\n{md}");
        let note = md.lines().last().unwrap_or_default();
        // The steps taken are the first ones, in order.
        let taken: Vec<bool> = STEPS.iter().map(|s| note.contains(s)).collect();
        let count = taken.iter().filter(|t| **t).count();
        if note.contains("Left out to stay within") {
            assert!(taken[..count].iter().all(|t| *t), "{limit}: {note}");
            for (s, t) in seen.iter_mut().zip(&taken) {
                *s |= *t;
            }
        }
        // The added record stays until the cut.
        // Below the length of the shortest note, what fits of it.
        let cut = note.contains("the last ") || note.contains("_Cut t") || limit < 90;
        if !cut {
            assert!(md.contains("### ADR-0004: Cache reads in the API"), "{md}");
        }
        if taken[0] && !taken[1] {
            assert!(md.contains("- _1 changed file, not listed"), "{md}");
            assert!(md.contains("Decision Outcome, as it reads now"), "{md}");
        }
    }
    assert_eq!(seen, [true; 6], "every step is taken at some limit");
}

#[test]
fn a_tiny_limit_still_gets_a_note_that_fits() {
    let repo = trimming_fixture();
    for limit in [1, 40, 90, 200] {
        let md = repo.adr_ok(&["pr", "--base", "main", "--max-chars", &limit.to_string()]);
        assert!(md.chars().count() <= limit, "{limit}: {md:?}");
    }
    let md = repo.adr_ok(&["pr", "--base", "main", "--max-chars", "90"]);
    assert_eq!(
        md,
        "---\n_Cut to the 90-character limit; `git adr pr --max-chars 0` prints everything._\n"
    );
}

#[test]
fn a_record_whose_chosen_option_changed_is_shown_whole() {
    let repo = TestRepo::initialised();
    repo.write(API, API_TEXT);
    repo.commit_all("api");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        API,
        API_TEXT.replace(
            "Chosen option: \"REST\", because every client speaks it.",
            "Chosen option: \"GraphQL\", because screens need fewer calls.",
        ),
    );
    repo.commit_all("switch");
    let v = pr_json(&repo);
    let d = decision_by_id(&v, "ADR-0003");
    assert_eq!(d["full"], true, "{d}");
    let md = pr_md(&repo);
    let block = section(&md, "### ADR-0003: Serve a REST API");
    assert!(
        block.contains("**Problem.** Mobile and web clients need the same data."),
        "{block}"
    );
    assert!(block.contains("| **GraphQL** ✅ chosen |"), "{block}");
}
