"""The pages about people and deadlines: the owners index, one page per owner, the
workload view (owners × ISO weeks against capacity), and what the calendar and the
dashboard show of deadlines.

Pure functions like ``pages.py``: model and analysis in, ``Page`` values and context
out. Every value a page shows is in its context (the owner of each calendar entry, the
deadline of each piece), so a page's key changes whenever what it shows does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from generator.analysis import Analysis
from generator.analysis.calendar import monday
from generator.analysis.people import WeekLoad, is_missed
from generator.model import IN_FLIGHT_STATUSES, STATUSES, Gap, Item, Project, item_day
from generator.paths import OWNERS_PAGE, WORKLOAD_PAGE, owner_feed_url, owner_url
from generator.site.render import Page


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece as an owner page, the calendar's deadline view and the dashboard list
    it: what it is, when it goes out and when its draft is due."""

    item: str
    title: str
    status: str
    owner: str | None
    date: dt.date | None
    deadline: dt.date | None
    missed: bool


def piece(project: Project, item: Item) -> Piece:
    return Piece(
        item.id,
        item.title,
        item.status,
        item.owner,
        item_day(item, project.config.tz),
        project.deadlines.get(item.id),
        is_missed(project, item),
    )


def people_pages(project: Project, analysis: Analysis) -> Iterator[Page]:
    """The owners index, each owner's page and the workload view."""
    people = analysis.people
    by_owner: dict[str, list[Item]] = {}
    for item in project.items:
        if item.owner:
            by_owner.setdefault(item.owner, []).append(item)
    gaps: dict[str, list[Gap]] = {}
    for gap in analysis.gaps.gaps:
        if gap.owner:
            gaps.setdefault(gap.owner, []).append(gap)
    rows = []
    for owner in project.owners:
        mine = by_owner.get(owner.id, [])
        flying = sum(1 for i in mine if i.status in IN_FLIGHT_STATUSES)
        rows.append((owner, flying, people.row(owner)))
        context = _owner_context(project, analysis, owner.id, mine, gaps.get(owner.id, []))
        yield Page(owner_url(owner.id), "owner.html", context)
    yield Page(OWNERS_PAGE, "owners.html", {"rows": [(o, n) for o, n, _ in rows]})
    yield Page(
        WORKLOAD_PAGE,
        "workload.html",
        {
            "weeks": people.weeks,
            "rows": [(o, week_cells(row, project.today)) for o, _, row in rows],
            "this_week": monday(project.today),
        },
    )


def _owner_context(
    project: Project, analysis: Analysis, owner_id: str, mine: list[Item], gaps: list[Gap]
) -> dict[str, object]:
    """An owner's pieces (``mine``) in flight by status, their weekly load and the gaps
    that name them."""
    owner = project.owner_by_id[owner_id]
    groups = []
    for status in STATUSES:
        if status in IN_FLIGHT_STATUSES:
            pieces = sorted((piece(project, i) for i in mine if i.status == status), key=_by_when)
            groups.append((status, pieces))
    ideas = sorted(
        (piece(project, i) for i in mine if i.status == "idea" and i.id in project.deadlines),
        key=_by_when,
    )
    return {
        "owner": owner,
        "groups": groups,
        "ideas": ideas,
        "weeks": week_cells(analysis.people.load(owner_id), project.today),
        "gaps": gaps,
        "feed": owner_feed_url(owner_id),
    }


def week_cells(weeks: tuple[WeekLoad, ...], today: dt.date) -> list[tuple[WeekLoad, bool]]:
    """Each week with whether it is the current one (the heat map marks it)."""
    current = monday(today)
    return [(week, week.monday == current) for week in weeks]


def _by_when(p: Piece) -> tuple[object, ...]:
    """Deadline first (the work's due date), else date, undated last; then id."""
    when = p.deadline or p.date
    return (when is None, when or dt.date.min, p.item)


def calendar_people(project: Project, analysis: Analysis) -> dict[str, object]:
    """What the calendar adds about people: each entry's owner (for the owner filter),
    the deadlines in the window (the deadline view) and the owner feeds."""
    window = analysis.calendar.window
    shown = {e.item for e in analysis.calendar.between(window.grid_start, window.grid_end)}
    by_id = project.item_by_id
    deadlines = sorted(
        (
            piece(project, by_id[item_id])
            for item_id, due in project.deadlines.items()
            if due in window and by_id[item_id].status != "archived"
        ),
        key=_by_when,
    )
    owners_of = {i: by_id[i].owner for i in sorted(shown | {p.item for p in deadlines})}
    return {
        "owner_of": {i: o for i, o in owners_of.items() if o},
        "deadlines": deadlines,
        "owner_feeds": [(o.id, owner_feed_url(o.id)) for o in project.owners],
        "owner_choices": [(o.id, o.name) for o in project.owners],
    }


def dashboard_people(project: Project, analysis: Analysis, limit: int) -> dict[str, object]:
    """The dashboard's drafts due in the next 14 days and missed deadlines."""
    by_id = project.item_by_id
    due = [piece(project, by_id[i]) for i in analysis.people.due]
    missed = [piece(project, by_id[i]) for i in analysis.people.missed]
    return {
        "drafts_due": due[:limit],
        "drafts_due_total": len(due),
        "missed": missed[:limit],
        "missed_total": len(missed),
    }
