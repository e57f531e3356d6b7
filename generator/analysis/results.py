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

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from generator.model import Measurement, Project

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


def analyse_results(project: Project) -> Results:
    """The results of ``project``: see the module docstring for every rule."""
    end = project.today
    start = end - timedelta(days=project.config.window_days)
    return Results(project.measures, start, end)
