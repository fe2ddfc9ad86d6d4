//! The reviewer-ready summary of a branch: what `merge-base(BASE, HEAD)..HEAD` decides, as data
//! (rendered by [`markdown`] or printed as JSON, schema version [`SCHEMA_VERSION`]).

pub mod markdown;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::features::citations::CommitLine;
use crate::git::source::Source;
use crate::model::config::Lifecycle;
use crate::model::record::sections::{self, Sections};
use crate::model::record::status::Role;
use crate::model::record::{Id, Record};
use crate::store::Store;

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

/// How a record file changed in the range.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Modified,
    Renamed,
    Deleted,
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
    /// Human phrases: "new", "status proposed → accepted", "supersedes ADR-0002"…
    pub what_changed: Vec<String>,
    pub supersedes: Vec<String>,
    pub superseded_by: Vec<String>,
    pub sections: Sections,
    /// Commits in the range that cite it in a trailer.
    pub commits: Vec<CommitLine>,
}

/// Files the branch changes that an existing decision's `paths` govern.
#[derive(Debug, Serialize)]
pub struct Governed {
    pub id: String,
    pub title: String,
    pub status: Option<String>,
    pub path: String,
    pub files: Vec<String>,
    /// Commits in the range that cite it in a trailer.
    pub commits: Vec<CommitLine>,
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

/// Something a reviewer should look at twice.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub message: String,
    pub id: String,
    pub commit: Option<String>,
}

/// Facts about the range shared by the summary and `git adr dod`.
pub struct Range<'r> {
    pub base: String,
    pub base_commit: git2::Commit<'r>,
    pub merge_base: git2::Oid,
    pub head: git2::Commit<'r>,
    pub mb_tree: git2::Tree<'r>,
    pub head_tree: git2::Tree<'r>,
}

