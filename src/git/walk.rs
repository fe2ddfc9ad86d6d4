//! The git side of the history walk (what the records' events mean is the history feature's
//! business): the commits of `HEAD` not yet read, newest first;
//! for each, the ids of its trees under the record folders and its parents'; and, where they
//! differ, which files changed, renames paired.
//!
//! Speed matters here: libgit2 has no path-limited log (libgit2/libgit2#3041), so a walk visits
//! every commit of a long history. Tree ids are looked up
//! once per commit, equal trees are never opened, and two trees are compared by merging their
//! sorted listings as stored (raw bytes, not parsed into libgit2's entry arrays: several times
//! faster than a general diff on the wide folders records live in); libgit2's diff is used only
//! to pair renames.
//!
//! Memory matters too: a walk over 100,000 commits keeps only its frontier (the record trees of
//! commits seen as a parent and not visited yet), and turns libgit2's object cache off while it
//! runs (it would otherwise keep every commit and root tree read, up to 256 MB).

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::ffi::CStr;
use std::path::Path;
use std::rc::Rc;

use super::commit::Commit;
use super::repo::Repo;
use super::Oid;
use crate::error::{Error, Result};

/// A commit's trees under the record folders, one per folder (`None`: not there).
pub type Roots = Vec<Option<Oid>>;

/// A file in a tree: its repo-relative path and blob.
pub type FileVersion = (String, Oid);

/// A file before and after a change (`None`: absent).
pub type FileChange = (Option<FileVersion>, Option<FileVersion>);

/// One commit of the walk.
pub struct Step {
    /// Its trees under the record folders.
    pub here: Roots,
    /// Its parents' trees, in parent order; `None` at a shallow boundary (or when a parent is
    /// missing from the object store): what is here was not necessarily created here.
    pub parents: Option<Vec<Roots>>,
}

/// The object store a [`Walk`] reads tree listings from, opened by its caller and kept while
/// the walk runs: the walk keeps the last listings it read as the store hands them out, without
/// copying them.
pub struct Objects<'r>(git2::Odb<'r>);

impl<'r> Objects<'r> {
    pub fn of(repo: &'r Repo) -> Result<Objects<'r>> {
        repo.git
            .odb()
            .map(Objects)
            .map_err(|e| Error::git("opening the object store", e))
    }
}

/// Reads commits and their record trees, each commit read once.
pub struct Walk<'r> {
    repo: &'r Repo,
    objects: &'r Objects<'r>,
    /// The folders walked, none inside another.
    roots: Vec<String>,
    /// Commits seen as a parent and not visited yet (in a topological walk every child comes
    /// before its parents, so a visited commit's entry is not needed again).
    pending: HashMap<Oid, Seen>,
    /// The commits whose parents were not fetched.
    boundary: HashSet<Oid>,
    /// The last tree listings read: in a linear history a commit's old record tree is the new
    /// one of the next commit that changed records, so each is inflated once.
    listings: RefCell<Vec<(Oid, Rc<git2::OdbObject<'r>>)>>,
}

/// What a walk keeps of a commit it has read but not visited: its record trees and parents.
struct Seen {
    roots: Roots,
    parents: Vec<Oid>,
}

/// How many tree listings [`Walk`] keeps: a folder and its subfolders, old and new, with room
/// for a merge's other parents.
const LISTINGS: usize = 8;

impl Drop for Walk<'_> {
    fn drop(&mut self) {
        git2::opts::enable_caching(true);
    }
}

