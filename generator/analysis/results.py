"""Measured results against KPI targets (docs/results.md): actuals, attainment, trends.

Pure functions of the project's matched rows (``Project.results``) and its targets
(``Item.kpi``, ``Stage.kpi``, ``Channel.kpi``); ``project.today`` is the only "now".

The rules, stated once:

- **Window.** A row counts toward an actual when its period ends within
  ``results.window_days`` days before today, both ends included; rows ending after today
  are ignored.
- **Combining.** Rows of a ``sum`` metric add; rows of a ``mean`` metric average,
  weighted by each row's weight (its views, impressions or sends) when every row has one
  and their total is positive, else a plain mean. Rows with the same item, metric and
  period combine the same way first (``results.csv`` lists those).
- **Attainment.** actual ÷ target when higher is better, target ÷ actual when lower is
  better; 1.0 is the target met exactly. A lower-is-better actual of 0 counts as met: the
  attainment is empty and no gap is reported. No row in the window: actual and
  attainment are empty.
- **Groups.** A stage's or channel's actual combines the rows of its items that count as
  planned coverage (``Item.counts``); archived items' rows are kept but count nowhere.
- **Heat map cells.** The attainment of a persona × stage or stage × channel cell is the
  mean of the attainments of the item targets in it (items that count, targets with an
  attainment), each capped at 1.0 first — so one runaway piece cannot hide the misses
  beside it and 1.0 means every target in the cell is met. A lower-is-better target met
  by an actual of 0 counts as 1.0. No such target: empty.
- **Best and worst pieces.** Items ranked by the mean of their targets' attainments
  (uncapped), ``RANKED`` of each, best first and worst first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import chain

from generator.analysis.combined import Pieces, combine, combine_files
from generator.model import Measurement, Metric, Project

#: How many pieces the best and the worst lists hold.
RANKED = 5
#: The cap on one target's attainment in a heat-map cell's mean.
CELL_CAP = 1.0


@dataclass(frozen=True, slots=True)
class Point:
    """One period of a series: the combined value of an item's metric over start–end."""

    start: date
    end: date
    value: float


@dataclass(frozen=True, slots=True)
class Target:
    """One target and how it stands: a row of ``kpi.csv`` (scope ``item``) or of
    ``kpi-groups.csv`` (scope ``stage`` or ``channel``)."""

    scope: str  # "item", "stage" or "channel"
    id: str  # the item, stage or channel id
    metric: str
    target: float
    actual: float | None  # None: no row in the window
    #: actual ÷ target (target ÷ actual when lower is better); None without data, or
    #: when a lower-is-better actual is 0 (then the target counts as met)
    attainment: float | None

    @property
    def met(self) -> bool | None:
        """True when met, False when not, None without data."""
        if self.actual is None:
            return None
        if self.attainment is None:  # lower is better and the actual is 0
            return True
        return self.attainment >= 1.0


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """The actuals of one stage, for the metrics the funnel shows (``Results.funnel_metrics``)."""

    stage: str
    values: tuple[tuple[str, float | None], ...]  # (metric id, actual or None), in order

    def value(self, metric: str) -> float | None:
        return dict(self.values).get(metric)


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One cell of a heat map: ``row`` × ``column`` ids (persona × stage, or stage ×
    channel), the capped mean attainment of its item targets (see the module docstring)
    and how many targets it averages."""

    row: str
    column: str
    attainment: float | None
    targets: int


@dataclass(frozen=True, slots=True)
class Ranked:
    """A piece in the best or worst list: the mean attainment of its targets."""

    item: str
    attainment: float
    targets: int


@dataclass(frozen=True)
class Results:
    """Everything the Results page, the item pages, the dashboard and the exports show
    about measured results, computed once per build."""

    measures: bool  # the results folder holds at least one file
    window_start: date  # first day of the window, included
    window_end: date  # today, included
    #: every matched row, rows of one item, metric and period combined; sorted by item,
    #: metric, end, start (``results.csv``)
    rows: tuple[Measurement, ...] = ()
    targets: tuple[Target, ...] = ()  # item targets, by item id then metric (``kpi.csv``)
    groups: tuple[Target, ...] = ()  # stage targets in stage order, then channel targets
    #: (item, metric) → its periods with data, ordered by end (all periods, not only the
    #: window): the trend line of a piece
    series: Mapping[tuple[str, str], tuple[Point, ...]] = field(default_factory=dict)
    funnel_metrics: tuple[str, ...] = ()  # count metrics with data in the window, in order
    funnel: tuple[FunnelStep, ...] = ()  # one step per stage, in stage order
    persona_stage: tuple[HeatCell, ...] = ()  # persona order, then stage order
    stage_channel: tuple[HeatCell, ...] = ()  # stage order, then channel order
    best: tuple[Ranked, ...] = ()
    worst: tuple[Ranked, ...] = ()

    def for_item(self, item: str) -> tuple[Target, ...]:
        """The item's targets (its page shows target against actual)."""
        return self._by_item.get(item, ())

    @cached_property
    def _by_item(self) -> dict[str, tuple[Target, ...]]:
        grouped: dict[str, list[Target]] = {}
        for target in self.targets:
            grouped.setdefault(target.id, []).append(target)
        return {item: tuple(targets) for item, targets in grouped.items()}

    def trend(self, item: str, metric: str) -> tuple[Point, ...]:
        return self.series.get((item, metric), ())

    @cached_property
    def measured(self) -> frozenset[str]:
        """The items with at least one row (of any metric) in the window."""
        start, end = self.window_start, self.window_end
        return frozenset(r.item for r in self.rows if start <= r.end <= end)


