//! git's index file read as it is on disk: its entries (versions 2 to 4, version 4's compressed
//! paths included) and its extensions, among them the cache-tree. The one reader of the file;
//! what does not fit it is read through libgit2 by the caller.
//!
//! Why not libgit2 alone: loading the index checksums the whole file (SHA-1 with collision
//! detection) and copies every entry into a map, about 70 million instructions at 10,000
//! records, where `new` needs the names of one folder and `check --staged` the cache-tree,
//! which libgit2 reads but does not expose.
//!
//! The file is untrusted. Anything unexpected (a truncated or crafted file, another version, an
//! entry or extension that runs past the end) reads as `None`, never a panic or a long loop:
//! every step is bounded by the bytes left. The trailing checksum is not verified (that is
//! libgit2's and git's cost to pay, and `git fsck`'s job); the structure must still add up to
//! exactly the file's length before it. Forms not read here also read as `None`: a split index
//! (`link`: most entries are in another file), a sparse one (`sdir`, directories as entries),
//! and any other extension git marks as required (a lowercase first letter).

use std::path::{Path, PathBuf};

use super::repo::Repo;
use super::Oid;
use crate::error::{Error, Result};

/// The trailing checksum, and each entry's object id: SHA-1 repositories only (libgit2 reads no
/// other).
const HASH: usize = 20;
/// An entry's fixed part: ctime, mtime (seconds and nanoseconds each), dev, ino, mode, uid, gid,
/// size (4 bytes each), the object id and the flags (2).
const FIXED: usize = 40 + HASH + 2;
/// Deeper than any real repository's folders: a crafted cache-tree, not a repository.
const MAX_TREE_DEPTH: usize = 4096;

/// One entry of the index, as the file holds it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Repo-relative, `/`-separated.
    pub path: &'a [u8],
    /// (seconds, nanoseconds).
    pub ctime: (u32, u32),
    pub mtime: (u32, u32),
    pub dev: u32,
    pub ino: u32,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    /// The file's size, truncated to 32 bits.
    pub size: u32,
    pub id: &'a [u8; HASH],
    /// 0, or 1 to 3 for the sides of a conflict.
    pub stage: u8,
}

impl Entry<'_> {
    /// The entry's blob id.
    pub fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).unwrap_or_else(|_| Oid::zero())
    }

    /// The entry as libgit2 gives it (flags: the stage and the name's length).
    fn to_libgit2(self) -> git2::IndexEntry {
        let time = |(s, ns): (u32, u32)| git2::IndexTime::new(s as i32, ns);
        git2::IndexEntry {
            ctime: time(self.ctime),
            mtime: time(self.mtime),
            dev: self.dev,
            ino: self.ino,
            mode: self.mode,
            uid: self.uid,
            gid: self.gid,
            file_size: self.size,
            id: self.oid(),
            flags: (u16::from(self.stage) << 12) | self.path.len().min(0xFFF) as u16,
            flags_extended: 0,
            path: self.path.to_vec(),
        }
    }
}

/// What follows the entries: the number of entries and each extension's signature and data.
#[derive(Debug)]
pub struct Layout<'b> {
    pub count: usize,
    extensions: Vec<([u8; 4], &'b [u8])>,
}

impl<'b> Layout<'b> {
    /// The data of the extension `signature` (`TREE`), when the file has it.
    pub fn extension(&self, signature: &[u8; 4]) -> Option<&'b [u8]> {
        self.extensions
            .iter()
            .find(|(s, _)| s == signature)
            .map(|(_, data)| *data)
    }
}

impl Repo {
    /// The index file libgit2 reads: `GIT_INDEX_FILE` when set (as given: libgit2 opens a
    /// relative one from the current directory too), else the git directory's `index`.
    pub fn index_file_path(&self) -> PathBuf {
        match std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
            Some(path) => PathBuf::from(path),
            None => self.git.path().join("index"),
        }
    }
}

