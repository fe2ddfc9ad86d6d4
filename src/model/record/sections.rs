//! The structure of a record's body, read with a Markdown parser: options with their pros and
//! cons and the chosen one, the decision, consequences, verification, rollout and rollback.
//! Reads MADR 2, 3 and 4 layouts and Nygard's Context / Decision / Consequences. A section
//! that is not there is reported as missing, never invented.
//!
//! The body is read into blocks by [`super::blocks`] (which lines are headings, what counts as
//! text and as placeholder), and its sections are found by [`super::outline`] (section names
//! and their aliases, where a section ends). Here those blocks are read section by section.
//!
//! Under "Pros and Cons of the Options" (and "Considered Options"), each deeper heading that
//! is not itself a section name is an option. A nested list is appended to its item as
//! `item (sub 1; sub 2)`. Option titles (and the chosen title) are plain text.
//!
//! **Missing.** An expected section is missing when the record has no heading of that name
//! (the same lookup `git adr check` makes for required sections) whose section holds written
//! text; a section left holding only placeholders is not missing but listed as the
//! template's text ([`Sections::template`]).
//!
//! **Lists of entries** (drivers, consequences, verification, rollout, rollback): one entry per
//! list item, and per paragraph or code block; a paragraph that ends with `:` directly before
//! a list only introduces it and is left out.
//!
//! **Pros, cons and consequences**: an entry starting `Good, because …`, `Bad, because …` or
//! `Neutral, because …` (case-insensitive, optionally bold, `,` or `:` after the word; `Pro:`
//! and `Con:` too) keeps the text after "because " (or after the separator); without the
//! prefix, an option's entries form its description and a consequence is `Other` — or `Good`
//! / `Bad` / `Neutral` under a Positive / Negative / Neutral Consequences heading.
//!
//! **Options** are the items of Considered Options (nested `Good, because` items are their
//! pros and cons), then the option headings of Pros and Cons of the Options. An option
//! heading (and the chosen title) is matched to a listed option
//! 1. by normalised text: markup, case, punctuation and `(parenthetical remarks)` ignored;
//!    also the part before ` – `, ` - ` or `: ` of either side;
//! 2. else by its `Option N` number (the Nth listed option when none is numbered);
//! 3. else by its words: the option sharing at least half of the two titles' words, and more
//!    than any other (filler such as "use", "the" ignored).
//!
//! An option heading that matches no listed option is added once (a later heading of the
//! same name adds to it), so there are never more options than distinct ones; the chosen
//! option is marked once.
//!
//! **The decision** is the first paragraph of Decision Outcome that starts with "Chosen
//! option" (the whole paragraph); without one, the text of the Decision section (Nygard).
//! The chosen title is the quoted text after `Chosen option:` (straight, curly or guillemet
//! quotes; a link's text; or, unquoted, the text up to `, because`); the option it matches is
//! marked chosen. A "Chosen option" paragraph outside Decision Outcome is used only when
//! Decision Outcome has none.
//!
//! **Rollout and rollback.** Under a Rollout… heading everything is rollout, under a
//! Rollback… heading everything is rollback. Under "Rollout and Rollback" itself:
//! 1. a label — a paragraph or item such as `Rollout:`, `**Rollback triggers**`, `Rollback:`
//!    (a few words starting with rollout / roll out or rollback / roll back / trigger /
//!    revert, ending with `:` or in bold) — sends the nested items of that item, or the
//!    following blocks up to the next heading, to its side; `Rollback: text` sends `text`;
//! 2. an entry starting with "Roll back", "Rollback", "Rolling back", "Trigger" or "Revert"
//!    (case-insensitive) goes to rollback;
//! 3. every other entry goes to the side of the last label, or to rollout: text with no
//!    structure is all rollout and rollback stays empty.

use std::collections::HashMap;

use serde::Serialize;

use super::blocks::{
    collapse, is_placeholder, placeholder_title, split_kind, Block, Fill, Inline, Item,
};
pub use super::blocks::{PointKind, ADR_TOOLS_TEMPLATE};
use super::outline::{
    heading_key, known, mentions_any, starts_with_any, Known, Outline, ROLLBACK_WORDS,
    ROLLOUT_WORDS,
};

/// What a body says, section by section. Texts are Markdown source (inline), trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sections {
    /// "Context and Problem Statement" (MADR) or "Context" (Nygard).
    pub context: Option<String>,
    /// The problem statement as a summary shows it: the first paragraph of the context (with
    /// the list it introduces, when it ends with `:`).
    pub problem: Option<String>,
    /// "Decision Drivers" list items.
    pub drivers: Vec<String>,
    /// The considered options, in the order the body lists them, with pros and cons from
    /// "Pros and Cons of the Options".
    pub options: Vec<DecisionOption>,
    /// The chosen option's title (from `Chosen option: "…"`), when stated.
    pub chosen: Option<String>,
    /// The decision in one paragraph: the "Chosen option: …, because …" paragraph of Decision
    /// Outcome, or Nygard's "Decision" section.
    pub decision: Option<String>,
    /// Consequences (`* Good, because …` / `* Bad, because …` / `* Neutral, because …`, or
    /// plain items / paragraphs for Nygard).
    pub consequences: Vec<Point>,
    /// How the decision will be verified: MADR 4 "Confirmation", MADR 3 "Validation"; one
    /// entry per list item (or per paragraph when there is no list).
    pub verification: Vec<String>,
    /// Rollout steps from "Rollout and Rollback" (or "Rollout").
    pub rollout: Vec<String>,
    /// Rollback triggers from "Rollout and Rollback" (or "Rollback").
    pub rollback: Vec<String>,
    /// "More Information".
    pub more_information: Option<String>,
    /// Names of the expected sections that are absent (or empty), e.g. "Considered Options".
    pub missing: Vec<String>,
    /// Names of the expected sections that are there but still hold only the template's
    /// placeholder text (`{…}`): the author has not written them yet.
    pub template: Vec<String>,
}

/// One considered option.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DecisionOption {
    /// Plain text: links and emphasis reduced to their text, inline code kept.
    pub title: String,
    /// Text under the option's own heading that is not a pro or con.
    pub description: Option<String>,
    pub good: Vec<String>,
    pub bad: Vec<String>,
    pub neutral: Vec<String>,
    pub chosen: bool,
}

/// A consequence and its direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    pub kind: PointKind,
    pub text: String,
}

/// The expected sections, by their canonical names, in template order: the ones reported in
/// [`Sections::missing`].
pub const EXPECTED: [&str; 6] = [
    "Context and Problem Statement",
    "Considered Options",
    "Decision Outcome",
    "Consequences",
    "Confirmation",
    "Rollout and Rollback",
];

/// Reads the sections of a record body (the Markdown after the front matter).
pub fn parse(body: &str) -> Sections {
    let outline = Outline::read(body);
    let mut sections = read(&outline);
    // As `check` sees a required section: a heading of that name with written text, or only
    // the template's placeholders (then it is the template's text, not absent), or neither.
    for name in EXPECTED {
        match outline.section(name).map(|s| s.fill) {
            Some(Fill::Written) => {}
            Some(Fill::Placeholder) => sections.template.push(name.to_string()),
            _ => sections.missing.push(name.to_string()),
        }
    }
    sections
}

