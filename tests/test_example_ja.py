"""The Japanese example project: valid, built, and Japanese throughout."""

from __future__ import annotations

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
    result = run("--project", REPO / "examples/ja", "check", "--strict")
    assert result.exit_code == 0, result.output


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


def test_no_english_label_leaks_into_japanese_pages(ja_site: Path) -> None:
    from generator.site.i18n import LABELS

    english = {en for en, ja in LABELS.values() if en != ja and " " in en and "{" not in en}
    for page in sorted(ja_site.rglob("*.html")):
        text = text_of(page)
        leaked = sorted(label for label in english if label in text)
        assert leaked == [], (page, leaked)
