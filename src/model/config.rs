//! `.adr/config.toml`: every key optional, defaults for all of them, unknown keys reported.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::error::{Error, Location, Result};
use crate::model::diagnostic::Diagnostic;
use crate::model::record::status::Role;
use crate::model::record::Record;

/// Directory (from the repository root) that holds records, config and templates.
pub const ADR_DIR: &str = ".adr";
/// The config file's path from the repository root.
pub const CONFIG_PATH: &str = ".adr/config.toml";
/// The git config key (the user's own, per repository or global; never a file in the tree)
/// that lets the pre-commit hook run automatic checklist items.
pub const RUN_IN_HOOKS_KEY: &str = "adr.dod.runInHooks";

/// The resolved configuration: built-in defaults with the file's settings laid over them.
#[derive(Debug, Clone)]
pub struct Config {
    /// Digits in a displayed id (`ADR-0002` has 4).
    pub id_width: usize,
    pub lifecycle: Lifecycle,
    /// Record kinds by name, built-in and the team's own.
    pub kinds: BTreeMap<String, Kind>,
    pub check: CheckConfig,
    pub trailers: TrailerConfig,
    pub dod: DodConfig,
    pub settled: SettledConfig,
    /// Problems that did not stop loading (unknown keys), for the caller to print.
    pub warnings: Vec<Diagnostic>,
}

/// `[check]`: how `git adr check` judges records.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// Severity by rule code (`"error"`, `"warning"` or `"off"`), overriding the defaults.
    /// Validated against the known rules by the check module, with `rule_lines` for messages.
    pub rules: BTreeMap<String, String>,
    pub rule_lines: BTreeMap<String, usize>,
    /// The branch on which `proposed` records are reported (default: `origin/HEAD`'s target,
    /// else `main` or `master`).
    pub default_branch: Option<String>,
}

/// `[dod]`: definition-of-done checklists.
#[derive(Debug, Clone)]
pub struct DodConfig {
    /// Checklists (names in .adr/dod/) that apply to every change.
    pub default: Vec<String>,
    /// Seconds an automatic item may run before it is stopped and counted as failed.
    pub timeout_seconds: u64,
}

impl Default for DodConfig {
    fn default() -> Self {
        DodConfig {
            default: vec![],
            timeout_seconds: 300,
        }
    }
}

/// `[settled]`: how options are matched against earlier decisions' settled options (`git adr
/// settled`, `pr`'s "Settled before", the `settled-tradeoff` rule, `new`).
#[derive(Debug, Clone, PartialEq)]
pub struct SettledConfig {
    /// Off: nothing is matched or shown, and the rule is quiet.
    pub enabled: bool,
    /// The least score (0 to 1) at which two options are the same option.
    pub threshold: f64,
    /// Added to a score when the two records share a tag or a governed path, taken from it
    /// when both govern paths and share none.
    pub boost: f64,
}

impl Default for SettledConfig {
    fn default() -> Self {
        // Chosen on the labelled set in tests/fixtures/settled (see ADR on settled matching).
        SettledConfig {
            enabled: true,
            threshold: 0.55,
            boost: 0.1,
        }
    }
}

