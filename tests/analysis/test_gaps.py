"""Gap report: each of the 12 gap kinds where it appears and where it must not (docs/gaps.md)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

import pytest

from generator.analysis import analyse
from generator.model import GAP_CODES, Gap, IgnoreRule, Project
from generator.site.wording import say
from tests.analysis.factories import TODAY, channel, item, persona, project, stage


def gaps(p: Project, code: str | None = None) -> list[Gap]:
    return [g for g in analyse(p).gaps.gaps if code is None or g.code == code]


def one_cell(*items: Any, min_items: int = 1, **stage_fields: Any) -> Project:
    """One stage s1 (the last), one persona p1, the items given."""
    return project([stage("s1", **stage_fields)], [persona("p1")], list(items), min_items=min_items)


# -- empty-cell ------------------------------------------------------------------------


def test_empty_cell_when_an_applicable_cell_has_no_planned_item() -> None:
    (gap,) = gaps(one_cell(), "empty-cell")
    assert (gap.stage, gap.persona, gap.channel, gap.item) == ("s1", "p1", None, None)


def test_empty_cell_ideas_and_archived_items_do_not_fill_a_cell() -> None:
    p = one_cell(item("i", status="idea"), item("a", status="archived"))
    assert len(gaps(p, "empty-cell")) == 1


def test_no_empty_cell_where_the_persona_does_not_apply_or_an_item_is_planned() -> None:
    p = project(
        [stage("s1"), stage("s2")], [persona("p1", stages=("s1",))], [item("x", stage="s1")]
    )
    assert gaps(p, "empty-cell") == []


# -- under-target ----------------------------------------------------------------------


def test_under_target_when_fewer_planned_than_target() -> None:
    (gap,) = gaps(one_cell(item("x"), min_items=2), "under-target")
    assert (gap.stage, gap.persona) == ("s1", "p1")


def test_no_under_target_at_target_or_when_empty() -> None:
    assert gaps(one_cell(item("x"), item("y"), min_items=2), "under-target") == []
    assert gaps(one_cell(min_items=2), "under-target") == []  # that is an empty-cell


def test_under_target_uses_stage_min_items() -> None:
    p = project([stage("s1", min_items=3)], [persona("p1")], [item("x")], min_items=1)
    assert len(gaps(p, "under-target")) == 1


# -- not-live --------------------------------------------------------------------------


def test_not_live_when_planned_but_nothing_published() -> None:
    (gap,) = gaps(one_cell(item("x", status="draft")), "not-live")
    assert (gap.stage, gap.persona) == ("s1", "p1")


def test_no_not_live_with_a_published_item_or_an_empty_cell() -> None:
    assert gaps(one_cell(item("x", status="published")), "not-live") == []
    assert gaps(one_cell(item("i", status="idea")), "not-live") == []


# -- missing-format / missing-channel --------------------------------------------------


def test_missing_format_when_no_planned_item_of_the_stage_uses_it() -> None:
    p = one_cell(
        item("x", format="blog-post"),
        item("i", status="idea", format="case-study"),
        formats=("case-study", "blog-post"),
    )
    (gap,) = gaps(p, "missing-format")
    assert (gap.stage, gap.format, gap.persona, gap.channel) == ("s1", "case-study", None, None)


def test_no_missing_format_when_a_planned_item_uses_it() -> None:
    p = one_cell(item("x", format="case-study", status="published"), formats=("case-study",))
    assert gaps(p, "missing-format") == []


def test_missing_format_looks_at_items_of_that_stage_only() -> None:
    p = project(
        [stage("s1", formats=("faq",)), stage("s2")],
        [persona("p1")],
        [item("x", stage="s2", format="faq")],
    )
    assert [g.stage for g in gaps(p, "missing-format")] == ["s1"]


def test_missing_channel_when_no_planned_item_of_the_stage_is_on_it() -> None:
    p = one_cell(
        item("x", channel="blog"), item("i", status="idea", channel="sns"), channels=("sns", "blog")
    )
    (gap,) = gaps(p, "missing-channel")
    assert (gap.stage, gap.channel, gap.format) == ("s1", "sns", None)


def test_no_missing_channel_when_a_planned_item_is_on_it() -> None:
    p = one_cell(item("x", channel=("blog", "sns")), channels=("sns",))
    assert gaps(p, "missing-channel") == []


# -- no-human-touch --------------------------------------------------------------------

HUMAN = [channel("blog"), channel("sales", human=True)]


def test_no_human_touch_at_a_bottom_stage_without_a_human_channel() -> None:
    p = project(
        [stage("s1", funnel="bottom")],
        [persona("p1")],
        [item("x", channel="blog"), item("i", channel="sales", status="idea")],
        channels=HUMAN,
    )
    (gap,) = gaps(p, "no-human-touch")
    assert (gap.stage, gap.persona, gap.channel, gap.severity) == ("s1", None, None, "high")


def test_no_human_touch_absent_with_a_human_channel_or_above_the_bottom() -> None:
    bottom = project(
        [stage("s1", funnel="bottom")],
        [persona("p1")],
        [item("x", channel="sales")],
        channels=HUMAN,
    )
    top = project([stage("s1", funnel="top")], [persona("p1")], [item("x")], channels=HUMAN)
    assert gaps(bottom, "no-human-touch") == gaps(top, "no-human-touch") == []


# -- dead-end --------------------------------------------------------------------------

THREE = [stage("s1"), stage("s2"), stage("s3")]


def test_dead_end_for_a_planned_item_before_the_last_stage_without_next() -> None:
    p = project(THREE, [persona("p1")], [item("x", stage=("s2", "s1"), next=(), date="2026-12-10")])
    (gap,) = gaps(p, "dead-end")
    assert (gap.item, gap.stage, gap.date, gap.persona) == ("x", "s1", date(2026, 12, 10), None)


def test_no_dead_end_at_the_last_stage_with_next_or_for_ideas() -> None:
    p = project(
        THREE,
        [persona("p1")],
        [
            item("last", stage="s3", next=()),
            item("both", stage=("s1", "s3"), next=()),
            item("linked", stage="s1", next=("last",)),
            item("idea", stage="s1", next=(), status="idea"),
            item("gone", stage="s1", next=(), status="archived"),
        ],
    )
    assert gaps(p, "dead-end") == []


# -- stale -----------------------------------------------------------------------------


def test_stale_when_published_and_past_review_by() -> None:
    p = one_cell(item("x", status="published", date="2026-11-01", review_by="2026-12-01"))
    (gap,) = gaps(p, "stale")
    assert (gap.item, gap.date, gap.stage) == ("x", date(2026, 11, 1), "s1")


def test_stale_without_review_by_when_older_than_stale_after_days() -> None:
    p = project(
        [stage("s1")],
        [persona("p1")],
        [item("x", status="published", date="2026-11-01")],
        stale_after_days=30,
    )
    assert [g.item for g in gaps(p, "stale")] == ["x"]  # 31 days > 30


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "published", "review_by": "2026-12-02", "date": "2020-01-01"},  # today
        {"status": "published", "date": "2026-11-02"},  # exactly 30 days: not more
        {"status": "draft", "date": "2020-01-01"},  # not published
        {"status": "published"},  # undated, no review_by
        {"status": "archived", "date": "2020-01-01"},
    ],
)
def test_not_stale(fields: dict[str, Any]) -> None:
    p = project([stage("s1")], [persona("p1")], [item("x", **fields)], stale_after_days=30)
    assert gaps(p, "stale") == []


# -- overdue ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["planned", "draft", "review", "scheduled"])
def test_overdue_when_dated_before_today_and_in_progress(status: str) -> None:
    (gap,) = gaps(one_cell(item("x", status=status, date="2026-12-01")), "overdue")
    assert (gap.item, gap.date, gap.stage) == ("x", date(2026, 12, 1), "s1")


@pytest.mark.parametrize(
    ("status", "day"),
    [
        ("draft", "2026-12-02"),
        ("published", "2026-11-01"),
        ("idea", "2026-11-01"),
        ("archived", "2026-11-01"),
        ("draft", None),
    ],
)
def test_not_overdue(status: str, day: str | None) -> None:
    assert gaps(one_cell(item("x", status=status, date=day)), "overdue") == []


# -- unowned ---------------------------------------------------------------------------


@pytest.mark.parametrize("owner", [None, "", "  "])
def test_unowned_in_progress_item(owner: str | None) -> None:
    (gap,) = gaps(one_cell(item("x", owner=owner)), "unowned")
    assert (gap.item, gap.stage) == ("x", "s1")


@pytest.mark.parametrize("status", ["published", "idea", "archived"])
def test_not_unowned_outside_in_progress_statuses(status: str) -> None:
    assert gaps(one_cell(item("x", owner=None, status=status)), "unowned") == []


# -- cadence-miss ----------------------------------------------------------------------

WEDNESDAYS = [channel("blog", cadence="FREQ=WEEKLY;BYDAY=WE"), channel("sns")]


def cadence_project(*items: Any) -> Project:
    # window: 2026-11-25 .. 2026-12-09, Wednesdays 11-25, 12-02, 12-09
    return project(
        [stage("s1")],
        [persona("p1")],
        list(items),
        channels=WEDNESDAYS,
        weeks_back=1,
        weeks_ahead=1,
    )


def test_cadence_miss_for_each_empty_slot_in_the_window() -> None:
    p = cadence_project(
        item("x", date="2026-12-02"),
        item("i", date="2026-12-09", status="idea"),
        item("s", date="2026-11-25", channel="sns"),
    )
    found = gaps(p, "cadence-miss")
    assert [(g.channel, g.date, g.stage, g.persona) for g in found] == [
        ("blog", date(2026, 12, 9), None, None),
        ("blog", date(2026, 11, 25), None, None),
    ]
    assert [g.severity for g in found] == ["medium", "low"]  # imminent first


def test_no_cadence_miss_when_every_slot_has_a_planned_item() -> None:
    p = cadence_project(
        *(item(d, date=d, status="published") for d in ("2026-11-25", "2026-12-02", "2026-12-09"))
    )
    assert gaps(p, "cadence-miss") == []


# -- over-frequency --------------------------------------------------------------------

CAPPED = [channel("mail", max_per_week=2)]


def capped(*days: str, personas: tuple[str, ...] = ("p1",), **fields: Any) -> Project:
    items = [
        item(f"m{n}", persona=personas[n % len(personas)], channel="mail", date=d, **fields)
        for n, d in enumerate(days)
    ]
    return project([stage("s1")], [persona("p1"), persona("p2")], items, channels=CAPPED)


def test_over_frequency_in_iso_week_53_across_the_year_boundary() -> None:
    (gap,) = gaps(capped("2026-12-28", "2026-12-31", "2027-01-03"), "over-frequency")
    assert (gap.persona, gap.channel, gap.date, gap.stage) == (
        "p1",
        "mail",
        date(2026, 12, 28),
        None,
    )


def test_over_frequency_counts_every_dated_planned_item_not_only_the_window() -> None:
    assert len(gaps(capped("2030-01-07", "2030-01-08", "2030-01-09"), "over-frequency")) == 1


@pytest.mark.parametrize(
    ("days", "kwargs"),
    [
        (("2026-12-28", "2027-01-03", "2027-01-04"), {}),  # Sunday ends W53, Monday starts W01
        (("2026-12-07", "2026-12-08"), {}),  # at the cap
        (
            ("2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10"),
            {"personas": ("p1", "p2")},
        ),  # 2 each
        (("2026-12-07", "2026-12-08", "2026-12-09"), {"status": "idea"}),
    ],
)
def test_no_over_frequency(days: tuple[str, ...], kwargs: dict[str, Any]) -> None:
    assert gaps(capped(*days, **kwargs), "over-frequency") == []


def test_no_over_frequency_on_a_channel_without_cap() -> None:
    items = [item(f"x{n}", date="2026-12-07") for n in range(5)]
    assert gaps(project(items=items), "over-frequency") == []


# -- across kinds ----------------------------------------------------------------------


def test_item_gaps_are_filed_once_at_the_earliest_stage() -> None:
    p = project(
        THREE,
        [persona("p1")],
        [item("x", stage=("s2", "s1"), next=(), owner=None, date="2026-11-30")],
    )
    found = [g for g in gaps(p) if g.item == "x"]
    assert [(g.code, g.stage) for g in found] == [
        ("dead-end", "s1"),
        ("overdue", "s1"),
        ("unowned", "s1"),
    ]


def test_ideas_and_archived_items_never_make_gaps() -> None:
    bad: dict[str, Any] = {
        "next": (),
        "owner": None,
        "date": "2020-01-01",
        "review_by": "2020-01-01",
        "channel": "mail",
    }
    p = project(
        THREE,
        [persona("p1")],
        [item("i", status="idea", **bad), item("a", status="archived", **bad)],
        channels=CAPPED,
    )
    assert all(g.item is None for g in gaps(p))


def test_gaps_sorted_by_stage_then_code_then_stageless_last() -> None:
    p = project(
        THREE,
        [persona("p1"), persona("p2")],
        [item("x", stage="s2", next=(), owner=None, date="2026-12-07")],
        channels=[channel("blog", cadence="FREQ=WEEKLY;BYDAY=MO")],
        weeks_ahead=1,
        weeks_back=0,
    )
    found = gaps(p)
    keys = [(g.stage, g.code, g.persona) for g in found]
    assert keys == [
        ("s1", "empty-cell", "p1"),
        ("s1", "empty-cell", "p2"),
        ("s2", "empty-cell", "p2"),
        ("s2", "not-live", "p1"),
        ("s2", "dead-end", None),
        ("s2", "unowned", None),
        ("s3", "empty-cell", "p1"),
        ("s3", "empty-cell", "p2"),
    ]  # the 12-07 Monday slot is filled by x
    assert all(
        GAP_CODES.index(a.code) <= GAP_CODES.index(b.code)
        for a, b in pairwise(found)
        if a.stage == b.stage
    )


# -- severity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "funnel", "expected"),
    [
        ("high", "top", "high"),
        ("medium", "top", "medium"),
        ("low", "top", "low"),
        ("high", "bottom", "high"),
        ("medium", "bottom", "high"),
        ("low", "bottom", "medium"),
    ],
)
def test_empty_cell_severity_by_persona_priority_and_funnel(
    priority: str, funnel: str, expected: str
) -> None:
    p = project(
        [stage("s1", funnel=funnel)],
        [persona("p1", priority=priority)],
        [],
        channels=[channel("sales", human=True)],
    )
    assert [g.severity for g in gaps(p, "empty-cell")] == [expected]


def test_under_target_severity_rises_when_less_than_half_the_target_is_planned() -> None:
    far = one_cell(item("x", status="published"), min_items=3)
    near = one_cell(item("x", status="published"), item("y", status="published"), min_items=3)
    assert [g.severity for g in gaps(far, "under-target")] == ["medium"]
    assert [g.severity for g in gaps(near, "under-target")] == ["low"]


def test_item_gap_severity_uses_the_items_most_important_persona() -> None:
    p = project(
        [stage("s1")],
        [persona("lo", priority="low"), persona("hi", priority="high")],
        [
            item("x", persona=("lo", "hi"), date="2026-12-01"),
            item("y", persona="lo", date="2026-12-01"),
        ],
    )
    assert {g.item: g.severity for g in gaps(p, "overdue")} == {"x": "high", "y": "medium"}


# -- ignore ----------------------------------------------------------------------------


def test_ignored_gaps_are_kept_and_marked() -> None:
    p = project(
        [stage("s1")],
        [persona("p1"), persona("p2")],
        [],
        ignore=[IgnoreRule("empty-cell", persona="p2")],
    )
    report = analyse(p).gaps
    assert [(g.persona, g.ignored) for g in report.gaps] == [("p1", False), ("p2", True)]
    assert [g.persona for g in report.active] == ["p1"]
    assert [s.gap.persona for s in report.create_next] == ["p1"]


def test_ignore_rule_by_item() -> None:
    p = project(
        [stage("s1")],
        [persona("p1")],
        [item("x", owner=None), item("y", owner=None)],
        ignore=[IgnoreRule("unowned", item="y")],
    )
    assert [(g.item, g.ignored) for g in gaps(p, "unowned")] == [("x", False), ("y", True)]


# -- messages and "create next" --------------------------------------------------------


def test_japanese_message() -> None:
    p = project(
        [stage("interest", name="興味・関心")], [persona("it", name="IT担当")], [], language="ja"
    )
    (gap,) = gaps(p, "empty-cell")
    assert say(gap.message, "ja") == "IT担当 × 興味・関心 に計画中のコンテンツがありません"


def test_english_message() -> None:
    p = project([stage("interest", name="Interest")], [persona("it", name="IT manager")], [])
    assert say(gaps(p, "empty-cell")[0].message, "en") == (
        "No planned content for IT manager × Interest"
    )


def test_create_next_ranks_and_suggests_from_stage_and_persona_needs() -> None:
    stages = [
        stage("aware", funnel="top", formats=("blog-post",), channels=("blog",)),
        stage(
            "compare",
            funnel="bottom",
            formats=("case-study", "pricing"),
            channels=("sales", "blog"),
        ),
    ]
    personas = [
        persona(
            "it", name="IT manager", priority="high", needs=(("compare", "security documents"),)
        ),
        persona("user", priority="low"),
    ]
    items = [
        item(
            "x",
            persona="it",
            stage="compare",
            format="case-study",
            channel="sales",
            next=(),
            owner=None,
            status="published",
        )
    ]
    p = project(
        stages,
        personas,
        items,
        channels=[channel("blog"), channel("sales", name="Sales call", human=True)],
    )
    ranked = analyse(p).gaps.create_next
    codes = {s.gap.code for s in ranked}
    assert codes <= {
        "empty-cell",
        "under-target",
        "not-live",
        "missing-format",
        "missing-channel",
        "no-human-touch",
    }
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    top = ranked[0]
    assert (top.gap.code, top.gap.persona, top.gap.stage) == ("empty-cell", "it", "aware")
    assert say(top.text, "en") == "Create a blog-post on Blog for IT manager at Aware"
    pricing = next(s for s in ranked if s.gap.format == "pricing")
    assert say(pricing.text, "en") == "Create a pricing on Sales call for Compare"
    assert analyse(p).gaps.next_for_stage("compare") == tuple(
        s for s in ranked if s.gap.stage == "compare"
    )


def test_create_next_mentions_the_personas_need() -> None:
    p = project(
        [stage("s1", formats=("faq",), channels=("blog",))],
        [persona("p1", name="Buyer", needs=(("s1", "a price range"),))],
        [],
        channels=[channel("blog", name="Blog")],
    )
    (first, *_) = analyse(p).gaps.create_next
    assert (
        say(first.text, "en") == "Create a faq on Blog for Buyer at S1 — they need: a price range"
    )
    assert (first.format, first.channel) == ("faq", "blog")


def test_today_is_the_only_now() -> None:
    p = one_cell(item("x", date=str(TODAY)))
    assert gaps(p, "overdue") == []
