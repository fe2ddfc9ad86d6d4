//! The store: a repository's `.adr/` directory with its config, read from the work tree (or from
//! `HEAD` in a bare repository), and the operations that create and change record files.

pub mod atomic;
pub mod cache;
pub mod ids;
pub mod paths;

use std::path::{Path, PathBuf};

use crate::error::rule::Rule;
use crate::error::{Error, RecordError, Result};
use crate::git::repo::Repo;
use crate::git::source::Source;
use crate::model::config::{Config, Kind, ADR_DIR, CONFIG_PATH};
use crate::model::record::formats::{self, Edit, LinkTarget};
use crate::model::record::Relation;
use crate::model::record::{frontmatter, Format, Id, Record};

/// An opened `.adr/`: the repository, its configuration and where records are read from.
pub struct Store {
    pub repo: Repo,
    pub config: Config,
    /// The work tree's root, `None` in a bare repository (records then come from `HEAD`).
    pub root: Option<PathBuf>,
    /// The edit lock while some [`Lock`] of this store is alive, so that a command holding it
    /// (to re-read what it edits) can call [`Store::apply`], which takes it too.
    held: std::cell::RefCell<std::rc::Weak<atomic::Held>>,
    /// The record cache, opened by the first read of records, saved when the store is dropped.
    cache: std::cell::RefCell<CacheState>,
}

/// The record cache of a store (see [`cache`]).
enum CacheState {
    Unopened,
    Off,
    On(Box<cache::RecordCache>),
}

/// The edit lock (see [`Store::lock`]): released when the last guard of it is dropped.
pub struct Lock {
    _held: std::rc::Rc<atomic::Held>,
}

/// How long an edit waits for another `git adr` to release the lock before giving up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(60);
/// How often it tries meanwhile.
const LOCK_POLL: std::time::Duration = std::time::Duration::from_millis(10);

/// How deep `record_files` looks into an existing folder's sub-folders.
const MAX_FOLDER_DEPTH: usize = 4;

/// A record file found in a kind's folder.
#[derive(Debug, Clone)]
pub struct RecordFile {
    /// Repo-relative, `/`-separated.
    pub path: String,
    /// The name is valid UTF-8 (otherwise `path` holds a lossy version).
    pub utf8: bool,
    /// What the content is known by, when listed for the record cache.
    pub stamp: Option<crate::git::source::Stamp>,
}

/// Every record of the requested kinds that could be read, and a clear error for each file that
/// could not.
#[derive(Default)]
pub struct Listing {
    pub records: Vec<Record>,
    pub errors: Vec<RecordError>,
}

