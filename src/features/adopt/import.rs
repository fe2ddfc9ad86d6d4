//! `git adr init --import DIR`: converting a folder's records into `.adr/decisions/`, with
//! new file names, links that follow them, and a config that keeps them valid.

use std::collections::{BTreeSet, HashMap};

use std::path::Path;

use super::convert::{convert, with_both_ends};
use super::Found;
use crate::error::{Error, Result};
use crate::git::repo::Repo;
use crate::git::source::Source;
use crate::model::config::{Config, Kind, ADR_DIR, CONFIG_PATH, DEFAULT_CONFIG_TOML};
use crate::model::record::slug::slugify;
use crate::model::record::{Id, Record};

/// One record converted to git-adr's format.
#[derive(Debug, Clone)]
pub struct Converted {
    pub from: String,
    /// File name in `.adr/decisions/`.
    pub name: String,
    pub id: Id,
    pub text: String,
}

/// What an import would write, and what the user should know about it.
#[derive(Debug, Default)]
pub struct Plan {
    pub records: Vec<Converted>,
    /// Statuses outside the default lifecycle, to add to the config so the records stay valid.
    pub extra_statuses: Vec<String>,
    /// The default required sections that every imported record has (`None`: all of them).
    pub required_sections: Option<Vec<String>>,
    pub notes: Vec<String>,
}

/// Converts every record of a folder into `target_dir` (repo-relative). Records named by date
/// (log4brains) get numbers after the highest numbered one, in name order. `created` holds the
/// date of the commit that created each record (by path), for records whose files have none.
/// Files are named from their titles; links between the records, and to other files of the
/// folder (images), are rewritten for their new place.
pub fn plan(
    found: &Found,
    id_width: usize,
    target_dir: &str,
    created: &HashMap<String, String>,
    exists: &dyn Fn(&str) -> bool,
) -> Plan {
    let mut plan = Plan::default();
    let mut completed = with_both_ends(&found.parsed);
    let mut dated_from_history = Vec::new();
    for r in completed.iter_mut().filter(|r| r.front.date.is_none()) {
        if let Some(d) = created.get(&r.path) {
            r.front.date = Some(d.clone());
            dated_from_history.push(r.path.clone());
        }
    }
    let (without_status, without_date) = convert_all(&mut plan, &completed, id_width);
    relink_all(&mut plan, found, target_dir, exists);
    if !dated_from_history.is_empty() {
        plan.notes.push(format!(
            "dated from the commit that created them (their files have no date): {}",
            dated_from_history.join(", ")
        ));
    }
    plan.required_sections = required_sections(&found.parsed);
    let mut ids: Vec<Id> = plan.records.iter().map(|c| c.id).collect();
    ids.sort();
    for w in ids.windows(2).filter(|w| w[0] == w[1]) {
        plan.notes.push(format!(
            "number {} is taken by more than one record: give one a free number with `git adr renumber`",
            w[0].0
        ));
    }
    if !without_status.is_empty() {
        plan.notes.push(format!(
            "{} had no status and were imported as accepted: {}",
            without_status.len(),
            without_status.join(", ")
        ));
    }
    if !without_date.is_empty() {
        plan.notes.push(format!(
            "{} have no date and no commit yet to date them from (add `date: YYYY-MM-DD` to each): {}",
            without_date.len(),
            without_date.join(", ")
        ));
    }
    plan
}

/// Converts the records in number order (records without a number last, numbered after the
/// highest), adding them and the statuses the lifecycle lacks to `plan`. Returns the paths of
/// the records that had no status, and of those that still have no date.
fn convert_all(plan: &mut Plan, records: &[Record], id_width: usize) -> (Vec<String>, Vec<String>) {
    let mut next = records
        .iter()
        .filter_map(|r| r.id)
        .max()
        .map_or(1, |i| i.0 + 1);
    let lifecycle = crate::model::config::Config::default().lifecycle;
    let mut records: Vec<&Record> = records.iter().collect();
    records.sort_by(|a, b| (a.id.is_none(), a.id, &a.path).cmp(&(b.id.is_none(), b.id, &b.path)));
    let mut without_status = Vec::new();
    let mut without_date = Vec::new();
    for r in records {
        let id = r.id.unwrap_or_else(|| {
            next += 1;
            Id(next - 1)
        });
        let name = format!("{:0w$}-{}.md", id.0, slugify(&r.title), w = id_width);
        if r.front.status.is_none() {
            without_status.push(r.path.clone());
        }
        if r.front.date.is_none() {
            without_date.push(r.path.clone());
        }
        if let Some(s) = &r.front.status {
            if !lifecycle.statuses.contains(s) && !plan.extra_statuses.contains(s) {
                plan.extra_statuses.push(s.clone());
            }
        }
        plan.records.push(Converted {
            from: r.path.clone(),
            name,
            id,
            text: convert(r),
        });
    }
    (without_status, without_date)
}

