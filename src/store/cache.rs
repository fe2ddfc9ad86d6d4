//! The record cache: records as parsed, kept in `<git common dir>/adr/records-v1.bin` (linked
//! worktrees share it), so that a command that reads every record parses only what changed.
//!
//! An entry is keyed by what identifies the file's content without reading it, and by what
//! parsing depends on besides that content (the kind's name, whether the kind is an existing
//! folder read in place, the path, which gives the number and slug):
//! - a blob of the index or of a tree: its blob id;
//! - a file of the work tree: the work tree's root and the stat data git's index keeps (size,
//!   modification and change time, device, inode). As in git, a file whose times are not
//!   clearly older than the moment this run began is "racily clean" (a write in the same clock
//!   tick would leave its stat data as it was) and is not stored.
//!
//! Only the parsed [`Record`], a function of those, is kept; what depends on the configuration
//! (an unknown status, a malformed date) is checked again on every read.
//!
//! It is derived data, never trusted: a file that is missing, of another format or git-adr
//! build, truncated or altered (its checksum does not match), or holding an entry that does not
//! decode into a record of its key's kind and path, is ignored (the entry or the whole file)
//! and the records are parsed from their files. Deleting it is always safe. It is written once
//! per run, only when this run parsed something new, atomically (a reader sees the old file or
//! the new one); two runs writing at once each write a whole file and the last one wins.
//! `GIT_ADR_NO_CACHE=1` or `git config adr.cache false` turns it off.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::git::source::{FileStat, Stamp};
use crate::model::record::{Format, FrontMatter, Id, Record};

/// The folder of git-adr's caches under the common git directory: derived data only (the
/// record cache, the history cache), so clearing it is always safe.
pub const DIR: &str = "adr";
/// Where the cache lives, under the common git directory.
pub const FILE: &str = "adr/records-v1.bin";
/// Set (to anything but `0` or empty) to read every record from its file and keep no cache.
pub const DISABLE_ENV: &str = "GIT_ADR_NO_CACHE";
/// Set to have each run say on standard error what the cache did (hits, misses, writes).
pub const DEBUG_ENV: &str = "GIT_ADR_CACHE_DEBUG";
/// The git config key that turns the cache off when `false`.
pub const CONFIG_KEY: &str = "adr.cache";

const MAGIC: &[u8; 8] = b"gitadrRC";
/// The layout of the file and of an entry; a file with another number is ignored. Bump it when
/// the layout changes. (A parser change comes with a new binary, which [`build_stamp`] tells
/// apart.)
const FORMAT: u32 = 1;
/// The most the file holds: entries this run used first, then the others as long as they fit.
pub const MAX_BYTES: usize = 64 << 20;
/// How much older than the start of the run a work-tree file's times must be to be stored:
/// more than the coarsest file-system clock (FAT's two seconds).
const RACY: Duration = Duration::from_secs(2);
/// The stat data at the end of a work-tree key (size, two times, device, inode); what comes
/// before it (kind, path, work tree) names the file.
const FILE_STAMP_LEN: usize = 8 + 12 + 12 + 8 + 8;

/// What the cache did in this run, for `GIT_ADR_CACHE_DEBUG` and the tests.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub hits: usize,
    pub misses: usize,
    /// Work-tree files changed too recently to be stored (see the module's comment).
    pub racy: usize,
    /// Entries that did not decode into the record of their key, parsed from the file instead.
    pub rejected: usize,
    /// Why the file as found was not used (missing, other format, checksum…), if it was not.
    pub ignored: Option<String>,
}

/// An entry: where its record bytes are, and whether this run used it.
struct Slot {
    bytes: Bytes,
    /// 1 + the order in which this run used it, 0 when unused: the file keeps used entries
    /// first, in that order, so the oldest are the first dropped at the size bound.
    used: usize,
}

/// An entry's record bytes: a range of the file as read, or encoded by this run.
enum Bytes {
    InFile(Range<usize>),
    New(Vec<u8>),
}

/// The cache of one store, read on first use and saved when dropped.
pub struct RecordCache {
    path: PathBuf,
    /// When this run began, before any file was looked at: the racy-clean limit.
    started: SystemTime,
    file: Vec<u8>,
    slots: HashMap<Box<[u8]>, Slot>,
    uses: usize,
    new_entries: usize,
    pub stats: Stats,
}

