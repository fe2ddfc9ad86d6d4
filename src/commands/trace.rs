//! `git adr trace` and `git adr why`.

use crate::cli::{TraceArgs, WhyArgs};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Ui;

pub fn trace(_store: &Store, _args: TraceArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr trace is not implemented yet"))
}

pub fn why(_store: &Store, _args: WhyArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr why is not implemented yet"))
}
