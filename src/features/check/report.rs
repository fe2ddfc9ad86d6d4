//! Check reports for people (`path:line: error[code]: message`), for programs (JSON, schema
//! version 1) and for GitHub Actions (workflow-command annotations).

use std::io::Write;

use super::{Report, Severity};
use crate::text::term::{term, Style};

/// Version of the JSON report; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// The one-line summary, e.g. `2 errors, 1 warning in 5 records`.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.records_checked, "record")
    )
}

/// `path:line: error[code]: message` and an indented hint per finding. `show_path` turns a
/// repo-relative path into what the user should see (relative to the current directory).
pub fn human(
    report: &Report,
    out: &mut dyn Write,
    style: Style,
    show_path: &dyn Fn(&str) -> String,
) -> std::io::Result<()> {
    for f in &report.findings {
        let at = match f.line {
            Some(l) => format!("{}:{l}", show_path(&f.path)),
            None => show_path(&f.path),
        };
        let level = match f.severity {
            Severity::Error => style.red(&format!("error[{}]", f.code)),
            _ => style.yellow(&format!("warning[{}]", f.code)),
        };
        writeln!(out, "{}: {level}: {}", term(&at), term(&f.message))?;
        if let Some(h) = &f.hint {
            writeln!(out, "  {} {}", style.dim("hint:"), term(h))?;
        }
    }
    Ok(())
}

/// The JSON report: `{"version", "scope", "base", "merge_base", "records_checked", "errors",
/// "warnings", "findings": [{"code", "severity", "path", "line", "message", "hint"}]}`.
pub fn json(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "version": JSON_VERSION,
        "scope": report.scope,
        "base": report.base,
        "merge_base": report.merge_base,
        "records_checked": report.records_checked,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "findings": report.findings,
    })
}

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations (`::error file=F,line=L,title=T::message`), then a summary line.
pub fn github(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for f in &report.findings {
        let command = if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let mut props = format!("file={}", escape_property(&f.path));
        if let Some(l) = f.line {
            props.push_str(&format!(",line={l}"));
        }
        props.push_str(&format!(
            ",title={}",
            escape_property(&format!("git-adr {}", f.code))
        ));
        let message = match &f.hint {
            Some(h) => format!("{}\n{h}", f.message),
            None => f.message.clone(),
        };
        writeln!(out, "::{command} {props}::{}", escape_data(&message))?;
    }
    writeln!(out, "git adr check: {}", summary(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::check::{Finding, Rule};

    #[test]
    fn github_annotations_escape_data_and_properties() {
        let report = Report {
            scope: "all",
            base: None,
            merge_base: None,
            records_checked: 1,
            findings: vec![Finding {
                code: Rule::FrontMatter,
                severity: Severity::Error,
                path: ".adr/decisions/0001-a,b:c.md".into(),
                line: Some(3),
                message: "100% broken\r\nsecond line: a, b".into(),
                hint: None,
            }],
        };
        let mut out = Vec::new();
        github(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "::error file=.adr/decisions/0001-a%2Cb%3Ac.md,line=3,title=git-adr front-matter::100%25 broken%0D%0Asecond line: a, b\ngit adr check: 1 error, 0 warnings in 1 record\n"
        );
    }
}
