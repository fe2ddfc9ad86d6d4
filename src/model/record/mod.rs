//! The model: a record (an ADR, a decision-log entry, a checklist, …), its id and its front
//! matter, parsed from the bytes of one Markdown file.

mod blocks;
pub mod formats;
pub mod frontmatter;
pub mod outline;
pub mod placeholder;
pub mod relation;
pub mod sections;
pub mod slug;
pub mod status;

use crate::error::rule::Rule;
use crate::error::RecordError;
pub use blocks::Fill;
pub use formats::Format;
pub use frontmatter::FrontMatter;
pub use outline::{find_title, headings, section_text, Heading, Outline};
pub use relation::Relation;

/// Files larger than this are refused without being read into memory.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// A record number: the number in the file name (`0002-use-postgresql.md` is 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Id(pub u32);

impl Id {
    /// Reads a reference to a record as people write it: `2`, `0002`, `#2`, `ADR-0002`, `adr-2`.
    /// The letters before the number are not checked here; the caller knows the kind.
    pub fn parse_ref(s: &str) -> Option<Id> {
        let s = s.trim();
        if s.starts_with('-') {
            return None; // `-1` is a mistyped flag, not record 1
        }
        let digits = s.trim_start_matches(|c: char| c.is_alphabetic() || "-_# ".contains(c));
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // 0 is a number too: MADR numbers its first record 0000.
        digits.parse::<u32>().ok().map(Id)
    }

    /// The number and the rest of a record file name (`0002-use-postgresql.md` → 2,
    /// `use-postgresql`), or `None` when the name does not start with a number. Names as
    /// existing folders write them are read too: `adr-002-x.md`, `0002_x.md`, `.markdown`, no
    /// extension. A name that starts with a date (`20240105-x.md`, `2024-01-05-x.md`, as
    /// log4brains writes them) has no number.
    pub fn from_file_name(name: &str) -> Option<(Id, &str)> {
        let unprefixed = &name[numbering(name).0.len()..];
        let digits_end = unprefixed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(unprefixed.len());
        if digits_end == 0 || digits_end > 9 || starts_with_date(unprefixed) {
            return None;
        }
        let n: u32 = unprefixed[..digits_end].parse().ok()?;
        let rest = &unprefixed[digits_end..];
        let stem = rest
            .strip_suffix(".md")
            .or_else(|| rest.strip_suffix(".markdown"))
            .or_else(|| (!rest.contains('.') && !rest.is_empty()).then_some(rest))?;
        let slug = stem.strip_prefix(['-', '_', ' ']).unwrap_or(stem);
        // `0000-template.md` is a template; MADR's own first record is
        // `0000-use-markdown-architectural-decision-records.md`.
        let template = n == 0 && {
            let s = slug.to_ascii_lowercase();
            s.is_empty() || s.starts_with("template") || s.ends_with("template")
        };
        (!template && (stem.is_empty() || stem.starts_with(['-', '_', ' '])))
            .then_some((Id(n), slug))
    }

    /// The id as shown to people: prefix and zero-padded number (`ADR-0002`).
    pub fn display(self, prefix: &str, width: usize) -> String {
        format!("{prefix}{:0width$}", self.0)
    }
}

