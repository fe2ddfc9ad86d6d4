#!/usr/bin/env bash
# The release setup (ADR 18): `dist` is installed from PyPI into a virtualenv under target/,
# the plan must be valid and the generated workflow current, and the local target's archive,
# laid out exactly as `dist manifest` describes it, must unpack into a fresh prefix where
# `git adr --version` runs and `git adr --help` shows the man page.
#
# The archive is packed from `cargo build --release --locked` in target/release (shared with the
# other CI scripts) rather than by `dist build`, which compiles again with its own profile into
# target/dist.
set -euo pipefail
cd "$(dirname "$0")/.."

DIST_VERSION=$(sed -n 's/^cargo-dist-version = "\(.*\)"/\1/p' dist-workspace.toml)
build=${CARGO_TARGET_DIR:-$PWD/target}
venv=$build/release-venv
if ! "$venv/bin/dist" --version 2>/dev/null | grep -qx "cargo-dist $DIST_VERSION"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "astral-dev-toolchain-cargo-dist==$DIST_VERSION"
fi
dist=$venv/bin/dist

# The committed workflow is what `dist generate` writes today, and the plan is valid.
"$dist" generate --check
"$dist" plan --output-format=json >/dev/null

target=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Pack the archive from dist's own description of it: each asset's name inside the archive,
# found in the release build (executables), the README, or dist-workspace.toml's `include`.
"$dist" manifest --artifacts=local --target "$target" --output-format=json >"$work/manifest.json"
archive=$(python3 - "$work/manifest.json" "$work" "$build/release" <<'PY'
import json, os, shutil, sys, tomllib
manifest, work, release = sys.argv[1], sys.argv[2], sys.argv[3]
includes = tomllib.load(open("dist-workspace.toml", "rb"))["dist"]["include"]
by_name = {os.path.basename(p.rstrip("/")): p for p in includes}
archives = [a for a in json.load(open(manifest))["artifacts"].values() if a["kind"] == "executable-zip"]
assert len(archives) == 1, f"expected one archive for the local target, got {archives}"
archive = archives[0]
name = archive["name"]
assert name.endswith(".tar.xz"), name
root = os.path.join(work, name[: -len(".tar.xz")])
os.makedirs(root)
for asset in archive["assets"]:
    if asset["kind"] == "executable":
        src = os.path.join(release, asset["path"])
    elif asset["kind"] == "readme":
        src = asset["path"]
    elif asset["name"] in by_name:
        src = by_name[asset["name"]]
    else:
        sys.exit(f"release.sh: no source known for archive asset {asset}")
    dst = os.path.join(root, asset["path"])
    (shutil.copytree if os.path.isdir(src) else shutil.copy2)(src, dst)
print(name)
PY
)
(cd "$work" && tar -cJf "$archive" "${archive%.tar.xz}" && sha256sum "$archive" >"$archive.sha256")
size=$(stat -c %s "$work/$archive")
echo "release.sh: $archive is $size bytes"

# Install as a user would: check the sum, unpack into a fresh prefix, put it on PATH.
(cd "$work" && sha256sum --check --quiet "$archive.sha256")
prefix=$work/prefix
mkdir "$prefix"
tar -xJf "$work/$archive" -C "$prefix" --strip-components=1
version=$(PATH="$prefix:$PATH" git adr --version)
grep -qx "git-adr $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)" <<<"$version" ||
    { echo "release.sh: unexpected version: $version" >&2; exit 1; }
[ -f "$prefix/completions/git-adr.bash" ] || { echo "release.sh: no completions in $archive" >&2; exit 1; }
# git turns --help into `man git-adr`; man finds the archive's pages through MANPATH.
command -v man >/dev/null || { apt-get update -qq && apt-get install -y -qq man-db >/dev/null; }
help=$(PATH="$prefix:$PATH" MANPATH="$prefix/man" MANPAGER=cat git adr --help 2>&1) ||
    { echo "release.sh: git adr --help failed: $help" >&2; exit 1; }
grep -q "git-adr" <<<"$help" && grep -q "SYNOPSIS" <<<"$help" ||
    { echo "release.sh: git adr --help did not show the man page: $help" >&2; exit 1; }
echo "release.sh: $version from $archive runs, and git adr --help shows its man page"
