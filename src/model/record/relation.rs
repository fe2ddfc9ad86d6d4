//! How two records relate: the one `Relation`, with its front-matter key, its inverse (the
//! other record's side), and the words existing folders write it with.

use super::{FrontMatter, Id};

/// A relation between records, as front matter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Supersedes,
    SupersededBy,
    Amends,
    AmendedBy,
    Relates,
}

impl Relation {
    /// Every relation, in the order records write them.
    pub const ALL: [Relation; 5] = [
        Relation::Supersedes,
        Relation::SupersededBy,
        Relation::Amends,
        Relation::AmendedBy,
        Relation::Relates,
    ];

    /// The front-matter key.
    pub fn key(self) -> &'static str {
        match self {
            Relation::Supersedes => "supersedes",
            Relation::SupersededBy => "superseded-by",
            Relation::Amends => "amends",
            Relation::AmendedBy => "amended-by",
            Relation::Relates => "relates",
        }
    }

    /// The relation a front-matter key names.
    pub fn from_key(key: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The words a link line starts with when git-adr writes it.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Relation::Supersedes => "Supersedes",
            Relation::SupersededBy => "Superseded by",
            Relation::Amends => "Amends",
            Relation::AmendedBy => "Amended by",
            Relation::Relates => "Relates to",
        }
    }

    /// Reads the words before a link (`Superceded by`, `Refined by`, `Clarifies`): the five
    /// relations git-adr knows, any other short phrase as "relates".
    pub(crate) fn read(words: &str) -> Option<Relation> {
        let w = words.trim().trim_end_matches(':').trim().to_lowercase();
        if w.is_empty()
            || w.split_whitespace().count() > 4
            || !w.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        {
            return None;
        }
        Some(match w.as_str() {
            "supersedes" | "supercedes" | "replaces" => Relation::Supersedes,
            "superseded by" | "superceded by" | "replaced by" => Relation::SupersededBy,
            "amends" => Relation::Amends,
            "amended by" => Relation::AmendedBy,
            _ => Relation::Relates,
        })
    }

    /// The relation the other record has: supersedes ↔ superseded-by, amends ↔ amended-by.
    pub fn inverse(self) -> Relation {
        match self {
            Relation::Supersedes => Relation::SupersededBy,
            Relation::SupersededBy => Relation::Supersedes,
            Relation::Amends => Relation::AmendedBy,
            Relation::AmendedBy => Relation::Amends,
            Relation::Relates => Relation::Relates,
        }
    }

    /// The record's list for this relation.
    pub fn ids(self, front: &FrontMatter) -> &Vec<Id> {
        match self {
            Relation::Supersedes => &front.supersedes,
            Relation::SupersededBy => &front.superseded_by,
            Relation::Amends => &front.amends,
            Relation::AmendedBy => &front.amended_by,
            Relation::Relates => &front.relates,
        }
    }

    /// The record's list for this relation, to change.
    pub fn ids_mut(self, front: &mut FrontMatter) -> &mut Vec<Id> {
        match self {
            Relation::Supersedes => &mut front.supersedes,
            Relation::SupersededBy => &mut front.superseded_by,
            Relation::Amends => &mut front.amends,
            Relation::AmendedBy => &mut front.amended_by,
            Relation::Relates => &mut front.relates,
        }
    }
}
