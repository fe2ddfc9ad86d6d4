//! The new number, NEW or `--next`, and checking that it is free everywhere `git adr new` looks.

use std::collections::BTreeMap;
use std::path::Path;

use super::Request;
use crate::error::{Error, Result};
use crate::git::source::Source;
use crate::model::config::Kind;
use crate::model::record::Id;
use crate::store::Store;

/// The number OLD moves to: NEW, which must differ from OLD and be free, or the next free one.
pub(super) fn choose_new(
    store: &Store,
    root: &Path,
    kind: &Kind,
    args: &Request,
    old: Id,
) -> Result<Id> {
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
pub(super) fn taken_at(
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
    for (place, names) in store.repo.names_in_git(&dir)? {
        for name in names.iter().filter(|n| has_id(n)) {
            add(name, place.label());
        }
    }
    Ok(found)
}

/// Refuses a new file name the store would not read back as record `new` of `kind`: number 0
/// with a name that starts or ends with `template` (`0000-template-for-x.md`, how MADR names its
/// template) and a number that reads as a date (`20240105-x.md`) are skipped by every listing,
/// so the record would silently vanish from `list`, `check` and every link.
pub(super) fn ensure_listed(store: &Store, kind: &Kind, new_path: &str, new: Id) -> Result<()> {
    let (id, _) = crate::model::record::id_and_slug(new_path);
    if crate::store::is_record_path(kind, new_path) && id == Some(new) {
        return Ok(());
    }
    let name = new_path.rsplit('/').next().unwrap_or(new_path);
    let unprefixed = &name[crate::model::record::numbering(name).0.len()..];
    let why = if crate::model::record::starts_with_date(unprefixed) {
        "a name that starts with a date carries no number"
    } else if new.0 == 0 {
        "number 0 with a name that starts or ends with `template` is a template, not a record"
    } else {
        "it is not a record file name"
    };
    Err(Error::usage_hint(
        format!(
            "{} would be {name}, which git adr does not read as a record ({why}): it would vanish from `git adr list`",
            store.config.id_text(&kind.name, new)
        ),
        "choose another number, or --next for the next free one",
    ))
}

/// `0005-use-x.md` with number `new`: the same text after the number, the number `width` wide.
pub(super) fn renamed_path(old_path: &str, new: Id, width: usize, in_place: bool) -> String {
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
