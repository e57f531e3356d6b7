"""The site's interactive parts in a real browser: Playwright driving the system Chromium.

Skipped only when Chromium is absent and ``CI`` is unset; in CI a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.build import build
from generator.site.pages import Layout
from tests.conftest import MakeProject
from tests.helpers import numbered_items

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


JA_ITEM = """---
title: 勤怠管理の見直しチェックリスト
persona: cfo
stage: awareness
channel: blog
tags: [勤怠, チェックリスト]
---
# 月末の締め作業

打刻漏れと残業申請の確認を、毎月の締め前に終わらせるための手順です。
"""


@pytest.fixture
def site(make_project: MakeProject) -> Path:
    root = make_project({"content/blog/kintai.md": JA_ITEM})
    return build(root).output


def test_file_url_navigation_and_links(page: Page, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name="Content matrix").first.click()
    assert page.url.endswith("/matrix.html")
    page.get_by_role("link", name="CFO").first.click()
    assert page.url.endswith("/personas/cfo.html")
    page.get_by_role("link", name="First post").first.click()
    assert page.url.endswith("/items/blog/first.html")
    page.get_by_role("link", name="Demo").first.click()
    assert page.url.endswith("/items/sales/demo.html")
    assert page.locator("h1").inner_text() == "Demo"


def test_search_finds_english_and_japanese(page: Page, site: Path) -> None:
    page.goto((site / "search.html").as_uri())
    page.fill("#search-q", "live demo")
    assert page.locator("#search-results li").first.inner_text().startswith("Demo")
    page.fill("#search-q", "残業申請")
    results = page.locator("#search-results li a")
    assert results.count() == 1 and results.first.inner_text() == "勤怠管理の見直しチェックリスト"
    results.first.click()
    assert page.url.endswith("/items/blog/kintai.html")


def test_header_search_from_a_deep_page(page: Page, site: Path) -> None:
    page.goto((site / "items/blog/first.html").as_uri())
    page.fill("#header-q", "チェックリスト")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search.html?q=*")
    assert page.locator("#search-results li").count() == 1


def test_journey_map_draws_next_step_arrows(page: Page, site: Path) -> None:
    page.goto((site / "journeys/cfo.html").as_uri())
    assert page.locator("svg.journey-arrows path[marker-end]").count() >= 1


def test_journey_arrows_only_join_the_cards_shown(page: Page, make_project: MakeProject) -> None:
    files = numbered_items(6)  # 1 to 6 November, beside the base project's First post
    files["content/list/item-002.md"] = str(files["content/list/item-002.md"]).replace(
        "date:", "next: [sales/demo, list/item-000]\ndate:"
    )
    layout = Layout(journey_cards=2)
    site = build(make_project(files), today=date(2026, 11, 3), layout=layout).output
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "journeys/cfo.html").as_uri())
    cards = page.locator("[data-item]")
    # the awareness column shows item-002 and First post; item-000, a next step, is left out
    assert cards.count() == 3 and page.locator('[data-item="list/item-000"]').count() == 0
    assert page.locator("svg.journey-arrows path[marker-end]").count() == 2
    assert errors == []


def test_pager_moves_between_pages_from_disk(page: Page, make_project: MakeProject) -> None:
    site = build(make_project(), layout=Layout(list_page_size=1)).output  # two pages of one
    page.goto((site / "items.html").as_uri())
    pager = page.get_by_role("navigation", name="Pages", exact=True)
    pager.get_by_role("link", name="Next").click()
    assert page.url.endswith("/page/items/2.html")
    assert page.locator("h1").inner_text() == "Items — page 2 of 2"
    assert page.locator("table.items tbody tr").count() == 1
    assert pager.locator("[aria-current=page]").inner_text() == "2"
    pager.get_by_role("link", name="Page 1").click()
    assert page.url.endswith("/items.html")
    assert page.get_by_role("link", name="First post").count() == 1


def test_no_console_errors(page: Page, site: Path) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name in (
        "index.html",
        "matrix.html",
        "gaps.html",
        "calendar.html",
        "search.html",
        "journeys/cfo.html",
        "items/blog/first.html",
    ):
        page.goto((site / name).as_uri())
    assert errors == []


def cell_text(page: Page, persona: str, stage: str) -> str:
    selector = f'#matrix-table td[data-persona="{persona}"][data-stage="{stage}"] .counts'
    return page.locator(selector).inner_text()


def test_matrix_filters_recount_cells(page: Page, site: Path) -> None:
    page.goto((site / "matrix.html").as_uri())
    assert cell_text(page, "cfo", "awareness") == "1 / 2 / 0"  # first (published), kintai
    page.select_option('select[name="status"]', "published")
    assert cell_text(page, "cfo", "awareness") == "1 / 1 / 0"
    page.select_option('select[name="status"]', "")
    page.select_option('select[name="channel"]', "sales")
    assert cell_text(page, "cfo", "awareness") == "0 / 0 / 0"
    assert cell_text(page, "cfo", "decision") == "0 / 1 / 0"
    cls = page.locator('#matrix-table td[data-persona="cfo"][data-stage="awareness"]')
    assert "state-empty" in (cls.get_attribute("class") or "")
    page.click('#matrix-filters button[type="reset"]')
    page.wait_for_function(
        "document.querySelector('td[data-persona=cfo][data-stage=awareness] .counts')"
        ".textContent === '1 / 2 / 0'"
    )


def test_matrix_reads_right_without_javascript(browser: Browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((site / "matrix.html").as_uri())
    assert not tab.locator("#matrix-filters").is_visible()
    assert cell_text(tab, "cfo", "awareness") == "1 / 2 / 0"
    context.close()


def test_calendar_moves_between_months(page: Page, make_project: MakeProject) -> None:
    root = make_project(
        {
            "plansite.yaml": "title: Cal\ntoday: 2026-11-22\n"
            "calendar: {weeks_back: 4, weeks_ahead: 8}\n"
        }
    )
    site = build(root).output
    page.goto((site / "calendar.html").as_uri())
    visible = page.locator("section.month:visible h2")
    assert visible.count() == 1 and visible.inner_text() == "November 2026"
    page.get_by_role("button", name="Next month").click()
    assert page.locator("section.month:visible h2").inner_text() == "December 2026"
    assert page.locator("section.month:visible").get_by_text("Demo").count() == 1
    page.get_by_role("button", name="Previous month").click()
    page.get_by_role("button", name="Previous month").click()
    assert page.locator("section.month:visible h2").inner_text() == "October 2026"
    assert page.get_by_role("button", name="Previous month").is_disabled()


def test_gap_report_prints_on_a4(page: Page, site: Path) -> None:
    page.goto((site / "gaps.html").as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".header-search").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
