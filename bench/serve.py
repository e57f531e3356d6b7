"""Timing the rebuilds of ``plansite serve`` after a saved edit.

``serve`` is how an author sees an edit, so its rebuild time is the figure that matters
for editing, not that of a whole ``build``. It is read from what serve reports about each
build: with ``--log-format json``, one JSON object per line on stdout::

    {"event": "build", "ok": true, "seconds": 0.48, "rendered": 1,
     "changed": ["content/blog/x.md"], "diagnostics": 0}

A plansite from before that option (an old ``--plansite-ref``) only prints a human log on
stderr, ``built in 0.48 s (1 pages rendered)``, which is read instead.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench.tools import Tools

#: How long serve may take to stop after Ctrl-C before it is killed.
STOP_WAIT_S = 10.0


@dataclass(frozen=True)
class Build:
    """One build as serve reported it, and when the bench read that report."""

    ok: bool
    seconds: float  # the build's own time, as serve measured it
    rendered: int  # pages rendered anew
    arrived: float  # time.perf_counter() when the line was read


@dataclass(frozen=True)
class Rebuild:
    """The outcome of one saved edit: its rebuild, or why there was none."""

    label: str
    ok: bool
    seconds: float = 0.0
    rendered: int = 0
    latency_s: float = 0.0  # from the save to the report: adds the watcher's wait
    why: str = ""


def parse_json_line(line: str, arrived: float) -> Build | None:
    """A build from one line of ``--log-format json`` output; None for any other line.

    Lines that are not JSON objects with ``"event": "build"`` are not errors: serve may
    report other events, and a future one must not stop the bench.
    """
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("event") != "build":
        return None
    try:
        seconds, rendered = float(data["seconds"]), int(data["rendered"])
    except (KeyError, TypeError, ValueError):
        return Build(False, 0.0, 0, arrived)  # a build, but not one that can be measured
    return Build(data.get("ok") is True, seconds, rendered, arrived)


_BUILT = re.compile(r"built in (\d+(?:\.\d+)?) s \((\d+) pages rendered\)")


def parse_text_line(line: str, arrived: float) -> Build | None:
    """A build from one line of serve's human log (plansite before ``--log-format``)."""
    found = _BUILT.search(line)
    if found:
        return Build(True, float(found.group(1)), int(found.group(2)), arrived)
    if "failed" in line:
        return Build(False, 0.0, 0, arrived)
    return None


