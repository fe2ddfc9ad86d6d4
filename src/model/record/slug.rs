//! Titles made safe: a file-name slug that works on Linux, macOS and Windows and can never leave
//! its directory, and a one-line title with no control characters.

use crate::text::term::is_unsafe_char;
/// Longest slug we write, in bytes; long titles are cut at a word boundary.
const MAX_SLUG: usize = 60;

/// Names Windows reserves whatever the extension (`CON.md` cannot be created there).
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Turns a title into a slug of `[a-z0-9-]`: transliterated to ASCII, lower case, words joined
/// by `-`. The result is never empty, never a reserved device name and never contains a path
/// separator or a dot, so `NNNN-<slug>.md` stays inside its directory: "Use PostgreSQL for the
/// event store" → `use-postgresql-for-the-event-store`, "../../etc/passwd" → `etc-passwd`,
/// "CON" → `con-record`.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(title, " ");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > MAX_SLUG {
        let cut = slug[..MAX_SLUG]
            .rfind('-')
            .filter(|i| *i >= MAX_SLUG / 2)
            .unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    }
    if RESERVED.contains(&slug.as_str()) {
        slug.push_str("-record");
    }
    slug
}

/// Cleans a title typed by a person: control characters and bidi overrides removed, runs of
/// whitespace (newlines included) collapsed to one space, trimmed.
pub fn clean_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut escape = false;
    for c in title.chars() {
        // Drop whole ANSI escape sequences (ESC [ ... final byte), not just the ESC.
        if escape {
            if c.is_ascii_alphabetic() || c == '~' {
                escape = false;
            }
            continue;
        }
        if c == '\u{1b}' {
            escape = true;
            continue;
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !is_unsafe_char(c) {
            out.push(c);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn titles_become_safe_slugs() {
        for (title, slug) in [
            ("Use PostgreSQL", "use-postgresql"),
            (
                "Use PostgreSQL for the event store",
                "use-postgresql-for-the-event-store",
            ),
            ("../../etc/passwd", "etc-passwd"),
            ("a/b\\c", "a-b-c"),
            ("CON", "con-record"),
            ("!!!", "untitled"),
            ("Café über naïve", "cafe-uber-naive"),
            ("trailing dot.", "trailing-dot"),
        ] {
            assert_eq!(slugify(title), slug, "{title:?}");
        }
        assert!(!slugify("🚀🔥").is_empty());
    }

    #[test]
    fn titles_lose_escapes_and_controls() {
        assert_eq!(clean_title("a\x1b[2Jb"), "ab");
        assert_eq!(clean_title("  two\nlines\t "), "two lines");
        assert_eq!(clean_title("rtl\u{202e}txt"), "rtltxt");
    }

    proptest! {
        #[test]
        fn any_title_gives_a_safe_slug(title in any::<String>()) {
            let slug = slugify(&title);
            prop_assert!(!slug.is_empty());
            prop_assert!(slug.len() <= MAX_SLUG + 7);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'));
            prop_assert!(!RESERVED.contains(&slug.as_str()));
        }

        #[test]
        fn clean_titles_have_no_controls(title in any::<String>()) {
            let t = clean_title(&title);
            prop_assert!(!t.chars().any(is_unsafe_char));
            prop_assert!(!t.contains('\n'));
        }
    }
}
