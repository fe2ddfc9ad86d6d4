//! `git adr trace ID` (the commits that cite a decision) and `git adr why PATH` (the decisions
//! that govern a file).

use serde_json::json;

use crate::cli::{TextOrJson, TraceArgs, WhyArgs};
use crate::commands::shared::json::record_json;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::git::commit::listed_json;
use crate::store::paths::repo_path_from_arg;
use crate::store::Store;
use crate::text::term::term;

pub fn trace(store: &Store, args: TraceArgs, ui: &mut Ui<'_>) -> Result<()> {
    let record = store.find(&args.id, None)?;
    let Some(id) = record.id else {
        return Err(Error::usage(
            "only numbered records can be cited in trailers",
        ));
    };
    let Some(head) = store.repo.head_id()? else {
        return writeln!(ui.out, "no commits yet").map_err(stdout_err);
    };
    let hits: Vec<_> = store
        .repo
        .commits(head, None, "walking history")?
        .into_iter()
        .filter(|(_, message)| {
            crate::features::citations::cited(message, &store.config)
                .iter()
                .any(|(k, i)| k.name == record.kind && *i == id)
        })
        .map(|(commit, _)| commit)
        .collect();
    let shown = store.display_id(&record);
    match args.format {
        TextOrJson::Json => {
            let v = json!({
                "record": record_json(store, &record, false),
                "commits": hits.iter().map(listed_json).collect::<Vec<_>>(),
            });
            crate::commands::shared::json::print(&v, ui)
        }
        TextOrJson::Text => {
            if hits.is_empty() {
                let key = &store.config.trailers.key;
                let _ = writeln!(
                    ui.err,
                    "no commit cites {shown} (cite it with a `{key}: {shown}` trailer)"
                );
                return Ok(());
            }
            let s = ui.style;
            for c in &hits {
                writeln!(
                    ui.out,
                    "{}  {}  {}  {}",
                    s.bold(&c.short),
                    c.committed_day(),
                    term(&c.author),
                    term(&c.subject)
                )
                .map_err(stdout_err)?;
            }
            Ok(())
        }
    }
}

pub fn why(store: &Store, args: WhyArgs, ui: &mut Ui<'_>) -> Result<()> {
    let file = match &store.root {
        Some(root) => repo_path_from_arg(root, &args.path),
        None => args.path.trim_start_matches("./").to_string(),
    };
    let source = store.default_source()?;
    let listing = store.load(&source, &[])?;
    for e in &listing.errors {
        ui.warn(&format!("skipped {e}"));
    }
    let governing: Vec<(&crate::model::record::Record, Vec<&String>)> = listing
        .records
        .iter()
        .filter_map(|r| {
            let patterns = crate::features::governs::patterns_matching(r, &file);
            (!patterns.is_empty()).then_some((r, patterns))
        })
        .collect();
    match args.format {
        TextOrJson::Json => {
            let items: Vec<_> = governing
                .iter()
                .map(|(r, pats)| {
                    let mut v = record_json(store, r, false);
                    v["matched_by"] = json!(pats);
                    v
                })
                .collect();
            let v = json!({"path": file, "decisions": items});
            crate::commands::shared::json::print(&v, ui)
        }
        TextOrJson::Text => {
            if governing.is_empty() {
                let _ = writeln!(ui.err, "no decision's `paths` govern {}", term(&file));
                return Ok(());
            }
            let s = ui.style;
            for (r, pats) in &governing {
                let status = r.front.status.as_deref().unwrap_or("-");
                writeln!(
                    ui.out,
                    "{}  {}  {}  {}",
                    s.bold(&store.display_id(r)),
                    s.status(&term(status), store.config.role(r).map(|role| role.tone())),
                    term(&r.title),
                    s.dim(&format!(
                        "({})",
                        pats.iter()
                            .map(|p| term(p).into_owned())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                )
                .map_err(stdout_err)?;
            }
            Ok(())
        }
    }
}
