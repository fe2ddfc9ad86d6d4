//! Markdown output that user text cannot break out of: no raw HTML, no pings, no broken tables,
//! no code block left open. The one Markdown escaper: every Markdown the tool writes (pull
//! request summaries, diff tables, pages, lists) puts user text through these.

use crate::text::term::is_unsafe_char;

/// Inline text made safe for Markdown: one line, no raw HTML, no `@mentions` that would ping.
/// Code spans (`` `Vec<u8>` ``) are kept as written: Markdown shows their content literally, so
/// escaping inside them would show the escapes.
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            match closing_run(&chars, i + run, run) {
                Some(end) => {
                    for &c in &chars[i..end + run] {
                        push_plain(&mut out, c);
                    }
                    i = end + run;
                }
                None => {
                    out.extend(std::iter::repeat_n('`', run));
                    i += run;
                }
            }
            continue;
        }
        match chars[i] {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@\u{200b}"),
            c => push_plain(&mut out, c),
        }
        i += 1;
    }
    out.trim().to_string()
}

/// Where the run of exactly `run` backticks that closes a code span starts, searching from
/// `from`.
fn closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] != '`' {
            j += 1;
            continue;
        }
        let r = chars[j..].iter().take_while(|c| **c == '`').count();
        if r == run {
            return Some(j);
        }
        j += r;
    }
    None
}

/// A character of one line of text: line breaks and tabs become one space, unsafe characters
/// are dropped.
fn push_plain(out: &mut String, c: char) {
    match c {
        '\n' | '\r' | '\t' => {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        c if is_unsafe_char(c) => {}
        c => out.push(c),
    }
}

/// [`text`] that is also safe inside a table cell: pipes escaped (in code spans too, as GitHub
/// tables need).
pub fn markdown_cell(s: &str) -> String {
    text(s).replace('|', "\\|")
}

/// An inline code span holding `s`, with a fence longer than any run of backticks inside.
pub fn code(s: &str) -> String {
    let mut line = String::with_capacity(s.len());
    for c in s.chars() {
        push_plain(&mut line, c);
    }
    let s = line.trim();
    let fence = "`".repeat(longest_backtick_run(s) + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced code block holding `s` as written, with a fence longer than any backtick run in it.
pub fn fenced(s: &str) -> String {
    let fence = "`".repeat((longest_backtick_run(s) + 1).max(3));
    let body: String = s
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !is_unsafe_char(*c))
        .collect();
    format!("{fence}\n{}\n{fence}", body.trim_end())
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_tables_or_ping() {
        assert_eq!(markdown_cell("a | b\nc"), "a \\| b c");
        assert_eq!(markdown_cell("`a|b`"), "`a\\|b`");
        for (input, shown) in [
            (
                "<script>alert(1)</script> @org/team",
                "&lt;script&gt;alert(1)&lt;/script&gt; @\u{200b}org/team",
            ),
            ("use `Vec<u8>` for @team", "use `Vec<u8>` for @\u{200b}team"),
            ("a `` b`c `` <d>", "a `` b`c `` &lt;d&gt;"),
            ("lone ` tick <x>", "lone ` tick &lt;x&gt;"),
        ] {
            assert_eq!(text(input), shown, "{input:?}");
        }
    }

    #[test]
    fn a_code_span_shows_its_text_as_written() {
        for (input, span) in [
            ("x", "`x`"),
            ("a`b", "``a`b``"),
            ("`a", "`` `a ``"),
            ("Vec<u8> @team", "`Vec<u8> @team`"),
            ("a\nb\u{202e}", "`a b`"),
        ] {
            assert_eq!(code(input), span, "{input:?}");
        }
    }

    #[test]
    fn a_fence_is_longer_than_any_backtick_run_inside() {
        assert_eq!(fenced("a\n```\nb\n"), "````\na\n```\nb\n````");
        assert_eq!(fenced("plain"), "```\nplain\n```");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("cargo test"), "`cargo test`");
        assert_eq!(code("echo `date`"), "`` echo `date` ``");
        assert_eq!(code("a ``b``"), "``` a ``b`` ```");
    }
}
