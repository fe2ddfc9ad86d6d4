//! `git adr list`: records as a table, JSON, Markdown or CSV, with filters.

use crate::cli::{DatesFrom, ListArgs, ListFormat};
use crate::commands::shared::json::{add_dates, record_json};
use crate::commands::shared::listing::{kinds, report_unreadable};
use crate::commands::stdout_err;
use crate::commands::Ui;
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

pub fn run(store: &Store, args: ListArgs, ui: &mut Ui<'_>) -> Result<()> {
    let kinds = kinds(store, &args.kind)?;
    check_statuses(store, &args.status)?;
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
    let rows = Rows {
        store,
        records: &selected,
        dates: dates.as_deref(),
    };
    match args.format {
        ListFormat::Json => crate::commands::shared::json::print(&rows.json(), ui)?,
        ListFormat::Csv => rows.csv(ui)?,
        ListFormat::Markdown => rows.markdown(ui)?,
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
            let show_kind = kinds.len() != 1 && selected.iter().any(|r| r.kind != selected[0].kind);
            rows.table(show_kind, ui)?;
        }
    }
    warn_duplicates(store, &listing, ui);
    report_unreadable(&listing, ui)
}

/// A status no kind knows is a typo, not an empty result.
fn check_statuses(store: &Store, statuses: &[String]) -> Result<()> {
    for status in statuses {
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
    Ok(())
}

/// The records to list, with their git dates when asked for (in the same order).
struct Rows<'a> {
    store: &'a Store,
    records: &'a [&'a Record],
    dates: Option<&'a [Dates]>,
}

