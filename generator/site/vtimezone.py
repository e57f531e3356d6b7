"""A time zone's rules as iCalendar observances: what a VTIMEZONE says (docs/exports.md).

Calendar readers resolve ``DTSTART;TZID=...`` with the VTIMEZONE in the file, and they do
not all read every form RFC 5545 allows: ical.js (Thunderbird) puts summer times an hour
off when the transitions are listed one by one with RDATE. So the zone is written the
way Outlook, Google and tzurl.org publish it: one STANDARD and one DAYLIGHT observance,
each with a yearly rule (``RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``), derived here from
the transitions ``zoneinfo`` knows in the years the events span. Transitions that follow
no yearly weekday pattern become one observance each (a DTSTART and nothing else); a zone
without transitions is a single STANDARD observance.

Pure: no I/O, no clock; the same zone and years give the same observances.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

#: ``BYDAY`` names, Monday first as ``datetime.weekday`` counts.
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: How far apart the zone is sampled; transitions closer than this are not seen. None in
#: the tz database are: the shortest periods (Morocco's Ramadan) last about a month.
_STEP = 7 * 86400
#: The years a zone is looked at in: a year more on either side must still be a date.
FIRST_YEAR, LAST_YEAR = 2, 9998


@dataclass(frozen=True, slots=True)
class Observance:
    """One STANDARD or DAYLIGHT component: from ``start`` (local wall time, before the
    change) on, the zone is ``offset_to`` from UTC and called ``name``; ``rule``, when
    set, repeats that onset every year (an RRULE value), up to ``until`` (UTC) if set."""

    kind: str
    start: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: str | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class _State:
    offset: timedelta
    dst: timedelta
    name: str


@dataclass(frozen=True, slots=True)
class _Transition:
    at: int  # seconds since the epoch: the first second of the new state
    before: _State
    after: _State

    @property
    def onset(self) -> datetime:
        """Local wall time of the change, read in the offset before it (as DTSTART)."""
        return datetime.fromtimestamp(self.at, UTC).replace(tzinfo=None) + self.before.offset

    @property
    def kind(self) -> str:
        """DAYLIGHT into summer time. A zone whose tz data calls winter its DST (Dublin,
        Casablanca: "negative DST") still gets DAYLIGHT for the later offset, as readers
        expect."""
        if bool(self.after.dst) != bool(self.before.dst):
            return "DAYLIGHT" if self.after.offset > self.before.offset else "STANDARD"
        return "DAYLIGHT" if self.after.dst else "STANDARD"

    def signature(self) -> tuple[object, ...]:
        """What every onset of one yearly rule shares."""
        onset = self.onset
        return (
            self.kind,
            self.before.offset,
            self.after,
            onset.month,
            onset.weekday(),
            onset.time(),
        )

    def nth(self) -> frozenset[int]:
        """Which weekday of its month the onset is: ``{2}``, or ``{4, -1}`` for one that
        is both the fourth and the last."""
        day = self.onset.day
        last = (self.onset + timedelta(days=7)).month != self.onset.month
        return frozenset({(day - 1) // 7 + 1, *((-1,) if last else ())})


def observances(zone: str, instants: Iterable[datetime]) -> list[Observance]:
    """The observances that resolve every time in the years of ``instants`` (aware) in
    ``zone``."""
    years: set[int] = set()
    for moment in instants:  # the local year: the years either side hold the UTC one
        years.update(range(max(moment.year - 1, FIRST_YEAR), min(moment.year + 1, LAST_YEAR) + 1))
    return list(_observances(zone, frozenset(years))) if years else []


@lru_cache(maxsize=64)
def _observances(zone: str, years: frozenset[int]) -> tuple[Observance, ...]:
    """Cached: every feed of one build asks for the same zone and nearly the same years.
    ``years`` are the events' years and one either side: a rule's first onset falls in
    the year before the first event's, so that year's times are covered from January."""
    tz = ZoneInfo(zone)
    changes = _transitions(tz, sorted(years))
    found = [_observance(run, last_year=max(years)) for run in _runs(changes, years)]
    begin = datetime(min(years) + 1, 1, 1, tzinfo=UTC)  # the first event's year
    if not changes or changes[0].at > begin.timestamp():
        start = _state(tz, int(datetime(min(years), 1, 1, tzinfo=UTC).timestamp()))
        initial = Observance(
            "DAYLIGHT" if start.dst else "STANDARD",
            datetime(min(1970, min(years) - 1), 1, 1),
            start.offset,
            start.offset,
            start.name,
        )
        found.insert(0, initial)
    return tuple(found)


def _state(tz: tzinfo, at: int) -> _State:
    moment = datetime.fromtimestamp(at, tz)
    return _State(
        moment.utcoffset() or timedelta(0), moment.dst() or timedelta(0), moment.tzname() or ""
    )


def _transitions(tz: tzinfo, years: list[int]) -> list[_Transition]:
    """Every change of offset, DST or name in ``years``, sampled weekly and then found to
    the second by bisection. Between years that are not consecutive only the last change
    is found: the zone's state when the next year begins is all that matters there."""
    samples: list[int] = []
    for year in years:
        start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
        end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
        samples.extend(range(start, end, _STEP))
    samples.append(end)
    states = [_state(tz, at) for at in samples]
    found = []
    for i in range(1, len(samples)):
        low, high, after = samples[i - 1], samples[i], states[i]
        if states[i - 1] == after:
            continue
        while high - low > 1:  # invariant: state(high) == after != state(low)
            middle = (low + high) // 2
            if _state(tz, middle) == after:
                high = middle
            else:
                low = middle
        found.append(_Transition(high, _state(tz, low), after))
    return found


def _runs(changes: list[_Transition], years: frozenset[int]) -> list[list[_Transition]]:
    """Transitions grouped into yearly rules: one run holds onsets with one signature on
    one weekday of the month, in consecutive years (or across years not looked at, where
    no event is: the rule may be extended over them). A run of one is a lone onset."""
    runs: list[list[_Transition]] = []
    open_runs: dict[tuple[object, ...], tuple[list[_Transition], frozenset[int]]] = {}
    for change in changes:
        key, year = change.signature(), change.onset.year
        current = open_runs.get(key)
        if current is not None:
            run, nth = current
            last = run[-1].onset.year
            follows = year > last and not years.intersection(range(last + 1, year))
            if follows and nth & change.nth():
                run.append(change)
                open_runs[key] = (run, nth & change.nth())
                continue
        run = [change]
        runs.append(run)
        open_runs[key] = (run, change.nth())
    return sorted(runs, key=lambda r: r[0].at)


def _observance(run: list[_Transition], last_year: int) -> Observance:
    """A run of two or more onsets as a yearly rule, open-ended when it lasts to the end
    of the years looked at (the zone's current rule), else ending at its last onset."""
    first = run[0]
    rule, until = None, None
    if len(run) > 1:
        nth = frozenset.intersection(*(c.nth() for c in run))
        which = -1 if -1 in nth else min(nth)
        onset = first.onset
        rule = f"FREQ=YEARLY;BYMONTH={onset.month};BYDAY={which}{WEEKDAYS[onset.weekday()]}"
        if run[-1].onset.year < last_year:
            # A day past the last onset: the same rule for exact readers (the next would
            # be a year later), and still after it for readers that take UNTIL's digits
            # as local time, as icalendar does.
            until = datetime.fromtimestamp(run[-1].at, UTC) + timedelta(days=1)
    return Observance(
        first.kind,
        first.onset,
        first.before.offset,
        first.after.offset,
        first.after.name,
        rule,
        until,
    )
