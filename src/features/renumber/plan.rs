//! The edits: every reference to the old number, rewritten or kept, computed before anything is
//! written; and the mentions in record text, which are only reported.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{RecordError, Result};
use crate::model::config::Kind;
use crate::model::record::frontmatter::{self, Value};
use crate::model::record::{formats, Relation};
use crate::model::record::{Id, Record};
use crate::store::Store;

/// One front-matter edit, as shown by `--dry-run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub line: usize,
    /// The record's id as shown (the moved record under its new one).
    pub record: String,
    pub key: &'static str,
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

/// Everything renumbering changes, computed before anything is written.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The moved record's content under its new name.
    pub moved_text: String,
    /// New contents of the other records whose references change.
    pub writes: Vec<(String, String)>,
    /// The front-matter edits, in file order.
    pub changes: Vec<Change>,
    /// References to the old number that mean the other file with that number, and stay.
    pub kept: Vec<String>,
    /// References that cannot be attributed to either file with the old number: left as they
    /// are, and reported.
    pub ambiguous: Vec<String>,
}

impl Plan {
    /// `ADR-0007 (supersedes), ADR-0008 (amends, relates)`.
    pub fn updated_summary(&self) -> String {
        let mut by_record: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in &self.changes {
            match by_record.iter_mut().find(|(r, _)| *r == c.record) {
                Some((_, keys)) => keys.push(c.key),
                None => by_record.push((&c.record, vec![c.key])),
            }
        }
        by_record
            .iter()
            .map(|(r, keys)| format!("{r} ({})", keys.join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which record a reference to the old number means.
enum Meaning {
    /// The record being moved: the reference follows it.
    Moved,
    /// Another record with the same number (with the reason it is that one): it stays.
    Other(usize, String),
    /// Cannot tell between these records.
    Ambiguous(Vec<usize>),
}

/// The records of the kind and what is moving where, for computing the edits.
struct Planner<'a> {
    store: &'a Store,
    kind: &'a Kind,
    records: &'a [Record],
    moved: usize,
    old_id: Id,
    new_id: Id,
    new_path: &'a str,
    /// The records numbered `old_id` (two or more after a merge).
    same_number: Vec<usize>,
}

pub(super) fn plan(
    store: &Store,
    kind: &Kind,
    records: &[Record],
    moved: usize,
    new_id: Id,
    new_path: &str,
) -> Result<Plan> {
    let old_id = records[moved].id.unwrap_or(Id(0));
    let planner = Planner {
        store,
        kind,
        records,
        moved,
        old_id,
        new_id,
        new_path,
        same_number: (0..records.len())
            .filter(|&i| records[i].id == Some(old_id))
            .collect(),
    };
    let mut plan = Plan {
        moved_text: records[moved].text.clone(),
        ..Plan::default()
    };
    for ri in 0..records.len() {
        planner.plan_record(ri, &mut plan)?;
    }
    Ok(plan)
}

impl Planner<'_> {
    /// The id a record is shown by: the moved record under its new number.
    fn shown(&self, i: usize) -> String {
        if i == self.moved {
            return self.store.config.id_text(&self.kind.name, self.new_id);
        }
        let r = &self.records[i];
        r.id.map_or_else(
            || r.slug.clone(),
            |id| self.store.config.id_text(&self.kind.name, id),
        )
    }

    /// The edits of record `ri`'s references to the old number, added to `plan`.
    fn plan_record(&self, ri: usize, plan: &mut Plan) -> Result<()> {
        let r = &self.records[ri];
        // The moved record is shown under its new name and number.
        let path = if ri == self.moved {
            self.new_path.to_string()
        } else {
            r.path.clone()
        };
        let record = self.shown(ri);
        let old_id = self.old_id;
        let mut text = r.text.clone();
        for relation in Relation::ALL {
            let (key, inverse) = (relation.key(), relation.inverse());
            if !relation.ids(&r.front).contains(&old_id) {
                continue;
            }
            let line = r.key_line(key);
            match self.meaning(ri, inverse, &record) {
                Meaning::Moved => {
                    let (edited, change) = self.follow(r, relation, &text, &path, &record)?;
                    plan.changes.push(change);
                    text = edited;
                }
                Meaning::Other(other, why) => plan.kept.push(format!(
                    "{path}:{line} ({record} {key}: {}): it means {}, {why}",
                    old_id.0, self.records[other].path
                )),
                Meaning::Ambiguous(candidates) => plan.ambiguous.push(format!(
                    "{path}:{line}: {record} {key}: {} could mean {}; left as it is, check it",
                    old_id.0,
                    candidates
                        .iter()
                        .map(|&c| self.records[c].path.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            }
        }
        if ri == self.moved {
            plan.moved_text = self.retitle(r, text, &path, &record, &mut plan.changes);
        } else if text != r.text {
            plan.writes.push((r.path.clone(), text));
        }
        Ok(())
    }

    /// Which record a reference to the old number in record `ri` means; `inverse` is the key
    /// that holds the other end of the link.
    fn meaning(&self, ri: usize, inverse: Relation, record: &str) -> Meaning {
        let r = &self.records[ri];
        let others: Vec<usize> = self
            .same_number
            .iter()
            .copied()
            .filter(|&c| c != ri)
            .collect();
        match others.as_slice() {
            // Only the moved record has the number, and this is it: a self-reference.
            [] => Meaning::Moved,
            [only] if *only == self.moved => Meaning::Moved,
            // Inside a file with the duplicated number, the number means the other file.
            [only] => Meaning::Other(
                *only,
                format!("the other record numbered {}", self.old_id.0),
            ),
            many => {
                let back: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|&c| {
                        r.id.is_some_and(|rid| inverse.ids(&self.records[c].front).contains(&rid))
                    })
                    .collect();
                match back.as_slice() {
                    [one] if *one == self.moved => Meaning::Moved,
                    [one] => {
                        Meaning::Other(*one, format!("which lists {record} in `{}`", inverse.key()))
                    }
                    _ => Meaning::Ambiguous(many.to_vec()),
                }
            }
        }
    }

    /// `text` (record `r` as edited so far) with its `key` pointing at the new number, and the
    /// change as shown.
    fn follow(
        &self,
        r: &Record,
        relation: Relation,
        text: &str,
        path: &str,
        record: &str,
    ) -> Result<(String, Change)> {
        let (old_id, new_id) = (self.old_id, self.new_id);
        let key = relation.key();
        let mut new_list: Vec<Id> = Vec::new();
        for id in relation.ids(&r.front) {
            let id = if *id == old_id { new_id } else { *id };
            if !new_list.contains(&id) {
                new_list.push(id);
            }
        }
        let in_yaml = r.format == crate::model::record::Format::FrontMatter
            && r.key_lines.iter().any(|(k, _)| k == key);
        let edited = if self.kind.in_place() && !in_yaml {
            // Written as links in the body (or a MADR status): point them at the record's new
            // number and file.
            let from_dir = r.path.rsplit_once('/').map_or("", |(d, _)| d);
            let href = crate::store::relative_link(from_dir, self.new_path);
            let display = self.store.config.id_text(&self.kind.name, new_id);
            Ok(formats::relink(text, old_id, new_id, &href, &display))
        } else {
            frontmatter::set_key(text, key, &Value::ids(&new_list))
        };
        let edited = edited.map_err(|e: frontmatter::FrontMatterError| {
            RecordError::new(
                &r.path,
                e.line,
                format!("cannot rewrite `{key}`: {}", e.message),
            )
            .with_hint(if new_id.0 == 0 {
                // Front matter reads a link to number 0 as no record: the reference could not
                // follow, so the number is the problem, not the file.
                "front-matter links cannot name number 0: choose another number, or --next; nothing was changed"
            } else {
                "fix the front matter, or edit the reference by hand; nothing was changed"
            })
        })?;
        let (line, removed, added) = line_diff(text, &edited, key);
        let change = Change {
            path: path.to_string(),
            line,
            record: record.to_string(),
            key,
            removed,
            added,
        };
        Ok((edited, change))
    }

    /// The moved record's text with the number in its title changed: adr-tools titles carry the
    /// number (`# 2. Title`), and it moves with the file.
    fn retitle(
        &self,
        r: &Record,
        text: String,
        path: &str,
        record: &str,
        changes: &mut Vec<Change>,
    ) -> String {
        if r.title_number != Some(self.old_id.0) {
            return text;
        }
        let retitled = renumber_title(&text, r.title_line, self.old_id, self.new_id);
        let line_of = |t: &str| {
            t.lines()
                .nth(r.title_line.saturating_sub(1))
                .unwrap_or_default()
                .to_string()
        };
        if retitled != text {
            changes.push(Change {
                path: path.to_string(),
                line: r.title_line,
                record: record.to_string(),
                key: "title",
                removed: vec![line_of(&text)],
                added: vec![line_of(&retitled)],
            });
        }
        retitled
    }
}

/// The title line (1-based `line`) with its number `old` replaced by `new`, read as every
/// title is read ([`formats::renumber_title`]).
fn renumber_title(text: &str, line: usize, old: Id, new: Id) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let hashes = l.len() - l.trim_start_matches('#').len();
        let retitled = (i + 1 == line)
            .then(|| formats::renumber_title(&l[hashes..], old, new))
            .flatten();
        match retitled {
            Some(title) => {
                out.push_str(&l[..hashes]);
                out.push_str(&title);
            }
            None => out.push_str(l),
        }
    }
    out
}

/// The first changed line (1-based) and the lines removed and added between two texts that
/// differ in one run of lines, as a surgical edit of `key` leaves them. The run starts at the
/// key's own line even when that line is unchanged (a block sequence), so it reads as YAML.
fn line_diff(before: &str, after: &str, key: &str) -> (usize, Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let mut prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let starts_key = |l: &str| {
        let l = l.trim_start_matches('\u{feff}');
        [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                l.strip_prefix(k.as_str())
                    .is_some_and(|r| r.starts_with(':'))
            })
    };
    if let Some(k) = (0..prefix.min(a.len())).rev().find(|&i| {
        let l = a[i];
        starts_key(l) || !(l.starts_with([' ', '\t', '#', '-']) || l.trim().is_empty())
    }) {
        // Only back up over the key's own value lines, never into another key.
        if starts_key(a[k]) {
            prefix = k;
        }
    }
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let bare = |l: &&str| l.trim_end_matches(['\n', '\r']).to_string();
    (
        prefix + 1,
        a[prefix..a.len() - suffix].iter().map(bare).collect(),
        b[prefix..b.len() - suffix].iter().map(bare).collect(),
    )
}

/// Mentions of the old number in record bodies, of every kind: `ADR-0005` (any width, any case)
/// and links to the old file name. Prose is never rewritten; these are reported for a person
/// to check. They are looked for in the texts as they will be, so rewritten links do not count.
pub(super) fn mentions(
    store: &Store,
    root: &Path,
    kind: &Kind,
    records: &[Record],
    moved: usize,
    new_path: &str,
    plan: &Plan,
) -> Vec<String> {
    let planned: HashMap<&str, &str> = plan
        .writes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .chain([(records[moved].path.as_str(), plan.moved_text.as_str())])
        .collect();
    let old_path = &records[moved].path;
    let old_id = records[moved].id.unwrap_or(Id(0));
    let old_name = old_path.rsplit('/').next().unwrap_or(old_path);
    let shown = store.config.id_text(&kind.name, old_id);
    let mut others: Vec<Record> = Vec::new();
    for k in store.config.kinds.values().filter(|k| k.name != kind.name) {
        // Other kinds are only searched for mentions; a broken one is not our concern here.
        others.extend(
            super::resolve::read_kind(store, root, k)
                .map(|(records, _)| records)
                .unwrap_or_default(),
        );
    }
    let mut out = Vec::new();
    for r in records.iter().chain(&others) {
        let path = if r.path == *old_path {
            new_path
        } else {
            r.path.as_str()
        };
        let text = planned.get(r.path.as_str()).copied().unwrap_or(&r.text);
        // Front-matter lines hold numbers, not mentions: the body starts where it did.
        let body_line = 1 + r.text[..r.body_start].matches('\n').count();
        let body_start = text
            .match_indices('\n')
            .nth(body_line.saturating_sub(2))
            .map_or(0, |(i, _)| if body_line > 1 { i + 1 } else { 0 });
        for (i, line) in text[body_start..].split('\n').enumerate() {
            let mut what = Vec::new();
            if !kind.prefix.is_empty() && mentions_id(line, &kind.prefix, old_id) {
                what.push(shown.clone());
            }
            if line.contains(old_name) {
                what.push(old_name.to_string());
            }
            if !what.is_empty() {
                out.push(format!(
                    "{path}:{}: the text mentions {}; text is not rewritten, check it",
                    body_line + i,
                    what.join(" and ")
                ));
            }
        }
    }
    out
}

/// Does `line` mention `PREFIX<number>` (`ADR-0005`, `adr-5`) for `id`?
pub(super) fn mentions_id(line: &str, prefix: &str, id: Id) -> bool {
    let hay = line.to_ascii_lowercase();
    let prefix = prefix.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = hay[from..].find(&prefix) {
        let start = from + at;
        let after = start + prefix.len();
        from = after;
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let digits: String = hay[after..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if before_ok && !digits.is_empty() && digits.len() <= 9 && digits.parse() == Ok(id.0) {
            return true;
        }
    }
    false
}
