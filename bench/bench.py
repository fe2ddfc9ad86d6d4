#!/usr/bin/env python3
"""git-adr's side-by-side benchmark; bench/run.sh builds the binary and calls this (see its header).

Every figure is measured against baselines in the same run, on the same files: adrs (the peer a user
would pick instead, when installed), `cat` of every record, `ls`, `git diff --cached`, `git log`.
Commands of one table row run round-robin (A B C A B C …, never all A then all B), so a slow spell of
the shared machine hits them alike; a row shows medians of the wall time and the peak resident
memory the kernel reports for the command (read by bench/spawn.rs), its ratio to each baseline, and issue 17's target
for it with whether it is met. "cold" means git-adr's caches (`<git dir>/adr/`) were deleted before
the run, "warm" that the previous run left them; adrs keeps no cache, so it has one figure.
"""
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.environ["BIN"]
ADRS = os.environ.get("ADRS") or None
RUNS = int(os.environ.get("RUNS", "7"))
COLD_RUNS = int(os.environ.get("COLD_RUNS", "3"))
KEEP = bool(os.environ.get("KEEP"))
SPAWN = None  # bench/spawn.rs, compiled by main()
STATUSES = ["accepted", "proposed", "superseded", "deprecated", "rejected"]
BODY = ("## Context and Problem Statement\n\n" + "Some context. " * 40 + "\n\n"
        "## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: \"A\", because reasons.\n")
failures = []  # rows whose git-adr run exited unexpectedly: the run fails, so CI notices


# ---------------------------------------------------------------------------------------- measuring

class Cmd:
    """One command of a row. `before`/`after` run outside the timed interval (drop the caches,
    remove the record `new` created); `ok` lists the exit codes that are not failures."""

    def __init__(self, name, argv, before=None, after=None, ok=(0,), env=None):
        self.name, self.argv, self.before, self.after, self.ok = name, argv, before, after, ok
        self.env, self.note = env, None  # note: why a baseline's figure is not held against a target
        self.ms, self.mb, self.codes = [], [], set()


def spawn(cmd):
    """One run through bench/spawn.rs, which times the command and reads its peak memory."""
    out = subprocess.run([SPAWN, *cmd.argv], env=cmd.env, capture_output=True, text=True, check=True).stdout
    ms, kb, code = out.split()
    cmd.ms.append(float(ms))
    cmd.mb.append(int(kb) / 1024)
    cmd.codes.add(int(code))


def run_round_robin(cmds, runs):
    for _ in range(runs):
        for c in cmds:
            if c.before:
                c.before()
            spawn(c)
            if c.after:
                c.after()


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


# ------------------------------------------------------------------------------------------ reporting

results = {}  # (corpus, row label or adrs command) -> {records: median ms}, for the growth lines


def failed(c):
    return sorted(set(c.codes) - set(c.ok))


def cell(c):
    bad = failed(c)
    if bad:
        return f"{'exit ' + ','.join(map(str, bad)):>9}  {'':>6}"
    return f"{median(c.ms):9.1f} ms {max(c.mb):5.0f} MB"


def verdict(ok):
    return "yes" if ok else "NO"


