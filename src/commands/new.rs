//! `git adr new`: create a record with a collision-free number, from its kind's template.

use crate::cli::{NewArgs, NewFormat};
use crate::commands::json::record_json;
use crate::commands::stdout_err;
use crate::error::{Error, Result};
use crate::model::config::Kind;
use crate::model::record::frontmatter::{yaml_scalar, Value};
use crate::model::record::slug::clean_title;
use crate::model::record::Record;
use crate::store::paths::path_from_cwd;
use crate::store::Store;
use crate::Ui;

pub fn run(store: &Store, args: NewArgs, ui: &mut Ui<'_>) -> Result<()> {
    let root = store.workdir("new")?.to_path_buf();
    let kind = store.config.kind(&args.kind)?.clone();

    let mut title = clean_title(&args.title.join(" "));
    if title.is_empty() {
        if !ui.interactive {
            return Err(Error::usage_hint(
                "a title is required",
                "give it as the TITLE argument: git adr new \"Use PostgreSQL for the event store\"",
            ));
        }
        let typed: String = dialoguer::Input::new()
            .with_prompt(format!("Title of the new {} record", kind.name))
            .interact_text()
            .map_err(|e| Error::usage(format!("cannot read the title: {e}")))?;
        title = clean_title(&typed);
        if title.is_empty() {
            return Err(Error::usage("the title is empty"));
        }
    }

    let status = match &args.status {
        Some(s) => {
            if s == "superseded" {
                return Err(Error::usage_hint(
                    "a new record cannot start as superseded",
                    "create it, then run `git adr supersede OLD NEW` so both records say so",
                ));
            }
            if !kind.lifecycle.statuses.contains(s) {
                return Err(Error::usage_hint(
                    format!("--status `{s}` is not a status of {} records", kind.name),
                    format!("use one of: {}", kind.lifecycle.statuses.join(", ")),
                ));
            }
            s.clone()
        }
        None => kind.lifecycle.initial.clone(),
    };
    let date = match &args.date {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| {
                Error::usage_hint(
                    format!("--date `{d}` is not a date"),
                    "write it as YYYY-MM-DD, e.g. --date 2026-11-25",
                )
            })?,
        None => super::today(),
    };
    for glob in &args.paths {
        crate::model::globs::matcher(glob).map_err(|e| {
            Error::usage_hint(
                format!("--path `{glob}` is not a valid glob: {e}"),
                "globs look like 'src/db/**', 'docs/' or '*.sql' (matched like .gitignore)",
            )
        })?;
    }
    // Records this one supersedes or amends must exist, and be allowed to change, before we
    // create anything.
    let superseded = resolve_all(store, &kind, &args.supersedes, "--supersedes")?;
    let amended = resolve_all(store, &kind, &args.amends, "--amends")?;
    for old in &superseded {
        super::lifecycle::check_supersedable(store, old, None, args.force)?;
    }

    let mut front = format!("status: {}\ndate: {date}\n", yaml_scalar(&status));
    let list = crate::model::record::frontmatter::yaml_flow_items;
    let ids = |records: &[Record]| {
        records
            .iter()
            .filter_map(|r| r.id)
            .map(|i| i.0.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut tags: Vec<String> = args
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    // A replacement governs what the old decision governed, unless told otherwise.
    let mut paths = args.paths.clone();
    for old in &superseded {
        if args.tags.is_empty() {
            tags.extend(
                old.front
                    .tags
                    .iter()
                    .filter(|t| !tags.contains(t))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
        if args.paths.is_empty() {
            paths.extend(
                old.front
                    .paths
                    .iter()
                    .filter(|p| !paths.contains(p))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
    }
    let deciders: Vec<String> = args
        .deciders
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if !deciders.is_empty() {
        front.push_str(&format!("decision-makers: [{}]\n", list(&deciders)));
    }
    if !tags.is_empty() {
        front.push_str(&format!("tags: [{}]\n", list(&tags)));
    }
    if !paths.is_empty() {
        front.push_str(&format!("paths: [{}]\n", list(&paths)));
    }
    if !superseded.is_empty() {
        front.push_str(&format!("supersedes: [{}]\n", ids(&superseded)));
    }
    if !amended.is_empty() {
        front.push_str(&format!("amends: [{}]\n", ids(&amended)));
    }

    let (repo_path, record) = crate::features::create::create(
        store,
        &kind,
        &title,
        &front,
        minijinja::context! {
            date => &date, status => &status, tags => &tags,
            paths => &paths, decision_makers => &deciders,
            supersedes => superseded.iter().map(|r| store.display_id(r)).collect::<Vec<_>>(),
            amends => amended.iter().map(|r| store.display_id(r)).collect::<Vec<_>>(),
            links => body_links(store, &kind, &superseded, &amended),
        },
    )?;

    // The editor runs before the other records change, so an aborted edit leaves no trace.
    let edited = if args.edit || (ui.interactive && !args.no_edit) {
        edit(store, &kind, &root, &repo_path, ui)?
    } else {
        Ok(())
    };

    // The other ends of the relations, in one operation; undo the new file if they fail.
    let mut edits = Vec::new();
    for old in superseded {
        let mut by = old.front.superseded_by.clone();
        by.extend(record.id);
        by.dedup();
        edits.push((
            old,
            vec![
                ("status", Value::text("superseded")),
                ("superseded-by", Value::ids(&by)),
            ],
        ));
    }
    for old in amended {
        let mut by = old.front.amended_by.clone();
        by.extend(record.id);
        by.dedup();
        edits.push((old, vec![("amended-by", Value::ids(&by))]));
    }
    if let Err(e) = store.apply(edits) {
        let _ = std::fs::remove_file(root.join(&repo_path));
        return Err(e);
    }
    if let Err(problem) = edited {
        writeln!(ui.out, "{}", path_from_cwd(&root, &repo_path)).map_err(stdout_err)?;
        return Err(Error::Findings(problem));
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
            let json = record_json(store, &record, false);
            crate::commands::json::print(&json, ui)
        }
    }
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
/// broke is kept; the inner `Err` says what is wrong with it.
fn edit(
    store: &Store,
    kind: &Kind,
    root: &std::path::Path,
    repo_path: &str,
    ui: &mut Ui<'_>,
) -> Result<std::result::Result<(), String>> {
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
    Ok(reread.map(|_| ()).map_err(|e| {
        let hint = e.hint.as_deref().map(|h| format!("\n  hint: {h}")).unwrap_or_default();
        format!("error: {e}{hint}\n  the record is kept at {repo_path}: fix it, then run `git adr check`")
    }))
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
