"""The metric table of docs/results.md is the built-in metrics (generator/load/metrics.yaml)
written out: the same ids in the same order, names in both languages, unit, direction,
how rows combine, the weight and the export columns."""

from __future__ import annotations

from generator.load.metrics import builtin_metrics
from generator.model import Metric
from tests.helpers import REPO

HEADER = "| id | name | 名前 | unit | better | combine | weight | export columns |"


def documented() -> list[list[str]]:
    lines = (REPO / "docs" / "results.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADER) + 2  # after the header and its rule
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def row_of(metric: Metric) -> list[str]:
    names = dict(metric.names)
    return [
        f"`{metric.id}`",
        names["en"],
        names["ja"],
        metric.unit,
        metric.better,
        metric.combine,
        f"`{metric.weight}`" if metric.weight else "—",
        ", ".join(metric.columns),
    ]


def test_the_metric_table_is_the_built_in_metrics() -> None:
    expected = [row_of(m) for m in builtin_metrics()]
    got = documented()
    assert [r[0] for r in got] == [r[0] for r in expected], "ids or their order differ"
    for doc, data in zip(got, expected, strict=True):
        assert doc == data, f"docs/results.md and metrics.yaml disagree on {data[0]}"
