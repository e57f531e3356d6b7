"""The calendar's deadline view and owner filter, and the matrix's owner filter, in a
real browser opened on the site from disk (Playwright driving the system Chromium).

Skipped only when Chromium is absent and ``CI`` is unset; in CI a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.build import build
from tests.conftest import MakeProject
from tests.test_people import PEOPLE

pytestmark = pytest.mark.browser


@pytest.fixture
def site(make_project: MakeProject) -> Path:
    return build(make_project(PEOPLE)).output


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def test_calendar_switches_to_deadlines_and_filters_by_owner(page: Page, site: Path) -> None:
    page.goto((site / "calendar.html").as_uri())
    dates, deadlines = page.locator(".dates-view"), page.locator("section.deadlines-view")
    assert dates.is_visible() and not deadlines.is_visible()
    page.get_by_role("radio", name="Deadlines").check()
    assert deadlines.is_visible() and not dates.is_visible()
    rows = deadlines.locator("li")
    assert rows.filter(has_text="A1").is_visible() and rows.filter(has_text="K3").is_visible()
    page.locator("#calendar-filters select").select_option(label="Ken Sato")
    assert rows.filter(has_text="K3").is_visible()
    assert not rows.filter(has_text="A1").is_visible()
    page.get_by_role("radio", name="Publication dates").check()
    assert dates.is_visible()
    agenda = page.locator("#agenda ~ ul.agenda li")
    assert not agenda.filter(has_text="A4").first.is_visible()  # aiko's, filtered out
    assert agenda.filter(has_text="K1").first.is_visible()


def test_deadline_switch_works_without_javascript(browser: Browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((site / "calendar.html").as_uri())
    assert tab.locator(".dates-view").is_visible()
    assert not tab.locator("#calendar-filters").is_visible()  # the filter needs JavaScript
    tab.get_by_role("radio", name="Deadlines").check()
    assert tab.locator("section.deadlines-view").is_visible()
    assert not tab.locator(".dates-view").is_visible()
    context.close()


def test_matrix_owner_filter_recounts_cells(page: Page, site: Path) -> None:
    page.goto((site / "matrix.html").as_uri())
    cell = page.locator('#matrix-table td[data-persona="cfo"][data-stage="awareness"] .counts')
    before = cell.inner_text()
    page.locator('#matrix-filters select[name="owner"]').select_option(label="Aiko Tanaka")
    # aiko: a1, a2, a3 planned; a4 and the base first post published; a5 an idea
    assert cell.inner_text() == "2 / 5 / 1" != before