/// The sections of a body without the report of missing and template sections (`missing`
/// and `template` stay empty): what readers of options and decisions need, at less cost.
pub fn parse_content(body: &str) -> Sections {
    read(&Outline::read(body))
}

fn read(outline: &Outline) -> Sections {
    let mut builder = Builder::default();
    builder.walk(&outline.blocks);
    builder.finish()
}

/// The title after `Chosen option:` in a plain text, when the text starts so.
fn chosen_title(plain: &str) -> Option<String> {
    let p = plain.trim_start().trim_start_matches(['*', '_']);
    let head = p.get(..13)?;
    if !head.eq_ignore_ascii_case("chosen option") {
        return None;
    }
    let rest = p[13..].trim_start();
    let rest = rest
        .strip_prefix(':')
        .unwrap_or(rest)
        .trim_start()
        .trim_start_matches(['*', '_']);
    const QUOTES: [(char, &[char]); 7] = [
        ('"', &['"']),
        ('\u{201C}', &['\u{201D}', '\u{201C}']),
        ('\u{201D}', &['\u{201D}']),
        ('\u{201E}', &['\u{201C}', '\u{201D}']),
        ('\u{00AB}', &['\u{00BB}']),
        ('\u{2018}', &['\u{2019}']),
        ('\'', &['\'']),
    ];
    let mut chars = rest.chars();
    let first = chars.next()?;
    if let Some((_, closers)) = QUOTES.iter().find(|(open, _)| *open == first) {
        let inner = chars.as_str();
        if let Some(end) = inner.find(*closers) {
            let title = collapse(&inner[..end]);
            return (!title.is_empty()).then_some(title);
        }
    }
    let lower = rest.to_lowercase();
    // Lowercasing can change byte lengths; cut only where the offsets agree.
    let end = [", because", " because "]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .filter(|_| lower.len() == rest.len())
        .unwrap_or(rest.len());
    let title = rest.get(..end).unwrap_or(rest);
    let title = collapse(title.trim_end_matches(['.', ',', '*', '_']));
    (!title.is_empty()).then_some(title)
}

/// The reason a decision paragraph gives: the text after its first `, because` / ` because `
/// (`Chosen option: "X", because it is simpler.` → `it is simpler`), trailing period removed.
pub fn because(decision: &str) -> Option<String> {
    let lower = decision.to_lowercase();
    // Lowercasing can change byte lengths; cut only where the offsets agree.
    if lower.len() != decision.len() {
        return None;
    }
    let at = [", because", " because "]
        .iter()
        .filter_map(|m| lower.find(m).map(|i| i + m.len()))
        .min()?;
    let reason = collapse(decision.get(at..)?.trim().trim_end_matches('.'));
    (!reason.is_empty()).then_some(reason)
}

/// A title for matching: markup, case and punctuation ignored (each run of them one space) and
/// parenthetical remarks left out (`Keep X (status quo of ADR-0045)` is `keep x`). Characters
/// that tell names apart (`C++`, `C#`) are kept. A title that is all remark keeps it.
pub fn norm(s: &str) -> String {
    let words = |skip_remarks: bool| {
        let mut out = String::with_capacity(s.len());
        let mut depth = 0usize;
        for c in s.chars() {
            match c {
                '(' if skip_remarks => depth += 1,
                ')' if skip_remarks && depth > 0 => depth -= 1,
                _ if depth > 0 => {}
                c if c.is_alphanumeric() || matches!(c, '+' | '#' | '&' | '@' | '%' | '$') => {
                    out.extend(c.to_lowercase())
                }
                _ => out.push(' '),
            }
        }
        collapse(&out)
    };
    let n = words(true);
    if n.is_empty() {
        words(false)
    } else {
        n
    }
}

/// The part of a title before ` – ` / ` — ` / ` - ` / `: ` (a title followed by a description).
fn short(s: &str) -> &str {
    [" – ", " — ", " - ", ": "]
        .iter()
        .filter_map(|sep| s.find(sep))
        .min()
        .map_or(s, |i| &s[..i])
}

/// Do two option titles name the same option by their text? Compared normalised (see
/// [`norm`]); a title also matches the part of the other before ` – `, ` - ` or `: `.
pub fn same_option(a: &str, b: &str) -> bool {
    let (na, nb) = (norm(a), norm(b));
    if na.is_empty() || nb.is_empty() {
        return false;
    }
    na == nb || norm(short(a)) == nb || na == norm(short(b))
}

/// The number of an `Option 2 - …` (or `Alternative 2: …`) title.
fn ordinal(title: &str) -> Option<usize> {
    let n = norm(title);
    let mut words = n.split(' ');
    let first = words.next()?;
    if !matches!(first, "option" | "alternative") {
        return None;
    }
    words.next()?.parse().ok().filter(|&n| n > 0)
}

/// Words that say nothing about which option a title names.
const FILLER: [&str; 16] = [
    "a", "an", "the", "of", "to", "and", "or", "for", "in", "on", "with", "use", "using", "by",
    "as", "option",
];

/// The words of a title that tell options apart.
fn words(title: &str) -> Vec<String> {
    let mut out: Vec<String> = norm(title)
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w) && w.parse::<u32>().is_err())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Up to this many options, a title that matches none by its text is matched by its `Option N`
/// number or by its words (those compare each title with every option).
const LOOSE_LIMIT: usize = 100;

