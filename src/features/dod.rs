//! Definition-of-done checklists: the files in `.adr/dod/`, which of them apply to a change (by
//! the paths it touches, by the decisions that name them, or as configured defaults), and the
//! running of their automatic items.
//!
//! A checklist is a record of the `dod` kind. Its items are data in the front matter, not prose:
//!
//! ```yaml
//! applies-to: ["db/**", "*.sql"]   # globs, matched like .gitignore patterns
//! items:
//!   - text: Migrations run forwards and backwards
//!     owner: dba
//!     required: true                # the default
//!     run: ./scripts/migrate-roundtrip   # optional: a command that verifies the item
//! ```
//!
//! Commands come from a file in the repository, so nothing here runs one unless asked:
//! [`run_item`] is called only for `git adr dod --run`, `git adr pr --run` and
//! `git adr check --dod` (and in a hook only when the user's own git config sets
//! `adr.dod.runInHooks`; a key in the committed config cannot).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::rule::Rule;
use crate::error::{RecordError, Result};
use crate::git::diff::Paths;
use crate::git::range::Range;
use crate::git::source::Source;
use crate::model::config::{Kind, CONFIG_PATH};
use crate::model::diagnostic::Diagnostic;
use crate::model::record::placeholder::is_template_text;
use crate::model::record::{frontmatter, Record};
use crate::store::Store;

/// A definition-of-done checklist, read from `.adr/dod/<name>.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// The file stem: what `dod: [name]` and `[dod] default` refer to.
    pub name: String,
    /// The `# ` heading.
    pub title: String,
    /// Path from the repository root.
    pub path: String,
    /// Globs (`.gitignore`-like, see [`crate::model::globs`]) of the files the checklist applies to.
    pub applies_to: Vec<String>,
    pub items: Vec<Item>,
    /// The first paragraph of the body: why the checklist exists.
    pub why: Option<String>,
}

/// One thing that must be true before a change is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub text: String,
    pub owner: Option<String>,
    /// Required items must hold; optional ones are advice. Default: required.
    pub required: bool,
    /// A shell command that verifies the item (run with `sh -c` in the repository root).
    pub run: Option<String>,
    /// 1-based line of the item in its file, for messages.
    pub line: Option<usize>,
    /// The text or the owner is still the template's placeholder (`"{What must be true before
    /// merging}"`, `owner: "{who checks it}"`): nobody has written this item yet.
    pub template: bool,
}

impl Item {
    /// Does a command verify this item?
    pub fn is_automatic(&self) -> bool {
        self.run.is_some()
    }

    /// Is the item still the template's text, not a team's own?
    pub fn is_template(&self) -> bool {
        self.template
    }
}

/// Why a checklist applies to a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// It is named in `[dod] default` of the config.
    Default,
    /// Its `applies-to` globs match these changed files (sorted).
    Paths(Vec<String>),
    /// Records in the change name it in `dod:` (their display ids, e.g. `ADR-0002`).
    NamedBy(Vec<String>),
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        match self {
            Reason::Default => map.serialize_entry("kind", "default")?,
            Reason::Paths(files) => {
                map.serialize_entry("kind", "paths")?;
                map.serialize_entry("files", files)?;
            }
            Reason::NamedBy(records) => {
                map.serialize_entry("kind", "named-by")?;
                map.serialize_entry("records", records)?;
            }
        }
        map.end()
    }
}

impl Reason {
    /// The reason in words, for people: `changed files match applies-to: db/a.sql`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Default => format!("a default checklist ([dod] default in {CONFIG_PATH})"),
            Reason::Paths(files) => {
                const SHOWN: usize = 5;
                let mut list = files
                    .iter()
                    .take(SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if files.len() > SHOWN {
                    list.push_str(&format!(" and {} more", files.len() - SHOWN));
                }
                format!("changed files match applies-to: {list}")
            }
            Reason::NamedBy(ids) => format!(
                "{} list{} it in `dod`",
                ids.join(", "),
                if ids.len() == 1 { "s" } else { "" }
            ),
        }
    }
}

