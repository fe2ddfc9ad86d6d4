//! Browsing and export: `history` (one record's trail from git), `index` (a Markdown index
//! written to `.adr/README.md`), `graph` (relations as Mermaid or Graphviz DOT) and `export`
//! (every record as one JSON document).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{json, Value};

use crate::cli::{ExportArgs, GraphArgs, GraphFormat, HistoryArgs, IndexArgs, TextOrJson};
use crate::commands::json::record_json;
use crate::commands::stdout_err;
use crate::error::{Error, Result};
use crate::features::history::{self, Change, DateSource, Event};
use crate::features::index_page::{self, INDEX_PATH};
use crate::model::config::{Config, Kind};
use crate::model::record::Record;
use crate::store::paths::path_from_cwd;
use crate::store::{Listing, Store};
use crate::text::term::term;
use crate::Ui;

/// Version of the JSON shapes of `history --format json` and `export`; bumped on incompatible
/// changes.
pub const BROWSE_JSON_VERSION: u32 = 1;

// ---------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------

/// The kinds to show, ADRs first, then the others by name.
fn ordered_kinds<'s>(store: &'s Store, names: &[String]) -> Result<Vec<&'s Kind>> {
    let mut kinds = super::list::kinds(store, names)?;
    if kinds.is_empty() {
        kinds = store.config.kinds.values().collect();
    }
    kinds.sort_by(|a, b| (a.name != "adr", &a.name).cmp(&(b.name != "adr", &b.name)));
    Ok(kinds)
}

/// Every record of `kinds`, ADRs first, then by kind, number and name.
fn load_ordered(store: &Store, kinds: &[&Kind]) -> Result<Listing> {
    let mut listing = store.load(&store.default_source()?, kinds)?;
    listing.records.sort_by(|a, b| {
        (a.kind != "adr", &a.kind, a.id, &a.slug).cmp(&(b.kind != "adr", &b.kind, b.id, &b.slug))
    });
    Ok(listing)
}

fn warn_skipped(listing: &Listing, ui: &mut Ui<'_>) {
    for e in &listing.errors {
        ui.warn(&format!("skipped: {e}"));
    }
}

fn print_json(value: &Value, ui: &mut Ui<'_>) -> Result<()> {
    writeln!(
        ui.out,
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    )
    .map_err(stdout_err)
}

// ---------------------------------------------------------------------------------------------
// history ID
// ---------------------------------------------------------------------------------------------

pub fn history(store: &Store, args: HistoryArgs, ui: &mut Ui<'_>) -> Result<()> {
    let record = store.find(&args.id, None)?;
    let walked = super::history(store, ui)?;
    let uncommitted = history::uncommitted(store, Some(&record.path))?;
    let events = trail(&record.path, walked.events, uncommitted);
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
            let json = json!({
                "version": BROWSE_JSON_VERSION,
                "record": record_json(store, &record, false),
                "shallow": walked.shallow,
                "events": events.iter().map(event_json).collect::<Vec<_>>(),
            });
            print_json(&json, ui)
        }
        TextOrJson::Text => print_trail(store, &record, &events, ui),
    }
}

