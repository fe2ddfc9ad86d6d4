//! What several commands share and no command owns: the record's JSON shape, which kinds a
//! listing covers and in what order, and the definition-of-done rendering of `dod` and
//! `check --dod`. Not commands themselves.

pub(crate) mod checklists;
pub(crate) mod json;
pub(crate) mod listing;
