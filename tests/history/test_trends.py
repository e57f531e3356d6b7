"""``plansite trends``: the plan week by week from the scratch repository's history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.history.trends import HISTORY_COLUMNS, cache_dir, weeks_up_to
from tests.helpers import run
from tests.history.scratch import scratch_repository


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str], Path]:
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(cache))
    root = tmp_path / "plan"
    return root, scratch_repository(root), cache


def trends(root: Path, *args: str) -> list[dict[str, object]]:
    result = run("-p", root, "trends", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_one_row_per_week_from_the_first_week_of_the_plan(
    repo: tuple[Path, list[str], Path],
) -> None:
    root, ids, cache = repo
    rows = trends(root, "--weeks", "8", "--today", "2026-12-07")
    assert [r["week"] for r in rows] == [f"2026-W{n}" for n in range(45, 51)]
    assert [r["commit"] for r in rows] == [*ids, ids[3], ids[3]]
    assert [r["published"] for r in rows] == [1, 2, 1, 3, 3, 3]
    assert [r["status_planned"] for r in rows] == [1, 1, 2, 1, 1, 1]
    assert rows[4] == {**rows[3], "week": "2026-W49"}  # carried forward
    assert set(rows[0]) == set(HISTORY_COLUMNS)
    # week 47 is analysed for Sunday 22 Nov: the pricing page (due 20 Nov) is overdue
    assert rows[2]["gaps_high"] == 2
    assert len(list((cache / "samples").glob("*.json"))) == 4
    assert trends(root, "--weeks", "8", "--today", "2026-12-07") == rows  # from the cache


def test_the_window_and_the_setting(repo: tuple[Path, list[str], Path]) -> None:
    root, _ids, _cache = repo
    assert [r["week"] for r in trends(root, "--weeks", "2", "--today", "2026-11-18")] == [
        "2026-W46",
        "2026-W47",
    ]
    (root / "plansite.yaml").write_text(
        (root / "plansite.yaml").read_text(encoding="utf-8") + "history:\n  weeks: 1\n",
        encoding="utf-8",
    )
    assert [r["week"] for r in trends(root, "--today", "2026-11-18")] == ["2026-W47"]


def test_outside_git_trends_say_why(make_project) -> None:  # type: ignore[no-untyped-def]
    result = run("-p", make_project(), "trends")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.stderr


def test_weeks_and_the_cache_folder() -> None:
    from datetime import date

    assert weeks_up_to(date(2026, 12, 7), 2) == [date(2026, 11, 30), date(2026, 12, 7)]
    assert weeks_up_to(date(2026, 12, 13), 1) == [date(2026, 12, 7)]
    assert cache_dir({"PLANSITE_CACHE_DIR": "/x"}) == Path("/x")
    assert cache_dir({"XDG_CACHE_HOME": "/c"}).parts[-1] == "plansite"
