//! Installing git-adr's hooks (a hook already in place is moved aside and chained) and taking
//! them out again (the chained hook is put back).

use std::path::Path;

use super::script::{exists, inspect, script, sh_quote, Existing};
use super::{Hook, HookDir};
use crate::error::{Error, Result};

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
            move_aside,
            was_ours,
        } => {
            if move_aside {
                // A rename keeps the hook's bytes, mode and owner (and a symlink stays one),
                // which is what `uninstall` needs to put it back exactly.
                std::fs::rename(&path, &chained).map_err(|e| Error::io(&path, e))?;
            }
            if let Err(e) = write_script(&path, text) {
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
    })
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