/// Links between the records follow them to their new names; links to other files of the
/// folder (diagrams) point back into it, and a note says which stay there.
fn relink_all(plan: &mut Plan, found: &Found, target_dir: &str, exists: &dyn Fn(&str) -> bool) {
    let new_names: HashMap<String, String> = plan
        .records
        .iter()
        .map(|c| (c.from.clone(), format!("{target_dir}/{}", c.name)))
        .collect();
    let mut left_behind = BTreeSet::new();
    for c in &mut plan.records {
        let from_dir = c.from.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let mut relinker = Relinker {
            from_dir: &from_dir,
            to_dir: target_dir,
            new_names: &new_names,
            exists,
            folder: &found.folder,
            left_behind: &mut left_behind,
        };
        c.text = relinker.rewrite_links(&c.text);
    }
    if !left_behind.is_empty() {
        plan.notes.push(format!(
            "the imported records link to files that stay in {}: {} (links point there now; keep them when you remove the old records)",
            found.folder,
            left_behind.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
}

/// Imported records keep their own sections: of the default required sections, those they all
/// have (`None`: all of them).
fn required_sections(records: &[Record]) -> Option<Vec<String>> {
    let adr = crate::model::config::Config::default();
    let required = &adr.kinds["adr"].required_sections;
    let kept: Vec<String> = required
        .iter()
        .filter(|req| {
            records.iter().all(|r| {
                crate::model::record::Outline::read(r.body())
                    .section(req)
                    .is_some()
            })
        })
        .cloned()
        .collect();
    (kept.len() != required.len()).then_some(kept)
}

/// Rewrites the relative Markdown links of a record moved from `from_dir` to `to_dir`: to a
/// record of the import, its new file; to another file that exists (`exists`), a path from the
/// new place, noted in `left_behind` when it lies in `folder`. Inline links (with an optional
/// title or `<…>` target) and reference definitions (`[x]: target`) are read; links to nothing,
/// URLs and anchors stay as written.
struct Relinker<'a> {
    from_dir: &'a str,
    to_dir: &'a str,
    new_names: &'a HashMap<String, String>,
    exists: &'a dyn Fn(&str) -> bool,
    folder: &'a str,
    left_behind: &'a mut BTreeSet<String>,
}

impl Relinker<'_> {
    /// The new target of a link written `target`, `None` when it stays as written.
    fn relink(&mut self, target: &str) -> Option<String> {
        let (target, angle) = match target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            Some(t) => (t, true),
            None => (target, false),
        };
        if target.is_empty()
            || target.contains("://")
            || target.starts_with(['#', '/'])
            || target.starts_with("mailto:")
        {
            return None;
        }
        let (path_part, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (target, String::new()),
        };
        let resolved = resolve(self.from_dir, &path_part.replace("%20", " "))?;
        let new = if let Some(name) = self.new_names.get(&resolved) {
            crate::store::relative_link(self.to_dir, name)
        } else if !resolved.is_empty() && (self.exists)(&resolved) {
            if resolved.starts_with(&format!("{}/", self.folder)) {
                self.left_behind.insert(resolved.clone());
            }
            crate::store::relative_link(self.to_dir, &resolved)
        } else {
            return None;
        };
        Some(if angle {
            format!("<{new}{anchor}>")
        } else {
            format!("{new}{anchor}")
        })
    }

    fn rewrite_links(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            match self.reference_definition(line) {
                Some(rewritten) => out.push_str(&rewritten),
                None => self.inline_links(line, &mut out),
            }
        }
        out
    }

    /// `[label]: target "title"` with its target rewritten, when it is one and it changes.
    fn reference_definition(&mut self, line: &str) -> Option<String> {
        let t = line.trim_start();
        if !t.starts_with('[') || t.starts_with("[!") {
            return None;
        }
        let close = t.find("]:")?;
        let after = &t[close + 2..];
        let target = after.split_whitespace().next().unwrap_or("");
        let new = self.relink(target)?;
        let at = line.len() - after.len() + (after.len() - after.trim_start().len());
        Some(format!(
            "{}{new}{}",
            &line[..at],
            &line[at + target.len()..]
        ))
    }

    /// `line` with the targets of its inline links `[x](target "title")` rewritten, to `out`.
    fn inline_links(&mut self, line: &str, out: &mut String) {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let start = at + 2;
            let Some(len) = rest[start..].find(')') else {
                break;
            };
            let inside = &rest[start..start + len];
            // `(target "title")`: only the target changes.
            let target = if inside.starts_with('<') {
                inside.split_inclusive('>').next().unwrap_or(inside)
            } else {
                inside.split_whitespace().next().unwrap_or("")
            };
            out.push_str(&rest[..start]);
            match self.relink(target) {
                Some(new) => {
                    let lead = inside.len() - inside.trim_start().len();
                    out.push_str(&inside[..lead]);
                    out.push_str(&new);
                    out.push_str(&inside[lead + target.len()..]);
                }
                None => out.push_str(inside),
            }
            rest = &rest[start + len..];
        }
        out.push_str(rest);
    }
}

