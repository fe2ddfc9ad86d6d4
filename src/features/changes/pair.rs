//! One record compared with its other version: title, supersessions, options, the chosen
//! option, body sections and text (front-matter keys in [`super::fields`]).

use super::fields::fields_changed;
use super::{
    became_superseded, phrases, Change, ChangeKind, Edit, ListChange, OptionChange, OptionsChange,
    RecordDiff, SectionText, Status,
};
use crate::model::record::sections::{self, PointKind, Sections};
use crate::model::record::{Format, Record};
use crate::store::Store;

/// The difference between two versions of one record, `None` when there is none that matters
/// (same path, and the same front-matter values and body text).
pub(super) fn compare_pair(
    store: &Store,
    before: Option<Record>,
    after: Option<Record>,
) -> Option<Change> {
    if let (Some(b), Some(a)) = (&before, &after) {
        if b.path == a.path && b.text == a.text {
            return None;
        }
    }
    let mut diff = identity(store, before.as_ref(), after.as_ref())?;
    let Some(after) = after else {
        // A deleted record: who it was is enough.
        if let Some(s) = &diff.status_before {
            diff.what_changed.push(format!("was {}", s.text));
        }
        let record = before?;
        return Some(Change {
            diff,
            before: None,
            record,
        });
    };
    let before_ref = before.as_ref();
    if let Some(b) = before_ref.filter(|b| b.title != after.title) {
        diff.title_change = Some(Edit {
            from: Some(b.title.clone()),
            to: Some(after.title.clone()),
        });
    }
    let ids = |r: Option<&Record>, pick: fn(&Record) -> &[crate::model::record::Id]| {
        r.map(|r| store.config.ids_text(&r.kind, pick(r)))
            .unwrap_or_default()
    };
    diff.supersedes = ListChange::of(
        &ids(before_ref, |r| &r.front.supersedes),
        &ids(Some(&after), |r| &r.front.supersedes),
    );
    diff.superseded_by = ListChange::of(
        &ids(before_ref, |r| &r.front.superseded_by),
        &ids(Some(&after), |r| &r.front.superseded_by),
    );
    compare_bodies(&mut diff, before_ref, &after);
    diff.fields = fields_changed(store, before_ref, &after);
    if diff.change == ChangeKind::Modified && only_formatting(&diff) {
        // Only formatting changed (comments, key order, quoting, line endings).
        return None;
    }
    diff.what_changed = phrases::phrases(store, &diff, before_ref, &after);
    Some(Change {
        diff,
        before,
        record: after,
    })
}

/// Who the record is and how its file and status changed; the rest is left empty.
fn identity(store: &Store, before: Option<&Record>, after: Option<&Record>) -> Option<RecordDiff> {
    let record = after.or(before)?;
    let change = match (before, after) {
        (None, Some(_)) => ChangeKind::Added,
        (Some(_), None) => ChangeKind::Deleted,
        (Some(b), Some(a)) if b.path != a.path => ChangeKind::Renamed,
        _ => ChangeKind::Modified,
    };
    let status_before = before.and_then(Status::of_record);
    let status_after = after.and_then(Status::of_record);
    let mut diff = RecordDiff::new(
        store.display_id(record),
        record.kind.clone(),
        change,
        record.title.clone(),
        record.path.clone(),
    );
    diff.number = record.id.map(|i| i.0);
    if change == ChangeKind::Renamed {
        diff.former_path = before.map(|b| b.path.clone());
    }
    // A record born superseded (an old decision recorded late) is new in the range; it was
    // not superseded by it.
    diff.became_superseded = change != ChangeKind::Added
        && became_superseded(
            store.config.lifecycle_of(&record.kind),
            status_before.as_ref(),
            status_after.as_ref(),
        );
    diff.status_before = status_before;
    diff.status_after = status_after;
    Some(diff)
}

