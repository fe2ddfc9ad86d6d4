//! `git adr log`: the decision log. `log add` records an entry (one file each in `.adr/log/`, so
//! branches that add entries merge without conflicts); `log` prints the timeline of entries and
//! of every record's lifecycle events, taken from git history in one pass ([`crate::features::history`]).

use serde::Serialize;
use serde_json::{json, Value};

use crate::cli::{LogAction, LogAddArgs, LogArgs, LogFormat, NewFormat};
use crate::commands::shared::json::record_json;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::history::{self, Change, DateSource, Event};
use crate::git::commit::Commit;
use crate::model::config::Config;
use crate::model::record::frontmatter::yaml_scalar;
use crate::model::record::status::Role;
use crate::model::record::Record;
use crate::store::paths::path_from_cwd;
use crate::store::Store;
use crate::text::markdown::markdown_cell;
use crate::text::term::Tone;

/// Version of the JSON shape of `git adr log --format json`; bumped on incompatible changes.
pub const LOG_JSON_VERSION: u32 = 1;

/// Longest choice shown on a timeline line (the JSON has all of it).
const CHOICE_WIDTH: usize = 100;

pub fn run(store: &Store, args: LogArgs, ui: &mut Ui<'_>) -> Result<()> {
    match args.action {
        Some(LogAction::Add(add_args)) => {
            if args.since.is_some() {
                return Err(Error::usage_hint(
                    "--since filters the timeline; `git adr log add` does not take it",
                    "run `git adr log --since DATE` to see the timeline",
                ));
            }
            if args.format != LogFormat::Text {
                return Err(Error::usage_hint(
                    "--format before `add` chooses the timeline's format",
                    "put it after `add`: git adr log add TITLE … --format json",
                ));
            }
            add(store, add_args, ui)
        }
        None => timeline(store, args.since.as_deref(), args.format, ui),
    }
}

// ---------------------------------------------------------------------------------------------
// log add
// ---------------------------------------------------------------------------------------------

fn add(store: &Store, args: LogAddArgs, ui: &mut Ui<'_>) -> Result<()> {
    let root = store.workdir("log add")?.to_path_buf();
    let kind = store.config.kind("log")?.clone();

    // Everything that can be checked is checked before anything is asked or written.
    let review_by = args
        .revisit
        .as_deref()
        .map(|d| parse_date(d, "--revisit"))
        .transpose()?;
    let links = link_ids(store, &args.link)?;

    let title = super::title(
        &args.title,
        "git adr log add \"Cache TTL of five minutes\" --choice \"…\"",
        || prompt("Title of the decision-log entry", false),
        ui.interactive,
    )?;

    let [constraint, choice, why, verification] = sections(&args, ui)?;

    let today = super::today();
    // An entry records a decision already taken, not a proposal.
    let status = kind
        .lifecycle
        .status_of(Role::Accepted)
        .unwrap_or(&kind.lifecycle.initial)
        .to_string();
    let deciders = trimmed(&args.decided_by);
    let tags = trimmed(&args.tags);
    let front = entry_front_matter(
        &status,
        &today,
        &deciders,
        &tags,
        review_by.as_deref(),
        &links,
    );
    let (repo_path, record) = crate::features::create::create(
        store,
        &kind,
        &title,
        &front,
        minijinja::context! {
            date => &today, status => &status, tags => &tags, decision_makers => &deciders,
            links => &links, review_by => &review_by,
            constraint => &constraint, choice => &choice, why => &why,
            verification => &verification,
        },
    )?;

    warn_unfinished(
        &store.display_id(&record),
        [
            ("--constraint", &constraint),
            ("--choice", &choice),
            ("--why", &why),
        ],
        review_by.as_deref(),
        &today,
        ui,
    );
    match args.format {
        NewFormat::Path => {
            writeln!(ui.out, "{}", path_from_cwd(&root, &repo_path)).map_err(stdout_err)
        }
        NewFormat::Json => {
            let mut json = record_json(store, &record, false);
            json["links"] = json!(links_of(&record));
            json["constraint"] = json!(constraint);
            json["choice"] = json!(choice);
            json["why"] = json!(why);
            json["verification"] = json!(verification);
            crate::commands::shared::json::print(&json, ui)
        }
    }
}

