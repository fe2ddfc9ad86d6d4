//! The layers of `src/`, checked: every `crate::` path in a module names a module of the same or a
//! lower layer, and no import cycle exists between modules. Reads the source as text, so it runs
//! in a fraction of a second and names the offending file and line.
//!
//! Layers, lowest first (see the module docs in `src/lib.rs`):
//! `error` → `text` → `model` → `git` → `store` → `features` → `cli` → `commands` → `lib`/`main`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &[
    "error", "text", "model", "git", "store", "features", "cli", "commands", "fuzzing", "lib",
    "main",
];

/// A module path (`features::check::rules`) of every `.rs` file below `src/`, with its text.
fn modules() -> BTreeMap<String, (PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            (parts.join("::"), (path, text))
        })
        .collect()
}

/// Every `crate::a::b::{c, d::e}` path in `text`, expanded, with its 1-based line.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let line = text[..text.len() - rest.len() + at].lines().count().max(1);
        let after = &rest[at + "crate::".len()..];
        let len = path_len(after);
        expand("", &after[..len], &mut |p| out.push((line, p)));
        rest = &after[len..];
    }
    out
}

/// Length of the path expression at the start of `s`: identifiers, `::` and balanced braces.
fn path_len(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == ':' => {}
            _ if depth > 0 => {}
            _ => return i,
        }
    }
    s.len()
}

/// Calls `f` with each full path of a (possibly grouped) `use` path.
fn expand(prefix: &str, path: &str, f: &mut dyn FnMut(String)) {
    let path = path.trim();
    match path.find('{') {
        None => f(format!("{prefix}{}", path.trim_end_matches("::"))),
        Some(open) => {
            let head = &path[..open];
            let inner = &path[open + 1..path.len() - 1];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&format!("{prefix}{head}"), &inner[start..i], f);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&format!("{prefix}{head}"), &inner[start..], f);
        }
    }
}

/// The longest known module that `path` starts with (`store::paths::x` → `store::paths`).
fn module_of<'m>(path: &str, known: &'m BTreeMap<String, (PathBuf, String)>) -> Option<&'m str> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find_map(|m| known.get_key_value(&m).map(|(k, _)| k.as_str()))
}

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|l| *l == top)
        .unwrap_or_else(|| panic!("module `{module}` is in no layer: add its folder to LAYERS"))
}

/// The unit whose imports must not form a cycle: a feature, a command, or a file of a lower
/// layer (`model::record`, `store::paths`, `features::check`, `commands::list`).
fn unit(module: &str) -> String {
    module.split("::").take(2).collect::<Vec<_>>().join("::")
}

/// Module → (imported module, file, line), for imports between different modules.
fn graph() -> Vec<(String, String, PathBuf, usize)> {
    let known = modules();
    let mut edges = Vec::new();
    for (module, (path, text)) in &known {
        for (line, p) in crate_paths(text) {
            // `crate::Error`, `crate::Ui`: items of the crate root; `Result` and `Error` are
            // re-exports of `error`, everything else at the root belongs to `lib`.
            let target = match module_of(&p, &known) {
                Some(m) => m.to_string(),
                None if p.starts_with("Error") || p.starts_with("Result") => "error".into(),
                None => "lib".into(),
            };
            if target != *module {
                edges.push((module.clone(), target, path.clone(), line));
            }
        }
    }
    edges
}

#[test]
fn no_module_imports_a_higher_layer() {
    let upward: Vec<String> = graph()
        .into_iter()
        .filter(|(from, to, _, _)| layer(to) > layer(from))
        .map(|(from, to, path, line)| format!("{}:{line}: {from} uses {to}", path.display()))
        .collect();
    assert!(
        upward.is_empty(),
        "imports pointing upward:\n{}",
        upward.join("\n")
    );
}

/// libgit2 is reached only through `src/git/` (and `error.rs`, which wraps its errors): a
/// feature that needs something of git asks `git/` for it, so one layer knows git's API.
#[test]
fn only_the_git_layer_touches_git2() {
    let outside: Vec<String> = modules()
        .into_values()
        .filter(|(path, _)| {
            let rel = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(path);
            !rel.starts_with("src/git") && !rel.ends_with("src/error.rs")
        })
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.contains("git2"))
                .map(|(i, l)| format!("{}:{}: {}", path.display(), i + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        outside.is_empty(),
        "git2 used outside src/git/ (ask the git layer instead):\n{}",
        outside.join("\n")
    );
}