/// The option (among those `free` allows) that a title names when no option's text matches
/// it: the one with the same `Option N` number (the Nth listed when none is numbered), else the
/// one sharing most of its words (at least half of all the words of the two, and more than any
/// other option shares).
fn loose_match(
    options: &[DecisionOption],
    title: &str,
    free: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    if options.len() > LOOSE_LIMIT {
        return None;
    }
    if let Some(n) = ordinal(title) {
        let numbered: Vec<usize> = (0..options.len())
            .filter(|&i| ordinal(&options[i].title).is_some())
            .collect();
        let found = match numbered.is_empty() {
            false => numbered
                .into_iter()
                .find(|&i| ordinal(&options[i].title) == Some(n) && free(i)),
            true => Some(n - 1).filter(|&i| i < options.len() && free(i)),
        };
        if found.is_some() {
            return found;
        }
    }
    let mine = words(title);
    let mut best: Option<(usize, usize)> = None;
    let mut tied = false;
    for i in (0..options.len()).filter(|&i| free(i)) {
        let theirs = words(&options[i].title);
        let shared = mine.iter().filter(|w| theirs.contains(w)).count();
        let all = mine.len() + theirs.len() - shared;
        if shared == 0 || shared * 2 < all {
            continue;
        }
        match best {
            Some((_, b)) if b > shared => {}
            Some((_, b)) if b == shared => tied = true,
            _ => {
                best = Some((i, shared));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(i, _)| i)
}

/// The option a chosen title names: by its text, else loosely (see [`loose_match`]).
fn chosen_option(options: &[DecisionOption], title: &str) -> Option<usize> {
    options
        .iter()
        .position(|o| same_option(&o.title, title))
        .or_else(|| loose_match(options, title, &|_| true))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Rollout,
    Rollback,
}

/// The side a short label names ("Rollout", "Rollback triggers"), if it names one.
fn label_side(text: &str) -> Option<Side> {
    let lower = collapse(&text.to_lowercase());
    let lower = lower.trim_end_matches(':').trim_end();
    if lower.is_empty() || lower.split(' ').count() > 4 {
        return None;
    }
    let out = mentions_any(lower, &ROLLOUT_WORDS[..3]);
    let back = mentions_any(lower, &ROLLBACK_WORDS[..4]);
    if out && back {
        return None;
    }
    if starts_with_any(lower, &ROLLOUT_WORDS) {
        Some(Side::Rollout)
    } else if starts_with_any(lower, &ROLLBACK_WORDS) {
        Some(Side::Rollback)
    } else {
        None
    }
}

/// A text that is only a label: `Rollout:`, `**Rollback triggers**`, `Rollback`.
fn pure_label(text: &Inline) -> Option<Side> {
    let side = label_side(&text.plain)?;
    let plain = text.plain.trim();
    let src = text.src.trim();
    let bold = (src.starts_with("**") && src.ends_with("**"))
        || (src.starts_with("__") && src.ends_with("__"));
    (plain.ends_with(':') || bold || plain.split(' ').count() <= 2).then_some(side)
}

/// `Rollback: text` → (Rollback, "text"), in source.
fn labelled(text: &Inline) -> Option<(Side, String)> {
    let colon = text.plain.find(':')?;
    let side = label_side(&text.plain[..colon])?;
    let src = text.src.as_str();
    let opening = src.len() - src.trim_start_matches(['*', '_']).len();
    let after = &src[src.find(':')? + 1..];
    let closing = after.len() - after.trim_start_matches(['*', '_']).len();
    let rest = after[closing.min(opening)..].trim();
    (!rest.is_empty()).then(|| (side, rest.to_string()))
}

fn is_rollback_entry(plain: &str) -> bool {
    let lower = plain
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    starts_with_any(&lower, &ROLLBACK_WORDS)
}

// ---------------------------------------------------------------------------------------------
// Sections.

/// What the content under the current heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A section known by name (see [`super::outline`]); a Status section's content is not read.
    Section(Known),
    /// The content of an option heading (index into the headed options; `None` for a
    /// placeholder heading, whose content is skipped).
    Option(Option<usize>),
    /// An unknown section, whose content is not read.
    Ignored,
}

fn classify(key: &str) -> Option<Kind> {
    known(key).map(Kind::Section)
}

/// The direction a sub-heading of Consequences gives ("Positive", "Drawbacks").
fn direction(key: &str) -> Option<PointKind> {
    if starts_with_any(key, &["positive", "good", "pros", "benefit"]) {
        Some(PointKind::Good)
    } else if starts_with_any(key, &["negative", "bad", "cons", "drawback", "risk"]) {
        Some(PointKind::Bad)
    } else if key.starts_with("neutral") {
        Some(PointKind::Neutral)
    } else {
        None
    }
}

/// A content unit that is not placeholder: a paragraph, an item (with its nested items), a
/// code block.
struct Unit {
    src: String,
    plain: String,
}

fn item_unit(item: &Item) -> Option<Unit> {
    let own = (!item.text.src.is_empty() && !is_placeholder(&item.text)).then_some(&item.text);
    let kids: Vec<Unit> = item.children.iter().filter_map(item_unit).collect();
    let join = |f: fn(&Unit) -> &str| kids.iter().map(f).collect::<Vec<_>>().join("; ");
    match own {
        Some(own) if kids.is_empty() => Some(Unit {
            src: own.src.clone(),
            plain: own.plain.clone(),
        }),
        Some(own) => Some(Unit {
            src: format!("{} ({})", own.src, join(|u| &u.src)),
            plain: format!("{} ({})", own.plain, join(|u| &u.plain)),
        }),
        None if kids.is_empty() => None,
        None => Some(Unit {
            src: join(|u| &u.src),
            plain: join(|u| &u.plain),
        }),
    }
}

fn inline_unit(text: &Inline) -> Option<Unit> {
    (!text.src.is_empty() && !is_placeholder(text)).then(|| Unit {
        src: text.src.clone(),
        plain: text.plain.clone(),
    })
}

/// The units of a block; `next` is the block after it (a paragraph ending with `:` before a
/// list only introduces the list and is left out).
fn units(block: &Block, next: Option<&Block>) -> Vec<Unit> {
    match block {
        Block::Para(text) => {
            if text.plain.ends_with(':') && matches!(next, Some(Block::List(_))) {
                return vec![];
            }
            inline_unit(text).into_iter().collect()
        }
        Block::List(items) => items.iter().filter_map(item_unit).collect(),
        Block::Code(code) if !code.is_empty() => vec![Unit {
            src: code.clone(),
            plain: code.clone(),
        }],
        _ => vec![],
    }
}

/// A block's text on one line: items joined by "; ".
fn joined(block: &Block) -> Option<String> {
    let parts: Vec<String> = units(block, None).into_iter().map(|u| u.src).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[derive(Default)]
struct Builder {
    stack: Vec<(usize, Kind)>,
    side: Option<Side>,
    context: Vec<String>,
    drivers: Vec<String>,
    listed: Vec<DecisionOption>,
    headed: Vec<DecisionOption>,
    /// A "Chosen option" paragraph was seen in Decision Outcome.
    chosen_seen: bool,
    chosen: Option<String>,
    chosen_paragraph: Option<String>,
    /// The first "Chosen option" paragraph elsewhere: (title, paragraph).
    fallback: Option<(Option<String>, Option<String>)>,
    decision: Vec<String>,
    consequences: Vec<Point>,
    verification: Vec<String>,
    rollout: Vec<String>,
    rollback: Vec<String>,
    more_information: Vec<String>,
}

impl Builder {
    fn walk(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            if let Block::Heading { level, text, .. } = block {
                self.heading(*level, text);
            } else {
                self.block(block, blocks.get(i + 1));
            }
        }
    }

    /// Reads a block into the section it is in; `next` is the block after it.
    fn block(&mut self, block: &Block, next: Option<&Block>) {
        let entries = || units(block, next).into_iter().map(|u| u.src);
        match self.stack.last().map_or(Kind::Ignored, |(_, k)| *k) {
            Kind::Section(Known::Context) => self.context.extend(joined(block)),
            Kind::Section(Known::MoreInformation) => self.more_information.extend(joined(block)),
            Kind::Section(Known::Drivers) => self.drivers.extend(entries()),
            Kind::Section(Known::Confirmation) => self.verification.extend(entries()),
            Kind::Section(Known::Rollout) => self.rollout.extend(entries()),
            Kind::Section(Known::Rollback) => self.rollback.extend(entries()),
            Kind::Section(Known::RolloutAndRollback) => self.rollout_and_rollback(block, next),
            Kind::Section(Known::Consequences(direction)) => {
                self.consequences_block(block, next, direction)
            }
            Kind::Section(Known::Decision) => self.decision_block(block),
            Kind::Section(Known::Options) => {
                if let Block::List(items) = block {
                    self.listed
                        .extend(items.iter().filter_map(option_from_item));
                }
            }
            Kind::Section(Known::ProsAndCons) => {
                // Options as items with nested pros and cons, without headings.
                if let Block::List(items) = block {
                    let options = items
                        .iter()
                        .filter(|item| !item.children.is_empty())
                        .filter_map(option_from_item);
                    self.headed.extend(options);
                }
            }
            Kind::Option(Some(index)) => {
                if let Some(option) = self.headed.get_mut(index) {
                    let units = units(block, None).into_iter().map(|u| u.src);
                    add_entries(option, units);
                }
            }
            Kind::Option(None) => {}
            Kind::Section(Known::Status) | Kind::Ignored => self.chosen_elsewhere(block),
        }
    }

    fn consequences_block(
        &mut self,
        block: &Block,
        next: Option<&Block>,
        direction: Option<PointKind>,
    ) {
        for unit in units(block, next) {
            let point = match split_kind(&unit.src) {
                Some((kind, rest)) => Point {
                    kind,
                    text: rest.to_string(),
                },
                None => Point {
                    kind: direction.unwrap_or(PointKind::Other),
                    text: unit.src,
                },
            };
            if !point.text.is_empty() {
                self.consequences.push(point);
            }
        }
    }

    /// The first "Chosen option" paragraph outside Decision Outcome, kept in case Decision
    /// Outcome has none.
    fn chosen_elsewhere(&mut self, block: &Block) {
        if let Block::Para(text) = block {
            if self.fallback.is_none() {
                if let Some(title) = chosen_title(&text.plain) {
                    self.fallback = Some((
                        (!placeholder_title(&title)).then_some(title),
                        inline_unit(text).map(|u| u.src),
                    ));
                }
            }
        }
    }

    fn heading(&mut self, level: usize, text: &Inline) {
        self.side = None;
        if level < 2 {
            // The title: no section continues past it.
            self.stack.clear();
            return;
        }
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        let key = heading_key(&text.plain);
        let kind = match self.stack.last().map(|(_, k)| *k) {
            Some(Kind::Section(Known::ProsAndCons)) => self.option_heading(text),
            Some(Kind::Section(Known::Options)) if classify(&key).is_none() => {
                self.option_heading(text)
            }
            Some(Kind::Option(index)) => Kind::Option(index),
            parent => match (classify(&key), parent) {
                (Some(kind), _) => kind,
                (None, Some(Kind::Section(Known::Consequences(None)))) => {
                    Kind::Section(Known::Consequences(direction(&key)))
                }
                (None, Some(parent)) => parent,
                (None, None) => Kind::Ignored,
            },
        };
        self.stack.push((level, kind));
    }

    fn option_heading(&mut self, text: &Inline) -> Kind {
        if text.plain.is_empty() || is_placeholder(text) || placeholder_title(&text.plain) {
            return Kind::Option(None);
        }
        self.headed.push(DecisionOption {
            title: text.plain.clone(),
            ..DecisionOption::default()
        });
        Kind::Option(Some(self.headed.len() - 1))
    }

    fn decision_block(&mut self, block: &Block) {
        let texts: Vec<&Inline> = match block {
            Block::Para(text) => vec![text],
            Block::List(items) => items.iter().map(|i| &i.text).collect(),
            _ => vec![],
        };
        for text in texts {
            if let Some(title) = chosen_title(&text.plain) {
                if !self.chosen_seen {
                    self.chosen_seen = true;
                    self.chosen = (!placeholder_title(&title)).then_some(title);
                    self.chosen_paragraph = inline_unit(text).map(|u| u.src);
                }
                return;
            }
        }
        self.decision.extend(joined(block));
    }

    fn rollout_and_rollback(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Para(text) => {
                if is_placeholder(text) || text.src.is_empty() {
                    return;
                }
                if let Some(side) = pure_label(text) {
                    self.side = Some(side);
                } else if let Some((side, rest)) = labelled(text) {
                    self.push_side(side, rest);
                } else if is_rollback_entry(&text.plain) {
                    self.rollback.push(text.src.clone());
                } else if !(text.plain.ends_with(':') && matches!(next, Some(Block::List(_)))) {
                    self.push_side(self.side.unwrap_or(Side::Rollout), text.src.clone());
                }
            }
            Block::List(items) => {
                for item in items {
                    let own = (!is_placeholder(&item.text)).then_some(&item.text);
                    if let Some(side) = own.and_then(pure_label) {
                        if item.children.is_empty() {
                            self.side = Some(side);
                        }
                        for child in item.children.iter().filter_map(item_unit) {
                            self.push_side(side, child.src);
                        }
                        continue;
                    }
                    if let Some((side, rest)) = own.and_then(labelled) {
                        let kids: Vec<String> = item
                            .children
                            .iter()
                            .filter_map(item_unit)
                            .map(|u| u.src)
                            .collect();
                        let text = if kids.is_empty() {
                            rest
                        } else {
                            format!("{rest} ({})", kids.join("; "))
                        };
                        self.push_side(side, text);
                        continue;
                    }
                    if let Some(unit) = item_unit(item) {
                        let side = if is_rollback_entry(&unit.plain) {
                            Side::Rollback
                        } else {
                            self.side.unwrap_or(Side::Rollout)
                        };
                        self.push_side(side, unit.src);
                    }
                }
            }
            Block::Code(code) if !code.is_empty() => {
                self.push_side(self.side.unwrap_or(Side::Rollout), code.clone());
            }
            _ => {}
        }
    }

    fn push_side(&mut self, side: Side, text: String) {
        match side {
            Side::Rollout => self.rollout.push(text),
            Side::Rollback => self.rollback.push(text),
        }
    }

    fn finish(self) -> Sections {
        let mut options = merge_options(self.listed, self.headed);
        let (chosen, chosen_paragraph) = if self.chosen_seen {
            (self.chosen, self.chosen_paragraph)
        } else {
            self.fallback.unwrap_or_default()
        };
        if let Some(i) = chosen.as_deref().and_then(|t| chosen_option(&options, t)) {
            options[i].chosen = true;
        }
        let text = |parts: Vec<String>| (!parts.is_empty()).then(|| parts.join(" "));
        Sections {
            problem: first_paragraph(&self.context),
            context: text(self.context),
            drivers: self.drivers,
            options,
            chosen,
            decision: chosen_paragraph.or_else(|| text(self.decision)),
            consequences: self.consequences,
            verification: self.verification,
            rollout: self.rollout,
            rollback: self.rollback,
            more_information: text(self.more_information),
            missing: Vec::new(),
            template: Vec::new(),
        }
    }
}

