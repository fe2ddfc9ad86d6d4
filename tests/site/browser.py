"""`git adr site` in a real browser, as a new user would try it.

Builds the site of tests/fixtures/site (committed into a temporary git repository) and, in
headless Chromium driven by Playwright, from file:// and over HTTP under a sub-path: opens the
index, searches, filters by status, follows "superseded by", opens the graph and clicks a
node; asserts that no console error or page error happened and that the record holding
<script> and <img onerror> ran none of it. Screenshots go to $OUT.

Environment: CHROMIUM (the browser), GIT_ADR (the binary), OUT (a folder for artefacts).
"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
CHROMIUM = os.environ["CHROMIUM"]
GIT_ADR = os.environ["GIT_ADR"]
OUT = Path(os.environ["OUT"])
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

passed = 0
failed = 0


def check(name, fn):
    """Runs one check; a failure is counted and shown, the others still run."""
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok   {name}")
    except Exception as e:  # noqa: BLE001 - any failure of a check is reported the same way
        failed += 1
        print(f"FAIL {name}: {e}")


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Ada", GIT_AUTHOR_EMAIL="ada@example.com",
               GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="ada@example.com",
               GIT_AUTHOR_DATE="2026-11-01T12:00:00Z", GIT_COMMITTER_DATE="2026-11-01T12:00:00Z")
    subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)


def build_site(work):
    repo = work / "repo"
    shutil.copytree(FIXTURE, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "decisions")
    # Under a sub-path, as GitHub Pages serves a project site.
    site = work / "www" / "repo" / "decisions"
    subprocess.run([GIT_ADR, "site", "--out", str(site),
                    "--base-url", "http://127.0.0.1/repo/decisions/"],
                   cwd=repo, check=True)
    return work / "www", site


def serve(root):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(page, errors):
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))


def visible_ids(page):
    return page.eval_on_selector_all(
        "#records tbody tr:not([hidden]) td.id", "cells => cells.map(c => c.textContent)")


def tour(page, base, label, shots):
    """Everything a reader does, from the index at `base`."""
    page.goto(base + "index.html")

    def index_opens():
        assert page.title().startswith("Records"), page.title()
        ids = visible_ids(page)
        assert "ADR-0003" in ids and len(ids) == 7, ids
        if shots:
            page.screenshot(path=str(OUT / "index.png"), full_page=True)

    def search_finds():
        page.fill("#q", "gap lock")
        page.wait_for_function("document.getElementById('count').textContent.includes('of')")
        ids = visible_ids(page)
        assert ids == ["ADR-0003"], ids
        page.fill("#q", "postgres")
        ids = visible_ids(page)
        assert "ADR-0003" in ids and "ADR-0001" not in ids, ids
        page.fill("#q", "")
        if shots:
            page.fill("#q", "event store")
            page.screenshot(path=str(OUT / "search.png"), full_page=True)
            page.fill("#q", "")

    def status_filter():
        page.select_option("#f-status", "superseded")
        ids = visible_ids(page)
        assert ids == ["ADR-0002"], ids
        page.select_option("#f-status", "")
        assert len(visible_ids(page)) == 7

    def superseded_by():
        page.click("text=Use MySQL for the event store")
        page.wait_for_url("**/records/adr-0002.html")
        if shots:
            page.screenshot(path=str(OUT / "record.png"), full_page=True)
        img = page.eval_on_selector(".body img", "i => i.naturalWidth")
        assert img > 0, "the record's image did not load"
        page.click(".relations li:has-text('superseded by') a")
        page.wait_for_url("**/records/adr-0003.html")
        assert "Use PostgreSQL" in page.inner_text("h1")
        if shots:
            page.screenshot(path=str(OUT / "record-0003.png"), full_page=True)

    def graph_click():
        page.click("nav >> text=Graph")
        page.wait_for_url("**/graph.html")
        if shots:
            page.screenshot(path=str(OUT / "graph.png"), full_page=True)
        page.click("svg.graph a[data-id='ADR-0005']")
        page.wait_for_url("**/records/adr-0005.html")
        assert "static site" in page.inner_text("h1")

    def xss_inert():
        page.goto(base + "records/adr-0004.html")
        assert page.evaluate("window.__pwned === undefined"), "a record's script ran"
        assert page.title().startswith("ADR-0004"), page.title()
        assert "pwned" not in page.title()
        assert page.locator(".body script").count() == 0
        assert page.locator(".body img").count() == 0
        text = page.inner_text(".body")
        assert "<script>" in text and "onerror" in text, text
        if shots:
            page.screenshot(path=str(OUT / "xss.png"), full_page=True)

    def other_pages():
        for name in ["timeline.html", "log.html", "dod.html"]:
            page.goto(base + name)
            assert page.locator("main h1").count() == 1, name
        page.goto(base + "log.html")
        assert "Pin the event store driver" in page.inner_text("main")
        page.goto(base + "timeline.html")
        assert "2026-05" in page.inner_text("main")
        page.goto(base + "dod.html")
        assert "Schema tests pass" in page.inner_text("main")

    for name, fn in [("index opens", index_opens), ("search finds", search_finds),
                     ("status filter", status_filter), ("superseded by", superseded_by),
                     ("graph node", graph_click), ("xss inert", xss_inert),
                     ("other pages", other_pages)]:
        check(f"{label}: {name}", fn)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        www, site = build_site(Path(tmp))
        server = serve(www)
        http_base = f"http://127.0.0.1:{server.server_port}/repo/decisions/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            for label, base, shots in [("file", site.as_uri() + "/", True),
                                       ("http sub-path", http_base, False)]:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                errors = []
                watch(page, errors)
                tour(page, base, label, shots)
                check(f"{label}: no console errors", lambda: (_ for _ in ()).throw(
                    AssertionError("; ".join(errors))) if errors else None)
                page.close()
            browser.close()
        server.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
