//! The `index-outdated` rule (off by default): `.adr/README.md`, when there is one, is what
//! `git adr index` would write from the same records. Both sides are read from the scope's
//! source — the work tree, the index (the README as staged against the records as staged: what
//! the commit will hold), or the branch's tip — so the verdict is about one consistent state.

use super::{Findings, Rule};
use crate::error::Result;
use crate::features::index_page::{self, INDEX_HEADER, INDEX_PATH};
use crate::git::source::Source;
use crate::model::record::Record;
use crate::store::Store;

const RULE: Rule = Rule::IndexOutdated;

/// Is the rule on? Building the index needs every record, which the staged scope otherwise
/// never reads, so callers ask before loading them.
pub(super) fn enabled(findings: &Findings) -> bool {
    findings.is_on(RULE)
}

/// Where the fix has to land for the scope being checked.
#[derive(Clone, Copy)]
pub(super) enum Fix {
    /// The work tree: writing the file is enough.
    Write,
    /// The index: the new file must be staged too.
    Stage,
    /// A branch: the new file must be committed.
    Commit,
}

/// Compares the index file in `source` with the index of `records` (every readable record in
/// that same source). No file, no finding: a repository need not keep an index.
pub(super) fn check(
    store: &Store,
    source: &Source<'_>,
    records: &[Record],
    fix: Fix,
    findings: &mut Findings,
) -> Result<()> {
    if !enabled(findings) {
        return Ok(());
    }
    let written = match index_page::read_current(source) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(()),
        Err(e) => {
            findings.add(
                RULE,
                INDEX_PATH,
                None,
                format!(
                    "cannot be compared with the index `git adr index` writes: {}",
                    e.message
                ),
                e.hint.clone(),
            );
            return Ok(());
        }
    };
    let expected = index_page::markdown(store, records);
    let Some(line) = index_page::first_difference(&written, &expected) else {
        return Ok(());
    };
    let update = match fix {
        Fix::Write => format!("run `git adr index` to update {INDEX_PATH}"),
        Fix::Stage => format!("run `git adr index`, then `git add {INDEX_PATH}`"),
        Fix::Commit => format!("run `git adr index` and commit {INDEX_PATH}"),
    };
    let generated = String::from_utf8_lossy(&written)
        .lines()
        .next()
        .is_some_and(|l| l.trim_end() == INDEX_HEADER);
    let (message, hint) = if generated {
        (
            "is out of date: it differs from what `git adr index` writes for these records"
                .to_string(),
            update,
        )
    } else {
        (
            "differs from what `git adr index` writes, and does not start with its generated header"
                .to_string(),
            format!(
                "{update} (this replaces the file); if this README is written by hand, turn the rule off: index-outdated = \"off\" under [check.rules]"
            ),
        )
    };
    findings.add(RULE, INDEX_PATH, Some(line), message, Some(hint));
    Ok(())
}
