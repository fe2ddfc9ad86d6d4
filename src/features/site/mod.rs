//! `git adr site`: a static, searchable site of every record, built in memory as a map of file
//! paths to bytes — the same repository gives the same bytes — then written to a folder or
//! compared with one ([`output`]).
//!
//! Pages are HTML rendered by the built-in templates in `templates/site/` ([`render`]); record
//! text is escaped everywhere, and record Markdown is rendered with its raw HTML shown as text
//! ([`crate::text::html`]). Every page carries a Content-Security-Policy that allows script
//! only from the site's own files, and every link between pages is relative, so the folder
//! works from `file://`, at a domain's root and under a sub-path alike.

mod pages;
mod render;
mod search;
mod svg;

pub mod output;

use std::collections::BTreeMap;

use crate::error::Result;
use crate::features::dod::Checklist;
use crate::features::history::History;
use crate::git::source::Source;
use crate::model::record::Record;
use crate::store::Store;

/// What a site is built from, besides the records.
pub struct Options {
    /// The URL the site is published at (`https://org.github.io/repo/`), for canonical links;
    /// pages link to each other relatively whatever it is.
    pub base_url: Option<String>,
    /// The revision the records were read from, shown in the footer (`None`: the work tree).
    pub rev: Option<String>,
}

/// The inputs of a site: the records (in index order), the checklists, the history of the
/// records (`None` when there is none to show) and where the records were read from (for the
/// images they show).
pub struct Inputs<'a> {
    pub store: &'a Store,
    pub source: &'a Source<'a>,
    pub records: &'a [Record],
    pub checklists: &'a [Checklist],
    pub history: Option<&'a History>,
}

/// A built site: file paths (relative, `/`-separated) and their bytes, in path order.
#[derive(Debug, Default)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Relative images records show that could not be copied (outside the repository, missing,
    /// or not an image), as (record path, target), for the caller to warn about.
    pub missing_images: Vec<(String, String)>,
}

/// Builds the site of `inputs`.
pub fn build(inputs: &Inputs<'_>, options: &Options) -> Result<Site> {
    pages::build(inputs, options)
}
