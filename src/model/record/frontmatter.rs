//! YAML front matter: finding the block, reading it into typed fields, and surgical edits that
//! rewrite only the lines of the keys a command sets.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use super::Id;

/// The keys git-adr understands. Unknown keys are allowed (and kept in the file, since edits
/// never re-serialise the block); they are simply not read here.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct FrontMatter {
    pub status: Option<String>,
    pub date: Option<String>,
    /// MADR 4 `decision-makers`; MADR 3 called it `deciders`, read as an alias.
    #[serde(alias = "deciders", deserialize_with = "people")]
    pub decision_makers: Vec<String>,
    #[serde(deserialize_with = "people")]
    pub consulted: Vec<String>,
    #[serde(deserialize_with = "people")]
    pub informed: Vec<String>,
    #[serde(deserialize_with = "strings")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "strings")]
    pub paths: Vec<String>,
    #[serde(deserialize_with = "ids")]
    pub supersedes: Vec<Id>,
    #[serde(deserialize_with = "ids")]
    pub superseded_by: Vec<Id>,
    #[serde(deserialize_with = "ids")]
    pub amends: Vec<Id>,
    #[serde(deserialize_with = "ids")]
    pub amended_by: Vec<Id>,
    #[serde(deserialize_with = "ids")]
    pub relates: Vec<Id>,
    pub review_by: Option<String>,
    #[serde(deserialize_with = "strings")]
    pub dod: Vec<String>,
    /// Records of other kinds this one belongs to, by display id (`ADR-0002`): how a
    /// decision-log entry points at the ADRs it serves.
    #[serde(deserialize_with = "strings")]
    pub links: Vec<String>,
}

impl FrontMatter {
    /// The relation lists by front-matter key, in the order records write them.
    pub fn relations(&self) -> [(super::Relation, &Vec<Id>); 5] {
        super::Relation::ALL.map(|r| (r, r.ids(self)))
    }
}

/// Where the front matter sits in a file. Offsets are byte offsets into the text *after* any
/// UTF-8 byte-order mark; lines are 1-based lines of the file.
#[derive(Debug, Clone)]
pub struct Block {
    /// Byte range of the YAML between the fences.
    pub yaml: std::ops::Range<usize>,
    /// 1-based file line of the first YAML line (the line after the opening `---`).
    pub first_line: usize,
    /// Byte offset where the body starts (after the closing fence's line ending).
    pub body_start: usize,
    /// 1-based file line where the body starts.
    pub body_line: usize,
}

/// A problem in the front matter, with the 1-based file line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
    pub hint: Option<&'static str>,
}

const BOM: &str = "\u{feff}";

/// Splits off a UTF-8 byte-order mark, if the text starts with one.
pub fn strip_bom(text: &str) -> (bool, &str) {
    match text.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// The line ending a file uses, judged by its first line: CRLF files stay CRLF.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn is_fence(line: &str, closing: bool) -> bool {
    let l = line
        .trim_end_matches(['\r', '\n'])
        .trim_end_matches([' ', '\t']);
    l == "---" || (closing && l == "...")
}

/// Finds the front-matter block of `text` (without BOM).
pub fn locate(text: &str) -> Result<Block, FrontMatterError> {
    if text.trim().is_empty() {
        return Err(FrontMatterError {
            line: None,
            message: "the file is empty".into(),
            hint: Some("a record starts with YAML front matter between `---` lines, then a `# Title` heading"),
        });
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first, false) {
        return Err(FrontMatterError {
            line: Some(1),
            message: "no front matter: the first line must be `---`".into(),
            hint: Some("start the file with `---`, the YAML keys (at least `status:`), and another `---` line"),
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        if is_fence(line, true) {
            return Ok(Block {
                yaml: yaml_start..offset,
                first_line: 2,
                body_start: offset + line.len(),
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: Some(1),
        message: "the front matter opened on line 1 is never closed".into(),
        hint: Some("add a line `---` after the last front-matter key"),
    })
}

/// Limits that keep a hostile or broken front matter from costing much (also used for the other
/// YAML git-adr reads out of records, such as checklist items).
pub(crate) fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 16;
    budget.max_events = 20_000;
    budget.max_nodes = 10_000;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = 512 * 1024;
    serde_saphyr::options! { budget: Some(budget) }
}

/// Reads the YAML of a front-matter block. `first_line` is the file line of the YAML's first line,
/// so errors point into the file.
pub fn parse(yaml: &str, first_line: usize) -> Result<FrontMatter, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    // CRs are dropped so error columns stay simple; lines stay where they were.
    let yaml = quote_single_strings(&yaml.replace("\r\n", "\n"));
    serde_saphyr::from_str_with_options::<Option<FrontMatter>>(&yaml, options())
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            let line = e
                .location()
                .map(|l| l.line() as usize)
                .filter(|l| *l > 0)
                .map(|l| l + first_line - 1);
            let rendered = e.render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            });
            FrontMatterError {
                line,
                message: format!("invalid front matter: {}", clean_message(&rendered)),
                hint: Some("fix the YAML between the `---` lines (lists look like `tags: [a, b]`)"),
            }
        })
}

