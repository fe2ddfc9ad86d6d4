//! `git adr site`: the static site of every record, written to a folder or checked against it.

use crate::cli::SiteArgs;
use crate::commands::shared::listing::warn_skipped;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::dod;
use crate::features::history::trails;
use crate::features::site::{self, output, Inputs, Options};
use crate::store::Store;

pub fn run(store: &Store, args: SiteArgs, ui: &mut Ui<'_>) -> Result<()> {
    let head = store.repo.head_id()?;
    let rev = match &args.rev {
        Some(r) => Some(store.repo.commit_id(r)?),
        None => None,
    };
    let source = match rev {
        Some(id) => store.repo.commit_source(id)?,
        None => store.default_source()?,
    };
    let kinds: Vec<_> = store.config.kinds.values().collect();
    let mut listing = store.load(&source, &kinds)?;
    warn_skipped(&listing, ui);
    listing.records.sort_by(|a, b| {
        (a.kind != "adr", &a.kind, a.id, &a.slug).cmp(&(b.kind != "adr", &b.kind, b.id, &b.slug))
    });
    let (checklists, errors) = dod::load(store, &source)?;
    for e in &errors {
        ui.warn(&format!("skipped: {e}"));
    }
    // Committed history only: uncommitted edits would date pages by today and break
    // `--check`'s "same repository, same bytes".
    let walked = match head {
        Some(_) => Some(super::load_history(store, ui)?),
        None => None,
    };
    let history = match (walked, rev) {
        (Some(h), Some(r)) if Some(r) != head => Some(trails::at_commit(&store.repo, &h, r)),
        (h, _) => h,
    };
    let inputs = Inputs {
        store,
        source: &source,
        records: &listing.records,
        checklists: &checklists,
        history: history.as_ref(),
    };
    let options = Options {
        base_url: args.base_url.clone(),
        rev: args.rev.clone(),
    };
    let built = site::build(&inputs, &options)?;
    for (record, target) in &built.missing_images {
        ui.warn(&format!(
            "{record}: image {target} is not shown: it is missing, outside the repository, or not an image"
        ));
    }
    let shown = args.out.display().to_string();
    if args.check {
        return match output::first_difference(&built, &args.out)? {
            Some(why) => Err(Error::Findings(format!(
                "the site in {shown} is out of date: {why}; run `git adr site --out {shown}` to update it"
            ))),
            None => {
                let _ = writeln!(ui.err, "the site in {shown} is up to date");
                Ok(())
            }
        };
    }
    let written = output::write(&built, &args.out)?;
    let n = listing.records.len();
    let _ = writeln!(
        ui.err,
        "wrote {shown}/index.html: {n} record{}, {} file{} changed{}",
        if n == 1 { "" } else { "s" },
        written.changed,
        if written.changed == 1 { "" } else { "s" },
        if written.removed > 0 {
            format!(", {} removed", written.removed)
        } else {
            String::new()
        }
    );
    Ok(())
}
