//! The catalogue of check rules: stable codes, default severities, what each checks.
//!
//! A rule is named by its [`Rule`] variant everywhere in the code, so a typo is a compile
//! error, not a new rule; its code (`missing-section`) is what users see and configure. It sits
//! at the bottom, beside the error types, because a [`RecordError`](super::RecordError) names
//! the rule its problem belongs to; it depends on nothing.

/// How much a finding matters. `Off` rules are not reported at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check (exit code 1).
    Error,
    /// Reported; the check still passes.
    Warning,
    /// Not reported.
    Off,
}

impl Severity {
    /// The severity a `[check.rules]` value names (`"error"`, `"warning"`, `"off"`).
    pub fn from_name(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "off" => Some(Severity::Off),
            _ => None,
        }
    }
}

/// Declares [`Rule`] and its table in one place: variant, code, default severity, summary,
/// in the order the README documents them. Codes never change meaning.
macro_rules! rules {
    ($($variant:ident $code:literal $severity:ident $summary:literal,)*) => {
        /// A check rule. Its [`code`](Rule::code) is stable: configs and scripts name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $summary] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order the README documents them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable code users see and configure, e.g. `missing-section`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code,)*
                }
            }

            /// The severity when `[check.rules]` does not say otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// What the rule checks, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$variant => $summary,)*
                }
            }
        }
    };
}

rules! {
    Unreadable "unreadable" Error
        "the file can be read: UTF-8, at most 1 MiB, a regular file inside the repository",
    FrontMatter "front-matter" Error
        "front matter is present, closed, valid YAML, with the right types",
    UnknownStatus "unknown-status" Error
        "the status is one the kind's lifecycle knows (existing folders: not a misspelt lifecycle word)",
    MissingTitle "missing-title" Error
        "there is a `# ` title heading",
    MultipleTitles "multiple-titles" Error
        "there is only one `# ` heading",
    MissingField "missing-field" Error
        "`status` is set, and `date` on numbered records",
    InvalidDate "invalid-date" Error
        "`date` and `review-by` are YYYY-MM-DD dates",
    MissingSection "missing-section" Error
        "the kind's required sections are present",
    PlaceholderText "placeholder-text" Error
        "required sections are filled in, not left as template placeholders",
    FileName "file-name" Warning
        "Markdown files in a records directory are named NNNN-slug.md",
    TitleMismatch "title-mismatch" Warning
        "the file name's slug matches the title",
    DuplicateId "duplicate-id" Error
        "no two records of a kind share a number",
    BrokenLink "broken-link" Error
        "supersedes, superseded-by, amends, amended-by, relates and dod name existing records",
    SupersedeAsymmetric "supersede-asymmetric" Error
        "both ends of a supersession agree, and the old record's status is superseded",
    LinkAsymmetric "link-asymmetric" Warning
        "amends/amended-by and relates are recorded on both records",
    SupersedeCycle "supersede-cycle" Error
        "no record supersedes itself through a chain",
    StatusRegression "status-regression" Error
        "branch mode: status changes follow the lifecycle (no accepted → proposed)",
    IdTakenOnBase "id-taken-on-base" Error
        "branch mode: a number the branch adds was not also taken on the base since the fork",
    SettledTradeoff "settled-tradeoff" Warning
        "branch mode: a decision that chooses what a decision in force rejected (or rejects what it chose) names it in supersedes, amends or relates",
    ProposedOnDefaultBranch "proposed-on-default-branch" Warning
        "records on the default branch are not left `proposed`",
    ReviewOverdue "review-overdue" Warning
        "`review-by` is not in the past",
    InvalidPathGlob "invalid-path-glob" Warning
        "`paths` globs are valid",
    UnmatchedPathGlob "unmatched-path-glob" Warning
        "`paths` globs match at least one tracked file",
    DodFailed "dod-failed" Error
        "with --dod: every required automatic definition-of-done item passes",
    IndexOutdated "index-outdated" Off
        "`.adr/README.md`, when present, is what `git adr index` writes for the records",
    DateMismatch "date-mismatch" Off
        "off by default: `date` is at most 30 days before, and 1 day after, the commit that created the record (not in shallow clones or --staged)",
}

impl Rule {
    /// The rule with this code, if there is one.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A rule is written as its code, in JSON reports and elsewhere.
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_code(r.code()), Some(*r));
        }
        let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
        assert_eq!(Rule::from_code("no-such-rule"), None);
    }
}
