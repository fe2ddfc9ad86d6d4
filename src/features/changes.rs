//! The semantic difference in decisions between two states of a repository (two commits, or a
//! commit and the work tree): which records were added, deleted or renamed, and, for each, what
//! changed — status, supersessions, title, considered and chosen options, other front-matter
//! keys, body sections. Records are matched by kind and number (by name for unnumbered kinds),
//! so a renamed file keeps its identity. Both sides are read with [`Store::load`], so every
//! folder layout the store reads is compared the same way. JSON schema version
//! [`SCHEMA_VERSION`], documented in the README.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, RecordError, Result};
use crate::features::summary::{self, ChangeKind, Status};
use crate::git::source::Source;
use crate::model::config::Kind;
use crate::model::record::sections::{self, Sections};
use crate::model::record::{frontmatter, Format, Id, Record};
use crate::store::{Listing, Store};

/// Version of the JSON shape; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

// ---------------------------------------------------------------------------------------------
// What is compared: revisions as git reads them
// ---------------------------------------------------------------------------------------------

/// The two sides, as the command line names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    /// No revision: the merge base of the branch's base and HEAD, against the work tree; when
    /// no base can be found, HEAD against the work tree.
    Default,
    /// `REF`: REF against the work tree.
    WithWorkTree(String),
    /// `A..B` or `A B`: A's tree against B's.
    Between(String, String),
    /// `A...B`: the merge base of A and B against B.
    SinceMergeBase(String, String),
}

impl Spec {
    /// Reads the revision arguments the way `git diff` does. An empty side of `..` or `...`
    /// is HEAD.
    pub fn parse(revs: &[String]) -> Result<Spec> {
        let side = |s: &str| {
            if s.is_empty() {
                "HEAD".to_string()
            } else {
                s.to_string()
            }
        };
        let dots = |s: &str| s.contains("..");
        match revs {
            [] => Ok(Spec::Default),
            [one] => {
                if let Some((a, b)) = one.split_once("...") {
                    Ok(Spec::SinceMergeBase(side(a), side(b)))
                } else if let Some((a, b)) = one.split_once("..") {
                    Ok(Spec::Between(side(a), side(b)))
                } else {
                    Ok(Spec::WithWorkTree(one.clone()))
                }
            }
            [a, b] if !dots(a) && !dots(b) => Ok(Spec::Between(a.clone(), b.clone())),
            _ => Err(Error::usage_hint(
                format!("cannot compare {}", revs.join(" ")),
                "give A...B (since B left A), A..B or A B (A with B), or one REF (with the work tree)",
            )),
        }
    }
}

/// One side of the comparison, as JSON shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// The revision as given (`main`, `HEAD~2`); `null` for the work tree.
    pub rev: Option<String>,
    /// The commit whose tree was read; `null` for the work tree or a branch with no commits.
    pub commit: Option<String>,
    /// `commit` is the merge base of `rev` and the other side, not `rev` itself.
    pub merge_base: bool,
    /// The records were read from the work tree (uncommitted changes included).
    pub work_tree: bool,
    /// How the side is named for people ("merge base of main and feature", "the work tree").
    #[serde(skip)]
    pub label: String,
}

impl Endpoint {
    fn work_tree() -> Endpoint {
        Endpoint {
            rev: None,
            commit: None,
            merge_base: false,
            work_tree: true,
            label: "the work tree".into(),
        }
    }

    fn commit(rev: &str, commit: Option<git2::Oid>) -> Endpoint {
        Endpoint {
            rev: Some(rev.to_string()),
            commit: commit.map(|c| c.to_string()),
            merge_base: false,
            work_tree: false,
            label: rev.to_string(),
        }
    }

    /// The label with the short commit id, e.g. `main (1a2b3c4)`.
    pub fn describe(&self) -> String {
        match (&self.commit, self.work_tree) {
            (_, true) => self.label.clone(),
            (Some(c), _) => format!("{} ({})", self.label, &c[..c.len().min(7)]),
            (None, _) => format!("{} (no commits yet)", self.label),
        }
    }
}