impl SettledConfig {
    /// Lays `[settled]` over the defaults.
    fn apply(&mut self, text: &str, raw: &RawSettled) -> Result<()> {
        if let Some(e) = raw.enabled {
            self.enabled = e;
        }
        if let Some(t) = raw.threshold {
            self.threshold = in_range(text, "settled.threshold", t, 0.0, 1.0)?;
        }
        if let Some(b) = raw.boost {
            self.boost = in_range(text, "settled.boost", b, 0.0, 1.0)?;
        }
        Ok(())
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawSettled {
    enabled: Option<bool>,
    threshold: Option<f64>,
    boost: Option<f64>,
}

/// `[trailers]`: how commits cite decisions (`Decision: ADR-0002`).
#[derive(Debug, Clone)]
pub struct TrailerConfig {
    pub key: String,
    /// The commit-msg hook requires a trailer when the commit touches a path governed by an
    /// accepted decision.
    pub require_for_governed_paths: bool,
}

impl Default for TrailerConfig {
    fn default() -> Self {
        TrailerConfig {
            key: "Decision".into(),
            require_for_governed_paths: false,
        }
    }
}

/// The statuses a record can have, which changes between them are allowed, and which status
/// plays each [`Role`] (`[lifecycle.roles]`).
#[derive(Debug, Clone)]
pub struct Lifecycle {
    pub statuses: Vec<String>,
    pub initial: String,
    pub transitions: BTreeMap<String, Vec<String>>,
    /// The status that plays each role, one status per role; a role no status plays (a
    /// checklist is never superseded) is absent.
    pub roles: BTreeMap<Role, String>,
}

impl Lifecycle {
    pub fn allows(&self, from: &str, to: &str) -> bool {
        from == to
            || self
                .transitions
                .get(from)
                .is_some_and(|t| t.iter().any(|s| s == to))
    }

    /// The status that plays `role`, if one does.
    pub fn status_of(&self, role: Role) -> Option<&str> {
        self.roles.get(&role).map(String::as_str)
    }

    /// The role `status` plays, if any.
    pub fn role_of(&self, status: &str) -> Option<Role> {
        self.roles
            .iter()
            .find(|(_, s)| *s == status)
            .map(|(role, _)| *role)
    }

    /// Does `status` play `role`?
    pub fn is(&self, status: Option<&str>, role: Role) -> bool {
        status.is_some_and(|s| self.status_of(role) == Some(s))
    }

    /// The status that plays `role` for records of `kind`, or an error that says how to name
    /// one: what a lifecycle command sets.
    pub fn status_for(&self, role: Role, kind: &str) -> Result<&str> {
        self.status_of(role).ok_or_else(|| {
            Error::usage_hint(
                format!(
                    "no status of {kind} records has the role `{}` (statuses: {})",
                    role.word(),
                    self.statuses.join(", ")
                ),
                format!(
                    "name it in [lifecycle.roles] in {CONFIG_PATH}, e.g. `{} = \"{}\"`",
                    role.word(),
                    self.statuses.last().map_or("…", String::as_str)
                ),
            )
        })
    }
}

/// The roles of a lifecycle whose statuses are named like them (the built-in words).
fn roles_by_word(statuses: &[String]) -> BTreeMap<Role, String> {
    Role::ALL
        .into_iter()
        .filter(|r| statuses.iter().any(|s| s == r.word()))
        .map(|r| (r, r.word().to_string()))
        .collect()
}

/// One kind of record: where its files live, how they are named and what they must contain.
#[derive(Debug, Clone)]
pub struct Kind {
    pub name: String,
    /// Directory under `.adr/`.
    pub dir: String,
    /// Prefix of displayed ids (`ADR-`); empty for unnumbered kinds.
    pub prefix: String,
    /// Numbered kinds are `NNNN-slug.md`; unnumbered ones (checklists) are `slug.md`.
    pub numbered: bool,
    /// Template file name, built in or under `.adr/templates/`.
    pub template: String,
    pub lifecycle: Lifecycle,
    pub required_sections: Vec<String>,
    pub description: String,
    /// An existing folder of records used in place (repo-relative, e.g. `doc/adr`), instead of
    /// `dir` under `.adr/`. Its files keep their own format.
    pub folder: Option<String>,
    /// The format of the folder's records, for the records `new` writes there.
    pub format: FolderFormat,
    /// The template was named in the config (otherwise an in-place folder's format picks it).
    pub template_set: bool,
}

/// How an existing folder writes its records (`[kinds.NAME] format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderFormat {
    /// Detected from the records there.
    Auto,
    /// adr-tools (Nygard): `Date:` line and `## Status` section; the folder may be named in
    /// `.adr-dir`.
    AdrTools,
    /// MADR 2 (list metadata) or MADR 3/4 (YAML front matter).
    Madr,
}

impl Kind {
    /// The directory of this kind's records, from the repository root.
    pub fn path(&self) -> String {
        match &self.folder {
            Some(folder) => folder.clone(),
            None => format!("{ADR_DIR}/{}", self.dir),
        }
    }

