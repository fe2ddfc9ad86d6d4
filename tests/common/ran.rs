//! What one run printed and how it ended, with chainable expectations.

use std::process::{Command as StdCommand, Output};
use std::time::Duration;

/// A command that can be run to completion by [`Ran::of`].
pub trait Runs {
    fn finish(&mut self) -> Output;
}

impl Runs for StdCommand {
    fn finish(&mut self) -> Output {
        self.output().expect("runs")
    }
}

impl Runs for assert_cmd::Command {
    fn finish(&mut self) -> Output {
        // A run that waits for input it can never get fails the test instead of hanging it.
        self.timeout(Duration::from_secs(60));
        self.output().expect("git-adr runs")
    }
}

impl<T: Runs> Runs for &mut T {
    fn finish(&mut self) -> Output {
        (**self).finish()
    }
}

/// What one run printed and how it ended.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
    pub raw_stderr: Vec<u8>,
}

impl From<Output> for Ran {
    fn from(out: Output) -> Ran {
        Ran {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            raw_stdout: out.stdout,
            raw_stderr: out.stderr,
        }
    }
}

impl Ran {
    /// Runs `cmd` (the git-adr binary or any program) and keeps what it printed.
    pub fn of(mut cmd: impl Runs) -> Ran {
        Ran::from(cmd.finish())
    }

    /// Asserts exit code `code`, printing both streams when it is another.
    pub fn code(self, code: i32) -> Ran {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn ok(self) -> Ran {
        self.code(0)
    }

    /// Exit 2: what the tool says when it refuses the request.
    pub fn usage_error(self) -> Ran {
        self.code(2)
    }

    /// Any non-zero exit (not a signal).
    pub fn failed(self) -> Ran {
        assert!(
            self.code.is_some_and(|c| c != 0),
            "expected a failure\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn stderr_has(self, needle: &str) -> Ran {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn stderr_lacks(self, needle: &str) -> Ran {
        assert!(
            !self.stderr.contains(needle),
            "stderr should not contain {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn stdout_has(self, needle: &str) -> Ran {
        assert!(
            self.stdout.contains(needle),
            "stdout should contain {needle:?}:\n{}",
            self.stdout
        );
        self
    }
}
