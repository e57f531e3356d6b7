"""The pipeline, top to bottom: load → validate → analyse → render → write.

``load_project`` runs the first phases and never raises for a bad project: it returns
the diagnostics. ``build`` refuses to go on when they are fatal, and touches the output
folder only through a writer, which swaps the finished site in at the end. What may be
kept from the previous build is the incremental core's answer (``generator.incremental``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path

from generator.analysis import Analysis, analyse
from generator.diagnostics import Diagnostic, is_fatal, sort_diagnostics
from generator.errors import InvalidProject
from generator.incremental.body_edits import Rebuilt, bodies_only, checked_bodies, keep_record
from generator.incremental.cache import (
    MANIFEST,
    data_key,
    manifest_bytes,
    page_key,
    previous_manifest,
    reuse_group,
    search_key,
    site_key,
    with_reads,
)
from generator.incremental.inputs import (
    Before,
    project_inputs,
    record_check,
    recorded_check,
    site_before,
)
from generator.incremental.memo import Memo, plan_of
from generator.load.loaders import assemble, find_root, read_project, resolve_today
from generator.load.validate import cross_check
from generator.model import Project
from generator.output.progress import NO_PROGRESS, Progress
from generator.output.writer import LiveWriter, SiteWriter, resolve_output, write_file
from generator.paths import SEARCH_INDEX, asset_url
from generator.site.exports import iter_exports
from generator.site.ics import entries_by_item, event_blocks
from generator.site.pages import DEFAULT_LAYOUT, Layout, site_pages
from generator.site.parallel import Job, render_pages
from generator.site.render import Page
from generator.site.search import entry_bytes, index_script, indexed
from generator.site.trends import HISTORY_CSV, SiteHistory, history_csv, trends_page

#: Files of ``generator/site/static`` copied to ``assets/`` in every site.
STATIC_ASSETS = (
    "plansite.css",
    "favicon.svg",
    "calendar.js",
    "journey.js",
    "matrix.js",
    "search.js",
)


@dataclass(frozen=True)
class Loaded:
    """A project (None when it has errors) and every diagnostic found on the way."""

    project: Project | None
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    diagnostics: list[Diagnostic]
    rendered: int = 0  # pages rendered anew; the others were reused from the previous site


def load_project(root: Path, *, today: date | None = None, memo: Memo | None = None) -> Loaded:
    """Read, parse and validate; the model only if there is no error. A memo (``serve``)
    reuses what it remembers of unchanged files."""
    if memo is None:
        loaded = read_project(root)
        problems = sort_diagnostics([*loaded.diagnostics, *cross_check(loaded)])
    else:
        loaded = read_project(root, memo.parse)
        problems = sort_diagnostics([*loaded.diagnostics, *memo.cross_check(loaded)])
    if is_fatal(problems, strict=False, spared=loaded.config.results_folder):
        return Loaded(None, problems)
    return Loaded(assemble(loaded, resolve_today(today, loaded.config)), problems)


def find_project(root: Path) -> Path:
    """The project folder, or ``ProjectNotFound`` with what to do."""
    return find_root(root)


def check(
    root: Path, *, today: date | None = None, memo_source: Callable[[], Memo] | None = None
) -> list[Diagnostic]:
    """Every problem of the project, without writing anything into it. When its inputs
    are exactly those of the last build or check, that run's answer is the answer."""
    found = project_inputs(root, today)
    known = None if found is None else recorded_check(root, found.digest)
    if known is not None:
        return known
    known = None if found is None else checked_bodies(root, found, today)
    if found is not None and known is not None:
        record_check(root, found.digest, known)
        return known
    memo = None if memo_source is None else memo_source()
    diagnostics = load_project(root, today=today, memo=memo).diagnostics
    if found is not None:
        record_check(root, found.digest, diagnostics)
    return diagnostics


