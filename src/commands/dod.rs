//! `git adr dod`: the definition-of-done checklists that apply to the current change, and with
//! `--run` the results of their automatic items.

use serde_json::{json, Value};

use crate::cli::{DodArgs, DodFormat};
use crate::commands::shared::checklists::{applicable_now, report_errors, run_items, Results};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, RecordError, Result};
use crate::features::dod::{self, Applicable, Change, Item, RunResult};
use crate::store::paths::PathShower;
use crate::store::Store;
use crate::text::markdown::{code, fenced, markdown_cell};
use crate::text::term::{term, Style};

/// Version of the JSON output; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

pub fn run(store: &Store, args: DodArgs, ui: &mut Ui<'_>) -> Result<()> {
    let (change, applicable, errors) = applicable_now(store, args.base.as_deref(), ui)?;
    report_errors(&errors, ui);

    let results = if args.run {
        run_items(store, &applicable, |_| true, ui)?
    } else {
        applicable
            .iter()
            .map(|a| vec![None; a.checklist.items.len()])
            .collect()
    };

    match args.format {
        DodFormat::Text => {
            let shower = store.root.as_deref().map(PathShower::new);
            let show = |p: &str| match &shower {
                Some(s) => s.show(p),
                None => p.to_string(),
            };
            let text = text(&change, &applicable, &results, args.run, ui.style, &show);
            write!(ui.out, "{text}").map_err(stdout_err)?;
        }
        DodFormat::Markdown => {
            let text = markdown(&applicable, &results, args.run);
            write!(ui.out, "{}", crate::text::term::for_stdout(&text)).map_err(stdout_err)?;
        }
        DodFormat::Json => {
            let v = json_report(&change, &applicable, &results, args.run, &errors);
            crate::commands::shared::json::print(&v, ui)?;
        }
    }

    let failed = failed_required(&applicable, &results);
    let mut problems = Vec::new();
    if failed > 0 {
        problems.push(format!(
            "{failed} required automatic item{} failed",
            if failed == 1 { "" } else { "s" }
        ));
    }
    match errors.len() {
        0 => {}
        1 => problems.push("1 checklist could not be read (see above)".into()),
        n => problems.push(format!("{n} checklists could not be read (see above)")),
    }
    if !problems.is_empty() {
        return Err(Error::Findings(format!(
            "git adr dod: {}",
            problems.join("; ")
        )));
    }
    if args.format == DodFormat::Text && !applicable.is_empty() {
        let _ = writeln!(ui.err, "git adr dod: {}", summary(&applicable, args.run));
    }
    Ok(())
}

/// Required automatic items that ran and did not pass.
fn failed_required(applicable: &[Applicable], results: &Results) -> usize {
    applicable
        .iter()
        .zip(results)
        .flat_map(|(a, row)| a.checklist.items.iter().zip(row))
        .filter(|(item, r)| item.required && r.as_ref().is_some_and(|r| !r.passed()))
        .count()
}

/// `2 checklists apply: 5 items, 2 automatic (run them with --run)`.
fn summary(applicable: &[Applicable], ran: bool) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let items: Vec<&Item> = applicable.iter().flat_map(|a| &a.checklist.items).collect();
    let automatic = items.iter().filter(|i| i.is_automatic()).count();
    let verb = if applicable.len() == 1 {
        "applies"
    } else {
        "apply"
    };
    let mut s = format!(
        "{} {verb}: {}, {automatic} automatic",
        plural(applicable.len(), "checklist"),
        plural(items.len(), "item")
    );
    if automatic > 0 && !ran {
        s.push_str(" (run them with --run)");
    } else if automatic > 0 {
        s.push_str(", all required ones passed");
    }
    s
}

/// What was compared, in words: `3 changed files since main (merge base 1a2b3c4), including
/// uncommitted changes`.
fn compared(change: &Change) -> String {
    let files = match change.files.len() {
        1 => "1 changed file".to_string(),
        n => format!("{n} changed files"),
    };
    let since = match (&change.base, &change.merge_base) {
        (Some(b), Some(mb)) => format!(" since {b} (merge base {})", &mb[..mb.len().min(7)]),
        _ => String::new(),
    };
    let wt = match (change.work_tree, change.base.is_some()) {
        (true, true) => ", including uncommitted changes",
        (true, false) => " not committed yet (no base branch found: pass --base REF to include the branch's commits)",
        (false, _) => "",
    };
    format!("{files}{since}{wt}")
}

