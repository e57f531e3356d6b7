"""The JSON exports are written a piece at a time (``exports.json_list_bytes``), and the
bytes are exactly those of encoding the whole list at once (``exports.json_bytes``)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import plan_items, write_plansite
from generator.build import load_project
from generator.site.exports import item_record, items_json, json_bytes, json_list_bytes

ROOT = Path(__file__).resolve().parent.parent

#: JSON values as the exports hold them: text with line breaks, quotes, Japanese and
#: control characters, numbers, nulls, lists and mappings, nested.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300)
@given(st.lists(values, max_size=6))
def test_a_list_written_a_piece_at_a_time_is_the_list_written_at_once(items: list[object]) -> None:
    assert json_list_bytes(items) == json_bytes(items)


def test_items_json_is_the_list_of_records_written_at_once(tmp_path: Path) -> None:
    write_plansite(tmp_path / "plan", plan_items(60, seed=2))
    for root in (ROOT, ROOT / "examples" / "ja", tmp_path / "plan"):
        project = load_project(root).project
        assert project is not None
        records = [item_record(project, i) for i in sorted(project.items, key=lambda i: i.id)]
        assert items_json(project) == json_bytes(records)
