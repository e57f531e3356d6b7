"""Exports as the tools write them (tests/fixtures/results/): GA4 "Pages and screens" in
English (UTF-8 with a BOM) and in Japanese (Shift_JIS), Search Console "Pages" in English
and Japanese, and a mail tool's campaign export read through a column mapping."""

from __future__ import annotations

from datetime import date

from generator.load.metrics import builtin_metrics
from generator.load.results_files import decode_results, read_results_file
from generator.model import ResultsFile
from tests.helpers import REPO

FIXTURES = REPO / "tests" / "fixtures" / "results"
METRICS = builtin_metrics()
MAY = (date(2026, 5, 1), date(2026, 5, 31))


def read(name: str, spec: ResultsFile | None = None) -> dict[tuple[str, str], tuple[object, ...]]:
    found = read_results_file(f"results/{name}", (FIXTURES / name).read_bytes(), spec, METRICS)
    assert found.diagnostics == (), found.diagnostics
    return {(r.key, r.metric): (r.start, r.end, r.value, r.weight) for r in found.rows}


def test_ga4_english_with_bom() -> None:
    assert decode_results((FIXTURES / "ga4-pages-en.csv").read_bytes())[1] == "UTF-8"
    rows = read("ga4-pages-en.csv")
    assert rows[("/blog/expense-automation/", "pv")] == (*MAY, 2316, None)
    assert rows[("/blog/expense-automation/", "users")] == (*MAY, 1540, None)
    engagement = rows[("/blog/expense-automation/", "engagement_time")]
    assert engagement[:2] == MAY and engagement[3] == 1540  # weighted by active users
    assert round(float(str(engagement[2])), 3) == 95.214
    assert rows[("/pricing/", "conversions")] == (*MAY, 87, None)
    assert {key for key, _ in rows} == {
        "/", "/blog/expense-automation/", "/blog/invoice-checklist/", "/pricing/", "/tag/finance/"
    }  # the totals row (no page path) is skipped


def test_ga4_japanese_in_shift_jis() -> None:
    assert decode_results((FIXTURES / "ga4-pages-ja-sjis.csv").read_bytes())[1] == "Shift_JIS"
    rows = read("ga4-pages-ja-sjis.csv")
    april = (date(2026, 4, 1), date(2026, 4, 30))
    page = "/blog/%E7%B5%8C%E8%B2%BB%E7%B2%BE%E7%AE%97/"
    assert rows[(page, "pv")] == (*april, 1245, None)
    assert rows[(page, "users")] == (*april, 932, None)
    assert rows[(page, "engagement_time")] == (*april, 84.6, 932)
    assert rows[("/seminar/2026-04/", "conversions")] == (*april, 56, None)
    assert ("/お問い合わせ/", "pv") in rows


def test_search_console_english_and_japanese() -> None:
    spec = ResultsFile("search-console-pages-en.csv", None, *MAY)
    rows = read("search-console-pages-en.csv", spec)
    page = "https://www.example.com/blog/expense-automation/"
    assert rows[(page, "clicks")] == (*MAY, 412, None)
    assert rows[(page, "impressions")] == (*MAY, 18930, None)
    assert rows[(page, "ctr")][2:] == (0.0218, 18930)
    assert rows[(page, "position")] == (*MAY, 7.41, 18930)
    japanese = ResultsFile("search-console-pages-ja.csv", None, *MAY)
    rows = read("search-console-pages-ja.csv", japanese)
    page = "https://www.example.jp/seminar/2026-04/"
    assert rows[(page, "impressions")] == (*MAY, 930, None)  # 表示回数 is impressions here
    assert rows[(page, "position")] == (*MAY, 9.15, 930)
    assert (page, "pv") not in rows


def test_mail_campaign_export_through_a_column_mapping() -> None:
    columns = (("item", "Campaign Name"), ("date", "Send Date"), ("sends", "Delivered"),
               ("open_rate", "Open Rate"), ("ctr", "Click Rate"),
               ("unsubscribe_rate", "Unsubscribe Rate"))
    rows = read("mail-campaigns.csv", ResultsFile("mail-campaigns.csv", "columns", None, None,
                                                  columns))
    day = date(2026, 5, 12)
    assert rows[("newsletter-2026-05", "sends")] == (day, day, 4168, None)
    assert rows[("newsletter-2026-05", "open_rate")] == (day, day, 0.368, 4168)
    assert rows[("newsletter-2026-05", "unsubscribe_rate")] == (day, day, 0.0022, 4168)
    assert rows[("webinar-invite-june", "ctr")][2] == 0.0762
