//! The catalogue of check rules: stable codes, default severities, what each checks.

/// How much a finding matters. `Off` rules are not reported at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Off,
}

/// A rule: its stable code, default severity, and what it checks.
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

use Severity::{Error as E, Off, Warning as W};

/// Every rule, in the order the README documents them. Codes never change meaning.
pub const RULES: &[Rule] = &[
    Rule {
        code: "unreadable",
        severity: E,
        summary: "the file can be read: UTF-8, at most 1 MiB, a regular file inside the repository",
    },
    Rule {
        code: "front-matter",
        severity: E,
        summary: "front matter is present, closed, valid YAML, with the right types",
    },
    Rule {
        code: "unknown-status",
        severity: E,
        summary: "the status is one the kind's lifecycle knows",
    },
    Rule {
        code: "missing-title",
        severity: E,
        summary: "there is a `# ` title heading",
    },
    Rule {
        code: "multiple-titles",
        severity: E,
        summary: "there is only one `# ` heading",
    },
    Rule {
        code: "missing-field",
        severity: E,
        summary: "`status` is set, and `date` on numbered records",
    },
    Rule {
        code: "invalid-date",
        severity: E,
        summary: "`date` and `review-by` are YYYY-MM-DD dates",
    },
    Rule {
        code: "missing-section",
        severity: E,
        summary: "the kind's required sections are present",
    },
    Rule {
        code: "placeholder-text",
        severity: E,
        summary: "required sections are filled in, not left as template placeholders",
    },
    Rule {
        code: "file-name",
        severity: W,
        summary: "Markdown files in a records directory are named NNNN-slug.md",
    },
    Rule {
        code: "title-mismatch",
        severity: W,
        summary: "the file name's slug matches the title",
    },
    Rule {
        code: "duplicate-id",
        severity: E,
        summary: "no two records of a kind share a number",
    },
    Rule {
        code: "broken-link",
        severity: E,
        summary:
            "supersedes, superseded-by, amends, amended-by, relates and dod name existing records",
    },
    Rule {
        code: "supersede-asymmetric",
        severity: E,
        summary: "both ends of a supersession agree, and the old record's status is superseded",
    },
    Rule {
        code: "link-asymmetric",
        severity: W,
        summary: "amends/amended-by and relates are recorded on both records",
    },
    Rule {
        code: "supersede-cycle",
        severity: E,
        summary: "no record supersedes itself through a chain",
    },
    Rule {
        code: "status-regression",
        severity: E,
        summary: "branch mode: status changes follow the lifecycle (no accepted → proposed)",
    },
    Rule {
        code: "id-taken-on-base",
        severity: E,
        summary:
            "branch mode: a number the branch adds was not also taken on the base since the fork",
    },
    Rule {
        code: "proposed-on-default-branch",
        severity: W,
        summary: "records on the default branch are not left `proposed`",
    },
    Rule {
        code: "review-overdue",
        severity: W,
        summary: "`review-by` is not in the past",
    },
    Rule {
        code: "invalid-path-glob",
        severity: W,
        summary: "`paths` globs are valid",
    },
    Rule {
        code: "unmatched-path-glob",
        severity: W,
        summary: "`paths` globs match at least one tracked file",
    },
    Rule {
        code: "dod-failed",
        severity: E,
        summary: "with --dod: every required automatic definition-of-done item passes",
    },
    Rule {
        code: "index-outdated",
        severity: Off,
        summary: "`.adr/README.md`, when present, is what `git adr index` writes for the records",
    },
    Rule {
        code: "date-mismatch",
        severity: Severity::Off,
        summary: "off by default: `date` is at most 30 days before, and 1 day after, the commit that created the record (not in shallow clones or --staged)",
    },
];
