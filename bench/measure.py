"""Timing builds: wall time, CPU time and peak memory of each, in alternating rounds.

Every build runs as a child process, because only then are its CPU time and peak resident
memory its own (``os.wait4`` reports them for the child and whatever it waited for). The
tools take turns within every round, in an order that rotates, so that a background job or
a thermal slowdown hurts them alike. For plansite a round also times the rebuilds that
matter while editing: nothing changed, one body edited, one title edited, and the same
edits under ``plansite serve``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus
from bench.peers import peer_command
from bench.serve import Rebuild, time_edits
from bench.tools import PLANSITES, TOOLS, Tools

MARKER = ".plansite-bench"  # the bench deletes only folders that carry this file
#: The extra plansite runs of every round, after the cold builds, in this order:
#: ``plansite check`` on the built project, then the rebuilds.
PLANSITE_REBUILDS = ("plansite-check", "plansite-nochange", "plansite-edit", "plansite-retitle")


@dataclass(frozen=True)
class Run:
    """One timed child process (or, for serve, one rebuild as serve reported it)."""

    tool: str  # plansite, mkdocs, hugo, plansite-nochange, plansite-edit, serve-edit, ...
    items: int
    round: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    pages: int
    output_mb: float
    returncode: int
    timed_out: bool
    log: str  # the tail of what the tool printed
    latency_s: float | None = None  # serve: from the save to the rebuilt site, watcher included

    @property
    def ok(self) -> bool:
        """Only runs that finished in time and succeeded count in the medians."""
        return self.returncode == 0 and not self.timed_out


@dataclass(frozen=True)
class Child:
    """What ``os.wait4`` and the output tell about a finished child."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int
    timed_out: bool
    log: str


@dataclass
class SizeResult:
    """Everything measured for one corpus size."""

    items: int
    generate_s: float
    check: dict[str, Any]
    runs: list[Run] = field(default_factory=list)


@dataclass(frozen=True)
class EditedItem:
    """The item every round edits, and its bytes to restore after each edit."""

    path: Path
    original: bytes
    japanese: bool

    def variant(self, label: str, rnd: int) -> bytes | None:
        """The item's bytes for a run labelled ``label`` (None: left as it is)."""
        if label.endswith("-edit"):
            return body_edit(self.original, self.japanese, rnd)
        if label.endswith("-retitle"):
            return title_edit(self.original, rnd)
        return None


def body_edit(original: bytes, japanese: bool, rnd: int) -> bytes:
    """The item with one more paragraph: a change of body only."""
    extra = "\n追記: 編集後の段落。\n" if japanese else "\nEdited: one more line.\n"
    return original + f"{extra}(round {rnd + 1})\n".encode()


def title_edit(original: bytes, rnd: int) -> bytes:
    """The item with a new title: a change of front matter shown on other pages."""
    return original.replace(b'title: "', f'title: "(edit {rnd + 1}) '.encode(), 1)


# -- one child --------------------------------------------------------------------------


def run_child(
    cmd: Sequence[str], *, cwd: Path, timeout: float | None, env: dict[str, str] | None = None
) -> Child:
    """Run ``cmd`` in its own process group; wall, CPU and peak RSS from ``os.wait4``.

    The child's whole group is killed on timeout, on Ctrl-C and after it exits, so no
    process it started outlives its measurement.
    """
    with tempfile.TemporaryFile() as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        status, usage, timed_out = _wait(proc, timeout)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        _kill_group(proc.pid)  # stragglers, if any
        sink.seek(0)
        log = sink.read().decode("utf-8", "replace")
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB else
    return Child(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss * rss_unit / 2**20,
        returncode=proc.returncode,
        timed_out=timed_out,
        log=log[-4000:],
    )


