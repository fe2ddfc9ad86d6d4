//! Snapshots that do not depend on when or where a test ran: insta settings whose filters
//! replace commit ids, today's date and the temporary directory.

use super::TestRepo;

/// insta settings for a snapshot of output from `repo`: snapshots live in `tests/snapshots/`,
/// and the filters replace
/// - the repository's temporary directory (as given and canonical) by `[tmp]`;
/// - full commit ids (40 hex digits) by `[commit]`, short ones (7 to 12) by `[sha]`: ids depend
///   on contents such as ADR 1 as `git adr init` writes it today;
/// - today's date (what `init`, `new` and `log add` write when not told) by `TODAY-DATE`, as
///   wide as a date so that table columns stay aligned.
///
/// Dates the fixtures chose stay: they are part of the behaviour.
///
/// Use: `redacted(&repo).bind(|| insta::assert_snapshot!("name", text));`
pub fn redacted(repo: &TestRepo) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    s.set_prepend_module_to_snapshot(true);
    let dir = repo.dir.path();
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for d in [canonical, dir.to_path_buf()] {
        s.add_filter(&regex_escape(&d.to_string_lossy()), "[tmp]");
    }
    s.add_filter(r"\b[0-9a-f]{40}\b", "[commit]");
    s.add_filter(r"\b[0-9a-f]{7,12}\b", "[sha]");
    let now = chrono::Local::now();
    for today in [now.date_naive(), now.naive_utc().date()] {
        s.add_filter(&today.format("%Y-%m-%d").to_string(), "TODAY-DATE");
    }
    s
}

/// `text` with every regex metacharacter escaped.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