/// The first block of a section's texts, and the next one too when the first introduces it.
fn first_paragraph(blocks: &[String]) -> Option<String> {
    match blocks {
        [first, next, ..] if first.ends_with(':') => Some(format!("{first} {next}")),
        [first, ..] => Some(first.clone()),
        [] => None,
    }
}

/// The listed options (Considered Options), each with the pros and cons of the option heading
/// that names it (Pros and Cons of the Options): by its text, else by its `Option N` number or
/// its words (see [`loose_match`]). A heading that names no listed option is an option of its
/// own, after them, once: a later heading of the same name adds to it.
fn merge_options(
    mut options: Vec<DecisionOption>,
    headed: Vec<DecisionOption>,
) -> Vec<DecisionOption> {
    let mut index = OptionIndex::new(&options);
    for h in headed {
        let found = index.take(&h.title).or_else(|| {
            let taken = &index.taken;
            let i = loose_match(&options, &h.title, &|i| !taken[i])?;
            index.taken[i] = true;
            Some(i)
        });
        match found {
            Some(i) => {
                let o = &mut options[i];
                o.good.extend(h.good);
                o.bad.extend(h.bad);
                o.neutral.extend(h.neutral);
                describe(o, h.description.into_iter().collect());
            }
            None => {
                index.add(options.len(), &h.title);
                options.push(h);
            }
        }
    }
    options
}

