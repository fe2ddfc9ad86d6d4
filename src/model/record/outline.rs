//! A body's outline: its headings (with their lines and byte ranges), the title, and the
//! sections the headings open, found by name. `check` (required sections), `pr` (the
//! sections a summary reports missing), `diff`, adoption of existing folders and the
//! existing-folder formats all find a section here, so they agree on which sections a record
//! has. How Markdown is read (which lines are headings) is decided in [`super::blocks`].
//!
//! **A section** runs from its heading to the next heading of the same or a higher level, or
//! to a deeper heading that names another known section (MADR 3/4's `### Consequences` under
//! Decision Outcome is a section of its own). Any other deeper heading stays inside it.
//!
//! **Names** are matched case-insensitively, ignoring a trailing `:` or `.`, a leading number
//! (`2. Context`), emphasis and links (`## *Context*`) and `<!-- comments -->`; `&` and `/`
//! read as "and". A known section also answers to its other names:
//!
//! | Section | Headings read as it |
//! | --- | --- |
//! | Context and Problem Statement | Context, Problem Statement, Context and Problem |
//! | Decision Drivers | Drivers |
//! | Considered Options | Options, (Considered) Alternatives, Options / Alternatives Considered |
//! | Decision Outcome | Decision |
//! | Consequences | Positive / Negative / Neutral Consequences (MADR 2) |
//! | Confirmation | Validation (MADR 3) |
//! | Rollout and Rollback | any heading naming both; Rollout…, Rollback… on their own |
//! | Pros and Cons of the Options | … of the Alternatives (MADR 2), Pros and Cons (of Options) |
//! | More Information | More Info, Links (MADR 2) |
//! | Status | |
//!
//! **Filled.** A section is written when one of its paragraphs, list items, code blocks or
//! HTML blocks holds something other than template placeholder text.

use std::ops::Range;

use super::blocks::{self, collapse, Block, Fill, PointKind, Span};

/// A section heading of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for the title (`#`), 2 for `##` (or a `---` underline), and so on.
    pub level: usize,
    /// The heading's text as Markdown source on one line (`Use `Redis``), comments left out.
    pub text: String,
    /// The text with links and emphasis reduced to their words: what names are matched on.
    pub plain: String,
    /// 1-based line where the heading starts, in the text it was read from.
    pub line: usize,
    /// Byte range of the heading (a setext heading's underline included).
    pub range: Range<usize>,
    /// Byte range of the section it opens, after the heading (see the module docs).
    pub section: Range<usize>,
    /// The same section as 0-based indices into the text's `lines()`.
    pub lines: Range<usize>,
    /// The section's blocks, as indices into the outline's blocks.
    blocks: Range<usize>,
    /// [`heading_key`] of `plain`, computed once: every section lookup compares it.
    key: String,
}

/// A section found by name, and whether it is written.
#[derive(Debug, Clone, Copy)]
pub struct Section<'o> {
    pub heading: &'o Heading,
    pub fill: Fill,
}

/// The blocks and headings of a body, read once.
pub struct Outline {
    pub(super) blocks: Vec<Block>,
    /// Where each of `blocks` is.
    spans: Vec<Span>,
    headings: Vec<Heading>,
    /// Byte ranges of code blocks, HTML blocks and headings, in order.
    not_prose: Vec<Range<usize>>,
}

impl Outline {
    /// Reads a body (the Markdown after the front matter, or a whole file without one).
    pub fn read(body: &str) -> Outline {
        let read = blocks::read(body);
        let headings = outline_headings(body, &read.blocks);
        Outline {
            blocks: read.blocks,
            spans: read.spans,
            headings,
            not_prose: read.not_prose,
        }
    }