def _wait(proc: subprocess.Popen[bytes], timeout: float | None) -> tuple[int, Any, bool]:
    """Reap ``proc`` with ``os.wait4``: (status, rusage, whether it was killed for time).

    A timer kills the group at ``timeout``; any exception here (Ctrl-C) kills and reaps it
    before it propagates, so an interrupted bench leaves no build running.
    """
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        _kill_group(proc.pid)

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        kill()
        os.wait4(proc.pid, 0)
        proc.returncode = -9
        raise
    finally:
        if timer:
            timer.cancel()
    return status, usage, timed_out.is_set()


def _kill_group(pid: int) -> None:
    """SIGKILL a child's process group, if anything of it is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def tree_stats(folder: Path) -> tuple[int, float]:
    """(.html files, total MB) under ``folder``."""
    pages, size = 0, 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            if name.endswith(".html"):
                pages += 1
            size += os.lstat(os.path.join(dirpath, name)).st_size
    return pages, size / 2**20


def build_command(tools: Tools, tool: str, project: Path, out: Path) -> list[str] | None:
    """The build command line of ``tool``, quiet, into ``out``; None if it is not installed."""
    if tool in PLANSITES:
        if not tools.plansite:
            return None
        return [*tools.plansite, "--project", str(project), "build", "-q", "-o", str(out)]
    return peer_command(tools, tool, project, out)


def check_command(tools: Tools, project: Path) -> list[str]:
    """``plansite check`` of ``project``, quiet: loading and every cross-file check."""
    return [*tools.plansite, "--project", str(project), "check", "--format", "json"]


# -- folders the bench owns -------------------------------------------------------------


def make_owned_dir(path: Path) -> Path:
    """Create ``path`` and mark it as ours; refuse a non-empty folder we did not make."""
    if path.exists() and any(path.iterdir()) and not (path / MARKER).is_file():
        raise SystemExit(f"refusing to use {path}: not empty and not made by the bench")
    if path.exists():
        remove_owned(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("Made by plansite's bench (python -m bench); deleted by it.\n")
    return path


def remove_owned(path: Path) -> None:
    """Delete a folder the bench made (it carries MARKER), and nothing else."""
    if (path / MARKER).is_file():
        shutil.rmtree(path)


# -- one size ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What every round of one corpus size needs: what to run, where, and what to edit."""

    n: int
    repeat: int
    tools: Tools
    selected: Sequence[str]
    timeout: float | None
    base: Path
    projects: dict[str, Path]
    edited: EditedItem

    def output(self, tool: str, rnd: int) -> Path:
        """Where ``tool`` builds in round ``rnd``: a new folder inside the size's own, so
        that a cold build starts from nothing and nothing is deleted between builds
        (see ``run_round``)."""
        return self.base / "out" / f"round-{rnd + 1}" / tool

    def env(self, tool: str, rnd: int) -> dict[str, str] | None:
        """The environment of one timed child. plansite keeps what the next run can reuse
        in its cache folder: each engine gets a new one in every round, so its cold build
        starts from nothing, like the peers'; the rebuilds after it use what it kept, as
        a user's next build does."""
        env = self.tools.env(tool)
        if tool not in PLANSITES:
            return env
        cache = self.base / "cache" / f"round-{rnd + 1}" / tool
        return {**(env if env is not None else os.environ), "PLANSITE_CACHE_DIR": str(cache)}


def bench_size(
    n: int,
    *,
    workdir: Path,
    seed: int,
    repeat: int,
    tools: Tools,
    selected: Sequence[str],
    timeout: float | None,
    check: bool,
    serve: bool = True,
) -> SizeResult:
    """Generate the corpus for N items, run ``repeat`` alternating rounds, then the
    ``plansite serve`` rebuilds of every round (``serve=False`` leaves them out: they
    wait seconds for the file watcher even on a tiny corpus)."""
    result, setup = build_rounds(
        n, workdir=workdir, seed=seed, repeat=repeat, tools=tools, selected=selected,
        timeout=timeout, check=check,
    )  # fmt: skip
    if serve:
        result.runs += serve_rounds(setup)
    return result


