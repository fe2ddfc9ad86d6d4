//! The commit-msg hook's policy: reading the `Decision:` trailers of a commit message, and
//! judging them against the records the commit contains.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::git::repo::Repo;
use crate::git::source::Source;
use crate::git::trailers::{comment_prefix, trailers, Trailer};
use crate::model::config::Kind;
use crate::model::diagnostic::Diagnostic;
use crate::model::record::status::Role;
use crate::model::record::{Id, Record};
use crate::store::{is_record_name, Store};

/// What the commit-msg hook finds, as diagnostics of no rule on the message file (at the
/// trailer's line when the problem is on one): errors refuse the commit, warnings are only said.
#[derive(Debug, Default)]
pub struct Verdict {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Judges a commit message, read from the file at `file` (as git named it): every id the
/// trailers cite exists (error), citing a decision that no longer holds is pointed out
/// (warning), and with `trailers.require-for-governed-paths` a change to code that an accepted
/// decision governs must cite a decision.
pub fn commit_msg(store: &Store, file: &str, message: &str) -> Result<Verdict> {
    let mut verdict = Verdict::default();
    let comment = comment_prefix(&store.repo);
    // An empty message aborts the commit anyway; git says so itself.
    if !has_text(message, &comment) {
        return Ok(verdict);
    }
    let config = &store.config;
    let trailers = trailers(message, &config.trailers.key, &comment);

    // Records are read from the index, not the work tree: the index is what this commit records
    // (git points GIT_INDEX_FILE at the temporary index of `git commit -a` and `git commit PATH`,
    // and Repo::open honours it). A decision added in the same commit can then be cited, and one
    // that exists only unstaged in the work tree cannot, since the commit would not contain it.
    let index = store.repo.index()?;
    let changed = if config.trailers.require_for_governed_paths
        // A merge commit brings in the other branch's changes, which were cited (or not) where
        // they were made; asking for a trailer on the merge itself would only be noise.
        && !store.repo.merging()
    {
        staged_paths(&store.repo, &index)?
    } else {
        Vec::new()
    };
    let source = store.repo.index_source(index);
    let mut citations = Citations {
        store,
        file,
        source: &source,
        listings: BTreeMap::new(),
        cited: Vec::new(),
    };
    for t in &trailers {
        citations.judge(t, &mut verdict)?;
    }
    if !changed.is_empty() {
        let listing = store.load(&source, &[])?;
        let governing = governing(store, &listing.records, &changed);
        let cites_one = governing.iter().any(|(_, r, _)| {
            citations
                .cited
                .iter()
                .any(|(k, i)| *k == r.kind && Some(*i) == r.id)
        });
        if !governing.is_empty() && !cites_one {
            let problem = uncited(file, &config.trailers.key, &governing, trailers.is_empty());
            if trailers.is_empty() {
                verdict.errors.push(problem);
            } else {
                // The message does cite decisions; which ones fit is for people to judge.
                verdict.warnings.push(problem);
            }
        }
    }
    Ok(verdict)
}

/// Does the message say anything (above the scissors line, outside comments)?
fn has_text(message: &str, comment: &str) -> bool {
    message
        .lines()
        .take_while(|l| !l.starts_with(&format!("{comment} ------------------------ >8")))
        .any(|l| !l.trim().is_empty() && !l.starts_with(comment))
}

/// The trailers' citations, judged against the records of the commit.
struct Citations<'s> {
    store: &'s Store,
    /// The message file, where the problems are.
    file: &'s str,
    source: &'s Source<'s>,
    /// Each kind's numbered record files in the commit, read once: (id, path).
    listings: BTreeMap<String, Vec<(Id, String)>>,
    /// What the trailers cite that exists: (kind, id).
    cited: Vec<(String, Id)>,
}

