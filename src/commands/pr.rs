//! `git adr pr` (alias `summary`): the reviewer-ready summary of a branch.

use std::io::Read;
use std::path::Path;

use crate::cli::{PrArgs, PrFormat};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::summary::{self, Range, Summary};
use crate::store::Store;
use crate::text::markers;
use crate::text::template::{self, Template};
use crate::text::term::for_stdout;

pub fn run(store: &Store, args: PrArgs, ui: &mut Ui<'_>) -> Result<()> {
    let range = Range::resolve(&store.repo, args.base.as_deref())?;
    let head = range.head_source();
    let dod = summary::definition_of_done(store, &range, &head, args.run)?;
    let summary = summary::build(store, &range, &head, dod)?;
    let limit = if args.max_chars == 0 {
        usize::MAX
    } else {
        args.max_chars
    };
    let text = match (&args.update_body, args.format) {
        (Some(file), _) => {
            let template = template::load_template(store.root.as_deref(), "pr.md.j2")?;
            update_body(&summary, &template, &read_body(file)?, file, limit)?
        }
        (None, PrFormat::Json) => return crate::commands::shared::json::print(&summary, ui),
        (None, PrFormat::Markdown) => {
            let template = template::load_template(store.root.as_deref(), "pr.md.j2")?;
            markers::defuse(&summary::markdown::render(&summary, &template, limit)?).into_owned()
        }
    };
    write!(ui.out, "{}", for_stdout(&text)).map_err(stdout_err)
}

/// The description with the summary between the markers, the whole within `limit` characters
/// when it can be: the summary gets what the rest of the description leaves, and less again if
/// line endings or defused markers made it longer than rendered.
fn update_body(
    summary: &Summary,
    template: &Template,
    body: &str,
    file: &Path,
    limit: usize,
) -> Result<String> {
    let place = |budget: usize| -> Result<(String, usize)> {
        let text = summary::markdown::render(summary, template, budget)?;
        let out = markers::place(body, &text).map_err(|d| {
            Error::usage_hint(format!("{}: {}", shown(file), d.message()), d.hint())
        })?;
        Ok((out, text.chars().count()))
    };
    let (mut out, mut rendered) = place(limit)?;
    // Each step renders the summary shorter by the overshoot; one or two steps do.
    for _ in 0..4 {
        let chars = out.chars().count();
        if chars <= limit {
            break;
        }
        (out, rendered) = place(rendered.saturating_sub(chars - limit))?;
    }
    Ok(out)
}

/// The description's text, from the file or (`-`) standard input.
fn read_body(file: &Path) -> Result<String> {
    let bytes = if file == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("standard input", e))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| Error::io(file, e))?
    };
    String::from_utf8(bytes).map_err(|e| {
        Error::usage_hint(
            format!(
                "{}: not UTF-8 (byte {})",
                shown(file),
                e.utf8_error().valid_up_to()
            ),
            "a pull-request description is UTF-8 text; pass the body as the platform returns it",
        )
    })
}

fn shown(file: &Path) -> String {
    if file == Path::new("-") {
        "standard input".into()
    } else {
        file.display().to_string()
    }
}