#[test]
fn no_import_cycle() {
    let mut next: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to, _, _) in graph() {
        let (from, to) = (unit(&from), unit(&to));
        if from != to && !to.starts_with(&format!("{from}::")) {
            next.entry(from).or_default().insert(to);
        }
    }
    // Depth-first search; a unit met again while still on the path closes a cycle.
    fn visit(
        node: &str,
        next: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for n in next.get(node).into_iter().flatten() {
            if let Some(c) = visit(n, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in next.keys() {
        if let Some(cycle) = visit(node, &next, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn no_command_imports_another_command() {
    let known = modules();
    // `commands/mod.rs` (dispatch, the Ui) and `commands/shared/` are not commands: every
    // command may use them.
    let shared = ["commands", "commands::shared"];
    let crossing: Vec<String> = graph()
        .into_iter()
        .filter(|(from, to, _, _)| {
            from.starts_with("commands::")
                && to.starts_with("commands::")
                && unit(from) != unit(to)
                && !shared.contains(&unit(to).as_str())
        })
        .map(|(from, to, path, line)| format!("{}:{line}: {from} uses {to}", path.display()))
        .collect();
    // `super::x` inside a command names a sibling command too.
    let mut supers = Vec::new();
    for (module, (path, text)) in &known {
        if !module.starts_with("commands::") || shared.contains(&module.as_str()) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if let Some(at) = line.find("super::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let sibling = format!("commands::{name}");
                if known.contains_key(&sibling) && !shared.contains(&sibling.as_str()) {
                    supers.push(format!(
                        "{}:{}: {module} uses {sibling}",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    let all: Vec<String> = crossing.into_iter().chain(supers).collect();
    assert!(
        all.is_empty(),
        "commands importing commands:\n{}",
        all.join("\n")
    );
}

/// The checker itself: grouped paths expand, and an upward import is seen.
#[test]
fn the_reader_expands_grouped_paths() {
    let paths = crate_paths("use crate::{error::Result, model::{config, record::Id}};\nx");
    let names: Vec<&str> = paths.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        names,
        ["error::Result", "model::config", "model::record::Id"]
    );
    assert_eq!(
        crate_paths("a\nb crate::store::Store::open()")[0],
        (2, "store::Store::open".into())
    );
    assert!(layer("features::check") > layer("store"));
}

/// Longest function body the source may hold, in lines (signature to closing brace).
const MAX_FUNCTION_LINES: usize = 100;

/// The functions of `text` longer than `max` lines: name, first line, length. A function ends at
/// the first line that closes its brace at the indentation its `fn` line starts with.
fn long_functions(text: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let Some(name) = fn_name(trimmed) else {
            continue;
        };
        // A declaration without a body (`fn f();` in a trait) has no length.
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&j| lines[j].trim_end() == close) {
            let len = end - i + 1;
            if len > max {
                out.push((name, i + 1, len));
            }
        }
    }
    out
}

/// The name in a line that starts a function (`pub(crate) async fn name<…>(…`).
fn fn_name(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "fn")?;
    let before_ok = words[..at].iter().all(|w| {
        w.starts_with("pub") || ["const", "async", "unsafe", "extern", "\"C\""].contains(w)
    });
    let name: String = words
        .get(at + 1)?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (before_ok && !name.is_empty()).then_some(name)
}

#[test]
fn no_function_runs_past_the_limit() {
    let mut long = Vec::new();
    for (path, text) in modules().values() {
        for (name, line, len) in long_functions(text, MAX_FUNCTION_LINES) {
            long.push(format!(
                "{}:{line}: fn {name} is {len} lines",
                path.display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them along what they do):\n{}",
        long.join("\n")
    );
}

/// The measure itself: a long function is seen, a short one and a declaration are not.
#[test]
fn the_function_measure_counts_bodies() {
    let body = "    x();\n".repeat(5);
    let text = format!("fn short() {{\n}}\ntrait T {{\n    fn decl();\n}}\npub(crate) fn long(\n    a: u8,\n) -> u8 {{\n{body}}}\n");
    assert_eq!(long_functions(&text, 4), [("long".to_string(), 6, 9)]);
    assert!(long_functions(&text, 9).is_empty());
}
