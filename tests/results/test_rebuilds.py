"""Rebuilds and results files: ``serve`` reads again only a results file that changed, and
the incremental build of ``plansite build`` notices one."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from generator.build import build
from generator.incremental import cache
from generator.incremental.memo import Memo
from generator.load import results
from tests.results.test_attainment import ROWS, write_project
from tests.sitecheck import fingerprint

MORE = "date,item,metric,value\n2026-06-02,y,pv,50\n"


def _kpi(site: Path) -> list[str]:
    return (site / "exports" / "kpi.csv").read_text(encoding="utf-8").splitlines()


def _pv_of_y(site: Path) -> str:
    return next(line for line in _kpi(site) if line.startswith("y,pv,"))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each results file was read and parsed."""
    counted: Counter[str] = Counter()
    read = results.read_results_file

    def counting(rel: str, *args: object) -> object:
        counted[rel] += 1
        return read(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(results, "read_results_file", counting)
    return counted


def test_serve_reads_again_only_the_results_file_that_changed(
    tmp_path: Path, reads: Counter[str]
) -> None:
    root = write_project(tmp_path / "plan")
    (root / "results" / "more.csv").write_text(MORE, encoding="utf-8")
    memo, site = Memo(lasting=True), tmp_path / "site"
    build(root, output=str(site), memo=memo, live=True)
    assert reads == {"results/long.csv": 1, "results/more.csv": 1}
    assert _pv_of_y(site) == "y,pv,200,200,1.0"
    build(root, output=str(site), memo=memo, live=True)
    assert reads == {"results/long.csv": 1, "results/more.csv": 1}  # nothing read again
    (root / "results" / "more.csv").write_text(MORE + "2026-06-03,y,pv,100\n", encoding="utf-8")
    build(root, output=str(site), memo=memo, live=True)
    assert reads == {"results/long.csv": 1, "results/more.csv": 2}
    assert _pv_of_y(site) == "y,pv,200,300,1.5"


def test_the_incremental_build_notices_a_changed_results_file(tmp_path: Path) -> None:
    root = write_project(tmp_path / "plan")
    today = date(2026, 6, 30)
    before = cache.inputs_digest(root, today)
    assert before is not None
    first = build(root)
    assert build(root).rendered == 0
    (root / "results" / "long.csv").write_text(ROWS.replace(",y,pv,150,", ",y,pv,190,"))
    assert cache.inputs_digest(root, today) != before
    again = build(root)
    assert again.rendered > 0
    assert "y,pv,200,190,0.95" in _kpi(again.output)
    clean = build(root, output=str(tmp_path / "clean"), clean=True)
    assert fingerprint(first.output) == fingerprint(clean.output)