impl RecordCache {
    /// Opens the cache at `path` (not reading it yet is not worth it: the first load needs it).
    pub fn open(path: PathBuf) -> RecordCache {
        let started = SystemTime::now();
        let mut cache = RecordCache {
            path,
            started,
            file: Vec::new(),
            slots: HashMap::new(),
            uses: 0,
            new_entries: 0,
            stats: Stats::default(),
        };
        match std::fs::read(&cache.path) {
            Ok(bytes) => match index(&bytes, &build_stamp()) {
                Ok(slots) => {
                    cache.file = bytes;
                    cache.slots = slots;
                }
                Err(why) => cache.stats.ignored = Some(why.to_string()),
            },
            Err(e) => cache.stats.ignored = Some(e.to_string()),
        }
        cache
    }

    /// The key of a file of `kind` at `path` with content `stamp` (`root`: the [`root_id`] of
    /// the work tree, for a work-tree file). `None` when a work-tree file changed too recently
    /// to be stored: it cannot be in the cache either (it would have been as recent when
    /// stored).
    pub fn key(
        &mut self,
        kind: &str,
        in_place: bool,
        path: &str,
        root: Option<u64>,
        stamp: &Stamp,
    ) -> Option<Vec<u8>> {
        let mut w = Writer(Vec::with_capacity(
            FILE_STAMP_LEN + 24 + kind.len() + path.len(),
        ));
        match stamp {
            Stamp::Blob(oid) => {
                w.u8(0);
                w.str(kind);
                w.u8(in_place.into());
                w.str(path);
                w.bytes(oid.as_bytes());
            }
            Stamp::File(stat) => {
                if self.racy(stat) {
                    self.stats.racy += 1;
                    return None;
                }
                w.u8(1);
                w.str(kind);
                w.u8(in_place.into());
                w.str(path);
                w.u64(root.unwrap_or_default());
                w.u64(stat.size);
                w.i64(stat.mtime.0);
                w.u32(stat.mtime.1);
                w.i64(stat.ctime.0);
                w.u32(stat.ctime.1);
                w.u64(stat.dev);
                w.u64(stat.ino);
            }
        }
        Some(w.0)
    }

    /// The record stored under `key`, which must be one of `kind` at `path` (see [`decode`]);
    /// `None` when there is none or it does not decode (then it is counted as rejected). Marks
    /// the entry used.
    pub fn get(&mut self, key: &[u8], kind: &str, path: &str) -> Option<Record> {
        let Some(slot) = self.slots.get_mut(key) else {
            self.stats.misses += 1;
            return None;
        };
        if slot.used == 0 {
            self.uses += 1;
            slot.used = self.uses;
        }
        let bytes = match &slot.bytes {
            Bytes::InFile(range) => self.file.get(range.clone()).unwrap_or_default(),
            Bytes::New(bytes) => bytes,
        };
        match decode(bytes, kind, path) {
            Some(record) => {
                self.stats.hits += 1;
                Some(record)
            }
            None => {
                self.stats.misses += 1;
                self.stats.rejected += 1;
                None
            }
        }
    }

