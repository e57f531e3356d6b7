"""The publishing calendar: dated items, cadence slots, frequency caps, holidays.

Everything here is computed from ``project.today`` and ``project.config``; nothing reads
the clock, so the same input gives the same calendar. A date-time belongs to its calendar
day in the project's time zone (docs/configuration.md), which ``item_day`` decides in one place.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice

from dateutil.rrule import rrulestr

from generator.analysis.matrix import Order
from generator.model import IN_PROGRESS_STATUSES, Item, Phrase, Project
from generator.model import item_day as item_day  # the rule lives in the model; kept here too

#: The most cadence slots a calendar lays out, all channels together: ten daily channels
#: over the widest window fit twice over; more are cut at the latest dates.
MAX_SLOTS = 20_000


def local_time(item: Item, tz: tzinfo) -> datetime | None:
    """An item's date-time in the project's zone, or None for an all-day item."""
    if item.time is None:
        return None
    moment = item.time if item.time.tzinfo else item.time.replace(tzinfo=tz)
    return moment.astimezone(tz)


def is_overdue(item: Item, today: date, tz: tzinfo) -> bool:
    """``overdue`` (docs/gaps.md): in progress and dated before today."""
    day = item_day(item, tz)
    return item.status in IN_PROGRESS_STATUSES and day is not None and day < today


def iso_week(value: date) -> str:
    """``2026-W53``: the ISO 8601 week, the unit of frequency caps."""
    year, week, _ = value.isocalendar()
    return f"{year}-W{week:02d}"


def monday(value: date) -> date:
    """The Monday that starts the ISO week of ``value``."""
    return value - timedelta(days=value.weekday())


@dataclass(frozen=True, slots=True)
class Window:
    """today − 7×weeks_back … today + 7×weeks_ahead, both ends included."""

    start: date
    end: date

    def __contains__(self, value: object) -> bool:
        return isinstance(value, date) and self.start <= value <= self.end

    @property
    def months(self) -> tuple[tuple[int, int], ...]:
        """(year, month) of every month the window touches: the month grids."""
        months, (year, month) = [], (self.start.year, self.start.month)
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(months)

    @property
    def grid_start(self) -> date:
        return self.start.replace(day=1)

    @property
    def grid_end(self) -> date:
        last = _stdlib_calendar.monthrange(self.end.year, self.end.month)[1]
        return self.end.replace(day=last)


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One dated, non-archived item on one of its channels."""

    date: date
    channel: str
    item: str
    title: str
    status: str
    personas: tuple[str, ...]
    stages: tuple[str, ...]
    time: datetime | None = None  # in the project's zone; None for an all-day item
    holiday: str | None = None  # the public holiday on that day, if any


@dataclass(frozen=True, slots=True)
class Slot:
    """A date a channel's cadence promises a publication; empty when nothing fills it."""

    date: date
    channel: str
    items: tuple[str, ...]  # planned items on that channel that day

    @property
    def filled(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True, slots=True)
class CapBreach:
    """A persona gets more planned items on a channel in one ISO week than its cap."""

    persona: str
    channel: str
    year: int
    week: int
    monday: date
    count: int
    cap: int
    items: tuple[str, ...]
    message: Phrase


@dataclass(frozen=True, slots=True)
class Collision:
    """Two or more planned items for one persona on one day, on any channels."""

    persona: str
    date: date
    items: tuple[str, ...]
    message: Phrase


@dataclass(frozen=True, slots=True)
class HolidayFlag:
    """A planned item dated on a public holiday of ``calendar.holidays``."""

    item: str
    date: date
    holiday: str
    message: Phrase


@dataclass(frozen=True)
class Calendar:
    window: Window
    entries: tuple[CalendarEntry, ...]  # dated items, whatever the window; date, item, channel
    slots: tuple[Slot, ...]  # cadence slots inside the window; by date, channel
    breaches: tuple[CapBreach, ...]
    collisions: tuple[Collision, ...]
    overdue: tuple[str, ...]  # item ids, by date then id
    undated: tuple[str, ...]  # non-archived items without a date, by id
    holidays: tuple[tuple[date, str], ...]  # public holidays in the month-grid range
    holiday_flags: tuple[HolidayFlag, ...]

    @property
    def empty_slots(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if not s.filled)

    def between(self, first: date, last: date) -> tuple[CalendarEntry, ...]:
        """Entries from ``first`` to ``last`` inclusive (e.g. the window, or 14 days ahead)."""
        return tuple(e for e in self.entries if first <= e.date <= last)


