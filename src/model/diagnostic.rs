//! One problem found in a file, as every reporter shows it: which rule (if a check rule found
//! it), how much it matters, where (path and line), what is wrong, and how to fix it.
//!
//! Check findings are diagnostics; so are problems reading a record ([`RecordError`], which
//! converts), and anything else that points at a line for a person to fix. Reporters (human
//! text, JSON, GitHub annotations) render this one type and escape what they print; the text
//! held here is raw.

use std::fmt;

use crate::error::rule::{Rule, Severity};
use crate::error::RecordError;

/// A problem at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The check rule that found it; `None` for problems outside the catalogue (a config
    /// warning, say). Serialized as `code`, the name JSON reports have always used.
    #[serde(rename = "code")]
    pub rule: Option<Rule>,
    pub severity: Severity,
    /// Repository-relative path.
    pub path: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A warning that belongs to no check rule.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: None,
            severity: Severity::Warning,
            path: path.into(),
            line: None,
            message: message.into(),
            hint: None,
        }
    }
    /// An error that belongs to no check rule.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            ..Diagnostic::warning(path, message)
        }
    }
    /// A finding of `rule` at its default severity, with no line or hint yet.
    pub fn of(rule: Rule, path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: Some(rule),
            severity: rule.default_severity(),
            path: path.into(),
            line: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Lowers the severity to at most `most` (an `Off` diagnostic stays off).
    pub fn at_most(&mut self, most: Severity) {
        self.severity = self.severity.max(most);
    }
}

/// A record that cannot be read (or read correctly) is a diagnostic of the rule its error
/// names.
impl From<&RecordError> for Diagnostic {
    fn from(e: &RecordError) -> Diagnostic {
        Diagnostic {
            line: e.location.line,
            hint: e.hint.clone(),
            ..Diagnostic::of(e.rule, e.location.path.clone(), e.message.clone())
        }
    }
}

/// `path:line: message`, raw: for logs, warnings and tests. Reporters escape for their medium.
/// A diagnostic about no file in particular (an empty path) is its message alone.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.as_str(), self.line) {
            ("", _) => write!(f, "{}", self.message),
            (path, Some(line)) => write!(f, "{path}:{line}: {}", self.message),
            (path, None) => write!(f, "{path}: {}", self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_error_becomes_a_diagnostic_of_its_rule() {
        let e = RecordError::new("a.md", Some(3), "bad")
            .with_rule(Rule::FrontMatter)
            .with_hint("fix it");
        let d = Diagnostic::from(&e);
        assert_eq!(d.rule, Some(Rule::FrontMatter));
        assert_eq!(d.severity, Severity::Error);
        assert_eq!((d.line, d.hint.as_deref()), (Some(3), Some("fix it")));
        assert_eq!(d.to_string(), "a.md:3: bad");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"code":"front-matter","severity":"error","path":"a.md","line":3,"message":"bad","hint":"fix it"}"#
        );
    }

    #[test]
    fn a_diagnostic_about_no_file_displays_as_its_message() {
        let d = Diagnostic::warning("", "cannot save the history cache");
        assert_eq!(d.to_string(), "cannot save the history cache");
        let d = Diagnostic::warning(".adr/config.toml", "unknown key").with_line(Some(4));
        assert_eq!(d.to_string(), ".adr/config.toml:4: unknown key");
        assert_eq!((d.rule, d.severity), (None, Severity::Warning));
    }
}
