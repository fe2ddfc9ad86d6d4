//! `git adr man` and `git adr help`: the man pages, and where man finds them.
//!
//! git turns `git adr --help` into `man git-adr`, which only works once the pages are where man
//! looks. man-db searches `<dir>/../share/man` for every `<dir>` on PATH, so pages installed
//! beside the binary's own prefix (`~/.cargo/bin` → `~/.cargo/share/man/man1`) are found with no
//! configuration.

use clap::CommandFactory;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, HelpArgs, ManArgs};
use crate::commands::{stdout_err, Ui};
use crate::error::{Error, Result};

pub fn man(args: ManArgs, ui: &mut Ui<'_>) -> Result<()> {
    if args.install {
        let dir = install_dir()?;
        write_pages(&dir, ui)?;
        note_manpath(&dir, ui);
        return Ok(());
    }
    match args.dir {
        Some(dir) => write_pages(&dir, ui),
        None => render(top(), &mut *ui.out).map_err(stdout_err),
    }
}

/// The top-level command as its man page names it.
fn top() -> clap::Command {
    Cli::command().name("git-adr").bin_name("git adr")
}

/// One visible subcommand, named as its page (`git-adr-NAME`) and as it is typed.
fn sub(name: &str) -> Option<clap::Command> {
    let sub = top()
        .find_subcommand(name)
        .filter(|s| !s.is_hide_set())?
        .clone();
    Some(
        sub.name(format!("git-adr-{name}"))
            .bin_name(format!("git adr {name}")),
    )
}

fn render(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd).render(out)
}

/// Every page: `git-adr.1` last, after one per visible command.
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let names: Vec<String> = top()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    let mut pages = Vec::new();
    for (name, cmd) in names
        .iter()
        .filter_map(|n| Some((format!("git-adr-{n}"), sub(n)?)))
        .chain([("git-adr".to_string(), top())])
    {
        let mut buf = Vec::new();
        render(cmd, &mut buf).map_err(stdout_err)?;
        pages.push((format!("{name}.1"), buf));
    }
    Ok(pages)
}

/// Writes every page into `dir` (created if missing), each by an atomic rename and only when its
/// content changed, and lists the pages written; says so when all were already current.
fn write_pages(dir: &Path, ui: &mut Ui<'_>) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = 0;
    for (file, bytes) in pages()? {
        let path = dir.join(file);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            continue;
        }
        crate::store::atomic::write_atomic(&path, &bytes)?;
        writeln!(ui.out, "{}", path.display()).map_err(stdout_err)?;
        written += 1;
    }
    if written == 0 {
        writeln!(ui.out, "{}: the man pages are up to date", dir.display()).map_err(stdout_err)?;
    }
    Ok(())
}

/// `<exe dir>/../share/man/man1`: where man looks for the pages of a binary in `<exe dir>`.
fn install_dir() -> Result<PathBuf> {
    let exe = std::env::current_exe().map_err(|e| Error::io("the git-adr binary", e))?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let prefix = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| Error::usage(format!("{} has no prefix directory", exe.display())))?;
    Ok(prefix.join("share").join("man").join("man1"))
}

/// Warns, with the line to add, when man will not search the folder holding `man1`.
fn note_manpath(man1: &Path, ui: &mut Ui<'_>) {
    let Some(root) = man1.parent() else { return };
    if searched_by_man(root) {
        return;
    }
    ui.warn(&format!(
        "{} is not on man's search path, so `git adr --help` will not find the pages yet; \
         add this line to your shell's profile: export MANPATH=\"{}:$MANPATH\"",
        root.display(),
        root.display()
    ));
}

/// Whether man searches `root`: `manpath`'s answer where it exists (it knows man-db's PATH
/// rule and configuration), else the MANPATH variable.
fn searched_by_man(root: &Path) -> bool {
    let listed = std::process::Command::new("manpath")
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .or_else(|| std::env::var("MANPATH").ok())
        .unwrap_or_default();
    let same = |dir: &str| {
        let dir = Path::new(dir);
        dir == root
            || dir
                .canonicalize()
                .is_ok_and(|d| root.canonicalize().is_ok_and(|r| d == r))
    };
    listed.split(':').filter(|d| !d.is_empty()).any(same)
}

/// `git adr help [COMMAND]`, as `git help`: the man page when man has it, else the command's
/// long help. A missing or failing `man` is never an error here.
pub fn help(args: HelpArgs, ui: &mut Ui<'_>) -> Result<()> {
    let (page, mut cmd) = match args.command.as_deref() {
        None => ("git-adr".to_string(), top()),
        Some(name) => match sub(name) {
            Some(cmd) => (format!("git-adr-{name}"), cmd),
            None => {
                return Err(Error::usage_hint(
                    format!("`{name}` is not a git adr command"),
                    "`git adr -h` lists the commands",
                ))
            }
        },
    };
    if man_has(&page) && show_man(&page) {
        return Ok(());
    }
    write!(ui.out, "{}", cmd.render_long_help()).map_err(stdout_err)
}

/// `man -w PAGE` succeeds: man is installed and finds the page.
fn man_has(page: &str) -> bool {
    std::process::Command::new("man")
        .args(["-w", page])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Shows the page through man, which picks the pager (`MANPAGER`, `PAGER`).
fn show_man(page: &str) -> bool {
    std::process::Command::new("man")
        .arg(page)
        .status()
        .is_ok_and(|s| s.success())
}
