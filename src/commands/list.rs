//! `git adr list`: records as a table, JSON, Markdown or CSV, with filters.

use crate::cli::{ListArgs, ListFormat};
use crate::config::Kind;
use crate::error::{Error, Result};
use crate::output::{csv_field, markdown_cell, record_json, repo_path_from_arg, stdout_err};
use crate::record::Record;
use crate::render::term;
use crate::store::{Listing, Store};
use crate::Ui;

/// The kinds named by `--kind` flags (all kinds when none).
pub fn kinds<'a>(store: &'a Store, names: &[String]) -> Result<Vec<&'a Kind>> {
    names.iter().map(|n| store.config.kind(n)).collect()
}

/// Prints the files that could not be read, and turns them into exit code 1 at the end.
pub fn report_unreadable(listing: &Listing, ui: &mut Ui<'_>) -> Result<()> {
    for e in &listing.errors {
        let _ = writeln!(ui.err, "error: {}", term(&e.to_string()));
        if let Some(h) = &e.hint {
            let _ = writeln!(ui.err, "  hint: {}", term(h));
        }
    }
    match listing.errors.len() {
        0 => Ok(()),
        1 => Err(Error::Findings(
            "1 record could not be read (see above); the others are listed".into(),
        )),
        n => Err(Error::Findings(format!(
            "{n} records could not be read (see above); the others are listed"
        ))),
    }
}

/// Does any of the record's `paths` patterns match `file`?
pub fn governs(record: &Record, file: &str) -> bool {
    record
        .front
        .paths
        .iter()
        .any(|p| crate::paths::matches(p, file))
}

