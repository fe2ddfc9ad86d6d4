"""A corpus for timing settled-option matching: N accepted/proposed/… records whose options are
realistic word mixes (bench.py's own are "A" and "B"), and a 50-decision branch `bench-branch`.

    BIN=/bin/true python3 bench/settled_corpus.py /tmp/real-10000 10000
    cd /tmp/real-10000 && git checkout -q bench-branch && git adr init && time git adr pr --base main
"""
import random, sys
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__))); import bench
random.seed(7)
TECH = "postgresql mysql sqlite redis kafka rabbitmq grpc rest graphql kubernetes helm docker terraform ansible react vue svelte htmx typescript rust go python java kotlin clickhouse elasticsearch opensearch s3 minio nginx envoy istio linkerd prometheus grafana loki jaeger opentelemetry oauth2 openid saml jwt protobuf avro json yaml toml csv parquet".split()
NOUNS = "events analytics sessions cache queue jobs logs metrics traces config secrets users billing payments search storage gateway api frontend backend build tests deploy migrations schema auth tenants reports emails notifications uploads images files".split()
VERBS = "use adopt keep store run route send serve cache index replicate shard partition encrypt compress validate".split()
def option(r):
    return f"{r.choice(VERBS).capitalize()} {r.choice(TECH)} for {r.choice(NOUNS)}" + (f" and {r.choice(NOUNS)}" if r.random() < 0.3 else "")
def body(r):
    opts = [option(r) for _ in range(r.randint(2, 4))]
    pc = "".join(f"### {o}\n\n* Good, because it is simple\n* Bad, because it costs {r.choice(NOUNS)}\n\n" for o in opts)
    return ("## Context and Problem Statement\n\n" + "Some context. " * 40 + "\n\n## Considered Options\n\n"
            + "".join(f"* {o}\n" for o in opts) + f"\n## Decision Outcome\n\nChosen option: \"{opts[0]}\", because reasons.\n\n## Pros and Cons of the Options\n\n" + pc)
def rec(i, n):
    r = random.Random(i)
    status = bench.STATUSES[i % 5]
    return (f"---\nstatus: {status}\ndate: 2026-01-01\ntags: [t{i % 17}]\npaths: [\"src/m{i % 50}/**\"]\n---\n\n# Decision number {i}\n\n{body(r)}")
path = sys.argv[1]; n = int(sys.argv[2])
bench.new_repo(path)
code = [("records", [(f"src/m{k}/mod.rs", "// module\n") for k in range(50)])]
bench.fast_import(path, bench.commits("main", code + list(bench.batches(n, lambda i: f".adr/decisions/{i:04d}-decision-number-{i}.md", rec))))
bench.git(path, "checkout", "-q", "main")
branch = []
for i in range(1, 51):
    r = random.Random(100000 + i)
    text = f"---\nstatus: proposed\ndate: 2026-01-01\npaths: [\"src/m{i % 50}/**\"]\n---\n\n# Branch decision {i}\n\n{body(r)}"
    branch.append((f"Branch decision {i}", [(f".adr/decisions/{n + i:04d}-branch-decision-{i}.md", text), (f"src/m{i % 50}/mod.rs", f"// {i}\n")]))
bench.fast_import(path, ["reset refs/heads/bench-branch\nfrom refs/heads/main\n\n"] + list(bench.commits("bench-branch", branch, 1800000000)))
