//! Shared by `git adr dod` and `git adr check --dod` (not a command itself): the change they
//! judge, the checklists that apply to it, and running their automatic items.

use std::time::Duration;

use crate::commands::Ui;
use crate::error::{Error, RecordError, Result};
use crate::features::dod::{self, Applicable, Change, Item, RunResult};
use crate::model::record::Record;
use crate::store::Store;
use crate::text::term::{one_line, term};

/// The change that `git adr dod` and `git adr check --dod` judge: since the branch left its
/// base (`--base`, else resolved as for `git adr pr`), plus what is not committed yet. When no
/// base is given and none can be found (a repository without a main branch or remote, a first
/// commit still to be made), the uncommitted changes alone.
pub fn current_change(store: &Store, explicit_base: Option<&str>) -> Result<Change> {
    let base = match explicit_base {
        Some(b) => Some(store.repo.resolve_base(Some(b))?),
        None => store
            .repo
            .resolve_base(None)
            .ok()
            .filter(|_| store.repo.head_commit().is_ok()),
    };
    dod::change(store, base.as_deref(), true)
}

/// The results of the automatic items that were run, by checklist and item.
pub type Results = Vec<Vec<Option<RunResult>>>;

/// The checklists that apply to the current change (see [`current_change`]), with the files
/// that could not be read as checklists; warnings about unknown names are printed.
pub fn applicable_now(
    store: &Store,
    base: Option<&str>,
    ui: &mut Ui<'_>,
) -> Result<(
    dod::Change,
    Vec<dod::Applicable>,
    Vec<crate::error::RecordError>,
)> {
    let change = current_change(store, base)?;
    let source = store.default_source()?;
    let (checklists, errors) = dod::load(store, &source)?;
    let records: Vec<&Record> = change.records.iter().collect();
    let applicable = dod::applicable(store, &checklists, &change.files, &records);
    ui.warn_all(&dod::warnings(store, &checklists, &errors, &records));
    Ok((change, applicable, errors))
}

/// Prints checklists that could not be read, with their line and a hint.
pub fn report_errors(errors: &[RecordError], ui: &mut Ui<'_>) {
    for e in errors {
        let _ = writeln!(ui.err, "error: {}", one_line(&e.to_string()));
        if let Some(h) = &e.hint {
            let _ = writeln!(ui.err, "  hint: {}", one_line(h));
        }
    }
}

/// Runs the automatic items of `applicable` that `wanted` selects, one after the other, in the
/// repository root with the configured timeout. A person at a terminal sees each start.
pub fn run_items(
    store: &Store,
    applicable: &[Applicable],
    wanted: impl Fn(&Item) -> bool,
    ui: &mut Ui<'_>,
) -> Result<Results> {
    let mut results: Results = Vec::new();
    let needs_run = applicable
        .iter()
        .flat_map(|a| &a.checklist.items)
        .any(|i| i.is_automatic() && wanted(i));
    let root = if needs_run {
        let root = store.root.as_deref().ok_or_else(|| {
            Error::usage_hint(
                "automatic checklist items run in a work tree, and this repository is bare",
                "run them in a clone with a work tree",
            )
        })?;
        Some(root.to_path_buf())
    } else {
        None
    };
    let timeout = Duration::from_secs(store.config.dod.timeout_seconds);
    for a in applicable {
        let mut row = Vec::new();
        for item in &a.checklist.items {
            let (Some(root), Some(cmd)) = (&root, &item.run) else {
                row.push(None);
                continue;
            };
            if !wanted(item) {
                row.push(None);
                continue;
            }
            if ui.interactive {
                let _ = writeln!(
                    ui.err,
                    "{} {}: $ {}",
                    ui.style.dim("running"),
                    term(&item.text),
                    term(cmd)
                );
            }
            row.push(Some(dod::run_item(root, item, timeout)));
        }
        results.push(row);
    }
    Ok(results)
}
