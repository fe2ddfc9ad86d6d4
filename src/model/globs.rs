//! The `paths` globs that tie decisions to code, matched like `.gitignore` patterns so they
//! read the way people expect: `docs/` is the whole directory, `*.sql` matches in any
//! directory, `/src/**` is anchored at the repository root (as every pattern with a `/` is).

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};

/// A `paths` pattern rewritten as a glob over repo-relative paths.
fn normalise(pattern: &str) -> String {
    let mut p = pattern.trim().trim_start_matches("./").to_string();
    if let Some(rest) = p.strip_prefix('/') {
        p = rest.to_string();
    } else if !p.trim_end_matches('/').contains('/') {
        // No slash: like .gitignore, match at any depth.
        p = format!("**/{p}");
    }
    if p.ends_with('/') {
        p.push_str("**");
    }
    p
}

fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(&normalise(pattern))
        .literal_separator(true)
        .build()
}

thread_local! {
    /// Compiled patterns: a pattern is usually shared by many records and asked about many
    /// files, and compiling it (a regex) costs far more than matching.
    static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Result<GlobMatcher, String>>> =
        Default::default();
}

/// Compiles one pattern (once per thread), or says why it is not valid.
pub fn matcher(pattern: &str) -> Result<GlobMatcher, String> {
    if let Some(hit) = COMPILED.with(|c| c.borrow().get(pattern).cloned()) {
        return hit;
    }
    let compiled = if pattern.trim().is_empty() {
        Err("the pattern is empty".to_string())
    } else {
        glob(pattern)
            .map(|g| g.compile_matcher())
            .map_err(|e| e.kind().to_string())
    };
    COMPILED.with(|c| c.borrow_mut().insert(pattern.to_string(), compiled.clone()));
    compiled
}

/// Does `pattern` match `path` (repo-relative, `/`-separated)? Invalid patterns match nothing.
pub fn matches(pattern: &str, path: &str) -> bool {
    // Match with the cached matcher itself: a clone would start its regex cache afresh.
    let _ = matcher(pattern);
    COMPILED.with(|c| {
        c.borrow()
            .get(pattern)
            .is_some_and(|m| m.as_ref().is_ok_and(|m| m.is_match(path)))
    })
}

/// For each pattern, the indices of the `paths` it matches: one pass over the paths.
pub fn matches_by_pattern(patterns: &[&str], paths: &[String]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); patterns.len()];
    let Some((set, slots)) = glob_set(patterns) else {
        return out;
    };
    let mut buf = Vec::new();
    for (f, path) in paths.iter().enumerate() {
        buf.clear();
        set.matches_into(path, &mut buf);
        for &j in &buf {
            out[slots[j]].push(f);
        }
    }
    out
}

/// Many patterns at once: which of them match any of `paths`. One pass over the paths, so
/// checking 10,000 records against 10,000 tracked files stays fast.
pub fn matched_any(patterns: &[&str], paths: &[String]) -> Vec<bool> {
    let mut hit = vec![false; patterns.len()];
    let Some((set, slots)) = glob_set(patterns) else {
        return hit;
    };
    let mut remaining = slots.len();
    let mut buf = Vec::new();
    for path in paths {
        if remaining == 0 {
            break;
        }
        buf.clear();
        set.matches_into(path, &mut buf);
        for &j in &buf {
            let i = slots[j];
            if !hit[i] {
                hit[i] = true;
                remaining -= 1;
            }
        }
    }
    hit
}

/// The valid ones of `patterns` as one set, with the index in `patterns` of each of its
/// globs (invalid patterns are left out, so the two numberings differ).
fn glob_set(patterns: &[&str]) -> Option<(GlobSet, Vec<usize>)> {
    let mut builder = GlobSetBuilder::new();
    let mut slots = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        if let Ok(g) = glob(p) {
            builder.add(g);
            slots.push(i);
        }
    }
    Some((builder.build().ok()?, slots))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_like_gitignore() {
        assert!(matches("services/events/**", "services/events/api.rs"));
        assert!(!matches("services/events/**", "services/other/api.rs"));
        assert!(matches("docs/", "docs/guide/x.md"));
        assert!(matches("*.sql", "db/migrations/001.sql"));
        assert!(matches("/Cargo.toml", "Cargo.toml"));
        assert!(!matches("src/*.rs", "src/a/b.rs"));
        assert!(matches("src/**/*.rs", "src/a/b.rs"));
        assert!(matcher("src/[").is_err());
        assert!(matcher("").is_err());
    }

    #[test]
    fn matched_any_marks_each_pattern() {
        let paths = vec!["src/a.rs".to_string(), "docs/x.md".to_string()];
        assert_eq!(
            matched_any(&["src/**", "nothing/**", "src/[", "*.md"], &paths),
            vec![true, false, false, true]
        );
    }
}