/// How a record file name writes its number: the letters before it (`adr-` in `adr-017-x.md`,
/// empty in `0017-x.md`) and how many digits it has.
pub fn numbering(name: &str) -> (&str, usize) {
    let prefix = ["adr-", "adr_", "ADR-", "ADR_"]
        .into_iter()
        .find(|p| name.starts_with(p))
        .map_or("", |p| &name[..p.len()]);
    let digits = name[prefix.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    (prefix, digits)
}

/// Does a file name start with a date (`20240105`, `2024-01-05`)? Such names (log4brains,
/// several per day) carry no record number.
pub fn starts_with_date(name: &str) -> bool {
    // Bytes, not string slices: a file name is anyone's text, and an index inside a multi-byte
    // character (`2024-01-0é-x.md`) must read as "not a date", never panic.
    let b = name.as_bytes();
    let digits =
        |at: std::ops::Range<usize>| b.get(at).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let ymd = if digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
    {
        [&b[0..4], &b[5..7], &b[8..10]].concat()
    } else if digits(0..8) && !b.get(8).is_some_and(u8::is_ascii_digit) {
        b[..8].to_vec()
    } else {
        return false;
    };
    std::str::from_utf8(&ymd)
        .ok()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .is_some_and(|d| (1990..=2100).contains(&chrono::Datelike::year(&d)))
}

/// The number and slug a record's path gives it: `…/0002-use-x.md` → (2, `use-x`); a name
/// without a number is its own slug (extension removed).
/// A record in its own folder (`0005-use-x/README.md`) takes the folder's number and name.
pub fn id_and_slug(path: &str) -> (Option<Id>, String) {
    let file_name = numbered_part(path);
    match Id::from_file_name(file_name) {
        Some((id, slug)) => (Some(id), slug.to_string()),
        None => (
            None,
            file_name
                .strip_suffix(".md")
                .or_else(|| file_name.strip_suffix(".markdown"))
                .unwrap_or(file_name)
                .to_string(),
        ),
    }
}

/// The number of the record at `path`, as [`id_and_slug`] reads it, without building the
/// slug: the id rules read the numbers of 10,000 file names.
pub fn id_of(path: &str) -> Option<Id> {
    Id::from_file_name(numbered_part(path)).map(|(id, _)| id)
}

/// The part of `path` that holds the number: its file name, or its folder's name for a
/// record kept as `NNNN-slug/README.md` (or `index.md`).
fn numbered_part(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let file_name = parts.next().unwrap_or(path);
    if file_name.eq_ignore_ascii_case("readme.md") || file_name.eq_ignore_ascii_case("index.md") {
        if let Some(dir) = parts.next().filter(|d| Id::from_file_name(d).is_some()) {
            return dir;
        }
    }
    file_name
}

/// One record, read from a file.
#[derive(Debug, Clone)]
pub struct Record {
    /// The kind's name (`adr`, `log`, …): the directory it was found in decides it.
    pub kind: String,
    /// The number from the file name, for numbered kinds.
    pub id: Option<Id>,
    /// The file name without number and extension; the reference for unnumbered kinds.
    pub slug: String,
    /// Path from the repository root, `/`-separated.
    pub path: String,
    /// The `# ` heading.
    pub title: String,
    pub title_line: usize,
    pub front: FrontMatter,
    /// 1-based file line of each top-level front-matter key, for messages.
    pub key_lines: Vec<(String, usize)>,
    /// The whole file as read (BOM and line endings included): edits start from it.
    pub text: String,
    /// Byte offset of the body (after the closing fence) in `text`.
    pub body_start: usize,
    /// How the file is written: front matter, or an existing folder's format.
    pub format: Format,
    /// The status as written, for records of existing folders where it is free text
    /// ("Approved by TSC"); `front.status` then holds its normalised key. `None` for git-adr's
    /// own records, whose status is the key.
    pub status_text: Option<String>,
    /// The number a title carries (`# 3. Title`), removed from `title`.
    pub title_number: Option<u32>,
}

impl Record {
    /// Parses the bytes of a record file. `path` is repo-relative and is used in messages.
    pub fn parse(kind: &str, path: &str, bytes: Vec<u8>) -> Result<Record, RecordError> {
        let text = decode(path, bytes)?;
        Record::from_front_matter(kind, path, text)
    }

    /// Parses a record of an existing folder used in place: front matter when the file has it
    /// (MADR 3/4), else adr-tools or MADR 2 layout; the status is free text.
    pub fn parse_in_place(kind: &str, path: &str, bytes: Vec<u8>) -> Result<Record, RecordError> {
        let text = decode(path, bytes)?;
        let (_, rest) = frontmatter::strip_bom(&text);
        let first = rest.lines().next().unwrap_or("").trim_end();
        if first == "---" {
            let mut record = Record::from_front_matter(kind, path, text)?;
            record.read_in_place();
            Ok(record)
        } else {
            formats::parse_plain(kind, path, text)
        }
    }

    fn from_front_matter(kind: &str, path: &str, text: String) -> Result<Record, RecordError> {
        let (id, slug) = id_and_slug(path);
        let (bom, rest) = frontmatter::strip_bom(&text);
        let bom_len = if bom { 3 } else { 0 };
        let block = frontmatter::locate(rest).map_err(|e| to_record_error(path, e))?;
        let front = frontmatter::parse(&rest[block.yaml.clone()], block.first_line)
            .map_err(|e| to_record_error(path, e))?;
        let key_lines = rest[block.yaml.clone()]
            .split_inclusive('\n')
            .enumerate()
            .filter_map(|(i, l)| {
                let key = l.split(':').next()?;
                (!key.is_empty() && !key.starts_with([' ', '\t', '#', '-']) && l.contains(':'))
                    .then(|| {
                        (
                            key.trim().trim_matches(['"', '\'']).to_string(),
                            block.first_line + i,
                        )
                    })
            })
            .collect();
        let body = &rest[block.body_start..];
        let (title, title_line) = find_title(body)
            .map(|(t, l)| (t, l + block.body_line - 1))
            .ok_or_else(|| {
                RecordError::new(
                    path,
                    Some(block.body_line),
                    "no `# ` title heading after the front matter",
                )
                .with_hint("add a line `# Your decision's title` after the closing `---`")
                .with_rule(Rule::MissingTitle)
            })?;
        Ok(Record {
            kind: kind.to_string(),
            id,
            slug,
            path: path.to_string(),
            title,
            title_line,
            front,
            key_lines,
            body_start: bom_len + block.body_start,
            text,
            format: Format::FrontMatter,
            status_text: None,
            title_number: None,
        })
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// 1-based line of a front-matter key, or of the opening fence when absent.
    pub fn key_line(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, l)| *l)
    }
}

