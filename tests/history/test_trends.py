"""``plansite trends``: the plan week by week from the scratch repository's history."""

from __future__ import annotations

import json
import re
from datetime import UTC, date
from pathlib import Path

import pytest

from generator.history.trends import weeks_up_to
from generator.paths import cache_dir
from generator.site.trends import HISTORY_COLUMNS
from tests.helpers import run
from tests.history.scratch import scratch_repository
from tests.sitecheck import broken_links, text_of


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
    # published with a date in the week, by the plan as it stood: first post (2 Nov),
    # third post (23 Nov), then the demo (1 Dec) in W49, a week the plan was carried into
    assert [r["published"] for r in rows] == [1, 0, 0, 1, 1, 0]
    assert [r["status_planned"] for r in rows] == [1, 1, 2, 1, 1, 1]
    assert rows[4] == {**rows[3], "week": "2026-W49", "published": 1}  # carried forward
    assert set(rows[0]) == {*HISTORY_COLUMNS, "targets_met"}
    assert {r["targets_met"] for r in rows} == {None}  # no results folder
    # week 47 is analysed for Sunday 22 Nov: the pricing page (due 20 Nov) is overdue
    assert rows[2]["gaps_high"] == 2
    assert len(list((cache / "samples").glob("*.json"))) == 4
    assert trends(root, "--weeks", "8", "--today", "2026-12-07") == rows  # from the cache


