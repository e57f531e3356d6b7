"""Which pages the site has and what each one is given: one function per page kind.

Every function here is pure: model and analysis in, ``Page`` values out. Summary pages
receive ids and counts rather than whole item lists where a list could grow with the
plan; the lists live on the per-cell, per-stage and per-channel pages they link to, a
page of ``LIST_PAGE_SIZE`` items at a time (``list_pages``).
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from generator.analysis import Analysis
from generator.analysis.calendar import CalendarEntry
from generator.analysis.gaps import CELL_CODES
from generator.model import RESULT_GAP_CODES, SEVERITIES, STATUSES, Gap, Item, Project
from generator.paths import (
    cell_url,
    channel_feed_url,
    channel_url,
    journey_url,
    persona_url,
    stage_url,
)
from generator.site.i18n import WEEK_START
from generator.site.markdown import Body
from generator.site.pagination import DEFAULT_LAYOUT, LIST_PAGE_SIZE, Layout, paginate
from generator.site.palette import channel_colours
from generator.site.people_pages import calendar_people, dashboard_people, people_pages
from generator.site.render import ITEM_TEMPLATE, Page
from generator.site.results_view import ResultsView, item_targets, kpi_text, results_view
from generator.site.search import script_json

DUE_SOON_DAYS = 14


def status_counts(items: tuple[Item, ...] | list[Item]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(STATUSES, 0)
    for item in items:
        counts[item.status] += 1
    return [(s, n) for s, n in counts.items() if n]


def items_by_date(items: Sequence[Item]) -> list[Item]:
    """Dated items first in date order, then undated, each by id."""
    return sorted(items, key=lambda i: (i.date is None, i.date or date.min, i.id))


def list_pages(
    first_page: str,
    template: str,
    items: Sequence[Item],
    context: Mapping[str, Any],
    first_only: Mapping[str, Any] | None = None,
    size: int = LIST_PAGE_SIZE,
) -> Iterator[Page]:
    """The pages of one item list (see ``pagination``): each gets ``context``, its share
    of ``items`` and its ``pager``; ``first_only`` (a description, the gaps) goes on page 1
    alone, so editing it leaves the other pages as they were."""
    for pager, chunk in paginate(first_page, items, size):
        extra = first_only if first_only is not None and pager.number == 1 else {}
        yield Page(
            pager.url(pager.number), template, {**context, **extra, "items": chunk, "pager": pager}
        )


def site_pages(
    project: Project, analysis: Analysis, layout: Layout = DEFAULT_LAYOUT
) -> Iterator[Page]:
    results = results_view(project, analysis)
    yield dashboard_page(project, analysis, layout, results)
    yield from matrix_pages(project, analysis, layout)
    yield gaps_page(project, analysis)
    yield calendar_page(project, analysis)
    yield results_page(analysis, results, layout)
    yield from journey_pages(project, analysis, layout)
    yield from people_pages(project, analysis)
    yield Page("search.html", "search.html", {})
    yield from entity_pages(project, analysis, layout, results)


def results_page(analysis: Analysis, results: ResultsView, layout: Layout) -> Page:
    """The Results page: targets against measured actuals, and the results gaps."""
    gaps = [g for g in analysis.gaps.gaps if g.code in RESULT_GAP_CODES]
    context = {
        "view": results,
        "gaps": gaps,
        "pieces": results.pieces[: layout.results_pieces],
        "pieces_total": len(results.pieces),
    }
    return Page("results.html", "results.html", context)


def dashboard_page(
    project: Project,
    analysis: Analysis,
    layout: Layout = DEFAULT_LAYOUT,
    results: ResultsView | None = None,
) -> Page:
    today = project.today
    soon = today + timedelta(days=DUE_SOON_DAYS)
    by_id = project.item_by_id
    due = [
        by_id[i]
        for i in dict.fromkeys(e.item for e in analysis.calendar.entries if today <= e.date <= soon)
    ]
    gap_counts = []
    for stage in [*project.stages, None]:
        gaps = [g for g in analysis.gaps.for_stage(stage.id if stage else None) if not g.ignored]
        counts = {sev: sum(1 for g in gaps if g.severity == sev) for sev in SEVERITIES}
        gap_counts.append((stage, counts, len(gaps)))
    return Page(
        "index.html",
        "index.html",
        {
            "total_items": len(project.items),
            "status_counts": status_counts(project.items),
            "coverage": analysis.matrix.overall,
            "stage_coverage": analysis.matrix.stage_coverage,
            "gap_counts": gap_counts,
            "due": due[: layout.dashboard_items],
            "due_total": len(due),
            "overdue": [by_id[i] for i in analysis.calendar.overdue[: layout.dashboard_items]],
            "overdue_total": len(analysis.calendar.overdue),
            "create_next": analysis.gaps.create_next[:5],
            "results": (results or ResultsView()).glance,
            "measuring": (results or ResultsView()).measuring,
            **dashboard_people(project, analysis, layout.dashboard_items),
        },
    )


def matrix_filter_data(project: Project, analysis: Analysis) -> dict[str, object]:
    """What the matrix filters need to recount cells in the browser: per item its
    status, channels, campaign and owner; per cell the items in it."""
    ids = sorted({i for cell in analysis.matrix.cells for i in cell.items})
    index = {item_id: n for n, item_id in enumerate(ids)}
    items = [project.item_by_id[i] for i in ids]
    return {
        "items": [[i.status, list(i.channels), i.campaign or "", i.owner or ""] for i in items],
        "cells": [[c.persona, c.stage, [index[i] for i in c.items]] for c in analysis.matrix.cells],
    }


def matrix_filters(project: Project) -> list[tuple[str, list[tuple[str, str]]]]:
    """The choices of each filter: (value, label) pairs, in a stable order."""
    items = [i for i in project.items if i.status != "archived"]
    return [
        ("channel", [(c.id, c.name) for c in project.channels]),
        ("status", [(s, s) for s in STATUSES if s != "archived"]),
        ("campaign", [(c, c) for c in sorted({i.campaign for i in items if i.campaign})]),
        ("owner", [(o.id, o.name) for o in project.owners]),
    ]


def matrix_pages(
    project: Project, analysis: Analysis, layout: Layout = DEFAULT_LAYOUT
) -> Iterator[Page]:
    matrix = analysis.matrix
    yield Page(
        "matrix.html",
        "matrix.html",
        {
            "matrix": matrix,
            "cell_url": cell_url,
            "filters": matrix_filters(project),
            "filter_data": script_json(matrix_filter_data(project, analysis)),
        },
    )
    for cell in matrix.cells:
        items = items_by_date([project.item_by_id[i] for i in cell.items])
        yield from list_pages(
            cell_url(cell.persona, cell.stage),
            "cell.html",
            items,
            {"cell": cell},
            size=layout.list_page_size,
        )


def gaps_page(project: Project, analysis: Analysis) -> Page:
    sections = [
        (stage, analysis.gaps.for_stage(stage.id), analysis.gaps.next_for_stage(stage.id))
        for stage in project.stages
    ]
    return Page(
        "gaps.html",
        "gaps.html",
        {
            "sections": sections,
            "calendar_gaps": analysis.gaps.for_stage(None),
            "create_next": analysis.gaps.create_next,
            "cell_url": cell_url,
        },
    )


def journey_cards(items: Sequence[Item], today: date, limit: int) -> tuple[list[Item], int]:
    """The cards one journey column shows, in date order, and how many it leaves out.

    A column shows at most ``limit`` items: those dated nearest ``today``, before
    or after (on a tie the earlier one, then by id), then undated ones by id. That is
    the part of the plan a reader acts on now (what just went out, what comes next);
    the column's matrix cell page lists every item.
    """
    if len(items) <= limit:
        return items_by_date(items), 0
    nearest = sorted(
        items,
        key=lambda i: (
            i.date is None,
            abs((i.date - today).days) if i.date else 0,
            i.date or date.min,
            i.id,
        ),
    )
    return items_by_date(nearest[:limit]), len(items) - limit


def journey_pages(
    project: Project, analysis: Analysis, layout: Layout = DEFAULT_LAYOUT
) -> Iterator[Page]:
    """One map per persona: stages as columns, the persona's items as cards in each
    stage they name (capped, see ``journey_cards``), and the cell's gaps where content
    is missing."""
    yield Page("journeys.html", "journeys.html", {"journey_url": journey_url})
    by_id = project.item_by_id
    for persona in project.personas:
        columns = []
        for stage in project.stages:
            # the cell holds the persona's non-archived items at this stage, if it applies
            cell = analysis.matrix.cell(persona.id, stage.id)
            items = [by_id[i] for i in cell.items] if cell else []
            gaps = [
                g
                for g in analysis.gaps.for_stage(stage.id)
                if g.persona == persona.id and g.code in CELL_CODES
            ]
            cards, more = journey_cards(items, project.today, layout.journey_cards)
            columns.append((stage, cell is not None, cards, more, gaps))
        yield Page(
            journey_url(persona.id),
            "journey.html",
            {"persona": persona, "columns": columns, "cell_url": cell_url},
        )


def month_grid(year: int, month: int, week_start: int) -> list[list[date | None]]:
    """Weeks of the month as rows of seven days (None outside the month)."""
    weeks = stdlib_calendar.Calendar(firstweekday=week_start).monthdatescalendar(year, month)
    return [[d if d.month == month else None for d in week] for week in weeks]


def calendar_page(project: Project, analysis: Analysis) -> Page:
    cal = analysis.calendar
    window = cal.window
    by_day: dict[date, list[CalendarEntry]] = {}
    for entry in cal.between(window.grid_start, window.grid_end):
        by_day.setdefault(entry.date, []).append(entry)
    empty: dict[date, list[str]] = {}
    for slot in cal.empty_slots:
        empty.setdefault(slot.date, []).append(slot.channel)
    # dicts of sorted keys, not sets: a page's context must pickle the same way in every
    # run; and not tuples: the template asks "in" once per entry and per day
    collided = dict.fromkeys(sorted({c.date for c in cal.collisions}), True)
    over_cap = dict.fromkeys(
        sorted({(item_id, b.channel) for b in cal.breaches for item_id in b.items}), True
    )
    months = [
        (year, month, month_grid(year, month, WEEK_START[project.config.language]))
        for year, month in window.months
    ]
    # a channel's colour by its position, for entries and legend: one of its own each
    colours = channel_colours(len(project.channels))
    channel_colour = {c.id: colours[n] for n, c in enumerate(project.channels)}
    today_month = (project.today.year, project.today.month)
    shown = [(year, month) for year, month, _ in months]
    return Page(
        "calendar.html",
        "calendar.html",
        {
            "calendar": cal,
            "months": months,
            "by_day": by_day,
            "empty": empty,
            "holidays": dict(cal.holidays),
            "collided": collided,
            "over_cap": over_cap,
            "agenda": cal.between(window.start, window.end),
            "channel_colour": channel_colour,
            # the month shown first on screen, as calendar.js would pick it, so that
            # nothing moves when the script runs
            "current_month": shown.index(today_month) if today_month in shown else 0,
            "feeds": _feeds(project),
            "weekdays_start": WEEK_START[project.config.language],
            **calendar_people(project, analysis),
        },
    )


def _feeds(project: Project) -> list[tuple[str, str]]:
    return [(c.id, channel_feed_url(c.id)) for c in project.channels]


def _index(items: Sequence[Item], key: str) -> dict[str, list[Item]]:
    """Items by each persona, stage or channel they name: one pass, not one per page."""
    out: dict[str, list[Item]] = {}
    for item in items:
        for value in getattr(item, key):
            out.setdefault(value, []).append(item)
    return out


def entity_pages(
    project: Project,
    analysis: Analysis,
    layout: Layout = DEFAULT_LAYOUT,
    results: ResultsView | None = None,
) -> Iterator[Page]:
    """Item, persona, stage and channel pages, plus their index lists."""
    items = project.items
    ordered = items_by_date(items)
    yield from list_pages("items.html", "items.html", ordered, {}, size=layout.list_page_size)
    yield Page("personas.html", "personas.html", {})
    yield Page("stages.html", "stages.html", {})
    yield Page("channels.html", "channels.html", {})
    # indexed from the sorted list, each sub-list is in date order already: one sort
    engine = project.config.markdown_engine
    by_persona, by_stage, by_channel = (
        _index(ordered, k) for k in ("personas", "stages", "channels")
    )
    for persona in project.personas:
        yield from list_pages(
            persona_url(persona.id),
            "persona.html",
            by_persona.get(persona.id, []),
            {"persona": persona},
            {"body": Body(persona.body, persona.path, 1, engine)},
            size=layout.list_page_size,
        )
    for stage in project.stages:
        yield from list_pages(
            stage_url(stage.id),
            "stage.html",
            by_stage.get(stage.id, []),
            {"stage": stage},
            {
                "body": Body(stage.body, stage.path, 1, engine),
                "gaps": analysis.gaps.for_stage(stage.id),
                "target": analysis.matrix.target(stage.id),
            },
            size=layout.list_page_size,
        )
    for channel in project.channels:
        yield from list_pages(
            channel_url(channel.id),
            "channel.html",
            by_channel.get(channel.id, []),
            {"channel": channel},
            size=layout.list_page_size,
        )
    yield from item_pages(project, analysis, results or ResultsView())


def item_pages(project: Project, analysis: Analysis, results: ResultsView) -> Iterator[Page]:
    """One page per item: its body, metadata, backlinks, the gaps filed at it and its
    targets against what was measured."""
    gaps_by_item: dict[str, list[Gap]] = {}
    for gap in analysis.gaps.gaps:
        if gap.item:
            gaps_by_item.setdefault(gap.item, []).append(gap)
    targets = item_targets(results)
    engine = project.config.markdown_engine
    for item in project.items:
        yield Page(
            item.url,
            ITEM_TEMPLATE,
            {
                "item": item,
                "body": Body(item.body, item.path, item.body_line, engine),
                "backlinks": project.linked_from.get(item.id, ()),
                "derived_into": project.derived_into.get(item.id, ()),
                "gaps": gaps_by_item.get(item.id, []),
                "targets": targets.get(item.id, ()),
                "kpi": kpi_text(project, item.kpi),
                "deadline": project.deadlines.get(item.id),
            },
        )