/// Nothing but the file's formatting differs.
fn only_formatting(d: &RecordDiff) -> bool {
    d.title_change.is_none()
        && d.status_before == d.status_after
        && d.supersedes.is_empty()
        && d.superseded_by.is_empty()
        && d.fields.is_empty()
        && !d.body_changed
}

/// Options, the chosen option, sections and the body's text.
fn compare_bodies(diff: &mut RecordDiff, before: Option<&Record>, after: &Record) {
    let empty = Sections::default();
    let sections_before = before.map(|b| sections::parse(b.body()));
    let sa = sections::parse(after.body());
    let sb = sections_before.as_ref().unwrap_or(&empty);
    diff.options = options_change(&sb.options, &sa.options);
    let same_chosen = match (&sb.chosen, &sa.chosen) {
        (Some(x), Some(y)) => x == y || sections::same_option(x, y),
        (None, None) => true,
        _ => false,
    };
    if !same_chosen {
        diff.chosen_change = Some(Edit {
            from: sb.chosen.clone(),
            to: sa.chosen.clone(),
        });
    }
    diff.sections = SECTIONS
        .iter()
        .filter(|(_, _, entries)| entries(sb) != entries(&sa))
        .map(|(name, _, _)| name.to_string())
        .collect();
    diff.body_changed = before.map_or(String::new(), body_text) != body_text(after);
}

/// Options matched by title: first exactly (after normalising), then as the body reader
/// matches an option heading to a listed option.
fn options_change(
    before: &[sections::DecisionOption],
    after: &[sections::DecisionOption],
) -> OptionsChange {
    let mut taken = vec![false; before.len()];
    let mut matched: Vec<Option<usize>> = vec![None; after.len()];
    for pass in 0..2 {
        for (j, a) in after.iter().enumerate() {
            if matched[j].is_some() {
                continue;
            }
            let hit = before.iter().enumerate().position(|(i, b)| {
                !taken[i]
                    && if pass == 0 {
                        b.title == a.title
                    } else {
                        sections::same_option(&b.title, &a.title)
                    }
            });
            if let Some(i) = hit {
                taken[i] = true;
                matched[j] = Some(i);
            }
        }
    }
    let mut out = OptionsChange::default();
    for (j, a) in after.iter().enumerate() {
        match matched[j] {
            None => out.added.push(a.title.clone()),
            Some(i) => {
                let b = &before[i];
                let change = OptionChange {
                    title: a.title.clone(),
                    description_changed: b.description != a.description,
                    good: ListChange::of(&b.good, &a.good),
                    bad: ListChange::of(&b.bad, &a.bad),
                    neutral: ListChange::of(&b.neutral, &a.neutral),
                };
                if change.description_changed
                    || !change.good.is_empty()
                    || !change.bad.is_empty()
                    || !change.neutral.is_empty()
                {
                    out.changed.push(change);
                }
            }
        }
    }
    out.removed = before
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(b, _)| b.title.clone())
        .collect();
    out
}

type Entries = fn(&Sections) -> Vec<String>;

/// The body sections compared besides options and the chosen one: canonical name, whether it
/// is a list, and its entries (inline Markdown source) as the body reader finds them.
const SECTIONS: [(&str, bool, Entries); 7] = [
    ("Context and Problem Statement", false, |s| {
        s.context.iter().cloned().collect()
    }),
    ("Decision Drivers", true, |s| s.drivers.clone()),
    ("Decision Outcome", false, |s| {
        s.decision.iter().cloned().collect()
    }),
    ("Consequences", true, |s| {
        s.consequences
            .iter()
            .map(|c| {
                let word = match c.kind {
                    PointKind::Good => "Good: ",
                    PointKind::Bad => "Bad: ",
                    PointKind::Neutral => "Neutral: ",
                    PointKind::Other => "",
                };
                format!("{word}{}", c.text)
            })
            .collect()
    }),
    ("Confirmation", true, |s| s.verification.clone()),
    ("Rollout and Rollback", true, |s| {
        let side = |word: &str, items: &[String]| -> Vec<String> {
            items.iter().map(|i| format!("{word}: {i}")).collect()
        };
        [side("Rollout", &s.rollout), side("Rollback", &s.rollback)].concat()
    }),
    ("More Information", false, |s| {
        s.more_information.iter().cloned().collect()
    }),
];

