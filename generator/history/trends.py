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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from generator import __version__
from generator.analysis import Analysis, analyse
from generator.build import load_project
from generator.errors import ProjectNotFound
from generator.history.git import (
    PLAN_PATHS,
    Checkout,
    GitError,
    Repository,
    find_repository,
)
from generator.incremental.memo import Memo, plan_of
from generator.load.loaders import find_root
from generator.model import SEVERITIES, STATUSES, Project
from generator.site.forkpool import forked_pool, run_task, worker_count
from generator.site.trends import HISTORY_COLUMNS

Row = dict[str, object]
DEFAULT_WEEKS = 26
_SAMPLE_VERSION = "2"  # bump when a sample's meaning changes: old cache entries are skipped


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
    project: Path,
    today: date,
    zone: tzinfo,
    weeks: int = DEFAULT_WEEKS,
    cache: Path | None = None,
    memo: Memo | Callable[[], Memo] | None = None,
) -> list[Row]:
    """One row per ISO week (``HISTORY_COLUMNS``), oldest first, from the first week in
    which the plan existed. ``GitError`` when the project is not in a repository.

    ``memo``: the build's own, or a function that gives it (asked only if needed). The
    current week's sample, when HEAD's plan is what the folder holds and it is not
    cached, is read from the folder itself through it, so the build that follows reuses
    that reading and that analysis instead of doing them again."""
    repo = find_repository(project)
    if repo.shallow:
        raise GitError("this clone is shallow: the plan's history is missing (fetch it all)")
    weekly = list(_weekly(plan_commits(repo), today, zone, weeks))
    samples = _samples(_Sampler(repo, project, cache, memo), weekly, today)
    rows: list[Row] = []
    previous: Commit | None = None
    sample: Row | None = None
    for monday, commit in weekly:
        if commit is None:
            continue
        if not rows or commit != previous:  # else no commit this week: carried forward
            sample = samples.get((commit, _day(monday, today)))
            if sample is None:
                continue
            previous = commit
        assert sample is not None
        rows.append(_row(iso_week(monday), commit, sample))
    return rows


def iso_week(day: date) -> str:
    """``2026-W49``: the ISO week holding ``day``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _row(week: str, commit: Commit, sample: Row) -> Row:
    """A week's row from the sample of the plan as it stood then: its figures, and the
    items that plan has published with a date in that week."""
    by_week = sample.get("published_weeks")
    row: Row = {"week": week, "commit": commit.id}
    row.update((k, v) for k, v in sample.items() if k != "published_weeks")
    row["published"] = by_week.get(week, 0) if isinstance(by_week, dict) else None
    return row


def _day(monday: date, today: date) -> date:
    """The day a week is analysed for: its Sunday, or today for the current week."""
    return min(monday + timedelta(days=6), today)


#: Samples to analyse before they are shared out among worker processes.
PARALLEL_MIN_SAMPLES = 4


def _samples(
    sampler: _Sampler, weekly: list[tuple[date, Commit | None]], today: date
) -> dict[tuple[Commit, date], Row | None]:
    """The sample of each week whose commit differs from the week before's. The cached
    ones are read, the current one may be the build's own; the rest are analysed in
    order, in a few runs of consecutive weeks shared out among worker processes."""
    wanted = []
    for (_, before), (monday, commit) in zip([(None, None), *weekly], weekly, strict=False):
        if commit is not None and commit != before:
            wanted.append((commit, _day(monday, today)))
    done: dict[tuple[Commit, date], Row | None] = {}
    missing = []
    for commit, day in wanted:
        found = sampler.known(commit, day, today)
        if found is not None:
            done[commit, day] = found
        else:
            missing.append((commit, day))
    count = min(worker_count(), len(missing) // 2)
    if len(missing) < PARALLEL_MIN_SAMPLES or count < 2:
        done.update(sampler.analysed(missing))
        return done
    runs = [missing[i::count] for i in range(count)]  # interleaved, each still in order
    with forked_pool(count, sampler.analysed) as pool:
        for result in pool.imap_unordered(run_task, runs):
            done.update(result)
    return done


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


class _Sampler:
    """Samples of the plan at commit after commit. Each is cached by the plan's tree, the
    day and plansite's version; one not cached is analysed from a checkout that moves
    from commit to commit (``Checkout``) with one memo, so a sample parses only the files
    that changed since the one before."""

    def __init__(
        self,
        repo: Repository,
        project: Path,
        cache: Path | None,
        memo: Memo | Callable[[], Memo] | None,
    ):
        self.repo, self.project, self.cache = repo, project, cache
        self.memo = memo
        self.head = repo.git("rev-parse", "HEAD").decode().strip() if repo.has_commits() else ""
        self.paths = [f"{repo.prefix}{p}" for p in PLAN_PATHS]
        self._keys: dict[tuple[str, date], str] = {}  # asked in ``known``, again to store

    def _key(self, commit: Commit, day: date) -> str:
        """The cache key of a sample: the plan's tree at ``commit``, the day, the version."""
        key = self._keys.get((commit.id, day))
        if key is None:
            tree = self.repo.git("ls-tree", "--full-tree", commit.id, "--", *self.paths)
            parts = [tree, day.isoformat().encode(), __version__.encode()]
            key = hashlib.sha256(b"\0".join([*parts, _SAMPLE_VERSION.encode()])).hexdigest()
            self._keys[commit.id, day] = key
        return key

    def known(self, commit: Commit, day: date, today: date) -> Row | None:
        """The sample from the cache; or, for the current week when the folder holds the
        plan as ``commit`` has it, analysed from the folder with the build's memo."""
        key = self._key(commit, day)
        cached = _read_cache(self.cache, key)
        if cached is None and self.memo is not None and day == today and self._folder_is(commit):
            memo = self.memo if isinstance(self.memo, Memo) else self.memo()  # asked for late
            cached = figures(self.project, day, memo)
            _write_cache(self.cache, key, cached)
        return cached

    def analysed(self, pairs: list[tuple[Commit, date]]) -> dict[tuple[Commit, date], Row | None]:
        """The samples of ``pairs`` (oldest first), each analysed and cached."""
        out: dict[tuple[Commit, date], Row | None] = {}
        memo = Memo()
        with Checkout(self.repo, self.project.resolve().name) as checkout:
            for commit, day in pairs:
                root = checkout.move_to(commit.id)
                try:
                    find_root(root)
                except ProjectNotFound:
                    out[commit, day] = None
                    continue
                sample = out[commit, day] = figures(root, day, memo)
                _write_cache(self.cache, self._key(commit, day), sample)
        return out

    def _folder_is(self, commit: Commit) -> bool:
        """Whether the project folder holds the plan exactly as ``commit`` has it."""
        if commit.id != self.head:
            return False
        status = self.repo.git("status", "--porcelain", "--untracked-files=all", "--", *self.paths)
        return not status.strip()


