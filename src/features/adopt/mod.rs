//! Existing ADR folders: finding them (`git adr init` uses them in place) and converting their
//! records to git-adr's format (`git adr init --import DIR`), keeping numbers, titles, dates,
//! statuses, relations and bodies.
//!
//! [`examine`] and [`detect`] find a folder and read it; [`in_place`] writes the config that
//! uses it where it is; [`import`] converts its records into `.adr/decisions/` ([`convert`]
//! rewrites one record).

pub mod convert;
pub mod import;
pub mod in_place;

use crate::error::Result;
use crate::git::source::Source;
use crate::model::config::{FolderFormat, Kind};
use crate::model::record::formats::Format;
use crate::model::record::Record;
use crate::store::record_files;

/// Where teams keep ADRs, in the order they are looked for (after `.adr-dir`).
pub const USUAL_FOLDERS: &[&str] = &[
    "doc/adr",
    "doc/adrs",
    "docs/adr",
    "docs/adrs",
    "docs/decisions",
    "doc/decisions",
    "docs/architecture/decisions",
    "doc/architecture/decisions",
    "docs/architecture/adr",
    "docs/architecture-decisions",
    "architecture/decisions",
    "adr",
    "adrs",
    "decisions",
];

/// An existing folder of records.
#[derive(Debug, Clone)]
pub struct Found {
    /// Repo-relative folder.
    pub folder: String,
    /// How many record files it holds.
    pub records: usize,
    /// The format most of its records are written in.
    pub format: Format,
    /// Files that could not be read as records, with why.
    pub errors: Vec<String>,
    pub parsed: Vec<Record>,
}

impl Found {
    /// The `format` setting for the config.
    pub fn folder_format(&self) -> &'static str {
        match self.format {
            Format::AdrTools => "adr-tools",
            _ => "madr",
        }
    }

    /// How people call the folder's format.
    pub fn format_name(&self) -> &'static str {
        match self.format {
            Format::AdrTools => "adr-tools",
            Format::Madr2 => "MADR 2",
            Format::FrontMatter => "MADR 3/4",
        }
    }
}

/// A kind that reads `folder` in place, for looking at a folder before any config exists.
pub fn in_place_kind(folder: &str) -> Kind {
    let mut kind = crate::model::config::Config::default()
        .kinds
        .remove("adr")
        .expect("the adr kind is built in");
    kind.folder = Some(folder.trim_end_matches('/').to_string());
    kind.format = FolderFormat::Auto;
    kind
}

/// Reads a folder's records; `None` when it holds none.
pub fn examine(source: &Source<'_>, folder: &str) -> Result<Option<Found>> {
    let kind = in_place_kind(folder);
    let files = record_files(source, &kind)?;
    if files.is_empty() {
        return Ok(None);
    }
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for f in &files {
        match source
            .read(&f.path)
            .and_then(|b| Record::parse_in_place("adr", &f.path, b))
        {
            Ok(r) => parsed.push(r),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let count = |fmt: Format| parsed.iter().filter(|r| r.format == fmt).count();
    let format = [Format::AdrTools, Format::Madr2, Format::FrontMatter]
        .into_iter()
        .max_by_key(|f| count(*f))
        .unwrap_or(Format::FrontMatter);
    Ok(Some(Found {
        folder: kind.path(),
        records: files.len(),
        format,
        errors,
        parsed,
    }))
}

/// The existing ADR folder of a repository: the one `.adr-dir` names, else the first usual
/// folder that holds records.
pub fn detect(source: &Source<'_>) -> Result<Option<Found>> {
    let named = crate::store::adr_dir(source)?;
    for folder in named
        .iter()
        .map(String::as_str)
        .chain(USUAL_FOLDERS.iter().copied())
    {
        if let Some(found) = examine(source, folder)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}
