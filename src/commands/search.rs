//! `git adr search`: every word, case-insensitive, over titles and bodies.

use serde_json::json;

use crate::cli::{SearchArgs, SearchFormat};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::model::record::Record;
use crate::store::Store;
use crate::text::term::term;

/// A record that matches, with its matching lines (line number, text).
type Hit<'r> = (&'r Record, Vec<(usize, &'r str)>);

/// Matching lines shown per record in text output.
const LINES_SHOWN: usize = 3;

pub fn run(store: &Store, args: SearchArgs, ui: &mut Ui<'_>) -> Result<()> {
    let words: Vec<String> = args
        .text
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Err(Error::usage("give at least one word to search for"));
    }
    let kinds = crate::commands::shared::listing::kinds(store, &args.kind)?;
    let source = store.default_source()?;
    let listing = store.load(&source, &kinds)?;
    let mut hits: Vec<Hit<'_>> = Vec::new();
    for record in &listing.records {
        let haystack = format!("{}\n{}", record.title, record.body()).to_lowercase();
        if !words.iter().all(|w| haystack.contains(w.as_str())) {
            continue;
        }
        let first_body_line = record.text[..record.body_start].lines().count() + 1;
        let lines: Vec<(usize, &str)> = record
            .body()
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                let l = l.to_lowercase();
                words.iter().any(|w| l.contains(w.as_str()))
            })
            .map(|(i, l)| (first_body_line + i, l.trim_end_matches('\r')))
            .collect();
        hits.push((record, lines));
    }
    match args.format {
        SearchFormat::Json => {
            let items: Vec<_> = hits
                .iter()
                .map(|(r, lines)| {
                    let mut v = crate::commands::shared::json::record_json(store, r, false);
                    v["matches"] = json!(lines
                        .iter()
                        .map(|(n, l)| json!({"line": n, "text": l}))
                        .collect::<Vec<_>>());
                    v
                })
                .collect();
            crate::commands::shared::json::print(&items, ui)?;
        }
        SearchFormat::Text => print_text(store, &hits, ui)?,
    }
    // Unreadable records are worth a warning, but the exit status says whether anything matched.
    for e in &listing.errors {
        ui.warn(&format!("skipped {e}"));
    }
    if hits.is_empty() {
        return Err(Error::Findings(String::new()));
    }
    Ok(())
}

/// The hits for reading: each record, and its first matching lines.
fn print_text(store: &Store, hits: &[Hit<'_>], ui: &mut Ui<'_>) -> Result<()> {
    let out = &mut *ui.out;
    let s = ui.style;
    for (r, lines) in hits {
        writeln!(
            out,
            "{}  {}  {}",
            s.bold(&store.display_id(r)),
            s.status(
                &crate::text::term::term(&r.status_shown().unwrap_or_else(|| "-".into())),
                store.config.role(r).map(|role| role.tone())
            ),
            term(&r.title)
        )
        .map_err(stdout_err)?;
        for (n, l) in lines.iter().take(LINES_SHOWN) {
            writeln!(
                out,
                "  {}: {}",
                s.dim(&format!("{}:{n}", r.path)),
                term(l.trim())
            )
            .map_err(stdout_err)?;
        }
        if lines.len() > LINES_SHOWN {
            let more = lines.len() - LINES_SHOWN;
            let what = if more == 1 { "line" } else { "lines" };
            writeln!(
                out,
                "  {}",
                s.dim(&format!(
                    "… {more} more matching {what} (git adr show {})",
                    store.display_id(r)
                ))
            )
            .map_err(stdout_err)?;
        }
    }
    Ok(())
}
