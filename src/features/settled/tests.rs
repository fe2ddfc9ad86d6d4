use super::*;
use crate::model::config::Config;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/settled");

fn parse(kind: &str, path: &str, text: &str) -> Record {
    Record::parse(kind, path, text.as_bytes().to_vec()).unwrap()
}

/// The labelled set's records, as records of `.adr/decisions`.
fn labelled_records() -> Vec<Record> {
    let mut names: Vec<_> = std::fs::read_dir(format!("{FIXTURES}/records"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(format!("{FIXTURES}/records/{n}")).unwrap();
            parse("adr", &format!(".adr/decisions/{n}"), &text)
        })
        .collect()
}

struct Pair {
    expected: bool,
    number: u32,
    earlier: String,
    query: String,
    paths: Vec<String>,
}

fn pairs() -> Vec<Pair> {
    std::fs::read_to_string(format!("{FIXTURES}/pairs.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('|').map(str::trim).collect();
            Pair {
                expected: f[0] == "match",
                number: f[1].parse().unwrap(),
                earlier: f[2].to_string(),
                query: f[3].to_string(),
                paths: f
                    .get(4)
                    .filter(|p| !p.is_empty())
                    .map(|p| vec![p.to_string()])
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Precision and recall of `index` on the pairs, and the pairs it gets wrong.
fn measure(index: &Index, pairs: &[Pair]) -> (f64, f64, Vec<String>) {
    let (mut tp, mut fp, mut positives) = (0, 0, 0);
    let mut wrong = Vec::new();
    for p in pairs {
        let query = Query {
            text: &p.query,
            paths: &p.paths,
            ..Query::default()
        };
        let found = index.find(&query, usize::MAX);
        let hit = found
            .iter()
            .find(|m| m.settled.number == Some(p.number) && m.settled.option == p.earlier);
        positives += usize::from(p.expected);
        match (p.expected, hit) {
            (true, Some(_)) => tp += 1,
            (false, Some(m)) => {
                fp += 1;
                wrong.push(format!(
                    "false match {:.2}: {:?} ~ {:?}",
                    m.score, p.query, p.earlier
                ));
            }
            (true, None) => wrong.push(format!("missed: {:?} ~ {:?}", p.query, p.earlier)),
            (false, None) => {}
        }
    }
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    (precision, tp as f64 / positives as f64, wrong)
}

/// The defaults are chosen on the labelled set: this prints the sweep they were chosen from
/// (`cargo test settled -- --nocapture`) and holds the defaults to the target.
#[test]
fn labelled_set_precision_and_recall() {
    let records = labelled_records();
    let refs: Vec<&Record> = records.iter().collect();
    let pairs = pairs();
    assert!(pairs.len() >= 60, "{} pairs", pairs.len());
    let config = Config::default();
    let mut index = Index::build(&config, &refs);
    for boost in [0.0, 0.1, 0.2] {
        for threshold in [0.4, 0.5, 0.55, 0.6, 0.65, 0.7] {
            index.config.threshold = threshold;
            index.config.boost = boost;
            let (p, r, _) = measure(&index, &pairs);
            println!("threshold {threshold:.2} boost {boost:.1}: precision {p:.2} recall {r:.2}");
        }
    }
    index.config = config.settled.clone();
    let (precision, recall, wrong) = measure(&index, &pairs);
    println!(
        "defaults (threshold {}, boost {}) on {} pairs: precision {precision:.2} recall {recall:.2}",
        config.settled.threshold,
        config.settled.boost,
        pairs.len()
    );
    for w in &wrong {
        println!("  {w}");
    }
    assert!(
        precision >= 0.9 && recall >= 0.8,
        "precision {precision:.2} recall {recall:.2}"
    );
}

#[test]
fn fates_follow_the_status_and_carry_the_reason() {
    let records = labelled_records();
    let refs: Vec<&Record> = records.iter().collect();
    let index = Index::build(&Config::default(), &refs);
    let of = |n: u32, option: &str| {
        index
            .entries
            .iter()
            .find(|e| e.number == Some(n) && e.option == option)
            .unwrap_or_else(|| panic!("{n} {option}"))
    };
    let chosen = of(3, "Require `--input` everywhere");
    assert_eq!(chosen.fate, Fate::Chosen);
    assert_eq!(
        chosen.because.as_deref(),
        Some("one spelling for every command")
    );
    assert_eq!(chosen.decision_makers, ["alice", "bob"]);
    let rejected = of(3, "Positional argument");
    assert_eq!(rejected.fate, Fate::Rejected);
    assert_eq!(
        rejected.because.as_deref(),
        Some("ambiguous next to subcommand names")
    );
    assert!(rejected.active);
    let superseded = of(12, "Store timestamps as local time");
    assert_eq!(superseded.fate, Fate::Superseded);
    assert_eq!(superseded.superseded_by, ["ADR-0013"]);
    assert!(!superseded.active);
    // A rejected decision rejects every option, the one it would have chosen too.
    assert_eq!(
        of(15, "One repository for all services").fate,
        Fate::Rejected
    );
    assert_eq!(
        describe(rejected),
        "was rejected in ADR-0003 (accepted 2024-03-02; alice, bob)"
    );
}

#[test]
fn log_entries_and_nygard_records_settle_their_choice() {
    let log = parse(
        "log",
        ".adr/log/2024-05-01-cache.md",
        "---\nstatus: accepted\ndate: 2024-05-01\n---\n\n# Cache\n\n## Choice\n\nRedis as a shared cache.\n\n## Why\n\nInstances see the same entries.\n",
    );
    assert_eq!(
        choices(&log),
        [Choice {
            title: "Redis as a shared cache.".into(),
            chosen: true,
            because: Some("Instances see the same entries.".into()),
        }]
    );
    let nygard = crate::model::record::formats::parse_plain(
        "adr",
        "doc/adr/0002-use-mysql.md",
        "# 2. Use MySQL\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\nWe use MySQL, because the hosting offers it.\n".into(),
    )
    .unwrap();
    let c = choices(&nygard);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].title, "Use MySQL");
    assert_eq!(c[0].because.as_deref(), Some("the hosting offers it"));
}

#[test]
fn proposed_decisions_settle_nothing_and_a_disabled_index_finds_nothing() {
    let text = "---\nstatus: proposed\n---\n\n# X\n\n## Considered Options\n\n* MySQL\n* SQLite\n\n## Decision Outcome\n\nChosen option: \"MySQL\"\n";
    let r = parse("adr", ".adr/decisions/0001-x.md", text);
    let mut config = Config::default();
    assert!(Index::build(&config, &[&r]).entries.is_empty());
    let accepted = parse(
        "adr",
        ".adr/decisions/0001-x.md",
        &text.replace("proposed", "accepted"),
    );
    let index = Index::build(&config, &[&accepted]);
    let q = Query {
        text: "MySQL",
        ..Query::default()
    };
    assert_eq!(index.find(&q, 5).len(), 1);
    assert_eq!(index.find(&q, 5)[0].matched, ["mysql"]);
    config.settled.enabled = false;
    assert!(Index::build(&config, &[&accepted]).find(&q, 5).is_empty());
}
