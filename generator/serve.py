"""``plansite serve``: build, serve on loopback, rebuild on change, reload open pages.

Safety first, as the peers taught us: the server only answers on loopback unless asked,
checks the Host header (DNS rebinding), refuses requests another site's pages make
(``Sec-Fetch-Site``, ``Origin``: a page elsewhere could otherwise load the whole plan
with ``<script src>``), resolves every request path inside the site after decoding it
(no ``..``, encoded or not, no backslashes), and never replaces the last good site with a
broken one — the error is shown, escaped, at the top of every page until it is fixed.
Pages learn of a new build by polling a tiny version endpoint, so nothing but the
standard library runs the server.
"""

from __future__ import annotations

import contextlib
import gc
import html
import json
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.build import build
from generator.collector import collector_paused
from generator.diagnostics import Diagnostic
from generator.errors import InvalidProject, PlansiteError
from generator.incremental.memo import Memo
from generator.model.history import SiteHistory
from generator.text import shown

#: Reads the plan's history for a rebuild, given the server's memo.
HistoryOf = Callable[[Memo], SiteHistory | None]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: ``Sec-Fetch-Site`` values of requests the server answers: its own pages, and what the
#: user typed or bookmarked. Tools that send no such header (curl, scripts) are answered too.
OWN_FETCHES = frozenset({"same-origin", "none"})
#: A client that goes away mid-answer: nothing to report, the next request is served.
GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.I)
ENDPOINT = "/__plansite__/"
RELOAD_SCRIPT = """(function () {
  var seen = null;
  function poll() {
    fetch("ENDPOINTversion", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.version !== seen) { location.reload(); return; }
        seen = state.version;
        setTimeout(poll, 700);
      }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
""".replace("ENDPOINT", ENDPOINT)


@dataclass(frozen=True)
class Rebuild:
    """What one build of ``serve`` did: the terminal prints it as a line of text or, for
    tools, as one JSON object (``plansite serve --log-format json``)."""

    ok: bool
    seconds: float
    rendered: int
    changed: tuple[str, ...]  # project files whose change started it; () for the first
    problems: tuple[Diagnostic, ...] = ()
    failure: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "event": "build",
            "ok": self.ok,
            "seconds": round(self.seconds, 4),
            "rendered": self.rendered,
            "changed": list(self.changed),
            "diagnostics": len(self.problems),
            "problems": [d.as_json() for d in self.problems],
            "failure": self.failure,
        }

    def lines(self) -> list[str]:
        """The report as the terminal shows it."""
        if self.ok:
            return [f"built in {self.seconds:.2f} s ({self.rendered} pages rendered)"]
        out = ["build failed; still serving the last good site"]
        out += [d.format() for d in self.problems]
        return out + ([self.failure] if self.failure else [])


@dataclass
class SiteState:
    """What the server serves: the last good site, and the last error if any."""

    root: Path
    output: Path
    version: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    failure: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    memo: Memo = field(default_factory=lambda: Memo(lasting=True))
    #: what the error banner says, in the project's language (read at the last failure)
    headline: str = ""
    #: the plan's history for the Trends page, read again at every rebuild (None: none)
    history: HistoryOf | None = None

    def rebuild(self, changed: tuple[str, ...] = ()) -> Rebuild:
        """Update the served folder in place; on failure keep it and remember why.

        The memo keeps what the previous build computed, so a rebuild parses, analyses
        and renders again only what the change touched."""
        started = time.perf_counter()
        rendered, problems, failure = 0, [], None
        try:
            # the collector waits until the new site is up (``DevServer`` runs it then)
            with collector_paused():
                history = self.history(self.memo) if self.history is not None else None
                result = build(
                    self.root, output=str(self.output), memo=self.memo, live=True, history=history
                )
            rendered = result.rendered
        except InvalidProject as exc:
            problems = exc.diagnostics
        except (PlansiteError, OSError) as exc:
            failure = str(exc)
        headline = self._failed_headline() if problems or failure else ""
        with self.lock:
            self.problems, self.failure, self.headline = problems, failure, headline
            self.version += 1
        ok = not problems and failure is None
        seconds = time.perf_counter() - started
        return Rebuild(ok, seconds, rendered, changed, tuple(problems), failure)

    def _failed_headline(self) -> str:
        """The banner's headline in the project's language (as plansite.yaml sets it
        now), read once per failed rebuild rather than on every page served."""
        from generator.load.loaders import load_config
        from generator.site.i18n import translator

        return translator(load_config(self.root)[0].language)("serve_failed")

    def error_banner(self) -> str:
        """Escaped HTML for the problems of the last failed build ('' when it worked)."""
        with self.lock:
            lines = [d.format() for d in self.problems if d.severity == "error"]
            if self.failure:
                lines.append(self.failure)
            headline = self.headline
        if not lines:
            return ""
        items = "".join(f"<li><code>{html.escape(shown(line))}</code></li>" for line in lines)
        return (
            '<div role="alert" style="position:sticky;top:0;z-index:99;background:#b3261e;'
            'color:#fff;padding:.75rem 1rem;font:14px/1.4 system-ui,sans-serif">'
            f"<strong>{html.escape(headline)}</strong>"
            f'<ul style="margin:.25rem 0 0;padding-left:1.2rem">{items}</ul></div>'
        )