    /// The headings with text, in order.
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The first level-1 heading: the record's title.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// The section a heading (level 2 or deeper) of this name opens: the first written one
    /// when several match, else the first.
    pub fn section(&self, name: &str) -> Option<Section<'_>> {
        let mut found: Option<Section<'_>> = None;
        let wanted = heading_key(name);
        let family = known(&wanted).map(Known::family);
        let matching = self
            .headings
            .iter()
            .filter(|h| h.level >= 2 && keys_match(&wanted, family, &h.key));
        for heading in matching {
            let fill = self.blocks[heading.blocks.clone()]
                .iter()
                .map(Block::fill)
                .max()
                .unwrap_or(Fill::Empty);
            if found.is_none_or(|f| fill > f.fill) {
                found = Some(Section { heading, fill });
            }
        }
        found
    }

    /// The blocks of the section a heading opens, each with where it is.
    pub(super) fn section_blocks(
        &self,
        heading: &Heading,
    ) -> impl Iterator<Item = (&Block, &Span)> {
        let range = heading.blocks.clone();
        self.blocks[range.clone()].iter().zip(&self.spans[range])
    }

    /// The lines of `body` (0-based index, text without its ending) that are prose: not inside
    /// a code block or an HTML block, and not a heading. `body` is the text this was read from.
    pub fn prose_lines<'b>(&self, body: &'b str) -> Vec<(usize, &'b str)> {
        let mut out = Vec::new();
        let mut skips = self.not_prose.iter().peekable();
        let mut start = 0;
        for (i, line) in body.split_inclusive('\n').enumerate() {
            let end = start + line.len();
            while skips.peek().is_some_and(|r| r.end <= start) {
                skips.next();
            }
            if skips.peek().is_none_or(|r| r.start >= end) {
                out.push((i, line.trim_end_matches(['\n', '\r'])));
            }
            start = end;
        }
        out
    }
}

/// The headings of the blocks, each with the section it opens.
fn outline_headings(body: &str, blocks: &[Block]) -> Vec<Heading> {
    let newlines: Vec<usize> = body.match_indices('\n').map(|(i, _)| i).collect();
    let line_of = |offset: usize| 1 + newlines.partition_point(|&n| n < offset);
    let line_count = body.lines().count();
    // (block index, level, family, range) of every heading, empty ones too: they end sections.
    let all: Vec<(usize, usize, String, &Range<usize>)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Heading { level, text, range } => {
                Some((i, *level, heading_key(&text.plain), range))
            }
            _ => None,
        })
        .collect();
    let names: Vec<Option<Known>> = all.iter().map(|(_, _, key, _)| known(key)).collect();
    let mut out = Vec::new();
    for (k, (at, level, key, range)) in all.iter().enumerate() {
        let (at, level, name, range) = (*at, *level, names[k], *range);
        let Block::Heading { text, .. } = &blocks[at] else {
            continue;
        };
        if text.src.is_empty() {
            continue;
        }
        let family = name.map(Known::family);
        let next = (k + 1..all.len())
            .find(|&j| all[j].1 <= level || names[j].is_some_and(|o| Some(o.family()) != family))
            .map(|j| &all[j]);
        let last_byte = range.end.max(range.start + 1) - 1;
        out.push(Heading {
            level,
            text: text.src.clone(),
            plain: text.plain.clone(),
            line: line_of(range.start),
            range: range.clone(),
            section: range.end..next.map_or(body.len(), |n| n.3.start),
            lines: line_of(last_byte).min(line_count)
                ..next.map_or(line_count, |n| line_of(n.3.start) - 1),
            blocks: at + 1..next.map_or(blocks.len(), |n| n.0),
            key: key.clone(),
        });
    }
    out
}

/// The headings of a Markdown text, with text, in order (see [`Outline`]).
pub fn headings(body: &str) -> Vec<Heading> {
    Outline::read(body).headings
}

/// The title (the first level-1 heading) with its 1-based line in `body`.
///
/// Read from the shortest prefix of whole lines that holds it, not from the whole body: a
/// title is near the top, and reading a record's headings only to find it was a third of a
/// cold `list`. A prefix gives the same answer as the whole body because CommonMark decides
/// what a line is from the lines before it; the one exception, a setext underline making the
/// paragraph above it a heading, cannot reach back past a heading already found (a heading
/// ends the paragraph before it), and a prefix ends at a line end, so a found heading is
/// whole. The prefix doubles until a title turns up or it is the body; a body without a title
/// is read about twice.
pub fn find_title(body: &str) -> Option<(String, usize)> {
    let mut want = FIRST_TITLE_PREFIX;
    loop {
        let prefix = whole_lines(body, want);
        if let Some(h) = Outline::read(prefix).title() {
            return Some((h.text.clone(), h.line));
        }
        if prefix.len() == body.len() {
            return None;
        }
        want = prefix.len().saturating_mul(2);
    }
}

/// How much of a body [`find_title`] reads first: most records' titles are in it.
const FIRST_TITLE_PREFIX: usize = 1024;

