"""What the site shows of measured results, as plain values: numbers already written
out, each attainment already given its band, so the templates (``charts.html``,
``results.html``, ``item.html``, ``index.html``) only lay them out.

Everything here is a named tuple of strings, numbers and tuples: a page's context must
pickle the same way in every run (see ``incremental/cache.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from generator.analysis import Analysis
from generator.analysis import results as results_model
from generator.model import Metric, Project

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
    """An attainment as a whole percentage, never rounded up to 100% when the target
    is not met (99.7% reads 99%, next to its band "close")."""
    if attainment is None:
        return "—"
    percent = round(attainment * 100)
    return f"{min(percent, 99) if attainment < 1 else percent}%"


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
    text: str  # the attainment, "—" without data, "" without a target
    band: str
    targets: int = 0  # how many item targets the number averages


class HeatMap(NamedTuple):
    """A grid of attainments: row headings, column headings and one cell per pair."""

    corner: str  # what the rows are: "persona" or "stage"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[HeatCell, ...]], ...]


class Ranked(NamedTuple):
    """A piece of the best or worst list: its mean attainment, and each target's."""

    item: str
    attainment: str
    band: str
    detail: str  # "Page views 140% · Bounce rate 93%"


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
    best: tuple[Ranked, ...] = ()
    worst: tuple[Ranked, ...] = ()
    pieces: tuple[Target, ...] = ()
    glance: Glance = Glance()
    miss_below: float = 0.8


def kpi_text(project: Project, kpi: Mapping[str, float]) -> tuple[str, ...]:
    """An item's targets as its page lists them: ``Page views 3,000``, in the metric's
    own unit and the project's language."""
    words = []
    for metric_id, target in kpi.items():
        metric = project.metric_by_id.get(metric_id) or Metric(metric_id, (("en", metric_id),))
        words.append(f"{metric.name(project.config.language)} {format_value(target, metric.unit)}")
    return tuple(words)


def item_targets(view: ResultsView) -> dict[str, tuple[Target, ...]]:
    """Each item's own targets, for its page."""
    out: dict[str, list[Target]] = {}
    for row in view.pieces:
        out.setdefault(row.owner, []).append(row)
    return {item_id: tuple(rows) for item_id, rows in out.items()}


def results_view(project: Project, analysis: Analysis) -> ResultsView:
    """The results of ``analysis`` as the site shows them, in the project's language."""
    results = analysis.results
    if not results.measures:
        return ResultsView()
    words = _Words(project, analysis)
    targets = tuple(words.target(t) for t in results.targets)
    return ResultsView(
        measuring=True,
        window=(results.window_start, results.window_end),
        funnel_metric=words.metric_name(results.funnel_metrics[0])
        if results.funnel_metrics
        else "",
        funnel=_funnel(results, words),
        persona_stage=_heat(results.persona_stage, words, "persona", "stage"),
        stage_channel=_heat(results.stage_channel, words, "stage", "channel"),
        groups=tuple(words.target(t) for t in results.groups),
        best=tuple(words.ranked(r) for r in results.best),
        worst=tuple(
            words.ranked(r) for r in results.worst if r.attainment is not None and r.attainment < 1
        ),
        pieces=targets,
        glance=Glance(
            met=sum(1 for t in results.targets if t.met is True),
            missed=sum(1 for t in results.targets if t.met is False),
            no_data=sum(1 for t in results.targets if t.met is None),
        ),
        miss_below=project.config.miss_below,
    )


