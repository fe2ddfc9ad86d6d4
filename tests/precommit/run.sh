#!/usr/bin/env bash
# The hooks of .pre-commit-hooks.yaml, run by the real pre-commit framework in a repository that
# keeps MADR records in an existing `docs/decisions` folder used in place. `.ci/precommit.sh`
# installs pre-commit and builds the release binary, then runs this; by hand:
#
#   PRE_COMMIT=target/precommit/venv/bin/pre-commit GIT_ADR_BIN_DIR=target/release \
#     CARGO_TARGET_DIR=target bash tests/precommit/run.sh [system] [source]
#
# PRE_COMMIT       the pre-commit executable (required: a missing one fails the run)
# GIT_ADR_BIN_DIR  the directory of the git-adr under test (required): `git adr init` and the
#                  system hooks run it
# CARGO_TARGET_DIR where the source hooks' `cargo install` builds; the release build's target dir
#                  lets it reuse the compiled dependencies (unset: a cold build, minutes)
#
# The hooks come from a snapshot of this work tree (tracked files as they are on disk, committed
# in a scratch repository), so uncommitted changes to the hooks are what gets tried.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(system source)

fail() {
	echo "precommit: FAILED: $*" >&2
	exit 1
}
[ -n "${PRE_COMMIT:-}" ] || fail "PRE_COMMIT is not set (run .ci/precommit.sh, which installs pre-commit)"
PRE_COMMIT=$(cd "$(dirname "$PRE_COMMIT")" && pwd)/$(basename "$PRE_COMMIT")
[ -x "$PRE_COMMIT" ] || fail "PRE_COMMIT=$PRE_COMMIT is not an executable"
"$PRE_COMMIT" --version
[ -x "${GIT_ADR_BIN_DIR:-}/git-adr" ] || fail "GIT_ADR_BIN_DIR must be the directory of the git-adr under test"
bin_dir=$(cd "$GIT_ADR_BIN_DIR" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/git-adr-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Nothing from the machine's git config or environment; a fresh pre-commit cache, so the first
# install is measured. CARGO_HOME/RUSTUP_HOME stay as they are (HOME is not changed).
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_EDITOR SKIP PRE_COMMIT_ALLOW_NO_CONFIG
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig"
: >"$GIT_CONFIG_GLOBAL"
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com
export GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
export PRE_COMMIT_HOME="$work/pre-commit-cache" TERM=dumb NO_COLOR=1

# The system hooks find the binary under test first on PATH; the source hooks find their own
# build, which pre-commit puts first.
base_path=$PATH

passed=0
ok() {
	passed=$((passed + 1))
	echo "  ok: $*"
}

# Runs "$@" in the consumer repository, output in $out; `expect_pass`/`expect_refused` judge it.
run() {
	set +e
	out=$(cd "$repo" && "$@" 2>&1)
	status=$?
	set -e
}
show() {
	printf '%s\n' "$out" | sed 's/^/    | /' >&2
}
expect_pass() {
	local what=$1
	shift
	run "$@"
	[ $status -eq 0 ] || { show; fail "$variant: $what: exit $status, expected success"; }
}
expect_refused() {
	local what=$1
	shift
	run "$@"
	[ $status -ne 0 ] || { show; fail "$variant: $what: succeeded, expected a refusal"; }
}
expect_out() {
	grep -qF -- "$1" <<<"$out" || { show; fail "$variant: expected the output to contain: $1"; }
}
head_is() {
	[ "$(git -C "$repo" rev-parse HEAD)" = "$1" ] || fail "$variant: HEAD moved: $2"
}

# The hook repository: this work tree's tracked files, one commit.
hooks=$work/hooks
mkdir "$hooks"
(cd "$root" && git ls-files -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$hooks"
git -C "$hooks" init -q -b main
git -C "$hooks" add -A
git -C "$hooks" commit -q -m snapshot
rev=$(git -C "$hooks" rev-parse HEAD)

record() { # number slug title status [front matter closed: yes|no]
	local closing=---
	[ "${5:-yes}" = yes ] || closing=
	cat <<EOF
---
status: $4
date: 2026-0$1-12
deciders: Alice Chen, Bob Ruiz
$closing

# $3

## Context and Problem Statement

The team needs a way to $2.

## Considered Options

* Do it
* Leave it

## Decision Outcome

Chosen option: "Do it", because it is the smallest change that works.
EOF
}

consumer() { # variant: a repository with two MADR records in docs/decisions, used in place
	repo=$work/$1
	mkdir -p "$repo/docs/decisions"
	git -C "$repo" init -q -b main
	cat >"$repo/docs/decisions/README.md" <<'EOF'
# Decisions

The team's architecture decision records, in MADR.
EOF
	record 1 "keep decisions in the repository" "Record architecture decisions in MADR" accepted \
		>"$repo/docs/decisions/0001-record-architecture-decisions-in-madr.md"
	record 2 "store events" "Use PostgreSQL for the event store" accepted \
		>"$repo/docs/decisions/0002-use-postgresql-for-the-event-store.md"
	echo "# Shop" >"$repo/README.md"
	local suffix=
	[ "$1" = system ] && suffix=-system
	cat >"$repo/.pre-commit-config.yaml" <<EOF
default_install_hook_types: [pre-commit, pre-merge-commit, commit-msg]
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: git-adr-check$suffix
      - id: git-adr-check-staged$suffix
      - id: git-adr-commit-msg$suffix
EOF
}

try_variant() {
	variant=$1
	echo "precommit: $variant hooks"
	consumer "$variant"
	export PATH=$base_path
	if [ "$variant" = system ]; then export PATH="$bin_dir:$base_path"; fi

	# `git adr init` finds the folder and uses it in place: .adr/ holds only the config.
	expect_pass "git adr init" "$bin_dir/git-adr" init
	grep -q '^folder = "docs/decisions"' "$repo/.adr/config.toml" || fail "init did not use docs/decisions in place"
	[ -z "$(cd "$repo" && git ls-files --others --exclude-standard .adr | grep -v '^.adr/config.toml$')" ] ||
		fail "init wrote more than .adr/config.toml"
	ok "git adr init uses docs/decisions in place"
	git -C "$repo" add -A
	git -C "$repo" commit -q -m "Decisions in MADR, checked by git-adr"

	expect_pass "pre-commit install" "$PRE_COMMIT" install
	for h in pre-commit pre-merge-commit commit-msg; do
		[ -x "$repo/.git/hooks/$h" ] || fail "$variant: pre-commit install did not install $h"
	done
	local start=$EPOCHREALTIME
	expect_pass "pre-commit install-hooks" "$PRE_COMMIT" install-hooks
	echo "  first \`pre-commit install-hooks\`: $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }") s"
	if [ "$variant" = source ]; then
		compgen -G "$PRE_COMMIT_HOME/repo*/rustenv-*/bin/git-adr" >/dev/null ||
			fail "source: install-hooks built no git-adr in pre-commit's environment"
		ok "the source hooks built git-adr in pre-commit's environment"
	fi

	# A commit that touches no record: the hooks run (not "Skipped") and pass.
	echo "# Shop, with decisions" >"$repo/README.md"
	git -C "$repo" add README.md
	expect_pass "a commit without records" git commit -q -m "Readme"
	expect_out "git adr check --staged"
	expect_out "Passed"
	[ "$(grep -c Skipped <<<"$out" || true)" = 0 ] || { show; fail "$variant: a hook was skipped"; }
	ok "a commit touching no record runs the hooks, and they pass"

	# A broken record in the folder used in place is refused, by both checks.
	local new=docs/decisions/0003-publish-events-to-a-queue.md before
	record 3 "publish events" "Publish events to a queue" proposed no >"$repo/$new"
	git -C "$repo" add "$new"
	before=$(git -C "$repo" rev-parse HEAD)
	expect_refused "a broken record" git commit -q -m "Publish events"
	expect_out "$new:1: error[front-matter]"
	[ "$(grep -c -- '- hook id: git-adr-check' <<<"$out")" = 2 ] || { show; fail "$variant: both checks must fail"; }
	head_is "$before" "a broken record was committed"
	ok "a broken record in docs/decisions is refused"

	# Fixed, it passes; the commit message's trailer names it.
	record 3 "publish events" "Publish events to a queue" proposed >"$repo/$new"
	git -C "$repo" add "$new"
	expect_pass "a good record" git commit -q -m "Publish events" -m "Decision: ADR-0003"
	expect_out "git adr commit-msg"
	[ "$(git -C "$repo" rev-parse HEAD:"$new")" = "$(git -C "$repo" hash-object "$repo/$new")" ] ||
		fail "$variant: the good record was not committed"
	ok "a good record passes, with a Decision trailer naming it"

	# A trailer naming no record is refused by the commit-msg hook.
	echo "Shop." >>"$repo/README.md"
	git -C "$repo" add README.md
	before=$(git -C "$repo" rev-parse HEAD)
	expect_refused "an unknown Decision trailer" git commit -q -m "Readme" -m "Decision: ADR-0042"
	expect_out "ADR-0042"
	expect_out "- hook id: git-adr-commit-msg"
	head_is "$before" "a commit citing ADR-0042 went through"
	ok "a Decision trailer naming no record is refused"

	# Unstaged changes are set aside while the hooks run: a broken edit left unstaged does not
	# stop a commit of good content, and is back in the work tree afterwards.
	local old=docs/decisions/0002-use-postgresql-for-the-event-store.md broken
	record 2 "store events" "Use PostgreSQL for the event store" accepted no >"$repo/$old"
	broken=$(cat "$repo/$old")
	expect_pass "a commit with a broken record unstaged" git commit -q -m "Readme" -m "Decision: ADR-0002"
	[ "$(cat "$repo/$old")" = "$broken" ] || fail "$variant: the unstaged edit was not restored"
	git -C "$repo" diff --quiet -- "$old" && fail "$variant: the unstaged edit is gone"
	ok "an unstaged broken edit does not block a good commit, and is kept"
	# Staged, the same edit is refused.
	git -C "$repo" add "$old"
	expect_refused "the broken edit staged" git commit -q -m "Break it"
	expect_out "$old:1: error[front-matter]"
	ok "the same edit, staged, is refused"
	# `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the edit is judged there.
	git -C "$repo" reset -q -- "$old"
	before=$(git -C "$repo" rev-parse HEAD)
	expect_refused "the broken edit under commit -a" git commit -q -a -m "Break it"
	expect_out "$old:1: error[front-matter]"
	head_is "$before" "commit -a committed a broken record"
	ok "the same edit, committed with -a, is refused"
}

for v in "${variants[@]}"; do
	case $v in
	system | source) try_variant "$v" ;;
	*) fail "unknown variant $v (system, source)" ;;
	esac
done
echo "precommit: $passed passed, 0 failed"
