//! `git adr renumber`.

use crate::cli::RenumberArgs;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Ui;

pub fn run(_store: &Store, _args: RenumberArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr renumber is not implemented yet"))
}
