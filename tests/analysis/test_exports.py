"""Exports (docs/exports.md): parsed back with csv, json and icalendar, and asserted on."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from generator.analysis import analyse
from generator.model import IgnoreRule, Project
from generator.paths import channel_feed_url, channel_url
from generator.site.exports import (
    CALENDAR_COLUMNS,
    GAP_COLUMNS,
    build_exports,
    to_csv,
)
from generator.site.ics import calendar_ics
from generator.text import one_line
from tests.analysis.factories import channel, item, persona, project, stage

STAGES = [stage("s1"), stage("s2")]
PERSONAS = [persona("p1"), persona("p2", stages=("s2",))]
CHANNELS = [channel("blog"), channel("sns")]


def sample(**config: Any) -> Project:
    items = [
        item("b/two", persona=("p1", "p2"), stage=("s1", "s2"), channel=("sns", "blog"),
             date="2026-12-10", tags=("x",), kpi={"cvr": 0.02},
             campaign="launch", format="case-study", review_by="2027-06-01"),
        item("a-one", title="日本語のタイトル", time="2026-12-06T15:30:00+00:00",
             status="published", owner=None, next=()),
        item("c-old", status="archived", date="2026-01-01"),
        item("d-idea", status="idea", date="2026-12-10"),
        item("e-undated"),
    ]
    config.setdefault("timezone", "Asia/Tokyo")
    return project(STAGES, PERSONAS, items, channels=CHANNELS, **config)


def exports(p: Project) -> dict[str, bytes]:
    return build_exports(p, analyse(p))


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM"
    text = data[3:].decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- the set of files ------------------------------------------------------------------


def test_every_export_is_built() -> None:
    assert sorted(exports(sample())) == [
        "exports/calendar-blog.ics", "exports/calendar-sns.ics", "exports/calendar.csv",
        "exports/calendar.ics", "exports/gaps.csv", "exports/gaps.json",
        "exports/items.json", "exports/kpi-groups.csv", "exports/kpi.csv",
        "exports/matrix.csv", "exports/results.csv"]


def test_output_is_byte_identical_and_independent_of_item_order() -> None:
    p = sample()
    shuffled = replace(p, items=tuple(reversed(p.items)))
    assert exports(p) == exports(p) == exports(shuffled)


# -- items.json ------------------------------------------------------------------------


def test_items_json_every_item_sorted_with_normalised_fields() -> None:
    data = exports(sample())["exports/items.json"]
    assert data.endswith(b"}\n]\n") and "日本語".encode() in data  # ensure_ascii=False
    records = json.loads(data)
    assert [r["id"] for r in records] == ["a-one", "b/two", "c-old", "d-idea", "e-undated"]
    assert data.decode() == json.dumps(records, ensure_ascii=False, indent=2,
                                       sort_keys=True) + "\n"
    by_id = {r["id"]: r for r in records}
    assert by_id["b/two"] == {
        "id": "b/two", "path": "content/b/two.md", "url": "items/b/two.html",
        "title": "B/Two", "persona": ["p1", "p2"], "stage": ["s1", "s2"],
        "channel": ["sns", "blog"], "format": "case-study", "status": "planned",
        "date": "2026-12-10", "owner": "ann", "next": ["x"], "review_by": "2027-06-01",
        "campaign": "launch", "tags": ["x"], "kpi": {"cvr": 0.02}, "source_url": None,
        "derived_from": [],
        "deadline": None, "effective_deadline": None,
    }
    one = by_id["a-one"]
    assert one["date"] == "2026-12-07T00:30:00+09:00"  # the date-time in Asia/Tokyo
    assert (one["owner"], one["next"], one["tags"], one["kpi"], one["format"]) == (
        None, [], [], {}, None)
    assert by_id["c-old"]["status"] == "archived"
    assert by_id["e-undated"]["date"] is None


# -- matrix.csv ------------------------------------------------------------------------


def test_matrix_csv_one_row_per_applicable_cell_in_defined_order() -> None:
    rows = read_csv(exports(sample())["exports/matrix.csv"])
    assert [(r["persona"], r["stage"]) for r in rows] == [("p1", "s1"), ("p1", "s2"),
                                                         ("p2", "s2")]
    assert rows[0] == {"persona": "p1", "stage": "s1", "planned": "3", "live": "1",
                       "ideas": "1", "target": "1"}
    assert rows[2] == {"persona": "p2", "stage": "s2", "planned": "1", "live": "0",
                       "ideas": "0", "target": "1"}


# -- CSV safety ------------------------------------------------------------------------


def test_to_csv_neutralises_formulas_but_not_our_numbers() -> None:
    rows = [{"a": "=1+1", "b": "+x", "c": "-x", "d": "@x", "e": "\tx", "f": "\rx",
             "g": -1, "h": 2.5, "i": None, "j": "a=b", "k": "-1"}]
    text = to_csv(rows, list("abcdefghijk"))
    assert text.startswith("a,b,c,d,e,f,g,h,i,j,k\r\n")
    (row,) = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert row == ["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx", "-1", "2.5", "", "a=b", "'-1"]


@pytest.mark.parametrize(
    "text", ["＝1+1", "＋x", "－x", "＠SUM(A1)", "﹦1", "﹢1", "﹣1", "﹫x", "−1"]
)
def test_csv_full_width_and_small_formula_starts_are_neutralised(text: str) -> None:
    """Excel in Japanese locales runs ＝SUM(...) as a formula; the check is on NFKC."""
    (row,) = list(csv.reader(io.StringIO(to_csv([{"a": text}], ["a"]), newline="")))[1:]
    assert row == ["'" + text]


@pytest.mark.parametrize("text", ["ａ＝1", "１＋１", "エ", "ﾃｽﾄ", ""])
def test_csv_other_full_width_text_is_kept(text: str) -> None:
    (row,) = list(csv.reader(io.StringIO(to_csv([{"a": text}], ["a"]), newline="")))[1:]
    assert row == [text]


def test_calendar_csv_cells_cannot_run_as_formulas() -> None:
    p = project(items=[item("=cmd", title='=HYPERLINK("http://evil")', date="2026-12-07",
                            persona="p1")])
    (row,) = read_csv(exports(p)["exports/calendar.csv"])
    assert row["item"] == "'=cmd" and row["title"].startswith("'=HYPERLINK")


# -- gaps.csv / gaps.json --------------------------------------------------------------


def test_gaps_csv_holds_active_gaps_and_gaps_json_all_with_ignored_flag() -> None:
    p = sample(ignore=[IgnoreRule("unowned", item="a-one"), IgnoreRule("not-live")])
    out = exports(p)
    rows = read_csv(out["exports/gaps.csv"])
    assert list(rows[0]) == list(GAP_COLUMNS)
    records = json.loads(out["exports/gaps.json"])
    assert all(set(r) == {*GAP_COLUMNS, "ignored"} for r in records)
    ignored = [r for r in records if r["ignored"]]
    assert [(r["code"], r["persona"]) for r in ignored] == [("not-live", "p1"),
                                                            ("not-live", "p2")]
    assert "not-live" not in {r["code"] for r in rows}
    assert len(rows) == len(records) - len(ignored)
    assert [(r["code"], r["stage"]) for r in rows] == [
        (r["code"], r["stage"] or "") for r in records if not r["ignored"]]


def test_gap_rows_leave_inapplicable_columns_empty() -> None:
    p = project(items=[item("x", owner=None, date="2026-11-30", persona="p1")])
    rows = read_csv(exports(p)["exports/gaps.csv"])
    unowned = next(r for r in rows if r["code"] == "unowned")
    assert unowned == {**unowned, "persona": "", "channel": "", "format": "", "item": "x",
                       "date": "2026-11-30", "stage": "s1", "severity": "low"}


# -- calendar.csv ----------------------------------------------------------------------


def test_calendar_csv_every_dated_unarchived_item_per_channel_sorted() -> None:
    rows = read_csv(exports(sample(weeks_ahead=0))["exports/calendar.csv"])
    assert list(rows[0]) == list(CALENDAR_COLUMNS)
    assert [(r["date"], r["item"], r["channel"]) for r in rows] == [
        ("2026-12-07", "a-one", "blog"),  # 15:30Z is the 7th in Tokyo
        ("2026-12-10", "b/two", "blog"), ("2026-12-10", "b/two", "sns"),
        ("2026-12-10", "d-idea", "blog")]
    assert rows[1]["persona"] == "p1;p2" and rows[1]["stage"] == "s1;s2"
    assert rows[3]["status"] == "idea"


# -- calendar.ics ----------------------------------------------------------------------


def events(data: bytes) -> list[Any]:
    """The VEVENTs, as icalendar parses them (typed Any: property values are a wide union)."""
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def uid(item_id: str) -> str:
    return hashlib.sha1(item_id.encode()).hexdigest() + "@plansite"


def test_calendar_ics_header_and_one_event_per_dated_unarchived_item() -> None:
    data = exports(sample())["exports/calendar.ics"]
    cal = icalendar.Calendar.from_ical(data)
    assert (str(cal["PRODID"]), str(cal["VERSION"]), str(cal["X-WR-CALNAME"])) == (
        "-//plansite//EN", "2.0", "Test plan")
    evs = events(data)
    assert [str(e["UID"]) for e in evs] == [uid("a-one"), uid("b/two"), uid("d-idea")]
    assert all(e["DTSTAMP"].dt == datetime(2026, 12, 2, tzinfo=ZoneInfo("UTC")) for e in evs)


def test_all_day_and_timed_events() -> None:
    data = exports(sample())["exports/calendar.ics"]
    timed, all_day, _ = events(data)
    assert timed["DTSTART"].dt == datetime(2026, 12, 7, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert b"DTSTART;TZID=Asia/Tokyo:20261207T003000" in data
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo" in data
    assert (all_day["DTSTART"].dt, all_day["DTEND"].dt) == (date(2026, 12, 10),
                                                            date(2026, 12, 11))
    assert b"DTSTART;VALUE=DATE:20261210" in data


def test_event_text_url_and_categories() -> None:
    _, ev, _ = events(exports(sample())["exports/calendar.ics"])
    assert str(ev["SUMMARY"]) == "B/Two"
    assert str(ev["URL"]) == "items/b/two.html"
    description = str(ev["DESCRIPTION"])
    assert "p1, p2" in description and "s1, s2" in description and "planned" in description
    assert [str(c) for c in ev["CATEGORIES"].cats] == ["blog", "sns"]


def test_event_url_is_absolute_with_site_url() -> None:
    data = exports(sample(site_url="https://plan.example.com/x/"))["exports/calendar.ics"]
    assert str(events(data)[0]["URL"]) == "https://plan.example.com/x/items/a-one.html"


NASTY = "a\nBEGIN:VALARM\nTRIGGER:-PT5M;x,y\\z"
LONG_JA = "顧客の声" * 50  # 200 characters, 600 bytes: must be folded


@pytest.mark.parametrize("title", [NASTY, LONG_JA])
def test_titles_round_trip_and_never_inject_properties(title: str) -> None:
    p = project(items=[item("x", title=title, date="2026-12-07")])
    data = exports(p)["exports/calendar.ics"]
    (ev,) = events(data)
    assert str(ev["SUMMARY"]) == one_line(title)  # a title is one line, wherever it goes
    assert [c.name for c in icalendar.Calendar.from_ical(data).walk()] == ["VCALENDAR", "VEVENT"]
    lines = data.split(b"\r\n")
    assert not any(line.startswith((b"BEGIN:VALARM", b"TRIGGER")) for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert sum(1 for line in unfold(data) if line.startswith("SUMMARY")) == 1


def unfold(data: bytes) -> list[str]:
    """RFC 5545 §3.1 by hand: CRLF followed by one space or tab continues a line."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    lines: list[str] = []
    for raw in text.split("\r\n")[:-1]:
        if raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def test_independent_ics_check_with_a_hand_written_parser() -> None:
    data = exports(sample())["exports/calendar.ics"]
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 3
    uids = [line.split(":", 1)[1] for line in lines if line.startswith("UID:")]
    assert uids == [uid("a-one"), uid("b/two"), uid("d-idea")]
    assert "PRODID:-//plansite//EN" in lines and "VERSION:2.0" in lines
    assert "SUMMARY:日本語のタイトル" in lines


