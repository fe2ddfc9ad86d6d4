//! `git adr list`: records as a table, JSON, Markdown or CSV, with filters.

use crate::cli::{DatesFrom, ListArgs, ListFormat};
use crate::commands::json::{add_dates, record_json};
use crate::commands::listing::{kinds, report_unreadable};
use crate::commands::stdout_err;
use crate::error::{Error, Result};
use crate::features::governs::governs;
use crate::features::history::dates::{Dates, Stamp};
use crate::features::history::DateSource;
use crate::model::record::Record;
use crate::store::paths::repo_path_from_arg;
use crate::store::{Listing, Store};
use crate::text::csv::csv_field;
use crate::text::markdown::markdown_cell;
use crate::text::term::term;
use crate::Ui;

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
    // History is read only when asked for: a plain listing stays a read of the record files.
    let dates: Option<Vec<Dates>> = match args.dates {
        DatesFrom::FrontMatter => None,
        DatesFrom::Git => {
            let git = super::GitDates::load(store, None, ui)?;
            Some(git.of(selected.iter().map(|r| r.path.as_str()), ui))
        }
    };
    let dates_of = |i: usize| dates.as_ref().and_then(|d| d.get(i));

    let show_kind = kinds.len() != 1 && selected.iter().any(|r| r.kind != selected[0].kind);
    let out = &mut *ui.out;
    match args.format {
        ListFormat::Json => {
            let items: Vec<_> = selected
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut json = record_json(store, r, false);
                    if let Some(d) = dates_of(i) {
                        add_dates(&mut json, d);
                    }
                    json
                })
                .collect();
            crate::commands::json::print(&items, ui)?;
        }
        ListFormat::Csv => {
            let mut header = "id,kind,title,status,date,path,tags".to_string();
            if dates.is_some() {
                header.push_str(
                    ",created,created_by,created_commit,updated,updated_by,updated_commit",
                );
            }
            writeln!(out, "{header}").map_err(stdout_err)?;
            for (i, r) in selected.iter().enumerate() {
                let mut row = vec![
                    store.display_id(r),
                    r.kind.clone(),
                    r.title.clone(),
                    r.status_shown().unwrap_or_default(),
                    r.front.date.clone().unwrap_or_default(),
                    r.path.clone(),
                    r.front.tags.join(";"),
                ];
                if let Some(d) = dates_of(i) {
                    for s in [&d.created, &d.updated] {
                        row.push(s.as_ref().and_then(|s| s.date.clone()).unwrap_or_default());
                        row.push(s.as_ref().map(who).unwrap_or_default());
                        row.push(
                            s.as_ref()
                                .and_then(|s| s.commit.clone())
                                .unwrap_or_default(),
                        );
                    }
                }
                let row: Vec<String> = row
                    .iter()
                    .map(|f| csv_field(&crate::text::term::for_stdout(f)))
                    .collect();
                writeln!(out, "{}", row.join(",")).map_err(stdout_err)?;
            }
        }
        ListFormat::Markdown => {
            let (extra_head, extra_rule) = if dates.is_some() {
                (" Created | Updated |", " --- | --- |")
            } else {
                ("", "")
            };
            writeln!(
                out,
                "| ID | Title | Status | Date |{extra_head}\n| --- | --- | --- | --- |{extra_rule}"
            )
            .map_err(stdout_err)?;
            for (i, r) in selected.iter().enumerate() {
                let extra = match dates_of(i) {
                    Some(d) => format!(
                        " {} | {} |",
                        markdown_cell(&stamp_text(d.created.as_ref())),
                        markdown_cell(&stamp_text(d.updated.as_ref()))
                    ),
                    None => String::new(),
                };
                // Links are relative to the repository root, where such an index usually lives.
                writeln!(
                    out,
                    "| {} | [{}]({}) | {} | {} |{extra}",
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
            // With git dates: CREATED, BY and UPDATED after the front matter's DATE, so that
            // where they disagree both are in view.
            let git_cols: Vec<[String; 3]> = selected
                .iter()
                .enumerate()
                .filter_map(|(i, _)| dates_of(i))
                .map(|d| {
                    let date = |s: Option<&Stamp>| {
                        s.and_then(|s| s.date.clone()).unwrap_or_else(|| "-".into())
                    };
                    let mut updated = date(d.updated.as_ref());
                    // An edit not committed yet; a new record says so under BY already.
                    let new_record = d.created.as_ref().is_some_and(|s| s.uncommitted);
                    if !new_record && d.updated.as_ref().is_some_and(|s| s.uncommitted) {
                        updated.push_str(" (uncommitted)");
                    }
                    [
                        date(d.created.as_ref()),
                        term(&d.created.as_ref().map(who).unwrap_or_else(|| "-".into()))
                            .replace(['\n', '\r'], " "),
                        updated,
                    ]
                })
                .collect();
            let by_w = git_cols
                .iter()
                .map(|c| c[1].chars().count())
                .max()
                .unwrap_or(0)
                .max(2);
            let updated_w = git_cols
                .iter()
                .map(|c| c[2].chars().count())
                .max()
                .unwrap_or(0)
                .max(10);
            let git_cell = |c: &[String; 3]| {
                let pad = " ".repeat(by_w.saturating_sub(c[1].chars().count()));
                format!("{:10}  {}{pad}  {:updated_w$}  ", c[0], c[1], c[2])
            };
            let style = ui.style;
            if !selected.is_empty() {
                let kind_col = if show_kind {
                    format!("{:kind_w$}  ", "KIND")
                } else {
                    String::new()
                };
                let git_head = if dates.is_some() {
                    git_cell(&["CREATED".into(), "BY".into(), "UPDATED".into()])
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{}",
                    style.dim(&format!(
                        "{:id_w$}  {kind_col}{:status_w$}  {:10}  {git_head}TITLE",
                        "ID", "STATUS", "DATE"
                    ))
                )
                .map_err(stdout_err)?;
            }
            for (i, ((r, id), status)) in selected.iter().zip(&ids).zip(&statuses).enumerate() {
                let pad = " ".repeat(status_w.saturating_sub(status.chars().count()));
                let kind_col = if show_kind {
                    format!("{:kind_w$}  ", r.kind)
                } else {
                    String::new()
                };
                let git = git_cols.get(i).map(git_cell).unwrap_or_default();
                writeln!(
                    out,
                    "{:id_w$}  {kind_col}{}{pad}  {:10}  {git}{}",
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

/// Who a date comes from: the commit's author, or why there is none.
fn who(s: &Stamp) -> String {
    match (&s.author, s.date_source) {
        (Some(a), _) => a.clone(),
        (None, DateSource::WorkTree) => "uncommitted".into(),
        (None, DateSource::FrontMatter) => "front matter".into(),
        (None, DateSource::Commit) => String::new(),
    }
}

/// A date and who it comes from, in one cell: `2026-02-11 by Bob (1a2b3c4)`.
fn stamp_text(s: Option<&Stamp>) -> String {
    let Some(s) = s else {
        return String::new();
    };
    let date = s.date.as_deref().unwrap_or("(no date)");
    match (&s.author, &s.short) {
        (Some(a), Some(c)) => format!("{date} by {a} ({c})"),
        _ => format!("{date} ({})", who(s)),
    }
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
        let shown = store.config.id_text(kind, crate::model::record::Id(n));
        ui.warn(&format!(
            "{shown} is used by {} files: {} (give one a free number: `git adr renumber {} --next`)",
            paths.len(),
            paths.join(", "),
            paths.last().copied().unwrap_or("FILE"),
        ));
    }
}

/// A status for a table column: as written (free text from an existing folder shortened to
/// 30 characters), `-` when there is none.
fn table_status(r: &crate::model::record::Record) -> String {
    let shown = r.status_shown().unwrap_or_else(|| "-".into());
    if shown.chars().count() > 30 {
        let cut: String = shown.chars().take(29).collect();
        format!("{}…", cut.trim_end())
    } else {
        shown
    }
}
