//! Settled tradeoffs: every option the repository's decisions weighed, with its fate (chosen,
//! rejected, or chosen and later superseded), and matching of an option, however reworded,
//! against them. `git adr settled`, `pr`'s "Settled before", the `settled-tradeoff` check rule
//! and `new` all ask this one index.
//!
//! **Options** come from the options reader ([`sections::parse`]): a record's considered
//! options and the chosen one; a record without options (Nygard, adr-tools) offers its title as
//! its chosen option; a decision-log entry its "Choice". **Fates** follow the record's status
//! role: accepted (or no status, as most MADR folders write): the chosen option is chosen, the
//! others rejected; rejected: every option rejected; superseded or deprecated: the chosen one
//! superseded, the others rejected; proposed: nothing is settled yet.
//!
//! **Matching** (see [`words`]): the score of two options is the weight of the stems they
//! share over the geometric mean of their weights (a cosine of rarity-weighted word sets), plus
//! `boost` when the records share a tag or a governed path, minus it when both govern paths
//! and share none; a match scores at least `threshold`. Every match carries its score and the
//! words that matched.

pub mod words;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::config::{Config, SettledConfig};
use crate::model::record::sections;
use crate::model::record::status::Role;
use crate::model::record::{section_text, Id, Record};
use words::{Weights, Word};

/// What became of an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fate {
    /// Chosen in a decision in force.
    Chosen,
    /// Not chosen, or the whole decision rejected.
    Rejected,
    /// Chosen in a decision later superseded or deprecated.
    Superseded,
}

impl Fate {
    /// The fate as a sentence says it ("was rejected in ADR-0003").
    pub fn verb(self) -> &'static str {
        match self {
            Fate::Chosen => "chosen",
            Fate::Rejected => "rejected",
            Fate::Superseded => "chosen, then superseded,",
        }
    }
}

/// One option as a record weighs it, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub title: String,
    pub chosen: bool,
    /// The reason given: the "because …" of the decision for the chosen option (else its first
    /// pro), the first con of another.
    pub because: Option<String>,
}

/// The options a record weighs. A log entry's choice, and the title of a record that lists no
/// options, count as chosen options.
pub fn choices(record: &Record) -> Vec<Choice> {
    if record.kind == "log" {
        let title = section_text(record.body(), "Choice").unwrap_or_else(|| record.title.clone());
        let because = section_text(record.body(), "Why");
        return vec![Choice {
            title,
            chosen: true,
            because,
        }];
    }
    let s = sections::parse_content(record.body());
    let reason = s.decision.as_deref().and_then(sections::because);
    if !s.options.iter().any(|o| o.chosen) {
        // Nothing chosen among listed options: the record's title states its decision only
        // when it lists none (Nygard); a MADR record without a chosen option settles nothing.
        return match s.options.is_empty() {
            true => vec![Choice {
                title: record.title.clone(),
                chosen: true,
                because: reason,
            }],
            false => Vec::new(),
        };
    }
    s.options
        .into_iter()
        .map(|o| {
            let because = match o.chosen {
                true => reason.clone().or_else(|| o.good.first().cloned()),
                false => o.bad.first().cloned(),
            };
            Choice {
                title: o.title,
                chosen: o.chosen,
                because,
            }
        })
        .collect()
}

/// A settled option: the option, its fate, and the decision that settled it.
#[derive(Debug, Clone, Serialize)]
pub struct Settled {
    /// The record as shown (`ADR-0003`).
    pub id: String,
    pub kind: String,
    pub number: Option<u32>,
    pub path: String,
    pub title: String,
    pub option: String,
    pub fate: Fate,
    /// The record is in force (accepted, or no status): its fates hold today.
    pub active: bool,
    pub status: Option<String>,
    pub date: Option<String>,
    pub decision_makers: Vec<String>,
    pub because: Option<String>,
    pub superseded_by: Vec<String>,
    pub tags: Vec<String>,
    pub paths: Vec<String>,
    #[serde(skip)]
    record_id: Option<Id>,
    #[serde(skip)]
    words: Vec<Word>,
    #[serde(skip)]
    title_words: Vec<Word>,
}

/// An option to look up, and what its record says about where it applies.
#[derive(Debug, Default, Clone, Copy)]
pub struct Query<'a> {
    pub text: &'a str,
    pub tags: &'a [String],
    pub paths: &'a [String],
    /// Also match the settled records' titles (for a new record's title).
    pub titles: bool,
    /// The asking record's path: its own options are not "settled before".
    pub exclude_path: Option<&'a str>,
}