/// An item's owner and required-ness: ` (owner: dba) [required]`.
fn owner_and_need(item: &Item) -> String {
    let owner = item
        .owner
        .as_deref()
        .map(|o| format!(" (owner: {o})"))
        .unwrap_or_default();
    let need = if item.required {
        "required"
    } else {
        "optional"
    };
    format!("{owner} [{need}]{}", template_note(item))
}

/// Said of an item nobody has written yet, so a reviewer does not take it for a real one.
fn template_note(item: &Item) -> &'static str {
    if item.is_template() {
        " (still the template's text)"
    } else {
        ""
    }
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

fn text(
    change: &Change,
    applicable: &[Applicable],
    results: &Results,
    ran: bool,
    style: Style,
    show: &dyn Fn(&str) -> String,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if applicable.is_empty() {
        let _ = writeln!(
            out,
            "No definition-of-done checklist applies to this change: {}.",
            compared(change)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!("Change: {}", compared(change)))
    );
    for (a, row) in applicable.iter().zip(results) {
        let c = &a.checklist;
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} ({})  {}",
            style.bold(&term(&c.title)),
            term(&c.name),
            style.dim(&term(&show(&c.path)))
        );
        for r in &a.reasons {
            let _ = writeln!(out, "  applies: {}", term(&r.describe()));
        }
        if let Some(why) = &c.why {
            let _ = writeln!(out, "  why: {}", term(why));
        }
        if c.items.is_empty() {
            let _ = writeln!(out, "  (no items)");
        }
        for (item, result) in c.items.iter().zip(row) {
            text_item(&mut out, item, result.as_ref(), ran, style);
        }
    }
    out
}

