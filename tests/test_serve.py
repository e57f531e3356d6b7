"""The dev server: edits show up, broken saves keep the last good site, paths stay inside."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve import DevServer, Rebuild, contained
from tests.conftest import MakeProject
from tests.helpers import REPO


def get(server: DevServer, path: str, host: str | None = None) -> tuple[int, str]:
    address, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(str(address), int(port), timeout=10)
    headers = {"Host": host} if host is not None else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


def version(server: DevServer) -> int:
    return int(json.loads(get(server, "/__plansite__/version")[1])["version"])


def wait_for_version(server: DevServer, after: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if version(server) > after:
            return
        time.sleep(0.1)
    raise AssertionError("no rebuild happened")


@pytest.fixture
def server(make_project: MakeProject) -> Iterator[DevServer]:
    root = make_project()
    dev = DevServer(root, port=0)
    dev.start()
    time.sleep(0.5)  # let the watcher register before the test edits files
    try:
        yield dev
    finally:
        dev.stop()


def test_serves_pages_with_live_reload(server: DevServer) -> None:
    status, body = get(server, "/items/blog/first.html")
    assert status == 200 and "First post" in body
    assert "/__plansite__/livereload.js" in body
    assert get(server, "/__plansite__/livereload.js")[0] == 200
    assert get(server, "/")[0] == 200


def test_an_edit_changes_the_page(server: DevServer) -> None:
    before = version(server)
    item = server.root / "content/blog/first.md"
    item.write_text(item.read_text(encoding="utf-8").replace("Body text.", "Fresh words."),
                    encoding="utf-8")
    wait_for_version(server, before)
    assert "Fresh words." in get(server, "/items/blog/first.html")[1]


def test_a_broken_save_keeps_the_last_good_site(server: DevServer) -> None:
    before = version(server)
    bad = server.root / "content/blog/first.md"
    bad.write_text("---\ntitle: <script>alert(1)</script>\npersona: [\n---\n", encoding="utf-8")
    wait_for_version(server, before)
    status, body = get(server, "/items/blog/first.html")
    assert status == 200
    assert "First post" in body  # the previous page
    assert 'role="alert"' in body and "content/blog/first.md" in body
    assert "<script>alert(1)" not in body  # the error is escaped


@pytest.mark.parametrize("path", [
    "/../plansite.yaml", "/%2e%2e/plansite.yaml", "/%2e%2e%2fplansite.yaml",
    "/..%2f..%2fetc%2fpasswd", "/items/%5c..%5c..%5cplansite.yaml", "/items\\..\\x",
    "/%00", "/nope.html",
])
def test_traversal_is_404(server: DevServer, path: str) -> None:
    assert get(server, path)[0] == 404


def test_foreign_host_header_is_refused(server: DevServer) -> None:
    assert get(server, "/", host="evil.example:8000")[0] == 403
    assert get(server, "/", host="localhost:1234")[0] == 200


def test_contained(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text("x", encoding="utf-8")
    assert contained(tmp_path, "/a/") == (tmp_path / "a/index.html").resolve()
    assert contained(tmp_path, "/a/../../etc") is None
    assert contained(tmp_path, "/%2e%2e") is None


@pytest.mark.slow  # the command in a subprocess
def test_serve_command_starts_and_stops_cleanly(make_project: MakeProject) -> None:
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    from tests.helpers import REPO, default_signals

    root = make_project()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--project", str(root), "serve", "--port", "0"],
        env=env, stderr=subprocess.PIPE, text=True, preexec_fn=default_signals,
    )
    try:
        assert proc.stderr is not None
        url = ""
        deadline = time.monotonic() + 30
        while not url and time.monotonic() < deadline:
            line = proc.stderr.readline()
            found = re.search(r"at (http://\S+/)", line)
            url = found.group(1) if found else ""
        assert url, "serve never printed its address"
        with urllib.request.urlopen(url + "items/blog/first.html", timeout=10) as response:
            assert "First post" in response.read().decode("utf-8")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_warns_when_widened(make_project: MakeProject) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    root = make_project()
    result = CliRunner().invoke(main, ["--project", str(root), "serve", "--host", "203.0.113.9"])
    assert "warning: serving on 203.0.113.9" in result.stderr
    assert result.exit_code == 1 and "cannot listen" in result.stderr


@pytest.mark.slow  # a server, a watcher and an edit
def test_each_build_is_reported_as_data(make_project: MakeProject) -> None:
    root = make_project()
    reports: list[Rebuild] = []
    dev = DevServer(root, port=0, on_build=reports.append)
    dev.start()
    time.sleep(0.5)
    try:
        before = version(dev)
        (root / "content/blog/first.md").write_text(
            (root / "content/blog/first.md").read_text(encoding="utf-8") + "\nMore.\n",
            encoding="utf-8",
        )
        wait_for_version(dev, before)
    finally:
        dev.stop()
    first, edit = reports[0], reports[-1]
    assert first.ok and first.changed == () and first.rendered > 1
    assert edit.ok and edit.changed == ("content/blog/first.md",) and edit.rendered == 1
    line = json.loads(json.dumps(edit.as_json()))
    assert line["event"] == "build" and line["changed"] == ["content/blog/first.md"]
    assert line["diagnostics"] == 0 and line["problems"] == [] and line["failure"] is None


@pytest.mark.slow  # a server in a subprocess
def test_serve_prints_one_json_line_per_build(make_project: MakeProject) -> None:
    root = make_project()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--project", str(root), "serve", "--port", "0",
         "--log-format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    try:
        assert process.stdout is not None
        line = json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert line["event"] == "build" and line["ok"] is True and line["changed"] == []
    assert line["rendered"] > 1 and line["seconds"] > 0
