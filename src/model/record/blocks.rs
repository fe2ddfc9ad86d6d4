//! The one reading of a record body's Markdown: pulldown-cmark (CommonMark, no extensions)
//! turns the body into blocks — headings, paragraphs, lists (items with their nested items),
//! code blocks and HTML blocks — with their inline text extracted. Everything that looks at a
//! body's structure (the outline of headings and sections, the sections of a decision, the
//! formats of existing folders) reads these blocks; nothing else tracks fences by hand.
//!
//! # Decided once, here
//!
//! - **Headings** are ATX (`## Name`, closing `#`s dropped) and setext (`Name` over `---` or
//!   `===`) headings at the top level of the body or inside a block quote. A heading inside a
//!   block quote is quoted text (a paragraph), and one inside a list item is part of the item:
//!   neither is a section heading. Lines inside fenced code (backticks or tildes, any fence
//!   length, closed only by a fence at least as long), inside indented code, or inside an HTML
//!   block or `<!-- comment -->` are never headings.
//! - **Block quotes** are transparent: their paragraphs and lists are read as if unquoted;
//!   each block's [`Span`] says whether it was quoted (template guidance, where one value is
//!   read, as a Nygard status).
//! - **Rules** (`---`, `***`) are blocks of their own: they end a paragraph-long value.
//! - **HTML**: a `<!-- comment -->` is nothing (in a heading, `## Links <!-- optional -->`
//!   reads as `Links`); another HTML block is content that is not read as text.
//!
//! **Text** is Markdown source, inline: the source of a paragraph or list item (list markers
//! and task boxes `[ ]` removed, emphasis, links and code kept), with line breaks and runs of
//! white space turned into single spaces, so that a table cell can hold it. A code block
//! becomes an inline code span. The plain rendering reduces links and emphasis to their text
//! and keeps inline code with its backticks.
//!
//! **Placeholders.** A paragraph or item that still holds template text: a `{…}` span with a
//! letter in it outside inline code (our template and MADR 3/4), one of adr-tools' template
//! sentences, or, as MADR 2 writes them, a text that is one `[…]` span (after a
//! `Good, because` prefix).

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A body read into blocks, with the byte ranges that are not prose (code, HTML, headings).
pub(super) struct Read {
    pub(super) blocks: Vec<Block>,
    /// Where each block is, one for each of `blocks`.
    pub(super) spans: Vec<Span>,
    pub(super) not_prose: Vec<Range<usize>>,
}

/// Where a block sits in the body: its byte range, and whether it is inside a block quote
/// (read as if unquoted, but template guidance when a single line is wanted, as a status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) range: Range<usize>,
    pub(super) quoted: bool,
}

/// `body` with each CR that does not start a CRLF read as a space. Everywhere else git-adr
/// splits lines at LF (`str::lines`), so a lone CR is not a line ending here either; texts are
/// cut from `body` itself, so a title keeps its CR.
fn without_lone_cr(body: &str) -> Cow<'_, str> {
    let bytes = body.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return Cow::Borrowed(body);
    }
    let replaced: String = body
        .char_indices()
        .map(|(i, c)| if c == '\r' && lone(i) { ' ' } else { c })
        .collect();
    Cow::Owned(replaced)
}

/// Reads a body (the Markdown after the front matter, or a whole file without one).
pub(super) fn read(body: &str) -> Read {
    let parsed = without_lone_cr(body);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(&parsed, Options::empty())
        .into_offset_iter()
        .collect();
    let not_prose = events
        .iter()
        .filter(|(e, _)| {
            matches!(
                e,
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Heading { .. })
            )
        })
        .map(|(_, r)| r.clone())
        .collect();
    let mut reader = Reader {
        body,
        events: events.into_iter(),
    };
    let (blocks, spans) = reader.blocks();
    Read {
        blocks,
        spans,
        not_prose,
    }
}

// ---------------------------------------------------------------------------------------------
// Blocks: the body as headings, paragraphs, lists and code, with inline text extracted.

