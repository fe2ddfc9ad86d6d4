#!/usr/bin/env bash
# git-adr in CI on a pull request (GitHub) or merge request (GitLab): check the records the
# branch changes, write the summary to the job's summary page, and keep the summary current in
# the request's description between <!-- git-adr:begin --> and <!-- git-adr:end --> (or in one
# comment that is edited, never repeated). The action (action.yml) and the GitLab job
# (examples/gitlab-ci.yml) both run this script; tests/action.rs runs it against a fake `gh`
# and a fake `curl`.
#
# Environment (all optional unless said):
#   GIT_ADR_BASE      the branch merged into (default: origin/ + the platform's target branch)
#   GIT_ADR_MODE      description (default) | comment | none
#   GIT_ADR_CHECK     true (default) | false: run `git adr check --base`
#   GIT_ADR_BIN       the git-adr command (default: git-adr)
#   GitHub: GH_TOKEN (the job's token), GITHUB_REPOSITORY, GIT_ADR_PR (the pull request's number),
#           GITHUB_STEP_SUMMARY
#   GitLab: GIT_ADR_GITLAB_TOKEN (a project access token with the `api` scope: CI_JOB_TOKEN
#           cannot edit merge requests), CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID
#
# Exit status: that of `git adr check` (1 when it found errors); 2 when the script cannot run.
# A token that may not write (a fork's pull request) is a notice, not a failure.
# The platform's functions are called by name ("${platform}_read_body"), which shellcheck cannot see.
# shellcheck disable=SC2329
set -uo pipefail

BEGIN='<!-- git-adr:begin -->'
adr=${GIT_ADR_BIN:-git-adr}
mode=${GIT_ADR_MODE:-description}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -n "${GITLAB_CI:-}" ]; then platform=gitlab; else platform=github; fi

# One line for the job's log that the platform shows prominently.
notice() {
  if [ "$platform" = github ]; then echo "::notice title=git-adr::$*"; else echo "NOTE (git-adr): $*"; fi
}
warning() {
  if [ "$platform" = github ]; then echo "::warning title=git-adr::$*"; else echo "WARNING (git-adr): $*"; fi
}
die() {
  if [ "$platform" = github ]; then echo "::error title=git-adr::$*"; else echo "ERROR (git-adr): $*"; fi
  exit 2
}

target=${GITHUB_BASE_REF:-${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}}
base=${GIT_ADR_BASE:-${target:+origin/$target}}
[ -n "$base" ] || die "no base branch: run on a pull request (merge request) or set the base input"
case "$mode" in description | comment | none) ;; *) die "mode must be description, comment or none, not '$mode'" ;; esac

# --- GitHub, through gh and the REST API -----------------------------------------------------
# A write that the token may not make answers 403: exit 3 tells the caller to say so gently.
gh_write() { # METHOD PATH FILE
  if ! gh api -X "$1" "$2" -F "body=@$3" --silent 2>"$tmp/err"; then
    cat "$tmp/err" >&2
    if grep -q -e 'HTTP 403' -e 'Resource not accessible' "$tmp/err"; then return 3; fi
    return 1
  fi
}
github_read_body() { gh api "repos/$GITHUB_REPOSITORY/pulls/$GIT_ADR_PR" --template '{{if .body}}{{.body}}{{end}}'; }
github_write_body() { gh_write PATCH "repos/$GITHUB_REPOSITORY/pulls/$GIT_ADR_PR" "$1"; }
github_find_comment() {
  gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$GIT_ADR_PR/comments" \
    --jq ".[] | select(.body | startswith(\"$BEGIN\")) | .id" | head -n 1
}
github_read_comment() { gh api "repos/$GITHUB_REPOSITORY/issues/comments/$1" --template '{{.body}}'; }
github_edit_comment() { gh_write PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$1" "$2"; }
github_add_comment() { gh_write POST "repos/$GITHUB_REPOSITORY/issues/$GIT_ADR_PR/comments" "$1"; }

# --- GitLab, through curl and the REST API ---------------------------------------------------
gitlab_mr="${CI_API_V4_URL:-}/projects/${CI_PROJECT_ID:-}/merge_requests/${CI_MERGE_REQUEST_IID:-}"
gl() { # curl ARGS…: the response on stdout; exit 3 when the token may not write
  local code
  code=$(curl -sS -o "$tmp/response" -w '%{http_code}' -H "PRIVATE-TOKEN: $GIT_ADR_GITLAB_TOKEN" "$@") || return 1
  case "$code" in
    2??) cat "$tmp/response" ;;
    401 | 403) cat "$tmp/response" >&2; return 3 ;;
    *) echo "GitLab answered HTTP $code:" >&2; cat "$tmp/response" >&2; return 1 ;;
  esac
}
gitlab_read_body() { gl "$gitlab_mr" | jq -j '.description // ""'; }
gitlab_write_body() { gl -X PUT --data-urlencode "description@$1" "$gitlab_mr" >/dev/null; }
gitlab_find_comment() {
  gl "$gitlab_mr/notes?per_page=100&sort=asc" |
    jq -r --arg m "$BEGIN" '.[] | select(.body | startswith($m)) | .id' | head -n 1
}
gitlab_read_comment() { gl "$gitlab_mr/notes/$1" | jq -j '.body'; }
gitlab_edit_comment() { gl -X PUT --data-urlencode "body@$2" "$gitlab_mr/notes/$1" >/dev/null; }
gitlab_add_comment() { gl -X POST --data-urlencode "body@$1" "$gitlab_mr/notes" >/dev/null; }

