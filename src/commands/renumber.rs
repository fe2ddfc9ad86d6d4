//! `git adr renumber OLD NEW` and `git adr renumber OLD --next`: move a record to a free number
//! and make every reference to it follow, all or nothing. The engine, and what it does and why,
//! is [`crate::features::renumber`].

use crate::cli::RenumberArgs;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::features::renumber::{self, Outcome, Request};
use crate::store::Store;
use crate::text::term::term;

pub fn run(store: &Store, args: RenumberArgs, ui: &mut Ui<'_>) -> Result<()> {
    let request = Request {
        old: args.old,
        new: args.new,
        next: args.next,
        kind: args.kind,
        dry_run: args.dry_run,
    };
    let old = renumber::resolve(store, &request)?;
    if let Some(note) = &old.note {
        let _ = writeln!(ui.err, "note: {}", term(note));
    }
    let outcome = renumber::renumber(store, &request, old)?;
    let mut out = describe(&outcome, request.dry_run);
    if request.dry_run {
        out.push_str("dry run: nothing was changed\n");
    }
    write!(ui.out, "{}", term(&out)).map_err(stdout_err)?;
    for path in &outcome.not_staged {
        ui.warn(&format!("{path} has changes that are not staged, so its reference edits are left unstaged with them: `git add {path}` when it is ready"));
    }
    for warning in outcome.plan.ambiguous.iter().chain(&outcome.mentions) {
        ui.warn(warning);
    }
    Ok(())
}

/// What renumbering did (or, with `dry_run`, would do), as the lines printed on stdout.
fn describe(outcome: &Outcome, dry_run: bool) -> String {
    let plan = &outcome.plan;
    let (shown_old, shown_new) = (&outcome.shown_old, &outcome.shown_new);
    let (renamed, updated) = if dry_run {
        ("would rename", "would update")
    } else {
        ("renamed", "updated")
    };
    let mut out = String::new();
    let summary = plan.updated_summary();
    out.push_str(&format!(
        "{renamed} {} → {} ({shown_old} → {shown_new}); {}\n",
        outcome.old_path,
        outcome.new_path,
        if summary.is_empty() {
            format!("no record refers to {shown_old}")
        } else {
            format!("{updated} references in {summary}")
        }
    ));
    if outcome.tracked {
        out.push_str(&format!(
            "{} the rename and the reference edits in the index, as `git mv` would{}\n",
            if dry_run { "would stage" } else { "staged" },
            if outcome.not_staged.is_empty() {
                ""
            } else {
                ", except the edits of files with unstaged changes"
            }
        ));
    }
    if dry_run {
        for change in &plan.changes {
            out.push_str(&format!(
                "{}:{} ({} {}):\n",
                change.path, change.line, change.record, change.key
            ));
            for l in &change.removed {
                out.push_str(&format!("  - {l}\n"));
            }
            for l in &change.added {
                out.push_str(&format!("  + {l}\n"));
            }
        }
    }
    let keep = if dry_run { "would keep" } else { "kept" };
    for kept in &plan.kept {
        out.push_str(&format!("{keep} {kept}\n"));
    }
    out
}
