//! The summary as Markdown: rendered by the `pr.md.j2` template (built in, or the repository's
//! own), with user text escaped, and kept within GitHub's pull-request body limit.

use super::Summary;
use crate::error::Result;
use crate::text::template::{self, Template};

/// GitHub refuses pull-request bodies longer than this many characters.
pub const BODY_LIMIT: usize = 65_536;
/// Room kept for the note that says what was left out.
const NOTE_ROOM: usize = 1_500;

/// Inline text made safe for Markdown: one line, no raw HTML, no `@mentions` that would ping.
/// Code spans (`` `Vec<u8>` ``) are kept as written: Markdown shows their content literally, so
/// escaping inside them would show the escapes.
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let space = |out: &mut String| {
        if !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            // The closing run of exactly the same length, if any.
            let mut j = i + run;
            let mut close = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let r = chars[j..].iter().take_while(|c| **c == '`').count();
                    if r == run {
                        close = Some(j);
                        break;
                    }
                    j += r;
                } else {
                    j += 1;
                }
            }
            if let Some(end) = close {
                for &c in &chars[i..end + run] {
                    match c {
                        '\n' | '\r' | '\t' => space(&mut out),
                        c if crate::text::term::is_unsafe_char(c) => {}
                        c => out.push(c),
                    }
                }
                i = end + run;
                continue;
            }
            out.extend(std::iter::repeat_n('`', run));
            i += run;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@\u{200b}"),
            '\n' | '\r' | '\t' => space(&mut out),
            c if crate::text::term::is_unsafe_char(c) => {}
            c => out.push(c),
        }
        i += 1;
    }
    out.trim().to_string()
}

/// [`text`] that is also safe inside a table cell.
pub fn cell(s: &str) -> String {
    text(s).replace('|', "\\|")
}

/// An inline code span holding `s`, with a fence longer than any run of backticks inside.
pub fn code(s: &str) -> String {
    let s = text(s)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("@\u{200b}", "@");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced code block holding `s` as written, with a fence longer than any backtick run in it.
pub fn fenced(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let body: String = s
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !crate::text::term::is_unsafe_char(*c))
        .collect();
    format!("{fence}\n{}\n{fence}", body.trim_end())
}

fn render_once(template: &Template, context: &serde_json::Value) -> Result<String> {
    let value = minijinja::Value::from_serialize(context);
    let out = template::render_with(template, value, |env| {
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.add_filter("text", |s: Option<String>| text(&s.unwrap_or_default()));
        env.add_filter("cell", |s: Option<String>| cell(&s.unwrap_or_default()));
        env.add_filter("code", |s: Option<String>| code(&s.unwrap_or_default()));
        env.add_filter("fenced", |s: Option<String>| fenced(&s.unwrap_or_default()));
    })?;
    Ok(tidy(&out))
}

