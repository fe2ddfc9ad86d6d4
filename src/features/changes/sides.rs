//! The two sides of a comparison, as the command line names them (`A...B`, `A..B`, `A B`, one
//! revision, or none), resolved to commits or the work tree and the sources their records are
//! read from.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::git::repo::Repo;
use crate::git::source::Source;
use crate::git::Oid;
use crate::store::Store;

/// The two sides, as the command line names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    /// No revision: the merge base of the branch's base and HEAD, against the work tree; when
    /// no base can be found, HEAD against the work tree.
    Default,
    /// `REF`: REF against the work tree.
    WithWorkTree(String),
    /// `A..B` or `A B`: A's tree against B's.
    Between(String, String),
    /// `A...B`: the merge base of A and B against B.
    SinceMergeBase(String, String),
}

impl Spec {
    /// Reads the revision arguments the way `git diff` does. An empty side of `..` or `...`
    /// is HEAD.
    pub fn parse(revs: &[String]) -> Result<Spec> {
        let side = |s: &str| {
            if s.is_empty() {
                "HEAD".to_string()
            } else {
                s.to_string()
            }
        };
        let dots = |s: &str| s.contains("..");
        match revs {
            [] => Ok(Spec::Default),
            [one] => {
                if let Some((a, b)) = one.split_once("...") {
                    Ok(Spec::SinceMergeBase(side(a), side(b)))
                } else if let Some((a, b)) = one.split_once("..") {
                    Ok(Spec::Between(side(a), side(b)))
                } else {
                    Ok(Spec::WithWorkTree(one.clone()))
                }
            }
            [a, b] if !dots(a) && !dots(b) => Ok(Spec::Between(a.clone(), b.clone())),
            _ => Err(Error::usage_hint(
                format!("cannot compare {}", revs.join(" ")),
                "give A...B (since B left A), A..B or A B (A with B), or one REF (with the work tree)",
            )),
        }
    }
}

/// One side of the comparison, as JSON shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// The revision as given (`main`, `HEAD~2`); `null` for the work tree.
    pub rev: Option<String>,
    /// The commit whose tree was read; `null` for the work tree or a branch with no commits.
    pub commit: Option<String>,
    /// `commit` is the merge base of `rev` and the other side, not `rev` itself.
    pub merge_base: bool,
    /// The records were read from the work tree (uncommitted changes included).
    pub work_tree: bool,
    /// How the side is named for people ("merge base of main and feature", "the work tree").
    #[serde(skip)]
    pub label: String,
}

impl Endpoint {
    fn work_tree() -> Endpoint {
        Endpoint {
            rev: None,
            commit: None,
            merge_base: false,
            work_tree: true,
            label: "the work tree".into(),
        }
    }

    fn commit(rev: &str, commit: Option<Oid>) -> Endpoint {
        Endpoint {
            rev: Some(rev.to_string()),
            commit: commit.map(|c| c.to_string()),
            merge_base: false,
            work_tree: false,
            label: rev.to_string(),
        }
    }

    /// The label with the short commit id, e.g. `main (1a2b3c4)`.
    pub fn describe(&self) -> String {
        match (&self.commit, self.work_tree) {
            (_, true) => self.label.clone(),
            (Some(c), _) => format!("{} ({})", self.label, &c[..c.len().min(7)]),
            (None, _) => format!("{} (no commits yet)", self.label),
        }
    }
}

/// The two sides resolved: what each is, and where its records are read from (`None`: nothing,
/// as on a branch with no commits).
pub struct Sides<'r> {
    /// The comparison as people read it: `main...feature`, `HEAD~2 (with the work tree)`.
    pub range: String,
    pub from: Endpoint,
    pub to: Endpoint,
    pub(super) from_source: Option<Source<'r>>,
    pub(super) to_source: Option<Source<'r>>,
    /// The record files that differ, when both sides are commits (see [`super::Differing`]).
    pub(super) differing: Option<super::Differing>,
    /// Said on stderr: how a default was chosen.
    pub note: Option<String>,
}

/// One side resolved: what it is, and where its records are read from (`None`: nothing).
type Side<'r> = (Endpoint, Option<Source<'r>>);

