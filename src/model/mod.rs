//! What a record is: ids, kinds, relations, statuses, front matter, sections, the formats of
//! existing folders; the configuration that shapes them; the catalogue of check rules and the
//! one diagnostic type every reporter renders.

pub mod config;
pub mod diagnostic;
pub mod globs;
pub mod record;
pub mod rule;