/// The longest prefix of `text` of whole lines (each with its `\n`) of at least `at_least`
/// bytes, or all of `text`.
fn whole_lines(text: &str, at_least: usize) -> &str {
    if at_least >= text.len() {
        return text;
    }
    match text.as_bytes()[at_least..].iter().position(|&b| b == b'\n') {
        Some(i) => &text[..at_least + i + 1],
        None => text,
    }
}

/// The text of a written `## name` section on one line (its lines trimmed and joined), `None`
/// when absent, empty or still the template's placeholder.
pub fn section_text(body: &str, name: &str) -> Option<String> {
    let outline = Outline::read(body);
    let section = outline.section(name).filter(|s| s.fill == Fill::Written)?;
    let lines = &section.heading.lines;
    let content: Vec<&str> = body
        .lines()
        .skip(lines.start)
        .take(lines.len())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    Some(content.join(" "))
}

/// Does a heading key name the section whose key is `required`? Equal keys do, and a known
/// section answers to each of its other names (see the module docs); `family` is `required`'s.
fn keys_match(required: &str, family: Option<Known>, heading: &str) -> bool {
    required == heading || family.is_some_and(|f| known(heading).map(Known::family) == Some(f))
}

// ---------------------------------------------------------------------------------------------
// Section names.

/// The sections git-adr knows by name, with what the name alone says about their content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Known {
    Context,
    Drivers,
    Options,
    Decision,
    /// With the direction MADR 2's Positive / Negative / Neutral Consequences give.
    Consequences(Option<PointKind>),
    Confirmation,
    RolloutAndRollback,
    Rollout,
    Rollback,
    ProsAndCons,
    MoreInformation,
    Status,
}

impl Known {
    /// The section a name belongs to: Positive Consequences to Consequences, Rollout… to
    /// Rollout and Rollback.
    fn family(self) -> Known {
        match self {
            Known::Consequences(_) => Known::Consequences(None),
            Known::Rollout | Known::Rollback => Known::RolloutAndRollback,
            other => other,
        }
    }
}

/// The known section a heading key (see [`heading_key`]) names.
pub(super) fn known(key: &str) -> Option<Known> {
    Some(match key {
        "context and problem statement"
        | "context"
        | "problem statement"
        | "context and problem" => Known::Context,
        "decision drivers" | "drivers" => Known::Drivers,
        "considered options"
        | "options"
        | "considered alternatives"
        | "alternatives"
        | "options considered"
        | "alternatives considered" => Known::Options,
        "decision outcome" | "decision" => Known::Decision,
        "consequences" => Known::Consequences(None),
        "positive consequences" => Known::Consequences(Some(PointKind::Good)),
        "negative consequences" => Known::Consequences(Some(PointKind::Bad)),
        "neutral consequences" => Known::Consequences(Some(PointKind::Neutral)),
        "confirmation" | "validation" => Known::Confirmation,
        "pros and cons of the options"
        | "pros and cons of the alternatives"
        | "pros and cons"
        | "pros and cons of options"
        | "pros and cons of alternatives" => Known::ProsAndCons,
        "more information" | "more info" | "links" => Known::MoreInformation,
        "status" => Known::Status,
        _ => {
            let out = mentions_any(key, &ROLLOUT_WORDS[..3]);
            let back = mentions_any(key, &ROLLBACK_WORDS[..4]);
            if out && back {
                Known::RolloutAndRollback
            } else if starts_with_any(key, &ROLLOUT_WORDS) {
                Known::Rollout
            } else if starts_with_any(key, &ROLLBACK_WORDS[..4]) {
                Known::Rollback
            } else {
                return None;
            }
        }
    })
}

/// A heading's text for matching section names: lower case, a leading number (`2. Context`,
/// `3) Decision`) and a trailing `:` or `.` removed, `&` and `/` read as "and".
pub(super) fn heading_key(plain: &str) -> String {
    let t = plain.trim();
    let t = match t.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) if i > 0 && t.as_bytes()[0].is_ascii_digit() => {
            let rest = &t[i..];
            if rest.starts_with(' ') || rest.starts_with(") ") {
                rest.trim_start_matches(')')
            } else {
                t
            }
        }
        _ => t,
    };
    let t = t.to_lowercase().replace(['&', '/'], " and ");
    collapse(&t)
        .trim_end_matches([':', '.'])
        .trim_end()
        .to_string()
}