def row(corpus, n, label, ours, baselines=(), limit_ms=None, limit_mb=None, factors=None):
    """Prints one git-adr figure, its ratio to each baseline and issue 17's targets for it:
    `factors` maps a baseline's name to the ceiling of the ratio, `limit_ms`/`limit_mb` are
    absolute ceilings."""
    factors = factors or {}
    ok_ours = not failed(ours)
    if not ok_ours:
        failures.append(f"{corpus} {n}: {label} exited {sorted(ours.codes)}: {' '.join(ours.argv[1:5])}")
    else:
        results.setdefault((corpus, label), {})[n] = median(ours.ms)
    ms, mb = median(ours.ms), max(ours.mb)
    compared, targets = [], []
    for b in baselines:
        ratio = ms / median(b.ms) if median(b.ms) > 0 and not failed(b) else None
        if b.name.startswith("adrs ") and ratio is not None and not b.note:
            results.setdefault((corpus, b.name), {})[n] = median(b.ms)  # the peer's growth too
        compared.append(f"{b.name:<32} {cell(b)}  " + ("      -" if ratio is None else f"{ratio:6.2f}x"))
        if b.name in factors:
            met = b.note or ("n/a" if ratio is None else verdict(ok_ours and ratio <= factors[b.name]))
            targets.append((f"<= {factors[b.name]:g}x {b.name.split()[0]}", met))
    for limit, value, unit in ((limit_ms, ms, "ms"), (limit_mb, mb, "MB")):
        if limit is not None:
            targets.append((f"<= {limit:g} {unit}", verdict(ok_ours and value <= limit)))
    for i in range(max(1, len(compared), len(targets))):
        head = f"{label:<38} {cell(ours)}" if i == 0 else ""
        base = compared[i] if i < len(compared) else ""
        target, met = targets[i] if i < len(targets) else ("", "")
        print(f"{head:<58}   {base:<64}   {target:<15} {met}".rstrip())


def header(title):
    print(f"\n{title}")
    print(f"{'git-adr command':<38} {'median':>12} {'peak':>6}   {'baseline (same run)':<32} {'median':>12} "
          f"{'peak':>6}  {'ratio':>7}   {'target':<15} met")


def growth(sizes):
    """Per row measured at the smallest and largest size: the exponent of the growth (1 = linear)
    and the per-record constant, (t2 - t1) / (n2 - n1), with the fixed cost that remains."""
    n1, n2 = min(sizes), max(sizes)
    print(f"\ngrowth from {n1} to {n2} records (medians; adrs where it reads the records)")
    for (corpus, label), by_n in results.items():
        if n1 not in by_n or n2 not in by_n:
            continue
        t1, t2 = by_n[n1], by_n[n2]
        k = math.log(max(t2, 1e-3) / max(t1, 1e-3)) / math.log(n2 / n1)
        per = (t2 - t1) / (n2 - n1) * 1000
        kind = ("flat" if k < 0.2 else "fixed cost + linear part" if k < 0.8
                else "linear" if k < 1.2 else "superlinear")
        print(f"{corpus + ': ' + label:<48} {t1:8.1f} -> {t2:8.1f} ms  x{t2 / t1:5.1f}  {kind:<24} "
              f"{per:7.1f} us/record, fixed {t2 - per * n2 / 1000:7.1f} ms")


# ------------------------------------------------------------------------------------ repositories

def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True, **kw).stdout


def new_repo(path):
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    git(path, "config", "user.name", "bench")
    git(path, "config", "user.email", "bench@example.com")


def fast_import(repo, chunks):
    """Feeds git fast-import: a repository of 10,000 records in seconds."""
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    for chunk in chunks:
        proc.stdin.write(chunk.encode() if isinstance(chunk, str) else chunk)
    proc.stdin.close()
    if proc.wait():
        sys.exit("git fast-import failed")


def data(text):
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def commits(branch, files_per_commit, start_ts=1700000000):
    """One commit per group of (path, text): 100 records per commit, a realistic tree."""
    ts = start_ts
    for message, files in files_per_commit:
        ts += 60
        yield f"commit refs/heads/{branch}\ncommitter bench <bench@example.com> {ts} +0000\n"
        yield data(message)
        for path, text in files:
            yield f"M 100644 inline {path}\n"
            yield data(text)
        yield "\n"


def native_record(i, n):
    """git-adr's own format. Every fifth record is superseded by the next one, so the graph has
    edges and `check` follows relations."""
    status = STATUSES[i % 5]
    links = ""
    if status == "superseded" and i < n:
        links = f"superseded-by: [{i + 1}]\n"
    elif i % 5 == 3:
        links = f"supersedes: [{i - 1}]\n"
    return (f"---\nstatus: {status}\ndate: 2026-01-01\ntags: [t{i % 17}]\npaths: [\"src/m{i % 50}/**\"]\n"
            f"{links}---\n\n# Decision number {i}\n\n{BODY}")


