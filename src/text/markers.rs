//! The summary's place in a pull-request description: between `<!-- git-adr:begin -->` and
//! `<!-- git-adr:end -->`, so that CI can rewrite it on every push and leave what people wrote
//! around it alone. GitHub hides HTML comments, so the markers are invisible in the rendered page.

use std::borrow::Cow;

/// Where the summary starts.
pub const BEGIN: &str = "<!-- git-adr:begin -->";
/// Where the summary ends.
pub const END: &str = "<!-- git-adr:end -->";

/// Markers a person (or an earlier edit) broke, with 1-based line numbers of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    BeginWithoutEnd { begin: usize },
    EndWithoutBegin { end: usize },
    EndBeforeBegin { end: usize, begin: usize },
    RepeatedBegin { first: usize, second: usize },
    RepeatedEnd { first: usize, second: usize },
}

impl Damage {
    /// What is wrong, with lines (the caller adds the file name).
    pub fn message(&self) -> String {
        match *self {
            Damage::BeginWithoutEnd { begin } => {
                format!("line {begin}: `{BEGIN}` has no `{END}` after it")
            }
            Damage::EndWithoutBegin { end } => {
                format!("line {end}: `{END}` has no `{BEGIN}` before it")
            }
            Damage::EndBeforeBegin { end, begin } => {
                format!("line {end}: `{END}` comes before `{BEGIN}` (line {begin})")
            }
            Damage::RepeatedBegin { first, second } => format!(
                "line {second}: a second `{BEGIN}` (the first is on line {first}); markers cannot nest or repeat"
            ),
            Damage::RepeatedEnd { first, second } => format!(
                "line {second}: a second `{END}` (the first is on line {first}); markers cannot repeat"
            ),
        }
    }

    /// How to repair the body.
    pub fn hint(&self) -> String {
        format!(
            "keep exactly one `{BEGIN}` … `{END}` pair in the description, or delete the markers and what lies between them to have the summary appended again"
        )
    }
}

/// `summary` with any marker text in it made inert, so that record content (a title reading
/// `<!-- git-adr:end -->` inside a code span, which Markdown shows as written) cannot end the
/// block early on the next update. A zero-width space after `git-adr` renders the same.
pub fn defuse(summary: &str) -> Cow<'_, str> {
    if !summary.contains(BEGIN) && !summary.contains(END) {
        return Cow::Borrowed(summary);
    }
    let inert = |m: &str| m.replacen("git-adr", "git-adr\u{200B}", 1);
    Cow::Owned(
        summary
            .replace(BEGIN, &inert(BEGIN))
            .replace(END, &inert(END)),
    )
}

/// `body` with `summary` between the markers: replaced when the markers are there, appended
/// after one blank line when they are not. Every byte outside the markers is kept; the summary
/// takes the body's line endings (those of its first line break: CRLF when GitHub's web editor
/// saved it), so that running this again on its own output changes nothing.
pub fn place(body: &str, summary: &str) -> Result<String, Damage> {
    // A body that ends in a lone `\r` becomes CRLF once a `\n` follows it: decide as if it had.
    let first_break = body.find('\n').unwrap_or(body.len());
    let eol = if body[..first_break].ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    let mut block = String::with_capacity(summary.len() + 64);
    block.push_str(BEGIN);
    block.push_str(eol);
    for line in defuse(summary).lines() {
        block.push_str(line);
        block.push_str(eol);
    }
    block.push_str(END);
    match find(body)? {
        Some((start, end)) => Ok(format!("{}{block}{}", &body[..start], &body[end..])),
        None => {
            let mut out = String::with_capacity(body.len() + block.len() + 6);
            out.push_str(body);
            if !body.is_empty() {
                for _ in trailing_breaks(body)..2 {
                    out.push_str(eol);
                }
            }
            out.push_str(&block);
            out.push_str(eol);
            Ok(out)
        }
    }
}

/// The byte range from the start of the begin marker to the end of the end marker, if both are
/// there once and in order.
fn find(body: &str) -> Result<Option<(usize, usize)>, Damage> {
    let line = |at: usize| body[..at].matches('\n').count() + 1;
    let begins: Vec<usize> = body.match_indices(BEGIN).map(|(i, _)| i).collect();
    let ends: Vec<usize> = body.match_indices(END).map(|(i, _)| i).collect();
    match (begins.as_slice(), ends.as_slice()) {
        ([], []) => Ok(None),
        ([first, second, ..], _) => Err(Damage::RepeatedBegin {
            first: line(*first),
            second: line(*second),
        }),
        (_, [first, second, ..]) => Err(Damage::RepeatedEnd {
            first: line(*first),
            second: line(*second),
        }),
        ([begin], []) => Err(Damage::BeginWithoutEnd {
            begin: line(*begin),
        }),
        ([], [end]) => Err(Damage::EndWithoutBegin { end: line(*end) }),
        ([begin], [end]) if end < begin => Err(Damage::EndBeforeBegin {
            end: line(*end),
            begin: line(*begin),
        }),
        ([begin], [end]) => Ok(Some((*begin, *end + END.len()))),
    }
}

