//! What happened to records, from git: who created each one and when, every status change, rename
//! and deletion, with the commit that did it — in **one pass** over history.
//!
//! The git library has no path-limited log (see [`crate::git::walk`]), and one walk per file
//! costs about a second per file on a few thousand commits. So the walk visits every commit reachable from
//! `HEAD` once, compares the ids of its record trees (`.adr` and every other folder in
//! [`Config::record_roots`](crate::model::config::Config::record_roots)) with its parents' (equal ids:
//! nothing to do, which is almost every commit), and only where they differ diffs those trees and
//! reads the front matter of the record blobs that changed. Parsed blobs are cached by id, so a
//! version is read once however many diffs it appears in.
//!
//! [`load`] is the one entry point: it keeps the result in a cache under the common git
//! directory ([`cache`]) and walks only the commits that are new since (see there).
//!
//! Shallow clones are handled honestly: at a shallow boundary every file looks "added" in the one
//! commit, so records present there get a `created` event dated from their front matter, with no
//! commit, and [`History::shallow`] is set for the caller to warn once.
//!
//! The result is plain data ([`Event`]s, serialisable) so that `git adr log`, `history ID`, and
//! created/changed dates in `list` and `show` share one walk and one cache.

mod cache;
pub mod dates;
pub mod trails;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::git::commit::Commit;
use crate::git::diff::{Delta, DeltaKind, Paths};
use crate::git::repo::Repo;
use crate::git::walk::{Objects, Roots, Walk};
use crate::git::Oid;
use crate::model::config::{Config, Kind};
use crate::model::diagnostic::Diagnostic;
use crate::model::record::status::Role;
use crate::model::record::{frontmatter, Id, MAX_RECORD_BYTES};
use crate::store::{is_record_name, Store};
use crate::text::progress::Progress;

/// What happened to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Change {
    /// The record appeared, with this status.
    Created { status: Option<String> },
    /// Its `status` changed (`None`: no status written).
    StatusChanged {
        from: Option<String>,
        to: Option<String>,
    },
    /// Its file changed, its status did not.
    Modified,
    /// Its file moved (the event's `path` is the new one).
    Renamed { from_path: String },
    /// Its file was removed; the status it had.
    Deleted { status: Option<String> },
}

/// Where an event's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// The commit's author date.
    Commit,
    /// The record's front-matter `date` (its creation commit is beyond a shallow clone's
    /// boundary).
    FrontMatter,
    /// Not committed yet: a new record is dated from its front matter, other changes today.
    WorkTree,
}

/// One thing that happened to one record.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// `YYYY-MM-DD`, on the author's clock for commits; `None` when nothing dates it (a record
    /// without a front-matter date at a shallow boundary).
    pub date: Option<String>,
    /// The author date with time and offset (RFC 3339), for commit events.
    pub time: Option<String>,
    pub date_source: DateSource,
    /// The commit, `None` for uncommitted changes and shallow-boundary creations (shared by the
    /// events of one commit).
    pub commit: Option<Arc<Commit>>,
    /// The record's kind (`adr`, `log`, …).
    pub kind: String,
    /// The id as people read it (`ADR-0002`), or the name of an unnumbered record.
    pub id: String,
    pub number: Option<u32>,
    /// Repo-relative path of the record after the event (before it, for a deletion).
    pub path: String,
    /// The `# ` title of that version.
    pub title: String,
    /// `superseded-by` of that version, as display ids.
    pub superseded_by: Vec<String>,
    #[serde(flatten)]
    pub change: Change,
    /// Position in history, newest first: 0 for uncommitted changes, then the walk's order
    /// (topological, newest first). Events of one commit share it.
    #[serde(skip)]
    pub order: usize,
    /// The commit whose walk found the event: `commit`'s, or the shallow boundary's for a
    /// creation dated from front matter; `None` when uncommitted.
    #[serde(skip)]
    pub at: Option<Oid>,
}

/// The events of every record, newest first.
#[derive(Debug, Default)]
pub struct History {
    /// In history order: topological, newest first; shallow-boundary creations last.
    pub events: Vec<Event>,
    /// The repository is a shallow clone: history before its boundary is missing.
    pub shallow: bool,
    /// Commits reachable from `HEAD` (read now or earlier, from the cache).
    pub commits: usize,
    /// Problems that did not stop the walk (the cache could not be written), for the caller to
    /// show as warnings.
    pub warnings: Vec<Diagnostic>,
}

