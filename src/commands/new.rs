//! `git adr new`: create a record with a collision-free number, from its kind's template.

use crate::cli::{NewArgs, NewFormat};
use crate::commands::shared::json::record_json;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, RecordError, Result};
use crate::features::{lifecycle, settled};
use crate::model::config::Kind;
use crate::model::record::frontmatter::{yaml_scalar, Value};
use crate::model::record::status::Role;
use crate::model::record::Record;
use crate::store::paths::path_from_cwd;
use crate::store::Store;
use crate::text::term::one_line;

pub fn run(store: &Store, args: NewArgs, ui: &mut Ui<'_>) -> Result<()> {
    let root = store.workdir("new")?.to_path_buf();
    let kind = store.config.kind(&args.kind)?.clone();
    let title = super::title(
        &args.title,
        "git adr new \"Use PostgreSQL for the event store\"",
        || {
            dialoguer::Input::new()
                .with_prompt(format!("Title of the new {} record", kind.name))
                .interact_text()
                .map_err(|e| Error::usage(format!("cannot read the title: {e}")))
        },
        ui.interactive,
    )?;
    let status = status_of(&args, &kind)?;
    let date = date_of(&args)?;
    check_globs(&args)?;
    // Records this one supersedes or amends must exist, and be allowed to change, before we
    // create anything.
    let superseded = resolve_all(store, &kind, &args.supersedes, "--supersedes")?;
    let amended = resolve_all(store, &kind, &args.amends, "--amends")?;
    let mut superseded_status = String::new();
    for old in &superseded {
        superseded_status = lifecycle::check_supersedable(store, old, None, args.force)?;
    }
    let fields = Fields::of(&args, &superseded);
    let front = fields.front_matter(&status, &date, &superseded, &amended);
    // Usage errors in --section before the (possibly slow) look for earlier decisions.
    let fill = fill_of(&args)?;
    let json = args.format == NewFormat::Json;
    let weighed = already_weighed(store, &kind, &title, &fields, ui.progress || json);
    if ui.progress && !json {
        say_weighed(&weighed, ui);
    }
    let editing = args.edit || (ui.interactive && !args.no_edit);
    // The other ends of the relations, from the records as they are under the edit lock, so a
    // concurrent edit of them is kept.
    let ends = |record: &Record| -> Result<Vec<_>> {
        let superseded = reread_all(store, &superseded)?;
        let amended = reread_all(store, &amended)?;
        Ok(other_ends(record, &superseded_status, superseded, amended))
    };
    // Without the editor, the new record and the other ends are written as one edit (all or
    // nothing, even across a kill). With it, the other ends wait for the editor, so an aborted
    // edit leaves no trace.
    let (repo_path, record) = crate::features::create::create_filled(
        store,
        &kind,
        &title,
        &front,
        minijinja::context! {
            date => &date, status => &status, tags => &fields.tags,
            paths => &fields.paths, decision_makers => &fields.deciders,
            supersedes => superseded.iter().map(|r| store.display_id(r)).collect::<Vec<_>>(),
            amends => amended.iter().map(|r| store.display_id(r)).collect::<Vec<_>>(),
            links => body_links(store, &kind, &superseded, &amended),
        },
        &fill,
        if editing { &|_| Ok(Vec::new()) } else { &ends },
    )?;

    let edited = if editing {
        let edited = edit(store, &kind, &root, &repo_path, ui)?;
        // Undo the new file if the other ends cannot be written.
        let written = store.lock().and_then(|_lock| store.apply(ends(&record)?));
        if let Err(e) = written {
            let _ = std::fs::remove_file(root.join(&repo_path));
            return Err(e);
        }
        edited
    } else {
        Ok(())
    };
    if let Err(problem) = edited {
        writeln!(ui.out, "{}", path_from_cwd(&root, &repo_path)).map_err(stdout_err)?;
        // Each piece on its own line, each made one line: the record's text (a status with a
        // newline) must not start a line of its own in a CI log.
        let _ = writeln!(ui.err, "error: {}", one_line(&problem.to_string()));
        if let Some(hint) = &problem.hint {
            let _ = writeln!(ui.err, "  hint: {}", one_line(hint));
        }
        return Err(Error::Findings(format!(
            "the record is kept at {repo_path}: fix it, then run `git adr check`"
        )));
    }
    match args.format {
        NewFormat::Path => {
            writeln!(ui.out, "{}", path_from_cwd(&root, &repo_path)).map_err(stdout_err)
        }
        NewFormat::Json => {
            let record = crate::git::source::Source::WorkTree(root.clone())
                .read(&repo_path)
                .and_then(|b| store.parse(&kind, &repo_path, b))
                .unwrap_or(record);
            let mut v = record_json(store, &record, false);
            v["settled_before"] = serde_json::json!(weighed);
            crate::commands::shared::json::print(&v, ui)
        }
    }
}