/// The two sides resolved: what each is, and where its records are read from (`None`: nothing,
/// as on a branch with no commits).
pub struct Sides<'r> {
    /// The comparison as people read it: `main...feature`, `HEAD~2 (with the work tree)`.
    pub range: String,
    pub from: Endpoint,
    pub to: Endpoint,
    from_source: Option<Source<'r>>,
    to_source: Option<Source<'r>>,
    /// Said on stderr: how a default was chosen.
    pub note: Option<String>,
}

/// Resolves `spec` in the store's repository. Unknown revisions are usage errors naming them.
pub fn resolve<'r>(store: &'r Store, spec: &Spec) -> Result<Sides<'r>> {
    let repo = &store.repo;
    let git = &repo.git;
    let tree_source = |c: &git2::Commit<'r>| -> Result<Source<'r>> {
        let tree = c.tree().map_err(|e| Error::git("reading a commit", e))?;
        Ok(Source::tree(tree, git))
    };
    // The work tree, or HEAD in a bare repository (as every read command does there).
    let work_tree = || -> Result<(Endpoint, Option<Source<'r>>)> {
        if store.root.is_some() {
            return Ok((Endpoint::work_tree(), Some(store.default_source()?)));
        }
        let head = repo.head_commit()?;
        let source = tree_source(&head)?;
        Ok((Endpoint::commit("HEAD", Some(head.id())), Some(source)))
    };
    // HEAD, which may have no commits yet: then nothing.
    let head_or_nothing = || -> Result<(Endpoint, Option<Source<'r>>)> {
        match repo.head_tree()? {
            Some(_) => {
                let head = repo.head_commit()?;
                Ok((
                    Endpoint::commit("HEAD", Some(head.id())),
                    Some(tree_source(&head)?),
                ))
            }
            None => Ok((Endpoint::commit("HEAD", None), None)),
        }
    };
    let merge_base = |a: &str, b: &str| -> Result<(Endpoint, Option<Source<'r>>)> {
        let (ca, cb) = (repo.commit(a)?, repo.commit(b)?);
        let oid = merge_base_of(repo, &ca, a, &cb, b)?;
        let commit = git
            .find_commit(oid)
            .map_err(|e| Error::git("reading the merge base", e))?;
        let mut end = Endpoint::commit(a, Some(oid));
        end.merge_base = true;
        end.label = format!("the merge base of {a} and {b}");
        Ok((end, Some(tree_source(&commit)?)))
    };
    let at = |rev: &str| -> Result<(Endpoint, Option<Source<'r>>)> {
        let c = repo.commit(rev)?;
        Ok((Endpoint::commit(rev, Some(c.id())), Some(tree_source(&c)?)))
    };
    let mut note = None;
    let (range, (from, from_source), (to, to_source)) = match spec {
        Spec::SinceMergeBase(a, b) => (format!("{a}...{b}"), merge_base(a, b)?, at(b)?),
        Spec::Between(a, b) => (format!("{a}..{b}"), at(a)?, at(b)?),
        Spec::WithWorkTree(rev) => {
            let to = work_tree()?;
            (format!("{rev} with {}", to.0.label), at(rev)?, to)
        }
        // With no commits there is no base to speak of: everything is new.
        Spec::Default => match repo
            .head_tree()?
            .ok_or(())
            .and_then(|_| repo.resolve_base(None).map_err(|_| ()))
        {
            Ok(base) => {
                let to = work_tree()?;
                let from = merge_base(&base, "HEAD")?;
                (format!("{} with {}", from.0.label, to.0.label), from, to)
            }
            Err(()) => {
                let to_what = if store.root.is_some() {
                    "the work tree"
                } else {
                    "itself"
                };
                note = Some(if repo.head_tree()?.is_none() {
                    format!("HEAD has no commits yet: comparing nothing with {to_what}")
                } else {
                    format!(
                        "no base branch found: comparing HEAD with {to_what} (`git adr diff BASE...HEAD` compares with a branch)"
                    )
                });
                let to = work_tree()?;
                (format!("HEAD with {}", to.0.label), head_or_nothing()?, to)
            }
        },
    };
    Ok(Sides {
        range,
        from,
        to,
        from_source,
        to_source,
        note,
    })
}