impl<'r> Walk<'r> {
    /// A walk over the folders `roots` (repo-relative, none inside another) of a repository
    /// whose shallow boundary is `shallow` (see [`Repo::shallow_boundary`]).
    pub fn new(
        repo: &'r Repo,
        objects: &'r Objects<'r>,
        roots: Vec<String>,
        shallow: &[String],
    ) -> Walk<'r> {
        // Each commit and tree is read once (see `pending`): caching them only costs memory.
        git2::opts::enable_caching(false);
        Walk {
            repo,
            objects,
            roots,
            pending: HashMap::new(),
            boundary: shallow
                .iter()
                .filter_map(|l| Oid::from_str(l).ok())
                .collect(),
            listings: RefCell::new(Vec::new()),
        }
    }

    /// The folders walked.
    pub fn roots(&self) -> &[String] {
        &self.roots
    }

    /// The commits reachable from `head` but not from `hide`, newest first (topological, then
    /// by time). A topological walk reads every commit before it yields the first, so listing
    /// them costs little, and gives a progress counter its total.
    pub fn commits(&self, head: Oid, hide: Option<Oid>) -> Result<Vec<Oid>> {
        self.repo.commit_ids(head, hide, "walking history")
    }

    /// The commit `id` with its record trees and its parents'.
    pub fn step(&mut self, id: Oid) -> Result<Step> {
        let seen = match self.pending.remove(&id) {
            Some(seen) => seen,
            None => {
                let commit = self
                    .repo
                    .git
                    .find_commit(id)
                    .map_err(|e| Error::git(format!("reading commit {id}"), e))?;
                self.seen(&commit)
            }
        };
        let parents = if self.boundary.contains(&id) {
            None
        } else {
            seen.parents.iter().map(|&p| self.parent_trees(p)).collect()
        };
        Ok(Step {
            here: seen.roots,
            parents,
        })
    }

    /// The commit `id` as git-adr shows commits.
    pub fn commit(&self, id: Oid) -> Result<Commit> {
        self.repo.find(id).map(|c| Commit::of(&c))
    }

    /// The record trees of the parent `id` of the commit being visited, kept until `id` is
    /// visited itself; `None` when it is missing from the object store.
    fn parent_trees(&mut self, id: Oid) -> Option<Roots> {
        if let Some(seen) = self.pending.get(&id) {
            return Some(seen.roots.clone());
        }
        let commit = self.repo.git.find_commit(id).ok()?;
        let seen = self.seen(&commit);
        let roots = seen.roots.clone();
        self.pending.insert(id, seen);
        Some(roots)
    }

    /// The ids of a commit's record trees, and its parents.
    fn seen(&self, commit: &git2::Commit<'_>) -> Seen {
        let tree = commit.tree().ok();
        let roots = self
            .roots
            .iter()
            .map(|root| {
                tree.as_ref()
                    .and_then(|t| t.get_path(Path::new(root)).ok())
                    .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
                    .map(|e| e.id())
            })
            .collect();
        Seen {
            roots,
            parents: commit.parent_ids().collect(),
        }
    }

    /// The files `keep` accepts that differ between two commits' record trees (`old` `None`:
    /// no trees), as (old, new) versions, with renames within a folder paired when `renames`
    /// is set.
    pub fn diff(
        &self,
        old: Option<&Roots>,
        new: &Roots,
        renames: bool,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<FileChange>> {
        let old_of = |i: usize| old.and_then(|o| o.get(i).copied().flatten());
        let mut out = Vec::new();
        for (i, root) in self.roots.iter().enumerate() {
            let (o, n) = (old_of(i), new.get(i).copied().flatten());
            let mut changes = Vec::new();
            self.tree_changes(o, n, root, &mut changes)?;
            changes.retain(|(path, _, _)| keep(path));
            let added = changes.iter().any(|(_, o, _)| o.is_none());
            let deleted = changes.iter().any(|(_, _, n)| n.is_none());
            if renames && added && deleted {
                // Rare: let libgit2 pair renames, with or without edits.
                out.extend(self.diff_with_renames(o, n, root, keep)?);
                continue;
            }
            out.extend(
                changes
                    .into_iter()
                    .map(|(path, o, n)| (o.map(|o| (path.clone(), o)), n.map(|n| (path, n)))),
            );
        }
        Ok(out)
    }

    fn tree(&self, id: Option<Oid>) -> Result<Option<git2::Tree<'r>>> {
        id.map(|id| self.repo.git.find_tree(id))
            .transpose()
            .map_err(|e| Error::git("reading a tree", e))
    }

    /// Every blob path under two trees (`path` is where they sit) whose id differs, as (path,
    /// old blob, new blob). Subtrees with equal ids are skipped unread, and entries are compared
    /// by merging the two sorted listings.
    fn tree_changes(
        &self,
        old: Option<Oid>,
        new: Option<Oid>,
        path: &str,
        out: &mut Vec<(String, Option<Oid>, Option<Oid>)>,
    ) -> Result<()> {
        if old == new {
            return Ok(());
        }
        let (old, new) = (self.listing(old)?, self.listing(new)?);
        let mut visit = |name: &[u8], o: Entry, n: Entry| -> Result<()> {
            let Ok(name) = std::str::from_utf8(name) else {
                return Ok(()); // not a record name; `check` reports such files
            };
            let full = format!("{path}/{name}");
            let tree = |s: Entry| s.filter(|(_, t)| *t).map(|(id, _)| id);
            let blob = |s: Entry| s.filter(|(_, t)| !*t).map(|(id, _)| id);
            if tree(o).is_some() || tree(n).is_some() {
                self.tree_changes(tree(o), tree(n), &full, out)?;
            }
            if (blob(o).is_some() || blob(n).is_some()) && blob(o) != blob(n) {
                out.push((full, blob(o), blob(n)));
            }
            Ok(())
        };
        merge_listings(
            old.as_ref().map_or(&[][..], |o| o.data()),
            new.as_ref().map_or(&[][..], |o| o.data()),
            &mut visit,
        )
    }

    /// The listing of the tree `id` as stored (`None`: no tree), from the last few read or
    /// from the object store.
    fn listing(&self, id: Option<Oid>) -> Result<Option<Rc<git2::OdbObject<'r>>>> {
        let Some(id) = id else { return Ok(None) };
        let mut kept = self.listings.borrow_mut();
        if let Some(i) = kept.iter().position(|(k, _)| *k == id) {
            let hit = kept.remove(i);
            let bytes = hit.1.clone();
            kept.push(hit); // the most recently used last
            return Ok(Some(bytes));
        }
        let object = self
            .objects
            .0
            .read(id)
            .map_err(|e| Error::git("reading a tree", e))?;
        if object.kind() != git2::ObjectType::Tree {
            return Err(malformed());
        }
        let bytes = Rc::new(object);
        if kept.len() >= LISTINGS {
            kept.remove(0);
        }
        kept.push((id, bytes.clone()));
        Ok(Some(bytes))
    }

    /// [`Walk::diff`] of one folder through libgit2's diff, pairing renames (exact, and edited
    /// ones by similarity).
    fn diff_with_renames(
        &self,
        old: Option<Oid>,
        new: Option<Oid>,
        root: &str,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<FileChange>> {
        let (old, new) = (self.tree(old)?, self.tree(new)?);
        let mut opts = git2::DiffOptions::new();
        opts.skip_binary_check(true).ignore_submodules(true);
        let mut diff = self
            .repo
            .git
            .diff_tree_to_tree(old.as_ref(), new.as_ref(), Some(&mut opts))
            .map_err(|e| Error::git("comparing trees", e))?;
        diff.find_similar(Some(git2::DiffFindOptions::new().renames(true)))
            .map_err(|e| Error::git("finding renames", e))?;
        let side = |f: git2::DiffFile<'_>| -> Option<FileVersion> {
            let rel = f.path()?.to_str()?.replace('\\', "/");
            let path = format!("{root}/{rel}");
            keep(&path).then_some((path, f.id()))
        };
        Ok(diff
            .deltas()
            .filter_map(|d| {
                let (old, new) = match d.status() {
                    git2::Delta::Added => (None, side(d.new_file())),
                    git2::Delta::Deleted => (side(d.old_file()), None),
                    _ => (side(d.old_file()), side(d.new_file())),
                };
                (old.is_some() || new.is_some()).then_some((old, new))
            })
            .collect())
    }
}

