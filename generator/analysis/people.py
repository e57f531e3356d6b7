"""People and deadlines: each owner's load per ISO week against their capacity, the
drafts that are due, and the two gap kinds about them (docs/gaps.md).

A piece is *in flight* while its status is planned, draft, review or scheduled: that is
what an owner's capacity is spent on. A piece's week is the ISO week of its effective
deadline (``Project.deadlines``), else of its publication date; a piece with neither
takes no week. Like the rest of the analysis, nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from generator.analysis.calendar import Window, monday
from generator.analysis.matrix import Order
from generator.model import (
    DRAFTING_STATUSES,
    IN_FLIGHT_STATUSES,
    Gap,
    Item,
    Owner,
    Phrase,
    Project,
    item_day,
)

#: Both gap kinds are about work on one person's desk: medium, whoever the piece is for.
OVER_CAPACITY_SEVERITY = "medium"
MISSED_DEADLINE_SEVERITY = "medium"
#: The dashboard's "drafts due": deadlines from today to this many days ahead.
DRAFTS_DUE_DAYS = 14


def work_day(project: Project, item: Item) -> date | None:
    """The day a piece's work is counted on: its effective deadline, else its date."""
    return project.deadlines.get(item.id) or item_day(item, project.config.tz)


def is_missed(project: Project, item: Item) -> bool:
    """``missed-deadline``: still to be drafted (idea, planned, draft) and the effective
    deadline before today; a deadline of today is not missed yet."""
    due = project.deadlines.get(item.id)
    return item.status in DRAFTING_STATUSES and due is not None and due < project.today


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One owner's in-flight pieces in one ISO week (``monday`` starts it)."""

    monday: date
    items: tuple[str, ...]  # by id
    capacity: int | None

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def over(self) -> bool:
        """More than capacity; exactly at capacity is a full week, not a gap."""
        return self.capacity is not None and self.count > self.capacity

    @property
    def level(self) -> int:
        """How full the week is, for the heat map: 0 empty, 1 under half, 2 up to
        capacity, 3 over capacity; 1 or 2 by count when there is no capacity."""
        if self.count == 0:
            return 0
        if self.capacity is None:
            return 1 if self.count == 1 else 2
        if self.over:
            return 3
        return 1 if 2 * self.count < self.capacity else 2


@dataclass(frozen=True)
class People:
    """Load per owner and week, and the drafts the dashboard lists."""

    loads: tuple[tuple[str, tuple[WeekLoad, ...]], ...]  # owner id → every week with work
    weeks: tuple[date, ...]  # the Mondays of the calendar window: the workload columns
    due: tuple[str, ...]  # item ids whose deadline is today … today + 14 days, by deadline
    missed: tuple[str, ...]  # item ids whose deadline is missed, by deadline

    @cached_property
    def _by_owner(self) -> dict[str, tuple[WeekLoad, ...]]:
        return dict(self.loads)

    def load(self, owner: str) -> tuple[WeekLoad, ...]:
        return self._by_owner.get(owner, ())

    def row(self, owner: Owner) -> tuple[WeekLoad, ...]:
        """The owner's load in each week of the window, empty weeks included."""
        found = {w.monday: w for w in self.load(owner.id)}
        return tuple(found.get(m) or WeekLoad(m, (), owner.capacity) for m in self.weeks)


def analyse_people(project: Project, window: Window) -> People:
    """Every owner's weeks, and the drafts due and missed."""
    by_owner: dict[str, dict[date, list[str]]] = {}
    for item in sorted(project.items, key=lambda i: i.id):
        day = work_day(project, item)
        if item.status in IN_FLIGHT_STATUSES and item.owner and day is not None:
            by_owner.setdefault(item.owner, {}).setdefault(monday(day), []).append(item.id)
    loads = []
    for owner in project.owners:
        weeks = by_owner.get(owner.id, {})
        loads.append(
            (
                owner.id,
                tuple(WeekLoad(m, tuple(weeks[m]), owner.capacity) for m in sorted(weeks)),
            )
        )
    first = monday(window.start)
    mondays = tuple(first + timedelta(weeks=n) for n in range((window.end - first).days // 7 + 1))
    today, deadlines = project.today, project.deadlines
    soon = today + timedelta(days=DRAFTS_DUE_DAYS)
    drafting = [i for i in project.items if i.status in DRAFTING_STATUSES and i.id in deadlines]
    ordered = sorted(drafting, key=lambda i: (deadlines[i.id], i.id))
    return People(
        loads=tuple(loads),
        weeks=mondays,
        due=tuple(i.id for i in ordered if today <= deadlines[i.id] <= soon),
        missed=tuple(i.id for i in ordered if deadlines[i.id] < today),
    )


def people_gaps(project: Project, people: People) -> Iterable[Gap]:
    """``over-capacity`` per owner and week; ``missed-deadline`` per piece."""
    for owner in project.owners:
        for week in people.load(owner.id):
            if week.over:
                yield Gap(
                    "over-capacity",
                    OVER_CAPACITY_SEVERITY,
                    Phrase.of(
                        "over-capacity",
                        owner=owner.name,
                        count=week.count,
                        capacity=week.capacity,
                        date=week.monday,
                    ),
                    owner=owner.id,
                    date=week.monday,
                )
    order = Order.of(project)
    for item in sorted(project.items, key=lambda i: i.id):
        if is_missed(project, item):
            yield Gap(
                "missed-deadline",
                MISSED_DEADLINE_SEVERITY,
                Phrase.of(
                    "missed-deadline",
                    title=item.title,
                    deadline=project.deadlines[item.id],
                    status=item.status,
                ),
                stage=order.earliest_stage(item.stages),
                item=item.id,
                date=project.deadlines[item.id],
                owner=item.owner or None,
            )
