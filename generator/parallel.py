"""Rendering pages on every core.

Pages are independent, so forked worker processes each render a share of them and write
the files straight into the staging folder; only counts travel back. Forking shares the
loaded project with the workers for free (copy-on-write), where a spawned worker would
have to reload or unpickle it. Where fork does not exist, or the site is small, pages
are rendered in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

from .model import Project
from .output import write_file
from .progress import Progress
from .render import Page, render_tracked

#: Below this many pages starting workers costs more than it saves.
PARALLEL_MIN_PAGES = 300
#: Pages per task: small enough to balance the load, big enough to amortise the hand-off.
CHUNK = 64

#: Work besides pages that can run beside them: it writes its own files into the staging
#: folder and returns their paths (the exports, the search index).
Job = Callable[[], list[str]]

_shared: tuple[Project, list[Page], Path, bool, Sequence[Job]] | None = None


def _quiet_worker() -> None:
    """Workers leave interrupts to the parent, which stops the pool and cleans up, and
    collect their garbage even if the parent had paused its collector: rendering leaves
    cycles behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()


Reads = dict[str, tuple[str, ...]]


def _render_one(project: Project, page: Page, staging: Path, replace: bool, reads: Reads) -> None:
    html, named = render_tracked(project, page)
    write_file(staging, page.path, html, replace=replace)
    if named:
        reads[page.path] = named


def _run_task(task: tuple[str, list[int]]) -> tuple[int, Reads, list[str]]:
    """A chunk of pages (pages rendered, their reads) or a job (the paths it wrote)."""
    assert _shared is not None
    project, pages, staging, replace, jobs = _shared
    kind, indexes = task
    if kind == "job":
        return 0, {}, jobs[indexes[0]]()
    reads: Reads = {}
    for index in indexes:
        _render_one(project, pages[index], staging, replace, reads)
    return len(indexes), reads, []


def worker_count() -> int:
    """Processes to use: the machine's cores (at most 8), or 1 where fork is missing."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def render_pages(
    project: Project,
    pages: list[Page],
    staging: Path,
    progress: Progress,
    *,
    workers: int | None = None,
    replace: bool = False,
    jobs: Sequence[Job] = (),
) -> tuple[Reads, list[str]]:
    """Render and write every page into ``staging`` (``replace``: over the pages that
    are there, see ``output.LiveWriter``), and run ``jobs`` beside them. Returns, per
    page, the items it named or linked by id (pages that named none are left out), and
    the paths the jobs wrote."""
    global _shared
    count = worker_count() if workers is None else workers
    reads: Reads = {}
    written: list[str] = []
    if count <= 1 or len(pages) < PARALLEL_MIN_PAGES:
        for page in pages:
            _render_one(project, page, staging, replace, reads)
            progress.advance()
        for job in jobs:
            written += job()
        return reads, written
    # the jobs first: they are the longest tasks, and the pages fill in around them
    tasks = [("job", [k]) for k in range(len(jobs))]
    tasks += [
        ("pages", list(range(start, min(start + CHUNK, len(pages)))))
        for start in range(0, len(pages), CHUNK)
    ]
    _shared = (project, pages, staging, replace, jobs)
    # Move everything loaded so far out of the collector's sight: otherwise each worker's
    # garbage collections walk (and so copy) the whole inherited heap, page by page.
    gc.collect()
    gc.freeze()
    try:
        pool = multiprocessing.get_context("fork").Pool(count, initializer=_quiet_worker)
        try:
            for done, named, paths in pool.imap_unordered(_run_task, tasks):
                reads.update(named)
                written += paths
                progress.advance(done)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    finally:
        gc.unfreeze()
        _shared = None
    return reads, written
