"""How the render pool's work is cut into tasks."""

from __future__ import annotations

from generator.site.parallel import CHUNK, _tasks
from generator.site.render import ITEM_TEMPLATE, Page


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