/// The best common ancestor of two revisions, or a usage error that says why there is none
/// (and, in a shallow clone, how to fetch more history).
fn merge_base_of(
    repo: &crate::git::repo::Repo,
    a: &git2::Commit<'_>,
    a_name: &str,
    b: &git2::Commit<'_>,
    b_name: &str,
) -> Result<git2::Oid> {
    match repo.git.merge_base(a.id(), b.id()) {
        Ok(oid) => Ok(oid),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Err(if repo.git.is_shallow() {
            Error::usage_hint(
                format!("this is a shallow clone and the merge base of {a_name} and {b_name} is not in it"),
                "fetch more history: `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)",
            )
        } else {
            Error::usage_hint(
                format!("{a_name} and {b_name} have no common history"),
                format!("compare their trees instead: git adr diff {a_name}..{b_name}"),
            )
        }),
        Err(e) => Err(Error::git("finding the merge base", e)),
    }
}

// ---------------------------------------------------------------------------------------------
// The difference
// ---------------------------------------------------------------------------------------------

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
    fn of(before: &[String], after: &[String]) -> ListChange {
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
    /// It became `superseded` (its status key is `superseded` now and was not before).
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

/// A record one side could not read; it is left out of the comparison.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    /// `from` or `to`.
    pub side: &'static str,
    pub path: String,
    pub line: Option<usize>,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// Reads both sides (only `kinds`, all when empty) and compares them.
pub fn diff(store: &Store, sides: &Sides<'_>, kinds: &[&Kind]) -> Result<Diff> {
    let load = |source: &Option<Source<'_>>| -> Result<Listing> {
        match source {
            Some(s) => store.load(s, kinds),
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

/// What identifies a record across the sides: kind and number, or kind and name.
type Key = (String, Option<Id>, String);

fn key_of(r: &Record) -> Key {
    match r.id {
        Some(id) => (r.kind.clone(), Some(id), String::new()),
        None => (r.kind.clone(), None, r.slug.clone()),
    }
}

/// The key a file that could not be read would have had, from its path (as [`Record::parse`]
/// derives number and name).
fn key_of_path(store: &Store, path: &str) -> Option<Key> {
    let kind = store.config.kind_of_path(path)?;
    Some(match crate::model::record::id_and_slug(path) {
        (Some(id), _) => (kind.name.clone(), Some(id), String::new()),
        (None, slug) => (kind.name.clone(), None, slug),
    })
}

/// Compares two listings. Records are paired by path first, then by key (in path order when a
/// number is shared by several files). A file one side cannot read is a warning, and its
/// counterpart on the other side (the file at the same path, else the record with the same key)
/// is not compared — unless it is unreadable in the same way on both sides, which is no
/// difference.
pub fn compare(store: &Store, before: Listing, after: Listing) -> (Vec<RecordDiff>, Vec<Warning>) {
    let same_error = |e: &RecordError, others: &[RecordError]| {
        others
            .iter()
            .any(|o| o.location == e.location && o.message == e.message)
    };
    let mut warnings = Vec::new();
    // Per side (0: before, 1: after), what to leave out because the other side is unreadable.
    let mut skip_paths: [HashSet<String>; 2] = Default::default();
    let mut skip_keys: [BTreeSet<Key>; 2] = Default::default();
    let sides = [
        ("from", &before.errors, &after.errors, &after.records, 1),
        ("to", &after.errors, &before.errors, &before.records, 0),
    ];
    for (side, errors, other_errors, other_records, other) in sides {
        for e in errors {
            if same_error(e, other_errors) {
                continue;
            }
            let path = &e.location.path;
            let key = key_of_path(store, path);
            let not_compared = key
                .as_ref()
                .map(|k| format!("; {} is not compared", shown_key(store, k)))
                .unwrap_or_default();
            if other_records.iter().any(|r| &r.path == path) {
                skip_paths[other].insert(path.clone());
            } else if let Some(k) = key {
                skip_keys[other].insert(k);
            }
            warnings.push(Warning {
                side,
                path: path.clone(),
                line: e.location.line,
                code: e.code,
                message: format!("{}{not_compared}", e.message),
                hint: e.hint.clone(),
            });
        }
    }
    let [skip_paths_before, skip_paths_after] = skip_paths;
    let [skip_keys_before, skip_keys_after] = skip_keys;

    let mut pairs: Vec<(Option<Record>, Option<Record>)> = Vec::new();
    let mut left: Vec<Option<Record>> = before
        .records
        .into_iter()
        .filter(|r| !skip_paths_before.contains(&r.path))
        .map(Some)
        .collect();
    let by_path: HashMap<String, usize> = left
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (r.path.clone(), i)))
        .collect();
    let mut unpaired_after = Vec::new();
    for r in after.records {
        if skip_paths_after.contains(&r.path) {
            continue;
        }
        match by_path.get(&r.path) {
            Some(&i) => pairs.push((left[i].take(), Some(r))),
            None => unpaired_after.push(r),
        }
    }
    let mut by_key: BTreeMap<Key, Vec<Record>> = BTreeMap::new();
    for r in left.into_iter().flatten() {
        by_key.entry(key_of(&r)).or_default().push(r);
    }
    for list in by_key.values_mut() {
        // Popped from the end: the first path first.
        list.sort_by(|a, b| b.path.cmp(&a.path));
    }
    unpaired_after.sort_by(|a, b| a.path.cmp(&b.path));
    for r in unpaired_after {
        let key = key_of(&r);
        match by_key.get_mut(&key).and_then(Vec::pop) {
            Some(b) => pairs.push((Some(b), Some(r))),
            None if skip_keys_after.contains(&key) => {}
            None => pairs.push((None, Some(r))),
        }
    }
    for (key, list) in by_key {
        if skip_keys_before.contains(&key) {
            continue;
        }
        pairs.extend(list.into_iter().map(|b| (Some(b), None)));
    }

    let mut records: Vec<RecordDiff> = pairs
        .into_iter()
        .filter_map(|(b, a)| compare_pair(store, b.as_ref(), a.as_ref()))
        .collect();
    records.sort_by(|a, b| {
        (a.kind != "adr", &a.kind, a.number, &a.path).cmp(&(
            b.kind != "adr",
            &b.kind,
            b.number,
            &b.path,
        ))
    });
    warnings.sort_by(|a, b| (&a.path, a.side).cmp(&(&b.path, b.side)));
    (records, warnings)
}

fn shown_key(store: &Store, (kind, id, slug): &Key) -> String {
    match id {
        Some(id) => store.config.id_text(kind, *id),
        None => slug.clone(),
    }
}

/// The difference between two versions of one record, `None` when there is none that matters
/// (same path, and the same front-matter values and body text).
fn compare_pair(
    store: &Store,
    before: Option<&Record>,
    after: Option<&Record>,
) -> Option<RecordDiff> {
    let record = after.or(before)?;
    let change = match (before, after) {
        (None, Some(_)) => ChangeKind::Added,
        (Some(_), None) => ChangeKind::Deleted,
        (Some(b), Some(a)) if b.path != a.path => ChangeKind::Renamed,
        _ => ChangeKind::Modified,
    };
    if let (Some(b), Some(a)) = (before, after) {
        if b.path == a.path && b.text == a.text {
            return None;
        }
    }
    let status_before = before.and_then(Status::of_record);
    let status_after = after.and_then(Status::of_record);
    let mut diff = RecordDiff {
        id: store.display_id(record),
        number: record.id.map(|i| i.0),
        kind: record.kind.clone(),
        change,
        title: record.title.clone(),
        path: record.path.clone(),
        former_path: (change == ChangeKind::Renamed)
            .then(|| before.map(|b| b.path.clone()))
            .flatten(),
        became_superseded: summary::became_superseded(
            status_before.as_ref(),
            status_after.as_ref(),
        ),
        status_before,
        status_after,
        title_change: None,
        supersedes: ListChange::default(),
        superseded_by: ListChange::default(),
        options: OptionsChange::default(),
        chosen_change: None,
        fields: Vec::new(),
        sections: Vec::new(),
        body_changed: false,
        what_changed: Vec::new(),
    };
    let Some(after) = after else {
        // A deleted record: who it was is enough.
        if let Some(s) = &diff.status_before {
            diff.what_changed.push(format!("was {}", s.text));
        }
        return Some(diff);
    };
    let ids = |r: Option<&Record>, pick: fn(&Record) -> &Vec<Id>| -> Vec<String> {
        r.map(|r| {
            pick(r)
                .iter()
                .map(|id| store.config.id_text(&r.kind, *id))
                .collect()
        })
        .unwrap_or_default()
    };
    if let Some(b) = before {
        if b.title != after.title {
            diff.title_change = Some(Edit {
                from: Some(b.title.clone()),
                to: Some(after.title.clone()),
            });
        }
    }
    diff.supersedes = ListChange::of(
        &ids(before, |r| &r.front.supersedes),
        &ids(Some(after), |r| &r.front.supersedes),
    );
    diff.superseded_by = ListChange::of(
        &ids(before, |r| &r.front.superseded_by),
        &ids(Some(after), |r| &r.front.superseded_by),
    );
    let empty = Sections::default();
    let sections_before = before.map(|b| sections::parse(b.body()));
    let sections_after = sections::parse(after.body());
    let sb = sections_before.as_ref().unwrap_or(&empty);
    diff.options = options_change(&sb.options, &sections_after.options);
    let same_chosen = match (&sb.chosen, &sections_after.chosen) {
        (Some(x), Some(y)) => x == y || sections::same_option(x, y),
        (None, None) => true,
        _ => false,
    };
    if !same_chosen {
        diff.chosen_change = Some(Edit {
            from: sb.chosen.clone(),
            to: sections_after.chosen.clone(),
        });
    }
    diff.sections = sections_changed(sb, &sections_after);
    diff.fields = fields_changed(store, before, after);
    diff.body_changed = before.map_or(String::new(), body_text) != body_text(after);

    let nothing_else = diff.title_change.is_none()
        && diff.status_before == diff.status_after
        && diff.supersedes.is_empty()
        && diff.superseded_by.is_empty()
        && diff.fields.is_empty()
        && !diff.body_changed;
    if change == ChangeKind::Modified && nothing_else {
        // Only formatting changed (comments, key order, quoting, line endings).
        return None;
    }
    diff.what_changed = phrases(store, &diff, before, after);
    Some(diff)
}

/// Options matched by title: first exactly (after normalising), then as the body reader
/// matches an option heading to a listed option.
fn options_change(
    before: &[sections::DecisionOption],
    after: &[sections::DecisionOption],
) -> OptionsChange {
    let mut taken = vec![false; before.len()];
    let mut matched: Vec<Option<usize>> = vec![None; after.len()];
    for pass in 0..2 {
        for (j, a) in after.iter().enumerate() {
            if matched[j].is_some() {
                continue;
            }
            let hit = before.iter().enumerate().position(|(i, b)| {
                !taken[i]
                    && if pass == 0 {
                        b.title == a.title
                    } else {
                        sections::same_option(&b.title, &a.title)
                    }
            });
            if let Some(i) = hit {
                taken[i] = true;
                matched[j] = Some(i);
            }
        }
    }
    let mut out = OptionsChange::default();
    for (j, a) in after.iter().enumerate() {
        match matched[j] {
            None => out.added.push(a.title.clone()),
            Some(i) => {
                let b = &before[i];
                let change = OptionChange {
                    title: a.title.clone(),
                    description_changed: b.description != a.description,
                    good: ListChange::of(&b.good, &a.good),
                    bad: ListChange::of(&b.bad, &a.bad),
                    neutral: ListChange::of(&b.neutral, &a.neutral),
                };
                if change.description_changed
                    || !change.good.is_empty()
                    || !change.bad.is_empty()
                    || !change.neutral.is_empty()
                {
                    out.changed.push(change);
                }
            }
        }
    }
    out.removed = before
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(b, _)| b.title.clone())
        .collect();
    out
}

