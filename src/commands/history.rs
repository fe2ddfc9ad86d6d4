//! `git adr history ID`: one record's trail from git, renames followed back.

use serde_json::{json, Value};

use crate::cli::{HistoryArgs, TextOrJson};
use crate::commands::shared::json::{self, record_json, BROWSE_JSON_VERSION};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::features::history::{self, Change, DateSource, Event};
use crate::model::config::Config;
use crate::model::record::Record;
use crate::store::Store;
use crate::text::term::term;

pub fn history(store: &Store, args: HistoryArgs, ui: &mut Ui<'_>) -> Result<()> {
    let record = store.find(&args.id, None)?;
    let walked = super::load_history(store, ui)?;
    let uncommitted = history::uncommitted(store, Some(&record.path))?;
    let events = history::trails::of_record(&walked, &record.path, uncommitted);
    // The warning matters only when this record's trail starts beyond the clone's boundary.
    let cut_short = walked.shallow
        && events
            .iter()
            .any(|e| e.date_source == DateSource::FrontMatter);
    if cut_short {
        ui.warn("this is a shallow clone: the record was created before its oldest commit, so its creation is dated from its front matter and earlier changes are missing (`git fetch --unshallow` fetches the rest)");
    }
    match args.format {
        TextOrJson::Json => {
            let value = json!({
                "version": BROWSE_JSON_VERSION,
                "record": record_json(store, &record, false),
                "shallow": walked.shallow,
                "events": events.iter().map(event_json).collect::<Vec<_>>(),
            });
            json::print(&value, ui)
        }
        TextOrJson::Text => print_trail(store, &record, &events, ui),
    }
}

/// An event as JSON: `event` first, its fields, and `uncommitted` (the shape `git adr log` uses).
fn event_json(e: &Event) -> Value {
    let mut out = serde_json::Map::new();
    let fields = serde_json::to_value(e).unwrap_or(Value::Null);
    out.insert("event".into(), fields["event"].clone());
    if let Value::Object(fields) = fields {
        out.extend(fields.into_iter().filter(|(k, _)| k != "event"));
    }
    out.insert(
        "uncommitted".into(),
        json!(e.date_source == DateSource::WorkTree),
    );
    Value::Object(out)
}

/// What happened, in a word, and the details.
fn describe_event(config: &Config, e: &Event) -> (String, String) {
    let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "no status".into());
    match &e.change {
        Change::Created { status } => (
            "created".into(),
            match status {
                Some(s) => format!("as {s}"),
                None => String::new(),
            },
        ),
        Change::StatusChanged { from, to } => {
            let by = e.successors_phrase(config);
            (
                "status".into(),
                format!("{} → {}{by}", show(from), show(to)),
            )
        }
        Change::Renamed { from_path } => ("renamed".into(), format!("from {from_path}")),
        Change::Deleted { status } => (
            "deleted".into(),
            status
                .as_ref()
                .map(|s| format!("was {s}"))
                .unwrap_or_default(),
        ),
        Change::Modified => ("modified".into(), String::new()),
    }
}

fn print_trail(store: &Store, record: &Record, events: &[Event], ui: &mut Ui<'_>) -> Result<()> {
    let style = ui.style;
    writeln!(
        ui.out,
        "{} {}",
        style.bold(&term(&store.display_id(record))),
        term(&record.title).replace('\n', " ")
    )
    .map_err(stdout_err)?;
    if events.is_empty() {
        return writeln!(ui.out, "no history yet: the record is not committed").map_err(stdout_err);
    }
    let flat = |s: &str| term(s).replace(['\n', '\r'], " ");
    let rows: Vec<[String; 4]> = events
        .iter()
        .map(|e| {
            let (label, details) = describe_event(&store.config, e);
            let who = match (&e.commit, e.date_source) {
                (Some(c), _) => format!("{} {} {}", c.short, flat(&c.author), flat(&c.subject)),
                (None, DateSource::WorkTree) => "uncommitted".into(),
                (None, _) => "date from front matter (before the shallow clone)".into(),
            };
            [
                e.date.clone().unwrap_or_else(|| "(no date)".into()),
                label,
                flat(&details),
                who,
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    let pad = |s: &str, w: usize| " ".repeat(w.saturating_sub(s.chars().count()));
    for [date, label, details, who] in &rows {
        writeln!(
            ui.out,
            "  {date}{}  {}{}  {details}{}  {}",
            pad(date, w0),
            style.status(label, None),
            pad(label, w1),
            pad(details, w2),
            style.dim(who)
        )
        .map_err(stdout_err)?;
    }
    Ok(())
}
