//! Branch mode: what `merge-base(BASE, HEAD)..HEAD` changes — lifecycle moves, and numbers the
//! base took after the branch forked (the merge result's ids, computed before merging).

use std::collections::{HashSet, VecDeque};

use super::rules::Context;
use super::{load_all, Findings, Report, Rule};
use crate::error::{Error, Result};
use crate::git::source::Source;
use crate::model::config::Lifecycle;
use crate::model::record::Record;
use crate::store::Store;

/// The paths a branch changed under the record roots: (old path, new path).
type Changed = Vec<(Option<String>, Option<String>)>;

/// Checks the branch against `base`. Returns how many changed records were checked.
pub(super) fn check_branch(
    store: &Store,
    ctx: &Context<'_>,
    base: &str,
    report: &mut Report,
    findings: &mut Findings,
) -> Result<usize> {
    let repo = &store.repo;
    let git = &repo.git;
    let base_commit = repo.commit(base)?;
    let head = repo.head_commit()?;
    let mb = repo.merge_base(base_commit.id(), head.id(), base)?;
    report.base = Some(base.to_string());
    report.merge_base = Some(mb.to_string());
    let mb_tree = git
        .find_commit(mb)
        .and_then(|c| c.tree())
        .map_err(|e| Error::git("reading a commit", e))?;
    let head_tree = head.tree().map_err(|e| Error::git("reading HEAD", e))?;
    let changed = repo.changed_between(
        Some(&mb_tree),
        Some(&head_tree),
        &store.config.record_roots(),
    )?;

    let source = Source::tree(head_tree, git);
    let (records, checked) = check_tip(store, ctx, &source, &changed, findings)?;
    status_regressions(
        store,
        &Source::tree(mb_tree.clone(), git),
        &changed,
        &records,
        findings,
    );
    let base_tree = base_commit
        .tree()
        .map_err(|e| Error::git("reading the base", e))?;
    let taken = Taken {
        base,
        base_tip: base_commit.id(),
        base_source: Source::tree(base_tree, git),
        merge_base: mb,
        mb_tree: &mb_tree,
    };
    ids_taken_on_base(store, &taken, &changed, findings)?;
    Ok(checked)
}

/// The rules over the branch's tip, reported where the branch is involved. Returns every
/// record at the tip and how many changed records were checked.
fn check_tip(
    store: &Store,
    ctx: &Context<'_>,
    source: &Source<'_>,
    changed: &Changed,
    findings: &mut Findings,
) -> Result<(Vec<Record>, usize)> {
    let mut all = Findings {
        severities: findings.severities.clone(),
        list: vec![],
    };
    let (records, names, _) = load_all(store, source, &mut all)?;
    let touched: HashSet<&str> = changed
        .iter()
        .filter_map(|(_, new)| new.as_deref())
        .collect();
    // Problems in files the branch did not touch are not the branch's to fix.
    findings.list.extend(
        all.list
            .into_iter()
            .filter(|f| touched.contains(f.path.as_str())),
    );
    let changed_records: Vec<_> = records
        .iter()
        .filter(|r| touched.contains(r.path.as_str()))
        .collect();
    for record in &changed_records {
        ctx.record_rules(record, findings);
    }
    ctx.path_rules(&changed_records, findings);
    super::dates::check(store, &changed_records, findings)?;
    let checked = changed_records.len();
    // Whole-set rules, reported where the branch is involved: the records it changed and the
    // records that link to a number it added, changed, moved or removed.
    let mut involved: HashSet<String> = touched.iter().map(|p| p.to_string()).collect();
    let changed_ids =
        super::ids_of_paths(store, changed.iter().flat_map(|(o, n)| [o, n]).flatten());
    for r in &records {
        if super::links_to_any(r, &changed_ids) {
            involved.insert(r.path.clone());
        }
    }
    ctx.set_rules(&records, &names, Some(&involved), findings);
    // The tip's index file against the tip's records, when the branch touched either.
    if !changed.is_empty() {
        super::index::check(store, source, &records, super::index::Fix::Commit, findings)?;
    }
    Ok((records, checked))
}

