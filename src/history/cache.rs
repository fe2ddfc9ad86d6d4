//! The history cache: what [`super::load`] found, kept in `<git common dir>/adr/history-v1.json`
//! (linked worktrees share it) with the commit it answers for.
//!
//! It is derived data. A file that is missing, unreadable, truncated, of another format or made
//! under another key (other record folders, kinds, id width, shallow boundary or git-adr version)
//! is ignored and replaced; it can be deleted at any time. Writes are atomic, so a reader sees
//! the old file or the new one, never half of one. Two processes may both write it: the last
//! one wins, and each wrote a complete answer for its own `HEAD`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Change, CommitInfo, DateSource, Event, History};
use crate::error::{Error, Result};
use crate::store::Store;

/// Where the cache lives, under the common git directory.
pub(super) const FILE: &str = "adr/history-v1.json";

/// The layout of the file; a file with another number is ignored.
const FORMAT: u32 = 1;

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
/// creations have a group each, as their dates differ).
#[derive(Serialize, Deserialize)]
struct Group {
    order: usize,
    /// The commit walked (for a boundary creation, the boundary commit).
    at: Option<String>,
    commit: Option<CommitInfo>,
    date: Option<String>,
    time: Option<String>,
    source: DateSource,
    events: Vec<Stored>,
}

/// The rest of an event.
#[derive(Serialize, Deserialize)]
struct Stored {
    kind: String,
    id: String,
    number: Option<u32>,
    path: String,
    title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    superseded_by: Vec<String>,
    change: Change,
}

/// A cache that was read: the events for `tip`.
pub(super) struct Cached {
    pub tip: git2::Oid,
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
    let tip = git2::Oid::from_str(&file.tip).ok()?;
    let mut events = Vec::new();
    for g in file.groups {
        let at = match &g.at {
            Some(s) => Some(git2::Oid::from_str(s).ok()?),
            None => None,
        };
        for s in g.events {
            events.push(Event {
                date: g.date.clone(),
                time: g.time.clone(),
                date_source: g.source,
                commit: g.commit.clone(),
                kind: s.kind,
                id: s.id,
                number: s.number,
                path: s.path,
                title: s.title,
                superseded_by: s.superseded_by,
                change: s.change,
                order: g.order,
                at,
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
pub(super) fn write(path: &Path, key: &Key, tip: git2::Oid, history: &History) -> Result<()> {
    let mut groups: Vec<Group> = Vec::new();
    for e in &history.events {
        let at = e.at.map(|a| a.to_string());
        let same = groups.last().is_some_and(|g| {
            g.order == e.order
                && g.at == at
                && g.date == e.date
                && g.time == e.time
                && g.source == e.date_source
                && g.commit == e.commit
        });
        if !same {
            groups.push(Group {
                order: e.order,
                at,
                commit: e.commit.clone(),
                date: e.date.clone(),
                time: e.time.clone(),
                source: e.date_source,
                events: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.events.push(Stored {
                kind: e.kind.clone(),
                id: e.id.clone(),
                number: e.number,
                path: e.path.clone(),
                title: e.title.clone(),
                superseded_by: e.superseded_by.clone(),
                change: e.change.clone(),
            });
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
    crate::fsutil::write_atomic(path, &bytes)
}
