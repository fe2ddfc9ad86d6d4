//! The scripts git-adr installs, and telling ours (as written, or edited since) from another
//! program's hook.

use std::path::Path;

use super::Hook;
use crate::error::{Error, Result};

/// Start of the line that marks a script as ours; the rest is the script version and a checksum
/// of every other line.
const MARKER: &str = "# git-adr-hook: ";

/// Version of the script text. Any version's script is recognised by its checksum, so a newer
/// git-adr can update or remove a script an older one wrote.
const SCRIPT_VERSION: u32 = 2;

/// Our scripts are a few kilobytes; a file much larger than this cannot be one of them.
const MAX_SCRIPT_BYTES: u64 = 64 * 1024;

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
pub(super) fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The git blob id of `text`: a checksum git itself can recompute (`git hash-object`).
fn checksum(text: &str) -> String {
    crate::git::repo::blob_id(text.as_bytes())
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
pub(super) fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
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
}
