//! A repository's own `pr.md.j2`, rendered within the template limits. A template over the
//! memory or time budget ends the process with git-adr's message (exit code 2), as `git adr pr`
//! does: libFuzzer reports that as "fuzz target exited"; read the message before filing it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| git_adr::fuzzing::template(source));