def nygard_record(i, n):
    """adr-tools' layout, as adrs and adr-tools write it, with the same relations."""
    status = STATUSES[i % 5].capitalize()
    if i % 5 == 2 and i < n:
        status = f"Superseded by [{i + 1}. Decision number {i + 1}]({i + 1:04d}-decision-number-{i + 1}.md)"
    elif i % 5 == 3:
        status += f"\n\nSupersedes [{i - 1}. Decision number {i - 1}]({i - 1:04d}-decision-number-{i - 1}.md)"
    return (f"# {i}. Decision number {i}\n\nDate: 2026-01-01\n\n## Status\n\n{status}\n\n## Context\n\n"
            + "Some context. " * 40 + "\n\n## Decision\n\nWe will do A.\n\n## Consequences\n\nSome are good.\n")


def batches(n, path_of, text_of):
    for start in range(1, n + 1, 100):
        yield "records", [(path_of(i), text_of(i, n)) for i in range(start, min(start + 100, n + 1))]


def make_native(path, n):
    """The corpus `bench/run.sh` has always built (KEEP=1 keeps it for others): N records, 50
    governed code folders, an adrs.toml, 5 feature branches and `bench-branch`, 50 commits over main that add
    decisions and touch the code they govern (what `pr` summarises)."""
    new_repo(path)
    # What an adrs user writes to point adrs at the folder, in its front-matter ("ng") mode.
    adrs_toml = ("adrs.toml", 'adr_dir = ".adr/decisions"\nmode = "ng"\n')
    code = [("records", [(f"src/m{k}/mod.rs", "// module\n") for k in range(50)] + [adrs_toml])]
    fast_import(path, commits("main", code + list(batches(
        n, lambda i: f".adr/decisions/{i:04d}-decision-number-{i}.md", native_record))))
    git(path, "checkout", "-q", "main")
    for b in range(1, 6):
        git(path, "branch", f"feature-{b}")
    branch = []
    for i in range(1, 51):
        rec = n + i
        text = (f"---\nstatus: proposed\ndate: 2026-01-01\npaths: [\"src/m{i % 50}/**\"]\n---\n\n"
                f"# Branch decision {i}\n\n{BODY}")
        branch.append((f"Branch decision {i}\n\nDecision: ADR-{rec:04d}",
                       [(f".adr/decisions/{rec:04d}-branch-decision-{i}.md", text),
                        (f"src/m{i % 50}/mod.rs", f"// module\n// {i}\n")]))
    fast_import(path, [f"reset refs/heads/bench-branch\nfrom refs/heads/main\n\n"]
                + list(commits("bench-branch", branch, 1800000000)))


def make_nygard(path, n):
    """adrs' own corpus: adr-tools' layout in doc/adr with `.adr-dir`, which git-adr reads in place
    after `git adr init` found the folder, as an existing-folder user does."""
    new_repo(path)
    fast_import(path, commits("main", [("adr-dir", [(".adr-dir", "doc/adr\n")])] + list(batches(
        n, lambda i: f"doc/adr/{i:04d}-decision-number-{i}.md", nygard_record))))
    git(path, "checkout", "-q", "main")
    subprocess.run([BIN, "init"], cwd=path, check=True, capture_output=True)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "git adr init")


# ----------------------------------------------------------------------------------- the scenarios

def drop_caches(repo):
    return lambda: shutil.rmtree(os.path.join(repo, ".git", "adr"), ignore_errors=True)


