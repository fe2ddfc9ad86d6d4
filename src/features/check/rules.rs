//! The rules: those that look at one record, and those that need the whole set (ids, links,
//! supersede chains).

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Findings, Names, Rule, Severity};
use crate::git::source::Source;
use crate::model::config::{Config, Kind};
use crate::model::record::slug::slugify;
use crate::model::record::status::{self, Role};
use crate::model::record::Relation;
use crate::model::record::{Fill, Heading, Id, Outline, Record};
use crate::store::Store;

/// What the rules share: the store, today, and facts computed at most once per run.
pub(crate) struct Context<'a> {
    store: &'a Store,
    today: chrono::NaiveDate,
    on_default_branch: bool,
    tracked: OnceCell<Vec<String>>,
}

/// A front-matter date (`YYYY-MM-DD`).
pub(super) fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The first line of an existing folder's record that is still its template's text: one of
/// adr-tools' sentences, or a MADR 2 `[…]` placeholder. 1-based file line and the text.
fn template_text(record: &Record) -> Option<(usize, String)> {
    let body = record.body();
    for (i, line) in Outline::read(body).prose_lines(body) {
        let t = line.trim();
        let item = t.trim_start_matches(['*', '-']).trim_start();
        let madr2 = record.format == crate::model::record::Format::Madr2
            && ((item.starts_with('[') && item.ends_with(']') && !item.contains("]("))
                || item.contains("\"[option 1]\""));
        if crate::model::record::sections::ADR_TOOLS_TEMPLATE.contains(&t) || madr2 {
            return Some((body_line(record) + i, t.to_string()));
        }
    }
    None
}

/// The 1-based file line of the body's first line.
fn body_line(record: &Record) -> usize {
    record.text[..record.body_start].matches('\n').count() + 1
}

/// `multiple-titles`: a second `# ` heading.
fn multiple_titles(record: &Record, heads: &[Heading], findings: &mut Findings) {
    let titles: Vec<_> = heads.iter().filter(|h| h.level == 1).collect();
    if titles.len() > 1 {
        findings.add(
            Rule::MultipleTitles,
            &record.path,
            Some(body_line(record) + titles[1].line - 1),
            format!(
                "a second `# ` heading (`{}`); a record has one title",
                titles[1].text
            ),
            Some("make it a `## ` section heading".into()),
        );
    }
}

/// A record of an existing folder: `unknown-status` (a warning) when the status is a
/// misspelt lifecycle word, `title-mismatch` when the title's number is not the file name's,
/// and `placeholder-text` (a warning) for template text left in place.
fn adopted_record(record: &Record, kind: &Kind, outline: &Outline, findings: &mut Findings) {
    let path = record.path.as_str();
    near_miss_status(record, kind, findings);
    template_sections(record, kind, outline, findings);
    if let (Some(n), Some(id)) = (record.title_number, record.id) {
        if n != id.0 {
            findings.add(
                Rule::TitleMismatch,
                path,
                Some(record.title_line),
                format!("the title says number {n} but the file name says {}; the file name is the record's number", id.0),
                Some("fix the number in the title (or renumber the file)".into()),
            );
        }
    }
    if let Some((line, text)) = template_text(record) {
        let found = findings.add(
            Rule::PlaceholderText,
            path,
            Some(line),
            format!("still holds the template's text: `{text}`"),
            Some("write the section in your own words".into()),
        );
        // Adopted folders hold old records nobody finished: worth a warning, not a
        // blocked commit.
        if let Some(d) = found {
            d.at_most(Severity::Warning);
        }
    }
}

/// `placeholder-text` (a warning) for each section of an existing folder's record that still
/// holds only the template's `{…}` placeholders, at its heading: git-adr's MADR template
/// leaves them wherever the record was written. Required sections are judged (once) by
/// [`required_sections`].
fn template_sections(record: &Record, kind: &Kind, outline: &Outline, findings: &mut Findings) {
    let required: Vec<usize> = kind
        .required_sections
        .iter()
        .filter_map(|r| outline.section(r).map(|s| s.heading.line))
        .collect();
    for name in crate::model::record::sections::EXPECTED {
        let Some(section) = outline.section(name) else {
            continue;
        };
        let h = section.heading;
        if section.fill != Fill::Placeholder || required.contains(&h.line) {
            continue;
        }
        let found = findings.add(
            Rule::PlaceholderText,
            &record.path,
            Some(body_line(record) + h.line - 1),
            format!(
                "section `{}` still holds the template's placeholder text",
                h.text
            ),
            Some("write the section, replacing the `{…}` placeholders".into()),
        );
        if let Some(d) = found {
            d.at_most(Severity::Warning);
        }
    }
}