/// The entry's sections as given (constraint, choice, why, verification); at a terminal, the
/// first three that were not given are asked for.
fn sections(args: &LogAddArgs, ui: &Ui<'_>) -> Result<[Option<String>; 4]> {
    let mut constraint = args.constraint.as_deref().and_then(section_text);
    let mut choice = args.choice.as_deref().and_then(section_text);
    let mut why = args.why.as_deref().and_then(section_text);
    let verification = args.verified_by.as_deref().and_then(section_text);
    if ui.interactive {
        for (slot, question) in [
            (&mut constraint, "Constraint: what forced a decision"),
            (&mut choice, "Choice: what was chosen"),
            (&mut why, "Why: why this over the alternatives"),
        ] {
            if slot.is_none() {
                *slot = section_text(&prompt(question, true)?);
            }
        }
    }
    Ok([constraint, choice, why, verification])
}

/// The display ids of the records `--link` names, without repeats.
fn link_ids(store: &Store, references: &[String]) -> Result<Vec<String>> {
    let mut links: Vec<String> = Vec::new();
    for reference in references {
        let record = store.find(reference, None).map_err(|e| match e {
            Error::Usage { message, hint } => Error::Usage {
                message: format!("--link {reference}: {message}"),
                hint,
            },
            other => other,
        })?;
        let shown = store.display_id(&record);
        if !links.contains(&shown) {
            links.push(shown);
        }
    }
    Ok(links)
}

/// Items given for a list, trimmed, without empty ones and repeats.
fn trimmed(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in items.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// The front-matter block's lines of a new entry.
fn entry_front_matter(
    status: &str,
    today: &str,
    deciders: &[String],
    tags: &[String],
    review_by: Option<&str>,
    links: &[String],
) -> String {
    let list = crate::model::record::frontmatter::yaml_flow_items;
    let mut front = format!("status: {}\ndate: {today}\n", yaml_scalar(status));
    if !deciders.is_empty() {
        front.push_str(&format!("decision-makers: [{}]\n", list(deciders)));
    }
    if !tags.is_empty() {
        front.push_str(&format!("tags: [{}]\n", list(tags)));
    }
    if let Some(d) = review_by {
        front.push_str(&format!("review-by: {d}\n"));
    }
    if !links.is_empty() {
        // Display ids, because links cross kinds (a log entry links to ADRs); `relates` holds
        // numbers of the record's own kind.
        front.push_str(&format!("links: [{}]\n", list(links)));
    }
    front
}

/// Warns about what the entry still lacks: sections written without their flag (they hold the
/// template's placeholder), and a revisit date already past.
fn warn_unfinished(
    shown: &str,
    sections: [(&str, &Option<String>); 3],
    review_by: Option<&str>,
    today: &str,
    ui: &mut Ui<'_>,
) {
    let missing: Vec<&str> = sections
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(flag, _)| *flag)
        .collect();
    if !missing.is_empty() {
        let (its, holds) = if missing.len() == 1 {
            ("its section", "holds")
        } else {
            ("their sections", "hold")
        };
        ui.warn(&format!(
            "{shown} was written without {}: {its} still {holds} the template's placeholder, which `git adr check` reports until written",
            missing.join(", ")
        ));
    }
    if review_by.is_some_and(|d| d < today) {
        ui.warn(&format!(
            "the revisit date {} is already past; `git adr check` reports it as overdue",
            review_by.unwrap_or_default()
        ));
    }
}

/// Asks a question at the terminal; with `optional`, an empty answer is allowed.
fn prompt(question: &str, optional: bool) -> Result<String> {
    let question = if optional {
        format!("{question} (empty: fill it in later)")
    } else {
        question.to_string()
    };
    dialoguer::Input::<String>::new()
        .with_prompt(question)
        .allow_empty(optional)
        .interact_text()
        .map_err(|e| Error::usage(format!("cannot read the answer: {e}")))
}

fn parse_date(text: &str, flag: &str) -> Result<String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| {
            Error::usage_hint(
                format!("{flag} `{text}` is not a date"),
                format!("write it as YYYY-MM-DD, e.g. {flag} 2027-05-01"),
            )
        })
}

/// Text given for a body section, made safe to put under a `## ` heading: line endings
/// normalised, control characters dropped, and a line that starts with `#` escaped so it cannot
/// become a second title or a section of its own. `None` when nothing is left.
fn section_text(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let line: String = line
                .chars()
                .filter(|c| *c == '\t' || !crate::text::term::is_unsafe_char(*c))
                .collect();
            let line = line.trim_end().to_string();
            if line.trim_start().starts_with('#') {
                format!("\\{}", line.trim_start())
            } else {
                line
            }
        })
        .collect();
    let joined = lines.join("\n");
    let joined = joined.trim_matches('\n').trim();
    (!joined.is_empty()).then(|| joined.to_string())
}

