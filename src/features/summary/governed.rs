//! Code and commits of the branch under existing decisions: which files the branch changes
//! that a decision's `paths` govern, which commits cite which decision, and what a reviewer
//! should look at twice (a citation of an inactive or absent decision, code under a
//! superseded one).

use std::collections::{BTreeMap, BTreeSet};

use super::{Governed, Warning};
use crate::git::commit::Commit;
use crate::git::source::Source;
use crate::model::record::status::Role;
use crate::model::record::{Id, Record};
use crate::store::Store;
use crate::text::markdown::code;

/// The branch's commits citing each record, by (kind, id), newest first.
pub(super) type Cited = BTreeMap<(String, Id), Vec<Commit>>;

/// The citations in the commits' trailers.
pub(super) fn cited(store: &Store, commits: &[(Commit, String)]) -> Cited {
    let mut cited = Cited::new();
    for (c, message) in commits {
        for (kind, id) in crate::features::citations::cited(message, &store.config) {
            cited
                .entry((kind.name.clone(), id))
                .or_default()
                .push(c.clone());
        }
    }
    cited
}

/// What the governance pass reads: the decisions at HEAD, the code the branch changes and the
/// records the branch changes (shown above the governed code).
pub(super) struct Inputs<'a> {
    pub head_records: &'a [Record],
    /// The tree at the merge base: a decision whose file is not there is new in the branch.
    pub merge_base: &'a Source<'a>,
    pub code: Vec<String>,
    pub in_change: BTreeSet<(String, Id)>,
    pub cited: &'a Cited,
}

/// Whether `path`, a record file at HEAD, is a record file at the merge base too: a file
/// directly in a kind's folder there (as [`Source::list`] lists them). Looked up by name: the
/// branch changes a few records, the folders hold thousands.
fn existed(store: &Store, merge_base: &Source<'_>, path: &str) -> bool {
    let in_a_folder = store.config.kinds.values().any(|k| {
        path.strip_prefix(k.path().as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.contains('/'))
    });
    in_a_folder && merge_base.has_file(path)
}

/// Decisions at HEAD that govern code the branch changes or are cited by its commits (also when
/// the branch adds or changes the record: the code is listed either way); and
/// warnings for the inactive ones.
pub(super) fn governed(store: &Store, inputs: &Inputs<'_>) -> (Vec<Governed>, Vec<Warning>) {
    let decisions: Vec<&Record> = inputs
        .head_records
        .iter()
        .filter(|r| r.kind != "dod" && r.kind != "log")
        .collect();
    let files = files_under(&decisions, &inputs.code);
    // Closed decisions (rejected, deprecated, superseded) should no longer be followed.
    let inactive: Vec<bool> = decisions
        .iter()
        .map(|r| store.config.role(r).is_some_and(|role| role.is_closed()))
        .collect();
    // Files some decision still in force governs (one the branch adds included: a successor
    // given the same `paths` takes over at once).
    let followed: BTreeSet<String> = files
        .iter()
        .zip(&inactive)
        .filter(|(_, closed)| !**closed)
        .flat_map(|(f, _)| f.iter().cloned())
        .collect();
    let mut governed = Vec::new();
    let mut warnings = Vec::new();
    for ((r, files), closed) in decisions.iter().zip(files).zip(inactive) {
        let key = r.id.map(|id| (r.kind.clone(), id));
        let in_change = key.as_ref().is_some_and(|k| inputs.in_change.contains(k));
        let commits = key
            .as_ref()
            .and_then(|k| inputs.cited.get(k))
            .cloned()
            .unwrap_or_default();
        if closed {
            // Code under it is news only when nothing in force governs it, or when a commit
            // says it follows the closed decision.
            let orphaned: Vec<String> = if commits.is_empty() {
                files
                    .into_iter()
                    .filter(|f| !followed.contains(f))
                    .collect()
            } else {
                files
            };
            warnings.extend(inactive_warnings(store, r, &commits, &orphaned));
            continue;
        }
        // A decision the branch adds is shown too: its `paths` are part of what the branch
        // proposes, and a successor given the same `paths` takes the code over at once.
        let added = in_change && !existed(store, inputs.merge_base, &r.path);
        // A changed record's citing commits are shown with it above.
        let shown = !files.is_empty() || (!in_change && !commits.is_empty());
        if shown {
            governed.push(Governed {
                id: store.display_id(r),
                title: r.title.clone(),
                status: r.front.status.clone(),
                path: r.path.clone(),
                files,
                in_change,
                added,
                commits,
            });
        }
    }
    (governed, warnings)
}

