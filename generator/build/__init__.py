"""The pipeline, top to bottom: load → validate → analyse → render → write.

``load_project`` runs the first phases and never raises for a bad project: it returns
the diagnostics. ``build`` refuses to go on when they are fatal, and touches the output
folder only through a writer, which swaps the finished site in at the end. What may be
kept from the previous build is the incremental core's answer (``generator.incremental``).

This module holds what every build does first — is there anything to do at all, did
only bodies change (``incremental.body_edits``) — and imports only what that needs. The
phases that make a site (analysis, pages, templates, exports) are in ``build.site``,
imported once a site is to be made: a build that finds nothing to do, or only bodies to
update, answers without loading them (Python's imports are a good part of such a run).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, is_fatal, sort_diagnostics
from generator.errors import InvalidProject, PlansiteError
from generator.incremental.body_edits import Rebuilt, bodies_only, checked_bodies
from generator.incremental.cache import MANIFEST
from generator.incremental.disk import memo_path
from generator.incremental.inputs import (
    Before,
    output_folder,
    project_inputs,
    record_check,
    recorded_check,
    site_before,
)
from generator.load.loaders import assemble, find_root, load_config, read_project, resolve_today
from generator.load.validate import cross_check
from generator.model import Project
from generator.model.history import SiteHistory
from generator.output.progress import NO_PROGRESS, Progress
from generator.site.pagination import DEFAULT_LAYOUT, Layout

if TYPE_CHECKING:
    from generator.build.ahead import Ahead
    from generator.incremental.memo import Memo


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
    everything = not live and (clean or not _site_in(root, output))
    parse = everything and _parse_ahead(root, clean, memo, memo_source)  # asked only then
    with _helpers(root, workers, everything, parse) as ahead:
        before = Before() if live else site_before(root, today, output, salt)
        facts = before.facts(today, salt, repr(layout))
        done = None if clean else _without_loading(root, before, facts, strict, memo is None)
        if done is not None:
            return done
        from generator.build.site import make_site  # the rest of the pipeline, loaded now

        return make_site(
            root,
            before,
            facts,
            memo if memo is not None or memo_source is None else memo_source(),
            today=today,
            output=output,
            strict=strict,
            progress=progress,
            workers=workers,
            clean=clean,
            live=live,
            layout=layout,
            history=history,
            ahead=ahead,
        )


def _site_in(root: Path, output: str | None) -> bool:
    """Whether the output folder holds a site of ours (its fingerprint file); True when
    that cannot be told, so that nothing is started for a build that may find nothing
    to do."""
    try:
        out = output_folder(root, load_config(find_root(root))[0], output)
    except (PlansiteError, OSError):
        return True
    return (out / MANIFEST).is_file()


def _parse_ahead(
    root: Path, clean: bool, memo: Memo | None, memo_source: Callable[[], Memo] | None
) -> bool:
    """Whether helpers should parse the item files: only for a memo without them. The
    memo kept on disk is read later; that there is one says enough (one that cannot be
    used means this process parses every file itself)."""
    if memo is not None:
        return not memo.files
    if memo_source is None or clean:
        return True
    try:
        return not memo_path(find_root(root)).is_file()
    except (PlansiteError, OSError):
        return True


def _helpers(
    root: Path, workers: int | None, everything: bool, parse: bool
) -> AbstractContextManager[Ahead | None]:
    """Helpers working ahead (``build.ahead``) for a build that will render every page
    (no site in the output folder yet, or ``clean``), started before anything else.
    (``serve`` builds in place, so its builds have none.)"""
    if not everything:
        return nullcontext(None)
    from generator.build.ahead import start_helpers

    return start_helpers(root, workers, parse=parse)


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
