//! Template text: what git-adr's templates (`templates/*.md.j2`) write for the author to
//! replace, wherever the record now lives. A `{…}` placeholder holding a word (`{who checks
//! it}`, `{Describe how …}`), or MADR 2's one `[…]` span; code spans (`` `{a: 1}` ``) are the
//! author's. How a body's blocks and sections are judged is [`super::blocks`]' business; this
//! is the same test for a single text outside a body, such as a checklist item's `text` and
//! `owner` in front matter.

/// Is `text` still a template's placeholder rather than the author's words?
pub fn is_template_text(text: &str) -> bool {
    super::blocks::placeholder_title(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_of_the_shipped_templates_are_template_text() {
        for t in [
            "{What must be true before merging}",
            "{who checks it}",
            " {Why this checklist exists and when it applies.} ",
            "[example | description | pointer to more information | …]",
        ] {
            assert!(is_template_text(t), "{t:?}");
        }
        for t in [
            "Migrations are reversible",
            "dba",
            "`jq '{a: 1}'` passes",
            "{}",
            "",
        ] {
            assert!(!is_template_text(t), "{t:?}");
        }
    }
}
