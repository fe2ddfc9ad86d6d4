//! The text of `.adr/config.toml`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| git_adr::fuzzing::config(data));
