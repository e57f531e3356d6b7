"""How the render pool's work is cut into tasks."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bench.corpus import plan_items, write_plansite
from generator.build import build
from generator.site import parallel
from generator.site.parallel import (
    CHUNK,
    PARALLEL_MIN_ITEMS,
    PARALLEL_MIN_PAGES,
    _tasks,
    _worth_workers,
)
from generator.site.render import ITEM_TEMPLATE, Page
from tests.golden import site_files


def _pages(items: int, lists: int) -> list[Page]:
    pages = [Page(f"items/{k}.html", ITEM_TEMPLATE, {}) for k in range(items)]
    pages[3:3] = [Page(f"list-{k}.html", "items.html", {}) for k in range(lists)]
    return pages


def test_every_page_that_lists_items_goes_to_one_task_before_the_rest() -> None:
    pages = _pages(items=200, lists=5)
    tasks = _tasks(pages, jobs=2)
    assert tasks[0] == ("pages", [3, 4, 5, 6, 7])  # rows rendered once, in one process
    assert tasks[1:3] == [("job", [0]), ("job", [1])]
    rest = [index for kind, indexes in tasks[3:] for index in indexes if kind == "pages"]
    assert sorted(rest + tasks[0][1]) == list(range(len(pages)))  # each page once
    assert all(len(indexes) <= CHUNK for _, indexes in tasks[3:])


def test_a_site_of_item_pages_only_has_no_empty_task() -> None:
    tasks = _tasks(_pages(items=70, lists=0), jobs=0)
    assert [len(indexes) for _, indexes in tasks] == [CHUNK, 70 - CHUNK]


def test_a_few_pages_go_to_workers_only_beside_the_exports_of_a_large_plan() -> None:
    small, large = _plan(PARALLEL_MIN_ITEMS - 1), _plan(PARALLEL_MIN_ITEMS)
    few = _pages(items=3, lists=2)
    assert not _worth_workers(large, few, jobs=[])  # nothing to do beside them
    assert not _worth_workers(small, few, jobs=[_job])  # forking costs more
    assert _worth_workers(large, few, jobs=[_job])
    assert _worth_workers(small, _pages(items=PARALLEL_MIN_PAGES, lists=0), jobs=[])


@pytest.mark.slow
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks")
def test_a_title_edit_of_a_large_plan_renders_beside_the_exports_and_gives_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "plan"
    items = plan_items(320, seed=5)
    write_plansite(root, items)
    build(root, output=str(tmp_path / "site"), workers=2)
    edited = root / "content" / f"{items[7].id}.md"
    edited.write_text(edited.read_text().replace('title: "', 'title: "Renamed: ', 1))
    pools: list[int] = []
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ITEMS", 300)
    real = parallel.forked_pool

    def counted(count: int, task: Callable[[Any], Any]) -> Any:
        pools.append(count)
        return real(count, task)

    monkeypatch.setattr(parallel, "forked_pool", counted)
    result = build(root, output=str(tmp_path / "site"), workers=2)
    assert pools == [2] and 0 < result.rendered < 50  # the few pages, in workers
    monkeypatch.undo()
    build(root, output=str(tmp_path / "clean"), workers=1, clean=True)
    assert _contents(tmp_path / "site") == _contents(tmp_path / "clean")
    assert b"Renamed: " in (tmp_path / "site" / "exports" / "items.json").read_bytes()


def _plan(items: int) -> Any:
    return SimpleNamespace(items=[None] * items)


def _job() -> tuple[list[str], object]:
    return [], None


def _contents(site: Path) -> dict[str, bytes]:
    return {rel: path.read_bytes() for rel, path in site_files(site).items()}
