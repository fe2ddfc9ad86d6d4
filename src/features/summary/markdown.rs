//! The summary as Markdown: rendered by the `pr.md.j2` template (built in, or the repository's
//! own), with user text escaped, and kept within GitHub's pull-request body limit.

use std::collections::HashMap;

use serde_json::Value;

use super::Summary;
use crate::error::Result;
use crate::features::changes::ChangeKind;
use crate::text::markdown::{code, fenced, html, markdown_cell, text};
use crate::text::template::{Compiled, Template};

/// GitHub refuses pull-request bodies longer than this many characters.
pub const BODY_LIMIT: usize = 65_536;

/// The template with the summary's filters and whitespace settings, compiled once.
fn compile(template: &Template) -> Result<Compiled<'_>> {
    Compiled::new(template, |env| {
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.add_filter("text", |s: Option<String>| text(&s.unwrap_or_default()));
        env.add_filter("cell", |s: Option<String>| {
            markdown_cell(&s.unwrap_or_default())
        });
        env.add_filter("html", |s: Option<String>| html(&s.unwrap_or_default()));
        env.add_filter("code", |s: Option<String>| code(&s.unwrap_or_default()));
        env.add_filter("fenced", |s: Option<String>| fenced(&s.unwrap_or_default()));
        env.add_filter("lead", |s: Option<String>, n: usize| {
            lead(&s.unwrap_or_default(), n)
        });
    })
}

/// Renders the summary within `limit` characters, note included. When the whole does not
/// fit, what matters least goes first, one step at a time, until it does:
/// 1. option tables fold into `<details>` (nothing is left out, so no note);
/// 2. the lists of governed files (each decision keeps its count);
/// 3. the edited text of records that are only edited (their line of what changed stays);
/// 4. the details of older records whose status or chosen option changed;
/// 5. the records the branch changes but does not add, altogether;
/// 6. the details of records the branch adds, from the last, as few as will do;
/// 7. a cut at a line.
///
/// Records the branch adds keep at least their heading and line until the last resort; the
/// note at the end names what each step left out.
pub fn render(summary: &Summary, template: &Template, limit: usize) -> Result<String> {
    let compiled = compile(template)?;
    let mut t = Trim::new(summary, &compiled, limit);
    if let Some(out) = t.attempt()? {
        return Ok(out);
    }
    *t.part_mut("fold") = true.into();
    if let Some(out) = t.attempt()? {
        return Ok(out);
    }
    let steps = [
        Trim::governed_files,
        Trim::edited_text,
        Trim::older_details,
        Trim::older_records,
    ];
    for step in steps {
        if step(&mut t) {
            if let Some(out) = t.attempt()? {
                return Ok(out);
            }
        }
    }
    if let Some(out) = t.added_details()? {
        return Ok(out);
    }
    t.cut()
}

/// The template context as it is trimmed step by step, and what each step left out.
struct Trim<'a> {
    summary: &'a Summary,
    template: &'a Compiled<'a>,
    limit: usize,
    /// The summary as template data, without `decisions` (set from the two fields below on
    /// each rendering).
    context: Value,
    decisions: Vec<Value>,
    /// Which decisions are still shown.
    shown: Vec<bool>,
    notes: Vec<String>,
    /// The template value of each part of the context (each top-level key, each decision) as
    /// last converted: a part is converted again only after a change to it (through
    /// [`Trim::part_mut`] or [`Trim::set_brief`]), not for every rendering (the governed code
    /// alone can be thousands of entries).
    parts: HashMap<String, minijinja::Value>,
    decision_parts: Vec<Option<minijinja::Value>>,
}

/// The template value of `data`, converted when `slot` holds none.
fn converted(slot: &mut Option<minijinja::Value>, data: &Value) -> minijinja::Value {
    slot.get_or_insert_with(|| minijinja::Value::from_serialize(data))
        .clone()
}

