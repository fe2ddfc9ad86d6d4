//! Which record OLD names, and reading every record of its kind.

use std::path::Path;

use super::{Old, Request};
use crate::error::{Error, RecordError, Result};
use crate::git::source::Source;
use crate::model::config::Kind;
use crate::model::record::{Id, Record};
use crate::store::paths::repo_path_from_arg;
use crate::store::{is_record_name, Store};

/// The kind and repo-relative path of the record OLD names: a number (`5`, `ADR-0005`, `LOG-3`),
/// a file name without its directory (`0005-b`, `0005-b.md`), or a path (`.adr/decisions/0005-b.md`,
/// relative to the current directory or the repository's root).
pub(super) fn resolve_old(store: &Store, root: &Path, request: &Request) -> Result<Old> {
    let wanted = match &request.kind {
        Some(k) => Some(store.config.kind(k)?),
        None => None,
    };
    let old = request.old.trim();
    if old.contains('/') || old.contains(std::path::MAIN_SEPARATOR) {
        let (kind, path) = by_path(store, root, old, wanted)?;
        return Ok(Old {
            kind,
            path,
            note: None,
        });
    }
    by_number(store, root, old, wanted, request)
}

/// OLD given as a path.
fn by_path(store: &Store, root: &Path, old: &str, wanted: Option<&Kind>) -> Result<(Kind, String)> {
    let mut rel = repo_path_from_arg(root, old);
    if std::fs::symlink_metadata(root.join(&rel)).is_err() {
        // Typed from a subdirectory but relative to the root, as `git adr` prints paths.
        let from_root = old.trim_start_matches("./").to_string();
        if std::fs::symlink_metadata(root.join(&from_root)).is_ok() {
            rel = from_root;
        }
    }
    let dirs = || {
        store
            .config
            .kinds
            .values()
            .filter(|k| k.numbered)
            .map(|k| format!("{}/", k.path()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kind = store.config.kind_of_path(&rel).ok_or_else(|| {
        Error::usage_hint(
            format!("{old} is not in a records directory"),
            format!("numbered records live in {}", dirs()),
        )
    })?;
    if let Some(w) = wanted {
        if w.name != kind.name {
            return Err(Error::usage(format!(
                "{rel} is a {} record, not a {} record",
                kind.name, w.name
            )));
        }
    }
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    if !kind.numbered || !is_record_name(kind, name) {
        return Err(Error::usage_hint(
            format!("{rel} is not a numbered record file"),
            format!("numbered records are named NNNN-title.md in {}", dirs()),
        ));
    }
    if std::fs::symlink_metadata(root.join(&rel)).is_err() {
        return Err(Error::usage_hint(
            format!("{rel} does not exist"),
            "`git adr list` shows the records there are",
        ));
    }
    Ok((kind.clone(), rel))
}

/// OLD given as a number or a file name: the kind's file with that number (and name).
fn by_number(
    store: &Store,
    root: &Path,
    old: &str,
    wanted: Option<&Kind>,
    request: &Request,
) -> Result<Old> {
    let kind = match wanted {
        Some(k) => k,
        // The same reading of `LOG-3` / `XYZ-2` as every other command; a bare number is an ADR.
        None => match store.kind_of_prefix(old)? {
            Some(k) => k,
            None => store.config.kind("adr")?,
        },
    };
    if !kind.numbered {
        return Err(Error::usage(format!(
            "{} records have no numbers: there is nothing to renumber",
            kind.name
        )));
    }
    let (id, slug) = match Id::parse_ref(old) {
        Some(id) => (id, None),
        None => match Id::from_file_name(&format!("{}.md", old.trim_end_matches(".md"))) {
            Some((id, slug)) if !slug.is_empty() => (id, Some(slug.to_string())),
            _ => {
                return Err(Error::usage_hint(
                    format!("`{old}` is not a record id or file"),
                    format!(
                        "give the number ({}, or 2) or, when two files share it, the file \
                         ({}/0002-title.md)",
                        store.config.id_text(&kind.name, Id(2)),
                        kind.path()
                    ),
                ))
            }
        },
    };
    let mut matches = Vec::new();
    for entry in store.record_files(&Source::WorkTree(root.to_path_buf()), kind)? {
        if !entry.utf8 {
            continue;
        }
        let (i, s) = crate::model::record::id_and_slug(&entry.path);
        if i == Some(id) && slug.as_deref().is_none_or(|want| want == s) {
            matches.push(entry.path);
        }
    }
    let shown = match &slug {
        Some(_) => old.to_string(),
        None => store.config.id_text(&kind.name, id),
    };
    let example_new = request.new.as_deref().unwrap_or("--next");
    let found = |path: String, note: Option<String>| Old {
        kind: kind.clone(),
        path,
        note,
    };
    match matches.len() {
        0 => Err(Error::usage_hint(
            format!("no {} record {shown} in {}/", kind.name, kind.path()),
            "`git adr list` shows the records there are",
        )),
        1 => Ok(found(matches.remove(0), None)),
        // Two files after a merge, and git can tell which was there first: move the other.
        2 => match keeper(store, &matches) {
            Some((keep, place)) => {
                let other = matches
                    .iter()
                    .find(|p| **p != keep)
                    .cloned()
                    .unwrap_or_default();
                let note = format!("{shown} is used by {keep} and {other}; {keep} was there first ({place}), so {other} moves");
                Ok(found(other, Some(note)))
            }
            None => Err(ambiguous_old(store, &shown, &matches, example_new)),
        },
        _ => Err(ambiguous_old(store, &shown, &matches, example_new)),
    }
}

/// The error for a number that several files share after a merge: it lists them and gives the
/// command that moves one of them, naming the one to keep when git can tell.
fn ambiguous_old(store: &Store, shown: &str, paths: &[String], example_new: &str) -> Error {
    let keeper = keeper(store, paths);
    let to_move = match &keeper {
        Some((keep, _)) => paths.iter().find(|p| *p != keep),
        None => paths.last(),
    }
    .cloned()
    .unwrap_or_default();
    let why = match &keeper {
        Some((keep, place)) => format!(
            "; {keep} was there first ({place}), so it keeps its number{}",
            if paths.len() > 2 {
                "; run it once for each of the others"
            } else {
                ""
            }
        ),
        None => "; keep the one that is already on the default branch, move the others".to_string(),
    };
    Error::usage_hint(
        format!(
            "{shown} is ambiguous: {} files have that number: {}",
            paths.len(),
            paths.join(", ")
        ),
        format!("say which file to move: `git adr renumber {to_move} {example_new}`{why}"),
    )
}

/// Which of several files with one number is the established one: the only one of them on the
/// default branch (its remote-tracking branch first), or, in a merge commit, the only one the
/// first parent had. The first of those places that has exactly one of them decides.
fn keeper(store: &Store, paths: &[String]) -> Option<(String, String)> {
    let repo = &store.repo;
    let mut names: Vec<String> = Vec::new();
    names.extend(repo.symbolic_target("refs/remotes/origin/HEAD"));
    for n in [
        "refs/remotes/origin/main",
        "refs/remotes/origin/master",
        "refs/heads/main",
        "refs/heads/master",
    ] {
        names.push(n.to_string());
    }
    let mut places: Vec<(String, Source<'_>)> = Vec::new();
    for name in names {
        if let Some(source) = repo.ref_source(&name) {
            let short = name
                .strip_prefix("refs/remotes/")
                .or_else(|| name.strip_prefix("refs/heads/"))
                .unwrap_or(&name)
                .to_string();
            places.push((format!("on {short}"), source));
        }
    }
    if let Some(source) = repo.merged_into_source() {
        places.push(("on this branch before the merge".into(), source));
    }
    places.into_iter().find_map(|(place, tree)| {
        let present: Vec<&String> = paths.iter().filter(|p| tree.has(p)).collect();
        match present.as_slice() {
            [one] if paths.len() > 1 => Some(((*one).clone(), place)),
            _ => None,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Reading the records
// ---------------------------------------------------------------------------------------------

/// Every record of `kind` in the work tree. Any file that cannot be read is an error: its
/// references could not be checked, and renumbering must not leave one behind.
pub(super) fn load_kind(store: &Store, root: &Path, kind: &Kind) -> Result<Vec<Record>> {
    let (records, errors) = read_kind(store, root, kind)?;
    if let Some(first) = errors.first() {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more unreadable records)", n - 1),
        };
        let err = RecordError::new(
            &first.location.path,
            first.location.line,
            format!(
                "{}{more}; renumber reads every {} record to rewrite references, so nothing was changed",
                first.message, kind.name
            ),
        );
        let hint = first.hint.clone().unwrap_or_else(|| {
            "fix the file (`git adr list` shows what is wrong), then run renumber again".into()
        });
        return Err(err.with_hint(hint).into());
    }
    Ok(records)
}

/// Every record of `kind` in the work tree, with the files that could not be read.
pub(super) fn read_kind(
    store: &Store,
    root: &Path,
    kind: &Kind,
) -> Result<(Vec<Record>, Vec<RecordError>)> {
    let listing = store.load_kind(&Source::WorkTree(root.to_path_buf()), kind)?;
    Ok((listing.records, listing.errors))
}
