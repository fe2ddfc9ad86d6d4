//! Which decisions govern a file: the `paths` globs of a record's front matter, matched like
//! .gitignore patterns. Used by `list --path`, `why`, and the commit-msg hook.

use crate::model::record::Record;

/// The record's `paths` patterns that match `file` (repo-relative).
pub fn patterns_matching<'r>(record: &'r Record, file: &str) -> Vec<&'r String> {
    record
        .front
        .paths
        .iter()
        .filter(|p| crate::model::globs::matches(p, file))
        .collect()
}

/// Does any of the record's `paths` patterns match `file`?
pub fn governs(record: &Record, file: &str) -> bool {
    record
        .front
        .paths
        .iter()
        .any(|p| crate::model::globs::matches(p, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_governs_the_files_its_paths_match() {
        let text = "---\nstatus: accepted\npaths: ['src/db/**', '*.sql']\n---\n# T\n";
        let r = Record::parse("adr", ".adr/decisions/0001-t.md", text.into()).unwrap();
        assert!(governs(&r, "src/db/pool.rs"));
        assert!(governs(&r, "migrations/1.sql"));
        assert!(!governs(&r, "src/api.rs"));
        assert_eq!(patterns_matching(&r, "x/y.sql"), ["*.sql"]);
    }
}
