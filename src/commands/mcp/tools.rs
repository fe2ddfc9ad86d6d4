//! The tools: each is a command of the CLI, run in-process with `--format json`
//! (ADR-0019). A tool's arguments become that command's arguments, so a tool answers with the
//! command's engine, JSON and errors, and there is one way to do each thing.

use serde_json::{json, Map, Value};
use std::path::Path;

use crate::error::{Error, Result};

/// A tool's arguments as the client sent them.
pub(super) type Args = Map<String, Value>;

/// One tool of the server.
pub(super) struct Tool {
    pub name: &'static str,
    pub description: &'static str,
    /// Offered only with `git adr mcp --allow-write`.
    pub writes: bool,
    /// The input's JSON schema: its `properties` and `required`.
    pub properties: fn() -> Value,
    pub required: &'static [&'static str],
    /// Where a command's JSON array goes in the structured result, which MCP wants an object.
    pub key: &'static str,
    /// The command line (after `git-adr`) that answers it; `root` is the work tree's root (none
    /// in a bare repository).
    pub argv: fn(&Args, Option<&Path>) -> Result<Vec<String>>,
}

impl Tool {
    /// The JSON schema of the tool's input.
    pub fn input_schema(&self) -> Map<String, Value> {
        let schema = json!({
            "type": "object",
            "properties": (self.properties)(),
            "required": self.required,
            "additionalProperties": false,
        });
        object(schema)
    }