impl<'a> Trim<'a> {
    fn new(summary: &'a Summary, template: &'a Compiled<'a>, limit: usize) -> Trim<'a> {
        let mut context = serde_json::to_value(summary).unwrap_or_default();
        context["empty"] = summary.is_empty().into();
        context["fold"] = false.into();
        let mut decisions = match context["decisions"].take() {
            Value::Array(list) => list,
            _ => Vec::new(),
        };
        for d in &mut decisions {
            d["brief"] = false.into();
        }
        Trim {
            summary,
            template,
            limit,
            context,
            shown: vec![true; decisions.len()],
            decision_parts: vec![None; decisions.len()],
            decisions,
            notes: Vec::new(),
            parts: HashMap::new(),
        }
    }

    /// The context as a template value: what `minijinja::Value::from_serialize` makes of the
    /// context with the decisions still shown, built from the parts converted before where
    /// they did not change.
    fn value(&mut self) -> minijinja::Value {
        let decisions: minijinja::Value = (0..self.decisions.len())
            .filter(|&i| self.shown[i])
            .map(|i| converted(&mut self.decision_parts[i], &self.decisions[i]))
            .collect();
        let Value::Object(map) = &self.context else {
            return minijinja::Value::from_serialize(&self.context);
        };
        map.iter()
            .map(|(key, data)| {
                let value = if key == "decisions" {
                    decisions.clone()
                } else {
                    let part = self.parts.entry(key.clone());
                    part.or_insert_with(|| minijinja::Value::from_serialize(data))
                        .clone()
                };
                (minijinja::Value::from_serialize(key), value)
            })
            .collect()
    }

    /// The top-level part `key` of the context, to change.
    fn part_mut(&mut self, key: &str) -> &mut Value {
        self.parts.remove(key);
        &mut self.context[key]
    }

    /// Shows the `i`th decision briefly or not.
    fn set_brief(&mut self, i: usize, brief: bool) {
        if self.decisions[i]["brief"] != brief {
            self.decision_parts[i] = None;
            self.decisions[i]["brief"] = brief.into();
        }
    }

    /// The body as the context now renders it.
    fn body(&mut self) -> Result<String> {
        let value = self.value();
        Ok(tidy(&self.template.render(value)?))
    }

    /// The body with `notes` after it, when together they fit in the limit. A rendering that
    /// cannot fit any more is ended as soon as that is certain.
    fn fitting(&mut self, notes: &[String]) -> Result<Option<String>> {
        let room = self
            .limit
            .saturating_sub(self.with_note(String::new(), notes).chars().count());
        let value = self.value();
        let mut counter = TidyCounter::default();
        let rendered = self
            .template
            .render_until(value, &mut |text| counter.add(text) > room)?;
        let Some(body) = rendered else {
            return Ok(None);
        };
        let out = self.with_note(tidy(&body), notes);
        Ok((out.chars().count() <= self.limit).then_some(out))
    }

    /// The body with its note, when together they fit.
    fn attempt(&mut self) -> Result<Option<String>> {
        let notes = self.notes.clone();
        self.fitting(&notes)
    }

    fn with_note(&self, body: String, notes: &[String]) -> String {
        if notes.is_empty() {
            return body;
        }
        format!("{body}{}", note(self.limit, notes))
    }

    /// Indices of the decisions the branch adds (`added`) or does not add.
    fn indices(&self, added: bool) -> Vec<usize> {
        (0..self.decisions.len())
            .filter(|&i| (self.summary.decisions[i].change == ChangeKind::Added) == added)
            .collect()
    }

    fn ids(&self, indices: &[usize]) -> String {
        let ids: Vec<&str> = indices
            .iter()
            .map(|&i| self.summary.decisions[i].id.as_str())
            .collect();
        abbreviate(&ids)
    }

    /// Step 2: each governed decision's files become a count.
    fn governed_files(&mut self) -> bool {
        let mut ids = Vec::new();
        let mut files = 0;
        if let Some(list) = self.part_mut("governed").as_array_mut() {
            for g in list.iter_mut() {
                let n = g["files"].as_array().map_or(0, Vec::len);
                if n > 0 {
                    ids.push(g["id"].as_str().unwrap_or_default().to_string());
                    files += n;
                    g["files_left_out"] = n.into();
                    g["files"] = Value::Array(Vec::new());
                }
            }
        }
        if files == 0 {
            return false;
        }
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.notes.push(format!(
            "the list of {files} governed file{} (under {})",
            plural(files),
            abbreviate(&ids)
        ));
        true
    }

    /// Step 3: records only edited lose the text of their edited sections.
    fn edited_text(&mut self) -> bool {
        let edited: Vec<usize> = (0..self.decisions.len())
            .filter(|&i| {
                let d = &self.summary.decisions[i];
                self.shown[i] && !d.full && !d.changed_sections.is_empty()
            })
            .collect();
        self.brief(&edited, "the edited text of")
    }

    /// Step 4: older records whose status or chosen option changed lose their details.
    fn older_details(&mut self) -> bool {
        let older: Vec<usize> = self
            .indices(false)
            .into_iter()
            .filter(|&i| self.shown[i] && self.summary.decisions[i].full)
            .collect();
        self.brief(&older, "the details of")
    }

    /// Step 5: the records the branch changes but does not add are left out.
    fn older_records(&mut self) -> bool {
        let older = self.indices(false);
        if older.is_empty() {
            return false;
        }
        for &i in &older {
            self.shown[i] = false;
        }
        // Their governed code can no longer say "see above".
        if let Some(list) = self.part_mut("governed").as_array_mut() {
            for g in list.iter_mut() {
                g["in_change"] = false.into();
            }
        }
        let n = older.len();
        self.notes.push(format!(
            "{n} changed decision{} the branch does not add ({})",
            plural(n),
            self.ids(&older)
        ));
        true
    }

    fn brief(&mut self, which: &[usize], what: &str) -> bool {
        if which.is_empty() {
            return false;
        }
        for &i in which {
            self.set_brief(i, true);
        }
        self.notes.push(format!("{what} {}", self.ids(which)));
        true
    }

    /// Step 6: the details of the fewest added records, from the last, that make it fit.
    fn added_details(&mut self) -> Result<Option<String>> {
        let added = self.indices(true);
        let (mut lo, mut hi, mut best) = (1, added.len(), None);
        while lo <= hi {
            let k = (lo + hi) / 2;
            match self.added_brief(&added, k)? {
                Some(out) => {
                    best = Some(out);
                    hi = k - 1;
                }
                None => lo = k + 1,
            }
        }
        if best.is_none() && !added.is_empty() {
            // None fits: all of them brief, for the cut.
            let n = added.len();
            self.set_added_brief(&added, n);
            let note = self.added_note(&added, n);
            self.notes.push(note);
        }
        Ok(best)
    }

    /// The output with the last `k` of `added` brief, when it fits.
    fn added_brief(&mut self, added: &[usize], k: usize) -> Result<Option<String>> {
        self.set_added_brief(added, k);
        let mut notes = self.notes.clone();
        notes.push(self.added_note(added, k));
        self.fitting(&notes)
    }

    fn set_added_brief(&mut self, added: &[usize], k: usize) {
        let cut = added.len() - k;
        for (j, &i) in added.iter().enumerate() {
            self.set_brief(i, j >= cut);
        }
    }

    fn added_note(&self, added: &[usize], k: usize) -> String {
        format!(
            "the details of {k} decision{} the branch adds ({})",
            plural(k),
            self.ids(&added[added.len() - k..])
        )
    }

    /// Step 7: the longest prefix of whole lines that fits with a note naming what was cut;
    /// when no such note fits, a shorter one; when not even that fits, the note's start.
    fn cut(&mut self) -> Result<String> {
        let body = self.body()?;
        let total = body.chars().count();
        let mut room = self.limit;
        for _ in 0..8 {
            let kept = cut_at_line(&body, room);
            let mut notes = self.notes.clone();
            let tail = &body[kept.len()..];
            notes.push(self.cut_note(kept, tail, total - kept.chars().count()));
            let out = self.with_note(kept.to_string(), &notes);
            let over = out.chars().count().saturating_sub(self.limit);
            if over == 0 {
                return Ok(out);
            }
            if room == 0 {
                break;
            }
            // Less than what was kept, so that at least one more line goes.
            room = kept.chars().count().saturating_sub(over);
        }
        let short = format!(
            "\n---\n_Cut to the {}-character limit; `git adr pr --max-chars 0` prints everything._\n",
            self.limit
        );
        let room = self.limit.saturating_sub(short.chars().count());
        let kept = cut_at_line(&body, room);
        if !kept.is_empty() {
            return Ok(format!("{kept}{short}"));
        }
        Ok(short.trim_start().chars().take(self.limit).collect())
    }

    /// What a cut leaves out: the end of the section it cuts into, the decisions and the
    /// sections whose headings are in `tail`, and its length.
    fn cut_note(&self, kept: &str, tail: &str, chars: usize) -> String {
        let decisions: Vec<&str> = self
            .summary
            .decisions
            .iter()
            .map(|d| d.id.as_str())
            .filter(|id| tail.contains(&format!("### {}:", text(id))))
            .collect();
        let mut sections: Vec<String> = tail
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(str::to_string)
            .collect();
        let cut_into = kept.lines().rev().find_map(|l| l.strip_prefix("## "));
        if let Some(heading) = cut_into.filter(|_| !tail.starts_with("## ")) {
            sections.insert(0, format!("the end of {heading}"));
        }
        let mut parts = vec![format!("the last {chars} characters")];
        if !decisions.is_empty() {
            let n = decisions.len();
            parts.push(format!(
                "{n} decision{} ({})",
                plural(n),
                abbreviate(&decisions)
            ));
        }
        if !sections.is_empty() {
            parts.push(sections.join(", "));
        }
        let last = parts.pop().unwrap_or_default();
        if parts.is_empty() {
            last
        } else {
            format!("{}, with {last}", parts.join(": "))
        }
    }
}

/// The note at the end of a trimmed summary.
fn note(limit: usize, notes: &[String]) -> String {
    format!(
        "\n---\n_Left out to stay within the {limit}-character limit (GitHub's is {BODY_LIMIT}): {}. `git adr pr --max-chars 0` prints everything._\n",
        notes.join("; ")
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Record ids for the note, escaped like the rest of the page: an id comes from a file name or
/// a configured prefix.
fn abbreviate(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [one] => text(one),
        [first, .., last] if ids.len() > 6 => format!("{} … {}", text(first), text(last)),
        _ => ids.iter().map(|id| text(id)).collect::<Vec<_>>().join(", "),
    }
}

/// The longest prefix of whole lines with at most `limit` characters.
fn cut_at_line(s: &str, limit: usize) -> &str {
    let (mut bytes, mut count) = (0, 0);
    for line in s.split_inclusive('\n') {
        let len = line.chars().count();
        if count + len > limit {
            break;
        }
        bytes += line.len();
        count += len;
    }
    &s[..bytes]
}

/// The first words of `s`, at most `n` characters and "…" when cut (the label of a folded
/// text).
fn lead(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let words = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", words.trim_end_matches([',', ';', ':', ' ']))
}

/// How many characters [`tidy`] will keep at least of a text given piece by piece: the lines
/// complete so far, and a blank line before them only when a line with text follows it (the
/// blank lines at the end are dropped).
#[derive(Default)]
struct TidyCounter {
    /// The bytes of the line not complete yet.
    line: Vec<u8>,
    /// Characters kept so far.
    kept: usize,
    /// A blank line is pending (kept if text follows).
    blank: bool,
}

impl TidyCounter {
    /// Adds `text`; returns the characters kept so far.
    fn add(&mut self, text: &[u8]) -> usize {
        let mut rest = text;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..end]);
            rest = &rest[end + 1..];
            let line = std::mem::take(&mut self.line);
            self.line_done(&String::from_utf8_lossy(&line));
        }
        self.line.extend_from_slice(rest);
        self.kept
    }

    /// One whole line (without its `\n`), counted as [`tidy`] keeps it.
    fn line_done(&mut self, line: &str) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            // At most one in a row, and none before the first text.
            self.blank = self.kept > 0;
            return;
        }
        if std::mem::take(&mut self.blank) {
            self.kept += 1;
        }
        self.kept += line.trim_end().chars().count() + 1;
    }
}

