//! Status changes and relations: `status`, `accept`, `reject`, `deprecate`, `supersede`, `link`.
//! Every change that touches two records writes both or neither.

use crate::cli::Relation;
use crate::commands::stdout_err;
use crate::error::{Error, Result};
use crate::model::record::frontmatter::Value;
use crate::model::record::status::Role;
use crate::model::record::{Id, Record};
use crate::store::Store;
use crate::Ui;

/// Errors unless the record's lifecycle allows moving it to `to` (or `force` is given).
pub fn check_transition(store: &Store, record: &Record, to: &str, force: bool) -> Result<()> {
    let kind = store.config.kind(&record.kind)?;
    let shown = store.display_id(record);
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
    match from {
        Some(from) if !force && !kind.lifecycle.allows(from, to) => {
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
                format!("{shown} is {from}; the lifecycle does not allow {from} → {to}"),
                format!("from {from} it can become: {next}. Use --force to override, or change [lifecycle] in .adr/config.toml"),
            ))
        }
        _ => Ok(()),
    }
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

/// `git adr status ID NEW`.
pub fn set_status(
    store: &Store,
    reference: &str,
    to: &str,
    force: bool,
    ui: &mut Ui<'_>,
) -> Result<()> {
    store.workdir("status")?;
    let record = store.find(reference, None)?;
    move_to(store, record, to, force, ui)
}

/// `git adr accept|reject|deprecate ID`: the status with that role in the record's lifecycle.
pub fn set_role(
    store: &Store,
    reference: &str,
    role: Role,
    force: bool,
    ui: &mut Ui<'_>,
) -> Result<()> {
    store.workdir("status")?;
    let record = store.find(reference, None)?;
    let to = store
        .config
        .lifecycle_of(&record.kind)
        .status_for(role, &record.kind)?
        .to_string();
    move_to(store, record, &to, force, ui)
}

/// Moves `record` to status `to`, as its lifecycle allows.
fn move_to(store: &Store, record: Record, to: &str, force: bool, ui: &mut Ui<'_>) -> Result<()> {
    let shown = store.display_id(&record);
    let lifecycle = store.config.lifecycle_of(&record.kind);
    if lifecycle.role_of(to) == Some(Role::Superseded) && !force {
        return Err(Error::usage_hint(
            format!("superseding {shown} needs the record that replaces it"),
            format!("run `git adr supersede {shown} NEW`, which updates both records"),
        ));
    }
    check_transition(store, &record, to, force)?;
    if record.front.status.as_deref() == Some(to) {
        return writeln!(ui.out, "{shown} is already {to}: nothing changed").map_err(stdout_err);
    }
    let from = record.status_shown().unwrap_or_else(|| "(none)".into());
    store.apply(vec![(record, vec![("status", Value::text(to))])])?;
    writeln!(ui.out, "{shown}: {from} → {to}").map_err(stdout_err)
}

fn with(list: &[Id], id: Option<Id>) -> Vec<Id> {
    let mut out = list.to_vec();
    if let Some(id) = id {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Finds two distinct records of the same numbered kind.
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

/// `git adr supersede OLD NEW`.
pub fn supersede(store: &Store, old: &str, new: &str, force: bool, ui: &mut Ui<'_>) -> Result<()> {
    store.workdir("supersede")?;
    let (old, new) = pair(store, old, new, "supersede")?;
    let (old_id, new_id) = (store.display_id(&old), store.display_id(&new));
    let lifecycle = store.config.lifecycle_of(&old.kind);
    let done = lifecycle.is(old.front.status.as_deref(), Role::Superseded)
        && old.front.superseded_by.iter().any(|i| Some(*i) == new.id)
        && new.front.supersedes.iter().any(|i| Some(*i) == old.id);
    if done {
        return writeln!(
            ui.out,
            "{old_id} is already superseded by {new_id}: nothing changed"
        )
        .map_err(stdout_err);
    }
    if lifecycle.is(new.front.status.as_deref(), Role::Superseded)
        && new.front.superseded_by.contains(&old.id.unwrap_or(Id(0)))
    {
        return Err(Error::usage(format!(
            "{old_id} supersedes {new_id} already; superseding it back would make a cycle"
        )));
    }
    let superseded = check_supersedable(store, &old, Some(&new), force)?;
    let by = with(&old.front.superseded_by, new.id);
    let sup = with(&new.front.supersedes, old.id);
    store.apply(vec![
        (
            old,
            vec![
                ("status", Value::text(&superseded)),
                ("superseded-by", Value::ids(&by)),
            ],
        ),
        (new, vec![("supersedes", Value::ids(&sup))]),
    ])?;
    writeln!(ui.out, "{old_id} is superseded by {new_id}").map_err(stdout_err)
}

/// `git adr link A REL B`.
pub fn link(store: &Store, a: &str, relation: Relation, b: &str, ui: &mut Ui<'_>) -> Result<()> {
    store.workdir("link")?;
    if relation == Relation::Supersedes {
        return supersede(store, b, a, false, ui);
    }
    let (ra, rb) = pair(store, a, b, "link to")?;
    let (ida, idb) = (store.display_id(&ra), store.display_id(&rb));
    let (edit_a, edit_b, says) = match relation {
        Relation::Amends => {
            let amends = with(&ra.front.amends, rb.id);
            let by = with(&rb.front.amended_by, ra.id);
            let unchanged = amends == ra.front.amends && by == rb.front.amended_by;
            if unchanged {
                return writeln!(ui.out, "{ida} already amends {idb}: nothing changed")
                    .map_err(stdout_err);
            }
            (
                ("amends", Value::ids(&amends)),
                ("amended-by", Value::ids(&by)),
                "amends",
            )
        }
        Relation::Relates | Relation::Supersedes => {
            let ra_rel = with(&ra.front.relates, rb.id);
            let rb_rel = with(&rb.front.relates, ra.id);
            if ra_rel == ra.front.relates && rb_rel == rb.front.relates {
                return writeln!(ui.out, "{ida} already relates to {idb}: nothing changed")
                    .map_err(stdout_err);
            }
            (
                ("relates", Value::ids(&ra_rel)),
                ("relates", Value::ids(&rb_rel)),
                "relates to",
            )
        }
    };
    store.apply(vec![(ra, vec![edit_a]), (rb, vec![edit_b])])?;
    writeln!(ui.out, "{ida} {says} {idb}").map_err(stdout_err)
}
