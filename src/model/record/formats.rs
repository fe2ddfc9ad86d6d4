//! Records as existing ADR folders keep them, read and edited in place:
//!
//! - **adr-tools** (Nygard): `# 1. Title`, a `Date: 2024-01-05` line, a `## Status` section
//!   holding the status and link lines (`Supersedes [2. Old](0002-old.md)`, `Superseded by …`,
//!   adr-tools' own misspelling `Superceded by …`, `Amends`, `Amended by`, custom link words);
//! - **MADR 2**: list metadata under the title (`* Status: accepted`, `* Deciders: …`,
//!   `* Date: …`) and a `## Links` section of `* Refined by [ADR-0005](0005-x.md)` items;
//! - **MADR 3/4**: YAML front matter, read like git-adr's own, but with a free-text status.
//!
//! Statuses stay as written ([`Record::status_text`]) beside a normalised key
//! ([`status::normalise`]) in `front.status`; relations written in the body become the same
//! `supersedes` / `superseded-by` / … fields as front-matter ones. Edits rewrite only the lines
//! that carry what changes, in the file's own format.

use std::ops::Range;

use super::blocks::{without_html_comments, Block};
use super::frontmatter::{self, line_ending, strip_bom, FrontMatter};
use super::status::{self, plain_text};
use super::{Id, Outline, Record, Relation};
use crate::error::rule::Rule;
use crate::error::RecordError;

/// How one record file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// YAML front matter: git-adr's own records, MADR 3 and 4.
    #[default]
    FrontMatter,
    /// MADR 2: `* Status: …` list metadata under the title.
    Madr2,
    /// adr-tools (Michael Nygard's template): `Date:` line and `## Status` section.
    AdrTools,
}

/// A line that is a relation link: `Superseded by [5. Title](0005-title.md)`, optionally a list
/// item, optionally ending in a period. Returns the relation words, link text and target.
fn link_line(line: &str) -> Option<(&str, &str, &str)> {
    let l = line.trim();
    let l = l
        .strip_prefix("* ")
        .or_else(|| l.strip_prefix("- "))
        .unwrap_or(l)
        .trim_end_matches('.')
        .trim_end();
    let open = l.find('[')?;
    let close = open + l[open..].find("](")?;
    if !l.ends_with(')') {
        return None;
    }
    let words = &l[..open];
    Relation::read(words)?;
    Some((words, &l[open + 1..close], &l[close + 2..l.len() - 1]))
}

/// The record a link points at: the number in the target's file name, else in the link text
/// (`5. Title`, `ADR-0005`).
fn link_id(text: &str, target: &str) -> Option<Id> {
    let target = target.replace("%20", " ");
    let file = target
        .split('#')
        .next()
        .unwrap_or(&target)
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    Id::from_file_name(file).map(|(id, _)| id).or_else(|| {
        let first = text.split([' ', '.', ':']).next().unwrap_or("");
        Id::parse_ref(first)
    })
}

/// Ids a free-text status names after "by" ("superseded by ADR-0057", "Superseded by
/// [ADR-0005](0005-x.md)").
fn ids_after_by(raw: &str) -> Vec<Id> {
    let lower = raw.to_lowercase();
    let Some(at) = lower.find(" by ").map(|i| i + 4) else {
        return vec![];
    };
    let rest = &raw[at..];
    let mut ids = Vec::new();
    if let Some((_, text, target)) = link_line(&format!("by {rest}")) {
        ids.extend(link_id(text, target));
    }
    if ids.is_empty() {
        for token in rest.split([',', ' ', ';']).filter(|t| !t.is_empty()) {
            let t = token.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some(id) = Id::parse_ref(t).filter(|_| t.chars().any(|c| c.is_ascii_digit())) {
                ids.push(id);
            }
            if t.eq_ignore_ascii_case("and") || t.starts_with("adr") || t.starts_with("ADR") {
                continue;
            }
            if !ids.is_empty() {
                break;
            }
        }
    }
    ids
}

/// Where the number of a title that carries one is: the digits' byte range in the title, the
/// number, and where the title after the prefix starts.
///
/// The prefix is a number with an optional `ADR` before it (any case, then `-`, `_`, `#` or
/// spaces), followed by a separator — `.` or `:` not before a digit, or ` - `, ` – `, ` — ` —
/// repeated separators (`ADR 028: : Title`) included. After `ADR` and its number a space is
/// enough (`ADR 025 Commit`); a bare number needs a separator, so `2024 plans` keeps its number.
fn title_number(title: &str) -> Option<(Range<usize>, u32, usize)> {
    let s = title.trim_start();
    let prefixed = s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("adr"));
    let after = match prefixed {
        true => s[3..].trim_start_matches(['-', '_', ' ', '#']),
        false => s,
    };
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &after[digits..];
    let mut text = rest.trim_start();
    let spaced = text.len() < rest.len();
    let mut separated = false;
    loop {
        let punct = text.strip_prefix(['.', ':']).filter(|r| match separated {
            // A repeated separator stands alone (`: :`); `.NET` after one is the title.
            true => r.is_empty() || r.starts_with(char::is_whitespace),
            false => !r.starts_with(|c: char| c.is_ascii_digit()),
        });
        let dash = ["- ", "– ", "— "]
            .iter()
            .find_map(|d| text.strip_prefix(d))
            .filter(|_| spaced || separated);
        match punct.or(dash) {
            Some(r) => {
                text = r.trim_start();
                separated = true;
            }
            None => break,
        }
    }
    if !(separated || prefixed && spaced) || text.trim().is_empty() {
        return None;
    }
    let start = title.len() - after.len();
    let number = after[..digits].parse().ok()?;
    Some((start..start + digits, number, title.len() - text.len()))
}

