//! `git adr init`: create `.adr/`, its config and the first record, all or nothing.

use std::io::Write;

use std::path::Path;

use crate::cli::InitArgs;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::adopt::{self, Found};
use crate::git::repo::Repo;
use crate::git::source::Source;
use crate::model::config::{Config, ADR_DIR, CONFIG_PATH, DEFAULT_CONFIG_TOML};
use crate::model::record::{slug::slugify, Id, Record};
use crate::store::paths::path_from_cwd;
use crate::text::template;

pub const FIRST_TITLE: &str = "Record architecture decisions";

pub fn run(args: InitArgs, ui: &mut Ui<'_>) -> Result<()> {
    let repo = Repo::open()?;
    let root = repo.workdir("init")?.to_path_buf();
    if let Some(dir) = &args.import {
        return import(&root, dir, args.dry_run, ui);
    }
    let adr = root.join(ADR_DIR);
    let meta = std::fs::symlink_metadata(&adr).ok();
    if meta.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(Error::usage_hint(
            format!(
                "{} exists but is not a directory",
                path_from_cwd(&root, ADR_DIR)
            ),
            "move it aside, then run `git adr init` again",
        ));
    }
    // Set up means a config or a decisions directory is there; an empty .adr/ is filled in.
    let set_up = adr.join("config.toml").exists() || adr.join("decisions").exists();
    if set_up {
        return writeln!(
            ui.out,
            "git-adr is already set up in {}: nothing changed",
            path_from_cwd(&root, ADR_DIR)
        )
        .map_err(stdout_err);
    }
    if meta.is_none() && repo.tracks_under(ADR_DIR)? {
        // A sparse checkout left the tracked .adr/ out: a new one would be written over it.
        return Err(Error::usage_hint(
            format!(
                "{ADR_DIR}/ is tracked in this repository but not in the work tree (a sparse checkout leaves it out): git-adr is already set up here"
            ),
            format!("add it to the checkout with `git sparse-checkout add {ADR_DIR}`"),
        ));
    }
    let existing = existing_folder(&root, args.in_place.as_deref())?;
    if args.dry_run {
        let said = match &existing {
            Some(f) => format!(
                "would use the {} {} record{} in {} in place, writing only {CONFIG_PATH}",
                f.records,
                f.format_name(),
                if f.records == 1 { "" } else { "s" },
                path_from_cwd(&root, &f.folder)
            ),
            None => format!(
                "no existing ADR folder found: would create {CONFIG_PATH} and ADR 1 in {ADR_DIR}/decisions/"
            ),
        };
        return writeln!(ui.out, "{said}\ndry run: nothing written").map_err(stdout_err);
    }
    match existing {
        Some(found) => adopt(&root, &found, ui),
        None => create(&root, meta.is_some(), ui),
    }
}

/// The existing ADR folder to use in place: the one `--in-place` names, else the one found.
/// A repository that already keeps ADRs uses them where they are.
fn existing_folder(root: &Path, in_place: Option<&str>) -> Result<Option<Found>> {
    let source = Source::WorkTree(root.to_path_buf());
    let Some(dir) = in_place else {
        return adopt::detect(&source);
    };
    let dir = folder_arg(root, dir)?;
    let found = adopt::examine(&source, &dir)?.ok_or_else(|| {
        Error::usage_hint(
            format!("{dir} holds no ADRs (files named like 0001-title.md)"),
            "name the folder that holds the records, e.g. --in-place doc/adr",
        )
    })?;
    Ok(Some(found))
}

/// Creates `.adr/` with the default config and the first record (into an existing, empty
/// `.adr/` when `adr_exists`).
fn create(root: &Path, adr_exists: bool, ui: &mut Ui<'_>) -> Result<()> {
    let adr = root.join(ADR_DIR);
    let config = Config::default();
    let kind = config.kind("adr")?;
    let front_matter = format!("status: accepted\ndate: {}\n", super::today());
    let template = template::load_template(None, "first-adr.md.j2")?;
    let text = template::render(
        &template,
        minijinja::context! { title => FIRST_TITLE, front_matter => front_matter, id => Id(1).display(&kind.prefix, config.id_width) },
    )?;
    let record_name = format!(
        "{:0width$}-{}.md",
        1,
        slugify(FIRST_TITLE),
        width = config.id_width
    );
    // Self-check: what we write must read back as a record.
    Record::parse("adr", &record_name, text.clone().into_bytes())?;

    if adr_exists {
        // An existing (empty) .adr/: add the files, never replacing one.
        crate::git::source::ensure_inside(root, &adr)?;
        let decisions = adr.join(&kind.dir);
        std::fs::create_dir_all(&decisions).map_err(|e| Error::io(&decisions, e))?;
        let create = |path: std::path::PathBuf, bytes: &[u8]| {
            crate::store::atomic::create_new_atomic(&path, bytes).map_err(|e| Error::io(&path, e))
        };
        create(adr.join("config.toml"), DEFAULT_CONFIG_TOML.as_bytes())?;
        create(decisions.join(&record_name), text.as_bytes())?;
    } else {
        build_and_rename(root, &adr, &kind.dir, &record_name, &text)?;
    }
    let shown = |p: &str| path_from_cwd(root, p);
    let record_path = format!("{ADR_DIR}/{}/{record_name}", kind.dir);
    writeln!(
        ui.out,
        "Initialised git-adr in {}\n  {}\n  {}\nNext: `git adr new \"Your first decision\"`, then commit .adr/.",
        shown(ADR_DIR),
        shown(CONFIG_PATH),
        shown(&record_path)
    )
    .map_err(stdout_err)
}