/// An entry of a tree listing: its id and whether it is a subtree (`None`: absent, or a
/// submodule, which is not a record).
type Entry = Option<(Oid, bool)>;

/// What [`merge_listings`] calls for each name whose entries differ.
type Visit<'v> = dyn FnMut(&[u8], Entry, Entry) -> Result<()> + 'v;

/// The error for a tree whose listing does not parse.
fn malformed() -> Error {
    Error::git(
        "reading a tree",
        git2::Error::from_str("malformed tree object"),
    )
}

/// One entry of a tree listing as stored: `<octal mode> <name>\0<20-byte id>`.
struct RawEntry<'t> {
    /// The whole entry, to tell equal entries apart with one comparison.
    all: &'t [u8],
    name: &'t [u8],
    mode: u32,
    id: &'t [u8],
}

impl RawEntry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == 0o040000
    }

    /// Its id and whether it is a subtree; `None` for a submodule (a gitlink), not a record.
    fn side(&self) -> Result<Entry> {
        if self.mode == 0o160000 {
            return Ok(None);
        }
        let id = Oid::from_bytes(self.id).map_err(|_| malformed())?;
        Ok(Some((id, self.is_tree())))
    }
}

/// Where the entry of `listing` that starts at `start` ends (its name ends at the first NUL,
/// then come 20 bytes of id).
fn entry_end(listing: &[u8], start: usize) -> Result<usize> {
    let rest = listing.get(start..).ok_or_else(malformed)?;
    // `CStr` finds the NUL a word at a time.
    let nul = CStr::from_bytes_until_nul(rest)
        .map_err(|_| malformed())?
        .to_bytes()
        .len();
    let end = start + nul + 1 + 20;
    if end > listing.len() {
        return Err(malformed());
    }
    Ok(end)
}

