//! `git adr hook install|uninstall`, and `git adr hook run HOOK`, which the installed scripts call.

use std::path::Path;

use crate::cli::HookSelection;
use crate::cli::{CheckArgs, CheckFormat, HookAction, HookArgs, HookInstallArgs, HookRunArgs};
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};
use crate::features::check::report;
use crate::features::hooks::{self, Hook, HookDir, Installed, Removed};
use crate::git::repo::Repo;
use crate::model::config::{ADR_DIR, RUN_IN_HOOKS_KEY};
use crate::store::paths::path_from_cwd;
use crate::store::Store;
use crate::text::term::term;

/// Runs `git adr hook …`. The pre-commit and pre-merge-commit hooks are `git adr check
/// --staged`: for them this returns the check to run, which the dispatcher runs (a command never
/// calls another).
pub fn run(args: HookArgs, ui: &mut Ui<'_>) -> Result<Option<CheckArgs>> {
    match args.action {
        HookAction::Install(a) => install(a, ui).map(|()| None),
        HookAction::Uninstall(which) => uninstall(&which, ui).map(|()| None),
        HookAction::Run(a) => run_hook(a, ui),
    }
}

/// The hooks the flags name; both when neither flag is given.
fn selected(which: &HookSelection) -> Vec<Hook> {
    match (which.pre_commit, which.commit_msg) {
        (false, false) | (true, true) => Hook::ALL.to_vec(),
        // pre-merge-commit is pre-commit's twin for merges: they go together.
        (true, false) => vec![Hook::PreCommit, Hook::PreMergeCommit],
        (false, true) => vec![Hook::CommitMsg],
    }
}

/// A path as shown to people: from the current directory when it is inside the work tree (as git
/// prints paths), else in full (the common git directory of a linked worktree, a global hooks
/// directory).
fn shown(root: Option<&Path>, path: &Path) -> String {
    if let Some(root) = root {
        if let Ok(rel) = path.strip_prefix(root) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return path_from_cwd(root, &rel.join("/"));
        }
    }
    path.display().to_string()
}

fn hook_dir(root: Option<&Path>, path: std::path::PathBuf) -> HookDir {
    HookDir {
        shown: shown(root, &path),
        path,
    }
}

// ---------------------------------------------------------------------------------------------
// install
// ---------------------------------------------------------------------------------------------

fn install(args: HookInstallArgs, ui: &mut Ui<'_>) -> Result<()> {
    let hooks = selected(&args.which);
    let repo = Repo::open()?;
    let Some(root) = repo.work_tree().map(Path::to_path_buf) else {
        return Err(Error::usage_hint(
            "this is a bare repository: pre-commit and commit-msg hooks run only where commits are made, in a work tree",
            "install the hooks in a clone with a work tree; on a server, run `git adr check --base REF` in CI instead",
        ));
    };
    let at_root = Some(root.as_path());
    let default = hook_dir(at_root, hooks::default_dir(&repo));
    let setting = hooks::hooks_path(&repo)?;
    let dir = match &setting {
        Some(s) if !args.hooks_path => return Err(hooks_path_refusal(s, &default, at_root)),
        Some(s) => hook_dir(at_root, s.dir.clone()),
        None => default.clone(),
    };

    refuse_tracked_hooks(&repo, &root, &dir, &hooks)?;
    let exe = hooks::current_exe();
    let outcomes = hooks::install(&dir, &hooks, exe.as_deref())?;
    for (hook, outcome) in &outcomes {
        let line = installed_line(&dir, *hook, outcome);
        writeln!(ui.out, "{}", term(&line)).map_err(stdout_err)?;
    }

    warn_after_install(
        &repo,
        &root,
        &dir,
        &hooks,
        (setting.as_ref(), args.hooks_path),
        exe.as_deref(),
        ui,
    );
    Ok(())
}

/// The line that says what installing one hook did.
fn installed_line(dir: &HookDir, hook: Hook, outcome: &Installed) -> String {
    let (name, at, kept) = (hook.name(), dir.shown_hook(hook), dir.shown_chained(hook));
    match outcome {
        Installed::New {
            kept_aside: true, ..
        } => format!(
            "installed {name} hook in {at} (chained: the existing hook is kept as {kept} and runs first)"
        ),
        Installed::New { chained: true, .. } => format!(
            "installed {name} hook in {at} (chained: the hook kept in {kept} runs first)"
        ),
        Installed::New { .. } => format!("installed {name} hook in {at}"),
        Installed::Updated { .. } => format!("updated {name} hook in {at}"),
        Installed::Unchanged { .. } => {
            format!("{name} hook already installed in {at}: nothing changed")
        }
    }
}

