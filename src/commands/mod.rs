//! One module per command. Each gathers its inputs, calls one engine in `features/`, and
//! renders the result to the [`Ui`]: only commands write output. No command imports another;
//! what several share is in [`shared`].

mod cache;
mod check;
mod completions;
mod diff;
mod dod;
mod export;
mod graph;
mod history;
mod hook;
mod index;
mod init;
mod lifecycle;
mod list;
mod log;
mod man;
mod mcp;
mod new;
mod pr;
mod renumber;
mod search;
mod settled;
pub(crate) mod shared;
mod show;
mod site;
mod trace;

use std::io::Write;

use crate::cli::Command;
use crate::error::Result;
use crate::git::repo::Repo;
use crate::model::diagnostic::Diagnostic;
use crate::model::record::status::Role;
use crate::store::Store;

/// Runs one subcommand.
pub fn dispatch(command: Command, ui: &mut Ui<'_>) -> Result<()> {
    match command {
        Command::Init(args) => init::run(args, ui),
        Command::New(args) => new::run(&open(ui)?, args, ui),
        Command::List(args) => list::run(&open(ui)?, args, ui),
        Command::Show(args) => show::run(&open(ui)?, args, ui),
        Command::Status(a) => lifecycle::set_status(&open(ui)?, &a.id, &a.status, a.force, ui),
        Command::Accept(a) => lifecycle::set_role(&open(ui)?, &a.id, Role::Accepted, a.force, ui),
        Command::Reject(a) => lifecycle::set_role(&open(ui)?, &a.id, Role::Rejected, a.force, ui),
        Command::Deprecate(a) => {
            lifecycle::set_role(&open(ui)?, &a.id, Role::Deprecated, a.force, ui)
        }
        Command::Supersede(a) => lifecycle::supersede(&open(ui)?, &a.old, &a.new, a.force, ui),
        Command::Link(a) => lifecycle::link(&open(ui)?, &a.from, a.relation, &a.to, ui),
        Command::Search(args) => search::run(&open(ui)?, args, ui),
        Command::Settled(args) => settled::run(&open(ui)?, args, ui),
        Command::Completions(args) => completions::completions(args.shell, ui),
        Command::Man(args) => man::man(args, ui),
        Command::Help(args) => man::help(args, ui),
        Command::Check(args) => check::run(args, ui),
        // The pre-commit hooks are `git adr check --staged`.
        Command::Hook(args) => match hook::run(args, ui)? {
            Some(check) => check::run(check, ui),
            None => Ok(()),
        },
        Command::Cache(args) => cache::run(args, ui),
        Command::Renumber(args) => renumber::run(&open(ui)?, args, ui),
        Command::Pr(args) => pr::run(&open(ui)?, args, ui),
        Command::Log(args) => log::run(&open(ui)?, args, ui),
        Command::Dod(args) => dod::run(&open(ui)?, args, ui),
        Command::Trace(args) => trace::trace(&open(ui)?, args, ui),
        Command::Why(args) => trace::why(&open(ui)?, args, ui),
        Command::History(args) => history::history(&open(ui)?, args, ui),
        Command::Index(args) => index::index(&open(ui)?, args, ui),
        Command::Graph(args) => graph::graph(&open(ui)?, args, ui),
        Command::Site(args) => site::run(&open(ui)?, args, ui),
        Command::Export(args) => export::export(&open(ui)?, args, ui),
        Command::Diff(args) => diff::run(&open(ui)?, args, ui),
        Command::Mcp(args) => mcp::serve(args, ui),
    }
}

/// Opens the repository and its store, printing config warnings once.
pub(crate) fn open(ui: &mut Ui<'_>) -> Result<Store> {
    let store = Store::open(Repo::open()?)?;
    warn_config(&store, ui);
    Ok(store)
}

/// Prints the warnings about the store's `.adr/config.toml` (unknown keys, rules, roles).
pub(crate) fn warn_config(store: &Store, ui: &mut Ui<'_>) {
    ui.warn_all(&store.config.warnings);
}

