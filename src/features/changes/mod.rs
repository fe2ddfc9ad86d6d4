//! The one engine that says what changed in the decisions between two states of a repository
//! (two commits, or a commit and the work tree): which records were added, deleted or renamed,
//! and, for each, what changed — status, supersessions, title, considered and chosen options,
//! other front-matter keys, body sections — as data and in words. `git adr diff` shows it;
//! `git adr pr` builds its summary on it.
//!
//! Records are matched by path, then by kind and number (by name for unnumbered kinds) when
//! their content is mostly the same, so a renamed file keeps its identity and a different
//! record under a deleted one's number is not a rename ([`matching`], [`similarity`]); each pair is compared ([`pair`], [`fields`]) and said in
//! words ([`phrases`]). Both sides are read with [`Store::load`], so every folder layout the
//! store reads is compared the same way; between two commits only the record files their trees
//! differ in are read ([`Differing`]), as the rest is the same on both sides. JSON schema version [`SCHEMA_VERSION`], documented in
//! the README.

mod fields;
mod matching;
mod pair;
mod phrases;
mod sides;
mod similarity;

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::error::rule::Rule;
use crate::error::Result;
use crate::git::source::Source;
use crate::model::config::{Kind, Lifecycle};
use crate::model::diagnostic::Diagnostic;
use crate::model::record::status::Role;
use crate::model::record::Record;
use crate::store::{Listing, Store};

pub use pair::section_entries;
pub use sides::{resolve, Endpoint, Sides, Spec};

/// Version of the JSON shape; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// How a record file changed between the sides.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Modified,
    Renamed,
    Deleted,
}

/// A status as written, and its normalised key (lower case, first word, no emphasis).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub key: String,
}

impl Status {
    /// A record's status: the text as people should see it (as written, for a record of an
    /// existing folder) and its normalised key.
    pub fn of_record(r: &Record) -> Option<Status> {
        let text = r.status_shown()?;
        match (&r.status_text, &r.front.status) {
            (Some(_), Some(key)) => Some(Status {
                text,
                key: key.clone(),
            }),
            _ => Status::of(&Some(text)),
        }
    }

    /// The status whose text is `text`, with its key derived from the text.
    pub fn of(text: &Option<String>) -> Option<Status> {
        text.as_ref().map(|t| Status {
            text: t.clone(),
            key: t
                .trim()
                .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .next()
                .unwrap_or("")
                .to_lowercase(),
        })
    }
}

/// Did the record's status take the superseded role (`superseded`, or the team's word for it)
/// between the two statuses?
pub fn became_superseded(
    lifecycle: &Lifecycle,
    before: Option<&Status>,
    after: Option<&Status>,
) -> bool {
    let superseded = |s: &Status| lifecycle.is(Some(&s.key), Role::Superseded);
    after.is_some_and(superseded) && !before.is_some_and(superseded)
}

/// The whole comparison, in the order it is shown.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub version: u32,
    pub range: String,
    pub from: Endpoint,
    pub to: Endpoint,
    /// Every record that differs, ADRs first, then by kind, number and path.
    pub records: Vec<RecordDiff>,
    /// Records one side could not read (so they were not compared).
    pub warnings: Vec<Warning>,
}

impl Diff {
    /// Is there anything to report (a difference, or a record that could not be compared)?
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.warnings.is_empty()
    }
}

/// Items that one side's list has and the other's has not, in list order.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ListChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl ListChange {
    pub(crate) fn of(before: &[String], after: &[String]) -> ListChange {
        let mut added: Vec<String> = after
            .iter()
            .filter(|a| !before.contains(a))
            .cloned()
            .collect();
        let mut removed: Vec<String> = before
            .iter()
            .filter(|b| !after.contains(b))
            .cloned()
            .collect();
        dedup_keep_order(&mut added);
        dedup_keep_order(&mut removed);
        ListChange { added, removed }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

fn dedup_keep_order(v: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    v.retain(|s| seen.insert(s.clone()));
}

/// A value before and after (`None`: absent on that side).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Edit {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A front-matter key whose value differs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChange {
    /// The key as written in front matter (`review-by`, `decision-makers`, or a team's own).
    pub key: String,
    /// The whole value on each side (`null` when absent): a string, or a list of strings for
    /// list keys; a key git-adr does not know keeps the shape its YAML has.
    pub from: Value,
    pub to: Value,
    /// For lists: the items that appeared and disappeared.
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// An option considered on both sides whose description, pros or cons changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OptionChange {
    pub title: String,
    pub description_changed: bool,
    pub good: ListChange,
    pub bad: ListChange,
    pub neutral: ListChange,
}