/// At most one blank line in a row, and a single trailing newline.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Renders the summary. Past [`BODY_LIMIT`] characters, long parts fold into `<details>`, then
/// decisions from the last one backwards lose their details, and as a last resort the tail is
/// cut; a note at the end says what was left out.
pub fn render(summary: &Summary, template: &Template, limit: usize) -> Result<String> {
    let mut context = serde_json::to_value(summary).unwrap_or_default();
    context["empty"] = summary.is_empty().into();
    context["fold"] = false.into();
    let n = summary.decisions.len();
    let set_brief = |context: &mut serde_json::Value, k: usize| {
        if let Some(list) = context["decisions"].as_array_mut() {
            for (i, d) in list.iter_mut().enumerate() {
                d["brief"] = (i >= n - k).into();
            }
        }
    };
    set_brief(&mut context, 0);
    let full = render_once(template, &context)?;
    if full.chars().count() <= limit {
        return Ok(full);
    }
    context["fold"] = true.into();
    let budget = limit.saturating_sub(NOTE_ROOM).max(NOTE_ROOM);
    let folded = render_once(template, &context)?;
    if folded.chars().count() <= budget {
        return Ok(folded);
    }
    // The fewest decisions shown briefly that make it fit (more brief → shorter).
    let (mut lo, mut hi) = (1, n);
    let mut best: Option<(usize, String)> = None;
    while lo <= hi && n > 0 {
        let mid = (lo + hi) / 2;
        set_brief(&mut context, mid);
        let out = render_once(template, &context)?;
        if out.chars().count() <= budget {
            best = Some((mid, out));
            if mid == 0 {
                break;
            }
            hi = mid - 1;
        } else {
            lo = mid + 1;
        }
    }
    let mut notes = Vec::new();
    let body = match best {
        Some((k, out)) => {
            let ids: Vec<&str> = summary.decisions[n - k..]
                .iter()
                .map(|d| d.id.as_str())
                .collect();
            notes.push(format!(
                "details of {} decision{} ({})",
                k,
                if k == 1 { "" } else { "s" },
                abbreviate(&ids)
            ));
            out
        }
        None => {
            set_brief(&mut context, n);
            if n > 0 {
                notes.push(format!("details of all {n} decisions"));
            }
            let out = render_once(template, &context)?;
            if out.chars().count() <= budget {
                out
            } else {
                // Still too long: leave out whole decisions from the end (the sections after
                // them — governed code, log, checklists, warnings — are kept), as few as will do.
                let all = context["decisions"].as_array().cloned().unwrap_or_default();
                let (mut lo, mut hi, mut best) = (0usize, n, None);
                while lo <= hi {
                    let keep = (lo + hi) / 2;
                    context["decisions"] = serde_json::Value::Array(all[..keep].to_vec());
                    let out = render_once(template, &context)?;
                    if out.chars().count() <= budget {
                        best = Some((keep, out));
                        lo = keep + 1;
                    } else if keep == 0 {
                        break;
                    } else {
                        hi = keep - 1;
                    }
                }
                match best {
                    Some((keep, out)) => {
                        let ids: Vec<&str> = summary.decisions[keep..]
                            .iter()
                            .map(|d| d.id.as_str())
                            .collect();
                        notes.push(format!(
                            "{} decision{} not shown at all ({})",
                            ids.len(),
                            if ids.len() == 1 { "" } else { "s" },
                            abbreviate(&ids)
                        ));
                        out
                    }
                    None => {
                        context["decisions"] = serde_json::Value::Array(vec![]);
                        let out = render_once(template, &context)?;
                        let cut = cut_at_line(&out, budget);
                        notes.push(format!(
                            "all {n} decisions, and the last {} characters of the rest",
                            out.chars().count() - cut.chars().count()
                        ));
                        cut
                    }
                }
            }
        }
    };
    Ok(format!(
        "{body}\n---\n_Left out to stay within the {limit}-character limit (GitHub's is {BODY_LIMIT}): {}. `git adr pr --max-chars 0` prints everything._\n",
        notes.join("; ")
    ))
}

fn abbreviate(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] if ids.len() > 6 => format!("{first} … {last}"),
        _ => ids.join(", "),
    }
}

/// The longest prefix of whole lines with at most `limit` characters.
fn cut_at_line(s: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for line in s.split_inclusive('\n') {
        let len = line.chars().count();
        if count + len > limit {
            break;
        }
        out.push_str(line);
        count += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_tables_or_ping() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(
            text("<script>alert(1)</script> @org/team"),
            "&lt;script&gt;alert(1)&lt;/script&gt; @\u{200b}org/team"
        );
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(
            text("use `Vec<u8>` for @team"),
            "use `Vec<u8>` for @\u{200b}team"
        );
        assert_eq!(text("a `` b`c `` <d>"), "a `` b`c `` &lt;d&gt;");
        assert_eq!(text("lone ` tick <x>"), "lone ` tick &lt;x&gt;");
        assert_eq!(cell("`a|b`"), "`a\\|b`");
    }

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(tidy("\n\na\n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