    /// The JSON schema of the tool's structured result: the command's JSON object, or its
    /// array under [`Tool::key`].
    pub fn output_schema(&self) -> Map<String, Value> {
        let schema = if self.key.is_empty() {
            json!({"type": "object"})
        } else {
            json!({
                "type": "object",
                "properties": {self.key: {"type": "array", "items": {"type": "object"}}},
                "required": [self.key],
            })
        };
        object(schema)
    }
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Every tool, read tools first.
pub(super) const TOOLS: &[Tool] = &[
    Tool {
        name: "list_decisions",
        description: "List decision records (ADRs, log entries, checklists) with their status, tags, paths and links; the JSON of `git adr list --format json`. Filters combine: status and kind match any given value, tag all given values, path the records whose `paths` globs govern that file.",
        writes: false,
        properties: || json!({
            "status": strings("Only records with one of these statuses (accepted, proposed, …)."),
            "kind": strings("Only records of these kinds (adr, log, dod, …)."),
            "tag": strings("Only records with all of these tags."),
            "path": string("Only the decisions that govern this file (relative to the repository root)."),
        }),
        required: &[],
        key: "decisions",
        argv: |a, root| {
            let mut v = vec!["list".into(), "--format=json".into()];
            flags(&mut v, "--status", list(a, "status")?);
            flags(&mut v, "--kind", list(a, "kind")?);
            flags(&mut v, "--tag", list(a, "tag")?);
            if let Some(p) = text(a, "path")? {
                v.push(format!("--path={}", inside(root, &p)?));
            }
            Ok(v)
        },
    },
    Tool {
        name: "show_decision",
        description: "One record in full: front matter, body, and when and by whom it was created and last changed (from git history). Give its id (2, ADR-0002, LOG-3) or its file.",
        writes: false,
        properties: || json!({
            "id": string("The record: 2, ADR-0002, LOG-3, or a checklist's name."),
            "file": string("Or the record's file, relative to the repository root."),
            "kind": string("Look the id up among records of this kind."),
        }),
        required: &[],
        key: "",
        argv: |a, root| {
            let mut v = vec!["show".into(), "--format=json".into()];
            if let Some(k) = text(a, "kind")? {
                v.push(format!("--kind={k}"));
            }
            let record = match (text(a, "id")?, text(a, "file")?) {
                (Some(id), None) => id,
                (None, Some(file)) => inside(root, &file)?,
                _ => return Err(Error::usage("give either `id` or `file`")),
            };
            v.extend(["--".into(), record]);
            Ok(v)
        },
    },
    Tool {
        name: "search_decisions",
        description: "Full-text search over titles and bodies; every word must match (case-insensitive). Each result has its matching lines.",
        writes: false,
        properties: || json!({
            "words": string("The words to find, separated by spaces."),
            "kind": strings("Only records of these kinds."),
        }),
        required: &["words"],
        key: "results",
        argv: |a, _| {
            let mut v = vec!["search".into(), "--format=json".into()];
            flags(&mut v, "--kind", list(a, "kind")?);
            let words = text(a, "words")?.unwrap_or_default();
            v.push("--".into());
            v.extend(words.split_whitespace().map(String::from));
            Ok(v)
        },
    },
    Tool {
        name: "decisions_for_path",
        description: "Which decisions govern a file (what `git adr why PATH` answers): those whose `paths` globs match it, superseded and deprecated ones marked as such. Read them before changing the file.",
        writes: false,
        properties: || json!({"path": string("The file, relative to the repository root.")}),
        required: &["path"],
        key: "decisions",
        argv: |a, root| {
            let path = inside(root, &text(a, "path")?.unwrap_or_default())?;
            Ok(vec!["why".into(), "--format=json".into(), "--".into(), path])
        },
    },
    Tool {
        name: "settled_options",
        description: "Earlier decisions that already weighed an option (what `git adr settled TEXT` answers): each match with its fate (chosen, rejected, superseded), the record, its date and deciders, the reason given, a score and the words that matched. Ask before proposing an option, so a settled tradeoff is not reopened unknowingly.",
        writes: false,
        properties: || json!({
            "text": string("The option, in any words (e.g. \"accept the input file as a positional argument\")."),
            "limit": {"type": "integer", "minimum": 1, "description": "At most this many matches (default 10)."},
        }),
        required: &["text"],
        key: "",
        argv: |a, _| {
            let mut v = vec!["settled".into(), "--format=json".into()];
            if let Some(n) = text(a, "limit")? {
                v.push(format!("--limit={n}"));
            }
            v.push("--".into());
            v.extend(required(a, "text")?.split_whitespace().map(String::from));
            Ok(v)
        },
    },
    Tool {
        name: "branch_summary",
        description: "The reviewer-ready summary of the current branch against its base (the data of `git adr pr --format json`): decisions added or changed with options, consequences, verification and rollout; code governed by existing decisions; log entries; definition-of-done checklists; warnings.",
        writes: false,
        properties: || json!({"base": string("The branch this one merges into (default: the upstream, origin/HEAD, main or master).")}),
        required: &[],
        key: "",
        argv: |a, _| {
            let mut v = vec!["pr".into(), "--format=json".into()];
            if let Some(b) = text(a, "base")? {
                v.push(format!("--base={b}"));
            }
            Ok(v)
        },
    },
    Tool {
        name: "decision_diff",
        description: "What changed in the decisions between two revisions (as `git adr diff`): records added, deleted, renamed, status changes, supersessions, changed options and sections. `from` alone compares it with the work tree; neither compares the branch's base with the work tree. `range` takes git's `A...B` or `A..B` instead.",
        writes: false,
        properties: || json!({
            "from": string("The older revision (a branch, tag or commit)."),
            "to": string("The newer revision (default: the work tree)."),
            "range": string("Instead of from/to: `A...B` (what B changed since it left A) or `A..B`."),
        }),
        required: &[],
        key: "",
        argv: |a, _| {
            let mut v = vec!["diff".into(), "--format=json".into(), "--".into()];
            match (text(a, "range")?, text(a, "from")?, text(a, "to")?) {
                (Some(r), None, None) => v.push(r),
                (None, Some(from), to) => v.extend(std::iter::once(from).chain(to)),
                (None, None, None) => {}
                (None, None, Some(_)) => return Err(Error::usage("`to` needs `from`")),
                _ => return Err(Error::usage("give `range`, or `from` and `to`, not both")),
            }
            Ok(v)
        },
    },
    Tool {
        name: "check",
        description: "Validate records and report findings with rule codes, files and lines (`git adr check --format json`). Scope `all` checks the work tree, `staged` what the next commit changes, `base` what the branch changes since it left `base` (including ids the base took meanwhile).",
        writes: false,
        properties: || json!({
            "scope": {"type": "string", "enum": ["all", "staged", "base"], "description": "What to check (default: all)."},
            "base": string("With scope `base`: the branch this one merges into."),
        }),
        required: &[],
        key: "",
        argv: |a, _| {
            let mut v = vec!["check".into(), "--format=json".into()];
            match (text(a, "scope")?.as_deref(), text(a, "base")?) {
                (None | Some("all"), None) => {}
                (Some("staged"), None) => v.push("--staged".into()),
                (Some("base") | None, Some(b)) => v.push(format!("--base={b}")),
                (Some("base"), None) => return Err(Error::usage("scope `base` needs `base`")),
                (Some(s), _) => {
                    return Err(Error::usage(format!(
                        "scope {s:?} with these arguments: give all, staged, or base with `base`"
                    )))
                }
            }
            Ok(v)
        },
    },
    Tool {
        name: "decision_history",
        description: "A record's trail from git history: each commit that touched it, when, by whom, and how its status changed.",
        writes: false,
        properties: || json!({"id": string("The record: 2, ADR-0002, LOG-3, or its file.")}),
        required: &["id"],
        key: "events",
        argv: |a, _| {
            let id = text(a, "id")?.unwrap_or_default();
            Ok(vec!["history".into(), "--format=json".into(), "--".into(), id])
        },
    },
    Tool {
        name: "trace_decision",
        description: "The commits that cite a decision in a `Decision:` trailer: the code that implements it.",
        writes: false,
        properties: || json!({"id": string("The decision: 2 or ADR-0002.")}),
        required: &["id"],
        key: "commits",
        argv: |a, _| {
            let id = text(a, "id")?.unwrap_or_default();
            Ok(vec!["trace".into(), "--format=json".into(), "--".into(), id])
        },
    },
    Tool {
        name: "new_decision",
        description: "Create a record from its kind's template with the next collision-free number, filled with the given options and sections (as `git adr new --no-edit`); never opens an editor. Returns the new record, with `file`.",
        writes: true,
        properties: || json!({
            "title": string("The decision's title, e.g. \"Use PostgreSQL for the event store\"."),
            "kind": string("adr (default), log, dod, postmortem, design, metric, or one from config.toml."),
            "status": string("Initial status (default: the kind's, `proposed` for ADRs)."),
            "options": strings("The considered options, in order."),
            "sections": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Section heading → Markdown text, e.g. {\"Context and Problem Statement\": \"…\", \"Decision Outcome\": \"Chosen option: \\\"…\\\", because …\"}."},
            "tags": strings("Tags."),
            "paths": strings("Globs of the code this decision governs, e.g. services/events/**."),
            "deciders": strings("The people who made the decision."),
            "supersedes": strings("Records this one supersedes (they are marked superseded)."),
            "amends": strings("Records this one amends."),
        }),
        required: &["title"],
        key: "",
        argv: |a, _| {
            let mut v = vec!["new".into(), "--no-edit".into(), "--format=json".into()];
            for (key, flag) in [("kind", "--kind"), ("status", "--status")] {
                if let Some(t) = text(a, key)? {
                    v.push(format!("{flag}={t}"));
                }
            }
            flags(&mut v, "--option", list(a, "options")?);
            for (heading, body) in sections(a)? {
                v.push(format!("--section={heading}={body}"));
            }
            flags(&mut v, "--tag", list(a, "tags")?);
            flags(&mut v, "--path", list(a, "paths")?);
            flags(&mut v, "--decider", list(a, "deciders")?);
            flags(&mut v, "--supersedes", list(a, "supersedes")?);
            flags(&mut v, "--amends", list(a, "amends")?);
            v.extend(["--".into(), text(a, "title")?.unwrap_or_default()]);
            Ok(v)
        },
    },
    Tool {
        name: "set_status",
        description: "Change a record's status, checked against the configured lifecycle (proposed → accepted | rejected, accepted → deprecated | superseded). Use `supersede` to supersede. Returns the file it changed.",
        writes: true,
        properties: || json!({
            "id": string("The record."),
            "status": string("The new status."),
            "force": {"type": "boolean", "description": "Allow a change the lifecycle does not allow."},
        }),
        required: &["id", "status"],
        key: "",
        argv: |a, _| {
            let mut v = vec!["status".into()];
            force(a, &mut v)?;
            v.extend(["--".into(), required(a, "id")?, required(a, "status")?]);
            Ok(v)
        },
    },
    Tool {
        name: "supersede",
        description: "Mark `old` as superseded by `new`, updating both records in one operation. Returns the files it changed.",
        writes: true,
        properties: || json!({
            "old": string("The record being replaced."),
            "new": string("The record that replaces it."),
            "force": {"type": "boolean", "description": "Allow superseding a record the lifecycle does not allow."},
        }),
        required: &["old", "new"],
        key: "",
        argv: |a, _| {
            let mut v = vec!["supersede".into()];
            force(a, &mut v)?;
            v.extend(["--".into(), required(a, "old")?, required(a, "new")?]);
            Ok(v)
        },
    },
    Tool {
        name: "link",
        description: "Link two records: `from` amends, relates to, or supersedes `to`; both records are updated. Returns the files it changed.",
        writes: true,
        properties: || json!({
            "from": string("The record that links."),
            "relation": {"type": "string", "enum": ["amends", "relates", "supersedes"]},
            "to": string("The record linked to."),
        }),
        required: &["from", "relation", "to"],
        key: "",
        argv: |a, _| {
            Ok(vec![
                "link".into(),
                "--".into(),
                required(a, "from")?,
                required(a, "relation")?,
                required(a, "to")?,
            ])
        },
    },
];

/// The records a write tool changed, to report their files.
pub(super) fn touched(name: &str, a: &Args) -> Vec<String> {
    let keys: &[&str] = match name {
        "set_status" => &["id"],
        "supersede" => &["old", "new"],
        "link" => &["from", "to"],
        _ => &[],
    };
    keys.iter()
        .filter_map(|k| a.get(*k).and_then(Value::as_str).map(String::from))
        .collect()
}

fn string(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn strings(description: &str) -> Value {
    json!({"type": "array", "items": {"type": "string"}, "description": description})
}

/// A string argument, if given.
fn text(a: &Args, key: &str) -> Result<Option<String>> {
    match a.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(Error::usage(format!("`{key}` must be a string"))),
    }
}

fn required(a: &Args, key: &str) -> Result<String> {
    text(a, key)?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::usage(format!("`{key}` is required")))
}

