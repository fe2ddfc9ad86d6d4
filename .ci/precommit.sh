#!/usr/bin/env bash
# The pre-commit framework's hooks (.pre-commit-hooks.yaml) tried with the real `pre-commit`
# package: installs it from PyPI into a virtualenv under target/, builds the release binary (the
# same `cargo build --release --locked` as the release checks: the second one is a no-op), then
# runs tests/precommit/run.sh with the system hooks and the source-built ones. Any step that
# cannot run fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/precommit/venv
# Pinned: the hooks are tried against a known release (they need >= 3.2.0).
version=4.7.0
if [ "$("$venv/bin/pre-commit" --version 2>/dev/null)" != "pre-commit $version" ]; then
	python3 -m venv --clear "$venv"
	"$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: "pre-commit==$version"
fi
cargo build --release --locked
# The source hooks' `cargo install` builds in the same target dir, reusing the dependencies
# just compiled. It also replaces target/release/git-adr with its own build of the same
# source, so the locked build is put back afterwards (a no-op rebuild that relinks it).
PRE_COMMIT="$venv/bin/pre-commit" GIT_ADR_BIN_DIR="$target/release" CARGO_TARGET_DIR="$target" \
	bash tests/precommit/run.sh system source
cargo build --release --locked