/// `# 3. Title`, `# ADR-003: Title`, `# ADR 025 Title`, `# 3 - Title`: the number a title
/// carries and the title without it (see [`title_number`]).
pub fn split_title_number(title: &str) -> (Option<u32>, String) {
    match title_number(title) {
        Some((_, n, at)) => (Some(n), title[at..].trim().to_string()),
        None => (None, title.trim().to_string()),
    }
}

/// A title (the heading's text) whose number is `old`, with `new` in its place, keeping the
/// prefix, the separator and the number's width; `None` when the title carries another number
/// or none.
pub fn renumber_title(title: &str, old: Id, new: Id) -> Option<String> {
    let (digits, n, _) = title_number(title)?;
    (n == old.0).then(|| {
        format!(
            "{}{:0w$}{}",
            &title[..digits.start],
            new.0,
            &title[digits.end..],
            w = digits.len()
        )
    })
}

/// A date as folders write it, as `YYYY-MM-DD`; `None` when it cannot be read unambiguously.
pub fn read_date(raw: &str) -> Option<String> {
    let t = plain_text(raw);
    let t = t.trim();
    let head = t.get(..10).unwrap_or(t);
    let formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"];
    for f in formats {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(head, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    for f in ["%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%B %d %Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(t, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// `Key: value` (also `**Key:** value`, `* Key: value`): the key, lower-case, and the value.
fn meta_line(line: &str) -> Option<(String, &str)> {
    let l = line.trim();
    let l = l
        .strip_prefix("* ")
        .or_else(|| l.strip_prefix("- "))
        .unwrap_or(l)
        .trim_start();
    let colon = l.find(':')?;
    let key = l[..colon].trim().trim_matches('*').trim().to_lowercase();
    let value = l[colon + 1..].trim_start_matches('*').trim();
    (!key.is_empty() && key.len() <= 20 && key.chars().all(|c| c.is_alphabetic() || c == ' '))
        .then_some((key, value))
}

/// The lines (0-based, exclusive end) between the title and the first section: where
/// adr-tools' `Date:` line and MADR 2's `* Status: …` list sit.
fn preamble(outline: &Outline, line_count: usize) -> Range<usize> {
    let title = outline.title().map_or(0, |h| h.line);
    let first_section = outline
        .headings()
        .iter()
        .find(|h| h.level >= 2 && h.line > title)
        .map_or(line_count, |h| h.line - 1);
    title.min(first_section)..first_section
}

/// Which format a file without front matter is in: MADR 2 when list metadata sits under the
/// title, adr-tools otherwise.
fn detect_plain(lines: &[&str], preamble: Range<usize>) -> Format {
    let madr2 = lines[preamble].iter().any(|l| {
        let t = l.trim_start();
        (t.starts_with("* ") || t.starts_with("- "))
            && meta_line(t)
                .is_some_and(|(key, _)| matches!(key.as_str(), "status" | "deciders" | "date"))
    });
    if madr2 {
        Format::Madr2
    } else {
        Format::AdrTools
    }
}

/// The `## Status` section of an adr-tools record, as line indices (0-based) into the text it
/// was read from.
///
/// Its status is its first paragraph, read with the one block reader: quoted template guidance
/// (`> A decision may be "proposed" …`) and `<!-- comments -->` before it are skipped, and it
/// ends at a blank line, so a sub-heading, list, `---` rule or problem statement that follows
/// is not part of it. A sub-heading in place of that paragraph (`### Proposed`) is the status.
/// A list or code block before any paragraph means there is no status paragraph.
///
/// Its head, where relation link lines are read and added, runs to the first sub-heading or
/// rule after the status; what follows belongs to the author and is never rewritten.
struct StatusSection {
    /// The heading's text (`Status`, or `Status: Accepted`).
    text: String,
    heading: usize,
    start: usize,
    /// The lines of the status paragraph (or sub-heading).
    status: Option<Range<usize>>,
    /// The end of the head (exclusive).
    head_end: usize,
}

fn status_section(outline: &Outline, text: &str) -> Option<StatusSection> {
    let h = outline.headings().iter().find(|h| {
        (2..=3).contains(&h.level) && {
            let t = h.plain.to_lowercase();
            t == "status" || t.starts_with("status:")
        }
    })?;
    let line_of = |offset: usize| {
        let offset = offset.min(text.len());
        text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let lines_of = |r: &Range<usize>| {
        let source = text.get(r.clone()).unwrap_or_default();
        let last = r.start + source.trim_end().len().max(1) - 1;
        line_of(r.start)..line_of(last) + 1
    };
    let mut status = None;
    let mut searching = true;
    let mut head_end = h.lines.end;
    for (block, span) in outline.section_blocks(h) {
        match block {
            _ if span.quoted => {}
            Block::Html { .. } => {}
            Block::Para(_) | Block::Heading { .. } if searching => {
                status = Some(lines_of(&span.range));
                searching = false;
            }
            Block::Heading { .. } | Block::Rule => {
                head_end = line_of(span.range.start);
                break;
            }
            _ => searching = false,
        }
    }
    Some(StatusSection {
        text: h.plain.clone(),
        heading: h.line - 1,
        start: h.lines.start,
        status,
        head_end,
    })
}

impl StatusSection {
    /// The lines of the status paragraph that hold status words: not links, blank or comments.
    fn word_lines(&self, lines: &[impl AsRef<str>]) -> Vec<usize> {
        self.status
            .clone()
            .unwrap_or_default()
            .filter(|&i| {
                let t = lines.get(i).map_or("", |l| l.as_ref().trim());
                !t.is_empty() && !t.starts_with("<!--") && link_line(t).is_none()
            })
            .collect()
    }

    /// The status words of the section: a value on the heading (`## Status: Accepted`), then
    /// the status paragraph's lines joined with a space.
    fn words(&self, lines: &[impl AsRef<str>]) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        if let Some((_, v)) = self.text.split_once(':') {
            if !v.trim().is_empty() {
                words.push(v.trim().to_string());
            }
        }
        for i in self.word_lines(lines) {
            words.push(
                lines[i]
                    .as_ref()
                    .trim()
                    .trim_start_matches('#')
                    .trim()
                    .to_string(),
            );
        }
        words
    }

    /// The head's lines that are relation links.
    fn link_lines(&self, lines: &[impl AsRef<str>]) -> Vec<usize> {
        (self.start..self.head_end.min(lines.len()))
            .filter(|&i| link_line(lines[i].as_ref()).is_some())
            .collect()
    }
}

/// The lines of a MADR 2 `## Links` section (0-based, exclusive end).
fn links_section(outline: &Outline) -> Option<Range<usize>> {
    outline
        .headings()
        .iter()
        .find(|h| h.level == 2 && h.plain.eq_ignore_ascii_case("links"))
        .map(|h| h.lines.clone())
}

/// What a record without front matter says about itself, as it is read.
#[derive(Default)]
struct Plain {
    front: FrontMatter,
    key_lines: Vec<(String, usize)>,
    status: Option<String>,
}

/// Parses a record without front matter (adr-tools or MADR 2). `text` is the whole file.
pub fn parse_plain(kind: &str, path: &str, text: String) -> Result<Record, RecordError> {
    let (bom, rest) = strip_bom(&text);
    let lines: Vec<&str> = rest.lines().collect();
    let outline = Outline::read(rest);
    let title = outline.title().ok_or_else(|| {
        RecordError::new(path, Some(1), "no `# ` title heading")
            .with_hint("a record starts with a `# Title` line (adr-tools: `# 1. Title`)")
            .with_rule(Rule::MissingTitle)
    })?;
    let (title_number, title_text) = split_title_number(&title.text);
    let preamble = preamble(&outline, lines.len());
    let format = detect_plain(&lines, preamble.clone());
    let mut plain = Plain::default();
    plain.read_preamble(&lines, preamble);
    if format == Format::AdrTools {
        if let Some(s) = status_section(&outline, rest) {
            plain.read_status_section(&lines, &s);
        }
    } else if let Some(links) = links_section(&outline) {
        for l in &lines[links] {
            plain.read_link(l);
        }
    }
    let (id, slug) = super::id_and_slug(path);
    let mut record = Record {
        kind: kind.to_string(),
        id,
        slug,
        path: path.to_string(),
        title: title_text,
        title_line: title.line,
        front: plain.front,
        key_lines: plain.key_lines,
        body_start: if bom { 3 } else { 0 },
        format,
        status_text: None,
        title_number,
        text: String::new(),
    };
    record.text = text;
    record.set_status_text(plain.status);
    Ok(record)
}

impl Plain {
    /// Metadata lines between the title and the first section (`Date: …`, `* Status: …`).
    fn read_preamble(&mut self, lines: &[&str], preamble: Range<usize>) {
        for i in preamble {
            let Some((key, value)) = meta_line(lines[i]) else {
                continue;
            };
            let value = value.trim();
            let front = &mut self.front;
            match key.as_str() {
                "status" if !value.is_empty() => {
                    self.status = Some(value.to_string());
                    self.key_lines.push(("status".to_string(), i + 1));
                }
                "date" => {
                    front.date = read_date(value);
                    self.key_lines.push(("date".to_string(), i + 1));
                }
                "deciders" | "decision makers" | "decision-makers" => {
                    front.decision_makers = list_value(value);
                }
                "consulted" => front.consulted = list_value(value),
                "informed" => front.informed = list_value(value),
                _ => {}
            }
        }
    }

    /// adr-tools' `## Status` section: its status words and the link lines of its head.
    fn read_status_section(&mut self, lines: &[&str], s: &StatusSection) {
        let words = s.words(lines);
        let link_texts: Vec<&str> = s
            .link_lines(lines)
            .into_iter()
            .map(|i| lines[i].trim())
            .filter(|t| self.read_link(t))
            .collect();
        self.key_lines.push(("status".to_string(), s.heading + 1));
        if !words.is_empty() {
            self.status = Some(words.join(" "));
        } else if let Some(by) = link_texts.iter().find(|t| {
            link_line(t).and_then(|(w, _, _)| Relation::read(w)) == Some(Relation::SupersededBy)
        }) {
            // adr-tools replaces the status of a superseded record by the link alone.
            self.status = Some(by.to_string());
        }
    }

    /// Reads a relation link line into the front matter; `false` when it is not a link line.
    fn read_link(&mut self, line: &str) -> bool {
        let Some((w, text, target)) = link_line(line) else {
            return false;
        };
        if let (Some(rel), Some(id)) = (Relation::read(w), link_id(text, target)) {
            push_id(rel.ids_mut(&mut self.front), id);
        }
        true
    }
}

/// MADR 2's `* Deciders: Ann, Bob <!-- optional -->`: the people named, without a template's
/// `[list everyone involved]`.
fn list_value(value: &str) -> Vec<String> {
    frontmatter::split_people(&plain_text(&without_html_comments(value)))
        .into_iter()
        .filter(|s| !s.starts_with('['))
        .collect()
}

fn push_id(list: &mut Vec<Id>, id: Id) {
    if !list.contains(&id) {
        list.push(id);
    }
}

impl Record {
    /// Sets the status from free text: the text as written, the normalised key, and the
    /// records a "superseded by …" status names.
    pub(crate) fn set_status_text(&mut self, raw: Option<String>) {
        let Some(raw) = raw
            .map(|r| without_html_comments(&r).trim().to_string())
            .filter(|r| !r.is_empty())
        else {
            self.front.status = None;
            self.status_text = None;
            return;
        };
        let key = status::normalise(&raw);
        if key.as_deref() == Some("superseded") {
            for id in ids_after_by(&raw) {
                push_id(&mut self.front.superseded_by, id);
            }
        }
        self.front.status = key;
        self.status_text = Some(raw);
    }

    /// Adjusts a front-matter record read from an existing folder (MADR 3/4): its status is
    /// free text, its title may carry a number, and a date that is not `YYYY-MM-DD` is read
    /// leniently.
    pub(crate) fn read_in_place(&mut self) {
        let raw = self.front.status.take();
        self.set_status_text(raw);
        let (n, title) = split_title_number(&self.title);
        if n.is_some() {
            self.title_number = n;
            self.title = title;
        }
        if let Some(d) = &self.front.date {
            if chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").is_err() {
                self.front.date = read_date(d);
            }
        }
    }

    /// The status as people should see it: the text as written for records from existing
    /// folders (Markdown reduced to its words), else the status.
    pub fn status_shown(&self) -> Option<String> {
        match &self.status_text {
            Some(raw) => Some(plain_text(raw)),
            None => self.front.status.clone(),
        }
    }
}

/// Points the relation links to record `old` (link lines, a MADR status) at `new`: its number in
/// the link text (`[2. Title]` → `[12. Title]`, `[ADR-0002]` → `display`) and `href`. Other
/// links and prose stay as written.
pub fn relink(text: &str, old: Id, new: Id, href: &str, display: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let status = meta_line(line).is_some_and(|(k, _)| k == "status");
        if !status && link_line(line).is_none() {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let Some(close) = after.find("](") else { break };
            let Some(end) = after[close + 2..].find(')') else {
                break;
            };
            let (t, h) = (&after[..close], &after[close + 2..close + 2 + end]);
            out.push_str(&renumber_refs(&rest[..open], old, new, status));
            if link_id(t, h) == Some(old) {
                let prefix = format!("{}. ", old.0);
                let new_text = match t.strip_prefix(&prefix) {
                    Some(title) => format!("{}. {title}", new.0),
                    None => match renumber_ref(t, old, new) {
                        Some(r) => r,
                        None if Id::parse_ref(t) == Some(old) => display.to_string(),
                        None => t.to_string(),
                    },
                };
                out.push_str(&format!("[{new_text}]({href})"));
            } else {
                out.push_str(&rest[open..open + 1 + close + 2 + end + 1]);
            }
            rest = &after[close + 2 + end + 1..];
        }
        // A status may name the successor in prose: "superseded by ADR-0003".
        out.push_str(&renumber_refs(rest, old, new, status));
    }
    out
}

/// `ADR-018` → `ADR-025` when it names `old`, keeping the letters, separator and width.
pub fn renumber_ref(token: &str, old: Id, new: Id) -> Option<String> {
    let t = token.trim();
    let letters = t.len()
        - t.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    if letters == 0 || !t[..letters].eq_ignore_ascii_case("adr") {
        return None;
    }
    let after = &t[letters..];
    let sep = after.len() - after.trim_start_matches(['-', '_', ' ']).len();
    let digits = &after[sep..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    (digits.parse::<u32>().ok() == Some(old.0))
        .then(|| format!("{}{:0w$}", &t[..letters + sep], new.0, w = digits.len()))
}

/// Renumbers every `ADR-n` naming `old` in prose, on status lines only (where it is a
/// relation; elsewhere prose is for a person to check).
fn renumber_refs(text: &str, old: Id, new: Id, status: bool) -> String {
    if !status {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.to_ascii_lowercase().find("adr") {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let tail = &rest[at..];
        let len = tail.len()
            - tail[3..]
                .trim_start_matches(['-', '_', ' '])
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let token = &tail[..len];
        out.push_str(&rest[..at]);
        match renumber_ref(token, old, new).filter(|_| before_ok) {
            Some(r) => out.push_str(&r),
            None => out.push_str(token),
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// Another record, as a link in a body points at it.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    pub id: Id,
    pub title: String,
    /// The target's file, relative to the linking record's folder.
    pub href: String,
    /// The id as people read it (`ADR-0005`).
    pub display: String,
}

/// What an edit sets.
#[derive(Debug, Clone)]
pub enum Edit {
    Status(String),
    Ids(Relation, Vec<Id>),
}

/// Applies one edit to `text`, the current content of `record`'s file, in the file's format.
/// `target` finds the records that link lines name.
pub fn edit(
    record: &Record,
    text: &str,
    edit: &Edit,
    target: &dyn Fn(Id) -> Option<LinkTarget>,
) -> Result<String, String> {
    let targets = |ids: &[Id]| -> Result<Vec<LinkTarget>, String> {
        ids.iter()
            .map(|id| target(*id).ok_or_else(|| format!("no record {} to link to", id.0)))
            .collect()
    };
    match record.format {
        Format::FrontMatter => {
            let (key, value) = match edit {
                Edit::Status(s) => ("status", frontmatter::Value::text(s)),
                // MADR writes a superseded record's successor into its status.
                Edit::Ids(Relation::SupersededBy, ids) => (
                    "status",
                    frontmatter::Value::text(&superseded_by(&targets(ids)?)),
                ),
                Edit::Ids(rel, ids) => (rel.key(), frontmatter::Value::ids(ids)),
            };
            frontmatter::set_key(text, key, &value).map_err(|e| e.message)
        }
        Format::AdrTools => edit_adr_tools(text, edit, &targets),
        Format::Madr2 => edit_madr2(text, edit, &targets),
    }
}

type Targets<'a> = dyn Fn(&[Id]) -> Result<Vec<LinkTarget>, String> + 'a;

/// Splits a file into lines without their endings, remembering the ending and a BOM.
fn split_lines(text: &str) -> (bool, &'static str, Vec<String>, bool) {
    let (bom, rest) = strip_bom(text);
    let eol = line_ending(rest);
    let trailing = rest.ends_with('\n');
    (
        bom,
        eol,
        rest.lines().map(str::to_string).collect(),
        trailing,
    )
}

fn join_lines(bom: bool, eol: &str, lines: &[String], trailing: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    out.push_str(&lines.join(eol));
    if trailing {
        out.push_str(eol);
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Edits an adr-tools record's `## Status` section: the status paragraph's lines, or link lines
/// added after the head's last link. Nothing else in the section is touched: what an author
/// wrote after the status (sub-headings, lists, prose) stays as it is.
fn edit_adr_tools(text: &str, edit: &Edit, targets: &Targets<'_>) -> Result<String, String> {
    let (bom, eol, mut lines, trailing) = split_lines(text);
    let joined = lines.join("\n");
    let outline = Outline::read(&joined);
    let Some(s) = status_section(&outline, &joined) else {
        // No Status section: add one before the first section after the title, then edit it.
        let at = preamble(&outline, lines.len()).end;
        lines.splice(at..at, ["## Status".to_string(), String::new()]);
        let with_section = join_lines(bom, eol, &lines, trailing || at == lines.len() - 2);
        let again = Outline::read(&with_section);
        if status_section(&again, &with_section).is_none() {
            return Err("cannot add a `## Status` section to this record".to_string());
        }
        return edit_adr_tools(&with_section, edit, targets);
    };
    match edit {
        Edit::Status(value) => set_adr_tools_status(&mut lines, &s, &capitalised(value)),
        Edit::Ids(rel, ids) => {
            let links = s.link_lines(&lines);
            let has_link = |rel: Relation, id: Id| {
                links.iter().any(|&i| {
                    link_line(&lines[i]).is_some_and(|(w, text, target)| {
                        Relation::read(w) == Some(rel) && link_id(text, target) == Some(id)
                    })
                })
            };
            let mut added = Vec::new();
            for t in targets(ids)? {
                if !has_link(*rel, t.id) {
                    added.push(String::new());
                    added.push(format!(
                        "{} [{}. {}]({})",
                        rel.words(),
                        t.id.0,
                        t.title,
                        t.href
                    ));
                }
            }
            let after = links
                .last()
                .copied()
                .or_else(|| s.status.as_ref().map(|r| r.end - 1))
                .unwrap_or(s.heading);
            lines.splice(after + 1..after + 1, added);
            // adr-tools replaces a `Superseded` status by the link that says by what.
            let words = s.words(&lines);
            if *rel == Relation::SupersededBy
                && words.len() == 1
                && words[0].eq_ignore_ascii_case("superseded")
            {
                let remove = s.word_lines(&lines);
                remove_lines(&mut lines, &remove);
            }
        }
    }
    Ok(join_lines(bom, eol, &lines, trailing))
}

/// Sets the status: the first of the status paragraph's word lines becomes `value` and the
/// others go; with no status paragraph, the value on the heading or a new paragraph first.
fn set_adr_tools_status(lines: &mut Vec<String>, s: &StatusSection, value: &str) {
    let word_lines = s.word_lines(lines);
    if let Some((&first, rest)) = word_lines.split_first() {
        lines[first] = value.to_string();
        remove_lines(lines, rest);
    } else if let Some((head, _)) = lines[s.heading].split_once(':') {
        lines[s.heading] = format!("{head}: {value}");
    } else {
        let at = s.heading + 1;
        lines.splice(at..at, [String::new(), value.to_string()]);
        if lines.get(at + 2).is_some_and(|l| !l.trim().is_empty()) {
            lines.insert(at + 2, String::new());
        }
    }
}

/// Removes the given lines (ascending indices); when that empties a paragraph, the blank line
/// after it goes too.
fn remove_lines(lines: &mut Vec<String>, remove: &[usize]) {
    for &i in remove.iter().rev() {
        let blank_before = i == 0 || lines[i - 1].trim().is_empty();
        lines.remove(i);
        if blank_before && lines.get(i).is_some_and(|l| l.trim().is_empty()) {
            lines.remove(i);
        }
    }
}

fn edit_madr2(text: &str, edit: &Edit, targets: &Targets<'_>) -> Result<String, String> {
    let (bom, eol, mut lines, trailing) = split_lines(text);
    let outline = Outline::read(&lines.join("\n"));
    let preamble = preamble(&outline, lines.len());
    match edit {
        Edit::Status(s) => set_madr2_status(&mut lines, preamble, s),
        Edit::Ids(Relation::SupersededBy, ids) => {
            set_madr2_status(&mut lines, preamble, &superseded_by(&targets(ids)?))
        }
        Edit::Ids(rel, ids) => {
            let section = links_section(&outline);
            add_madr2_links(&mut lines, section, *rel, &targets(ids)?);
        }
    }
    Ok(join_lines(bom, eol, &lines, trailing || !text.is_empty()))
}

/// MADR's status of a superseded record: `superseded by [ADR-0005](0005-x.md)`.
fn superseded_by(targets: &[LinkTarget]) -> String {
    let links: Vec<String> = targets
        .iter()
        .map(|t| format!("[{}]({})", t.display, t.href))
        .collect();
    format!("superseded by {}", links.join(", "))
}

/// Sets the `* Status:` line of the list under the title (`preamble`), or adds one.
fn set_madr2_status(lines: &mut Vec<String>, preamble: Range<usize>, value: &str) {
    let found = preamble
        .clone()
        .find(|&i| meta_line(&lines[i]).is_some_and(|(k, _)| k == "status"));
    match found {
        Some(i) => {
            let l = &lines[i];
            let colon = l.find(':').unwrap_or(l.len());
            // Keep `* Status:` (or `- **Status**:`) as written; replace what follows.
            let head = &l[..colon + 1];
            let head = if l[colon + 1..].trim_start().starts_with("**") {
                format!("{head}**")
            } else {
                head.to_string()
            };
            lines[i] = format!("{head} {value}");
        }
        None => {
            let at = preamble.start;
            lines.splice(at..at, [String::new(), format!("* Status: {value}")]);
        }
    }
}

/// Adds `* Refined by [ADR-0005](0005-x.md)` items to the `## Links` section (the lines of
/// `section`), or to a new one at the end, unless already there.
fn add_madr2_links(
    lines: &mut Vec<String>,
    section: Option<Range<usize>>,
    rel: Relation,
    targets: &[LinkTarget],
) {
    let (start, end) = match section {
        Some(section) => (section.start, section.end),
        None => {
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            lines.extend([String::new(), "## Links".to_string(), String::new()]);
            (lines.len(), lines.len())
        }
    };
    let mut at = end;
    while at > start && lines[at - 1].trim().is_empty() {
        at -= 1;
    }
    if at == start && at < lines.len() && lines[at].trim().is_empty() {
        at += 1;
    }
    let existing: Vec<(Relation, Id)> = lines[start..end]
        .iter()
        .filter_map(|l| {
            let (w, text, target) = link_line(l)?;
            Some((Relation::read(w)?, link_id(text, target)?))
        })
        .collect();
    let new: Vec<String> = targets
        .iter()
        .filter(|t| !existing.contains(&(rel, t.id)))
        .map(|t| format!("* {} [{}]({})", rel.words(), t.display, t.href))
        .collect();
    lines.splice(at..at, new);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(path: &str, text: &str) -> Record {
        parse_plain("adr", path, text.to_string()).unwrap()
    }

    const NYGARD: &str = "# 2. Use PostgreSQL\n\nDate: 2018-03-04\n\n## Status\n\nAccepted\n\nSupersedes [1. Use MySQL](0001-use-mysql.md)\n\n## Context\n\nWe need a database.\n";

    #[test]
    fn reads_adr_tools_records() {
        let r = parse("doc/adr/0002-use-postgresql.md", NYGARD);
        assert_eq!(r.format, Format::AdrTools);
        assert_eq!(r.title, "Use PostgreSQL");
        assert_eq!(r.title_number, Some(2));
        assert_eq!(r.front.date.as_deref(), Some("2018-03-04"));
        assert_eq!(r.front.status.as_deref(), Some("accepted"));
        assert_eq!(r.status_text.as_deref(), Some("Accepted"));
        assert_eq!(r.front.supersedes, vec![Id(1)]);
        assert_eq!(r.key_line("status"), 5);
        assert_eq!(r.key_line("date"), 3);

        let old = parse(
            "doc/adr/0001-use-mysql.md",
            "# 1. Use MySQL\r\n\r\nDate: 2017-01-01\r\n\r\n## Status\r\n\r\nSuperceded by [2. Use PostgreSQL](0002-use-postgresql.md)\r\n\r\n## Context\r\n",
        );
        assert_eq!(old.front.status.as_deref(), Some("superseded"));
        assert_eq!(old.front.superseded_by, vec![Id(2)]);
        assert_eq!(
            old.status_shown().as_deref(),
            Some("Superceded by 2. Use PostgreSQL")
        );
    }

    #[test]
    fn sections_in_code_or_comments_are_not_read() {
        let r = parse(
            "doc/adr/0003-x.md",
            "Use X\n=====\n\nDate: 2024-01-05\n\n~~~~md\n## Status\n\nRejected\n~~~~\n\n\
             <!--\n## Status\n\nDeprecated\n-->\n\n## Status\n\nAccepted\n\n## Context\n",
        );
        assert_eq!((r.title.as_str(), r.title_line), ("Use X", 1));
        assert_eq!(r.front.date.as_deref(), Some("2024-01-05"));
        assert_eq!(r.status_text.as_deref(), Some("Accepted"));
        assert_eq!(r.key_line("status"), 18);
        let m = parse(
            "docs/adr/0004-y.md",
            "# Y\n\n* Status: accepted\n\n## Context\n\n```\n## Links\n\n* Amends [ADR-0001](0001-a.md)\n```\n",
        );
        assert_eq!(m.format, Format::Madr2);
        assert!(m.front.amends.is_empty(), "{:?}", m.front);
    }

    #[test]
    fn status_as_sub_heading_paragraph_or_choice() {
        let r = parse(
            "a/0003-x.md",
            "# 3. X\n\n## Status\n\n### Proposed\n\n## Context\n",
        );
        assert_eq!(r.front.status.as_deref(), Some("proposed"));
        let r = parse(
            "a/0003-x.md",
            "# 3. X\n\n## Status\n\nThe team accepted this in the\nMarch meeting.\n",
        );
        assert_eq!(r.front.status.as_deref(), Some("accepted"));
        assert_eq!(
            r.status_text.as_deref(),
            Some("The team accepted this in the March meeting.")
        );
        let r = parse(
            "a/0003-x.md",
            "# 3. X\n\n## Status\n\n{Deprecated|Proposed|Accepted}\n",
        );
        assert_eq!(r.front.status, None);
        assert!(r.status_text.is_some());
        let r = parse("a/0003-x.md", "# X\n\nSome text.\n");
        assert_eq!((r.front.status.clone(), r.title_number), (None, None));
    }

    #[test]
    fn reads_madr2_records() {
        let text = "# Use Markdown Architectural Decision Records\n\n* Status: superseded by [ADR-0005](0005-example.md)\n* Deciders: Alice, Bob\n* Date: 2019-05-02\n\n## Context and Problem Statement\n\nText.\n\n## Links\n\n* Refined by [ADR-0007](0007-x.md)\n* Amends [ADR-0001](0001-y.md)\n";
        let r = parse("docs/adr/0004-use-madr.md", text);
        assert_eq!(r.format, Format::Madr2);
        assert_eq!(r.front.status.as_deref(), Some("superseded"));
        assert_eq!(r.front.superseded_by, vec![Id(5)]);
        assert_eq!(r.front.decision_makers, vec!["Alice", "Bob"]);
        assert_eq!(r.front.date.as_deref(), Some("2019-05-02"));
        assert_eq!(r.front.relates, vec![Id(7)]);
        assert_eq!(r.front.amends, vec![Id(1)]);
    }

    #[test]
    fn relinks_links_and_prose() {
        let text = "* Status: superseded by ADR-0003\n* Deciders: ADR-0003 fans\nSupersedes [3. X](0003-x.md)\n";
        assert_eq!(
            relink(text, Id(3), Id(9), "0009-x.md", "ADR-0009"),
            "* Status: superseded by ADR-0009\n* Deciders: ADR-0003 fans\nSupersedes [9. X](0009-x.md)\n"
        );
        let text = "---\nstatus: superseded by [ADR-018](adr-018-scala.md) and ADR-0180\n---\n";
        assert_eq!(
            relink(text, Id(18), Id(25), "adr-025-scala.md", "ADR-0025"),
            "---\nstatus: superseded by [ADR-025](adr-025-scala.md) and ADR-0180\n---\n"
        );
        assert_eq!(
            renumber_ref("adr 5", Id(5), Id(7)).as_deref(),
            Some("adr 7")
        );
        assert_eq!(renumber_ref("ADR-50", Id(5), Id(7)), None);
    }

    #[test]
    fn comments_are_not_part_of_a_status() {
        let r = parse(
            "docs/adr/0004-x.md",
            "# X\n\n* Status: accepted <!-- optional -->\n* Deciders: Ann <!-- optional -->\n",
        );
        assert_eq!(r.status_text.as_deref(), Some("accepted"));
        assert_eq!(r.front.decision_makers, vec!["Ann"]);
        let text = "# 3. X\n\n## Status\n\n<!-- one of … -->\nProposed\n";
        let r = parse("a/0003-x.md", text);
        assert_eq!(r.status_text.as_deref(), Some("Proposed"));
        let t = edit(&r, text, &Edit::Status("accepted".into()), &targets).unwrap();
        assert_eq!(t, "# 3. X\n\n## Status\n\n<!-- one of … -->\nAccepted\n");
    }

    /// A Nygard status is the first paragraph of `## Status`; (section body, status text).
    const STATUS_CASES: [(&str, &str); 6] = [
        (
            "Implemented\n\n### Positive\n\n- Faster verification\n\n### Negative\n\n- Slower builds\n",
            "Implemented",
        ),
        ("Accepted\n\n---\n\nMore notes.\n", "Accepted"),
        (
            "Accepted\n\nWe need a database that many teams can run. It must scale\nto many tenants.\n",
            "Accepted",
        ),
        (
            "> A decision may be \"proposed\" if the team has not agreed yet.\n\n<!-- status -->\n\nProposed\nby the platform team\n\nMore.\n",
            "Proposed by the platform team",
        ),
        ("- Faster\n\nAccepted\n", ""),
        ("Accepted\nSupersedes [1. A](0001-a.md)\n", "Accepted"),
    ];

    #[test]
    fn nygard_status_is_the_first_paragraph() {
        for (section, want) in STATUS_CASES {
            let text = format!("# 3. X\n\n## Status\n\n{section}\n## Context\n\nWhy.\n");
            let r = parse("a/0003-x.md", &text);
            assert_eq!(r.status_text.as_deref().unwrap_or(""), want, "{section:?}");
        }
    }

    #[test]
    fn nygard_status_edits_change_only_the_status_lines() {
        for (section, want) in STATUS_CASES.into_iter().filter(|(_, w)| !w.is_empty()) {
            let text = format!("# 3. X\n\n## Status\n\n{section}\n## Context\n\nWhy.\n");
            let r = parse("a/0003-x.md", &text);
            let t = edit(&r, &text, &Edit::Status("deprecated".into()), &targets).unwrap();
            let (old, new) = (text.lines().count(), t.lines().count());
            let removed = want.split(' ').count().min(2) - 1;
            assert_eq!(new, old - removed, "{t}");
            assert_eq!(
                parse("a/0003-x.md", &t).status_text.as_deref(),
                Some("Deprecated")
            );
            let status_line = |l: &&str| !l.trim().is_empty() && want.contains(l.trim());
            let kept: Vec<&str> = text.lines().filter(|l| !status_line(l)).collect();
            let after: Vec<&str> = t.lines().filter(|l| *l != "Deprecated").collect();
            assert_eq!(kept, after, "{t}");
            let t = link(&r, &text, Relation::Amends, 5);
            assert_eq!(t.lines().count(), old + 2, "{t}");
            assert!(
                t.contains("\n\nAmends [5. Title 5](0005-title-5.md)\n"),
                "{t}"
            );
            assert_eq!(parse("a/0003-x.md", &t).status_text.as_deref(), Some(want));
        }
    }

    #[test]
    fn title_numbers() {
        assert_eq!(split_title_number("3. Use X"), (Some(3), "Use X".into()));
        assert_eq!(
            split_title_number("ADR-003: Use X"),
            (Some(3), "Use X".into())
        );
        assert_eq!(split_title_number("12 - Use X"), (Some(12), "Use X".into()));
        assert_eq!(
            split_title_number("2024 plans"),
            (None, "2024 plans".into())
        );
        assert_eq!(split_title_number("Use X"), (None, "Use X".into()));
        for (title, n, rest) in [
            ("ADR 025 Commit", 25, "Commit"),
            ("ADR 028: : LibP2P Integration", 28, "LibP2P Integration"),
            ("12. Title", 12, "Title"),
            ("ADR-012 - Title", 12, "Title"),
            ("ADR 012: Title", 12, "Title"),
            ("adr_7 – Title", 7, "Title"),
            ("3. .NET upgrade", 3, ".NET upgrade"),
            ("4.Tight", 4, "Tight"),
        ] {
            assert_eq!(split_title_number(title), (Some(n), rest.into()), "{title}");
        }
        for title in [
            "12.5 percent",
            "ADRs first",
            "2024 plans",
            "ADR 25",
            "7-day window",
        ] {
            assert_eq!(split_title_number(title), (None, title.into()), "{title}");
        }
        assert_eq!(
            renumber_title("ADR 025 Commit\n", Id(25), Id(31)).as_deref(),
            Some("ADR 031 Commit\n")
        );
        assert_eq!(
            renumber_title("2. Title", Id(2), Id(12)).as_deref(),
            Some("12. Title")
        );
        assert_eq!(renumber_title("ADR-012 - T", Id(2), Id(3)), None);
    }

    fn targets(id: Id) -> Option<LinkTarget> {
        Some(LinkTarget {
            id,
            title: format!("Title {}", id.0),
            href: format!("{:04}-title-{}.md", id.0, id.0),
            display: format!("ADR-{:04}", id.0),
        })
    }

    /// `text` (the file of `r`) after linking it to `id` by `rel`.
    fn link(r: &Record, text: &str, rel: Relation, id: u32) -> String {
        edit(r, text, &Edit::Ids(rel, vec![Id(id)]), &targets).unwrap()
    }

    #[test]
    fn adr_tools_edits_keep_the_layout() {
        let r = parse("doc/adr/0002-use-postgresql.md", NYGARD);
        let t = edit(&r, NYGARD, &Edit::Status("superseded".into()), &targets).unwrap();
        let t = link(&r, &t, Relation::SupersededBy, 3);
        assert_eq!(
            t,
            "# 2. Use PostgreSQL\n\nDate: 2018-03-04\n\n## Status\n\nSupersedes [1. Use MySQL](0001-use-mysql.md)\n\nSuperseded by [3. Title 3](0003-title-3.md)\n\n## Context\n\nWe need a database.\n"
        );
        let again = parse("doc/adr/0002-use-postgresql.md", &t);
        assert_eq!(again.front.status.as_deref(), Some("superseded"));
        assert_eq!(again.front.superseded_by, vec![Id(3)]);
        assert_eq!(again.front.supersedes, vec![Id(1)]);

        let t = edit(&r, NYGARD, &Edit::Status("deprecated".into()), &targets).unwrap();
        assert_eq!(t, NYGARD.replace("\nAccepted\n", "\nDeprecated\n"));
        // Idempotent link
        let t2 = link(&r, NYGARD, Relation::Supersedes, 1);
        assert_eq!(t2, NYGARD);
        // CRLF kept
        let crlf = NYGARD.replace('\n', "\r\n");
        let t = edit(&r, &crlf, &Edit::Status("deprecated".into()), &targets).unwrap();
        assert_eq!(t, crlf.replace("\r\nAccepted\r\n", "\r\nDeprecated\r\n"));
    }

    #[test]
    fn madr2_edits() {
        let text = "# Use X\n\n* Status: accepted\n* Date: 2019-05-02\n\n## Context and Problem Statement\n\nText.\n";
        let r = parse("docs/adr/0004-use-x.md", text);
        let t = link(&r, text, Relation::SupersededBy, 5);
        assert!(
            t.contains("* Status: superseded by [ADR-0005](0005-title-5.md)\n"),
            "{t}"
        );
        let t = link(&r, text, Relation::Supersedes, 1);
        assert!(
            t.ends_with("Text.\n\n## Links\n\n* Supersedes [ADR-0001](0001-title-1.md)\n"),
            "{t:?}"
        );
        let again = parse("docs/adr/0004-use-x.md", &t);
        assert_eq!(again.front.supersedes, vec![Id(1)]);
        let t3 = link(&again, &t, Relation::Amends, 2);
        assert!(
            t3.ends_with(
                "* Supersedes [ADR-0001](0001-title-1.md)\n* Amends [ADR-0002](0002-title-2.md)\n"
            ),
            "{t3:?}"
        );
    }
}
