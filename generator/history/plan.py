"""One state of the plan: the working tree, another folder, or a git revision, loaded
with the normal loaders and analysed.

A revision's files are written to a temporary folder (``git.materialised``) that lives
only as long as the ``with`` block; the working tree and the index are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.analysis import Analysis, analyse
from generator.build import BuildResult, build, load_project
from generator.diagnostics import Diagnostic
from generator.errors import InvalidProject, ProjectNotFound
from generator.history.git import GitError, check_revision, find_repository, materialised
from generator.load.loaders import find_root, load_config
from generator.model import Project
from generator.output.progress import NO_PROGRESS, Progress
from generator.output.writer import resolve_output

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Source:
    """A state of the plan as the user named it: a folder, or a commit of the
    repository the project folder is in."""

    label: str
    folder: Path | None = None
    commit: str | None = None


class InvalidPlanAt(InvalidProject):
    """One side of a comparison does not load: its problems, and which side it is."""

    def __init__(self, label: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics)
        self.label = label


def source_of(project: Path, spec: str | None) -> Source:
    """``None``: the project folder as it is on disk; an existing folder: that folder;
    anything else: a revision, checked before git sees it."""
    if spec is None:
        return Source("working tree", folder=project)
    if spec and Path(spec).is_dir():
        return Source(spec, folder=Path(spec))
    check_revision(spec)
    repo = find_repository(project)
    return Source(spec, commit=repo.commit(spec))


def source_at(project: Path, when: str) -> Source:
    """``--at``: a date (the last commit on or before it, in the project's time zone) or
    a revision."""
    if _DAY.fullmatch(when):
        try:
            day = date.fromisoformat(when)
        except ValueError:
            raise GitError(f"`{when}` is not a real date") from None
        config, _ok, _problems = load_config(find_root(project))
        repo = find_repository(project)
        return Source(when, commit=repo.commit_on_or_before(day, config.tz))
    check_revision(when)
    return Source(when, commit=find_repository(project).commit(when))


@contextmanager
def plan_folder(project: Path, source: Source) -> Iterator[Path]:
    """A folder holding the plan of ``source``, for as long as the block runs."""
    if source.folder is not None:
        yield find_root(source.folder)
        return
    assert source.commit is not None
    repo = find_repository(project)
    with materialised(repo, source.commit, project.resolve().name) as root:
        try:
            find_root(root)
        except ProjectNotFound:
            raise GitError(
                f"there is no plan at {source.label} ({source.commit[:12]}): neither "
                f"{repo.prefix}plansite.yaml nor {repo.prefix}content/ is in that commit"
            ) from None
        yield root


def analysed(root: Path, label: str, today: date | None) -> tuple[Project, Analysis]:
    loaded = load_project(root, today=today)
    if loaded.project is None:
        raise InvalidPlanAt(label, loaded.diagnostics)
    return loaded.project, analyse(loaded.project)


def build_at(
    project: Path,
    when: str,
    *,
    output: str | None = None,
    today: date | None = None,
    strict: bool = False,
    clean: bool = False,
    progress: Progress = NO_PROGRESS,
) -> tuple[Source, BuildResult]:
    """Build the site of the plan as it stood at ``when`` into the output folder of the
    project (``output`` in that revision's plansite.yaml, relative to the project folder
    on disk, unless ``output`` is given)."""
    project = find_root(project)
    source = source_at(project, when)
    with plan_folder(project, source) as root:
        wanted = load_config(root)[0].output if output is None else output
        out = str(resolve_output(project.resolve(), wanted))
        result = build(root, output=out, today=today, strict=strict, clean=clean, progress=progress)
    return source, result
