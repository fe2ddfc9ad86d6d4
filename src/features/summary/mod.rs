//! The reviewer-ready summary of a branch: what `merge-base(BASE, HEAD)..HEAD` decides, as data
//! (rendered by [`markdown`] or printed as JSON, schema version [`SCHEMA_VERSION`]). What
//! changed in each record comes from the change engine ([`crate::features::changes`]), in the
//! words `git adr diff` uses; the summary adds the decision itself where the decision changed,
//! the code the branch changes under existing decisions, the decision log, the checklists and
//! the warnings.

mod governed;
pub mod markdown;

use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::features::changes::{self, Change, ChangeKind, SectionText, Status};
use crate::features::settled;
use crate::git::commit::Commit;
use crate::git::source::Source;
use crate::model::diagnostic::Diagnostic;
use crate::model::record::sections::{self, Sections};
use crate::model::record::{Id, Record};
use crate::store::Store;

pub use crate::git::range::Range;

/// Version of the JSON shape; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the summary says, in the order it says it.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub version: u32,
    pub base: String,
    pub base_commit: String,
    pub merge_base: String,
    pub head_commit: String,
    /// Commits in `merge-base..HEAD`.
    pub commits: usize,
    pub decisions: Vec<DecisionChange>,
    pub governed: Vec<Governed>,
    pub log_entries: Vec<LogEntry>,
    pub definition_of_done: Vec<serde_json::Value>,
    pub warnings: Vec<Warning>,
}

impl Summary {
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty()
            && self.governed.is_empty()
            && self.log_entries.is_empty()
            && self.definition_of_done.is_empty()
            && self.warnings.is_empty()
    }
}

/// A record the branch adds, changes or removes.
#[derive(Debug, Serialize)]
pub struct DecisionChange {
    pub id: String,
    pub number: Option<u32>,
    pub kind: String,
    pub title: String,
    pub path: String,
    pub former_path: Option<String>,
    pub change: ChangeKind,
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
    /// The range made it `superseded`.
    pub superseded_in_range: bool,
    /// Human phrases. A new record: "new", then its status and supersessions; a deleted one:
    /// "deleted", "was accepted"; any other: what `git adr diff` says changed, in its words ("status proposed
    /// → accepted", "relates: + ADR-0004", "edited: Decision Outcome").
    pub what_changed: Vec<String>,
    /// The decision is shown whole: the record is new, or its status or chosen option changed.
    /// Otherwise it is an edit of a decision that stands, and `what_changed` says it all.
    pub full: bool,
    /// For an edit (`full` false): the edited sections as they read now.
    pub changed_sections: Vec<SectionText>,
    pub supersedes: Vec<String>,
    pub superseded_by: Vec<String>,
    pub sections: Sections,
    /// For a decision shown whole: each of its options that a decision the branch leaves alone
    /// settled before (chose, rejected or superseded), with that decision's fate and reason.
    pub settled_before: Vec<settled::Before>,
    /// Commits in the range that cite it in a trailer.
    #[serde(serialize_with = "crate::git::commit::listed")]
    pub commits: Vec<Commit>,
}

/// Files the branch changes that an existing decision's `paths` govern.
#[derive(Debug, Serialize)]
pub struct Governed {
    pub id: String,
    pub title: String,
    pub status: Option<String>,
    pub path: String,
    pub files: Vec<String>,
    /// The branch also changes the record itself (it is shown under the decisions too).
    pub in_change: bool,
    /// The branch adds the record (`in_change` is then true as well).
    pub added: bool,
    /// Commits in the range that cite it in a trailer (the Markdown shows them with the
    /// decision when `in_change`).
    #[serde(serialize_with = "crate::git::commit::listed")]
    pub commits: Vec<Commit>,
}

/// A decision-log entry the branch adds.
#[derive(Debug, Serialize)]
pub struct LogEntry {
    pub id: String,
    pub title: String,
    pub path: String,
    pub date: Option<String>,
    pub decided_by: Vec<String>,
    /// The "Choice" section, when written.
    pub choice: Option<String>,
}

