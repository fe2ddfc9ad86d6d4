//! Records' trails: every record's at once for pages that show them all (`git adr site`), and
//! one record's (`git adr history`), both from one pass over the events, oldest first, following
//! renames.

use std::collections::HashMap;

use super::{Change, Event, History};

/// The events of each record that exists at the end of history, by its current path, oldest
/// first. A creation at a path starts a new trail there (a record deleted earlier at the same
/// path is another record); a rename carries the trail to the new path; a deletion ends it.
pub fn by_path(history: &History) -> HashMap<&str, Vec<&Event>> {
    let mut trails: HashMap<&str, Vec<&Event>> = HashMap::new();
    // Commits oldest first; the events of one commit (sharing `order`) in their own order.
    let commits: Vec<&[Event]> = history.events.chunk_by(|a, b| a.order == b.order).collect();
    for e in commits.into_iter().rev().flatten() {
        match &e.change {
            Change::Created { .. } => {
                trails.insert(&e.path, vec![e]);
            }
            Change::Renamed { from_path } => {
                let mut trail = trails.remove(from_path.as_str()).unwrap_or_default();
                trail.push(e);
                trails.insert(&e.path, trail);
            }
            Change::Deleted { .. } => {
                trails.remove(e.path.as_str());
            }
            _ => trails.entry(&e.path).or_default().push(e),
        }
    }
    trails
}

/// The trail of the record now at `path`: its committed events oldest first (renames followed
/// back; an older record deleted before this one reused the path is not part of it), then its
/// uncommitted changes. A record not committed yet has no committed past, whatever once lived
/// at its path.
pub fn of_record(history: &History, path: &str, uncommitted: Vec<Event>) -> Vec<Event> {
    let pending: Vec<Event> = uncommitted.into_iter().filter(|e| e.path == path).collect();
    let new_here = pending
        .iter()
        .any(|e| matches!(e.change, Change::Created { .. }));
    let committed = match new_here {
        true => Vec::new(),
        false => by_path(history).remove(path).unwrap_or_default(),
    };
    committed.into_iter().cloned().chain(pending).collect()
}

/// `history` as it was at the commit `rev`: only the events of commits `rev` contains (all of
/// them when `rev` is `HEAD`'s commit). For a site built from an older revision.
pub fn at_commit(
    repo: &crate::git::repo::Repo,
    history: &History,
    rev: crate::git::Oid,
) -> History {
    let mut contained: HashMap<crate::git::Oid, bool> = HashMap::new();
    let events = history
        .events
        .iter()
        .filter(|e| match e.at {
            // Uncommitted changes are in no commit.
            None => false,
            Some(at) => *contained
                .entry(at)
                .or_insert_with(|| at == rev || repo.common_ancestor(at, rev) == Some(at)),
        })
        .cloned()
        .collect();
    History {
        events,
        shallow: history.shallow,
        commits: history.commits,
        warnings: Vec::new(),
    }
}