/// Listed options by normalised title and by normalised short title (see [`same_option`]),
/// each with a cursor past the entries already matched by a heading.
struct OptionIndex {
    by_title: HashMap<String, (usize, Vec<usize>)>,
    by_short: HashMap<String, (usize, Vec<usize>)>,
    /// Whether each option is already matched by a heading.
    taken: Vec<bool>,
}

impl OptionIndex {
    fn new(options: &[DecisionOption]) -> OptionIndex {
        let mut index = OptionIndex {
            by_title: HashMap::new(),
            by_short: HashMap::new(),
            taken: Vec::with_capacity(options.len()),
        };
        for (i, o) in options.iter().enumerate() {
            index.add(i, &o.title);
            index.taken[i] = false;
        }
        index
    }

    /// Adds option `i` (the next one), taken.
    fn add(&mut self, i: usize, title: &str) {
        self.by_title.entry(norm(title)).or_default().1.push(i);
        self.by_short
            .entry(norm(short(title)))
            .or_default()
            .1
            .push(i);
        self.taken.push(true);
    }

    /// The listed option an option heading's title names: the first not yet matched, else the
    /// first of that name. Marks it matched.
    fn take(&mut self, title: &str) -> Option<usize> {
        let (full, brief) = (norm(title), norm(short(title)));
        let mut found: Option<usize> = None;
        let mut first: Option<usize> = None;
        for (short_map, key) in [(false, &full), (true, &full), (false, &brief)] {
            let map = if short_map {
                &mut self.by_short
            } else {
                &mut self.by_title
            };
            let Some((cursor, list)) = map.get_mut(key).filter(|_| !key.is_empty()) else {
                continue;
            };
            if let Some(&i) = list.first() {
                first = Some(first.map_or(i, |f| f.min(i)));
            }
            while list.get(*cursor).is_some_and(|&i| self.taken[i]) {
                *cursor += 1;
            }
            if let Some(&i) = list.get(*cursor) {
                found = Some(found.map_or(i, |f| f.min(i)));
            }
        }
        let i = found.or(first)?;
        self.taken[i] = true;
        Some(i)
    }
}

fn add_point(option: &mut DecisionOption, kind: PointKind, text: &str) {
    if text.is_empty() {
        return;
    }
    let list = match kind {
        PointKind::Good => &mut option.good,
        PointKind::Bad => &mut option.bad,
        PointKind::Neutral | PointKind::Other => &mut option.neutral,
    };
    list.push(text.to_string());
}

fn describe(option: &mut DecisionOption, parts: Vec<String>) {
    for part in parts {
        match &mut option.description {
            Some(d) => {
                d.push(' ');
                d.push_str(&part);
            }
            None => option.description = Some(part),
        }
    }
}

/// An option from a list item (Considered Options): the item's plain text is the title, its
/// nested items are pros and cons (or description).
fn option_from_item(item: &Item) -> Option<DecisionOption> {
    if item.text.plain.is_empty() || is_placeholder(&item.text) {
        return None;
    }
    let mut option = DecisionOption {
        title: item.text.plain.clone(),
        ..DecisionOption::default()
    };
    add_entries(
        &mut option,
        item.children.iter().filter_map(item_unit).map(|u| u.src),
    );
    Some(option)
}