def build_rounds(
    n: int,
    *,
    workdir: Path,
    seed: int,
    repeat: int,
    tools: Tools,
    selected: Sequence[str],
    timeout: float | None,
    check: bool,
) -> tuple[SizeResult, Setup]:
    """Generate the corpus for N items and run ``repeat`` alternating rounds of builds;
    what they measured, and the setup that ``serve_rounds`` needs."""
    base = make_owned_dir(workdir / f"n{n}")
    started = time.perf_counter()
    items, projects = write_corpus(base, n, seed, selected)
    result = SizeResult(n, time.perf_counter() - started, {})
    say(f"N={n}: corpus written in {result.generate_s:.1f} s under {base}")
    if check:
        result.check = check_corpus(tools, projects["plansite"], base, timeout, n)
    (base / "out").mkdir()
    edited = sorted(items, key=lambda it: it.id)[n // 2]
    path = projects["plansite"] / "content" / f"{edited.id}.md"
    item = EditedItem(path, path.read_bytes(), edited.japanese)
    setup = Setup(n, repeat, tools, selected, timeout, base, projects, item)
    for rnd in range(repeat):
        result.runs += run_round(setup, rnd)
    return result, setup


def serve_rounds(setup: Setup) -> list[Run]:
    """The ``plansite serve`` rebuilds of every round, run after every build of the bench
    (``__main__``): serve deletes its whole site as it stops, and a build that soon
    after creates as many files pays for it (see ``run_round``)."""
    if "plansite" not in setup.selected or not setup.tools.plansite:
        return []
    return [run for rnd in range(setup.repeat) for run in serve_runs(setup, rnd)]


def check_corpus(
    tools: Tools, project: Path, base: Path, timeout: float | None, n: int
) -> dict[str, Any]:
    """Run ``plansite check`` on the generated project; stop the bench if it has errors,
    since timing the build of a broken plan would measure the wrong thing."""
    cmd = check_command(tools, project)
    cache = str(base / "cache" / "check")
    env = {**(tools.plansite_env or os.environ), "PLANSITE_CACHE_DIR": cache}
    child = run_child(cmd, cwd=base, timeout=timeout, env=env)
    problems = _json_list(child.log)
    errors = [p for p in problems if p.get("severity") == "error"]
    say(
        f"N={n}: plansite check: {len(errors)} errors, "
        f"{len(problems) - len(errors)} warnings, {child.wall_s:.1f} s"
    )
    if child.returncode != 0:
        raise SystemExit(f"the generated project does not pass `plansite check`:\n{child.log}")
    return {
        "wall_s": round(child.wall_s, 3),
        "returncode": child.returncode,
        "errors": len(errors),
        "warnings": len(problems) - len(errors),
    }


def run_round(setup: Setup, rnd: int) -> list[Run]:
    """One round: every selected tool into a new output folder, in an order that rotates
    from round to round, then plansite's rebuilds into its existing site.

    Earlier rounds' sites are left in place until the bench ends: on ext4 without a
    journal, a file created within minutes of many deletions waits while the kernel
    skips every recently freed inode (``recently_deleted``), and 10,000 files made after
    10,000 were deleted took 2–3.6 s instead of 0.27 s. Deleting the last round's sites
    here charged that to whichever tool came first."""
    order = [TOOLS[(rnd + k) % len(TOOLS)] for k in range(len(TOOLS))]
    steps = [(tool, tool) for tool in order if tool in setup.selected]
    if "plansite" in setup.selected:
        steps += [(label, "plansite") for label in PLANSITE_REBUILDS]
    runs = []
    for label, tool in steps:
        run = timed_build(setup, label, tool, rnd)
        if run is not None:
            runs.append(run)
            _say_build(run, setup.repeat)
    return runs


def timed_build(setup: Setup, label: str, tool: str, rnd: int) -> Run | None:
    """Time one build of ``tool``, with the edited item changed as ``label`` says and
    restored afterwards; None if the tool is not installed."""
    out = setup.output(tool, rnd)
    cmd = build_command(setup.tools, tool, setup.projects[tool], out)
    if label == "plansite-check":
        cmd = check_command(setup.tools, setup.projects[tool])
    if cmd is None:
        return None
    variant = setup.edited.variant(label, rnd)
    if variant is not None:
        setup.edited.path.write_bytes(variant)
    try:
        child = run_child(cmd, cwd=setup.base, timeout=setup.timeout, env=setup.env(tool, rnd))
    finally:
        if variant is not None:
            setup.edited.path.write_bytes(setup.edited.original)
    pages, size = tree_stats(out) if out.is_dir() else (0, 0.0)
    return Run(
        tool=label,
        items=setup.n,
        round=rnd + 1,
        wall_s=child.wall_s,
        cpu_s=child.cpu_s,
        peak_mb=child.peak_mb,
        pages=pages,
        output_mb=size,
        returncode=child.returncode,
        timed_out=child.timed_out,
        log=child.log,
    )


def serve_runs(setup: Setup, rnd: int) -> list[Run]:
    """The body edit and the title edit saved under ``plansite serve``, each then undone:
    four rebuilds, each reported with serve's own time and the time from the save."""
    original, japanese = setup.edited.original, setup.edited.japanese
    edits = [
        ("serve-edit", body_edit(original, japanese, rnd)),
        ("serve-edit", original),
        ("serve-retitle", title_edit(original, rnd)),
        ("serve-retitle", original),
    ]
    project = setup.projects["plansite"]
    rebuilds = time_edits(setup.tools, project, setup.edited.path, edits, setup.timeout)
    runs = [_serve_run(rebuild, setup.n, rnd) for rebuild in rebuilds]
    for run in runs:
        state = "ok" if run.ok else run.log[-200:]
        say(
            f"N={run.items} round {run.round}/{setup.repeat}: {run.tool:<18} "
            f"{run.wall_s:8.2f} s rebuild, {run.latency_s or 0:6.2f} s from save to new site  "
            f"{state}"
        )
    return runs


def _serve_run(rebuild: Rebuild, n: int, rnd: int) -> Run:
    """A serve rebuild as a run: its wall time is serve's own, pages are those rendered."""
    if not rebuild.ok:
        return Run(rebuild.label, n, rnd + 1, 0.0, 0.0, 0.0, 0, 0.0, 1, False, rebuild.why)
    return Run(
        rebuild.label, n, rnd + 1, rebuild.seconds, 0.0, 0.0, rebuild.rendered, 0.0, 0, False,
        f"{rebuild.rendered} pages rendered", latency_s=rebuild.latency_s,
    )  # fmt: skip


def _say_build(run: Run, repeat: int) -> None:
    """One progress line per build, and the tail of what the tool printed, if anything
    (a clean ``check``'s empty list of diagnostics is nothing)."""
    state = "ok" if run.ok else ("TIMEOUT" if run.timed_out else f"exit {run.returncode}")
    say(
        f"N={run.items} round {run.round}/{repeat}: {run.tool:<18} {run.wall_s:8.2f} s wall "
        f"{run.cpu_s:8.2f} s CPU {run.peak_mb:8.1f} MB {run.pages:7d} pages  {state}"
    )
    if run.log.strip() not in ("", "[]"):
        say("    " + run.log.strip().replace("\n", "\n    ")[-1500:])


def _json_list(text: str) -> list[dict[str, Any]]:
    """The list of objects ``plansite check --format json`` printed; [] if it printed none."""
    start = text.find("[")
    try:
        data = json.loads(text[start:]) if start >= 0 else []
    except json.JSONDecodeError:
        return []
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def say(message: str) -> None:
    """Progress goes to stderr, so that stdout holds the report alone."""
    print(message, file=sys.stderr, flush=True)
