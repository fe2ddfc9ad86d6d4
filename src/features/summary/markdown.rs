//! The summary as Markdown: rendered by the `pr.md.j2` template (built in, or the repository's
//! own), with user text escaped, and kept within GitHub's pull-request body limit.

use super::Summary;
use crate::error::Result;
use crate::text::markdown::{code, fenced, markdown_cell, text};
use crate::text::template::{self, Template};

/// GitHub refuses pull-request bodies longer than this many characters.
pub const BODY_LIMIT: usize = 65_536;
/// Room kept for the note that says what was left out.
const NOTE_ROOM: usize = 1_500;

fn render_once(template: &Template, context: &serde_json::Value) -> Result<String> {
    let value = minijinja::Value::from_serialize(context);
    let out = template::render_with(template, value, |env| {
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.add_filter("text", |s: Option<String>| text(&s.unwrap_or_default()));
        env.add_filter("cell", |s: Option<String>| {
            markdown_cell(&s.unwrap_or_default())
        });
        env.add_filter("code", |s: Option<String>| code(&s.unwrap_or_default()));
        env.add_filter("fenced", |s: Option<String>| fenced(&s.unwrap_or_default()));
        env.add_filter("lead", |s: Option<String>, n: usize| {
            lead(&s.unwrap_or_default(), n)
        });
    })?;
    Ok(tidy(&out))
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

/// Renders the summary. Past [`BODY_LIMIT`] characters, long parts fold into `<details>`, then
/// decisions from the last one backwards lose their details, and as a last resort the tail is
/// cut; a note at the end says what was left out.
pub fn render(summary: &Summary, template: &Template, limit: usize) -> Result<String> {
    let mut attempt = Attempt::new(summary, template);
    let full = attempt.render()?;
    if full.chars().count() <= limit {
        return Ok(full);
    }
    attempt.context["fold"] = true.into();
    let budget = limit.saturating_sub(NOTE_ROOM).max(NOTE_ROOM);
    let folded = attempt.render()?;
    if folded.chars().count() <= budget {
        return Ok(folded);
    }
    let (body, notes) = attempt.shorten(budget)?;
    Ok(format!(
        "{body}\n---\n_Left out to stay within the {limit}-character limit (GitHub's is {BODY_LIMIT}): {}. `git adr pr --max-chars 0` prints everything._\n",
        notes.join("; ")
    ))
}

/// The template context of one rendering, changed step by step until the output fits.
struct Attempt<'a> {
    summary: &'a Summary,
    template: &'a Template,
    context: serde_json::Value,
}

impl<'a> Attempt<'a> {
    fn new(summary: &'a Summary, template: &'a Template) -> Attempt<'a> {
        let mut context = serde_json::to_value(summary).unwrap_or_default();
        context["empty"] = summary.is_empty().into();
        context["fold"] = false.into();
        let mut attempt = Attempt {
            summary,
            template,
            context,
        };
        attempt.set_brief(0);
        attempt
    }

    fn render(&self) -> Result<String> {
        render_once(self.template, &self.context)
    }

    /// The last `k` decisions lose their details.
    fn set_brief(&mut self, k: usize) {
        let n = self.summary.decisions.len();
        if let Some(list) = self.context["decisions"].as_array_mut() {
            for (i, d) in list.iter_mut().enumerate() {
                d["brief"] = (i >= n - k).into();
            }
        }
    }

    /// The output within `budget`, and what was left out to get there: the details of the
    /// fewest decisions; else of all, and whole decisions from the end; else the tail.
    fn shorten(&mut self, budget: usize) -> Result<(String, Vec<String>)> {
        let n = self.summary.decisions.len();
        if let Some((k, out)) = self.fewest_brief(budget)? {
            let ids = self.ids(n - k..n);
            let note = format!("details of {k} decision{} ({ids})", plural(k));
            return Ok((out, vec![note]));
        }
        self.set_brief(n);
        let mut notes = Vec::new();
        if n > 0 {
            notes.push(format!("details of all {n} decisions"));
        }
        let out = self.render()?;
        if out.chars().count() <= budget {
            return Ok((out, notes));
        }
        // Still too long: leave out whole decisions from the end (the sections after them —
        // governed code, log, checklists, warnings — are kept), as few as will do.
        match self.most_decisions(budget)? {
            Some((keep, out)) => {
                let left = n - keep;
                let ids = self.ids(keep..n);
                notes.push(format!(
                    "{left} decision{} not shown at all ({ids})",
                    plural(left)
                ));
                Ok((out, notes))
            }
            None => {
                self.context["decisions"] = serde_json::Value::Array(vec![]);
                let out = self.render()?;
                let cut = cut_at_line(&out, budget);
                notes.push(format!(
                    "all {n} decisions, and the last {} characters of the rest",
                    out.chars().count() - cut.chars().count()
                ));
                Ok((cut, notes))
            }
        }
    }

    /// The fewest decisions shown briefly that make it fit (more brief → shorter).
    fn fewest_brief(&mut self, budget: usize) -> Result<Option<(usize, String)>> {
        let n = self.summary.decisions.len();
        let (mut lo, mut hi) = (1, n);
        let mut best = None;
        while lo <= hi && n > 0 {
            let mid = (lo + hi) / 2;
            self.set_brief(mid);
            let out = self.render()?;
            if out.chars().count() <= budget {
                best = Some((mid, out));
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        Ok(best)
    }

    /// The most decisions (all brief) that fit, counted from the first.
    fn most_decisions(&mut self, budget: usize) -> Result<Option<(usize, String)>> {
        let all = self.context["decisions"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let (mut lo, mut hi, mut best) = (0usize, all.len(), None);
        while lo <= hi {
            let keep = (lo + hi) / 2;
            self.context["decisions"] = serde_json::Value::Array(all[..keep].to_vec());
            let out = self.render()?;
            if out.chars().count() <= budget {
                best = Some((keep, out));
                lo = keep + 1;
            } else if keep == 0 {
                break;
            } else {
                hi = keep - 1;
            }
        }
        Ok(best)
    }

    fn ids(&self, range: std::ops::Range<usize>) -> String {
        let ids: Vec<&str> = self.summary.decisions[range]
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        abbreviate(&ids)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn abbreviate(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] if ids.len() > 6 => format!("{first} … {last}"),
        _ => ids.join(", "),
    }
}

/// The longest prefix of whole lines with at most `limit` characters.
fn cut_at_line(s: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for line in s.split_inclusive('\n') {
        let len = line.chars().count();
        if count + len > limit {
            break;
        }
        out.push_str(line);
        count += len;
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
}
