//! Statuses as existing ADR folders write them: free text ("Approved by TSC 04/08/2020",
//! `**Accepted**`, "Superceded by [5. X](0005-x.md)", a template's `{Proposed|Accepted}` left in).
//! People see the text as written; filters, checks and JSON use a normalised key derived here.
//!
//! Also what a status *means*: its [`Role`] in the lifecycle, whatever a team calls it.

use crate::text::term::Tone;

/// What a status means in a record's life, whatever the team calls it: lifecycle commands,
/// checks and the summary ask for a role, and the lifecycle's `[lifecycle.roles]` says which
/// of its statuses plays it (`superseded = "replaced"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl Role {
    /// Every role, in lifecycle order.
    pub const ALL: [Role; 5] = [
        Role::Proposed,
        Role::Accepted,
        Role::Rejected,
        Role::Deprecated,
        Role::Superseded,
    ];

    /// The role's name in `[lifecycle.roles]`, which is also the default lifecycle's status
    /// that plays it.
    pub fn word(self) -> &'static str {
        match self {
            Role::Proposed => "proposed",
            Role::Accepted => "accepted",
            Role::Rejected => "rejected",
            Role::Deprecated => "deprecated",
            Role::Superseded => "superseded",
        }
    }

    /// The role named `word` (a key of `[lifecycle.roles]`).
    pub fn from_word(word: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.word() == word)
    }

    /// Is a decision in this role closed: no longer to be followed, cited or reviewed?
    pub fn is_closed(self) -> bool {
        matches!(self, Role::Rejected | Role::Deprecated | Role::Superseded)
    }

    /// How a status in this role is coloured.
    pub fn tone(self) -> Tone {
        match self {
            Role::Proposed => Tone::Open,
            Role::Accepted => Tone::Settled,
            _ => Tone::Closed,
        }
    }
}

/// Words that mean one of the default lifecycle's statuses, as whole words or phrases. The
/// earliest match in the text wins: "Accepted, middleware implemented" is accepted,
/// "Proposed (superseded by …)" is proposed.
const SYNONYMS: &[(&str, Role)] = &[
    ("superseded", Role::Superseded),
    ("superceded", Role::Superseded),
    ("replaced", Role::Superseded),
    ("accepted", Role::Accepted),
    ("accept", Role::Accepted),
    ("approved", Role::Accepted),
    ("adopted", Role::Accepted),
    ("agreed", Role::Accepted),
    ("decided", Role::Accepted),
    ("implemented", Role::Accepted),
    ("ratified", Role::Accepted),
    ("active", Role::Accepted),
    ("done", Role::Accepted),
    ("final", Role::Accepted),
    ("proposed", Role::Proposed),
    ("proposal", Role::Proposed),
    ("draft", Role::Proposed),
    ("pending", Role::Proposed),
    ("in review", Role::Proposed),
    ("under review", Role::Proposed),
    ("under discussion", Role::Proposed),
    ("in discussion", Role::Proposed),
    ("in progress", Role::Proposed),
    ("work in progress", Role::Proposed),
    ("wip", Role::Proposed),
    ("open", Role::Proposed),
    ("rfc", Role::Proposed),
    ("suggested", Role::Proposed),
    ("rejected", Role::Rejected),
    ("declined", Role::Rejected),
    ("refused", Role::Rejected),
    ("abandoned", Role::Rejected),
    ("withdrawn", Role::Rejected),
    ("dismissed", Role::Rejected),
    ("discarded", Role::Rejected),
    ("deprecated", Role::Deprecated),
    ("obsolete", Role::Deprecated),
    ("retired", Role::Deprecated),
    ("reverted", Role::Deprecated),
    ("archived", Role::Deprecated),
    ("outdated", Role::Deprecated),
];