/// Something a reviewer should look at twice: a diagnostic of no rule at the record's path
/// (empty for a cited record that does not exist), whose message is the whole sentence the
/// reviewer reads; the record as shown (`ADR-0002`); the commit that cites it, if one does.
#[derive(Debug, PartialEq, Eq)]
pub struct Warning {
    pub diagnostic: Diagnostic,
    pub id: String,
    pub commit: Option<String>,
}

impl Warning {
    pub(crate) fn new(path: &str, message: String, id: &str, commit: Option<&str>) -> Warning {
        Warning {
            diagnostic: Diagnostic::warning(path, message),
            id: id.to_string(),
            commit: commit.map(str::to_string),
        }
    }
}

/// JSON and the pull request template see `{message, id, commit}`, as they always have.
impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            message: &'a str,
            id: &'a str,
            commit: Option<&'a str>,
        }
        View {
            message: &self.diagnostic.message,
            id: &self.id,
            commit: self.commit.as_deref(),
        }
        .serialize(s)
    }
}

/// Builds the summary of `range`, whose `HEAD` is read from `head_source` (one source for the
/// summary and its definition of done: a folder of 10,000 records is listed once). `dod` is the
/// rendered definition-of-done data (computed by the caller, which knows whether to run
/// automatic items).
pub fn build(
    store: &Store,
    range: &Range<'_>,
    head_source: &Source<'_>,
    dod: Vec<serde_json::Value>,
) -> Result<Summary> {
    let mb_source = range.merge_base_source();
    let commits = range.commits()?;
    let cited = governed::cited(store, &commits);
    // Every record at HEAD, read once: the governed code needs every decision's `paths`.
    let head = store.load(head_source, &[])?;
    // What changed is compared on the record files the branch changes, as `git adr diff`
    // compares two commits: the merge base is read for those files only.
    let (differing, code) = changed_files(store, range)?;
    let before = changes::load_side(store, &mb_source, &[], Some(&differing))?;
    let after = changes::select(&head, &differing);
    let (changed, unreadable) = changes::changes(store, before, after);

    let mut warnings: Vec<Warning> = unreadable.iter().map(unreadable_warning).collect();
    let earlier = settled_index(store, &head.records, &changed);
    let (decisions, log_entries) = decisions_and_log(store, &changed, &cited, &earlier);
    let inputs = governed::Inputs {
        head_records: &head.records,
        merge_base: &mb_source,
        code,
        in_change: changed
            .iter()
            .filter_map(|c| c.record.id.map(|id| (c.record.kind.clone(), id)))
            .collect(),
        cited: &cited,
    };
    let (governed, inactive) = governed::governed(store, &inputs);
    warnings.extend(inactive);
    warnings.extend(governed::unknown_citations(store, head_source, &cited));
    // In the order found: by record, then the branch's commits newest first.
    warnings.dedup();

    Ok(Summary {
        version: SCHEMA_VERSION,
        base: range.base.clone(),
        base_commit: range.base_id.to_string(),
        merge_base: range.merge_base.to_string(),
        head_commit: range.head_id.to_string(),
        commits: commits.len(),
        decisions,
        governed,
        log_entries,
        definition_of_done: dod,
        warnings,
    })
}

/// The records the branch changes, as decisions (by kind, number and path), and the
/// decision-log entries it adds (by path). Checklists are left to the definition of done.
fn decisions_and_log(
    store: &Store,
    changed: &[Change],
    cited: &governed::Cited,
    earlier: &settled::Index,
) -> (Vec<DecisionChange>, Vec<LogEntry>) {
    let mut decisions = Vec::new();
    let mut log_entries = Vec::new();
    for c in changed {
        match (c.record.kind.as_str(), c.diff.change) {
            ("dod", _) => {}
            ("log", ChangeKind::Added) => log_entries.push(log_entry(store, &c.record)),
            ("log", _) => {}
            _ => decisions.push(decision(store, c, cited, earlier)),
        }
    }
    decisions.sort_by(|a, b| (&a.kind, a.number, &a.path).cmp(&(&b.kind, b.number, &b.path)));
    log_entries.sort_by(|a, b| a.path.cmp(&b.path));
    (decisions, log_entries)
}

