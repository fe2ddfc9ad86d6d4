//! `git adr check`: rules with stable codes and configurable severities, run over the work tree,
//! the index, or what a branch changes; findings in a deterministic order.

mod branch;
mod dates;
mod index;
pub mod report;
pub(crate) mod rules;

use std::collections::{BTreeMap, HashSet};

use crate::error::{RecordError, Result};
use crate::git::source::Source;
use crate::model::config::Config;
use crate::model::record::{Id, Record};
use crate::store::{is_record_name, Store};

pub use crate::error::rule::{Rule, Severity};
pub use crate::model::diagnostic::Diagnostic;

/// What to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every record in the work tree (or `HEAD` in a bare repository).
    All,
    /// The records the index changes, as `git commit` would record them.
    Staged,
    /// What `merge-base(base, HEAD)..HEAD` changes, with the whole-set rules.
    Branch { base: String },
}

/// The result of a check run.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    pub scope: &'static str,
    pub base: Option<String>,
    pub merge_base: Option<String>,
    pub records_checked: usize,
    pub findings: Vec<Diagnostic>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The severity of each rule: its default, unless `[check.rules]` names another.
#[derive(Debug, Clone)]
pub struct Severities(BTreeMap<Rule, Severity>);

impl Severities {
    pub fn new(config: &Config) -> Severities {
        let mut map: BTreeMap<Rule, Severity> = Rule::ALL
            .iter()
            .map(|r| (*r, r.default_severity()))
            .collect();
        for (code, level) in &config.check.rules {
            // Unknown names and levels were reported (and dropped) when the config was read.
            if let (Some(rule), Some(level)) = (Rule::from_code(code), Severity::from_name(level)) {
                map.insert(rule, level);
            }
        }
        Severities(map)
    }

    /// The severity `rule` is reported with (`Off`: not at all).
    pub fn of(&self, rule: Rule) -> Severity {
        self.0
            .get(&rule)
            .copied()
            .unwrap_or(rule.default_severity())
    }

    /// `d` with its rule's configured severity, or `None` when the rule is off.
    pub fn judge(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        if let Some(rule) = d.rule {
            d.severity = self.of(rule);
        }
        (d.severity != Severity::Off).then_some(d)
    }
}

/// Collects findings with the configured severities.
pub(crate) struct Findings {
    pub(crate) severities: Severities,
    pub list: Vec<Diagnostic>,
}

impl Findings {
    fn new(store: &Store) -> Findings {
        Findings {
            severities: Severities::new(&store.config),
            list: Vec::new(),
        }
    }

    /// Is `rule` reported at all? Rules that cost a history walk or a full read ask first.
    pub fn is_on(&self, rule: Rule) -> bool {
        self.severities.of(rule) != Severity::Off
    }

    /// Reports a finding of `rule` with its configured severity (nothing when it is off), and
    /// returns it, so a caller can soften it ([`Diagnostic::at_most`]).
    pub fn add(
        &mut self,
        rule: Rule,
        path: &str,
        line: Option<usize>,
        message: String,
        hint: Option<String>,
    ) -> Option<&mut Diagnostic> {
        let d = Diagnostic {
            line,
            hint,
            ..Diagnostic::of(rule, path, message)
        };
        self.push(d)
    }

    /// Reports a finding of `rule` on the line of `key` in `record`'s front matter (the first
    /// line when the key is absent), with a hint.
    pub fn at_key(
        &mut self,
        rule: Rule,
        record: &Record,
        key: &str,
        message: String,
        hint: impl Into<String>,
    ) -> Option<&mut Diagnostic> {
        let line = Some(record.key_line(key));
        self.add(rule, &record.path, line, message, Some(hint.into()))
    }

    pub fn add_record_error(&mut self, e: &RecordError) {
        self.push(e.into());
    }

    fn push(&mut self, d: Diagnostic) -> Option<&mut Diagnostic> {
        self.list.push(self.severities.judge(d)?);
        self.list.last_mut()
    }
}