/// A checklist that applies to a change, with every reason it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applicable {
    pub checklist: Checklist,
    /// In the order paths, named by, default.
    pub reasons: Vec<Reason>,
}

/// How an automatic item's command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStatus {
    /// Exit status 0.
    Passed,
    /// A non-zero exit status; `None` when a signal ended the command.
    Failed { code: Option<i32> },
    /// It ran longer than `[dod] timeout-seconds` and was stopped, with every process it started.
    TimedOut,
    /// The command could not be started (no `sh`, no work tree, …): why.
    CouldNotStart(String),
}

/// The result of running one automatic item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunResult {
    pub status: RunStatus,
    pub duration_ms: u64,
    /// The last lines (at most 20 lines, 2000 characters) of the command's combined stdout and
    /// stderr, with colour codes removed and control characters neutralised.
    pub output_tail: String,
}

impl RunResult {
    pub fn passed(&self) -> bool {
        self.status == RunStatus::Passed
    }

    /// The outcome in a few words: `passed`, `failed (exit 2)`, `timed out`.
    pub fn describe(&self) -> String {
        match &self.status {
            RunStatus::Passed => "passed".into(),
            RunStatus::Failed { code: Some(c) } => format!("failed (exit {c})"),
            RunStatus::Failed { code: None } => "failed (killed by a signal)".into(),
            RunStatus::TimedOut => "timed out".into(),
            RunStatus::CouldNotStart(why) => format!("could not start: {why}"),
        }
    }

    /// The duration as people read it: `120 ms`, `4.2 s`.
    pub fn duration(&self) -> String {
        if self.duration_ms < 1000 {
            format!("{} ms", self.duration_ms)
        } else {
            format!("{:.1} s", self.duration_ms as f64 / 1000.0)
        }
    }
}

/// `{"status": "passed" | "failed" | "timed-out" | "could-not-start", "exit_code", "message",
/// "duration_ms", "output_tail"}`.
impl Serialize for RunResult {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (status, code, message) = match &self.status {
            RunStatus::Passed => ("passed", None, None),
            RunStatus::Failed { code } => ("failed", *code, None),
            RunStatus::TimedOut => ("timed-out", None, None),
            RunStatus::CouldNotStart(m) => ("could-not-start", None, Some(m.as_str())),
        };
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("status", status)?;
        map.serialize_entry("exit_code", &code)?;
        map.serialize_entry("message", &message)?;
        map.serialize_entry("duration_ms", &self.duration_ms)?;
        map.serialize_entry("output_tail", &self.output_tail)?;
        map.end()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading checklists
// ---------------------------------------------------------------------------------------------

/// The checklist kind (`dod`, in `.adr/dod/` unless the config moves it).
fn kind(store: &Store) -> Result<&Kind> {
    store.config.kind("dod")
}

/// Reads every active checklist from `source`, sorted by name. Retired checklists
/// (`status: retired`) are left out: they apply to nothing. A file that cannot be read, or
/// whose `applies-to` or `items` are malformed, is an error with its line; the others load.
pub fn load(store: &Store, source: &Source<'_>) -> Result<(Vec<Checklist>, Vec<RecordError>)> {
    let kind = kind(store)?;
    let listing = store.load(source, &[kind])?;
    let mut errors = listing.errors;
    let mut checklists = Vec::new();
    for record in &listing.records {
        if record.front.status.as_deref() == Some("retired") {
            continue;
        }
        match parse(record) {
            Ok(c) => checklists.push(c),
            Err(e) => errors.push(e),
        }
    }
    checklists.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((checklists, errors))
}

/// The front-matter keys of a checklist that [`crate::model::record::FrontMatter`] does not read.
#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", default)]
struct RawChecklist {
    applies_to: Option<Spanned<Globs>>,
    items: Option<Vec<Spanned<RawItem>>>,
}

/// An item as written. Unknown keys are refused so that a typo (`requird: false`, `cmd:`)
/// does not silently make an item required or manual.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    text: Option<String>,
    owner: Option<String>,
    required: Option<bool>,
    run: Option<String>,
}

/// A list of globs; a single glob is read as a one-element list.
#[derive(Default)]
struct Globs(Vec<String>);

