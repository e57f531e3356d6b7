"""The plan week by week: one sample of coverage, gaps and statuses per ISO week.

Each week is sampled at the last commit of HEAD's first-parent line that changed the plan
on or before the week's last day, and analysed with today = that day (today itself for
the current week). A week without such a commit carries the previous sample forward.
Samples are cached by the plan's tree and the day, outside the project
(``cache_dir``), so a rebuild reads only weeks it has not seen.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from generator import __version__
from generator.analysis import analyse
from generator.build import load_project
from generator.errors import ProjectNotFound
from generator.history.git import PLAN_PATHS, GitError, Repository, find_repository, materialised
from generator.load.loaders import find_root
from generator.model import SEVERITIES, STATUSES
from generator.paths import cache_dir
from generator.site.trends import HISTORY_COLUMNS, SiteHistory

Row = dict[str, object]
DEFAULT_WEEKS = 26
_SAMPLE_VERSION = "1"  # bump when a sample's meaning changes: old cache entries are skipped


@dataclass(frozen=True)
class Commit:
    id: str
    seconds: int  # committer time, Unix seconds


def weeks_up_to(today: date, weeks: int) -> list[date]:
    """The Mondays of the last ``weeks`` ISO weeks up to the one holding today."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def plan_commits(repo: Repository) -> list[Commit]:
    """Commits of HEAD's first-parent line that changed the plan, oldest first."""
    if not repo.has_commits():
        return []
    paths = [f"{repo.prefix}{p}" for p in PLAN_PATHS]
    out = repo.git("log", "--first-parent", "--format=%H %ct", "HEAD", "--", *paths)
    commits = [Commit(line.split()[0], int(line.split()[1])) for line in out.decode().splitlines()]
    return commits[::-1]


def history_rows(
    project: Path, today: date, zone: tzinfo, weeks: int = DEFAULT_WEEKS, cache: Path | None = None
) -> list[Row]:
    """One row per ISO week (``HISTORY_COLUMNS``), oldest first, from the first week in
    which the plan existed. ``GitError`` when the project is not in a repository."""
    repo = find_repository(project)
    if repo.shallow:
        raise GitError("this clone is shallow: the plan's history is missing (fetch it all)")
    commits = plan_commits(repo)
    rows: list[Row] = []
    previous: Commit | None = None
    for monday, commit in _weekly(commits, today, zone, weeks):
        week = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
        if commit is None:
            continue
        if rows and commit == previous:
            rows.append({**rows[-1], "week": week})  # no commit this week: carried forward
            continue
        day = min(monday + timedelta(days=6), today)
        sample = _sample(repo, project, commit, day, cache)
        if sample is not None:
            rows.append({"week": week, "commit": commit.id, **sample})
            previous = commit
    return rows


def _weekly(
    commits: list[Commit], today: date, zone: tzinfo, weeks: int
) -> Iterator[tuple[date, Commit | None]]:
    """Each week's Monday and the last commit on or before the end of its Sunday."""
    for monday in weeks_up_to(today, weeks):
        end = datetime.combine(monday + timedelta(days=6), time(23, 59, 59), zone).timestamp()
        last = None
        for commit in commits:
            if commit.seconds > end:
                break
            last = commit
        yield monday, last


def _sample(
    repo: Repository, project: Path, commit: Commit, day: date, cache: Path | None
) -> Row | None:
    """The figures of the plan at ``commit`` analysed for ``day``; None when that commit
    holds no plan. Cached by the plan's tree, the day and plansite's version."""
    paths = [f"{repo.prefix}{p}" for p in PLAN_PATHS]
    tree = repo.git("ls-tree", "--full-tree", commit.id, "--", *paths)
    key = hashlib.sha256(
        b"\0".join([tree, day.isoformat().encode(), __version__.encode(), _SAMPLE_VERSION.encode()])
    ).hexdigest()
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    with materialised(repo, commit.id, project.resolve().name) as root:
        try:
            find_root(root)
        except ProjectNotFound:
            return None
        sample = figures(root, day)
    _write_cache(cache, key, sample)
    return sample


def figures(root: Path, day: date) -> Row:
    """Coverage, active gaps by severity and items by status of the plan in ``root``;
    empty figures when it does not load."""
    loaded = load_project(root, today=day)
    if loaded.project is None:
        return {column: None for column in HISTORY_COLUMNS[2:]}
    project = loaded.project
    analysis = analyse(project)
    overall = analysis.matrix.overall
    active = analysis.gaps.active
    row: Row = {
        "planned_coverage": _percent(overall.planned_pct),
        "live_coverage": _percent(overall.live_pct),
        **{f"gaps_{s}": sum(1 for g in active if g.severity == s) for s in SEVERITIES},
        "published": sum(1 for i in project.items if i.status == "published"),
    }
    for status in STATUSES:
        row[f"status_{status}"] = sum(1 for i in project.items if i.status == status)
    return row


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _read_cache(cache: Path | None, key: str) -> Row | None:
    if cache is None:
        return None
    try:
        value = json.loads((cache / "samples" / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _write_cache(cache: Path | None, key: str, sample: Row) -> None:
    """Store a sample; a cache that cannot be written only costs time."""
    if cache is None:
        return
    folder = cache / "samples"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder / f".{key}.{os.getpid()}.tmp"
        scratch.write_text(json.dumps(sample, sort_keys=True), encoding="utf-8")
        os.replace(scratch, folder / f"{key}.json")
    except OSError:
        return


def item_dates(repo: Repository, zone: tzinfo) -> dict[str, tuple[date, date]]:
    """By item file path (relative to the project), the days its file was first added
    and last changed along HEAD's first-parent line, in ``zone``."""
    if not repo.has_commits():
        return {}
    out = repo.git(
        "log",
        "--first-parent",
        "--no-renames",
        "--format=%x01%ct",
        "--name-only",
        "-z",
        "HEAD",
        "--",
        f"{repo.prefix}content",
    )
    dates: dict[str, tuple[date, date]] = {}
    for chunk in out.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        stamp, _, names = chunk.partition("\n")
        day = datetime.fromtimestamp(int(stamp.strip("\0")), zone).date()
        for name in names.strip("\n\0").split("\0"):
            name = name.strip("\n")
            if not name.startswith(repo.prefix):
                continue
            path = name[len(repo.prefix) :]
            first, last = dates.get(path, (day, day))
            dates[path] = (min(first, day), max(last, day))
    return dates


def site_history(project: Path, today: date, zone: tzinfo, weeks: int) -> SiteHistory | None:
    """What the site shows of the plan's history; None when the project is not in a
    (complete) git repository or has no commits: a build needs no git."""
    try:
        repo = find_repository(project)
        if repo.shallow or not repo.has_commits() or weeks < 1:
            return None
        rows = history_rows(project, today, zone, weeks, cache_dir())
        return SiteHistory(tuple(rows), item_dates(repo, zone))
    except GitError:
        return None
