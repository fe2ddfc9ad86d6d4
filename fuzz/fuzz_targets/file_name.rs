//! A file name in a records folder (`1234567é.md` once panicked every command).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|name: &str| git_adr::fuzzing::file_name(name));
