//! A record as JSON: the one documented shape every `--format json` prints; and printing JSON.

use serde_json::{json, Value};

use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::model::record::{Id, Record};
use crate::store::Store;

/// Version of the JSON shapes of `history --format json` and `export`; bumped on incompatible
/// changes.
pub const BROWSE_JSON_VERSION: u32 = 1;

/// Prints a JSON document on stdout, pretty; on a terminal, characters that could drive it are
/// `\u` escapes (see [`crate::text::term::json_for_stdout`]). Every `--format json` prints here.
pub fn print(value: &impl serde::Serialize, ui: &mut Ui<'_>) -> Result<()> {
    let json = serde_json::to_string_pretty(value).unwrap_or_default();
    writeln!(ui.out, "{}", crate::text::term::json_for_stdout(&json)).map_err(stdout_err)
}

/// A record as JSON: the documented, stable shape used by every `--format json`.
pub fn record_json(store: &Store, record: &Record, with_body: bool) -> Value {
    let ids = |list: &[Id]| -> Vec<Value> {
        list.iter()
            .map(|id| json!({"id": store.config.id_text(&record.kind, *id), "number": id.0}))
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

/// Adds `created` and `updated` (from history, see [`crate::features::history::dates`]) to a record's JSON;
/// `null` where not known. The record's own `date` stays the front matter's.
pub fn add_dates(json: &mut Value, dates: &crate::features::history::dates::Dates) {
    json["created"] = serde_json::to_value(&dates.created).unwrap_or(Value::Null);
    json["updated"] = serde_json::to_value(&dates.updated).unwrap_or(Value::Null);
}
