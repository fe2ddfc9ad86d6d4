//! HTML output that user text cannot break out of, for `git adr site`: escaping, link targets
//! that cannot run script, and record Markdown rendered with its raw HTML shown as text.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::text::term::is_unsafe_char;

/// Text escaped for HTML content and double-quoted attribute values. `/` is left alone (unlike
/// minijinja's HTML escaping) so that URLs stay readable; control characters and bidi overrides
/// are dropped as everywhere else user text is shown.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Is `url` safe as a link or image target: a relative reference, a fragment, or an `http`,
/// `https` or `mailto` URL? `javascript:`, `data:`, `vbscript:`, `file:` and any other scheme
/// are not. Browsers ignore tabs and newlines inside a scheme (`java\tscript:`) and leading
/// spaces and control characters, so those are removed before the scheme is read.
pub fn safe_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = squeezed.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if squeezed.as_bytes()[i] == b':' => {
            matches!(&squeezed[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// A record's Markdown as HTML (CommonMark with tables, strikethrough and task lists). Raw
/// HTML in the record (blocks and inline tags) is shown as text, never passed through: a
/// record's `<script>` or `<img onerror>` is words on the page. Link and image targets that
/// could run script are dropped (the link text stays); `rewrite` may point a relative target
/// elsewhere (a link to another record's file becomes a link to its page).
pub fn markdown(md: &str, rewrite: &dyn Fn(&str, bool) -> Option<String>) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let fix = |url: CowStr<'_>, image: bool| -> Option<CowStr<'static>> {
        if !safe_url(&url) {
            return None;
        }
        Some(match rewrite(&url, image) {
            Some(to) => CowStr::from(to),
            None => CowStr::from(url.into_string()),
        })
    };
    // Whether each open link was kept: an unsafe link's text stays, its tags go.
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(md, options).filter_map(|event| match event {
        // An HTML block is shown as the code it is; inline HTML as text.
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::CodeBlock)),
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let kept = fix(dest_url, false);
            links.push(kept.is_some());
            kept.map(|dest_url| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            })
        }
        Event::End(TagEnd::Link) => links
            .pop()
            .unwrap_or(true)
            .then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Image {
            link_type,
            dest_url: fix(dest_url, true).unwrap_or(CowStr::Borrowed("")),
            title,
            id,
        })),
        other => Some(other),
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_slashes_and_drops_bidi_overrides() {
        assert_eq!(
            escape("<a href=\"x/y\">'&'</a>\u{202e}"),
            "&lt;a href=&quot;x/y&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn only_harmless_schemes_are_safe() {
        for ok in [
            "0002-x.md",
            "#top",
            "https://x.org/a",
            "mailto:a@b",
            "../a:b",
            "?q=a:b",
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn raw_html_is_shown_as_text_and_script_urls_dropped() {
        let html = markdown(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](data:x)\n",
            &|_, _| None,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=\"x\""), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:x"), "{html}");
    }

    #[test]
    fn relative_links_can_be_rewritten() {
        let html = markdown("[old](0001-old.md)", &|u, _| {
            (u == "0001-old.md").then(|| "adr-0001.html".to_string())
        });
        assert_eq!(html, "<p><a href=\"adr-0001.html\">old</a></p>\n");
    }
}