def figures(root: Path, day: date, memo: Memo | None = None) -> Row:
    """Coverage, active gaps by severity and items by status of the plan in ``root``;
    empty figures when it does not load."""
    memo = Memo() if memo is None else memo
    loaded = load_project(root, today=day, memo=memo)
    if loaded.project is None:
        return {column: None for column in (*HISTORY_COLUMNS[2:], "targets_met")}
    project = loaded.project
    analysis = memo.analyse(project, plan_of(project, memo), lambda: analyse(project))
    overall = analysis.matrix.overall
    active = analysis.gaps.active
    row: Row = {
        "planned_coverage": _percent(overall.planned_pct),
        "live_coverage": _percent(overall.live_pct),
        **{f"gaps_{s}": sum(1 for g in active if g.severity == s) for s in SEVERITIES},
        "published_weeks": _published_weeks(project),
    }
    for status in STATUSES:
        row[f"status_{status}"] = sum(1 for i in project.items if i.status == status)
    row["targets_met"] = _targets_met(analysis)
    return row


def _published_weeks(project: Project) -> dict[str, int]:
    """ISO week → the items this plan has published with a date in it."""
    weeks: dict[str, int] = {}
    for item in project.items:
        if item.status == "published" and item.date is not None:
            week = iso_week(item.date)
            weeks[week] = weeks.get(week, 0) + 1
    return weeks


def _targets_met(analysis: Analysis) -> float | None:
    """Of the item targets with a measured value in the results window, the percent met
    (the dashboard's "targets met"); None without any."""
    measured = [t.met for t in analysis.results.targets if t.met is not None]
    return _percent(100 * sum(measured) / len(measured)) if measured else None


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


#: The item dates last read, per repository and project folder in it, with the HEAD and
#: zone they were read for: ``serve`` asks at every rebuild, and until the next commit
#: the answer is the same (reading it walks the whole history).
_DATES: dict[tuple[Path, str], tuple[str, str, dict[str, tuple[date, date]]]] = {}


def item_dates(repo: Repository, zone: tzinfo) -> dict[str, tuple[date, date]]:
    """By item file path (relative to the project), the days its file was first added
    and last changed along HEAD's first-parent line, in ``zone``."""
    try:
        head = repo.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode().strip()
    except GitError:
        return {}
    if not head:
        return {}
    known = _DATES.get((repo.top, repo.prefix))
    if known is not None and known[:2] == (head, str(zone)):
        return known[2]
    dates = _read_item_dates(repo, zone, head)
    _DATES[repo.top, repo.prefix] = (head, str(zone), dates)
    return dates


def _read_item_dates(repo: Repository, zone: tzinfo, head: str) -> dict[str, tuple[date, date]]:
    out = repo.git(
        "log",
        "--first-parent",
        "--no-renames",
        "--format=%x01%ct",
        "--name-only",
        "-z",
        head,
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
