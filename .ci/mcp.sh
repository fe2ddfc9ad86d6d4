#!/usr/bin/env bash
# `git adr mcp` tried with real MCP clients: the official Python SDK's stdio client (PyPI `mcp`,
# installed into a virtualenv under target/) runs tests/mcp/client.py, which calls every read
# tool and compares each answer with the CLI's JSON, then writes with --allow-write and compares
# the files with what `git adr` writes; then the MCP Inspector's CLI mode (npm) lists the tools
# and calls one, as the README's recipe does. Versions are pinned. Any step that cannot run
# fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/mcp/venv
mcp_version=2.3.0
inspector=@modelcontextprotocol/inspector@2.12.0
if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('mcp') == '$mcp_version'" 2>/dev/null; then
	python3 -m venv --clear "$venv"
	"$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: "mcp==$mcp_version"
fi
cargo build --locked
bin=$target/debug/git-adr
"$venv/bin/python" tests/mcp/client.py "$bin"

# The Inspector, on a fresh repository with ADR 1 (it needs Node 22; on older Node it warns
# about the engine and runs).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$work" init -q -b main
"$bin" -C "$work" init >/dev/null
listed=$(npx --loglevel=error -y "$inspector" --cli "$bin" -C "$work" mcp --method tools/list)
grep -q '"name": "decisions_for_path"' <<<"$listed" || { echo "Inspector: tools/list lacks decisions_for_path: $listed" >&2; exit 1; }
called=$(npx --loglevel=error -y "$inspector" --cli "$bin" -C "$work" mcp --method tools/call \
	--tool-name show_decision --tool-arg id=1)
grep -q 'Record architecture decisions' <<<"$called" || { echo "Inspector: show_decision failed: $called" >&2; exit 1; }
echo "the MCP Inspector: tools/list and tools/call ok"
