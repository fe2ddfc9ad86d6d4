//! Applying the plan: the index entry moves as `git mv` moves it and the reference edits are
//! staged with it (both prepared in a copy of the index), then the files and the index are put
//! in place through one journaled [`Transaction`]: all of it or none, even across a kill, and
//! git's `index.lock` is held only for the renames (and is recognisably ours if a kill leaves
//! it: the next run removes or completes it).

use std::path::PathBuf;

use super::Plan;
use crate::error::Result;
use crate::git::index::IndexEdit;
use crate::model::record::Record;
use crate::store::atomic::{IndexSwap, Transaction};
use crate::store::Store;

/// The index as it will be written, prepared in memory.
pub(super) struct Staging<'r> {
    index: IndexEdit<'r>,
    /// The moved file was tracked.
    pub tracked: bool,
    /// Files whose edits stay unstaged, because they had unstaged changes of their own.
    pub not_staged: Vec<String>,
    /// Whether the index needs writing at all.
    changed: bool,
}

/// Moves the index entry of the moved record to `new_path` and stages the reference edits, in
/// memory. The reference edits are staged with the rename, so the next commit is never half a
/// renumbering. A file whose staged content differs from its work-tree content (someone is in
/// the middle of staging it) keeps the edit unstaged.
pub(super) fn stage<'r>(
    store: &'r Store,
    records: &[Record],
    moved: usize,
    new_path: &str,
    plan: &Plan,
) -> Result<Staging<'r>> {
    let mut index = IndexEdit::open(&store.repo)?;
    let tracked = index.move_entry(&records[moved].path, new_path)?;
    let mut not_staged = Vec::new();
    if tracked && !index.stage_if_unchanged(new_path, &records[moved].text, &plan.moved_text)? {
        not_staged.push(new_path.to_string());
    }
    let mut changed = tracked;
    for (path, text) in &plan.writes {
        let Some(r) = records.iter().find(|r| &r.path == path) else {
            continue;
        };
        // A symlinked record's edit is staged where it is written: the file it links to.
        let path = &super::written_path(store, path)?;
        changed |= index.has(path);
        if index.has(path) && !index.stage_if_unchanged(path, &r.text, text)? {
            not_staged.push(path.clone());
        }
    }
    Ok(Staging {
        index,
        tracked,
        not_staged,
        changed,
    })
}

/// Writes the plan: the moved file under its new name, the edited records, and the index, all
/// or nothing.
pub(super) fn write(
    store: &Store,
    abs_old: PathBuf,
    new_path: &str,
    plan: &Plan,
    staging: Staging<'_>,
) -> Result<()> {
    let mut tx = Transaction::new();
    tx.rename(
        abs_old,
        store.abs(new_path)?,
        plan.moved_text.clone().into_bytes(),
    );
    // A referencing record that is a symlink inside the repository is edited through the link,
    // which stays a link, as every lifecycle edit does.
    for (path, text) in &plan.writes {
        tx.write(store.edit_target(path)?, text.clone().into_bytes());
    }
    let index = match staging.changed {
        true => {
            let written = staging.index.write()?;
            Some(IndexSwap {
                new: written.new,
                base: written.base,
                path: written.path,
            })
        }
        false => None,
    };
    store.commit(tx, index)
}
