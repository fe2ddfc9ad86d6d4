//! Moving records along their kind's lifecycle, and relating two records: status changes,
//! superseding, linking. Statuses are found by their role ([`Role`]), so every command works
//! with a team's own words. Every change that touches two records writes both or neither.
//! Returns what it did; the commands say it.

use crate::error::{Error, Result};
use crate::model::record::frontmatter::Value;
use crate::model::record::status::Role;
use crate::model::record::{Id, Record, Relation};
use crate::store::Store;

/// What a lifecycle operation did to the records it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A record's status moved: its id as shown, the status before (as written) and after.
    Moved {
        id: String,
        from: String,
        to: String,
    },
    /// The record already had that status.
    AlreadyIn { id: String, status: String },
    /// Two records now relate: `a` `relation` `b`, both ends written.
    Related {
        a: String,
        relation: Relation,
        b: String,
    },
    /// They already did.
    AlreadyRelated {
        a: String,
        relation: Relation,
        b: String,
    },
}

/// Errors unless the record's lifecycle allows moving it to `to` (or `force` is given).
pub fn check_transition(store: &Store, record: &Record, to: &str, force: bool) -> Result<()> {
    let kind = store.config.kind(&record.kind)?;
    if !kind.lifecycle.statuses.iter().any(|s| s == to) {
        return Err(Error::usage_hint(
            format!("`{to}` is not a status of {} records", kind.name),
            format!("use one of: {}", kind.lifecycle.statuses.join(", ")),
        ));
    }
    let from = record.front.status.as_deref();
    // An existing folder's free-text status ("on hold") is outside the lifecycle: any move
    // out of it is allowed.
    let known = from.is_some_and(|f| kind.lifecycle.statuses.iter().any(|s| s == f));
    if kind.in_place() && !known {
        return Ok(());
    }
    let Some(from) = from.filter(|from| !force && !kind.lifecycle.allows(from, to)) else {
        return Ok(());
    };
    let allowed = kind
        .lifecycle
        .transitions
        .get(from)
        .cloned()
        .unwrap_or_default();
    let next = if allowed.is_empty() {
        "none (it is final)".to_string()
    } else {
        allowed.join(", ")
    };
    Err(Error::usage_hint(
        format!(
            "{} is {from}; the lifecycle does not allow {from} → {to}",
            store.display_id(record)
        ),
        format!("from {from} it can become: {next}. Use --force to override, or change [lifecycle] in .adr/config.toml"),
    ))
}

/// Errors unless `old` may be superseded (by `new`, when known): its lifecycle must have a
/// status with the superseded role and allow moving to it, and a record already superseded by
/// another one is not superseded again without `force`. Gives that status, to be set.
pub fn check_supersedable(
    store: &Store,
    old: &Record,
    new: Option<&Record>,
    force: bool,
) -> Result<String> {
    let lifecycle = store.config.lifecycle_of(&old.kind);
    let superseded = lifecycle.status_for(Role::Superseded, &old.kind)?;
    let others: Vec<String> = old
        .front
        .superseded_by
        .iter()
        .filter(|i| new.and_then(|n| n.id) != Some(**i))
        .map(|i| store.config.id_text(&old.kind, *i))
        .collect();
    if !others.is_empty() && !force {
        return Err(Error::usage_hint(
            format!(
                "{} is already superseded by {}",
                store.display_id(old),
                others.join(", ")
            ),
            "supersede the newer record instead, or use --force to record a second successor",
        ));
    }
    if old.front.status.as_deref() != Some(superseded) {
        check_transition(store, old, superseded, force)?;
    }
    Ok(superseded.to_string())
}

