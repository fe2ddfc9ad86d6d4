//! `git adr dod`.

use crate::cli::DodArgs;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Ui;

pub fn run(_store: &Store, _args: DodArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr dod is not implemented yet"))
}