/// The body sections (besides options and the chosen one) whose content differs.
fn sections_changed(b: &Sections, a: &Sections) -> Vec<String> {
    let mut out = Vec::new();
    let mut note = |differs: bool, name: &str| {
        if differs {
            out.push(name.to_string());
        }
    };
    note(b.context != a.context, "Context and Problem Statement");
    note(b.drivers != a.drivers, "Decision Drivers");
    note(b.decision != a.decision, "Decision Outcome");
    note(b.consequences != a.consequences, "Consequences");
    note(b.verification != a.verification, "Confirmation");
    note(
        b.rollout != a.rollout || b.rollback != a.rollback,
        "Rollout and Rollback",
    );
    note(b.more_information != a.more_information, "More Information");
    out
}

/// The body without its title line, with line endings and trailing white space normalised.
/// A record of an existing folder written without front matter keeps its metadata in the body
/// (adr-tools' `Date:` line and `## Status` section, MADR 2's `* Status: …` list): those lines
/// are compared as fields, so they are left out here.
fn body_text(r: &Record) -> String {
    let body = r.body();
    let lines: Vec<&str> = body.lines().collect();
    let title_line = crate::model::record::find_title(body).map(|(_, l)| l);
    let mut skip = vec![false; lines.len() + 1];
    if let Some(t) = title_line {
        skip[t] = true;
    }
    if r.format != Format::FrontMatter {
        let heads = crate::model::record::headings(body);
        let first_section = heads
            .iter()
            .find(|h| h.level == 2)
            .map_or(lines.len() + 1, |h| h.line);
        let meta = |l: &str| {
            let l = l.trim_start().trim_start_matches(['*', '-']).trim_start();
            l.split_once(':').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key.len() <= 20
                    && key
                        .chars()
                        .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
            })
        };
        for (i, l) in lines.iter().enumerate() {
            if title_line.is_some_and(|t| i + 1 > t) && i + 1 < first_section && meta(l) {
                skip[i + 1] = true;
            }
        }
        if let Some(h) = heads
            .iter()
            .find(|h| h.level == 2 && h.text.eq_ignore_ascii_case("status"))
        {
            for flag in &mut skip[h.line..=h.lines.end] {
                *flag = true;
            }
        }
    }
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip[i + 1])
        .map(|(_, l)| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Keys read into typed fields (`deciders` is MADR 3's name for `decision-makers`); the others
/// are compared as YAML values.
const KNOWN_KEYS: &[&str] = &[
    "status",
    "date",
    "decision-makers",
    "deciders",
    "consulted",
    "informed",
    "tags",
    "paths",
    "supersedes",
    "superseded-by",
    "amends",
    "amended-by",
    "relates",
    "review-by",
    "dod",
    "links",
];

/// Front-matter keys whose values differ, besides status and supersessions: the known ones in
/// a fixed order, then a team's own keys by name.
fn fields_changed(store: &Store, before: Option<&Record>, after: &Record) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let id_list = |r: &Record, ids: &[Id]| -> Vec<String> {
        ids.iter()
            .map(|id| store.config.id_text(&r.kind, *id))
            .collect()
    };
    type Pick = fn(&Record) -> Option<String>;
    let scalars: [(&str, Pick); 2] = [
        ("date", |r| r.front.date.clone()),
        ("review-by", |r| r.front.review_by.clone()),
    ];
    type PickList = fn(&Record) -> Vec<String>;
    let lists: [(&str, PickList); 7] = [
        ("decision-makers", |r| r.front.decision_makers.clone()),
        ("consulted", |r| r.front.consulted.clone()),
        ("informed", |r| r.front.informed.clone()),
        ("tags", |r| r.front.tags.clone()),
        ("paths", |r| r.front.paths.clone()),
        ("dod", |r| r.front.dod.clone()),
        ("links", |r| r.front.links.clone()),
    ];
    for (key, pick) in scalars {
        let (from, to) = (before.and_then(pick), pick(after));
        if from != to {
            out.push(FieldChange {
                key: key.into(),
                from: from.map_or(Value::Null, Value::String),
                to: to.map_or(Value::Null, Value::String),
                added: vec![],
                removed: vec![],
            });
        }
        // `review-by` goes after the lists, as in the file template.
        if key == "date" {
            for (key, pick) in lists {
                push_list(&mut out, key, before.map(pick), pick(after));
            }
            type PickIds = fn(&Record) -> &Vec<Id>;
            let relations: [(&str, PickIds); 3] = [
                ("amends", |r| &r.front.amends),
                ("amended-by", |r| &r.front.amended_by),
                ("relates", |r| &r.front.relates),
            ];
            for (key, pick) in relations {
                push_list(
                    &mut out,
                    key,
                    before.map(|b| id_list(b, pick(b))),
                    id_list(after, pick(after)),
                );
            }
        }
    }
    let other_before = before.map(other_keys).unwrap_or_default();
    let other_after = other_keys(after);
    let keys: BTreeSet<&String> = other_before.keys().chain(other_after.keys()).collect();
    for key in keys {
        let (from, to) = (other_before.get(key), other_after.get(key));
        if from == to {
            continue;
        }
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            match v {
                None | Some(Value::Null) => Some(vec![]),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        Value::Bool(b) => Some(b.to_string()),
                        _ => None,
                    })
                    .collect(),
                Some(_) => None,
            }
        };
        let list = match (strings(from), strings(to)) {
            (Some(f), Some(t)) => ListChange::of(&f, &t),
            _ => ListChange::default(),
        };
        out.push(FieldChange {
            key: key.clone(),
            from: from.cloned().unwrap_or(Value::Null),
            to: to.cloned().unwrap_or(Value::Null),
            added: list.added,
            removed: list.removed,
        });
    }
    out
}

