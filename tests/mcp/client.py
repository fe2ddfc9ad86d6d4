#!/usr/bin/env python3
"""`git adr mcp` driven by the official MCP Python SDK's stdio client (the PyPI package `mcp`),
as an agent would: .ci/mcp.sh runs it. Usage: client.py BIN.

1. Read-only: initialize, list the tools (exactly the read tools), call every read tool on a
   fixture repository and check each structured result against the CLI's `--format json`
   output; list and read resources; list prompts.
2. With --allow-write: create a record and supersede ADR 1 with it, then check the files are
   byte for byte what `git adr new` and `git adr supersede` write in a twin repository.
Exits non-zero with a message on the first difference.
"""
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters, stdio_client

BIN = os.path.abspath(sys.argv[1])
READ_TOOLS = ["list_decisions", "show_decision", "search_decisions", "decisions_for_path",
              "settled_options", "branch_summary", "decision_diff", "check", "decision_history", "trace_decision"]
WRITE_TOOLS = ["new_decision", "set_status", "supersede", "link"]
REPOS = []  # removed at the end
ENV = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
       "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com",
       "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GITHUB_BASE_REF",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
    ENV.pop(var, None)


def sh(cwd, *argv, ok=(0,)):
    r = subprocess.run(argv, cwd=cwd, env=ENV, capture_output=True, text=True)
    if r.returncode not in ok:
        sys.exit(f"{' '.join(argv)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def cli_json(repo, *args, ok=(0,)):
    return json.loads(sh(repo, BIN, *args, "--format", "json", ok=ok))


def record(status, title, extra=""):
    return f"---\nstatus: {status}\ndate: 2026-11-01\n{extra}---\n\n# {title}\n\n## Context and Problem Statement\n\nWhy.\n"


def new_repo():
    repo = tempfile.mkdtemp(prefix="git-adr-mcp-")
    REPOS.append(repo)
    sh(repo, "git", "init", "-q", "-b", "main")
    sh(repo, BIN, "init")
    sh(repo, "git", "add", "-A")
    sh(repo, "git", "commit", "-qm", "init")
    return repo


def fixture():
    """ADR 2 governs src/db/** on main; branch `feature` adds ADR 3 and a commit citing ADR 2."""
    repo = new_repo()
    write(repo, ".adr/decisions/0002-use-postgresql.md",
          record("accepted", "Use PostgreSQL", 'tags: [storage]\npaths: ["src/db/**"]\n'))
    write(repo, "src/db/pool.rs", "// pool\n")
    sh(repo, "git", "add", "-A")
    sh(repo, "git", "commit", "-qm", "ADR 2")
    sh(repo, "git", "checkout", "-qb", "feature")
    write(repo, ".adr/decisions/0003-cache-with-redis.md", record("proposed", "Cache with Redis"))
    write(repo, "src/db/pool.rs", "// pool, cached\n")
    sh(repo, "git", "add", "-A")
    sh(repo, "git", "commit", "-qm", "Cache the pool\n\nDecision: ADR-0002")
    return repo


def write(repo, rel, text):
    path = os.path.join(repo, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def same(what, got, want):
    if got != want:
        sys.exit(f"{what}: the tool answered\n{json.dumps(got, indent=1)[:3000]}\nthe CLI\n{json.dumps(want, indent=1)[:3000]}")
    print(f"ok  {what}")


async def session(repo, *flags):
    params = StdioServerParameters(command=BIN, args=["mcp", *flags], cwd=repo, env=ENV)
    return stdio_client(params)


async def structured(s, tool, args):
    r = await s.call_tool(tool, args)
    if r.is_error:
        sys.exit(f"{tool} {args} failed: {r.content}")
    return r.structured_content


async def read_only(repo):
    async with await session(repo) as (read, write_), ClientSession(read, write_) as s:
        init = await s.initialize()
        assert init.server_info.name == "git-adr", init
        names = [t.name for t in (await s.list_tools()).tools]
        same("tools/list without --allow-write", names, READ_TOOLS)
        calls = [
            ("list_decisions", {}, {"decisions": cli_json(repo, "list")}),
            ("list_decisions", {"path": "src/db/pool.rs"},
             {"decisions": cli_json(repo, "list", "--path", "src/db/pool.rs")}),
            ("show_decision", {"id": "ADR-0002"}, cli_json(repo, "show", "2")),
            ("search_decisions", {"words": "postgresql"},
             {"results": cli_json(repo, "search", "postgresql")}),
            ("decisions_for_path", {"path": "src/db/pool.rs"}, cli_json(repo, "why", "src/db/pool.rs")),
            ("settled_options", {"text": "PostgreSQL"}, cli_json(repo, "settled", "PostgreSQL", ok=(0, 1))),
            ("branch_summary", {"base": "main"}, cli_json(repo, "pr", "--base", "main")),
            ("decision_diff", {"range": "main...feature"}, cli_json(repo, "diff", "main...feature")),
            ("check", {"scope": "base", "base": "main"}, cli_json(repo, "check", "--base", "main", ok=(0, 1))),
            ("decision_history", {"id": "2"}, cli_json(repo, "history", "2")),
            ("trace_decision", {"id": "2"}, cli_json(repo, "trace", "2")),
        ]
        for tool, args, want in calls:
            same(f"{tool} {json.dumps(args)}", await structured(s, tool, args), want)
        refused = await s.call_tool("decisions_for_path", {"path": "../outside"})
        assert refused.is_error and "refusing" in refused.content[0].text, refused
        print("ok  a path outside the repository is refused")
        resources = [str(r.uri) for r in (await s.list_resources()).resources]
        same("resources/list", resources,
             ["adr://ADR-0001", "adr://ADR-0002", "adr://ADR-0003", "adr://index", "adr://config"])
        text = (await s.read_resource("adr://ADR-0002")).contents[0].text
        with open(os.path.join(repo, ".adr/decisions/0002-use-postgresql.md")) as f:
            same("resources/read adr://ADR-0002", text, f.read())
        prompts = [p.name for p in (await s.list_prompts()).prompts]
        same("prompts/list", prompts, ["review_branch", "draft_adr"])


async def writes():
    by_tool, by_cli = new_repo(), new_repo()
    async with await session(by_tool, "--allow-write") as (read, write_), ClientSession(read, write_) as s:
        await s.initialize()
        names = [t.name for t in (await s.list_tools()).tools]
        same("tools/list with --allow-write", names, READ_TOOLS + WRITE_TOOLS)
        created = await structured(s, "new_decision", {
            "title": "Use Redis for sessions", "options": ["Redis", "Memcached"],
            "sections": {"Context and Problem Statement": "Sessions are lost on deploy.",
                         "Decision Outcome": 'Chosen option: "Redis", because it persists.'},
            "tags": ["cache"]})
        file = created["file"]
        superseded = await structured(s, "supersede", {"old": "1", "new": created["id"]})
    sh(by_cli, BIN, "new", "--no-edit", "--option", "Redis", "--option", "Memcached",
       "--section", "Context and Problem Statement=Sessions are lost on deploy.",
       "--section", 'Decision Outcome=Chosen option: "Redis", because it persists.',
       "--tag", "cache", "Use Redis for sessions")
    sh(by_cli, BIN, "supersede", "1", "2")
    for rel in [file, *superseded["files"]]:
        with open(os.path.join(by_tool, rel)) as a, open(os.path.join(by_cli, rel)) as b:
            same(f"{rel} as the tool wrote it", a.read(), b.read())


try:
    asyncio.run(read_only(fixture()))
    asyncio.run(writes())
finally:
    for repo in REPOS:
        shutil.rmtree(repo, ignore_errors=True)
print("the official MCP client: all tools answered as the CLI does")
