//! The rules: those that look at one record, and those that need the whole set (ids, links,
//! supersede chains).

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Findings, Names};
use crate::git::source::Source;
use crate::model::record::slug::slugify;
use crate::model::record::{Fill, Id, Outline, Record};
use crate::store::Store;

/// One direction of a two-sided link: this record's list and key, the other record's list and
/// key, and the rule that reports a missing other side.
type Pairing<'r> = (
    &'r Vec<Id>,
    &'static str,
    fn(&Record) -> &Vec<Id>,
    &'static str,
    &'static str,
);

/// Statuses for which a review date no longer matters.
const CLOSED: &[&str] = &["superseded", "deprecated", "rejected", "retired"];

/// What the rules share: the store, today, and facts computed at most once per run.
pub(crate) struct Context<'a> {
    store: &'a Store,
    today: chrono::NaiveDate,
    on_default_branch: bool,
    tracked: OnceCell<Vec<String>>,
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The first line of an existing folder's record that is still its template's text: one of
/// adr-tools' sentences, or a MADR 2 `[…]` placeholder. 1-based file line and the text.
fn template_text(record: &Record) -> Option<(usize, String)> {
    let offset = record.text[..record.body_start].matches('\n').count();
    let body = record.body();
    for (i, line) in Outline::read(body).prose_lines(body) {
        let t = line.trim();
        let item = t.trim_start_matches(['*', '-']).trim_start();
        let madr2 = record.format == crate::model::record::Format::Madr2
            && ((item.starts_with('[') && item.ends_with(']') && !item.contains("]("))
                || item.contains("\"[option 1]\""));
        if crate::model::record::sections::ADR_TOOLS_TEMPLATE.contains(&t) || madr2 {
            return Some((offset + i + 1, t.to_string()));
        }
    }
    None
}