/// Resolves `spec` in the store's repository. Unknown revisions are usage errors naming them.
pub fn resolve<'r>(store: &'r Store, spec: &Spec) -> Result<Sides<'r>> {
    let mut note = None;
    let (range, (from, from_source), (to, to_source)) = match spec {
        Spec::SinceMergeBase(a, b) => (
            format!("{a}...{b}"),
            merge_base_side(&store.repo, a, b)?,
            commit_side(&store.repo, b)?,
        ),
        Spec::Between(a, b) => (
            format!("{a}..{b}"),
            commit_side(&store.repo, a)?,
            commit_side(&store.repo, b)?,
        ),
        Spec::WithWorkTree(rev) => {
            let to = work_tree_side(store)?;
            (
                format!("{rev} with {}", to.0.label),
                commit_side(&store.repo, rev)?,
                to,
            )
        }
        Spec::Default => {
            let (range, from, to, said) = default_sides(store)?;
            note = said;
            (range, from, to)
        }
    };
    let differing = differing(store, &from, &to)?;
    Ok(Sides {
        range,
        from,
        to,
        from_source,
        to_source,
        differing,
        note,
    })
}

/// The record files the two sides differ in, when both are commits.
fn differing(store: &Store, from: &Endpoint, to: &Endpoint) -> Result<Option<super::Differing>> {
    let commit = |e: &Endpoint| {
        e.commit
            .as_deref()
            .filter(|_| !e.work_tree)
            .and_then(|c| Oid::from_str(c).ok())
    };
    let (Some(old), Some(new)) = (commit(from), commit(to)) else {
        return Ok(None);
    };
    let roots = store.config.record_roots();
    Ok(Some(store.repo.paths_changed(old, new, &roots)?))
}

/// No revision: the branch's base (its merge base with HEAD) with the work tree; with no base,
/// or no commits (then there is no base to speak of: everything is new), HEAD with the work
/// tree, and a note that says so.
fn default_sides<'r>(store: &'r Store) -> Result<(String, Side<'r>, Side<'r>, Option<String>)> {
    let repo = &store.repo;
    let has_commits = repo.head_tree()?.is_some();
    let base = has_commits.then(|| repo.resolve_base(None).ok()).flatten();
    let to = work_tree_side(store)?;
    if let Some(base) = base {
        let from = merge_base_side(repo, &base, "HEAD")?;
        let range = format!("{} with {}", from.0.label, to.0.label);
        return Ok((range, from, to, None));
    }
    let to_what = if store.root.is_some() {
        "the work tree"
    } else {
        "itself"
    };
    let note = if has_commits {
        format!(
            "no base branch found: comparing HEAD with {to_what} (`git adr diff BASE...HEAD` compares with a branch)"
        )
    } else {
        format!("HEAD has no commits yet: comparing nothing with {to_what}")
    };
    let from = if has_commits {
        head_side(repo)?
    } else {
        (Endpoint::commit("HEAD", None), None)
    };
    Ok((format!("HEAD with {}", to.0.label), from, to, Some(note)))
}

/// The commit `rev` names.
fn commit_side<'r>(repo: &'r Repo, rev: &str) -> Result<Side<'r>> {
    let id = repo.commit_id(rev)?;
    Ok((
        Endpoint::commit(rev, Some(id)),
        Some(repo.commit_source(id)?),
    ))
}

/// The work tree, or HEAD in a bare repository (as every read command does there).
fn work_tree_side(store: &Store) -> Result<Side<'_>> {
    if store.root.is_some() {
        return Ok((Endpoint::work_tree(), Some(store.default_source()?)));
    }
    head_side(&store.repo)
}

fn head_side(repo: &Repo) -> Result<Side<'_>> {
    let head = repo.head_commit()?.id();
    Ok((
        Endpoint::commit("HEAD", Some(head)),
        Some(repo.commit_source(head)?),
    ))
}

/// The merge base of `a` and `b`, labelled as such.
fn merge_base_side<'r>(repo: &'r Repo, a: &str, b: &str) -> Result<Side<'r>> {
    let (ca, cb) = (repo.commit_id(a)?, repo.commit_id(b)?);
    let oid = repo.merge_base(
        (ca, a),
        (cb, b),
        &format!("compare their trees instead: git adr diff {a}..{b}"),
    )?;
    let mut end = Endpoint::commit(a, Some(oid));
    end.merge_base = true;
    end.label = format!("the merge base of {a} and {b}");
    Ok((end, Some(repo.commit_source(oid)?)))
}