    /// Are this kind's records an existing folder read in place (free-text statuses, the
    /// folder's own format, nested folders)?
    pub fn in_place(&self) -> bool {
        self.folder.is_some()
    }
}

// The file's shape. Everything optional: absent keys keep their defaults.
#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawConfig {
    ids: Option<RawIds>,
    lifecycle: Option<RawLifecycle>,
    #[serde(default)]
    kinds: BTreeMap<String, RawKind>,
    check: Option<RawCheck>,
    trailers: Option<RawTrailers>,
    dod: Option<RawDod>,
    settled: Option<RawSettled>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawDod {
    default: Option<Vec<String>>,
    timeout_seconds: Option<u64>,
    /// No longer honoured (whoever pushes the file would decide what runs in everyone's
    /// commits); read only to say so, whatever its type.
    run_in_hooks: Option<toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawCheck {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    default_branch: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawTrailers {
    key: Option<String>,
    require_for_governed_paths: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawIds {
    prefix: Option<String>,
    width: Option<usize>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "kebab-case")]
struct RawLifecycle {
    statuses: Option<Vec<String>>,
    initial: Option<String>,
    transitions: Option<BTreeMap<String, Vec<String>>>,
    /// Role name → status; names are checked against [`Role`], not by serde, to say which.
    roles: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawKind {
    dir: Option<String>,
    folder: Option<String>,
    format: Option<String>,
    prefix: Option<String>,
    numbered: Option<bool>,
    template: Option<String>,
    lifecycle: Option<RawLifecycle>,
    required_sections: Option<Vec<String>>,
    description: Option<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn default_lifecycle() -> Lifecycle {
    let mut transitions = BTreeMap::new();
    // A proposal may be replaced by a better one before it is decided (adr-tools' `new -s`
    // never refuses it, and real histories do it).
    transitions.insert(
        "proposed".into(),
        strings(&["accepted", "rejected", "superseded"]),
    );
    transitions.insert("accepted".into(), strings(&["deprecated", "superseded"]));
    transitions.insert("deprecated".into(), vec![]);
    transitions.insert("rejected".into(), vec![]);
    transitions.insert("superseded".into(), vec![]);
    let statuses = strings(&[
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    ]);
    Lifecycle {
        roles: roles_by_word(&statuses),
        statuses,
        initial: "proposed".into(),
        transitions,
    }
}

fn checklist_lifecycle() -> Lifecycle {
    let mut transitions = BTreeMap::new();
    transitions.insert("active".into(), strings(&["retired"]));
    transitions.insert("retired".into(), strings(&["active"]));
    Lifecycle {
        statuses: strings(&["active", "retired"]),
        initial: "active".into(),
        transitions,
        // A checklist in use is in force; a retired one no longer applies.
        roles: BTreeMap::from([
            (Role::Accepted, "active".to_string()),
            (Role::Deprecated, "retired".to_string()),
        ]),
    }
}

/// A built-in kind: name, dir, prefix, numbered, description, required sections.
type KindSpec = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static [&'static str],
);

/// The built-in kinds.
fn builtin_kinds(lifecycle: &Lifecycle) -> BTreeMap<String, Kind> {
    let specs: [KindSpec; 6] = [
        (
            "adr",
            "decisions",
            "ADR-",
            true,
            "architecture decision record (MADR 4)",
            &[
                "Context and Problem Statement",
                "Considered Options",
                "Decision Outcome",
            ],
        ),
        (
            "log",
            "log",
            "LOG-",
            true,
            "decision-log entry: constraint, choice, why, who, verification",
            &["Constraint", "Choice", "Why"],
        ),
        (
            "dod",
            "dod",
            "",
            false,
            "definition-of-done checklist (items in the front matter)",
            &[],
        ),
        (
            "postmortem",
            "postmortems",
            "PM-",
            true,
            "postmortem: symptom, root cause, prevention",
            &["Symptom", "Root Cause", "Prevention"],
        ),
        (
            "design",
            "designs",
            "DESIGN-",
            true,
            "design doc: constraints, failure modes, rollout, rollback",
            &["Constraints", "Failure Modes", "Rollout and Rollback"],
        ),
        (
            "metric",
            "metrics",
            "METRIC-",
            true,
            "metric definition: edge cases, owner, what changes it",
            &["Definition", "Edge Cases", "Actions"],
        ),
    ];
    specs
        .into_iter()
        .map(|(name, dir, prefix, numbered, description, sections)| {
            let kind = Kind {
                name: name.into(),
                dir: dir.into(),
                prefix: prefix.into(),
                numbered,
                template: format!("{name}.md.j2"),
                lifecycle: if name == "dod" {
                    checklist_lifecycle()
                } else {
                    lifecycle.clone()
                },
                required_sections: strings(sections),
                description: description.into(),
                folder: None,
                format: FolderFormat::Auto,
                template_set: false,
            };
            (name.to_string(), kind)
        })
        .collect()
}

impl Default for Config {
    fn default() -> Self {
        let lifecycle = default_lifecycle();
        Config {
            id_width: 4,
            kinds: builtin_kinds(&lifecycle),
            lifecycle,
            check: CheckConfig::default(),
            trailers: TrailerConfig::default(),
            dod: DodConfig::default(),
            settled: SettledConfig::default(),
            warnings: vec![],
        }
    }
}

/// 1-based line where the dotted key `path` (`lifecycle.width`) is set or its table starts,
/// following `[table]` headers so a key is found in its own table.
fn line_of_key(text: &str, path: &str) -> Option<usize> {
    let mut table = String::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.starts_with('[') {
            table = l.trim_matches(['[', ']']).trim().replace([' ', '"'], "");
            if table == path {
                return Some(i + 1);
            }
            continue;
        }
        let Some((key, _)) = l.split_once('=') else {
            continue;
        };
        let key = key.trim().replace([' ', '"'], "");
        let full = if table.is_empty() {
            key
        } else {
            format!("{table}.{key}")
        };
        if full == path || path.starts_with(&format!("{full}.")) {
            return Some(i + 1);
        }
    }
    None
}

/// Byte offset where 1-based `line` starts.
fn offset_of_line(text: &str, line: usize) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

/// 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    1 + text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

fn config_error(text: &str, at: Option<usize>, message: impl Into<String>) -> Error {
    Error::Config {
        location: Location {
            path: CONFIG_PATH.into(),
            line: at.map(|a| line_of(text, a)),
        },
        message: message.into(),
        hint: Some(
            "see the commented defaults that `git adr init` writes, or delete the key".into(),
        ),
    }
}

/// Byte offset of the line that sets the dotted key `path`, for an error's location.
fn key_at(text: &str, path: &str) -> Option<usize> {
    line_of_key(text, path).and_then(|l| offset_of_line(text, l))
}

/// A folder named by repository content (`folder =`, `.adr-dir`) as a plain repo-relative
/// path (trailing `/` dropped), or `None` when it is absolute, climbs out with `..`, or reaches
/// into a git directory (`.git` anywhere, in any case): such a folder would make git-adr read
/// or write outside the work tree, or forge refs. Every reader of such a folder uses this one
/// check; symlinks on the way are judged where the folder is opened.
pub fn plain_repo_path(path: &str) -> Option<String> {
    let path = path.trim().trim_end_matches('/');
    let safe = is_plain_relative(path)
        && path
            .split('/')
            .all(|part| !part.eq_ignore_ascii_case(".git"));
    safe.then(|| path.to_string())
}

/// Is `path` relative, inside its parent, and free of `.`, `..`, empty and `\` parts?
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// The lifecycle `raw` describes over `base`, validated. `what` is its key (`lifecycle`,
/// `kinds.rfc.lifecycle`), for messages.
fn lifecycle_from(
    text: &str,
    what: &str,
    base: &Lifecycle,
    raw: &RawLifecycle,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Lifecycle> {
    let statuses = raw
        .statuses
        .clone()
        .unwrap_or_else(|| base.statuses.clone());
    let transitions = match &raw.transitions {
        Some(t) => t.clone(),
        // New statuses without transitions: keep the old rules for the statuses still known.
        None => base
            .transitions
            .iter()
            .filter(|(k, _)| statuses.contains(k))
            .map(|(k, v)| {
                let kept = v.iter().filter(|s| statuses.contains(s)).cloned();
                (k.clone(), kept.collect())
            })
            .collect(),
    };
    let initial = raw.initial.clone().unwrap_or_else(|| {
        if statuses.contains(&base.initial) {
            base.initial.clone()
        } else {
            statuses.first().cloned().unwrap_or_default()
        }
    });
    let roles = roles_from(text, what, base, &statuses, raw.roles.as_ref(), warnings)?;
    let lifecycle = Lifecycle {
        statuses,
        initial,
        transitions,
        roles,
    };
    validate_lifecycle(text, what, &lifecycle)?;
    Ok(lifecycle)
}

/// The roles of a lifecycle with these `statuses`: those `[…roles]` names, then for each
/// other role the status that played it in `base`, or the status named like the role, while
/// the lifecycle still has it and no other role took it.
fn roles_from(
    text: &str,
    what: &str,
    base: &Lifecycle,
    statuses: &[String],
    raw: Option<&BTreeMap<String, String>>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<Role, String>> {
    let mut roles: BTreeMap<Role, String> = BTreeMap::new();
    for (name, status) in raw.into_iter().flatten() {
        let key = format!("{what}.roles.{name}");
        let Some(role) = Role::from_word(name) else {
            // Like an unknown key: reported and ignored, so a newer config still loads.
            warnings.push(config_warning(
                line_of_key(text, &key),
                format!(
                    "[{what}.roles] names unknown role `{name}`, which is ignored (roles are {})",
                    Role::ALL.map(Role::word).join(", ")
                ),
            ));
            continue;
        };
        if !statuses.contains(status) {
            return Err(config_error(
                text,
                key_at(text, &key),
                format!("{key} = \"{status}\": `{status}` is not one of the statuses {statuses:?}"),
            ));
        }
        if let Some((other, _)) = roles.iter().find(|(_, s)| *s == status) {
            return Err(config_error(
                text,
                key_at(text, &key),
                format!(
                    "{key} = \"{status}\": `{status}` already has the role `{}`; each role needs a status of its own",
                    other.word()
                ),
            ));
        }
        roles.insert(role, status.clone());
    }
    for role in Role::ALL {
        if roles.contains_key(&role) {
            continue;
        }
        let inherited = base
            .roles
            .get(&role)
            .filter(|s| statuses.contains(s))
            .or_else(|| statuses.iter().find(|s| *s == role.word()));
        if let Some(s) = inherited.filter(|s| !roles.values().any(|v| v == *s)) {
            roles.insert(role, s.clone());
        }
    }
    Ok(roles)
}

fn validate_lifecycle(text: &str, what: &str, l: &Lifecycle) -> Result<()> {
    let find = |needle: &str| text.find(needle);
    if l.statuses.is_empty() {
        return Err(config_error(
            text,
            find("statuses"),
            format!("{what}: `statuses` is empty"),
        ));
    }
    if !l.statuses.contains(&l.initial) {
        return Err(config_error(
            text,
            find("initial"),
            format!(
                "{what}: initial status `{}` is not one of the statuses {:?}",
                l.initial, l.statuses
            ),
        ));
    }
    for (from, tos) in &l.transitions {
        for s in std::iter::once(from).chain(tos) {
            if !l.statuses.contains(s) {
                return Err(config_error(
                    text,
                    find(s.as_str()),
                    format!(
                        "{what}: transition names unknown status `{s}` (statuses are {:?})",
                        l.statuses
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Reads the file's shape, collecting the keys nobody knows (as dotted paths).
fn read_raw(text: &str) -> Result<(RawConfig, Vec<String>)> {
    let mut unknown = Vec::new();
    let de = toml::Deserializer::parse(text)
        .map_err(|e| config_error(text, e.span().map(|s| s.start), e.message().to_string()))?;
    let raw: RawConfig = serde_ignored::deserialize(de, |path| {
        unknown.push(path.to_string().replace(".?", "").replace("?.", ""))
    })
    .map_err(|e: toml::de::Error| {
        config_error(text, e.span().map(|s| s.start), e.message().to_string())
    })?;
    Ok((raw, unknown))
}

/// A kind the team adds: named after itself, with the repository's lifecycle.
fn new_kind(name: &str, lifecycle: &Lifecycle) -> Kind {
    Kind {
        name: name.into(),
        dir: name.into(),
        prefix: format!("{}-", name.to_ascii_uppercase()),
        numbered: true,
        template: format!("{name}.md.j2"),
        lifecycle: lifecycle.clone(),
        required_sections: vec![],
        description: format!("{name} record"),
        folder: None,
        format: FolderFormat::Auto,
        template_set: false,
    }
}

fn check_kind_name(text: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        return Ok(());
    }
    Err(config_error(
        text,
        text.find(name),
        format!("kind name `{name}` must be lower-case letters, digits and `-`"),
    ))
}

fn folder_format(text: &str, name: &str, format: &str) -> Result<FolderFormat> {
    match format {
        "auto" => Ok(FolderFormat::Auto),
        "adr-tools" | "nygard" => Ok(FolderFormat::AdrTools),
        "madr" => Ok(FolderFormat::Madr),
        other => Err(config_error(
            text,
            key_at(text, &format!("kinds.{name}.format")),
            format!("kinds.{name}.format = \"{other}\": a folder's format is \"auto\", \"adr-tools\" or \"madr\""),
        )),
    }
}

impl Kind {
    /// Lays `[kinds.NAME]` over this kind.
    fn apply(&mut self, text: &str, rk: &RawKind, warnings: &mut Vec<Diagnostic>) -> Result<()> {
        let name = self.name.clone();
        if let Some(d) = &rk.dir {
            if plain_repo_path(d).as_deref() != Some(d.as_str()) {
                return Err(config_error(
                    text,
                    text.find(d.as_str()),
                    format!(
                        "kinds.{name}.dir `{d}` must be a relative path inside .adr/ without `..`"
                    ),
                ));
            }
            self.dir = d.clone();
        }
        if let Some(p) = &rk.prefix {
            self.prefix = p.clone();
        }
        if let Some(n) = rk.numbered {
            self.numbered = n;
        }
        if let Some(t) = &rk.template {
            if t.contains(['/', '\\']) || t.starts_with('.') {
                return Err(config_error(
                    text,
                    text.find(t.as_str()),
                    format!("kinds.{name}.template `{t}` must be a file name in .adr/templates/"),
                ));
            }
            self.template = t.clone();
            self.template_set = true;
        }
        if let Some(l) = &rk.lifecycle {
            let what = format!("kinds.{name}.lifecycle");
            self.lifecycle = lifecycle_from(text, &what, &self.lifecycle, l, warnings)?;
        }
        if let Some(s) = &rk.required_sections {
            self.required_sections = s.clone();
        }
        if let Some(d) = &rk.description {
            self.description = d.clone();
        }
        if let Some(f) = &rk.format {
            self.format = folder_format(text, &name, f)?;
        }
        if let Some(folder) = &rk.folder {
            self.set_folder(text, folder, rk.required_sections.is_some())?;
        }
        Ok(())
    }

    /// `[kinds.NAME] folder`: an existing folder of records, used in place.
    fn set_folder(&mut self, text: &str, folder: &str, sections_named: bool) -> Result<()> {
        let Some(folder) = plain_repo_path(folder) else {
            let name = &self.name;
            return Err(config_error(
                text,
                key_at(text, &format!("kinds.{name}.folder")),
                format!("kinds.{name}.folder `{folder}` must be a relative path inside the repository, outside .git/ and without `..`, like \"doc/adr\""),
            ));
        };
        self.folder = Some(folder);
        // An existing folder's records have their own sections; require none unless the team
        // says so.
        if !sections_named {
            self.required_sections.clear();
        }
        Ok(())
    }
}

impl CheckConfig {
    /// Lays `[check]` over the defaults. A rule this version does not know (a newer git-adr's,
    /// or a typo) is reported and ignored, so one teammate's newer config never blocks
    /// everyone else's commits.
    fn apply(
        &mut self,
        text: &str,
        check: &RawCheck,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<()> {
        use crate::error::rule::Rule;
        for (rule, severity) in &check.rules {
            let key = format!("check.rules.{rule}");
            if !matches!(severity.as_str(), "error" | "warning" | "off") {
                return Err(config_error(
                    text,
                    key_at(text, &key),
                    format!(
                        "{key} = \"{severity}\": a severity is \"error\", \"warning\" or \"off\""
                    ),
                ));
            }
            let line = line_of_key(text, &key).unwrap_or(1);
            self.rule_lines.insert(rule.clone(), line);
        }
        self.rules = check.rules.clone();
        for (rule, line) in &self.rule_lines {
            if Rule::from_code(rule).is_none() {
                warnings.push(config_warning(
                    Some(*line),
                    format!(
                        "[check.rules] names unknown rule `{rule}`, which is ignored (known rules: {})",
                        Rule::ALL.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        self.rules.retain(|rule, _| Rule::from_code(rule).is_some());
        self.default_branch = check.default_branch.clone();
        Ok(())
    }
}

impl DodConfig {
    /// Lays `[dod]` over the defaults.
    fn apply(&mut self, text: &str, d: &RawDod, warnings: &mut Vec<Diagnostic>) -> Result<()> {
        if let Some(names) = &d.default {
            self.default = names.clone();
        }
        if let Some(t) = d.timeout_seconds {
            self.timeout_seconds =
                in_range(text, "dod.timeout-seconds", t, 1, MAX_TIMEOUT_SECONDS)?;
        }
        if d.run_in_hooks.is_some() {
            warnings.push(config_warning(
                line_of_key(text, "dod.run-in-hooks"),
                format!("[dod] run-in-hooks is ignored: a file in the repository cannot make hooks run commands on your machine; to run automatic checklist items in your own hooks, set `git config {RUN_IN_HOOKS_KEY} true`"),
            ));
        }
        Ok(())
    }
}

impl TrailerConfig {
    /// Lays `[trailers]` over the defaults.
    fn apply(&mut self, text: &str, t: &RawTrailers) -> Result<()> {
        if let Some(key) = &t.key {
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(config_error(
                    text,
                    text.find("key"),
                    format!(
                        "trailers.key `{key}` must be letters, digits and `-`, like `Decision`"
                    ),
                ));
            }
            self.key = key.clone();
        }
        if let Some(r) = t.require_for_governed_paths {
            self.require_for_governed_paths = r;
        }
        Ok(())
    }
}

/// The longest `[dod] timeout-seconds`: a day. Anything longer is a typo, and an unbounded
/// number would overflow the clock arithmetic that enforces it.
pub const MAX_TIMEOUT_SECONDS: u64 = 86_400;

/// `value` of the number `key` when it is within `min..=max`; otherwise an error naming the
/// key, its line and the range. Every number in the config goes through here.
fn in_range<T>(text: &str, key: &str, value: T, min: T, max: T) -> Result<T>
where
    T: PartialOrd + std::fmt::Display + Copy,
{
    if value >= min && value <= max {
        return Ok(value);
    }
    Err(config_error(
        text,
        key_at(text, key),
        format!("{key} = {value} is out of range: it must be between {min} and {max}"),
    ))
}

/// A warning about `.adr/config.toml`, at a line when known: the config still loads.
fn config_warning(line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic::warning(CONFIG_PATH, message).with_line(line)
}

impl Config {
    /// [`Config::id_text`] of each of `ids`, in order.
    pub fn ids_text(&self, kind: &str, ids: &[crate::model::record::Id]) -> Vec<String> {
        ids.iter().map(|id| self.id_text(kind, *id)).collect()
    }

    /// How the id of a record of `kind` is shown (`ADR-0002`): the one id display.
    pub fn id_text(&self, kind: &str, id: crate::model::record::Id) -> String {
        let prefix = self.kinds.get(kind).map_or("", |k| k.prefix.as_str());
        id.display(prefix, self.id_width)
    }

    /// A record's id as people read it (`ADR-0002`), or its slug when it has no number.
    pub fn display_id(&self, record: &Record) -> String {
        match record.id {
            Some(id) => self.id_text(&record.kind, id),
            None => record.slug.clone(),
        }
    }

    /// The lifecycle of records of `kind` (the repository's for a kind it does not know).
    pub fn lifecycle_of(&self, kind: &str) -> &Lifecycle {
        self.kinds
            .get(kind)
            .map_or(&self.lifecycle, |k| &k.lifecycle)
    }

    /// The role the record's status plays in its kind's lifecycle, if any.
    pub fn role(&self, record: &Record) -> Option<Role> {
        self.lifecycle_of(&record.kind)
            .role_of(record.front.status.as_deref()?)
    }

    /// Parses the text of `.adr/config.toml` over the defaults.
    pub fn parse(text: &str) -> Result<Config> {
        let (raw, unknown) = read_raw(text)?;
        let mut config = Config::default();
        if let Some(ids) = &raw.ids {
            config.apply_ids(text, ids)?;
        }
        if let Some(l) = &raw.lifecycle {
            let base = config.lifecycle.clone();
            config.lifecycle = lifecycle_from(text, "lifecycle", &base, l, &mut config.warnings)?;
            for kind in config.kinds.values_mut().filter(|k| k.name != "dod") {
                kind.lifecycle = config.lifecycle.clone();
            }
        }
        for (name, rk) in &raw.kinds {
            check_kind_name(text, name)?;
            let kind = config
                .kinds
                .entry(name.clone())
                .or_insert_with(|| new_kind(name, &config.lifecycle));
            kind.apply(text, rk, &mut config.warnings)?;
        }
        config.check_folders(text)?;
        if let Some(check) = &raw.check {
            config.check.apply(text, check, &mut config.warnings)?;
        }
        if let Some(d) = &raw.dod {
            config.dod.apply(text, d, &mut config.warnings)?;
        }
        if let Some(t) = &raw.trailers {
            config.trailers.apply(text, t)?;
        }
        if let Some(st) = &raw.settled {
            config.settled.apply(text, st)?;
        }
        for path in unknown {
            config.warnings.push(config_warning(
                line_of_key(text, &path),
                format!("unknown key `{path}` is ignored"),
            ));
        }
        Ok(config)
    }

    /// Refuses kinds whose folders overlap, since each file there would be read as a record of
    /// both: the same folder for two kinds, or a folder inside an existing folder used in place
    /// (whose sub-folders are read as part of it). The error names both kinds and the line of
    /// `text` (the config) that sets one of the folders. Run again once `.adr-dir` has named
    /// an adr-tools folder.
    pub fn check_folders(&self, text: &str) -> Result<()> {
        let Some((outer, inner)) = self.overlapping_kinds() else {
            return Ok(());
        };
        let (a, b) = (&outer.name, &inner.name);
        let (outer_path, inner_path) = (outer.path(), inner.path());
        let message = if outer_path == inner_path {
            format!("kinds `{a}` and `{b}` both keep their records in `{outer_path}`: each file there would be a record of both")
        } else {
            format!("kind `{b}` keeps its records in `{inner_path}`, inside the folder `{outer_path}` of kind `{a}`, whose sub-folders are read as part of it: each file there would be a record of both")
        };
        let line = [b, a]
            .iter()
            .flat_map(|k| [format!("kinds.{k}.folder"), format!("kinds.{k}.dir")])
            .chain([format!("kinds.{b}"), format!("kinds.{a}")])
            .find_map(|key| line_of_key(text, &key));
        Err(Error::Config {
            location: Location {
                path: CONFIG_PATH.into(),
                line,
            },
            message,
            hint: Some(format!(
                "give `{a}` and `{b}` folders side by side, neither inside the other (like `doc/adr` and `doc/log`)"
            )),
        })
    }

    /// The first two kinds (outer, inner) that would read one file as a record of each: see
    /// [`Config::check_folders`].
    fn overlapping_kinds(&self) -> Option<(&Kind, &Kind)> {
        let kinds: Vec<&Kind> = self.kinds.values().collect();
        kinds.iter().enumerate().find_map(|(i, x)| {
            kinds[i + 1..].iter().find_map(|y| {
                let contains = |outer: &Kind, inner: &Kind| {
                    let (o, n) = (outer.path(), inner.path());
                    o == n || (outer.in_place() && n.starts_with(&format!("{o}/")))
                };
                if contains(x, y) {
                    Some((*x, *y))
                } else if contains(y, x) {
                    Some((*y, *x))
                } else {
                    None
                }
            })
        })
    }

    /// Lays `[ids]` over the defaults.
    fn apply_ids(&mut self, text: &str, ids: &RawIds) -> Result<()> {
        if let Some(w) = ids.width {
            self.id_width = in_range(text, "ids.width", w, 1, 9)?;
        }
        if let (Some(p), Some(adr)) = (&ids.prefix, self.kinds.get_mut("adr")) {
            adr.prefix = p.clone();
        }
        Ok(())
    }

    /// The kind with this name, or a usage error listing the known ones.
    pub fn kind(&self, name: &str) -> Result<&Kind> {
        self.kinds.get(name).ok_or_else(|| {
            Error::usage_hint(
                format!("unknown record kind `{name}`"),
                format!(
                    "known kinds: {}; add your own under [kinds.NAME] in {CONFIG_PATH}",
                    self.kinds.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })
    }

    /// The directories that hold records, from the repository root: `.adr` itself, and any
    /// record folder a kind keeps outside it (an existing adr-tools or MADR folder used in
    /// place). Tree walks (history, branch deltas, staged changes) look only under these.
    pub fn record_roots(&self) -> Vec<String> {
        let mut roots = vec![ADR_DIR.to_string()];
        for kind in self.kinds.values() {
            let path = kind.path();
            if !roots
                .iter()
                .any(|r| path == *r || path.starts_with(&format!("{r}/")))
            {
                roots.push(path);
            }
        }
        roots
    }

    /// The kind whose directory holds `path` (repo-relative).
    pub fn kind_of_path(&self, path: &str) -> Option<&Kind> {
        let dir = path.rsplit_once('/').map(|(d, _)| d)?;
        self.kinds.values().find(|k| k.path() == dir).or_else(|| {
            // Existing folders nest records in sub-folders.
            self.kinds
                .values()
                .filter(|k| k.in_place() && dir.starts_with(&format!("{}/", k.path())))
                .max_by_key(|k| k.path().len())
        })
    }
}

/// What `git adr init` writes: every default, commented out, so a team sees what it can change.
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../../templates/config.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.id_width, 4);
        assert_eq!(c.kind("adr").unwrap().dir, "decisions");
        assert!(c.lifecycle.allows("proposed", "accepted"));
        assert!(c.lifecycle.allows("proposed", "superseded"));
        assert!(!c.lifecycle.allows("rejected", "superseded"));
        assert!(!c.lifecycle.allows("accepted", "proposed"));
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn the_default_file_parses_without_warnings() {
        let c = Config::parse(DEFAULT_CONFIG_TOML).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    /// The warnings parsing `toml` gives, as they are shown.
    fn warnings(toml: &str) -> Vec<String> {
        let c = Config::parse(toml).unwrap();
        c.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn unknown_keys_are_reported_with_line() {
        assert_eq!(
            warnings("[ids]\nprefx = \"X-\"\n"),
            [".adr/config.toml:2: unknown key `ids.prefx` is ignored"]
        );
        assert_eq!(
            warnings("[ids]\nwidth = 4\n\n[lifecycle]\nwidth = 3\n"),
            [".adr/config.toml:5: unknown key `lifecycle.width` is ignored"]
        );
    }

    #[test]
    fn wrong_types_and_bad_statuses_are_errors_with_lines() {
        let e = Config::parse("[ids]\nwidth = \"four\"\n").unwrap_err();
        assert!(
            matches!(&e, Error::Config { location, .. } if location.line == Some(2)),
            "{e:?}"
        );
        let e = Config::parse("[lifecycle]\nstatuses = [\"a\"]\ninitial = \"b\"\n").unwrap_err();
        assert!(e.to_string().contains("initial status `b`"), "{e}");
    }

    #[test]
    fn a_committed_run_in_hooks_is_ignored_with_the_git_config_to_use() {
        assert_eq!(
            warnings("[dod]\nrun-in-hooks = true\n"),
            [".adr/config.toml:2: [dod] run-in-hooks is ignored: a file in the repository cannot make hooks run commands on your machine; to run automatic checklist items in your own hooks, set `git config adr.dod.runInHooks true`"]
        );
        assert_eq!(warnings("[dod]\nrun-in-hooks = \"yes\"\n").len(), 1);
    }

    #[test]
    fn numbers_out_of_range_are_errors_naming_key_line_and_range() {
        let e = Config::parse("[dod]\ntimeout-seconds = 9223372036854775807\n").unwrap_err();
        assert!(
            matches!(&e, Error::Config { location, .. } if location.line == Some(2)),
            "{e:?}"
        );
        assert!(
            e.to_string().contains("dod.timeout-seconds = 9223372036854775807 is out of range: it must be between 1 and 86400"),
            "{e}"
        );
        assert!(Config::parse("[dod]\ntimeout-seconds = 0\n").is_err());
        assert_eq!(
            Config::parse("[dod]\ntimeout-seconds = 86400\n")
                .unwrap()
                .dod
                .timeout_seconds,
            86_400
        );
        let e = Config::parse("# width = 2\n[ids]\nwidth = 10\n").unwrap_err();
        assert!(
            matches!(&e, Error::Config { location, .. } if location.line == Some(3)),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .contains("ids.width = 10 is out of range: it must be between 1 and 9"),
            "{e}"
        );
    }

    #[test]
    fn folders_outside_the_work_tree_or_in_git_are_refused() {
        for bad in [
            "/",
            "/etc",
            "../x",
            "doc/../..",
            ".git",
            ".git/refs/heads",
            "a/.GIT/x",
            "./doc",
            "",
        ] {
            assert_eq!(plain_repo_path(bad), None, "{bad}");
            let e = Config::parse(&format!("[kinds.adr]\nfolder = \"{bad}\"\n")).unwrap_err();
            assert!(e.to_string().contains("outside .git/"), "{e}");
        }
        assert_eq!(plain_repo_path("doc/adr/").as_deref(), Some("doc/adr"));
        assert!(Config::parse("[kinds.x]\ndir = \".git\"\n").is_err());
    }

    #[test]
    fn overlapping_kind_folders_are_refused_naming_both_kinds_and_the_line() {
        let e = Config::parse(
            "[kinds.adr]\nfolder = \"docs/adr\"\n\n[kinds.log]\nfolder = \"docs/adr/log\"\n",
        )
        .unwrap_err();
        let (text, hint) = (e.to_string(), e.hint().unwrap_or_default());
        assert_eq!(text, ".adr/config.toml:5: kind `log` keeps its records in `docs/adr/log`, inside the folder `docs/adr` of kind `adr`, whose sub-folders are read as part of it: each file there would be a record of both");
        assert!(
            hint.contains("give `adr` and `log` folders side by side"),
            "{hint}"
        );
        let e = Config::parse("[kinds.rfc]\ndir = \"decisions\"\n").unwrap_err();
        assert_eq!(e.to_string(), ".adr/config.toml:2: kinds `adr` and `rfc` both keep their records in `.adr/decisions`: each file there would be a record of both");
        // A folder used in place around git-adr's own directories reads them too.
        let e = Config::parse("[kinds.old]\nfolder = \".adr\"\n").unwrap_err();
        assert!(
            e.to_string().starts_with(".adr/config.toml:2: kind `"),
            "{e}"
        );
    }

    #[test]
    fn folders_side_by_side_or_inside_a_flat_directory_are_fine() {
        for toml in [
            "[kinds.adr]\nfolder = \"docs/adr\"\n[kinds.log]\nfolder = \"docs/log\"\n",
            "[kinds.adr]\nfolder = \"docs/adr\"\n[kinds.log]\nfolder = \"docs/adr-log\"\n",
            // git-adr's own directories are read flat: a sub-directory is another folder.
            "[kinds.log]\ndir = \"decisions/log\"\n",
        ] {
            assert!(Config::parse(toml).is_ok(), "{toml}");
        }
    }

    #[test]
    fn teams_add_kinds() {
        let c = Config::parse("[kinds.rfc]\nrequired-sections = [\"Summary\"]\n").unwrap();
        let rfc = c.kind("rfc").unwrap();
        assert_eq!((rfc.dir.as_str(), rfc.prefix.as_str()), ("rfc", "RFC-"));
        assert!(Config::parse("[kinds.x]\ndir = \"../out\"\n").is_err());
    }

    const TEAM: &str = "[lifecycle]\nstatuses = [\"draft\", \"approved\", \"replaced\"]\ntransitions = { draft = [\"approved\"], approved = [\"replaced\"] }\n\n[lifecycle.roles]\nproposed = \"draft\"\naccepted = \"approved\"\nsuperseded = \"replaced\"\n";

    #[test]
    fn default_roles_are_the_built_in_words() {
        let c = Config::parse("").unwrap();
        for role in Role::ALL {
            assert_eq!(c.lifecycle.status_of(role), Some(role.word()));
            assert_eq!(c.lifecycle.role_of(role.word()), Some(role));
        }
        let dod = &c.kind("dod").unwrap().lifecycle;
        assert_eq!(dod.role_of("active"), Some(Role::Accepted));
        assert_eq!(dod.role_of("retired"), Some(Role::Deprecated));
        assert!(dod.status_for(Role::Superseded, "dod").is_err());
    }

    #[test]
    fn a_roles_table_names_the_teams_statuses() {
        let c = Config::parse(TEAM).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        let l = &c.kind("adr").unwrap().lifecycle;
        assert_eq!(l.status_of(Role::Superseded), Some("replaced"));
        assert_eq!(l.role_of("approved"), Some(Role::Accepted));
        assert!(l.is(Some("draft"), Role::Proposed));
        assert!(!l.is(None, Role::Proposed));
        assert_eq!(l.status_of(Role::Rejected), None);
        let e = l.status_for(Role::Rejected, "adr").unwrap_err().to_string();
        assert!(e.contains("role `rejected`"), "{e}");
    }

    #[test]
    fn roles_follow_statuses_named_like_them_unless_told() {
        // Without a roles table, a status named like a role plays it.
        let c = Config::parse("[lifecycle]\nstatuses = [\"proposed\", \"accepted\", \"gone\"]\n")
            .unwrap();
        assert_eq!(c.lifecycle.status_of(Role::Accepted), Some("accepted"));
        assert_eq!(c.lifecycle.status_of(Role::Superseded), None);
        // A kind's own lifecycle keeps the repository's roles for the statuses it still has.
        let text = format!("{TEAM}\n[kinds.rfc.lifecycle]\nstatuses = [\"draft\", \"replaced\"]\n");
        let rfc = Config::parse(&text).unwrap().kinds["rfc"].lifecycle.clone();
        assert_eq!(rfc.status_of(Role::Superseded), Some("replaced"));
        assert_eq!(rfc.status_of(Role::Accepted), None);
    }

    #[test]
    fn bad_roles_are_errors_with_lines() {
        let e = Config::parse(&TEAM.replace("superseded = \"replaced\"", "superseded = \"gone\""))
            .unwrap_err();
        assert!(
            matches!(&e, Error::Config { location, .. } if location.line == Some(8)),
            "{e:?}"
        );
        assert!(
            e.to_string().contains("`gone` is not one of the statuses"),
            "{e}"
        );
        let e =
            Config::parse(&TEAM.replace("superseded = \"replaced\"", "superseded = \"approved\""))
                .unwrap_err();
        assert!(
            e.to_string().contains("already has the role `accepted`"),
            "{e}"
        );
        assert_eq!(
            warnings(&format!("{TEAM}retired = \"replaced\"\n")),
            [".adr/config.toml:9: [lifecycle.roles] names unknown role `retired`, which is ignored (roles are proposed, accepted, rejected, deprecated, superseded)"]
        );
    }
}
