//! The store: a repository's `.adr/` directory with its config, read from the work tree (or from
//! `HEAD` in a bare repository), and the operations that create and change record files.

use std::path::{Path, PathBuf};

use crate::config::{Config, Kind, ADR_DIR, CONFIG_PATH};
use crate::error::{Error, RecordError, Result};
use crate::fsutil;
use crate::record::{frontmatter, Id, Record};
use crate::repo::Repo;
use crate::source::Source;

/// An opened `.adr/`: the repository, its configuration and where records are read from.
pub struct Store {
    pub repo: Repo,
    pub config: Config,
    /// The work tree's root, `None` in a bare repository (records then come from `HEAD`).
    pub root: Option<PathBuf>,
}

/// Every record of the requested kinds that could be read, and a clear error for each file that
/// could not.
#[derive(Default)]
pub struct Listing {
    pub records: Vec<Record>,
    pub errors: Vec<RecordError>,
}

impl Store {
    /// Opens the store of `repo`. Errors when `.adr/` does not exist (suggesting `git adr init`)
    /// or when the config is malformed.
    pub fn open(repo: Repo) -> Result<Store> {
        Store::open_from(repo, false)
    }

    /// Opens the store with the configuration as staged in the index (what the next commit will
    /// record), for checking that commit: an unstaged edit of config.toml does not count.
    pub fn open_staged(repo: Repo) -> Result<Store> {
        Store::open_from(repo, true)
    }