/// Runs `git adr check` over `scope`.
pub fn check(store: &Store, scope: &Scope) -> Result<Report> {
    let mut findings = Findings::new(store);
    let mut report = Report {
        scope: match scope {
            Scope::All => "all",
            Scope::Staged => "staged",
            Scope::Branch { .. } => "branch",
        },
        base: None,
        merge_base: None,
        records_checked: 0,
        findings: vec![],
    };
    let ctx = rules::Context::new(store);
    match scope {
        Scope::All => {
            let source = store.default_source()?;
            let (records, names, unreadable) = load_all(store, &source, &mut findings)?;
            // A record that cannot be read was checked too: it failed.
            report.records_checked = records.len() + unreadable;
            for record in &records {
                ctx.record_rules(record, &mut findings);
            }
            ctx.path_rules(&records.iter().collect::<Vec<_>>(), &mut findings);
            ctx.set_rules(&records, &names, None, &mut findings);
            index::check(store, &source, &records, index::Fix::Write, &mut findings)?;
            dates::check(store, &records.iter().collect::<Vec<_>>(), &mut findings)?;
        }
        Scope::Staged => {
            report.records_checked = check_staged(store, &ctx, &mut findings)?;
        }
        Scope::Branch { base } => {
            let checked = branch::check_branch(store, &ctx, base, &mut report, &mut findings)?;
            report.records_checked = checked;
        }
    }
    finish(report, findings)
}

/// `--staged`: the records the index changes, as `git commit` would record them. Returns how
/// many were checked.
fn check_staged(store: &Store, ctx: &rules::Context<'_>, findings: &mut Findings) -> Result<usize> {
    let index = store.repo.index()?;
    let changed = store
        .repo
        .staged_changes(&index, &store.config.record_roots())?;
    // The common case in a hook: a commit that touches no record costs one diff.
    if changed.is_empty() {
        return Ok(0);
    }
    let source = store.repo.index_source(index);
    let mut touched: HashSet<String> = changed.iter().filter_map(|(_, new)| new.clone()).collect();
    // A staged config change (statuses, kinds, required sections) can change the verdict
    // on every record: judge them all.
    if changed.iter().any(|(old, new)| {
        [old, new]
            .iter()
            .any(|p| p.as_deref() == Some(crate::model::config::CONFIG_PATH))
    }) {
        for kind in store.config.kinds.values() {
            let dir = kind.path();
            for e in source.list(&dir)? {
                touched.insert(format!("{dir}/{}", e.name));
            }
        }
    }
    // A record removed or moved away may leave links dangling in records nobody
    // touched; finding those means reading them all, which only deletions pay for.
    let gone = changed
        .iter()
        .filter(|(old, new)| old.is_some() && old != new)
        .filter_map(|(old, _)| old.as_ref());
    let gone_ids = ids_of_paths(store, gone);
    let checked = check_subset(store, ctx, &source, &touched, &gone_ids, findings)?;
    if index::enabled(findings) {
        let all = store.load(&source, &[])?.records;
        index::check(store, &source, &all, index::Fix::Stage, findings)?;
    }
    Ok(checked)
}

fn finish(mut report: Report, findings: Findings) -> Result<Report> {
    let mut list = findings.list;
    list.sort_by(|a, b| {
        (&a.path, a.line, a.rule.map(Rule::code), &a.message).cmp(&(
            &b.path,
            b.line,
            b.rule.map(Rule::code),
            &b.message,
        ))
    });
    list.dedup();
    report.findings = list;
    Ok(report)
}

/// File names of every kind's directory, by kind, for id and link rules that need only names.
pub(crate) type Names = BTreeMap<String, Vec<String>>;

/// Loads every record from `source`, reporting unreadable ones, plus the names of all files.
fn load_all(
    store: &Store,
    source: &Source<'_>,
    findings: &mut Findings,
) -> Result<(Vec<Record>, Names, usize)> {
    // Records refused for their status or a date are kept: every other rule still runs on
    // them, so one bad line does not hide the rest of what needs fixing.
    let listing = store.load_keeping_refused(source, &[])?;
    for e in &listing.errors {
        findings.add_record_error(e);
    }
    let read: HashSet<&str> = listing.records.iter().map(|r| r.path.as_str()).collect();
    let unreadable: HashSet<&str> = listing
        .errors
        .iter()
        .map(|e| e.location.path.as_str())
        .filter(|p| !read.contains(p))
        .collect();
    let unreadable = unreadable.len();
    let names = names_of(store, source, findings)?;
    Ok((listing.records, names, unreadable))
}

