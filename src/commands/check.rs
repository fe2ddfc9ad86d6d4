//! `git adr check`: the gate for hooks and CI.

use crate::cli::{CheckArgs, CheckFormat};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::check::{self, report, Diagnostic, Report, Rule, Scope, Severity};
use crate::store::Store;

pub fn run(args: CheckArgs, ui: &mut Ui<'_>) -> Result<()> {
    let store = if args.staged {
        // The commit is judged by the rules it will record: the staged config.
        let store = Store::open_staged(crate::git::repo::Repo::open()?)?;
        super::warn_config(&store, ui);
        store
    } else {
        super::open(ui)?
    };
    let scope = match (&args.base, args.staged) {
        (Some(base), _) => Scope::Branch { base: base.clone() },
        (None, true) => Scope::Staged,
        (None, false) => Scope::All,
    };
    let mut report = check::check(&store, &scope)?;
    if args.dod {
        definition_of_done(&store, args.base.as_deref(), &mut report, ui)?;
    }
    match args.format {
        CheckFormat::Human => {
            let shower = store
                .root
                .as_deref()
                .map(crate::store::paths::PathShower::new);
            let show = move |p: &str| match &shower {
                Some(s) => s.show(p),
                None => p.to_string(),
            };
            report::human(&report.findings, &mut *ui.out, ui.style, &show).map_err(stdout_err)?;
        }
        CheckFormat::Json => {
            let json = report::json(&report);
            crate::commands::shared::json::print(&json, ui)?;
        }
        CheckFormat::Github => report::github(&report, &mut *ui.out).map_err(stdout_err)?,
    }
    let summary = format!("git adr check: {}", report::summary(&report));
    if report.count(Severity::Error) > 0 {
        return Err(Error::Findings(if args.format == CheckFormat::Human {
            summary
        } else {
            String::new()
        }));
    }
    // Quiet only where silence is the convention: a hook's commit that touches no record.
    let nothing_staged = args.staged && report.records_checked == 0 && report.findings.is_empty();
    if args.format == CheckFormat::Human && !nothing_staged {
        let _ = writeln!(ui.err, "{summary}");
    }
    Ok(())
}

/// `--dod`: runs the required automatic items of the checklists that apply to the change (as
/// `git adr dod` sees it) and adds a `dod-failed` error for each that fails, pointing at the
/// item's line. Checklists that cannot be read are errors too: what they require is unknown.
fn definition_of_done(
    store: &Store,
    base: Option<&str>,
    report: &mut Report,
    ui: &mut Ui<'_>,
) -> Result<()> {
    let (_, applicable, errors) =
        crate::commands::shared::checklists::applicable_now(store, base, ui)?;
    let mut added = Vec::new();
    // The rules' configured severities, as the check itself uses them.
    let severities = check::Severities::new(&store.config);
    for e in &errors {
        added.extend(severities.judge(e.into()));
    }
    let results = crate::commands::shared::checklists::run_items(
        store,
        &applicable,
        |item| item.required,
        ui,
    )?;
    for (a, row) in applicable.iter().zip(&results) {
        let c = &a.checklist;
        for (item, result) in c.items.iter().zip(row) {
            let (Some(r), Some(cmd)) = (result, &item.run) else {
                continue;
            };
            if r.passed() {
                continue;
            }
            const HINT_LINES: usize = 5;
            let lines: Vec<&str> = r.output_tail.lines().collect();
            let last = &lines[lines.len().saturating_sub(HINT_LINES)..];
            let mut hint = format!(
                "`git adr dod --run` shows every checklist that applies and why; run `{cmd}` to see all its output"
            );
            if !last.is_empty() {
                hint.push_str("; it ended with:\n    ");
                hint.push_str(&last.join("\n    "));
            }
            let message = format!(
                "definition of done `{}`: required item \"{}\" {} (`{cmd}`)",
                c.name,
                item.text.replace(['\n', '\r'], " "),
                r.describe()
            );
            let d = Diagnostic::of(Rule::DodFailed, &c.path, message)
                .with_line(item.line)
                .with_hint(hint);
            added.extend(severities.judge(d));
        }
    }
    for f in added {
        if !report.findings.contains(&f) {
            report.findings.push(f);
        }
    }
    Ok(())
}