def restore(repo, folder, *paths):
    """Puts files back as they were and removes the record `new` wrote ("Bench decision"), so
    each run of a writing command sees the same repository."""
    saved = {p: open(os.path.join(repo, p), "rb").read() for p in paths}

    def put_back():
        for p, raw in saved.items():
            with open(os.path.join(repo, p), "wb") as f:
                f.write(raw)
        for f in os.listdir(os.path.join(repo, folder)):
            if "bench-decision" in f:
                os.remove(os.path.join(repo, folder, f))
    return put_back


def adrs_env():
    """adrs finds its folder through the repository's `.adr-dir` or adrs.toml; a user's own adrs
    config must not change what it does here."""
    return dict(os.environ, XDG_CONFIG_HOME=tempfile.mkdtemp())


def adrs_reads(repo, env, n):
    """How many records `adrs list` shows: adrs skips files it cannot parse without a word, so a
    fast adrs that read nothing must not count as a comparison."""
    out = subprocess.run([ADRS, "list"], cwd=repo, env=env, capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if line.strip())


def ours(args, repo, name="git-adr", cold=False, after=None, ok=(0,)):
    return Cmd(name, [BIN, *args], before=drop_caches(repo) if cold else None, after=after, ok=ok)


def read_rows(corpus, n, repo, files, adrs_cmds):
    """list, index, graph, export and check: cold and warm, beside adrs' equivalent and `cat`."""
    cat = Cmd("cat every record", ["cat", *files])
    for label, args, peer, ok in (("list", ["list"], "list", (0,)),
                                  ("index --stdout", ["index", "--stdout"], "toc", (0,)),
                                  ("graph --format dot", ["graph", "--format", "dot"], "graph", (0,)),
                                  ("export", ["export"], "export", (0,)),
                                  ("check (all records)", ["check"], None, (0, 1))):
        cold, warm = ours(args, repo, cold=True, ok=ok), ours(args, repo, ok=ok)
        peer_cmd = adrs_cmds.get(peer)
        cmds = [cold, warm, cat] + ([peer_cmd] if peer_cmd else [])
        run_round_robin(cmds, RUNS)
        bases = ([peer_cmd] if peer_cmd else []) + [cat]
        factors = {"cat every record": 1}
        if peer_cmd:
            factors[peer_cmd.name] = 0.5
        row(corpus, n, f"{label}, cold", cold, bases, factors=factors)
        row(corpus, n, f"{label}, warm", warm, bases, limit_ms=25)
        for c in bases:
            c.ms.clear(), c.mb.clear()


def write_rows(corpus, n, repo, folder, adrs_cmd):
    """new, new --supersedes and supersede: each run puts back what the previous one changed."""
    five, six = f"{folder}/0005-decision-number-5.md", f"{folder}/0006-decision-number-6.md"
    ls = Cmd(f"ls {folder}", ["ls", folder])
    for label, args, peer, changed in (
            ("new", ["new", "Bench decision", "--no-edit"], ["new", "--no-edit", "Bench decision"], []),
            ("new --supersedes 5", ["new", "Bench decision", "--no-edit", "--supersedes", "5"],
             ["new", "--no-edit", "--supersedes", "5", "Bench decision"], [five]),
            ("supersede 5 6", ["supersede", "5", "6"], ["link", "6", "Supersedes", "5"], [five, six])):
        put_back = restore(repo, folder, *changed)
        cold = ours(args, repo, cold=True, after=put_back)
        warm = ours(args, repo, after=put_back)
        peer_name = "adrs " + " ".join(a for a in peer if a not in ("--no-edit", "Bench decision"))
        peer_cmd = adrs_cmd(peer_name, peer, after=put_back)
        cmds = [cold, warm, ls] + ([peer_cmd] if peer_cmd else [])
        run_round_robin(cmds, RUNS)
        bases = ([peer_cmd] if peer_cmd else []) + [ls]
        row(corpus, n, f"{label}, cold", cold, bases, limit_ms=20)
        row(corpus, n, f"{label}, warm", warm, bases, limit_ms=20)
        ls.ms.clear(), ls.mb.clear()