// ---------------------------------------------------------------------------------------------
// The timeline
// ---------------------------------------------------------------------------------------------

/// A decision-log entry as the timeline shows it.
#[derive(Debug, Serialize)]
struct Entry {
    date: Option<String>,
    time: Option<String>,
    date_source: DateSource,
    commit: Option<std::sync::Arc<Commit>>,
    kind: String,
    id: String,
    number: Option<u32>,
    path: String,
    title: String,
    status: Option<String>,
    choice: Option<String>,
    decided_by: Vec<String>,
    links: Vec<String>,
    tags: Vec<String>,
    review_by: Option<String>,
}

/// The timeline's items, each with its position in history (for ordering within a day).
type Timeline = Vec<(usize, Item)>;

/// One line of the timeline.
enum Item {
    Entry(Entry),
    Event(Event),
}

impl Item {
    fn date(&self) -> Option<&str> {
        match self {
            Item::Entry(e) => e.date.as_deref(),
            Item::Event(e) => e.date.as_deref(),
        }
    }

    fn number(&self) -> Option<u32> {
        match self {
            Item::Entry(e) => e.number,
            Item::Event(e) => e.number,
        }
    }

    /// The item as JSON: `event` first (`entry`, `created`, `status-changed`, `renamed`,
    /// `deleted`), then its fields, and `uncommitted`.
    fn json(&self) -> Value {
        let (event, fields, source) = match self {
            Item::Entry(e) => ("entry".to_string(), serde_json::to_value(e), e.date_source),
            Item::Event(e) => {
                let v = serde_json::to_value(e);
                let tag = v
                    .as_ref()
                    .ok()
                    .and_then(|v| v["event"].as_str().map(str::to_string))
                    .unwrap_or_default();
                (tag, v, e.date_source)
            }
        };
        let mut out = serde_json::Map::new();
        out.insert("event".into(), json!(event));
        if let Ok(Value::Object(fields)) = fields {
            out.extend(fields.into_iter().filter(|(k, _)| k != "event"));
        }
        out.insert("uncommitted".into(), json!(source == DateSource::WorkTree));
        Value::Object(out)
    }
}

fn timeline(store: &Store, since: Option<&str>, format: LogFormat, ui: &mut Ui<'_>) -> Result<()> {
    let since = since.map(|s| parse_date(s, "--since")).transpose()?;
    let history = super::load_history(store, ui)?;
    if history.shallow {
        ui.warn("this is a shallow clone: records created before its oldest commit are dated from their front matter, not from history (`git fetch --unshallow` fetches the rest)");
    }
    let uncommitted = history::uncommitted(store, None)?;

    let (mut items, shown_creations) = entries(store, &history, &uncommitted, ui)?;
    let entry_paths: std::collections::HashSet<String> = items
        .iter()
        .map(|(_, i)| match i {
            Item::Entry(e) => e.path.clone(),
            Item::Event(e) => e.path.clone(),
        })
        .collect();
    for (i, event) in history.events.into_iter().enumerate() {
        let is_entry_creation = shown_creations.contains(&i);
        if is_entry_creation || event.change == Change::Modified {
            continue;
        }
        items.push((event.order, Item::Event(event)));
    }
    for event in uncommitted {
        let entry_creation = event.kind == "log"
            && matches!(event.change, Change::Created { .. })
            && entry_paths.contains(&event.path);
        if entry_creation || event.change == Change::Modified {
            continue;
        }
        items.push((event.order, Item::Event(event)));
    }

    if let Some(since) = &since {
        items.retain(|(_, i)| i.date().is_some_and(|d| d >= since.as_str()));
    }
    // Newest first: by date, then by position in history (uncommitted first, topological order
    // within a day), undated last.
    // One commit's events, or a shallow boundary's, share a position: higher numbers first.
    items.sort_by(|(oa, a), (ob, b)| {
        b.date()
            .cmp(&a.date())
            .then(oa.cmp(ob))
            .then(b.number().cmp(&a.number()))
    });
    let items: Vec<Item> = items.into_iter().map(|(_, i)| i).collect();

    match format {
        LogFormat::Json => {
            let json = json!({
                "version": LOG_JSON_VERSION,
                "shallow": history.shallow,
                "events": items.iter().map(Item::json).collect::<Vec<_>>(),
            });
            crate::commands::shared::json::print(&json, ui)
        }
        LogFormat::Text => print_text(&store.config, &items, since.as_deref(), ui),
        LogFormat::Markdown => print_markdown(&store.config, &items, since.as_deref(), ui),
    }
}