impl<'r> Range<'r> {
    /// The range `merge-base(base, HEAD)..HEAD`; `base` as given or resolved as DESIGN says.
    pub fn new(store: &'r Store, base: Option<&str>) -> Result<Range<'r>> {
        let repo = &store.repo;
        let base = repo.resolve_base(base)?;
        let base_commit = repo.commit(&base)?;
        let head = repo.head_commit()?;
        let merge_base = repo.merge_base(base_commit.id(), head.id(), &base)?;
        let tree = |oid: git2::Oid| {
            repo.git
                .find_commit(oid)
                .and_then(|c| c.tree())
                .map_err(|e| Error::git("reading a commit", e))
        };
        let mb_tree = tree(merge_base)?;
        let head_tree = head.tree().map_err(|e| Error::git("reading HEAD", e))?;
        Ok(Range {
            base,
            base_commit,
            merge_base,
            head,
            mb_tree,
            head_tree,
        })
    }

    /// Files changed in the range, with renames found: (old path, new path).
    pub fn changes(
        &self,
        repo: &git2::Repository,
        prefixes: &[String],
    ) -> Result<Vec<(Option<String>, Option<String>)>> {
        let mut opts = git2::DiffOptions::new();
        for p in prefixes {
            opts.pathspec(p);
        }
        opts.skip_binary_check(true);
        let mut diff = repo
            .diff_tree_to_tree(Some(&self.mb_tree), Some(&self.head_tree), Some(&mut opts))
            .map_err(|e| Error::git("comparing the branch with its merge base", e))?;
        let mut find = git2::DiffFindOptions::new();
        find.renames(true);
        diff.find_similar(Some(&mut find))
            .map_err(|e| Error::git("finding renames", e))?;
        let path = |f: git2::DiffFile<'_>| f.path().map(|p| p.to_string_lossy().replace('\\', "/"));
        Ok(diff
            .deltas()
            .map(|d| match d.status() {
                git2::Delta::Added => (None, path(d.new_file())),
                git2::Delta::Deleted => (path(d.old_file()), None),
                _ => (path(d.old_file()), path(d.new_file())),
            })
            .collect())
    }

    /// The commits of the range, newest first.
    pub fn commits(&self, repo: &'r git2::Repository) -> Result<Vec<git2::Commit<'r>>> {
        let mut walk = repo
            .revwalk()
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.push(self.head.id())
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.hide(self.merge_base)
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .map_err(|e| Error::git("walking the branch", e))?;
        walk.map(|oid| {
            let oid = oid.map_err(|e| Error::git("walking the branch", e))?;
            repo.find_commit(oid)
                .map_err(|e| Error::git("reading a commit", e))
        })
        .collect()
    }
}

/// The record at `path`: `None` when the path is not a record's, an error when it is but
/// cannot be read.
fn read(
    store: &Store,
    source: &Source<'_>,
    path: &str,
) -> std::result::Result<Option<Record>, crate::error::RecordError> {
    let Some(kind) = store.config.kind_of_path(path) else {
        return Ok(None);
    };
    if !crate::store::is_record_path(kind, path) {
        return Ok(None);
    }
    source
        .read(path)
        .and_then(|b| store.parse(kind, path, b))
        .map(Some)
}

fn ids_shown(store: &Store, kind: &str, ids: &[Id]) -> Vec<String> {
    ids.iter().map(|i| store.config.id_text(kind, *i)).collect()
}

/// Builds the summary of `range`. `dod` is the rendered definition-of-done data (computed by
/// the caller, which knows whether to run automatic items).
pub fn build(store: &Store, range: &Range<'_>, dod: Vec<serde_json::Value>) -> Result<Summary> {
    let git = &store.repo.git;
    let head_source = Source::tree(range.head_tree.clone(), git);
    let mb_source = Source::tree(range.mb_tree.clone(), git);
    let roots = store.config.record_roots();
    let adr_changes = range.changes(git, &roots)?;
    let commits = range.commits(git)?;

    // Citations in the range, by (kind, id).
    let mut cited: BTreeMap<(String, Id), Vec<CommitLine>> = BTreeMap::new();
    for c in &commits {
        let message = String::from_utf8_lossy(c.message_bytes());
        for (kind, id) in crate::features::citations::cited(&message, &store.config) {
            cited
                .entry((kind.name.clone(), id))
                .or_default()
                .push(CommitLine::of(c));
        }
    }

    let mut decisions = Vec::new();
    let mut warnings = Vec::new();
    let mut log_entries = Vec::new();
    let mut in_change: BTreeSet<(String, Id)> = BTreeSet::new();
    for (old, new) in &adr_changes {
        let before = old
            .as_deref()
            .and_then(|p| read(store, &mb_source, p).ok().flatten());
        let after = match new.as_deref().map(|p| read(store, &head_source, p)) {
            Some(Err(e)) => {
                // A record the branch breaks is news for the reviewer, not something to skip.
                warnings.push(Warning {
                    message: format!("{e} (run `git adr check`)"),
                    id: e.location.path.clone(),
                    commit: None,
                });
                continue;
            }
            Some(Ok(r)) => r,
            None => None,
        };
        let Some(record) = after.as_ref().or(before.as_ref()) else {
            continue;
        };
        if record.kind == "dod" {
            continue;
        }
        if record.kind == "log" {
            if before.is_none() {
                if let Some(r) = &after {
                    log_entries.push(LogEntry {
                        id: store.display_id(r),
                        title: r.title.clone(),
                        path: r.path.clone(),
                        date: r.front.date.clone(),
                        decided_by: r.front.decision_makers.clone(),
                        choice: crate::model::record::section_text(r.body(), "Choice"),
                    });
                }
            }
            continue;
        }
        let change = match (&before, &after) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Deleted,
            (Some(b), Some(a)) if b.path != a.path => ChangeKind::Renamed,
            _ => ChangeKind::Modified,
        };
        let status_before = before.as_ref().and_then(Status::of_record);
        let status_after = after.as_ref().and_then(Status::of_record);
        let mut what = Vec::new();
        match change {
            ChangeKind::Added => what.push("new".to_string()),
            ChangeKind::Deleted => what.push("deleted".to_string()),
            ChangeKind::Renamed => what.push("renamed".to_string()),
            ChangeKind::Modified => {}
        }
        what.extend(lifecycle_changes(
            store,
            change,
            before.as_ref(),
            after.as_ref(),
        ));
        if what.is_empty() {
            what.push("edited".into());
        }
        let f = &record.front;
        let superseded_in_range = became_superseded(
            store.config.lifecycle_of(&record.kind),
            status_before.as_ref(),
            status_after.as_ref(),
        );
        if let Some(id) = record.id {
            in_change.insert((record.kind.clone(), id));
        }
        decisions.push(DecisionChange {
            id: store.display_id(record),
            number: record.id.map(|i| i.0),
            kind: record.kind.clone(),
            title: record.title.clone(),
            path: record.path.clone(),
            former_path: (change == ChangeKind::Renamed)
                .then(|| before.as_ref().map(|b| b.path.clone()))
                .flatten(),
            change,
            status_before,
            status_after,
            superseded_in_range,
            what_changed: what,
            supersedes: ids_shown(store, &record.kind, &f.supersedes),
            superseded_by: ids_shown(store, &record.kind, &f.superseded_by),
            sections: if change == ChangeKind::Deleted {
                Sections::default()
            } else {
                let mut s = sections::parse(record.body());
                // An existing folder's format has its own sections: do not list MADR 4's
                // that it never had as missing.
                if store
                    .config
                    .kinds
                    .get(&record.kind)
                    .is_some_and(|k| k.in_place())
                {
                    s.missing.clear();
                }
                s
            },
            commits: record
                .id
                .and_then(|id| cited.get(&(record.kind.clone(), id)).cloned())
                .unwrap_or_default(),
        });
    }
    decisions.sort_by(|a, b| (&a.kind, a.number, &a.path).cmp(&(&b.kind, b.number, &b.path)));
    log_entries.sort_by(|a, b| a.path.cmp(&b.path));

    // Code the branch touches, against every decision at HEAD that existed before the branch.
    let code_changes: Vec<String> = range
        .changes(git, &[])?
        .into_iter()
        .filter_map(|(old, new)| new.or(old))
        .filter(|p| !roots.iter().any(|r| p.starts_with(&format!("{r}/"))))
        .collect();
    let head_records = store.load(&head_source, &[])?.records;
    // Which changed files each distinct `paths` pattern matches, in one pass over the files.
    let mut patterns: Vec<&str> = head_records
        .iter()
        .flat_map(|r| r.front.paths.iter().map(String::as_str))
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    let hits = crate::model::globs::matches_by_pattern(&patterns, &code_changes);
    let mb_names: BTreeSet<String> = store
        .config
        .kinds
        .values()
        .flat_map(|k| {
            let dir = k.path();
            mb_source
                .list(&dir)
                .unwrap_or_default()
                .into_iter()
                .map(move |e| format!("{dir}/{}", e.name))
        })
        .collect();
    let mut governed = Vec::new();
    for r in &head_records {
        if r.kind == "dod" || r.kind == "log" {
            continue;
        }
        let key = r.id.map(|id| (r.kind.clone(), id));
        // A decision the branch changes is shown above; only if it is (now) inactive do the
        // branch's commits citing it and code under it deserve a warning.
        let in_this_change = key.as_ref().is_some_and(|k| in_change.contains(k));
        // Closed decisions (rejected, deprecated, superseded) should no longer be followed.
        let now_inactive = store.config.role(r).is_some_and(|role| role.is_closed());
        if in_this_change && !now_inactive {
            continue;
        }
        let existed = mb_names.contains(&r.path);
        let mut files: Vec<String> = r
            .front
            .paths
            .iter()
            .filter_map(|p| patterns.binary_search(&p.as_str()).ok())
            .flat_map(|i| hits[i].iter().map(|&f| code_changes[f].clone()))
            .collect();
        files.sort();
        files.dedup();
        let commits_citing = key
            .as_ref()
            .and_then(|k| cited.get(k))
            .cloned()
            .unwrap_or_default();
        let status = r.front.status.clone();
        let inactive = now_inactive;
        let shown = store.display_id(r);
        if inactive {
            for c in &commits_citing {
                warnings.push(Warning {
                    message: format!(
                        "commit {} cites {shown}, which is {}",
                        c.short,
                        status_phrase(store, r)
                    ),
                    id: shown.clone(),
                    commit: Some(c.short.clone()),
                });
            }
            if !files.is_empty() && store.config.role(r) != Some(Role::Rejected) {
                warnings.push(Warning {
                    message: format!(
                        "{} fall{} under {shown}, which is {}: {}",
                        if files.len() == 1 {
                            "1 changed file".to_string()
                        } else {
                            format!("{} changed files", files.len())
                        },
                        if files.len() == 1 { "s" } else { "" },
                        status_phrase(store, r),
                        preview(&files)
                    ),
                    id: shown.clone(),
                    commit: None,
                });
            }
            continue;
        }
        if (existed && !files.is_empty()) || !commits_citing.is_empty() {
            governed.push(Governed {
                id: shown,
                title: r.title.clone(),
                status,
                path: r.path.clone(),
                files,
                commits: commits_citing,
            });
        }
    }
    // Citations of records that do not exist at all.
    for ((kind, id), lines) in &cited {
        // By file name: a record that exists but cannot be read is reported above, not as absent.
        let exists = store.config.kinds.get(kind).is_some_and(|k| {
            head_source
                .list(&k.path())
                .unwrap_or_default()
                .iter()
                .any(|e| Id::from_file_name(&e.name).is_some_and(|(i, _)| i == *id))
        });
        if !exists {
            let shown = store.config.id_text(kind, *id);
            for c in lines {
                warnings.push(Warning {
                    message: format!("commit {} cites {shown}, which does not exist", c.short),
                    id: shown.clone(),
                    commit: Some(c.short.clone()),
                });
            }
        }
    }
    // In the order found: by record, then the branch's commits newest first.
    warnings.dedup();

    Ok(Summary {
        version: SCHEMA_VERSION,
        base: range.base.clone(),
        base_commit: range.base_commit.id().to_string(),
        merge_base: range.merge_base.to_string(),
        head_commit: range.head.id().to_string(),
        commits: commits.len(),
        decisions,
        governed,
        log_entries,
        definition_of_done: dod,
        warnings,
    })
}

/// What changed in a record's lifecycle, in the words the summary and `git adr diff` share:
/// `status proposed → accepted` (`status proposed` for a new record), then `supersedes ADR-0002`
/// and `superseded by ADR-0005` for each link that `after` has and `before` had not.
pub fn lifecycle_changes(
    store: &Store,
    change: ChangeKind,
    before: Option<&Record>,
    after: Option<&Record>,
) -> Vec<String> {
    let mut what = Vec::new();
    let Some(record) = after.or(before) else {
        return what;
    };
    let status_before = before.and_then(Status::of_record);
    let status_after = after.and_then(Status::of_record);
    match (&status_before, &status_after) {
        (Some(b), Some(a)) if b.text != a.text => {
            what.push(format!("status {} → {}", b.text, a.text))
        }
        (None, Some(a)) if change == ChangeKind::Added => what.push(format!("status {}", a.text)),
        _ => {}
    }
    let empty = Vec::new();
    let (old_sup, old_by) = before.map_or((&empty, &empty), |b| {
        (&b.front.supersedes, &b.front.superseded_by)
    });
    let f = &record.front;
    let lifecycle = store.config.lifecycle_of(&record.kind);
    for id in f.supersedes.iter().filter(|i| !old_sup.contains(i)) {
        what.push(format!(
            "supersedes {}",
            store.config.id_text(&record.kind, *id)
        ));
    }
    for id in f.superseded_by.iter().filter(|i| !old_by.contains(i)) {
        let phrase = format!("superseded by {}", store.config.id_text(&record.kind, *id));
        // A status written as "superseded by ADR-0005" (MADR) or "Superceded by 5. Title"
        // (adr-tools) already says it: once is enough.
        let said = status_after.as_ref().is_some_and(|s| {
            lifecycle.is(Some(&s.key), Role::Superseded)
                && s.text
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|n| n.parse::<u32>().ok() == Some(id.0))
        });
        if !said {
            what.push(phrase);
        }
    }
    what
}

