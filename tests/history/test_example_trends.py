"""The English example's Trends page as a clone of the repository shows it.

A scratch repository gets the example's two states with their real dates: the plan of
Sun 22 Nov 2026 (``data/example-2026-11-22.tar.gz``, the example's folders as first
committed: ``git archive a72ce32 plansite.yaml content personas stages | gzip -9n``) and
the example as it is now, committed on Mon 7 Dec 2026. Then ``plansite build`` runs as
the README says, with no ``--today``: the example's own pin decides which weeks there are.
Nothing here reads the real repository's history or the clock.
"""

from __future__ import annotations

import csv
import io
import shutil
import tarfile
from datetime import date
from pathlib import Path

import pytest

from generator.build import load_project
from tests.golden import PROJECT_PARTS
from tests.helpers import REPO, run
from tests.history.scratch import git
from tests.sitecheck import text_of

FIRST_PLAN = Path(__file__).parent / "data" / "example-2026-11-22.tar.gz"
#: When the two states were committed (the example's first commit, the latest merge).
FIRST_DAY, LATEST_DAY = "2026-11-22T11:46:43+00:00", "2026-12-07T07:56:44+00:00"
#: Published items in the plan of 22 Nov: 39 of its 69.
FIRST_PUBLISHED = 39


def clone_of_the_example(root: Path) -> list[str]:
    """The scratch repository at ``root``: the first plan, then today's example in its
    place; the two commits' ids."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    with tarfile.open(FIRST_PLAN) as archive:
        archive.extractall(root, filter="data")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example planning project", when=FIRST_DAY)
    first = git(root, "rev-parse", "HEAD").strip()
    for old in root.iterdir():
        if old.name != ".git":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for part in PROJECT_PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, root / part)
        else:
            shutil.copy2(REPO / part, root / part)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The example as it is now", when=LATEST_DAY)
    return [first, git(root, "rev-parse", "HEAD").strip()]


def test_a_clone_of_the_example_shows_the_plan_week_by_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Weeks 47 to 50 of 2026: week 47 is the plan of 22 Nov analysed for that Sunday,
    weeks 48 and 49 had no commit and carry it forward, week 50 is today's plan analysed
    for the pinned today, 7 Dec. Between them pieces went out, so the figures differ."""
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "clone"
    first, latest = clone_of_the_example(root)
    result = run("--project", root, "build", "--quiet", "--output", tmp_path / "site")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    raw = (site / "exports/history.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [r["week"] for r in rows] == ["2026-W47", "2026-W48", "2026-W49", "2026-W50"]
    assert [r["commit"] for r in rows] == [first, first, first, latest]
    for carried, week in ((rows[1], "2026-W48"), (rows[2], "2026-W49")):  # carried forward
        assert carried == {**rows[0], "week": week, "published": carried["published"]}
    assert int(rows[0]["status_published"]) == FIRST_PUBLISHED
    now = load_project(root).project
    assert now is not None
    published = sum(1 for item in now.items if item.status == "published")
    assert int(rows[3]["status_published"]) == published > FIRST_PUBLISHED
    # "published": items the plan of that week has published with a date in the week
    in_w50 = [
        i
        for i in now.items
        if i.status == "published" and i.date and date(2026, 12, 7) <= i.date <= date(2026, 12, 13)
    ]
    assert int(rows[3]["published"]) == len(in_w50)
    figures = [name for name in rows[0] if name not in ("week", "commit")]
    changed = [name for name in figures if rows[3][name] != rows[0][name]]
    assert "status_published" in changed and "status_scheduled" in changed
    assert int(rows[3]["status_scheduled"]) < int(rows[0]["status_scheduled"])

    page = text_of(site / "trends.html")
    assert "2026-W47 – 2026-W50" in page
    for row in rows:
        assert f"{row['week']} " in page
    assert 'href="trends.html"' in (site / "index.html").read_text(encoding="utf-8")
