//! `git adr settled TEXT`: the earlier decisions that weighed an option, with fates and reasons.

use serde_json::json;

use crate::cli::{SearchFormat, SettledArgs};
use crate::commands::{stdout_err, Ui};
use crate::error::{Error, Result};
use crate::features::settled::{self, Fate, Index, Match, Query};
use crate::model::record::Record;
use crate::store::Store;
use crate::text::term::one_line as term;

pub fn run(store: &Store, args: SettledArgs, ui: &mut Ui<'_>) -> Result<()> {
    let text = args.text.join(" ");
    if text.trim().is_empty() {
        return Err(Error::usage(
            "give the option to look for, e.g. `git adr settled \"use MySQL\"`",
        ));
    }
    if !store.config.settled.enabled {
        return Err(Error::usage_hint(
            "matching settled options is turned off: `[settled] enabled = false` in .adr/config.toml",
            "remove that line (or set it to true) to use `git adr settled`",
        ));
    }
    let source = store.default_source()?;
    let listing = store.load(&source, &[])?;
    let records: Vec<&Record> = listing.records.iter().collect();
    let index = Index::build(&store.config, &records);
    let query = Query {
        text: &text,
        ..Query::default()
    };
    let matches = index.find(&query, args.limit);
    match args.format {
        SearchFormat::Json => crate::commands::shared::json::print(
            &json!({
                "query": text,
                "threshold": store.config.settled.threshold,
                "matches": matches,
            }),
            ui,
        )?,
        SearchFormat::Text => print_matches(&matches, ui)?,
    }
    for e in &listing.errors {
        ui.warn(&format!("skipped {e}"));
    }
    if matches.is_empty() {
        return Err(Error::Findings(String::new()));
    }
    Ok(())
}

/// Each match as a person reads it: the record, the fate and the option, then when, by whom
/// and why, and the words that matched.
pub(crate) fn print_matches(matches: &[Match], ui: &mut Ui<'_>) -> Result<()> {
    let s = ui.style;
    let out = &mut *ui.out;
    for m in matches {
        let e = &m.settled;
        let fate = match e.fate {
            Fate::Chosen => s.green("chosen"),
            Fate::Rejected => s.red("rejected"),
            Fate::Superseded => s.yellow("superseded"),
        };
        writeln!(
            out,
            "{}  {fate}  {}  {}",
            s.bold(&term(&e.id)),
            term(&e.option),
            s.dim(&format!("(score {:.2})", m.score))
        )
        .map_err(stdout_err)?;
        writeln!(out, "  {}", term(&settled::describe(e))).map_err(stdout_err)?;
        if let Some(because) = &e.because {
            writeln!(out, "  because {}", term(because)).map_err(stdout_err)?;
        }
        let what = if m.by_title { "title" } else { "option" };
        writeln!(
            out,
            "  {}",
            s.dim(&format!(
                "{}: {} · matched {what} words: {}",
                term(&e.path),
                term(&e.title),
                term(&m.matched.join(", "))
            ))
        )
        .map_err(stdout_err)?;
    }
    Ok(())
}
