//! A short run of each fuzz target's check (`fuzz/fuzz_targets/`) on the stable toolchain: the
//! same functions (`git_adr::fuzzing`), fed a few hundred inputs built from the pieces that have
//! broken readers and escapers before. A long campaign is `cargo +nightly fuzz run <target>`
//! (README, "Fuzzing").

use git_adr::fuzzing;
use proptest::prelude::*;
use proptest::sample::select;

/// Strings made of `pieces`, up to `max` of them.
fn joined(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(select(pieces), 0..max).prop_map(|p| p.concat())
}

const MARKDOWN: &[&str] = &[
    "`",
    "``",
    "\\",
    "\\`",
    "<",
    ">",
    "<img src=x>",
    "<details>",
    "</summary>",
    "@",
    "@org/team",
    "&",
    "&#64;",
    "&commat;",
    "|",
    "\\|",
    "a",
    " ",
    "\n",
    "\t",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{200b}",
    "é",
    "*",
    "_",
    "[",
    "](",
    ")",
    "#",
    "!",
    "<!--",
    "-->",
    "<http://x>",
];

const RECORD: &[&str] = &[
    "---\n",
    "status: accepted\n",
    "status: [a, b]\n",
    "date: 2024-01-05\n",
    "title: \"x\n",
    "supersedes: [1, ADR-0002]\n",
    "&a [*a, *a]\n",
    "# 1. Title\n",
    "# Title\n",
    "Date: 2024-13-45\n",
    "## Status\n",
    "Accepted\n",
    "* Status: proposed\n",
    "## Decision Outcome\n",
    "Chosen option: \"x\", because\n",
    "### Consequences\n",
    "* Good, because é\n",
    "```\n",
    "<<<<<<< HEAD\n",
    "\u{feff}",
    "\r\n",
    "\0",
    "\u{202e}",
    "- [ ] x\n",
    "\n",
    "  ",
    "é",
];

const NAMES: &[&str] = &[
    "0001",
    "1234567",
    "é",
    "-",
    "x",
    ".md",
    ".markdown",
    "2024-01-0",
    "20240105",
    "adr-",
    "README",
    "0000-template",
    "\u{1}",
    " ",
    ".",
    "9999999999",
];

const CONFIG: &[&str] = &[
    "[ids]\n",
    "prefix = \"<img>@org/team-\"\n",
    "width = 99\n",
    "width = -1\n",
    "[kinds.adr]\n",
    "folder = \"doc/adr\"\n",
    "folder = \"/\"\n",
    "folder = \"../x\"\n",
    "[lifecycle]\n",
    "statuses = [\"a\", \"b\"]\n",
    "initial = \"c\"\n",
    "[lifecycle.transitions]\n",
    "a = [\"b\", \"z\"]\n",
    "[dod]\n",
    "timeout-seconds = 9223372036854775807\n",
    "[kinds.rfc]\n",
    "dir = \"rfcs\"\n",
    "numbered = false\n",
    "[check.rules]\n",
    "x = \"error\"\n",
    "é",
    "\"",
    "=",
    "\n",
    "[",
    "]",
];

/// Template pieces with no large numbers: a budget overrun ends the process by design, which
/// a smoke run inside `cargo test` cannot survive. The fuzz target is not so limited.
const TEMPLATE: &[&str] = &[
    "{{ ",
    " }}",
    "{% ",
    " %}",
    "base",
    "commits",
    "warnings",
    "w.message",
    "w.id",
    "| text",
    "| cell",
    "| html",
    "| code",
    "| fenced",
    "| lead(3)",
    "| indent(2)",
    "| upper",
    "~",
    "*",
    "for w in warnings",
    "endfor",
    "if empty",
    "endif",
    "range(3)",
    "\"x\"",
    "2",
    "(",
    ")",
    ",",
    "<img src=x>",
    "@org/team",
    "\n",
    "a",
    "{#",
    "#}",
    "set x = base",
    "x",
    "loop.index",
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_escaping(s in joined(MARKDOWN, 24)) {
        fuzzing::markdown(&s);
    }

    #[test]
    fn record_reading(name in joined(NAMES, 4), text in joined(RECORD, 16),
                      junk in prop::collection::vec(any::<u8>(), 0..16)) {
        let mut bytes = text.into_bytes();
        bytes.extend(junk);
        fuzzing::record(&name, &bytes);
    }

    #[test]
    fn record_file_names(name in joined(NAMES, 6)) {
        fuzzing::file_name(&name);
    }

    #[test]
    fn config_parsing(text in joined(CONFIG, 12)) {
        fuzzing::config(text.as_bytes());
    }

    #[test]
    fn template_rendering(source in joined(TEMPLATE, 16)) {
        fuzzing::template(&source);
    }
}

/// The attacks of issue 16, by name, so that they always run.
#[test]
fn known_escaping_attacks() {
    for s in [
        "\\`<img src=x onerror=alert(1)>\\`",
        "`\u{1}`<details>`\u{7f}`",
        "`\u{85}`<b>`\u{202e}`",
        "a `",
        "trailing \\",
        "@org/team &#64;user &commat;user",
        "`a|b` \\| `",
        // Found by this test: a link destination ending inside a code span.
        "[x](`<)<img src=x>`",
        "`<img src=x>```<)[<img src=x>](",
    ] {
        fuzzing::markdown(s);
    }
    fuzzing::file_name("1234567é.md");
    fuzzing::file_name("2024-01-0é-x.md");
    fuzzing::config(b"[dod]\ntimeout-seconds = 9223372036854775807\n");
    fuzzing::template("{{ base | text }} {{ warnings[0].message | html }}");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn index_files(body in prop::collection::vec(any::<u8>(), 0..256), version in 2u8..=4) {
        let mut bytes = b"DIRC\0\0\0".to_vec();
        bytes.push(version);
        bytes.extend_from_slice(&[0, 0, 0, 2]);
        bytes.extend(body);
        fuzzing::index_file(&bytes);
    }
}