    fn open_from(repo: Repo, staged_config: bool) -> Result<Store> {
        let root = repo.git.workdir().map(Path::to_path_buf);
        let config_text = match &root {
            Some(root) if staged_config => {
                if !root.join(ADR_DIR).is_dir() {
                    return Err(Error::NoAdrDir { root: root.clone() });
                }
                let index = repo
                    .git
                    .index()
                    .map_err(|e| Error::git("reading the index", e))?;
                Source::Index(index, &repo.git).read(CONFIG_PATH).ok()
            }
            Some(root) => {
                let dir = root.join(ADR_DIR);
                if !dir.is_dir() {
                    return Err(Error::NoAdrDir { root: root.clone() });
                }
                match std::fs::read(root.join(CONFIG_PATH)) {
                    Ok(bytes) => Some(bytes),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => return Err(Error::io(root.join(CONFIG_PATH), e)),
                }
            }
            None => {
                let tree = repo.head_tree()?;
                let has_dir = tree
                    .as_ref()
                    .is_some_and(|t| t.get_path(Path::new(ADR_DIR)).is_ok());
                if !has_dir {
                    return Err(Error::NoAdrDir {
                        root: repo.git.path().to_path_buf(),
                    });
                }
                let source = Source::tree(tree.expect("checked above"), &repo.git);
                source.read(CONFIG_PATH).ok()
            }
        };
        let config = match config_text {
            None => Config::default(),
            Some(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| Error::Config {
                    location: crate::error::Location {
                        path: CONFIG_PATH.into(),
                        line: None,
                    },
                    message: "is not UTF-8 text".into(),
                    hint: None,
                })?;
                Config::parse(&text)?
            }
        };
        Ok(Store { repo, config, root })
    }

    /// The work tree's root, or an error for commands that write in a bare repository.
    pub fn workdir(&self, command: &str) -> Result<&Path> {
        self.root.as_deref().ok_or_else(|| Error::BareRepository {
            command: command.into(),
        })
    }

    /// The source that plain read commands use: the work tree, or `HEAD` when there is none.
    pub fn default_source(&self) -> Result<Source<'_>> {
        match &self.root {
            Some(root) => Ok(Source::WorkTree(root.clone())),
            None => match self.repo.head_tree()? {
                Some(tree) => Ok(Source::tree(tree, &self.repo.git)),
                None => Err(Error::NoAdrDir {
                    root: self.repo.git.path().to_path_buf(),
                }),
            },
        }
    }

    /// Reads every record of the given kinds (all kinds when empty) from `source`.
    pub fn load(&self, source: &Source<'_>, kinds: &[&Kind]) -> Result<Listing> {
        let all: Vec<&Kind> = if kinds.is_empty() {
            self.config.kinds.values().collect()
        } else {
            kinds.to_vec()
        };
        let mut listing = Listing::default();
        for kind in all {
            let dir = kind.path();
            for entry in source.list(&dir)? {
                if !is_record_name(kind, &entry.name) {
                    continue;
                }
                let path = format!("{dir}/{}", entry.name);
                if !entry.utf8 {
                    listing.errors.push(
                        RecordError::new(&path, None, "file name is not valid UTF-8")
                            .with_hint("rename the file to NNNN-title.md with plain characters"),
                    );
                    continue;
                }
                match source
                    .read(&path)
                    .and_then(|bytes| self.parse(kind, &path, bytes))
                {
                    Ok(record) => listing.records.push(record),
                    Err(e) => listing.errors.push(e),
                }
            }
        }
        listing
            .records
            .sort_by(|a, b| (&a.kind, a.id, &a.slug).cmp(&(&b.kind, b.id, &b.slug)));
        Ok(listing)
    }

    /// Parses a record and checks what needs the config: its status is one the kind knows.
    pub fn parse(&self, kind: &Kind, path: &str, bytes: Vec<u8>) -> Result<Record, RecordError> {
        let record = Record::parse(&kind.name, path, bytes)?;
        if let Some(status) = &record.front.status {
            if !kind.lifecycle.statuses.iter().any(|s| s == status) {
                return Err(RecordError::new(
                    path,
                    Some(record.key_line("status")),
                    format!("unknown status `{status}` for {} records", kind.name),
                )
                .with_hint(format!(
                    "use one of: {} (or add it to [lifecycle] statuses in {CONFIG_PATH})",
                    kind.lifecycle.statuses.join(", ")
                ))
                .with_code("unknown-status"));
            }
        }
        for (key, value) in [
            ("date", &record.front.date),
            ("review-by", &record.front.review_by),
        ] {
            if let Some(v) = value {
                if chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").is_err() {
                    return Err(RecordError::new(
                        path,
                        Some(record.key_line(key)),
                        format!("`{key}: {v}` is not a YYYY-MM-DD date"),
                    )
                    .with_hint(format!("write it as `{key}: 2026-11-25`"))
                    .with_code("invalid-date"));
                }
            }
        }
        Ok(record)
    }

    /// Finds one record by reference: `2`, `ADR-0002`, `LOG-3`, or a checklist's name. With
    /// `kind`, only that kind is searched.
    pub fn find(&self, reference: &str, kind: Option<&Kind>) -> Result<Record> {
        let named = self.kind_of_prefix(reference)?;
        let kind = match (kind, named) {
            (Some(k), Some(n)) if k.name != n.name => {
                return Err(Error::usage_hint(
                    format!(
                        "`{reference}` names a record of kind {}, not {}",
                        n.name, k.name
                    ),
                    format!(
                        "{} ids look like {}",
                        k.name,
                        Id(2).display(&k.prefix, self.config.id_width)
                    ),
                ))
            }
            (Some(k), _) | (None, Some(k)) => k,
            (None, None) => self.kind_of_reference(reference)?,
        };
        let source = self.default_source()?;
        let dir = kind.path();
        let wanted_id = if kind.numbered {
            Id::parse_ref(reference)
        } else {
            None
        };
        if kind.numbered && wanted_id.is_none() {
            return Err(Error::usage_hint(
                format!("`{reference}` is not a record id"),
                format!(
                    "ids look like 2 or {}",
                    Id(2).display(&kind.prefix, self.config.id_width)
                ),
            ));
        }
        let slug = reference.trim().trim_end_matches(".md");
        let mut matches: Vec<String> = Vec::new();
        for entry in source.list(&dir)? {
            if !is_record_name(kind, &entry.name) {
                continue;
            }
            let hit = match wanted_id {
                Some(id) => Id::from_file_name(&entry.name).is_some_and(|(i, _)| i == id),
                None => entry.name.trim_end_matches(".md") == slug,
            };
            if hit {
                matches.push(format!("{dir}/{}", entry.name));
            }
        }
        let shown = match wanted_id {
            Some(id) => id.display(&kind.prefix, self.config.id_width),
            None => slug.to_string(),
        };
        match matches.as_slice() {
            [] => Err(Error::usage_hint(
                format!("no {} record {shown} in {dir}/", kind.name),
                "`git adr list` shows the records there are",
            )),
            [path] => {
                let bytes = source.read(path)?;
                Ok(self.parse(kind, path, bytes)?)
            }
            many => Err(Error::usage_hint(
                format!(
                    "{shown} is ambiguous: {} files have that number: {}",
                    many.len(),
                    many.join(", ")
                ),
                "give one of them a free number: git adr renumber <file> --next (or name the file instead of the number)",
            )),
        }
    }

    /// The kind whose prefix a reference carries (`LOG-3` → log), `None` for a bare number or
    /// a name, and an error for a prefix no kind has (`XYZ-2`).
    pub fn kind_of_prefix(&self, reference: &str) -> Result<Option<&Kind>> {
        let r = reference.trim();
        let digits = r.len() - r.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let head = &r[..r.len() - digits];
        let letters = head.trim_end_matches(['-', '_', ' ', '#']);
        if digits == 0 || letters.is_empty() || !letters.chars().all(char::is_alphabetic) {
            return Ok(None);
        }
        let key = |p: &str| p.trim_end_matches(['-', '_', ' ', '#']).to_lowercase();
        match self
            .config
            .kinds
            .values()
            .find(|k| k.numbered && key(&k.prefix) == letters.to_lowercase())
        {
            Some(k) => Ok(Some(k)),
            None => Err(Error::usage_hint(
                format!("`{reference}`: no record kind has the id prefix `{head}`"),
                format!(
                    "ids look like {}",
                    self.config
                        .kinds
                        .values()
                        .filter(|k| k.numbered)
                        .map(|k| Id(2).display(&k.prefix, self.config.id_width))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// Which kind a reference without a prefix names: a bare number is an ADR; otherwise the
    /// name of a record of an unnumbered kind.
    fn kind_of_reference(&self, reference: &str) -> Result<&Kind> {
        let r = reference.trim().to_ascii_lowercase();
        if r.trim_start_matches('#')
            .chars()
            .all(|c| c.is_ascii_digit())
            && !r.is_empty()
        {
            return self.config.kind("adr");
        }
        let source = self.default_source()?;
        for kind in self.config.kinds.values().filter(|k| !k.numbered) {
            let file = format!("{}.md", r.trim_end_matches(".md"));
            if source.list(&kind.path())?.iter().any(|e| e.name == file) {
                return Ok(kind);
            }
        }
        self.config.kind("adr")
    }

    /// The next free number for `kind`: one more than the highest in the work tree, the index,
    /// and every local and remote-tracking branch. Only names are read.
    pub fn next_id(&self, kind: &Kind) -> Result<Id> {
        let dir = kind.path();
        let mut max = self.repo.max_id_in_git(&dir)?;
        let mut roots: Vec<PathBuf> = self.root.iter().cloned().collect();
        // Linked worktrees share branches but not files or index: look at theirs too.
        for other in self.repo.other_worktrees() {
            roots.extend(other.workdir().map(Path::to_path_buf));
            if let Ok(index) = other.index() {
                for entry in Source::Index(index, &other).list(&dir)? {
                    if let Some((id, _)) = Id::from_file_name(&entry.name) {
                        max = max.max(id.0);
                    }
                }
            }
        }
        for root in roots {
            for entry in Source::WorkTree(root).list(&dir).unwrap_or_default() {
                if let Some((id, _)) = Id::from_file_name(&entry.name) {
                    max = max.max(id.0);
                }
            }
        }
        Ok(Id(max + 1))
    }

    /// Shows a record's id the way people read it (`ADR-0002`, or the checklist's name).
    pub fn display_id(&self, record: &Record) -> String {
        match (record.id, self.config.kinds.get(&record.kind)) {
            (Some(id), Some(kind)) => id.display(&kind.prefix, self.config.id_width),
            (Some(id), None) => id.0.to_string(),
            (None, _) => record.slug.clone(),
        }
    }

    /// Absolute path of a repo-relative path in the work tree, for writing. Refuses paths whose
    /// directory leads outside the repository through a symlink.
    pub fn abs(&self, path: &str) -> Result<PathBuf> {
        let root = self.workdir("write")?;
        let full = root.join(path);
        crate::source::ensure_inside(root, full.parent().unwrap_or(root))?;
        Ok(full)
    }

    /// Takes the lock that serialises id allocation between concurrent `git adr` processes. The
    /// lock lives in the common git directory, so linked worktrees share it; the OS releases it
    /// when the returned file is dropped, even if the process dies.
    pub fn lock(&self) -> Result<std::fs::File> {
        let path = self.repo.common_dir().join("adr.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting for another git adr process to finish (lock {})…",
                    path.display()
                );
                file.lock().map_err(|e| Error::io(&path, e))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        Ok(file)
    }

    /// Writes a set of front-matter edits to several records as one operation.
    pub fn apply(&self, edits: Vec<(Record, Vec<(&str, frontmatter::Value)>)>) -> Result<()> {
        let mut tx = fsutil::Transaction::new();
        for (record, changes) in edits {
            let mut text = record.text.clone();
            for (key, value) in changes {
                text = frontmatter::set_key(&text, key, &value).map_err(|e| {
                    RecordError::new(
                        &record.path,
                        e.line,
                        format!("cannot edit `{key}`: {}", e.message),
                    )
                })?;
            }
            if text != record.text {
                tx.write(self.abs(&record.path)?, text.into_bytes());
            }
        }
        tx.commit()
    }
}

/// Is a file in a kind's directory one of its records? Numbered kinds: `NNNN-slug.md`.
/// Unnumbered kinds: any `.md` except an index (`README.md`, `index.md`).
pub fn is_record_name(kind: &Kind, name: &str) -> bool {
    if name.starts_with('.') || !name.ends_with(".md") {
        return false;
    }
    if kind.numbered {
        Id::from_file_name(name).is_some()
    } else {
        !matches!(name.to_ascii_lowercase().as_str(), "readme.md" | "index.md")
    }
}