/// The decision-log entries as they are now, each with the event that created it (by position
/// in history), and which creation events they stand for.
fn entries(
    store: &Store,
    history: &history::History,
    uncommitted: &[Event],
    ui: &mut Ui<'_>,
) -> Result<(Timeline, std::collections::HashSet<usize>)> {
    let mut entries = Vec::new();
    if let Some(log_kind) = store.config.kinds.get("log") {
        let listing = store.load(&store.default_source()?, &[log_kind])?;
        for e in &listing.errors {
            ui.warn(&format!("skipped: {e}"));
        }
        entries = listing.records;
    }
    let creations = history.creations();
    let mut shown_creations = std::collections::HashSet::new();
    let mut items: Vec<(usize, Item)> = Vec::new();
    for record in entries {
        let created: Option<&Event> = match creations.get(record.path.as_str()) {
            Some(i) => {
                shown_creations.insert(*i);
                Some(&history.events[*i])
            }
            None => uncommitted
                .iter()
                .find(|e| e.path == record.path && matches!(e.change, Change::Created { .. })),
        };
        let order = created.map_or(usize::MAX, |c| c.order);
        let f = &record.front;
        let entry = Entry {
            date: f
                .date
                .clone()
                .or_else(|| created.and_then(|c| c.date.clone())),
            time: created.and_then(|c| c.time.clone()),
            date_source: created.map_or(DateSource::FrontMatter, |c| c.date_source),
            commit: created.and_then(|c| c.commit.clone()),
            kind: record.kind.clone(),
            id: store.display_id(&record),
            number: record.id.map(|i| i.0),
            path: record.path.clone(),
            title: record.title.clone(),
            status: f.status.clone(),
            choice: crate::model::record::section_text(record.body(), "Choice"),
            decided_by: f.decision_makers.clone(),
            links: links_of(&record),
            tags: f.tags.clone(),
            review_by: f.review_by.clone(),
        };
        items.push((order, Item::Entry(entry)));
    }
    Ok((items, shown_creations))
}

/// What an item says: a label (what happened, or the new status) and a description.
fn describe(config: &Config, item: &Item) -> (String, String) {
    match item {
        Item::Entry(e) => {
            let text = match &e.choice {
                Some(c) => format!("{}: {}", e.title, shorten(c, CHOICE_WIDTH)),
                None => e.title.clone(),
            };
            ("logged".into(), text)
        }
        Item::Event(e) => match &e.change {
            Change::Created { status } => (
                "created".into(),
                match status {
                    Some(s) => format!("{} ({s})", e.title),
                    None => e.title.clone(),
                },
            ),
            Change::StatusChanged { from, to } => {
                let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "no status".into());
                let by = e.successors_phrase(config);
                let text = format!("{} ({} → {}{by})", e.title, show(from), show(to));
                (to.clone().unwrap_or_else(|| "status".into()), text)
            }
            Change::Renamed { from_path } => {
                ("renamed".into(), format!("{} (was {from_path})", e.title))
            }
            Change::Deleted { .. } => ("deleted".into(), e.title.clone()),
            Change::Modified => ("modified".into(), e.title.clone()),
        },
    }
}

/// Who and which commit, or why there is none.
fn provenance(item: &Item) -> String {
    let (commit, source) = match item {
        Item::Entry(e) => (&e.commit, e.date_source),
        Item::Event(e) => (&e.commit, e.date_source),
    };
    match (commit, source) {
        (Some(c), _) => format!("{} {}", c.author, c.short),
        (None, DateSource::WorkTree) => "uncommitted".into(),
        (None, _) => "date from front matter".into(),
    }
}

fn id_of(item: &Item) -> &str {
    match item {
        Item::Entry(e) => &e.id,
        Item::Event(e) => &e.id,
    }
}

/// The colour of an item's label: the role of the status an event moved to.
fn tone(config: &Config, item: &Item) -> Option<Tone> {
    let Item::Event(e) = item else { return None };
    let Change::StatusChanged { to: Some(to), .. } = &e.change else {
        return None;
    };
    config.lifecycle_of(&e.kind).role_of(to).map(Role::tone)
}

