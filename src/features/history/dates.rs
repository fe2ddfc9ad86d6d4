//! When each record was created and last changed, and by whom, from history (`list --dates git`,
//! `show`, the `date-mismatch` check): the commit that added the file (following renames) and
//! the newest commit that changed it, with uncommitted work on top.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::{Change, DateSource, Event, History};
use crate::git::commit::Commit;

/// A date with where it comes from: a commit (with its author), the front matter (the record is
/// older than a shallow clone, or not committed yet), or the work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// `YYYY-MM-DD`; `None` when nothing dates it.
    pub date: Option<String>,
    /// The commit's author date with time and offset (RFC 3339).
    pub time: Option<String>,
    /// The commit that dates it.
    pub commit: Option<Arc<Commit>>,
    pub date_source: DateSource,
    /// Not committed yet: the date is the front matter's (a new record) or today's (an edit).
    pub uncommitted: bool,
}

/// A stamp as JSON shows it (`list --json`, `show --json`): the commit's fields inline.
#[derive(Serialize)]
struct StampJson<'s> {
    date: &'s Option<String>,
    time: &'s Option<String>,
    author: Option<&'s str>,
    email: Option<&'s str>,
    commit: Option<&'s str>,
    short: Option<&'s str>,
    subject: Option<&'s str>,
    date_source: DateSource,
    uncommitted: bool,
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.commit.as_deref();
        StampJson {
            date: &self.date,
            time: &self.time,
            author: c.map(|c| c.author.as_str()),
            email: c.map(|c| c.email.as_str()),
            commit: c.map(|c| c.sha.as_str()),
            short: c.map(|c| c.short.as_str()),
            subject: c.map(|c| c.subject.as_str()),
            date_source: self.date_source,
            uncommitted: self.uncommitted,
        }
        .serialize(s)
    }
}

impl Stamp {
    fn of(e: &Event) -> Stamp {
        Stamp {
            date: e.date.clone(),
            time: e.time.clone(),
            commit: e.commit.clone(),
            date_source: e.date_source,
            uncommitted: e.date_source == DateSource::WorkTree,
        }
    }

    /// Dated from front matter in place of history (beyond a shallow clone's boundary).
    pub fn is_from_front_matter(&self) -> bool {
        self.date_source == DateSource::FrontMatter
    }
}

/// A record's created and last-changed stamps (`None`: not known).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dates {
    pub created: Option<Stamp>,
    pub updated: Option<Stamp>,
}

/// Looks up the dates of records by their current path.
pub struct DateIndex<'h> {
    events: &'h [Event],
    creations: HashMap<&'h str, usize>,
    latest: HashMap<&'h str, usize>,
    /// Uncommitted creations and edits, by path.
    pending: HashMap<&'h str, &'h Event>,
}

impl<'h> DateIndex<'h> {
    pub fn new(history: &'h History, uncommitted: &'h [Event]) -> DateIndex<'h> {
        let mut pending = HashMap::new();
        for e in uncommitted {
            if !matches!(e.change, Change::Deleted { .. }) {
                pending.insert(e.path.as_str(), e);
            }
        }
        DateIndex {
            events: &history.events,
            creations: history.creations(),
            latest: history.latest(),
            pending,
        }
    }

    /// The dates of the record now at `path`.
    pub fn get(&self, path: &str) -> Dates {
        let committed =
            |map: &HashMap<&str, usize>| map.get(path).map(|&i| Stamp::of(&self.events[i]));
        match self.pending.get(path) {
            // Not committed yet: whatever history once had at this path is another record.
            Some(e) if matches!(e.change, Change::Created { .. }) => {
                let s = Stamp::of(e);
                Dates {
                    created: Some(s.clone()),
                    updated: Some(s),
                }
            }
            Some(e) => Dates {
                created: committed(&self.creations),
                updated: Some(Stamp::of(e)),
            },
            None => Dates {
                created: committed(&self.creations),
                updated: committed(&self.latest),
            },
        }
    }
}
