//! `git adr diff`: the difference in decisions between two revisions (or a revision and the
//! work tree), as text, Markdown or JSON.

use crate::cli::{DiffArgs, DiffFormat};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::changes::{self, ChangeKind, Diff, RecordDiff, Spec};
use crate::store::Store;
use crate::text::markdown::{code, markdown_cell, text};
use crate::text::term::{term, Style};

pub fn run(store: &Store, args: DiffArgs, ui: &mut Ui<'_>) -> Result<()> {
    let spec = Spec::parse(&args.revisions)?;
    let kinds = crate::commands::shared::listing::kinds(store, &args.kind)?;
    let sides = changes::resolve(store, &spec)?;
    if let Some(note) = &sides.note {
        let _ = writeln!(ui.err, "{}", term(note));
    }
    let diff = changes::diff(store, &sides, &kinds)?;
    for w in &diff.warnings {
        let side = if w.side == "from" {
            &diff.from
        } else {
            &diff.to
        };
        let d = &w.diagnostic;
        let at = match d.line {
            Some(l) => format!("{}:{l}", d.path),
            None => d.path.clone(),
        };
        ui.warn(&format!("{at} in {}: {}", side.describe(), d.message));
    }
    match args.format {
        DiffFormat::Json => crate::commands::shared::json::print(&diff, ui)?,
        DiffFormat::Text => {
            let style = ui.style;
            write!(ui.out, "{}", human(&diff, style)).map_err(stdout_err)?
        }
        DiffFormat::Markdown => write!(
            ui.out,
            "{}",
            crate::text::term::for_stdout(&markdown(&diff))
        )
        .map_err(stdout_err)?,
    }
    if args.exit_code && !diff.is_empty() {
        return Err(Error::Findings(String::new()));
    }
    Ok(())
}

/// The word for a record's change: renamed records are changed records (the phrases say how).
fn label(r: &RecordDiff) -> &'static str {
    match r.change {
        ChangeKind::Added => "added",
        ChangeKind::Deleted => "deleted",
        ChangeKind::Modified | ChangeKind::Renamed => "changed",
    }
}

/// `2 added, 1 changed, 1 deleted`, leaving out what did not happen.
fn counts(diff: &Diff) -> String {
    let n = |word: &str| diff.records.iter().filter(|r| label(r) == word).count();
    ["added", "changed", "deleted"]
        .iter()
        .filter_map(|w| match n(w) {
            0 => None,
            k => Some(format!("{k} {w}")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn nothing_differs(diff: &Diff) -> String {
    format!(
        "No decision records differ between {} and {}.",
        diff.from.describe(),
        diff.to.describe()
    )
}

/// One line of user text for a terminal: escapes neutralised, line breaks flattened.
fn line(s: &str) -> String {
    term(s).replace(['\n', '\r'], " ")
}

/// For a terminal: the two sides, then one block per record (label, id, title, and a line per
/// change under the title), then the counts.
fn human(diff: &Diff, style: Style) -> String {
    if diff.records.is_empty() {
        return format!("{}\n", line(&nothing_differs(diff)));
    }
    let mut out = String::new();
    out.push_str(&style.dim(&format!("from  {}", line(&diff.from.describe()))));
    out.push('\n');
    out.push_str(&style.dim(&format!("to    {}", line(&diff.to.describe()))));
    out.push_str("\n\n");
    let id_width = diff
        .records
        .iter()
        .map(|r| line(&r.id).chars().count())
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(7 + 2 + id_width + 2);
    for r in &diff.records {
        let word = label(r);
        let painted = match r.change {
            ChangeKind::Added => style.green(word),
            ChangeKind::Deleted => style.red(word),
            _ => style.yellow(word),
        };
        let id = line(&r.id);
        let pad = " ".repeat(id_width - id.chars().count());
        out.push_str(&format!(
            "{painted}{}  {}{pad}  {}\n",
            " ".repeat(7 - word.len()),
            style.bold(&id),
            line(&r.title)
        ));
        for phrase in &r.what_changed {
            out.push_str(&format!("{indent}{}\n", line(phrase)));
        }
    }
    out.push_str(&format!("\n{}\n", counts(diff)));
    out
}

/// For a pull-request comment or a step summary: a heading, the sides, a table with one row
/// per record, and the records that could not be compared.
fn markdown(diff: &Diff) -> String {
    if diff.is_empty() {
        return format!("{}\n", text(&nothing_differs(diff)));
    }
    let mut out = String::from("## Decision changes\n\n");
    out.push_str(&format!(
        "From {} to {}",
        text(&diff.from.describe()),
        text(&diff.to.describe())
    ));
    if diff.records.is_empty() {
        out.push_str(".\n");
    } else {
        out.push_str(&format!(": {}.\n\n", counts(diff)));
        out.push_str("| Change | Record | Title | What changed |\n| --- | --- | --- | --- |\n");
        for r in &diff.records {
            let what: Vec<String> = r.what_changed.iter().map(|p| markdown_cell(p)).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                label(r),
                markdown_cell(&r.id),
                markdown_cell(&r.title),
                what.join("<br>")
            ));
        }
    }
    if !diff.warnings.is_empty() {
        out.push_str("\nNot compared, because they could not be read:\n\n");
        for w in &diff.warnings {
            let side = if w.side == "from" {
                &diff.from
            } else {
                &diff.to
            };
            out.push_str(&format!(
                "- {} in {}: {}\n",
                code(&w.diagnostic.path),
                text(&side.describe()),
                text(&w.diagnostic.message)
            ));
        }
    }
    out
}
