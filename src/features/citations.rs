//! Commits that cite decisions: `Decision: ADR-0002` trailers (the key is configurable).

use crate::model::config::{Config, Kind};
use crate::model::record::Id;

/// One cited record as people write it: `ADR-0002`, `ADR-2`, `ADR 2`, `2`, `#2`, `LOG-3`, maybe
/// followed by words (`ADR-0002 (use PostgreSQL)`). The letters say the kind (an ADR without
/// them); `None` when there is no id or no kind has that prefix.
pub fn parse_citation<'c>(item: &str, config: &'c Config) -> Option<(&'c Kind, Id)> {
    let mut words = item.split_whitespace();
    let first = words.next()?;
    let candidate = if first
        .chars()
        .all(|c| c.is_alphabetic() || "-_#".contains(c))
    {
        format!("{first}{}", words.next()?)
    } else {
        first.to_string()
    };
    let candidate = candidate.trim_end_matches(['.', ';', ':', ')']);
    let id = Id::parse_ref(candidate)?;
    let letters: String = candidate
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    if letters.is_empty() || letters.eq_ignore_ascii_case("adr") {
        return config.kinds.get("adr").map(|k| (k, id));
    }
    config
        .kinds
        .values()
        .find(|k| {
            k.numbered
                && k.prefix
                    .trim_end_matches(['-', '_'])
                    .eq_ignore_ascii_case(&letters)
        })
        .map(|k| (k, id))
}

/// The records a commit message cites in its trailers, as (kind, id), in order, without repeats.
/// Values may list several ids separated by commas.
pub fn cited<'c>(message: &str, config: &'c Config) -> Vec<(&'c Kind, Id)> {
    let mut out: Vec<(&Kind, Id)> = Vec::new();
    for t in crate::git::trailers::trailers(message, &config.trailers.key, "") {
        for item in t.value.split(',') {
            if let Some((kind, id)) = parse_citation(item, config) {
                if !out.iter().any(|(k, i)| k.name == kind.name && *i == id) {
                    out.push((kind, id));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decision_trailers() {
        let config = Config::default();
        let message = "Use a pool\n\nBody text mentions ADR-0009.\n\nDecision: ADR-0002, 3\nDecision: LOG-1\nSigned-off-by: A <a@b>\n";
        let got: Vec<(String, u32)> = cited(message, &config)
            .into_iter()
            .map(|(k, i)| (k.name.clone(), i.0))
            .collect();
        assert_eq!(
            got,
            vec![("adr".into(), 2), ("adr".into(), 3), ("log".into(), 1)]
        );
        assert!(cited("Subject only, Decision: ADR-1", &config).is_empty());
    }
}
