//! Record text escaped into the summary's Markdown: no raw HTML, no live `@mention`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| git_adr::fuzzing::markdown(text));