/// An option's entries: `Good, because …` and the like are its pros and cons, the rest
/// describes it.
fn add_entries(option: &mut DecisionOption, entries: impl Iterator<Item = String>) {
    let mut description = Vec::new();
    for entry in entries {
        match split_kind(&entry) {
            Some((kind, rest)) => add_point(option, kind, rest),
            None => description.push(entry),
        }
    }
    describe(option, description);
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADR4: &str = include_str!("../../../tests/fixtures/sections/madr4.md");
    const MADR3: &str = include_str!("../../../tests/fixtures/sections/madr3.md");
    const MADR2: &str = include_str!("../../../tests/fixtures/sections/madr2.md");
    const NYGARD: &str = include_str!("../../../tests/fixtures/sections/nygard.md");
    const TEMPLATE: &str = include_str!("../../../templates/adr.md.j2");

    fn titles(s: &Sections) -> Vec<&str> {
        s.options.iter().map(|o| o.title.as_str()).collect()
    }

    /// The body chose option `index` and no other, titled `title`, in the paragraph `decision`.
    fn assert_chosen(s: &Sections, index: usize, title: &str, decision: &str) {
        assert_eq!(s.chosen.as_deref(), Some(title));
        for (i, option) in s.options.iter().enumerate() {
            assert_eq!(option.chosen, i == index, "option {i}");
        }
        assert_eq!(s.decision.as_deref(), Some(decision));
    }

    fn point(kind: PointKind, text: &str) -> Point {
        Point {
            kind,
            text: text.into(),
        }
    }

    /// Our template as `git adr new` writes it, without front matter.
    fn unfilled_template() -> String {
        let body = TEMPLATE.split_once("}}---").map_or(TEMPLATE, |(_, b)| b);
        body.replace("{{ title }}", "Pick a queue")
    }

    #[test]
    fn madr4_full_record() {
        let s = parse(MADR4);
        assert_eq!(
            s.context.as_deref(),
            Some(
                "Services publish domain events that other services consume. We need a durable \
                 store for them that can be replayed; see [#42](https://example.com/42)."
            )
        );
        assert_eq!(
            s.drivers,
            vec![
                "replay from any offset",
                "operational cost for a team of four"
            ]
        );
        assert_eq!(
            titles(&s),
            vec!["PostgreSQL", "Apache Kafka", "`sqlite` files"]
        );
        let pg = &s.options[0];
        assert!(pg.chosen);
        assert_eq!(
            pg.good,
            vec!["we already run it", "transactions with the outbox"]
        );
        assert_eq!(pg.neutral, vec!["replay needs an index on `(stream, seq)`"]);
        assert_eq!(pg.bad, vec!["throughput tops out near 5k events/s"]);
        assert_eq!(
            pg.description.as_deref(),
            Some("The managed PostgreSQL 16 we already have.")
        );
        let kafka = &s.options[1];
        assert!(!kafka.chosen);
        assert_eq!(kafka.good, vec!["built for replay"]);
        assert_eq!(kafka.bad, vec!["a cluster to run", "a *new* skill set"]);
        // Listed but without a pros-and-cons heading: still an option, with nothing invented.
        assert_eq!(
            s.options[2],
            DecisionOption {
                title: "`sqlite` files".into(),
                ..DecisionOption::default()
            }
        );
        assert_eq!(s.chosen.as_deref(), Some("PostgreSQL"));
        assert_eq!(
            s.decision.as_deref(),
            Some(
                "Chosen option: \"PostgreSQL\", because it meets the replay driver at the lowest \
                 operational cost (see below)."
            )
        );
        assert_eq!(
            s.consequences,
            vec![
                point(PointKind::Good, "one database to back up"),
                point(PointKind::Bad, "we must watch table growth"),
                point(
                    PointKind::Neutral,
                    "the outbox table becomes part of the schema"
                ),
            ]
        );
        assert_eq!(
            s.verification,
            vec![
                "`cargo test -p events --test replay` passes in CI",
                "p99 append latency below 20 ms on the staging dashboard",
            ]
        );
        assert_eq!(
            s.rollout,
            vec![
                "Dual-write behind the `events_pg` flag for one week",
                "Switch readers service by service",
            ]
        );
        assert_eq!(
            s.rollback,
            vec![
                "Roll back by turning `events_pg` off if p99 append latency exceeds 50 ms",
                // "Trigger:" is a label: the text after it is the trigger.
                "replay mismatches reported by the nightly check",
            ]
        );
        assert_eq!(
            s.more_information.as_deref(),
            Some(
                "Revisit when we pass 3k events/s. Agreed in the architecture sync of 2026-11-20."
            )
        );
        assert!(s.missing.is_empty(), "{:?}", s.missing);
    }

    #[test]
    fn madr3_validation_and_alternatives() {
        let s = parse(MADR3);
        assert_eq!(
            titles(&s),
            vec!["Jinja-like templates (minijinja)", "Handlebars", "Tera"]
        );
        assert_eq!(
            s.chosen.as_deref(),
            Some("Jinja-like templates (minijinja)")
        );
        assert!(s.options[0].chosen);
        assert_eq!(s.options[0].good, vec!["no file access without a loader"]);
        assert_eq!(s.options[1].bad, vec!["helpers are JavaScript-shaped"]);
        // "### Tera" matches the listed "Tera" despite the heading's emphasis.
        assert_eq!(s.options[2].neutral, vec!["similar to minijinja"]);
        assert_eq!(
            s.verification,
            vec![
                "A hostile template test: endless loop, deep recursion, `include \"/etc/passwd\"`."
            ]
        );
        assert_eq!(
            s.consequences,
            vec![
                point(
                    PointKind::Good,
                    "templates can be overridden per repository"
                ),
                point(PointKind::Bad, "template authors learn Jinja syntax"),
            ]
        );
        assert_eq!(s.missing, vec!["Rollout and Rollback"]);
    }

    #[test]
    fn madr2_list_metadata_and_positive_negative_consequences() {
        let s = parse(MADR2);
        assert_eq!(
            s.context.as_deref(),
            Some("How do we store records in the repository?")
        );
        assert_eq!(titles(&s), vec!["Markdown files", "A database"]);
        assert_chosen(
            &s,
            0,
            "Markdown files",
            "Chosen option: \"Markdown files\", because they are reviewed like code.",
        );
        assert_eq!(
            s.consequences,
            vec![
                point(PointKind::Good, "diffs in pull requests"),
                point(PointKind::Bad, "no queries across records"),
            ]
        );
        assert_eq!(s.options[0].good, vec!["plain text"]);
        assert_eq!(s.options[1].bad, vec!["another service"]);
        // The MADR 2 "[example | description | …]" placeholder is skipped.
        assert_eq!(s.options[1].description, None);
        assert_eq!(
            s.more_information.as_deref(),
            Some("[ADR-0001](0001-use-adrs.md)")
        );
        assert_eq!(s.missing, vec!["Confirmation", "Rollout and Rollback"]);
    }

    #[test]
    fn nygard_record() {
        let s = parse(NYGARD);
        assert_eq!(
            s.context.as_deref(),
            Some("We need to record the architectural decisions made on this project.")
        );
        assert_eq!(
            s.decision.as_deref(),
            Some(
                "We will use Architecture Decision Records, as described by Michael Nygard. \
                 Records live in `doc/adr`."
            )
        );
        assert_eq!(s.chosen, None);
        assert!(s.options.is_empty());
        assert_eq!(
            s.consequences,
            vec![
                point(
                    PointKind::Other,
                    "See Michael Nygard's article, linked above."
                ),
                point(PointKind::Other, "Decisions are easy to find."),
            ]
        );
        assert_eq!(
            s.missing,
            vec!["Considered Options", "Confirmation", "Rollout and Rollback"]
        );
    }

    #[test]
    fn unfilled_template_is_all_template_text() {
        let body = unfilled_template();
        let s = parse(&body);
        assert_eq!(
            s,
            Sections {
                template: EXPECTED.iter().map(|s| s.to_string()).collect(),
                ..Sections::default()
            }
        );
        let json = serde_json::to_string(&s).unwrap();
        assert!(
            !json.contains("option 1") && !json.contains("because"),
            "{json}"
        );
    }

    #[test]
    fn first_adr_template_reads_fully() {
        let t = include_str!("../../../templates/first-adr.md.j2");
        let body = t.split_once("}}---").map_or(t, |(_, b)| b);
        let s = parse(body);
        assert_eq!(s.options.len(), 3);
        assert!(s.options[0].chosen);
        assert_eq!(s.missing, vec!["Rollout and Rollback"]);
    }

    #[test]
    fn no_options_section() {
        let s = parse(
            "# Use UTC\n\n## Context and Problem Statement\n\nTimes are ambiguous.\n\n\
             ## Decision Outcome\n\nWe store all times in UTC.\n",
        );
        assert!(s.options.is_empty());
        assert_eq!(s.decision.as_deref(), Some("We store all times in UTC."));
        assert_eq!(s.chosen, None);
        assert!(s.missing.contains(&"Considered Options".to_string()));
        assert!(!s.missing.contains(&"Decision Outcome".to_string()));
    }

    #[test]
    fn curly_quotes_and_linked_chosen_option() {
        let body = "## Considered Options\n\n* [Redis](https://redis.io) streams\n* NATS JetStream\n\n\
                    ## Decision Outcome\n\nChosen option: \u{201C}NATS JetStream\u{201D}, because it is small.\n";
        let s = parse(body);
        assert_eq!(titles(&s), vec!["Redis streams", "NATS JetStream"]);
        assert_eq!(s.chosen.as_deref(), Some("NATS JetStream"));
        assert!(s.options[1].chosen && !s.options[0].chosen);

        let body = "## Considered Options\n\n* Redis streams\n* NATS JetStream\n\n\
                    ## Decision Outcome\n\nChosen option: [NATS JetStream](#nats-jetstream), because it is small.\n\n\
                    ## Pros and Cons of the Options\n\n### NATS JetStream\n\n* Good, because small\n";
        let s = parse(body);
        assert_chosen(
            &s,
            1,
            "NATS JetStream",
            "Chosen option: [NATS JetStream](#nats-jetstream), because it is small.",
        );
        assert_eq!(s.options[1].good, vec!["small"]);
        // A quoted link, and a title followed by a description in the list.
        let body = "## Considered Options\n\n* MADR 4.0.0 – The Markdown ADRs\n* Nygard\n\n\
                    ## Decision Outcome\n\nChosen option: \"[MADR 4.0.0](#madr-400)\", because\nit is structured.\n";
        let s = parse(body);
        assert_chosen(
            &s,
            0,
            "MADR 4.0.0",
            "Chosen option: \"[MADR 4.0.0](#madr-400)\", because it is structured.",
        );
    }

    #[test]
    fn crlf_line_endings() {
        let crlf = MADR4.replace("\r\n", "\n").replace('\n', "\r\n");
        let (a, b) = (parse(&crlf), parse(MADR4));
        assert_eq!(a, b);
        assert!(!format!("{a:?}").contains('\r'));
    }

    #[test]
    fn only_under_pros_and_cons_is_still_an_option() {
        let body = "## Considered Options\n\n* A\n\n## Pros and Cons of the Options\n\n\
                    ### A\n\n* Good, because a\n\n### B\n\nA second idea.\n\n* Bad, because b\n* Plain item\n";
        let s = parse(body);
        assert_eq!(titles(&s), vec!["A", "B"]);
        assert_eq!(s.options[1].bad, vec!["b"]);
        assert_eq!(
            s.options[1].description.as_deref(),
            Some("A second idea. Plain item")
        );
    }

    #[test]
    fn rollout_and_rollback_rules() {
        // No structure: all rollout.
        let s = parse(
            "## Rollout and Rollback\n\nShip it behind a flag; turn the flag off if errors rise.\n",
        );
        assert_eq!(
            s.rollout,
            vec!["Ship it behind a flag; turn the flag off if errors rise."]
        );
        assert!(s.rollback.is_empty());
        assert!(!s.missing.contains(&"Rollout and Rollback".to_string()));

        // Subheadings.
        let s = parse(
            "## Rollout and Rollback\n\n### Rollout\n\n1. Canary\n2. Everyone\n\n\
             ### Rollback triggers\n\n* error rate above 1 %\n",
        );
        assert_eq!(s.rollout, vec!["Canary", "Everyone"]);
        assert_eq!(s.rollback, vec!["error rate above 1 %"]);

        // Label items with nested lists, label paragraphs, and keyword items.
        let s = parse(
            "## Rollout and Rollback\n\n* Rollout:\n  * canary\n  * everyone\n* Rollback triggers:\n  * p99 > 200 ms\n\n\
             **Rollback:**\n\n* queue depth grows\n\n**Rollout**: announce in #eng\n",
        );
        assert_eq!(s.rollout, vec!["canary", "everyone", "announce in #eng"]);
        assert_eq!(s.rollback, vec!["p99 > 200 ms", "queue depth grows"]);

        let s = parse(
            "## Rollout and Rollback\n\n* Enable for staging\n* Revert the migration if it fails\n* ROLLBACK when p99 > 1s\n",
        );
        assert_eq!(s.rollout, vec!["Enable for staging"]);
        assert_eq!(
            s.rollback,
            vec!["Revert the migration if it fails", "ROLLBACK when p99 > 1s"]
        );

        // Separate sections map directly.
        let s = parse("## Rollout\n\n* one\n\n## Rollback\n\n* Disable the flag\n");
        assert_eq!(s.rollout, vec!["one"]);
        assert_eq!(s.rollback, vec!["Disable the flag"]);
    }

    #[test]
    fn the_problem_is_the_first_paragraph_of_the_context() {
        let cases = [
            (
                "## Context and Problem Statement\n\nOne\nline.\n\nTwo.\n",
                Some("One line."),
            ),
            (
                "## Context\n\nWe need:\n\n* a\n* b\n\nMore.\n",
                Some("We need: a; b"),
            ),
            (
                "## Context\n\n* a list first\n\nThen text.\n",
                Some("a list first"),
            ),
            ("## Decision\n\nD.\n", None),
        ];
        for (body, problem) in cases {
            assert_eq!(parse(body).problem.as_deref(), problem, "{body}");
        }
    }

    #[test]
    fn headings_match_case_insensitively_at_any_level() {
        let s = parse(
            "# T\n\n#### CONTEXT:\n\nA.\n\n### 2. decision\n\nB.\n\n##### Validation\n\n- [ ] run it\n",
        );
        assert_eq!(s.context.as_deref(), Some("A."));
        assert_eq!(s.decision.as_deref(), Some("B."));
        assert_eq!(s.verification, vec!["run it"]);
        // A level-1 heading is the title, not a section.
        let s = parse("# Context\n\nA.\n");
        assert_eq!(s.context, None);
    }

    #[test]
    fn headings_in_code_blocks_are_not_headings() {
        let s = parse(
            "## Context\n\nText.\n\n```markdown\n## Decision Outcome\nChosen option: \"X\"\n```\n",
        );
        assert_eq!(
            s.context.as_deref(),
            Some("Text. `## Decision Outcome Chosen option: \"X\"`")
        );
        assert_eq!(s.decision, None);
        assert_eq!(s.chosen, None);
    }

    #[test]
    fn text_is_inline_markdown_source() {
        let s = parse(
            "## Context\n\n> Quoted *emphasis\n> across* lines, `a  b`, \\*escaped\\* &amp; [link](x \"t\")\\\nhard break.\n\n\
             ## Confirmation\n\nLead-in:\n\n* item one\n  continued\n  * nested\n* item <!-- comment --> two\n",
        );
        assert_eq!(
            s.context.as_deref(),
            Some("Quoted *emphasis > across* lines, `a b`, \\*escaped\\* &amp; [link](x \"t\") hard break.")
        );
        assert_eq!(
            s.verification,
            vec!["item one continued (nested)", "item two"]
        );
    }

    #[test]
    fn placeholders_are_not_content() {
        assert!(is_placeholder(&Inline {
            plain: "Good, because {argument a}".into(),
            bare: "Good, because {argument a}".into(),
            src: String::new(),
        }));
        assert!(is_placeholder(&Inline {
            plain: "Good, because [argument a]".into(),
            bare: "Good, because [argument a]".into(),
            src: String::new(),
        }));
        let s = parse(
            "## Confirmation\n\n* Run `jq '{a: 1}'`\n* {describe}\n* [x] done\n* [1]\n\n## Consequences\n\n* Good, because {x}\n",
        );
        assert_eq!(s.verification, vec!["Run `jq '{a: 1}'`", "done", "[1]"]);
        assert!(s.consequences.is_empty());
        assert_eq!(s.template, ["Consequences"]);
        assert!(!s.missing.contains(&"Consequences".to_string()));
    }

    #[test]
    fn chosen_titles() {
        for (sentence, title) in [
            ("Chosen option: \"A, B\", because c", Some("A, B")),
            ("chosen option: \u{201E}A\u{201C}", Some("A")),
            ("Chosen option: «A»", Some("A")),
            ("Chosen option: A, because b", Some("A")),
            ("Chosen option: A.", Some("A")),
            ("Chosen option: \"unclosed", Some("\"unclosed")),
            ("Chosen option:", None),
            ("We chose A", None),
            ("Chosen option: İİ, because x", Some("İİ, because x")),
        ] {
            assert_eq!(chosen_title(sentence).as_deref(), title, "{sentence:?}");
        }
    }

    #[test]
    fn kinds_of_points() {
        assert_eq!(split_kind("Good, because x"), Some((PointKind::Good, "x")));
        assert_eq!(
            split_kind("**Bad**, because x"),
            Some((PointKind::Bad, "x"))
        );
        assert_eq!(
            split_kind("neutral because x"),
            Some((PointKind::Neutral, "x"))
        );
        assert_eq!(split_kind("Con: x"), Some((PointKind::Bad, "x")));
        assert_eq!(split_kind("Goodness, x"), None);
        assert_eq!(split_kind("Bad idea"), None);
        assert_eq!(split_kind("Provides x"), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let body = format!("## Confirmation\n\n{}x\n", "- ".repeat(20_000));
        let _ = parse(&body);
        let body = format!("## Context\n\n{}x\n", "> ".repeat(20_000));
        let _ = parse(&body);
        let body = format!(
            "## Context\n\n{}x{}\n",
            "*a ".repeat(20_000),
            "*".repeat(20_000)
        );
        let _ = parse(&body);
    }

    #[test]
    fn options_match_however_they_are_worded() {
        // Markup, case, punctuation and a parenthetical remark; a Chosen line worded briefly.
        let s = parse(
            "## Considered Options\n\n* One flag across **all** subcommands\n\
             * Keep per-command flags (status quo of ADR-0045)\n* A config file\n\n\
             ## Decision Outcome\n\nChosen option: \"keep per-command flags\", because it works.\n\n\
             ## Pros and Cons of the Options\n\n### One flag across all subcommands.\n\n\
             * Good, because uniform\n\n### Keep per-command flags\n\n* Bad, because drift\n\n\
             ### Config file\n\n* Good, because one place\n\n### Keep per-command flags\n\n\
             * Good, because nothing to do\n",
        );
        assert_eq!(
            titles(&s),
            vec![
                "One flag across all subcommands",
                "Keep per-command flags (status quo of ADR-0045)",
                "A config file"
            ]
        );
        assert_eq!(s.options[0].good, vec!["uniform"]);
        assert_eq!(s.options[1].bad, vec!["drift"]);
        assert_eq!(s.options[1].good, vec!["nothing to do"]);
        assert_eq!(s.options[2].good, vec!["one place"]);
        let chosen: Vec<bool> = s.options.iter().map(|o| o.chosen).collect();
        assert_eq!(chosen, [false, true, false]);

        // `Option 2 - …` worded two ways; `Option 1` by its place in an unnumbered list; a
        // heading that matches nothing is added once.
        let s = parse(
            "## Considered Options\n\n* Option 1 - Poll the API\n* Option 2 - Use a queue\n\n\
             ## Decision Outcome\n\nChosen option: \"Option 2 - Queue-based processing\"\n\n\
             ## Pros and Cons of the Options\n\n### Option 2 - Queue-based processing\n\n\
             * Good, because decoupled\n\n### Option 1 - Polling every minute\n\n* Bad, because slow\n\n\
             ### Webhooks\n\n* Good, because instant\n\n### Webhooks\n\n* Bad, because fragile\n",
        );
        assert_eq!(
            titles(&s),
            vec![
                "Option 1 - Poll the API",
                "Option 2 - Use a queue",
                "Webhooks"
            ]
        );
        assert_eq!(s.options[0].bad, vec!["slow"]);
        assert_eq!(s.options[1].good, vec!["decoupled"]);
        assert_eq!((s.options[2].good.len(), s.options[2].bad.len()), (1, 1));
        assert_eq!(s.options.iter().filter(|o| o.chosen).count(), 1);
        assert!(s.options[1].chosen);
        let s = parse(
            "## Considered Options\n\n* Postgres\n* Kafka\n\n## Pros and Cons of the Options\n\n\
             ### Option 2: a log\n\n* Good, because replay\n\n### Managed PostgreSQL\n\n* Bad, because cost\n",
        );
        assert_eq!(titles(&s), vec!["Postgres", "Kafka", "Managed PostgreSQL"]);
        assert_eq!(s.options[1].good, vec!["replay"]);
    }

    #[test]
    fn option_headings_under_considered_options_and_duplicates() {
        let s = parse(
            "## Considered Options\n\n### Option 1: Postgres\n\nRelational.\n\n* Good, because known\n\n\
             ### Option 2: Kafka\n\n* Con: heavy\n\n## Decision Outcome\n\nChosen option: \"Option 2\"\n",
        );
        assert_eq!(titles(&s), vec!["Option 1: Postgres", "Option 2: Kafka"]);
        assert_eq!(s.options[0].description.as_deref(), Some("Relational."));
        assert_eq!(s.options[1].bad, vec!["heavy"]);
        assert!(s.options[1].chosen);

        // Two listed options of the same title take one heading each, in order.
        let s = parse(
            "## Considered Options\n\n* A\n* A\n\n## Pros and Cons of the Options\n\n\
             ### A\n\n* Good, because one\n\n### A\n\n* Good, because two\n\n### A\n\n* Good, because three\n",
        );
        assert_eq!(s.options.len(), 2);
        assert_eq!(s.options[0].good, vec!["one", "three"]);
        assert_eq!(s.options[1].good, vec!["two"]);
    }

    #[test]
    fn nygard_consequence_subheadings_and_chosen_elsewhere() {
        let s = parse(
            "## Consequences\n\n### Positive\n\n* fast\n\n### Drawbacks\n\n* costly\n\n\
             ## Outcome\n\nChosen option: \u{2018}B\u{2019}.\n\n## Options\n\n1. A\n2. B\n",
        );
        assert_eq!(
            s.consequences,
            vec![
                point(PointKind::Good, "fast"),
                point(PointKind::Bad, "costly")
            ]
        );
        assert_chosen(&s, 1, "B", "Chosen option: \u{2018}B\u{2019}.");
    }

    #[test]
    fn large_bodies_parse_in_linear_time() {
        // Not timed: these only have to finish (quadratic code would take minutes here).
        let n = 40_000;
        let body = format!(
            "## Considered Options\n\n{}\n## Pros and Cons of the Options\n\n{}",
            "* a\n".repeat(n),
            "### a\n\nx\n\n".repeat(n)
        );
        assert_eq!(parse(&body).options.len(), n);
        let body = format!(
            "## Pros and Cons of the Options\n\n### a\n\n{}",
            "x\n\n".repeat(n)
        );
        assert_eq!(parse(&body).options.len(), 1);
        let body = format!("## Context\n\n{}}}\n", "{".repeat(200_000));
        assert!(parse(&body).context.is_some());
    }

    mod props {
        use super::super::parse;
        use proptest::prelude::*;

        fn line() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("## Considered Options".to_string()),
                Just("## Pros and Cons of the Options".to_string()),
                Just("## Decision Outcome".to_string()),
                Just("### Consequences".to_string()),
                Just("## Rollout and Rollback".to_string()),
                Just("### Rollback".to_string()),
                Just("## Confirmation".to_string()),
                Just("# Title".to_string()),
                Just("* Good, because ".to_string()),
                Just("Chosen option: \u{201C}".to_string()),
                Just("Chosen option: [x](#x), because".to_string()),
                Just("  * Rollback:".to_string()),
                Just("```".to_string()),
                Just("> ".to_string()),
                Just("{placeholder}".to_string()),
                Just("\\".to_string()),
                "[ -~\u{80}-\u{2FF}“”]{0,20}",
                any::<String>(),
            ]
        }

        proptest! {
            #[test]
            fn any_string_parses_without_panic(s in any::<String>()) {
                let _ = parse(&s);
            }

            #[test]
            fn markdownish_parses_without_panic(
                lines in proptest::collection::vec((line(), line()), 0..30),
                crlf in any::<bool>(),
            ) {
                let sep = if crlf { "\r\n" } else { "\n" };
                let body: Vec<String> = lines.into_iter().map(|(a, b)| a + &b).collect();
                let s = parse(&body.join(sep));
                for o in &s.options {
                    prop_assert!(!o.title.contains('\n'));
                }
            }
        }
    }
}