def adrs_for(repo, n, corpus):
    """adrs' commands on this corpus, or none (with the reason printed) when it is not installed or
    does not read these records."""
    if not ADRS:
        print(f"adrs: not installed (ADRS=path or adrs on PATH); {corpus} rows have no peer")
        return {}, lambda *a, **k: None
    env = adrs_env()
    seen = adrs_reads(repo, env, n)
    note = None
    if seen < n:
        note = f"n/a: adrs reads {seen} of {n}"
        print(f"adrs reads {seen} of the {n} records of the {corpus} corpus; its figures are shown, "
              "not held against a target")

    def cmd(name, args, after=None):
        c = Cmd(name, [ADRS, *args], after=after, env=env)
        c.note = note
        return c
    reads = {"list": cmd("adrs list", ["list"]), "toc": cmd("adrs generate toc", ["generate", "toc"]),
             "graph": cmd("adrs generate graph", ["generate", "graph"]),
             "export": cmd("adrs export json --metadata-only", ["export", "json", "--metadata-only"])}
    return reads, cmd


def bench_native(work, n):
    repo = os.path.join(work, f"native-{n}")
    make_native(repo, n)
    folder = ".adr/decisions"
    if KEEP:
        print(f"repository kept in {repo}")
    os.chdir(repo)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    reads, adrs_cmd = adrs_for(repo, n, "native")
    header(f"native corpus: {n} records in {folder} (MADR front matter), "
           f"{git(repo, 'rev-list', '--count', 'HEAD').strip()} commits, {RUNS} paired runs")
    read_rows("native", n, repo, files, reads)
    write_rows("native", n, repo, folder, adrs_cmd)

    one = files[min(n, 5000) - 1]
    show = [ours(["show", str(min(n, 5000))], repo), Cmd("cat of one record", ["cat", one])]
    run_round_robin(show, RUNS)
    row("native", n, f"show {min(n, 5000)}, warm", show[0], show[1:])
    search = [ours(["search", "number", str(n - 1)], repo), Cmd("grep -ril", ["grep", "-ril", f"number {n - 1}", folder])]
    if reads:
        search.append(adrs_cmd("adrs search", ["search", f"number {n - 1}"]))
    run_round_robin(search, RUNS)
    row("native", n, f"search number {n - 1}, warm", search[0], search[1:])
    # Every accepted record's options read and weighed: what `pr` pays when a branch adds decisions.
    settled = [ours(["settled", "B"], repo), Cmd("grep -ril", ["grep", "-ril", "chosen option", folder])]
    run_round_robin(settled, RUNS)
    row("native", n, "settled B (index of all options), warm", settled[0], settled[1:])

    # The browsable site (issue 21): every page, the search index and the graph, from the same
    # records `cat` reads; cold walks all history for the trails, warm reads the history cache.
    out = os.path.join(work, f"site-{n}")
    fresh = Cmd("git-adr", [BIN, "site", "--out", out], before=lambda: shutil.rmtree(out, ignore_errors=True))
    site = [ours(["site", "--out", out], repo, cold=True), ours(["site", "--out", out], repo), fresh,
            Cmd("cat every record", ["cat", *files])]
    run_round_robin(site, RUNS)
    row("native", n, "site --out DIR, cold", site[0], site[3:])
    row("native", n, "site --out DIR, warm", site[1], site[3:], limit_ms=2000, limit_mb=200)
    # Into a new folder: every page created, which the file system dominates.
    row("native", n, "site into a new folder, warm", site[2], site[3:])

    # The pre-commit path: one staged record, checked from the index; then nothing staged. The
    # index first gets the cache-tree a commit leaves, as a user's does (git diff relies on it).
    git(repo, "write-tree")
    staged = f"{folder}/99999-bench-staged-decision.md"
    with open(staged, "w") as f:
        f.write("---\nstatus: proposed\ndate: 2026-01-01\n---\n\n# Bench staged decision\n\n" + BODY)
    git(repo, "add", staged)
    for label in ("check --staged, 1 staged record", "check --staged, nothing staged"):
        cmds = [ours(["check", "--staged"], repo, cold=True), ours(["check", "--staged"], repo),
                Cmd("git diff --cached --name-only", ["git", "diff", "--cached", "--name-only"])]
        run_round_robin(cmds, RUNS)
        limit = 10 if "1 staged" in label else None
        row("native", n, f"{label}, cold", cmds[0], cmds[2:], limit_ms=limit)
        row("native", n, f"{label}, warm", cmds[1], cmds[2:], limit_ms=limit)
        if os.path.exists(staged):
            git(repo, "rm", "-q", "--cached", staged)
            os.remove(staged)
            git(repo, "write-tree")

    # The reviewer's summary of a 50-commit branch.
    git(repo, "checkout", "-q", "bench-branch")
    cmds = [ours(["pr", "--base", "main"], repo, cold=True), ours(["pr", "--base", "main"], repo),
            Cmd("git log --name-status main..HEAD", ["git", "log", "--name-status", "main..HEAD"])]
    run_round_robin(cmds, RUNS)
    row("native", n, "pr --base main (50 commits), cold", cmds[0], cmds[2:], limit_ms=100)
    row("native", n, "pr --base main (50 commits), warm", cmds[1], cmds[2:], limit_ms=100)
    git(repo, "checkout", "-q", "main")