/// Lists nested deeper than this are skipped (their events are consumed, not recursed into),
/// so a hostile body of nested lists cannot exhaust the stack.
const MAX_LIST_DEPTH: usize = 16;

/// An inline text in three renderings.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Inline {
    /// Markdown source on one line.
    pub(super) src: String,
    /// Links and emphasis reduced to their text, code spans kept as source.
    pub(super) plain: String,
    /// `plain` without code spans: what placeholder checks look at.
    pub(super) bare: String,
}

#[derive(Debug)]
pub(super) enum Block {
    /// A section heading, with its byte range in the body (a setext underline included).
    Heading {
        level: usize,
        text: Inline,
        range: Range<usize>,
    },
    Para(Inline),
    /// A code block as an inline code span.
    Code(String),
    List(Vec<Item>),
    /// An HTML block; `written` when it holds more than `<!-- comments -->`.
    Html {
        written: bool,
    },
    /// A thematic break (`---`, `***`): it ends a paragraph-long value such as a status.
    Rule,
}

#[derive(Debug, Default)]
pub(super) struct Item {
    pub(super) text: Inline,
    pub(super) children: Vec<Item>,
}

/// Builds an [`Inline`] from inline events: the source is copied as slices of the body
/// between line breaks, so container prefixes (indentation, `>`) are left out while escapes,
/// entities, emphasis and links stay as written.
struct Collector<'s> {
    body: &'s str,
    out: Inline,
    seg: Option<(usize, usize)>,
    depth: usize,
}

impl<'s> Collector<'s> {
    fn new(body: &'s str) -> Self {
        Collector {
            body,
            out: Inline::default(),
            seg: None,
            depth: 0,
        }
    }

    fn extend(&mut self, r: Range<usize>) {
        self.seg = Some(match self.seg {
            Some((s, e)) => (s.min(r.start), e.max(r.end)),
            None => (r.start, r.end),
        });
    }

    /// Ends the current run of source (at a line break, a comment, a block boundary).
    fn brk(&mut self) {
        if let Some((mut s, e)) = self.seg.take() {
            // An escaped character's text event starts after its backslash.
            if s > 0 && self.body.as_bytes().get(s - 1) == Some(&b'\\') {
                s -= 1;
            }
            if let Some(text) = self.body.get(s..e) {
                self.out.src.push_str(text);
            }
            self.out.src.push(' ');
        }
        self.out.plain.push(' ');
        self.out.bare.push(' ');
    }

    /// Appends text that has no inline source of its own (a code block rendered inline).
    fn raw(&mut self, text: &str) {
        self.brk();
        self.out.src.push_str(text);
        self.out.plain.push_str(text);
        self.brk();
    }

