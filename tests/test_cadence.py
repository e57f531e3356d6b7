"""The cadence parser: one decision about every RRULE, and dateutil only sees what it
accepted, so no rule can loop, hang or expand into times of day."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis import analyse
from generator.analysis.calendar import MAX_SLOTS, Window, cadence_dates
from generator.build import load_project
from generator.load.cadence import CadenceError, parse_cadence
from tests.conftest import MakeProject

WINDOW = Window(date(2026, 1, 1), date(2035, 12, 31))


@pytest.mark.parametrize(
    ("rule", "canonical"),
    [
        ("FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"),
        ("RRULE:freq=monthly;byday=1FR;", "FREQ=MONTHLY;BYDAY=1FR"),
        (" FREQ=DAILY ; INTERVAL=2 ", "FREQ=DAILY;INTERVAL=2"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("FREQ=WEEKLY;UNTIL=20270101T000000Z", "FREQ=WEEKLY;UNTIL=20270101T000000Z"),
    ],
)
def test_accepted_rules_in_canonical_form(rule: str, canonical: str) -> None:
    assert parse_cadence(rule) == canonical


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("FREQ=WEEKLY;FREQ=SECONDLY", "FREQ twice"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=1e9", "INTERVAL"),
        ("FREQ=DAILY;COUNT=999999999999", "COUNT"),
        ("FREQ=DAILY;BYHOUR=0,1,2,3", "times of day"),
        ("FREQ=DAILY;BYMINUTE=0,30", "times of day"),
        ("FREQ=WEEKLY;BYSECOND=1", "times of day"),
        ("FREQ=HOURLY", "daily at most"),
        ("FREQ=FORTNIGHTLY", "not DAILY"),
        ("BYDAY=MO", "no FREQ"),
        ("FREQ=DAILY;BYEASTER=0", "unknown part"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101", "both COUNT and UNTIL"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never falls"),
        ("FREQ=DAILY;BYSETPOS=5;BYDAY=MO", "never falls"),
        ("FREQ=WEEKLY;BYDAY=XX", "invalid RRULE"),
        ("FREQ=WEEKLY\nDTSTART:20260101", "DTSTART"),
        ("FREQ", "NAME=VALUE"),
    ],
)
def test_refused_rules_say_why(rule: str, says: str) -> None:
    with pytest.raises(CadenceError) as raised:
        parse_cadence(rule)
    assert says in raised.value.message


parts = st.sampled_from(
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "FREQ=SECONDLY",
        "INTERVAL=0",
        "INTERVAL=3",
        "COUNT=5",
        "UNTIL=20300101",
        "BYDAY=MO,FR",
        "BYDAY=-1SU",
        "BYMONTHDAY=31",
        "BYMONTHDAY=-1",
        "BYMONTH=2",
        "BYSETPOS=-1",
        "BYSETPOS=9",
        "BYWEEKNO=53",
        "BYYEARDAY=366",
        "BYHOUR=1",
        "WKST=SU",
        "",
        "X",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(parts, max_size=6), st.booleans())
def test_any_rule_is_refused_or_expands_quickly_to_at_most_a_day_each(
    chosen: list[str], lower: bool
) -> None:
    """Whatever parts a rule is made of: a CadenceError, or days in ten years found
    within a second, one per day at most, inside the window."""
    text = ";".join(chosen)
    text = text.lower() if lower else text
    try:
        rule = parse_cadence(text)
    except CadenceError:
        return
    started = time.perf_counter()
    days = cadence_dates(rule, WINDOW)
    assert time.perf_counter() - started < 2.0, rule
    assert len(days) == len(set(days)) <= (WINDOW.end - WINDOW.start).days + 1
    assert all(day in WINDOW for day in days)


def test_slots_are_capped(make_project: MakeProject) -> None:
    """Sixty daily channels over the widest window: the calendar keeps MAX_SLOTS."""
    channels = "".join(f"  c{n}: {{cadence: FREQ=DAILY}}\n" for n in range(60))
    root = make_project(
        {
            "plansite.yaml": "calendar: {weeks_ahead: 520, weeks_back: 520}\n"
            "channels:\n  blog: {}\n  sales: {}\n" + channels
        }
    )
    loaded = load_project(root, today=date(2026, 12, 7))
    assert loaded.project is not None
    slots = analyse(loaded.project).calendar.slots
    assert len(slots) == MAX_SLOTS
    assert slots[0].date == date(2026, 12, 7) - timedelta(weeks=520)  # the earliest are kept
