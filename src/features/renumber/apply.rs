//! Applying the plan: the index entry moves as `git mv` moves it and the reference edits are
//! staged with it (both prepared in memory), then the files are written and the index last,
//! through one [`Transaction`].

use std::path::{Path, PathBuf};

use super::Plan;
use crate::error::{Error, Result};
use crate::model::record::Record;
use crate::store::atomic::Transaction;
use crate::store::Store;

/// The index as it will be written, prepared in memory.
pub(super) struct Staging {
    index: git2::Index,
    /// The moved file was tracked.
    pub tracked: bool,
    /// Files whose edits stay unstaged, because they had staged changes of their own.
    pub not_staged: Vec<String>,
    /// Whether the index needs writing at all.
    changed: bool,
}

/// Moves the index entry of the moved record to `new_path` and stages the reference edits, in
/// memory. The reference edits are staged with the rename, so the next commit is never half a
/// renumbering. A file whose staged content differs from its work-tree content (someone is in
/// the middle of staging it) keeps the edit unstaged.
pub(super) fn stage(
    store: &Store,
    records: &[Record],
    moved: usize,
    new_path: &str,
    plan: &Plan,
) -> Result<Staging> {
    let git = &store.repo.git;
    let mut index = git
        .index()
        .map_err(|e| Error::git("reading the index", e))?;
    let tracked = move_index_entry(&mut index, &records[moved].path, new_path)?;
    let mut not_staged = Vec::new();
    if tracked
        && !stage_if_clean(
            git,
            &mut index,
            new_path,
            &records[moved].text,
            &plan.moved_text,
        )?
    {
        not_staged.push(new_path.to_string());
    }
    for (path, text) in &plan.writes {
        let Some(r) = records.iter().find(|r| &r.path == path) else {
            continue;
        };
        if index.get_path(Path::new(path), 0).is_some()
            && !stage_if_clean(git, &mut index, path, &r.text, text)?
        {
            not_staged.push(path.clone());
        }
    }
    let changed = tracked
        || plan
            .writes
            .iter()
            .any(|(p, _)| index.get_path(Path::new(p), 0).is_some());
    Ok(Staging {
        index,
        tracked,
        not_staged,
        changed,
    })
}

/// Writes the plan: the moved file under its new name, the edited records, and the index last.
/// Any failure puts every file back.
pub(super) fn write(
    store: &Store,
    abs_old: PathBuf,
    new_path: &str,
    plan: &Plan,
    mut staging: Staging,
) -> Result<()> {
    let mut tx = Transaction::new();
    tx.rename(
        abs_old,
        store.abs(new_path)?,
        plan.moved_text.clone().into_bytes(),
    );
    for (path, text) in &plan.writes {
        tx.write(store.abs(path)?, text.clone().into_bytes());
    }
    tx.commit_with(|| {
        if staging.changed {
            staging
                .index
                .write()
                .map_err(|e| Error::git("writing the index", e))?;
        }
        Ok(())
    })
}

/// Stages `new_text` as the content of `path` when what is staged there is `original` (the
/// work-tree content before the edit). Returns false, changing nothing, otherwise.
fn stage_if_clean(
    git: &git2::Repository,
    index: &mut git2::Index,
    path: &str,
    original: &str,
    new_text: &str,
) -> Result<bool> {
    let Some(mut entry) = index.get_path(Path::new(path), 0) else {
        return Ok(false);
    };
    let staged = git
        .find_blob(entry.id)
        .map_err(|e| Error::git("reading the index", e))?;
    if staged.content() != original.as_bytes() {
        return Ok(false);
    }
    entry.id = git
        .blob(new_text.as_bytes())
        .map_err(|e| Error::git("writing a blob", e))?;
    entry.file_size = new_text.len() as u32;
    entry.mtime = git2::IndexTime::new(0, 0);
    entry.ctime = git2::IndexTime::new(0, 0);
    index
        .add(&entry)
        .map_err(|e| Error::git("updating the index", e))?;
    Ok(true)
}

/// Moves the index entry of `old` to `new` in memory, as `git mv` does: the staged content and
/// mode stay. Returns whether `old` was tracked. The stat data is cleared so that git compares
/// the content of the new file rather than trust a size and time that belonged to the old one.
fn move_index_entry(index: &mut git2::Index, old: &str, new: &str) -> Result<bool> {
    let stage = |e: &git2::IndexEntry| (e.flags >> 12) & 0x3;
    if index
        .iter()
        .any(|e| e.path == old.as_bytes() && stage(&e) != 0)
    {
        return Err(Error::usage_hint(
            format!("{old} has merge conflicts in the index"),
            format!("resolve them and `git add {old}` first, then renumber"),
        ));
    }
    if index.get_path(Path::new(new), 0).is_some() {
        return Err(Error::usage(format!("{new} is already in the index")));
    }
    let Some(mut entry) = index.get_path(Path::new(old), 0) else {
        return Ok(false);
    };
    entry.path = new.as_bytes().to_vec();
    entry.flags = (entry.flags & !0x0fff) | (new.len().min(0x0fff) as u16);
    entry.ctime = git2::IndexTime::new(0, 0);
    entry.mtime = git2::IndexTime::new(0, 0);
    entry.dev = 0;
    entry.ino = 0;
    entry.uid = 0;
    entry.gid = 0;
    entry.file_size = 0;
    index
        .remove_path(Path::new(old))
        .map_err(|e| Error::git("updating the index", e))?;
    index
        .add(&entry)
        .map_err(|e| Error::git("updating the index", e))?;
    Ok(true)
}