/// `dir/../x.md` style resolution of a relative link from `dir`; `None` when it leaves the
/// repository.
fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

// ---------------------------------------------------------------------------------------------
// The whole import
// ---------------------------------------------------------------------------------------------

/// An import ready to be written: the converted records and the config that keeps them valid.
#[derive(Debug)]
pub struct Import {
    pub plan: Plan,
    /// Where the records go (`.adr/decisions`), repo-relative.
    pub decisions: String,
    /// The config to write: the existing one (or the default) with what the records need.
    pub config_text: String,
    /// Worth saying before the records are written.
    pub warnings: Vec<String>,
}

/// Prepares the import of `found` into the repository at `root`, never over an existing file:
/// numbers the repository's own records use, files already in place, and a config that already
/// uses a folder in place are refused.
pub fn prepare(root: &Path, found: &Found) -> Result<Import> {
    let config_path = root.join(CONFIG_PATH);
    let existing_config = match std::fs::read_to_string(&config_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&config_path, e)),
    };
    let config = match &existing_config {
        Some(text) => Config::parse(text)?,
        None => Config::default(),
    };
    let kind = config.kind("adr")?;
    if kind.in_place() {
        return Err(Error::usage_hint(
            format!("{CONFIG_PATH} already uses {} in place", kind.path()),
            format!("remove `folder` (and `format`) under [kinds.adr] in {CONFIG_PATH}, then run the import again"),
        ));
    }
    let decisions = format!("{ADR_DIR}/{}", kind.dir);
    let created = creation_dates(found);
    let exists = |p: &str| root.join(p).exists();
    let plan = plan(found, config.id_width, &decisions, &created, &exists);
    refuse_collisions(root, kind, &decisions, &plan)?;
    let mut import = Import {
        plan,
        decisions,
        config_text: existing_config.unwrap_or_else(|| DEFAULT_CONFIG_TOML.to_string()),
        warnings: Vec::new(),
    };
    keep_valid(&mut import, &config)?;
    Ok(import)
}

/// Refuses an import whose numbers the repository's own records use, or whose files exist.
fn refuse_collisions(root: &Path, kind: &Kind, decisions: &str, plan: &Plan) -> Result<()> {
    let existing: Vec<String> = Source::WorkTree(root.to_path_buf())
        .list(decisions)?
        .into_iter()
        .filter(|e| crate::store::is_record_name(kind, &e.name))
        .filter(|e| {
            let id = crate::model::record::id_and_slug(&e.name).0;
            plan.records.iter().any(|c| Some(c.id) == id)
        })
        .map(|e| format!("{decisions}/{}", e.name))
        .collect();
    if !existing.is_empty() {
        return Err(Error::usage_hint(
            format!(
                "the imported records' numbers are taken in {decisions}: {}",
                existing.join(", ")
            ),
            "import into a repository without git-adr records of its own, or renumber those first (`git adr renumber N --next`)",
        ));
    }
    let taken: Vec<String> = plan
        .records
        .iter()
        .map(|c| format!("{decisions}/{}", c.name))
        .filter(|p| root.join(p).exists())
        .collect();
    if !taken.is_empty() {
        return Err(Error::usage_hint(
            format!(
                "{} already exist{}: {}",
                taken.len(),
                if taken.len() == 1 { "s" } else { "" },
                taken.join(", ")
            ),
            "import into a repository without git-adr records, or move those files aside",
        ));
    }
    Ok(())
}

/// Adds to the config what keeps the imported records valid: the statuses they use that the
/// lifecycle lacks, and only the required sections they all have.
fn keep_valid(import: &mut Import, config: &Config) -> Result<()> {
    let plan = &import.plan;
    let config_text = &mut import.config_text;
    if !plan.extra_statuses.is_empty() {
        let mut statuses = config.lifecycle.statuses.clone();
        statuses.extend(plan.extra_statuses.iter().cloned());
        let quoted: Vec<String> = statuses.iter().map(|s| format!("\"{s}\"")).collect();
        if config_text.lines().any(|l| l.trim() == "[lifecycle]") {
            return Err(Error::usage_hint(
                format!(
                    "the records use statuses the lifecycle lacks: {}",
                    plan.extra_statuses.join(", ")
                ),
                format!(
                    "add them to [lifecycle] statuses in {CONFIG_PATH}, then run the import again"
                ),
            ));
        }
        config_text.push_str(&format!(
            "\n# Statuses the imported records use.\n[lifecycle]\nstatuses = [{}]\n",
            quoted.join(", ")
        ));
        Config::parse(config_text)?;
    }
    if let Some(sections) = &plan.required_sections {
        if config_text.lines().any(|l| l.trim() == "[kinds.adr]") {
            import.warnings.push("the imported records lack some of the sections [kinds.adr] requires: `git adr check` will report them".into());
        } else {
            let quoted: Vec<String> = sections.iter().map(|s| format!("\"{s}\"")).collect();
            config_text.push_str(&format!(
                "\n# The imported records have their own sections: new ones must have at least these.\n[kinds.adr]\nrequired-sections = [{}]\n",
                quoted.join(", ")
            ));
            Config::parse(config_text)?;
        }
    }
    Ok(())
}

