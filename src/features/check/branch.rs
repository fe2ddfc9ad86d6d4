//! Branch mode: what `merge-base(BASE, HEAD)..HEAD` changes — lifecycle moves, and numbers the
//! base took after the branch forked (the merge result's ids, computed before merging).

use std::collections::{HashSet, VecDeque};

use super::rules::Context;
use super::{load_all, Findings, Report, Rule};
use crate::error::Result;
use crate::features::settled;
use crate::git::range::Range;
use crate::git::source::Source;
use crate::model::config::Lifecycle;
use crate::model::record::status::Role;
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
    let range = Range::new(&store.repo, base)?;
    report.base = Some(base.to_string());
    report.merge_base = Some(range.merge_base.to_string());
    let changed = range.changes(&store.config.record_roots())?;

    let source = range.head_source();
    let (records, checked) = check_tip(store, ctx, &source, &changed, findings)?;
    settled_tradeoffs(store, &records, &changed, findings);
    status_regressions(
        store,
        &range.merge_base_source(),
        &changed,
        &records,
        findings,
    );
    let taken = Taken {
        range: &range,
        base_source: range.base_source(),
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

/// `settled-tradeoff`: each decision the branch adds or changes, against the options the
/// records it leaves alone settled. A decision that is itself rejected or retired reverses
/// nothing.
fn settled_tradeoffs(
    store: &Store,
    records: &[Record],
    changed: &Changed,
    findings: &mut Findings,
) {
    if !findings.is_on(Rule::SettledTradeoff) || !store.config.settled.enabled {
        return;
    }
    let touched: HashSet<&str> = changed
        .iter()
        .filter_map(|(_, new)| new.as_deref())
        .collect();
    let mine: Vec<&Record> = records
        .iter()
        .filter(|r| touched.contains(r.path.as_str()) && r.kind != "dod")
        .filter(|r| {
            !matches!(
                store.config.role(r),
                Some(Role::Rejected | Role::Superseded | Role::Deprecated)
            )
        })
        .collect();
    if mine.is_empty() {
        return;
    }
    let index = settled::Index::build_without(&store.config, records, &touched);
    for record in mine {
        for b in settled::settled_before(&index, record) {
            if !b.reverses || b.linked {
                continue;
            }
            let e = &b.earlier.settled;
            let (does, did) = match b.chosen_here {
                true => ("chooses", "rejected"),
                false => ("rejects", "chose"),
            };
            let message = format!(
                "{} {does} \"{}\", which {} {did} as \"{}\"{} (score {:.2}: {})",
                store.display_id(record),
                b.option,
                e.id,
                e.option,
                e.because
                    .as_deref()
                    .map(|r| format!(", because {r}"))
                    .unwrap_or_default(),
                b.earlier.score,
                b.earlier.matched.join(", "),
            );
            let number = e.number.map_or_else(|| e.id.clone(), |n| n.to_string());
            let hint = format!(
                "if this reopens {} on purpose, say so in the front matter: `supersedes: [{number}]`, `amends: [{number}]` or `relates: [{number}]`",
                e.id
            );
            findings.add(
                Rule::SettledTradeoff,
                &record.path,
                Some(record.title_line),
                message,
                Some(hint),
            );
        }
    }
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
        let Ok(before) = store.read_one(old_source, kind, old) else {
            continue;
        };
        if let (Some(from), Some(to)) = (&before.front.status, &now.front.status) {
            // A status the lifecycle does not know is reported once, as `unknown-status`.
            let known = kind.lifecycle.statuses.contains(to);
            if from != to && known && !reachable(&kind.lifecycle, from, to) {
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

/// The base as `id-taken-on-base` compares with it: the range and the records at the base's tip.
struct Taken<'a> {
    range: &'a Range<'a>,
    base_source: Source<'a>,
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
            if !same_id || taken.range.at_merge_base(&other) {
                continue;
            }
            let shown = store.config.id_text(&kind.name, id);
            let by = taken
                .range
                .added_on_base(&other)
                .map(|c| format!(" by {} \"{}\"", c.short, c.subject))
                .unwrap_or_default();
            findings.add(
                Rule::IdTakenOnBase,
                new,
                None,
                format!(
                    "{shown} is taken on {base}{by} ({other}) since this branch forked",
                    base = taken.range.base
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
