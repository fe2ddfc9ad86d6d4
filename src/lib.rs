//! git-adr: architecture decision records as a first-class, versioned part of a git repository.
//!
//! Data flows one way: repository ([`repo`]) → where records come from ([`source`]) → records
//! ([`record`], in a [`store`] with its [`config`]) → commands ([`commands`]) → text
//! ([`render`], [`output`]).

pub mod cli;
pub mod commands;
pub mod error;
pub mod features;
pub mod git;
pub mod model;
pub mod store;
pub mod text;

pub use error::{Error, Result};

use std::io::Write;

/// Where a command writes, and what it may assume about the person (if any) running it.
pub struct Ui<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: text::term::Style,
    /// A person is at a terminal: prompts and the editor are allowed.
    pub interactive: bool,
    /// stderr is a terminal outside CI: long scans may draw a progress counter on `err`.
    pub progress: bool,
}

impl Ui<'_> {
    /// Prints a warning line on stderr.
    pub fn warn(&mut self, message: &str) {
        let _ = writeln!(self.err, "warning: {}", text::term::term(message));
    }
}

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
