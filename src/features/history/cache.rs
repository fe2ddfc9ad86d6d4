//! The history cache: what [`super::load`] found, kept in `<git common dir>/adr/history-v2.bin`
//! (linked worktrees share it) with the commit it answers for.
//!
//! It is derived data. A file that is missing, unreadable, truncated or altered (its checksum
//! does not match), of another format or made under another key (other record folders, kinds,
//! id width, shallow boundary or git-adr version) is ignored and replaced; it can be deleted at
//! any time. Writes replace the file by a rename, so a reader sees the old file or the new one,
//! never half of one; they are not synced to disk, as a file damaged by a crash is detected and
//! rebuilt like any other. Two processes may both write it: the last one wins, and each wrote
//! a complete answer for its own `HEAD`.
//!
//! The format is compact binary (postcard): a warm run's time was mostly reading the file.
//! After new commits on top of the cached tip (the common case), their events are put in front
//! of the file's as they are, never decoded and encoded again: positions are stored counted
//! from the oldest commit, which new commits do not change.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Change, DateSource, Event, History};
use crate::error::{Error, Result};
use crate::git::commit::{Commit, When};
use crate::git::Oid;
use crate::store::Store;

/// Where the cache lives, under the common git directory.
pub(super) const FILE: &str = "adr/history-v2.bin";

/// The layout of the file; a file with another number is ignored. Bump it when the layout, or
/// what the walk records for a commit, changes (the key's `tool` covers releases, not work in
/// between).
const FORMAT: u32 = 4;

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

/// The file: [`MAGIC`], [`FORMAT`] (u32, little-endian), a CRC-32 of everything after it, the
/// tip (40 hex digits) and the number of commits reachable from it (u64), then the [`Body`]
/// in postcard. The tip and count come first, at fixed places, so that reading them does not
/// need the rest.
const MAGIC: &[u8; 8] = b"gitadrHC";
const TIP_AT: usize = 16;
const BODY_AT: usize = TIP_AT + 40 + 8;

/// What follows the header: the key, then the events grouped by the commit they come from,
/// newest first. Authors are kept once each: a long history has thousands of commits by a few
/// people.
///
/// Strings are `S`: borrowed from the events when written, owned when read (the same bytes
/// either way).
#[derive(Serialize, Deserialize)]
struct Body<S> {
    key: Key,
    /// (name, email) of each author.
    people: Vec<(S, S)>,
    groups: Vec<Group<S>>,
}

/// Events that share a position, commit and date (a commit's events; a shallow boundary's
/// creations have a group each, as their dates differ): the position counted from the oldest
/// commit (the number of commits minus [`Event::order`]), the commit walked (for a
/// boundary creation, the boundary commit), the commit's details, date, time, date source, and
/// the events.
#[derive(Serialize, Deserialize)]
struct Group<S>(
    u64,
    Option<[u8; 20]>,
    Option<StoredCommit<S>>,
    Option<S>,
    Option<S>,
    DateSource,
    Vec<Stored<S>>,
);

/// A commit's short id, subject, author (an index into [`Body::people`]), author date and
/// commit date (its full id is the group's).
#[derive(Serialize, Deserialize, PartialEq)]
struct StoredCommit<S>(S, S, u32, When, When);

/// The rest of an event: kind, id, number, path, title, superseded-by, and the change as a code
/// with up to two values (see [`stored_change`]).
#[derive(Serialize, Deserialize)]
struct Stored<S>(S, S, Option<u32>, S, S, Vec<S>, u8, Option<S>, Option<S>);

/// A change as (code, first value, second value).
fn stored_change(c: &Change) -> (u8, Option<&str>, Option<&str>) {
    match c {
        Change::Created { status } => (0, status.as_deref(), None),
        Change::StatusChanged { from, to } => (1, from.as_deref(), to.as_deref()),
        Change::Modified => (2, None, None),
        Change::Renamed { from_path } => (3, Some(from_path), None),
        Change::Deleted { status } => (4, status.as_deref(), None),
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
    /// The file as read, for [`write_on_top`].
    pub bytes: Vec<u8>,
}

/// Reads the cache at `path` if it is there, whole and made under `key`; `None` otherwise
/// (the caller walks history instead).
pub(super) fn read(path: &Path, key: &Key) -> Option<Cached> {
    let bytes = std::fs::read(path).ok()?;
    let (tip, commits) = header(&bytes)?;
    let (body, rest) = postcard::take_from_bytes::<Body<String>>(&bytes[BODY_AT..]).ok()?;
    if !rest.is_empty() || body.key != *key {
        return None;
    }
    let people = body.people;
    let mut events = Vec::with_capacity(body.groups.iter().map(|g| g.6.len()).sum());
    for Group(from_oldest, at, commit, date, time, source, stored) in body.groups {
        let order = commits.checked_sub(usize::try_from(from_oldest).ok()?)?;
        let at = at.map(|a| Oid::from_bytes(&a)).transpose().ok()?;
        let commit = match (commit, at) {
            (Some(StoredCommit(short, subject, who, authored, committed)), Some(sha)) => {
                let (author, email) = people.get(usize::try_from(who).ok()?)?.clone();
                Some(Arc::new(Commit {
                    sha: sha.to_string(),
                    short,
                    subject,
                    author,
                    email,
                    authored,
                    committed,
                }))
            }
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
                at,
            });
        }
    }
    Some(Cached {
        tip,
        commits,
        events,
        bytes,
    })
}