/// The events of the record now at `path`, oldest first, uncommitted changes last. Renames are
/// followed back; an older record that was deleted before this one reused its path is not
/// included (the trail stops at the creation).
fn trail(path: &str, events: Vec<Event>, uncommitted: Vec<Event>) -> Vec<Event> {
    let pending: Vec<Event> = uncommitted.into_iter().filter(|e| e.path == path).collect();
    // A record not committed yet has no committed past, whatever once lived at its path.
    let new_here = pending
        .iter()
        .any(|e| matches!(e.change, Change::Created { .. }));
    let mut tracked: HashSet<String> = HashSet::new();
    if !new_here {
        tracked.insert(path.to_string());
    }
    // `events` is newest first; the events of one commit share `order` and stay in their order.
    let mut groups: Vec<Vec<Event>> = Vec::new();
    let mut events = events.into_iter().peekable();
    while let Some(first) = events.next() {
        let order = first.order;
        let mut group = vec![first];
        while let Some(next) = events.next_if(|e| e.order == order) {
            group.push(next);
        }
        let mine: Vec<Event> = group
            .into_iter()
            .filter(|e| tracked.contains(&e.path))
            .collect();
        for e in &mine {
            match &e.change {
                Change::Renamed { from_path } => {
                    tracked.remove(&e.path);
                    tracked.insert(from_path.clone());
                }
                Change::Created { .. } => {
                    tracked.remove(&e.path);
                }
                _ => {}
            }
        }
        if !mine.is_empty() {
            groups.push(mine);
        }
        if tracked.is_empty() {
            break;
        }
    }
    groups.into_iter().rev().flatten().chain(pending).collect()
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

// ---------------------------------------------------------------------------------------------
// index
// ---------------------------------------------------------------------------------------------

pub fn index(store: &Store, args: IndexArgs, ui: &mut Ui<'_>) -> Result<()> {
    let source = store.default_source()?;
    let listing = store.load(&source, &[])?;
    warn_skipped(&listing, ui);
    let text = index_page::markdown(store, &listing.records);
    if args.stdout {
        return write!(ui.out, "{}", crate::text::term::for_stdout(&text)).map_err(stdout_err);
    }
    if args.check {
        let written = index_page::read_current(&source)?;
        return match written.map(|w| index_page::first_difference(&w, &text)) {
            None => Err(Error::Findings(format!(
                "{INDEX_PATH} is missing: run `git adr index` to write it"
            ))),
            Some(Some(line)) => Err(Error::Findings(format!(
                "{INDEX_PATH} is out of date (from line {line}): run `git adr index` to update it"
            ))),
            Some(None) => {
                let _ = writeln!(ui.err, "{INDEX_PATH} is up to date");
                Ok(())
            }
        };
    }
    let root = store.workdir("index")?.to_path_buf();
    let path = store.abs(INDEX_PATH)?;
    let shown = path_from_cwd(&root, INDEX_PATH);
    let unchanged = std::fs::read(&path).is_ok_and(|b| b == text.as_bytes());
    if unchanged {
        let _ = writeln!(ui.err, "{shown} is up to date");
    } else {
        crate::store::atomic::write_atomic(&path, text.as_bytes())?;
        let n = listing.records.len();
        let _ = writeln!(
            ui.err,
            "wrote {shown} ({n} record{})",
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------------------------

/// A relation between two records, by their position in the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rel {
    Supersedes,
    Amends,
    Relates,
    Links,
}

impl Rel {
    fn label(self) -> &'static str {
        match self {
            Rel::Supersedes => "supersedes",
            Rel::Amends => "amends",
            Rel::Relates => "relates",
            Rel::Links => "links",
        }
    }
}

/// The edges between `records`: (from, to, relation), each once, in a fixed order. Both ends of
/// a relation count (`supersedes` and `superseded-by`), so a one-sided link still shows.
/// Relations to records outside the set are left out (`git adr check` reports broken links).
fn edges(store: &Store, records: &[Record]) -> BTreeSet<(usize, usize, Rel)> {
    let by_number: HashMap<(&str, u32), usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.id.map(|id| ((r.kind.as_str(), id.0), i)))
        .collect();
    let by_display: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (store.display_id(r).to_ascii_lowercase(), i))
        .collect();
    let mut out = BTreeSet::new();
    for (i, r) in records.iter().enumerate() {
        let find = |id: &crate::model::record::Id| by_number.get(&(r.kind.as_str(), id.0)).copied();
        let f = &r.front;
        for j in f.supersedes.iter().filter_map(find) {
            out.insert((i, j, Rel::Supersedes));
        }
        for j in f.superseded_by.iter().filter_map(find) {
            out.insert((j, i, Rel::Supersedes));
        }
        for j in f.amends.iter().filter_map(find) {
            out.insert((i, j, Rel::Amends));
        }
        for j in f.amended_by.iter().filter_map(find) {
            out.insert((j, i, Rel::Amends));
        }
        for j in f.relates.iter().filter_map(find) {
            if i != j {
                out.insert((i.min(j), i.max(j), Rel::Relates));
            }
        }
        for link in &f.links {
            let key = link.trim().to_ascii_lowercase();
            if let Some(&j) = by_display.get(&key) {
                if i != j {
                    out.insert((i, j, Rel::Links));
                }
            }
        }
    }
    out
}

