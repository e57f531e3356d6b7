"""Properties of the analysis over small random projects (hypothesis)."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis import analyse
from generator.analysis.matrix import Order
from generator.model import GAP_CODES, SEVERITIES, STATUSES, IgnoreRule, Item, Project
from generator.site.exports import build_exports
from tests.analysis.factories import channel, item, persona, project, stage

pytestmark = pytest.mark.slow  # 100 to 150 generated projects per test: about 2 s each

STAGE_IDS = ("s1", "s2", "s3", "s4")
PERSONA_IDS = ("p1", "p2", "p3")
CHANNEL_IDS = ("blog", "mail", "sales")
FORMATS = ("blog-post", "case-study", "faq")
CADENCES = (None, "FREQ=WEEKLY;BYDAY=MO", "FREQ=MONTHLY;BYDAY=1FR", "FREQ=DAILY;INTERVAL=3")
TODAY = date(2026, 12, 30)

some = st.lists  # shorthand


@st.composite
def projects(draw: st.DrawFn) -> Project:
    n_stages = draw(st.integers(1, len(STAGE_IDS)))
    stage_ids = STAGE_IDS[:n_stages]
    stages = [
        stage(sid, order=n, funnel=draw(st.sampled_from((None, "top", "middle", "bottom", "post"))),
              min_items=draw(st.none() | st.integers(1, 3)),
              formats=tuple(draw(some(st.sampled_from(FORMATS), max_size=2, unique=True))),
              channels=tuple(draw(some(st.sampled_from(CHANNEL_IDS), max_size=2, unique=True))))
        for n, sid in enumerate(stage_ids)
    ]
    personas = [
        persona(pid, stages=tuple(draw(some(st.sampled_from(stage_ids), max_size=n_stages,
                                            unique=True))),
                priority=draw(st.sampled_from(("high", "medium", "low"))),
                role=draw(st.sampled_from((None, "it", "finance", "zz"))))
        for pid in PERSONA_IDS[: draw(st.integers(1, len(PERSONA_IDS)))]
    ]
    persona_ids = [p.id for p in personas]
    channels = [
        channel(cid, cadence=draw(st.sampled_from(CADENCES)),
                max_per_week=draw(st.none() | st.integers(1, 2)), human=draw(st.booleans()))
        for cid in CHANNEL_IDS
    ]
    days = st.none() | st.integers(-420, 60).map(lambda n: (TODAY + timedelta(days=n)).isoformat())
    items = []
    for n in range(draw(st.integers(0, 10))):
        items.append(item(
            f"i{n}",
            persona=draw(some(st.sampled_from(persona_ids), min_size=1, max_size=3)),
            stage=draw(some(st.sampled_from(stage_ids), min_size=1, max_size=3)),
            channel=draw(some(st.sampled_from(CHANNEL_IDS), min_size=1, max_size=2)),
            status=draw(st.sampled_from(STATUSES)),
            date=draw(days),
            review_by=draw(days),
            owner=draw(st.sampled_from((None, "ann"))),
            next=draw(some(st.sampled_from([f"i{k}" for k in range(10)]), max_size=1)),
            format=draw(st.none() | st.sampled_from(FORMATS)),
        ))
    ignore = draw(some(st.builds(IgnoreRule, st.sampled_from(GAP_CODES),
                                 persona=st.none() | st.sampled_from(persona_ids)), max_size=2))
    return project(stages, personas, items, channels=channels, today=TODAY,
                   weeks_back=draw(st.integers(0, 2)), weeks_ahead=draw(st.integers(0, 4)),
                   min_items=draw(st.integers(1, 2)),
                   timezone=draw(st.sampled_from(("UTC", "Asia/Tokyo"))),
                   language=draw(st.sampled_from(("en", "ja"))), ignore=ignore)


def applicable_pairs(p: Project, it: Item) -> set[tuple[str, str]]:
    return {(pid, sid) for pid in it.personas for sid in it.stages
            if pid in p.persona_by_id and p.persona_by_id[pid].applies_to(sid)}


@settings(max_examples=150, deadline=None)
@given(projects())
def test_each_planned_item_counted_once_per_applicable_cell_it_names(p: Project) -> None:
    m = analyse(p).matrix
    for cell in m.cells:
        expected = {i.id for i in p.items if i.counts and (cell.persona, cell.stage)
                    in applicable_pairs(p, i)}
        assert cell.planned == len(expected)
        assert len(cell.items) == len(set(cell.items))
        assert 0 <= cell.live <= cell.planned
    assert sum(c.planned for c in m.cells) == sum(
        len(applicable_pairs(p, i)) for i in p.items if i.counts)


@settings(max_examples=150, deadline=None)
@given(projects())
def test_no_gap_references_an_idea_or_archived_item(p: Project) -> None:
    report = analyse(p).gaps
    for gap in report.gaps:
        assert gap.code in GAP_CODES and gap.severity in SEVERITIES
        if gap.item is not None:
            assert p.item_by_id[gap.item].counts
    for suggestion in report.create_next:
        assert not suggestion.gap.ignored and suggestion.gap.item is None


@settings(max_examples=100, deadline=None)
@given(projects())
def test_matrix_csv_has_one_row_per_applicable_cell(p: Project) -> None:
    data = build_exports(p, analyse(p))["exports/matrix.csv"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = sum(1 for q in p.personas for s in p.stages if q.applies_to(s.id))
    assert len(rows) == 1 + cells


@settings(max_examples=100, deadline=None)
@given(projects(), st.randoms(use_true_random=False))
def test_analysis_and_exports_are_deterministic_and_independent_of_item_order(
        p: Project, rnd: random.Random) -> None:
    items = list(p.items)
    rnd.shuffle(items)
    shuffled = replace(p, items=tuple(items))
    first, again, other = analyse(p), analyse(p), analyse(shuffled)
    assert first == again == other
    assert build_exports(p, first) == build_exports(shuffled, other)


@settings(max_examples=100, deadline=None)
@given(projects())
def test_ignore_marks_gaps_and_never_drops_them(p: Project) -> None:
    with_rules = analyse(p).gaps.gaps
    without = analyse(replace(p, config=replace(p.config, ignore=()))).gaps.gaps
    assert [replace(g, ignored=False) for g in with_rules] == list(without)


@settings(max_examples=100, deadline=None)
@given(projects())
def test_gaps_are_in_stage_order_with_stageless_gaps_last(p: Project) -> None:
    order = Order.of(p)
    positions = [order.stage(g.stage) for g in analyse(p).gaps.gaps]
    assert all(a <= b for a, b in pairwise(positions))


@settings(max_examples=100, deadline=None)
@given(projects())
def test_calendar_slots_lie_inside_the_window(p: Project) -> None:
    cal = analyse(p).calendar
    assert all(slot.date in cal.window for slot in cal.slots)
    keys = [(e.date, e.item, e.channel) for e in cal.entries]
    assert keys == sorted(keys)