fn log_entry(store: &Store, r: &Record) -> LogEntry {
    LogEntry {
        id: store.display_id(r),
        title: r.title.clone(),
        path: r.path.clone(),
        date: r.front.date.clone(),
        decided_by: r.front.decision_makers.clone(),
        choice: crate::model::record::section_text(r.body(), "Choice"),
    }
}

/// One changed record as the summary shows it.
fn decision(
    store: &Store,
    c: &Change,
    cited: &governed::Cited,
    earlier: &settled::Index,
) -> DecisionChange {
    let (d, record) = (&c.diff, &c.record);
    let what_changed = match d.change {
        ChangeKind::Added => std::iter::once("new".to_string())
            .chain(c.lifecycle_phrases(store))
            .collect(),
        // What a reviewer weighs: was a decision in force removed, or only a draft?
        ChangeKind::Deleted => std::iter::once("deleted".to_string())
            .chain(d.status_before.as_ref().map(|s| format!("was {}", s.text)))
            .collect(),
        _ if d.what_changed.is_empty() => vec!["edited".to_string()],
        _ => d.what_changed.clone(),
    };
    let full = d.decision_changed();
    let sections = match d.change {
        ChangeKind::Deleted => Sections::default(),
        _ => sections_of(store, record),
    };
    let changed_sections = if full {
        Vec::new()
    } else {
        d.sections
            .iter()
            .filter_map(|name| changes::section_entries(&sections, name))
            .collect()
    };
    let settled_before = match full && d.change != ChangeKind::Deleted && !d.became_superseded {
        true => settled::settled_before(earlier, record),
        false => Vec::new(),
    };
    let ids = |ids: &[Id]| store.config.ids_text(&record.kind, ids);
    DecisionChange {
        id: d.id.clone(),
        number: d.number,
        kind: d.kind.clone(),
        title: d.title.clone(),
        path: d.path.clone(),
        former_path: d.former_path.clone(),
        change: d.change,
        status_before: d.status_before.clone(),
        status_after: d.status_after.clone(),
        superseded_in_range: d.became_superseded,
        what_changed,
        full,
        changed_sections,
        supersedes: ids(&record.front.supersedes),
        superseded_by: ids(&record.front.superseded_by),
        sections,
        settled_before,
        commits: record
            .id
            .and_then(|id| cited.get(&(record.kind.clone(), id)).cloned())
            .unwrap_or_default(),
    }
}

/// The options settled by the records at HEAD that the branch does not change: what the branch's decisions are compared with. Empty when `[settled]`
/// is off or the branch changes no decision.
fn settled_index(store: &Store, head: &[Record], changed: &[Change]) -> settled::Index {
    let decisions = changed
        .iter()
        .any(|c| c.record.kind != "dod" && c.record.kind != "log");
    if !store.config.settled.enabled || !decisions {
        return settled::Index::default();
    }
    let paths = changed.iter().map(|c| c.record.path.as_str()).collect();
    settled::Index::build_without(&store.config, head, &paths)
}

/// The sections of a record's body. An existing folder's format has its own sections: MADR 4's
/// that it never had are not listed as missing.
fn sections_of(store: &Store, record: &Record) -> Sections {
    let mut s = sections::parse(record.body());
    if store
        .config
        .kinds
        .get(&record.kind)
        .is_some_and(|k| k.in_place())
    {
        s.missing.clear();
    }
    s
}

/// A record file the change engine could not read on one side (so it is not summarised).
/// A record the branch breaks is news for the reviewer, not something to skip.
fn unreadable_warning(w: &changes::Warning) -> Warning {
    let d = &w.diagnostic;
    let at = match d.line {
        Some(l) => format!("{}:{l}", d.path),
        None => d.path.clone(),
    };
    let message = if w.side == "to" {
        format!("{at}: {} (run `git adr check`)", d.message)
    } else {
        format!("{at}, as it was at the merge base: {}", d.message)
    };
    let mut warning = Warning::new(&d.path, message, &d.path, None);
    warning.diagnostic.line = d.line;
    warning
}