impl History {
    /// For each record path that exists at the end of history, the index (in `events`) of the
    /// event that created it, following renames. A record whose creation is not known (beyond a
    /// shallow boundary without a front-matter date, or created in a merge from both sides) is
    /// absent.
    pub fn creations(&self) -> HashMap<&str, usize> {
        let mut map: HashMap<&str, usize> = HashMap::new();
        for (i, e) in self.events.iter().enumerate().rev() {
            match &e.change {
                Change::Created { .. } => {
                    map.insert(&e.path, i);
                }
                Change::Renamed { from_path } => {
                    if let Some(c) = map.remove(from_path.as_str()) {
                        map.insert(&e.path, c);
                    }
                }
                Change::Deleted { .. } => {
                    map.remove(e.path.as_str());
                }
                _ => {}
            }
        }
        map
    }

    /// For each record path that exists at the end of history, the index of its newest event
    /// (its last change: created, status changed, modified or renamed), following renames.
    pub fn latest(&self) -> HashMap<&str, usize> {
        let mut map: HashMap<&str, usize> = HashMap::new();
        for (i, e) in self.events.iter().enumerate().rev() {
            match &e.change {
                Change::Renamed { from_path } => {
                    map.remove(from_path.as_str());
                    map.insert(&e.path, i);
                }
                Change::Deleted { .. } => {
                    map.remove(e.path.as_str());
                }
                _ => {
                    map.insert(&e.path, i);
                }
            }
        }
        map
    }
}

/// What the walk needs to know of one version of a record: only its front matter and title.
#[derive(Debug, Clone, Default)]
struct Meta {
    status: Option<String>,
    date: Option<String>,
    title: Option<String>,
    superseded_by: Vec<Id>,
}

/// A path's blob before and after a change (`None`: absent).
type BlobChange = (Option<Oid>, Option<Oid>);

/// A record file as a diff names it: where it is and which version.
#[derive(Debug, Clone, Copy)]
struct Side<'p> {
    path: &'p str,
    blob: Oid,
}

/// What happened to the records, from every commit reachable from `HEAD`, newest first. Reads
/// the cache and walks only what it does not cover (all of history on the first run, a progress
/// counter on `progress` when that takes a while); updates the cache. An unborn branch has no
/// history (an empty result). Committed changes only; add [`uncommitted`] for the work tree's.
pub fn load(store: &Store, progress: Option<&mut dyn std::io::Write>) -> Result<History> {
    let repo = &store.repo;
    let mut history = History {
        shallow: repo.is_shallow(),
        ..History::default()
    };
    let Some(head) = repo.head_id()? else {
        return Ok(history);
    };
    let mut progress = Progress::new(progress, "reading history", "commits");
    let objects = Objects::of(repo)?;
    let walker = Walker::new(store, &objects);
    let key = cache::Key::new(store, walker.walk.roots(), &walker.shallow_list);
    let path = store.repo.common_dir().join(cache::FILE);
    let cached = cache::read(&path, &key);
    let fresh = cached.as_ref().is_some_and(|c| c.tip == head);
    // The file as read and the number of new events, when they go on top of it unchanged.
    let mut on_top: Option<(Vec<u8>, usize)> = None;
    let (events, commits) = match cached {
        Some(c) if fresh => (c.events, c.commits),
        Some(mut c) => {
            let bytes = std::mem::take(&mut c.bytes);
            let old_tip = c.tip;
            match reuse(repo, c, head) {
                Some((kept, kept_commits, base)) => {
                    let (mut events, n) = walker.run(head, Some(base), &mut progress)?;
                    if base == old_tip {
                        on_top = Some((bytes, events.len()));
                    }
                    events.extend(kept.into_iter().map(|mut e| {
                        e.order += n; // the new commits come first
                        e
                    }));
                    (events, kept_commits + n)
                }
                None => walker.run(head, None, &mut progress)?,
            }
        }
        None => walker.run(head, None, &mut progress)?,
    };
    progress.finish();
    history.events = events;
    history.commits = commits;
    if !fresh {
        let written = match on_top {
            Some((old, new)) => cache::write_on_top(&path, &old, head, &history, new),
            None => cache::write(&path, &key, head, &history),
        };
        if let Err(e) = written {
            // The error names the file; the warning is about history as a whole.
            history.warnings.push(Diagnostic::warning(
                "",
                format!("cannot save the history cache ({e}); history is read in full each time"),
            ));
        }
    }
    Ok(history)
}