    fn feed(&mut self, event: &Event<'_>, r: Range<usize>) {
        let top = self.depth == 0;
        match event {
            Event::Start(_) => {
                if top {
                    self.extend(r);
                }
                self.depth += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Text(t) => {
                self.out.plain.push_str(t);
                self.out.bare.push_str(t);
                if top {
                    self.extend(r);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                let source = self.body.get(r.clone()).unwrap_or_default();
                self.out.plain.push_str(source);
                self.out.bare.push(' ');
                if top {
                    self.extend(r);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if top {
                    self.brk();
                } else {
                    self.out.plain.push(' ');
                    self.out.bare.push(' ');
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if html.trim_start().starts_with("<!--") {
                    if top {
                        self.brk();
                    }
                } else if top {
                    self.extend(r);
                }
            }
            Event::FootnoteReference(_) if top => self.extend(r),
            _ => {}
        }
    }

    fn finish(mut self) -> Inline {
        self.brk();
        Inline {
            src: collapse(&self.out.src),
            plain: collapse(&self.out.plain),
            bare: collapse(&self.out.bare),
        }
    }
}

/// Runs of white space (line breaks included) as single spaces, trimmed.
/// A lone CR is kept: it is text, not a line break (see [`read`]).
pub(super) fn collapse(s: &str) -> String {
    // One pass copying whole words, ASCII judged byte by byte: every block of every record goes
    // through here three times, so this is a large part of reading an outline. A CR before LF
    // is a line break.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let end_word = |out: &mut String, start: usize, end: usize| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..end]);
    };
    let mut i = 0;
    while i < bytes.len() {
        let (white, len) = match bytes[i] {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c => (true, 1),
            b'\r' => (bytes.get(i + 1) == Some(&b'\n'), 1),
            b if b < 0x80 => (false, 1),
            _ => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        match (white, word) {
            (true, Some(start)) => {
                end_word(&mut out, start, i);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word {
        end_word(&mut out, start, s.len());
    }
    out
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

struct Reader<'s, I> {
    body: &'s str,
    events: I,
}

impl<'s, I: Iterator<Item = (Event<'s>, Range<usize>)>> Reader<'s, I> {
    fn blocks(&mut self) -> (Vec<Block>, Vec<Span>) {
        let mut blocks = Vec::new();
        let mut spans = Vec::new();
        let mut quoted = 0usize;
        while let Some((event, range)) = self.events.next() {
            let span = Span {
                range: range.clone(),
                quoted: quoted > 0,
            };
            let block = match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let text = self.inline();
                    if quoted > 0 {
                        Block::Para(text)
                    } else {
                        Block::Heading {
                            level: level as usize,
                            text,
                            range,
                        }
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    self.skip();
                    let html = self.body.get(range).unwrap_or_default();
                    let written = !without_html_comments(html).trim().is_empty();
                    Block::Html { written }
                }
                Event::Start(Tag::Paragraph) => Block::Para(self.inline()),
                Event::Start(Tag::List(start)) => {
                    let items = self.list(0);
                    // `20.` alone on a line is an empty numbered item to CommonMark, but the
                    // number is what the author wrote: keep it as a paragraph.
                    let numbers_only = start.is_some() && items.iter().all(Item::is_empty);
                    match self.body.get(range).filter(|_| numbers_only) {
                        Some(source) => Block::Para(Inline::verbatim(source)),
                        None => Block::List(items),
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => Block::Code(self.code()),
                Event::Rule => Block::Rule,
                Event::Start(Tag::BlockQuote(_)) => {
                    quoted += 1;
                    continue;
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    quoted = quoted.saturating_sub(1);
                    continue;
                }
                Event::Start(_) => {
                    self.skip();
                    continue;
                }
                _ => continue,
            };
            blocks.push(block);
            spans.push(span);
        }
        (blocks, spans)
    }

    /// The inline content up to the end of the element just started.
    fn inline(&mut self) -> Inline {
        let mut c = Collector::new(self.body);
        self.inline_into(&mut c);
        c.finish()
    }

    fn inline_into(&mut self, c: &mut Collector<'_>) {
        self.until_end(|event, r| c.feed(event, r));
    }

    /// Consumes events up to the end of the element just started.
    fn skip(&mut self) {
        self.until_end(|_, _| {});
    }

    /// Passes each event up to the end of the element just started to `f`, and consumes that end.
    fn until_end(&mut self, mut f: impl FnMut(&Event<'s>, Range<usize>)) {
        let mut depth = 0usize;
        for (event, r) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            f(&event, r);
        }
    }

    /// A code block as one inline code span (lines trimmed and joined by spaces).
    fn code(&mut self) -> String {
        let mut text = String::new();
        self.until_end(|event, _| {
            if let Event::Text(t) = event {
                text.push_str(t);
            }
        });
        let text = collapse(&text);
        if text.is_empty() {
            return text;
        }
        let mut longest = 0;
        let mut run = 0;
        for ch in text.chars() {
            run = if ch == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let fence = "`".repeat(longest + 1);
        let pad = if text.starts_with('`') || text.ends_with('`') {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{text}{pad}{fence}")
    }

    fn list(&mut self, depth: usize) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::Item) => items.push(self.item(depth)),
                Event::Start(_) => self.skip(),
                Event::End(_) => break,
                _ => {}
            }
        }
        items
    }

    fn item(&mut self, depth: usize) -> Item {
        let mut c = Collector::new(self.body);
        let mut children = Vec::new();
        while let Some((event, r)) = self.events.next() {
            match &event {
                Event::End(TagEnd::Item) => break,
                Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => {
                    c.brk();
                    self.inline_into(&mut c);
                    c.brk();
                }
                Event::Start(Tag::List(_)) => {
                    if depth < MAX_LIST_DEPTH {
                        children.extend(self.list(depth + 1));
                    } else {
                        self.skip();
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    let code = self.code();
                    c.raw(&code);
                }
                Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => c.brk(),
                Event::Start(tag) if is_block(tag) => self.skip(),
                Event::End(tag) if is_block_end(tag) => {}
                _ => c.feed(&event, r),
            }
        }
        let mut text = c.finish();
        strip_task_box(&mut text);
        Item { text, children }
    }
}

/// Removes a task box (`[ ] `, `[x] `) that starts an item: without the tasklist extension
/// it is text.
fn strip_task_box(text: &mut Inline) {
    for boxed in ["[ ] ", "[x] ", "[X] "] {
        if text.src.starts_with(boxed) && text.plain.starts_with(boxed) {
            text.src.drain(..boxed.len());
            text.plain.drain(..boxed.len());
            if text.bare.starts_with(boxed) {
                text.bare.drain(..boxed.len());
            }
            return;
        }
    }
}
// ---------------------------------------------------------------------------------------------
// Placeholders, prefixes, titles.

/// A text that is still template placeholder: a `{…}` span holding a letter outside code, or
/// (MADR 2) a text that is one `[…]` span, after an optional `Good, because` prefix.
/// What adr-tools' template writes in a new record's sections.
pub const ADR_TOOLS_TEMPLATE: &[&str] = &[
    "The issue motivating this decision, and any context that influences or constrains the decision.",
    "The change that we're proposing or have agreed to implement.",
    "What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.",
];

/// Template text that is not the author's: a placeholder, or one of adr-tools' sentences.
pub(super) fn is_placeholder(text: &Inline) -> bool {
    is_unfilled(text) || ADR_TOOLS_TEMPLATE.contains(&text.plain.trim())
}

/// A placeholder waiting to be filled in: `{…}`, or MADR 2's `[…]`. (adr-tools' sentences
/// read as prose: a section holding one is written, and `check` reports the sentence itself
/// as the template's text.)
fn is_unfilled(text: &Inline) -> bool {
    let rest = split_kind(&text.plain).map_or(text.plain.as_str(), |(_, rest)| rest);
    has_brace_placeholder(&text.bare) || is_bracket_placeholder(rest)
}

fn has_brace_placeholder(s: &str) -> bool {
    // One pass: the text between the last `{` and the next `}`.
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '{' => open = Some(i + 1),
            '}' => {
                if let Some(start) = open.take() {
                    if s[start..i].chars().any(char::is_alphabetic) {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

fn is_bracket_placeholder(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['.', ',', ';']).trim_end();
    s.len() > 2
        && s.starts_with('[')
        && s.ends_with(']')
        && s.chars().any(char::is_alphabetic)
        && !s[1..].contains('[')
}

pub(super) fn placeholder_title(title: &str) -> bool {
    // Code spans are not placeholders.
    let bare: String = title
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    has_brace_placeholder(&bare) || is_bracket_placeholder(&bare)
}

/// `Good, because text` → (Good, "text"); also `**Good**, because`, `Bad: text`, `Pro: text`.
/// The word must be followed by `,` or `:` or by "because".
pub(super) fn split_kind(s: &str) -> Option<(PointKind, &str)> {
    let s = s.trim_start().trim_start_matches(['*', '_']);
    const WORDS: [(&str, PointKind); 5] = [
        ("good", PointKind::Good),
        ("bad", PointKind::Bad),
        ("neutral", PointKind::Neutral),
        ("pro", PointKind::Good),
        ("con", PointKind::Bad),
    ];
    for (word, kind) in WORDS {
        let Some(head) = s.get(..word.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(word) {
            continue;
        }
        let rest = &s[word.len()..];
        if rest.starts_with(char::is_alphanumeric) {
            continue;
        }
        let rest = rest.trim_start_matches(['*', '_']).trim_start();
        let (separated, rest) = match rest.strip_prefix([',', ':']) {
            Some(r) => (true, r.trim_start_matches(['*', '_']).trim_start()),
            None => (false, rest),
        };
        if let Some(head) = rest.get(..7) {
            if head.eq_ignore_ascii_case("because") && !rest[7..].starts_with(char::is_alphanumeric)
            {
                let rest = rest[7..].trim_start_matches([',', ':']).trim_start();
                return Some((kind, rest));
            }
        }
        if separated {
            return Some((kind, rest));
        }
    }
    None
}

/// A consequence's or a pro's direction, as its `Good, because` prefix gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PointKind {
    Good,
    Bad,
    Neutral,
    /// Not marked good, bad or neutral (e.g. Nygard prose).
    Other,
}

/// Text without `<!-- … -->` comments (MADR 2 writes `<!-- optional -->` after its fields).
pub(super) fn without_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// What a block holds, for telling a written section from an empty or unfilled one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fill {
    /// Nothing but headings, blank lines and comments.
    Empty,
    /// Only template placeholder text.
    Placeholder,
    /// Something written.
    Written,
}

impl Block {
    /// What the block holds; a heading holds nothing (its section's blocks follow it).
    pub(super) fn fill(&self) -> Fill {
        match self {
            Block::Heading { .. } => Fill::Empty,
            Block::Para(text) => text_fill(text),
            Block::Code(code) if code.is_empty() => Fill::Empty,
            Block::Code(_) | Block::Html { written: true } => Fill::Written,
            Block::Html { written: false } | Block::Rule => Fill::Empty,
            Block::List(items) => items.iter().map(Item::fill).max().unwrap_or(Fill::Empty),
        }
    }
}

impl Inline {
    /// Source text taken as it is, as all three renderings.
    fn verbatim(source: &str) -> Inline {
        let text = collapse(source);
        Inline {
            src: text.clone(),
            plain: text.clone(),
            bare: text,
        }
    }
}

impl Item {
    fn is_empty(&self) -> bool {
        self.text.src.is_empty() && self.children.is_empty()
    }

    fn fill(&self) -> Fill {
        let own = text_fill(&self.text);
        self.children.iter().map(Item::fill).fold(own, Fill::max)
    }
}

fn text_fill(text: &Inline) -> Fill {
    if text.src.is_empty() {
        Fill::Empty
    } else if is_unfilled(text) {
        Fill::Placeholder
    } else {
        Fill::Written
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition `collapse` is measured against: CRLF read as LF, then the words split at
    /// white space other than a lone CR, joined by single spaces.
    fn collapse_by_words(s: &str) -> String {
        s.replace("\r\n", "\n")
            .split(|c: char| c.is_whitespace() && c != '\r')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn collapse_joins_words_with_single_spaces_and_keeps_a_lone_cr() {
        assert_eq!(collapse("  a \n\t b\r\nc  "), "a b c");
        assert_eq!(collapse("a\rb \r\r\n"), "a\rb \r");
        assert_eq!(collapse("\u{2003}x\u{a0}y\n"), "x y");
        assert_eq!(collapse(" \r\n "), "");
    }

    proptest! {
        #[test]
        fn collapse_is_the_words_joined(s in "[ a\\r\\n\\t\u{b}\u{c}\u{85}\u{a0}\u{2003}é]{0,40}") {
            prop_assert_eq!(collapse(&s), collapse_by_words(&s));
        }
    }
}
