//! The only place that touches git (libgit2): the repository, the work tree, index or tree
//! records are read from, commits and their trailers, ranges and merge bases, and the walk over
//! history that `log`, `history` and dates are read from.

pub mod commit;
pub mod diff;
pub mod index;
pub mod index_file;
pub mod names;
pub mod range;
pub mod repo;
pub mod source;
pub mod trailers;
pub mod walk;

/// A git object id (a commit, tree or blob).
pub use git2::Oid;
