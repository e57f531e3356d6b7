"""The plan over time in the site: the Trends page, ``exports/history.csv`` and the
dates an item was first added and last changed.

The history is read from git by ``generator.history`` (a layer above the build) and
handed to the build as a plain ``SiteHistory`` value; this module only lays it out. A
history may have no rows and a reason instead (no git, not a repository, a shallow
clone): the page then says why. A site built without one (``build --at``, or
``history.weeks: 0``) has neither the page nor the export.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.model import SEVERITIES, STATUSES, Phrase
from generator.model.history import SiteHistory
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


def history_csv(history: SiteHistory) -> bytes:
    return csv_bytes(history.rows, HISTORY_COLUMNS)


def trends_page(history: SiteHistory) -> Page:
    rows = list(history.rows)
    gaps_top = max((_number(r, f"gaps_{s}") for r in rows for s in SEVERITIES), default=0)
    return Page(
        TRENDS_PAGE,
        "trends.html",
        {
            "rows": rows,
            "reason": Phrase(history.reason) if history.reason else None,
            "chart_size": (_CHART_WIDTH, _CHART_HEIGHT),
            "coverage": _lines(rows, ("planned_coverage", "live_coverage"), 100),
            "gaps": _lines(rows, tuple(f"gaps_{s}" for s in SEVERITIES), max(gaps_top, 1)),
            "gaps_top": gaps_top,
            "statuses_top": _top(rows, tuple(f"status_{s}" for s in STATUSES)),
            "published_top": _top(rows, ("published",)),
            "statuses": _stacked(rows, tuple(f"status_{s}" for s in STATUSES)),
            "published": _stacked(rows, ("published",)),
            "targets_met": (
                _lines(rows, ("targets_met",), 100)
                if any(r.get("targets_met") is not None for r in rows)
                else ()
            ),
            "targets_legend": _legend(("targets_met",)),
            "statuses_order": STATUSES,
            "legends": {
                "coverage": _legend(("planned_coverage", "live_coverage")),
                "gaps": _legend(tuple(f"gaps_{s}" for s in SEVERITIES)),
                "statuses": _legend(tuple(f"status_{s}" for s in STATUSES)),
            },
        },
    )


#: The label of a column in a chart's legend, where it is not the column's own name.
_LABELS = {
    "gaps_high": "severity_high",
    "gaps_medium": "severity_medium",
    "gaps_low": "severity_low",
    "published": "published_in_week",
}


def _legend(columns: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((column, _LABELS.get(column, column)) for column in columns)


def _top(rows: list[Mapping[str, object]], columns: tuple[str, ...]) -> float:
    """The tallest week of a stacked chart: what its top stands for."""
    return max((sum(_number(r, c) for c in columns) for r in rows), default=0.0)


def _number(row: Mapping[str, object], column: str) -> float:
    value = row.get(column)
    return float(value) if isinstance(value, int | float) else 0.0


def _x(n: int, count: int) -> float:
    return n * _CHART_WIDTH / max(count - 1, 1)


def _lines(
    rows: list[Mapping[str, object]], columns: tuple[str, ...], top: float
) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """(column, its label, the (x, y) of each week's value) per column, ``top`` at the
    top of the chart; a week without a value is left out of its line. Drawn as a line
    through dots, so that a single week still shows."""
    out = []
    for column in columns:
        points = []
        for n, row in enumerate(rows):
            value = row.get(column)
            if isinstance(value, int | float):
                y = _CHART_HEIGHT - _CHART_HEIGHT * float(value) / top
                points.append((f"{_x(n, len(rows)):.1f}", f"{y:.1f}"))
        out.append((column, _LABELS.get(column, column), tuple(points)))
    return tuple(out)


def _stacked(
    rows: list[Mapping[str, object]], columns: tuple[str, ...]
) -> tuple[tuple[str, str, float, float, float, float], ...]:
    """Bars, one per week, each stacked from ``columns`` (bottom first), scaled to the
    tallest week: (column, its label, x, y, width, height) per segment."""
    top = _top(rows, columns) or 1.0
    width = _CHART_WIDTH / max(len(rows), 1)
    bars = []
    for n, row in enumerate(rows):
        base = float(_CHART_HEIGHT)
        for column in columns:
            height = _CHART_HEIGHT * _number(row, column) / top
            if height:
                base -= height
                label = _LABELS.get(column, column)
                bars.append((column, label, n * width + 1, base, max(width - 2, 1), height))
    return tuple(bars)