/// `status-regression`: status moves the lifecycle does not allow, against the merge base's
/// version (`old_source`) of each changed record.
fn status_regressions(
    store: &Store,
    old_source: &Source<'_>,
    changed: &Changed,
    records: &[Record],
    findings: &mut Findings,
) {
    for (old, new) in changed {
        let (Some(old), Some(new)) = (old, new) else {
            continue;
        };
        let Some(kind) = store.config.kind_of_path(old) else {
            continue;
        };
        let Some(now) = records.iter().find(|r| &r.path == new) else {
            continue;
        };
        let Ok(before) = old_source.read(old).and_then(|b| store.parse(kind, old, b)) else {
            continue;
        };
        if let (Some(from), Some(to)) = (&before.front.status, &now.front.status) {
            if from != to && !reachable(&kind.lifecycle, from, to) {
                findings.add(
                    Rule::StatusRegression,
                    new,
                    Some(now.key_line("status")),
                    format!(
                        "status moved from `{from}` to `{to}`, which the lifecycle does not allow"
                    ),
                    Some(format!(
                        "restore `status: {from}`, or write a new record that supersedes {}",
                        store.display_id(now)
                    )),
                );
            }
        }
    }
}

/// The base as `id-taken-on-base` compares with it.
struct Taken<'a> {
    /// The base as the user named it.
    base: &'a str,
    base_tip: git2::Oid,
    base_source: Source<'a>,
    merge_base: git2::Oid,
    mb_tree: &'a git2::Tree<'a>,
}

/// `id-taken-on-base`: numbers the branch adds that the base also took after the fork.
fn ids_taken_on_base(
    store: &Store,
    taken: &Taken<'_>,
    changed: &Changed,
    findings: &mut Findings,
) -> Result<()> {
    for (old, new) in changed {
        let (None, Some(new)) = (old, new) else {
            continue;
        };
        let Some(kind) = store.config.kind_of_path(new).filter(|k| k.numbered) else {
            continue;
        };
        let Some(id) = crate::model::record::id_and_slug(new)
            .0
            .filter(|_| crate::store::is_record_path(kind, new))
        else {
            continue;
        };
        for entry in store.record_files(&taken.base_source, kind)? {
            let other = entry.path;
            let same_id = crate::model::record::id_and_slug(&other).0 == Some(id);
            if !same_id || taken.mb_tree.get_path(std::path::Path::new(&other)).is_ok() {
                continue;
            }
            let shown = store.config.id_text(&kind.name, id);
            let by = commit_that_added(&store.repo.git, taken.base_tip, taken.merge_base, &other)
                .map(|(sha, subject)| format!(" by {sha} \"{subject}\""))
                .unwrap_or_default();
            findings.add(
                Rule::IdTakenOnBase,
                new,
                None,
                format!(
                    "{shown} is taken on {base}{by} ({other}) since this branch forked",
                    base = taken.base
                ),
                Some(format!(
                    "move this record to a free number: git adr renumber {new} --next"
                )),
            );
        }
    }
    Ok(())
}

/// Can a record move from `from` to `to` through allowed transitions?
fn reachable(lifecycle: &Lifecycle, from: &str, to: &str) -> bool {
    let mut queue = VecDeque::from([from.to_string()]);
    let mut seen = HashSet::new();
    while let Some(s) = queue.pop_front() {
        if s == to {
            return true;
        }
        if seen.insert(s.clone()) {
            queue.extend(lifecycle.transitions.get(&s).cloned().unwrap_or_default());
        }
    }
    false
}

/// The first commit after `since` on the way to `tip` whose tree has `path` and whose first
/// parent's does not: the commit that took the number. Short sha and subject.
fn commit_that_added(
    git: &git2::Repository,
    tip: git2::Oid,
    since: git2::Oid,
    path: &str,
) -> Option<(String, String)> {
    let mut walk = git.revwalk().ok()?;
    walk.push(tip).ok()?;
    walk.hide(since).ok()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
        .ok()?;
    let p = std::path::Path::new(path);
    for oid in walk.flatten() {
        let commit = git.find_commit(oid).ok()?;
        let has = commit.tree().ok()?.get_path(p).is_ok();
        let parent_has = commit
            .parent(0)
            .ok()
            .and_then(|c| c.tree().ok())
            .is_some_and(|t| t.get_path(p).is_ok());
        if has && !parent_has {
            let short = commit
                .as_object()
                .short_id()
                .ok()
                .and_then(|b| b.as_str().map(str::to_string))
                .unwrap_or_else(|| oid.to_string());
            return Some((short, commit.summary().unwrap_or("").to_string()));
        }
    }
    None
}
