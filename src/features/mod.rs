//! What git-adr does, one folder or file per feature: each an engine over the store that
//! returns data and never prints.

pub mod adopt;
pub mod changes;
pub mod check;
pub mod citations;
pub mod create;
pub mod dod;
pub mod governs;
pub mod graph;
pub mod history;
pub mod hooks;
pub mod index_page;
pub mod lifecycle;
pub mod renumber;
pub mod settled;
pub mod site;
pub mod summary;
