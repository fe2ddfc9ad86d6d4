#!/usr/bin/env bash
# Crash consistency: kills each command that writes several files with SIGKILL at a random
# moment (0–30 ms after it starts), runs the next command that takes the edit lock (which
# finishes or clears what the killed one left), then checks:
#
#   - every file under .adr/ and git's index are all as before the command or all as after it
#     (compared with an uninterrupted run of the same command on the same repository);
#   - every record still parses and the relation pairs agree (supersedes ↔ superseded-by,
#     relates ↔ relates), read by an independent reader below, not by git-adr;
#   - no temporary file (.git-adr-*), journal or index.lock is left;
#   - `git status` works.
#
#   bench/crash.sh [RUNS]        # RUNS per command (200); builds the release binary first
#   BIN=path/to/git-adr bench/crash.sh [RUNS]   # another binary (e.g. an older one), no build
#
# Prints, per command: runs, kills that landed (the process died of the signal), how many of
# those left the old state and how many the new one after recovery, and failures.
set -euo pipefail
RUNS=${1:-200}
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  bin="$here/target/release/git-adr"
fi
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "kept in $work" || trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com
mkdir -p "$HOME"

record() { # id slug status extra-front-matter
  printf -- '---\nstatus: %s\ndate: 2026-01-01\n%b---\n\n# %s\n\n## Context and Problem Statement\n\nWhy.\n\n## Decision Outcome\n\nWhat.\n' \
    "$3" "$4" "$2" > ".adr/decisions/$(printf %04d "$1")-$2.md"
}

# The repository every run starts from: five records, committed, some related.
base="$work/base"
git init -q -b main "$base"
( cd "$base"
  "$bin" init >/dev/null
  record 2 two proposed ''
  record 3 three accepted ''
  record 4 four accepted 'relates: [5]\n'
  record 5 five accepted 'relates: [4]\n'
  git add -A && git commit -qm base )

# The state a run is judged by: every file under .adr/ with its hash, and the index.
state() { (cd "$1" && find .adr -type f -print0 | sort -z | xargs -0 sha1sum && git ls-files -s); }

# Independent check of the records: each has a front matter with a status, and relation
# pairs agree. Prints problems, nothing when all is well.
check_records() {
  python3 - "$1/.adr/decisions" <<'EOF'
import os, re, sys
folder = sys.argv[1]
recs = {}
for name in sorted(os.listdir(folder)):
    m = re.match(r'(\d+)-.*\.md$', name)
    if not m:
        continue
    text = open(os.path.join(folder, name), encoding='utf-8').read()
    if not text.startswith('---\n') or '\n---\n' not in text[3:]:
        print(f'{name}: no front matter'); continue
    front = text[4:text.index('\n---\n', 3)]
    keys = {}
    for line in front.splitlines():
        k, _, v = line.partition(':')
        v = v.strip()
        keys[k.strip()] = [int(x) for x in v.strip('[]').split(',') if x.strip()] if v.startswith('[') else v
    if not keys.get('status'):
        print(f'{name}: no status')
    recs[int(m.group(1))] = keys
pairs = [('supersedes', 'superseded-by'), ('superseded-by', 'supersedes'), ('relates', 'relates'),
         ('amends', 'amended-by'), ('amended-by', 'amends')]
for n, keys in recs.items():
    for here, there in pairs:
        for other in keys.get(here, []) or []:
            if other not in recs:
                print(f'{n}: {here} {other}, which does not exist')
            elif n not in (recs[other].get(there) or []):
                print(f'{n}: {here} {other}, but {other} lacks {there} {n}')
EOF
}

printf '%-28s %6s %8s %6s %6s %9s\n' command runs killed old new failures
total_fail=0
run_command() { # label args...
  local label=$1; shift
  # The state after an uninterrupted run.
  local ref="$work/ref"
  rm -rf "$ref"; cp -a "$base" "$ref"
  (cd "$ref" && "$bin" "$@" >/dev/null 2>&1)
  local old new
  old=$(state "$base"); new=$(state "$ref")
  if [ "$old" = "$new" ]; then
    echo "$label: the uninterrupted run changed nothing; the check would prove nothing" >&2
    total_fail=$((total_fail + 1)); return
  fi
  local runs=0 killed=0 was_old=0 was_new=0 failures=0
  for _ in $(seq "$RUNS"); do
    local r="$work/run"
    rm -rf "$r"; cp -a "$base" "$r"
    local delay
    delay=$(printf '0.%03d' $((RANDOM % 31)))
    (cd "$r" && exec "$bin" "$@" >/dev/null 2>&1) &
    local pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    local code=0
    { wait "$pid"; } 2>/dev/null || code=$?
    runs=$((runs + 1))
    [ "$code" -eq 137 ] && killed=$((killed + 1))
    # The next command that takes the edit lock: ADR-0003 is accepted already, so it changes
    # nothing but finishes or clears what the killed run left.
    (cd "$r" && "$bin" accept 3 >/dev/null 2>&1) || true
    local now problems=""
    now=$(state "$r")
    if [ "$now" = "$old" ]; then
      [ "$code" -eq 137 ] && was_old=$((was_old + 1))
    elif [ "$now" = "$new" ]; then
      [ "$code" -eq 137 ] && was_new=$((was_new + 1))
    else
      problems+="neither old nor new: $(diff <(echo "$old") <(echo "$now") | head -5 || true)"$'\n'
    fi
    problems+=$(check_records "$r")
    local stray
    stray=$(cd "$r" && find . -name '.git-adr-*' -o -name 'index.lock' -o -name 'adr-journal')
    [ -n "$stray" ] && problems+="left behind: $stray"$'\n'
    (cd "$r" && git status --porcelain >/dev/null 2>&1) || problems+="git status fails"$'\n'
    if [ -n "$problems" ]; then
      failures=$((failures + 1))
      [ -n "${VERBOSE:-}" ] && printf '%s (delay %s, exit %s):\n%s\n' "$label" "$delay" "$code" "$problems" >&2
    fi
  done
  printf '%-28s %6d %8d %6d %6d %9d\n' "$label" "$runs" "$killed" "$was_old" "$was_new" "$failures"
  total_fail=$((total_fail + failures))
}

run_command "new --supersedes 2" new --no-edit --supersedes 2 "Replace two"
run_command "supersede 3 4" supersede 3 4
run_command "link 2 relates 3" link 2 relates 3
run_command "renumber 5 9" renumber 5 9
run_command "accept 2" accept 2
[ "$total_fail" -eq 0 ]