/// A list argument: an array of strings, or one string.
fn list(a: &Args, key: &str) -> Result<Vec<String>> {
    match a.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(Error::usage(format!("`{key}` must be a list of strings"))),
            })
            .collect(),
        _ => Ok(text(a, key)?.into_iter().collect()),
    }
}

fn sections(a: &Args) -> Result<Vec<(String, String)>> {
    match a.get("sections") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(Error::usage(format!("section `{k}` must be a string"))),
            })
            .collect(),
        Some(_) => Err(Error::usage("`sections` must be an object: heading → text")),
    }
}

fn force(a: &Args, v: &mut Vec<String>) -> Result<()> {
    match a.get("force") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(()),
        Some(Value::Bool(true)) => {
            v.push("--force".into());
            Ok(())
        }
        Some(_) => Err(Error::usage("`force` must be true or false")),
    }
}

/// `--flag=value` for each value: the `=` keeps a value starting with `-` a value.
fn flags(v: &mut Vec<String>, flag: &str, values: Vec<String>) {
    v.extend(values.into_iter().map(|x| format!("{flag}={x}")));
}

/// A path the client gave, relative to the repository root, refused when it (or a symlink on
/// the way) leads outside the work tree or into the git directory.
pub(super) fn inside(root: Option<&Path>, given: &str) -> Result<String> {
    let Some(root) = root else {
        return Err(Error::usage(
            "this repository has no work tree: give records by id, not by file",
        ));
    };
    if given.is_empty() {
        return Err(Error::usage("the path is empty"));
    }
    let full = root.join(given);
    let outside = || {
        Error::usage_hint(
            format!("{given} is outside the repository; refusing to read it"),
            "give a path inside the repository, relative to its root",
        )
    };
    // `..` is judged on the text first: `a/../../x` must not pass because `a` is missing.
    let mut depth = 0usize;
    for c in Path::new(given).components() {
        match c {
            std::path::Component::ParentDir if depth == 0 => return Err(outside()),
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            _ if full.starts_with(root) => {}
            _ => return Err(outside()),
        }
    }
    crate::git::source::ensure_inside(root, &full)?;
    let relative = full.strip_prefix(root).map_err(|_| outside())?;
    Ok(relative.to_string_lossy().replace('\\', "/"))
}
