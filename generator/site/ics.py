"""The calendar feeds (``calendar.ics``, ``calendar-<channel>.ics``): RFC 5545 text
written directly, one escaping and folding rule for every property (docs/exports.md).

Every text value passes ``generator.text`` first (``one_line`` for single-line
properties, ``clean`` for DESCRIPTION), so no control character, CR or LF reaches the
file raw; then RFC 5545 TEXT escaping (``\\`` ``;`` ``,`` and line feeds); then folding
at 75 octets, never inside a UTF-8 sequence. Times carry the project's TZID and a
VTIMEZONE with yearly rules (``vtimezone.py``); every timed event has an end.

Writing the text directly, rather than building a library object per event, is what
keeps a 10,000-item plan's feeds fast; the tests read every feed back with four real
clients (icalendar, vobject, recurring-ical-events, ical.js).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

from generator.analysis.calendar import CalendarEntry
from generator.model import Item, Project
from generator.site.i18n import translator
from generator.site.vtimezone import Observance, observances
from generator.text import clean, one_line

PRODID = "-//plansite//EN"
#: A publication date-time is a moment, not a meeting: readers still want an end, so a
#: timed event lasts this long (docs/exports.md).
EVENT_LENGTH = timedelta(hours=1)
#: Octets of a content line before it is folded (RFC 5545 §3.1), CRLF not counted.
LINE_OCTETS = 75


# -- the content-line rule -------------------------------------------------------------


def escape_text(value: str) -> str:
    """RFC 5545 TEXT escaping of text that ``generator.text`` has already made safe
    (chained ``replace``: several times faster than ``str.translate`` here)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def single_line(value: str) -> str:
    """A single-line TEXT value (SUMMARY, X-WR-CALNAME, a category): one line, escaped."""
    return escape_text(one_line(value))


#: Ids (persona, stage, channel, status) repeat across thousands of events.
_id_line = lru_cache(maxsize=4096)(one_line)


def content_line(name: str, value: str) -> bytes:
    """``NAME:value`` as UTF-8, folded to lines of at most 75 octets with CRLF; a fold
    never splits a multi-byte character (continuation lines start with one space)."""
    data = f"{name}:{value}".encode()
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts, start, room = [], 0, LINE_OCTETS
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to its start
            end -= 1
        parts.append(data[start:end])
        start, room = end, LINE_OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


# -- calendars -------------------------------------------------------------------------


def calendar_ics(
    project: Project,
    entries: Iterable[CalendarEntry],
    name: str | None = None,
    *,
    events: Mapping[str, bytes] | None = None,
) -> bytes:
    """One VEVENT per item among ``entries`` (entries are per channel; events per item).

    ``name`` is X-WR-CALNAME (the site title when None). No X-WR-TIMEZONE: every time
    names its zone or is UTC, and readers that apply X-WR-TIMEZONE to UTC times
    (recurring-ical-events, like Google) lose which of two equal wall times was meant.
    ``events`` are VEVENTs already written by ``event_blocks``: the feeds of one build
    share them instead of writing each event again.
    """
    by_item = entries_by_item(entries)
    blocks = events if events is not None else event_blocks(project, by_item.values())
    config = project.config
    head = [
        b"BEGIN:VCALENDAR\r\n",
        content_line("VERSION", "2.0"),
        content_line("PRODID", PRODID),
        content_line("CALSCALE", "GREGORIAN"),
        content_line("X-WR-CALNAME", single_line(name or config.title)),
    ]
    if config.timezone != "UTC":
        moments = [
            m
            for group in by_item.values()
            if group[0].time is not None
            for m in _span(group[0].time, config.tz)
            if m is not None
        ]
        head.extend(vtimezone(config.timezone, observances(config.timezone, moments)))
    order = sorted(by_item, key=lambda i: (by_item[i][0].date, i))
    return b"".join([*head, *(blocks[i] for i in order), b"END:VCALENDAR\r\n"])


def vtimezone(zone: str, found: list[Observance]) -> list[bytes]:
    """The VTIMEZONE for ``zone`` (nothing when no event needs one)."""
    if not found:
        return []
    lines = [b"BEGIN:VTIMEZONE\r\n", content_line("TZID", zone)]
    for observance in found:
        lines += [
            content_line("BEGIN", observance.kind),
            content_line("DTSTART", date_time(observance.start)),
            *([content_line("RRULE", _rule(observance))] if observance.rule else []),
            content_line("TZNAME", single_line(observance.name)),
            content_line("TZOFFSETFROM", _offset(observance.offset_from)),
            content_line("TZOFFSETTO", _offset(observance.offset_to)),
            content_line("END", observance.kind),
        ]
    lines.append(b"END:VTIMEZONE\r\n")
    return lines


def _rule(observance: Observance) -> str:
    """The RRULE value, with UNTIL when the rule ended."""
    until = f";UNTIL={date_time(observance.until)}Z" if observance.until else ""
    return f"{observance.rule}{until}"