/// Builds the whole directory beside the target, then renames it into place: a failure
/// part-way leaves no half-made .adr/ behind.
fn build_and_rename(
    root: &Path,
    adr: &Path,
    dir: &str,
    record_name: &str,
    text: &str,
) -> Result<()> {
    let staging = tempfile::Builder::new()
        .prefix(".adr-init-")
        .tempdir_in(root)
        .map_err(|e| Error::io(root, e))?;
    let decisions = staging.path().join(dir);
    std::fs::create_dir_all(&decisions).map_err(|e| Error::io(&decisions, e))?;
    let write = |path: std::path::PathBuf, bytes: &[u8]| -> Result<()> {
        let mut f = std::fs::File::create_new(&path).map_err(|e| Error::io(&path, e))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| Error::io(&path, e))
    };
    write(
        staging.path().join("config.toml"),
        DEFAULT_CONFIG_TOML.as_bytes(),
    )?;
    write(decisions.join(record_name), text.as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempdir creates 0700; the folder is an ordinary part of the repository.
        let _ = std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, adr) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(adr, e));
    }
    Ok(())
}

/// A folder given on the command line, as a repo-relative path (it may be given relative to the
/// current directory, or absolute inside the repository).
fn folder_arg(root: &Path, dir: &str) -> Result<String> {
    let rel = crate::store::paths::repo_path_from_arg(root, dir);
    let rel = rel.trim_end_matches('/').to_string();
    if rel.starts_with('/') || rel.split('/').any(|p| p == "..") {
        return Err(Error::usage_hint(
            format!("`{dir}` is outside the repository"),
            "name a folder inside the repository, e.g. doc/adr",
        ));
    }
    if rel.is_empty() || rel == ADR_DIR || rel.starts_with(&format!("{ADR_DIR}/")) {
        return Err(Error::usage_hint(
            format!("`{dir}` is not an existing ADR folder outside .adr/"),
            "name the folder that holds the records, e.g. doc/adr",
        ));
    }
    if !root.join(&rel).is_dir() {
        return Err(Error::usage_hint(
            format!("{rel} is not a directory"),
            "name the folder that holds the records, e.g. doc/adr",
        ));
    }
    Ok(rel)
}

/// Writes a config that uses an existing folder in place.
fn adopt(root: &Path, found: &Found, ui: &mut Ui<'_>) -> Result<()> {
    adopt::in_place::write(root, found)?;
    let shown = |p: &str| path_from_cwd(root, p);
    writeln!(
        ui.out,
        "Found {n} {format} record{s} in {folder}: git-adr uses them in place.\n  {config}\nNext: `git adr list`, `git adr check`; commit .adr/. To convert them to git-adr's format instead: `git adr init --import {folder}` (after removing .adr/).",
        n = found.records,
        s = if found.records == 1 { "" } else { "s" },
        format = found.format_name(),
        folder = shown(&found.folder),
        config = shown(CONFIG_PATH),
    )
    .map_err(stdout_err)?;
    for e in &found.errors {
        ui.warn(&format!("{e} (it is skipped until fixed)"));
    }
    Ok(())
}

/// `git adr init --import DIR`: converts a folder's records into `.adr/decisions/`, all or
/// nothing, never over an existing file. The folder itself is left as it is.
fn import(root: &Path, dir: &str, dry_run: bool, ui: &mut Ui<'_>) -> Result<()> {
    let dir = folder_arg(root, dir)?;
    let source = Source::WorkTree(root.to_path_buf());
    let found = adopt::examine(&source, &dir)?.ok_or_else(|| {
        Error::usage_hint(
            format!("{dir} holds no ADRs (files named like 0001-title.md)"),
            "name the folder that holds the records, e.g. --import doc/adr",
        )
    })?;
    let import = adopt::import::prepare(root, &found)?;
    for w in &import.warnings {
        ui.warn(w);
    }
    let decisions = &import.decisions;
    let shown = |p: &str| path_from_cwd(root, p);
    for c in &import.plan.records {
        writeln!(
            ui.out,
            "{} → {}",
            shown(&c.from),
            shown(&format!("{decisions}/{}", c.name))
        )
        .map_err(stdout_err)?;
    }
    for e in &found.errors {
        ui.warn(&format!("{e} (not imported)"));
    }
    for n in &import.plan.notes {
        ui.warn(n);
    }
    if dry_run {
        return writeln!(ui.out, "dry run: nothing written").map_err(stdout_err);
    }
    adopt::import::write(root, &import)?;
    let n = import.plan.records.len();
    writeln!(
        ui.out,
        "Imported {n} record{} from {} into {}. Check them with `git adr check`, then `git rm -r {}` when you no longer need the old folder{}.",
        if n == 1 { "" } else { "s" },
        shown(&dir),
        shown(decisions),
        shown(&dir),
        if root.join(".adr-dir").exists() {
            " (and `git rm .adr-dir`, or adr-tools keeps writing there)"
        } else {
            ""
        }
    )
    .map_err(stdout_err)
}
