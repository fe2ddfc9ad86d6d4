//! The pages of the site as data, and the files they become.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{render, search, svg, Inputs, Options, Site};
use crate::error::Result;
use crate::features::graph::{self, Rel};
use crate::features::history::trails;
use crate::features::history::{Change, DateSource, Event};
use crate::model::record::outline::Outline;
use crate::model::record::status::Role;
use crate::model::record::Record;
use crate::text::html;

/// The stylesheet and script every page links to.
const CSS: &str = include_str!("../../../templates/site/site.css");
const JS: &str = include_str!("../../../templates/site/site.js");
const ICON: &str = include_str!("../../../templates/site/favicon.svg");

/// Largest image copied from the repository into the site.
const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
/// File name endings of the images copied (what `<img>` shows without running anything).
const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"];

/// One record as the index, the timeline and other pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// The status as written (free text in existing folders).
    pub status: String,
    /// Its normalised key, for the badge and the filter.
    pub key: String,
    /// `open`, `settled`, `closed` or `other`: the badge's colour.
    pub tone: &'static str,
    pub date: String,
    pub tags: Vec<String>,
    /// The page, from the site's root.
    pub url: String,
}

/// A link from one record's page to another's.
#[derive(Debug, Serialize)]
struct RelLink {
    label: &'static str,
    id: String,
    title: String,
    url: String,
}

/// One line of a record's trail.
#[derive(Debug, Serialize)]
struct TrailLine {
    date: String,
    what: String,
    commit: String,
    author: String,
    subject: String,
    /// Dated from the front matter: the creation is older than a shallow clone.
    from_front_matter: bool,
}

/// Builds every page of the site.
pub fn build(inputs: &Inputs<'_>, options: &Options) -> Result<Site> {
    let store = inputs.store;
    let records = inputs.records;
    let urls = page_urls(store, records);
    let trails = inputs.history.map(trails::by_path).unwrap_or_default();
    let rows: Vec<Row> = records
        .iter()
        .zip(&urls)
        .map(|(r, url)| row(inputs, r, url, trails.get(r.path.as_str())))
        .collect();
    let edges = graph::edges(store, records);
    let site_ctx = render::SiteContext {
        base_url: options
            .base_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_string()),
        rev: options.rev.clone(),
        shallow: inputs.history.is_some_and(|h| h.shallow),
        has_history: inputs.history.is_some(),
    };
    let env = render::Env::new(&site_ctx);
    let mut site = Site::default();
    let by_path: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_str(), i))
        .collect();
    // Each record's edges, found once: a scan of every edge per record is quadratic.
    let mut touching: Vec<Vec<(usize, usize, Rel)>> = vec![Vec::new(); records.len()];
    for &(a, b, rel) in &edges {
        touching[a].push((a, b, rel));
        if b != a {
            touching[b].push((a, b, rel));
        }
    }
    for (i, r) in records.iter().enumerate() {
        let relations = relations(i, &touching[i], &rows);
        let trail: Vec<TrailLine> = trails
            .get(r.path.as_str())
            .map(|t| t.iter().map(|e| trail_line(store, e)).collect())
            .unwrap_or_default();
        let body = body_html(inputs, r, &by_path, &urls, &mut site);
        let front = front_rows(r);
        let page = env.record_page(
            &rows[i],
            &front,
            &relations,
            &r.front.paths,
            &trail,
            &body,
            &r.path,
        )?;
        site.files.insert(urls[i].clone(), page.into_bytes());
    }
    let statuses = counts(rows.iter().map(|r| r.key.as_str()));
    let kinds = counts(rows.iter().map(|r| r.kind.as_str()));
    let tags = counts(rows.iter().flat_map(|r| r.tags.iter().map(String::as_str)));
    site.files.insert(
        "index.html".into(),
        env.index_page(&rows, &statuses, &kinds, &tags)?
            .into_bytes(),
    );
    site.files.insert(
        "timeline.html".into(),
        env.timeline_page(&timeline(&rows))?.into_bytes(),
    );
    let graph_svg = svg::draw(&rows, &edges);
    site.files.insert(
        "graph.html".into(),
        env.graph_page(&graph_svg)?.into_bytes(),
    );
    site.files.insert(
        "log.html".into(),
        env.log_page(&log_items(inputs, &rows))?.into_bytes(),
    );
    let checklists = checklist_views(inputs, &rows);
    site.files
        .insert("dod.html".into(), env.dod_page(&checklists)?.into_bytes());
    site.files
        .insert("assets/site.css".into(), CSS.as_bytes().to_vec());
    site.files
        .insert("assets/site.js".into(), JS.as_bytes().to_vec());
    site.files
        .insert("assets/favicon.svg".into(), ICON.as_bytes().to_vec());
    site.files.insert(
        "assets/search-index.js".into(),
        search::index(records, &rows).into_bytes(),
    );
    Ok(site)
}

