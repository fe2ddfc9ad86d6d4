//! `git adr site`: the static site of the records, built by the real binary in temporary
//! repositories (the browser checks are `.ci/site.sh`, `tests/site/browser.py`).

mod common;

use common::{copy_dir, files_under, Ran, TestRepo};
use std::path::Path;

/// A repository holding `tests/fixtures/site` (native records, a log entry, a checklist, an
/// image, a record full of markup), committed.
fn fixture() -> TestRepo {
    let repo = TestRepo::new();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"),
        &repo.path(),
    );
    repo.commit_all("decisions");
    repo
}

fn site(repo: &TestRepo, args: &[&str]) -> Ran {
    let mut all = vec!["site"];
    all.extend_from_slice(args);
    Ran::of(repo.adr(&all))
}

#[test]
fn site_has_an_index_a_page_per_record_and_the_other_pages() {
    let repo = fixture();
    site(&repo, &["--out", "out"]).code(0);
    for page in [
        "index.html",
        "timeline.html",
        "graph.html",
        "log.html",
        "dod.html",
        "records/adr-0001.html",
        "records/adr-0005.html",
        "records/log-0001.html",
        "records/dod-database-change.html",
        "assets/site.css",
        "assets/site.js",
        "assets/search-index.js",
        "files/docs/img/layout.svg",
        ".git-adr-site",
    ] {
        assert!(repo.exists(&format!("out/{page}")), "{page} is missing");
    }
    let index = repo.read("out/index.html");
    assert!(
        index.contains("<a href=\"records/adr-0003.html\">Use PostgreSQL for the event store</a>"),
        "{index}"
    );
    let old = repo.read("out/records/adr-0002.html");
    assert!(
        old.contains("<span class=\"rel\">superseded by</span> <a href=\"../records/adr-0003.html\">ADR-0003 Use PostgreSQL for the event store</a>"),
        "{old}"
    );
    let new = repo.read("out/records/adr-0003.html");
    assert!(
        new.contains("<span class=\"rel\">supersedes</span>"),
        "{new}"
    );
    // A link to another record's file leads to its page.
    assert!(
        new.contains("<a href=\"adr-0002.html\">the old decision</a>"),
        "{new}"
    );
    assert!(new.contains("created as accepted"), "{new}");
    let graph = repo.read("out/graph.html");
    assert!(
        graph.contains("<a href=\"records/adr-0002.html\" class=\"node tone-closed\""),
        "{graph}"
    );
    let log = repo.read("out/log.html");
    assert!(log.contains("<td>log entry</td>"), "{log}");
    assert!(log.contains("<td>created as superseded</td>"), "{log}");
    let dod = repo.read("out/dod.html");
    assert!(
        dod.contains("<code>cargo test --test schema</code>"),
        "{dod}"
    );
    let search = repo.read("out/assets/search-index.js");
    assert!(search.starts_with("window.GIT_ADR_SEARCH = {"), "{search}");
    assert!(search.contains("\"postgresql\""), "{search}");
}

#[test]
fn same_repository_gives_the_same_bytes() {
    let repo = fixture();
    site(&repo, &["--out", "a"]).code(0);
    site(&repo, &["--out", "b"]).code(0);
    let a = files_under(&repo.path().join("a"));
    let b = files_under(&repo.path().join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "two builds differ");
    // Writing again changes nothing.
    let again = site(&repo, &["--out", "a"]).code(0);
    assert!(again.stderr.contains("0 files changed"), "{}", again.stderr);
}