/// `--option` and `--section HEADING=TEXT`, checked before anything is created.
fn fill_of(args: &NewArgs) -> Result<crate::features::create::Fill> {
    let mut sections = Vec::new();
    for given in &args.sections {
        match given.split_once('=') {
            Some((heading, text)) if !heading.trim().is_empty() => {
                sections.push((heading.trim().to_string(), text.to_string()))
            }
            _ => {
                return Err(Error::usage_hint(
                    format!("--section {given:?} is not HEADING=TEXT"),
                    "e.g. --section \"Context and Problem Statement=Orders arrive twice\"",
                ))
            }
        }
    }
    Ok(crate::features::create::Fill {
        options: args.options.clone(),
        sections,
    })
}

/// Decisions whose options or titles match the new title (none when `[settled]` is off, for
/// checklists, or when `wanted` is false). A note only: records that cannot be read make it
/// shorter, never stop `new`.
fn already_weighed(
    store: &Store,
    kind: &Kind,
    title: &str,
    fields: &Fields,
    wanted: bool,
) -> Vec<settled::Match> {
    if !wanted || kind.name == "dod" || !store.config.settled.enabled {
        return Vec::new();
    }
    let Ok(listing) = store.default_source().and_then(|s| store.load(&s, &[])) else {
        return Vec::new();
    };
    let records: Vec<&Record> = listing.records.iter().collect();
    let query = settled::Query {
        text: title,
        tags: &fields.tags,
        paths: &fields.paths,
        ..settled::Query::default()
    };
    settled::Index::build(&store.config, &records).weighed(&query, WEIGHED_SHOWN)
}

/// How many earlier decisions `new` names.
const WEIGHED_SHOWN: usize = 5;

/// "ADR-0003 already weighed this: …", on standard error, before the editor opens.
fn say_weighed(weighed: &[settled::Match], ui: &mut Ui<'_>) {
    for m in weighed {
        let e = &m.settled;
        let because = e
            .because
            .as_deref()
            .map(|b| format!(" because {b}"))
            .unwrap_or_default();
        let line = format!(
            "{} already weighed this: \"{}\" {}{because}",
            e.id,
            e.option,
            settled::describe(e)
        );
        let _ = writeln!(ui.err, "note: {}", one_line(&line));
    }
    if !weighed.is_empty() {
        let _ = writeln!(
            ui.err,
            "note: link what you reopen (`--supersedes N`, or `relates` in the front matter); `git adr settled` searches further"
        );
    }
}

/// `--date` as YYYY-MM-DD, else today.
fn date_of(args: &NewArgs) -> Result<String> {
    match &args.date {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| {
                Error::usage_hint(
                    format!("--date `{d}` is not a date"),
                    "write it as YYYY-MM-DD, e.g. --date 2026-11-25",
                )
            }),
        None => Ok(super::today()),
    }
}

/// Every `--path` must be a glob we can match, before anything is written.
fn check_globs(args: &NewArgs) -> Result<()> {
    for glob in &args.paths {
        crate::model::globs::matcher(glob).map_err(|e| {
            Error::usage_hint(
                format!("--path `{glob}` is not a valid glob: {e}"),
                "globs look like 'src/db/**', 'docs/' or '*.sql' (matched like .gitignore)",
            )
        })?;
    }
    Ok(())
}

/// The status the record starts in: `--status`, else the lifecycle's initial one.
fn status_of(args: &NewArgs, kind: &Kind) -> Result<String> {
    let Some(s) = &args.status else {
        return Ok(kind.lifecycle.initial.clone());
    };
    if kind.lifecycle.role_of(s) == Some(Role::Superseded) {
        return Err(Error::usage_hint(
            format!("a new record cannot start as {s}"),
            "create it, then run `git adr supersede OLD NEW` so both records say so",
        ));
    }
    if !kind.lifecycle.statuses.contains(s) {
        return Err(Error::usage_hint(
            format!("--status `{s}` is not a status of {} records", kind.name),
            format!("use one of: {}", kind.lifecycle.statuses.join(", ")),
        ));
    }
    Ok(s.clone())
}

/// The lists the new record's front matter holds.
struct Fields {
    tags: Vec<String>,
    paths: Vec<String>,
    deciders: Vec<String>,
}

