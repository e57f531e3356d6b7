"""Actuals, attainments, heat-map cells and the results gaps, worked out by hand.

Today is 2026-06-30 and the window is 90 days: 2026-04-01 to 2026-06-30, both included.

- x (persona p, stage a, blog): pv rows 300 (06-01), 100 (05-01), 50 (04-01, the window's
  first day) count; 1000 (03-31) and 9999 (07-01, after today) do not. pv 450 / 562.5 =
  0.8, exactly ``miss_below``: no gap. bounce_rate 0.6 × 300 and 0.3 × 100 weighted:
  0.525; lower is better, 0.5 / 0.525 = 0.952.
- y (personas p, q, stages a, b, mail): pv 150 / 200 = 0.75 (medium); cvr 0.02 / 0.04 =
  0.5 (medium: high is below 0.5); conversions 3.
- z (persona q, stage b, blog) is archived: its pv 1000 counts nowhere.
- w: bounce_rate 0 against 0.4, lower is better: met, no attainment, no gap.
- g published 14 days ago (the grace period) without rows: no gap; h 15 days ago: no-results.

Stage a pv: x 450 + y 150 = 600 / 1000 = 0.6. Stage b cvr: y 0.02 / 0.05 = 0.4 (high).
Channel blog pv: x 450 / 400 = 1.125. Channel mail conversions: y 3 / 10 = 0.3.
Cells: the mean of each item's targets capped at 1.0 — x [0.8, 0.952], y [0.75, 0.5].
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.analysis import Analysis, analyse
from generator.build import load_project

ITEM = (
    "---\ntitle: {id}\npersona: {persona}\nstage: {stage}\nchannel: {channel}\n"
    "status: {status}\ndate: {date}\nurl: https://ex.com/{id}/\nkpi: {kpi}\n---\nbody\n"
)
ITEMS = {
    "x": ("p", "a", "blog", "published", "2026-01-01", "{pv: 562.5, bounce_rate: 0.5}"),
    "y": ("[p, q]", "[a, b]", "mail", "published", "2026-01-01", "{pv: 200, cvr: 0.04}"),
    "z": ("q", "b", "blog", "archived", "2026-01-01", "{pv: 100}"),
    "w": ("q", "a", "blog", "published", "2026-01-01", "{bounce_rate: 0.4}"),
    "g": ("p", "a", "blog", "published", "2026-06-16", "{pv: 10}"),
    "h": ("p", "a", "blog", "published", "2026-06-15", "{pv: 10}"),
}
ROWS = """date,item,metric,value,weight
2026-06-01,x,pv,300,
2026-05-01,x,pv,100,
2026-04-01,x,pv,50,
2026-03-31,x,pv,1000,
2026-07-01,x,pv,9999,
2026-06-01,x,bounce_rate,0.6,300
2026-05-01,x,bounce_rate,0.3,100
2026-06-01,y,pv,150,
2026-06-01,y,cvr,0.02,150
2026-06-01,y,conversions,3,
2026-06-01,z,pv,1000,
2026-06-01,w,bounce_rate,0,
"""
CONFIG = """title: T
today: 2026-06-30
channels:
  blog: {kpi: {pv: 400}}
  mail: {kpi: {conversions: 10}}
"""


def write_project(root: Path, rows: str = ROWS) -> Path:
    files = {
        "plansite.yaml": CONFIG,
        "stages/01-a.md": "---\nname: A\nkpi: {pv: 1000}\n---\n",
        "stages/02-b.md": "---\nname: B\nkpi: {cvr: 0.05}\n---\n",
        "personas/p.md": "---\nname: P\n---\n",
        "personas/q.md": "---\nname: Q\n---\n",
        "results/long.csv": rows,
    }
    for item, (persona, stage, channel, status, day, kpi) in ITEMS.items():
        files[f"content/{item}.md"] = ITEM.format(
            id=item, persona=persona, stage=stage, channel=channel, status=status, date=day, kpi=kpi
        )
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def analysis(tmp_path: Path) -> Analysis:
    loaded = load_project(write_project(tmp_path))
    assert loaded.project is not None, loaded.diagnostics
    return analyse(loaded.project)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def test_item_targets(analysis: Analysis) -> None:
    got = {(t.id, t.metric): (_round(t.actual), _round(t.attainment), t.met)
           for t in analysis.results.targets}
    assert got[("x", "pv")] == (450, 0.8, False)
    assert got[("x", "bounce_rate")] == (0.525, 0.952, False)
    assert got[("y", "pv")] == (150, 0.75, False)
    assert got[("y", "cvr")] == (0.02, 0.5, False)
    assert got[("w", "bounce_rate")] == (0, None, True)
    assert got[("g", "pv")] == (None, None, None)


def test_stage_and_channel_targets(analysis: Analysis) -> None:
    got = [(t.scope, t.id, t.metric, _round(t.actual), _round(t.attainment))
           for t in analysis.results.groups]
    assert got == [
        ("stage", "a", "pv", 600, 0.6),
        ("stage", "b", "cvr", 0.02, 0.4),
        ("channel", "blog", "pv", 450, 1.125),
        ("channel", "mail", "conversions", 3, 0.3),
    ]


def test_heat_map_cells(analysis: Analysis) -> None:
    results = analysis.results
    persona_stage = {(c.row, c.column): (_round(c.attainment), c.targets)
                     for c in results.persona_stage}
    # w's bounce_rate met by 0 counts as 1.0 in (q, a)
    assert persona_stage == {
        ("p", "a"): (0.751, 4), ("p", "b"): (0.625, 2),
        ("q", "a"): (0.75, 3), ("q", "b"): (0.625, 2),
    }
    stage_channel = {(c.row, c.column): (_round(c.attainment), c.targets)
                     for c in results.stage_channel}
    assert stage_channel == {
        ("a", "blog"): (0.917, 3), ("a", "mail"): (0.625, 2),
        ("b", "blog"): (None, 0), ("b", "mail"): (0.625, 2),
    }


def test_near_misses_make_exactly_the_gaps_expected(analysis: Analysis) -> None:
    gaps = sorted((g.code, g.severity, g.item or "", "" if g.item else g.stage or "",
                   "" if g.item else g.channel or "", g.metric)
                  for g in analysis.gaps.gaps if g.metric)
    assert gaps == [
        ("kpi-miss", "high", "", "", "mail", "conversions"),
        ("kpi-miss", "high", "", "b", "", "cvr"),
        ("kpi-miss", "medium", "", "a", "", "pv"),
        ("kpi-miss", "medium", "y", "", "", "cvr"),
        ("kpi-miss", "medium", "y", "", "", "pv"),
        ("no-results", "low", "h", "", "", "pv"),
    ]


def test_combined_rows_and_series(analysis: Analysis) -> None:
    results = analysis.results
    assert len(results.rows) == 12
    assert [p.value for p in results.trend("x", "pv")] == [1000, 50, 100, 300, 9999]
    assert results.measured == {"x", "y", "z", "w"}
    assert results.funnel_metrics == ("pv", "conversions")
    assert [(s.stage, s.values) for s in results.funnel] == [
        ("a", (("pv", 600.0), ("conversions", 3.0))),
        ("b", (("pv", 150.0), ("conversions", 3.0))),
    ]
