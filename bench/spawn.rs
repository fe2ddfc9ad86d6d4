//! Runs one command for bench/bench.py, its input and output /dev/null, and prints
//! "<wall ms> <peak resident KB> <exit code>". A small process of its own, not Python, starts the
//! command because Linux counts a child's peak memory from the memory of the process it was
//! spawned from: from Python every command would weigh at least Python's 16 MB.
use std::process::{Command, Stdio};
use std::time::Instant;

/// `struct rusage` on 64-bit Linux: two timevals, then `ru_maxrss` and thirteen more longs.
#[repr(C)]
struct Rusage {
    times: [i64; 4],
    maxrss_kb: i64,
    rest: [i64; 13],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}
const RUSAGE_CHILDREN: i32 = -1;

fn main() {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let start = Instant::now();
    let status = Command::new(&args[0])
        .args(&args[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut usage = Rusage { times: [0; 4], maxrss_kb: 0, rest: [0; 13] };
    // SAFETY: getrusage writes one struct rusage, whose layout Rusage reproduces.
    unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) };
    let code = match status {
        Ok(s) => s.code().unwrap_or(-1),
        Err(_) => 127,
    };
    println!("{ms:.3} {} {code}", usage.maxrss_kb);
}