/// What would make the hooks not run, or not do anything, is said now rather than discovered at
/// the first commit. `setting` is `core.hooksPath` and whether `--hooks-path` was given.
fn warn_after_install(
    repo: &Repo,
    root: &Path,
    dir: &HookDir,
    hooks: &[Hook],
    (setting, hooks_path): (Option<&hooks::HooksPath>, bool),
    exe: Option<&Path>,
    ui: &mut Ui<'_>,
) {
    if let Some(s) = setting {
        if hooks_path && s.husky {
            ui.warn(&format!(
                "husky rewrites {} whenever it installs (e.g. on `npm install`), which removes these hooks; the lasting way is a line `git adr hook run pre-commit` in .husky/pre-commit and `git adr hook run commit-msg \"$1\"` in .husky/commit-msg",
                dir.shown
            ));
        }
        if hooks_path && s.global {
            ui.warn(&format!(
                "core.hooksPath comes from {}: these hooks run in every repository of yours (they do nothing where there is no .adr/)",
                s.origin
            ));
        }
    } else if hooks_path {
        let _ = writeln!(
            ui.err,
            "note: core.hooksPath is not set; the hooks went to {}, where git looks for them",
            dir.shown
        );
    }
    if setting.is_none() && root.join(".husky").is_dir() {
        ui.warn("this repository has a .husky/ folder: once husky installs it sets core.hooksPath, and git stops running the hooks installed here; then add `git adr hook run pre-commit` to .husky/pre-commit instead");
    }
    warn_unignored(repo, root, dir, hooks, ui);
    // A sparse checkout may leave a tracked .adr/ out of the work tree: that is set up.
    if !root.join(ADR_DIR).is_dir() && !repo.tracks_under(ADR_DIR).unwrap_or(false) {
        ui.warn("no .adr/ here yet: the hooks do nothing until `git adr init`");
    }
    if !hooks::on_path() {
        match exe {
            Some(exe) => ui.warn(&format!(
                "git-adr is not on PATH; the hooks will run {} (keep it there, or put git-adr on PATH)",
                exe.display()
            )),
            None => ui.warn(
                "git-adr is not on PATH: the hooks will fail until it is (`cargo install git-adr`)",
            ),
        }
    }
}

