#!/usr/bin/env python3
"""`git adr mcp` against the CLI (issue 20): `list_decisions` on the generated N-record repository
(default 10,000, the corpus of bench/bench.py) beside `git adr list --format json` in the same run,
round-robin, RUNS (7) times each, warm caches. Target: the server within 2× the CLI.

  BIN=target/release/git-adr python3 bench/mcp.py [N]

Three figures, medians in ms: the CLI process (spawn to exit, output read); one tools/call
round trip to a running server (what an agent waits for once the server is up: request written,
whole response read and parsed); and a cold session (spawn, initialize, one call, exit).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the corpus generator)

BIN = os.path.abspath(os.environ["BIN"])
RUNS = int(os.environ.get("RUNS", "7"))
INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "bench", "version": "0"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


class Server:
    def __init__(self, repo):
        self.p = subprocess.Popen([BIN, "mcp"], cwd=repo, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        self.next = 1
        self.ask(INIT, 0)
        self.send(INITIALIZED)

    def send(self, msg):
        self.p.stdin.write(json.dumps(msg) + "\n")
        self.p.stdin.flush()

    def ask(self, msg, id_):
        self.send(msg)
        while True:
            reply = json.loads(self.p.stdout.readline())
            if reply.get("id") == id_:
                return reply

    def list_decisions(self):
        self.next += 1
        r = self.ask({"jsonrpc": "2.0", "id": self.next, "method": "tools/call",
                      "params": {"name": "list_decisions", "arguments": {}}}, self.next)
        return len(r["result"]["structuredContent"]["decisions"])

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def timed(f):
    start = time.perf_counter()
    out = f()
    return (time.perf_counter() - start) * 1000, out


def cli(repo):
    out = subprocess.run([BIN, "list", "--format", "json"], cwd=repo, capture_output=True,
                         text=True, check=True).stdout
    return len(json.loads(out))


def cold_session(repo):
    s = Server(repo)
    n = s.list_decisions()
    s.close()
    return n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    work = tempfile.mkdtemp(prefix="git-adr-bench-mcp-")
    try:
        repo = os.path.join(work, "native")
        bench.make_native(repo, n)
        want = cli(repo)  # also fills the record cache: every figure is warm
        server = Server(repo)
        figures = {"cli": [], "call": [], "cold": []}
        for _ in range(RUNS):
            for name, f in [("cli", lambda: cli(repo)), ("call", server.list_decisions),
                            ("cold", lambda: cold_session(repo))]:
                ms, got = timed(f)
                if got != want:
                    sys.exit(f"{name} listed {got} records, the CLI {want}")
                figures[name].append(ms)
        server.close()
        med = {k: bench.median(v) for k, v in figures.items()}
        print(f"{want} records, {RUNS} runs each, medians (warm caches):")
        print(f"  git adr list --format json        {med['cli']:8.1f} ms")
        for key, label in [("call", "mcp list_decisions (running)"), ("cold", "mcp session: start+init+call")]:
            ratio = med[key] / med["cli"]
            verdict = "met" if ratio <= 2 else "NOT met"
            print(f"  {label:33} {med[key]:8.1f} ms  {ratio:4.2f}× the CLI  (target ≤ 2×: {verdict})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
