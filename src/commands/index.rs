//! `git adr index`: the Markdown index of every record, written to `.adr/README.md`.

use crate::cli::IndexArgs;
use crate::commands::shared::listing::warn_skipped;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::index_page::{self, INDEX_PATH};
use crate::store::paths::path_from_cwd;
use crate::store::Store;

pub fn index(store: &Store, args: IndexArgs, ui: &mut Ui<'_>) -> Result<()> {
    let source = store.default_source()?;
    let listing = store.load(&source, &[])?;
    warn_skipped(&listing, ui);
    let text = index_page::markdown(store, &listing.records);
    if args.stdout {
        return write!(ui.out, "{}", crate::text::term::for_stdout(&text)).map_err(stdout_err);
    }
    if args.check {
        let written = index_page::read_current(&source)?;
        return match written.map(|w| index_page::first_difference(&w, &text)) {
            None => Err(Error::Findings(format!(
                "{INDEX_PATH} is missing: run `git adr index` to write it"
            ))),
            Some(Some(line)) => Err(Error::Findings(format!(
                "{INDEX_PATH} is out of date (from line {line}): run `git adr index` to update it"
            ))),
            Some(None) => {
                let _ = writeln!(ui.err, "{INDEX_PATH} is up to date");
                Ok(())
            }
        };
    }
    let root = store.workdir("index")?.to_path_buf();
    let path = store.abs(INDEX_PATH)?;
    let shown = path_from_cwd(&root, INDEX_PATH);
    let unchanged = std::fs::read(&path).is_ok_and(|b| b == text.as_bytes());
    if unchanged {
        let _ = writeln!(ui.err, "{shown} is up to date");
    } else {
        // Under the edit lock: an edit's recovery removes stray temporary files in .adr/.
        let _lock = store.lock()?;
        crate::store::atomic::write_atomic(&path, text.as_bytes())?;
        let n = listing.records.len();
        let _ = writeln!(
            ui.err,
            "wrote {shown} ({n} record{})",
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(())
}