/// `path` from the work tree's root, when it is a work-tree file (not inside a git directory): a
/// hooks directory such as a tracked `.githooks/`.
fn work_tree_path(repo: &Repo, root: &Path, path: &Path) -> Option<String> {
    if path.starts_with(repo.git_dir()) || path.starts_with(repo.common_dir()) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// A hook that git tracks (in a `.githooks/` shared by the team, say) is not replaced: that
/// would show as a change to it, which the next `git commit -a` would record for everyone.
fn refuse_tracked_hooks(repo: &Repo, root: &Path, dir: &HookDir, hooks: &[Hook]) -> Result<()> {
    let index = repo.index()?;
    for &hook in hooks {
        let path = dir.hook(hook);
        let Some(rel) = work_tree_path(repo, root, &path) else {
            continue;
        };
        if index.get_path(Path::new(&rel), 0).is_some()
            && hooks::inspect(&path)? == hooks::Existing::Foreign
        {
            let args = if hook == Hook::CommitMsg {
                " \"$1\""
            } else {
                ""
            };
            return Err(Error::usage_hint(
                format!(
                    "{} is tracked in this repository: git-adr will not replace it (that would show as a change to it, ready to be committed)",
                    dir.shown_hook(hook)
                ),
                format!(
                    "add the line `git adr hook run {}{args}` to it, for everyone who uses it",
                    hook.name()
                ),
            ));
        }
    }
    Ok(())
}

/// Hooks installed into a work-tree directory that git does not ignore show up in `git status`,
/// and they hold this machine's path to git-adr: say so once.
fn warn_unignored(repo: &Repo, root: &Path, dir: &HookDir, hooks: &[Hook], ui: &mut Ui<'_>) {
    let unignored = hooks.iter().any(|&hook| {
        [dir.hook(hook), dir.chained(hook)].iter().any(|p| {
            p.exists()
                && work_tree_path(repo, root, p)
                    .is_some_and(|rel| !repo.is_ignored(Path::new(&rel)))
        })
    });
    if unignored {
        ui.warn(&format!(
            "git does not ignore the hooks in {}, so `git status` lists them; keep them out of commits (they hold this machine's path to git-adr), e.g. by listing them in .git/info/exclude",
            dir.shown
        ));
    }
}

/// The refusal when `core.hooksPath` sends git elsewhere: installing into `.git/hooks` would
/// install hooks that never run, and a hooks directory of another tool is not ours to change
/// unless the user says so.
fn hooks_path_refusal(s: &hooks::HooksPath, default: &HookDir, root: Option<&Path>) -> Error {
    let dir = shown(root, &s.dir);
    if s.husky {
        let husky = s
            .dir
            .parent()
            .map_or_else(|| ".husky".to_string(), |p| shown(root, p));
        return Error::usage_hint(
            format!(
                "core.hooksPath is set to `{}` in {}: husky runs this repository's hooks, from {dir}",
                s.value, s.origin
            ),
            format!(
                "add a line `git adr hook run pre-commit` to {husky}/pre-commit and `git adr hook run commit-msg \"$1\"` to {husky}/commit-msg (husky rewrites {dir} whenever it installs); `git adr hook install --hooks-path` installs into {dir} anyway"
            ),
        );
    }
    Error::usage_hint(
        format!(
            "core.hooksPath is set to `{}` in {}: git runs hooks from {dir}, not from {}",
            s.value, s.origin, default.shown
        ),
        format!(
            "install there with `git adr hook install --hooks-path`; or call `git adr hook run pre-commit` and `git adr hook run commit-msg \"$1\"` from the hooks kept there; or unset it (`{}`) to use {}",
            s.unset, default.shown
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// uninstall
// ---------------------------------------------------------------------------------------------

fn uninstall(which: &HookSelection, ui: &mut Ui<'_>) -> Result<()> {
    let hooks = selected(which);
    let repo = Repo::open()?;
    let root = repo.work_tree().map(Path::to_path_buf);
    let root = root.as_deref();
    // Our hooks may be in the default directory, in the one core.hooksPath names (installed with
    // --hooks-path), or in both: look in each. Removing a script that is ours and unedited never
    // loses anything, so no flag is needed to reach the second one.
    let mut dirs = vec![hook_dir(root, hooks::default_dir(&repo))];
    if let Some(s) = hooks::hooks_path(&repo)? {
        dirs.push(hook_dir(root, s.dir));
    }
    let outcomes = hooks::uninstall(&dirs, &hooks)?;

    let looked: Vec<&str> = dirs.iter().map(|d| d.shown.as_str()).collect();
    let looked = looked.join(" or ");
    let mut missing = Vec::new();
    for &hook in &hooks {
        let mut found = false;
        for (dir, _, outcome) in outcomes.iter().filter(|(_, h, _)| *h == hook) {
            let (name, at, kept) = (hook.name(), dir.shown_hook(hook), dir.shown_chained(hook));
            let line = match outcome {
                Removed::Deleted { restored: false } => format!("removed {name} hook from {at}"),
                Removed::Deleted { restored: true } => {
                    format!("removed {name} hook from {at}; the hook that was there before is back")
                }
                Removed::RestoredOnly => {
                    format!("restored {at} from {kept} (git-adr's {name} hook was already gone)")
                }
                Removed::KeptBoth => {
                    found = true;
                    ui.warn(&format!(
                        "{at} is not git-adr's hook any more, and the hook git-adr kept when it installed is still in {kept}; both are left as they are"
                    ));
                    let _ = writeln!(
                        ui.err,
                        "  hint: merge {} into {} by hand, or delete it",
                        term(&kept),
                        term(&at)
                    );
                    continue;
                }
                Removed::NotInstalled => continue,
            };
            found = true;
            writeln!(ui.out, "{}", term(&line)).map_err(stdout_err)?;
        }
        if !found {
            missing.push(hook.name());
        }
    }
    let line = match (missing.len(), hooks.len()) {
        (0, _) => None,
        (1, 1) => Some(format!(
            "{} hook is not installed in {looked}: nothing changed",
            missing[0]
        )),
        (m, h) if m == h => Some(format!(
            "git-adr's hooks are not installed in {looked}: nothing changed"
        )),
        _ => Some(format!(
            "{} hook was not installed in {looked}",
            missing.join(" and ")
        )),
    };
    if let Some(line) = line {
        writeln!(ui.out, "{}", term(&line)).map_err(stdout_err)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// run
// ---------------------------------------------------------------------------------------------

fn run_hook(args: HookRunArgs, ui: &mut Ui<'_>) -> Result<Option<CheckArgs>> {
    // git runs hooks with stdin on the null device: nothing here may ask anything.
    ui.interactive = false;
    let Some(hook) = Hook::from_name(&args.hook) else {
        return Err(Error::usage_hint(
            format!("git-adr has no `{}` hook", args.hook),
            "the hooks are pre-commit, pre-merge-commit and commit-msg",
        ));
    };
    let repo = match Repo::open() {
        Err(Error::UnreadableRepository { what }) => return step_aside(hook, &what, ui),
        opened => opened?,
    };
    // A repository without .adr/ does not use git-adr: its commits pass. This matters when the
    // hooks sit in a global core.hooksPath and so run in every repository.
    if !uses_git_adr(&repo)? {
        return Ok(None);
    }
    match hook {
        Hook::PreCommit | Hook::PreMergeCommit => Ok(Some(CheckArgs {
            staged: true,
            base: None,
            // Hooks run automatic checklist items only when the user's own git config says
            // so: a file in the tree is whoever pushed last, and must not decide what runs here.
            dod: repo.config_bool(RUN_IN_HOOKS_KEY)?.unwrap_or(false),
            format: CheckFormat::Human,
        })),
        Hook::CommitMsg => {
            let Some(file) = args.args.first() else {
                return Err(Error::usage_hint(
                    "the commit-msg hook needs the commit message file",
                    "git runs it as `git adr hook run commit-msg -- FILE`",
                ));
            };
            // The trailers are judged against the records and config the commit will record,
            // which the index holds (also when a sparse checkout leaves .adr/ out of the work
            // tree).
            let store = Store::open_staged(repo)?;
            super::warn_config(&store, ui);
            commit_msg(&store, std::path::Path::new(file), ui).map(|()| None)
        }
    }
}

/// The hook in a repository git-adr cannot open (SHA-256 objects, reftable refs): git can, and
/// a hook in a global `core.hooksPath` must not block every commit there. Without `.adr/` (or an
/// adr-tools `.adr-dir`) the repository does not use git-adr and the commit passes silently;
/// with one, it passes with a warning saying it was not checked, unless the user's own git config
/// sets `adr.hooks.strict`, which stops it.
fn step_aside(hook: Hook, what: &str, ui: &mut Ui<'_>) -> Result<Option<CheckArgs>> {
    // Hooks run at the top of the work tree (GIT_WORK_TREE when git was given one).
    let root = std::env::var_os("GIT_WORK_TREE")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(".").to_path_buf());
    if !root.join(ADR_DIR).exists() && !root.join(".adr-dir").exists() {
        return Ok(None);
    }
    let cannot = format!("git-adr cannot read this repository ({what})");
    if crate::git::repo::user_config_bool_unopened(hooks::STRICT_KEY) == Some(true) {
        return Err(Error::usage_hint(
            format!("{cannot}; {} is true, so the {} hook stops the commit", hooks::STRICT_KEY, hook.name()),
            format!(
                "`git commit --no-verify` skips the hook once; `git config --unset {}` lets such commits through unchecked",
                hooks::STRICT_KEY
            ),
        ));
    }
    let checked = match hook {
        Hook::CommitMsg => "commit message not checked",
        Hook::PreCommit | Hook::PreMergeCommit => "commit not checked",
    };
    ui.warn(&format!("{cannot}; {checked}"));
    let _ = writeln!(
        ui.err,
        "  hint: `git config adr.hooks.strict true` makes the hooks stop such commits instead"
    );
    Ok(None)
}

/// Does this repository keep records (a `.adr/` in the work tree or in the index)?
fn uses_git_adr(repo: &Repo) -> Result<bool> {
    let Some(root) = repo.work_tree() else {
        return Ok(false);
    };
    if root.join(ADR_DIR).is_dir() {
        return Ok(true);
    }
    // A sparse checkout may leave .adr/ out of the work tree; the hook then checks the records
    // as the index holds them.
    repo.tracks_under(ADR_DIR)
}

/// The commit-msg hook: judges the message in the file at `path` (see
/// [`hooks::commit_msg`]) and prints what it finds on stderr, warnings first, as `git adr
/// check` prints findings (`FILE:LINE: error: …`), without colour.
fn commit_msg(store: &Store, path: &std::path::Path, ui: &mut Ui<'_>) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let file = path.display().to_string();
    let verdict = hooks::commit_msg(store, &file, &String::from_utf8_lossy(&bytes))?;
    let plain = crate::text::term::Style { color: false };
    for list in [&verdict.warnings, &verdict.errors] {
        // git names the file; it is shown as given.
        let _ = report::human(list, &mut *ui.err, plain, &|p: &str| p.to_string());
    }
    if verdict.errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Findings(format!(
            "git-adr's commit-msg hook refused the commit; the message is kept in {} (`git commit --no-verify` skips the hook)",
            term(&file)
        )))
    }
}