/// `unknown-status` for an existing folder's status that misspells a lifecycle word
/// (`acepted`). Free text ("Approved by TSC 04/08/2020", "On hold") is a team's own word and
/// stays silent; only a near-miss is probably a mistake.
fn near_miss_status(record: &Record, kind: &Kind, findings: &mut Findings) {
    let Some(raw) = record.status_text.as_deref() else {
        return;
    };
    let words: Vec<&str> = kind.lifecycle.statuses.iter().map(String::as_str).collect();
    let Some(word) = status::near_miss(raw, &words) else {
        return;
    };
    let found = findings.at_key(
        Rule::UnknownStatus,
        record,
        "status",
        format!(
            "status `{}` is not one of the {} lifecycle's statuses: did you mean `{word}`?",
            status::plain_text(raw),
            kind.name
        ),
        format!("write the status as `{word}`"),
    );
    // The folder's statuses are free text: a probable typo is worth a warning, not a block.
    if let Some(d) = found {
        d.at_most(Severity::Warning);
    }
}

/// `placeholder-text` (a warning) for each definition-of-done item still holding the
/// template's text (`"{What must be true before merging}"`, `owner: "{who checks it}"`), at
/// its line: a checklist nobody filled in asks reviewers for nothing.
fn template_items(record: &Record, findings: &mut Findings) {
    // A malformed checklist is reported where checklists are read (`git adr dod`).
    let Ok(checklist) = crate::features::dod::parse(record) else {
        return;
    };
    for (i, item) in checklist.items.iter().enumerate() {
        if !item.is_template() {
            continue;
        }
        let found = findings.add(
            Rule::PlaceholderText,
            &record.path,
            item.line.or(Some(record.key_line("items"))),
            format!(
                "item {} is still the template's text: `{}`",
                i + 1,
                item.text
            ),
            Some("say what must be true before merging and who checks it".into()),
        );
        if let Some(d) = found {
            d.at_most(Severity::Warning);
        }
    }
}