pub fn run(store: &Store, args: ListArgs, ui: &mut Ui<'_>) -> Result<()> {
    let kinds = kinds(store, &args.kind)?;
    // A status no kind knows is a typo, not an empty result.
    for status in &args.status {
        let known = store
            .config
            .kinds
            .values()
            .any(|k| k.lifecycle.statuses.contains(status) || k.in_place());
        if !known {
            let mut all: Vec<&String> = store
                .config
                .kinds
                .values()
                .flat_map(|k| &k.lifecycle.statuses)
                .collect();
            all.sort();
            all.dedup();
            return Err(Error::usage_hint(
                format!("--status `{status}` is not a status of any record kind"),
                format!(
                    "statuses: {}",
                    all.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    let source = store.default_source()?;
    let listing = store.load(&source, &kinds)?;
    let file = match (&args.path, &store.root) {
        (Some(p), Some(root)) => Some(repo_path_from_arg(root, p)),
        (Some(p), None) => Some(p.clone()),
        (None, _) => None,
    };
    let selected: Vec<&Record> = listing
        .records
        .iter()
        .filter(|r| {
            args.status.is_empty()
                || r.front
                    .status
                    .as_ref()
                    .is_some_and(|s| args.status.contains(s))
        })
        .filter(|r| args.tags.iter().all(|t| r.front.tags.contains(t)))
        .filter(|r| file.as_ref().is_none_or(|f| governs(r, f)))
        .collect();

    let show_kind = kinds.len() != 1 && selected.iter().any(|r| r.kind != selected[0].kind);
    let out = &mut *ui.out;
    match args.format {
        ListFormat::Json => {
            let items: Vec<_> = selected
                .iter()
                .map(|r| record_json(store, r, false))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&items).unwrap_or_default()
            )
            .map_err(stdout_err)?;
        }
        ListFormat::Csv => {
            writeln!(out, "id,kind,title,status,date,path,tags").map_err(stdout_err)?;
            for r in &selected {
                let row = [
                    store.display_id(r),
                    r.kind.clone(),
                    r.title.clone(),
                    r.status_shown().unwrap_or_default(),
                    r.front.date.clone().unwrap_or_default(),
                    r.path.clone(),
                    r.front.tags.join(";"),
                ];
                let row: Vec<String> = row
                    .iter()
                    .map(|f| csv_field(&crate::output::for_stdout(f)))
                    .collect();
                writeln!(out, "{}", row.join(",")).map_err(stdout_err)?;
            }
        }
        ListFormat::Markdown => {
            writeln!(
                out,
                "| ID | Title | Status | Date |\n| --- | --- | --- | --- |"
            )
            .map_err(stdout_err)?;
            for r in &selected {
                // Links are relative to the repository root, where such an index usually lives.
                writeln!(
                    out,
                    "| {} | [{}]({}) | {} | {} |",
                    markdown_cell(&store.display_id(r)),
                    markdown_cell(&r.title).replace(['[', ']'], ""),
                    r.path.replace(' ', "%20").replace(['(', ')'], ""),
                    markdown_cell(&r.status_shown().unwrap_or_default()),
                    markdown_cell(r.front.date.as_deref().unwrap_or("")),
                )
                .map_err(stdout_err)?;
            }
        }
        ListFormat::Table => {
            if selected.is_empty() {
                let what = match (listing.records.is_empty(), args.kind.as_slice()) {
                    (true, [kind]) => format!(
                        "no {kind} records yet: create one with `git adr new --kind {kind} TITLE`"
                    ),
                    (true, _) => "no records yet: create one with `git adr new TITLE`".to_string(),
                    (false, _) => "no records match the filters".to_string(),
                };
                let _ = writeln!(ui.err, "{what}");
            }
            let ids: Vec<String> = selected.iter().map(|r| store.display_id(r)).collect();
            let id_w = ids
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(2)
                .max(2);
            let statuses: Vec<String> = selected.iter().map(|r| table_status(r)).collect();
            let status_w = statuses
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(6)
                .max(6);
            let kind_w = selected
                .iter()
                .map(|r| r.kind.len())
                .max()
                .unwrap_or(4)
                .max(4);
            let style = ui.style;
            if !selected.is_empty() {
                let kind_col = if show_kind {
                    format!("{:kind_w$}  ", "KIND")
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}",
                    style.dim(&format!(
                        "{:id_w$}  {kind_col}{:status_w$}  {:10}  TITLE",
                        "ID", "STATUS", "DATE"
                    ))
                )
                .map_err(stdout_err)?;
            }
            for ((r, id), status) in selected.iter().zip(&ids).zip(&statuses) {
                let pad = " ".repeat(status_w.saturating_sub(status.chars().count()));
                let kind_col = if show_kind {
                    format!("{:kind_w$}  ", r.kind)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{:id_w$}  {kind_col}{}{pad}  {:10}  {}",
                    id,
                    style.status(&term(status)),
                    term(r.front.date.as_deref().unwrap_or("-")),
                    term(&r.title),
                )
                .map_err(stdout_err)?;
            }
        }
    }
    warn_duplicates(store, &listing, ui);
    report_unreadable(&listing, ui)
}

/// Two files with one number list fine but break links: say so (`git adr check` fails on it).
fn warn_duplicates(store: &Store, listing: &Listing, ui: &mut Ui<'_>) {
    let mut seen: std::collections::BTreeMap<(&str, u32), Vec<&str>> = Default::default();
    for r in &listing.records {
        if let Some(id) = r.id {
            seen.entry((r.kind.as_str(), id.0))
                .or_default()
                .push(&r.path);
        }
    }
    for ((kind, n), paths) in seen.into_iter().filter(|(_, p)| p.len() > 1) {
        let shown = crate::output::id_text(store, kind, crate::record::Id(n));
        ui.warn(&format!(
            "{shown} is used by {} files: {} (`git adr renumber {n} --next` moves the one that came last)",
            paths.len(),
            paths.join(", "),
        ));
    }
}

/// A status for a table column: as written (free text from an existing folder shortened to
/// 30 characters), `-` when there is none.
fn table_status(r: &crate::record::Record) -> String {
    let shown = r.status_shown().unwrap_or_else(|| "-".into());
    if shown.chars().count() > 30 {
        let cut: String = shown.chars().take(29).collect();
        format!("{}…", cut.trim_end())
    } else {
        shown
    }
}
