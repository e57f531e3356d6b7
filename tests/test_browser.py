"""The site's interactive parts in a real browser: Playwright driving the system Chromium.

Skipped only when Chromium is absent and ``CI`` is unset; in CI a missing browser fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build
from tests.conftest import MakeProject

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (and CI is unset)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


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
