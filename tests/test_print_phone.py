"""Pages on paper and on a phone, in the system Chromium: wide tables fit an A4 page, the
calendar prints without a blank first page, the matrix stays readable at 375 px with its
row names in view, today shows on the phone calendar, every channel has a colour of its
own, and nothing on the page moves once it has been drawn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from statistics import median

import pytest
from playwright.sync_api import Browser, Page

from generator.build import build
from generator.site.palette import BACKGROUNDS, MIN_CONTRAST, contrast
from tests.conftest import MakeProject
from tests.sitecheck import pdf_page_texts

pytestmark = pytest.mark.browser

#: The width of an A4 page inside 15 mm margins, in CSS pixels (180 mm at 96 dpi).
A4_TEXT_WIDTH = 680
#: The widest pages of each example: the matrix and its channel tables, results heat
#: maps, the calendar, long gap and item tables, a matrix cell's list.
WIDE_PAGES = {
    "en": ["matrix.html", "results.html", "calendar.html", "gaps.html", "index.html",
           "items.html", "page/matrix/cfo/information-gathering/2.html", "trends.html"],
    "ja": ["matrix.html", "results.html", "calendar.html", "gaps.html", "index.html",
           "items.html", "journeys/hr-director.html"],
}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def paper(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
    tab = context.new_page()
    tab.emulate_media(media="print")
    yield tab
    context.close()


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table')]
  .filter(t => t.getBoundingClientRect().width > 0)
  .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1
            || t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(t => (t.id || t.className) + ': ' + t.scrollWidth + ' px in '
            + t.parentElement.clientWidth + ' px')"""


@pytest.mark.parametrize("language", ["en", "ja"])
def test_wide_tables_fit_an_a4_page(
    paper: Page, example_sites: dict[str, Path], language: str
) -> None:
    for name in WIDE_PAGES[language]:
        paper.goto((example_sites[language] / name).as_uri())
        assert paper.evaluate(OVERFLOWING_TABLES) == [], (language, name)
        width = paper.evaluate("document.documentElement.scrollWidth")
        assert width <= A4_TEXT_WIDTH, (language, name, width)
        # no scroll box is left to cut a table off, and the screen-only parts are gone
        clipped = paper.evaluate(
            "[...document.querySelectorAll('.table-wrap')]"
            ".filter(w => getComputedStyle(w).overflowX !== 'visible').length"
        )
        assert clipped == 0, (language, name)
        for hidden in (".site-header nav", ".header-search", "#matrix-filters", "#month-nav"):
            assert paper.locator(hidden).count() == 0 or not paper.locator(hidden).is_visible()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_calendar_prints_on_sane_pages(
    paper: Page, example_sites: dict[str, Path], language: str
) -> None:
    paper.goto((example_sites[language] / "calendar.html").as_uri())
    months = paper.locator("section.month").count()
    texts = pdf_page_texts(paper.pdf(format="A4"))
    # a month a page, with the legend, the agenda and the lists after them
    assert months <= len(texts) <= months + 3, texts
    # the first page holds the first month, not just the heading
    assert texts[0] >= 0.3 * median(texts), texts
    assert paper.locator("section.month").first.is_visible()


def test_the_channel_tables_read_on_a_phone(phone: Page, example_sites: dict[str, Path]) -> None:
    for language in ("ja", "en"):
        phone.goto((example_sites[language] / "matrix.html").as_uri())
        cells = phone.evaluate(
            """[...document.querySelectorAll('table.numbers th, table.numbers td')]
              .map(c => { const text = document.createRange(); text.selectNodeContents(c);
                return [c.textContent.trim(), c.getBoundingClientRect().width,
                        c.tagName === 'TD' ? text.getBoundingClientRect().height : 0]; })"""
        )
        assert cells
        line = phone.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('table.numbers td')).lineHeight)"
        )
        for text, width, height in cells:
            assert width >= 56, (language, text, width)  # no column squeezed to a letter
            assert height < 1.5 * line, (language, text, height)  # counts on one line