/// How many line breaks (`\n` or `\r\n`) end `s`.
fn trailing_breaks(s: &str) -> usize {
    let mut rest = s;
    let mut n = 0;
    while let Some(r) = rest.strip_suffix('\n') {
        rest = r.strip_suffix('\r').unwrap_or(r);
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMMARY: &str = "## Decisions\n\n- ADR-0001\n";

    #[test]
    fn appends_after_one_blank_line_when_absent() {
        let want = format!("Fixes #3\n\n{BEGIN}\n## Decisions\n\n- ADR-0001\n{END}\n");
        assert_eq!(place("Fixes #3", SUMMARY).unwrap(), want);
        assert_eq!(place("Fixes #3\n", SUMMARY).unwrap(), want);
        assert_eq!(place("Fixes #3\n\n", SUMMARY).unwrap(), want);
        assert_eq!(
            place("", SUMMARY).unwrap(),
            format!("{BEGIN}\n## Decisions\n\n- ADR-0001\n{END}\n")
        );
    }

    #[test]
    fn replaces_between_the_markers_and_keeps_every_other_byte() {
        let body = format!("Above  \n{BEGIN} old {END} tail\nBelow\n\n");
        let out = place(&body, SUMMARY).unwrap();
        assert_eq!(
            out,
            format!("Above  \n{BEGIN}\n## Decisions\n\n- ADR-0001\n{END} tail\nBelow\n\n")
        );
        assert_eq!(place(&out, SUMMARY).unwrap(), out);
    }

    #[test]
    fn a_crlf_body_gets_a_crlf_summary() {
        let out = place("Text\r\nmore\r\n", SUMMARY).unwrap();
        assert_eq!(
            out,
            format!("Text\r\nmore\r\n\r\n{BEGIN}\r\n## Decisions\r\n\r\n- ADR-0001\r\n{END}\r\n")
        );
        assert_eq!(place(&out, "changed\r\n").unwrap(), {
            format!("Text\r\nmore\r\n\r\n{BEGIN}\r\nchanged\r\n{END}\r\n")
        });
    }

    #[test]
    fn damaged_markers_are_refused_with_their_lines() {
        let cases = [
            (
                format!("a\n{BEGIN}\nb"),
                Damage::BeginWithoutEnd { begin: 2 },
            ),
            (format!("a\nb\n{END}"), Damage::EndWithoutBegin { end: 3 }),
            (
                format!("{END}\n{BEGIN}"),
                Damage::EndBeforeBegin { end: 1, begin: 2 },
            ),
            (
                format!("{BEGIN}\n{BEGIN}\n{END}\n{END}"),
                Damage::RepeatedBegin {
                    first: 1,
                    second: 2,
                },
            ),
            (
                format!("{BEGIN}\n{END}\n\n{BEGIN}\n{END}"),
                Damage::RepeatedBegin {
                    first: 1,
                    second: 4,
                },
            ),
            (
                format!("{BEGIN}\n{END}\n{END}"),
                Damage::RepeatedEnd {
                    first: 2,
                    second: 3,
                },
            ),
        ];
        for (body, want) in cases {
            assert_eq!(place(&body, SUMMARY), Err(want.clone()), "{body:?}");
            assert!(want.message().starts_with("line "), "{}", want.message());
        }
    }

    #[test]
    fn markers_in_the_summary_cannot_end_the_block() {
        let forged = format!("- `{END}` evil\n- `{BEGIN}`\n");
        let out = place("Human text", &forged).unwrap();
        assert_eq!(out.matches(BEGIN).count(), 1);
        assert_eq!(out.matches(END).count(), 1);
        assert_eq!(place(&out, &forged).unwrap(), out);
        assert_eq!(
            place(&out, SUMMARY).unwrap(),
            place("Human text", SUMMARY).unwrap()
        );
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        /// Bodies built from pieces that matter here: markers, both line endings, partial
        /// markers and free text.
        fn body() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just(BEGIN.to_string()),
                Just(END.to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\r".to_string()),
                Just("<!-- git-adr:".to_string()),
                Just("-->".to_string()),
                ".{0,12}",
            ];
            prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn placing_is_idempotent_and_keeps_the_rest(body in body(), summary in body()) {
                let Ok(out) = place(&body, &summary) else {
                    // Refused: the body has markers, and they are damaged.
                    prop_assert!(body.contains(BEGIN) || body.contains(END));
                    return Ok(());
                };
                prop_assert_eq!(place(&out, &summary), Ok(out.clone()));
                prop_assert_eq!(out.matches(BEGIN).count(), 1);
                prop_assert_eq!(out.matches(END).count(), 1);
                match body.find(BEGIN) {
                    None => prop_assert!(out.starts_with(&body)),
                    Some(b) => {
                        let e = body.find(END).unwrap() + END.len();
                        prop_assert!(out.starts_with(&body[..b]));
                        prop_assert!(out.ends_with(&body[e..]));
                    }
                }
            }
        }
    }
}