/// The entry of `listing` that starts at `*at`, moving `*at` past it; `None` at the end.
fn raw_entry<'t>(listing: &'t [u8], at: &mut usize) -> Result<Option<RawEntry<'t>>> {
    let start = *at;
    if start >= listing.len() {
        return Ok(None);
    }
    let end = entry_end(listing, start)?;
    let all = &listing[start..end];
    let head = &all[..all.len() - 21]; // `<mode> <name>`
    let space = head.iter().position(|&b| b == b' ').ok_or_else(malformed)?;
    let mut mode = 0u32;
    for &d in &head[..space] {
        if !(b'0'..=b'7').contains(&d) || mode > 0o777777 {
            return Err(malformed());
        }
        mode = mode * 8 + u32::from(d - b'0');
    }
    if space == 0 || space + 1 == head.len() {
        return Err(malformed());
    }
    *at = end;
    Ok(Some(RawEntry {
        all,
        name: &head[space + 1..],
        mode,
        id: &all[all.len() - 20..],
    }))
}

/// How many bytes two listings share at their start (`from_end`: at their end), compared a
/// block at a time.
fn common_run(a: &[u8], b: &[u8], from_end: bool) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = if from_end {
        (&a[a.len() - n..], &b[b.len() - n..])
    } else {
        (&a[..n], &b[..n])
    };
    let block = |k: usize| {
        if from_end {
            (n - k - BLOCK)..(n - k)
        } else {
            k..k + BLOCK
        }
    };
    let mut same = 0;
    while same + BLOCK <= n && a[block(same)] == b[block(same)] {
        same += BLOCK;
    }
    let pairs = |i: usize| {
        let i = if from_end { n - 1 - i } else { i };
        a[i] == b[i]
    };
    same + (same..n).take_while(|&i| pairs(i)).count()
}

