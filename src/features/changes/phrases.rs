//! What changed, in words: the phrases `git adr diff` prints under a record and `git adr pr`
//! shows for it ("status proposed → accepted", "relates: + ADR-0004", "edited: Decision
//! Outcome").

use serde_json::Value;

use super::{ChangeKind, ListChange, OptionChange, OptionsChange, RecordDiff, Status};
use crate::model::record::status::Role;
use crate::model::record::{frontmatter, Record};
use crate::store::Store;

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `+ a, + b, - c`.
fn signed(list: &ListChange) -> String {
    list.added
        .iter()
        .map(|a| format!("+ {a}"))
        .chain(list.removed.iter().map(|r| format!("- {r}")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The changes in words: how the file moved and the title, the lifecycle, then options, the
/// chosen option, other keys and the body.
pub(super) fn phrases(
    store: &Store,
    d: &RecordDiff,
    before: Option<&Record>,
    after: &Record,
) -> Vec<String> {
    let added = d.change == ChangeKind::Added;
    let mut out = Vec::new();
    if let Some(former) = &d.former_path {
        out.push(format!("renamed from {former}"));
    }
    if let Some(t) = &d.title_change {
        out.push(format!(
            "title \"{}\" → \"{}\"",
            t.from.as_deref().unwrap_or(""),
            t.to.as_deref().unwrap_or("")
        ));
    }
    out.extend(lifecycle(store, d.change, before, Some(after)));
    match (&d.status_before, &d.status_after) {
        (Some(b), None) => out.push(format!("status {} → (none)", b.text)),
        (None, Some(a)) if !added => out.push(format!("status (none) → {}", a.text)),
        _ => {}
    }
    for id in &d.supersedes.removed {
        out.push(format!("no longer supersedes {id}"));
    }
    for id in &d.superseded_by.removed {
        out.push(format!("no longer superseded by {id}"));
    }
    out.extend(options(&d.options, added));
    if let Some(c) = &d.chosen_change {
        out.push(match (&c.from, &c.to) {
            (None, Some(to)) if added => format!("chosen option \"{to}\""),
            (from, to) => format!("chosen option {} → {}", or_none(from), or_none(to)),
        });
    }
    // A new record's other keys are in the JSON; in words they would only be noise.
    if !added {
        out.extend(d.fields.iter().map(field));
        out.extend(body(d));
    }
    out
}

/// `"title"`, or `(none)`.
fn or_none(title: &Option<String>) -> String {
    title
        .as_deref()
        .map_or("(none)".into(), |t| format!("\"{t}\""))
}

/// What changed in a record's lifecycle: `status proposed → accepted` (`status proposed` for a
/// new record), then `supersedes ADR-0002` and `superseded by ADR-0005` for each link that
/// `after` has and `before` had not.
pub(super) fn lifecycle(
    store: &Store,
    change: ChangeKind,
    before: Option<&Record>,
    after: Option<&Record>,
) -> Vec<String> {
    let mut what = Vec::new();
    let Some(record) = after.or(before) else {
        return what;
    };
    let status_before = before.and_then(Status::of_record);
    let status_after = after.and_then(Status::of_record);
    match (&status_before, &status_after) {
        (Some(b), Some(a)) if b.text != a.text => {
            what.push(format!("status {} → {}", b.text, a.text))
        }
        (None, Some(a)) if change == ChangeKind::Added => what.push(format!("status {}", a.text)),
        _ => {}
    }
    let empty = Vec::new();
    let (old_sup, old_by) = before.map_or((&empty, &empty), |b| {
        (&b.front.supersedes, &b.front.superseded_by)
    });
    let f = &record.front;
    let lifecycle = store.config.lifecycle_of(&record.kind);
    for id in f.supersedes.iter().filter(|i| !old_sup.contains(i)) {
        what.push(format!(
            "supersedes {}",
            store.config.id_text(&record.kind, *id)
        ));
    }
    for id in f.superseded_by.iter().filter(|i| !old_by.contains(i)) {
        // A status written as "superseded by ADR-0005" (MADR) or "Superceded by 5. Title"
        // (adr-tools) already says it: once is enough.
        let said = status_after.as_ref().is_some_and(|s| {
            lifecycle.is(Some(&s.key), Role::Superseded)
                && s.text
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|n| n.parse::<u32>().ok() == Some(id.0))
        });
        if !said {
            what.push(format!(
                "superseded by {}",
                store.config.id_text(&record.kind, *id)
            ));
        }
    }
    if change == ChangeKind::Added {
        // A changed record's new links are said by its field changes ("relates: + ADR-0004");
        // a new record has no before, so its links are said here, once.
        for (verb, ids) in [("amends", &f.amends), ("relates to", &f.relates)] {
            if !ids.is_empty() {
                let ids: Vec<String> = ids
                    .iter()
                    .map(|id| store.config.id_text(&record.kind, *id))
                    .collect();
                what.push(format!("{verb} {}", ids.join(", ")));
            }
        }
    }
    what
}

/// The considered options: all of them for a new record, else what was added, removed or
/// changed.
fn options(o: &OptionsChange, added: bool) -> Vec<String> {
    let mut out = Vec::new();
    if added {
        if !o.added.is_empty() {
            out.push(format!("considered options: {}", quoted(&o.added)));
        }
        return out;
    }
    if !o.added.is_empty() {
        out.push(format!("options added: {}", quoted(&o.added)));
    }
    if !o.removed.is_empty() {
        out.push(format!("options removed: {}", quoted(&o.removed)));
    }
    out.extend(o.changed.iter().map(option));
    out
}

/// `option "Redis": + good "fast", - bad "new to us", description edited`.
fn option(c: &OptionChange) -> String {
    let mut parts = Vec::new();
    for (word, list) in [("good", &c.good), ("bad", &c.bad), ("neutral", &c.neutral)] {
        for a in &list.added {
            parts.push(format!("+ {word} \"{a}\""));
        }
        for r in &list.removed {
            parts.push(format!("- {word} \"{r}\""));
        }
    }
    if c.description_changed {
        parts.push("description edited".into());
    }
    format!("option \"{}\": {}", c.title, parts.join(", "))
}

/// `tags: + db, - cache`, `review-by: 2026-01-01 → 2027-01-01`, or `items changed`.
fn field(f: &super::FieldChange) -> String {
    let known = frontmatter::is_typed_key(&f.key);
    let list = ListChange {
        added: f.added.clone(),
        removed: f.removed.clone(),
    };
    let structured = |v: &Value| v.is_object() || v.is_array();
    if !list.is_empty() {
        format!("{}: {}", f.key, signed(&list))
    } else if known || !(structured(&f.from) || structured(&f.to)) {
        format!("{}: {} → {}", f.key, value_text(&f.from), value_text(&f.to))
    } else {
        format!("{} changed", f.key)
    }
}

/// `edited: Context and Problem Statement, Consequences`, or `text edited` when the text
/// changed outside the sections compared.
fn body(d: &RecordDiff) -> Option<String> {
    // The decision paragraph names the chosen option: a new choice edits it anyway.
    let edited: Vec<&str> = d
        .sections
        .iter()
        .map(String::as_str)
        .filter(|s| d.chosen_change.is_none() || *s != "Decision Outcome")
        .collect();
    if !edited.is_empty() {
        Some(format!("edited: {}", edited.join(", ")))
    } else if d.body_changed && d.options.is_empty() && d.chosen_change.is_none() {
        Some("text edited".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::changes::{Edit, FieldChange};

    fn edit_of(sections: &[&str]) -> RecordDiff {
        let mut d = RecordDiff::new(
            "ADR-0002".into(),
            "adr".into(),
            ChangeKind::Modified,
            "T".into(),
            "p.md".into(),
        );
        d.sections = sections.iter().map(|s| s.to_string()).collect();
        d.body_changed = true;
        d
    }

    #[test]
    fn edited_sections_are_named_and_a_new_choice_owns_the_decision_paragraph() {
        let d = edit_of(&["Decision Outcome", "Consequences"]);
        assert_eq!(body(&d).unwrap(), "edited: Decision Outcome, Consequences");
        let mut chosen = edit_of(&["Decision Outcome"]);
        chosen.chosen_change = Some(Edit {
            from: Some("A".into()),
            to: Some("B".into()),
        });
        assert_eq!(body(&chosen), None);
        assert_eq!(body(&edit_of(&[])).unwrap(), "text edited");
    }

    #[test]
    fn keys_say_their_items_or_their_values() {
        let relates = FieldChange {
            key: "relates".into(),
            from: Value::Null,
            to: serde_json::json!(["ADR-0004"]),
            added: vec!["ADR-0004".into()],
            removed: vec![],
        };
        assert_eq!(field(&relates), "relates: + ADR-0004");
        let review = FieldChange {
            key: "review-by".into(),
            from: serde_json::json!("2026-01-01"),
            to: Value::Null,
            added: vec![],
            removed: vec![],
        };
        assert_eq!(field(&review), "review-by: 2026-01-01 → (none)");
        let own = FieldChange {
            key: "risk".into(),
            from: serde_json::json!({"level": 1}),
            to: serde_json::json!({"level": 2}),
            added: vec![],
            removed: vec![],
        };
        assert_eq!(field(&own), "risk changed");
    }

    #[test]
    fn a_new_record_is_decided_an_edit_is_not() {
        let mut d = edit_of(&["Consequences"]);
        assert!(!d.decision_changed());
        d.change = ChangeKind::Added;
        assert!(d.decision_changed());
        let mut status = edit_of(&[]);
        status.status_after = Status::of(&Some("accepted".into()));
        assert!(status.decision_changed());
    }
}
