//! `git adr init`: create `.adr/`, its config and the first record, all or nothing.

use std::io::Write;

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::git::repo::Repo;
use crate::git::source::Source;
use crate::model::config::{Config, ADR_DIR, CONFIG_PATH, DEFAULT_CONFIG_TOML};
use crate::model::record::{slug::slugify, Id, Record};
use crate::store::paths::path_from_cwd;
use crate::text::template;
use crate::Ui;

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
        writeln!(
            ui.out,
            "git-adr is already set up in {}: nothing changed",
            path_from_cwd(&root, ADR_DIR)
        )
        .map_err(crate::commands::stdout_err)?;
        return Ok(());
    }
    // A repository that already keeps ADRs uses them where they are.
    let source = Source::WorkTree(root.clone());
    let existing = match &args.in_place {
        Some(dir) => {
            let dir = folder_arg(&root, dir)?;
            Some(
                crate::features::adopt::examine(&source, &dir)?.ok_or_else(|| {
                    Error::usage_hint(
                        format!("{dir} holds no ADRs (files named like 0001-title.md)"),
                        "name the folder that holds the records, e.g. --in-place doc/adr",
                    )
                })?,
            )
        }
        None => crate::features::adopt::detect(&source)?,
    };
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
        return writeln!(ui.out, "{said}\ndry run: nothing written")
            .map_err(crate::commands::stdout_err);
    }
    if let Some(found) = existing {
        return adopt(&root, &adr, &found, ui);
    }
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

    if meta.is_some() {
        // An existing (empty) .adr/: add the files, never replacing one.
        crate::git::source::ensure_inside(&root, &adr)?;
        let decisions = adr.join(&kind.dir);
        std::fs::create_dir_all(&decisions).map_err(|e| Error::io(&decisions, e))?;
        let create = |path: std::path::PathBuf, bytes: &[u8]| {
            crate::store::atomic::create_new_atomic(&path, bytes).map_err(|e| Error::io(&path, e))
        };
        create(adr.join("config.toml"), DEFAULT_CONFIG_TOML.as_bytes())?;
        create(decisions.join(&record_name), text.as_bytes())?;
    } else {
        build_and_rename(&root, &adr, &kind.dir, &record_name, &text)?;
    }
    let shown = |p: &str| path_from_cwd(&root, p);
    let record_path = format!("{ADR_DIR}/{}/{record_name}", kind.dir);
    writeln!(
        ui.out,
        "Initialised git-adr in {}\n  {}\n  {}\nNext: `git adr new \"Your first decision\"`, then commit .adr/.",
        shown(ADR_DIR),
        shown(crate::model::config::CONFIG_PATH),
        shown(&record_path)
    )
    .map_err(crate::commands::stdout_err)
}

