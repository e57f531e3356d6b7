"""People and deadlines on models built in memory: the effective-deadline rule, the week
a piece counts in, capacity, and which drafts are missed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generator.analysis import analyse
from generator.analysis.calendar import calendar_window
from generator.analysis.people import WeekLoad, analyse_people, is_missed, work_day
from generator.load.fields import FieldReader
from generator.load.frontmatter import Parsed
from generator.load.people import parse_owner, read_formats
from generator.load.sources import SourceFile
from generator.load.yamlsafe import YamlDoc
from generator.model import Format, Owner, Project, effective_deadline
from tests.analysis.factories import item, project

BLOG = Format("blog-post", "Blog post", effort_days=7)
FREE = Format("sns-post", "Social post")  # no effort_days: no default deadline


def plan(items: Any = (), owners: Any = (), **kw: Any) -> Project:
    kw.setdefault("formats", (BLOG, FREE))
    return replace(project(items=list(items), **kw), owners=tuple(owners))


# -- the effective deadline -------------------------------------------------------------


def test_explicit_deadline_wins_over_the_format_default() -> None:
    assert effective_deadline(date(2026, 12, 1), date(2026, 12, 20), BLOG) == date(2026, 12, 1)


def test_default_is_date_minus_effort_days() -> None:
    assert effective_deadline(None, date(2026, 12, 20), BLOG) == date(2026, 12, 13)
    assert effective_deadline(None, date(2026, 12, 20), replace(BLOG, effort_days=0)) == date(
        2026, 12, 20
    )


def test_no_deadline_without_both_date_and_effort() -> None:
    assert effective_deadline(None, None, BLOG) is None
    assert effective_deadline(None, date(2026, 12, 20), FREE) is None
    assert effective_deadline(None, date(2026, 12, 20), None) is None


def test_project_deadlines_use_the_items_format_and_calendar_day() -> None:
    p = plan(
        [
            item("a", format="blog-post", date="2026-12-20"),
            item("b", format="unknown", date="2026-12-20"),
            item("c", deadline=date(2026, 12, 3)),
            # a date-time late on the 20th in UTC is the 21st in Tokyo: 21 − 7 = 14
            item("d", format="blog-post", time="2026-12-20T20:00:00+00:00"),
        ],
        timezone="Asia/Tokyo",
    )
    assert p.deadlines == {
        "a": date(2026, 12, 13),
        "c": date(2026, 12, 3),
        "d": date(2026, 12, 14),
    }


@given(
    st.dates(date(2000, 1, 1), date(2090, 1, 1)),
    st.integers(0, 3650),
    st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2090, 1, 1))),
)
def test_effective_deadline_properties(day: date, effort: int, written: date | None) -> None:
    due = effective_deadline(written, day, Format("f", "F", effort))
    assert due == (written if written is not None else day - timedelta(days=effort))
    assert effective_deadline(written, None, None) == written


# -- weeks and capacity -----------------------------------------------------------------


def test_a_piece_counts_in_the_week_of_its_deadline_else_its_date() -> None:
    p = plan([item("a", format="blog-post", date="2026-12-20"), item("b", date="2026-12-20")])
    assert work_day(p, p.item_by_id["a"]) == date(2026, 12, 13)
    assert work_day(p, p.item_by_id["b"]) == date(2026, 12, 20)
    assert work_day(p, replace(p.item_by_id["b"], date=None)) is None


def test_weeks_are_iso_weeks_from_monday() -> None:
    ann = Owner("ann", "Ann", "owners/ann.md", capacity=5)
    items = [
        item("sun", date="2026-12-13"),  # a Sunday: the week of Monday 12-07
        item("mon", date="2026-12-14"),  # the next week
        item("idea", status="idea", date="2026-12-14"),  # not in flight
        item("gone", status="published", date="2026-12-14"),  # not in flight
        item("undated"),  # counts nowhere
    ]
    p = plan(items, [ann])
    loads = analyse_people(p, calendar_window(p)).load("ann")
    assert [(w.monday, w.items) for w in loads] == [
        (date(2026, 12, 7), ("sun",)),
        (date(2026, 12, 14), ("mon",)),
    ]


def test_exactly_at_capacity_is_full_not_over() -> None:
    assert not WeekLoad(date(2026, 12, 7), ("a", "b"), 2).over
    assert WeekLoad(date(2026, 12, 7), ("a", "b", "c"), 2).over
    assert not WeekLoad(date(2026, 12, 7), ("a", "b", "c"), None).over
    levels = [WeekLoad(date(2026, 12, 7), ("x",) * n, 4).level for n in range(6)]
    assert levels == [0, 1, 2, 2, 2, 3]


def test_over_capacity_gap_per_owner_and_week() -> None:
    ann = Owner("ann", "Ann", "owners/ann.md", capacity=1)
    bob = Owner("bob", "Bob", "owners/bob.md", capacity=2)
    items = [
        item("a1", owner="ann", date="2026-12-08"),
        item("a2", owner="ann", deadline=date(2026, 12, 9), date="2026-12-30"),
        item("b1", owner="bob", date="2026-12-08"),
        item("b2", owner="bob", date="2026-12-09"),
    ]
    gaps = [g for g in analyse(plan(items, [ann, bob])).gaps.gaps if g.code == "over-capacity"]
    assert [(g.owner, g.date, g.severity, g.stage) for g in gaps] == [
        ("ann", date(2026, 12, 7), "medium", None)
    ]


# -- missed deadlines --------------------------------------------------------------------


def test_missed_only_while_drafting_and_strictly_before_today() -> None:
    today = date(2026, 12, 2)
    p = plan(
        [
            item("idea", status="idea", deadline=today - timedelta(days=1)),
            item("planned", status="planned", deadline=today - timedelta(days=1)),
            item("draft", status="draft", deadline=today - timedelta(days=1)),
            item("today", status="draft", deadline=today),
            item("review", status="review", deadline=today - timedelta(days=1)),
            item("scheduled", status="scheduled", deadline=today - timedelta(days=1)),
            item("published", status="published", deadline=today - timedelta(days=1)),
            item("archived", status="archived", deadline=today - timedelta(days=1)),
            item("none", status="draft"),
        ],
        today=today,
    )
    assert sorted(i.id for i in p.items if is_missed(p, i)) == ["draft", "idea", "planned"]
    gaps = analyse(p).gaps.gaps
    assert sorted(g.item or "" for g in gaps if g.code == "missed-deadline") == [
        "draft",
        "idea",
        "planned",
    ]
    # the idea has no other gap
    assert [g.code for g in gaps if g.item == "idea"] == ["missed-deadline"]


def test_missed_deadline_names_the_owner_when_there_is_one() -> None:
    p = plan(
        [
            item("mine", status="draft", deadline=date(2026, 11, 30), owner="ann"),
            item("nobody", status="draft", deadline=date(2026, 11, 30), owner=None),
        ]
    )
    gaps = {g.item: g for g in analyse(p).gaps.gaps if g.code == "missed-deadline"}
    assert (gaps["mine"].owner, gaps["nobody"].owner) == ("ann", None)
    assert gaps["mine"].date == date(2026, 11, 30)


def test_drafts_due_within_fourteen_days_and_missed_ones() -> None:
    today = date(2026, 12, 2)
    p = plan(
        [
            item("soon", status="draft", deadline=today + timedelta(days=14)),
            item("later", status="draft", deadline=today + timedelta(days=15)),
            item("now", status="planned", deadline=today),
            item("late", status="idea", deadline=today - timedelta(days=3)),
            item("done", status="review", deadline=today + timedelta(days=1)),
        ],
        today=today,
    )
    people = analyse_people(p, calendar_window(p))
    assert (people.due, people.missed) == (("now", "soon"), ("late",))


# -- reading owners and formats ------------------------------------------------------------

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 5000),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(capacity=_VALUES, name=_VALUES, effort=_VALUES)
def test_owner_and_format_readers_accept_anything_and_bound_numbers(
    capacity: object, name: object, effort: object
) -> None:
    diagnostics: list[Any] = []
    doc = YamlDoc(data={"name": name, "capacity": capacity})
    owner = parse_owner(Parsed(SourceFile("x", "owners/ann.md"), doc, diagnostics=diagnostics))
    assert owner is not None and owner.id == "ann"
    fine = type(capacity) is int and 1 <= capacity <= 1000
    assert owner.capacity == (capacity if fine else None)
    assert bool([d for d in diagnostics if "capacity" in d.message]) == (
        capacity is not None and not fine
    )
    config = YamlDoc(data={"formats": {"f": {"effort_days": effort}, "g": None}})
    formats = read_formats(FieldReader(config, "plansite.yaml", diagnostics), "formats")
    assert formats is not None and [f.id for f in formats] == ["f", "g"]
    ok = type(effort) is int and 0 <= effort <= 3650
    assert formats[0].effort_days == (effort if ok else None)
