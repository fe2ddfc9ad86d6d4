#!/usr/bin/env bash
# Benchmark: generates a repository with N records (default 10,000) and a history, then times
# git-adr commands beside baselines measured in the same run on the same files.
#
#   bench/run.sh [N]                      # builds the release binary first
#   bench/run.sh history [N] [COMMITS]    # history: N records over COMMITS commits (10,000 over
#                                         # 100,000), cold (no cache), warm and incremental
#
# Figures are medians of several runs, in milliseconds, with the ratio to the baseline.
# RUNS sets the number of runs (7), COLD_RUNS that of runs that walk all history (3).
set -euo pipefail
MODE=records
if [ "${1:-}" = history ]; then MODE=history; shift; fi
N=${1:-10000}
COMMITS=${2:-100000}
RUNS=${RUNS:-7}
COLD_RUNS=${COLD_RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="$here/target/release/git-adr"
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "repository kept in $work/repo" || trap 'rm -rf "$work"' EXIT
repo="$work/repo"
git init -q -b main "$repo"
cd "$repo"
git config user.name bench; git config user.email bench@example.com

median_ms() { # command... → median wall time in ms over $RUNS runs
  local times=()
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
report() { # label ours baseline-label baseline
  awk -v l="$1" -v o="$2" -v bl="$3" -v b="$4" 'BEGIN {printf "%-34s %8.1f ms   %-34s %8.1f ms   %5.1fx\n", l, o, bl, b, (b > 0 ? o / b : 0)}'
}

if [ "$MODE" = history ]; then
  # COMMITS commits, one in ten touching records: 5 records created per creation commit until
  # there are N, then body edits and status changes of earlier records; the other nine change
  # code. Authors and times vary; every commit is one fast-import command, so generation is fast.
  python3 - "$N" "$COMMITS" <<'PY' | git fast-import --quiet
import sys, random
n, commits = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(7)
authors = ["alice", "bob", "carol", "dan", "erin"]
state = {}  # id -> [status, edits]
def text(i):
    status, edits = state[i]
    return (f"---\nstatus: {status}\ndate: 2026-01-01\ntags: [t{i % 17}]\n---\n\n# Decision number {i}\n\n"
            "## Context and Problem Statement\n\n" + "Some context. " * 40 + "\n\n"
            "## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: \"A\", because reasons.\n"
            + "".join(f"\nEdit {k}.\n" for k in range(edits)))
def path(i):
    return f".adr/decisions/{i:04d}-decision-number-{i}.md"
out = sys.stdout.buffer
def w(s): out.write(s.encode() if isinstance(s, str) else s)
def data(b): w(f"data {len(b)}\n"); w(b); w("\n")
next_status = {"proposed": "accepted", "accepted": "deprecated", "deprecated": "deprecated"}
created, ts = 0, 1700000000
record_commits = commits // 10
for c in range(commits):
    ts += 60
    who = authors[c % 5]
    w(f"commit refs/heads/main\nauthor {who} <{who}@example.com> {ts} +0000\ncommitter {who} <{who}@example.com> {ts} +0000\n")
    files = []
    if c % 10 == 0:
        j = c // 10
        # Creations spread over the history so that all N exist by 80% of it.
        due = min(n, (j + 1) * n * 5 // (4 * record_commits) + 5)
        if created < due:
            msg = "Add decisions"
            for _ in range(min(5, n - created)):
                created += 1
                state[created] = ["proposed", 0]
                files.append(created)
        else:
            i = rnd.randint(1, created)
            if j % 3 == 0 and state[i][0] != "deprecated":
                state[i][0] = next_status[state[i][0]]
                msg = f"Status of decision {i}"
            else:
                state[i][1] += 1
                msg = f"Edit decision {i}"
            files.append(i)
    else:
        msg = f"Change code {c}"
    data(msg.encode())
    for i in files:
        w(f"M 100644 inline {path(i)}\n"); data(text(i).encode())
    if not files:
        w(f"M 100644 inline src/m{c % 50}/f{c % 20}.rs\n"); data(f"// change {c}\n".encode())
    w("\n")
PY
  git checkout -q main
  cache=.git/adr/history-v1.json
  mid=$((N / 2))
  echo "records: $(ls .adr/decisions | wc -l), commits: $(git rev-list --count HEAD), commits touching records: $(git rev-list --count HEAD -- .adr)"
  printf '%-34s %11s   %-34s %11s   %6s\n' "git-adr" "" "baseline" "" "ratio"
  saved=$RUNS; RUNS=$COLD_RUNS
  gitlog_ms=$(median_ms git log --name-status -- .adr)
  cold_history() { rm -f "$cache"; "$bin" history "$mid"; }
  cold_log() { rm -f "$cache"; "$bin" log; }
  report "history $mid, cold (no cache)" "$(median_ms cold_history)" "git log --name-status -- .adr" "$gitlog_ms"
  report "log, cold (no cache)" "$(median_ms cold_log)" "git log --name-status -- .adr" "$gitlog_ms"
  RUNS=$saved
  "$bin" log >/dev/null
  ls_ms=$(median_ms ls .adr/decisions)
  report "history $mid, warm" "$(median_ms "$bin" history "$mid")" "ls .adr/decisions" "$ls_ms"
  report "log, warm" "$(median_ms "$bin" log)" "ls .adr/decisions" "$ls_ms"
  report "list --dates git, warm" "$(median_ms "$bin" list --dates git)" "list (front matter)" "$(median_ms "$bin" list)"
  report "show $mid (git dates), warm" "$(median_ms "$bin" show "$mid")" "show $mid --dates front-matter" "$(median_ms "$bin" show "$mid" --dates front-matter)"
  # One new commit since the cache: only it is read.
  git checkout -q --detach HEAD~1; "$bin" log >/dev/null; cp "$cache" "$work/cache-prev"; git checkout -q main
  incremental() { cp "$work/cache-prev" "$cache"; "$bin" history "$mid"; }
  report "history $mid, 1 new commit" "$(median_ms incremental)" "cp of the cache file" "$(median_ms cp "$work/cache-prev" "$cache")"
  echo "cache: $(du -h "$cache" | cut -f1) in $cache"
  exit 0
fi

# One commit per 100 records through fast-import: cheap, and a realistic tree.
python3 - "$N" <<'PY' | git fast-import --quiet
import sys
n = int(sys.argv[1])
mark = 0
def blob(text):
    global mark
    mark += 1
    data = text.encode()
    sys.stdout.write(f"blob\nmark :{mark}\ndata {len(data)}\n")
    sys.stdout.flush(); sys.stdout.buffer.write(data); sys.stdout.write("\n")
    return mark
statuses = ["accepted", "proposed", "superseded", "deprecated", "rejected"]
ts = 1700000000
code = blob("// module\n")
for start in range(1, n + 1, 100):
    marks = []
    for i in range(start, min(start + 100, n + 1)):
        body = (f"---\nstatus: {statuses[i % 5]}\ndate: 2026-01-01\ntags: [t{i % 17}]\n"
                f"paths: [\"src/m{i % 50}/**\"]\n---\n\n# Decision number {i}\n\n"
                "## Context and Problem Statement\n\n" + "Some context. " * 40 + "\n\n"
                "## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: \"A\", because reasons.\n")
        marks.append((i, blob(body)))
    ts += 60
    sys.stdout.write(f"commit refs/heads/main\ncommitter bench <bench@example.com> {ts} +0000\ndata 8\nrecords\n")
    for i, m in marks:
        sys.stdout.write(f"M 100644 :{m} .adr/decisions/{i:04d}-decision-number-{i}.md\n")
    if start == 1:  # the code the decisions' `paths` govern
        for k in range(50):
            sys.stdout.write(f"M 100644 :{code} src/m{k}/mod.rs\n")
PY
git checkout -q main
for b in 1 2 3 4 5; do git branch -q "feature-$b"; done

files=(.adr/decisions/*.md)
echo "records: $N, commits: $(git rev-list --count HEAD), branches: $(git branch | wc -l)"
printf '%-34s %11s   %-34s %11s   %6s\n' "git-adr" "" "baseline" "" "ratio"
ls_ms=$(median_ms ls .adr/decisions)
cat_ms=$(median_ms cat "${files[@]}")
# `new` is measured creating and then removing a record, so each run sees the same repository.
new_once() { p=$("$bin" new "Bench decision" --no-edit) && rm -f "$p"; }
report "new --no-edit" "$(median_ms new_once)" "ls .adr/decisions" "$ls_ms"
report "list" "$(median_ms "$bin" list)" "cat of all records" "$cat_ms"
report "list --format json" "$(median_ms "$bin" list --format json)" "cat of all records" "$cat_ms"
report "show 5000" "$(median_ms "$bin" show 5000)" "cat of one record" "$(median_ms cat "${files[4999]:-${files[0]}}")"
cp .adr/decisions/0001-*.md "$work/a"; cp .adr/decisions/0002-*.md "$work/b"
sup_once() { "$bin" supersede 1 2 --force; cp "$work/a" .adr/decisions/0001-decision-number-1.md; cp "$work/b" .adr/decisions/0002-decision-number-2.md; }
report "supersede 1 2 (+ restore)" "$(median_ms sup_once)" "ls .adr/decisions" "$ls_ms"
report "search 'number 9999'" "$(median_ms "$bin" search number 9999)" "grep -ri over the records" "$(median_ms grep -ril 'number 9999' .adr/decisions)"

# The pre-commit path: one staged record, checked from the index.
printf -- '---\nstatus: proposed\ndate: 2026-01-01\n---\n\n# Bench staged decision\n\n## Context and Problem Statement\n\nText.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nChosen option: "A".\n' > .adr/decisions/99999-bench-staged-decision.md
git add .adr/decisions/99999-bench-staged-decision.md
report "check --staged (1 staged record)" "$(median_ms "$bin" check --staged)" "git diff --cached --name-only" "$(median_ms git diff --cached --name-only)"
git reset -q; rm -f .adr/decisions/99999-bench-staged-decision.md
report "check --staged (nothing staged)" "$(median_ms "$bin" check --staged)" "git diff --cached --name-only" "$(median_ms git diff --cached --name-only)"
report "check (all records)" "$(median_ms "$bin" check)" "cat of all records" "$cat_ms"

# A 50-commit branch that adds and accepts decisions: the reviewer's summary of it.
git checkout -q -b bench-branch main
for i in $(seq 1 50); do
  n=$((N + i))
  printf -- '---\nstatus: proposed\ndate: 2026-01-01\npaths: ["src/m%d/**"]\n---\n\n# Branch decision %d\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: "A", because it fits.\n\n### Consequences\n\n* Good, because fast.\n* Bad, because new.\n\n### Confirmation\n\n* A test.\n\n## Pros and Cons of the Options\n\n### A\n\n* Good, because simple\n\n### B\n\n* Bad, because slow\n' $((i % 50)) "$i" > ".adr/decisions/$(printf %04d $n)-branch-decision-$i.md"
  echo "// $i" >> "src/m$((i % 50))/mod.rs"
  git add -A && git commit -q -m "Branch decision $i" -m "Decision: ADR-$(printf %04d $n)"
done
report "pr --base main (50-commit branch)" "$(median_ms "$bin" pr --base main)" "git log --stat main..HEAD" "$(median_ms git log --stat main..HEAD)"
report "log (timeline, $(git rev-list --count HEAD) commits)" "$(median_ms "$bin" log)" "git log --name-status -- .adr" "$(median_ms git log --name-status -- .adr)"
git checkout -q main
