#!/usr/bin/env bash
# `git adr site` tried in a real browser: builds the site of tests/fixtures/site and drives it
# with headless Chromium (Debian's `chromium`, installed with apt-get when missing) through
# Playwright's Python package (in a virtualenv under target/, using the system browser, so
# nothing is downloaded but packages). Screenshots go to target/site-browser/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/site-browser/venv
# Pinned: the test is tried against a known release.
version=1.65.2
chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	chromium=$(command -v chromium)
fi
if [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("playwright"))' 2>/dev/null)" != "$version" ]; then
	python3 -m venv --clear "$venv"
	"$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: "playwright==$version"
fi
cargo build --locked
CHROMIUM="$chromium" GIT_ADR="$target/debug/git-adr" OUT="$target/site-browser" \
	"$venv/bin/python" tests/site/browser.py