pub fn graph(store: &Store, args: GraphArgs, ui: &mut Ui<'_>) -> Result<()> {
    let kinds = ordered_kinds(store, &args.kind)?;
    let listing = load_ordered(store, &kinds)?;
    warn_skipped(&listing, ui);
    let records = &listing.records;
    let ids: Vec<String> = records.iter().map(|r| store.display_id(r)).collect();
    let labels: Vec<String> = records
        .iter()
        .zip(&ids)
        .map(|(r, id)| format!("{id}: {}", r.title))
        .collect();
    let edges = edges(store, records);
    let text = match args.format {
        GraphFormat::Mermaid => mermaid(&ids, &labels, &edges),
        GraphFormat::Dot => dot(&ids, &labels, &edges),
    };
    write!(ui.out, "{text}").map_err(stdout_err)
}

/// Mermaid node ids: letters, digits and `_` only, unique.
fn mermaid_ids(ids: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .map(|id| {
            let base: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let base = format!("n_{base}");
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Text inside a quoted Mermaid label: `#` and quotes as entity codes, no line breaks, no HTML.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn mermaid(ids: &[String], labels: &[String], edges: &BTreeSet<(usize, usize, Rel)>) -> String {
    let names = mermaid_ids(ids);
    let mut out = String::from("flowchart TD\n");
    for (name, label) in names.iter().zip(labels) {
        out.push_str(&format!("    {name}[\"{}\"]\n", mermaid_text(label)));
    }
    for &(a, b, rel) in edges {
        let arrow = match rel {
            Rel::Supersedes => "-->",
            Rel::Amends | Rel::Links => "-.->",
            Rel::Relates => "---",
        };
        out.push_str(&format!(
            "    {} {arrow}|{}| {}\n",
            names[a],
            rel.label(),
            names[b]
        ));
    }
    out
}

/// A DOT double-quoted string.
fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot(ids: &[String], labels: &[String], edges: &BTreeSet<(usize, usize, Rel)>) -> String {
    let mut out = String::from("digraph adr {\n    node [shape=box];\n");
    for (id, label) in ids.iter().zip(labels) {
        out.push_str(&format!(
            "    {} [label={}];\n",
            dot_string(id),
            dot_string(label)
        ));
    }
    for &(a, b, rel) in edges {
        let style = match rel {
            Rel::Supersedes => "",
            Rel::Amends | Rel::Links => ", style=dashed",
            Rel::Relates => ", dir=none",
        };
        out.push_str(&format!(
            "    {} -> {} [label={}{style}];\n",
            dot_string(&ids[a]),
            dot_string(&ids[b]),
            dot_string(rel.label())
        ));
    }
    out.push_str("}\n");
    out
}

// ---------------------------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------------------------

/// `{"version": 1, "records": [record…], "errors": [{"path", "line", "message"}]}`. Unreadable
/// records are listed under `errors` and on stderr, and make the exit code 1 (as `list` does),
/// after the whole document is printed.
pub fn export(store: &Store, args: ExportArgs, ui: &mut Ui<'_>) -> Result<()> {
    let crate::cli::ExportFormat::Json = args.format;
    let kinds = ordered_kinds(store, &[])?;
    let listing = load_ordered(store, &kinds)?;
    let json = json!({
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
                "code": e.code,
                "message": e.message,
            }))
            .collect::<Vec<_>>(),
    });
    print_json(&json, ui)?;
    super::list::report_unreadable(&listing, ui)
}
