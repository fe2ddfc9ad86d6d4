//! Existing ADR folders: finding them (`git adr init` uses them in place) and converting their
//! records to git-adr's format (`git adr init --import DIR`), keeping numbers, titles, dates,
//! statuses, relations and bodies.

use crate::error::Result;
use crate::git::source::Source;
use crate::model::config::{FolderFormat, Kind};
use crate::model::record::formats::Format;
use crate::model::record::frontmatter::{self, line_ending, yaml_scalar, Value};
use crate::model::record::slug::slugify;
use crate::model::record::{Id, Record};
use crate::store::record_files;

/// Where teams keep ADRs, in the order they are looked for (after `.adr-dir`).
pub const USUAL_FOLDERS: &[&str] = &[
    "doc/adr",
    "doc/adrs",
    "docs/adr",
    "docs/adrs",
    "docs/decisions",
    "doc/decisions",
    "docs/architecture/decisions",
    "doc/architecture/decisions",
    "docs/architecture/adr",
    "docs/architecture-decisions",
    "architecture/decisions",
    "adr",
    "adrs",
    "decisions",
];

/// An existing folder of records.
#[derive(Debug, Clone)]
pub struct Found {
    /// Repo-relative folder.
    pub folder: String,
    /// How many record files it holds.
    pub records: usize,
    /// The format most of its records are written in.
    pub format: Format,
    /// Files that could not be read as records, with why.
    pub errors: Vec<String>,
    pub parsed: Vec<Record>,
}

impl Found {
    /// The `format` setting for the config.
    pub fn folder_format(&self) -> &'static str {
        match self.format {
            Format::AdrTools => "adr-tools",
            _ => "madr",
        }
    }

    /// How people call the folder's format.
    pub fn format_name(&self) -> &'static str {
        match self.format {
            Format::AdrTools => "adr-tools",
            Format::Madr2 => "MADR 2",
            Format::FrontMatter => "MADR 3/4",
        }
    }
}

/// A kind that reads `folder` in place, for looking at a folder before any config exists.
pub fn in_place_kind(folder: &str) -> Kind {
    let mut kind = crate::model::config::Config::default()
        .kinds
        .remove("adr")
        .expect("the adr kind is built in");
    kind.folder = Some(folder.trim_end_matches('/').to_string());
    kind.format = FolderFormat::Auto;
    kind
}