def build(
    root: Path,
    *,
    today: date | None = None,
    output: str | None = None,
    strict: bool = False,
    progress: Progress = NO_PROGRESS,
    workers: int | None = None,
    clean: bool = False,
    memo: Memo | None = None,
    live: bool = False,
    layout: Layout = DEFAULT_LAYOUT,
    history: SiteHistory | None = None,
    memo_source: Callable[[], Memo] | None = None,
) -> BuildResult:
    """Build the site into the output folder, or raise without touching it.

    ``memo`` carries results over from the previous build (``serve``'s, or one kept on
    disk); ``memo_source`` gives it only once it is needed, after the check that
    nothing changed (reading a kept memo takes time);
    ``live`` updates the output folder in place instead of swapping in a new one, for
    ``serve``'s private folder only (see ``output.writer.LiveWriter``). ``layout`` says
    how much one page shows (list page size, journey cards). ``history``, read from git
    by the caller, adds the Trends page, ``exports/history.csv`` and item dates.
    """
    salt = history.digest() if history is not None else ""
    before = Before() if live else site_before(root, today, output, salt)
    facts = before.facts(today, salt, repr(layout))
    done = None if clean else _without_loading(root, before, facts, strict, memo is None)
    if done is not None:
        return done
    if memo is None:
        memo = Memo() if memo_source is None else memo_source()
    with collector_paused():
        loaded = load_project(root, today=today, memo=memo)  # load and validate
        if before.found is not None:
            record_check(root, before.found.digest, loaded.diagnostics)
        project = _valid(loaded, strict)
        analysis = memo.analyse(
            project, plan_of(project, memo), lambda: analyse(project, memo.results_pieces(project))
        )
        plan = _plan_site(project, analysis, output, memo, clean, layout, history)
    written = write_site(plan, progress, workers=workers, live=live, inputs=before.recorded)
    if before.recorded is not None and before.found is not None:
        kept = (before.recorded, facts, before.found, loaded.diagnostics)
        keep_record(project.root, plan.out, *kept, project, memo)
    memo.retain(project)
    return BuildResult(
        plan.out, len(plan.pages), written.files, loaded.diagnostics, rendered=written.rendered
    )


def _without_loading(
    root: Path, before: Before, facts: list[str], strict: bool, bodies: bool
) -> BuildResult | None:
    """The result of a build that needs no loading: when nothing changed since the site
    in the output folder was built (its diagnostics are those recorded for exactly
    these inputs), or, with ``bodies``, only bodies did (``incremental.body_edits``)."""
    found, out = before.found, before.out
    if found is None or out is None:
        return None
    done: Rebuilt | None = None
    if before.counts is not None:
        pages, files = before.counts
        done = Rebuilt(pages, files, 0, recorded_check(root, found.digest))
    elif bodies:
        done = bodies_only(root, before, facts)
    if done is None or done.diagnostics is None:
        return None
    if is_fatal(done.diagnostics, strict=strict, spared=found.config.results_folder):
        raise InvalidProject(done.diagnostics)
    return BuildResult(out, done.pages, done.files, done.diagnostics, rendered=done.rendered)


def _valid(loaded: Loaded, strict: bool) -> Project:
    spared = loaded.project.config.results_folder if loaded.project else None
    if loaded.project is None or is_fatal(loaded.diagnostics, strict=strict, spared=spared):
        raise InvalidProject(loaded.diagnostics)
    return loaded.project


def _plan_site(
    project: Project,
    analysis: Analysis,
    output: str | None,
    memo: Memo,
    clean: bool,
    layout: Layout,
    history: SiteHistory | None = None,
) -> SitePlan:
    """Every page and its key, and what the site now in the output folder was built
    from: everything the writing phase needs to decide what to render and what to keep."""
    out = resolve_output(project.root, project.config.output if output is None else output)
    pages: list[Page] = with_history(site_pages(project, analysis, layout), history)
    site = site_key(project)
    keys = {
        page.path: memo.page_key(site, page, partial(page_key, site, page, memo.digests))
        for page in pages
    }
    before, old_reads = ({}, {}) if clean else previous_manifest(out)
    return SitePlan(
        project,
        analysis,
        out,
        pages,
        keys,
        exports_key=data_key((*plan_of(project, memo), history and history.digest()), memo.digests),
        index_key=search_key(project, memo),
        before=before,
        old_reads=old_reads,
        memo=memo,
        history=history,
    )