/// Calls `visit` with (name, old entry, new entry) for every name whose entries differ between
/// two tree listings as stored, walking both sorted listings at once. Entries are read in place
/// (no copies): these trees can hold thousands of records, of which a commit changes a few, so
/// the entries within the bytes both listings share at their start are skipped without being
/// compared, and the walk stops where the rest of both is the bytes they share at their end.
fn merge_listings(old: &[u8], new: &[u8], visit: &mut Visit<'_>) -> Result<()> {
    let (prefix, suffix) = (common_run(old, new, false), common_run(old, new, true));
    let mut i = 0;
    loop {
        let end = entry_end(old, i);
        match end {
            Ok(end) if end <= prefix => i = end,
            _ => break, // a malformed entry is reported by the walk below
        }
    }
    let mut j = i;
    let identical_rest =
        |i: usize, j: usize| old.len() - i == new.len() - j && old.len() - i <= suffix;
    let (mut a, mut b) = (raw_entry(old, &mut i)?, raw_entry(new, &mut j)?);
    loop {
        let order = match (&a, &b) {
            (None, None) => break,
            // The common case: the same mode, name and id.
            (Some(x), Some(y)) if x.all == y.all => Ordering::Equal,
            (Some(x), Some(y)) => git_order(x.name, x.is_tree(), y.name, y.is_tree()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
        };
        match (order, &a, &b) {
            (Ordering::Less, Some(x), _) => {
                visit(x.name, x.side()?, None)?;
                a = raw_entry(old, &mut i)?;
            }
            (Ordering::Greater, _, Some(y)) => {
                visit(y.name, None, y.side()?)?;
                b = raw_entry(new, &mut j)?;
            }
            (_, Some(x), Some(y)) => {
                if x.id != y.id {
                    visit(x.name, x.side()?, y.side()?)?;
                }
                if identical_rest(i, j) {
                    break;
                }
                a = raw_entry(old, &mut i)?;
                b = raw_entry(new, &mut j)?;
            }
            _ => break,
        }
    }
    Ok(())
}

/// The order of entries in a git tree: by name, a subtree's name read as if it ended in `/`
/// (git's `base_name_compare`).
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let end = |name: &[u8], tree: bool| match name.get(n) {
            Some(c) => *c,
            None if tree => b'/',
            None => 0,
        };
        end(a, a_tree).cmp(&end(b, b_tree))
    })
}

