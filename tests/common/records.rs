//! Record files as tests write and read them.

use super::TestRepo;
use serde_json::Value;

/// Where `git adr init` puts decisions.
pub const DECISIONS: &str = ".adr/decisions";

/// The record `git adr init` writes.
pub const ADR1: &str = ".adr/decisions/0001-record-architecture-decisions.md";

/// Path of record `id` with `slug` in the decisions directory.
pub fn adr_path(id: u32, slug: &str) -> String {
    format!("{DECISIONS}/{id:04}-{slug}.md")
}

/// A minimal valid record.
pub fn record(status: &str, title: &str) -> String {
    record_with(status, "", title)
}

/// A minimal valid record with `extra` front-matter lines after the status and date.
pub fn record_with(status: &str, extra: &str, title: &str) -> String {
    format!("---\nstatus: {status}\ndate: 2026-01-01\n{extra}---\n\n# {title}\n\nBody.\n")
}

/// Writes `content` as record `id`-`slug` and returns its repo-relative path.
pub fn put(repo: &TestRepo, id: u32, slug: &str, content: impl AsRef<[u8]>) -> String {
    let p = adr_path(id, slug);
    repo.write(&p, content);
    p
}

/// The front matter of a record's text, between the fences (without them), without a BOM and
/// with CRLF read as LF.
pub fn front_matter_text(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("no opening ---:\n{text}"));
    let end = rest
        .find("\n---\n")
        .unwrap_or_else(|| panic!("no closing ---:\n{text}"));
    rest[..=end].to_string()
}

/// The front matter of a record, parsed by a general YAML parser (not the tool's own).
pub fn front_matter(text: &str) -> Value {
    let yaml = front_matter_text(text);
    let value: Value = serde_saphyr::from_str(&yaml)
        .unwrap_or_else(|e| panic!("front matter is not YAML: {e}\n{yaml}"));
    assert!(value.is_object(), "front matter is not a mapping: {yaml}");
    value
}

/// Replaces the first `from` by `to` in a file of the work tree, which must contain it.
pub fn edit(repo: &TestRepo, rel: &str, from: &str, to: &str) {
    let text = repo.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}:\n{text}");
    repo.write(rel, text.replacen(from, to, 1));
}

/// The `date:` value of a record's front matter.
pub fn date_of(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("date: "))
        .expect("a date line")
        .trim()
        .to_string()
}

/// Sets the front-matter `date` of a record (as if it had been written on that day).
pub fn set_date(repo: &TestRepo, rel: &str, date: &str) {
    let old = date_of(&repo.read(rel));
    edit(repo, rel, &format!("date: {old}"), &format!("date: {date}"));
}
