"""Fixtures: scratch projects written into ``tmp_path`` from dedented strings."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import BASE_FILES, REPO, write_files

MakeProject = Callable[..., Path]


@pytest.fixture(autouse=True)
def own_cache_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test has a cache folder of its own (memos, history samples), never the
    user's: one test's kept memo cannot make another's build take a different path,
    and commands the tests start as processes inherit it."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """``make_project({path: text})``: the base project with files added, replaced or
    (``None``) removed; ``base=False`` starts from nothing."""

    def make(
        files: dict[str, str | bytes | None] | None = None, *, base: bool = True, name: str = "plan"
    ) -> Path:
        root = tmp_path / name
        root.mkdir()
        merged: dict[str, str | bytes | None] = dict(BASE_FILES) if base else {}
        merged.update(files or {})
        write_files(root, merged)
        return root

    return make


def copy_example(source: Path, root: Path) -> Path:
    """A copy of an example project (``REPO`` or ``REPO / "examples/ja"``) at ``root``."""
    root.mkdir(parents=True)
    for name in ("content", "personas", "owners", "stages", "results"):
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name)
    shutil.copy(source / "plansite.yaml", root / "plansite.yaml")
    return root


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """A copy of the repository's example project."""
    return copy_example(REPO, tmp_path / "example")


@pytest.fixture(scope="session")
def example_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both examples built, ``{"en": site, "ja": site}``, with short list pages and journey
    columns so that every page kind is there, pagers and continuation pages included;
    the English one with six weeks of history up to the week of its pinned today (Mon 7
    Dec 2026), so it has a Trends page too."""
    from datetime import date, timedelta

    from generator.build import build
    from generator.model.history import SiteHistory
    from generator.site.pages import Layout
    from generator.site.trends import HISTORY_COLUMNS

    weeks = [date(2026, 11, 2) + timedelta(weeks=n) for n in range(6)]
    rows = tuple(
        {
            **dict.fromkeys(HISTORY_COLUMNS, 0),
            "week": f"{day.isocalendar().year}-W{day.isocalendar().week:02d}",
            "commit": f"{n:07x}",
            "planned_coverage": 0.5 + n / 20,
            "live_coverage": 0.2 + n / 25,
            "gaps_high": 6 - n,
            "published": 10 + 2 * n,
        }
        for n, day in enumerate(weeks)
    )
    layout = Layout(list_page_size=10, journey_cards=2)
    out = {}
    for language, source, history in (
        ("en", REPO, SiteHistory(rows)),
        ("ja", REPO / "examples/ja", None),
    ):
        root = copy_example(source, tmp_path_factory.mktemp(language) / "plan")
        out[language] = build(root, layout=layout, history=history).output
    return out


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser). Skipped only
    when Chromium is absent and ``CI`` is unset; in CI a missing browser fails."""
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed (and CI is unset)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the ``browser`` fixture must be marked ``browser`` (so that
    ``-m "not browser"`` never starts Chromium); under pytest-xdist, all of them run in
    one process (``xdist_group``), which starts Chromium once. Runs before xdist reads
    the groups."""
    unmarked = [
        item.nodeid
        for item in items
        if "browser" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError("mark these tests `browser`: " + ", ".join(unmarked))
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))
