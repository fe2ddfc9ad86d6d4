//! git-adr: architecture decision records as a first-class, versioned part of a git repository.
//!
//! Data flows one way: repository ([`repo`]) → where records come from ([`source`]) → records
//! ([`record`], in a [`store`] with its [`config`]) → commands ([`commands`]) → text
//! ([`render`], [`output`]).

pub mod check;
pub mod citations;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diff;
pub mod dod;
pub mod error;
pub mod fsutil;
pub mod history;
pub mod hooks;
pub mod import;
pub mod index_page;
pub mod output;
pub mod paths;
pub mod progress;
pub mod record;
pub mod render;
pub mod repo;
pub mod source;
pub mod store;
pub mod summary;

pub use error::{Error, Result};

use std::io::Write;

/// Where a command writes, and what it may assume about the person (if any) running it.
pub struct Ui<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: render::Style,
    /// A person is at a terminal: prompts and the editor are allowed.
    pub interactive: bool,
    /// stderr is a terminal outside CI: long scans may draw a progress counter on `err`.
    pub progress: bool,
}

impl Ui<'_> {
    /// Prints a warning line on stderr.
    pub fn warn(&mut self, message: &str) {
        let _ = writeln!(self.err, "warning: {}", render::term(message));
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

/// Is a person at the terminal? Both stdin and stderr must be terminals (git runs hooks with
/// stdin on the null device), and CI never is.
pub fn detect_interactive() -> bool {
    use std::io::IsTerminal;
    !in_ci() && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// May a progress counter be drawn? Only on a terminal's stderr, and not in CI (whose logs keep
/// every `\r` redraw). Unlike prompts, stdin does not matter.
pub fn detect_progress() -> bool {
    use std::io::IsTerminal;
    !in_ci() && std::io::stderr().is_terminal()
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}
