"""Rendering pages on every core.

Pages are independent, so forked worker processes (``forkpool``) each render a share of
them and write the files straight into the staging folder; only counts and the items
each page named travel back. Where fork does not exist, or the site is small, pages are
rendered in this process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from generator.model import Project
from generator.output.progress import Progress
from generator.output.writer import write_file
from generator.site.forkpool import forked_pool, run_task, worker_count
from generator.site.markdown import use_rendered
from generator.site.render import ITEM_TEMPLATE, Page, render_tracked

#: Below this many pages starting workers costs more than it saves.
PARALLEL_MIN_PAGES = 300
#: Below this many items, making the exports and the search index beside a few pages
#: saves less than forking a process that holds the whole plan costs (0.1–0.3 s).
PARALLEL_MIN_ITEMS = 2000
#: Pages per task: small enough to balance the load, big enough to amortise the hand-off.
CHUNK = 64

#: Work besides pages that can run beside them: it writes its own files into the staging
#: folder and returns their paths (the exports, the search index), and anything the
#: caller may want to keep of what it computed (None if nothing).
Job = Callable[[], tuple[list[str], object]]

_shared: tuple[Project, list[Page], Path, bool, Sequence[Job]] | None = None


Reads = dict[str, tuple[str, ...]]
#: Told of pages as they are rendered, with what they read (``render_pages``).
Rendered = Callable[[Sequence[Page], Reads], None]


def _render_one(project: Project, page: Page, staging: Path, replace: bool, reads: Reads) -> None:
    html, named = render_tracked(project, page)
    write_file(staging, page.path, html, replace=replace)
    if named:
        reads[page.path] = named


def _run_task(
    task: tuple[str, list[int]],
) -> tuple[list[int], Reads, list[str], dict[int, object]]:
    """A chunk of pages (the pages rendered, their reads) or a job (the paths it wrote
    and what it hands back, by the job's index)."""
    assert _shared is not None
    project, pages, staging, replace, jobs = _shared
    kind, indexes = task
    if kind == "job":
        paths, value = jobs[indexes[0]]()
        return [], {}, paths, {indexes[0]: value}
    reads: Reads = {}
    for index in indexes:
        _render_one(project, pages[index], staging, replace, reads)
    return indexes, reads, [], {}


def _tasks(pages: list[Page], jobs: int) -> list[tuple[str, list[int]]]:
    """The pool's tasks, longest first, so the rest fill in around them: every page but
    the items' own in one task, then the jobs, then the item pages in chunks.

    The pages besides the items' own are the ones that list items, and a process renders
    each item's row once for all of them (``render``): split over workers, nearly every
    row was rendered in each."""
    lists = [k for k, page in enumerate(pages) if page.template != ITEM_TEMPLATE]
    own = [k for k, page in enumerate(pages) if page.template == ITEM_TEMPLATE]
    tasks = [("pages", lists)] if lists else []
    tasks += [("job", [k]) for k in range(jobs)]
    tasks += [("pages", own[start : start + CHUNK]) for start in range(0, len(own), CHUNK)]
    return tasks


def _worth_workers(project: Project, pages: list[Page], jobs: Sequence[Job]) -> bool:
    """Whether forking workers saves more than it costs: for many pages, or for a few
    beside the exports and search index of a large plan. (A title edit re-renders the
    few pages that show the title, and the exports are made again: at 10,000 items each
    took about a second, one after the other.)"""
    if len(pages) >= PARALLEL_MIN_PAGES:
        return True
    return bool(jobs) and bool(pages) and len(project.items) >= PARALLEL_MIN_ITEMS


def render_pages(
    project: Project,
    pages: list[Page],
    staging: Path,
    progress: Progress,
    *,
    workers: int | None = None,
    replace: bool = False,
    jobs: Sequence[Job] = (),
    rendered: Rendered = lambda pages, reads: None,
) -> tuple[list[str], list[object]]:
    """Render and write every page into ``staging`` (``replace``: over the pages that
    are there, see ``output.LiveWriter``), and run ``jobs`` beside them. What every
    page reads and the plan keeps (the names of everything) is made before the workers
    are forked: made in each of them, it touched every item, copying the pages of
    memory they sit in. Tells
    ``rendered`` of the pages as they are done, with the items each named or linked by
    id (pages that named none are left out): the caller works on them while the rest
    render. Returns the paths the jobs wrote and what each job handed back, in the order
    of ``jobs``."""
    global _shared
    count = worker_count() if workers is None else workers
    written: list[str] = []
    handed: list[object] = [None] * len(jobs)
    if count <= 1 or not _worth_workers(project, pages, jobs):
        for page in pages:
            reads: Reads = {}
            _render_one(project, page, staging, replace, reads)
            rendered([page], reads)
            progress.advance()
        for index, job in enumerate(jobs):
            paths, handed[index] = job()
            written += paths
        return written, handed
    tasks = _tasks(pages, len(jobs))
    _ = project.display_names  # made once here rather than in every worker (see above)
    _shared = (project, pages, staging, replace, jobs)
    try:
        with forked_pool(count, _run_task) as pool:
            use_rendered({})  # the bodies rendered ahead are the workers' now: see ``ahead``
            for done, named, paths, values in pool.imap_unordered(run_task, tasks):
                rendered([pages[index] for index in done], named)
                written += paths
                for index, value in values.items():
                    handed[index] = value
                progress.advance(len(done))
    finally:
        _shared = None
    return written, handed