/// A settled option that matches a query.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    #[serde(flatten)]
    pub settled: Settled,
    /// 0 to 1, rounded to two places.
    pub score: f64,
    /// The words of the settled option (or title) that the query shares, as written there.
    pub matched: Vec<String>,
    /// The match is by the record's title rather than by the option.
    pub by_title: bool,
}

/// Every settled option of a set of records, ready to match.
#[derive(Debug, Default)]
pub struct Index {
    pub entries: Vec<Settled>,
    weights: Weights,
    /// Each entry's option weight and title weight, computed once.
    totals: Vec<(f64, f64)>,
    /// Stem → the entries whose option has it, and those whose record's title has it.
    options_with: HashMap<String, Vec<usize>>,
    titles_with: HashMap<String, Vec<usize>>,
    config: SettledConfig,
}

/// A scored entry, before it is worth copying into a [`Match`].
#[derive(Debug, Clone, Copy)]
struct Scored {
    entry: usize,
    score: f64,
    by_option: f64,
    by_title: bool,
}

impl Index {
    /// The settled options of `records` (checklists aside), read in parallel when there are
    /// many: reading options parses each body, so records that settle nothing (proposed, or
    /// of a status the lifecycle does not know) are not read, and are not counted in the
    /// weights either. Words are normalised once per record here.
    pub fn build(config: &Config, records: &[&Record]) -> Index {
        let wanted: Vec<&Record> = records
            .iter()
            .copied()
            .filter(|r| r.kind != "dod" && settles(config, r))
            .collect();
        let parallel = wanted.len() >= 64;
        let per_record: Vec<(Vec<Word>, Vec<Settled>)> =
            crate::store::par_map(wanted, parallel, |r| settled_of(config, r));
        let mut index = Index {
            config: config.settled.clone(),
            ..Index::default()
        };
        for (document, entries) in per_record {
            index
                .weights
                .add_document(document.iter().map(|w| w.stem.as_str()));
            for e in entries {
                let at = index.entries.len();
                for w in &e.words {
                    index
                        .options_with
                        .entry(w.stem.clone())
                        .or_default()
                        .push(at);
                }
                for w in &e.title_words {
                    index
                        .titles_with
                        .entry(w.stem.clone())
                        .or_default()
                        .push(at);
                }
                index.entries.push(e);
            }
        }
        index.totals = index
            .entries
            .iter()
            .map(|e| {
                let w = &index.weights;
                (w.total(&e.words), w.total(&e.title_words))
            })
            .collect();
        index
    }

    /// [`Index::build`] of `records` but those at `left_out` paths: what a branch's decisions
    /// are compared with is every record the branch does not change.
    pub fn build_without(config: &Config, records: &[Record], left_out: &HashSet<&str>) -> Index {
        let earlier: Vec<&Record> = records
            .iter()
            .filter(|r| !left_out.contains(r.path.as_str()))
            .collect();
        Index::build(config, &earlier)
    }

    /// The settled options that match `query`, best first (then by record), at most `limit`.
    pub fn find(&self, query: &Query<'_>, limit: usize) -> Vec<Match> {
        let mine = words::words(query.text);
        let mut scored = self.scored(query, &mine, Some(limit));
        scored.truncate(limit);
        scored.iter().map(|s| self.to_match(&mine, s)).collect()
    }

    /// The decisions that already weighed what a new record's title names: per record, its
    /// best match by option or by title, best first, at most `limit`. A record matched by its
    /// title shows the option that shares most words with the title (else its chosen one),
    /// not merely its first.
    pub fn weighed(&self, query: &Query<'_>, limit: usize) -> Vec<Match> {
        let query = Query {
            titles: true,
            ..*query
        };
        let mine = words::words(query.text);
        let rank = |s: &Scored| {
            let chosen = self.entries[s.entry].fate != Fate::Rejected;
            (s.score, s.by_option, chosen)
        };
        let mut best: Vec<Scored> = Vec::new();
        // All in order: the best of each record is kept, in the order they come.
        for s in self.scored(&query, &mine, None) {
            let path = &self.entries[s.entry].path;
            match best
                .iter_mut()
                .find(|b| &self.entries[b.entry].path == path)
            {
                Some(b) if rank(&s) > rank(b) => *b = s,
                Some(_) => {}
                None => best.push(s),
            }
        }
        best.truncate(limit);
        best.iter().map(|s| self.to_match(&mine, s)).collect()
    }

