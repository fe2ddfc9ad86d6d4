//! Browsing and export: `history`, `index`, `graph`, `export`.

use crate::cli::{ExportArgs, GraphArgs, HistoryArgs, IndexArgs};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Ui;

pub fn history(_store: &Store, _args: HistoryArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr history is not implemented yet"))
}

pub fn index(_store: &Store, _args: IndexArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr index is not implemented yet"))
}

pub fn graph(_store: &Store, _args: GraphArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr graph is not implemented yet"))
}

pub fn export(_store: &Store, _args: ExportArgs, _ui: &mut Ui<'_>) -> Result<()> {
    Err(Error::usage("git adr export is not implemented yet"))
}