def analyse_results(project: Project, pieces: Pieces | None = None) -> Results:
    """The results of ``project``: see the module docstring for every rule. ``pieces``:
    its rows as ``combine_files`` combined them, when the caller kept what an earlier
    build combined (``serve``)."""
    end = project.today
    start = end - timedelta(days=project.config.window_days)
    if pieces is None:
        pieces = combine_files(project).pieces
    facts = _Facts(project, pieces, start)
    targets = tuple(
        facts.target("item", item.id, metric, goal, (item.id,))
        for item in sorted(project.items, key=lambda i: i.id)
        for metric, goal in sorted(item.kpi.items())
    )
    groups = (
        *(facts.group_target("stage", s.id, s.kpi) for s in project.stages),
        *(facts.group_target("channel", c.id, c.kpi) for c in project.channels),
    )
    funnel_metrics, funnel = facts.funnel()
    best, worst = ranked(project, targets)
    return Results(
        project.measures,
        start,
        end,
        tuple(chain.from_iterable(pieces.values())),
        targets,
        tuple(t for group in groups for t in group),
        Series(pieces),
        funnel_metrics,
        funnel,
        heat(project, targets, "persona"),
        heat(project, targets, "channel"),
        best,
        worst,
    )


def attainment(metric: Metric | None, target: float, actual: float | None) -> float | None:
    """actual ÷ target (target ÷ actual when lower is better); None without an actual,
    for a lower-is-better actual of 0 (met) or a target of 0 (nothing to attain)."""
    if actual is None:
        return None
    if metric is not None and metric.better == "lower":
        return None if actual == 0 else target / actual
    return None if target == 0 else actual / target


class Series(Mapping[tuple[str, str], tuple[Point, ...]]):
    """``Results.series``: (item, metric) → its periods ordered by end, from the rows of
    ``combined_rows``. The points of a piece are made when it is first asked for."""

    def __init__(self, rows: dict[tuple[str, str], list[Measurement]]) -> None:
        self._rows = rows
        self._points: dict[tuple[str, str], tuple[Point, ...]] = {}

    def __getitem__(self, key: tuple[str, str]) -> tuple[Point, ...]:
        points = self._points.get(key)
        if points is None:
            rows = self._rows[key]
            points = self._points[key] = tuple(Point(r.start, r.end, r.value) for r in rows)
        return points

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"Series({len(self._rows)} pieces)"


