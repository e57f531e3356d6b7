"""What a build shows of the plan's history, read before the build (``site_history``).

Light on purpose: a project that is not in git, or whose history is empty, gets its
reason without loading the sampling (``history.trends``), which a quick build of such a
project never needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from generator.history.git import GitError, find_repository
from generator.model.history import SiteHistory
from generator.paths import cache_dir

if TYPE_CHECKING:
    from generator.incremental.memo import Memo


def site_history(
    project: Path,
    today: date,
    zone: tzinfo,
    weeks: int,
    memo: Callable[[], Memo] | None = None,
) -> SiteHistory | None:
    """What the site shows of the plan's history: the weekly rows and item dates, or,
    when there is no history to read (no git, not a repository, a shallow clone, no
    commit yet), why not — a build needs no git. None when ``history.weeks`` is 0.
    ``memo`` gives the build's memo, asked for only when there is a history to sample."""
    if weeks < 1:
        return None
    try:
        repo = find_repository(project)
        if repo.shallow:
            return SiteHistory(reason="trends.shallow")
        if not repo.has_commits():
            return SiteHistory(reason="trends.no-commits")
        # the sampling, loaded only when there is a history to sample
        from generator.history.trends import history_rows, item_dates

        rows = history_rows(project, today, zone, weeks, cache_dir(), memo)
        return SiteHistory(tuple(rows), item_dates(repo, zone))
    except GitError as exc:
        return SiteHistory(reason=f"trends.{exc.reason}")