/// The file names in every kind's directory; Markdown files that are not named like records
/// are reported, since they are silently skipped otherwise.
fn names_of(store: &Store, source: &Source<'_>, findings: &mut Findings) -> Result<Names> {
    let mut names = Names::new();
    for kind in store.config.kinds.values() {
        let dir = kind.path();
        if kind.in_place() {
            // An existing folder holds READMEs, templates and images beside its records:
            // only record files count, with their paths inside the folder.
            let prefix = format!("{dir}/");
            let files = store.record_files(source, kind)?;
            names.insert(
                kind.name.clone(),
                files
                    .into_iter()
                    .map(|f| f.path.strip_prefix(&prefix).unwrap_or(&f.path).to_string())
                    .collect(),
            );
            continue;
        }
        let entries = source.list(&dir)?;
        for e in &entries {
            let lower = e.name.to_ascii_lowercase();
            if kind.numbered
                && lower.ends_with(".md")
                && !is_record_name(kind, &e.name)
                && lower != "readme.md"
                && lower != "index.md"
                && !e.name.starts_with('.')
            {
                findings.add(
                    Rule::FileName,
                    &format!("{dir}/{}", e.name),
                    None,
                    format!(
                        "is not named NNNN-slug.md, so it is not read as a record (kind {})",
                        kind.name
                    ),
                    Some("rename it with `git mv`, or move it out of the records directory".into()),
                );
            }
        }
        names.insert(
            kind.name.clone(),
            entries
                .into_iter()
                .filter(|e| is_record_name(kind, &e.name))
                .map(|e| e.name)
                .collect(),
        );
    }
    Ok(names)
}

/// Checks only the records in `touched` (and what they link to), against the names of all
/// records in `source`: fast enough for a pre-commit hook on a large repository.
fn check_subset(
    store: &Store,
    ctx: &rules::Context<'_>,
    source: &Source<'_>,
    touched: &HashSet<String>,
    gone_ids: &HashSet<(String, Id)>,
    findings: &mut Findings,
) -> Result<usize> {
    let names = names_of(store, source, findings)?;
    // `names_of` reports badly named files everywhere; keep only those the change touches.
    findings.list.retain(|f| touched.contains(&f.path));
    let mut records = Vec::new();
    for path in touched {
        let Some(kind) = store.config.kind_of_path(path) else {
            continue;
        };
        if !crate::store::is_record_path(kind, path) {
            continue;
        }
        match store.read_one_keeping_refused(source, kind, path) {
            Ok((r, refusals)) => {
                refusals.iter().for_each(|e| findings.add_record_error(e));
                records.push(r);
            }
            Err(e) => findings.add_record_error(&e),
        }
    }
    let checked = records.len();
    for record in &records {
        ctx.record_rules(record, findings);
    }
    ctx.path_rules(&records.iter().collect::<Vec<_>>(), findings);
    // Bring in the records the changed ones link to, so both ends of a link can be compared.
    let linked = rules::linked_records(store, source, &records, &names);
    let mut all = records;
    all.extend(linked);
    let mut involved = touched.clone();
    if !gone_ids.is_empty() {
        let have: HashSet<String> = all.iter().map(|r| r.path.clone()).collect();
        for r in store.load(source, &[])?.records {
            if links_to_any(&r, gone_ids) {
                involved.insert(r.path.clone());
                if !have.contains(&r.path) {
                    all.push(r);
                }
            }
        }
    }
    ctx.set_rules(&all, &names, Some(&involved), findings);
    Ok(checked)
}

/// The (kind, number) of each record path among `paths`.
pub(crate) fn ids_of_paths<'p>(
    store: &Store,
    paths: impl Iterator<Item = &'p String>,
) -> HashSet<(String, Id)> {
    paths
        .filter_map(|p| {
            let kind = store.config.kind_of_path(p)?;
            let id = crate::model::record::id_and_slug(p).0?;
            Some((kind.name.clone(), id))
        })
        .collect()
}

/// Does the record link to any of these (kind, number) pairs?
pub(crate) fn links_to_any(r: &Record, ids: &HashSet<(String, Id)>) -> bool {
    rules::related_ids(r).any(|id| ids.contains(&(r.kind.clone(), *id)))
}
