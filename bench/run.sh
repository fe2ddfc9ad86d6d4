#!/usr/bin/env bash
# git-adr's side-by-side benchmark (issue 17): generates repositories and times git-adr beside adrs
# (the peer, when installed) and baselines measured in the same run on the same files.
#
#   bench/run.sh [N…]                    # records: each size (default 1000 and 10000) twice, as
#                                        # git-adr's native corpus and as adr-tools' Nygard folder
#                                        # read in place; with two sizes, a growth line per command
#   bench/run.sh history [N] [COMMITS]   # history: N records over COMMITS commits (10,000 over
#                                        # 100,000), cold (no cache), warm and incremental
#   bench/run.sh --quick …               # one run per figure (RUNS=1 COLD_RUNS=1): a smoke run
#
# RUNS (7) paired runs per figure, COLD_RUNS (3) for those that walk all history; medians in ms,
# peak memory in MB. BIN=path times that binary instead of building the release one; ADRS=path
# names adrs (default: `adrs` on PATH; install with `cargo install adrs --version '^0.13'`).
# KEEP=1 keeps the repositories and prints where. Needs git, python3 and cargo; the measuring is
# in bench/bench.py.
set -euo pipefail
if [ "${1:-}" = --quick ]; then export RUNS=1 COLD_RUNS=1; shift; fi
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  BIN="$here/target/release/git-adr"
fi
export BIN ADRS=${ADRS-$(command -v adrs || true)}
exec python3 "$here/bench/bench.py" "$@"