/// The checklists as the definition-of-done page shows them, with the records naming each.
fn checklist_views(inputs: &Inputs<'_>, rows: &[Row]) -> Vec<render::ChecklistView> {
    inputs
        .checklists
        .iter()
        .map(|c| render::ChecklistView {
            name: c.name.clone(),
            title: c.title.clone(),
            path: c.path.clone(),
            applies_to: c.applies_to.clone(),
            why: c
                .why
                .as_deref()
                .map(|w| html::markdown(w, &|_, _| None))
                .unwrap_or_default(),
            items: c
                .items
                .iter()
                .filter(|i| !i.is_template())
                .map(|i| render::ItemView {
                    text: i.text.clone(),
                    owner: i.owner.clone().unwrap_or_default(),
                    required: i.required,
                    run: i.run.clone().unwrap_or_default(),
                })
                .collect(),
            named_by: rows
                .iter()
                .zip(inputs.records)
                .filter(|(_, r)| r.front.dod.iter().any(|d| d == &c.name))
                .map(|(row, _)| row.clone())
                .collect(),
        })
        .collect()
}

/// Each record's page, from the site's root: `records/adr-0002.html`, named by its display id
/// reduced to lowercase letters, digits and dashes, unique.
fn page_urls(store: &crate::store::Store, records: &[Record]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    records
        .iter()
        .map(|r| {
            let id = store.display_id(r).to_lowercase();
            let mut base: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            if r.id.is_none() {
                base = format!("{}-{base}", r.kind);
            }
            let base = base.trim_matches('-').to_string();
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            format!("records/{name}.html")
        })
        .collect()
}

fn row(inputs: &Inputs<'_>, r: &Record, url: &str, trail: Option<&Vec<&Event>>) -> Row {
    let key = r.front.status.clone().unwrap_or_default();
    let tone = match inputs.store.config.role(r).map(Role::tone) {
        Some(crate::text::term::Tone::Open) => "open",
        Some(crate::text::term::Tone::Settled) => "settled",
        Some(crate::text::term::Tone::Closed) => "closed",
        None => "other",
    };
    // The front matter's date, else the day history says the record was created.
    let date = r
        .front
        .date
        .clone()
        .or_else(|| {
            trail.and_then(|t| {
                t.iter()
                    .find(|e| matches!(e.change, Change::Created { .. }))
                    .and_then(|e| e.date.clone())
            })
        })
        .unwrap_or_default();
    Row {
        id: inputs.store.display_id(r),
        title: r.title.clone(),
        kind: r.kind.clone(),
        status: r.status_shown().unwrap_or_default(),
        key,
        tone,
        date,
        tags: r.front.tags.clone(),
        url: url.to_string(),
    }
}

