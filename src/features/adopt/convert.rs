//! One record of an existing folder in git-adr's format: front matter with every field, the
//! title without its number, the body as written.

use crate::model::record::formats::Format;
use crate::model::record::frontmatter::{self, line_ending, yaml_scalar, Value};
use crate::model::record::Record;

/// The records with every relation written on both ends: existing folders often name a
/// successor only on the old record ("superseded by ADR-0003"); git-adr keeps both.
pub(super) fn with_both_ends(records: &[Record]) -> Vec<Record> {
    let mut out = records.to_vec();
    for r in records {
        let Some(my) = r.id else { continue };
        for (relation, ids) in r.front.relations() {
            let inverse = relation.inverse();
            for other in ids {
                // Only when the number names one record: a collision stays for `renumber`.
                let mut matching = out.iter_mut().filter(|o| o.id == Some(*other));
                if let (Some(o), None) = (matching.next(), matching.next()) {
                    let list = inverse.ids_mut(&mut o.front);
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
        for (relation, ids) in r.front.relations() {
            if !ids.is_empty() {
                set(relation.key(), Value::ids(ids));
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
    for (relation, ids) in r.front.relations() {
        if !ids.is_empty() {
            let ids: Vec<String> = ids.iter().map(|i| i.0.to_string()).collect();
            front.push_str(&format!("{}: [{}]{eol}", relation.key(), ids.join(", ")));
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
    use crate::model::record::Id;

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