impl Store {
    /// A store over `repo` with `config`, its records read from `root` (`None`: bare).
    pub fn new(repo: Repo, config: Config, root: Option<PathBuf>) -> Store {
        Store {
            repo,
            config,
            root,
            held: Default::default(),
            cache: std::cell::RefCell::new(CacheState::Unopened),
        }
    }

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
        let root = repo.work_tree().map(Path::to_path_buf);
        let config_text = match &root {
            Some(root) if staged_config => {
                // A sparse checkout may leave .adr/ out of the work tree: the index has it.
                if !root.join(ADR_DIR).is_dir() && !repo.tracks_under(ADR_DIR)? {
                    return Err(Error::NoAdrDir { root: root.clone() });
                }
                repo.index_source(repo.index()?).read(CONFIG_PATH).ok()
            }
            Some(root) => {
                let dir = root.join(ADR_DIR);
                if !dir.is_dir() {
                    return Err(Error::NoAdrDir { root: root.clone() });
                }
                // A config.toml (or .adr/) symlinked out of the repository is refused, never
                // followed: the file would be someone else's.
                crate::git::source::ensure_inside(root, &root.join(CONFIG_PATH))?;
                match std::fs::read(root.join(CONFIG_PATH)) {
                    Ok(bytes) => Some(bytes),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => return Err(Error::io(root.join(CONFIG_PATH), e)),
                }
            }
            None => {
                let Some(source) = repo.head_source()?.filter(|s| s.has(ADR_DIR)) else {
                    return Err(Error::NoAdrDir {
                        root: repo.git_dir().to_path_buf(),
                    });
                };
                source.read(CONFIG_PATH).ok()
            }
        };
        let text = match config_text {
            None => None,
            Some(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| Error::Config {
                    location: crate::error::Location {
                        path: CONFIG_PATH.into(),
                        line: None,
                    },
                    message: "is not UTF-8 text".into(),
                    hint: None,
                })?;
                Some(text)
            }
        };
        let text = text.unwrap_or_default();
        let config = Config::parse(&text)?;
        let mut store = Store::new(repo, config, root);
        store.resolve_adr_dir(&text)?;
        Ok(store)
    }

    /// An adr-tools kind without a `folder` uses the folder named in `.adr-dir` at the root of
    /// the repository, as adr-tools does (`doc/adr` when there is none). That folder must not
    /// overlap another kind's (`text` is the config, for the error's line).
    fn resolve_adr_dir(&mut self, text: &str) -> Result<()> {
        let wanted: Vec<String> = self
            .config
            .kinds
            .values()
            .filter(|k| {
                k.folder.is_none() && k.format == crate::model::config::FolderFormat::AdrTools
            })
            .map(|k| k.name.clone())
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let named = match self.default_source() {
            Ok(source) => adr_dir(&source)?,
            Err(_) => None,
        };
        for name in &wanted {
            if let Some(kind) = self.config.kinds.get_mut(name) {
                kind.folder = Some(named.clone().unwrap_or_else(|| "doc/adr".into()));
                kind.required_sections.clear();
            }
        }
        self.config.check_folders(text).map_err(|e| match e {
            Error::Config {
                location,
                message,
                hint,
            } => Error::Config {
                location,
                message: format!(
                    "{message} (the folder of {} is the one .adr-dir names, doc/adr without one)",
                    wanted.join(", ")
                ),
                hint,
            },
            other => other,
        })
    }

    /// The record files of `kind` in `source`, as repo-relative paths, sorted. git-adr's own
    /// directories are flat; an existing folder used in place is read with its sub-folders
    /// (records grouped by area, or a record in its own folder as `README.md`/`index.md`).
    /// Files with non-UTF-8 names are returned with `utf8: false` for the caller to report.
    pub fn record_files(&self, source: &Source<'_>, kind: &Kind) -> Result<Vec<RecordFile>> {
        record_files(source, kind)
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
            None => self.repo.head_source()?.ok_or_else(|| Error::NoAdrDir {
                root: self.repo.git_dir().to_path_buf(),
            }),
        }
    }

    /// Reads every record of the given kinds (all kinds when empty) from `source`.
    pub fn load(&self, source: &Source<'_>, kinds: &[&Kind]) -> Result<Listing> {
        self.load_with(source, kinds, false)
    }

    /// Like [`Store::load`], but a record refused only for what the config says (an unknown
    /// status, a malformed date) is kept in `records` beside its error: `check` reports the
    /// error and still runs every other rule on the record, so one bad status does not hide a
    /// missing section or a broken link.
    pub fn load_keeping_refused(&self, source: &Source<'_>, kinds: &[&Kind]) -> Result<Listing> {
        self.load_with(source, kinds, true)
    }

    /// Like [`Store::load`], reading only the record files whose path `wanted` accepts (which
    /// files are records is decided as for [`Store::load`]): a comparison of two commits reads
    /// only the files their trees differ in.
    pub fn load_only(
        &self,
        source: &Source<'_>,
        kinds: &[&Kind],
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Listing> {
        self.load_filtered(source, kinds, false, wanted)
    }

    fn load_with(&self, source: &Source<'_>, kinds: &[&Kind], keep: bool) -> Result<Listing> {
        self.load_filtered(source, kinds, keep, &|_| true)
    }

    fn load_filtered(
        &self,
        source: &Source<'_>,
        kinds: &[&Kind],
        keep: bool,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Listing> {
        let all: Vec<&Kind> = if kinds.is_empty() {
            self.config.kinds.values().collect()
        } else {
            kinds.to_vec()
        };
        let mut listing = Listing::default();
        for kind in all {
            let one = self.load_kind_with(source, kind, keep, wanted)?;
            listing.records.extend(one.records);
            listing.errors.extend(one.errors);
        }
        // Numbered records in number order; records named by date after them, by name.
        listing.records.sort_by(|a, b| {
            (&a.kind, a.id.is_none(), a.id, &a.slug).cmp(&(&b.kind, b.id.is_none(), b.id, &b.slug))
        });
        Ok(listing)
    }

    /// Reads every record of `kind` from `source`, in the order of its files.
    pub fn load_kind(&self, source: &Source<'_>, kind: &Kind) -> Result<Listing> {
        self.load_kind_with(source, kind, false, &|_| true)
    }

    fn load_kind_with(
        &self,
        source: &Source<'_>,
        kind: &Kind,
        keep: bool,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Listing> {
        let cached = matches!(*self.cache(), CacheState::On(_));
        let mut files = record_files_with(source, kind, cached)?;
        files.retain(|f| wanted(&f.path));
        let mut listing = Listing::default();
        for read in self.read_records(source, kind, files) {
            match read.map(|record| {
                let refusals = self.refusals(kind, &record);
                (record, refusals)
            }) {
                Ok((record, refusals)) if refusals.is_empty() || keep => {
                    listing.records.push(record);
                    listing.errors.extend(refusals);
                }
                Ok((_, refusals)) => listing.errors.extend(refusals.into_iter().take(1)),
                Err(e) => listing.errors.push(e),
            }
        }
        Ok(listing)
    }

    /// The record cache, opened on first use; `None` when it is turned off
    /// (`GIT_ADR_NO_CACHE`, `git config adr.cache false`).
    fn cache(&self) -> std::cell::RefMut<'_, CacheState> {
        let mut state = self.cache.borrow_mut();
        if matches!(*state, CacheState::Unopened) {
            let off = cache::disabled_by_env()
                || self.repo.config_bool(cache::CONFIG_KEY).ok().flatten() == Some(false);
            *state = if off {
                CacheState::Off
            } else {
                let path = self.repo.common_dir().join(cache::FILE);
                CacheState::On(Box::new(cache::RecordCache::open(path)))
            };
        }
        state
    }

    /// The records in `files` (of `kind`, in `source`) as parsed, in their order, without the
    /// checks that need the config (see [`Store::refusals`]): from the record cache what it
    /// has, the rest read and parsed on all cores, then added to the cache.
    fn read_records(
        &self,
        source: &Source<'_>,
        kind: &Kind,
        files: Vec<RecordFile>,
    ) -> Vec<Result<Record, RecordError>> {
        let mut state = self.cache();
        let mut cache = match &mut *state {
            CacheState::On(c) => Some(&mut **c),
            _ => None,
        };
        let root = match source {
            Source::WorkTree(root) => Some(root.as_path()),
            _ => None,
        };
        let root_id = root.map(cache::root_id);
        let in_place = kind.in_place();
        // Hits are decoded here, on one thread: their cost is allocation, which threads make
        // dearer, not cheaper.
        let mut jobs = Vec::with_capacity(files.len());
        for file in files {
            let path = file.path;
            if !file.utf8 {
                let e = RecordError::new(&path, None, "file name is not valid UTF-8")
                    .with_hint("rename the file to NNNN-title.md with plain characters");
                jobs.push((path, None, Work::Done(Err(e))));
                continue;
            }
            let mut key = None;
            if let Some(c) = cache.as_deref_mut() {
                key = file
                    .stamp
                    .or_else(|| source.stamp(&path))
                    .and_then(|stamp| c.key(&kind.name, in_place, &path, root_id, &stamp));
                if let Some(record) = key.as_deref().and_then(|k| c.get(k, &kind.name, &path)) {
                    jobs.push((path, None, Work::Hit(record)));
                    continue;
                }
            }
            let work = match root {
                Some(_) => Work::ReadFile,
                // A git source is not shared between threads: its blobs are read here.
                None => Work::Parse(source.read(&path)),
            };
            jobs.push((path, key, work));
        }
        // Threads only pay for themselves on files to read and parse.
        let parse = jobs
            .iter()
            .filter(|(_, _, w)| matches!(w, Work::ReadFile | Work::Parse(_)))
            .count();
        let done = par_map(jobs, parse >= MIN_PARALLEL, |(path, key, work)| {
            let read = match (work, root) {
                (Work::Hit(record), _) => return (Ok(record), None),
                (Work::Done(result), _) => return (result, None),
                (Work::Parse(bytes), _) => bytes,
                (Work::ReadFile, Some(root)) => crate::git::source::read_work_file(
                    root,
                    &path,
                    crate::model::record::MAX_RECORD_BYTES,
                ),
                (Work::ReadFile, None) => source_less(&path),
            };
            let result = read.and_then(|b| parse_record(kind, &path, b));
            let store = match (&result, key) {
                (Ok(record), Some(key)) => Some((key, cache::encode(record))),
                _ => None,
            };
            (result, store)
        });
        let mut out = Vec::with_capacity(done.len());
        for (result, store) in done {
            if let (Some(c), Some((key, bytes))) = (cache.as_deref_mut(), store) {
                c.store(key, bytes);
            }
            out.push(result);
        }
        out
    }

    /// One record file of `kind` at `path` in `source`, as [`Store::parse`] gives it: through
    /// the record cache when a load of this run has opened it (see [`Store::read_record`]).
    /// What reads single records (linked ones, one side of a change) reads them here.
    pub fn read_one(
        &self,
        source: &Source<'_>,
        kind: &Kind,
        path: &str,
    ) -> Result<Record, RecordError> {
        self.refuse(kind, self.read_record(source, kind, path)?)
    }

    /// [`Store::read_one`], returning the record with every problem that makes [`Store::parse`]
    /// refuse it (in file order) instead of refusing it. Errs only when the file cannot be read
    /// as a record at all.
    pub fn read_one_keeping_refused(
        &self,
        source: &Source<'_>,
        kind: &Kind,
        path: &str,
    ) -> Result<(Record, Vec<RecordError>), RecordError> {
        let record = self.read_record(source, kind, path)?;
        let refusals = self.refusals(kind, &record);
        Ok((record, refusals))
    }

    /// One record file of `kind`, read and parsed; through the record cache when a load of
    /// this run has opened it already (opening it to read one record costs more than parsing
    /// the file: it holds every record).
    fn read_record(
        &self,
        source: &Source<'_>,
        kind: &Kind,
        path: &str,
    ) -> Result<Record, RecordError> {
        if !matches!(*self.cache.borrow(), CacheState::On(_)) {
            return source
                .read(path)
                .and_then(|bytes| parse_record(kind, path, bytes));
        }
        let file = RecordFile {
            path: path.to_string(),
            utf8: true,
            stamp: None,
        };
        self.read_records(source, kind, vec![file])
            .pop()
            .unwrap_or_else(|| Err(RecordError::new(path, None, "cannot read")))
    }

    /// Parses a record and checks what needs the config: its status is one the kind knows,
    /// its dates are dates. The first such problem refuses the record.
    pub fn parse(&self, kind: &Kind, path: &str, bytes: Vec<u8>) -> Result<Record, RecordError> {
        self.refuse(kind, parse_record(kind, path, bytes)?)
    }

    /// `record`, or the first of its [`Store::refusals`].
    fn refuse(&self, kind: &Kind, record: Record) -> Result<Record, RecordError> {
        match self.refusals(kind, &record).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(record),
        }
    }

    /// What refuses a parsed record under this config (see [`Store::read_one_keeping_refused`]),
    /// in file order. Checked on every read: the record cache keeps only what parsing gives.
    pub fn refusals(&self, kind: &Kind, record: &Record) -> Vec<RecordError> {
        // An existing folder's statuses and dates are free text: read, never refused.
        if kind.in_place() {
            return vec![];
        }
        let path = record.path.as_str();
        let mut refusals = Vec::new();
        if let Some(status) = &record.front.status {
            if !kind.lifecycle.statuses.iter().any(|s| s == status) {
                refusals.push(
                    RecordError::new(
                        path,
                        Some(record.key_line("status")),
                        format!(
                            "unknown status `{status}` for {} records{}",
                            kind.name,
                            did_you_mean(status, &kind.lifecycle.statuses)
                        ),
                    )
                    .with_hint(format!(
                        "use one of: {} (or add it to [lifecycle] statuses in {CONFIG_PATH})",
                        kind.lifecycle.statuses.join(", ")
                    ))
                    .with_rule(Rule::UnknownStatus),
                );
            }
        }
        for (key, value) in [
            ("date", &record.front.date),
            ("review-by", &record.front.review_by),
        ] {
            if let Some(v) = value {
                if chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").is_err() {
                    refusals.push(
                        RecordError::new(
                            path,
                            Some(record.key_line(key)),
                            format!("`{key}: {v}` is not a YYYY-MM-DD date"),
                        )
                        .with_hint(format!("write it as `{key}: 2026-11-25`"))
                        .with_rule(Rule::InvalidDate),
                    );
                }
            }
        }
        refusals.sort_by_key(|e| e.location.line);
        refusals
    }

    /// Finds one record by reference: `2`, `ADR-0002`, `LOG-3`, or a checklist's name. With
    /// `kind`, only that kind is searched.
    pub fn find(&self, reference: &str, kind: Option<&Kind>) -> Result<Record> {
        if let Some(found) = self.find_file(reference, kind)? {
            return Ok(found);
        }
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
                        self.config.id_text(&k.name, Id(2))
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
        // Existing folders also hold records named by date (`20240105-use-x.md`): by name.
        if kind.numbered && wanted_id.is_none() && !kind.in_place() {
            return Err(Error::usage_hint(
                format!("`{reference}` is not a record id"),
                format!(
                    "ids look like 2 or {}",
                    self.config.id_text(&kind.name, Id(2))
                ),
            ));
        }
        let slug = reference.trim().trim_end_matches(".md");
        let mut matches: Vec<String> = Vec::new();
        for entry in record_files_numbered(&source, kind, wanted_id)? {
            let (id, file_slug) = crate::model::record::id_and_slug(&entry.path);
            let hit = match wanted_id {
                Some(wanted) => id == Some(wanted),
                None => file_slug == slug,
            };
            if hit {
                matches.push(entry.path);
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
            [path] => Ok(self.refuse(kind, self.read_record(&source, kind, path)?)?),
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

    /// A record named by its file: a path (from the repository root or the current directory)
    /// or a file name, as hints suggest when two files share a number. `None` when the
    /// reference is not a record file.
    fn find_file(&self, reference: &str, kind: Option<&Kind>) -> Result<Option<Record>> {
        let r = reference.trim();
        // A path, a name with its extension, or a whole file name without it (`0008-second`).
        let looks_like_file = r.contains('/')
            || r.ends_with(".md")
            || r.ends_with(".markdown")
            || (Id::from_file_name(r).is_some() && r.contains(['-', '_', ' ']));
        if !looks_like_file {
            return Ok(None);
        }
        let source = self.default_source()?;
        let wanted: Vec<String> = match &self.root {
            Some(root) => vec![
                crate::store::paths::repo_path_from_arg(root, r),
                r.trim_start_matches("./").to_string(),
            ],
            None => vec![r.trim_start_matches("./").to_string()],
        };
        let kinds: Vec<&Kind> = match kind {
            Some(k) => vec![k],
            None => self.config.kinds.values().collect(),
        };
        for k in kinds {
            for f in self.record_files(&source, k)? {
                let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                let stem = name
                    .strip_suffix(".md")
                    .or_else(|| name.strip_suffix(".markdown"))
                    .unwrap_or(name);
                if wanted.contains(&f.path) || (!r.contains('/') && (name == r || stem == r)) {
                    let record = self.read_record(&source, k, &f.path)?;
                    return Ok(Some(self.refuse(k, record)?));
                }
            }
        }
        if r.contains('/') || r.ends_with(".md") || r.ends_with(".markdown") {
            return Err(Error::usage_hint(
                format!("`{r}` is not a record file"),
                "`git adr list` shows the records there are, with their files",
            ));
        }
        Ok(None)
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
                        .map(|k| self.config.id_text(&k.name, Id(2)))
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
    /// every local and remote-tracking branch, and every other work tree and its index. Only
    /// names are read, each distinct tree once.
    pub fn next_id(&self, kind: &Kind) -> Result<Id> {
        let dir = kind.path();
        let mut max = self.repo.max_id_in_index(&dir)?;
        max = max.max(ids::max_in_trees(
            &self.repo,
            &self.repo.branch_trees(&dir)?,
        ));
        let mut roots: Vec<PathBuf> = self.root.iter().cloned().collect();
        // Linked worktrees share branches but not files or index: look at theirs too.
        for other in self.repo.other_worktrees() {
            roots.extend(other.workdir().map(Path::to_path_buf));
            if let Ok(theirs) = Repo::max_id_in_index_of(&other, &dir) {
                max = max.max(theirs);
            }
        }
        for root in roots {
            max = max.max(max_id_in_work_tree(&root, kind));
        }
        Ok(Id(max + 1))
    }

    /// Shows a record's id the way people read it (`ADR-0002`, or the checklist's name).
    pub fn display_id(&self, record: &Record) -> String {
        self.config.display_id(record)
    }

    /// Absolute path of a repo-relative path in the work tree, for writing. Refuses paths whose
    /// directory leads outside the repository through a symlink.
    pub fn abs(&self, path: &str) -> Result<PathBuf> {
        let root = self.workdir("write")?;
        let full = root.join(path);
        crate::git::source::ensure_inside(root, full.parent().unwrap_or(root))?;
        Ok(full)
    }

    /// The file an edit of the record at `path` replaces: the record itself, or, when it is a
    /// symlink to a file inside the repository, the file it points to, so the link stays a link
    /// (replacing the link with a regular file would silently fork the two). A link out of the
    /// repository or into `.git/` is refused.
    pub fn edit_target(&self, path: &str) -> Result<PathBuf> {
        let full = self.abs(path)?;
        let is_link = std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(full);
        }
        let root = self.workdir("write")?;
        crate::git::source::ensure_inside(root, &full)?;
        full.canonicalize().map_err(|e| Error::io(&full, e))
    }

    /// Takes the lock that serialises every edit of records between concurrent `git adr`
    /// processes (id allocation, status changes, links, renumbering). The lock lives in the
    /// common git directory, so linked worktrees share it; the OS releases it when the last
    /// guard is dropped, even if the process dies. Taking it again while this store holds it
    /// returns another guard of the same lock. Another process holding it is waited for, up
    /// to [`LOCK_WAIT`], so two concurrent edits both succeed, one after the other.
    ///
    /// Whoever takes it first also finishes what a killed `git adr` left (its journal, its
    /// temporary files): see [`atomic::recover`].
    pub fn lock(&self) -> Result<Lock> {
        if let Some(held) = self.held.borrow().upgrade() {
            return Ok(Lock { _held: held });
        }
        let path = self.repo.common_dir().join("adr.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| lock_error(&path, e))?;
        let started = std::time::Instant::now();
        let mut said = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    if !said && started.elapsed() >= std::time::Duration::from_secs(1) {
                        eprintln!(
                            "waiting for another git adr process to finish (lock {})…",
                            path.display()
                        );
                        said = true;
                    }
                    std::thread::sleep(LOCK_POLL);
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::usage_hint(
                        format!(
                            "another git adr process has held {} for {} seconds",
                            path.display(),
                            LOCK_WAIT.as_secs()
                        ),
                        "wait for it to finish and run the command again (the lock is released when that process ends)",
                    ))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        let (held, unswept) = atomic::Held::take(file, self.journal_path(), self.temp_dirs());
        let held = std::rc::Rc::new(held);
        *self.held.borrow_mut() = std::rc::Rc::downgrade(&held);
        let git_dirs = [self.repo.git_dir().to_path_buf(), self.repo.common_dir()];
        for problem in atomic::recover(&self.journal_path(), &unswept, &git_dirs) {
            eprintln!("warning: {}", crate::text::term::one_line(&problem));
        }
        Ok(Lock { _held: held })
    }

    /// Where a multi-file edit writes its plan (see [`atomic::Transaction::commit_journaled`]):
    /// beside the lock, in the common git directory.
    fn journal_path(&self) -> PathBuf {
        self.repo.common_dir().join("adr-journal")
    }

    /// The folders of the work tree where an edit leaves temporary files: every kind's folder
    /// (and an existing folder's sub-folders) and `.adr/`.
    fn temp_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        let Some(root) = &self.root else {
            return dirs;
        };
        dirs.push(root.join(ADR_DIR));
        // git-adr's own folders are flat (their records, and so an edit's temporary files, are
        // directly in them): only an existing folder's sub-folders are looked into, so that an
        // edit does not read a folder of 10,000 records once more just to find none.
        let mut todo: Vec<(PathBuf, usize)> = self
            .config
            .kinds
            .values()
            .map(|k| {
                let depth = if k.in_place() { 0 } else { MAX_FOLDER_DEPTH };
                (root.join(k.path()), depth)
            })
            .collect();
        while let Some((dir, depth)) = todo.pop() {
            if depth < MAX_FOLDER_DEPTH {
                if let Ok(entries) = std::fs::read_dir(&dir) {
                    // Not through symlinks: they may lead out of the repository.
                    todo.extend(
                        entries
                            .flatten()
                            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                            .filter(|e| {
                                let name = e.file_name();
                                !name.to_string_lossy().starts_with('.') && name != "node_modules"
                            })
                            .map(|e| (e.path(), depth + 1)),
                    );
                }
            }
            dirs.push(dir);
        }
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// Puts a transaction in place under the edit lock, all or nothing even across a kill.
    pub fn commit(&self, tx: atomic::Transaction, index: Option<atomic::IndexSwap>) -> Result<()> {
        let _lock = self.lock()?;
        tx.commit_journaled(&self.journal_path(), index)
    }

    /// `record` as its file says now. An edit takes the lock first, then reads again what it
    /// changes, so that an edit another process made meanwhile is kept, not overwritten.
    pub fn reread(&self, record: &Record) -> Result<Record> {
        let kind = self.config.kind(&record.kind)?;
        let source = self.default_source()?;
        let bytes = source.read(&record.path)?;
        Ok(self.parse(kind, &record.path, bytes)?)
    }

    /// The template `new` writes a record of `kind` with: the configured one, or for an existing
    /// folder the one of its format — the folder's setting, else the format of its
    /// highest-numbered record (what the team writes now).
    pub fn template_of(&self, kind: &Kind) -> Result<String> {
        if !kind.in_place() || kind.template_set {
            return Ok(kind.template.clone());
        }
        let format = match kind.format {
            crate::model::config::FolderFormat::AdrTools => Format::AdrTools,
            _ => {
                let source = self.default_source()?;
                self.newest_file(&source, kind)?
                    .and_then(|path| {
                        let bytes = source.read(&path).ok()?;
                        self.parse(kind, &path, bytes).ok()
                    })
                    .map_or(Format::FrontMatter, |r| r.format)
            }
        };
        Ok(match format {
            Format::AdrTools => "adr-tools.md.j2",
            Format::Madr2 => "madr2.md.j2",
            Format::FrontMatter => kind.template.as_str(),
        }
        .to_string())
    }

    /// How new files of `kind` are numbered: git-adr's `NNNN-` (the configured width), or in an
    /// existing folder the prefix and width of its highest-numbered file (`adr-017-…` →
    /// `adr-`, 3).
    pub fn naming(&self, kind: &Kind) -> Result<(String, usize)> {
        let default = (String::new(), self.config.id_width);
        if !kind.in_place() {
            return Ok(default);
        }
        let source = self.default_source()?;
        // A record in its own folder (`0005-x/README.md`) says nothing about file naming.
        let name = self.newest_file(&source, kind)?.and_then(|path| {
            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
            (crate::model::record::numbering(&name).1 > 0).then_some(name)
        });
        Ok(match name {
            Some(name) => {
                let (prefix, digits) = crate::model::record::numbering(&name);
                (prefix.to_string(), digits)
            }
            None => default,
        })
    }

    /// The highest-numbered record file of `kind`: what a team writes now.
    fn newest_file(&self, source: &Source<'_>, kind: &Kind) -> Result<Option<String>> {
        Ok(self
            .record_files(source, kind)?
            .into_iter()
            .filter_map(|f| Some((crate::model::record::id_and_slug(&f.path).0?, f.path)))
            .max_by_key(|(id, _)| *id)
            .map(|(_, path)| path))
    }

    fn kind_in_place(&self, kind: &str) -> bool {
        self.config.kinds.get(kind).is_some_and(Kind::in_place)
    }

    /// One edit of a record of an existing folder, written in the file's own format: a status
    /// line or section, and relations as links to the other record's file.
    fn edit_in_place(
        &self,
        record: &Record,
        text: &str,
        key: &str,
        value: &frontmatter::Value,
        pending: &[&Record],
    ) -> Result<String> {
        let fail = |message: String| {
            RecordError::new(&record.path, None, message).with_hint(
                "edit the file by hand; git adr edits status and relations of records in existing folders",
            )
        };
        let edit = match (key, value, Relation::from_key(key)) {
            ("status", frontmatter::Value::Scalar(s), _) => {
                Edit::Status(s.trim_matches('"').to_string())
            }
            (_, frontmatter::Value::List(items), Some(rel)) => {
                Edit::Ids(rel, items.iter().filter_map(|i| Id::parse_ref(i)).collect())
            }
            _ if record.format == Format::FrontMatter => return set_key(record, text, key, value),
            _ => {
                return Err(fail(format!(
                    "cannot set `{key}` in a {} record",
                    format_name(record.format)
                ))
                .into())
            }
        };
        let kind = self.config.kind(&record.kind)?;
        let from_dir = record.path.rsplit_once('/').map_or("", |(d, _)| d);
        let target = |id: Id| -> Option<LinkTarget> {
            let other = match pending
                .iter()
                .find(|r| r.kind == kind.name && r.id == Some(id))
            {
                Some(r) => (*r).clone(),
                None => self.find(&id.0.to_string(), Some(kind)).ok()?,
            };
            Some(LinkTarget {
                id,
                href: relative_link(from_dir, &other.path),
                display: self.display_id(&other),
                title: other.title,
            })
        };
        formats::edit(record, text, &edit, &target).map_err(|m| fail(m).into())
    }

    /// Writes a set of front-matter edits to several records as one operation.
    /// Takes the edit lock; the caller holds it already when it computed the edits from
    /// records it read (see [`Store::reread`]).
    pub fn apply(&self, edits: Vec<(Record, Vec<(&str, frontmatter::Value)>)>) -> Result<()> {
        let _lock = self.lock()?;
        let mut tx = atomic::Transaction::new();
        self.add_edits(&mut tx, edits, &[])?;
        self.commit(tx, None)
    }

    /// Adds front-matter edits of records to a transaction (see [`Store::apply`]). `pending`
    /// are records the same transaction creates, which edits may link to.
    pub fn add_edits(
        &self,
        tx: &mut atomic::Transaction,
        edits: Vec<(Record, Vec<(&str, frontmatter::Value)>)>,
        pending: &[&Record],
    ) -> Result<()> {
        for (record, changes) in edits {
            let mut text = record.text.clone();
            for (key, value) in changes {
                text = if !self.kind_in_place(&record.kind) {
                    set_key(&record, &text, key, &value)?
                } else {
                    self.edit_in_place(&record, &text, key, &value, pending)?
                };
            }
            if text != record.text {
                tx.write(self.edit_target(&record.path)?, text.into_bytes());
            }
        }
        Ok(())
    }
}

/// The error for a lock file that cannot be made: a read-only git directory (a read-only
/// mount, another user's clone, a container's volume) is said as such, with what to do.
fn lock_error(path: &Path, e: std::io::Error) -> Error {
    use std::io::ErrorKind;
    if !matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    ) {
        return Error::io(path, e);
    }
    let dir = path.parent().unwrap_or(path).display();
    Error::usage_hint(
        format!("cannot write {}: {e}; the git directory {dir} is read-only to you", path.display()),
        format!("git-adr keeps its lock in {dir}, as git keeps its own: run it as the owner of the clone, or where the repository is mounted writable; commands that only read (list, show, check) work as they are"),
    )
}

/// Is a file in a kind's directory one of its records? Numbered kinds: `NNNN-slug.md`.
/// Unnumbered kinds: any `.md` except an index (`README.md`, `index.md`).
pub fn is_record_name(kind: &Kind, name: &str) -> bool {
    if name.starts_with('.') {
        return false;
    }
    if kind.in_place() {
        // Existing folders: numbered names (`0002-x.md`, `adr-002-x.md`, `.markdown`, no
        // extension) and date-named ones (`20240105-x.md`). README, index, `template.md` and
        // `0000-template.md` have no number; images and scripts have other extensions.
        let text = name.ends_with(".md") || name.ends_with(".markdown");
        return Id::from_file_name(name).is_some()
            || (text && crate::model::record::starts_with_date(name));
    }
    if !name.ends_with(".md") {
        return false;
    }
    if kind.numbered {
        Id::from_file_name(name).is_some()
    } else {
        !matches!(name.to_ascii_lowercase().as_str(), "readme.md" | "index.md")
    }
}

/// [`frontmatter::set_key`] on a record's text, its errors naming the record's file.
fn set_key(record: &Record, text: &str, key: &str, value: &frontmatter::Value) -> Result<String> {
    frontmatter::set_key(text, key, value).map_err(|e| {
        RecordError::new(
            &record.path,
            e.line,
            format!("cannot edit `{key}`: {}", e.message),
        )
        .into()
    })
}

/// How people call a record format in messages.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::FrontMatter => "front-matter (MADR 3/4)",
        Format::Madr2 => "MADR 2",
        Format::AdrTools => "adr-tools",
    }
}

