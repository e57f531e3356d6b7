"""Result rows combined per piece and period (``analysis/combined.py``): a rebuild that
reuses the previous combination gives exactly what combining from scratch gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis.combined import combine_files
from generator.load.metrics import all_metrics
from generator.model import Config, Measurement, Project
from tests.analysis.factories import project as make_project

BASE = date(2026, 6, 1)

rows = st.builds(
    lambda item, metric, week, length, value, weight, line: Measurement(
        item,
        metric,
        BASE + timedelta(days=7 * week),
        BASE + timedelta(days=7 * week + length),
        value,
        weight,
        f"results/f.csv:{line}",
    ),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["pv", "cvr", "bounce_rate"]),
    st.integers(0, 3),
    st.sampled_from([0, 6]),
    st.floats(0, 1000, allow_nan=False),
    st.one_of(st.none(), st.floats(1, 100)),
    st.integers(2, 50),
)
files = st.lists(st.lists(rows, max_size=8).map(tuple), max_size=4)


def _project(by_file: list[tuple[Measurement, ...]]) -> Project:
    base = make_project()
    flat = tuple(row for rows in by_file for row in rows)
    return replace(
        base,
        metrics=all_metrics(Config(title="t")),
        results=flat,
        results_by_file=tuple(by_file),
    )


@settings(max_examples=150, deadline=None)
@given(files, files, st.data())
def test_reusing_the_previous_combination_changes_nothing(
    first: list[tuple[Measurement, ...]], second: list[tuple[Measurement, ...]], data: st.DataObject
) -> None:
    """The second build keeps some of the first build's very tuples (unchanged files),
    drops others and adds new ones, in any order."""
    kept = data.draw(st.lists(st.sampled_from(first), unique_by=id) if first else st.just([]))
    now = data.draw(st.permutations([*kept, *second]))
    before = combine_files(_project(first))
    reused, fresh = combine_files(_project(now), before), combine_files(_project(now))
    assert list(reused.pieces.items()) == list(fresh.pieces.items())  # order too


def test_an_unchanged_file_is_not_grouped_again() -> None:
    row = Measurement("a", "pv", BASE, BASE, 5.0, None, "results/f.csv:2")
    same_file = (row,)
    before = combine_files(_project([same_file, (replace(row, value=1.0),)]))
    after = combine_files(_project([same_file]), before)
    assert after.groups[0] is before.groups[0]
    assert after.pieces == {("a", "pv"): [row]}
