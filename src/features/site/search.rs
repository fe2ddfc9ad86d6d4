//! The search index the site's script loads: a small inverted index (every word of a record's
//! title and body → the records holding it), written as a script that assigns one global, so
//! that it loads from `file://` too, where a browser refuses to `fetch` a file.
//!
//! Shape (`window.GIT_ADR_SEARCH`): `d` has one entry per row of the index page, in its order:
//! `[kind, status key, [tags]]`, for the filters; `t` is the sorted list of words, `p[i]` the
//! rows holding `t[i]`, ascending. The script matches each typed word as a prefix (binary search
//! in `t`) and keeps the rows holding them all.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::json;

use super::pages::Row;
use crate::model::record::Record;

/// Words shorter than this are not indexed (`a`, `to`) nor searched for.
const MIN_WORD: usize = 2;
/// Longer runs (hashes, base64) are not words anyone types.
const MAX_WORD: usize = 32;

/// The index of `records` (whose index-page rows are `rows`) as a script.
pub fn index(records: &[Record], rows: &[Row]) -> String {
    // A hash map while counting (millions of lookups), sorted once at the end.
    let mut terms: HashMap<String, Vec<u32>> = HashMap::new();
    for (n, r) in records.iter().enumerate() {
        let n = n as u32;
        for word in words(&r.title).chain(words(r.body())) {
            match terms.get_mut(word.as_ref()) {
                // Rows are visited in order, so a repeat of the word is always the last entry.
                Some(postings) => {
                    if postings.last() != Some(&n) {
                        postings.push(n);
                    }
                }
                None => {
                    terms.insert(word.into_owned(), vec![n]);
                }
            }
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = terms.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let docs: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| json!([r.kind, r.key, r.tags]))
        .collect();
    let (t, p): (Vec<String>, Vec<Vec<u32>>) = terms.into_iter().unzip();
    let data = json!({ "d": docs, "t": t, "p": p });
    // JSON is a JavaScript expression; `<` escaped so that no `</script>` could ever close a
    // tag, should the file be inlined.
    let text = data.to_string().replace('<', "\\u003c");
    format!("window.GIT_ADR_SEARCH = {text};\n")
}

/// The words of `text` as the script splits a query: runs of letters and digits, lowercased.
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let n = w.chars().count();
            (MIN_WORD..=MAX_WORD).contains(&n)
        })
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_runs_of_letters_and_digits() {
        let w: Vec<Cow<'_, str>> = words("Use PostgreSQL 16, not a `Café`-DB!").collect();
        assert_eq!(w, ["use", "postgresql", "16", "not", "café", "db"]);
    }
}
