"""Content matrix: the counting rules of docs/files.md, targets, role groups and coverage."""

from __future__ import annotations

import pytest

from generator.analysis.matrix import build_matrix, role_groups
from tests.analysis.factories import channel, item, persona, project, stage

STAGES = [stage("s1"), stage("s2"), stage("s3")]


def test_item_with_several_personas_and_stages_counts_once_in_each_cell_it_names() -> None:
    p = project(
        STAGES, [persona("a"), persona("b")], [item("x", persona=("a", "b"), stage=("s1", "s3"))]
    )
    m = build_matrix(p)
    counted = {(c.persona, c.stage) for c in m.cells if c.planned}
    assert counted == {("a", "s1"), ("a", "s3"), ("b", "s1"), ("b", "s3")}
    assert all(c.planned == 1 for c in m.cells if c.planned)


def test_counts_only_where_persona_applies() -> None:
    p = project(
        STAGES, [persona("a", stages=("s1",))], [item("x", persona="a", stage=("s1", "s2"))]
    )
    m = build_matrix(p)
    assert [(c.persona, c.stage) for c in m.cells] == [("a", "s1")]
    assert m.cell("a", "s2") is None
    assert m.cell("a", "s1") is not None and m.cell("a", "s1").planned == 1  # type: ignore[union-attr]


def test_repeated_ids_in_front_matter_count_once() -> None:
    p = project(STAGES, [persona("a")], [item("x", persona=("a", "a"), stage=("s1", "s1"))])
    cell = build_matrix(p).cell("a", "s1")
    assert cell is not None and (cell.planned, cell.items) == (1, ("x",))


@pytest.mark.parametrize(
    ("status", "planned", "live", "ideas"),
    [
        ("idea", 0, 0, 1),
        ("planned", 1, 0, 0),
        ("draft", 1, 0, 0),
        ("review", 1, 0, 0),
        ("scheduled", 1, 0, 0),
        ("published", 1, 1, 0),
        ("archived", 0, 0, 0),
    ],
)
def test_status_decides_what_a_cell_counts(
    status: str, planned: int, live: int, ideas: int
) -> None:
    p = project(STAGES, [persona("a")], [item("x", persona="a", stage="s1", status=status)])
    cell = build_matrix(p).cell("a", "s1")
    assert cell is not None
    assert (cell.planned, cell.live, cell.ideas) == (planned, live, ideas)
    assert cell.items == (() if status == "archived" else ("x",))


def test_target_is_stage_min_items_else_config() -> None:
    p = project([stage("s1", min_items=3), stage("s2")], [persona("a")], [], min_items=2)
    m = build_matrix(p)
    assert [c.target for c in m.cells] == [3, 2]


def test_every_stage_has_a_target_even_where_no_persona_applies() -> None:
    """The stage page shows the target of a stage without cells too: it reads
    ``Matrix.target`` instead of deriving it again."""
    p = project(
        [stage("s1", min_items=3), stage("s2")], [persona("a", stages=("s1",))], [], min_items=2
    )
    m = build_matrix(p)
    assert [c.stage for c in m.cells] == ["s1"]
    assert (m.target("s1"), m.target("s2")) == (3, 2)


def test_cells_follow_defined_persona_then_stage_order() -> None:
    p = project([stage("z"), stage("a")], [persona("q"), persona("b")], [])
    assert [(c.persona, c.stage) for c in build_matrix(p).cells] == [
        ("q", "z"),
        ("q", "a"),
        ("b", "z"),
        ("b", "a"),
    ]


def test_stage_and_persona_by_channel_counts() -> None:
    items = [
        item("x", persona="a", stage="s1", channel=("blog", "sns"), status="published"),
        item("y", persona="a", stage="s1", channel="blog", status="idea"),
        item("z", persona="a", stage="s2", channel="sns", status="archived"),
    ]
    m = build_matrix(project(STAGES, [persona("a")], items))
    counts = {(c.key, c.channel): (c.planned, c.live, c.ideas) for c in m.stage_channel}
    assert counts[("s1", "blog")] == (1, 1, 1)
    assert counts[("s1", "sns")] == (1, 1, 0)
    assert counts[("s2", "sns")] == (0, 0, 0)
    assert len(m.stage_channel) == 3 * 2  # every stage × every channel
    by_persona = {(c.key, c.channel): (c.planned, c.ideas) for c in m.persona_channel}
    assert by_persona == {("a", "blog"): (1, 1), ("a", "sns"): (1, 0)}


def test_channel_grid_lists_defined_channels_then_undeclared_ones() -> None:
    p = project(
        STAGES[:1],
        [persona("a")],
        [item("x", channel="zine")],
        channels=[channel("sns"), channel("blog")],
    )
    assert [c.channel for c in build_matrix(p).stage_channel] == ["sns", "blog", "zine"]


def test_role_groups_known_roles_then_others_then_none() -> None:
    personas = [
        persona("u", role="user"),
        persona("n"),
        persona("x", role="zeta"),
        persona("d", role="decision-maker"),
        persona("o", role="alpha"),
        persona("i", role="it"),
        persona("d2", role="decision-maker"),
    ]
    groups = role_groups(personas)
    assert [(g.role, g.personas) for g in groups] == [
        ("decision-maker", ("d", "d2")),
        ("it", ("i",)),
        ("user", ("u",)),
        ("alpha", ("o",)),
        ("zeta", ("x",)),
        (None, ("n",)),
    ]


def test_coverage_per_stage_and_overall() -> None:
    p = project(
        [stage("s1"), stage("s2", min_items=2), stage("s3")],
        [persona("a"), persona("b", stages=("s1", "s2"))],
        [
            item("x", persona=("a", "b"), stage="s1", status="published"),
            item("y", persona="a", stage="s2"),
            item("z", persona="a", stage="s2"),
            item("w", persona="b", stage="s2", status="published"),
        ],
    )
    m = build_matrix(p)
    s1, s2, s3 = m.stage_coverage
    assert (s1.cells, s1.planned_covered, s1.live_covered) == (2, 2, 2)
    assert (s2.cells, s2.planned_covered, s2.live_covered) == (2, 1, 0)  # b: 1 live of 2
    assert (s3.cells, s3.planned_pct, s3.live_pct) == (1, 0.0, 0.0)
    assert s2.planned_pct == 50.0
    assert (m.overall.cells, m.overall.planned_covered, m.overall.live_covered) == (5, 3, 2)
    assert m.overall.planned_pct == pytest.approx(60.0)


def test_coverage_of_a_stage_no_persona_applies_to_is_undefined() -> None:
    p = project(STAGES[:2], [persona("a", stages=("s1",))], [])
    cov = build_matrix(p).coverage("s2")
    assert cov is not None and cov.cells == 0 and cov.planned_pct is None


def test_cell_state_for_the_heat_map() -> None:
    p = project(
        [stage("s1", min_items=2)],
        [persona("a"), persona("b"), persona("c")],
        [item("x", persona=("b", "c"), stage="s1"), item("y", persona="c", stage="s1")],
    )
    m = build_matrix(p)
    assert [c.state for c in m.cells] == ["empty", "under", "covered"]
