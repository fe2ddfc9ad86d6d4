//! Records as JSON, CSV, Markdown and terminal tables, and paths as a person at a shell sees them.

use serde_json::{json, Value};
use std::path::{Component, Path, PathBuf};

use crate::record::{Id, Record};
use crate::store::Store;

/// Version of the JSON shape of a record; bumped on any incompatible change.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// A record as JSON: the documented, stable shape used by every `--format json`.
pub fn record_json(store: &Store, record: &Record, with_body: bool) -> Value {
    let ids = |list: &[Id]| -> Vec<Value> {
        list.iter()
            .map(|id| json!({"id": id_text(store, &record.kind, *id), "number": id.0}))
            .collect()
    };
    let f = &record.front;
    let mut v = json!({
        "id": store.display_id(record),
        "number": record.id.map(|i| i.0),
        "kind": record.kind,
        "title": record.title,
        "status": f.status,
        "status_text": record.status_text,
        "date": f.date,
        "path": record.path,
        "decision_makers": f.decision_makers,
        "consulted": f.consulted,
        "informed": f.informed,
        "tags": f.tags,
        "paths": f.paths,
        "supersedes": ids(&f.supersedes),
        "superseded_by": ids(&f.superseded_by),
        "amends": ids(&f.amends),
        "amended_by": ids(&f.amended_by),
        "relates": ids(&f.relates),
        "review_by": f.review_by,
        "dod": f.dod,
        "links": f.links,
    });
    if with_body {
        v["body"] = Value::String(record.body().to_string());
    }
    v
}

/// Adds `created` and `updated` (from history, see [`crate::history::dates`]) to a record's JSON;
/// `null` where not known. The record's own `date` stays the front matter's.
pub fn add_dates(json: &mut Value, dates: &crate::history::dates::Dates) {
    json["created"] = serde_json::to_value(&dates.created).unwrap_or(Value::Null);
    json["updated"] = serde_json::to_value(&dates.updated).unwrap_or(Value::Null);
}

/// How an id of a record of `kind` is shown (`ADR-0002`).
pub fn id_text(store: &Store, kind: &str, id: Id) -> String {
    let prefix = store
        .config
        .kinds
        .get(kind)
        .map_or("", |k| k.prefix.as_str());
    id.display(prefix, store.config.id_width)
}

/// Data printed as is into a pipe, but with control characters neutralised when a terminal
/// would interpret them (CSV and Markdown output).
pub fn for_stdout(s: &str) -> std::borrow::Cow<'_, str> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        crate::render::term(s)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Text made safe inside a Markdown table cell: pipes escaped, newlines flattened, HTML
/// neutralised, `@mentions` kept from pinging.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@\u{200b}"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Lexically normalised path (no `.`/`..`), without touching the filesystem.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Shows repo-relative paths as seen from the current directory (`../.adr/decisions/…` from a
/// subdirectory), the way git prints paths. Resolves the directories once for many paths.
pub struct PathShower {
    root: PathBuf,
    cwd: Option<PathBuf>,
    canonical_root: PathBuf,
}

impl PathShower {
    pub fn new(root: &Path) -> PathShower {
        let cwd = std::env::current_dir()
            .ok()
            .map(|c| normalize(&c.canonicalize().unwrap_or(c)));
        let canonical_root = normalize(&root.canonicalize().unwrap_or_else(|_| root.to_path_buf()));
        PathShower {
            root: root.to_path_buf(),
            cwd,
            canonical_root,
        }
    }

    pub fn show(&self, repo_path: &str) -> String {
        let Some(cwd) = &self.cwd else {
            return repo_path.to_string();
        };
        let target = normalize(&self.canonical_root.join(repo_path));
        let common = cwd
            .components()
            .zip(target.components())
            .take_while(|(a, b)| a == b)
            .count();
        if common == 0 {
            return self.root.join(repo_path).display().to_string();
        }
        let mut rel = PathBuf::new();
        for _ in cwd.components().skip(common) {
            rel.push("..");
        }
        for c in target.components().skip(common) {
            rel.push(c);
        }
        rel.display().to_string()
    }
}

/// One repo-relative path as seen from the current directory (see [`PathShower`]).
pub fn path_from_cwd(root: &Path, repo_path: &str) -> String {
    PathShower::new(root).show(repo_path)
}

/// A path typed by the user (relative to the current directory) as a repo-relative path.
pub fn repo_path_from_arg(root: &Path, arg: &str) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let abs = normalize(&cwd.canonicalize().unwrap_or(cwd).join(arg));
    match abs.strip_prefix(&canon_root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => arg.trim_start_matches("./").to_string(),
    }
}

/// The error for a failed write to standard output (a closed pipe is handled in `main`).
pub fn stdout_err(e: std::io::Error) -> crate::Error {
    crate::Error::io("standard output", e)
}
