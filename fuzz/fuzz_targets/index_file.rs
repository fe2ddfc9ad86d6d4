//! git's index file, read as `new` and `check --staged` read it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| git_adr::fuzzing::index_file(data));
