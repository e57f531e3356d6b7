"""Long item lists one page at a time, and journey columns capped: real projects built
into a temp folder, with the page size set small so a few items fill several pages."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildResult
from generator.build import build as core_build
from generator.site.pages import Layout
from generator.site.pagination import elided_range
from tests.conftest import MakeProject
from tests.helpers import numbered_items
from tests.sitecheck import broken_links, elements, links_in, list_page, target_of, text_of

SIZE = 5
#: The lists that hold every numbered item (all of them are CFO × awareness on the blog).
LISTS = (
    "items.html",
    "personas/cfo.html",
    "stages/awareness.html",
    "channels/blog.html",
    "matrix/cfo/awareness.html",
)

JA_CONFIG = "title: 計画\nlanguage: ja\nchannels:\n  blog: {name: ブログ}\n  sales: {name: 営業}\n"


SMALL = Layout(list_page_size=SIZE)


def build(root: Path, *, layout: Layout = SMALL, **options: Any) -> BuildResult:
    """plansite's build with pages of ``SIZE`` items, so a few items fill several."""
    return core_build(root, layout=layout, **options)


def only_numbered(count: int, **extra: str | None) -> dict[str, str | bytes | None]:
    """The base project with its two items replaced by ``count`` numbered ones."""
    return {
        "content/blog/first.md": None,
        "content/sales/demo.md": None,
        **numbered_items(count),
        **extra,
    }


def continuation_pages(site: Path, first: str) -> list[str]:
    folder = site / "page" / first.removesuffix(".html")
    return sorted(p.name for p in folder.glob("*.html")) if folder.exists() else []


def walk(site: Path, first: str) -> tuple[list[str], list[str]]:
    """Follow a list's "next" links from page 1: the pages visited and the item pages
    their rows link to, in order."""
    visited, rows = [first], []
    while True:
        page = list_page(site / visited[-1])
        rows += [target_of(visited[-1], href) or "" for href in page.rows]
        nexts = (
            [a["href"] for a in page.pagers[0][1] if a.get("rel") == "next"] if page.pagers else []
        )
        if not nexts:
            return visited, rows
        visited.append(target_of(visited[-1], nexts[0] or "") or "")


@pytest.mark.parametrize(("count", "pages_"), [(1, 1), (SIZE, 1), (2 * SIZE, 2), (2 * SIZE + 1, 3)])
def test_page_count_at_the_edges(make_project: MakeProject, count: int, pages_: int) -> None:
    site = build(make_project(only_numbered(count))).output
    for first in LISTS:
        expected = [f"{n}.html" for n in range(2, pages_ + 1)]
        assert continuation_pages(site, first) == sorted(expected), first
        pagers = list_page(site / first).pagers
        assert len(pagers) == (2 if pages_ > 1 else 0), first
    assert (site / "page").exists() == (pages_ > 1)


def test_every_item_on_exactly_one_page_in_date_order(make_project: MakeProject) -> None:
    site = build(make_project(only_numbered(23))).output
    visited, rows = walk(site, "items.html")
    assert visited == ["items.html"] + [f"page/items/{n}.html" for n in range(2, 6)]
    assert rows == [f"items/list/item-{n:03}.html" for n in range(23)]
    for first in LISTS[1:]:
        assert walk(site, first)[1] == rows, first
    assert broken_links(site) == []


def test_pager_marks_the_current_page_and_elides_long_runs(make_project: MakeProject) -> None:
    layout = Layout(list_page_size=2)
    site = build(make_project(only_numbered(23)), layout=layout).output  # 12 pages
    page = list_page(site / "page/items/6.html")
    assert [label for label, _ in page.pagers] == ["Pages", "Pages, end of list"]
    links = page.pagers[0][1]
    assert [a.get("aria-label") or a.get("rel") for a in links] == [
        "prev",
        *(f"Page {n}" for n in (1, 4, 5, 6, 7, 8, 12)),
        "next",
    ]
    current = [a for a in links if a.get("aria-current") == "page"]
    assert [target_of("page/items/6.html", a["href"] or "") for a in current] == [
        "page/items/6.html"
    ]
    assert [target_of("page/items/6.html", a["href"] or "") for a in links[:2]] == [
        "page/items/5.html",
        "items.html",
    ]
    assert page.pagers[1][1] == links
    assert "…" in text_of(site / "page/items/6.html")
    first = list_page(site / "items.html").pagers[0][1]
    assert first[0].get("aria-current") == "page" and first[-1].get("rel") == "next"
    last = list_page(site / "page/items/12.html").pagers[0][1]
    assert last[0].get("rel") == "prev" and last[-1].get("aria-current") == "page"


def test_continuation_pages_repeat_the_heading_not_the_description(
    make_project: MakeProject,
) -> None:
    site = build(make_project(only_numbered(11))).output
    assert list_page(site / "items.html").heading == "Items"
    assert list_page(site / "page/items/3.html").heading == "Items — page 3 of 3"
    assert "11 items, 11–11 shown" in text_of(site / "page/items/3.html")
    assert "11 items, 1–5 shown" in text_of(site / "items.html")
    persona, more = site / "personas/cfo.html", site / "page/personas/cfo/2.html"
    assert list_page(more).heading == "CFO — page 2 of 3"
    assert "Signs the contract." in text_of(persona)
    assert "Signs the contract." not in text_of(more)
    assert "<title>CFO — page 2 of 3 · Test plan</title>" in more.read_text(encoding="utf-8")
    stage = site / "page/stages/awareness/2.html"
    assert list_page(stage).heading == "Awareness — page 2 of 3"
    assert elements(stage, "table", "gaps") == [] and "People notice" not in text_of(stage)
    assert elements(site / "stages/awareness.html", "table", "gaps") != []
    cell = site / "page/matrix/cfo/awareness/2.html"
    assert list_page(cell).heading == "CFO × Awareness — page 2 of 3"