/// How the considered options changed (matched by title, as the body reader matches them).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct OptionsChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<OptionChange>,
}

impl OptionsChange {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One record that differs between the sides. An added record is compared with nothing, so
/// everything it holds shows as added; a deleted record carries its identity and former
/// status only.
#[derive(Debug, Serialize)]
pub struct RecordDiff {
    pub id: String,
    pub number: Option<u32>,
    pub kind: String,
    pub change: ChangeKind,
    /// The title on the `to` side (on the `from` side for a deleted record).
    pub title: String,
    /// The path on the `to` side (on the `from` side for a deleted record).
    pub path: String,
    /// The path on the `from` side, when the file was renamed.
    pub former_path: Option<String>,
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
    /// It became `superseded` (its status key is `superseded` now and was not before); never
    /// for a record added already superseded.
    pub became_superseded: bool,
    pub title_change: Option<Edit>,
    pub supersedes: ListChange,
    pub superseded_by: ListChange,
    pub options: OptionsChange,
    pub chosen_change: Option<Edit>,
    /// Front-matter keys other than status, supersedes and superseded-by.
    pub fields: Vec<FieldChange>,
    /// Body sections whose content differs, by canonical name ("Consequences").
    pub sections: Vec<String>,
    /// The body's text differs (line endings, trailing white space and the title line ignored).
    pub body_changed: bool,
    /// The changes in words, in the order shown.
    pub what_changed: Vec<String>,
}

/// A body section as it reads on one side: its canonical name and its entries (inline
/// Markdown source: a paragraph, or the items of a list).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SectionText {
    pub name: String,
    /// The entries are list items (drivers, consequences…), not paragraphs.
    pub list: bool,
    pub entries: Vec<String>,
}

/// A record one side could not read; it is left out of the comparison. The diagnostic is its
/// read error (rule, path, line, hint), the message saying what is therefore not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `from` or `to`.
    pub side: &'static str,
    pub diagnostic: Diagnostic,
}

/// JSON shows `{side, path, line, code, message, hint}`, as it always has.
impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            side: &'a str,
            path: &'a str,
            line: Option<usize>,
            code: Option<Rule>,
            message: &'a str,
            hint: Option<&'a str>,
        }
        let d = &self.diagnostic;
        View {
            side: self.side,
            path: &d.path,
            line: d.line,
            code: d.rule,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
        .serialize(s)
    }
}

impl RecordDiff {
    /// A record and how its file changed, with nothing yet found to differ.
    pub(crate) fn new(
        id: String,
        kind: String,
        change: ChangeKind,
        title: String,
        path: String,
    ) -> RecordDiff {
        RecordDiff {
            id,
            number: None,
            kind,
            change,
            title,
            path,
            former_path: None,
            status_before: None,
            status_after: None,
            became_superseded: false,
            title_change: None,
            supersedes: ListChange::default(),
            superseded_by: ListChange::default(),
            options: OptionsChange::default(),
            chosen_change: None,
            fields: Vec::new(),
            sections: Vec::new(),
            body_changed: false,
            what_changed: Vec::new(),
        }
    }

    /// Did the decision itself change: a new record, another status, another chosen option?
    /// (Anything else is an edit of a decision that stands.)
    pub fn decision_changed(&self) -> bool {
        self.change == ChangeKind::Added
            || (self.change != ChangeKind::Deleted
                && (self.status_before != self.status_after || self.chosen_change.is_some()))
    }
}

/// One record that differs, with both versions of it (for callers that show more of the
/// record than what changed, as `git adr pr` does).
#[derive(Debug)]
pub struct Change {
    pub diff: RecordDiff,
    /// The record as it was (`None` when added).
    pub before: Option<Record>,
    /// The record as it is now; as it was, when deleted.
    pub record: Record,
}

impl Change {
    /// The record as it is now (`None` when deleted).
    pub fn after(&self) -> Option<&Record> {
        (self.diff.change != ChangeKind::Deleted).then_some(&self.record)
    }