# -- per-channel feeds -----------------------------------------------------------------


def test_channel_feed_holds_the_items_on_that_channel() -> None:
    out = exports(sample())
    assert [str(e["UID"]) for e in events(out["exports/calendar-sns.ics"])] == [uid("b/two")]
    name = icalendar.Calendar.from_ical(out["exports/calendar-sns.ics"])["X-WR-CALNAME"]
    assert str(name) == "Test plan — Sns"


@pytest.mark.parametrize(
    ("channel_id", "feed"),
    [("blog", "blog"), ("ブログ", "ブログ"), ("a/b", "a-b"), ("../x", "x"),
     ("news letter", "news-letter"), ("x_y-2", "x_y-2")],
)
def test_a_channel_feed_is_named_like_the_channel_page(channel_id: str, feed: str) -> None:
    assert channel_feed_url(channel_id) == f"exports/calendar-{feed}.ics"
    assert channel_url(channel_id) == f"channels/{feed}.html"


def test_channel_feed_with_unsafe_id_gets_a_safe_file() -> None:
    p = project(items=[item("x", channel="../etc", date="2026-12-07")])
    assert "exports/calendar-etc.ics" in exports(p)


def test_calendar_ics_of_no_entries_is_an_empty_valid_calendar() -> None:
    cal = icalendar.Calendar.from_ical(calendar_ics(project(), []))
    assert list(cal.walk("VEVENT")) == [] and str(cal["VERSION"]) == "2.0"


def test_utc_project_writes_utc_times() -> None:
    p = project(items=[item("x", time="2026-12-06T23:30:00+09:00")])
    data = exports(p)["exports/calendar.ics"]
    assert b"DTSTART:20261206T143000Z" in data


def test_times_at_the_ends_of_the_calendar_are_written() -> None:
    """Year 1 keeps four digits; an hour after 9999-12-31 23:30 is no date, so that event
    says how long it lasts instead of when it ends."""
    p = project(
        timezone="Europe/Berlin",
        items=[item("first", time="0001-01-01T12:00:00+01:00"),
               item("last", time="9999-12-31T23:30:00+01:00")],
    )
    lines = unfold(exports(p)["exports/calendar.ics"])
    assert "DTSTART;TZID=Europe/Berlin:00010101T" in "\n".join(lines)
    assert "DTSTART;TZID=Europe/Berlin:99991231T233000" in lines
    assert lines[lines.index("DTSTART;TZID=Europe/Berlin:99991231T233000") + 1] == "DURATION:PT1H"
