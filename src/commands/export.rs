//! `git adr export`: every record as one JSON document.

use serde_json::json;

use crate::cli::ExportArgs;
use crate::commands::shared::json::{self, record_json, BROWSE_JSON_VERSION};
use crate::commands::shared::listing::{load_ordered, ordered_kinds, report_unreadable};
use crate::commands::Ui;
use crate::error::Result;
use crate::store::Store;

/// `{"version": 1, "records": [record…], "errors": [{"path", "line", "message"}]}`. Unreadable
/// records are listed under `errors` and on stderr, and make the exit code 1 (as `list` does),
/// after the whole document is printed.
pub fn export(store: &Store, args: ExportArgs, ui: &mut Ui<'_>) -> Result<()> {
    let crate::cli::ExportFormat::Json = args.format;
    let kinds = ordered_kinds(store, &[])?;
    let listing = load_ordered(store, &kinds)?;
    let value = json!({
        "version": BROWSE_JSON_VERSION,
        "records": listing
            .records
            .iter()
            .map(|r| record_json(store, r, args.body))
            .collect::<Vec<_>>(),
        "errors": listing
            .errors
            .iter()
            .map(|e| json!({
                "path": e.location.path,
                "line": e.location.line,
                "code": e.rule,
                "message": e.message,
            }))
            .collect::<Vec<_>>(),
    });
    json::print(&value, ui)?;
    report_unreadable(&listing, ui)
}
