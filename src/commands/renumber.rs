//! `git adr renumber OLD NEW` and `git adr renumber OLD --next`: move a record to a free number
//! and make every reference to it follow, all or nothing.
//!
//! What it does, and why:
//!
//! - **The file.** `0005-use-x.md` becomes `0006-use-x.md`: the same text after the number, the
//!   number written `id_width` wide. The new number must be free everywhere `git adr new` looks
//!   (work tree, index, every local and remote-tracking branch, and `HEAD`); an explicit NEW that
//!   is taken is refused, naming where it is taken. The id lock is held from choosing the number
//!   until the files are in place, so a concurrent `git adr new` cannot take it meanwhile.
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
//!   and only then are the files written through one [`Transaction`]: new contents in temporary
//!   files, then renamed into place, undone on any failure.
//! - **The index.** When the file is tracked, its index entry moves to the new name as
//!   `git mv` does, so `git status` shows a rename; the staged content stays what it was, and
//!   the reference edits are left unstaged like every other edit git-adr makes. An untracked file
//!   leaves the index alone. The index is written last, inside the transaction: if it cannot be
//!   written (another git holds `index.lock`), the files are put back too.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cli::RenumberArgs;
use crate::commands::stdout_err;
use crate::error::{Error, RecordError, Result};
use crate::git::source::Source;
use crate::model::config::Kind;
use crate::model::record::frontmatter::{self, FrontMatter, Value};
use crate::model::record::{Id, Record};
use crate::store::atomic::Transaction;
use crate::store::paths::repo_path_from_arg;
use crate::store::{is_record_name, Store};
use crate::text::term::term;
use crate::Ui;

/// The link keys that hold record numbers, each with the key that holds the other end.
const LINK_KEYS: [(&str, &str); 5] = [
    ("supersedes", "superseded-by"),
    ("superseded-by", "supersedes"),
    ("amends", "amended-by"),
    ("amended-by", "amends"),
    ("relates", "relates"),
];

fn links<'a>(front: &'a FrontMatter, key: &str) -> &'a [Id] {
    match key {
        "supersedes" => &front.supersedes,
        "superseded-by" => &front.superseded_by,
        "amends" => &front.amends,
        "amended-by" => &front.amended_by,
        _ => &front.relates,
    }
}

pub fn run(store: &Store, args: RenumberArgs, ui: &mut Ui<'_>) -> Result<()> {
    let root = store.workdir("renumber")?.to_path_buf();
    let (kind, old_path) = resolve_old(store, &root, &args)?;
    let records = load_kind(store, &root, &kind)?;
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
        return Err(Error::usage_hint(
            format!("{old_path} is a symlink; renumber moves regular files only"),
            "replace the link with the file itself",
        ));
    }

    // From choosing the number until the new file exists, no other `git adr` may take it.
    let _lock = if args.dry_run {
        None
    } else {
        Some(store.lock()?)
    };
    let new_id = choose_new(store, &root, &kind, &args, old_id)?;
    let new_path = renamed_path(&old_path, new_id, store.config.id_width, kind.in_place());
    let plan = plan(store, &kind, &records, moved, new_id, &new_path)?;
    // Mentions are looked for in the texts as they will be, so rewritten links do not count.
    let planned: std::collections::HashMap<&str, &str> = plan
        .writes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .chain([(old_path.as_str(), plan.moved_text.as_str())])
        .collect();
    let mentions = mentions(store, &root, &kind, &records, moved, &new_path, &planned);

    // The index entry moves like `git mv` moves it; prepared in memory now, written last.
    let mut index = store
        .repo
        .git
        .index()
        .map_err(|e| Error::git("reading the index", e))?;
    let tracked = move_index_entry(&mut index, &old_path, &new_path)?;
    // The reference edits are staged with the rename, so the next commit is never half a
    // renumbering. A file whose staged content differs from its work-tree content (someone is
    // in the middle of staging it) keeps the edit unstaged, and is named in a warning.
    let mut not_staged = Vec::new();
    let git = &store.repo.git;
    if tracked
        && !stage_if_clean(
            git,
            &mut index,
            &new_path,
            &records[moved].text,
            &plan.moved_text,
        )?
    {
        not_staged.push(new_path.clone());
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
    let index_changed = tracked
        || plan
            .writes
            .iter()
            .any(|(p, _)| index.get_path(Path::new(p), 0).is_some());

    let mut out = describe(
        &plan,
        &store.config.id_text(&kind.name, old_id),
        &store.config.id_text(&kind.name, new_id),
        (&old_path, &new_path),
        tracked,
        args.dry_run,
    );
    if !args.dry_run {
        let mut tx = Transaction::new();
        tx.rename(
            abs_old,
            store.abs(&new_path)?,
            plan.moved_text.clone().into_bytes(),
        );
        for (path, text) in &plan.writes {
            tx.write(store.abs(path)?, text.clone().into_bytes());
        }
        tx.commit_with(|| {
            if index_changed {
                index
                    .write()
                    .map_err(|e| Error::git("writing the index", e))?;
            }
            Ok(())
        })?;
    } else {
        out.push_str("dry run: nothing was changed\n");
    }
    write!(ui.out, "{}", term(&out)).map_err(stdout_err)?;
    for path in &not_staged {
        ui.warn(&format!("{path} has staged changes of its own, so its reference edits are left unstaged: `git add {path}` when it is ready"));
    }
    for warning in plan.ambiguous.iter().chain(&mentions) {
        ui.warn(warning);
    }
    Ok(())
}