/// Keys whose value is a list of strings.
const STRING_LIST_KEYS: &[&str] = &[
    "links",
    "decision-makers",
    "deciders",
    "consulted",
    "informed",
    "tags",
    "paths",
    "dod",
];

/// Is `key` one that [`FrontMatter`] reads into a typed field (`deciders` being MADR 3's name
/// for `decision-makers`)? The others are a team's own keys.
pub fn is_typed_key(key: &str) -> bool {
    matches!(key, "status" | "date" | "review-by")
        || STRING_LIST_KEYS.contains(&key)
        || super::Relation::from_key(key).is_some()
}

/// `tags: no` is one tag named "no", but a YAML reader sees the boolean false before it knows a
/// string is wanted. Quote a single plain value of a string-list key (on the same line, so line
/// numbers do not move) so it reads as the text that was written.
fn quote_single_strings(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let rewritten = key_of_line(body)
            .filter(|k| STRING_LIST_KEYS.contains(k))
            .and_then(|_| {
                let colon = body.find(':')?;
                let after = &body[colon + 1..];
                let (value, comment) = match comment_start(after) {
                    Some(c) => (&after[..c], &after[c..]),
                    None => (after, ""),
                };
                let v = value.trim();
                let plain = !v.is_empty()
                    && !v.starts_with([
                        '[', '{', '"', '\'', '|', '>', '&', '*', '!', '#', '%', '@', '`',
                    ]);
                plain.then(|| format!("{}: {} {comment}", &body[..colon], yaml_quoted(v)))
            });
        match rewritten {
            Some(r) => {
                out.push_str(r.trim_end());
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

/// A string as a double-quoted YAML scalar.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// serde-saphyr appends its own " at line L column C"; we report the file line ourselves.
fn clean_message(m: &str) -> String {
    let first = m.lines().next().unwrap_or(m).trim();
    let first = match first.rfind(" at line ") {
        Some(i) => first[..i].trim_end_matches([',', ':']),
        None => first,
    };
    // The library's advice to its own callers means nothing to a person editing a record.
    match first.split_once(", set DuplicateKeyPolicy") {
        Some((head, _)) => format!("{head} (each key may appear only once)"),
        None => first.to_string(),
    }
}

/// A list of strings; a single scalar is read as a one-element list. Elements are asked for as
/// strings so that `no`, `on` or `1.10` stay text.
fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(Strings { people: false })
}

/// People (`decision-makers`, `deciders`, `consulted`, `informed`): a list, or one string
/// naming several, as MADR 3 users write `deciders: Alice Chen, Bob Ruiz` (see
/// [`split_people`]). An element of a list is one entry, as written.
fn people<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(Strings { people: true })
}

/// Reads a list of strings; `people` splits a single string into the people it names.
struct Strings {
    people: bool,
}

impl<'de> Visitor<'de> for Strings {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of strings, like [a, b]")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element::<String>()? {
            out.push(s);
        }
        Ok(out)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(if self.people {
            split_people(v)
        } else if v.is_empty() {
            vec![]
        } else {
            vec![v.to_string()]
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(vec![])
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(vec![])
    }
}

/// The people one string names: split at `,` and `;`, each name trimmed, empty ones dropped.
/// (" and " is not a separator: it is part of too many team names.)
pub(crate) fn split_people(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A list of record ids; each may be written `2`, `"0002"` or `ADR-0002`; a single id is read as
/// a one-element list.
fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Id>, D::Error> {
    struct IdElem(Id);
    impl<'de> Deserialize<'de> for IdElem {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(IdVisitor).map(IdElem)
        }
    }
    struct IdVisitor;
    impl<'de> Visitor<'de> for IdVisitor {
        type Value = Id;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a record id such as 2 or ADR-0002")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
            u32::try_from(v)
                .ok()
                .filter(|v| *v > 0)
                .map(Id)
                .ok_or_else(|| E::custom(format!("{v} is not a valid record id")))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
            self.visit_u64(
                u64::try_from(v).map_err(|_| E::custom(format!("{v} is not a valid record id")))?,
            )
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
            Id::parse_ref(v)
                .ok_or_else(|| E::custom(format!("`{v}` is not a record id such as 2 or ADR-0002")))
        }
    }
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<Id>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of record ids, like [2, 5]")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(IdElem(id)) = seq.next_element()? {
                out.push(id);
            }
            Ok(out)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            IdVisitor.visit_u64(v).map(|id| vec![id])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            IdVisitor.visit_i64(v).map(|id| vec![id])
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            IdVisitor.visit_str(v).map(|id| vec![id])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(vec![])
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(vec![])
        }
    }
    d.deserialize_any(V)
}

