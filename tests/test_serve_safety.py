"""The dev server against other sites, vanishing clients and hostile bodies: requests
another site's page makes are refused, a client that hangs up is no error, the build
error banner is the first thing on the page, and a body that will not render stops a
rebuild in the watcher thread as surely as a build in the main thread."""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest

from generator.serve import DevServer, Rebuild, SiteState
from generator.site import markdown as markup
from tests.conftest import MakeProject

ITEM = "---\ntitle: T\npersona: cfo\nstage: awareness\nchannel: blog\n---\nBody.\n"


@pytest.fixture
def server(make_project: MakeProject) -> Iterator[DevServer]:
    dev = DevServer(make_project(), port=0)
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


def status(server: DevServer, path: str, headers: dict[str, str] | None = None) -> int:
    address, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(str(address), int(port), timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def own_origin(server: DevServer) -> str:
    return server.url.rstrip("/")


@pytest.mark.parametrize("path", ["/assets/search-index.js", "/", "/items/blog/first.html"])
def test_requests_from_another_site_are_refused(server: DevServer, path: str) -> None:
    # what Chromium sends for <script src="http://127.0.0.1:PORT/..."> on another site
    assert status(server, path, {"Sec-Fetch-Site": "cross-site"}) == 403
    assert status(server, path, {"Sec-Fetch-Site": "same-site"}) == 403
    assert status(server, path, {"Origin": "https://evil.example"}) == 403
    assert status(server, path, {"Origin": "null"}) == 403
    # the server's own pages, an address typed in, and tools without these headers
    assert status(server, path, {"Sec-Fetch-Site": "same-origin"}) == 200
    assert status(server, path, {"Sec-Fetch-Site": "none"}) == 200
    assert status(server, path) == 200
    own = {"Sec-Fetch-Site": "same-origin", "Origin": own_origin(server)}
    assert status(server, path, own) == 200
    assert status(server, "/__plansite__/version", {"Sec-Fetch-Site": "cross-site"}) == 403


def test_a_client_that_hangs_up_is_no_error(
    server: DevServer, capfd: pytest.CaptureFixture[str]
) -> None:
    big = server.state.output / "assets/big.js"
    big.write_bytes(b"/* padding */\n" * 1_500_000)  # 21 MB: far more than a socket buffers
    address, port = server.httpd.server_address[:2]
    for _ in range(3):
        sock = socket.create_connection((str(address), int(port)), timeout=10)
        sock.sendall(b"GET /assets/big.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.0 200")
        # close with a reset, not a goodbye: the server's next write fails at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    time.sleep(1.0)  # the handler threads meet the closed sockets
    assert status(server, "/") == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err


def test_the_error_banner_comes_first_and_is_announced(server: DevServer) -> None:
    (server.root / "content/blog/first.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    server.state.rebuild(("content/blog/first.md",))
    address, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(str(address), int(port), timeout=10)
    conn.request("GET", "/items/blog/first.html")
    page = conn.getresponse().read().decode("utf-8")
    conn.close()
    body_at = page.index("<body")
    banner_at = page.index('<div role="alert"')
    # right after <body>: before the skip link, the header and the content
    assert body_at < banner_at < page.index('class="skip"') < page.index("<main")
    assert page.index("/__plansite__/livereload.js") > page.index("</main>")
    assert "The last change did not build" in page


def test_the_error_banner_speaks_the_sites_language(server: DevServer) -> None:
    config = server.root / "plansite.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: ja\n", encoding="utf-8")
    server.state.rebuild(("plansite.yaml",))
    (server.root / "content/blog/first.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    server.state.rebuild(("content/blog/first.md",))
    banner = server.state.error_banner()
    assert "直前の変更はビルドできませんでした" in banner
    assert "The last change" not in banner


def test_a_hostile_body_stops_a_rebuild_in_a_thread(
    make_project: MakeProject,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    monkeypatch.setattr(markup, "RENDER_SECONDS", 0.5)
    root = make_project()
    state = SiteState(root, tmp_path_factory.mktemp("served") / "site")
    assert state.rebuild().ok
    # a list nested 1,600 deep: some 20 s of Python-Markdown, far past the limit
    nested = "".join("\t" * depth + "- x\n" for depth in range(1600))
    (root / "content/nested.md").write_text(ITEM.replace("Body.", nested), encoding="utf-8")
    reports: list[Rebuild] = []
    watcher = threading.Thread(target=lambda: reports.append(state.rebuild(("content/nested.md",))))
    started = time.perf_counter()
    watcher.start()
    watcher.join(timeout=15)
    assert not watcher.is_alive(), "the rebuild hung"
    assert time.perf_counter() - started < 15
    (report,) = reports
    assert not report.ok
    assert [(d.path, d.code) for d in report.problems] == [("content/nested.md", "render-timeout")]
    # the renderer process was replaced: the next body renders
    (root / "content/nested.md").write_text(ITEM.replace("Body.", "*Fine* now."), encoding="utf-8")
    again: list[Rebuild] = []
    watcher = threading.Thread(target=lambda: again.append(state.rebuild(("content/nested.md",))))
    watcher.start()
    watcher.join(timeout=30)
    assert again and again[0].ok
    assert "<em>Fine</em> now." in (state.output / "items/nested.html").read_text(encoding="utf-8")
