//! `bench/run.sh` keeps working: a smoke run of both its modes at a tiny size, one run per figure,
//! with the debug binary and without adrs. A change that breaks the script, its generated
//! repositories or a command it times fails here rather than on the day someone measures.
//! The figures it prints are never asserted (no timed tests); the rows and targets are.

mod common;

use common::isolate;
use std::process::Command;

fn bench(args: &[&str]) -> String {
    // The real compiler, not rustup's proxy, which needs the HOME that `isolate` replaces.
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .expect("rustc runs");
    let rustc = format!(
        "{}/bin/rustc",
        String::from_utf8_lossy(&sysroot.stdout).trim()
    );
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/run.sh"))
        .arg("--quick")
        .args(args);
    isolate(&mut cmd, home.path());
    cmd.env("BIN", env!("CARGO_BIN_EXE_git-adr"))
        .env("ADRS", "")
        .env("RUSTC", rustc)
        .env_remove("KEEP");
    let out = cmd.output().expect("bash runs bench/run.sh");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "bench/run.sh {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The row of `label`, which must be there.
fn row<'o>(out: &'o str, label: &str) -> &'o str {
    out.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no row `{label}` in:\n{out}"))
}

#[test]
fn records_mode_times_both_corpora_at_two_sizes_with_targets_and_growth() {
    let out = bench(&["12", "24"]);
    assert!(out.contains("adrs: not installed"), "{out}");
    assert_eq!(out.matches("native corpus: ").count(), 2, "{out}");
    assert_eq!(out.matches("adr-tools corpus: ").count(), 2, "{out}");
    assert!(
        row(&out, "list, cold").contains("cat every record"),
        "{out}"
    );
    assert!(row(&out, "list, cold").contains("<= 1x cat"), "{out}");
    assert!(row(&out, "list, warm").contains("<= 25 ms"), "{out}");
    assert!(
        row(&out, "new --supersedes 5, warm").contains("<= 20 ms"),
        "{out}"
    );
    assert!(
        row(&out, "check --staged, 1 staged record, warm").contains("<= 10 ms"),
        "{out}"
    );
    assert!(
        row(&out, "pr --base main (50 commits), cold").contains("<= 100 ms"),
        "{out}"
    );
    assert!(
        row(&out, "site --out DIR, warm").contains("<= 2000 ms"),
        "{out}"
    );
    assert!(out.contains("growth from 12 to 24 records"), "{out}");
    assert!(
        row(&out, "adr-tools: list, cold").contains("us/record"),
        "{out}"
    );
}

#[test]
fn history_mode_times_cold_warm_and_incremental() {
    let out = bench(&["history", "20", "200"]);
    assert!(
        row(&out, "history 10, cold").contains("git log --name-status -- .adr"),
        "{out}"
    );
    assert!(out.contains("<= 150 MB"), "{out}");
    assert!(
        row(&out, "history 10, 1 new commit").contains("<= 50 ms"),
        "{out}"
    );
    assert!(out.contains("caches: "), "{out}");
}
