//! `git adr check`: the gate for hooks and CI.

use crate::check::{self, report, Scope, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{Error, Result};
use crate::output::stdout_err;
use crate::Ui;

pub fn run(args: CheckArgs, ui: &mut Ui<'_>) -> Result<()> {
    let store = super::open(ui)?;
    let scope = match (&args.base, args.staged) {
        (Some(base), _) => Scope::Branch { base: base.clone() },
        (None, true) => Scope::Staged,
        (None, false) => Scope::All,
    };
    let report = check::check(&store, &scope)?;
    match args.format {
        CheckFormat::Human => {
            let shower = store.root.as_deref().map(crate::output::PathShower::new);
            let show = move |p: &str| match &shower {
                Some(s) => s.show(p),
                None => p.to_string(),
            };
            report::human(&report, &mut *ui.out, ui.style, &show).map_err(stdout_err)?;
        }
        CheckFormat::Json => {
            let json = report::json(&report);
            writeln!(
                ui.out,
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            )
            .map_err(stdout_err)?;
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
    if args.format == CheckFormat::Human
        && (report.records_checked > 0 || !report.findings.is_empty())
    {
        let _ = writeln!(ui.err, "{summary}");
    }
    Ok(())
}
