//! `git adr pr`.

use crate::cli::PrArgs;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Ui;

pub fn run(_store: &Store, _args: PrArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr pr is not implemented yet"))
}