/// A Markdown link target from a file in `from_dir` to `to` (both repo-relative): `0005-x.md`,
/// `../area/0005-x.md`; characters that would end or break a link are percent-encoded
/// (`0015%20name.md`).
pub fn relative_link(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_parts[common..]);
    let mut href = String::new();
    for c in out.join("/").chars() {
        match c {
            ' ' => href.push_str("%20"),
            '(' => href.push_str("%28"),
            ')' => href.push_str("%29"),
            '<' => href.push_str("%3C"),
            '>' => href.push_str("%3E"),
            '|' => href.push_str("%7C"),
            c if c.is_control() => {}
            c => href.push(c),
        }
    }
    href
}

/// Is this repo-relative path one of `kind`'s record files (by name, not content)?
pub fn is_record_path(kind: &Kind, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if is_record_name(kind, name) {
        return true;
    }
    kind.in_place()
        && matches!(name.to_ascii_lowercase().as_str(), "readme.md" | "index.md")
        && crate::model::record::id_and_slug(path).0.is_some()
}

/// The highest number of a record file of `kind` in the work tree at `root` (0 when there is
/// none or the folder cannot be read). A git-adr folder is read in one pass over its names,
/// unsorted, and only a name that would raise the highest is looked at whole.
fn max_id_in_work_tree(root: &Path, kind: &Kind) -> u32 {
    if kind.in_place() {
        let files = record_files(&Source::WorkTree(root.to_path_buf()), kind).unwrap_or_default();
        return files
            .iter()
            .filter_map(|f| crate::model::record::id_and_slug(&f.path).0)
            .map(|id| id.0)
            .max()
            .unwrap_or(0);
    }
    let dir = root.join(kind.path());
    if crate::git::source::ensure_inside(root, &dir).is_err() {
        return 0;
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut max = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let mut higher = max;
        crate::git::names::raise(&mut higher, name.as_encoded_bytes());
        if higher > max
            && entry.file_type().is_ok_and(|t| !t.is_dir())
            && is_record_name(kind, &name.to_string_lossy())
        {
            max = higher;
        }
    }
    max
}

