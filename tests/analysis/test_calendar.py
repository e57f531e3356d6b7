"""Publishing calendar: window, cadence slots, caps, collisions, time zones, holidays."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from generator.analysis.calendar import build_calendar, calendar_window, item_day
from tests.analysis.factories import channel, item, persona, project, stage


def cal(items: Any = (), **kw: Any) -> Any:
    kw.setdefault("channels", [channel("blog", cadence="FREQ=WEEKLY;BYDAY=WE"),
                               channel("mail", max_per_week=1), channel("sns")])
    return build_calendar(project([stage("s1")], [persona("p1"), persona("p2")], list(items),
                                  **kw))


# -- window ----------------------------------------------------------------------------


def test_window_is_weeks_around_today_both_ends_included() -> None:
    w = calendar_window(project(today="2026-12-02", weeks_back=1, weeks_ahead=2))
    assert (w.start, w.end) == (date(2026, 11, 25), date(2026, 12, 16))
    assert w.start in w and w.end in w
    assert date(2026, 11, 24) not in w and date(2026, 12, 17) not in w


def test_month_grids_cover_whole_months_the_window_touches() -> None:
    w = calendar_window(project(today="2026-12-30", weeks_back=1, weeks_ahead=1))
    assert w.months == ((2026, 12), (2027, 1))
    assert (w.grid_start, w.grid_end) == (date(2026, 12, 1), date(2027, 1, 31))


def test_cadence_slots_on_first_and_last_day_included_one_day_outside_excluded() -> None:
    # today Wed 2026-12-02; window Wed 11-25 .. Wed 12-09
    c = cal(weeks_back=1, weeks_ahead=1)
    assert [s.date for s in c.slots] == [date(2026, 11, 25), date(2026, 12, 2), date(2026, 12, 9)]
    # one day narrower on each side: the first and last Wednesday fall outside
    c = cal(today="2026-12-01", weeks_back=1, weeks_ahead=1,
            channels=[channel("blog", cadence="FREQ=WEEKLY;BYDAY=WE,TU")])
    assert [s.date for s in c.slots] == [
        date(2026, 11, 24), date(2026, 11, 25), date(2026, 12, 1), date(2026, 12, 2),
        date(2026, 12, 8)]  # window 11-24 .. 12-08: 12-09 is one day outside


def test_daily_cadence_fills_the_window_exactly() -> None:
    c = cal(weeks_back=1, weeks_ahead=1, channels=[channel("sns", cadence="FREQ=DAILY")])
    days = [s.date for s in c.slots]
    assert (days[0], days[-1], len(days)) == (date(2026, 11, 25), date(2026, 12, 9), 15)
    assert date(2026, 11, 24) not in days and date(2026, 12, 10) not in days


def test_monthly_cadence_first_friday() -> None:
    c = cal(weeks_back=0, weeks_ahead=8,
            channels=[channel("news", cadence="FREQ=MONTHLY;BYDAY=1FR")])
    assert [s.date for s in c.slots] == [date(2026, 12, 4), date(2027, 1, 1)]


def test_slot_filled_only_by_a_planned_item_on_that_channel_that_day() -> None:
    c = cal([item("x", channel="blog", date="2026-12-02"),
             item("i", channel="blog", date="2026-12-09", status="idea"),
             item("s", channel="sns", date="2026-11-25")], weeks_back=1, weeks_ahead=1)
    assert [(s.date.day, s.items, s.filled) for s in c.slots] == [
        (25, (), False), (2, ("x",), True), (9, (), False)]
    assert [s.date.day for s in c.empty_slots] == [25, 9]


# -- entries, overdue, undated ---------------------------------------------------------


def test_entries_one_per_channel_whatever_the_window_archived_left_out() -> None:
    c = cal([item("b", channel=("sns", "blog"), date="2030-01-01"),
             item("a", date="2026-12-03", status="idea"),
             item("z", date="2026-12-03", status="archived"),
             item("u")])
    assert [(e.date.isoformat(), e.item, e.channel) for e in c.entries] == [
        ("2026-12-03", "a", "blog"), ("2030-01-01", "b", "blog"), ("2030-01-01", "b", "sns")]
    assert c.undated == ("u",)


def test_overdue_items_by_date() -> None:
    c = cal([item("b", date="2026-11-30"), item("a", date="2026-12-01", status="draft"),
             item("p", date="2026-11-01", status="published"), item("t", date="2026-12-02")])
    assert c.overdue == ("b", "a")


# -- time zones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        ("2026-12-06T23:30:00+09:00", "Asia/Tokyo", date(2026, 12, 6)),
        ("2026-12-06T15:30:00+00:00", "Asia/Tokyo", date(2026, 12, 7)),  # 00:30 in Tokyo
        ("2026-12-06T23:30:00+09:00", "UTC", date(2026, 12, 6)),  # 14:30Z
        ("2026-12-06T15:30:00+00:00", "UTC", date(2026, 12, 6)),
    ],
)
def test_a_date_time_belongs_to_its_day_in_the_project_zone(moment: str, zone: str,
                                                             expected: date) -> None:
    x = item("x", time=moment)
    assert item_day(x, ZoneInfo(zone)) == expected
    c = cal([x], timezone=zone)
    (entry,) = c.entries
    assert entry.date == expected
    assert entry.time is not None and entry.time.tzinfo == ZoneInfo(zone)


def test_midnight_in_tokyo_fills_the_slot_of_its_local_day() -> None:
    blog = [channel("blog", cadence="FREQ=WEEKLY;BYDAY=MO")]
    c = cal([item("x", time="2026-12-06T15:30:00Z")], channels=blog, timezone="Asia/Tokyo",
            weeks_back=0, weeks_ahead=1)
    assert [(s.date, s.items) for s in c.slots] == [(date(2026, 12, 7), ("x",))]


def test_item_day_of_a_naive_time_is_read_in_the_project_zone() -> None:
    x = item("x", time="2026-12-06T23:30:00")
    assert item_day(x, ZoneInfo("Asia/Tokyo")) == date(2026, 12, 6)


# -- caps and collisions ---------------------------------------------------------------


def test_cap_breach_per_persona_channel_iso_week() -> None:
    c = cal([item("b", channel="mail", date="2026-12-28"),
             item("a", channel="mail", date="2027-01-03"),  # Sunday: still ISO 2026-W53
             item("c", channel="mail", date="2027-01-04")])  # Monday: 2027-W01
    (breach,) = c.breaches
    assert (breach.persona, breach.channel, breach.year, breach.week, breach.monday) == (
        "p1", "mail", 2026, 53, date(2026, 12, 28))
    assert (breach.count, breach.cap, breach.items) == (2, 1, ("a", "b"))
    assert dict(breach.message.values)["week"] == "2026-W53"


def test_no_cap_breach_for_ideas_or_other_personas() -> None:
    c = cal([item("a", channel="mail", date="2026-12-07"),
             item("b", channel="mail", date="2026-12-08", persona="p2"),
             item("i", channel="mail", date="2026-12-09", status="idea")])
    assert c.breaches == ()


def test_same_day_collision_for_one_persona_on_any_channels() -> None:
    c = cal([item("a", channel="blog", date="2026-12-07"),
             item("b", channel="sns", persona=("p1", "p2"), date="2026-12-07"),
             item("i", channel="sns", persona="p2", date="2026-12-07", status="idea"),
             item("c", channel="sns", date="2026-12-08"),
             item("t", channel="sns", persona="p2", time="2026-12-07T23:30:00+00:00")])
    assert [(x.persona, x.date, x.items) for x in c.collisions] == [
        ("p1", date(2026, 12, 7), ("a", "b")), ("p2", date(2026, 12, 7), ("b", "t"))]


def test_no_collision_for_the_same_item_on_two_channels() -> None:
    assert cal([item("a", channel=("blog", "sns"), date="2026-12-07")]).collisions == ()


# -- holidays --------------------------------------------------------------------------


def test_japanese_holidays_named_in_japanese_within_the_grid() -> None:
    c = cal([item("x", date="2027-01-01"), item("i", date="2027-01-11", status="idea")],
            holidays="JP", language="ja", weeks_back=1, weeks_ahead=5)
    assert c.window.grid_end == date(2027, 1, 31)
    names = dict(c.holidays)
    assert names[date(2027, 1, 1)] == "元日"
    assert date(2026, 11, 23) in names  # grid starts 2026-11-01
    assert all(date(2026, 11, 1) <= d <= date(2027, 1, 31) for d in names)
    assert [(f.item, f.holiday) for f in c.holiday_flags] == [("x", "元日")]  # not the idea
    assert c.entries[0].holiday == "元日"


def test_holidays_in_english_for_an_english_site() -> None:
    c = cal(holidays="JP", weeks_back=0, weeks_ahead=5)
    assert dict(c.holidays)[date(2027, 1, 1)] == "New Year's Day"


def test_no_holidays_without_a_country() -> None:
    assert cal([item("x", date="2027-01-01")]).holidays == ()


def test_calendar_never_reads_the_clock() -> None:
    far = cal(today="1999-06-01", weeks_back=0, weeks_ahead=0,
              channels=[channel("blog", cadence="FREQ=DAILY")])
    assert [s.date for s in far.slots] == [date(1999, 6, 1)]
    assert datetime(1999, 6, 1).date() == far.window.start
