//! `git adr hook`.

use crate::cli::HookArgs;
use crate::error::{Error, Result};
use crate::Ui;

pub fn run(_args: HookArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr hook is not implemented yet"))
}