/// The tip and commit count of a cache file of this format whose checksum holds.
fn header(bytes: &[u8]) -> Option<(Oid, usize)> {
    if bytes.len() < BODY_AT || &bytes[..8] != MAGIC {
        return None;
    }
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    if word(8) != FORMAT || word(12) != crc32fast::hash(&bytes[TIP_AT..]) {
        return None;
    }
    let tip = std::str::from_utf8(&bytes[TIP_AT..TIP_AT + 40]).ok()?;
    let tip = Oid::from_str(tip).ok()?;
    let commits = u64::from_le_bytes(bytes[TIP_AT + 40..BODY_AT].try_into().expect("8 bytes"));
    Some((tip, usize::try_from(commits).ok()?))
}

/// Replaces the cache at `path` with `history`, the events for `tip`.
pub(super) fn write(path: &Path, key: &Key, tip: Oid, history: &History) -> Result<()> {
    let mut people = People::default();
    let groups = groups(&history.events, history.commits, &mut people);
    let body = Body {
        key: key.clone(),
        people: people.list,
        groups,
    };
    let bytes = postcard::to_extend(&body, header_for(tip, history.commits))
        .map_err(|e| encoding(path, e))?;
    finish(path, bytes)
}

/// Replaces the cache at `path`, read as `old` (a file for an ancestor of `tip`, whose commits
/// are all reachable from `tip`), with `history`, whose first `new` events are of the commits
/// since: those are encoded, the file's events are copied as they are.
pub(super) fn write_on_top(
    path: &Path,
    old: &[u8],
    tip: Oid,
    history: &History,
    new: usize,
) -> Result<()> {
    let stale = || Error::io(path, std::io::Error::other("the cache changed while read"));
    let rest = old.get(BODY_AT..).ok_or_else(stale)?;
    let (key, rest) = postcard::take_from_bytes::<Key>(rest).map_err(|_| stale())?;
    let (list, rest) = postcard::take_from_bytes::<Vec<(&str, &str)>>(rest).map_err(|_| stale())?;
    let (count, kept) = postcard::take_from_bytes::<u64>(rest).map_err(|_| stale())?;
    let mut people = People::default();
    for (name, email) in list {
        people.index(name, email);
    }
    let groups = groups(&history.events[..new], history.commits, &mut people);
    let mut bytes = header_for(tip, history.commits);
    for part in [
        postcard::to_extend(&key, Vec::new()),
        postcard::to_extend(&people.list, Vec::new()),
        postcard::to_extend(&(count + groups.len() as u64), Vec::new()),
    ] {
        bytes.extend(part.map_err(|e| encoding(path, e))?);
    }
    for g in &groups {
        bytes = postcard::to_extend(g, bytes).map_err(|e| encoding(path, e))?;
    }
    bytes.extend_from_slice(kept);
    finish(path, bytes)
}

/// The authors of a file, each once.
#[derive(Default)]
struct People<'a> {
    list: Vec<(&'a str, &'a str)>,
    seen: HashMap<(&'a str, &'a str), u32>,
}

impl<'a> People<'a> {
    fn index(&mut self, name: &'a str, email: &'a str) -> u32 {
        *self.seen.entry((name, email)).or_insert_with(|| {
            self.list.push((name, email));
            u32::try_from(self.list.len() - 1).unwrap_or(u32::MAX)
        })
    }
}

/// `events` (of a history of `commits` commits) as the file's groups.
fn groups<'a>(events: &'a [Event], commits: usize, people: &mut People<'a>) -> Vec<Group<&'a str>> {
    let mut groups: Vec<Group<&str>> = Vec::new();
    for e in events {
        let at =
            e.at.map(|a| <[u8; 20]>::try_from(a.as_bytes()).unwrap_or_default());
        let commit = e.commit.as_deref().map(|c| {
            StoredCommit(
                c.short.as_str(),
                c.subject.as_str(),
                people.index(&c.author, &c.email),
                c.authored,
                c.committed,
            )
        });
        let from_oldest = commits.saturating_sub(e.order) as u64;
        let same = groups.last().is_some_and(|g| {
            g.0 == from_oldest
                && g.1 == at
                && g.2 == commit
                && g.3 == e.date.as_deref()
                && g.4 == e.time.as_deref()
                && g.5 == e.date_source
        });
        if !same {
            groups.push(Group(
                from_oldest,
                at,
                commit,
                e.date.as_deref(),
                e.time.as_deref(),
                e.date_source,
                Vec::new(),
            ));
        }
        let (code, a, b) = stored_change(&e.change);
        if let Some(g) = groups.last_mut() {
            g.6.push(Stored(
                &e.kind,
                &e.id,
                e.number,
                &e.path,
                &e.title,
                e.superseded_by.iter().map(String::as_str).collect(),
                code,
                a,
                b,
            ));
        }
    }
    groups
}

/// A file's header, its checksum left to [`finish`].
fn header_for(tip: Oid, commits: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(1 << 20);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&[0; 4]); // the checksum
    bytes.extend_from_slice(tip.to_string().as_bytes());
    bytes.extend_from_slice(&(commits as u64).to_le_bytes());
    bytes
}

/// Writes the file `bytes`, its checksum filled in.
fn finish(path: &Path, mut bytes: Vec<u8>) -> Result<()> {
    let sum = crc32fast::hash(&bytes[TIP_AT..]);
    bytes[12..16].copy_from_slice(&sum.to_le_bytes());
    crate::store::atomic::write_derived(path, |out| out.write_all(&bytes))
}

fn encoding(path: &Path, e: postcard::Error) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}
