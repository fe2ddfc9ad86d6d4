//! git-adr: architecture decision records as a first-class, versioned part of a git repository.
//!
//! The source is arranged in layers, lowest first. A module uses its own layer and those below,
//! never one above, and no import cycle exists (`tests/architecture.rs` checks both; ADR-0014):
//!
//! ```text
//!   main.rs, lib.rs      start: parse the command line, set up the Ui, run
//!        │
//!   commands/  cli.rs    one file per command: gather inputs, call one engine, render to the Ui
//!        │
//!   features/            engines that return data and never print: check, changes, summary,
//!        │               lifecycle, create, dod, history, hooks, renumber, adopt, governs,
//!        │               index_page, graph, citations
//!   store/               finding records, id allocation, atomic edits, paths as typed and shown
//!        │
//!   git/                 the only place that touches the git library: repository, sources,
//!        │               commits, ranges, the history walk, trailers
//!   model/               records (ids, relations, statuses and roles, front matter, sections,
//!        │               formats of existing folders), configuration, diagnostics
//!   text/                terminal safety and colour, Markdown and CSV escaping, templates
//!        │
//!   error.rs, error/     the one error type, and the catalogue of check rules it names
//! ```
//!
//! `fuzzing.rs` sits beside `lib.rs`: the checks the fuzz targets in `fuzz/` run.

#![warn(missing_docs)]

mod cli;
mod commands;
mod error;
mod features;
mod git;
mod model;
mod store;
mod text;

/// The checks of the fuzz targets in `fuzz/` (and of `tests/fuzz_smoke.rs`); not a stable API.
#[doc(hidden)]
pub mod fuzzing;

// The library exists for the binary and the integration tests; this is all they use.
pub use cli::Cli;
pub use commands::Ui;
pub use error::rule::{Rule, Severity};
pub use error::{Error, Result};
pub use features::hooks::{script as hook_script, Hook};
pub use text::term::{one_line, term, Style};

/// Runs a parsed command line.
pub fn run(cli: cli::Cli, ui: &mut Ui<'_>) -> Result<()> {
    // `-C DIR` works as in git: each one is relative to the previous.
    for dir in &cli.directory {
        std::env::set_current_dir(dir).map_err(|e| {
            Error::usage_hint(
                format!("cannot change to directory {}: {e}", dir.display()),
                "check the path given to -C",
            )
        })?;
    }
    commands::dispatch(cli.command, ui)
}

pub use text::term::{detect_interactive, detect_progress};
