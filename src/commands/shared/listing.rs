//! Shared by the commands that list records (not a command itself): which kinds to show, in
//! which order, and what to say about the files that could not be read.

use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::model::config::Kind;
use crate::store::{Listing, Store};
use crate::text::term::one_line;

/// The kinds named by `--kind` flags (all kinds when none).
pub fn kinds<'a>(store: &'a Store, names: &[String]) -> Result<Vec<&'a Kind>> {
    names.iter().map(|n| store.config.kind(n)).collect()
}

/// The kinds to show, ADRs first, then the others by name.
pub fn ordered_kinds<'s>(store: &'s Store, names: &[String]) -> Result<Vec<&'s Kind>> {
    let mut kinds = kinds(store, names)?;
    if kinds.is_empty() {
        kinds = store.config.kinds.values().collect();
    }
    kinds.sort_by(|a, b| (a.name != "adr", &a.name).cmp(&(b.name != "adr", &b.name)));
    Ok(kinds)
}

/// Every record of `kinds`, ADRs first, then by kind, number and name.
pub fn load_ordered(store: &Store, kinds: &[&Kind]) -> Result<Listing> {
    let mut listing = store.load(&store.default_source()?, kinds)?;
    listing.records.sort_by(|a, b| {
        (a.kind != "adr", &a.kind, a.id, &a.slug).cmp(&(b.kind != "adr", &b.kind, b.id, &b.slug))
    });
    Ok(listing)
}

/// Warns about each file that could not be read as a record, which the output leaves out.
pub fn warn_skipped(listing: &Listing, ui: &mut Ui<'_>) {
    for e in &listing.errors {
        ui.warn(&format!("skipped: {e}"));
    }
}

/// Prints the files that could not be read, and turns them into exit code 1 at the end.
pub fn report_unreadable(listing: &Listing, ui: &mut Ui<'_>) -> Result<()> {
    for e in &listing.errors {
        let _ = writeln!(ui.err, "error: {}", one_line(&e.to_string()));
        if let Some(h) = &e.hint {
            let _ = writeln!(ui.err, "  hint: {}", one_line(h));
        }
    }
    match listing.errors.len() {
        0 => Ok(()),
        1 => Err(Error::Findings(
            "1 record could not be read (see above); the others are listed".into(),
        )),
        n => Err(Error::Findings(format!(
            "{n} records could not be read (see above); the others are listed"
        ))),
    }
}