/// A value to write into the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Scalar(String),
    List(Vec<String>),
}

impl Value {
    pub fn ids(ids: &[Id]) -> Value {
        Value::List(ids.iter().map(|i| i.0.to_string()).collect())
    }
    pub fn text(s: &str) -> Value {
        Value::Scalar(yaml_scalar(s))
    }
}

/// Renders a string as a YAML scalar: plain when that reads back as the same string, otherwise
/// double-quoted with escapes.
pub fn yaml_scalar(s: &str) -> String {
    // Plain only when YAML cannot read it as anything but this string: it starts with a letter
    // (so no number, `.inf`, `0x10`, `-`, `*`, `&`, `!`…), holds no indicator characters, and is
    // not one of the words YAML 1.1 readers turn into booleans or null.
    let plain_ok = s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ._/-".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain_ok {
        return s.to_string();
    }
    yaml_quoted(s)
}

/// Strings as the inside of a YAML flow sequence: `a, "b: c"` (written as `[a, "b: c"]`).
pub fn yaml_flow_items(items: &[String]) -> String {
    items
        .iter()
        .map(|s| yaml_scalar(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Does this YAML line start top-level key `key`?
fn key_of_line(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || first == '#' || first == '-' {
        return None;
    }
    let (key, rest) = if first == '"' || first == '\'' {
        let end = line[1..].find(first)? + 1;
        (&line[1..end], &line[end + 1..])
    } else {
        let colon = line.find(':')?;
        (line[..colon].trim_end(), &line[colon..])
    };
    let rest = rest.strip_prefix(':')?;
    if rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']) {
        Some(key)
    } else {
        None
    }
}

/// Index of a ` #` comment on a line, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev_space = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_space => return Some(i),
            None => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    None
}

fn bracket_depth(s: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                '#' => break,
                _ => {}
            },
        }
    }
    depth
}

/// Sets `key` to `value` in the front matter of `text` (a whole record file), rewriting only the
/// lines of that key and keeping every other byte. Appends the key at the end of the block when
/// it is absent. The BOM and the file's line ending are kept. For example, setting `status` to
/// `superseded` in
///
/// ```text
/// ---
/// status: accepted   # agreed in review
/// team: storage
/// ---
/// ```
///
/// gives `status: superseded # agreed in review` and leaves the other lines as they are.
pub fn set_key(text: &str, key: &str, value: &Value) -> Result<String, FrontMatterError> {
    let (bom, rest) = strip_bom(text);
    let block = locate(rest)?;
    let yaml = &rest[block.yaml.clone()];
    let lines: Vec<String> = yaml
        .split_inclusive('\n')
        .map(|l| l.trim_end_matches(['\n', '\r']).to_string())
        .collect();
    let out_lines = match lines.iter().position(|l| key_of_line(l) == Some(key)) {
        // A block whose last line lacks an ending is impossible here (the fence follows).
        None => [lines, render(key, value, None, None)].concat(),
        Some(i) => {
            let end = value_end(&lines, i);
            [
                &lines[..i],
                &replace_value(&lines[i..end], value)[..],
                &lines[end..],
            ]
            .concat()
        }
    };
    let eol = line_ending(rest);
    let mut result = String::with_capacity(text.len() + 64);
    if bom {
        result.push_str(BOM);
    }
    result.push_str(&rest[..block.yaml.start]);
    for l in &out_lines {
        result.push_str(l);
        result.push_str(eol);
    }
    result.push_str(&rest[block.yaml.end..]);
    // Never write what we cannot read back.
    let check = locate(strip_bom(&result).1)?;
    parse(&strip_bom(&result).1[check.yaml.clone()], check.first_line)?;
    Ok(result)
}

