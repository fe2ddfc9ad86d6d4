//! The relations between records as a graph: Mermaid or Graphviz DOT text, for `git adr graph`.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::record::Record;
use crate::store::Store;

/// The text formats a graph is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
}

/// The graph of `records` (nodes in their order, labelled `ID: title`) with the relations
/// between them.
pub fn graph(store: &Store, records: &[Record], format: Format) -> String {
    let ids: Vec<String> = records.iter().map(|r| store.display_id(r)).collect();
    let labels: Vec<String> = records
        .iter()
        .zip(&ids)
        .map(|(r, id)| format!("{id}: {}", r.title))
        .collect();
    let edges = edges(store, records);
    match format {
        Format::Mermaid => mermaid(&ids, &labels, &edges),
        Format::Dot => dot(&ids, &labels, &edges),
    }
}

/// A relation between two records, by their position in the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rel {
    Supersedes,
    Amends,
    Relates,
    Links,
}

impl Rel {
    pub fn label(self) -> &'static str {
        match self {
            Rel::Supersedes => "supersedes",
            Rel::Amends => "amends",
            Rel::Relates => "relates",
            Rel::Links => "links",
        }
    }

    /// How its edge is drawn, as (Mermaid arrow, DOT attributes): solid for supersedes, dashed
    /// for amends and links, without a direction for relates.
    fn line(self) -> (&'static str, &'static str) {
        match self {
            Rel::Supersedes => ("-->", ""),
            Rel::Amends | Rel::Links => ("-.->", ", style=dashed"),
            Rel::Relates => ("---", ", dir=none"),
        }
    }
}

/// The edges between `records`: (from, to, relation), each once, in a fixed order. Both ends of
/// a relation count (`supersedes` and `superseded-by`), so a one-sided link still shows.
/// Relations to records outside the set are left out (`git adr check` reports broken links).
pub fn edges(store: &Store, records: &[Record]) -> BTreeSet<(usize, usize, Rel)> {
    let by_number: HashMap<(&str, u32), usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.id.map(|id| ((r.kind.as_str(), id.0), i)))
        .collect();
    let by_display: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (store.display_id(r).to_ascii_lowercase(), i))
        .collect();
    let mut out = BTreeSet::new();
    for (i, r) in records.iter().enumerate() {
        let find = |id: &crate::model::record::Id| by_number.get(&(r.kind.as_str(), id.0)).copied();
        let f = &r.front;
        for j in f.supersedes.iter().filter_map(find) {
            out.insert((i, j, Rel::Supersedes));
        }
        for j in f.superseded_by.iter().filter_map(find) {
            out.insert((j, i, Rel::Supersedes));
        }
        for j in f.amends.iter().filter_map(find) {
            out.insert((i, j, Rel::Amends));
        }
        for j in f.amended_by.iter().filter_map(find) {
            out.insert((j, i, Rel::Amends));
        }
        for j in f.relates.iter().filter_map(find) {
            if i != j {
                out.insert((i.min(j), i.max(j), Rel::Relates));
            }
        }
        for link in &f.links {
            let key = link.trim().to_ascii_lowercase();
            if let Some(&j) = by_display.get(&key) {
                if i != j {
                    out.insert((i, j, Rel::Links));
                }
            }
        }
    }
    out
}

/// Mermaid node ids: letters, digits and `_` only, unique.
fn mermaid_ids(ids: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .map(|id| {
            let base: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let base = format!("n_{base}");
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Text inside a quoted Mermaid label: `#` and quotes as entity codes, no line breaks, no HTML.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::text::term::is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn mermaid(ids: &[String], labels: &[String], edges: &BTreeSet<(usize, usize, Rel)>) -> String {
    let names = mermaid_ids(ids);
    let mut out = String::from("flowchart TD\n");
    for (name, label) in names.iter().zip(labels) {
        out.push_str(&format!("    {name}[\"{}\"]\n", mermaid_text(label)));
    }
    for &(a, b, rel) in edges {
        let (arrow, _) = rel.line();
        out.push_str(&format!(
            "    {} {arrow}|{}| {}\n",
            names[a],
            rel.label(),
            names[b]
        ));
    }
    out
}

/// A DOT double-quoted string.
fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::text::term::is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot(ids: &[String], labels: &[String], edges: &BTreeSet<(usize, usize, Rel)>) -> String {
    let mut out = String::from("digraph adr {\n    node [shape=box];\n");
    for (id, label) in ids.iter().zip(labels) {
        out.push_str(&format!(
            "    {} [label={}];\n",
            dot_string(id),
            dot_string(label)
        ));
    }
    for &(a, b, rel) in edges {
        let (_, style) = rel.line();
        out.push_str(&format!(
            "    {} -> {} [label={}{style}];\n",
            dot_string(&ids[a]),
            dot_string(&ids[b]),
            dot_string(rel.label())
        ));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_drop_bidi_overrides_and_line_separators() {
        let title = "Use \u{202e}LQSgerP\u{202c} \u{2028}now\u{061c}";
        assert_eq!(mermaid_text(title), "Use LQSgerP now");
        assert_eq!(dot_string(title), "\"Use LQSgerP now\"");
    }

    fn edges_of(pairs: &[(usize, usize, Rel)]) -> BTreeSet<(usize, usize, Rel)> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn mermaid_draws_each_relation_with_its_arrow() {
        let ids = ["ADR-0001".to_string(), "ADR-0002".to_string()];
        let labels = [
            "ADR-0001: Use \"X\" #1".to_string(),
            "ADR-0002: Y".to_string(),
        ];
        let text = mermaid(
            &ids,
            &labels,
            &edges_of(&[(1, 0, Rel::Supersedes), (0, 1, Rel::Relates)]),
        );
        assert_eq!(
            text,
            "flowchart TD\n    n_ADR_0001[\"ADR-0001: Use #quot;X#quot; #35;1\"]\n    n_ADR_0002[\"ADR-0002: Y\"]\n    n_ADR_0001 ---|relates| n_ADR_0002\n    n_ADR_0002 -->|supersedes| n_ADR_0001\n"
        );
    }

    #[test]
    fn mermaid_node_names_are_unique() {
        let ids = ["A-1".to_string(), "A_1".to_string()];
        assert_eq!(mermaid_ids(&ids), ["n_A_1", "n_A_1_2"]);
    }

    #[test]
    fn dot_quotes_labels_and_styles_relations() {
        let ids = ["ADR-0001".to_string(), "ADR-0002".to_string()];
        let labels = ["a \\ \"b\"\nc".to_string(), "d".to_string()];
        let text = dot(&ids, &labels, &edges_of(&[(1, 0, Rel::Amends)]));
        assert_eq!(
            text,
            "digraph adr {\n    node [shape=box];\n    \"ADR-0001\" [label=\"a \\\\ \\\"b\\\" c\"];\n    \"ADR-0002\" [label=\"d\"];\n    \"ADR-0002\" -> \"ADR-0001\" [label=\"amends\", style=dashed];\n}\n"
        );
    }
}