def bench_nygard(work, n):
    repo = os.path.join(work, f"nygard-{n}")
    make_nygard(repo, n)
    folder = "doc/adr"
    if KEEP:
        print(f"repository kept in {repo}")
    os.chdir(repo)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
    reads, adrs_cmd = adrs_for(repo, n, "adr-tools")
    header(f"adr-tools corpus: {n} records in {folder} (Nygard, .adr-dir), read in place, {RUNS} paired runs")
    read_rows("adr-tools", n, repo, files, reads)
    write_rows("adr-tools", n, repo, folder, adrs_cmd)


# ------------------------------------------------------------------------------------------ history

def history_chunks(n, total):
    """`total` commits, one in ten touching records: 5 records created per creation commit until
    there are n (all by 80% of the history), then body edits and status changes of earlier
    records; the other nine change code. Authors and times vary."""
    rnd = random.Random(7)
    authors = ["alice", "bob", "carol", "dan", "erin"]
    state = {}  # id -> [status, edits]
    nxt = {"proposed": "accepted", "accepted": "deprecated", "deprecated": "deprecated"}
    created, ts, record_commits = 0, 1700000000, total // 10

    def text(i):
        status, edits = state[i]
        return (f"---\nstatus: {status}\ndate: 2026-01-01\ntags: [t{i % 17}]\n---\n\n# Decision number {i}\n\n"
                + BODY + "".join(f"\nEdit {k}.\n" for k in range(edits)))
    for c in range(total):
        ts += 60
        who = authors[c % 5]
        files = []
        if c % 10 == 0:
            j = c // 10
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
                    state[i][0] = nxt[state[i][0]]
                    msg = f"Status of decision {i}"
                else:
                    state[i][1] += 1
                    msg = f"Edit decision {i}"
                files.append(i)
        else:
            msg = f"Change code {c}"
        yield (f"commit refs/heads/main\nauthor {who} <{who}@example.com> {ts} +0000\n"
               f"committer {who} <{who}@example.com> {ts} +0000\n")
        yield data(msg)
        for i in files:
            yield f"M 100644 inline .adr/decisions/{i:04d}-decision-number-{i}.md\n"
            yield data(text(i))
        if not files:
            yield f"M 100644 inline src/m{c % 50}/f{c % 20}.rs\n"
            yield data(f"// change {c}\n")
        yield "\n"