/// What of a cache for another tip still holds at `head`: the events of commits reachable from
/// the merge base of the two (every commit's events depend only on it and its parents), with
/// their number of commits, and that base, from which the walk goes on. `None` when nothing can
/// be reused: the cached tip is gone (history rewritten and pruned) or unrelated to `head`.
///
/// This covers new commits (the base is the cached tip), and also amended or rebased commits,
/// a reset, another branch, or a linked worktree on another branch (they share the cache): only
/// the commits on either side of the base are read, never all of history again.
fn reuse(repo: &Repo, cached: cache::Cached, head: Oid) -> Option<(Vec<Event>, usize, Oid)> {
    if !repo.has_commit(cached.tip) {
        return None;
    }
    let base = repo.common_ancestor(head, cached.tip)?;
    // Reachable from the old tip = reachable from the base + the commits only the tip has: drop
    // the latter's events.
    let mut gone: HashSet<Oid> = HashSet::new();
    if base != cached.tip {
        gone.extend(repo.commit_ids(cached.tip, Some(base), "").ok()?);
    }
    let events = cached
        .events
        .into_iter()
        .filter(|e| e.at.is_none_or(|at| !gone.contains(&at)))
        .collect();
    Some((events, cached.commits.checked_sub(gone.len())?, base))
}

/// Reads the commits of `head` (not of `hide`) and says what happened to records in each.
struct Walker<'s> {
    store: &'s Store,
    walk: Walk<'s>,
    metas: HashMap<Oid, Meta>,
    /// `.git/shallow`, sorted: part of the cache's key.
    shallow_list: Vec<String>,
}

impl<'s> Walker<'s> {
    fn new(store: &'s Store, objects: &'s Objects<'s>) -> Walker<'s> {
        let shallow_list = store.repo.shallow_boundary();
        // A root inside another would report its records twice.
        let all = store.config.record_roots();
        let roots = all
            .iter()
            .filter(|r| {
                !all.iter()
                    .any(|o| o != *r && r.starts_with(&format!("{o}/")))
            })
            .cloned()
            .collect();
        Walker {
            store,
            walk: Walk::new(&store.repo, objects, roots, &shallow_list),
            metas: HashMap::new(),
            shallow_list,
        }
    }

    /// The events of the commits reachable from `head` but not from `hide`, newest first, and
    /// how many commits that is. Positions ([`Event::order`]) count from 1 within them.
    fn run(
        mut self,
        head: Oid,
        hide: Option<Oid>,
        progress: &mut Progress<'_>,
    ) -> Result<(Vec<Event>, usize)> {
        let oids = self.walk.commits(head, hide)?;
        let mut events = Vec::new();
        let mut boundary_events = Vec::new();
        for (n, &oid) in oids.iter().enumerate() {
            if n.is_multiple_of(256) {
                progress.tick(n, oids.len());
            }
            let order = n + 1;
            let step = self.walk.step(oid)?;
            let Some(parents) = step.parents else {
                // A shallow boundary (or a parent missing from the object store): what is
                // here was not necessarily created here.
                boundary_events.extend(self.boundary(oid, &step.here, order)?);
                continue;
            };
            if !parents.is_empty() && parents.contains(&step.here) {
                continue; // the common case: this commit did not touch any record folder
            }
            events.extend(self.changes(oid, &step.here, &parents, order)?);
        }
        events.extend(boundary_events);
        Ok((events, oids.len()))
    }

    /// Record files that differ between two commits' record trees (`None`: no trees), renames
    /// paired when `renames` is set.
    fn diff(
        &self,
        old: Option<&Roots>,
        new: &Roots,
        renames: bool,
    ) -> Result<Vec<crate::git::walk::FileChange>> {
        let store = self.store;
        self.walk
            .diff(old, new, renames, &|p| record_kind(store, p).is_some())
    }

    /// The events of one commit. A merge reports only what differs from *every* parent (as
    /// `git log --cc` does): a change brought in from a merged branch was reported at the commit
    /// that made it.
    fn changes(
        &mut self,
        id: Oid,
        here: &Roots,
        parents: &[Roots],
        order: usize,
    ) -> Result<Vec<Event>> {
        let mut out = if parents.len() <= 1 {
            self.linear_changes(parents.first(), here)?
        } else {
            self.merge_changes(here, parents)?
        };
        let commit = Arc::new(self.walk.commit(id)?);
        let (date, time) = commit.authored.day_and_time();
        for e in &mut out {
            e.date = date.clone();
            e.time = time.clone();
            e.commit = Some(commit.clone());
            e.order = order;
            e.at = Some(id);
        }
        Ok(out)
    }

    /// The events of a commit with one parent (or none), renames paired.
    fn linear_changes(&mut self, parent: Option<&Roots>, here: &Roots) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        for (o, n) in self.diff(parent, here, true)? {
            let o = o.as_ref().map(|(p, b)| Side { path: p, blob: *b });
            let n = n.as_ref().map(|(p, b)| Side { path: p, blob: *b });
            match (o, n) {
                (Some(o), Some(n)) if o.path != n.path => {
                    let from_path = o.path.to_string();
                    out.push(self.event(n, Change::Renamed { from_path }));
                    out.extend(self.content_change(&[Some(o)], n));
                }
                (o, Some(n)) => out.extend(self.content_change(&[o], n)),
                (Some(o), None) => out.push(self.deleted(o)),
                (None, None) => {}
            }
        }
        Ok(out)
    }