class Serve:
    """A running ``plansite serve`` whose build reports can be awaited one by one.

    It runs in its own process group, so that stopping it stops anything it started, and
    it is always stopped on leaving the ``with`` block, interrupted or not.
    """

    def __init__(self, tools: Tools, project: Path) -> None:
        cmd = [*tools.plansite, "--project", str(project), "serve", "--port", "0"]
        if tools.serve_json:
            cmd += ["--log-format", "json"]
        self.parse = parse_json_line if tools.serve_json else parse_text_line
        self.proc = subprocess.Popen(
            cmd,
            env=tools.env("plansite"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if tools.serve_json else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        #: (line, when it was read); (None, ...) once the reports end: serve has exited.
        self.reports: queue.Queue[tuple[str | None, float]] = queue.Queue()
        self.log: collections.deque[str] = collections.deque(maxlen=20)  # stderr's last lines
        if tools.serve_json:
            self.readers = [
                _pump(self.proc.stdout, self._report),
                _pump(self.proc.stderr, self._log),
            ]
        else:  # the human log holds both the reports and the explanation of a failure
            self.readers = [_pump(self.proc.stderr, self._report_and_log)]

    def _report(self, line: str | None) -> None:
        """Queue a line with the moment it was read: a rebuild's latency ends there."""
        self.reports.put((line, time.perf_counter()))

    def _log(self, line: str | None) -> None:
        """Keep a line of stderr, to explain a failure."""
        if line is not None:
            self.log.append(line)

    def _report_and_log(self, line: str | None) -> None:
        """A line of the human log: a report, and maybe the explanation of a failure."""
        self._report(line)
        self._log(line)

    def __enter__(self) -> Serve:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def next_build(self, wait: float) -> Build | None:
        """The next build serve reports within ``wait`` seconds; None if there is none by
        then, or at once if serve has exited."""
        deadline = time.perf_counter() + wait
        while (left := deadline - time.perf_counter()) > 0:
            try:
                line, arrived = self.reports.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:
                self.reports.put((None, arrived))  # still over for the next caller
                return None
            build = self.parse(line, arrived)
            if build is not None:
                return build
        return None

    def exited(self) -> bool:
        """Whether serve has exited (waiting a second for one that is on its way out)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=1.0)
        return self.proc.returncode is not None

    def tail(self) -> str:
        """What serve last printed on stderr, to explain a failure."""
        if self.exited():
            for reader in self.readers:
                reader.join(timeout=1.0)  # an exited serve's last words may be in the pipe
        return "".join(self.log).strip()[-1500:]

    def stop(self) -> None:
        """Ctrl-C, as a user would stop it; killed if it does not stop in time."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def time_edits(
    tools: Tools,
    project: Path,
    path: Path,
    edits: Sequence[tuple[str, bytes]],
    timeout: float | None,
) -> list[Rebuild]:
    """Start serve on ``project``, then save each ``(label, bytes)`` of ``edits`` to ``path``
    in turn and time the rebuild it causes.

    Serve's first, cold build is awaited but not measured: ``build`` is timed for that.
    ``path`` gets its original bytes back at the end, whatever happened.
    """
    limit = timeout or 3600.0
    original = path.read_bytes()
    try:
        with Serve(tools, project) as serve:
            first = serve.next_build(limit)
            if first is None or not first.ok:
                return [Rebuild(edits[0][0], False, why=_explain(_no_start(first, serve), serve))]
            time.sleep(1.0)  # let the watcher settle after the first build
            return _save_and_time(serve, path, edits, min(limit, 600.0))
    finally:
        path.write_bytes(original)


def _save_and_time(
    serve: Serve, path: Path, edits: Sequence[tuple[str, bytes]], wait: float
) -> list[Rebuild]:
    """Save each edit and await its rebuild; stop at the first that does not come or fails,
    since the edits after it would be timed against a site in an unknown state."""
    rebuilds: list[Rebuild] = []
    for label, data in edits:
        saved = time.perf_counter()
        path.write_bytes(data)
        build = serve.next_build(wait)
        if build is None or not build.ok:
            why = "no rebuild after the save" if build is None else "the rebuild failed"
            rebuilds.append(Rebuild(label, False, why=_explain(why, serve)))
            break
        rebuilds.append(
            Rebuild(label, True, build.seconds, build.rendered, latency_s=build.arrived - saved)
        )
        time.sleep(0.5)  # serve collects garbage after its report: not in the next rebuild
    return rebuilds


def _no_start(first: Build | None, serve: Serve) -> str:
    """Why serve has no site to edit: its first build failed, it exited, or it is slow."""
    if first is not None:
        return "serve's first build failed"
    return (
        "serve exited before its first build" if serve.exited() else "serve did not start in time"
    )


def _explain(why: str, serve: Serve) -> str:
    """``why`` with what serve last printed, which usually says what went wrong."""
    tail = serve.tail()
    return f"{why}: {tail}" if tail else why


def _pump(stream: IO[str] | None, sink: Callable[[str | None], None]) -> threading.Thread:
    """Read ``stream`` to its end in a daemon thread, so that serve never blocks on a full
    pipe and lines are seen the moment they are written; ``sink(None)`` marks the end."""

    def read(lines: Iterable[str]) -> None:
        for line in lines:
            sink(line)
        sink(None)

    thread = threading.Thread(target=read, args=(stream or (),), daemon=True)
    thread.start()
    return thread