def bench_history(work, n, total):
    repo = os.path.join(work, "history")
    new_repo(repo)
    fast_import(repo, history_chunks(n, total))
    git(repo, "checkout", "-q", "main")
    if KEEP:
        print(f"repository kept in {repo}")
    os.chdir(repo)
    cache, mid = os.path.join(repo, ".git", "adr"), str(max(1, n // 2))
    header(f"history: {len(os.listdir('.adr/decisions'))} records, "
           f"{git(repo, 'rev-list', '--count', 'HEAD').strip()} commits "
           f"({git(repo, 'rev-list', '--count', 'HEAD', '--', '.adr').strip()} touching records)")
    gitlog = Cmd("git log --name-status -- .adr", ["git", "log", "--name-status", "--", ".adr"])
    cold = [ours(["history", mid], repo, cold=True), ours(["log"], repo, cold=True), gitlog]
    run_round_robin(cold, COLD_RUNS)
    factors = {gitlog.name: 1}
    row("history", n, f"history {mid}, cold", cold[0], [gitlog], limit_mb=150, factors=factors)
    row("history", n, "log, cold", cold[1], [gitlog], factors=factors)

    subprocess.run([BIN, "log"], capture_output=True)
    ls = Cmd("ls .adr/decisions", ["ls", ".adr/decisions"])
    plain = ours(["list"], repo, name="list (front-matter dates)")
    fm = ours(["show", mid, "--dates", "front-matter"], repo, name=f"show {mid} --dates front-matter")
    warm = [ours(["history", mid], repo), ours(["log"], repo), ours(["list", "--dates", "git"], repo),
            ours(["show", mid], repo), ls, plain, fm]
    run_round_robin(warm, RUNS)
    row("history", n, f"history {mid}, warm", warm[0], [ls])
    row("history", n, "log, warm", warm[1], [ls])
    row("history", n, "list --dates git, warm", warm[2], [plain])
    row("history", n, f"show {mid} (git dates), warm", warm[3], [fm])

    # One commit more than the cache knows: only it is read, and the cache is written again.
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    subprocess.run([BIN, "log"], capture_output=True)
    prev = os.path.join(work, "cache-prev")
    shutil.copytree(cache, prev)
    git(repo, "checkout", "-q", "main")

    def put_prev():
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(prev, cache)
    inc = [ours(["history", mid], repo, name="incremental"), Cmd("cp -r of the caches", ["cp", "-r", prev, cache + "-copy"])]
    inc[0].before = put_prev
    inc[1].after = lambda: shutil.rmtree(cache + "-copy")
    run_round_robin(inc, RUNS)
    row("history", n, f"history {mid}, 1 new commit", inc[0], inc[1:], limit_ms=50)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(cache) for f in fs)
    print(f"caches: {size / 1e6:.1f} MB in {cache}")


def main():
    args = sys.argv[1:]
    global SPAWN
    work = tempfile.mkdtemp(prefix="git-adr-bench-")
    try:
        SPAWN = os.path.join(work, "spawn")
        subprocess.run([os.environ.get("RUSTC", "rustc"), "-O", "--edition", "2021", "-o", SPAWN,
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "spawn.rs")], check=True)
        print(f"{subprocess.run([BIN, '--version'], capture_output=True, text=True).stdout.strip()}"
              f" ({BIN}); peer: " + (subprocess.run([ADRS, "--version"], capture_output=True, text=True)
                                       .stdout.strip() + f" ({ADRS})" if ADRS else "adrs not installed"))
        if args and args[0] == "history":
            bench_history(work, int(args[1]) if len(args) > 1 else 10000,
                          int(args[2]) if len(args) > 2 else 100000)
        else:
            sizes = [int(a) for a in args] or [1000, 10000]
            for n in sizes:
                bench_native(work, n)
                bench_nygard(work, n)
            if len(set(sizes)) > 1:
                growth(sizes)
    finally:
        if not KEEP:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit("git-adr failed:\n  " + "\n  ".join(failures))


if __name__ == "__main__":
    main()