    /// Is a work-tree file's last change too close to the start of this run to trust its stat
    /// data (git's racy-clean rule)? Its change time moves on every write, even one that puts
    /// the modification time back.
    fn racy(&self, stat: &FileStat) -> bool {
        let limit = self
            .started
            .checked_sub(RACY)
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()));
        stat.mtime >= limit || stat.ctime >= limit
    }

    /// Stores an encoded record (see [`encode`]) under `key`, replacing what was there.
    pub fn store(&mut self, key: Vec<u8>, record: Vec<u8>) {
        self.uses += 1;
        self.new_entries += 1;
        self.slots.insert(
            key.into_boxed_slice(),
            Slot {
                bytes: Bytes::New(record),
                used: self.uses,
            },
        );
    }

    /// Writes the file if this run stored anything: entries used in this run first, then the
    /// others while the file stays under [`MAX_BYTES`]. An unused work-tree entry for a file
    /// that this run saw under other stat data is an old version of it, dropped.
    pub fn save(&mut self) -> Result<usize, crate::error::Error> {
        if self.new_entries == 0 {
            return Ok(0);
        }
        let seen: std::collections::HashSet<&[u8]> = self
            .slots
            .iter()
            .filter(|(k, s)| s.used > 0 && k.first() == Some(&1))
            .filter_map(|(k, _)| k.get(..k.len().checked_sub(FILE_STAMP_LEN)?))
            .collect();
        let mut entries: Vec<(&[u8], &Slot)> = self
            .slots
            .iter()
            .filter(|(k, s)| {
                s.used > 0
                    || k.first() != Some(&1)
                    || !k
                        .get(..k.len().saturating_sub(FILE_STAMP_LEN))
                        .is_some_and(|id| seen.contains(id))
            })
            .map(|(k, s)| (&k[..], s))
            .collect();
        let start = |s: &Slot| match &s.bytes {
            Bytes::InFile(range) => range.start,
            Bytes::New(_) => 0,
        };
        entries.sort_by_key(|(_, s)| (s.used == 0, s.used, start(s)));
        // The entries that fit, each as its length-prefixed key and record; written in place
        // rather than copied into one buffer (the file is about the size of all records).
        let mut pieces: Vec<&[u8]> = Vec::with_capacity(entries.len() * 2);
        let mut size = 1024;
        for (key, slot) in entries {
            let record = match &slot.bytes {
                Bytes::InFile(range) => self.file.get(range.clone()).unwrap_or_default(),
                Bytes::New(bytes) => bytes,
            };
            size += key.len() + record.len() + 8;
            if size > MAX_BYTES {
                break;
            }
            pieces.extend([key, record]);
        }
        let count = pieces.len() / 2;
        let mut head = Writer(Vec::with_capacity(64));
        head.str(&build_stamp());
        head.u32(count as u32);
        let lengths: Vec<[u8; 4]> = pieces
            .iter()
            .map(|p| (p.len() as u32).to_le_bytes())
            .collect();
        let mut sum = crc32fast::Hasher::new();
        sum.update(&head.0);
        for (piece, len) in pieces.iter().zip(&lengths) {
            sum.update(len);
            sum.update(piece);
        }
        crate::store::atomic::write_derived(&self.path, |out| {
            out.write_all(MAGIC)?;
            out.write_all(&FORMAT.to_le_bytes())?;
            out.write_all(&sum.finalize().to_le_bytes())?;
            out.write_all(&head.0)?;
            for (piece, len) in pieces.iter().zip(&lengths) {
                out.write_all(len)?;
                out.write_all(piece)?;
            }
            Ok(())
        })?;
        self.new_entries = 0;
        Ok(count)
    }
}

impl Drop for RecordCache {
    fn drop(&mut self) {
        let saved = self.save();
        if debug() {
            let s = &self.stats;
            let saved = match saved {
                Ok(0) => "not written".to_string(),
                Ok(n) => format!("written with {n} entries"),
                Err(e) => format!("not written: {e}"),
            };
            let ignored = s
                .ignored
                .as_ref()
                .map(|w| format!(", file ignored: {w}"))
                .unwrap_or_default();
            eprintln!(
                "git-adr: records cache {}: {} hits, {} misses, {} too recent, {} rejected{ignored}; {saved}",
                self.path.display(),
                s.hits,
                s.misses,
                s.racy,
                s.rejected
            );
        }
    }
}

/// How many records the cache file at `path` holds, or why it would be ignored.
pub fn entries(path: &Path) -> Result<usize, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    index(&bytes, &build_stamp())
        .map(|slots| slots.len())
        .map_err(str::to_string)
}

/// The files in git-adr's cache folder `dir` (see [`DIR`]), with their sizes, by name.
pub fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out: Vec<(PathBuf, u64)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_file().then(|| (e.path(), meta.len()))
        })
        .collect();
    out.sort();
    out
}