def _offset(value: timedelta) -> str:
    """``+0100``, ``-0430``; seconds only when the zone has them (``+001520``)."""
    seconds = int(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


# -- events ----------------------------------------------------------------------------


def entries_by_item(entries: Iterable[CalendarEntry]) -> dict[str, list[CalendarEntry]]:
    """Calendar entries (one per item and channel) grouped into one event per item."""
    by_item: dict[str, list[CalendarEntry]] = {}
    for entry in entries:
        by_item.setdefault(entry.item, []).append(entry)
    return by_item


def event_blocks(project: Project, groups: Iterable[list[CalendarEntry]]) -> dict[str, bytes]:
    """Item id → its VEVENT as bytes."""
    return {group[0].item: event_block(project, group) for group in groups}


def event_facts(project: Project, group: list[CalendarEntry]) -> tuple[object, ...]:
    """Everything an item's VEVENT is made from besides the group's entries: equal facts
    give equal bytes (so a rebuild may keep an event whose facts did not change). The
    zone is named: times in two zones can be equal instants but are written apart."""
    item = project.item_by_id.get(group[0].item)
    config = project.config
    return (
        project.today,
        config.language,
        config.site_url,
        config.timezone,
        item and item.url,
        group,
    )


def event_block(project: Project, group: list[CalendarEntry]) -> bytes:
    """One item's VEVENT: UID from the item id, DTSTAMP today at 00:00 UTC (never the
    clock), all-day for a date, TZID'd start and end for a date-time."""
    first, label, config = group[0], translator(project.config.language), project.config
    channels = sorted({e.channel for e in group})
    description = "\n".join(
        (
            f"{label('persona')}: {', '.join(map(_id_line, first.personas))}",
            f"{label('stage')}: {', '.join(map(_id_line, first.stages))}",
            f"{label('status')}: {_id_line(first.status)}",
            f"{label('channel')}: {', '.join(map(_id_line, channels))}",
        )
    )
    lines = [
        b"BEGIN:VEVENT\r\n",
        content_line("UID", event_uid(first.item)),
        content_line("DTSTAMP", f"{day(project.today)}T000000Z"),
        *_times(first, config.timezone, config.tz),
        content_line("SUMMARY", single_line(first.title)),
        content_line("DESCRIPTION", escape_text(clean(description))),
    ]
    item = project.item_by_id.get(first.item)
    if item is not None:
        lines.append(content_line("URL", one_line(item_link(project, item))))
    scheduled = first.status in ("scheduled", "published")
    lines += [
        content_line("CATEGORIES", ",".join(single_line(c) for c in channels)),
        content_line("STATUS", "CONFIRMED" if scheduled else "TENTATIVE"),
        content_line("TRANSP", "TRANSPARENT"),  # a publication date makes nobody busy
        b"END:VEVENT\r\n",
    ]
    return b"".join(lines)


def _times(entry: CalendarEntry, zone: str, tz: tzinfo) -> list[bytes]:
    """DTSTART and DTEND: a date is an all-day event ending the next day; a date-time
    lasts ``EVENT_LENGTH``."""
    if entry.time is None:
        return [
            content_line("DTSTART;VALUE=DATE", day(entry.date)),
            content_line("DTEND;VALUE=DATE", day(entry.date + timedelta(days=1))),
        ]
    start, end = _span(entry.time, tz)
    if end is None:  # an hour after 9999-12-31 23:00 is not a date: say how long instead
        return [_stamp("DTSTART", start, zone), content_line("DURATION", "PT1H")]
    if _repeated(start) or _repeated(end):
        # The second of two equal wall times (clocks going back) has no TZID'd local
        # time: both ends in UTC, so readers that work out lengths in local time agree.
        zone = "UTC"
    return [_stamp("DTSTART", start, zone), _stamp("DTEND", end, zone)]


def _span(start: datetime, tz: tzinfo) -> tuple[datetime, datetime | None]:
    """A timed event's start and end in the project's zone (the end is exact: one hour
    after the start, across a DST change too; None past the last representable date)."""
    local = start.astimezone(tz)
    try:
        return local, (local.astimezone(UTC) + EVENT_LENGTH).astimezone(tz)
    except OverflowError:
        return local, None


def _stamp(name: str, moment: datetime, zone: str) -> bytes:
    """``NAME;TZID=zone:local time``, or ``NAME:...Z`` in UTC for ``zone`` UTC."""
    if zone == "UTC":
        return content_line(name, date_time(moment.astimezone(UTC)) + "Z")
    return content_line(f"{name};TZID={zone}", date_time(moment))


def day(value: date) -> str:
    """``YYYYMMDD``, four digits of year always (``%Y`` gives ``1`` for year 1 here)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def date_time(value: datetime) -> str:
    """``YYYYMMDDTHHMMSS`` of the wall time, without zone."""
    return f"{day(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def _repeated(moment: datetime) -> bool:
    """The later of two equal wall times: reading its local time gives the earlier one."""
    return moment.utcoffset() != moment.replace(fold=0).utcoffset()


def event_uid(item_id: str) -> str:
    """The SHA-1 of the item id: stable across builds, so subscribers update events."""
    return f"{hashlib.sha1(item_id.encode('utf-8')).hexdigest()}@plansite"


def item_link(project: Project, item: Item) -> str:
    """Absolute when ``site_url`` is set (feeds are read outside the site), else relative."""
    if project.config.site_url:
        return project.config.site_url + item.url.lstrip("/")
    return item.url
