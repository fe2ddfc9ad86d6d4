//! `status`, `accept`, `reject`, `deprecate`, `supersede`, `link`: find the records, call the
//! lifecycle engine ([`crate::features::lifecycle`]), say what it did.

use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::features::lifecycle::{self, Outcome};
use crate::model::record::status::Role;
use crate::model::record::Relation;
use crate::store::Store;

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
    say(lifecycle::move_to(store, record, to, force)?, ui)
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
    let to = lifecycle::status_with_role(store, &record, role)?;
    say(lifecycle::move_to(store, record, &to, force)?, ui)
}

/// `git adr supersede OLD NEW`.
pub fn supersede(store: &Store, old: &str, new: &str, force: bool, ui: &mut Ui<'_>) -> Result<()> {
    store.workdir("supersede")?;
    say(lifecycle::supersede(store, old, new, force)?, ui)
}

/// `git adr link A REL B`.
pub fn link(store: &Store, a: &str, relation: Relation, b: &str, ui: &mut Ui<'_>) -> Result<()> {
    store.workdir("link")?;
    say(lifecycle::link(store, a, relation, b)?, ui)
}

/// One line: what changed, or that nothing did.
fn say(outcome: Outcome, ui: &mut Ui<'_>) -> Result<()> {
    let line = match outcome {
        Outcome::Moved { id, from, to } => format!("{id}: {from} → {to}"),
        Outcome::AlreadyIn { id, status } => format!("{id} is already {status}: nothing changed"),
        Outcome::Related { a, relation, b } => match relation {
            Relation::Supersedes => format!("{b} is superseded by {a}"),
            _ => format!("{a} {} {b}", phrase(relation)),
        },
        Outcome::AlreadyRelated { a, relation, b } => match relation {
            Relation::Supersedes => format!("{b} is already superseded by {a}: nothing changed"),
            _ => format!("{a} already {} {b}: nothing changed", phrase(relation)),
        },
    };
    writeln!(ui.out, "{line}").map_err(stdout_err)
}

/// How a sentence says `relation` (`amends`, `relates to`).
fn phrase(relation: Relation) -> &'static str {
    match relation {
        Relation::Relates => "relates to",
        other => other.key(),
    }
}