#[test]
fn check_passes_on_a_current_site_and_fails_on_an_outdated_one() {
    let repo = fixture();
    site(&repo, &["--out", "out"]).code(0);
    let ok = site(&repo, &["--out", "out", "--check"]).code(0);
    assert!(ok.stderr.contains("is up to date"), "{}", ok.stderr);
    let before = files_under(&repo.path().join("out"));
    let text = repo.read(".adr/decisions/0005-publish-decisions-as-a-static-site.md");
    repo.write(
        ".adr/decisions/0005-publish-decisions-as-a-static-site.md",
        text.replace("static site", "static web site"),
    );
    let stale = site(&repo, &["--out", "out", "--check"]).code(1);
    assert!(
        stale.stderr.contains("out of date") && stale.stderr.contains("git adr site --out out"),
        "{}",
        stale.stderr
    );
    // --check writes nothing.
    assert!(before == files_under(&repo.path().join("out")));
    // A folder that holds no site is not a current one.
    let missing = site(&repo, &["--out", "nowhere", "--check"]).code(1);
    assert!(
        missing.stderr.contains(".git-adr-site is missing"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_folder_of_someone_elses_files_is_refused() {
    let repo = fixture();
    repo.write("docs/notes.txt", "mine");
    let refused = site(&repo, &["--out", "docs"]).code(2);
    assert!(
        refused.stderr.contains("not empty") && refused.stderr.contains("--out"),
        "{}",
        refused.stderr
    );
    assert_eq!(repo.read("docs/notes.txt"), "mine");
    assert!(!repo.exists("docs/index.html"));
}

#[test]
fn files_an_earlier_build_wrote_are_removed_and_no_others() {
    let repo = fixture();
    site(&repo, &["--out", "out"]).code(0);
    repo.write("out/CNAME", "decisions.example.com\n");
    repo.write("keep.txt", "outside");
    // A committed manifest is repository content: a line leading out of the folder is ignored.
    let manifest = repo.read("out/.git-adr-site");
    repo.write("out/.git-adr-site", format!("{manifest}../keep.txt\n"));
    std::fs::remove_file(
        repo.path()
            .join(".adr/decisions/0005-publish-decisions-as-a-static-site.md"),
    )
    .unwrap();
    let ran = site(&repo, &["--out", "out"]).code(0);
    assert!(ran.stderr.contains("1 removed"), "{}", ran.stderr);
    assert!(!repo.exists("out/records/adr-0005.html"));
    assert_eq!(repo.read("out/CNAME"), "decisions.example.com\n");
    assert_eq!(repo.read("keep.txt"), "outside");
}

#[test]
fn record_markup_is_escaped_and_script_links_dropped() {
    let repo = fixture();
    site(&repo, &["--out", "out"]).code(0);
    let page = repo.read("out/records/adr-0004.html");
    // The only script is the site's own.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    assert!(page.contains("<script src=\"../assets/site.js\" defer></script>"));
    assert!(!page.contains("<img src=\"x\""), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(!page.contains("javascript:"), "{page}");
    assert!(
        page.contains("&lt;script&gt;document.title = \"pwned\""),
        "{page}"
    );
    // The setext title is the heading, its underline not left in the body.
    assert!(
        page.contains("<h1><span class=\"rid\">ADR-0004</span> Render &lt;b&gt;record&lt;/b&gt; text safely</h1>"),
        "{page}"
    );
    assert!(!page.contains("====="), "{page}");
    let index = repo.read("out/index.html");
    assert!(index.contains("Render &lt;b&gt;record&lt;/b&gt; text safely"));
    // Every page allows script from the site's own files only.
    assert!(page.contains("script-src 'self'"), "{page}");
}

#[test]
fn links_are_relative_and_base_url_gives_canonical_links() {
    let repo = fixture();
    site(
        &repo,
        &[
            "--out",
            "out",
            "--base-url",
            "https://org.github.io/repo/decisions/",
        ],
    )
    .code(0);
    let page = repo.read("out/records/adr-0002.html");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://org.github.io/repo/decisions/records/adr-0002.html\">"
        ),
        "{page}"
    );
    let index = repo.read("out/index.html");
    assert!(
        index.contains("href=\"https://org.github.io/repo/decisions/\""),
        "{index}"
    );
    for (path, bytes) in files_under(&repo.path().join("out")) {
        let text = String::from_utf8_lossy(&bytes);
        for attr in ["href=\"/", "src=\"/"] {
            assert!(
                !text.contains(attr),
                "{} has a root-relative link",
                path.display()
            );
        }
    }
}

#[test]
fn rev_builds_the_records_of_an_older_commit() {
    let repo = fixture();
    let first = repo.head();
    repo.write(
        ".adr/decisions/0006-a-later-decision.md",
        "---\nstatus: proposed\n---\n# A later decision\n",
    );
    repo.commit_all("later");
    site(&repo, &["--out", "old", "--rev", &first]).code(0);
    assert!(!repo.exists("old/records/adr-0006.html"));
    assert!(repo.exists("old/records/adr-0005.html"));
    site(&repo, &["--out", "new"]).code(0);
    assert!(repo.exists("new/records/adr-0006.html"));
    let bad = site(&repo, &["--out", "x", "--rev", "no-such-branch"]).code(2);
    assert!(
        bad.stderr.contains("does not name a commit"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_existing_adr_tools_folder_builds_in_place() {
    let repo = common::existing_folder("adr-tools");
    site(&repo, &["--out", "out"]).code(0);
    let page = repo.read("out/records/adr-0002.html");
    assert!(
        page.contains("Superceded by 3. Use PostgreSQL 17"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"badge tone-closed\">superseded</span>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<span class=\"rel\">superseded by</span> <a href=\"../records/adr-0003.html\">"
        ),
        "{page}"
    );
    let index = repo.read("out/index.html");
    assert!(index.contains("records/adr-0004.html"), "{index}");
}

#[test]
fn every_existing_folder_fixture_builds_a_page_per_record() {
    for name in ["adr-tools-dir", "madr2", "madr3", "madr4", "wild"] {
        let repo = common::existing_folder(name);
        let listed = repo.adr_json(&["list", "--format", "json"]);
        let records = common::array(&listed).len();
        site(&repo, &["--out", "out"]).code(0);
        let pages = std::fs::read_dir(repo.path().join("out/records")).map_or(0, |d| d.count());
        assert_eq!(
            pages, records,
            "{name}: {pages} pages for {records} records"
        );
        assert!(records > 0, "{name}");
    }
}

#[test]
fn a_shallow_clone_dates_older_creations_from_front_matter_and_says_so() {
    let repo = fixture();
    repo.write("later.txt", "x");
    repo.commit_all("later");
    let clone = repo.shallow_clone("shallow", 1, "main", false);
    let ran = Ran::of(repo.adr_in(&clone, &["site", "--out", "out"]));
    let ran = ran.code(0);
    assert!(
        ran.stderr.contains("wrote out/index.html"),
        "{}",
        ran.stderr
    );
    let page = std::fs::read_to_string(clone.join("out/records/adr-0003.html")).unwrap();
    assert!(
        page.contains("<span class=\"date\">2026-03-15</span> created <span class=\"note\">(date from the front matter: older than this shallow clone)</span>"),
        "{page}"
    );
    assert!(
        page.contains("This repository is a shallow clone"),
        "{page}"
    );
}
