//! `date-mismatch` (off by default): a record's front-matter `date` disagrees with the commit
//! that created it. History is read only when the rule is on; shallow clones (whose oldest
//! records have no creating commit) and records not committed yet are not judged.
//!
//! Some disagreement is normal: a record is drafted, then committed days or weeks later, and
//! author dates are on the author's clock. So a `date` up to [`DRAFT_DAYS`] before the creating
//! commit, or [`CLOCK_DAYS`] after it, passes. Beyond that one of the two is wrong — a typo, a
//! copied template, or a squash or rebase that re-dated the commit (FIELD-NOTES: history is not
//! always honest) — and the finding shows both.

use super::rules::parse_date;
use super::{Findings, Rule};
use crate::error::Result;
use crate::features::history::{self, DateSource};
use crate::model::record::Record;
use crate::store::Store;

const RULE: Rule = Rule::DateMismatch;

/// How long before its first commit a record may have been written.
pub const DRAFT_DAYS: i64 = 30;
/// How far after its first commit a record's date may be (time zones, clocks).
pub const CLOCK_DAYS: i64 = 1;

/// Adds a finding for each of `records` whose date is out of bounds.
pub(super) fn check(store: &Store, records: &[&Record], findings: &mut Findings) -> Result<()> {
    if !findings.is_on(RULE) || records.is_empty() || store.repo.is_shallow() {
        return Ok(());
    }
    let history = history::load(store, None)?;
    let creations = history.creations();
    for record in records {
        let Some(written) = record.front.date.as_deref().and_then(parse_date) else {
            continue; // `missing-field` and `invalid-date` speak for these
        };
        let Some(created) = creations
            .get(record.path.as_str())
            .map(|&i| &history.events[i])
        else {
            continue; // not committed yet
        };
        let (Some(commit), Some(committed)) = (
            created.commit.as_ref(),
            created.date.as_deref().and_then(parse_date),
        ) else {
            continue;
        };
        if created.date_source != DateSource::Commit {
            continue;
        }
        let days = (committed - written).num_days();
        let how = if days > DRAFT_DAYS {
            format!("{days} days before")
        } else if days < -CLOCK_DAYS {
            format!("{} days after", -days)
        } else {
            continue;
        };
        findings.at_key(
            RULE,
            record,
            "date",
            format!(
                "`date: {written}` is {how} the commit that created the record ({} by {}, {committed})",
                commit.short,
                commit.author.replace(['\n', '\r'], " "),
            ),
            format!(
                "if the front matter is wrong, set `date: {committed}`; if history is (a squash or rebase re-dated the commit), the front matter's date is the one to keep"
            ),
        );
    }
    Ok(())
}
