//! `git adr show`: one record, for reading in a terminal, as Markdown, or as JSON.

use crate::cli::{DatesFrom, ShowArgs, ShowFormat};
use crate::commands::shared::json::{add_dates, record_json};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::features::history::dates::Dates;
use crate::features::history::dates::Stamp;
use crate::features::history::DateSource;
use crate::model::record::{Id, Record};
use crate::store::Store;
use crate::text::term::term;

pub fn run(store: &Store, args: ShowArgs, ui: &mut Ui<'_>) -> Result<()> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| store.config.kind(k))
        .transpose()?;
    let record = store.find(&args.id, kind)?;
    // One record is read for its history too (by default): when and by whom it was created and
    // last changed. The file as written (`--format markdown`) has no place for it.
    let dates = match (args.dates, args.format) {
        (DatesFrom::Git, ShowFormat::Text | ShowFormat::Json) => {
            let git = super::GitDates::load(store, Some(&record.path), ui)?;
            git.of([record.path.as_str()], ui).pop()
        }
        _ => None,
    };
    match args.format {
        ShowFormat::Json => {
            let mut json = record_json(store, &record, true);
            if let Some(d) = &dates {
                add_dates(&mut json, d);
            }
            crate::commands::shared::json::print(&json, ui)
        }
        ShowFormat::Markdown => {
            // The file as written; neutralised only when a terminal would interpret it.
            write!(ui.out, "{}", crate::text::term::for_stdout(&record.text)).map_err(stdout_err)
        }
        ShowFormat::Text => print_text(store, &record, dates.as_ref(), ui),
    }
}

/// A created or updated date for reading: `2026-02-11 by Bob (1a2b3c4 Propose Postgres)`, or
/// where the date comes from when no commit gives it.
fn stamp_line(s: Option<&Stamp>) -> String {
    let Some(s) = s else {
        return "unknown (not in history)".into();
    };
    let date = s.date.as_deref().unwrap_or("(no date)");
    match (&s.commit, s.date_source) {
        (Some(c), _) => {
            let (a, short, subject) = (&c.author, &c.short, &c.subject);
            format!("{date} by {a} ({short} {subject})")
                .replace(" )", ")")
                .replace(['\n', '\r'], " ")
        }
        (_, DateSource::WorkTree) => format!("{date} (not committed yet)"),
        (_, DateSource::FrontMatter) => {
            format!("{date} (from the front matter: older than this shallow clone)")
        }
        _ => date.to_string(),
    }
}

/// The record for reading in a terminal: its fields (with its git dates, when read), then the
/// body.
fn print_text(
    store: &Store,
    record: &Record,
    dates: Option<&Dates>,
    ui: &mut Ui<'_>,
) -> Result<()> {
    let out = &mut *ui.out;
    let s = ui.style;
    let f = &record.front;
    writeln!(
        out,
        "{}  {}",
        s.bold(&store.display_id(record)),
        s.bold(&term(&record.title))
    )
    .map_err(stdout_err)?;
    let ids = |list: &[Id]| store.config.ids_text(&record.kind, list).join(", ");
    let mut fields: Vec<(&str, String)> = vec![
        ("status", record.status_shown().unwrap_or_default()),
        ("date", f.date.clone().unwrap_or_default()),
        ("decision-makers", f.decision_makers.join(", ")),
        ("tags", f.tags.join(", ")),
        ("paths", f.paths.join(", ")),
        ("supersedes", ids(&f.supersedes)),
        ("superseded-by", ids(&f.superseded_by)),
        ("amends", ids(&f.amends)),
        ("amended-by", ids(&f.amended_by)),
        ("relates", ids(&f.relates)),
        ("review-by", f.review_by.clone().unwrap_or_default()),
    ];
    if let Some(d) = &dates {
        // Beside the front matter's date, so that a disagreement is in view.
        let at = 2;
        fields.insert(at, ("updated", stamp_line(d.updated.as_ref())));
        fields.insert(at, ("created", stamp_line(d.created.as_ref())));
    }
    for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        let value = if *name == "status" {
            s.status(
                &term(value),
                store.config.role(record).map(|role| role.tone()),
            )
        } else {
            term(value).into_owned()
        };
        writeln!(out, "{} {value}", s.dim(&format!("{name:>15}:"))).map_err(stdout_err)?;
    }
    writeln!(
        out,
        "{} {}",
        s.dim(&format!("{:>15}:", "file")),
        term(&record.path)
    )
    .map_err(stdout_err)?;
    // The body without its title line, which is already shown above.
    let body: String = record
        .body()
        .lines()
        .enumerate()
        .filter(|(i, _)| {
            i + 1 + record.text[..record.body_start].lines().count() != record.title_line
        })
        .map(|(_, l)| l.trim_end_matches('\r'))
        .collect::<Vec<_>>()
        .join("\n");
    writeln!(out, "\n{}", term(body.trim_matches('\n'))).map_err(stdout_err)
}
