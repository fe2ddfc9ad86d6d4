//! `git adr init`: create `.adr/`, its config and the first record, all or nothing.

use std::io::Write;

use crate::config::{Config, ADR_DIR, DEFAULT_CONFIG_TOML};
use crate::error::{Error, Result};
use crate::output::path_from_cwd;
use crate::record::{slug::slugify, Id, Record};
use crate::render;
use crate::repo::Repo;
use crate::Ui;

pub const FIRST_TITLE: &str = "Record architecture decisions";

pub fn run(ui: &mut Ui<'_>) -> Result<()> {
    let repo = Repo::open()?;
    let root = repo.workdir("init")?.to_path_buf();
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
        .map_err(crate::output::stdout_err)?;
        return Ok(());
    }
    let config = Config::default();
    let kind = config.kind("adr")?;
    let front_matter = format!("status: accepted\ndate: {}\n", super::today());
    let template = render::load_template(None, "first-adr.md.j2")?;
    let text = render::render(
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
        crate::source::ensure_inside(&root, &adr)?;
        let decisions = adr.join(&kind.dir);
        std::fs::create_dir_all(&decisions).map_err(|e| Error::io(&decisions, e))?;
        let create = |path: std::path::PathBuf, bytes: &[u8]| {
            crate::fsutil::create_new_atomic(&path, bytes).map_err(|e| Error::io(&path, e))
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
        shown(crate::config::CONFIG_PATH),
        shown(&record_path)
    )
    .map_err(crate::output::stdout_err)
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
