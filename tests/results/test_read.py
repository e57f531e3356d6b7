"""Reading results files: kinds, encodings, numbers, matching, and never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis import analyse
from generator.build import load_project
from generator.load.metrics import builtin_metrics
from generator.load.numbers import parse_number
from generator.load.results import normal_url
from generator.load.results_files import read_results_file
from generator.model import ResultsFile

METRICS = builtin_metrics()
GA4 = """# ----------------------------------------
# Pages and screens: Page path and screen class
# Start date: 20260501
# End date: 20260531
# ----------------------------------------
Page path and screen class,Views,Users,Average engagement time,Bounce rate
,"1,500",900,45,50%
/blog/x/,800,500,0:01:35,40%
"""
GA4_JA = """# 開始日: 20260501
# 終了日: 20260531
ページパスとスクリーン クラス,表示回数,ユーザー,平均エンゲージメント時間,直帰率
/blog/x/,"1,234",500,1m 35s,12.5%
"""


def rows(text: str | bytes, spec: ResultsFile | None = None) -> list[tuple[object, ...]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    read = read_results_file("results/f.csv", data, spec, METRICS)
    return [(r.key, r.metric, r.start, r.end, r.value, r.weight) for r in read.rows]


def test_numbers() -> None:
    assert parse_number("1,234") == 1234
    assert parse_number("12.5%") == 0.125
    assert parse_number("0:01:35") == 95
    assert parse_number("1m 35s") == 95
    assert parse_number("１２３") == 123
    assert parse_number("abc") is None and parse_number("nan") is None
    assert parse_number("1" * 100) is None


def test_ga4_english_skips_totals_and_reads_the_period() -> None:
    found = rows(GA4)
    may = (date(2026, 5, 1), date(2026, 5, 31))
    assert ("/blog/x/", "pv", *may, 800.0, None) in found
    assert ("/blog/x/", "engagement_time", *may, 95.0, 500.0) in found
    assert ("/blog/x/", "bounce_rate", *may, 0.4, 800.0) in found
    assert all(r[0] for r in found)  # the totals row is gone


def test_ga4_japanese_in_utf16_and_shift_jis() -> None:
    for data in (GA4_JA.encode("utf-16"), GA4_JA.encode("cp932"), GA4_JA.encode("utf-8-sig"),
                 GA4_JA.replace(",", "\t").replace('"1\t234"', "1234").encode("utf-16")):
        found = {r[1]: r[4] for r in rows(data)}
        assert found["pv"] in (1234.0,) and found["bounce_rate"] == 0.125, data[:20]
        assert found["engagement_time"] == 95.0


def test_search_console_japanese_impressions_and_period_from_settings() -> None:
    text = "上位のページ,クリック数,表示回数,CTR,掲載順位\nhttps://ex.com/blog/x,10,1000,1%,4.5\n"
    spec = ResultsFile("f.csv", start=date(2026, 5, 1), end=date(2026, 5, 31))
    found = {r[1]: (r[4], r[5]) for r in rows(text, spec)}
    assert found == {"clicks": (10, None), "impressions": (1000, None), "ctr": (0.01, 1000),
                     "position": (4.5, 1000)}
    read = read_results_file("results/f.csv", text.encode(), None, METRICS)
    assert [d.code for d in read.diagnostics] == ["results-period"]


def test_long_form_and_problems_are_located() -> None:
    text = "date,item,metric,value\n2026-06-01,x,pv,100\n2026-06-01/2026-06-07,x,pv,5\n" \
           "2026-06-02,x,pvv,1\n2026-06-03,x,pv,abc\n"
    read = read_results_file("results/f.csv", text.encode(), None, METRICS)
    assert [(r.start, r.end, r.value) for r in read.rows] == [
        (date(2026, 6, 1), date(2026, 6, 1), 100), (date(2026, 6, 1), date(2026, 6, 7), 5)]
    assert [(d.line, d.severity, d.code) for d in read.diagnostics] == [
        (4, "warning", "unknown-metric"), (5, "error", "results-number")]


def test_mapped_columns() -> None:
    spec = ResultsFile("f.csv", "columns", date(2026, 5, 1), date(2026, 5, 31),
                       (("item", "Campaign"), ("open_rate", "Open rate"), ("sends", "Sent")))
    found = rows("Campaign,Sent,Open rate,Other\nnews-1,2000,25%,x\n", spec)
    assert ("news-1", "open_rate", date(2026, 5, 1), date(2026, 5, 31), 0.25, 2000) in found


def test_normal_url() -> None:
    assert normal_url("https://ex.com/blog/%E6%97%A5/?utm=1#top") == "/blog/日"
    assert normal_url("blog/x/") == normal_url("/blog/x") == "/blog/x"


def test_bad_files_are_diagnostics_not_tracebacks() -> None:
    huge = "date,item,metric,value\n2026-06-01,x,pv," + "9" * 200_000 + "\n"
    for data in (b"\x00\x01\x02binary", huge.encode(), b"date,item,metric,value\n2026-06-0",
                 b"\xff\xfe\x00", b"", b"a,b\n1,2\n"):
        read = read_results_file("results/f.csv", data, None, METRICS)
        assert read.rows == () or read.diagnostics


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    read_results_file("results/f.csv", data, None, METRICS)
    read_results_file("results/f.csv", b"date,item,metric,value\n" + data, None, METRICS)
    read_results_file("results/f.csv", GA4.encode()[:120] + data, None, METRICS)


def test_end_to_end_kpi_and_bad_rows_do_not_stop_the_build(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "results").mkdir()
    (root / "results" / "ga4.csv").write_text(GA4 + "/nowhere,1,1,1,1%\n", encoding="utf-8")
    (root / "results" / "long.csv").write_text(
        "date,item,metric,value\n2026-06-01,x,pv,100\n2026-06-02,y,pv,1\n2026-06-03,x,pv,?\n",
        encoding="cp932")
    loaded = load_project(root)
    assert loaded.project is not None
    codes = sorted((d.path, d.severity, d.code) for d in loaded.diagnostics)
    assert ("results/long.csv", "warning", "unknown-item") in codes
    assert ("results/long.csv", "error", "results-number") in codes
    assert ("results/ga4.csv", "warning", "unmatched-pages") in codes
    results = analyse(loaded.project).results
    got = {(t.metric, t.actual, None if t.attainment is None else round(t.attainment, 3))
           for t in results.targets}
    assert got == {("pv", 900.0, 0.45), ("bounce_rate", 0.4, 1.25)}
    gaps = [(g.code, g.severity, g.metric) for g in analyse(loaded.project).gaps.gaps
            if g.metric]
    assert gaps == [("kpi-miss", "high", "pv")]


def _project(root: Path) -> Path:
    (root / "stages").mkdir()
    (root / "personas").mkdir()
    (root / "content").mkdir()
    (root / "plansite.yaml").write_text("title: T\ntoday: 2026-06-30\n", encoding="utf-8")
    (root / "stages" / "01-a.md").write_text("---\nname: A\n---\n", encoding="utf-8")
    (root / "personas" / "p.md").write_text("---\nname: P\n---\n", encoding="utf-8")
    (root / "content" / "x.md").write_text(
        "---\ntitle: X\npersona: p\nstage: a\nchannel: blog\nstatus: published\n"
        "date: 2026-01-01\nurl: https://ex.com/blog/x/\nkpi: {pv: 2000, bounce_rate: 50%}\n"
        "---\nbody\n", encoding="utf-8")
    return root


def test_declining_and_near_misses() -> None:
    from generator.analysis.result_gaps import declining
    from generator.analysis.results import Point

    pv = METRICS[0]
    day = date(2026, 1, 1)
    points = [Point(day, day, v) for v in (100.0, 100.0, 100.0)]
    assert declining([*points, Point(day, day, 70.0)], pv) is not None  # exactly 30 %
    assert declining([*points, Point(day, day, 70.1)], pv) is None  # 29.9 %
    assert declining(points, pv) is None  # three periods only