/// At most one blank line in a row, and a single trailing newline.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_is_cut_at_a_word() {
        assert_eq!(lead("short", 10), "short");
        assert_eq!(lead("one two, three four", 12), "one two…");
        assert_eq!(lead("abcdefghijkl", 5), "abcde…");
    }

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(tidy("\n\na\n\n\n\nb\n\n"), "a\n\nb\n");
    }

    /// The counter never says more than `tidy` keeps (a rendering it ends could not have fit),
    /// and says all of it once the last line with text is complete, however the text comes in.
    #[test]
    fn the_tidy_counter_is_a_lower_bound_that_is_exact_after_a_complete_last_line() {
        let texts = [
            "\n\na  \n\n\n\nb\n\n",
            "# T\r\n\r\n  \n\u{e9}t\u{e9} \u{2003}\n\n\n- x\n",
            "no newline at the end",
            "\n \n\t\n",
        ];
        for text in texts {
            let kept = tidy(text).chars().count();
            for split in 0..=text.len() {
                let mut counter = TidyCounter::default();
                counter.add(&text.as_bytes()[..split]);
                let total = counter.add(&text.as_bytes()[split..]);
                assert!(total <= kept, "{text:?} split at {split}");
                if text.trim_end_matches(['\n', ' ', '\t']).len() < text.len() {
                    assert_eq!(total, kept, "{text:?} split at {split}");
                }
            }
        }
    }
}
