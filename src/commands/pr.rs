//! `git adr pr` (alias `summary`): the reviewer-ready summary of a branch.

use crate::cli::{PrArgs, PrFormat};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;
use crate::features::summary::{self, Range};
use crate::store::Store;
use crate::text::template;
use crate::text::term::for_stdout;

pub fn run(store: &Store, args: PrArgs, ui: &mut Ui<'_>) -> Result<()> {
    let range = Range::resolve(&store.repo, args.base.as_deref())?;
    let head = range.head_source();
    let dod = summary::definition_of_done(store, &range, &head, args.run)?;
    let summary = summary::build(store, &range, &head, dod)?;
    match args.format {
        PrFormat::Json => crate::commands::shared::json::print(&summary, ui),
        PrFormat::Markdown => {
            let template = template::load_template(store.root.as_deref(), "pr.md.j2")?;
            let limit = if args.max_chars == 0 {
                usize::MAX
            } else {
                args.max_chars
            };
            let text = summary::markdown::render(&summary, &template, limit)?;
            write!(ui.out, "{}", for_stdout(&text)).map_err(stdout_err)
        }
    }
}