class _Facts:
    """The rows in the window, by item and metric, and the actuals made of them."""

    def __init__(self, project: Project, pieces: Pieces, start: date) -> None:
        self.project = project
        self.pieces = pieces
        self.start = start
        self._window: dict[tuple[str, str], list[Measurement]] = {}
        counting = [item for item in project.items if item.counts]
        self.counting = {item.id for item in counting}
        #: ("stages" | "channels", id) → the ids of the items there that count
        self.members: dict[tuple[str, str], list[str]] = {}
        for item in counting:
            for stage in dict.fromkeys(item.stages):
                self.members.setdefault(("stages", stage), []).append(item.id)
            for channel in dict.fromkeys(item.channels):
                self.members.setdefault(("channels", channel), []).append(item.id)

    def window(self, piece: tuple[str, str]) -> list[Measurement]:
        """The rows of ``piece`` that end inside the window; worked out on first use, as
        targets and the funnel ask for a small part of the pieces."""
        rows = self._window.get(piece)
        if rows is None:
            start, today = self.start, self.project.today
            every = self.pieces.get(piece, ())
            rows = self._window[piece] = [r for r in every if start <= r.end <= today]
        return rows

    def actual(self, metric: str, items: Iterable[str]) -> float | None:
        rows = [r for i in items for r in self.window((i, metric))]
        if not rows:
            return None
        return combine(self.project.metric_by_id.get(metric), rows)[0]

    def target(
        self, scope: str, owner: str, metric: str, goal: float, items: Iterable[str]
    ) -> Target:
        actual = self.actual(metric, items)
        found = attainment(self.project.metric_by_id.get(metric), goal, actual)
        return Target(scope, owner, metric, goal, actual, found)

    def group_target(self, scope: str, owner: str, kpi: Mapping[str, float]) -> list[Target]:
        members = self.members.get(("stages" if scope == "stage" else "channels", owner), [])
        return [self.target(scope, owner, m, goal, members) for m, goal in sorted(kpi.items())]

    def funnel(self) -> tuple[tuple[str, ...], tuple[FunnelStep, ...]]:
        """Count metrics with data in the window, and each stage's actual of them."""
        counts = {m.id for m in self.project.metrics if m.unit == "count"}
        with_data: set[str] = set()
        for item, metric in self.pieces:
            wanted = metric in counts and metric not in with_data and item in self.counting
            if wanted and self.window((item, metric)):
                with_data.add(metric)
        metrics = tuple(m.id for m in self.project.metrics if m.id in with_data)
        steps = []
        for stage in self.project.stages:
            members = self.members.get(("stages", stage.id), [])
            steps.append(FunnelStep(stage.id, tuple((m, self.actual(m, members)) for m in metrics)))
        return metrics, tuple(steps)


def _capped(target: Target) -> float | None:
    if target.met is None:
        return None
    if target.attainment is None:  # a lower-is-better actual of 0: met
        return CELL_CAP
    return min(target.attainment, CELL_CAP)


def heat(project: Project, targets: tuple[Target, ...], by: str) -> tuple[HeatCell, ...]:
    """Persona × stage (``by`` "persona") or stage × channel cells (see the docstring)."""
    by_item: dict[str, list[float]] = {}
    for t in targets:
        value = _capped(t)
        if value is not None:
            by_item.setdefault(t.id, []).append(value)
    cells: dict[tuple[str, str], list[float]] = {}
    for item in project.items:
        if not item.counts or item.id not in by_item:
            continue
        pairs = (
            [(p, s) for p in item.personas for s in item.stages]
            if by == "persona"
            else [(s, c) for s in item.stages for c in item.channels]
        )
        for pair in set(pairs):
            cells.setdefault(pair, []).extend(by_item[item.id])
    rows = [p.id for p in project.personas] if by == "persona" else [s.id for s in project.stages]
    columns = (
        [s.id for s in project.stages] if by == "persona" else [c.id for c in project.channels]
    )
    return tuple(
        HeatCell(row, column, _mean(cells.get((row, column))), len(cells.get((row, column), ())))
        for row in rows
        for column in columns
        if by != "persona" or project.persona_by_id[row].applies_to(column)
    )


def _mean(values: list[float] | None) -> float | None:
    return sum(values) / len(values) if values else None


def ranked(
    project: Project, targets: tuple[Target, ...]
) -> tuple[tuple[Ranked, ...], tuple[Ranked, ...]]:
    """The pieces that count, by the mean of their targets' attainments: best, worst."""
    counting = {i.id for i in project.items if i.counts}
    scores: dict[str, list[float]] = {}
    for t in targets:
        if t.id in counting and t.met is not None:
            scores.setdefault(t.id, []).append(
                t.attainment if t.attainment is not None else CELL_CAP
            )
    pieces = [Ranked(item, sum(v) / len(v), len(v)) for item, v in scores.items()]
    best = sorted(pieces, key=lambda r: (-r.attainment, r.item))[:RANKED]
    worst = sorted(pieces, key=lambda r: (r.attainment, r.item))[:RANKED]
    return tuple(best), tuple(worst)
