"""``python -m bench.results``: what measured results add to a build.

Writes the plansite project of ``bench/corpus.py`` (N items), gives every item a ``url``
and targets, stages and channels targets, and writes a deterministic results folder of
about R rows: a long-form file of weekly rows, monthly GA4 "Pages and screens" exports and
Search Console "Pages" exports (which also list pages of no item). Then it times, best of
``--repeat``:

- **cold**: reading and matching the results folder, and analysing the results (actuals,
  attainments, heat maps, series, the four gap kinds);
- **rebuild**: the same after one GA4 file changed, with the memo ``serve`` keeps, so only
  that file is read and matched again, and only the pieces (item, metric) it held before
  or holds now are combined again; the rest of the results analysis runs in full.

The collector is off while timing, as it is during a build.

The same N, R and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path

import yaml

from bench.corpus import write_corpus
from bench.vocabulary import TODAY
from generator.analysis.combined import Pieces
from generator.analysis.result_gaps import result_gaps
from generator.analysis.results import analyse_results
from generator.build import load_project
from generator.incremental.memo import Memo
from generator.load.loaders import _read_results_file, read_project
from generator.load.results import ResultsRead, normal_url, read_results
from generator.load.results_files import _number, parse_period
from generator.model import Project

#: The months the GA4 and Search Console exports cover, newest last.
MONTHS = 4
#: What is timed: the process's CPU time (``--wall``: elapsed time). CPU time hardly moves
#: when other work shares the machine; elapsed time does.
CLOCK = time.process_time
LONG_METRICS = ("pv", "users", "cvr", "conversions", "bounce_rate")


def write_results_project(base: Path, n: int, rows: int, seed: int) -> Path:
    """The corpus with urls and targets, and its results folder; returns the project."""
    items, folders = write_corpus(base, n, seed, ("plansite",))
    root = folders["plansite"]
    rng = random.Random(seed)
    ids = [item.id for item in items]
    _add_targets(root, ids, rng)
    folder = root / "results"
    folder.mkdir()
    long_rows = rows * 3 // 5
    ga4_pages = rows // 5 // 5 // MONTHS  # five metrics a page
    sc_pages = rows // 5 // 4 // 2  # four metrics a page, two files
    _write_long(folder / "weekly.csv", ids, long_rows, rng)
    for month in range(MONTHS):
        _write_ga4(folder / f"ga4-{month + 1}.csv", ids, ga4_pages, month, rng)
    for half in range(2):
        _write_search(folder / f"search-{half + 1}.csv", ids, sc_pages, half, rng)
    return root


def _add_targets(root: Path, ids: list[str], rng: random.Random) -> None:
    kpi_line = re.compile(r"^kpi: .*$", re.MULTILINE)
    for item_id in ids:
        path = root / "content" / f"{item_id}.md"
        text = path.read_text(encoding="utf-8")
        kpi = f"kpi: {{pv: {rng.randrange(100, 3000, 100)}, cvr: {rng.choice((0.01, 0.02))}}}"
        text = kpi_line.sub(kpi, text) if kpi_line.search(text) else text
        path.write_text(
            text.replace("---\n", f"---\nurl: https://example.com/{item_id}/\n", 1),
            encoding="utf-8",
        )
    for path in sorted((root / "stages").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", "---\nkpi: {pv: 50000}\n", 1), encoding="utf-8")
    config = yaml.safe_load((root / "plansite.yaml").read_text(encoding="utf-8"))
    for channel in config["channels"].values():
        channel["kpi"] = {"pv": 100000, "conversions": 200}
    (root / "plansite.yaml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def _write_long(path: Path, ids: list[str], count: int, rng: random.Random) -> None:
    lines = ["date,item,metric,value"]
    for _ in range(count):
        end = TODAY - timedelta(days=7 * rng.randrange(26))
        start = end - timedelta(days=6)
        metric = rng.choice(LONG_METRICS)
        value = rng.randrange(1000) if metric in ("pv", "users", "conversions") else rng.random()
        item = rng.choice(ids)
        lines.append(f"{start.isoformat()}/{end.isoformat()},{item},{metric},{value:.4g}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _month(index: int, months: int) -> tuple[str, str]:
    end = TODAY.replace(day=1) - timedelta(days=1)
    for _ in range(months - 1 - index):
        end = end.replace(day=1) - timedelta(days=1)
    return end.replace(day=1).strftime("%Y%m%d"), end.strftime("%Y%m%d")


def _write_ga4(path: Path, ids: list[str], pages: int, month: int, rng: random.Random) -> None:
    start, end = _month(month, MONTHS)
    lines = [
        "# ----------------------------------------",
        "# Pages and screens: Page path and screen class",
        f"# Start date: {start}",
        f"# End date: {end}",
        "# ----------------------------------------",
        "Page path and screen class,Views,Users,Average engagement time,Bounce rate,Key events",
    ]
    for i in range(pages):
        page = f"/{rng.choice(ids)}/" if i % 10 else f"/tag/{i}/"  # a tenth is no item's
        views = rng.randrange(10, 20000)
        lines.append(
            f'{page},"{views:,}",{views // 2},{rng.randrange(200)}.{rng.randrange(100)},'
            f"{rng.randrange(100)}.{rng.randrange(10)}%,{rng.randrange(50)}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def _write_search(path: Path, ids: list[str], pages: int, half: int, rng: random.Random) -> None:
    lines = ["Top pages,Clicks,Impressions,CTR,Position,Date"]
    for i in range(pages):
        start, end = _month(half * 2 + i % 2, MONTHS)
        page = f"https://example.com/{rng.choice(ids)}/"
        clicks, impressions = rng.randrange(500), rng.randrange(500, 50000)
        lines.append(
            f"{page},{clicks},{impressions},"
            f"{clicks / impressions:.2%},{rng.uniform(1, 40):.1f},{start}/{end}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        began = CLOCK()
        run()
        times.append(CLOCK() - began)
    return min(times)


def analyse(project: Project, pieces: Pieces | None = None) -> None:
    results = analyse_results(project, pieces)
    list(result_gaps(project, results))


def measure(root: Path, repeat: int, profile: bool) -> dict[str, float]:
    """Seconds, best of ``repeat``: cold read + match, analyse, and a rebuild's read +
    match after one file changed."""
    gc.disable()  # as ``build`` does
    loaded = read_project(root)
    project = load_project(root).project
    assert project is not None, "the bench project does not load"
    read_warm = partial(read_results, root, loaded.config, loaded.metrics, loaded.items)

    def read() -> object:  # cold: as in a new process, nothing remembered
        for cached in (parse_period, _number, normal_url):
            cached.cache_clear()
        return read_warm()

    if profile:
        with cProfile.Profile() as prof:
            read()
            analyse(project)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    figures = {
        "rows": float(len(project.results)),
        "read+match": _best(repeat, read),
        "analyse": _best(repeat, lambda: analyse(project)),
    }
    memo = Memo(lasting=True)
    with_memo = partial(read_warm, read_file=partial(_read_results_file, memo.parse))
    memo.results_pieces(_with_rows(project, with_memo()))
    changed = root / "results" / "ga4-1.csv"
    reads, analyses = [], []
    for round_ in range(repeat):
        text = changed.read_text(encoding="utf-8-sig")
        changed.write_text(text.replace("# End date", f"# round {round_}\n# End date"))
        began = CLOCK()
        now = _with_rows(project, with_memo())
        read = CLOCK()
        analyse(now, memo.results_pieces(now))
        analyses.append(CLOCK() - read)
        reads.append(read - began)
    figures["rebuild read+match"] = min(reads)
    figures["rebuild analyse"] = min(analyses)
    figures["cold total"] = figures["read+match"] + figures["analyse"]
    figures["rebuild total"] = min(r + a for r, a in zip(reads, analyses, strict=True))
    gc.enable()
    return figures


def _with_rows(project: Project, read: ResultsRead) -> Project:
    """``project`` with the rows of ``read`` (as loading would give them)."""
    return replace(project, results=read.rows, results_by_file=read.by_file)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.results", description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wall", action="store_true", help="time elapsed, not CPU, time")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = time.perf_counter if args.wall else time.process_time
    with tempfile.TemporaryDirectory(prefix="plansite-results-") as base:
        root = write_results_project(Path(base), args.items, args.rows, args.seed)
        figures = measure(root, args.repeat, args.profile)
    print(
        f"{args.items} items, {int(figures.pop('rows'))} matched rows, best of {args.repeat}, "
        ""
        f"{'elapsed' if args.wall else 'CPU'} time"
    )
    for name, seconds in figures.items():
        print(f"  {name:<20} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
