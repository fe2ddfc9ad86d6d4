//! Text for a terminal: user text neutralised so it cannot drive the terminal, colours, and
//! whether a person is there at all.

use std::borrow::Cow;

/// Is this character unsafe to print to a terminal or keep in a one-line title? C0 and C1
/// controls, DEL, and the bidirectional overrides that can make text read differently.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// User text made safe for a terminal: control characters (except tab and newline) and bidi
/// overrides are replaced by `�`, so a record cannot clear the screen or disguise text.
pub fn term(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c != '\n' && c != '\t' && is_unsafe_char(c))
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c != '\n' && c != '\t' && is_unsafe_char(c) {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// A message made one line for a terminal or a CI log: like [`term`], and a newline or carriage
/// return inside it is shown as `\n` or `\r`. A record's status or a config key with a newline in
/// it would otherwise start a line of its own, and GitHub Actions obeys any line that starts
/// with `::` (`::error::`, `::stop-commands::`). Every error, warning and finding is printed
/// through this.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\t' && is_unsafe_char(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c != '\t' && is_unsafe_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What a status means to a reader, for its colour. This layer knows no lifecycle: the caller
/// says (the model's `Role::tone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Still to be decided (proposed).
    Open,
    /// In force (accepted, an active checklist).
    Settled,
    /// No longer followed (rejected, deprecated, superseded, retired).
    Closed,
}

/// Colours for terminal output; all empty when colour is off.
#[derive(Clone, Copy)]
pub struct Style {
    /// Whether to colour at all.
    pub color: bool,
}

impl Style {
    /// Colour only when stdout is a terminal, `NO_COLOR` is unset or empty and the terminal is
    /// not dumb.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Style {
            color: !no_color && !dumb && std::io::stdout().is_terminal(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    /// Bold text.
    pub fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    /// Dimmed text.
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    /// Red, for errors.
    pub fn red(&self, t: &str) -> String {
        self.paint("1;31", t)
    }
    /// Yellow, for warnings.
    pub fn yellow(&self, t: &str) -> String {
        self.paint("1;33", t)
    }
    /// Green, for success.
    pub fn green(&self, t: &str) -> String {
        self.paint("1;32", t)
    }
    /// A status coloured by what it means (`None`: a status outside the lifecycle's roles).
    pub fn status(&self, status: &str, tone: Option<Tone>) -> String {
        let code = match tone {
            Some(Tone::Settled) => "32",
            Some(Tone::Open) => "33",
            Some(Tone::Closed) => "31",
            None => "0",
        };
        self.paint(code, status)
    }
}

/// Data printed as is into a pipe, but with control characters and bidi overrides neutralised
/// when a terminal would interpret them (CSV, Markdown and graph output). The one place a
/// document bound for stdout is made safe for a terminal.
pub fn for_stdout(s: &str) -> Cow<'_, str> {
    if stdout_is_terminal() {
        term(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// JSON bound for stdout: on a terminal, every unsafe character (C1 controls, DEL, bidi
/// overrides; serde_json already escapes C0) is written as a `\uXXXX` escape, so the document
/// means the same to a JSON reader but cannot drive the terminal. Outside a string JSON is
/// ASCII, so the escape is always inside a string. Into a pipe the text is unchanged.
pub fn json_for_stdout(json: &str) -> Cow<'_, str> {
    if stdout_is_terminal() {
        json_escaped(json)
    } else {
        Cow::Borrowed(json)
    }
}

fn json_escaped(json: &str) -> Cow<'_, str> {
    // Newlines and tabs are the pretty printer's layout (inside strings they are escaped already).
    let unsafe_here = |c: char| c != '\n' && c != '\t' && is_unsafe_char(c);
    if !json.chars().any(unsafe_here) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_here(c) {
            // Every unsafe character is in the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// Is a person at the terminal? Both stdin and stderr must be terminals (git runs hooks with
/// stdin on the null device), and CI never is.
pub fn detect_interactive() -> bool {
    use std::io::IsTerminal;
    !in_ci() && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// May a progress counter be drawn? Only on a terminal's stderr, and not in CI (whose logs keep
/// every `\r` redraw). Unlike prompts, stdin does not matter.
pub fn detect_progress() -> bool {
    use std::io::IsTerminal;
    !in_ci() && std::io::stderr().is_terminal()
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_is_neutralised() {
        assert_eq!(term("a\x1b[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(term("tab\tnl\n"), "tab\tnl\n");
        assert_eq!(term("x\u{202e}y"), "x\u{fffd}y");
        assert_eq!(
            term("c1\u{85}\u{9b}del\u{7f}"),
            "c1\u{fffd}\u{fffd}del\u{fffd}"
        );
    }

    #[test]
    fn messages_are_one_line() {
        assert_eq!(one_line("bad `a\n::error::x\r`"), "bad `a\\n::error::x\\r`");
        assert_eq!(one_line("a\x1b[2J\u{85}\tb"), "a\u{fffd}[2J\u{fffd}\tb");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let json = serde_json::to_string_pretty(&["a\u{202e}b\u{9b}c\u{7f}\u{2066}"]).unwrap();
        let safe = json_escaped(&json);
        assert!(!term(&safe).contains('\u{fffd}'), "{safe}");
        let back: [String; 1] = serde_json::from_str(&safe).unwrap();
        assert_eq!(back[0], "a\u{202e}b\u{9b}c\u{7f}\u{2066}");
    }
}
