//! Git hooks: where git looks for them, the scripts git-adr installs there, chaining a hook that
//! was already in place, and taking ours out again. Also reading the `Decision:` trailers of a
//! commit message, which the commit-msg hook checks.
//!
//! The rules (see FIELD-NOTES, Hooks): never overwrite a hook we did not write — move it aside to
//! `<hook>.git-adr-chained` and run it first; recognise our script by a marker line that carries a
//! checksum, so a hand-edited script is never overwritten or deleted; `uninstall` renames the kept
//! hook back, which restores it byte for byte with its mode (and a symlink stays a symlink).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Suffix of the file that keeps a hook which was in place before ours (`pre-commit` →
/// `pre-commit.git-adr-chained`). It stays beside the hook so relative symlinks keep working.
pub const CHAINED_SUFFIX: &str = ".git-adr-chained";

/// Start of the line that marks a script as ours; the rest is the script version and a checksum
/// of every other line.
const MARKER: &str = "# git-adr-hook: ";

/// Version of the script text. Any version's script is recognised by its checksum, so a newer
/// git-adr can update or remove a script an older one wrote.
const SCRIPT_VERSION: u32 = 2;

/// Our scripts are a few kilobytes; a file much larger than this cannot be one of them.
const MAX_SCRIPT_BYTES: u64 = 64 * 1024;

/// A hook git-adr installs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hook {
    /// Runs `git adr check --staged` before the commit is made.
    PreCommit,
    /// Checks the `Decision:` trailers of the commit message.
    CommitMsg,
    /// Runs `git adr check --staged` before a merge commit is made: git runs this one, not
    /// pre-commit, for `git merge` and `git pull`, which is where two branches' ids meet.
    PreMergeCommit,
}

impl Hook {
    pub const ALL: [Hook; 3] = [Hook::PreCommit, Hook::CommitMsg, Hook::PreMergeCommit];

    /// The hook's file name, as git knows it.
    pub fn name(self) -> &'static str {
        match self {
            Hook::PreCommit => "pre-commit",
            Hook::CommitMsg => "commit-msg",
            Hook::PreMergeCommit => "pre-merge-commit",
        }
    }

    pub fn from_name(name: &str) -> Option<Hook> {
        Hook::ALL.into_iter().find(|h| h.name() == name)
    }

    fn purpose(self) -> &'static str {
        match self {
            Hook::PreCommit => {
                "checks the records that the commit will record (`git adr check --staged`)"
            }
            Hook::CommitMsg => "checks the commit message's `Decision:` trailers",
            Hook::PreMergeCommit => {
                "checks the records that the merge will record (`git adr check --staged`)"
            }
        }
    }
}

/// A directory git runs hooks from, with its path as shown to people.
#[derive(Debug, Clone)]
pub struct HookDir {
    pub path: PathBuf,
    pub shown: String,
}

impl HookDir {
    pub fn hook(&self, hook: Hook) -> PathBuf {
        self.path.join(hook.name())
    }

    pub fn chained(&self, hook: Hook) -> PathBuf {
        self.path.join(format!("{}{CHAINED_SUFFIX}", hook.name()))
    }

    pub fn shown_hook(&self, hook: Hook) -> String {
        format!("{}/{}", self.shown.trim_end_matches('/'), hook.name())
    }

    pub fn shown_chained(&self, hook: Hook) -> String {
        format!("{}{CHAINED_SUFFIX}", self.shown_hook(hook))
    }
}

/// Where git looks for hooks when `core.hooksPath` is not set: the hooks directory of the common
/// git directory, which linked worktrees share (`git rev-parse --git-common-dir`), not the
/// worktree's own git directory.
pub fn default_dir(repo: &git2::Repository) -> PathBuf {
    repo.commondir().join("hooks")
}

