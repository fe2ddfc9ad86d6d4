//! Creating a record: its kind's template rendered, with a number no one else has taken, in a
//! file created exclusively. Used by `git adr new` and `git adr log add`.

use crate::error::{Error, Result};
use crate::model::config::Kind;
use crate::model::record::frontmatter::Value;
use crate::model::record::outline::Outline;
use crate::model::record::placeholder::is_template_text;
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
    create_filled(
        store,
        kind,
        title,
        front,
        vars,
        &Fill::default(),
        other_ends,
    )
}

/// Text the caller gives for the body instead of the template's placeholders (`git adr new
/// --option/--section`, and the MCP `new_decision` tool through it): never an editor.
#[derive(Debug, Default)]
pub struct Fill {
    /// The considered options, in order: the "Considered Options" section becomes their list.
    pub options: Vec<String>,
    /// (heading, text): the text replaces that section's own text.
    pub sections: Vec<(String, String)>,
}

impl Fill {
    /// Puts the options and section texts into a rendered record's `text`. A section is found
    /// the way `check` finds required sections ([`Outline::section`]: other names of a known
    /// section match), and its text runs to the next heading of the same or a higher level or
    /// of another known section, so "Decision Outcome" keeps its "Consequences" subsection and
    /// "Pros and Cons of the Options" loses the template's option headings.
    fn apply(&self, text: &str) -> Result<String> {
        let mut sections: Vec<(String, String)> = Vec::new();
        if !self.options.is_empty() {
            let list: Vec<String> = self
                .options
                .iter()
                .map(|o| format!("* {}", o.trim()))
                .collect();
            sections.push(("Considered Options".into(), list.join("\n")));
        }
        sections.extend(self.sections.iter().cloned());
        let mut text = text.to_string();
        for (heading, content) in &sections {
            let start = crate::model::record::frontmatter::locate(&text)
                .map(|b| b.body_start)
                .unwrap_or(0);
            let outline = Outline::read(&text[start..]);
            let Some(section) = outline.section(heading) else {
                let names: Vec<&str> = outline
                    .headings()
                    .iter()
                    // `{title of option 1}` is for the author to rename, not a section to fill.
                    .filter(|h| h.level >= 2 && !is_template_text(&h.plain))
                    .map(|h| h.plain.as_str())
                    .collect();
                return Err(Error::usage_hint(
                    format!("the template has no section `{}`", heading.trim()),
                    format!("its sections are: {}", names.join(", ")),
                ));
            };
            let range = section.heading.section.clone();
            let replacement = format!("\n{}\n\n", content.trim());
            text.replace_range(start + range.start..start + range.end, &replacement);
        }
        Ok(text)
    }
}

/// [`create_with`], with `fill` put into the rendered template before it is written.
pub fn create_filled(
    store: &Store,
    kind: &Kind,
    title: &str,
    front: &str,
    vars: minijinja::Value,
    fill: &Fill,
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
        let text = fill.apply(&text)?;
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
