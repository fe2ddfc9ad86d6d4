//! `git adr completions` and `git adr man`.

use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

use crate::cli::Cli;
use crate::commands::stdout_err;
use crate::commands::Ui;
use crate::error::{Error, Result};

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

fn page(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd).render(out)
}

pub fn man(dir: Option<&Path>, ui: &mut Ui<'_>) -> Result<()> {
    let cmd = Cli::command().name("git-adr").bin_name("git adr");
    let Some(dir) = dir else {
        return page(cmd, &mut *ui.out).map_err(stdout_err);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    let mut write_page = |name: String, cmd: clap::Command| -> Result<()> {
        let mut buf = Vec::new();
        page(cmd, &mut buf).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(format!("{name}.1"));
        crate::store::atomic::write_atomic(&path, &buf)?;
        written.push(path);
        Ok(())
    };
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("git-adr-{}", sub.get_name());
        let page_cmd = sub
            .clone()
            .name(name.clone())
            .bin_name(format!("git adr {}", sub.get_name()));
        write_page(name, page_cmd)?;
    }
    write_page("git-adr".into(), cmd)?;
    for p in &written {
        writeln!(ui.out, "{}", p.display()).map_err(stdout_err)?;
    }
    Ok(())
}