def with_history(pages: Iterator[Page], history: SiteHistory | None) -> list[Page]:
    """The pages, and with a history: the Trends page, its link on the dashboard and
    each item's first-added and last-changed dates in the item's page."""
    if history is None:
        return list(pages)
    out = []
    for page in pages:
        if page.template == "item.html":
            dates = history.items.get(page.context["item"].path)
            page = Page(page.path, page.template, {**page.context, "history": dates})
        elif page.path == "index.html":
            page = Page(page.path, page.template, {**page.context, "trends": True})
        out.append(page)
    return [*out, trends_page(history)]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the project is loaded and planned. That
    allocates hundreds of thousands of objects that refcounting frees, and each automatic
    collection walks every live object — the whole project — again: at 10,000 items that
    was a third of a rebuild in ``serve``. Rendering runs with the collector on: template
    and Markdown rendering leave cycles behind, which would pile up."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# -- write: render what changed, keep the rest, swap the site in ----------------------


@dataclass(frozen=True)
class SitePlan:
    """What the writing phase needs: the pages with their keys, the keys of the exports
    and the search index, and what the site now in the output folder was built from."""

    project: Project
    analysis: Analysis
    out: Path
    pages: list[Page]
    keys: dict[str, str | None]
    exports_key: str
    index_key: str
    before: dict[str, str]  # page → key, of the site now in ``out``
    old_reads: dict[str, list[str]]  # page → items it named, of that site
    memo: Memo
    history: SiteHistory | None = None


@dataclass(frozen=True)
class Written:
    files: int
    rendered: int


def write_site(
    plan: SitePlan,
    progress: Progress,
    *,
    workers: int | None = None,
    live: bool = False,
    inputs: str | None = None,
) -> Written:
    """Render the pages whose keys changed, make the exports and the search index
    unless they are unchanged, copy the assets, record the keys, and commit."""
    project = plan.project
    writer: SiteWriter | LiveWriter = (
        LiveWriter(plan.out, plan.memo.site_files) if live else SiteWriter(plan.out)
    )
    with writer:
        progress.start("Rendering pages", len(plan.pages) + len(project.assets))
        kept_exports = reuse_group(writer, plan.before, plan.exports_key)
        kept_index = reuse_group(writer, plan.before, plan.index_key)
        jobs = _data_jobs(plan, writer, not kept_exports, not kept_index)
        keys, reads, rendered, made, handed = _pages(plan, writer, progress, workers, jobs)
        if not kept_exports:
            plan.memo.keep_events(plan.project, plan.analysis, handed[0])
        if not kept_index:
            plan.memo.keep_search(plan.project, handed[-1])
        writer.rendered(made)
        exports = sorted([*kept_exports, *(path for path in made if path != SEARCH_INDEX)])
        copied = _copy_assets(project, writer, progress)
        keys.update(dict.fromkeys(exports, plan.exports_key))
        keys[SEARCH_INDEX] = plan.index_key
        written = len(plan.pages) + len(copied) + len(exports) + 2  # the index, the manifest
        counts = (len(plan.pages), written)
        writer.write(MANIFEST, manifest_bytes(keys, reads, inputs, counts, copied))
        writer.commit()
        progress.finish()
    plan.memo.site_files = writer.produced if isinstance(writer, LiveWriter) else set()
    return Written(written, rendered)