# --- The check and the summary ---------------------------------------------------------------
status=0
if [ "${GIT_ADR_CHECK:-true}" = true ]; then
  if [ "$platform" = github ]; then format=github; else format=human; fi
  "$adr" check --base "$base" --format "$format" || status=$?
fi

"$adr" pr --base "$base" >"$tmp/summary.md" || die "git adr pr --base $base failed (see above)"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$tmp/summary.md" >>"$GITHUB_STEP_SUMMARY"; fi

# Writes FILE through WRITER unless it equals OLD; a refused write is a notice.
put() { # OLD NEW WRITER ARGS…
  local old=$1 new=$2
  shift 2
  if cmp -s "$old" "$new"; then
    echo "git-adr: the summary in the $where is current"
    return 0
  fi
  local rc=0
  "$@" || rc=$?
  case $rc in
    0) echo "git-adr: updated the summary in the $where" ;;
    3) notice "this job's token may not edit the $where (a fork's request, or a read-only token): the summary is in the job's summary page only" ;;
    *) warning "could not update the $where (see the log above)" ;;
  esac
}

# The summary placed in OLD's text, into NEW; damaged markers are a warning that names the line.
place() { # OLD NEW
  if ! "$adr" pr --base "$base" --update-body "$1" >"$2" 2>"$tmp/err"; then
    warning "the $where was not updated: $(sed "s|$1|the $where|" "$tmp/err" | tr '\n' ' ')"
    return 1
  fi
}

if [ "$mode" = none ]; then exit "$status"; fi
if [ "$platform" = gitlab ] && [ -z "${GIT_ADR_GITLAB_TOKEN:-}" ]; then
  notice "GIT_ADR_GITLAB_TOKEN is not set (CI_JOB_TOKEN cannot edit merge requests): the summary is in the job log only"
  cat "$tmp/summary.md"
  exit "$status"
fi
if [ "$platform" = github ] && [ -z "${GIT_ADR_PR:-}" ]; then
  notice "not a pull request: the summary is in the job's summary page only"
  exit "$status"
fi

if [ "$mode" = description ]; then
  where=description
  "${platform}_read_body" >"$tmp/old.md" || die "cannot read the request's description (see above)"
  if place "$tmp/old.md" "$tmp/new.md"; then put "$tmp/old.md" "$tmp/new.md" "${platform}_write_body" "$tmp/new.md"; fi
else
  where=comment
  id=$("${platform}_find_comment") || die "cannot list the request's comments (see above)"
  : >"$tmp/old.md"
  if [ -n "$id" ]; then "${platform}_read_comment" "$id" >"$tmp/old.md" || die "cannot read comment $id"; fi
  if place "$tmp/old.md" "$tmp/new.md"; then
    if [ -n "$id" ]; then
      put "$tmp/old.md" "$tmp/new.md" "${platform}_edit_comment" "$id" "$tmp/new.md"
    else
      put "$tmp/old.md" "$tmp/new.md" "${platform}_add_comment" "$tmp/new.md"
    fi
  fi
fi
exit "$status"