def test_a_short_list_has_no_pager(make_project: MakeProject) -> None:
    site = build(make_project()).output
    assert not (site / "page").exists()
    for page in site.rglob("*.html"):
        assert elements(page, "nav", "pager") == [], page
    assert "2 items" in text_of(site / "items.html")


def test_japanese_labels(make_project: MakeProject) -> None:
    site = build(make_project(only_numbered(11, **{"plansite.yaml": JA_CONFIG}))).output
    page = site / "page/items/2.html"
    assert list_page(page).heading == "コンテンツ一覧（2 / 3 ページ）"
    assert "全 11 件中 6〜10 件を表示" in text_of(page)
    pager = list_page(page).pagers
    assert [label for label, _ in pager] == ["ページ移動", "ページ移動（一覧の末尾）"]
    texts = [text for _, text in links_in(page, "nav", "pager")]
    assert texts[:5] == ["前へ", "1", "2", "3", "次へ"]
    assert pager[0][1][2].get("aria-label") == "2 ページ目"


# -- journey maps ---------------------------------------------------------------------

FOUR_CARDS = Layout(list_page_size=SIZE, journey_cards=4)


def test_a_journey_column_shows_the_cards_nearest_today(make_project: MakeProject) -> None:
    root = make_project(only_numbered(10))  # dated 1 to 10 November 2026
    site = build(root, today=date(2026, 11, 5), layout=FOUR_CARDS).output
    journey = site / "journeys/cfo.html"
    # the 5th, the 4th and 6th, then of the 3rd and 7th the earlier; shown in date order
    cards = [card["data-item"] for card in elements(journey, "li", "journey-card")]
    assert cards == [f"list/item-{n:03}" for n in (2, 3, 4, 5)]
    assert links_in(journey, "p", "journey-more") == [
        ("../matrix/cfo/awareness.html", "+6 more in this cell")
    ]
    assert walk(site, "matrix/cfo/awareness.html")[1] == [
        f"items/list/item-{n:03}.html" for n in range(10)
    ]


def test_a_journey_column_within_the_cap_is_whole(make_project: MakeProject) -> None:
    site = build(make_project(only_numbered(4)), layout=FOUR_CARDS).output
    journey = site / "journeys/cfo.html"
    assert len(elements(journey, "li", "journey-card")) == 4
    assert elements(journey, "p", "journey-more") == []


def test_journey_cap_in_japanese(make_project: MakeProject) -> None:
    project = make_project(only_numbered(10, **{"plansite.yaml": JA_CONFIG}))
    site = build(project, layout=FOUR_CARDS).output
    assert [text for _, text in links_in(site / "journeys/cfo.html", "p", "journey-more")] == [
        "このセルの残り 6 件を見る"
    ]


# -- the pager's page numbers -----------------------------------------------------------


def test_elided_range() -> None:
    assert elided_range(1, 1) == (1,)
    assert elided_range(4, 7) == (1, 2, 3, 4, 5, 6, 7)
    assert elided_range(1, 50) == (1, 2, 3, None, 50)
    assert elided_range(5, 50) == (1, 2, 3, 4, 5, 6, 7, None, 50)
    assert elided_range(25, 50) == (1, None, 23, 24, 25, 26, 27, None, 50)
    assert elided_range(50, 50) == (1, None, 48, 49, 50)


@pytest.mark.parametrize("count", range(1, 40))
def test_elided_range_keeps_ends_and_neighbours(count: int) -> None:
    for number in range(1, count + 1):
        shown = elided_range(number, count)
        pages_ = [n for n in shown if n is not None]
        assert pages_ == sorted(set(pages_)) and pages_[0] == 1 and pages_[-1] == count
        assert number in pages_
        assert all(n in pages_ for n in range(max(1, number - 2), min(count, number + 2) + 1))
        assert shown[0] is not None and shown[-1] is not None
        assert all(a is not None or b is not None for a, b in itertools.pairwise(shown))


def overdue_items(count: int) -> dict[str, str | bytes | None]:
    """``count`` planned items dated in September: overdue on 22 November."""
    return {
        "content/blog/first.md": None,
        "content/sales/demo.md": None,
        **numbered_items(count, first=date(2026, 9, 1)),
    }


def test_the_dashboard_lists_twenty_overdue_items_and_links_to_all(
    make_project: MakeProject,
) -> None:
    root = make_project(overdue_items(25))
    site = build(root, today=date(2026, 11, 22)).output
    html = (site / "index.html").read_text(encoding="utf-8")
    overdue = html.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert overdue.count("<li>") == Layout().dashboard_items == 20
    assert "All 25 overdue items" in overdue
    assert 'href="calendar.html#overdue"' in overdue
    calendar = (site / "calendar.html").read_text(encoding="utf-8")
    listed = calendar.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert listed.count("<li>") == 25  # the calendar has them all


def test_a_short_overdue_list_has_no_link(make_project: MakeProject) -> None:
    root = make_project(overdue_items(3))
    html = (build(root, today=date(2026, 11, 22)).output / "index.html").read_text("utf-8")
    assert "overdue items" not in html.split('id="overdue"', 1)[1].split("</section>", 1)[0]
