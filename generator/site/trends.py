"""The plan over time in the site: the Trends page, ``exports/history.csv`` and the
dates an item was first added and last changed.

The history is read from git by ``generator.history`` (a layer above the build) and
handed to the build as a plain ``SiteHistory`` value; this module only lays it out. A
site built without one (no git, ``serve``, ``build --at``) has neither the page nor the
export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from generator.model import STATUSES
from generator.site.exports import csv_bytes
from generator.site.render import Page

HISTORY_COLUMNS = (
    "week",
    "commit",
    "planned_coverage",
    "live_coverage",
    "gaps_high",
    "gaps_medium",
    "gaps_low",
    "published",
    *(f"status_{s}" for s in STATUSES),
)
HISTORY_CSV = "exports/history.csv"
TRENDS_PAGE = "trends.html"
_CHART_WIDTH, _CHART_HEIGHT = 600, 160


@dataclass(frozen=True)
class SiteHistory:
    """Weekly samples (rows of history.csv, oldest first) and, by item file path, the
    days it was first added and last changed in the history."""

    rows: tuple[Mapping[str, object], ...] = ()
    items: Mapping[str, tuple[date, date]] = field(default_factory=dict)

    def digest(self) -> str:
        """Equal digests, equal pages and export: part of the build's keys."""
        data = [list(map(dict, self.rows)), sorted(self.items.items())]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def history_csv(history: SiteHistory) -> bytes:
    return csv_bytes(history.rows, HISTORY_COLUMNS)


def trends_page(history: SiteHistory) -> Page:
    rows = list(history.rows)
    return Page(
        TRENDS_PAGE,
        "trends.html",
        {
            "rows": rows,
            "planned_line": _line(rows, "planned_coverage"),
            "live_line": _line(rows, "live_coverage"),
            "chart_size": (_CHART_WIDTH, _CHART_HEIGHT),
        },
    )


def _line(rows: list[Mapping[str, object]], column: str) -> str:
    """SVG polyline points of a percentage column over the weeks (gaps where empty)."""
    step = _CHART_WIDTH / max(len(rows) - 1, 1)
    points = []
    for n, row in enumerate(rows):
        value = row.get(column)
        if isinstance(value, int | float):
            y = _CHART_HEIGHT - _CHART_HEIGHT * float(value) / 100
            points.append(f"{n * step:.1f},{y:.1f}")
    return " ".join(points)
