//! The words of an option, as matching compares them: normalised as the options reader
//! normalises titles ([`sections::norm`]: case, markup, punctuation and remarks), stop words
//! dropped, plural and verb endings taken off; and how rare each word is across the
//! repository's records, so that rare words ("MySQL", "positional") count for much and common
//! ones ("service", "data") for little.

use std::collections::HashMap;

use crate::model::record::sections;

/// Words that never tell two options apart.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "and", "or", "for", "in", "on", "with", "by", "as", "at", "from",
    "into", "via", "per", "is", "are", "be", "been", "was", "were", "it", "its", "this", "that",
    "these", "those", "we", "our", "us", "they", "them", "do", "does", "all", "any", "each",
    "every", "use", "using", "used", "uses", "option", "instead", "than", "then", "so", "only",
    "also", "more", "most", "less", "should", "will", "can", "must", "when", "where", "which",
];

/// One word of a text: its stem, which is compared, and its first spelling, which is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub stem: String,
    pub shown: String,
}

/// The distinct words of `text` that matching compares, in order of first appearance.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for w in sections::norm(text).split(' ') {
        if w.is_empty() || STOP.contains(&w) || w.chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let stem = stem(w);
        if !out.iter().any(|o| o.stem == stem) {
            out.push(Word {
                stem,
                shown: w.to_string(),
            });
        }
    }
    out
}

/// A light English stemmer: plural and verb endings, then a final `e`, so that "requires",
/// "required", "requiring" and "require" share the stem `requir`. Short words are kept whole.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    let len = w.chars().count();
    if len > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses")
        || (len > 4
            && (w.ends_with("ches")
                || w.ends_with("shes")
                || w.ends_with("xes")
                || w.ends_with("zes")))
    {
        w.truncate(w.len() - 2);
    } else if len > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    let len = w.chars().count();
    let verb = if len > 5 && w.ends_with("ing") {
        w.truncate(w.len() - 3);
        true
    } else if len > 4 && w.ends_with("ed") {
        w.truncate(w.len() - 2);
        true
    } else {
        false
    };
    // "logging" → "logg" → "log", "stopped" → "stop"; "installed" keeps its "ll".
    let b = w.as_bytes();
    if verb && b.len() > 2 {
        let (x, y) = (b[b.len() - 1], b[b.len() - 2]);
        if x == y && x.is_ascii_alphabetic() && !b"aeioulsz".contains(&x) {
            w.pop();
        }
    }
    if w.chars().count() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// How much each stem counts: its inverse document frequency over the records (each record's
/// title and option titles one document), `ln((n + 1) / (df + 1)) + 1`. A stem no record uses
/// counts the most.
#[derive(Debug, Default, Clone)]
pub struct Weights {
    documents: usize,
    frequency: HashMap<String, usize>,
}

impl Weights {
    /// Counts one document's distinct stems.
    pub fn add_document<'a>(&mut self, stems: impl IntoIterator<Item = &'a str>) {
        self.documents += 1;
        let mut seen: Vec<&str> = stems.into_iter().collect();
        seen.sort_unstable();
        seen.dedup();
        for s in seen {
            *self.frequency.entry(s.to_string()).or_default() += 1;
        }
    }

    /// The weight of a stem.
    pub fn of(&self, stem: &str) -> f64 {
        let df = self.frequency.get(stem).copied().unwrap_or(0);
        ((self.documents as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0
    }

    /// The sum of the weights of `words`.
    pub fn total(&self, words: &[Word]) -> f64 {
        words.iter().map(|w| self.of(&w.stem)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn rewordings_share_stems() {
        assert_eq!(
            stems("Requires `--input` everywhere"),
            stems("require input, everywhere!")
        );
        assert_eq!(stems("Required"), stems("requiring"));
        assert_eq!(stems("Caches"), stems("cache"));
        assert_eq!(stems("logging"), stems("logs"));
        assert_eq!(stems("Libraries"), stems("library"));
        assert_eq!(
            stems("Use the **PostgreSQL** database"),
            ["postgresql", "databas"]
        );
        // Remarks are the reader's, not the option's.
        assert_eq!(stems("Keep X (status quo of ADR-0045)"), ["keep", "x"]);
        assert!(stems("the of and").is_empty());
        assert_eq!(stems("C++ or C#"), ["c++", "c#"]);
    }

    #[test]
    fn rare_words_weigh_more() {
        let mut w = Weights::default();
        for doc in ["use service a", "service b", "service mysql"] {
            w.add_document(doc.split(' '));
        }
        assert!(w.of("mysql") > w.of("service"));
        assert!(w.of("never-seen") > w.of("mysql"));
    }
}