/// `core.hooksPath` as configured: git runs hooks from this directory instead of the default one.
#[derive(Debug, Clone)]
pub struct HooksPath {
    /// The value as written in the config.
    pub value: String,
    /// The directory it names: `~` expanded, a relative path taken from the work tree's root (as
    /// git does: hooks run there).
    pub dir: PathBuf,
    /// Which config file sets it, for messages ("this repository's config (.git/config)").
    pub origin: &'static str,
    /// The command that unsets it.
    pub unset: &'static str,
    /// It is set outside the repository (global, XDG or system config), so it applies to every
    /// repository of the user.
    pub global: bool,
    /// The directory is husky's (`.husky/_`), which husky rewrites when it installs.
    pub husky: bool,
}

/// Reads `core.hooksPath`. `None` when it is unset, empty, or names the default directory anyway
/// (some tools set it to `.git/hooks` explicitly).
pub fn hooks_path(repo: &git2::Repository) -> Result<Option<HooksPath>> {
    let config = repo
        .config()
        .map_err(|e| Error::git("reading the git config", e))?;
    let entry = match config.get_entry("core.hooksPath") {
        Ok(entry) => entry,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => return Err(Error::git("reading core.hooksPath", e)),
    };
    let Some(value) = entry.value().map(str::to_string) else {
        return Err(Error::usage_hint(
            "core.hooksPath is not valid UTF-8",
            "set it to a plain path with `git config core.hooksPath DIR`, or unset it",
        ));
    };
    if value.trim().is_empty() {
        return Ok(None);
    }
    let (origin, unset, global) = match entry.level() {
        git2::ConfigLevel::Local => (
            "this repository's config (.git/config)",
            "git config --unset core.hooksPath",
            false,
        ),
        git2::ConfigLevel::Worktree => (
            "this worktree's config (config.worktree)",
            "git config --worktree --unset core.hooksPath",
            false,
        ),
        git2::ConfigLevel::Global => (
            "your global config (~/.gitconfig)",
            "git config --global --unset core.hooksPath",
            true,
        ),
        git2::ConfigLevel::XDG => (
            "your global config (~/.config/git/config)",
            "git config --global --unset core.hooksPath",
            true,
        ),
        git2::ConfigLevel::System | git2::ConfigLevel::ProgramData => (
            "the system config",
            "git config --system --unset core.hooksPath",
            true,
        ),
        _ => ("the git config", "git config --unset core.hooksPath", false),
    };
    let dir = resolve_hooks_path(repo, &value);
    if same_dir(&dir, &default_dir(repo)) {
        return Ok(None);
    }
    let husky = is_husky_dir(&dir);
    Ok(Some(HooksPath {
        value,
        dir,
        origin,
        unset,
        global,
        husky,
    }))
}

/// `core.hooksPath` as git reads it: `~/` is the home directory, and a relative path is taken from
/// where hooks run, the root of the work tree (the git directory in a bare repository).
fn resolve_hooks_path(repo: &git2::Repository, value: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    if value == "~" {
        if let Some(h) = home() {
            return h;
        }
    }
    if let Some(rest) = value.strip_prefix("~/") {
        if let Some(h) = home() {
            return h.join(rest);
        }
    }
    let path = Path::new(value);
    if path.is_absolute() {
        return path.to_path_buf();
    }
    repo.workdir().unwrap_or_else(|| repo.path()).join(path)
}

/// Do two paths name the same directory? Compared through their nearest existing ancestors, so a
/// directory that does not exist yet still compares.
fn same_dir(a: &Path, b: &Path) -> bool {
    fn canonical(p: &Path) -> PathBuf {
        let mut missing = Vec::new();
        let mut cur = p;
        loop {
            if let Ok(c) = cur.canonicalize() {
                let mut out = c;
                for part in missing.iter().rev() {
                    out.push(part);
                }
                return out;
            }
            match (cur.file_name(), cur.parent()) {
                (Some(name), Some(parent)) => {
                    missing.push(name.to_os_string());
                    cur = parent;
                }
                _ => return p.to_path_buf(),
            }
        }
    }
    canonical(a) == canonical(b)
}

