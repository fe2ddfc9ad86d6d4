//! Commit-message trailers (`Decision: ADR-0004`), read as git reads them, and the comment
//! prefix git strips from a message.

/// A trailer of a commit message with the key being looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// 1-based line in the message file.
    pub line: usize,
    /// The key as written (`Decision`, `decision`).
    pub key: String,
    /// The value, continuation lines joined with spaces.
    pub value: String,
}

/// The prefix of comment lines in commit messages: `core.commentString`, else `core.commentChar`,
/// else `#` (also for `auto`, where git picks a character per message).
pub fn comment_prefix(repo: &super::repo::Repo) -> String {
    let Ok(config) = repo.git.config() else {
        return "#".into();
    };
    for key in ["core.commentString", "core.commentChar"] {
        if let Ok(v) = config.get_string(key) {
            if !v.is_empty() && v != "auto" {
                return v;
            }
        }
    }
    "#".into()
}

/// The trailers with key `key` (compared case-insensitively, as git does) in a commit message as
/// git hands it to the commit-msg hook: comment lines (starting with `comment`) are ignored, and
/// so is everything below the scissors line that `git commit --verbose` adds. Trailers are what
/// git reads as such (libgit2's port of git's rules): `Key: value` lines in the last paragraph,
/// not in the subject.
pub fn trailers(message: &str, key: &str, comment: &str) -> Vec<Trailer> {
    let scissors = format!("{comment} ------------------------ >8 ------------------------");
    let mut kept: Vec<(usize, &str)> = Vec::new();
    for (i, line) in message.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == scissors {
            break;
        }
        if !comment.is_empty() && line.starts_with(comment) {
            continue;
        }
        kept.push((i + 1, line));
    }
    let cleaned: String = kept.iter().map(|(_, l)| format!("{l}\n")).collect();
    // A NUL cannot reach libgit2; a message with one has no trailers git would read either.
    let Ok(found) = git2::message_trailers_strs(&cleaned) else {
        return Vec::new();
    };
    let wanted: Vec<(String, String)> = found
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(k, v)| {
            (
                k.to_string(),
                v.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    // libgit2 does not say where a trailer is. They are in the last block, before a `---` line
    // (where git starts reading a patch), so they are the last lines that start with the key.
    let end = kept
        .iter()
        .position(|(_, l)| {
            l.strip_prefix("---")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace()))
        })
        .unwrap_or(kept.len());
    let key_lines: Vec<usize> = kept[..end]
        .iter()
        .filter(|(_, l)| {
            l.get(..key.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(key))
                && l[key.len()..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(':')
        })
        .map(|(n, _)| *n)
        .collect();
    let skip = key_lines.len().saturating_sub(wanted.len());
    wanted
        .into_iter()
        .enumerate()
        .map(|(i, (key, value))| Trailer {
            line: key_lines.get(skip + i).copied().unwrap_or(0),
            key,
            value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_in_the_last_paragraph_are_found_with_their_lines() {
        let msg = "Subject\n\nBody text.\n\nDecision: ADR-0002\nsigned-off-by: A <a@b>\ndecision : 3, ADR-4\n# Please enter the commit message\n#\n";
        let t = trailers(msg, "Decision", "#");
        let got: Vec<(usize, &str)> = t.iter().map(|t| (t.line, t.value.as_str())).collect();
        assert_eq!(got, vec![(5, "ADR-0002"), (7, "3, ADR-4")]);
    }

    #[test]
    fn comments_scissors_and_the_subject_are_not_trailers() {
        assert!(trailers("Decision: ADR-2\n", "Decision", "#").is_empty());
        let msg = "Subject\n\n# Decision: ADR-9\n";
        assert!(trailers(msg, "Decision", "#").is_empty());
        let msg = "Subject\n\nbody\n; ------------------------ >8 ------------------------\n\nDecision: ADR-9\n";
        assert!(trailers(msg, "Decision", ";").is_empty());
        let msg = "Subject\n\nWe follow Decision: ADR-2 here, as agreed\nand more prose.\n";
        assert!(trailers(msg, "Decision", "#").is_empty());
    }

    #[test]
    fn a_custom_comment_character_is_honoured() {
        let msg = "Subject\n\nDecision: 2\n; a comment\n";
        let t = trailers(msg, "decision", ";");
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].line, t[0].value.as_str()), (3, "2"));
    }
}
