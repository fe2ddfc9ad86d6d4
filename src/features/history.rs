//! What happened to records, from git: who created each one and when, every status change, rename
//! and deletion, with the commit that did it — in **one pass** over history.
//!
//! libgit2 has no path-limited log (libgit2/libgit2#3041), and one walk per file costs about a
//! second per file on a few thousand commits. So the walk visits every commit reachable from
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

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::config::{Config, Kind};
use crate::model::diagnostic::Diagnostic;
use crate::model::record::status::Role;
use crate::model::record::{frontmatter, Id, MAX_RECORD_BYTES};
use crate::store::{is_record_name, Store};
use crate::text::progress::Progress;

/// The commit an event comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    /// Full object id.
    pub sha: String,
    /// The abbreviated id git would show.
    pub short: String,
    /// The first line of the message.
    pub subject: String,
    pub author: String,
    pub email: String,
}

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
    pub commit: Option<Arc<CommitInfo>>,
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
    pub at: Option<git2::Oid>,
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

/// A record file in a tree: its repo-relative path and blob.
type FileVersion = (String, git2::Oid);

/// A path's blob before and after a change (`None`: absent).
type BlobChange = (Option<git2::Oid>, Option<git2::Oid>);

/// A record file as a diff names it: where it is and which version.
#[derive(Debug, Clone, Copy)]
struct Side<'p> {
    path: &'p str,
    blob: git2::Oid,
}

