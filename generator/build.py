"""The pipeline, top to bottom: load → parse → validate → analyse → render → write.

``load_project`` runs the first three phases and never raises for a bad project: it
returns the diagnostics. ``build`` refuses to go on when they are fatal, and touches the
output folder only through ``SiteWriter``, which swaps the finished site in at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path

from generator.analysis import Analysis, analyse
from generator.diagnostics import Diagnostic, errors, is_fatal, sort_diagnostics
from generator.errors import InvalidProject, PlansiteError
from generator.incremental.cache import (
    MANIFEST,
    current_site,
    data_key,
    inputs_digest,
    manifest_bytes,
    page_key,
    previous_manifest,
    reuse_group,
    search_key,
    site_key,
    with_reads,
)
from generator.incremental.memo import Memo, plan_of
from generator.load.loaders import assemble, find_root, load_config, read_project, resolve_today
from generator.load.validate import cross_check
from generator.model import Project
from generator.output.progress import NO_PROGRESS, Progress
from generator.output.writer import LiveWriter, SiteWriter, leftovers, resolve_output, write_file
from generator.paths import asset_url
from generator.site.exports import iter_exports
from generator.site.pages import site_pages
from generator.site.parallel import Job, render_pages
from generator.site.render import Page
from generator.site.search import search_index_js

#: Files of ``generator/static`` copied to ``assets/`` in every site.
SEARCH_INDEX = "assets/search-index.js"
STATIC_ASSETS = ("plansite.css", "calendar.js", "journey.js", "matrix.js", "search.js")


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
    """Phases 1–3: read, parse and validate; the model only if there is no error."""
    loaded = read_project(root, memo)
    diagnostics = sort_diagnostics([*loaded.diagnostics, *cross_check(loaded, memo)])
    if errors(diagnostics):
        return Loaded(None, diagnostics)
    return Loaded(assemble(loaded, resolve_today(today, loaded.config)), diagnostics)


def find_project(root: Path) -> Path:
    """The project folder, or ``ProjectNotFound`` with what to do."""
    return find_root(root)


def check(root: Path, *, today: date | None = None) -> list[Diagnostic]:
    """Every problem of the project, without writing anything."""
    return load_project(root, today=today).diagnostics


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
) -> BuildResult:
    """Build the site into the output folder, or raise without touching it.

    ``memo`` carries results over from the previous build in this process (``serve``);
    ``live`` updates the output folder in place instead of swapping in a new one, for
    ``serve``'s private folder only (see ``output.LiveWriter``).
    """
    inputs, current = (None, None) if live else _up_to_date(root, today, output)
    if current is not None and not clean:
        return current
    return _build(root, today, output, strict, progress, workers, clean, memo, live, inputs)


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


def _build(
    root: Path,
    today: date | None,
    output: str | None,
    strict: bool,
    progress: Progress,
    workers: int | None,
    clean: bool,
    memo: Memo | None,
    live: bool,
    inputs: str | None,
) -> BuildResult:
    memo = Memo() if memo is None else memo
    with collector_paused():
        loaded = load_project(root, today=today, memo=memo)
        if loaded.project is None or is_fatal(loaded.diagnostics, strict=strict):
            raise InvalidProject(loaded.diagnostics)
        project = loaded.project
        out = resolve_output(project.root, project.config.output if output is None else output)
        plan = plan_of(project, memo)
        analysis = memo.analyse(project, plan, lambda: analyse(project))
        pages = list(site_pages(project, analysis))
        site = site_key(project)
        keys = {
            page.path: memo.page_key(site, page, partial(page_key, site, page, memo.digests))
            for page in pages
        }
        exports_key, index_key = data_key(plan, memo.digests), search_key(project, memo)
        before, old_reads = ({}, {}) if clean else previous_manifest(out)
    writer: SiteWriter | LiveWriter = LiveWriter(out, memo.site_files) if live else SiteWriter(out)
    with writer:
        progress.start("Rendering pages", len(pages) + len(project.assets))
        # exports and the search index are reused whole when nothing they show changed
        export_paths = reuse_group(writer, before, exports_key)
        index_kept = bool(reuse_group(writer, before, index_key))
        # A one-off build makes them in the render pool, beside the pages; serve makes
        # them here, where its memo keeps their parts for the next rebuild.
        jobs: list[Job] = []
        if not live and writer.staging is not None:
            if not export_paths:
                jobs.append(partial(_write_exports, project, analysis, writer.staging))
            if not index_kept:
                jobs.append(partial(_write_search_index, project, writer.staging))
        final, reads, rendered, made = _pages(
            project, pages, keys, writer, progress, before, old_reads, workers, memo, jobs
        )
        export_paths += [path for path in made if path != SEARCH_INDEX]
        if live and not export_paths:
            for path, data in iter_exports(project, analysis, memo):
                writer.write(path, data)
                export_paths.append(path)
        if live and not index_kept:
            writer.write(SEARCH_INDEX, search_index_js(project, memo))
        export_paths.sort()
        for asset in project.assets:
            writer.copy(asset_url(asset), project.root / "content" / asset)
            progress.advance()
        written_keys = dict(final)
        written_keys.update(dict.fromkeys(export_paths, exports_key))
        written_keys[SEARCH_INDEX] = index_key
        for asset in STATIC_ASSETS:
            writer.write(
                f"assets/{asset}", files("generator.site").joinpath("static", asset).read_bytes()
            )
        written = len(pages) + len(project.assets) + len(export_paths) + len(STATIC_ASSETS) + 2
        # the inputs are recorded only for a build without a single diagnostic: one with
        # warnings is never skipped, so its warnings are reported every time
        recorded = None if loaded.diagnostics else inputs
        copied = [asset_url(a) for a in project.assets] + [f"assets/{a}" for a in STATIC_ASSETS]
        writer.write(
            MANIFEST,
            manifest_bytes(written_keys, reads, recorded, (len(pages), written), copied),
        )
        writer.commit()
        progress.finish()
    memo.retain(project)
    memo.site_files = writer.produced if isinstance(writer, LiveWriter) else set()
    return BuildResult(out, len(pages), written, loaded.diagnostics, rendered=rendered)


def _pages(
    project: Project,
    pages: list[Page],
    keys: dict[str, str | None],
    writer: SiteWriter | LiveWriter,
    progress: Progress,
    before: dict[str, str],
    old_reads: dict[str, list[str]],
    workers: int | None,
    memo: Memo,
    jobs: Sequence[Job],
) -> tuple[dict[str, str], dict[str, Sequence[str]], int, list[str]]:
    """Keep each page whose key, with the items it read last time, is unchanged; render
    the others, and run ``jobs`` beside them. Returns every page's stored key, its
    reads, how many were rendered, and the files the jobs wrote."""
    final: dict[str, str] = {}
    reads: dict[str, Sequence[str]] = {}
    todo = []
    for page in pages:
        key, path = keys[page.path], page.path
        named = old_reads.get(path, [])
        if (
            key is not None
            and before.get(path) == with_reads(project, key, named, memo, path)
            and writer.keep(path)
        ):
            final[path], reads[path] = before[path], named
            progress.advance()
        else:
            todo.append(page)
    staging = writer.staging
    assert staging is not None
    fresh, made = render_pages(
        project, todo, staging, progress, workers=workers, replace=writer.replace, jobs=jobs
    )
    writer.rendered(page.path for page in todo)
    for page in todo:
        key, named_now = keys[page.path], fresh.get(page.path, ())
        if key is not None:
            final[page.path] = with_reads(project, key, named_now, memo, page.path)
            reads[page.path] = named_now
    return final, reads, len(todo), made


def _write_exports(project: Project, analysis: Analysis, staging: Path) -> list[str]:
    """Write every export into the staging folder; their paths."""
    paths = []
    for path, data in iter_exports(project, analysis):
        write_file(staging, path, data)
        paths.append(path)
    return paths


def _write_search_index(project: Project, staging: Path) -> list[str]:
    write_file(staging, SEARCH_INDEX, search_index_js(project))
    return [SEARCH_INDEX]


def _up_to_date(
    root: Path, today: date | None, output: str | None
) -> tuple[str | None, BuildResult | None]:
    """The digest of the project's inputs, and the finished result when the site in the
    output folder was built from exactly them without a single diagnostic: then there is
    nothing to do. Any doubt (a problem with the configuration, the folders or the
    output) means no shortcut; the full build then reports it."""
    try:
        root = find_root(root)
        config, config_ok, problems = load_config(root)
        if not config_ok or problems:
            return None, None
        inputs = inputs_digest(root, resolve_today(today, config))
        if inputs is None:
            return None, None
        out = resolve_output(root, config.output if output is None else output)
    except (PlansiteError, OSError):
        return None, None
    counts = current_site(out, inputs)
    if counts is None or leftovers(out):  # a real build also removes what a kill left
        return inputs, None
    return inputs, BuildResult(out, counts[0], counts[1], [], rendered=0)