/// The section named `name` (a name [`RecordDiff::sections`] lists) as `sections` reads it
/// now; `None` for a name that is not one of them.
pub fn section_entries(sections: &Sections, name: &str) -> Option<SectionText> {
    SECTIONS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(name, list, entries)| SectionText {
            name: name.to_string(),
            list: *list,
            entries: entries(sections),
        })
}

/// The body without its title line, with line endings and trailing white space normalised.
/// A record of an existing folder written without front matter keeps its metadata in the body
/// (adr-tools' `Date:` line and `## Status` section, MADR 2's `* Status: …` list): those lines
/// are compared as fields, so they are left out here.
fn body_text(r: &Record) -> String {
    let body = r.body();
    let lines: Vec<&str> = body.lines().collect();
    let title_line = crate::model::record::find_title(body).map(|(_, l)| l);
    let mut skip = vec![false; lines.len() + 1];
    if let Some(t) = title_line {
        skip[t] = true;
    }
    if r.format != Format::FrontMatter {
        let heads = crate::model::record::headings(body);
        let first_section = heads
            .iter()
            .find(|h| h.level == 2)
            .map_or(lines.len() + 1, |h| h.line);
        let meta = |l: &str| {
            let l = l.trim_start().trim_start_matches(['*', '-']).trim_start();
            l.split_once(':').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key.len() <= 20
                    && key
                        .chars()
                        .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
            })
        };
        for (i, l) in lines.iter().enumerate() {
            if title_line.is_some_and(|t| i + 1 > t) && i + 1 < first_section && meta(l) {
                skip[i + 1] = true;
            }
        }
        if let Some(h) = heads
            .iter()
            .find(|h| h.level == 2 && h.text.eq_ignore_ascii_case("status"))
        {
            for flag in &mut skip[h.line..=h.lines.end] {
                *flag = true;
            }
        }
    }
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip[i + 1])
        .map(|(_, l)| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "# T\n\n## Decision Outcome\n\nChosen option: \"A\", because b.\n\n### Consequences\n\n* Good, because fast.\n* Bad, because new.\n\n## Rollout and Rollback\n\nRollout:\n\n* Flag it.\n\nRollback triggers:\n\n* Errors.\n";

    #[test]
    fn a_section_reads_now_as_the_comparison_saw_it() {
        let s = sections::parse(BODY);
        let outcome = section_entries(&s, "Decision Outcome").unwrap();
        assert!(!outcome.list);
        assert_eq!(outcome.entries, ["Chosen option: \"A\", because b."]);
        let consequences = section_entries(&s, "Consequences").unwrap();
        assert!(consequences.list);
        assert_eq!(consequences.entries, ["Good: fast.", "Bad: new."]);
        let rollout = section_entries(&s, "Rollout and Rollback").unwrap();
        assert_eq!(rollout.entries, ["Rollout: Flag it.", "Rollback: Errors."]);
        assert_eq!(
            section_entries(&s, "Context and Problem Statement")
                .unwrap()
                .entries,
            Vec::<String>::new()
        );
        assert!(section_entries(&s, "Nonsense").is_none());
    }

    #[test]
    fn an_option_matched_by_title_says_what_changed_in_it() {
        let before = sections::parse(
            "# T\n\n## Considered Options\n\n* Redis\n  * Good, because fast\n* Memcached\n",
        );
        let after = sections::parse("# T\n\n## Considered Options\n\n* redis\n  * Good, because fast\n  * Bad, because new\n* SQLite\n");
        let o = options_change(&before.options, &after.options);
        assert_eq!(o.added, ["SQLite"]);
        assert_eq!(o.removed, ["Memcached"]);
        assert_eq!(o.changed.len(), 1);
        assert_eq!(o.changed[0].bad.added, ["new"]);
    }
}
