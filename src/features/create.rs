//! Creating a record: its kind's template rendered, with a number no one else has taken, in a
//! file created exclusively. Used by `git adr new` and `git adr log add`.

use crate::error::{Error, Result};
use crate::model::config::Kind;
use crate::model::record::frontmatter::Value;
use crate::model::record::slug::slugify;
use crate::model::record::{Id, Record};
use crate::store::Store;
use crate::text::template;

/// Attempts at a free file name before giving up (only reached if other tools create files
/// while we hold the lock).
const MAX_ATTEMPTS: u32 = 100;

/// Creates the file of a new record of `kind` from its template, with the next collision-free
/// number (numbered kinds) or the title's slug as its name, and returns its repo-relative path
/// and the record as parsed.
///
/// `front` is the front-matter block (its lines, each ending in a newline) and `vars` are the
/// template variables the caller adds; `title`, `id`, `number`, `kind`, `front_matter` and
/// `required_sections` are set here. The number is chosen and the file created under the store's
/// lock, and the file is created exclusively (never over an existing one), so concurrent
/// processes and branches that were fetched never take the same number unknowingly.
pub fn create(
    store: &Store,
    kind: &Kind,
    title: &str,
    front: &str,
    vars: minijinja::Value,
) -> Result<(String, Record)> {
    create_with(store, kind, title, front, vars, &|_| Ok(Vec::new()))
}

/// Edits of other records that go with a new one (the other ends of its relations).
pub type OtherEnds<'a> = dyn Fn(&Record) -> Result<Vec<(Record, Vec<(&'static str, Value)>)>> + 'a;

/// [`create`], writing the new record and the edits `other_ends` gives for it (computed under
/// the edit lock, so it reads the records it edits then) as one journaled transaction: after a
/// kill, either the new record and every other end are there, or none is.
pub fn create_with(
    store: &Store,
    kind: &Kind,
    title: &str,
    front: &str,
    vars: minijinja::Value,
    other_ends: &OtherEnds<'_>,
) -> Result<(String, Record)> {
    let root = store.workdir("new")?.to_path_buf();
    let template = template::load_template(Some(&root), &store.template_of(kind)?)?;
    let slug = slugify(title);
    let dir = root.join(kind.path());
    crate::git::source::ensure_inside(&root, &dir)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;

    // Hold the lock from choosing the number until the file exists, so a concurrent
    // `git adr new` sees our file when it chooses its own.
    let _lock = store.lock()?;
    let naming = store.naming(kind)?;
    let mut id = if kind.numbered {
        Some(store.next_id(kind)?)
    } else {
        None
    };
    let mut attempts = 0;
    loop {
        attempts += 1;
        let shown_id = id
            .map(|i| store.config.id_text(&kind.name, i))
            .unwrap_or_else(|| slug.clone());
        let text = template::render(
            &template,
            minijinja::context! {
                title => title, id => shown_id, number => id.map(|i| i.0), kind => &kind.name,
                front_matter => front, required_sections => &kind.required_sections,
                ..vars.clone()
            },
        )?;
        let file_name = match id {
            Some(i) => {
                let (prefix, width) = naming.clone();
                format!("{prefix}{:0width$}-{slug}.md", i.0)
            }
            None => format!("{slug}.md"),
        };
        let repo_path = format!("{}/{file_name}", kind.path());
        let record = store
            .parse(kind, &repo_path, text.clone().into_bytes())
            .map_err(|e| Error::Template {
                location: crate::error::Location {
                    path: template.origin.clone(),
                    line: None,
                },
                message: format!("the template's output is not a valid record: {}", e.message),
            })?;
        let mut tx = crate::store::atomic::Transaction::new();
        tx.create(root.join(&repo_path), text.into_bytes());
        store.add_edits(&mut tx, other_ends(&record)?, &[&record])?;
        match store.commit(tx, None) {
            Ok(()) => return Ok((repo_path, record)),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                match id {
                    Some(i) if attempts < MAX_ATTEMPTS => id = Some(Id(i.0.saturating_add(1))),
                    _ => {
                        return Err(Error::usage_hint(
                            format!("{repo_path} already exists"),
                            "choose another title, or edit the existing record",
                        ))
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
}