/// Reads a folder's records; `None` when it holds none.
pub fn examine(source: &Source<'_>, folder: &str) -> Result<Option<Found>> {
    let kind = in_place_kind(folder);
    let files = record_files(source, &kind)?;
    if files.is_empty() {
        return Ok(None);
    }
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for f in &files {
        match source
            .read(&f.path)
            .and_then(|b| Record::parse_in_place("adr", &f.path, b))
        {
            Ok(r) => parsed.push(r),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let count = |fmt: Format| parsed.iter().filter(|r| r.format == fmt).count();
    let format = [Format::AdrTools, Format::Madr2, Format::FrontMatter]
        .into_iter()
        .max_by_key(|f| count(*f))
        .unwrap_or(Format::FrontMatter);
    Ok(Some(Found {
        folder: kind.path(),
        records: files.len(),
        format,
        errors,
        parsed,
    }))
}

/// The existing ADR folder of a repository: the one `.adr-dir` names, else the first usual
/// folder that holds records.
pub fn detect(source: &Source<'_>) -> Result<Option<Found>> {
    let named = crate::store::adr_dir(source);
    for folder in named
        .iter()
        .map(String::as_str)
        .chain(USUAL_FOLDERS.iter().copied())
    {
        if let Some(found) = examine(source, folder)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// One record converted to git-adr's format.
#[derive(Debug, Clone)]
pub struct Converted {
    pub from: String,
    /// File name in `.adr/decisions/`.
    pub name: String,
    pub id: Id,
    pub text: String,
}

/// What an import would write, and what the user should know about it.
#[derive(Debug, Default)]
pub struct Plan {
    pub records: Vec<Converted>,
    /// Statuses outside the default lifecycle, to add to the config so the records stay valid.
    pub extra_statuses: Vec<String>,
    /// The default required sections that every imported record has (`None`: all of them).
    pub required_sections: Option<Vec<String>>,
    pub notes: Vec<String>,
}

/// Converts every record of a folder into `target_dir` (repo-relative). Records named by date
/// (log4brains) get numbers after the highest numbered one, in name order. `created` holds the
/// date of the commit that created each record (by path), for records whose files have none.
/// Files are named from their titles; links between the records, and to other files of the
/// folder (images), are rewritten for their new place.
pub fn plan(
    found: &Found,
    id_width: usize,
    target_dir: &str,
    created: &std::collections::HashMap<String, String>,
    exists: &dyn Fn(&str) -> bool,
) -> Plan {
    let mut plan = Plan::default();
    let mut next = found
        .parsed
        .iter()
        .filter_map(|r| r.id)
        .max()
        .map_or(1, |i| i.0 + 1);
    let lifecycle = crate::model::config::Config::default().lifecycle;
    let mut completed = with_both_ends(&found.parsed);
    let mut dated_from_history = Vec::new();
    for r in completed.iter_mut().filter(|r| r.front.date.is_none()) {
        if let Some(d) = created.get(&r.path) {
            r.front.date = Some(d.clone());
            dated_from_history.push(r.path.clone());
        }
    }
    let mut records: Vec<&Record> = completed.iter().collect();
    records.sort_by(|a, b| (a.id.is_none(), a.id, &a.path).cmp(&(b.id.is_none(), b.id, &b.path)));
    let mut without_status = Vec::new();
    let mut without_date = Vec::new();
    for r in records {
        let id = r.id.unwrap_or_else(|| {
            next += 1;
            Id(next - 1)
        });
        let name = format!("{:0w$}-{}.md", id.0, slugify(&r.title), w = id_width);
        if r.front.status.is_none() {
            without_status.push(r.path.clone());
        }
        if r.front.date.is_none() {
            without_date.push(r.path.clone());
        }
        if let Some(s) = &r.front.status {
            if !lifecycle.statuses.contains(s) && !plan.extra_statuses.contains(s) {
                plan.extra_statuses.push(s.clone());
            }
        }
        plan.records.push(Converted {
            from: r.path.clone(),
            name,
            id,
            text: convert(r),
        });
    }
    // Links between the records follow them to their new names; links to other files of the
    // folder (diagrams) point back into it.
    let new_names: std::collections::HashMap<String, String> = plan
        .records
        .iter()
        .map(|c| (c.from.clone(), format!("{target_dir}/{}", c.name)))
        .collect();
    let mut left_behind = std::collections::BTreeSet::new();
    for c in &mut plan.records {
        let from_dir = c.from.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        c.text = rewrite_links(
            &c.text,
            &from_dir,
            target_dir,
            &new_names,
            exists,
            &found.folder,
            &mut left_behind,
        );
    }
    if !left_behind.is_empty() {
        plan.notes.push(format!(
            "the imported records link to files that stay in {}: {} (links point there now; keep them when you remove the old records)",
            found.folder,
            left_behind.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !dated_from_history.is_empty() {
        plan.notes.push(format!(
            "dated from the commit that created them (their files have no date): {}",
            dated_from_history.join(", ")
        ));
    }
    // Imported records keep their own sections: require only those they all have.
    let adr = crate::model::config::Config::default();
    let required = &adr.kinds["adr"].required_sections;
    let kept: Vec<String> = required
        .iter()
        .filter(|req| {
            found.parsed.iter().all(|r| {
                crate::model::record::Outline::read(r.body())
                    .section(req)
                    .is_some()
            })
        })
        .cloned()
        .collect();
    if kept.len() != required.len() {
        plan.required_sections = Some(kept);
    }
    let mut ids: Vec<Id> = plan.records.iter().map(|c| c.id).collect();
    ids.sort();
    for w in ids.windows(2).filter(|w| w[0] == w[1]) {
        plan.notes.push(format!(
            "number {} is taken by more than one record: give one a free number with `git adr renumber`",
            w[0].0
        ));
    }
    if !without_status.is_empty() {
        plan.notes.push(format!(
            "{} had no status and were imported as accepted: {}",
            without_status.len(),
            without_status.join(", ")
        ));
    }
    if !without_date.is_empty() {
        plan.notes.push(format!(
            "{} have no date and no commit yet to date them from (add `date: YYYY-MM-DD` to each): {}",
            without_date.len(),
            without_date.join(", ")
        ));
    }
    plan
}

/// Rewrites the relative Markdown links of a record moved from `from_dir` to `to_dir`: to a
/// record of the import, its new file; to another file that exists (`exists`), a path from the
/// new place, noted in `left_behind` when it lies in `folder`. Inline links (with an optional
/// title or `<…>` target) and reference definitions (`[x]: target`) are read; links to nothing,
/// URLs and anchors stay as written.
fn rewrite_links(
    text: &str,
    from_dir: &str,
    to_dir: &str,
    new_names: &std::collections::HashMap<String, String>,
    exists: &dyn Fn(&str) -> bool,
    folder: &str,
    left_behind: &mut std::collections::BTreeSet<String>,
) -> String {
    let mut relink = |target: &str| -> Option<String> {
        let (target, angle) = match target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            Some(t) => (t, true),
            None => (target, false),
        };
        if target.is_empty()
            || target.contains("://")
            || target.starts_with(['#', '/'])
            || target.starts_with("mailto:")
        {
            return None;
        }
        let (path_part, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (target, String::new()),
        };
        let resolved = resolve(from_dir, &path_part.replace("%20", " "))?;
        let new = if let Some(name) = new_names.get(&resolved) {
            crate::store::relative_link(to_dir, name)
        } else if !resolved.is_empty() && exists(&resolved) {
            if resolved.starts_with(&format!("{folder}/")) {
                left_behind.insert(resolved.clone());
            }
            crate::store::relative_link(to_dir, &resolved)
        } else {
            return None;
        };
        Some(if angle {
            format!("<{new}{anchor}>")
        } else {
            format!("{new}{anchor}")
        })
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        // `[label]: target "title"`
        let t = line.trim_start();
        if t.starts_with('[') && !t.starts_with("[!") {
            if let Some(close) = t.find("]:") {
                let after = &t[close + 2..];
                let target = after.split_whitespace().next().unwrap_or("");
                if let Some(new) = relink(target) {
                    let at = line.len() - after.len() + (after.len() - after.trim_start().len());
                    out.push_str(&line[..at]);
                    out.push_str(&new);
                    out.push_str(&line[at + target.len()..]);
                    continue;
                }
            }
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let start = at + 2;
            let Some(len) = rest[start..].find(')') else {
                break;
            };
            let inside = &rest[start..start + len];
            // `(target "title")`: only the target changes.
            let target = if inside.starts_with('<') {
                inside.split_inclusive('>').next().unwrap_or(inside)
            } else {
                inside.split_whitespace().next().unwrap_or("")
            };
            out.push_str(&rest[..start]);
            match relink(target) {
                Some(new) => {
                    let lead = inside.len() - inside.trim_start().len();
                    out.push_str(&inside[..lead]);
                    out.push_str(&new);
                    out.push_str(&inside[lead + target.len()..]);
                }
                None => out.push_str(inside),
            }
            rest = &rest[start + len..];
        }
        out.push_str(rest);
    }
    out
}

/// `dir/../x.md` style resolution of a relative link from `dir`; `None` when it leaves the
/// repository.
fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The records with every relation written on both ends: existing folders often name a
/// successor only on the old record ("superseded by ADR-0003"); git-adr keeps both.
fn with_both_ends(records: &[Record]) -> Vec<Record> {
    use crate::model::record::formats::Relation;
    let mut out = records.to_vec();
    for r in records {
        let Some(my) = r.id else { continue };
        for (key, ids) in r.front.relations() {
            let Some(inverse) = Relation::from_key(key).map(Relation::inverse) else {
                continue;
            };
            for other in ids {
                // Only when the number names one record: a collision stays for `renumber`.
                let mut matching = out.iter_mut().filter(|o| o.id == Some(*other));
                if let (Some(o), None) = (matching.next(), matching.next()) {
                    let list = inverse.field(&mut o.front);
                    if !list.contains(&my) {
                        list.push(my);
                    }
                }
            }
        }
    }
    out
}

/// The record in git-adr's format: front matter with every field, the title without its
/// number, and the body as written (less the lines whose facts moved into the front matter).
pub fn convert(r: &Record) -> String {
    let eol = line_ending(&r.text);
    let status = r.front.status.clone().unwrap_or_else(|| "accepted".into());
    // The words as written, unless they are only a template's choices (no status chosen).
    let status_text = r
        .front
        .status
        .as_ref()
        .and_then(|_| r.status_shown())
        .filter(|t| !t.eq_ignore_ascii_case(&status));
    if r.format == Format::FrontMatter {
        // Keep the team's YAML as it is: only the status (and the title's number) change.
        // The title first: its line number is the file's as read.
        let mut text = retitle(&r.text, r);
        let mut set = |key: &str, value: Value| {
            if let Ok(t) = frontmatter::set_key(&text, key, &value) {
                text = t;
            }
        };
        set("status", Value::text(&status));
        if let Some(t) = &status_text {
            set("status-text", Value::Scalar(yaml_scalar(t)));
        }
        if let Some(d) = &r.front.date {
            set("date", Value::Scalar(d.clone()));
        }
        for (key, ids) in r.front.relations() {
            if !ids.is_empty() {
                set(key, Value::ids(ids));
            }
        }
        return text;
    }
    let mut front = format!("---{eol}status: {}{eol}", yaml_scalar(&status));
    if let Some(t) = &status_text {
        front.push_str(&format!("status-text: {}{eol}", yaml_scalar(t)));
    }
    if let Some(d) = &r.front.date {
        front.push_str(&format!("date: {d}{eol}"));
    }
    let list = frontmatter::yaml_flow_items;
    for (key, items) in [
        ("decision-makers", &r.front.decision_makers),
        ("consulted", &r.front.consulted),
        ("informed", &r.front.informed),
    ] {
        if !items.is_empty() {
            front.push_str(&format!("{key}: [{}]{eol}", list(items)));
        }
    }
    for (key, ids) in r.front.relations() {
        if !ids.is_empty() {
            let ids: Vec<String> = ids.iter().map(|i| i.0.to_string()).collect();
            front.push_str(&format!("{key}: [{}]{eol}", ids.join(", ")));
        }
    }
    front.push_str(&format!("---{eol}{eol}"));
    front.push_str(&format!("# {}{eol}", r.title));
    front.push_str(&body_without_metadata(r));
    front
}

/// Replaces the `# ` title line by the title without its number.
fn retitle(text: &str, r: &Record) -> String {
    if r.title_number.is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == r.title_line {
            let ending = &line[line.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&format!("# {}{ending}", r.title));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The body after the title, without the `Date:`/`* Status:` metadata lines and adr-tools'
/// `## Status` section, whose facts are in the front matter now.
fn body_without_metadata(r: &Record) -> String {
    let (_, text) = frontmatter::strip_bom(&r.text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut in_preamble = true;
    let mut skipping_status = false;
    let mut status_level = 0;
    for (i, line) in lines.iter().enumerate().skip(r.title_line) {
        let t = line.trim();
        let level = t.chars().take_while(|c| *c == '#').count();
        if level > 0 && t[level..].starts_with(' ') {
            in_preamble = in_preamble && level < 2;
            if skipping_status && level <= status_level {
                skipping_status = false;
            }
            let heading = t[level..].trim().to_lowercase();
            if r.format == Format::AdrTools
                && (2..=3).contains(&level)
                && (heading == "status" || heading.starts_with("status:"))
            {
                skipping_status = true;
                status_level = level;
                continue;
            }
        }
        if skipping_status {
            continue;
        }
        if in_preamble {
            let meta = t
                .trim_start_matches(['*', '-'])
                .trim_start()
                .trim_start_matches('*')
                .to_lowercase();
            let is_meta = ["status:", "date:", "deciders:", "consulted:", "informed:"]
                .iter()
                .any(|k| meta.starts_with(k) || meta.starts_with(&k.replace(':', "**:")));
            if is_meta {
                continue;
            }
        }
        // Collapse the blank lines the removed lines leave behind.
        if t.is_empty() && out.ends_with(&format!("{}{}", line, line)) {
            continue;
        }
        let _ = i;
        out.push_str(line);
    }
    // One blank line between the title and what follows.
    let eol = line_ending(text);
    format!("{eol}{}", out.trim_start_matches(['\r', '\n']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_the_records_and_point_back_at_what_stays() {
        let names: std::collections::HashMap<String, String> = [(
            "docs/adr/20231201-older.md".to_string(),
            ".adr/decisions/0007-older.md".to_string(),
        )]
        .into();
        let exists = |p: &str| p == "docs/adr/img/b.png" || p == "docs/guide.md";
        let mut left = std::collections::BTreeSet::new();
        let text = "See [older](20231201-older.md \"t\"), ![b](./img/b.png \"Bee\"), [x](<20231201-older.md#why>),\n[gone](nothing.md), [web](https://x.org/a.md), [guide](../guide.md).\n[ref]: 20231201-older.md \"Older\"\n";
        let out = rewrite_links(
            text,
            "docs/adr",
            ".adr/decisions",
            &names,
            &exists,
            "docs/adr",
            &mut left,
        );
        assert_eq!(
            out,
            "See [older](0007-older.md \"t\"), ![b](../../docs/adr/img/b.png \"Bee\"), [x](<0007-older.md#why>),\n[gone](nothing.md), [web](https://x.org/a.md), [guide](../../docs/guide.md).\n[ref]: 0007-older.md \"Older\"\n"
        );
        assert_eq!(left.into_iter().collect::<Vec<_>>(), ["docs/adr/img/b.png"]);
    }

    #[test]
    fn converts_an_adr_tools_record() {
        let text = "# 2. Use PostgreSQL\n\nDate: 2018-03-04\n\n## Status\n\nApproved by TSC\n\nSupersedes [1. Use MySQL](0001-use-mysql.md)\n\n## Context\n\nWe need a database.\n";
        let r =
            Record::parse_in_place("adr", "doc/adr/0002-use-postgresql.md", text.into()).unwrap();
        let out = convert(&r);
        assert_eq!(
            out,
            "---\nstatus: accepted\nstatus-text: Approved by TSC\ndate: 2018-03-04\nsupersedes: [1]\n---\n\n# Use PostgreSQL\n\n## Context\n\nWe need a database.\n"
        );
        let back =
            Record::parse("adr", ".adr/decisions/0002-use-postgresql.md", out.into()).unwrap();
        assert_eq!(back.title, "Use PostgreSQL");
        assert_eq!(back.front.supersedes, vec![Id(1)]);
    }

    #[test]
    fn converts_madr_records() {
        let text = "# Use X\n\n* Status: superseded by [ADR-0005](0005-x.md)\n* Deciders: Ann, Bob\n* Date: 2019-05-02\n\nTechnical Story: #12\n\n## Context and Problem Statement\n\nText.\n";
        let r = Record::parse_in_place("adr", "docs/adr/0004-use-x.md", text.into()).unwrap();
        let out = convert(&r);
        assert!(out.starts_with("---\nstatus: superseded\nstatus-text: superseded by ADR-0005\ndate: 2019-05-02\ndecision-makers: [Ann, Bob]\nsuperseded-by: [5]\n---\n\n# Use X\n\nTechnical Story: #12\n\n## Context"), "{out}");

        let text = "---\nstatus: Approved\ndeciders: [ann]\n---\n# 7. Use Y\n\nBody\n";
        let r = Record::parse_in_place("adr", "docs/decisions/0007-use-y.md", text.into()).unwrap();
        assert_eq!(
            convert(&r),
            "---\nstatus: accepted\ndeciders: [ann]\nstatus-text: Approved\n---\n# Use Y\n\nBody\n"
        );
    }
}