/// `missing-section` and `placeholder-text`: each of the kind's required sections is there
/// and holds more than template placeholders.
fn required_sections(record: &Record, kind: &Kind, outline: &Outline, findings: &mut Findings) {
    let path = record.path.as_str();
    let body_line = body_line(record);
    for (i, required) in kind.required_sections.iter().enumerate() {
        let Some(section) = outline.section(required) else {
            let (line, place) = where_section_goes(record, kind, outline, i);
            findings.add(
                Rule::MissingSection,
                path,
                Some(line),
                format!("no `## {required}` section ({} records need one)", kind.name),
                Some(format!("add `## {required}`{place}, or change required-sections under [kinds.{}] in .adr/config.toml", kind.name)),
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
            let found = findings.add(
                Rule::PlaceholderText,
                path,
                Some(body_line + h.line - 1),
                format!("section `{}` {what}", h.text),
                Some("write the section, replacing the `{…}` placeholders".into()),
            );
            // A draft may be committed unfinished; accepting it needs the text.
            let draft = record.front.status.as_deref() == Some(kind.lifecycle.initial.as_str());
            if let Some(d) = found.filter(|_| draft) {
                d.at_most(Severity::Warning);
            }
        }
    }
}

/// Where the kind's `index`th required section, missing, would go, so the finding has a line:
/// before the next required section the record has, else after the previous one, else under
/// the title. The 1-based file line and the words that say so.
fn where_section_goes(
    record: &Record,
    kind: &Kind,
    outline: &Outline,
    index: usize,
) -> (usize, String) {
    let body_line = body_line(record);
    let sections = &kind.required_sections;
    if let Some(next) = sections[index + 1..]
        .iter()
        .find_map(|s| outline.section(s))
    {
        let h = next.heading;
        return (body_line + h.line - 1, format!(" before `{}`", h.text));
    }
    if let Some(prev) = sections[..index]
        .iter()
        .rev()
        .find_map(|s| outline.section(s))
    {
        let h = prev.heading;
        // `lines` is 0-based and ends after the section's last line.
        let last = h.lines.end.max(h.line);
        return (body_line + last - 1, format!(" after `{}`", h.text));
    }
    (record.title_line, " under the title".into())
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
        let outline = Outline::read(record.body());
        let heads = outline.headings();
        let kind = self.store.config.kinds.get(&record.kind);
        let in_place = kind.is_some_and(|k| k.in_place());
        multiple_titles(record, heads, findings);
        if let Some(kind) = kind.filter(|_| in_place) {
            adopted_record(record, kind, &outline, findings);
        } else {
            self.missing_fields(record, kind.is_some_and(|k| k.numbered), findings);
        }
        self.review_overdue(record, findings);
        if let Some(kind) = kind {
            required_sections(record, kind, &outline, findings);
            if !in_place {
                self.slug_matches_title(record, kind, findings);
            }
        }
        self.proposed_on_default_branch(record, findings);
        if record.kind == "dod" {
            template_items(record, findings);
        }
    }

    /// `missing-field`: a status always; a date when the kind is numbered. A decision has a
    /// date; a checklist (unnumbered: it is maintained, not decided) need not. Malformed dates
    /// are refused when the record is read (rule `invalid-date`).
    fn missing_fields(&self, record: &Record, numbered: bool, findings: &mut Findings) {
        let f = &record.front;
        if f.status.is_none() {
            findings.add(
                Rule::MissingField,
                &record.path,
                Some(1),
                "no `status` in the front matter".into(),
                Some("add a line such as `status: proposed`".into()),
            );
        }
        if f.date.is_none() && numbered {
            findings.add(
                Rule::MissingField,
                &record.path,
                Some(1),
                "no `date` in the front matter".into(),
                Some("add a line such as `date: 2026-11-25`".into()),
            );
        }
    }

    /// `review-overdue`: a `review-by` date in the past, on a record that is still open.
    fn review_overdue(&self, record: &Record, findings: &mut Findings) {
        let f = &record.front;
        let review = f
            .review_by
            .as_deref()
            .and_then(|r| parse_date(r).map(|d| (r, d)));
        if let Some((r, d)) = review {
            // A closed decision (rejected, deprecated, superseded) is not reviewed any more.
            let closed = self
                .store
                .config
                .role(record)
                .is_some_and(|r| r.is_closed());
            if d < self.today && !closed {
                findings.at_key(
                    Rule::ReviewOverdue,
                    record,
                    "review-by",
                    format!("was due for review on {r}"),
                    "review the decision, then set a new `review-by` date (or supersede or deprecate it)",
                );
            }
        }
    }

    /// `title-mismatch`: the file name's slug is not the title's.
    fn slug_matches_title(&self, record: &Record, kind: &Kind, findings: &mut Findings) {
        if !kind.numbered || record.id.is_none() || record.slug.is_empty() {
            return;
        }
        let expected = slugify(&record.title);
        if record.slug != expected {
            let path = &record.path;
            let dir = kind.path();
            let id = record.id.map_or(0, |i| i.0);
            findings.add(
                Rule::TitleMismatch,
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

    /// `proposed-on-default-branch`.
    fn proposed_on_default_branch(&self, record: &Record, findings: &mut Findings) {
        if self.on_default_branch && self.store.config.role(record) == Some(Role::Proposed) {
            findings.at_key(
                Rule::ProposedOnDefaultBranch,
                record,
                "status",
                format!(
                    "{} is still `{}` on the default branch",
                    self.shown(record),
                    record.front.status.as_deref().unwrap_or_default()
                ),
                format!("accept or reject it: git adr accept {}", self.shown(record)),
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
                    findings.at_key(
                        Rule::InvalidPathGlob,
                        r,
                        "paths",
                        format!("`{glob}` is not a valid glob: {why}"),
                        "globs look like `src/db/**`, `docs/` or `*.sql`",
                    );
                } else if !hit[i] {
                    findings.at_key(
                        Rule::UnmatchedPathGlob,
                        r,
                        "paths",
                        format!("`{glob}` matches no tracked file"),
                        "fix the glob, or remove it if the code moved away",
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
        let set = Set {
            config: &self.store.config,
            ids: ids_by_number(&self.store.config, names),
            by_id: records
                .iter()
                .filter_map(|r| r.id.map(|id| ((r.kind.as_str(), id), r)))
                .collect(),
            only,
        };
        set.duplicate_ids(findings);
        let dod_names: HashSet<String> = names
            .get("dod")
            .map(|v| {
                v.iter()
                    .map(|n| n.trim_end_matches(".md").to_string())
                    .collect()
            })
            .unwrap_or_default();
        for r in records {
            set.broken_links(r, &dod_names, findings);
            // Both ends of each relation, when the other end is loaded. Existing folders
            // often write a relation on one side only (MADR's "superseded by" status): that
            // is their format, not a mistake.
            let Some(my_id) = r.id else { continue };
            if set.config.kinds.get(&r.kind).is_some_and(|k| k.in_place()) {
                continue;
            }
            set.asymmetric_links(r, my_id, findings);
            set.superseded_status(r, my_id, findings);
        }
        set.supersede_cycles(records, findings);
    }
}

/// The numbered records' file names by (kind, number), from file names: a record that fails
/// to parse still holds its number. Names, not paths: paths are built only for the few numbers
/// two files share, not for each of 10,000 records.
type Ids<'n> = HashMap<(&'n str, Id), Holders<'n>>;

/// The files holding one number: the first, and any others (almost always none).
#[derive(Default)]
struct Holders<'n> {
    first: &'n str,
    more: Vec<&'n str>,
}

impl<'n> Holders<'n> {
    fn shared(&self) -> bool {
        !self.more.is_empty()
    }

    fn names(&self) -> impl Iterator<Item = &'n str> + '_ {
        std::iter::once(self.first).chain(self.more.iter().copied())
    }
}

fn ids_by_number<'n>(config: &Config, names: &'n Names) -> Ids<'n> {
    let mut ids = Ids::with_capacity(names.values().map(Vec::len).sum());
    for (kind, files) in names {
        if !config.kinds.get(kind).is_some_and(|k| k.numbered) {
            continue;
        }
        for name in files {
            let Some(id) = crate::model::record::id_of(name) else {
                continue;
            };
            match ids.entry((kind.as_str(), id)) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(Holders {
                        first: name,
                        more: Vec::new(),
                    });
                }
                std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().more.push(name),
            }
        }
    }
    ids
}

