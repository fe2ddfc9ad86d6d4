//! `git adr renumber OLD NEW` and `git adr renumber OLD --next`: move a record to a free number
//! and make every reference to it follow, all or nothing.
//!
//! What it does, and why:
//!
//! - **The file.** `0005-use-x.md` becomes `0006-use-x.md`: the same text after the number, the
//!   number written `id_width` wide. The new number must be free everywhere `git adr new` looks
//!   (work tree, index, every local and remote-tracking branch, and `HEAD`); an explicit NEW that
//!   is taken is refused, naming where it is taken. The edit lock is held from reading the
//!   records until the files are in place, so no concurrent `git adr` takes the number or edits
//!   them meanwhile.
//! - **References.** `supersedes`, `superseded-by`, `amends`, `amended-by` and `relates` in every
//!   record of the same kind are rewritten with surgical front-matter edits (only those lines
//!   change). Text in record bodies (`ADR-0005`, links to `0005-use-x.md`) is never rewritten —
//!   prose is the author's — but every mention is reported, with its line, so it can be checked.
//! - **Two files with one number** (two branches each took 5 and git merged both). OLD may then
//!   be the file itself (`.adr/decisions/0005-b.md`, or `0005-b`), and the ambiguity error says
//!   so, naming the file that is already on the default branch as the one to keep. A reference
//!   `5` in another record is ambiguous too. It is attributed by its other end: our links are
//!   written in pairs (`supersedes` ↔ `superseded-by`, `amends` ↔ `amended-by`, `relates` ↔
//!   `relates`), so a record X whose `supersedes: [5]` is matched by `superseded-by: [X]` in
//!   exactly one of the two files refers to that file. A reference to the moved file follows it;
//!   one to the other file stays; one that cannot be attributed (neither or both files point
//!   back) is left as it is and reported as a warning for the user to check. Inside the two
//!   files themselves, `5` can only mean the other one. This needs no history walk and holds
//!   for every link made by `new`, `supersede` and `link`; a branch-based guess ("records
//!   changed on the same branch") would be wrong for links added after the merge.
//! - **All or nothing.** Every record of the kind is read first (an unreadable one is an error:
//!   its references cannot be checked), every edit is computed and checked by parsing it again,
//!   and only then are the files written through one journaled [`Transaction`]: new contents in
//!   temporary files, a journal of the renames, then the renames; a kill at any point is
//!   finished or undone by the next `git adr` that takes the edit lock.
//! - **Symlinks.** A referencing record that is a symlink inside the repository is edited
//!   through the link, which stays a link (as lifecycle edits do). The record being moved is
//!   refused when it is a link: writing it under its new name would replace the link with a
//!   copy, and renaming only the link would leave its target under the old number.
//! - **The index.** When the file is tracked, its index entry moves to the new name as
//!   `git mv` does, so `git status` shows a rename; the staged content stays what it was, and
//!   the reference edits are left unstaged like every other edit git-adr makes. An untracked file
//!   leaves the index alone. The new index is written to a copy and put in place with the files,
//!   taking git's `index.lock` only for that rename: if another git holds it, nothing changes.
//!
//! The engine is split by concern: [`resolve`] finds the record OLD names (and reads every
//! record of its kind), [`number`] chooses the new number and checks it is free, [`plan`]
//! computes every edit before anything is written, and [`apply`] moves the index entry and
//! writes the files. Nothing here prints: the command renders the [`Outcome`].

mod apply;
mod number;
mod plan;
mod resolve;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::model::config::Kind;
use crate::store::Store;

pub use plan::Plan;

/// What the user asked for: `git adr renumber OLD [NEW | --next] [--kind KIND] [--dry-run]`.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The record to move: a number, a file name or a path.
    pub old: String,
    /// The new number, when given.
    pub new: Option<String>,
    /// Take the next free number instead.
    pub next: bool,
    /// The kind OLD is a number of, when not the one its prefix says.
    pub kind: Option<String>,
    /// Compute and describe the change, write nothing.
    pub dry_run: bool,
}

