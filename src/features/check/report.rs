//! Check reports for people (`path:line: error[code]: message`), for programs (JSON, schema
//! version 1) and for GitHub Actions (workflow-command annotations).

use std::io::Write;

use super::{Diagnostic, Report, Severity};
use crate::text::term::{one_line, Style};

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

/// `path:line: error[code]: message` and an indented hint per diagnostic (a check's findings,
/// the commit-msg hook's verdict). `show_path` turns a path into what the user should see
/// (relative to the current directory).
pub fn human(
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
    style: Style,
    show_path: &dyn Fn(&str) -> String,
) -> std::io::Result<()> {
    for f in diagnostics {
        let at = match f.line {
            Some(l) => format!("{}:{l}", show_path(&f.path)),
            None => show_path(&f.path),
        };
        let label = label(f);
        let level = match f.severity {
            Severity::Error => style.red(&label),
            _ => style.yellow(&label),
        };
        writeln!(out, "{}: {level}: {}", one_line(&at), one_line(&f.message))?;
        if let Some(h) = &f.hint {
            writeln!(out, "  {} {}", style.dim("hint:"), one_line(h))?;
        }
    }
    Ok(())
}

/// `error` or `warning`: what the diagnostic is called in text and in GitHub's commands.
fn level(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        _ => "warning",
    }
}

/// `error[code]`, or just `warning` for a diagnostic that belongs to no rule.
fn label(d: &Diagnostic) -> String {
    match d.rule {
        Some(rule) => format!("{}[{rule}]", level(d)),
        None => level(d).to_string(),
    }
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
        let command = level(f);
        let mut props = format!("file={}", escape_property(&f.path));
        if let Some(l) = f.line {
            props.push_str(&format!(",line={l}"));
        }
        let title = match f.rule {
            Some(rule) => format!("git-adr {rule}"),
            None => "git-adr".to_string(),
        };
        props.push_str(&format!(",title={}", escape_property(&title)));
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
    use crate::features::check::Rule;

    #[test]
    fn github_annotations_escape_data_and_properties() {
        let report = Report {
            scope: "all",
            base: None,
            merge_base: None,
            records_checked: 1,
            findings: vec![Diagnostic::of(
                Rule::FrontMatter,
                ".adr/decisions/0001-a,b:c.md",
                "100% broken\r\nsecond line: a, b",
            )
            .with_line(Some(3))],
        };
        let mut out = Vec::new();
        github(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "::error file=.adr/decisions/0001-a%2Cb%3Ac.md,line=3,title=git-adr front-matter::100%25 broken%0D%0Asecond line: a, b\ngit adr check: 1 error, 0 warnings in 1 record\n"
        );
    }

    #[test]
    fn a_diagnostic_without_a_rule_is_labelled_by_its_level_alone() {
        let report = Report {
            scope: "all",
            base: None,
            merge_base: None,
            records_checked: 0,
            findings: vec![Diagnostic::warning(".adr/config.toml", "unknown key `x`")
                .with_line(Some(2))
                .with_hint("remove it")],
        };
        let mut out = Vec::new();
        human(&report.findings, &mut out, Style { color: false }, &|p| {
            p.to_string()
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            ".adr/config.toml:2: warning: unknown key `x`\n  hint: remove it\n"
        );
        let mut out = Vec::new();
        github(&report, &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().starts_with(
            "::warning file=.adr/config.toml,line=2,title=git-adr::unknown key `x`%0Aremove it\n"
        ));
        assert_eq!(
            json(&report)["findings"][0]["code"],
            serde_json::Value::Null
        );
    }
}
