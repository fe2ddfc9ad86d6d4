//! Markdown output that user text cannot break out of: no raw HTML, no pings, no broken tables,
//! no code block left open. The one Markdown escaper: every Markdown the tool writes (pull
//! request summaries, diff tables, pages, lists) puts record and config text through these, and
//! they all start from [`clean`], so what the escaper reads is what a Markdown renderer reads.

use crate::text::term::is_unsafe_char;

/// Where escaped text goes, which decides what must be escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Inline Markdown: a heading, a list item, a paragraph.
    Inline,
    /// A table cell: inline Markdown whose pipes would end the cell.
    Cell,
    /// Inside an HTML block (`<summary>…</summary>`), where Markdown is not parsed: code spans are
    /// not code there, so nothing is kept as written.
    Html,
}

/// Inline text made safe for Markdown: one line, no raw HTML, no `@mentions` that would ping.
/// Code spans (`` `Vec<u8>` ``) are kept as written: Markdown shows their content literally, so
/// escaping inside them would show the escapes.
pub fn text(s: &str) -> String {
    escape(s, Place::Inline)
}

/// [`text`] that is also safe inside a table cell: pipes escaped (in code spans too, as GitHub
/// tables need).
pub fn markdown_cell(s: &str) -> String {
    escape(s, Place::Cell)
}

/// Text inside an HTML element of a Markdown page (a `<summary>`): every `<`, `>` and `&`
/// escaped, mentions broken, backticks shown as written.
pub fn html(s: &str) -> String {
    escape(s, Place::Html)
}

/// One line of `s` as a Markdown renderer will read it: line breaks and tabs become one space,
/// control characters (C0, DEL, C1) and bidirectional overrides are dropped, ends trimmed.
/// Dropping them before anything else matters: `` `\u{1}` `` would otherwise look like two
/// backtick runs to the escaper and one to the renderer.
pub fn clean(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => {
                if out.last() != Some(&' ') {
                    out.push(' ');
                }
            }
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    let start = out.iter().take_while(|c| c.is_whitespace()).count();
    let end = out.len()
        - out[start..]
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
    out[start..end].to_vec()
}

/// The one escaper. Reads `s` as CommonMark inline text reads it, left to right: a backslash
/// before punctuation is an escape, a backtick run opens a code span only when a run of the same
/// length closes it, and everything else is literal. Code spans are kept (pipes escaped in a
/// cell); outside them `<`, `>` and `&` become entities (so no tag and no `&#64;` that decodes
/// to `@`), `@` is followed by a zero-width space (no mention), a lone backslash is doubled and an
/// unmatched backtick escaped (so that text put next to other text cannot pair with it), and a
/// `](` escaped (no inline link, whose destination could end inside a code span).
fn escape(s: &str, place: Place) -> String {
    let chars = clean(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if place == Place::Html {
            push_html(&mut out, c);
            i += 1;
            continue;
        }
        match c {
            '\\' => match chars.get(i + 1) {
                // Escaped, these show as themselves; they go through the escaping below.
                Some('<' | '>' | '&' | '@' | '|') => i += 1,
                Some(&n) if n.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(n);
                    i += 2;
                }
                // A backslash that escapes nothing shows as written; doubled, so that it cannot
                // escape what follows it in the output (another escaped text, a `_`).
                _ => {
                    out.push_str("\\\\");
                    i += 1;
                }
            },
            '`' => {
                let run = chars[i..].iter().take_while(|c| **c == '`').count();
                match closing_run(&chars, i + run, run) {
                    Some(end) => {
                        for &c in &chars[i..end + run] {
                            push_code(&mut out, c, place);
                        }
                        i = end + run;
                    }
                    None => {
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        i += run;
                    }
                }
            }
            // A link's destination is read before the code spans after it, so `[x](`<)<b>`
            // would end inside the span and free the rest: record text makes no inline links.
            ']' if chars.get(i + 1) == Some(&'(') => {
                out.push_str("\\]");
                i += 1;
            }
            '|' if place == Place::Cell => {
                out.push_str("\\|");
                i += 1;
            }
            c => {
                push_html(&mut out, c);
                i += 1;
            }
        }
    }
    out
}

/// A character outside code: the characters HTML and mentions need, escaped.
fn push_html(out: &mut String, c: char) {
    match c {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '@' => out.push_str("@\u{200b}"),
        c => out.push(c),
    }
}

/// A character of a code span: as written, but for a pipe in a table cell, which GitHub reads
/// as the cell's end even there. A backslash right before it would escape the escape, so it is
/// doubled.
fn push_code(out: &mut String, c: char, place: Place) {
    if c == '|' && place == Place::Cell {
        let backslashes = out.chars().rev().take_while(|c| *c == '\\').count();
        if backslashes % 2 == 1 {
            out.push('\\');
        }
        out.push_str("\\|");
    } else {
        out.push(c);
    }
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

/// An inline code span holding `s`, with a fence longer than any run of backticks inside (counted
/// after [`clean`], as the renderer counts them).
pub fn code(s: &str) -> String {
    let s: String = clean(s).into_iter().collect();
    let fence = "`".repeat(longest_backtick_run(&s) + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced code block holding `s` as written, with a fence longer than any backtick run in it
/// (counted after control characters are dropped, as the renderer counts them).
pub fn fenced(s: &str) -> String {
    let body: String = s
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !is_unsafe_char(*c))
        .collect();
    let fence = "`".repeat((longest_backtick_run(&body) + 1).max(3));
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
            ("lone ` tick <x>", "lone \\` tick &lt;x&gt;"),
            ("R&D &#64;team", "R&amp;D &amp;#64;team"),
        ] {
            assert_eq!(text(input), shown, "{input:?}");
        }
    }

    #[test]
    fn escaped_backticks_and_control_characters_do_not_open_code() {
        for (input, shown) in [
            // An escaped backtick is no code span: what follows is text.
            (
                "\\`<img src=x onerror=alert(1)>\\`",
                "\\`&lt;img src=x onerror=alert(1)&gt;\\`",
            ),
            // The renderer never sees the control character: one run of two, unmatched.
            ("`\u{1}`<details>`", "\\`\\`&lt;details&gt;\\`"),
            ("`\u{85}`<b>`\u{202e}`", "``<b>``"),
            // A backslash that escapes nothing cannot escape the next text's backtick.
            ("trailing \\", "trailing \\\\"),
            ("\\@org/team \\<x\\>", "@\u{200b}org/team &lt;x&gt;"),
            ("[x](`<)<b>`", "[x\\](`<)<b>`"),
        ] {
            assert_eq!(text(input), shown, "{input:?}");
        }
        // Each piece is closed: two escaped texts side by side open no code span.
        let line = format!("{} {}", text("a `"), text("`<img>`"));
        assert_eq!(line, "a \\` `<img>`");
    }

    #[test]
    fn cells_keep_their_pipes_escaped() {
        assert_eq!(markdown_cell("a\\|b"), "a\\|b");
        assert_eq!(markdown_cell("`a\\|b`"), "`a\\\\\\|b`");
    }

    #[test]
    fn html_text_keeps_nothing_as_code() {
        assert_eq!(
            html("`<img src=x>` @team & co"),
            "`&lt;img src=x&gt;` @\u{200b}team &amp; co"
        );
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
        assert_eq!(fenced("``\u{1}``"), "`````\n````\n`````");
        assert_eq!(fenced("plain"), "```\nplain\n```");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("cargo test"), "`cargo test`");
        assert_eq!(code("echo `date`"), "`` echo `date` ``");
        assert_eq!(code("a ``b``"), "``` a ``b`` ```");
    }
}
