"""The four gap kinds about measured results (docs/gaps.md): ``kpi-miss``, ``declining``,
``no-results`` and ``no-kpi``. They are reported only for a project that measures — one
whose results folder holds at least one file. Only items that count as planned coverage
get them: archived items' rows are kept but count nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from generator.analysis.calendar import item_day
from generator.analysis.matrix import Order
from generator.analysis.results import Point, Results, Target
from generator.model import Gap, Item, Metric, Phrase, Project

#: ``kpi-miss`` is high below this attainment, else medium.
HIGH_BELOW = 0.5
#: ``declining``: the latest period is this share or more below the mean of the ones before.
DROP = 0.3
#: How many periods before the latest the mean of ``declining`` takes.
BEFORE = 3


def result_gaps(project: Project, results: Results) -> Iterable[Gap]:
    """Every results gap of ``project`` (none when it does not measure)."""
    if not project.measures:
        return
    order = Order.of(project)
    counting = {i.id: i for i in project.items if i.counts}
    for target in (*results.targets, *results.groups):
        if target.scope != "item" or target.id in counting:
            yield from _kpi_miss(project, order, counting, target)
    for item in sorted(counting.values(), key=lambda i: i.id):
        yield from _item_gaps(project, results, order, item)


def _metric(project: Project, metric_id: str) -> Metric:
    return project.metric_by_id.get(metric_id) or Metric(metric_id, (("en", metric_id),))


def _kpi_miss(
    project: Project, order: Order, items: dict[str, Item], target: Target
) -> Iterator[Gap]:
    """A target's attainment below ``results.miss_below``: medium, high below 0.5."""
    if target.attainment is None or target.attainment >= project.config.miss_below:
        return
    severity = "high" if target.attainment < HIGH_BELOW else "medium"
    metric = _metric(project, target.metric)
    values = {
        "metric": metric,
        "unit": metric.unit,
        "attainment": target.attainment,
        "actual": target.actual,
        "target": target.target,
    }
    if target.scope == "item":
        item = items[target.id]
        day = item_day(item, project.config.tz)
        yield Gap(
            "kpi-miss",
            severity,
            Phrase.of("kpi-miss.item", title=item.title, **values),
            stage=order.earliest_stage(item.stages),
            item=item.id,
            date=day,
            metric=target.metric,
        )
    else:  # a stage's or a channel's target: the gap names the group, not an item
        stage = target.scope == "stage"
        group = project.stage_by_id[target.id] if stage else project.channel_by_id[target.id]
        yield Gap(
            "kpi-miss",
            severity,
            Phrase.of("kpi-miss.group", name=group.name, **values),
            stage=target.id if stage else None,
            channel=None if stage else target.id,
            metric=target.metric,
        )


def _item_gaps(project: Project, results: Results, order: Order, item: Item) -> Iterator[Gap]:
    day = item_day(item, project.config.tz)
    stage = order.earliest_stage(item.stages)

    def gap(code: str, severity: str, phrase: Phrase, metric: str | None) -> Gap:
        return Gap(code, severity, phrase, stage=stage, item=item.id, date=day, metric=metric)

    for metric_id in sorted(item.kpi):
        drop = declining(results.trend(item.id, metric_id), _metric(project, metric_id))
        if drop is not None:
            values = {"metric": _metric(project, metric_id), "drop": drop}
            yield gap(
                "declining", "medium", Phrase.of("declining", title=item.title, **values), metric_id
            )
    if item.live and item.kpi and _past_grace(project, day) and not _has_rows(results, item):
        first = sorted(item.kpi)[0]
        days = project.config.window_days
        phrase = Phrase.of("no-results", title=item.title, days=days)
        yield gap("no-results", "low", phrase, first)
    if item.live and not item.kpi and not any(_stage_kpi(project, s) for s in item.stages):
        yield gap("no-kpi", "low", Phrase.of("no-kpi", title=item.title), None)


def declining(points: Iterable[Point], metric: Metric) -> float | None:
    """The drop of the latest period below the mean of the three before it, when it is
    30 % or more and the metric is better higher; else None. ``points`` are ordered by
    end (``Results.series``) and need at least four."""
    values = [p.value for p in points]
    if metric.better != "higher" or len(values) < BEFORE + 1:
        return None
    before = values[-BEFORE - 1 : -1]
    mean = sum(before) / BEFORE
    if mean <= 0:
        return None
    drop = (mean - values[-1]) / mean
    return drop if drop >= DROP - 1e-9 else None


def _past_grace(project: Project, day: date | None) -> bool:
    return day is not None and (project.today - day).days > project.config.grace_days


def _has_rows(results: Results, item: Item) -> bool:
    return item.id in results.measured


def _stage_kpi(project: Project, stage_id: str) -> bool:
    stage = project.stage_by_id.get(stage_id)
    return bool(stage and stage.kpi)