fn push_list(
    out: &mut Vec<FieldChange>,
    key: &str,
    before: Option<Vec<String>>,
    after: Vec<String>,
) {
    let before = before.unwrap_or_default();
    if before == after {
        return;
    }
    let list = ListChange::of(&before, &after);
    let as_value = |v: Vec<String>| {
        if v.is_empty() {
            Value::Null
        } else {
            Value::Array(v.into_iter().map(Value::String).collect())
        }
    };
    out.push(FieldChange {
        key: key.into(),
        from: as_value(before),
        to: as_value(after),
        added: list.added,
        removed: list.removed,
    });
}

/// The front-matter keys git-adr does not read into typed fields, as YAML values (a team's own
/// keys, a checklist's `items` and `applies-to`). Read with the same budget as front matter; a
/// block that cannot be read this way contributes nothing.
fn other_keys(r: &Record) -> BTreeMap<String, Value> {
    let (_, rest) = frontmatter::strip_bom(&r.text);
    let Ok(block) = frontmatter::locate(rest) else {
        return BTreeMap::new();
    };
    let Some(yaml) = rest.get(block.yaml) else {
        return BTreeMap::new();
    };
    let yaml = yaml.replace("\r\n", "\n");
    serde_saphyr::from_str_with_options::<Option<BTreeMap<String, Value>>>(
        &yaml,
        frontmatter::options(),
    )
    .ok()
    .flatten()
    .unwrap_or_default()
    .into_iter()
    .filter(|(k, _)| !KNOWN_KEYS.contains(&k.as_str()))
    .collect()
}

