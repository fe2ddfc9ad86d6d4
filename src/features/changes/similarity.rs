//! Is a record on one side the same record as one on the other, though its file moved? Only
//! when its content is mostly the same: the same title, or at least half of its text the same
//! (as git's rename similarity measures it: the bytes of lines both sides have, over the larger
//! side). A different record that took a deleted one's number is not a rename.

use std::collections::HashMap;

use crate::model::record::Record;

/// The share of text two versions must have in common to be one record (git's default, 50%).
pub(super) const THRESHOLD: f64 = 0.5;

/// Beyond this many pairs of records without a counterpart, renumbered records are not looked
/// for (each pair costs a comparison of two files); they show as deleted and added.
pub(super) const MAX_PAIRS: usize = 500 * 500;

/// The lines of a record that carry its content, with how often each occurs. Blank lines,
/// headings and rules are left out: every record of a template has the same ones, so they
/// would make unrelated records look alike.
pub(super) struct Profile {
    lines: HashMap<String, usize>,
    bytes: usize,
}

impl Profile {
    pub(super) fn of(text: &str) -> Profile {
        let mut lines: HashMap<String, usize> = HashMap::new();
        let mut bytes = 0;
        for l in text.lines().map(str::trim) {
            let structure = l.is_empty()
                || l.starts_with('#')
                || l.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '));
            if !structure {
                bytes += l.len();
                *lines.entry(l.to_string()).or_default() += 1;
            }
        }
        Profile { lines, bytes }
    }

    /// How much of the text the two have in common, from 0 (nothing) to 1 (all of it).
    pub(super) fn similarity(&self, other: &Profile) -> f64 {
        let larger = self.bytes.max(other.bytes);
        if larger == 0 {
            return 1.0;
        }
        let common: usize = self
            .lines
            .iter()
            .map(|(line, n)| line.len() * (*n).min(other.lines.get(line).copied().unwrap_or(0)))
            .sum();
        common as f64 / larger as f64
    }

    pub(super) fn mostly_same(&self, other: &Profile) -> bool {
        self.similarity(other) >= THRESHOLD
    }
}

/// Two versions under the same number (or name) are one record when they have the same title
/// or mostly the same text.
pub(super) fn same_record(before: &Record, after: &Record) -> bool {
    same_title(before, after) || Profile::of(&before.text).mostly_same(&Profile::of(&after.text))
}

pub(super) fn same_title(before: &Record, after: &Record) -> bool {
    before.kind == after.kind && before.title.trim() == after.title.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "---\nstatus: accepted\ndate: 2026-01-10\n---\n\n# T\n\n## Context and Problem Statement\n\n{ctx}\n\n## Considered Options\n\n* {a}\n* {b}\n\n## Decision Outcome\n\n{out}\n";

    fn record(ctx: &str, a: &str, b: &str, out: &str) -> String {
        TEMPLATE
            .replace("{ctx}", ctx)
            .replace("{a}", a)
            .replace("{b}", b)
            .replace("{out}", out)
    }

    #[test]
    fn the_same_text_under_another_heading_is_mostly_the_same() {
        let a = record(
            "Jobs need a queue.",
            "RabbitMQ",
            "Kafka",
            "Chosen option: \"RabbitMQ\", because the team knows it.",
        );
        let b = a.replace("# T", "# Another title").replace("Kafka", "SQS");
        assert!(Profile::of(&a).mostly_same(&Profile::of(&b)));
    }

    #[test]
    fn the_same_template_with_other_content_is_not() {
        let a = record(
            "Every service includes the X library in its build.",
            "Include X",
            "Vendor X",
            "Chosen option: \"Include X\", because it is one build.",
        );
        let b = record(
            "Teams want to provide their own Y implementation instead.",
            "Provide own Y",
            "Share one Y",
            "Chosen option: \"Provide own Y\", because teams differ.",
        );
        let s = Profile::of(&a).similarity(&Profile::of(&b));
        assert!(s < THRESHOLD, "{s}");
    }

    #[test]
    fn repeated_lines_count_as_often_as_both_have_them() {
        let a = Profile::of("x line\nx line\nx line\ny other line\n");
        let b = Profile::of("x line\n");
        assert!((a.similarity(&b) - 6.0 / 30.0).abs() < 1e-9);
        assert_eq!(
            Profile::of("").similarity(&Profile::of("# Only a heading\n")),
            1.0
        );
    }
}