#[cfg(test)]
impl Walk<'_> {
    /// What libgit2's diff says changed between two commits' record trees, renames unpaired.
    fn libgit2_diff_for_tests(&self, old: &Roots, new: &Roots) -> Vec<FileChange> {
        let (o, n) = (self.tree(old[0]).unwrap(), self.tree(new[0]).unwrap());
        let diff = self
            .repo
            .git
            .diff_tree_to_tree(o.as_ref(), n.as_ref(), None)
            .unwrap();
        let side = |f: git2::DiffFile<'_>| {
            (!f.id().is_zero()).then(|| (format!("d/{}", f.path().unwrap().display()), f.id()))
        };
        diff.deltas()
            .map(|d| (side(d.old_file()), side(d.new_file())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_order_is_gits() {
        use std::cmp::Ordering::*;
        // A subtree sorts as if its name ended in `/`: after `a.b`, before `a0`.
        assert_eq!(git_order(b"a.b", false, b"a", true), Less);
        assert_eq!(git_order(b"a", true, b"a0", false), Less);
        assert_eq!(git_order(b"a", false, b"a-b", false), Less);
        assert_eq!(git_order(b"log", true, b"log", true), Equal);
    }

    fn paths(changes: &[FileChange]) -> Vec<(Option<&str>, Option<&str>)> {
        fn p(v: &Option<FileVersion>) -> Option<&str> {
            v.as_ref().map(|(p, _)| p.as_str())
        }
        changes.iter().map(|(o, n)| (p(o), p(n))).collect()
    }

    #[test]
    fn a_walk_sees_each_commit_its_record_trees_and_what_changed() {
        let (_dir, repo) = Repo::temp_for_tests();
        let one = repo.commit_for_tests("one", &[("d/a.md", "a\n"), ("d/sub/b.md", "b\n")]);
        let two = repo.commit_for_tests("code", &[("src/x.rs", "x\n")]);
        repo.remove_for_tests(&["d/a.md"]);
        let three = repo.commit_for_tests("move", &[("d/c.md", "a\n"), ("d/sub/b.md", "B\n")]);
        let objects = Objects::of(&repo).unwrap();
        let mut walk = Walk::new(&repo, &objects, vec!["d".into()], &[]);
        assert_eq!(walk.commits(three, None).unwrap(), [three, two, one]);
        assert_eq!(walk.commits(three, Some(one)).unwrap(), [three, two]);
        let first = walk.step(one).unwrap();
        assert_eq!(first.parents, Some(vec![]));
        let unchanged = walk.step(two).unwrap();
        assert_eq!(unchanged.parents.unwrap(), vec![first.here]);
        let last = walk.step(three).unwrap();
        let parent = &last.parents.as_ref().unwrap()[0];
        let all = |_: &str| true;
        let diff = walk.diff(Some(parent), &last.here, true, &all).unwrap();
        let mut got = paths(&diff);
        got.sort();
        assert_eq!(
            got,
            [
                (Some("d/a.md"), Some("d/c.md")),
                (Some("d/sub/b.md"), Some("d/sub/b.md"))
            ]
        );
        let unpaired = walk.diff(Some(parent), &last.here, false, &all).unwrap();
        assert_eq!(unpaired.len(), 3);
        let only_md = |p: &str| p.ends_with("c.md");
        let created = walk.diff(None, &last.here, false, &only_md).unwrap();
        assert_eq!(paths(&created), [(None, Some("d/c.md"))]);
        assert_eq!(walk.commit(three).unwrap().subject, "move");
    }

    #[test]
    fn wide_trees_report_every_change_wherever_it_is() {
        // Wide enough that the shared start and end are skipped a block at a time.
        let (_dir, repo) = Repo::temp_for_tests();
        let name = |i: usize| format!("d/{i:04}-record.md");
        let names: Vec<String> = (0..400).map(name).collect();
        let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x\n")).collect();
        let one = repo.commit_for_tests("many", &files);
        repo.remove_for_tests(&[&name(0), &name(250)]);
        let two = repo.commit_for_tests(
            "edits",
            &[
                (&name(1), "edited\n"),
                (&name(200), "edited\n"),
                (&name(399), "edited\n"),
                (&name(400), "new\n"),
                ("d/0200-record.md.orig", "x\n"),
                ("d/sub/a.md", "a\n"),
            ],
        );
        let objects = Objects::of(&repo).unwrap();
        let mut walk = Walk::new(&repo, &objects, vec!["d".into()], &[]);
        let (old, new) = (walk.step(one).unwrap().here, walk.step(two).unwrap().here);
        let all = |_: &str| true;
        for (from, to) in [(&old, &new), (&new, &old)] {
            let got_changes = walk.diff(Some(from), to, false, &all).unwrap();
            let mut got = paths(&got_changes);
            got.sort();
            let want_changes = walk.libgit2_diff_for_tests(from, to);
            let mut want = paths(&want_changes);
            want.sort();
            assert_eq!(got, want);
            assert_eq!(got.len(), 8);
        }
    }

    #[test]
    fn a_malformed_listing_is_an_error_not_a_panic() {
        let mut visit = |_: &[u8], _: Entry, _: Entry| Ok(());
        let good = b"100644 a\0aaaaaaaaaaaaaaaaaaaa";
        for bad in [
            &b"100644 a"[..],
            b"100644 a\0short",
            b"10x644 a\0aaaaaaaaaaaaaaaaaaaa",
            b" a\0aaaaaaaaaaaaaaaaaaaa",
            b"100644 \0aaaaaaaaaaaaaaaaaaaa",
            b"77777777777 a\0aaaaaaaaaaaaaaaaaaaa",
        ] {
            assert!(merge_listings(good, bad, &mut visit).is_err(), "{bad:?}");
            assert!(merge_listings(bad, &[], &mut visit).is_err(), "{bad:?}");
        }
        assert!(merge_listings(good, good, &mut visit).is_ok());
    }

    #[test]
    fn a_shallow_boundary_has_no_parents() {
        let (_dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("d/a.md", "a\n")]);
        let two = repo.commit_for_tests("two", &[("d/b.md", "b\n")]);
        let objects = Objects::of(&repo).unwrap();
        let mut walk = Walk::new(&repo, &objects, vec!["d".into()], &[two.to_string()]);
        assert!(walk.step(two).unwrap().parents.is_none());
    }
}
