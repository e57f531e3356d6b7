"""The phases that make a site: analyse, plan every page and its key, render what
changed in worker processes and keep the rest, write the exports and the search index,
then swap the site in. ``build.build`` comes here once it knows a site is to be made."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path

from generator.analysis import Analysis, analyse
from generator.build import BuildResult, _valid, load_project
from generator.build.ahead import Ahead
from generator.collector import collector_paused, thawed
from generator.incremental.body_edits import keep_record
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
from generator.incremental.inputs import Before, record_check
from generator.incremental.memo import Memo, plan_of
from generator.model import Project
from generator.model.history import SiteHistory
from generator.output.progress import Progress
from generator.output.writer import LiveWriter, SiteWriter, resolve_output, write_file
from generator.paths import SEARCH_INDEX, asset_url
from generator.site.exports import iter_exports
from generator.site.ics import entries_by_item, event_blocks
from generator.site.pages import site_pages
from generator.site.pagination import Layout
from generator.site.parallel import Job, Reads, render_pages
from generator.site.render import ITEM_TEMPLATE, Page
from generator.site.search import entry_bytes, index_script, indexed
from generator.site.trends import HISTORY_CSV, history_csv, trends_page

#: Files of ``generator/site/static`` copied to ``assets/`` in every site.
STATIC_ASSETS = (
    "plansite.css",
    "favicon.svg",
    "calendar.js",
    "journey.js",
    "matrix.js",
    "search.js",
)


def make_site(
    root: Path,
    before: Before,
    facts: list[str],
    memo: Memo | None,
    *,
    today: date | None,
    output: str | None,
    strict: bool,
    progress: Progress,
    workers: int | None,
    clean: bool,
    live: bool,
    layout: Layout,
    history: SiteHistory | None,
    ahead: Ahead | None = None,
) -> BuildResult:
    """Load, analyse, plan and write the site: the rest of ``build.build``, whose
    arguments these are, with what it found before loading and the helpers it started
    (``build.ahead``)."""
    memo = Memo() if memo is None else memo
    with thawed():
        with collector_paused(keep=True):
            if ahead is not None:
                ahead.parse_into(memo)
            loaded = load_project(root, today=today, memo=memo)  # load and validate
            if before.found is not None:
                record_check(root, before.found.digest, loaded.diagnostics)
            project = _valid(loaded, strict)
            analysis = memo.analyse(
                project,
                plan_of(project, memo),
                lambda: analyse(project, memo.results_pieces(project)),
            )
            plan = _plan_site(project, analysis, output, memo, clean, layout, history)
            memo.planned(project, analysis)  # its keeper may start writing it
        if ahead is not None:
            ahead.hand_over()
        written = write_site(plan, progress, workers=workers, live=live, inputs=before.recorded)
        if before.recorded is not None and before.found is not None:
            kept = (before.recorded, facts, before.found, loaded.diagnostics)
            keep_record(project.root, plan.out, *kept, project, memo)  # the plan still frozen
    return BuildResult(
        plan.out, len(plan.pages), written.files, loaded.diagnostics, rendered=written.rendered
    )


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
        if page.template == ITEM_TEMPLATE:
            dates = history.items.get(page.context["item"].path)
            page = Page(page.path, page.template, {**page.context, "history": dates})
        elif page.path == "index.html":
            page = Page(page.path, page.template, {**page.context, "trends": True})
        out.append(page)
    return [*out, trends_page(history)]


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
        plan.memo.finished(project)  # its keeper may write it while the site is finished
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
        data = plan.memo.search_entries(plan.project)
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
    project: Project, staging: Path, replace: bool, kept: list[bytes] | None
) -> tuple[list[str], list[bytes] | None]:
    """Write the search index from its entries (``kept``, or made here); the entries
    made here."""
    entries = [entry_bytes(item) for item in indexed(project)] if kept is None else kept
    write_file(staging, SEARCH_INDEX, index_script(entries), replace=replace)
    return [SEARCH_INDEX], entries if kept is None else None


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

    def rendered(pages: Sequence[Page], named: Reads) -> None:
        """The final keys of pages just rendered, worked out while the rest render."""
        for page in pages:
            key, named_now = plan.keys[page.path], named.get(page.path, ())
            if key is not None:
                final[page.path] = with_reads(project, key, named_now, memo, page.path)
                reads[page.path] = named_now

    made, handed = render_pages(
        project,
        todo,
        writer.staging,
        progress,
        workers=workers,
        replace=writer.replace,
        jobs=jobs,
        rendered=rendered,
    )
    writer.rendered(page.path for page in todo)
    return final, reads, len(todo), made, handed
