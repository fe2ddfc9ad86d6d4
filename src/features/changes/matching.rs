//! Record identity across the two sides: which record of one side is which of the other. A
//! record is the same record when it has the same path; else the same kind and number (the
//! same kind and name for unnumbered kinds) and mostly the same content, so a renamed file
//! keeps its identity and a different record that took a deleted one's number does not; else
//! the same title and mostly the same text under another number (renumbered). A file one side
//! cannot read is set aside with its counterpart.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::similarity::{self, Profile};
use super::Warning;
use crate::error::RecordError;
use crate::model::diagnostic::Diagnostic;
use crate::model::record::{Id, Record};
use crate::store::{Listing, Store};

/// What identifies a record across the sides: kind and number, or kind and name.
type Key = (String, Option<Id>, String);

fn key_of(r: &Record) -> Key {
    match r.id {
        Some(id) => (r.kind.clone(), Some(id), String::new()),
        None => (r.kind.clone(), None, r.slug.clone()),
    }
}

/// The key a file that could not be read would have had, from its path (as [`Record::parse`]
/// derives number and name).
fn key_of_path(store: &Store, path: &str) -> Option<Key> {
    let kind = store.config.kind_of_path(path)?;
    Some(match crate::model::record::id_and_slug(path) {
        (Some(id), _) => (kind.name.clone(), Some(id), String::new()),
        (None, slug) => (kind.name.clone(), None, slug),
    })
}

fn shown_key(store: &Store, (kind, id, slug): &Key) -> String {
    match id {
        Some(id) => store.config.id_text(kind, *id),
        None => slug.clone(),
    }
}

/// What to leave out of one side because the other side cannot read its counterpart.
#[derive(Default)]
struct Skip {
    paths: HashSet<String>,
    keys: BTreeSet<Key>,
}

/// Per side (`[before, after]`), the records not to compare.
pub(super) struct SetAside([Skip; 2]);

/// The files either side cannot read, as warnings, and the records of the other side that are
/// therefore not compared (the file at the same path, else the record with the same key). A
/// file broken in the same way on both sides is no difference and no warning.
pub(super) fn unreadable(
    store: &Store,
    before: &Listing,
    after: &Listing,
) -> (Vec<Warning>, SetAside) {
    let same_error = |e: &RecordError, others: &[RecordError]| {
        others
            .iter()
            .any(|o| o.location == e.location && o.message == e.message)
    };
    let mut warnings = Vec::new();
    let mut skip: [Skip; 2] = Default::default();
    let sides = [("from", before, after, 1), ("to", after, before, 0)];
    for (side, this, other, other_index) in sides {
        for e in &this.errors {
            if same_error(e, &other.errors) {
                continue;
            }
            let path = &e.location.path;
            let key = key_of_path(store, path);
            let not_compared = key
                .as_ref()
                .map(|k| format!("; {} is not compared", shown_key(store, k)))
                .unwrap_or_default();
            if other.records.iter().any(|r| &r.path == path) {
                skip[other_index].paths.insert(path.clone());
            } else if let Some(k) = key {
                skip[other_index].keys.insert(k);
            }
            let mut diagnostic = Diagnostic::from(e);
            diagnostic.message.push_str(&not_compared);
            warnings.push(Warning { side, diagnostic });
        }
    }
    (warnings, SetAside(skip))
}

/// Pairs the records of the two sides: by path first, then by key (in path order when a
/// number is shared by several files). A record without a counterpart is paired with `None`.
pub(super) fn pair_up(
    before: Vec<Record>,
    after: Vec<Record>,
    set_aside: &SetAside,
) -> Vec<(Option<Record>, Option<Record>)> {
    let [skip_before, skip_after] = &set_aside.0;
    let mut left: Vec<Option<Record>> = before
        .into_iter()
        .filter(|r| !skip_before.paths.contains(&r.path))
        .map(Some)
        .collect();
    let by_path: HashMap<String, usize> = left
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| (r.path.clone(), i)))
        .collect();
    let mut pairs = Vec::new();
    let mut unpaired_after = Vec::new();
    for r in after {
        if skip_after.paths.contains(&r.path) {
            continue;
        }
        match by_path.get(&r.path) {
            Some(&i) => pairs.push((left[i].take(), Some(r))),
            None => unpaired_after.push(r),
        }
    }
    pairs.extend(pair_by_key(
        left.into_iter().flatten(),
        unpaired_after,
        skip_before,
        skip_after,
    ));
    pairs
}

/// The records no path paired, paired by key when they are one record (the same title or
/// mostly the same text, [`similarity::same_record`]); then records renumbered (a record
/// deleted and one added with the same title and mostly the same text); the rest on their own.
fn pair_by_key(
    before: impl Iterator<Item = Record>,
    mut after: Vec<Record>,
    skip_before: &Skip,
    skip_after: &Skip,
) -> Vec<(Option<Record>, Option<Record>)> {
    let mut by_key: BTreeMap<Key, Vec<Record>> = BTreeMap::new();
    for r in before {
        by_key.entry(key_of(&r)).or_default().push(r);
    }
    for list in by_key.values_mut() {
        // The first path first.
        list.sort_by(|a, b| a.path.cmp(&b.path));
    }
    after.sort_by(|a, b| a.path.cmp(&b.path));
    let mut pairs = Vec::new();
    let mut lone_after = Vec::new();
    for r in after {
        let key = key_of(&r);
        let hit = by_key.get_mut(&key).and_then(|list| {
            let i = list.iter().position(|b| similarity::same_record(b, &r))?;
            Some(list.remove(i))
        });
        match hit {
            Some(b) => pairs.push((Some(b), Some(r))),
            None if skip_after.keys.contains(&key) => {}
            None => lone_after.push(r),
        }
    }
    let lone_before: Vec<Record> = by_key
        .into_iter()
        .filter(|(key, _)| !skip_before.keys.contains(key))
        .flat_map(|(_, list)| list)
        .collect();
    pairs.extend(renumbered(lone_before, lone_after));
    pairs
}

/// Records that kept their title and mostly their text under another number are one record
/// renamed (as `git adr renumber` leaves them); the most similar pairs first. Beyond
/// [`similarity::MAX_PAIRS`] candidates none is looked for.
fn renumbered(before: Vec<Record>, after: Vec<Record>) -> Vec<(Option<Record>, Option<Record>)> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    if before.len().saturating_mul(after.len()) <= similarity::MAX_PAIRS {
        let profiles =
            |rs: &[Record]| -> Vec<Profile> { rs.iter().map(|r| Profile::of(&r.text)).collect() };
        let (pb, pa) = (profiles(&before), profiles(&after));
        for (i, b) in before.iter().enumerate() {
            for (j, a) in after.iter().enumerate() {
                if !similarity::same_title(b, a) {
                    continue;
                }
                let score = pb[i].similarity(&pa[j]);
                if score >= similarity::THRESHOLD {
                    candidates.push((score, i, j));
                }
            }
        }
    }
    // Most similar first; ties in path order.
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut before: Vec<Option<Record>> = before.into_iter().map(Some).collect();
    let mut after: Vec<Option<Record>> = after.into_iter().map(Some).collect();
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if before[i].is_some() && after[j].is_some() {
            pairs.push((before[i].take(), after[j].take()));
        }
    }
    pairs.extend(after.into_iter().flatten().map(|a| (None, Some(a))));
    pairs.extend(before.into_iter().flatten().map(|b| (Some(b), None)));
    pairs
}
