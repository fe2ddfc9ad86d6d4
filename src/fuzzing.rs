//! The checks behind the fuzz targets in `fuzz/`, kept here so that `tests/fuzz_smoke.rs` runs
//! the very same checks on the stable toolchain. Each reads untrusted input the way git-adr does
//! (a record file, `.adr/config.toml`, a file name in a records folder, git's index file, text escaped into
//! Markdown, a repository's `pr.md.j2`) and panics only when git-adr itself panics or a promise
//! about its output fails. Not a stable API: it exists for the fuzz targets and the smoke test.

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::features::summary::markdown::{render, BODY_LIMIT};
use crate::features::summary::{Summary, Warning};
use crate::model::config::Config;
use crate::model::diagnostic::Diagnostic;
use crate::model::record::{id_and_slug, numbering, starts_with_date, Id, Record};
use crate::store::is_record_name;
use crate::text::markdown::{code, html, markdown_cell, text};
use crate::text::template::Template;

/// A record file named `name` with content `bytes`, read by both readers the store uses: the
/// front-matter one of `.adr/` kinds and the one of existing folders (front matter, adr-tools,
/// MADR 2).
pub fn record(name: &str, bytes: &[u8]) {
    let config = Config::default();
    for kind in config.kinds.values() {
        let path = format!(".adr/{}/{name}", kind.dir);
        let _ = is_record_name(kind, name);
        let parsed = [
            Record::parse(&kind.name, &path, bytes.to_vec()),
            Record::parse_in_place(&kind.name, &path, bytes.to_vec()),
        ];
        for r in parsed.iter().flatten() {
            let _ = (r.body(), r.key_line("status"), r.status_shown());
            if let Some(id) = r.id {
                let _ = config.id_text(&kind.name, id);
            }
        }
    }
}

/// The text of `.adr/config.toml`, and the ids it would show.
pub fn config(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(config) = Config::parse(text) {
        for kind in config.kinds.keys() {
            let _ = config.id_text(kind, Id(0));
            let _ = config.id_text(kind, Id(u32::MAX));
        }
    }
}

/// A file name in a records folder: its number, its date, its slug, whether it is a record of
/// each kind (in `.adr/` and in an existing folder).
pub fn file_name(name: &str) {
    let _ = numbering(name);
    let _ = starts_with_date(name);
    if let Some((_, slug)) = Id::from_file_name(name) {
        assert!(name.contains(slug), "slug {slug:?} not in {name:?}");
    }
    let _ = id_and_slug(&format!("doc/adr/{name}"));
    let _ = id_and_slug(name);
    let in_place = Config::parse("[kinds.adr]\nfolder = \"doc/adr\"\n").ok();
    let config = Config::default();
    for kind in config
        .kinds
        .values()
        .chain(in_place.iter().flat_map(|c| c.kinds.values()))
    {
        let _ = is_record_name(kind, name);
    }
}

/// The HTML the summary template writes itself; any other tag came from the escaped text.
const OWN_TAGS: [&str; 5] = ["<details>", "</details>", "<summary>", "</summary>", "<br>"];

/// Text escaped for each place Markdown puts it, alone and beside more escaped text, then read
/// back as a renderer reads it: no raw HTML but the page's own tags, no `@mention`, one line, no
/// control characters, and a table row that keeps its two cells. Pieces side by side are
/// separated by a space, as the template separates them: two code spans that touch would merge
/// their backtick runs, a limit of the pieces, not of the escaping in them.
pub fn markdown(s: &str) {
    let mid = s
        .char_indices()
        .nth(s.chars().count() / 2)
        .map_or(s.len(), |(i, _)| i);
    let (a, b) = s.split_at(mid);
    for escaped in [text(s), markdown_cell(s), html(s), code(s)] {
        assert!(
            !escaped.contains(['\n', '\r'])
                && !escaped.chars().any(crate::text::term::is_unsafe_char),
            "{s:?} escaped to more than one clean line: {escaped:?}"
        );
    }
    let pages = [
        format!("x {} y\n", text(s)),
        format!("- {} {} {}\n", text(a), text(b), code(b)),
        format!("_{}_ · {}\n", text(s), code(s)),
        format!(
            "<details><summary>{}</summary>\n\n{}\n\n</details>\n",
            html(s),
            text(a)
        ),
    ];
    for page in &pages {
        assert_inert(page);
    }
    let table = format!(
        "| A | B |\n| --- | --- |\n| {} | {} {} |\n",
        markdown_cell(a),
        markdown_cell(b),
        markdown_cell(s)
    );
    assert_inert(&table);
    let cells = Parser::new_ext(&table, Options::ENABLE_TABLES)
        .filter(|e| matches!(e, Event::Start(Tag::TableCell)))
        .count();
    assert_eq!(cells, 4, "{s:?} broke the table:\n{table}");
}

/// Panics when `md`, read by a CommonMark parser, has HTML other than [`OWN_TAGS`] or text that
/// GitHub would turn into a mention.
pub fn assert_inert(md: &str) {
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                let mut rest = h.to_string();
                for tag in OWN_TAGS {
                    rest = rest.replace(tag, "");
                }
                assert!(!rest.contains('<'), "raw HTML {h:?} in\n{md}");
                assert_no_mention(&rest, md);
            }
            Event::Text(t) => assert_no_mention(&t, md),
            _ => {}
        }
    }
}

/// A mention is `@` followed by a letter or digit (`@user`, `@org/team`).
fn assert_no_mention(text: &str, md: &str) {
    let live = text
        .char_indices()
        .filter(|(_, c)| *c == '@')
        .any(|(i, _)| text[i + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()));
    assert!(!live, "a live mention in {text:?} of\n{md}");
}

/// A repository's own `pr.md.j2` rendered over a summary of hostile text, with the summary's
/// filters and within its limits: an error is fine, a panic or an over-long body is not. A
/// template that outgrows the memory or time budget ends the process (as it does `git adr pr`).
pub fn template(source: &str) {
    let template = Template {
        name: "pr.md.j2".into(),
        origin: ".adr/templates/pr.md.j2".into(),
        source: source.into(),
    };
    let hostile = "`\u{1}`<img src=x> @org/team \\`<details>\\`";
    let summary = Summary {
        version: 1,
        base: hostile.into(),
        base_commit: "0".repeat(40),
        merge_base: "0".repeat(40),
        head_commit: "1".repeat(40),
        commits: 2,
        decisions: Vec::new(),
        governed: Vec::new(),
        log_entries: Vec::new(),
        definition_of_done: Vec::new(),
        warnings: vec![Warning {
            diagnostic: Diagnostic::warning(".adr/decisions/0001-x.md", hostile),
            id: hostile.into(),
            commit: None,
        }],
    };
    for limit in [BODY_LIMIT, 200] {
        if let Ok(body) = render(&summary, &template, limit) {
            let n = body.chars().count();
            assert!(n <= limit, "{n} characters over the limit of {limit}");
        }
    }
}

/// An index file (`.git/index`, or `GIT_INDEX_FILE`): its entries and extensions read, and its
/// cache-tree when it has one.
pub fn index_file(bytes: &[u8]) {
    use crate::git::index_file::{read, CacheTree};
    let mut n = 0usize;
    if let Some(layout) = read(bytes, &mut |e| n += e.path.len() + usize::from(e.stage)) {
        if let Some(data) = layout.extension(b"TREE") {
            let _ = CacheTree::parse(data);
        }
    }
}