/// The end (exclusive) of the lines holding the value of the key on line `i`: indented,
/// `- item` and comment lines, and the lines of an open `[`/`{`. Blank lines and column-0
/// comments at the end belong to what follows.
fn value_end(lines: &[String], i: usize) -> usize {
    let key_line = &lines[i];
    let mut end = i + 1;
    let mut depth = bracket_depth(&key_line[key_line.find(':').map_or(0, |c| c + 1)..]);
    while let Some(l) = lines.get(end) {
        let continues = depth > 0
            || l.is_empty()
            || l.starts_with([' ', '\t', '#'])
            || l == "-"
            || l.starts_with("- ");
        if !continues {
            break;
        }
        depth += bracket_depth(l);
        end += 1;
    }
    while end > i + 1 {
        let l = &lines[end - 1];
        if depth <= 0 && (l.trim().is_empty() || l.starts_with('#')) {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

/// The lines of one key (its line, then its value's lines) with `value` instead: the key as
/// written, a trailing comment at its column, a block sequence's style and indentation, and the
/// comments inside the old value (after the new one) are kept.
fn replace_value(old: &[String], value: &Value) -> Vec<String> {
    let key_line = &old[0];
    let colon = key_line.find(':');
    let after_colon = &key_line[colon.map_or(key_line.len(), |c| c + 1)..];
    let (inline_value, comment) = match comment_start(after_colon) {
        Some(c) => (
            after_colon[..c].trim(),
            Some((
                after_colon[c..].to_string(),
                key_line.len() - after_colon.len() + c,
            )),
        ),
        None => (after_colon.trim(), None),
    };
    let block_indent = if inline_value.is_empty() {
        old[1..].iter().find_map(|l| {
            let t = l.trim_start();
            (t == "-" || t.starts_with("- ")).then(|| l[..l.len() - t.len()].to_string())
        })
    } else {
        None
    };
    let key = &key_line[..colon.unwrap_or(0)];
    let mut out = render(key, value, block_indent.as_deref(), comment);
    out.extend(
        old[1..]
            .iter()
            .filter(|l| l.trim_start().starts_with('#'))
            .cloned(),
    );
    out
}

fn render(
    key: &str,
    value: &Value,
    block_indent: Option<&str>,
    comment: Option<(String, usize)>,
) -> Vec<String> {
    let mut first = match (value, block_indent) {
        (Value::Scalar(s), _) => format!("{key}: {s}"),
        (Value::List(items), Some(_)) if !items.is_empty() => format!("{key}:"),
        (Value::List(items), _) => format!("{key}: [{}]", items.join(", ")),
    };
    if let Some((comment, column)) = comment {
        let pad = column.saturating_sub(first.chars().count()).max(1);
        first.push_str(&" ".repeat(pad));
        first.push_str(&comment);
    }
    let mut out = vec![first];
    if let (Value::List(items), Some(indent)) = (value, block_indent) {
        out.extend(items.iter().map(|item| format!("{indent}- {item}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_key_keeps_a_trailing_comment_and_the_other_keys() {
        let text =
            "---\nstatus: accepted   # agreed in review\nteam: storage\n---\n# Use PostgreSQL\n";
        let edited = set_key(text, "status", &Value::text("superseded")).unwrap();
        assert_eq!(
            edited,
            "---\nstatus: superseded # agreed in review\nteam: storage\n---\n# Use PostgreSQL\n"
        );
    }

    fn fm(text: &str) -> FrontMatter {
        let b = locate(text).unwrap();
        parse(&text[b.yaml.clone()], b.first_line).unwrap()
    }

    #[test]
    fn reads_typed_keys_and_keeps_strings_as_strings() {
        let f = fm("---\nstatus: accepted\ndate: 2026-11-24\ndeciders: [alice, no]\ntags: [1.10, on]\nsupersedes: [1, ADR-0003, \"0004\"]\nfoo: {bar: 1}\n---\n# T\n");
        assert_eq!(f.status.as_deref(), Some("accepted"));
        assert_eq!(f.date.as_deref(), Some("2026-11-24"));
        assert_eq!(f.decision_makers, vec!["alice", "no"]);
        assert_eq!(f.tags, vec!["1.10", "on"]);
        assert_eq!(f.supersedes, vec![Id(1), Id(3), Id(4)]);
    }

    #[test]
    fn single_scalars_are_one_element_lists() {
        let f = fm("---\ntags: storage\nsupersedes: 2\n---\n");
        assert_eq!(f.tags, vec!["storage"]);
        assert_eq!(f.supersedes, vec![Id(2)]);
        let f = fm("---\ntags: no   # really\ndod: 1.10\ndeciders: a \"b\" c\n---\n");
        assert_eq!(f.tags, vec!["no"]);
        assert_eq!(f.dod, vec!["1.10"]);
        assert_eq!(f.decision_makers, vec!["a \"b\" c"]);
        let f = fm("---\ndeciders: Alice Chen, Bob Ruiz\nconsulted: \"Ann; Ops team,\"\ninformed: [\"Kim, Lee\"]\n---\n");
        assert_eq!(f.decision_makers, vec!["Alice Chen", "Bob Ruiz"]);
        assert_eq!(f.consulted, vec!["Ann", "Ops team"]);
        // An element of a list is one entry, as written.
        assert_eq!(f.informed, vec!["Kim, Lee"]);
    }

    #[test]
    fn wrong_type_names_the_file_line() {
        let text = "---\nstatus: accepted\ntags: {a: 1}\n---\n# T\n";
        let b = locate(text).unwrap();
        let e = parse(&text[b.yaml.clone()], b.first_line).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
    }

    #[test]
    fn bad_yaml_names_the_file_line() {
        let text = "---\nstatus: accepted\ntags: [a, b\nfoo: x\n---\n";
        let b = locate(text).unwrap();
        let e = parse(&text[b.yaml.clone()], b.first_line).unwrap_err();
        assert!(e.line.is_some_and(|l| l >= 3), "{e:?}");
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert_eq!(locate("---\nstatus: x\n# T\n").unwrap_err().line, Some(1));
        assert_eq!(locate("# T\n").unwrap_err().line, Some(1));
        assert_eq!(locate("").unwrap_err().line, None);
    }

    #[test]
    fn set_key_rewrites_only_that_line_and_keeps_comments() {
        let text = "---\nstatus: proposed   # MADR\n# a person's note\nfoo: [keep, \"this\"]\ndate: 2026-01-01\n---\n# T\n\nbody\n";
        let out = set_key(text, "status", &Value::text("accepted")).unwrap();
        assert_eq!(
            out,
            text.replace("status: proposed   # MADR", "status: accepted   # MADR")
        );
    }

    #[test]
    fn set_key_appends_missing_key_before_the_fence() {
        let text = "---\nstatus: accepted\n---\n# T\n";
        let out = set_key(text, "superseded-by", &Value::ids(&[Id(4)])).unwrap();
        assert_eq!(out, "---\nstatus: accepted\nsuperseded-by: [4]\n---\n# T\n");
    }

    #[test]
    fn set_key_keeps_block_style_at_key_indentation() {
        let text = "---\nsupersedes:\n- 2\n# between\nstatus: accepted\n---\n# T\n";
        let out = set_key(text, "supersedes", &Value::ids(&[Id(2), Id(3)])).unwrap();
        assert_eq!(
            out,
            "---\nsupersedes:\n- 2\n- 3\n# between\nstatus: accepted\n---\n# T\n"
        );
        let text = "---\nsupersedes:\n  - 2\nstatus: accepted\n---\n";
        let out = set_key(text, "supersedes", &Value::ids(&[Id(2), Id(3)])).unwrap();
        assert_eq!(
            out,
            "---\nsupersedes:\n  - 2\n  - 3\nstatus: accepted\n---\n"
        );
    }

    #[test]
    fn set_key_replaces_flow_list_spanning_lines() {
        let text = "---\nrelates: [1,\n  2]\nstatus: accepted\n---\n";
        let out = set_key(text, "relates", &Value::ids(&[Id(1), Id(2), Id(5)])).unwrap();
        assert_eq!(out, "---\nrelates: [1, 2, 5]\nstatus: accepted\n---\n");
    }

    #[test]
    fn set_key_keeps_crlf_and_bom() {
        let text = "\u{feff}---\r\nstatus: proposed\r\n---\r\n# T\r\n";
        let out = set_key(text, "status", &Value::text("accepted")).unwrap();
        assert_eq!(out, "\u{feff}---\r\nstatus: accepted\r\n---\r\n# T\r\n");
        let out = set_key(text, "tags", &Value::List(vec!["a b".into()])).unwrap();
        assert_eq!(
            out,
            "\u{feff}---\r\nstatus: proposed\r\ntags: [a b]\r\n---\r\n# T\r\n"
        );
    }

    #[test]
    fn scalars_that_would_change_meaning_are_quoted() {
        for plain in ["accepted", "src/db.rs"] {
            assert_eq!(yaml_scalar(plain), plain);
        }
        // A boolean, numbers, a mapping, a date, infinity, hex: each read as something else.
        for meaningful in ["no", "1.10", "a: b", "2026-01-01", ".inf", "0x10"] {
            assert_eq!(yaml_scalar(meaningful), format!("\"{meaningful}\""));
        }
        assert_eq!(yaml_scalar("x\"y"), "\"x\\\"y\"");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// One top-level entry written in one of the layouts people use.
        fn entry() -> impl Strategy<Value = (String, String)> {
            let key = prop::sample::select(vec![
                "supersedes",
                "relates",
                "amends",
                "tags",
                "foo",
                "x-team",
            ]);
            let style = 0..5usize;
            (key, style, prop::collection::vec(1u32..50, 0..4)).prop_map(|(k, style, ids)| {
                let items: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
                let text = match style {
                    0 => format!("{k}: [{}]\n", items.join(", ")),
                    1 if !items.is_empty() => format!(
                        "{k}:\n{}",
                        items.iter().map(|i| format!("- {i}\n")).collect::<String>()
                    ),
                    2 if !items.is_empty() => format!(
                        "{k}:\n{}",
                        items
                            .iter()
                            .map(|i| format!("  - {i}\n"))
                            .collect::<String>()
                    ),
                    3 => format!("{k}: [{}]   # note\n", items.join(",\n  ")),
                    _ => format!("# a comment\n{k}: [{}]\n\n", items.join(", ")),
                };
                (k.to_string(), text)
            })
        }

        proptest! {
            #[test]
            fn set_key_changes_that_key_and_keeps_the_rest(
                entries in prop::collection::vec(entry(), 0..5),
                new_ids in prop::collection::vec(1u32..1000, 0..4),
                crlf in any::<bool>(),
            ) {
                // Distinct keys only: YAML forbids duplicates.
                let mut seen = std::collections::HashSet::new();
                let entries: Vec<_> = entries.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
                let mut text = String::from("---\nstatus: accepted\n");
                for (_, t) in &entries { text.push_str(t); }
                text.push_str("---\n# Title\n\nbody\n");
                if crlf { text = text.replace('\n', "\r\n"); }
                let ids: Vec<Id> = new_ids.iter().map(|i| Id(*i)).collect();
                let out = set_key(&text, "supersedes", &Value::ids(&ids)).unwrap();
                let block = locate(&out).unwrap();
                let front = parse(&out[block.yaml.clone()], block.first_line).unwrap();
                prop_assert_eq!(front.supersedes, ids);
                prop_assert_eq!(front.status.as_deref(), Some("accepted"));
                let tail = if crlf { "---\r\n# Title\r\n\r\nbody\r\n" } else { "---\n# Title\n\nbody\n" };
                prop_assert!(out.ends_with(tail), "body changed: {:?}", out);
                if crlf { prop_assert!(!out.replace("\r\n", "").contains('\n')); }
                // Every line that did not belong to `supersedes` is still there, in order.
                let before = parse(&text[locate(&text).unwrap().yaml], 2).unwrap();
                prop_assert_eq!(before.relates, front.relates);
                prop_assert_eq!(before.amends, front.amends);
                prop_assert_eq!(before.tags, front.tags);
                for line in text.lines().filter(|l| l.starts_with('#') || l.starts_with("foo") || l.starts_with("x-team")) {
                    prop_assert!(out.lines().any(|o| o == line), "lost line {:?} in {:?}", line, out);
                }
            }
        }
    }
}