/// The repository's history of records ([`crate::features::history::load`]: cached, incremental), with a
/// progress counter on a terminal and its warnings shown.
pub(crate) fn load_history(
    store: &Store,
    ui: &mut Ui<'_>,
) -> Result<crate::features::history::History> {
    let progress: Option<&mut dyn std::io::Write> = if ui.progress {
        Some(&mut *ui.err)
    } else {
        None
    };
    let history = crate::features::history::load(store, progress)?;
    ui.warn_all(&history.warnings);
    Ok(history)
}

/// The one warning of `list --dates git` and `show` in a shallow clone whose records are older
/// than it.
const SHALLOW_DATES: &str = "this is a shallow clone: records older than it are dated from their front matter, not from history (`git fetch --unshallow` fetches the rest)";

/// The history and uncommitted changes that give records their git dates.
pub(crate) struct GitDates {
    pub history: crate::features::history::History,
    pub uncommitted: Vec<crate::features::history::Event>,
}

impl GitDates {
    /// For every record, or for the one at `only`.
    pub fn load(store: &Store, only: Option<&str>, ui: &mut Ui<'_>) -> Result<GitDates> {
        Ok(GitDates {
            history: load_history(store, ui)?,
            uncommitted: crate::features::history::uncommitted(store, only)?,
        })
    }

    /// The dates of the records at `paths`, in that order. In a shallow clone where some of them
    /// had to be dated from their front matter, says so once.
    pub fn of<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p str>,
        ui: &mut Ui<'_>,
    ) -> Vec<crate::features::history::dates::Dates> {
        let index =
            crate::features::history::dates::DateIndex::new(&self.history, &self.uncommitted);
        let dates: Vec<_> = paths.into_iter().map(|p| index.get(p)).collect();
        let fell_back = dates.iter().any(|d| {
            [&d.created, &d.updated]
                .into_iter()
                .flatten()
                .any(|s| s.is_from_front_matter())
        });
        if self.history.shallow && fell_back {
            ui.warn(SHALLOW_DATES);
        }
        dates
    }
}

/// The title given as words on the command line, else asked for with `ask` when a person is at
/// a terminal (`interactive`); `example` is the command line the error suggests.
fn title(
    words: &[String],
    example: &str,
    ask: impl FnOnce() -> Result<String>,
    interactive: bool,
) -> Result<String> {
    use crate::model::record::slug::clean_title;
    let title = clean_title(&words.join(" "));
    if !title.is_empty() {
        return Ok(title);
    }
    if !interactive {
        return Err(crate::Error::usage_hint(
            "a title is required",
            format!("give it as the TITLE argument: {example}"),
        ));
    }
    let title = clean_title(&ask()?);
    if title.is_empty() {
        return Err(crate::Error::usage("the title is empty"));
    }
    Ok(title)
}

/// Today's date as records write it.
fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// The error for a failed write to standard output (a closed pipe is handled in `main`).
pub fn stdout_err(e: std::io::Error) -> crate::Error {
    crate::Error::io("standard output", e)
}

/// Where a command writes, and what it may assume about the person (if any) running it.
pub struct Ui<'a> {
    /// Standard output: what the command produces.
    pub out: &'a mut dyn Write,
    /// Standard error: warnings, progress, errors.
    pub err: &'a mut dyn Write,
    /// Colours for `out`.
    pub style: crate::text::term::Style,
    /// A person is at a terminal: prompts and the editor are allowed.
    pub interactive: bool,
    /// stderr is a terminal outside CI: long scans may draw a progress counter on `err`.
    pub progress: bool,
}

impl Ui<'_> {
    /// Prints a warning line on stderr: the one place a warning line is formatted.
    pub fn warn(&mut self, message: &str) {
        let _ = writeln!(
            self.err,
            "warning: {}",
            crate::text::term::one_line(message)
        );
    }

    /// Prints each diagnostic as a warning line, `warning: path:line: message` (see
    /// [`Diagnostic`]'s `Display`).
    pub(crate) fn warn_all(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            self.warn(&d.to_string());
        }
    }
}
