"""Every zone's VTIMEZONE, read back from the file alone by icalendar, vobject and ical.js,
gives the offsets Python's ``zoneinfo`` gives, through the events' years and on both
sides of every transition: rules derived from transitions (``RRULE``), rules that changed
(``UNTIL``; the United States moved its dates in 2007) and transitions that follow no
pattern alike."""

from __future__ import annotations

import itertools
import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from generator.site.ics import vtimezone
from generator.site.vtimezone import observances
from tests.test_ics_clients import read_icaljs_files

pytestmark = pytest.mark.slow  # every zone of the tz database: a few seconds

#: Event instants: the zone is written for the years around them.
EVENTS = [datetime(2006, 6, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC),
          datetime(2027, 12, 1, tzinfo=UTC)]
YEARS = (2006, 2026, 2027)


def calendar(zone: str) -> bytes:
    lines = vtimezone(zone, observances(zone, EVENTS))
    return b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + b"".join(lines) + b"END:VCALENDAR\r\n"


def samples(tz: tzinfo) -> list[datetime]:
    """Twice a day on the 1st and 15th of every month of the event years, and a second
    and an hour either side of each change in those years."""
    out = []
    for year in YEARS:
        points = [datetime(year, m, d, h, tzinfo=UTC)
                  for m in range(1, 13) for d in (1, 15) for h in (0, 12)]
        points.append(datetime(year, 12, 31, 23, 59, 59, tzinfo=UTC))
        out += points
        for low, high in itertools.pairwise(points):
            before = low.astimezone(tz).utcoffset()
            if before == high.astimezone(tz).utcoffset():
                continue
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) // 2
                same = middle.astimezone(tz).utcoffset() == before
                low, high = (middle, high) if same else (low, middle)
            out += [low, high, low - timedelta(hours=1), high + timedelta(hours=1)]
    return out


def unambiguous(moment: datetime) -> bool:
    """A wall time that happens once: the only kind a TZID'd local time names."""
    return moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset()


def wrong_offsets(zone: str, read: tzinfo, found: list[datetime]) -> list[datetime]:
    tz = ZoneInfo(zone)
    wrong = []
    for at in found:
        local = at.astimezone(tz)
        if unambiguous(local) and local.replace(tzinfo=read).utcoffset() != local.utcoffset():
            wrong.append(at)
    return wrong


@cache
def distinct_zones() -> dict[str, list[datetime]]:
    """One zone of each kind, with its samples: zones (and aliases) whose VTIMEZONE and
    offsets at the samples are equal are read alike, so one of them is read."""
    kinds: dict[object, tuple[str, list[datetime]]] = {}
    for zone in sorted(zoneinfo.available_timezones()):
        tz = ZoneInfo(zone)
        found = samples(tz)
        truth = tuple(at.astimezone(tz).utcoffset() for at in found)
        kinds.setdefault((calendar(zone).replace(zone.encode(), b""), truth), (zone, found))
    return dict(kinds.values())


def test_every_zone_reads_back_right_in_icalendar() -> None:
    bad = {}
    for zone, found in distinct_zones().items():
        (vtz,) = icalendar.Calendar.from_ical(calendar(zone)).walk("VTIMEZONE")
        wrong = wrong_offsets(zone, vtz.to_tz(lookup_tzid=False), found)  # the file alone
        if wrong:
            bad[zone] = wrong[:3]
    assert bad == {}


def test_every_zone_reads_back_right_in_vobject() -> None:
    bad = {}
    for zone, found in distinct_zones().items():
        vtz = vobject.readOne(calendar(zone).decode()).vtimezone.gettzinfo()
        wrong = wrong_offsets(zone, vtz, found)
        if wrong:
            bad[zone] = wrong[:3]
    assert bad == {}


@pytest.mark.parametrize(
    ("zone", "rules"),
    [
        ("Asia/Tokyo", []),
        ("Europe/Berlin", ["FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                           "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"]),
        ("America/New_York", [
            "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU until 2006-04-03 07:00:00+00:00",
            "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU until 2006-10-30 06:00:00+00:00",
            "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
            "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        ]),
    ],
)
def test_rules_are_yearly_and_end_where_the_zone_changed(zone: str, rules: list[str]) -> None:
    found = observances(zone, EVENTS)
    assert [o.rule + (f" until {o.until}" if o.until else "") for o in found if o.rule] == rules
    assert len(found) == max(1, len(rules) + sum(1 for o in found if not o.rule))
    if not rules:
        (only,) = found
        assert (only.kind, only.offset_from, only.offset_to) == ("STANDARD",) + (
            timedelta(hours=9),) * 2


def test_every_zone_reads_back_right_in_icaljs(tmp_path: Path) -> None:
    """ical.js (Thunderbird's reader) puts an event at each sample's local time, in each
    zone, where zoneinfo does: the client that misread the old VTIMEZONE."""
    paths, want = [], {}
    for zone, found in distinct_zones().items():
        tz = ZoneInfo(zone)
        events = []
        for n, at in enumerate(sorted({a.replace(microsecond=0) for a in found})):
            local = at.astimezone(tz)
            if not unambiguous(local):
                continue
            uid = f"{n}@{zone}"
            want[uid] = at
            events.append(
                f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
                f"DTSTART;TZID={zone}:{local:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n".encode()
            )
        path = tmp_path / f"{len(paths)}.ics"
        data = calendar(zone)
        path.write_bytes(data.replace(b"END:VCALENDAR", b"".join(events) + b"END:VCALENDAR"))
        paths.append(path)
    got = {u: start for read in read_icaljs_files(paths).values()
           for u, (start, _, _) in read["events"].items()}
    assert set(got) == set(want)
    assert {u: (got[u], want[u]) for u in want if got[u] != want[u]} == {}