def _data_jobs(
    plan: SitePlan, writer: SiteWriter | LiveWriter, exports: bool, index: bool
) -> list[Job]:
    """The exports and the search index, when they must be made: jobs that run in the
    render pool beside the pages. A memo that lasts (``serve``) hands in the calendar
    events and the search index it kept; otherwise the workers make them and hand them
    back for the memo to keep (the exports job first, the search job last)."""
    staging, replace = writer.staging, writer.replace
    assert staging is not None
    jobs: list[Job] = []
    if exports:
        events = plan.memo.events(plan.project, plan.analysis)
        jobs.append(
            partial(
                _write_exports, plan.project, plan.analysis, staging, replace, events, plan.history
            )
        )
    if index:
        data = plan.memo.search_index(plan.project)
        jobs.append(partial(_write_search_index, plan.project, staging, replace, data))
    return jobs


def _write_exports(
    project: Project,
    analysis: Analysis,
    staging: Path,
    replace: bool,
    events: Mapping[str, bytes] | None,
    history: SiteHistory | None = None,
) -> tuple[list[str], dict[str, bytes] | None]:
    """Write every export into the staging folder; their paths, and the calendar events
    made here (None if they were handed in)."""
    made = None
    if events is None:
        groups = entries_by_item(analysis.calendar.entries).values()
        events = made = event_blocks(project, groups)
    paths = []
    for path, data in iter_exports(project, analysis, events):
        write_file(staging, path, data, replace=replace)
        paths.append(path)
    if history is not None:
        write_file(staging, HISTORY_CSV, history_csv(history), replace=replace)
        paths.append(HISTORY_CSV)
    return paths, made


def _write_search_index(
    project: Project, staging: Path, replace: bool, data: bytes | None
) -> tuple[list[str], list[bytes] | None]:
    """Write the search index (``data``, or made here); the entries made here."""
    if data is not None:
        write_file(staging, SEARCH_INDEX, data, replace=replace)
        return [SEARCH_INDEX], None
    entries = [entry_bytes(item) for item in indexed(project)]
    write_file(staging, SEARCH_INDEX, index_script(entries), replace=replace)
    return [SEARCH_INDEX], entries


def _copy_assets(
    project: Project, writer: SiteWriter | LiveWriter, progress: Progress
) -> list[str]:
    """The files under content/ beside the item pages, and plansite's own assets."""
    copied = []
    for asset in project.assets:
        writer.copy(asset_url(asset), project.root / "content" / asset)
        copied.append(asset_url(asset))
        progress.advance()
    static = files("generator.site").joinpath("static")
    for name in STATIC_ASSETS:
        writer.write(f"assets/{name}", static.joinpath(name).read_bytes())
        copied.append(f"assets/{name}")
    return copied


def _pages(
    plan: SitePlan,
    writer: SiteWriter | LiveWriter,
    progress: Progress,
    workers: int | None,
    jobs: Sequence[Job],
) -> tuple[dict[str, str], dict[str, Sequence[str]], int, list[str], list[object]]:
    """Keep each page whose key, with the items it read last time, is unchanged; render
    the others, and run ``jobs`` beside them. Returns every page's stored key, its
    reads, how many were rendered, the files the jobs wrote and what they handed back."""
    project, memo = plan.project, plan.memo
    final: dict[str, str] = {}
    reads: dict[str, Sequence[str]] = {}
    todo = []
    for page in plan.pages:
        key, path = plan.keys[page.path], page.path
        named = plan.old_reads.get(path, [])
        stored = plan.before.get(path)
        if (
            key is not None
            and stored == with_reads(project, key, named, memo, path)
            and writer.keep(path)
        ):
            final[path], reads[path] = stored, named
            progress.advance()
        else:
            todo.append(page)
    assert writer.staging is not None
    fresh, made, handed = render_pages(
        project, todo, writer.staging, progress, workers=workers, replace=writer.replace, jobs=jobs
    )
    writer.rendered(page.path for page in todo)
    for page in todo:
        key, named_now = plan.keys[page.path], fresh.get(page.path, ())
        if key is not None:
            final[page.path] = with_reads(project, key, named_now, memo, page.path)
            reads[page.path] = named_now
    return final, reads, len(todo), made, handed
