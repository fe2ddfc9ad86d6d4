use clap::{CommandFactory, FromArgMatches};
use std::io::{IsTerminal, Write};

fn main() {
    // Help and usage say `git adr`, the way people run it; completions and man pages are
    // generated from the plain command, whose binary is `git-adr`.
    let matches = git_adr::Cli::command().bin_name("git adr").get_matches();
    let cli = git_adr::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // `git adr mcp` owns standard output for its protocol messages (written from the runtime's
    // threads): it must not be locked here, and nothing else may be written to it.
    let serving = matches.subcommand_name() == Some("mcp");
    let (mut locked, mut buffered, mut sink);
    let out: &mut dyn Write = if serving {
        sink = std::io::sink();
        &mut sink
    } else if stdout.is_terminal() {
        // Line by line, as people read it.
        locked = stdout.lock();
        &mut locked
    } else {
        // Into a pipe or a file, in blocks: std's stdout is line-buffered even there, one
        // write per line, 10,000 system calls for `list` of 10,000 records.
        buffered = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        &mut buffered
    };
    let mut err = stderr.lock();
    let mut ui = git_adr::Ui {
        out,
        err: &mut err,
        style: git_adr::Style::detect(),
        interactive: git_adr::detect_interactive(),
        progress: git_adr::detect_progress(),
    };
    let ran = git_adr::run(cli, &mut ui);
    // Flushed whatever the outcome: a command may print its answer and then fail (`settled`
    // with no match, `check` with findings), and `process::exit` below drops no buffer.
    let flushed = ui
        .out
        .flush()
        .map_err(|e| git_adr::Error::io("standard output", e));
    let result = ran.and(flushed);
    let code = match result {
        Ok(()) => 0,
        // `git adr list | head` closes the pipe early; that is not an error.
        Err(git_adr::Error::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            0
        }
        Err(git_adr::Error::Findings(message)) => {
            if !message.is_empty() {
                let _ = writeln!(err, "{}", git_adr::one_line(&message));
            }
            1
        }
        Err(e) => {
            let _ = writeln!(err, "error: {}", git_adr::one_line(&e.to_string()));
            if let Some(hint) = e.hint() {
                let _ = writeln!(err, "  hint: {}", git_adr::one_line(&hint));
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}
