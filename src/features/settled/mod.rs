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

use std::collections::HashMap;

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
    let s = sections::parse(record.body());
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
    by_stem: HashMap<String, Vec<usize>>,
    config: SettledConfig,
}

impl Index {
    /// The settled options of `records` (checklists aside), read in parallel when there are
    /// many: reading options parses each body.
    pub fn build(config: &Config, records: &[&Record]) -> Index {
        let wanted: Vec<&Record> = records
            .iter()
            .copied()
            .filter(|r| r.kind != "dod")
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
                let mut stems: Vec<&str> = e
                    .words
                    .iter()
                    .chain(&e.title_words)
                    .map(|w| w.stem.as_str())
                    .collect();
                stems.sort_unstable();
                stems.dedup();
                for s in stems {
                    index.by_stem.entry(s.to_string()).or_default().push(at);
                }
                index.entries.push(e);
            }
        }
        index
    }

    /// The settled options that match `query`, best first (then by record), at most `limit`.
    pub fn find(&self, query: &Query<'_>, limit: usize) -> Vec<Match> {
        if !self.config.enabled {
            return Vec::new();
        }
        let mine = words::words(query.text);
        let mut candidates: Vec<usize> = mine
            .iter()
            .filter_map(|w| self.by_stem.get(&w.stem))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut found: Vec<Match> = candidates
            .into_iter()
            .map(|i| &self.entries[i])
            .filter(|e| query.exclude_path != Some(e.path.as_str()))
            .filter_map(|e| self.judge(query, &mine, e))
            .collect();
        found.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then_with(|| {
                (&a.settled.kind, a.settled.number, &a.settled.path).cmp(&(
                    &b.settled.kind,
                    b.settled.number,
                    &b.settled.path,
                ))
            })
        });
        found.truncate(limit);
        found
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
        let mut best: Vec<Match> = Vec::new();
        for m in self.find(&query, usize::MAX) {
            let rank = |m: &Match| {
                let by_option = self.score(&mine, &m.settled.words).0;
                let chosen = m.settled.fate != Fate::Rejected;
                (m.score, by_option, chosen)
            };
            match best.iter_mut().find(|b| b.settled.path == m.settled.path) {
                Some(b) => {
                    let (a, o) = (rank(&m), rank(b));
                    if a.0 > o.0 || (a.0 == o.0 && (a.1, a.2) > (o.1, o.2)) {
                        *b = m;
                    }
                }
                None => best.push(m),
            }
        }
        best.truncate(limit);
        best
    }

    /// The match of one settled option, when it scores at least the threshold.
    fn judge(&self, query: &Query<'_>, mine: &[Word], e: &Settled) -> Option<Match> {
        let (mut score, mut matched) = self.score(mine, &e.words);
        let mut by_title = false;
        if query.titles {
            let (t, m) = self.score(mine, &e.title_words);
            if t > score {
                (score, matched, by_title) = (t, m, true);
            }
        }
        if matched.is_empty() {
            return None;
        }
        score += self.config.boost * place(query, e);
        let score = (score.clamp(0.0, 1.0) * 100.0).round() / 100.0;
        (score >= self.config.threshold).then(|| Match {
            settled: e.clone(),
            score,
            matched,
            by_title,
        })
    }

    /// The weighted cosine of two word sets, and the shared words as `theirs` writes them.
    fn score(&self, mine: &[Word], theirs: &[Word]) -> (f64, Vec<String>) {
        let shared: Vec<&Word> = theirs
            .iter()
            .filter(|t| mine.iter().any(|m| m.stem == t.stem))
            .collect();
        let (a, b) = (self.weights.total(mine), self.weights.total(theirs));
        if shared.is_empty() || a <= 0.0 || b <= 0.0 {
            return (0.0, Vec::new());
        }
        let common: f64 = shared.iter().map(|w| self.weights.of(&w.stem)).sum();
        let matched = shared.iter().map(|w| w.shown.clone()).collect();
        (common / (a * b).sqrt(), matched)
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
    let shared_path = mine.iter().any(|a| {
        theirs
            .iter()
            .any(|b| a.starts_with(b.as_str()) || b.starts_with(a.as_str()))
    });
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
fn prefixes(globs: &[String]) -> Vec<String> {
    globs
        .iter()
        .map(|g| {
            let end = g.find(['*', '?', '[', '{']).unwrap_or(g.len());
            g[..end].trim_start_matches("./").to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
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