/// The record OLD names.
#[derive(Debug, Clone)]
pub struct Old {
    pub kind: Kind,
    /// Repo-relative path of its file.
    pub path: String,
    /// Said to the user before anything else: which of two files with one number moves, when
    /// git could tell.
    pub note: Option<String>,
}

/// What renumbering did (or, with `dry_run`, would do).
#[derive(Debug)]
pub struct Outcome {
    pub plan: Plan,
    /// The old and the new id, as shown (`ADR-0005`).
    pub shown_old: String,
    pub shown_new: String,
    pub old_path: String,
    pub new_path: String,
    /// The file was tracked: its index entry moved as `git mv` moves it.
    pub tracked: bool,
    /// Files whose reference edits are left unstaged (they had unstaged changes of their own).
    pub not_staged: Vec<String>,
    /// Mentions of the old number in record text, which is never rewritten.
    pub mentions: Vec<String>,
}

/// Finds the record `request.old` names (see [`resolve`]).
pub fn resolve(store: &Store, request: &Request) -> Result<Old> {
    let root = store.workdir("renumber")?.to_path_buf();
    resolve::resolve_old(store, &root, request)
}

/// Moves `old` to its new number and rewrites every reference to it, all or nothing; with
/// `request.dry_run`, only computes what that would do.
pub fn renumber(store: &Store, request: &Request, old: Old) -> Result<Outcome> {
    let root = store.workdir("renumber")?.to_path_buf();
    let Old {
        kind,
        path: old_path,
        ..
    } = old;
    // From reading the records until the files are in place, no other `git adr` may change
    // them or take the new number.
    let _lock = if request.dry_run {
        None
    } else {
        Some(store.lock()?)
    };
    let records = resolve::load_kind(store, &root, &kind)?;
    let moved = records
        .iter()
        .position(|r| r.path == old_path)
        .ok_or_else(|| Error::usage(format!("{old_path} is not a record")))?;
    let old_id = records[moved]
        .id
        .ok_or_else(|| Error::usage(format!("{old_path} has no number")))?;
    let abs_old = store.abs(&old_path)?;
    let meta = std::fs::symlink_metadata(&abs_old).map_err(|e| Error::io(&abs_old, e))?;
    if meta.file_type().is_symlink() {
        // Writing the renumbered record under its new name would replace the link with a copy
        // (forking the two), and renaming only the link would leave the file it points to
        // under its old number; which of the two the team means, only the team knows.
        return Err(Error::usage_hint(
            format!("{old_path} is a symlink; renumber moves regular files only, never a link"),
            "replace the link with the file itself (or rename the link with `git mv` and fix the references by hand)",
        ));
    }

    let new_id = number::choose_new(store, &root, &kind, request, old_id)?;
    let new_path = number::renamed_path(&old_path, new_id, store.config.id_width, kind.in_place());
    number::ensure_listed(store, &kind, &new_path, new_id)?;
    let plan = plan::plan(store, &kind, &records, moved, new_id, &new_path)?;
    let mentions = plan::mentions(store, &root, &kind, &records, moved, &new_path, &plan);
    let staging = apply::stage(store, &records, moved, &new_path, &plan)?;
    let (tracked, not_staged) = (staging.tracked, staging.not_staged.clone());
    if !request.dry_run {
        apply::write(store, abs_old, &new_path, &plan, staging)?;
    }
    Ok(Outcome {
        shown_old: store.config.id_text(&kind.name, old_id),
        shown_new: store.config.id_text(&kind.name, new_id),
        plan,
        old_path,
        new_path,
        tracked,
        not_staged,
        mentions,
    })
}

/// The repo-relative path an edit of the record at `path` writes ([`Store::edit_target`]): the
/// record itself, or the file inside the repository it is a symlink to. Its index entry is the
/// one to stage.
fn written_path(store: &Store, path: &str) -> Result<String> {
    let target = store.edit_target(path)?;
    if target == store.abs(path)? {
        return Ok(path.to_string());
    }
    let root = store.workdir("renumber")?;
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let rel = target
        .strip_prefix(&root)
        .map_err(|_| Error::usage(format!("{path} leads outside the repository")))?;
    Ok(rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}