/// The records related to record `i`, both ways: what it supersedes and what supersedes it,
/// what it amends and what amends it, what it relates to and links to.
fn relations(i: usize, edges: &[(usize, usize, Rel)], rows: &[Row]) -> Vec<RelLink> {
    let mut out = Vec::new();
    for &(a, b, rel) in edges {
        let (label, other) = match (rel, a == i, b == i) {
            (Rel::Supersedes, true, _) => ("supersedes", b),
            (Rel::Supersedes, _, true) => ("superseded by", a),
            (Rel::Amends, true, _) => ("amends", b),
            (Rel::Amends, _, true) => ("amended by", a),
            (Rel::Relates, true, _) => ("relates to", b),
            (Rel::Relates, _, true) => ("relates to", a),
            (Rel::Links, true, _) => ("links to", b),
            (Rel::Links, _, true) => ("linked from", a),
            _ => continue,
        };
        out.push(RelLink {
            label,
            id: rows[other].id.clone(),
            title: rows[other].title.clone(),
            url: rows[other].url.clone(),
        });
    }
    out.sort_by(|x, y| (x.label, &x.url).cmp(&(y.label, &y.url)));
    out
}

fn trail_line(store: &crate::store::Store, e: &Event) -> TrailLine {
    let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "no status".into());
    let what = match &e.change {
        Change::Created { status: Some(s) } => format!("created as {s}"),
        Change::Created { status: None } => "created".into(),
        Change::StatusChanged { from, to } => format!(
            "status {} → {}{}",
            show(from),
            show(to),
            e.successors_phrase(&store.config)
        ),
        Change::Modified => "changed".into(),
        Change::Renamed { from_path } => format!("renamed from {from_path}"),
        Change::Deleted { .. } => "deleted".into(),
    };
    let c = e.commit.as_deref();
    TrailLine {
        date: e.date.clone().unwrap_or_default(),
        what,
        commit: c.map(|c| c.short.clone()).unwrap_or_default(),
        author: c.map(|c| c.author.clone()).unwrap_or_default(),
        subject: c.map(|c| c.subject.clone()).unwrap_or_default(),
        from_front_matter: e.date_source == DateSource::FrontMatter,
    }
}

/// The front matter as (key, value) rows, the keys a reader looks for, in MADR's order.
fn front_rows(r: &Record) -> Vec<(&'static str, String)> {
    let f = &r.front;
    let list = |v: &Vec<String>| v.join(", ");
    let mut rows = vec![
        ("status", r.status_shown().unwrap_or_default()),
        ("date", f.date.clone().unwrap_or_default()),
        ("decision-makers", list(&f.decision_makers)),
        ("consulted", list(&f.consulted)),
        ("informed", list(&f.informed)),
        ("tags", list(&f.tags)),
        ("review-by", f.review_by.clone().unwrap_or_default()),
        ("dod", list(&f.dod)),
    ];
    rows.retain(|(_, v)| !v.is_empty());
    rows
}

/// The record's body as HTML, its title heading left out (the page shows it above). Links to
/// other records' files point at their pages; images inside the repository are copied into
/// the site under `files/`.
fn body_html(
    inputs: &Inputs<'_>,
    r: &Record,
    by_path: &HashMap<&str, usize>,
    urls: &[String],
    site: &mut Site,
) -> String {
    let body = r.body();
    let title = Outline::read(body).title().map(|h| h.range.clone());
    let body = match title {
        Some(range) => format!("{}{}", &body[..range.start], &body[range.end..]),
        None => body.to_string(),
    };
    let dir = r.path.rsplit_once('/').map_or("", |(d, _)| d);
    let copied: RefCell<Vec<(String, Option<Vec<u8>>)>> = RefCell::new(Vec::new());
    let rewrite = |url: &str, image: bool| -> Option<String> {
        if url.contains(':') || url.starts_with('#') || url.starts_with('/') {
            return None;
        }
        let (path_part, fragment) = url.split_once('#').map_or((url, ""), |(p, f)| (p, f));
        let target = resolve(dir, path_part)?;
        if image {
            let wanted = IMAGE_TYPES.iter().any(|t| {
                target
                    .rsplit_once('.')
                    .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case(t))
            });
            let bytes = wanted
                .then(|| inputs.source.read_limited(&target, MAX_IMAGE_BYTES).ok())
                .flatten();
            let found = bytes.is_some();
            copied.borrow_mut().push((target.clone(), bytes));
            return found.then(|| format!("../files/{target}"));
        }
        let &i = by_path.get(target.as_str())?;
        let page = urls[i].trim_start_matches("records/");
        Some(if fragment.is_empty() {
            page.to_string()
        } else {
            format!("{page}#{fragment}")
        })
    };
    let out = html::markdown(&body, &rewrite);
    for (target, bytes) in copied.into_inner() {
        match bytes {
            Some(b) => {
                site.files.insert(format!("files/{target}"), b);
            }
            None => site.missing_images.push((r.path.clone(), target)),
        }
    }
    out
}

