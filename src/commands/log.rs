//! `git adr log`.

use crate::cli::LogArgs;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Ui;

pub fn run(_store: &Store, _args: LogArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr log is not implemented yet"))
}
