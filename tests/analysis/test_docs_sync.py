"""docs/gaps.md and docs/exports.md say what the code does (a test fails when they drift)."""

from __future__ import annotations

from pathlib import Path

from generator.analysis import analyse
from generator.analysis.gaps import SEVERITY_BY_FUNNEL, SEVERITY_BY_PERSONA
from generator.model import GAP_CODES
from generator.site.exports import (
    CALENDAR_COLUMNS,
    GAP_COLUMNS,
    KPI_COLUMNS,
    KPI_GROUP_COLUMNS,
    MATRIX_COLUMNS,
    RESULTS_COLUMNS,
    build_exports,
)
from tests.analysis.factories import item, project

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_gap_kind_is_documented_in_order() -> None:
    text = (DOCS / "gaps.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip(" `") for line in text.splitlines()
            if line.startswith("| `") and "appears when" not in line]
    kinds = [code for code in rows if code in GAP_CODES]
    assert kinds[: len(GAP_CODES)] == list(GAP_CODES)


def test_severity_tables_in_the_docs_match_the_code() -> None:
    text = (DOCS / "gaps.md").read_text(encoding="utf-8")
    for code, row in {**SEVERITY_BY_PERSONA, **SEVERITY_BY_FUNNEL}.items():
        assert f"| `{code}` | {' | '.join(row)} |" in text, code


def test_every_export_and_column_is_documented() -> None:
    text = (DOCS / "exports.md").read_text(encoding="utf-8")
    p = project(items=[item("x", date="2026-12-07")])
    for path in build_exports(p, analyse(p)):
        name = path.removeprefix("exports/")
        assert f"`{name}`" in text or name.startswith("calendar-"), name
    assert "`calendar-<channel>.ics`" in text
    for columns in (MATRIX_COLUMNS, GAP_COLUMNS, CALENDAR_COLUMNS, RESULTS_COLUMNS, KPI_COLUMNS,
                    KPI_GROUP_COLUMNS):
        assert f"`{','.join(columns)}`" in text
