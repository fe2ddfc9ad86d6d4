//! `git adr cache info|clear`: the derived files git-adr keeps in its folder under the common
//! git directory (the record cache, the history cache, `new`'s tree numbers).

use crate::cli::{CacheAction, CacheArgs};
use crate::commands::{stdout_err, Ui};
use crate::error::{Error, Result};
use crate::git::repo::Repo;
use crate::git::source::size_text;
use crate::store::cache;

pub fn run(args: CacheArgs, ui: &mut Ui<'_>) -> Result<()> {
    let repo = Repo::open()?;
    let dir = repo.common_dir().join(cache::DIR);
    match args.action {
        CacheAction::Info => info(&repo, &dir, ui),
        CacheAction::Clear => clear(&repo, &dir, ui),
    }
}

fn info(repo: &Repo, dir: &std::path::Path, ui: &mut Ui<'_>) -> Result<()> {
    let records = repo.common_dir().join(cache::FILE);
    let state = if cache::disabled_by_env() {
        format!("off ({} is set)", cache::DISABLE_ENV)
    } else if repo.config_bool(cache::CONFIG_KEY)? == Some(false) {
        format!("off (git config {} is false)", cache::CONFIG_KEY)
    } else {
        "on".to_string()
    };
    let entries = match cache::entries(&records) {
        Ok(n) => format!("{n} record{}", if n == 1 { "" } else { "s" }),
        Err(why) => format!("none ({why})"),
    };
    let mut text = format!(
        "record cache: {state}\n  file: {}\n  entries: {entries}\n",
        records.display()
    );
    let files = cache::files(dir);
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    text.push_str(&format!("{}: {}\n", dir.display(), size_text(total)));
    for (path, size) in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        text.push_str(&format!("  {name}: {}\n", size_text(size)));
    }
    write!(ui.out, "{text}").map_err(stdout_err)
}

fn clear(repo: &Repo, dir: &std::path::Path, ui: &mut Ui<'_>) -> Result<()> {
    let mut files = cache::files(dir);
    // Where an earlier build kept `new`'s tree numbers, outside the folder.
    let old = repo.common_dir().join(crate::store::ids::OLD_FILE);
    if let Ok(meta) = std::fs::metadata(&old) {
        files.extend(meta.is_file().then_some((old, meta.len())));
    }
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    for (path, _) in &files {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    let n = files.len();
    let _ = writeln!(
        ui.err,
        "removed {n} cache file{} ({}) from {}",
        if n == 1 { "" } else { "s" },
        size_text(total),
        dir.display()
    );
    Ok(())
}