/// Builds the whole directory beside the target, then renames it into place: a failure
/// part-way leaves no half-made .adr/ behind.
fn build_and_rename(
    root: &std::path::Path,
    adr: &std::path::Path,
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
fn folder_arg(root: &std::path::Path, dir: &str) -> Result<String> {
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
fn adopt(
    root: &std::path::Path,
    adr: &std::path::Path,
    found: &crate::features::adopt::Found,
    ui: &mut Ui<'_>,
) -> Result<()> {
    // Ids are shown with the width the folder's file names use (`adr-017-…`: ADR-017).
    let mut widths: Vec<usize> = found
        .parsed
        .iter()
        .filter_map(|r| {
            let digits = crate::model::record::numbering(r.path.rsplit('/').next()?).1;
            (r.id.is_some() && digits > 0).then_some(digits)
        })
        .collect();
    widths.sort_unstable();
    let width = widths.get(widths.len() / 2).copied().unwrap_or(4);
    let ids = if width != 4 {
        format!("\n[ids]\nwidth = {width}               # as the folder's file names\n")
    } else {
        String::new()
    };
    let config = format!(
        "{DEFAULT_CONFIG_TOML}{ids}\n# This repository's ADRs are an existing folder, used in place: commands read and write\n# its records in their own format. `git adr init --import {folder}` converts them instead.\n[kinds.adr]\nfolder = \"{folder}\"\nformat = \"{format}\"\n",
        folder = found.folder,
        format = found.folder_format()
    );
    Config::parse(&config)?;
    crate::git::source::ensure_inside(root, adr)?;
    std::fs::create_dir_all(adr).map_err(|e| Error::io(adr, e))?;
    let path = root.join(CONFIG_PATH);
    crate::store::atomic::create_new_atomic(&path, config.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
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
    .map_err(crate::commands::stdout_err)?;
    for e in &found.errors {
        ui.warn(&format!("{e} (it is skipped until fixed)"));
    }
    Ok(())
}

/// `git adr init --import DIR`: converts a folder's records into `.adr/decisions/`, all or
/// nothing, never over an existing file. The folder itself is left as it is.
fn import(root: &std::path::Path, dir: &str, dry_run: bool, ui: &mut Ui<'_>) -> Result<()> {
    let dir = folder_arg(root, dir)?;
    let source = Source::WorkTree(root.to_path_buf());
    let found = crate::features::adopt::examine(&source, &dir)?.ok_or_else(|| {
        Error::usage_hint(
            format!("{dir} holds no ADRs (files named like 0001-title.md)"),
            "name the folder that holds the records, e.g. --import doc/adr",
        )
    })?;
    let adr = root.join(ADR_DIR);
    let config_path = root.join(CONFIG_PATH);
    let existing_config = match std::fs::read_to_string(&config_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&config_path, e)),
    };
    let config = match &existing_config {
        Some(text) => Config::parse(text)?,
        None => Config::default(),
    };
    let kind = config.kind("adr")?;
    if kind.in_place() {
        return Err(Error::usage_hint(
            format!(
                "{CONFIG_PATH} already uses {} in place",
                kind.path()
            ),
            format!("remove `folder` (and `format`) under [kinds.adr] in {CONFIG_PATH}, then run the import again"),
        ));
    }
    let decisions = format!("{ADR_DIR}/{}", kind.dir);
    let created = creation_dates(&found);
    let exists = |p: &str| root.join(p).exists();
    let plan = crate::features::adopt::plan(&found, config.id_width, &decisions, &created, &exists);
    // Numbers the repository's own records already use would collide.
    let existing: Vec<String> = Source::WorkTree(root.to_path_buf())
        .list(&decisions)?
        .into_iter()
        .filter(|e| crate::store::is_record_name(kind, &e.name))
        .filter(|e| {
            let id = crate::model::record::id_and_slug(&e.name).0;
            plan.records.iter().any(|c| Some(c.id) == id)
        })
        .map(|e| format!("{decisions}/{}", e.name))
        .collect();
    if !existing.is_empty() {
        return Err(Error::usage_hint(
            format!(
                "the imported records' numbers are taken in {decisions}: {}",
                existing.join(", ")
            ),
            "import into a repository without git-adr records of its own, or renumber those first (`git adr renumber N --next`)",
        ));
    }
    let taken: Vec<String> = plan
        .records
        .iter()
        .map(|c| format!("{decisions}/{}", c.name))
        .filter(|p| root.join(p).exists())
        .collect();
    if !taken.is_empty() {
        return Err(Error::usage_hint(
            format!(
                "{} already exist{}: {}",
                taken.len(),
                if taken.len() == 1 { "s" } else { "" },
                taken.join(", ")
            ),
            "import into a repository without git-adr records, or move those files aside",
        ));
    }
    let mut config_text = existing_config.unwrap_or_else(|| DEFAULT_CONFIG_TOML.to_string());
    if !plan.extra_statuses.is_empty() {
        // Keep statuses the folder used that the lifecycle lacks, so the records stay valid.
        let mut statuses = config.lifecycle.statuses.clone();
        statuses.extend(plan.extra_statuses.iter().cloned());
        let quoted: Vec<String> = statuses.iter().map(|s| format!("\"{s}\"")).collect();
        if config_text.lines().any(|l| l.trim() == "[lifecycle]") {
            return Err(Error::usage_hint(
                format!(
                    "the records use statuses the lifecycle lacks: {}",
                    plan.extra_statuses.join(", ")
                ),
                format!(
                    "add them to [lifecycle] statuses in {CONFIG_PATH}, then run the import again"
                ),
            ));
        }
        config_text.push_str(&format!(
            "\n# Statuses the imported records use.\n[lifecycle]\nstatuses = [{}]\n",
            quoted.join(", ")
        ));
        Config::parse(&config_text)?;
    }
    if let Some(sections) = &plan.required_sections {
        if config_text.lines().any(|l| l.trim() == "[kinds.adr]") {
            ui.warn("the imported records lack some of the sections [kinds.adr] requires: `git adr check` will report them");
        } else {
            let quoted: Vec<String> = sections.iter().map(|s| format!("\"{s}\"")).collect();
            config_text.push_str(&format!(
                "\n# The imported records have their own sections: new ones must have at least these.\n[kinds.adr]\nrequired-sections = [{}]\n",
                quoted.join(", ")
            ));
            Config::parse(&config_text)?;
        }
    }
    let shown = |p: &str| path_from_cwd(root, p);
    for c in &plan.records {
        writeln!(
            ui.out,
            "{} → {}",
            shown(&c.from),
            shown(&format!("{decisions}/{}", c.name))
        )
        .map_err(crate::commands::stdout_err)?;
    }
    for e in &found.errors {
        ui.warn(&format!("{e} (not imported)"));
    }
    for n in &plan.notes {
        ui.warn(n);
    }
    if dry_run {
        return writeln!(ui.out, "dry run: nothing written").map_err(crate::commands::stdout_err);
    }
    crate::git::source::ensure_inside(root, &adr)?;
    let target = root.join(&decisions);
    std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
    let mut tx = crate::store::atomic::Transaction::new();
    for c in &plan.records {
        tx.write(target.join(&c.name), c.text.clone().into_bytes());
    }
    tx.write(config_path, config_text.into_bytes());
    tx.commit()?;
    writeln!(
        ui.out,
        "Imported {} record{} from {} into {}. Check them with `git adr check`, then `git rm -r {}` when you no longer need the old folder{}.",
        plan.records.len(),
        if plan.records.len() == 1 { "" } else { "s" },
        shown(&dir),
        shown(&decisions),
        shown(&dir),
        if root.join(".adr-dir").exists() {
            " (and `git rm .adr-dir`, or adr-tools keeps writing there)"
        } else {
            ""
        }
    )
    .map_err(crate::commands::stdout_err)
}

/// When each record of a folder was created, from history (one pass, cached): dates for the
/// records whose files have none. Empty when history cannot tell (no commits, shallow clone).
fn creation_dates(
    found: &crate::features::adopt::Found,
) -> std::collections::HashMap<String, String> {
    let Ok(repo) = Repo::open() else {
        return Default::default();
    };
    let mut config = Config::default();
    if let Some(adr) = config.kinds.get_mut("adr") {
        adr.folder = Some(found.folder.clone());
    }
    let root = repo.git.workdir().map(std::path::Path::to_path_buf);
    let store = crate::store::Store { repo, config, root };
    let Ok(history) = crate::features::history::load(&store, None) else {
        return Default::default();
    };
    if history.shallow {
        return Default::default();
    }
    history
        .creations()
        .into_iter()
        .filter_map(|(path, i)| Some((path.to_string(), history.events[i].date.clone()?)))
        .collect()
}