/// Writes the imported records and the config, all or nothing.
pub fn write(root: &Path, import: &Import) -> Result<()> {
    crate::git::source::ensure_inside(root, &root.join(ADR_DIR))?;
    let target = root.join(&import.decisions);
    std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
    let mut tx = crate::store::atomic::Transaction::new();
    for c in &import.plan.records {
        tx.write(target.join(&c.name), c.text.clone().into_bytes());
    }
    tx.write(
        root.join(CONFIG_PATH),
        import.config_text.clone().into_bytes(),
    );
    tx.commit()
}

/// When each record of a folder was created, from history (one pass, cached): dates for the
/// records whose files have none. Empty when history cannot tell (no commits, shallow clone).
fn creation_dates(found: &Found) -> HashMap<String, String> {
    let Ok(repo) = Repo::open() else {
        return Default::default();
    };
    let mut config = Config::default();
    if let Some(adr) = config.kinds.get_mut("adr") {
        adr.folder = Some(found.folder.clone());
    }
    let root = repo.work_tree().map(Path::to_path_buf);
    let store = crate::store::Store::new(repo, config, root);
    let Ok(history) = crate::features::history::load(&store, None) else {
        return Default::default();
    };
    if history.shallow {
        return Default::default();
    }
    history
        .creations()
        .into_iter()
        .filter_map(|(path, i)| Some((path.to_string(), history.events[i].date.clone()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_numbers_dated_records_after_the_others_and_keeps_their_statuses() {
        let parse =
            |path: &str, text: &str| Record::parse_in_place("adr", path, text.into()).unwrap();
        let parsed = vec![
            parse(
                "docs/adr/20231201-cache.md",
                "# Cache\n\n* Status: accepted\n* Date: 2023-12-01\n\n## Context\n\nT.\n",
            ),
            parse(
                "docs/adr/0003-use-x.md",
                "# 3. Use X\n\nDate: 2020-01-02\n\n## Status\n\nOn hold\n\n## Context\n\nT.\n",
            ),
        ];
        let found = Found {
            folder: "docs/adr".into(),
            records: 2,
            format: crate::model::record::formats::Format::AdrTools,
            errors: Vec::new(),
            parsed,
        };
        let plan = plan(&found, 4, ".adr/decisions", &HashMap::new(), &|_| false);
        let names: Vec<(&str, &str)> = plan
            .records
            .iter()
            .map(|c| (c.from.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("docs/adr/0003-use-x.md", "0003-use-x.md"),
                ("docs/adr/20231201-cache.md", "0004-cache.md"),
            ]
        );
        assert_eq!(plan.extra_statuses, ["on-hold"]);
    }

    #[test]
    fn links_follow_the_records_and_point_back_at_what_stays() {
        let names: std::collections::HashMap<String, String> = [(
            "docs/adr/20231201-older.md".to_string(),
            ".adr/decisions/0007-older.md".to_string(),
        )]
        .into();
        let exists = |p: &str| p == "docs/adr/img/b.png" || p == "docs/guide.md";
        let mut left = std::collections::BTreeSet::new();
        let text = "See [older](20231201-older.md \"t\"), ![b](./img/b.png \"Bee\"), [x](<20231201-older.md#why>),\n[gone](nothing.md), [web](https://x.org/a.md), [guide](../guide.md).\n[ref]: 20231201-older.md \"Older\"\n";
        let out = Relinker {
            from_dir: "docs/adr",
            to_dir: ".adr/decisions",
            new_names: &names,
            exists: &exists,
            folder: "docs/adr",
            left_behind: &mut left,
        }
        .rewrite_links(text);
        assert_eq!(
            out,
            "See [older](0007-older.md \"t\"), ![b](../../docs/adr/img/b.png \"Bee\"), [x](<0007-older.md#why>),\n[gone](nothing.md), [web](https://x.org/a.md), [guide](../../docs/guide.md).\n[ref]: 0007-older.md \"Older\"\n"
        );
        assert_eq!(left.into_iter().collect::<Vec<_>>(), ["docs/adr/img/b.png"]);
    }
}
