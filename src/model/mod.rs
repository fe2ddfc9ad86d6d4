//! What a record is: ids, kinds, relations, statuses, front matter, sections, the formats of
//! existing folders; the configuration that shapes them; the one diagnostic type every reporter
//! renders (the catalogue of check rules it names sits below, in `error::rule`).

pub mod config;
pub mod diagnostic;
pub mod globs;
pub mod record;
