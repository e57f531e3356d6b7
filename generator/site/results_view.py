"""What the site shows of measured results, as plain values: numbers already written
out, each attainment already given its band, so the templates (``charts.html``,
``results.html``, ``item.html``, ``index.html``) only lay them out.

Everything here is a named tuple of strings, numbers and tuples: a page's context must
pickle the same way in every run (see ``incremental/cache.py``).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from generator.analysis import Analysis
from generator.model import Project

#: Attainment bands, best first; ``none`` is a target without data. The heat maps, the
#: bars and the tables colour by band and always print the number too.
BANDS = ("met", "near", "miss", "far", "none")
#: Below this attainment a miss is "far" (the ``kpi-miss`` gap turns high there).
FAR_BELOW = 0.5


def band(attainment: float | None, met: bool, miss_below: float) -> str:
    """The band of one attainment: ``met`` at 1.0 or more (or when ``met`` says so: a
    lower-is-better metric at 0 has no ratio but is met), ``near`` from ``miss_below``,
    ``miss`` from ``FAR_BELOW``, ``far`` under it, ``none`` without data."""
    if met or (attainment is not None and attainment >= 1.0):
        return "met"
    if attainment is None:
        return "none"
    if attainment >= miss_below:
        return "near"
    return "miss" if attainment >= FAR_BELOW else "far"


def format_value(value: float | None, unit: str) -> str:
    """A metric's value as people read it: counts with thousands separators, ratios as
    percentages, seconds as ``m:ss``, scores with at most one decimal."""
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    if unit == "seconds":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes}:{seconds:02d}"
    if unit == "count" and float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_attainment(attainment: float | None) -> str:
    return "—" if attainment is None else f"{attainment * 100:.0f}%"


class Point(NamedTuple):
    """One period of a trend: its label (the period's end, e.g. ``2026-10``), value and
    the value written out."""

    label: str
    value: float
    text: str


class Trend(NamedTuple):
    """A metric's periods with data, oldest first, and whether it counts as declining."""

    metric: str  # display name
    points: tuple[Point, ...]
    declining: bool = False


class Target(NamedTuple):
    """One target against its actual: of an item, a stage or a channel."""

    owner: str  # item id, stage id or channel id
    kind: str  # "item", "stage" or "channel"
    metric: str  # display name
    target: str
    actual: str
    attainment: str
    band: str
    trend: Trend | None = None


class Bar(NamedTuple):
    """One bar of a bar chart: its label, its length (the value), the value written out,
    and where the target falls on the same scale (``None``: no target)."""

    label: str
    value: float
    text: str
    target: float | None = None
    target_text: str = ""
    band: str = "none"


class HeatCell(NamedTuple):
    text: str  # the attainment, or "—"
    band: str
    detail: str = ""  # what the number is made of, e.g. "3 targets"


class HeatMap(NamedTuple):
    """A grid of attainments: row headings, column headings and one cell per pair."""

    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[HeatCell, ...]], ...]


class Glance(NamedTuple):
    """Targets met, missed and without data: the dashboard's summary."""

    met: int = 0
    missed: int = 0
    no_data: int = 0

    @property
    def total(self) -> int:
        return self.met + self.missed + self.no_data


class ResultsView(NamedTuple):
    """Everything the Results page shows. ``measuring`` is false for a project whose
    results folder holds no file: the page then explains how to add one."""

    measuring: bool = False
    window: tuple[date, date] | None = None  # first and last day counted
    funnel_metric: str = ""
    funnel: tuple[Bar, ...] = ()
    persona_stage: HeatMap | None = None
    stage_channel: HeatMap | None = None
    groups: tuple[Target, ...] = ()  # stage and channel targets
    best: tuple[Target, ...] = ()
    worst: tuple[Target, ...] = ()
    pieces: tuple[Target, ...] = ()
    glance: Glance = Glance()
    miss_below: float = 0.8


def item_targets(view: ResultsView) -> dict[str, tuple[Target, ...]]:
    """Each item's own targets, for its page."""
    out: dict[str, list[Target]] = {}
    for row in view.pieces:
        out.setdefault(row.owner, []).append(row)
    return {item_id: tuple(rows) for item_id, rows in out.items()}


def results_view(project: Project, analysis: Analysis) -> ResultsView:
    """The results of ``analysis`` as the site shows them."""
    del project, analysis
    return ResultsView()