/// `rel` (a relative link target) from the folder `dir`, as a path from the repository root;
/// `None` when it climbs out of the repository.
fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// (value, count) in value order.
fn counts<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut map: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values.filter(|v| !v.is_empty()) {
        *map.entry(v).or_default() += 1;
    }
    map.into_iter().map(|(k, n)| (k.to_string(), n)).collect()
}

/// Records by month of their date, newest month first; undated ones last.
fn timeline(rows: &[Row]) -> Vec<(String, Vec<Row>)> {
    let mut months: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for r in rows {
        let month = r.date.get(..7).unwrap_or("").to_string();
        months.entry(month).or_default().push(r.clone());
    }
    let undated = months.remove("");
    let mut out: Vec<(String, Vec<Row>)> = months
        .into_iter()
        .rev()
        .map(|(m, mut rs)| {
            rs.sort_by(|a, b| (&b.date, &a.url).cmp(&(&a.date, &b.url)));
            (m, rs)
        })
        .collect();
    if let Some(rs) = undated {
        out.push(("undated".into(), rs));
    }
    out
}

/// The decision log: the entries of the `log` kind and every creation and status change from
/// history, as one timeline, newest first.
fn log_items(inputs: &Inputs<'_>, rows: &[Row]) -> Vec<render::LogItem> {
    let by_path: HashMap<&str, &Row> = inputs
        .records
        .iter()
        .zip(rows)
        .map(|(r, row)| (r.path.as_str(), row))
        .collect();
    let mut items: Vec<render::LogItem> = inputs
        .records
        .iter()
        .zip(rows)
        .filter(|(r, _)| r.kind == "log")
        .map(|(_, row)| render::LogItem {
            date: row.date.clone(),
            what: "log entry".into(),
            row: row.clone(),
        })
        .collect();
    if let Some(history) = inputs.history {
        for e in &history.events {
            let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "no status".into());
            let what = match &e.change {
                Change::Created { status } => format!("created as {}", show(status)),
                Change::StatusChanged { from, to } => format!("{} → {}", show(from), show(to)),
                _ => continue,
            };
            // Events of records that exist now (a deleted record has no page to link to).
            let Some(row) = by_path.get(e.path.as_str()) else {
                continue;
            };
            items.push(render::LogItem {
                date: e.date.clone().unwrap_or_default(),
                what,
                row: (*row).clone(),
            });
        }
    }
    // Newest first; a stable order for one day.
    items.sort_by(|a, b| (&b.date, &a.row.url, &a.what).cmp(&(&a.date, &b.row.url, &b.what)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets_resolve_inside_the_repository_only() {
        assert_eq!(
            resolve("doc/adr", "0002-x.md").as_deref(),
            Some("doc/adr/0002-x.md")
        );
        assert_eq!(
            resolve("doc/adr", "../img/a.png").as_deref(),
            Some("doc/img/a.png")
        );
        assert_eq!(resolve("doc/adr", "../../../etc/passwd"), None);
        assert_eq!(resolve("", ".."), None);
    }
}