/// husky (v9: `.husky/_` with its `h` runner; v5–v8: `husky.sh`) keeps generated stubs there and
/// rewrites them whenever it installs.
fn is_husky_dir(dir: &Path) -> bool {
    let named = dir.file_name().is_some_and(|n| n == "_")
        && dir
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == ".husky");
    named || dir.join("husky.sh").is_file()
}

/// The git-adr binary that is running, when it is one (not a test harness or another program
/// using the library): the installed scripts fall back to it when `git-adr` is not on PATH.
pub fn current_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let stem = exe.file_stem()?.to_str()?;
    (stem == "git-adr").then_some(exe)
}

/// Is a program called `git-adr` on PATH (what the scripts try first)?
pub fn on_path() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    let names: &[&str] = if cfg!(windows) {
        &["git-adr.exe", "git-adr"]
    } else {
        &["git-adr"]
    };
    std::env::split_paths(&path).any(|dir| names.iter().any(|n| is_executable(&dir.join(n))))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

// ---------------------------------------------------------------------------------------------
// The scripts
// ---------------------------------------------------------------------------------------------

/// The script body; `@HOOK@`, `@PURPOSE@` and `@FALLBACK@` are filled in, and the marker line
/// with the checksum goes in as the second line.
const TEMPLATE: &str = r#"#!/bin/sh
# The git-adr @HOOK@ hook: @PURPOSE@.
# Installed by `git adr hook install`; `git adr hook uninstall` removes it and puts back the hook
# that was here before, if any. `git commit --no-verify` skips it once. The checksum above lets
# git-adr notice edits to this file: it never overwrites or deletes an edited copy.

