//! Durable writes, git's way: write a temporary file in the same directory, sync it, rename it
//! over the target, sync the directory. No command leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn temp_in(dir: &Path, mode: Option<u32>) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".git-adr-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile creates 0600 files; records are ordinary files that others may read.
        builder.permissions(std::fs::Permissions::from_mode(mode.unwrap_or(0o644)));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))
}

fn mode_of(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn sync_dir(dir: &Path) {
    // Best effort: not every platform can open a directory for syncing.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn staged(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<tempfile::NamedTempFile> {
    let mut tmp = temp_in(parent(path), mode)?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io(tmp.path().to_path_buf(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path().to_path_buf(), e))?;
    Ok(tmp)
}

/// Replaces (or creates) `path`, a cache of derived data under the git directory:
/// its folder is made if missing, and the file is replaced by a rename (a reader sees the old
/// file or the new one; of two writers the last wins) but not synced to disk: after a crash it
/// may be empty or old, which its reader detects and recovers from by recomputing it.
///
/// The content is what `write` writes (through a buffer), so that a large file made of pieces
/// need not be copied into one first.
pub fn write_derived(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = parent(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = temp_in(dir, None)?;
    let shown = tmp.path().to_path_buf();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
    write(&mut out).map_err(|e| Error::io(&shown, e))?;
    let tmp = out
        .into_inner()
        .map_err(|e| Error::io(&shown, e.into_error()))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Replaces (or creates) `path` with `bytes` atomically, keeping the old file's mode.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_mode(path, bytes, mode_of(path))
}

/// Replaces (or creates) `path` atomically with the given mode (unix permission bits), so an
/// executable is never briefly there without its execute bit.
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    let tmp = staged(path, bytes, mode)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(parent(path));
    Ok(())
}

/// Creates `path` with `bytes` atomically; fails with `AlreadyExists` rather than replace a file
/// that is there (two concurrent `new`s never write the same file).
pub fn create_new_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = staged(path, bytes, None).map_err(|e| match e {
        Error::Io { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(parent(path));
    Ok(())
}

/// Several files replaced, created or moved together: every new content is written and synced
/// to a temporary file first, then all are put in place. If any step fails, what was already
/// done is undone (replaced files get their old content back, created files are removed, moved
/// files are moved back), so either all change or none does.
#[derive(Default)]
pub struct Transaction {
    writes: Vec<(PathBuf, Vec<u8>)>,
    renames: Vec<Rename>,
    /// Files created, which must not exist (journaled commits only).
    creates: Vec<(PathBuf, Vec<u8>)>,
}

/// A file moved to a new name, with (possibly) new content.
struct Rename {
    from: PathBuf,
    to: PathBuf,
    bytes: Vec<u8>,
}

impl Rename {
    /// Before anything is touched: the file to move exists and its new name is free.
    fn check(&self) -> Result<()> {
        std::fs::symlink_metadata(&self.from).map_err(|e| Error::io(&self.from, e))?;
        if std::fs::symlink_metadata(&self.to).is_ok() {
            return Err(Error::io(
                &self.to,
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            ));
        }
        Ok(())
    }
}

/// One step already taken, and how to take it back.
enum Undo<'a> {
    /// A file replaced or created by a write: its old content (`None`: it did not exist).
    Restore(&'a Path, Option<Vec<u8>>),
    /// A file created by a rename under its new name.
    Remove(&'a Path),
    /// A renamed file's old name, moved aside to a backup in the same directory. The backup is
    /// deleted when the transaction succeeds (the `TempPath` is dropped).
    PutBack(tempfile::TempPath, &'a Path),
}

fn undo(log: Vec<Undo<'_>>) {
    // Best effort, newest first: the error that started the undo is the one reported.
    for step in log.into_iter().rev() {
        match step {
            Undo::Restore(path, Some(bytes)) => {
                let _ = write_atomic(path, &bytes);
            }
            Undo::Restore(path, None) | Undo::Remove(path) => {
                let _ = std::fs::remove_file(path);
            }
            Undo::PutBack(backup, original) => {
                if std::fs::rename(&backup, original).is_err() {
                    // Never delete the only copy: leave the backup where it is.
                    let _ = backup.keep();
                }
            }
        }
    }
}

impl Transaction {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces (or creates) `path` with `bytes` when the transaction commits.
    pub fn write(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.writes.retain(|(p, _)| p != &path);
        self.writes.push((path, bytes));
    }

    /// Creates `path` with `bytes` when the transaction commits through
    /// [`Transaction::commit_journaled`], which fails with `AlreadyExists`, changing nothing,
    /// if `path` exists.
    pub fn create(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.creates.push((path, bytes));
    }

    /// Moves `from` to `to`, with `bytes` as its content, when the transaction commits. The
    /// file keeps `from`'s mode. `to` must not exist: the commit fails, changing nothing, rather
    /// than replace it. Neither path may also be given to [`Transaction::write`].
    pub fn rename(&mut self, from: PathBuf, to: PathBuf, bytes: Vec<u8>) {
        self.renames.push(Rename { from, to, bytes });
    }

    /// Puts every change in place, or none, as long as the process lives: a failure undoes what
    /// was done. A kill midway is not covered: see [`Transaction::commit_journaled`], which
    /// everything that edits records in a repository uses.
    pub fn commit(self) -> Result<()> {
        debug_assert!(self.creates.is_empty(), "creating needs a journaled commit");
        // 1. Everything that can fail without touching a target: temporary files with the new
        //    contents, the old contents to restore, and the checks on the renames' names.
        let mut prepared = Vec::with_capacity(self.writes.len());
        for (path, bytes) in &self.writes {
            let original = std::fs::read(path).ok();
            prepared.push((path, staged(path, bytes, mode_of(path))?, original));
        }
        let mut moves = Vec::with_capacity(self.renames.len());
        for r in &self.renames {
            r.check()?;
            moves.push((r, staged(&r.to, &r.bytes, mode_of(&r.from))?));
        }

        // 2. Replace, create, move aside; stop and undo at the first failure.
        let mut log: Vec<Undo<'_>> = Vec::new();
        for (path, tmp, original) in prepared {
            if let Err(e) = tmp.persist(path) {
                undo(log);
                return Err(Error::io(path.clone(), e.error));
            }
            log.push(Undo::Restore(path, original));
        }
        for (r, tmp) in moves {
            // No clobbering: a file that appeared under the new name since the check stays.
            if let Err(e) = tmp.persist_noclobber(&r.to) {
                undo(log);
                return Err(Error::io(r.to.clone(), e.error));
            }
            log.push(Undo::Remove(&r.to));
        }
        for r in &self.renames {
            // Moved aside rather than deleted, so that it can be moved back unchanged (inode,
            // mode and all) if a later step fails.
            let aside = temp_in(parent(&r.from), None).map(tempfile::NamedTempFile::into_temp_path);
            let moved = aside.and_then(|backup| {
                std::fs::rename(&r.from, &backup)
                    .map(|()| backup)
                    .map_err(|e| Error::io(&r.from, e))
            });
            match moved {
                Ok(backup) => log.push(Undo::PutBack(backup, &r.from)),
                Err(e) => {
                    undo(log);
                    return Err(e);
                }
            }
        }

        drop(log); // deletes the backups of the renamed files
        for (path, _) in &self.writes {
            sync_dir(parent(path));
        }
        for r in &self.renames {
            sync_dir(parent(&r.to));
            sync_dir(parent(&r.from));
        }
        Ok(())
    }
}

/// Git's index replaced as part of a journaled transaction: `new` holds the index as it will
/// be (a temporary file in the index's directory), `base` the bytes it was made from.
pub struct IndexSwap {
    pub new: tempfile::TempPath,
    pub base: Vec<u8>,
    pub path: PathBuf,
}

/// One step of a journal: what is left to do after a kill.
#[derive(Debug, PartialEq)]
enum Step {
    /// Rename the temporary file over the target (done when the temporary file is gone).
    Put(PathBuf, PathBuf),
    /// Remove a file (a renamed file's old name).
    Remove(PathBuf),
    /// Complete git's own protocol: the index's `.lock`, a hard link of the temporary file,
    /// is renamed over the index. A lock that is not that file is someone else's and is left.
    Index(PathBuf, PathBuf),
}

const JOURNAL_HEADER: &str = "git-adr journal 1";

fn lock_of(index: &Path) -> PathBuf {
    let mut name = index.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// A path in a journal line: its bytes, with `%`, tab, CR and LF percent-encoded.
fn encode(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    for b in bytes {
        match b {
            b'%' | b'\t' | b'\n' | b'\r' => out.extend(format!("%{b:02X}").bytes()),
            b => out.push(b),
        }
    }
    // Non-UTF-8 bytes are kept as they are: the journal is read back as bytes.
    escaping_non_utf8(out)
}

/// The journal is text: a name that is not UTF-8 has its non-ASCII bytes percent-encoded too.
fn escaping_non_utf8(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e
            .into_bytes()
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
    }
}

fn decode(text: &str) -> Option<PathBuf> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    #[cfg(unix)]
    return Some(PathBuf::from(
        <std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(out),
    ));
    #[cfg(not(unix))]
    return String::from_utf8(out).ok().map(PathBuf::from);
}

fn journal_text(steps: &[Step]) -> String {
    let mut text = format!("{JOURNAL_HEADER}\n");
    for step in steps {
        let line = match step {
            Step::Put(tmp, to) => format!("put\t{}\t{}", encode(tmp), encode(to)),
            Step::Remove(path) => format!("remove\t{}", encode(path)),
            Step::Index(tmp, index) => format!("index\t{}\t{}", encode(tmp), encode(index)),
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn parse_journal(text: &str) -> Option<Vec<Step>> {
    let mut lines = text.lines();
    if lines.next()? != JOURNAL_HEADER {
        return None;
    }
    lines
        .map(|line| {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                ["put", tmp, to] => Some(Step::Put(decode(tmp)?, decode(to)?)),
                ["remove", path] => Some(Step::Remove(decode(path)?)),
                ["index", tmp, index] => Some(Step::Index(decode(tmp)?, decode(index)?)),
                _ => None,
            }
        })
        .collect()
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    // Without inode numbers, the content tells: the lock holds exactly what we wrote.
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(a), Ok(b)) if a == b)
}

/// Takes every step that is not done yet. Each step can be taken again: a kill during this
/// leaves a journal that the next run finishes the same way.
fn roll_forward(steps: &[Step]) -> Result<()> {
    let mut dirs: Vec<&Path> = Vec::new();
    for step in steps {
        match step {
            Step::Put(tmp, to) => {
                if std::fs::symlink_metadata(tmp).is_ok() {
                    std::fs::rename(tmp, to).map_err(|e| Error::io(to, e))?;
                    // `rename` of two names of one file does nothing: the temporary name stays.
                    let _ = std::fs::remove_file(tmp);
                }
                dirs.push(parent(to));
            }
            Step::Remove(path) => match std::fs::remove_file(path) {
                Ok(()) => dirs.push(parent(path)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            },
            Step::Index(tmp, index) => {
                let lock = lock_of(index);
                if same_file(tmp, &lock) {
                    std::fs::rename(&lock, index).map_err(|e| Error::io(index, e))?;
                }
                let _ = std::fs::remove_file(tmp);
                dirs.push(parent(index));
            }
        }
    }
    dirs.dedup();
    for dir in dirs {
        sync_dir(dir);
    }
    Ok(())
}

/// The edit lock's file while it is held, and what its release says in it: that the holder
/// finished, and how the folders where edits leave temporary files looked then. The next
/// holder that finds the same looks them over only when something changed them since (a
/// holder killed midway never writes this: its successor sweeps them all). Without it every
/// edit would read a folder of 10,000 records to find no temporary file in it.
///
/// Every edit takes the lock, so only a writer without it (an older git-adr, `adopt`) can leave
/// a temporary file unseen, and only on a file system whose clock ticks coarsely (Linux before
/// 6.13), within one tick of the last change a holder made: the file is then swept after the
/// next change of its folder.
pub struct Held {
    file: std::fs::File,
    journal: PathBuf,
    dirs: Vec<PathBuf>,
}

const CLEAN: &str = "git-adr lock released cleanly 1";

impl Held {
    /// Holds `file` (locked), and gives the folders among `dirs` that [`recover`] must sweep:
    /// all of them, unless the last holder released the lock cleanly and none changed since.
    pub fn take(
        mut file: std::fs::File,
        journal: PathBuf,
        dirs: Vec<PathBuf>,
    ) -> (Held, Vec<PathBuf>) {
        use std::io::{Read, Seek};
        let mut said = String::new();
        let _ = file.read_to_string(&mut said);
        let unchanged = !said.is_empty()
            && Some(said) == release_text(&dirs)
            && std::fs::symlink_metadata(&journal).is_err();
        // Until released cleanly, the file says nothing: a kill from here on is seen as one.
        let _ = file.set_len(0).and_then(|()| file.rewind());
        let sweep = if unchanged { Vec::new() } else { dirs.clone() };
        let held = Held {
            file,
            journal,
            dirs,
        };
        (held, sweep)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        use std::io::{Seek, Write};
        // A journal still there (its roll-forward failed) is for the next holder to finish.
        if std::fs::symlink_metadata(&self.journal).is_ok() {
            return;
        }
        if let Some(text) = release_text(&self.dirs) {
            let _ = self.file.rewind();
            let _ = self.file.write_all(text.as_bytes());
        }
    }
}

/// What a clean release writes: the state of each of `dirs` (its inode and change time, which
/// any file made, renamed or removed in it moves), or `None` where that cannot be told.
fn release_text(dirs: &[PathBuf]) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mut text = format!("{CLEAN}\n");
        for dir in dirs {
            let state = match std::fs::symlink_metadata(dir) {
                Ok(m) => format!("{} {} {} {}", m.dev(), m.ino(), m.ctime(), m.ctime_nsec()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => "-".to_string(),
                Err(_) => return None,
            };
            text.push_str(&format!("{state} {}\n", encode(dir)));
        }
        Some(text)
    }
    #[cfg(not(unix))]
    {
        let _ = dirs;
        None
    }
}

/// Finishes what a killed `git adr` left, under the edit lock: a journal is rolled forward
/// (it is written only once every new content is on disk, so all of the edit is there to put
/// in place), then temporary files of git-adr in `dirs` are removed (the edit they belonged to
/// never reached its journal, so none of it happened). A temporary index file that git's
/// `index.lock` is a link of was ours: that lock is removed too. Returns what could not be
/// done, for a warning.
pub fn recover(journal: &Path, dirs: &[PathBuf], git_dirs: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    if let Ok(text) = std::fs::read_to_string(journal) {
        match parse_journal(&text) {
            Some(steps) => {
                if let Err(e) = roll_forward(&steps) {
                    problems.push(format!(
                        "finishing the edit an interrupted git adr left in {}: {e}",
                        journal.display()
                    ));
                    return problems;
                }
            }
            None => problems.push(format!(
                "{} is not a journal git adr can read; it was removed",
                journal.display()
            )),
        }
        let _ = std::fs::remove_file(journal);
        sync_dir(parent(journal));
    }
    // In the git directories, only an edit's own files: others there (the history cache's)
    // belong to commands that do not take the edit lock and may be writing them now.
    let all = dirs.iter().map(|d| (d, ".git-adr-"));
    for (dir, prefix) in all.chain(git_dirs.iter().map(|d| (d, EDIT_PREFIX))) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.as_encoded_bytes();
            let ours = name.starts_with(prefix.as_bytes())
                && (name.ends_with(b".tmp") || name.ends_with(b".tmp.lock"));
            if !ours || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let lock = dir.join("index.lock");
            if same_file(&path, &lock) {
                let _ = std::fs::remove_file(&lock);
            }
            let _ = std::fs::remove_file(&path);
        }
    }
    problems
}

/// The prefix of the temporary files an edit makes in the git directory (its journal, the new
/// index), which the next edit may remove.
pub const EDIT_PREFIX: &str = ".git-adr-edit-";

/// Writes the journal atomically, its temporary file named as an edit's.
fn write_journal(journal: &Path, text: &str) -> Result<()> {
    let dir = parent(journal);
    let mut tmp = tempfile::Builder::new()
        .prefix(EDIT_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path().to_path_buf(), e))?;
    tmp.persist(journal)
        .map_err(|e| Error::io(journal, e.error))?;
    sync_dir(dir);
    Ok(())
}

impl Transaction {
    /// Puts every change in place, all or nothing even across a kill, through a journal:
    ///
    /// 1. every new content is written to a temporary file beside its target and synced;
    /// 2. with `index`, git's `index.lock` is taken as git takes it, as a hard link of the
    ///    new index (so it is recognisably ours), and the index is checked unchanged;
    /// 3. the journal, listing every rename and removal, is written atomically and synced;
    /// 4. the steps are taken: files renamed into place, old names removed, the index lock
    ///    renamed over the index (which releases it);
    /// 5. the journal is removed.
    ///
    /// A kill before 3 leaves only temporary files (and maybe our `index.lock`), which
    /// [`recover`] removes; a kill after 3 leaves a journal, which [`recover`] finishes. The
    /// caller holds the edit lock, under which [`recover`] also runs.
    pub fn commit_journaled(self, journal: &Path, index: Option<IndexSwap>) -> Result<()> {
        self.journal_then(journal, index, true)
    }

    /// [`Transaction::commit_journaled`], stopping once the journal is written unless `finish`
    /// (tests use that as the kill).
    fn journal_then(self, journal: &Path, index: Option<IndexSwap>, finish: bool) -> Result<()> {
        let mut temps: Vec<tempfile::TempPath> = Vec::new();
        let mut steps = Vec::new();
        for (path, _) in &self.creates {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::io(
                    path,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
        }
        for (path, bytes) in self.creates.iter().chain(&self.writes) {
            let tmp = staged(path, bytes, mode_of(path))?.into_temp_path();
            steps.push(Step::Put(tmp.to_path_buf(), path.clone()));
            temps.push(tmp);
        }
        for r in &self.renames {
            r.check()?;
            let tmp = staged(&r.to, &r.bytes, mode_of(&r.from))?.into_temp_path();
            steps.push(Step::Put(tmp.to_path_buf(), r.to.clone()));
            temps.push(tmp);
        }
        steps.extend(self.renames.iter().map(|r| Step::Remove(r.from.clone())));
        let mut held_lock = None;
        if let Some(index) = index {
            let lock = lock_of(&index.path);
            take_index_lock(&index, &lock)?;
            held_lock = Some(lock);
            steps.push(Step::Index(index.new.to_path_buf(), index.path.clone()));
            temps.push(index.new);
        }
        if let Err(e) = write_journal(journal, &journal_text(&steps)) {
            if let Some(lock) = held_lock {
                let _ = std::fs::remove_file(lock);
            }
            return Err(e);
        }
        // From here the journal owns the temporary files: a failure is finished by the next run.
        for tmp in temps {
            let _ = tmp.keep();
        }
        if !finish {
            return Ok(());
        }
        roll_forward(&steps).map_err(|e| {
            // Not undone: the journal holds every step, and undoing would need the contents the
            // renames already replaced. The next edit finishes it once the cause is gone.
            Error::usage_hint(
                format!("{e}: the edit stopped half done"),
                "fix that, then run any git-adr command that edits records (e.g. the same one \
                 again): it finishes the edit from .git/adr-journal before doing its own",
            )
        })?;
        let _ = std::fs::remove_file(journal);
        sync_dir(parent(journal));
        Ok(())
    }
}

/// Takes git's `index.lock` as a hard link of the new index, then checks that the index is
/// still what the new one was made from (else another git changed it meanwhile).
fn take_index_lock(index: &IndexSwap, lock: &Path) -> Result<()> {
    match std::fs::hard_link(&index.new, lock) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::usage_hint(
                format!(
                    "{} exists: another git process is writing the index",
                    lock.display()
                ),
                "wait for it to finish and run the command again; if no git is running, remove that file",
            ))
        }
        Err(e) => return Err(Error::io(lock, e)),
    }
    let now = std::fs::read(&index.path).unwrap_or_default();
    if now != index.base {
        let _ = std::fs::remove_file(lock);
        return Err(Error::usage_hint(
            format!("{} changed while git adr was working", index.path.display()),
            "run the command again",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn create_new_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        create_new_atomic(&p, b"one").unwrap();
        let e = create_new_atomic(&p, b"two").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn transaction_writes_all() {
        let (_dir, [a, b]) = files([("a", Some("old")), ("b", None)]);
        let mut t = Transaction::new();
        t.write(a.clone(), b"new a".to_vec());
        t.write(b.clone(), b"new b".to_vec());
        t.commit().unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
    }

    #[test]
    fn transaction_fails_before_touching_anything_when_a_target_dir_is_missing() {
        let (dir, [a]) = files([("a", Some("old"))]);
        let mut t = Transaction::new();
        t.write(a.clone(), b"new".to_vec());
        t.write(dir.path().join("missing/b"), b"x".to_vec());
        assert!(t.commit().is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
    }

    /// A temporary folder and the paths of `files` in it; those with content are written, the
    /// others left absent.
    fn files<const N: usize>(files: [(&str, Option<&str>); N]) -> (TempDir, [PathBuf; N]) {
        let dir = tempfile::tempdir().unwrap();
        let paths = files.map(|(name, content)| {
            let path = dir.path().join(name);
            if let Some(content) = content {
                std::fs::write(&path, content).unwrap();
            }
            path
        });
        (dir, paths)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn transaction_renames_and_writes_together() {
        let (dir, [a, b, c]) = files([
            ("0005-a.md", Some("a")),
            ("0006-a.md", None),
            ("0007-c.md", Some("c")),
        ]);
        let mut t = Transaction::new();
        t.rename(a.clone(), b.clone(), b"a moved".to_vec());
        t.write(c.clone(), b"c edited".to_vec());
        t.commit().unwrap();
        assert!(!a.exists());
        assert_eq!(std::fs::read(&b).unwrap(), b"a moved");
        assert_eq!(std::fs::read(&c).unwrap(), b"c edited");
        assert_eq!(names(dir.path()), ["0006-a.md", "0007-c.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn transaction_rename_keeps_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "a").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut t = Transaction::new();
        t.rename(a, b.clone(), b"a".to_vec());
        t.commit().unwrap();
        let mode = std::fs::metadata(&b).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn transaction_rename_never_replaces_an_existing_file() {
        let (dir, [a, b, c]) = files([("a", Some("a")), ("b", Some("b")), ("c", Some("c"))]);
        let mut t = Transaction::new();
        t.write(c.clone(), b"c edited".to_vec());
        t.rename(a.clone(), b.clone(), b"a".to_vec());
        let e = t.commit().unwrap_err();
        assert!(
            matches!(e, Error::Io { ref source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
        assert_eq!(std::fs::read(&b).unwrap(), b"b");
        assert_eq!(std::fs::read(&c).unwrap(), b"c");
        assert_eq!(names(dir.path()), ["a", "b", "c"]);
    }

    /// A transaction over `dir`'s `a` (edited), `b` (moved to `b2`) and `c` (created).
    fn three_changes(dir: &Path) -> Transaction {
        let mut t = Transaction::new();
        t.write(dir.join("a"), b"a edited".to_vec());
        t.rename(dir.join("b"), dir.join("b2"), b"b moved".to_vec());
        t.write(dir.join("c"), b"c new".to_vec());
        t
    }

    fn assert_all_done(dir: &Path) {
        assert_eq!(names(dir), ["a", "b2", "c", "git"]);
        assert_eq!(std::fs::read(dir.join("a")).unwrap(), b"a edited");
        assert_eq!(std::fs::read(dir.join("b2")).unwrap(), b"b moved");
        assert_eq!(std::fs::read(dir.join("c")).unwrap(), b"c new");
    }

    /// A folder with `a`, `b` and an empty `git/` for the journal.
    fn journal_dir() -> (TempDir, PathBuf) {
        let (dir, _) = files([("a", Some("a")), ("b", Some("b"))]);
        std::fs::create_dir(dir.path().join("git")).unwrap();
        let journal = dir.path().join("git/adr-journal");
        (dir, journal)
    }

    #[test]
    fn a_journaled_transaction_puts_everything_in_place_and_leaves_nothing() {
        let (dir, journal) = journal_dir();
        three_changes(dir.path())
            .commit_journaled(&journal, None)
            .unwrap();
        assert_all_done(dir.path());
        assert!(names(&dir.path().join("git")).is_empty());
    }

    #[test]
    fn a_journal_left_by_a_kill_is_finished_by_the_next_run() {
        let (dir, journal) = journal_dir();
        three_changes(dir.path())
            .journal_then(&journal, None, false)
            .unwrap();
        // Killed after the journal: nothing is in place yet, the new contents wait beside.
        assert_eq!(std::fs::read(dir.path().join("a")).unwrap(), b"a");
        assert!(journal.exists());
        // Half the steps taken, as a kill during them leaves it.
        let text = std::fs::read_to_string(&journal).unwrap();
        let steps = parse_journal(&text).unwrap();
        roll_forward(&steps[..1]).unwrap();
        let problems = recover(&journal, &[dir.path().to_path_buf()], &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_all_done(dir.path());
        assert!(!journal.exists());
    }

    #[test]
    fn temporary_files_without_a_journal_are_removed_and_nothing_changes() {
        let (dir, journal) = journal_dir();
        let t = three_changes(dir.path());
        // Killed before the journal: only the temporary files exist.
        for (path, bytes) in &t.writes {
            let _ = staged(path, bytes, None).unwrap().into_temp_path().keep();
        }
        assert_eq!(names(dir.path()).len(), 5);
        assert!(recover(&journal, &[dir.path().to_path_buf()], &[]).is_empty());
        assert_eq!(names(dir.path()), ["a", "b", "git"]);
        assert_eq!(std::fs::read(dir.path().join("a")).unwrap(), b"a");
    }

    #[cfg(unix)]
    #[test]
    fn folders_are_swept_unless_the_last_holder_released_cleanly_and_nothing_changed_since() {
        let (dir, journal) = journal_dir();
        let records = dir.path().join("records");
        std::fs::create_dir(&records).unwrap();
        let lock = dir.path().join("git/adr.lock");
        let open = || {
            std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(&lock)
                .unwrap()
        };
        let take = || Held::take(open(), journal.clone(), vec![records.clone()]);
        let (held, sweep) = take();
        assert_eq!(sweep, std::slice::from_ref(&records), "no release seen yet");
        drop(held);
        let (held, sweep) = take();
        assert!(sweep.is_empty(), "released cleanly, nothing changed");
        // Held and killed: no release is written.
        std::mem::forget(held);
        let (held, sweep) = take();
        assert_eq!(sweep, std::slice::from_ref(&records), "after a kill");
        drop(held);
        // The folder changed since the release: a file made in it (here in a folder put in
        // its place, so that the change does not hang on the clock's resolution).
        let old = dir.path().join("records.old");
        std::fs::rename(&records, &old).unwrap();
        std::fs::create_dir(&records).unwrap();
        std::fs::write(records.join(".git-adr-x.tmp"), "half").unwrap();
        let (held, sweep) = take();
        assert_eq!(sweep, std::slice::from_ref(&records), "the folder changed");
        drop(held);
        // A journal left is finished, and the folders swept, whatever the release said.
        std::fs::write(&journal, "x").unwrap();
        let (held, sweep) = take();
        assert_eq!(sweep, std::slice::from_ref(&records), "a journal is there");
        std::fs::remove_file(&journal).unwrap();
        drop(held);
        let (_held, sweep) = take();
        assert!(sweep.is_empty());
    }

    #[test]
    fn journal_paths_survive_tabs_newlines_and_percent_signs() {
        let steps = vec![
            Step::Put("/r/.x%y.tmp".into(), "/r/a\tb\nc.md".into()),
            Step::Remove("/r/é 100%.md".into()),
            Step::Index("/g/.t.tmp".into(), "/g/index".into()),
        ];
        assert_eq!(parse_journal(&journal_text(&steps)).unwrap(), steps);
        assert!(parse_journal("something else\nput\ta\tb\n").is_none());
    }

    /// An index file `git/index` and a new version of it, as [`IndexSwap`].
    fn index_swap(dir: &Path) -> IndexSwap {
        let path = dir.join("git/index");
        std::fs::write(&path, "old index").unwrap();
        let new = staged(&path, b"new index", None).unwrap().into_temp_path();
        IndexSwap {
            new,
            base: b"old index".to_vec(),
            path,
        }
    }

    #[test]
    fn the_index_is_replaced_with_the_files_and_its_lock_is_released() {
        let (dir, journal) = journal_dir();
        let swap = index_swap(dir.path());
        three_changes(dir.path())
            .commit_journaled(&journal, Some(swap))
            .unwrap();
        assert_all_done(dir.path());
        assert_eq!(names(&dir.path().join("git")), ["index"]);
        assert_eq!(
            std::fs::read(dir.path().join("git/index")).unwrap(),
            b"new index"
        );
    }

    #[test]
    fn an_index_lock_held_by_another_git_refuses_the_whole_edit() {
        let (dir, journal) = journal_dir();
        let swap = index_swap(dir.path());
        std::fs::write(dir.path().join("git/index.lock"), "theirs").unwrap();
        let e = three_changes(dir.path())
            .commit_journaled(&journal, Some(swap))
            .unwrap_err();
        assert!(e.to_string().contains("index.lock exists"), "{e}");
        assert_eq!(names(dir.path()), ["a", "b", "git"]);
        assert_eq!(names(&dir.path().join("git")), ["index", "index.lock"]);
        assert_eq!(
            std::fs::read(dir.path().join("git/index.lock")).unwrap(),
            b"theirs"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_index_lock_a_kill_left_is_removed_only_when_it_is_ours() {
        let (dir, journal) = journal_dir();
        let git = dir.path().join("git");
        let swap = index_swap(dir.path());
        // Killed after taking git's lock, before the journal. The history cache's temporary
        // file (another command's, written without the edit lock) stays.
        let cache = staged(&git.join("adr-cache"), b"c", None)
            .unwrap()
            .into_temp_path();
        let cache = cache.keep().unwrap();
        let ours = git.join(format!("{EDIT_PREFIX}index.tmp"));
        std::fs::rename(swap.new.keep().unwrap(), &ours).unwrap();
        std::fs::hard_link(&ours, git.join("index.lock")).unwrap();
        assert!(recover(&journal, &[], std::slice::from_ref(&git)).is_empty());
        assert!(cache.exists(), "another command's temporary file stays");
        std::fs::remove_file(cache).unwrap();
        assert_eq!(names(&git), ["index"]);
        assert_eq!(std::fs::read(git.join("index")).unwrap(), b"old index");
        // Another git's lock beside a stale temporary file of ours stays.
        std::fs::write(git.join(format!("{EDIT_PREFIX}x.tmp")), "x").unwrap();
        std::fs::write(git.join("index.lock"), "theirs").unwrap();
        assert!(recover(&journal, &[], std::slice::from_ref(&git)).is_empty());
        assert_eq!(names(&git), ["index", "index.lock"]);
    }

    #[test]
    fn transaction_with_a_missing_rename_source_changes_nothing() {
        let (dir, [c]) = files([("c", Some("c"))]);
        let mut t = Transaction::new();
        t.write(c.clone(), b"c edited".to_vec());
        t.rename(
            dir.path().join("gone"),
            dir.path().join("new"),
            b"x".to_vec(),
        );
        assert!(t.commit().is_err());
        assert_eq!(std::fs::read(&c).unwrap(), b"c");
        assert_eq!(names(dir.path()), ["c"]);
    }
}