/// The text of a record file: refuses binary files, text that is not UTF-8 and unresolved merge
/// conflicts, each with its line.
fn decode(path: &str, bytes: Vec<u8>) -> Result<String, RecordError> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
        return Err(RecordError::new(
            path,
            Some(line),
            "is a binary file (it holds a NUL byte), not a Markdown record",
        )
        .with_hint("records are UTF-8 Markdown; move other files out of the records directory"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        RecordError::new(path, Some(line), "not UTF-8 text (is this a binary file?)")
            .with_hint("records are UTF-8 Markdown; move other files out of the records directory")
    })?;
    // Conflict markers left by a merge or rebase would otherwise surface as a YAML error.
    if let Some(i) = text
        .lines()
        .position(|l| l.starts_with("<<<<<<< ") || l == "<<<<<<<")
    {
        return Err(
            RecordError::new(path, Some(i + 1), "has an unresolved merge conflict")
                .with_hint("resolve the conflict, then `git add` the file")
                .with_rule(Rule::FrontMatter),
        );
    }
    Ok(text)
}

fn to_record_error(path: &str, e: frontmatter::FrontMatterError) -> RecordError {
    let err = RecordError::new(path, e.line, e.message).with_rule(Rule::FrontMatter);
    match e.hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_references() {
        for (reference, id) in [
            ("ADR-0002", Some(2)),
            ("0002", Some(2)),
            ("#12", Some(12)),
            ("0", Some(0)),
            ("two", None),
            ("not an id", None),
        ] {
            assert_eq!(Id::parse_ref(reference), id.map(Id), "{reference:?}");
        }
        assert_eq!(Id(2).display("ADR-", 4), "ADR-0002");
        assert_eq!(
            Id::parse_ref("2").map(|id| id.display("ADR-", 4)),
            Some("ADR-0002".into())
        );
    }

    #[test]
    fn ids_from_file_names() {
        for (name, id) in [
            ("0000-TEMPLATE.md", None),
            ("0000-adr-template.md", None),
            (
                "0000-use-markdown-architectural-decision-records.md",
                Some((0, "use-markdown-architectural-decision-records")),
            ),
            (
                "0039-use-apache-velocity-as-template-engine.md",
                Some((39, "use-apache-velocity-as-template-engine")),
            ),
            ("adr-012-use-x.md", Some((12, "use-x"))),
            ("0005-no-extension", Some((5, "no-extension"))),
            ("0002-use-postgresql.md", Some((2, "use-postgresql"))),
            ("12.md", Some((12, ""))),
            ("0008-example.png", None),
            ("20240105-use-x.md", None),
            ("2024-01-05-use-x.md", None),
            ("README.md", None),
            ("2024x.md", None),
            ("1234567é.md", None),
            // Not a date, so a number like `2024-use-x.md`'s.
            ("2024-01-0é-x.md", Some((2024, "01-0é-x"))),
            ("12345678é.md", None),
        ] {
            let want = id.map(|(n, slug)| (Id(n), slug));
            assert_eq!(Id::from_file_name(name), want, "{name:?}");
        }
    }

    #[test]
    fn parses_a_record_with_bom_and_crlf() {
        let text = "\u{feff}---\r\nstatus: accepted\r\n---\r\n\r\n# Use PostgreSQL\r\n\r\nBody\r\n";
        let r = Record::parse(
            "adr",
            ".adr/decisions/0002-use-postgresql.md",
            text.as_bytes().to_vec(),
        )
        .unwrap();
        assert_eq!(r.id, Some(Id(2)));
        assert_eq!(r.title, "Use PostgreSQL");
        assert_eq!(r.title_line, 5);
        assert_eq!(r.front.status.as_deref(), Some("accepted"));
        assert!(r.body().starts_with("\r\n# Use"));
        assert_eq!(r.key_line("status"), 2);
    }

    #[test]
    fn binary_and_missing_title_are_errors_with_lines() {
        let e = Record::parse("adr", "x/0001-a.md", vec![0xff, 0xfe, 0]).unwrap_err();
        assert!(e.message.contains("binary"), "{e:?}");
        let e = Record::parse("adr", "x/0001-a.md", vec![b'-', 0xff, 0xfe]).unwrap_err();
        assert!(e.message.contains("UTF-8"), "{e:?}");
        let e = Record::parse(
            "adr",
            "x/0001-a.md",
            b"---\nstatus: accepted\n---\nno title\n".to_vec(),
        )
        .unwrap_err();
        assert_eq!(e.location.line, Some(4));
    }

    mod file_names {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any file name, and names built from digits, dashes and multi-byte characters
            /// (where a byte index can land inside a character), read without a panic.
            #[test]
            fn any_file_name_reads_without_panic(
                name in prop_oneof![
                    any::<String>(),
                    "(adr-)?[0-9]{0,9}[\\-é中_a.]?[0-9\\-é中]{0,6}(\\.md)?",
                ],
            ) {
                let _ = starts_with_date(&name);
                let _ = numbering(&name);
                if let Some((_, slug)) = Id::from_file_name(&name) {
                    prop_assert!(name.contains(slug));
                }
                let _ = id_and_slug(&format!(".adr/decisions/{name}"));
                let _ = id_and_slug(&format!(".adr/decisions/{name}/README.md"));
            }
        }
    }
}