class _Words:
    """Metric names, values and trends written out for one project and analysis."""

    def __init__(self, project: Project, analysis: Analysis) -> None:
        self.project = project
        self.results = analysis.results
        self.language = project.config.language
        self.miss_below = project.config.miss_below
        self.declining = {
            (g.item, g.metric) for g in analysis.gaps.gaps if g.code == "declining" and g.item
        }

    def metric(self, metric_id: str) -> Metric:
        return self.project.metric_by_id.get(metric_id) or Metric(metric_id, (("en", metric_id),))

    def metric_name(self, metric_id: str) -> str:
        return self.metric(metric_id).name(self.language)

    def value(self, metric_id: str, value: float | None) -> str:
        return format_value(value, self.metric(metric_id).unit)

    def band_of(self, target: results_model.Target) -> str:
        if target.actual is None:
            return "none"
        return band(target.attainment, target.met is True, self.miss_below)

    def target(self, target: results_model.Target) -> Target:
        return Target(
            owner=target.id,
            kind=target.scope,
            metric=self.metric_name(target.metric),
            target=self.value(target.metric, target.target),
            actual=self.value(target.metric, target.actual),
            attainment=format_attainment(target.attainment),
            band=self.band_of(target),
            trend=self.trend(target.id, target.metric) if target.scope == "item" else None,
        )

    def trend(self, item: str, metric_id: str) -> Trend | None:
        points = self.results.trend(item, metric_id)
        if not points:
            return None
        return Trend(
            self.metric_name(metric_id),
            tuple(
                Point(
                    period_label(p.start, p.end, self.language),
                    p.value,
                    self.value(metric_id, p.value),
                )
                for p in points
            ),
            (item, metric_id) in self.declining,
        )

    def ranked(self, ranked: results_model.Ranked) -> Ranked:
        own = self.results.for_item(ranked.item)
        detail = ("、" if self.language == "ja" else " · ").join(
            f"{self.metric_name(t.metric)} {format_attainment(t.attainment)}" for t in own
        )
        return Ranked(
            ranked.item,
            format_attainment(ranked.attainment),
            band(ranked.attainment, False, self.miss_below),
            detail,
        )


def period_label(start: date, end: date, language: str = "en") -> str:
    """A period as short as it stays clear: a whole calendar month (``2026-10``,
    ``2026年10月``), one day, or the first and last day, the year and month said once
    (``2026-09-14–09-20``, ``2026/9/14〜9/20``)."""
    whole_month = start.day == 1 and (end + timedelta(days=1)).day == 1
    if language == "ja":
        if start == end:
            return f"{start.year}/{start.month}/{start.day}"
        if whole_month and (start.year, start.month) == (end.year, end.month):
            return f"{start.year}年{start.month}月"
        last = f"{end.month}/{end.day}"
        if start.year != end.year:
            last = f"{end.year}/{last}"
        return f"{start.year}/{start.month}/{start.day}〜{last}"
    if start == end:
        return start.isoformat()
    if whole_month and (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}"
    last = f"{end:%m-%d}" if start.year == end.year else end.isoformat()
    return f"{start.isoformat()}–{last}"


def _funnel(results: results_model.Results, words: _Words) -> tuple[Bar, ...]:
    """One bar per stage: the actual of the first funnel metric, and the stage's own
    target for that metric when it has one."""
    if not results.funnel_metrics:
        return ()
    metric = results.funnel_metrics[0]
    goals = {t.id: t for t in results.groups if t.scope == "stage" and t.metric == metric}
    bars = []
    for step in results.funnel:
        value = step.value(metric)
        goal = goals.get(step.stage)
        bars.append(
            Bar(
                label=words.project.display_names["stage"].get(step.stage, step.stage),
                value=value or 0.0,
                text=words.value(metric, value),
                target=goal.target if goal else None,
                target_text=words.value(metric, goal.target) if goal else "",
                band=words.band_of(goal) if goal else "none",
            )
        )
    return tuple(bars)


def _in_order(known: dict[str, str], ids: Iterable[str]) -> list[str]:
    """``ids`` once each, in the project's order (stages as the funnel runs, personas
    and channels as declared); ids the project does not know last."""
    order = {key: index for index, key in enumerate(known)}
    return sorted(dict.fromkeys(ids), key=lambda key: order.get(key, len(order)))


def _heat(
    cells: tuple[results_model.HeatCell, ...], words: _Words, rows: str, columns: str
) -> HeatMap | None:
    """A heat map of ``cells`` (row × column ids, in order), named for display."""
    if not cells:
        return None
    names = words.project.display_names
    row_ids = _in_order(names[rows], (c.row for c in cells))
    column_ids = _in_order(names[columns], (c.column for c in cells))
    by_pair = {(c.row, c.column): c for c in cells}
    out = []
    for row in row_ids:
        line = []
        for column in column_ids:
            cell = by_pair.get((row, column))
            if cell is None or cell.targets == 0:
                line.append(HeatCell("", "none"))
            else:
                text = format_attainment(cell.attainment)
                line.append(
                    HeatCell(text, band(cell.attainment, False, words.miss_below), cell.targets)
                )
        out.append((names[rows].get(row, row), tuple(line)))
    return HeatMap(
        rows,
        tuple(names[columns].get(c, c) for c in column_ids),
        tuple(out),
    )
