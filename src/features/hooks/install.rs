//! Installing git-adr's hooks (a hook already in place is kept aside and chained) and taking
//! them out again (the chained hook is put back).
//!
//! A kill at any moment must not lose the user's hook. So installing over one goes: a copy of
//! it is written (synced) to a temporary name and renamed to the chained path, while the hook
//! itself is still in place; only then is our script written to a temporary name and renamed
//! over the hook. Between the two steps both files hold the user's hook; a run that finds them
//! so (a kill came in between) completes the install. Uninstalling puts the kept hook back with
//! one rename, which replaces our script in a single step.

use std::path::Path;

use super::script::{exists, inspect, script, sh_quote, Existing};
use super::{Hook, HookDir};
use crate::error::{Error, Result};

/// What `install` did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Our script is new. `kept_aside`: a hook that was there was copied to the chained path now;
    /// `chained`: a kept hook (kept now or earlier) runs before ours.
    New { kept_aside: bool, chained: bool },
    /// Our script was there in another version (another git-adr binary or release): replaced.
    Updated { chained: bool },
    /// Our script was there as it would be written now.
    Unchanged { chained: bool },
}

enum InstallStep {
    Write { keep_aside: bool, was_ours: bool },
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
        let text = script(hook, exe);
        let step = install_step(dir, hook, &text)?;
        plan.push((hook, text, step));
    }
    if plan
        .iter()
        .any(|(.., step)| matches!(step, InstallStep::Write { .. }))
    {
        std::fs::create_dir_all(&dir.path).map_err(|e| Error::io(&dir.path, e))?;
    }
    plan.into_iter()
        .map(|(hook, text, step)| Ok((hook, install_one(dir, hook, &text, step)?)))
        .collect()
}

/// What installing `hook` in `dir` takes, from what is at its path now (`text`: our script as
/// it would be written). A hook that must not be touched is an error.
fn install_step(dir: &HookDir, hook: Hook, text: &str) -> Result<InstallStep> {
    let (path, chained) = (dir.hook(hook), dir.chained(hook));
    Ok(match inspect(&path)? {
        Existing::Absent => InstallStep::Write {
            keep_aside: false,
            was_ours: false,
        },
        Existing::Ours(current) if current == text => InstallStep::Nothing,
        Existing::Ours(_) => InstallStep::Write {
            keep_aside: false,
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
        // A copy of this very hook is already kept: an install was stopped between keeping it
        // and writing our script. Finishing it loses nothing.
        Existing::Foreign if exists(&chained) && same_file_content(&path, &chained)? => {
            InstallStep::Write {
                keep_aside: false,
                was_ours: false,
            }
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
            keep_aside: true,
            was_ours: false,
        },
    })
}

/// Carries out one hook's step.
fn install_one(dir: &HookDir, hook: Hook, text: &str, step: InstallStep) -> Result<Installed> {
    let (path, chained) = (dir.hook(hook), dir.chained(hook));
    Ok(match step {
        InstallStep::Nothing => Installed::Unchanged {
            chained: exists(&chained),
        },
        InstallStep::Write {
            keep_aside,
            was_ours,
        } => {
            if keep_aside {
                // The hook stays where it is until our script replaces it: a kill before that
                // leaves the user's hook in place (and a copy beside it).
                keep_copy(&path, &chained)?;
            }
            if let Err(e) = write_script(&path, text) {
                if keep_aside {
                    // The hook is still in place; the copy is not needed.
                    let _ = std::fs::remove_file(&chained);
                }
                return Err(e);
            }
            let chained = exists(&chained);
            if was_ours {
                Installed::Updated { chained }
            } else {
                Installed::New {
                    kept_aside: keep_aside,
                    chained,
                }
            }
        }
    })
}

/// Writes a copy of the hook at `path` to `chained`: the same bytes and mode (a symlink becomes
/// a symlink to the same target, so a relative one still works beside the hook), synced to a
/// temporary name first and renamed into place, so `chained` is either absent or complete.
fn keep_copy(path: &Path, chained: &Path) -> Result<()> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.file_type().is_symlink() {
        return keep_symlink(path, chained);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    crate::store::atomic::write_atomic_mode(chained, &bytes, file_mode(&meta))
}

#[cfg(unix)]
fn file_mode(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_: &std::fs::Metadata) -> Option<u32> {
    None
}

#[cfg(unix)]
fn keep_symlink(path: &Path, chained: &Path) -> Result<()> {
    let target = std::fs::read_link(path).map_err(|e| Error::io(path, e))?;
    let tmp = chained.with_file_name(format!(
        ".git-adr-{}.{}.tmp",
        chained
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(&target, &tmp).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, chained).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(chained, e)
    })
}

#[cfg(not(unix))]
fn keep_symlink(path: &Path, _: &Path) -> Result<()> {
    Err(Error::usage_hint(
        format!("{} is a symbolic link", path.display()),
        "replace it with the file it points to, then run `git adr hook install` again",
    ))
}

/// Do the two paths hold the same hook: the same bytes, or symlinks to the same target? (Modes
/// are not compared: a umask may have narrowed the copy's.)
fn same_file_content(a: &Path, b: &Path) -> Result<bool> {
    let (ma, mb) = (
        std::fs::symlink_metadata(a).map_err(|e| Error::io(a, e))?,
        std::fs::symlink_metadata(b).map_err(|e| Error::io(b, e))?,
    );
    match (ma.file_type().is_symlink(), mb.file_type().is_symlink()) {
        (true, true) => Ok(std::fs::read_link(a).ok() == std::fs::read_link(b).ok()),
        (false, false) if ma.is_file() && mb.is_file() && ma.len() == mb.len() => {
            Ok(std::fs::read(a).map_err(|e| Error::io(a, e))?
                == std::fs::read(b).map_err(|e| Error::io(b, e))?)
        }
        _ => Ok(false),
    }
}

/// Writes a script atomically and makes it executable (0755, as git's own sample hooks are).
fn write_script(path: &Path, text: &str) -> Result<()> {
    crate::store::atomic::write_atomic_mode(path, text.as_bytes(), Some(0o755))
}

/// What `uninstall` did to one hook in one directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// Our script is gone; `restored`: the hook kept beside it is back in its place.
    Deleted { restored: bool },
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
                Removed::Deleted { restored: true }
            }
            UninstallStep::Remove { restore: false } => {
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                Removed::Deleted { restored: false }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeping_a_copy_leaves_the_hook_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let (hook, chained) = (dir.path().join("pre-commit"), dir.path().join("kept"));
        std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
        keep_copy(&hook, &chained).unwrap();
        // The first step of an install: after it, a kill loses nothing.
        assert_eq!(std::fs::read(&hook).unwrap(), b"#!/bin/sh\nexit 0\n");
        assert!(same_file_content(&hook, &chained).unwrap());
        std::fs::write(&chained, "#!/bin/sh\nexit 1\n").unwrap();
        assert!(!same_file_content(&hook, &chained).unwrap());
    }
}