impl<'a> Context<'a> {
    pub fn new(store: &'a Store) -> Context<'a> {
        let repo = &store.repo;
        let default = store
            .config
            .check
            .default_branch
            .clone()
            .or_else(|| repo.default_branch());
        let on_default_branch = match (repo.head_branch(), default) {
            (Some(head), Some(default)) => head == default,
            _ => false,
        };
        Context {
            store,
            today: chrono::Local::now().date_naive(),
            on_default_branch,
            tracked: OnceCell::new(),
        }
    }

    fn tracked(&self) -> &[String] {
        self.tracked
            .get_or_init(|| self.store.repo.tracked_paths().unwrap_or_default())
    }

    fn shown(&self, record: &Record) -> String {
        self.store.display_id(record)
    }

    /// The rules about one record.
    pub fn record_rules(&self, record: &Record, findings: &mut Findings) {
        let path = record.path.as_str();
        let body_line = record.text[..record.body_start].matches('\n').count() + 1;
        let outline = Outline::read(record.body());
        let heads = outline.headings();

        let titles: Vec<_> = heads.iter().filter(|h| h.level == 1).collect();
        if titles.len() > 1 {
            findings.add(
                "multiple-titles",
                path,
                Some(body_line + titles[1].line - 1),
                format!(
                    "a second `# ` heading (`{}`); a record has one title",
                    titles[1].text
                ),
                Some("make it a `## ` section heading".into()),
            );
        }

        let f = &record.front;
        let in_place = self
            .store
            .config
            .kinds
            .get(&record.kind)
            .is_some_and(|k| k.in_place());
        if in_place {
            if let (Some(n), Some(id)) = (record.title_number, record.id) {
                if n != id.0 {
                    findings.add(
                        "title-mismatch",
                        path,
                        Some(record.title_line),
                        format!("the title says number {n} but the file name says {}; the file name is the record's number", id.0),
                        Some("fix the number in the title (or renumber the file)".into()),
                    );
                }
            }
            if let Some((line, text)) = template_text(record) {
                findings.add_at_most_warning(
                    "placeholder-text",
                    path,
                    Some(line),
                    format!("still holds the template's text: `{text}`"),
                    Some("write the section in your own words".into()),
                );
            }
        }
        if f.status.is_none() && !in_place {
            findings.add(
                "missing-field",
                path,
                Some(1),
                "no `status` in the front matter".into(),
                Some("add a line such as `status: proposed`".into()),
            );
        }
        // Malformed dates are refused when the record is read (rule `invalid-date`).
        // A decision has a date; a checklist (unnumbered: it is maintained, not decided) need not.
        let numbered = self
            .store
            .config
            .kinds
            .get(&record.kind)
            .is_some_and(|k| k.numbered);
        if f.date.is_none() && numbered && !in_place {
            findings.add(
                "missing-field",
                path,
                Some(1),
                "no `date` in the front matter".into(),
                Some("add a line such as `date: 2026-11-25`".into()),
            );
        }
        let review = f
            .review_by
            .as_deref()
            .and_then(|r| parse_date(r).map(|d| (r, d)));
        if let Some((r, d)) = review {
            if d < self.today && !f.status.as_deref().is_some_and(|s| CLOSED.contains(&s)) {
                findings.add(
                    "review-overdue",
                    path,
                    Some(record.key_line("review-by")),
                    format!("was due for review on {r}"),
                    Some("review the decision, then set a new `review-by` date (or supersede or deprecate it)".into()),
                );
            }
        }

        if let Some(kind) = self.store.config.kinds.get(&record.kind) {
            for required in &kind.required_sections {
                let Some(section) = outline.section(required) else {
                    findings.add(
                        "missing-section",
                        path,
                        None,
                        format!("no `## {required}` section ({} records need one)", kind.name),
                        Some(format!("add the section, or change required-sections under [kinds.{}] in .adr/config.toml", kind.name)),
                    );
                    continue;
                };
                let h = section.heading;
                if section.fill != Fill::Written {
                    let what = if section.fill == Fill::Empty {
                        "is empty"
                    } else {
                        "still holds the template's placeholder text"
                    };
                    // A draft may be committed unfinished; accepting it needs the text.
                    let draft = f.status.as_deref() == Some(kind.lifecycle.initial.as_str());
                    let add = if draft {
                        Findings::add_at_most_warning
                    } else {
                        Findings::add
                    };
                    add(
                        findings,
                        "placeholder-text",
                        path,
                        Some(body_line + h.line - 1),
                        format!("section `{}` {what}", h.text),
                        Some("write the section, replacing the `{…}` placeholders".into()),
                    );
                }
            }
            if kind.numbered && record.id.is_some() && !record.slug.is_empty() && !in_place {
                let expected = slugify(&record.title);
                if record.slug != expected {
                    let dir = kind.path();
                    let id = record.id.map_or(0, |i| i.0);
                    findings.add(
                        "title-mismatch",
                        path,
                        Some(record.title_line),
                        format!("the file name says `{}` but the title is `{}`", record.slug, record.title),
                        Some(format!(
                            "rename it: git mv {path} {dir}/{id:0w$}-{expected}.md (links use numbers, so nothing else changes)",
                            w = self.store.config.id_width
                        )),
                    );
                }
            }
        }

        if self.on_default_branch && f.status.as_deref() == Some("proposed") {
            findings.add(
                "proposed-on-default-branch",
                path,
                Some(record.key_line("status")),
                format!(
                    "{} is still `proposed` on the default branch",
                    self.shown(record)
                ),
                Some(format!(
                    "accept or reject it: git adr accept {}",
                    self.shown(record)
                )),
            );
        }
    }

    /// `invalid-path-glob` and `unmatched-path-glob` for all `records` at once: each distinct
    /// pattern is compiled once and the tracked files are walked once.
    pub fn path_rules(&self, records: &[&Record], findings: &mut Findings) {
        let mut patterns: Vec<&str> = records
            .iter()
            .flat_map(|r| r.front.paths.iter().map(String::as_str))
            .collect();
        if patterns.is_empty() {
            return;
        }
        patterns.sort_unstable();
        patterns.dedup();
        let invalid: Vec<Option<String>> = patterns
            .iter()
            .map(|p| crate::model::globs::matcher(p).err())
            .collect();
        let hit = crate::model::globs::matched_any(&patterns, self.tracked());
        for r in records {
            for glob in &r.front.paths {
                let Ok(i) = patterns.binary_search(&glob.as_str()) else {
                    continue;
                };
                if let Some(why) = &invalid[i] {
                    findings.add(
                        "invalid-path-glob",
                        &r.path,
                        Some(r.key_line("paths")),
                        format!("`{glob}` is not a valid glob: {why}"),
                        Some("globs look like `src/db/**`, `docs/` or `*.sql`".into()),
                    );
                } else if !hit[i] {
                    findings.add(
                        "unmatched-path-glob",
                        &r.path,
                        Some(r.key_line("paths")),
                        format!("`{glob}` matches no tracked file"),
                        Some("fix the glob, or remove it if the code moved away".into()),
                    );
                }
            }
        }
    }

    /// The rules that need the whole set. `names` holds every record file name by kind; when
    /// `only` is given, findings are reported only where they involve one of those paths.
    pub fn set_rules(
        &self,
        records: &[Record],
        names: &Names,
        only: Option<&HashSet<String>>,
        findings: &mut Findings,
    ) {
        let wanted = |p: &str| only.is_none_or(|o| o.contains(p));
        let config = &self.store.config;

        // Ids from names: a record that fails to parse still holds its number.
        let mut ids: BTreeMap<(&str, Id), Vec<String>> = BTreeMap::new();
        for (kind, files) in names {
            let Some(k) = config.kinds.get(kind) else {
                continue;
            };
            if !k.numbered {
                continue;
            }
            for name in files {
                if let Some(id) = crate::model::record::id_and_slug(name).0 {
                    ids.entry((kind.as_str(), id))
                        .or_default()
                        .push(format!("{}/{name}", k.path()));
                }
            }
        }
        for ((kind, id), paths) in &ids {
            if paths.len() < 2 {
                continue;
            }
            let shown = id.display(&config.kinds[*kind].prefix, config.id_width);
            for p in paths.iter().filter(|p| wanted(p)) {
                let others: Vec<&str> = paths
                    .iter()
                    .filter(|o| *o != p)
                    .map(String::as_str)
                    .collect();
                findings.add(
                    "duplicate-id",
                    p,
                    None,
                    format!("{shown} is also used by {}", others.join(", ")),
                    Some(format!(
                        "give one of them a free number: `git adr renumber {p} --next` moves this one (`git adr renumber {n} --next` moves the one that came last, when git can tell)",
                        n = id.0
                    )),
                );
            }
        }

        let by_id: HashMap<(&str, Id), &Record> = records
            .iter()
            .filter_map(|r| r.id.map(|id| ((r.kind.as_str(), id), r)))
            .collect();
        let dod_names: HashSet<String> = names
            .get("dod")
            .map(|v| {
                v.iter()
                    .map(|n| n.trim_end_matches(".md").to_string())
                    .collect()
            })
            .unwrap_or_default();
        for r in records {
            let kind_prefix = config.kinds.get(&r.kind).map_or("", |k| k.prefix.as_str());
            let show = |id: Id| id.display(kind_prefix, config.id_width);
            let f = &r.front;
            let links: [(&str, &Vec<Id>); 5] = [
                ("supersedes", &f.supersedes),
                ("superseded-by", &f.superseded_by),
                ("amends", &f.amends),
                ("amended-by", &f.amended_by),
                ("relates", &f.relates),
            ];
            for (key, list) in links {
                for id in list {
                    let exists = ids.contains_key(&(r.kind.as_str(), *id));
                    if !exists && wanted(&r.path) {
                        findings.add(
                            "broken-link",
                            &r.path,
                            Some(r.key_line(key)),
                            format!("`{key}` names {} but there is no such record", show(*id)),
                            Some("fix the number, or remove it from the list".into()),
                        );
                    }
                }
            }
            for link in &f.links {
                let target = crate::features::citations::parse_citation(link, config);
                let exists = target.is_some_and(|(k, id)| ids.contains_key(&(k.name.as_str(), id)));
                if !exists && wanted(&r.path) {
                    findings.add(
                        "broken-link",
                        &r.path,
                        Some(r.key_line("links")),
                        format!("`links` names {link} but there is no such record"),
                        Some("fix the id (e.g. ADR-0002), or remove it from the list".into()),
                    );
                }
            }
            if config.kinds.contains_key("dod") {
                for name in &f.dod {
                    if !dod_names.contains(name) && wanted(&r.path) {
                        findings.add(
                            "broken-link",
                            &r.path,
                            Some(r.key_line("dod")),
                            format!(
                                "`dod` names checklist `{name}` but there is no .adr/dod/{name}.md"
                            ),
                            Some("create it with `git adr new --kind dod`, or fix the name".into()),
                        );
                    }
                }
            }

            // Both ends of each relation, when the other end is loaded. Existing folders
            // often write a relation on one side only (MADR's "superseded by" status): that
            // is their format, not a mistake.
            let Some(my_id) = r.id else { continue };
            if config.kinds.get(&r.kind).is_some_and(|k| k.in_place()) {
                continue;
            }
            let pairs: [Pairing<'_>; 5] = [
                (
                    &f.supersedes,
                    "supersedes",
                    |o| &o.front.superseded_by,
                    "superseded-by",
                    "supersede-asymmetric",
                ),
                (
                    &f.superseded_by,
                    "superseded-by",
                    |o| &o.front.supersedes,
                    "supersedes",
                    "supersede-asymmetric",
                ),
                (
                    &f.amends,
                    "amends",
                    |o| &o.front.amended_by,
                    "amended-by",
                    "link-asymmetric",
                ),
                (
                    &f.amended_by,
                    "amended-by",
                    |o| &o.front.amends,
                    "amends",
                    "link-asymmetric",
                ),
                (
                    &f.relates,
                    "relates",
                    |o| &o.front.relates,
                    "relates",
                    "link-asymmetric",
                ),
            ];
            for (list, key, other_list, other_key, code) in pairs {
                for id in list {
                    // While a number belongs to two files, which one a link means is unknown:
                    // `duplicate-id` is the finding, and `renumber` sorts the links out.
                    let shared =
                        |n: Id| ids.get(&(r.kind.as_str(), n)).is_some_and(|p| p.len() > 1);
                    if shared(*id) || shared(my_id) {
                        continue;
                    }
                    let Some(other) = by_id.get(&(r.kind.as_str(), *id)) else {
                        continue;
                    };
                    if !other_list(other).contains(&my_id)
                        && (wanted(&r.path) || wanted(&other.path))
                    {
                        findings.add(
                            code,
                            &other.path,
                            Some(other.key_line(other_key)),
                            format!(
                                "{} says `{key}: {}` but {} has no `{other_key}: {}`",
                                show(my_id),
                                show(*id),
                                show(*id),
                                show(my_id)
                            ),
                            Some(format!(
                                "add {} to `{other_key}` in {}, or remove the link from {}",
                                my_id.0, other.path, r.path
                            )),
                        );
                    }
                }
            }
            if f.superseded_by.is_empty()
                && f.status.as_deref() == Some("superseded")
                && wanted(&r.path)
            {
                findings.add(
                    "supersede-asymmetric",
                    &r.path,
                    Some(r.key_line("status")),
                    format!(
                        "{} is `superseded` but no `superseded-by` names its successor",
                        show(my_id)
                    ),
                    Some(format!(
                        "run `git adr supersede {} NEW`, which sets both records",
                        show(my_id)
                    )),
                );
            }
            if !f.superseded_by.is_empty()
                && f.status.as_deref() != Some("superseded")
                && wanted(&r.path)
            {
                let status = f.status.as_deref().unwrap_or("(none)");
                findings.add(
                    "supersede-asymmetric",
                    &r.path,
                    Some(r.key_line("status")),
                    format!(
                        "{} is superseded by {} but its status is `{status}`",
                        show(my_id),
                        f.superseded_by
                            .iter()
                            .map(|i| show(*i))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Some("set `status: superseded`".into()),
                );
            }
        }

        // Cycles in "supersedes", per kind, over the loaded records.
        let mut edges: BTreeMap<(&str, Id), Vec<Id>> = BTreeMap::new();
        for r in records {
            let Some(id) = r.id else { continue };
            edges
                .entry((r.kind.as_str(), id))
                .or_default()
                .extend(r.front.supersedes.iter().copied());
            for newer in &r.front.superseded_by {
                edges.entry((r.kind.as_str(), *newer)).or_default().push(id);
            }
        }
        let mut reported: HashSet<(&str, Id)> = HashSet::new();
        for &(kind, start) in edges.keys() {
            if reported.contains(&(kind, start)) {
                continue;
            }
            if let Some(cycle) = find_cycle(&edges, kind, start) {
                let prefix = config.kinds.get(kind).map_or("", |k| k.prefix.as_str());
                let chain: Vec<String> = cycle
                    .iter()
                    .map(|i| i.display(prefix, config.id_width))
                    .collect();
                reported.extend(cycle.iter().map(|i| (kind, *i)));
                let at = by_id
                    .get(&(kind, start))
                    .map(|r| (r.path.clone(), Some(r.key_line("supersedes"))));
                if let Some((path, line)) = at.filter(|(p, _)| {
                    cycle
                        .iter()
                        .any(|i| by_id.get(&(kind, *i)).is_some_and(|r| wanted(&r.path)))
                        || wanted(p)
                }) {
                    findings.add(
                        "supersede-cycle",
                        &path,
                        line,
                        format!("supersede cycle: {} → {}", chain.join(" → "), chain[0]),
                        Some(
                            "a record cannot be superseded by one it supersedes; remove one link"
                                .into(),
                        ),
                    );
                }
            }
        }
    }
}

/// A cycle through `start` in the supersedes graph, as the ids along it.
fn find_cycle(edges: &BTreeMap<(&str, Id), Vec<Id>>, kind: &str, start: Id) -> Option<Vec<Id>> {
    let mut stack = vec![(start, vec![start])];
    let mut seen = HashSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in edges.get(&(kind, node)).into_iter().flatten() {
            if *next == start {
                return Some(path);
            }
            if seen.insert(*next) && path.len() < 10_000 {
                let mut p = path.clone();
                p.push(*next);
                stack.push((*next, p));
            }
        }
    }
    None
}

/// The records that `records` link to, read from `source` (unreadable ones are skipped: the
/// rules then treat the other end as unknown).
pub(crate) fn linked_records(
    store: &Store,
    source: &Source<'_>,
    records: &[Record],
    names: &Names,
) -> Vec<Record> {
    let have: HashSet<&str> = records.iter().map(|r| r.path.as_str()).collect();
    let mut wanted: Vec<String> = Vec::new();
    for r in records {
        let Some(kind) = store.config.kinds.get(&r.kind) else {
            continue;
        };
        let f = &r.front;
        for id in f
            .supersedes
            .iter()
            .chain(&f.superseded_by)
            .chain(&f.amends)
            .chain(&f.amended_by)
            .chain(&f.relates)
        {
            for name in names.get(&r.kind).into_iter().flatten() {
                if crate::model::record::id_and_slug(name).0 == Some(*id) {
                    let p = format!("{}/{name}", kind.path());
                    if !have.contains(p.as_str()) && !wanted.contains(&p) {
                        wanted.push(p);
                    }
                }
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|p| {
            let kind = store.config.kind_of_path(&p)?;
            source
                .read(&p)
                .ok()
                .and_then(|b| store.parse(kind, &p, b).ok())
        })
        .collect()
}