    /// The events of a merge: only the paths it changed relative to every parent.
    fn merge_changes(&mut self, here: &Roots, parents: &[Roots]) -> Result<Vec<Event>> {
        // For each parent, what the merge changed relative to it, by path.
        let mut per_parent: Vec<HashMap<String, BlobChange>> = Vec::new();
        for p in parents {
            let mut map = HashMap::new();
            for (o, n) in self.diff(Some(p), here, false)? {
                let path = n.as_ref().or(o.as_ref()).map(|(p, _)| p.clone());
                if let Some(path) = path {
                    map.insert(path, (o.map(|(_, b)| b), n.map(|(_, b)| b)));
                }
            }
            per_parent.push(map);
        }
        let mut paths: Vec<&String> = per_parent[0]
            .keys()
            .filter(|k| per_parent[1..].iter().all(|m| m.contains_key(*k)))
            .collect();
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
            let olds: Vec<Option<Oid>> = per_parent.iter().map(|m| m[path.as_str()].0).collect();
            match per_parent[0][path.as_str()].1 {
                Some(blob) => {
                    let olds: Vec<Option<Side<'_>>> = olds
                        .iter()
                        .map(|o| o.map(|blob| Side { path, blob }))
                        .collect();
                    out.extend(self.content_change(&olds, Side { path, blob }));
                }
                None if olds.iter().all(Option::is_some) => {
                    let blob = olds[0].unwrap_or(Oid::zero());
                    out.push(self.deleted(Side { path, blob }));
                }
                None => {} // deleted on a merged branch, reported there
            }
        }
        Ok(out)
    }

    /// The event for a record deleted, with the status it had.
    fn deleted(&mut self, old: Side<'_>) -> Event {
        let status = self.meta(old.path, old.blob).status;
        self.event(old, Change::Deleted { status })
    }

    /// The event for a record that exists after the change: created (no older version), its
    /// status changed (differs from every older version), or modified.
    fn content_change(&mut self, olds: &[Option<Side<'_>>], new: Side<'_>) -> Option<Event> {
        let after = self.meta(new.path, new.blob);
        let existing: Vec<Side<'_>> = olds.iter().flatten().copied().collect();
        if existing.is_empty() {
            return Some(self.event(
                new,
                Change::Created {
                    status: after.status,
                },
            ));
        }
        let befores: Vec<Option<String>> = existing
            .iter()
            .map(|o| self.meta(o.path, o.blob).status)
            .collect();
        if befores.iter().all(|b| *b != after.status) {
            Some(self.event(
                new,
                Change::StatusChanged {
                    from: befores.into_iter().next().flatten(),
                    to: after.status,
                },
            ))
        } else if existing.iter().all(|o| o.blob != new.blob) {
            Some(self.event(new, Change::Modified))
        } else {
            None
        }
    }

    /// Records present at a shallow boundary: created at some unknown commit before it, dated
    /// from their front matter.
    fn boundary(&mut self, commit: Oid, here: &Roots, order: usize) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        for (_, new) in self.diff(None, here, false)? {
            let Some((path, blob)) = new else { continue };
            let meta = self.meta(&path, blob);
            let mut e = self.event(
                Side { path: &path, blob },
                Change::Created {
                    status: None, // unknown: the status it was created with is not in the clone
                },
            );
            e.date = meta.date;
            e.date_source = DateSource::FrontMatter;
            e.order = order;
            e.at = Some(commit);
            out.push(e);
        }
        Ok(out)
    }

    /// An event about the version `side`, without its date and commit.
    fn event(&mut self, side: Side<'_>, change: Change) -> Event {
        let meta = self.meta(side.path, side.blob);
        describe(self.store, side.path, meta, change)
    }

    /// The front matter and title of a blob, read once.
    fn meta(&mut self, path: &str, blob: Oid) -> Meta {
        if let Some(m) = self.metas.get(&blob) {
            return m.clone();
        }
        let meta = blob_meta(self.store, path, blob);
        self.metas.insert(blob, meta.clone());
        meta
    }
}

