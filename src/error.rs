//! The library's one error type. Every variant says what went wrong, where (file and line when
//! there is one) and how to fix it; `exit_code` is the single place that maps errors to exit codes.

pub mod rule;

use std::fmt;
use std::path::PathBuf;

use rule::Rule;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A location in a file: the path as shown to people, and a 1-based line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => write!(f, "{}", self.path),
        }
    }
}

/// What can go wrong when reading one record. Kept separate from [`Error`] so listings can show
/// the broken files and still list the others.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: {message}")]
pub struct RecordError {
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
    /// The `git adr check` rule this problem belongs to.
    pub rule: Rule,
}

impl RecordError {
    pub fn new(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        RecordError {
            location: Location {
                path: path.to_string(),
                line,
            },
            message: message.into(),
            hint: None,
            rule: Rule::Unreadable,
        }
    }

    /// The problem belongs to `rule`, not to [`Rule::Unreadable`].
    pub fn with_rule(mut self, rule: Rule) -> Self {
        self.rule = rule;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Errors of the library. All of them are usage or environment errors (exit code 2) except
/// [`Error::Findings`], which means a check ran and found problems (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No repository at or above the directory.
    #[error("not a git repository (or any parent up to the filesystem root): {path}")]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
    },

    /// The repository has no `.adr/` and no configured records folder.
    #[error("no .adr/ directory in {root}")]
    NoAdrDir {
        /// The repository's work tree.
        root: PathBuf,
    },

    /// A repository git can read but git-adr's git library cannot (SHA-256 objects, reftable
    /// refs): `what` names the format ("object format sha256").
    #[error("git-adr cannot read this repository ({what})")]
    UnreadableRepository {
        /// The format libgit2 lacks.
        what: String,
    },

    /// A command that writes files ran in a bare repository.
    #[error("this is a bare repository: `git adr {command}` writes files and needs a work tree")]
    BareRepository {
        /// The subcommand's name.
        command: String,
    },

    /// Bad arguments, or a request the records do not allow.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to get past it.
        hint: Option<String>,
    },

    /// A record that cannot be read or parsed.
    #[error("{0}")]
    Record(#[from] RecordError),

    /// A bad `.adr/config.toml`.
    #[error("{location}: {message}")]
    Config {
        /// File and line.
        location: Location,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },

    /// A template that does not compile or render.
    #[error("{location}: {message}")]
    Template {
        /// The template file, and its line when known.
        location: Location,
        /// What is wrong.
        message: String,
    },

    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// A git operation failed.
    #[error("git: {context}: {source}")]
    Git {
        /// What was being done.
        context: String,
        /// libgit2's error.
        source: git2::Error,
    },

    /// A command ran and found problems it already reported (exit code 1). The message is a
    /// closing summary printed as one line (newlines shown as `\n`): a command that has more to
    /// say prints those lines itself, each made one line, before returning this.
    #[error("{0}")]
    Findings(String),
}

impl Error {
    /// The process exit code for this error: 1 for findings, 2 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Findings(_) => 1,
            _ => 2,
        }
    }

    /// A suggestion that tells the user how to get past this error, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotARepository { .. } => {
                Some("run git adr inside a git repository, or point at one with `-C DIR`".into())
            }
            Error::NoAdrDir { .. } => {
                Some("run `git adr init` to create .adr/ with its config and first record".into())
            }
            Error::UnreadableRepository { .. } => Some(
                "git-adr reads repositories through libgit2, which does not support this format yet; git-adr works in repositories with SHA-1 objects and files refs (what `git init` makes by default)"
                    .into(),
            ),
            Error::BareRepository { .. } => {
                Some("run it in a clone with a work tree (`git clone` of this repository)".into())
            }
            Error::Usage { hint, .. } | Error::Config { hint, .. } => hint.clone(),
            Error::Record(e) => e.hint.clone(),
            Error::Template { .. } => Some(
                "fix the template, or delete it from .adr/templates/ to use the built-in one"
                    .into(),
            ),
            _ => None,
        }
    }

    /// A usage error without a hint.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// A usage error with a hint.
    pub fn usage_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// A failed read or write of `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A failed git operation, with what was being done.
    pub fn git(context: impl Into<String>, source: git2::Error) -> Self {
        Error::Git {
            context: context.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_error_belongs_to_unreadable_unless_it_names_its_rule() {
        let e = RecordError::new("a.md", None, "not UTF-8");
        assert_eq!(e.rule, Rule::Unreadable);
        let e = e.with_rule(Rule::FrontMatter);
        assert_eq!(
            (e.rule, e.to_string()),
            (Rule::FrontMatter, "a.md: not UTF-8".into())
        );
    }
}
