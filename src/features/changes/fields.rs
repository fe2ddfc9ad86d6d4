//! Front-matter keys compared one by one: the keys git-adr reads (dates, people, tags, paths,
//! relations, checklists, links) and a team's own keys, as YAML values.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{FieldChange, ListChange};
use crate::model::record::{frontmatter, Id, Record};
use crate::store::Store;

/// Front-matter keys whose values differ, besides status and supersessions: the known ones in
/// the order of the file template, then a team's own keys by name.
pub(super) fn fields_changed(
    store: &Store,
    before: Option<&Record>,
    after: &Record,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let scalar = |out: &mut Vec<FieldChange>, key: &str, pick: fn(&Record) -> Option<String>| {
        let (from, to) = (before.and_then(pick), pick(after));
        if from != to {
            out.push(FieldChange {
                key: key.into(),
                from: from.map_or(Value::Null, Value::String),
                to: to.map_or(Value::Null, Value::String),
                added: vec![],
                removed: vec![],
            });
        }
    };
    scalar(&mut out, "date", |r| r.front.date.clone());
    type PickList = fn(&Record) -> Vec<String>;
    let lists: [(&str, PickList); 7] = [
        ("decision-makers", |r| r.front.decision_makers.clone()),
        ("consulted", |r| r.front.consulted.clone()),
        ("informed", |r| r.front.informed.clone()),
        ("tags", |r| r.front.tags.clone()),
        ("paths", |r| r.front.paths.clone()),
        ("dod", |r| r.front.dod.clone()),
        ("links", |r| r.front.links.clone()),
    ];
    for (key, pick) in lists {
        push_list(&mut out, key, before.map(pick), pick(after));
    }
    type PickIds = fn(&Record) -> &[Id];
    let relations: [(&str, PickIds); 3] = [
        ("amends", |r| &r.front.amends),
        ("amended-by", |r| &r.front.amended_by),
        ("relates", |r| &r.front.relates),
    ];
    for (key, pick) in relations {
        let ids = |r: &Record| store.config.ids_text(&r.kind, pick(r));
        push_list(&mut out, key, before.map(ids), ids(after));
    }
    scalar(&mut out, "review-by", |r| r.front.review_by.clone());
    out.extend(own_keys_changed(before, after));
    out
}

/// A team's own keys (and the others git-adr does not type) whose YAML values differ, by name.
fn own_keys_changed(before: Option<&Record>, after: &Record) -> Vec<FieldChange> {
    let other_before = before.map(other_keys).unwrap_or_default();
    let other_after = other_keys(after);
    let keys: BTreeSet<&String> = other_before.keys().chain(other_after.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (from, to) = (other_before.get(key), other_after.get(key));
        if from == to {
            continue;
        }
        let list = match (strings(from), strings(to)) {
            (Some(f), Some(t)) => ListChange::of(&f, &t),
            _ => ListChange::default(),
        };
        out.push(FieldChange {
            key: key.clone(),
            from: from.cloned().unwrap_or(Value::Null),
            to: to.cloned().unwrap_or(Value::Null),
            added: list.added,
            removed: list.removed,
        });
    }
    out
}

/// A YAML value read as a list of strings (absent: empty), when it is one.
fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        None | Some(Value::Null) => Some(vec![]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect(),
        Some(_) => None,
    }
}

fn push_list(
    out: &mut Vec<FieldChange>,
    key: &str,
    before: Option<Vec<String>>,
    after: Vec<String>,
) {
    let before = before.unwrap_or_default();
    if before == after {
        return;
    }
    let list = ListChange::of(&before, &after);
    let as_value = |v: Vec<String>| {
        if v.is_empty() {
            Value::Null
        } else {
            Value::Array(v.into_iter().map(Value::String).collect())
        }
    };
    out.push(FieldChange {
        key: key.into(),
        from: as_value(before),
        to: as_value(after),
        added: list.added,
        removed: list.removed,
    });
}

/// The front-matter keys git-adr does not read into typed fields, as YAML values (a team's own
/// keys, a checklist's `items` and `applies-to`). Read with the same budget as front matter; a
/// block that cannot be read this way contributes nothing.
fn other_keys(r: &Record) -> BTreeMap<String, Value> {
    let (_, rest) = frontmatter::strip_bom(&r.text);
    let Ok(block) = frontmatter::locate(rest) else {
        return BTreeMap::new();
    };
    let Some(yaml) = rest.get(block.yaml) else {
        return BTreeMap::new();
    };
    let yaml = yaml.replace("\r\n", "\n");
    serde_saphyr::from_str_with_options::<Option<BTreeMap<String, Value>>>(
        &yaml,
        frontmatter::options(),
    )
    .ok()
    .flatten()
    .unwrap_or_default()
    .into_iter()
    .filter(|(k, _)| !frontmatter::is_typed_key(k))
    .collect()
}
