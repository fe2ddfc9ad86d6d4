//! The one commit type: what git-adr shows of a commit (ids, subject, author, dates), built in
//! one place from a libgit2 commit and shared by history, citations, the summary and `trace`.

use serde::{Deserialize, Serialize, Serializer};

use super::repo::Repo;
use super::Oid;
use crate::error::{Error, Result};

/// A commit as git-adr shows it. Serialised (in `log`, `history`) as `sha`, `short`, `subject`,
/// `author`, `email`; lists of citing commits (`trace`, `pr`) use [`listed`] instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commit {
    /// Full object id.
    pub sha: String,
    /// The abbreviated id git would show.
    pub short: String,
    /// The first line of the message.
    pub subject: String,
    pub author: String,
    pub email: String,
    /// When the author wrote it, on the author's clock.
    #[serde(skip)]
    pub authored: When,
    /// When it was committed (a rebase or an amend changes this, not `authored`).
    #[serde(skip)]
    pub committed: When,
}

/// A moment as git stores it: seconds since the epoch and the writer's offset from UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub seconds: i64,
    pub offset_minutes: i32,
}

impl When {
    /// `YYYY-MM-DD` and RFC 3339, on the clock of the person who wrote it (as `git log` shows
    /// it); `None` for a time chrono cannot represent.
    pub fn day_and_time(&self) -> (Option<String>, Option<String>) {
        let offset = chrono::FixedOffset::east_opt(self.offset_minutes * 60)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset is valid"));
        match chrono::DateTime::from_timestamp(self.seconds, 0) {
            Some(t) => {
                let t = t.with_timezone(&offset);
                (Some(t.format("%Y-%m-%d").to_string()), Some(t.to_rfc3339()))
            }
            None => (None, None),
        }
    }

    /// `YYYY-MM-DD` in UTC (empty for a time chrono cannot represent).
    pub fn utc_day(&self) -> String {
        chrono::DateTime::from_timestamp(self.seconds, 0)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

impl Commit {
    /// The one place a libgit2 commit becomes a [`Commit`].
    pub(super) fn of(commit: &git2::Commit<'_>) -> Commit {
        let sha = commit.id().to_string();
        let short = commit
            .as_object()
            .short_id()
            .ok()
            .and_then(|b| b.as_str().map(str::to_string))
            .unwrap_or_else(|| sha[..7].to_string());
        let author = commit.author();
        let when = |t: git2::Time| When {
            seconds: t.seconds(),
            offset_minutes: t.offset_minutes(),
        };
        Commit {
            short,
            sha,
            subject: commit.summary().unwrap_or_default().to_string(),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            authored: when(author.when()),
            committed: when(commit.time()),
        }
    }

    /// The day it was committed, in UTC: the date lists of citing commits show.
    pub fn committed_day(&self) -> String {
        self.committed.utc_day()
    }
}

impl Repo {
    /// The ids of the commits reachable from `head` but not from `hide`, newest first
    /// (topological, then by time). `what` names the walk in errors ("walking the branch").
    pub fn commit_ids(&self, head: Oid, hide: Option<Oid>, what: &str) -> Result<Vec<Oid>> {
        let err = |e| Error::git(what, e);
        let mut walk = self.git.revwalk().map_err(err)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .and_then(|_| walk.push(head))
            .map_err(err)?;
        if let Some(hide) = hide {
            walk.hide(hide).map_err(err)?;
        }
        walk.collect::<std::result::Result<_, _>>().map_err(err)
    }

    /// The commits of [`Repo::commit_ids`], each with its whole message (for its trailers).
    pub fn commits(
        &self,
        head: Oid,
        hide: Option<Oid>,
        what: &str,
    ) -> Result<Vec<(Commit, String)>> {
        self.commit_ids(head, hide, what)?
            .into_iter()
            .map(|id| {
                let c = self.find(id)?;
                let message = String::from_utf8_lossy(c.message_bytes()).into_owned();
                Ok((Commit::of(&c), message))
            })
            .collect()
    }

    /// The commit `id`, as libgit2 has it.
    pub(super) fn find(&self, id: Oid) -> Result<git2::Commit<'_>> {
        self.git
            .find_commit(id)
            .map_err(|e| Error::git("reading a commit", e))
    }
}

/// A commit in a list of citing commits (`trace`, `pr`): `commit` (the full id), `short`,
/// `date` (the commit date, UTC), `author`, `subject`.
#[derive(Serialize)]
struct Listed<'c> {
    commit: &'c str,
    short: &'c str,
    date: String,
    author: &'c str,
    subject: &'c str,
}

impl<'c> From<&'c Commit> for Listed<'c> {
    fn from(c: &'c Commit) -> Listed<'c> {
        Listed {
            commit: &c.sha,
            short: &c.short,
            date: c.committed_day(),
            author: &c.author,
            subject: &c.subject,
        }
    }
}

/// Serialises commits as lists of citing commits show them (see [`Listed`]); for
/// `#[serde(serialize_with)]`.
pub fn listed<S: Serializer>(commits: &[Commit], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(commits.iter().map(Listed::from))
}

/// One commit as lists of citing commits show it, as JSON.
pub fn listed_json(commit: &Commit) -> serde_json::Value {
    serde_json::to_value(Listed::from(commit)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_dates_use_the_authors_clock() {
        // 2026-11-01T23:30:00Z is already 2 November in UTC+2.
        let when = When {
            seconds: 1_793_575_800,
            offset_minutes: 120,
        };
        let (date, time) = when.day_and_time();
        assert_eq!(date.as_deref(), Some("2026-11-02"));
        assert_eq!(time.as_deref(), Some("2026-11-02T01:30:00+02:00"));
        assert_eq!(when.utc_day(), "2026-11-01");
    }

    #[test]
    fn a_commit_reads_its_ids_author_and_both_dates() {
        let (_dir, repo) = Repo::temp_for_tests();
        let id = repo.commit_for_tests("Add a file\n\nBody.\n", &[("a.txt", "a\n")]);
        let (c, message) = repo.commits(id, None, "w").unwrap().remove(0);
        assert_eq!(message, "Add a file\n\nBody.\n");
        assert_eq!(c.sha, id.to_string());
        assert!(c.sha.starts_with(&c.short) && c.short.len() >= 7);
        assert_eq!(
            (c.subject.as_str(), c.author.as_str()),
            ("Add a file", "Tester")
        );
        assert_eq!(c.email, "tester@example.com");
        assert_eq!(c.authored.seconds, 1_793_575_800);
        let v = listed_json(&c);
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["commit", "short", "date", "author", "subject"]);
        assert_eq!(v["date"], "2026-11-01");
    }

    #[test]
    fn commits_are_listed_newest_first_without_the_hidden_ones() {
        let (_dir, repo) = Repo::temp_for_tests();
        let one = repo.commit_for_tests("one", &[("a", "1")]);
        let two = repo.commit_for_tests("two\n\nDecision: 2\n", &[("a", "2")]);
        let three = repo.commit_for_tests("three", &[("a", "3")]);
        assert_eq!(
            repo.commit_ids(three, None, "w").unwrap(),
            [three, two, one]
        );
        let got = repo.commits(three, Some(one), "w").unwrap();
        let subjects: Vec<&str> = got.iter().map(|(c, _)| c.subject.as_str()).collect();
        assert_eq!(subjects, ["three", "two"]);
        assert_eq!(got[1].1, "two\n\nDecision: 2\n");
    }
}