def test_samples_shared_among_workers_equal_samples_in_order(
    repo: tuple[Path, list[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Four samples to analyse go to two forked workers; one after another they give the
    same rows (each worker moves its own checkout from commit to commit)."""
    from generator.history import trends as module

    root, _ids, _cache = repo
    shared = trends(root, "--weeks", "8", "--today", "2026-12-07")
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "another-cache"))
    monkeypatch.setattr(module, "PARALLEL_MIN_SAMPLES", 1000)
    assert trends(root, "--weeks", "8", "--today", "2026-12-07") == shared


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


def test_the_site_of_a_plan_in_git_has_trends_and_item_dates(
    repo: tuple[Path, list[str], Path], tmp_path: Path
) -> None:
    root, ids, _cache = repo
    out = tmp_path / "site"
    result = run("-p", root, "build", "-o", out, "--today", "2026-12-07", "-q")
    assert result.exit_code == 0, result.output
    csv_rows = (out / "exports/history.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_rows[0] == ",".join(HISTORY_COLUMNS)
    weeks = [line.split(",")[0] for line in csv_rows[1:]]
    assert weeks == [f"2026-W{n}" for n in range(45, 51)]
    page = (out / "trends.html").read_text(encoding="utf-8")
    assert "2026-W45" in page and "<svg" in page
    assert 'href="trends.html"' in (out / "index.html").read_text(encoding="utf-8")
    demo = (out / "items/sales/demo.html").read_text(encoding="utf-8")
    assert '<dt>First added</dt><dd><time datetime="2026-11-02">' in demo
    assert '<dt>Last changed</dt><dd><time datetime="2026-11-09">' in demo
    assert broken_links(out) == []
    again = run("-p", root, "build", "-o", out, "--today", "2026-12-07")
    assert "0 rendered" in again.stderr or "unchanged" in again.stderr
    # a new commit changes the history: the export and the Trends page follow
    from tests.helpers import write_files
    from tests.history.scratch import git

    write_files(root, {"content/blog/second.md": None})
    git(root, "commit", "-q", "-am", "drop the second post", when="2026-12-07T09:00:00+00:00")
    run("-p", root, "build", "-o", out, "--today", "2026-12-07", "-q")
    last = (out / "exports/history.csv").read_text(encoding="utf-8-sig").splitlines()[-1]
    assert last.startswith("2026-W50,") and ids[3] not in last


def test_history_weeks_zero_turns_the_trends_page_off(
    repo: tuple[Path, list[str], Path], tmp_path: Path
) -> None:
    root, _ids, _cache = repo
    with (root / "plansite.yaml").open("a", encoding="utf-8") as config:
        config.write("history:\n  weeks: 0\n")
    out = tmp_path / "site"
    assert run("-p", root, "build", "-o", out, "--today", "2026-12-07", "-q").exit_code == 0
    assert not (out / "trends.html").exists()
    assert not (out / "exports/history.csv").exists()


def test_serve_shows_the_trends_page_of_a_plan_in_git(
    repo: tuple[Path, list[str], Path],
) -> None:
    from urllib.request import urlopen

    from generator.cli.site import _history
    from generator.serve import DevServer

    root, _ids, _cache = repo
    dev = DevServer(root, port=0, history=lambda memo: _history(root, None, lambda: memo))
    dev.start()
    try:
        with urlopen(dev.url + "trends.html", timeout=10) as response:
            page = response.read().decode("utf-8")
        with urlopen(dev.url, timeout=10) as response:
            home = response.read().decode("utf-8")
    finally:
        dev.stop()
    assert "2026-W45" in page and "<svg" in page
    assert 'href="trends.html"' in home


def test_a_copy_outside_git_builds_with_a_trends_page_that_says_why(
    make_project,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    root = make_project()
    result = run("-p", root, "build", "-o", tmp_path / "site", "-q")
    assert result.exit_code == 0, result.output
    page = text_of(tmp_path / "site/trends.html")
    assert "not kept in a git repository" in page
    assert (tmp_path / "site/exports/history.csv").read_bytes().decode("utf-8-sig") == (
        ",".join(HISTORY_COLUMNS) + "\r\n"
    )
    assert broken_links(tmp_path / "site") == []


def test_a_shallow_clone_builds_with_a_trends_page_that_says_why(
    repo: tuple[Path, list[str], Path], tmp_path: Path
) -> None:
    from tests.history.scratch import git

    root, _ids, _cache = repo
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    result = run("-p", clone, "build", "-o", tmp_path / "site", "--today", "2026-12-07", "-q")
    assert result.exit_code == 0, result.output
    page = text_of(tmp_path / "site/trends.html")
    assert "shallow clone" in page and "git fetch --unshallow" in page
    assert "2026-W" not in page


def test_the_trends_page_charts_every_figure_with_its_numbers(
    repo: tuple[Path, list[str], Path], tmp_path: Path
) -> None:
    root, _ids, _cache = repo
    out = tmp_path / "site"
    run("-p", root, "build", "-o", out, "--today", "2026-12-07", "-q")
    html = (out / "trends.html").read_text(encoding="utf-8")
    for title in ("Coverage", "Open gaps by severity", "Items by status", "Published per week"):
        assert f"<figcaption>{title}" in html
    assert "Targets met" not in html  # no results folder: no attainment chart or column
    assert html.count("<polyline") == 5  # planned and live coverage, three severities
    assert 'class="trend-status_planned"' in html and 'class="trend-published"' in html
    row = re.search(r"<th scope=\"row\">2026-W48</th>(.*?)</tr>", html, re.S)
    assert row is not None
    cells = re.findall(r"<td>([^<]*)</td>", row.group(1))
    # W48 by hand (the plan of 23 Nov, analysed for Sunday 29 Nov): published that week
    # the third post (23 Nov); then by status: idea 0, planned 1 (the second post),
    # draft, review, scheduled 0, published 3 (demo, pricing, third post), archived 0
    assert cells[5:] == ["1", "0", "1", "0", "0", "0", "3", "0"]


def test_item_dates_are_read_again_only_after_a_new_commit(
    repo: tuple[Path, list[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:

    from generator.history import trends as history
    from generator.history.git import find_repository
    from tests.helpers import write_files
    from tests.history.scratch import git

    root, _ids, _cache = repo
    reads = []
    real = history._read_item_dates
    monkeypatch.setattr(
        history, "_read_item_dates", lambda *args: reads.append(args[2]) or real(*args)
    )
    first = history.item_dates(find_repository(root), UTC)
    assert history.item_dates(find_repository(root), UTC) is first  # serve's rebuilds
    write_files(root, {"content/blog/second.md": None})
    git(root, "commit", "-q", "-am", "drop the second post", when="2026-12-07T09:00:00+00:00")
    after = history.item_dates(find_repository(root), UTC)
    assert len(reads) == 2 and "content/blog/second.md" in first
    assert after["content/blog/second.md"] == (date(2026, 11, 9), date(2026, 12, 7))