impl<'de> Deserialize<'de> for Globs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Globs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of globs, like [\"db/**\", \"*.sql\"]")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Globs, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Globs(out))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Globs, E> {
                Ok(Globs(if v.is_empty() {
                    vec![]
                } else {
                    vec![v.to_string()]
                }))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Globs, E> {
                Ok(Globs(vec![]))
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Globs, E> {
                Ok(Globs(vec![]))
            }
        }
        d.deserialize_any(V)
    }
}

const ITEMS_HINT: &str = "items are a list in the front matter, each like `- text: \"Migrations are reversible\"` with optional `owner: dba`, `required: false` and `run: \"./check.sh\"`";

/// Reads a checklist's `applies-to` and `items` out of a parsed record.
pub fn parse(record: &Record) -> Result<Checklist, RecordError> {
    let path = record.path.as_str();
    let (_, text) = frontmatter::strip_bom(&record.text);
    let block = frontmatter::locate(text)
        .map_err(|e| RecordError::new(path, e.line, e.message).with_rule(Rule::FrontMatter))?;
    // File line of a 1-based line of the YAML.
    let file_line = |l: u64| (l > 0).then(|| l as usize + block.first_line - 1);
    let raw = raw_checklist(path, &text[block.yaml.clone()], &file_line)?;
    let applies_to = match raw.applies_to {
        Some(globs) => {
            let line = file_line(globs.referenced.line());
            checked_globs(path, globs.value.0, line)?
        }
        None => Vec::new(),
    };
    let items = raw
        .items
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, raw_item)| {
            let line = file_line(raw_item.referenced.line());
            item_of(path, i, raw_item.value, line)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Checklist {
        name: record.slug.clone(),
        title: record.title.clone(),
        path: record.path.clone(),
        applies_to,
        items,
        why: first_paragraph(record.body()),
    })
}

/// The checklist's front matter as written; errors say the file line.
fn raw_checklist(
    path: &str,
    yaml: &str,
    file_line: &dyn Fn(u64) -> Option<usize>,
) -> Result<RawChecklist, RecordError> {
    // CRs are dropped so lines stay simple; line numbers do not move.
    let yaml = yaml.replace("\r\n", "\n");
    if yaml.trim().is_empty() {
        return Ok(RawChecklist::default());
    }
    let raw = serde_saphyr::from_str_with_options::<Option<RawChecklist>>(
        &yaml,
        crate::model::record::frontmatter::options(),
    )
    .map_err(|e| {
        let line = e.location().and_then(|l| file_line(l.line()));
        let rendered = e.render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        });
        let first = rendered.lines().next().unwrap_or("").trim();
        let message = match first.rfind(" at line ") {
            Some(i) => &first[..i],
            None => first,
        };
        RecordError::new(path, line, format!("invalid checklist: {message}"))
            .with_hint(ITEMS_HINT)
            .with_rule(Rule::FrontMatter)
    })?;
    Ok(raw.unwrap_or_default())
}

/// `applies-to`, every glob valid.
fn checked_globs(
    path: &str,
    globs: Vec<String>,
    line: Option<usize>,
) -> Result<Vec<String>, RecordError> {
    for g in &globs {
        if let Err(why) = crate::model::globs::matcher(g) {
            return Err(RecordError::new(
                path,
                line,
                format!("applies-to: `{g}` is not a valid glob: {why}"),
            )
            .with_hint("globs look like \"db/**\", \"*.sql\" or \"/Cargo.toml\"")
            .with_rule(Rule::FrontMatter));
        }
    }
    Ok(globs)
}

/// Item `i` (0-based) as written at `line`: it must say what must be true.
fn item_of(path: &str, i: usize, r: RawItem, line: Option<usize>) -> Result<Item, RecordError> {
    let text = r.text.map(|t| t.trim().to_string()).unwrap_or_default();
    if text.is_empty() {
        return Err(RecordError::new(
            path,
            line,
            format!("item {} has no `text`: say what must be true", i + 1),
        )
        .with_hint(ITEMS_HINT)
        .with_rule(Rule::FrontMatter));
    }
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let owner = nonempty(r.owner);
    let template = is_template_text(&text) || owner.as_deref().is_some_and(is_template_text);
    Ok(Item {
        text,
        owner,
        required: r.required.unwrap_or(true),
        run: nonempty(r.run),
        line,
        template,
    })
}