/// What happened to the records, from every commit reachable from `HEAD`, newest first. Reads
/// the cache and walks only what it does not cover (all of history on the first run, a progress
/// counter on `progress` when that takes a while); updates the cache. An unborn branch has no
/// history (an empty result). Committed changes only; add [`uncommitted`] for the work tree's.
pub fn load(store: &Store, progress: Option<&mut dyn std::io::Write>) -> Result<History> {
    // libgit2 re-hashes every object it reads (SHA-1 with collision detection): over a long
    // history that is a third of the walk. `git log` does not; integrity is `git fsck`'s job.
    // This is a process-wide setting, and only ever relaxes reads.
    git2::opts::strict_hash_verification(false);
    let git = &store.repo.git;
    let mut history = History {
        shallow: git.is_shallow(),
        ..History::default()
    };
    let head = match git.head().and_then(|h| h.peel_to_commit()) {
        Ok(c) => c.id(),
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            return Ok(history)
        }
        Err(e) => return Err(Error::git("reading HEAD", e)),
    };
    let mut progress = Progress::new(progress, "reading history", "commits");
    let walker = Walker::new(store);
    let key = cache::Key::new(store, &walker.roots, &walker.shallow_list);
    let path = store.repo.common_dir().join(cache::FILE);
    let cached = cache::read(&path, &key);
    let fresh = cached.as_ref().is_some_and(|c| c.tip == head);
    let (events, commits) = match cached {
        Some(c) if fresh => (c.events, c.commits),
        Some(c) => match reuse(git, c, head) {
            Some((kept, kept_commits, base)) => {
                let (mut events, n) = walker.run(head, Some(base), &mut progress)?;
                events.extend(kept.into_iter().map(|mut e| {
                    e.order += n; // the new commits come first
                    e
                }));
                (events, kept_commits + n)
            }
            None => walker.run(head, None, &mut progress)?,
        },
        None => walker.run(head, None, &mut progress)?,
    };
    progress.finish();
    history.events = events;
    history.commits = commits;
    if !fresh {
        if let Err(e) = cache::write(&path, &key, head, &history) {
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
fn reuse(
    git: &git2::Repository,
    cached: cache::Cached,
    head: git2::Oid,
) -> Option<(Vec<Event>, usize, git2::Oid)> {
    git.find_commit(cached.tip).ok()?;
    let base = git.merge_base(head, cached.tip).ok()?;
    // Reachable from the old tip = reachable from the base + the commits only the tip has: drop
    // the latter's events.
    let mut gone: HashSet<git2::Oid> = HashSet::new();
    if base != cached.tip {
        let mut walk = git.revwalk().ok()?;
        walk.push(cached.tip).ok()?;
        walk.hide(base).ok()?;
        for oid in walk {
            gone.insert(oid.ok()?);
        }
    }
    let events = cached
        .events
        .into_iter()
        .filter(|e| e.at.is_none_or(|at| !gone.contains(&at)))
        .collect();
    Some((events, cached.commits.checked_sub(gone.len())?, base))
}

/// Reads the commits of `head` (not of `hide`) and their record trees.
struct Walker<'s> {
    store: &'s Store,
    git: &'s git2::Repository,
    /// The directories that hold records, none inside another.
    roots: Vec<String>,
    /// The ids of each commit's record trees, one per root (`None`: not there), looked up once.
    root_trees: HashMap<git2::Oid, Roots>,
    metas: HashMap<git2::Oid, Meta>,
    shallow_boundary: HashSet<git2::Oid>,
    /// `.git/shallow`, sorted: part of the cache's key.
    shallow_list: Vec<String>,
}

/// A commit's record trees, one per root.
type Roots = Vec<Option<git2::Oid>>;

impl<'s> Walker<'s> {
    fn new(store: &'s Store) -> Walker<'s> {
        let git = &store.repo.git;
        let mut shallow_list: Vec<String> = if git.is_shallow() {
            // `.git/shallow` lists the commits whose parents were not fetched.
            std::fs::read_to_string(store.repo.common_dir().join("shallow"))
                .unwrap_or_default()
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        shallow_list.sort();
        let shallow_boundary = shallow_list
            .iter()
            .filter_map(|l| git2::Oid::from_str(l).ok())
            .collect();
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
            git,
            roots,
            root_trees: HashMap::new(),
            metas: HashMap::new(),
            shallow_boundary,
            shallow_list,
        }
    }

    /// The events of the commits reachable from `head` but not from `hide`, newest first, and
    /// how many commits that is. Positions ([`Event::order`]) count from 1 within them.
    fn run(
        mut self,
        head: git2::Oid,
        hide: Option<git2::Oid>,
        progress: &mut Progress<'_>,
    ) -> Result<(Vec<Event>, usize)> {
        let walk_err = |e| Error::git("walking history", e);
        let mut revwalk = self.git.revwalk().map_err(walk_err)?;
        revwalk
            .set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .and_then(|_| revwalk.push(head))
            .map_err(walk_err)?;
        if let Some(hide) = hide {
            revwalk.hide(hide).map_err(walk_err)?;
        }
        // A topological walk reads every commit before it yields the first, so collecting the
        // ids costs little, and gives the progress counter its total.
        let oids: Vec<git2::Oid> = revwalk.collect::<Result<_, _>>().map_err(walk_err)?;
        let mut events = Vec::new();
        let mut boundary_events = Vec::new();
        for (n, &oid) in oids.iter().enumerate() {
            if n.is_multiple_of(256) {
                progress.tick(n, oids.len());
            }
            let commit = self
                .git
                .find_commit(oid)
                .map_err(|e| Error::git(format!("reading commit {oid}"), e))?;
            let order = n + 1;
            let here = self.root_trees(&commit);
            let parents: Option<Vec<Roots>> = if self.shallow_boundary.contains(&oid) {
                None
            } else {
                commit
                    .parent_ids()
                    .map(|p| self.git.find_commit(p).ok().map(|pc| self.root_trees(&pc)))
                    .collect()
            };
            let Some(parents) = parents else {
                // A shallow boundary (or a parent missing from the object store): what is
                // here was not necessarily created here.
                boundary_events.extend(self.boundary(oid, &here, order)?);
                continue;
            };
            if !parents.is_empty() && parents.contains(&here) {
                continue; // the common case: this commit did not touch any record folder
            }
            events.extend(self.changes(&commit, &here, &parents, order)?);
        }
        events.extend(boundary_events);
        Ok((events, oids.len()))
    }

    /// The ids of a commit's record trees, looked up once per commit.
    fn root_trees(&mut self, commit: &git2::Commit<'_>) -> Roots {
        if let Some(t) = self.root_trees.get(&commit.id()) {
            return t.clone();
        }
        let tree = commit.tree().ok();
        let ids: Roots = self
            .roots
            .iter()
            .map(|root| {
                tree.as_ref()
                    .and_then(|t| t.get_path(Path::new(root)).ok())
                    .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
                    .map(|e| e.id())
            })
            .collect();
        self.root_trees.insert(commit.id(), ids.clone());
        ids
    }

    fn tree(&self, id: Option<git2::Oid>) -> Result<Option<git2::Tree<'s>>> {
        id.map(|id| self.git.find_tree(id))
            .transpose()
            .map_err(|e| Error::git("reading a tree", e))
    }

    /// Record files that differ between two commits' record trees (`None`: no trees), as (old,
    /// new) sides, with renames within a root paired when `renames` is set.
    fn diff(
        &self,
        old: Option<&Roots>,
        new: &Roots,
        renames: bool,
    ) -> Result<Vec<(Option<FileVersion>, Option<FileVersion>)>> {
        let old_of = |i: usize| old.and_then(|o| o.get(i).copied().flatten());
        let mut out = Vec::new();
        for (i, root) in self.roots.iter().enumerate() {
            let (o, n) = (old_of(i), new.get(i).copied().flatten());
            let mut changes = Vec::new();
            self.tree_changes(o, n, root, &mut changes)?;
            changes.retain(|(path, _, _)| record_kind(self.store, path).is_some());
            let added = changes.iter().any(|(_, o, _)| o.is_none());
            let deleted = changes.iter().any(|(_, _, n)| n.is_none());
            if renames && added && deleted {
                // Rare: let libgit2 pair renames, with or without edits.
                out.extend(self.diff_with_renames(o, n, root)?);
                continue;
            }
            out.extend(
                changes
                    .into_iter()
                    .map(|(path, o, n)| (o.map(|o| (path.clone(), o)), n.map(|n| (path, n)))),
            );
        }
        Ok(out)
    }

    /// Every blob path under two trees (`path` is where they sit) whose id differs, as (path, old
    /// blob, new blob). Subtrees with equal ids are skipped unread, and entries are compared by
    /// merging the two sorted listings, which is several times faster than a general diff on the
    /// wide directories that records live in.
    fn tree_changes(
        &self,
        old: Option<git2::Oid>,
        new: Option<git2::Oid>,
        path: &str,
        out: &mut Vec<(String, Option<git2::Oid>, Option<git2::Oid>)>,
    ) -> Result<()> {
        if old == new {
            return Ok(());
        }
        let (old, new) = (self.tree(old)?, self.tree(new)?);
        // Entries are read in place (no copies): these trees can hold thousands of records.
        type Entry = Option<(git2::Oid, bool)>;
        fn entry<'t>(
            t: &'t Option<git2::Tree<'_>>,
            i: usize,
        ) -> Option<(git2::TreeEntry<'t>, bool)> {
            let e = t.as_ref()?.get(i)?;
            let is_tree = e.filemode() == 0o040000;
            Some((e, is_tree))
        }
        let mut visit = |name: &[u8], o: Entry, n: Entry| -> Result<()> {
            let Ok(name) = std::str::from_utf8(name) else {
                return Ok(()); // not a record name; `check` reports such files
            };
            let full = format!("{path}/{name}");
            let tree = |s: Entry| s.filter(|(_, t)| *t).map(|(id, _)| id);
            let blob = |s: Entry| s.filter(|(_, t)| !*t).map(|(id, _)| id);
            if tree(o).is_some() || tree(n).is_some() {
                self.tree_changes(tree(o), tree(n), &full, out)?;
            }
            if (blob(o).is_some() || blob(n).is_some()) && blob(o) != blob(n) {
                out.push((full, blob(o), blob(n)));
            }
            Ok(())
        };
        let (mut i, mut j) = (0, 0);
        loop {
            let (a, b) = (entry(&old, i), entry(&new, j));
            let order = match (&a, &b) {
                (None, None) => break,
                (Some((x, xt)), Some((y, yt))) => {
                    git_order(x.name_bytes(), *xt, y.name_bytes(), *yt)
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
            };
            // Submodules (gitlinks) are not records.
            let side = |e: &Option<(git2::TreeEntry<'_>, bool)>| -> Entry {
                e.as_ref()
                    .filter(|(e, _)| e.filemode() != 0o160000)
                    .map(|(e, t)| (e.id(), *t))
            };
            match (order, &a, &b) {
                (std::cmp::Ordering::Less, Some((x, _)), _) => {
                    visit(x.name_bytes(), side(&a), None)?;
                    i += 1;
                }
                (std::cmp::Ordering::Greater, _, Some((y, _))) => {
                    visit(y.name_bytes(), None, side(&b))?;
                    j += 1;
                }
                (_, Some((x, _)), Some((y, _))) => {
                    if x.id() != y.id() {
                        visit(x.name_bytes(), side(&a), side(&b))?;
                    }
                    i += 1;
                    j += 1;
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// [`Walker::diff`] through libgit2's diff, pairing renames (exact, and edited ones by
    /// similarity).
    fn diff_with_renames(
        &self,
        old: Option<git2::Oid>,
        new: Option<git2::Oid>,
        root: &str,
    ) -> Result<Vec<(Option<FileVersion>, Option<FileVersion>)>> {
        let (old, new) = (self.tree(old)?, self.tree(new)?);
        let mut opts = git2::DiffOptions::new();
        opts.skip_binary_check(true).ignore_submodules(true);
        let mut diff = self
            .git
            .diff_tree_to_tree(old.as_ref(), new.as_ref(), Some(&mut opts))
            .map_err(|e| Error::git("comparing trees", e))?;
        diff.find_similar(Some(git2::DiffFindOptions::new().renames(true)))
            .map_err(|e| Error::git("finding renames", e))?;
        let side = |f: git2::DiffFile<'_>| -> Option<(String, git2::Oid)> {
            let rel = f.path()?.to_str()?.replace('\\', "/");
            let path = format!("{root}/{rel}");
            record_kind(self.store, &path)?;
            Some((path, f.id()))
        };
        Ok(diff
            .deltas()
            .filter_map(|d| {
                let (old, new) = match d.status() {
                    git2::Delta::Added => (None, side(d.new_file())),
                    git2::Delta::Deleted => (side(d.old_file()), None),
                    _ => (side(d.old_file()), side(d.new_file())),
                };
                (old.is_some() || new.is_some()).then_some((old, new))
            })
            .collect())
    }

    /// The events of one commit. A merge reports only what differs from *every* parent (as
    /// `git log --cc` does): a change brought in from a merged branch was reported at the commit
    /// that made it.
    fn changes(
        &mut self,
        commit: &git2::Commit<'_>,
        here: &Roots,
        parents: &[Roots],
        order: usize,
    ) -> Result<Vec<Event>> {
        let mut out = if parents.len() <= 1 {
            self.linear_changes(parents.first(), here)?
        } else {
            self.merge_changes(here, parents)?
        };
        let info = Arc::new(commit_info(commit));
        let when = commit.author().when();
        let (date, time) = commit_date(when.seconds(), when.offset_minutes());
        for e in &mut out {
            e.date = date.clone();
            e.time = time.clone();
            e.commit = Some(info.clone());
            e.order = order;
            e.at = Some(commit.id());
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
            let olds: Vec<Option<git2::Oid>> =
                per_parent.iter().map(|m| m[path.as_str()].0).collect();
            match per_parent[0][path.as_str()].1 {
                Some(blob) => {
                    let olds: Vec<Option<Side<'_>>> = olds
                        .iter()
                        .map(|o| o.map(|blob| Side { path, blob }))
                        .collect();
                    out.extend(self.content_change(&olds, Side { path, blob }));
                }
                None if olds.iter().all(Option::is_some) => {
                    let blob = olds[0].unwrap_or(git2::Oid::zero());
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
    fn boundary(&mut self, commit: git2::Oid, here: &Roots, order: usize) -> Result<Vec<Event>> {
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
    fn meta(&mut self, path: &str, blob: git2::Oid) -> Meta {
        if let Some(m) = self.metas.get(&blob) {
            return m.clone();
        }
        let meta = blob_meta(self.store, self.git, path, blob);
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
fn blob_meta(store: &Store, git: &git2::Repository, path: &str, blob: git2::Oid) -> Meta {
    git.find_blob(blob)
        .ok()
        .filter(|b| (b.size() as u64) <= MAX_RECORD_BYTES)
        .map(|b| meta_of(store, path, b.content()))
        .unwrap_or_default()
}

/// The order of entries in a git tree: by name, a subtree's name read as if it ended in `/`
/// (git's `base_name_compare`).
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let end = |name: &[u8], tree: bool| match name.get(n) {
            Some(c) => *c,
            None if tree => b'/',
            None => 0,
        };
        end(a, a_tree).cmp(&end(b, b_tree))
    })
}

/// An event about the record at `path` with the given version's `meta`; dated later.
fn describe(store: &Store, path: &str, meta: Meta, change: Change) -> Event {
    let kind = store.config.kind_of_path(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let (number, slug) = match Id::from_file_name(name) {
        Some((id, slug)) => (Some(id), slug.to_string()),
        None => (None, name.trim_end_matches(".md").to_string()),
    };
    let prefix = kind.map_or("", |k| k.prefix.as_str());
    let width = store.config.id_width;
    Event {
        date: None,
        time: None,
        date_source: DateSource::Commit,
        commit: None,
        kind: kind.map_or_else(String::new, |k| k.name.clone()),
        id: number.map_or_else(|| slug.clone(), |n| n.display(prefix, width)),
        number: number.map(|n| n.0),
        path: path.to_string(),
        title: meta.title.unwrap_or(slug),
        superseded_by: meta
            .superseded_by
            .iter()
            .map(|i| i.display(prefix, width))
            .collect(),
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

fn commit_info(commit: &git2::Commit<'_>) -> CommitInfo {
    let sha = commit.id().to_string();
    let short = commit
        .as_object()
        .short_id()
        .ok()
        .and_then(|b| b.as_str().map(str::to_string))
        .unwrap_or_else(|| sha[..7].to_string());
    let author = commit.author();
    CommitInfo {
        short,
        sha,
        subject: commit.summary().unwrap_or_default().to_string(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
    }
}

/// A git time as `YYYY-MM-DD` and RFC 3339, on the clock of the person who wrote it (as
/// `git log` shows it).
fn commit_date(seconds: i64, offset_minutes: i32) -> (Option<String>, Option<String>) {
    let offset = chrono::FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset is valid"));
    match chrono::DateTime::from_timestamp(seconds, 0) {
        Some(t) => {
            let t = t.with_timezone(&offset);
            (Some(t.format("%Y-%m-%d").to_string()), Some(t.to_rfc3339()))
        }
        None => (None, None),
    }
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
    let diff = worktree_diff(store, only)?;
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let mut out = Vec::new();
    for d in diff.deltas() {
        let Some(mut event) = worktree_event(store, root, &d) else {
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

/// The work tree (with the index and untracked files) against `HEAD`, under the record roots or
/// at `only`.
fn worktree_diff<'r>(store: &'r Store, only: Option<&str>) -> Result<git2::Diff<'r>> {
    let head = store.repo.head_tree()?;
    let mut opts = git2::DiffOptions::new();
    match only {
        Some(path) => {
            opts.pathspec(path).disable_pathspec_match(true);
        }
        None => {
            for root in store.config.record_roots() {
                opts.pathspec(format!("{root}/"));
            }
        }
    }
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .skip_binary_check(true)
        .ignore_submodules(true);
    store
        .repo
        .git
        .diff_tree_to_workdir_with_index(head.as_ref(), Some(&mut opts))
        .map_err(|e| Error::git("comparing the work tree with HEAD", e))
}

/// The event of one uncommitted change, if it is a record's; a new record is dated from its
/// front matter, any other event is left undated.
fn worktree_event(store: &Store, root: &Path, d: &git2::DiffDelta<'_>) -> Option<Event> {
    let path_of = |f: git2::DiffFile<'_>| f.path().and_then(|p| p.to_str()).map(str::to_string);
    let is_record = |p: &String| record_kind(store, p).is_some();
    let old_meta = |path: &str| blob_meta(store, &store.repo.git, path, d.old_file().id());
    let new_meta = |path: &str| {
        let full = root.join(path);
        std::fs::metadata(&full)
            .ok()
            .filter(|m| m.is_file() && m.len() <= MAX_RECORD_BYTES)
            .and_then(|_| std::fs::read(&full).ok())
            .map(|b| meta_of(store, path, &b))
            .unwrap_or_default()
    };
    match d.status() {
        git2::Delta::Added | git2::Delta::Untracked => {
            let path = path_of(d.new_file()).filter(is_record)?;
            let meta = new_meta(&path);
            let date = meta.date.clone();
            let status = meta.status.clone();
            let mut e = describe(store, &path, meta, Change::Created { status });
            e.date = date;
            Some(e)
        }
        git2::Delta::Deleted => {
            let path = path_of(d.old_file()).filter(is_record)?;
            let meta = old_meta(&path);
            let status = meta.status.clone();
            Some(describe(store, &path, meta, Change::Deleted { status }))
        }
        git2::Delta::Modified | git2::Delta::Typechange => {
            let path = path_of(d.new_file()).filter(is_record)?;
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
        _ => None,
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

    #[test]
    fn tree_order_is_gits() {
        use std::cmp::Ordering::*;
        // A subtree sorts as if its name ended in `/`: after `a.b`, before `a0`.
        assert_eq!(git_order(b"a.b", false, b"a", true), Less);
        assert_eq!(git_order(b"a", true, b"a0", false), Less);
        assert_eq!(git_order(b"a", false, b"a-b", false), Less);
        assert_eq!(git_order(b"log", true, b"log", true), Equal);
    }

    #[test]
    fn commit_dates_use_the_authors_clock() {
        // 2026-11-01T23:30:00Z is already 2 November in UTC+2.
        let (date, time) = commit_date(1_793_575_800, 120);
        assert_eq!(date.as_deref(), Some("2026-11-02"));
        assert_eq!(time.as_deref(), Some("2026-11-02T01:30:00+02:00"));
    }
}
