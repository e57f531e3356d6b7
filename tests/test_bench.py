"""The benchmark keeps working: a small corpus, plansite's timed builds, the report's rows.

Only plansite is run (MkDocs and Hugo are not plansite dependencies) and not ``serve``,
whose rebuilds wait on the file watcher; the plansite measured is this work tree's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import write_corpus
from bench.measure import bench_size
from bench.report import LABELS, machine_info, report
from bench.serve import parse_json_line, parse_text_line
from bench.tools import Tools, plansite_in
from tests.helpers import REPO

N = 50
SEED = 20261122
PLANSITE_ROWS = (
    "plansite",
    "commonmark",
    "plansite-check",
    "plansite-nochange",
    "plansite-edit",
    "plansite-retitle",
)


def this_plansite() -> Tools:
    """plansite as this work tree has it, whichever copy is installed; no peers."""
    return plansite_in(Tools(plansite=(), mkdocs=None, hugo=None), REPO, "work tree")


def table_rows(text: str) -> dict[str, list[float]]:
    """The figures of each table row of a report, by the row's label."""
    names = {LABELS[label] for label in PLANSITE_ROWS}
    rows = {}
    for line in text.splitlines():
        name = line[:27].strip()
        if name in names:
            rows[name] = [float(figure) for figure in line[27:].split()]
    return rows


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow  # five builds of a 50-item corpus in subprocesses
def test_plansite_builds_are_timed_and_reported(tmp_path: Path) -> None:
    tools = this_plansite()
    result = bench_size(
        N,
        workdir=tmp_path / "bench",
        seed=SEED,
        repeat=1,
        tools=tools,
        selected=["plansite", "commonmark"],
        timeout=120,
        check=True,
        serve=False,
    )
    assert result.check["errors"] == 0 and result.check["warnings"] == 0
    assert [run.tool for run in result.runs] == list(PLANSITE_ROWS)
    assert all(run.ok for run in result.runs), [run.log for run in result.runs if not run.ok]
    text = report([result], machine_info(tools), repeat=1)
    assert f"N = {N} items, 1 alternating round(s)" in text
    rows = table_rows(text)
    assert set(rows) == {LABELS[label] for label in PLANSITE_ROWS}, text
    for name, (n, runs, wall, cpu, peak, pages, out_mb) in rows.items():
        assert (n, runs) == (N, 1), name
        assert min(wall, cpu, peak, pages, out_mb) > 0, f"{name}: {rows[name]}"
    assert "MkDocs" not in text and "Hugo" not in text and "serve," not in text
    assert "ratio" not in text  # no peer ran, so there is nothing to compare with
    # the edits were undone: every round builds the same corpus
    write_corpus(tmp_path / "fresh", N, SEED, ["plansite"])
    measured = snapshot(tmp_path / "bench" / f"n{N}" / "plansite")
    assert measured == snapshot(tmp_path / "fresh" / "plansite")


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    first, _ = write_corpus(tmp_path / "a", N, SEED)
    write_corpus(tmp_path / "b", N, SEED)
    write_corpus(tmp_path / "c", N, SEED + 1)
    a, b, c = (snapshot(tmp_path / name) for name in "abc")
    assert len(first) == N
    assert {path.split("/")[0] for path in a} == {"plansite", "commonmark", "mkdocs", "hugo"}
    # the commonmark project is the plansite one with the other engine, its items shared
    assert a["commonmark/plansite.yaml"] == a["plansite/plansite.yaml"] + (
        b"markdown:\n  engine: commonmark\n"
    )
    assert {k.partition("/")[2] for k in a if k.startswith("commonmark/")} == {
        k.partition("/")[2] for k in a if k.startswith("plansite/")
    }
    shared = next((tmp_path / "a/commonmark/content").rglob("*.md"))
    assert shared.stat().st_nlink == 2
    assert sum(path.startswith("plansite/content/") for path in a) == N
    assert a == b
    assert a != c


def test_serve_json_build_lines() -> None:
    line = (
        '{"event": "build", "ok": true, "seconds": 0.48, "rendered": 1, '
        '"changed": ["content/blog/x.md"], "diagnostics": 0}'
    )
    build = parse_json_line(line + "\n", 12.5)
    assert build is not None
    assert (build.ok, build.seconds, build.rendered, build.arrived) == (True, 0.48, 1, 12.5)
    failed = parse_json_line(
        '{"event": "build", "ok": false, "seconds": 0.1, "rendered": 0, "changed": [], '
        '"diagnostics": 2}',
        1.0,
    )
    assert failed is not None and not failed.ok
    for other in ('{"event": "listening"}', "[1, 2]", "serving at http://x/", "", '"build"'):
        assert parse_json_line(other, 1.0) is None


def test_serve_text_build_lines() -> None:
    """The human log of a plansite from before ``--log-format``, for ``--plansite-ref``."""
    build = parse_text_line("[10:00:00] built in 0.48 s (3 pages rendered)\n", 2.0)
    assert build is not None and (build.ok, build.seconds, build.rendered) == (True, 0.48, 3)
    failed = parse_text_line("[10:00:00] build failed; still serving the last good site", 2.0)
    assert failed is not None and not failed.ok
    assert parse_text_line("serving plan at http://127.0.0.1:8000/", 2.0) is None


def test_the_results_bench_runs_on_a_small_project(tmp_path: Path) -> None:
    from bench.results import measure, write_results_project

    root = write_results_project(tmp_path, N, 500, SEED)
    figures = measure(root, repeat=1, profile=False)
    assert figures["rows"] > 300  # most rows match an item; a tenth of GA4's pages do not
    assert all(seconds >= 0 for seconds in figures.values())


@pytest.mark.slow  # four builds of a small corpus with weekly commits, in subprocesses
def test_the_history_bench_runs_on_a_small_project(tmp_path: Path) -> None:
    import subprocess

    from bench.history import measure

    figures = measure(tmp_path, 20, 3, SEED, repeat=1)
    assert set(figures) == {
        "without history",
        "cold with trends",
        "rebuild without",
        "rebuild with trends",
    }
    assert all(seconds > 0 for seconds in figures.values())
    log = subprocess.run(
        ["git", "-C", str(tmp_path / "plansite"), "log", "--format=%cs"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert len(log) == 4  # three weekly commits and the round's new one