/// One checklist item for reading: its box, owner and need, and for an automatic item its
/// command and result (the end of its output when it failed).
fn text_item(out: &mut String, item: &Item, result: Option<&RunResult>, ran: bool, style: Style) {
    use std::fmt::Write as _;
    let one_line = item.text.replace(['\n', '\r'], " ");
    let head = format!("{}{}", one_line, owner_and_need(item));
    match (&item.run, result) {
        (None, _) => {
            let _ = writeln!(out, "  - [ ] {}", term(&head));
        }
        (Some(cmd), None) => {
            let note = if ran {
                "(automatic: not run)"
            } else {
                "(automatic: run with --run)"
            };
            let _ = writeln!(out, "  - [ ] {} {}", term(&head), style.dim(note));
            let _ = writeln!(out, "        {}", style.dim(&format!("$ {}", term(cmd))));
        }
        (Some(cmd), Some(r)) => {
            let outcome = format!("{} in {}", r.describe(), r.duration());
            if r.passed() {
                let _ = writeln!(out, "  - [x] {} {}", term(&head), style.dim(&outcome));
            } else {
                let mark = format!("✗ {outcome}");
                let mark = if item.required {
                    style.red(&mark)
                } else {
                    style.yellow(&mark)
                };
                let _ = writeln!(out, "  - [ ] {} {mark}", term(&head));
            }
            let _ = writeln!(out, "        {}", style.dim(&format!("$ {}", term(cmd))));
            if !r.passed() {
                for line in r.output_tail.lines() {
                    let _ = writeln!(out, "        │ {line}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// The checklists as Markdown task lists, for a pull request or a step summary. User text is
/// escaped: no raw HTML, no `@mentions`, commands in code spans.
fn markdown(applicable: &[Applicable], results: &Results, ran: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("## Definition of done\n\n");
    if applicable.is_empty() {
        out.push_str("No definition-of-done checklist applies to this change.\n");
        return out;
    }
    for (a, row) in applicable.iter().zip(results) {
        let c = &a.checklist;
        let _ = writeln!(out, "### {} ({})\n", markdown_cell(&c.title), code(&c.name));
        let reasons = markdown_reasons(&a.reasons);
        let _ = writeln!(out, "*Applies because:* {}.\n", reasons.join("; "));
        if let Some(why) = &c.why {
            let _ = writeln!(out, "{}\n", markdown_cell(why));
        }
        if c.items.is_empty() {
            out.push_str("*(no items)*\n\n");
            continue;
        }
        for (item, result) in c.items.iter().zip(row) {
            markdown_item(&mut out, item, result.as_ref(), ran);
        }
        out.push('\n');
    }
    out
}

/// Why a checklist applies, each reason in words (files in code spans, ten at most).
fn markdown_reasons(reasons: &[dod::Reason]) -> Vec<String> {
    reasons
        .iter()
        .map(|r| match r {
            dod::Reason::Default => "a default checklist".to_string(),
            dod::Reason::Paths(files) => {
                const SHOWN: usize = 10;
                let mut list: Vec<String> = files.iter().take(SHOWN).map(|f| code(f)).collect();
                if files.len() > SHOWN {
                    list.push(format!("and {} more", files.len() - SHOWN));
                }
                format!("changed files match its paths: {}", list.join(", "))
            }
            dod::Reason::NamedBy(ids) => format!("named by {}", ids.join(", ")),
        })
        .collect()
}

/// One checklist item as a Markdown task, with the output of a failed command folded.
fn markdown_item(out: &mut String, item: &Item, result: Option<&RunResult>, ran: bool) {
    use std::fmt::Write as _;
    let owner = item
        .owner
        .as_deref()
        .map(|o| format!(" — owner: {}", markdown_cell(o)))
        .unwrap_or_default();
    let need = if item.required {
        "required"
    } else {
        "optional"
    };
    let mut tail = None;
    let (check, note) = match (&item.run, result) {
        (None, _) => (" ", String::new()),
        (Some(cmd), None) if ran => (" ", format!("; automatic: {}", code(cmd))),
        (Some(cmd), None) => (" ", format!("; automatic: {}, run with `--run`", code(cmd))),
        (Some(cmd), Some(r)) if r.passed() => {
            ("x", format!("; {}: passed in {}", code(cmd), r.duration()))
        }
        (Some(cmd), Some(r)) => {
            tail = Some(r.output_tail.as_str()).filter(|t| !t.is_empty());
            (
                " ",
                format!("; {}: ✗ {}", code(cmd), markdown_cell(&r.describe())),
            )
        }
    };
    let _ = writeln!(
        out,
        "- [{check}] {}{owner} *({need}{note})*{}",
        markdown_cell(&item.text),
        template_note(item)
    );
    if let Some(tail) = tail {
        // Inside the list item: every line of the block indented like the item's text.
        let block: Vec<String> = fenced(tail).lines().map(|l| format!("  {l}")).collect();
        let _ = writeln!(
            out,
            "\n  <details><summary>Output</summary>\n\n{}\n\n  </details>\n",
            block.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

/// `{"version", "base", "merge_base", "work_tree", "changed_files", "ran", "failed_required",
/// "checklists": [{"name", "title", "path", "applies_to", "why", "reasons", "items": [{"text",
/// "owner", "required", "run", "line", "result"}]}], "errors": [{"path", "line", "message",
/// "hint"}]}`. `result` is null unless the item ran.
fn json_report(
    change: &Change,
    applicable: &[Applicable],
    results: &Results,
    ran: bool,
    errors: &[RecordError],
) -> Value {
    let checklists: Vec<Value> = applicable
        .iter()
        .zip(results)
        .map(|(a, row)| {
            let c = &a.checklist;
            let items: Vec<Value> = c
                .items
                .iter()
                .zip(row)
                .map(|(item, result)| {
                    json!({
                        "text": item.text,
                        "owner": item.owner,
                        "required": item.required,
                        "run": item.run,
                        "line": item.line,
                        "template": item.is_template(),
                        "result": result,
                    })
                })
                .collect();
            json!({
                "name": c.name,
                "title": c.title,
                "path": c.path,
                "applies_to": c.applies_to,
                "why": c.why,
                "reasons": a.reasons,
                "items": items,
            })
        })
        .collect();
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "path": e.location.path,
                "line": e.location.line,
                "message": e.message,
                "hint": e.hint,
            })
        })
        .collect();
    json!({
        "version": JSON_VERSION,
        "base": change.base,
        "merge_base": change.merge_base,
        "work_tree": change.work_tree,
        "changed_files": change.files,
        "ran": ran,
        "failed_required": failed_required(applicable, results),
        "checklists": checklists,
        "errors": errors,
    })
}
