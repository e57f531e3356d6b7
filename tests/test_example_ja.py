"""The Japanese example project: valid, built, and Japanese throughout."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from generator.build import build
from tests.helpers import REPO, run
from tests.sitecheck import broken_links, text_of


@pytest.fixture
def ja_site(tmp_path: Path) -> Path:
    root = tmp_path / "ja"
    shutil.copytree(REPO / "examples/ja", root)
    return build(root).output


def test_japanese_example_checks_clean() -> None:
    """The only problems are the pages of the web site that no item plans: GA4 and
    Search Console list the whole site, and each file says so once."""
    result = run("--project", REPO / "examples/ja", "check", "--format", "json")
    assert result.exit_code == 0, result.output
    problems = [(p["path"], p["line"], p["code"]) for p in json.loads(result.output)]
    assert problems == [
        ("results/ga4-pages-and-screens.csv", 12, "unmatched-pages"),
        ("results/search-console-pages.csv", 2, "unmatched-pages"),
    ]


def test_japanese_results_are_read_and_shown(ja_site: Path) -> None:
    """The GA4 export as Excel on Japanese Windows saves it (Shift_JIS, CRLF, Japanese
    column names and comment lines) is read, and the Results page speaks Japanese."""
    raw = (REPO / "examples/ja/results/ga4-pages-and-screens.csv").read_bytes()
    assert b"\r\n" in raw and "開始日".encode("cp932") in raw
    kpi = (ja_site / "exports/kpi.csv").read_text(encoding="utf-8-sig")
    assert "blog/closing-hours-hidden-cost,pv,1200,2140,1.7833" in kpi
    assert "blog/closing-hours-hidden-cost,position,10,6.8,1.4706" in kpi
    assert "download/kintai-review-guidebook,downloads,300,383,1.2767" in kpi
    results = text_of(ja_site / "results.html")
    for label in (
        "ステージ別の実績ファネル",
        "達成率：ペルソナ × ステージ",
        "減少傾向",
        "あと一歩",
    ):
        assert label in results
    heat = (ja_site / "results.html").read_text(encoding="utf-8")
    # the heat map's stages run as the funnel does
    assert heat.index(">問題認知</th>") < heat.index(">継続利用</th>")
    item = text_of(ja_site / "items/download/kintai-review-guidebook.html")
    assert "2026/11/16〜11/22" in item and "ダウンロード数 300" in item


def test_japanese_site_speaks_japanese(ja_site: Path) -> None:
    index = (ja_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in index
    text = text_of(ja_site / "index.html")
    for label in (
        "ダッシュボード",
        "コンテンツマトリクス",
        "ギャップレポート",
        "配信カレンダー",
        "ステージ別カバー率",
        "次に作るべきコンテンツ",
    ):
        assert label in text
    calendar = text_of(ja_site / "calendar.html")
    assert "2026年11月" in calendar and "勤労感謝の日" in calendar
    headers = (ja_site / "calendar.html").read_text(encoding="utf-8")
    assert headers.index('<th scope="col">日</th>') < headers.index('<th scope="col">月</th>')
    assert "2026年11月23日(月)" in text_of(
        ja_site / "items/blog/labor-thanksgiving-work-hours.html"
    )
    assert broken_links(ja_site) == []


def test_japanese_gap_messages(ja_site: Path) -> None:
    gaps = (ja_site / "exports/gaps.csv").read_text(encoding="utf-8-sig")
    assert "計画中のコンテンツがありません" in gaps


def test_japanese_story_holds_at_its_pinned_today(ja_site: Path) -> None:
    """At the pinned today, Mon 7 Dec 2026: 加藤 大地 (capacity 2) has three deadlines in
    the week of the year-end clinic, Mon 14 Dec, which is still ahead: the clinic's own
    (the 14th), the comparison article's draft (the 15th) and the simulator's (the
    16th). The 36協定 article's draft, due Fri 30 Oct, is the one missed deadline; it
    and the unowned tips article in review (Mon 30 Nov) are the only overdue pieces."""
    gaps = list(csv.DictReader(io.StringIO((ja_site / "exports/gaps.csv").read_text("utf-8-sig"))))
    over = [r for r in gaps if r["code"] == "over-capacity"]
    assert [(r["owner"], r["date"]) for r in over] == [("kato.daichi", "2026-12-14")]
    assert "2026年12月14日(月) の週、加藤 大地 の進行中のコンテンツが 3 件" in over[0]["message"]
    missed = [(r["item"], r["date"]) for r in gaps if r["code"] == "missed-deadline"]
    assert missed == [("blog/overtime-cap-basics", "2026-10-30")]
    overdue = sorted(r["item"] for r in gaps if r["code"] == "overdue")
    assert overdue == ["blog/overtime-cap-basics", "blog/year-end-shift-planning-tips"]
    items = json.loads((ja_site / "exports/items.json").read_text("utf-8"))
    week = {
        i["id"]
        for i in items
        if i["owner"] == "kato.daichi"
        and "2026-12-14" <= (i["effective_deadline"] or "") <= "2026-12-20"
    }
    assert week == {
        "webinar/year-end-closing-clinic",
        "blog/cloud-vs-payroll-bundled-attendance",
        "download/roi-simulator",
    }
    assert "3／2 件 上限超過" in text_of(ja_site / "workload.html")


def test_no_english_label_leaks_into_japanese_pages(ja_site: Path) -> None:
    from generator.site.i18n import LABELS

    english = {en for en, ja in LABELS.values() if en != ja and " " in en and "{" not in en}
    for page in sorted(ja_site.rglob("*.html")):
        text = text_of(page)
        leaked = sorted(label for label in english if label in text)
        assert leaked == [], (page, leaked)