    /// The lifecycle part of [`RecordDiff::what_changed`]: `status proposed → accepted`
    /// (`status proposed` for a new record), `supersedes ADR-0002`, `superseded by ADR-0005`.
    pub fn lifecycle_phrases(&self, store: &Store) -> Vec<String> {
        phrases::lifecycle(store, self.diff.change, self.before.as_ref(), self.after())
    }
}

/// The record files two commits' trees differ in (both paths of a file moved), when the sides
/// are two commits. A record file not among them is the same blob on both sides, hence the same
/// record, which [`changes`] would find unchanged: such files need not be read at all.
pub type Differing = BTreeSet<String>;

/// The record files of `source` (only `kinds`, all when empty) the comparison reads: those
/// among `differing` when it is known, every one otherwise (a side that is the work tree).
pub fn load_side(
    store: &Store,
    source: &Source<'_>,
    kinds: &[&Kind],
    differing: Option<&Differing>,
) -> Result<Listing> {
    match differing {
        Some(d) => store.load_only(source, kinds, &|path| d.contains(path)),
        None => store.load(source, kinds),
    }
}

/// The records and read errors of a side already read whole that [`load_side`] would have read.
pub fn select(listing: &Listing, differing: &Differing) -> Listing {
    Listing {
        records: listing
            .records
            .iter()
            .filter(|r| differing.contains(&r.path))
            .cloned()
            .collect(),
        errors: listing
            .errors
            .iter()
            .filter(|e| differing.contains(&e.location.path))
            .cloned()
            .collect(),
    }
}

/// Reads both sides (only `kinds`, all when empty) and compares them.
pub fn diff(store: &Store, sides: &Sides<'_>, kinds: &[&Kind]) -> Result<Diff> {
    let load = |source: &Option<Source<'_>>| -> Result<Listing> {
        match source {
            Some(s) => load_side(store, s, kinds, sides.differing.as_ref()),
            None => Ok(Listing::default()),
        }
    };
    let before = load(&sides.from_source)?;
    let after = load(&sides.to_source)?;
    let (records, warnings) = compare(store, before, after);
    Ok(Diff {
        version: SCHEMA_VERSION,
        range: sides.range.clone(),
        from: sides.from.clone(),
        to: sides.to.clone(),
        records,
        warnings,
    })
}

/// Compares two listings: the records that differ, in the order shown, and the files one side
/// could not read (see [`changes`]).
pub fn compare(store: &Store, before: Listing, after: Listing) -> (Vec<RecordDiff>, Vec<Warning>) {
    let (changes, warnings) = changes(store, before, after);
    (changes.into_iter().map(|c| c.diff).collect(), warnings)
}

/// Compares two listings, keeping both versions of each record that differs. Records are
/// paired by path first, then by identity ([`matching`]). A file one side cannot read is a
/// warning, and its counterpart on the other side is not compared — unless it is unreadable
/// in the same way on both sides, which is no difference. ADRs first, then by kind, number and
/// path.
pub fn changes(store: &Store, before: Listing, after: Listing) -> (Vec<Change>, Vec<Warning>) {
    let (mut warnings, skip) = matching::unreadable(store, &before, &after);
    let mut changes: Vec<Change> = matching::pair_up(before.records, after.records, &skip)
        .into_iter()
        .filter_map(|(b, a)| pair::compare_pair(store, b, a))
        .collect();
    changes.sort_by(|a, b| {
        let order = |d: &RecordDiff| (d.kind != "adr", d.kind.clone(), d.number, d.path.clone());
        order(&a.diff).cmp(&order(&b.diff))
    });
    warnings.sort_by(|a, b| (&a.diagnostic.path, a.side).cmp(&(&b.diagnostic.path, b.side)));
    (changes, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RecordError;

    #[test]
    fn a_warning_is_the_read_error_as_a_diagnostic_shown_with_its_side() {
        let e = RecordError::new("docs/adr/0001-a.md", Some(2), "bad YAML")
            .with_rule(Rule::FrontMatter)
            .with_hint("fix the YAML");
        let w = Warning {
            side: "to",
            diagnostic: Diagnostic::from(&e),
        };
        assert_eq!(w.diagnostic.rule, Some(Rule::FrontMatter));
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"side":"to","path":"docs/adr/0001-a.md","line":2,"code":"front-matter","message":"bad YAML","hint":"fix the YAML"}"#
        );
    }
}
