//! A record file: the first line of the input is its file name, the rest its bytes, read by
//! every reader the store uses (front matter, adr-tools, MADR 2).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, bytes) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b"0001-x.md"[..], data),
    };
    git_adr::fuzzing::record(&String::from_utf8_lossy(name), bytes);
});