// ---------------------------------------------------------------------------------------------
// In words
// ---------------------------------------------------------------------------------------------

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `+ a, + b, - c`.
fn signed(list: &ListChange) -> String {
    list.added
        .iter()
        .map(|a| format!("+ {a}"))
        .chain(list.removed.iter().map(|r| format!("- {r}")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The changes in words: the lifecycle first, in the words `git adr pr` uses, then title,
/// options, other keys and the body.
fn phrases(store: &Store, d: &RecordDiff, before: Option<&Record>, after: &Record) -> Vec<String> {
    let added = d.change == ChangeKind::Added;
    let mut out = Vec::new();
    if let Some(former) = &d.former_path {
        out.push(format!("renamed from {former}"));
    }
    if let Some(t) = &d.title_change {
        out.push(format!(
            "title \"{}\" → \"{}\"",
            t.from.as_deref().unwrap_or(""),
            t.to.as_deref().unwrap_or("")
        ));
    }
    out.extend(summary::lifecycle_changes(
        store,
        d.change,
        before,
        Some(after),
    ));
    match (&d.status_before, &d.status_after) {
        (Some(b), None) => out.push(format!("status {} → (none)", b.text)),
        (None, Some(a)) if !added => out.push(format!("status (none) → {}", a.text)),
        _ => {}
    }
    for id in &d.supersedes.removed {
        out.push(format!("no longer supersedes {id}"));
    }
    for id in &d.superseded_by.removed {
        out.push(format!("no longer superseded by {id}"));
    }
    let o = &d.options;
    if added {
        if !o.added.is_empty() {
            out.push(format!("considered options: {}", quoted(&o.added)));
        }
    } else {
        if !o.added.is_empty() {
            out.push(format!("options added: {}", quoted(&o.added)));
        }
        if !o.removed.is_empty() {
            out.push(format!("options removed: {}", quoted(&o.removed)));
        }
        for c in &o.changed {
            let mut parts = Vec::new();
            for (word, list) in [("good", &c.good), ("bad", &c.bad), ("neutral", &c.neutral)] {
                for a in &list.added {
                    parts.push(format!("+ {word} \"{a}\""));
                }
                for r in &list.removed {
                    parts.push(format!("- {word} \"{r}\""));
                }
            }
            if c.description_changed {
                parts.push("description edited".into());
            }
            out.push(format!("option \"{}\": {}", c.title, parts.join(", ")));
        }
    }
    if let Some(c) = &d.chosen_change {
        out.push(match (&c.from, &c.to) {
            (None, Some(to)) if added => format!("chosen option \"{to}\""),
            (from, to) => format!(
                "chosen option {} → {}",
                from.as_deref()
                    .map_or("(none)".into(), |f| format!("\"{f}\"")),
                to.as_deref()
                    .map_or("(none)".into(), |t| format!("\"{t}\""))
            ),
        });
    }
    // A new record's other keys are in the JSON; in words they would only be noise.
    for f in d.fields.iter().filter(|_| !added) {
        let known = KNOWN_KEYS.contains(&f.key.as_str());
        let list = ListChange {
            added: f.added.clone(),
            removed: f.removed.clone(),
        };
        out.push(if !list.is_empty() {
            format!("{}: {}", f.key, signed(&list))
        } else if known
            || !(f.from.is_object() || f.to.is_object() || f.from.is_array() || f.to.is_array())
        {
            format!("{}: {} → {}", f.key, value_text(&f.from), value_text(&f.to))
        } else {
            format!("{} changed", f.key)
        });
    }
    if !added {
        // The decision paragraph names the chosen option: a new choice edits it anyway.
        let edited: Vec<&str> = d
            .sections
            .iter()
            .map(String::as_str)
            .filter(|s| d.chosen_change.is_none() || *s != "Decision Outcome")
            .collect();
        if !edited.is_empty() {
            out.push(format!("edited: {}", edited.join(", ")));
        } else if d.body_changed && o.is_empty() && d.chosen_change.is_none() {
            out.push("text edited".into());
        }
    }
    out
}