def calendar_window(project: Project) -> Window:
    config, today = project.config, project.today
    return Window(
        today - timedelta(days=7 * config.weeks_back),
        today + timedelta(days=7 * config.weeks_ahead),
    )


def build_calendar(project: Project) -> Calendar:
    """Lay every dated item, cadence slot and holiday out for the calendar pages."""
    tz, lang = project.config.tz, project.config.language
    window = calendar_window(project)
    holidays = public_holidays(project.config.holidays, lang, window.grid_start, window.grid_end)
    holiday_at = dict(holidays)
    items = sorted((i for i in project.items if i.status != "archived"), key=lambda i: i.id)
    dated = [(i, d) for i in items if (d := item_day(i, tz)) is not None]
    planned = [(i, d) for i, d in dated if i.counts]
    return Calendar(
        window=window,
        entries=_entries(dated, tz, holiday_at),
        slots=_slots(project, window, planned),
        breaches=_breaches(project, planned),
        collisions=_collisions(project, planned),
        overdue=tuple(i.id for i, _ in _by_date(dated) if is_overdue(i, project.today, tz)),
        undated=tuple(i.id for i in items if item_day(i, tz) is None),
        holidays=holidays,
        holiday_flags=_holiday_flags(planned, holiday_at),
    )


def _by_date(dated: list[tuple[Item, date]]) -> list[tuple[Item, date]]:
    """Dated items by day, then id: the order of the overdue list and the holiday flags."""
    return sorted(dated, key=lambda pair: (pair[1], pair[0].id))


def _entries(
    dated: list[tuple[Item, date]], tz: tzinfo, holiday_at: dict[date, str]
) -> tuple[CalendarEntry, ...]:
    """One entry per dated item and channel it names (a repeated channel once), by date,
    item and channel; each knows the public holiday it falls on."""
    entries = (
        CalendarEntry(
            day,
            channel,
            item.id,
            item.title,
            item.status,
            item.personas,
            item.stages,
            local_time(item, tz),
            holiday_at.get(day),
        )
        for item, day in dated
        for channel in dict.fromkeys(item.channels)
    )
    return tuple(sorted(entries, key=lambda e: (e.date, e.item, e.channel)))


def _holiday_flags(
    planned: list[tuple[Item, date]], holiday_at: dict[date, str]
) -> tuple[HolidayFlag, ...]:
    """Planned items dated on a public holiday: the calendar page lists them, by date."""
    return tuple(
        HolidayFlag(
            item.id,
            day,
            holiday_at[day],
            Phrase.of("calendar.holiday", title=item.title, holiday=holiday_at[day]),
        )
        for item, day in _by_date(planned)
        if day in holiday_at
    )


def cadence_dates(cadence: str, window: Window, limit: int | None = None) -> list[date]:
    """Days an RRULE cadence falls on inside the window, anchored at the window start
    (the first ``limit`` of them when given).

    dateutil expands the rule (never by hand); several times on one day are one slot.
    """
    return list(islice(_cadence_days(cadence, window), limit))


def _cadence_days(cadence: str, window: Window) -> Iterator[date]:
    """The days of ``cadence`` in the window, in order, made one at a time: a caller
    that needs the first few never makes the rest. A cadence that ``load/cadence.py``
    accepted falls on a day at least once in 400 years, so the search for the first day
    after the window ends within that."""
    start = datetime.combine(window.start, time.min)
    previous = None
    for hit in rrulestr(cadence, dtstart=start, ignoretz=True):
        day = hit.date()
        if day > window.end:
            return
        if day != previous and day in window:
            previous = day
            yield day