/// For each decision, the changed files its `paths` match, sorted: each distinct pattern is
/// matched once against all files.
fn files_under(decisions: &[&Record], code: &[String]) -> Vec<Vec<String>> {
    let mut patterns: Vec<&str> = decisions
        .iter()
        .flat_map(|r| r.front.paths.iter().map(String::as_str))
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    let hits = crate::model::globs::matches_by_pattern(&patterns, code);
    decisions
        .iter()
        .map(|r| {
            let mut files: Vec<String> = r
                .front
                .paths
                .iter()
                .filter_map(|p| patterns.binary_search(&p.as_str()).ok())
                .flat_map(|i| hits[i].iter().map(|&f| code[f].clone()))
                .collect();
            files.sort();
            files.dedup();
            files
        })
        .collect()
}

/// Commits citing an inactive decision, and code changed under it (unless it was rejected:
/// then it never governed anything).
fn inactive_warnings(
    store: &Store,
    r: &Record,
    commits: &[Commit],
    files: &[String],
) -> Vec<Warning> {
    // Most closed decisions have neither (thousands in a large repository): nothing to name.
    if commits.is_empty() && files.is_empty() {
        return Vec::new();
    }
    let shown = store.display_id(r);
    let status = status_phrase(store, r);
    let mut out: Vec<Warning> = commits
        .iter()
        .map(|c| {
            let message = format!("commit {} cites {shown}, which is {status}", c.short);
            Warning::new(&r.path, message, &shown, Some(&c.short))
        })
        .collect();
    if !files.is_empty() && store.config.role(r) != Some(Role::Rejected) {
        let (count, verb) = if files.len() == 1 {
            ("1 changed file".to_string(), "falls")
        } else {
            (format!("{} changed files", files.len()), "fall")
        };
        let message = format!(
            "{count} {verb} under {shown}, which is {status}: {}",
            preview(files)
        );
        out.push(Warning::new(&r.path, message, &shown, None));
    }
    out
}

/// Citations of records that do not exist at all. By file name: a record that exists but
/// cannot be read is reported as unreadable, not as absent.
pub(super) fn unknown_citations(store: &Store, head: &Source<'_>, cited: &Cited) -> Vec<Warning> {
    // The numbers of each cited kind's files, listed once per kind (not once per citation).
    let mut numbers: BTreeMap<&str, BTreeSet<Id>> = BTreeMap::new();
    for (kind, _) in cited.keys() {
        if numbers.contains_key(kind.as_str()) {
            continue;
        }
        let ids = store.config.kinds.get(kind).map(|k| {
            head.list(&k.path())
                .unwrap_or_default()
                .iter()
                .filter_map(|e| Id::from_file_name(&e.name).map(|(i, _)| i))
                .collect()
        });
        numbers.insert(kind, ids.unwrap_or_default());
    }
    let mut out = Vec::new();
    for ((kind, id), lines) in cited {
        let exists = numbers
            .get(kind.as_str())
            .is_some_and(|ids| ids.contains(id));
        if exists {
            continue;
        }
        let shown = store.config.id_text(kind, *id);
        // No file to point at: the record does not exist.
        out.extend(lines.iter().map(|c| {
            let message = format!("commit {} cites {shown}, which does not exist", c.short);
            Warning::new("", message, &shown, Some(&c.short))
        }));
    }
    out
}

fn status_phrase(store: &Store, r: &Record) -> String {
    let superseded = store.config.role(r) == Some(Role::Superseded);
    match r.front.status.as_deref() {
        Some(s) if superseded && !r.front.superseded_by.is_empty() => {
            let ids = store.config.ids_text(&r.kind, &r.front.superseded_by);
            format!("{s} by {}", ids.join(", "))
        }
        Some(s) => s.to_string(),
        None => "without status".into(),
    }
}

fn preview(files: &[String]) -> String {
    let mut shown: Vec<String> = files.iter().take(3).map(|f| code(f)).collect();
    if files.len() > 3 {
        shown.push(format!("and {} more", files.len() - 3));
    }
    shown.join(", ")
}