def contained(site: Path, request_path: str) -> Path | None:
    """The file a request path names inside ``site``, or None if it would leave it."""
    raw = urlsplit(request_path).path
    decoded = unquote(raw)
    if "\\" in decoded or "\x00" in decoded or "\\" in raw:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    target = site.joinpath(*parts) if parts else site
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(site.resolve()):
        return None
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site in ``state.output``; ``make_handler`` binds the state."""

    state: SiteState
    allowed_hosts: frozenset[str]
    server_version = "plansite"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not every request

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            name = host[1:].split("]", 1)[0]
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return name in self.allowed_hosts

    def _from_this_site(self) -> bool:
        """False for a request another site's page made: a ``<script src>``, image,
        fetch or frame pointing here from elsewhere would otherwise read the plan."""
        fetch_site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if fetch_site and fetch_site not in OWN_FETCHES:
            return False
        origin = self.headers.get("Origin")
        if origin is None:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        return origin.strip().lower() == f"http://{host}"

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except GONE:
            self.close_connection = True

    def finish(self) -> None:
        with contextlib.suppress(*GONE):
            super().finish()

    def do_GET(self) -> None:  # http.server's API
        if not self._host_ok():
            self.send_error(HTTPStatus.FORBIDDEN, "unexpected Host header")
            return
        if not self._from_this_site():
            self.send_error(HTTPStatus.FORBIDDEN, "request from another site")
            return
        path = urlsplit(self.path).path
        if path == ENDPOINT + "version":
            with self.state.lock:
                body = json.dumps(
                    {
                        "version": self.state.version,
                        "ok": not self.state.problems and not self.state.failure,
                    }
                )
            self._send(body.encode(), "application/json")
            return
        if path == ENDPOINT + "livereload.js":
            self._send(RELOAD_SCRIPT.encode(), "text/javascript")
            return
        target = contained(self.state.output, self.path)
        if target is None or not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        data = target.read_bytes()
        ctype = self.guess_type(str(target))
        if ctype == "text/html":
            data = self._inject(data)
            ctype = "text/html; charset=utf-8"
        self._send(data, ctype)

    def do_HEAD(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def _inject(self, data: bytes) -> bytes:
        """The error banner first thing in the body, where it is seen and announced;
        the reload script last, once the page is there."""
        banner = self.state.error_banner().encode()
        if banner:
            found = _BODY_TAG.search(data)
            at = found.end() if found else 0
            data = data[:at] + banner + data[at:]
        tag = f'<script src="{ENDPOINT}livereload.js"></script>'.encode()
        marker = b"</body>"
        if marker in data:
            return data.replace(marker, tag + marker, 1)
        return data + tag

    def _send(self, data: bytes, ctype: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    """The threading server, quiet about clients that disconnect mid-answer."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], GONE):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_handler(state: SiteState, allowed_hosts: set[str]) -> type[SimpleHTTPRequestHandler]:
    """A request handler class bound to ``state`` and the Host names it accepts."""
    return type("Handler", (_Handler,), {"state": state, "allowed_hosts": frozenset(allowed_hosts)})


class DevServer:
    """The HTTP server, the watcher thread and the served folder, started and stopped
    together. ``history`` reads the plan's history (given the server's memo, so the
    current week is sampled from the build's own reading): the caller's, since the
    server does not know git."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        on_build: Callable[[Rebuild], None] | None = None,
        history: HistoryOf | None = None,
    ) -> None:
        self.root = root
        self.workdir = Path(tempfile.mkdtemp(prefix="plansite-serve-"))
        self.state = SiteState(root, self.workdir / "site", history=history)
        allowed = {"127.0.0.1", "localhost", "::1", host.lower()}
        self.httpd = _Server((host, port), make_handler(self.state, allowed))
        self.stop_event = threading.Event()
        self.on_build = on_build or (lambda report: None)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        address, port = self.httpd.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        self.on_build(self.state.rebuild())
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=_signals_to_main_thread, args=(target,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _watch(self) -> None:
        from watchfiles import watch  # imported here: only `serve` needs it

        paths = [
            p
            for p in (
                self.root / "plansite.yaml",
                self.root / "content",
                self.root / "stages",
                self.root / "personas",
                self.root / "owners",
                self.root / self._results_folder(),
            )
            if p.exists()
        ]
        # ``step``: wait until writes have stopped for 100 ms, so a file saved in several
        # writes is built once, whole (and a later write would start another rebuild);
        # ``debounce``: group a burst of saves into one rebuild.
        for changes in watch(
            *paths, stop_event=self.stop_event, step=100, debounce=1600, raise_interrupt=False
        ):
            self.on_build(self.state.rebuild(self._relative(path for _, path in changes)))
            gc.collect()  # the rebuild ran without the collector; the new site is up

    def _results_folder(self) -> str:
        """The results folder as plansite.yaml sets it when serving starts."""
        from generator.load.loaders import load_config

        return load_config(self.root)[0].results_folder

    def _relative(self, paths: Iterable[str]) -> tuple[str, ...]:
        """The changed files, relative to the project, sorted."""
        root = self.root.resolve()
        out = set()
        for path in paths:
            resolved = Path(path).resolve()
            if resolved.is_relative_to(root):
                out.add(resolved.relative_to(root).as_posix())
        return tuple(sorted(out))

    def stop(self) -> None:
        """Stop serving and watching, and remove the served folder. Safe to call at any
        point of ``start``: Ctrl-C may come during the first build."""
        self.stop_event.set()
        if self._threads:  # ``shutdown`` waits for ``serve_forever``, so only once it runs
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _signals_to_main_thread(target: Callable[[], None]) -> None:
    """Run ``target`` with Ctrl-C and SIGTERM blocked in this thread and in every thread
    it starts (the watcher's own, the request handlers'), so the kernel delivers them to
    the main thread, whose sleep they interrupt at once."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    target()


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")