impl Citations<'_> {
    /// Judges every id one trailer cites.
    fn judge(&mut self, t: &Trailer, verdict: &mut Verdict) -> Result<()> {
        let config = &self.store.config;
        let trailer = format!("{}: {}", t.key, t.value);
        for item in t.value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((kind, id)) = crate::features::citations::parse_citation(item, config) else {
                let message = format!("`{trailer}`: `{item}` is not a record id");
                let hint = format!(
                    "write ids as {} or 2, several separated by commas",
                    config.id_text("adr", Id(2))
                );
                verdict.errors.push(
                    Diagnostic::error(self.file, message)
                        .with_line(Some(t.line))
                        .with_hint(hint),
                );
                continue;
            };
            let shown = config.id_text(&kind.name, id);
            // Two files with one number are check's business; either proves the id exists.
            let Some(path) = self.path_of(kind, id)? else {
                let message = format!(
                    "`{trailer}` cites {shown}, which is not in {}/ of this commit",
                    kind.path()
                );
                let hint = format!(
                    "`git adr list` shows the records there are; if {shown} is new, stage its file (`git add`) so the commit contains it"
                );
                verdict.errors.push(
                    Diagnostic::error(self.file, message)
                        .with_line(Some(t.line))
                        .with_hint(hint),
                );
                continue;
            };
            self.cited.push((kind.name.clone(), id));
            // A record that cannot be read is check's business (the pre-commit hook reports it);
            // here it only lacks a status to judge.
            let Ok(record) = self.store.read_one(self.source, kind, &path) else {
                continue;
            };
            if let Some(problem) = no_longer_holds(self.store, &record, &trailer, &shown) {
                let warning = Diagnostic::warning(self.file, problem.0).with_line(Some(t.line));
                verdict.warnings.push(match problem.1 {
                    Some(hint) => warning.with_hint(hint),
                    None => warning,
                });
            }
        }
        Ok(())
    }

    /// The path of the record file of `kind` numbered `id` in the commit, if there is one.
    fn path_of(&mut self, kind: &Kind, id: Id) -> Result<Option<String>> {
        if !self.listings.contains_key(&kind.name) {
            let entries = self
                .source
                .list(&kind.path())?
                .into_iter()
                .filter(|e| is_record_name(kind, &e.name))
                .filter_map(|e| {
                    Id::from_file_name(&e.name)
                        .map(|(id, _)| (id, format!("{}/{}", kind.path(), e.name)))
                })
                .collect();
            self.listings.insert(kind.name.clone(), entries);
        }
        Ok(self.listings[&kind.name]
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, p)| p.clone()))
    }
}

/// The warning for citing a decision that was rejected, deprecated or superseded: its message
/// and hint.
fn no_longer_holds(
    store: &Store,
    record: &Record,
    trailer: &str,
    shown: &str,
) -> Option<(String, Option<String>)> {
    let status = record.front.status.as_deref().unwrap_or("");
    if !store.config.role(record).is_some_and(|r| r.is_closed()) {
        return None;
    }
    let by = store
        .config
        .ids_text(&record.kind, &record.front.superseded_by);
    let (by, hint) = if by.is_empty() {
        (String::new(), None)
    } else {
        (
            format!(" by {}", by.join(", ")),
            Some(format!(
                "if this change follows the newer decision, cite {} instead",
                by.join(", ")
            )),
        )
    };
    let message = format!(
        "`{trailer}` cites {shown} \"{}\", which is {status}{by}",
        record.title
    );
    Some((message, hint))
}

/// The accepted, numbered decisions that govern some of the `changed` files: (id as shown,
/// record, the files).
fn governing<'r>(
    store: &Store,
    records: &'r [Record],
    changed: &'r [String],
) -> Vec<(String, &'r Record, Vec<&'r String>)> {
    records
        .iter()
        .filter(|r| store.config.role(r) == Some(Role::Accepted) && r.id.is_some())
        .filter_map(|r| {
            let files: Vec<&String> = changed
                .iter()
                .filter(|f| crate::features::governs::governs(r, f))
                .collect();
            (!files.is_empty()).then(|| (store.display_id(r), r, files))
        })
        .collect()
}

