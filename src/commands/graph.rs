//! `git adr graph`: the relations between records as Mermaid or Graphviz DOT.

use crate::cli::{GraphArgs, GraphFormat};
use crate::commands::shared::listing::{load_ordered, ordered_kinds, warn_skipped};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::features::graph::{self, Format};
use crate::store::Store;

pub fn graph(store: &Store, args: GraphArgs, ui: &mut Ui<'_>) -> Result<()> {
    let kinds = ordered_kinds(store, &args.kind)?;
    let listing = load_ordered(store, &kinds)?;
    warn_skipped(&listing, ui);
    let format = match args.format {
        GraphFormat::Mermaid => Format::Mermaid,
        GraphFormat::Dot => Format::Dot,
    };
    let text = graph::graph(store, &listing.records, format);
    write!(ui.out, "{}", crate::text::term::for_stdout(&text)).map_err(stdout_err)
}
