//! Where a built site goes: written to a folder the site owns, or compared with one.
//!
//! A folder the site owns holds a manifest ([`MANIFEST`]) listing the files written there.
//! Writing refuses a folder that is not empty and has no manifest (it is someone's files, not
//! a site), removes the files an earlier build listed that this one no longer has, rewrites only
//! the files that changed (each atomically: a temporary file renamed into place), and writes the
//! manifest last. The files are not synced to disk one by one (10,000 syncs take seconds): a site
//! is derived data, and a crash at worst leaves a page to be written again by the next build.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use super::Site;
use crate::error::{Error, Result};
use crate::store::atomic::write_derived;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = ".git-adr-site";
/// The manifest's first line: how a folder is recognised as a site git-adr wrote.
const MANIFEST_HEADER: &str = "# Written by `git adr site`: the files of the site, one a line. Files not listed here are not touched.";

/// What writing changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub changed: usize,
    pub removed: usize,
}

/// The manifest of `site`.
fn manifest(site: &Site) -> String {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for path in site.files.keys() {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// The files a manifest in `out` lists, `None` when there is none. Only plain relative paths
/// are taken: the folder may be committed, so the manifest is repository content, and a line
/// such as `../../.bashrc` must never name a file to remove.
fn listed(out: &Path) -> Result<Option<BTreeSet<String>>> {
    let path = out.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    Ok(Some(
        text.lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.starts_with('#') && is_plain_relative(l))
            .map(str::to_string)
            .collect(),
    ))
}

fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

/// Refuses to write into `out` unless it is missing, empty, or a site written before.
fn owned(out: &Path) -> Result<Option<BTreeSet<String>>> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(_) => return Ok(None),
    };
    if !meta.is_dir() {
        return Err(Error::usage_hint(
            format!("{} exists and is not a folder", out.display()),
            "choose another folder with --out",
        ));
    }
    if let Some(list) = listed(out)? {
        return Ok(Some(list));
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| Error::io(out, e))?
        .next()
        .is_none();
    if empty {
        Ok(None)
    } else {
        Err(Error::usage_hint(
            format!(
                "{} is not empty and holds no site written by git-adr ({MANIFEST} is missing); refusing to write into it",
                out.display()
            ),
            "choose a new or empty folder with --out, or remove this one",
        ))
    }
}

/// Writes `site` into `out` (see the module docs).
pub fn write(site: &Site, out: &Path) -> Result<Written> {
    let before = owned(out)?.unwrap_or_default();
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for path in site.files.keys() {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            dirs.insert(&path[..end]);
            end += 1;
        }
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    for dir in &dirs {
        let p = out.join(dir);
        if !p.is_dir() {
            std::fs::create_dir(&p).map_err(|e| Error::io(&p, e))?;
        }
    }
    let mut written = Written {
        files: site.files.len(),
        ..Written::default()
    };
    for (path, bytes) in &site.files {
        let p = out.join(path);
        match std::fs::read(&p) {
            Ok(b) if &b == bytes => continue,
            // A page being served is replaced whole, through a temporary file.
            Ok(_) => write_derived(&p, |w| w.write_all(bytes))?,
            // A new file is written in place: no reader has it yet, and a temporary file per
            // page doubles the work of the file system on a first build of 10,000 pages.
            Err(_) => create(&p, bytes)?,
        }
        written.changed += 1;
    }
    for stale in before.iter().filter(|p| !site.files.contains_key(*p)) {
        let p = out.join(stale);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
            written.removed += 1;
        }
    }
    let list = manifest(site);
    let mp = out.join(MANIFEST);
    if std::fs::read_to_string(&mp).ok().as_deref() != Some(list.as_str()) {
        write_derived(&mp, |w| w.write_all(list.as_bytes()))?;
    }
    Ok(written)
}

/// Creates the file `path`, which does not exist, with `bytes`.
fn create(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| Error::io(path, e))
}

/// The first difference between `site` and the folder `out`: a file missing, different, or
/// listed by the folder's manifest but no longer part of the site. `None` when it is current.
pub fn first_difference(site: &Site, out: &Path) -> Result<Option<String>> {
    let Some(before) = listed(out)? else {
        return Ok(Some(format!(
            "{} holds no site ({MANIFEST} is missing)",
            out.display()
        )));
    };
    for (path, bytes) in &site.files {
        match std::fs::read(out.join(path)) {
            Ok(b) if &b == bytes => {}
            // A checkout with core.autocrlf may have turned LF into CRLF.
            Ok(b) if String::from_utf8_lossy(&b).replace("\r\n", "\n").as_bytes() == bytes => {}
            Ok(_) => return Ok(Some(format!("{path} is out of date"))),
            Err(_) => return Ok(Some(format!("{path} is missing"))),
        }
    }
    if let Some(stale) = before.iter().find(|p| !site.files.contains_key(*p)) {
        return Ok(Some(format!("{stale} is no longer part of the site")));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_manifest_lines_name_files() {
        for ok in ["index.html", "records/adr-0001.html", "files/doc/a b.png"] {
            assert!(is_plain_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "C:\\x",
            "./a",
        ] {
            assert!(!is_plain_relative(bad), "{bad}");
        }
    }
}