/// The status text with Markdown reduced to its words: links to their text, emphasis and code
/// marks dropped, white space collapsed, trailing periods removed.
pub fn plain_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        // `[text](target)` → text; any other bracket stays as written.
        match after.find(']') {
            Some(close) if after[close + 1..].starts_with('(') => {
                let text = &after[..close];
                let tail = &after[close + 1..];
                match tail.find(')') {
                    Some(end) => {
                        out.push_str(text);
                        rest = &tail[end + 1..];
                    }
                    None => {
                        out.push('[');
                        rest = after;
                    }
                }
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let cleaned: String = out
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned
        .split(' ')
        .map(|w| w.trim_matches('_'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .join(" ")
        .trim_end_matches(['.', ' '])
        .trim()
        .to_string()
}

/// Removes template choice groups left in a status: `{Deprecated|Proposed|Accepted}` and
/// `[ accepted | deprecated | … ]`. Nobody chose those words, so they must not count.
fn without_choices(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '{' || c == '[' {
            let close = if c == '{' { '}' } else { ']' };
            if let Some(len) = text[i + 1..].find(close) {
                let inner = &text[i + 1..i + 1 + len];
                if inner.contains('|') || c == '{' {
                    while chars.peek().is_some_and(|(j, _)| *j <= i + 1 + len) {
                        chars.next();
                    }
                    out.push(' ');
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// The normalised key of a free-text status: one of the default lifecycle's statuses when a
/// word says so, otherwise the first words as a kebab-case key (`on hold` → `on-hold`); `None`
/// when no status was chosen (empty, or only a template's choices).
/// "Approved by TSC 04/08/2020" → `accepted`; "Superceded by [3. Use X](0003-use-x.md)" →
/// `superseded`; "{Deprecated|Proposed|Accepted}" → none; "On hold" → `on-hold`.
pub fn normalise(raw: &str) -> Option<String> {
    // Choices first: a bracketed group is gone before links are reduced to their text.
    let text = plain_text(&without_choices(raw)).to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    for i in 0..words.len() {
        for (phrase, key) in SYNONYMS {
            let parts: Vec<&str> = phrase.split(' ').collect();
            if words[i..].starts_with(&parts) {
                let before = i.checked_sub(1).map(|j| words[j]);
                return Some(match (before, *key) {
                    (Some("not" | "never"), Role::Accepted) => Role::Rejected.word().into(),
                    (Some("partly" | "partially"), k) => format!("partly-{}", k.word()),
                    _ => key.word().to_string(),
                });
            }
        }
    }
    // The first word, and a second one unless it starts a qualifier ("postponed until …").
    const STOP: &[&str] = &[
        "by", "until", "since", "as", "at", "for", "in", "to", "from", "because", "and", "with",
    ];
    let key: Vec<&str> = words
        .iter()
        .enumerate()
        .take_while(|(i, w)| {
            !w.chars().all(|c| c.is_ascii_digit()) && (*i == 0 || !STOP.contains(w))
        })
        .take(2)
        .map(|(_, w)| *w)
        .collect();
    (!key.is_empty()).then(|| key.join("-"))
}

/// The lifecycle word a status is a misspelling of: its first word is within two edits
/// (letters changed, added, removed or swapped) of one of `words`, case aside. `acepted` and
/// `Accpeted` → `accepted`. Only words of five letters or more are compared, and a status any
/// word of which already means a lifecycle status ("Approved by TSC 04/08/2020") is free text,
/// not a misspelling: `None`.
pub fn near_miss<'w>(raw: &str, words: &[&'w str]) -> Option<&'w str> {
    if normalise(raw).is_some_and(|key| {
        Role::ALL.iter().any(|r| key.ends_with(r.word())) || words.contains(&key.as_str())
    }) {
        return None;
    }
    let text = plain_text(&without_choices(raw)).to_lowercase();
    let first = text.split(|c: char| !c.is_alphabetic()).next()?;
    if first.chars().count() < 5 {
        return None;
    }
    words
        .iter()
        .copied()
        .filter(|w| *w != first && w.chars().count() >= 5)
        .map(|w| (edit_distance(first, &w.to_lowercase()), w))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, w)| w)
}

/// Edits (substitution, insertion, deletion, swap of neighbours) turning `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_seen_in_the_wild() {
        let cases = [
            ("Accepted", Some("accepted")),
            ("accepted.", Some("accepted")),
            ("Accepted, middleware implemented", Some("accepted")),
            ("Approved by TSC 04/08/2020", Some("accepted")),
            ("**Approved**", Some("accepted")),
            ("** Approved **", Some("accepted")),
            ("*Draft*", Some("proposed")),
            ("In Review", Some("proposed")),
            ("Pending", Some("proposed")),
            ("Implemented", Some("accepted")),
            ("Declined", Some("rejected")),
            ("Reverted", Some("deprecated")),
            ("Partly superseded", Some("partly-superseded")),
            ("on hold", Some("on-hold")),
            ("Not accepted", Some("rejected")),
            (
                "Superseded by [ADR-0005](0005-example.md)",
                Some("superseded"),
            ),
            ("superseded by ADR-0057", Some("superseded")),
            (
                "Superceded by [3. Use X](0003-use-x.md)",
                Some("superseded"),
            ),
            ("{Deprecated|Proposed|Accepted}", None),
            (
                "draft [ accepted | deprecated | superseded by … ]",
                Some("proposed"),
            ),
            ("", None),
            ("   ", None),
            (
                "We discussed this at length and the team accepted it\nafter the spike.",
                Some("accepted"),
            ),
            ("Postponed until 2021", Some("postponed")),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn roles_are_named_by_their_words() {
        for role in Role::ALL {
            assert_eq!(Role::from_word(role.word()), Some(role));
        }
        assert_eq!(Role::from_word("replaced"), None);
        let closed: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_closed()).collect();
        assert_eq!(closed, [Role::Rejected, Role::Deprecated, Role::Superseded]);
    }

    #[test]
    fn plain_text_keeps_words() {
        assert_eq!(
            plain_text("Superseded by [3. Use X](0003-use-x.md)."),
            "Superseded by 3. Use X"
        );
        assert_eq!(plain_text("**Accepted**\r\n"), "Accepted");
        assert_eq!(plain_text("[not a link"), "[not a link");
    }

    #[test]
    fn normalise_reads_free_text_the_way_the_docs_say() {
        for (text, key) in [
            ("Approved by TSC 04/08/2020", Some("accepted")),
            ("** Approved **", Some("accepted")),
            (
                "Superceded by [3. Use X](0003-use-x.md)",
                Some("superseded"),
            ),
            ("{Deprecated|Proposed|Accepted}", None),
            ("On hold", Some("on-hold")),
        ] {
            assert_eq!(normalise(text).as_deref(), key, "{text:?}");
        }
    }

    #[test]
    fn near_misses_of_lifecycle_words_are_named() {
        let words = [
            "proposed",
            "accepted",
            "rejected",
            "deprecated",
            "superseded",
        ];
        for (raw, want) in [
            ("acepted", Some("accepted")),
            ("Accpeted", Some("accepted")),
            ("**propsed**", Some("proposed")),
            ("Depricated since 2021", Some("deprecated")),
            ("Accepted", None),
            ("Approved by TSC 04/08/2020", None),
            ("Implemented", None),
            ("On hold", None),
            ("Draft", None),
            ("Postponed until 2021", None),
            ("", None),
        ] {
            assert_eq!(near_miss(raw, &words), want, "{raw:?}");
        }
    }
}
