//! Where records are read from: the work tree, the index (what will be committed), or a commit's
//! tree. Listing and reading go through one type so every command can use any of them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::error::rule::Rule;
use crate::error::{Error, RecordError, Result};
use crate::model::record::MAX_RECORD_BYTES;

/// What a file's content is known by without reading it (see [`Source::stamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// A blob of the index or of a tree: its id is a hash of the content.
    Blob(git2::Oid),
    /// A file of the work tree: its stat data, which any write changes.
    File(FileStat),
}

/// The stat data of a work-tree file that git's index compares to tell whether the file
/// changed: size, modification and change times (seconds, nanoseconds), device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    pub size: u64,
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub dev: u64,
    pub ino: u64,
}

impl FileStat {
    /// The stat data of `meta`. Outside unix there is no change time or inode: the
    /// modification time stands in for the change time.
    pub fn of(meta: &std::fs::Metadata) -> FileStat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileStat {
                size: meta.len(),
                mtime: (meta.mtime(), meta.mtime_nsec() as u32),
                ctime: (meta.ctime(), meta.ctime_nsec() as u32),
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let since = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
            };
            let mtime = since(meta.modified());
            FileStat {
                size: meta.len(),
                mtime,
                ctime: mtime,
                dev: 0,
                ino: 0,
            }
        }
    }
}

/// A place to read record files from.
pub enum Source<'r> {
    /// Files on disk under this root (the repository's work tree).
    WorkTree(PathBuf),
    /// The index: staged content.
    Index(git2::Index, &'r git2::Repository),
    /// A commit's tree, e.g. `HEAD` in a bare repository. Built with [`Source::tree`].
    Tree(TreeSource<'r>),
}

/// A tree to read from, with each directory's listing read once: looking a path up from the
/// root for every file would parse a 10,000-entry directory tree 10,000 times.
pub struct TreeSource<'r> {
    root: git2::Tree<'r>,
    repo: &'r git2::Repository,
    dirs: std::cell::RefCell<HashMap<String, Rc<Listing>>>,
}

/// A directory's entries: name → (object id, file mode, is a blob). Ordered, so that a listing
/// of 10,000 records comes out sorted rather than sorted again on every call.
type Listing = std::collections::BTreeMap<Vec<u8>, (git2::Oid, u32, bool)>;

impl<'r> TreeSource<'r> {
    fn listing(&self, dir: &str) -> Rc<Listing> {
        if let Some(l) = self.dirs.borrow().get(dir) {
            return l.clone();
        }
        let mut listing = Listing::new();
        let subtree = if dir.is_empty() {
            Some(self.root.clone())
        } else {
            self.root
                .get_path(Path::new(dir))
                .ok()
                .and_then(|e| e.to_object(self.repo).ok())
                .and_then(|o| o.into_tree().ok())
        };
        if let Some(tree) = subtree {
            for item in tree.iter() {
                let blob = item.kind() == Some(git2::ObjectType::Blob);
                listing.insert(
                    item.name_bytes().to_vec(),
                    (item.id(), item.filemode() as u32, blob),
                );
            }
        }
        let listing = Rc::new(listing);
        self.dirs
            .borrow_mut()
            .insert(dir.to_string(), listing.clone());
        listing
    }
}

/// A file name found in a directory listing. Names that are not UTF-8 are kept (lossily) so
/// they can be reported instead of silently skipped.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub utf8: bool,
    /// What the file's content is known by (see [`Source::stamp`]), when listed with
    /// [`Source::list_stamped`] from the work tree.
    pub stamp: Option<Stamp>,
}