/// What renumbering does (or, with `dry_run`, would do), as the lines printed on stdout.
fn describe(
    plan: &Plan,
    shown_old: &str,
    shown_new: &str,
    paths: (&str, &str),
    tracked: bool,
    dry_run: bool,
) -> String {
    let (renamed, updated) = if dry_run {
        ("would rename", "would update")
    } else {
        ("renamed", "updated")
    };
    let mut out = String::new();
    let summary = plan.updated_summary();
    out.push_str(&format!(
        "{renamed} {} → {} ({shown_old} → {shown_new}); {}\n",
        paths.0,
        paths.1,
        if summary.is_empty() {
            format!("no record refers to {shown_old}")
        } else {
            format!("{updated} references in {summary}")
        }
    ));
    if tracked {
        out.push_str(&format!(
            "{} the rename and the reference edits in the index, as `git mv` would\n",
            if dry_run { "would stage" } else { "staged" }
        ));
    }
    if dry_run {
        for change in &plan.changes {
            out.push_str(&format!(
                "{}:{} ({} {}):\n",
                change.path, change.line, change.record, change.key
            ));
            for l in &change.removed {
                out.push_str(&format!("  - {l}\n"));
            }
            for l in &change.added {
                out.push_str(&format!("  + {l}\n"));
            }
        }
    }
    let keep = if dry_run { "would keep" } else { "kept" };
    for kept in &plan.kept {
        out.push_str(&format!("{keep} {kept}\n"));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Which record: OLD
// ---------------------------------------------------------------------------------------------

/// The kind and repo-relative path of the record OLD names: a number (`5`, `ADR-0005`, `LOG-3`),
/// a file name without its directory (`0005-b`, `0005-b.md`), or a path (`.adr/decisions/0005-b.md`,
/// relative to the current directory or the repository's root).
fn resolve_old(store: &Store, root: &Path, args: &RenumberArgs) -> Result<(Kind, String)> {
    let wanted = match &args.kind {
        Some(k) => Some(store.config.kind(k)?),
        None => None,
    };
    let old = args.old.trim();
    let example_new = args.new.as_deref().unwrap_or("--next");

    if old.contains('/') || old.contains(std::path::MAIN_SEPARATOR) {
        let mut rel = repo_path_from_arg(root, old);
        if std::fs::symlink_metadata(root.join(&rel)).is_err() {
            // Typed from a subdirectory but relative to the root, as `git adr` prints paths.
            let from_root = old.trim_start_matches("./").to_string();
            if std::fs::symlink_metadata(root.join(&from_root)).is_ok() {
                rel = from_root;
            }
        }
        let dirs = || {
            store
                .config
                .kinds
                .values()
                .filter(|k| k.numbered)
                .map(|k| format!("{}/", k.path()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let kind = store.config.kind_of_path(&rel).ok_or_else(|| {
            Error::usage_hint(
                format!("{old} is not in a records directory"),
                format!("numbered records live in {}", dirs()),
            )
        })?;
        if let Some(w) = wanted {
            if w.name != kind.name {
                return Err(Error::usage(format!(
                    "{rel} is a {} record, not a {} record",
                    kind.name, w.name
                )));
            }
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if !kind.numbered || !is_record_name(kind, name) {
            return Err(Error::usage_hint(
                format!("{rel} is not a numbered record file"),
                format!("numbered records are named NNNN-title.md in {}", dirs()),
            ));
        }
        if std::fs::symlink_metadata(root.join(&rel)).is_err() {
            return Err(Error::usage_hint(
                format!("{rel} does not exist"),
                "`git adr list` shows the records there are",
            ));
        }
        return Ok((kind.clone(), rel));
    }

    let kind = match wanted {
        Some(k) => k,
        // The same reading of `LOG-3` / `XYZ-2` as every other command; a bare number is an ADR.
        None => match store.kind_of_prefix(old)? {
            Some(k) => k,
            None => store.config.kind("adr")?,
        },
    };
    if !kind.numbered {
        return Err(Error::usage(format!(
            "{} records have no numbers: there is nothing to renumber",
            kind.name
        )));
    }
    let (id, slug) = match Id::parse_ref(old) {
        Some(id) => (id, None),
        None => match Id::from_file_name(&format!("{}.md", old.trim_end_matches(".md"))) {
            Some((id, slug)) if !slug.is_empty() => (id, Some(slug.to_string())),
            _ => {
                return Err(Error::usage_hint(
                    format!("`{old}` is not a record id or file"),
                    format!(
                        "give the number ({}, or 2) or, when two files share it, the file \
                         ({}/0002-title.md)",
                        Id(2).display(&kind.prefix, store.config.id_width),
                        kind.path()
                    ),
                ))
            }
        },
    };
    let dir = kind.path();
    let mut matches = Vec::new();
    for entry in store.record_files(&Source::WorkTree(root.to_path_buf()), kind)? {
        if !entry.utf8 {
            continue;
        }
        let (i, s) = crate::model::record::id_and_slug(&entry.path);
        if i == Some(id) && slug.as_deref().is_none_or(|want| want == s) {
            matches.push(entry.path);
        }
    }
    let shown = match &slug {
        Some(_) => old.to_string(),
        None => id.display(&kind.prefix, store.config.id_width),
    };
    match matches.len() {
        0 => Err(Error::usage_hint(
            format!("no {} record {shown} in {dir}/", kind.name),
            "`git adr list` shows the records there are",
        )),
        1 => Ok((kind.clone(), matches.remove(0))),
        // Two files after a merge, and git can tell which was there first: move the other.
        2 => match keeper(store, &matches) {
            Some((keep, place)) => {
                let other = matches
                    .iter()
                    .find(|p| **p != keep)
                    .cloned()
                    .unwrap_or_default();
                eprintln!("note: {shown} is used by {keep} and {other}; {keep} was there first ({place}), so {other} moves");
                Ok((kind.clone(), other))
            }
            None => Err(ambiguous_old(store, &shown, &matches, example_new)),
        },
        _ => Err(ambiguous_old(store, &shown, &matches, example_new)),
    }
}

/// The error for a number that several files share after a merge: it lists them and gives the
/// command that moves one of them, naming the one to keep when git can tell.
fn ambiguous_old(store: &Store, shown: &str, paths: &[String], example_new: &str) -> Error {
    let keeper = keeper(store, paths);
    let to_move = match &keeper {
        Some((keep, _)) => paths.iter().find(|p| *p != keep),
        None => paths.last(),
    }
    .cloned()
    .unwrap_or_default();
    let why = match &keeper {
        Some((keep, place)) => format!(
            "; {keep} was there first ({place}), so it keeps its number{}",
            if paths.len() > 2 {
                "; run it once for each of the others"
            } else {
                ""
            }
        ),
        None => "; keep the one that is already on the default branch, move the others".to_string(),
    };
    Error::usage_hint(
        format!(
            "{shown} is ambiguous: {} files have that number: {}",
            paths.len(),
            paths.join(", ")
        ),
        format!("say which file to move: `git adr renumber {to_move} {example_new}`{why}"),
    )
}

/// Which of several files with one number is the established one: the only one of them on the
/// default branch (its remote-tracking branch first), or, in a merge commit, the only one the
/// first parent had. The first of those places that has exactly one of them decides.
fn keeper(store: &Store, paths: &[String]) -> Option<(String, String)> {
    let git = &store.repo.git;
    let mut places: Vec<(String, git2::Tree<'_>)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    if let Ok(r) = git.find_reference("refs/remotes/origin/HEAD") {
        if let Some(t) = r.symbolic_target() {
            names.push(t.to_string());
        }
    }
    for n in [
        "refs/remotes/origin/main",
        "refs/remotes/origin/master",
        "refs/heads/main",
        "refs/heads/master",
    ] {
        names.push(n.to_string());
    }
    for name in names {
        if let Ok(tree) = git.find_reference(&name).and_then(|r| r.peel_to_tree()) {
            let short = name
                .strip_prefix("refs/remotes/")
                .or_else(|| name.strip_prefix("refs/heads/"))
                .unwrap_or(&name)
                .to_string();
            places.push((format!("on {short}"), tree));
        }
    }
    if let Ok(head) = git.head().and_then(|h| h.peel_to_commit()) {
        if head.parent_count() > 1 {
            if let Ok(tree) = head.parent(0).and_then(|p| p.tree()) {
                places.push(("on this branch before the merge".into(), tree));
            }
        }
    }
    places.into_iter().find_map(|(place, tree)| {
        let present: Vec<&String> = paths
            .iter()
            .filter(|p| tree.get_path(Path::new(p.as_str())).is_ok())
            .collect();
        match present.as_slice() {
            [one] if paths.len() > 1 => Some(((*one).clone(), place)),
            _ => None,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Reading the records
// ---------------------------------------------------------------------------------------------

/// Every record of `kind` in the work tree. Any file that cannot be read is an error: its
/// references could not be checked, and renumbering must not leave one behind.
fn load_kind(store: &Store, root: &Path, kind: &Kind) -> Result<Vec<Record>> {
    let (records, errors) = read_kind(store, root, kind)?;
    if let Some(first) = errors.first() {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more unreadable records)", n - 1),
        };
        let err = RecordError::new(
            &first.location.path,
            first.location.line,
            format!(
                "{}{more}; renumber reads every {} record to rewrite references, so nothing was changed",
                first.message, kind.name
            ),
        );
        let hint = first.hint.clone().unwrap_or_else(|| {
            "fix the file (`git adr list` shows what is wrong), then run renumber again".into()
        });
        return Err(err.with_hint(hint).into());
    }
    Ok(records)
}

fn read_kind(store: &Store, root: &Path, kind: &Kind) -> Result<(Vec<Record>, Vec<RecordError>)> {
    let source = Source::WorkTree(root.to_path_buf());
    let (mut records, mut errors) = (Vec::new(), Vec::new());
    // The store's reading: an existing folder's records in their own formats, sub-folders too.
    for entry in store.record_files(&source, kind)? {
        let path = entry.path;
        if !entry.utf8 {
            errors.push(
                RecordError::new(&path, None, "file name is not valid UTF-8")
                    .with_hint("rename the file to NNNN-title.md with plain characters"),
            );
            continue;
        }
        match source
            .read(&path)
            .and_then(|bytes| store.parse(kind, &path, bytes))
        {
            Ok(r) => records.push(r),
            Err(e) => errors.push(e),
        }
    }
    Ok((records, errors))
}

// ---------------------------------------------------------------------------------------------
// The new number: NEW or --next
// ---------------------------------------------------------------------------------------------

fn choose_new(store: &Store, root: &Path, kind: &Kind, args: &RenumberArgs, old: Id) -> Result<Id> {
    let shown_old = store.config.id_text(&kind.name, old);
    let new = match (&args.new, args.next) {
        (_, true) => store.next_id(kind)?,
        (Some(text), false) => Id::parse_ref(text).ok_or_else(|| {
            Error::usage_hint(
                format!("`{text}` is not a record number"),
                "give a number such as 6 (or ADR-0006), or --next for the next free one",
            )
        })?,
        (None, false) => {
            return Err(Error::usage_hint(
                "the new number is missing",
                format!("give it (`git adr renumber {} 6`) or use --next", args.old),
            ))
        }
    };
    if new == old {
        return Err(Error::usage_hint(
            format!("{shown_old} already has number {}", old.0),
            "give another number, or --next for the next free one",
        ));
    }
    if !args.next {
        let taken = taken_at(store, root, kind, new)?;
        if !taken.is_empty() {
            let places = taken
                .iter()
                .map(|(name, places)| format!("{name} ({})", places.join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
            let next = store.next_id(kind)?;
            return Err(Error::usage_hint(
                format!(
                    "{} is taken: {places}",
                    store.config.id_text(&kind.name, new)
                ),
                format!(
                    "choose a free number, or use --next (the next free one is {})",
                    store.config.id_text(&kind.name, next)
                ),
            ));
        }
    }
    Ok(new)
}

/// Where number `id` of `kind` is already used: file name → places (the work tree, the index,
/// `HEAD`, each local and remote-tracking branch). The same places `git adr new` avoids; only
/// names are read.
fn taken_at(
    store: &Store,
    root: &Path,
    kind: &Kind,
    id: Id,
) -> Result<BTreeMap<String, Vec<String>>> {
    let dir = kind.path();
    let has_id = |name: &str| Id::from_file_name(name).is_some_and(|(i, _)| i == id);
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |name: &str, place: &str| {
        let places = found.entry(name.to_string()).or_default();
        if !places.iter().any(|p| p == place) {
            places.push(place.to_string());
        }
    };
    for entry in Source::WorkTree(root.to_path_buf()).list(&dir)? {
        if has_id(&entry.name) {
            add(&entry.name, "work tree");
        }
    }
    let git = &store.repo.git;
    let index = git
        .index()
        .map_err(|e| Error::git("reading the index", e))?;
    let prefix = format!("{dir}/");
    for entry in index.iter() {
        if let Some(name) = entry.path.strip_prefix(prefix.as_bytes()) {
            if let Ok(name) = std::str::from_utf8(name) {
                if !name.contains('/') && has_id(name) {
                    add(name, "index");
                }
            }
        }
    }
    // Each distinct records directory is listed once, however many branches share it.
    let mut listed: BTreeMap<git2::Oid, Vec<String>> = BTreeMap::new();
    let mut in_tree = |tree: &git2::Tree<'_>| -> Vec<String> {
        let Ok(entry) = tree.get_path(Path::new(&dir)) else {
            return Vec::new();
        };
        listed
            .entry(entry.id())
            .or_insert_with(|| {
                let Ok(object) = entry.to_object(git) else {
                    return Vec::new();
                };
                let Some(sub) = object.as_tree() else {
                    return Vec::new();
                };
                sub.iter()
                    .filter_map(|i| i.name().map(str::to_string))
                    .filter(|n| has_id(n))
                    .collect()
            })
            .clone()
    };
    let detached = git.head_detached().unwrap_or(false);
    if detached {
        if let Ok(tree) = git.head().and_then(|h| h.peel_to_tree()) {
            for name in in_tree(&tree) {
                add(&name, "HEAD");
            }
        }
    }
    let refs = git
        .references()
        .map_err(|e| Error::git("listing branches", e))?;
    for reference in refs.flatten() {
        let Some(full) = reference.name() else {
            continue;
        };
        let place = if let Some(b) = full.strip_prefix("refs/heads/") {
            format!("branch {b}")
        } else if let Some(b) = full.strip_prefix("refs/remotes/") {
            b.to_string()
        } else {
            continue;
        };
        if reference.kind() == Some(git2::ReferenceType::Symbolic) {
            continue; // origin/HEAD names a branch that is visited anyway
        }
        let Ok(tree) = reference.peel_to_tree() else {
            continue;
        };
        for name in in_tree(&tree) {
            add(&name, &place);
        }
    }
    Ok(found)
}

/// `0005-use-x.md` with number `new`: the same text after the number, the number `width` wide.
fn renamed_path(old_path: &str, new: Id, width: usize, in_place: bool) -> String {
    let (dir, name) = old_path.rsplit_once('/').unwrap_or(("", old_path));
    // `adr-016-x.md` keeps its prefix (and an existing folder its numbers' width).
    let (prefix, digits) = crate::model::record::numbering(name);
    let rest = &name[prefix.len()..];
    let width = if in_place { digits.max(1) } else { width };
    let name = format!("{prefix}{:0width$}{}", new.0, &rest[digits..]);
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

// ---------------------------------------------------------------------------------------------
// The edits
// ---------------------------------------------------------------------------------------------

/// One front-matter edit, as shown by `--dry-run`.
struct Change {
    path: String,
    line: usize,
    record: String,
    key: &'static str,
    removed: Vec<String>,
    added: Vec<String>,
}

/// Everything renumbering changes, computed before anything is written.
struct Plan {
    /// The moved record's content under its new name.
    moved_text: String,
    /// New contents of the other records whose references change.
    writes: Vec<(String, String)>,
    /// The front-matter edits, in file order.
    changes: Vec<Change>,
    /// References to the old number that mean the other file with that number, and stay.
    kept: Vec<String>,
    /// References that cannot be attributed to either file with the old number: left as they
    /// are, and reported.
    ambiguous: Vec<String>,
}

impl Plan {
    /// `ADR-0007 (supersedes), ADR-0008 (amends, relates)`.
    fn updated_summary(&self) -> String {
        let mut by_record: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in &self.changes {
            match by_record.iter_mut().find(|(r, _)| *r == c.record) {
                Some((_, keys)) => keys.push(c.key),
                None => by_record.push((&c.record, vec![c.key])),
            }
        }
        by_record
            .iter()
            .map(|(r, keys)| format!("{r} ({})", keys.join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which record a reference to the old number means.
enum Meaning {
    /// The record being moved: the reference follows it.
    Moved,
    /// Another record with the same number (with the reason it is that one): it stays.
    Other(usize, String),
    /// Cannot tell between these records.
    Ambiguous(Vec<usize>),
}

fn plan(
    store: &Store,
    kind: &Kind,
    records: &[Record],
    moved: usize,
    new_id: Id,
    new_path: &str,
) -> Result<Plan> {
    let old_id = records[moved].id.unwrap_or(Id(0));
    let same_number: Vec<usize> = (0..records.len())
        .filter(|&i| records[i].id == Some(old_id))
        .collect();
    let shown = |i: usize| {
        records[i].id.map_or_else(
            || records[i].slug.clone(),
            |id| store.config.id_text(&kind.name, id),
        )
    };
    let mut plan = Plan {
        moved_text: records[moved].text.clone(),
        writes: Vec::new(),
        changes: Vec::new(),
        kept: Vec::new(),
        ambiguous: Vec::new(),
    };
    for (ri, r) in records.iter().enumerate() {
        // The moved record is shown under its new name and number.
        let (path, record) = if ri == moved {
            (
                new_path.to_string(),
                store.config.id_text(&kind.name, new_id),
            )
        } else {
            (r.path.clone(), shown(ri))
        };
        let mut text = r.text.clone();
        for (key, inverse) in LINK_KEYS {
            let list = links(&r.front, key);
            if !list.contains(&old_id) {
                continue;
            }
            let line = r.key_line(key);
            let others: Vec<usize> = same_number.iter().copied().filter(|&c| c != ri).collect();
            let meaning = match others.as_slice() {
                // Only the moved record has the number, and this is it: a self-reference.
                [] => Meaning::Moved,
                [only] if *only == moved => Meaning::Moved,
                // Inside a file with the duplicated number, the number means the other file.
                [only] => Meaning::Other(*only, format!("the other record numbered {}", old_id.0)),
                many => {
                    let back: Vec<usize> = many
                        .iter()
                        .copied()
                        .filter(|&c| {
                            r.id.is_some_and(|rid| links(&records[c].front, inverse).contains(&rid))
                        })
                        .collect();
                    match back.as_slice() {
                        [one] if *one == moved => Meaning::Moved,
                        [one] => {
                            Meaning::Other(*one, format!("which lists {record} in `{inverse}`"))
                        }
                        _ => Meaning::Ambiguous(many.to_vec()),
                    }
                }
            };
            match meaning {
                Meaning::Moved => {
                    let mut new_list: Vec<Id> = Vec::with_capacity(list.len());
                    for id in list {
                        let id = if *id == old_id { new_id } else { *id };
                        if !new_list.contains(&id) {
                            new_list.push(id);
                        }
                    }
                    let in_yaml = r.format == crate::model::record::Format::FrontMatter
                        && r.key_lines.iter().any(|(k, _)| k == key);
                    let edited = if kind.in_place() && !in_yaml {
                        // Written as links in the body (or a MADR status): point them at the
                        // record's new number and file.
                        let from_dir = r.path.rsplit_once('/').map_or("", |(d, _)| d);
                        let href = crate::store::relative_link(from_dir, new_path);
                        let display = store.config.id_text(&kind.name, new_id);
                        Ok(crate::model::record::formats::relink(
                            &text, old_id, new_id, &href, &display,
                        ))
                    } else {
                        frontmatter::set_key(&text, key, &Value::ids(&new_list))
                    };
                    let edited = edited.map_err(|e: frontmatter::FrontMatterError| {
                            RecordError::new(
                                &r.path,
                                e.line,
                                format!("cannot rewrite `{key}`: {}", e.message),
                            )
                            .with_hint(
                                "fix the front matter, or edit the reference by hand; nothing was changed",
                            )
                        })?;
                    let (at, removed, added) = line_diff(&text, &edited, key);
                    plan.changes.push(Change {
                        path: path.clone(),
                        line: at,
                        record: record.clone(),
                        key,
                        removed,
                        added,
                    });
                    text = edited;
                }
                Meaning::Other(other, why) => plan.kept.push(format!(
                    "{path}:{line} ({record} {key}: {}): it means {}, {why}",
                    old_id.0, records[other].path
                )),
                Meaning::Ambiguous(candidates) => plan.ambiguous.push(format!(
                    "{path}:{line}: {record} {key}: {} could mean {}; left as it is, check it",
                    old_id.0,
                    candidates
                        .iter()
                        .map(|&c| records[c].path.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            }
        }
        if ri == moved {
            // adr-tools titles carry the number (`# 2. Title`): it moves with the file.
            if r.title_number == Some(old_id.0) {
                let retitled = renumber_title(&text, r.title_line, old_id, new_id);
                let line_of = |t: &str| {
                    t.lines()
                        .nth(r.title_line.saturating_sub(1))
                        .unwrap_or_default()
                        .to_string()
                };
                if retitled != text {
                    plan.changes.push(Change {
                        path: path.clone(),
                        line: r.title_line,
                        record: record.clone(),
                        key: "title",
                        removed: vec![line_of(&text)],
                        added: vec![line_of(&retitled)],
                    });
                }
                text = retitled;
            }
            plan.moved_text = text;
        } else if text != r.text {
            plan.writes.push((r.path.clone(), text));
        }
    }
    Ok(plan)
}

/// The title line (1-based `line`) with its number `old` replaced by `new`.
fn renumber_title(text: &str, line: usize, old: Id, new: Id) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let hashes = l.len() - l.trim_start_matches('#').len();
        let after = &l[hashes..];
        let spaces = after.len() - after.trim_start().len();
        let rest = &after[spaces..];
        let old_digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        // `# ADR-018: Title` keeps its letters and width.
        let token_len = rest.find([':', '.']).unwrap_or(0);
        let token = crate::model::record::formats::renumber_ref(&rest[..token_len], old, new);
        if i + 1 == line && old_digits.parse::<u32>().ok() == Some(old.0) {
            out.push_str(&l[..hashes + spaces]);
            out.push_str(&new.0.to_string());
            out.push_str(&rest[old_digits.len()..]);
        } else if let (true, Some(t)) = (i + 1 == line, token) {
            out.push_str(&l[..hashes + spaces]);
            out.push_str(&t);
            out.push_str(&rest[token_len..]);
        } else {
            out.push_str(l);
        }
    }
    out
}

/// The first changed line (1-based) and the lines removed and added between two texts that
/// differ in one run of lines, as a surgical edit of `key` leaves them. The run starts at the
/// key's own line even when that line is unchanged (a block sequence), so it reads as YAML.
fn line_diff(before: &str, after: &str, key: &str) -> (usize, Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let mut prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let starts_key = |l: &str| {
        let l = l.trim_start_matches('\u{feff}');
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                l.strip_prefix(k.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            })
    };
    if let Some(k) = (0..prefix.min(a.len())).rev().find(|&i| {
        let l = a[i];
        starts_key(l) || !(l.starts_with([' ', '\t', '#', '-']) || l.trim().is_empty())
    }) {
        // Only back up over the key's own value lines, never into another key.
        if starts_key(a[k]) {
            prefix = k;
        }
    }
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let bare = |l: &&str| l.trim_end_matches(['\n', '\r']).to_string();
    (
        prefix + 1,
        a[prefix..a.len() - suffix].iter().map(bare).collect(),
        b[prefix..b.len() - suffix].iter().map(bare).collect(),
    )
}

/// Mentions of the old number in record bodies, of every kind: `ADR-0005` (any width, any case)
/// and links to the old file name. Prose is never rewritten; these are reported for a person
/// to check.
fn mentions(
    store: &Store,
    root: &Path,
    kind: &Kind,
    records: &[Record],
    moved: usize,
    new_path: &str,
    planned: &std::collections::HashMap<&str, &str>,
) -> Vec<String> {
    let old_path = &records[moved].path;
    let old_id = records[moved].id.unwrap_or(Id(0));
    let old_name = old_path.rsplit('/').next().unwrap_or(old_path);
    let shown = store.config.id_text(&kind.name, old_id);
    let mut others: Vec<Record> = Vec::new();
    for k in store.config.kinds.values().filter(|k| k.name != kind.name) {
        // Other kinds are only searched for mentions; a broken one is not our concern here.
        others.extend(
            read_kind(store, root, k)
                .map(|(records, _)| records)
                .unwrap_or_default(),
        );
    }
    let mut out = Vec::new();
    for r in records.iter().chain(&others) {
        let path = if r.path == *old_path {
            new_path
        } else {
            r.path.as_str()
        };
        let text = planned.get(r.path.as_str()).copied().unwrap_or(&r.text);
        // Front-matter lines hold numbers, not mentions: the body starts where it did.
        let body_line = 1 + r.text[..r.body_start].matches('\n').count();
        let body_start = text
            .match_indices('\n')
            .nth(body_line.saturating_sub(2))
            .map_or(0, |(i, _)| if body_line > 1 { i + 1 } else { 0 });
        for (i, line) in text[body_start..].split('\n').enumerate() {
            let mut what = Vec::new();
            if !kind.prefix.is_empty() && mentions_id(line, &kind.prefix, old_id) {
                what.push(shown.clone());
            }
            if line.contains(old_name) {
                what.push(old_name.to_string());
            }
            if !what.is_empty() {
                out.push(format!(
                    "{path}:{}: the text mentions {}; text is not rewritten, check it",
                    body_line + i,
                    what.join(" and ")
                ));
            }
        }
    }
    out
}

/// Does `line` mention `PREFIX<number>` (`ADR-0005`, `adr-5`) for `id`?
fn mentions_id(line: &str, prefix: &str, id: Id) -> bool {
    let hay = line.to_ascii_lowercase();
    let prefix = prefix.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = hay[from..].find(&prefix) {
        let start = from + at;
        let after = start + prefix.len();
        from = after;
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let digits: String = hay[after..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if before_ok && !digits.is_empty() && digits.len() <= 9 && digits.parse() == Ok(id.0) {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------------

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