def _slots(project: Project, window: Window, planned: list[tuple[Item, date]]) -> tuple[Slot, ...]:
    """Every cadence slot of the window by date and channel, the first ``MAX_SLOTS`` when
    there are more (docs/safety.md): the channels' days are merged as they are made, so
    dozens of daily channels over ten years never make more than those."""
    by_day: dict[tuple[date, str], list[str]] = defaultdict(list)
    for item, day in planned:
        for channel_id in dict.fromkeys(item.channels):
            by_day[(day, channel_id)].append(item.id)
    streams = [
        _tagged(channel.id, _cadence_days(channel.cadence, window))
        for channel in project.channels
        if channel.cadence
    ]
    return tuple(
        Slot(day, channel_id, tuple(by_day.get((day, channel_id), ())))
        for day, channel_id in islice(heapq.merge(*streams), MAX_SLOTS)
    )


def _tagged(channel_id: str, days: Iterator[date]) -> Iterator[tuple[date, str]]:
    return ((day, channel_id) for day in days)


def _breaches(project: Project, planned: list[tuple[Item, date]]) -> tuple[CapBreach, ...]:
    """Per persona, channel and ISO week, over every dated planned item (not only the window)."""
    order = Order.of(project)
    weeks: dict[tuple[str, str, int, int], list[str]] = defaultdict(list)
    for item, day in planned:
        year, week, _ = day.isocalendar()
        for persona in dict.fromkeys(item.personas):
            for channel_id in dict.fromkeys(item.channels):
                weeks[(persona, channel_id, year, week)].append(item.id)
    breaches = []
    for (persona, channel_id, year, week), ids in weeks.items():
        channel = project.channel_by_id.get(channel_id)
        if channel is None or channel.max_per_week is None or len(ids) <= channel.max_per_week:
            continue
        start = date.fromisocalendar(year, week, 1)
        text = Phrase.of(
            "calendar.breach",
            persona=_persona(project, persona),
            count=len(ids),
            channel=channel.name,
            week=iso_week(start),
            cap=channel.max_per_week,
        )
        breaches.append(
            CapBreach(
                persona,
                channel_id,
                year,
                week,
                start,
                len(ids),
                channel.max_per_week,
                tuple(sorted(ids)),
                text,
            )
        )
    return tuple(
        sorted(
            breaches,
            key=lambda b: (b.monday, order.persona(b.persona), b.persona, order.channel(b.channel)),
        )
    )


def _collisions(project: Project, planned: list[tuple[Item, date]]) -> tuple[Collision, ...]:
    order = Order.of(project)
    days: dict[tuple[str, date], list[str]] = defaultdict(list)
    for item, day in planned:
        for persona in dict.fromkeys(item.personas):
            days[(persona, day)].append(item.id)
    return tuple(
        Collision(
            persona,
            day,
            tuple(sorted(ids)),
            Phrase.of(
                "calendar.collision",
                persona=_persona(project, persona),
                count=len(ids),
                date=day,
            ),
        )
        for (persona, day), ids in sorted(
            days.items(), key=lambda kv: (kv[0][1], order.persona(kv[0][0]), kv[0][0])
        )
        if len(ids) >= 2
    )


def public_holidays(
    country: str | None, language: str, first: date, last: date
) -> tuple[tuple[date, str], ...]:
    """Public holidays of ``country`` from ``first`` to ``last``, named in the site language.

    The ``holidays`` package names them in the country's own language by default; a
    Japanese site asks for ``ja`` and an English one for ``en_US`` when the country has it.
    """
    if not country:
        return ()
    import holidays as holidays_lib  # imported lazily: large, and only needed when configured

    years = range(first.year, last.year + 1)
    probe = holidays_lib.country_holidays(country)
    supported: Iterable[str] = getattr(probe, "supported_languages", ()) or ()
    wanted = "ja" if language == "ja" else "en_US"
    chosen = wanted if wanted in supported else None
    table = holidays_lib.country_holidays(country, years=years, language=chosen)
    return tuple(sorted((d, str(name)) for d, name in table.items() if first <= d <= last))


def _persona(project: Project, persona_id: str) -> str:
    persona = project.persona_by_id.get(persona_id)
    return persona.name if persona else persona_id
