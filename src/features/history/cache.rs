//! The history cache: what [`super::load`] found, kept in `<git common dir>/adr/history-v1.json`
//! (linked worktrees share it) with the commit it answers for.
//!
//! It is derived data. A file that is missing, unreadable, truncated, of another format or made
//! under another key (other record folders, kinds, id width, shallow boundary or git-adr version)
//! is ignored and replaced; it can be deleted at any time. Writes are atomic, so a reader sees
//! the old file or the new one, never half of one. Two processes may both write it: the last
//! one wins, and each wrote a complete answer for its own `HEAD`.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Change, DateSource, Event, History};
use crate::error::{Error, Result};
use crate::git::commit::{Commit, When};
use crate::git::Oid;
use crate::store::Store;

/// Where the cache lives, under the common git directory.
pub(super) const FILE: &str = "adr/history-v1.json";

/// The layout of the file; a file with another number is ignored. Bump it when the layout, or
/// what the walk records for a commit, changes (the key's `tool` covers releases, not work in
/// between).
const FORMAT: u32 = 2;

/// What the events depend on besides the commits: a cache made under another key is stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Key {
    /// The version of git-adr that wrote it: how records are read may change between versions.
    tool: String,
    /// The folders walked.
    roots: Vec<String>,
    /// For each kind: name, folder, id prefix, numbered (they decide which files are records
    /// and how their ids read).
    kinds: Vec<(String, String, String, bool)>,
    id_width: usize,
    /// `.git/shallow`, sorted (empty when complete): deepening or unshallowing the clone changes
    /// which records were created at its boundary.
    shallow: Vec<String>,
}

impl Key {
    pub(super) fn new(store: &Store, roots: &[String], shallow: &[String]) -> Key {
        Key {
            tool: env!("CARGO_PKG_VERSION").to_string(),
            roots: roots.to_vec(),
            kinds: store
                .config
                .kinds
                .values()
                .map(|k| (k.name.clone(), k.path(), k.prefix.clone(), k.numbered))
                .collect(),
            id_width: store.config.id_width,
            shallow: shallow.to_vec(),
        }
    }
}

/// The file: a header, then the events grouped by the commit they come from, newest first.
/// Groups and events are JSON arrays rather than objects: the file holds every event of history,
/// and a warm run's time is mostly reading it.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    key: Key,
    /// The commit the events are for (`HEAD` when written).
    tip: String,
    /// Commits reachable from `tip`.
    commits: usize,
    groups: Vec<Group>,
}

/// Events that share a position, commit and date (a commit's events; a shallow boundary's
/// creations have a group each, as their dates differ): order, the commit walked (for a
/// boundary creation, the boundary commit), the commit's details, date, time, date source, and
/// the events.
#[derive(Serialize, Deserialize)]
struct Group(
    usize,
    Option<String>,
    Option<StoredCommit>,
    Option<String>,
    Option<String>,
    DateSource,
    Vec<Stored>,
);

/// A commit's short id, subject, author, email, author date and commit date (its full id is
/// the group's).
#[derive(Serialize, Deserialize, PartialEq)]
struct StoredCommit(String, String, String, String, When, When);

impl StoredCommit {
    fn of(c: &Commit) -> StoredCommit {
        StoredCommit(
            c.short.clone(),
            c.subject.clone(),
            c.author.clone(),
            c.email.clone(),
            c.authored,
            c.committed,
        )
    }

    fn commit(self, sha: String) -> Commit {
        let StoredCommit(short, subject, author, email, authored, committed) = self;
        Commit {
            sha,
            short,
            subject,
            author,
            email,
            authored,
            committed,
        }
    }
}

/// The rest of an event: kind, id, number, path, title, superseded-by, and the change as a code
/// with up to two values (see [`stored_change`]).
#[derive(Serialize, Deserialize)]
struct Stored(
    String,
    String,
    Option<u32>,
    String,
    String,
    Vec<String>,
    u8,
    Option<String>,
    Option<String>,
);

/// A change as (code, first value, second value).
fn stored_change(c: &Change) -> (u8, Option<String>, Option<String>) {
    match c {
        Change::Created { status } => (0, status.clone(), None),
        Change::StatusChanged { from, to } => (1, from.clone(), to.clone()),
        Change::Modified => (2, None, None),
        Change::Renamed { from_path } => (3, Some(from_path.clone()), None),
        Change::Deleted { status } => (4, status.clone(), None),
    }
}

fn change_of(code: u8, a: Option<String>, b: Option<String>) -> Option<Change> {
    Some(match code {
        0 => Change::Created { status: a },
        1 => Change::StatusChanged { from: a, to: b },
        2 => Change::Modified,
        3 => Change::Renamed { from_path: a? },
        4 => Change::Deleted { status: a },
        _ => return None,
    })
}

/// A cache that was read: the events for `tip`.
pub(super) struct Cached {
    pub tip: Oid,
    pub commits: usize,
    pub events: Vec<Event>,
}

/// Reads the cache at `path` if it is there, whole and made under `key`; `None` otherwise
/// (the caller walks history instead).
pub(super) fn read(path: &Path, key: &Key) -> Option<Cached> {
    let bytes = std::fs::read(path).ok()?;
    let file: CacheFile = serde_json::from_slice(&bytes).ok()?;
    if file.format != FORMAT || file.key != *key {
        return None;
    }
    let tip = Oid::from_str(&file.tip).ok()?;
    let mut events = Vec::new();
    for Group(order, at, commit, date, time, source, stored) in file.groups {
        let at_oid = match &at {
            Some(s) => Some(Oid::from_str(s).ok()?),
            None => None,
        };
        let commit = match (commit, at) {
            (Some(stored), Some(sha)) => Some(Arc::new(stored.commit(sha))),
            (None, _) => None,
            (Some(_), None) => return None,
        };
        for Stored(kind, id, number, path, title, superseded_by, code, a, b) in stored {
            events.push(Event {
                date: date.clone(),
                time: time.clone(),
                date_source: source,
                commit: commit.clone(),
                kind,
                id,
                number,
                path,
                title,
                superseded_by,
                change: change_of(code, a, b)?,
                order,
                at: at_oid,
            });
        }
    }
    Some(Cached {
        tip,
        commits: file.commits,
        events,
    })
}

/// Replaces the cache at `path` with `history`, the events for `tip`.
pub(super) fn write(path: &Path, key: &Key, tip: Oid, history: &History) -> Result<()> {
    let mut groups: Vec<Group> = Vec::new();
    for e in &history.events {
        let at = e.at.map(|a| a.to_string());
        let commit = e.commit.as_deref().map(StoredCommit::of);
        let same = groups.last().is_some_and(|g| {
            g.0 == e.order
                && g.1 == at
                && g.2 == commit
                && g.3 == e.date
                && g.4 == e.time
                && g.5 == e.date_source
        });
        if !same {
            groups.push(Group(
                e.order,
                at,
                commit,
                e.date.clone(),
                e.time.clone(),
                e.date_source,
                Vec::new(),
            ));
        }
        let (code, a, b) = stored_change(&e.change);
        if let Some(g) = groups.last_mut() {
            g.6.push(Stored(
                e.kind.clone(),
                e.id.clone(),
                e.number,
                e.path.clone(),
                e.title.clone(),
                e.superseded_by.clone(),
                code,
                a,
                b,
            ));
        }
    }
    let file = CacheFile {
        format: FORMAT,
        key: key.clone(),
        tip: tip.to_string(),
        commits: history.commits,
        groups,
    };
    let bytes = serde_json::to_vec(&file)
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    crate::store::atomic::write_atomic(path, &bytes)
}
