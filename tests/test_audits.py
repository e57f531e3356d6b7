"""The pages as two common auditors see them, in the system Chromium: pa11y (WCAG 2 AA,
HTML_CodeSniffer) finds nothing on any page kind of either example, and Lighthouse finds
a description, no console error (no missing icon) and no layout shift on every page kind
of the English one.

The auditors are the Node packages of ``tests/js`` (``npm install --prefix tests/js``,
without a browser download); these tests are skipped only when Chromium is absent and
``CI`` is unset, as the other browser tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM
from tests.helpers import REPO
from tests.test_site_quality import PAGE_KINDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JS = REPO / "tests/js"
#: One page of each kind, for Lighthouse (about 13 s a page).
LIGHTHOUSE_PAGES = [
    "index.html",
    "matrix.html",
    "gaps.html",
    "calendar.html",
    "journeys/it-manager.html",
    "items/blog/hidden-cost-of-paper-receipts.html",
    "personas/cfo.html",
    "stages/purchase.html",
    "channels/email.html",
    "results.html",
    "trends.html",
    "search.html",
    "owners/maria.lopez.html",
    "workload.html",
]


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    ready = found and Path(CHROMIUM).exists() and (JS / "node_modules/pa11y").is_dir()
    if not ready:
        if os.environ.get("CI"):
            pytest.fail("the audits need node, tests/js/node_modules and Chromium")
        pytest.skip("node, tests/js/node_modules or Chromium is missing (and CI is unset)")
    return str(found)


def run_js(node: str, script: str, urls: list[str]) -> dict[str, Any]:
    result = subprocess.run(
        [node, str(JS / script), CHROMIUM, *urls],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=JS,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, Any] = json.loads(result.stdout)
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(example_sites: dict[str, Path]) -> Iterator[str]:
    """The English example over HTTP on loopback: what Lighthouse audits best."""
    handler = partial(_Quiet, directory=str(example_sites["en"]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_pa11y_finds_nothing_on_any_page_kind(
    node: str, example_sites: dict[str, Path]
) -> None:
    urls = [
        (example_sites[language] / page).as_uri()
        for language, pages in PAGE_KINDS.items()
        for page in pages
    ]
    found = run_js(node, "pa11y-pages.js", urls)
    assert set(found) == set(urls)
    problems = [
        (url.rsplit("/site/", 1)[-1], issue["code"], issue["selector"])
        for url, issues in found.items()
        for issue in issues
    ]
    assert problems == []


def test_lighthouse_every_page_kind(node: str, served: str) -> None:
    urls = [served + page for page in LIGHTHOUSE_PAGES]
    found = run_js(node, "lighthouse-pages.mjs", urls)
    problems = []
    for url in urls:
        audits = found[url]
        assert audits["runtimeError"] is None, (url, audits["runtimeError"])
        for audit in ("meta-description", "errors-in-console", "document-title"):
            if audits[audit]["score"] != 1:
                problems.append((url, audit, audits[audit]["items"][:3]))
        shift = audits["cumulative-layout-shift"]["numericValue"]
        if shift is None or shift >= 0.1:
            problems.append((url, "cumulative-layout-shift", shift))
    assert problems == []