# A hook that was here before git-adr's is kept beside it and runs first, with the same arguments
# and input; if it fails, the commit stops. A shell script is sourced by a shell of its own whose
# $0 is this hook's name (husky's stubs and other hook runners find their files from it); being
# that shell's main program, it keeps `set -e` and its exit status, whatever /bin/sh is.
# It is found by the hook's name, not by $0, so it still runs when another hook manager renames
# this script (pre-commit's `.legacy`); GIT_ADR_CHAINING stops a kept hook that is this script
# again from running itself forever.
case $0 in */*) hooks_dir=${0%/*} ;; *) hooks_dir=. ;; esac
chained="$hooks_dir/@HOOK@.git-adr-chained"
if [ -f "$chained" ] && [ "${GIT_ADR_CHAINING:-}" != "$chained" ]; then
    if [ -x "$chained" ]; then
        first_line=
        IFS= read -r first_line < "$chained" || :
        case $first_line in
            '#!/bin/sh' | '#!/usr/bin/sh' | '#!/usr/bin/env sh')
                GIT_ADR_CHAINING=$chained sh -c '. "$GIT_ADR_CHAINING"' "$0" "$@" || exit ;;
            *)
                GIT_ADR_CHAINING=$chained "$chained" "$@" || exit ;;
        esac
    else
        echo "hint: $chained was not run because it is not executable (git would not run it either)" >&2
    fi
fi

# git-adr itself: from PATH, where `git adr` finds it too (git puts its exec-path first on PATH
# for hooks); calling it directly saves starting git once more.
if command -v git-adr >/dev/null 2>&1; then
    exec git-adr hook run @HOOK@ -- "$@"
fi
@FALLBACK@echo "git-adr: cannot run the @HOOK@ hook: git-adr is not on PATH@NOT_AT@" >&2
echo "hint: put git-adr on PATH, or remove this hook ($0); \`git commit --no-verify\` skips it once" >&2
exit 1
"#;

/// The script for `hook`. `exe`, the git-adr that installs it, is the fallback when `git-adr` is
/// not on PATH when the hook runs (GUI git clients often start hooks with a minimal PATH).
pub fn script(hook: Hook, exe: Option<&Path>) -> String {
    // The path goes into the script in single quotes; one that is not UTF-8 cannot, and is left
    // out (PATH is still tried).
    let exe = exe.and_then(Path::to_str).map(|p| {
        if cfg!(windows) {
            p.replace('\\', "/")
        } else {
            p.to_string()
        }
    });
    let (fallback, not_at) = match &exe {
        Some(p) => (
            format!(
                "# Else the git-adr that installed this hook.\ngit_adr={}\nif [ -x \"$git_adr\" ]; then\n    exec \"$git_adr\" hook run {} -- \"$@\"\nfi\n",
                sh_quote(p),
                hook.name()
            ),
            " (nor at $git_adr)".to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let body = TEMPLATE
        .replace("@PURPOSE@", hook.purpose())
        .replace("@FALLBACK@", &fallback)
        .replace("@NOT_AT@", &not_at)
        .replace("@HOOK@", hook.name());
    let sum = checksum(&body);
    let (shebang, rest) = body.split_once('\n').unwrap_or((&body, ""));
    format!("{shebang}\n{MARKER}v{SCRIPT_VERSION} {sum}\n{rest}")
}

/// A string as one single-quoted shell word.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The git blob id of `text`: a checksum git itself can recompute (`git hash-object`).
fn checksum(text: &str) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())
        .map(|oid| oid.to_string())
        .unwrap_or_default()
}

/// What is at a hook's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    Absent,
    /// Our script, as we wrote it (its text is kept to compare with a new one).
    Ours(String),
    /// Our script, changed by hand since.
    Edited,
    /// Someone else's hook (a symlink always counts as someone else's).
    Foreign,
    /// A directory or another thing that is not a file.
    NotAFile,
}

/// Looks at the file at `path`.
pub fn inspect(path: &Path) -> Result<Existing> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Absent),
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.file_type().is_symlink() {
        return Ok(Existing::Foreign);
    }
    if !meta.is_file() {
        return Ok(Existing::NotAFile);
    }
    if meta.len() > MAX_SCRIPT_BYTES {
        return Ok(Existing::Foreign);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Existing::Foreign);
    };
    Ok(judge(text))
}

/// Ours, edited, or foreign, from the text alone.
fn judge(text: String) -> Existing {
    // The marker is the second line; look a little further in case a line was added on top.
    let mut offset = 0;
    for line in text.split_inclusive('\n').take(5) {
        if let Some(rest) = line.strip_prefix(MARKER) {
            let claimed = rest.split_whitespace().nth(1).unwrap_or("");
            let without = format!("{}{}", &text[..offset], &text[offset + line.len()..]);
            return if !claimed.is_empty() && checksum(&without) == claimed {
                Existing::Ours(text)
            } else {
                Existing::Edited
            };
        }
        offset += line.len();
    }
    Existing::Foreign
}

/// A file that exists, as far as a rename is concerned (a dangling symlink too).
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

// ---------------------------------------------------------------------------------------------
// Install and uninstall
// ---------------------------------------------------------------------------------------------

/// What `install` did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Our script is new. `moved_aside`: a hook that was there was moved to the chained path now;
    /// `chained`: a kept hook (moved now or earlier) runs before ours.
    New { moved_aside: bool, chained: bool },
    /// Our script was there in another version (another git-adr binary or release): replaced.
    Updated { chained: bool },
    /// Our script was there as it would be written now.
    Unchanged { chained: bool },
}

enum InstallStep {
    Write { move_aside: bool, was_ours: bool },
    Nothing,
}

/// Installs `hooks` in `dir`, creating it when missing. Every hook is examined before anything
/// changes, so a refusal for one leaves the others untouched too.
pub fn install(
    dir: &HookDir,
    hooks: &[Hook],
    exe: Option<&Path>,
) -> Result<Vec<(Hook, Installed)>> {
    let mut plan = Vec::new();
    for &hook in hooks {
        let (path, chained) = (dir.hook(hook), dir.chained(hook));
        let text = script(hook, exe);
        let step = match inspect(&path)? {
            Existing::Absent => InstallStep::Write {
                move_aside: false,
                was_ours: false,
            },
            Existing::Ours(current) if current == text => InstallStep::Nothing,
            Existing::Ours(_) => InstallStep::Write {
                move_aside: false,
                was_ours: true,
            },
            Existing::Edited => {
                return Err(Error::usage_hint(
                    format!(
                        "{} was installed by git-adr but has been edited since; git-adr will not overwrite your edits",
                        dir.shown_hook(hook)
                    ),
                    format!(
                        "move your additions into a hook of your own, delete {}, and run `git adr hook install` again (a hook that is in place then is kept and runs first)",
                        dir.shown_hook(hook)
                    ),
                ))
            }
            Existing::NotAFile => {
                return Err(Error::usage_hint(
                    format!("{} is not a file", dir.shown_hook(hook)),
                    "move it out of the hooks directory, then run `git adr hook install` again",
                ))
            }
            Existing::Foreign if exists(&chained) => {
                return Err(Error::usage_hint(
                    format!(
                        "{} is another program's hook, and {} (a hook git-adr kept earlier) is there too; git-adr will overwrite neither",
                        dir.shown_hook(hook),
                        dir.shown_chained(hook)
                    ),
                    format!(
                        "combine the two into {} (or delete the one you no longer need), then run `git adr hook install` again",
                        dir.shown_hook(hook)
                    ),
                ))
            }
            Existing::Foreign => InstallStep::Write {
                move_aside: true,
                was_ours: false,
            },
        };
        plan.push((hook, path, chained, text, step));
    }

    if plan
        .iter()
        .any(|(.., step)| matches!(step, InstallStep::Write { .. }))
    {
        std::fs::create_dir_all(&dir.path).map_err(|e| Error::io(&dir.path, e))?;
    }
    let mut done = Vec::new();
    for (hook, path, chained, text, step) in plan {
        let outcome = match step {
            InstallStep::Nothing => Installed::Unchanged {
                chained: exists(&chained),
            },
            InstallStep::Write {
                move_aside,
                was_ours,
            } => {
                if move_aside {
                    // A rename keeps the hook's bytes, mode and owner (and a symlink stays one),
                    // which is what `uninstall` needs to put it back exactly.
                    std::fs::rename(&path, &chained).map_err(|e| Error::io(&path, e))?;
                }
                if let Err(e) = write_script(&path, &text) {
                    if move_aside {
                        let _ = std::fs::rename(&chained, &path);
                    }
                    return Err(e);
                }
                let chained = exists(&chained);
                if was_ours {
                    Installed::Updated { chained }
                } else {
                    Installed::New {
                        moved_aside: move_aside,
                        chained,
                    }
                }
            }
        };
        done.push((hook, outcome));
    }
    Ok(done)
}

/// Writes a script atomically and makes it executable (0755, as git's own sample hooks are).
fn write_script(path: &Path, text: &str) -> Result<()> {
    crate::store::atomic::write_atomic_mode(path, text.as_bytes(), Some(0o755))
}

/// What `uninstall` did to one hook in one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// Our script is gone; `restored`: the hook kept beside it is back in its place.
    Removed { restored: bool },
    /// Our script was already gone; the hook kept beside it is back in its place.
    RestoredOnly,
    /// Another program's hook is in place and a hook git-adr kept is still beside it: neither is
    /// touched (putting ours back would overwrite the other one).
    KeptBoth,
    /// Nothing of git-adr's is there.
    NotInstalled,
}

enum UninstallStep {
    Remove { restore: bool },
    Restore,
    KeptBoth,
    Nothing,
}

/// Removes our `hooks` from each of `dirs`, putting back the hooks they chained. Every hook is
/// examined first: an edited script stops the whole operation before anything changes.
pub fn uninstall(dirs: &[HookDir], hooks: &[Hook]) -> Result<Vec<(HookDir, Hook, Removed)>> {
    let mut plan = Vec::new();
    for dir in dirs {
        for &hook in hooks {
            let (path, chained) = (dir.hook(hook), dir.chained(hook));
            let kept = exists(&chained);
            let step = match inspect(&path)? {
                Existing::Ours(_) => UninstallStep::Remove { restore: kept },
                Existing::Edited => {
                    let then = if kept {
                        format!(
                            ", then run `git adr hook uninstall` again to put back the hook kept in {}",
                            dir.shown_chained(hook)
                        )
                    } else {
                        String::new()
                    };
                    return Err(Error::usage_hint(
                        format!(
                            "{} was installed by git-adr but has been edited since; git-adr will not delete your edits",
                            dir.shown_hook(hook)
                        ),
                        format!(
                            "keep what you need from it and delete it yourself (`rm {}`){then}",
                            sh_quote(&dir.shown_hook(hook))
                        ),
                    ));
                }
                Existing::Absent if kept => UninstallStep::Restore,
                Existing::Foreign | Existing::NotAFile if kept => UninstallStep::KeptBoth,
                _ => UninstallStep::Nothing,
            };
            plan.push((dir.clone(), hook, path, chained, step));
        }
    }
    let mut done = Vec::new();
    for (dir, hook, path, chained, step) in plan {
        let outcome = match step {
            UninstallStep::Remove { restore: true } => {
                // The rename replaces our script with the kept hook in one step: there is never a
                // moment without a hook, and the kept one comes back exactly as it was.
                std::fs::rename(&chained, &path).map_err(|e| Error::io(&chained, e))?;
                Removed::Removed { restored: true }
            }
            UninstallStep::Remove { restore: false } => {
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                Removed::Removed { restored: false }
            }
            UninstallStep::Restore => {
                std::fs::rename(&chained, &path).map_err(|e| Error::io(&chained, e))?;
                Removed::RestoredOnly
            }
            UninstallStep::KeptBoth => Removed::KeptBoth,
            UninstallStep::Nothing => Removed::NotInstalled,
        };
        done.push((dir, hook, outcome));
    }
    Ok(done)
}

// ---------------------------------------------------------------------------------------------
// Trailers
// ---------------------------------------------------------------------------------------------

/// A trailer of a commit message with the key being looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// 1-based line in the message file.
    pub line: usize,
    /// The key as written (`Decision`, `decision`).
    pub key: String,
    /// The value, continuation lines joined with spaces.
    pub value: String,
}

/// The prefix of comment lines in commit messages: `core.commentString`, else `core.commentChar`,
/// else `#` (also for `auto`, where git picks a character per message).
pub fn comment_prefix(repo: &git2::Repository) -> String {
    let Ok(config) = repo.config() else {
        return "#".into();
    };
    for key in ["core.commentString", "core.commentChar"] {
        if let Ok(v) = config.get_string(key) {
            if !v.is_empty() && v != "auto" {
                return v;
            }
        }
    }
    "#".into()
}

/// The trailers with key `key` (compared case-insensitively, as git does) in a commit message as
/// git hands it to the commit-msg hook: comment lines (starting with `comment`) are ignored, and
/// so is everything below the scissors line that `git commit --verbose` adds. Trailers are what
/// git reads as such (libgit2's port of git's rules): `Key: value` lines in the last paragraph,
/// not in the subject.
pub fn trailers(message: &str, key: &str, comment: &str) -> Vec<Trailer> {
    let scissors = format!("{comment} ------------------------ >8 ------------------------");
    let mut kept: Vec<(usize, &str)> = Vec::new();
    for (i, line) in message.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == scissors {
            break;
        }
        if !comment.is_empty() && line.starts_with(comment) {
            continue;
        }
        kept.push((i + 1, line));
    }
    let cleaned: String = kept.iter().map(|(_, l)| format!("{l}\n")).collect();
    // A NUL cannot reach libgit2; a message with one has no trailers git would read either.
    let Ok(found) = git2::message_trailers_strs(&cleaned) else {
        return Vec::new();
    };
    let wanted: Vec<(String, String)> = found
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(k, v)| {
            (
                k.to_string(),
                v.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    // libgit2 does not say where a trailer is. They are in the last block, before a `---` line
    // (where git starts reading a patch), so they are the last lines that start with the key.
    let end = kept
        .iter()
        .position(|(_, l)| {
            l.strip_prefix("---")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace()))
        })
        .unwrap_or(kept.len());
    let key_lines: Vec<usize> = kept[..end]
        .iter()
        .filter(|(_, l)| {
            l.get(..key.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(key))
                && l[key.len()..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(':')
        })
        .map(|(n, _)| *n)
        .collect();
    let skip = key_lines.len().saturating_sub(wanted.len());
    wanted
        .into_iter()
        .enumerate()
        .map(|(i, (key, value))| Trailer {
            line: key_lines.get(skip + i).copied().unwrap_or(0),
            key,
            value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_script_is_ours_and_an_edited_one_is_not() {
        let text = script(Hook::PreCommit, Some(Path::new("/opt/my tools/git-adr")));
        assert!(text.starts_with("#!/bin/sh\n# git-adr-hook: v2 "), "{text}");
        assert!(text.contains("git_adr='/opt/my tools/git-adr'"), "{text}");
        assert_eq!(judge(text.clone()), Existing::Ours(text.clone()));
        let edited = text.replace("exit 1\n", "exit 0\n");
        assert_eq!(judge(edited), Existing::Edited);
        assert_eq!(judge("#!/bin/sh\necho hi\n".into()), Existing::Foreign);
    }

    #[test]
    fn the_script_is_valid_posix_sh() {
        for hook in Hook::ALL {
            for exe in [None, Some(Path::new("/it's/git-adr"))] {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("hook");
                std::fs::write(&path, script(hook, exe)).unwrap();
                let status = std::process::Command::new("sh")
                    .arg("-n")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(status.success(), "{hook:?} {exe:?}");
            }
        }
    }

    #[test]
    fn without_git_adr_the_hook_stops_the_commit_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pre-commit");
        let gone = dir.path().join("gone/git-adr");
        std::fs::write(&path, script(Hook::PreCommit, Some(&gone))).unwrap();
        let out = std::process::Command::new("sh")
            .arg(&path)
            .env("PATH", "/usr/bin:/bin")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("git-adr is not on PATH (nor at "),
            "{stderr}"
        );
        assert!(stderr.contains("--no-verify"), "{stderr}");
    }

    #[test]
    fn single_quotes_in_paths_are_escaped() {
        assert_eq!(sh_quote("a'b"), r"'a'\''b'");
    }

    #[test]
    fn trailers_in_the_last_paragraph_are_found_with_their_lines() {
        let msg = "Subject\n\nBody text.\n\nDecision: ADR-0002\nsigned-off-by: A <a@b>\ndecision : 3, ADR-4\n# Please enter the commit message\n#\n";
        let t = trailers(msg, "Decision", "#");
        let got: Vec<(usize, &str)> = t.iter().map(|t| (t.line, t.value.as_str())).collect();
        assert_eq!(got, vec![(5, "ADR-0002"), (7, "3, ADR-4")]);
    }

    #[test]
    fn comments_scissors_and_the_subject_are_not_trailers() {
        assert!(trailers("Decision: ADR-2\n", "Decision", "#").is_empty());
        let msg = "Subject\n\n# Decision: ADR-9\n";
        assert!(trailers(msg, "Decision", "#").is_empty());
        let msg = "Subject\n\nbody\n; ------------------------ >8 ------------------------\n\nDecision: ADR-9\n";
        assert!(trailers(msg, "Decision", ";").is_empty());
        let msg = "Subject\n\nWe follow Decision: ADR-2 here, as agreed\nand more prose.\n";
        assert!(trailers(msg, "Decision", "#").is_empty());
    }

    #[test]
    fn a_custom_comment_character_is_honoured() {
        let msg = "Subject\n\nDecision: 2\n; a comment\n";
        let t = trailers(msg, "decision", ";");
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].line, t[0].value.as_str()), (3, "2"));
    }

    #[test]
    fn hooks_path_equal_to_the_default_is_not_a_redirect() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x/hooks");
        assert!(same_dir(&a, &dir.path().join("x/./hooks")));
        assert!(!same_dir(&a, &dir.path().join("y/hooks")));
    }
}