/// A work tree's root as it goes into the keys of its files: a hash of its path (linked
/// worktrees share the cache; their files differ by device and inode too).
pub fn root_id(root: &Path) -> u64 {
    // FNV-1a: stable across runs and builds, unlike the standard library's hasher.
    root.as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// Is `GIT_ADR_CACHE_DEBUG` set?
fn debug() -> bool {
    std::env::var_os(DEBUG_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Is `GIT_ADR_NO_CACHE` set?
pub fn disabled_by_env() -> bool {
    std::env::var_os(DISABLE_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// What made the file: git-adr's version and the running binary's size and modification time,
/// so that a rebuilt binary (which may parse differently) never reads a cache of another build.
fn build_stamp() -> String {
    let binary = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| FileStat::of(&m))
        .map(|s| format!("+{}.{}.{}", s.size, s.mtime.0, s.mtime.1))
        .unwrap_or_default();
    format!("{}{binary}", env!("CARGO_PKG_VERSION"))
}

/// The entries of a cache file made by this build: key → where its record is. An error says
/// why the file is not usable.
fn index(bytes: &[u8], stamp: &str) -> Result<HashMap<Box<[u8]>, Slot>, &'static str> {
    if bytes.len() < 16 || &bytes[..8] != MAGIC {
        return Err("not a records cache");
    }
    let mut r = Reader { buf: bytes, at: 8 };
    if r.u32() != Some(FORMAT) {
        return Err("another format");
    }
    let sum = r.u32().ok_or("truncated")?;
    if crc32fast::hash(&bytes[16..]) != sum {
        return Err("checksum mismatch (truncated or altered)");
    }
    if r.str() != Some(stamp) {
        return Err("made by another build of git-adr");
    }
    let count = r.u32().ok_or("truncated")? as usize;
    let mut slots = HashMap::with_capacity(count.min(bytes.len() / 16));
    for _ in 0..count {
        let key = r.bytes().ok_or("truncated")?;
        let start = r.at + 4;
        let record = r.bytes().ok_or("truncated")?;
        slots.insert(
            key.into(),
            Slot {
                bytes: Bytes::InFile(start..start + record.len()),
                used: 0,
            },
        );
    }
    if r.at != bytes.len() {
        return Err("trailing bytes");
    }
    Ok(slots)
}

/// A record as stored. Every field is written, by destructuring, so that a field added to
/// [`Record`] or [`FrontMatter`] fails to compile here until the cache stores it (and
/// [`FORMAT`] is bumped).
pub fn encode(record: &Record) -> Vec<u8> {
    let Record {
        kind,
        id,
        slug,
        path,
        title,
        title_line,
        front,
        key_lines,
        text,
        body_start,
        format,
        status_text,
        title_number,
    } = record;
    let FrontMatter {
        status,
        date,
        decision_makers,
        consulted,
        informed,
        tags,
        paths,
        supersedes,
        superseded_by,
        amends,
        amended_by,
        relates,
        review_by,
        dod,
        links,
    } = front;
    let mut w = Writer(Vec::with_capacity(text.len() + 256));
    w.str(kind);
    w.opt_u32(id.map(|i| i.0));
    w.str(slug);
    w.str(path);
    w.str(title);
    w.u64(*title_line as u64);
    w.opt_str(status.as_deref());
    w.opt_str(date.as_deref());
    for list in [decision_makers, consulted, informed, tags, paths] {
        w.strs(list);
    }
    for ids in [supersedes, superseded_by, amends, amended_by, relates] {
        w.u32(ids.len() as u32);
        for i in ids {
            w.u32(i.0);
        }
    }
    w.opt_str(review_by.as_deref());
    w.strs(dod);
    w.strs(links);
    w.u32(key_lines.len() as u32);
    for (k, line) in key_lines {
        w.str(k);
        w.u64(*line as u64);
    }
    w.str(text);
    w.u64(*body_start as u64);
    w.u8(match format {
        Format::FrontMatter => 0,
        Format::Madr2 => 1,
        Format::AdrTools => 2,
    });
    w.opt_str(status_text.as_deref());
    w.opt_u32(*title_number);
    w.0
}

/// The record stored in `bytes`, if they decode whole into a record of `kind` at `path` whose
/// number and slug are the ones its path gives and whose body offset lies inside its text;
/// `None` otherwise (the caller parses the file).
pub fn decode(bytes: &[u8], kind: &str, path: &str) -> Option<Record> {
    let mut r = Reader { buf: bytes, at: 0 };
    let record_kind = r.str()?;
    let id = r.opt_u32()?.map(Id);
    let slug = r.str()?.to_string();
    let record_path = r.str()?;
    if record_kind != kind || record_path != path {
        return None;
    }
    let (path_id, path_slug) = crate::model::record::id_and_slug(path);
    if (id, slug.as_str()) != (path_id, path_slug.as_str()) {
        return None;
    }
    let title = r.str()?.to_string();
    let title_line = r.u64()? as usize;
    let status = r.opt_str()?;
    let date = r.opt_str()?;
    let decision_makers = r.strs()?;
    let consulted = r.strs()?;
    let informed = r.strs()?;
    let tags = r.strs()?;
    let paths = r.strs()?;
    let mut ids = || -> Option<Vec<Id>> {
        let n = r.len(4)?;
        (0..n).map(|_| r.u32().map(Id)).collect()
    };
    let supersedes = ids()?;
    let superseded_by = ids()?;
    let amends = ids()?;
    let amended_by = ids()?;
    let relates = ids()?;
    let review_by = r.opt_str()?;
    let dod = r.strs()?;
    let links = r.strs()?;
    let n = r.len(12)?;
    let key_lines = (0..n)
        .map(|_| Some((r.str()?.to_string(), r.u64()? as usize)))
        .collect::<Option<Vec<_>>>()?;
    let text = r.str()?.to_string();
    let body_start = r.u64()? as usize;
    let format = match r.u8()? {
        0 => Format::FrontMatter,
        1 => Format::Madr2,
        2 => Format::AdrTools,
        _ => return None,
    };
    let status_text = r.opt_str()?;
    let title_number = r.opt_u32()?;
    if r.at != bytes.len() || !text.is_char_boundary(body_start) {
        return None;
    }
    Some(Record {
        kind: kind.to_string(),
        id,
        slug,
        path: path.to_string(),
        title,
        title_line,
        front: FrontMatter {
            status,
            date,
            decision_makers,
            consulted,
            informed,
            tags,
            paths,
            supersedes,
            superseded_by,
            amends,
            amended_by,
            relates,
            review_by,
            dod,
            links,
        },
        key_lines,
        text,
        body_start,
        format,
        status_text,
        title_number,
    })
}

/// Little-endian numbers and length-prefixed byte strings.
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.u32(v);
            }
            None => self.u8(0),
        }
    }
    fn strs(&mut self, list: &[String]) {
        self.u32(list.len() as u32);
        for s in list {
            self.str(s);
        }
    }
}

