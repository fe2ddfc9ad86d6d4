//! The only place that touches git: the repository, and the work tree, index or tree records
//! are read from.

pub mod repo;
pub mod source;
pub mod trailers;
