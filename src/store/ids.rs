//! The highest record number of each records tree that `new` has read, kept between runs in
//! git-adr's cache folder under the common git directory (`adr/tree-ids-v1.txt`, beside the
//! record and history caches: linked worktrees share it, and `git adr cache info|clear` shows or
//! deletes it with them), so that choosing a number reads only the trees no run has read before.
//!
//! Why it is kept: a records tree of 10,000 entries is 500 kB to inflate and un-delta, about
//! 25 million instructions, two thirds of `new` once the rest reads only names. A tree's
//! highest number is a function of its id, so an entry never goes stale; the file holds the
//! trees of the last run only, one line each, and is safe to delete. A file that does not read
//! back exactly as written is ignored, and the trees are read again.

use std::collections::HashMap;
use std::path::Path;

use crate::git::repo::Repo;
use crate::git::Oid;

/// Where the numbers are kept, under the common git directory (in [`super::cache::DIR`]).
pub const FILE: &str = "adr/tree-ids-v1.txt";
/// Where an earlier build kept them (`git adr cache clear` still removes it).
pub const OLD_FILE: &str = "adr-ids";

const HEADER: &str = "git-adr tree ids 1";

/// The highest record number in any of `trees` (0 for none): from the kept numbers where known,
/// else read from the tree, and then kept. Called under the edit lock, so that two runs do not
/// write the file at once (a lost write costs a read, nothing else).
pub fn max_in_trees(repo: &Repo, trees: &[Oid]) -> u32 {
    let path = repo.common_dir().join(FILE);
    let known = read(&path);
    let mut read_now = false;
    let mut max = 0;
    let mut kept = Vec::with_capacity(trees.len());
    for &tree in trees {
        let n = known.get(&tree).copied().unwrap_or_else(|| {
            read_now = true;
            repo.max_id_in_tree(tree)
        });
        kept.push((tree, n));
        max = max.max(n);
    }
    if read_now {
        // Best effort: a read-only git directory only costs the next run the same reads.
        let _ =
            crate::store::atomic::write_derived(&path, |out| out.write_all(text(&kept).as_bytes()));
    }
    max
}

fn text(kept: &[(Oid, u32)]) -> String {
    let mut out = format!("{HEADER}\n");
    for (tree, n) in kept {
        out.push_str(&format!("{tree} {n}\n"));
    }
    out
}

/// The kept numbers; none when the file is missing or not exactly in the form written.
fn read(path: &Path) -> HashMap<Oid, u32> {
    let parsed = std::fs::read_to_string(path).ok().and_then(|text| {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        lines
            .map(|line| {
                let (tree, n) = line.split_once(' ')?;
                let tree = (tree.len() == 40).then(|| Oid::from_str(tree).ok())??;
                Some((tree, n.parse::<u32>().ok()?))
            })
            .collect::<Option<HashMap<_, _>>>()
    });
    parsed.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_numbers_read_back_and_anything_else_is_ignored() {
        let (dir, repo) = Repo::temp_for_tests();
        repo.commit_for_tests("one", &[("d/0003-a.md", "a\n"), ("d/0012-b.md", "b\n")]);
        let trees = repo.branch_trees("d").unwrap();
        assert_eq!(trees.len(), 1);
        let path = repo.common_dir().join(FILE);
        assert_eq!(max_in_trees(&repo, &trees), 12);
        let kept = std::fs::read_to_string(&path).unwrap();
        assert_eq!(kept, format!("{HEADER}\n{} 12\n", trees[0]));
        assert_eq!(read(&path), HashMap::from([(trees[0], 12)]));

        let line = format!("{} 12", trees[0]);
        for bad in [
            String::new(),
            "git-adr tree ids 2\n".to_string(),
            format!("{HEADER}\n{line}\nnot a line\n"),
            format!("{HEADER}\n{} x\n", trees[0]),
            format!("{HEADER}\n{} -1\n", trees[0]),
            format!("{HEADER}\n{}\n", &line[..20]),
        ] {
            std::fs::write(&path, &bad).unwrap();
            assert!(read(&path).is_empty(), "{bad:?}");
            // Read again from the tree, and kept again.
            assert_eq!(max_in_trees(&repo, &trees), 12);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), kept);
        }
        drop(dir);
    }
}