    /// Every entry that scores at least the threshold (the best `limit` of them when given),
    /// best first: the weights of the stems each shares with `mine`, summed along the stems'
    /// entry lists (an entry sharing no stem costs nothing).
    fn scored(&self, query: &Query<'_>, mine: &[Word], limit: Option<usize>) -> Vec<Scored> {
        let total = self.weights.total(mine);
        if !self.config.enabled || total <= 0.0 {
            return Vec::new();
        }
        // Summed in a dense table with the entries touched listed: a stem shared by every
        // record (a corpus whose options all say "B") makes one addition per entry, where a
        // hash map made a hashed insert per entry per query.
        let mut shared: Vec<(f64, f64)> = vec![(0.0, 0.0); self.entries.len()];
        let mut touched: Vec<usize> = Vec::new();
        let mut add = |e: usize, by_option: f64, by_title: f64| {
            let sums = &mut shared[e];
            if *sums == (0.0, 0.0) {
                touched.push(e);
            }
            sums.0 += by_option;
            sums.1 += by_title;
        };
        for w in mine {
            // At least 1 (see `Weights::of`), so a touched entry's sums are never both zero.
            let weight = self.weights.of(&w.stem);
            for &e in self.options_with.get(&w.stem).into_iter().flatten() {
                add(e, weight, 0.0);
            }
            if query.titles {
                for &e in self.titles_with.get(&w.stem).into_iter().flatten() {
                    add(e, 0.0, weight);
                }
            }
        }
        let cosine = |common: f64, theirs: f64| match theirs > 0.0 {
            true => common / (total * theirs).sqrt(),
            false => 0.0,
        };
        let mut found: Vec<Scored> = touched
            .into_iter()
            .map(|e| (e, shared[e]))
            .filter(|(e, _)| query.exclude_path != Some(self.entries[*e].path.as_str()))
            .filter_map(|(e, (by_option, by_title))| {
                let (option_total, title_total) = self.totals[e];
                let by_option = cosine(by_option, option_total);
                let by_title = cosine(by_title, title_total);
                let raw = by_option.max(by_title);
                // Far below the threshold, where the records apply cannot lift it.
                if raw + self.config.boost < self.config.threshold - 0.005 {
                    return None;
                }
                let score = raw + self.config.boost * place(query, &self.entries[e]);
                let score = (score.clamp(0.0, 1.0) * 100.0).round() / 100.0;
                (score >= self.config.threshold).then_some(Scored {
                    entry: e,
                    score,
                    by_option,
                    by_title: by_title > by_option,
                })
            })
            .collect();
        // Only the best `limit` are put in order: on a corpus where one option is in every
        // record, each query scores thousands of entries and sorting them all dominated `pr`.
        let order = |a: &Scored, b: &Scored| {
            let (x, y) = (&self.entries[a.entry], &self.entries[b.entry]);
            b.score
                .total_cmp(&a.score)
                .then_with(|| (&x.kind, x.number, &x.path).cmp(&(&y.kind, y.number, &y.path)))
                .then(a.entry.cmp(&b.entry))
        };
        if let Some(limit) = limit.filter(|&l| l > 0 && found.len() > l) {
            found.select_nth_unstable_by(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_by(order);
        found
    }

    /// A scored entry as a match: the settled option, and the words it shares with `mine` as
    /// it writes them.
    fn to_match(&self, mine: &[Word], s: &Scored) -> Match {
        let e = &self.entries[s.entry];
        let theirs = if s.by_title { &e.title_words } else { &e.words };
        Match {
            settled: e.clone(),
            score: s.score,
            matched: theirs
                .iter()
                .filter(|t| mine.iter().any(|m| m.stem == t.stem))
                .map(|t| t.shown.clone())
                .collect(),
            by_title: s.by_title,
        }
    }
}

/// +1 when the records share a tag or a governed path, -1 when both govern paths and share
/// none, else 0.
fn place(query: &Query<'_>, e: &Settled) -> f64 {
    let shared_tag = query
        .tags
        .iter()
        .any(|t| e.tags.iter().any(|u| u.eq_ignore_ascii_case(t)));
    let (mine, theirs) = (prefixes(query.paths), prefixes(&e.paths));
    let shared_path = mine
        .iter()
        .any(|a| theirs.iter().any(|b| a.starts_with(b) || b.starts_with(a)));
    if shared_tag || shared_path {
        1.0
    } else if !mine.is_empty() && !theirs.is_empty() {
        -1.0
    } else {
        0.0
    }
}

/// The literal folder part of each `paths` glob (`src/cli/**` → `src/cli/`); a glob that
/// starts with a wildcard says nothing about where it applies and is left out.
fn prefixes(globs: &[String]) -> Vec<&str> {
    globs
        .iter()
        .map(|g| {
            let end = g.find(['*', '?', '[', '{']).unwrap_or(g.len());
            g[..end].trim_start_matches("./")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Does the record's status settle its options (any role but proposed, or no status)?
fn settles(config: &Config, r: &Record) -> bool {
    match config.role(r) {
        Some(role) => role != Role::Proposed,
        None => r.front.status.is_none(),
    }
}

/// A record's words (title and every option: one document for the weights) and its settled
/// options.
fn settled_of(config: &Config, r: &Record) -> (Vec<Word>, Vec<Settled>) {
    let choices = choices(r);
    let title_words = words::words(&r.title);
    let mut document = title_words.clone();
    let mut entries = Vec::new();
    let role = config.role(r);
    for c in choices {
        let w = words::words(&c.title);
        document.extend(w.iter().cloned());
        let fate = match (role, r.front.status.is_none(), c.chosen) {
            (Some(Role::Accepted), _, true) | (None, true, true) => Fate::Chosen,
            (Some(Role::Superseded | Role::Deprecated), _, true) => Fate::Superseded,
            (Some(Role::Accepted | Role::Rejected | Role::Superseded | Role::Deprecated), _, _)
            | (None, true, false) => Fate::Rejected,
            // Proposed, or a status the lifecycle does not know: nothing is settled.
            _ => continue,
        };
        entries.push(Settled {
            id: config.display_id(r),
            kind: r.kind.clone(),
            number: r.id.map(|i| i.0),
            path: r.path.clone(),
            title: r.title.clone(),
            option: c.title,
            fate,
            active: matches!(role, Some(Role::Accepted)) || r.front.status.is_none(),
            status: r.status_shown(),
            date: r.front.date.clone(),
            decision_makers: r.front.decision_makers.clone(),
            because: c.because,
            superseded_by: config.ids_text(&r.kind, &r.front.superseded_by),
            tags: r.front.tags.clone(),
            paths: r.front.paths.clone(),
            record_id: r.id,
            words: w,
            title_words: title_words.clone(),
        });
    }
    (document, entries)
}

/// An option of a record that an earlier decision settled.
#[derive(Debug, Clone, Serialize)]
pub struct Before {
    /// The option as this record words it.
    pub option: String,
    /// This record chooses it.
    pub chosen_here: bool,
    /// The record reverses an earlier fate: it chooses what a decision in force rejected, or
    /// rejects what one chose.
    pub reverses: bool,
    /// The record names the earlier decision in `supersedes`, `amends` or `relates`.
    pub linked: bool,
    pub earlier: Match,
}

/// Matches per option shown under a decision.
const PER_OPTION: usize = 3;

/// Each of `record`'s options that the index settled before, with the earlier fate.
pub fn settled_before(index: &Index, record: &Record) -> Vec<Before> {
    let mut out = Vec::new();
    for c in choices(record) {
        let query = Query {
            text: &c.title,
            tags: &record.front.tags,
            paths: &record.front.paths,
            titles: false,
            exclude_path: Some(&record.path),
        };
        for m in index.find(&query, PER_OPTION) {
            let s = &m.settled;
            let reverses = s.active
                && match c.chosen {
                    true => s.fate == Fate::Rejected,
                    false => s.fate == Fate::Chosen,
                };
            let linked = s.kind == record.kind
                && s.record_id.is_some_and(|id| {
                    let f = &record.front;
                    f.supersedes.contains(&id) || f.amends.contains(&id) || f.relates.contains(&id)
                });
            out.push(Before {
                option: c.title.clone(),
                chosen_here: c.chosen,
                reverses,
                linked,
                earlier: m,
            });
        }
    }
    out
}

/// The one line a person reads for an earlier fate: "was rejected in ADR-0003 (accepted
/// 2024-03-02; alice, bob)".
pub fn describe(s: &Settled) -> String {
    let mut when: Vec<String> = Vec::new();
    let status_date = [s.status.clone(), s.date.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !status_date.is_empty() {
        when.push(status_date);
    }
    if !s.decision_makers.is_empty() {
        when.push(s.decision_makers.join(", "));
    }
    let mut line = format!("was {} in {}", s.fate.verb(), s.id);
    if !when.is_empty() {
        line.push_str(&format!(" ({})", when.join("; ")));
    }
    // An existing folder's status often names the successor already.
    let named = s.status.as_deref().is_some_and(|t| {
        let t = t.to_lowercase();
        t.contains("supersed") || t.contains("superced")
    });
    if !s.superseded_by.is_empty() && !named {
        line.push_str(&format!(", superseded by {}", s.superseded_by.join(", ")));
    }
    line
}

#[cfg(test)]
mod tests;