/// The record files of `kind` in `source` that may be record `id` (all of them without one):
/// what [`Store::find`] looks through. In a git-adr folder of the work tree, the folder is read
/// in one pass and only names with that number are kept, rather than every name listed,
/// sorted and parsed to look for one.
fn record_files_numbered(
    source: &Source<'_>,
    kind: &Kind,
    id: Option<Id>,
) -> Result<Vec<RecordFile>> {
    let (Some(id), Source::WorkTree(root), false) = (id, source, kind.in_place()) else {
        return record_files(source, kind);
    };
    let dir = kind.path();
    let path = root.join(&dir);
    crate::git::source::ensure_inside(root, &path)?;
    let entries = match std::fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&path, e))?;
        let raw = entry.file_name();
        // A name with another number is not record `id`, whatever else it is.
        if crate::git::names::number_in_name(raw.as_encoded_bytes()) != Some(u64::from(id.0))
            || !entry.file_type().is_ok_and(|t| !t.is_dir())
        {
            continue;
        }
        let name = raw.to_string_lossy();
        if is_record_name(kind, &name) {
            out.push(RecordFile {
                path: format!("{dir}/{name}"),
                utf8: raw.to_str().is_some(),
                stamp: None,
            });
        }
    }
    out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The record files of `kind` in `source`: see [`Store::record_files`].