/// Files the branch changes (one tree diff): those in the record folders, and the others (the
/// code), sorted.
fn changed_files(store: &Store, range: &Range<'_>) -> Result<(changes::Differing, Vec<String>)> {
    let roots: Vec<String> = store
        .config
        .record_roots()
        .into_iter()
        .map(|r| format!("{r}/"))
        .collect();
    let (records, code): (Vec<String>, Vec<String>) = range
        .files_changed()?
        .iter()
        .cloned()
        .partition(|p| roots.iter().any(|r| p.starts_with(r.as_str())));
    Ok((records.into_iter().collect(), code))
}

/// The definition-of-done part of the summary, as template data: `title`, `reasons` (phrases),
/// `items` with `text`, `owner`, `required`, `run` and, when run, `result.passed` and
/// `result.summary`. `source` is the range's `HEAD`, as [`build`] reads it.
pub fn definition_of_done(
    store: &Store,
    range: &Range<'_>,
    source: &Source<'_>,
    run: bool,
) -> Result<Vec<serde_json::Value>> {
    // The pull request is what is committed: the range, and checklists as committed at HEAD.
    let change = crate::features::dod::change_in_range(store, range, source)?;
    let (checklists, _errors) = crate::features::dod::load(store, source)?;
    let records: Vec<&Record> = change.records.iter().collect();
    let timeout = std::time::Duration::from_secs(store.config.dod.timeout_seconds);
    let root = root_for_commands(store);
    Ok(
        crate::features::dod::applicable(store, &checklists, &change.files, &records)
            .into_iter()
            .map(|a| {
                let items: Vec<serde_json::Value> = a
                    .checklist
                    .items
                    .iter()
                    .map(|item| {
                        let result = (run && item.is_automatic())
                            .then(|| crate::features::dod::run_item(root, item, timeout));
                        serde_json::json!({
                            "text": item.text,
                            "owner": item.owner,
                            "required": item.required,
                            "run": item.run,
                            "template": item.is_template(),
                            "result": result.map(|r| serde_json::json!({
                                "passed": r.passed(),
                                "summary": format!("{} in {}", r.describe(), r.duration()),
                                "detail": r,
                            })),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "name": a.checklist.name,
                    "title": a.checklist.title,
                    "path": a.checklist.path,
                    "reasons": a.reasons.iter().map(|r| r.describe()).collect::<Vec<_>>(),
                    "items": items,
                })
            })
            .collect(),
    )
}

/// The path to the repository root, for running automatic items.
pub fn root_for_commands(store: &Store) -> &Path {
    store
        .root
        .as_deref()
        .unwrap_or_else(|| store.repo.git_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_is_a_diagnostic_of_no_rule_shown_as_message_id_and_commit() {
        let w = Warning::new(
            "docs/adr/0002-a.md",
            "commit abc1234 cites ADR-0002, which is deprecated".into(),
            "ADR-0002",
            Some("abc1234"),
        );
        assert_eq!(w.diagnostic.rule, None);
        assert_eq!(w.diagnostic.severity, crate::error::rule::Severity::Warning);
        assert_eq!(w.diagnostic.path, "docs/adr/0002-a.md");
        assert_eq!(
            serde_json::to_value(&w).unwrap(),
            serde_json::json!({
                "message": "commit abc1234 cites ADR-0002, which is deprecated",
                "id": "ADR-0002",
                "commit": "abc1234",
            })
        );
    }

    #[test]
    fn an_unreadable_record_is_a_warning_at_its_line() {
        let unreadable = changes::Warning {
            side: "from",
            diagnostic: Diagnostic::warning("docs/adr/0001-a.md", "bad YAML").with_line(Some(2)),
        };
        let w = unreadable_warning(&unreadable);
        assert_eq!(w.diagnostic.line, Some(2));
        assert_eq!(
            w.diagnostic.message,
            "docs/adr/0001-a.md:2, as it was at the merge base: bad YAML"
        );
        assert_eq!((w.id.as_str(), w.commit), ("docs/adr/0001-a.md", None));
    }
}