fn print_text(config: &Config, items: &[Item], since: Option<&str>, ui: &mut Ui<'_>) -> Result<()> {
    if items.is_empty() {
        let msg = match since {
            Some(s) => format!("no decision-log entries or record events since {s}"),
            None => "no decision-log entries or record events yet".into(),
        };
        return writeln!(ui.out, "{msg}").map_err(stdout_err);
    }
    let rows: Vec<(String, String, String, String, String)> = items
        .iter()
        .map(|i| {
            let (label, text) = describe(config, i);
            (
                i.date().unwrap_or("(no date)").to_string(),
                render_term(id_of(i)),
                render_term(&label),
                render_term(&text),
                render_term(&provenance(i)),
            )
        })
        .collect();
    let width = |f: fn(&(String, String, String, String, String)) -> &String| {
        rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0)
    };
    let (wd, wi, wl) = (width(|r| &r.0), width(|r| &r.1), width(|r| &r.2));
    let style = ui.style;
    for ((date, id, label, text, who), item) in rows.iter().zip(items) {
        let pad = |s: &str, w: usize| " ".repeat(w.saturating_sub(s.chars().count()));
        writeln!(
            ui.out,
            "{date}{}  {}{}  {}{}  {text}  {}",
            pad(date, wd),
            style.bold(id),
            pad(id, wi),
            style.status(label, tone(config, item)),
            pad(label, wl),
            style.dim(who)
        )
        .map_err(stdout_err)?;
    }
    Ok(())
}

fn print_markdown(
    config: &Config,
    items: &[Item],
    since: Option<&str>,
    ui: &mut Ui<'_>,
) -> Result<()> {
    if items.is_empty() {
        let msg = match since {
            Some(s) => format!("_No decision-log entries or record events since {s}._"),
            None => "_No decision-log entries or record events yet._".into(),
        };
        return writeln!(ui.out, "{msg}").map_err(stdout_err);
    }
    for item in items {
        let (label, text) = describe(config, item);
        let who = match item {
            Item::Entry(Entry {
                commit: Some(c), ..
            })
            | Item::Event(Event {
                commit: Some(c), ..
            }) => format!("{}, `{}`", markdown_cell(&c.author), c.short),
            _ => markdown_cell(&provenance(item)),
        };
        let line = format!(
            "- **{}** {} *{}* {} — {who}",
            markdown_cell(item.date().unwrap_or("(no date)")),
            markdown_cell(id_of(item)),
            markdown_cell(&label),
            markdown_cell(&text),
        );
        writeln!(ui.out, "{}", crate::text::term::for_stdout(&line)).map_err(stdout_err)?;
    }
    Ok(())
}

fn render_term(s: &str) -> String {
    crate::text::term::term(s).replace('\n', " ")
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The `links` of a record's front matter (display ids such as `ADR-0002`). The typed front
/// matter does not know the key, so it is read here from the YAML; anything unreadable is no
/// links (`git adr check` reports broken YAML).
fn links_of(record: &Record) -> Vec<String> {
    let (_, text) = crate::model::record::frontmatter::strip_bom(&record.text);
    let Ok(block) = crate::model::record::frontmatter::locate(text) else {
        return vec![];
    };
    let yaml = text[block.yaml].replace("\r\n", "\n");
    let Ok(Some(Value::Object(map))) = serde_saphyr::from_str::<Option<Value>>(&yaml) else {
        return vec![];
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match map.get("links") {
        Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).into_iter().collect(),
        None => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_text_keeps_lines_but_not_headings_or_escapes() {
        assert_eq!(section_text("  \n"), None);
        assert_eq!(
            section_text("one\r\n# two\n## three\x1b[2J"),
            Some("one\n\\# two\n\\## three[2J".into())
        );
    }

    #[test]
    fn sections_are_read_unless_placeholders() {
        let body = "\n# T\n\n## Choice\n\nFive minutes.\nNo more.\n\n## Why\n\n{Why this}\n";
        assert_eq!(
            crate::model::record::section_text(body, "Choice").as_deref(),
            Some("Five minutes. No more.")
        );
        assert_eq!(crate::model::record::section_text(body, "Why"), None);
        assert_eq!(crate::model::record::section_text(body, "Constraint"), None);
    }
}
