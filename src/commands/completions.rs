//! `git adr completions`.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::Result;

/// git's bash completion calls `_git_adr` for `git adr …`; this forwards to clap's function
/// (`_git__adr`, clap's name for `git-adr`) with the words rewritten as if `git-adr` had been
/// typed.
const BASH_GIT_BRIDGE: &str = r#"
# Completion of `git adr …` through git's own bash completion.
_git_adr() {
    local i start=0
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        if [[ ${COMP_WORDS[i]} == adr ]]; then start=$i; break; fi
    done
    local COMP_WORDS=("git-adr" "${COMP_WORDS[@]:start+1}")
    local COMP_CWORD=$((COMP_CWORD - start))
    local COMP_LINE="git-adr ${COMP_LINE#*adr }"
    local COMP_POINT=${#COMP_LINE}
    _git__adr git-adr "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
"#;

pub fn completions(shell: clap_complete::Shell, ui: &mut Ui<'_>) -> Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "git-adr", &mut script);
    if shell == clap_complete::Shell::Bash {
        // clap_complete names the states of a hyphenated binary inconsistently
        // (`git__adr__subcmd__list` in one place, `git__subcmd__adr__subcmd__list` in another),
        // so options of subcommands never complete; make the case arms match the states.
        let fixed = String::from_utf8_lossy(&script).replace("git__subcmd__adr", "git__adr");
        script = fixed.into_bytes();
        script.extend_from_slice(BASH_GIT_BRIDGE.as_bytes());
    }
    ui.out.write_all(&script).map_err(stdout_err)
}