/// The problem of a change to governed files whose message cites none of the decisions that
/// govern them (`no_trailer`: it has no trailer at all).
/// It is an error when the message has no trailer, else a warning.
fn uncited(
    file: &str,
    key: &str,
    governing: &[(String, &Record, Vec<&String>)],
    no_trailer: bool,
) -> Diagnostic {
    const SHOWN_FILES: usize = 5;
    let ids: Vec<&str> = governing.iter().map(|(id, ..)| id.as_str()).collect();
    let lines: Vec<String> = governing
        .iter()
        .map(|(id, record, files)| {
            let list: Vec<&str> = files.iter().take(SHOWN_FILES).map(|f| f.as_str()).collect();
            let more = match files.len().saturating_sub(SHOWN_FILES) {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            format!(
                "{id} \"{}\" governs {}{more}",
                record.title,
                list.join(", ")
            )
        })
        .collect();
    let example = format!("{key}: {}", ids.join(", "));
    let what = if no_trailer {
        format!("its message has no `{key}:` trailer")
    } else {
        format!("its `{key}:` trailers cite none of them")
    };
    let message = format!(
        "this commit changes files governed by accepted decisions, but {what}: {}",
        // One line: messages are printed on one line everywhere (a CI log reads a line
        // starting with `::` as a command).
        lines.join("; ")
    );
    let hint = format!(
        "add the line `{example}` at the end of the message, after a blank line (or commit with `git commit --trailer \"{example}\"`)"
    );
    let problem = if no_trailer {
        Diagnostic::error(file, message)
    } else {
        Diagnostic::warning(file, message)
    };
    problem.with_hint(hint)
}

/// Paths the commit changes: the index against `HEAD`, every staged path when there is no commit
/// yet. Both sides of a rename count.
fn staged_paths(repo: &Repo, index: &crate::git::repo::Index) -> Result<Vec<String>> {
    let mut paths: Vec<String> = repo
        .staged_changes(index, &[])?
        .into_iter()
        .flat_map(|(old, new)| [old, new])
        .flatten()
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository whose index holds these records (`(file name, front matter lines)`) and
    /// `src/db.rs`, with nothing committed yet.
    fn staged(
        records: &[(&str, &str)],
        governed_paths_need_a_trailer: bool,
    ) -> (tempfile::TempDir, Store) {
        let (dir, repo) = Repo::temp_for_tests();
        let texts: Vec<(String, String)> = records
            .iter()
            .map(|(name, front)| {
                let text = format!("---\n{front}---\n\n# Title of {name}\n");
                (format!(".adr/decisions/{name}"), text)
            })
            .collect();
        let mut files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        files.push(("src/db.rs", "fn main() {}\n"));
        repo.stage_for_tests(&files);
        let mut store = Store::open(repo).unwrap();
        store.config.trailers.require_for_governed_paths = governed_paths_need_a_trailer;
        (dir, store)
    }

    /// Where git writes the message of `git commit`.
    const MSG: &str = ".git/COMMIT_EDITMSG";

    fn messages(problems: &[Diagnostic]) -> Vec<(Option<usize>, &str)> {
        problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect()
    }

    #[test]
    fn citing_records_that_exist_and_hold_passes() {
        let (_dir, store) = staged(&[("0001-a.md", "status: accepted\n")], false);
        let v = commit_msg(&store, MSG, "Subject\n\nDecision: ADR-0001\n").unwrap();
        assert!(v.errors.is_empty() && v.warnings.is_empty(), "{v:?}");
        // Only comments: git aborts the commit itself.
        let v = commit_msg(
            &store,
            MSG,
            "# Please enter the commit message\nDecision: x\n",
        )
        .unwrap();
        assert!(v.errors.is_empty() && v.warnings.is_empty(), "{v:?}");
    }

    #[test]
    fn an_id_that_is_not_in_the_commit_or_not_an_id_is_an_error() {
        let (_dir, store) = staged(&[("0001-a.md", "status: accepted\n")], false);
        let v = commit_msg(
            &store,
            MSG,
            "Subject\n\nbody\n\nDecision: 1, ADR-0009\nDecision: soon\n",
        )
        .unwrap();
        assert_eq!(
            messages(&v.errors),
            [
                (Some(5), "`Decision: 1, ADR-0009` cites ADR-0009, which is not in .adr/decisions/ of this commit"),
                (Some(6), "`Decision: soon`: `soon` is not a record id"),
            ]
        );
        // Diagnostics of no rule, on the message file.
        assert!(v.errors.iter().all(|d| d.path == MSG
            && d.rule.is_none()
            && d.severity == crate::error::rule::Severity::Error));
    }

    #[test]
    fn citing_a_superseded_decision_points_at_its_successor() {
        let (_dir, store) = staged(
            &[
                ("0001-a.md", "status: superseded\nsuperseded-by: [2]\n"),
                ("0002-b.md", "status: accepted\nsupersedes: [1]\n"),
            ],
            false,
        );
        let v = commit_msg(&store, MSG, "Subject\n\nDecision: ADR-0001\n").unwrap();
        assert!(v.errors.is_empty());
        assert_eq!(
            messages(&v.warnings),
            [(Some(3), "`Decision: ADR-0001` cites ADR-0001 \"Title of 0001-a.md\", which is superseded by ADR-0002")]
        );
        assert_eq!(
            v.warnings[0].hint.as_deref(),
            Some("if this change follows the newer decision, cite ADR-0002 instead")
        );
    }

    #[test]
    fn a_governed_change_must_cite_a_decision_when_the_config_says_so() {
        let governing = [("0001-db.md", "status: accepted\npaths: ['src/**']\n")];
        let (_dir, store) = staged(&governing, true);
        let v = commit_msg(&store, MSG, "Subject\n").unwrap();
        assert_eq!(v.errors.len(), 1, "{v:?}");
        assert!(
            v.errors[0].message.contains(
                "has no `Decision:` trailer: ADR-0001 \"Title of 0001-db.md\" governs src/db.rs"
            ),
            "{v:?}"
        );
        assert!(v.errors[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("`Decision: ADR-0001`"));
        // A message that cites another decision is only warned: which fits is for people.
        let (_dir, store) = staged(&[governing[0], ("0002-x.md", "status: accepted\n")], true);
        let v = commit_msg(&store, MSG, "Subject\n\nDecision: 2\n").unwrap();
        assert!(v.errors.is_empty(), "{v:?}");
        assert!(v.warnings[0].message.contains("trailers cite none of them"));
        assert_eq!(
            v.warnings[0].severity,
            crate::error::rule::Severity::Warning
        );
        // Citing it passes; so does the same change when the config does not ask.
        let v = commit_msg(&store, MSG, "Subject\n\nDecision: 1\n").unwrap();
        assert!(v.errors.is_empty() && v.warnings.is_empty(), "{v:?}");
        let (_dir, store) = staged(&governing, false);
        assert!(commit_msg(&store, MSG, "Subject\n")
            .unwrap()
            .errors
            .is_empty());
    }
}