/// Reads what [`Writer`] wrote; `None` at the first thing out of bounds or malformed.
struct Reader<'b> {
    buf: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.buf.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count of items of at least `min` bytes each, refused when the rest cannot hold them
    /// (a crafted count never makes a huge allocation).
    fn len(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min)? <= self.buf.len() - self.at).then_some(n)
    }
    fn bytes(&mut self) -> Option<&'b [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn str(&mut self) -> Option<&'b str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?.to_string())),
            _ => None,
        }
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.u32()?)),
            _ => None,
        }
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.str().map(str::to_string)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        let text = "---\nstatus: accepted\ndate: 2026-01-01\ntags: [a, b]\nsupersedes: [1]\n---\n\n# Use é\n\nBody\n";
        Record::parse("adr", ".adr/decisions/0002-use-e.md", text.into()).unwrap()
    }

    #[test]
    fn a_record_round_trips() {
        let r = sample();
        let back = decode(&encode(&r), "adr", &r.path).unwrap();
        assert_eq!(format!("{back:?}"), format!("{r:?}"));
    }

    #[test]
    fn a_record_under_another_key_or_damaged_is_refused() {
        let r = sample();
        let bytes = encode(&r);
        assert!(decode(&bytes, "log", &r.path).is_none());
        assert!(decode(&bytes, "adr", ".adr/decisions/0003-use-e.md").is_none());
        // Every truncation, and every single-byte change, decodes to nothing or to a record
        // of this key, never panics.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n], "adr", &r.path).is_none());
            let mut changed = bytes.clone();
            changed[n] ^= 0xff;
            if let Some(d) = decode(&changed, "adr", &r.path) {
                assert_eq!((d.kind.as_str(), d.path.as_str()), ("adr", r.path.as_str()));
                let _ = d.body();
            }
        }
    }

    #[test]
    fn a_body_offset_outside_the_text_is_refused() {
        let mut r = sample();
        r.body_start = r.text.find('é').unwrap() + 1; // inside the character
        assert!(decode(&encode(&r), "adr", &r.path).is_none());
        r.body_start = r.text.len() + 1;
        assert!(decode(&encode(&r), "adr", &r.path).is_none());
    }
}