impl Fields {
    /// The lists as given; a replacement governs what the old decision governed (its tags and
    /// paths), unless told otherwise.
    fn of(args: &NewArgs, superseded: &[Record]) -> Fields {
        let given = |items: &[String]| -> Vec<String> {
            items
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let mut tags = given(&args.tags);
        let mut paths = args.paths.clone();
        let inherit = |list: &mut Vec<String>, from: &[String]| {
            let more: Vec<String> = from.iter().filter(|i| !list.contains(i)).cloned().collect();
            list.extend(more);
        };
        for old in superseded {
            if args.tags.is_empty() {
                inherit(&mut tags, &old.front.tags);
            }
            if args.paths.is_empty() {
                inherit(&mut paths, &old.front.paths);
            }
        }
        Fields {
            tags,
            paths,
            deciders: given(&args.deciders),
        }
    }

    /// The front-matter block's lines.
    fn front_matter(
        &self,
        status: &str,
        date: &str,
        superseded: &[Record],
        amended: &[Record],
    ) -> String {
        let list = crate::model::record::frontmatter::yaml_flow_items;
        let ids = |records: &[Record]| {
            records
                .iter()
                .filter_map(|r| r.id)
                .map(|i| i.0.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut front = format!("status: {}\ndate: {date}\n", yaml_scalar(status));
        for (key, items) in [
            ("decision-makers", &self.deciders),
            ("tags", &self.tags),
            ("paths", &self.paths),
        ] {
            if !items.is_empty() {
                front.push_str(&format!("{key}: [{}]\n", list(items)));
            }
        }
        for (key, records) in [("supersedes", superseded), ("amends", amended)] {
            if !records.is_empty() {
                front.push_str(&format!("{key}: [{}]\n", ids(records)));
            }
        }
        front
    }
}

/// The edits that write the other ends of the new record's relations: the records it
/// supersedes become superseded by it, those it amends amended by it.
fn other_ends(
    record: &Record,
    superseded_status: &str,
    superseded: Vec<Record>,
    amended: Vec<Record>,
) -> Vec<(Record, Vec<(&'static str, Value)>)> {
    let mut edits = Vec::new();
    for old in superseded {
        edits.push(lifecycle::superseded_by_edit(
            old,
            record.id,
            superseded_status,
        ));
    }
    for old in amended {
        let mut by = old.front.amended_by.clone();
        by.extend(record.id);
        by.dedup();
        edits.push((old, vec![("amended-by", Value::ids(&by))]));
    }
    edits
}

/// `records` as their files say now.
fn reread_all(store: &Store, records: &[Record]) -> Result<Vec<Record>> {
    records.iter().map(|r| store.reread(r)).collect()
}

fn resolve_all(store: &Store, kind: &Kind, refs: &[String], flag: &str) -> Result<Vec<Record>> {
    if !refs.is_empty() && !kind.numbered {
        return Err(Error::usage(format!(
            "{flag} needs a numbered kind; {} records have no numbers",
            kind.name
        )));
    }
    let mut out: Vec<Record> = Vec::new();
    for r in refs {
        let record = store.find(r, Some(kind)).map_err(|e| match e {
            Error::Usage { message, hint } => Error::Usage {
                message: format!("{flag} {r}: {message}"),
                hint,
            },
            other => other,
        })?;
        if !out.iter().any(|o| o.path == record.path) {
            out.push(record);
        }
    }
    Ok(out)
}

/// Opens the new record in the user's editor the way git does (`sh -c '$EDITOR "$@"'`). Like
/// `git commit`, an emptied file aborts (it is removed, and the error says so). A file the edit
/// broke is kept; the inner `Err` says what is wrong with it, for the caller to print.
fn edit(
    store: &Store,
    kind: &Kind,
    root: &std::path::Path,
    repo_path: &str,
    ui: &mut Ui<'_>,
) -> Result<std::result::Result<(), RecordError>> {
    let editor = store.repo.editor();
    let path = root.join(repo_path);
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(&path)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => ui.warn(&format!(
            "the editor `{editor}` exited with {s}; the record is kept at {repo_path}"
        )),
        Err(e) => ui.warn(&format!(
            "cannot start the editor `{editor}`: {e}; the record is kept at {repo_path}"
        )),
    }
    // Like `git commit`: an emptied file means "abort"; a broken one is kept but is not success.
    let full = root.join(repo_path);
    if std::fs::read_to_string(&full).is_ok_and(|t| t.trim().is_empty()) {
        let _ = std::fs::remove_file(&full);
        return Err(Error::Findings(format!(
            "the record was left empty, so {repo_path} was removed"
        )));
    }
    let reread = crate::git::source::Source::WorkTree(root.to_path_buf())
        .read(repo_path)
        .and_then(|b| store.parse(kind, repo_path, b));
    Ok(reread.map(|_| ()))
}

/// Links to the records a new one supersedes or amends, for templates of existing folders
/// that write relations in the body (adr-tools, MADR 2). The folder is where the new record
/// goes, so links are relative to it.
fn body_links(
    store: &Store,
    kind: &Kind,
    superseded: &[Record],
    amended: &[Record],
) -> Vec<minijinja::Value> {
    let dir = kind.path();
    let link = |relation: &str, r: &Record| {
        minijinja::context! {
            relation => relation, number => r.id.map(|i| i.0), title => &r.title,
            display => store.display_id(r),
            href => crate::store::relative_link(&dir, &r.path),
        }
    };
    superseded
        .iter()
        .map(|r| link("Supersedes", r))
        .chain(amended.iter().map(|r| link("Amends", r)))
        .collect()
}