impl<'r> Source<'r> {
    /// A source reading from `tree`.
    pub fn tree(tree: git2::Tree<'r>, repo: &'r git2::Repository) -> Source<'r> {
        Source::Tree(TreeSource {
            root: tree,
            repo,
            dirs: Default::default(),
        })
    }

    /// Files (not directories) directly in `dir` (repo-relative), sorted by name. A missing
    /// directory is an empty listing.
    pub fn list(&self, dir: &str) -> Result<Vec<Entry>> {
        self.list_entries(dir, false)
    }

    /// [`Source::list`] with each work-tree file's stamp, taken from the directory as it is
    /// read (a stat relative to the open directory costs less than one by full path).
    pub fn list_stamped(&self, dir: &str) -> Result<Vec<Entry>> {
        self.list_entries(dir, true)
    }

    fn list_entries(&self, dir: &str, stamps: bool) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        match self {
            Source::WorkTree(root) => {
                let path = root.join(dir);
                ensure_inside(root, &path)?;
                let read = match std::fs::read_dir(&path) {
                    Ok(r) => r,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
                    Err(e) => return Err(Error::io(path, e)),
                };
                for item in read {
                    let item = item.map_err(|e| Error::io(&path, e))?;
                    let Ok(ft) = item.file_type() else { continue };
                    if ft.is_dir() {
                        continue;
                    }
                    let raw = item.file_name();
                    let utf8 = raw.to_str().is_some();
                    // Not following a symlink: only a regular file has a stamp.
                    let stamp = (stamps && ft.is_file())
                        .then(|| item.metadata().ok())
                        .flatten()
                        .map(|m| Stamp::File(FileStat::of(&m)));
                    out.push(Entry {
                        name: raw.to_string_lossy().into_owned(),
                        utf8,
                        stamp,
                    });
                }
            }
            Source::Index(index, _) => {
                let prefix = format!("{dir}/");
                for entry in index.iter() {
                    let Some(rest) = entry.path.strip_prefix(prefix.as_bytes()) else {
                        continue;
                    };
                    if rest.contains(&b'/') {
                        continue;
                    }
                    // Stage > 0 entries are conflicts; list the name once.
                    let name = String::from_utf8_lossy(rest).into_owned();
                    if out.last().is_some_and(|e: &Entry| e.name == name) {
                        continue;
                    }
                    out.push(Entry {
                        utf8: std::str::from_utf8(rest).is_ok(),
                        name,
                        stamp: None,
                    });
                }
            }
            Source::Tree(t) => {
                for (name, (_, _, blob)) in t.listing(dir).iter() {
                    if *blob {
                        out.push(Entry {
                            utf8: std::str::from_utf8(name).is_ok(),
                            name: String::from_utf8_lossy(name).into_owned(),
                            stamp: None,
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The names of the sub-directories of `dir` (repo-relative), sorted; symlinks are not
    /// followed. For reading folders that nest records.
    pub fn list_dirs(&self, dir: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        match self {
            Source::WorkTree(root) => {
                let path = root.join(dir);
                ensure_inside(root, &path)?;
                let Ok(read) = std::fs::read_dir(&path) else {
                    return Ok(out);
                };
                for item in read.flatten() {
                    if item.file_type().is_ok_and(|ft| ft.is_dir()) {
                        if let Some(name) = item.file_name().to_str() {
                            out.push(name.to_string());
                        }
                    }
                }
            }
            Source::Index(index, _) => {
                let prefix = format!("{dir}/");
                for entry in index.iter() {
                    let Some(rest) = entry.path.strip_prefix(prefix.as_bytes()) else {
                        continue;
                    };
                    if let Some(slash) = rest.iter().position(|b| *b == b'/') {
                        if let Ok(name) = std::str::from_utf8(&rest[..slash]) {
                            if out.last().is_none_or(|l: &String| l != name) {
                                out.push(name.to_string());
                            }
                        }
                    }
                }
            }
            Source::Tree(t) => {
                for (name, (_, mode, blob)) in t.listing(dir).iter() {
                    // 0o040000: a tree (not a submodule's commit).
                    if !*blob && mode & 0o170000 == 0o040000 {
                        if let Ok(name) = std::str::from_utf8(name) {
                            out.push(name.to_string());
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Whether there is a file or folder at `path` (repo-relative); a symlink counts, whatever
    /// it points to.
    pub fn has(&self, path: &str) -> bool {
        match self {
            Source::WorkTree(root) => std::fs::symlink_metadata(root.join(path)).is_ok(),
            Source::Index(index, _) => {
                let folder = format!("{path}/");
                index.get_path(Path::new(path), 0).is_some()
                    || index.iter().any(|e| e.path.starts_with(folder.as_bytes()))
            }
            Source::Tree(t) => {
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
                t.listing(dir).contains_key(name.as_bytes())
            }
        }
    }

    /// Whether `path` (repo-relative) is a file (a blob: a regular file or a symlink), as
    /// [`Source::list`] lists them: one name looked up, not a folder listed.
    pub fn has_file(&self, path: &str) -> bool {
        match self {
            Source::WorkTree(root) => {
                std::fs::symlink_metadata(root.join(path)).is_ok_and(|m| !m.file_type().is_dir())
            }
            Source::Index(index, _) => index.get_path(Path::new(path), 0).is_some(),
            Source::Tree(t) => {
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
                t.listing(dir)
                    .get(name.as_bytes())
                    .is_some_and(|(_, _, blob)| *blob)
            }
        }
    }

    /// What identifies the content of the regular file at `path` without reading it: its blob
    /// id in the index or a tree, its stat data in the work tree (as git's index keeps it).
    /// `None` for what is not a regular file (a symlink, a folder, nothing): such a path is read
    /// the long way, with its checks.
    pub fn stamp(&self, path: &str) -> Option<Stamp> {
        let regular = |mode: u32| mode == 0o100644 || mode == 0o100755;
        match self {
            Source::WorkTree(root) => {
                let meta = std::fs::symlink_metadata(root.join(path)).ok()?;
                meta.file_type()
                    .is_file()
                    .then(|| Stamp::File(FileStat::of(&meta)))
            }
            Source::Index(index, _) => index
                .get_path(Path::new(path), 0)
                .filter(|e| regular(e.mode))
                .map(|e| Stamp::Blob(e.id)),
            Source::Tree(t) => {
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
                let (oid, mode, blob) = t.listing(dir).get(name.as_bytes()).copied()?;
                (blob && regular(mode)).then_some(Stamp::Blob(oid))
            }
        }
    }

    /// Reads one file (repo-relative path), refusing files over the size cap and symlinks that
    /// leave the repository.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, RecordError> {
        self.read_limited(path, MAX_RECORD_BYTES)
    }

    /// [`Source::read`] with another size cap, for files that are not records (a generated
    /// index of 10,000 records is larger than any one record may be).
    pub fn read_limited(&self, path: &str, limit: u64) -> Result<Vec<u8>, RecordError> {
        let too_big = |size: u64| too_big(path, size, limit);
        match self {
            Source::WorkTree(root) => read_work_file(root, path, limit),
            Source::Index(index, repo) => {
                let entry = index.get_path(Path::new(path), 0).ok_or_else(|| {
                    // Stages 1–3 hold the sides of an unresolved merge conflict.
                    if (1..=3).any(|stage| index.get_path(Path::new(path), stage).is_some()) {
                        RecordError::new(path, None, "has an unresolved merge conflict")
                            .with_hint("resolve the conflict, then `git add` the file")
                            .with_rule(Rule::FrontMatter)
                    } else {
                        RecordError::new(path, None, "is not in the index")
                    }
                })?;
                read_blob(repo, entry.id, entry.mode, path, limit, too_big)
            }
            Source::Tree(t) => {
                let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
                let listing = t.listing(dir);
                let (oid, mode, _) = listing
                    .get(name.as_bytes())
                    .copied()
                    .ok_or_else(|| RecordError::new(path, None, "is not in the tree"))?;
                read_blob(t.repo, oid, mode, path, limit, too_big)
            }
        }
    }
}

/// Reads one file of the work tree at `root` (see [`Source::read_limited`]). A free function
/// so that the store can read many files on several threads (a [`Source`] holding an index is
/// not shared between threads).
pub fn read_work_file(root: &Path, path: &str, limit: u64) -> Result<Vec<u8>, RecordError> {
    let full = root.join(path);
    let io_err = |e: std::io::Error| RecordError::new(path, None, format!("cannot read: {e}"));
    let meta = std::fs::symlink_metadata(&full).map_err(io_err)?;
    if meta.file_type().is_symlink() {
        let target = full.canonicalize().map_err(io_err)?;
        let root = root.canonicalize().map_err(io_err)?;
        if !target.starts_with(&root) {
            return Err(RecordError::new(
                path,
                None,
                "is a symlink to a file outside the repository; refusing to read it",
            )
            .with_hint("replace the link with the file itself"));
        }
    }
    // Only a symlink needs a second look at what it points to.
    let meta = if meta.file_type().is_symlink() {
        std::fs::metadata(&full).map_err(io_err)?
    } else {
        meta
    };
    // A FIFO or device would block or never end: only regular files are records.
    if !meta.is_file() {
        return Err(
            RecordError::new(path, None, "is not a regular file; refusing to read it")
                .with_hint("move it out of the records directory"),
        );
    }
    if meta.len() > limit {
        return Err(too_big(path, meta.len(), limit));
    }
    std::fs::read(&full).map_err(io_err)
}

/// The error for a file over the size cap.
fn too_big(path: &str, size: u64, limit: u64) -> RecordError {
    RecordError::new(
        path,
        None,
        format!(
            "the file is {}; {} limited to {}",
            size_text(size),
            if limit == MAX_RECORD_BYTES {
                "records are"
            } else {
                "it is"
            },
            size_text(limit)
        ),
    )
    .with_hint("split the record, or move large material next to it and link to it")
}

/// A size exactly, in the largest units that fit (`1 MiB + 1 byte`, `2 KiB`, `0 bytes`), so a
/// file just over a limit never reads as the limit itself.
pub fn size_text(bytes: u64) -> String {
    let parts = [
        (bytes >> 20, "MiB", "MiB"),
        ((bytes >> 10) & 1023, "KiB", "KiB"),
        (bytes & 1023, "byte", "bytes"),
    ];
    let shown: Vec<String> = parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if shown.is_empty() {
        "0 bytes".into()
    } else {
        shown.join(" + ")
    }
}

/// Errors when `path` (or a symlink on the way to it) leads outside the work tree `root`, so
/// a symlinked `.adr/` or records directory cannot make us read or write elsewhere. A path
/// that does not exist yet is judged by its nearest existing ancestor.
pub fn ensure_inside(root: &Path, path: &Path) -> Result<()> {
    let Some(target) = path.ancestors().find_map(|p| p.canonicalize().ok()) else {
        return Ok(());
    };
    let canon_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    // Inside the work tree but in its git directory (a symlinked folder to `.git/refs/heads`)
    // is no better than outside: writing there forges refs.
    let in_git = target.starts_with(canon_root.join(".git"));
    if target.starts_with(&canon_root) && !in_git {
        return Ok(());
    }
    let shown = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let place = if in_git {
        "into the git directory"
    } else {
        "outside the repository"
    };
    Err(Error::usage_hint(
        format!(
            "{shown} leads {place} (to {}); refusing to use it",
            target.display()
        ),
        "replace the symlink with a real file or directory inside the repository",
    ))
}

fn read_blob(
    repo: &git2::Repository,
    oid: git2::Oid,
    mode: u32,
    path: &str,
    limit: u64,
    too_big: impl Fn(u64) -> RecordError,
) -> Result<Vec<u8>, RecordError> {
    if mode == 0o120000 {
        return Err(
            RecordError::new(path, None, "is a symlink; records must be regular files")
                .with_hint("replace the link with the file itself"),
        );
    }
    let odb = repo
        .odb()
        .map_err(|e| RecordError::new(path, None, e.message().to_string()))?;
    let (size, _) = odb
        .read_header(oid)
        .map_err(|e| RecordError::new(path, None, e.message().to_string()))?;
    if size as u64 > limit {
        return Err(too_big(size as u64));
    }
    let blob = repo
        .find_blob(oid)
        .map_err(|e| RecordError::new(path, None, e.message().to_string()))?;
    Ok(blob.content().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::repo::Repo;

    #[test]
    fn sizes_are_shown_exactly() {
        assert_eq!(size_text(1 << 20), "1 MiB");
        assert_eq!(size_text((1 << 20) + 1), "1 MiB + 1 byte");
        assert_eq!(size_text((3 << 20) + 2048 + 5), "3 MiB + 2 KiB + 5 bytes");
        assert_eq!(size_text(0), "0 bytes");
    }

    #[test]
    fn every_source_says_whether_a_file_or_folder_is_there() {
        let (dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("d/a.md", "a\n")]);
        let sources = [
            Source::WorkTree(dir.path().to_path_buf()),
            Source::Index(repo.index().unwrap(), &repo.git),
            repo.head_source().unwrap().unwrap(),
        ];
        for source in &sources {
            assert!(source.has("d/a.md") && source.has("d"));
            assert!(!source.has("d/b.md") && !source.has("e"));
        }
    }
}