/// Did the record's status take the superseded role between the two statuses?
pub fn became_superseded(
    lifecycle: &Lifecycle,
    before: Option<&Status>,
    after: Option<&Status>,
) -> bool {
    let superseded = |s: &Status| lifecycle.is(Some(&s.key), Role::Superseded);
    after.is_some_and(superseded) && !before.is_some_and(superseded)
}

fn status_phrase(store: &Store, r: &Record) -> String {
    let superseded = store.config.role(r) == Some(Role::Superseded);
    match r.front.status.as_deref() {
        Some(s) if superseded && !r.front.superseded_by.is_empty() => {
            format!(
                "{s} by {}",
                ids_shown(store, &r.kind, &r.front.superseded_by).join(", ")
            )
        }
        Some(s) => s.to_string(),
        None => "without status".into(),
    }
}

fn preview(files: &[String]) -> String {
    let mut shown: Vec<String> = files.iter().take(3).map(|f| format!("`{f}`")).collect();
    if files.len() > 3 {
        shown.push(format!("and {} more", files.len() - 3));
    }
    shown.join(", ")
}

/// The definition-of-done part of the summary, as template data: `title`, `reasons` (phrases),
/// `items` with `text`, `owner`, `required`, `run` and, when run, `result.passed` and
/// `result.summary`.
pub fn definition_of_done(
    store: &Store,
    range: &Range<'_>,
    run: bool,
) -> Result<Vec<serde_json::Value>> {
    // The pull request is what is committed: the range, and checklists as committed at HEAD.
    let change = crate::features::dod::change(store, Some(&range.base), false)?;
    let source = Source::tree(range.head_tree.clone(), &store.repo.git);
    let (checklists, _errors) = crate::features::dod::load(store, &source)?;
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
        .unwrap_or_else(|| store.repo.git.path())
}
