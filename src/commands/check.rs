//! `git adr check`.

use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::Ui;

pub fn run(_args: CheckArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr check is not implemented yet"))
}