/// What the whole-set rules share: every number in use, the loaded records by number, and
/// which paths the run reports on.
struct Set<'a> {
    config: &'a Config,
    ids: Ids<'a>,
    by_id: HashMap<(&'a str, Id), &'a Record>,
    /// Report only findings that involve one of these paths (all when `None`).
    only: Option<&'a HashSet<String>>,
}

impl Set<'_> {
    fn wanted(&self, path: &str) -> bool {
        self.only.is_none_or(|o| o.contains(path))
    }

    fn show(&self, kind: &str, id: Id) -> String {
        self.config.id_text(kind, id)
    }

    /// `duplicate-id`: two files of a kind with one number.
    fn duplicate_ids(&self, findings: &mut Findings) {
        for ((kind, id), holders) in &self.ids {
            if !holders.shared() {
                continue;
            }
            let Some(k) = self.config.kinds.get(*kind) else {
                continue;
            };
            let dir = k.path();
            let paths: Vec<String> = holders.names().map(|n| format!("{dir}/{n}")).collect();
            let shown = self.show(kind, *id);
            for p in paths.iter().filter(|p| self.wanted(p)) {
                let others: Vec<&str> = paths
                    .iter()
                    .filter(|o| *o != p)
                    .map(String::as_str)
                    .collect();
                findings.add(
                    Rule::DuplicateId,
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
    }

    /// `broken-link`: a relation, a `links` id or a `dod` checklist that names nothing.
    fn broken_links(&self, r: &Record, dod_names: &HashSet<String>, findings: &mut Findings) {
        if !self.wanted(&r.path) {
            return;
        }
        let f = &r.front;
        for (relation, list) in r.front.relations() {
            let key = relation.key();
            for id in list {
                if !self.ids.contains_key(&(r.kind.as_str(), *id)) {
                    findings.at_key(
                        Rule::BrokenLink,
                        r,
                        key,
                        format!(
                            "`{key}` names {} but there is no such record",
                            self.show(&r.kind, *id)
                        ),
                        "fix the number, or remove it from the list",
                    );
                }
            }
        }
        for link in &f.links {
            let target = crate::features::citations::parse_citation(link, self.config);
            let exists =
                target.is_some_and(|(k, id)| self.ids.contains_key(&(k.name.as_str(), id)));
            if !exists {
                findings.at_key(
                    Rule::BrokenLink,
                    r,
                    "links",
                    format!("`links` names {link} but there is no such record"),
                    "fix the id (e.g. ADR-0002), or remove it from the list",
                );
            }
        }
        if self.config.kinds.contains_key("dod") {
            for name in f.dod.iter().filter(|n| !dod_names.contains(*n)) {
                findings.at_key(
                    Rule::BrokenLink,
                    r,
                    "dod",
                    format!("`dod` names checklist `{name}` but there is no .adr/dod/{name}.md"),
                    "create it with `git adr new --kind dod`, or fix the name",
                );
            }
        }
    }

    /// `supersede-asymmetric` and `link-asymmetric`: the other end of a relation (when it is
    /// loaded) does not name this record back.
    fn asymmetric_links(&self, r: &Record, my_id: Id, findings: &mut Findings) {
        let kind = r.kind.as_str();
        // While a number belongs to two files, which one a link means is unknown:
        // `duplicate-id` is the finding, and `renumber` sorts the links out.
        let shared = |n: Id| self.ids.get(&(kind, n)).is_some_and(Holders::shared);
        if shared(my_id) {
            return;
        }
        for (relation, list) in r.front.relations() {
            let (key, other_key) = (relation.key(), relation.inverse().key());
            let rule = match relation {
                Relation::Supersedes | Relation::SupersededBy => Rule::SupersedeAsymmetric,
                _ => Rule::LinkAsymmetric,
            };
            for id in list.iter().filter(|id| !shared(**id)) {
                let Some(other) = self.by_id.get(&(kind, *id)) else {
                    continue;
                };
                let back = other
                    .front
                    .relations()
                    .into_iter()
                    .any(|(r, l)| r == relation.inverse() && l.contains(&my_id));
                if back || !(self.wanted(&r.path) || self.wanted(&other.path)) {
                    continue;
                }
                let (mine, theirs) = (self.show(kind, my_id), self.show(kind, *id));
                findings.at_key(
                    rule,
                    other,
                    other_key,
                    format!(
                        "{mine} says `{key}: {theirs}` but {theirs} has no `{other_key}: {mine}`"
                    ),
                    format!(
                        "add {} to `{other_key}` in {}, or remove the link from {}",
                        my_id.0, other.path, r.path
                    ),
                );
            }
        }
    }

    /// `supersede-asymmetric` within one record: a `superseded` status needs a successor, and
    /// a successor needs the status.
    fn superseded_status(&self, r: &Record, my_id: Id, findings: &mut Findings) {
        if !self.wanted(&r.path) {
            return;
        }
        let f = &r.front;
        let show = |id: Id| self.show(&r.kind, id);
        let lifecycle = self.config.lifecycle_of(&r.kind);
        let superseded = lifecycle.status_of(Role::Superseded);
        let is_superseded = lifecycle.is(f.status.as_deref(), Role::Superseded);
        if f.superseded_by.is_empty() && is_superseded {
            findings.at_key(
                Rule::SupersedeAsymmetric,
                r,
                "status",
                format!(
                    "{} is `{}` but no `superseded-by` names its successor",
                    show(my_id),
                    f.status.as_deref().unwrap_or_default()
                ),
                format!(
                    "run `git adr supersede {} NEW`, which sets both records",
                    show(my_id)
                ),
            );
        }
        if !f.superseded_by.is_empty() && !is_superseded {
            let status = f.status.as_deref().unwrap_or("(none)");
            findings.add(
                Rule::SupersedeAsymmetric,
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
                superseded.map(|s| format!("set `status: {s}`")),
            );
        }
    }

    /// `supersede-cycle`: cycles in "supersedes", per kind, over the loaded records.
    fn supersede_cycles(&self, records: &[Record], findings: &mut Findings) {
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
        let cyclic = on_cycles(&edges);
        if cyclic.is_empty() {
            return;
        }
        let mut reported: HashSet<(&str, Id)> = HashSet::new();
        for &(kind, start) in edges.keys() {
            if reported.contains(&(kind, start)) || !cyclic.contains(&(kind, start)) {
                continue;
            }
            let Some(cycle) = find_cycle(&edges, &cyclic, kind, start) else {
                continue;
            };
            reported.extend(cycle.iter().map(|i| (kind, *i)));
            let Some(at) = self.by_id.get(&(kind, start)) else {
                continue;
            };
            let involved = cycle.iter().any(|i| {
                self.by_id
                    .get(&(kind, *i))
                    .is_some_and(|r| self.wanted(&r.path))
            });
            if !involved && !self.wanted(&at.path) {
                continue;
            }
            let chain: Vec<String> = cycle.iter().map(|i| self.show(kind, *i)).collect();
            findings.at_key(
                Rule::SupersedeCycle,
                at,
                "supersedes",
                format!("supersede cycle: {} → {}", chain.join(" → "), chain[0]),
                "a record cannot be superseded by one it supersedes; remove one link",
            );
        }
    }
}

/// Every id a record's relations name.
pub(super) fn related_ids(r: &Record) -> impl Iterator<Item = &Id> {
    r.front.relations().into_iter().flat_map(|(_, ids)| ids)
}

/// The nodes of `edges` that lie on a cycle: those of a strongly connected component of more
/// than one node, or with an edge to themselves (Tarjan's algorithm, without recursion, so a
/// chain of 10,000 records does not exhaust the stack). One pass over the graph.
fn on_cycles<'k>(edges: &BTreeMap<(&'k str, Id), Vec<Id>>) -> HashSet<(&'k str, Id)> {
    #[derive(Clone, Copy)]
    struct Mark {
        index: usize,
        low: usize,
        on_stack: bool,
    }
    let mut marks: HashMap<(&str, Id), Mark> = HashMap::with_capacity(edges.len());
    let mut stack: Vec<(&str, Id)> = Vec::new();
    let mut cyclic = HashSet::new();
    let next_of = |node: (&'k str, Id), i: usize| {
        edges
            .get(&node)
            .and_then(|list| list.get(i))
            .map(|n| (node.0, *n))
    };
    for &root in edges.keys() {
        if marks.contains_key(&root) {
            continue;
        }
        // (node, index of its next edge to follow)
        let mut work: Vec<((&str, Id), usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut i)) = work.last_mut() {
            if *i == 0 && !marks.contains_key(&node) {
                let index = marks.len();
                marks.insert(
                    node,
                    Mark {
                        index,
                        low: index,
                        on_stack: true,
                    },
                );
                stack.push(node);
            }
            if let Some(next) = next_of(node, *i) {
                *i += 1;
                if next == node {
                    cyclic.insert(node);
                }
                match marks.get(&next).copied() {
                    None => work.push((next, 0)),
                    Some(m) if m.on_stack => {
                        let mine = marks.get_mut(&node).expect("marked above");
                        mine.low = mine.low.min(m.index);
                    }
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            let mine = marks[&node];
            if let Some(&(parent, _)) = work.last() {
                let p = marks.get_mut(&parent).expect("marked before its children");
                p.low = p.low.min(mine.low);
            }
            if mine.low == mine.index {
                let mut component = Vec::new();
                while let Some(n) = stack.pop() {
                    marks.get_mut(&n).expect("on the stack").on_stack = false;
                    component.push(n);
                    if n == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    cyclic.extend(component);
                }
            }
        }
    }
    cyclic
}

/// A cycle through `start` in the supersedes graph, as the ids along it. Only nodes of
/// `cyclic` are followed: any other cannot lead back to `start`, so leaving them out finds
/// the same cycle. Each node is reached once, so its path is kept as a link to the node it
/// was reached from, not copied.
fn find_cycle(
    edges: &BTreeMap<(&str, Id), Vec<Id>>,
    cyclic: &HashSet<(&str, Id)>,
    kind: &str,
    start: Id,
) -> Option<Vec<Id>> {
    // node → (the node it was reached from, its depth)
    let mut from: HashMap<Id, (Id, usize)> = HashMap::new();
    let path_to = |node: Id, from: &HashMap<Id, (Id, usize)>| {
        let mut path = vec![node];
        let mut at = node;
        while at != start {
            at = from[&at].0;
            path.push(at);
        }
        path.reverse();
        path
    };
    let mut stack = vec![(start, 1)];
    while let Some((node, depth)) = stack.pop() {
        for next in edges.get(&(kind, node)).into_iter().flatten() {
            if *next == start {
                return Some(path_to(node, &from));
            }
            if !cyclic.contains(&(kind, *next)) {
                continue;
            }
            // As deep as 10,000 a node is marked reached but not followed further.
            if let std::collections::hash_map::Entry::Vacant(v) = from.entry(*next) {
                v.insert((node, depth + 1));
                if depth < 10_000 {
                    stack.push((*next, depth + 1));
                }
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
    // Each name's number is read once, and only for kinds something links within.
    let mut by_number: HashMap<&str, HashMap<Id, Vec<&str>>> = HashMap::new();
    let mut wanted: Vec<String> = Vec::new();
    for r in records {
        let Some(kind) = store.config.kinds.get(&r.kind) else {
            continue;
        };
        if related_ids(r).next().is_none() {
            continue;
        }
        let numbers = by_number.entry(r.kind.as_str()).or_insert_with(|| {
            let mut map: HashMap<Id, Vec<&str>> = HashMap::new();
            for name in names.get(&r.kind).into_iter().flatten() {
                if let Some(id) = crate::model::record::id_of(name) {
                    map.entry(id).or_default().push(name);
                }
            }
            map
        });
        for id in related_ids(r) {
            for name in numbers.get(id).into_iter().flatten() {
                let p = format!("{}/{name}", kind.path());
                if !have.contains(p.as_str()) && !wanted.contains(&p) {
                    wanted.push(p);
                }
            }
        }
    }
    wanted
        .into_iter()
        .filter_map(|p| {
            let kind = store.config.kind_of_path(&p)?;
            store.read_one(source, kind, &p).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether `start` lies on a cycle, by plain search: the definition `on_cycles` must meet.
    fn reaches_itself(edges: &BTreeMap<(&str, Id), Vec<Id>>, start: Id) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for next in edges.get(&("adr", node)).into_iter().flatten() {
                if *next == start {
                    return true;
                }
                if seen.insert(*next) {
                    stack.push(*next);
                }
            }
        }
        false
    }

    fn graph(pairs: &[(u32, u32)]) -> BTreeMap<(&'static str, Id), Vec<Id>> {
        let mut edges: BTreeMap<(&str, Id), Vec<Id>> = BTreeMap::new();
        for &(a, b) in pairs {
            edges.entry(("adr", Id(a))).or_default().push(Id(b));
        }
        edges
    }

    proptest! {
        /// On random supersedes graphs: a node is reported cyclic exactly when it reaches
        /// itself, and the cycle found through it is a real one (each step an edge, the last
        /// leading back to the start, no node twice).
        #[test]
        fn cycles_are_found_exactly(pairs in proptest::collection::vec((0u32..12, 0u32..12), 0..30)) {
            let edges = graph(&pairs);
            let cyclic = on_cycles(&edges);
            for &(kind, node) in edges.keys() {
                let expected = reaches_itself(&edges, node);
                prop_assert_eq!(cyclic.contains(&(kind, node)), expected, "node {}", node.0);
                let found = find_cycle(&edges, &cyclic, kind, node);
                prop_assert_eq!(found.is_some(), expected);
                if let Some(cycle) = found {
                    prop_assert_eq!(cycle[0], node);
                    let distinct: HashSet<_> = cycle.iter().collect();
                    prop_assert_eq!(distinct.len(), cycle.len());
                    let mut steps: Vec<_> = cycle.windows(2).map(|w| (w[0], w[1])).collect();
                    steps.push((*cycle.last().unwrap(), node));
                    for (a, b) in steps {
                        prop_assert!(edges[&(kind, a)].contains(&b), "{} -> {}", a.0, b.0);
                    }
                }
            }
        }
    }

    /// A supersedes chain of 20,000 records has no cycle and does not exhaust the stack.
    #[test]
    fn a_long_chain_is_not_a_cycle() {
        let pairs: Vec<_> = (1..20_000).map(|i| (i, i - 1)).collect();
        assert!(on_cycles(&graph(&pairs)).is_empty());
        let mut ring = pairs;
        ring.push((0, 19_999));
        assert_eq!(on_cycles(&graph(&ring)).len(), 20_000);
    }
}