/// The edit that marks `old` superseded by `new_id`, with `status` (the superseded role's).
pub fn superseded_by_edit(
    old: Record,
    new_id: Option<Id>,
    status: &str,
) -> (Record, Vec<(&'static str, Value)>) {
    let by = with(&old.front.superseded_by, new_id);
    (
        old,
        vec![
            ("status", Value::text(status)),
            (Relation::SupersededBy.key(), Value::ids(&by)),
        ],
    )
}

/// The status with `role` in the record's lifecycle (`accept` → `approved` for a team whose
/// lifecycle says so).
pub fn status_with_role(store: &Store, record: &Record, role: Role) -> Result<String> {
    Ok(store
        .config
        .lifecycle_of(&record.kind)
        .status_for(role, &record.kind)?
        .to_string())
}

/// Moves `record` to status `to`, as its lifecycle allows. The superseded role needs the
/// successor (`supersede`), unless forced.
pub fn move_to(store: &Store, record: Record, to: &str, force: bool) -> Result<Outcome> {
    // Under the edit lock, the record as it is now: another process may have changed it since
    // the caller read it.
    let _lock = store.lock()?;
    let record = store.reread(&record)?;
    let id = store.display_id(&record);
    let lifecycle = store.config.lifecycle_of(&record.kind);
    if lifecycle.role_of(to) == Some(Role::Superseded) && !force {
        return Err(Error::usage_hint(
            format!("superseding {id} needs the record that replaces it"),
            format!("run `git adr supersede {id} NEW`, which updates both records"),
        ));
    }
    check_transition(store, &record, to, force)?;
    if record.front.status.as_deref() == Some(to) {
        return Ok(Outcome::AlreadyIn {
            id,
            status: to.to_string(),
        });
    }
    let from = record.status_shown().unwrap_or_else(|| "(none)".into());
    store.apply(vec![(record, vec![("status", Value::text(to))])])?;
    Ok(Outcome::Moved {
        id,
        from,
        to: to.to_string(),
    })
}

/// `old` is superseded by `new`: both records, or neither.
pub fn supersede(store: &Store, old: &str, new: &str, force: bool) -> Result<Outcome> {
    // Both records are read under the edit lock, so a concurrent edit of either is kept.
    let _lock = store.lock()?;
    let (old, new) = pair(store, old, new, "supersede")?;
    let (a, b) = (store.display_id(&new), store.display_id(&old));
    let lifecycle = store.config.lifecycle_of(&old.kind);
    let done = lifecycle.is(old.front.status.as_deref(), Role::Superseded)
        && old.front.superseded_by.iter().any(|i| Some(*i) == new.id)
        && new.front.supersedes.iter().any(|i| Some(*i) == old.id);
    if done {
        let relation = Relation::Supersedes;
        return Ok(Outcome::AlreadyRelated { a, relation, b });
    }
    if lifecycle.is(new.front.status.as_deref(), Role::Superseded)
        && new.front.superseded_by.contains(&old.id.unwrap_or(Id(0)))
    {
        return Err(Error::usage(format!(
            "{b} supersedes {a} already; superseding it back would make a cycle"
        )));
    }
    let status = check_supersedable(store, &old, Some(&new), force)?;
    let sup = with(&new.front.supersedes, old.id);
    let new_id = new.id;
    store.apply(vec![
        superseded_by_edit(old, new_id, &status),
        (new, vec![(Relation::Supersedes.key(), Value::ids(&sup))]),
    ])?;
    let relation = Relation::Supersedes;
    Ok(Outcome::Related { a, relation, b })
}

/// `a` `relation` `b`, with the other end written in `b`. Superseding goes through
/// [`supersede`] (it changes a status too); only the relations a person states are accepted.
pub fn link(store: &Store, a: &str, relation: Relation, b: &str) -> Result<Outcome> {
    match relation {
        Relation::Supersedes => return supersede(store, b, a, false),
        Relation::Amends | Relation::Relates => {}
        other => {
            return Err(Error::usage(format!(
                "`{}` is written by linking the other way round (`{}`)",
                other.key(),
                other.inverse().key()
            )))
        }
    }
    // Both records are read under the edit lock, so a concurrent edit of either is kept.
    let _lock = store.lock()?;
    let (ra, rb) = pair(store, a, b, "link to")?;
    let (ida, idb) = (store.display_id(&ra), store.display_id(&rb));
    let back = relation.inverse();
    let mine = with(relation.ids(&ra.front), rb.id);
    let theirs = with(back.ids(&rb.front), ra.id);
    if &mine == relation.ids(&ra.front) && &theirs == back.ids(&rb.front) {
        let (a, b) = (ida, idb);
        return Ok(Outcome::AlreadyRelated { a, relation, b });
    }
    store.apply(vec![
        (ra, vec![(relation.key(), Value::ids(&mine))]),
        (rb, vec![(back.key(), Value::ids(&theirs))]),
    ])?;
    let (a, b) = (ida, idb);
    Ok(Outcome::Related { a, relation, b })
}

/// `list` with `id` added once.
fn with(list: &[Id], id: Option<Id>) -> Vec<Id> {
    let mut out = list.to_vec();
    if let Some(id) = id {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Finds two distinct numbered records of the same kind.
fn pair(store: &Store, a: &str, b: &str, what: &str) -> Result<(Record, Record)> {
    let ra = store.find(a, None)?;
    // A bare number means a record of A's kind (`link LOG-1 relates 2` is LOG-2).
    let a_kind = store.config.kind(&ra.kind)?;
    let rb = match store.kind_of_prefix(b)? {
        Some(_) => store.find(b, None)?,
        None => store.find(b, Some(a_kind))?,
    };
    if ra.kind != rb.kind {
        return Err(Error::usage_hint(
            format!(
                "{} ({}) and {} ({}) are records of different kinds",
                store.display_id(&ra),
                ra.kind,
                store.display_id(&rb),
                rb.kind
            ),
            format!("only records of one kind can {what} each other"),
        ));
    }
    if ra.path == rb.path {
        return Err(Error::usage(format!("a record cannot {what} itself")));
    }
    if ra.id.is_none() || rb.id.is_none() {
        return Err(Error::usage(format!(
            "only numbered records can {what} each other"
        )));
    }
    Ok((ra, rb))
}