impl Repo {
    /// Whether the work-tree file at `path` (repo-relative) holds what `HEAD` holds there, as
    /// far as the index alone tells: its entry (no conflict) has the file's stat data, and its
    /// folder, or one above, is valid in the cache-tree with `HEAD`'s id. `false` whenever that
    /// is not known (no such entry, a changed or racily clean file, no cache-tree, an index not
    /// read here): the caller then diffs. Reads the index file's entries, never a blob or the
    /// folder's tree, where a diff loads the whole index and walks the folder's tree.
    pub fn clean_as_head(&self, path: &str) -> bool {
        self.clean_as_head_or_none(path).unwrap_or(false)
    }

    fn clean_as_head_or_none(&self, path: &str) -> Option<bool> {
        let root = self.git.workdir()?;
        let index_path = self.index_file_path();
        let bytes = load(&index_path).ok()??;
        let mut found: Option<git2::IndexEntry> = None;
        let mut conflicted = false;
        let layout = read(&bytes, &mut |e| {
            if e.path == path.as_bytes() {
                conflicted |= e.stage != 0;
                found = Some(e.to_libgit2());
            }
        })?;
        let entry = found.filter(|_| !conflicted)?;
        let file = std::fs::symlink_metadata(root.join(path)).ok()?;
        let written = std::fs::metadata(&index_path).ok();
        if !super::diff::same_stat(&entry, &file, written.as_ref()) {
            return Some(false);
        }
        let tree = CacheTree::parse(layout.extension(b"TREE")?)?;
        let head = self.head_tree().ok()??;
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        Some(tree.unchanged(dir, &head))
    }
}