impl Rows<'_> {
    fn dates_of(&self, i: usize) -> Option<&Dates> {
        self.dates.and_then(|d| d.get(i))
    }

    fn json(&self) -> Vec<serde_json::Value> {
        self.records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut json = record_json(self.store, r, false);
                if let Some(d) = self.dates_of(i) {
                    add_dates(&mut json, d);
                }
                json
            })
            .collect()
    }

    fn csv(&self, ui: &mut Ui<'_>) -> Result<()> {
        let mut header = "id,kind,title,status,date,path,tags".to_string();
        if self.dates.is_some() {
            header.push_str(",created,created_by,created_commit,updated,updated_by,updated_commit");
        }
        writeln!(ui.out, "{header}").map_err(stdout_err)?;
        for (i, r) in self.records.iter().enumerate() {
            let mut row = vec![
                self.store.display_id(r),
                r.kind.clone(),
                r.title.clone(),
                r.status_shown().unwrap_or_default(),
                r.front.date.clone().unwrap_or_default(),
                r.path.clone(),
                r.front.tags.join(";"),
            ];
            if let Some(d) = self.dates_of(i) {
                for s in [&d.created, &d.updated] {
                    row.push(s.as_ref().and_then(|s| s.date.clone()).unwrap_or_default());
                    row.push(s.as_ref().map(who).unwrap_or_default());
                    row.push(
                        s.as_ref()
                            .and_then(|s| s.commit.as_ref().map(|c| c.sha.clone()))
                            .unwrap_or_default(),
                    );
                }
            }
            let row: Vec<String> = row
                .iter()
                .map(|f| csv_field(&crate::text::term::for_stdout(f)))
                .collect();
            writeln!(ui.out, "{}", row.join(",")).map_err(stdout_err)?;
        }
        Ok(())
    }

    fn markdown(&self, ui: &mut Ui<'_>) -> Result<()> {
        let (extra_head, extra_rule) = if self.dates.is_some() {
            (" Created | Updated |", " --- | --- |")
        } else {
            ("", "")
        };
        writeln!(
            ui.out,
            "| ID | Title | Status | Date |{extra_head}\n| --- | --- | --- | --- |{extra_rule}"
        )
        .map_err(stdout_err)?;
        for (i, r) in self.records.iter().enumerate() {
            let extra = match self.dates_of(i) {
                Some(d) => format!(
                    " {} | {} |",
                    markdown_cell(&stamp_text(d.created.as_ref())),
                    markdown_cell(&stamp_text(d.updated.as_ref()))
                ),
                None => String::new(),
            };
            // Links are relative to the repository root, where such an index usually lives.
            writeln!(
                ui.out,
                "| {} | [{}]({}) | {} | {} |{extra}",
                markdown_cell(&self.store.display_id(r)),
                markdown_cell(&r.title).replace(['[', ']'], ""),
                crate::store::relative_link("", &r.path),
                markdown_cell(&r.status_shown().unwrap_or_default()),
                markdown_cell(r.front.date.as_deref().unwrap_or("")),
            )
            .map_err(stdout_err)?;
        }
        Ok(())
    }

    /// With git dates: CREATED, BY and UPDATED after the front matter's DATE, so that where they
    /// disagree both are in view.
    fn git_columns(&self) -> Vec<[String; 3]> {
        (0..self.records.len())
            .filter_map(|i| self.dates_of(i))
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
            .collect()
    }

    fn table(&self, show_kind: bool, ui: &mut Ui<'_>) -> Result<()> {
        let width = |cells: &mut dyn Iterator<Item = usize>, least: usize| {
            cells.max().unwrap_or(least).max(least)
        };
        let ids: Vec<String> = self
            .records
            .iter()
            .map(|r| self.store.display_id(r))
            .collect();
        let statuses: Vec<String> = self.records.iter().map(|r| table_status(r)).collect();
        let id_w = width(&mut ids.iter().map(|s| s.chars().count()), 2);
        let status_w = width(&mut statuses.iter().map(|s| s.chars().count()), 6);
        let kind_w = width(&mut self.records.iter().map(|r| r.kind.len()), 4);
        let git_cols = self.git_columns();
        let by_w = width(&mut git_cols.iter().map(|c| c[1].chars().count()), 2);
        let updated_w = width(&mut git_cols.iter().map(|c| c[2].chars().count()), 10);
        let git_cell = |c: &[String; 3]| {
            let pad = " ".repeat(by_w.saturating_sub(c[1].chars().count()));
            format!("{:10}  {}{pad}  {:updated_w$}  ", c[0], c[1], c[2])
        };
        let kind_col = |kind: &str| {
            if show_kind {
                format!("{kind:kind_w$}  ")
            } else {
                String::new()
            }
        };
        let style = ui.style;
        if !self.records.is_empty() {
            let git_head = if self.dates.is_some() {
                git_cell(&["CREATED".into(), "BY".into(), "UPDATED".into()])
            } else {
                String::new()
            };
            writeln!(
                ui.out,
                "{}",
                style.dim(&format!(
                    "{:id_w$}  {}{:status_w$}  {:10}  {git_head}TITLE",
                    "ID",
                    kind_col("KIND"),
                    "STATUS",
                    "DATE"
                ))
            )
            .map_err(stdout_err)?;
        }
        for (i, ((r, id), status)) in self.records.iter().zip(&ids).zip(&statuses).enumerate() {
            let pad = " ".repeat(status_w.saturating_sub(status.chars().count()));
            let git = git_cols.get(i).map(git_cell).unwrap_or_default();
            writeln!(
                ui.out,
                "{:id_w$}  {}{}{pad}  {:10}  {git}{}",
                id,
                kind_col(&r.kind),
                style.status(
                    &term(status),
                    self.store.config.role(r).map(|role| role.tone())
                ),
                term(r.front.date.as_deref().unwrap_or("-")),
                term(&r.title),
            )
            .map_err(stdout_err)?;
        }
        Ok(())
    }
}

/// Who a date comes from: the commit's author, or why there is none.
fn who(s: &Stamp) -> String {
    match (&s.commit, s.date_source) {
        (Some(c), _) => c.author.clone(),
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
    match &s.commit {
        Some(c) => format!("{date} by {} ({})", c.author, c.short),
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
