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


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """A copy of the repository's example project."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("content", "personas", "owners", "stages", "results"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "plansite.yaml", root / "plansite.yaml")
    return root


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