pub(super) const ROLLOUT_WORDS: [&str; 4] = ["rollout", "roll out", "roll-out", "rolling out"];
pub(super) const ROLLBACK_WORDS: [&str; 6] = [
    "rollback",
    "roll back",
    "roll-back",
    "rolling back",
    "trigger",
    "revert",
];

pub(super) fn starts_with_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| lower.starts_with(w))
}

pub(super) fn mentions_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Does a heading's plain text name the section `required`, as [`Outline::section`] judges?
    fn section_matches(required: &str, heading: &str) -> bool {
        let required = heading_key(required);
        keys_match(
            &required,
            known(&required).map(Known::family),
            &heading_key(heading),
        )
    }

    fn texts(body: &str) -> Vec<(usize, String, usize)> {
        headings(body)
            .into_iter()
            .map(|h| (h.level, h.text, h.line))
            .collect()
    }

    #[test]
    fn atx_and_setext_headings_with_their_lines() {
        let body = "# Title #\n\nSetext two\n----------\n\nSetext one\n===\n\n### Closed ###\n";
        assert_eq!(
            texts(body),
            vec![
                (1, "Title".into(), 1),
                (2, "Setext two".into(), 3),
                (1, "Setext one".into(), 6),
                (3, "Closed".into(), 9),
            ]
        );
        let h = &headings(body)[1];
        assert_eq!(&body[h.range.clone()], "Setext two\n----------\n");
        // The section after the setext underline, up to the `===` heading of a higher level.
        assert_eq!(h.lines, 4..5);
        assert_eq!(&body[h.section.clone()], "\n");
    }

    #[test]
    fn code_blocks_hold_no_headings() {
        let body = "~~~\n# not\n~~~\n\
                    ````md\n```\n## not either\n```\n````\n\
                    \n    ## indented code\n\n\
                    ```not`a fence\n## Real\n";
        assert_eq!(texts(body), vec![(2, "Real".into(), 13)]);
        assert_eq!(
            find_title("```\n# not\n```\n# Yes\n"),
            Some(("Yes".into(), 4))
        );
        assert_eq!(find_title("## sub\n"), None);
    }

    #[test]
    fn comments_quotes_and_lists_hold_no_headings() {
        let body = "<!--\n## Hidden\n-->\n\n> ## Quoted\n\n- ## In an item\n\n\
                    ## Links <!-- optional -->\n\n## *Pros* and `Cons`\n";
        assert_eq!(
            texts(body),
            vec![(2, "Links".into(), 9), (2, "*Pros* and `Cons`".into(), 11)]
        );
        assert_eq!(headings(body)[1].plain, "Pros and `Cons`");
    }

    #[test]
    fn a_lone_cr_is_not_a_line_ending() {
        assert_eq!(
            find_title("# 100% sure\rreally\n"),
            Some(("100% sure\rreally".into(), 1))
        );
        assert_eq!(find_title("\r\n# CRLF\r\n"), Some(("CRLF".into(), 2)));
    }

    #[test]
    fn a_title_past_the_first_prefix_or_none_at_all() {
        let filler = "Some prose that is not a heading.\n\n".repeat(200);
        let body = format!("{filler}Title\n=====\n\n# Later\n");
        assert_eq!(find_title(&body), Some(("Title".into(), 401)));
        // A fence opened in the first prefix hides a `#` line far below it.
        let body = format!("```\n{filler}# not\n```\n# Yes\n");
        assert_eq!(find_title(&body), Some(("Yes".into(), 404)));
        assert_eq!(find_title(&filler), None);
    }

    mod first_heading {
        use super::super::*;
        use proptest::prelude::*;

        /// Lines that change what the lines after them are (fences, HTML, quotes, lists,
        /// setext underlines, reference definitions) and filler to push them past a prefix.
        fn line() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("# Title".to_string()),
                Just("#".to_string()),
                Just("# [ref]".to_string()),
                Just("[ref]: /url".to_string()),
                Just("Title".to_string()),
                Just("===".to_string()),
                Just("---".to_string()),
                Just("## Section".to_string()),
                Just("```".to_string()),
                Just("~~~~".to_string()),
                Just("    # indented".to_string()),
                Just("<!--".to_string()),
                Just("-->".to_string()),
                Just("<div>".to_string()),
                Just("> # Quoted".to_string()),
                Just("- # item".to_string()),
                Just("1. item".to_string()),
                Just(String::new()),
                Just("x\r".to_string()),
                "[ -~é]{0,30}",
                "[a-z ]{300,700}",
            ]
        }

        proptest! {
            /// The title read from a prefix is the title of the whole body's outline.
            #[test]
            fn find_title_is_the_outlines_title(
                lines in proptest::collection::vec(line(), 0..40),
                crlf in any::<bool>(),
            ) {
                let body = lines.join(if crlf { "\r\n" } else { "\n" });
                let full = Outline::read(&body).title().map(|h| (h.text.clone(), h.line));
                prop_assert_eq!(find_title(&body), full);
            }
        }
    }

    #[test]
    fn names_and_aliases() {
        assert!(section_matches("Context and Problem Statement", "Context"));
        assert!(section_matches("Context", "2. Context & Problem Statement"));
        assert!(section_matches("Confirmation", "Validation:"));
        assert!(section_matches("Decision", "Decision Outcome"));
        assert!(section_matches("Consequences", "Positive Consequences"));
        assert!(section_matches("Rollout and Rollback", "Rollback plan"));
        assert!(section_matches("Failure Modes", "failure modes"));
        assert!(!section_matches("Considered Options", "Consequences"));
        assert!(!section_matches("Constraint", "Constraints"));
    }

    #[test]
    fn sections_end_at_a_higher_heading_or_another_known_section() {
        let body = "# T\n\n## Decision Outcome\n\n{placeholder}\n\n### Consequences\n\n\
                    * Good, because it works\n\n## Considered Options\n\n### A\n\nFast.\n";
        let o = Outline::read(body);
        let decision = o.section("Decision Outcome").unwrap();
        assert_eq!(decision.fill, Fill::Placeholder);
        assert_eq!(decision.heading.lines, 3..6);
        assert_eq!(o.section("Consequences").unwrap().fill, Fill::Written);
        // An option heading stays inside Considered Options.
        let options = o.section("Options").unwrap();
        assert_eq!(options.fill, Fill::Written);
        assert_eq!(&body[options.heading.section.clone()], "\n### A\n\nFast.\n");
        assert!(o.section("Confirmation").is_none());
    }

    #[test]
    fn fill_of_a_section() {
        let fill = |body: &str| Outline::read(body).section("Why").map(|s| s.fill);
        for (body, want) in [
            ("## Why\n", Fill::Empty),
            ("## Why\n\n<!-- say why -->\n", Fill::Empty),
            ("## Why\n\n### Sub\n", Fill::Empty),
            ("## Why\n\n{Describe the context}\n", Fill::Placeholder),
            (
                "## Why\n\n* {decision driver 1, e.g., a force}\n",
                Fill::Placeholder,
            ),
            ("## Why\n\n* [option 1]\n", Fill::Placeholder),
            ("## Why\n\nWe chose PostgreSQL.\n", Fill::Written),
            ("## Why\n\nUse `{x}` here.\n", Fill::Written),
            ("## Why\n\n20.\n", Fill::Written),
            ("## Why\n\n<img src=x>\n", Fill::Written),
            ("## Why\n\n```\nmake\n```\n", Fill::Written),
            // adr-tools' sentences are that template's prose, not placeholders.
            (
                "## Why\n\nThe change that we're proposing or have agreed to implement.\n",
                Fill::Written,
            ),
            // The first written one of several.
            ("## Why\n\n{x}\n\n## Why\n\nBecause.\n", Fill::Written),
        ] {
            assert_eq!(fill(body), Some(want), "{body:?}");
        }
    }

    #[test]
    fn section_text_joins_the_lines_of_a_written_section() {
        let body = "\n# T\n\n## Choice\n\nFive minutes.\nNo more.\n\n## Why\n\n{Why this}\n";
        assert_eq!(
            section_text(body, "Choice").as_deref(),
            Some("Five minutes. No more.")
        );
        assert_eq!(section_text(body, "Why"), None);
        assert_eq!(section_text(body, "Constraint"), None);
    }

    #[test]
    fn prose_lines_leave_out_code_html_and_headings() {
        let body = "# T\n\nText\n\n```\ncode\n```\n<div>\nhtml\n</div>\n\n> quoted\n";
        let o = Outline::read(body);
        let prose: Vec<usize> = o.prose_lines(body).into_iter().map(|(i, _)| i).collect();
        assert_eq!(prose, vec![1, 2, 3, 10, 11]);
    }
}