/// The bytes of the index file at `path`; `None` when there is none (nothing is staged).
pub fn load(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Calls `f` with every entry of the index file `bytes`, in the file's order (sorted by path,
/// then stage), and gives what follows them. `None`, having maybe called `f` already, when the
/// file is not in a form read here (see the module's comment): the caller reads it through
/// libgit2 and drops what `f` gathered.
pub fn read<'b>(bytes: &'b [u8], f: &mut dyn FnMut(&Entry<'_>)) -> Option<Layout<'b>> {
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = word(bytes, 4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = usize::try_from(word(bytes, 8)?).ok()?;
    let end = bytes.len().checked_sub(HASH)?;
    let body = &bytes[..end];
    let mut at = 12;
    let mut path: Vec<u8> = Vec::new();
    for _ in 0..count {
        at = entry(body, at, version, &mut path, f)?;
    }
    let mut extensions = Vec::new();
    while at < end {
        let signature: [u8; 4] = body.get(at..at + 4)?.try_into().ok()?;
        if !signature[0].is_ascii_uppercase() {
            return None; // required, and not understood here: a split or sparse index, …
        }
        let size = usize::try_from(word(body, at + 4)?).ok()?;
        let data = body.get(at + 8..(at + 8).checked_add(size)?)?;
        extensions.push((signature, data));
        at += 8 + size;
    }
    Some(Layout { count, extensions })
}

/// Reads the entry at `at` of `body` (the file without its checksum), the previous entry's
/// path in `path`, calls `f` with it and gives where the next one starts.
fn entry(
    body: &[u8],
    at: usize,
    version: u32,
    path: &mut Vec<u8>,
    f: &mut dyn FnMut(&Entry<'_>),
) -> Option<usize> {
    let fixed = body.get(at..at.checked_add(FIXED)?)?;
    let w = |i: usize| u32::from_be_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
    let flags = u16::from_be_bytes([fixed[FIXED - 2], fixed[FIXED - 1]]);
    let mode = w(24);
    if mode & 0o170000 == 0o040000 {
        return None; // a sparse index's directory entry
    }
    let extended = flags & 0x4000 != 0;
    if extended && version < 3 {
        return None;
    }
    let mut name_at = at + FIXED + if extended { 2 } else { 0 };
    let next = if version == 4 {
        // How much of the previous path to drop, then the rest of this one, NUL-ended.
        let (strip, used) = varint(body.get(name_at..)?)?;
        name_at += used;
        let keep = path.len().checked_sub(usize::try_from(strip).ok()?)?;
        let len = body.get(name_at..)?.iter().position(|&b| b == 0)?;
        path.truncate(keep);
        path.extend_from_slice(&body[name_at..name_at + len]);
        name_at + len + 1
    } else {
        let len = match usize::from(flags & 0xFFF) {
            // The length is in the flags unless it is too long for them.
            0xFFF => body.get(name_at..)?.iter().position(|&b| b == 0)?,
            len => len,
        };
        if body.get(name_at + len) != Some(&0) {
            return None;
        }
        path.clear();
        path.extend_from_slice(&body[name_at..name_at + len]);
        // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
        at + ((name_at - at + len + 8) & !7)
    };
    if next > body.len() {
        return None;
    }
    f(&Entry {
        path,
        ctime: (w(0), w(4)),
        mtime: (w(8), w(12)),
        dev: w(16),
        ino: w(20),
        mode,
        uid: w(28),
        gid: w(32),
        size: w(36),
        id: fixed[40..40 + HASH].try_into().ok()?,
        stage: ((flags >> 12) & 0x3) as u8,
    });
    Some(next)
}

fn word(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Git's offset encoding (index version 4's prefix lengths): the value and the bytes it took.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 {
            value = value.checked_add(1)?;
        }
        value = value.checked_mul(128)? | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The index's cache-tree (its `TREE` extension): for each folder whose entries have not
/// changed since a tree was last written from them (by a commit, a checkout, a reset), the id
/// of that tree. A folder whose cached id is `HEAD`'s has nothing staged under it, which git
/// itself relies on.
#[derive(Debug, Default)]
pub struct CacheTree {
    /// Folder (repo-relative, `""` the root) → tree id, for the folders still valid.
    valid: std::collections::HashMap<String, Oid>,
}

impl CacheTree {
    /// The cache-tree of the index file `index` was read from, when it has one and the file is
    /// still the one `index` holds (same number of entries). `None` when there is no file, no
    /// extension, or anything unexpected: the caller then compares every entry.
    pub fn of(index: &git2::Index) -> Option<CacheTree> {
        let bytes = std::fs::read(index.path()?).ok()?;
        let layout = read(&bytes, &mut |_| {})?;
        (layout.count == index.len())
            .then(|| CacheTree::parse(layout.extension(b"TREE")?))
            .flatten()
    }

    /// Whether the index holds under `dir` exactly what `head` holds there: `dir` or a folder
    /// above it is valid in the cache-tree with `HEAD`'s id.
    pub fn unchanged(&self, dir: &str, head: &git2::Tree<'_>) -> bool {
        let mut at = dir.trim_end_matches('/');
        loop {
            if let Some(cached) = self.valid.get(at) {
                let in_head = if at.is_empty() {
                    Some(head.id())
                } else {
                    head.get_path(Path::new(at)).ok().map(|e| e.id())
                };
                if in_head == Some(*cached) {
                    return true;
                }
            }
            if at.is_empty() {
                return false;
            }
            at = at.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }

    /// Reads the `TREE` extension's data: nodes in depth-first order, each its name, NUL, the
    /// number of entries it covers (-1: invalid) and of subtrees, a newline, and its tree id
    /// when valid. `None` when anything does not read.
    pub fn parse(mut data: &[u8]) -> Option<CacheTree> {
        let mut tree = CacheTree::default();
        // The folders being read, each with the number of its subtrees still to come.
        let mut open: Vec<(String, usize)> = Vec::new();
        let mut root = !data.is_empty();
        loop {
            while open.last().is_some_and(|(_, left)| *left == 0) {
                open.pop();
            }
            if open.is_empty() && !std::mem::take(&mut root) {
                return Some(tree);
            }
            let nul = data.iter().position(|b| *b == 0)?;
            let name = std::str::from_utf8(&data[..nul]).ok()?;
            let newline = nul + 1 + data[nul + 1..].iter().position(|b| *b == b'\n')?;
            let counts = std::str::from_utf8(&data[nul + 1..newline]).ok()?;
            let (entries, subtrees) = counts.split_once(' ')?;
            let (entries, subtrees): (i64, usize) = (entries.parse().ok()?, subtrees.parse().ok()?);
            let path = match open.last_mut() {
                Some((parent, left)) => {
                    *left -= 1;
                    match parent.as_str() {
                        "" => name.to_string(),
                        parent => format!("{parent}/{name}"),
                    }
                }
                None => name.to_string(),
            };
            data = &data[newline + 1..];
            if entries >= 0 {
                let id = Oid::from_bytes(data.get(..HASH)?).ok()?;
                data = &data[HASH..];
                tree.valid.insert(path.clone(), id);
            }
            if open.len() >= MAX_TREE_DEPTH {
                return None;
            }
            open.push((path, subtrees));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An index written by libgit2 with entries in two folders, a long path and an
    /// intent-to-add entry (extended flags), in `version`.
    fn sample(version: u32) -> (tempfile::TempDir, Vec<u8>) {
        let (dir, repo) = Repo::temp_for_tests();
        repo.stage_for_tests(&[
            ("a.md", "a\n"),
            ("d/0001-a.md", "a\n"),
            ("d/0002-bb.md", "b\n"),
            ("d/deeper/0099-x.md", "x\n"),
            ("e/0050-other.md", "e\n"),
        ]);
        let mut index = repo.index().unwrap();
        let mut entry = index.get_path(Path::new("a.md"), 0).unwrap();
        // Longer than the 12 bits of an entry's name length.
        entry.path = format!("d/0009-{}.md", "l/".repeat(2500)).into_bytes();
        entry.flags |= 0xFFF;
        index.add(&entry).unwrap();
        index.set_version(version).unwrap();
        if version >= 3 {
            let mut entry = index.get_path(Path::new("d/0002-bb.md"), 0).unwrap();
            entry.flags |= 0x4000;
            entry.flags_extended |= 1 << 13;
            index.add(&entry).unwrap();
        }
        index.write().unwrap();
        let bytes = std::fs::read(repo.index_file_path()).unwrap();
        (dir, bytes)
    }

    /// Every version reads as git reads it (`git ls-files --stage`), and the stat data as
    /// libgit2 reads it (which cannot read back its own version 4 with a path this long).
    #[test]
    fn index_files_of_every_version_read_as_git_reads_them() {
        for version in [2, 3, 4] {
            let (dir, bytes) = sample(version);
            let mut read_here = Vec::new();
            let mut stat = Vec::new();
            let layout = read(&bytes, &mut |e| {
                let path = String::from_utf8(e.path.to_vec()).unwrap();
                read_here.push(format!("{:o} {} {}\t{path}", e.mode, e.oid(), e.stage));
                stat.push((e.size, e.mtime, e.ctime, e.ino));
            })
            .unwrap();
            let out = std::process::Command::new("git")
                .args(["ls-files", "--stage", "-z"])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
            let git: Vec<String> = String::from_utf8(out.stdout)
                .unwrap()
                .split_terminator('\0')
                .map(str::to_string)
                .collect();
            assert_eq!(layout.count, 6, "version {version}");
            assert_eq!(read_here, git, "version {version}");
            if version < 4 {
                let index = git2::Index::open(&dir.path().join(".git/index")).unwrap();
                let libgit2: Vec<_> = index
                    .iter()
                    .map(|e| {
                        let t = |t: git2::IndexTime| (t.seconds() as u32, t.nanoseconds());
                        (e.file_size, t(e.mtime), t(e.ctime), e.ino)
                    })
                    .collect();
                assert_eq!(stat, libgit2, "version {version}");
            }
        }
    }

    #[test]
    fn forms_not_read_here_read_as_none() {
        let (_dir, bytes) = sample(2);
        let mut none = |_: &Entry<'_>| {};
        assert!(read(&bytes, &mut none).is_some());
        let body = &bytes[..bytes.len() - HASH];
        let with = |signature: &[u8; 4]| {
            let mut out = body.to_vec();
            out.extend_from_slice(signature);
            out.extend_from_slice(&(HASH as u32).to_be_bytes());
            out.extend_from_slice(&[0; HASH]);
            out.extend_from_slice(&[0; HASH]);
            out
        };
        // A split index's link, a sparse one's marker, any other required extension.
        for signature in [b"link", b"sdir", b"zzzz"] {
            assert!(read(&with(signature), &mut none).is_none());
        }
        // An optional one is skipped, and given to whoever asks for it.
        let optional = with(b"ZZZZ");
        let layout = read(&optional, &mut none).unwrap();
        assert_eq!(layout.extension(b"ZZZZ"), Some(&[0u8; HASH][..]));
        // Cut short, another version.
        assert!(read(&bytes[..bytes.len() - 30], &mut none).is_none());
        let mut v5 = bytes.clone();
        v5[7] = 5;
        assert!(read(&v5, &mut none).is_none());
    }

    #[test]
    fn a_truncated_or_foreign_index_has_no_cache_tree() {
        let tree = |bytes: &[u8]| {
            read(bytes, &mut |_| {}).and_then(|l| CacheTree::parse(l.extension(b"TREE")?))
        };
        assert!(tree(b"").is_none());
        assert!(tree(b"DIRC\0\0\0\x02\0\0\0\x05").is_none());
        let mut bytes = b"DIRC\0\0\0\x02\0\0\0\0TREE\0\0\0\xff".to_vec();
        bytes.extend([0u8; 20]);
        assert!(tree(&bytes).is_none());
        // A node that claims more subtrees than follow; one nested deeper than any folder.
        assert!(CacheTree::parse(b"\x001 3\n01234567890123456789").is_none());
        let deep = b"\x00-1 1\n".repeat(MAX_TREE_DEPTH + 2);
        assert!(CacheTree::parse(&deep).is_none());
        let valid = CacheTree::parse(b"\x00-1 1\nd\x001 0\n01234567890123456789").unwrap();
        assert_eq!(
            valid.valid.get("d").copied(),
            Oid::from_bytes(b"01234567890123456789").ok()
        );
        assert_eq!(valid.valid.get(""), None);
    }

    #[test]
    fn a_file_is_clean_as_head_only_when_the_index_tells() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@t"])
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
        };
        let write = |path: &str, text: &str| {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            // Older than the index written next: not racily clean.
            let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
            std::fs::File::options()
                .write(true)
                .open(&full)
                .unwrap()
                .set_modified(old)
                .unwrap();
        };
        git(&["init", "-q"]);
        write("d/a.md", "a\n");
        write("d/b.md", "b\n");
        git(&["add", "."]);
        git(&["commit", "-qm", "one"]);
        let repo = Repo {
            git: git2::Repository::open(dir.path()).unwrap(),
        };
        assert!(repo.clean_as_head("d/a.md"));
        assert!(!repo.clean_as_head("d/none.md"));
        // Changed in the work tree; staged (the folder's cache-tree is invalid).
        write("d/a.md", "changed\n");
        assert!(!repo.clean_as_head("d/a.md"));
        git(&["add", "d/a.md"]);
        assert!(!repo.clean_as_head("d/a.md") && !repo.clean_as_head("d/b.md"));
        git(&["commit", "-qm", "two"]);
        assert!(repo.clean_as_head("d/a.md") && repo.clean_as_head("d/b.md"));
        // Written as the index was: racily clean, so not known.
        std::fs::write(dir.path().join("d/b.md"), "b\n").unwrap();
        git(&["update-index", "--refresh"]);
        let file = std::fs::metadata(dir.path().join("d/b.md")).unwrap();
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(".git/index"))
            .unwrap()
            .set_modified(file.modified().unwrap())
            .unwrap();
        assert!(!repo.clean_as_head("d/b.md"));
    }

    /// Reads `bytes` every way callers do; only a panic or a hang fails. (The `index_file` fuzz
    /// target does the same, from a layer above that this one may not import.)
    fn read_all_ways(bytes: &[u8]) {
        let mut n = 0usize;
        if let Some(layout) = read(bytes, &mut |e| n += e.path.len() + usize::from(e.stage)) {
            if let Some(data) = layout.extension(b"TREE") {
                let _ = CacheTree::parse(data);
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            read_all_ways(&bytes);
            let mut headed = b"DIRC\0\0\0\x04\0\0\0\x03".to_vec();
            headed.extend_from_slice(&bytes);
            read_all_ways(&headed);
            let _ = CacheTree::parse(&bytes);
        }

        #[test]
        fn mutated_index_files_never_panic(
            version in 2u32..=4,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
        ) {
            static SAMPLES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
            let samples = SAMPLES.get_or_init(|| (2..=4).map(|v| sample(v).1).collect());
            let mut bytes = samples[version as usize - 2].clone();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            read_all_ways(&bytes);
            let cut = cut.index(bytes.len());
            read_all_ways(&bytes[..cut]);
        }
    }
}