@pytest.mark.parametrize("table", ["#matrix-table", "table.numbers"])
def test_the_first_column_stays_in_view_when_a_table_scrolls(
    phone: Page, example_sites: dict[str, Path], table: str
) -> None:
    phone.goto((example_sites["ja"] / "matrix.html").as_uri())
    wrap = phone.locator(f".table-wrap:has({table})").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # it does scroll sideways
    wrap.evaluate("w => { w.scrollLeft = 300; }")
    left = wrap.evaluate("w => w.getBoundingClientRect().left")
    first = wrap.locator("tbody th[scope=row]").first
    assert abs(first.evaluate("c => c.getBoundingClientRect().left") - left) <= 1
    corner = wrap.locator("thead th").first
    assert abs(corner.evaluate("c => c.getBoundingClientRect().left") - left) <= 1
    # and it is painted over the cells that slide under it
    first.scroll_into_view_if_needed()
    x, y = first.evaluate(
        "c => { const r = c.getBoundingClientRect(); return [r.left + 4, r.top + r.height / 2]; }"
    )
    assert first.evaluate(f"(c, p) => c.contains(document.elementFromPoint({x}, {y}))", None)


def test_today_shows_on_the_phone_calendar(phone: Page, example_sites: dict[str, Path]) -> None:
    # Mon 7 Dec 2026, the examples' today: one piece goes out that day in each (the
    # year-end close survival guide; the Asahino Logistics case study)
    for language in ("en", "ja"):
        phone.goto((example_sites[language] / "calendar.html").as_uri())
        today = phone.locator("#today")
        assert today.is_visible()
        assert today.locator(".entry").count() == 1
        phone.locator('a[href="#today"]').click()
        assert today.evaluate(
            "c => { const r = c.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }"
        )


def test_every_channel_has_its_own_colour(phone: Page, make_project: MakeProject) -> None:
    ids = [f"c{n:02d}" for n in range(14)]
    channels = "".join(f"  {c}: {{name: Channel {c}}}\n" for c in ids)
    items = {
        f"content/{c}.md": f"---\ntitle: On {c}\npersona: cfo\nstage: awareness\nchannel: {c}\n"
        f"date: 2026-11-{n + 2:02d}\n---\nBody.\n"
        for n, c in enumerate(ids)
    }
    config = f"title: T\ntoday: 2026-11-10\nchannels:\n{channels}  blog: {{}}\n  sales: {{}}\n"
    root = make_project({"plansite.yaml": config, **items})
    site = build(root).output
    for scheme in ("light", "dark"):
        phone.emulate_media(color_scheme=scheme)
        phone.goto((site / "calendar.html").as_uri())
        swatches = phone.locator(".legend .swatch.ch").evaluate_all(
            "s => s.map(e => getComputedStyle(e).backgroundColor)"
        )
        borders = phone.locator("section.month .entry").evaluate_all(
            "s => s.map(e => [e.querySelector('.ch-name').textContent,"
            " getComputedStyle(e).borderLeftColor])"
        )
        assert len(swatches) >= len(ids) and len(set(swatches)) == len(swatches)
        by_channel = {name: colour for name, colour in borders}
        assert len(by_channel) >= len(ids) and len(set(by_channel.values())) == len(by_channel)
        for colour in swatches:
            red, green, blue = (int(v) for v in re.findall(r"\d+", colour)[:3])
            hex_colour = f"#{red:02x}{green:02x}{blue:02x}"
            assert all(contrast(hex_colour, bg) >= MIN_CONTRAST for bg in BACKGROUNDS)


LAYOUT_SHIFTS = """
window.__shift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) { window.__shift += entry.value; }
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("width", [375, 1280])
def test_nothing_moves_after_the_page_is_drawn(
    browser: Browser, example_sites: dict[str, Path], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 812})
    context.add_init_script(LAYOUT_SHIFTS)
    tab = context.new_page()
    shifts = {}
    for language in ("en", "ja"):
        for name in ("calendar.html", "matrix.html", "journeys/it-manager.html", "search.html"):
            path = example_sites[language] / name
            if not path.exists():
                continue
            tab.goto(path.as_uri())
            tab.wait_for_timeout(300)
            shifts[language, name] = tab.evaluate("window.__shift")
    context.close()
    assert shifts and all(value < 0.01 for value in shifts.values()), shifts