/// The kind a path is a record of, if it is one.
fn record_kind<'s>(store: &'s Store, path: &str) -> Option<&'s Kind> {
    let kind = store.config.kind_of_path(path)?;
    let name = path.rsplit('/').next()?;
    is_record_name(kind, name).then_some(kind)
}

/// The meta of a version of the record at `path`: an existing folder's records are read in
/// their own format, statuses normalised; git-adr's from their front matter.
fn meta_of(store: &Store, path: &str, bytes: &[u8]) -> Meta {
    let in_place = store
        .config
        .kind_of_path(path)
        .is_some_and(|k| k.in_place());
    if in_place {
        read_meta_in_place(path, bytes)
    } else {
        read_meta(bytes)
    }
}

/// The meta of a committed version; empty when the blob is missing or too large for a record.
fn blob_meta(store: &Store, path: &str, blob: Oid) -> Meta {
    store
        .repo
        .blob(blob, MAX_RECORD_BYTES)
        .map(|b| meta_of(store, path, &b))
        .unwrap_or_default()
}

/// An event about the record at `path` with the given version's `meta`; dated later.
fn describe(store: &Store, path: &str, meta: Meta, change: Change) -> Event {
    let kind = store.config.kind_of_path(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let (number, slug) = match Id::from_file_name(name) {
        Some((id, slug)) => (Some(id), slug.to_string()),
        None => (None, name.trim_end_matches(".md").to_string()),
    };
    let kind_name = kind.map_or("", |k| k.name.as_str());
    let shown = |id: &Id| store.config.id_text(kind_name, *id);
    Event {
        date: None,
        time: None,
        date_source: DateSource::Commit,
        commit: None,
        kind: kind.map_or_else(String::new, |k| k.name.clone()),
        id: number.as_ref().map_or_else(|| slug.clone(), shown),
        number: number.map(|n| n.0),
        path: path.to_string(),
        title: meta.title.unwrap_or(slug),
        superseded_by: meta.superseded_by.iter().map(shown).collect(),
        change,
        order: 0,
        at: None,
    }
}

/// Reads the status, date, `superseded-by` and title of a record's text; anything unreadable is
/// left out rather than failing the walk (an old, broken version is still history).
fn read_meta(bytes: &[u8]) -> Meta {
    let text = String::from_utf8_lossy(bytes);
    let (_, text) = frontmatter::strip_bom(&text);
    let Ok(block) = frontmatter::locate(text) else {
        return Meta::default();
    };
    let front = frontmatter::parse(&text[block.yaml.clone()], block.first_line).unwrap_or_default();
    Meta {
        status: front.status,
        date: front.date.map(|d| d.trim().to_string()),
        title: first_title(&text[block.body_start..]),
        superseded_by: front.superseded_by,
    }
}

/// [`read_meta`] for a record of an existing folder (adr-tools, MADR 2, free-text statuses).
fn read_meta_in_place(path: &str, bytes: &[u8]) -> Meta {
    match crate::model::record::Record::parse_in_place("adr", path, bytes.to_vec()) {
        Ok(r) => Meta {
            status: r.front.status,
            date: r.front.date,
            title: Some(r.title),
            superseded_by: r.front.superseded_by,
        },
        Err(_) => Meta::default(),
    }
}

/// The title (first `# ` heading) of a body.
fn first_title(body: &str) -> Option<String> {
    crate::model::record::find_title(body).map(|(title, _)| title)
}

impl Event {
    /// ` by ADR-0005, ADR-0006` when the event moved the record to the status with the
    /// superseded role and that version names its successors; empty otherwise.
    pub fn successors_phrase(&self, config: &Config) -> String {
        let Change::StatusChanged { to, .. } = &self.change else {
            return String::new();
        };
        let superseded = config
            .lifecycle_of(&self.kind)
            .is(to.as_deref(), Role::Superseded);
        if superseded && !self.superseded_by.is_empty() {
            format!(" by {}", self.superseded_by.join(", "))
        } else {
            String::new()
        }
    }
}

/// Changes to records that are not committed yet: the work tree (with the index) against `HEAD`,
/// of every record, or of the one at `only` (which spares a look at every other file). A new
/// record is dated from its front matter (else today); other changes today. Empty in a bare
/// repository.
pub fn uncommitted(store: &Store, only: Option<&str>) -> Result<Vec<Event>> {
    let Some(root) = store.root.as_deref() else {
        return Ok(Vec::new());
    };
    // The common case for one record: unchanged, which the index alone tells.
    if only.is_some_and(|path| store.repo.clean_as_head(path)) {
        return Ok(Vec::new());
    }
    let roots = store.config.record_roots();
    let paths = match only {
        Some(path) => Paths::Exactly(path),
        None => Paths::Under(&roots),
    };
    let deltas = store.repo.worktree_changes(paths)?;
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let mut out = Vec::new();
    for d in deltas.iter().filter(|d| d.utf8) {
        let Some(mut event) = worktree_event(store, root, d) else {
            continue;
        };
        event.date_source = DateSource::WorkTree;
        if event.date.is_none() {
            event.date = Some(today.clone());
        }
        out.push(event);
    }
    Ok(out)
}

/// The event of one uncommitted change, if it is a record's; a new record is dated from its
/// front matter, any other event is left undated.
fn worktree_event(store: &Store, root: &Path, d: &Delta) -> Option<Event> {
    let is_record = |p: &String| record_kind(store, p).is_some();
    let old_meta = |path: &str| blob_meta(store, path, d.old_blob);
    let new_meta = |path: &str| {
        let full = root.join(path);
        std::fs::metadata(&full)
            .ok()
            .filter(|m| m.is_file() && m.len() <= MAX_RECORD_BYTES)
            .and_then(|_| std::fs::read(&full).ok())
            .map(|b| meta_of(store, path, &b))
            .unwrap_or_default()
    };
    match d.kind {
        DeltaKind::Added => {
            let path = d.new_path.clone().filter(is_record)?;
            let meta = new_meta(&path);
            let date = meta.date.clone();
            let status = meta.status.clone();
            let mut e = describe(store, &path, meta, Change::Created { status });
            e.date = date;
            Some(e)
        }
        DeltaKind::Deleted => {
            let path = d.old_path.clone().filter(is_record)?;
            let meta = old_meta(&path);
            let status = meta.status.clone();
            Some(describe(store, &path, meta, Change::Deleted { status }))
        }
        DeltaKind::Modified => {
            let path = d.new_path.clone().filter(is_record)?;
            let (before, after) = (old_meta(&path), new_meta(&path));
            let change = if before.status != after.status {
                Change::StatusChanged {
                    from: before.status,
                    to: after.status.clone(),
                }
            } else {
                Change::Modified
            };
            Some(describe(store, &path, after, change))
        }
        DeltaKind::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_reads_status_title_and_superseded_by() {
        let m = read_meta(
            b"---\nstatus: superseded\ndate: 2026-01-02\nsuperseded-by: [3]\n---\n\n# Use X\n\nBody\n",
        );
        assert_eq!(m.status.as_deref(), Some("superseded"));
        assert_eq!(m.date.as_deref(), Some("2026-01-02"));
        assert_eq!(m.title.as_deref(), Some("Use X"));
        assert_eq!(m.superseded_by, vec![Id(3)]);
    }

    #[test]
    fn broken_versions_give_empty_meta_not_errors() {
        assert!(read_meta(b"no front matter").status.is_none());
        assert!(read_meta(b"---\nstatus: [unclosed\n---\n# T\n")
            .status
            .is_none());
        assert!(read_meta(&[0xff, 0xfe, 0x00]).title.is_none());
    }
}
