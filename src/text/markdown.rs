//! Markdown output that user text cannot break out of: no raw HTML, no pings, no broken tables.

/// Text made safe inside a Markdown table cell: pipes escaped, newlines flattened, HTML
/// neutralised, `@mentions` kept from pinging.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@\u{200b}"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
