"""A channel's ``cadence``: the one parser that decides which RRULEs plansite accepts.

dateutil only ever sees a rule this module accepted, rewritten in one canonical form. Left
to itself, dateutil reads some rules differently from a simple validator (a second
``FREQ`` silently wins), loops forever on ``INTERVAL=0``, expands ``BYHOUR``/``BYMINUTE``/
``BYSECOND`` into thousands of times a day, and, for a rule that never falls on a day
(``BYMONTH=2;BYMONTHDAY=30``), walks every day up to the year 9999 before it gives up. A
publishing cadence names days, at most one a day, so each of those is refused here, at
the channel's line, by ``check``.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil.rrule import rrulestr

#: The parts a cadence may hold: frequency, interval, end, and the day filters. Times of
#: day (BYHOUR, BYMINUTE, BYSECOND) and dateutil's own BYEASTER are not cadences.
PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "WKST",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
)
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_INTERVAL = 100
MAX_COUNT = 10_000
_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
_NUMBER = re.compile(r"[0-9]{1,6}")
#: The Gregorian calendar repeats every 400 years (146,097 days, a whole number of
#: weeks): a rule that falls on no day in 400 years falls on none ever. The probe runs at
#: the end of the years datetime can hold, so dateutil's search stops within them.
_PROBE_START = datetime(9599, 1, 1)

EXAMPLE = "e.g. FREQ=WEEKLY;BYDAY=MO or FREQ=MONTHLY;BYDAY=1FR"


class CadenceError(ValueError):
    """A cadence plansite refuses: the message, and a hint that says what to write."""

    def __init__(self, message: str, hint: str = EXAMPLE) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_cadence(text: str) -> str:
    """The canonical form of the RRULE ``text`` (parts upper-cased, in the order
    written, empty parts dropped), or ``CadenceError``."""
    rule = text.strip()
    if rule[:6].upper() == "RRULE:":
        rule = rule[6:]
    if "DTSTART" in rule.upper() or "\n" in rule or "\r" in rule:
        raise CadenceError("`cadence` must be a single RRULE without DTSTART")
    parts: dict[str, str] = {}
    for raw in rule.split(";"):
        if not raw.strip():
            continue
        name, equals, value = raw.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        _check_part(name, equals, value, raw, parts)
        parts[name] = value
    _check_whole(parts)
    canonical = ";".join(f"{name}={value}" for name, value in parts.items())
    _check_with_dateutil(canonical, text)
    return canonical


def _check_part(name: str, equals: str, value: str, raw: str, seen: dict[str, str]) -> None:
    """One ``NAME=VALUE`` part, before dateutil sees it."""
    if not equals or not value:
        raise CadenceError(f"`{raw.strip()}` in `cadence` is not NAME=VALUE")
    if name in _TIME_PARTS:
        raise CadenceError(
            f"`cadence` sets {name}: a publishing cadence names days, not times of day",
            "leave out BYHOUR, BYMINUTE and BYSECOND",
        )
    if name not in PARTS:
        raise CadenceError(f"`cadence` has an unknown part `{name}`")
    if name in seen:
        raise CadenceError(f"`cadence` sets {name} twice (`{seen[name]}` and `{value}`)")
    if name == "FREQ" and value not in FREQUENCIES:
        raise CadenceError(
            f"`cadence` repeats {value.lower()}; a publishing cadence is daily at most"
            if value in ("HOURLY", "MINUTELY", "SECONDLY")
            else f"`FREQ={value}` in `cadence` is not DAILY, WEEKLY, MONTHLY or YEARLY",
            "e.g. FREQ=DAILY or FREQ=WEEKLY;BYDAY=MO,TH",
        )
    limits = {"INTERVAL": MAX_INTERVAL, "COUNT": MAX_COUNT}
    if name in limits and not (_NUMBER.fullmatch(value) and 1 <= int(value) <= limits[name]):
        raise CadenceError(
            f"`{name}` in `cadence` must be a whole number from 1 to {limits[name]:,}"
        )


def _check_whole(parts: dict[str, str]) -> None:
    if "FREQ" not in parts:
        raise CadenceError("`cadence` has no FREQ")
    if "COUNT" in parts and "UNTIL" in parts:
        raise CadenceError("`cadence` sets both COUNT and UNTIL; keep one")


def _check_with_dateutil(canonical: str, written: str) -> None:
    """dateutil reads the canonical rule, and it falls on at least one day in 400 years
    (the check ignores COUNT and UNTIL, which only end the rule)."""
    probe = ";".join(p for p in canonical.split(";") if not p.startswith(("COUNT=", "UNTIL=")))
    try:
        rrulestr(canonical, dtstart=_PROBE_START, ignoretz=True)
        hit = rrulestr(probe, dtstart=_PROBE_START, ignoretz=True).after(_PROBE_START, inc=True)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise CadenceError(f"invalid RRULE `{written.strip()}`: {exc}") from None
    if hit is None:
        raise CadenceError(
            f"`cadence` `{written.strip()}` never falls on a day",
            "check BYMONTH, BYMONTHDAY and BYSETPOS",
        )