/// The first paragraph after the title heading, on one line; `None` when there is none or it is
/// still the template's `{placeholder}`.
fn first_paragraph(body: &str) -> Option<String> {
    let outline = crate::model::record::Outline::read(body);
    let title_line = outline.title().map_or(0, |h| h.line);
    let mut paragraph: Vec<&str> = Vec::new();
    let mut last = None;
    // Prose only (the one reader skips headings, code and HTML blocks); the paragraph ends at
    // a blank line or where something that is not prose interrupts it.
    for (i, line) in outline.prose_lines(body) {
        let l = line.trim();
        if i < title_line {
            continue;
        }
        let interrupted = last.is_some_and(|p| i != p + 1);
        if !paragraph.is_empty() && (l.is_empty() || interrupted) {
            break;
        }
        last = Some(i);
        if !l.is_empty() {
            paragraph.push(l);
        }
    }
    let text = paragraph.join(" ");
    (!text.is_empty() && !is_template_text(&text)).then_some(text)
}

// ---------------------------------------------------------------------------------------------
// Which checklists apply
// ---------------------------------------------------------------------------------------------

/// The checklists that apply to a change whose files are `changed_files` (repo-relative) and
/// whose added or modified records are `records_in_change`, ordered by name.
pub fn applicable(
    store: &Store,
    checklists: &[Checklist],
    changed_files: &[String],
    records_in_change: &[&Record],
) -> Vec<Applicable> {
    let mut out: Vec<Applicable> = checklists
        .iter()
        .filter_map(|c| {
            let mut reasons = Vec::new();
            let matchers: Vec<_> = c
                .applies_to
                .iter()
                .filter_map(|g| crate::model::globs::matcher(g).ok())
                .collect();
            if !matchers.is_empty() {
                let mut files: Vec<String> = changed_files
                    .iter()
                    .filter(|f| matchers.iter().any(|m| m.is_match(f.as_str())))
                    .cloned()
                    .collect();
                files.sort();
                files.dedup();
                if !files.is_empty() {
                    reasons.push(Reason::Paths(files));
                }
            }
            let mut named: Vec<String> = records_in_change
                .iter()
                .filter(|r| r.front.dod.iter().any(|n| n.trim() == c.name))
                .map(|r| store.display_id(r))
                .collect();
            named.sort();
            named.dedup();
            if !named.is_empty() {
                reasons.push(Reason::NamedBy(named));
            }
            if store.config.dod.default.iter().any(|n| n.trim() == c.name) {
                reasons.push(Reason::Default);
            }
            (!reasons.is_empty()).then(|| Applicable {
                checklist: c.clone(),
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| a.checklist.name.cmp(&b.checklist.name));
    out
}

/// What deserves a warning: names in `[dod] default`, or in `dod:` of a record in the change,
/// that are no active checklist. Names of files that failed to load are left out (their error
/// says more).
pub fn warnings(
    store: &Store,
    checklists: &[Checklist],
    errors: &[RecordError],
    records_in_change: &[&Record],
) -> Vec<Diagnostic> {
    let dir = kind(store).map(Kind::path).unwrap_or_default();
    let known = |name: &str| {
        checklists.iter().any(|c| c.name == name)
            || errors
                .iter()
                .any(|e| e.location.path == format!("{dir}/{name}.md"))
    };
    let mut out = Vec::new();
    for name in &store.config.dod.default {
        if !known(name.trim()) {
            out.push(Diagnostic::warning(
                CONFIG_PATH,
                format!("[dod] default names checklist `{name}`, but there is no active {dir}/{name}.md"),
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for r in records_in_change {
        for name in &r.front.dod {
            if !known(name.trim()) && seen.insert((r.path.clone(), name.clone())) {
                let message = format!(
                    "`dod` names checklist `{name}`, but there is no active {dir}/{name}.md"
                );
                out.push(Diagnostic::warning(&r.path, message).with_line(Some(r.key_line("dod"))));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// What a change is
// ---------------------------------------------------------------------------------------------

/// What a change consists of: the files it touches and the records it adds or modifies.
pub struct Change {
    /// The base it was compared with, when there was one.
    pub base: Option<String>,
    /// `merge-base(base, HEAD)`, full hex.
    pub merge_base: Option<String>,
    /// Whether uncommitted changes (staged, unstaged and untracked files) are included.
    pub work_tree: bool,
    /// Changed files, repo-relative, sorted; both sides of a move.
    pub files: Vec<String>,
    /// Records added or modified by the change, as they are now (in the work tree, or at
    /// `HEAD` without one). Files that cannot be read are left out: they are `check`'s business.
    pub records: Vec<Record>,
}

/// The change to judge: `merge-base(base, HEAD)..HEAD` when `base` is given, plus, when
/// `work_tree` is true and there is a work tree, what is not committed yet (staged, unstaged
/// and untracked files that are not ignored) — a developer asks before committing.
pub fn change(store: &Store, base: Option<&str>, work_tree: bool) -> Result<Change> {
    let range = base.map(|b| Range::new(&store.repo, b)).transpose()?;
    let work_tree = work_tree && store.root.is_some();
    let head = if work_tree {
        None
    } else {
        store.repo.head_source()?
    };
    let source = match head {
        Some(head) => head,
        None => store.default_source()?,
    };
    change_of(store, range.as_ref(), work_tree, &source)
}

/// The change `range` commits, without the work tree, its records read from `head` (the
/// range's `HEAD`): what `git adr pr` judges, with the range's files diffed once for the
/// summary and its checklists.
pub fn change_in_range(store: &Store, range: &Range<'_>, head: &Source<'_>) -> Result<Change> {
    change_of(store, Some(range), false, head)
}

fn change_of(
    store: &Store,
    range: Option<&Range<'_>>,
    work_tree: bool,
    source: &Source<'_>,
) -> Result<Change> {
    let repo = &store.repo;
    let mut files: BTreeSet<String> = BTreeSet::new();
    if let Some(range) = range {
        files.extend(range.files_changed()?.iter().cloned());
    }
    if work_tree {
        for delta in repo.worktree_changes(Paths::All)? {
            let paths = [delta.old_path, delta.new_path];
            files.extend(paths.into_iter().flatten().map(|p| p.replace('\\', "/")));
        }
    }
    let files: Vec<String> = files.into_iter().collect();
    let mut records = Vec::new();
    for path in files.iter() {
        let Some(kind) = store.config.kind_of_path(path) else {
            continue;
        };
        if !crate::store::is_record_path(kind, path) {
            continue;
        }
        // A path that is gone now was deleted or moved away: not a record in the change.
        if let Ok(record) = source.read(path).and_then(|b| store.parse(kind, path, b)) {
            records.push(record);
        }
    }
    Ok(Change {
        base: range.map(|r| r.base.clone()),
        merge_base: range.map(|r| r.merge_base.to_string()),
        work_tree,
        files,
        records,
    })
}

// ---------------------------------------------------------------------------------------------
// Running automatic items
// ---------------------------------------------------------------------------------------------

/// Lines and characters of output kept in [`RunResult::output_tail`].
const TAIL_LINES: usize = 20;
const TAIL_CHARS: usize = 2000;
/// Bytes of output kept in memory while a command runs (only the end is shown).
const KEEP_BYTES: usize = 64 * 1024;
/// How long a command gets to stop after SIGTERM before it is killed.
const TERM_GRACE: Duration = Duration::from_millis(500);

/// Runs an item's command with `sh -c` in `root`, stdin on the null device, for at most
/// `timeout`. Output (stdout and stderr, interleaved as written) is read as it comes, so a
/// chatty command never blocks, and only its end is kept. The command runs in a process group
/// of its own: on timeout the whole group is stopped (SIGTERM, then SIGKILL), and processes it
/// leaves behind in that group when it exits are killed too. Never panics; a command that
/// cannot be started is a [`RunStatus::CouldNotStart`].
pub fn run_item(root: &Path, item: &Item, timeout: Duration) -> RunResult {
    let start = Instant::now();
    let could_not_start = |why: String| RunResult {
        status: RunStatus::CouldNotStart(why),
        duration_ms: start.elapsed().as_millis() as u64,
        output_tail: String::new(),
    };
    let Some(script) = item.run.as_deref() else {
        return could_not_start("the item has no `run` command".into());
    };
    let (mut child, reader) = match spawn_in_group(root, script) {
        Ok(started) => started,
        Err(why) => return could_not_start(why),
    };
    let (buffer, done) = keep_output(reader);
    // The config caps the timeout; a caller's longer one is clamped, never an overflow panic.
    let deadline = start
        .checked_add(timeout)
        .or_else(|| start.checked_add(Duration::from_secs(86_400)))
        .unwrap_or(start);
    let status = match wait_until(&mut child, deadline) {
        Ok(Some(status)) => {
            // Whatever it left running in its group (`server &`) goes with it.
            signal_group(child.id(), "KILL");
            match status.code() {
                Some(0) => RunStatus::Passed,
                code => RunStatus::Failed { code },
            }
        }
        Ok(None) => {
            stop_group(&mut child);
            RunStatus::TimedOut
        }
        Err(e) => {
            stop_group(&mut child);
            return RunResult {
                output_tail: tail(&buffer),
                ..could_not_start(format!("cannot wait for the command: {e}"))
            };
        }
    };
    let duration_ms = start.elapsed().as_millis() as u64;
    // The output ends when every process holding the pipe is gone; one that left the group
    // (setsid) may keep it open: do not wait for it long.
    let _ = done.recv_timeout(Duration::from_secs(1));
    RunResult {
        status,
        duration_ms,
        output_tail: tail(&buffer),
    }
}

/// Starts `sh -c script` in `root`, stdin on the null device, stdout and stderr into one pipe,
/// in a process group of its own; gives the child and the pipe's read end, or why it failed.
fn spawn_in_group(
    root: &Path,
    script: &str,
) -> std::result::Result<(std::process::Child, std::io::PipeReader), String> {
    let pipe_error = |e: std::io::Error| format!("cannot create a pipe: {e}");
    let (reader, writer) = std::io::pipe().map_err(pipe_error)?;
    let writer_for_stderr = writer.try_clone().map_err(pipe_error)?;
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(writer_for_stderr);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let spawned = command.spawn();
    // The Command holds our copies of the pipe's write end: drop them, or the reader would
    // never see the end of the output.
    drop(command);
    let child = spawned.map_err(|e| format!("cannot run `sh`: {e}"))?;
    Ok((child, reader))
}

/// Reads the command's output on a thread as it comes, so a chatty command never blocks,
/// keeping only its end. The receiver hears when the output has ended.
fn keep_output(
    mut reader: std::io::PipeReader,
) -> (Arc<Mutex<Vec<u8>>>, std::sync::mpsc::Receiver<()>) {
    let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let kept = Arc::clone(&buffer);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    let mut b = kept.lock().unwrap_or_else(|p| p.into_inner());
                    b.extend_from_slice(&chunk[..n]);
                    if b.len() > 2 * KEEP_BYTES {
                        let cut = b.len() - KEEP_BYTES;
                        b.drain(..cut);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = done_tx.send(());
    });
    (buffer, done_rx)
}

/// Waits for the child to exit, polling ever less often; `None` when `deadline` came first.
fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    let mut poll = Duration::from_millis(2);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        std::thread::sleep(poll.min(deadline - now));
        poll = (poll * 2).min(Duration::from_millis(50));
    }
}

/// Stops a command that ran too long and every process in its group: SIGTERM, a short grace,
/// then SIGKILL, and reaps it.
fn stop_group(child: &mut std::process::Child) {
    let pid = child.id();
    signal_group(pid, "TERM");
    let until = Instant::now() + TERM_GRACE;
    while Instant::now() < until {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // Members of the group may outlive its leader: kill them whether or not it has exited.
    signal_group(pid, "KILL");
    let _ = child.kill();
    let _ = child.wait();
}

/// Sends `signal` to the process group `pgid`. std has no call for it and the crate has no libc
/// binding, so the shell's `kill` does it (the group was created with `process_group(0)`, so its
/// id is the leader's pid). A group that no longer exists is not an error.
#[cfg(unix)]
fn signal_group(pgid: u32, signal: &str) {
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -s {signal} -- -{pgid}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(not(unix))]
fn signal_group(_pgid: u32, _signal: &str) {}

/// The end of the captured output, made safe to print.
fn tail(buffer: &Mutex<Vec<u8>>) -> String {
    let bytes = buffer.lock().unwrap_or_else(|p| p.into_inner()).clone();
    output_tail(&bytes)
}

/// The last [`TAIL_LINES`] lines (at most [`TAIL_CHARS`] characters) of `bytes`: lossy UTF-8,
/// colour and cursor codes removed, a carriage return overwriting its line as on a terminal,
/// and remaining control characters neutralised.
pub fn output_tail(bytes: &[u8]) -> String {
    let text = strip_escapes(&String::from_utf8_lossy(bytes));
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            // `\r` redraws the line (progress bars): what is left is what a terminal shows.
            l.rsplit('\r').next().unwrap_or(l).trim_end()
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let first = lines.len().saturating_sub(TAIL_LINES);
    let mut out = lines[first..].join("\n");
    let count = out.chars().count();
    if count > TAIL_CHARS {
        let skip = count - TAIL_CHARS;
        out = format!("…{}", out.chars().skip(skip).collect::<String>());
    }
    crate::text::term::term(&out).into_owned()
}

/// Removes ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, and two-byte
/// escapes), which test runners print for colour.
fn strip_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' {
                        if chars.peek() == Some(&'\\') {
                            chars.next();
                        }
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        Record::parse(
            "dod",
            ".adr/dod/database-change.md",
            text.as_bytes().to_vec(),
        )
        .unwrap()
    }

    #[test]
    fn reads_items_globs_and_why() {
        let c = parse(&record(
            "---\nstatus: active\napplies-to: [\"db/**\", no]\nitems:\n  - text: Reversible\n    owner: dba\n  - text: Tests pass\n    required: false\n    run: cargo test\n---\n\n# Database change\n\nSchema changes broke\nproduction twice.\n\nMore.\n",
        ))
        .unwrap();
        assert_eq!(c.name, "database-change");
        assert_eq!(c.title, "Database change");
        assert_eq!(c.applies_to, vec!["db/**", "no"]);
        assert_eq!(c.items.len(), 2);
        assert_eq!(c.items[0].owner.as_deref(), Some("dba"));
        assert!(c.items[0].required);
        assert_eq!(c.items[0].line, Some(5));
        assert!(!c.items[1].required);
        assert_eq!(c.items[1].run.as_deref(), Some("cargo test"));
        assert_eq!(c.items[1].line, Some(7));
        assert_eq!(
            c.why.as_deref(),
            Some("Schema changes broke production twice.")
        );
    }

    #[test]
    fn a_single_glob_and_crlf_are_fine_and_placeholders_are_no_why() {
        let c = parse(&record(
            "---\r\napplies-to: db/**\r\nitems:\r\n- text: A\r\n---\r\n# T\r\n\r\n{Why this checklist exists.}\r\n",
        ))
        .unwrap();
        assert_eq!(c.applies_to, vec!["db/**"]);
        assert_eq!(c.items[0].line, Some(4));
        assert_eq!(c.why, None);
    }

    #[test]
    fn names_of_no_checklist_are_warnings_at_the_config_and_the_record_line() {
        let (dir, repo) = crate::git::repo::Repo::temp_for_tests();
        std::fs::create_dir_all(dir.path().join(".adr")).unwrap();
        let mut store = Store::open(repo).unwrap();
        store.config.dod.default = vec!["nightly".into()];
        let adr = Record::parse(
            "adr",
            ".adr/decisions/0001-a.md",
            b"---\nstatus: accepted\ndod: [gone]\n---\n# A\n".to_vec(),
        )
        .unwrap();
        let found = warnings(&store, &[], &[], &[&adr]);
        let shown: Vec<(Option<Rule>, String)> =
            found.iter().map(|d| (d.rule, d.to_string())).collect();
        assert_eq!(
            shown,
            [
                (None, ".adr/config.toml: [dod] default names checklist `nightly`, but there is no active .adr/dod/nightly.md".to_string()),
                (None, ".adr/decisions/0001-a.md:3: `dod` names checklist `gone`, but there is no active .adr/dod/gone.md".to_string()),
            ]
        );
    }

    #[test]
    fn malformed_items_name_the_line() {
        let cases = [
            ("items:\n  - text: A\n  - owner: b\n", 4, "no `text`"),
            ("items:\n  - text: [a, b]\n", 3, "invalid checklist"),
            ("items:\n  - text: A\n    requird: false\n", 4, "requird"),
            ("items:\n  - text: A\n    required: maybe\n", 4, "boolean"),
            ("items: do the thing\n", 2, "invalid checklist"),
            ("applies-to: [\"src/[\"]\n", 2, "not a valid glob"),
        ];
        for (yaml, line, words) in cases {
            let text = format!("---\n{yaml}---\n# T\n");
            let e = parse(&record(&text)).unwrap_err();
            assert_eq!(e.location.line, Some(line), "{yaml}: {e:?}");
            assert!(e.message.contains(words), "{yaml}: {e:?}");
            assert_eq!(e.rule, Rule::FrontMatter);
        }
    }

    #[test]
    fn output_tail_keeps_the_end_and_neutralises_codes() {
        let mut out = String::new();
        for i in 1..=30 {
            out.push_str(&format!("line {i}\r\n"));
        }
        out.push_str("\u{1b}[31mred\u{1b}[0m 10%\r50%\r100%\n\u{7}bell\n\n");
        let t = output_tail(out.as_bytes());
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 20);
        assert_eq!(lines[0], "line 13");
        assert_eq!(lines[18], "100%");
        assert_eq!(lines[19], "\u{fffd}bell");
        let long = "x".repeat(5000);
        let t = output_tail(long.as_bytes());
        assert_eq!(t.chars().count(), TAIL_CHARS + 1);
        assert!(t.starts_with('…'));
    }

    #[cfg(unix)]
    #[test]
    fn run_item_reports_exit_status_output_and_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let item = |run: &str| Item {
            text: "t".into(),
            owner: None,
            required: true,
            run: Some(run.into()),
            line: None,
            template: false,
        };
        let r = run_item(
            dir.path(),
            &item("echo out; echo err >&2"),
            Duration::from_secs(10),
        );
        assert_eq!(r.status, RunStatus::Passed);
        assert_eq!(r.output_tail, "out\nerr");
        let r = run_item(
            dir.path(),
            &item("echo boom; exit 3"),
            Duration::from_secs(10),
        );
        assert_eq!(r.status, RunStatus::Failed { code: Some(3) });
        assert_eq!(r.output_tail, "boom");
        // Much more output than a pipe holds, without deadlocking.
        let r = run_item(
            dir.path(),
            &item("i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done"),
            Duration::from_secs(20),
        );
        assert_eq!(r.status, RunStatus::Passed);
        assert!(r.output_tail.ends_with("line 19999"), "{}", r.output_tail);
        let started = Instant::now();
        let r = run_item(
            dir.path(),
            &item("sleep 30; echo"),
            Duration::from_millis(300),
        );
        assert_eq!(r.status, RunStatus::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn why_is_the_first_prose_paragraph_after_the_title() {
        let body = "# Before merging\n\n```sh\n# not a heading\nmake\n```\n\nBecause we ship\nweekly.\n\nMore.\n";
        assert_eq!(
            first_paragraph(body).as_deref(),
            Some("Because we ship weekly.")
        );
        assert_eq!(first_paragraph("# T\n\n{Why this list}\n"), None);
        assert_eq!(first_paragraph("# T\n\n## Items\n"), None);
    }
}