pub fn record_files(source: &Source<'_>, kind: &Kind) -> Result<Vec<RecordFile>> {
    record_files_with(source, kind, false)
}

/// [`record_files`], with the stamps of work-tree files when `stamps` (for the record cache).
fn record_files_with(source: &Source<'_>, kind: &Kind, stamps: bool) -> Result<Vec<RecordFile>> {
    let list = |dir: &str| {
        if stamps {
            source.list_stamped(dir)
        } else {
            source.list(dir)
        }
    };
    let mut out = Vec::new();
    let mut dirs = vec![(kind.path(), 0usize)];
    while let Some((dir, depth)) = dirs.pop() {
        for entry in list(&dir)? {
            if is_record_name(kind, &entry.name) {
                out.push(RecordFile {
                    path: format!("{dir}/{}", entry.name),
                    utf8: entry.utf8,
                    stamp: entry.stamp,
                });
            }
        }
        if !kind.in_place() || depth >= MAX_FOLDER_DEPTH {
            continue;
        }
        for sub in source.list_dirs(&dir)? {
            if sub.starts_with('.') || sub == "node_modules" {
                continue;
            }
            let path = format!("{dir}/{sub}");
            // `0005-use-x/README.md`: the folder is the record.
            if Id::from_file_name(&sub).is_some() {
                let names = list(&path)?;
                if let Some(main) = names.iter().find(|e| {
                    matches!(
                        e.name.to_ascii_lowercase().as_str(),
                        "readme.md" | "index.md"
                    )
                }) {
                    out.push(RecordFile {
                        path: format!("{path}/{}", main.name),
                        utf8: true,
                        stamp: main.stamp,
                    });
                }
            }
            dirs.push((path, depth + 1));
        }
    }
    // Paths are distinct: an unstable sort gives the same order, with less moving.
    out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The folder adr-tools' `.adr-dir` file names at the root of the repository; `None` when there
/// is no such file, an error when it names a folder outside the work tree or in `.git/`.
pub fn adr_dir(source: &Source<'_>) -> Result<Option<String>> {
    let Some(text) = source
        .read(".adr-dir")
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .filter(|t| !t.trim().is_empty())
    else {
        return Ok(None);
    };
    match crate::model::config::plain_repo_path(&text) {
        Some(folder) => Ok(Some(folder)),
        None => Err(Error::usage_hint(
            format!(
                ".adr-dir names `{}`, which is not a folder inside the repository (it must be relative, outside .git/ and without `..`)",
                text.trim()
            ),
            "write the records folder's path from the repository root in .adr-dir, e.g. doc/adr",
        )),
    }
}

/// Parses a record file of `kind`: what the record cache keeps, a function of the kind's name,
/// whether it is read in place, the path and the bytes.
fn parse_record(kind: &Kind, path: &str, bytes: Vec<u8>) -> Result<Record, RecordError> {
    if kind.in_place() {
        Record::parse_in_place(&kind.name, path, bytes)
    } else {
        Record::parse(&kind.name, path, bytes)
    }
}

/// What reading one record file takes, decided before the files are read in parallel.
enum Work {
    /// Known already (a file name that is not UTF-8).
    Done(Result<Record, RecordError>),
    /// Found in the record cache.
    Hit(Record),
    /// A work-tree file to read and parse.
    ReadFile,
    /// A blob, read, to parse.
    Parse(Result<Vec<u8>, RecordError>),
}

/// A work-tree read without a work tree: never planned (see [`Store::read_records`]).
fn source_less(path: &str) -> Result<Vec<u8>, RecordError> {
    Err(RecordError::new(path, None, "cannot read: no work tree"))
}

/// How many files to parse make it worth starting threads.
const MIN_PARALLEL: usize = 64;

/// `f` over `items` on the available cores (contiguous chunks, one thread each) when
/// `parallel`, else on this thread; the results in the items' order.
pub(crate) fn par_map<T: Send, R: Send>(
    items: Vec<T>,
    parallel: bool,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || !parallel {
        return items.into_iter().map(f).collect();
    }
    let size = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut rest = items.into_iter();
    loop {
        let chunk: Vec<T> = rest.by_ref().take(size).collect();
        if chunk.is_empty() {
            break;
        }
        chunks.push(chunk);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// `: did you mean `accepted`?` when `status` misspells one of the lifecycle's `statuses`.
fn did_you_mean(status: &str, statuses: &[String]) -> String {
    let words: Vec<&str> = statuses.iter().map(String::as_str).collect();
    crate::model::record::status::near_miss(status, &words)
        .map(|w| format!(": did you mean `{w}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_git_directory_is_said_with_a_hint() {
        let path = Path::new("/repo/.git/adr.lock");
        let e = lock_error(path, std::io::ErrorKind::PermissionDenied.into());
        assert!(
            matches!(&e, Error::Usage { hint: Some(h), .. } if h.contains("run it as the owner of the clone")),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .contains("the git directory /repo/.git is read-only to you"),
            "{e}"
        );
        let other = lock_error(path, std::io::ErrorKind::NotFound.into());
        assert!(matches!(other, Error::Io { .. }), "{other:?}");
    }
}
